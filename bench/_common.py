"""Shared helpers for the benchmarks in ``bench/``: timing subprocesses, statistics, tables.

The machines these run on are noisy, so every figure that matters is a ratio of medians
measured in the same run, with the commands interleaved round by round (never one block
of runs after another), and every command runs as a subprocess, as a person would run it.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's bin/: ladder, jrnl
WORK = REPO / "bench" / ".work"  # gitignored cache


#: The profile every benchmark workspace starts with.
INIT_ARGS = [
    "init",
    "--name",
    "Bench",
    "--email",
    "b@example.com",
    "--level",
    "mid",
    "--target",
    "senior",
]


def tool(name: str) -> str:
    """The path of a console script installed next to this Python (``ladder``, ``jrnl``)."""
    path = BIN / name
    if not path.exists():
        sys.exit(f"{name} is not installed in {BIN}: install the project with its test extra")
    return str(path)


def clean_env(**extra: str) -> dict[str, str]:
    """The current environment without ladder's and jrnl's own settings, plus ``extra``.

    ``PYTHONDONTWRITEBYTECODE`` is dropped (a shell that sets it would make every run compile
    ladder's modules from source, which no installed copy does) and ``PYTHONPYCACHEPREFIX``
    points into ``bench/.work/``; the warm-up runs fill that cache.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LADDER_", "JRNL_", "XDG_"))
        and k
        not in (
            "VISUAL",
            "EDITOR",
            "PYTHONDONTWRITEBYTECODE",
            "PYTHONPROFILEIMPORTTIME",
            "PYTHONPYCACHEPREFIX",
        )
    }
    # Byte-code is cached, as in any real installation, but outside the source tree: the
    # editable install's src/ gets no __pycache__, and every tool is treated alike.
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    env.update(extra)
    return env


def run_once(
    argv: Sequence[str], env: Mapping[str, str], cwd: str | os.PathLike[str] | None = None
) -> float:
    """Run ``argv`` to completion and return its wall time in seconds.

    Output is captured (as when piped); a non-zero exit status stops the benchmark.
    """
    start = time.perf_counter()
    done = subprocess.run(argv, env=dict(env), cwd=cwd, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(
            f"benchmark aborted: {' '.join(argv)!r} exited with {done.returncode}\n"
            f"stdout: {done.stdout.decode(errors='replace')[-2000:]}\n"
            f"stderr: {done.stderr.decode(errors='replace')[-2000:]}"
        )
    return elapsed


@dataclass
class Timed:
    """A named command and the wall times of its runs."""

    name: str
    argv: Callable[[int], Sequence[str]]  # run number -> argv (so each run can log new text)
    env: Mapping[str, str]
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p90(self) -> float:
        if len(self.times) < 2:
            return self.times[0]
        return statistics.quantiles(self.times, n=10, method="inclusive")[8]

    @property
    def best(self) -> float:
        return min(self.times)


def interleaved(commands: Sequence[Timed], runs: int, warmup: int = 1) -> None:
    """Run every command ``warmup`` times (untimed), then ``runs`` timed rounds.

    In each round every command runs once; the order rotates from round to round so that no
    command always runs first (or right after a given other one).
    """
    n = len(commands)
    for w in range(warmup):
        for c in commands:
            run_once(c.argv(-1 - w), c.env)
    for r in range(runs):
        shift = r % n
        order = list(commands[shift:]) + list(commands[:shift])
        if (r // n) % 2:
            order.reverse()
        for c in order:
            c.times.append(run_once(c.argv(r), c.env))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text (and Markdown-compatible) table."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine(*packages: str) -> str:
    """One line about where and when the figures were taken, with the versions of ``packages``."""
    from importlib import metadata

    from ladder import __version__

    versions = "".join(f" · {p} {metadata.version(p)}" for p in packages)
    return (
        f"{dt.date.today().isoformat()} · {platform.system()} {platform.machine()} · "
        f"nproc={nproc()} · Python {platform.python_version()} · ladder {__version__}{versions}"
    )


def nproc() -> int:
    """The CPUs this process may use (what ``nproc`` prints)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def verdict(ratio: float, limit: float) -> str:
    return "PASS" if ratio <= limit else "FAIL"
