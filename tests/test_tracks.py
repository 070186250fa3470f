"""Tracks: parallel paths after Senior in the ladder format, the profile's track, and every place
a level is chosen (status, gaps, packet, framework show), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ladder import framework, packet
from ladder.errors import InputError, NotFoundError
from ladder.person import ProfileInput, check_levels
from ladder.workspace import Workspace

BUNDLED = framework.default_source()[1]
LADDER = framework.parse(BUNDLED)
IC = ["junior", "mid", "senior", "staff", "principal"]
MANAGEMENT = ["junior", "mid", "senior", "engineering-manager"]

SMALL = """\
format: 1
id: small
name: Small
version: "1"
levels:
  - {id: junior, name: Junior}
  - {id: senior, name: Senior}
  - {id: staff, name: Staff}
  - {id: manager, name: Manager}
TRACKS
areas:
  - id: delivery
    name: Delivery
    description: Ships.
    expectations:
      - {id: delivery.a, level: junior, text: Ships small things.}
      - {id: delivery.b, level: senior, text: Ships big things.}
      - {id: delivery.c, level: staff, text: Ships across teams.}
      - {id: delivery.d, level: manager, text: Ships through a team.}
"""
GOOD_TRACKS = """\
tracks:
  - id: ic
    name: Individual contributor
    levels: [junior, senior, staff]
  - id: management
    name: Management
    levels: [junior, senior, manager]"""


def small(tracks: str = GOOD_TRACKS) -> str:
    return SMALL.replace("TRACKS\n", tracks + "\n" if tracks else "")


def problems(text: str) -> list[tuple[int | None, str]]:
    ladder, found = framework.check(text)
    assert (ladder is None) == bool(found)
    return [(p.line, p.reason) for p in found]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.strip() == needle)


# -- the format -----------------------------------------------------------------------------------


def test_bundled_ladder_has_an_ic_and_a_management_track_after_a_shared_senior() -> None:
    assert [(t.id, list(t.levels)) for t in LADDER.tracks] == [
        ("ic", IC),
        ("management", MANAGEMENT),
    ]
    assert [lv.id for lv in LADDER.path()] == IC  # the first track is the default
    assert [lv.id for lv in LADDER.path("management")] == MANAGEMENT
    assert [lv for lv in ("junior", "mid", "senior") if not LADDER.shared(lv)] == []
    assert (LADDER.shared("staff"), LADDER.shared("engineering-manager")) == (False, False)


@pytest.mark.parametrize("level", ["principal", "engineering-manager"])
def test_bundled_paths_after_senior_have_expectations_markers_and_actions(level: str) -> None:
    at = [e for e in LADDER.expectations() if e.level == level]
    assert {e.area for e in at} == {a.id for a in LADDER.areas}
    assert all(e.markers and e.actions and len(e.text) > 60 for e in at)


def test_ladder_without_tracks_keeps_one_path() -> None:
    ladder = framework.parse(small(""))
    assert ladder.tracks == ()
    assert [lv.id for lv in ladder.path()] == ["junior", "senior", "staff", "manager"]
    assert ladder.choose_track(None, "staff") is None
    assert framework.pick_level(ladder, level=None, track=None, current="senior") == ("staff", None)
    with pytest.raises(NotFoundError, match="has no tracks"):
        framework.pick_level(ladder, level="staff", track="ic")
    assert ladder.to_dict()["tracks"] == []


def test_good_tracks_parse_in_order() -> None:
    ladder = framework.parse(small())
    assert [(t.id, t.levels) for t in ladder.tracks] == [
        ("ic", ("junior", "senior", "staff")),
        ("management", ("junior", "senior", "manager")),
    ]
    assert ladder.tracks_of("senior") == ["ic", "management"]
    assert ladder.tracks_of("manager") == ["management"]


@pytest.mark.parametrize(
    ("tracks", "needle", "reason"),
    [
        (
            GOOD_TRACKS.replace("[junior, senior, staff]", "[junior, senior, staf]"),
            "levels: [junior, senior, staf]",
            "track 'ic' names level 'staf', which is not among the levels "
            "(junior, senior, staff, manager)",
        ),
        (
            GOOD_TRACKS.replace("[junior, senior, staff]", "[junior, staff, senior]"),
            "levels: [junior, staff, senior]",
            "track 'ic' lists level 'senior' after 'staff': a track keeps the order of `levels` "
            "(most junior first)",
        ),
        (
            GOOD_TRACKS.replace("[junior, senior, staff]", "[junior, senior, senior, staff]"),
            "levels: [junior, senior, senior, staff]",
            "track 'ic' names level 'senior' twice",
        ),
        (
            GOOD_TRACKS.replace("[junior, senior, manager]", "[junior, senior]"),
            "tracks:",
            "level manager is on no track: with `tracks:`, every level belongs to at least one",
        ),
        (
            GOOD_TRACKS.replace("id: management", "id: ic"),
            "- id: ic",  # the second one is reported; its line is found below
            "duplicate track id 'ic' (first used on line 11)",
        ),
    ],
)
def test_track_problems_are_reported_with_their_line(tracks: str, needle: str, reason: str) -> None:
    text = small(tracks)
    hits = [i for i, row in enumerate(text.splitlines(), 1) if row.strip() == needle]
    assert [(line, said) for line, said in problems(text) if said.startswith(reason)] == [
        (hits[-1], reason)
    ]


def test_track_ids_and_levels_are_checked_by_the_schema() -> None:
    text = small(GOOD_TRACKS.replace("id: ic", "id: IC"))
    assert problems(text) == [
        (line_of(text, "- id: IC"), "tracks/0/id: 'IC' does not match '^[a-z0-9][a-z0-9-]*$'")
    ]
    text = small("tracks: []")
    assert problems(text)[0][1] == "tracks: [] should be non-empty"


def test_level_alias_may_not_name_a_level_or_repeat() -> None:
    text = small().replace(
        "{id: staff, name: Staff}", "{id: staff, name: Staff, aliases: [senior]}"
    )
    assert problems(text) == [
        (
            line_of(text, "- {id: staff, name: Staff, aliases: [senior]}"),
            "level alias 'senior' is the id of a level in this file",
        )
    ]
    text = small().replace("{id: staff, name: Staff}", "{id: staff, name: Staff, aliases: [lead]}")
    text = text.replace(
        "{id: manager, name: Manager}", "{id: manager, name: Manager, aliases: [lead]}"
    )
    assert [r for _, r in problems(text)] == [
        f"duplicate level alias 'lead' (first used on line {line_of(text, '- {id: staff, name: Staff, aliases: [lead]}')})"
    ]


def test_level_on_the_wrong_track_names_the_track_that_has_it() -> None:
    with pytest.raises(NotFoundError) as caught:
        LADDER.require_on("engineering-manager", "ic")
    assert caught.value.message == (
        "level 'engineering-manager' is not on the ic track (Individual contributor: "
        "junior, mid, senior, staff, principal)"
    )
    assert caught.value.hint == "it is on the management track: use --track management"
    LADDER.require_on("senior", "management")  # shared: no error


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, ("senior", "ic")),  # no profile: senior, the first track
        ({"current": "senior"}, ("staff", "ic")),  # the level after yours, along the track
        (
            {"current": "senior", "profile_track": "management"},
            ("engineering-manager", "management"),
        ),
        ({"current": "staff", "profile_track": "ic"}, ("principal", "ic")),
        (
            {"target": "staff", "track": "management", "current": "senior"},
            ("engineering-manager", "management"),
        ),
        (
            {"level": "engineering-manager", "profile_track": "ic"},
            ("engineering-manager", "management"),
        ),
        ({"level": "staff", "track": "ic"}, ("staff", "ic")),
        ({"level": "principal", "current": "principal"}, ("principal", "ic")),
    ],
)
def test_pick_level_reads_along_the_track(
    kwargs: dict[str, Any], expected: tuple[str, str]
) -> None:
    args: dict[str, Any] = {"level": None, "track": None} | kwargs
    assert framework.pick_level(LADDER, **args) == expected


def test_pick_level_refuses_empty_and_unknown() -> None:
    with pytest.raises(InputError, match="the track is empty"):
        framework.pick_level(LADDER, level=None, track=" ")
    with pytest.raises(
        NotFoundError, match="unknown track 'sideways'; the ladder has: ic, management"
    ):
        framework.pick_level(LADDER, level=None, track="sideways")
    with pytest.raises(NotFoundError, match="not on the management track"):
        framework.pick_level(LADDER, level="principal", track="management")


# -- the profile ------------------------------------------------------------------------------------


def test_profile_track_is_chosen_from_the_levels_kept_when_they_fit() -> None:
    assert check_levels(LADDER, "senior", "staff", None) == ("senior", "staff", "ic")
    assert check_levels(LADDER, "senior", "engineering-manager", None)[2] == "management"
    assert check_levels(LADDER, "mid", "senior", None, prefer="management")[2] == "management"
    assert check_levels(LADDER, "senior", "staff", None, prefer="management")[2] == "ic"
    with pytest.raises(InputError, match="'principal' is not on the management track"):
        check_levels(LADDER, "senior", "principal", "management")
    with pytest.raises(
        InputError, match="no track of the ladder has all of staff, engineering-manager"
    ):
        check_levels(LADDER, "staff", "engineering-manager", None)


def test_profile_keeps_its_track_in_the_store(bare_ws: Workspace) -> None:
    me = bare_ws.init_profile(
        ProfileInput(name="Ada", level="senior", target_level="senior", track="management")
    )
    assert me.track == "management" and me.to_dict()["track"] == "management"
    # a later init without a track keeps it while the levels fit
    me = bare_ws.init_profile(ProfileInput(name="Ada", level="mid", target_level="senior"))
    assert me.track == "management"
    me = bare_ws.init_profile(ProfileInput(name="Ada", level="senior", target_level="staff"))
    assert me.track == "ic"
    loaded = framework.load(bare_ws.store)
    assert [t.id for t in loaded.tracks] == ["ic", "management"]
    assert loaded.path("management") == LADDER.path("management")


def test_export_and_import_keep_the_track(bare_ws: Workspace, tmp_path: Any) -> None:
    bare_ws.init_profile(
        ProfileInput(name="Ada", level="senior", target_level="engineering-manager")
    )
    data = bare_ws.export()
    assert data["people"][0]["track"] == "management"
    other = Workspace.open(tmp_path / "other", env={}, clock=bare_ws.clock)
    try:
        other.import_(data)
        me = other.profile()
        assert me is not None and me.track == "management"
    finally:
        other.close()


# -- readiness, packet --------------------------------------------------------------------------------


def test_readiness_below_engineering_manager_is_senior_not_principal(bare_ws: Workspace) -> None:
    bare_ws.init_profile(
        ProfileInput(name="Ada", level="senior", target_level="engineering-manager")
    )
    ready = bare_ws.readiness()
    assert (ready.level, ready.track, ready.track_name) == (
        "engineering-manager",
        "management",
        "Management",
    )
    level_of = {e.id: e.level for e in LADDER.expectations()}
    used = {level_of[a.expectation] for area in ready.areas for a in area.actions}
    # one action per area at EM; the level below along the track (senior) fills in, never
    # staff or principal, which sit between them in the list of levels
    assert used == {"engineering-manager", "senior"}
    assert ready.to_dict()["track"] == "management"


def test_readiness_on_another_track_and_the_wrong_one(ws: Workspace) -> None:
    ready = ws.readiness(level="staff", track="ic")
    assert (ready.level, ready.track, ready.on_track) == ("staff", "ic", " (ic)")
    assert ws.readiness().on_track == ""  # senior is on both tracks: no mention
    with pytest.raises(NotFoundError, match="'staff' is not on the management track"):
        ws.readiness(level="staff", track="management")
    mgmt = ws.readiness(track="management")  # mid → senior: the target is shared
    assert (mgmt.level, mgmt.track) == ("senior", "management")


def test_packet_carries_the_track(ws: Workspace) -> None:
    ws.log("Led the design review of the queue", areas=["system-design"])
    built = packet.build(ws, level="engineering-manager", track="management")
    assert (built.target, built.track) == ("engineering-manager", "management")
    assert built.to_dict()["track"] == "management"
    with pytest.raises(NotFoundError, match="not on the ic track"):
        packet.build(ws, level="engineering-manager", track="ic")


# -- the commands --------------------------------------------------------------------------------------


def test_init_track_and_status_track_from_the_command_line(cli: Any) -> None:
    done = cli("init", "--name", "Ada", "--level", "senior", "--target", "staff", "--track", "ic")
    assert done.exit_code == 0, done.stderr
    assert done.stdout == "Profile saved: Ada · senior → staff (ic track)\n"
    res = cli("status", "--level", "staff", "--track", "ic")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.startswith("Ada · Senior → Staff (ic) · software-engineering@")
    res = cli("status", "--level", "staff", "--track", "ic", "--json")
    data = json.loads(res.stdout)
    assert (data["readiness"]["track"], data["profile"]["track"]) == ("ic", "ic")
    res = cli("gaps", "--track", "management", "--json")
    assert json.loads(res.stdout)["track"] == "management"
    # the target is on the ic track only: management cannot have it
    res = cli("init", "--track", "management")
    assert res.exit_code == 1
    assert res.stderr.startswith("error: level 'staff' is not on the management track")
    # a target on the other track moves the profile there
    res = cli("init", "--target", "engineering-manager", "--json")
    assert res.exit_code == 0 and json.loads(res.stdout)["track"] == "management"


def test_framework_show_keeps_to_a_track(cli: Any) -> None:
    assert cli("init", "--name", "Ada", "--level", "mid", "--target", "senior").exit_code == 0
    res = cli("framework", "show", "--level", "all", "--track", "management", "--json")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert [lv["id"] for lv in data["levels"]] == MANAGEMENT
    shown = {e["level"] for a in data["areas"] for e in a["expectations"]}
    assert shown == set(MANAGEMENT)
    assert data["track"] == "management"
    res = cli("framework", "show", "--level", "principal", "--track", "management")
    assert res.exit_code == 1
    assert "hint: it is on the ic track: use --track ic" in res.stderr
    res = cli("framework", "show", "--level", "engineering-manager")
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0] == (
        "Software Engineering · version 2026.12 · Engineering Manager (engineering-manager) · "
        "management track"
    )


def test_goals_plan_follows_the_profile_track(bare_ws: Workspace) -> None:
    bare_ws.init_profile(
        ProfileInput(name="Ada", level="senior", target_level="engineering-manager")
    )
    planned = bare_ws.goals.plan(month="2026-11")
    level_of = {e.id: e.level for e in LADDER.expectations()}
    assert planned
    # the management track's levels only: never staff or principal
    assert {level_of[p.expectation] for p in planned if p.expectation} <= {
        "engineering-manager",
        "senior",
    }


def test_init_in_a_terminal_asks_for_the_track_after_the_levels(home: Any) -> None:
    from helpers import run_in_terminal

    code, screen = run_in_terminal(
        "init",
        env={"LADDER_HOME": str(home)},
        answers={
            "Your name": "Ada",
            "Emails": "ada@example.com",
            "Handles": "",
            "Current level": "senior",
            "Target level": "engineering-manager",
            "Track (": "",  # the default: the track the target is on
        },
    )
    assert code == 0, screen
    assert "Track (ic: Individual contributor, management: Management)" in screen
    assert "Profile saved: Ada · senior → engineering-manager (management track)" in screen
