"""What crosses the terminal: arguments and standard input coming in, text going out.

- :func:`argument_problem`: an argument that is not UTF-8 (it reaches Python as a lone
  surrogate, ``\\udcff`` for the byte 0xff) is refused before any command runs, naming it.
- :func:`read_stdin` / :func:`stdin_lines`: standard input decoded as UTF-8, or refused with
  where the bad byte is.
- :func:`clean`: text with its control characters and escape sequences removed, so that a
  title harvested from a calendar (``ESC]0;…BEL``, ``ESC[2J``) cannot retitle, clear or
  rewrite a terminal. :func:`guarded` puts every write to ``sys.stdout`` and ``sys.stderr``
  through it for the length of a command: the one place text is printed.

Pure Python and light: the capture path (``ladder log``) uses it too.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from ladder import rules
from ladder.errors import LadderError, LocatedError

#: An escape sequence (CSI, OSC, DCS/SOS/PM/APC, or a two-character one) or a control
#: character other than tab and newline. Group 1 catches the colour-and-style sequences
#: (SGR, ``ESC[…m``) that ladder itself writes to a terminal.
_CONTROL = re.compile(
    r"(\x1b\[[0-9;:]{0,32}m)"
    r"|\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str, *, keep_style: bool = False) -> str:
    """``text`` without control characters, escape sequences or lone surrogates.

    Tabs and newlines stay. A lone surrogate (text that was not UTF-8) becomes U+FFFD.

    Args:
        text: What is about to be printed.
        keep_style: Keep colour and style sequences (``ESC[1m``, ``ESC[31m``), which only
            change how text looks; every other sequence goes.
    """
    if not text.isascii() and rules.unicode_problem(text):
        text = text.encode("utf-8", "replace").decode("utf-8")
    if not _ANY_CONTROL.search(text):
        return text
    if keep_style:
        return _CONTROL.sub(lambda m: m.group(1) or "", text)
    return _CONTROL.sub("", text)


class CleanStream:
    """A text stream that passes what is written through :func:`clean`.

    Colour and style sequences are kept only when the stream is a terminal: there ladder's
    own colours need them, and they can do no more than colour text. Everything else that
    a stream offers (``isatty``, ``fileno``, ``buffer`` for binary output) is the wrapped
    stream's.
    """

    def __init__(self, stream: TextIO) -> None:
        self.wrapped = stream
        try:
            self._style = bool(stream.isatty())
        except (AttributeError, ValueError, OSError):
            self._style = False

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # Click probes with b"" to tell binary streams apart
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.wrapped.write(clean(text, keep_style=self._style))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.wrapped.flush()

    def isatty(self) -> bool:
        return self._style

    @property
    def encoding(self) -> str:
        return getattr(self.wrapped, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:
        return "replace"

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


def unguarded(stream: TextIO) -> TextIO:
    """The stream behind a :class:`CleanStream`, for output that draws on the terminal itself
    (a progress bar) and cleans its own text."""
    return stream.wrapped if isinstance(stream, CleanStream) else stream


@contextmanager
def guarded() -> Iterator[None]:
    """Put ``sys.stdout`` and ``sys.stderr`` behind :class:`CleanStream` for a command."""
    saved = sys.stdout, sys.stderr
    out, err = CleanStream(saved[0]), CleanStream(saved[1])
    sys.stdout, sys.stderr = out, err
    try:
        yield
    finally:
        # Click may have wrapped our stream (after a closed pipe); then it stays, so the
        # flush at exit stays quiet.
        if sys.stdout is out:
            sys.stdout = saved[0]
        if sys.stderr is err:
            sys.stderr = saved[1]


def clip(text: str, limit: int = 2000) -> str:
    """``text`` whole when short, else its start and end around what was cut: an error that
    quotes a megabyte-long line still fits on a screen and still ends with its reason."""
    if len(text) <= limit:
        return text
    head, tail = limit * 2 // 3, limit // 3
    return f"{text[:head]} … ({len(text) - head - tail:,} characters cut) … {text[-tail:]}"


def report_error(err: LadderError) -> None:
    """Print a domain error as one ``error:`` line (and its hint) on stderr: the one way the
    command line and the capture path say what went wrong."""
    sys.stderr.write(f"error: {clip(err.message)}\n")
    if err.hint:
        sys.stderr.write(f"hint: {clip(err.hint)}\n")


# -- coming in ---------------------------------------------------------------------------------


def shown(arg: str) -> str:
    """An argument as a person can read it, bytes that are not UTF-8 as ``\\xff``."""
    try:
        raw = arg.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return arg.encode("utf-8", "backslashreplace").decode("ascii", "replace")
    return raw.decode("utf-8", "backslashreplace")


def argument_problem(argv: list[str]) -> str | None:
    """Why one of the command-line arguments cannot be read, or None when all can."""
    for n, arg in enumerate(argv):
        problem = rules.unicode_problem(arg)
        if problem is None:
            continue
        before = argv[n - 1] if n else ""
        name = arg.split("=", 1)[0] if arg.startswith("--") and "=" in arg else None
        if name and rules.unicode_problem(name) is None:
            where = f"the value of {name}"
        elif before.startswith("-") and before != "--" and "=" not in before:
            where = f"the argument after {before}"
        else:
            where = f"argument {n + 1}"
        return (
            f"{where} ('{rules.shorten(shown(arg))}') is not valid text: {problem}; "
            "ladder reads arguments as UTF-8"
        )
    return None


#: Signals that end a command the way Ctrl-C does: ``kill``, and the terminal closing.
_STOP_SIGNALS = ("SIGTERM", "SIGHUP")


@contextmanager
def signals_interrupt(*, enabled: bool = True) -> Iterator[list[int]]:
    """While a command runs, ``kill PID`` (SIGTERM) and a closed terminal (SIGHUP) interrupt it
    as Ctrl-C does: transactions roll back, a harvest stops the git it started and keeps what
    it wrote. Yields a list that gets the signal's number; a second signal ends the process.

    Only the main thread can set handlers; elsewhere (a test's worker thread) nothing changes.
    """
    import signal
    import threading

    received: list[int] = []
    if not enabled or threading.current_thread() is not threading.main_thread():
        yield received
        return

    def interrupt(signum: int, frame: object) -> None:
        received.append(signum)
        signal.signal(signum, signal.SIG_DFL)  # a second one is not asked twice
        raise KeyboardInterrupt

    before: dict[int, Any] = {}
    for name in _STOP_SIGNALS:
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) is signal.SIG_DFL:
            before[sig] = signal.signal(sig, interrupt)
    try:
        yield received
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def _stdin_problem(data: bytes, exc: UnicodeDecodeError, name: str) -> LocatedError:
    line = data.count(b"\n", 0, exc.start) + 1
    return LocatedError(
        name, line, f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8 text"
    )


def read_stdin(name: str = "<stdin>") -> str:
    """All of standard input as UTF-8 text.

    Raises:
        LocatedError: It is not UTF-8: the line and the byte.
    """
    binary = getattr(sys.stdin, "buffer", None)
    if binary is not None:
        data = binary.read()
        try:
            return str(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise _stdin_problem(data, exc, name) from None
    text = sys.stdin.read()
    problem = rules.unicode_problem(text)
    if problem:
        line = text.count("\n", 0, _first_surrogate(text)) + 1
        raise LocatedError(name, line, f"not valid text: {problem}")
    return text


def stdin_lines() -> Iterator[str]:
    """Standard input line by line. A line that is not UTF-8 keeps its bad bytes as lone
    surrogates: check each with :func:`ladder.rules.unicode_problem`."""
    binary = getattr(sys.stdin, "buffer", None)
    if binary is None:
        yield from sys.stdin
        return
    for raw in binary:
        yield raw.decode("utf-8", "surrogateescape")


def _first_surrogate(text: str) -> int:
    for i, ch in enumerate(text):
        if 0xD800 <= ord(ch) <= 0xDFFF:
            return i
    return 0
