"""Domain errors and exit statuses.

Every error the core raises on purpose is a :class:`LadderError`. The CLI turns it into one
clean line on stderr and the error's exit status; it never shows a traceback for these.
"""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    """Exit statuses of the ``ladder`` command."""

    OK = 0
    ERROR = 1  # bad input or a failed operation; nothing was written
    USAGE = 2  # the command line itself was wrong (unknown option, missing argument)
    INTERRUPTED = 130


class LadderError(Exception):
    """An error with a message meant for a person.

    Args:
        message: What went wrong and, where it helps, what to do about it.
        hint: An optional next step, shown on its own line.
    """

    exit_status: ExitStatus = ExitStatus.ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class InputError(LadderError):
    """The input (a value, a file, a date) is not acceptable; nothing was written."""


class LocatedError(InputError):
    """An error in a file, at a known line.

    Args:
        path: The file.
        line: 1-based line number, or None when the position is unknown.
        reason: What is wrong there.
    """

    def __init__(
        self, path: str, line: int | None, reason: str, *, hint: str | None = None
    ) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}", hint=hint)
        self.path = path
        self.line = line
        self.reason = reason


class NotFoundError(LadderError):
    """A thing the user named (an entry id, an area) does not exist."""


class StorageError(LadderError):
    """The store cannot be opened or written (not a database, read-only, unreachable)."""
