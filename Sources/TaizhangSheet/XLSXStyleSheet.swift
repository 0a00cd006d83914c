/// xl/styles.xml: the fonts, fills, borders and cell formats behind `CellStyle`.
///
/// The default font is 宋体 (SimSun) 11 pt, GB2312 charset: every Chinese Windows has it, WPS
/// ships it (also on the Kylin and UOS desktops government offices use), and it is the face
/// ledgers are traditionally printed in. 等线 (DengXian), Excel 2016's default, is missing on
/// older Windows and on WPS for Linux, where the substitute changes the width of a "character"
/// and so every column's width. Excel's row height for 宋体 11 pt is 13.5 pt.
enum XLSXStyleSheet {
    /// The cell format (index into cellXfs) of each style; 0 is the default format.
    static func index(_ style: CellStyle) -> Int {
        switch style {
        case .title: return 1
        case .subtitle: return 2
        case .header: return 3
        case .text: return 4
        case .wrapped: return 5
        case .date: return 6
        case .integer: return 7
        case .hiddenVersion: return 8
        }
    }

    /// Formats in cellXfs, default included (tests count them).
    static let formatCount = 9

    static let defaultRowHeight = "13.5"

    static let xml: String = {
        let font = "<name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/>"
        let thin =
            "<left style=\"thin\"><color indexed=\"64\"/></left><right style=\"thin\"><color indexed=\"64\"/></right>"
            + "<top style=\"thin\"><color indexed=\"64\"/></top><bottom style=\"thin\"><color indexed=\"64\"/></bottom><diagonal/>"
        // Each format says which of its parts apply: LibreOffice ignores a part not marked so.
        let bordered = "fillId=\"0\" borderId=\"1\" xfId=\"0\" applyBorder=\"1\" applyAlignment=\"1\""
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>\
            <fonts count="4">\
            <font><sz val="11"/>\(font)</font>\
            <font><b/><sz val="14"/>\(font)</font>\
            <font><sz val="10"/><color rgb="FF808080"/>\(font)</font>\
            <font><b/><sz val="11"/>\(font)</font>\
            </fonts>\
            <fills count="3">\
            <fill><patternFill patternType="none"/></fill>\
            <fill><patternFill patternType="gray125"/></fill>\
            <fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>\
            </fills>\
            <borders count="2">\
            <border><left/><right/><top/><bottom/><diagonal/></border>\
            <border>\(thin)</border>\
            </borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="\(formatCount)">\
            <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
            <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">\
            <alignment horizontal="center" vertical="center"/></xf>\
            <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">\
            <alignment vertical="center"/></xf>\
            <xf numFmtId="0" fontId="3" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" \
            applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
            <xf numFmtId="0" fontId="0" \(bordered)><alignment vertical="top"/></xf>\
            <xf numFmtId="0" fontId="0" \(bordered)><alignment vertical="top" wrapText="1"/></xf>\
            <xf numFmtId="164" fontId="0" \(bordered) applyNumberFormat="1"><alignment horizontal="left" vertical="top"/></xf>\
            <xf numFmtId="1" fontId="0" \(bordered) applyNumberFormat="1"><alignment vertical="top"/></xf>\
            <xf numFmtId="49" fontId="2" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>\
            </cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            <dxfs count="0"/>\
            <tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>\
            </styleSheet>
            """
    }()
}
