"""Benchmark: ``ladder harvest git`` over a large repository, against ``git log`` itself.

Targets (from the issue):

* the median wall time of ``ladder harvest git REPO`` (one author's whole history, into a
  fresh workspace each run) is at most 1.2 times that of ``git log --all --author=…
  --numstat`` over the same history, its output read fully through a pipe, measured in the
  same run, interleaved;
* peak memory (RSS) of the harvest is flat in the size of the repository (10k vs 100k
  commits);
* a re-harvest with nothing new takes at most 0.3 s plus the cost of one ``git rev-parse``.

Three commands run interleaved, round by round, the order rotating: ``ladder harvest git``
(the whole command: the git source, the harvest core, then the mapping of what was added,
which ``Workspace.harvest`` runs afterwards), the same harvest *without* that mapping step
(ladder's own API, ``ladder.harvest.run``, in a fresh ``python -c``), and ``git log``.
PyDriller (``Repository(path, only_authors=[name])``, touching each commit's line counts)
runs over the same history once, for scale.

The repositories are synthetic, made with ``git fast-import`` from a seeded generator: ~300
files in a directory tree, five authors (the harvested one writes ~25% of the commits), pull
requests merged with GitHub-style merge commits, squash merges with ``(#N)`` subjects, direct
pushes, and a few unmerged branches. They are cached in ``bench/.work/`` (gitignored). The
script always exits 0: it reports PASS or FAIL, it does not gate.

Usage (from the repository root; ~3 minutes on 2 cores, ~1 more to build the repositories
the first time)::

    .venv/bin/python bench/bench_harvest_git.py [--runs N] [--commits N ...] [--no-pydriller]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import WORK, clean_env, machine, ms, table, tool, verdict

GENERATOR = 1  # bump when the generated history changes
SEED = 20261124
TARGET = 1.2
NOOP_BUDGET = 0.3  # seconds, on top of one `git rev-parse`

AUTHORS = [
    ("Grace Hopper", "grace@example.com", 25),  # the harvested person
    ("Linus Example", "linus@example.com", 25),
    ("Margaret Hamilton", "margaret@example.com", 20),
    ("Ken Thompson", "ken@example.com", 15),
    ("Barbara Liskov", "barbara@example.com", 15),
]
PERSON = AUTHORS[0]
MAINTAINER = AUTHORS[1]  # clicks "merge" on most pull requests

TOP = ["billing", "api", "web", "infra", "docs", "search", "src", "packages"]
SUB = ["core", "handlers", "models", "util", "jobs", "tests", "client", "config"]
WORDS = [
    "retry",
    "budget",
    "cache",
    "invoice",
    "ledger",
    "queue",
    "worker",
    "schema",
    "index",
    "shard",
    "replica",
    "token",
    "session",
    "request",
    "response",
    "timeout",
    "backoff",
    "metric",
    "alert",
    "span",
    "trace",
    "rollout",
    "flag",
    "tenant",
    "quota",
    "page",
    "cursor",
    "batch",
    "stream",
    "buffer",
    "codec",
    "parser",
    "router",
    "handler",
    "client",
    "server",
    "config",
    "secret",
]
VERBS = [
    "Add",
    "Fix",
    "Refactor",
    "Remove",
    "Rename",
    "Speed up",
    "Document",
    "Test",
    "Harden",
    "Simplify",
]


def file_tree(rng: random.Random) -> list[str]:
    """About 300 file paths, two or three levels deep."""
    paths = []
    for top in TOP:
        for sub in rng.sample(SUB, 5):
            for i in range(rng.randrange(5, 10)):
                ext = rng.choice([".py", ".py", ".go", ".ts", ".md", ".sql"])
                paths.append(f"{top}/{sub}/{rng.choice(WORDS)}_{i}{ext}")
    return sorted(set(paths))


class History:
    """A seeded fast-import stream: mainline, pull requests, squashes, unmerged branches."""

    def __init__(self, commits: int) -> None:
        self.rng = random.Random(SEED)
        self.total = commits
        self.paths = file_tree(self.rng)
        self.main: dict[str, list[str]] = {}  # the mainline's files
        self.mark = 0
        self.made = 0
        self.when = 1_640_995_200  # 2022-01-01
        self.step = max(60, (3 * 365 * 86400) // commits)  # ~3 years of history
        self.pr = 0
        self.weights = [a[2] for a in AUTHORS]

    def author(self) -> tuple[str, str, int]:
        return self.rng.choices(AUTHORS, self.weights)[0]

    def tick(self) -> int:
        self.when += self.rng.randrange(self.step // 2, self.step * 3 // 2 + 1)
        return self.when

    def lines(self) -> list[str]:
        return [
            " ".join(self.rng.choices(WORDS, k=self.rng.randrange(3, 10)))
            for _ in range(self.rng.randrange(20, 60))
        ]

    def edit(self, files: dict[str, list[str]], path: str) -> list[str]:
        text = list(files.get(path) or self.lines())
        rng = self.rng
        for _ in range(rng.randrange(1, 4)):
            text[rng.randrange(len(text))] = " ".join(rng.choices(WORDS, k=rng.randrange(3, 10)))
        for _ in range(rng.randrange(0, 4)):
            text.insert(
                rng.randrange(len(text) + 1), " ".join(rng.choices(WORDS, k=rng.randrange(3, 10)))
            )
        for _ in range(rng.randrange(0, 3) if len(text) > 30 else 0):
            del text[rng.randrange(len(text))]
        files[path] = text
        return text

    def subject(self) -> str:
        return f"{self.rng.choice(VERBS)} {self.rng.choice(WORDS)} {self.rng.choice(WORDS)}"

    def commit(
        self,
        ref: str,
        who: tuple[str, str, int],
        message: str,
        changes: dict[str, list[str]],
        *,
        parent: int | None = None,
        merge: int | None = None,
        committer: tuple[str, str, int] | None = None,
    ) -> Iterator[bytes]:
        self.mark += 1
        self.made += 1
        when = self.tick()
        c = committer or who
        msg = message.encode()
        out = [
            f"commit {ref}\nmark :{self.mark}\n".encode(),
            f"author {who[0]} <{who[1]}> {when} +0000\n".encode(),
            f"committer {c[0]} <{c[1]}> {when} +0000\n".encode(),
            b"data %d\n%s\n" % (len(msg), msg),
        ]
        if parent is not None:
            out.append(f"from :{parent}\n".encode())
        if merge is not None:
            out.append(f"merge :{merge}\n".encode())
        for path, text in changes.items():
            blob = ("\n".join(text) + "\n").encode()
            out.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(blob), blob))
        yield b"".join(out)

    def area(self) -> list[str]:
        """A few files of one part of the tree (work tends to cluster)."""
        top = self.rng.choice(TOP)
        pool = [p for p in self.paths if p.startswith(top + "/")]
        return self.rng.sample(pool, self.rng.choice((1, 1, 2, 2, 3)))

    def stream(self) -> Iterator[bytes]:
        rng = self.rng
        main_tip = 0
        while self.made < self.total:
            roll = rng.random()
            if roll < 0.55 or self.made < 10:  # a direct push to main
                who = self.author()
                changes = {p: self.edit(self.main, p) for p in self.area()}
                yield from self.commit(
                    "refs/heads/main", who, self.subject(), changes, parent=main_tip or None
                )
                main_tip = self.mark
            elif roll < 0.75:  # a squash-merged pull request
                self.pr += 1
                who = self.author()
                changes = {p: self.edit(self.main, p) for p in self.area()}
                yield from self.commit(
                    "refs/heads/main",
                    who,
                    f"{self.subject()} (#{self.pr})",
                    changes,
                    parent=main_tip,
                    committer=("GitHub", "noreply@github.com", 0),
                )
                main_tip = self.mark
            else:  # a pull request merged with a merge commit
                self.pr += 1
                who = self.author()
                branch = f"refs/heads/topic/pr-{self.pr}"
                files = self.area()
                overlay: dict[str, list[str]] = {
                    p: list(self.main.get(p) or self.lines()) for p in files
                }
                fork = main_tip
                title = self.subject()
                tip = fork
                for i in range(rng.randrange(1, 6)):
                    changes = {
                        p: self.edit(overlay, p)
                        for p in rng.sample(files, rng.randrange(1, len(files) + 1))
                    }
                    yield from self.commit(
                        branch,
                        who,
                        title if i == 0 else self.subject(),
                        changes,
                        parent=tip if i == 0 else None,
                    )
                    tip = self.mark
                # Work lands on main meanwhile, elsewhere in the tree.
                for _ in range(rng.randrange(0, 3)):
                    others = [p for p in self.area() if p not in overlay]
                    if not others:
                        continue
                    changes = {p: self.edit(self.main, p) for p in others}
                    yield from self.commit(
                        "refs/heads/main", self.author(), self.subject(), changes, parent=main_tip
                    )
                    main_tip = self.mark
                self.main.update(overlay)
                merger = MAINTAINER if rng.random() < 0.8 else who
                message = (
                    f"Merge pull request #{self.pr} from acme/{branch.rsplit('/', 1)[1]}\n\n{title}"
                )
                yield from self.commit(
                    "refs/heads/main", merger, message, dict(overlay), parent=main_tip, merge=tip
                )
                main_tip = self.mark
                if rng.random() < 0.97:  # most merged branches are deleted
                    yield f"reset {branch}\nfrom 0000000000000000000000000000000000000000\n".encode()
        # A few unmerged branches, and a remote-tracking ref for main.
        for name in ("wip/grace-cache", "wip/ken-parser"):
            who = PERSON if "grace" in name else AUTHORS[3]
            overlay: dict[str, list[str]] = {}
            tip = main_tip
            for i in range(3):
                changes = {}
                for p in self.area():
                    overlay.setdefault(p, list(self.main.get(p) or self.lines()))
                    changes[p] = self.edit(overlay, p)
                yield from self.commit(
                    f"refs/heads/{name}",
                    who,
                    self.subject(),
                    changes,
                    parent=tip if i == 0 else None,
                )
                tip = self.mark
        yield f"reset refs/remotes/origin/main\nfrom :{main_tip}\n".encode()
        yield b"done\n"


def build_repo(commits: int) -> Path:
    """The cached synthetic repository with about ``commits`` commits (built on first use)."""
    folder = WORK / f"git-g{GENERATOR}-n{commits}"
    if (folder / "ready").exists():
        return folder / "repo"
    shutil.rmtree(folder, ignore_errors=True)
    repo = folder / "repo"
    repo.mkdir(parents=True)
    env = clean_env()
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=env)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"], cwd=repo, stdin=subprocess.PIPE, env=env
    )
    assert proc.stdin is not None
    for chunk in History(commits).stream():
        proc.stdin.write(chunk)
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "gc", "-q"], cwd=repo, check=True, env=env)
    count = subprocess.run(
        ["git", "rev-list", "--all", "--count"],
        cwd=repo,
        check=True,
        env=env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (folder / "ready").write_text(
        json.dumps({"commits": int(count), "seconds": round(time.perf_counter() - t0, 1)}) + "\n"
    )
    return repo


# -- measuring ------------------------------------------------------------------------------------

#: Runs ``ladder ARGS`` (``-m ARGS``) or a Python snippet (``CODE ARGS``) and writes its own peak
#: RSS and its children's (git's) to $PEAK_FILE, in KiB.
PEAK_RSS = (
    "import os, resource, runpy, sys\n"
    "what, rest = sys.argv[1], sys.argv[2:]\n"
    "try:\n"
    "    if what == '-m':\n"
    "        sys.argv = ['ladder', *rest]\n"
    "        runpy.run_module('ladder', run_name='__main__')\n"
    "    else:\n"
    "        sys.argv = ['-c', *rest]\n"
    "        exec(compile(what, '<bench>', 'exec'), {'__name__': '__main__'})\n"
    "except SystemExit:\n"
    "    pass\n"
    "finally:\n"
    "    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "    open(os.environ['PEAK_FILE'], 'w').write(f'{own} {kids}')\n"
)


#: ``ladder harvest git`` without the mapping step that Workspace.harvest runs afterwards:
#: the git source and the harvest core only (the same calls, through ladder's own API).
HARVEST_ONLY = (
    "import sys\n"
    "from ladder import harvest as core\n"
    "from ladder.source import Identity\n"
    "from ladder.workspace import Workspace, now_iso\n"
    "with Workspace.open(None) as ws:\n"
    "    me = ws.profile()\n"
    "    s = core.run(ws.store, core.source_named('git'), person_id=me.id,\n"
    "                 identity=Identity(name=me.name, emails=me.emails, handles=me.handles),\n"
    "                 since=None, until=None, env=ws.env, home=str(ws.home), now=now_iso,\n"
    "                 paths=sys.argv[1:])\n"
    "print(s.added)\n"
)


def timed(argv: Sequence[str], env: dict[str, str]) -> tuple[float, bytes]:
    """Wall time of ``argv`` with its output read fully through a pipe; stops on failure."""
    start = time.perf_counter()
    done = subprocess.run(list(argv), env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(
            f"benchmark aborted: {' '.join(argv)!r} exited with {done.returncode}\n"
            f"{done.stderr.decode(errors='replace')[-2000:]}"
        )
    return elapsed, done.stdout


def fresh_workspace(ladder: str, folder: Path) -> dict[str, str]:
    """A new workspace whose profile is the harvested author."""
    shutil.rmtree(folder, ignore_errors=True)
    env = clean_env(LADDER_HOME=str(folder), HOME=str(folder.parent))
    timed([ladder, "init", "--name", PERSON[0], "--email", PERSON[1]], env)
    return env


def peak_rss(args: Sequence[str], env: dict[str, str], work: Path) -> tuple[float, float]:
    """(the process's own peak RSS, its largest child's (git's)), in MB, for one run of
    ``-m LADDER-ARGS`` or ``CODE ARGS`` (see :data:`PEAK_RSS`)."""
    peak_file = work / "peak.txt"
    subprocess.run(
        [sys.executable, "-c", PEAK_RSS, *args],
        env={**env, "PEAK_FILE": str(peak_file)},
        check=True,
        capture_output=True,
    )
    own, kids = (int(x) for x in peak_file.read_text().split())
    return own / 1024, kids / 1024


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def bench_size(
    commits: int, runs: int, ladder: str, work: Path, pydriller: bool
) -> dict[str, object]:
    repo = build_repo(commits)
    meta = json.loads((repo.parent / "ready").read_text())
    git_env = clean_env()
    baseline = ["git", "-C", str(repo), "log", "--all", f"--author={PERSON[1]}", "--numstat"]
    times: dict[str, list[float]] = {"ladder": [], "core": [], "git": []}
    only = [sys.executable, "-c", HARVEST_ONLY, str(repo)]
    # Warm-up: the page cache, the byte-code cache.
    env = fresh_workspace(ladder, work / "warm")
    timed([ladder, "harvest", "git", str(repo)], env)
    timed(baseline, git_env)
    for r in range(runs):
        env = fresh_workspace(ladder, work / f"ws-{commits}-{r}")
        env2 = fresh_workspace(ladder, work / f"ws2-{commits}-{r}")
        trio = [
            ("ladder", [ladder, "harvest", "git", str(repo)], env),
            ("core", only, env2),
            ("git", baseline, git_env),
        ]
        trio = trio[r % 3 :] + trio[: r % 3]  # rotate the order round by round
        for name, argv, e in trio:
            times[name].append(timed(argv, e)[0])
        shutil.rmtree(work / f"ws-{commits}-{r}", ignore_errors=True)
        shutil.rmtree(work / f"ws2-{commits}-{r}", ignore_errors=True)
    # How much memory one harvest takes: the whole command, and the source + core alone.
    env = fresh_workspace(ladder, work / f"rss2-{commits}")
    core_mb, _ = peak_rss([HARVEST_ONLY, str(repo)], env, work)
    env = fresh_workspace(ladder, work / f"rss-{commits}")
    own_mb, git_mb = peak_rss(["-m", "harvest", "git", str(repo)], env, work)
    _, out = timed(
        [ladder, "harvest", "git", str(repo), "--json"], env
    )  # nothing new: fills nothing
    # A re-harvest with nothing new, against one `git rev-parse`.
    noop, revparse = [], []
    rp = ["git", "-C", str(repo), "rev-parse", "HEAD"]
    for r in range(max(runs, 5)):
        pair = [("noop", [ladder, "harvest", "git", str(repo)], env), ("rev-parse", rp, git_env)]
        if r % 2:
            pair.reverse()
        for name, argv, e in pair:
            t, _ = timed(argv, e)
            (noop if name == "noop" else revparse).append(t)
    stored = json.loads(
        subprocess.run(
            [ladder, "entries", "--source", "git", "--limit", "0", "--json"],
            env=env,
            capture_output=True,
            check=True,
        ).stdout
        or b"[]"
    )
    count = len(stored) if isinstance(stored, list) else len(stored.get("entries", []))
    result: dict[str, object] = {
        "commits": meta["commits"],
        "ladder": times["ladder"],
        "core": times["core"],
        "git": times["git"],
        "own_mb": own_mb,
        "core_mb": core_mb,
        "git_mb": git_mb,
        "noop": noop,
        "revparse": revparse,
        "items": count,
        "again": json.loads(out),
    }
    if pydriller:
        from pydriller import Repository

        start = time.perf_counter()
        n = 0
        for c in Repository(str(repo), only_authors=[PERSON[0]]).traverse_commits():
            n += 1
            _ = c.insertions + c.deletions
        result["pydriller"] = time.perf_counter() - start
        result["pydriller_commits"] = n
    return result


def bench_real(path: Path, email: str, name: str, runs: int, ladder: str, work: Path) -> None:
    """``ladder harvest git PATH`` for one author against ``git log --all --author=EMAIL
    --author=NAME --numstat`` (the same walk: git ORs the patterns), interleaved, medians."""
    baseline = [
        "git", "-C", str(path), "log", "--all", f"--author={email}", f"--author={name}",
        "--numstat",
    ]  # fmt: skip
    git_env = clean_env()

    def workspace(tag: str) -> dict[str, str]:
        folder = work / f"real-{tag}"
        shutil.rmtree(folder, ignore_errors=True)
        env = clean_env(LADDER_HOME=str(folder), HOME=str(work))
        timed([ladder, "init", "--name", name, "--email", email], env)
        return env

    timed([ladder, "harvest", "git", str(path)], workspace("warm"))  # page cache, byte code
    timed(baseline, git_env)
    walls: dict[str, list[float]] = {"ladder": [], "git": []}
    cpus: dict[str, list[float]] = {"ladder": [], "git": []}
    items = 0
    for r in range(runs):
        pair = [("ladder", [ladder, "harvest", "git", str(path), "--json"]), ("git", baseline)]
        if r % 2:
            pair.reverse()
        for tool_name, argv in pair:
            env = workspace(str(r)) if tool_name == "ladder" else git_env
            start = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            done = subprocess.run(argv, env=env, capture_output=True, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            walls[tool_name].append(time.perf_counter() - start)
            cpus[tool_name].append(
                after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            )
            if tool_name == "ladder":
                items = json.loads(done.stdout)["added"]
    commits = subprocess.run(
        [*baseline[:5], "--all", f"--author={email}", f"--author={name}", "--format=%H"],
        env=git_env, capture_output=True, check=True, text=True,
    ).stdout.count("\n")  # fmt: skip
    lw, gw = median(walls["ladder"]), median(walls["git"])
    lc, gc = median(cpus["ladder"]), median(cpus["git"])
    print(f"{path}: {commits:,} commits by {name} <{email}> → {items:,} items")
    print(
        f"  wall: git log {ms(gw)}, ladder harvest git {ms(lw)}: {lw / gw:.2f}\u00d7 "
        f"(target ≤ {TARGET}) {verdict(lw / gw, TARGET)}"
    )
    print(
        f"  CPU (user+sys, git's processes included): git log {gc:.2f} s, ladder {lc:.2f} s: {lc / gc:.2f}\u00d7"
    )
    for key in ("ladder", "git"):
        print(f"  {key:>6} wall: {', '.join(f'{t:.2f}' for t in walls[key])} s")
        print(f"  {key:>6}  CPU: {', '.join(f'{t:.2f}' for t in cpus[key])} s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs", type=int, default=5, help="timed runs of each command (default 5)"
    )
    parser.add_argument(
        "--commits",
        type=int,
        nargs="*",
        default=[10_000, 100_000],
        help="repository sizes (default: 10000 100000)",
    )
    parser.add_argument(
        "--no-pydriller", action="store_true", help="skip PyDriller (slow: ~1 min at 100k)"
    )
    parser.add_argument(
        "--repo",
        type=Path,
        help="a real repository to measure instead of the synthetic ones (with --author, --name)",
    )
    parser.add_argument("--author", help="with --repo: the author's email")
    parser.add_argument("--name", help="with --repo: the author's name")
    args = parser.parse_args(argv)
    ladder = tool("ladder")
    if args.repo is not None:
        if not (args.author and args.name):
            parser.error("--repo needs --author EMAIL and --name NAME")
        print(machine())
        WORK.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="bench-git-", dir=WORK) as tmp:
            bench_real(args.repo, args.author, args.name, args.runs, ladder, Path(tmp))
        return 0
    print(machine("pydriller") if not args.no_pydriller else machine())
    for n in args.commits:
        folder = WORK / f"git-g{GENERATOR}-n{n}"
        if not (folder / "ready").exists():
            print(
                f"building the {n:,}-commit repository with git fast-import (cached in {folder}) …",
                flush=True,
            )
            build_repo(n)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-git-", dir=WORK) as tmp:
        for n in args.commits:
            print(f"measuring {n:,} commits …", flush=True)
            results.append(bench_size(n, args.runs, ladder, Path(tmp), not args.no_pydriller))
    print()
    rows = []
    for r in results:
        lad, core, git = median(r["ladder"]), median(r["core"]), median(r["git"])  # type: ignore[arg-type]
        rows.append(
            [
                f"{r['commits']:,}",
                f"{r['items']:,}",
                ms(git),
                f"{ms(lad)} ({lad / git:.2f})",
                f"{ms(core)} ({core / git:.2f})",
                f"{r['pydriller']:.1f} s ({r['pydriller'] / git:.0f}\u00d7)"
                if "pydriller" in r
                else "-",
                f"{r['own_mb']:.0f} MB",
                f"{r['core_mb']:.0f} MB",
                f"{r['git_mb']:.0f} MB",
                ms(median(r["noop"])),
                ms(median(r["revparse"])),  # type: ignore[arg-type]
            ]
        )
    print(
        table(
            [
                "commits",
                "entries",
                "git log --numstat",
                "ladder harvest git (ratio)",
                "without mapping (ratio)",
                "PyDriller",
                "peak RSS ladder",
                "without mapping",
                "git's",
                "re-harvest, nothing new",
                "git rev-parse",
            ],
            rows,
        )
    )
    print()
    for r in results:
        lad, core, git = median(r["ladder"]), median(r["core"]), median(r["git"])  # type: ignore[arg-type]
        noop, rp = median(r["noop"]), median(r["revparse"])  # type: ignore[arg-type]
        print(
            f"{r['commits']:>7,} commits: ladder harvest git / git log = {lad / git:.2f} (target \u2264 {TARGET}) "
            f"{verdict(lad / git, TARGET)}; without the mapping step {core / git:.2f} {verdict(core / git, TARGET)}; "
            f"re-harvest with nothing new {ms(noop)} (target \u2264 {ms(NOOP_BUDGET + rp)}) "
            f"{verdict(noop, NOOP_BUDGET + rp)}"
        )
        for name in ("ladder", "core", "git"):
            print(f"         {name:>6} runs: {', '.join(f'{t:.2f}' for t in r[name])} s")  # type: ignore[attr-defined]
    if len(results) >= 2:
        small, big = results[0], results[-1]
        for key, what in (
            ("own_mb", "ladder harvest git"),
            ("core_mb", "the source and the core alone"),
        ):
            grow = big[key] / small[key]  # type: ignore[operator]
            print(
                f"peak RSS of {what}: {small[key]:.0f} MB at {small['commits']:,} commits, "
                f"{big[key]:.0f} MB at {big['commits']:,} ({grow:.2f}\u00d7 for "
                f"{big['commits'] / small['commits']:.0f}\u00d7 the history): "  # type: ignore[operator]
                f"{verdict(grow, 1.25)} (flat: \u2264 1.25\u00d7)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
