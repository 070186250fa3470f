"""data/evidence-eval: a labelled project file follows GUIDELINES.md's record format and rules.

Every project file is read. A failure names the record and the rule, never the label's values,
so that a held-out project can be checked without showing its labels.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "evidence-eval"
CHECKED = sorted(p.stem for p in DATA.glob("*.jsonl"))
ROLES = {"authored", "co-authored", "merged", "bot", "other"}
SUBSTANCE = {"routine", "ordinary", "significant"}
NOT_THEIRS = {"delivery", "system-design", "technical-depth"}  # never for merged work
KEYS = [
    "id", "project", "licence", "sha", "person", "author", "committer", "date", "parents",
    "subject", "body", "files", "merged", "label",
]  # fmt: skip


def _ladder() -> tuple[set[str], set[str]]:
    doc = yaml.safe_load((ROOT / "src" / "ladder" / "data" / "default-ladder.yaml").read_text())
    areas = {a["id"] for a in doc["areas"]}
    expectations = {e["id"] for a in doc["areas"] for e in a["expectations"]}
    return areas, expectations


AREAS, EXPECTATIONS = _ladder()


def _records(slug: str) -> list[dict[str, object]]:
    lines = (DATA / f"{slug}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _problems(record: dict[str, object]) -> list[str]:
    """What is wrong with one record, as rule names only (no label values)."""
    out = []
    if list(record) != KEYS:
        out.append("fields and their order")
    label = record["label"]
    assert isinstance(label, dict)
    person = record["person"]
    author = record["author"]
    assert isinstance(person, dict) and isinstance(author, dict)
    mine = str(author["email"]).lower() in {e.lower() for e in person["emails"]}
    role, areas = label.get("role"), label.get("areas")
    if not re.fullmatch(r"[0-9a-f]{40}", str(record["sha"])):
        out.append("sha is 40 hex digits")
    if role not in ROLES:
        out.append("role is one of the five")
    if label.get("substance") not in SUBSTANCE:
        out.append("substance is one of the three grades")
    if not isinstance(areas, list) or not set(areas) <= AREAS or len(areas) > 3:
        out.append("areas are at most three ladder area ids")
        areas = []
    if len(set(areas)) != len(areas):
        out.append("areas are distinct")
    expectations = label.get("expectations", [])
    if not set(expectations) <= EXPECTATIONS:
        out.append("expectations are ladder expectation ids")
    if any(e.split(".")[0] not in areas for e in expectations):
        out.append("an expectation belongs to one of the areas given")
    if not str(label.get("why", "")).strip() or not label.get("labeller"):
        out.append("a why and a labeller")
    if role == "bot" and (areas or label.get("substance") != "routine"):
        out.append("bot work is routine and shows no area")
    if role == "merged" and NOT_THEIRS & set(areas):
        out.append("merged work is never the person's delivery, design or technical depth")
    if role == "merged" and mine and not record["merged"]:
        out.append("merged: the person committed or merged someone else's work")
    if role == "authored" and not mine:
        out.append("authored: the person is the author")
    parents = record["parents"]
    assert isinstance(parents, list)
    if len(parents) < 2 and record["merged"]:
        out.append("only a merge lists merged commits")
    return out


@pytest.mark.parametrize("slug", CHECKED)
def test_evidence_eval_records_follow_the_guidelines(slug: str) -> None:
    records = _records(slug)
    ids = [str(r["id"]) for r in records]
    assert ids == [f"{slug}-{i:04d}" for i in range(1, len(records) + 1)]
    assert len({r["sha"] for r in records}) == len(records), "each commit once"
    assert len({(r["project"], r["licence"], json.dumps(r["person"])) for r in records}) == 1
    problems = {str(r["id"]): p for r in records if (p := _problems(r))}
    assert problems == {}


@pytest.mark.parametrize("slug", CHECKED)
def test_evidence_eval_readme_names_the_project(slug: str) -> None:
    records = _records(slug)
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith(f"| `{slug}.jsonl` |"))
    assert str(records[0]["project"]) in row
    assert f"| {len(records)} |" in row
