"""How many review comments per second the shipped review classifier reads (issue 17).

Target: ≥ 10,000 comments/s for the default (the model shipped inside the package), one
process, model loaded. Measured in the same run, rounds interleaved, each round a fresh
subprocess that loads the model, warms up and classifies the whole corpus several times
(comments per wall-clock second, the target's figure, and per CPU-second of the process,
which a busy shared machine disturbs less):

* **lens** — ``classify(text, kind=…, explain=False)``, what ``ladder reviews`` does for each
  comment (it counts labels and never shows a reason);
* **classify** — ``classify(text, kind=…)`` with its reason (the words behind the answer), as
  ``ladder classify review`` prints it;
* **before** — ``classify(text, kind=…)`` of the code at ``--before`` (default ``main``),
  exported with ``git archive`` into ``bench/.work/``; the same model file as now;
* **keywords** — the keyword rules of ``bench/eval_review_classifier.py`` (the floor);
* **semantic** (with ``--semantic``; needs the ``semantic`` extra) — the optional semantic
  model as ``ladder reviews --model semantic`` runs it: every comment embedded in one call,
  then each classified without reasons; a fresh model (no embedding remembered) each pass,
  one pass per round (``--semantic-passes``). Its load time (importing torch and the encoder,
  reading the head) is reported apart.

The corpus is every training comment (``data/review-comments/train.jsonl`` and
``data/review-eval/apache-train.jsonl``); the held-out sets are not read. Figures are
medians over ``--rounds`` rounds; the load average before and after is printed, since the
2-core machine is shared.

Run from the repository root::

    .venv/bin/python bench/bench_review_speed.py [--rounds 9] [--before main] [--semantic]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ladder.reviewlens.features import REVIEW_BOARD_KINDS  # noqa: E402

WORK = ROOT / "bench" / ".work"
CORPUS = [
    ROOT / "data" / "review-comments" / "train.jsonl",
    ROOT / "data" / "review-eval" / "apache-train.jsonl",
]
TARGET = 10_000.0

#: One round, in a fresh interpreter: argv = src dir, mode, corpus file, passes.
ROUND = r"""
import json, sys, time
src, mode, corpus, passes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, src)
rows = [json.loads(x) for x in open(corpus, encoding="utf-8")]
texts = [r["text"] for r in rows]
kinds = [r.get("kind") for r in rows]
load = 0.0
if mode == "semantic":
    t0 = time.perf_counter()
    from ladder.reviewlens import classify
    from ladder.reviewlens.model import default_model
    from ladder.reviewlens.semantic import SemanticModel, load_head, sentence_encoder
    head = load_head()
    enc, base = sentence_encoder(weights_sha256=head["encoder"]["weights_sha256"]), default_model()
    load = time.perf_counter() - t0
    SemanticModel(base, head, enc).prepare(texts[:64])  # warm up torch
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(passes):
        m = SemanticModel(base, head, enc)
        m.prepare(texts)
        for t, k in zip(texts, kinds):
            classify(t, model=m, kind=k, explain=False)
    n = len(texts) * passes
    print(n / (time.perf_counter() - start), n / (time.process_time() - cpu), load)
    sys.exit(0)
if mode == "keywords":
    sys.path.insert(0, sys.argv[5])
    from eval_review_classifier import keyword_baseline
    def one(t, k):
        keyword_baseline(t)
else:
    from ladder.reviewlens import classify
    from ladder.reviewlens.model import default_model
    m = default_model()
    if mode == "lens":
        def one(t, k):
            classify(t, model=m, kind=k, explain=False)
    else:
        def one(t, k):
            classify(t, model=m, kind=k)
for t, k in zip(texts, kinds):
    one(t, k)
start, cpu = time.perf_counter(), time.process_time()
for _ in range(passes):
    for t, k in zip(texts, kinds):
        one(t, k)
n = len(texts) * passes
print(n / (time.perf_counter() - start), n / (time.process_time() - cpu), load)
"""

KIND_OF_TYPE = REVIEW_BOARD_KINDS


def corpus_file() -> Path:
    """The training comments with their ``kind``, one JSON object per line, in bench/.work/."""
    WORK.mkdir(parents=True, exist_ok=True)
    out = WORK / "review-speed-corpus.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for path in CORPUS:
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    r = json.loads(line)
                    kind = KIND_OF_TYPE.get(r.get("type", ""))
                    f.write(json.dumps({"text": r["text"], "kind": kind}) + "\n")
    return out


def export_src(ref: str) -> Path | None:
    """``src/`` at git ``ref`` in bench/.work/ (None when git or the ref is not there)."""
    dest = WORK / "review-before" / ref.replace("/", "_")
    try:
        sha = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", ref], capture_output=True, check=True, text=True
        ).stdout.strip()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", sha, "src"], capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    with tempfile.TemporaryFile() as tmp:
        tmp.write(archive)
        tmp.seek(0)
        with tarfile.open(fileobj=tmp) as tar:
            tar.extractall(dest, filter="data")
    return dest / "src"


def main(argv: list[str] | None = None) -> int:
    """Print the medians, their ratios and whether the target is met."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds (default 9)")
    parser.add_argument("--passes", type=int, default=3, help="passes over the corpus per round")
    parser.add_argument("--before", default="main", help="git ref of the code to compare with")
    parser.add_argument(
        "--semantic", action="store_true", help="also the optional semantic model (its extra)"
    )
    parser.add_argument(
        "--semantic-passes", type=int, default=1, help="passes per round for --semantic"
    )
    args = parser.parse_args(argv)

    corpus = corpus_file()
    n = sum(1 for _ in corpus.open(encoding="utf-8"))
    modes = {"lens": ROOT / "src", "classify": ROOT / "src"}
    before = export_src(args.before)
    if before is not None:
        modes["before"] = before
    modes["keywords"] = ROOT / "src"
    if args.semantic:
        modes["semantic"] = ROOT / "src"
    load_before = os.getloadavg()
    rates: dict[str, list[float]] = {m: [] for m in modes}
    cpu_rates: dict[str, list[float]] = {m: [] for m in modes}
    loads: list[float] = []
    for _ in range(args.rounds):
        for mode, src in modes.items():
            run_as = "classify" if mode == "before" else mode
            passes = args.semantic_passes if mode == "semantic" else args.passes
            argv_ = [sys.executable, "-c", ROUND, str(src), run_as, str(corpus)]
            argv_ += [str(passes), str(ROOT / "bench")]
            out = subprocess.run(argv_, capture_output=True, check=True, text=True).stdout
            wall, cpu, load = out.split()[-3:]
            rates[mode].append(float(wall))
            cpu_rates[mode].append(float(cpu))
            if mode == "semantic":
                loads.append(float(load))
    load_after = os.getloadavg()
    print(f"corpus: {n} training comments x {args.passes} passes, {args.rounds} rounds")
    if loads:
        print(
            f"semantic: {args.semantic_passes} pass(es) per round; loading it (torch, the "
            f"encoder, the head) took a median {statistics.median(loads):.1f} s"
        )
    print(
        f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (nproc {os.cpu_count()})"
    )
    med = {m: statistics.median(v) for m, v in rates.items()}
    for mode, value in med.items():
        lo, hi = min(rates[mode]), max(rates[mode])
        on_cpu = statistics.median(cpu_rates[mode])
        print(
            f"  {mode:9} median {value:>9,.0f} comments/s  (min {lo:,.0f}, max {hi:,.0f}); "
            f"per CPU-second {on_cpu:,.0f}"
        )
    if "before" in med:
        print(
            f"lens / before: {med['lens'] / med['before']:.2f}x; "
            f"classify / before: {med['classify'] / med['before']:.2f}x"
        )
    verdict = "met" if med["lens"] >= TARGET else "NOT met"
    print(f"target ≥ {TARGET:,.0f} comments/s for the lens path: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
