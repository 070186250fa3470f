"""Find out what kind of document a text is.

The order of evidence: an explicit choice, then ``kind:`` in the front matter (or an RST
field list), then the title, the file's directory, the headings and finally a few words in
the text. Each source adds to a score per kind; the strongest source is reported so the
user can see why a document was read as, say, a runbook.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from ladder.designdoc.parse import Document
from ladder.designdoc.rubric import KINDS, RUBRICS, normalise_heading
from ladder.errors import InputError

ALIASES: dict[str, str] = {
    "design": "design",
    "design-doc": "design",
    "designdoc": "design",
    "rfc": "design",
    "architecture": "design",
    "tech-spec": "design",
    "spec": "design",
    "proposal": "design",
    "adr": "adr",
    "decision": "adr",
    "decision-record": "adr",
    "runbook": "runbook",
    "playbook": "runbook",
    "on-call": "runbook",
    "oncall": "runbook",
    "postmortem": "postmortem",
    "post-mortem": "postmortem",
    "incident": "postmortem",
    "incident-review": "postmortem",
    "retrospective": "postmortem",
    "rca": "postmortem",
    "onboarding": "onboarding",
    "onboarding-guide": "onboarding",
    "howto": "howto",
    "how-to": "howto",
    "guide": "howto",
    "tutorial": "howto",
}

_TITLE_WORDS: dict[str, re.Pattern[str]] = {
    "adr": re.compile(r"\badr\b|architecture decision|decision record|^\s*\d{3,4}[-_ .:]", re.I),
    "postmortem": re.compile(
        r"post[- ]?mortem|incident (review|report|retro\w*|analysis)|\boutage\b|\brca\b|\bretrospective\b|\bincident\b",
        re.I,
    ),
    "runbook": re.compile(
        r"\brun ?book\b|\bplaybook\b|\bon[- ]?call\b|\bsop\b|^alert\b|\balert:", re.I
    ),
    "onboarding": re.compile(
        r"\bonboarding\b|\bnew (joiners?|hires?|engineers?|starters?)\b|\bwelcome to\b|\bfirst (week|day)\b",
        re.I,
    ),
    "howto": re.compile(
        r"^\s*how (to|do i)\b|\bhow-?to\b|\bguide to\b|\btutorial\b|\bstep[- ]by[- ]step\b", re.I
    ),
    "design": re.compile(
        r"\bdesign\b|\brfc\b|\bproposal\b|\barchitecture\b|\btech(nical)? spec\b|\bone-?pager\b",
        re.I,
    ),
}

_DIR_WORDS: dict[str, re.Pattern[str]] = {
    "adr": re.compile(r"^(adrs?|decisions?|architecture-decisions?)$", re.I),
    "postmortem": re.compile(r"^(post-?mortems?|incidents?|retros?)$", re.I),
    "runbook": re.compile(r"^(runbooks?|playbooks?|on-?call)$", re.I),
    "onboarding": re.compile(r"^onboarding$", re.I),
    "howto": re.compile(r"^(how-?tos?|guides?|tutorials?)$", re.I),
    "design": re.compile(r"^(designs?|rfcs?|design-docs?|proposals?|peps?)$", re.I),
}

_CONTENT_WORDS: dict[str, re.Pattern[str]] = {
    "postmortem": re.compile(
        r"\b(we were paged|outage|incident|root cause|customers were|mitigated at|resolved at)\b",
        re.I,
    ),
    "runbook": re.compile(
        r"\b(kubectl|if the alert|when this alert|on-?call engineer|page the)\b", re.I
    ),
    "adr": re.compile(r"\b(we will use|we decided|superseded by|decision)\b", re.I),
    "onboarding": re.compile(r"\b(welcome|your first|new joiner|git clone)\b", re.I),
    "howto": re.compile(r"\b(this guide|follow these steps|you should now see)\b", re.I),
    "design": re.compile(r"\b(we propose|trade-?offs?|non-goals?|this (doc|rfc) proposes)\b", re.I),
}


#: Header fields that number an enhancement proposal ("PEP: 670"): it is a design doc / RFC.
PROPOSAL_KEYS = ("pep", "rfc", "proposal")


def normalise_kind(kind: str) -> str:
    """Map a user-given kind (``RFC``, ``post-mortem``...) onto one of :data:`KINDS`.

    Raises:
        InputError: The kind is not known.
    """
    key = re.sub(r"[\s_]+", "-", kind.strip().lower())
    if key in ALIASES:
        return ALIASES[key]
    raise InputError(
        f"unknown document kind {kind!r}; choose one of: {', '.join(KINDS)}",
    )


def detect(doc: Document, *, path: str | None = None) -> tuple[str, str]:
    """Return the kind of ``doc`` and the source of that verdict.

    Args:
        doc: The parsed document.
        path: The file it came from, if any (its directory and name count as a hint).

    Returns:
        ``(kind, source)`` where source is ``front matter``, ``title``, ``path``,
        ``headings``, ``content`` or ``default``.
    """
    declared = doc.meta.get("kind") or doc.meta.get("type")
    if isinstance(declared, str):
        try:
            return normalise_kind(declared), "front matter"
        except InputError:
            pass
    if any(k in doc.meta for k in PROPOSAL_KEYS):  # "PEP: 670": an enhancement proposal
        return "design", "front matter"
    scores: dict[str, dict[str, float]] = {k: {} for k in KINDS}

    title = doc.title or ""
    stem = PurePath(path).stem.replace("-", " ").replace("_", " ") if path else ""
    for kind, pattern in _TITLE_WORDS.items():
        if title and pattern.search(title):
            scores[kind]["title"] = 3.0
        elif stem and pattern.search(stem):
            scores[kind]["title"] = 2.0
    if path:
        for part in PurePath(path).parts[:-1]:
            for kind, pattern in _DIR_WORDS.items():
                if pattern.match(part):
                    scores[kind]["path"] = 2.0

    headings = [normalise_heading(s.title) for s in doc.body_sections()]
    for kind, aspects in RUBRICS.items():
        total = 0.0
        for aspect in aspects:
            if aspect.catch_all:
                continue
            for h in headings:
                text = aspect.strip.sub(" ", h) if aspect.strip else h
                if aspect.heading.search(text):
                    total += aspect.signal
                    break
        if total:
            scores[kind]["headings"] = total

    body = " ".join(b.text for _, b in doc.all_blocks() if b.kind != "comment")[:20000]
    for kind, pattern in _CONTENT_WORDS.items():
        hits = len(set(m.group(0).lower() for m in pattern.finditer(body)))
        if hits:
            scores[kind]["content"] = min(hits * 0.4, 1.6)

    totals = {k: sum(v.values()) for k, v in scores.items()}
    best = max(KINDS, key=lambda k: (totals[k], -KINDS.index(k)))
    if totals[best] <= 0:
        return "design", "default"
    source = max(scores[best], key=lambda s: scores[best][s])
    return best, source
