#!/usr/bin/env bash
# Report reader speed: builds the reader in release mode in a scratch package (so it does not
# touch the main build folder) and times cleaning plus finding on the corpus replicated to
# TARGET_MB megabytes (default 40) on one core.
#   Benchmarks/reader/run.sh [TARGET_MB [FILE…]]   (files default to ../shared/corpus/*.txt)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
corpus="${CORPUS:-$repo/../shared/corpus}"
work="${BENCH_DIR:-${TMPDIR:-/tmp}/taizhang-reader-bench}"
mkdir -p "$work/Sources/reader-bench"
for module in TaizhangIntake TaizhangZip TaizhangText; do
    ln -sfn "$repo/Sources/$module" "$work/Sources/$module"
done
cp "$here/main.swift" "$work/Sources/reader-bench/main.swift"
cat > "$work/Package.swift" <<'SWIFT'
// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "ReaderBench",
    targets: [
        .target(name: "TaizhangZip"),
        .target(name: "TaizhangText"),
        .target(name: "TaizhangIntake", dependencies: ["TaizhangZip", "TaizhangText"]),
        .executableTarget(name: "reader-bench", dependencies: ["TaizhangIntake"]),
    ]
)
SWIFT
(cd "$work" && swift build -c release --product reader-bench >&2)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(swift --version 2>&1 | head -1)"
target="${1:-40}"
shift || true
if [ "$#" -eq 0 ]; then set -- "$corpus"/*.txt; fi
taskset -c 0 "$work/.build/release/reader-bench" "$target" "$@"
