"""Tracks: parallel paths of levels in a ladder version, level aliases, the person's track.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ladder_track",
        sa.Column(
            "ladder_version_id",
            sa.Integer,
            sa.ForeignKey("ladder_version.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("track_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("levels", sa.Text, nullable=False),  # JSON list of level ids, junior first
        sa.Column("position", sa.Integer, nullable=False),
    )
    with op.batch_alter_table("ladder_level") as batch:
        batch.add_column(sa.Column("aliases", sa.Text, nullable=False, server_default="[]"))
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("track", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("track")
    with op.batch_alter_table("ladder_level") as batch:
        batch.drop_column("aliases")
    op.drop_table("ladder_track")
