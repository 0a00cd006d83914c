import Foundation
import TaizhangApp
import TaizhangDomain

/// An import's plan or result in words (for a person) or JSON (for a script or a test).
enum ImportReport {
    static func text(_ p: ImportPreview, dryRun: Bool) -> String {
        let plan = p.plan
        var lines = ["\(p.fileName) → \(p.campaign.name)"]
        lines += p.remarks
        lines.append(
            "新增 \(plan.creates)，更新 \(plan.updates)，无变化 \(plan.unchanged)，跳过 \(plan.skipped)，冲突 \(plan.conflicts)，错误 \(plan.issues.count)"
        )
        for issue in plan.issues.prefix(200) { lines.append("  ✗ \(issue.placeZh)：\(issue.zh)") }
        if plan.issues.count > 200 { lines.append("  … 另有 \(plan.issues.count - 200) 处错误") }
        for row in plan.rows where !row.remarks.isEmpty || isConflict(row) {
            for remark in row.remarks { lines.append("  · 第 \(row.row) 行：\(remark)") }
            if isConflict(row) {
                lines.append("  ⚠ 第 \(row.row) 行：导出后该问题已被他人修改，本行不导入")
                for c in row.changes { lines.append("      \(c.column)：系统中为“\(c.old)”，表中为“\(c.new)”") }
            }
        }
        if let r = p.result {
            lines.append(
                "已导入：新增 \(r.createdNumbers.count) 个问题，更新 \(r.updated) 个，新增措施 \(r.measuresAdded) 条、进展 \(r.notesAdded) 条")
        } else if plan.canApply {
            lines.append(dryRun ? "（试运行，未写入）" : "")
        } else {
            lines.append("有错误，未导入任何内容。")
        }
        return lines.joined(separator: "\n")
    }

    static func isConflict(_ row: RowPlan) -> Bool {
        if case .conflict = row.outcome { return true }
        return false
    }

    static func json(_ p: ImportPreview) -> String {
        let rows: [[String: Any]] = p.plan.rows.map { row in
            var o: [String: Any] = ["row": row.row, "remarks": row.remarks]
            if let sheet = row.sheet { o["sheet"] = sheet }
            switch row.outcome {
            case .create(let d, let measures, let note):
                o["outcome"] = "create"
                o["title"] = d.title
                o["measures"] = measures
                o["note"] = note ?? NSNull()
                o["deadline"] = d.deadline?.description ?? NSNull()
                o["foundOn"] = d.foundOn.description
            case .update(_, let number, _, _, let measures, let note):
                o["outcome"] = "update"
                o["number"] = number
                o["measures"] = measures
                o["note"] = note ?? NSNull()
            case .unchanged(_, let number):
                o["outcome"] = "unchanged"
                o["number"] = number
            case .skipped(_, let number):
                o["outcome"] = "skipped"
                o["number"] = number
            case .conflict(_, let number, let exported, let current):
                o["outcome"] = "conflict"
                o["number"] = number
                o["exportedVersion"] = exported
                o["currentVersion"] = current
            }
            o["changes"] = row.changes.map { ["column": $0.column, "old": $0.old, "new": $0.new] }
            return o
        }
        var object: [String: Any] = [
            "file": p.fileName, "sha256": p.sha256, "campaignId": p.campaign.id, "mode": p.mode.rawValue,
            "creates": p.plan.creates, "updates": p.plan.updates, "unchanged": p.plan.unchanged,
            "skipped": p.plan.skipped, "conflicts": p.plan.conflicts, "remarks": p.remarks, "rows": rows,
            "issues": p.plan.issues.map(issue),
        ]
        if let r = p.result {
            object["result"] = [
                "created": r.createdNumbers, "updated": r.updated, "measuresAdded": r.measuresAdded,
                "notesAdded": r.notesAdded,
            ]
        }
        return encode(object)
    }

    static func json(error: DomainError) -> String {
        encode(["error": ["code": error.code, "kind": error.kind.rawValue, "zh": error.zh, "en": error.en]])
    }

    static func issue(_ i: ImportIssue) -> [String: Any] {
        [
            "sheet": i.sheet ?? NSNull(), "row": i.row ?? NSNull(), "column": i.column ?? NSNull(),
            "header": i.header ?? NSNull(), "code": i.code, "zh": i.zh, "en": i.en,
        ]
    }

    static func encode(_ object: [String: Any]) -> String {
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
