"""Mentees, 1:1 notes and action items: the library on SQLite and PostgreSQL, then the commands."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import CLOCK, run_in_terminal
from ladder.errors import InputError, NotFoundError
from ladder.mentorship import SOURCE
from ladder.workspace import Workspace

TODAY = dt.date(2026, 3, 1)


def _counts(ws: Workspace) -> dict[str, int]:
    return {
        t: int(ws.store.scalar(f"SELECT COUNT(*) FROM {t}"))
        for t in ("mentee", "one_on_one", "action_item", "evidence", "evidence_area")
    }


def _evidence(ws: Workspace, *, deleted: bool = False) -> list[dict[str, Any]]:
    """The mentoring evidence: live items, or with ``deleted`` every row (deleted ones too)."""
    live = "" if deleted else " AND deleted_at IS NULL"
    return ws.store.query(
        f"SELECT * FROM evidence WHERE source = :s{live} ORDER BY occurred_on, id", {"s": SOURCE}
    )


@pytest.fixture
def sam(ws: Workspace) -> Workspace:
    """A workspace where Ada mentors Sam since 2026-01-05."""
    ws.mentorship.add_mentee("Sam", since="2026-01-05", note="payments team", today=TODAY)
    return ws


# -- mentees ----------------------------------------------------------------------------------
def test_mentee_add_list_and_end(ws: Workspace) -> None:
    m = ws.mentorship
    added = m.add_mentee("  Sam   Jones ", since="2026-01-05", note="payments", today=TODAY)
    m.add_mentee("Ana", today=TODAY)
    assert (added.name, added.started_on, added.active) == ("Sam Jones", "2026-01-05", True)
    assert [x.name for x in m.mentees()] == ["Ana", "Sam Jones"]
    assert m.mentee("ana").started_on == TODAY.isoformat()
    ended = m.end_mentee("sam jones", on="2026-02-01", today=TODAY)
    assert ended.ended_on == "2026-02-01" and not ended.active
    assert [x.name for x in m.mentees()] == ["Ana"]
    assert [x.name for x in m.mentees(include_ended=True)] == ["Ana", "Sam Jones"]
    assert m.mentees(include_ended=True)[1].to_dict()["ended_on"] == "2026-02-01"


def test_mentee_added_twice_is_refused_unless_something_changes(sam: Workspace) -> None:
    m = sam.mentorship
    before = _counts(sam)
    with pytest.raises(InputError, match="already your mentee"):
        m.add_mentee("SAM", today=TODAY)
    assert _counts(sam) == before
    moved = m.add_mentee("sam", since="2026-01-01", today=TODAY)
    assert (moved.name, moved.started_on, moved.note) == ("Sam", "2026-01-01", "payments team")


def test_former_mentee_added_again_is_picked_up(sam: Workspace) -> None:
    m = sam.mentorship
    m.end_mentee("Sam", on="2026-01-31", today=TODAY)
    back = m.add_mentee("Sam", today=TODAY)
    assert back.active and back.started_on == "2026-01-05"


def test_unknown_mentee_names_the_close_one(sam: Workspace) -> None:
    with pytest.raises(NotFoundError, match=r"no mentee called 'Sma' \(did you mean 'Sam'\?\)"):
        sam.mentorship.end_mentee("Sma", today=TODAY)


def test_ending_before_the_start_or_twice_is_refused(sam: Workspace) -> None:
    m = sam.mentorship
    with pytest.raises(InputError, match="before the mentoring of Sam started"):
        m.end_mentee("Sam", on="2025-12-31", today=TODAY)
    m.end_mentee("Sam", on="2026-02-01", today=TODAY)
    with pytest.raises(InputError, match="already ended on 2026-02-01"):
        m.end_mentee("Sam", today=TODAY)


# -- 1:1s and action items --------------------------------------------------------------------
def test_action_items_carry_over_until_closed(sam: Workspace) -> None:
    """Worked example: two items agreed on 10 Jan; one closed on 24 Jan; the other carries on."""
    m = sam.mentorship
    first = m.add_one_on_one(
        "Sam",
        held_on="2026-01-10",
        notes="design chat",
        actions=["Draft the cache RFC", "Read DDIA chapter 5"],
        today=TODAY,
    )
    rfc, ddia = first.actions
    assert first.carried == ()
    second = m.add_one_on_one(
        "sam", held_on="2026-01-24", close=[rfc.id], actions=["Pair on the load test"], today=TODAY
    )
    assert [a.text for a in second.closed] == ["Draft the cache RFC"]
    assert [a.text for a in second.carried] == ["Read DDIA chapter 5"]
    assert second.with_name == "Sam"  # the mentee's spelling
    third = m.add_one_on_one("Sam", held_on="2026-02-07", today=TODAY)
    assert [a.text for a in third.carried] == ["Read DDIA chapter 5", "Pair on the load test"]
    assert [a.id for a in m.open_actions("SAM")] == [ddia.id, second.actions[0].id]
    closed = m.close_action(ddia.id)
    assert not closed.open and closed.closed_in_id is None
    assert [a.text for a in m.one_on_one(third.id).carried] == ["Pair on the load test"]
    assert m.action(rfc.id).closed_in_id == second.id


def test_one_on_ones_list_newest_first_and_by_person(sam: Workspace) -> None:
    m = sam.mentorship
    m.add_one_on_one("Sam", held_on="2026-01-10", today=TODAY)
    m.add_one_on_one("Bob Manager", held_on="2026-01-12", today=TODAY)
    m.add_one_on_one("Sam", held_on="2026-01-24", today=TODAY)
    assert [o.held_on for o in m.one_on_ones()] == ["2026-01-24", "2026-01-12", "2026-01-10"]
    assert [o.held_on for o in m.one_on_ones("sam")] == ["2026-01-24", "2026-01-10"]
    assert len(m.one_on_ones(limit=1)) == 1
    assert m.partners() == ["Bob Manager", "Sam"]


def test_closing_an_item_from_someone_else_is_refused_and_nothing_is_written(
    sam: Workspace,
) -> None:
    m = sam.mentorship
    item = m.add_one_on_one("Sam", held_on="2026-01-10", actions=["x"], today=TODAY).actions[0]
    before = _counts(sam)
    with pytest.raises(InputError, match=f"#{item.id} is from a 1:1 with Sam, not Bob"):
        m.add_one_on_one("Bob", notes="n", actions=["y"], close=[item.id], today=TODAY)
    with pytest.raises(NotFoundError, match="no action item #999"):
        m.add_one_on_one("Sam", notes="n", close=[999], today=TODAY)
    with pytest.raises(InputError, match="after this 1:1"):
        m.add_one_on_one("Sam", held_on="2026-01-02", close=[item.id], today=TODAY)
    m.close_action(item.id)
    after_close = _counts(sam)
    with pytest.raises(InputError, match="closed already"):
        m.add_one_on_one("Sam", close=[item.id], today=TODAY)
    with pytest.raises(InputError, match="closed already"):
        m.close_action(item.id)
    assert _counts(sam) == after_close == before


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"with_name": "  "}, "name is empty"),
        ({"with_name": "Sam", "held_on": "2030-01-01"}, "in the future"),
        ({"with_name": "Sam", "held_on": "someday"}, "cannot read"),
        ({"with_name": "Sam", "actions": ["ok", "  "]}, "action item 2 is empty"),
        ({"with_name": "x" * 200}, "longer than"),
    ],
)
def test_bad_one_on_one_writes_nothing(sam: Workspace, kwargs: dict[str, Any], error: str) -> None:
    before = _counts(sam)
    with pytest.raises(InputError, match=error):
        sam.mentorship.add_one_on_one(**kwargs, today=TODAY)
    assert _counts(sam) == before


def test_unknown_one_on_one_ids(sam: Workspace) -> None:
    m = sam.mentorship
    for call in (
        lambda: m.one_on_one(42),
        lambda: m.share(42),
        lambda: m.remove_one_on_one(42),
        lambda: m.edit_one_on_one(42, notes="x"),
    ):
        with pytest.raises(NotFoundError, match="no 1:1 #42"):
            call()
    with pytest.raises(NotFoundError, match="no action item #7"):
        m.reopen_action(7)


def test_edit_replaces_notes_adds_items_and_closes(sam: Workspace) -> None:
    m = sam.mentorship
    one = m.add_one_on_one("Sam", held_on="2026-01-10", notes="old", actions=["a"], today=TODAY)
    two = m.add_one_on_one("Sam", held_on="2026-01-24", notes="n", today=TODAY)
    edited = m.edit_one_on_one(two.id, notes="new\nnotes", actions=["b"], close=[one.actions[0].id])
    assert edited.notes == "new\nnotes"
    assert [a.text for a in edited.actions] == ["b"] and [a.text for a in edited.closed] == ["a"]
    with pytest.raises(InputError, match="nothing to change"):
        m.edit_one_on_one(two.id)
    with pytest.raises(InputError, match="agreed in this same 1:1"):
        m.edit_one_on_one(two.id, close=[edited.actions[0].id])


def test_reopened_item_carries_over_again(sam: Workspace) -> None:
    m = sam.mentorship
    one = m.add_one_on_one("Sam", held_on="2026-01-10", actions=["a"], today=TODAY)
    two = m.add_one_on_one("Sam", held_on="2026-01-24", close=[one.actions[0].id], today=TODAY)
    assert m.one_on_one(two.id).summary.endswith("1 action item closed")
    m.reopen_action(one.actions[0].id)
    assert m.one_on_one(two.id).closed == ()
    assert [a.text for a in m.one_on_one(two.id).carried] == ["a"]
    assert _evidence(sam)[-1]["text"] == "Mentoring 1:1 with Sam"
    with pytest.raises(InputError, match="open already"):
        m.reopen_action(one.actions[0].id)


# -- evidence ---------------------------------------------------------------------------------
def test_mentoring_one_on_one_is_one_evidence_item_for_the_mentorship_area(
    sam: Workspace,
) -> None:
    m = sam.mentorship
    one = m.add_one_on_one(
        "Sam",
        held_on="2026-01-10",
        notes="private: talked about the perf review",
        actions=["Draft the RFC", "Read DDIA"],
        today=TODAY,
    )
    assert one.mentoring and one.evidence_id is not None
    entry = sam.entry(one.evidence_id)
    assert (entry.source, entry.source_ref, entry.kind) == ("mentorship", one.uid, "mentoring")
    assert entry.occurred_on == "2026-01-10"
    assert entry.text == "Mentoring 1:1 with Sam: 2 action items agreed"
    assert entry.body is None and "mentoring" in entry.tags
    (link,) = entry.areas
    assert (link.area, link.expectation, link.origin) == (
        "mentorship",
        "mentorship.mentoring",
        "source",
    )
    assert link.reason == "a 1:1 with Sam, your mentee since 2026-01-05"
    # it counts where evidence is counted: `ladder entries --area mentorship`, status
    assert sam.status().by_area["mentorship"] == 1


def test_one_on_one_with_someone_who_is_not_a_mentee_is_not_evidence(sam: Workspace) -> None:
    one = sam.mentorship.add_one_on_one("Bob", notes="career chat", actions=["x"], today=TODAY)
    assert not one.mentoring and one.evidence_id is None
    assert _evidence(sam) == []


def test_saving_again_is_idempotent(sam: Workspace) -> None:
    m = sam.mentorship
    one = m.add_one_on_one("Sam", held_on="2026-01-10", notes="n", actions=["a"], today=TODAY)
    first = _evidence(sam)
    m.share(one.id, shared=False)
    m.edit_one_on_one(one.id, notes="n")
    m.add_mentee("Sam", since="2026-01-05", today=TODAY)
    again = _evidence(sam)
    assert len(again) == 1
    assert {k: again[0][k] for k in ("id", "text", "body", "content_hash")} == {
        k: first[0][k] for k in ("id", "text", "body", "content_hash")
    }
    assert int(sam.store.scalar("SELECT COUNT(*) FROM evidence_area")) == 1


def test_shared_notes_go_into_the_evidence_body_and_leave_it_when_private(
    sam: Workspace,
) -> None:
    m = sam.mentorship
    one = m.add_one_on_one(
        "Sam", held_on="2026-01-10", notes="walked through sharding", actions=["a"], today=TODAY
    )
    m.share(one.id)
    shared = sam.entry(one.evidence_id or 0)
    assert shared.body == "walked through sharding\nAction items:\n- a"
    assert shared.data["shared"] is True
    m.share(one.id, shared=False)
    assert sam.entry(one.evidence_id or 0).body is None


def test_private_again_strips_notes_even_from_an_entry_you_edited(sam: Workspace) -> None:
    m = sam.mentorship
    one = m.add_one_on_one("Sam", held_on="2026-01-10", notes="sharding", shared=True, today=TODAY)
    eid = one.evidence_id or 0
    sam.edit(eid, text="Mentored Sam on sharding trade-offs")
    m.share(one.id, shared=False)
    entry = sam.entry(eid)
    assert entry.text == "Mentored Sam on sharding trade-offs"  # your words stay
    assert entry.body is None  # the notes do not


def test_evidence_you_deleted_stays_deleted(sam: Workspace) -> None:
    m = sam.mentorship
    one = m.add_one_on_one("Sam", held_on="2026-01-10", notes="n", today=TODAY)
    sam.remove(one.evidence_id or 0)
    m.edit_one_on_one(one.id, actions=["a"])
    assert sam.entry(one.evidence_id or 0).deleted_at is not None
    assert len(_evidence(sam, deleted=True)) == 1 and _evidence(sam) == []
    # ending and picking up the mentoring again does not bring back what you deleted
    m.end_mentee("Sam", on="2026-01-06", today=TODAY)
    m.add_mentee("Sam", since="2026-01-05", today=TODAY)
    assert sam.entry(one.evidence_id or 0).deleted_at is not None


def test_removing_a_one_on_one_removes_its_items_and_marks_its_evidence_deleted(
    sam: Workspace,
) -> None:
    m = sam.mentorship
    one = m.add_one_on_one("Sam", held_on="2026-01-10", actions=["a", "b"], today=TODAY)
    two = m.add_one_on_one("Sam", held_on="2026-01-24", close=[one.actions[0].id], today=TODAY)
    gone = m.remove_one_on_one(two.id)
    assert gone.id == two.id and len(_evidence(sam)) == 1
    assert not m.action(one.actions[0].id).open  # what it closed stays closed
    m.remove_one_on_one(one.id)
    assert _evidence(sam) == [] and _counts(sam)["action_item"] == 0
    # marked deleted, as `ladder rm` does: the rows, their areas and their ids stay
    rows = _evidence(sam, deleted=True)
    assert [r["id"] for r in rows] == [one.evidence_id, two.evidence_id]
    assert all(r["deleted_at"] for r in rows) and _counts(sam)["evidence_area"] == 2
    assert json.loads(rows[0]["data"])["withdrawn"] == "its 1:1 was deleted"
    assert sam.log("next").id == 3  # never a reused id


def test_ending_a_mentoring_keeps_the_links_to_its_evidence(sam: Workspace) -> None:
    """Ratings and goals that cite a mentoring 1:1 keep their link when it stops counting."""
    m = sam.mentorship
    one = m.add_one_on_one("Sam", held_on="2026-01-20", today=TODAY)
    eid = one.evidence_id or 0
    rated = sam.assessments.rate("mentorship.mentoring", "meeting", evidence=[eid])
    goal = sam.goals.add("Mentor Sam", track="leadership", area="mentorship", month="2026-01")
    sam.goals.done(goal.id, evidence_id=eid)
    ended = m.end_mentee("Sam", on="2026-01-15", today=TODAY)
    assert ended.withdrawn_evidence == (eid,) and ended.to_dict()["withdrawn_evidence"] == [eid]
    assert sam.entry(eid).deleted_at is not None and _evidence(sam) == []
    (again,) = [a for a in sam.assessments.history() if a.id == rated.id]
    assert again.deleted_evidence_ids == (eid,) and again.testimony_only
    assert sam.goals.get(goal.id).evidence_id == eid
    assert sam.log("next").id == eid + 1  # the id is not handed out again
    # counting again brings the same item back, with its id
    back = m.add_mentee("Sam", since="2026-01-05", today=TODAY)
    assert back.withdrawn_evidence == ()
    assert sam.entry(eid).deleted_at is None
    assert "withdrawn" not in sam.entry(eid).data
    assert m.one_on_one(one.id).evidence_id == eid


def test_mentoring_period_decides_what_counts(ws: Workspace) -> None:
    """Worked example: 1:1s before `since` and after the end are kept but are not evidence."""
    m = ws.mentorship
    early = m.add_one_on_one("Sam", held_on="2026-01-02", today=TODAY)
    m.add_mentee("Sam", since="2026-01-05", today=TODAY)
    inside = m.add_one_on_one("Sam", held_on="2026-01-20", today=TODAY)
    assert not m.one_on_one(early.id).mentoring and inside.mentoring
    m.end_mentee("Sam", on="2026-01-31", today=TODAY)
    late = m.add_one_on_one("Sam", held_on="2026-02-10", today=TODAY)
    assert not late.mentoring and m.one_on_one(inside.id).mentoring
    assert [e["occurred_on"] for e in _evidence(ws)] == ["2026-01-20"]
    m.add_mentee("Sam", since="2026-01-01", today=TODAY)  # picks it up again, from earlier
    assert [e["occurred_on"] for e in _evidence(ws)] == ["2026-01-02", "2026-01-20", "2026-02-10"]
    assert m.mentee("Sam").one_on_ones == 3
    m.end_mentee("Sam", on="2026-01-10", today=TODAY)
    assert [e["occurred_on"] for e in _evidence(ws)] == ["2026-01-02"]


NOTES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=80,
).filter(lambda s: len(s.strip()) >= 3)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(notes=NOTES, actions=st.lists(NOTES, max_size=3))
def test_private_notes_and_items_never_reach_evidence(
    sam: Workspace, notes: str, actions: list[str]
) -> None:
    marker = "PRIVATE-" + notes.strip()
    items = ["ITEM-" + a for a in actions]
    one = sam.mentorship.add_one_on_one("Sam", notes=marker, actions=items, today=TODAY)
    row = sam.store.one("SELECT * FROM evidence WHERE id = :id", {"id": one.evidence_id})
    assert row is not None
    stored = json.dumps([row["text"], row["body"], row["data"], row["impact"]])
    assert "PRIVATE-" not in stored and "ITEM-" not in stored
    reasons = sam.store.query(
        "SELECT reason FROM evidence_area WHERE evidence_id = :id", {"id": one.evidence_id}
    )
    assert all("PRIVATE-" not in r["reason"] for r in reasons)
    public = one.to_dict(include_private=False)
    assert public["notes"] is None and all(a["text"] is None for a in public["actions"])
    assert one.to_dict()["notes"].startswith("PRIVATE-")


# -- the commands -----------------------------------------------------------------------------
@pytest.fixture
def me(cli):  # type: ignore[no-untyped-def]
    done = cli("init", "--name", "Ada", "--email", "ada@example.com", "--level", "mid")
    assert done.exit_code == 0, done.stderr
    return cli


def test_cli_mentee_add_list_end(me) -> None:  # type: ignore[no-untyped-def]
    added = me("mentee", "add", "Sam", "--since", "2026-01-05", "--note", "payments team")
    assert added.exit_code == 0, added.stderr
    assert added.stdout.startswith("Added Sam: your mentee since 2026-01-05.")
    listed = me("mentee", "list")
    assert "Sam" in listed.stdout and "payments team" in listed.stdout
    data = json.loads(me("mentee", "list", "--json").stdout)
    assert data["mentees"][0]["since"] == "2026-01-05"
    again = me("mentee", "add", "sam")
    assert again.exit_code == 1 and again.stderr.startswith("error: Sam is already your mentee")
    ended = me("mentee", "end", "Sam", "--on", "2026-02-01")
    assert "Ended the mentoring of Sam on 2026-02-01" in ended.stdout
    assert "No mentees yet" in me("mentee", "list").stdout
    assert "Sam" in me("mentee", "list", "--all").stdout


def test_cli_1on1_add_shows_what_carries_over(me) -> None:  # type: ignore[no-untyped-def]
    me("mentee", "add", "Sam", "--since", "2026-01-05")
    first = me(
        "1on1", "add", "--with", "Sam", "--date", "2026-01-10", "--notes", "secret notes",
        "--action", "Draft the RFC", "--action", "Read DDIA",
    )  # fmt: skip
    assert first.exit_code == 0, first.stderr
    assert "Saved 1:1 #1 with Sam on 2026-01-10 (private)." in first.stdout
    assert "Counts as mentoring: evidence #1" in first.stdout
    second = me("1on1", "add", "-w", "sam", "-d", "2026-01-24", "--close", "1")
    assert "Closed:\n  #1  Draft the RFC" in second.stdout
    assert "Still open from earlier 1:1s:\n  #2  Read DDIA  (from 2026-01-10)" in second.stdout
    actions = me("1on1", "actions", "--with", "Sam")
    assert "Read DDIA" in actions.stdout and "Draft the RFC" not in actions.stdout
    listed = me("1on1", "list")
    assert "secret notes" not in listed.stdout and "mentoring" in listed.stdout
    shown = me("1on1", "show", "1")
    assert "secret notes" in shown.stdout
    entries = me("entries", "--area", "mentorship")
    assert "Mentoring 1:1 with Sam: 2 action items agreed" in entries.stdout
    assert "secret" not in me("entries", "--json").stdout


def test_cli_notes_from_stdin_and_sharing(me) -> None:  # type: ignore[no-untyped-def]
    me("mentee", "add", "Sam", "--since", "2026-01-05")
    done = me("1on1", "add", "--with", "Sam", "--notes", "-", input="line one\nline two\n")
    assert done.exit_code == 0, done.stderr
    data = json.loads(me("1on1", "show", "1", "--json").stdout)
    assert data["notes"] == "line one\nline two" and data["private"] is True
    shared = me("1on1", "share", "1")
    assert "is shared" in shared.stdout
    assert json.loads(me("show", "1", "--json").stdout)["body"] == "line one\nline two"
    me("1on1", "share", "1", "--private")
    assert json.loads(me("show", "1", "--json").stdout)["body"] is None


def test_cli_errors_are_one_line_and_change_nothing(me) -> None:  # type: ignore[no-untyped-def]
    me("mentee", "add", "Sam")
    me("1on1", "add", "--with", "Sam", "--action", "x")
    before = me("1on1", "list", "--json").stdout
    for args, message in [
        (("1on1", "show", "9"), "error: no 1:1 #9"),
        (("1on1", "close", "9"), "error: no action item #9"),
        (("1on1", "reopen", "1"), "error: action item #1 is open already"),
        (("1on1", "rm", "9"), "error: no 1:1 #9"),
        (("1on1", "add", "--with", "Bob", "--close", "1"), "error: action item #1 is from a 1:1 with Sam"),
        (("1on1", "add", "--with", "", "--notes", "secret"), "error: the name is empty"),
        (("1on1", "add", "--with", "Sam", "--date", "2999-01-01", "--notes", "secret"), "error: "),
        (("1on1", "list", "--limit", "0"), "error: --limit must be at least 1"),
        (("mentee", "end", "Bob"), "error: no mentee called 'Bob'"),
        (("mentee", "add", " "), "error: the mentee's name is empty"),
    ]:  # fmt: skip
        done = me(*args)
        assert done.exit_code == 1, (args, done.stdout)
        assert done.stderr.startswith(message), (args, done.stderr)
        assert "Traceback" not in done.stderr and "secret" not in done.stderr
    assert me("1on1", "list", "--json").stdout == before


def test_cli_rm_and_edit(me) -> None:  # type: ignore[no-untyped-def]
    me("mentee", "add", "Sam")
    me("1on1", "add", "--with", "Sam", "--notes", "a")
    edited = me("1on1", "edit", "1", "--notes", "b", "--action", "new item")
    assert edited.exit_code == 0 and "new item" in edited.stdout
    assert json.loads(me("1on1", "show", "1", "--json").stdout)["notes"] == "b"
    removed = me("1on1", "rm", "1")
    assert removed.stdout.startswith("Deleted 1:1 #1 with Sam") and "evidence #1" in removed.stdout
    assert json.loads(me("entries", "--json").stdout)["entries"] == []
    assert "Mentoring 1:1 with Sam" in me("entries", "--deleted").stdout


def test_names_match_whatever_their_case_beyond_ascii(ws: Workspace) -> None:
    m = ws.mentorship
    m.add_mentee("Zoë", since="2026-01-05", today=TODAY)
    one = m.add_one_on_one("ZOË", held_on="2026-01-10", actions=["x"], today=TODAY)
    assert one.with_name == "Zoë" and one.mentoring  # the mentee, not a new person
    m.add_one_on_one("zoë", held_on="2026-01-20", today=TODAY)  # stored as typed: not a mentee row
    assert [o.with_name for o in m.one_on_ones("ZOË")] == ["Zoë", "Zoë"]
    assert [a.text for a in m.open_actions("zoË")] == ["x"]
    assert m.partners() == ["Zoë"] and m.mentee("ZOË").open_actions == 1
    m.add_one_on_one("Ørjan", held_on="2026-01-11", actions=["y"], today=TODAY)
    later = m.add_one_on_one("ØRJAN", held_on="2026-01-12", today=TODAY)
    assert [a.text for a in later.carried] == ["y"]
    with pytest.raises(InputError, match="already your mentee"):
        m.add_mentee("ZOË", today=TODAY)
    assert _counts(ws)["mentee"] == 1


def test_notes_and_action_items_are_bounded_like_the_work_log(sam: Workspace) -> None:
    before = _counts(sam)
    with pytest.raises(InputError, match="the notes are 20001 characters long"):
        sam.mentorship.add_one_on_one("Sam", notes="n" * 20_001, today=TODAY)
    with pytest.raises(InputError, match="action item 1 is 20001 characters long"):
        sam.mentorship.add_one_on_one("Sam", actions=["a" * 20_001], today=TODAY)
    assert _counts(sam) == before
    assert sam.mentorship.add_one_on_one("Sam", notes="n" * 20_000, today=TODAY).notes


def test_cli_list_json_gives_counts_not_notes(me) -> None:  # type: ignore[no-untyped-def]
    me("mentee", "add", "Sam")
    me("1on1", "add", "--with", "Sam", "--notes", "secret notes", "--action", "private item")
    listed = me("1on1", "list", "--json")
    assert "secret" not in listed.stdout and "private item" not in listed.stdout
    (one,) = json.loads(listed.stdout)["one_on_ones"]
    assert (one["actions_agreed"], one["actions_open"], one["private"]) == (1, 1, True)
    assert "notes" not in one
    assert json.loads(me("1on1", "show", "1", "--json").stdout)["notes"] == "secret notes"


def test_cli_end_and_rm_say_the_evidence_is_marked_deleted(me) -> None:  # type: ignore[no-untyped-def]
    me("mentee", "add", "Bob", "--since", "2026-01-05")
    me("1on1", "add", "--with", "Bob", "--date", "2026-01-10")
    added = me("mentee", "add", "Bob", "--since", "2026-01-05")
    assert "1 1:1 with Bob counts as mentoring" in added.stdout
    ended = me("mentee", "end", "bob", "--on", "2026-01-06")
    assert ended.exit_code == 0, ended.stderr
    assert "evidence #1 is marked deleted, not erased" in ended.stdout
    assert "`ladder restore 1`" in ended.stdout
    me("mentee", "add", "Bob", "--since", "2026-01-05")
    removed = me("1on1", "rm", "1")
    assert "Its evidence #1 is marked deleted" in removed.stdout


def test_cli_first_one_on_one_with_a_misspelt_name_says_so(me) -> None:  # type: ignore[no-untyped-def]
    me("mentee", "add", "Samantha")
    done = me("1on1", "add", "--with", "Samanta")
    assert "did you mean Samantha?" in done.stdout and "`ladder 1on1 rm 1`" in done.stdout


def test_cli_1on1_logged_for_a_day_before_the_mentee_was_added_says_how_to_count_it(me) -> None:  # type: ignore[no-untyped-def]
    today = CLOCK.today()
    added = me("mentee", "add", "Sam")  # since: today
    assert f"your mentee since {today}" in added.stdout and "--since DATE" in added.stdout
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    done = me("1on1", "add", "--with", "Sam", "--date", "yesterday")
    assert done.exit_code == 0, done.stderr
    assert "Does not count as mentoring" in done.stdout
    assert f"ladder mentee add Sam --since {yesterday}" in done.stdout
    # the command it names makes it count
    moved = me("mentee", "add", "Sam", "--since", yesterday)
    assert "1 1:1 with Sam counts as mentoring." in moved.stdout
    assert "Mentoring 1:1 with Sam" in me("entries", "--area", "mentorship").stdout


def test_cli_1on1_logged_before_the_start_offers_to_move_it_in_a_terminal(me, home: Path) -> None:  # type: ignore[no-untyped-def]
    me("mentee", "add", "Sam")
    code, screen = run_in_terminal(
        "1on1", "add", "--with", "Sam", "--date", "yesterday",
        env={"LADDER_HOME": str(home)}, answers={"[y/n]": "y"},
    )  # fmt: skip
    assert code == 0, screen
    yesterday = (CLOCK.today() - dt.timedelta(days=1)).isoformat()
    assert f"Sam: your mentee since {yesterday}." in screen
    assert "Counts as mentoring: evidence #" in screen
    assert json.loads(me("mentee", "list", "--json").stdout)["mentees"][0]["since"] == yesterday
