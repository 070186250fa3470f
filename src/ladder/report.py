"""The "what did I do" status report, and the cited evidence item every document is made of.

``ladder report last-week`` lists what a person did in a period, highlights first, then
area by area, in Markdown or JSON. :class:`Item` (one piece of evidence written as a clean
statement, with its id and link) and :func:`strength` (how strong a piece of evidence is for
an area) are shared by the brag document and the promotion packet.

The documents (this one, :mod:`ladder.brag`, :mod:`ladder.packet`) take a
:class:`ladder.context.Context` — the store, the clock and the person — never the Workspace.

Example:
    >>> from ladder.workspace import Workspace                       # doctest: +SKIP
    >>> with Workspace.open() as ws:                                 # doctest: +SKIP
    ...     print(render.markdown(build(ws, period.parse("last-week"))))
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ladder import evidence
from ladder.period import Period
from ladder.render import plain, safe_url, sentence

if TYPE_CHECKING:
    from ladder.context import Context

#: How much a kind of evidence weighs, before confidence, recency and impact.
KIND_WEIGHT: dict[str, float] = {
    "pull-request": 1.0,
    "doc": 0.95,
    "note": 0.8,
    "ticket": 0.7,
    "review": 0.7,
    "issue": 0.6,
    "merge": 0.6,
    "meeting": 0.5,
    "commits": 0.4,
    "ticket-comment": 0.35,
    "mentoring": 0.75,
    "learning": 0.7,
}
DEFAULT_WEIGHT = 0.6
#: Kinds as people name them, for lists and links.
KIND_NAMES: dict[str, str] = {
    "pull-request": "pull request",
    "doc": "document",
    "note": "note",
    "ticket": "ticket",
    "review": "code review",
    "issue": "issue",
    "merge": "merge",
    "meeting": "meeting",
    "commits": "set of commits",  # one item: a day's commits in one part of the tree
    "ticket-comment": "ticket comment",
    "mentoring": "mentoring session",
    "learning": "learning",
}
#: The word a link to the artifact is shown as, by kind.
LINK_WORDS: dict[str, str] = {
    "pull-request": "pull request",
    "doc": "document",
    "review": "review",
    "issue": "issue",
    "merge": "commit",
    "commits": "commits",
    "ticket": "ticket",
    "ticket-comment": "ticket",
    "meeting": "event",
}
#: A highlight: at least this strong (for the report's first section).
HIGHLIGHT = 0.9
UNMAPPED = ""
#: Tags that make an item learning (the report's "Learning" group, the brag document's section).
LEARNING_TAGS = frozenset({"learning", "reading", "book", "course", "training", "study", "til"})


def is_learning(entry: evidence.Entry | Item) -> bool:
    """True for learning: kind ``learning`` (``ladder learn done``) or a learning tag."""
    return entry.kind == "learning" or bool(LEARNING_TAGS & set(entry.tags))


def kind_name(kind: str, n: int = 1) -> str:
    """``pull-request`` → ``pull request`` (``pull requests`` for n ≠ 1); ``commits`` → ``set of
    commits`` (``sets of commits``): one item holds a day's commits in one part of the tree,
    however many."""
    name = KIND_NAMES.get(kind, kind.replace("-", " "))
    if n == 1 or name == "learning":
        return name
    if name == "set of commits":
        return "sets of commits"
    return name if name.endswith("s") else name + "s"


def confidence(entry: evidence.Entry, area: str | None = None) -> float:
    """How sure the mapping of ``entry`` to ``area`` is (the best, for ``area=None``).

    The person's own decisions count as 1.0; an entry with no mapping scores 0.5 when no
    area is asked for, and 0 for an area it is not mapped to.
    """
    links = evidence.effective(entry.areas)
    if area is not None:
        links = [a for a in links if a.area == area]
        return max((a.confidence for a in links), default=0.0)
    return max((a.confidence for a in links), default=0.5)


#: How much an item's substance weighs in its strength: significant work first, routine last.
SUBSTANCE_FACTOR = {"significant": 2.5, "ordinary": 1.0, "routine": 0.3}
#: Someone else's change the person merged: evidence of their review, not of the work itself,
#: so it weighs half of what the person's own change of that kind would.
MERGED_FACTOR = 0.5


def strength(entry: evidence.Entry, *, area: str | None = None, today: dt.date) -> float:
    """How strong ``entry`` is as evidence (for ``area``, if given): higher is stronger.

    Mapping confidence, times the weight of its kind (pull requests and design documents over
    a day's commits; a document that passes ``ladder doc check`` over one that does not;
    someone else's change the person merged at :data:`MERGED_FACTOR` of its kind), times its
    substance (:data:`SUBSTANCE_FACTOR`), times recency (a year-old item keeps 60%); plus a
    bonus for an impact the person wrote and a small one for a link to the artifact.
    """
    weight = KIND_WEIGHT.get(entry.kind, DEFAULT_WEIGHT)
    if entry.kind == "doc" and entry.data.get("passed") is False:
        weight = 0.7
    if entry.data.get("role") == "merged":
        weight *= MERGED_FACTOR
    weight *= SUBSTANCE_FACTOR.get(entry.substance or "", 1.0)
    age = max(0, (today - dt.date.fromisoformat(entry.occurred_on)).days)
    recency = 0.6 + 0.4 * max(0.0, 1 - age / 365)
    score = confidence(entry, area) * weight * recency
    if entry.impact:
        score += 0.25
    if entry.url or entry.links:
        score += 0.05
    return round(score, 6)


def _rank_key(e: evidence.Entry, area: str | None, today: dt.date) -> tuple[float, str, int]:
    return (strength(e, area=area, today=today), e.occurred_on, e.id)


def strongest(
    entries: list[evidence.Entry], *, area: str | None = None, today: dt.date
) -> list[evidence.Entry]:
    """``entries`` strongest first; among equals, the newest first."""
    return sorted(entries, key=lambda e: _rank_key(e, area, today), reverse=True)


def areas_of(entry: evidence.Entry) -> tuple[str, ...]:
    """The areas an entry counts for (the person's decisions win), best first."""
    best: dict[str, float] = {}
    for a in evidence.effective(entry.areas):
        best[a.area] = max(best.get(a.area, 0.0), a.confidence)
    return tuple(sorted(best, key=lambda k: (-best[k], k)))


def claim(entry: evidence.Entry, area: str | None = None) -> str:
    """What the entry says the person did, in their own words where a harvest summarised it.

    A harvested git item's title is ladder's summary ("src/: 2 commits on …, +41/-12"); the
    person's own words are their commit subjects or their pull request's title
    (``data["words"]``), which a packet states instead, naming the pull request it cites.
    Cited for ``area``, a day's or a branch's several subjects narrow to the ones whose words
    the mapping onto that area names (the day's other changes stay in the cited item); where
    the recorded subjects were cut short ("A; B; …"), the ones the body lists are read.
    """
    words = entry.data.get("words") if entry.source == "git" else None
    if not isinstance(words, str) or not words.strip():
        return entry.text
    from ladder.mapping.judge import own_subjects, own_words

    if words.rstrip().endswith("\u2026") and entry.body:  # cut short: the body lists them all
        listed = _LISTED.match(entry.body)
        if listed:
            lines = listed.group(0).splitlines()
            if listed.end() == len(entry.body) >= _body_cap():
                lines = lines[:-1]  # the harvest cut the body, and its last subject with it
            words = "; ".join(x[2:].strip() for x in lines) or words
    kept = own_subjects(words)  # less the routine ones ("globset-0.4.20", "fix typo")
    if area is not None and len(kept) > 1:
        kept = _carrying(kept, entry, area)
    words = own_words("; ".join(kept)) if kept else words.strip()
    if entry.data.get("pr") is not None:
        return f"{words} (PR #{entry.data['pr']})"
    if entry.data.get("branch"):
        return f"{words} (branch {entry.data['branch']})"
    return words


#: The subjects a harvested item's body lists first, one "- subject" a line.
_LISTED = re.compile(r"(?:- [^\n]+(?:\n|$))+")


def _body_cap() -> int:
    """How much of a body the git source keeps (a body that long may have been cut)."""
    from ladder.sources.git.rollup import MAX_BODY_CHARS

    return MAX_BODY_CHARS


def _carrying(subjects: list[str], entry: evidence.Entry, area: str) -> list[str]:
    """Of ``subjects``, the ones that hold the words the entry's mapping onto ``area`` quotes
    in its reason (:func:`ladder.mapping.judge.showing`)."""
    from ladder.mapping.judge import showing

    return showing(
        subjects, (link.reason for link in evidence.effective(entry.areas) if link.area == area)
    )


_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n\s*[-*]\s+")


def found_impact(entry: evidence.Entry) -> str:
    """A sentence of the person's own text that states a measured result ("cuts p99 by
    40%", "-92.5% allocations"), or "" when there is none. Nothing is added or reworded."""
    from ladder.mapping.judge import measured

    if entry.source == "manual" or not entry.body:
        return ""
    for part in _SENTENCES.split(entry.body[:4000]):
        text = " ".join(part.split())
        text = text.lstrip("-* ")
        if "```" in text:
            continue  # benchmark output pasted in a fence, not a sentence
        letters = sum(c.isalpha() or c == " " for c in text)
        prose = len(text.split()) >= 5 and letters >= 0.75 * len(text) and text[0].isalpha()
        if 12 <= len(text) <= 240 and prose and measured(text):
            return text
    return ""


@dataclass(frozen=True)
class Item:
    """One piece of evidence as a document shows it: a clean statement, its id and its link.

    ``text`` and ``impact`` are the entry's own words, cleaned up (:func:`ladder.render.sentence`;
    a gitmoji in front of a subject, ``:memo:``, is dropped): nothing is added, so a document
    never claims more than the evidence says.
    """

    id: int
    date: str
    kind: str
    source: str
    text: str
    impact: str = ""
    url: str | None = None
    areas: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    strength: float = 0.0

    @classmethod
    def of(cls, entry: evidence.Entry, *, today: dt.date, area: str | None = None) -> Item:
        """The item for ``entry`` (its strength taken for ``area`` when given)."""
        from ladder.mapping.text import drop_gitmoji

        links = [u for u in (entry.url, *entry.links) if safe_url(u)]
        impact = entry.impact or found_impact(entry)
        said = claim(entry, area)
        if entry.source != "manual":  # a harvested subject's gitmoji; a note keeps its "⌘K"
            said = drop_gitmoji(said)
        return cls(
            id=entry.id,
            date=entry.occurred_on,
            kind=entry.kind,
            source=entry.source,
            text=sentence(said)
            or f"{kind_name(entry.kind).capitalize()} #{entry.id}.",
            impact=sentence(impact) if impact else "",
            url=links[0] if links else None,
            areas=areas_of(entry),
            tags=entry.tags,
            strength=strength(entry, area=area, today=today),
        )

    @property
    def statement(self) -> str:
        """The impact statement: what was done, and the impact when the person wrote one."""
        return f"{self.text} Impact: {self.impact}" if self.impact else self.text

    @property
    def link_word(self) -> str:
        """What the link points at, in a word or two (``pull request``, ``document``)."""
        if self.url and "/pull/" in self.url:
            return "pull request"
        if self.url and "/commit/" in self.url:
            return "commit"
        return LINK_WORDS.get(self.kind, "link")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "date": self.date,
            "kind": self.kind,
            "source": self.source,
            "text": self.text,
            "impact": self.impact or None,
            "statement": self.statement,
            "url": self.url,
            "areas": list(self.areas),
            "tags": list(self.tags),
            "strength": round(self.strength, 3),
        }


@dataclass(frozen=True)
class Group:
    """The items of one area in a report, or the learning, or the items no area claims.

    ``kind`` is ``area`` (``area`` is its id), ``learning`` (what was read, studied or
    applied: kind ``learning`` or a learning tag, whatever area it is mapped to) or
    ``unmapped``; the last two have ``area == ""``.
    """

    area: str
    name: str
    items: tuple[Item, ...]
    kind: str = "area"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "area": self.area or None,
            "kind": self.kind,
            "name": self.name,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass(frozen=True)
class Report:
    """What a person did in a period: highlights first, then every other item under its best area."""

    template: ClassVar[str] = "report"

    person: str
    period: Period
    today: dt.date
    total: int
    active_days: int
    by_kind: dict[str, int]
    highlights: tuple[Item, ...]
    groups: tuple[Group, ...]
    days: dict[dt.date, int] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The title of the report."""
        return f"What {self.person} did: {self.period.name}"

    @property
    def empty(self) -> bool:
        """True when nothing was recorded in the period."""
        return self.total == 0

    @property
    def subtitle(self) -> str:
        """The line under the title: the days (when the title does not already name them),
        "so far" for a period still running, and the day it was made."""
        span = self.period.span()
        so_far = self.period.so_far(self.today)
        parts = []
        if self.period.name != span:
            parts.append(span + (" (so far)" if so_far else ""))
        elif so_far:
            parts.append("So far")
        parts.append(f"generated {self.today.day} {self.today.strftime('%b')} {self.today.year}")
        return " · ".join(parts)

    @property
    def kinds_sentence(self) -> str:
        """``3 pull requests, 2 notes and 1 document``."""
        parts = [f"{n} {kind_name(k, n)}" for k, n in self.by_kind.items()]
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + " and " + parts[-1]

    def charts(self) -> dict[str, str]:
        """The report's charts (a heatmap when the period is longer than a week)."""
        if self.period.days <= 7 or self.empty:
            return {}
        from ladder import charts

        return {
            "heatmap": charts.heatmap(
                self.days,
                start=self.period.start,
                end=self.period.through(self.today),
                title=f"Evidence per day, {self.period.name}",
            )
        }

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (``ladder report --json``)."""
        return {
            "person": self.person,
            "period": self.period.to_dict(),
            "generated_on": self.today.isoformat(),
            "total": self.total,
            "active_days": self.active_days,
            "by_kind": dict(self.by_kind),
            "highlights": [i.to_dict() for i in self.highlights],
            "groups": [g.to_dict() for g in self.groups],
        }


def entries_in(ws: Context, period: Period) -> list[evidence.Entry]:
    """The person's live entries in ``period``, oldest first.

    Raises:
        NotFoundError: No profile yet (the hint says ``ladder init``).
    """
    found, _ = evidence.query(
        ws.store,
        evidence.Filter(since=period.start, until=period.end, limit=None, newest_first=False),
        person_id=ws.owner(),
    )
    return found


def build(
    ws: Context,
    period: Period,
    *,
    today: dt.date | None = None,
    highlights: int = 5,
) -> Report:
    """The status report of the context's person for ``period``.

    Args:
        ws: The context: a workspace, or any :class:`ladder.context.Context` (its person).
        period: The period (see :mod:`ladder.period`).
        today: The reference day for recency (default: today).
        highlights: How many of the strongest items to put first.

    Raises:
        NotFoundError: No profile yet.
    """
    today = today or ws.clock.today()
    ws.owner()  # raises the "no profile" error with its hint
    me = ws.profile()
    assert me is not None
    ladder = ws.ladder()
    names = {a.id: a.name for a in ladder.areas}
    entries = entries_in(ws, period)
    items = [Item.of(e, today=today) for e in entries]
    by_kind: dict[str, int] = {}
    for e in entries:
        by_kind[e.kind] = by_kind.get(e.kind, 0) + 1
    by_kind = dict(sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])))
    top = sorted(
        (i for i in items if i.strength >= HIGHLIGHT or i.impact),
        key=lambda i: (i.strength, i.date, i.id),
        reverse=True,
    )[:highlights]
    shown = {i.id for i in top}
    grouped: dict[str, list[Item]] = {}
    learning: list[Item] = []
    unmapped: list[Item] = []
    for i in items:
        if i.id in shown:
            continue
        area = next((a for a in i.areas if a in names), UNMAPPED)
        if is_learning(i):
            learning.append(i)
        elif area == UNMAPPED:
            unmapped.append(i)
        else:
            grouped.setdefault(area, []).append(i)

    def newest(found: list[Item]) -> tuple[Item, ...]:
        return tuple(sorted(found, key=lambda i: (i.date, i.id), reverse=True))

    groups = tuple(
        [Group(a.id, names[a.id], newest(grouped[a.id])) for a in ladder.areas if a.id in grouped]
        + ([Group(UNMAPPED, "Learning", newest(learning), "learning")] if learning else [])
        + (
            [Group(UNMAPPED, "Not mapped to an area", newest(unmapped), "unmapped")]
            if unmapped
            else []
        )
    )
    days: dict[dt.date, int] = {}
    for e in entries:
        d = dt.date.fromisoformat(e.occurred_on)
        days[d] = days.get(d, 0) + 1
    return Report(
        person=plain(me.name),
        period=period,
        today=today,
        total=len(entries),
        active_days=len(days),
        by_kind=by_kind,
        highlights=tuple(top),
        groups=groups,
        days=days,
    )


__all__ = [
    "KIND_WEIGHT",
    "LEARNING_TAGS",
    "Group",
    "Item",
    "Report",
    "areas_of",
    "build",
    "confidence",
    "entries_in",
    "is_learning",
    "kind_name",
    "strength",
    "strongest",
]
