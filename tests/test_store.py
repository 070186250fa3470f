"""The store: migrations, the schema they build, and clear errors for storage that won't do."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import CLOCK
from ladder.errors import InputError, StorageError
from ladder.store import SCHEMA_REVISION, connect, migrate, redact_url, sqlite_url
from ladder.workspace import Workspace


def test_schema_revision_is_the_migrations_head() -> None:
    assert migrate.head() == SCHEMA_REVISION


def test_migrated_database_matches_schema_metadata(backend: str, tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from ladder.store import sqlalchemy_url
    from ladder.store.schema import metadata

    Workspace.open(tmp_path, url=backend, env={}, clock=CLOCK).close()
    engine = create_engine(sqlalchemy_url(backend))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    # The full-text objects (FTS5 table, tsvector column) live outside the metadata on purpose.
    diff = [d for d in diff if "evidence_fts" not in repr(d) and "search" not in repr(d)]
    assert diff == []


def _shape(url: str) -> list[tuple[object, ...]]:
    """Everything the migrations build, as rows that name no schema: tables, columns, indexes,
    constraints, triggers, the FTS objects, the revision."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            rows = conn.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            ).fetchall()
            rows += conn.execute("SELECT 'revision', version_num FROM alembic_version").fetchall()
        conn.close()
        return rows
    import psycopg

    with psycopg.connect(url) as conn:
        schema = conn.execute("SELECT current_schema()").fetchone()[0]  # type: ignore[index]
        queries = [
            "SELECT table_name, column_name, data_type, is_nullable, column_default, "
            "is_generated, generation_expression FROM information_schema.columns "
            "WHERE table_schema = %(s)s",
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %(s)s",
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = %(s)s",
            "SELECT event_object_table, trigger_name, action_statement "
            "FROM information_schema.triggers WHERE trigger_schema = %(s)s",
            "SELECT 'revision', version_num FROM alembic_version",
        ]
        rows = [row for q in queries for row in conn.execute(q, {"s": schema}).fetchall()]
    return sorted(tuple(str(v).replace(f"{schema}.", "") for v in row) for row in rows)


def test_the_tests_migrated_template_is_what_the_migrations_build(
    backend: str, tmp_path: Path, migrated_once: Any, request: pytest.FixtureRequest
) -> None:
    """tests/conftest.py gives new test databases a copy of one migrated per session; that copy
    must be exactly what running the migrations builds."""
    Workspace.open(tmp_path, url=backend, env={}, clock=CLOCK).close()  # from the template
    if backend.startswith("sqlite"):
        real = sqlite_url(tmp_path / "real" / "ladder.db")
    else:
        real = str(request.getfixturevalue("pg_url_2"))
    connect(real).close()
    migrated_once(real, "head")  # the migrations themselves
    assert _shape(backend) == _shape(real)
    assert len(_shape(real)) > 50


def test_sqlite_store_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = connect(sqlite_url(tmp_path / "x.db"))
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    store.close()


def test_workspace_open_migrates_once_and_installs_default_ladder(
    backend: str, tmp_path: Path
) -> None:
    with Workspace.open(tmp_path, url=backend, env={}, clock=CLOCK) as ws:
        assert ws.store.revision() == SCHEMA_REVISION
        assert ws.ladder().id == "software-engineering"
    with Workspace.open(tmp_path, url=backend, env={}, clock=CLOCK) as ws:
        assert len(ws.ladder_versions()) == 1


def test_transaction_rolls_back_everything_on_error(bare_ws: Workspace) -> None:
    store = bare_ws.store
    with pytest.raises(RuntimeError), store.transaction():
        store.execute("INSERT INTO setting (key, value) VALUES ('a', '1')")
        raise RuntimeError("boom")
    assert store.scalar("SELECT COUNT(*) FROM setting") == 0


def test_connect_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "ladder.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    before = bogus.read_bytes()
    with pytest.raises(StorageError, match="is not a ladder database"):
        Workspace.open(tmp_path, env={}, clock=CLOCK)
    assert bogus.read_bytes() == before


def test_connect_refuses_a_folder_where_the_database_should_be(tmp_path: Path) -> None:
    (tmp_path / "ladder.db").mkdir()
    with pytest.raises(StorageError, match="is a folder"):
        Workspace.open(tmp_path, env={}, clock=CLOCK)


def test_connect_names_unreachable_postgres_without_password(tmp_path: Path) -> None:
    url = "postgresql://bob:s3cret@127.0.0.1:1/nope"
    with pytest.raises(StorageError) as info:
        connect(url)
    assert "s3cret" not in str(info.value)
    assert "cannot reach PostgreSQL" in str(info.value)


def test_redact_url_hides_passwords() -> None:
    assert redact_url("postgresql://bob:pw@host/db") == "postgresql://bob:***@host/db"
    assert redact_url("postgresql://bob@host/db") == "postgresql://bob@host/db"


def test_unsupported_url_is_refused() -> None:
    with pytest.raises(StorageError, match="unsupported database URL"):
        connect("mysql://root@localhost/x")


def _read_only(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `ladder --home folder ARGS` with folder read-only (a bind mount as root, chmod otherwise)."""
    command = [sys.executable, "-m", "ladder", "--home", str(folder), *args]
    import os

    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=60)
        finally:
            folder.chmod(0o755)
    if not shutil.which("unshare"):
        pytest.skip("running as root without `unshare`: cannot make a folder read-only for root")
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"'
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", str(folder), "true"], capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip("cannot make a read-only bind mount here (unshare -m refused)")
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", str(folder), *command],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_read_only_empty_home_gives_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    done = _read_only(home, "entries")
    assert done.returncode == 1
    assert "read-only" in done.stderr and "Traceback" not in done.stderr
    assert list(home.iterdir()) == []


def test_read_only_home_with_workspace_refuses_capture_cleanly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Workspace.open(home, env={}, clock=CLOCK) as ws:
        from ladder.person import ProfileInput

        ws.init_profile(ProfileInput(name="Ada", emails=["ada@example.com"]))
        ws.log("before")
    before = (
        sqlite3.connect(home / "ladder.db").execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
    )
    done = _read_only(home, "log", "after the folder went read-only")
    assert done.returncode == 1, done.stderr
    assert "error:" in done.stderr and "Traceback" not in done.stderr
    assert (
        sqlite3.connect(home / "ladder.db").execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
        == before
    )


def test_upgrade_from_the_first_schema_keeps_the_data(backend: str, tmp_path: Path) -> None:
    connect(backend).close()  # creates the folder, as Workspace.open does
    migrate.upgrade(backend, "0001")
    store = connect(backend)
    with store.transaction():
        pid = store.insert(
            "person",
            {"uid": "p1", "name": "Ada", "is_self": 1, "created_at": "2026-11-01T00:00:00Z"},
        )
        store.insert(
            "evidence",
            {
                "uid": "e1",
                "person_id": pid,
                "occurred_on": "2026-11-01",
                "text": "Wrote the runbook",
                "source": "manual",
                "created_at": "2026-11-01T00:00:00Z",
                "updated_at": "2026-11-01T00:00:00Z",
            },
        )
    assert store.revision() == "0001"
    store.close()
    with Workspace.open(tmp_path, url=backend, env={}, clock=CLOCK) as ws:
        assert ws.store.revision() == SCHEMA_REVISION
        (entry,), total = ws.entries()
        assert total == 1 and entry.text == "Wrote the runbook" and entry.kind == "note"
        from ladder.evidence import Filter

        assert ws.entries(Filter(search="runbook"))[1] == 1  # the full-text index came along


def test_executemany_errors_are_storage_errors_as_executes_are(bare_ws: Workspace) -> None:
    """A statement run for many rows fails as one run once does: a StorageError with the
    database's reason, not the driver's own exception (the mapper writes a chunk's rows so)."""
    store = bare_ws.store
    with pytest.raises(StorageError, match="database error") as many:
        store.executemany(
            "INSERT INTO setting (key, value) VALUES (:k, :v)", [{"k": None, "v": "x"}]
        )
    with pytest.raises(StorageError, match="database error") as one:
        store.execute("INSERT INTO setting (key, value) VALUES (:k, :v)", {"k": None, "v": "x"})
    assert str(many.value) == str(one.value)


@pytest.mark.parametrize(
    ("value", "said"), [(2**70, "a number is too large"), ("caf\udce9.md", "not valid UTF-8")]
)
def test_values_no_database_holds_are_input_errors_run_once_or_many(
    bare_ws: Workspace, value: object, said: str
) -> None:
    """A number past 64 bits or text with a lone surrogate (a file name that is not UTF-8)
    is refused with a plain reason, not the driver's exception, and nothing is written."""
    store = bare_ws.store
    sql = "INSERT INTO setting (key, value) VALUES (:k, :v)"
    with pytest.raises(InputError, match=said):
        store.execute(sql, {"k": "x", "v": value})
    with pytest.raises(InputError, match=said):
        store.executemany(sql, [{"k": "y", "v": value}])
    assert store.scalar("SELECT COUNT(*) FROM setting WHERE key IN ('x', 'y')") == 0


@pytest.mark.postgres
def test_a_number_past_what_a_postgresql_column_holds_is_an_input_error(pg_url: str) -> None:
    """PostgreSQL's integer columns stop at 2147483647: past that the database's refusal is
    worded as the input's fault, and the connection goes on working."""
    store = connect(pg_url)
    with pytest.raises(InputError, match="a number is too large for the database"):
        store.scalar("SELECT CAST(:n AS integer)", {"n": 2**40})
    with pytest.raises(InputError, match="a number is too large for the database"):
        store.executemany("SELECT CAST(:n AS integer)", [{"n": 1}, {"n": 2**40}])
    assert store.scalar("SELECT CAST(:n AS integer)", {"n": 7}) == 7
    store.close()
