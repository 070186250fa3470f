"""Where a git harvest's time goes: CPU of each part, measured part by part.

Runs, one after the other, in this process (so no start-up of the ``ladder`` command):

* ``git``: ``git log --all --author=EMAIL --numstat`` (the comparison the benchmark uses);
* ``source``: the git source alone (its three ``git log`` and the parsing and rolling up);
* ``core``: the source and the harvest core writing to a fresh SQLite workspace;
* ``full``: ``Workspace.harvest`` (all of that and the grading and mapping of every item).

Then ``walks``: every git command the source started, run again alone, one after the other,
with its CPU (the person walk, the merge-lines walk, the graph and merges walks, the root
commit, and the small questions before them).

Each line gives the wall time, this process's CPU and its children's (git's). The differences
between lines are the parts; ``core`` and ``full`` also give the CPU the writer's thread spent
writing batches and grading and mapping them (the source's thread parses beside it). Run it
with ``PYTHONPATH=OTHER/src`` to measure another version of the code. The figures in docs/benchmarks.md came from it.

Usage::

    .venv/bin/python bench/harvest_phases.py REPO EMAIL NAME
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def main(repo: str, email: str, name: str) -> None:
    from ladder import harvest as core
    from ladder.clock import SYSTEM
    from ladder.person import ProfileInput
    from ladder.source import HarvestContext, Identity
    from ladder.sources.git.run import harvest
    from ladder.workspace import Workspace

    work = Path(tempfile.mkdtemp(prefix="phases-"))

    def fresh(tag: str) -> Path:
        home = work / tag
        with Workspace.open(home, env={}) as ws:
            ws.init_profile(ProfileInput(name, emails=[email]))
        return home

    def git() -> None:
        subprocess.run(
            ["git", "-C", repo, "log", "--all", f"--author={email}", "--numstat"],
            stdout=subprocess.DEVNULL,
            check=True,
        )

    def source() -> None:
        ctx = HarvestContext(
            identity=Identity(name=name, emails=[email], handles=[]),
            since=None, until=None, env={}, cursor={}, progress=lambda *a: None,
            home=str(work), clock=SYSTEM,
        )  # fmt: skip
        for _ in harvest(ctx, [repo]):
            pass

    homes = {mapping: fresh(f"ws-{mapping}") for mapping in (False, True)}  # not timed

    def with_store(mapping: bool) -> None:
        with Workspace.open(homes[mapping], env={}) as ws:
            if mapping:
                ws.harvest("git", paths=[repo])
                return
            me = ws.profile()
            assert me is not None
            core.run(
                ws.store, core.source_named("git"), person_id=me.id,
                identity=Identity(name=me.name, emails=me.emails, handles=me.handles),
                since=None, until=None, env=ws.env, home=str(ws.home), now=ws.clock.now_iso,
                paths=[repo],
            )  # fmt: skip

    # the writer's own CPU (its thread) in writing batches and in grading and mapping them
    spent = {"write": 0.0, "map": 0.0}

    def timed(key: str, fn: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[key] += time.thread_time() - start

        return run

    from ladder import mapping

    core.write_batch = timed("write", core.write_batch)  # type: ignore[assignment]
    mapping.map_items = timed("map", mapping.map_items)  # type: ignore[assignment]

    parts = {
        "git": git,
        "source": source,
        "core": lambda: with_store(False),
        "full": lambda: with_store(True),
    }
    # every git command the source starts: (argv, stdin), to be run again alone afterwards
    from ladder.sources.git import log as git_log
    from ladder.sources.git import repo as git_repo

    started: list[tuple[str, list[str], str | None]] = []
    log_init, repo_git = git_log.Log.__init__, git_repo.git

    def log_spy(self: Any, path: Any, args: Any, revs: Any, **kw: Any) -> None:
        revs = list(revs)
        started.append(("log", ["-C", str(path), *git_log.LOG_CONFIG, "log", "--no-color",
                        "--ignore-missing", "--stdin", *args], "\n".join(revs) + "\n"))  # fmt: skip
        log_init(self, path, args, revs, **kw)

    def git_spy(cwd: Any, *args: str, input: str | None = None) -> str:
        started.append((args[0], ["-C", str(cwd), *args], input))
        return repo_git(cwd, *args, input=input)

    names = {
        git_log.COMMIT_FORMAT: "the person walk",
        git_log.GRAPH_FORMAT: "the graph walk",
        git_log.MERGES_FORMAT: "the merges walk",
        # not in versions before it (PYTHONPATH=OTHER/src)
        getattr(git_log, "MERGE_LINES_FORMAT", None): "the merge-lines walk",
    }

    def walks() -> None:
        for name, argv, stdin in started:
            c0 = _cpu()[1]
            subprocess.run(["git", *argv], input=stdin, text=True, capture_output=True,
                           env=git_repo.git_env(), check=False)  # fmt: skip
            fmt = next((a for a in argv if a.startswith("--format=")), "")
            what = names.get(fmt.removeprefix("--format="), " ".join(argv[2:4]))
            print(f"        {_cpu()[1] - c0:5.2f} s   git {name}: {what}")

    try:
        started.clear()
        git_log.Log.__init__ = log_spy  # type: ignore[method-assign]
        git_repo.git = git_spy
        try:
            source()  # once more, only to see which commands it starts (not timed)
        finally:
            git_log.Log.__init__ = log_init  # type: ignore[method-assign]
            git_repo.git = repo_git
        for label, run in parts.items():
            spent.update(write=0.0, map=0.0)
            start, (own0, kids0) = time.perf_counter(), _cpu()
            run()
            own1, kids1 = _cpu()
            print(
                f"{label:>6}: wall {time.perf_counter() - start:6.2f} s   python CPU "
                f"{own1 - own0:5.2f} s   git CPU {kids1 - kids0:5.2f} s"
                + (
                    f"   (writer: writing {spent['write']:.2f} s, grading and mapping "
                    f"{spent['map']:.2f} s)"
                    if spent["write"]
                    else ""
                )
            )
        print(" walks: each git command of the source, alone (CPU):")
        walks()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
