"""``ladder learn …``: the learning list, progress, and what you applied.

Thin shells over :class:`ladder.learning.Learning` (``ws.learning``). ``ladder learn`` on its
own lists, like ``ladder learn list``. An item is named by its number or, for one of the
bundled reading list, by its id (``ddia``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ladder.cli.app import JsonOption, _env, print_json
from ladder.errors import InputError
from ladder.layout import Column, columns, paints, say

if TYPE_CHECKING:
    from ladder.learning import LearningItem

ItemArg = Annotated[
    str,
    typer.Argument(
        help="The item's number, or a bundled item's id such as ddia (see `ladder learn`).",
        show_default=False,
    ),
]
StatusOption = Annotated[
    str | None,
    typer.Option(
        "--status",
        "-s",
        help="Only planned, reading, done or dropped items, or all (default: all but dropped).",
        show_default=False,
    ),
]
AreaOption = Annotated[
    str | None,
    typer.Option("--area", "-a", help="Only items for this ladder area.", show_default=False),
]


def _list(ctx: typer.Context, status: str | None, area: str | None, as_json: bool) -> None:
    with _env(ctx).workspace() as ws:
        items = ws.learning.items(status=status, area=area)
    if as_json:
        print_json({"items": [i.to_dict() for i in items]})
        return
    if not items:
        print("Nothing on your learning list matches. `ladder learn add TITLE` adds an item.")
        return
    rows = []
    for item in items:
        status = f"{item.status} {item.progress}%" if item.status == "reading" else item.status
        if item.counts_as_evidence:
            status += " ✓"
        rows.append([str(item.id), item.seed_id or "", status, _title(item), ", ".join(item.areas)])
    spec = [
        Column("#", right=True),
        Column("id"),
        Column("status"),
        Column("title", flex=True),
        Column("areas", below=True),
    ]
    for line in columns(spec, rows, paint=[None, None, None, None, "36" if paints() else None]):
        print(line)
    say(
        "`ladder learn show ID` says why an item matters; "
        '`ladder learn done ID --applied "…"` turns it into evidence.'
    )


def learn_main(
    ctx: typer.Context,
    status: StatusOption = None,
    area: AreaOption = None,
    as_json: JsonOption = False,
) -> None:
    """Your learning list: the reading list for Senior and your own items, with progress.

    On its own it lists the list (like `ladder learn list`).

    Example: [bold]ladder learn --area operations[/bold]
    """
    if ctx.invoked_subcommand is None:
        _list(ctx, status, area, as_json)


def learn_list(
    ctx: typer.Context,
    status: StatusOption = None,
    area: AreaOption = None,
    as_json: JsonOption = False,
) -> None:
    """List your learning items: reading first, then planned and done.

    Example: [bold]ladder learn list --status done[/bold]
    """
    _list(ctx, status, area, as_json)


def learn_show(ctx: typer.Context, item: ItemArg, as_json: JsonOption = False) -> None:
    """Show one item: why it matters, its areas, your progress notes and what you applied.

    Example: [bold]ladder learn show ddia[/bold]
    """
    with _env(ctx).workspace() as ws:
        found = ws.learning.item(item)
    if as_json:
        print_json(found.to_dict())
        return
    print(
        f"#{found.id}{' ' + found.seed_id if found.seed_id else ''} · {found.kind} · {found.status}"
    )
    say(found.title + (f" — {found.author}" if found.author else ""))
    if found.why:
        say(found.why, first="Why: ")
    if found.areas:
        say(", ".join(found.areas), first="Areas: ")
    if found.url:
        print(f"Link: {found.url}")
    if found.started_on:
        print(
            f"Started {found.started_on}"
            + (f", finished {found.finished_on}" if found.finished_on else f", {found.progress}%")
        )
    if found.note:
        print("Notes:")
        for line in found.note.splitlines():
            say(line, first="  ")
    if found.applied:
        say(found.applied, first="Applied: ")
    if found.counts_as_evidence:
        print(f"Counts as evidence #{found.evidence_id}.")
    elif found.status == "done":
        print(f'`ladder learn applied {found.ref} "…"` makes it evidence.')


def learn_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="The title.", show_default=False)],
    author: Annotated[
        str, typer.Option("--author", help="Who wrote or gave it.", show_default=False)
    ] = "",
    kind: Annotated[
        str, typer.Option("--kind", "-k", help="book, course, article or talk.")
    ] = "book",
    area: Annotated[
        list[str] | None,
        typer.Option(
            "--area", "-a", help="A ladder area it grows (repeatable).", show_default=False
        ),
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="A link to it.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Add your own item to the learning list.

    Example: [bold]ladder learn add "The Site Reliability Workbook" --area operations --url https://sre.google/workbook/table-of-contents/[/bold]
    """
    with _env(ctx).workspace() as ws:
        item = ws.learning.add(title, author=author, kind=kind, areas=area or [], url=url)
    if as_json:
        print_json(item.to_dict())
        return
    areas = f" [{', '.join(item.areas)}]" if item.areas else ""
    say(f"Added #{item.id}: {item.title}{areas}. `ladder learn start {item.id}` when you begin.")


def learn_start(ctx: typer.Context, item: ItemArg, as_json: JsonOption = False) -> None:
    """Start an item (or pick up a dropped one).

    Example: [bold]ladder learn start ddia[/bold]
    """
    with _env(ctx).workspace() as ws:
        found = ws.learning.start(item)
    if as_json:
        print_json(found.to_dict())
        return
    say(f"Started #{found.id}: {found.title} ({found.progress}%).")


def learn_progress(
    ctx: typer.Context,
    item: ItemArg,
    percent: Annotated[
        str, typer.Argument(help="How far you are, 0-100 (40 or 40%).", show_default=False)
    ],
    note: Annotated[
        str | None,
        typer.Option("--note", help="A line on what you took from it so far.", show_default=False),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Record how far you are with an item; 100 marks it done.

    Example: [bold]ladder learn progress ddia 40 --note "chapter 5: replication lag"[/bold]
    """
    value = _percent(percent)
    with _env(ctx).workspace() as ws:
        found = ws.learning.progress(item, value, note=note)
    if as_json:
        print_json(found.to_dict())
        return
    if found.status == "done":
        say(f"Finished #{found.id}: {found.title}.")
        print(_applied_hint(found))
    else:
        say(f"#{found.id}: {found.title} at {found.progress}%.")


def learn_done(
    ctx: typer.Context,
    item: ItemArg,
    applied: Annotated[
        str | None,
        typer.Option(
            "--applied",
            help="What you applied from it; this makes it evidence.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Mark an item done; with --applied it counts as evidence for its areas.

    Example: [bold]ladder learn done refactoring --applied "split the billing rules with Extract Function"[/bold]
    """
    with _env(ctx).workspace() as ws:
        found = ws.learning.done(item, applied=applied)
    if as_json:
        print_json(found.to_dict())
        return
    say(f"Finished #{found.id}: {found.title} ({found.finished_on}).")
    if found.counts_as_evidence:
        say(f"Counts as evidence #{found.evidence_id} for {_areas(found)}.")
    else:
        print(_applied_hint(found))


def learn_applied(
    ctx: typer.Context,
    item: ItemArg,
    text: Annotated[str, typer.Argument(help="What you applied from it.", show_default=False)],
    as_json: JsonOption = False,
) -> None:
    """Say what you applied from a finished item: it then counts as evidence.

    Example: [bold]ladder learn applied ddia "chose leader-follower replication for the ledger, with the trade-offs written up"[/bold]
    """
    with _env(ctx).workspace() as ws:
        found = ws.learning.record_applied(item, text)
    if as_json:
        print_json(found.to_dict())
        return
    print(
        f"#{found.id} ({found.title}) counts as evidence #{found.evidence_id} for {_areas(found)}."
    )


def learn_drop(ctx: typer.Context, item: ItemArg, as_json: JsonOption = False) -> None:
    """Set an item aside; `ladder learn start ID` picks it up again.

    Example: [bold]ladder learn drop team-topologies[/bold]
    """
    with _env(ctx).workspace() as ws:
        found = ws.learning.drop(item)
    if as_json:
        print_json(found.to_dict())
        return
    say(f"Dropped #{found.id}: {found.title}. `ladder learn --status dropped` lists it.")


def _areas(item: LearningItem) -> str:
    """Every area its evidence maps to: the item's own, then career (the learning plan)."""
    from ladder.learning import CAREER_AREA

    return ", ".join(dict.fromkeys([*item.areas, CAREER_AREA]))


def _applied_hint(item: LearningItem) -> str:
    return (
        "It counts as evidence once you say what you applied: "
        f'`ladder learn applied {item.ref} "what you applied"`.'
    )


def _percent(text: str) -> int:
    raw = text.strip().removesuffix("%").strip()
    try:
        value = int(raw)
    except ValueError:
        raise InputError(
            f"progress must be a whole percent from 0 to 100, not {text!r}", hint="e.g. 40 or 40%"
        ) from None
    if not 0 <= value <= 100:
        raise InputError(f"progress must be a whole percent from 0 to 100, not {text!r}")
    return value


def _title(item: LearningItem) -> str:
    head = item.title.split(": ", 1)[0] if len(item.title) > 40 else item.title
    authors = [a.strip() for a in item.author.split(",") if a.strip()]
    by = authors[0] + (" et al." if len(authors) > 1 else "") if authors else ""
    return head + (f" ({by})" if by else "")


def register(app: typer.Typer) -> None:
    """Add the ``learn`` group to ``app``."""
    learn_app = typer.Typer(no_args_is_help=False)  # help: learn_main's docstring
    learn_app.callback(invoke_without_command=True)(learn_main)
    learn_app.command("list")(learn_list)
    learn_app.command("show")(learn_show)
    learn_app.command("add")(learn_add)
    learn_app.command("start")(learn_start)
    learn_app.command("progress")(learn_progress)
    learn_app.command("done")(learn_done)
    learn_app.command("applied")(learn_applied)
    learn_app.command("drop")(learn_drop)
    app.add_typer(learn_app, name="learn")
