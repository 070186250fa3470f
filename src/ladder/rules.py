"""The rules text must follow to come in, whatever the door: the one place they are written.

The capture path, the CLI, the web API and ``ladder import`` all call these functions, so a
rule changes in one place:

- an entry's fields: :func:`clean_entry` (text, impact, tags, links);
- any other text — a note, a title, a name: :func:`check_text` / :func:`text_problem` (valid
  Unicode, no NUL character, a length limit);
- days and months: :func:`check_day`, :func:`check_month` (the years :data:`YEARS`, not in
  the future where the work log records what happened);
- the wording of errors: :func:`did_you_mean`, :func:`shorten` (a quoted value is cut, not
  echoed whole).

Pure Python, no heavy imports: this module sits on the capture path.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ladder.errors import InputError

MAX_TEXT = 20_000
MAX_IMPACT = 4_000
MAX_TAG = 64
MAX_LINKS = 50
#: A person's name (a mentee, the other side of a 1:1, a rater).
MAX_NAME = 120
#: The years a day, a month or a period may fall in: beyond them, calendars run out
#: (``9999-12`` has no next month) and nobody's career happened before 1900.
YEARS = (1900, 2999)

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
    value = check_text(url, "link").strip()
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
    body = check_text(text.strip(), "entry text")
    if not body:
        raise InputError(
            'the entry text is empty: say what you did, e.g. ladder log "Led the cache design review"'
        )
    effect = check_text(impact.strip(), "impact", limit=MAX_IMPACT) if impact else None
    all_tags = dict.fromkeys(inline_tags(body))
    for tag in tags:
        all_tags.setdefault(clean_tag(tag), None)
    if len(links) > MAX_LINKS:
        raise InputError(f"{len(links)} links given; the limit is {MAX_LINKS}")
    clean_links = list(dict.fromkeys(clean_link(u) for u in links))
    return CleanEntry(text=body, impact=effect or None, tags=list(all_tags), links=clean_links)


# -- any text -----------------------------------------------------------------------------------


def unicode_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored or printed as UTF-8 (a lone surrogate), or None.

    Arguments and standard input that are not UTF-8 reach Python as lone surrogates
    (``\\udcff`` for the byte 0xff); so does a JSON ``"\\udcff"`` escape.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
            return f"byte 0x{code - 0xDC00:02x} at character {exc.start + 1} is not UTF-8"
        return f"character {exc.start + 1} is a lone surrogate (\\u{code:04x}), not text"
    return None


def text_problem(text: str, what: str, *, limit: int = MAX_TEXT) -> str | None:
    """Why ``text`` cannot be saved as the ``what`` (not UTF-8, a NUL, too long), or None.

    ``what`` names the field in the message: "note", "notes" (plural names take "are").
    """
    plural = what.endswith("s") and not what.endswith("ss")
    problem = unicode_problem(text)
    if problem:
        return f"the {what} {'are' if plural else 'is'} not valid text: {problem}"
    if "\x00" in text:
        return f"the {what} {'contain' if plural else 'contains'} a NUL character"
    if len(text) > limit:
        return (
            f"the {what} {'are' if plural else 'is'} {len(text)} characters long; "
            f"the limit is {limit}"
        )
    return None


def check_text(text: str, what: str, *, limit: int = MAX_TEXT, hint: str | None = None) -> str:
    """``text`` unchanged, once :func:`text_problem` finds nothing wrong with it.

    Args:
        text: The value given.
        what: What it is, for the message ("note", "title").
        limit: The most characters it may have.
        hint: What to say under the error.

    Raises:
        InputError: It is not valid Unicode, contains a NUL character or is too long.
    """
    problem = text_problem(text, what, limit=limit)
    if problem:
        too_long = problem.endswith(f"the limit is {limit}")
        raise InputError(
            problem,
            hint=hint
            or ("keep the gist here and the rest in a document you link" if too_long else None),
        )
    return text


def check_name(name: str, what: str = "name") -> str:
    """A person's name with its spacing tidied.

    Raises:
        InputError: It is empty, too long, not valid text or contains a NUL character.
    """
    clean = " ".join(check_text(str(name), what).split())
    if not clean:
        raise InputError(f"the {what} is empty", hint="give the person's name, e.g. Sam")
    if len(clean) > MAX_NAME:
        raise InputError(f"the {what} is longer than {MAX_NAME} characters")
    return clean


# -- days and months ---------------------------------------------------------------------------


def check_year(what: str, year: int) -> None:
    """Refuse a year outside :data:`YEARS`.

    Raises:
        InputError: It is outside.
    """
    low, high = YEARS
    if not low <= year <= high:
        raise InputError(
            f"{what} reaches the year {year}: ladder works with the years {low} to {high}",
            hint="pick a time nearer today",
        )


def check_day(value: str | dt.date, what: str, *, today: dt.date | None = None) -> dt.date:
    """A day given as ``YYYY-MM-DD`` (or a date), in :data:`YEARS` and, when ``today`` is
    given, not after it (the work log records what happened).

    Raises:
        InputError: It is not a date, lies outside the years, or is in the future.
    """
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            if not _DAY.fullmatch(str(value)):
                raise ValueError(value)
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            raise InputError(f"the {what} {shorten(value)!r} is not a date (YYYY-MM-DD)") from None
    check_year(f"the {what} {day.isoformat()}", day.year)
    if today is not None and day > today:
        raise InputError(
            f"the {what} {day.isoformat()} is in the future: the work log records what happened"
        )
    return day


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")


def check_month(value: str, what: str = "month") -> str:
    """A month written ``YYYY-MM``, in :data:`YEARS`.

    Raises:
        InputError: It is not one.
    """
    match = _MONTH.fullmatch(str(value))
    if not match:
        raise InputError(
            f"the {what} {shorten(value)!r} is not a month (YYYY-MM)",
            hint="write the month as YYYY-MM, for example 2026-12",
        )
    check_year(f"the {what} {value}", int(match[1]))
    return str(value)


# -- wording -------------------------------------------------------------------------------------


def close_matches(
    given: str, known: Iterable[str], *, n: int = 1, cutoff: float = 0.6, fold: bool = False
) -> list[str]:
    """Up to ``n`` of ``known`` spelled like ``given`` (ignoring case when ``fold``)."""
    import difflib

    choices = list(known)
    if not fold:
        return difflib.get_close_matches(given, choices, n=n, cutoff=cutoff)
    lowered: dict[str, str] = {}
    for k in choices:
        lowered.setdefault(" ".join(k.lower().split()), k)
    found = difflib.get_close_matches(
        " ".join(given.lower().split()), list(lowered), n=n, cutoff=cutoff
    )
    return [lowered[f] for f in found]


def did_you_mean(
    given: str, known: Iterable[str], *, n: int = 1, cutoff: float = 0.6, fold: bool = False
) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``known``, or ``""`` when none is close."""
    return suggestion(close_matches(given, known, n=n, cutoff=cutoff, fold=fold))


def suggestion(close: Iterable[str]) -> str:
    """`` (did you mean 'x', 'y'?)`` for names already found, or ``""`` for none."""
    names = [repr(c) for c in close]
    return f" (did you mean {', '.join(names)}?)" if names else ""


def unknown(
    kind: str, given: str, known: Iterable[str], *, listing: str = "use one of", fold: bool = False
) -> str:
    """``unknown kind 'x' (did you mean 'y'?); use one of: a, b, c`` — one wording for all."""
    choices = list(known)
    return (
        f"unknown {kind} {shorten(given)!r}{did_you_mean(given, choices, fold=fold)}; "
        f"{listing}: {', '.join(choices)}"
    )


def shorten(value: object, limit: int = 60) -> str:
    """``value`` as text, cut to ``limit`` characters with an ellipsis and the length cut.

    Messages quote what a person gave; a 1 MB line must not come back whole.
    """
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text) - limit + 1:,} more characters)"
