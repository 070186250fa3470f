"""``ladder harvest SOURCE`` and ``ladder sources``: the shell around :mod:`ladder.harvest`.

Each source adds its own ``ladder harvest NAME`` command (``Source.register_commands``) and
calls :func:`run_harvest` with what it parsed; progress bars, the summary, ``--json`` and
Ctrl-C are handled once, for every source, in :mod:`ladder.harvest_cli` (which also holds the
fast path of ``ladder harvest git``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from ladder.cli.app import JsonOption, _env, app, harvest_app, print_json
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
    """Run a harvest with a progress bar (on a terminal) and print what it did
    (:func:`ladder.harvest_cli.run`)."""
    from ladder.harvest_cli import run

    code = run(_env(ctx).workspace, source, since=since, until=until, as_json=as_json, **options)
    if code:
        raise typer.Exit(code)


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
    from ladder.layout import Column, columns

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
