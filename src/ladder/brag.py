"""The brag document: what a person did in a period, in the sections people keep one in.

``ladder brag --period 2026-H2`` sorts the period's evidence into six sections — projects
and impact, collaboration and mentorship, design and documentation, operations, learning,
outside of work — strongest first, every item citing its evidence. Each item lands in one
section only, by the first rule that matches (:data:`RULES`): its tags, its kind, then the
area it is mapped to most surely. Small items beyond the first few of a section are
counted, not listed (``per_section``); ``to_dict()`` has them all.

Example:
    >>> doc = build(ws, period.parse("2026-H2"))                     # doctest: +SKIP
    >>> print(render.markdown(doc))                                  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ladder import evidence
from ladder.period import Period
from ladder.render import plain
from ladder.report import LEARNING_TAGS, Item, areas_of, entries_in, kind_name, strongest

if TYPE_CHECKING:
    from ladder.context import Context

#: The sections, in the order of the document: (id, title, what belongs there).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("projects", "Projects and impact", "what you shipped and what it changed"),
    (
        "collaboration",
        "Collaboration and mentorship",
        "reviews, mentoring, pairing, leading and helping others",
    ),
    ("design", "Design and documentation", "design docs, RFCs, ADRs, guides and other writing"),
    ("operations", "Operations", "on-call, incidents, postmortems, SLOs, runbooks"),
    ("learning", "Learning", "books, courses and what you applied from them"),
    ("outside", "Outside of work", "talks, open source, meetups, community"),
)
#: How to fill an empty section, shown in the document.
PROMPTS: dict[str, str] = {
    "projects": 'ladder log "Shipped the billing cache" --impact "…" --area delivery',
    "collaboration": "ladder harvest github --user YOU",
    "design": "ladder harvest docs ~/src/REPO",
    "operations": 'ladder log "Led the incident review for …" @oncall --area operations',
    "learning": 'ladder learn done ID --applied "…"',
    "outside": 'ladder log "Spoke at the local Python meetup" @outside',
}

_OUTSIDE = frozenset(
    {
        "outside",
        "outside-work",
        "oss",
        "open-source",
        "opensource",
        "community",
        "volunteer",
        "volunteering",
        "meetup",
        "conference",
    }
)
_LEARNING = LEARNING_TAGS
_OPERATIONS = frozenset(
    {
        "oncall",
        "on-call",
        "incident",
        "incidents",
        "postmortem",
        "runbook",
        "slo",
        "alerting",
        "outage",
        "ops",
    }
)
_DESIGN = frozenset({"design", "rfc", "adr", "docs", "documentation", "writing", "design-doc"})
_COLLAB = frozenset(
    {
        "mentoring",
        "mentorship",
        "pairing",
        "review",
        "reviews",
        "interview",
        "hiring",
        "1on1",
        "onboarding",
        "talk",
        "teaching",
    }
)

#: The rules, in order: the first that matches an item decides its section.
RULES = (
    "tags: outside, oss, open-source, community, meetup, conference → outside of work",
    "tags: learning, reading, book, course; kind learning; area career → learning",
    "tags: oncall, incident, postmortem, runbook, slo; area operations → operations",
    "kind doc; tags: design, rfc, adr, docs; area system-design → design and documentation",
    "kinds review, meeting, mentoring; tags: mentoring, pairing, interview; areas mentorship, "
    "leadership, communication → collaboration and mentorship",
    "everything else (delivery, technical depth, code quality, not mapped) → projects and impact",
)


def section_of(entry: evidence.Entry) -> str:
    """The section an entry belongs in (see :data:`RULES`)."""
    tags = set(entry.tags)
    areas = areas_of(entry)
    primary = areas[0] if areas else ""
    if tags & _OUTSIDE:
        return "outside"
    if tags & _LEARNING or entry.kind == "learning" or primary == "career":
        return "learning"
    if tags & _OPERATIONS or primary == "operations":
        return "operations"
    if entry.kind == "doc" or tags & _DESIGN or primary == "system-design":
        return "design"
    if (
        entry.kind in ("review", "meeting", "mentoring", "ticket-comment")
        or tags & _COLLAB
        or primary in ("mentorship", "leadership", "communication")
    ):
        return "collaboration"
    return "projects"


@dataclass(frozen=True)
class Section:
    """One section of the brag document: its items shown, and the rest counted."""

    id: str
    title: str
    about: str
    items: tuple[Item, ...]
    more: tuple[Item, ...] = ()
    prompt: str = ""

    @property
    def total(self) -> int:
        """Items in the section, shown or not."""
        return len(self.items) + len(self.more)

    @property
    def more_sentence(self) -> str:
        """``12 more: 9 commits and 3 code reviews`` for the items not listed."""
        if not self.more:
            return ""
        kinds: dict[str, int] = {}
        for i in self.more:
            kinds[i.kind] = kinds.get(i.kind, 0) + 1
        parts = [
            f"{n} {kind_name(k, n)}"
            for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"{len(self.more)} more: {listed}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (every item, listed or counted)."""
        return {
            "id": self.id,
            "title": self.title,
            "total": self.total,
            "items": [i.to_dict() for i in (*self.items, *self.more)],
            "listed": len(self.items),
        }


@dataclass(frozen=True)
class Brag:
    """A brag document for a period."""

    template: ClassVar[str] = "brag"

    person: str
    level: str | None
    target: str | None
    period: Period
    today: dt.date
    total: int
    sections: tuple[Section, ...]
    days: dict[dt.date, int] = field(default_factory=dict)
    level_names: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The document's title."""
        return f"Brag document — {self.person}, {self.period.short}"

    @property
    def empty(self) -> bool:
        """True when nothing was recorded in the period."""
        return self.total == 0

    @property
    def role(self) -> str:
        """``Mid, working towards Senior`` (or what the profile says)."""
        now = self.level_names.get(self.level or "", self.level or "")
        goal = self.level_names.get(self.target or "", self.target or "")
        if now and goal and now != goal:
            return f"{now}, working towards {goal}"
        return now or goal

    @property
    def so_far(self) -> bool:
        """True when the period has not ended yet."""
        return self.period.so_far(self.today)

    @property
    def past(self) -> bool:
        """True when the period ended before today (nothing more will be recorded in it)."""
        return self.period.end < self.today

    def charts(self) -> dict[str, str]:
        """The heatmap of the period's evidence."""
        if self.empty:
            return {}
        from ladder import charts

        return {
            "heatmap": charts.heatmap(
                self.days,
                start=self.period.start,
                end=self.period.through(self.today),
                title=f"Evidence per day, {self.period.short}",
            )
        }

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (``ladder brag --json``)."""
        return {
            "person": self.person,
            "level": self.level,
            "target_level": self.target,
            "period": self.period.to_dict(),
            "generated_on": self.today.isoformat(),
            "total": self.total,
            "sections": [s.to_dict() for s in self.sections],
        }


def build(
    ws: Context,
    period: Period,
    *,
    today: dt.date | None = None,
    per_section: int = 8,
) -> Brag:
    """The brag document of the context's person for ``period``.

    Args:
        ws: The context: a workspace, or any :class:`ladder.context.Context` (its person).
        period: The period (:func:`ladder.period.parse`).
        today: The reference day for recency (default: today).
        per_section: How many items each section lists (strongest first); the rest are
            counted. 0 lists them all.

    Raises:
        NotFoundError: No profile yet.
    """
    today = today or ws.clock.today()
    ws.owner()  # raises the "no profile" error with its hint
    me = ws.profile()
    assert me is not None
    entries = entries_in(ws, period)
    by_section: dict[str, list[evidence.Entry]] = {s[0]: [] for s in SECTIONS}
    for e in entries:
        by_section[section_of(e)].append(e)
    sections = []
    for sid, title, about in SECTIONS:
        items = [Item.of(e, today=today) for e in strongest(by_section[sid], today=today)]
        cut = len(items) if per_section <= 0 else per_section
        sections.append(
            Section(
                sid,
                title,
                about,
                tuple(items[:cut]),
                tuple(items[cut:]),
                prompt="" if items else PROMPTS[sid],
            )
        )
    days: dict[dt.date, int] = {}
    for e in entries:
        d = dt.date.fromisoformat(e.occurred_on)
        days[d] = days.get(d, 0) + 1
    return Brag(
        person=plain(me.name),
        level=me.level,
        target=me.target_level,
        period=period,
        today=today,
        total=len(entries),
        sections=tuple(sections),
        days=days,
        level_names={lv.id: lv.name for lv in ws.ladder().levels},
    )


__all__ = ["PROMPTS", "RULES", "SECTIONS", "Brag", "Section", "build", "section_of"]
