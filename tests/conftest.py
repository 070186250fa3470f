"""Shared fixtures: real SQLite files, the real PostgreSQL server, the real command line.

``backend`` runs a test against SQLite and, when a server answers at
``LADDER_TEST_POSTGRES`` (default ``postgresql://postgres@127.0.0.1:5432/test``), against
PostgreSQL too, each test in a schema of its own that is dropped afterwards. Where no server
answers, the PostgreSQL case is skipped and says why.
"""

from __future__ import annotations

import io
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

# Helpers tests import by name live in helpers.py: `from conftest import …` breaks as soon as a
# sub-folder has a conftest.py of its own.
from helpers import git, run_ladder, ticking_clock  # noqa: F401
from ladder.clock import Clock
from ladder.person import ProfileInput
from ladder.workspace import Workspace

POSTGRES = os.environ.get("LADDER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
_pg_reason: str | None = None


def postgres_unavailable() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when the server answers."""
    global _pg_reason
    if _pg_reason is None:
        try:
            import psycopg

            with psycopg.connect(POSTGRES, connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            _pg_reason = ""
        except Exception as exc:  # any failure means: skip, and say why
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            _pg_reason = f"no PostgreSQL server answers at {POSTGRES} ({first})"
    return _pg_reason or None


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    import psycopg

    schema = "t_" + secrets.token_hex(6)
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in POSTGRES else "?"
    yield f"{POSTGRES}{sep}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store URL: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'home' / 'ladder.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def clock() -> Clock:
    """The clock every workspace and command of a test reads: helpers.NOW, 1 ms a reading."""
    return ticking_clock()


@pytest.fixture
def bare_ws(backend: str, tmp_path: Path, clock: Clock) -> Iterator[Workspace]:
    """A new workspace with no profile yet."""
    ws = Workspace.open(tmp_path / "home", url=backend, env={}, clock=clock)
    yield ws
    ws.close()


@pytest.fixture
def ws(bare_ws: Workspace) -> Workspace:
    """A new workspace with a profile (Ada, mid → senior)."""
    bare_ws.init_profile(
        ProfileInput(
            name="Ada Lovelace",
            emails=["ada@example.com"],
            handles=["github:ada"],
            level="mid",
            target_level="senior",
        )
    )
    return bare_ws


@dataclass
class Result:
    """What a command printed and returned."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A workspace folder for command-line tests."""
    return tmp_path / "ladder-home"


@pytest.fixture
def cli(home: Path, clock: Clock):  # type: ignore[no-untyped-def]
    """Run ``ladder ARGS…`` in-process through the real entry point, with LADDER_HOME=home."""
    from ladder.__main__ import main

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        out, err = io.StringIO(), io.StringIO()
        environ = {"LADDER_HOME": str(home), "COLUMNS": "200", **(env or {})}
        old_env = dict(os.environ)
        old_stdin = sys.stdin
        os.environ.clear()
        os.environ.update({k: v for k, v in old_env.items() if not k.startswith("LADDER_")})
        os.environ.update(environ)
        sys.stdin = io.StringIO(input or "")
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = main(list(args), clock=clock)
        finally:
            sys.stdin = old_stdin
            os.environ.clear()
            os.environ.update(old_env)
        return Result(code, out.getvalue(), err.getvalue())

    return invoke
