"""Helpers for the spreadsheet suites: a demo site (data set + server), the CLI's import and export,
the API read whole, LibreOffice conversions, and small hand-made workbook parts.

The server side comes from tests/e2e/taizhang_e2e.py (imported, not copied), so every suite
starts the binary the same way.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "e2e"))

from taizhang_e2e import API, Client, Server, binary, clean_env, create_token, describe, make_demo  # noqa: E402,F401  (describe: re-exported)

PASSWORD = "taizhang-demo"  # every demo user's password

# The columns of an export, in order (row 3 of the sheet 问题台账).
COLUMNS = [
    "序号", "问题编号", "问题来源", "来源说明", "问题类别", "问题描述", "整改措施", "责任单位", "配合单位",
    "责任领导", "责任人", "发现日期", "整改时限", "整改类型", "状态", "整改进展", "完成日期", "是否逾期", "版本",
]
HEADER_ROW = 3


class Site:
    """A demo data set (SQLite in `data`, or the PostgreSQL database `database`) with a server on it."""

    def __init__(self, data: Path, database: str | None, kind: str, log: Path):
        self.data = Path(data)
        self.database = database
        self.kind = kind
        self.server = Server(self.data, log=log, database=database)
        self.tokens: dict[str, str] = {}
        self.clients: dict[str, Client] = {}

    # --- the CLI ---------------------------------------------------------------------------

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """`taizhang ARGS… --data DATA [--database URL]`, not checked; raises TimeoutExpired on a hang."""
        cmd = [str(binary()), *map(str, args), "--data", str(self.data)]
        if self.database:
            cmd += ["--database", self.database]
        return subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, env=clean_env(), stdin=subprocess.DEVNULL
        )

    def import_json(self, path: Path, *flags: str, login: str = "office", timeout: float = 120):
        """`taizhang import PATH --as LOGIN --json FLAGS…` → (exit code, the JSON it printed, elapsed s, process)."""
        started = time.monotonic()
        proc = self.cli("import", str(path), "--as", login, "--json", *flags, timeout=timeout)
        elapsed = time.monotonic() - started
        try:
            out = json.loads(proc.stdout)
        except ValueError:
            raise AssertionError(
                f"`taizhang import {path.name} {' '.join(flags)}` exited {proc.returncode} without one JSON object on stdout\n"
                f"--- stdout ---\n{proc.stdout[-3000:]}\n--- stderr ---\n{proc.stderr[-3000:]}"
            ) from None
        return proc.returncode, out, elapsed, proc

    def export(self, out: Path, *flags: str, login: str = "office") -> Path:
        proc = self.cli("export", "--as", login, "--out", str(out), *flags)
        assert proc.returncode == 0, f"`taizhang export --as {login} --out {out.name}` exited {proc.returncode}: {proc.stderr[-2000:]}"
        assert out.exists(), f"`taizhang export` exited 0 but wrote no {out}"
        return out

    # --- the API ---------------------------------------------------------------------------

    def token(self, login: str = "office") -> str:
        if login not in self.tokens:
            self.tokens[login] = create_token(self.data, login, database=self.database)
        return self.tokens[login]

    def client(self, login: str = "office") -> Client:
        if login not in self.clients:
            self.clients[login] = Client(self.server.base, self.token(login))
        return self.clients[login]

    def problems(self, login: str = "office", **params) -> list[dict]:
        """Every problem the list gives `login`, page after page (its default order)."""
        c = self.client(login)
        items: list[dict] = []
        cursor = None
        while True:
            q = dict(params, limit=200)
            if cursor:
                q["cursor"] = cursor
            page = c.json(API + "/problems", params=q)
            items += page["items"]
            cursor = page.get("nextCursor")
            if not cursor:
                return items

    def detail(self, problem_id: int, login: str = "office") -> dict:
        return self.client(login).json(f"{API}/problems/{problem_id}")

    def units(self, login: str = "office") -> list[dict]:
        """Every unit in `login`'s scope, each with `parent` (the parent's dict or None)."""
        c = self.client(login)
        out: list[dict] = []

        def walk(parent):
            params = {"parent": parent["id"]} if parent else {}
            for u in c.json(API + "/units", params=params)["items"]:
                u = dict(u, parent=parent)
                out.append(u)
                walk(u)

        walk(None)
        return out

    def fingerprint(self, workdir: Path) -> tuple:
        """What any write would change: every problem's id, number, version and update time (API),
        and the whole ledger as a CSV export (every field, all measures, the newest note)."""
        listed = sorted((p["id"], p["number"], p["version"], p["updatedAt"]) for p in self.problems())
        out = Path(tempfile.mkdtemp(prefix="fp-", dir=workdir)) / "ledger.csv"
        self.export(out)
        return len(listed), listed, out.read_bytes()

    def alive(self) -> bool:
        if self.server.proc is None or self.server.proc.poll() is not None:
            return False
        r = self.client().get(API + "/me", timeout=30)
        return r.status_code == 200


def start_site(workdir: Path, name: str, kind: str, postgres_url: str | None) -> Site:
    from taizhang_e2e import fresh_postgres_database

    database = fresh_postgres_database(postgres_url, f"taizhang_sheets_{name}") if kind == "postgres" else None
    data = workdir / f"data-{name}-{kind}"
    make_demo(data, units=30, problems=200, seed=7, database=database)
    site = Site(data, database, kind, log=workdir / f"server-{name}-{kind}.log")
    site.server.start()
    return site


# --- LibreOffice ---------------------------------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(paths: list[Path], target: str, outdir: Path, infilter: str | None = None, timeout: float = 300) -> dict[Path, Path]:
    """Converts every file with ONE headless LibreOffice run (in a private profile, so parallel
    runs and the developer's own LibreOffice do not collide). Returns {source: converted}."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    cmd = [exe, "--headless", "--norestore", "-env:UserInstallation=file://" + profile]
    if infilter:
        cmd.append("--infilter=" + infilter)
    cmd += ["--convert-to", target, "--outdir", str(outdir), *map(str, paths)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = target.split(":")[0]
    out = {}
    for p in paths:
        q = outdir / (Path(p).stem + "." + ext)
        if not q.exists():
            raise RuntimeError(f"LibreOffice did not convert {p} to {ext}:\n{proc.stdout}\n{proc.stderr}")
        out[Path(p)] = q
    return out


# --- Values ----------------------------------------------------------------------------------


def excel_serial(d: datetime.date, epoch1904: bool = False) -> int:
    base = datetime.date(1904, 1, 1) if epoch1904 else datetime.date(1899, 12, 30)
    return (d - base).days


def measures_cell(texts: list[str]) -> str:
    """整改措施 as the README says an export writes it: one per line, numbered when several."""
    if len(texts) == 1:
        return texts[0]
    return "\n".join(f"{i}. {t}" for i, t in enumerate(texts, start=1))


def newest_note(detail: dict) -> str | None:
    notes = detail.get("notes") or []
    return max(notes, key=lambda n: n["id"])["text"] if notes else None


def measures_of(detail: dict) -> list[str]:
    return [m["text"] for m in sorted(detail.get("measures") or [], key=lambda m: m["id"])]


# --- Hand-made workbook parts -----------------------------------------------------------------


def column_letters(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
{sheets}
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

# cellXfs: 0 General, 1 a date (built-in 14), 2 a Chinese custom date format.
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""


def write_package(
    path: Path, sheets: list[tuple[str, str]], date1904: bool = False, shared_strings: list[str] | None = None,
) -> Path:
    """A minimal .xlsx: `sheets` is [(name, worksheet XML)]; a shared strings part when `shared_strings` is given."""
    overrides = "\n".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared_strings is not None:
        overrides += '\n<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        + (f'<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>")
        + "<sheets>"
        + "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, (n, _) in enumerate(sheets, start=1))
        + "</sheets></workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        + (
            f'<Relationship Id="rId{len(sheets) + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            if shared_strings is not None else ""
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets=overrides))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/styles.xml", STYLES)
        for i, (_, xml) in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if shared_strings is not None:
            z.writestr(
                "xl/sharedStrings.xml",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(shared_strings)}" uniqueCount="{len(shared_strings)}">'
                + "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in shared_strings) + "</sst>",
            )
    return path


def worksheet_xml(rows_xml: str, merges: list[str] = ()) -> str:
    merge = ""
    if merges:
        merge = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows_xml}</sheetData>{merge}</worksheet>"
    )


def inline_cell(ref: str, text: str, rich: bool = False) -> str:
    """A cell holding its text inline (t="inlineStr"), as a plain <t> or as rich-text runs."""
    if rich and len(text) > 1:
        half = len(text) // 2
        runs = "".join(
            f'<r><rPr><b/></rPr><t xml:space="preserve">{escape(part)}</t></r>' for part in (text[:half], text[half:])
        )
        return f'<c r="{ref}" t="inlineStr"><is>{runs}</is></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def number_cell(ref: str, value, style: int = 0) -> str:
    return f'<c r="{ref}"' + (f' s="{style}"' if style else "") + f"><v>{value}</v></c>"


def formula_string_cell(ref: str, formula: str, cached: str) -> str:
    return f'<c r="{ref}" t="str"><f>{escape(formula)}</f><v>{escape(cached)}</v></c>'
