"""The capture fast path: ``ladder log "…"`` without Typer, Rich or SQLAlchemy.

``ladder log`` is the command people run many times a day, so it must feel instant. This
module parses the same options as the Typer command (``ladder/cli/entries.py``) with
argparse and calls the same core API (:meth:`ladder.workspace.Workspace.log`), which writes
through the same store with stdlib ``sqlite3``. Validation lives in one place
(:mod:`ladder.rules`, :mod:`ladder.dates`, :func:`ladder.framework.resolve_area`).

Anything unusual — ``--help``, an option it does not know, a store that needs a migration —
falls back to the full command line, so help and usage errors have a single source.
See ``docs/architecture.md``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NoReturn

from ladder.errors import ExitStatus, LadderError

if TYPE_CHECKING:
    import argparse

    from ladder.clock import Clock
    from ladder.evidence import Entry


class _Fallback(Exception):
    """The fast path cannot handle these arguments; the full CLI will."""


def parser() -> argparse.ArgumentParser:
    """The fast parser for ``ladder [--home H] log TEXT… [options]``."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            raise _Fallback(message)

    p = _Parser(prog="ladder log", add_help=False, allow_abbrev=False)
    p.add_argument("text", nargs="+")
    p.add_argument("--date", "-d")
    p.add_argument("--area", "-a", action="append")
    p.add_argument("--impact", "-i")
    p.add_argument("--link", "-l", action="append")
    p.add_argument("--tag", "-t", action="append")
    p.add_argument("--json", dest="as_json", action="store_true")
    return p


def split_argv(argv: Sequence[str]) -> tuple[str | None, list[str]] | None:
    """``(home, log arguments)`` when ``argv`` is a ``log`` command the fast path takes, else None."""
    args = list(argv)
    home = None
    if args[:1] == ["--home"] and len(args) >= 3:
        home, args = args[1], args[2:]
    elif args[:1] and args[0].startswith("--home="):
        home, args = args[0].split("=", 1)[1], args[1:]
    if args[:1] != ["log"]:
        return None
    rest = args[1:]
    if any(a in ("-h", "--help") for a in rest):
        return None
    return home, rest


def confirmation(entry: Entry) -> str:
    """The line ``ladder log`` prints after capturing ``entry``."""
    parts = [f"Logged #{entry.id} on {entry.occurred_on}"]
    if entry.tags:
        parts.append("tags: " + ", ".join(entry.tags))
    areas = list(dict.fromkeys(a.area for a in entry.areas))
    if areas:
        parts.append("areas: " + ", ".join(areas))
    if entry.links:
        parts.append(f"{len(entry.links)} link{'s' if len(entry.links) > 1 else ''}")
    return " · ".join(parts)


def run(
    argv: Sequence[str],
    *,
    environ: Mapping[str, str] | None = None,
    clock: Clock | None = None,
) -> int | None:
    """Capture an entry on the fast path.

    Returns:
        The exit status, or None when the full command line must handle ``argv`` instead.
    """
    split = split_argv(argv)
    if split is None:
        return None
    home, rest = split
    try:
        ns = parser().parse_args(rest)
    except _Fallback:
        return None
    from ladder.workspace import Workspace, resolve_home, resolve_url

    try:
        folder = resolve_home(home, environ)
        if not resolve_url(folder, environ).startswith("sqlite:///"):
            return None  # PostgreSQL: the full path (psycopg is not light either way)
        from ladder.store import connect

        store = connect(resolve_url(folder, environ))
        if not store.is_current():
            store.close()
            return None  # a migration is due: let the full path run it
        with Workspace(store, folder, environ, clock=clock) as ws:
            entry = ws.log(
                " ".join(ns.text),
                date=ns.date,
                areas=ns.area or (),
                impact=ns.impact,
                links=ns.link or (),
                tags=ns.tag or (),
            )
    except LadderError as err:
        from ladder.terminal import report_error

        report_error(err)
        return int(err.exit_status)
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted: nothing was written\n")
        return int(ExitStatus.INTERRUPTED)
    if ns.as_json:
        sys.stdout.write(json.dumps(entry.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(confirmation(entry) + "\n")
    return int(ExitStatus.OK)
