#!/usr/bin/env bash
# The test command: builds Taizhang and runs every suite.
#
#   bash scripts/test.sh
#
# On a fresh Debian machine (as root) it installs what the suites need when it is missing:
# PostgreSQL 15 from Debian (apt-get), and pytest, requests, jsonschema and
# openapi-schema-validator from PyPI (pip). It then
#   1. starts a throwaway PostgreSQL 15 cluster on 127.0.0.1 (free port, temp dir) and exports
#      TAIZHANG_TEST_POSTGRES=postgres://… so the Swift storage tests run on PostgreSQL as well
#      as on SQLite (without it they skip PostgreSQL and say so);
#   2. swift build (debug, with the tests) and swift test;
#   3. the end-to-end pytest suites in tests/e2e against .build/debug/taizhang
#      (API contract against the served OpenAPI document; SIGKILL crash test on SQLite);
#   4. the browser suites in tests/browser: headless Chromium (Selenium) on the served pages, on
#      a demo data set on SQLite, with axe-core accessibility checks; full-page screenshots
#      (1280 and 390 wide) go to test-output/screenshots, axe results to test-output/axe
#      (git-ignored). Chromium, chromedriver and the CJK fonts come from Debian, selenium,
#      axe-selenium-python and axe-core-python (a newer axe-core) from PyPI; when they cannot be
#      had, the browser suites are skipped with the reason, not failed;
#   5. the spreadsheet suites in tests/sheets: workbooks made by openpyxl (PyPI) and LibreOffice
#      (Debian's libreoffice-calc-nogui, headless) imported through the CLI and the pages, exports
#      read back by both and compared with the API, malformed and hostile files refused; without
#      LibreOffice its parts skip with the reason;
# stops PostgreSQL on exit and prints a summary of what ran, what passed and what was skipped
# and why. Exits non-zero if anything failed.
#
# Environment:
#   TAIZHANG_TEST_POSTGRES   use this PostgreSQL instead of starting one
#   TAIZHANG_NO_POSTGRES=1   do not start PostgreSQL (its suites are skipped)
#   TAIZHANG_NO_INSTALL=1    install nothing; skip what is missing
#   TAIZHANG_SKIP_E2E=1      skip the end-to-end suites
#   TAIZHANG_SKIP_BROWSER=1  skip the browser suites (and install nothing for them)
#   TAIZHANG_SKIP_SHEETS=1   skip the spreadsheet suites (and install nothing for them)
#   TAIZHANG_BROWSER_POSTGRES=0  run the browser suites on SQLite only (by default they run on
#                            PostgreSQL too whenever TAIZHANG_TEST_POSTGRES is set)
#   SWIFT_TEST_ARGS          extra arguments for swift test (e.g. "--filter Storage")
#   PYTEST_ARGS              extra arguments for pytest (e.g. "-k contract")
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
START_TIME=$(date +%s)

SUMMARY=()     # lines for the final summary
FAILED=0

note() { echo; echo "==> $*"; }
summary() { SUMMARY+=("$*"); }
fail() { summary "$*"; FAILED=1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/taizhang-test.XXXXXX")
PG_DIR=""
cleanup() {
    if [[ -n "$PG_DIR" ]]; then
        bash "$ROOT/scripts/postgres.sh" stop "$PG_DIR" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

is_root() { [[ $(id -u) -eq 0 ]]; }
APT_UPDATED=0
apt_install() {
    # apt_install PACKAGE… — installs with apt-get (apt-get update once per run).
    [[ -z "${TAIZHANG_NO_INSTALL:-}" ]] || return 1
    is_root && command -v apt-get >/dev/null || return 1
    if [[ $APT_UPDATED -eq 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq || echo "apt-get update failed"
        APT_UPDATED=1
        export TAIZHANG_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# ---------------------------------------------------------------------------------------------
note "Checking tools"
if ! command -v swift >/dev/null; then
    [[ -x /opt/swift/usr/bin/swift ]] && export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v swift >/dev/null || { echo "swift is not on PATH"; exit 1; }

PY=python3
PY_OK=1
if ! command -v $PY >/dev/null; then
    apt_install python3 python3-pip >/dev/null || true
fi
if command -v $PY >/dev/null; then
    missing=()
    for mod in pytest:pytest requests:requests jsonschema:jsonschema \
               openapi_schema_validator:openapi-schema-validator referencing:referencing; do
        $PY -c "import ${mod%%:*}" 2>/dev/null || missing+=("${mod#*:}")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        if [[ -z "${TAIZHANG_NO_INSTALL:-}" ]]; then
            echo "installing from PyPI: ${missing[*]}"
            $PY -m pip install -q --disable-pip-version-check "${missing[@]}" \
                || $PY -m pip install -q --disable-pip-version-check --break-system-packages "${missing[@]}" \
                || true
        fi
        for mod in pytest requests jsonschema openapi_schema_validator referencing; do
            $PY -c "import $mod" 2>/dev/null || { PY_OK=0; PY_MISSING="${PY_MISSING:-} $mod"; }
        done
    fi
else
    PY_OK=0
    PY_MISSING=" python3"
fi
# PDF reports are read through poppler, loaded at run time: the PDF tests need libpoppler-glib8.
PDF_STATUS="poppler present"
if ! ls /usr/lib/*/libpoppler-glib.so.8* >/dev/null 2>&1; then
    if apt_install libpoppler-glib8 >/dev/null 2>&1; then
        PDF_STATUS="poppler installed (libpoppler-glib8)"
    else
        PDF_STATUS="skipped — libpoppler-glib8 is not installed and could not be installed (PDF report tests skip)"
    fi
fi
echo "pdf: $PDF_STATUS"
summary "PDF reports: $PDF_STATUS"
# The browser suites need Chromium and its driver (Debian's, same version), CJK fonts (else the
# Chinese in screenshots is boxes), selenium and axe from PyPI. Whatever is missing skips the
# browser suites with the reason (BROWSER_SKIP); it does not fail the run.
BROWSER_SKIP=""
if [[ -n "${TAIZHANG_SKIP_BROWSER:-}" ]]; then
    BROWSER_SKIP="TAIZHANG_SKIP_BROWSER is set"
else
    if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver || ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]]; then
        echo "installing chromium, chromium-driver, fonts-noto-cjk (apt-get)"
        apt_install chromium chromium-driver fonts-noto-cjk >/dev/null 2>&1 || true
    fi
    browser_missing=()
    [[ -x /usr/bin/chromium ]] || browser_missing+=("chromium")
    [[ -x /usr/bin/chromedriver ]] || browser_missing+=("chromium-driver")
    if [[ $PY_OK -eq 1 ]]; then
        pip_missing=()
        for mod in selenium:selenium axe_selenium_python:axe-selenium-python axe_core_python:axe-core-python; do
            $PY -c "import ${mod%%:*}" 2>/dev/null || pip_missing+=("${mod#*:}")
        done
        if [[ ${#pip_missing[@]} -gt 0 && -z "${TAIZHANG_NO_INSTALL:-}" ]]; then
            echo "installing from PyPI: ${pip_missing[*]}"
            $PY -m pip install -q --disable-pip-version-check "${pip_missing[@]}" \
                || $PY -m pip install -q --disable-pip-version-check --break-system-packages "${pip_missing[@]}" \
                || true
        fi
        # axe_core_python only brings a newer axe-core; without it the one axe-selenium-python bundles is used.
        for mod in selenium axe_selenium_python; do
            $PY -c "import $mod" 2>/dev/null || browser_missing+=("python module $mod")
        done
    else
        browser_missing+=("pytest")
    fi
    if [[ ${#browser_missing[@]} -gt 0 ]]; then
        BROWSER_SKIP="not installed and could not be installed: ${browser_missing[*]}"
    fi
fi
if [[ -z "$BROWSER_SKIP" ]]; then
    echo "browser: $(/usr/bin/chromium --version 2>/dev/null | head -n1), selenium $($PY -c 'import selenium; print(selenium.__version__)' 2>/dev/null)"
    [[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]] || summary "browser: fonts-noto-cjk is missing — Chinese in screenshots shows as boxes"
else
    echo "browser: skipped — $BROWSER_SKIP"
fi
echo "swift: $(swift --version 2>&1 | head -n1)"
[[ $PY_OK -eq 1 ]] && echo "python: $($PY --version 2>&1), pytest $($PY -c 'import pytest; print(pytest.__version__)')"

# ---------------------------------------------------------------------------------------------
note "PostgreSQL"
PG_STATUS=""
if [[ -n "${TAIZHANG_TEST_POSTGRES:-}" ]]; then
    PG_STATUS="given by TAIZHANG_TEST_POSTGRES"
    echo "using TAIZHANG_TEST_POSTGRES from the environment"
elif [[ -n "${TAIZHANG_NO_POSTGRES:-}" ]]; then
    PG_STATUS="skipped — TAIZHANG_NO_POSTGRES is set"
else
    pg_err="$WORK/postgres.err"
    if [[ -n "${TAIZHANG_NO_INSTALL:-}" ]] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        PG_STATUS="skipped — PostgreSQL is not installed and TAIZHANG_NO_INSTALL is set"
    elif ! bash scripts/postgres.sh install 2>"$pg_err"; then
        cat "$pg_err"
        PG_STATUS="skipped — $(tail -n1 "$pg_err" | sed 's/^postgres.sh: //')"
    else
        PG_DIR="$WORK/pg"
        if url=$(bash scripts/postgres.sh start "$PG_DIR" --fast 2>"$pg_err" | tail -n1) && [[ $url == postgres://* ]]; then
            cat "$pg_err"
            export TAIZHANG_TEST_POSTGRES="$url"
            PG_STATUS="started on ${url#*@} (throwaway cluster, stopped on exit)"
        else
            cat "$pg_err"
            PG_STATUS="skipped — $(tail -n1 "$pg_err" | sed 's/^postgres.sh: //')"
        fi
    fi
fi
echo "PostgreSQL: $PG_STATUS"
if [[ -n "${TAIZHANG_TEST_POSTGRES:-}" ]]; then
    summary "PostgreSQL: ${PG_STATUS}; TAIZHANG_TEST_POSTGRES=${TAIZHANG_TEST_POSTGRES}"
else
    summary "PostgreSQL: ${PG_STATUS} (the Swift storage tests ran on SQLite only)"
fi

# ---------------------------------------------------------------------------------------------
note "Generated and checked files (OpenAPI document, swift-format, module graph)"
# The OpenAPI document is generated by scripts/dev/openapi.py: regenerate it and fail on any difference.
cp Sources/TaizhangWeb/openapi.json "$WORK/openapi.committed.json"
if $PY scripts/dev/openapi.py >/dev/null && cmp -s Sources/TaizhangWeb/openapi.json "$WORK/openapi.committed.json"; then
    summary "OpenAPI document: regenerated, identical to the committed one"
else
    fail "OpenAPI document: FAILED — scripts/dev/openapi.py does not reproduce Sources/TaizhangWeb/openapi.json (run it and commit both)"
    cp "$WORK/openapi.committed.json" Sources/TaizhangWeb/openapi.json
fi
if command -v swift-format >/dev/null; then
    if swift-format lint --strict --configuration .swift-format -r Sources Tests 2>&1 | tee "$WORK/format.log" | head -20 && [[ ! -s "$WORK/format.log" ]]; then
        summary "swift-format lint --strict: clean"
    else
        fail "swift-format lint --strict: FAILED ($(wc -l < "$WORK/format.log") findings; run swift-format format -i -r Sources Tests)"
    fi
else
    summary "swift-format lint: skipped — swift-format is not on PATH"
fi
if $PY scripts/ci/module_graph.py; then
    summary "module graph: as the README draws it"
else
    fail "module graph: FAILED (see above)"
fi

# ---------------------------------------------------------------------------------------------
note "swift build (debug, with tests)"
build_start=$(date +%s)
if swift build --build-tests 2>&1 | tee "$WORK/build.log"; then
    build_ok=1
else
    build_ok=0
fi
build_time=$(( $(date +%s) - build_start ))
if [[ $build_ok -eq 1 ]]; then
    summary "swift build: ok (${build_time}s)"
else
    fail "swift build: FAILED (${build_time}s) — nothing else ran"
fi

# ---------------------------------------------------------------------------------------------
if [[ $build_ok -eq 1 ]]; then
    note "swift test"
    # shellcheck disable=SC2086
    swift test --skip-build ${SWIFT_TEST_ARGS:-} 2>&1 | tee "$WORK/swift-test.log"
    swift_rc=${PIPESTATUS[0]}
    # XCTest: "Executed 12 tests, with 0 failures"; Swift Testing: "Test run with 34 tests … passed".
    xct=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with [0-9]+ failures?" "$WORK/swift-test.log" | tail -n1)
    xct_n=$(sed -nE 's/.*Executed ([0-9]+) tests?, with ([0-9]+) failures?.*/\1/p' <<<"$xct")
    xct_f=$(sed -nE 's/.*Executed ([0-9]+) tests?, with ([0-9]+) failures?.*/\2/p' <<<"$xct")
    st=$(grep -E "Test run with [0-9]+ tests?" "$WORK/swift-test.log" | tail -n1)
    st_n=$(sed -nE 's/.*Test run with ([0-9]+) tests?.*/\1/p' <<<"$st")
    st_f=$(sed -nE 's/.*with ([0-9]+) issues?.*/\1/p' <<<"$st")
    parts=()
    [[ -n "$xct_n" && "$xct_n" != 0 ]] && parts+=("XCTest $xct_n tests, ${xct_f:-0} failures")
    [[ -n "$st_n" ]] && parts+=("Swift Testing $st_n tests${st_f:+, $st_f issues}")
    # Parameterised storage tests name their database: "db → postgres to …(db:) started".
    pg_cases=$(grep -cE "→ postgres to .* started" "$WORK/swift-test.log" || true)
    [[ "${pg_cases:-0}" -gt 0 ]] && parts+=("$pg_cases test cases ran on PostgreSQL")
    details=$(IFS=';'; echo "${parts[*]:-}" | sed 's/;/; /g')
    skipped_pg=$(grep -ciE "postgres.*(skip|unset|not set)|(skip|skipping).*postgres" "$WORK/swift-test.log" || true)
    if [[ $swift_rc -eq 0 ]]; then
        passed=$(( ${xct_n:-0} - ${xct_f:-0} + ${st_n:-0} ))
        summary "swift test: ${passed} passed${details:+ ($details)}"
    else
        fail "swift test: FAILED (exit $swift_rc)${details:+ ($details)}"
    fi
    if [[ -z "${TAIZHANG_TEST_POSTGRES:-}" && $skipped_pg -gt 0 ]]; then
        summary "swift test: PostgreSQL storage tests skipped (TAIZHANG_TEST_POSTGRES unset)"
    fi
fi

# ---------------------------------------------------------------------------------------------
# run_pytest_suite LABEL DIR — runs pytest on DIR against the built binary; adds its result, a count
# per file, and each skip reason (with how many tests it skipped) to the summary. Returns pytest's exit.
run_pytest_suite() {
    local label=$1 dir=$2 log="$WORK/pytest-${1}.log" rc line per_file
    local bin_dir
    bin_dir=$(swift build --show-bin-path 2>/dev/null || echo "$ROOT/.build/debug")
    export TAIZHANG_BIN="$bin_dir/taizhang"
    # shellcheck disable=SC2086
    $PY -m pytest "$dir" -p no:cacheprovider -v -rs ${PYTEST_ARGS:-} 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    line=$(grep -E "^=+ .*(passed|failed|error|skipped).* in [0-9.]+s" "$log" | tail -n1 | sed -E 's/^=+ //; s/ =+$//')
    per_file=$(grep -oE "^$dir/[a-z_]+\.py::[^ ]+ (PASSED|FAILED|ERROR|SKIPPED)" "$log" \
        | sed -E "s|^$dir/([a-z_]+)\.py::[^ ]+ ([A-Z]+)|\1 \2|" | sort | uniq -c \
        | awk '{printf "%s%s %d %s", (NR>1?", ":""), $2, $1, tolower($3)}')
    if [[ $rc -eq 0 ]]; then
        summary "$label (pytest): ${line:-ok}${per_file:+ ($per_file)}"
    else
        fail "$label (pytest): FAILED (exit $rc): ${line}${per_file:+ ($per_file)}"
    fi
    while IFS= read -r line; do
        summary "$label skipped: $line"
    done < <(grep -E "^SKIPPED" "$log" | sed -E 's/^SKIPPED \[[0-9]+\] [^ ]+:[0-9]+: //' \
             | sort | uniq -c | sed -E 's/^ *([0-9]+) (.*)$/\1 tests — \2/' || true)
    return "$rc"
}

if [[ $build_ok -eq 1 ]]; then
    note "end-to-end suites (pytest, tests/e2e)"
    if [[ -n "${TAIZHANG_SKIP_E2E:-}" ]]; then
        summary "e2e (pytest): skipped — TAIZHANG_SKIP_E2E is set"
    elif [[ $PY_OK -ne 1 ]]; then
        fail "e2e (pytest): NOT RUN — missing Python modules:${PY_MISSING:-} (pip could not install them)"
    else
        run_pytest_suite e2e tests/e2e
    fi
else
    summary "e2e (pytest): not run — the build failed"
fi

# ---------------------------------------------------------------------------------------------
if [[ $build_ok -eq 1 ]]; then
    note "browser suites (pytest, tests/browser)"
    if [[ -n "$BROWSER_SKIP" ]]; then
        summary "browser (pytest): skipped — $BROWSER_SKIP"
    else
        run_pytest_suite browser tests/browser
        n_shots=$(find "$ROOT/test-output/screenshots" -name '*.png' 2>/dev/null | wc -l)
        summary "browser: $n_shots screenshots in test-output/screenshots, axe results in test-output/axe"
    fi
else
    summary "browser (pytest): not run — the build failed"
fi

# ---------------------------------------------------------------------------------------------
if [[ $build_ok -eq 1 ]]; then
    note "spreadsheet suites (pytest, tests/sheets)"
    if [[ -n "${TAIZHANG_SKIP_SHEETS:-}" ]]; then
        summary "sheets (pytest): skipped — TAIZHANG_SKIP_SHEETS is set"
    elif [[ $PY_OK -ne 1 ]]; then
        fail "sheets (pytest): NOT RUN — missing Python modules:${PY_MISSING:-}"
    else
        if ! command -v soffice >/dev/null && [[ -z "${TAIZHANG_NO_INSTALL:-}" ]]; then
            echo "installing libreoffice-calc-nogui (apt-get)"
            apt_install libreoffice-calc-nogui >/dev/null 2>&1 || true
        fi
        command -v soffice >/dev/null || summary "sheets: LibreOffice is not installed and could not be — its workbooks and conversions skip"
        if ! $PY -c "import openpyxl" 2>/dev/null && [[ -z "${TAIZHANG_NO_INSTALL:-}" ]]; then
            $PY -m pip install -q --disable-pip-version-check openpyxl \
                || $PY -m pip install -q --disable-pip-version-check --break-system-packages openpyxl || true
        fi
        if $PY -c "import openpyxl" 2>/dev/null; then
            run_pytest_suite sheets tests/sheets
        else
            fail "sheets (pytest): NOT RUN — openpyxl could not be installed"
        fi
    fi
else
    summary "sheets (pytest): not run — the build failed"
fi

# ---------------------------------------------------------------------------------------------
# The report reader against the hand-made annotations in ../shared/corpus (issue 4).
SCORE="$ROOT/../shared/corpus/score.py"
if [[ $build_ok -eq 1 && -f "$SCORE" ]]; then
    note "report reader scoring (../shared/corpus/score.py --min-f1 0.9)"
    if $PY "$SCORE" --cmd "$ROOT/.build/debug/taizhang ingest --json" --min-f1 0.9 2>&1 | tee "$WORK/score.log"; then
        summary "report reader score: $(grep -E '^summary:' "$WORK/score.log" | head -1)"
    else
        fail "report reader score: FAILED ($(grep -E '^summary:' "$WORK/score.log" | head -1))"
    fi
elif [[ ! -f "$SCORE" ]]; then
    summary "report reader score: skipped — ../shared/corpus/score.py is not beside the checkout"
fi

# ---------------------------------------------------------------------------------------------
echo
echo "==================================== summary ===================================="
for line in "${SUMMARY[@]}"; do
    echo "  $line"
done
echo "  total time: $(( $(date +%s) - START_TIME ))s"
if [[ $FAILED -ne 0 ]]; then
    echo "RESULT: FAILED"
    exit 1
fi
echo "RESULT: all suites that ran passed"
exit 0
