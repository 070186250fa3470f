"""Second labelling of the evidence-evaluation set: draw the sample, measure the agreement.

``draw`` writes the records labeller B labels: 30 per project, ``random.Random(7).sample`` over
the project's records (a fresh generator per project), kept in file order, with the ``label``
field removed so B never sees labeller A's labels.

``agree`` compares A (``<project>.jsonl``) with B (``second/<project>.jsonl``) on the records B
labelled and prints the table of data/evidence-eval/README.md: role, substance, routine or not,
each area in or out (9 decisions per record), the exact set of areas (each with Cohen's kappa),
and the share of B's areas that A also gives.

    python tools/evidence_agreement.py draw valkey caddy -o /tmp/second
    python tools/evidence_agreement.py agree valkey caddy curl aiohttp
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "evidence-eval"
LADDER = DATA.parent.parent / "src" / "ladder" / "data" / "default-ladder.yaml"
# the nine areas of the bundled ladder, the ones the labels use
AREAS = tuple(area["id"] for area in yaml.safe_load(LADDER.read_text(encoding="utf-8"))["areas"])
SAMPLE, SEED = 30, 7
Record = dict[str, Any]


class BadInput(Exception):
    pass


def load(path: Path) -> list[Record]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BadInput(f"{path}: cannot read: {exc.strerror}") from None
    records = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{path}:{n}: not JSON: {exc.msg}") from None
        if not isinstance(record, dict) or "id" not in record:
            raise BadInput(f"{path}:{n}: not a record with an id")
        records.append(record)
    return records


def draw(records: list[Record], where: str) -> list[Record]:
    if len(records) < SAMPLE:
        raise BadInput(f"{where}: {len(records)} records, fewer than the {SAMPLE} to draw")
    picked = random.Random(SEED).sample(range(len(records)), SAMPLE)
    # sample() over indices picks the same positions as sample() over the records themselves
    return [{k: v for k, v in records[i].items() if k != "label"} for i in sorted(picked)]


def kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> tuple[float, float]:
    """Observed agreement and Cohen's kappa of two equally long label sequences."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return observed, (1.0 if expected == 1 else (observed - expected) / (1 - expected))


def label_of(record: Record, where: str) -> Record:
    label = record.get("label")
    if not isinstance(label, dict) or not {"role", "areas", "substance"} <= label.keys():
        raise BadInput(f"{where}: {record['id']}: no label with role, areas and substance")
    return label


def pairs(projects: Sequence[str], data: Path) -> list[tuple[Record, Record]]:
    out = []
    for project in projects:
        first = {r["id"]: r for r in load(data / f"{project}.jsonl")}
        for r in load(data / "second" / f"{project}.jsonl"):
            if r["id"] not in first:
                raise BadInput(f"second/{project}.jsonl: {r['id']} is not in {project}.jsonl")
            out.append(
                (
                    label_of(first[r["id"]], f"{project}.jsonl"),
                    label_of(r, f"second/{project}.jsonl"),
                )
            )
    return out


def table(labelled: list[tuple[Record, Record]]) -> list[tuple[str, float, float]]:
    a, b = [x for x, _ in labelled], [y for _, y in labelled]
    rows = [
        ("role", *kappa([x["role"] for x in a], [y["role"] for y in b])),
        (
            "substance (three grades)",
            *kappa([x["substance"] for x in a], [y["substance"] for y in b]),
        ),
        (
            "routine or not",
            *kappa(
                [x["substance"] == "routine" for x in a], [y["substance"] == "routine" for y in b]
            ),
        ),
        (
            "each area in or out (9 decisions a record)",
            *kappa(
                [area in x["areas"] for x in a for area in AREAS],
                [area in y["areas"] for y in b for area in AREAS],
            ),
        ),
        (
            "the exact set of areas",
            *kappa([frozenset(x["areas"]) for x in a], [frozenset(y["areas"]) for y in b]),
        ),
    ]
    given = sum(len(y["areas"]) for y in b)
    accepted = sum(len(set(x["areas"]) & set(y["areas"])) for x, y in labelled)
    rows.append(
        ("of the areas B gave, A accepts", accepted / given if given else 1.0, float("nan"))
    )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="write the label-stripped sample B labels")
    d.add_argument("projects", nargs="+")
    d.add_argument("-o", "--out", type=Path, required=True, help="directory to write into")
    g = sub.add_parser("agree", help="print A-against-B agreement over the given projects")
    g.add_argument("projects", nargs="+")
    for p in (d, g):
        p.add_argument("--data", type=Path, default=DATA, help="the evidence-eval directory")
    args = parser.parse_args(argv)
    try:
        if args.command == "draw":
            args.out.mkdir(parents=True, exist_ok=True)
            for project in args.projects:
                path = args.data / f"{project}.jsonl"
                sample = draw(load(path), str(path))
                with (args.out / f"{project}.jsonl").open("w", encoding="utf-8") as fh:
                    fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in sample)
                print(project, " ".join(r["id"] for r in sample))
            return 0
        labelled = pairs(args.projects, args.data)
        if not labelled:
            raise BadInput("no second labels for " + ", ".join(args.projects))
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{len(labelled)} records: {', '.join(args.projects)}")
    print("| what | agreement | Cohen's κ |\n|---|---:|---:|")
    for what, agreement, k in table(labelled):
        print(f"| {what} | {agreement:.2f} | {'' if k != k else f'{k:.2f}'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
