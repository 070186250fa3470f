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
