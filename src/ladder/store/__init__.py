"""The store: one thin DB-API layer over SQLite (stdlib ``sqlite3``) or PostgreSQL (psycopg 3).

Why not query through SQLAlchemy? Capture (``ladder log``) and listing must start in tens of
milliseconds, and ``import sqlalchemy`` alone costs more than that budget (see
``docs/architecture.md``). So the schema is declared with SQLAlchemy (:mod:`ladder.store.schema`)
and evolved with Alembic (:mod:`ladder.store.migrate`), both imported only when a migration is
due, while day-to-day reads and writes go through this module with plain, portable SQL.

SQL is written once with ``:name`` parameters; on PostgreSQL they are rewritten to psycopg's
``%(name)s`` form. Timestamps and dates are ISO-8601 text in both databases, so values read
back are the same Python objects whatever the backend.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ladder.errors import InputError, LadderError, StorageError

#: The Alembic revision this code expects. ``tests/test_store.py`` checks that it is the head.
SCHEMA_REVISION = "0008"

Row = dict[str, Any]
Params = Mapping[str, Any] | None

_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


class Store:
    """A connection to the workspace database.

    Args:
        url: ``sqlite:///PATH`` or ``postgresql://…`` (``postgresql+psycopg://`` is accepted).
        connection: The open DB-API connection.
        dialect: ``"sqlite"`` or ``"postgresql"``.
    """

    def __init__(self, url: str, connection: Any, dialect: str) -> None:
        self.url = url
        self.connection = connection
        self.dialect = dialect
        self._depth = 0

    # -- running SQL ------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        if self.dialect == "postgresql":
            return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))
        return sql

    def execute(self, sql: str, params: Params = None) -> Any:
        """Run one statement and return the cursor."""
        cur = self.connection.cursor()
        try:
            cur.execute(self._sql(sql), dict(params or {}))
        except sqlite3.DatabaseError as exc:
            raise _storage_error(self.url, exc) from exc
        except (OverflowError, UnicodeEncodeError) as exc:
            raise _value_error(exc) from exc
        return cur

    def executemany(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run one statement for each mapping in ``rows``."""
        if not rows:
            return
        try:
            self.connection.cursor().executemany(self._sql(sql), [dict(r) for r in rows])
        except sqlite3.DatabaseError as exc:
            raise _storage_error(self.url, exc) from exc
        except (OverflowError, UnicodeEncodeError) as exc:
            raise _value_error(exc) from exc

    def query(self, sql: str, params: Params = None) -> list[Row]:
        """Run a query and return every row as a dict."""
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def one(self, sql: str, params: Params = None) -> Row | None:
        """Run a query and return its first row, or None."""
        cur = self.execute(sql, params)
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def scalar(self, sql: str, params: Params = None) -> Any:
        """Run a query and return the first column of its first row, or None."""
        row = self.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        """Insert one row and return its integer ``id``."""
        cols = ", ".join(values)
        marks = ", ".join(f":{c}" for c in values)
        sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
        if self.dialect == "postgresql":
            return int(self.execute(sql + " RETURNING id", values).fetchone()[0])
        return int(self.execute(sql, values).lastrowid)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Run the block in one transaction: everything is written, or nothing is.

        Nested uses join the outer transaction.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._depth = 1
        # both connections commit each statement on its own (autocommit) outside a transaction
        self.connection.execute("BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN")
        try:
            yield self
        except BaseException:
            self.connection.rollback()
            raise
        else:
            self.connection.commit()
        finally:
            self._depth = 0

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    # -- schema -----------------------------------------------------------------------------
    def revision(self) -> str | None:
        """The Alembic revision the database is at, or None for an empty database."""
        try:
            if self.dialect == "sqlite":
                exists = self.scalar(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
                )
            else:
                exists = self.scalar("SELECT to_regclass('alembic_version') IS NOT NULL")
            if not exists:
                return None
            value = self.scalar("SELECT version_num FROM alembic_version")
        finally:
            if self.dialect == "postgresql":
                self.connection.commit()
        return None if value is None else str(value)

    def is_current(self) -> bool:
        """True when the schema is at the revision this code expects."""
        return self.revision() == SCHEMA_REVISION


def sqlite_url(path: Path) -> str:
    """The store URL of a SQLite file."""
    return f"sqlite:///{path}"


def connect(url: str) -> Store:
    """Open a store at ``url`` (SQLite file or PostgreSQL server).

    Raises:
        StorageError: The file is not a database, its folder cannot be written, or the server
            does not answer.
    """
    if url.startswith("sqlite:///"):
        return _connect_sqlite(url)
    if url.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        return _connect_postgres(url)
    raise StorageError(
        f"unsupported database URL {redact_url(url)!r}",
        hint="use sqlite:///PATH or postgresql://USER@HOST:PORT/DB",
    )


def _connect_sqlite(url: str) -> Store:
    path = Path(url.removeprefix("sqlite:///"))
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create the ladder home {folder}: {exc.strerror}") from exc
    if not path.exists() and not _writable(folder):
        raise StorageError(f"cannot create {path}: the folder {folder} is read-only")
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a ladder database")
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=10.0, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        raise _storage_error(url, exc) from exc
    if str(mode).lower() != "wal" and path.exists() and not _writable(path):
        raise StorageError(f"{path} is read-only: ladder needs to write to it")
    return Store(url, conn, "sqlite")


def _connect_postgres(url: str) -> Store:
    import psycopg

    conninfo = postgres_conninfo(url)
    try:
        # autocommit, as the SQLite connection: a read is one round trip (no COMMIT after it,
        # no transaction left open between requests); Store.transaction() says BEGIN
        conn = psycopg.connect(conninfo, connect_timeout=5, autocommit=True)
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StorageError(
            f"cannot reach PostgreSQL at {redact_url(url)}: {redact_url(first)}"
        ) from exc
    return _PostgresStore(url, conn, "postgresql")


class _PostgresStore(Store):
    """A PostgreSQL connection in autocommit mode: outside :meth:`Store.transaction` every
    statement is its own transaction, as on SQLite.

    A number past 64 bits is refused before it is sent, as SQLite refuses it (psycopg would
    send it as a ``numeric``, which a text column takes and an integer column fails on), and
    a number past what a column holds (``integer out of range``) is an input error too."""

    def execute(self, sql: str, params: Params = None) -> Any:
        import psycopg

        _fits(params)
        try:
            return super().execute(sql, params)
        except psycopg.Error as exc:
            raise self._error(exc) from exc

    def executemany(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        import psycopg

        for row in rows:
            _fits(row)
        try:
            super().executemany(sql, rows)
        except psycopg.Error as exc:
            raise self._error(exc) from exc

    def _error(self, exc: Exception) -> LadderError:
        import psycopg

        if not self._depth:
            self.connection.rollback()
        first = str(exc).strip().splitlines()[0]
        if isinstance(exc, psycopg.errors.NumericValueOutOfRange):
            return InputError(f"a number is too large for the database (PostgreSQL says: {first})")
        return StorageError(f"database error: {first}")


def _fits(params: Params) -> None:
    """Refuse an integer in ``params`` that no 64-bit column holds, as SQLite does."""
    for value in (params or {}).values():
        if type(value) is int and not -(2**63) <= value < 2**63:
            raise _value_error(OverflowError(value))


def postgres_conninfo(url: str) -> str:
    """The psycopg connection string for a ``postgresql[+psycopg]://`` URL."""
    for prefix in ("postgresql+psycopg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url.removeprefix(prefix)
    return url


def sqlalchemy_url(url: str) -> str:
    """The SQLAlchemy URL for a store URL (used by Alembic)."""
    if url.startswith("sqlite:///"):
        return url
    return "postgresql+psycopg://" + postgres_conninfo(url).removeprefix("postgresql://")


def redact_url(text: str) -> str:
    """Hide any password in a database URL or connection message."""
    return re.sub(r"(://[^:/@\s]+):[^@/\s]+@", r"\1:***@", text)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def _value_error(exc: OverflowError | UnicodeEncodeError) -> InputError:
    """A value no database can hold, said plainly: a number too large (`ladder show
    99999999999999999999`: no row has that id) or text that is not valid UTF-8."""
    if isinstance(exc, OverflowError):
        return InputError("a number is too large: ids and counts stop at 9223372036854775807")
    return InputError(
        "text that is not valid UTF-8 cannot be stored (a file name or a value with bytes "
        "that are not UTF-8)"
    )


def _storage_error(url: str, exc: Exception) -> StorageError:
    text = str(exc)
    where = redact_url(url).removeprefix("sqlite:///")
    if "file is not a database" in text or "file is encrypted" in text:
        return StorageError(
            f"{where} is not a ladder database (SQLite says: {text})",
            hint="point LADDER_HOME (or --home) at another folder, or move the file away",
        )
    if "readonly" in text or "read-only" in text:
        return StorageError(f"{where} is read-only: ladder needs to write to it ({text})")
    if "unable to open" in text:
        return StorageError(f"cannot open {where}: {text}")
    return StorageError(f"database error in {where}: {text}")
