import Foundation
import TaizhangDomain
import TaizhangStorage

/// What a form shown again carries: what the person typed and the error the use case gave, which
/// names its field (the same error the API gives), so the message sits beside that field.
struct FormState: Sendable {
    /// Which form on the page was posted (a problem page has several).
    var form: String = ""
    var values: [String: String] = [:]
    var error: DomainError?

    static let blank = FormState()

    func value(_ name: String, in form: String, default fallback: String? = nil) -> String? {
        self.form == form ? (values[name] ?? fallback) : fallback
    }

    func message(_ field: String, in form: String, _ lang: Lang) -> String? {
        guard self.form == form, let error, error.field == field else { return nil }
        return lang.message(error)
    }

    /// The error of this form when no field of the form shows it.
    func general(in form: String, fields: [String], _ lang: Lang) -> String? {
        guard self.form == form, let error else { return nil }
        if let field = error.field, fields.contains(field) { return nil }
        return lang.message(error)
    }
}

/// Small pieces of markup the views share.
enum UI {
    /// A labelled input with its error (if any) beside it, tied together for screen readers.
    static func input(
        label: String, name: String, id: String? = nil, value: String?, error: String?, type: String = "text",
        required: Bool = false, hint: String? = nil, autocomplete: String? = nil, extra: HTML = .empty
    ) -> HTML {
        let id = id ?? "f-" + name
        let described = describedBy(id: id, error: error, hint: hint)
        let req: HTML = required ? " required aria-required=\"true\"" : ""
        let invalid: HTML = error != nil ? " aria-invalid=\"true\"" : ""
        let auto: HTML = autocomplete.map { " autocomplete=\"\($0)\"" } ?? ""
        return """
            <div class="field\(error != nil ? " has-error" : "")">
            <label for="\(id)">\(label)\(required ? HTML(" <span class=\"req\" aria-hidden=\"true\">*</span>") : "")</label>
            <input id="\(id)" name="\(name)" type="\(type)" value="\(value ?? "")"\(req)\(invalid)\(described)\(auto)\(extra)>
            \(notes(id: id, error: error, hint: hint))
            </div>
            """
    }

    static func textarea(
        label: String, name: String, id: String? = nil, value: String?, error: String?, required: Bool = false,
        rows: Int = 3, hint: String? = nil
    ) -> HTML {
        let id = id ?? "f-" + name
        let req: HTML = required ? " required aria-required=\"true\"" : ""
        let invalid: HTML = error != nil ? " aria-invalid=\"true\"" : ""
        return """
            <div class="field\(error != nil ? " has-error" : "")">
            <label for="\(id)">\(label)\(required ? HTML(" <span class=\"req\" aria-hidden=\"true\">*</span>") : "")</label>
            <textarea id="\(id)" name="\(name)" rows="\(rows)"\(req)\(invalid)\(describedBy(id: id, error: error, hint: hint))>\(value ?? "")</textarea>
            \(notes(id: id, error: error, hint: hint))
            </div>
            """
    }

    static func select(
        label: String, name: String, id: String? = nil, options: [(value: String, label: String)], selected: String?,
        error: String?, required: Bool = false, blank: String? = nil
    ) -> HTML {
        let id = id ?? "f-" + name
        var items: [HTML] = []
        if let blank { items.append("<option value=\"\">\(blank)</option>") }
        for option in options {
            let sel: HTML = option.value == selected ? " selected" : ""
            items.append("<option value=\"\(option.value)\"\(sel)>\(option.label)</option>")
        }
        let invalid: HTML = error != nil ? " aria-invalid=\"true\"" : ""
        return """
            <div class="field\(error != nil ? " has-error" : "")">
            <label for="\(id)">\(label)</label>
            <select id="\(id)" name="\(name)"\(invalid)\(describedBy(id: id, error: error, hint: nil))>\(items)</select>
            \(notes(id: id, error: error, hint: nil))
            </div>
            """
    }

    static func describedBy(id: String, error: String?, hint: String?) -> HTML {
        var ids: [String] = []
        if hint != nil { ids.append(id + "-hint") }
        if error != nil { ids.append(id + "-error") }
        return ids.isEmpty ? .empty : " aria-describedby=\"\(ids.joined(separator: " "))\""
    }

    static func notes(id: String, error: String?, hint: String?) -> HTML {
        var out: [HTML] = []
        if let hint { out.append("<p class=\"hint\" id=\"\(id)-hint\">\(hint)</p>") }
        if let error { out.append("<p class=\"error\" id=\"\(id)-error\">\(error)</p>") }
        return HTML.join(out)
    }

    /// An error that belongs to no single field, announced when the page loads.
    static func alert(_ message: String?) -> HTML {
        guard let message else { return .empty }
        return "<div class=\"alert\" role=\"alert\">\(message)</div>"
    }

    static func notice(_ message: String?) -> HTML {
        guard let message else { return .empty }
        return "<div class=\"notice\" role=\"status\">\(message)</div>"
    }

    static func state(_ state: ProblemState, _ lang: Lang) -> HTML {
        "<span class=\"state state-\(state.rawValue)\">\(lang.state(state))</span>"
    }

    static func submit(_ label: String, kind: String = "primary", name: String? = nil, value: String? = nil) -> HTML {
        let nv: HTML = name.map { n -> HTML in " name=\"\(n)\" value=\"\(value ?? "")\"" } ?? ""
        return "<button type=\"submit\" class=\"btn \(kind)\"\(nv)>\(label)</button>"
    }

    /// A number that links to the list it counts.
    static func countLink(_ n: Int, _ route: PageRoute, label: String) -> HTML {
        "<a class=\"count\" href=\"\(route)\" aria-label=\"\(label)：\(n)\">\(n)</a>"
    }
}
