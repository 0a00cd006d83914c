import Foundation
import TaizhangDomain

/// The language of the pages: Chinese first, English when the person chose it (a cookie, so the
/// choice is remembered across sign-ins on that browser).
enum Lang: String, Sendable, CaseIterable {
    case zh
    case en

    static let cookie = "tz_lang"

    /// `zh` or `en` in the `lang` attribute of `<html>`.
    var htmlLang: String { self == .zh ? "zh-CN" : "en" }

    /// The text in this language: every label is written in both, next to each other.
    func t(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }

    /// 2019年7月28日, or 28 Jul 2019.
    func date(_ date: LocalDate?) -> String {
        guard let date else { return "—" }
        if self == .zh { return date.chinese }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// An instant in Asia/Shanghai, to the minute: 2019年7月28日 14:05.
    func dateTime(_ instant: Date) -> String {
        let day = LocalDate(instant)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .shanghai
        let parts = calendar.dateComponents([.hour, .minute], from: instant)
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        return date(day) + " " + time
    }

    /// A count with its unit: 12 个 / 12 items.
    func count(_ n: Int, zh unitZH: String, en unitEN: String) -> String {
        self == .zh ? "\(n) \(unitZH)" : "\(n) \(unitEN)"
    }

    /// A size in bytes as a person reads it.
    func bytes(_ n: Int64) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1024 * 1024 { return String(format: "%.1f KB", Double(n) / 1024) }
        return String(format: "%.1f MB", Double(n) / 1024 / 1024)
    }

    /// A share as a percentage with one decimal.
    func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        return String(format: "%.1f%%", Double(part) * 100 / Double(whole))
    }

    func state(_ s: ProblemState) -> String {
        guard self == .en else { return s.chinese }
        switch s {
        case .draft: return "To claim"
        case .open: return "In progress"
        case .submitted: return "Closure requested"
        case .closed: return "Closed"
        case .ongoing: return "Ongoing"
        case .merged: return "Merged"
        case .dismissed: return "Dismissed"
        }
    }

    func source(_ s: SourceChannel) -> String {
        guard self == .en else { return s.chinese }
        switch s {
        case .inspection: return "Inspection"
        case .petition: return "Petition"
        case .audit: return "Audit"
        case .supervision: return "Supervision"
        case .research: return "Research"
        case .undercover: return "Unannounced visit"
        case .opinion: return "Consultation"
        case .selfReview: return "Self-review"
        case .report: return "Report"
        }
    }

    func type(_ r: RectificationType) -> String {
        guard self == .en else { return r.chinese }
        switch r {
        case .immediate: return "Immediate"
        case .timeBound: return "Time-bound"
        case .ongoing: return "Long-term"
        }
    }

    func action(_ a: ProblemAction) -> String {
        guard self == .en else { return a.chinese }
        switch a {
        case .claim: return "Claim"
        case .requestClosure: return "Request closure"
        case .verify: return "Verify and close"
        case .returnToUnit: return "Return"
        case .reopen: return "Reopen (review)"
        case .markOngoing: return "Approve as ongoing"
        case .merge: return "Merge"
        case .dismiss: return "Dismiss"
        }
    }

    func role(_ r: Role) -> String {
        guard self == .en else { return r.chinese }
        switch r {
        case .office: return "Campaign office"
        case .liaison: return "Liaison"
        case .unitLeader: return "Unit leader"
        case .supervision: return "Supervision team"
        case .leader: return "Leader"
        case .admin: return "Administrator"
        }
    }

    /// The message of an error in this language.
    func message(_ error: DomainError) -> String { self == .zh ? error.zh : error.en }
}
