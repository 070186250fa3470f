"""A new ladder version carries the person along: levels placed by id, alias, name or order;
evidence, ratings and goals read through aliases; dropped links listed and removable; filters that
follow every name an area had. On SQLite and PostgreSQL where the store is involved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import run_in_terminal
from ladder import carry, framework
from ladder.errors import InputError
from ladder.evidence import Filter
from ladder.workspace import Workspace

BUNDLED = framework.parse(framework.default_source()[1])

# A ladder in the shape of the Financial Times' (other level ids and names); it renames
# system-design to architecture (and one expectation) and has no operations area.
FT = """\
format: 1
id: ft-engineering
name: FT Engineering
version: "1"
levels:
  - {id: engineer-1, name: Engineer 1}
  - {id: engineer-2, name: Engineer 2LEVEL_ALIAS}
  - {id: senior-1, name: Senior Engineer 1}
  - {id: tech-director, name: Technology Director}
areas:
  - id: architecture
    name: Architecture
    description: Designs that hold up.
    aliases: [system-design]
    expectations:
      - id: architecture.designs
        level: senior-1
        text: Designs systems and writes down the trade-offs.
        aliases: [system-design.tradeoffs]
  - id: delivery
    name: Delivery
    description: Ships.
    expectations:
      - {id: delivery.ships, level: engineer-2, text: Ships what the team plans.}
"""


def ft(level_alias: str = "") -> framework.Ladder:
    alias = f", aliases: [{level_alias}]" if level_alias else ""
    return framework.parse(FT.replace("LEVEL_ALIAS", alias), source_name="ft.yaml")


def ladder_with_levels(*levels: tuple[str, str], version: str = "2") -> framework.Ladder:
    rows = "\n".join(f"  - {{id: {i}, name: {n}}}" for i, n in levels)
    text = f"""\
format: 1
id: four
name: Four
version: "{version}"
levels:
{rows}
areas:
  - id: delivery
    name: Delivery
    description: Ships.
    expectations:
      - {{id: delivery.ships, level: {levels[0][0]}, text: Ships.}}
"""
    return framework.parse(text, source_name="four.yaml")


# -- placing a level -------------------------------------------------------------------------------


def test_place_by_id_alias_name_and_order() -> None:
    named = ladder_with_levels(("l1", "Junior"), ("l2", "MID"), ("l3", "Senior"), ("l4", "Staff"))
    assert carry.place(BUNDLED, named, "mid").new == "l2"
    assert carry.place(BUNDLED, named, "mid").how == "name"
    aliased = ft("mid")
    assert (carry.place(BUNDLED, aliased, "mid").new, carry.place(BUNDLED, aliased, "mid").how) == (
        "engineer-2",
        "alias",
    )
    same = ladder_with_levels(("junior", "A"), ("senior", "B"))
    assert carry.place(BUNDLED, same, "senior").how == "same id"
    # five levels along the ic track, five on the new ladder: the same place
    five = ladder_with_levels(("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"), ("e", "E"))
    placed = carry.place(BUNDLED, five, "staff", track="ic")
    assert (placed.new, placed.how) == ("d", "order")
    # four levels: FT's do not line up with five
    assert carry.place(BUNDLED, ft(), "mid", track="ic").new is None


def test_place_never_guesses_across_different_lengths() -> None:
    three = ladder_with_levels(("a", "A"), ("b", "B"), ("c", "C"))
    assert carry.place(BUNDLED, three, "senior").new is None


# -- framework use through the library -------------------------------------------------------------


def test_unplaced_levels_install_nothing(ws: Workspace) -> None:
    before = framework.versions(ws.store)
    plan = carry.plan(ws.store, ft())
    assert [p.what for p in plan.unplaced] == ["level", "target"]
    with pytest.raises(InputError) as caught:
        carry.apply(ws.store, plan, now="2026-11-25T00:00:00Z")
    assert "your level 'mid' and your target 'senior' have no counterpart" in caught.value.message
    assert "Nothing was installed" in caught.value.message
    assert caught.value.hint == (
        "say where you stand on it: ladder framework use ft.yaml --level ID --target ID"
    )
    assert framework.versions(ws.store) == before
    me = ws.profile()
    assert me is not None and (me.level, me.target_level) == ("mid", "senior")


def test_given_levels_move_the_profile_in_the_same_transaction(ws: Workspace) -> None:
    plan = carry.plan(ws.store, ft(), level="engineer-2", target="senior-1")
    carry.apply(ws.store, plan, now="2026-11-25T00:00:00Z")
    me = ws.profile()
    assert me is not None and (me.level, me.target_level, me.track) == (
        "engineer-2",
        "senior-1",
        None,
    )
    ready = ws.readiness()
    assert (ready.level, ready.ladder) == ("senior-1", "ft-engineering@1")
    assert ws.ladder().to_dict(level="senior-1")["areas"][0]["expectations"]


def test_a_level_alias_places_the_level_and_a_bad_choice_is_refused(ws: Workspace) -> None:
    with pytest.raises(InputError, match="unknown level 'lead'"):
        carry.plan(ws.store, ft("mid"), target="lead")
    with pytest.raises(InputError, match="below the current level"):
        carry.plan(ws.store, ft("mid"), target="engineer-1")
    plan = carry.plan(ws.store, ft("mid"), target="senior-1")
    assert (plan.level.new, plan.level.how, plan.target.how) == ("engineer-2", "alias", "given")


def test_tracks_on_both_sides_keep_the_profile_track(ws: Workspace) -> None:
    from ladder.person import ProfileInput

    ws.init_profile(ProfileInput(name="Ada", level="senior", target_level="engineering-manager"))
    renamed = framework.default_source()[1].replace('version: "2026.12"', 'version: "2026.13"')
    plan = carry.plan(ws.store, framework.parse(renamed, source_name="v2.yaml"))
    assert (plan.track, plan.old_track, plan.moved) == ("management", "management", False)


def test_links_follow_aliases_and_dropped_ones_are_listed(ws: Workspace) -> None:
    design = ws.log("Wrote the design doc for the cache", areas=["system-design"])
    pager = ws.log("Fixed the noisy disk alert", areas=["operations"])
    ws.goals.add("Write the SLO", track="technical", area="operations")
    ws.goals.add("Two alternatives in every design", track="leadership", area="system-design")
    ws.assessments.rate("system-design.tradeoffs", 2, rater="self")
    carry.apply(
        ws.store, carry.plan(ws.store, ft("mid"), target="senior-1"), now="2026-11-25T00:00:00Z"
    )
    me = ws.profile()
    assert me is not None
    got = carry.report(ws.store, person_id=me.id)
    assert got.followed == {("system-design", "architecture"): 1}
    assert got.dropped == {"operations": [pager.id]}
    assert got.ratings_followed == {("system-design.tradeoffs", "architecture.designs"): 1}
    assert got.goals_followed[0][1:] == ("system-design", "architecture")
    assert [k for _, k in got.goals_dropped] == ["operations"]
    # readiness counts the renamed link for the new id
    assert ws.readiness().area("architecture").evidence == 1
    # filters find it under either name …
    for name in ("architecture", "system-design", "Architecture "):
        found, total = ws.entries(Filter(area=name))
        assert ([e.id for e in found], total) == ([design.id], 1)
    # … and list the entries still linked to a dropped id, which can then be removed
    assert [e.id for e in ws.entries(Filter(area="operations"))[0]] == [pager.id]
    result = ws.tag(pager.id, remove=["operations"])
    assert result.unlinked == ["operations"] and result.rejected == []
    assert not any(r.area == "operations" for r in result.rows)
    with pytest.raises(InputError, match="unknown area 'operations'"):
        ws.entries(Filter(area="operations"))
    assert carry.report(ws.store, person_id=me.id).dropped == {}


def test_removing_a_renamed_area_removes_the_link_however_it_was_stored(ws: Workspace) -> None:
    entry = ws.log("Wrote the design doc for the cache", areas=["system-design"])
    carry.apply(
        ws.store, carry.plan(ws.store, ft("mid"), target="senior-1"), now="2026-11-25T00:00:00Z"
    )
    result = ws.tag(entry.id, remove=["system-design"])
    assert result.rejected == [("architecture", "")]
    assert ws.entries(Filter(area="architecture")) == ([], 0)
    assert ws.readiness().area("architecture").evidence == 0


def test_an_unknown_id_is_still_refused_by_tag(ws: Workspace) -> None:
    entry = ws.log("Fixed the noisy disk alert", areas=["operations"])
    with pytest.raises(InputError, match="unknown area 'opps'"):
        ws.tag(entry.id, remove=["opps"])


# -- framework use on the command line --------------------------------------------------------------


@pytest.fixture
def ada(cli: Any) -> None:
    done = cli("init", "--name", "Ada", "--level", "mid", "--target", "senior")
    assert done.exit_code == 0, done.stderr


def write_ft(tmp_path: Path) -> Path:
    path = tmp_path / "ft.yaml"
    path.write_text(FT.replace("LEVEL_ALIAS", ""), encoding="utf-8")
    return path


def test_use_without_a_terminal_names_the_flags_and_installs_nothing(
    cli: Any, ada: None, tmp_path: Path
) -> None:
    path = write_ft(tmp_path)
    res = cli("framework", "use", str(path))
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr.splitlines() == [
        f"error: {path}: your level 'mid' and your target 'senior' have no "
        "counterpart in FT Engineering version 1 (no level with that id, alias or name, and the "
        "levels do not line up one to one); its levels: engineer-1, engineer-2, senior-1, "
        "tech-director. Nothing was installed.",
        f"hint: say where you stand on it: ladder framework use {path} --level ID --target ID",
    ]
    assert [v["ladder_id"] for v in json.loads(cli("framework", "versions", "--json").stdout)] == [
        "software-engineering"
    ]


def test_use_with_flags_moves_the_profile_and_status_and_show_follow(
    cli: Any, ada: None, tmp_path: Path
) -> None:
    assert cli("log", "Wrote the cache design doc", "-a", "system-design").exit_code == 0
    assert cli("log", "Fixed the paging alert", "-a", "operations").exit_code == 0
    path = write_ft(tmp_path)
    res = cli("framework", "use", str(path), "--level", "engineer-2", "--target", "senior-1")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.splitlines() == [
        "Installed FT Engineering (ft-engineering) version 1: now the active ladder.",
        "Older versions kept: 1.",
        "Your profile: level mid → engineer-2 (as you said); target senior → senior-1 (as you "
        "said).",
        "1 entry linked to system-design now counts for architecture.",
    ]
    assert res.stderr.startswith(
        "warning: 1 entry is linked to area 'operations' (#2), which this version does not "
        "have; the links are kept. Re-tag with `ladder tag 2 --area ID --remove operations`, or "
        "remove the link with `ladder tag 2 --remove operations`"
    )
    status = cli("status")
    assert status.exit_code == 0, status.stderr
    assert status.stdout.startswith("Ada · Engineer 2 → Senior Engineer 1 · ft-engineering@1")
    shown = cli("framework", "show")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.startswith("FT Engineering · version 1 · Senior Engineer 1 (senior-1)")
    for name in ("architecture", "system-design"):
        listed = cli("entries", "--area", name, "--json")
        assert [e["id"] for e in json.loads(listed.stdout)["entries"]] == [1], name
    removed = cli("tag", "2", "--remove", "operations")
    assert removed.exit_code == 0, removed.stderr
    assert removed.stdout.startswith(
        "Removed the link to operations from #2: the active ladder no longer has it."
    )
    again = cli("framework", "use", str(path), "--json")
    data = json.loads(again.stdout)
    assert data["carried"]["evidence_dropped"] == []
    assert data["profile"]["level"] == {
        "what": "level",
        "old": "engineer-2",
        "new": "engineer-2",
        "how": "same id",
    }


def test_use_asks_in_a_terminal(home: Path, tmp_path: Path) -> None:
    env = {"LADDER_HOME": str(home)}
    code, screen = run_in_terminal(
        "init", "--name", "Ada", "--level", "mid", "--target", "senior", env=env
    )
    assert code == 0, screen
    path = write_ft(tmp_path)
    code, screen = run_in_terminal(
        "framework",
        "use",
        str(path),
        env=env,
        answers={"Your level was mid": "engineer-2", "Your target was senior": "senior-1"},
    )
    assert code == 0, screen
    assert "Your profile: level mid → engineer-2 (as you said)" in screen
    code, screen = run_in_terminal("status", "--json", env=env)
    assert code == 0, screen
    data = json.loads(screen[screen.index("{") :])
    assert (data["profile"]["level"], data["profile"]["target_level"]) == (
        "engineer-2",
        "senior-1",
    )


def test_web_evidence_filter_follows_aliases_and_lists_dropped_ids(ws: Workspace) -> None:
    import warnings

    from helpers import CLOCK
    from ladder.web import Settings, create_app

    with warnings.catch_warnings():  # Starlette's client says httpx is deprecated for it
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    design = ws.log("Wrote the design doc for the cache", areas=["system-design"])
    pager = ws.log("Fixed the noisy disk alert", areas=["operations"])
    carry.apply(
        ws.store, carry.plan(ws.store, ft("mid"), target="senior-1"), now="2026-11-25T00:00:00Z"
    )
    app = create_app(Settings(home=ws.home, url=ws.store.url, env={}, cache_ttl=0, clock=CLOCK))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for name, wanted in (
            ("architecture", [design.id]),
            ("system-design", [design.id]),
            ("operations", [pager.id]),
        ):
            got = client.get("/api/v1/evidence", params={"area": name})
            assert got.status_code == 200, got.text
            assert [e["id"] for e in got.json()["items"]] == wanted, name
        page = client.get("/evidence", params={"area": "system-design"})
        assert page.status_code == 200 and "Wrote the design doc for the cache" in page.text
        assert client.get("/api/v1/evidence", params={"area": "nowhere"}).status_code == 400
