"""``ladder map``, ``ladder why``, ``ladder tag`` and ``ladder classify evidence``.

Thin shells over :mod:`ladder.mapping` through the Workspace. ``register(app, classify_app)``
adds them: ``map``, ``why`` and ``tag`` to the main app, ``evidence`` to the ``classify`` group.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ladder.cli.app import JsonOption, _env, console, print_json
from ladder.errors import InputError
from ladder.layout import clip, hanging, say, width

if TYPE_CHECKING:
    from ladder.mapping import Row

EntryArg = Annotated[
    int, typer.Argument(help="The entry's id (see `ladder entries`).", show_default=False)
]
_SHOWN = 20


def map_command(
    ctx: typer.Context,
    entry_id: Annotated[
        int | None,
        typer.Argument(help="Map only this entry.", show_default=False),
    ] = None,
    everything: Annotated[
        bool,
        typer.Option("--all", help="Re-map every entry (ladder's own mappings only; yours stay)."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Map your evidence onto the ladder: new and changed entries, one entry, or --all.

    Each mapping gets a confidence and a reason. Your own decisions (`ladder tag`) are never
    changed, and what you tagged teaches ladder how to map similar entries.

    Example: [bold]ladder map --all[/bold]
    """
    if entry_id is not None and everything:
        raise InputError("give an entry id or --all, not both")
    from ladder import progress

    what = "Mapping every entry" if everything else "Mapping new entries"
    with (
        _env(ctx).workspace() as ws,
        progress.bar(quiet=as_json or entry_id is not None) as report,
    ):
        summary = ws.map(
            entry_id, everything=everything, progress=lambda n, total: report(what, n, total)
        )
    if as_json:
        print_json(summary.to_dict())
        return
    what = {"new": "new or changed entries", "all": "entries", "one": "entry"}[summary.mode]
    if summary.examined == 0:
        say(
            "Nothing new to map: every entry is mapped. "
            "`ladder map --all` maps everything again (after you tag entries, say)."
        )
        return
    say(
        f"Looked at {summary.examined} {what if summary.examined != 1 else 'entry'}: "
        f"{summary.changed} changed, {summary.unchanged} unchanged; "
        f"{summary.mapped} mapped, {summary.no_signal} with no signal."
    )
    if summary.learned_from:
        n = summary.learned_from
        say(f"Learned from your decisions on {n} entr{'y' if n == 1 else 'ies'}.")
    if summary.hints_removed:
        say(f"Removed {summary.hints_removed} source suggestions you had rejected.")
    room = width()
    for change in summary.changes[:_SHOWN]:
        head = f"  #{change.id}  "
        print(head + clip(change.text, room - len(head)))
        after = {(a["area"], a["expectation"]) for a in change.after}
        for a in change.after:
            say(
                f"{_target(a['area'], a['expectation'])} ({a['confidence']:.0%}): {a['reason']}",
                first="      + ",
                indent=" " * 8,
            )
        for b in change.before:
            if (b["area"], b["expectation"]) not in after:
                say(_target(b["area"], b["expectation"]), first="      - ")
    if summary.changed > _SHOWN:
        print(f"  … {summary.changed - _SHOWN} more changed (--json lists them)")
    say("`ladder why ID` explains a mapping; `ladder tag ID --area AREA` overrides it.")


def why_command(ctx: typer.Context, entry_id: EntryArg, as_json: JsonOption = False) -> None:
    """Explain every mapping of an entry: who made it, how sure, and why.

    Shows your decisions, a source's suggestions and ladder's own with the signals behind
    them (words, kind, commit type, paths, the ladder's markers, what you taught it).

    Example: [bold]ladder why 12[/bold]
    """
    with _env(ctx).workspace() as ws:
        exp = ws.why(entry_id)
    if as_json:
        print_json(exp.to_dict())
        return
    from rich.markup import escape

    out = console()
    out.print(f"[bold]#{exp.id}[/bold] · {escape(exp.kind)} · {escape(exp.source)}")
    out.print(escape(clip(exp.text, 300)))
    if not exp.rows:
        out.print("[dim]No mappings stored.[/dim]")
    fresh = {s.area: s for s in exp.suggestions}
    for r in _ordered(exp.rows):
        _print_row(out, r)
        if r.origin == "mapper" and r.area in fresh:
            for sig in fresh[r.area].signals[:5]:
                out.print(
                    hanging(f"        {sig.weight:+.1f} ", f"{sig.why} ({sig.kind})", style="dim")
                )
    stored = {(r.area, r.expectation) for r in exp.rows if r.origin == "mapper"}
    now = {(s.area, s.expectation) for s in exp.suggestions}
    if stored != now:
        if exp.suggestions:
            out.print("[yellow]A fresh `ladder map ID` would now say:[/yellow]")
            for s in exp.suggestions:
                out.print(
                    hanging(
                        "  · ", f"{_target(s.area, s.expectation)} ({s.confidence:.0%}): {s.reason}"
                    )
                )
        else:
            out.print(
                "[yellow]A fresh `ladder map ID` would now remove ladder's suggestions.[/yellow]"
            )
    if not exp.suggestions and not any(r.origin != "mapper" for r in exp.rows):
        strongest = exp.signals[:3]
        if strongest:
            out.print("[dim]Signals, too weak to map:[/dim]")
            for d in strongest:
                out.print(
                    hanging(f"  {d['weight']:+.1f} ", f"{d['why']} → {d['area']}", style="dim")
                )
        else:
            out.print(
                "[dim]Nothing in this entry points to an area: tag it with `ladder tag ID --area AREA`.[/dim]"
            )


def tag_command(
    ctx: typer.Context,
    entry_id: EntryArg,
    area: Annotated[
        str | None,
        typer.Option(
            "--area", "-a", help="An area this entry shows (your decision).", show_default=False
        ),
    ] = None,
    expectation: Annotated[
        str | None,
        typer.Option(
            "--expectation",
            "-e",
            help="An expectation it shows, e.g. operations.incidents-rca.",
            show_default=False,
        ),
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option(
            "--remove",
            "-r",
            help="An area (or expectation) it does not show; ladder never suggests it again (repeatable).",
            show_default=False,
        ),
    ] = None,
    substance: Annotated[
        str | None,
        typer.Option(
            "--substance",
            "-s",
            help="How much it weighs: routine (never counts toward readiness), ordinary or "
            "significant. Your word wins over ladder's.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Decide where an entry belongs: add an area or expectation, or remove one for good;
    and how much it weighs.

    Your decisions win over ladder's and a source's, survive `ladder map --all` and
    re-harvests, and teach ladder how to map similar entries.

    Example: [bold]ladder tag 12 --area operations --remove delivery[/bold]

    [bold]--remove[/bold] also takes an id that a new ladder version dropped, to remove a stale
    link (`ladder framework use` lists them). Example: [bold]ladder tag 7 --remove operations[/bold]

    Example: [bold]ladder tag 31 --substance significant[/bold]
    """
    with _env(ctx).workspace() as ws:
        result = ws.tag(
            entry_id,
            area=area,
            expectation=expectation,
            remove=remove or [],
            substance=substance,
        )
    if as_json:
        print_json(result.to_dict())
        return
    out = console()
    from rich.markup import escape

    if result.substance:
        out.print(f"#{result.id} weighs as {result.substance}: your word wins over ladder's.")
    for a, x in result.added:
        out.print(f"Tagged #{result.id}: {escape(_target(a, x))}.")
    if (area or expectation) and not result.added:
        out.print(f"#{result.id} already had that decision.")
    for a, x in result.rejected:
        out.print(
            f"Removed {escape(_target(a, x))} from #{result.id}: ladder will not suggest it again."
        )
    for stale in result.unlinked:
        out.print(
            f"Removed the link to {escape(stale)} from #{result.id}: the active ladder no longer "
            "has it."
        )
    for r in _ordered(result.rows):
        _print_row(out, r)


def classify_evidence(
    ctx: typer.Context,
    text: Annotated[
        list[str] | None,
        typer.Argument(
            help="The text to classify, or - to read one item per line from standard input.",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="Read the text as this kind of item: note, commits, pull-request, review, "
            "ticket, meeting, doc.",
        ),
    ] = "note",
    jsonl: Annotated[
        bool,
        typer.Option(
            "--jsonl",
            help='With -: each line is a JSON string, or an object with "text" and optionally '
            '"kind", "body" and "data" (paths, subkind…) for items that span lines.',
        ),
    ] = False,
) -> None:
    """Classify text onto the ladder: prints one JSON line per item with its label and why.

    Each line has `input` (1 for TEXT; the line number with -), `label` (the best area and
    expectation, or null when nothing points to one), `confidence` (0-1), `reason` and
    `labels` (every mapping). Nothing is stored. With -, blank lines are skipped; a line that
    cannot be read gets an `error` instead, and the command exits with status 1 at the end.

    Example: [bold]git log --format=%s | ladder classify evidence - --kind commits[/bold]
    """
    from ladder.mapping import MapItem

    kind = kind.strip().lower() or "note"
    words = text or []
    if words != ["-"]:
        if not words:
            raise InputError("give a text to classify, or - to read one item per line from stdin")
        if jsonl:
            raise InputError("--jsonl reads standard input: pass - as the text")
        with _env(ctx).workspace() as ws:
            (result,) = ws.classify([" ".join(words)], kind=kind)
        _emit(1, result.to_dict())
        return
    numbered: list[tuple[int, str | MapItem]] = []
    errors: dict[int, str] = {}
    from ladder.rules import unicode_problem
    from ladder.terminal import stdin_lines

    for number, line in enumerate(stdin_lines(), 1):
        raw = line.rstrip("\r\n")
        if not raw.strip():
            continue
        problem = unicode_problem(raw)
        if problem:
            errors[number] = f"not valid text: {problem}"
            numbered.append((number, ""))
            continue
        if not jsonl:
            numbered.append((number, raw))
            continue
        try:
            numbered.append((number, _decode(raw, kind)))
        except InputError as err:
            errors[number] = err.message
            numbered.append((number, ""))
    if not numbered:
        raise InputError(
            "nothing to classify on standard input",
            hint='pipe one item per line, e.g. echo "Wrote the postmortem" | ladder classify evidence -',
        )
    with _env(ctx).workspace() as ws:
        results = ws.classify([item for _, item in numbered], kind=kind)
    for (number, _), result in zip(numbered, results, strict=True):
        _emit(number, {"error": errors[number]} if number in errors else result.to_dict())
    if errors:
        raise InputError(
            f'{len(errors)} of {len(numbered)} line(s) could not be read (see their "error" field)'
        )


def _decode(raw: str, kind: str) -> str | Any:
    from ladder.loaders import load_json_line
    from ladder.mapping import MapItem

    value = load_json_line(raw)
    if isinstance(value, str):
        return value
    if not isinstance(value, dict) or not isinstance(value.get("text", ""), str):
        raise InputError('expected a JSON string or an object with "text"')
    data: dict[str, Any] = value["data"] if isinstance(value.get("data"), dict) else {}
    body = value.get("body") if isinstance(value.get("body"), str) else None
    return MapItem(
        str(value.get("text") or ""), kind=str(value.get("kind") or kind), body=body, data=data
    )


def _emit(number: int, data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps({"input": number, **data}, ensure_ascii=False) + "\n")


# -- printing ----------------------------------------------------------------------------------
_ORIGIN = {"user": 0, "source": 1, "mapper": 2}


def _ordered(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.rejected, _ORIGIN.get(r.origin, 3), -r.confidence, r.area))


def _print_row(out: Any, r: Row) -> None:
    """One mapping: the area, who set it, how sure, why; the reason wraps under itself.

    With room for the reason beside a 44-column area (100 columns or more), one line; else
    the area on a line of its own and the rest below it.
    """
    from rich.text import Text

    from ladder.layout import hanging

    what = _target(r.area, r.expectation)
    mark = (
        Text("✗", style="red")
        if r.rejected
        else Text("✓", style="green")
        if r.origin == "user"
        else Text("·")
    )
    if r.rejected:
        rest = Text("removed by you", style="red") + Text("  ")
    else:
        who = {"user": "you", "source": "source", "mapper": "ladder"}.get(r.origin, r.origin)
        rest = Text(f"{who:<7} {r.confidence:>4.0%}  ")
    reason = Text(r.reason, style="dim")
    if out.width >= 100:
        out.print(hanging(Text("  ") + mark + Text(f" {what:<44} ") + rest, reason))
    else:
        out.print(Text("  ") + mark + Text(f" {what}"))
        out.print(hanging(Text("      ") + rest, reason))


def _target(area: str, expectation: str) -> str:
    return f"{area} / {expectation}" if expectation else area


def register(app: typer.Typer, classify_app: typer.Typer) -> None:
    """Add ``map``, ``why`` and ``tag`` to ``app`` and ``evidence`` to ``classify_app``."""
    app.command("map")(map_command)
    app.command("why")(why_command)
    app.command("tag")(tag_command)
    classify_app.command("evidence")(classify_evidence)


__all__ = ["classify_evidence", "map_command", "register", "tag_command", "why_command"]
