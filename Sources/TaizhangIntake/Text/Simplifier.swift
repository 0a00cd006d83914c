import TaizhangText

/// Maps traditional characters to simplified ones, scalar for scalar.
///
/// The finders run on the simplified shadow of a text and cut their results from the
/// original, so a report in traditional characters is read by the same rules and its
/// findings are quoted as written. The mapping is one-to-one, so indexes line up.
enum Simplifier {
    /// The simplified form of one scalar (itself when it has none).
    static func simplify(_ u: Unicode.Scalar) -> Unicode.Scalar { Simplified.scalar(u) }

    static func simplify(_ s: Scalars) -> Scalars { s.map(simplify) }

    static func simplify(_ s: String) -> String { Scalars(simplify(scalarArray(s))).string }
}
