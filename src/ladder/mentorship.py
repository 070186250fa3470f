"""Mentorship: mentees, 1:1 notes, and the action items that carry over until they are closed.

Rules (documented in ``docs/mentorship.md``):

- A 1:1 is with a person, named by text; names match without regard to case or spacing, so
  ``sam`` and ``Sam`` are the same person and their action items carry over between them.
- An action item stays open, and is shown at every later 1:1 with that person, until it is
  closed: in a 1:1 (``close=``) or on its own (:meth:`Mentorship.close_action`).
- Notes are private unless the 1:1 is shared. Private notes and action items never leave the
  1:1: not into evidence text, error messages or logs.
- A 1:1 with a mentee, held while they were your mentee, counts as mentoring: it writes one
  evidence item (source ``mentorship``, kind ``mentoring``, the 1:1's uid as reference) mapped
  to the ``mentorship`` area with a reason. Its text says with whom and how many action items
  were agreed and closed; the notes and action items are added to its body only when shared.
  Saving again changes nothing; editing, un-sharing, ending the mentoring or deleting the 1:1
  updates (or removes) that evidence.

Example:
    >>> m = ws.mentorship                                               # doctest: +SKIP
    >>> m.add_mentee("Sam", since="2026-01-05")
    >>> one = m.add_one_on_one("Sam", notes="Talked about the cache design", actions=["Draft the RFC"])
    >>> m.open_actions("sam")[0].text
    'Draft the RFC'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ladder import rules
from ladder.assessment import fold_name
from ladder.clock import new_uid
from ladder.dates import parse_date
from ladder.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from ladder.context import Context
    from ladder.store import Row

#: The evidence a mentoring 1:1 writes: its source, kind, tag, area and expectation.
SOURCE = "mentorship"
KIND = "mentoring"
AREA = "mentorship"
EXPECTATION = "mentorship.mentoring"
MAX_NAME = rules.MAX_NAME


@dataclass(frozen=True)
class Mentee:
    """Someone you mentor, and since when (``ended_on`` once the mentoring stopped)."""

    id: int
    uid: str
    name: str
    note: str
    started_on: str
    ended_on: str | None
    created_at: str
    one_on_ones: int = 0  # 1:1s that count as mentoring
    last_on: str | None = None  # the day of the latest of them
    open_actions: int = 0  # action items still open from 1:1s with them
    # evidence of 1:1s that stopped counting by this change: marked deleted, never erased
    withdrawn_evidence: tuple[int, ...] = ()

    @property
    def active(self) -> bool:
        """True while the mentoring goes on."""
        return self.ended_on is None

    def covers(self, day: str) -> bool:
        """True when ``day`` (``YYYY-MM-DD``) falls in the mentoring period."""
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "uid": self.uid,
            "name": self.name,
            "note": self.note,
            "since": self.started_on,
            "ended_on": self.ended_on,
            "active": self.active,
            "one_on_ones": self.one_on_ones,
            "last_on": self.last_on,
            "open_actions": self.open_actions,
            "withdrawn_evidence": list(self.withdrawn_evidence),
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class ActionItem:
    """A thing someone agreed to do in a 1:1; open until it is closed."""

    id: int
    uid: str
    one_on_one_id: int  # the 1:1 it was agreed in
    with_name: str
    raised_on: str  # the day of that 1:1
    text: str
    created_at: str
    shared: bool = False  # follows its 1:1
    closed_at: str | None = None
    closed_in_id: int | None = None  # the 1:1 it was closed in, if any

    @property
    def open(self) -> bool:
        """True until it is closed."""
        return self.closed_at is None

    def to_dict(self, *, include_private: bool = True) -> dict[str, Any]:
        """A JSON-ready view.

        Args:
            include_private: False leaves out the text of an item whose 1:1 is private (for
                views that someone other than the owner may see).
        """
        return {
            "id": self.id,
            "uid": self.uid,
            "one_on_one_id": self.one_on_one_id,
            "with": self.with_name,
            "raised_on": self.raised_on,
            "text": self.text if include_private or self.shared else None,
            "open": self.open,
            "closed_at": self.closed_at,
            "closed_in_id": self.closed_in_id,
            "shared": self.shared,
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class OneOnOne:
    """A 1:1: when, with whom, the notes, and its action items."""

    id: int
    uid: str
    with_name: str
    mentee_id: int | None  # set when it counts as mentoring
    held_on: str
    notes: str
    shared: bool
    evidence_id: int | None
    created_at: str
    updated_at: str
    actions: tuple[ActionItem, ...] = ()  # agreed in this 1:1
    closed: tuple[ActionItem, ...] = ()  # earlier items closed in this 1:1
    carried: tuple[ActionItem, ...] = field(default=())  # earlier items still open

    @property
    def mentoring(self) -> bool:
        """True when this 1:1 counts as mentoring (with a mentee, in their period)."""
        return self.mentee_id is not None

    @property
    def summary(self) -> str:
        """One line without the notes: the text of the evidence a mentoring 1:1 writes."""
        what = "Mentoring 1:1" if self.mentoring else "1:1"
        parts = []
        if self.actions:
            parts.append(f"{_count(len(self.actions), 'action item')} agreed")
        if self.closed:
            parts.append(
                f"{len(self.closed)} closed"
                if parts
                else f"{_count(len(self.closed), 'action item')} closed"
            )
        return f"{what} with {self.with_name}" + (": " + ", ".join(parts) if parts else "")

    def to_dict(self, *, include_private: bool = True, brief: bool = False) -> dict[str, Any]:
        """A JSON-ready view.

        Args:
            include_private: False leaves out the notes and action items of a private 1:1
                (``notes`` is None and ``private`` is True).
            brief: Counts instead of notes and action items, as ``ladder 1on1 list`` shows.
        """
        if brief:
            return {
                "id": self.id,
                "uid": self.uid,
                "with": self.with_name,
                "date": self.held_on,
                "mentoring": self.mentoring,
                "mentee_id": self.mentee_id,
                "shared": self.shared,
                "private": not self.shared,
                "summary": self.summary,
                "evidence_id": self.evidence_id,
                "actions_agreed": len(self.actions),
                "actions_closed": len(self.closed),
                "actions_open": sum(1 for a in self.actions if a.open),
                "carried_over": len(self.carried),
                "created_at": self.created_at,
                "updated_at": self.updated_at,
            }
        show = include_private or self.shared
        return {
            "id": self.id,
            "uid": self.uid,
            "with": self.with_name,
            "date": self.held_on,
            "mentoring": self.mentoring,
            "mentee_id": self.mentee_id,
            "shared": self.shared,
            "private": not self.shared,
            "notes": self.notes if show else None,
            "summary": self.summary,
            "evidence_id": self.evidence_id,
            "actions": [a.to_dict(include_private=include_private) for a in self.actions],
            "closed": [a.to_dict(include_private=include_private) for a in self.closed],
            "carried_over": [a.to_dict(include_private=include_private) for a in self.carried],
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _no_nul(text: str, what: str) -> str:
    """``text`` once it is valid text without a NUL (its length is checked after tidying)."""
    return rules.check_text(text, what, limit=len(text))


def clean_name(name: str, *, what: str = "name") -> str:
    """A person's name with its spacing tidied (:func:`ladder.rules.check_name`).

    Raises:
        InputError: It is empty, too long, not valid text or contains a NUL character.
    """
    return rules.check_name(name, what)


def _day(value: str | dt.date | None, *, today: dt.date) -> dt.date:
    if value is None:
        return today
    if isinstance(value, dt.date):
        if value > today:
            raise InputError(f"{value.isoformat()} is in the future")
        return value
    if not str(value).strip():
        raise InputError("the date is empty", hint="try 'yesterday', 'last monday' or 2026-11-02")
    return parse_date(str(value), today=today)


def _clean_notes(notes: str | None) -> str:
    if notes is None:
        return ""
    text = _no_nul(str(notes), "notes").replace("\r\n", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return _bounded("\n".join(lines).strip("\n"), "notes")


def _bounded(text: str, what: str) -> str:
    return rules.check_text(text, what)


def _clean_actions(actions: Iterable[str]) -> list[str]:
    out = []
    for n, text in enumerate(actions, 1):
        clean = " ".join(_no_nul(str(text), f"action item {n}").split())
        if not clean:
            raise InputError(f"action item {n} is empty", hint="write what is to be done")
        out.append(_bounded(clean, f"action item {n}"))
    return out


class Mentorship:
    """Mentees and 1:1 notes with action items that carry over; built by ``ws.mentorship``.

    Args:
        ws: The context: a workspace, or any :class:`ladder.context.Context` (its person's
            data).
    """

    def __init__(self, ws: Context) -> None:
        self.ws = ws
        self.store = ws.store

    # -- mentees ----------------------------------------------------------------------------
    def add_mentee(
        self,
        name: str,
        *,
        note: str | None = None,
        since: str | dt.date | None = None,
        today: dt.date | None = None,
    ) -> Mentee:
        """Start mentoring someone (or change when it started, or pick it up again).

        A new mentee starts ``since`` (default: today). For someone who already is (or was)
        your mentee, ``since`` moves the start and ``note`` replaces the note; a former mentee
        becomes a mentee again. 1:1s with them in the mentoring period count as mentoring.

        Args:
            name: Their name.
            note: A line about them (team, goal of the mentoring).
            since: The day the mentoring started (natural dates work).
            today: The reference day (tests).

        Raises:
            InputError: An empty name, a bad or future date, or a current mentee with nothing
                to change.
        """
        owner = self.ws.owner()

        clean = clean_name(name, what="mentee's name")
        start = None if since is None else _day(since, today=today or self.ws.clock.today()).isoformat()
        now = self.ws.clock.now_iso()
        with self.store.transaction():
            existing = self._mentee_row(owner, clean)
            if existing is None:
                self.store.insert(
                    "mentee",
                    {
                        "uid": new_uid(),
                        "person_id": owner,
                        "name": clean,
                        "note": _no_nul(note or "", "note").strip(),
                        "started_on": start or (today or self.ws.clock.today()).isoformat(),
                        "ended_on": None,
                        "created_at": now,
                    },
                )
            else:
                if existing["ended_on"] is None and start is None and note is None:
                    raise InputError(
                        f"{existing['name']} is already your mentee (since {existing['started_on']})",
                        hint="`--since DATE` moves the start; `ladder mentee end NAME` ends it",
                    )
                new_start = start or existing["started_on"]
                if existing["ended_on"] is not None and start is None:
                    new_start = min(existing["started_on"], (today or self.ws.clock.today()).isoformat())
                self.store.execute(
                    "UPDATE mentee SET started_on = :s, ended_on = NULL, note = :n WHERE id = :id",
                    {
                        "s": new_start,
                        "n": existing["note"] if note is None else _no_nul(note, "note").strip(),
                        "id": existing["id"],
                    },
                )
            withdrawn = self._relink(owner, clean, now)
        return dataclasses.replace(self.mentee(clean), withdrawn_evidence=tuple(withdrawn))

    def end_mentee(
        self, name: str, *, on: str | dt.date | None = None, today: dt.date | None = None
    ) -> Mentee:
        """End a mentoring; 1:1s with them after ``on`` no longer count as mentoring.

        The evidence of those 1:1s is marked deleted, not erased: ratings and goals that cite
        it keep their link, and its id is never used again (``withdrawn_evidence`` lists it).

        Args:
            name: The mentee's name.
            on: The last day of the mentoring (default: today).
            today: The reference day (tests).

        Raises:
            NotFoundError: No such mentee.
            InputError: Already ended, or ``on`` is before the mentoring started.
        """
        owner = self.ws.owner()

        row = self._require_mentee(owner, name)
        end = _day(on, today=today or self.ws.clock.today()).isoformat()
        if row["ended_on"] is not None:
            raise InputError(
                f"the mentoring of {row['name']} already ended on {row['ended_on']}",
                hint=f"`ladder mentee add {_quote(row['name'])}` picks it up again",
            )
        if end < row["started_on"]:
            raise InputError(
                f"{end} is before the mentoring of {row['name']} started ({row['started_on']})"
            )
        with self.store.transaction():
            self.store.execute(
                "UPDATE mentee SET ended_on = :e WHERE id = :id", {"e": end, "id": row["id"]}
            )
            withdrawn = self._relink(owner, row["name"], self.ws.clock.now_iso())
        return dataclasses.replace(self.mentee(row["name"]), withdrawn_evidence=tuple(withdrawn))

    def mentee(self, name: str) -> Mentee:
        """One mentee, by name (any case).

        Raises:
            NotFoundError: No such mentee (the message names the close ones).
        """
        owner = self.ws.owner()
        row = self._require_mentee(owner, name)
        return self._mentees(owner, "m.id = :id", {"id": row["id"]})[0]

    def mentees(self, *, include_ended: bool = False) -> list[Mentee]:
        """Your mentees, current ones first, then by name."""
        owner = self.ws.owner()
        cond = "1 = 1" if include_ended else "m.ended_on IS NULL"
        return self._mentees(owner, cond, {})

    def partners(self) -> list[str]:
        """Everyone you have 1:1s with or mentor, by name (to catch a misspelt name)."""
        owner = self.ws.owner()
        rows = self.store.query(
            "SELECT name FROM mentee WHERE person_id = :p "
            "UNION SELECT with_name AS name FROM one_on_one WHERE person_id = :p",
            {"p": owner},
        )
        seen: dict[str, str] = {}
        for r in sorted(rows, key=lambda r: str(r["name"])):
            seen.setdefault(fold_name(str(r["name"])), str(r["name"]))
        return sorted(seen.values(), key=fold_name)

    def _mentees(self, owner: int, cond: str, params: dict[str, Any]) -> list[Mentee]:
        rows = self.store.query(
            "SELECT m.*, "
            "(SELECT COUNT(*) FROM one_on_one o WHERE o.mentee_id = m.id) AS n, "
            "(SELECT MAX(o.held_on) FROM one_on_one o WHERE o.mentee_id = m.id) AS last_on "
            f"FROM mentee m WHERE m.person_id = :p AND {cond}",
            {"p": owner, **params},
        )
        # Open action items per person, names compared as people write them (Zoë = ZOË).
        open_n: dict[str, int] = {}
        for r in self.store.query(
            "SELECT o.with_name, COUNT(*) AS n FROM action_item a "
            "JOIN one_on_one o ON o.id = a.one_on_one_id "
            "WHERE o.person_id = :p AND a.closed_at IS NULL GROUP BY o.with_name",
            {"p": owner},
        ):
            key = fold_name(str(r["with_name"]))
            open_n[key] = open_n.get(key, 0) + int(r["n"])
        rows.sort(key=lambda r: (r["ended_on"] is not None, fold_name(str(r["name"]))))
        return [
            Mentee(
                id=int(r["id"]),
                uid=r["uid"],
                name=r["name"],
                note=r["note"],
                started_on=r["started_on"],
                ended_on=r["ended_on"],
                created_at=r["created_at"],
                one_on_ones=int(r["n"]),
                last_on=r["last_on"],
                open_actions=open_n.get(fold_name(str(r["name"])), 0),
            )
            for r in rows
        ]

    def _mentee_row(self, owner: int, name: str) -> Row | None:
        key = fold_name(name)
        rows = self.store.query(
            "SELECT * FROM mentee WHERE person_id = :p ORDER BY id", {"p": owner}
        )
        return next((r for r in rows if fold_name(str(r["name"])) == key), None)

    def _spellings(self, owner: int, name: str) -> list[str]:
        """Every way this person's name is stored (``Zoë``, ``ZOË``): the few names are
        compared in Python, as SQL's LOWER() folds only ASCII letters."""
        key = fold_name(name)
        return sorted(n for n in self._names(owner) if fold_name(n) == key)

    def _names(self, owner: int) -> set[str]:
        return {
            str(r["name"])
            for r in self.store.query(
                "SELECT name FROM mentee WHERE person_id = :p "
                "UNION SELECT with_name AS name FROM one_on_one WHERE person_id = :p",
                {"p": owner},
            )
        }

    def _require_mentee(self, owner: int, name: str) -> Row:
        clean = clean_name(name, what="mentee's name")
        row = self._mentee_row(owner, clean)
        if row is None:
            known = sorted(
                (
                    r["name"]
                    for r in self.store.query(
                        "SELECT name FROM mentee WHERE person_id = :p", {"p": owner}
                    )
                ),
                key=fold_name,
            )
            raise NotFoundError(
                _unknown("mentee", clean, known),
                hint=f"`ladder mentee add {_quote(clean)}` adds them",
            )
        return row

    # -- 1:1s -------------------------------------------------------------------------------
    def add_one_on_one(
        self,
        with_name: str,
        *,
        held_on: str | dt.date | None = None,
        notes: str | None = "",
        actions: Sequence[str] = (),
        close: Sequence[int] = (),
        shared: bool = False,
        today: dt.date | None = None,
    ) -> OneOnOne:
        """Record a 1:1: its notes, the action items agreed, and the earlier ones closed in it.

        Args:
            with_name: Who the 1:1 was with.
            held_on: The day (natural dates work; default today).
            notes: The notes (private unless ``shared``).
            actions: Action items agreed in it.
            close: Ids of open action items from earlier 1:1s with the same person, done now.
            shared: True to share the notes (they may then appear in evidence).
            today: The reference day (tests).

        Returns:
            The 1:1, with the action items still open from earlier 1:1s in ``carried``.

        Raises:
            InputError: An empty name or action item, a bad or future date, an action item that
                is closed already or belongs to 1:1s with someone else. Nothing is written.
            NotFoundError: An unknown action item id.
        """
        owner = self.ws.owner()

        name = clean_name(with_name)
        day = _day(held_on, today=today or self.ws.clock.today()).isoformat()
        body = _clean_notes(notes)
        items = _clean_actions(actions)
        mentee = self._mentee_row(owner, name)
        if mentee is not None:
            name = mentee["name"]
        to_close = self._closable(owner, name, close, day)
        now = self.ws.clock.now_iso()
        with self.store.transaction():
            oid = self.store.insert(
                "one_on_one",
                {
                    "uid": new_uid(),
                    "person_id": owner,
                    "with_name": name,
                    "mentee_id": None,
                    "held_on": day,
                    "notes": body,
                    "shared": 1 if shared else 0,
                    "evidence_id": None,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            self._add_actions(oid, items, now)
            for aid in to_close:
                self.store.execute(
                    "UPDATE action_item SET closed_at = :now, closed_in_id = :o WHERE id = :id",
                    {"now": now, "o": oid, "id": aid},
                )
            self._relink(owner, name, now, only=oid)
        return self.one_on_one(oid)

    def edit_one_on_one(
        self,
        one_on_one_id: int,
        *,
        notes: str | None = None,
        held_on: str | dt.date | None = None,
        actions: Sequence[str] = (),
        close: Sequence[int] = (),
        today: dt.date | None = None,
    ) -> OneOnOne:
        """Change a 1:1: replace its notes, move its day, add action items, close earlier ones.

        Raises:
            NotFoundError: No such 1:1 or action item.
            InputError: Nothing to change, or what :meth:`add_one_on_one` refuses.
        """
        owner = self.ws.owner()

        row = self._require_one_on_one(owner, one_on_one_id)
        if notes is None and held_on is None and not actions and not close:
            raise InputError(
                f"nothing to change in 1:1 #{one_on_one_id}",
                hint="give --notes, --date, --action or --close",
            )
        day = row["held_on"] if held_on is None else _day(held_on, today=today or self.ws.clock.today()).isoformat()
        body = row["notes"] if notes is None else _clean_notes(notes)
        items = _clean_actions(actions)
        to_close = self._closable(owner, row["with_name"], close, day, exclude=one_on_one_id)
        now = self.ws.clock.now_iso()
        with self.store.transaction():
            self.store.execute(
                "UPDATE one_on_one SET held_on = :d, notes = :n, updated_at = :now WHERE id = :id",
                {"d": day, "n": body, "now": now, "id": one_on_one_id},
            )
            self._add_actions(one_on_one_id, items, now)
            for aid in to_close:
                self.store.execute(
                    "UPDATE action_item SET closed_at = :now, closed_in_id = :o WHERE id = :id",
                    {"now": now, "o": one_on_one_id, "id": aid},
                )
            self._relink(owner, row["with_name"], now, only=one_on_one_id)
        return self.one_on_one(one_on_one_id)

    def share(self, one_on_one_id: int, *, shared: bool = True) -> OneOnOne:
        """Share a 1:1's notes, or make them private again (its evidence follows).

        Raises:
            NotFoundError: No such 1:1.
        """
        owner = self.ws.owner()

        row = self._require_one_on_one(owner, one_on_one_id)
        now = self.ws.clock.now_iso()
        with self.store.transaction():
            self.store.execute(
                "UPDATE one_on_one SET shared = :s, updated_at = :now WHERE id = :id",
                {"s": 1 if shared else 0, "now": now, "id": one_on_one_id},
            )
            self._relink(owner, row["with_name"], now, only=one_on_one_id)
        return self.one_on_one(one_on_one_id)

    def remove_one_on_one(self, one_on_one_id: int) -> OneOnOne:
        """Delete a 1:1 and its action items; items it closed stay closed.

        Its evidence is marked deleted, not erased (as ``ladder rm`` does): ratings and goals
        that cite it keep their link, and its id is never used again.

        Returns:
            The 1:1 as it was (``evidence_id``: its evidence, now deleted).

        Raises:
            NotFoundError: No such 1:1.
        """

        owner = self.ws.owner()
        before = self.one_on_one(one_on_one_id)
        with self.store.transaction():
            self._drop_evidence(owner, before.uid, "its 1:1 was deleted", self.ws.clock.now_iso())
            self.store.execute(
                "UPDATE action_item SET closed_in_id = NULL WHERE closed_in_id = :id",
                {"id": one_on_one_id},
            )
            self.store.execute(
                "DELETE FROM action_item WHERE one_on_one_id = :id", {"id": one_on_one_id}
            )
            self.store.execute("DELETE FROM one_on_one WHERE id = :id", {"id": one_on_one_id})
        return before

    def one_on_one(self, one_on_one_id: int) -> OneOnOne:
        """One 1:1, with its action items and the ones carried over to it.

        Raises:
            NotFoundError: No such 1:1.
        """
        owner = self.ws.owner()
        self._require_one_on_one(owner, one_on_one_id)
        return self._one_on_ones(owner, "o.id = :id", {"id": one_on_one_id})[0]

    def one_on_ones(
        self, with_name: str | None = None, *, limit: int | None = None
    ) -> list[OneOnOne]:
        """Your 1:1s, newest first; only those with ``with_name`` (any case) when given."""
        owner = self.ws.owner()
        if with_name is None:
            return self._one_on_ones(owner, "1 = 1", {}, limit=limit)
        params: dict[str, Any] = {}
        cond = _name_in("o.with_name", self._spellings(owner, clean_name(with_name)), params)
        return self._one_on_ones(owner, cond, params, limit=limit)

    # -- action items -----------------------------------------------------------------------
    def open_actions(self, with_name: str | None = None) -> list[ActionItem]:
        """Open action items, oldest first; only from 1:1s with ``with_name`` when given."""
        owner = self.ws.owner()
        cond = "a.closed_at IS NULL"
        params: dict[str, Any] = {}
        if with_name is not None:
            spellings = self._spellings(owner, clean_name(with_name))
            cond += " AND " + _name_in("o.with_name", spellings, params)
        return self._actions(owner, cond, params)

    def action(self, action_id: int) -> ActionItem:
        """One action item.

        Raises:
            NotFoundError: No such action item.
        """
        owner = self.ws.owner()
        found = self._actions(owner, "a.id = :id", {"id": int(action_id)})
        if not found:
            raise NotFoundError(
                f"no action item #{action_id}", hint="`ladder 1on1 actions` lists the open ones"
            )
        return found[0]

    def close_action(self, action_id: int) -> ActionItem:
        """Close an action item between 1:1s.

        Raises:
            NotFoundError: No such action item.
            InputError: It is closed already.
        """

        item = self.action(action_id)
        if not item.open:
            raise InputError(
                f"action item #{action_id} is closed already (on {item.closed_at[:10] if item.closed_at else '?'})",
                hint=f"`ladder 1on1 reopen {action_id}` opens it again",
            )
        with self.store.transaction():
            self.store.execute(
                "UPDATE action_item SET closed_at = :now, closed_in_id = NULL WHERE id = :id",
                {"now": self.ws.clock.now_iso(), "id": item.id},
            )
        return self.action(action_id)

    def reopen_action(self, action_id: int) -> ActionItem:
        """Open a closed action item again; it carries over to the next 1:1 once more.

        Raises:
            NotFoundError: No such action item.
            InputError: It is open.
        """

        owner = self.ws.owner()
        item = self.action(action_id)
        if item.open:
            raise InputError(f"action item #{action_id} is open already")
        with self.store.transaction():
            self.store.execute(
                "UPDATE action_item SET closed_at = NULL, closed_in_id = NULL WHERE id = :id",
                {"id": item.id},
            )
            if item.closed_in_id is not None:
                self._relink(owner, item.with_name, self.ws.clock.now_iso(), only=item.closed_in_id)
        return self.action(action_id)

    # -- internals --------------------------------------------------------------------------
    def _require_one_on_one(self, owner: int, one_on_one_id: int) -> Row:
        row = self.store.one(
            "SELECT * FROM one_on_one WHERE id = :id AND person_id = :p",
            {"id": int(one_on_one_id), "p": owner},
        )
        if row is None:
            raise NotFoundError(
                f"no 1:1 #{one_on_one_id}", hint="`ladder 1on1 list` shows your 1:1s"
            )
        return row

    def _closable(
        self,
        owner: int,
        name: str,
        ids: Sequence[int],
        day: str,
        *,
        exclude: int | None = None,
    ) -> list[int]:
        """Check the action items a 1:1 closes: they exist, are open and are with ``name``."""
        out: list[int] = []
        for aid in dict.fromkeys(int(i) for i in ids):
            item = self.action(aid)
            if fold_name(item.with_name) != fold_name(name):
                raise InputError(
                    f"action item #{aid} is from a 1:1 with {item.with_name}, not {name}",
                    hint=f"`ladder 1on1 close {aid}` closes it on its own",
                )
            if item.one_on_one_id == exclude:
                raise InputError(f"action item #{aid} was agreed in this same 1:1")
            if not item.open:
                raise InputError(f"action item #{aid} is closed already")
            if item.raised_on > day:
                raise InputError(
                    f"action item #{aid} was agreed on {item.raised_on}, after this 1:1 ({day})"
                )
            out.append(aid)
        return out

    def _add_actions(self, oid: int, items: list[str], now: str) -> None:

        for text in items:
            self.store.insert(
                "action_item",
                {
                    "uid": new_uid(),
                    "one_on_one_id": oid,
                    "text": text,
                    "closed_at": None,
                    "closed_in_id": None,
                    "created_at": now,
                },
            )

    def _actions(self, owner: int, cond: str, params: dict[str, Any]) -> list[ActionItem]:
        rows = self.store.query(
            "SELECT a.*, o.with_name, o.held_on, o.shared FROM action_item a "
            "JOIN one_on_one o ON o.id = a.one_on_one_id "
            f"WHERE o.person_id = :p AND {cond} ORDER BY o.held_on, a.id",
            {"p": owner, **params},
        )
        return [_action(r) for r in rows]

    def _one_on_ones(
        self, owner: int, cond: str, params: dict[str, Any], *, limit: int | None = None
    ) -> list[OneOnOne]:
        lim = f" LIMIT {int(limit)}" if limit else ""
        rows = self.store.query(
            f"SELECT o.* FROM one_on_one o WHERE o.person_id = :p AND {cond} "
            f"ORDER BY o.held_on DESC, o.id DESC{lim}",
            {"p": owner, **params},
        )
        if not rows:
            return []
        keys = {fold_name(str(r["with_name"])) for r in rows}
        names: dict[str, Any] = {}
        spellings = sorted(n for n in self._names(owner) if fold_name(n) in keys)
        items = self._actions(owner, _name_in("o.with_name", spellings, names), names)
        out = []
        for r in rows:
            oid = int(r["id"])
            key = (r["held_on"], oid)
            person = fold_name(str(r["with_name"]))
            same = [a for a in items if fold_name(a.with_name) == person]
            out.append(
                OneOnOne(
                    id=oid,
                    uid=r["uid"],
                    with_name=r["with_name"],
                    mentee_id=None if r["mentee_id"] is None else int(r["mentee_id"]),
                    held_on=r["held_on"],
                    notes=r["notes"],
                    shared=bool(r["shared"]),
                    evidence_id=None if r["evidence_id"] is None else int(r["evidence_id"]),
                    created_at=r["created_at"],
                    updated_at=r["updated_at"],
                    actions=tuple(a for a in same if a.one_on_one_id == oid),
                    closed=tuple(a for a in same if a.closed_in_id == oid),
                    carried=tuple(
                        a
                        for a in same
                        if a.open
                        and a.one_on_one_id != oid
                        and (a.raised_on, a.one_on_one_id) < key
                    ),
                )
            )
        return out

    def _relink(self, owner: int, name: str, now: str, *, only: int | None = None) -> list[int]:
        """Decide which 1:1s with ``name`` count as mentoring, and bring their evidence in line.

        With ``only``, that 1:1's evidence is rewritten even when its link did not change (its
        notes, sharing or action items did).

        Returns:
            The evidence of 1:1s that stopped counting, now marked deleted.
        """
        mentee = self._mentee_row(owner, name)
        period = None
        if mentee is not None:
            period = Mentee(
                id=int(mentee["id"]),
                uid=mentee["uid"],
                name=mentee["name"],
                note=mentee["note"],
                started_on=mentee["started_on"],
                ended_on=mentee["ended_on"],
                created_at=mentee["created_at"],
            )
        params: dict[str, Any] = {"p": owner}
        cond = _name_in("with_name", self._spellings(owner, name), params)
        withdrawn = []
        for r in self.store.query(
            f"SELECT id, held_on, mentee_id FROM one_on_one WHERE person_id = :p AND {cond}",
            params,
        ):
            want = period.id if period is not None and period.covers(r["held_on"]) else None
            have = None if r["mentee_id"] is None else int(r["mentee_id"])
            if want != have:
                self.store.execute(
                    "UPDATE one_on_one SET mentee_id = :m WHERE id = :id",
                    {"m": want, "id": r["id"]},
                )
            if want != have or int(r["id"]) == only:
                gone = self._sync_evidence(owner, int(r["id"]), period, now)
                if gone is not None:
                    withdrawn.append(gone)
        return withdrawn

    def _drop_evidence(self, owner: int, ref: str, why: str, now: str) -> int | None:
        """Mark the evidence of a 1:1 that no longer counts deleted, saying why.

        Never a hard delete: ratings (``assessment_evidence``) and goals that cite it keep
        their link, and the id is not reused. An entry you deleted yourself stays as it is.

        Returns:
            Its id, when this marked it deleted.
        """
        self.store.execute(
            "UPDATE one_on_one SET evidence_id = NULL WHERE person_id = :p AND uid = :r",
            {"p": owner, "r": ref},
        )
        row = self.store.one(
            "SELECT id, deleted_at, data FROM evidence "
            "WHERE person_id = :p AND source = :s AND source_ref = :r",
            {"p": owner, "s": SOURCE, "r": ref},
        )
        if row is None or row["deleted_at"] is not None:
            return None
        data = json.loads(row["data"]) if row["data"] else {}
        data[_WITHDRAWN] = why
        self.store.execute(
            "UPDATE evidence SET deleted_at = :now, data = :d WHERE id = :id",
            {
                "now": now,
                "d": json.dumps(data, sort_keys=True, ensure_ascii=False),
                "id": row["id"],
            },
        )
        return int(row["id"])

    def _restore_evidence(self, owner: int, ref: str) -> None:
        """Bring back the evidence of a 1:1 that counts again, if ladder (not you) deleted it."""
        row = self.store.one(
            "SELECT id, deleted_at, data FROM evidence "
            "WHERE person_id = :p AND source = :s AND source_ref = :r",
            {"p": owner, "s": SOURCE, "r": ref},
        )
        if row is None or row["deleted_at"] is None or not row["data"]:
            return
        data = json.loads(row["data"])
        if _WITHDRAWN not in data:
            return
        del data[_WITHDRAWN]
        self.store.execute(
            "UPDATE evidence SET deleted_at = NULL, data = :d WHERE id = :id",
            {"d": json.dumps(data, sort_keys=True, ensure_ascii=False), "id": row["id"]},
        )

    def _sync_evidence(self, owner: int, oid: int, mentee: Mentee | None, now: str) -> int | None:
        """Write (or withdraw) the one evidence item a 1:1 counts as; never its private notes.

        Returns:
            The id of evidence this withdrew (marked deleted), else None.
        """
        one = self._one_on_ones(owner, "o.id = :id", {"id": oid})[0]
        if not one.mentoring or mentee is None:
            return self._drop_evidence(owner, one.uid, _why_not(one, mentee), now)
        self._restore_evidence(owner, one.uid)
        from ladder import harvest
        from ladder.source import AreaHint, Item

        body = None
        if one.shared:
            lines = [one.notes] if one.notes else []
            if one.actions:
                lines += ["Action items:", *(f"- {a.text}" for a in one.actions)]
            if one.closed:
                lines += ["Closed:", *(f"- {a.text}" for a in one.closed)]
            body = "\n".join(lines) or None
        exp = EXPECTATION if self._has_expectation(EXPECTATION) else ""
        item = Item(
            source_ref=one.uid,
            kind=KIND,
            occurred_on=dt.date.fromisoformat(one.held_on),
            title=one.summary,
            body=body,
            tags=[KIND],
            data={
                "one_on_one": one.id,
                "mentee": mentee.name,
                "actions_agreed": len(one.actions),
                "actions_closed": len(one.closed),
                "shared": one.shared,
            },
            areas=[
                AreaHint(
                    area=AREA,
                    expectation=exp,
                    confidence=0.9,
                    reason=f"a 1:1 with {mentee.name}, your mentee since {mentee.started_on}",
                )
            ],
        )
        eid = harvest.write_item(self.store, SOURCE, item, person_id=owner, now=now)
        if not one.shared:
            # Even when you edited the entry (a harvest then keeps your words), notes made
            # private again leave it.
            self.store.execute(
                "UPDATE evidence SET body = NULL, data = :d WHERE id = :id AND body IS NOT NULL",
                {"id": eid, "d": json.dumps(item.data, sort_keys=True, ensure_ascii=False)},
            )
        self.store.execute(
            "UPDATE one_on_one SET evidence_id = :e WHERE id = :id", {"e": eid, "id": oid}
        )
        return None

    def _has_expectation(self, expectation_id: str) -> bool:
        return bool(
            self.store.scalar(
                "SELECT 1 FROM ladder_expectation x JOIN ladder_version v ON v.id = x.ladder_version_id "
                "WHERE v.is_active = 1 AND x.expectation_id = :x",
                {"x": expectation_id},
            )
        )


def _action(r: Row) -> ActionItem:
    return ActionItem(
        id=int(r["id"]),
        uid=r["uid"],
        one_on_one_id=int(r["one_on_one_id"]),
        with_name=r["with_name"],
        raised_on=r["held_on"],
        text=r["text"],
        created_at=r["created_at"],
        shared=bool(r["shared"]),
        closed_at=r["closed_at"],
        closed_in_id=None if r["closed_in_id"] is None else int(r["closed_in_id"]),
    )


_WITHDRAWN = "withdrawn"  # the key in an evidence item's data that says why ladder deleted it


def _why_not(one: OneOnOne, mentee: Mentee | None) -> str:
    """Why a 1:1 does not count as mentoring (the reason kept with its withdrawn evidence)."""
    if mentee is None:
        return f"{one.with_name} is not your mentee"
    if one.held_on < mentee.started_on:
        return f"it is before the mentoring of {mentee.name} started ({mentee.started_on})"
    return f"the mentoring of {mentee.name} ended on {mentee.ended_on}"


def _name_in(column: str, names: Sequence[str], params: dict[str, Any]) -> str:
    """``column IN (…)`` for the spellings of a name (``1 = 0`` when there are none)."""
    if not names:
        return "1 = 0"
    marks = []
    for n, name in enumerate(names):
        params[f"nm{n}"] = name
        marks.append(f":nm{n}")
    return f"{column} IN ({', '.join(marks)})"


def _unknown(kind: str, given: str, known: list[str]) -> str:
    guess = rules.did_you_mean(given, known, fold=True)
    if not known:
        return f"no {kind} called {given!r}: you have none yet"
    return f"no {kind} called {given!r}{guess}; you have: {', '.join(known)}"


def _quote(name: str) -> str:
    return f'"{name}"' if " " in name else name


__all__ = [
    "AREA",
    "EXPECTATION",
    "KIND",
    "SOURCE",
    "ActionItem",
    "Mentee",
    "Mentorship",
    "OneOnOne",
    "clean_name",
]
