"""``ladder push`` / ``ladder pull`` between a laptop's own workspace (SQLite) and a real
``ladder serve --team`` in a subprocess on the real PostgreSQL, over HTTP.

The server is killed mid-push and the push resumed; a push twice changes nothing; private
notes never leave the laptop; a manager's rating entered on the server comes back by pull.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from helpers import CLOCK, run_ladder
from ladder import sync
from ladder.errors import InputError
from ladder.person import ProfileInput
from ladder.team import accounts
from ladder.workspace import Workspace

pytestmark = pytest.mark.postgres

EXP = "system-design.tradeoffs"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``ladder serve --team`` in a subprocess, restartable."""

    def __init__(self, url: str, home: Path) -> None:
        self.url = url
        self.home = home
        self.port = _free_port()
        self.proc: subprocess.Popen[str] | None = None

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        base = {k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}
        env = {**base, "LADDER_DATABASE_URL": self.url, "LADDER_HOME": str(self.home)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ladder", "serve", "--team", "--port", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(self.address + "/api/v1/openapi.json", timeout=1)
                return
            except httpx.HTTPError:
                if self.proc.poll() is not None:
                    raise AssertionError(
                        self.proc.stderr.read() if self.proc.stderr else ""
                    ) from None
                time.sleep(0.1)
        raise AssertionError("the team server did not start")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)


@pytest.fixture
def server_ws(pg_url: str, tmp_path: Path) -> Iterator[Workspace]:
    """The team's store: an admin, a manager and Eli the engineer (tokens never expire, so
    nothing here depends on the day the suite runs)."""
    ws = Workspace.open(tmp_path / "server", url=pg_url, env={}, clock=CLOCK)
    now = CLOCK.now()
    accounts.add(ws.store, "admin@example.com", name="Ada Admin", roles=["admin"], now=now)
    accounts.add(ws.store, "max@example.com", name="Max Manager", roles=["manager"], now=now)
    accounts.add(
        ws.store,
        "eli@example.com",
        name="Eli Engineer",
        roles=["engineer"],
        manager="max@example.com",
        level="mid",
        target_level="senior",
        now=now,
    )
    yield ws
    ws.close()


@pytest.fixture
def server(server_ws: Workspace, pg_url: str, tmp_path: Path) -> Iterator[Server]:
    running = Server(pg_url, tmp_path / "server")
    running.start()
    yield running
    running.kill()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Workspace]:
    """Eli's own workspace: entries, a self rating, a goal, a shared and a private 1:1."""
    home = tmp_path / "laptop"
    ws = Workspace.open(home, url=f"sqlite:///{home / 'ladder.db'}", env={}, clock=CLOCK)
    ws.init_profile(
        ProfileInput("Eli Engineer", emails=["eli@example.com"], level="mid", target_level="senior")
    )
    for n in range(12):
        ws.log(f"Reviewed the design of the billing cache, part {n} @design", date="2026-11-20")
    ws.assessments.rate(EXP, "working towards", note="still learning to write trade-offs down")
    ws.goals.add("Write the design doc for the cache", track="technical", area="system-design")
    ws.mentorship.add_one_on_one(
        "Max Manager", held_on="2026-11-20", notes="shared: growth plan", shared=True
    )
    ws.mentorship.add_one_on_one("Max Manager", held_on="2026-11-21", notes="PRIVATE worries")
    yield ws
    ws.close()


def laptop_env(laptop: Workspace) -> dict[str, str]:
    return {"LADDER_HOME": str(laptop.home)}


def ladder(
    env: dict[str, str], *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    done = run_ladder(*args, env=env, input=input)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def token_for(server_ws: Workspace, email: str) -> str:
    return accounts.issue_token(
        server_ws.store, email, scope="write", expires="never", now=CLOCK.now()
    ).secret


def add_remote(laptop: Workspace, server: Server, token: str) -> None:
    done = ladder(laptop_env(laptop), "remote", "add", "team", server.address, input=token)
    assert done.returncode == 0, done.stderr
    assert token not in done.stdout + done.stderr


def server_counts(server_ws: Workspace, email: str) -> dict[str, int]:
    pid = accounts.by_email(server_ws.store, email).person_id
    q = server_ws.store.scalar
    return {
        "evidence": int(q("SELECT COUNT(*) FROM evidence WHERE person_id = :p", {"p": pid})),
        "refs": int(q("SELECT COUNT(DISTINCT uid) FROM evidence WHERE person_id = :p", {"p": pid})),
        "ratings": int(
            q("SELECT COUNT(*) FROM assessment WHERE person_id = :p AND rater = 'self'", {"p": pid})
        ),
        "goals": int(q("SELECT COUNT(*) FROM goal WHERE person_id = :p", {"p": pid})),
        "notes": int(q("SELECT COUNT(*) FROM one_on_one WHERE person_id = :p", {"p": pid})),
    }


def test_push_files_my_work_under_my_account_once_and_never_a_private_note(
    server_ws: Workspace, server: Server, laptop: Workspace
) -> None:
    token = token_for(server_ws, "eli@example.com")
    add_remote(laptop, server, token)
    env = laptop_env(laptop)
    eli = accounts.by_email(server_ws.store, "eli@example.com").person_id
    with server_ws.store.transaction():
        server_ws.store.execute("UPDATE person SET track = 'ic' WHERE id = :p", {"p": eli})

    first = ladder(env, "push", "--json")
    assert first.returncode == 0, first.stderr
    counts = json.loads(first.stdout)["counts"]
    assert counts["evidence"]["added"] == 12
    assert server_counts(server_ws, "eli@example.com") == {
        "evidence": 12,
        "refs": 12,
        "ratings": 1,
        "goals": 1,
        "notes": 1,  # the shared one; the private one stayed on the laptop
    }
    # the laptop never mapped what it logged: the server maps it, so it counts for the manager
    assert laptop.store.scalar("SELECT COUNT(*) FROM evidence_area") == 0
    mapped = server_ws.store.scalar(
        "SELECT COUNT(DISTINCT a.evidence_id) FROM evidence_area a JOIN evidence e"
        " ON e.id = a.evidence_id WHERE e.person_id = :p",
        {"p": eli},
    )
    assert mapped == 12
    # the account's own profile on the server is the server's: a push never rewrites it
    assert server_ws.store.scalar("SELECT track FROM person WHERE id = :p", {"p": eli}) == "ic"
    notes = server_ws.store.query("SELECT notes FROM one_on_one")
    assert [n["notes"] for n in notes] == ["shared: growth plan"]

    again = ladder(env, "push")
    assert again.returncode == 0, again.stderr
    assert "nothing new" in again.stdout
    assert server_counts(server_ws, "eli@example.com")["evidence"] == 12

    # the token is in a file only its owner may read, and nowhere in either database
    [remote] = sync.remotes(laptop.store)
    assert stat.S_IMODE(os.stat(remote.token_file).st_mode) == 0o600
    for ws in (laptop, server_ws):
        for table in ("setting", "evidence", "audit"):
            rows = ws.store.query(f"SELECT * FROM {table}")
            assert token not in repr(rows)
    listed = ladder(env, "remote", "list", "--json")
    assert token not in listed.stdout and json.loads(listed.stdout)[0]["name"] == "team"
    audit = server_ws.store.query("SELECT action, actor FROM audit WHERE resource = 'sync'")
    assert {"action": "push", "actor": "eli@example.com"} in audit


def test_a_push_cut_by_a_dying_server_resumes_where_it_stopped(
    server_ws: Workspace, server: Server, laptop: Workspace, pg_url: str
) -> None:
    for n in range(40):
        laptop.log(f"Fixed flaky test number {n} in the payments suite @testing", date="2026-11-21")
    add_remote(laptop, server, token_for(server_ws, "eli@example.com"))
    env = laptop_env(laptop)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ladder", "push", "--batch", "2"],
        env={**{k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while server_counts(server_ws, "eli@example.com")["evidence"] < 6:
        assert time.monotonic() < deadline, "the push never reached the server"
        time.sleep(0.02)
    server.kill()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "connection was cut" in err and "ladder push" in err and "Traceback" not in err
    kept = server_counts(server_ws, "eli@example.com")["evidence"]
    assert 6 <= kept < 52

    server.start()
    resumed = ladder(env, "push", "--batch", "2", "--json")
    assert resumed.returncode == 0, resumed.stderr
    added = json.loads(resumed.stdout)["counts"]["evidence"].get("added", 0)
    assert added <= 52 - kept + 2  # at most the batch in flight is sent again
    assert server_counts(server_ws, "eli@example.com")["evidence"] == 52
    assert server_counts(server_ws, "eli@example.com")["refs"] == 52


def test_pull_brings_back_my_managers_rating_and_a_shared_note(
    server_ws: Workspace, server: Server, laptop: Workspace
) -> None:
    add_remote(laptop, server, token_for(server_ws, "eli@example.com"))
    env = laptop_env(laptop)
    assert ladder(env, "push").returncode == 0
    eli = accounts.by_email(server_ws.store, "eli@example.com").person_id
    boss = {"authorization": f"Bearer {token_for(server_ws, 'max@example.com')}"}
    rated = httpx.post(
        f"{server.address}/api/v1/people/{eli}/ratings",
        headers=boss,
        json={"expectation": EXP, "rating": "meeting", "note": "the cache doc was solid"},
    )
    assert rated.status_code == 201, rated.text
    noted = httpx.post(
        f"{server.address}/api/v1/people/{eli}/one-on-ones",
        headers=boss,
        json={"notes": "we agreed on the staff path", "shared": True, "held_on": "2026-11-22"},
    )
    assert noted.status_code == 201, noted.text
    httpx.post(
        f"{server.address}/api/v1/people/{eli}/one-on-ones",
        headers=boss,
        json={"notes": "MANAGER PRIVATE", "shared": False, "held_on": "2026-11-22"},
    )

    pulled = ladder(env, "pull")
    assert pulled.returncode == 0, pulled.stderr
    ratings = laptop.store.query(
        "SELECT rater, rater_name, rating, note FROM assessment WHERE rater = 'manager'"
    )
    assert [(r["rater"], r["rating"], r["note"]) for r in ratings] == [
        ("manager", 2, "the cache doc was solid")
    ]
    notes = [r["notes"] for r in laptop.store.query("SELECT notes FROM one_on_one")]
    assert "we agreed on the staff path" in notes and "MANAGER PRIVATE" not in notes
    again = ladder(env, "pull", "--json")
    assert all(
        by.get("added", 0) + by.get("updated", 0) == 0
        for by in json.loads(again.stdout)["counts"].values()
    )
    # pushing again never sends the manager's rating back as Eli's
    assert ladder(env, "push").returncode == 0
    assert server_counts(server_ws, "eli@example.com")["ratings"] == 1


def test_bad_remotes_and_refused_tokens_say_why_and_keep_nothing(
    server_ws: Workspace, server: Server, laptop: Workspace
) -> None:
    env = laptop_env(laptop)
    for args, words in [
        (("remote", "add", "team", "http://ladder.example.com"), "in the clear"),
        (("remote", "add", "Team!", server.address), "not a remote name"),
        (("remote", "add", "team", "ftp://x"), "not an http(s) address"),
    ]:
        done = ladder(env, *args, input="secret-token")
        assert done.returncode != 0 and words in done.stderr, (args, done.stderr)
    assert sync.remotes(laptop.store) == []
    assert ladder(env, "push").returncode != 0  # no remote: a clear error
    add_remote(laptop, server, "not-a-real-token")
    refused = ladder(env, "push")
    assert refused.returncode != 0 and "401" in refused.stderr and "Traceback" not in refused.stderr
    assert server_counts(server_ws, "eli@example.com")["evidence"] == 0
    assert ladder(env, "remote", "remove", "team").returncode == 0
    assert sync.remotes(laptop.store) == []


def test_a_push_of_someone_elses_uid_is_refused_whole(server_ws: Workspace) -> None:
    store = server_ws.store
    eli = accounts.by_email(store, "eli@example.com").person_id
    max_ = accounts.by_email(store, "max@example.com").person_id
    theirs = server_ws.for_person(max_).log("Max's own work @design")
    doc = {
        "format": "ladder-export",
        "format_version": 1,
        "people": [
            {
                "uid": "laptop-eli",
                "name": "Eli",
                "level": None,
                "target_level": None,
                "is_self": True,
                "created_at": "2026-11-01T00:00:00Z",
                "emails": [],
                "handles": [],
            }
        ],
        "ladders": [],
        "evidence": [
            {
                "uid": theirs.uid,
                "person": "laptop-eli",
                "date": "2026-11-20",
                "text": "mine now",
                "impact": None,
                "source": "manual",
                "source_ref": None,
                "url": None,
                "tags": [],
                "links": [],
                "areas": [],
                "created_at": "2026-11-20T00:00:00Z",
                "updated_at": "2026-11-20T00:00:00Z",
            }
        ],
    }
    before = store.scalar("SELECT COUNT(*) FROM evidence")
    with pytest.raises(sync.ConflictError):
        sync.receive_push(store, eli, doc, now=CLOCK.now_iso(), today=CLOCK.today())
    assert store.scalar("SELECT COUNT(*) FROM evidence") == before
    row = store.one("SELECT person_id, text FROM evidence WHERE uid = :u", {"u": theirs.uid})
    assert row == {"person_id": max_, "text": "Max's own work @design"}
    with pytest.raises(InputError):
        sync.receive_push(
            store,
            eli,
            doc | {"evidence": [], "mentees": [{"uid": "m"}]},
            now="",
            today=CLOCK.today(),
        )
