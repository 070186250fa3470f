"""Measure the review lens on real review comments of a project it never trained on.

The held-out project is Apache Mesos (``data/review-eval/mesos-heldout.jsonl``: 412 comments
by real reviewers on reviews.apache.org, labelled by hand with ``GUIDELINES.md``; chosen
before any labelling or tuning and never read while tuning). In the same run it measures:

* **shipped** — ``ladder.reviewlens.classify`` with the model in the package now;
* **previous** — the same code path with the model shipped before this one
  (``src/ladder/data/models/review-classifier.json`` at ``--previous``, read from git: the
  first model trained on real comments, without the design threshold);
* **written-only** — the model ladder shipped before real data (at ``--written-only``);
* **keywords** — the keyword rules of ``bench/eval_review_classifier.py``;
* **semantic** — the optional semantic model (``ladder.reviewlens.semantic``: the shipped
  model blended with sentence embeddings), when the ``semantic`` extra is installed
  (``--no-semantic`` leaves it out).

Figures, over the comments whose gold label is a class (``cant-tell`` gold labels are left
out; a ``cant-tell`` answer to a comment that has a class counts as a miss):

* macro-F1 over the classes present in the held-out project, accuracy;
* design-vs-other F1, and design-level-vs-other F1 (design, correctness, security, testing);
* per reviewer with at least ``--min-reviewer`` labelled comments: the design share and the
  design-level share the lens would report (over the comments it can read) against the
  labelled share (over the comments with a class), and the largest gap;
* how often the classifier answers ``cant-tell``;
* throughput of the shipped classifier (comments per second, one process, model loaded), as
  the lens runs it (no reasons) and with reasons (``bench/bench_review_speed.py`` measures
  speed properly, on the training comments, with medians); of the semantic model, as the lens
  runs it (all comments embedded in batches first, then classified), from a cold embedding
  cache, the median of three passes, per wall-clock and per CPU-second (torch uses every core).

Run from the repository root::

    .venv/bin/python bench/eval_review_real.py
    .venv/bin/python bench/eval_review_real.py --json

Targets (issue 17): macro-F1 ≥ 0.50, design-vs-other F1 ≥ 0.60, every reviewer's design share
within ± 0.10, ≥ 10,000 comments/s. Always exits 0 unless ``--strict`` is given.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from eval_review_classifier import keyword_baseline  # noqa: E402
from ladder.errors import InputError  # noqa: E402
from ladder.reviewlens import DESIGN_LEVEL, LABELS, classify  # noqa: E402
from ladder.reviewlens.classifier import CANT_TELL  # noqa: E402
from ladder.reviewlens.features import REVIEW_BOARD_KINDS  # noqa: E402
from ladder.reviewlens.model import Model, Predictor, default_model  # noqa: E402

HELDOUT = ROOT / "data" / "review-eval" / "mesos-heldout.jsonl"
PREVIOUS = "f7f30c6"  # the first model trained on real comments (no design threshold)
WRITTEN_ONLY = "402dc81"  # the last commit that shipped the model trained on written data only
MODEL_PATH = "src/ladder/data/models/review-classifier.json"
KIND_OF_TYPE = REVIEW_BOARD_KINDS
TARGET_MACRO_F1 = 0.50
TARGET_DESIGN_F1 = 0.60
TARGET_SHARE_GAP = 0.10
TARGET_RATE = 10_000.0


def load(path: Path = HELDOUT) -> list[dict[str, Any]]:
    """The labelled held-out comments."""
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def previous_model(ref: str) -> Model | None:
    """The model shipped at git ``ref``, or None when git or the ref is not there."""
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{ref}:{MODEL_PATH}"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return Model.from_dict(json.loads(out))


def f1(gold: Sequence[str], pred: Sequence[str], label: str) -> float:
    """F1 of one class."""
    tp = sum(g == label == p for g, p in zip(gold, pred, strict=True))
    fp = sum(g != label == p for g, p in zip(gold, pred, strict=True))
    fn = sum(p != label == g for g, p in zip(gold, pred, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def shares(labels: Sequence[str]) -> tuple[float | None, float | None, int]:
    """Design share and design-level share over the comments with a class, and their number."""
    readable = [x for x in labels if x != CANT_TELL]
    if not readable:
        return None, None, 0
    n = len(readable)
    return (
        sum(x == "design" for x in readable) / n,
        sum(x in DESIGN_LEVEL for x in readable) / n,
        n,
    )


def score(
    rows: Sequence[dict[str, Any]], pred: Sequence[str], *, min_reviewer: int
) -> dict[str, Any]:
    """Every figure for one predictor."""
    idx = [i for i, r in enumerate(rows) if r["label"] != CANT_TELL]
    gold = [rows[i]["label"] for i in idx]
    got = [pred[i] for i in idx]
    classes = [c for c in LABELS if c in gold]
    per_class = {c: round(f1(gold, got, c), 3) for c in classes}

    def binary(positive: set[str]) -> float:
        return f1(
            ["p" if g in positive else "n" for g in gold],
            ["p" if p in positive else "n" for p in got],
            "p",
        )

    by_reviewer: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_reviewer[r["reviewer"]].append(i)
    reviewers = {}
    for name, ii in sorted(by_reviewer.items()):
        g_design, g_level, g_n = shares([rows[i]["label"] for i in ii])
        if g_n < min_reviewer:
            continue
        p_design, p_level, p_n = shares([pred[i] for i in ii])
        reviewers[name] = {
            "labelled": g_n,
            "read": p_n,
            "design": [round(g_design or 0, 3), None if p_design is None else round(p_design, 3)],
            "design_level": [
                round(g_level or 0, 3),
                None if p_level is None else round(p_level, 3),
            ],
        }

    def gap(key: str) -> float:
        return max(
            (abs(v[key][0] - v[key][1]) if v[key][1] is not None else 1.0)
            for v in reviewers.values()
        )

    return {
        "n": len(gold),
        "macro_f1": round(sum(per_class.values()) / len(per_class), 3),
        "accuracy": round(sum(g == p for g, p in zip(gold, got, strict=True)) / len(gold), 3),
        "design_f1": round(binary({"design"}), 3),
        "design_precision": round(
            sum(g == p == "design" for g, p in zip(gold, got, strict=True))
            / max(1, sum(p == "design" for p in got)),
            3,
        ),
        "design_recall": round(
            sum(g == p == "design" for g, p in zip(gold, got, strict=True))
            / max(1, sum(g == "design" for g in gold)),
            3,
        ),
        "design_level_f1": round(binary(set(DESIGN_LEVEL)), 3),
        "per_class_f1": per_class,
        "cant_tell_answers": sum(p == CANT_TELL for p in got),
        "reviewers": reviewers,
        "max_design_share_gap": round(gap("design"), 3) if reviewers else None,
        "max_design_level_share_gap": round(gap("design_level"), 3) if reviewers else None,
    }


def lens_label(text: str, model: Predictor | None, kind: str | None) -> str:
    """The class the lens counts a comment under (``cant-tell`` for guesses too)."""
    c = classify(text, model=model, kind=kind)
    return c.label if c.readable else CANT_TELL


def rate(texts: Sequence[str], fn: Callable[[str], Any], seconds: float = 1.5) -> float:
    """Comments per second over repeated passes."""
    fn(texts[0])
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for t in texts:
            fn(t)
        n += len(texts)
    return n / (time.perf_counter() - start)


def semantic_rates(texts: Sequence[str], passes: int = 3) -> tuple[float, float]:
    """Median comments per wall-clock and per CPU-second of the semantic model as the lens runs
    it: a fresh model each pass (no embedding remembered), all comments embedded in batches,
    then each classified without reasons. The encoder is loaded before timing."""
    from ladder.reviewlens.semantic import SemanticModel, load_head, sentence_encoder

    encoder, head, base = sentence_encoder(), load_head(), default_model()
    SemanticModel(base, head, encoder).prepare(texts[:32])  # warm up torch
    wall, cpu = [], []
    for _ in range(passes):
        model = SemanticModel(base, head, encoder)
        w0, c0 = time.perf_counter(), time.process_time()
        model.prepare(texts)
        for t in texts:
            classify(t, model=model, explain=False)
        wall.append(len(texts) / (time.perf_counter() - w0))
        cpu.append(len(texts) / (time.process_time() - c0))
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    """Print (or dump as JSON) the figures; with ``--strict``, exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--previous", default=PREVIOUS, help="git ref of the previous model")
    parser.add_argument(
        "--written-only", default=WRITTEN_ONLY, help="git ref of the written-data-only model"
    )
    parser.add_argument("--min-reviewer", type=int, default=20, help="comments per reviewer")
    parser.add_argument(
        "--no-semantic", action="store_true", help="leave out the optional semantic model"
    )
    args = parser.parse_args(argv)

    rows = load()
    kinds = [KIND_OF_TYPE.get(r["type"]) for r in rows]
    shipped = default_model()
    results: dict[str, Any] = {}
    predictors: dict[str, Callable[[int], str]] = {
        "shipped": lambda i: lens_label(rows[i]["text"], shipped, kinds[i]),
        "keywords": lambda i: keyword_baseline(rows[i]["text"]),
    }
    old = previous_model(args.previous)
    if old is not None:
        predictors["previous"] = lambda i: lens_label(rows[i]["text"], old, kinds[i])
    written = previous_model(args.written_only)
    if written is not None:  # it knows no _kind feature
        predictors["written-only"] = lambda i: lens_label(rows[i]["text"], written, None)
    semantic: Predictor | None = None
    if not args.no_semantic:
        try:
            from ladder.reviewlens.semantic import semantic_model

            semantic = semantic_model()
        except InputError as err:
            print(f"semantic model left out: {err.message}", file=sys.stderr)
    if semantic is not None:
        semantic.prepare(r["text"] for r in rows)
        predictors["semantic"] = lambda i: lens_label(rows[i]["text"], semantic, kinds[i])
    for name, fn in predictors.items():
        results[name] = score(
            rows, [fn(i) for i in range(len(rows))], min_reviewer=args.min_reviewer
        )
    texts = [r["text"] for r in rows]
    results["shipped"]["comments_per_second"] = round(
        rate(texts, lambda t: classify(t, model=shipped, explain=False))
    )
    results["shipped"]["comments_per_second_with_reasons"] = round(
        rate(texts, lambda t: classify(t, model=shipped))
    )
    if semantic is not None:
        wall, cpu = semantic_rates(texts)
        results["semantic"]["comments_per_second"] = round(wall)
        results["semantic"]["comments_per_cpu_second"] = round(cpu)
    s = results["shipped"]
    targets = {
        "macro_f1": s["macro_f1"] >= TARGET_MACRO_F1,
        "design_f1": s["design_f1"] >= TARGET_DESIGN_F1,
        "design_share": s["max_design_share_gap"] is not None
        and s["max_design_share_gap"] <= TARGET_SHARE_GAP,
        "speed": s["comments_per_second"] >= TARGET_RATE,
    }
    results["targets_met"] = targets
    if semantic is not None:
        sem = results["semantic"]
        results["targets_met_semantic"] = {
            "macro_f1": sem["macro_f1"] >= TARGET_MACRO_F1,
            "design_f1": sem["design_f1"] >= TARGET_DESIGN_F1,
            "design_share": sem["max_design_share_gap"] is not None
            and sem["max_design_share_gap"] <= TARGET_SHARE_GAP,
        }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"held-out project: Apache Mesos, {s['n']} comments with a class")
        print(f"{'':12} {'macro-F1':>8} {'acc':>6} {'design':>7} {'d-level':>8} {'gap':>6}")
        for name in ("shipped", "semantic", "previous", "written-only", "keywords"):
            if name not in results:
                continue
            r = results[name]
            print(
                f"{name:12} {r['macro_f1']:>8.3f} {r['accuracy']:>6.3f} {r['design_f1']:>7.3f} "
                f"{r['design_level_f1']:>8.3f} {r['max_design_share_gap']:>6.3f}"
            )
        print("per-class F1 (shipped):", s["per_class_f1"])
        print(f"design (shipped): P {s['design_precision']:.3f}, R {s['design_recall']:.3f}")
        print("reviewers (labelled share, lens share):")
        for name, v in s["reviewers"].items():
            print(
                f"  {name:16} n={v['labelled']:>3} read={v['read']:>3} design {v['design']} "
                f"design-level {v['design_level']}"
            )
        print(f"cant-tell answers on comments with a class: {s['cant_tell_answers']}")
        print(
            f"speed: {s['comments_per_second']:,} comments/s as the lens runs it, "
            f"{s['comments_per_second_with_reasons']:,} with reasons"
        )
        print("targets:", ", ".join(f"{k} {'PASS' if v else 'FAIL'}" for k, v in targets.items()))
        if semantic is not None:
            sem = results["semantic"]
            print("per-class F1 (semantic):", sem["per_class_f1"])
            print(
                f"design (semantic): P {sem['design_precision']:.3f}, R {sem['design_recall']:.3f}"
            )
            print("reviewers (semantic: labelled share, lens share):")
            for name, v in sem["reviewers"].items():
                print(
                    f"  {name:16} n={v['labelled']:>3} read={v['read']:>3} design {v['design']} "
                    f"design-level {v['design_level']}"
                )
            print(
                f"speed (semantic, lens path, cold cache): {sem['comments_per_second']:,} "
                f"comments/s, {sem['comments_per_cpu_second']:,} per CPU-second"
            )
            met = results["targets_met_semantic"]
            print(
                "targets (semantic):",
                ", ".join(f"{k} {'PASS' if v else 'FAIL'}" for k, v in met.items()),
            )
    return 1 if args.strict and not all(targets.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
