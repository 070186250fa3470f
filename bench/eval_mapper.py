"""Measure the evidence mapper against the labelled set in ``data/evidence-mapping/``.

For a split (default ``heldout``: written before the mapper and never tuned on; ``train``: the
development set the lexicon was tuned against) this prints:

* per-area precision, recall and F1 of the **primary area** (the top mapping; an item with no
  mapping counts as a miss for its area), accuracy and macro-F1 over the nine areas;
* the expectation accuracy (top mapping's expectation, on items labelled with one);
* the same area figures for the obvious alternative measured in the same run, a **keyword
  baseline** that picks the area whose ladder name and description share the most words with
  the text;
* a text-only run (no kind, no paths, no subkind: what ``ladder classify evidence`` sees);
* throughput of the default mapper, single-threaded, on at least 50,000 items (the split's
  items cycled; once as they are, once with a ~600-character Markdown description each).

Run from the repository root::

    .venv/bin/python bench/eval_mapper.py                 # held-out split
    .venv/bin/python bench/eval_mapper.py --split train -v
    .venv/bin/python bench/eval_mapper.py --json

Targets (issue 4): macro-F1 ≥ 0.80 on held-out; ≥ 20,000 items/s. Always exits 0.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ladder import framework  # noqa: E402
from ladder.mapping.mapper import Mapper  # noqa: E402
from ladder.mapping.rules import MapItem  # noqa: E402
from ladder.mapping.text import STOPWORDS, tokens  # noqa: E402

DATA = ROOT / "data" / "evidence-mapping"
TARGET_F1 = 0.80
TARGET_RATE = 20_000


def load(split: str) -> list[dict[str, Any]]:
    path = DATA / f"{split}.jsonl"
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def sha256(split: str) -> str:
    return hashlib.sha256((DATA / f"{split}.jsonl").read_bytes()).hexdigest()


def item_of(row: dict[str, Any], *, text_only: bool = False) -> MapItem:
    if text_only:
        return MapItem(row["text"])
    return MapItem(row["text"], kind=row.get("kind", "note"), data=row.get("data") or {})


class KeywordBaseline:
    """The area whose ladder name and description share the most words with the text."""

    def __init__(self, ladder: framework.Ladder) -> None:
        self.words = [
            (
                a.id,
                {
                    t
                    for t in tokens(f"{a.name} {a.description}")
                    if t not in STOPWORDS and len(t) > 2
                },
            )
            for a in ladder.areas
        ]

    def predict(self, text: str) -> str | None:
        toks = set(tokens(text))
        best, score = None, 0
        for area, words in self.words:
            n = len(toks & words)
            if n > score:
                best, score = area, n
        return best


def scores(areas: list[str], gold: list[str], pred: list[str | None]) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        if p == g:
            tp[g] += 1
        else:
            fn[g] += 1
            if p is not None:
                fp[p] += 1
    per = {}
    for a in areas:
        p = tp[a] / (tp[a] + fp[a]) if tp[a] + fp[a] else 0.0
        r = tp[a] / (tp[a] + fn[a]) if tp[a] + fn[a] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per[a] = {"precision": p, "recall": r, "f1": f, "support": tp[a] + fn[a]}
    return {
        "per_area": per,
        "macro_f1": sum(v["f1"] for v in per.values()) / len(areas),
        "accuracy": sum(tp.values()) / len(gold) if gold else 0.0,
        "unmapped": sum(1 for p in pred if p is None) / len(pred) if pred else 0.0,
    }


def rate(fn: Callable[[Any], Any], items: list[Any], n: int, rounds: int) -> tuple[float, float]:
    """Items per second over ``n`` items: the best and the median of ``rounds`` runs.

    The machines this runs on are shared and noisy (2-core VMs running other work); the best
    round is the least disturbed one, the median shows the spread.
    """
    batch = (items * (n // len(items) + 1))[:n]
    for it in batch[: min(2_000, n)]:  # warm the caches, as a long-running process would
        fn(it)
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for it in batch:
            fn(it)
        rates.append(n / (time.perf_counter() - start))
    rates.sort()
    return rates[-1], rates[len(rates) // 2]


def with_body(rows: list[dict[str, Any]]) -> list[MapItem]:
    """Each item with a ~600-character Markdown description borrowed from other items."""
    out = []
    for i, r in enumerate(rows):
        others = [rows[(i + k * 7) % len(rows)]["text"] for k in range(1, 6)]
        body = (
            "## Why\n"
            + " ".join(others[:3])
            + "\n\n```python\nprint('code is ignored')\n```\n- "
            + "\n- ".join(others[3:])
        )
        out.append(
            MapItem(r["text"], kind=r.get("kind", "note"), data=r.get("data") or {}, body=body * 2)
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="heldout", choices=["heldout", "train"])
    ap.add_argument(
        "--items", type=int, default=50_000, help="items for the throughput run (≥ 50,000)"
    )
    ap.add_argument(
        "--rounds", type=int, default=3, help="throughput rounds (best and median reported)"
    )
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = ap.parse_args(argv)

    ladder = framework.parse(framework.default_source()[1], source_name=framework.DEFAULT_LADDER)
    areas = [a.id for a in ladder.areas]
    rows = load(args.split)
    mapper = Mapper(ladder)
    baseline = KeywordBaseline(ladder)

    gold = [r["area"] for r in rows]
    suggestions = [mapper.suggest(item_of(r)) for r in rows]
    pred = [s[0].area if s else None for s in suggestions]
    text_only = [mapper.suggest(item_of(r, text_only=True)) for r in rows]
    pred_text = [s[0].area if s else None for s in text_only]
    pred_base = [baseline.predict(r["text"]) for r in rows]

    exp_n = exp_ok = 0
    for r, s in zip(rows, suggestions, strict=True):
        if r.get("expectation"):
            exp_n += 1
            exp_ok += bool(s) and s[0].expectation == r["expectation"]

    items = [item_of(r) for r in rows]
    n = max(args.items, 50_000)
    rounds = max(1, args.rounds)
    mapper_rate = rate(mapper.suggest, items, n, rounds)
    body_rate = rate(mapper.suggest, with_body(rows), n, rounds)
    base_rate = rate(baseline.predict, [r["text"] for r in rows], n, rounds)

    result = {
        "split": args.split,
        "items": len(rows),
        "sha256": sha256(args.split),
        "mapper": scores(areas, gold, pred),
        "mapper_text_only": scores(areas, gold, pred_text),
        "keyword_baseline": scores(areas, gold, pred_base),
        "expectation_accuracy": exp_ok / exp_n if exp_n else None,
        "expectation_items": exp_n,
        "items_per_second": {
            "mapper": mapper_rate[0],
            "mapper_median": mapper_rate[1],
            "mapper_with_body": body_rate[0],
            "baseline": base_rate[0],
            "n": n,
            "rounds": rounds,
        },
        "machine": f"{platform.system()} {platform.machine()} · Python {platform.python_version()}",
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0

    m, b, t = result["mapper"], result["keyword_baseline"], result["mapper_text_only"]
    print(
        f"split: {args.split} ({len(rows)} items, sha256 {result['sha256'][:16]}…) · {result['machine']}"
    )
    print()
    print("| area            | support | mapper P | mapper R | mapper F1 | baseline F1 |")
    print("|-----------------|--------:|---------:|---------:|----------:|------------:|")
    for a in areas:
        pa, ba = m["per_area"][a], b["per_area"][a]
        print(
            f"| {a:<15} | {pa['support']:>7} | {pa['precision']:>8.2f} | {pa['recall']:>8.2f} | {pa['f1']:>9.2f} | {ba['f1']:>11.2f} |"
        )
    print()
    print(
        f"macro-F1   mapper {m['macro_f1']:.3f} · text only {t['macro_f1']:.3f} · keyword baseline {b['macro_f1']:.3f}"
    )
    print(
        f"accuracy   mapper {m['accuracy']:.3f} · text only {t['accuracy']:.3f} · keyword baseline {b['accuracy']:.3f}"
    )
    print(
        f"no mapping mapper {m['unmapped']:.1%} · text only {t['unmapped']:.1%} · keyword baseline {b['unmapped']:.1%}"
    )
    ea = result["expectation_accuracy"]
    print(f"expectation accuracy (top mapping, {exp_n} items labelled with one): {ea:.3f}")
    ips = result["items_per_second"]
    print(
        f"throughput ({n:,} items, one thread, best of {rounds}): mapper {ips['mapper']:,.0f}/s "
        f"(median {ips['mapper_median']:,.0f}/s) · with a ~1 KB Markdown description "
        f"{ips['mapper_with_body']:,.0f}/s · keyword baseline {ips['baseline']:,.0f}/s"
    )
    print()
    print(
        f"target macro-F1 ≥ {TARGET_F1} on held-out: {'PASS' if m['macro_f1'] >= TARGET_F1 else 'FAIL'} ({m['macro_f1']:.3f}, split {args.split})"
    )
    print(
        f"target ≥ {TARGET_RATE:,} items/s: {'PASS' if ips['mapper'] >= TARGET_RATE else 'FAIL'} ({ips['mapper']:,.0f}/s)"
    )
    if args.verbose:
        print()
        for r, p, s in zip(rows, pred, suggestions, strict=True):
            if p != r["area"]:
                got = ", ".join(f"{x.area} {x.score:.1f}" for x in s) or "—"
                print(f"  {r['id']} want {r['area']:<15} got {got}: {r['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
