"""What an importer reads from a source, before ids are settled and the ladder file is written.

Every format (FT job families, Monzo front matter, snowflake's ``constants.js``, a CSV
matrix) produces a :class:`Draft`: levels in order, areas, and one :class:`Item` per
competency with the line it came from. :mod:`ladder.ladderimport.build` turns a draft into a
ladder file and a :class:`Report`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: The most competencies one import takes. Real ladders have under 200 (Monzo's web family,
#: the largest here, 165); a ladder file of more would pass the YAML bounds of
#: ``ladder/loaders.py`` no longer, and reading it would take minutes.
MAX_ITEMS = 2000

#: Invisible characters some sources carry inside words (a zero-width space in FT's text).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


@dataclass(frozen=True)
class LevelDraft:
    """A level as the source names it."""

    id: str
    name: str


@dataclass
class AreaDraft:
    """An area (FT theme, Monzo topic, snowflake track, CSV area)."""

    id: str
    name: str
    description: str = ""
    line: int | None = None


@dataclass
class Item:
    """One competency read from the source.

    Attributes:
        area: The id of its :class:`AreaDraft`.
        level: The id of its :class:`LevelDraft`.
        text: What a person at that level does.
        name: The id's part after ``AREA.``: from the source's own key when ``keyed``, else
            derived from the text.
        keyed: ``name`` comes from a key the source keeps stable (FT's UUIDs, snowflake's
            track and milestone); an unkeyed name is only a first guess, which ``--update``
            replaces by the previous id of the closest earlier line.
        markers: What evidence of it looks like (the source's examples, signals).
        actions: Suggested actions.
        line: The source line it came from.
    """

    area: str
    level: str
    text: str
    name: str
    keyed: bool
    markers: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    line: int | None = None


@dataclass(frozen=True)
class Dropped:
    """A competency read but not written, and why."""

    area: str
    level: str
    text: str
    reason: str
    line: int | None = None


@dataclass
class Draft:
    """Everything read from one source file."""

    format: str
    ladder_id: str
    name: str
    description: str
    levels: list[LevelDraft]
    areas: list[AreaDraft]
    items: list[Item]
    dropped: list[Dropped] = field(default_factory=list)
    #: Source fields the ladder format has no place for: field → (how many, why).
    not_carried: dict[str, tuple[int, str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def skip_field(self, name: str, reason: str, count: int = 1) -> None:
        """Count one more value of a source field that is not carried over."""
        n, _ = self.not_carried.get(name, (0, reason))
        self.not_carried[name] = (n + count, reason)


def clean(text: str) -> str:
    """Source text as a ladder line: invisible characters, control characters and terminal
    escape sequences gone, lines trimmed, no blank edges."""
    from ladder.terminal import clean as no_escapes

    text = no_escapes(unicodedata.normalize("NFC", str(text)).translate(_INVISIBLE))
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s")


def unwrap(text: str) -> str:
    """Text hard-wrapped as Markdown is (a single line break is a space) joined into lines;
    list items and blank lines keep their breaks.

    >>> unwrap("Manages the work\nof the team.\n1. Writes code\n2. Tests it")
    'Manages the work of the team.\n1. Writes code\n2. Tests it'
    """
    out: list[str] = []
    for line in clean(text).split("\n"):
        if out and line.strip() and out[-1].strip() and not _LIST_ITEM.match(line):
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


def slug(text: str, *, limit: int = 60) -> str:
    """``text`` as a ladder id: lower-case ASCII words joined by ``-``, at most ``limit`` long.

    >>> slug("Problem Solving & Decision Making")
    'problem-solving-decision-making'
    >>> slug("WEB_CLIENT")
    'web-client'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        nxt = f"{out}-{word}" if out else word
        if len(nxt) > limit:
            break
        out = nxt
    return out or (words[0][:limit] if words else "")


#: Words left out of an id made from text: they carry no meaning of their own.
# fmt: off
STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
    "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "them", "they",
    "this", "to", "was", "were", "will", "with", "who", "when", "which", "what", "where",
    "while", "e", "g", "eg", "etc", "i", "ie", "s", "t", "d", "m", "ve", "re", "ll",
})
# fmt: on


def text_name(text: str, *, words: int = 5, limit: int = 48) -> str:
    """An id for a line that has none: its first ``words`` meaningful words.

    >>> text_name("Provides regular status updates to their mentor/buddy")
    'provides-regular-status-updates-mentor'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    kept = [w for w in re.findall(r"[a-z0-9]+", ascii_text.lower()) if w not in STOPWORDS]
    return slug(" ".join(kept[:words]), limit=limit) or "line"
