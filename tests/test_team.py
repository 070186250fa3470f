"""The team core (ladder.team): manager links never loop, who reads which 1:1 note, expiries,
token use, and the one-person workspace left as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import NOW
from ladder.clock import FixedClock
from ladder.errors import InputError
from ladder.store import Store
from ladder.team import accounts
from ladder.team.access import can_read_note, relation
from ladder.team.accounts import Actor
from ladder.workspace import Workspace

NAMES = ("a", "b", "c", "d", "e")


def _managers(store: Store) -> dict[str, str | None]:
    return {a.email[0]: (a.manager_email or "")[:1] or None for a in accounts.accounts(store)}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder: Path = tmp_path_factory.mktemp("team")
    ws = Workspace.open(folder, url=f"sqlite:///{folder / 'ladder.db'}", env={})
    for n in NAMES:
        accounts.add(ws.store, f"{n}@example.com", name=n.upper(), roles=["engineer"], now=NOW)
    return ws.store


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from((*NAMES, None))), max_size=12))
def test_manager_links_never_form_a_loop(
    store: Store, changes: list[tuple[str, str | None]]
) -> None:
    for person, manager in changes:
        before = _managers(store)
        try:
            accounts.set_manager(
                store, f"{person}@example.com", manager and f"{manager}@example.com", now=NOW
            )
        except InputError as err:
            assert "loop" in err.message or "themselves" in err.message
            assert _managers(store) == before  # a refused change writes nothing
        links = _managers(store)
        for start in NAMES:  # walking up from anyone ends
            seen, current = set(), links[start]
            while current is not None:
                assert current not in seen and current != start
                seen.add(current)
                current = links[current]


def test_who_reads_a_one_on_one_note() -> None:
    author, other, third = 1, 2, 3

    def reads(who: int | None, *, shared: bool) -> bool:
        actor = Actor(person_id=who, account_id=who, email="x")
        return can_read_note(actor, author_id=author, with_person_id=other, shared=shared)

    assert [reads(p, shared=False) for p in (author, other, third, None)] == [
        True,
        False,
        False,
        False,
    ]
    assert [reads(p, shared=True) for p in (author, other, third, None)] == [
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("90d", dt.timedelta(days=90)),
        (None, dt.timedelta(days=90)),
        ("4w", dt.timedelta(weeks=4)),
        ("12H", dt.timedelta(hours=12)),
    ],
)
def test_expiry_is_read_from_days_weeks_and_hours(text: str | None, after: dt.timedelta) -> None:
    assert accounts.parse_expiry(text, NOW) == (NOW + after).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert accounts.parse_expiry("never", NOW) is None


def test_token_last_use_is_written_at_most_once_a_minute(backend: str, tmp_path: Path) -> None:
    clock = FixedClock(NOW)
    ws = Workspace.open(tmp_path, url=backend, env={}, clock=clock)
    accounts.add(ws.store, "a@example.com", name="A", roles=["admin"], now=clock.now())
    made = accounts.issue_token(ws.store, "a@example.com", now=clock.now())
    actor = accounts.authenticate_token(ws.store, made.secret, now=clock.now())
    assert actor is not None and actor.via == f"token:{made.token.id}" and actor.scope == "read"
    first = accounts.tokens(ws.store)[0].last_used_at
    clock.advance(dt.timedelta(seconds=30))
    accounts.authenticate_token(ws.store, made.secret, now=clock.now())
    assert accounts.tokens(ws.store)[0].last_used_at == first
    clock.advance(dt.timedelta(seconds=31))
    accounts.authenticate_token(ws.store, made.secret, now=clock.now())
    assert accounts.tokens(ws.store)[0].last_used_at > (first or "")
    assert accounts.authenticate_token(ws.store, made.secret + "x", now=clock.now()) is None
    ws.close()


def test_an_existing_person_with_the_email_keeps_their_data(ws: Workspace) -> None:
    """The owner of a local log who joins the team server keeps their evidence."""
    ws.log("Wrote the runbook for the payments queue")
    acc = accounts.add(ws.store, "ADA@example.com", name="Ada", roles=["engineer"], now=NOW)
    me = ws.profile()
    assert me is not None and acc.person_id == me.id
    assert ws.for_person(acc.person_id).entries()[1] == 1
    rel = relation(ws.store, Actor(acc.person_id, acc.id, acc.email), acc.person_id)
    assert rel.is_self and rel.reads("evidence") and rel.standing("x") == "self"


def test_the_one_person_workspace_is_unchanged(ws: Workspace) -> None:
    """No account, no rules: the command line's workspace owns everything, as before."""
    entry = ws.log("Reviewed the cache design")
    assert ws.person_id is None and ws.entries()[1] == 1
    assert ws.assessments.rate("system-design.tradeoffs", "meeting").rater_person_id is None
    assert ws.remove(entry.id).deleted_at is not None


def _actor(store: Store, email: str) -> Actor:
    acc = accounts.by_email(store, email)
    return Actor(acc.person_id, acc.id, acc.email, frozenset(acc.roles))


def test_two_managers_who_share_a_name_keep_their_own_ratings(backend: str, tmp_path: Path) -> None:
    """Ratings are keyed by the rater's account, not their display name: a manager and the
    manager's manager both called Alex Kim are two raters, each with their own history."""
    from ladder.readiness import rating_summary
    from ladder.team.access import Team

    clock = FixedClock(NOW, tick=dt.timedelta(milliseconds=1))
    ws = Workspace.open(tmp_path / "home", url=backend, env={}, clock=clock)
    store = ws.store
    for who, manager in (("boss", None), ("mgr", "boss"), ("eng", "mgr")):
        accounts.add(
            store,
            f"{who}@example.com",
            name="Eli Engineer" if who == "eng" else "Alex Kim",
            roles=["engineer", "manager"],
            manager=manager and f"{manager}@example.com",
            level="mid",
            target_level="senior",
            now=clock.now(),
        )
    eng, mgr, boss = (
        accounts.by_email(store, f"{w}@example.com").person_id for w in ("eng", "mgr", "boss")
    )
    exp = "system-design.tradeoffs"
    as_mgr = Team(ws.store, clock=ws.clock, actor=_actor(store, "mgr@example.com"))
    as_boss = Team(ws.store, clock=ws.clock, actor=_actor(store, "boss@example.com"))
    as_mgr.rate(eng, expectation=exp, rating="meeting", note="from the manager")
    as_boss.rate(eng, expectation=exp, rating="not yet", note="from the skip-level")
    as_mgr.rate(eng, expectation=exp, rating="exceeding", note="the manager again")

    def current(team: Team) -> set[tuple[int | None, str, str]]:
        return {
            (r["rater_person_id"], r["rating_name"], r["note"])
            for r in team.ratings(eng)
            if r["rater"] == "manager"
        }

    both = {(mgr, "exceeding", "the manager again"), (boss, "not-yet", "from the skip-level")}
    for viewer in (
        as_mgr,
        as_boss,
        Team(ws.store, clock=ws.clock, actor=_actor(store, "eng@example.com")),
    ):
        assert current(viewer) == both
    service = ws.for_person(eng).assessments
    history = [(a.rater_person_id, a.note) for a in service.history(rater="manager")]
    assert history == [
        (mgr, "from the manager"),
        (boss, "from the skip-level"),
        (mgr, "the manager again"),
    ]
    row = next(r for r in service.diff(level="senior").rows if r.expectation == exp)
    assert "disconnect" in [f.kind for f in row.flags]  # the two managers disagree
    # readiness weighs them as two raters, not one
    from ladder import readiness

    managers = [
        r
        for r in readiness._ratings(ws.for_person(eng), clock.today())["system-design"]
        if r.rater == "manager"
    ]
    assert sorted(r.rater_key for r in managers) == sorted([f"#{mgr}", f"#{boss}"])
    both_weight = rating_summary(managers)[1]
    assert both_weight > rating_summary(managers[:1])[1]
    ws.close()


def _growing_team(store: Store, ws: Workspace, reports: int) -> list[int]:
    """A manager ``mgr`` with ``reports`` reports (and one report of a report), each with a
    few entries, a self rating backed by two of them (one deleted since), and a rating
    backed by none; the manager rates each one too."""
    from ladder.team.access import Team

    now = ws.clock.now()
    accounts.add(store, "mgr@example.com", name="Max", roles=["manager"], now=now)
    people = []
    for n in range(reports):
        manager = "mgr@example.com" if n < reports - 1 else "r0@example.com"
        accounts.add(
            store,
            f"r{n}@example.com",
            name=f"Report {n}",
            roles=["engineer"],
            manager=manager,
            level="mid",
            target_level="senior",
            now=now,
        )
        pid = accounts.by_email(store, f"r{n}@example.com").person_id
        mine = ws.for_person(pid)
        kept = mine.log(f"Designed cache {n}: two options weighed", areas=["system-design"])
        gone = mine.log(f"Drafted the cache {n} notes", areas=["system-design"])
        mine.log(f"Ran the on-call handover {n}", areas=["operations"])
        mine.assessments.rate(
            "system-design.tradeoffs", "exceeding", evidence=[kept.id, gone.id], note=f"mine {n}"
        )
        mine.remove(gone.id)
        mine.assessments.rate("delivery.ownership", "meeting")  # testimony only
        people.append(pid)
    boss = Team(store, _actor(store, "mgr@example.com"), clock=ws.clock)
    for pid in people:
        boss.rate(pid, expectation="system-design.tradeoffs", rating="meeting", note="seen it")
    return people


def _calibration_one_by_one(ws: Workspace, people: list[int]) -> list[dict[str, object]]:
    """What the calibration view showed when it read each report on its own."""
    from ladder.team.access import _rating

    out: list[dict[str, object]] = []
    for pid in people:
        mine = ws.for_person(pid)
        rows = []
        for a in mine.assessments.current():
            if a.orphaned:
                continue
            backing = []
            for entry_id in a.evidence_ids:
                e = mine.entry(entry_id)
                backing.append({"id": e.id, "date": e.occurred_on, "text": e.text})
            rows.append({**_rating(a), "evidence": backing})
        out.append(
            {"person": accounts.by_person(ws.store, pid).to_dict(), "ratings": rows}  # type: ignore[union-attr]
        )
    return out


@pytest.mark.parametrize("size", [2, 6])
def test_calibration_reads_the_team_in_a_bounded_number_of_queries(
    backend: str, tmp_path: Path, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The calibration view of a team of 2 and of 6 reports takes the same number of queries,
    and shows what reading each report on its own showed."""
    from ladder.team.access import Team

    clock = FixedClock(NOW, tick=dt.timedelta(milliseconds=1))
    ws = Workspace.open(tmp_path / "home", url=backend, env={}, clock=clock)
    store = ws.store
    people = _growing_team(store, ws, size)
    team = Team(store, _actor(store, "mgr@example.com"), clock=clock)
    expected = _calibration_one_by_one(ws, sorted(people, key=lambda p: f"r{people.index(p)}"))
    statements: list[str] = []
    execute = store.execute

    def counted(sql: str, params: object = None) -> object:
        statements.append(sql)
        return execute(sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "execute", counted)
    found = team.calibration()
    monkeypatch.undo()
    assert found == expected
    assert len(found) == size and all(len(p["ratings"]) == 3 for p in found)
    self_rating = next(r for r in found[0]["ratings"] if r["rater"] == "self" and r["evidence"])
    assert [e["text"] for e in self_rating["evidence"]] == ["Designed cache 0: two options weighed"]
    assert any(r["testimony_only"] for r in found[0]["ratings"])
    # the same statements for a team of any size (the test runs 2 and 6)
    assert len(statements) <= 10, statements
    reads = store.query("SELECT subject_id, resource FROM audit WHERE action = 'read' ORDER BY id")
    assert sorted((r["subject_id"], r["resource"]) for r in reads) == sorted(
        (p, part) for p in people for part in ("ratings", "evidence")
    )
    ws.close()
