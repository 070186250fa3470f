"""``ladder doc``: write design documents from templates and check what they say.

The commands are thin: they parse arguments, call :mod:`ladder.designdoc` and turn its
errors into one line on stderr. Heavy imports (the parsers, Rich) happen inside the
commands so that ``ladder --help`` stays fast.
"""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from ladder.designdoc import Report
    from ladder.errors import LadderError

app = typer.Typer(
    name="doc",
    help="Design documents: templates that ask a senior's questions, and a checker that reads the answers."
    '\n\nExample: [bold]ladder doc new design "Payment retries"[/bold]',
    no_args_is_help=True,
)


class Kind(enum.StrEnum):
    """Kinds of document (mirrors ``ladder.designdoc.KINDS``)."""

    design = "design"
    adr = "adr"
    runbook = "runbook"
    postmortem = "postmortem"
    onboarding = "onboarding"
    howto = "howto"


class CheckKind(enum.StrEnum):
    """``auto`` or one of the kinds."""

    auto = "auto"
    design = "design"
    adr = "adr"
    runbook = "runbook"
    postmortem = "postmortem"
    onboarding = "onboarding"
    howto = "howto"


def _fail(err: LadderError) -> NoReturn:
    """Print ``error: <message>`` (and the hint) to stderr and exit with the error's status."""
    from rich.markup import escape

    from ladder.layout import rich_console

    console = rich_console(stderr=True, highlight=False, soft_wrap=True)
    console.print(f"[bold red]error:[/] {escape(err.message)}")
    if err.hint:
        console.print(f"[dim]hint:[/] {escape(err.hint)}")
    raise typer.Exit(int(err.exit_status))


@app.command("new")
def new(
    kind: Annotated[
        Kind,
        typer.Argument(
            help="design, adr, runbook, postmortem, onboarding or howto.",
            case_sensitive=False,
            show_default=False,
        ),
    ],
    title: Annotated[
        str,
        typer.Argument(help="Document title; the file name is made from it.", show_default=False),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="File to write, or a directory (existing, or ending in /) for <slug>.md. Default: ./<slug>.md.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file if it exists.")
    ] = False,
) -> None:
    """Write a new document from a template full of a senior reviewer's questions.

    Each section holds its prompts as HTML comments; replace them with answers, then run
    `ladder doc check` on the file. An existing file is never overwritten without --force.

    Example: [bold]ladder doc new design "Payment retries" -o docs/design/[/bold]
    """
    from ladder.designdoc import new_document
    from ladder.errors import LadderError

    try:
        written = new_document(kind.value, title, path=output, force=force)
    except LadderError as err:
        _fail(err)
    typer.echo(str(written))
    typer.echo(f"next: answer each section, then run: ladder doc check {written}", err=True)


@app.command("check")
def check(
    file: Annotated[
        Path,
        typer.Argument(
            help="Markdown (.md) or reStructuredText (.rst) document.", show_default=False
        ),
    ],
    kind: Annotated[
        CheckKind,
        typer.Option(
            "--kind",
            "-k",
            case_sensitive=False,
            help="Kind of document; auto reads front matter, title and headings.",
        ),
    ] = CheckKind.auto,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    min_score: Annotated[
        int | None,
        typer.Option(
            "--min-score",
            min=0,
            max=100,
            help="Exit with status 1 when the score is below this (for CI).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check a design doc, ADR, runbook, postmortem, onboarding guide or how-to.

    Reads the content, not just the headings: are two alternatives compared with pros and
    cons, do failure modes say what happens then, does scale come with numbers, is there a
    way back, does every action item have an owner... Prints the kind, a score from 0 to
    100 and findings by severity, each with a line number and the reason it matters.

    Example: [bold]ladder doc check docs/design/payment-retries.md --min-score 70[/bold]
    """
    from ladder.designdoc import check_file
    from ladder.errors import LadderError

    try:
        report = check_file(file, kind=kind.value)
    except LadderError as err:
        _fail(err)
    passed = min_score is None or report.passed(min_score)
    if as_json:
        data = report.to_dict()
        data["min_score"] = min_score
        data["passed"] = passed
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _render(report, min_score)
    if not passed:
        typer.echo(f"error: score {report.score} is below --min-score {min_score}", err=True)
        raise typer.Exit(1)


def _render(report: Report, min_score: int | None) -> None:
    from rich.text import Text

    from ladder.designdoc import KIND_LABELS, Severity
    from ladder.layout import hanging, rich_console

    console = rich_console(highlight=False)
    colour = "green" if report.score >= 80 else "yellow" if report.score >= 50 else "red"
    header = Text()
    header.append(report.path or "document", style="bold")
    if len(report.path or "document") + 40 > console.width:  # the rest on a line of its own
        console.print(header, overflow="ignore", crop=False)
        header = Text()
    header.append(f"  {KIND_LABELS.get(report.kind, report.kind)}", style="cyan")
    header.append(f" (from {report.kind_source})", style="dim")
    header.append("  score ")
    header.append(f"{report.score}/100", style=f"bold {colour}")
    if min_score is not None:
        header.append(f"  (minimum {min_score})", style="dim")
    console.print(header)
    if not report.findings:
        console.print(
            Text("No findings: every aspect a reviewer looks for is answered.", style="green")
        )
        return
    styles = {
        Severity.ERROR: ("red", "\u2717"),
        Severity.WARNING: ("yellow", "!"),
        Severity.INFO: ("blue", "i"),
    }
    names = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Info"}
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        found = report.by_severity(severity)
        if not found:
            continue
        style, mark = styles[severity]
        console.print()
        console.print(Text(f"{names[severity]} ({len(found)})", style=f"bold {style}"))
        for finding in found:
            line = Text("  ")
            line.append(f"{mark} ", style=style)
            line.append(finding.code, style=f"bold {style}")
            line.append(f"  {finding.where()}", style="dim")
            console.print(line)
            console.print(hanging("    ", finding.message))
            console.print(hanging("    why: ", finding.why, style="dim"))
