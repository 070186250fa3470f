"""Plain text laid out for the terminal: its width, wrapping that never cuts a word, columns.

Every command prints through these helpers (or through Rich, which measures the same width),
so output reads well in an 80-column terminal and uses the room of a wider one. The width is
``$COLUMNS`` when set, else the terminal's, else 80 (a pipe or a file), never under
:data:`MIN_WIDTH`. Words are never broken at a hyphen, and a word longer than a whole line
(a long URL) is kept whole on a line of its own rather than cut.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

#: The narrowest layout; below it, lines are allowed to run over.
MIN_WIDTH = 40
#: The width of a pipe, a file, or anything that is not a terminal.
DEFAULT_WIDTH = 80


def width(environ: Mapping[str, str] | None = None, stream: TextIO | None = None) -> int:
    """The columns to lay text out in: ``$COLUMNS``, else the terminal's width, else 80."""
    env = os.environ if environ is None else environ
    value = env.get("COLUMNS", "").strip()
    if value.isdigit() and int(value) > 0:
        return max(int(value), MIN_WIDTH)
    try:
        columns = os.get_terminal_size((stream or sys.stdout).fileno()).columns
    except (AttributeError, OSError, ValueError):
        columns = DEFAULT_WIDTH
    return max(columns or DEFAULT_WIDTH, MIN_WIDTH)


def wrap(text: str, room: int, *, first: str = "", indent: str | None = None) -> list[str]:
    """``text`` in lines of at most ``room`` characters, breaking only between words.

    Args:
        text: The text; a new line or a tab counts as a space.
        room: The longest line, indents included.
        first: What the first line starts with (a label such as ``"why: "``).
        indent: What the other lines start with (default: as many spaces as ``first``).
    """
    rest = " " * len(first) if indent is None else indent
    lines = textwrap.wrap(
        text.strip(),
        max(room, len(first) + 1, len(rest) + 1),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )
    return lines or [first.rstrip()]


def say(
    text: str,
    *,
    first: str = "",
    indent: str | None = None,
    room: int | None = None,
    file: TextIO | None = None,
) -> None:
    """Print ``text`` wrapped to the terminal (see :func:`wrap`)."""
    for line in wrap(text, room or width(), first=first, indent=indent):
        print(line, file=file)


#: Markdown lines that are never re-wrapped: headings, table rows, HTML, blank lines, and
#: indented code (four spaces or more).
_MD_KEEP = re.compile(r"^(?:\s{0,3}(?:#|\||<)|\s*$| {4,}(?![-*+] |\d+[.)] |— ))")
_MD_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_MD_LEAD = re.compile(r"^(\s*(?:>\s?)*)((?:[-*+]|\d{1,9}[.)])\s+)?")
#: A word that would change the meaning of the line it starts: a heading, a list item, a
#: quote, a rule or an underline.
_MD_RISKY = re.compile(r"^(?:#{1,6}|[-*+>|]|\d{1,9}[.)]|=+|-+|_+|\*+|`{3,}|~{3,})$")


def wrap_markdown(text: str, room: int) -> str:
    """A Markdown document with its paragraphs and list items wrapped to ``room`` columns
    (ladder's documents: text they quote is escaped, so no fence opens inside a list item).

    What Markdown reads as the same paragraph stays one paragraph: a list item goes on under
    its text, a quote keeps its ``>``, and no line starts with a word that would make it a
    heading, a list item or a rule. Headings, table rows (one line each, or they are no table),
    code and hard line breaks are left as they are.
    """
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if _MD_FENCE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        if fenced or len(line) <= room or _MD_KEEP.match(line):
            out.append(line)
            continue
        lead = _MD_LEAD.match(line)
        assert lead is not None  # both groups may be empty
        first = lead.group(0)
        indent = lead.group(1) + " " * len(lead.group(2) or "")
        body = line[len(first) :]
        if _MD_RISKY.match(body.partition(" ")[0]):  # a heading or list inside a list item
            out.append(line)
            continue
        hard = body[len(body.rstrip()) :] if body.endswith(("  ", "\\")) else ""
        if body.endswith("\\"):
            hard, body = "\\", body[:-1]
        # a word that must not start a line is tied to the word before it (by a NUL, which
        # no text holds, while wrapping), so "… step" + "11." comes out as "step 11."
        words = body.split(" ")
        for n in range(1, len(words)):
            if words[n - 1] and _MD_RISKY.match(words[n]):
                words[n] = "\x00" + words[n]
        tied = " ".join(words).replace(" \x00", "\x00")
        lines = [ln.replace("\x00", " ") for ln in wrap(tied, room, first=first, indent=indent)]
        out.extend(lines)
        out[-1] += hard
    return "\n".join(out)


def joined(parts: Sequence[str], room: int, *, sep: str = " · ", indent: str = "  ") -> list[str]:
    """``parts`` joined by ``sep`` in lines of at most ``room``, breaking only between parts.

    For lines such as "Ada Lovelace · Mid → Senior · software-engineering@2026.12 · 2026-11-24":
    a part that does not fit starts the next line, after ``indent``; a part longer than a line
    is wrapped between its words.
    """
    lines: list[str] = []
    current = ""
    for part in parts:
        trial = part if not current else current + sep + part
        if len(trial) <= room or not current:
            current = trial
            continue
        lines.append(current)
        current = indent + part
    if current:
        lines.append(current)
    out: list[str] = []
    for n, line in enumerate(lines):
        out.extend(wrap(line.strip(), room, first=indent if n else "", indent=indent))
    return out


def clip(text: str, room: int) -> str:
    """``text`` on one line of at most ``room`` characters, cut between words with ``…``."""
    text = " ".join(text.split())
    if len(text) <= room:
        return text
    cut = text[: max(room - 1, 1)]
    space = cut.rfind(" ")
    if space > room * 0.5:
        cut = cut[:space]
    return cut.rstrip(" ,;:-\u2013\u2014·") + "…"


@dataclass(frozen=True)
class Column:
    """A column of :func:`columns`."""

    header: str
    right: bool = False  # align right (numbers)
    flex: bool = False  # wraps (between words) to share the room the other columns leave
    below: bool = False  # when the row does not fit, this column goes to a line of its own


#: A flex column is not squeezed below this (or its longest word, if that is longer).
FLEX_MIN = 12


def columns(
    spec: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    room: int | None = None,
    gap: int = 2,
    header: bool = True,
    paint: Sequence[str | None] | None = None,
) -> list[str]:
    """Rows as aligned columns in ``room``: flex columns wrap, the others keep their width.

    The flex columns give up room, the widest first, down to their longest word (at least
    :data:`FLEX_MIN`); no word is ever cut. When even that does not fit, the ``below`` columns
    leave the row and follow it on lines of their own, under the first flex column.

    Args:
        spec: The columns.
        rows: The cells, one sequence per row, as many as ``spec``.
        room: The width (default: the terminal's).
        gap: Spaces between columns.
        header: Print the headers as the first line.
        paint: Per column, an ANSI SGR code ("2", "36") to colour its cells with, or None.

    Returns:
        The lines, without trailing spaces.
    """
    room = room or width()
    count = len(spec)
    head = [c.header if header else "" for c in spec]
    cells = [[" ".join(cell.split()) for cell in row] for row in rows]
    everything = [head, *cells]
    natural = [max(len(r[i]) for r in everything) for i in range(count)]
    least = [
        min(natural[i], max(FLEX_MIN, *(len(w) for r in everything for w in r[i].split())))
        if spec[i].flex
        else natural[i]
        for i in range(count)
    ]

    def need(cols: list[int], sizes: list[int]) -> int:
        return sum(sizes[i] for i in cols) + gap * (len(cols) - 1)

    shown = list(range(count))
    moved: list[int] = []
    if need(shown, least) > room:
        moved = [i for i in shown if spec[i].below]
        shown = [i for i in shown if not spec[i].below]
    widths = list(natural)
    over = need(shown, widths) - room
    while over > 0:
        give = [i for i in shown if spec[i].flex and widths[i] > least[i]]
        if not give:
            break
        widest = max(give, key=lambda i: widths[i])
        widths[widest] -= 1
        over -= 1
    colour = list(paint or [None] * count)

    def painted(i: int, text: str) -> str:
        code = colour[i]
        return f"\x1b[{code}m{text}\x1b[0m" if code and text.strip() else text

    def line(parts: list[tuple[int, str]]) -> str:
        out = []
        for i, text in parts:
            padded = text.rjust(widths[i]) if spec[i].right else text.ljust(widths[i])
            out.append(painted(i, padded) if text else padded)
        return (" " * gap).join(out).rstrip()

    first_flex = next((i for i in shown if spec[i].flex), None)
    start = 2 if first_flex is None else need(shown[: shown.index(first_flex)], widths) + gap
    start = 2 if first_flex == shown[0] else start
    out: list[str] = []
    if header:
        out.append(line([(i, head[i]) for i in shown]))
    for row in cells:
        stacks = {i: (wrap(row[i], widths[i]) if spec[i].flex else [row[i]]) for i in shown}
        height = max(len(stack) for stack in stacks.values())
        for n in range(height):
            out.append(line([(i, stacks[i][n] if n < len(stacks[i]) else "") for i in shown]))
        extra = ", ".join(row[i] for i in moved if row[i])
        if extra:
            out.extend(" " * start + painted(moved[0], text) for text in wrap(extra, room - start))
    return out


def paints(stream: TextIO | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """True when colour may be used: a terminal, and no ``$NO_COLOR``."""
    env = os.environ if environ is None else environ
    target = stream or sys.stdout
    return bool(getattr(target, "isatty", lambda: False)()) and "NO_COLOR" not in env


def hanging(first: object, text: object, *, style: str = "") -> object:
    """A Rich renderable: ``first`` (a label or an indent), then ``text`` wrapped beside it.

    Rich wraps a long line back to column 0; this keeps the continuation lines under the start
    of ``text``, the way :func:`wrap` does for plain output. ``first`` and ``text`` are plain
    strings (shown in ``style``) or Rich ``Text``.
    """
    from rich.table import Table
    from rich.text import Text

    head = first if isinstance(first, Text) else Text(str(first), style=style)
    body = text if isinstance(text, Text) else Text(str(text), style=style)
    grid = Table.grid(padding=0)
    grid.add_column(no_wrap=True, width=head.cell_len)
    grid.add_column(overflow="fold")
    grid.add_row(head, body)
    return grid


def rich_console(**options: Any) -> Console:
    """A Rich console whose output carries no escape sequence of the text it shows.

    Rich colours and styles what ladder marks up, but text that comes from the person or a
    harvest is printed as it is, and on a terminal the stream keeps colour sequences (it
    cannot tell ladder's from the text's): ``ESC[31m`` typed into a note would turn the
    screen red. This console removes every escape sequence and control character from the
    text before it is measured and drawn, and the spaces Rich pads lines with at their ends
    (a pipe gets plain lines). ``NO_COLOR`` is Rich's own.
    """
    return _console_class()(**options)


@functools.cache
def _console_class() -> type[Console]:
    from rich.console import Console
    from rich.segment import Segment

    from ladder.terminal import clean

    class CleanConsole(Console):
        _depth = 0

        def render_str(self, text: str, **kwargs: Any) -> Any:
            return super().render_str(clean(text), **kwargs)

        def render(self, renderable: Any, options: Any = None) -> Iterator[Segment]:
            self._depth += 1
            try:
                segments = super().render(renderable, options)
                cleaned = (
                    s if s.control or s.text.isprintable() else Segment(clean(s.text), s.style)
                    for s in segments
                )
                if self._depth > 1:
                    yield from cleaned
                else:
                    yield from _trimmed(cleaned)
            finally:
                self._depth -= 1

    return CleanConsole


def _trimmed(segments: Iterable[Any]) -> Iterator[Any]:
    """``segments`` without the plain spaces that end each line (padding, not text)."""
    line: list[Any] = []
    for seg in _lines(segments):
        if seg.text == "\n" and not seg.control:
            while line and not line[-1].control and _plain(line[-1]) and not line[-1].text.strip():
                line.pop()
            if line and not line[-1].control and _plain(line[-1]):
                last = line.pop()
                line.append(type(last)(last.text.rstrip(" "), last.style))
            yield from line
            yield seg
            line = []
        else:
            line.append(seg)
    yield from line


def _lines(segments: Iterable[Any]) -> Iterator[Any]:
    """``segments`` with every new line a segment of its own (Rich joins wrapped text)."""
    for seg in segments:
        if seg.control or seg.text == "\n" or "\n" not in seg.text:
            yield seg
            continue
        parts = seg.text.split("\n")
        for n, part in enumerate(parts):
            if n:
                yield type(seg)("\n")
            if part:
                yield type(seg)(part, seg.style)


def _plain(seg: Any) -> bool:
    """A segment whose spaces show nothing (no background, no underline)."""
    style = seg.style
    return style is None or (style.bgcolor is None and not style.underline and not style.reverse)
