"""Checks the module graph the README draws, from the package itself (`swift package dump-package`).

The pure modules import no I/O module; the web module is a leaf that only the CLI and its own
tests use; the test support and the domain and storage tests build without Hummingbird.
"""
import json
import subprocess
import sys

ALLOWED = {
    "TaizhangZip": set(),
    "TaizhangText": set(),
    # Spreadsheets: pure, on the one zip reader and the system's zlib (deflate for writing).
    "CZlib": set(),
    "TaizhangSheet": {"TaizhangZip", "CZlib"},
    "TaizhangDomain": {"TaizhangZip", "TaizhangText", "TaizhangSheet"},
    "TaizhangIntake": {"TaizhangZip", "TaizhangText"},
    "TaizhangStorage": {"TaizhangDomain", "SQLKit", "SQLiteKit", "PostgresKit", "PostgresNIO", "Crypto", "Logging"},
    # Bcrypt (a C library, no HTTP) and a thread pool for CPU work; no Hummingbird.
    "TaizhangPDF": set(),
    "TaizhangApp": {"TaizhangDomain", "TaizhangStorage", "TaizhangIntake", "TaizhangPDF", "TaizhangSheet", "HummingbirdBcrypt", "NIOPosix", "Logging"},
    "TaizhangWeb": {"TaizhangDomain", "TaizhangStorage", "TaizhangIntake", "TaizhangApp", "Hummingbird", "HummingbirdBcrypt"},
    "TestSupport": {"TaizhangDomain", "TaizhangStorage", "TaizhangApp", "SQLKit"},
    "TaizhangDomainTests": {"TaizhangDomain", "TaizhangSheet", "TestSupport"},
    "TaizhangSheetTests": {"TaizhangSheet", "TaizhangZip"},
    "TaizhangStorageTests": {"TaizhangStorage", "TestSupport"},
    "TaizhangAppTests": {"TaizhangApp", "TaizhangIntake", "TaizhangPDF", "TaizhangSheet", "TestSupport"},
}
NEVER = {"TaizhangSheetTests", "TaizhangAppTests", "TestSupport", "TaizhangDomainTests", "TaizhangStorageTests", "TaizhangIntakeTests"}

package = json.loads(subprocess.run(["swift", "package", "dump-package"], capture_output=True, text=True, check=True).stdout)
graph = {}
for target in package["targets"]:
    deps = set()
    for d in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in d:
                deps.add(d[kind][0])
    graph[target["name"]] = deps

problems = []
for name, allowed in ALLOWED.items():
    if name not in graph:
        problems.append(f"{name}: missing from the package")
        continue
    extra = graph[name] - allowed
    if extra:
        problems.append(f"{name} depends on {sorted(extra)}, which the module graph does not allow")
for name in NEVER:
    if "TaizhangWeb" in graph.get(name, set()):
        problems.append(f"{name} depends on TaizhangWeb")
for name in sorted(graph):
    print(f"  {name} -> {', '.join(sorted(graph[name])) or '(nothing)'}")
# Handlers decode, call one use case and encode: the web module never reaches past the
# application layer into the repositories or the blob store.
import pathlib
import re
for path in sorted(pathlib.Path("Sources/TaizhangWeb").rglob("*.swift")):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.search(r"\bservices\.(problems|users|units|campaigns|reports|files|store)\b|\b(ProblemRepository|UserRepository|UnitRepository|CampaignRepository|ReportRepository|BlobStore)\(", line):
            problems.append(f"{path}:{number}: the web module calls storage directly; call a use case (TaizhangApp)")
if problems:
    print("module graph: FAILED\n  " + "\n  ".join(problems))
    sys.exit(1)
print("module graph: ok")
