"""Two versions of ladder's code against each other, interleaved in the same run.

On a shared machine one absolute time says little; two versions measured turn about, round by
round, say how much one is faster. Point ``--before`` at another copy of the ``src`` folder
(``git archive <commit> src | tar -x -C /tmp/before``); ``--after`` defaults to this checkout's.

* ``judge``: role, grade and mapping of the development projects' commits of
  ``data/evidence-eval`` (each once, then x20 timed, as ``eval_judgement.py`` times them), in
  a fresh process per round; items per CPU second and per second.
* ``items HOME``: grade and map every item of a workspace (say, one a harvest filled), as a
  harvest does; the workspace is only read.
* ``harvest REPO EMAIL NAME``: ``python -m ladder harvest git REPO`` into a fresh workspace,
  and ``git log --all --author=EMAIL --author=NAME --numstat`` read through a pipe; wall and
  CPU time (git's processes included), medians.

Usage::

    git archive 286cff2 src | tar -x -C /tmp/before
    .venv/bin/python bench/speed_ab.py --before /tmp/before/src judge --rounds 9
    .venv/bin/python bench/speed_ab.py --before /tmp/before/src items ~/.ladder --rounds 5
    .venv/bin/python bench/speed_ab.py --before /tmp/before/src harvest REPO EMAIL NAME --rounds 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The judge and the development projects' items, in a fresh interpreter with the version's
#: ``src`` first on the path (the benchmark's own helpers come from this checkout): every item
#: judged once, as ``eval_judgement.py`` does before its timed loop. ``judge_instructions.py``
#: counts the same work.
JUDGE_SETUP = """
import sys, time
sys.path.insert(0, sys.argv[1])
import ladder.mapping.judge
assert ladder.mapping.judge.__file__.startswith(sys.argv[1]), ladder.mapping.judge.__file__
sys.path.insert(1, sys.argv[2])
from eval_judgement import DEV, item_of, load
from ladder import framework
from ladder.mapping.judge import assess
from ladder.mapping.mapper import Mapper
mapper = Mapper(framework.parse(framework.default_source()[1]))
items = [item_of(r) for s in DEV for r in load(s)]
for it in items:
    assess(mapper, it)
"""
#: One round of the judge: the items x20, timed.
JUDGE = JUDGE_SETUP + """
items = items * 20
t0, c0 = time.perf_counter(), time.process_time()
for it in items:
    assess(mapper, it)
print(len(items) / (time.process_time() - c0), len(items) / (time.perf_counter() - t0))
"""


#: One round over a workspace's items (read only): grade and map each, as a harvest does.
ITEMS = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import ladder
assert ladder.__file__.startswith(sys.argv[1]), ladder.__file__
from ladder.mapping import service
from ladder.mapping.mapper import Mapper
from ladder.workspace import Workspace
with Workspace.open(Path(sys.argv[2]), env={}) as ws:
    me = ws.profile()
    mapper = Mapper(ws.ladder())
    learned = service.learned_for(ws.store, me.id)
    items = service.load(ws.store, "e.person_id = :p", {"p": me.id})
for x in items:
    service.plan_graded(mapper, x, learned)
t0, c0 = time.perf_counter(), time.process_time()
for x in items * 3:
    service.plan_graded(mapper, x, learned)
print(len(items) * 3 / (time.process_time() - c0), len(items) * 3 / (time.perf_counter() - t0))
"""


def judge(versions: dict[str, str], rounds: int, home: str | None = None) -> None:
    rates: dict[str, list[tuple[float, float]]] = {k: [] for k in versions}
    code, arg = (JUDGE, str(ROOT / "bench")) if home is None else (ITEMS, home)
    for r in range(rounds):
        order = list(versions) if r % 2 == 0 else list(reversed(versions))
        for name in order:
            out = subprocess.run(
                [sys.executable, "-c", code, versions[name], arg],
                capture_output=True, text=True, check=True,
            ).stdout.split()  # fmt: skip
            rates[name].append((float(out[0]), float(out[1])))
    what = "judge" if home is None else f"the items of the workspace {home}"
    print(f"{what}: {rounds} rounds, each in a fresh process, medians")
    base = _medians(rates["before"])[0]
    for name, got in rates.items():
        cpu, wall = _medians(got)
        print(
            f"  {name:>6}: {cpu:9,.0f} items per CPU second ({cpu / base:.2f}x), "
            f"{wall:9,.0f} items/s   (rounds, CPU: {', '.join(f'{c:,.0f}' for c, _ in got)})"
        )


def _medians(got: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(a for a, _ in got), statistics.median(b for _, b in got)


def _env(src: str | None, home: Path | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LADDER_", "PYTHONDONTWRITEBYTECODE"))
    }
    env["PYTHONPYCACHEPREFIX"] = str(ROOT / "bench" / ".work" / "pycache")
    if src is not None:
        env["PYTHONPATH"] = src
    if home is not None:
        env["LADDER_HOME"] = str(home)
    return env


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, bytes]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(argv, env=env, capture_output=True, check=True).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, out


def harvest(
    versions: dict[str, str], repo: str, email: str, name: str, rounds: int, work: Path
) -> None:
    git = ["git", "-C", repo, "log", "--all", f"--author={email}", f"--author={name}", "--numstat"]

    def workspace(src: str, tag: str) -> dict[str, str]:
        home = work / tag
        shutil.rmtree(home, ignore_errors=True)
        env = _env(src, home)
        init = [sys.executable, "-m", "ladder", "init", "--name", name, "--email", email]
        subprocess.run(init, env=env, capture_output=True, check=True)
        return env

    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in (*versions, "git")}
    for src in versions.values():  # warm-up: the page cache, the byte-code cache
        _timed([sys.executable, "-m", "ladder", "harvest", "git", repo], workspace(src, "warm"))
    _timed(git, _env(None, None))
    items = 0
    for r in range(rounds):
        order = [*versions, "git"]
        order = order[r % len(order) :] + order[: r % len(order)]
        for key in order:
            if key == "git":
                wall, cpu, _ = _timed(git, _env(None, None))
            else:
                argv = [sys.executable, "-m", "ladder", "harvest", "git", repo, "--json"]
                wall, cpu, out = _timed(argv, workspace(versions[key], f"ws-{key}"))
                items = json.loads(out)["added"]
            runs[key].append((wall, cpu))
    gw, gc = _medians(runs["git"])
    print(f"harvest {repo} for {name} <{email}>: {items:,} items; {rounds} rounds, medians")
    for key, got in runs.items():
        wall, cpu = _medians(got)
        print(
            f"  {key:>6}: wall {wall:6.2f} s ({wall / gw:.2f}x git log), "
            f"CPU {cpu:6.2f} s ({cpu / gc:.2f}x)   (walls: {', '.join(f'{w:.2f}' for w, _ in got)})"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--before", required=True, help="the other version's src folder")
    ap.add_argument("--after", default=str(ROOT / "src"), help="default: this checkout's src")
    sub = ap.add_subparsers(dest="what", required=True)
    j = sub.add_parser("judge", help="role, grade and mapping of the dev projects' commits")
    j.add_argument("--rounds", type=int, default=9)
    w = sub.add_parser("items", help="grade and map every item of a (harvested) workspace")
    w.add_argument("home", help="the workspace's folder (LADDER_HOME); it is only read")
    w.add_argument("--rounds", type=int, default=5)
    h = sub.add_parser("harvest", help="ladder harvest git against git log")
    h.add_argument("repo")
    h.add_argument("email")
    h.add_argument("name")
    h.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    versions = {
        "before": str(Path(args.before).resolve()),
        "after": str(Path(args.after).resolve()),
    }
    print(f"load average {os.getloadavg()[0]:.1f} at the start; nproc={os.cpu_count()}")
    if args.what in ("judge", "items"):
        judge(versions, args.rounds, args.home if args.what == "items" else None)
    else:
        (ROOT / "bench" / ".work").mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="speed-ab-", dir=ROOT / "bench" / ".work") as tmp:
            harvest(versions, args.repo, args.email, args.name, args.rounds, Path(tmp))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
