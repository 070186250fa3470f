"""Assessments: self, manager and peer ratings against the ladder's expectations.

A rating says how far a person is on one expectation: ``not-yet`` (0), ``working-towards``
(1), ``meeting`` (2) or ``exceeding`` (3), with a note and the evidence behind it. Every
rating adds a row: history is kept, and the newest row per (rater, rater name, expectation)
is the current rating.

Ratings link to expectation ids as text. When a new ladder version renames an expectation
(``aliases:`` in the ladder file), its ratings follow the new id, through any number of
versions; when a version drops one, its ratings are kept and reported as *orphaned* — never
deleted.

Example:
    >>> a = ws.assessments                                               # doctest: +SKIP
    >>> a.rate("system-design.tradeoffs", "meeting", rater="manager", rater_name="Grace",
    ...        note="Led the cache design review", evidence=[12, 14])
    >>> [row.flags for row in a.diff(level="senior").rated()]
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ladder import evidence as evidence_mod
from ladder.clock import new_uid
from ladder.errors import InputError
from ladder.framework import Expectation, Ladder, Renames, unknown_id_message

if TYPE_CHECKING:
    from ladder.context import Context

#: The scale, weakest first; a rating is stored as its index (0..3).
RATINGS = ("not-yet", "working-towards", "meeting", "exceeding")
#: Who gives a rating.
RATERS = ("self", "manager", "peer")
#: Ratings at or above this need evidence behind them, else they are "testimony only".
EVIDENCED = 2
#: Two ratings this many steps apart or more are a disconnect.
DISCONNECT = 2

_FILE_KEYS = ("expectation", "rating", "note", "evidence")


# -- the scale ----------------------------------------------------------------------------------


def rating_label(rating: int) -> str:
    """The rating as words: ``working towards``."""
    return RATINGS[rating].replace("-", " ")


def parse_rating(value: str | int) -> int:
    """A rating from its name, its words or its number.

    Accepts ``meeting``, ``working-towards``, ``Working towards``, ``not_yet``, ``2`` and 2.

    Raises:
        InputError: Anything else.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < len(RATINGS):
            return value
    elif isinstance(value, str):
        key = re.sub(r"[\s_-]+", "-", value.strip().lower())
        if key in ("working-toward", "towards", "working"):
            key = "working-towards"
        if key in RATINGS:
            return RATINGS.index(key)
        if key in ("0", "1", "2", "3"):
            return int(key)
    raise InputError(
        f"{value!r} is not a rating: use not yet, working towards, meeting or exceeding (or 0-3)"
    )


def parse_rater(value: str) -> str:
    """``self``, ``manager`` or ``peer`` (any case).

    Raises:
        InputError: Anything else.
    """
    key = value.strip().lower()
    if key not in RATERS:
        raise InputError(f"{value!r} is not a rater: use self, manager or peer")
    return key


def end_of_day(day: dt.date) -> str:
    """The end of ``day`` in local time, as the UTC timestamp text rows are stamped with:
    a row stamped before it was written on or before that day."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min).astimezone(dt.UTC)
    return midnight.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def fold_name(name: str) -> str:
    """A name to compare: spacing tidied, Unicode normalised, case folded (Zoë = ZOË)."""
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


def _clean_name(rater: str, rater_name: str | None) -> str:
    name = " ".join((rater_name or "").split())
    if rater == "self" and name:
        raise InputError(
            "a name is for manager and peer ratings; your own ratings are 'self'",
            hint="drop --name, or add --as manager / --as peer",
        )
    return name


# -- what is returned ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """One rating of one expectation by one rater (a row of the history)."""

    id: int
    uid: str
    rater: str  # self | manager | peer
    rater_name: str
    area: str
    expectation: str  # the id in the active ladder (renames followed through aliases)
    rated_expectation: str  # the id it was given under
    rating: int  # 0..3
    note: str
    evidence_ids: tuple[int, ...]  # linked entries that are live (not deleted)
    ladder_version: str  # "<ladder id>@<version>" it was given against
    created_at: str
    orphaned: bool  # the expectation is not in the active ladder any more
    deleted_evidence_ids: tuple[int, ...] = ()  # linked entries deleted since
    rater_person_id: int | None = None  # the account that gave it, on a team server

    @property
    def rating_name(self) -> str:
        """``meeting``."""
        return RATINGS[self.rating]

    @property
    def who(self) -> str:
        """``self``, ``manager``, ``manager Grace``, ``peer Lin``."""
        return f"{self.rater} {self.rater_name}" if self.rater_name else self.rater

    @property
    def testimony_only(self) -> bool:
        """Meeting or exceeding, with no live evidence linked."""
        return self.rating >= EVIDENCED and not self.evidence_ids

    @property
    def rater_key(self) -> str:
        """Who gave it, as one rater: the account on a team server (two managers who share a
        name are two raters), else the name as typed (Grace and grace are one); ``self`` is
        always the person themselves, however it was entered."""
        if self.rater == "self":
            return ""
        if self.rater_person_id is not None:
            return f"#{self.rater_person_id}"
        return fold_name(self.rater_name)

    @property
    def key(self) -> tuple[str, str, str]:
        """(rater, who, expectation): the newest row per key is the current rating (who:
        :attr:`rater_key`)."""
        return self.rater, self.rater_key, self.expectation

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "uid": self.uid,
            "rater": self.rater,
            "rater_name": self.rater_name,
            "area": self.area,
            "expectation": self.expectation,
            "rated_expectation": self.rated_expectation,
            "rating": self.rating,
            "rating_name": self.rating_name,
            "note": self.note,
            "evidence_ids": list(self.evidence_ids),
            "deleted_evidence_ids": list(self.deleted_evidence_ids),
            "testimony_only": self.testimony_only,
            "ladder_version": self.ladder_version,
            "created_at": self.created_at,
            "orphaned": self.orphaned,
        }


@dataclass(frozen=True)
class RatingInput:
    """One rating to record: what a file item or an interview answer says."""

    expectation: str
    rating: int | str
    note: str = ""
    evidence: tuple[int, ...] = ()


@dataclass(frozen=True)
class Problem:
    """One problem in a ratings file (or in a batch of ratings: ``line`` is None)."""

    line: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {"line": self.line, "reason": self.reason}


class RatingsError(InputError):
    """A ratings file (or batch) has problems; nothing was saved.

    Args:
        source: The file name (``<stdin>``, ``<ratings>``).
        problems: Every problem found, in line order.
    """

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        n = len(problems)
        super().__init__(
            f"{source}: {n} problem{'s' if n != 1 else ''}; nothing was saved",
            hint="fix the file and run the command again",
        )
        self.source = source
        self.problems = tuple(problems)

    def lines(self) -> list[str]:
        """Every problem as ``file:line: reason``."""
        return [
            f"{self.source}:{p.line}: {p.reason}" if p.line else f"{self.source}: {p.reason}"
            for p in self.problems
        ]


@dataclass(frozen=True)
class Flag:
    """Something to talk about in a calibration: a disconnect, or testimony only."""

    kind: str  # "disconnect" | "testimony only"
    who: tuple[str, ...]  # the raters concerned
    message: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {"kind": self.kind, "who": list(self.who), "message": self.message}


@dataclass(frozen=True)
class DiffRow:
    """One expectation with every rater's current rating, side by side."""

    expectation: str
    area: str
    level: str
    text: str
    ratings: tuple[Assessment, ...]  # self first, then managers, then peers
    flags: tuple[Flag, ...] = ()

    def by(self, rater: str) -> list[Assessment]:
        """The current ratings given by ``self``, ``manager`` or ``peer``."""
        return [a for a in self.ratings if a.rater == rater]

    @property
    def spread(self) -> int | None:
        """Steps between the highest and lowest rating (None without ratings)."""
        values = [a.rating for a in self.ratings]
        return max(values) - min(values) if values else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "expectation": self.expectation,
            "area": self.area,
            "level": self.level,
            "text": self.text,
            "ratings": {r: [a.to_dict() for a in self.by(r)] for r in RATERS},
            "spread": self.spread,
            "flags": [f.to_dict() for f in self.flags],
        }


@dataclass(frozen=True)
class Diff:
    """Self vs manager vs peer for the expectations of a level (and optionally one area)."""

    level: str
    area: str | None
    rows: tuple[DiffRow, ...]
    orphaned: tuple[Assessment, ...] = ()

    def rated(self) -> list[DiffRow]:
        """The rows with at least one rating."""
        return [r for r in self.rows if r.ratings]

    def flagged(self, kind: str | None = None) -> list[DiffRow]:
        """The rows with a flag (of ``kind``, if given)."""
        return [r for r in self.rows if any(kind in (None, f.kind) for f in r.flags)]

    def to_dict(self, *, unrated: bool = True) -> dict[str, Any]:
        """A JSON-ready view; ``unrated=False`` leaves the rows no one rated out of ``rows``
        (``unrated`` still counts them)."""
        return {
            "level": self.level,
            "area": self.area,
            "rows": [r.to_dict() for r in (self.rows if unrated else self.rated())],
            "disconnects": len(self.flagged("disconnect")),
            "testimony_only": sum(
                1 for r in self.rows for f in r.flags if f.kind == "testimony only"
            ),
            "unrated": len(self.rows) - len(self.rated()),
            "orphaned": [a.to_dict() for a in self.orphaned],
        }


@dataclass(frozen=True)
class EvidenceOption:
    """An entry offered as evidence for a rating: mapped to the expectation, or its area."""

    id: int
    date: str
    text: str
    kind: str
    match: str  # "expectation" | "area"
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return dict(self.__dict__)


# -- the interview ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """What an interview shows before asking for one rating."""

    index: int  # 1-based
    total: int
    expectation: Expectation
    area_name: str
    current: Assessment | None
    suggestions: tuple[EvidenceOption, ...]


class Prompter(Protocol):
    """How an interview talks to a person; the CLI passes Rich prompts, tests a script."""

    def show(self, question: Question) -> None:
        """Present an expectation before its questions."""

    def ask(self, text: str, default: str | None = None) -> str:
        """Ask one question; an empty answer means ``default``. Raises EOFError at the end."""

    def say(self, text: str) -> None:
        """Tell the person something (a saved rating, a wrong answer)."""


@dataclass(frozen=True)
class InterviewResult:
    """What an interview did: every rating is saved as soon as it is given."""

    saved: tuple[Assessment, ...]
    kept: int  # answered with the current rating, note and evidence: nothing new to save
    skipped: int
    stopped: bool  # the person stopped (q, end of input) before the last expectation
    total: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "saved": [a.to_dict() for a in self.saved],
            "kept": self.kept,
            "skipped": self.skipped,
            "stopped": self.stopped,
            "total": self.total,
        }


_SKIP = ("s", "skip")
_STOP = ("q", "quit", "stop")
_NONE = "-"


class Interview:
    """Ask for a rating of each expectation in turn and save each answer as it is given.

    For each expectation: the rating (Enter keeps the current one, ``s`` skips, ``q`` stops),
    a note (Enter keeps the current one, ``-`` clears it) and evidence ids (``12 14``; Enter
    keeps the current ones, ``-`` for none). A wrong answer is explained and asked again.
    Ratings saved before an interruption stay saved; :attr:`saved` has them.

    Args:
        assessments: The service that saves the ratings.
        expectations: The expectations to go through, in order.
        rater: ``self``, ``manager`` or ``peer``.
        rater_name: The manager's or peer's name.
    """

    def __init__(
        self,
        assessments: Assessments,
        expectations: Sequence[Expectation],
        *,
        rater: str = "self",
        rater_name: str = "",
    ) -> None:
        self.assessments = assessments
        self.expectations = list(expectations)
        self.rater = parse_rater(rater)
        self.rater_name = _clean_name(self.rater, rater_name)
        self.saved: list[Assessment] = []
        self.kept = 0
        self.skipped = 0
        self.stopped = False

    def result(self) -> InterviewResult:
        """What has been done so far."""
        return InterviewResult(
            tuple(self.saved), self.kept, self.skipped, self.stopped, len(self.expectations)
        )

    def run(self, prompter: Prompter) -> InterviewResult:
        """Go through the expectations; end of input stops like ``q``."""
        a = self.assessments
        current = {
            x.expectation: x
            for x in a.current(rater=self.rater)
            if fold_name(x.rater_name) == fold_name(self.rater_name) and not x.orphaned
        }
        names = {ar.id: ar.name for ar in a.ladder.areas}
        total = len(self.expectations)
        for i, exp in enumerate(self.expectations, 1):
            now = current.get(exp.id)
            prompter.show(
                Question(
                    i, total, exp, names.get(exp.area, exp.area), now, tuple(a.suggest(exp.id))
                )
            )
            try:
                outcome = self._one(prompter, exp, now)
            except EOFError:
                outcome = "stop"
            if outcome == "stop":
                self.stopped = True
                break
        return self.result()

    def _one(self, prompter: Prompter, exp: Expectation, now: Assessment | None) -> str:
        while True:
            answer = prompter.ask("Rating", rating_label(now.rating) if now else None).strip()
            low = answer.lower()
            if low in _STOP:
                return "stop"
            if low in _SKIP:
                self.skipped += 1
                return "skip"
            if not answer:
                prompter.say("Type a rating (0-3 or its name), s to skip or q to stop.")
                continue
            try:
                rating = parse_rating(answer)
            except InputError as err:
                prompter.say(err.message)
                continue
            break
        while True:
            note = prompter.ask("Note", now.note if now and now.note else None).strip()
            note = "" if note == _NONE else note
            problem = note_problem(note)
            if problem is None:
                break
            prompter.say(problem)
        while True:
            shown = " ".join(str(i) for i in now.evidence_ids) if now else ""
            text = prompter.ask("Evidence ids", shown or None).strip()
            try:
                ids = () if text in ("", _NONE) else parse_ids(text)
                problems = self.assessments.evidence_problems(ids)
            except InputError as err:
                problems = [err.message]
            if not problems:
                break
            prompter.say("; ".join(problems))
        if (
            now is not None
            and rating == now.rating
            and note == now.note
            and set(ids) == set(now.evidence_ids)
        ):
            self.kept += 1
            prompter.say(f"Kept: {rating_label(rating)}.")
            return "kept"
        saved = self.assessments.rate(
            exp.id,
            rating,
            rater=self.rater,
            rater_name=self.rater_name,
            note=note,
            evidence=ids,
        )
        self.saved.append(saved)
        prompter.say(f"Saved: {rating_label(rating)}.")
        return "saved"


def parse_ids(text: str) -> tuple[int, ...]:
    """Entry ids from ``12 14``, ``#12, #14``.

    Raises:
        InputError: A word that is not an id.
    """
    ids = []
    for word in re.split(r"[\s,]+", text.strip()):
        if not word:
            continue
        digits = word.removeprefix("#")
        if not digits.isdigit():
            raise InputError(f"{word!r} is not an entry id (ids are numbers, e.g. 12 14)")
        ids.append(int(digits))
    return tuple(dict.fromkeys(ids))


# -- the service --------------------------------------------------------------------------------


class Assessments:
    """A person's ratings: record them, read the current ones and the history, compare raters.

    Build it through :attr:`ladder.workspace.Workspace.assessments`, or on any
    :class:`ladder.context.Context` (a store and the person assessed).

    Args:
        ws: The context (its person is the one assessed).
    """

    def __init__(self, ws: Context) -> None:
        self.ws = ws
        self.store = ws.store
        self.ladder: Ladder = ws.ladder()
        self._active = {e.id: e for e in self.ladder.expectations()}
        self._areas = {a.id for a in self.ladder.areas}
        self.renames = Renames(self.store, self.ladder)

    @property
    def version_label(self) -> str:
        """``<ladder id>@<version>`` of the active ladder."""
        return f"{self.ladder.id}@{self.ladder.version}"

    # -- ids ---------------------------------------------------------------------------------
    def _follow(self, old: str) -> str:
        """The active ladder's id for ``old`` (see :meth:`Renames.follow`)."""
        return self.renames.follow(old)

    def resolve(self, expectation: str) -> Expectation:
        """The active ladder's expectation for an id or an old (renamed) id.

        Raises:
            InputError: An empty id, an area id, an id of an older ladder version that the
                active one dropped, or an unknown id; the message names close matches.
        """
        given = expectation.strip().lower()
        if not given:
            raise InputError("the expectation id is empty")
        found = self._follow(given)
        if found in self._active:
            return self._active[found]
        if found in self._areas:
            area = self.ladder.area(found)
            raise InputError(
                f"{expectation!r} is an area, not an expectation; rate one of its expectations",
                hint=f"{area.id} has: {', '.join(e.id for e in area.expectations)}",
            )
        older = self.store.one(
            "SELECT v.version, x.area_id, x.level_id, x.text FROM ladder_expectation x "
            "JOIN ladder_version v ON v.id = x.ladder_version_id WHERE x.expectation_id = :x "
            "ORDER BY v.id DESC LIMIT 1",
            {"x": given},
        )
        prefix = given.split(".", 1)[0]
        area_ids = (
            [e.id for e in self.ladder.area(prefix).expectations] if prefix in self._areas else []
        )
        if older is not None:
            close = self._replacements(given, older["area_id"], older["level_id"], older["text"])
            instead = (
                f"; the closest current {'ids are' if len(close) > 1 else 'id is'} "
                f"{', '.join(close)}"
                if close
                else ""
            )
            raise InputError(
                f"expectation {given!r} was in ladder version {older['version']} but is not in "
                f"the active ladder ({self.version_label}){instead}",
                hint="`ladder framework show --level all` lists the active expectations",
            )
        if area_ids:
            raise InputError(unknown_id_message("expectation", expectation, area_ids))
        from ladder.rules import shorten, suggestion

        guess = suggestion(_close(given, list(self._active)))
        raise InputError(
            f"unknown expectation {shorten(expectation)!r}{guess}",
            hint="`ladder framework show --level all` lists every expectation id",
        )

    def _replacements(self, given: str, area: str, level: str, text: str) -> list[str]:
        """The three active ids closest to a dropped expectation: of its area, an id like its
        own first, then those at its level, the ones worded most like it first."""
        import difflib

        area = self._follow(area)
        pool = [e for e in self.ladder.expectations() if e.area == area]
        if not pool:
            return _close(given, list(self._active), cutoff=0.6)
        tail = given.split(".", 1)[-1]
        mine = _words(text)

        def rank(n_e: tuple[int, Expectation]) -> tuple[float, bool, float, int]:
            n, e = n_e
            alike = difflib.SequenceMatcher(None, tail, e.id.split(".", 1)[-1]).ratio()
            theirs = _words(e.text)
            shared = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
            return (-alike if alike >= 0.6 else 0.0, e.level != level, -shared, n)

        return [e.id for _, e in sorted(enumerate(pool), key=rank)[:3]]

    def expectations(
        self, *, level: str | None = None, area: str | None = None
    ) -> list[Expectation]:
        """The active expectations at ``level`` (default: the target level), optionally of one area.

        Raises:
            InputError: An unknown level or area.
        """
        lv = self.level(level)
        if area is None:
            return [e for e in self.ladder.expectations() if e.level == lv]
        from ladder.framework import resolve_area

        return self.ladder.area(resolve_area(self.store, area)).at(lv)

    def level(self, level: str | None = None) -> str:
        """``level`` checked against the ladder, or the profile's target (else current) level.

        Raises:
            InputError: An unknown level, or none given and the profile names none.
        """
        if level is None:
            me = self.ws.profile()
            level = (me.target_level or me.level) if me else None
            if level is None:
                raise InputError(
                    "which level? your profile names no target level",
                    hint="pass --level senior, or set one with `ladder init --target senior`",
                )
        given = level.strip().lower()
        known = [lv.id for lv in self.ladder.levels]
        if given not in known:
            raise InputError(unknown_id_message("level", level, known))
        return given

    def rater_names(self, rater: str) -> list[str]:
        """The names ratings by ``self``, ``manager`` or ``peer`` were given under, first used
        first (``""`` for ratings without a name)."""
        owner = self.ws.owner()
        rows = self.store.query(
            "SELECT rater_name, MIN(id) AS first FROM assessment WHERE person_id = :p "
            "AND rater = :r GROUP BY rater_name ORDER BY first",
            {"p": owner, "r": parse_rater(rater)},
        )
        return [str(r["rater_name"]) for r in rows]

    # -- evidence ---------------------------------------------------------------------------
    def evidence_problems(self, ids: Iterable[int]) -> list[str]:
        """Why these entry ids cannot back a rating (missing, deleted); empty when they can."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return []
        owner = self.ws.owner()
        marks = {f"i{n}": i for n, i in enumerate(ids)}
        rows = {
            int(r["id"]): r["deleted_at"]
            for r in self.store.query(
                f"SELECT id, deleted_at FROM evidence WHERE person_id = :p "
                f"AND id IN ({', '.join(':' + k for k in marks)})",
                {"p": owner, **marks},
            )
        }
        problems = []
        for i in ids:
            if i not in rows:
                problems.append(f"there is no entry #{i} (`ladder entries` lists them)")
            elif rows[i]:
                problems.append(f"entry #{i} is deleted (`ladder restore {i}` brings it back)")
        return problems

    def suggest(self, expectation: str, *, limit: int = 5) -> list[EvidenceOption]:
        """The strongest live entries mapped to an expectation, then to its area.

        Your own mapping decisions win: an entry you removed from the area (or the
        expectation) is never offered.
        """
        exp = self.resolve(expectation)
        owner = self.ws.owner()
        links: dict[int, list[evidence_mod.AreaLink]] = {}
        info: dict[int, dict[str, Any]] = {}
        for r in self.store.query(
            "SELECT e.id, e.occurred_on, e.text, e.kind, ea.area_id, ea.expectation_id, "
            "ea.origin, ea.confidence, ea.reason FROM evidence_area ea "
            "JOIN evidence e ON e.id = ea.evidence_id "
            "WHERE e.person_id = :p AND e.deleted_at IS NULL AND ea.area_id = :a",
            {"p": owner, "a": exp.area},
        ):
            eid = int(r["id"])
            info[eid] = r
            links.setdefault(eid, []).append(
                evidence_mod.AreaLink(
                    r["area_id"],
                    r["expectation_id"],
                    r["origin"],
                    float(r["confidence"]),
                    r["reason"],
                )
            )
        ranked: list[tuple[tuple[int, float, str, int], EvidenceOption]] = []
        for eid, rows in links.items():
            best: tuple[int, float] | None = None
            for link in evidence_mod.effective(rows):
                exact = self._follow(link.expectation) == exp.id if link.expectation else False
                tier = 2 if exact else 1 if not link.expectation else 0
                if tier and (best is None or (tier, link.confidence) > best):
                    best = (tier, link.confidence)
            if best is None:
                continue
            r = info[eid]
            option = EvidenceOption(
                id=eid,
                date=r["occurred_on"],
                text=" ".join(r["text"].split()),
                kind=r["kind"],
                match="expectation" if best[0] == 2 else "area",
                confidence=round(best[1], 2),
            )
            ranked.append(((best[0], best[1], r["occurred_on"], eid), option))
        ranked.sort(key=lambda t: t[0], reverse=True)
        return [o for _, o in ranked[:limit]]

    # -- writing ----------------------------------------------------------------------------
    def rate(
        self,
        expectation: str,
        rating: int | str,
        *,
        rater: str = "self",
        rater_name: str = "",
        note: str = "",
        evidence: Iterable[int] = (),
    ) -> Assessment:
        """Record one rating (a new row: the history keeps the earlier ones).

        Args:
            expectation: The expectation id (an old, renamed id is followed to the new one).
            rating: ``not-yet``, ``working towards``, ``meeting``, ``exceeding`` or 0-3.
            rater: ``self``, ``manager`` or ``peer``.
            rater_name: The manager's or peer's name (not for ``self``).
            note: Why, in the rater's words.
            evidence: Ids of live entries that back the rating.

        Raises:
            InputError: An unknown expectation, rating or rater, a name for ``self``, or an
                entry id that does not exist or is deleted. Nothing is written.
        """
        rater = parse_rater(rater)
        rater_name = _clean_name(rater, rater_name)
        exp = self.resolve(expectation)
        value = parse_rating(rating)
        ids = tuple(dict.fromkeys(int(i) for i in evidence))
        bad = self.evidence_problems(ids)
        if bad:
            raise InputError(bad[0], hint="nothing was saved")
        return self._write([(exp, value, _clean_note(note), ids)], rater, rater_name)[0]

    def rate_many(
        self,
        items: Sequence[RatingInput],
        *,
        rater: str = "self",
        rater_name: str = "",
        source: str = "<ratings>",
        rater_person_id: int | None = None,
    ) -> list[Assessment]:
        """Record several ratings at once: all of them, or (on any problem) none.

        ``rater_person_id`` is the team member who gives them (:mod:`ladder.team.access`
        decides their standing); the command line leaves it out.

        Raises:
            RatingsError: Every problem, item by item.
        """
        rater = parse_rater(rater)
        rater_name = _clean_name(rater, rater_name)
        checked: list[tuple[Expectation, int, str, tuple[int, ...]]] = []
        problems: list[Problem] = []
        for n, item in enumerate(items, 1):
            try:
                exp = self.resolve(item.expectation)
                rating = parse_rating(item.rating)
            except InputError as err:
                problems.append(Problem(None, f"item {n}: {err.message}"))
                continue
            ids = tuple(dict.fromkeys(int(i) for i in item.evidence))
            problems.extend(Problem(None, f"item {n}: {b}") for b in self.evidence_problems(ids))
            checked.append((exp, rating, _clean_note(item.note), ids))
        if problems:
            raise RatingsError(source, problems)
        return self._write(checked, rater, rater_name, rater_person_id)

    def _write(
        self,
        checked: Sequence[tuple[Expectation, int, str, tuple[int, ...]]],
        rater: str,
        rater_name: str,
        rater_person_id: int | None = None,
    ) -> list[Assessment]:

        owner = self.ws.owner()
        # Grace and grace are one rater: keep the spelling first used.
        rater_name = next(
            (n for n in self.rater_names(rater) if fold_name(n) == fold_name(rater_name)),
            rater_name,
        )
        ids = []
        with self.store.transaction():
            for exp, rating, note, evidence in checked:
                aid = self.store.insert(
                    "assessment",
                    {
                        "uid": new_uid(),
                        "person_id": owner,
                        "rater": rater,
                        "rater_name": rater_name,
                        "area_id": exp.area,
                        "expectation_id": exp.id,
                        "rating": rating,
                        "note": note,
                        "ladder_version": self.version_label,
                        "created_at": self.ws.clock.now_iso(),
                        "rater_person_id": rater_person_id,
                    },
                )
                self.store.executemany(
                    "INSERT INTO assessment_evidence (assessment_id, evidence_id) VALUES (:a, :e)",
                    [{"a": aid, "e": e} for e in evidence],
                )
                ids.append(aid)
        by_id = {a.id: a for a in self._load("a.id IN (" + ", ".join(map(str, ids)) + ")")}
        return [by_id[i] for i in ids]

    # -- files ------------------------------------------------------------------------------
    def check_file(
        self, text: str, *, source: str = "<ratings>"
    ) -> tuple[list[RatingInput], list[Problem]]:
        """Read a YAML or JSON list of ``{expectation, rating, note, evidence}``.

        Returns:
            The ratings, and every problem with its line (then the ratings are not to be used).
        """
        from ladder.framework import _parse_yaml

        if "\x00" in text:  # YAML refuses it without a line; say where it is
            return [], [
                Problem(n, "the line contains a NUL character")
                for n, line in enumerate(text.split("\n"), 1)
                if "\x00" in line
            ]
        data, lines, problems = _parse_yaml(text)
        found = [Problem(p.line, p.reason) for p in problems]
        if found:
            return [], found
        if isinstance(data, dict) and isinstance(data.get("ratings"), list):
            data = data["ratings"]
            lines = {k[1:]: v for k, v in lines.items() if k[:1] == ("ratings",)}
        if not isinstance(data, list):
            return [], [
                Problem(1, "expected a list of ratings: - expectation: ID, rating: meeting")
            ]
        if not data:
            return [], [Problem(1, "the file has no ratings")]
        out: list[RatingInput] = []
        first_line: dict[str, int] = {}
        for i, item in enumerate(data):
            at = lines.get((i,))

            def line(*path: str, i: int = i, at: int | None = at) -> int | None:
                return lines.get((i, *path), at)

            if not isinstance(item, dict):
                found.append(
                    Problem(
                        at, "expected a mapping with expectation and rating (and note, evidence)"
                    )
                )
                continue
            bad_keys = [k for k in item if k not in _FILE_KEYS]
            for k in bad_keys:
                found.append(
                    Problem(
                        line(k, "<key>"),
                        f"unknown key {k!r}: a rating has {', '.join(_FILE_KEYS)}",
                    )
                )
            before = len(found)
            exp: Expectation | None = None
            raw_exp = item.get("expectation")
            if raw_exp is None:
                found.append(Problem(at, "the expectation is missing"))
            elif not isinstance(raw_exp, str):
                found.append(Problem(line("expectation"), "the expectation must be an id (text)"))
            else:
                try:
                    exp = self.resolve(raw_exp)
                except InputError as err:
                    found.append(Problem(line("expectation"), err.message))
            if exp is not None:
                if exp.id in first_line:
                    found.append(
                        Problem(
                            line("expectation"),
                            f"{exp.id} is rated twice (first on line {first_line[exp.id]})",
                        )
                    )
                else:
                    first_line[exp.id] = line("expectation") or 0
            raw_rating = item.get("rating")
            if raw_rating is None:
                found.append(Problem(at, "the rating is missing"))
            else:
                try:
                    parse_rating(raw_rating)
                except InputError as err:
                    found.append(Problem(line("rating"), err.message))
            note = item.get("note")
            if note is not None and not isinstance(note, str | int | float):
                found.append(Problem(line("note"), "the note must be text"))
            elif note is not None and note_problem(str(note)):
                found.append(Problem(line("note"), note_problem(str(note)) or ""))
            ids: list[int] = []
            raw_ev = item.get("evidence")
            values = [] if raw_ev is None else raw_ev if isinstance(raw_ev, list) else [raw_ev]
            for j, value in enumerate(values):
                where = lines.get((i, "evidence", j), line("evidence"))
                if isinstance(value, bool) or not isinstance(value, int | str):
                    found.append(Problem(where, f"{value!r} is not an entry id"))
                    continue
                try:
                    ids.extend(parse_ids(str(value)))
                except InputError as err:
                    found.append(Problem(where, err.message))
                    continue
                for reason in self.evidence_problems(parse_ids(str(value))):
                    found.append(Problem(where, reason))
            if len(found) == before and exp is not None and raw_rating is not None:
                out.append(
                    RatingInput(exp.id, raw_rating, "" if note is None else str(note), tuple(ids))
                )
        found.sort(key=lambda p: p.line or 0)
        return out, found

    def rate_file(
        self,
        path: str | Path | None = None,
        *,
        text: str | None = None,
        source: str | None = None,
        rater: str = "self",
        rater_name: str = "",
    ) -> list[Assessment]:
        """Record the ratings of a YAML or JSON file: the whole file is checked first.

        Args:
            path: The file (or give ``text``).
            text: The file's content (read from ``path`` when None).
            source: The name problems are reported under (default: ``path``).
            rater: ``self``, ``manager`` or ``peer``.
            rater_name: The manager's or peer's name.

        Raises:
            RatingsError: Every problem, as ``file:line: reason``; nothing is written.
            InputError: The file cannot be read.
        """
        rater = parse_rater(rater)
        rater_name = _clean_name(rater, rater_name)
        if text is None:
            if path is None:
                raise InputError("give a ratings file")
            text = _read(Path(path))
        name = source or (str(path) if path is not None else "<ratings>")
        items, problems = self.check_file(text, source=name)
        if problems:
            raise RatingsError(name, problems)
        return self.rate_many(items, rater=rater, rater_name=rater_name, source=name)

    # -- reading ----------------------------------------------------------------------------
    def _load(
        self, condition: str = "1 = 1", params: dict[str, Any] | None = None
    ) -> list[Assessment]:
        return self._load_people([self.ws.owner()], condition, params)[0]

    def _load_people(
        self,
        people: Sequence[int],
        condition: str = "1 = 1",
        params: dict[str, Any] | None = None,
    ) -> list[list[Assessment]]:
        """The rows of each of ``people`` (in that order), oldest first, in two queries."""
        marks = ", ".join(f":p{n}" for n in range(len(people)))
        who = {f"p{n}": pid for n, pid in enumerate(people)}
        rows = self.store.query(
            f"SELECT a.* FROM assessment a WHERE a.person_id IN ({marks}) AND {condition} "
            "ORDER BY a.created_at, a.id",
            {**who, **(params or {})},
        )
        live: dict[int, list[int]] = {}
        dead: dict[int, list[int]] = {}
        for r in self.store.query(
            "SELECT ae.assessment_id, ae.evidence_id, e.deleted_at FROM assessment_evidence ae "
            "JOIN assessment a ON a.id = ae.assessment_id "
            "JOIN evidence e ON e.id = ae.evidence_id "
            f"WHERE a.person_id IN ({marks}) ORDER BY ae.evidence_id",
            who,
        ):
            target = dead if r["deleted_at"] else live
            target.setdefault(int(r["assessment_id"]), []).append(int(r["evidence_id"]))
        out: dict[int, list[Assessment]] = {pid: [] for pid in people}
        for r in rows:
            stored = r["expectation_id"]
            now = self._follow(stored)
            orphaned = now not in self._active
            area = self._active[now].area if not orphaned else self._follow(r["area_id"])
            out[int(r["person_id"])].append(
                Assessment(
                    id=int(r["id"]),
                    uid=r["uid"],
                    rater=r["rater"],
                    rater_name=r["rater_name"],
                    area=area,
                    expectation=now,
                    rated_expectation=stored,
                    rating=int(r["rating"]),
                    note=r["note"],
                    evidence_ids=tuple(live.get(int(r["id"]), ())),
                    ladder_version=r["ladder_version"],
                    created_at=r["created_at"],
                    orphaned=orphaned,
                    deleted_evidence_ids=tuple(dead.get(int(r["id"]), ())),
                    rater_person_id=r["rater_person_id"],
                )
            )
        return [out[pid] for pid in people]

    def history(
        self,
        *,
        expectation: str | None = None,
        rater: str | None = None,
        rater_name: str | None = None,
        area: str | None = None,
        as_of: dt.date | None = None,
    ) -> list[Assessment]:
        """Every rating ever given, oldest first, optionally narrowed.

        Args:
            expectation: Only this expectation (an active id, an old one, or an orphaned one).
            rater: Only ``self``, ``manager`` or ``peer``.
            rater_name: Only this manager or peer (any case).
            area: Only this area.
            as_of: Only the ratings given on or before this day (local time), for a past
                period.

        Raises:
            InputError: An unknown rater, area, or expectation (one never rated and not in the
                active ladder).
        """
        rows = self._load()
        if as_of is not None:
            end = end_of_day(as_of)
            rows = [a for a in rows if a.created_at < end]
        if rater is not None:
            rater = parse_rater(rater)
            rows = [a for a in rows if a.rater == rater]
        if rater_name is not None:
            name = fold_name(rater_name)
            rows = [a for a in rows if fold_name(a.rater_name) == name]
        if area is not None:
            from ladder.framework import resolve_area

            wanted = resolve_area(self.store, area)
            rows = [a for a in rows if a.area == wanted]
        if expectation is not None:
            given = expectation.strip().lower()
            known = {a.rated_expectation for a in rows} | {a.expectation for a in rows}
            target = self._follow(given) if given in known else self.resolve(given).id
            rows = [a for a in rows if target in (a.expectation, a.rated_expectation)]
        return rows

    def current(
        self,
        *,
        rater: str | None = None,
        level: str | None = None,
        area: str | None = None,
        as_of: dt.date | None = None,
    ) -> list[Assessment]:
        """The current ratings: the newest row per (rater, who gave it, expectation): a
        team member's account, or the name a rating was typed in under (:attr:`Assessment.key`).

        Renamed expectations count as one, whichever version is active: a rating under the
        old id and a newer one under the new id are the same key, and the newer one is
        current. Orphaned ratings are included unless ``level`` is given.

        Args:
            rater: Only ``self``, ``manager`` or ``peer``.
            level: Only expectations of this level of the active ladder.
            area: Only this area.
            as_of: The ratings current at the end of this day (local time): later ones are
                left out.
        """
        return self._newest(self.history(rater=rater, area=area, as_of=as_of), level)

    def current_of(self, people: Sequence[int]) -> dict[int, list[Assessment]]:
        """:meth:`current` of each of ``people`` (every rater, every level), in two queries
        whoever many they are: a manager's calibration view of the team.

        It checks nothing: the caller decides first who may read whose ratings.
        """
        if not people:
            return {}
        loaded = self._load_people(list(people))
        return {pid: self._newest(rows) for pid, rows in zip(people, loaded, strict=True)}

    def _newest(self, history: Iterable[Assessment], level: str | None = None) -> list[Assessment]:
        """The newest of ``history`` per :attr:`Assessment.key`, in the ladder's order."""
        newest: dict[tuple[str, str, str], Assessment] = {}
        for a in history:
            newest[a.key] = a
        out = list(newest.values())
        if level is not None:
            lv = self.level(level)
            out = [a for a in out if not a.orphaned and self._active[a.expectation].level == lv]
        order = {e: n for n, e in enumerate(self._active)}
        return sorted(
            out,
            key=lambda a: (
                a.orphaned,
                order.get(a.expectation, 0),
                a.expectation,
                RATERS.index(a.rater) if a.rater in RATERS else 9,
                a.rater_name,
            ),
        )

    def orphaned(self) -> list[Assessment]:
        """Current ratings whose expectation the active ladder no longer has (kept, never lost)."""
        return [a for a in self.current() if a.orphaned]

    def diff(
        self,
        *,
        level: str | None = None,
        area: str | None = None,
        as_of: dt.date | None = None,
    ) -> Diff:
        """Self vs manager vs peer, expectation by expectation, with the flags to talk about.

        A *disconnect* is two raters two or more steps apart; *testimony only* is a rating of
        meeting or exceeding with no live evidence linked.

        Args:
            level: The level (default: the profile's target level).
            area: Only this area.
            as_of: Compare the ratings current at the end of this day (local time).
        """
        from ladder.framework import resolve_area

        lv = self.level(level)
        area_id = None if area is None else resolve_area(self.store, area)
        wanted = self.expectations(level=lv, area=area_id)
        current = self.current(area=area_id, as_of=as_of)
        by_exp: dict[str, list[Assessment]] = {}
        for a in current:
            by_exp.setdefault(a.expectation, []).append(a)
        rows = []
        for exp in wanted:
            ratings = tuple(by_exp.get(exp.id, ()))
            rows.append(
                DiffRow(exp.id, exp.area, exp.level, exp.text, ratings, tuple(_flags(ratings)))
            )
        orphaned = tuple(a for a in current if a.orphaned)
        return Diff(lv, area_id, tuple(rows), orphaned)


def _clean_note(note: str) -> str:
    """The note without surrounding blanks; its own lines and spacing are the rater's.

    Raises:
        InputError: It holds a NUL character, or is longer than the work log allows.
    """
    problem = note_problem(note)
    if problem:
        raise InputError(problem, hint="nothing was saved")
    return "\n".join(line.rstrip() for line in note.strip().splitlines()) if note else ""


def note_problem(note: str) -> str | None:
    """Why a rating's note cannot be saved (not valid text, a NUL character, too long), or None."""
    from ladder.rules import text_problem

    return text_problem(note, "note")


_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "they",
        "this",
        "to",
        "up",
        "what",
        "when",
        "which",
        "with",
    ]
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower())) - _STOP_WORDS


def _close(given: str, known: list[str], *, cutoff: float = 0.75) -> list[str]:
    """Up to three ids like ``given``, comparing whole ids and the part after the area."""
    from ladder.rules import close_matches

    tails: dict[str, str] = {}
    for k in known:
        tails.setdefault(k.split(".", 1)[-1], k)
    tail = given.split(".", 1)[-1]
    found = close_matches(given, known, n=3, cutoff=cutoff)
    found += [tails[t] for t in close_matches(tail, list(tails), n=3, cutoff=cutoff)]
    return list(dict.fromkeys(found))[:3]


def _flags(ratings: Sequence[Assessment]) -> list[Flag]:
    flags = []
    if len(ratings) > 1:
        low = min(ratings, key=lambda a: a.rating)
        high = max(ratings, key=lambda a: a.rating)
        steps = high.rating - low.rating
        if steps >= DISCONNECT:
            flags.append(
                Flag(
                    "disconnect",
                    (high.who, low.who),
                    f"{high.who} says {rating_label(high.rating)}, {low.who} says "
                    f"{rating_label(low.rating)}: {steps} steps apart",
                )
            )
    for a in ratings:
        if a.testimony_only:
            flags.append(
                Flag(
                    "testimony only",
                    (a.who,),
                    f"{a.who} rates {rating_label(a.rating)} with no evidence linked",
                )
            )
    return flags


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, not a ratings file") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc


__all__ = [
    "DISCONNECT",
    "EVIDENCED",
    "RATERS",
    "RATINGS",
    "Assessment",
    "Assessments",
    "Diff",
    "DiffRow",
    "EvidenceOption",
    "Flag",
    "Interview",
    "InterviewResult",
    "Problem",
    "Prompter",
    "Question",
    "RatingInput",
    "RatingsError",
    "Renames",
    "end_of_day",
    "fold_name",
    "note_problem",
    "parse_ids",
    "parse_rater",
    "parse_rating",
    "rating_label",
]
