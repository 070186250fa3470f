"""``ladder framework``: show the ladder, validate a ladder file, install a new version."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ladder.cli.app import JsonOption, _env, console, framework_app, print_json


@framework_app.command("show")
def show(
    ctx: typer.Context,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            "-l",
            help="Level id, or 'all' (default: your target level, else senior).",
            show_default=False,
        ),
    ] = None,
    area: Annotated[
        str | None, typer.Option("--area", "-a", help="Only this area id.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show the active ladder: areas, and per level the expectations with markers and actions.

    Example: [bold]ladder framework show --level senior --area system-design[/bold]
    """
    with _env(ctx).workspace() as ws:
        ladder = ws.ladder()
        me = ws.profile()
    chosen = level or (me.target_level if me and me.target_level else "senior")
    if chosen != "all":
        ladder.level(chosen)  # unknown level → clear error
    if area is not None:
        area = ladder.area(area).id
    data = ladder.to_dict(level=None if chosen == "all" else chosen, area=area)
    if as_json:
        print_json(data)
        return
    from rich.markup import escape
    from rich.padding import Padding
    from rich.table import Table

    out = console()
    levels = {lv.id: lv.name for lv in ladder.levels}
    scope = "every level" if chosen == "all" else f"{levels[chosen]} ({chosen})"
    out.print(f"[bold]{escape(ladder.name)}[/bold] · version {escape(ladder.version)} · {scope}")
    for a in data["areas"]:
        out.print()
        out.rule(f"[bold]{escape(a['name'])}[/bold] [dim]{a['id']}[/dim]", align="left")
        out.print(Padding(f"[dim]{escape(a['description'])}[/dim]", (0, 0, 0, 2)))
        for e in a["expectations"]:
            tag = f" [cyan]\\[{levels[e['level']]}][/cyan]" if chosen == "all" else ""
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=2, no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row("", f"[bold]{e['id']}[/bold]{tag}")
            grid.add_row("", escape(e["text"]))
            if e["markers"]:
                grid.add_row("", "[green]Looks like[/green]")
                for m in e["markers"]:
                    grid.add_row("[green]•[/green]", escape(m))
            if e["actions"]:
                grid.add_row("", "[yellow]To grow[/yellow]")
                for act in e["actions"]:
                    grid.add_row("[yellow]→[/yellow]", escape(act))
            out.print()
            out.print(Padding(grid, (0, 0, 0, 2)))


@framework_app.command("validate")
def validate(
    file: Annotated[
        Path, typer.Argument(help="The ladder YAML file to check.", show_default=False)
    ],
    as_json: JsonOption = False,
) -> None:
    """Check a ladder file against the format; list every problem with its line.

    Exits 1 when the file has problems. Example: [bold]ladder framework validate my-ladder.yaml[/bold]
    """
    from ladder import framework

    ladder, problems = framework.check(framework.read_file(file))
    if as_json:
        print_json(
            {
                "file": str(file),
                "valid": not problems,
                "problems": [{"line": p.line, "reason": p.reason} for p in problems],
            }
        )
    elif problems:
        err = console(stderr=True)
        for p in problems:
            where = f"{file}:{p.line}" if p.line else str(file)
            err.print(f"{where}: {p.reason}", markup=False)
        err.print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", markup=False)
    else:
        assert ladder is not None
        n = len(ladder.expectations())
        print(
            f"{file}: valid — {ladder.name} ({ladder.id}) version {ladder.version}: "
            f"{len(ladder.levels)} levels, {len(ladder.areas)} areas, {n} expectations"
        )
    if problems:
        raise typer.Exit(1)


@framework_app.command("use")
def use(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="The ladder YAML file to install.", show_default=False)
    ],
    as_json: JsonOption = False,
) -> None:
    """Install a ladder file as a new version and make it the active ladder.

    Older versions are kept, and evidence linked to their ids keeps its links (use
    `aliases:` in the file for ids you renamed). Example: [bold]ladder framework use team-ladder.yaml[/bold]
    """
    from ladder import framework

    ladder = framework.load_file(file)
    with _env(ctx).workspace() as ws:
        result = ws.install_ladder(ladder)
        kept = len(ws.ladder_versions()) - 1
        orphaned_ratings = ws.assessments.orphaned() if ws.profile() else []
        orphaned_goals = ws.goals.orphaned() if ws.profile() else []
    if as_json:
        print_json(
            {
                "ladder": ladder.id,
                "version": ladder.version,
                "added": result.added,
                "older_versions_kept": kept,
                "orphaned_links": result.orphaned,
                "orphaned_ratings": [a.rated_expectation for a in orphaned_ratings],
                "orphaned_goals": [g.id for g in orphaned_goals],
            }
        )
        return
    verb = "Installed" if result.added else "Already installed; re-activated"
    from ladder.cli.layout import say

    say(f"{verb} {ladder.name} ({ladder.id}) version {ladder.version}: now the active ladder.")
    say(f"Older versions kept: {kept}.")
    for area_id, n in result.orphaned.items():
        print(
            f"warning: {n} entr{'y is' if n == 1 else 'ies are'} linked to area {area_id!r}, "
            "which this version does not have; the links are kept.",
            file=sys.stderr,
        )
    if orphaned_ratings:
        n = len(orphaned_ratings)
        ids = ", ".join(sorted({a.rated_expectation for a in orphaned_ratings}))
        print(
            f"warning: {n} current rating{' is' if n == 1 else 's are'} on expectations this "
            f"version does not have ({ids}); they are kept (`ladder assess history` shows them). "
            "Add the old ids under `aliases:` if they were renamed.",
            file=sys.stderr,
        )
    for g in orphaned_goals:
        print(
            f"warning: goal #{g.id} is linked to {g.linked_as!r}, which this version "
            f"does not have; relink it with `ladder goals edit {g.id} --expectation ID`.",
            file=sys.stderr,
        )


@framework_app.command("versions")
def versions(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the installed ladder versions; the active one is marked.

    Example: [bold]ladder framework versions[/bold]
    """
    with _env(ctx).workspace() as ws:
        rows = ws.ladder_versions()
    if as_json:
        print_json(
            [
                {k: v for k, v in r.items() if k != "id"} | {"is_active": bool(r["is_active"])}
                for r in rows
            ]
        )
        return
    from ladder.cli.layout import Column, columns

    spec = [
        Column(""),
        Column("ladder"),
        Column("version"),
        Column("name", flex=True),
        Column("file", flex=True, below=True),
        Column("installed"),
    ]
    table = [
        [
            "●" if r["is_active"] else "",
            r["ladder_id"],
            r["version"],
            r["name"],
            r["source_name"],
            r["installed_at"][:16].replace("T", " "),
        ]
        for r in rows
    ]
    for line in columns(spec, table):
        print(line)
