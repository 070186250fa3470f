"""Harvests as jobs: the real PostgreSQL, procrastinate's real queue, real ``ladder worker``
processes, and a real HTTP server speaking GitHub's API (tests/fakes/github_server.py).

Every harvest reads an explicit window of 2025 (``--since``/``--until``), so nothing here
depends on the day it runs; back-off is checked on the worker's own clock (the job's
``scheduled_at`` against the failure it records), never against the database's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fakes.github_server import TOKEN, FakeGitHub, serve
from helpers import CLOCK, run_ladder
from ladder.errors import InputError, NotFoundError
from ladder.jobs import queue as jobs
from ladder.person import ProfileInput
from ladder.store import postgres_conninfo
from ladder.workspace import Workspace

pytestmark = pytest.mark.postgres

WINDOW = ("--since", "2025-01-01", "--until", "2025-12-31")
HARVESTED = 8  # what the fake GitHub holds for Ada in 2025 (tests/test_source_github.py)


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    yield from serve()


@pytest.fixture
def team(pg_url: str, tmp_path: Path) -> Iterator[Workspace]:
    """A PostgreSQL workspace whose owner is Ada (github:ada)."""
    ws = Workspace.open(tmp_path / "home", url=pg_url, env={}, clock=CLOCK)
    ws.init_profile(
        ProfileInput(
            "Ada Lovelace",
            emails=["ada@example.com"],
            handles=["github:ada"],
            level="mid",
            target_level="senior",
        )
    )
    yield ws
    ws.close()


def add_people(
    ws: Workspace, n: int, *, handle: bool = True, prefix: str = "p", active: bool = True
) -> list[int]:
    """``n`` team members with accounts (each with the fake's login, so each harvest finds the
    same work)."""
    from ladder.team import accounts

    ids = []
    for i in range(n):
        email = f"{prefix}{i}@example.com"
        account = accounts.add(
            ws.store, email, name=f"Person {prefix}{i}", roles=["engineer"], now=CLOCK.now()
        )
        if handle:
            with ws.store.transaction():
                ws.store.insert(
                    "person_identity",
                    {"person_id": account.person_id, "kind": "handle", "value": "github:ada"},
                )
        if not active:
            accounts.deactivate(ws.store, email, now=CLOCK.now())
        ids.append(account.person_id)
    return ids


def env_for(pg_url: str, tmp_path: Path, github: FakeGitHub, **more: str) -> dict[str, str]:
    return {
        "LADDER_DATABASE_URL": pg_url,
        "LADDER_HOME": str(tmp_path / "home"),
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_API_URL": github.url,
        "LADDER_HTTP_BACKOFF_SCALE": "0.001",
        **more,
    }


def ladder(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = run_ladder(*args, env=env)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def statuses(env: dict[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    done = ladder(env, "jobs", "list", "--json")
    assert done.returncode == 0, done.stderr
    return {(s["person"], s["source"]): s for s in json.loads(done.stdout)}


def queue_rows(pg_url: str) -> list[dict[str, Any]]:
    from psycopg.rows import dict_row

    with psycopg.connect(postgres_conninfo(pg_url), row_factory=dict_row) as conn:
        return conn.execute(
            "SELECT id, status::text AS status, attempts, task_name, args, "
            "scheduled_at "
            "FROM procrastinate_jobs WHERE task_name = 'ladder:harvest' ORDER BY id"
        ).fetchall()


def evidence_count(ws: Workspace, person_id: int) -> tuple[int, int]:
    """(items, distinct source refs) of the person's GitHub evidence."""
    row = ws.store.one(
        "SELECT COUNT(*) AS n, COUNT(DISTINCT source_ref) AS refs FROM evidence "
        "WHERE person_id = :p AND source = 'github'",
        {"p": person_id},
    )
    assert row is not None
    return int(row["n"]), int(row["refs"])


def test_a_queued_harvest_is_done_by_a_worker_process_and_mapped(
    team: Workspace, pg_url: str, tmp_path: Path, github: FakeGitHub
) -> None:
    env = env_for(pg_url, tmp_path, github)
    queued = ladder(env, "jobs", "harvest", "github", *WINDOW)
    assert queued.returncode == 0, queued.stderr
    assert "github: queued" in queued.stdout
    assert github.requests == []  # queueing harvests nothing
    assert statuses(env)[("Ada Lovelace", "github")]["state"] == "queued"

    work = ladder(env, "worker", "--once")
    assert work.returncode == 0, work.stderr

    status = statuses(env)[("Ada Lovelace", "github")]
    assert status["state"] == "succeeded"
    assert (status["added"], status["runs"], status["attempts"]) == (HARVESTED, 1, 1)
    assert status["mapped"] > 0 and status["error"] == ""
    me = team.profile()
    assert me is not None
    assert evidence_count(team, me.id) == (HARVESTED, HARVESTED)
    mapped = team.store.scalar(
        "SELECT COUNT(DISTINCT evidence_id) FROM evidence_area WHERE evidence_id IN "
        "(SELECT id FROM evidence WHERE source = 'github')"
    )
    assert int(mapped) > 0
    assert [r["status"] for r in queue_rows(pg_url)] == ["succeeded"]
    assert "harvest github of person" in work.stderr  # the worker's log, one line a job

    table = ladder({**env, "COLUMNS": "80"}, "jobs", "list")
    assert "Ada Lovelace" in table.stdout and "succeeded" in table.stdout
    assert max(len(line) for line in table.stdout.splitlines()) <= 80

    # the person sees it on the web, which only reads: no request reaches GitHub from here
    from fastapi.testclient import TestClient

    from ladder.web import Settings, create_app

    asked = len(github.requests)
    app = create_app(Settings(home=team.home, url=pg_url, env={}, cache_ttl=0, clock=CLOCK))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        [job] = client.get("/api/v1/jobs").json()
        page = client.get("/").text
    assert (job["source"], job["state"], job["added"]) == ("github", "succeeded", HARVESTED)
    assert "Harvests on the team server" in page and "succeeded" in page
    assert len(github.requests) == asked


def test_one_harvest_per_person_and_source_waits_at_a_time(
    team: Workspace, pg_url: str, tmp_path: Path, github: FakeGitHub
) -> None:
    env = env_for(pg_url, tmp_path, github)
    first = ladder(env, "jobs", "harvest", "github", "--json")
    second = ladder(env, "jobs", "harvest", "github", "--json")
    assert [q["queued"] for q in json.loads(first.stdout)] == [True]
    assert [q["queued"] for q in json.loads(second.stdout)] == [False]
    assert len(queue_rows(pg_url)) == 1


def test_bad_requests_are_refused_and_queue_nothing(
    team: Workspace, pg_url: str, tmp_path: Path, github: FakeGitHub
) -> None:
    env = env_for(pg_url, tmp_path, github)
    for args, words in [
        (("jobs", "harvest", "git"), "cannot harvest 'git' without the person's laptop"),
        (("jobs", "harvest", "github", "--person", "nobody@example.com"), "no person"),
        (("jobs", "harvest", "github", "--since", "2025-02-01", "--until", "2025-01-01"), "after"),
    ]:
        done = ladder(env, *args)
        assert done.returncode != 0 and words in done.stderr, (args, done.stderr)
    bad_cron = ladder({**env, "LADDER_HARVEST_CRON": "every night"}, "worker")
    assert bad_cron.returncode != 0 and "not a cron schedule" in bad_cron.stderr
    sqlite = ladder({**env, "LADDER_DATABASE_URL": ""}, "jobs", "harvest", "github")
    assert sqlite.returncode != 0 and "need the team's PostgreSQL" in sqlite.stderr
    assert queue_rows(pg_url) == []
    with pytest.raises(NotFoundError):
        jobs.defer(jobs.make_app(pg_url), team.store, 999, "github", now=CLOCK.now_iso())
    with pytest.raises(InputError):
        jobs.make_app(f"sqlite:///{tmp_path / 'x.db'}")


def test_two_workers_racing_for_the_same_jobs_do_each_once(
    team: Workspace, pg_url: str, tmp_path: Path, github: FakeGitHub
) -> None:
    people = add_people(team, 5)
    env = env_for(pg_url, tmp_path, github)
    queued = ladder(env, "jobs", "harvest", "github", "--all", *WINDOW, "--json")
    assert sum(q["queued"] for q in json.loads(queued.stdout)) == 6

    base = {k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "ladder", "worker", "--once", "--concurrency", "2"],
            env={**base, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for w in workers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0 and "Traceback" not in err, err

    found = statuses(env)
    assert len(found) == 6
    assert {s["state"] for s in found.values()} == {"succeeded"}
    assert {s["runs"] for s in found.values()} == {1}  # nobody's harvest ran twice
    assert [r["status"] for r in queue_rows(pg_url)] == ["succeeded"] * 6
    me = team.profile()
    assert me is not None
    for pid in [me.id, *people]:
        assert evidence_count(team, pid) == (HARVESTED, HARVESTED)


def test_a_mistake_in_the_input_fails_at_once_and_says_why(
    team: Workspace, pg_url: str, tmp_path: Path, github: FakeGitHub
) -> None:
    add_people(team, 1, handle=False)
    env = env_for(pg_url, tmp_path, github)
    ladder(env, "jobs", "harvest", "github", "--person", "p0@example.com", *WINDOW)
    ladder(env, "worker", "--once")
    status = statuses(env)[("Person p0", "github")]
    assert status["state"] == "failed" and status["attempts"] == 1
    assert "no GitHub user" in status["error"]
    assert [r["status"] for r in queue_rows(pg_url)] == ["failed"]


def test_a_failing_source_is_retried_with_back_off(
    team: Workspace, pg_url: str, tmp_path: Path, github: FakeGitHub
) -> None:
    env = env_for(pg_url, tmp_path, github)
    github.fault(None, times=-1)  # GitHub unreachable: every connection dropped
    ladder(env, "jobs", "harvest", "github", *WINDOW)
    ladder(env, "worker", "--once")

    status = statuses(env)[("Ada Lovelace", "github")]
    assert status["state"] == "retrying" and status["retry_at"]
    assert status["error"]
    [row] = queue_rows(pg_url)
    assert row["status"] == "todo" and row["attempts"] == 1
    # the wait, read on the worker's own clock (the job's and the status's stamps both come
    # from it, so this holds whatever day it is, and under a faked clock)
    failed_at = dt.datetime.fromisoformat(status["finished_at"])
    retry_at = dt.datetime.fromisoformat(status["retry_at"])
    assert (
        jobs.RETRY_SECONDS[0] - 2
        <= (retry_at - failed_at).total_seconds()
        <= jobs.RETRY_SECONDS[0] + 2
    )
    assert abs((row["scheduled_at"] - retry_at).total_seconds()) <= 5

    github.faults.clear()  # GitHub is back; the wait is over
    with psycopg.connect(postgres_conninfo(pg_url), autocommit=True) as conn:
        conn.execute("UPDATE procrastinate_jobs SET scheduled_at = now()")
    ladder(env, "worker", "--once")
    status = statuses(env)[("Ada Lovelace", "github")]
    assert (status["state"], status["attempts"], status["added"]) == ("succeeded", 2, HARVESTED)
    assert status["error"] == ""


def test_a_worker_killed_mid_job_leaves_it_to_be_retried_and_the_store_consistent(
    team: Workspace, pg_url: str, tmp_path: Path, github: FakeGitHub
) -> None:
    env = env_for(
        pg_url, tmp_path, github, LADDER_WORKER_HEARTBEAT="0.3", LADDER_WORKER_STALLED="2"
    )
    ladder(env, "jobs", "harvest", "github", *WINDOW)
    github.delay = 0.4  # slow enough to be caught mid-way
    base = {k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}
    worker = subprocess.Popen(
        [sys.executable, "-m", "ladder", "worker"],
        env={**base, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(github.requests) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(github.requests) >= 2, "the worker never started the harvest"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    assert [r["status"] for r in queue_rows(pg_url)] == ["doing"]
    assert statuses(env)[("Ada Lovelace", "github")]["state"] == "running"

    github.delay = 0.0
    time.sleep(2.5)  # the killed worker's heartbeat is now older than LADDER_WORKER_STALLED
    again = ladder(env, "worker", "--once")
    assert again.returncode == 0, again.stderr
    assert "put back in the queue" in again.stderr
    status = statuses(env)[("Ada Lovelace", "github")]
    assert status["state"] == "succeeded" and status["runs"] == 2
    me = team.profile()
    assert me is not None
    assert evidence_count(team, me.id) == (HARVESTED, HARVESTED)  # nothing doubled, nothing lost
    assert [r["status"] for r in queue_rows(pg_url)] == ["succeeded"]


def test_who_the_server_can_harvest(team: Workspace, github: FakeGitHub) -> None:
    add_people(team, 2)
    add_people(team, 1, handle=False, prefix="q")
    gone = add_people(team, 1, prefix="gone", active=False)
    env = {"GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": github.url}
    pairs = jobs.harvestable(team.store, env)
    with_handle = {pid for pid, src in pairs if src == "github"}
    assert len(with_handle) == 3  # Ada and the two with a github: handle
    assert gone[0] not in with_handle  # a deactivated account is never harvested
    assert jobs.harvestable(team.store, {}) == []  # no credentials on the server: nobody
