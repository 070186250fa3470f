"""``ladder harvest SOURCE`` and ``ladder sources``: the shell around :mod:`ladder.harvest`.

Each source adds its own ``ladder harvest NAME`` command (``Source.register_commands``) and
calls :func:`run_harvest` with what it parsed; progress bars, the summary, ``--json`` and
Ctrl-C are handled here, once, for every source.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated, Any

import typer

from ladder.cli.app import JsonOption, _env, app, harvest_app, print_json
from ladder.errors import ExitStatus
from ladder.source import Source

SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since", help="Only work on or after this date (natural dates work).", show_default=False
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", help="Only work on or before this date.", show_default=False),
]


def run_harvest(
    ctx: typer.Context,
    source: Source,
    *,
    since: str | dt.date | None,
    until: str | dt.date | None,
    as_json: bool,
    **options: Any,
) -> None:
    """Run a harvest with a progress bar (on a terminal) and print what it did."""
    from ladder.cli import progress

    with _env(ctx).workspace() as ws:
        try:
            with progress.bar(quiet=as_json) as report:
                summary = ws.harvest(source, since=since, until=until, progress=report, **options)
        except KeyboardInterrupt:
            sys.stderr.write(
                "\ninterrupted: what was harvested so far is kept; run the same command again to resume\n"
            )
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None
    if as_json:
        print_json(summary.to_dict())
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
    from ladder.cli.layout import clip, say, width

    say(", ".join(parts) + tail, first=f"{source.name}: ")
    room = width()
    for item in [i for i in summary.items if i["action"] == "added"][:10]:
        head = f"  + #{item['id']} "
        print(head + clip(item["title"], room - len(head)))
    more = summary.added - 10
    if more > 0:
        say(f"… and {more} more: ladder entries --source {source.name}", first="  ")
    for note in summary.notes:
        say(note, first="note: ", file=sys.stderr)


@app.command()
def sources(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the evidence sources, whether each is configured, and when it last ran.

    Example: [bold]ladder sources[/bold]
    """
    from ladder.source import discover

    found, broken = discover()
    env = _env(ctx)
    with env.workspace() as ws:
        me = ws.profile()
        last = {name: (ws.harvest_state(name).get("last_run") if me else None) for name in found}
    rows: list[dict[str, Any]] = []
    for name, src in found.items():
        status = src.status(env.environ)
        rows.append(
            {
                "name": name,
                "title": src.title,
                "configured": status.configured,
                "detail": status.detail,
                "last_run": last[name],
                "error": None,
            }
        )
    for name, reason in broken.items():
        rows.append(
            {
                "name": name,
                "title": "",
                "configured": False,
                "detail": "",
                "last_run": None,
                "error": reason,
            }
        )
    if as_json:
        print_json(rows)
        return
    from ladder.cli.layout import Column, columns

    spec = [
        Column("source"),
        Column("what it reads", flex=True),
        Column("ready"),
        Column("how", flex=True),
        Column("last harvest", flex=True),
    ]
    table = [
        [str(r["name"]), "", "broken", str(r["error"]), ""]
        if r["error"]
        else [
            str(r["name"]),
            str(r["title"]),
            "yes" if r["configured"] else "no",
            str(r["detail"]),
            str(r["last_run"] or "never")[:16].replace("T", " "),
        ]
        for r in rows
    ]
    for line in columns(spec, table):
        print(line)


def register_sources(only: str | None = None) -> None:
    """Let every registered source add its ``ladder harvest NAME`` command (once each), or
    only the source called ``only`` when there is one (``ladder harvest git …`` imports no
    other source); the commands stay in the order of their names either way."""
    from ladder.source import discover

    done: set[str] = harvest_app.__dict__.setdefault("_ladder_registered", set())
    if "*" in done or (only is not None and only in done):
        return
    found = discover(only=only)[0] if only is not None else {}
    if not found:
        found, only = discover()[0], None
    for name, src in found.items():
        if name not in done:
            src.register_commands(harvest_app)
            done.add(name)
    if only is None:
        done.add("*")
    harvest_app.registered_commands.sort(key=lambda c: c.name or "")
