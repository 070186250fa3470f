"""How `ladder` ends: a closed pipe is a quiet success; an impossible id is a clear error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import run_ladder


@pytest.fixture
def piped_home(tmp_path: Path) -> dict[str, str]:
    env = {"LADDER_HOME": str(tmp_path / "home"), "COLUMNS": "80"}
    init = run_ladder(
        "init",
        "--name",
        "Ada",
        "--email",
        "ada@example.com",
        "--level",
        "mid",
        "--target",
        "senior",
        env=env,
    )
    assert init.returncode == 0, init.stderr
    return env


@pytest.mark.parametrize(
    "args",
    [
        ("assess", "diff", "--all"),  # a Rich table: Rich meets the closed pipe
        ("learn",),  # plain lines through typer.echo: Click meets it
        ("framework", "show"),
    ],
)
def test_a_reader_that_leaves_early_ends_the_command_quietly(
    piped_home: dict[str, str], args: tuple[str, ...]
) -> None:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}, **piped_home}
    for _ in range(3):  # the race between writer and reader differs from run to run
        proc = subprocess.Popen(
            [sys.executable, "-m", "ladder", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline()  # `| head -1`
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0, err
        assert "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ("show", "99999999999999999999999"),
        ("goals", "done", "99999999999999999999999"),
        ("learn", "show", "99999999999999999999999"),
    ],
)
def test_an_id_too_large_for_the_database_is_a_clear_error(cli: Any, args: tuple[str, ...]) -> None:
    assert cli("init", "--name", "Ada", "--email", "a@example.com").exit_code == 0
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr and "OverflowError" not in result.stderr


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [(("sevre",), "'serve'"), (("goals", "pln"), "'plan'"), (("harvest", "gti"), "'git'")],
)
def test_a_mistyped_command_gets_one_suggestion(
    cli: Any, args: tuple[str, ...], suggestion: str
) -> None:
    done = cli(*args)
    assert done.exit_code == 2
    assert done.stderr.count("Did you mean") == 1, done.stderr
    assert suggestion in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("harvest", "git", "--help"),
        ("goals", "plan", "--help"),
        ("sources", "--help"),
        ("1on1", "--help"),
        ("goals", "--nope"),
        ("--home", "x", "entries", "--limit", "abc"),
    ],
)
def test_a_command_is_built_alone_and_reads_as_in_the_whole_app(args: tuple[str, ...]) -> None:
    """Only the command the arguments name is built (the start-up of `ladder harvest git`),
    and its help, usage and errors are word for word those of the whole application."""
    import click
    import typer.main
    from click.testing import CliRunner

    from ladder.cli.app import _command_word, _only, app
    from ladder.cli.harvest import register_sources

    register_sources()  # `ladder harvest git` is there
    word = _command_word(list(args))
    alone = typer.main.get_command(_only(app, word))
    whole = typer.main.get_command(app)
    assert isinstance(alone, click.Group) and isinstance(whole, click.Group)
    assert list(alone.commands) == [word]
    runner = CliRunner()
    env = {"COLUMNS": "80"}
    a = runner.invoke(alone, list(args), prog_name="ladder", env=env)
    w = runner.invoke(whole, list(args), prog_name="ladder", env=env)
    assert (a.exit_code, a.output) == (w.exit_code, w.output)


@pytest.mark.parametrize("args", [(), ("--help",), ("sevre",), ("--version",)])
def test_without_one_command_named_the_whole_app_is_built(args: tuple[str, ...]) -> None:
    from ladder.cli.app import _command_word, _only, app

    assert _only(app, _command_word(list(args))) is app
