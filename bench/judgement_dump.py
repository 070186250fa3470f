"""Every judgement ladder makes, written out in full, to show that a change did not alter it.

A change meant to make the judge faster must not change what it says. This writes, one JSON
line an item, everything the judgement produces:

* by default: for every commit of the development projects in ``data/evidence-eval/``
  (``eval_judgement.DEV``; never the held-out ones), the role, the substance grade and its
  reason, and every mapping with its confidence, score, reason and all its signals (weights
  unrounded); then the same for the training split of ``data/evidence-mapping/`` (notes,
  meetings, reviews, commits), as written and with a Markdown description;
* ``--harvest REPO --email E --name N``: a harvest of one repository into a fresh workspace,
  then, per item (by its source reference): what the harvest stored (text, data, grade and
  reason, every area row with its origin, confidence and reason) and a fresh judgement of it
  with its signals; then every raw record (a commit: its line counts, its item's reference).

Compare two dumps with ``cmp`` (or ``diff`` to see where). Run it under two values of
``PYTHONHASHSEED`` to check determinism::

    .venv/bin/python bench/judgement_dump.py > /tmp/eval-before.jsonl
    .venv/bin/python bench/judgement_dump.py --harvest REPO --email E --name N > /tmp/h.jsonl
    PYTHONHASHSEED=1 .venv/bin/python bench/judgement_dump.py | cmp - /tmp/eval-before.jsonl
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from ladder import framework  # noqa: E402
from ladder.mapping.judge import assess  # noqa: E402
from ladder.mapping.mapper import Mapper, Suggestion  # noqa: E402
from ladder.mapping.rules import Signal  # noqa: E402


def _signal(s: Signal) -> list[Any]:
    return [s.area, s.expectation, repr(s.weight), s.why, s.kind, s.concept]


def _suggestion(s: Suggestion) -> dict[str, Any]:
    return {
        "area": s.area,
        "expectation": s.expectation,
        "confidence": repr(s.confidence),
        "score": repr(s.score),
        "reason": s.reason,
        "signals": [_signal(x) for x in s.signals],
    }


def dump_eval(out: Any) -> None:
    from eval_judgement import DEV, item_of, load  # never the held-out projects

    mapper = Mapper(framework.parse(framework.default_source()[1]))
    for slug in DEV:
        for r in load(slug):
            item = item_of(r)
            g, found = assess(mapper, item)
            line = {
                "id": f"{slug}:{r['id']}",
                "role": item.data["role"],
                "substance": g.grade,
                "why": g.reason,
                "mappings": [_suggestion(s) for s in found],
                "signals": [_signal(s) for s in mapper.signals(item)],
            }
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    # typed notes, meetings, reviews and commits of the mapper's training split, as they are
    # and with a Markdown description (code fences, lists), as bench/eval_mapper.py reads them
    from eval_mapper import item_of as mapping_item
    from eval_mapper import load as mapping_load
    from eval_mapper import with_body

    rows = mapping_load("train")
    items = [mapping_item(r) for r in rows]
    for n, item in enumerate(items + with_body(rows)):
        g, found = assess(mapper, item)
        line = {
            "id": f"train:{n}",
            "substance": g.grade,
            "why": g.reason,
            "mappings": [_suggestion(s) for s in found],
            "suggest": [_suggestion(s) for s in mapper.suggest(item)],
            "signals": [_signal(s) for s in mapper.signals(item)],
        }
        out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


def dump_harvest(out: Any, repo: str, email: str, name: str) -> None:
    from ladder.mapping import service
    from ladder.person import ProfileInput
    from ladder.workspace import Workspace

    home = Path(tempfile.mkdtemp(prefix="judgement-dump-"))
    try:
        with Workspace.open(home, env={}) as ws:
            ws.init_profile(ProfileInput(name, emails=[email]))
            ws.harvest("git", paths=[repo])
            me = ws.profile()
            assert me is not None
            mapper = Mapper(ws.ladder())
            learned = service.learned_for(ws.store, me.id)
            loaded = {x.id: x for x in service.load(ws.store, "e.person_id = :p", {"p": me.id})}
            rows = ws.store.query(
                "SELECT id, source, source_ref, kind, occurred_on, text, body, data, substance, "
                "substance_reason, substance_by FROM evidence WHERE person_id = :p "
                "ORDER BY source, source_ref",
                {"p": me.id},
            )
            for r in rows:
                x = loaded[int(r["id"])]
                g, found, drop = service.plan_graded(mapper, x, learned)
                line = {k: r[k] for k in r if k != "id"}
                line["rows"] = [
                    [a.area, a.expectation, a.origin, repr(a.confidence), a.reason] for a in x.rows
                ]
                line["fresh"] = {
                    "substance": g.grade,
                    "why": g.reason,
                    "mappings": [_suggestion(s) for s in found],
                    "drop": [[a.area, a.expectation] for a in drop],
                }
                out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            # the raw records (each commit's line counts), with their item's reference
            records = ws.store.query(
                "SELECT a.source, a.source_ref, e.source_ref AS item, a.kind, a.occurred_at, "
                "a.title, a.body, a.url, a.data FROM activity a "
                "LEFT JOIN evidence e ON e.id = a.evidence_id WHERE a.person_id = :p "
                "ORDER BY a.source, a.source_ref",
                {"p": me.id},
            )
            for r in records:
                out.write(
                    json.dumps({"record": dict(r)}, ensure_ascii=False, sort_keys=True) + "\n"
                )
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--harvest", metavar="REPO", help="harvest this repository instead")
    ap.add_argument("--email", help="the author's e-mail (with --harvest)")
    ap.add_argument("--name", help="the author's name (with --harvest)")
    args = ap.parse_args()
    if args.harvest:
        if not (args.email and args.name):
            print("--harvest needs --email and --name", file=sys.stderr)
            return 2
        dump_harvest(sys.stdout, args.harvest, args.email, args.name)
    else:
        dump_eval(sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
