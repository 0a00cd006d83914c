#!/usr/bin/env python3
"""Spreadsheets written by other programs, for checking the TaizhangSheet reader against them.

Usage: make_fixtures.py OUT_DIR

Writes workbooks with openpyxl (shared strings, inline strings from write-only mode, the 1904 date
system, merged headers, formulas without cached values, dates as real dates and as text, full-width
digits and spaces, empty rows, a hidden second sheet) and, when LibreOffice (`soffice`) is on the
PATH, the same workbooks recalculated and re-saved by LibreOffice (cached formula values, its own
shared strings and styles), plus an .xlsx converted from a UTF-8 CSV and one from an .ods.
CSV fixtures (BOM, semicolons, GBK) are written as well.

Beside them, expected.json lists, per file, the sheet names, the date system, the merged ranges and
cells the reader must produce: {"file": {"sheets": [...], "date1904": bool, "merges": {"0": [[r1,c1,r2,c2]]},
"cells": [[sheet, row, column, kind, value]]}}, kind being text/number/date/bool/error/absent;
a file with "error" instead is one the reader must refuse with that error kind.
"""

import csv
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HEADERS = ["序号", "问题描述", "整改时限", "时限(文本)", "完成时间", "数量", "状态", "已销号", "合计"]


def excel_serial(d, epoch1904=False):
    """The serial Excel stores for a date or datetime."""
    if isinstance(d, datetime.datetime):
        base = datetime.datetime(1904, 1, 1) if epoch1904 else datetime.datetime(1899, 12, 30)
        delta = d - base
        return delta.days + delta.seconds / 86400
    base = datetime.date(1904, 1, 1) if epoch1904 else datetime.date(1899, 12, 30)
    return (d - base).days


def ledger(wb, epoch1904=False):
    """The main sheet: a merged title, headers, rows of every kind, an empty row, formulas."""
    ws = wb.active
    ws.title = "整改台账"
    ws["A1"] = "2024年巡察反馈问题整改台账"
    ws.merge_cells("A1:I1")
    ws.merge_cells("A2:A3")  # a two-row header cell
    ws["A2"] = "序号"
    for i, h in enumerate(HEADERS[1:], start=2):
        ws.cell(row=2, column=i, value=h)
    ws.merge_cells("B2:B3")
    rows = [
        [1, "学校食堂\n卫生不达标", datetime.date(2019, 8, 31), "2019年8月31日", datetime.datetime(2019, 9, 1, 14, 30),
         12, "已完成", True, "=F4*2"],
        [2, "　道路破损未修复　", datetime.date(2024, 6, 30), "2019/8/31", None, 3.5, "整改中", False, "=F5*2"],
        None,  # an empty row stays out
        [3, "全角数字１２３及空格", datetime.date(2024, 12, 31), "8月底", None, 0, "长期坚持", False, '=B7&"（续）"'],
    ]
    r = 4
    for values in rows:
        if values is not None:
            for c, v in enumerate(values, start=1):
                if v is not None:
                    ws.cell(row=r, column=c, value=v)
        r += 1
    # A custom Chinese date format on the planned deadline, the default date format elsewhere.
    for row in (4, 5, 7):
        ws.cell(row=row, column=3).number_format = 'yyyy"年"m"月"d"日"'
    ws.cell(row=4, column=5).number_format = "yyyy/mm/dd hh:mm"
    ws["F5"].number_format = "0.00"

    second = wb.create_sheet("填表说明")
    second["A1"] = "请按月报送"
    second["B3"] = 42
    second.sheet_state = "hidden"

    d = lambda x: excel_serial(x, epoch1904)  # noqa: E731
    cells = [
        [0, 1, 1, "text", "2024年巡察反馈问题整改台账"],
        [0, 2, 1, "text", "序号"],
        [0, 2, 9, "text", "合计"],
        [0, 4, 1, "number", 1],
        [0, 4, 2, "text", "学校食堂\n卫生不达标"],
        [0, 4, 3, "date", d(datetime.date(2019, 8, 31))],
        [0, 4, 4, "text", "2019年8月31日"],
        [0, 4, 5, "date", d(datetime.datetime(2019, 9, 1, 14, 30))],
        [0, 4, 6, "number", 12],
        [0, 4, 7, "text", "已完成"],
        [0, 4, 8, "bool", True],
        [0, 5, 2, "text", "　道路破损未修复　"],
        [0, 5, 3, "date", d(datetime.date(2024, 6, 30))],
        [0, 5, 4, "text", "2019/8/31"],
        [0, 5, 5, "absent", None],
        [0, 5, 6, "number", 3.5],
        [0, 5, 8, "bool", False],
        [0, 7, 2, "text", "全角数字１２３及空格"],
        [0, 7, 4, "text", "8月底"],
        [1, 1, 1, "text", "请按月报送"],
        [1, 3, 2, "number", 42],
    ]
    # openpyxl writes formulas without a cached value: no cell. A recalculating writer gives the value.
    uncached = [[0, 4, 9, "absent", None], [0, 5, 9, "absent", None], [0, 7, 9, "absent", None]]
    cached = [[0, 4, 9, "number", 24], [0, 5, 9, "number", 7], [0, 7, 9, "text", "全角数字１２３及空格（续）"]]
    merges = {"0": [[1, 1, 1, 9], [2, 1, 3, 1], [2, 2, 3, 2]]}
    rows_present = {"0": [1, 2, 4, 5, 7], "1": [1, 3]}
    return cells, uncached, cached, merges, rows_present


def write_only(path):
    """openpyxl's write-only mode writes inline strings (t="inlineStr") and rows without gaps."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("流式")
    ws.append(["问题", "单位", "数量"])
    ws.append(["内联字符串", "县教育局", 5])
    ws.append([])
    ws.append(["第四行", None, 2.25])
    wb.save(path)
    return {
        "sheets": ["流式"], "date1904": False, "merges": {"0": []},
        "rows": {"0": [1, 2, 4]},
        "cells": [[0, 1, 1, "text", "问题"], [0, 2, 1, "text", "内联字符串"], [0, 2, 3, "number", 5],
                  [0, 4, 1, "text", "第四行"], [0, 4, 2, "absent", None], [0, 4, 3, "number", 2.25]],
    }


def soffice_convert(src, out_dir, target="xlsx", infilter=None):
    """Converts with LibreOffice headless, in a private profile so parallel runs do not collide."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        return None
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    cmd = [exe, "-env:UserInstallation=file://" + profile, "--headless"]
    if infilter:
        cmd.append("--infilter=" + infilter)
    cmd += ["--convert-to", target, "--outdir", out_dir, src]
    try:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    name = os.path.splitext(os.path.basename(src))[0] + "." + target.split(":")[0]
    path = os.path.join(out_dir, name)
    return path if os.path.exists(path) else None


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = os.path.abspath(sys.argv[1])
    os.makedirs(out, exist_ok=True)
    expected = {}

    # openpyxl, 1900 system, shared strings.
    wb = openpyxl.Workbook()
    cells, uncached, cached, merges, rows_present = ledger(wb)
    wb.save(os.path.join(out, "openpyxl-ledger.xlsx"))
    base = {"sheets": ["整改台账", "填表说明"], "date1904": False, "merges": merges, "rows": rows_present}
    expected["openpyxl-ledger.xlsx"] = dict(base, cells=cells + uncached)

    # openpyxl, 1904 system.
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    cells1904, uncached1904, cached1904, _, _ = ledger(wb, epoch1904=True)
    wb.save(os.path.join(out, "openpyxl-1904.xlsx"))
    expected["openpyxl-1904.xlsx"] = dict(base, date1904=True, cells=cells1904 + uncached1904)

    expected["openpyxl-writeonly.xlsx"] = write_only(os.path.join(out, "openpyxl-writeonly.xlsx"))

    # CSV fixtures for the CSV reader.
    rows = [["序号", "问题描述", "单位"], ["1", "含有,逗号", "县局"], ["2", "两\n行", "他说\"好\""], ["", "", ""], ["3", "", ""]]
    csv_cells = [[0, 2, 2, "text", "含有,逗号"], [0, 3, 2, "text", "两\n行"], [0, 3, 3, "text", "他说\"好\""],
                 [0, 5, 1, "text", "3"], [0, 5, 2, "absent", None]]
    with open(os.path.join(out, "utf8-bom.csv"), "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    expected["utf8-bom.csv"] = {"rows": {"0": [1, 2, 3, 5]}, "cells": csv_cells}
    with open(os.path.join(out, "semicolon.csv"), "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    expected["semicolon.csv"] = {"rows": {"0": [1, 2, 3, 5]}, "cells": csv_cells}
    with open(os.path.join(out, "gbk.csv"), "w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows(rows)
    expected["gbk.csv"] = {"error": "encoding"}

    # Not spreadsheets, or not any more.
    with open(os.path.join(out, "old-excel.xlsx"), "wb") as f:
        f.write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504))
    expected["old-excel.xlsx"] = {"error": "not_spreadsheet"}
    with open(os.path.join(out, "openpyxl-ledger.xlsx"), "rb") as f:
        whole = f.read()
    with open(os.path.join(out, "truncated.xlsx"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    expected["truncated.xlsx"] = {"error": "damaged"}

    # LibreOffice: recalculated copies, a CSV import and an .ods round trip.
    lo = os.path.join(out, "lo")
    os.makedirs(lo, exist_ok=True)
    converted = soffice_convert(os.path.join(out, "openpyxl-ledger.xlsx"), lo)
    if converted:
        os.replace(converted, os.path.join(out, "libreoffice-ledger.xlsx"))
        expected["libreoffice-ledger.xlsx"] = dict(base, cells=cells + cached)
    converted = soffice_convert(os.path.join(out, "openpyxl-1904.xlsx"), lo)
    if converted:
        os.replace(converted, os.path.join(out, "libreoffice-1904.xlsx"))
        expected["libreoffice-1904.xlsx"] = dict(base, date1904=True, cells=cells1904 + cached1904)
    ods = soffice_convert(os.path.join(out, "openpyxl-ledger.xlsx"), lo, target="ods")
    if ods:
        converted = soffice_convert(ods, lo)
        if converted:
            os.replace(converted, os.path.join(out, "libreoffice-from-ods.xlsx"))
            expected["libreoffice-from-ods.xlsx"] = dict(base, cells=cells + cached)
    plain = os.path.join(lo, "from-csv.csv")
    with open(plain, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["问题", "数量", "单位"], ["漏报", "7", "县局"], ["", "", ""], ["迟报", "2.5", "乡镇"]])
    # Filter options: comma (44), double quote (34), UTF-8 (76), from line 1.
    converted = soffice_convert(plain, lo, infilter="CSV:44,34,76,1")
    if converted:
        os.replace(converted, os.path.join(out, "libreoffice-from-csv.xlsx"))
        expected["libreoffice-from-csv.xlsx"] = {
            "sheets": ["from-csv"], "date1904": False, "merges": {"0": []}, "rows": {"0": [1, 2, 4]},
            "cells": [[0, 1, 1, "text", "问题"], [0, 2, 1, "text", "漏报"], [0, 2, 2, "number", 7],
                      [0, 4, 2, "number", 2.5], [0, 4, 3, "text", "乡镇"]],
        }
    shutil.rmtree(lo, ignore_errors=True)

    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
    print("wrote %d fixtures to %s" % (len(expected), out))


if __name__ == "__main__":
    main()
