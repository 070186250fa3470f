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
    BigInteger,
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
    Column("track", Text),  # the ladder track the person follows (ic, management), or NULL
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
    Column("aliases", Text, nullable=False, server_default="[]"),  # JSON: earlier level ids
)

ladder_track = Table(
    "ladder_track",
    metadata,
    Column(
        "ladder_version_id",
        Integer,
        ForeignKey("ladder_version.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("track_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("levels", Text, nullable=False),  # JSON list of level ids, junior first
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
    Column("substance", Text),  # routine | ordinary | significant (mapping/judge.py)
    Column("substance_reason", Text),
    Column("substance_by", Text),  # ladder | user: the person's word wins
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

# -- growth: assessments, goals, mentorship, learning (migration 0003) ------------------------
#
# Ratings are kept as history: every `ladder assess` adds rows, and the newest row per
# (person, rater, who, expectation) is the current rating, "who" being the rater's account
# (`rater_person_id`) on a team server, else `rater_name`. `expectation_id` is the id
# the rating was given under; a later ladder version resolves it through its aliases, so a
# rating is never lost when the ladder changes. Ratings: 0 not yet · 1 working towards ·
# 2 meeting · 3 exceeding.

assessment = Table(
    "assessment",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", Text, nullable=False, unique=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("rater", Text, nullable=False),  # self | manager | peer
    Column("rater_name", Text, nullable=False, server_default=""),
    Column("area_id", Text, nullable=False),
    Column("expectation_id", Text, nullable=False),
    Column("rating", Integer, nullable=False),  # 0..3
    Column("note", Text, nullable=False, server_default=""),
    Column("ladder_version", Text, nullable=False),  # "<ladder id>@<version>" rated against
    Column("created_at", Text, nullable=False),
    # the account that gave it, on a team server (migration 0006); NULL: typed in locally
    Column("rater_person_id", Integer),  # a person id, no foreign key (see 0006)
    Index(None, "person_id", "expectation_id"),
)

assessment_evidence = Table(
    "assessment_evidence",
    metadata,
    Column(
        "assessment_id",
        Integer,
        ForeignKey("assessment.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("evidence_id", Integer, ForeignKey("evidence.id", ondelete="CASCADE"), primary_key=True),
)

goal = Table(
    "goal",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", Text, nullable=False, unique=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("month", Text, nullable=False),  # YYYY-MM
    Column("track", Text, nullable=False),  # technical | leadership | communication
    Column("title", Text, nullable=False),
    Column("area_id", Text, nullable=False, server_default=""),
    Column("expectation_id", Text, nullable=False, server_default=""),
    Column("status", Text, nullable=False, server_default="active"),  # active | done | dropped
    Column("note", Text, nullable=False, server_default=""),
    # the evidence that completed it (or that ladder proposes as completing it)
    Column("evidence_id", Integer, ForeignKey("evidence.id", ondelete="SET NULL")),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("closed_at", Text),
    Index(None, "person_id", "month"),
)

goal_checkin = Table(
    "goal_checkin",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("goal_id", Integer, ForeignKey("goal.id", ondelete="CASCADE"), nullable=False),
    Column("at", Text, nullable=False),
    Column("note", Text, nullable=False),
    Index(None, "goal_id"),
)

mentee = Table(
    "mentee",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", Text, nullable=False, unique=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("started_on", Text, nullable=False),
    Column("ended_on", Text),
    Column("created_at", Text, nullable=False),
    UniqueConstraint("person_id", "name"),
)

one_on_one = Table(
    "one_on_one",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", Text, nullable=False, unique=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("with_name", Text, nullable=False),
    Column("mentee_id", Integer, ForeignKey("mentee.id", ondelete="SET NULL")),
    Column("held_on", Text, nullable=False),
    Column("notes", Text, nullable=False, server_default=""),
    Column("shared", Integer, nullable=False, server_default="0"),  # private unless 1
    # the evidence row this 1:1 counts as (mentoring is evidence of the mentorship area)
    Column("evidence_id", Integer, ForeignKey("evidence.id", ondelete="SET NULL")),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    # the other person of the 1:1 when they have an account (migration 0006): a shared note
    # is theirs to read too
    Column("with_person_id", Integer),  # a person id, no foreign key (see 0006)
    Index(None, "person_id", "held_on"),
)

action_item = Table(
    "action_item",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", Text, nullable=False, unique=True),
    Column(
        "one_on_one_id", Integer, ForeignKey("one_on_one.id", ondelete="CASCADE"), nullable=False
    ),
    Column("text", Text, nullable=False),
    Column("closed_at", Text),
    Column("closed_in_id", Integer, ForeignKey("one_on_one.id", ondelete="SET NULL")),
    Column("created_at", Text, nullable=False),
    Index(None, "one_on_one_id"),
)

learning_item = Table(
    "learning_item",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", Text, nullable=False, unique=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("seed_id", Text),  # id in the bundled reading list, NULL for the person's own
    Column("title", Text, nullable=False),
    Column("author", Text, nullable=False, server_default=""),
    Column("kind", Text, nullable=False, server_default="book"),  # book | course | article | talk
    Column("url", Text),
    Column("areas", Text, nullable=False, server_default="[]"),  # JSON list of area ids
    Column("status", Text, nullable=False, server_default="planned"),  # planned|reading|done|dropped
    Column("progress", Integer, nullable=False, server_default="0"),  # percent
    Column("note", Text, nullable=False, server_default=""),
    Column("applied", Text),  # what the person applied from it (makes finishing it evidence)
    Column("started_on", Text),
    Column("finished_on", Text),
    Column("evidence_id", Integer, ForeignKey("evidence.id", ondelete="SET NULL")),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    UniqueConstraint("person_id", "seed_id"),
)

# -- team: accounts, roles, tokens, sessions, peer requests, mentor shares, audit (0006) -------
#
# A team server's people each have an account linked to their person row. Secrets never reach
# the database: passwords as argon2 hashes, tokens and session ids as SHA-256 of their random
# secret. The audit table is append-only (a trigger refuses UPDATE and DELETE) and names
# people by id without a foreign key, so that it outlives anything it talks about.

account = Table(
    "account",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("email", Text, nullable=False),
    Column("password_hash", Text),  # argon2id; NULL until `ladder users set-password`
    Column("active", Integer, nullable=False, server_default="1"),
    Column("manager_id", Integer, ForeignKey("account.id", ondelete="SET NULL")),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    UniqueConstraint("email"),
    UniqueConstraint("person_id"),
)

account_role = Table(
    "account_role",
    metadata,
    Column("account_id", Integer, ForeignKey("account.id", ondelete="CASCADE"), primary_key=True),
    Column("role", Text, primary_key=True),  # engineer | manager | mentor | admin
)

api_token = Table(
    "api_token",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", Text, nullable=False),  # SHA-256 of the secret, hex
    Column("scope", Text, nullable=False, server_default="read"),  # read | write
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text),
    Column("revoked_at", Text),
    Column("last_used_at", Text),
    UniqueConstraint("token_hash"),
    Index(None, "account_id"),
)

web_session = Table(
    "web_session",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False),
    Column("session_hash", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text, nullable=False),
    Column("ended_at", Text),
    UniqueConstraint("session_hash"),
)

#: Failed authentications per client address or typed email (their SHA-256), shared by every
#: process of a server (ladder.team.throttle; migration 0008).
auth_throttle = Table(
    "auth_throttle",
    metadata,
    Column("key", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("until", Text, nullable=False),
    Index(None, "until"),
)

peer_request = Table(
    "peer_request",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("peer_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False),
    Column("expectation_id", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("assessment_id", Integer, ForeignKey("assessment.id", ondelete="SET NULL")),
    UniqueConstraint("person_id", "peer_id", "expectation_id"),
    Index(None, "peer_id"),
)

mentor_share = Table(
    "mentor_share",
    metadata,
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    Column("mentor_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    Column("resource", Text, primary_key=True),  # evidence | status | goals | ratings | packet
    Column("created_at", Text, nullable=False),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Text, nullable=False),
    Column("actor_id", Integer),  # the person acting; NULL: the local command line
    Column("actor", Text, nullable=False, server_default=""),
    Column("action", Text, nullable=False),
    Column("subject_id", Integer),  # whose data
    Column("resource", Text, nullable=False),
    Column("detail", Text, nullable=False, server_default=""),
    Column("via", Text, nullable=False, server_default=""),  # session:ID | token:ID | cli
    Index(None, "subject_id"),
)

# -- data versions and kept results (0007) -----------------------------------------------------
#
# A trigger on every table of a person's data (migration 0007's VERSIONED) moves their
# version on in the writing transaction; results computed from their data are kept under the
# version they read (readiness_cache) and stay right until it moves.

person_version = Table(
    "person_version",
    metadata,
    # no foreign key: it outlives its person, so a reused id starts above the old versions
    Column("person_id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False, server_default="0"),
    Column("txid", BigInteger),  # PostgreSQL: the transaction that last bumped it
)

readiness_cache = Table(
    "readiness_cache",
    metadata,
    Column("person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    Column("level", Text, primary_key=True),  # '': the person's target level
    Column("track", Text, primary_key=True),  # '': the person's track
    Column("version", BigInteger, nullable=False),
    Column("ladder", Text, nullable=False),
    Column("day", Text, nullable=False),
    Column("code", Text, nullable=False),
    Column("data", Text, nullable=False),  # JSON
    Column("computed_at", Text, nullable=False),
)
