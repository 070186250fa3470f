"""``ladder framework``: show, validate, use and versions, run through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ladder import framework

BUNDLED = framework.default_source()[1]
LADDER = framework.parse(BUNDLED)
LEVELS = ["junior", "mid", "senior", "staff"]


def ids_at(level: str) -> set[str]:
    return {e.id for e in LADDER.expectations() if e.level == level}


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if line.strip() == needle)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def version(text: str, new: str) -> str:
    return edit(text, 'version: "2026.12"', f'version: "{new}"')


@pytest.fixture
def ada(cli: Any) -> None:
    """A profile: Ada, mid → senior."""
    result = cli(
        "init",
        "--name",
        "Ada",
        "--email",
        "ada@example.com",
        "--level",
        "mid",
        "--target",
        "senior",
    )
    assert result.exit_code == 0, result.stderr


def versions_json(cli: Any) -> list[dict[str, Any]]:
    result = cli("framework", "versions", "--json")
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


# -- show -------------------------------------------------------------------------------------


def test_framework_show_defaults_to_profile_target(cli: Any) -> None:
    assert (
        cli(
            "init",
            "--name",
            "Ada",
            "--email",
            "ada@example.com",
            "--level",
            "senior",
            "--target",
            "staff",
        ).exit_code
        == 0
    )
    result = cli("framework", "show")
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout.splitlines()[0]
        == "Software Engineering · version 2026.12 · Staff (staff) · ic track"
    )
    for area in LADDER.areas:
        assert area.name in result.stdout
    shown = {e.id for e in LADDER.expectations() if e.id in result.stdout.split()}
    assert shown == ids_at("staff")


def test_framework_show_with_target_senior_lists_senior_expectations(cli: Any, ada: None) -> None:
    result = cli("framework", "show")
    assert result.exit_code == 0, result.stderr
    assert "Senior (senior)" in result.stdout.splitlines()[0]
    words = set(result.stdout.split())
    assert ids_at("senior") <= words
    assert not (ids_at("mid") | ids_at("junior") | ids_at("staff")) & words
    for area in LADDER.areas:
        assert f"{area.name} {area.id}" in result.stdout
    assert "Looks like" in result.stdout and "To grow" in result.stdout


def test_framework_show_without_profile_shows_senior(cli: Any) -> None:
    result = cli("framework", "show")
    assert result.exit_code == 0, result.stderr
    assert "Senior (senior)" in result.stdout.splitlines()[0]


def test_framework_show_level_mid(cli: Any, ada: None) -> None:
    result = cli("framework", "show", "--level", "mid")
    assert result.exit_code == 0, result.stderr
    assert "Mid (mid)" in result.stdout.splitlines()[0]
    words = set(result.stdout.split())
    assert ids_at("mid") <= words
    assert not ids_at("senior") & words


def test_framework_show_level_all(cli: Any, ada: None) -> None:
    result = cli("framework", "show", "--level", "all")
    assert result.exit_code == 0, result.stderr
    assert "every level" in result.stdout.splitlines()[0]
    words = set(result.stdout.split())
    assert {e.id for e in LADDER.expectations()} <= words
    for level in LADDER.levels:
        assert result.stdout.count(f"[{level.name}]") == len(ids_at(level.id))


def test_framework_show_area_json(cli: Any, ada: None) -> None:
    result = cli("framework", "show", "--area", "system-design", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["id"], data["version"]) == ("software-engineering", "2026.12")
    assert [a["id"] for a in data["areas"]] == ["system-design"]
    (area,) = data["areas"]
    assert [e["id"] for e in area["expectations"]] == [
        e.id for e in LADDER.area("system-design").at("senior")
    ]
    assert all(e["markers"] and e["actions"] for e in area["expectations"])


def test_framework_show_area_all_levels_json(cli: Any) -> None:
    result = cli("framework", "show", "--area", "career", "--level", "all", "--json")
    assert result.exit_code == 0, result.stderr
    (area,) = json.loads(result.stdout)["areas"]
    assert [e["id"] for e in area["expectations"]] == [
        e.id for e in LADDER.area("career").expectations
    ]


def test_framework_show_unknown_level_lists_levels(cli: Any, ada: None) -> None:
    result = cli("framework", "show", "--level", "distinguished")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: unknown level 'distinguished'")
    for level in LEVELS:
        assert level in result.stderr


def test_framework_show_unknown_area_lists_areas(cli: Any, ada: None) -> None:
    result = cli("framework", "show", "--area", "sytem-design")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        "error: unknown area 'sytem-design' (did you mean 'system-design'?)"
    )
    for area in LADDER.areas:
        assert area.id in result.stderr


# -- validate ---------------------------------------------------------------------------------


def test_framework_validate_good_file(cli: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "ladder.yaml", BUNDLED)
    result = cli("framework", "validate", str(path))
    assert result.exit_code == 0, result.stderr
    n = len(LADDER.expectations())
    assert result.stdout.strip() == (
        f"{path}: valid — Software Engineering (software-engineering) version 2026.12: 6 levels on 2 tracks, 9 areas, {n} expectations"
    )
    assert result.stderr == ""


def bad_schema_text() -> str:
    text = edit(BUNDLED, 'version: "2026.12"', "version: 2026.12")
    text = edit(text, "    name: Career\n", "    name: Career\n    owner: ada\n")
    return edit(text, "  - id: staff\n    name: Staff\n", "  - id: staff\n    name: 7\n")


def test_framework_validate_bad_file_lists_every_problem(cli: Any, tmp_path: Path) -> None:
    text = bad_schema_text()
    path = write(tmp_path / "bad.yaml", text)
    result = cli("framework", "validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert (
        lines[0]
        == f"{path}:{line_of(text, 'version: 2026.12')}: version: 2026.12 is not of type 'string'"
    )
    assert (
        lines[1] == f"{path}:{line_of(text, 'name: 7')}: levels/3/name: 7 is not of type 'string'"
    )
    assert lines[2].startswith(f"{path}:{line_of(text, 'owner: ada')}: areas/8: ")
    assert "'owner' was unexpected" in lines[2]
    assert lines[3:] == ["3 problems found"]


def test_framework_validate_bad_rules_lists_every_problem(cli: Any, tmp_path: Path) -> None:
    text = edit(BUNDLED, "  - id: career\n", "  - id: delivery\n")
    text = edit(text, "      - id: career.conversations\n", "      - id: delivery.conversations\n")
    path = write(tmp_path / "bad.yaml", text)
    problems = framework.check(text)[1]
    assert len(problems) > 2  # the duplicate area and every career.* expectation it now holds
    result = cli("framework", "validate", str(path))
    assert result.exit_code == 1
    first = line_of(text, "- id: delivery")
    dup = [
        i for i, line in enumerate(text.splitlines(), start=1) if line.strip() == "- id: delivery"
    ][1]
    assert (
        f"{path}:{dup}: duplicate area id 'delivery' (first used on line {first})"
        in result.stderr.splitlines()
    )
    assert result.stderr.splitlines() == [f"{path}:{p.line}: {p.reason}" for p in problems] + [
        f"{len(problems)} problems found"
    ]


def test_framework_validate_json(cli: Any, tmp_path: Path) -> None:
    good = cli("framework", "validate", str(write(tmp_path / "good.yaml", BUNDLED)), "--json")
    assert good.exit_code == 0
    assert json.loads(good.stdout) == {
        "file": str(tmp_path / "good.yaml"),
        "valid": True,
        "problems": [],
    }
    text = bad_schema_text()
    bad = cli("framework", "validate", str(write(tmp_path / "bad.yaml", text)), "--json")
    assert bad.exit_code == 1
    data = json.loads(bad.stdout)
    assert data["valid"] is False
    assert [p["line"] for p in data["problems"]] == [
        line_of(text, "version: 2026.12"),
        line_of(text, "name: 7"),
        line_of(text, "owner: ada"),
    ]
    assert all(p["reason"] for p in data["problems"])


def test_framework_validate_missing_file(cli: Any, tmp_path: Path) -> None:
    result = cli("framework", "validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'nope.yaml'}: no such file\n"


def test_framework_validate_unquoted_impossible_date_is_reported(cli: Any, tmp_path: Path) -> None:
    text = edit(BUNDLED, 'version: "2026.12"', "version: 2026-11-31")
    path = write(tmp_path / "date.yaml", text)
    try:
        result = cli("framework", "validate", str(path))
    except Exception as exc:
        pytest.fail(
            f"`ladder framework validate` crashed: {type(exc).__name__}: {exc}", pytrace=False
        )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:{line_of(text, 'version: 2026-11-31')}: ")


# -- use and versions -------------------------------------------------------------------------


def test_framework_use_installs_new_active_version(cli: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "v2.yaml", version(BUNDLED, "2026.13"))
    result = cli("framework", "use", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Installed Software Engineering (software-engineering) version 2026.13: now the active ladder.",
        "Older versions kept: 1.",
    ]
    assert json.loads(cli("framework", "show", "--json").stdout)["version"] == "2026.13"
    rows = versions_json(cli)
    assert [(r["version"], r["is_active"], r["source_name"]) for r in rows] == [
        ("2026.12", False, "default-ladder.yaml"),
        ("2026.13", True, "v2.yaml"),
    ]


def test_framework_versions_marks_the_active_one(cli: Any, tmp_path: Path) -> None:
    assert (
        cli(
            "framework", "use", str(write(tmp_path / "v2.yaml", version(BUNDLED, "2026.13")))
        ).exit_code
        == 0
    )
    result = cli("framework", "versions")
    assert result.exit_code == 0, result.stderr
    rows = {
        v: line
        for line in result.stdout.splitlines()
        for v in ("2026.12", "2026.13")
        if f" {v} " in line
    }
    assert rows["2026.13"].lstrip().startswith("●")
    assert "●" not in rows["2026.12"]
    assert "v2.yaml" in rows["2026.13"] and "default-ladder.yaml" in rows["2026.12"]


def test_framework_use_json(cli: Any, ada: None, tmp_path: Path) -> None:
    assert cli("log", "Kept my brag document up to date", "--area", "career").exit_code == 0
    text = version(BUNDLED[: BUNDLED.index("  - id: career\n")], "2026.13")
    result = cli("framework", "use", str(write(tmp_path / "v2.yaml", text)), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "ladder": "software-engineering",
        "version": "2026.13",
        "added": True,
        "already_in_use": False,
        "older_versions_kept": 1,
        "orphaned_links": {"career": 1},
        "orphaned_ratings": [],
        "orphaned_goals": [],
        "profile": {
            "level": {"what": "level", "old": "mid", "new": "mid", "how": "same id"},
            "target": {"what": "target", "old": "senior", "new": "senior", "how": "same id"},
            "track": "ic",
            "old_track": "ic",
        },
        "carried": {
            "evidence_followed": [],
            "evidence_dropped": [{"id": "career", "entries": [1]}],
            "ratings_followed": [],
            "ratings_dropped": [],
            "goals_followed": [],
            "goals_dropped": [],
        },
    }


def test_framework_use_warns_about_links_to_dropped_area(
    cli: Any, ada: None, tmp_path: Path
) -> None:
    assert cli("log", "Kept my brag document up to date", "--area", "career").exit_code == 0
    text = version(BUNDLED[: BUNDLED.index("  - id: career\n")], "2026.13")
    result = cli("framework", "use", str(write(tmp_path / "v2.yaml", text)))
    assert result.exit_code == 0, result.stderr
    assert "warning: 1 entry is linked to area 'career'" in result.stderr


def test_framework_use_warns_about_ratings_on_dropped_expectations(
    cli: Any, ada: None, tmp_path: Path
) -> None:
    rated = next(e.id for e in LADDER.area("career").expectations if e.level == "senior")
    assert cli("assess", "-e", rated, "-r", "meeting").exit_code == 0
    text = version(BUNDLED[: BUNDLED.index("  - id: career\n")], "2026.13")
    result = cli("framework", "use", str(write(tmp_path / "v2.yaml", text)))
    assert result.exit_code == 0, result.stderr
    assert f"1 current rating is on expectations this version does not have ({rated})" in (
        result.stderr
    )
    again = cli("framework", "use", str(tmp_path / "v2.yaml"), "--json")
    assert json.loads(again.stdout)["orphaned_ratings"] == [rated]
    history = json.loads(cli("assess", "history", "--json").stdout)
    assert [h["rated_expectation"] for h in history] == [rated]  # kept, not lost


def test_framework_use_warns_about_goals_on_dropped_expectations(
    cli: Any, ada: None, tmp_path: Path
) -> None:
    added = cli("goals", "add", "Ask for feedback", "--track", "leadership", "--area", "career")
    assert added.exit_code == 0, added.stderr
    text = version(BUNDLED[: BUNDLED.index("  - id: career\n")], "2026.13")
    result = cli("framework", "use", str(write(tmp_path / "v2.yaml", text)))
    assert result.exit_code == 0, result.stderr
    assert "warning: goal #1 is linked to 'career', which this version does not have" in (
        result.stderr
    )
    again = cli("framework", "use", str(tmp_path / "v2.yaml"), "--json")
    assert json.loads(again.stdout)["orphaned_goals"] == [1]


def test_framework_use_same_file_reactivates(cli: Any, tmp_path: Path) -> None:
    assert (
        cli(
            "framework", "use", str(write(tmp_path / "v2.yaml", version(BUNDLED, "2026.13")))
        ).exit_code
        == 0
    )
    result = cli("framework", "use", str(write(tmp_path / "again.yaml", BUNDLED)))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "Already installed; re-activated Software Engineering (software-engineering) version 2026.12"
    )
    assert [(r["version"], r["is_active"]) for r in versions_json(cli)] == [
        ("2026.12", True),
        ("2026.13", False),
    ]


def test_framework_use_broken_file_changes_nothing(cli: Any, ada: None, tmp_path: Path) -> None:
    before = versions_json(cli), cli("framework", "show", "--json").stdout
    text = bad_schema_text()
    path = write(
        tmp_path / "bad.yaml",
        version(text.replace("version: 2026.12", 'version: "2026.12"'), "2027.01"),
    )
    result = cli("framework", "use", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}:")
    assert "(and 1 more problem)" in result.stderr
    assert (versions_json(cli), cli("framework", "show", "--json").stdout) == before


def test_framework_use_same_version_other_content_changes_nothing(cli: Any, tmp_path: Path) -> None:
    before = versions_json(cli)
    path = write(
        tmp_path / "edited.yaml",
        edit(BUNDLED, "name: Software Engineering\n", "name: Software Engineering 2\n"),
    )
    result = cli("framework", "use", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {path}: ladder 'software-engineering' version '2026.12' is already installed with different content",
        "hint: raise `version:` in the file to install it as a new version",
    ]
    assert versions_json(cli) == before


def test_framework_use_missing_file(cli: Any, tmp_path: Path) -> None:
    before = versions_json(cli)
    result = cli("framework", "use", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'nope.yaml'}: no such file\n"
    assert versions_json(cli) == before
