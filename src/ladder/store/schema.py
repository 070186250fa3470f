"""The workspace schema, declared with SQLAlchemy Core.

Alembic migrations (``ladder/store/migrations``) create and evolve these tables;
``tests/test_store.py`` checks that a migrated database matches this metadata exactly.
Importing this module imports SQLAlchemy: only migrations and tests do.

Conventions: every table that holds a person's data carries ``person_id`` (the owner) or hangs
off a row that does; timestamps are ISO-8601 UTC text (``2026-11-24T09:30:00Z``), dates are
``YYYY-MM-DD`` text, flags are integers 0/1 — the same Python values on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

setting = Table(
    "setting",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

person = Table(
    "person",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("level", Text),
    Column("target_level", Text),
    Column("is_self", Integer, nullable=False, server_default="0"),
    Column("created_at", Text, nullable=False),
)

person_identity = Table(
    "person_identity",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("kind", Text, nullable=False),  # email | handle
    Column("value", Text, nullable=False),
    UniqueConstraint("person_id", "kind", "value"),
)

ladder_version = Table(
    "ladder_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ladder_id", Text, nullable=False),
    Column("version", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("source_name", Text, nullable=False),
    Column("source_text", Text, nullable=False),
    Column("checksum", Text, nullable=False),
    Column("installed_at", Text, nullable=False),
    Column("is_active", Integer, nullable=False, server_default="0"),
    UniqueConstraint("ladder_id", "version"),
)

ladder_level = Table(
    "ladder_level",
    metadata,
    Column(
        "ladder_version_id",
        Integer,
        ForeignKey("ladder_version.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("level_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("position", Integer, nullable=False),
)

ladder_area = Table(
    "ladder_area",
    metadata,
    Column(
        "ladder_version_id",
        Integer,
        ForeignKey("ladder_version.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("area_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("position", Integer, nullable=False),
)

ladder_expectation = Table(
    "ladder_expectation",
    metadata,
    Column(
        "ladder_version_id",
        Integer,
        ForeignKey("ladder_version.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("expectation_id", Text, primary_key=True),
    Column("area_id", Text, nullable=False),
    Column("level_id", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("markers", Text, nullable=False),  # JSON list of strings
    Column("actions", Text, nullable=False),  # JSON list of strings
    Column("position", Integer, nullable=False),
)

ladder_alias = Table(
    "ladder_alias",
    metadata,
    Column(
        "ladder_version_id",
        Integer,
        ForeignKey("ladder_version.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("old_id", Text, primary_key=True),
    Column("new_id", Text, nullable=False),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", Text, nullable=False, unique=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("occurred_on", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("impact", Text),
    Column("source", Text, nullable=False, server_default="manual"),
    Column("source_ref", Text),
    Column("url", Text),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("deleted_at", Text),
    Column("kind", Text, nullable=False, server_default="note"),
    Column("body", Text),
    Column("data", Text),  # JSON object from the source, or NULL
    Column("content_hash", Text),  # hash of what the source said last (harvested items)
    Column("edited_at", Text),  # set when the person edits the entry: harvests keep their words
    UniqueConstraint("person_id", "source", "source_ref"),
    Index(None, "person_id", "occurred_on"),
)

evidence_tag = Table(
    "evidence_tag",
    metadata,
    Column("evidence_id", Integer, ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True),
    Column("tag", Text, primary_key=True),
    Index(None, "tag"),
)

evidence_link = Table(
    "evidence_link",
    metadata,
    Column("evidence_id", Integer, ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("url", Text, nullable=False),
)

evidence_area = Table(
    "evidence_area",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("evidence_id", Integer, ForeignKey("evidence.id", ondelete="CASCADE"), nullable=False),
    Column("area_id", Text, nullable=False),
    Column("expectation_id", Text, nullable=False, server_default=""),
    Column("origin", Text, nullable=False),  # user | mapper
    Column("confidence", Float, nullable=False, server_default="1"),
    Column("reason", Text, nullable=False, server_default=""),
    Column("created_at", Text, nullable=False),
    UniqueConstraint("evidence_id", "area_id", "expectation_id"),
    Index(None, "area_id"),
)

activity = Table(
    "activity",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("source", Text, nullable=False),
    Column("source_ref", Text, nullable=False),
    Column("evidence_id", Integer, ForeignKey("evidence.id", ondelete="SET NULL"), index=True),
    Column("kind", Text, nullable=False),
    Column("occurred_at", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text),
    Column("url", Text),
    Column("data", Text),
    UniqueConstraint("person_id", "source", "source_ref"),
)

harvest_state = Table(
    "harvest_state",
    metadata,
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    Column("source", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)
