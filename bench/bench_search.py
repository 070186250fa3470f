"""Benchmark: ``ladder entries --search WORD`` over 100,000 entries, against ``ladder --version``.

Target (from the issue): with 100,000 entries in the workspace, the median wall time of
``ladder entries --search WORD`` is at most 1.5 times the median of ``ladder --version``, both
measured as subprocesses in the same run, interleaved round by round.

The workspace is real: ``ladder init``, then ``ladder export`` (for the profile and the ladder),
then ``ladder import`` of that export plus 100,000 generated entries — varied texts, impacts,
tags, links and areas, dated over the three years up to 2026-11-24 — through the CLI. It is
cached in ``bench/.work/`` under a key made of the generator's version, the entry count,
ladder's version and the schema revision, so reruns only time.

Three search words: the target one, in about 1% of the entries; a rare one (~0.04%); and a
common one (~13%). Their actual shares are read back with the CLI before timing.

It always exits 0: it reports PASS or FAIL, it does not gate.

Usage (from the repository root)::

    .venv/bin/python bench/bench_search.py [--runs N] [--entries N] [--rebuild]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    INIT_ARGS,
    WORK,
    Timed,
    clean_env,
    interleaved,
    machine,
    ms,
    run_once,
    table,
    tool,
    verdict,
)

TARGET = 1.5
GENERATOR = 1  # bump when the generated data changes, so the cache is rebuilt
SEED = 20261124
END = dt.date(2026, 11, 24)
START = END - dt.timedelta(days=3 * 365)

WORD_TARGET, P_TARGET = "postmortem", 0.01  # the word the target is measured with
WORD_RARE, P_RARE = "terraform", 0.0005
WORD_COMMON = "review"  # occurs naturally in the vocabulary below

# -- a work log generator --------------------------------------------------------------------

PEOPLE = ["Sam", "Priya", "Jonas", "Mei", "Carlos", "Aisha", "Tom", "Lena", "Kofi", "Yuki"]
SYSTEMS = [
    "billing service",
    "checkout flow",
    "search index",
    "auth gateway",
    "notification worker",
    "payments ledger",
    "mobile release pipeline",
    "warehouse export",
    "feature-flag service",
    "CI pipeline",
    "rate limiter",
    "session store",
    "image resizer",
    "audit log",
    "recommendation job",
    "GraphQL gateway",
    "email scheduler",
    "metrics pipeline",
    "customer admin panel",
    "inventory sync",
    "fraud scoring model",
    "webhook dispatcher",
]
ACTIONS = [
    ("Reviewed", "the retry logic in the {s}"),
    ("Reviewed", "the pull request that reworks the {s} caching"),
    ("Fixed", "a memory leak in the {s}"),
    ("Fixed", "the race condition behind the flaky {s} tests"),
    ("Shipped", "pagination for the {s} API"),
    ("Shipped", "the first version of the {s} behind a feature flag"),
    ("Wrote", "the design doc for splitting the {s}"),
    ("Wrote", "the on-call runbook for the {s}"),
    ("Refactored", "the error handling of the {s}"),
    ("Debugged", "timeouts between the {s} and the database"),
    ("Paired with {p} on", "the schema migration of the {s}"),
    ("Led", "the design review of the {s} rewrite"),
    ("Led", "sprint planning for the {s} work"),
    ("Investigated", "the latency spike in the {s}"),
    ("Documented", "the public API of the {s}"),
    ("Migrated", "the {s} to the new cluster"),
    ("Profiled", "the hot path of the {s}"),
    ("Mentored {p} through", "their first change to the {s}"),
    ("Presented", "the {s} roadmap at the engineering all-hands"),
    ("Added", "integration tests for the {s}"),
    ("Triaged", "the open bugs of the {s} with product"),
    ("Gave", "code review feedback to {p} on the {s}"),
    ("Set up", "alerts and dashboards for the {s}"),
    ("Planned", "the rollout of the {s} to all regions"),
    ("Interviewed", "a backend candidate and wrote up the feedback"),
    ("Answered", "questions from the support team about the {s}"),
]
CONTEXTS = [
    "",
    "",
    "",
    "",
    " with the platform team",
    " before the quarterly release",
    " after last week's incident",
    " for the new onboarding flow",
    " ahead of the code freeze",
    " to unblock the mobile team",
    " with {p}",
    " during the on-call week",
    " as part of the reliability push",
    " for the security audit",
]
TAGS = [
    "review",
    "oncall",
    "design",
    "mentoring",
    "perf",
    "ci",
    "docs",
    "incident",
    "security",
    "testing",
    "delivery",
    "communication",
    "planning",
    "hiring",
    "refactor",
]
IMPACTS = [
    "p99 latency down from {a} ms to {b} ms",
    "saves the team about {n} hours a week",
    "unblocked the {s} launch",
    "closed {n} customer tickets",
    "build time cut by {n}%",
    "no pages from the {s} since",
    "{p} now owns the {s} on their own",
    "error rate down {n}% after the fix",
]
AREAS = [
    "technical-depth",
    "system-design",
    "delivery",
    "code-quality",
    "operations",
    "communication",
    "mentorship",
    "leadership",
    "career",
]
REPOS = ["api", "web", "mobile", "infra", "billing", "search"]


def generate(n: int, person_uid: str) -> list[dict[str, Any]]:
    """``n`` entries in the export format (``docs/export-format.md``), deterministic."""
    rng = random.Random(SEED)
    days = (END - START).days
    out = []
    for _ in range(n):
        day = START + dt.timedelta(days=rng.randrange(days + 1))
        while day.weekday() >= 5 and rng.random() < 0.85:  # mostly weekdays
            day = START + dt.timedelta(days=rng.randrange(days + 1))
        p, s = rng.choice(PEOPLE), rng.choice(SYSTEMS)
        verb, obj = rng.choice(ACTIONS)
        text = f"{verb} {obj}{rng.choice(CONTEXTS)}".format(p=p, s=s)
        roll = rng.random()
        if roll < P_TARGET:
            text += ", then wrote the postmortem"
        elif roll < P_TARGET + P_RARE:
            text += " using the shared terraform module"
        inline = rng.sample(TAGS, k=rng.choice((0, 0, 1, 1, 1, 2)))
        if inline:
            text += " " + " ".join("@" + t for t in inline)
        extra = rng.sample(TAGS, k=1) if rng.random() < 0.1 else []
        impact = None
        if rng.random() < 0.25:
            a = rng.randrange(200, 2000)
            impact = rng.choice(IMPACTS).format(
                a=a, b=a // rng.randrange(2, 8), n=rng.randrange(2, 60), p=rng.choice(PEOPLE), s=s
            )
        links = []
        if rng.random() < 0.2:
            links.append(
                f"https://github.com/acme/{rng.choice(REPOS)}/pull/{rng.randrange(1, 9000)}"
            )
        stamp = f"{day.isoformat()}T{rng.randrange(7, 20):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}.{rng.randrange(10**6):06d}Z"
        areas: list[dict[str, Any]] = []
        if rng.random() < 0.35:
            for area in rng.sample(AREAS, k=1 if rng.random() < 0.8 else 2):
                areas.append(
                    {
                        "area": area,
                        "expectation": "",
                        "origin": "user",
                        "confidence": 1.0,
                        "reason": "set by you",
                        "created_at": stamp,
                    }
                )
        out.append(
            {
                "uid": f"{rng.getrandbits(96):024x}",
                "person": person_uid,
                "date": day.isoformat(),
                "text": text,
                "impact": impact,
                "source": "manual",
                "source_ref": None,
                "url": None,
                "tags": sorted(set(inline) | set(extra)),
                "links": links,
                "areas": sorted(areas, key=lambda x: x["area"]),
                "created_at": stamp,
                "updated_at": stamp,
                "deleted_at": stamp if rng.random() < 0.005 else None,
            }
        )
    return out


_TOKEN = re.compile(r"[^\W_]+")  # roughly FTS5's unicode61 tokenizer


def shares(entries: list[dict[str, Any]], words: list[str]) -> dict[str, int]:
    """How many live entries contain each word (text or impact), as the generator sees it."""
    counts: Counter[str] = Counter()
    for e in entries:
        if e["deleted_at"]:
            continue
        tokens = set(_TOKEN.findall(f"{e['text']} {e['impact'] or ''}".lower()))
        for w in words:
            if w in tokens:
                counts[w] += 1
    return {w: counts[w] for w in words}


# -- the cached workspace --------------------------------------------------------------------


def cache_key(n: int) -> str:
    from ladder import __version__
    from ladder.store import SCHEMA_REVISION

    return f"search-g{GENERATOR}-n{n}-ladder{__version__}-schema{SCHEMA_REVISION}"


def build(folder: Path, n: int, ladder: str) -> dict[str, Any]:
    """Make a workspace with ``n`` generated entries in ``folder`` through the CLI."""
    tmp = folder.with_name(folder.name + ".building")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    env = clean_env(LADDER_HOME=str(tmp / "home"), HOME=str(tmp))
    t0 = time.perf_counter()
    run_once(
        [ladder, *INIT_ARGS],
        env,
    )
    base = tmp / "base.json"
    run_once([ladder, "export", str(base)], env)
    data = json.loads(base.read_text(encoding="utf-8"))
    me = next(p["uid"] for p in data["people"] if p["is_self"])
    data["evidence"] = generate(n, me)
    t1 = time.perf_counter()
    dump = tmp / "import.json"
    dump.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    t2 = time.perf_counter()
    run_once([ladder, "import", str(dump)], env)
    t3 = time.perf_counter()
    meta = {
        "entries": n,
        "generated": shares(data["evidence"], [WORD_TARGET, WORD_RARE, WORD_COMMON]),
        "live": sum(1 for e in data["evidence"] if not e["deleted_at"]),
        "build_seconds": {
            "generate": round(t1 - t0, 1),
            "write": round(t2 - t1, 1),
            "ladder import": round(t3 - t2, 1),
        },
        "import_file_mb": round(dump.stat().st_size / 1e6, 1),
        "db_mb": round((tmp / "home" / "ladder.db").stat().st_size / 1e6, 1),
    }
    dump.unlink()
    base.unlink()
    (tmp / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return meta


def total(ladder: str, env: dict[str, str], word: str | None = None) -> int:
    """How many live entries ``ladder entries`` finds (all of them, or those with ``word``)."""
    argv = [ladder, "entries", "--json", "--limit", "1"] + (["--search", word] if word else [])
    out = subprocess.run(argv, env=env, capture_output=True, text=True, check=True).stdout
    return int(json.loads(out)["total"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--runs", type=int, default=20, help="timed runs of each command (at least 10; default 20)"
    )
    ap.add_argument(
        "--entries", type=int, default=100_000, help="entries in the workspace (default 100000)"
    )
    ap.add_argument("--rebuild", action="store_true", help="rebuild the cached workspace")
    args = ap.parse_args()
    runs = max(args.runs, 10)
    ladder = tool("ladder")

    folder = WORK / cache_key(args.entries)
    if args.rebuild or not (folder / "meta.json").exists():
        print(
            f"building {folder.relative_to(WORK.parent.parent)} ({args.entries} entries)…",
            flush=True,
        )
        meta = build(folder, args.entries, ladder)
        print(f"built in {sum(meta['build_seconds'].values()):.0f} s: {meta['build_seconds']}\n")
    else:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        print(f"using the cached workspace {folder.relative_to(WORK.parent.parent)}\n")
    env = clean_env(LADDER_HOME=str(folder / "home"), HOME=str(folder))

    live = total(ladder, env)
    found = {w: total(ladder, env, w) for w in (WORD_TARGET, WORD_RARE, WORD_COMMON)}
    if live != meta["live"] or found != meta["generated"]:
        print(
            f"warning: the workspace does not hold what was generated: live {live} vs {meta['live']}, "
            f"matches {found} vs {meta['generated']} (something wrote to it: rerun with --rebuild)"
        )

    def searching(word: str) -> Timed:
        return Timed(
            f"ladder entries --search {word}", lambda r: [ladder, "entries", "--search", word], env
        )

    search = {w: searching(w) for w in (WORD_TARGET, WORD_RARE, WORD_COMMON)}
    version = Timed("ladder --version", lambda r: [ladder, "--version"], env)
    python = Timed("python -c pass", lambda r: [sys.executable, "-c", "pass"], clean_env())
    cmds = [version, *search.values(), python]
    interleaved(cmds, runs, warmup=1)

    print(f"ladder entries --search vs ladder --version — {machine('typer', 'click', 'rich')}")
    print(
        f"workspace: {meta['entries']} entries ({live} live, {meta['db_mb']} MB); "
        f"{runs} timed runs each after 1 warm-up, interleaved; default output (a table of the newest 50)\n"
    )
    rows = []
    for c in cmds:
        word = next((w for w, t in search.items() if t is c), None)
        share = f"{found[word]} ({found[word] / live:.2%})" if word else ""
        rows.append(
            [
                c.name,
                share,
                len(c.times),
                ms(c.median),
                ms(c.p90),
                ms(c.best),
                f"{c.median / version.median:.2f}",
            ]
        )
    print(table(["command", "matches", "runs", "median", "p90", "min", "median / --version"], rows))
    print()
    for w, c in search.items():
        ratio = c.median / version.median
        label = {WORD_TARGET: "target", WORD_RARE: "rare", WORD_COMMON: "common"}[w]
        print(
            f"ratio search {w!r} ({label}) / --version (medians) = {ratio:.2f} (target ≤ {TARGET}) → {verdict(ratio, TARGET)}"
        )


if __name__ == "__main__":
    main()
