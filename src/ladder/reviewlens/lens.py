"""The review lens over a workspace: classes per month and the trend from nits to design.

Reads the person's review comments (``activity`` rows of kind ``review-comment``, written by
``ladder harvest github``), classifies each one, and sums up:

- counts and shares per class, overall and per calendar month;
- *design-level* comments (:data:`~ladder.reviewlens.DESIGN_LEVEL`: design, correctness,
  security, testing) against *nit-level* ones (:data:`~ladder.reviewlens.NIT_LEVEL`: nit);
- the trend: the design-level share of the first third of the active months against the last
  third, and the least-squares slope of the monthly share, told in one sentence;
- per calendar quarter, the design-level and nit-level shares with a 95% Wilson interval,
  flagged when a quarter has too few comments to read anything into;
- a few short example excerpts per class, and three of each kind (design-level, nit-level)
  from the person's own comments.

Shares are over the comments the lens can *read*: a comment the classifier answers
``cant-tell`` for ("Ditto.", "See above", a bare identifier) or can only guess at (no word it
knows) is counted in ``unreadable`` and left out of every share.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ladder.reviewlens.classifier import DESIGN_LEVEL, LABELS, NIT_LEVEL, classify
from ladder.reviewlens.model import Predictor, default_model

if TYPE_CHECKING:
    from ladder.context import Context
    from ladder.store import Store

KIND = "review-comment"
#: Fewer comments than this, or fewer than two active months: no trend is claimed.
MIN_FOR_TREND = 10
#: A change of the design-level share of at least this much (early → late) is a shift.
SHIFT = 0.10
EXAMPLES_PER_CLASS = 2
EXAMPLES_PER_KIND = 3
EXCERPT_CHARS = 90
#: A quarter with fewer comments the lens can read than this is flagged "too few".
MIN_PER_QUARTER = 10
#: z for the 95% Wilson interval.
Z95 = 1.959963984540054


def wilson(part: int, whole: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of the share ``part / whole`` (``(0, 1)`` when whole is 0).

    Example:
        >>> [round(x, 3) for x in wilson(5, 10)]
        [0.237, 0.763]
    """
    if whole <= 0:
        return 0.0, 1.0
    p = part / whole
    denom = 1 + z * z / whole
    centre = (p + z * z / (2 * whole)) / denom
    half = z * math.sqrt(p * (1 - p) / whole + z * z / (4 * whole * whole)) / denom
    low = 0.0 if part <= 0 else max(0.0, min(p, centre - half))
    high = 1.0 if part >= whole else min(1.0, max(p, centre + half))
    return low, high


def quarter_of(day: str) -> str:
    """``2025-04-17`` → ``2025-Q2``."""
    return f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}"


@dataclass
class Quarter:
    """One calendar quarter: design-level against nit-level comments, with their bands."""

    quarter: str  # YYYY-Qn
    read: int = 0  # comments given a class
    unreadable: int = 0  # can't-tell and guesses
    design_level: int = 0
    nit_level: int = 0

    @property
    def too_few(self) -> bool:
        """True when fewer than :data:`MIN_PER_QUARTER` comments could be read."""
        return self.read < MIN_PER_QUARTER

    def share(self, which: str) -> tuple[float, float, float] | None:
        """``(share, low, high)`` of ``design_level`` or ``nit_level``, None without comments."""
        if not self.read:
            return None
        part = self.design_level if which == "design_level" else self.nit_level
        low, high = wilson(part, self.read)
        return part / self.read, low, high

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""

        def band(which: str) -> dict[str, float] | None:
            got = self.share(which)
            if got is None:
                return None
            value, low, high = got
            return {"share": round(value, 4), "low": round(low, 4), "high": round(high, 4)}

        return {
            "quarter": self.quarter,
            "read": self.read,
            "unreadable": self.unreadable,
            "design_level": self.design_level,
            "nit_level": self.nit_level,
            "design_level_share": band("design_level"),
            "nit_level_share": band("nit_level"),
            "too_few": self.too_few,
        }


@dataclass(frozen=True)
class Example:
    """A short excerpt of one comment, to show what a class looks like in the person's words."""

    label: str
    excerpt: str
    occurred_on: str
    url: str | None
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "excerpt": self.excerpt,
            "date": self.occurred_on,
            "url": self.url,
            "confidence": round(self.confidence, 3),
        }


class _Tally:
    """Totals derived from ``counts`` (comments per class)."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        """Classified comments."""
        return sum(self.counts.values())

    @property
    def design_level(self) -> int:
        """Design-level comments."""
        return sum(self.counts[c] for c in DESIGN_LEVEL)

    @property
    def nit_level(self) -> int:
        """Nit-level comments."""
        return sum(self.counts[c] for c in NIT_LEVEL)


@dataclass
class Month(_Tally):
    """One calendar month of review comments."""

    month: str  # YYYY-MM
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        n = self.total
        return {
            "month": self.month,
            "total": n,
            "counts": dict(self.counts),
            "shares": {k: _share(v, n) for k, v in self.counts.items()},
            "design_level": self.design_level,
            "nit_level": self.nit_level,
            "design_level_share": _share(self.design_level, n),
            "nit_level_share": _share(self.nit_level, n),
        }


@dataclass(frozen=True)
class Trend:
    """Where the review mix is going.

    Args:
        direction: ``towards-design``, ``away-from-design``, ``steady`` or ``not-enough-data``.
        sentence: The trend in words.
        early_months: The months compared at the start (the first third of active months).
        late_months: The months compared at the end (the last third).
        early_design: Design-level share in the early months (0 to 1), or None.
        late_design: Design-level share in the late months, or None.
        early_nit: Nit-level share in the early months, or None.
        late_nit: Nit-level share in the late months, or None.
        slope: Least-squares slope of the monthly design-level share, in percentage points
            per month (None with fewer than two active months).
        span_months: Calendar months from the first comment to the last.
    """

    direction: str
    sentence: str
    early_months: tuple[str, ...] = ()
    late_months: tuple[str, ...] = ()
    early_design: float | None = None
    late_design: float | None = None
    early_nit: float | None = None
    late_nit: float | None = None
    slope: float | None = None
    span_months: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        r = _round
        return {
            "direction": self.direction,
            "sentence": self.sentence,
            "span_months": self.span_months,
            "early_months": list(self.early_months),
            "late_months": list(self.late_months),
            "early_design_level_share": r(self.early_design),
            "late_design_level_share": r(self.late_design),
            "early_nit_level_share": r(self.early_nit),
            "late_nit_level_share": r(self.late_nit),
            "design_level_slope_pp_per_month": None if self.slope is None else round(self.slope, 2),
        }


@dataclass
class Lens(_Tally):
    """The review lens of one person over a period."""

    since: str | None
    until: str | None
    counts: dict[str, int]
    months: list[Month]
    trend: Trend
    examples: dict[str, list[Example]]
    skipped: int = 0  # comments with no text
    labelled: int = 0  # comments whose own label decided the class
    unreadable: int = 0  # comments the classifier could not put in a class (can't tell)
    quarters: list[Quarter] = field(default_factory=list)
    kind_examples: dict[str, list[Example]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (``ladder reviews --json``)."""
        n = self.total
        return {
            "since": self.since,
            "until": self.until,
            "total": n,
            "skipped": self.skipped,
            "labelled": self.labelled,
            "unreadable": self.unreadable,
            "counts": dict(self.counts),
            "shares": {k: _share(v, n) for k, v in self.counts.items()},
            "design_level": {
                "classes": sorted(DESIGN_LEVEL),
                "count": self.design_level,
                "share": _share(self.design_level, n),
            },
            "nit_level": {
                "classes": sorted(NIT_LEVEL),
                "count": self.nit_level,
                "share": _share(self.nit_level, n),
            },
            "months": [m.to_dict() for m in self.months],
            "trend": self.trend.to_dict(),
            "examples": {k: [e.to_dict() for e in v] for k, v in self.examples.items() if v},
            "quarters": [q.to_dict() for q in self.quarters],
            "kind_examples": {k: [e.to_dict() for e in v] for k, v in self.kind_examples.items()},
        }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _pct(value: float) -> str:
    return f"{round(value * 100)}%"


_FENCED = re.compile(r"(?:```|~~~).*?(?:```|~~~|\Z)", re.S)
_QUOTED = re.compile(r"^[ \t]*>.*$", re.M)
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>", re.S)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A one-line excerpt of a comment: code blocks, quoted lines and HTML tags left out."""
    short = text[: limit * 20]
    prose = _TAG.sub(" ", _QUOTED.sub(" ", _FENCED.sub(" ", short)))
    line = " ".join(prose.split()) or " ".join(short.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def review_comments(
    store: Store, person_id: int, *, since: dt.date | None = None, until: dt.date | None = None
) -> list[dict[str, Any]]:
    """The person's review comments (oldest first): ``occurred_at``, ``body``, ``url``,
    ``title``, ``data`` (JSON text or None)."""
    sql = (
        "SELECT id, occurred_at, title, body, url, data FROM activity"
        " WHERE person_id = :p AND kind = :k"
    )
    params: dict[str, Any] = {"p": person_id, "k": KIND}
    if since is not None:
        sql += " AND occurred_at >= :since"
        params["since"] = since.isoformat()
    if until is not None and until < dt.date.max:  # 9999-12-31 has no day after it
        sql += " AND occurred_at < :until"
        params["until"] = (until + dt.timedelta(days=1)).isoformat()
    return store.query(sql + " ORDER BY occurred_at, id", params)


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _slope(points: list[tuple[int, float]]) -> float | None:
    if len(points) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    var = sum((x - mx) ** 2 for x, _ in points)
    if var == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in points) / var


def trend(months: list[Month]) -> Trend:
    """The trend of design-level against nit-level comments over ``months`` (all of them,
    empty ones included, in order)."""
    active = [m for m in months if m.total]
    total = sum(m.total for m in active)
    span = len(months)
    span_text = f"{span} month{'s' if span != 1 else ''}"
    if not active:
        return Trend("not-enough-data", "no review comments in this period", span_months=span)
    design = sum(m.design_level for m in active) / total
    nits = sum(m.nit_level for m in active) / total
    if total < MIN_FOR_TREND or len(active) < 2:
        return Trend(
            "not-enough-data",
            f"{total} review comment{'s' if total != 1 else ''} in {span_text}: too few to see a "
            f"trend yet ({_pct(design)} design-level, {_pct(nits)} nits)",
            span_months=span,
        )
    w = max(1, len(active) // 3)
    early, late = active[:w], active[-w:]

    def shares(ms: list[Month]) -> tuple[float, float]:
        n = sum(m.total for m in ms)
        return sum(m.design_level for m in ms) / n, sum(m.nit_level for m in ms) / n

    (ed, en), (ld, ln) = shares(early), shares(late)
    index = {m.month: i for i, m in enumerate(months)}
    slope = _slope([(index[m.month], m.design_level / m.total) for m in active])
    slope_pp = None if slope is None else slope * 100
    delta = ld - ed
    nit_part = f"nits {_pct(en)} → {_pct(ln)}"
    if delta >= SHIFT:
        direction = "towards-design"
        sentence = (
            f"your review is shifting towards design: {_pct(ed)} → {_pct(ld)} design-level "
            f"over {span_text} ({nit_part})"
        )
    elif delta <= -SHIFT:
        direction = "away-from-design"
        sentence = (
            f"your review is drifting away from design: {_pct(ed)} → {_pct(ld)} design-level "
            f"over {span_text} ({nit_part})"
        )
    else:
        direction = "steady"
        sentence = (
            f"your review mix is steady: about {_pct(design)} design-level and {_pct(nits)} nits "
            f"over {span_text} ({_pct(ed)} → {_pct(ld)} design-level)"
        )
    return Trend(
        direction,
        sentence,
        early_months=tuple(m.month for m in early),
        late_months=tuple(m.month for m in late),
        early_design=ed,
        late_design=ld,
        early_nit=en,
        late_nit=ln,
        slope=slope_pp,
        span_months=span,
    )


def lens(
    store: Store,
    person_id: int,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    model: Predictor | None = None,
) -> Lens:
    """Classify a person's review comments and sum them up by class and month.

    Args:
        store: The workspace store.
        person_id: Whose comments (the workspace owner for ``ladder reviews``).
        since: Only comments on or after this day.
        until: Only comments on or before this day.
        model: The model (default: the linear one shipped with ladder).
    """
    m = model or default_model()
    rows = review_comments(store, person_id, since=since, until=until)
    m.prepare(r["body"] for r in rows if (r["body"] or "").strip())  # a batch model reads them now
    counts = dict.fromkeys(LABELS, 0)
    by_month: dict[str, Month] = {}
    # The most recent of the most confident comments of each class.
    candidates: dict[str, list[tuple[float, str, Example]]] = {k: [] for k in LABELS}
    by_quarter: dict[str, Quarter] = {}
    skipped = labelled = unreadable = 0
    for row in rows:
        body = row["body"] or ""
        if not body.strip():
            skipped += 1
            continue
        # The lens counts labels and never shows a reason: no need to name the words.
        c = classify(body, model=m, kind=_kind(row.get("data")), explain=False)
        when = str(row["occurred_at"])
        quarter = by_quarter.setdefault(quarter_of(when), Quarter(quarter_of(when)))
        if not c.readable:
            unreadable += 1
            quarter.unreadable += 1
            continue
        counts[c.label] += 1
        if c.method == "label":
            labelled += 1
        month = by_month.setdefault(when[:7], Month(when[:7]))
        month.counts[c.label] += 1
        quarter.read += 1
        quarter.design_level += c.label in DESIGN_LEVEL
        quarter.nit_level += c.label in NIT_LEVEL
        ex = Example(c.label, excerpt(body), when[:10], row["url"], c.confidence)
        candidates[c.label].append((round(c.confidence, 1), when, ex))
    months: list[Month] = []
    if by_month:
        first, last = min(by_month), max(by_month)
        months = [by_month.get(k) or Month(k) for k in _months_between(first, last)]
    examples = {
        k: [
            e
            for _, _, e in sorted(v, key=lambda t: (t[0], t[1]), reverse=True)[:EXAMPLES_PER_CLASS]
        ]
        for k, v in candidates.items()
    }
    kind_examples = {
        "design-level": _pick([t for k in DESIGN_LEVEL for t in candidates[k]]),
        "nit-level": _pick([t for k in NIT_LEVEL for t in candidates[k]]),
    }
    return Lens(
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        counts=counts,
        months=months,
        trend=trend(months),
        examples=examples,
        skipped=skipped,
        labelled=labelled,
        unreadable=unreadable,
        quarters=[by_quarter[k] for k in sorted(by_quarter)],
        kind_examples=kind_examples,
    )


def _pick(found: list[tuple[float, str, Example]]) -> list[Example]:
    """The :data:`EXAMPLES_PER_KIND` most confident, most recent examples, newest first."""
    best = sorted(found, key=lambda t: (t[0], t[1]), reverse=True)[:EXAMPLES_PER_KIND]
    return [e for _, _, e in sorted(best, key=lambda t: t[1], reverse=True)]


def _kind(data: object) -> str | None:
    """Where a harvested comment sits: ``reply`` in a thread, else ``inline`` (on a line)."""
    if not isinstance(data, str) or not data:
        return None
    try:
        meta = json.loads(data)
    except ValueError:
        return None
    if not isinstance(meta, dict):
        return None
    if meta.get("reply"):
        return "reply"
    return "inline" if meta.get("path") else None


def workspace_lens(
    ws: Context,
    *,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    model: Predictor | None = None,
) -> Lens:
    """The review lens of the context's person (a workspace's owner, or any
    :class:`ladder.context.Context`); natural dates (``6 months ago``) read from its clock's day.
    ``model`` as for :func:`lens`.

    Raises:
        NotFoundError: No profile yet.
        InputError: A date cannot be read, or ``since`` is after ``until``.
    """
    from ladder.dates import parse_date
    from ladder.errors import InputError

    today = ws.clock.today()

    def day(value: str | dt.date | None, name: str) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return parse_date(value, today=today)
        except InputError as err:
            raise InputError(f"{name}: {err.message}", hint=err.hint) from err

    owner = ws.owner()
    start, end = day(since, "--since"), day(until, "--until")
    if start and end and start > end:
        raise InputError(f"--since {start} is after --until {end}")
    return lens(ws.store, owner, since=start, until=end, model=model)
