"""Helpers that test modules import: ``from helpers import git, run_ladder``."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from ladder.clock import FixedClock

#: The instant every test starts at, whatever the wall clock says; its clock moves 1 ms a
#: reading so that what is stamped later still sorts later.
NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def ticking_clock(at: dt.datetime = NOW) -> FixedClock:
    """A clock at ``at`` that moves 1 ms per reading and never leaves ``at``'s day."""
    return FixedClock(at, tick=dt.timedelta(milliseconds=1))


CLOCK = ticking_clock()


def run_ladder(
    *args: str, env: dict[str, str], cwd: Path | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``ladder`` in a subprocess (for end-to-end behaviour)."""
    full_env = {**{k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}, **env}
    return subprocess.run(
        [sys.executable, "-m", "ladder", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        input=input,
        timeout=60,
    )


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada Lovelace",
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Ada Lovelace",
        "GIT_COMMITTER_EMAIL": "ada@example.com",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout


def run_in_terminal(
    *args: str,
    env: dict[str, str],
    answers: dict[str, str] | None = None,
    timeout: float = 60,
) -> tuple[int, str]:
    """Run ``ladder ARGS`` on :data:`CLOCK` with a real terminal (a pty) as stdin and stdout.

    Args:
        args: The arguments after ``ladder``.
        env: Variables added to the environment (``LADDER_HOME``, ``EDITOR``…).
        answers: What to type once the screen shows a text: ``{"[y/n]": "y"}``.
        timeout: Seconds before the run is killed and the test fails.

    Returns:
        The exit status and everything the terminal showed.
    """
    import pty
    import select
    import time

    main, side = pty.openpty()
    program = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from helpers import CLOCK\nfrom ladder.__main__ import main\n"
        "sys.exit(main(sys.argv[1:], clock=CLOCK))\n"
    )
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}
    proc = subprocess.Popen(
        [sys.executable, "-c", program, *args],
        stdin=side,
        stdout=side,
        stderr=side,
        env={**full_env, "COLUMNS": "200", **env},
    )
    os.close(side)
    pending = dict(answers or {})
    screen = b""
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"ladder {' '.join(args)} did not end: {screen!r}")
            ready, _, _ = select.select([main], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the other side closed: the command ended
                break
            if not chunk:
                break
            screen += chunk
            for shown, typed in list(pending.items()):
                if shown.encode() in screen:
                    os.write(main, typed.encode() + b"\n")
                    del pending[shown]
    finally:
        os.close(main)
        if proc.poll() is None:
            proc.kill()
    return proc.wait(timeout=10), screen.decode(errors="replace")
