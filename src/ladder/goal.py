"""Monthly goals: three senior behaviours a month, proposed from the gaps, then tracked.

Each month a person practises one technical, one leadership and one communication behaviour.
:meth:`Goals.plan` proposes them from the readiness gaps (nothing is saved); the person accepts,
edits or replaces them (:meth:`Goals.accept`, :meth:`Goals.add`), checks in along the way, and
closes them as done (optionally with the evidence that shows it) or dropped.

A goal proposes its own completion: live evidence that is mapped (the person's decisions win)
to the goal's area or expectation, dated within the goal's month and logged after the goal was
set, is offered by :meth:`Goals.completion_proposals`; ``ladder goals done ID --evidence N``
confirms it. The rules are in ``docs/goals.md``.

Example:
    >>> plan = ws.goals.plan(month="next")                            # doctest: +SKIP
    >>> goals = ws.goals.accept(*plan)
    >>> ws.goals.checkin(goals[0].id, "Drafted the SLO; review on Thursday")
"""

from __future__ import annotations

import builtins
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ladder import evidence, framework, rules
from ladder.clock import SYSTEM, new_uid
from ladder.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from ladder.context import Context
    from ladder.framework import Renames
    from ladder.readiness import AreaReadiness

#: The three tracks of a month, in the order a plan lists them.
TRACKS = ("technical", "leadership", "communication")

#: Goal statuses.
STATUSES = ("active", "done", "dropped")

#: Which ladder areas feed which track.
TRACK_AREAS: dict[str, tuple[str, ...]] = {
    "technical": ("technical-depth", "system-design", "delivery", "code-quality", "operations"),
    "leadership": ("mentorship", "leadership", "career"),
    "communication": ("communication",),
}

#: Expectations of other areas that are about being seen: a communication goal draws on them
#: when communication itself is not a gap.
VISIBILITY = (
    "career.brag-document",
    "career.portfolio",
    "career.network",
    "leadership.influence",
)

#: Expectations that are about planning goals themselves: never proposed as a goal.
_META = ("career.monthly-focus",)

#: Statuses below ``meeting``: an area in one of these is a gap to plan for.
_WEAK = ("gap", "emerging")

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_MONTH_HINT = "write the month as YYYY-MM (for example 2026-12), or this, next or last"
_TITLE_MAX = 200


# -- months ------------------------------------------------------------------------------------


def parse_month(text: str, *, today: dt.date | None = None) -> str:
    """Read a month as a person writes it: ``2026-12``, ``this``, ``next`` or ``last``.

    Args:
        text: The month.
        today: The reference day for ``this``/``next``/``last`` (default: the local date).

    Returns:
        The month as ``YYYY-MM``.

    Raises:
        InputError: Anything else; the message gives the format.
    """
    raw = text.strip().lower()
    today = today or SYSTEM.today()
    shift = {"this": 0, "next": 1, "last": -1}.get(raw)
    if shift is not None:
        return add_months(f"{today.year:04d}-{today.month:02d}", shift)
    match = _MONTH.match(raw)
    shown = rules.shorten(text.strip())
    if match is None or not (1 <= int(match[2]) <= 12):
        raise InputError(f"{shown!r} is not a month", hint=_MONTH_HINT)
    low, high = rules.YEARS
    if not low <= int(match[1]) <= high:
        raise InputError(
            f"{shown!r} is not a month: ladder works with the years {low} to {high}",
            hint=_MONTH_HINT,
        )
    return raw


def add_months(month: str, n: int) -> str:
    """The month ``n`` months after ``month`` (both ``YYYY-MM``); ``n`` may be negative."""
    year, mon = int(month[:4]), int(month[5:7])
    index = year * 12 + (mon - 1) + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """The first and the last day of a ``YYYY-MM`` month."""
    first = dt.date(int(month[:4]), int(month[5:7]), 1)
    following = add_months(month, 1)
    last = dt.date(int(following[:4]), int(following[5:7]), 1) - dt.timedelta(days=1)
    return first, last


def month_name(month: str) -> str:
    """``2026-12`` → ``December 2026``."""
    return month_bounds(month)[0].strftime("%B %Y")


# -- values ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkin:
    """A note on a goal's progress."""

    at: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"at": self.at, "note": self.note}


@dataclass(frozen=True)
class Goal:
    """One goal of one month."""

    id: int
    uid: str
    month: str  # YYYY-MM
    track: str  # one of TRACKS
    title: str
    area: str  # "" when the goal is not linked to the ladder
    expectation: str  # "" when linked to a whole area, or not at all
    status: str  # one of STATUSES
    note: str
    evidence_id: int | None  # the evidence that completed it
    created_at: str
    updated_at: str
    closed_at: str | None
    checkins: tuple[Checkin, ...] = ()
    linked_as: str = ""  # the id it was linked under (its expectation, else its area), as stored
    orphaned: bool = False  # linked to an area or expectation the active ladder no longer has

    @property
    def target(self) -> str:
        """The id it is linked to: its expectation, else its area ("" for none)."""
        return self.expectation or self.area

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "id": self.id,
            "uid": self.uid,
            "month": self.month,
            "track": self.track,
            "title": self.title,
            "area": self.area,
            "expectation": self.expectation,
            "linked_as": self.linked_as,
            "orphaned": self.orphaned,
            "status": self.status,
            "note": self.note,
            "evidence_id": self.evidence_id,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "closed_at": self.closed_at,
            "checkins": [c.to_dict() for c in self.checkins],
        }


@dataclass(frozen=True)
class PlannedGoal:
    """A goal :meth:`Goals.plan` proposes; nothing is saved until it is accepted.

    Change it before accepting with :func:`dataclasses.replace` (a new title, say).
    """

    month: str
    track: str
    title: str
    area: str = ""
    expectation: str = ""
    reason: str = ""  # why this goal, in one sentence
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "month": self.month,
            "track": self.track,
            "title": self.title,
            "area": self.area,
            "expectation": self.expectation,
            "reason": self.reason,
            "note": self.note,
        }


@dataclass(frozen=True)
class Proposal:
    """Evidence that looks like it completes an active goal."""

    goal: Goal
    evidence_id: int
    evidence_text: str
    reason: str
    evidence_date: str = ""

    @property
    def command(self) -> str:
        """The command that confirms it."""
        return f"ladder goals done {self.goal.id} --evidence {self.evidence_id}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "goal": self.goal.to_dict(),
            "evidence_id": self.evidence_id,
            "evidence_text": self.evidence_text,
            "evidence_date": self.evidence_date,
            "reason": self.reason,
            "command": self.command,
        }


# -- the plan rule (pure: testable with a hand-made Readiness) --------------------------------


@dataclass(frozen=True)
class _Candidate:
    area: str
    expectation: str
    title: str
    reason: str


def propose(
    areas: Sequence[AreaReadiness],
    ladder: framework.Ladder,
    *,
    gaps: Sequence[AreaReadiness],
    level: str,
    month: str,
    active: Sequence[Goal] = (),
    evidence_counts: dict[str, int] | None = None,
) -> list[PlannedGoal]:
    """Three goals for ``month`` — technical, leadership, communication — from the gaps.

    For each track without an active goal in ``month``: take the weakest area of that track
    (the gaps first, weakest first; else the weakest area of the track), and turn the first of
    its next actions that no active goal covers yet into a goal linked to the area and the
    expectation. The communication track uses communication when it is a gap; otherwise the
    expectations about being seen (:data:`VISIBILITY`) of the weakest of career and leadership,
    then communication anyway.

    Args:
        areas: Every area's readiness (``Readiness.areas``).
        ladder: The active ladder.
        gaps: The gaps, weakest first (``Readiness.gaps(top=None)``); only areas below
            ``meeting`` count as gaps.
        level: The level the readiness is against: its expectations' actions are used.
        month: The month planned, ``YYYY-MM``.
        active: The person's active goals (any month): their tracks in ``month`` are covered,
            their expectations and titles are not proposed again.
        evidence_counts: Evidence items per expectation id: when an area has no next actions
            of its own, its least-evidenced expectations come first.
    """
    counts = evidence_counts or {}
    by_id = {a.area: a for a in areas}
    weak = [a for a in gaps if a.status in _WEAK]
    covered = {g.track for g in active if g.month == month}
    taken_exp = {g.expectation for g in active if g.expectation}
    taken_titles = {_norm(g.title) for g in active}
    out: list[PlannedGoal] = []
    for track in TRACKS:
        if track in covered:
            continue
        for cand in _candidates(track, level, weak, by_id, ladder, counts):
            if cand.expectation in taken_exp or _norm(cand.title) in taken_titles:
                continue
            taken_exp.add(cand.expectation)
            taken_titles.add(_norm(cand.title))
            out.append(
                PlannedGoal(
                    month=month,
                    track=track,
                    title=cand.title,
                    area=cand.area,
                    expectation=cand.expectation,
                    reason=cand.reason,
                )
            )
            break
    return out


def _candidates(
    track: str,
    level: str,
    gaps: list[AreaReadiness],
    by_id: dict[str, AreaReadiness],
    ladder: framework.Ladder,
    counts: dict[str, int],
) -> Iterable[_Candidate]:
    """Every goal a track could get, best first."""
    areas = track_areas(ladder, track)
    weak = [a for a in gaps if a.area in areas]
    if track == "communication" and not weak:
        # Communication is not a gap: practise being seen, where career or leadership is weakest.
        hosts = sorted(
            (by_id[a] for a in ("career", "leadership") if a in by_id),
            key=lambda a: (_rank(a), a.score),
        )
        for host in hosts:
            yield from _from_area(
                host,
                track,
                level,
                ladder,
                counts,
                only=VISIBILITY,
                why=f"your communication is on track, so this month practises being seen: "
                f"{host.name} is {host.status} — {_sentence(host.reason)}",
            )
        ready = by_id.get("communication")
        if ready is not None:
            yield from _from_area(
                ready,
                track,
                level,
                ladder,
                counts,
                why=f"communication is {ready.status} — {_sentence(ready.reason)}; keep it growing",
            )
        return
    rest = sorted(
        (by_id[a] for a in areas if a in by_id and by_id[a] not in weak),
        key=lambda a: (_rank(a), a.score),
    )
    # A track draws on several areas ("leadership": mentorship, leadership, career), so the
    # reason names the goal the area serves, not a kind of area: career is no leadership area.
    goal = f"a {track} goal"
    for i, area in enumerate([*weak, *rest]):
        if area in weak:
            tied = len(weak) > 1 and (weak[1].status, weak[1].score) == (area.status, area.score)
            if i == 0:
                lead = "one of the weakest areas" if tied else "the weakest area"
                if any(
                    not w.shown and (_rank(w), w.score) < (_rank(area), area.score) for w in weak[1:]
                ):  # the gaps the evidence measured come first (Readiness.gaps)
                    lead = "the weakest area your sources show"
            else:
                lead = "a weak area"
            why = f"{area.name} is {lead} for {goal} ({area.status}) — {_sentence(area.reason)}"
        else:
            why = (
                f"no area for {goal} is a gap; {area.name} has the least to show "
                f"({area.status}) — {_sentence(area.reason)}"
            )
        yield from _from_area(area, track, level, ladder, counts, why=why)


def track_areas(ladder: framework.Ladder, track: str) -> tuple[str, ...]:
    """The areas of ``ladder`` that feed ``track``: the bundled ones by id
    (:data:`TRACK_AREAS`), and another ladder's by the bundled area each means most
    (:meth:`ladder.mapping.meaning.Carry.base_area`), so "Technical" feeds the technical track."""
    own = TRACK_AREAS[track]
    ids = [a.id for a in ladder.areas]
    if all(a in ids for tr in TRACK_AREAS.values() for a in tr):
        return own
    from ladder.mapping.meaning import carry_for

    carry = carry_for(ladder)
    return tuple(
        a for a in ids if a in own or (a not in _BUNDLED_AREAS and carry.base_area(a) in own)
    )


_BUNDLED_AREAS = frozenset(a for tr in TRACK_AREAS.values() for a in tr)


def _from_area(
    area: AreaReadiness,
    track: str,
    level: str,
    ladder: framework.Ladder,
    counts: dict[str, int],
    *,
    why: str,
    only: tuple[str, ...] | None = None,
) -> Iterable[_Candidate]:
    """The area's next actions (readiness's order), then the ladder's, as goal candidates."""
    seen: set[tuple[str, str]] = set()
    for action in area.actions:
        if action.expectation in _META or (only is not None and action.expectation not in only):
            continue
        seen.add((action.expectation, action.text))
        told = f"{_sentence(why)} ({action.origin})" if action.origin else why
        yield _Candidate(area.area, action.expectation, _title(action.text), _cap(told))
    try:
        ladder_area = ladder.area(area.area)
    except NotFoundError:
        return
    exps = [e for e in ladder_area.at(level) if e.id not in _META]
    if only is not None:
        exps = [e for e in exps if e.id in only]
    exps.sort(key=lambda e: counts.get(e.id, 0))  # stable: the ladder's order among equals
    for exp in exps:
        for text in exp.actions:
            if (exp.id, text) not in seen:
                yield _Candidate(area.area, exp.id, _title(text), _cap(why))


def _rank(area: AreaReadiness) -> int:
    from ladder.readiness import STATUSES as READINESS

    return READINESS.index(area.status) if area.status in READINESS else 0


#: A ladder action is written for any time; a goal is for one month.
_FOR_THE_MONTH = (
    (re.compile(r"^For a month, "), "This month, "),
    (re.compile(r"(?<!solved )\b(this|each) quarter\b"), "this month"),  # not what is past
    (re.compile(r"\b(each|a) month\b"), "this month"),
)


def _title(text: str) -> str:
    """A ladder action as a goal title for the month: one line, no closing full stop."""
    title = " ".join(text.split()).rstrip(".")
    for pattern, replacement in _FOR_THE_MONTH:
        title = pattern.sub(replacement, title)
    return title


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _norm(title: str) -> str:
    return " ".join(title.lower().split()).rstrip(".")


# -- the service -------------------------------------------------------------------------------


class Goals:
    """The owner's monthly goals. Build it with ``ws.goals``.

    Args:
        ws: The context: a workspace, or any :class:`ladder.context.Context` (its person's
            data).
        today: The reference day for ``this``/``next`` months (default: the local date).
    """

    def __init__(self, ws: Context, *, today: dt.date | None = None) -> None:
        self.ws = ws
        self.store = ws.store
        self.today = today
        self._renames: Renames | None = None
        self._ladder: framework.Ladder | None = None

    @property
    def ladder(self) -> framework.Ladder:
        """The active ladder (read once)."""
        if self._ladder is None:
            self._ladder = self.ws.ladder()
        return self._ladder

    @property
    def renames(self) -> Renames:
        """Renamed ids across ladder versions: goals follow them as ratings do."""
        if self._renames is None:
            from ladder.framework import Renames

            self._renames = Renames(self.store, self.ladder)
        return self._renames

    def month(self, text: str | None = None) -> str:
        """A month as ``YYYY-MM`` (default: this month); see :func:`parse_month`.

        Raises:
            InputError: ``text`` is not a month (an empty text included).
        """
        return parse_month(
            "this" if text is None else text, today=self.today or self.ws.clock.today()
        )

    # -- planning ---------------------------------------------------------------------------
    def plan(self, *, month: str | None = None) -> builtins.list[PlannedGoal]:
        """Propose a goal for each track that has no active goal in ``month``; saves nothing.

        Args:
            month: ``YYYY-MM``, ``this``, ``next`` or ``last`` (default: this month).

        Raises:
            InputError: ``month`` is not a month.
            NotFoundError: The workspace has no profile yet.
        """
        m = self.month(month)
        owner = self.ws.owner()
        from ladder.readiness import compute

        readiness = compute(self.ws, today=self.today or self.ws.clock.today())
        return propose(
            readiness.areas,
            self.ws.ladder(),
            gaps=readiness.gaps(top=None),
            level=readiness.level,
            month=m,
            active=self.list(status="active"),
            evidence_counts=self._evidence_counts(owner),
        )

    def accept(self, *planned: PlannedGoal) -> builtins.list[Goal]:
        """Save proposed (and perhaps edited) goals, all or none.

        Raises:
            InputError: One of them has an empty title, an unknown track, area or expectation.
        """
        owner = self.ws.owner()
        rows = [
            self._clean(p.month, p.track, p.title, p.area, p.expectation, p.note) for p in planned
        ]
        ids: list[int] = []
        with self.store.transaction():
            for row in rows:
                ids.append(self._insert(owner, row))
        return [self.get(i) for i in ids]

    def add(
        self,
        title: str,
        *,
        track: str,
        area: str | None = None,
        expectation: str | None = None,
        month: str | None = None,
        note: str = "",
    ) -> Goal:
        """Set a goal of your own.

        Args:
            title: What you will do, in a line.
            track: ``technical``, ``leadership`` or ``communication``.
            area: The ladder area it grows (optional; an old alias works).
            expectation: The expectation it grows (optional; its area is then implied).
            month: ``YYYY-MM``, ``this``, ``next`` or ``last`` (default: this month).
            note: Anything worth keeping with it (what "done" looks like, say).

        Raises:
            InputError: An empty title, an unknown track, area or expectation, a bad month.
        """
        owner = self.ws.owner()
        row = self._clean(self.month(month), track, title, area or "", expectation or "", note)
        with self.store.transaction():
            goal_id = self._insert(owner, row)
        return self.get(goal_id)

    # -- reading ----------------------------------------------------------------------------
    def get(self, goal_id: int) -> Goal:
        """One goal, with its check-ins.

        Raises:
            NotFoundError: The owner has no goal with this id.
        """
        owner = self.ws.owner()
        goals = self._fetch("g.person_id = :p AND g.id = :id", {"p": owner, "id": goal_id})
        if not goals:
            raise NotFoundError(
                f"no goal #{goal_id}", hint="`ladder goals --all` lists every goal with its id"
            )
        return goals[0]

    def list(self, *, month: str | None = None, status: str | None = None) -> builtins.list[Goal]:
        """The owner's goals, by month then track; all months when ``month`` is None.

        Raises:
            InputError: A bad month or an unknown status.
        """
        owner = self.ws.owner()
        where = ["g.person_id = :p"]
        params: dict[str, Any] = {"p": owner}
        if month is not None:
            where.append("g.month = :m")
            params["m"] = self.month(month)
        if status is not None:
            where.append("g.status = :s")
            params["s"] = _choice("status", status, STATUSES)
        return self._fetch(" AND ".join(where), params)

    def current(self) -> builtins.list[Goal]:
        """This month's goals, then the still-active goals of earlier months."""
        this = self.month()
        owner = self.ws.owner()
        return self._fetch(
            "g.person_id = :p AND (g.month = :m OR (g.month < :m AND g.status = 'active'))",
            {"p": owner, "m": this},
        )

    # -- changing ---------------------------------------------------------------------------
    def edit(
        self,
        goal_id: int,
        *,
        title: str | None = None,
        track: str | None = None,
        area: str | None = None,
        expectation: str | None = None,
        month: str | None = None,
        note: str | None = None,
    ) -> Goal:
        """Change a goal; what is not given stays. An empty ``area`` unlinks it from the ladder.

        Raises:
            InputError: Nothing to change, or a value that is not acceptable.
            NotFoundError: No such goal.
        """
        if all(v is None for v in (title, track, area, expectation, month, note)):
            raise InputError(
                "nothing to change",
                hint="give --title, --track, --area, --expectation, --month or --note",
            )
        old = self.get(goal_id)
        keep: tuple[str, str] | None = None
        if area is None and expectation is None:  # the link stays as it is, even an old id
            raw = self.store.one(
                "SELECT area_id, expectation_id FROM goal WHERE id = :id", {"id": goal_id}
            )
            assert raw is not None
            keep = (raw["area_id"], raw["expectation_id"])
        if expectation is not None and expectation.strip() and area is None:
            new_area = ""  # the expectation implies its area, as in `add`
        else:
            new_area = old.area if area is None else area.strip()
        new_exp = old.expectation if expectation is None else expectation
        if area is not None and expectation is None and old.expectation:
            resolved = self._area_id(new_area) if new_area else ""
            if old.area != resolved:
                new_exp = ""  # another area (or none): the old area's expectation goes
        row = self._clean(
            old.month if month is None else self.month(month),
            old.track if track is None else track,
            old.title if title is None else title,
            new_area,
            new_exp,
            old.note if note is None else note,
            keep_link=keep,
        )
        with self.store.transaction():
            self.store.execute(
                "UPDATE goal SET month = :month, track = :track, title = :title, area_id = :area, "
                "expectation_id = :expectation, note = :note, updated_at = :now WHERE id = :id",
                {**row, "now": self.ws.clock.now_iso(), "id": goal_id},
            )
        return self.get(goal_id)

    def done(self, goal_id: int, *, evidence_id: int | None = None, note: str = "") -> Goal:
        """Close a goal as done, optionally with the evidence that shows it and a note.

        Raises:
            InputError: The goal is not active.
            NotFoundError: No such goal, or no such live entry.
        """
        return self._close(goal_id, "done", evidence_id=evidence_id, note=note)

    def drop(self, goal_id: int, *, note: str = "") -> Goal:
        """Close a goal as dropped (with a note on why, if you like).

        Raises:
            InputError: The goal is not active.
            NotFoundError: No such goal.
        """
        return self._close(goal_id, "dropped", note=note)

    def reopen(self, goal_id: int) -> Goal:
        """Make a done or dropped goal active again (its evidence link is cleared).

        Raises:
            InputError: The goal is active already.
            NotFoundError: No such goal.
        """
        goal = self.get(goal_id)
        if goal.status == "active":
            raise InputError(f"goal #{goal_id} is active already")
        with self.store.transaction():
            self.store.execute(
                "UPDATE goal SET status = 'active', evidence_id = NULL, closed_at = NULL, "
                "updated_at = :now WHERE id = :id",
                {"now": self.ws.clock.now_iso(), "id": goal_id},
            )
        return self.get(goal_id)

    def checkin(self, goal_id: int, note: str) -> Goal:
        """Record progress on an active goal.

        Raises:
            InputError: An empty note, or the goal is closed.
            NotFoundError: No such goal.
        """
        text = _clean_text(note, "check-in note")
        if not text:
            raise InputError("the check-in note is empty", hint="say what moved, in a sentence")
        goal = self.get(goal_id)
        if goal.status != "active":
            raise InputError(
                f"goal #{goal_id} is {goal.status}: check-ins are for active goals",
                hint=f"`ladder goals reopen {goal_id}` makes it active again",
            )
        now = self.ws.clock.now_iso()
        with self.store.transaction():
            self.store.insert("goal_checkin", {"goal_id": goal_id, "at": now, "note": text})
            self.store.execute(
                "UPDATE goal SET updated_at = :now WHERE id = :id", {"now": now, "id": goal_id}
            )
        return self.get(goal_id)

    # -- completion -------------------------------------------------------------------------
    def completion_proposals(self, *, month: str | None = None) -> builtins.list[Proposal]:
        """For each active goal (of ``month``, or of every month), the evidence that may complete it.

        Evidence qualifies when it is live, mapped to the goal's area — to its expectation, or
        to the area as a whole — by the mappings that count (the person's rejections win),
        dated within the goal's month and logged after the goal was set. An exact expectation
        beats a whole-area mapping; then the newest wins.
        """
        owner = self.ws.owner()
        out = []
        for goal in self.list(month=month, status="active"):
            best = self._best_evidence(owner, goal)
            if best is not None:
                out.append(best)
        return out

    def orphaned(self) -> builtins.list[Goal]:
        """Active goals linked to an area or expectation the active ladder no longer has.

        They are kept as they are, but cannot propose their completion until they are linked
        again (``ladder goals edit ID --expectation ID``).
        """
        return [g for g in self.list(status="active") if g.orphaned]

    def _best_evidence(self, owner: int, goal: Goal) -> Proposal | None:
        if not goal.area or goal.orphaned:
            return None
        first, last = month_bounds(goal.month)
        follow = self.renames.follow
        found: dict[int, evidence.Entry] = {}
        for area_id in sorted(self.renames.names_of(goal.area)):  # its old ids too
            flt = evidence.Filter(since=first, until=last, area=area_id, limit=None)
            found.update((e.id, e) for e in evidence.query(self.store, flt, person_id=owner)[0])
        entries = sorted(found.values(), key=lambda e: (e.occurred_on, e.id), reverse=True)
        ranked: list[tuple[int, Proposal]] = []
        for entry in entries:  # newest first
            if entry.created_at < goal.created_at:
                continue
            links = [a for a in evidence.effective(entry.areas) if follow(a.area) == goal.area]
            exact = [
                a
                for a in links
                if goal.expectation and a.expectation and follow(a.expectation) == goal.expectation
            ]
            whole = [a for a in links if not a.expectation]
            usable = links if not goal.expectation else exact or whole
            if not usable:
                continue
            tier = 0 if exact or not goal.expectation else 1
            reason = _match_reason(entry, usable[0], exact=bool(exact), goal=goal)
            ranked.append(
                (
                    tier,
                    Proposal(
                        goal=goal,
                        evidence_id=entry.id,
                        evidence_text=entry.text,
                        reason=reason,
                        evidence_date=entry.occurred_on,
                    ),
                )
            )
        if not ranked:
            return None
        return min(ranked, key=lambda tp: tp[0])[1]  # exact first; among equals the newest

    # -- internals --------------------------------------------------------------------------
    def _clean(
        self,
        month: str,
        track: str,
        title: str,
        area: str,
        expectation: str,
        note: str,
        *,
        keep_link: tuple[str, str] | None = None,
    ) -> dict[str, Any]:
        """Validate a goal's values; return the row to write (``keep_link``: as stored)."""
        clean_title = " ".join(_clean_text(title, "goal's title").split())
        if not clean_title:
            raise InputError("the goal's title is empty", hint="say what you will do, in a line")
        if len(clean_title) > _TITLE_MAX:
            raise InputError(
                f"the goal's title is {len(clean_title)} characters long (at most {_TITLE_MAX})",
                hint="keep the title to a line and put the rest in --note",
            )
        month = parse_month(month, today=self.today or self.ws.clock.today())
        track = _choice("track", track, TRACKS)
        if keep_link is not None:
            area_id, exp_id = keep_link
        else:
            area_id, exp_id = self._link(area.strip(), expectation.strip())
        return {
            "month": month,
            "track": track,
            "title": clean_title,
            "area": area_id,
            "expectation": exp_id,
            "note": _clean_text(note, "note"),
        }

    def _area_id(self, area: str) -> str:
        """An area id of the active ladder, for an id or an old one of any version."""
        followed = self.renames.follow(area.strip().lower())
        if followed in {a.id for a in self.ladder.areas}:
            return followed
        return framework.resolve_area(self.store, area)

    def _link(self, area: str, expectation: str) -> tuple[str, str]:
        """Resolve an area and an expectation against the active ladder (renames work)."""
        area_id = self._area_id(area) if area else ""
        if not expectation:
            return area_id, ""
        given = expectation.lower()
        exps = self.ladder.expectations()
        followed = self.renames.follow(given)
        found = next((e for e in exps if e.id == followed), None)
        if found is None:
            prefix = area_id or given.split(".", 1)[0]
            known = [e.id for e in exps if e.area == prefix]
            if known:  # list the area's expectations, not the whole ladder's
                raise InputError(framework.unknown_id_message("expectation", expectation, known))
            guess = rules.did_you_mean(given, [e.id for e in exps])
            raise InputError(
                f"unknown expectation {rules.shorten(expectation)!r}{guess}",
                hint="ids start with their area, e.g. operations.slos-alerting; "
                "`ladder framework show` lists them",
            )
        if area_id and found.area != area_id:
            raise InputError(
                f"expectation {found.id!r} belongs to area {found.area!r}, not {area_id!r}",
                hint=f"drop --area, or use --area {found.area}",
            )
        return found.area, found.id

    def _insert(self, owner: int, row: dict[str, Any]) -> int:

        now = self.ws.clock.now_iso()
        return self.store.insert(
            "goal",
            {
                "uid": new_uid(),
                "person_id": owner,
                "month": row["month"],
                "track": row["track"],
                "title": row["title"],
                "area_id": row["area"],
                "expectation_id": row["expectation"],
                "status": "active",
                "note": row["note"],
                "created_at": now,
                "updated_at": now,
            },
        )

    def _close(
        self, goal_id: int, status: str, *, evidence_id: int | None = None, note: str = ""
    ) -> Goal:
        owner = self.ws.owner()
        goal = self.get(goal_id)
        if goal.status != "active":
            raise InputError(
                f"goal #{goal_id} is {goal.status} already",
                hint=f"`ladder goals reopen {goal_id}` makes it active again",
            )
        if evidence_id is not None:
            evidence.get(self.store, evidence_id, person_id=owner, include_deleted=False)
        note = _clean_text(note, "note")
        now = self.ws.clock.now_iso()
        with self.store.transaction():
            self.store.execute(
                "UPDATE goal SET status = :s, evidence_id = :e, closed_at = :now, updated_at = :now "
                "WHERE id = :id",
                {"s": status, "e": evidence_id, "now": now, "id": goal_id},
            )
            if note.strip():
                label = "Done" if status == "done" else "Dropped"
                self.store.insert(
                    "goal_checkin",
                    {"goal_id": goal_id, "at": now, "note": f"{label}: {note.strip()}"},
                )
        return self.get(goal_id)

    def _fetch(self, condition: str, params: dict[str, Any]) -> builtins.list[Goal]:
        rows = self.store.query(
            f"SELECT g.* FROM goal g WHERE {condition} ORDER BY g.month, "
            "CASE g.track WHEN 'technical' THEN 0 WHEN 'leadership' THEN 1 ELSE 2 END, g.id",
            params,
        )
        if not rows:
            return []
        marks = {f"g{n}": r["id"] for n, r in enumerate(rows)}
        checkins: dict[int, builtins.list[Checkin]] = {}
        for r in self.store.query(
            f"SELECT goal_id, at, note FROM goal_checkin WHERE goal_id IN "
            f"({', '.join(':' + k for k in marks)}) ORDER BY at, id",
            marks,
        ):
            checkins.setdefault(int(r["goal_id"]), []).append(Checkin(r["at"], r["note"]))
        out = []
        for r in rows:
            area, exp, orphaned = self._resolve(r["area_id"], r["expectation_id"])
            out.append(self._goal(r, area, exp, orphaned, checkins.get(int(r["id"]), [])))
        return out

    def _resolve(self, area: str, expectation: str) -> tuple[str, str, bool]:
        """A stored link read against the active ladder: (area, expectation, orphaned)."""
        if not area and not expectation:
            return "", "", False
        exps = {e.id: e for e in self.ladder.expectations()}
        if expectation:
            now = exps.get(self.renames.follow(expectation))
            if now is not None:
                return now.area, now.id, False
            return self.renames.follow(area), expectation, True
        now_area = self.renames.follow(area)
        return now_area, "", now_area not in {a.id for a in self.ladder.areas}

    @staticmethod
    def _goal(
        r: dict[str, Any], area: str, exp: str, orphaned: bool, checkins: builtins.list[Checkin]
    ) -> Goal:
        return Goal(
            id=int(r["id"]),
            uid=r["uid"],
            month=r["month"],
            track=r["track"],
            title=r["title"],
            area=area,
            expectation=exp,
            status=r["status"],
            note=r["note"],
            evidence_id=None if r["evidence_id"] is None else int(r["evidence_id"]),
            created_at=r["created_at"],
            updated_at=r["updated_at"],
            closed_at=r["closed_at"],
            checkins=tuple(checkins),
            linked_as=r["expectation_id"] or r["area_id"],
            orphaned=orphaned,
        )

    def _evidence_counts(self, owner: int) -> dict[str, int]:
        """Live evidence per expectation id (the person's rejections removed)."""
        rows = self.store.query(
            "SELECT ea.expectation_id AS x, COUNT(DISTINCT e.id) AS n FROM evidence_area ea "
            "JOIN evidence e ON e.id = ea.evidence_id "
            "WHERE e.person_id = :p AND e.deleted_at IS NULL AND ea.expectation_id <> '' "
            "AND NOT (ea.origin = 'user' AND ea.confidence <= 0) "
            "AND NOT EXISTS (SELECT 1 FROM evidence_area r WHERE r.evidence_id = e.id "
            "AND r.area_id = ea.area_id AND r.origin = 'user' AND r.confidence <= 0 "
            "AND (r.expectation_id = '' OR r.expectation_id = ea.expectation_id)) "
            "GROUP BY ea.expectation_id",
            {"p": owner},
        )
        out: dict[str, int] = {}
        for r in rows:  # renamed ids count for the id they are now
            key = self.renames.follow(r["x"])
            out[key] = out.get(key, 0) + int(r["n"])
        return out


# -- helpers -----------------------------------------------------------------------------------


def _clean_text(text: str, what: str) -> str:
    """A note or title without surrounding blanks.

    Raises:
        InputError: It is not valid text, holds a NUL character or is longer than the work
            log allows (:func:`ladder.rules.check_text`).
    """
    return rules.check_text(text.strip(), what)


def _choice(kind: str, value: str, allowed: tuple[str, ...]) -> str:
    given = value.strip().lower()
    if given in allowed:
        return given
    raise InputError(rules.unknown(kind, given, allowed))


def _match_reason(
    entry: evidence.Entry, link: evidence.AreaLink, *, exact: bool, goal: Goal
) -> str:
    target = link.expectation if exact else goal.area
    if link.origin == "user":
        how = f"you tagged it {target}"
    else:
        who = "its source" if link.origin == "source" else "ladder"
        how = f"{who} mapped it to {target} ({link.confidence:.0%})"
    return (
        f"{how}; dated {entry.occurred_on}, in the goal's month, and logged after the goal was set."
    )


__all__ = [
    "STATUSES",
    "TRACKS",
    "TRACK_AREAS",
    "VISIBILITY",
    "Checkin",
    "Goal",
    "Goals",
    "PlannedGoal",
    "Proposal",
    "add_months",
    "month_bounds",
    "month_name",
    "parse_month",
    "propose",
]
