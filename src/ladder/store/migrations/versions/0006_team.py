"""Team: accounts, roles, the manager link, API tokens, sessions, peer-feedback requests, mentor
shares, the other person of a 1:1, who gave a rating, and the append-only audit trail.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

Secrets are never stored: an account keeps an argon2 hash of its password, a token and a
session keep the SHA-256 of their high-entropy secret. The audit table refuses UPDATE and
DELETE (a trigger on both databases), and names people by id without a foreign key, so that
removing a person never removes what was done to or by them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


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


def _add_person_link(table: str, column: str) -> None:
    """A nullable person id, added in place: no foreign key, like the audit's ids (SQLite's
    batch mode would rebuild the table with its constraints in an order that changes from run
    to run, and SQLite cannot add a named one in place). People are deactivated, not deleted."""
    op.add_column(table, sa.Column(column, sa.Integer))


def upgrade() -> None:
    op.create_table(
        "account",
        _id(),
        _fk("person_id", "person"),
        _text("email"),
        _text("password_hash", null=True),
        sa.Column("active", sa.Integer, nullable=False, server_default="1"),
        _fk("manager_id", "account", null=True),
        _text("created_at"),
        _text("updated_at"),
        sa.UniqueConstraint("email"),
        sa.UniqueConstraint("person_id"),
    )
    op.create_table(
        "account_role",
        _fk("account_id", "account", primary_key=True),
        sa.Column("role", sa.Text, primary_key=True),  # engineer | manager | mentor | admin
    )
    op.create_table(
        "api_token",
        _id(),
        _fk("account_id", "account"),
        _text("token_hash"),
        _text("scope", "read"),  # read | write
        _text("created_at"),
        _text("expires_at", null=True),
        _text("revoked_at", null=True),
        _text("last_used_at", null=True),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_api_token_account_id", "api_token", ["account_id"])
    op.create_table(
        "web_session",
        _id(),
        _fk("account_id", "account"),
        _text("session_hash"),
        _text("created_at"),
        _text("expires_at"),
        _text("ended_at", null=True),
        sa.UniqueConstraint("session_hash"),
    )
    op.create_table(
        "peer_request",
        _id(),
        _fk("person_id", "person"),  # who asks for feedback
        _fk("peer_id", "person"),  # who is asked
        _text("expectation_id"),
        _text("created_at"),
        _fk("assessment_id", "assessment", null=True),  # the answer, once given
        sa.UniqueConstraint("person_id", "peer_id", "expectation_id"),
    )
    op.create_index("ix_peer_request_peer_id", "peer_request", ["peer_id"])
    op.create_table(
        "mentor_share",
        _fk("person_id", "person", primary_key=True),  # the mentee, who shares
        _fk("mentor_id", "person", primary_key=True),
        sa.Column("resource", sa.Text, primary_key=True),  # evidence|status|goals|ratings|packet
        _text("created_at"),
    )
    op.create_table(
        "audit",
        _id(),
        _text("at"),
        sa.Column("actor_id", sa.Integer),  # the person acting; NULL: the local command line
        _text("actor", ""),  # their email (or "command line") as it was then
        _text("action"),  # read | create | update | revoke | deactivate | login | …
        sa.Column("subject_id", sa.Integer),  # whose data
        _text("resource"),  # evidence | ratings | account | token | …
        _text("detail", ""),
        _text("via", ""),  # session:ID | token:ID | cli
    )
    op.create_index("ix_audit_subject_id", "audit", ["subject_id"])
    for table, column in (("assessment", "rater_person_id"), ("one_on_one", "with_person_id")):
        _add_person_link(table, column)
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_no_{verb.lower()} BEFORE {verb} ON audit BEGIN "
                "SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
            "FOR EACH ROW EXECUTE FUNCTION audit_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_append_only ON audit")
        op.execute("DROP FUNCTION IF EXISTS audit_append_only()")
    for table, column in (("one_on_one", "with_person_id"), ("assessment", "rater_person_id")):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
    for table in (
        "audit",
        "mentor_share",
        "peer_request",
        "web_session",
        "api_token",
        "account_role",
        "account",
    ):
        op.drop_table(table)
