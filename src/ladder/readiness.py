"""Readiness: where a person stands against a level of the ladder, area by area, and why.

INTERFACE (fixed; other modules build on it): ``compute(ws, level=, today=) -> Readiness``.
The rules that fill it in are documented in docs/readiness.md.

Two halves:

* **The rule** (:func:`strength`, :func:`judge`, :func:`overall`) is a pure function over a
  few figures per area (:class:`Figures`): how many items, how recent, over how many months,
  how varied, and the ratings. It knows nothing of the store, so the worked examples in the
  tests and in docs/readiness.md are small and exact.
* **The figures** come from the store in two aggregate queries (per area, month, kind and
  source, and per expectation) over the *effective* mappings — the person's own decisions
  win, as in :func:`ladder.evidence.effective` — so 100,000 evidence items never travel into
  Python. Ratings come from :meth:`ladder.assessment.Assessments.current`.

Example:
    >>> r = ws.readiness(level="senior")                            # doctest: +SKIP
    >>> r.overall, r.reason                                         # doctest: +SKIP
    ('gap', 'Not yet at Senior: 3 areas are gaps (Mentorship, Leadership, Career) …')
    >>> [(g.area, g.actions[0].text) for g in r.gaps()]             # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ladder.errors import NotFoundError
from ladder.evidence import AreaLink, effective
from ladder.mapping.judge import own_subjects, own_words, showing
from ladder.mapping.meaning import Suggested, suggested_actions
from ladder.mapping.text import drop_gitmoji, drop_patch_labels

if TYPE_CHECKING:
    from ladder.context import Context
    from ladder.framework import Area, Expectation, Ladder

#: Area statuses, weakest first.
STATUSES = ("gap", "emerging", "meeting", "exceeding")

#: Rating words, 0..3 (the same scale as ``ladder.assessment.RATINGS``).
RATING_WORDS = ("not yet", "working towards", "meeting", "exceeding")

# -- the rule's constants (docs/readiness.md explains each) ----------------------------------

#: Evidence figures at which each part of the evidence strength is full.
FULL_COUNT = 8  # items for the area, all time
FULL_MONTHS = 4  # distinct calendar months with evidence, among the last 12
FULL_RECENT = 2  # items in the last RECENT_DAYS days
FULL_VARIETY = 2  # extra kinds of work plus extra sources, beyond the first of each

#: How much each part weighs in the evidence strength (they add up to 1).
WEIGHTS = {"count": 0.35, "months": 0.25, "recent": 0.20, "variety": 0.20}

RECENT_DAYS = 90
WINDOW_MONTHS = 12
QUIET_DAYS = 42  # six weeks without evidence: the area has gone quiet

#: How much one rater's word counts. A rating of meeting or above that links no evidence is
#: testimony only (as in ``ladder.assessment``) and counts half.
RATER_WEIGHT = {"manager": 1.0, "peer": 0.8, "self": 0.4}
TESTIMONY_FACTOR = 0.5
TESTIMONY_FROM = 2
#: The most the ratings can weigh in the score (when raters' weights add up to 1 or more).
RATINGS_SHARE = 0.4

#: Score thresholds: at or above ``THRESHOLDS[s]`` the area is at least ``s``.
THRESHOLDS = {"emerging": 0.30, "meeting": 0.60, "exceeding": 0.85}
#: Below this mean rating, a manager's word keeps the area below ``meeting``.
MANAGER_BELOW = 1.5
#: ``exceeding`` needs a manager's or a peer's mean rating of at least this.
EXCEEDING_RATING = 2.5
#: Evidence in fewer of the last 12 months than this is a burst, not sustained work: at most
#: emerging, whatever its volume (a quickstart harvest of one month, say).
SUSTAINED_MONTHS = 2

ACTIONS_PER_AREA = 3

#: How much one item weighs in the count, by its substance (routine never counts); times the
#: confidence of its mapping (1 for what the person set), so a weak guess weighs little.
SUBSTANCE_WEIGHT = {"significant": 1.5, "ordinary": 1.0}
#: A mapping this confident or more carries a verdict before a weaker one (a guess from a
#: change's shape alone, 0.3, or one incidental word): on real work the mapper's guesses below
#: it were right about half the time, those above it four times in five (docs/benchmarks.md).
CONFIDENT = 0.5
#: Sources whose items the person wrote themselves: an account of their own work.
OWN_SOURCES = ("manual", "mentorship", "learning")
#: What each harvested source can show; an area none of a person's sources can show reads
#: "not shown by your sources" instead of a verdict. Areas not named here (another ladder's)
#: are taken as shown. What the person logs by hand can show every area.
SHOWN_BY = {
    "git": ("technical-depth", "system-design", "delivery", "code-quality", "communication"),
    "github": (
        "technical-depth",
        "system-design",
        "delivery",
        "code-quality",
        "communication",
        "mentorship",
    ),
    "jira": (
        "technical-depth",
        "system-design",
        "delivery",
        "code-quality",
        "operations",
        "leadership",
    ),
    "calendar": ("mentorship", "communication", "leadership", "career", "operations"),
    "docs": ("technical-depth", "system-design", "communication", "operations", "leadership"),
}
_SHOWABLE = frozenset(a for shows in SHOWN_BY.values() for a in shows)
#: What to log or connect, per area, when the sources cannot show it.
SHOW_HOW = {
    "mentorship": "log mentoring with ladder mentee add and ladder 1on1 add, or connect a calendar",
    "career": "log career conversations and goals with ladder 1on1 add and ladder goals add",
    "leadership": "log the decisions you drove with ladder log -a leadership, or harvest design docs",
    "communication": "log talks and write-ups with ladder log -a communication, or harvest docs",
    "operations": "log on-call and incidents with ladder log -a operations, or connect Jira",
}


# -- the figures and the rule ------------------------------------------------------------------


@dataclass(frozen=True)
class Rating:
    """One current rating that counts for an area (an input of the rule)."""

    rater: str  # self | manager | peer
    rating: int  # 0..3
    linked: bool = True  # False: testimony only, no evidence linked
    rater_name: str = ""
    expectation: str = ""  # the expectation rated (for the expectation's own figures)
    #: Who gave it as one rater (:attr:`ladder.assessment.Assessment.rater_key`: the account on
    #: a team server, so two managers who share a name count as two); "" means by name.
    rater_key: str = ""

    @property
    def testimony(self) -> bool:
        """Meeting or exceeding with no evidence linked: testimony only."""
        return self.rating >= TESTIMONY_FROM and not self.linked

    @property
    def weight(self) -> float:
        """How much this rating counts: the rater's weight, halved for testimony only."""
        base = RATER_WEIGHT.get(self.rater, RATER_WEIGHT["peer"])
        return base * (TESTIMONY_FACTOR if self.testimony else 1.0)


@dataclass(frozen=True)
class Figures:
    """What the rule reads for one area: the evidence figures and the current ratings."""

    evidence: int = 0  # live items for the area
    recent: int = 0  # of which in the last RECENT_DAYS days
    months: int = 0  # distinct months with evidence among the last WINDOW_MONTHS
    kinds: int = 0  # distinct kinds of item (note, commit, pull-request, review, …)
    sources: int = 0  # distinct sources (manual, git, github, jira, calendar, docs)
    ratings: tuple[Rating, ...] = ()
    #: The items weighed by substance and confidence (see :data:`SUBSTANCE_WEIGHT`); None:
    #: unknown, the plain count stands in.
    weight: float | None = None
    #: Items graded significant; None: unknown (the rule's worked examples).
    significant: int | None = None
    own: int = 0  # items the person logged themselves (notes, 1:1s, learning)
    #: Of ``evidence``, the items of the last WINDOW_MONTHS months; None: not counted (then
    #: the reason does not say).
    in_window: int | None = None


@dataclass(frozen=True)
class Judgement:
    """What the rule says about one area."""

    status: str
    score: float  # 0..1, rounded to 4 places
    strength: float  # 0..1, the evidence alone, rounded to 4 places
    reason: str  # one sentence
    # "no-evidence" | "manager" | "exceeding-needs-rating" | "lower-level"
    capped: str | None = None


def parts(f: Figures) -> dict[str, float]:
    """The four parts of the evidence strength, each 0..1."""
    if f.evidence <= 0:
        return dict.fromkeys(WEIGHTS, 0.0)
    extra = max(f.kinds - 1, 0) + max(f.sources - 1, 0)
    amount = f.evidence if f.weight is None else f.weight
    return {
        "count": min(amount / FULL_COUNT, 1.0),
        "months": min(f.months / FULL_MONTHS, 1.0),
        "recent": min(f.recent / FULL_RECENT, 1.0),
        "variety": min(extra / FULL_VARIETY, 1.0),
    }


def strength(f: Figures) -> float:
    """The evidence strength of an area, 0..1: a weighted sum of its four parts."""
    p = parts(f)
    return round(sum(WEIGHTS[k] * p[k] for k in WEIGHTS), 4)


def rating_summary(ratings: Iterable[Rating]) -> tuple[float | None, float]:
    """The weighted mean rating (0..3, None without ratings) and how much it counts (0..1).

    How much it counts: each rater (kind, and account or else name) brings the weight of their
    weightiest rating in the area; these add up, to at most 1.
    """
    ratings = list(ratings)
    if not ratings:
        return None, 0.0
    total = sum(r.weight for r in ratings)
    mean = sum(r.weight * r.rating for r in ratings) / total
    per_rater: dict[tuple[str, str], float] = {}
    for r in ratings:
        key = (r.rater, r.rater_key or r.rater_name)
        per_rater[key] = max(per_rater.get(key, 0.0), r.weight)
    return mean, min(sum(per_rater.values()), 1.0)


def means(ratings: Iterable[Rating]) -> dict[str, float]:
    """Mean rating per kind of rater (``self``, ``manager``, ``peer``), plain (unweighted)."""
    by: dict[str, list[int]] = {}
    for r in ratings:
        by.setdefault(r.rater, []).append(r.rating)
    order = {"manager": 0, "peer": 1, "self": 2}
    return {
        k: round(sum(v) / len(v), 4)
        for k, v in sorted(by.items(), key=lambda kv: (order.get(kv[0], 3), kv[0]))
    }


def judge(f: Figures) -> Judgement:
    """The status of one area from its figures, with the reason in one sentence.

    Score = (1 - a) * strength + a * mean rating / 3, where a = 0.4 * how much the ratings
    count (see :func:`rating_summary`). Thresholds 0.30 / 0.60 / 0.85 give emerging, meeting,
    exceeding. Then five caps: no evidence → at most emerging (ratings alone never make an
    area meet the level); evidence in fewer than two of the last 12 months → at most emerging
    (a burst is not sustained work); evidence that is all harvested with nothing significant
    and no rating of meeting by a manager or peer → at most emerging (volume is not level); a
    manager's mean rating below 1.5 → at most emerging; exceeding needs a manager's or a
    peer's mean rating of at least 2.5, else meeting.
    """
    e = strength(f)
    mean, weight = rating_summary(f.ratings)
    share = RATINGS_SHARE * weight
    score = e if mean is None else (1 - share) * e + share * mean / 3
    score = round(score, 4)
    status = _by_threshold(score)
    by_rater = means(f.ratings)
    capped: str | None = None
    if f.evidence == 0 and _rank(status) > _rank("emerging"):
        status, capped = "emerging", "no-evidence"
    if f.evidence > 0 and f.months < SUSTAINED_MONTHS and _rank(status) > _rank("emerging"):
        status, capped = "emerging", "burst"
    others = [v for k, v in by_rater.items() if k in ("manager", "peer")]
    if (
        f.evidence > 0
        and f.significant == 0
        and f.own == 0
        and _rank(status) > _rank("emerging")
        and not any(v >= TESTIMONY_FROM for v in others)
    ):
        status, capped = "emerging", "volume"
    if "manager" in by_rater and by_rater["manager"] < MANAGER_BELOW and _rank(status) > 1:
        status, capped = "emerging", "manager"
    if status == "exceeding" and not any(v >= EXCEEDING_RATING for v in others):
        status, capped = "meeting", "exceeding-needs-rating"
    return Judgement(status, score, e, _reason(f, status, capped, by_rater), capped)


def _rank(status: str) -> int:
    return STATUSES.index(status)


def _by_threshold(score: float) -> str:
    status = "gap"
    for name in ("emerging", "meeting", "exceeding"):
        if score >= THRESHOLDS[name]:
            status = name
    return status


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _evidence_phrase(f: Figures) -> str:
    if f.evidence == 0:
        return "no evidence yet"
    if not f.months:
        spread = f", none in the last {WINDOW_MONTHS} months"
    elif f.in_window is not None and f.in_window < f.evidence:  # a long history: say how much is recent
        spread = f", {f.in_window} of them in {f.months} of the last {WINDOW_MONTHS} months"
    else:
        spread = f" in {f.months} of the last {WINDOW_MONTHS} months"
    recent = (
        f"{f.recent} in the last {RECENT_DAYS} days"
        if f.recent
        else f"none in the last {RECENT_DAYS} days"
    )
    if f.kinds <= 1 and f.sources <= 1:
        variety = "all of one kind from one source"
    else:
        variety = f"{_plural(f.kinds, 'kind')} of work from {_plural(f.sources, 'source')}"
    return f"{_plural(f.evidence, 'item')}{spread}, {recent}, {variety}"


_SHORT = {
    "count": "more items",
    "months": "more months with evidence",
    "recent": "recent work",
    "variety": "more kinds of work or sources",
}
_WHO = {"manager": "your manager", "peer": "peers", "self": "you"}


def _ratings_phrase(by_rater: dict[str, float]) -> str:
    said = [f"{_word(v)} by {_WHO.get(k, k)}" for k, v in by_rater.items()]
    return "rated " + _join(said) if said else ""


def testimony_only(ratings: Iterable[Rating]) -> bool:
    """True when the ratings of meeting or above all link no evidence (and there are some)."""
    claims = [r for r in ratings if r.rating >= TESTIMONY_FROM]
    return bool(claims) and all(r.testimony for r in claims)


def _word(mean: float) -> str:
    return RATING_WORDS[max(0, min(3, int(mean + 0.5)))]


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _reason(f: Figures, status: str, capped: str | None, by_rater: dict[str, float]) -> str:
    evidence = _evidence_phrase(f)
    rated = _ratings_phrase(by_rater)
    if rated and testimony_only(f.ratings) and f.evidence:
        rated += " (with no evidence linked, so it counts for less)"
    if f.evidence == 0:
        text = (
            f"No evidence yet; {rated}, but ratings alone cannot make an area meet the level"
            if rated
            else "No evidence yet: nothing logged or harvested shows it"
        )
    elif capped == "manager":
        text = f"{evidence}, but your manager rates it {_word(by_rater['manager'])}"
    elif capped == "burst":
        text = (
            f"{evidence}{'; ' + rated if rated else ''}; meeting the level needs evidence "
            f"in at least {SUSTAINED_MONTHS} different months, not one burst"
        )
    elif capped == "volume":
        text = (
            f"{evidence}{'; ' + rated if rated else ''}; all of it harvested and none of it "
            "significant: many small changes do not show the level, work of weight does "
            "(a measured improvement, a hard fix, a design) or your own account of it"
        )
    elif capped == "exceeding-needs-rating":
        text = (
            f"{evidence}{'; ' + rated if rated else ''}; "
            "exceeding also needs a manager's or a peer's rating of exceeding"
        )
    elif status in ("gap", "emerging"):
        p = parts(f)
        lost = {k: WEIGHTS[k] * (1.0 - p[k]) for k in WEIGHTS if p[k] < 1.0}
        weakest = sorted(lost, key=lambda k: (-lost[k], k))[:2]
        short = f"; it needs {_join([_SHORT[k] for k in weakest])}" if weakest else ""
        text = f"{evidence}{'; ' + rated if rated else ''}{short}"
    else:
        text = f"{evidence}{'; ' + rated if rated else ''}"
    return text[0].upper() + text[1:] + "."


def overall(
    areas: Sequence[tuple[str, str]], level_name: str, unshown: Collection[str] = ()
) -> tuple[str, str]:
    """The overall status and its reason from ``(area name, status)`` pairs.

    The weakest area sets it (the floor per area): one deep area cannot carry the level. An area
    in ``unshown`` (the person's sources cannot show it) still holds the level back, but the
    reason does not call it a gap: the caller says what would show it.
    """
    if not areas:
        return "gap", f"The ladder has no areas to measure {level_name} against."
    status = min((s for _, s in areas), key=_rank)
    names = {s: [n for n, st in areas if st == s] for s in STATUSES}
    total = len(areas)
    if status == "gap":
        gaps = [n for n in names["gap"] if n not in unshown]
        if len(names["gap"]) == total and not unshown:
            return status, (
                f"Not yet at {level_name}: no area has enough evidence yet, so every area is a gap."
            )
        if not gaps:
            return status, f"Not yet shown to be at {level_name}: every area has to meet it."
        return status, (
            f"Not yet at {level_name}: {_plural(len(gaps), 'area')} "
            f"{'is a gap' if len(gaps) == 1 else 'are gaps'} ({_list(gaps)}), "
            "and the weakest area sets the overall status."
        )
    if status == "emerging":
        meet = len(names["meeting"]) + len(names["exceeding"])
        return status, (
            f"Close to {level_name}: {meet} of {total} areas meet it and "
            f"{_plural(len(names['emerging']), 'is', 'are')} emerging ({_list(names['emerging'])}); "
            "every area has to meet it."
        )
    if status == "meeting":
        more = len(names["exceeding"])
        extra = f", {more} of them beyond it" if more else ""
        return status, f"Operating at {level_name}: all {total} areas meet it{extra}."
    return status, f"Beyond {level_name}: all {total} areas exceed it; look at the next level."


def _list(names: Sequence[str], most: int = 4) -> str:
    if len(names) <= most:
        return ", ".join(names)
    return ", ".join(names[:most]) + f" and {len(names) - most} more"


# -- what the interface returns ----------------------------------------------------------------


@dataclass(frozen=True)
class NextAction:
    """A concrete next step for a gap, taken from the ladder's actions for an expectation."""

    area: str
    expectation: str
    text: str
    why: str = ""  # why this expectation first: "no evidence yet", "rated working towards …"
    #: Where the action came from when the ladder gives none for the expectation:
    #: 'suggested from the bundled ladder's "…"' or "drawn from the expectation's own text".
    origin: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "area": self.area,
            "expectation": self.expectation,
            "text": self.text,
            "why": self.why,
            "origin": self.origin,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> NextAction:
        """Back from :meth:`to_dict`."""
        return cls(d["area"], d["expectation"], d["text"], d["why"], d["origin"])


@dataclass(frozen=True)
class ExpectationReadiness:
    """The figures of one expectation at the level: its evidence and its ratings."""

    id: str
    text: str
    evidence: int
    last_on: str | None
    ratings: dict[str, float] = field(default_factory=dict)  # rater -> mean rating 0..3

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "id": self.id,
            "text": self.text,
            "evidence": self.evidence,
            "last_on": self.last_on,
            "ratings": dict(self.ratings),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ExpectationReadiness:
        """Back from :meth:`to_dict`."""
        return cls(d["id"], d["text"], d["evidence"], d["last_on"], dict(d["ratings"]))


@dataclass(frozen=True)
class Carrier:
    """A significant item a verdict rests on."""

    id: int
    occurred_on: str
    text: str
    reason: str  # why it is significant

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "id": self.id,
            "occurred_on": self.occurred_on,
            "text": self.text,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Carrier:
        """Back from :meth:`to_dict`."""
        return cls(d["id"], d["occurred_on"], d["text"], d["reason"])


@dataclass(frozen=True)
class AreaReadiness:
    """One area's status against the level, with the one-sentence reason and the figures."""

    area: str
    name: str
    status: str  # one of STATUSES
    reason: str  # one sentence a person can read
    score: float  # 0..1, evidence strength combined with the assessments
    evidence: int  # live evidence items that count for the area
    recent: int  # of which in the last 90 days
    months: int  # distinct months with evidence in the last 12
    kinds: int  # distinct evidence kinds
    sources: int  # distinct sources
    last_on: str | None  # date of the newest evidence
    ratings: dict[str, float] = field(default_factory=dict)  # rater -> mean rating 0..3
    actions: tuple[NextAction, ...] = ()
    strength: float = 0.0  # 0..1, the evidence alone
    capped: str | None = None  # which cap of the rule held the status down, if any
    testimony_only: bool = False  # rated, but no rating links evidence
    expectations: tuple[ExpectationReadiness, ...] = ()  # the area's expectations at the level
    significant: int = 0  # items graded significant among the evidence
    carried_by: tuple[Carrier, ...] = ()  # the significant items the verdict rests on
    shown: bool = True  # False: none of the person's sources can show this area

    @property
    def label(self) -> str:
        """The status as a person reads it: ``not shown`` where the sources cannot show it."""
        return self.status if self.shown else "not shown"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "area": self.area,
            "name": self.name,
            "status": self.status,
            "shown": self.shown,
            "significant": self.significant,
            "carried_by": [c.to_dict() for c in self.carried_by],
            "reason": self.reason,
            "score": self.score,
            "strength": self.strength,
            "evidence": self.evidence,
            "recent": self.recent,
            "months": self.months,
            "kinds": self.kinds,
            "sources": self.sources,
            "last_on": self.last_on,
            "ratings": dict(self.ratings),
            "testimony_only": self.testimony_only,
            "capped": self.capped,
            "expectations": [x.to_dict() for x in self.expectations],
            "actions": [a.to_dict() for a in self.actions],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> AreaReadiness:
        """Back from :meth:`to_dict`."""
        return cls(
            area=d["area"],
            name=d["name"],
            status=d["status"],
            reason=d["reason"],
            score=d["score"],
            evidence=d["evidence"],
            recent=d["recent"],
            months=d["months"],
            kinds=d["kinds"],
            sources=d["sources"],
            last_on=d["last_on"],
            ratings=dict(d["ratings"]),
            actions=tuple(NextAction.from_dict(a) for a in d["actions"]),
            strength=d["strength"],
            capped=d["capped"],
            testimony_only=d["testimony_only"],
            expectations=tuple(ExpectationReadiness.from_dict(x) for x in d["expectations"]),
            significant=d["significant"],
            carried_by=tuple(Carrier.from_dict(c) for c in d["carried_by"]),
            shown=d["shown"],
        )


@dataclass(frozen=True)
class QuietArea:
    """An area that had evidence but has gone quiet (a nudge for ``ladder status``)."""

    area: str
    name: str
    last_on: str
    days: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "area": self.area,
            "name": self.name,
            "last_on": self.last_on,
            "days": self.days,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> QuietArea:
        """Back from :meth:`to_dict`."""
        return cls(d["area"], d["name"], d["last_on"], d["days"], d["message"])


@dataclass(frozen=True)
class Readiness:
    """The whole picture for one level."""

    level: str
    today: dt.date
    areas: tuple[AreaReadiness, ...]
    overall: str  # one of STATUSES: the weakest area caps it (the per-area floor)
    reason: str
    quiet: tuple[QuietArea, ...] = ()
    level_name: str = ""
    ladder: str = ""  # "<ladder id>@<version>" measured against
    score: float = 0.0  # mean of the area scores (for a summary; the status uses the floor)
    track: str | None = None  # the ladder track the level was read on (None: no tracks)
    track_name: str = ""
    shared: bool = True  # the level is on every track (the track needs no mention)

    @property
    def on_track(self) -> str:
        """`` (ic)`` after a level that only some tracks have; empty for a shared level."""
        return f" ({self.track})" if self.track and not self.shared else ""

    def gaps(self, top: int | None = 3) -> list[AreaReadiness]:
        """The areas furthest from ``meeting``, weakest first, each with its next actions.

        Only areas below ``meeting`` are gaps; ``top=None`` (or 0) returns all of them. Areas
        the person's sources cannot show come after the ones the evidence measured: their
        score of 0 says nothing about the work, and a gap the evidence shows is the one to
        close first.
        """
        order = {a.area: i for i, a in enumerate(self.areas)}
        below = [a for a in self.areas if _rank(a.status) < _rank("meeting")]
        below.sort(key=lambda a: (not a.shown, _rank(a.status), a.score, order[a.area]))
        return below[:top] if top else below

    def area(self, area_id: str) -> AreaReadiness:
        """One area's readiness.

        Raises:
            NotFoundError: No such area in the ladder measured against.
        """
        for a in self.areas:
            if a.area == area_id:
                return a
        from ladder.framework import unknown_id_message

        raise NotFoundError(unknown_id_message("area", area_id, [a.area for a in self.areas]))

    def counts(self) -> dict[str, int]:
        """How many areas are at each status."""
        return {s: sum(1 for a in self.areas if a.status == s) for s in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "level": self.level,
            "level_name": self.level_name,
            "track": self.track,
            "track_name": self.track_name,
            "ladder": self.ladder,
            "today": self.today.isoformat(),
            "overall": self.overall,
            "reason": self.reason,
            "score": self.score,
            "counts": self.counts(),
            "areas": [a.to_dict() for a in self.areas],
            "gaps": [a.area for a in self.gaps(None)],
            "quiet": [q.to_dict() for q in self.quiet],
            "rules": {
                "recent_days": RECENT_DAYS,
                "window_months": WINDOW_MONTHS,
                "quiet_days": QUIET_DAYS,
                "thresholds": dict(THRESHOLDS),
            },
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Readiness:
        """Back from :meth:`to_dict` (what it derives — counts, gaps, rules — is derived
        again; ``shared``, which it leaves out, is read when present)."""
        return cls(
            level=d["level"],
            today=dt.date.fromisoformat(d["today"]),
            areas=tuple(AreaReadiness.from_dict(a) for a in d["areas"]),
            overall=d["overall"],
            reason=d["reason"],
            quiet=tuple(QuietArea.from_dict(q) for q in d["quiet"]),
            level_name=d["level_name"],
            ladder=d["ladder"],
            score=d["score"],
            track=d["track"],
            track_name=d["track_name"],
            shared=d.get("shared", True),
        )


# -- from the store --------------------------------------------------------------------------


def compute(
    ws: Context,
    *,
    level: str | None = None,
    today: dt.date | None = None,
    track: str | None = None,
) -> Readiness:
    """Readiness of the context's person against ``level`` (default: their target level).

    Args:
        ws: The context: a workspace, or any :class:`ladder.context.Context`.
        level: A level id of the active ladder (default: the profile's target level, else the
            level after the current one, else ``senior``). A level never reads better than the
            one below it.
        today: The day to measure on (default: today); evidence dated after it, and ratings
            given after it, do not count.
        track: The ladder track to read the level on (default: the profile's track when the
            level is on it, else the first track that has it); levels below, and the level
            after the current one, are taken along it.

    Raises:
        NotFoundError: No profile yet (the hint says ``ladder init``), or an unknown level or
            track (the message lists them), or a level that is not on the track.
        InputError: An empty level.
    """
    from ladder.framework import pick_level

    owner = ws.owner()
    me = ws.profile()
    ladder = ws.ladder()
    day = today or ws.clock.today()
    chosen, track_id = pick_level(
        ladder,
        level=level,
        track=track,
        current=me.level if me else None,
        target=me.target_level if me else None,
        profile_track=me.track if me else None,
    )
    lv = ladder.level(chosen)
    order = [x.id for x in ladder.path(track_id)]
    area_alias, exp_alias = _aliases(ws, ladder)
    rows = _area_rows(ws, owner, day, area_alias)
    carriers = _carriers(ws, owner, day, area_alias)
    sources = _sources(ws, owner)
    at_level = {a.id: _level_expectations(order, a, lv.id) for a in ladder.areas}
    # Where the level's own expectations suggest fewer than three actions (a Staff level with
    # one expectation per area, say), the level below adds its own, after them.
    below = order[order.index(lv.id) - 1] if order.index(lv.id) > 0 else None
    # A ladder without actions (an imported one) borrows them by meaning, and says so.
    lent = suggested_actions(ladder)
    more = {
        a.id: (
            [x for x in a.at(below) if x not in at_level[a.id]]
            if below
            and sum(len(x.actions or lent.get(x.id, ())) for x in at_level[a.id]) < ACTIONS_PER_AREA
            else []
        )
        for a in ladder.areas
    }
    ids = [x.id for a in ladder.areas for x in (*at_level[a.id], *more[a.id])]
    exp_rows = _expectation_rows(ws, owner, day, ids, exp_alias)
    every_rating = _ratings(ws, day)
    level_of = {x.id: x.level for x in ladder.expectations()}
    here = order.index(lv.id)
    target = me.target_level if me and me.target_level in order else None
    if target is None and me and me.level in order:
        target = order[min(order.index(me.level) + 1, len(order) - 1)]
    above_target = target in order and here > order.index(target)

    def figures_of(x: Expectation, rated: list[Rating]) -> ExpectationReadiness:
        row = exp_rows.get(x.id, {})
        return ExpectationReadiness(
            id=x.id,
            text=x.text,
            evidence=int(row.get("n") or 0),
            last_on=row.get("last_on"),
            ratings=means(r for r in rated if r.expectation == x.id),
        )

    areas = []
    quiet = []
    for area in ladder.areas:
        row = rows.get(area.id, {})
        n = int(row.get("n") or 0)
        last: str | None = row.get("last_on")
        rated = every_rating.get(area.id, [])
        base = Figures(
            evidence=n,
            recent=int(row.get("recent") or 0),
            months=int(row.get("months") or 0),
            kinds=int(row.get("kinds") or 0),
            sources=int(row.get("sources") or 0),
            weight=float(row.get("weight") or 0.0),
            significant=int(row.get("significant") or 0),
            own=int(row.get("own") or 0),
            in_window=int(row.get("in_window") or 0),
        )
        verdict, area_ratings = judge_at_level(base, rated, level_of, order, here, ladder)
        shown = n > 0 or bool(area_ratings) or shown_by(area.id, sources)
        if not shown:
            how = SHOW_HOW.get(area.id, f"log it by hand with ladder log -a {area.id}")
            verdict = replace(
                verdict,
                reason=f"Not shown by your sources ({', '.join(sorted(sources))}): {how}.",
            )
        if above_target and not any(level_of.get(r.expectation) == lv.id for r in rated):
            verdict = replace(
                verdict,
                reason=verdict.reason[:-1]
                + f"; no one has rated its {lv.name} expectations yet, so this reads the "
                "evidence and the ratings at lower levels.",
            )
        figures = replace(base, ratings=tuple(area_ratings))
        exps = tuple(figures_of(x, rated) for x in at_level[area.id])
        extra = tuple(figures_of(x, rated) for x in more[area.id])
        areas.append(
            AreaReadiness(
                area=area.id,
                name=area.name,
                status=verdict.status,
                reason=verdict.reason,
                score=verdict.score,
                evidence=n,
                recent=figures.recent,
                months=figures.months,
                kinds=figures.kinds,
                sources=figures.sources,
                last_on=last,
                ratings=means(area_ratings),
                actions=next_actions(
                    area,
                    at_level[area.id],
                    exps,
                    more=more[area.id],
                    more_figures=extra,
                    lent=lent,
                ),
                strength=verdict.strength,
                capped=verdict.capped,
                testimony_only=testimony_only(area_ratings),
                expectations=exps,
                significant=base.significant or 0,
                carried_by=tuple(carriers.get(area.id, ())),
                shown=shown,
            )
        )
        if last is not None:
            q = quiet_nudge(area.id, area.name, last, day)
            if q:
                quiet.append(q)
    unshown = [a.name for a in areas if not a.shown]
    status, reason = overall([(a.name, a.status) for a in areas], lv.name, unshown)
    if unshown:
        reason += (
            f" Your sources cannot show {_list(unshown)}: log that work or connect a source that"
            " shows it."
        )
    quiet.sort(key=lambda q: (-q.days, q.area))
    mean_score = round(sum(a.score for a in areas) / len(areas), 4) if areas else 0.0
    return Readiness(
        level=lv.id,
        today=day,
        areas=tuple(areas),
        overall=status,
        reason=reason,
        quiet=tuple(quiet),
        level_name=lv.name,
        ladder=f"{ladder.id}@{ladder.version}",
        score=mean_score,
        track=track_id,
        track_name=ladder.track(track_id).name if track_id else "",
        shared=ladder.shared(lv.id),
    )


def counted_ratings(
    rated: Iterable[Rating], level_of: dict[str, str], order: Sequence[str], here: int
) -> list[Rating]:
    """The ratings that weigh in at the level ``order[here]``.

    A rating of one of the level's expectations counts as given. A rating below meeting of
    an expectation of a lower level counts too (not there yet below means not there yet
    here), and so does a rating of meeting or above of a higher level (doing the higher
    level's work shows this one's).
    """
    out = []
    for r in rated:
        lid = level_of.get(r.expectation)
        if lid not in order:
            continue
        at = order.index(lid)
        if (
            at == here
            or (at < here and r.rating < TESTIMONY_FROM)
            or (at > here and r.rating >= TESTIMONY_FROM)
        ):
            out.append(r)
    return out


def judge_at_level(
    base: Figures,
    rated: Sequence[Rating],
    level_of: dict[str, str],
    order: Sequence[str],
    here: int,
    ladder: Ladder,
) -> tuple[Judgement, list[Rating]]:
    """Judge an area at each level from the lowest up to ``order[here]``: a level never reads
    better than the one below it (its status and score are capped there).

    Returns:
        The judgement at ``order[here]`` and the ratings that weighed in there.
    """
    below: tuple[Judgement, str] | None = None  # the level below: its judgement, and the
    # level whose reason it carries (itself, or the lower level that capped it)
    verdict = judge(base)
    ratings: list[Rating] = []
    for k in range(here + 1):
        ratings = counted_ratings(rated, level_of, order, k)
        verdict = judge(replace(base, ratings=tuple(ratings)))
        if below is not None:
            low, origin = below
            if _rank(verdict.status) > _rank(low.status):
                reason = low.reason
                if low.capped != "lower-level":
                    reason = (
                        f"{low.reason[:-1]}; that holds it at {low.status} here too, as at "
                        f"{ladder.level(origin).name}: a level never reads better than the one "
                        "below it."
                    )
                verdict = Judgement(
                    low.status,
                    min(verdict.score, low.score),
                    verdict.strength,
                    reason,
                    "lower-level",
                )
                below = (verdict, origin)
                continue
            if verdict.score > low.score:
                verdict = replace(verdict, score=low.score)
        below = (verdict, order[k])
    return verdict, ratings


def quiet_nudge(area: str, name: str, last_on: str, today: dt.date) -> QuietArea | None:
    """A nudge when an area's newest evidence is more than six weeks old, else None."""
    days = (today - dt.date.fromisoformat(last_on)).days
    if days <= QUIET_DAYS:
        return None
    span = f"{days // 7} weeks" if days < 120 else f"{days // 30} months"
    return QuietArea(
        area=area,
        name=name,
        last_on=last_on,
        days=days,
        message=f"No {name} evidence for {span} (the last on {last_on}).",
    )


def _level_expectations(order: Sequence[str], area: Area, level: str) -> list[Expectation]:
    """The area's expectations at ``level``; if it has none there, at the nearest level below
    (else above) along the track ``order``, so that every area can suggest actions."""
    at = area.at(level)
    if at or not area.expectations:
        return at
    here = order.index(level)
    by_distance = sorted(
        {e.level for e in area.expectations if e.level in order},
        key=lambda lid: (abs(order.index(lid) - here), order.index(lid) > here),
    )
    return area.at(by_distance[0]) if by_distance else []


def next_actions(
    area: Area,
    expectations: Sequence[Expectation],
    figures: Sequence[ExpectationReadiness],
    *,
    more: Sequence[Expectation] = (),
    more_figures: Sequence[ExpectationReadiness] = (),
    lent: Mapping[str, Sequence[Suggested]] | None = None,
) -> tuple[NextAction, ...]:
    """Up to three next steps from the ladder's actions for the area's expectations at the level.

    Expectations with no evidence, or rated below meeting, come first (the lower the rating,
    the sooner), then those with the least evidence; each gives its first action in turn,
    then its second, until there are three. ``more`` (the level below) fills in after them
    when the level's own actions are fewer than three. An expectation without actions of its
    own takes those ``lent`` to it (:func:`ladder.mapping.meaning.suggested_actions`), with
    their origin.
    """
    lent = lent or {}

    def acts(x: Expectation) -> list[tuple[str, str]]:
        if x.actions:
            return [(text, "") for text in x.actions]
        return [(s.text, s.origin) for s in lent.get(x.id, ())]

    out: list[NextAction] = []
    for group, figs in ((expectations, figures), (more, more_figures)):
        fig = {x.id: x for x in figs}

        def key(
            x: Expectation, fig: dict[str, ExpectationReadiness] = fig
        ) -> tuple[int, float, int]:
            f = fig.get(x.id)
            n = f.evidence if f else 0
            rated = f.ratings if f else {}
            low = min(rated.values()) if rated else None
            weak = n == 0 or (low is not None and low < 2)
            return (0 if weak else 1, low if low is not None else 1.5, n)

        steps = {x.id: acts(x) for x in group}
        ranked = sorted(
            (x for x in group if steps[x.id]), key=lambda x: (*key(x), list(group).index(x))
        )
        depth = 0
        while len(out) < ACTIONS_PER_AREA and any(depth < len(steps[x.id]) for x in ranked):
            for x in ranked:
                if depth < len(steps[x.id]) and len(out) < ACTIONS_PER_AREA:
                    text, origin = steps[x.id][depth]
                    out.append(NextAction(area.id, x.id, text, _why(fig.get(x.id)), origin))
            depth += 1
    return tuple(out)


def _why(f: ExpectationReadiness | None) -> str:
    if f is None or (f.evidence == 0 and not f.ratings):
        return "no evidence yet"
    parts_ = []
    if f.ratings:
        parts_.append(_ratings_phrase(f.ratings))
    parts_.append("no evidence yet" if f.evidence == 0 else _plural(f.evidence, "item") + " so far")
    return "; ".join(parts_)


def window_start(day: dt.date) -> dt.date:
    """The first day of the oldest of the last WINDOW_MONTHS calendar months up to ``day``."""
    index = day.year * 12 + day.month - 1 - (WINDOW_MONTHS - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


# -- the queries -----------------------------------------------------------------------------

_REJECTED = "ea.origin = 'user' AND ea.confidence <= 0"


def _aliases(ws: Context, ladder: Ladder) -> tuple[dict[str, str], dict[str, str]]:
    """Renamed ids of every installed version that lead to an id of the active ladder, for
    areas and for expectations (see :class:`ladder.framework.Renames`)."""
    from ladder.framework import Renames

    areas = {a.id for a in ladder.areas}
    area: dict[str, str] = {}
    exp: dict[str, str] = {}
    for old, new in Renames(ws.store, ladder).mapping().items():
        (area if new in areas else exp)[old] = new
    return area, exp


def _renamed(column: str, aliases: dict[str, str], params: dict[str, Any], tag: str) -> str:
    """``column``, or a CASE that gives the current id for old ids (ladder aliases)."""
    if not aliases:
        return column
    whens = []
    for n, (old, new) in enumerate(sorted(aliases.items())):
        params[f"{tag}o{n}"], params[f"{tag}n{n}"] = old, new
        whens.append(f"WHEN :{tag}o{n} THEN :{tag}n{n}")
    return f"CASE {column} {' '.join(whens)} ELSE {column} END"


def _pairs(area: str, *, shared: bool = False) -> str:
    """The (item, area) pairs that count, with the confidence of the strongest mapping.

    An item counts once for an area when it has a mapping there that is not a rejection and
    the person has not rejected the whole area for it (see :func:`ladder.evidence.effective`).
    In a one-person workspace the pairs are formed from ``evidence_area`` alone, in the order
    of its unique index (so SQLite groups them without sorting). In a store ``shared`` by a
    team, only the person's own items (``:p``) are paired: grouping everyone's mappings for
    one person's page made it cost the whole team's data (30 s at 1,000 people).
    """
    mine = (
        "WHERE ea.evidence_id IN (SELECT id FROM evidence WHERE person_id = :p) " if shared else ""
    )
    return (
        f"(SELECT ea.evidence_id AS id, {area} AS area, MAX(ea.confidence) AS conf "
        f"FROM evidence_area ea {mine}GROUP BY ea.evidence_id, {area} "
        # 1 for a mapping that counts, 0 for a rejection of the whole area (it wins), 2 for a
        # rejection of one expectation: the pair counts when the smallest is 1.
        "HAVING MIN(CASE WHEN ea.origin <> 'user' OR ea.confidence > 0 THEN 1 "
        "WHEN ea.expectation_id = '' THEN 0 ELSE 2 END) = 1)"
    )


def _shared(ws: Context) -> bool:
    """True for a context that works on one member of a team (``Workspace.for_person``)."""
    return ws.person_id is not None


def _carriers(
    ws: Context, person_id: int, day: dt.date, aliases: dict[str, str], most: int = 3
) -> dict[str, list[Carrier]]:
    """The significant items of every area (``most`` each), in one query: the ones of the
    last twelve months mapped there with confidence (:data:`CONFIDENT`) first, then the
    newest."""
    params: dict[str, Any] = {
        "p": person_id,
        "today": day.isoformat(),
        "most": most,
        "confident": CONFIDENT,
        "window": window_start(day).isoformat(),
    }
    area = _renamed("ea.area_id", aliases, params, "a")
    sql = (
        "SELECT area, id, occurred_on, text, source, data, reason FROM (SELECT x.area AS area, "
        "e.id AS id, e.occurred_on AS occurred_on, e.text AS text, e.source AS source, "
        "e.data AS data, "
        "e.substance_reason AS reason, "
        "ROW_NUMBER() OVER (PARTITION BY x.area ORDER BY "
        "CASE WHEN x.conf >= :confident AND e.occurred_on >= :window THEN 0 ELSE 1 END, "
        "e.occurred_on DESC, e.id DESC) AS k "
        f"FROM {_pairs(area, shared=_shared(ws))} x CROSS JOIN evidence e "
        "WHERE e.id = x.id AND e.person_id = :p "
        "AND e.deleted_at IS NULL AND e.occurred_on <= :today "
        "AND e.substance = 'significant') ranked WHERE k <= :most ORDER BY area, k"
    )
    rows = list(ws.store.query(sql, params))
    why = _reasons(ws, {int(r["id"]) for r in rows if r["source"] == "git"}, aliases)
    out: dict[str, list[Carrier]] = {}
    for r in rows:
        out.setdefault(r["area"], []).append(
            Carrier(
                int(r["id"]),
                str(r["occurred_on"]),
                _own_words(r["text"], r["source"], r["data"], why.get((int(r["id"]), r["area"]))),
                str(r["reason"] or ""),
            )
        )
    return out


def _reasons(
    ws: Context, ids: set[int], aliases: dict[str, str]
) -> dict[tuple[int, str], list[str]]:
    """The reasons of the mappings that count (:func:`ladder.evidence.effective`, as the
    packet reads them) of the items ``ids``, by item and (renamed) area."""
    if not ids:
        return {}
    names = {f"i{n}": i for n, i in enumerate(sorted(ids))}
    rows = ws.store.query(
        "SELECT evidence_id, area_id, expectation_id, origin, confidence, reason "
        "FROM evidence_area WHERE evidence_id IN ("
        + ", ".join(f":{k}" for k in names)
        + ") ORDER BY evidence_id, area_id, expectation_id, origin",
        names,
    )
    links: dict[int, list[AreaLink]] = {}
    for r in rows:
        links.setdefault(int(r["evidence_id"]), []).append(
            AreaLink(
                str(r["area_id"]),
                str(r["expectation_id"] or ""),
                str(r["origin"]),
                float(r["confidence"]),
                str(r["reason"] or ""),
            )
        )
    out: dict[tuple[int, str], list[str]] = {}
    for eid, found in links.items():
        for link in effective(found):
            area = aliases.get(link.area, link.area)
            out.setdefault((eid, area), []).append(link.reason)
    return out


def _own_words(
    text: object, source: object, data: object, reasons: list[str] | None = None
) -> str:
    """What the person wrote of an item the git source summarised (its commit subjects or pull
    request title, less the routine subjects, as the packet states them; of a day's several
    subjects, the ones the mapping ``reasons`` quote), else its text."""
    if source == "git" and isinstance(data, str) and '"words"' in data:
        try:
            words = json.loads(data).get("words")
        except (ValueError, AttributeError):
            words = None
        if isinstance(words, str) and words.strip():
            kept = own_subjects(words)
            if reasons and len(kept) > 1:
                words = "; ".join(showing(kept, reasons))
            return drop_patch_labels(drop_gitmoji(own_words(words)))  # as the packet states them
    return str(text)


def _sources(ws: Context, person_id: int) -> set[str]:
    """The sources the person's live evidence comes from."""
    rows = ws.store.query(
        "SELECT DISTINCT source FROM evidence WHERE person_id = :p AND deleted_at IS NULL",
        {"p": person_id},
    )
    return {str(r["source"]) for r in rows}


def shown_by(area: str, sources: set[str]) -> bool:
    """True when one of ``sources`` can show ``area`` (see :data:`SHOWN_BY`)."""
    if not sources or sources - set(SHOWN_BY):  # nothing yet, or the person logs by hand
        return True
    return area not in _SHOWABLE or any(area in SHOWN_BY[s] for s in sources)


def _area_rows(
    ws: Context, person_id: int, day: dt.date, aliases: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """The figures of every area with evidence, in one aggregate query over the pairs of
    :func:`_pairs`, joined to the items by primary key. Each item also weighs by its substance
    and the confidence of its mapping (``weight``)."""
    params: dict[str, Any] = {
        "p": person_id,
        "today": day.isoformat(),
        "recent": (day - dt.timedelta(days=RECENT_DAYS)).isoformat(),
        "window": window_start(day).isoformat(),
    }
    area = _renamed("ea.area_id", aliases, params, "a")
    weight = " ".join(f"WHEN '{k}' THEN {v}" for k, v in SUBSTANCE_WEIGHT.items())
    own = ", ".join(f"'{s}'" for s in OWN_SOURCES)
    sql = (
        "SELECT x.area AS area, COUNT(*) AS n, "
        "SUM(CASE WHEN e.occurred_on >= :recent THEN 1 ELSE 0 END) AS recent, "
        "MAX(e.occurred_on) AS last_on, COUNT(DISTINCT e.kind) AS kinds, "
        "COUNT(DISTINCT e.source) AS sources, COUNT(DISTINCT CASE WHEN e.occurred_on >= :window "
        "THEN substr(e.occurred_on, 1, 7) END) AS months, "
        "SUM(CASE WHEN e.occurred_on >= :window THEN 1 ELSE 0 END) AS in_window, "
        f"SUM((CASE e.substance {weight} ELSE 1.0 END) * x.conf) AS weight, "
        "SUM(CASE WHEN e.substance = 'significant' THEN 1 ELSE 0 END) AS significant, "
        f"SUM(CASE WHEN e.source IN ({own}) THEN 1 ELSE 0 END) AS own "
        f"FROM {_pairs(area, shared=_shared(ws))} x "
        # CROSS JOIN: SQLite keeps x as the outer loop (PostgreSQL plans it as any join).
        "CROSS JOIN evidence e WHERE e.id = x.id AND e.person_id = :p "
        "AND e.deleted_at IS NULL AND e.occurred_on <= :today "
        # routine work (typos, version bumps, bots …) stays in the log but never counts
        "AND (e.substance IS NULL OR e.substance <> 'routine') "
        "GROUP BY x.area"
    )
    return {r["area"]: r for r in ws.store.query(sql, params)}


def _expectation_rows(
    ws: Context, person_id: int, day: dt.date, ids: list[str], aliases: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """Items and the newest date per expectation (of ``ids``), over the effective mappings.

    A mapping to an expectation counts unless it is a rejection, the person rejected the
    whole area for that item, or — for ladder's and a source's mappings — the person set the
    area themselves (their choice replaces the others). One index probe per mapping.
    """
    wanted = set(ids) | {old for old, new in aliases.items() if new in set(ids)}
    if not wanted:
        return {}
    params: dict[str, Any] = {"p": person_id, "today": day.isoformat()}
    marks = []
    for n, x in enumerate(sorted(wanted)):
        params[f"x{n}"] = x
        marks.append(f":x{n}")
    exp = _renamed("ea.expectation_id", aliases, params, "e")
    # An expectation id belongs to one area, so (item, expectation) is unique: COUNT(*) is
    # exact unless old and new ids (aliases) both occur.
    count = "COUNT(DISTINCT e.id)" if aliases else "COUNT(*)"
    sql = (
        f"SELECT {exp} AS expectation, {count} AS n, MAX(e.occurred_on) AS last_on "
        "FROM evidence_area ea CROSS JOIN evidence e "
        "WHERE e.id = ea.evidence_id AND e.person_id = :p AND e.deleted_at IS NULL "
        f"AND e.occurred_on <= :today AND ea.expectation_id IN ({', '.join(marks)}) "
        "AND (e.substance IS NULL OR e.substance <> 'routine') "
        f"AND NOT ({_REJECTED}) "
        "AND NOT EXISTS (SELECT 1 FROM evidence_area u WHERE u.evidence_id = ea.evidence_id "
        "AND u.area_id = ea.area_id AND u.origin = 'user' AND CASE WHEN ea.origin = 'user' "
        "THEN u.expectation_id = '' AND u.confidence <= 0 "
        "ELSE u.confidence > 0 OR u.expectation_id = '' END) "
        f"GROUP BY {exp}"
    )
    return {r["expectation"]: r for r in ws.store.query(sql, params)}


def _ratings(ws: Context, day: dt.date) -> dict[str, list[Rating]]:
    """The ratings current at the end of ``day`` of every expectation in the active ladder,
    per area: a rating given later does not count for a day in the past."""
    out: dict[str, list[Rating]] = {}
    from ladder.assessment import Assessments

    for a in Assessments(ws).current(as_of=day):
        if a.orphaned:
            continue
        out.setdefault(a.area, []).append(
            Rating(
                rater=a.rater,
                rating=int(a.rating),
                linked=bool(a.evidence_ids),
                rater_name=a.rater_name,
                expectation=a.expectation,
                rater_key=a.rater_key,
            )
        )
    return out


__all__ = [
    "STATUSES",
    "AreaReadiness",
    "Carrier",
    "ExpectationReadiness",
    "Figures",
    "Judgement",
    "NextAction",
    "QuietArea",
    "Rating",
    "Readiness",
    "compute",
    "counted_ratings",
    "judge",
    "judge_at_level",
    "next_actions",
    "overall",
    "strength",
]
