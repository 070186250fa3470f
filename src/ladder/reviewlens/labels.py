"""Explicit labels: what the reviewer said the comment is, before any model guesses.

Reads the label a comment starts with — ``nit:``, ``Nit:``, ``nitpick:``, ``[nit]``,
``(nit)``, ``**suggestion (non-blocking):**`` — and the Conventional Comments labels
(https://conventionalcomments.org) with their decorations, and maps them to the review
classes. The mapping (also in ``docs/review-lens.md``):

==============================  ==========================================================
label                           class
==============================  ==========================================================
praise                          ``praise`` (final)
nit, nits, nitpick, typo,       ``nit`` (final)
polish, quibble
question                        ``question`` (a topic decoration refines it)
issue                           ``correctness`` (a topic decoration or the model refines it)
suggestion, todo, chore         ``suggestion`` (a topic decoration or the model refines it)
thought, note                   no class of their own: decorations or the model decide
==============================  ==========================================================

Decorations in parentheses refine the topic: ``security`` → security; ``test``/``tests`` →
testing; ``docs`` → docs; ``design``/``architecture``/``api``/``performance``/``scalability``
→ design; ``bug``/``correctness`` → correctness. Severity decorations (``blocking``,
``non-blocking``, ``if-minor``) and unknown ones are kept in the reason but change nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Conventional Comments label (and the common nit spellings) → our class, or None when the
#: label names no topic.
LABEL_CLASS: dict[str, str | None] = {
    "praise": "praise",
    "nit": "nit",
    "nits": "nit",
    "nitpick": "nit",
    "nitpicks": "nit",
    "typo": "nit",
    "typos": "nit",
    "polish": "nit",
    "quibble": "nit",
    "question": "question",
    "issue": "correctness",
    "suggestion": "suggestion",
    "todo": "suggestion",
    "chore": "suggestion",
    "thought": None,
    "note": None,
}

#: Labels whose class no decoration or model changes.
FINAL = frozenset(
    {"praise", "nit", "nits", "nitpick", "nitpicks", "typo", "typos", "polish", "quibble"}
)
#: Labels whose class only a topic decoration changes (the model does not).
DECORATION_ONLY = frozenset({"question"})

#: Decoration → class. Decorations not listed (blocking, non-blocking, if-minor, ux…) are
#: severity or scope, not topic.
DECORATION_CLASS: dict[str, str] = {
    "security": "security",
    "sec": "security",
    "privacy": "security",
    "test": "testing",
    "tests": "testing",
    "testing": "testing",
    "docs": "docs",
    "doc": "docs",
    "documentation": "docs",
    "design": "design",
    "architecture": "design",
    "arch": "design",
    "api": "design",
    "performance": "design",
    "perf": "design",
    "scalability": "design",
    "scale": "design",
    "bug": "correctness",
    "correctness": "correctness",
    "style": "nit",
    "naming": "nit",
    "formatting": "nit",
}

_LABELS = "|".join(sorted(LABEL_CLASS, key=len, reverse=True))
_LEAD = re.compile(r"^(?:\s|[*_~]|:[a-z0-9_+-]+:|[\U0001f300-\U0001faff\u2600-\u27bf])*")
# `[nit] …`, `(nit) …`, `[suggestion (non-blocking)] …`
_BRACKETED = re.compile(
    rf"^[\[(]\s*(?P<label>{_LABELS})\s*(?:\((?P<deco>[^()\n]{{0,120}})\))?\s*[\])][*_]*\s*[:\-\u2013\u2014]?",
    re.I,
)
# `nit: …`, `Nit - …`, `suggestion (non-blocking): …`, `**issue (blocking)**: …`, `**nit:** …`
_PLAIN = re.compile(
    rf"^(?P<label>{_LABELS})(?!-|[^\W_])\s*(?:\((?P<deco>[^()\n]{{0,120}})\))?\s*[*_]*\s*"
    rf"(?::|\s?[-\u2013\u2014](?=\s))",
    re.I,
)


@dataclass(frozen=True)
class ExplicitLabel:
    """A label the comment starts with.

    Args:
        label: The label as a lower-case word (``suggestion``).
        decorations: The decorations, lower-case (``("non-blocking",)``).
        subject: The rest of the comment, after the label.
    """

    label: str
    decorations: tuple[str, ...]
    subject: str

    @property
    def written(self) -> str:
        """The label as it would be written: ``issue (blocking, security)``."""
        if self.decorations:
            return f"{self.label} ({', '.join(self.decorations)})"
        return self.label

    @property
    def default_class(self) -> str | None:
        """The class the label alone stands for (None for ``thought`` and ``note``)."""
        return LABEL_CLASS[self.label]

    @property
    def decoration_class(self) -> str | None:
        """The class a topic decoration names (the first one that does), else None."""
        for d in self.decorations:
            cls = DECORATION_CLASS.get(d)
            if cls is not None:
                return cls
        return None

    @property
    def final(self) -> bool:
        """True when the label decides the class whatever else the comment says."""
        return self.label in FINAL


def parse(text: str) -> ExplicitLabel | None:
    """The explicit label the comment starts with, or None.

    Args:
        text: The comment.

    Returns:
        The label, its decorations and the subject; None when the comment does not start
        with a known label followed by ``:`` or a dash, or inside ``[…]`` / ``(…)``.

    Example:
        >>> parse("suggestion (non-blocking): extract this into a helper").written
        'suggestion (non-blocking)'
    """
    head = text[:400]
    start = _LEAD.match(head)
    rest = head[start.end() if start else 0 :]
    m = _BRACKETED.match(rest) or _PLAIN.match(rest)
    if m is None:
        return None
    label = m.group("label").lower()
    decos = tuple(d.strip().lower() for d in re.split(r"[,;/]", m.group("deco") or "") if d.strip())
    offset = (start.end() if start else 0) + m.end()
    subject = text[offset:].lstrip().lstrip("*_").lstrip()
    return ExplicitLabel(label=label, decorations=decos, subject=subject)
