"""Data versions: a counter per person that every write of their data moves on, and a table of
computed readiness kept until it does.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08

``person_version`` holds one row per person whose data was ever written. A trigger on each
table of a person's data (:data:`VERSIONED` below) bumps it in the writing
transaction, whoever writes — the web app, the command line, a job worker, ``psql`` — so a
result computed from that data and kept under the version it was read at stays right until the
version moves. On SQLite every row written bumps it; on PostgreSQL a transaction bumps it once
per person (the row remembers the transaction that last did), so a batch of a thousand items
is one update, not a thousand (a setting local to the transaction says who was bumped already).

``readiness_cache`` keeps each person's computed readiness (:mod:`ladder.readiness_cache`),
with the version, ladder, day and code it was computed for.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: The tables of a person's data, and how a row names its person(s) (``{r}``: NEW or OLD). A
#: later migration that adds such a table adds its triggers itself (tests/test_freshness.py
#: checks that every table holding a person's rows has them, or is said not to need them).
VERSIONED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("person", ("{r}.id",)),
    ("person_identity", ("{r}.person_id",)),
    ("evidence", ("{r}.person_id",)),
    ("evidence_tag", ("(SELECT person_id FROM evidence WHERE id = {r}.evidence_id)",)),
    ("evidence_link", ("(SELECT person_id FROM evidence WHERE id = {r}.evidence_id)",)),
    ("evidence_area", ("(SELECT person_id FROM evidence WHERE id = {r}.evidence_id)",)),
    ("assessment", ("{r}.person_id",)),
    (
        "assessment_evidence",
        ("(SELECT person_id FROM assessment WHERE id = {r}.assessment_id)",),
    ),
    ("goal", ("{r}.person_id",)),
    ("goal_checkin", ("(SELECT person_id FROM goal WHERE id = {r}.goal_id)",)),
    ("mentee", ("{r}.person_id",)),
    ("one_on_one", ("{r}.person_id", "{r}.with_person_id")),
    (
        "action_item",
        (
            "(SELECT person_id FROM one_on_one WHERE id = {r}.one_on_one_id)",
            "(SELECT with_person_id FROM one_on_one WHERE id = {r}.one_on_one_id)",
        ),
    ),
    ("learning_item", ("{r}.person_id",)),
    ("harvest_state", ("{r}.person_id",)),
    ("account", ("{r}.person_id",)),
    ("account_role", ("(SELECT person_id FROM account WHERE id = {r}.account_id)",)),
    ("peer_request", ("{r}.person_id", "{r}.peer_id")),
    ("mentor_share", ("{r}.person_id", "{r}.mentor_id")),
)

_EVENTS = {"insert": ("NEW",), "update": ("NEW", "OLD"), "delete": ("OLD",)}

#: PostgreSQL: bump a person's version once per transaction. A setting local to the
#: transaction remembers who was bumped already, so the thousandth row of a batch costs a
#: lookup, not a row lock; the row also keeps the transaction that last bumped it.
TOUCH = (
    "CREATE OR REPLACE FUNCTION person_version_touch(pid integer) RETURNS void "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "IF pid IS NULL OR current_setting('ladder.bumped_' || pid, true) = '1' THEN RETURN; "
    "END IF; "
    "INSERT INTO person_version (person_id, version, txid) "
    "VALUES (pid, 1, txid_current()) ON CONFLICT (person_id) DO UPDATE "
    "SET version = person_version.version + 1, txid = EXCLUDED.txid "
    "WHERE person_version.txid IS DISTINCT FROM EXCLUDED.txid; "
    "PERFORM set_config('ladder.bumped_' || pid, '1', true); "
    "END $$"
)


def _sqlite_trigger(table: str, people: tuple[str, ...], event: str) -> str:
    who = " UNION ".join(f"SELECT {p.format(r=row)} AS p" for row in _EVENTS[event] for p in people)
    return (
        f"CREATE TRIGGER version_{table}_{event} AFTER {event.upper()} ON {table} BEGIN "
        f"INSERT INTO person_version (person_id, version) SELECT p, 1 FROM ({who}) "
        "WHERE p IS NOT NULL "
        "ON CONFLICT (person_id) DO UPDATE SET version = person_version.version + 1; END"
    )


def _postgres_function(table: str, people: tuple[str, ...]) -> str:
    """The trigger function of ``table``: each person the row names, before and after, is
    bumped unless this transaction bumped them already (checked here, in a plain expression:
    a batch's thousandth row costs no query)."""
    steps = []
    for row in ("NEW", "OLD"):
        skip = "INSERT" if row == "OLD" else "DELETE"
        for n, p in enumerate(people):
            var = f"{row.lower()}{n}"
            same = (
                f" AND (TG_OP <> 'UPDATE' OR {var} IS DISTINCT FROM new{n})" if row == "OLD" else ""
            )
            steps.append(
                f"IF TG_OP <> '{skip}' THEN {var} := {p.format(r=row)}; "
                f"IF {var} IS NOT NULL{same} AND current_setting('ladder.bumped_' || {var}, true) "
                f"IS DISTINCT FROM '1' THEN PERFORM person_version_touch({var}); END IF; END IF;"
            )
    names = ", ".join(f"{r}{n}" for r in ("new", "old") for n in range(len(people)))
    return (
        f"CREATE FUNCTION person_version_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"DECLARE {names.replace(', ', ' integer; ')} integer; BEGIN {' '.join(steps)} "
        "RETURN NULL; END $$"
    )


def upgrade() -> None:
    op.create_table(
        "person_version",
        # no foreign key: the row outlives its person, so a new person given the same id (SQLite
        # reuses the largest) starts above every version the old one had
        sa.Column("person_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("txid", sa.BigInteger),  # PostgreSQL: the transaction that last bumped it
    )
    op.create_table(
        "readiness_cache",
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("person.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("level", sa.Text, primary_key=True),  # '' : the person's target
        sa.Column("track", sa.Text, primary_key=True),  # '' : the person's track
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("ladder", sa.Text, nullable=False),
        sa.Column("day", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),  # JSON
        sa.Column("computed_at", sa.Text, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for table, people in VERSIONED:
            for event in _EVENTS:
                op.execute(_sqlite_trigger(table, people, event))
    else:
        op.execute(TOUCH)
        for table, people in VERSIONED:
            op.execute(_postgres_function(table, people))
            op.execute(
                f"CREATE TRIGGER person_version_{table} AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH ROW EXECUTE FUNCTION person_version_{table}()"
            )
    # every person that exists starts at version 1
    op.execute(
        "INSERT INTO person_version (person_id, version) SELECT id, 1 FROM person "
        "WHERE id NOT IN (SELECT person_id FROM person_version)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, _people in VERSIONED:
            for event in _EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS version_{table}_{event}")
    else:
        for table, _people in VERSIONED:
            op.execute(f"DROP TRIGGER IF EXISTS person_version_{table} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS person_version_{table}()")
        op.execute("DROP FUNCTION IF EXISTS person_version_touch(integer)")
    op.drop_table("readiness_cache")
    op.drop_table("person_version")
