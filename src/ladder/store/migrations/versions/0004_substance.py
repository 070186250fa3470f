"""Substance: every evidence item's weight (routine, ordinary, significant) and its reason.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("substance", sa.Text))  # routine | ordinary | significant
        batch.add_column(sa.Column("substance_reason", sa.Text))
        batch.add_column(sa.Column("substance_by", sa.Text))  # ladder | user (the person's word)


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("substance_by")
        batch.drop_column("substance_reason")
        batch.drop_column("substance")
