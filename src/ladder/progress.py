"""Progress bars for the commands that can take a while: on a terminal only, gone when done.

Every long command (``harvest``, ``import``, ``map --all``, ``packet``/``brag``/``report`` as
PDF or HTML) reports through :func:`bar`: ``report(description, completed, total)``, where a
``total`` of None means "not known" (a pulsing bar). The bar is drawn on standard error when it
is an interactive terminal, and erased when the work is done, so what the command prints
afterwards stands alone. When standard error is a pipe or a file, or ``TERM`` is ``dumb``, or
the command prints JSON, nothing is drawn and Rich is not even imported.

Example:
    >>> with bar(quiet=True) as report:
    ...     report("Mapping", 1, 2)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

#: ``report(description, completed, total)``; the same shape as a harvest's progress callback.
Report = Callable[[str, float, float | None], None]


def terminal() -> Console | None:
    """A console on standard error when it is an interactive terminal, else None.

    Only a real terminal counts: ``FORCE_COLOR`` (which Rich honours) asks for colour, not for
    a bar redrawn in place, so it does not turn a pipe into a terminal here.
    """
    from ladder.terminal import unguarded

    # The bar redraws itself with cursor movements, which the guarded stderr would strip
    # (ladder.terminal): it writes to the terminal itself; its descriptions are cleaned.
    stream = unguarded(sys.stderr)
    try:
        tty = bool(stream.isatty())
    except (AttributeError, ValueError):
        tty = False
    if not tty or os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return None
    from rich.console import Console

    return Console(
        file=stream, force_terminal=True, force_interactive=True, highlight=False, soft_wrap=False
    )


def _nothing(description: str, completed: float, total: float | None) -> None:
    return None


@contextmanager
def bar(*, quiet: bool = False, console: Console | None = None) -> Iterator[Report]:
    """A transient progress display for the work done inside the ``with`` block.

    Args:
        quiet: Draw nothing (``--json``, or output that must stay clean).
        console: Where to draw (default: :func:`terminal`); drawn only when it is interactive.

    Yields:
        ``report(description, completed, total)``: one line per description, updated in place.
    """
    target = None if quiet else (console if console is not None else terminal())
    if target is None or not target.is_interactive:
        yield _nothing
        return
    from rich.progress import (
        BarColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class Count(ProgressColumn):
        """``M/N`` when there are several things to count, else nothing."""

        def render(self, task: Task) -> Text:
            if task.total is None or task.total <= 1:
                return Text("")
            return Text(f"{int(task.completed)}/{int(task.total)}", style="progress.download")

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        Count(),
        TimeElapsedColumn(),
        console=target,
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def report(description: str, completed: float, total: float | None) -> None:
        description = "".join(c if c.isprintable() else "?" for c in description)
        if description not in tasks:
            tasks[description] = progress.add_task(description, total=total)
        progress.update(tasks[description], completed=completed, total=total)

    with progress:
        yield report


@contextmanager
def step(report: Report, description: str) -> Iterator[None]:
    """One step of unknown length: a pulsing bar while it runs, a full one when it is done."""
    report(description, 0, None)
    yield
    report(description, 1, 1)


__all__ = ["Report", "bar", "step", "terminal"]
