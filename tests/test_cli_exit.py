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
