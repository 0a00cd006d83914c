import TaizhangDomain

/// The refusal `body` answered with, as "kind code" (e.g. "notFound not_found"), or nil when it
/// succeeded; an error that is not a refusal is rethrown. Tests pin the answer the product
/// requires, not just "some error".
public func refusal(_ body: () async throws -> Void) async throws -> String? {
    do {
        try await body()
        return nil
    } catch let error as DomainError {
        return "\(error.kind) \(error.code)"
    }
}

/// The same for code that does not wait.
public func syncRefusal(_ body: () throws -> Void) throws -> String? {
    do {
        try body()
        return nil
    } catch let error as DomainError {
        return "\(error.kind) \(error.code)"
    }
}
