"""A small converter of the Financial Times engineering ladder, for the benchmarks only.

Reads ``data/job-families/engineering.yml`` of github.com/Financial-Times/engineering-progression
(MIT licence, (c) 2019 Financial Times) and writes the ladder-format YAML that
``bench/eval_judgement.py --ladder`` maps onto: one area per FT theme, one expectation per
competency (``THEME.LEVEL``, the competency's summary as its text), no markers and no actions
— as the FT file has none. It is a stand-in until ``ladder framework import --from ft`` lands;
the product's importer is not this file.

    git --git-dir=/work/.mirror/Financial-Times+engineering-progression/repo \
        show HEAD:data/job-families/engineering.yml > /tmp/ft.yml
    .venv/bin/python bench/ft_ladder.py /tmp/ft.yml -o /tmp/ft-ladder.yaml
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml


def convert(data: dict[str, Any]) -> dict[str, Any]:
    """The FT job family as a ladder-format mapping."""
    levels = [{"id": lv["id"], "name": lv["name"]} for lv in data["levels"]]
    areas = []
    for theme in data["themes"]:
        exps = [
            {
                "id": f"{theme['id']}.{c['level']}",
                "level": c["level"],
                "text": " ".join(str(c["summary"]).split()),
            }
            for c in data["competencies"]
            if c["theme"] == theme["id"]
        ]
        areas.append(
            {
                "id": theme["id"],
                "name": theme["name"],
                "description": " ".join(str(theme["summary"]).split()),
                "expectations": exps,
            }
        )
    return {
        "format": 1,
        "id": "ft-engineering",
        "name": f"FT {data['name']}",
        "version": "2025.03",
        "description": " ".join(str(data.get("summary") or "").split()) or "FT engineering",
        "levels": levels,
        "areas": areas,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    data = yaml.safe_load(args.path.read_text(encoding="utf-8"))
    out = convert(data)
    args.output.write_text(yaml.safe_dump(out, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    n = sum(len(a["expectations"]) for a in out["areas"])
    print(f"{args.output}: {len(out['levels'])} levels, {len(out['areas'])} areas, {n} expectations", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
