"""``ladder packet``, ``ladder brag`` and ``ladder report``: documents made from the evidence.

Thin shells over :mod:`ladder.packet`, :mod:`ladder.brag` and :mod:`ladder.report`; the
rendering (Markdown, one self-contained HTML file, PDF) is :mod:`ladder.render`.
``register(app)`` adds the three commands.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ladder.cli.app import JsonOption, _env
from ladder.errors import InputError

if TYPE_CHECKING:
    from ladder.cli.app import Env
    from ladder.render import Document
    from ladder.workspace import Workspace

#: What the documents can be written as: the three renderings, and the data (``--json``).
OUTPUT_FORMATS = ("md", "html", "pdf", "json")
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="md, html (one self-contained file), pdf or json (default: from the -o file's "
        "extension, else md). A format the file's extension contradicts is refused.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of standard output (needed for pdf on a terminal).",
        show_default=False,
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="The first day (2026-05-01, '6 months ago').",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", help="The last day (default: today).", show_default=False),
]


def _make(
    env: Env, build: Callable[[Workspace], Document], *, kind: str, output: Path | None, what: str
) -> None:
    """Build a document and write it as ``kind``, with a progress bar on a terminal (gathering
    the evidence and rendering a PDF can each take seconds on a large workspace)."""
    from ladder import progress

    label = {"md": "Markdown", "html": "HTML", "pdf": "PDF", "json": "JSON"}[kind]
    with progress.bar(quiet=kind == "json") as report:
        with env.workspace() as ws, progress.step(report, f"Gathering the {what}"):
            doc = build(ws)
        with progress.step(report, f"Writing it as {label}"):
            out = _render(doc, kind)
    _write(out, output=output, what=what, kind=kind)


def _render(doc: Document, kind: str) -> str | bytes:
    """``doc`` as ``kind`` (a format :func:`_check` chose)."""
    from ladder import render

    if kind == "json":
        import json

        data: Any = doc.to_dict()
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return render.render(doc, kind)


def _write(out: str | bytes, *, output: Path | None, what: str, kind: str = "") -> None:
    """Write a rendering to ``output`` or standard output (Markdown wrapped to the width
    there: a terminal's, 80 for a pipe; a file named with ``-o`` keeps one line a paragraph)."""
    from ladder import render
    from ladder.layout import width, wrap_markdown

    if output is not None and str(output) != "-":
        _wrote(render.write(output, out), what)
    elif isinstance(out, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(wrap_markdown(out, width()) if kind == "md" else out)


def _wrote(path: Path, what: str) -> None:
    size = path.stat().st_size
    shown = f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"
    sys.stderr.write(f"Wrote the {what} to {path} ({shown}).\n")


def _check(output: Path | None, fmt: str | None, as_json: bool, *, command: str) -> str:
    """The format to write, checked before any work: the options agree with each other and
    with the file's extension, a PDF has somewhere to go, and the file can be written.

    Raises:
        InputError: ``--json`` with ``--format``, a format the extension contradicts, a PDF
            for a terminal, or a file that cannot be written.
    """
    from ladder import render

    if as_json and fmt:
        raise InputError("give --json or --format, not both")
    kind = render.format_for("json" if as_json else fmt, output, allowed=OUTPUT_FORMATS)
    if output is not None and str(output) != "-":
        render.check_writable(output)
    elif kind == "pdf":
        hint = f"ladder {command} -o {command}.pdf"
        if sys.stdout.isatty():
            raise InputError("a PDF is not for the terminal: give a file name", hint=hint)
        if getattr(sys.stdout, "buffer", None) is None:
            raise InputError(
                "standard output here takes text only: give a file name for the PDF", hint=hint
            )
    return kind


def packet_command(
    ctx: typer.Context,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            "-l",
            help="The level to make the case for (default: your target level).",
            show_default=False,
        ),
    ] = None,
    track: Annotated[
        str | None,
        typer.Option(
            "--track",
            help="The ladder track to read the level on, e.g. ic or management (default: yours).",
            show_default=False,
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    per_area: Annotated[
        int,
        typer.Option("--per-area", help="Statements per area, strongest first.", min=1, max=50),
    ] = 4,
    as_json: JsonOption = False,
) -> None:
    """Write your promotion packet: the case for a level, every claim citing its evidence.

    For each area of the ladder: its status against the level and why, the strongest
    evidence as impact statements (your own words, cleaned up; each cites the entry and
    links to the PR, commit, doc or ticket), the self and manager ratings; then the gaps
    that remain with next steps, and an appendix of every cited item. HTML and PDF add
    charts: readiness per area, evidence over time, the review mix. It covers the last
    twelve months unless you give --since / --until.

    Example: [bold]ladder packet --format pdf -o packet.pdf[/bold]

    Example: [bold]ladder packet --level staff --track ic[/bold]
    """
    from ladder import packet
    from ladder.period import between

    kind = _check(output, fmt, as_json, command="packet")
    env = _env(ctx)
    period = between(since, until, today=env.clock.today())
    def build(ws: Workspace) -> Any:
        ws.map()  # what was logged or harvested since the last map counts at once
        return packet.build(ws, level=level, period=period, per_area=per_area, track=track)

    _make(env, build, kind=kind, output=output, what="packet")


def brag_command(
    ctx: typer.Context,
    period: Annotated[
        str,
        typer.Option(
            "--period",
            "-p",
            help="2026-H2, 2026-Q3, 2026-11, 2026, last-month, this-half, or FROM..TO.",
        ),
    ] = "this-half",
    fmt: FormatOption = None,
    output: OutputOption = None,
    per_section: Annotated[
        int,
        typer.Option(
            "--per-section",
            help="Items listed per section, strongest first; the rest are counted (0: all).",
            min=0,
        ),
    ] = 8,
    as_json: JsonOption = False,
) -> None:
    """Write a brag document for a period, in the sections people keep one in.

    Projects and impact; collaboration and mentorship; design and documentation;
    operations; learning; outside of work. Every item is one of your entries, strongest
    first, with its date, id and link; an empty section says how to fill it.

    Example: [bold]ladder brag --period 2026-H2 -o brag.md[/bold]
    """
    from ladder import brag
    from ladder import period as periods

    kind = _check(output, fmt, as_json, command="brag")
    env = _env(ctx)
    span = periods.parse(period, today=env.clock.today())
    _make(
        env,
        lambda ws: brag.build(ws, span, per_section=per_section),
        kind=kind,
        output=output,
        what="brag document",
    )


def report_command(
    ctx: typer.Context,
    period: Annotated[
        str | None,
        typer.Argument(
            help="last-week (default), last-month, this-week, 2026-11, 2026-W47 … or use --since.",
            show_default=False,
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write a "what did I do" status report: highlights, then everything by area.

    Covers last week unless you name a period (last-month, 2026-11, this-week …) or give
    --since (and --until). Markdown by default; --json for scripts.

    Example: [bold]ladder report last-week[/bold]
    """
    from ladder import period as periods
    from ladder import report

    if period is not None and (since is not None or until is not None):
        raise InputError("give a period or --since/--until, not both")
    if until is not None and since is None:
        raise InputError(
            "--until needs --since", hint="ladder report --since 2026-11-01 --until 2026-11-15"
        )
    kind = _check(output, fmt, as_json, command="report")
    env = _env(ctx)
    today = env.clock.today()
    if since is None:
        span = periods.parse("last-week" if period is None else period, today=today)
    else:
        span = periods.between(since, until, today=today)
    _make(env, lambda ws: report.build(ws, span), kind=kind, output=output, what="report")


def register(app: typer.Typer) -> None:
    """Add ``packet``, ``brag`` and ``report`` to ``app``."""
    app.command("packet")(packet_command)
    app.command("brag")(brag_command)
    app.command("report")(report_command)


__all__ = ["brag_command", "packet_command", "register", "report_command"]
