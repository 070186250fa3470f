"""Progress bars: drawn on a terminal, and nothing of them in a pipe.

The long commands (``harvest``, ``import``, ``map --all``, ``packet`` as PDF) run in a real
subprocess twice: once on a pseudo-terminal, where the bar must appear (and be erased), once
with its output piped, where no trace of it may appear (no escape sequence, no carriage return,
no bar). The helper itself is tested through an injected Rich console."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from helpers import CLOCK, git
from ladder.person import ProfileInput
from ladder.progress import bar, step
from ladder.workspace import Workspace

BAR = "━"  # what Rich draws a bar with


def _console(*, terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=terminal, force_interactive=terminal, width=80), out


def test_the_bar_draws_on_an_interactive_console_and_is_erased() -> None:
    console, out = _console(terminal=True)
    with bar(console=console) as report:
        report("Mapping every entry", 3, 10)
        with step(report, "Writing it as PDF"):
            pass
    drawn = out.getvalue()
    assert "Mapping every entry" in drawn and "3/10" in drawn and BAR in drawn
    assert "Writing it as PDF" in drawn
    assert "\x1b[2K" in drawn  # transient: the lines are cleared when the work is done


@pytest.mark.parametrize(("terminal", "quiet"), [(False, False), (True, True)])
def test_nothing_is_drawn_off_a_terminal_or_when_quiet(terminal: bool, quiet: bool) -> None:
    console, out = _console(terminal=terminal)
    with bar(console=console, quiet=quiet) as report:
        report("Mapping every entry", 3, 10)
    assert out.getvalue() == ""


def test_descriptions_cannot_carry_terminal_controls() -> None:
    console, out = _console(terminal=True)
    with bar(console=console) as report:
        report("calendar: \x1b]0;owned\x07\x1b[2Jx.ics", 1, 2)
    drawn = out.getvalue()
    assert "owned" in drawn and "\x1b]0;" not in drawn and "\x07" not in drawn


# -- the commands, for real ----------------------------------------------------------------------
@pytest.fixture
def setup(tmp_path: Path) -> tuple[dict[str, str], Path, Path]:
    """A workspace with a profile and a few entries, a git repository of Ada's, an export."""
    home = tmp_path / "home"
    with Workspace.open(home, env={}, clock=CLOCK) as ws:
        ws.init_profile(
            ProfileInput(
                "Ada Lovelace", emails=["ada@example.com"], level="mid", target_level="senior"
            )
        )
        for n in range(5):
            ws.log(f"Reviewed pull request {n} of the billing service @review")
        export = tmp_path / "export.json"
        export.write_text(json.dumps(ws.export()), encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for n in range(3):
        (repo / f"f{n}.py").write_text(f"x = {n}\n", encoding="utf-8")
        git(repo, "add", ".")
        git(repo, "commit", "-q", "-m", f"Add module {n}")
    adr = repo / "docs" / "adr"
    adr.mkdir(parents=True)
    for n, title in enumerate(("Keep the outbox in PostgreSQL", "Retry payments with a budget")):
        (adr / f"000{n + 1}.md").write_text(
            f"# ADR {n + 1}: {title}\n\n## Context\n\nWhy it came up.\n\n## Decision\n\n"
            "What we chose.\n\n## Consequences\n\nWhat it costs.\n",
            encoding="utf-8",
        )
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Write the first two decision records")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LADDER_")},
        "LADDER_HOME": str(home),
        "TERM": "xterm-256color",
        "COLUMNS": "100",
    }
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR"):
        env.pop(name, None)
    return env, repo, export


def _on_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run ``ladder ARGS`` with stdin, stdout and stderr on a pseudo-terminal."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ladder", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        cwd=cwd,
        close_fds=True,
    )
    os.close(follower)
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 60)
            if not ready:
                proc.kill()
                raise AssertionError(f"ladder {' '.join(args)} did not finish")
            try:
                data = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command is done
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(leader)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


#: command → (arguments, the bar's label, its count on a terminal, what the summary says)
COMMANDS = {
    "harvest": (["harvest", "git", "{repo}"], "git repo", "4/4", "git: "),
    "harvest docs": (["harvest", "docs", "{repo}"], "docs: repo", "2/2", "docs: "),
    "import": (["import", "{export}"], "Importing the entries", "5/5", "evidence: "),
    "map --all": (["map", "--all"], "Mapping every entry", "5/5", "Looked at "),
    "packet pdf": (
        ["packet", "--format", "pdf", "-o", "{out}"],
        "Writing it as PDF",
        None,
        "Wrote the packet",
    ),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_long_commands_show_a_bar_on_a_terminal_and_none_in_a_pipe(
    name: str, setup: tuple[dict[str, str], Path, Path], tmp_path: Path
) -> None:
    env, repo, export = setup
    template, label, count, summary = COMMANDS[name]
    args = [a.format(repo=repo, export=export, out=tmp_path / "packet.pdf") for a in template]

    code, seen = _on_a_terminal(args, env, tmp_path)
    assert code == 0, seen
    assert label in seen and BAR in seen, seen  # the bar was drawn …
    if count is not None:
        assert count in seen, seen  # … with how far it is
    assert "\x1b[2K" in seen  # … and erased
    assert summary in seen.rsplit("\x1b[2K", 1)[-1]  # the summary comes after it, on its own

    piped = subprocess.run(
        [sys.executable, "-m", "ladder", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert piped.returncode == 0, piped.stderr
    both = piped.stdout + piped.stderr
    assert summary in both
    assert label not in both and BAR not in both
    assert "\x1b" not in both and "\r" not in both
    if count is not None:
        assert count not in both
