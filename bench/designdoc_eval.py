"""Measure the design-document checker against the hand-labelled corpus.

For each split of ``tests/corpus/designdocs`` (``main``: the development set the rules were
written against; ``heldout``: documents written after the rules were frozen) this prints:

* kind-detection accuracy (``--kind auto``),
* precision and recall of findings per code and overall (micro-averaged over
  (document, code) pairs, end to end: with the detected kind),
* the same figures for the obvious alternative, a headings-only linter that raises an
  aspect's ``*.missing`` code when no heading names it, measured in the same run,
* how long checking takes.

Run from the repository root::

    PYTHONPATH=src python bench/designdoc_eval.py            # both splits
    PYTHONPATH=src python bench/designdoc_eval.py --split heldout -v
    PYTHONPATH=src python bench/designdoc_eval.py --json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ladder.designdoc import check_file  # noqa: E402
from ladder.designdoc.parse import parse, read_text  # noqa: E402
from ladder.designdoc.rubric import RUBRICS, normalise_heading  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "designdocs"


@dataclass
class Tally:
    """True positives, false positives and false negatives per code."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, expected: set[str], got: set[str]) -> None:
        for code in expected & got:
            self.tp[code] += 1
        for code in got - expected:
            self.fp[code] += 1
        for code in expected - got:
            self.fn[code] += 1

    def totals(self) -> tuple[int, int, int]:
        return sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())

    def precision_recall(self) -> tuple[float | None, float | None]:
        tp, fp, fn = self.totals()
        return _ratio(tp, tp + fp), _ratio(tp, tp + fn)


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _fmt(value: float | None) -> str:
    return "   —  " if value is None else f"{value:6.2f}"


def headings_only(path: Path, kind: str) -> set[str]:
    """The obvious alternative: a linter that only checks that expected headings exist."""
    doc = parse(read_text(path), path=str(path))
    headings = [normalise_heading(s.title) for s in doc.body_sections()]
    out = set()
    for aspect in RUBRICS[kind]:
        names = [aspect.strip.sub(" ", h) if aspect.strip else h for h in headings]
        if not any(aspect.heading.search(h) for h in names):
            out.add(aspect.missing)
    return out


def evaluate(split: str, *, verbose: bool = False) -> dict[str, Any]:
    folder = CORPUS / split
    labels = yaml.safe_load((folder / "expected.yaml").read_text("utf-8"))["documents"]
    checker, baseline = Tally(), Tally()
    kinds_right = 0
    misdetected: list[str] = []
    per_doc: list[dict[str, Any]] = []
    elapsed = 0.0
    for name, label in sorted(labels.items()):
        path = folder / name
        expected = set(label.get("findings") or [])
        start = time.perf_counter()
        report = check_file(path)
        elapsed += time.perf_counter() - start
        got = set(report.codes)
        checker.add(expected, got)
        baseline.add(expected, headings_only(path, report.kind))
        if report.kind == label["kind"]:
            kinds_right += 1
        else:
            misdetected.append(
                f"{name}: expected {label['kind']}, detected {report.kind} ({report.kind_source})"
            )
        per_doc.append(
            {
                "document": name,
                "kind": label["kind"],
                "detected": report.kind,
                "score": report.score,
                "quality": label.get("quality"),
                "false_positives": sorted(got - expected),
                "false_negatives": sorted(expected - got),
            }
        )
    codes = sorted(set(checker.tp) | set(checker.fp) | set(checker.fn))
    p, r = checker.precision_recall()
    bp, br = baseline.precision_recall()
    scores = {q: [d["score"] for d in per_doc if d["quality"] == q] for q in ("good", "flawed")}
    return {
        "split": split,
        "documents": len(labels),
        "kind_accuracy": kinds_right / len(labels),
        "misdetected": misdetected,
        "precision": p,
        "recall": r,
        "counts": dict(zip(("tp", "fp", "fn"), checker.totals(), strict=True)),
        "baseline_headings_only": {
            "precision": bp,
            "recall": br,
            "counts": dict(zip(("tp", "fp", "fn"), baseline.totals(), strict=True)),
        },
        "per_code": {
            c: {
                "tp": checker.tp[c],
                "fp": checker.fp[c],
                "fn": checker.fn[c],
                "precision": _ratio(checker.tp[c], checker.tp[c] + checker.fp[c]),
                "recall": _ratio(checker.tp[c], checker.tp[c] + checker.fn[c]),
            }
            for c in codes
        },
        "mean_score": {q: (sum(v) / len(v) if v else None) for q, v in scores.items()},
        "ms_per_document": 1000 * elapsed / max(len(labels), 1),
        "documents_detail": per_doc if verbose else None,
    }


def show(result: dict[str, Any], *, verbose: bool) -> None:
    print(f"== {result['split']}: {result['documents']} documents ==")
    print(f"kind detection accuracy: {result['kind_accuracy']:.2f}")
    for line in result["misdetected"]:
        print(f"  misdetected {line}")
    print(f"{'code':42} {'tp':>3} {'fp':>3} {'fn':>3} {'prec':>6} {'recall':>6}")
    for code, row in result["per_code"].items():
        print(
            f"{code:42} {row['tp']:3d} {row['fp']:3d} {row['fn']:3d} {_fmt(row['precision'])} {_fmt(row['recall'])}"
        )
    c = result["counts"]
    print(
        f"{'overall (micro)':42} {c['tp']:3d} {c['fp']:3d} {c['fn']:3d} "
        f"{_fmt(result['precision'])} {_fmt(result['recall'])}"
    )
    b = result["baseline_headings_only"]
    bc = b["counts"]
    print(
        f"{'headings-only linter, same run':42} {bc['tp']:3d} {bc['fp']:3d} {bc['fn']:3d} "
        f"{_fmt(b['precision'])} {_fmt(b['recall'])}"
    )
    if result["recall"] and b["recall"]:
        print(
            f"recall vs headings-only: {result['recall'] / b['recall']:.2f}x; "
            f"precision vs headings-only: {(result['precision'] or 0) / (b['precision'] or 1):.2f}x"
        )
    ms = result["mean_score"]
    print(
        "mean score: good documents "
        + (f"{ms['good']:.0f}" if ms["good"] is not None else "—")
        + ", flawed documents "
        + (f"{ms['flawed']:.0f}" if ms["flawed"] is not None else "—")
    )
    print(f"time: {result['ms_per_document']:.1f} ms per document")
    if verbose and result["documents_detail"]:
        for doc in result["documents_detail"]:
            if doc["false_positives"] or doc["false_negatives"]:
                print(f"  {doc['document']} (score {doc['score']}):")
                for code in doc["false_positives"]:
                    print(f"    + unexpected {code}")
                for code in doc["false_negatives"]:
                    print(f"    - missed     {code}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["main", "heldout", "all"], default="all")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list false positives and negatives"
    )
    args = parser.parse_args(argv)
    splits = ["main", "heldout"] if args.split == "all" else [args.split]
    results = [
        evaluate(s, verbose=args.verbose) for s in splits if (CORPUS / s / "expected.yaml").exists()
    ]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for result in results:
            show(result, verbose=args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
