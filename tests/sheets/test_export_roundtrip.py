"""Exports read by other programs, compared with the database value by value, and taken back.

The demo ledger is exported as the office (xlsx and csv); the workbook is opened with openpyxl and
converted to CSV by LibreOffice, and every row and every column is compared with what the API says
about each problem (its list, and its detail for measures and notes). Then the export goes back in:
unchanged it changes nothing; edited in openpyxl it adds the measure, the note and the person; a
row whose problem changed after the export is a conflict and is not written. A liaison's export
holds their scope and nothing else.
"""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path

import openpyxl
import pytest

import sheet_kit
from sheet_kit import API, COLUMNS, HEADER_ROW, measures_cell, measures_of, newest_note

C = {name: i for i, name in enumerate(COLUMNS)}  # 0-based index of each column


# --- What the database says a row must hold ---------------------------------------------------


class Ledger:
    """The API's view of the ledger for one person: the list in number order (an export's order
    when no other is asked for) and every detail."""

    def __init__(self, site, login: str):
        self.login = login
        self.items = site.problems(login, sort="number")
        self.details = {p["id"]: site.detail(p["id"], login) for p in self.items}
        units = site.units(login)
        names = [u["name"] for u in units]
        # A unit is written by its name when that name is unique in the person's scope.
        self.labels = {u["id"]: u["name"] for u in units if names.count(u["name"]) == 1}
        self.all_unit_names = {u["id"]: u["name"] for u in site.units("office")}

    def expected(self, p: dict) -> dict:
        d = self.details[p["id"]]
        assert d["version"] == p["version"], f"{p['number']} changed while the test read it"
        deadline = as_iso(p.get("deadline"))
        if deadline is None and p["rectificationType"] == "ongoing":
            deadline = "长期坚持"
        supporting = [self.all_unit_names.get(i, f"#{i}") for i in sorted(d.get("supportingUnitIds") or [])]
        return {
            "问题编号": p["number"],
            "问题来源": p["sourceChannelLabel"],
            "来源说明": p["sourceRef"] or None,
            "问题类别": p["category"] or None,
            "问题描述": p["title"] + ("\n" + p["description"] if p["description"] else ""),
            "整改措施": measures_cell(measures_of(d)) if d.get("measures") else None,
            "责任单位": self.labels.get(p["leadUnitId"], self.all_unit_names.get(p["leadUnitId"])),
            "配合单位": "、".join(supporting) or None,
            "责任领导": p["responsibleLeader"] or None,
            "责任人": p["responsiblePerson"] or None,
            "发现日期": as_iso(p["foundOn"]),
            "整改时限": deadline,
            "整改类型": p["rectificationTypeLabel"],
            "状态": p["stateLabel"],
            "整改进展": newest_note(d),
            "完成日期": as_iso(p.get("closedOn")),
            "是否逾期": "是" if p["overdue"] else "否",
            "版本": p["version"],
        }


def as_iso(value):
    return datetime.date.fromisoformat(value) if value else None


def compare(rows: list[list], ledger: Ledger, source: str, text: bool):
    """rows: the data rows as read (values as openpyxl gives them, or CSV text when `text`)."""
    by_number = {}
    for i, row in enumerate(rows, start=1):
        row = list(row) + [None] * (len(COLUMNS) - len(row))
        number = row[C["问题编号"]]
        assert number not in by_number, f"{source}: problem {number} appears twice"
        by_number[number] = (i, row)
    want = [p["number"] for p in ledger.items]
    assert list(by_number) == want, (
        f"{source}: the rows are not the ledger as {ledger.login} sees it, in its order:\n"
        f"  missing {sorted(set(want) - set(by_number))}\n  extra {sorted(set(by_number) - set(want))}"
    )
    mismatches = []
    for p in ledger.items:
        i, row = by_number[p["number"]]
        expected = ledger.expected(p)
        expected["序号"] = i
        for column in COLUMNS:
            got = row[C[column]]
            want_value = expected[column]
            if text:
                want_value = "" if want_value is None else want_value.isoformat() if isinstance(want_value, datetime.date) else str(want_value)
                got = "" if got is None else got
            elif isinstance(want_value, datetime.date) and got is not None:
                if not isinstance(got, datetime.datetime):
                    mismatches.append(f"{p['number']} {column}: not a date cell but {got!r}")
                    continue
                got = got.date()
            elif got == "":
                got = None
            if got != want_value:
                mismatches.append(f"{p['number']} {column}: file {got!r}, database {want_value!r}")
    assert not mismatches, f"{source}: {len(mismatches)} values differ from the database:\n  " + "\n  ".join(mismatches[:40])


def xlsx_rows(path: Path, sheet: str = "问题台账") -> list[list]:
    ws = openpyxl.load_workbook(path)[sheet]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == COLUMNS, f"{path.name}: header row {HEADER_ROW} is {header}"
    return [list(r) for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if any(v is not None for v in r)]


def csv_rows(path: Path, header_row: int) -> list[list]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[header_row - 1] == COLUMNS, f"{path.name}: header (line {header_row}) is {rows[header_row - 1]}"
    return [r for r in rows[header_row:] if any(r)]


# --- Fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prepared(site):
    """Supporting units on two problems (the demo has none), so 配合单位 is exercised: one of the
    liaison's problems supported by a unit outside their scope, one problem elsewhere supported by
    the liaison's unit and a unit next to it."""
    units = site.units()
    by_id = {u["id"]: u for u in units}
    own = site.client("liaison").json(API + "/me")["grants"][0]["unitId"]
    outside = next(u["id"] for u in units if u["parent"] and u["id"] != own and u["parent"]["id"] != by_id[own]["parent"]["id"]
                   and u["kind"] == by_id[own]["kind"])
    sibling = next(u["id"] for u in units if u["parent"] and u["parent"]["id"] == by_id[own]["parent"]["id"] and u["id"] != own)
    items = site.problems()
    mine = next(p for p in items if p["leadUnitId"] == own and p["state"] == "open")
    elsewhere = next(p for p in items if p["leadUnitId"] not in (own, sibling) and p["state"] == "open")
    for p, ids in ((mine, [outside]), (elsewhere, sorted([own, sibling]))):
        r = site.client().request("PATCH", f"{API}/problems/{p['id']}", json={"version": p["version"], "supportingUnitIds": ids})
        assert r.status_code == 200, sheet_kit.describe(r)
    return {"own": own, "outside": outside, "mine": mine["number"], "elsewhere": elsewhere["number"]}


@pytest.fixture(scope="module")
def exported(site, prepared, workdir, lo):
    out = workdir / f"roundtrip-{site.kind}"
    out.mkdir(exist_ok=True)
    xlsx = site.export(out / "ledger.xlsx")
    own_csv = site.export(out / "ledger.csv")
    ledger = Ledger(site, "office")
    # LibreOffice: the workbook as CSV (cells as shown), and the workbook opened and saved again.
    lo_csv = lo([xlsx], "csv:Text - txt - csv (StarCalc):44,34,76,1", out / "lo")[xlsx]
    lo_xlsx = lo([xlsx], "xlsx", out / "lo-resaved")[xlsx]
    return {"xlsx": xlsx, "csv": own_csv, "lo_csv": lo_csv, "lo_xlsx": lo_xlsx, "ledger": ledger, "dir": out}


# --- Reading the export ----------------------------------------------------------------------


def test_xlsx_in_openpyxl_matches_the_database(exported):
    compare(xlsx_rows(exported["xlsx"]), exported["ledger"], "the .xlsx in openpyxl", text=False)


def test_csv_export_matches_the_database(exported):
    raw = exported["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV must start with a UTF-8 byte order mark (Excel reads it as UTF-8 then)"
    compare(csv_rows(exported["csv"], header_row=1), exported["ledger"], "the .csv export", text=True)


def test_xlsx_converted_by_libreoffice_matches_the_database(exported):
    """LibreOffice writes each cell as shown: dates by the cell's format (yyyy-mm-dd), numbers plain."""
    with open(exported["lo_csv"], encoding="utf-8") as f:
        lines = list(csv.reader(f))
    assert lines[0][0] == "问题整改台账", f"title row: {lines[0][:2]}"
    assert lines[1][0].startswith("筛选：全部问题"), f"filter and time row: {lines[1][:2]}"
    compare(csv_rows(exported["lo_csv"], header_row=HEADER_ROW), exported["ledger"], "the .xlsx as LibreOffice shows it", text=True)


def test_xlsx_resaved_by_libreoffice_matches_the_database(exported):
    compare(xlsx_rows(exported["lo_xlsx"]), exported["ledger"], "the .xlsx saved again by LibreOffice", text=False)


def test_workbook_layout(exported):
    wb = openpyxl.load_workbook(exported["xlsx"])
    assert wb.sheetnames == ["问题台账"]
    ws = wb["问题台账"]
    assert ws.freeze_panes == "A4", "the header (row 3) stays in view"
    assert (ws.print_title_rows or "").replace("$", "") == "3:3", f"header repeated on printed pages: {ws.print_title_rows!r}"
    assert ws.page_setup.orientation == "landscape"
    version = openpyxl.utils.get_column_letter(C["版本"] + 1)
    assert ws.column_dimensions[version].hidden, "the 版本 column is hidden"
    hidden = [k for k, d in ws.column_dimensions.items() if d.hidden and k != version]
    assert not hidden, f"only 版本 is hidden, not {hidden}"
    assert all(ws.cell(HEADER_ROW, c).font.b for c in range(1, len(COLUMNS) + 1)), "header cells are bold"
    ref = ws.auto_filter.ref or ""
    assert ref.startswith("A3:") and ref.endswith("3"), f"the filter sits on the header row: {ref!r}"
    last = openpyxl.utils.cell.range_boundaries(ref)[2]
    assert last >= C["是否逾期"] + 1, f"the filter covers every visible column: {ref}"
    assert ws["A1"].value == "问题整改台账"
    for column in ("发现日期", "整改时限", "完成日期"):
        cells = [r[C[column]] for r in ws.iter_rows(min_row=HEADER_ROW + 1) if r[C[column]].value is not None]
        dates = [c for c in cells if isinstance(c.value, datetime.datetime)]
        assert dates, f"no date in {column}"
        assert all(c.is_date for c in dates), f"{column}: a date without a date format"
        if column != "整改时限":
            assert len(dates) == len(cells), f"{column}: {[(c.coordinate, c.value) for c in cells if c not in dates][:5]}"
        else:
            assert {c.value for c in cells if c not in dates} <= {"长期坚持"}
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert widths.get("F", 0) >= 30, f"问题描述 is wide enough for Chinese text: {widths.get('F')}"


# --- Taking it back --------------------------------------------------------------------------


def assert_all_unchanged(out: dict, n: int, source: str):
    assert "error" not in out, f"{source}: refused: {out.get('error')}"
    assert out["issues"] == [], f"{source}: {json.dumps(out['issues'][:10], ensure_ascii=False, indent=1)}"
    other = [r for r in out["rows"] if r["outcome"] != "unchanged"]
    assert not other, f"{source}: rows that are not unchanged: {json.dumps(other[:10], ensure_ascii=False, indent=1)}"
    assert out["unchanged"] == n and out["creates"] == out["updates"] == out["conflicts"] == 0, (
        f"{source}: {({k: out[k] for k in ('creates', 'updates', 'unchanged', 'skipped', 'conflicts')})}"
    )


def test_export_reimported_unchanged(site, exported):
    """The export as written, as openpyxl and LibreOffice save it again, as CSV, and as LibreOffice's CSV of it:
    --on-match update finds every row unchanged; the real import writes nothing."""
    n = len(exported["ledger"].items)
    resaved = exported["dir"] / "resaved-by-openpyxl.xlsx"
    openpyxl.load_workbook(exported["xlsx"]).save(resaved)
    for name in ("xlsx", "csv", "lo_csv", "lo_xlsx"):
        path = exported[name]
        rc, out, _, _ = site.import_json(path, "--on-match", "update", "--dry-run")
        assert_all_unchanged(out, n, f"{path.name} ({name})")
        assert rc == 0
    rc, out, _, _ = site.import_json(resaved, "--on-match", "update", "--dry-run")
    assert_all_unchanged(out, n, "the export re-saved by openpyxl")

    before = site.fingerprint(exported["dir"])
    rc, out, _, _ = site.import_json(exported["xlsx"], "--on-match", "update")
    assert_all_unchanged(out, n, "the export, imported for real")
    assert out["result"]["updated"] == 0 and out["result"]["measuresAdded"] == 0 and out["result"]["notesAdded"] == 0, out["result"]
    assert out["result"]["created"] == []
    assert site.fingerprint(exported["dir"]) == before, "an unchanged export changed the ledger"


def fresh_export(site, exported, name: str) -> Path:
    return site.export(exported["dir"] / name)


def row_of(ws, number: str) -> int:
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(r, C["问题编号"] + 1).value == number:
            return r
    raise AssertionError(f"{number} is not in the export")


def set_cell(ws, number: str, column: str, value):
    ws.cell(row_of(ws, number), C[column] + 1, value)


def get_cell(ws, number: str, column: str):
    return ws.cell(row_of(ws, number), C[column] + 1).value


def test_edit_in_openpyxl_then_update(site, exported):
    """A measure added on a new line, a new 整改进展, another 责任人: the preview shows exactly those
    three changes on that row, the import writes them, and importing the same file again is a no-op."""
    path = fresh_export(site, exported, "before-edit.xlsx")
    p = next(p for p in site.problems() if p["state"] == "open" and site.detail(p["id"])["measures"])
    d = site.detail(p["id"])
    old_measures = measures_of(d)
    new_measure = "组织开展整改“回头看”，巩固整改成果（表格新增）"
    new_note = "已完成第一阶段整改，群众满意度明显提升（表格填报）"

    wb = openpyxl.load_workbook(path)
    ws = wb["问题台账"]
    cell = get_cell(ws, p["number"], "整改措施")
    assert cell == measures_cell(old_measures)
    set_cell(ws, p["number"], "整改措施", cell + f"\n{len(old_measures) + 1}. {new_measure}")
    set_cell(ws, p["number"], "整改进展", new_note)
    set_cell(ws, p["number"], "责任人", "赵新民")
    edited = exported["dir"] / "edited.xlsx"
    wb.save(edited)

    rc, out, _, _ = site.import_json(edited, "--on-match", "update", "--dry-run")
    assert out["issues"] == [], json.dumps(out["issues"], ensure_ascii=False)
    changed = [r for r in out["rows"] if r["outcome"] != "unchanged"]
    assert [r.get("number") for r in changed] == [p["number"]], json.dumps(changed, ensure_ascii=False)
    row = changed[0]
    assert row["outcome"] == "update"
    assert {c["column"] for c in row["changes"]} == {"整改措施", "整改进展", "责任人"}, row["changes"]
    assert row["measures"] == [new_measure] and row["note"] == new_note
    person = next(c for c in row["changes"] if c["column"] == "责任人")
    assert person["old"] == p["responsiblePerson"] and person["new"] == "赵新民"

    rc, out, _, _ = site.import_json(edited, "--on-match", "update")
    assert rc == 0 and out["result"] == {"created": [], "updated": 1, "measuresAdded": 1, "notesAdded": 1}, out.get("result")
    after = site.detail(p["id"])
    assert measures_of(after) == old_measures + [new_measure]
    assert newest_note(after) == new_note
    assert after["responsiblePerson"] == "赵新民"
    assert after["version"] == p["version"] + 1, "the edit of 责任人 is a new version"
    events = [h for h in after["history"] if h["action"] == "import"]
    assert {h["entity"] for h in events} >= {"problem", "measure", "progress_note"}, (
        f"the history records each change as an import: {json.dumps(after['history'][-5:], ensure_ascii=False)}"
    )
    for h in events:
        assert "edited.xlsx" in h["new"] and out["sha256"] in h["new"], f"an import event without the file's name and SHA-256: {h}"

    rc, out, _, _ = site.import_json(edited, "--on-match", "update", "--dry-run")
    assert_all_unchanged(out, len(out["rows"]), "the same edited file imported a second time")


def test_rows_changed_since_the_export_are_conflicts(site, exported):
    """After the export, Q1's title and Q2's 来源说明 are changed through the API. Q1's row is left
    as exported, Q2's row gets a new 责任人 in the sheet, and R's row too. Q1 and Q2 are conflicts
    (shown, not written); R is updated."""
    path = fresh_export(site, exported, "before-conflict.xlsx")
    q1, q2, r = [p for p in site.problems() if p["state"] == "open"][-3:]
    for p, body in ((q1, {"title": q1["title"] + "（已在系统中修改）"}), (q2, {"sourceRef": "系统中修改的来源说明"})):
        resp = site.client().request("PATCH", f"{API}/problems/{p['id']}", json=dict(body, version=p["version"]))
        assert resp.status_code == 200, sheet_kit.describe(resp)
    wb = openpyxl.load_workbook(path)
    ws = wb["问题台账"]
    set_cell(ws, q2["number"], "责任人", "表格里的责任人甲")
    set_cell(ws, r["number"], "责任人", "表格里的责任人乙")
    edited = exported["dir"] / "conflicting.xlsx"
    wb.save(edited)

    rc, out, _, _ = site.import_json(edited, "--on-match", "update", "--dry-run")
    assert out["issues"] == [], json.dumps(out["issues"], ensure_ascii=False)
    by_number = {row.get("number"): row for row in out["rows"]}
    for q in (q1, q2):
        row = by_number[q["number"]]
        assert row["outcome"] == "conflict", f"{q['number']}: {row}"
        assert row["exportedVersion"] == q["version"] and row["currentVersion"] == q["version"] + 1, row
    assert by_number[r["number"]]["outcome"] == "update"
    assert out["conflicts"] == 2 and out["updates"] == 1

    text = site.cli("import", str(edited), "--as", "office", "--on-match", "update", "--dry-run")
    assert "冲突 2" in text.stdout and "导出后该问题已被他人修改" in text.stdout, text.stdout[-2000:]

    rc, out, _, _ = site.import_json(edited, "--on-match", "update")
    assert rc == 0 and out["result"]["updated"] == 1, out.get("result")
    a1, a2, ar = (site.detail(p["id"]) for p in (q1, q2, r))
    assert a1["title"] == q1["title"] + "（已在系统中修改）" and a1["version"] == q1["version"] + 1, "a conflict was written"
    assert a2["responsiblePerson"] == q2["responsiblePerson"] and a2["sourceRef"] == "系统中修改的来源说明", "a conflict was written"
    assert ar["responsiblePerson"] == "表格里的责任人乙"


def test_a_note_added_after_the_export_is_not_undone(site, exported):
    """A colleague adds a progress note through the API after the export. Re-importing the export
    as it was must not add the exported (older) 整改进展 again on top of it: the problem's newest
    progress stays the colleague's."""
    path = fresh_export(site, exported, "before-note.xlsx")
    p = next(p for p in site.problems() if p["state"] == "open" and newest_note(site.detail(p["id"])))
    exported_note = newest_note(site.detail(p["id"]))
    newer = "同事在系统中填报的最新进展（导出之后）"
    resp = site.client().post(f"{API}/problems/{p['id']}/notes", json={"text": newer})
    assert resp.status_code == 201, sheet_kit.describe(resp)

    rc, out, _, _ = site.import_json(path, "--on-match", "update", "--dry-run")
    row = next(r for r in out["rows"] if r.get("number") == p["number"])
    assert row.get("note") is None, (
        f"re-importing the unchanged export would add the exported note {exported_note!r} again as the newest "
        f"progress of {p['number']}, over the colleague's {newer!r}: {json.dumps(row, ensure_ascii=False)}"
    )
    site.import_json(path, "--on-match", "update")
    assert newest_note(site.detail(p["id"])) == newer


@pytest.fixture(scope="module")
def liaison_export(site, exported):
    return site.export(exported["dir"] / "liaison.xlsx", login="liaison")


def test_liaison_export_is_their_scope(site, prepared, liaison_export):
    """The liaison's export: exactly the problems the API lists for the liaison, every value as the
    database has it, including a supporting unit outside their scope, named (not “#id”)."""
    ledger = Ledger(site, "liaison")
    office_total = len(site.problems())
    assert 0 < len(ledger.items) < office_total, f"the liaison sees {len(ledger.items)} of {office_total}"
    rows = xlsx_rows(liaison_export)
    assert all(r[C["责任单位"]] == ledger.all_unit_names[prepared["own"]] for r in rows)
    compare(rows, ledger, "the liaison's .xlsx", text=False)


def test_liaison_reimports_own_export_unchanged(site, liaison_export):
    n = len(site.problems("liaison"))
    rc, out, _, _ = site.import_json(liaison_export, "--on-match", "update", "--dry-run", login="liaison")
    assert_all_unchanged(out, n, "the liaison's own export, imported by the liaison")


def sheets_of(path: Path) -> dict[str, list[str]]:
    wb = openpyxl.load_workbook(path)
    return {name: [r[C["问题编号"]] for r in xlsx_rows(path, name)] for name in wb.sheetnames}


def test_sheet_per_unit_holds_the_whole_view(site, exported):
    """--unit CITY --sheet-per-unit: one sheet per county below the city with exactly that county's
    problems, and together the whole view of the city: its own problems are not dropped."""
    units = site.units()
    city = next(u for u in units if u["parent"] and u["parent"]["parent"] is None
                and any(p["leadUnitId"] == u["id"] for p in site.problems(unit=u["id"])))
    children = [u for u in units if u["parent"] and u["parent"]["id"] == city["id"]]
    path = site.export(exported["dir"] / "per-unit.xlsx", "--unit", str(city["id"]), "--sheet-per-unit")
    sheets = sheets_of(path)
    for child in children:
        name = child["shortName"] or child["name"]
        assert name in sheets, f"no sheet for {name}: {list(sheets)}"
        assert sorted(sheets[name]) == sorted(p["number"] for p in site.problems(unit=child["id"])), name
    exported_numbers = [n for numbers in sheets.values() for n in numbers]
    view = [p["number"] for p in site.problems(unit=city["id"])]
    own = [p["number"] for p in site.problems(unit=city["id"]) if p["leadUnitId"] == city["id"]]
    assert len(exported_numbers) == len(set(exported_numbers)), "a problem is on two sheets"
    missing = sorted(set(view) - set(exported_numbers))
    assert not missing, (
        f"{len(missing)} of the {len(view)} problems of {city['name']} are on no sheet "
        f"(those led by {city['name']} itself: {len(own)}): {missing[:10]}"
    )
    rc, out, _, _ = site.import_json(path, "--on-match", "update", "--dry-run")
    assert_all_unchanged(out, len(view), "the per-unit workbook")


def test_sheet_per_unit_without_a_unit_splits_below_the_scope(site, exported):
    """The office (scope: the province) exports per unit without choosing one: a sheet per city,
    the units directly below its scope — not one sheet named after the province."""
    units = site.units()
    roots = [u for u in units if u["parent"] is None]
    below = [u["shortName"] or u["name"] for u in units if u["parent"] and u["parent"]["parent"] is None]
    path = site.export(exported["dir"] / "per-unit-all.xlsx", "--sheet-per-unit")
    sheets = sheets_of(path)
    assert list(sheets) != [r["shortName"] or r["name"] for r in roots] and set(below) <= set(sheets), (
        f"sheets {list(sheets)}; expected one per unit below {roots[0]['name']}: {below}"
    )
