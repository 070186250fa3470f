"""``ladder packet``, ``ladder brag`` and ``ladder report``: documents made from the evidence.

Thin shells over :mod:`ladder.packet`, :mod:`ladder.brag` and :mod:`ladder.report`; the
rendering (Markdown, one self-contained HTML file, PDF) is :mod:`ladder.render`.
``register(app)`` adds the three commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ladder.cli.app import JsonOption, _env
from ladder.errors import InputError

if TYPE_CHECKING:
    from ladder.render import Document

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="md, html (one self-contained file) or pdf (default: from the -o file's "
        "extension, else md).",
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


def _emit(doc: Document, *, fmt: str | None, output: Path | None, as_json: bool, what: str) -> None:
    """Write ``doc`` as JSON or in its format, to ``output`` or standard output."""
    from ladder import render

    if as_json:
        if fmt:
            raise InputError("give --json or --format, not both")
        import json

        data: Any = doc.to_dict()
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if output is None or str(output) == "-":
            sys.stdout.write(text)
        else:
            _wrote(render.write(output, text), what)
        return
    kind = render.format_for(fmt, output)
    to_stdout = output is None or str(output) == "-"
    command = what.split()[0]
    if to_stdout and kind == "pdf":
        if sys.stdout.isatty():
            raise InputError(
                "a PDF is not for the terminal: give a file name",
                hint=f"ladder {command} --format pdf -o {command}.pdf",
            )
        if getattr(sys.stdout, "buffer", None) is None:
            raise InputError(
                "standard output here takes text only: give a file name for the PDF",
                hint=f"ladder {command} --format pdf -o {command}.pdf",
            )
    data_out = render.render(doc, kind)
    if to_stdout:
        if isinstance(data_out, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data_out)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data_out)
        return
    assert output is not None
    _wrote(render.write(output, data_out), what)


def _wrote(path: Path, what: str) -> None:
    size = path.stat().st_size
    shown = f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"
    sys.stderr.write(f"Wrote the {what} to {path} ({shown}).\n")


def _check(output: Path | None) -> None:
    """Fail before any work when the output file cannot be written."""
    if output is not None and str(output) != "-":
        from ladder import render

        render.check_writable(output)


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
    """
    from ladder import packet
    from ladder.period import between

    _check(output)
    with _env(ctx).workspace() as ws:
        period = between(since, until)
        doc = packet.build(ws, level=level, period=period, per_area=per_area)
    _emit(doc, fmt=fmt, output=output, as_json=as_json, what="packet")


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

    _check(output)
    span = periods.parse(period)
    with _env(ctx).workspace() as ws:
        doc = brag.build(ws, span, per_section=per_section)
    _emit(doc, fmt=fmt, output=output, as_json=as_json, what="brag document")


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

    if period is not None and (since or until):
        raise InputError("give a period or --since/--until, not both")
    if until and not since:
        raise InputError(
            "--until needs --since", hint="ladder report --since 2026-11-01 --until 2026-11-15"
        )
    _check(output)
    span = periods.parse(period or "last-week") if not since else periods.between(since, until)
    with _env(ctx).workspace() as ws:
        doc = report.build(ws, span)
    _emit(doc, fmt=fmt, output=output, as_json=as_json, what="report")


def register(app: typer.Typer) -> None:
    """Add ``packet``, ``brag`` and ``report`` to ``app``."""
    app.command("packet")(packet_command)
    app.command("brag")(brag_command)
    app.command("report")(report_command)


__all__ = ["brag_command", "packet_command", "register", "report_command"]
