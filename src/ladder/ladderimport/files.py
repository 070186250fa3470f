"""Reading a source file for ``framework import``: bounded, UTF-8, and told apart by kind.

Every format reads its file through :func:`read_source` (a size limit, UTF-8, not empty, not
binary) and reports problems through :func:`fail` (file, line, reason; the others counted).
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ladder.errors import InputError, LocatedError

#: The largest source read. The real ones are under 100 kB (FT's engineering family is 26 kB,
#: snowflake's constants.js 40 kB); a file of 5 MB or more is not a ladder.
MAX_BYTES = 5 * 1024 * 1024
#: The formats ``--from`` takes.
FORMATS = ("ft", "monzo", "snowflake", "csv")


def read_source(path: str | Path) -> str:
    """The text of a source file.

    Raises:
        InputError: Missing, a folder, unreadable.
        LocatedError: 5 MB or larger, binary, not UTF-8, or empty (with the line).
    """
    p = Path(path)
    name = str(p)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name}: is a folder; give the file inside it to import")
    if info.st_size >= MAX_BYTES:
        raise LocatedError(
            name,
            None,
            f"{info.st_size / 1024 / 1024:.1f} MB; files of {MAX_BYTES // 1024 // 1024} MB "
            "or more are refused (a ladder is a few hundred kB at most)",
        )
    try:
        with p.open("rb") as fh:
            data = fh.read(MAX_BYTES)
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(data) >= MAX_BYTES:  # a file that grew, or a device
        raise LocatedError(name, None, f"{MAX_BYTES // 1024 // 1024} MB or more; refused")
    if b"\x00" in data[:65536]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise LocatedError(name, line, "binary data (a NUL byte), not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if exc.reason == "unexpected end of data":
            reason = "the file ends in the middle of a character: is it cut short?"
        else:
            reason = f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        raise LocatedError(name, line, reason) from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise LocatedError(name, 1, "the file is empty")
    return text


def fail(source_name: str, problems: list[tuple[int | None, str]]) -> None:
    """Raise the first of ``problems`` with its line; the hint lists the next few.

    Raises:
        LocatedError: Always.
    """
    problems = sorted(problems, key=lambda p: (p[0] or 0, p[1]))
    line, reason = problems[0]
    more = len(problems) - 1
    hint = None
    if more:
        shown = "; ".join(f"line {ln}: {why}" if ln else why for ln, why in problems[1:4])
        hint = f"also {shown}" + (f" (and {more - 3} more)" if more > 3 else "")
        reason += f" (and {more} more problem{'s' if more > 1 else ''})"
    raise LocatedError(source_name, line, reason, hint=hint)


def parse_yaml(
    text: str, *, source_name: str, first_line: int = 1
) -> tuple[Any, Callable[..., int]]:
    """YAML text → data, and a function giving the file line of a path into it.

    ``at("competencies", 3, "level")`` is the line of that value, else of the nearest
    enclosing one, else ``first_line``.

    Args:
        text: The YAML.
        source_name: The file, for messages.
        first_line: The file line the text starts on (front matter starts on line 2).

    Raises:
        LocatedError: A syntax error, a repeated key, an alias bomb, nesting too deep.
    """
    from ladder import framework

    data, lines, problems = framework.parse_yaml(text)
    shift = first_line - 1
    if problems:
        fail(source_name, [((p.line + shift) if p.line else None, p.reason) for p in problems])

    def at(*path: Any) -> int:
        while path:
            if path in lines:
                return lines[path] + shift
            path = path[:-1]
        return first_line

    return data, at


_FRONT = re.compile(r"\A---[ \t]*\r?\n")


def detect(text: str, path: str) -> str:
    """The format of a source, from its content first and its extension second.

    Raises:
        LocatedError: It is none of the formats (or already a ladder file).
    """
    ext = Path(path).suffix.lower()
    head = text[:20000]
    if re.search(r"^format:\s*1\s*$", head, re.M) and re.search(r"^areas:", head, re.M):
        raise LocatedError(
            path,
            1,
            "this is already a ladder file; check it with `ladder framework validate` and "
            "install it with `ladder framework use`",
        )
    if _FRONT.match(text) and re.search(r"^topics:", head, re.M):
        return "monzo"
    if re.search(r"^competencies:", head, re.M) and re.search(r"^themes:", head, re.M):
        return "ft"
    if re.search(r"\b(?:const|let|var)\s+tracks\b", text) or ext in (".js", ".mjs", ".jsx"):
        return "snowflake"
    first = text.split("\n", 1)[0].lower()
    if ext in (".csv", ".tsv") or (
        re.search(r"\barea\b", first)
        and re.search(r"\blevel\b", first)
        and re.search(r"[,;\t]", first)
    ):
        return "csv"
    if ext in (".md", ".markdown"):
        return "monzo"
    if ext in (".yml", ".yaml"):
        return "ft"
    raise LocatedError(
        path,
        1,
        "cannot tell which format this is (an FT job family, Monzo Markdown, snowflake's "
        "constants.js or a CSV matrix)",
        hint="name it with --from ft|monzo|snowflake|csv",
    )
