#!/usr/bin/env bash
# Spreadsheet benchmark (issue 10): export and import 100,000 problems, on SQLite and PostgreSQL.
#
#   bash Benchmarks/sheets/run.sh
#
# Builds the release binary, generates 100,000 problems with `taizhang demo` (a fresh data set
# each run: the import adds to it), then for each database, each step a separate `taizhang`
# process timed by /usr/bin/time (wall seconds and peak RSS of the whole process):
#   export-xlsx   taizhang export --as office --out ledger.xlsx          (all 100,000, the province office)
#   export-csv    taizhang export --as office --out ledger.csv
#   check-xlsx    taizhang import ledger.xlsx --on-match update --dry-run (read + check every row against
#                 the ledger: 100,000 unchanged rows; no writing)
#   import-xlsx   taizhang import new.xlsx --on-match stop               (100,000 new problems written in
#                 one transaction: the export with 问题编号 and 版本 emptied, made by openpyxl)
#   import-csv    the same rows as CSV, dry run (reading CSV)
# Writes OUT/results.jsonl and a Markdown table to OUT/report.md, and prints it.
#
# Environment: TAIZHANG_BENCH_DATABASES [sqlite postgres], TAIZHANG_BENCH_PROBLEMS [100000],
# TAIZHANG_BENCH_UNITS [3000], TAIZHANG_BENCH_OUT [bench-out/sheets], TAIZHANG_BENCH_SKIP_BUILD=1,
# TAIZHANG_BENCH_POSTGRES (an empty database; else a throwaway cluster from scripts/postgres.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
OUT=${TAIZHANG_BENCH_OUT:-$ROOT/bench-out/sheets}
PROBLEMS=${TAIZHANG_BENCH_PROBLEMS:-100000}
UNITS=${TAIZHANG_BENCH_UNITS:-3000}
DATABASES=${TAIZHANG_BENCH_DATABASES:-sqlite postgres}
PY=python3
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
log() { echo "==> $*" >&2; }

PG_STARTED=""
cleanup() { [[ -n "$PG_STARTED" ]] && bash "$ROOT/scripts/postgres.sh" stop "$PG_STARTED" >/dev/null 2>&1 || true; }
trap cleanup EXIT

$PY -c 'import openpyxl' 2>/dev/null || $PY -m pip install -q openpyxl || $PY -m pip install -q --break-system-packages openpyxl
if [[ -z "${TAIZHANG_BENCH_SKIP_BUILD:-}" ]]; then
    log "swift build -c release"
    swift build -c release --product taizhang
fi
BIN="$(swift build -c release --show-bin-path)/taizhang"
[[ -x "$BIN" ]] || { echo "no release binary at $BIN" >&2; exit 1; }
: >"$OUT/results.jsonl"

# timed DB STEP ROWS COMMAND… — runs one process under /usr/bin/time, appends {db, step, seconds, rss_mb, rows}.
timed() {
    local db=$1 step=$2 rows=$3
    shift 3
    log "$db $step: $*"
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >"$OUT/$db-$step.out" 2>"$OUT/$db-$step.err" || {
        tail -n 20 "$OUT/$db-$step.err" "$OUT/$db-$step.out" >&2
        return 1
    }
    read -r seconds kib < <(tail -n1 "$OUT/time.txt")
    local size=0
    [[ -f "$OUT/out-file" ]] && size=$(stat -c %s "$(cat "$OUT/out-file")") && rm -f "$OUT/out-file"
    echo "{\"db\": \"$db\", \"step\": \"$step\", \"seconds\": $seconds, \"rss_mb\": $((kib / 1024)), \"rows\": $rows, \"bytes\": $size}" >>"$OUT/results.jsonl"
    tail -n 3 "$OUT/$db-$step.out" >&2 || true
}

bench_db() {
    local db=$1 data=$2 url=${3:-}
    local dbargs=()
    [[ -n "$url" ]] && dbargs=(--database "$url")
    rm -rf "$data"
    log "$db: taizhang demo --units $UNITS --problems $PROBLEMS"
    "$BIN" demo --units "$UNITS" --problems "$PROBLEMS" --data "$data" "${dbargs[@]}" >"$OUT/demo-$db.log" 2>&1
    local cols=19
    echo "$OUT/ledger-$db.xlsx" >"$OUT/out-file"
    timed "$db" export-xlsx "$PROBLEMS" "$BIN" export --as office --out "$OUT/ledger-$db.xlsx" --data "$data" "${dbargs[@]}"
    echo "$OUT/ledger-$db.csv" >"$OUT/out-file"
    timed "$db" export-csv "$PROBLEMS" "$BIN" export --as office --out "$OUT/ledger-$db.csv" --data "$data" "${dbargs[@]}"
    timed "$db" check-xlsx "$PROBLEMS" "$BIN" import "$OUT/ledger-$db.xlsx" --as office --on-match update --dry-run \
        --data "$data" "${dbargs[@]}"
    grep -q "无变化 $PROBLEMS，" "$OUT/$db-check-xlsx.out" || { echo "the export did not re-import unchanged" >&2; cat "$OUT/$db-check-xlsx.out" >&2; return 1; }
    if [[ ! -f "$OUT/new.xlsx" ]]; then
        log "making new.xlsx and new.csv (the export with 问题编号 and 版本 emptied) with openpyxl"
        $PY - "$OUT/ledger-$db.csv" "$OUT/new.xlsx" "$OUT/new.csv" <<'PYEOF'
import csv, sys, datetime, openpyxl
src, xlsx, out_csv = sys.argv[1:]
rows = list(csv.reader(open(src, encoding="utf-8-sig")))
header = rows[0]
blank = {header.index(h) for h in ("问题编号", "版本", "完成日期", "是否逾期", "状态")}
body = [[("" if i in blank else v) for i, v in enumerate(r)] for r in rows[1:]]
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("台账")
ws.append(header)
dates = {header.index(h) for h in ("发现日期", "整改时限")}
for r in body:
    out = []
    for i, v in enumerate(r):
        if i in dates and len(v) == 10 and v[4] == "-":
            out.append(datetime.date(int(v[:4]), int(v[5:7]), int(v[8:])))
        else:
            out.append(v if v != "" else None)
    ws.append(out)
wb.save(xlsx)
with open(out_csv, "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f)
    w.writerow(header)
    w.writerows(body)
PYEOF
    fi
    timed "$db" check-csv "$PROBLEMS" "$BIN" import "$OUT/new.csv" --as office --dry-run --data "$data" "${dbargs[@]}"
    timed "$db" import-xlsx "$PROBLEMS" "$BIN" import "$OUT/new.xlsx" --as office --data "$data" "${dbargs[@]}"
    grep -q "已导入：新增 $PROBLEMS 个问题" "$OUT/$db-import-xlsx.out" || { echo "the import did not create every row" >&2; cat "$OUT/$db-import-xlsx.out" >&2; return 1; }
}

for db in $DATABASES; do
    case $db in
        sqlite) bench_db sqlite "$OUT/sqlite-data" ;;
        postgres)
            url=${TAIZHANG_BENCH_POSTGRES:-}
            if [[ -z "$url" ]]; then
                bash scripts/postgres.sh stop "$OUT/pg" >/dev/null 2>&1 || true
                rm -rf "$OUT/pg"
                url=$(bash scripts/postgres.sh start "$OUT/pg" | tail -n1)
                PG_STARTED="$OUT/pg"
            fi
            bench_db postgres "$OUT/pg-data" "$url"
            ;;
    esac
done

$PY - "$OUT/results.jsonl" >"$OUT/report.md" <<'PYEOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| database | step | rows | seconds | cells/s | peak RSS (MB) | file size |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    cells = r["rows"] * 19 / r["seconds"] if r["seconds"] else 0
    size = f'{r["bytes"] / 1e6:.1f} MB' if r["bytes"] else ""
    print(f'| {r["db"]} | {r["step"]} | {r["rows"]:,} | {r["seconds"]:.2f} | {cells / 1e6:.2f} M | {r["rss_mb"]} | {size} |')
PYEOF
cat "$OUT/report.md"
