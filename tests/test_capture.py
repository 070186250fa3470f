"""The capture fast path: same options, same rules and same store as the full command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import run_ladder
from ladder.capture import parser, split_argv
from ladder.cli.app import app


def _typer_log_options() -> set[str]:
    import typer.main

    command = typer.main.get_command(app).commands["log"]  # type: ignore[attr-defined]
    return {
        opt for p in command.params for opt in getattr(p, "opts", []) if opt.startswith("-")
    } - {"--help", "-h"}


def test_capture_parser_accepts_exactly_the_options_of_ladder_log() -> None:
    fast = {opt for action in parser()._actions for opt in action.option_strings}
    assert fast == _typer_log_options()


def test_split_argv_takes_log_with_optional_home() -> None:
    assert split_argv(["log", "x"]) == (None, ["x"])
    assert split_argv(["--home", "/h", "log", "x", "-a", "delivery"]) == (
        "/h",
        ["x", "-a", "delivery"],
    )
    assert split_argv(["--home=/h", "log", "x"]) == ("/h", ["x"])
    assert split_argv(["log", "--help"]) is None
    assert split_argv(["entries"]) is None


def _init(home: Path) -> None:
    done = run_ladder(
        "init", "--name", "Ada", "--email", "ada@example.com", env={"LADDER_HOME": str(home)}
    )
    assert done.returncode == 0, done.stderr


def test_capture_does_not_import_typer_rich_or_sqlalchemy(tmp_path: Path) -> None:
    _init(tmp_path)
    code = (
        "import sys; from ladder.__main__ import main; "
        f"rc = main(['--home', {str(tmp_path)!r}, 'log', 'fast one @quick', '--area', 'delivery']); "
        "heavy = sorted(m for m in ('typer', 'rich', 'sqlalchemy', 'alembic', 'yaml', 'jsonschema', 'psycopg') if m in sys.modules); "
        "print(rc, heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "0 []"
    listed = run_ladder("entries", "--json", env={"LADDER_HOME": str(tmp_path)})
    entry = json.loads(listed.stdout)["entries"][0]
    assert (
        entry["text"] == "fast one @quick"
        and entry["tags"] == ["quick"]
        and entry["areas"][0]["area"] == "delivery"
    )


def test_capture_errors_are_clear_and_write_nothing(tmp_path: Path) -> None:
    _init(tmp_path)
    env = {"LADDER_HOME": str(tmp_path)}
    for args, message in (
        (["log", "x", "--area", "nope"], "unknown area 'nope'"),
        (["log", "   "], "the entry text is empty"),
        (["log", "x", "--date", "blorp"], "cannot read 'blorp' as a date"),
        (["log", "x", "--date", "tomorrow"], "in the future"),
        (["log", "x", "--link", "nope"], "is not a link"),
    ):
        done = run_ladder(*args, env=env)
        assert done.returncode == 1, args
        assert (
            done.stderr.startswith("error: ")
            and message in done.stderr
            and "Traceback" not in done.stderr
        )
    assert json.loads(run_ladder("entries", "--json", env=env).stdout)["total"] == 0


def test_capture_falls_back_to_the_full_command_for_help_and_usage_errors(tmp_path: Path) -> None:
    env = {"LADDER_HOME": str(tmp_path)}
    helped = run_ladder("log", "--help", env=env)
    assert helped.returncode == 0 and "--impact" in helped.stdout and "Example" in helped.stdout
    wrong = run_ladder("log", "x", "--no-such-option", env=env)
    assert wrong.returncode == 2 and "No such option" in wrong.stderr


def test_capture_in_a_new_home_runs_the_full_path_and_migrates(tmp_path: Path) -> None:
    env = {"LADDER_HOME": str(tmp_path / "new")}
    done = run_ladder("log", "first ever", env=env)
    assert (
        done.returncode == 1 and "no profile yet" in done.stderr
    )  # the store was created, the entry refused
    _init(tmp_path / "new")
    assert run_ladder("log", "first ever", env=env).returncode == 0
