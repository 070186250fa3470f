"""The learning list: the bundled reading list, seeding, progress, and finishing as evidence."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ladder import framework
from ladder.errors import InputError, NotFoundError
from ladder.learning import KINDS, SOURCE, reading_list
from ladder.workspace import Workspace

TODAY = dt.date(2026, 3, 1)


def _learning_rows(ws: Workspace) -> list[dict[str, object]]:
    return ws.store.query("SELECT * FROM learning_item ORDER BY id")


def _evidence(ws: Workspace) -> list[dict[str, object]]:
    return ws.store.query("SELECT * FROM evidence WHERE source = :s", {"s": SOURCE})


# -- the bundled reading list -----------------------------------------------------------------
def test_reading_list_areas_are_areas_of_the_bundled_ladder() -> None:
    name, text = framework.default_source()
    ladder = framework.parse(text, source_name=name)
    areas = {a.id for a in ladder.areas}
    for item in reading_list():
        assert item.areas, item.id
        assert set(item.areas) <= areas, (item.id, set(item.areas) - areas)


def test_reading_list_has_what_the_material_names_and_stable_unique_ids() -> None:
    items = reading_list()
    assert 12 <= len(items) <= 16
    ids = [i.id for i in items]
    assert len(ids) == len(set(ids))
    assert all(i.replace("-", "").isalnum() and i == i.lower() for i in ids)
    titles = " | ".join(i.title for i in items)
    for named in (
        "Refactoring",
        "Designing Data-Intensive Applications",
        "Site Reliability Engineering",
    ):
        assert named in titles
    assert all(i.kind in KINDS and i.why and i.author for i in items)
    # every area of the ladder has something to read
    covered = {a for i in items for a in i.areas}
    assert covered == {a.id for a in framework.parse(framework.default_source()[1]).areas}


# -- seeding ----------------------------------------------------------------------------------
def test_seeding_happens_on_first_use_and_only_once(ws: Workspace) -> None:
    assert _learning_rows(ws) == []
    first = ws.learning.items()
    assert [i.seed_id for i in first] == [s.id for s in reading_list()]
    assert all(i.status == "planned" and i.why for i in first)
    ws.learning.items()
    assert ws.learning.seed() == 0
    assert len(_learning_rows(ws)) == len(reading_list())


def test_items_new_to_the_bundled_list_are_seeded_later(ws: Workspace) -> None:
    ws.learning.items()
    with ws.store.transaction():
        ws.store.execute("DELETE FROM learning_item WHERE seed_id = 'ddia'")
    assert ws.learning.seed() == 1
    assert ws.learning.item("ddia").title == "Designing Data-Intensive Applications"


def test_seeding_needs_a_profile(bare_ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="no profile"):
        bare_ws.learning.items()


# -- reading and writing ----------------------------------------------------------------------
def test_from_planned_to_reading_to_done(ws: Workspace) -> None:
    lr = ws.learning
    started = lr.start("ddia", today=TODAY)
    assert (started.status, started.started_on, started.progress) == ("reading", "2026-03-01", 0)
    with pytest.raises(InputError, match="already on"):
        lr.start("ddia")
    lr.progress("ddia", 40, note="chapter 5:   replication lag", today=TODAY)
    half = lr.progress(started.id, 55, note="chapter 6", today=dt.date(2026, 3, 8))
    assert half.note == "2026-03-01 (40%): chapter 5: replication lag\n2026-03-08 (55%): chapter 6"
    assert [i.seed_id for i in lr.items(status="reading")] == ["ddia"]
    assert lr.items()[0].seed_id == "ddia"  # reading comes first
    done = lr.progress("ddia", 100, today=dt.date(2026, 3, 20))
    assert (done.status, done.finished_on, done.started_on) == ("done", "2026-03-20", "2026-03-01")
    assert not done.counts_as_evidence and _evidence(ws) == []
    with pytest.raises(InputError, match="done already"):
        lr.progress("ddia", 10)
    with pytest.raises(InputError, match="done already"):
        lr.start("ddia")


def test_drop_and_pick_up_again(ws: Workspace) -> None:
    lr = ws.learning
    lr.drop("team-topologies")
    assert "team-topologies" not in [i.seed_id for i in lr.items()]
    assert [i.seed_id for i in lr.items(status="dropped")] == ["team-topologies"]
    assert len(lr.items(status="all")) == len(reading_list())
    with pytest.raises(InputError, match="dropped already"):
        lr.drop("team-topologies")
    assert lr.start("team-topologies").status == "reading"


def test_finishing_with_what_you_applied_is_evidence_for_its_areas(ws: Workspace) -> None:
    done = ws.learning.done(
        "refactoring", applied="split  the billing rules with Extract Function", today=TODAY
    )
    assert done.counts_as_evidence and done.evidence_id is not None
    entry = ws.entry(done.evidence_id)
    assert (entry.source, entry.source_ref, entry.kind) == ("learning", done.uid, "learning")
    assert entry.occurred_on == "2026-03-01"
    assert entry.text == (
        "Read Refactoring: Improving the Design of Existing Code (Martin Fowler) "
        "and applied it: split the billing rules with Extract Function"
    )
    links = {(a.area, a.expectation): a for a in entry.areas}
    assert set(links) == {("code-quality", ""), ("career", "career.learning-plan")}
    assert all(a.origin == "source" and a.reason for a in links.values())
    assert "Refactoring" in links[("code-quality", "")].reason


def test_done_without_applied_is_not_evidence_until_you_say_what_you_applied(
    ws: Workspace,
) -> None:
    lr = ws.learning
    done = lr.done("sre-book", today=TODAY)
    assert done.status == "done" and done.evidence_id is None and _evidence(ws) == []
    with pytest.raises(InputError, match="done already") as err:
        lr.done("sre-book")
    assert err.value.hint and "ladder learn applied sre-book" in err.value.hint
    applied = lr.record_applied("sre-book", "wrote SLOs for the checkout API")
    assert applied.counts_as_evidence and len(_evidence(ws)) == 1


def test_applying_again_replaces_the_same_evidence(ws: Workspace) -> None:
    lr = ws.learning
    first = lr.done("ddia", applied="first version", today=TODAY)
    again = lr.record_applied("ddia", "second version")
    same = lr.done("ddia", applied="second version")
    rows = _evidence(ws)
    assert len(rows) == 1 and first.evidence_id == again.evidence_id == same.evidence_id
    assert str(rows[0]["text"]).endswith("applied it: second version")


def test_applied_needs_a_finished_item_and_text(ws: Workspace) -> None:
    lr = ws.learning
    with pytest.raises(InputError, match="not finished yet"):
        lr.record_applied("ddia", "x")
    with pytest.raises(InputError, match="say what you applied"):
        lr.done("ddia", applied="   ")
    assert lr.item("ddia").status == "planned" and _evidence(ws) == []


def test_your_own_items(ws: Workspace) -> None:
    lr = ws.learning
    mine = lr.add(
        "  The Site  Reliability Workbook ",
        author="Betsy Beyer",
        kind="book",
        areas=["operations", "operations"],
        url="https://sre.google/workbook/table-of-contents/",
    )
    assert (mine.title, mine.areas, mine.seed_id, mine.ref) == (
        "The Site Reliability Workbook",
        ("operations",),
        None,
        str(mine.id),
    )
    assert [i.id for i in lr.items(area="operations")][-1] == mine.id
    assert lr.item(str(mine.id)) == lr.item(f"#{mine.id}") == mine
    done = lr.done(mine.id, applied="error budget policy", today=TODAY)
    assert {a.area for a in ws.entry(done.evidence_id or 0).areas} == {"operations", "career"}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"title": "  "}, "title is empty"),
        ({"title": "X", "kind": "movie"}, "unknown kind 'movie'"),
        ({"title": "X", "areas": ["ops"]}, "unknown area 'ops'"),
        ({"title": "X", "url": "ftp://x"}, "not a web address"),
        ({"title": "X\x00"}, "NUL"),
    ],
)
def test_bad_items_are_refused_and_nothing_is_written(
    ws: Workspace, kwargs: dict[str, object], error: str
) -> None:
    before = len(ws.learning.items(status="all"))
    with pytest.raises(InputError, match=error):
        ws.learning.add(**kwargs)  # type: ignore[arg-type]
    assert len(_learning_rows(ws)) == before


def test_unknown_items_and_filters(ws: Workspace) -> None:
    lr = ws.learning
    with pytest.raises(NotFoundError, match=r"no learning item 'ddai' \(did you mean 'ddia'\?\)"):
        lr.start("ddai")
    with pytest.raises(NotFoundError, match="no learning item '999'"):
        lr.item(999)
    with pytest.raises(InputError, match="unknown status 'finished'"):
        lr.items(status="finished")
    assert {i.seed_id for i in lr.items(area="operations")} == {"sre-book", "release-it"}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(percent=st.integers(min_value=-1000, max_value=1000))
def test_progress_is_accepted_exactly_from_0_to_100(ws: Workspace, percent: int) -> None:
    before = ws.learning.item("accelerate")
    if 0 <= percent <= 100:
        after = ws.learning.progress("accelerate", percent)
        assert after.progress == percent
        assert after.status == ("done" if percent == 100 else "reading")
        if percent == 100:  # back to reading for the next example
            with ws.store.transaction():
                ws.store.execute(
                    "UPDATE learning_item SET status = 'reading', finished_on = NULL "
                    "WHERE seed_id = 'accelerate'"
                )
    else:
        with pytest.raises(InputError, match="from 0 to 100"):
            ws.learning.progress("accelerate", percent)
        assert ws.learning.item("accelerate") == before


def test_to_dict_round_trips_through_json(ws: Workspace) -> None:
    item = ws.learning.done("ddia", applied="x", today=TODAY)
    data = json.loads(json.dumps(item.to_dict()))
    assert data["seed_id"] == "ddia" and data["counts_as_evidence"] is True
    assert data["areas"] == ["system-design", "technical-depth"]


# -- the commands -----------------------------------------------------------------------------
@pytest.fixture
def me(cli):  # type: ignore[no-untyped-def]
    done = cli("init", "--name", "Ada", "--email", "ada@example.com", "--level", "mid")
    assert done.exit_code == 0, done.stderr
    return cli


def test_cli_learn_lists_the_reading_list(me) -> None:  # type: ignore[no-untyped-def]
    bare = me("learn")
    assert bare.exit_code == 0, bare.stderr
    assert "Refactoring (Martin Fowler)" in bare.stdout and "ddia" in bare.stdout
    assert me("learn", "list").stdout == bare.stdout
    ops = json.loads(me("learn", "--area", "operations", "--json").stdout)["items"]
    assert {i["seed_id"] for i in ops} == {"sre-book", "release-it"}
    assert json.loads(me("learn", "list", "--status", "done", "--json").stdout) == {"items": []}


def test_cli_progress_done_applied(me) -> None:  # type: ignore[no-untyped-def]
    assert me("learn", "start", "ddia").stdout.startswith("Started #2")
    assert "at 40%" in me("learn", "progress", "ddia", "40%", "--note", "ch 5").stdout
    done = me("learn", "done", "ddia")
    assert "counts as evidence once you say what you applied" in done.stdout
    assert "`ladder learn applied ddia" in done.stdout
    applied = me("learn", "applied", "ddia", "chose leader-follower replication")
    assert "counts as evidence #1 for system-design, technical-depth, career." in applied.stdout
    finished = me("learn", "done", "refactoring", "--applied", "split the billing rules")
    assert "Counts as evidence #2 for code-quality, career." in finished.stdout
    areas = {a["area"] for a in json.loads(me("show", "2", "--json").stdout)["areas"]}
    assert areas == {"code-quality", "career"}  # exactly what the output named
    shown = me("learn", "show", "ddia")
    assert "Why: " in shown.stdout and "(40%): ch 5" in shown.stdout
    listed = me("entries", "--area", "technical-depth")
    assert "chose leader-follower replication" in listed.stdout


def test_cli_add_and_drop(me) -> None:  # type: ignore[no-untyped-def]
    added = me(
        "learn", "add", "Crucial Conversations", "--author", "Kerry Patterson",
        "--kind", "book", "--area", "communication", "--area", "leadership",
        "--url", "https://example.com/cc",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert added.stdout.startswith("Added #17: Crucial Conversations [communication, leadership]")
    assert me("learn", "drop", "17").stdout.startswith("Dropped #17")


def test_cli_bad_input(me) -> None:  # type: ignore[no-untyped-def]
    before = me("learn", "--status", "all", "--json").stdout
    for args, message in [
        (("learn", "progress", "ddia", "140"), "error: progress must be a whole percent from 0 to 100"),
        (("learn", "progress", "ddia", "--", "-5"), "error: progress must be a whole percent"),
        (("learn", "progress", "ddia", "half"), "error: progress must be a whole percent"),
        (("learn", "start", "nope"), "error: no learning item 'nope'"),
        (("learn", "done", "99", "--applied", "x"), "error: no learning item '99'"),
        (("learn", "applied", "ddia", "x"), "error: #2 (Designing Data-Intensive Applications) is not finished yet"),
        (("learn", "add", "X", "--kind", "movie"), "error: unknown kind 'movie'"),
        (("learn", "--area", "nope"), "error: unknown area 'nope'"),
        (("learn", "--status", "finished"), "error: unknown status 'finished'"),
    ]:  # fmt: skip
        done = me(*args)
        assert done.exit_code == 1, (args, done.stdout, done.stderr)
        assert done.stderr.startswith(message), (args, done.stderr)
    assert me("learn", "--status", "all", "--json").stdout == before
