"""Per-report differences between the reader and the hand-made annotations, field by field.

    python3 scripts/dev/reader_diff.py [--docs DIR --gold DIR] [--only NAME] [--field problems]

Uses the matching rules of ../shared/corpus/score.py, so a miss here is a miss there; prints what
was missed (gold, not found) and what was extra (found, not in gold) for each report.
"""
import argparse, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")
sys.path.insert(0, CORPUS)
import score  # noqa: E402


def unmatched(gold, pred, same):
    used, missed = set(), []
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and same(g, p):
                used.add(i)
                break
        else:
            missed.append(g)
    return missed, [p for i, p in enumerate(pred) if i not in used]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "debug", "taizhang"))
    ap.add_argument("--docs", default=None)
    ap.add_argument("--gold", default=None)
    ap.add_argument("--only", default=None)
    ap.add_argument("--field", action="append", default=None)
    a = ap.parse_args()
    sets = [(a.gold, a.docs)] if a.gold else [(os.path.join(CORPUS, "gold"), CORPUS), (os.path.join(CORPUS, "more"),) * 2]
    fields = a.field or ["problems", "quantities", "deadlines", "dates", "organizations", "meta", "body"]
    for gold_dir, docs in sets:
        for name in sorted(os.listdir(gold_dir)):
            if not name.endswith(".json") or (a.only and a.only not in name):
                continue
            gold = json.load(open(os.path.join(gold_dir, name), encoding="utf-8"))
            run = subprocess.run([a.bin, "ingest", "--json", os.path.join(docs, name[:-5] + ".txt")],
                                 capture_output=True, text=True)
            out = json.loads(run.stdout)
            lines = []
            for i, g in enumerate(gold["articles"]):
                p = out["articles"][i] if i < len(out["articles"]) else {}
                if "meta" in fields:
                    for k in ["title", "source", "published", "author"]:
                        if score.squash(g[k] or "") != score.squash(p.get(k) or ""):
                            lines.append(f"  {k}: want {g[k]!r} got {p.get(k)!r}")
                if "body" in fields:
                    body = score.squash(p.get("body", ""))
                    for s in g["must_contain"]:
                        if score.squash(s) not in body:
                            lines.append(f"  body misses: {s[:50]}")
                    for s in g["must_not_contain"]:
                        if s in (p.get("body") or ""):
                            lines.append(f"  body keeps: {s[:50]}")
                checks = {
                    "problems": (g["problems"], p.get("problems") or [], score.same_problem,
                                 lambda x: f"{x.get('problem')} → {(x.get('measure_starts_with') or (x.get('measures') or [''])[0])[:30]}"),
                    "quantities": (g["quantities"], p.get("quantities") or [], score.same_quantity, lambda x: f"{x['text']} {x['value']} {x['unit']}"),
                    "deadlines": ([d["text"] for d in g["deadlines"]], [d.get("text", "") for d in p.get("deadlines") or []],
                                  lambda x, y: score.squash(x) == score.squash(y), str),
                    "dates": (g["dates"], p.get("dates") or [], lambda x, y: score.squash(x) == score.squash(y), str),
                    "organizations": (g["organizations"], p.get("organizations") or [], lambda x, y: x == y, str),
                }
                for f, (gs, ps, same, show) in checks.items():
                    if f not in fields:
                        continue
                    missed, extra = unmatched(gs, ps, same)
                    for m in missed:
                        lines.append(f"  {f} missed: {show(m)}")
                    for e in extra:
                        lines.append(f"  {f} extra:  {show(e)}")
            if lines:
                print(name)
                print("\n".join(lines))


if __name__ == "__main__":
    main()
