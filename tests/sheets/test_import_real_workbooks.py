"""Importing ledgers that this code did not write: workbooks made by openpyxl, the same re-saved by
LibreOffice (headless), a hand-made package with inline strings, and a UTF-8 CSV.

Each holds the same four problems the way offices type them: a title and a note above the header,
merged header cells, columns in their own order under their own names plus columns the ledger does
not know, a formula in 来源说明, dates as date cells, as text (2027年6月30日, 全角 ２０２３－０５－１１,
2023/5/12, “5月底”) and as bare serial numbers (1900 and 1904 systems), 全角 spaces around unit names,
a blank row and a total row, and a second sheet of notes.

`taizhang import --dry-run --json` must show each row's outcome, title, deadline and found date
exactly; the real import must then give those problems through the API, field by field.
"""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

import sheet_kit
from sheet_kit import (
    formula_string_cell, inline_cell, measures_of, newest_note, number_cell, worksheet_xml, write_package,
)

D = datetime.date
DEADLINE = D(2027, 6, 30)
FORMULA = '="巡视反馈第"&3&"条"'
FORMULA_VALUE = "巡视反馈第3条"

# The header as an office lays it out (row 3; A, B and C:D merged down over row 4, C:D across too).
HEADER = ["序号", "牵头单位", "存在问题", None, "问题来源", "来源说明（出处）", "整改措施", "完成时限", "发现时间",
          "整改进展", "联系电话", "具体责任人", "备注"]
COL = {name: i for i, name in enumerate(HEADER, start=1) if name}
# Sheet rows of the four problems (row 7 is blank but for a 全角 space; row 10 a total line).
ROWS = {"a": 5, "b": 6, "c": 8, "d": 9}


@pytest.fixture(scope="module")
def scope(site):
    """Units to name, found through the API: the liaison's own unit (a county), a sibling county
    under the same city (written as city + county), and another city."""
    units = site.units()
    by_id = {u["id"]: u for u in units}
    liaison = site.client("liaison").json(sheet_kit.API + "/me")
    own = by_id[liaison["grants"][0]["unitId"]]
    assert own["parent"], f"the liaison's unit {own['name']} has no parent in the office's scope"
    sibling = next(u for u in units if u["parent"] and u["parent"]["id"] == own["parent"]["id"] and u["id"] != own["id"])
    other_city = next(u for u in units if u["parent"] and u["parent"]["id"] == own["parent"]["parent"]["id"]
                      and u["id"] != own["parent"]["id"])
    campaigns = site.client().json(sheet_kit.API + "/campaigns")["items"]
    newest = max(campaigns, key=lambda c: c["startsOn"])
    return {"a": own, "b": sibling, "c": other_city, "d": own, "campaign": newest}


def specs(scope, tag: str) -> dict[str, dict]:
    """What each row holds (as typed) and what it must become."""
    year = int(scope["campaign"]["startsOn"][:4])
    b = scope["b"]
    return {
        "a": dict(
            unit=scope["a"]["name"], unit_id=scope["a"]["id"],
            text=f"学校食堂卫生不达标（{tag}）\n后厨未落实生熟分区管理", title=f"学校食堂卫生不达标（{tag}）",
            description="后厨未落实生熟分区管理", source="巡视巡察", channel="inspection",
            measures_text="1. 制定食堂整改方案\n2. 开展食品安全专项检查", measures=["制定食堂整改方案", "开展食品安全专项检查"],
            progress="已完成整改方案制定", note="已完成整改方案制定", person="王强",
            deadline=("date", DEADLINE), found=("date", D(2023, 5, 10)), expect_deadline=DEADLINE,
            expect_found=D(2023, 5, 10), phone="0351-1234567",
        ),
        "b": dict(
            # 全角 spaces around and inside: 　太原市　左云县　
            unit=f"\u3000{b['parent']['name']}\u3000{b['name']}\u3000", unit_id=b["id"],
            text=f"\u3000道路破损未修复（{tag}）\u3000", title=f"道路破损未修复（{tag}）", description="",
            source="信访", channel="petition", source_ref="12345热线转办",
            measures_text="（一）修复破损路面", measures=["修复破损路面"], progress=None, note=None, person="李华",
            deadline=("text", "2027年6月30日"), found=("text", "２０２３－０５－１１"),
            expect_deadline=DEADLINE, expect_found=D(2023, 5, 11),
        ),
        "c": dict(
            unit=f"\u3000{scope['c']['name']} ", unit_id=scope["c"]["id"],
            text=f"全角数字１２３及空格（{tag}）\n涉及１２户群众", title=f"全角数字１２３及空格（{tag}）",
            description="涉及１２户群众", source="审计", channel="audit",
            measures_text="落实专人负责\n建立长效机制", measures=["落实专人负责", "建立长效机制"],
            progress="\u3000", note=None, person="",
            deadline=("serial", DEADLINE), found=("text", "2023/5/12"), expect_deadline=DEADLINE,
            expect_found=D(2023, 5, 12),
        ),
        "d": dict(
            unit=scope["d"]["name"], unit_id=scope["d"]["id"],
            text=f"整改台账更新不及时（{tag}）", title=f"整改台账更新不及时（{tag}）", description="",
            source="自查检视", channel="self_review", measures_text=None, measures=[], progress=None, note=None,
            person="", deadline=("text", "２０２７年６月３０日"), found=("text", "5月底"),
            expect_deadline=DEADLINE, expect_found=D(year, 5, 31), remark="5月底",
        ),
    }


def cell_value(kind_value, epoch1904: bool):
    kind, value = kind_value
    if kind == "serial":
        return sheet_kit.excel_serial(value, epoch1904)
    return value


def openpyxl_book(path: Path, rows: dict, tag: str, epoch1904: bool) -> Path:
    wb = openpyxl.Workbook()
    if epoch1904:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "整改台账"
    last = openpyxl.utils.get_column_letter(len(HEADER))
    ws["A1"] = f"2023年巡察反馈问题整改台账（{tag}）"
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = "填报单位：（盖章）\u3000\u3000填报日期：2023年6月1日"
    ws.merge_cells(f"A2:{last}2")
    for c, name in enumerate(HEADER, start=1):
        if name:
            ws.cell(3, c, name).font = openpyxl.styles.Font(bold=True)
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:D4")
    for i, (key, r) in enumerate(rows.items(), start=1):
        row = ROWS[key]
        ws.cell(row, COL["序号"], i)
        ws.cell(row, COL["牵头单位"], r["unit"])
        ws.cell(row, COL["存在问题"], r["text"])
        ws.cell(row, COL["问题来源"], r["source"])
        if key == "a":
            ws.cell(row, COL["来源说明（出处）"], FORMULA)
        elif r.get("source_ref"):
            ws.cell(row, COL["来源说明（出处）"], r["source_ref"])
        if r["measures_text"]:
            ws.cell(row, COL["整改措施"], r["measures_text"])
        for col, field in (("完成时限", "deadline"), ("发现时间", "found")):
            cell = ws.cell(row, COL[col], cell_value(r[field], epoch1904))
            if r[field][0] == "date":
                cell.number_format = 'yyyy"年"m"月"d"日"' if field == "deadline" else "yyyy-mm-dd"
        if r["progress"]:
            ws.cell(row, COL["整改进展"], r["progress"])
        if r.get("phone"):
            ws.cell(row, COL["联系电话"], r["phone"])
        if r["person"]:
            ws.cell(row, COL["具体责任人"], r["person"])
    ws.cell(7, COL["存在问题"], "\u3000")  # a row that only looks filled
    ws.cell(10, 1, "合计：4项")
    notes = wb.create_sheet("填表说明")
    notes.append(["列名", "填写要求"])
    notes.append(["存在问题", "必填，第一行为问题标题"])
    notes.append(["牵头单位", "填写单位全称，如太原市清徐县"])
    notes.append(["完成时限", "日期，如2023年12月31日"])
    wb.save(path)
    return path


def inline_book(path: Path, rows: dict, tag: str) -> Path:
    """A package written by hand, the way some systems export: inline strings (plain and rich text),
    a formula with its cached string, dates as numbers in date styles (built-in 14 and a Chinese custom one)."""
    L = sheet_kit.column_letters
    out = []
    out.append('<row r="1">' + inline_cell("A1", f"2023年巡察反馈问题整改台账（{tag}）") + "</row>")
    out.append('<row r="3">' + "".join(inline_cell(f"{L(c)}3", h) for c, h in enumerate(HEADER, start=1) if h) + "</row>")
    for i, (key, r) in enumerate(rows.items(), start=1):
        n = ROWS[key]
        cells = [number_cell(f"A{n}", i), inline_cell(f"B{n}", r["unit"]),
                 inline_cell(f"C{n}", r["text"], rich=(key == "a")), inline_cell(f"E{n}", r["source"])]
        if key == "a":
            cells.append(formula_string_cell(f"F{n}", FORMULA[1:], FORMULA_VALUE))
        elif r.get("source_ref"):
            cells.append(inline_cell(f"F{n}", r["source_ref"]))
        if r["measures_text"]:
            cells.append(inline_cell(f"G{n}", r["measures_text"]))
        for col, field, style in (("H", "deadline", 2), ("I", "found", 1)):
            kind, value = r[field]
            if kind == "date":
                cells.append(number_cell(f"{col}{n}", sheet_kit.excel_serial(value), style))
            elif kind == "serial":
                cells.append(number_cell(f"{col}{n}", sheet_kit.excel_serial(value)))
            else:
                cells.append(inline_cell(f"{col}{n}", value))
        if r["progress"]:
            cells.append(inline_cell(f"J{n}", r["progress"]))
        if r.get("phone"):
            cells.append(inline_cell(f"K{n}", r["phone"]))
        if r["person"]:
            cells.append(inline_cell(f"L{n}", r["person"]))
        out.append(f'<row r="{n}">' + "".join(cells) + "</row>")
    out.append('<row r="7">' + inline_cell("C7", "\u3000") + "</row>")
    out.append('<row r="10">' + inline_cell("A10", "合计：4项") + "</row>")
    main = worksheet_xml("".join(out), merges=[f"A1:{L(len(HEADER))}1", "A3:A4", "B3:B4", "C3:D4"])
    notes = worksheet_xml('<row r="1">' + inline_cell("A1", "列名") + inline_cell("B1", "填写要求") + "</row>"
                          '<row r="2">' + inline_cell("A2", "存在问题") + inline_cell("B2", "必填") + "</row>")
    return write_package(path, [("整改台账", main), ("填表说明", notes)])


def csv_file(path: Path, rows: dict, tag: str) -> Path:
    """UTF-8 with BOM, CRLF, as Excel's “CSV UTF-8” writes; a title line above the header."""
    header = [h for h in HEADER if h]
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow([f"2023年巡察反馈问题整改台账（{tag}）"])
        w.writerow(header)
        for i, (key, r) in enumerate(rows.items(), start=1):
            def text(kv):
                kind, value = kv
                return value.strftime("%Y.%m.%d") if kind in ("date", "serial") else value
            values = {"序号": str(i), "牵头单位": r["unit"], "存在问题": r["text"], "问题来源": r["source"],
                      "来源说明（出处）": FORMULA_VALUE if key == "a" else r.get("source_ref", ""),
                      "整改措施": r["measures_text"] or "", "完成时限": text(r["deadline"]), "发现时间": text(r["found"]),
                      "整改进展": r["progress"] or "", "联系电话": r.get("phone", ""), "具体责任人": r["person"]}
            w.writerow([values.get(h, "") for h in header])
            if key == "b":
                w.writerow(["", "", "\u3000"] + [""] * (len(header) - 3))
        w.writerow(["合计：4项"])
    return path


# Which file, what its formula cell shows, and where the rows are.
VARIANTS = {
    "openpyxl-1900": dict(formula=None),  # openpyxl stores a formula without a cached value
    "openpyxl-1904": dict(formula=None),
    "libreoffice-1900": dict(formula=FORMULA_VALUE),  # recalculated and cached by LibreOffice
    "libreoffice-1904": dict(formula=FORMULA_VALUE),
    "inline-strings": dict(formula=FORMULA_VALUE),
    "utf8-bom": dict(formula=FORMULA_VALUE, csv=True),
}


@pytest.fixture(scope="module")
def books(site, scope, workdir, lo):
    out = workdir / f"import-books-{site.kind}"
    out.mkdir(exist_ok=True)
    files, rows = {}, {}
    for name, v in VARIANTS.items():
        rows[name] = specs(scope, name)
    for name in ("openpyxl-1900", "openpyxl-1904"):
        files[name] = openpyxl_book(out / f"{name}.xlsx", rows[name], name, epoch1904=name.endswith("1904"))
    # LibreOffice re-saves copies (their own titles, so their problems differ) in ONE conversion run.
    sources = {}
    for name in ("libreoffice-1900", "libreoffice-1904"):
        src = out / "lo-in" / f"{name}.xlsx"
        src.parent.mkdir(exist_ok=True)
        sources[name] = openpyxl_book(src, rows[name], name, epoch1904=name.endswith("1904"))
    converted = lo(list(sources.values()), "xlsx", out / "lo-out")
    for name, src in sources.items():
        files[name] = converted[src]
    files["inline-strings"] = inline_book(out / "inline-strings.xlsx", rows["inline-strings"], "inline-strings")
    files["utf8-bom"] = csv_file(out / "utf8-bom.csv", rows["utf8-bom"], "utf8-bom")
    return files, rows


def test_the_files_are_what_they_claim(books):
    """The fixtures really have the features under test (so a pass means something): LibreOffice
    writes shared strings and cached formula values, openpyxl inline strings and formulas without
    a value; the 1904 books say so; the merges are there."""
    import zipfile

    files, _ = books

    def part(name, member):
        with zipfile.ZipFile(files[name]) as z:
            return z.read(member).decode() if member in z.namelist() else None

    for name in ("libreoffice-1900", "libreoffice-1904"):
        assert part(name, "xl/sharedStrings.xml"), f"{name}: no shared strings part"
        assert 't="s"' in part(name, "xl/worksheets/sheet1.xml"), f"{name}: no shared-string cells"
    for name in ("openpyxl-1900", "openpyxl-1904", "inline-strings"):
        assert 't="inlineStr"' in part(name, "xl/worksheets/sheet1.xml"), f"{name}: no inline-string cells"
    assert part("inline-strings", "xl/sharedStrings.xml") is None
    assert "<r><rPr>" in part("inline-strings", "xl/worksheets/sheet1.xml"), "no rich-text inline string"
    for name in ("openpyxl-1904", "libreoffice-1904"):
        wb = part(name, "xl/workbook.xml")
        assert 'date1904="1"' in wb or 'date1904="true"' in wb, f"{name}: not a 1904 workbook: {wb[:400]}"
    for name in ("openpyxl-1900", "libreoffice-1900"):
        assert "date1904" not in part(name, "xl/workbook.xml") or 'date1904="false"' in part(name, "xl/workbook.xml")
    lo_sheet = part("libreoffice-1900", "xl/worksheets/sheet1.xml")
    assert "<f" in lo_sheet and FORMULA_VALUE in lo_sheet, "LibreOffice should keep the formula and cache its value"
    op_sheet = part("openpyxl-1900", "xl/worksheets/sheet1.xml")
    assert "<f>" in op_sheet and FORMULA_VALUE not in op_sheet, "openpyxl should store the formula without a value"
    for name in ("openpyxl-1900", "libreoffice-1900", "libreoffice-1904"):
        ws = openpyxl.load_workbook(files[name])["整改台账"]
        assert sorted(map(str, ws.merged_cells.ranges)) == sorted(["A1:M1", "A2:M2", "A3:A4", "B3:B4", "C3:D4"]), name


def check_preview(name: str, out: dict, rows: dict, formula: str | None, csv_rows: bool, sheet: str | None):
    where = f"{name}: preview"
    assert out.get("issues") == [], f"{where} lists issues: {json.dumps(out.get('issues'), ensure_ascii=False, indent=1)}"
    assert out["creates"] == 4 and out["updates"] == 0 and out["conflicts"] == 0, f"{where}: {out}"
    got = out["rows"]
    assert len(got) == 4, f"{where}: expected 4 rows (a blank row and a total row are not problems), got {json.dumps(got, ensure_ascii=False)}"
    row_numbers = {"a": 3, "b": 4, "c": 6, "d": 7} if csv_rows else ROWS
    for key, row in zip(rows, got):
        r = rows[key]
        ctx = f"{where} row {row_numbers[key]} ({key})"
        assert row["row"] == row_numbers[key], f"{ctx}: row number {row['row']}"
        assert row.get("sheet") == sheet, f"{ctx}: sheet {row.get('sheet')!r}, expected {sheet!r}"
        assert row["outcome"] == "create", ctx
        assert row["title"] == r["title"], f"{ctx}: title {row['title']!r}"
        assert row["deadline"] == r["expect_deadline"].isoformat(), f"{ctx}: deadline {row['deadline']} (typed as {r['deadline']})"
        assert row["foundOn"] == r["expect_found"].isoformat(), f"{ctx}: found {row['foundOn']} (typed as {r['found']})"
        assert row["measures"] == r["measures"], f"{ctx}: measures {row['measures']}"
        assert row["note"] == r["note"], f"{ctx}: note {row['note']!r}"
        changed = {c["column"]: c["new"] for c in row["changes"]}
        if key == "a":
            if formula is None:
                assert "来源说明" not in changed, f"{ctx}: a formula without a cached value shows {changed.get('来源说明')!r}"
            else:
                assert changed.get("来源说明") == formula, f"{ctx}: 来源说明 {changed.get('来源说明')!r}, cached value {formula!r}"
        assert "联系电话" not in changed and "备注" not in changed, f"{ctx}: unknown columns were read: {changed}"
        if r.get("remark"):
            assert any(r["remark"] in m and str(r["expect_found"].year) in m for m in row["remarks"]), (
                f"{ctx}: a date without a year must be said in the preview, remarks: {row['remarks']}"
            )
        else:
            assert row["remarks"] == [], f"{ctx}: unexpected remarks {row['remarks']}"


@pytest.mark.parametrize("name", list(VARIANTS))
def test_import_workbook(site, scope, books, name):
    files, all_rows = books
    path, rows, v = files[name], all_rows[name], VARIANTS[name]
    before = site.fingerprint(path.parent)
    sheet = None if v.get("csv") else "整改台账"

    rc, out, elapsed, proc = site.import_json(path, "--dry-run")
    assert "error" not in out, f"{name}: refused as unreadable: {out['error']}"
    check_preview(name, out, rows, v["formula"], v.get("csv", False), sheet)
    assert rc == 0, f"{name}: dry run exited {rc}: {proc.stderr[-1000:]}"
    assert out["campaignId"] == scope["campaign"]["id"], "new problems join the newest campaign"
    header_at = "第 2 行" if v.get("csv") else "第 3 行"
    assert any(header_at in m for m in out["remarks"]), f"{name}: the preview should say the header is in {header_at}: {out['remarks']}"
    assert site.fingerprint(path.parent) == before, f"{name}: a dry run changed the ledger"

    rc, out, elapsed, proc = site.import_json(path)
    assert rc == 0 and "result" in out, f"{name}: import exited {rc}: {json.dumps(out, ensure_ascii=False)[:2000]}"
    assert len(out["result"]["created"]) == 4, f"{name}: {out['result']}"

    drafts = {p["title"]: p for p in site.problems(state="draft")}
    for key, r in rows.items():
        ctx = f"{name} row {key} ({r['title']})"
        assert r["title"] in drafts, f"{ctx}: not on the ledger as a draft after the import"
        p = site.detail(drafts[r["title"]]["id"])
        assert p["number"] in out["result"]["created"], ctx
        assert p["campaignId"] == scope["campaign"]["id"], ctx
        assert p["description"] == r["description"], f"{ctx}: description {p['description']!r}"
        assert p["deadline"] == r["expect_deadline"].isoformat(), f"{ctx}: deadline {p.get('deadline')}"
        assert p["foundOn"] == r["expect_found"].isoformat(), f"{ctx}: found {p['foundOn']}"
        assert p["leadUnitId"] == r["unit_id"], f"{ctx}: lead unit #{p['leadUnitId']}, written {r['unit']!r}"
        assert p["sourceChannel"] == r["channel"], ctx
        expected_ref = (v["formula"] or "") if key == "a" else r.get("source_ref", "")
        assert p["sourceRef"] == expected_ref, f"{ctx}: sourceRef {p['sourceRef']!r}"
        assert p["responsiblePerson"] == r["person"], ctx
        assert p["rectificationType"] == "time_bound", f"{ctx}: a deadline without a type is 限期整改"
        assert measures_of(p) == r["measures"], f"{ctx}: measures {measures_of(p)}"
        assert newest_note(p) == r["note"], f"{ctx}: note {newest_note(p)!r}"


def test_units_outside_the_importers_scope_are_refused(site, scope, books):
    """The liaison (one county) imports the same workbook: the rows naming a sibling county and
    another city are errors on their 牵头单位 cells, and nothing is written."""
    files, _ = books
    path = files["libreoffice-1900"]
    before = site.fingerprint(path.parent)
    rc, out, _, _ = site.import_json(path, login="liaison")
    assert rc != 0, "an import with errors must exit non-zero"
    unit_issues = {(i["row"], i["column"]) for i in out["issues"] if i["code"] == "unknown_unit"}
    assert {(ROWS["b"], "B"), (ROWS["c"], "B")} <= unit_issues, json.dumps(out["issues"], ensure_ascii=False, indent=1)
    assert (ROWS["a"], "B") not in unit_issues, "the liaison's own unit is in their scope"
    assert "result" not in out
    assert site.fingerprint(path.parent) == before, "an import with errors wrote something"


def test_two_row_header_under_a_merged_group_cell(site, scope, workdir):
    """The common two-level header: 整改落实情况 merged over 整改措施 | 整改进展 in the row below,
    the other header cells merged down over both rows. The sub-headers must be read as the columns
    they name, the row under them is not data, and the first problem is row 4."""
    path = workdir / f"two-row-header-{site.kind}.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "整改台账"
    ws.merge_cells("A1:H1")
    top = ["序号", "牵头单位", "存在问题", "问题来源", "整改落实情况", None, "完成时限", "备注"]
    for c, h in enumerate(top, start=1):
        if h:
            ws.cell(2, c, h)
    ws.cell(3, 5, "整改措施")
    ws.cell(3, 6, "整改进展")
    for col in "ABCDGH":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("E2:F2")
    title = f"两级表头问题（{site.kind}）"
    ws.append([1, scope["a"]["name"], title, "巡视巡察", "1. 措施甲\n2. 措施乙", "进展甲", DEADLINE, None])
    ws.cell(4, 7).number_format = "yyyy-mm-dd"
    wb.save(path)

    rc, out, _, _ = site.import_json(path, "--dry-run")
    assert "error" not in out, out
    assert out["issues"] == [], (
        "the row of sub-headers under a merged group cell was read as data: "
        + json.dumps(out["issues"], ensure_ascii=False, indent=1)
    )
    assert [r["row"] for r in out["rows"]] == [4], json.dumps(out["rows"], ensure_ascii=False)
    row = out["rows"][0]
    assert row["title"] == title and row["deadline"] == DEADLINE.isoformat()
    assert row["measures"] == ["措施甲", "措施乙"], f"整改措施 (E3) not read as measures: {row}"
    assert row["note"] == "进展甲", f"整改进展 (F3) not read as the note: {row}"
