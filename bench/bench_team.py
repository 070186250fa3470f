"""Benchmark: a team server at scale, on the real PostgreSQL (issues 14 and 15).

What it measures, all on this machine (client, server, workers and PostgreSQL share it):

1. **Pages under load**: ``ladder serve --team --workers W`` over PEOPLE people x ITEMS evidence
   items each (generated, mapped: one area link per item); SESSIONS logged-in people keep
   requesting their dashboard (``/``) — and the managers among them their team page
   (``/team``) — in closed loops for SECONDS after WARMUP seconds (each web process keeps a
   page per person and data version: a longer warm-up measures the steady state), back to
   back or waiting THINK seconds between answers: p50, p95, p99, requests/s, load average.
2. **Push**: a laptop workspace (SQLite) of PUSH items, ``ladder push`` to the server, timed
   (and a second push, which sends nothing new).
3. **Nightly harvest**: HARVEST people with a GitHub handle; ``ladder jobs harvest --all``
   defers one job each, and J ``ladder worker --once`` processes work them against a local
   fake GitHub (``tests/fakes/github_server.py``, a real HTTP server): wall time, jobs/s.

The data is generated once into a PostgreSQL schema named after the sizes (or ``--schema``)
and reused (``--rebuild`` drops it). It always exits 0: it reports figures (and PASS/FAIL where an issue
names a target), it does not gate.

Usage (from the repository root)::

    .venv/bin/python bench/bench_team.py --people 1000 --items 1000 --web-workers 4 --job-workers 2
    .venv/bin/python bench/bench_team.py --people 100 --items 1000        # issue 14's size
    .venv/bin/python bench/bench_team.py --people 100 --items 1000 --skip push --skip harvest \
        --warmup 20 --schema my_bench                                      # pages, steady state
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import os
import random
import secrets
import subprocess
import sys
import time

from _common import REPO, WORK, clean_env, machine, ms, table, tool

sys.path.insert(0, str(REPO / "tests"))

POSTGRES = os.environ.get("LADDER_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
TARGET_P95 = 0.050
NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
WORDS = [
    "reviewed",
    "designed",
    "fixed",
    "migrated",
    "wrote",
    "led",
    "mentored",
    "shipped",
    "measured",
    "documented",
    "cache",
    "queue",
    "billing",
    "retries",
    "postmortem",
    "alert",
    "latency",
    "schema",
    "index",
    "rollout",
    "api",
    "design",
    "doc",
    "incident",
    "runbook",
    "test",
    "flaky",
    "deploy",
    "canary",
    "capacity",
    "budget",
    "on-call",
]


def url_for(schema: str) -> str:
    return f"{POSTGRES}?options=-csearch_path%3D{schema}"


# -- the data -----------------------------------------------------------------------------------
def build(schema: str, people: int, items: int, rebuild: bool) -> None:
    """PEOPLE accounts (every tenth a manager of the next nine, one admin) and ITEMS mapped
    evidence items each, in ``schema`` (kept for the next run)."""
    import psycopg

    from ladder import framework
    from ladder.clock import FixedClock
    from ladder.team import accounts
    from ladder.workspace import Workspace

    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
        ).fetchone()
        if exists and not rebuild:
            return
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
    print(f"building {people} people x {items} items in schema {schema} …", flush=True)
    clock = FixedClock(NOW)
    ws = Workspace.open(WORK / schema, url=url_for(schema), env={}, clock=clock)
    store = ws.store
    accounts.add(store, "admin@bench.example", name="Ada Admin", roles=["admin"], now=NOW)
    for i in range(people):
        manager = None if i % 10 == 0 else f"p{i - i % 10}@bench.example"
        roles = ["manager", "engineer"] if i % 10 == 0 else ["engineer"]
        accounts.add(
            store,
            f"p{i}@bench.example",
            name=f"Person {i}",
            roles=roles,
            manager=manager,
            level="mid",
            target_level="senior",
            now=NOW,
        )
    ids = [
        int(r["person_id"])
        for r in store.query(
            "SELECT a.person_id FROM account a WHERE a.email LIKE 'p%' ORDER BY a.id"
        )
    ]
    with store.transaction():
        store.executemany(
            "INSERT INTO person_identity (person_id, kind, value) VALUES (:p, 'handle', 'github:ada')",
            [{"p": pid} for pid in ids],
        )
    ladder = framework.load(store)
    senior = [e for e in ladder.expectations() if e.level == "senior"]
    rng = random.Random(1)
    days = [(NOW.date() - dt.timedelta(days=d)).isoformat() for d in range(365)]
    store.close()
    with psycopg.connect(url_for(schema)) as conn:
        start = conn.execute("SELECT COALESCE(MAX(id), 0) FROM evidence").fetchone()[0] + 1
        evidence = io.StringIO()
        links = io.StringIO()
        eid = start
        for pid in ids:
            for _ in range(items):
                text = " ".join(rng.choice(WORDS) for _ in range(8))
                day = rng.choice(days)
                stamp = f"{day}T12:00:00Z"
                evidence.write(
                    f"{eid}\t{secrets.token_hex(12)}\t{pid}\t{day}\t{text}\tmanual\t"
                    f"{stamp}\t{stamp}\tnote\tordinary\n"
                )
                e = rng.choice(senior)
                links.write(f"{eid}\t{e.area}\t{e.id}\trule\t0.7\tbench\t{stamp}\n")
                eid += 1
        with conn.cursor() as cur:
            with cur.copy(
                "COPY evidence (id, uid, person_id, occurred_on, text, source, created_at, "
                "updated_at, kind, substance) FROM STDIN"
            ) as copy:
                copy.write(evidence.getvalue())
            with cur.copy(
                "COPY evidence_area (evidence_id, area_id, expectation_id, origin, confidence, "
                "reason, created_at) FROM STDIN"
            ) as copy:
                copy.write(links.getvalue())
            cur.execute("SELECT setval(pg_get_serial_sequence('evidence', 'id'), %s)", (eid,))
        conn.commit()
        conn.execute("ANALYZE")
        conn.commit()


def sessions(schema: str, n: int) -> list[tuple[str, bool]]:
    """``n`` session cookies of people spread over the team, and whether each is a manager."""
    from ladder.store import connect
    from ladder.team import accounts

    store = connect(url_for(schema))
    try:
        everyone = [a for a in accounts.accounts(store) if a.email.startswith("p")]
        step = max(1, len(everyone) // n)
        chosen = everyone[::step][:n]
        now = dt.datetime.now(dt.UTC)  # sessions expire by the server's wall clock
        return [(accounts.start_session(store, a, now=now), "manager" in a.roles) for a in chosen]
    finally:
        store.close()


# -- pages under load -------------------------------------------------------------------------
async def _loop(
    port: int,
    path: str,
    cookie: str,
    stop: float,
    out: list[float],
    bad: list[int],
    think: float = 0.0,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    jitter = random.Random(cookie)  # people do not click in step: each waits its own while
    if think:
        await asyncio.sleep(jitter.uniform(0, think))
    try:
        while time.perf_counter() < stop:
            head = (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\n"
                f"Cookie: ladder_session={cookie}\r\n\r\n"
            )
            start = time.perf_counter()
            writer.write(head.encode())
            raw = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in raw.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            out.append(time.perf_counter() - start)
            if not raw.startswith(b"HTTP/1.1 200"):
                bad.append(1)
            if think:
                await asyncio.sleep(jitter.uniform(0.5 * think, 1.5 * think))
    finally:
        writer.close()


async def load(
    port: int,
    plan: list[tuple[str, str]],
    seconds: float,
    warmup: float = 2.0,
    think: float = 0.0,
) -> tuple[list[float], int]:
    """Every (path, cookie) as its own closed loop, for ``seconds`` after ``warmup`` seconds;
    each waits 0.5 to 1.5 times ``think`` seconds (at random) after an answer before it asks
    again."""
    out: list[float] = []
    bad: list[int] = []
    for span in (warmup, seconds):  # the warm-up's figures are dropped
        out = []
        bad = []
        stop = time.perf_counter() + span
        await asyncio.gather(*(_loop(port, p, c, stop, out, bad, think) for p, c in plan))
    return out, len(bad)


def q(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(schema: str, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    import httpx

    port = free_port()
    server = subprocess.Popen(
        [tool("ladder"), "serve", "--team", "--workers", str(workers), "--port", str(port)],
        env=clean_env(LADDER_DATABASE_URL=url_for(schema), LADDER_HOME=str(WORK / schema)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
            return server, port
        except httpx.HTTPError:
            if server.poll() is not None:
                sys.exit(server.stderr.read().decode() if server.stderr else "server died")
            time.sleep(0.2)
    sys.exit("the team server did not start")


# -- push ---------------------------------------------------------------------------------------
def push(schema: str, port: int, n: int) -> tuple[float, float, int]:
    """A laptop workspace of ``n`` items pushed to Person 1's account: (first, again, sent)."""
    from ladder import exchange
    from ladder.clock import FixedClock
    from ladder.person import ProfileInput
    from ladder.store import connect
    from ladder.team import accounts
    from ladder.workspace import Workspace

    home = WORK / f"{schema}-laptop-{secrets.token_hex(3)}"
    ws = Workspace.open(home, url=f"sqlite:///{home / 'ladder.db'}", env={}, clock=FixedClock(NOW))
    ws.init_profile(
        ProfileInput("Person 1", emails=["p1@bench.example"], level="mid", target_level="senior")
    )
    me = ws.profile()
    assert me is not None
    doc = exchange.export(ws.store, now=NOW)
    rng = random.Random(2)
    stamp = "2026-11-20T12:00:00Z"
    doc["evidence"] = [
        {
            "uid": secrets.token_hex(12),
            "person": me.uid,
            "date": "2026-11-20",
            "text": " ".join(rng.choice(WORDS) for _ in range(8)),
            "impact": None,
            "source": "manual",
            "source_ref": None,
            "url": None,
            "tags": [],
            "links": [],
            "areas": [],
            "created_at": stamp,
            "updated_at": stamp,
        }
        for _ in range(n)
    ]
    exchange.import_(ws.store, doc, source_name="bench", now=stamp, today=NOW.date())
    ws.close()
    store = connect(url_for(schema))
    token = accounts.issue_token(
        store, "p1@bench.example", scope="write", expires="never", now=NOW
    ).secret
    store.close()
    env = clean_env(LADDER_HOME=str(home))
    subprocess.run(
        [tool("ladder"), "remote", "add", "team", f"http://127.0.0.1:{port}"],
        input=token,
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    times = []
    for _ in range(2):
        start = time.perf_counter()
        done = subprocess.run(
            [tool("ladder"), "push", "--json"], env=env, capture_output=True, text=True
        )
        times.append(time.perf_counter() - start)
        if done.returncode:
            sys.exit(done.stderr)
    return times[0], times[1], n


# -- nightly harvest ----------------------------------------------------------------------------
def harvest(schema: str, people: int, job_workers: int) -> tuple[float, float, int, int]:
    """(defer seconds, work seconds, jobs succeeded, jobs in all) for a nightly run."""
    import psycopg

    from fakes.github_server import TOKEN, serve

    with psycopg.connect(url_for(schema), autocommit=True) as conn:
        conn.execute(
            "DELETE FROM person_identity WHERE kind = 'handle' AND person_id NOT IN "
            "(SELECT person_id FROM account WHERE email LIKE 'p%%' ORDER BY id LIMIT %s)",
            (people,),
        )
    fake_iter = serve()
    fake = next(fake_iter)
    env = clean_env(
        LADDER_DATABASE_URL=url_for(schema),
        LADDER_HOME=str(WORK / schema),
        GITHUB_TOKEN=TOKEN,
        GITHUB_API_URL=fake.url,
        LADDER_HTTP_BACKOFF_SCALE="0.001",
    )
    start = time.perf_counter()
    done = subprocess.run(
        [
            tool("ladder"),
            "jobs",
            "harvest",
            "github",
            "--all",
            "--since",
            "2025-01-01",
            "--until",
            "2025-12-31",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(done.stderr)
    deferred = time.perf_counter() - start
    queued = sum(q["queued"] for q in json.loads(done.stdout))
    start = time.perf_counter()
    workers = [
        subprocess.Popen(
            [tool("ladder"), "worker", "--once"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(job_workers)
    ]
    for w in workers:
        w.wait()
    worked = time.perf_counter() - start
    with psycopg.connect(url_for(schema)) as conn:
        ok = conn.execute(
            "SELECT COUNT(*) FROM procrastinate_jobs WHERE task_name = 'ladder:harvest' "
            "AND status = 'succeeded'"
        ).fetchone()[0]
    fake_iter.close()
    return deferred, worked, int(ok), queued


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument(
        "--warmup",
        type=float,
        default=2.0,
        help="seconds of load before the measured ones (each web process builds a page once "
        "per person and data version: a longer warm-up measures the steady state)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds each session waits after an answer, on average (0.5-1.5 times it, at "
        "random; default 0: back to back, which measures throughput; a person reading the "
        "page waits seconds)",
    )
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--job-workers", type=int, default=2)
    parser.add_argument("--push", type=int, default=10_000, help="items pushed from a laptop")
    parser.add_argument("--harvest", type=int, default=None, help="people harvested (default: all)")
    parser.add_argument("--skip", action="append", default=[], choices=("pages", "push", "harvest"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--schema",
        help="the PostgreSQL schema to build into (default: bench_team_p<PEOPLE>_i<ITEMS>)",
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    schema = args.schema or f"bench_team_p{args.people}_i{args.items}"
    if not schema.isidentifier() or schema != schema.lower():
        sys.exit(f"--schema {schema!r}: use lower-case letters, digits and underscores")
    started = time.perf_counter()
    build(schema, args.people, args.items, args.rebuild)
    print(f"data ready in {time.perf_counter() - started:.0f} s", flush=True)
    print(f"\n{machine('fastapi', 'uvicorn', 'psycopg', 'procrastinate')}")
    print(
        f"{args.people} people x {args.items} items on PostgreSQL · {args.web_workers} web workers"
        f" · {args.sessions} sessions, {args.think:g} s think time, {args.warmup:g} s warm-up, "
        f"{args.seconds:g} s measured\n"
    )
    server, port = start_server(schema, args.web_workers)
    try:
        if "pages" not in args.skip:
            cookies = sessions(schema, args.sessions)
            rows = []
            for label, plan in (
                ("dashboard `/`", [("/", c) for c, _m in cookies]),
                (
                    "team page `/team` (managers)",
                    [("/team", c) for c, m in cookies if m] or [("/team", cookies[0][0])],
                ),
            ):
                before = os.getloadavg()[0]
                latencies, errors = asyncio.run(
                    load(port, plan, args.seconds, args.warmup, args.think)
                )
                p95 = q(latencies, 0.95)
                rows.append(
                    [
                        label,
                        len(plan),
                        len(latencies),
                        f"{len(latencies) / args.seconds:,.0f}",
                        ms(q(latencies, 0.5)),
                        ms(p95),
                        ms(q(latencies, 0.99)),
                        errors,
                        "PASS" if p95 <= TARGET_P95 else "FAIL",
                        f"{before:.1f} → {os.getloadavg()[0]:.1f}",
                    ]
                )
            print(
                table(
                    [
                        "page",
                        "sessions",
                        "requests",
                        "req/s",
                        "p50",
                        "p95",
                        "p99",
                        "errors",
                        "p95 ≤ 50 ms",
                        "load avg",
                    ],
                    rows,
                )
            )
        if "push" not in args.skip:
            first, again, n = push(schema, port, args.push)
            print(
                f"\npush of {n:,} items: {first:.1f} s ({n / first:,.0f} items/s); again (nothing new): {again:.1f} s"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    if "harvest" not in args.skip:
        deferred, worked, ok, queued = harvest(
            schema, args.harvest or args.people, args.job_workers
        )
        print(
            f"\nnightly harvest: {queued} jobs deferred in {deferred:.1f} s; {args.job_workers} "
            f"workers did {ok} in {worked:.1f} s ({ok / worked:.1f} jobs/s, "
            f"{worked / max(ok, 1) * args.job_workers:.2f} s per job per worker)"
        )


if __name__ == "__main__":
    main()
