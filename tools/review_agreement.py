"""Second labeller of the real review comments: draw the blind file, measure the agreement.

``draw`` writes the comments labeller B labels, without labeller A's labels: a random sample
of :data:`SAMPLE` training comments (``random.Random(17).sample`` over the records of
``apache-train.jsonl`` in file order, so an unbiased sample of every class) together with every
other comment A labelled ``design`` (the narrow class agreement is wanted for), shuffled with
the same generator so B cannot tell the two parts apart. Each blind record holds only ``id``,
``project``, ``type`` and ``text``; nothing about which part it came from or its label is
printed.

``agree`` compares A (``apache-train.jsonl``; ``label_a`` where a record was relabelled, so the
figures stay those of the two independent labellers) with B (``second/labeller-b.jsonl``) and
prints: Cohen's kappa over every class on the random part, per-class agreement there (kappa of
"this class or not"), design F1 of B against A and of A against B on all the comments B
labelled, the same weighted back to the whole training set, where design disagreements go,
and how many disagreements the training file's current labels settle for A or for B.

    python tools/review_agreement.py draw -o data/review-eval/second/blind-b.jsonl
    python tools/review_agreement.py agree
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evidence_agreement import BadInput, kappa, load

DATA = Path(__file__).resolve().parent.parent / "data" / "review-eval"
TRAIN = DATA / "apache-train.jsonl"
SECOND = DATA / "second" / "labeller-b.jsonl"
SAMPLE, SEED = 250, 17
DESIGN = "design"
BLIND_FIELDS = ("id", "project", "type", "text")
Record = dict[str, Any]
Pair = tuple[str, str, float]  # A's label, B's label, weight


def first_label(record: Record) -> str:
    """Labeller A's label: the original one where the record was relabelled since."""
    label = record.get("label_a", record.get("label"))
    if not isinstance(label, str):
        raise BadInput(f"{record['id']}: no label")
    return label


def parts(records: list[Record]) -> tuple[list[int], list[int], random.Random]:
    """Positions of the random part and of the design part (A's design not already drawn)."""
    if any(
        "heldout" in str(r.get("split", "")) or r.get("project") == "apache/mesos" for r in records
    ):
        raise BadInput("the training file holds held-out records")
    if len(records) < SAMPLE:
        raise BadInput(f"{len(records)} records, fewer than the {SAMPLE} to draw")
    rng = random.Random(SEED)
    drawn = rng.sample(range(len(records)), SAMPLE)
    chosen = set(drawn)
    design = [i for i, r in enumerate(records) if first_label(r) == DESIGN and i not in chosen]
    return sorted(drawn), design, rng


def draw(records: list[Record]) -> list[Record]:
    """The blind file: both parts shuffled together, with only :data:`BLIND_FIELDS`."""
    drawn, design, rng = parts(records)
    picked = drawn + design
    rng.shuffle(picked)
    return [{k: records[i][k] for k in BLIND_FIELDS} for i in picked]


def pairs(train: Path, second: Path) -> tuple[dict[str, Pair], set[str]]:
    """(A's label, B's label, weight) by id of every comment drawn, and the ids of the random part.

    The weight makes the comments B labelled stand for the whole training file: A's design
    comments are all there (weight 1); the others only through the random part, each standing
    for ``others in the file / others in the random part``.
    """
    records = load(train)
    drawn, _, _ = parts(records)
    random_ids = {records[i]["id"] for i in drawn}
    first = {r["id"]: first_label(r) for r in records}
    second_labels: dict[str, str] = {}
    for r in load(second):
        if r["id"] not in first:
            raise BadInput(f"{second.name}: {r['id']} is not in {train.name}")
        if not isinstance(r.get("label"), str):
            raise BadInput(f"{second.name}: {r['id']}: no label")
        second_labels[r["id"]] = r["label"]
    wanted = random_ids | {i for i, label in first.items() if label == DESIGN}
    if missing := sorted(wanted - second_labels.keys()):
        raise BadInput(
            f"{second.name}: {len(missing)} drawn comments unlabelled, e.g. {missing[0]}"
        )
    others = sum(label != DESIGN for label in first.values())
    others_drawn = sum(first[i] != DESIGN for i in random_ids)
    weight = others / others_drawn if others_drawn else 0.0
    out = {i: (first[i], second_labels[i], 1.0 if first[i] == DESIGN else weight) for i in wanted}
    return out, random_ids


def weighted_kappa(labelled: Sequence[Pair]) -> float:
    """Cohen's kappa with each pair counted by its weight."""
    total = sum(w for _, _, w in labelled)
    observed = sum(w for a, b, w in labelled if a == b) / total
    ca: dict[str, float] = defaultdict(float)
    cb: dict[str, float] = defaultdict(float)
    for a, b, w in labelled:
        ca[a] += w
        cb[b] += w
    expected = sum(ca[k] * cb[k] for k in ca) / (total * total)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def prf(labelled: Sequence[Pair], cls: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of B's ``cls`` against A's as the truth (weights counted).

    F1 is the same either way round; precision and recall swap when B is the truth.
    """
    both = sum(w for a, b, w in labelled if a == cls and b == cls)
    by_b = sum(w for _, b, w in labelled if b == cls)
    by_a = sum(w for a, _, w in labelled if a == cls)
    p = both / by_b if by_b else 0.0
    r = both / by_a if by_a else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(by_id: dict[str, Pair], random_ids: set[str]) -> str:
    """The agreement figures as text (markdown tables)."""
    labelled = [by_id[i] for i in sorted(by_id)]
    rnd = [by_id[i] for i in sorted(random_ids)]
    plain = [(a, b, 1.0) for a, b, _ in labelled]
    lines = [f"{len(labelled)} comments labelled by both; the random part {len(rnd)}", ""]
    a, b = [x for x, _, _ in rnd], [y for _, y, _ in rnd]
    observed, k = kappa(a, b)
    classed = [(x, y) for x, y in zip(a, b, strict=True) if "cant-tell" not in (x, y)]
    o2, k2 = kappa([x for x, _ in classed], [y for _, y in classed])
    lines += [
        "## Random part (an unbiased sample of the training comments)",
        f"all answers (with cant-tell): agreement {observed:.2f}, Cohen's κ {k:.2f}",
        f"the {len(classed)} both gave a class: agreement {o2:.2f}, Cohen's κ {k2:.2f}",
        "",
        "| class | A | B | both | κ (this class or not) |",
        "|---|---:|---:|---:|---:|",
    ]
    for cls in sorted(set(a) | set(b), key=lambda c: (-a.count(c), c)):
        both = sum(x == y == cls for x, y in zip(a, b, strict=True))
        _, kc = kappa([x == cls for x in a], [y == cls for y in b])
        lines.append(f"| {cls} | {a.count(cls)} | {b.count(cls)} | {both} | {kc:.2f} |")
    p, r, f = prf(plain, DESIGN)
    wp, wr, wf = prf(labelled, DESIGN)
    lines += [
        "",
        "## Design (all comments B labelled: the random part and A's other design comments)",
        f"A design {sum(x == DESIGN for x, _, _ in labelled)}, "
        f"B design {sum(y == DESIGN for _, y, _ in labelled)}, "
        f"both {sum(x == y == DESIGN for x, y, _ in labelled)}",
        f"B against A: P {p:.2f} R {r:.2f} F1 {f:.2f}; A against B: P {r:.2f} R {p:.2f} F1 {f:.2f}",
        f"weighted to the whole training file (a drawn non-design comment counts "
        f"{max(w for *_, w in labelled):.2f}): B against A P {wp:.2f} R {wr:.2f} F1 {wf:.2f}; "
        f"κ over all classes {weighted_kappa(labelled):.2f}",
        f"design share: A {share(labelled, 0):.3f}, B {share(labelled, 1):.3f} (weighted)",
        "",
        "| A's design, B said | n |   | B's design, A said | n |",
        "|---|---:|---|---|---:|",
    ]
    a_said = Counter(y for x, y, _ in labelled if x == DESIGN and y != DESIGN).most_common()
    b_said = Counter(x for x, y, _ in labelled if y == DESIGN and x != DESIGN).most_common()
    for n in range(max(len(a_said), len(b_said))):
        left = a_said[n] if n < len(a_said) else ("", "")
        right = b_said[n] if n < len(b_said) else ("", "")
        lines.append(f"| {left[0]} | {left[1]} |   | {right[0]} | {right[1]} |")
    return "\n".join(lines)


def share(labelled: Sequence[Pair], who: int) -> float:
    """Weighted design share of labeller A (``who`` 0) or B (1) among all comments."""
    total = sum(w for *_, w in labelled)
    return sum(w for *pair, w in labelled if pair[who] == DESIGN) / total


def settled(by_id: dict[str, Pair], records: list[Record]) -> str:
    """How the disagreements stand against the training file's current labels."""
    now = {r["id"]: r.get("label") for r in records}
    relabelled = sum("label_a" in r for r in records)
    apart = [(i, b) for i, (a, b, _) in by_id.items() if a != b]
    for_b = sum(now[i] == b for i, b in apart)
    kept_a = sum(now[i] == by_id[i][0] for i, _ in apart)
    return (
        f"{relabelled} training records relabelled since (their first label kept as label_a); "
        f"of the {len(apart)} disagreements, {for_b} now carry B's label, {kept_a} keep A's, "
        f"{len(apart) - for_b - kept_a} another"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", type=Path, default=TRAIN, help="labeller A's training file")
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="write the blind file B labels (no labels, shuffled)")
    d.add_argument("-o", "--out", type=Path, required=True)
    g = sub.add_parser("agree", help="print A-against-B agreement")
    g.add_argument("--second", type=Path, default=SECOND, help="labeller B's labels")
    args = parser.parse_args(argv)
    try:
        if args.command == "draw":
            blind = draw(load(args.train))
            args.out.parent.mkdir(parents=True, exist_ok=True)
            with args.out.open("w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in blind)
            print(f"{len(blind)} comments to {args.out}")
            return 0
        labelled, random_ids = pairs(args.train, args.second)
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report(labelled, random_ids))
    print()
    print(settled(labelled, load(args.train)))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `… | head`: the reader left; silence the flush at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
