"""A workspace made with an older bundled ladder picks up the newer one when asked, and only then.

The old workspace is built as an install of that time left it: the schema at migration 0004
(before tracks), the bundled ladder of version 2026.11 exactly as it shipped
(tests/fixtures/ladders/bundled/, byte for byte), then opened by today's ladder, which runs the
later migrations. It sees a one-line hint (status, framework versions, framework show, and
`bundled_update` in their --json), `ladder framework use --bundled` moves it onto the bundled
ladder with its tracks and keeps its evidence, links, ratings and goals; a second run says it
is already in use. A new workspace sees no hint. SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import run_in_terminal
from ladder import framework
from ladder.clock import Clock
from ladder.person import ProfileInput
from ladder.store import SCHEMA_REVISION, Store, connect, migrate
from ladder.workspace import Workspace

OLD = Path(__file__).parent / "fixtures" / "ladders" / "bundled" / "default-ladder-2026.11.yaml"
OLD_TEXT = OLD.read_text(encoding="utf-8")
BUNDLED = framework.bundled()
HINT = (
    "A newer bundled ladder (2026.12, adds tracks, 2 levels and 18 expectations) is available: "
    "ladder framework use --bundled"
)


def test_the_bundled_ladder_is_a_newer_version_than_the_one_old_workspaces_have() -> None:
    old = framework.parse(OLD_TEXT)
    assert (old.id, old.version, old.tracks) == ("software-engineering", "2026.11", ())
    assert BUNDLED.id == old.id and BUNDLED.version == "2026.12"
    key = framework.version_key
    assert key(BUNDLED.version) > key(old.version)  # type: ignore[operator]
    assert [t.id for t in BUNDLED.tracks] == ["ic", "management"]
    # every id of the old version is still there: nothing an old workspace links to is dropped
    old_ids = {a.id for a in old.areas} | {e.id for e in old.expectations()}
    new_ids = {a.id for a in BUNDLED.areas} | {e.id for e in BUNDLED.expectations()}
    assert old_ids <= new_ids


def test_bundled_reads_the_file_as_a_full_check_does() -> None:
    """``framework.bundled()`` skips the JSON Schema (it is slow); the file passes it."""
    name, text = framework.default_source()
    ladder, problems = framework.check(text)
    assert problems == [] and ladder is not None
    full = framework.parse(text, source_name=name)
    assert full == BUNDLED
    assert (BUNDLED.source_name, BUNDLED.checksum) == (name, full.checksum)


@pytest.mark.parametrize(
    ("version", "key"),
    [
        ("2026.12", (2026, 12)),
        ("2026.12.1", (2026, 12, 1)),
        ("1.2.0", (1, 2)),
        ("2027-01", (2027, 1)),
        ("1", (1,)),
        ("v2", None),
        ("2026.12-beta", None),
        ("", None),
    ],
)
def test_version_key_orders_numbered_versions_only(
    version: str, key: tuple[int, ...] | None
) -> None:
    assert framework.version_key(version) == key


# -- an old workspace ---------------------------------------------------------------------------


def install_as_of_0004(url: str, text: str) -> None:
    """Install ``text`` as the active ladder into a database at migration 0004: the rows that
    version of ladder wrote (no tracks table, no level aliases)."""
    ladder = framework.parse(text, source_name=framework.DEFAULT_LADDER)
    store = connect(url)
    try:
        assert store.revision() == "0004"
        with store.transaction():
            v = store.insert(
                "ladder_version",
                {
                    "ladder_id": ladder.id,
                    "version": ladder.version,
                    "name": ladder.name,
                    "description": ladder.description,
                    "source_name": framework.DEFAULT_LADDER,
                    "source_text": text,
                    "checksum": ladder.checksum,
                    "installed_at": "2026-11-20T09:00:00Z",
                    "is_active": 1,
                },
            )
            store.executemany(
                "INSERT INTO ladder_level (ladder_version_id, level_id, name, description, "
                "position) VALUES (:v, :id, :name, :d, :p)",
                [
                    {"v": v, "id": lv.id, "name": lv.name, "d": lv.description, "p": i}
                    for i, lv in enumerate(ladder.levels)
                ],
            )
            store.executemany(
                "INSERT INTO ladder_area (ladder_version_id, area_id, name, description, position) "
                "VALUES (:v, :id, :name, :d, :p)",
                [
                    {"v": v, "id": a.id, "name": a.name, "d": a.description, "p": i}
                    for i, a in enumerate(ladder.areas)
                ],
            )
            store.executemany(
                "INSERT INTO ladder_expectation (ladder_version_id, expectation_id, area_id, "
                "level_id, text, markers, actions, position) "
                "VALUES (:v, :id, :a, :l, :t, :m, :x, :p)",
                [
                    {
                        "v": v,
                        "id": e.id,
                        "a": e.area,
                        "l": e.level,
                        "t": e.text,
                        "m": json.dumps(list(e.markers)),
                        "x": json.dumps(list(e.actions)),
                        "p": i,
                    }
                    for i, e in enumerate(ladder.expectations())
                ],
            )
    finally:
        store.close()


@pytest.fixture
def old_ws(backend: str, tmp_path: Path, clock: Clock) -> Iterator[Workspace]:
    """A workspace made before tracks, opened by today's ladder, with a profile (Ada, senior →
    staff), entries linked to areas and expectations, ratings and goals."""
    connect(backend).close()  # creates the folder, as Workspace.open does
    migrate.upgrade(backend, "0004")
    install_as_of_0004(backend, OLD_TEXT)
    ws = Workspace.open(tmp_path / "home", url=backend, env={}, clock=clock)
    assert ws.store.revision() == SCHEMA_REVISION  # the later migrations ran
    assert ws.ladder().version == "2026.11"  # the ladder was not upgraded
    ws.init_profile(
        ProfileInput(
            name="Ada Lovelace", emails=["ada@example.com"], level="senior", target_level="staff"
        )
    )
    review = ws.log("Led the design review of the payments split", areas=["system-design"])
    ws.tag(review.id, expectation="system-design.architecture-direction")
    ws.log("Ran the incident review of the disk outage", areas=["operations"], date="2026-11-10")
    ws.log("Kept my brag document up to date", areas=["career"], date="2026-11-02")
    ws.assessments.rate("system-design.architecture-direction", "meeting", evidence=[review.id])
    ws.assessments.rate(
        "system-design.architecture-direction",
        "working towards",
        rater="manager",
        rater_name="Grace",
    )
    ws.goals.add(
        "Write the direction doc for payments",
        track="technical",
        expectation="system-design.architecture-direction",
    )
    ws.goals.add("Lead one cross-team review", track="leadership", area="leadership")
    yield ws
    ws.close()


def stored(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The person's data as stored, row by row: what a new ladder version must not change."""
    return {
        "evidence": store.query(
            "SELECT id, uid, text, occurred_on, deleted_at FROM evidence ORDER BY id"
        ),
        "links": store.query(
            "SELECT evidence_id, area_id, expectation_id, origin, confidence FROM evidence_area "
            "ORDER BY evidence_id, area_id, expectation_id"
        ),
        "ratings": store.query(
            "SELECT id, expectation_id, rater, rater_name, rating, ladder_version FROM assessment "
            "ORDER BY id"
        ),
        "goals": store.query(
            "SELECT id, title, area_id, expectation_id, status, month FROM goal ORDER BY id"
        ),
    }


@pytest.fixture
def run(cli: Any, backend: str) -> Any:
    """``ladder ARGS`` on the test's database (SQLite file or PostgreSQL schema)."""

    def invoke(*args: str) -> Any:
        return cli(*args, env={"LADDER_DATABASE_URL": backend, "COLUMNS": "200"})

    return invoke


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def test_an_old_workspace_sees_the_hint_and_nothing_is_upgraded(
    old_ws: Workspace, run: Any
) -> None:
    before = stored(old_ws.store)
    status = ok(run("status"))
    assert status.stdout.splitlines()[-1] == HINT
    versions = ok(run("framework", "versions")).stdout.splitlines()
    assert versions[-1] == HINT and len(versions) == 3  # header, the one version, the hint
    show = ok(run("framework", "show", "--level", "staff")).stdout.splitlines()
    assert show[:2] == ["Software Engineering · version 2026.11 · Staff (staff)", HINT]

    update = json.loads(ok(run("status", "--json")).stdout)["bundled_update"]
    assert update == json.loads(ok(run("framework", "show", "--json")).stdout)["bundled_update"]
    assert {k: v for k, v in update.items() if k != "adds"} == {
        "version": "2026.12",
        "active_version": "2026.11",
        "summary": "adds tracks, 2 levels and 18 expectations",
        "drops": [],
        "command": "ladder framework use --bundled",
    }
    assert update["adds"]["tracks"] == ["ic", "management"]
    assert update["adds"]["levels"] == ["principal", "engineering-manager"]
    assert update["adds"]["areas"] == []
    assert len(update["adds"]["expectations"]) == 18
    assert "system-design.company-architecture" in update["adds"]["expectations"]
    assert old_ws.status().bundled_update == update  # quickstart --json and GET /api/v1/status

    # showing it changed nothing: never upgraded silently
    assert [(r["version"], r["is_active"]) for r in old_ws.ladder_versions()] == [("2026.11", 1)]
    assert stored(old_ws.store) == before


def test_framework_use_bundled_brings_the_tracks_and_keeps_everything(
    old_ws: Workspace, run: Any
) -> None:
    before = stored(old_ws.store)
    history = ok(run("assess", "history", "--json")).stdout
    goals = json.loads(ok(run("goals", "list", "--json")).stdout)
    by_area = json.loads(ok(run("status", "--json")).stdout)["readiness"]["areas"]

    result = ok(run("framework", "use", "--bundled"))
    assert result.stdout.splitlines() == [
        "Installed Software Engineering (software-engineering) version 2026.12: now the active ladder.",
        "Older versions kept: 1.",
        "Your profile: track ic.",
    ]
    assert result.stderr == ""  # nothing dropped: every old id is in the new version

    assert [
        (r["version"], bool(r["is_active"]), r["source_name"]) for r in old_ws.ladder_versions()
    ] == [
        ("2026.11", False, "default-ladder.yaml"),
        ("2026.12", True, "default-ladder.yaml"),
    ]
    ladder = old_ws.ladder()
    assert ladder.checksum == BUNDLED.checksum
    assert [t.id for t in ladder.tracks] == ["ic", "management"]
    me = old_ws.profile()
    assert me is not None and (me.level, me.target_level, me.track) == ("senior", "staff", "ic")

    # stored rows untouched; every view reads them as before
    assert stored(old_ws.store) == before
    assert ok(run("assess", "history", "--json")).stdout == history
    assert json.loads(ok(run("goals", "list", "--json")).stdout) == goals
    after = json.loads(ok(run("status", "--json")).stdout)
    assert after["bundled_update"] is None
    counts = {a["area"]: a["evidence"] for a in after["readiness"]["areas"]}
    assert counts == {a["area"]: a["evidence"] for a in by_area}
    assert counts["system-design"] == counts["operations"] == 1

    # the tracks are there to use
    principal = json.loads(
        ok(run("status", "--level", "principal", "--track", "ic", "--json")).stdout
    )
    assert (principal["readiness"]["level"], principal["readiness"]["track"]) == ("principal", "ic")
    manager = ok(run("framework", "show", "--level", "engineering-manager", "--area", "leadership"))
    assert "leadership.team-building" in manager.stdout
    assert HINT not in ok(run("status")).stdout
    assert HINT not in ok(run("framework", "versions")).stdout


def test_running_it_twice_says_it_is_already_in_use(old_ws: Workspace, run: Any) -> None:
    ok(run("framework", "use", "--bundled"))
    before = stored(old_ws.store), old_ws.ladder_versions()
    again = ok(run("framework", "use", "--bundled"))
    assert again.stdout.splitlines() == [
        "Software Engineering (software-engineering) version 2026.12 is already in use (the "
        "active ladder): nothing to install."
    ]
    data = json.loads(ok(run("framework", "use", "--bundled", "--json")).stdout)
    assert (data["version"], data["added"], data["already_in_use"]) == ("2026.12", False, True)
    assert data["profile"]["track"] == data["profile"]["old_track"] == "ic"
    assert (stored(old_ws.store), old_ws.ladder_versions()) == before


def test_going_back_to_the_old_version_is_a_choice_the_hint_respects(
    old_ws: Workspace, run: Any, tmp_path: Path
) -> None:
    ok(run("framework", "use", "--bundled"))
    old_file = tmp_path / "default-ladder.yaml"
    old_file.write_text(OLD_TEXT, encoding="utf-8")
    back = ok(run("framework", "use", str(old_file)))
    assert back.stdout.startswith("Already installed; re-activated Software Engineering")
    assert old_ws.ladder().version == "2026.11"
    assert old_ws.bundled_update() is None  # installed already: not offered again
    assert "newer bundled ladder" not in ok(run("status")).stdout
    # and --bundled takes it back up
    assert ok(run("framework", "use", "--bundled")).stdout.startswith(
        "Already installed; re-activated Software Engineering (software-engineering) version 2026.12"
    )


# -- a new workspace, and ladders that are not older versions of the bundled one ----------------


def test_a_new_workspace_sees_no_hint(ws: Workspace, run: Any) -> None:
    assert ws.bundled_update() is None and ws.status().bundled_update is None
    assert "newer bundled ladder" not in ok(run("status")).stdout
    assert "newer bundled ladder" not in ok(run("framework", "versions")).stdout
    assert "newer bundled ladder" not in ok(run("framework", "show")).stdout
    assert json.loads(ok(run("status", "--json")).stdout)["bundled_update"] is None
    assert json.loads(ok(run("framework", "show", "--json")).stdout)["bundled_update"] is None
    again = ok(run("framework", "use", "--bundled"))
    assert "is already in use" in again.stdout
    assert len(json.loads(ok(run("framework", "versions", "--json")).stdout)) == 1


def workspace_with(url: str, home: Path, clock: Clock, *texts: str) -> Workspace:
    """A workspace whose installed ladders are ``texts`` (the last one active), and never the
    bundled one unless given."""
    connect(url).close()
    migrate.upgrade(url)
    store = connect(url)
    for i, text in enumerate(texts):
        framework.install(
            store, framework.parse(text, source_name=f"v{i}.yaml"), now="2026-11-20T09:00:00Z"
        )
    return Workspace(store, home, {}, clock=clock)


def bundled_as(version: str, text: str | None = None) -> str:
    text = framework.default_source()[1] if text is None else text
    assert text.count('\nversion: "2026.12"\n') == 1
    return text.replace('\nversion: "2026.12"\n', f'\nversion: "{version}"\n')


@pytest.mark.parametrize(
    ("version", "hint"),
    [
        (
            "2026.11.3",
            "A newer bundled ladder (2026.12) is available: ladder framework use --bundled",
        ),
        ("2026.13", None),  # newer than the bundled one
        ("2026.12.0", None),  # the same version, written otherwise
        ("company-2", None),  # no order
    ],
)
def test_the_hint_only_for_an_older_numbered_version(
    backend: str, tmp_path: Path, clock: Clock, version: str, hint: str | None
) -> None:
    with workspace_with(backend, tmp_path / "home", clock, bundled_as(version)) as ws:
        update = ws.bundled_update()
        assert (update.hint if update else None) == hint


def test_another_ladder_gets_no_hint(backend: str, tmp_path: Path, clock: Clock) -> None:
    other = bundled_as("2000.1").replace("\nid: software-engineering\n", "\nid: acme-engineering\n")
    with workspace_with(backend, tmp_path / "home", clock, other) as ws:
        assert ws.bundled_update() is None


def test_the_hint_says_what_the_newer_version_drops(
    backend: str, tmp_path: Path, clock: Clock
) -> None:
    extra = (
        "      - id: career.old-habit\n"
        "        level: senior\n"
        "        text: Writes a weekly note to the manager.\n"
    )
    at = OLD_TEXT.index("  - id: career\n")
    at = OLD_TEXT.index("    expectations:\n", at) + len("    expectations:\n")
    text = OLD_TEXT[:at] + extra + OLD_TEXT[at:]
    with workspace_with(backend, tmp_path / "home", clock, text) as ws:
        update = ws.bundled_update()
        assert update is not None
        assert update.dropped == ("career.old-habit",)
        assert update.summary == "adds tracks, 2 levels and 18 expectations; drops 1 expectation"


# -- bad input ----------------------------------------------------------------------------------


def test_a_file_and_bundled_together_or_neither_is_refused(
    old_ws: Workspace, run: Any, tmp_path: Path
) -> None:
    before = old_ws.ladder_versions()
    both = run("framework", "use", str(tmp_path / "x.yaml"), "--bundled")
    assert both.exit_code == 1 and both.stdout == ""
    assert both.stderr.splitlines() == [
        "error: give a ladder file or --bundled, not both",
        "hint: ladder framework use FILE, or ladder framework use --bundled",
    ]
    neither = run("framework", "use")
    assert neither.exit_code == 1 and neither.stdout == ""
    assert neither.stderr.startswith("error: name the ladder file to install, or --bundled")
    assert old_ws.ladder_versions() == before


SMALL = """\
format: 1
id: acme
name: Acme Engineering
version: "1"
levels:
  - {id: e1, name: Engineer I}
  - {id: e2, name: Engineer II}
  - {id: e3, name: Engineer III}
areas:
  - id: delivery
    name: Delivery
    description: Ships.
    expectations:
      - {id: delivery.a, level: e1, text: Ships small things.}
      - {id: delivery.b, level: e2, text: Ships features.}
      - {id: delivery.c, level: e3, text: Ships across teams.}
"""


def test_levels_without_a_counterpart_name_the_bundled_command(
    backend: str, tmp_path: Path, clock: Clock, run: Any
) -> None:
    with workspace_with(backend, tmp_path / "home", clock, SMALL) as ws:
        ws.init_profile(ProfileInput(name="Ada", level="e2", target_level="e3"))
        assert ws.bundled_update() is None  # another ladder: no hint
        refused = run("framework", "use", "--bundled")
        assert refused.exit_code == 1 and refused.stdout == ""
        error, hint = refused.stderr.splitlines()
        assert error.startswith(
            "error: the bundled ladder: your level 'e2' (Engineer II) and your target 'e3' "
            "(Engineer III) have no counterpart in Software Engineering version 2026.12"
        )
        assert error.endswith("Nothing was installed.")
        assert (
            hint
            == "hint: say where you stand on it: ladder framework use --bundled --level ID --target ID"
        )
        assert [r["ladder_id"] for r in ws.ladder_versions()] == ["acme"]
        placed = ok(run("framework", "use", "--bundled", "--level", "mid", "--target", "senior"))
        assert placed.stdout.splitlines()[:3] == [
            "Installed Software Engineering (software-engineering) version 2026.12: now the active ladder.",
            "Older versions kept: 1.",
            "Your profile: level e2 → mid (as you said); target e3 → senior (as you said); track ic.",
        ]


def test_in_a_terminal_it_asks_where_the_levels_go(tmp_path: Path, clock: Clock) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with workspace_with(f"sqlite:///{home / 'ladder.db'}", home, clock, SMALL) as ws:
        ws.init_profile(ProfileInput(name="Ada", level="e2", target_level="e3"))
    code, screen = run_in_terminal(
        "framework",
        "use",
        "--bundled",
        env={"LADDER_HOME": str(home)},
        answers={"Your level was e2": "mid", "Your target was e3": "senior"},
    )
    assert code == 0, screen
    assert "Installed Software Engineering (software-engineering) version 2026.12" in screen
    assert "Your profile: level e2 → mid (as you said); target e3 → senior (as you said)" in screen
