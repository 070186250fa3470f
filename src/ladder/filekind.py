"""What a file looks like, so that a command given the wrong file can say what it got.

``ladder import brag.md`` should say "brag.md is a brag document (Markdown), not a ladder
export", not report a JSON syntax error on line 1. :func:`describe` reads the first bytes of a
file and names its kind, with the command that does take it when ladder has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: How much of a file is read to recognise it.
HEAD_BYTES = 8192

_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*:(?:\s|$)", re.M)
_LADDER_KEYS = re.compile(r"^(?:areas|levels):(?:\s|$)", re.M)
_MD_LINE = re.compile(r"^(?:#{1,6} |[-*] |\d+\. |> |```)", re.M)


@dataclass(frozen=True)
class Kind:
    """What a file looks like."""

    name: str  # "a brag document (Markdown)"
    takes_it: str = ""  # the command that reads such a file, if any: "ladder framework use FILE"
    json: bool = False  # it is (or starts like) JSON: let the JSON reader report on it


def describe(head: bytes) -> Kind:
    """Name the kind of a file from its first bytes (:data:`HEAD_BYTES` are enough).

    Example:
        >>> describe(b"# Brag document: Ada\\n").name
        'a brag document (Markdown)'
    """
    if not head.strip():
        return Kind("empty")
    for magic, name in (
        (b"%PDF", "a PDF document"),
        (b"SQLite format 3\x00", "a SQLite database"),
        (b"PK\x03\x04", "a zip archive"),
        (b"\x1f\x8b", "a gzip-compressed file (unpack it first)"),
    ):
        if head.startswith(magic):
            takes = "ladder --home ITS_FOLDER export backup.json, then import that"
            return Kind(name, takes if b"SQLite" in magic else "")
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut at the end of the head
            return Kind("binary data, not text")
        text = head[: exc.start].decode("utf-8")
    text = text.lstrip("\ufeff")
    start = text.lstrip()
    lower = start[:200].lower()
    if start.startswith(("{", "[")):
        return Kind("JSON", json=True)
    if lower.startswith(("<!doctype html", "<html")):
        return Kind("an HTML page")
    if start.startswith("<?xml") or start.startswith("<"):
        return Kind("XML or HTML")
    if start.startswith("BEGIN:VCALENDAR"):
        return Kind("a calendar (iCalendar)", "ladder harvest calendar FILE.ics")
    first = start.splitlines()[0] if start else ""
    if first.startswith("# Brag document"):
        return Kind("a brag document (Markdown)")
    if first.startswith("# Promotion packet"):
        return Kind("a promotion packet (Markdown)")
    if first.startswith("# What ") and " did" in first:
        return Kind("a status report (Markdown)")
    # YAML comments look like Markdown headings: judge YAML by its first line of content
    content = next(
        (line for line in start.splitlines() if line.strip() and not line.startswith("#")), ""
    )
    if _LADDER_KEYS.search(text) and _YAML_KEY.match(content):
        return Kind("a ladder file (YAML)", "ladder framework use FILE")
    if _MD_LINE.match(start) or len(_MD_LINE.findall(text)) >= 2:
        return Kind("Markdown")
    if start.startswith("---") or _YAML_KEY.match(start):
        return Kind("YAML")
    lines = [line for line in start.splitlines()[:5] if line.strip()]
    if len(lines) >= 2 and all(line.count(",") == lines[0].count(",") > 0 for line in lines):
        return Kind("CSV")
    return Kind("plain text")
