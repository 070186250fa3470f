"""The fast path of ``ladder harvest git`` (:mod:`ladder.harvest_cli`): the same output, help
and errors as the Typer command, without importing Typer or Click."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from helpers import git, run_ladder, ticking_clock
from ladder.harvest_cli import fast, parse_git
from ladder.terminal import guarded


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Ada's commits on two days, in two parts of the tree, and a pull request merged."""
    path = tmp_path / "app"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    for n, (name, day) in enumerate(
        [
            ("billing/retry.py", "2026-11-02"),
            ("api/README.md", "2026-11-02"),
            ("api/x.py", "2026-11-03"),
        ]
    ):
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(f"line {n}\n" * (n + 2))
        git(path, "add", "-A")
        when = f"{day}T1{n}:00:00 +0000"
        os.environ["GIT_AUTHOR_DATE"] = os.environ["GIT_COMMITTER_DATE"] = when
        try:
            git(path, "commit", "-q", "-m", f"Change {n} \x1b[2J of {name}")
        finally:
            del os.environ["GIT_AUTHOR_DATE"], os.environ["GIT_COMMITTER_DATE"]
    return path


def _invoke(
    entry: Callable[..., int | None], home: Path, *args: str
) -> tuple[int | None, str, str]:
    """``entry(args, environ=…, clock=…)`` with stdout and stderr captured, LADDER_HOME=home."""
    out, err = io.StringIO(), io.StringIO()
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LADDER_")},
        "LADDER_HOME": str(home),
        "COLUMNS": "80",
    }
    old = dict(os.environ)
    os.environ.clear()
    os.environ.update(environ)
    try:
        with redirect_stdout(out), redirect_stderr(err), guarded():  # as main() runs either
            code = entry(list(args), environ=environ, clock=ticking_clock())
    finally:
        os.environ.clear()
        os.environ.update(old)
    return code, out.getvalue(), err.getvalue()


def _both(tmp_path: Path, *args: str, profile: bool = True) -> tuple[tuple, tuple]:  # type: ignore[type-arg]
    """The same arguments through the fast path and through the Typer command, each into a
    workspace of its own (with Ada's profile)."""
    from ladder.__main__ import main
    from ladder.cli.app import run

    got = []
    for name, entry in (("fast", fast), ("typer", run)):
        home = tmp_path / f"home-{name}"
        if profile:
            code, _, err = _invoke(
                main, home, "init", "--name", "Ada Lovelace", "--email", "ada@example.com"
            )
            assert code == 0, err
        got.append(_invoke(entry, home, *args))
    return got[0], got[1]


@pytest.mark.parametrize(
    "extra",
    [
        (),
        ("--json",),
        ("--since", "2026-11-03"),
        ("--since=2026-11-01", "--until", "2026-11-02", "-j", "1"),
    ],
)
def test_harvest_cli_fast_path_prints_what_the_typer_command_prints(
    tmp_path: Path, repo: Path, extra: tuple[str, ...]
) -> None:
    fast_run, typer_run = _both(tmp_path, "harvest", "git", str(repo), *extra)
    assert fast_run[0] == 0, fast_run[2]
    assert fast_run == typer_run
    assert "\x1b" not in fast_run[1]


@pytest.mark.parametrize(
    ("args", "profile"),
    [
        (("harvest", "git", "{tmp}/nope"), True),  # not a repository
        (("harvest", "git", "{repo}"), False),  # no profile
        (("harvest", "git", "{repo}", "--since", "2026-11-03", "--until", "2026-11-01"), True),
        (("harvest", "git", "{repo}", "--since", "the day after never"), True),
    ],
)
def test_harvest_cli_fast_path_errors_read_as_the_typer_commands(
    tmp_path: Path, repo: Path, args: tuple[str, ...], profile: bool
) -> None:
    args = tuple(a.format(tmp=tmp_path, repo=repo) for a in args)
    fast_run, typer_run = _both(tmp_path, *args, profile=profile)
    assert fast_run[0] not in (0, None)
    assert fast_run == typer_run
    assert fast_run[2].startswith("error: ")


@pytest.mark.parametrize(
    "args",
    [
        ("harvest", "git", "--help"),
        ("harvest", "git", "-h"),
        ("harvest", "git", ".", "--jobs", "0"),
        ("harvest", "git", ".", "-j", "two"),
        ("harvest", "git", ".", "-j=2"),
        ("harvest", "git", ".", "--since"),
        ("harvest", "git", ".", "--json", "--json"),
        ("harvest", "git", ".", "--json=yes"),
        ("harvest", "git", ".", "--no-json"),
        ("harvest", "git", ".", "--home", "x"),
        ("harvest", "git", "--", "-odd-name"),
        ("harvest", "github", "."),
        ("harvest", "--help"),
        ("--home", "--json", "harvest", "git"),
        ("--version",),
        ("log", "harvest git"),
    ],
)
def test_harvest_cli_leaves_what_it_does_not_read_as_typer_does_to_typer(
    args: tuple[str, ...],
) -> None:
    assert parse_git(args) is None


def test_harvest_cli_reads_the_options_as_click_does() -> None:
    assert parse_git(
        ["--home=/h", "harvest", "git", "a", "-j4", "b", "--json", "--until=2026-01-02"]
    ) == (
        "/h",
        {"jobs": 4, "as_json": True, "until": "2026-01-02", "paths": ["a", "b"]},
    )
    assert parse_git(["harvest", "git", "--since", "", "--jobs", " 3 "]) == (
        None,
        {"since": "", "jobs": 3, "as_json": False, "paths": ["."]},
    )


@pytest.mark.parametrize(
    "args", [("harvest", "git", "--help"), ("harvest", "git", ".", "--jobs", "0")]
)
def test_harvest_cli_help_and_usage_errors_come_from_the_typer_command(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    from ladder.__main__ import main
    from ladder.cli.app import run

    via_main = _invoke(main, tmp_path / "a", *args)
    via_typer = _invoke(run, tmp_path / "b", *args)
    assert via_main == via_typer
    assert via_main[0] == (0 if "--help" in args else 2)


def test_harvest_cli_fast_path_imports_no_typer_click_rich_or_sqlalchemy(
    tmp_path: Path, repo: Path
) -> None:
    env = {"LADDER_HOME": str(tmp_path / "home")}
    assert (
        run_ladder(
            "init", "--name", "Ada Lovelace", "--email", "ada@example.com", env=env
        ).returncode
        == 0
    )
    code = (
        "import json, sys\n"
        "from ladder.__main__ import main\n"
        "code = main(['harvest', 'git', sys.argv[1], '--json'])\n"
        "print(json.dumps([code, sorted(m for m in ('typer', 'click', 'rich', 'sqlalchemy', 'alembic') if m in sys.modules)]))\n"
    )
    full_env = {**{k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}, **env}
    done = subprocess.run(
        [sys.executable, "-c", code, str(repo)],
        capture_output=True,
        text=True,
        env=full_env,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [0, []]
