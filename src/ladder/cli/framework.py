"""``ladder framework``: show the ladder, validate a ladder file, install a new version."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ladder.cli.app import JsonOption, _env, console, framework_app, print_json

if TYPE_CHECKING:
    from ladder import carry, framework
    from ladder.workspace import Workspace


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
    track: Annotated[
        str | None,
        typer.Option(
            "--track",
            help="Only the levels of this ladder track, e.g. ic or management.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show the active ladder: areas, and per level the expectations with markers and actions.

    On a ladder with tracks (paths after Senior), [bold]--track[/bold] keeps to the levels of
    one track; with [bold]--level all[/bold] it shows every level along it.

    Example: [bold]ladder framework show --level senior --area system-design[/bold]

    Example: [bold]ladder framework show --level all --track management --area mentorship[/bold]
    """
    from ladder import framework

    with _env(ctx).workspace() as ws:
        ladder = ws.ladder()
        me = ws.profile()
        update = ws.bundled_update()
    if level == "all":
        chosen, on = "all", ladder.choose_track(track) if track else None
    else:
        chosen, on = framework.pick_level(
            ladder,
            level=level,
            track=track,
            target=me.target_level if me else None,
            current=me.level if me else None,
            profile_track=me.track if me else None,
        )
    if area is not None:
        area = ladder.area(area).id
    data = ladder.to_dict(level=None if chosen == "all" else chosen, area=area)
    data["track"] = on
    if chosen == "all" and on:
        path = set(ladder.track(on).levels)
        data["levels"] = [lv for lv in data["levels"] if lv["id"] in path]
        for a in data["areas"]:
            a["expectations"] = [e for e in a["expectations"] if e["level"] in path]
    if as_json:
        print_json(data | {"bundled_update": update.to_dict() if update else None})
        return
    from rich.markup import escape
    from rich.padding import Padding
    from rich.table import Table

    out = console()
    levels = {lv.id: lv.name for lv in ladder.levels}
    scope = "every level" if chosen == "all" else f"{levels[chosen]} ({chosen})"
    if on and (track or chosen == "all" or not ladder.shared(chosen)):
        scope += f" · {on} track"
    out.print(f"[bold]{escape(ladder.name)}[/bold] · version {escape(ladder.version)} · {scope}")
    if update:
        out.print(update.hint, markup=False)
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
        k = len(ladder.tracks)
        tracks = f" on {k} track{'s' if k != 1 else ''}" if k else ""
        print(
            f"{file}: valid — {ladder.name} ({ladder.id}) version {ladder.version}: "
            f"{len(ladder.levels)} levels{tracks}, {len(ladder.areas)} areas, {n} expectations"
        )
    if problems:
        raise typer.Exit(1)


@framework_app.command("use")
def use(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="The ladder YAML file to install (or --bundled).", show_default=False
        ),
    ] = None,
    bundled: Annotated[
        bool,
        typer.Option(
            "--bundled",
            help="Install the ladder that comes with this version of ladder instead of a file "
            "(to move an existing workspace onto a newer bundled ladder).",
        ),
    ] = False,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            help="Your level on the new ladder (default: your level, carried over).",
            show_default=False,
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            help="Your target level on the new ladder (default: your target, carried over).",
            show_default=False,
        ),
    ] = None,
    track: Annotated[
        str | None,
        typer.Option(
            "--track",
            help="Your track on the new ladder, if it has tracks (default: yours, else the "
            "one your levels are on).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Install a ladder file as a new version, make it the active ladder, and carry you along.

    Your level and target move to the new ladder's level with the same id, the one that lists
    the old id under `aliases:`, the one with the same name, or the one at the same place
    when the levels line up one to one. When one has no counterpart, it asks in a terminal;
    without one it stops (nothing installed) and names [bold]--level[/bold] /
    [bold]--target[/bold]. Evidence, ratings and goals linked to renamed ids follow the
    new ids; links to ids the version dropped are kept and listed, each with the command that
    re-tags or removes it. Older versions are kept.

    [bold]--bundled[/bold] installs the ladder that comes with this version of ladder, the
    same way: a workspace made with an older one keeps it until you run this (`ladder status`
    says when a newer one is available). Run again, it says the ladder is already in use.

    Example: [bold]ladder framework use team-ladder.yaml[/bold]

    Example: [bold]ladder framework use ft-ladder.yaml --level engineer-2 --target senior-1[/bold]

    Example: [bold]ladder framework use --bundled[/bold]
    """
    from ladder import carry, framework
    from ladder.errors import InputError

    if bundled == (file is not None):
        raise InputError(
            "give a ladder file or --bundled, not both"
            if bundled
            else "name the ladder file to install, or --bundled for the ladder that comes with ladder",
            hint="ladder framework use FILE, or ladder framework use --bundled",
        )
    if file is not None:
        ladder, command, source = framework.load_file(file), None, None
    else:
        ladder = framework.bundled()
        command, source = "ladder framework use --bundled", "the bundled ladder"
    with _env(ctx).workspace() as ws:
        plan = ws.plan_ladder(ladder, level=level, target=target, track=track)
        if plan.unplaced:
            if not (sys.stdin.isatty() and not as_json):
                raise carry.unplaced_message(plan, command=command, source=source)
            plan = _ask(ws, plan, ladder, track)
        in_use = framework.in_use(ws.store, ladder)
        result, carried = ws.use_ladder(plan)
        kept = len(ws.ladder_versions()) - 1
        me = ws.profile()
        orphaned_ratings = ws.assessments.orphaned() if me else []
    if as_json:
        print_json(
            {
                "ladder": ladder.id,
                "version": ladder.version,
                "added": result.added,
                "already_in_use": in_use,
                "older_versions_kept": kept,
                "profile": plan.to_dict() if plan.has_profile else None,
                "orphaned_links": result.orphaned,
                "orphaned_ratings": [a.rated_expectation for a in orphaned_ratings],
                "orphaned_goals": [g for g, _ in carried.goals_dropped],
                "carried": carried.to_dict(),
            }
        )
        return
    from ladder.layout import say

    named = f"{ladder.name} ({ladder.id}) version {ladder.version}"
    if in_use:
        say(f"{named} is already in use (the active ladder): nothing to install.")
    else:
        verb = "Installed" if result.added else "Already installed; re-activated"
        say(f"{verb} {named}: now the active ladder.")
        say(f"Older versions kept: {kept}.")
    if plan.has_profile and plan.moved and me is not None:
        moves = [
            f"{x.what} {x.old} → {x.new} ({carry.HOW[x.how]})"
            for x in (plan.level, plan.target)
            if x.old != x.new and x.new
        ]
        if plan.track != plan.old_track and plan.track:
            moves.append(f"track {plan.track}")
        say("Your profile: " + "; ".join(moves) + ".")
    if in_use:  # nothing was re-pointed now: only what still needs doing is repeated
        _warn_dropped(carried, orphaned_ratings)
        return
    for (old, new), n in carried.followed.items():
        say(f"{n} entr{'y' if n == 1 else 'ies'} linked to {old} now count{'s' if n == 1 else ''} for {new}.")
    for (old, new), n in carried.ratings_followed.items():
        say(f"{n} rating{'' if n == 1 else 's'} of {old} now count{'s' if n == 1 else ''} for {new}.")
    for goal_id, old, new in carried.goals_followed:
        say(f"Goal #{goal_id} linked to {old} now follows {new}.")
    _warn_dropped(carried, orphaned_ratings)


def _ask(ws: Workspace, plan: carry.Plan, ladder: framework.Ladder, track: str | None) -> carry.Plan:
    """Ask in the terminal where the levels that found no place go."""
    from rich.prompt import Prompt

    ids = [lv.id for lv in ladder.levels]
    console().print(
        f"{ladder.name} version {ladder.version} has these levels: "
        + ", ".join(f"{lv.id} ({lv.name})" for lv in ladder.levels),
        markup=False,
    )
    given: dict[str, str] = {}
    for x in plan.unplaced:
        shown = f"{x.old} ({x.old_name})" if x.old_name else str(x.old)
        given[x.what] = Prompt.ask(f"Your {x.what} was {shown}; on the new ladder it is", choices=ids)
    return ws.plan_ladder(
        ladder,
        level=given.get("level", plan.level.new),
        target=given.get("target", plan.target.new),
        track=track,
    )


def _warn_dropped(carried: carry.Carried, orphaned_ratings: list[Any]) -> None:
    """The links to ids this version dropped, each with the command that re-tags or removes it."""
    for stale, ids in carried.dropped.items():
        n = len(ids)
        listed = ", ".join(f"#{i}" for i in ids[:5]) + (" …" if n > 5 else "")
        kind = "expectation" if "." in stale else "area"
        print(
            f"warning: {n} entr{'y is' if n == 1 else 'ies are'} linked to {kind} {stale!r} "
            f"({listed}), which this version does not have; the links are kept. Re-tag with "
            f"`ladder tag {ids[0]} --area ID --remove {stale}`, or remove the link with "
            f"`ladder tag {ids[0]} --remove {stale}` (`ladder entries --area "
            f"{stale.split('.', 1)[0]}` lists them).",
            file=sys.stderr,
        )
    if orphaned_ratings:
        n = len(orphaned_ratings)
        ids_ = ", ".join(sorted({a.rated_expectation for a in orphaned_ratings}))
        print(
            f"warning: {n} current rating{' is' if n == 1 else 's are'} on expectations this "
            f"version does not have ({ids_}); they are kept (`ladder assess history` shows them). "
            "Rate the new expectations with `ladder assess`, or add the old ids under "
            "`aliases:` if they were renamed.",
            file=sys.stderr,
        )
    for goal_id, stale in carried.goals_dropped:
        print(
            f"warning: goal #{goal_id} is linked to {stale!r}, which this version "
            f"does not have; relink it with `ladder goals edit {goal_id} --expectation ID`, "
            f"or unlink it with `ladder goals edit {goal_id} --area -`.",
            file=sys.stderr,
        )


@framework_app.command("versions")
def versions(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the installed ladder versions; the active one is marked.

    When the active ladder is an older version of the one that comes with ladder, a last
    line says so and names [bold]ladder framework use --bundled[/bold].

    Example: [bold]ladder framework versions[/bold]
    """
    with _env(ctx).workspace() as ws:
        rows = ws.ladder_versions()
        update = ws.bundled_update()
    if as_json:
        print_json(
            [
                {k: v for k, v in r.items() if k != "id"} | {"is_active": bool(r["is_active"])}
                for r in rows
            ]
        )
        return
    from ladder.layout import Column, columns

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
    if update:
        from ladder.layout import say

        say(update.hint)


@framework_app.command("import")
def import_(
    path: Annotated[
        Path, typer.Argument(help="The ladder to read, in its own format.", show_default=False)
    ],
    source_format: Annotated[
        str,
        typer.Option(
            "--from",
            "-f",
            help="Its format: ft (FT job-family YAML), monzo (Markdown with front matter), "
            "snowflake (constants.js), csv, or auto (from its content and extension).",
        ),
    ] = "auto",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the ladder file here ('-' or none: standard output).",
            show_default=False,
        ),
    ] = None,
    update: Annotated[
        Path | None,
        typer.Option(
            "--update",
            help="An earlier ladder file: keep its ids (reworded lines matched by text, "
            "renames listed under aliases) and raise its version.",
            show_default=False,
        ),
    ] = None,
    ladder_id: Annotated[
        str | None,
        typer.Option(
            "--id", help="The ladder's id (default: from the source).", show_default=False
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", help="The ladder's name (default: from the source).", show_default=False
        ),
    ] = None,
    version: Annotated[
        str | None,
        typer.Option(
            "--version",
            help="The ladder's version (default: 1, or one above --update's).",
            show_default=False,
        ),
    ] = None,
    levels: Annotated[
        str | None,
        typer.Option(
            "--levels",
            help="CSV only: the level names in order, most junior first, separated by commas.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the import report as JSON (needs -o FILE).")
    ] = False,
) -> None:
    """Make a ladder file from a public ladder: FT, Monzo, snowflake or a CSV matrix.

    Writes a file that passes `framework validate` and reports what was read, what was
    written and what could not be carried over. Nothing is written when the source has a
    problem. Example: [bold]ladder framework import engineering.yml --from ft -o ft.yaml[/bold]
    """
    from ladder import ladderimport
    from ladder.errors import InputError

    to_stdout = output in (None, "-")
    if as_json and to_stdout:
        raise InputError(
            "--json prints the report on standard output, where the ladder goes without -o",
            hint="write the ladder to a file: -o LADDER.yaml --json",
        )
    if source_format not in (*ladderimport.FORMATS, "auto"):
        from ladder import rules

        raise InputError(rules.unknown("format", source_format, [*ladderimport.FORMATS, "auto"]))
    target = None
    if not to_stdout:
        from ladder.render import check_writable

        assert output is not None
        target = check_writable(output)
        if target.exists() and target.resolve() == path.resolve():
            raise InputError(
                f"-o {output} would overwrite the file it reads",
                hint="write the ladder to another file, e.g. -o ladder.yaml",
            )
    result = ladderimport.import_file(
        path,
        source_format,
        previous=update,
        ladder_id=ladder_id,
        name=name,
        version=version,
        levels=[x.strip() for x in levels.split(",") if x.strip()] if levels else None,
    )
    if target is None:
        sys.stdout.write(result.text)
    else:
        from ladder.render import write

        write(target, result.text)
    report = result.report
    if as_json:
        print_json({"output": str(target), **report.to_dict()})
        return
    _say_report(
        report,
        str(target) if target else "standard output",
        sys.stderr if target is None else sys.stdout,
    )


def _say_report(report: Any, where: str, out: Any) -> None:
    """The import report in words, 80 columns wide."""
    from ladder.layout import Column, columns, say

    data = report.to_dict()
    lad = data["ladder"]
    say(
        f"Imported {report.source} ({report.format}) to {where}: {lad['name']} ({lad['id']}) "
        f"version {lad['version']}: {lad['levels']} levels, {lad['areas']} areas, "
        f"{data['written']} of {data['read']} competencies.",
        file=out,
    )
    print(file=out)
    for key, rows in (("area", data["per_area"]), ("level", data["per_level"])):
        spec = [Column(key, flex=True), Column("read"), Column("written")]
        table = [[r[key], str(r["read"]), str(r["written"])] for r in rows]
        for line in columns(spec, table):
            print(line, file=out)
        print(file=out)
    say("Counts per area and level: the --json report (per_area[].levels).", file=out)
    if data["dropped"]:
        print(file=out)
        say(f"Not carried over ({len(data['dropped'])}):", file=out)
        for d in data["dropped"]:
            say(
                f"line {d['line']}: {d['text']!r}: {d['reason']}",
                first="  ",
                indent="    ",
                file=out,
            )
    if data["not_carried"]:
        print(file=out)
        say("Fields the ladder format has no place for:", file=out)
        for f in data["not_carried"]:
            say(f"{f['field']} ({f['count']}): {f['reason']}", first="  ", indent="    ", file=out)
    if data["notes"]:
        print(file=out)
        for note in data["notes"]:
            say(f"Note: {note}", indent="  ", file=out)
    upd = data["update"]
    if upd:
        print(file=out)
        say(
            f"Ids from {upd['previous']}: {upd['kept']} kept ({len(upd['reworded'])} of the "
            f"lines reworded), {len(upd['renamed'])} renamed (old id under aliases), "
            f"{len(upd['added'])} new, {len(upd['removed'])} removed.",
            file=out,
        )
        for r in upd["reworded"]:
            say(f"{r['id']}: was {r['was']!r}", first="  reworded ", indent="    ", file=out)
            say(f"now {r['now']!r}", first="    ", file=out)
        for r in upd["renamed"]:
            say(f"{r['from']} → {r['to']}", first="  renamed ", indent="    ", file=out)
        for r in upd["removed"]:
            say(f"{r['id']}: {r['text']!r}", first="  removed ", indent="    ", file=out)
