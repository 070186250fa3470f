"""``ladder assess``, ``ladder assess history`` and ``ladder assess diff``.

Thin shells over :class:`ladder.assessment.Assessments` (``ws.assessments``). ``ladder assess``
itself rates: one expectation (``--expectation --rating``), a file (``--file``), or
interactively, asking expectation by expectation with Rich prompts.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ladder.cli.app import JsonOption, _env, console, print_json
from ladder.errors import ExitStatus, InputError

if TYPE_CHECKING:
    from rich.console import Console

    from ladder.assessment import Assessment, Assessments, Question

# The group's help is the callback's docstring (with its example).
assess_app = typer.Typer(
    invoke_without_command=True,
    no_args_is_help=False,
)

RaterOption = Annotated[
    str,
    typer.Option("--as", help="Who rates: self, manager or peer.", show_default=True),
]
NameOption = Annotated[
    str | None,
    typer.Option("--name", help="The manager's or peer's name.", show_default=False),
]
AreaOption = Annotated[
    str | None, typer.Option("--area", "-a", help="Only this area id.", show_default=False)
]
LevelOption = Annotated[
    str | None,
    typer.Option(
        "--level", "-l", help="The level (default: your target level).", show_default=False
    ),
]


@assess_app.callback()
def assess(
    ctx: typer.Context,
    rater: RaterOption = "self",
    name: NameOption = None,
    area: AreaOption = None,
    level: LevelOption = None,
    expectation: Annotated[
        str | None,
        typer.Option(
            "--expectation",
            "-e",
            help="The expectation to rate, e.g. system-design.tradeoffs.",
            show_default=False,
        ),
    ] = None,
    rating: Annotated[
        str | None,
        typer.Option(
            "--rating",
            "-r",
            help="not-yet, working-towards, meeting or exceeding (or 0-3).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", "-n", help="Why: what the rating rests on.", show_default=False),
    ] = None,
    evidence: Annotated[
        list[int] | None,
        typer.Option(
            "--evidence", help="An entry id that backs the rating (repeatable).", show_default=False
        ),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            "-f",
            help="A YAML or JSON list of {expectation, rating, note, evidence} (- reads stdin).",
            show_default=False,
        ),
    ] = None,
    interactive: Annotated[
        bool,
        typer.Option(
            "--interactive", "-i", help="Ask expectation by expectation, even without a terminal."
        ),
    ] = False,
    unrated: Annotated[
        bool,
        typer.Option("--unrated", help="Ask only about what this rater has not rated yet."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Rate expectations: not yet · working towards · meeting · exceeding, with a note and evidence.

    In a terminal (or with --interactive) it goes through the expectations of your target
    level, one by one: Enter keeps the current rating, s skips, q stops; every answer is saved
    as it is given. With --expectation and --rating it records one rating; with --file, every
    rating of a YAML or JSON file (checked as a whole first). History is kept: a new rating
    never erases an old one.

    Example: [bold]ladder assess --as manager --name Grace -e system-design.tradeoffs --rating meeting --evidence 12[/bold]
    """
    if ctx.invoked_subcommand is not None:
        given = [
            opt
            for opt, value in (
                ("--as", rater != "self"),
                ("--name", name),
                ("--area", area),
                ("--level", level),
                ("--expectation", expectation),
                ("--rating", rating),
                ("--note", note),
                ("--evidence", evidence),
                ("--file", file),
                ("--interactive", interactive),
                ("--unrated", unrated),
                ("--json", as_json),
            )
            if value
        ]
        if given:
            raise InputError(
                f"put {', '.join(given)} after the command word: "
                f"ladder assess {ctx.invoked_subcommand} {' '.join(given)} …"
            )
        return
    from ladder.assessment import RatingsError, parse_rater

    rater = parse_rater(rater)
    one = expectation is not None or rating is not None
    if file is not None and (one or note is not None or evidence):
        raise InputError("give --file, or --expectation and --rating, not both")
    if rating is not None and expectation is None:
        raise InputError("--rating needs --expectation: which expectation is it for?")
    asking = file is None and rating is None
    if not asking and (area or level or unrated or interactive):
        raise InputError(
            "--area, --level, --unrated and --interactive choose what to ask about; "
            "they do not go with --rating or --file"
        )
    if asking:
        if not (interactive or sys.stdin.isatty()):
            raise InputError(
                "nothing to rate: there is no terminal to ask on",
                hint="give --expectation ID --rating RATING, --file ratings.yaml, or --interactive",
            )
        if as_json:
            raise InputError("--json goes with --rating or --file, not with the questions")
        if note is not None or evidence:
            raise InputError("--note and --evidence go with --rating (the questions ask for them)")
    with _env(ctx).workspace() as ws:
        a = ws.assessments
        if asking:
            _interview(a, rater, name or "", area, level, expectation, unrated)
            return
        if file is not None:
            try:
                if file == "-":
                    from ladder.terminal import read_stdin

                    saved = a.rate_file(
                        text=read_stdin(), source="<stdin>", rater=rater, rater_name=name or ""
                    )
                else:
                    saved = a.rate_file(file, rater=rater, rater_name=name or "")
            except RatingsError as err:
                out = console(stderr=True)
                for line in err.lines():
                    out.print(line, markup=False)
                raise
        else:
            assert expectation is not None and rating is not None
            saved = [
                a.rate(
                    expectation,
                    rating,
                    rater=rater,
                    rater_name=name or "",
                    note=note or "",
                    evidence=evidence or (),
                )
            ]
        orphans = a.orphaned()
        others = [n for n in a.rater_names(rater) if n] if rater != "self" and not name else []
    if others:
        warn = console(stderr=True)
        warn.print(
            f"warning: saved as a {rater} rating with no name, apart from your {rater} "
            f"ratings by {', '.join(others)}",
            markup=False,
        )
        warn.print(
            f"hint: give --name {_quote(others[0])} to keep one {rater}'s ratings together",
            markup=False,
        )
    if as_json:
        print_json({"saved": [s.to_dict() for s in saved]})
        return
    out = console()
    from rich.markup import escape

    for s in saved:
        renamed = (
            f" [dim](given as {escape(expectation)})[/dim]"
            if expectation and expectation.strip().lower() != s.expectation
            else ""
        )
        backed = (
            f" with evidence {', '.join(f'#{i}' for i in s.evidence_ids)}" if s.evidence_ids else ""
        )
        out.print(
            f"Rated [bold]{s.expectation}[/bold]{renamed}: [bold]{_label(s.rating)}[/bold] "
            f"(by {escape(s.who)}){backed}."
        )
    bare = [s for s in saved if s.testimony_only]
    if bare:
        out.print(
            f"[yellow]{len(bare)} rating{'s' if len(bare) != 1 else ''} of meeting or above "
            "with no evidence: shown as testimony only.[/yellow] Link entries with --evidence ID "
            "(`ladder entries --area AREA` finds them)."
        )
    _warn_orphans(orphans)


def _interview(
    a: Assessments,
    rater: str,
    name: str,
    area: str | None,
    level: str | None,
    expectation: str | None,
    unrated: bool,
) -> None:
    from ladder.assessment import Interview

    if expectation is not None:
        todo = [a.resolve(expectation)]
    else:
        todo = a.expectations(level=level, area=area)
    if unrated:
        from ladder.assessment import fold_name

        done = {
            x.expectation
            for x in a.current(rater=rater)
            if fold_name(x.rater_name) == fold_name(name)
        }
        todo = [e for e in todo if e.id not in done]
    out = console()
    if not todo:
        out.print("Nothing to ask: every expectation here has a rating from this rater.")
        return
    interview = Interview(a, todo, rater=rater, rater_name=name)
    lv = a.level(level) if expectation is None else todo[0].level
    out.print(
        f"Rating {len(todo)} expectation{'s' if len(todo) != 1 else ''} at "
        f"{a.ladder.level(lv).name} as {_who(rater, name)}. "
        "Enter keeps the current rating, s skips, q stops; each answer is saved at once."
    )
    try:
        result = interview.run(_RichPrompter(out))
    except KeyboardInterrupt:
        n = len(interview.saved)
        sys.stderr.write(
            f"\ninterrupted: the {n} rating{'s' if n != 1 else ''} given before that "
            f"{'are' if n != 1 else 'is'} saved\n"
        )
        raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None
    out.print()
    out.print(
        f"Saved {len(result.saved)}, kept {result.kept}, skipped {result.skipped} "
        f"of {result.total}."
    )
    if result.stopped:
        again = ["ladder assess --unrated"]
        if rater != "self":
            again.append(f"--as {rater}")
        if name:
            again.append(f'--name "{name}"')
        if area:
            again.append(f"--area {area}")
        if level:
            again.append(f"--level {level}")
        out.print(f"Stopped before the end: `{' '.join(again)}` goes on with what is left.")
    _warn_orphans(a.orphaned())


class _RichPrompter:
    """The interview's prompts in a terminal (Rich); reads standard input."""

    def __init__(self, out: Console) -> None:
        self.out = out

    def show(self, question: Question) -> None:
        from rich.markup import escape

        q, e = question, question.expectation
        out = self.out
        out.print()
        out.rule(
            f"[bold]{q.index}/{q.total}[/bold] {escape(q.area_name)} · [bold]{e.id}[/bold]",
            align="left",
        )
        out.print(escape(e.text))
        if e.markers:
            out.print("[green]Looks like[/green]")
            for m in e.markers:
                out.print(f"  [green]•[/green] {escape(m)}")
        if q.current is not None:
            c = q.current
            ev = f", evidence {' '.join(f'#{i}' for i in c.evidence_ids)}" if c.evidence_ids else ""
            why = f': "{escape(c.note)}"' if c.note else ""
            out.print(f"Current: [bold]{_label(c.rating)}[/bold] ({c.created_at[:10]}{ev}){why}")
        if q.suggestions:
            out.print("[cyan]Evidence that points here[/cyan]")
            for s in q.suggestions:
                where = "this expectation" if s.match == "expectation" else "its area"
                out.print(
                    f"  [bold]#{s.id}[/bold] {s.date}  {escape(_clip(s.text, 70))} [dim]({where})[/dim]"
                )
        out.print(
            "[dim]0 not yet · 1 working towards · 2 meeting · 3 exceeding · s skip · q stop; "
            "a note (- clears it); evidence ids such as 12 14 (- for none)[/dim]"
        )

    def ask(self, text: str, default: str | None = None) -> str:
        from rich.prompt import Prompt

        return Prompt.ask(text, console=self.out, default=default or "", show_default=bool(default))

    def say(self, text: str) -> None:
        self.out.print(text, markup=False)


@assess_app.command("history")
def history(
    ctx: typer.Context,
    expectation: Annotated[
        str | None,
        typer.Option(
            "--expectation", "-e", help="Only this expectation (old ids work).", show_default=False
        ),
    ] = None,
    rater: Annotated[
        str | None,
        typer.Option("--as", help="Only this rater: self, manager or peer.", show_default=False),
    ] = None,
    name: NameOption = None,
    area: AreaOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every rating ever given, oldest first; the current ones are marked.

    Example: [bold]ladder assess history --expectation system-design.tradeoffs[/bold]
    """
    with _env(ctx).workspace() as ws:
        a = ws.assessments
        rows = a.history(expectation=expectation, rater=rater, rater_name=name, area=area)
        current = {x.id for x in a.current()}
        orphans = a.orphaned()
    if as_json:
        print_json([{**r.to_dict(), "current": r.id in current} for r in rows])
        return
    out = console()
    if not rows:
        out.print(
            "No ratings yet."
            if expectation is None and rater is None and name is None and area is None
            else "No ratings match."
        )
        out.print("`ladder assess` rates your target level, expectation by expectation.")
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    # Ids are never split mid-word: the id column is as wide as the longest id, and the words
    # around it wrap instead. On a narrow terminal evidence and note go under the id.
    wide = out.width >= 110
    longest = max(max(len(r.expectation), len(r.rated_expectation)) for r in rows)
    table.add_column("when", no_wrap=True)
    table.add_column("expectation", min_width=longest, overflow="fold")
    table.add_column("rater", overflow="fold")
    table.add_column("rating", no_wrap=True)
    if wide:
        table.add_column("evidence", overflow="fold")
        table.add_column("note", overflow="fold", ratio=1)
    for r in rows:
        what = r.expectation
        if r.rated_expectation != r.expectation:
            what += f"\n[dim]rated as {r.rated_expectation}[/dim]"
        if r.orphaned:
            what += "\n[yellow]not in the active ladder[/yellow]"
        backing = " ".join(f"#{i}" for i in r.evidence_ids)
        if not wide:
            what += f"\n[dim]evidence {backing}[/dim]" if backing else ""
            what += f"\n[dim]{escape(r.note)}[/dim]" if r.note else ""
        mark = "[green]●[/green] " if r.id in current else "  "
        cells = [
            r.created_at[:16].replace("T", " ") if wide else r.created_at[:10],
            what,
            escape(r.who),
            mark + _label(r.rating),
        ]
        table.add_row(*cells, *([backing or "—", escape(r.note)] if wide else []))
    out.print(table)
    out.print("[dim]● the current rating of that rater[/dim]")
    _warn_orphans(orphans)


@assess_app.command("diff")
def diff(
    ctx: typer.Context,
    area: AreaOption = None,
    level: LevelOption = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Show the expectations no one has rated, too.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Self vs manager vs peer, side by side, with what to talk about.

    Flags a disconnect when two raters are two steps or more apart, and testimony only when
    a rating of meeting or exceeding has no evidence linked.

    Example: [bold]ladder assess diff --area system-design[/bold]
    """
    with _env(ctx).workspace() as ws:
        a = ws.assessments
        d = a.diff(level=level, area=area)
        level_name = a.ladder.level(d.level).name
    if as_json:
        print_json(d.to_dict(unrated=everything))
        return
    out = console()
    rated = d.rated()
    shown = list(d.rows) if everything else rated
    if not rated:
        out.print(f"No ratings at {level_name} yet.")
        out.print(
            "`ladder assess` rates yourself; `ladder assess --as manager --name NAME` records "
            "your manager's ratings, `--as peer` a peer's."
        )
    if shown:
        from rich.markup import escape
        from rich.table import Table

        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("expectation", no_wrap=True)  # an id is never split mid-word
        for col in ("self", "manager", "peer"):
            table.add_column(col, overflow="fold")
        table.add_column("flags", overflow="fold", ratio=1)
        for row in shown:
            cells = []
            for rater in ("self", "manager", "peer"):
                ratings = row.by(rater)
                cells.append(
                    ", ".join(
                        _label(x.rating) + (f" ({escape(x.rater_name)})" if x.rater_name else "")
                        for x in ratings
                    )
                    or "[dim]—[/dim]"
                )
            flags = [
                f"[red]disconnect[/red]: {escape(f.message)}"
                if f.kind == "disconnect"
                else f"[yellow]testimony only[/yellow]: {escape(f.message)}"
                for f in row.flags
            ]
            table.add_row(row.expectation, *cells, "\n".join(flags))
        out.print(table)
    if rated:
        disconnects = len(d.flagged("disconnect"))
        bare = sum(1 for r in d.rows for f in r.flags if f.kind == "testimony only")
        unrated = len(d.rows) - len(rated)
        out.print(
            f"{disconnects} disconnect{'s' if disconnects != 1 else ''}, "
            f"{bare} testimony only; {unrated} of {len(d.rows)} expectations at {level_name} "
            f"have no rating{'' if everything or not unrated else ' (--all shows them)'}."
        )
    _warn_orphans(list(d.orphaned))


def _warn_orphans(orphans: list[Assessment]) -> None:
    if not orphans:
        return
    ids = sorted({o.expectation for o in orphans})
    n = len(orphans)
    err = console(stderr=True)
    err.print(
        f"warning: {n} rating{'s' if n != 1 else ''} {'are' if n != 1 else 'is'} on "
        f"{'expectations' if len(ids) != 1 else 'an expectation'} the active ladder no longer has "
        f"({', '.join(ids)}); kept, not counted",
        markup=False,
    )
    err.print(
        "hint: rate the expectations that replaced them, or list the old ids under `aliases:` "
        "in the ladder file and `ladder framework use` it to carry the ratings over",
        markup=False,
    )


def _label(rating: int) -> str:
    from ladder.assessment import rating_label

    return rating_label(rating)


def _who(rater: str, name: str) -> str:
    return f"{rater} ({name})" if name else rater


def _quote(name: str) -> str:
    return f'"{name}"' if " " in name else name


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def register(app: typer.Typer) -> None:
    """Add ``assess`` (with ``history`` and ``diff``) to ``app``."""
    app.add_typer(assess_app, name="assess")


__all__ = ["assess", "diff", "history", "register"]
