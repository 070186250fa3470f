"""``ladder remote``, ``ladder push`` and ``ladder pull``: this workspace and a team server
(thin shells over :mod:`ladder.sync`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ladder.cli.app import JsonOption, _env, print_json
from ladder.errors import InputError

app = typer.Typer(
    no_args_is_help=True,
    help="The team servers this workspace pushes to; their tokens are kept in 0600 files, "
    "never in the database."
    "\n\nExample: [bold]ladder remote add team https://ladder.example.com --token-file ~/team.token[/bold]",
)

NameArg = Annotated[
    str | None, typer.Argument(help="The remote (default: the only one).", show_default=False)
]


def _home(ctx: typer.Context) -> Path:
    from ladder.workspace import resolve_home

    env = _env(ctx)
    return resolve_home(env.home, env.environ)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A short name: team.")],
    url: Annotated[str, typer.Argument(help="The server: https://… (http only to this machine).")],
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help="A file holding the token `ladder users token` printed (default: asked for "
            "on a terminal, else read from stdin).",
        ),
    ] = None,
) -> None:
    """Add a team server, with the API token its admin made for you.

    The token is copied into a file only you may read (0600) in the workspace folder; the
    database keeps the address.

    Example: [bold]ladder remote add team https://ladder.example.com --token-file ~/team.token[/bold]
    """
    from ladder import sync
    from ladder.terminal import read_stdin

    if token_file is not None:
        try:
            token = token_file.expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {token_file}: {exc}") from exc
    elif sys.stdin.isatty():
        import getpass

        token = getpass.getpass("API token (not shown): ")
    else:
        token = read_stdin("<stdin>")
    with _env(ctx).workspace() as ws:
        found = sync.add_remote(ws.store, _home(ctx), name, url, token)
    print(f"Remote {found.name}: {found.url} (token in {found.token_file})")


@app.command("list")
def list_remotes(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The team servers this workspace pushes to, with how far the last push got.

    Example: [bold]ladder remote list[/bold]
    """
    from ladder import sync

    with _env(ctx).workspace() as ws:
        found = [(r, sync.cursor(ws.store, r.name)) for r in sync.remotes(ws.store)]
    if as_json:
        print_json([r.to_dict() | {"pushed_up_to": c.updated_at or None} for r, c in found])
        return
    if not found:
        print("No team server yet: ladder remote add team https://… --token-file FILE")
    for r, c in found:
        print(f"{r.name}  {r.url}  · pushed up to {c.updated_at or 'nothing yet'}")


@app.command("remove")
def remove(ctx: typer.Context, name: Annotated[str, typer.Argument(help="The remote.")]) -> None:
    """Forget a team server and delete its token file (what it has stays there).

    Example: [bold]ladder remote remove team[/bold]
    """
    from ladder import sync

    with _env(ctx).workspace() as ws:
        found = sync.remove_remote(ws.store, name)
    print(f"Removed {found.name} ({found.url}) and its token file")


def _show(result: object, verb: str) -> None:
    from ladder import sync

    assert isinstance(result, sync.SyncResult)
    parts = []
    for kind, by in sorted(result.counts.items()):
        moved = by.get("added", 0) + by.get("updated", 0)
        if moved:
            parts.append(f"{kind} {moved}")
    print(f"{verb}: " + (", ".join(parts) if parts else "nothing new"))
    for c in result.conflicts:
        print(f"  conflict ({c['rule']}): {c['kind']} {c['uid']}: {c['what']}")


def push(
    ctx: typer.Context,
    name: NameArg = None,
    batch: Annotated[
        int,
        typer.Option(
            "--batch", min=1, max=5000, help="Evidence items per request (smaller on slow links)."
        ),
    ] = 500,
    as_json: JsonOption = False,
) -> None:
    """Send your evidence, your own ratings, goals and shared 1:1 notes to your account on a
    team server. Private notes, mentees and the reading list never leave this machine.

    Idempotent and incremental: only what changed since the last push goes, in batches; a cut
    connection is resumed by pushing again. Conflicts are reported, never lost.

    Example: [bold]ladder push team[/bold]
    """
    from ladder import sync
    from ladder.progress import bar

    with _env(ctx).workspace() as ws:
        found = sync.remote(ws.store, name)
        with bar(quiet=as_json) as report:
            result = sync.push(
                ws.store, found, batch=batch, progress=lambda n, total: report("Pushing", n, total)
            )
    if as_json:
        print_json(result.to_dict())
        return
    _show(result, f"Pushed to {found.name}")


def pull(ctx: typer.Context, name: NameArg = None, as_json: JsonOption = False) -> None:
    """Bring back what others entered for you on a team server: your manager's and peers'
    ratings and the 1:1 notes shared with you.

    Example: [bold]ladder pull team[/bold]
    """
    from ladder import sync

    env = _env(ctx)
    with env.workspace() as ws:
        found = sync.remote(ws.store, name)
        result = sync.pull(ws.store, found, now=env.clock.now_iso(), today=env.clock.today())
    if as_json:
        print_json(result.to_dict())
        return
    _show(result, f"Pulled from {found.name}")


def register(root: typer.Typer) -> None:
    """Add ``remote``, ``push`` and ``pull``."""
    root.add_typer(app, name="remote")
    root.command("push")(push)
    root.command("pull")(pull)


__all__ = ["register"]
