"""The rules a work-log entry must follow: the one place they are written.

Both the capture path and the core API call :func:`clean_entry`, so a rule changes in one
place. Pure Python, no heavy imports: this module sits on the capture path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ladder.errors import InputError

MAX_TEXT = 20_000
MAX_IMPACT = 4_000
MAX_TAG = 64
MAX_LINKS = 50

#: An inline tag: ``@name`` at the start of a word (so ``me@example.com`` is not a tag).
TAG = re.compile(r"(?<![\w@])@([A-Za-z0-9][\w.-]*[\w]|[A-Za-z0-9])", re.UNICODE)
_TAG_OK = re.compile(r"^[\w][\w.-]*$", re.UNICODE)


@dataclass
class CleanEntry:
    """An entry's fields after validation."""

    text: str
    impact: str | None = None
    tags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def inline_tags(text: str) -> list[str]:
    """The ``@tags`` written in ``text``, lower-cased, in order, without repeats."""
    seen: dict[str, None] = {}
    for match in TAG.finditer(text):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


def clean_tag(tag: str) -> str:
    """Normalise one tag given on its own (``@Perf`` or ``perf`` → ``perf``).

    Raises:
        InputError: The tag is empty, too long or has characters a tag cannot have.
    """
    value = tag.strip().removeprefix("@").lower()
    if not value or len(value) > MAX_TAG or not _TAG_OK.match(value):
        raise InputError(
            f"{tag!r} is not a valid tag: use letters, digits, '-', '_' or '.' (at most {MAX_TAG})"
        )
    return value


def clean_link(url: str) -> str:
    """Check that ``url`` is an absolute http(s), mailto or file link.

    Raises:
        InputError: It is not.
    """
    value = url.strip()
    if "\x00" in value:
        raise InputError("the link contains a NUL character")
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        return value
    if parts.scheme in ("mailto", "file") and (parts.path or parts.netloc):
        return value
    raise InputError(f"{url!r} is not a link: give a full URL such as https://example.com/pr/42")


def clean_entry(
    text: str,
    *,
    impact: str | None = None,
    tags: list[str] | tuple[str, ...] = (),
    links: list[str] | tuple[str, ...] = (),
) -> CleanEntry:
    """Validate and normalise an entry's fields.

    Args:
        text: What happened. Inline ``@tags`` become tags.
        impact: The outcome, in the person's words.
        tags: Extra tags, besides the inline ones.
        links: URLs of the artifacts (PR, doc, ticket).

    Returns:
        The cleaned entry.

    Raises:
        InputError: The text is empty or too long, a tag or link is malformed.
    """
    body = text.strip()
    if not body:
        raise InputError(
            'the entry text is empty: say what you did, e.g. ladder log "Led the cache design review"'
        )
    if len(body) > MAX_TEXT:
        raise InputError(f"the entry text is {len(body)} characters long; the limit is {MAX_TEXT}")
    if "\x00" in body:
        raise InputError("the entry text contains a NUL character")
    effect = impact.strip() if impact else None
    if effect is not None and "\x00" in effect:
        raise InputError("the impact contains a NUL character")
    if effect is not None and len(effect) > MAX_IMPACT:
        raise InputError(f"the impact is {len(effect)} characters long; the limit is {MAX_IMPACT}")
    all_tags = dict.fromkeys(inline_tags(body))
    for tag in tags:
        all_tags.setdefault(clean_tag(tag), None)
    if len(links) > MAX_LINKS:
        raise InputError(f"{len(links)} links given; the limit is {MAX_LINKS}")
    clean_links = list(dict.fromkeys(clean_link(u) for u in links))
    return CleanEntry(text=body, impact=effect or None, tags=list(all_tags), links=clean_links)
