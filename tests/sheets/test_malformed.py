"""Files that are not ledgers, or are hostile: each must be refused with a message that says what is
wrong, quickly, with nothing written — by the CLI and by the running server's import page — and the
server must keep answering.

A truncated zip, a PNG named .xlsx, a real Excel 97–2003 .xls (written by LibreOffice) named .xlsx,
billion-laughs XML in a sheet and in the shared strings, a sheet of 500 MB of zeros (a 1000:1
expansion), an entry that inflates past the size its directory declares, a sheet of 200,000
columns, 10 MB in one cell (inline, shared, CSV), invalid UTF-8 in a CSV, a CSV in GBK. The
malformed files of tests/sheets/make_fixtures.py are refused the same way, and its readable ones read.

SQLite only: a file is read before the database is touched.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import requests

import sheet_kit
from sheet_kit import inline_cell, worksheet_xml, write_package

TIME_LIMIT = 60  # seconds for one refusal, generous for a debug build on 2 cores
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Case:
    name: str  # file name as uploaded
    zh: str  # regex the Chinese message must match
    en: str  # regex the English message must match


CASES = [
    Case("truncated.xlsx", r"不完整|损坏", r"incomplete|damaged"),
    Case("picture.xlsx", r"不是 Excel 工作簿", r"not an Excel workbook"),
    Case("excel-97.xlsx", r"97–2003|\.xls", r"97–2003|\.xls"),
    Case("billion-laughs-sheet.xlsx", r"实体声明|文档类型", r"entity|document type"),
    Case("billion-laughs-strings.xlsx", r"实体声明|文档类型", r"entity|document type"),
    # 500 MB of zeros in the sheet part: a 1000:1 expansion, and not XML at all.
    Case("zeros-500mb.xlsx", r"解压后过大|损坏", r"expands|damaged"),
    # The directory says 4 KB, the data inflates to 64 MB.
    Case("lying-size.xlsx", r"解压后过大|损坏", r"expands|damaged"),
    Case("columns-200000.xlsx", r"列数", r"columns"),
    Case("cell-10mb-inline.xlsx", r"过长", r"too long"),
    Case("cell-10mb-shared.xlsx", r"过长", r"too long"),
    Case("cell-10mb.csv", r"过长", r"too long"),
    Case("invalid-utf8.csv", r"第 3 行 B 列.*UTF-8", r"row 3, column B.*not UTF-8"),
    Case("gbk.csv", r"GBK", r"GBK"),
]

HEADER = ["序号", "问题描述", "责任单位", "问题来源", "整改时限"]
TEN_MB = 10 << 20


def ledger_rows():
    return [HEADER, [1, "学校食堂卫生不达标\n后厨未落实分区管理", "清徐县", "巡视巡察", "2027-06-30"],
            [2, "道路破损未修复", "清徐县", "信访", "2027年6月30日"]]


def png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 16 for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def replace_part(src: Path, dst: Path, part: str, write) -> Path:
    """A copy of the package `src` whose `part` is written by `write(stream)` (streamed, deflated)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == part:
                target = zipfile.ZipInfo(part, date_time=info.date_time)
                target.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(target, "w") as f:
                    write(f)
            else:
                zout.writestr(info, zin.read(info.filename))
    return dst


def zeros(megabytes: int):
    chunk = bytes(1 << 20)

    def write(f):
        for _ in range(megabytes):
            f.write(chunk)

    return write


def declare_size(path: Path, part: str, size: int) -> None:
    """Rewrites the uncompressed size the zip declares for `part` (local header and directory)."""
    b = bytearray(path.read_bytes())
    name = part.encode()
    i = b.find(b"PK\x01\x02")
    while i != -1:
        n = struct.unpack_from("<H", b, i + 28)[0]
        if bytes(b[i + 46:i + 46 + n]) == name:
            struct.pack_into("<I", b, i + 24, size)
            local = struct.unpack_from("<I", b, i + 42)[0]
            struct.pack_into("<I", b, local + 22, size)
            path.write_bytes(bytes(b))
            return
        i = b.find(b"PK\x01\x02", i + 4)
    raise AssertionError(f"{part} not in {path}")


BILLION_LAUGHS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


@pytest.fixture(scope="module")
def files(workdir, lo) -> dict[str, Path]:
    d = workdir / "malformed"
    d.mkdir(exist_ok=True)
    out: dict[str, Path] = {}

    # A valid ledger (openpyxl: inline strings) and the same with shared strings (hand-made).
    base = d / "base.xlsx"
    wb = openpyxl.Workbook()
    for row in ledger_rows():
        wb.active.append(row)
    wb.save(base)
    rows_xml = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{sheet_kit.column_letters(c)}{r}" t="s"><v>{(r - 1) * len(HEADER) + c - 1}</v></c>'
                                   for c in range(1, len(HEADER) + 1)) + "</row>"
        for r in range(1, 4)
    )
    strings = [str(v) for row in ledger_rows() for v in row]
    shared = write_package(d / "shared.xlsx", [("台账", worksheet_xml(rows_xml))], shared_strings=strings)

    whole = base.read_bytes()
    (d / "truncated.xlsx").write_bytes(whole[: len(whole) * 2 // 3])
    out["truncated.xlsx"] = d / "truncated.xlsx"
    (d / "picture.xlsx").write_bytes(png())
    out["picture.xlsx"] = d / "picture.xlsx"

    xls = lo([base], "xls", d / "lo")[base]
    assert xls.read_bytes()[:8] == bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), "LibreOffice did not write an OLE2 .xls"
    out["excel-97.xlsx"] = shutil.copy(xls, d / "excel-97.xlsx")

    bomb = BILLION_LAUGHS + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    out["billion-laughs-sheet.xlsx"] = replace_part(base, d / "billion-laughs-sheet.xlsx", "xl/worksheets/sheet1.xml",
                                                    lambda f: f.write(bomb.encode()))
    sst = BILLION_LAUGHS + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    out["billion-laughs-strings.xlsx"] = replace_part(shared, d / "billion-laughs-strings.xlsx", "xl/sharedStrings.xml",
                                                      lambda f: f.write(sst.encode()))

    out["zeros-500mb.xlsx"] = replace_part(base, d / "zeros-500mb.xlsx", "xl/worksheets/sheet1.xml", zeros(500))
    out["lying-size.xlsx"] = replace_part(base, d / "lying-size.xlsx", "xl/worksheets/sheet1.xml", zeros(64))
    declare_size(out["lying-size.xlsx"], "xl/worksheets/sheet1.xml", 4096)

    wide = "".join(f'<c r="{sheet_kit.column_letters(c)}1"><v>{c}</v></c>' for c in range(1, 200_001))
    out["columns-200000.xlsx"] = write_package(d / "columns-200000.xlsx", [("台账", worksheet_xml(f'<row r="1">{wide}</row>'))])

    big = "问题" * (TEN_MB // 6 + 1)  # 10 MB of UTF-8
    head = '<row r="1">' + "".join(inline_cell(f"{sheet_kit.column_letters(c)}1", h) for c, h in enumerate(HEADER, 1)) + "</row>"
    row2 = '<row r="2">' + inline_cell("A2", "1") + inline_cell("B2", big) + inline_cell("C2", "清徐县") + "</row>"
    out["cell-10mb-inline.xlsx"] = write_package(d / "cell-10mb-inline.xlsx", [("台账", worksheet_xml(head + row2))])
    ss_rows = ('<row r="1">' + "".join(f'<c r="{sheet_kit.column_letters(c)}1" t="s"><v>{c - 1}</v></c>' for c in range(1, len(HEADER) + 1))
               + f'</row><row r="2"><c r="B2" t="s"><v>{len(HEADER)}</v></c></row>')
    out["cell-10mb-shared.xlsx"] = write_package(d / "cell-10mb-shared.xlsx", [("台账", worksheet_xml(ss_rows))],
                                                 shared_strings=HEADER + [big])
    header_line = ",".join(HEADER) + "\r\n"
    (d / "cell-10mb.csv").write_bytes(("\ufeff" + header_line + f"1,\"{big}\",清徐县,巡视巡察,2027-06-30\r\n").encode())
    out["cell-10mb.csv"] = d / "cell-10mb.csv"

    lines = [",".join(str(v).replace("\n", " ") for v in row) for row in ledger_rows()]
    good = ("\r\n".join(lines) + "\r\n").encode()
    third = good.index("道路".encode())
    (d / "invalid-utf8.csv").write_bytes(good[:third] + b"\xff\xfe" + good[third:])
    out["invalid-utf8.csv"] = d / "invalid-utf8.csv"
    (d / "gbk.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    out["gbk.csv"] = d / "gbk.csv"

    assert set(out) == {c.name for c in CASES}
    for p in out.values():
        assert p.stat().st_size < 64 << 20, f"{p.name} is bigger than the upload limit: {p.stat().st_size}"
    return out


@pytest.fixture(scope="module")
def baseline(sqlite_site, workdir):
    return sqlite_site.fingerprint(workdir)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cli_refuses(sqlite_site, files, baseline, workdir, case):
    """`taizhang import FILE --on-match update --json` (not a dry run, so it would write if it
    could), against the data directory the server is serving."""
    site = sqlite_site
    try:
        rc, out, elapsed, proc = site.import_json(files[case.name], "--on-match", "update", timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.name}: `taizhang import` did not finish within {TIME_LIMIT} s")
    assert rc != 0, f"{case.name}: exited 0: {json.dumps(out, ensure_ascii=False)[:1500]}"
    assert proc.returncode in (1,), f"{case.name}: exit {proc.returncode} (a crash?): {proc.stderr[-2000:]}"
    assert "error" in out, (
        f"{case.name}: not refused as an unreadable file; the import says instead: "
        + json.dumps({k: out.get(k) for k in ("issues", "rows", "remarks")}, ensure_ascii=False)[:1500]
    )
    err = out["error"]
    assert re.search(case.zh, err["zh"]), f"{case.name}: the message does not say why: {err['zh']}"
    assert re.search(case.en, err["en"], re.I), f"{case.name}: the message does not say why: {err['en']}"
    assert "result" not in out
    assert site.fingerprint(workdir) == baseline, f"{case.name}: the ledger changed"
    assert site.alive(), f"the server stopped answering after the CLI read {case.name}:\n{site.server.log_tail()}"


PLACED = {"columns-200000.xlsx": "第 1 行 XFE 列", "cell-10mb-inline.xlsx": "第 2 行 B 列", "cell-10mb-shared.xlsx": "第 2 行 B 列",
          "cell-10mb.csv": "第 2 行 B 列", "invalid-utf8.csv": "第 3 行 B 列"}


@pytest.mark.parametrize("name", sorted(PLACED))
def test_the_place_is_said_once(sqlite_site, files, name):
    """A refusal at a cell names the cell, once (not “第 2 行 B 列：第 2 行 B 列的单元格…”)."""
    _, out, _, _ = sqlite_site.import_json(files[name], "--dry-run", timeout=TIME_LIMIT)
    zh, en = out["error"]["zh"], out["error"]["en"]
    assert zh.count(PLACED[name]) == 1, f"{name}: {zh}"
    place_en = re.search(r"row \d+, column [A-Z]+", en).group(0)
    assert en.count(place_en) == 1, f"{name}: {en}"


def test_cli_says_it_in_words(sqlite_site, files):
    """Without --json the person at the terminal reads the reason, in Chinese and English, not a trace."""
    proc = sqlite_site.cli("import", str(files["gbk.csv"]), "--as", "office", timeout=TIME_LIMIT)
    assert proc.returncode == 1
    assert "GBK" in proc.stderr and "UTF-8" in proc.stderr, proc.stderr
    assert "Fatal error" not in proc.stderr and "Stack" not in proc.stderr


class Pages:
    """A signed-in browser session without a browser: cookies and the form token."""

    def __init__(self, base: str, login: str = "office"):
        self.base = base
        self.s = requests.Session()
        r = self.s.get(base + "/sign-in", timeout=30)
        r = self.s.post(base + "/sign-in", data={"login": login, "password": sheet_kit.PASSWORD, "_csrf": self.token(r.text)},
                        allow_redirects=False, timeout=30)
        assert r.status_code in (302, 303), f"sign-in as {login}: HTTP {r.status_code}: {r.text[:500]}"

    @staticmethod
    def token(page: str) -> str:
        m = re.search(r'name="_csrf" value="([^"]+)"', page)
        assert m, f"no _csrf field in the page: {page[:500]}"
        return m.group(1)

    def upload(self, path: Path, mode: str = "stop") -> requests.Response:
        form = self.s.get(self.base + "/imports", timeout=30)
        assert form.status_code == 200, f"GET /imports: {form.status_code}"
        with open(path, "rb") as f:
            return self.s.post(self.base + "/imports", data={"_csrf": self.token(form.text), "mode": mode},
                               files={"file": (path.name, f, "application/octet-stream")}, timeout=TIME_LIMIT)


@pytest.fixture(scope="module")
def pages(sqlite_site):
    return Pages(sqlite_site.server.base)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_import_page_refuses(sqlite_site, pages, files, baseline, workdir, case):
    """POST /imports with the file (mode stop): a 4xx page showing the reason, never a 5xx; the server
    keeps answering; nothing is written."""
    started = time.monotonic()
    try:
        r = pages.upload(files[case.name])
    except requests.RequestException as e:
        pytest.fail(f"{case.name}: the server did not answer the upload: {e!r}\n{sqlite_site.server.log_tail()}")
    elapsed = time.monotonic() - started
    assert 400 <= r.status_code < 500, f"{case.name}: HTTP {r.status_code} after {elapsed:.1f} s: {r.text[:800]}"
    text = html.unescape(re.sub(r"<[^>]+>", " ", r.text))
    assert re.search(case.zh, text), f"{case.name}: the page does not show the reason: {text[:1500]}"
    assert sqlite_site.alive(), f"the server stopped answering after {case.name}:\n{sqlite_site.server.log_tail()}"
    assert sqlite_site.fingerprint(workdir) == baseline, f"{case.name}: the ledger changed"


@pytest.fixture(scope="module")
def made_fixtures(workdir):
    """tests/sheets/make_fixtures.py, run as its author meant it: make_fixtures.py OUT_DIR."""
    out = workdir / "make-fixtures"
    proc = subprocess.run([sys.executable, str(HERE / "make_fixtures.py"), str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"make_fixtures.py failed:\n{proc.stdout}\n{proc.stderr}"
    return out, json.loads((out / "expected.json").read_text(encoding="utf-8"))


KIND_WORDS = {"not_spreadsheet": r"不是 Excel 工作簿|97–2003", "damaged": r"不完整|损坏", "encoding": r"GBK|UTF-8"}


def test_make_fixtures_files(sqlite_site, made_fixtures, baseline, workdir):
    """Its refused files are refused with the reason; every workbook it says is readable is read
    (no refusal), and in its ledger-like ones the header is found under the merged title (row 2)."""
    out, expected = made_fixtures
    assert any("error" in e for e in expected.values()) and any("error" not in e for e in expected.values())
    problems = []
    for name, exp in sorted(expected.items()):
        rc, got, elapsed, _ = sqlite_site.import_json(out / name, "--dry-run", timeout=TIME_LIMIT)
        if "error" in exp:
            if "error" not in got or not re.search(KIND_WORDS[exp["error"]], got["error"]["zh"]):
                problems.append(f"{name}: expected a refusal ({exp['error']}), got {json.dumps(got, ensure_ascii=False)[:400]}")
        elif "error" in got:
            problems.append(f"{name}: a readable workbook was refused: {got['error']['zh']}")
        elif "整改台账" in exp.get("sheets", []):
            if not any("第 2 行" in m for m in got["remarks"]):
                problems.append(f"{name}: header not found in row 2: remarks {got['remarks']}, issues {got['issues'][:3]}")
    assert not problems, "\n".join(problems)
    assert sqlite_site.fingerprint(workdir) == baseline
