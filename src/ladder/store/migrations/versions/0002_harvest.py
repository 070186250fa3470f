"""Harvest: evidence kinds and bodies, the raw activities behind evidence, resumable cursors.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("kind", sa.Text, nullable=False, server_default="note"))
        batch.add_column(sa.Column("body", sa.Text))
        batch.add_column(sa.Column("data", sa.Text))  # JSON object, or NULL
        batch.add_column(sa.Column("content_hash", sa.Text))  # of what the source said last
        batch.add_column(sa.Column("edited_at", sa.Text))  # set when the person edits it
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "person_id", sa.Integer, sa.ForeignKey("person.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_ref", sa.Text, nullable=False),
        sa.Column("evidence_id", sa.Integer, sa.ForeignKey("evidence.id", ondelete="SET NULL")),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("occurred_at", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("data", sa.Text),
        sa.UniqueConstraint("person_id", "source", "source_ref"),
    )
    op.create_index("ix_activity_evidence_id", "activity", ["evidence_id"])
    op.create_table(
        "harvest_state",
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("person.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("harvest_state")
    op.drop_index("ix_activity_evidence_id", "activity")
    op.drop_table("activity")
    with op.batch_alter_table("evidence") as batch:
        for column in ("edited_at", "content_hash", "data", "body", "kind"):
            batch.drop_column(column)
