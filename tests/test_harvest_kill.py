"""A harvest killed mid-way, for real: ``ladder harvest git`` in a subprocess gets SIGTERM or
SIGINT while git is still walking a real repository. The git processes it started must end
with it, and the next run must leave the store as one uninterrupted run would.

The repository is made slow to walk the honest way: each of Ada's commits rewrites a
30,000-line file in a new order, so ``git log --numstat`` spends tens of milliseconds diffing
every commit (about 3 s in all on a shared 2-core machine). Batches of one item make the killed
run write some items before the signal comes.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from helpers import CLOCK
from ladder.evidence import Filter
from ladder.person import ProfileInput
from ladder.workspace import Workspace

COMMITS = 60
LINES = 30_000
GONE_WITHIN = 1.0  # seconds after the signal by which every git it started must have ended


def _slow_repository(path: Path) -> None:
    """Ada's commits on consecutive days, each rewriting one big file in a new order."""
    rng = random.Random(13)
    base = [f"line {i}\n" for i in range(LINES)]
    stream = bytearray()
    for n in range(COMMITS):
        rng.shuffle(base)
        data = "".join(base).encode()
        when = 1_760_000_000 + n * 86_400
        message = f"Rework the table, part {n}".encode()
        stream += b"commit refs/heads/main\n"
        stream += f"author Ada Lovelace <ada@example.com> {when} +0000\n".encode()
        stream += f"committer Ada Lovelace <ada@example.com> {when} +0000\n".encode()
        stream += b"data %d\n%s\n" % (len(message), message)
        stream += b"M 644 inline part%d/table.txt\ndata %d\n%s\n" % (n % 3, len(data), data)
    path.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=path, check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=bytes(stream), check=True)


@pytest.fixture(scope="module")
def slow_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "tables"
    _slow_repository(path)
    return path


def _new_home(home: Path) -> None:
    with Workspace.open(home, env={}, clock=CLOCK) as ws:
        ws.init_profile(
            ProfileInput(
                "Ada Lovelace", emails=["ada@example.com"], level="mid", target_level="senior"
            )
        )


def _harvest(home: Path, repo: Path) -> None:
    with Workspace.open(home, env={}, clock=CLOCK) as ws:
        ws.harvest("git", paths=[str(repo)])


def _state(home: Path) -> dict[str, Any]:
    """What a harvest leaves: the items with their grade and areas, the raw records."""
    with Workspace.open(home, env={}, clock=CLOCK) as ws:
        entries = ws.entries(Filter(source="git", limit=None))[0]
        refs = sorted(
            r["source_ref"]
            for r in ws.store.query("SELECT source_ref FROM activity WHERE source = 'git'")
        )
        return {
            "items": sorted(
                (
                    e.source_ref,
                    e.text,
                    e.occurred_on,
                    e.substance,
                    tuple(sorted((a.area, a.expectation or "") for a in e.areas)),
                )
                for e in entries
            ),
            "records": refs,
            "cursors": sorted(k for k in ws.harvest_state("git") if k.startswith("repo:")),
        }


@pytest.fixture(scope="module")
def uninterrupted(slow_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("whole") / "home"
    _new_home(home)
    _harvest(home, slow_repo)
    return _state(home)


def _children(pid: int) -> set[int]:
    """The processes ``pid`` started (every thread's children), from /proc."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    """A process that still runs (a zombie waiting for its parent has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _is_git(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].endswith(b"git")
    except OSError:
        return False


def _items_written(home: Path) -> int:
    db = home / "ladder.db"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as conn:
            return int(
                conn.execute("SELECT count(*) FROM evidence WHERE source = 'git'").fetchone()[0]
            )
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_killed_harvest_takes_its_git_with_it_and_the_rerun_finishes(
    sig: signal.Signals, slow_repo: Path, uninterrupted: dict[str, Any], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    _new_home(home)
    program = (
        f"import signal, sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        # Ctrl-C as in a terminal, even when this test runs with SIGINT ignored (a background job)
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from helpers import CLOCK\n"
        "from ladder.sources.git import run\n"
        "run.BATCH_ITEMS = 1  # every item is written as soon as the walk has left it\n"
        "from ladder.__main__ import main\n"
        "sys.exit(main(sys.argv[1:], clock=CLOCK))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}
    proc = subprocess.Popen(
        [sys.executable, "-c", program, "--home", str(home), "harvest", "git", str(slow_repo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while _items_written(home) < 1:  # mid-way: some items written, git still walking
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the harvest wrote nothing in 60 s"
            time.sleep(0.02)
        gits = {pid for pid in _children(proc.pid) if _is_git(pid) and _alive(pid)}
        assert gits, "git had already finished: the repository walks too fast for this test"
        proc.send_signal(sig)
        killed = time.monotonic()
        _, err = proc.communicate(timeout=30)
        while any(_alive(pid) for pid in gits) and time.monotonic() - killed < 10:
            time.sleep(0.01)
        lingered = time.monotonic() - killed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not any(_alive(pid) for pid in gits), "git still runs 10 s after the harvest ended"
    assert lingered < GONE_WITHIN, f"git outlived the harvest by {lingered:.2f} s"
    assert proc.returncode == 128 + sig, err
    assert b"interrupted: what was harvested so far is kept" in err
    assert b"Traceback" not in err
    partial = _state(home)
    assert 1 <= len(partial["items"]) < len(uninterrupted["items"])
    assert not partial["cursors"]  # not marked harvested: the rerun walks it again

    _harvest(home, slow_repo)
    assert _state(home) == uninterrupted
    assert all(item[3] is not None for item in uninterrupted["items"])  # every item graded
