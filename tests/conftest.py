"""Shared fixtures: real SQLite files, the real PostgreSQL server, the real command line.

``backend`` runs a test against SQLite and, when a server answers at
``LADDER_TEST_POSTGRES`` (default ``postgresql://postgres@127.0.0.1:5432/test``), against
PostgreSQL too, each test in a schema of its own that is dropped afterwards. Where no server
answers, the PostgreSQL case is skipped and says why.

**Migrated once.** Running the migrations for every new test workspace cost about 0.35 s on
SQLite and 1 s on PostgreSQL. So the real migrations run once per session, into a template
(:class:`Templates`), and a new, empty database that is to be brought to the newest schema
gets the template instead: the SQLite file is copied; on PostgreSQL the template schema's DDL
(from ``pg_dump --schema-only``) is replayed into the test's own schema. Everything else is as
before: the bundled ladder is installed by ``Workspace.open`` with the test's clock, and a
migration to any other revision, or of a database that already has tables, runs for real.
``LADDER_TEST_MIGRATIONS=always`` turns the templates off (every workspace migrates itself).
"""

from __future__ import annotations

import io
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
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


class Templates:
    """Migrated databases, made once per session by the real migrations, to copy from.

    Args:
        folder: Where the SQLite template lives (a session temporary folder).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._sqlite: Path | None = None
        self._pg: tuple[str, str] | None = None  # (DDL script, the schema name it uses)
        self._pg_failed = False
        self.copies = {"SQLite": 0, "PostgreSQL": 0}

    def sqlite(self, upgrade: Callable[[str, str], None]) -> Path:
        """The template file: the migrations run once, then ``VACUUM INTO`` one clean file."""
        if self._sqlite is None:
            from ladder.store import connect

            work = self.folder / "migrated.db"
            connect(f"sqlite:///{work}").close()  # as Workspace.open does: WAL, then migrate
            upgrade(f"sqlite:///{work}", "head")
            target = self.folder / "template.db"
            with sqlite3.connect(work) as conn:
                conn.execute("VACUUM INTO ?", (str(target),))
            conn.close()
            self._sqlite = target
        return self._sqlite

    def postgres(self, upgrade: Callable[[str, str], None]) -> tuple[str, str] | None:
        """The DDL of a migrated schema and that schema's name; None where ``pg_dump`` cannot
        make it (then every test migrates its own schema)."""
        if self._pg is None and not self._pg_failed:
            import psycopg

            name = "ladder_template_" + secrets.token_hex(6)
            sep = "&" if "?" in POSTGRES else "?"
            url = f"{POSTGRES}{sep}options={quote(f'-csearch_path={name}')}"
            with psycopg.connect(POSTGRES, autocommit=True) as conn:
                conn.execute(f"CREATE SCHEMA {name}")
            try:
                upgrade(url, "head")
                command = ["pg_dump", "--schema-only", "--no-owner", "--no-privileges"]
                dump = subprocess.run(
                    [*command, "--no-comments", "--schema", name, POSTGRES],
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=True,
                ).stdout
                with psycopg.connect(url) as conn:
                    version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                assert version is not None
                lines = [
                    line
                    for line in dump.splitlines()
                    if not line.startswith("\\")  # psql meta-commands (\restrict …)
                    and line.strip() != f"CREATE SCHEMA {name};"  # the test's schema exists
                ]
                lines.append(
                    f"INSERT INTO {name}.alembic_version (version_num) VALUES ('{version[0]}');"
                )
                self._pg = ("\n".join(lines), name)
            except (OSError, subprocess.SubprocessError):
                self._pg_failed = True  # no pg_dump, or one that cannot read this server
            finally:
                with psycopg.connect(POSTGRES, autocommit=True) as conn:
                    conn.execute(f"DROP SCHEMA {name} CASCADE")
        return self._pg

    def copy_into(self, url: str, upgrade: Callable[[str, str], None]) -> bool:
        """Give the empty database at ``url`` the migrated schema; False if it is not empty
        (or not a kind this knows), and nothing was done."""
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            if not path.parent.is_dir() or any(
                Path(f"{path}{end}").exists() for end in ("-wal", "-shm", "-journal")
            ):
                return False
            if path.exists():
                with sqlite3.connect(path) as conn:
                    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                conn.close()
                if tables:
                    return False
            shutil.copyfile(self.sqlite(upgrade), path)
            self.copies["SQLite"] += 1
            return True
        if url.startswith("postgresql://") and url.startswith(POSTGRES):
            template = self.postgres(upgrade)
            if template is None:
                return False
            import psycopg

            script, name = template
            with psycopg.connect(url) as conn:
                schema = conn.execute("SELECT current_schema()").fetchone()
                if (
                    schema is None
                    or schema[0] is None
                    or conn.execute(
                        "SELECT count(*) FROM pg_tables WHERE schemaname = %s", (schema[0],)
                    ).fetchone()
                    != (0,)
                ):
                    return False
                conn.execute(script.replace(name, schema[0]))  # one transaction
            self.copies["PostgreSQL"] += 1
            return True
        return False


@pytest.fixture(scope="session", autouse=True)
def migrated_once(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[str, str], None]]:
    """New test databases get the session's migrated template (see the module's docstring).

    Yields the real ``migrate.upgrade``, for the tests that check the template against it.
    """
    from ladder.store import migrate

    real = migrate.upgrade
    if os.environ.get("LADDER_TEST_MIGRATIONS") == "always":
        yield real
        return
    templates = Templates(tmp_path_factory.mktemp("migrated"))
    _used.append(templates)

    def upgrade(url: str, revision: str = "head") -> None:
        if revision == "head" and templates.copy_into(url, real):
            return
        real(url, revision)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(migrate, "upgrade", upgrade)
        yield real


_used: list[Templates] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many test databases started from the migrated template."""
    for templates in _used:
        counts = ", ".join(f"{n} {kind}" for kind, n in templates.copies.items() if n)
        if counts:
            terminalreporter.write_line(f"migrated once, copied into: {counts} test databases")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    yield from _pg_schema()


@pytest.fixture
def pg_url_2() -> Iterator[str]:
    """Another such URL, for a test that needs two databases."""
    yield from _pg_schema()


def _pg_schema() -> Iterator[str]:
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
