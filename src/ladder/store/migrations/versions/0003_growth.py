"""Growth: assessments with linked evidence, monthly goals, mentees and 1:1s, the reading list.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = (
    "learning_item",
    "action_item",
    "one_on_one",
    "mentee",
    "goal_checkin",
    "goal",
    "assessment_evidence",
    "assessment",
)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _uid() -> sa.Column:
    return sa.Column("uid", sa.Text, nullable=False, unique=True)


def _fk(name: str, target: str, *, null: bool = False, primary_key: bool = False) -> sa.Column:
    return sa.Column(
        name,
        sa.Integer,
        sa.ForeignKey(f"{target}.id", ondelete="SET NULL" if null else "CASCADE"),
        nullable=null,
        primary_key=primary_key,
    )


def _text(name: str, default: str | None = None, *, null: bool = False) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=null, server_default=default)


def upgrade() -> None:
    op.create_table(
        "assessment",
        _id(),
        _uid(),
        _fk("person_id", "person"),
        _text("rater"),
        _text("rater_name", ""),
        _text("area_id"),
        _text("expectation_id"),
        sa.Column("rating", sa.Integer, nullable=False),
        _text("note", ""),
        _text("ladder_version"),
        _text("created_at"),
    )
    op.create_index(
        "ix_assessment_person_id_expectation_id", "assessment", ["person_id", "expectation_id"]
    )
    op.create_table(
        "assessment_evidence",
        _fk("assessment_id", "assessment", primary_key=True),
        _fk("evidence_id", "evidence", primary_key=True),
    )
    op.create_table(
        "goal",
        _id(),
        _uid(),
        _fk("person_id", "person"),
        _text("month"),
        _text("track"),
        _text("title"),
        _text("area_id", ""),
        _text("expectation_id", ""),
        _text("status", "active"),
        _text("note", ""),
        _fk("evidence_id", "evidence", null=True),
        _text("created_at"),
        _text("updated_at"),
        _text("closed_at", null=True),
    )
    op.create_index("ix_goal_person_id_month", "goal", ["person_id", "month"])
    op.create_table(
        "goal_checkin",
        _id(),
        _fk("goal_id", "goal"),
        _text("at"),
        _text("note"),
    )
    op.create_index("ix_goal_checkin_goal_id", "goal_checkin", ["goal_id"])
    op.create_table(
        "mentee",
        _id(),
        _uid(),
        _fk("person_id", "person"),
        _text("name"),
        _text("note", ""),
        _text("started_on"),
        _text("ended_on", null=True),
        _text("created_at"),
        sa.UniqueConstraint("person_id", "name"),
    )
    op.create_table(
        "one_on_one",
        _id(),
        _uid(),
        _fk("person_id", "person"),
        _text("with_name"),
        _fk("mentee_id", "mentee", null=True),
        _text("held_on"),
        _text("notes", ""),
        sa.Column("shared", sa.Integer, nullable=False, server_default="0"),
        _fk("evidence_id", "evidence", null=True),
        _text("created_at"),
        _text("updated_at"),
    )
    op.create_index("ix_one_on_one_person_id_held_on", "one_on_one", ["person_id", "held_on"])
    op.create_table(
        "action_item",
        _id(),
        _uid(),
        _fk("one_on_one_id", "one_on_one"),
        _text("text"),
        _text("closed_at", null=True),
        _fk("closed_in_id", "one_on_one", null=True),
        _text("created_at"),
    )
    op.create_index("ix_action_item_one_on_one_id", "action_item", ["one_on_one_id"])
    op.create_table(
        "learning_item",
        _id(),
        _uid(),
        _fk("person_id", "person"),
        _text("seed_id", null=True),
        _text("title"),
        _text("author", ""),
        _text("kind", "book"),
        _text("url", null=True),
        _text("areas", "[]"),
        _text("status", "planned"),
        sa.Column("progress", sa.Integer, nullable=False, server_default="0"),
        _text("note", ""),
        _text("applied", null=True),
        _text("started_on", null=True),
        _text("finished_on", null=True),
        _fk("evidence_id", "evidence", null=True),
        _text("created_at"),
        _text("updated_at"),
        sa.UniqueConstraint("person_id", "seed_id"),
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
