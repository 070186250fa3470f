"""The ``ladder`` command: a thin Typer shell over :class:`ladder.workspace.Workspace`.

Each command parses its arguments, opens the workspace, calls one method and prints the
result. Domain errors (:class:`ladder.errors.LadderError`) become one ``error:`` line on
stderr and the error's exit status, in :func:`run`, the single exit point.

Heavy modules (Rich tables, YAML, JSON Schema, SQLAlchemy) are imported inside commands, so
``ladder --version`` and ``ladder entries`` start fast.
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
import typer.main

from ladder import __version__
from ladder.clock import SYSTEM, Clock
from ladder.errors import ExitStatus, LadderError
from ladder.terminal import signals_interrupt

if TYPE_CHECKING:
    from rich.console import Console

    from ladder.workspace import Workspace

app = typer.Typer(
    name="ladder",
    help="Your way to Senior and beyond: the ladder as data, a work log of evidence, and where you stand."
    "\n\nStart inside any git repository with [bold]ladder quickstart[/bold], then capture your work as"
    " it happens. Shell completion: [bold]ladder --install-completion[/bold]."
    '\n\nExample: [bold]ladder log "Led the cache review @design" -a system-design[/bold]',
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion: bash, zsh, fish
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

framework_app = typer.Typer(
    help="The ladder itself: show it, validate a ladder file, install a new version."
    "\n\nExample: [bold]ladder framework show --level senior --area system-design[/bold]",
    no_args_is_help=True,
)
app.add_typer(framework_app, name="framework")

harvest_app = typer.Typer(
    help="Gather evidence from your tools: git, GitHub, Jira, calendars, design docs. Idempotent and resumable."
    "\n\nExample: [bold]ladder harvest git ~/src/*[/bold]",
    no_args_is_help=True,
)
app.add_typer(harvest_app, name="harvest")

classify_app = typer.Typer(
    help="Classify ad-hoc text as ladder would: review comments, evidence. JSON lines, for scripts."
    '\n\nExample: [bold]ladder classify review "nit: trailing whitespace"[/bold]',
    no_args_is_help=True,
)
app.add_typer(classify_app, name="classify")

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        help="Workspace folder (default: $LADDER_HOME, else your user data folder).",
        show_default=False,
    ),
]
#: The variable through which the shell asks for completions (Click's ``_{PROG}_COMPLETE``).
COMPLETE_VAR = "_LADDER_COMPLETE"

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class Env:
    """What a command needs from the outside world; tests pass their own."""

    def __init__(
        self,
        environ: Mapping[str, str] | None = None,
        home: Path | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        self.environ = dict(os.environ if environ is None else environ)
        self.home = home
        self.clock: Clock = clock or SYSTEM

    def workspace(self) -> Workspace:
        """Open the workspace this invocation points at."""
        from ladder.workspace import Workspace

        return Workspace.open(self.home, env=self.environ, clock=self.clock)


def _env(ctx: typer.Context) -> Env:
    env = ctx.find_root().obj
    assert isinstance(env, Env)
    return env


def _version(value: bool) -> None:
    if value:
        print(f"ladder {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    home: HomeOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Your way to Senior and beyond.

    Start inside any git repository with [bold]ladder quickstart[/bold], then capture your
    work as it happens: [bold]ladder log "Led the design review of the cache @design"[/bold].
    """
    env = ctx.obj if isinstance(ctx.obj, Env) else Env()
    if home is not None:
        env.home = home
    ctx.obj = env


def console(*, stderr: bool = False) -> Console:
    """A Rich console (imported lazily) that prints no escape sequence of the text it shows."""
    from ladder.layout import rich_console

    return rich_console(stderr=stderr, highlight=False, soft_wrap=False)


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# Commands live in modules by noun; importing them registers them on `app`.
from ladder.cli import doc as _doc  # noqa: E402
from ladder.cli import entries as _entries  # noqa: E402,F401
from ladder.cli import framework as _framework  # noqa: E402,F401
from ladder.cli import harvest as _harvest  # noqa: E402
from ladder.cli import profile as _profile  # noqa: E402,F401

app.add_typer(_doc.app, name="doc")

from ladder.cli import mapping as _mapping  # noqa: E402
from ladder.cli import reviews as _reviews  # noqa: E402

_mapping.register(app, classify_app)
_reviews.register(app, classify_app)

from ladder.cli import assess as _assess  # noqa: E402
from ladder.cli import goals as _goals  # noqa: E402
from ladder.cli import growth as _growth  # noqa: E402
from ladder.cli import jobs as _jobs  # noqa: E402
from ladder.cli import learn as _learn  # noqa: E402
from ladder.cli import mentorship as _mentorship  # noqa: E402
from ladder.cli import remote as _remote  # noqa: E402
from ladder.cli import reports as _reports  # noqa: E402
from ladder.cli import serve as _serve  # noqa: E402
from ladder.cli import users as _users  # noqa: E402

for _module in (
    _assess,
    _growth,
    _goals,
    _jobs,
    _mentorship,
    _learn,
    _remote,
    _reports,
    _serve,
    _users,
):
    _module.register(app)


def run(
    argv: Sequence[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    clock: Clock | None = None,
) -> int:
    """Run the ``ladder`` command line and return its exit status (the one exit point).

    Args:
        argv: The arguments after the program name (default: ``sys.argv[1:]``).
        environ: The environment (default: ``os.environ``).
        clock: Where "now" and "today" come from (default: the wall clock).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    stdout_before = _stdout_identity()
    if _completing_harvest(os.environ):
        _harvest.register_sources()
    elif _command_word(args) == "harvest":
        # sources load lazily: other commands start without them, `harvest git` with git only
        _harvest.register_sources(only=_source_word(args))
    serving = _command_word(args) == "serve"  # the web server stops on signals its own way
    with signals_interrupt(enabled=not serving) as received:
        code = _run_command(args, environ, clock, stdout_before)
    if received and code == ExitStatus.INTERRUPTED:
        return 128 + received[0]  # 143 after SIGTERM, as if the signal had ended the process
    return code


def _run_command(
    args: list[str],
    environ: Mapping[str, str] | None,
    clock: Clock | None,
    stdout_before: tuple[int, int, int] | None,
) -> int:
    try:
        command = typer.main.get_command(_only(app, _command_word(args)))
        _unwrap_help(command)
        _suggest_once(command)
        command(args=args, prog_name="ladder", obj=Env(environ, clock=clock))
    except SystemExit as exc:  # Typer ends every run, good or bad, with SystemExit
        code = exc.code
        if code == 1 and _reader_left(stdout_before):
            return int(ExitStatus.OK)  # Click or Rich met the closed pipe first (see below)
        return code if isinstance(code, int) else (0 if code is None else int(ExitStatus.ERROR))
    except LadderError as err:
        report(err)
        return int(err.exit_status)
    except KeyboardInterrupt:
        sys.stderr.write("\ninterrupted: nothing was written\n")
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        # `ladder entries | head`: the reader left. Silence the flush at exit, as the Python
        # docs recommend, and end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return int(ExitStatus.OK)
    return int(ExitStatus.OK)


def _only(typer_app: typer.Typer, word: str | None) -> typer.Typer:
    """``typer_app`` with only the command or group called ``word``, when there is one.

    Typer builds a Click command for every registered command, reading each one's
    signature and annotations, before it looks at the arguments: ~0.05 s of CPU for ladder's
    ~90 commands, the largest part of the start-up of ``ladder harvest git``. The command the
    arguments name is all a run needs; its usage, help and errors read the same. Without a
    command word (``ladder --help``), with a mistyped one (Click's "Did you mean") and when
    the shell asks for completions, the whole application is built.
    """
    if word is None or COMPLETE_VAR in os.environ:
        return typer_app
    commands = [
        c
        for c in typer_app.registered_commands
        if (
            c.name
            if isinstance(c.name, str)
            else typer.main.get_command_name(c.callback.__name__ if c.callback else "")
        )
        == word
    ]
    groups = [g for g in typer_app.registered_groups if g.name == word]
    if len(commands) + len(groups) != 1 or any(
        not isinstance(g.name, str) for g in typer_app.registered_groups
    ):
        return typer_app
    pruned = copy.copy(typer_app)
    pruned.registered_commands = commands
    pruned.registered_groups = groups
    return pruned


_LIST_LINE = re.compile(r"^\s|^[-*•·]\s|^\d+[.)]\s")


def _unwrap_help(command: click.Command) -> None:
    """Join the hard-wrapped lines of every help paragraph, so the terminal wraps them.

    Typer keeps the line breaks of a docstring's later paragraphs; written at 95 columns, they
    break raggedly in an 80-column terminal. Paragraphs that start with ``\\b`` and lists or
    indented lines keep their breaks.
    """
    import inspect

    if command.help and not getattr(command, "_ladder_unwrapped", False):
        paragraphs = inspect.cleandoc(command.help).split("\n\n")
        command.help = "\n\n".join(
            p
            if p.startswith("\b") or any(_LIST_LINE.match(line) for line in p.splitlines()[1:])
            else " ".join(line.strip() for line in p.splitlines())
            for p in paragraphs
        )
        command._ladder_unwrapped = True  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {}).values():
        _unwrap_help(sub)


def _suggest_once(command: click.Command) -> None:
    """Let one library say "Did you mean …?" for a mistyped command, not two.

    Click 8.4 added its own suggestion (``NoSuchCommand``) to the one Typer already makes, so
    ``ladder sevre`` said "Did you mean 'serve'? Did you mean 'serve'?". Typer's stays only
    with an older Click.
    """
    click_suggests = hasattr(click.exceptions, "NoSuchCommand")
    if hasattr(command, "suggest_commands"):
        command.suggest_commands = not click_suggests
    for sub in getattr(command, "commands", {}).values():
        _suggest_once(sub)


def _stdout_identity() -> tuple[int, int, int] | None:
    """What file standard output is (device, inode, rdev), or None when it is no real file."""
    try:
        st = os.fstat(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino, st.st_rdev)


def _reader_left(before: tuple[int, int, int] | None) -> bool:
    """True when the run ended because the reader of stdout left (`ladder goals | head -1`).

    Click and Rich each catch a broken pipe themselves and exit 1: Click after wrapping
    sys.stdout in ``PacifyFlushWrapper``, Rich after pointing stdout at /dev/null. Either sign,
    when it appeared during this run, means a closed pipe, which ends a command quietly with 0
    as `ladder entries | head` does.
    """
    if type(sys.stdout).__name__.endswith(
        "PacifyFlushWrapper"
    ):  # click.utils' (_-prefixed in 8.2+)
        return True
    after = _stdout_identity()
    if before is None or after is None or after == before:
        return False
    devnull = os.stat(os.devnull)
    return (after[0], after[1], after[2]) == (devnull.st_dev, devnull.st_ino, devnull.st_rdev)


def _completing_harvest(environ: Mapping[str, str]) -> bool:
    """True when the shell asks to complete a ``ladder harvest …`` command line.

    Click reads the request from the environment (``_LADDER_COMPLETE``, with the words in
    ``COMP_WORDS`` for bash, ``_TYPER_COMPLETE_ARGS`` for zsh and fish).
    """
    if COMPLETE_VAR not in environ:
        return False
    words = environ.get("COMP_WORDS", "") + " " + environ.get("_TYPER_COMPLETE_ARGS", "")
    return "harvest" in words.split()


def _source_word(args: list[str]) -> str | None:
    """The word after ``harvest`` (``git`` in ``ladder harvest git .``), if it comes next."""
    rest = iter(args)
    for arg in rest:
        if arg == "--home":
            next(rest, None)
        elif arg == "harvest":
            after = next(rest, None)
            return after if after and not after.startswith("-") else None
    return None


def _command_word(args: list[str]) -> str | None:
    """The first word that names a command, skipping global options (``--home DIR``)."""
    rest = iter(args)
    for arg in rest:
        if arg == "--home":
            next(rest, None)
        elif not arg.startswith("-"):
            return arg
    return None


def report(err: LadderError) -> None:
    """Print a domain error as one ``error:`` line (and its hint) on stderr."""
    from ladder.terminal import report_error

    report_error(err)
