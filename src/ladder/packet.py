"""The promotion packet: the case for a level, area by area, every claim citing its evidence.

``ladder packet`` gathers, for the period it covers (the last twelve months unless told
otherwise):

- a summary made only of counted facts: the evidence, the readiness per area, the ratings;
- for each area of the ladder, the strongest evidence written as impact statements — the
  entry's own words and the impact the person wrote, cleaned up, never added to — each
  citing the entry's id and linking to the pull request, commit, document or ticket;
- the self, manager and peer ratings of the level's expectations, with the disconnects;
- the remaining gaps, with the ladder's next actions, stated as plainly as the strengths;
- charts: readiness per area (radar), evidence per day (heatmap), the review mix;
- an appendix of every cited item.

The strongest evidence for an area is ranked by :func:`ladder.report.strength`: mapping
confidence times kind (pull requests and design documents over a day's commits) times
substance (significant work first) times recency, plus a bonus for a written impact. Routine
work (typos, version bumps, bots, syncs) is never a claim. A harvested item is stated in the
person's own words (their commit subjects or pull request title), and a measured result found
in their own text stands as its impact. When the period holds only a sliver of the person's
significant work, the summary says so and names the twelve months that hold the most. Readiness is measured on the period's last day, with all the
evidence up to it (see ``docs/readiness.md``); the statements come from the period only.

Example:
    >>> doc = build(ws, level="senior")                              # doctest: +SKIP
    >>> render.write("packet.pdf", render.pdf(doc))                  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ladder import evidence
from ladder.errors import InputError
from ladder.period import Period, between
from ladder.render import plain, plural, sentence
from ladder.report import Item, entries_in, kind_name, strongest

if TYPE_CHECKING:
    from ladder.context import Context
    from ladder.readiness import Readiness

#: How many statements each area gets by default.
PER_AREA = 4
#: Ratings as words, weakest first (stored as 0..3).
RATING_WORDS = ("not yet", "working towards", "meeting", "exceeding")
#: How to gather evidence, for a packet with none.
GATHER: tuple[tuple[str, str], ...] = (
    (
        'ladder log "Led the design review of the billing cache" --impact "…"',
        "capture work as it happens",
    ),
    ("ladder harvest git ~/src/*", "your commits and merged branches, from local repositories"),
    ("ladder harvest github --user YOU", "pull requests, reviews and review comments, issues"),
    ("ladder harvest docs ~/src/REPO", "design docs, ADRs, runbooks and postmortems you wrote"),
    ("ladder harvest jira · ladder harvest calendar FILE.ics", "tickets, design reviews, talks"),
    ("ladder map", "map what you gathered onto the ladder (every mapping says why)"),
)


@dataclass(frozen=True)
class ExpectationRatings:
    """The current ratings of one expectation at the level, side by side."""

    id: str
    text: str
    self: str | None
    manager: str | None
    peers: tuple[str, ...]
    flags: tuple[str, ...]
    evidence: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "text": self.text,
            "self": self.self,
            "manager": self.manager,
            "peers": list(self.peers),
            "flags": list(self.flags),
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class RatingFlag:
    """A rating to talk about: a *disconnect* (raters two or more steps apart) or *testimony
    only* (meeting or above with no evidence linked)."""

    kind: str  # "disconnect" | "testimony only"
    expectation: str  # the expectation's text
    area: str
    detail: str  # "self says meeting, manager Grace says not yet: 2 steps apart"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "kind": self.kind,
            "expectation": self.expectation,
            "area": self.area,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class PacketArea:
    """One area of the packet: its status against the level and its strongest evidence."""

    area: str
    name: str
    status: str
    reason: str
    statements: tuple[Item, ...]
    evidence: int  # items for the area in the period
    expectations: tuple[ExpectationRatings, ...] = ()
    to_date: int = 0  # items for the area up to the day readiness is measured on (its reason's)
    label: str = ""  # the status as read: "not shown" where the sources cannot show the area

    @property
    def rated(self) -> bool:
        """True when any expectation of the area has a rating."""
        return bool(self.rated_expectations)

    @property
    def rated_expectations(self) -> tuple[ExpectationRatings, ...]:
        """The expectations someone has rated (the ratings tables list only these)."""
        return tuple(x for x in self.expectations if x.self or x.manager or x.peers)

    @property
    def unrated(self) -> int:
        """How many of the area's expectations at the level nobody has rated yet."""
        return len(self.expectations) - len(self.rated_expectations)

    @property
    def more(self) -> int:
        """Items for the area in the period that are not cited."""
        return max(0, self.evidence - len(self.statements))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "area": self.area,
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
            "evidence": self.evidence,
            "evidence_to_date": self.to_date,
            "statements": [
                {"text": i.statement, "cites": [i.id], "url": i.url} for i in self.statements
            ],
            "expectations": [x.to_dict() for x in self.expectations],
        }


@dataclass(frozen=True)
class GapAction:
    """A next step for a gap, from the ladder's actions."""

    text: str
    expectation: str
    why: str = ""


@dataclass(frozen=True)
class Gap:
    """An area below the level, with why and what to do next."""

    area: str
    name: str
    status: str
    reason: str
    actions: tuple[GapAction, ...]
    label: str = ""  # the status as read: "not shown" where the sources cannot show the area

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "area": self.area,
            "name": self.name,
            "status": self.status,
            "reason": self.reason,
            "actions": [
                {"text": a.text, "expectation": a.expectation, "why": a.why} for a in self.actions
            ],
        }


@dataclass(frozen=True)
class Packet:
    """A promotion packet: build it with :func:`build`, render it with :mod:`ladder.render`."""

    template: ClassVar[str] = "packet"

    person: str
    level: str | None  # the person's current level id
    level_name: str
    target: str  # the level measured against
    target_name: str
    ladder: str  # "Name version"
    period: Period
    today: dt.date
    total: int  # evidence items in the period
    by_kind: dict[str, int]
    summary: tuple[str, ...]  # paragraphs
    overall: str
    overall_reason: str
    areas: tuple[PacketArea, ...]
    gaps: tuple[Gap, ...]
    quiet: tuple[str, ...]
    flags: tuple[RatingFlag, ...]  # assessment disconnects and testimony-only ratings
    appendix: tuple[Item, ...]
    peers: bool = False  # any peer ratings (a column in the tables)
    assessed: bool = False  # any ratings at all
    readiness: dict[str, Any] = field(default_factory=dict, repr=False)
    days: dict[dt.date, int] = field(default_factory=dict, repr=False)
    review_months: tuple[dict[str, Any], ...] = field(default=(), repr=False)
    review_trend: str = ""
    gather: tuple[tuple[str, str], ...] = GATHER
    track: str | None = None  # the ladder track the target level is read on

    @property
    def title(self) -> str:
        """The document's title."""
        return f"Promotion packet — {self.person}, {self.target_name}"

    @property
    def empty(self) -> bool:
        """True when the period holds no evidence (the packet then says how to gather some)."""
        return self.total == 0

    @property
    def disconnects(self) -> list[RatingFlag]:
        """Ratings two or more steps apart."""
        return [f for f in self.flags if f.kind == "disconnect"]

    @property
    def testimony(self) -> list[RatingFlag]:
        """Ratings of meeting or above with no evidence linked."""
        return [f for f in self.flags if f.kind != "disconnect"]

    @property
    def role(self) -> str:
        """``Mid → Senior``."""
        if self.level_name and self.level_name != self.target_name:
            return f"{self.level_name} → {self.target_name}"
        return self.target_name

    @property
    def measured_on(self) -> dt.date:
        """The day readiness is measured on: the period's last day, or today if sooner."""
        return self.period.through(self.today)

    @property
    def months(self) -> tuple[tuple[str, int], ...]:
        """Items per calendar month of the period up to :attr:`measured_on`, oldest first:
        ``(("Nov 2025", 0), ("Dec 2025", 3), …)`` (the heatmap in words)."""
        per: dict[tuple[int, int], int] = {}
        y, m = self.period.start.year, self.period.start.month
        last = self.measured_on
        while (y, m) <= (last.year, last.month):
            per[(y, m)] = 0
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        for d, n in self.days.items():
            if (d.year, d.month) in per:
                per[(d.year, d.month)] += n
        return tuple((dt.date(y, m, 1).strftime("%b %Y"), n) for (y, m), n in per.items())

    @property
    def over_time(self) -> str:
        """The evidence over time in one sentence (what the heatmap shows)."""
        if self.empty:
            return ""
        months = self.months
        active = [(name, n) for name, n in months if n]
        busiest = max(active, key=lambda mn: mn[1])
        text = (
            f"{plural(self.total, 'item')} on {plural(len(self.days), 'day')}; "
            f"{len(active)} of the {plural(len(months), 'month')} from {months[0][0]} "
            f"to {months[-1][0]} hold some."
        )
        if len(active) > 1:
            text += f" The busiest month is {busiest[0]}, with {plural(busiest[1], 'item')}."
        return text

    @property
    def review_rows(self) -> tuple[tuple[str, int, int, int], ...]:
        """The review mix in words: (month, comments, design-level, nit-level), oldest first."""
        out = []
        for m in self.review_months:
            y, mm = (int(x) for x in str(m["month"]).split("-"))
            out.append(
                (
                    dt.date(y, mm, 1).strftime("%b %Y"),
                    int(m.get("total", 0)),
                    int(m.get("design_level", 0)),
                    int(m.get("nit_level", 0)),
                )
            )
        return tuple(out)

    def charts(self) -> dict[str, str]:
        """The packet's charts: readiness radar, evidence heatmap, review mix (if any)."""
        from ladder import charts

        out = {"radar": charts.radar(self.readiness, level=self.target_name)}
        if not self.empty:
            out["heatmap"] = charts.heatmap(
                self.days,
                start=self.period.start,
                end=self.period.through(self.today),
                title=f"Evidence per day, {self.period.span()}",
            )
        if self.review_months:
            out["review-mix"] = charts.review_mix(list(self.review_months))
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (``ladder packet --json``)."""
        return {
            "person": self.person,
            "level": self.level,
            "target_level": self.target,
            "track": self.track,
            "ladder": self.ladder,
            "period": self.period.to_dict(),
            "generated_on": self.today.isoformat(),
            "total": self.total,
            "by_kind": dict(self.by_kind),
            "summary": list(self.summary),
            "overall": {"status": self.overall, "reason": self.overall_reason},
            "areas": [a.to_dict() for a in self.areas],
            "gaps": [g.to_dict() for g in self.gaps],
            "quiet": list(self.quiet),
            "assessment_flags": [f.to_dict() for f in self.flags],
            "review_trend": self.review_trend or None,
            "appendix": [i.to_dict() for i in self.appendix],
        }


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _ratings(
    ws: Context, level: str, as_of: dt.date
) -> tuple[dict[str, list[ExpectationRatings]], list[RatingFlag]]:
    """Per area, the level's expectations with the ratings current on ``as_of``; and the flags."""
    from ladder.assessment import Assessments

    diff = Assessments(ws).diff(level=level, as_of=as_of)
    by_area: dict[str, list[ExpectationRatings]] = {}
    flags: list[RatingFlag] = []
    for row in diff.rows:
        selfs = row.by("self")
        managers = row.by("manager")
        peers = row.by("peer")

        def word(a: Any) -> str:
            return RATING_WORDS[int(a.rating)]

        by_area.setdefault(row.area, []).append(
            ExpectationRatings(
                id=row.expectation,
                text=plain(row.text),
                self=word(selfs[-1]) if selfs else None,
                manager=word(managers[-1]) if managers else None,
                peers=tuple(
                    f"{word(p)}{f' ({plain(p.rater_name)})' if p.rater_name else ''}" for p in peers
                ),
                flags=tuple(dict.fromkeys(f.kind for f in row.flags)),
            )
        )
        text = plain(row.text).rstrip(".")
        for f in row.flags:
            if f.kind == "disconnect":
                flags.append(RatingFlag(f.kind, text, row.area, plain(f.message)))
        testimony = [who for f in row.flags if f.kind != "disconnect" for who in f.who]
        if testimony:
            flags.append(
                RatingFlag("testimony only", text, row.area, ", ".join(plain(w) for w in testimony))
            )
    return by_area, flags


def _summary(
    *,
    person: str,
    level_name: str,
    target_name: str,
    ladder: str,
    period: Period,
    today: dt.date,
    total: int,
    by_kind: dict[str, int],
    readiness: Readiness,
    assessed: int,
    expectations: int,
    managed: int,
    disconnects: int,
    testimony: int,
    peered: int = 0,
) -> tuple[str, ...]:
    """The summary, in paragraphs (who and what, where things stand, the ratings): counted
    facts only, no adjectives."""
    out: list[str] = []
    where = f"at {level_name}, " if level_name and level_name != target_name else ""
    out.append(f"{person}, {where}measured against {target_name} on {ladder}.")
    if total:
        kinds = [f"{n} {kind_name(k, n)}" for k, n in list(by_kind.items())[:4]]
        rest = total - sum(list(by_kind.values())[:4])
        if rest:
            kinds.append(f"{rest} other item{'s' if rest != 1 else ''}")
        out.append(
            f"This packet draws on {plural(total, 'evidence item')} from {period.span()}: "
            f"{_join(kinds)}."
        )
    else:
        yet = " yet" if period.so_far(today) or period.end == today else ""
        out.append(
            f"There is no evidence from {period.span()}{yet}, so this packet makes no claims."
        )
    paragraphs = [" ".join(out)]
    out = []
    counts = {
        s: sum(1 for a in readiness.areas if a.status == s)
        for s in ("gap", "emerging", "meeting", "exceeding")
    }
    n = len(readiness.areas)
    meet = counts["meeting"] + counts["exceeding"]
    below = [a.name for a in readiness.areas if a.status in ("gap", "emerging")]
    if n and meet:
        verb = "meets or exceeds" if meet == 1 else "meet or exceed"
        text = f"{meet} of {n} areas {verb} {target_name}"
        if counts["exceeding"]:
            text += (
                f" ({counts['exceeding']} {'exceeds' if counts['exceeding'] == 1 else 'exceed'} it)"
            )
        text += f"; {len(below)} {'is' if len(below) == 1 else 'are'} below it" if below else ""
        text += f": {_join(below)}." if below else "."
        out.append(text)
    out.append(readiness.reason)
    paragraphs.append(" ".join(out))
    out = []
    if assessed or managed or peered:
        sentence = (
            f"Self-assessment covers {assessed} of {expectations} {target_name} expectations"
            if assessed
            else f"There is no self-assessment of the {expectations} {target_name} expectations yet"
        )
        sentence += f"; the manager's, {managed}" if managed else "; there is no manager assessment yet"
        sentence += f"; peers rated {peered}." if peered else "."
        out.append(sentence)
        talk = []
        if disconnects:
            talk.append(
                f"{plural(disconnects, 'expectation')} where raters are two or more steps apart"
            )
        if testimony:
            talk.append(
                f"{plural(testimony, 'expectation')} rated meeting or above with no evidence linked"
            )
        if talk:
            out.append(f"To discuss (under Assessments): {_join(talk)}.")
    else:
        out.append("No assessments are recorded yet.")
    paragraphs.append(" ".join(out))
    return tuple(paragraphs)


def build(
    ws: Context,
    *,
    level: str | None = None,
    period: Period | None = None,
    today: dt.date | None = None,
    per_area: int = PER_AREA,
    track: str | None = None,
) -> Packet:
    """The promotion packet of the context's person.

    Args:
        ws: The context: a workspace, or any :class:`ladder.context.Context` (its person).
        level: The level to make the case for (default: the profile's target level).
        track: The ladder track to read ``level`` on (default: the profile's; see
            :func:`ladder.framework.pick_level`).
        period: The period whose evidence is cited (default: the twelve months to today).
        today: The day the packet is made (default: today).
        per_area: How many statements each area gets (strongest first).

    Raises:
        NotFoundError: No profile yet, an unknown level or track (the message lists them), or
            a level that is not on the track.
        InputError: ``level`` is below the person's current level.
    """
    from ladder.framework import pick_level

    today = today or ws.clock.today()
    period = period or between(None, None, today=today)
    ws.owner()  # raises the "no profile" error with its hint
    me = ws.profile()
    assert me is not None
    lad = ws.ladder()
    names = {lv.id: lv.name for lv in lad.levels}
    if level is not None:
        level, on = pick_level(
            lad,
            level=level,
            track=track,
            current=me.level,
            target=me.target_level,
            profile_track=me.track,
        )
        order = [lv.id for lv in lad.path(on)]
        if me.level in order and order.index(level) < order.index(me.level):
            above = me.target_level if me.target_level in order else None
            above = above or order[min(order.index(me.level) + 1, len(order) - 1)]
            raise InputError(
                f"{names[level]} is below your level ({names[me.level]}): a packet makes the "
                "case for the level you are at or working towards",
                hint=f"ladder packet --level {above}",
            )
    from ladder.readiness import compute

    readiness = compute(ws, level=level, today=period.through(today), track=track)
    target = readiness.level
    target_name = readiness.level_name or names.get(target, target)
    entries = entries_in(ws, period)
    by_kind: dict[str, int] = {}
    days: dict[dt.date, int] = {}
    by_area: dict[str, list[evidence.Entry]] = {}
    for e in entries:
        by_kind[e.kind] = by_kind.get(e.kind, 0) + 1
        d = dt.date.fromisoformat(e.occurred_on)
        days[d] = days.get(d, 0) + 1
        if e.substance == "routine":
            continue  # kept in the log, never a claim: typos, bumps, bots, syncs
        for a in {link.area for link in evidence.effective(e.areas)}:
            by_area.setdefault(a, []).append(e)
    by_kind = dict(sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])))

    ratings, flags = _ratings(ws, target, readiness.today)
    areas = []
    cited: dict[int, Item] = {}
    for ar in readiness.areas:
        mine = by_area.get(ar.area, [])
        top = _distinct(strongest(mine, area=ar.area, today=today), ar.area, per_area, today)
        for i in top:
            cited.setdefault(i.id, i)
        figures = {x.id: x.evidence for x in ar.expectations}
        exps = tuple(
            ExpectationRatings(
                x.id, x.text, x.self, x.manager, x.peers, x.flags, figures.get(x.id, 0)
            )
            for x in ratings.get(ar.area, [])
        )
        areas.append(
            PacketArea(
                area=ar.area,
                name=plain(ar.name),
                status=ar.status,
                reason=plain(ar.reason),
                statements=tuple(top),
                evidence=len(mine),
                expectations=exps,
                to_date=ar.evidence,
                label=ar.label,
            )
        )
    gaps = tuple(
        Gap(
            g.area,
            plain(g.name),
            g.status,
            plain(g.reason),
            tuple(
                GapAction(plain(a.text), a.expectation, plain(getattr(a, "why", "")))
                for a in g.actions
            ),
            g.label,
        )
        for g in readiness.gaps(None)
    )
    all_rows = [x for xs in ratings.values() for x in xs]
    from ladder.reviewlens.lens import lens

    owner = me.id
    review = lens(ws.store, owner, since=period.start, until=period.end)
    summary = _summary(
        person=plain(me.name),
        level_name=names.get(me.level or "", me.level or ""),
        target_name=target_name,
        ladder=f"{plain(lad.name)} {plain(lad.version)}",
        period=period,
        today=today,
        total=len(entries),
        by_kind=by_kind,
        readiness=readiness,
        assessed=sum(1 for x in all_rows if x.self),
        expectations=len(all_rows),
        managed=sum(1 for x in all_rows if x.manager),
        peered=sum(1 for x in all_rows if x.peers),
        disconnects=sum(1 for f in flags if f.kind == "disconnect"),
        testimony=sum(1 for f in flags if f.kind != "disconnect"),
    )
    note = sliver(ws, owner, period, today)
    if note:
        summary = (*summary, note)
    return Packet(
        person=plain(me.name),
        level=me.level,
        level_name=names.get(me.level or "", me.level or ""),
        target=target,
        target_name=target_name,
        track=readiness.track,
        ladder=f"{plain(lad.name)} {plain(lad.version)}",
        period=period,
        today=today,
        total=len(entries),
        by_kind=by_kind,
        summary=summary,
        overall=readiness.overall,
        overall_reason=plain(readiness.reason),
        areas=tuple(areas),
        gaps=gaps,
        quiet=tuple(plain(q.message) for q in readiness.quiet),
        flags=tuple(flags),
        appendix=tuple(sorted(cited.values(), key=lambda i: i.id)),
        peers=any(x.peers for x in all_rows),
        assessed=any(x.self or x.manager or x.peers for x in all_rows),
        readiness={
            "level": target,
            "areas": [
                {
                    "name": plain(a.name),
                    "status": a.status,
                    "score": a.score,
                    "reason": plain(a.reason),
                    "shown": a.shown,
                }
                for a in readiness.areas
            ],
        },
        days=days,
        review_months=tuple(m.to_dict() for m in review.months) if review.total else (),
        review_trend=sentence(review.trend.sentence) if review.total else "",
    )


#: A period that holds less than this share of the person's significant work is a sliver.
SLIVER_SHARE = 0.25
#: ... when the history holds at least this many significant items.
SLIVER_MIN = 5


#: What names where a statement's change was made ("… (PR #12960).", "… (branch 2.2).").
_WHERE = re.compile(r"(?<!\s)\s*\((?:PR #\d+|MR !\d+|branch [^()]+)\)\.?$")
#: Days apart within which two harvested pull requests or branches saying the same are one
#: change (the main line's and its backport), not the same words for two pieces of work.
SAME_CHANGE_DAYS = 45


def _distinct(entries: list[evidence.Entry], area: str, limit: int, today: dt.date) -> list[Item]:
    """The first ``limit`` of ``entries`` as statements for ``area``, each said once: the same
    change in two pull requests (one for the main line, one backported to a maintenance
    branch) or a branch merged twice is one claim, cited by the strongest of them. Only
    harvested pull requests and branches are taken for one another, and only within
    :data:`SAME_CHANGE_DAYS` of each other: notes the person wrote on different days, and
    "Fix race condition in scheduler" twice a season apart, are each a claim."""
    out: list[Item] = []
    said: dict[str, list[dt.date]] = {}
    for e in entries:
        if len(out) >= limit:
            break
        item = Item.of(e, today=today, area=area)
        where = _WHERE.search(item.text) if e.source != "manual" else None
        if where is not None:
            key = item.text[: where.start()].rstrip(".").casefold()
            day = dt.date.fromisoformat(e.occurred_on)
            if any(abs((day - d).days) <= SAME_CHANGE_DAYS for d in said.get(key, ())):
                continue
            said.setdefault(key, []).append(day)
        out.append(item)
    return out


def sliver(ws: Context, person_id: int, period: Period, today: dt.date) -> str:
    """A sentence when ``period`` holds only a sliver of the person's significant work, naming
    the twelve months that hold the most and the command for them; "" otherwise."""
    days = sorted(
        dt.date.fromisoformat(str(r["d"]))
        for r in ws.store.query(
            "SELECT occurred_on AS d FROM evidence WHERE person_id = :p AND deleted_at IS NULL "
            "AND substance = 'significant' AND occurred_on <= :t",
            {"p": person_id, "t": today.isoformat()},
        )
    )
    last = period.through(today)
    inside = sum(1 for d in days if period.start <= d <= last)
    if len(days) < SLIVER_MIN or inside >= SLIVER_SHARE * len(days):
        return ""
    best, best_n = days[0].replace(day=1), 0
    starts = sorted({d.replace(day=1) for d in days})
    for start in starts:  # windows of twelve months that begin where significant work does
        end = _months_later(start, 12)
        n = sum(1 for d in days if start <= d < end)
        if n > best_n:
            best, best_n = start, n
    until = _months_later(best, 12) - dt.timedelta(days=1)
    return (
        f"This period holds {inside} of the {len(days)} significant items in your history "
        f"(since {days[0]:%B %Y}); the twelve months from {best:%B %Y} to {until:%B %Y} hold "
        f"the most ({best_n}): ladder packet --since {best} --until {until}."
    )


def _months_later(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


__all__ = [
    "GATHER",
    "PER_AREA",
    "ExpectationRatings",
    "Gap",
    "Packet",
    "PacketArea",
    "RatingFlag",
    "build",
    "sliver",
]
