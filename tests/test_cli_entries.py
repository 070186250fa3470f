"""The work-log commands as a person runs them."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from helpers import run_in_terminal


@pytest.fixture
def me(cli):  # type: ignore[no-untyped-def]
    done = cli(
        "init",
        "--name",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
        "--level",
        "mid",
        "--target",
        "senior",
    )
    assert done.exit_code == 0, done.stderr
    return cli


def test_log_then_entries_shows_the_entry(me) -> None:  # type: ignore[no-untyped-def]
    done = me(
        "log",
        "Led",
        "the",
        "cache",
        "design",
        "review",
        "@design",
        "--date",
        "2026-11-02",
        "-a",
        "system-design",
        "--impact",
        "p99 down 40%",
        "--link",
        "https://example.com/pr/1",
    )
    assert done.exit_code == 0
    assert (
        done.stdout.strip()
        == "Logged #1 on 2026-11-02 · tags: design · areas: system-design · 1 link"
    )
    listed = me("entries")
    assert (
        "Led the cache design review @design" in listed.stdout and "system-design" in listed.stdout
    )
    assert "p99 down 40%" in listed.stdout
    data = json.loads(me("entries", "--json").stdout)
    assert data["total"] == 1 and data["entries"][0]["links"] == ["https://example.com/pr/1"]


def test_entries_filters_and_search(me) -> None:  # type: ignore[no-untyped-def]
    me("log", "Wrote the queue runbook @oncall", "--date", "2026-10-01", "--area", "operations")
    me("log", "Mentored Sam on reviews", "--date", "2026-11-01", "--area", "mentorship")

    def texts(*args: str) -> list[str]:
        return [e["text"] for e in json.loads(me("entries", "--json", *args).stdout)["entries"]]

    assert texts("--search", "runbook") == ["Wrote the queue runbook @oncall"]
    assert texts("--area", "mentorship") == ["Mentored Sam on reviews"]
    assert texts("--tag", "oncall") == ["Wrote the queue runbook @oncall"]
    assert texts("--since", "2026-10-15") == ["Mentored Sam on reviews"]
    assert texts("--until", "2026-10-15", "--source", "manual") == [
        "Wrote the queue runbook @oncall"
    ]
    assert me("entries", "--search", "nothing-here").stdout.strip() == "No entries match."


def test_entries_bad_filters_are_clear_errors(me) -> None:  # type: ignore[no-untyped-def]
    for args, message in (
        (["--since", "blorp"], "--since: cannot read 'blorp'"),
        (["--area", "nope"], "unknown area 'nope'"),
        (["--since", "2026-11-02", "--until", "2026-11-01"], "is after --until"),
        (["--search", "  "], "search text is empty"),
    ):
        done = me("entries", *args)
        assert done.exit_code == 1 and message in done.stderr, (args, done.stderr)


def test_show_edit_rm_restore(me) -> None:  # type: ignore[no-untyped-def]
    me("log", "Shipped the importer", "--area", "delivery")
    assert "Shipped the importer" in me("show", "1").stdout
    assert me("edit", "1", "--impact", "saves a day a week", "--area", "leadership").exit_code == 0
    shown = json.loads(me("show", "1", "--json").stdout)
    assert shown["impact"] == "saves a day a week" and [a["area"] for a in shown["areas"]] == [
        "leadership"
    ]
    assert me("rm", "1").stdout.startswith("Deleted #1.")
    assert json.loads(me("entries", "--json").stdout)["total"] == 0
    assert "Shipped the importer" in me("entries", "--deleted").stdout
    assert me("restore", "1").exit_code == 0
    assert json.loads(me("entries", "--json").stdout)["total"] == 1
    missing = me("show", "42")
    assert missing.exit_code == 1 and missing.stderr.startswith("error: no entry #42")


def test_edit_without_a_terminal_shows_the_flags_instead_of_an_editor(me, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    me("log", "Keep me")
    started = tmp_path / "editor-started"
    editor = tmp_path / "editor.py"
    editor.write_text(f"import pathlib\npathlib.Path({str(started)!r}).touch()\n")
    done = me("edit", "1", env={"EDITOR": f"{sys.executable} {editor}"})
    assert done.exit_code == 1
    assert "needs a terminal" in done.stderr and "ladder edit 1 --text" in done.stderr
    assert all(flag in done.stderr for flag in ("--impact", "--date", "--area", "--link", "--tag"))
    assert not started.exists()
    assert json.loads(me("show", "1", "--json").stdout)["text"] == "Keep me"


def test_edit_in_editor_applies_the_saved_file(me, tmp_path: Path, home: Path) -> None:  # type: ignore[no-untyped-def]
    me("log", "Old text", "--area", "delivery")
    editor = tmp_path / "fake-editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1]); t = p.read_text()\n"
        "t = t.replace('Old text', 'New text @edited').replace('impact: ', 'impact: faster deploys')\n"
        "t = t.replace('areas: delivery', 'areas: delivery, operations')\n"
        "p.write_text(t)\n"
    )
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    code, _ = run_in_terminal(
        "edit", "1", env={"LADDER_HOME": str(home), "EDITOR": f"{sys.executable} {editor}"}
    )
    assert code == 0
    shown = json.loads(me("show", "1", "--json").stdout)
    assert shown["text"] == "New text @edited" and shown["tags"] == ["edited"]
    assert shown["impact"] == "faster deploys"
    assert sorted(a["area"] for a in shown["areas"]) == ["delivery", "operations"]


def test_edit_in_editor_with_a_broken_file_changes_nothing(me, tmp_path: Path, home: Path) -> None:  # type: ignore[no-untyped-def]
    me("log", "Keep me")
    editor = tmp_path / "breaker.py"
    editor.write_text(
        "import sys, pathlib\npathlib.Path(sys.argv[1]).write_text('date: blorp\\n---\\nchanged')\n"
    )
    code, screen = run_in_terminal(
        "edit", "1", env={"LADDER_HOME": str(home), "EDITOR": f"{sys.executable} {editor}"}
    )
    assert code == 1 and "cannot read 'blorp'" in screen
    assert json.loads(me("show", "1", "--json").stdout)["text"] == "Keep me"


def test_export_import_files_round_trip(me, tmp_path: Path, home: Path) -> None:  # type: ignore[no-untyped-def]
    me("log", "One @a", "--area", "delivery")
    me("log", "Two", "--impact", "big")
    out = tmp_path / "backup.json"
    assert me("export", str(out)).exit_code == 0
    other = {"LADDER_HOME": str(tmp_path / "other")}
    first = me("import", str(out), "--json", env=other)
    assert json.loads(first.stdout)["evidence"] == {"added": 2, "updated": 0, "unchanged": 0}
    second = me("import", str(out), env=other)
    assert "evidence: 0 added, 0 updated, 2 unchanged" in second.stdout
    assert json.loads(me("entries", "--json", env=other).stdout)["total"] == 2


def test_import_bad_files_exit_1_and_write_nothing(me, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    me("log", "One")
    good = tmp_path / "good.json"
    me("export", str(good))
    text = good.read_text()
    cases = {
        "truncated.json": (text[: len(text) // 3], "looks truncated"),
        "newer.json": (text.replace('"format_version": 1', '"format_version": 7'), "newer ladder"),
        "notjson.json": ("hello", "not valid JSON"),
    }
    other = {"LADDER_HOME": str(tmp_path / "other")}
    me("init", "--name", "Other", env=other)
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_text(content)
        done = me("import", str(path), env=other)
        assert done.exit_code == 1 and message in done.stderr and str(path) in done.stderr, (
            name,
            done.stderr,
        )
    assert json.loads(me("entries", "--json", env=other).stdout)["total"] == 0
    assert me("import", str(tmp_path / "missing.json")).stderr.startswith("error: ")


def test_export_to_stdout_is_json(me) -> None:  # type: ignore[no-untyped-def]
    me("log", "One")
    data = json.loads(me("export", "-").stdout)
    assert data["format"] == "ladder-export" and len(data["evidence"]) == 1


def test_export_to_an_unwritable_path_fails_clearly(me, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = me("export", str(tmp_path / "missing-folder" / "x.json"))
    assert done.exit_code == 1 and "cannot write" in done.stderr


def test_home_flag_overrides_environment(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path / "elsewhere"
    assert cli("--home", str(elsewhere), "init", "--name", "Ada").exit_code == 0
    assert (elsewhere / "ladder.db").exists()
    assert cli("--home", str(elsewhere), "log", "via flag").exit_code == 0
    assert json.loads(cli("--home", str(elsewhere), "entries", "--json").stdout)["total"] == 1


def test_database_path_that_is_not_a_database(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    home.mkdir(parents=True)
    (home / "ladder.db").write_text("not a database\n" * 50)
    for args in (["entries"], ["log", "x"]):
        done = cli(*args)
        assert done.exit_code == 1 and "is not a ladder database" in done.stderr
    assert (home / "ladder.db").read_text() == "not a database\n" * 50


def test_postgres_url_from_environment(cli, pg_url: str, home: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"LADDER_DATABASE_URL": pg_url}
    assert cli("init", "--name", "Ada", env=env).exit_code == 0
    assert cli("log", "stored in postgres @pg", env=env).exit_code == 0
    assert [
        e["text"]
        for e in json.loads(cli("entries", "--json", "--search", "postgres", env=env).stdout)[
            "entries"
        ]
    ] == ["stored in postgres @pg"]
    assert not (home / "ladder.db").exists()
    assert os.environ.get("LADDER_DATABASE_URL") != pg_url  # the environment was not leaked
