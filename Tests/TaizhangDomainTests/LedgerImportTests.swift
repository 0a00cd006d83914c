import Foundation
import TaizhangDomain
import TaizhangSheet
import Testing

/// How a ledger spreadsheet is read: dates as people type them, units as people name them, the
/// header wherever it sits, and what each row would do — decided without a database.
@Suite struct LedgerImportTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18
    static let province = OrgUnit(
        id: 1, parentID: nil, name: "某省", shortName: "省", kind: .province, path: UnitPath("/1/"))
    static let cityA = OrgUnit(id: 2, parentID: 1, name: "清远市", shortName: "清远", kind: .city, path: UnitPath("/1/2/"))
    static let cityB = OrgUnit(id: 3, parentID: 1, name: "韶关市", shortName: "韶关", kind: .city, path: UnitPath("/1/3/"))
    static let civilA = OrgUnit(
        id: 4, parentID: 2, name: "民政局", shortName: "民政局", kind: .department, path: UnitPath("/1/2/4/"))
    static let civilB = OrgUnit(
        id: 5, parentID: 3, name: "民政局", shortName: "民政局", kind: .department, path: UnitPath("/1/3/5/"))
    static let units = [province, cityA, cityB, civilA, civilB]
    static let campaign = Campaign(
        id: 7, name: "2019年主题教育", code: "2019", startsOn: LocalDate("2019-06-01")!, endsOn: nil, participants: [])

    static func office(_ unit: OrgUnit = province) -> Principal {
        Principal(userID: 1, name: "办公室", grants: [Grant(role: .office, unitID: unit.id, unitPath: unit.path)])
    }

    static func problem(number: String = "2019-0001", state: ProblemState = .open, version: Int = 3) -> Problem {
        Problem(
            id: 11, campaignID: 7, number: number, title: "低保审核不严", description: "多报冒领", sourceChannel: .inspection,
            sourceRef: "巡视反馈第3条", category: "民生", leadUnitID: 4, unitPath: civilA.path, supportingUnitIDs: [],
            responsibleLeader: "张三", responsiblePerson: "李四", foundOn: LocalDate("2019-07-01")!,
            deadline: LocalDate("2019-08-31"), rectificationType: .timeBound, state: state, mergedIntoID: nil,
            stateReason: nil, submittedBy: nil, closedOn: nil, version: version, createdAt: now, updatedAt: now)
    }

    func context(
        _ mode: ImportMatchMode = .update, actor: Principal = office(), existing: [ExistingProblem] = []
    ) -> ImportContext {
        ImportContext(
            actor: actor, campaign: Self.campaign, units: UnitMatcher(units: Self.units.filter { actor.sees($0.path) }),
            existing: ExistingProblems(existing), mode: mode,
            now: Self.now)
    }

    /// A sheet: a title row, then the header in row 3, then data rows from row 4.
    func sheet(_ header: [String], _ rows: [[CellValue?]]) -> [SheetRow] {
        var out = [SheetRow(number: 1, cells: [SheetCell(column: 1, value: .text("问题整改台账"))])]
        out.append(
            SheetRow(
                number: 3, cells: header.enumerated().map { SheetCell(column: $0.offset + 1, value: .text($0.element)) }
            ))
        for (i, row) in rows.enumerated() {
            let cells = row.enumerated().compactMap { c in c.element.map { SheetCell(column: c.offset + 1, value: $0) }
            }
            out.append(SheetRow(number: 4 + i, cells: cells))
        }
        return out
    }

    func plan(_ rows: [SheetRow], _ context: ImportContext, merges: [CellRange] = []) -> ImportPlan {
        guard let header = ImportHeader.locate(rows, merges: merges) else { return ImportPlan() }
        let records = rows.filter { $0.number > header.row }.map { header.record($0, sheet: nil, date1904: false) }
        return LedgerImport.plan(records, headers: [nil: header], context: context)
    }

    static let header = ["序号", "问题编号", "问题来源", "问题描述", "整改措施", "责任单位", "整改时限", "状态", "整改进展", "版本"]

    @Test func datesAsPeopleTypeThem() {
        #expect(SheetDate.fromSerial(43708, date1904: false) == LocalDate("2019-08-31"))
        #expect(SheetDate.fromSerial(42246, date1904: true) == LocalDate("2019-08-31"))
        #expect(SheetDate.fromSerial(60, date1904: false) == nil)
        #expect(
            SheetDate.fromSerial(SheetDate.serial(LocalDate("2026-01-05")!), date1904: false) == LocalDate("2026-01-05")
        )
        let d = LocalDate("2019-08-31")!
        for text in [
            "2019-08-31", "2019/8/31", "2019.8.31", "2019年8月31日", "20190831", "２０１９年８月３１日", " 2019-8-31 ",
            "2019-08-31 00:00:00", "2019年8月底", "2019年8月",
        ] {
            #expect(SheetDate.parse(text, year: nil) == .date(d), "\(text)")
        }
        #expect(SheetDate.parse("8月底", year: 2019) == .assumedYear(d, text: "8月底"))
        #expect(SheetDate.parse("8月31日", year: 2019) == .assumedYear(d, text: "8月31日"))
        #expect(SheetDate.parse("8月底", year: nil) == .invalid)
        #expect(SheetDate.parse("长期坚持", year: 2019) == .longTerm)
        for text in ["下周", "2019-02-30", "13月", "abc", "99999999", "1/2/3/4"] {
            #expect(SheetDate.parse(text, year: 2019) == .invalid, "\(text)")
        }
    }

    @Test func cellsAndListsAsOfficesWriteThem() {
        #expect(
            LedgerText.measureLines("1. 建立台账\n2、开展排查\n（三）整改到位\n(4) 复核\n\n一、公示") == ["建立台账", "开展排查", "整改到位", "复核", "公示"])
        #expect(LedgerText.measureLines("2019年底前完成") == ["2019年底前完成"])
        #expect(LedgerText.measures(["a", "b"]) == "1. a\n2. b")
        #expect(LedgerText.measureLines(LedgerText.measures(["建立台账", "1. 原本带号"])) == ["建立台账", "1. 原本带号"])
        #expect(LedgerText.names("清远市民政局、韶关市民政局，省") == ["清远市民政局", "韶关市民政局", "省"])
        #expect(LedgerText.source("巡视反馈") == .inspection)
        #expect(LedgerText.source("信访") == .petition)
        #expect(LedgerText.source("其他") == nil)
        #expect(LedgerText.type("限期整改") == .timeBound)
        #expect(LedgerText.text(.number(12345), date1904: false) == "12345")
        #expect(LedgerText.text(.number(1.5), date1904: false) == "1.5")
        #expect(LedgerText.text(.text("\u{3000}低保 "), date1904: false) == "低保")
        let long = String(repeating: "长", count: 200) + "。后文"
        #expect(LedgerText.split(long).title.count == 120)
        #expect(LedgerText.split("标题\n描述\n第二段") == ("标题", "描述\n第二段"))
    }

    /// Cells typed on Windows break lines with CRLF, and some with U+2028: every line break ends a
    /// measure and the title, and none is left at the end of one.
    @Test func everyKindOfLineBreakEndsALine() {
        #expect(LedgerText.measureLines("1. 建立台账\r\n2. 开展排查\u{2028}3. 公示\r") == ["建立台账", "开展排查", "公示"])
        #expect(LedgerText.split("标题\r\n描述") == ("标题", "描述"))
        // Characters are counted as people count them: a flag of two scalars is one character.
        let flags = String(repeating: "🇨🇳", count: 120)
        #expect(LedgerText.split(flags).title == flags)
        #expect(!Limits.exceeds(flags, 120))
        #expect(Limits.exceeds(flags + "a", 120))
        #expect(Limits.exceeds(String(repeating: "长", count: 121), 120))
    }

    /// The quick White_Space switch agrees with Unicode's property on every scalar there is.
    @Test func whiteSpaceIsUnicodesWhiteSpace() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if WhiteSpace.contains(scalar) != scalar.properties.isWhitespace { disagreements.append(value) }
        }
        #expect(disagreements.isEmpty)
        #expect(WhiteSpace.isBlank(" \u{3000}\n\t"))
        #expect(!WhiteSpace.isBlank(" 低保 "))
    }

    @Test func unitsAsPeopleNameThem() {
        let m = UnitMatcher(units: Self.units)
        #expect(m.match("清远市") == .unit(Self.cityA))
        #expect(m.match("清远市民政局") == .unit(Self.civilA))
        #expect(m.match(" 清远 民政局 ") == .unit(Self.civilA))
        guard case .ambiguous(let names) = m.match("民政局") else {
            Issue.record("民政局 should be ambiguous")
            return
        }
        #expect(names.count == 2)
        guard case .unknown(let suggestions) = m.match("清远民政") else {
            Issue.record("清远民政 should be unknown")
            return
        }
        #expect(suggestions.first == "清远市民政局")
    }

    @Test func headerFoundBelowTitleAndInMergedCells() {
        let rows = sheet(Self.header, [])
        #expect(ImportHeader.locate(rows, merges: [])?.row == 3)
        // 责任单位 merged across F3:G3 with nothing in G3: both columns count as 责任单位, the first wins.
        var merged = rows
        merged[1].cells = [
            SheetCell(column: 1, value: .text("问题描述（必填）")), SheetCell(column: 3, value: .text("*责任\n单位")),
        ]
        let header = ImportHeader.locate(
            merged, merges: [CellRange(firstRow: 3, firstColumn: 1, lastRow: 3, lastColumn: 2)])
        #expect(header?.columns[.description] == 1)
        #expect(header?.columns[.leadUnit] == 3)
        #expect(
            ImportHeader.locate([SheetRow(number: 1, cells: [SheetCell(column: 1, value: .text("随便"))])], merges: [])
                == nil)
    }

    @Test func aHeaderOfTwoRowsNamesEveryColumn() {
        // Row 2: 存在问题 | 责任单位 merged down over rows 2–3, 整改落实情况 across C2:D2; row 3: 整改措施 | 整改进展.
        let rows = [
            SheetRow(number: 1, cells: [SheetCell(column: 1, value: .text("整改台账"))]),
            SheetRow(
                number: 2,
                cells: [
                    SheetCell(column: 1, value: .text("存在问题")), SheetCell(column: 2, value: .text("责任单位")),
                    SheetCell(column: 3, value: .text("整改落实情况")),
                ]),
            SheetRow(
                number: 3,
                cells: [SheetCell(column: 3, value: .text("整改措施")), SheetCell(column: 4, value: .text("整改进展"))]),
        ]
        let merges = [
            CellRange(firstRow: 2, firstColumn: 1, lastRow: 3, lastColumn: 1),
            CellRange(firstRow: 2, firstColumn: 2, lastRow: 3, lastColumn: 2),
            CellRange(firstRow: 2, firstColumn: 3, lastRow: 2, lastColumn: 4),
        ]
        let header = ImportHeader.locate(rows, merges: merges)
        #expect(header?.row == 3)
        #expect(header?.columns == [.description: 1, .leadUnit: 2, .measures: 3, .progress: 4])
    }

    @Test func newRowsBecomeDraftsWithTheirMeasuresAndNote() {
        let rows = sheet(
            Self.header,
            [
                [
                    .number(1), nil, .text("巡视"), .text("低保审核不严\n存在多报冒领"), .text("1. 排查\n2. 追回"), .text("清远市民政局"),
                    .date(43708), nil, .text("已排查一遍"),
                ],
                [.number(2), nil, .text("信访"), .text("殡葬乱收费"), nil, .text("韶关市"), .text("8月底")],
                [nil, nil, nil, nil, nil, nil, nil],
            ])
        let p = plan(rows, context())
        #expect(p.issues == [])
        #expect(p.creates == 2)
        guard case .create(let draft, let measures, let note) = p.rows[0].outcome else {
            Issue.record("row 4 should create")
            return
        }
        #expect(draft.title == "低保审核不严")
        #expect(draft.description == "存在多报冒领")
        #expect(draft.leadUnitID == 4)
        #expect(draft.deadline == LocalDate("2019-08-31"))
        #expect(draft.rectificationType == .timeBound)
        #expect(measures == ["排查", "追回"])
        #expect(note == "已排查一遍")
        #expect(p.rows[1].remarks.first?.contains("2019年8月31日") == true)
        // The preview lists what each new problem will hold: units as the row names them, dates
        // as they were read (8月底 in a campaign of 2019), the source and type in their words.
        let shown = p.rows.map { row in Dictionary(uniqueKeysWithValues: row.changes.map { ($0.column, $0.new) }) }
        #expect(p.rows.allSatisfy { $0.changes.allSatisfy { $0.old.isEmpty } })
        #expect(shown[0]["问题描述"] == "低保审核不严\n存在多报冒领")
        #expect(shown[0]["整改措施"] == "1. 排查\n2. 追回")
        #expect(shown[0]["责任单位"] == "清远市民政局")
        #expect(shown[0]["整改进展"] == "已排查一遍")
        #expect(shown[1]["问题来源"] == "信访")
        #expect(shown[1]["责任单位"] == "韶关市")
        #expect(shown[1]["整改时限"] == "2019-08-31")
        #expect(shown[1]["整改类型"] == "限期整改")
        #expect(shown[1]["整改措施"] == nil && shown[1]["整改进展"] == nil && shown[1]["配合单位"] == nil)
    }

    @Test func everyWrongCellIsNamedByRowAndColumnAndNothingIsPlannedToWrite() {
        let rows = sheet(
            Self.header,
            [
                [nil, nil, .text("巡视"), .text("标题"), nil, .text("清远民政"), .text("下周")],
                [nil, nil, .text("路边"), .text("标题"), nil, .text("民政局"), .text("2019-09-30")],
                [nil, .text("2019-0999"), nil, .text("标题")],
                [nil, nil, .text("巡视"), .text("标题"), nil, .text("清远市"), .text("2019-09-30"), .text("已销号")],
            ])
        let p = plan(rows, context())
        #expect(!p.canApply)
        let places = p.issues.map { "\($0.row ?? 0)\($0.column ?? "-") \($0.code)" }
        #expect(places.contains("4F unknown_unit"))
        #expect(places.contains("4G not_a_date"))
        #expect(places.contains("5C unknown_source"))
        #expect(places.contains("5F ambiguous_unit"))
        #expect(places.contains("6B unknown_number"))
        #expect(places.contains("7H state_from_sheet"))
        #expect(p.issues.first { $0.code == "unknown_unit" }?.zh.contains("清远市民政局") == true)
        #expect(p.issues.first { $0.code == "not_a_date" }?.placeZh == "第 4 行 G 列（整改时限）")
    }

    /// A long file is checked on every core, a block at a time: the plan is the file's rows in
    /// order, a number seen before is named with the row it was first seen in wherever the two
    /// fall, and every row's issues come in the order of the rows.
    @Test func aLongFileIsPlannedInTheOrderOfItsRows() {
        var data: [[CellValue?]] = []
        for i in 0..<9_001 {
            let unit = i % 997 == 0 ? "某某局" : "清远市民政局"
            data.append([
                .number(Double(i)), nil, .text("巡视"), .text("第\(i)个问题"), nil, .text(unit), .text("2019-09-30"),
            ])
        }
        // One number twice, far apart (row 5 and row 8,004): the second is the duplicate.
        data[1][1] = .text("2019-0001")
        data[8_000][1] = .text("2019-0001")
        let p = plan(
            sheet(Self.header, data),
            context(existing: [ExistingProblem(problem: Self.problem(), measures: [], latestNote: nil)]))
        let unknown = p.issues.filter { $0.code == "unknown_unit" }.map { $0.row ?? 0 }
        #expect(unknown == stride(from: 0, to: 9_001, by: 997).map { 4 + $0 })
        #expect(p.issues.map { $0.row ?? 0 } == p.issues.map { $0.row ?? 0 }.sorted())
        let duplicate = p.issues.filter { $0.code == "duplicate_number" }
        #expect(duplicate.map(\.row) == [8_004])
        #expect(duplicate.first?.zh.contains("第 5 行") == true)
        #expect(p.creates == 9_001 - unknown.count - 2)
    }

    @Test func aMissingRequiredColumnIsSaidOnce() {
        let rows = sheet(["问题描述", "整改时限"], [[.text("甲")], [.text("乙")]])
        let p = plan(rows, context())
        #expect(p.issues.filter { $0.code == "missing_column" }.map(\.header) == ["责任单位", "问题来源"])
    }

    @Test func unitsOutsideTheImportersScopeAreUnknown() {
        let cityOffice = Self.office(Self.cityA)
        let rows = sheet(
            Self.header, [[nil, nil, .text("巡视"), .text("标题"), nil, .text("韶关市民政局"), .text("2019-09-30")]])
        let p = plan(rows, context(actor: cityOffice))
        #expect(p.issues.map(\.code) == ["unknown_unit"])
    }

    @Test func existingRowsFollowTheChosenMode() {
        let existing = ExistingProblem(problem: Self.problem(), measures: ["排查"], latestNote: "已排查")
        let same: [CellValue?] = [
            nil, .text("2019-0001"), .text("巡视巡察"), .text("低保审核不严\n多报冒领"), .text("排查"), .text("清远市民政局"), .date(43708),
            .text("整改中"), .text("已排查"), .number(3),
        ]
        var changed = same
        changed[4] = .text("1. 排查\n2. 追回资金")
        changed[8] = .text("已追回 3 万元")
        let rows = sheet(Self.header, [same, changed.map { $0 }])
        // Two rows naming the same problem are refused as duplicates; one at a time here.
        let unchanged = plan(Array(rows.prefix(3)), context(existing: [existing]))
        #expect(unchanged.issues == [] && unchanged.unchanged == 1)
        let update = plan(
            Array(rows.prefix(2)) + [SheetRow(number: 4, cells: rows[3].cells)], context(existing: [existing]))
        #expect(update.issues == [])
        guard case .update(_, _, let version, let patch, let measures, let note) = update.rows.first?.outcome else {
            Issue.record("should update")
            return
        }
        #expect(version == 3 && patch.isEmpty && measures == ["追回资金"] && note == "已追回 3 万元")
        let stop = plan(Array(rows.prefix(3)), context(.stop, existing: [existing]))
        #expect(stop.issues.map(\.code) == ["exists"])
        let skip = plan(Array(rows.prefix(3)), context(.skip, existing: [existing]))
        #expect(skip.skipped == 1 && skip.issues == [])
    }

    @Test func aRowExportedBeforeSomeoneElseChangedItIsAConflictNeverWritten() {
        let now = ExistingProblem(problem: Self.problem(version: 5), measures: [], latestNote: nil)
        let rows = sheet(
            Self.header, [[nil, .text("2019-0001"), nil, .text("低保审核不严\n改过的描述"), nil, nil, nil, nil, nil, .number(3)]])
        let p = plan(rows, context(existing: [now]))
        #expect(p.issues == [])
        #expect(p.rows.first?.outcome == .conflict(id: 11, number: "2019-0001", exportedVersion: 3, currentVersion: 5))
        #expect(p.rows.first?.changes.first?.old == "低保审核不严\n多报冒领")
    }

    @Test func aSpreadsheetCannotCloseMoveADeadlineOrEditAClosedProblem() {
        let open = ExistingProblem(problem: Self.problem(), measures: [], latestNote: nil)
        let rows = sheet(
            Self.header,
            [[nil, .text("2019-0001"), nil, nil, nil, nil, .text("2019-12-31"), .text("已销号"), nil, .number(3)]])
        #expect(
            plan(rows, context(existing: [open])).issues.map(\.code).sorted() == [
                "deadline_via_request", "state_from_sheet",
            ])
        let closed = ExistingProblem(problem: Self.problem(state: .closed), measures: [], latestNote: nil)
        let edit = sheet(
            Self.header, [[nil, .text("2019-0001"), nil, .text("新标题"), nil, nil, nil, .text("已销号"), nil, .number(3)]])
        #expect(plan(edit, context(existing: [closed])).issues.map(\.code) == ["problem_finished"])
    }
}
