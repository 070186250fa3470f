"""Failed authentications counted in the database: one row per client address, email typed
at the login page, or the like (its SHA-256, never the text typed), shared by every process
of a server (``ladder serve --team --workers N``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

``failures`` counts the wrong attempts in a row; ``until`` is when the wait they earned ends
(the last wrong attempt's time when there is none). A row is forgotten once it has been quiet
long enough (:mod:`ladder.team.throttle`); the index on ``until`` finds those.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auth_throttle",
        sa.Column("key", sa.Text, primary_key=True),  # SHA-256 of the key, hex
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("until", sa.Text, nullable=False),
    )
    op.create_index("ix_auth_throttle_until", "auth_throttle", ["until"])


def downgrade() -> None:
    op.drop_index("ix_auth_throttle_until", "auth_throttle")
    op.drop_table("auth_throttle")
