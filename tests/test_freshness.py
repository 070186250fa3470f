"""Data versions and what is kept under them (issue 14's speed, correctness first).

Every write of a person's data moves their version on, by a trigger, whoever writes; reads
never do. Readiness, the dashboard and the manager's team page are kept under the versions
they were computed from, so a change — through the app or from outside it, the command line on
the same database — shows at once, on SQLite and on the real PostgreSQL. The team page's reads
are still audited, one row per report and part read, in one insert.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from helpers import NOW
from ladder import readiness_cache
from ladder.clock import FixedClock
from ladder.person import ProfileInput
from ladder.store import versions
from ladder.team import accounts
from ladder.team.access import Team
from ladder.web import Settings, create_app
from ladder.workspace import Workspace

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EXP = "system-design.tradeoffs"
MIGRATION = (
    Path(__file__).resolve().parent.parent
    / "src/ladder/store/migrations/versions/0007_data_version.py"
)
#: Tables with a person's rows that no kept result reads: raw harvest records (shown only on
#: an item's own page, never kept), the audit trail, and the versions and kept results.
UNVERSIONED = {"activity", "audit", "person_version", "readiness_cache", "api_token", "web_session"}


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migration_0007", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class MovableClock(FixedClock):
    """A fixed clock whose day the test moves."""

    def move_to(self, day: dt.date) -> None:
        self._today = day


def version(ws: Workspace, person_id: int) -> int:
    return versions.stamp(ws.store, person_id).version


# -- the triggers ---------------------------------------------------------------------------------
def test_every_table_of_a_persons_data_moves_their_version(bare_ws: Workspace) -> None:
    from ladder.store.schema import metadata

    versioned = {table for table, _people in _migration().VERSIONED}
    store = bare_ws.store
    if store.dialect == "sqlite":
        rows = store.query("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        found = {(r["tbl_name"], r["name"].rsplit("_", 1)[1]) for r in rows}
    else:
        rows = store.query(
            "SELECT event_object_table, event_manipulation FROM information_schema.triggers "
            "WHERE trigger_schema = current_schema() AND trigger_name LIKE 'person_version_%'"
        )
        found = {(r["event_object_table"], r["event_manipulation"].lower()) for r in rows}
    for table in versioned:
        assert {(table, e) for e in ("insert", "update", "delete")} <= found, table
    # a table added later that holds a person's rows is either versioned or said not to be
    personal = {"person", "evidence", "assessment", "goal", "one_on_one", "account"}
    for table in metadata.tables.values():
        refers = {fk.column.table.name for fk in table.foreign_keys} | (
            {"person"} if "person_id" in table.c else set()
        )
        if refers & personal:
            assert table.name in versioned | UNVERSIONED, table.name


def test_writes_move_the_version_and_reads_do_not(ws: Workspace) -> None:
    me = ws.profile()
    assert me is not None
    seen = [version(ws, me.id)]

    def moved() -> bool:
        seen.append(version(ws, me.id))
        return seen[-1] > seen[-2]

    entry = ws.log("Led the design review of the billing cache @design")
    assert moved()
    ws.tag(entry.id, area="system-design")
    assert moved()
    ws.edit(entry.id, text="Led the design review of the billing cache, two options weighed")
    assert moved()
    ws.assessments.rate(EXP, "meeting", evidence=[entry.id])
    assert moved()
    goal = ws.goals.add("Write the cache design doc", track="technical", area="system-design")
    assert moved()
    ws.goals.checkin(goal.id, "half done")
    assert moved()
    ws.mentorship.add_one_on_one("Grace", notes="career talk", actions=["read the SRE book"])
    assert moved()
    ws.learning.add("Designing Data-Intensive Applications", areas=["system-design"])
    assert moved()
    ws.init_profile(ProfileInput(name="Ada Lovelace", level="mid", target_level="staff"))
    assert moved()
    ws.remove(entry.id)
    assert moved()
    # reads, and keeping what they computed, leave it as it is
    ws.readiness()
    readiness_cache.readiness(ws)
    ws.goals.current()
    ws.status()
    ws.entries()
    ws.assessments.diff()
    assert not moved()


def test_a_batch_moves_the_version_once_per_transaction_on_postgresql(ws: Workspace) -> None:
    me = ws.profile()
    assert me is not None
    before = version(ws, me.id)
    with ws.store.transaction():
        for n in range(5):
            ws.log(f"Fixed flaky test number {n}")
    after = version(ws, me.id)
    assert after > before
    if ws.store.dialect == "postgresql":
        assert after == before + 1  # one row lock, one new row version, not one per write


# -- readiness kept ------------------------------------------------------------------------------
def test_kept_readiness_is_the_computed_one_until_something_changes(ws: Workspace) -> None:
    entry = ws.log("Designed the billing cache: two options, one chosen", areas=["system-design"])
    ws.tag(entry.id, substance="significant")
    ws.assessments.rate(EXP, "meeting", evidence=[entry.id])
    ws.log("Led the incident review of the outage", areas=["operations"], date="2026-08-01")
    computed = ws.readiness()
    kept = readiness_cache.readiness(ws)
    assert kept == computed  # computed, and kept
    assert ws.store.scalar("SELECT COUNT(*) FROM readiness_cache") == 1
    again = readiness_cache.readiness(ws)  # read back from the database, not computed
    assert again == computed and again is not computed
    assert again.to_dict() == computed.to_dict() and again.shared == computed.shared
    # a rating changes it at once
    ws.assessments.rate(EXP, "exceeding", rater="manager", rater_name="Grace")
    fresh = readiness_cache.readiness(ws)
    assert fresh == ws.readiness() != computed
    # so does the day measured on
    later = readiness_cache.readiness(ws, today=NOW.date() + dt.timedelta(days=200))
    assert later == ws.readiness(today=NOW.date() + dt.timedelta(days=200)) != fresh


def test_a_kept_readiness_this_code_cannot_read_is_computed_again(ws: Workspace) -> None:
    ws.log("Wrote the runbook for the billing cache", areas=["operations"])
    first = readiness_cache.readiness(ws)
    ws.store.execute("UPDATE readiness_cache SET data = :d", {"d": json.dumps({"level": 1})})
    assert readiness_cache.readiness(ws) == first
    ws.store.execute("UPDATE readiness_cache SET code = 'other code'")
    assert readiness_cache.readiness(ws) == first
    assert ws.store.scalar("SELECT code FROM readiness_cache") == readiness_cache.code_stamp()


# -- the pages -----------------------------------------------------------------------------------
@dataclass
class Small:
    """A manager and their report on a team server whose cache keeps timed reads an hour."""

    ws: Workspace
    client: TestClient
    clock: MovableClock
    mgr: int
    eng: int
    tokens: dict[str, str]

    def get(self, who: str, path: str) -> str:
        response = self.client.get(path, headers={"authorization": f"Bearer {self.tokens[who]}"})
        assert response.status_code == 200, response.text
        return response.text

    def json(self, who: str, path: str) -> object:
        return json.loads(self.get(who, path))


@pytest.fixture
def small(bare_ws: Workspace) -> Iterator[Small]:
    clock = MovableClock(NOW, tick=dt.timedelta(milliseconds=1))
    ws = Workspace(bare_ws.store, bare_ws.home, {}, clock=clock)
    now = clock.now()
    for who, roles, manager in (
        ("admin", ["admin"], None),
        ("mgr", ["manager", "engineer"], None),
        ("eng", ["engineer"], "mgr@example.com"),
    ):
        accounts.add(
            ws.store,
            f"{who}@example.com",
            name=who.title(),
            roles=roles,
            manager=manager,
            level="mid",
            target_level="senior",
            now=now,
        )
    ids = {w: accounts.by_email(ws.store, f"{w}@example.com").person_id for w in ("mgr", "eng")}
    tokens = {
        w: accounts.issue_token(ws.store, f"{w}@example.com", scope="write", now=now).secret
        for w in ("mgr", "eng")
    }
    app = create_app(
        Settings(home=ws.home, url=ws.store.url, env={}, cache_ttl=3600, clock=clock, team=True)
    )
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield Small(ws, client, clock, ids["mgr"], ids["eng"], tokens)


def test_a_change_from_outside_the_app_shows_at_once_on_both_pages(small: Small) -> None:
    """The command line (another connection to the same database) changes the engineer's
    evidence and ratings; the dashboard, the readiness API and the team page show it on the
    next request, though timed reads are kept an hour."""
    cli = Workspace.open(small.ws.home, url=small.ws.store.url, env={}, clock=small.clock)
    eng = cli.for_person(small.eng)
    assert "Designed the billing cache" not in small.get("eng", "/")
    team = small.get("mgr", "/team")
    assert "No disconnects to talk about." in team
    status = small.json("eng", "/api/v1/readiness")
    assert isinstance(status, dict)
    before = {a["area"]: a["evidence"] for a in status["areas"]}

    entry = eng.log("Designed the billing cache: two options weighed", areas=["system-design"])
    eng.assessments.rate(EXP, "exceeding", evidence=[entry.id])
    _manager_rates(cli, small)  # in their own name, as the team API would

    assert "Designed the billing cache" in small.get("eng", "/")
    status = small.json("eng", "/api/v1/readiness")
    assert isinstance(status, dict)
    after = {a["area"]: a["evidence"] for a in status["areas"]}
    assert after["system-design"] == before["system-design"] + 1
    team = small.get("mgr", "/team")
    assert "No disconnects to talk about." not in team and f"<code>{EXP}</code>" in team
    overview = small.json("mgr", "/api/v1/team")
    assert isinstance(overview, list)
    assert [d["expectation"] for d in overview[0]["disconnects"]] == [EXP]
    cli.close()


def _manager_rates(cli: Workspace, small: Small) -> None:
    actor = accounts.Actor(
        person_id=small.mgr,
        account_id=accounts.by_person(cli.store, small.mgr).id,  # type: ignore[union-attr]
        email="mgr@example.com",
        roles=frozenset({"manager", "engineer"}),
        via="cli",
    )
    Team(cli.store, actor, clock=cli.clock).rate(small.eng, expectation=EXP, rating="not yet")


def test_the_day_moves_what_is_kept(small: Small) -> None:
    eng = small.ws.for_person(small.eng)
    eng.log("Ran the on-call handover", areas=["operations"], date="2026-11-20")
    first = small.json("eng", "/api/v1/readiness")
    assert isinstance(first, dict) and first["today"] == "2026-11-24"
    small.clock.move_to(dt.date(2027, 3, 1))
    moved = small.json("eng", "/api/v1/readiness")
    assert isinstance(moved, dict) and moved["today"] == "2027-03-01"
    assert moved["quiet"] and not first["quiet"]  # three months on, operations has gone quiet
    assert moved["quiet"][0]["message"].split(" (")[0] in small.get("eng", "/")


def test_the_team_page_is_audited_one_row_per_report_and_part_in_one_insert(small: Small) -> None:
    count = "SELECT COUNT(*) FROM audit WHERE action = 'read' AND subject_id = :s"
    before = small.ws.store.scalar(count, {"s": small.eng})
    versions_before = version(small.ws, small.eng)
    small.get("mgr", "/team")
    small.get("mgr", "/team")  # kept: still recorded, each time
    rows = small.ws.store.query(
        "SELECT actor, resource, via FROM audit WHERE action = 'read' AND subject_id = :s "
        "ORDER BY id",
        {"s": small.eng},
    )[before:]
    assert [r["resource"] for r in rows] == ["status", "goals", "ratings"] * 2
    assert {(r["actor"], r["via"].split(":")[0]) for r in rows} == {("mgr@example.com", "token")}
    assert version(small.ws, small.eng) == versions_before  # reading changed nothing of theirs
