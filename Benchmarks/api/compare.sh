#!/usr/bin/env bash
# Side-by-side API load benchmark of two revisions on the same data, same machine, same run.
#
#   bash Benchmarks/api/compare.sh BEFORE_REV [AFTER_REV=HEAD]
#
# Builds both release binaries (BEFORE in a git worktree under the output directory), generates
# the data set once with the BEFORE binary (the AFTER binary migrates it forward; every binary
# ignores migrations newer than itself), then runs Benchmarks/api/run.sh in the order
# before, after, after, before for each database, so warm caches and drift favour neither.
# Writes OUT/compare.md (each scenario's req/s and p99 for both, and the change) and prints it.
#
# Environment: as run.sh (TAIZHANG_BENCH_DATABASES, _UNITS, _PROBLEMS, _DURATION, …), plus
#   TAIZHANG_COMPARE_OUT [bench-out/compare]   work and result directory (git-ignored)
#   TAIZHANG_COMPARE_ROUNDS ["before after after before"]
#   TAIZHANG_COMPARE_CONTINUE=1   add rounds to an earlier run (same data), e.g. for one database
#   A round's results for a database can be left out of the comparison by listing "round-N/db"
#   in OUT/excluded (one per line, with the reason after a space), and the report says so.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
BEFORE=${1:?usage: compare.sh BEFORE_REV [AFTER_REV]}
AFTER=${2:-HEAD}
OUT=${TAIZHANG_COMPARE_OUT:-$ROOT/bench-out/compare}
ROUNDS=${TAIZHANG_COMPARE_ROUNDS:-before after after before}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
log() { echo "==> $*" >&2; }

# build NAME REV — a release binary of REV; HEAD builds in place, anything else in a worktree.
build() {
    local name=$1 rev=$2 src
    if [[ $rev == HEAD ]]; then
        src=$ROOT
    else
        src=$OUT/src-$name
        if [[ ! -d $src ]]; then
            git worktree add --detach "$src" "$rev" >&2
        else
            git -C "$src" checkout --quiet --detach "$rev"
        fi
        # The package mirror is configured per machine; the worktree resolves the same way.
    fi
    log "release build of $name ($(git -C "$src" rev-parse --short HEAD))"
    (cd "$src" && swift build -c release --product taizhang >&2)
    echo "$(cd "$src" && swift build -c release --show-bin-path)/taizhang"
}

BIN_before=$(build before "$BEFORE")
BIN_after=$(build after "$AFTER")
REV_before=$(git rev-parse --short "$BEFORE")
REV_after=$(git rev-parse --short "$AFTER")

# Every round uses the data the first one generated (run.sh keeps it under its OUT): after the
# first round it moves to OUT/shared, and each later round links to it.
n=0
if [[ -n "${TAIZHANG_COMPARE_CONTINUE:-}" ]]; then
    # More rounds on the data an earlier run generated (numbered after its rounds).
    n=$(ls -d "$OUT"/round-* 2>/dev/null | wc -l)
    [[ $n -gt 0 ]] || { echo "nothing to continue in $OUT" >&2; exit 1; }
else
    rm -rf "$OUT"/round-* "$OUT/shared"
fi
mkdir -p "$OUT/shared"
for name in $ROUNDS; do
    n=$((n + 1))
    dir=$OUT/round-$n-$name
    mkdir -p "$dir"
    if [[ $n -gt 1 ]]; then
        for d in sqlite-data pg-data pg; do [[ -e "$OUT/shared/$d" ]] && ln -sfn "$OUT/shared/$d" "$dir/$d"; done
    fi
    bin_var=BIN_$name
    log "round $n: $name (${!bin_var})"
    # The first round generates the data (with the before binary); the others reuse it.
    TAIZHANG_BENCH_OUT=$dir TAIZHANG_BENCH_BIN=${!bin_var} TAIZHANG_BENCH_REUSE=$([[ $n -gt 1 ]] && echo 1 || true) \
        bash Benchmarks/api/run.sh >"$dir/run.log" 2>&1 || { tail -n 30 "$dir/run.log" >&2; exit 1; }
    echo "$name" >"$dir/which"
    if [[ $n -eq 1 ]]; then
        for d in sqlite-data pg-data pg; do
            [[ -e "$dir/$d" ]] && mv "$dir/$d" "$OUT/shared/$d" && ln -sfn "$OUT/shared/$d" "$dir/$d"
        done
    fi
done

python3 "$ROOT/Benchmarks/api/bench.py" compare "$OUT" "$REV_before" "$REV_after" | tee "$OUT/compare.md"
