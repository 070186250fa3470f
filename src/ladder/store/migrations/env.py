"""Alembic environment for the ladder workspace database.

Run through :func:`ladder.store.migrate.upgrade`; the URL arrives in the config's attributes.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from ladder.store.schema import metadata

config = context.config
url: str = config.attributes.get("url") or config.get_main_option("sqlalchemy.url") or ""


def run_migrations_online() -> None:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
