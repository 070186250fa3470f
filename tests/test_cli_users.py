"""``ladder users …`` and ``ladder serve --team``: accounts, roles, managers, passwords and
tokens from the command line; bad input is a clear error and writes nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

STRONG = "maple orbit velvet canyon 42 drift"


def _db(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "ladder.db")


def _count(home: Path, table: str) -> int:
    with _db(home) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _dump(home: Path) -> str:
    with _db(home) as conn:
        return "".join(
            repr(conn.execute(f"SELECT * FROM {t}").fetchall())
            for t in ("account", "api_token", "web_session", "audit", "person", "person_identity")
        )


@pytest.fixture
def team(cli: Any) -> Any:
    assert (
        cli(
            "users",
            "add",
            "grace@example.com",
            "--name",
            "Grace Hopper",
            "--role",
            "admin",
            "--role",
            "manager",
        ).exit_code
        == 0
    )
    added = cli(
        "users",
        "add",
        "Lin@Example.com",
        "--name",
        "Lin Wu",
        "--role",
        "engineer",
        "--manager",
        "grace@example.com",
        "--target",
        "senior",
    )
    assert added.exit_code == 0, added.stderr
    assert "Added Lin Wu <lin@example.com>" in added.stdout
    return cli


def test_users_add_and_list(team: Any) -> None:
    listed = team("users", "list", "--json")
    people = json.loads(listed.stdout)["people"]
    assert [(p["email"], p["roles"], p["manager"]) for p in people] == [
        ("grace@example.com", ["manager", "admin"], None),
        ("lin@example.com", ["engineer"], "grace@example.com"),
    ]
    assert all({"id", "email", "name", "roles", "manager"} <= set(p) for p in people)
    table = team("users", "list", env={"COLUMNS": "80"})
    assert "Lin Wu" in table.stdout and max(map(len, table.stdout.splitlines())) <= 80


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "boss"], "unknown role 'boss'"),
        (["--role", "engineer", "--manager", "nobody@example.com"], "no account has the email"),
        (["--role", "engineer", "--target", "wizard"], "unknown target level 'wizard'"),
        ([], "Missing option '--role'"),
    ],
)
def test_users_add_bad_input_writes_nothing(
    team: Any, home: Path, args: list[str], message: str
) -> None:
    before = _dump(home)
    done = team("users", "add", "sam@example.com", "--name", "Sam", *args)
    assert done.exit_code == (2 if not args else 1) and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert _dump(home) == before


def test_users_add_refuses_a_taken_email_and_a_bad_one(team: Any, home: Path) -> None:
    before = _dump(home)
    again = team("users", "add", "LIN@example.com", "--name", "Lin", "--role", "engineer")
    assert again.exit_code == 1 and "already has an account" in again.stderr
    bad = team("users", "add", "not-an-email", "--name", "X", "--role", "engineer")
    assert bad.exit_code == 1 and "is not an email address" in bad.stderr
    assert _dump(home) == before


def test_manager_loops_are_refused_and_nothing_changes(team: Any, home: Path) -> None:
    before = _dump(home)
    loop = team("users", "set-manager", "grace@example.com", "lin@example.com")
    assert loop.exit_code == 1
    assert (
        "makes a loop" in loop.stderr and "grace@example.com manages lin@example.com" in loop.stderr
    )
    self_loop = team("users", "set-manager", "lin@example.com", "lin@example.com")
    assert self_loop.exit_code == 1 and "cannot manage themselves" in self_loop.stderr
    assert _dump(home) == before
    cleared = team("users", "set-manager", "lin@example.com", "none")
    assert cleared.exit_code == 0 and "managed by nobody" in cleared.stdout


def test_set_password_checks_strength_and_stores_only_a_hash(team: Any, home: Path) -> None:
    before = _dump(home)
    weak = team("users", "set-password", "lin@example.com", input="linwu2026\n")
    assert weak.exit_code == 1 and "too easy to guess" in weak.stderr
    assert "linwu2026" not in weak.stderr + weak.stdout
    empty = team("users", "set-password", "lin@example.com", input="")
    assert empty.exit_code == 1 and "no password" in empty.stderr
    assert _dump(home) == before
    done = team("users", "set-password", "lin@example.com", input=STRONG + "\n")
    assert done.exit_code == 0 and STRONG not in done.stdout
    dump = _dump(home)
    assert STRONG not in dump and "$argon2id$" in dump
    unknown = team("users", "set-password", "who@example.com", input=STRONG + "\n")
    assert unknown.exit_code == 1 and "no account has the email 'who@example.com'" in unknown.stderr


def test_token_is_printed_once_and_stored_as_a_hash(team: Any, home: Path) -> None:
    made = team("users", "token", "lin@example.com", "--scope", "write", "--expires", "30d")
    assert made.exit_code == 0, made.stderr
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("ladder_") and len(secret) > 40
    assert "expires 2026-12-24" in made.stdout  # the test clock's day + 30
    listed = team("users", "list", "--tokens", "--json")
    tokens = json.loads(listed.stdout)["tokens"]
    assert [(t["id"], t["scope"], t["last_used_at"]) for t in tokens] == [(1, "write", None)]
    assert secret not in listed.stdout + team("users", "list", "--tokens").stdout
    assert secret not in _dump(home) and secret[7:] not in _dump(home)
    revoked = team("users", "revoke", "1")
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    assert json.loads(team("users", "list", "--tokens", "--json").stdout)["tokens"][0]["revoked_at"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scope", "admin"], "unknown scope 'admin'"),
        (["--expires", "soon"], "is not an expiry"),
        (["--expires", "0d"], "a token lasts from 1 hour"),
        (["--expires", "99999d"], "a token lasts from 1 hour"),
    ],
)
def test_token_bad_input_writes_nothing(
    team: Any, home: Path, args: list[str], message: str
) -> None:
    before = _dump(home)
    done = team("users", "token", "lin@example.com", *args)
    assert done.exit_code == 1 and message in done.stderr, done.stderr
    assert _dump(home) == before


def test_revoke_unknown_token_and_deactivate(team: Any, home: Path) -> None:
    missing = team("users", "revoke", "42")
    assert missing.exit_code == 1 and "no token has the id 42" in missing.stderr
    last_admin = team("users", "deactivate", "grace@example.com")
    assert last_admin.exit_code == 1 and "only active admin" in last_admin.stderr
    done = team("users", "deactivate", "lin@example.com")
    assert done.exit_code == 0
    token = team("users", "token", "lin@example.com")
    assert token.exit_code == 1 and "deactivated" in token.stderr
    people = json.loads(team("users", "list", "--json").stdout)["people"]
    assert [p["active"] for p in people] == [True, False]


def test_serve_team_refuses_without_an_active_admin(cli: Any, home: Path) -> None:
    nothing = cli("serve", "--team")
    assert nothing.exit_code == 1 and "needs an active admin" in nothing.stderr
    assert not (home / "ladder.db").exists()  # nothing created
    cli("users", "add", "e@example.com", "--name", "E", "--role", "engineer")
    still = cli("serve", "--team")
    assert (
        still.exit_code == 1 and "ladder users add EMAIL --name NAME --role admin" in still.stderr
    )


@pytest.mark.postgres
def test_users_on_postgresql(cli: Any, pg_url: str) -> None:
    env = {"LADDER_DATABASE_URL": pg_url}
    assert (
        cli("users", "add", "a@example.com", "--name", "A", "--role", "admin", env=env).exit_code
        == 0
    )
    bad = cli("users", "add", "b@example.com", "--name", "B", "--role", "chief", env=env)
    assert bad.exit_code == 1 and "unknown role 'chief'" in bad.stderr
    people = json.loads(cli("users", "list", "--json", env=env).stdout)["people"]
    assert [p["email"] for p in people] == ["a@example.com"]
