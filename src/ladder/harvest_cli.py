"""``ladder harvest SOURCE`` on the command line: the run, its summary, and a fast path.

Every source's Typer command (``ladder harvest git``, ``jira``, …) parses its arguments and
calls :func:`run` (through :func:`ladder.cli.harvest.run_harvest`): a progress bar on a
terminal, the summary or ``--json``, Ctrl-C.

``ladder harvest git`` also has a fast path (:func:`fast`, taken from ``ladder/__main__.py``):
the same arguments read without Typer and Click, which spend ~0.03 s of CPU importing
themselves and building the command before a harvest starts, then the same :func:`run`
behind the same error handling as :func:`ladder.cli.app.run`. Anything it does not take as it
is — ``--help``, an option it does not know or a repeated one, a value Click would refuse or
read otherwise, a ``git`` source some plugin provides, shell completion — goes to the full
command line, so help, usage and errors have one source.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ladder.errors import ExitStatus, LadderError

if TYPE_CHECKING:
    import datetime as dt

    from ladder.clock import Clock
    from ladder.harvest import Summary
    from ladder.source import Source
    from ladder.workspace import Workspace

#: How many added items the summary lists by title.
LISTED = 10


def run(
    open_workspace: Callable[[], Workspace],
    source: Source,
    *,
    since: str | dt.date | None,
    until: str | dt.date | None,
    as_json: bool,
    **options: Any,
) -> int:
    """Run a harvest with a progress bar (on a terminal), print what it did, and return the
    exit status (:attr:`ExitStatus.INTERRUPTED` after Ctrl-C, with what was written kept)."""
    from ladder import progress

    with open_workspace() as ws:
        try:
            with progress.bar(quiet=as_json) as report:
                summary = ws.harvest(source, since=since, until=until, progress=report, **options)
        except KeyboardInterrupt:
            sys.stderr.write(
                "\ninterrupted: what was harvested so far is kept; run the same command again to resume\n"
            )
            return int(ExitStatus.INTERRUPTED)
    print_summary(summary, source.name, as_json=as_json)
    return int(ExitStatus.OK)


def print_summary(summary: Summary, name: str, *, as_json: bool) -> None:
    """What a harvest did: one line of counts and the first items added, or ``--json``."""
    if as_json:
        sys.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    parts = [
        f"{summary.added} added",
        f"{summary.updated} updated",
        f"{summary.unchanged} unchanged",
    ]
    if summary.kept:
        parts.append(f"{summary.kept} kept as you edited them")
    if summary.withdrawn:
        parts.append(f"{summary.withdrawn} withdrawn (their records moved into other items)")
    if summary.skipped:
        parts.append(f"{summary.skipped} skipped")
    tail = f" · {summary.activities} records" if summary.activities else ""
    if summary.mapped:
        tail += f" · {summary.mapped} mapped onto the ladder (ladder why ID says why)"
    from ladder.layout import clip, say, width

    say(", ".join(parts) + tail, first=f"{name}: ")
    room = width()
    for item in [i for i in summary.items if i["action"] == "added"][:LISTED]:
        head = f"  + #{item['id']} "
        print(head + clip(item["title"], room - len(head)))
    more = summary.added - LISTED
    if more > 0:
        say(f"… and {more} more: ladder entries --source {name}", first="  ")
    for note in summary.notes:  # a note's own lines stay lines (a command to copy whole)
        for n, part in enumerate(note.split("\n")):
            say(part, first="note: " if n == 0 else "      ", file=sys.stderr)


# -- the fast path of `ladder harvest git` -----------------------------------------------------

#: The options of ``ladder harvest git`` that take a value, by the names they answer to.
_VALUED = {"--since": "since", "--until": "until", "--jobs": "jobs", "-j": "jobs"}
#: The variable through which the shell asks for completions (:data:`ladder.cli.app.COMPLETE_VAR`).
_COMPLETE_VAR = "_LADDER_COMPLETE"


def parse_git(args: Sequence[str]) -> tuple[str | None, dict[str, Any]] | None:
    """``(home, options)`` of ``ladder [--home H] harvest git [PATH…] [--since W] [--until W]
    [--jobs N] [--json]`` as Typer would read them, or None for anything else, or anything
    read otherwise or refused (left to the full command line)."""
    rest = list(args)
    home: str | None = None
    if rest[:1] == ["--home"] and len(rest) > 1:
        home, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--home="):
        home, rest = rest[0].split("=", 1)[1], rest[1:]
    if rest[:2] != ["harvest", "git"] or (home is not None and (not home or home[0] == "-")):
        return None
    paths: list[str] = []
    options: dict[str, Any] = {}
    words = iter(rest[2:])
    for arg in words:
        if not arg.startswith("-"):
            paths.append(arg)
            continue
        name, eq, value = arg.partition("=")
        key: str | None
        if arg == "--json":
            key, value = "as_json", "yes"
        elif eq and name.startswith("--") and name in _VALUED:  # --since=2026-01-01
            key = _VALUED[name]
        elif arg in _VALUED:  # --since 2026-01-01, -j 4
            key, value = _VALUED[arg], next(words, "-")
        elif arg.startswith("-j") and arg[2:3].isdigit():  # -j4
            key, value = "jobs", arg[2:]
        else:
            return None  # --help, an unknown option, `--`, a path that starts with "-"
        if key in options or value.startswith("-"):
            return None  # repeated, or a value missing (or one Click might read otherwise)
        options[key] = value
    jobs = options.get("jobs")
    if jobs is not None:
        try:
            options["jobs"] = int(jobs)  # as Click's INT reads it
        except ValueError:
            return None
        if options["jobs"] < 1:
            return None  # Click's range error
    options["as_json"] = "as_json" in options
    options["paths"] = paths or ["."]
    return home, options


def fast(
    args: Sequence[str],
    *,
    environ: Mapping[str, str] | None = None,
    clock: Clock | None = None,
) -> int | None:
    """Run ``ladder harvest git …`` without Typer; None when the full command line must.

    Errors end as in :func:`ladder.cli.app.run`: a domain error is one ``error:`` line and its
    exit status; ``kill`` and a closed terminal interrupt as Ctrl-C does (exit 128 + the
    signal); Ctrl-C before the harvest starts exits 130 quietly; a reader that leaves ends the
    command quietly.
    """
    env = dict(os.environ if environ is None else environ)
    if _COMPLETE_VAR in env or _COMPLETE_VAR in os.environ:
        return None
    parsed = parse_git(args)
    if parsed is None:
        return None
    home, options = parsed
    from ladder.source import discover
    from ladder.sources.git import GitSource

    source = discover(only="git")[0].get("git")
    if type(source) is not GitSource:
        return None  # none, or another package's `git`: its own command line
    from ladder.terminal import signals_interrupt

    def open_workspace() -> Workspace:
        from ladder.workspace import Workspace

        return Workspace.open(None if home is None else Path(home), env=env, clock=clock)

    with signals_interrupt() as received:
        code = _guarded(
            lambda: run(
                open_workspace,
                source,
                since=options.get("since"),
                until=options.get("until"),
                as_json=options["as_json"],
                paths=options["paths"],
                jobs=options.get("jobs"),
            )
        )
    if received and code == ExitStatus.INTERRUPTED:
        return 128 + received[0]
    return code


def _guarded(command: Callable[[], int]) -> int:
    """``command()``, its errors ended as :func:`ladder.cli.app.run` ends them."""
    try:
        return command()
    except LadderError as err:
        from ladder.terminal import report_error

        report_error(err)
        return int(err.exit_status)
    except KeyboardInterrupt:  # before the harvest started: Typer exits 130, saying nothing
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        # the reader left (`ladder harvest git | head -1`): silence the flush at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(ExitStatus.OK)


__all__ = ["fast", "parse_git", "print_summary", "run"]
