"""Who may see and do what on a team server (the rules of ``docs/team.md``), enforced here.

The web app reaches another person's data only through :class:`Team`, which asks
:func:`relation` first and writes the audit trail: every read of another person's data and
every change. The rules:

- An engineer owns their evidence, ratings, goals, 1:1 notes and packet; only they change them.
- Their manager and their manager's manager read their evidence, status (readiness and gaps),
  goals, ratings and packet, and give **manager** ratings in their own name; they never edit
  the engineer's evidence.
- A mentor reads what the mentee shares with them (:data:`SHAREABLE`), nothing else.
- A peer asked for feedback on an expectation gives a **peer** rating on it, in their own name;
  the engineer and their managers see it, attributed.
- A private 1:1 note is readable by its author only; a shared one by its author and the other
  person of the 1:1.
- An admin manages people, roles and tokens and reads the audit log; they read nobody's
  evidence or notes unless they are also that person's manager.
- Who cannot see a person at all is told the person does not exist (404, never 403).
  Who can see a person but not this part of their data gets :class:`ForbiddenError` (403).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ladder import rules
from ladder.assessment import Assessments
from ladder.clock import SYSTEM, Clock
from ladder.context import Context, PersonContext
from ladder.errors import InputError, LadderError, NotFoundError
from ladder.team import accounts, audit
from ladder.team.accounts import Actor

if TYPE_CHECKING:
    from ladder.framework import Ladder
    from ladder.readiness import Readiness
    from ladder.store import Store

T = TypeVar("T")

#: A process's memo for results whose keys name the data versions they were computed from
#: (the web app's cache): ``memo(key, compute)``.
Memo = Callable[[Hashable, Callable[[], Any]], Any]

#: What a person's managers read, and what a mentee may share with a mentor.
SHAREABLE = ("evidence", "status", "goals", "ratings", "packet")


class UnprocessableError(InputError):
    """A well-formed request that names what the ladder lacks (an unknown expectation, a
    rating off the scale): a 422; nothing was written."""

    http_status = 422


class ForbiddenError(LadderError):
    """The caller can see the person but may not do this with their data (a 403)."""

    http_status = 403


@dataclass(frozen=True)
class Relation:
    """How the actor stands to a person (the subject)."""

    subject_id: int
    is_self: bool = False
    manages: bool = False  # the subject's manager or their manager's manager
    is_their_report: bool = False  # the subject manages the actor (an engineer knows their manager)
    shared: frozenset[str] = frozenset()  # what the subject shares with the actor as mentor
    mentors_actor: bool = False  # the actor shares with the subject (their mentor)
    asked: frozenset[str] = frozenset()  # expectations the subject asked the actor to rate
    asked_by_actor: bool = False  # the actor asked the subject for feedback
    admin: bool = False  # the actor is an admin

    @property
    def visible(self) -> bool:
        """Whether the actor may know that the subject exists."""
        return (
            self.is_self
            or self.manages
            or self.is_their_report
            or bool(self.shared)
            or self.mentors_actor
            or bool(self.asked)
            or self.asked_by_actor
            or self.admin
        )

    def reads(self, resource: str) -> bool:
        """Whether the actor may read this part (:data:`SHAREABLE`) of the subject's data."""
        return self.is_self or self.manages or resource in self.shared

    def standing(self, expectation: str) -> str | None:
        """The rating the actor may give on ``expectation``: self, manager, peer or None."""
        if self.is_self:
            return "self"
        if self.manages:
            return "manager"
        if expectation in self.asked:
            return "peer"
        return None


def relation(store: Any, actor: Actor, subject_id: int) -> Relation:
    """How ``actor`` stands to person ``subject_id``.

    Raises:
        NotFoundError: No such person, or one the actor may not know of (the same message).
    """
    exists = store.scalar("SELECT 1 FROM person WHERE id = :p", {"p": subject_id})
    me = actor.person_id
    if me is None:  # the command line manages accounts and reads no one's data
        rel = Relation(subject_id, admin=True)
    else:
        rel = Relation(
            subject_id,
            is_self=me == subject_id,
            manages=me in accounts.manager_chain(store, subject_id),
            is_their_report=subject_id in accounts.manager_chain(store, me, depth=1),
            shared=frozenset(
                r["resource"]
                for r in store.query(
                    "SELECT resource FROM mentor_share WHERE person_id = :s AND mentor_id = :m",
                    {"s": subject_id, "m": me},
                )
            ),
            mentors_actor=bool(
                store.scalar(
                    "SELECT 1 FROM mentor_share WHERE person_id = :m AND mentor_id = :s LIMIT 1",
                    {"s": subject_id, "m": me},
                )
            ),
            asked=frozenset(
                r["expectation_id"]
                for r in store.query(
                    "SELECT expectation_id FROM peer_request WHERE person_id = :s AND peer_id = :m",
                    {"s": subject_id, "m": me},
                )
            ),
            asked_by_actor=bool(
                store.scalar(
                    "SELECT 1 FROM peer_request WHERE person_id = :m AND peer_id = :s LIMIT 1",
                    {"s": subject_id, "m": me},
                )
            ),
            admin="admin" in actor.roles,
        )
    if not exists or not rel.visible or accounts.by_person(store, subject_id) is None:
        raise NotFoundError(f"no person with id {subject_id}")
    return rel


def can_read_note(
    actor: Actor, *, author_id: int, with_person_id: int | None, shared: bool
) -> bool:
    """A private 1:1 note: its author only; a shared one: its author and the other person."""
    me = actor.person_id
    if me is None:
        return False
    return me == author_id or (shared and with_person_id is not None and me == with_person_id)


@dataclass(frozen=True)
class Overview:
    """One report on the manager's team page."""

    person: dict[str, Any]
    readiness: Any  # ladder.readiness.Readiness
    goals: list[dict[str, Any]]
    last_one_on_one: dict[str, Any] | None
    open_actions: list[str]
    disconnects: list[dict[str, Any]]
    #: What the parts from the person's own data were read at (their data version, the
    #: ladder's, the day): a key for what is drawn from them.
    version: Hashable = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (readiness as its areas' statuses and the top gaps)."""
        ready = self.readiness
        return {
            "person": self.person,
            "level": ready.level,
            "overall": ready.overall,
            "areas": {a.area: a.status for a in ready.areas},
            "gaps": [
                {"area": g.area, "status": g.status, "reason": g.reason} for g in ready.gaps(top=3)
            ],
            "goals": self.goals,
            "last_one_on_one": self.last_one_on_one,
            "open_actions": self.open_actions,
            "disconnects": self.disconnects,
        }


class Team:
    """The team's data as one actor may see and change it; every call passes the rules.

    It works on the store, as the growth services do (:mod:`ladder.context`): each call names
    whose data it is about, and reaches it through a :class:`ladder.context.PersonContext`
    once the rules said yes; it never needs the Workspace.

    Args:
        store: The team's store.
        actor: Who is acting.
        clock: Where "now" and "today" come from (default: the wall clock).
        memo: Where results computed from one person's data are kept under their data version
            (:mod:`ladder.store.versions`), e.g. the web app's cache; default: nowhere (the
            readiness is still kept in the database, :mod:`ladder.readiness_cache`).
    """

    def __init__(
        self, store: Store, actor: Actor, *, clock: Clock = SYSTEM, memo: Memo | None = None
    ) -> None:
        self.store = store
        self.clock = clock
        self.actor = actor
        self.memo = memo

    def context(self, person_id: int) -> Context:
        """Person ``person_id``'s data on this store and clock. It checks nothing: the
        methods below ask :func:`relation` first."""
        return PersonContext(self.store, person_id, clock=self.clock)

    def ladder(self) -> Ladder:
        """The active ladder."""
        from ladder import framework

        return framework.load(self.store)

    # -- plumbing ------------------------------------------------------------------------------
    def _now(self) -> dt.datetime:
        return self.clock.now()

    def _audit(self, action: str, resource: str, subject_id: int | None, detail: str = "") -> None:
        audit.record(
            self.store,
            at=self.clock.now_iso(),
            actor_id=self.actor.person_id,
            actor=self.actor.email,
            action=action,
            resource=resource,
            subject_id=subject_id,
            detail=detail,
            via=self.actor.via,
        )

    def _read(self, subject_id: int, *resources: str) -> Context:
        """The subject's data once the actor may read each of ``resources`` of theirs
        (each read audited, in one insert)."""
        rel = relation(self.store, self.actor, subject_id)
        for resource in resources:
            if not rel.reads(resource):
                self._audit("denied", resource, subject_id, "read")
                raise ForbiddenError(
                    f"you may not read this person's {resource}",
                    hint="their manager, their manager's manager, and a mentor they share it "
                    "with may",
                )
        if not rel.is_self:
            self._audit_reads([subject_id], resources)
        return self.context(subject_id)

    def _audit_reads(self, subject_ids: Sequence[int], resources: Sequence[str]) -> None:
        """A read of each of ``resources`` of each subject: one audit row each, one insert."""
        at = self.clock.now_iso()
        audit.record_many(
            self.store,
            [
                audit.Entry(
                    at=at,
                    actor_id=self.actor.person_id,
                    actor=self.actor.email,
                    action="read",
                    resource=resource,
                    subject_id=subject_id,
                    via=self.actor.via,
                )
                for subject_id in subject_ids
                for resource in resources
            ],
        )

    def _kept(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` through :attr:`memo` (``key`` names the versions it depends on)."""
        if self.memo is None:
            return compute()
        value: T = self.memo(key, compute)
        return value

    def _writes(self) -> None:
        if self.actor.scope != "write":
            raise ForbiddenError(
                "this token may only read",
                hint="make one with `ladder users token EMAIL --scope write`",
            )

    # -- people --------------------------------------------------------------------------------
    def me(self) -> dict[str, Any]:
        """The actor's own account, with whom they manage and what they are asked to rate."""
        if self.actor.person_id is None:
            raise NotFoundError("the command line has no account")
        acc = accounts.by_person(self.store, self.actor.person_id)
        assert acc is not None
        asked = self.store.query(
            "SELECT r.id, r.person_id, r.expectation_id, r.assessment_id FROM peer_request r "
            "WHERE r.peer_id = :p ORDER BY r.id",
            {"p": acc.person_id},
        )
        return {
            **acc.to_dict(),
            "via": self.actor.via,
            "scope": self.actor.scope,
            "reports": [a.person_id for a in self._reports()],
            "peer_requests": [
                {
                    "id": int(r["id"]),
                    "person": int(r["person_id"]),
                    "expectation": r["expectation_id"],
                    "answered": r["assessment_id"] is not None,
                }
                for r in asked
            ],
        }

    def _reports(self) -> list[accounts.Account]:
        """Those whose manager chain (:func:`ladder.team.accounts.manager_chain`, two deep)
        holds the actor, in two queries: their manager is the actor, or their manager's
        manager is (and is not their manager, nor they themselves)."""
        me = self.actor.person_id
        if me is None:
            return []
        return accounts._accounts(
            self.store,
            "a.person_id IN (SELECT r.person_id FROM account r "
            "JOIN account rm ON rm.id = r.manager_id LEFT JOIN account rg ON rg.id = rm.manager_id "
            "WHERE r.person_id <> :me AND (rm.person_id = :me OR "
            "(rg.person_id = :me AND rm.person_id <> r.person_id)))",
            {"me": me},
        )

    def people(self) -> list[dict[str, Any]]:
        """The people the actor may see (everyone for an admin), by email."""
        out = []
        for acc in accounts.accounts(self.store):
            try:
                relation(self.store, self.actor, acc.person_id)
            except NotFoundError:
                continue
            out.append(acc.to_dict())
        return out

    def person(self, subject_id: int) -> dict[str, Any]:
        """One person the actor may see.

        Raises:
            NotFoundError: No such person, or one the actor may not see.
        """
        relation(self.store, self.actor, subject_id)
        acc = accounts.by_person(self.store, subject_id)
        assert acc is not None
        return acc.to_dict()

    def relation(self, subject_id: int) -> Relation:
        """How the actor stands to a person (what they may read: :meth:`Relation.reads`).

        Raises:
            NotFoundError: No such person, or one the actor may not see.
        """
        return relation(self.store, self.actor, subject_id)

    # -- reading another person's data -----------------------------------------------------------
    def evidence(self, subject_id: int, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """Their live evidence, newest first (``total`` counts all)."""
        from ladder.evidence import Filter, query

        self._read(subject_id, "evidence")
        self._mapped([subject_id])
        items, total = query(self.store, Filter(limit=limit, offset=offset), person_id=subject_id)
        return {"total": total, "items": [e.to_dict() for e in items]}

    def status(self, subject_id: int) -> dict[str, Any]:
        """Their readiness against their target level: per area, the gaps, the quiet areas."""
        return self.readiness(subject_id).to_dict()

    def readiness(self, subject_id: int) -> Readiness:
        """Their :class:`ladder.readiness.Readiness` against their target level (read as
        their ``status``)."""
        ctx = self._read(subject_id, "status")
        self._mapped([subject_id])
        return self._readiness(ctx)

    def _readiness(self, ws: Context) -> Readiness:
        from ladder import readiness_cache

        return readiness_cache.readiness(ws, today=ws.clock.today(), memo=self.memo)

    def goals(self, subject_id: int) -> list[dict[str, Any]]:
        """This month's goals."""
        from ladder.goal import Goals

        return [g.to_dict() for g in Goals(self._read(subject_id, "goals")).current()]

    def ratings(self, subject_id: int) -> list[dict[str, Any]]:
        """Their current ratings by every rater (self, managers, peers), attributed."""
        return [_rating(a) for a in Assessments(self._read(subject_id, "ratings")).current()]

    def packet(self, subject_id: int) -> dict[str, Any]:
        """Their promotion packet (the twelve months to today), as data."""
        from ladder import packet

        ctx = self._read(subject_id, "packet")
        self._mapped([subject_id])
        return packet.build(ctx, today=self.clock.today()).to_dict()

    # -- ratings ---------------------------------------------------------------------------------
    def rate(
        self, subject_id: int, *, expectation: str, rating: str | int, note: str = ""
    ) -> dict[str, Any]:
        """Give a rating in the actor's own name; their standing (self, manager, peer) comes
        from who they are to the subject, never from the caller.

        Raises:
            NotFoundError: No such person, or one the actor may not see.
            ForbiddenError: The actor may not rate them on this expectation (a read-only
                token, or no manager link and no open request for it).
            InputError: An expectation the ladder lacks, a bad rating or note. Nothing is
                written.
        """
        rel = relation(self.store, self.actor, subject_id)
        self._writes()
        service = Assessments(self.context(subject_id))
        from ladder.assessment import RatingInput, parse_rating

        try:
            exp = service.resolve(rules.check_text(str(expectation), "expectation", limit=200))
            parse_rating(rating)
        except InputError as err:
            raise UnprocessableError(err.message, hint=err.hint) from err
        standing = rel.standing(exp.id)
        if standing is None:
            self._audit("denied", "ratings", subject_id, f"rate {exp.id}")
            raise ForbiddenError(
                f"you may not rate this person on {exp.id}",
                hint="their managers rate them, and peers they asked for feedback on it",
            )
        me = accounts.by_person(self.store, self.actor.person_id or 0)
        assert me is not None
        with self.store.transaction():
            saved = service.rate_many(
                [RatingInput(exp.id, rating, note)],
                rater=standing,
                rater_name="" if standing == "self" else me.name,
                rater_person_id=me.person_id,
            )[0]
            if standing != "self":  # a request answered (a manager asked as a peer too)
                self.store.execute(
                    "UPDATE peer_request SET assessment_id = :a WHERE person_id = :s "
                    "AND peer_id = :p AND expectation_id = :x",
                    {"a": saved.id, "s": subject_id, "p": me.person_id, "x": exp.id},
                )
            self._audit("create", "ratings", subject_id, f"{standing} rating of {exp.id}")
        return _rating(saved)

    def ask_peers(self, peers: Iterable[str], expectations: Iterable[str]) -> list[dict[str, Any]]:
        """Ask colleagues (by email) for peer ratings on expectations of the ladder.

        Raises:
            InputError: No peers or expectations, an unknown expectation, asking oneself.
            NotFoundError: An email with no active account.
        """
        self._writes()
        me = self.actor.person_id
        if me is None:
            raise InputError("the command line cannot ask for feedback")
        mine = Assessments(self.context(me))
        try:
            exps = list(
                dict.fromkeys(
                    mine.resolve(rules.check_text(str(e), "expectation", limit=200)).id
                    for e in expectations
                )
            )
        except InputError as err:
            raise UnprocessableError(err.message, hint=err.hint) from err
        people = list({a.id: a for a in (self._colleague(p) for p in peers)}.values())
        if not exps or not people:
            raise InputError("name at least one colleague and one expectation")
        if any(acc.person_id == me for acc in people):
            raise InputError("you cannot ask yourself for peer feedback; rate yourself instead")
        now = self.clock.now_iso()
        with self.store.transaction():
            for acc in people:
                for exp in exps:
                    if not self.store.scalar(
                        "SELECT 1 FROM peer_request WHERE person_id = :s AND peer_id = :p "
                        "AND expectation_id = :x",
                        {"s": me, "p": acc.person_id, "x": exp},
                    ):
                        self.store.insert(
                            "peer_request",
                            {
                                "person_id": me,
                                "peer_id": acc.person_id,
                                "expectation_id": exp,
                                "created_at": now,
                                "assessment_id": None,
                            },
                        )
                self._audit("create", "peer_request", me, f"asked {acc.email}: {', '.join(exps)}")
        return [{"peer": a.email, "expectations": exps} for a in people]

    def _colleague(self, email: str) -> accounts.Account:
        """The active account with this email.

        Raises:
            InputError: Not an email address.
            NotFoundError: No account has it, or a deactivated one (worded the same).
        """
        value = accounts.clean_email(email)
        try:
            acc: accounts.Account | None = accounts.by_email(self.store, value)
        except NotFoundError:
            acc = None
        if acc is None or not acc.active:
            raise NotFoundError(
                f"no account has the email {value!r}",
                hint="check it with them: only colleagues with an account here can be asked",
            )
        return acc

    def share_with_mentor(self, mentor: str, resources: Iterable[str]) -> list[str]:
        """Share parts of the actor's data with a mentor (replacing what was shared before;
        none: stop sharing).

        Raises:
            InputError: An unknown part, or the mentor does not hold the mentor role.
            NotFoundError: An email with no account.
        """
        self._writes()
        me = self.actor.person_id
        if me is None:
            raise InputError("the command line shares nothing")
        parts = [str(r).strip().lower() for r in resources]
        for part in parts:
            if part not in SHAREABLE:
                raise InputError(rules.unknown("part to share", part, SHAREABLE))
        acc = accounts.by_email(self.store, mentor)
        if acc.person_id == me:
            raise InputError("you cannot be your own mentor")
        if parts and ("mentor" not in acc.roles or not acc.active):  # stopping always works
            raise InputError(f"{acc.email} is not a mentor", hint="an admin gives the mentor role")
        now = self.clock.now_iso()
        with self.store.transaction():
            self.store.execute(
                "DELETE FROM mentor_share WHERE person_id = :s AND mentor_id = :m",
                {"s": me, "m": acc.person_id},
            )
            self.store.executemany(
                "INSERT INTO mentor_share (person_id, mentor_id, resource, created_at) "
                "VALUES (:s, :m, :r, :t)",
                [{"s": me, "m": acc.person_id, "r": r, "t": now} for r in dict.fromkeys(parts)],
            )
            self._audit(
                "update", "mentor_share", me, f"{acc.email}: {', '.join(parts) or 'nothing'}"
            )
        return list(dict.fromkeys(parts))

    def sharing(self) -> list[dict[str, Any]]:
        """What the actor shares with each mentor: ``{"mentor": account, "resources": [...]}``,
        by the mentor's email."""
        return self._shares("person_id", "mentor_id", "mentor")

    def shared_with_me(self) -> list[dict[str, Any]]:
        """The mentees who share with the actor, and what: ``{"person": account,
        "resources": [...]}``, by the mentee's email (reading it is :meth:`evidence` and so on)."""
        return self._shares("mentor_id", "person_id", "person")

    def _shares(self, mine: str, theirs: str, key: str) -> list[dict[str, Any]]:
        me = self.actor.person_id
        if me is None:
            return []
        held: dict[int, list[str]] = {}
        for r in self.store.query(
            f"SELECT {theirs} AS other, resource FROM mentor_share WHERE {mine} = :me",
            {"me": me},
        ):
            held.setdefault(int(r["other"]), []).append(r["resource"])
        out = []
        for other, parts in held.items():
            acc = accounts.by_person(self.store, other)
            if acc is not None:
                ordered = [p for p in SHAREABLE if p in parts]
                out.append({key: acc.to_dict(), "resources": ordered})
        return sorted(out, key=lambda o: str(o[key]["email"]))

    # -- peer feedback -----------------------------------------------------------------------------
    def feedback_asked(self) -> list[dict[str, Any]]:
        """The peer feedback others asked of the actor, oldest first, each with the actor's
        answer once given (:meth:`answer` gives or replaces it)."""
        if self.actor.person_id is None:
            return []
        return self._requests("r.peer_id = :me", {"me": self.actor.person_id})

    def feedback_waiting(self) -> int:
        """How many requests for the actor's peer feedback have no answer yet (one query)."""
        if self.actor.person_id is None:
            return 0
        return int(
            self.store.scalar(
                "SELECT COUNT(*) FROM peer_request WHERE peer_id = :me AND assessment_id IS NULL",
                {"me": self.actor.person_id},
            )
        )

    def feedback_for(self, subject_id: int) -> list[dict[str, Any]]:
        """The peer feedback a person asked for, with each answer and who gave it: for the
        person themselves and whoever reads their ratings (their managers; a mentor they
        share ratings with). Read as their ``ratings`` (audited)."""
        self._read(subject_id, "ratings")
        return self._requests("r.person_id = :s", {"s": subject_id})

    def ratings_and_feedback(
        self, subject_id: int
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """:meth:`ratings` and :meth:`feedback_for` in one read of their ratings (one audit
        row)."""
        ctx = self._read(subject_id, "ratings")
        requests = self._requests("r.person_id = :s", {"s": subject_id})
        return [_rating(a) for a in Assessments(ctx).current()], requests

    def _requests(self, where: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        from ladder.assessment import RATINGS

        texts = {e.id: e.text for e in self.ladder().expectations()}
        rows = self.store.query(
            "SELECT r.id, r.person_id, r.peer_id, r.expectation_id, r.created_at, "
            "who.name AS person_name, peer.name AS peer_name, pa.email AS peer_email, "
            "a.rater, a.rating, a.note, a.created_at AS answered_at "
            "FROM peer_request r JOIN person who ON who.id = r.person_id "
            "JOIN person peer ON peer.id = r.peer_id "
            "LEFT JOIN account pa ON pa.person_id = r.peer_id "
            "LEFT JOIN assessment a ON a.id = r.assessment_id "
            f"WHERE {where} ORDER BY r.id",
            params,
        )
        return [
            {
                "id": int(r["id"]),
                "person": int(r["person_id"]),
                "person_name": r["person_name"],
                "peer": int(r["peer_id"]),
                "peer_name": r["peer_name"],
                "peer_email": r["peer_email"],
                "expectation": r["expectation_id"],
                "text": texts.get(r["expectation_id"], ""),
                "asked_at": r["created_at"],
                "answer": None
                if r["rating"] is None
                else {
                    "rater": r["rater"],
                    "rating": int(r["rating"]),
                    "rating_name": RATINGS[int(r["rating"])],
                    "note": r["note"],
                    "at": r["answered_at"],
                },
            }
            for r in rows
        ]

    def answer(self, request_id: int, *, rating: str | int, note: str = "") -> dict[str, Any]:
        """Answer (or answer again) a request for peer feedback asked of the actor: a rating
        in their own name on the expectation asked (:meth:`rate`).

        Raises:
            NotFoundError: No such request asked of the actor (someone else's reads the same
                as none). Nothing is written.
            UnprocessableError: A rating off the scale, a bad note. Nothing is written.
        """
        row = self.store.one(
            "SELECT person_id, expectation_id FROM peer_request WHERE id = :i AND peer_id = :me",
            {"i": request_id, "me": self.actor.person_id or 0},
        )
        if row is None:
            raise NotFoundError(
                f"no request for feedback {request_id} was asked of you",
                hint="the Feedback page lists those asked of you",
            )
        return self.rate(
            int(row["person_id"]), expectation=row["expectation_id"], rating=rating, note=note
        )

    # -- 1:1 notes ---------------------------------------------------------------------------------
    def add_note(
        self, subject_id: int, *, notes: str, shared: bool = False, held_on: str | None = None
    ) -> dict[str, Any]:
        """Record a 1:1 with a person the actor may see, in the actor's own notes (private
        unless ``shared``: then the other person reads it too)."""
        relation(self.store, self.actor, subject_id)
        self._writes()
        me = self.actor.person_id
        if me is None or me == subject_id:
            raise InputError("a 1:1 is with someone else")
        other = accounts.by_person(self.store, subject_id)
        assert other is not None
        with self.store.transaction():
            from ladder.mentorship import Mentorship

            one = Mentorship(self.context(me)).add_one_on_one(
                other.name, held_on=held_on, notes=notes, shared=shared
            )
            self.store.execute(
                "UPDATE one_on_one SET with_person_id = :w WHERE id = :i",
                {"w": subject_id, "i": one.id},
            )
            self._audit("create", "one_on_one", subject_id, "shared" if shared else "private")
        return self._notes_with(subject_id, only=one.id)[0]

    def notes(self, subject_id: int) -> list[dict[str, Any]]:
        """The 1:1 notes between the actor and a person that the actor may read: their own,
        and the other person's shared ones."""
        relation(self.store, self.actor, subject_id)
        found = self._notes_with(subject_id)
        if any(n["author"] != self.actor.person_id for n in found):
            self._audit("read", "one_on_one", subject_id, f"{len(found)} notes")
        return found

    def _notes_with(self, subject_id: int, *, only: int | None = None) -> list[dict[str, Any]]:
        me = self.actor.person_id or 0
        rows = self.store.query(
            "SELECT id, person_id, with_person_id, held_on, notes, shared FROM one_on_one "
            "WHERE ((person_id = :me AND with_person_id = :s) OR (person_id = :s AND with_person_id = :me)) "
            "ORDER BY held_on, id",
            {"me": me, "s": subject_id},
        )
        return [
            _note(r)
            for r in rows
            if (only is None or int(r["id"]) == only)
            and can_read_note(
                self.actor,
                author_id=int(r["person_id"]),
                with_person_id=r["with_person_id"],
                shared=bool(r["shared"]),
            )
        ]

    # -- the manager's views -------------------------------------------------------------------
    def reports(self) -> list[accounts.Account]:
        """The people the actor manages, directly or as their manager's manager, by email."""
        return [a for a in self._reports() if a.active]

    def overview(self, subject_id: int) -> Overview:
        """One report's row of the team page: readiness, top gaps, this month's goals, the last
        1:1 with the actor and its open action items, self-vs-manager disconnects (audited as
        reads of their status, goals and ratings).

        Raises:
            NotFoundError / ForbiddenError: As for each part read.
        """
        acc = accounts.by_person(self.store, subject_id)
        self._read(subject_id, *_OVERVIEW)
        assert acc is not None
        return self._overviews([acc], self._mapped([subject_id]))[0]

    def overviews(self) -> list[Overview]:
        """:meth:`overview` of every report (:meth:`reports`), in a handful of queries: what
        comes from a report's own data is kept under their data version (:attr:`memo`), and
        the reads are audited in one insert."""
        reports = self.reports()
        if not reports:
            return []
        # the stamps first (after mapping what was never mapped): what is computed below is at
        # least as new as they say
        stamps = self._mapped([a.person_id for a in reports])
        # a report's managers read their status, goals and ratings (Relation.reads)
        self._audit_reads([a.person_id for a in reports], _OVERVIEW)
        return self._overviews(reports, stamps)

    def _mapped(self, subject_ids: Sequence[int]) -> dict[int, Any]:
        """Map what each of these people logged or pushed that was never mapped (new items,
        or changed since their last map), so that it counts for whoever reads them; then their
        data versions (:func:`ladder.store.versions.stamps`), read after it.

        Whether anything waits is one query a person, asked again only once their data
        changed (the answer is kept under their version in :attr:`memo`). What is written is
        ladder's own (mappings of origin ``mapper`` and the grade), as after a push; the
        person's own decisions stay as they were.
        """
        from ladder.store import versions

        stamps = versions.stamps(self.store, subject_ids)
        moved = False
        for pid in subject_ids:
            mapped = self._kept(("mapped", stamps[pid]), functools.partial(self._map_new, pid))
            moved = mapped or moved
        return versions.stamps(self.store, subject_ids) if moved else stamps

    def _map_new(self, subject_id: int) -> bool:
        """:func:`ladder.mapping.map_items` for the person's ungraded items and those changed
        since their last map, when they have any (:func:`ladder.mapping.pending`); whether it
        did. Before their first map on this server, only the ungraded ones: what came graded
        (a push, a harvest job) is left as it came."""
        from ladder import mapping

        if not mapping.pending(self.store, person_id=subject_id):
            return False
        mapping.map_items(
            self.store,
            self.ladder(),
            person_id=subject_id,
            now=self.clock.now_iso(),
            ungraded=mapping.last_mapped(self.store, person_id=subject_id) is None,
        )
        return True

    def _overviews(
        self, reports: Sequence[accounts.Account], stamps: dict[int, Any]
    ) -> list[Overview]:
        from ladder.readiness_cache import code_stamp

        day = self.clock.today()
        ids = [a.person_id for a in reports]
        notes = self._notes_with_many(ids)
        actions = self._open_actions(ids)
        out = []
        for acc in reports:
            pid = acc.person_id
            version = (pid, stamps[pid], day, code_stamp())
            ready, goals, disconnects = self._kept(
                ("team-growth", version), functools.partial(self._growth, pid, day)
            )
            mine = notes.get(pid, [])
            out.append(
                Overview(
                    person=acc.to_dict(),
                    readiness=ready,
                    goals=goals,
                    last_one_on_one=mine[-1] if mine else None,
                    open_actions=actions.get(pid, []),
                    disconnects=disconnects,
                    version=version,
                )
            )
        return out

    def _growth(
        self, subject_id: int, day: dt.date
    ) -> tuple[Readiness, list[dict[str, Any]], list[dict[str, Any]]]:
        """What a report's row shows from their own data alone: readiness, this month's goals,
        the disconnects at the level measured. Checked and audited by the caller."""
        from ladder import readiness_cache
        from ladder.goal import Goals

        ctx = self.context(subject_id)
        ready = readiness_cache.readiness(ctx, today=day)
        try:
            diff = Assessments(ctx).diff(level=ready.level)
            disconnects = [r.to_dict() for r in diff.flagged("disconnect")]
        except InputError:
            disconnects = []
        return ready, [g.to_dict() for g in Goals(ctx).current()], disconnects

    def _notes_with_many(self, subject_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
        """:meth:`_notes_with` of several people, in one query."""
        me = self.actor.person_id or 0
        params: dict[str, Any] = {"me": me, **{f"s{n}": s for n, s in enumerate(subject_ids)}}
        marks = ", ".join(f":s{n}" for n in range(len(subject_ids)))
        rows = self.store.query(
            "SELECT id, person_id, with_person_id, held_on, notes, shared FROM one_on_one "
            f"WHERE ((person_id = :me AND with_person_id IN ({marks})) "
            f"OR (person_id IN ({marks}) AND with_person_id = :me)) ORDER BY held_on, id",
            params,
        )
        out: dict[int, list[dict[str, Any]]] = {}
        for r in rows:
            if not can_read_note(
                self.actor,
                author_id=int(r["person_id"]),
                with_person_id=r["with_person_id"],
                shared=bool(r["shared"]),
            ):
                continue
            other = int(r["with_person_id"]) if int(r["person_id"]) == me else int(r["person_id"])
            out.setdefault(other, []).append(_note(r))
        return out

    def _open_actions(self, subject_ids: Sequence[int]) -> dict[int, list[str]]:
        """The open action items of the 1:1s between the actor and each person (the actor's
        own, and the person's shared ones), in one query."""
        me = self.actor.person_id or 0
        params: dict[str, Any] = {"me": me, **{f"s{n}": s for n, s in enumerate(subject_ids)}}
        marks = ", ".join(f":s{n}" for n in range(len(subject_ids)))
        out: dict[int, list[str]] = {}
        for r in self.store.query(
            "SELECT a.text, o.person_id, o.with_person_id FROM action_item a "
            "JOIN one_on_one o ON o.id = a.one_on_one_id WHERE a.closed_at IS NULL AND "
            f"((o.person_id = :me AND o.with_person_id IN ({marks})) OR "
            f"(o.person_id IN ({marks}) AND o.with_person_id = :me AND o.shared = 1)) "
            "ORDER BY a.id",
            params,
        ):
            other = int(r["with_person_id"]) if int(r["person_id"]) == me else int(r["person_id"])
            out.setdefault(other, []).append(str(r["text"]))
        return out

    def calibration(self) -> list[dict[str, Any]]:
        """Every current rating of every report beside the evidence that backs it, the
        ratings of meeting or above with none flagged ``testimony_only`` (audited as reads of
        their ratings and evidence, in one insert). A handful of queries, however large the
        team: the reports, their ratings, the evidence the ratings link to."""
        reports = self.reports()
        if not reports:
            return []
        ids = [a.person_id for a in reports]
        # a report's managers read their ratings and evidence (Relation.reads)
        self._audit_reads(ids, ("ratings", "evidence"))
        ratings = Assessments(self.context(ids[0])).current_of(ids)
        linked = sorted({e for rows in ratings.values() for a in rows for e in a.evidence_ids})
        backing = self._entries_of(ids, linked)
        out = []
        for acc in reports:
            pid = acc.person_id
            rows = [
                {
                    **_rating(a),
                    "evidence": [backing[(pid, e)] for e in a.evidence_ids if (pid, e) in backing],
                }
                for a in ratings[pid]
                if not a.orphaned
            ]
            out.append({"person": acc.to_dict(), "ratings": rows})
        return out

    def _entries_of(
        self, people: Sequence[int], entry_ids: Sequence[int]
    ) -> dict[tuple[int, int], dict[str, Any]]:
        """``{"id", "date", "text"}`` of each entry of ``entry_ids`` that belongs to one of
        ``people``, by (person, entry), in one query per 500 entries."""
        found: dict[tuple[int, int], dict[str, Any]] = {}
        who = {f"p{n}": pid for n, pid in enumerate(people)}
        persons = ", ".join(f":{k}" for k in who)
        for start in range(0, len(entry_ids), 500):
            chunk = entry_ids[start : start + 500]
            marks = ", ".join(f":e{n}" for n in range(len(chunk)))
            for r in self.store.query(
                "SELECT id, person_id, occurred_on, text FROM evidence "
                f"WHERE id IN ({marks}) AND person_id IN ({persons})",
                {**who, **{f"e{n}": e for n, e in enumerate(chunk)}},
            ):
                found[(int(r["person_id"]), int(r["id"]))] = {
                    "id": int(r["id"]),
                    "date": r["occurred_on"],
                    "text": r["text"],
                }
        return found

    # -- the audit trail ---------------------------------------------------------------------------
    def audit(self, *, limit: int = 200) -> list[dict[str, Any]]:
        """An admin: every event. Anyone else: who else read or changed their data, and the
        failed logins on their account and refused uses of its tokens."""
        if self.actor.is_admin:
            found = audit.events(self.store, limit=limit)
        else:
            found = audit.events(
                self.store, subject_id=self.actor.person_id, others_only=True, limit=limit
            )
            # refusals are the admin's to read, but for failed logins on one's own account and
            # refused uses of one's own tokens
            found = [e for e in found if e.action != "denied" or e.resource in ("login", "token")]
        return [e.to_dict() for e in found]


#: What a report's row of the team page reads of them.
_OVERVIEW = ("status", "goals", "ratings")


def _note(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": int(r["id"]),
        "author": int(r["person_id"]),
        "with": r["with_person_id"],
        "held_on": r["held_on"],
        "notes": r["notes"],
        "shared": bool(r["shared"]),
    }


def _rating(a: Any) -> dict[str, Any]:
    out: dict[str, Any] = a.to_dict()
    out["rater_person_id"] = a.rater_person_id
    return out


__all__ = [
    "SHAREABLE",
    "ForbiddenError",
    "Overview",
    "Relation",
    "Team",
    "UnprocessableError",
    "can_read_note",
    "relation",
]
