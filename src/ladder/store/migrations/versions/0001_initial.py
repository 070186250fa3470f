"""The first schema: people, ladder versions, evidence with tags, links, areas and full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _fk(name: str, target: str, **kw: object) -> sa.Column:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey(f"{target}.id", ondelete="CASCADE"), nullable=False, **kw
    )


def upgrade() -> None:
    op.create_table(
        "setting",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "person",
        _id(),
        sa.Column("uid", sa.Text, nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("level", sa.Text),
        sa.Column("target_level", sa.Text),
        sa.Column("is_self", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.create_table(
        "person_identity",
        _id(),
        _fk("person_id", "person"),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.UniqueConstraint("person_id", "kind", "value"),
    )
    op.create_table(
        "ladder_version",
        _id(),
        sa.Column("ladder_id", sa.Text, nullable=False),
        sa.Column("version", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("source_name", sa.Text, nullable=False),
        sa.Column("source_text", sa.Text, nullable=False),
        sa.Column("checksum", sa.Text, nullable=False),
        sa.Column("installed_at", sa.Text, nullable=False),
        sa.Column("is_active", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("ladder_id", "version"),
    )
    op.create_table(
        "ladder_level",
        _fk("ladder_version_id", "ladder_version", primary_key=True),
        sa.Column("level_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "ladder_area",
        _fk("ladder_version_id", "ladder_version", primary_key=True),
        sa.Column("area_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "ladder_expectation",
        _fk("ladder_version_id", "ladder_version", primary_key=True),
        sa.Column("expectation_id", sa.Text, primary_key=True),
        sa.Column("area_id", sa.Text, nullable=False),
        sa.Column("level_id", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("markers", sa.Text, nullable=False),
        sa.Column("actions", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "ladder_alias",
        _fk("ladder_version_id", "ladder_version", primary_key=True),
        sa.Column("old_id", sa.Text, primary_key=True),
        sa.Column("new_id", sa.Text, nullable=False),
    )
    op.create_table(
        "evidence",
        _id(),
        sa.Column("uid", sa.Text, nullable=False, unique=True),
        _fk("person_id", "person"),
        sa.Column("occurred_on", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("impact", sa.Text),
        sa.Column("source", sa.Text, nullable=False, server_default="manual"),
        sa.Column("source_ref", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("deleted_at", sa.Text),
        sa.UniqueConstraint("person_id", "source", "source_ref"),
    )
    op.create_index("ix_evidence_person_id_occurred_on", "evidence", ["person_id", "occurred_on"])
    op.create_table(
        "evidence_tag",
        _fk("evidence_id", "evidence", primary_key=True),
        sa.Column("tag", sa.Text, primary_key=True),
    )
    op.create_index("ix_evidence_tag_tag", "evidence_tag", ["tag"])
    op.create_table(
        "evidence_link",
        _fk("evidence_id", "evidence", primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
    )
    op.create_table(
        "evidence_area",
        _id(),
        _fk("evidence_id", "evidence"),
        sa.Column("area_id", sa.Text, nullable=False),
        sa.Column("expectation_id", sa.Text, nullable=False, server_default=""),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False, server_default="1"),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.UniqueConstraint("evidence_id", "area_id", "expectation_id"),
    )
    op.create_index("ix_evidence_area_area_id", "evidence_area", ["area_id"])

    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 index over the evidence text, kept in step by triggers so that
        # every writer (the capture path included) updates it without knowing it exists.
        op.execute(
            "CREATE VIRTUAL TABLE evidence_fts USING fts5("
            "text, impact, content='evidence', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER evidence_fts_ai AFTER INSERT ON evidence BEGIN "
            "INSERT INTO evidence_fts(rowid, text, impact) VALUES (new.id, new.text, new.impact); END"
        )
        op.execute(
            "CREATE TRIGGER evidence_fts_ad AFTER DELETE ON evidence BEGIN "
            "INSERT INTO evidence_fts(evidence_fts, rowid, text, impact) "
            "VALUES ('delete', old.id, old.text, old.impact); END"
        )
        op.execute(
            "CREATE TRIGGER evidence_fts_au AFTER UPDATE OF text, impact ON evidence BEGIN "
            "INSERT INTO evidence_fts(evidence_fts, rowid, text, impact) "
            "VALUES ('delete', old.id, old.text, old.impact); "
            "INSERT INTO evidence_fts(rowid, text, impact) VALUES (new.id, new.text, new.impact); END"
        )
    else:
        op.execute(
            "ALTER TABLE evidence ADD COLUMN search tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', coalesce(text, '') || ' ' || coalesce(impact, ''))) STORED"
        )
        op.execute("CREATE INDEX ix_evidence_search ON evidence USING gin (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS evidence_fts")
    for table in (
        "evidence_area",
        "evidence_link",
        "evidence_tag",
        "evidence",
        "ladder_alias",
        "ladder_expectation",
        "ladder_area",
        "ladder_level",
        "ladder_version",
        "person_identity",
        "person",
        "setting",
    ):
        op.drop_table(table)
