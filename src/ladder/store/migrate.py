"""Bring a workspace database to the schema this code expects, with Alembic.

Imported only when :meth:`ladder.store.Store.is_current` says a migration is due, so the
cost of importing Alembic and SQLAlchemy is paid once per schema change, not per command.
"""

from __future__ import annotations

from pathlib import Path

from ladder.errors import StorageError
from ladder.store import redact_url, sqlalchemy_url

MIGRATIONS = Path(__file__).with_name("migrations")


def config(url: str):  # type: ignore[no-untyped-def]
    """An Alembic config for the store at ``url``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["url"] = sqlalchemy_url(url)
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision`` (default: the newest).

    Raises:
        StorageError: The migration failed; the database is left at its previous revision.
    """
    from alembic import command
    from sqlalchemy.exc import SQLAlchemyError

    try:
        command.upgrade(config(url), revision)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise StorageError(f"cannot prepare the database at {redact_url(url)}: {reason}") from exc


def head() -> str:
    """The newest revision among the migration scripts."""
    from alembic.script import ScriptDirectory

    rev = ScriptDirectory.from_config(config("sqlite:///:memory:")).get_current_head()
    assert rev is not None
    return rev
