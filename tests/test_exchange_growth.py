"""Export/import of the growth tables: assessments, goals, mentorship, learning travel losslessly."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from helpers import CLOCK
from ladder.errors import LocatedError
from ladder.workspace import Workspace, new_uid

NOW = "2026-11-20T10:00:00.000000Z"


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out.pop("exported_at")
    return out


def _growth(ws: Workspace) -> dict[str, str]:
    """One row of every growth table, written as the services store them."""
    s = ws.store
    me = ws.profile()
    assert me is not None
    e1 = ws.log("Paired with Sam on the retry design", date="2026-11-10", areas=["mentorship"])
    e2 = ws.log("Wrote the caching design doc", date="2026-11-12", areas=["system-design"])
    with s.transaction():
        mentee = s.insert(
            "mentee",
            {
                "uid": new_uid(),
                "person_id": me.id,
                "name": "Sam",
                "started_on": "2026-09-01",
                "created_at": NOW,
            },
        )
        first = s.insert(
            "one_on_one",
            {
                "uid": new_uid(),
                "person_id": me.id,
                "with_name": "Sam",
                "mentee_id": mentee,
                "held_on": "2026-11-03",
                "notes": "private: talked about the promotion",
                "shared": 0,
                "evidence_id": e1.id,
                "created_at": NOW,
                "updated_at": NOW,
            },
        )
        second = s.insert(
            "one_on_one",
            {
                "uid": new_uid(),
                "person_id": me.id,
                "with_name": "Sam",
                "mentee_id": mentee,
                "held_on": "2026-11-17",
                "notes": "",
                "shared": 1,
                "evidence_id": None,
                "created_at": NOW,
                "updated_at": NOW,
            },
        )
        s.insert(
            "action_item",
            {
                "uid": new_uid(),
                "one_on_one_id": first,
                "text": "Read the retry RFC",
                "closed_at": NOW,
                "closed_in_id": second,
                "created_at": NOW,
            },
        )
        s.insert(
            "action_item",
            {
                "uid": new_uid(),
                "one_on_one_id": second,
                "text": "Draft the ADR",
                "closed_at": None,
                "closed_in_id": None,
                "created_at": NOW,
            },
        )
        rating = s.insert(
            "assessment",
            {
                "uid": new_uid(),
                "person_id": me.id,
                "rater": "manager",
                "rater_name": "Grace",
                "area_id": "system-design",
                "expectation_id": "system-design.lead-designs",
                "rating": 2,
                "note": "solid",
                "ladder_version": "software-engineering@2026.12",
                "created_at": NOW,
            },
        )
        s.execute(
            "INSERT INTO assessment_evidence (assessment_id, evidence_id) VALUES (:a, :e)",
            {"a": rating, "e": e2.id},
        )
        goal_uid = new_uid()
        goal = s.insert(
            "goal",
            {
                "uid": goal_uid,
                "person_id": me.id,
                "month": "2026-11",
                "track": "technical",
                "title": "Write one design doc",
                "area_id": "system-design",
                "expectation_id": "",
                "status": "done",
                "note": "",
                "evidence_id": e2.id,
                "created_at": NOW,
                "updated_at": NOW,
                "closed_at": NOW,
            },
        )
        s.execute(
            "INSERT INTO goal_checkin (goal_id, at, note) VALUES (:g, :at, :n)",
            {"g": goal, "at": NOW, "n": "outline done"},
        )
        s.insert(
            "learning_item",
            {
                "uid": new_uid(),
                "person_id": me.id,
                "seed_id": "ddia",
                "title": "DDIA",
                "author": "Martin Kleppmann",
                "kind": "book",
                "url": None,
                "areas": '["system-design"]',
                "status": "reading",
                "progress": 40,
                "note": "",
                "applied": None,
                "started_on": "2026-11-01",
                "finished_on": None,
                "evidence_id": None,
                "created_at": NOW,
                "updated_at": NOW,
            },
        )
    return {"goal": goal_uid}


def test_growth_rows_round_trip_losslessly(ws: Workspace, tmp_path: Path) -> None:
    _growth(ws)
    data = ws.export()
    assert [
        len(data[k])
        for k in ("mentees", "one_on_ones", "action_items", "assessments", "goals", "learning")
    ] == [1, 2, 2, 1, 1, 1]
    # Foreign keys travel as uids, never as local integer ids.
    closed = next(a for a in data["action_items"] if a["closed_at"])
    assert closed["closed_in"] in {o["uid"] for o in data["one_on_ones"]}
    assert data["assessments"][0]["evidence_links"] == [
        e["uid"] for e in data["evidence"] if e["text"].startswith("Wrote")
    ]
    with Workspace.open(tmp_path / "other", env={}, clock=CLOCK) as other:
        first = other.import_(data)
        assert first.counts["goals"] == {"added": 1, "updated": 0, "unchanged": 0}
        assert _comparable(other.export()) == _comparable(data)
        again = other.import_(data)
        assert not again.changed
        assert again.counts["one_on_ones"]["unchanged"] == 2


def test_growth_import_updates_changed_rows_and_children(ws: Workspace, tmp_path: Path) -> None:
    uids = _growth(ws)
    data = ws.export()
    with Workspace.open(tmp_path / "other", env={}, clock=CLOCK) as other:
        other.import_(data)
        changed = copy.deepcopy(data)
        goal = next(g for g in changed["goals"] if g["uid"] == uids["goal"])
        goal["checkins"].append({"at": "2026-11-21T09:00:00.000000Z", "note": "shipped"})
        changed["assessments"][0]["evidence_links"] = []
        result = other.import_(changed)
        assert result.counts["goals"]["updated"] == 1
        assert result.counts["assessments"]["updated"] == 1
        assert _comparable(other.export()) == _comparable(changed)


@pytest.mark.parametrize(
    ("key", "field", "value", "message"),
    [
        ("action_items", "closed_in", "nope", "closed_in 'nope' is not among the one_on_one rows"),
        ("assessments", "person", "ghost", "person 'ghost' is not among the person rows"),
        ("goals", "evidence", "missing", "evidence 'missing' is not among the evidence rows"),
    ],
)
def test_growth_import_with_a_dangling_reference_writes_nothing(
    ws: Workspace, tmp_path: Path, key: str, field: str, value: str, message: str
) -> None:
    _growth(ws)
    data = ws.export()
    data[key][0][field] = value
    with Workspace.open(tmp_path / "other", env={}, clock=CLOCK) as other:
        before = other.export()
        with pytest.raises(LocatedError, match=message):
            other.import_(data)
        assert _comparable(other.export()) == _comparable(before)
