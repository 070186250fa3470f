"""``ladder serve``: the local web dashboard and JSON API (a thin shell over :mod:`ladder.web`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI

    from ladder.web import Settings

from ladder.cli.app import _env
from ladder.errors import InputError


def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="The address to listen on. Anything but loopback needs LADDER_WEB_TOKEN set.",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", "-p", help="The port to listen on.", min=1, max=65535)
    ] = 8765,
    open_browser: Annotated[
        bool,
        typer.Option("--open", help="Open the dashboard in your web browser once it is up."),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Web worker processes (a team server on PostgreSQL: about one per core).",
        ),
    ] = 1,
    team: Annotated[
        bool,
        typer.Option(
            "--team",
            help="Serve a team: each person logs in with their own account (ladder users); "
            "it needs an active admin.",
        ),
    ] = False,
) -> None:
    """Serve your dashboard: readiness, gaps, goals, evidence, 1:1s, the packet.

    Serves the pages and the JSON API (/api/v1, described at /api/v1/openapi.json) from this
    workspace and prints the address to open; with [bold]--open[/bold] it opens it in your
    browser too. It listens on 127.0.0.1 only, unless --host says otherwise; then it needs a
    token in LADDER_WEB_TOKEN (the password of its login page; never printed or logged) that
    is hard to guess; make one with
    python3 -c 'import secrets; print(secrets.token_urlsafe(32))'. Wrong tokens make the
    client wait before it may try again, longer each time.

    With [bold]--team[/bold] it serves everyone in the database (PostgreSQL in
    LADDER_DATABASE_URL; SQLite works to try it): each person logs in with their email and
    password or sends an API token, and sees what the rules of docs/team.md allow. It refuses
    to start without an active admin (ladder users add EMAIL --name NAME --role admin).

    With [bold]--workers N[/bold] N processes answer requests (each with its own
    connections); a SQLite workspace is best served by one.

    Example: [bold]ladder serve --open[/bold]
    """
    import uvicorn

    from ladder.web import Settings, create_app
    from ladder.web.security import check_bind, is_loopback
    from ladder.workspace import DB_FILE, ENV_DATABASE_URL, resolve_home

    env = _env(ctx)
    settings = Settings.from_env(env.environ, home=env.home, host=host, port=port, team=team)
    no_admin = InputError(
        "a team server needs an active admin, and this database has none",
        hint="add one: ladder users add EMAIL --name NAME --role admin",
    )
    no_profile = InputError(
        "this workspace has no profile yet",
        hint="run `ladder init` (or `ladder quickstart` inside a git repository) first",
    )
    db_file = resolve_home(env.home, env.environ) / DB_FILE
    if not env.environ.get(ENV_DATABASE_URL) and not db_file.exists():
        if team:
            raise no_admin  # before anything creates the database
        check_bind(host, settings.token)
        raise no_profile  # before anything creates the database
    app = create_app(settings)  # refuses an unsafe address or no admin, opens the store
    web = app.state.web
    with web.pool.workspace() as ws:
        if not team and ws.profile() is None:
            web.close()
            raise no_profile
        where = ws.database
    _check_port(host, port)
    login = " (log in with the token in LADDER_WEB_TOKEN)" if settings.token else ""
    if team:
        login = " (each person logs in with their email and password)"
    print(f"ladder is serving {where}")
    print(f"Open {_url(host, port)}{login} · Ctrl-C stops it", flush=True)
    if not is_loopback(host):
        print("Listening beyond this machine: put HTTPS in front of it on a shared network.")
    if workers > 1:
        _serve_workers(
            app,
            env.environ,
            settings,
            workers=workers,
            team=team,
            open_at=(_local_url(host, port) if open_browser else None),
        )
        return
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,  # addresses carry search words and names; nothing is logged
        server_header=False,
        proxy_headers=False,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    if open_browser:
        _open_when_started(server, _local_url(host, port))
    server.run()


def _serve_workers(
    app: FastAPI,
    environ: Mapping[str, str],
    settings: Settings,
    *,
    workers: int,
    team: bool,
    open_at: str | None,
) -> None:
    """Serve with ``workers`` processes: each builds the app from the options handed down."""
    import json
    import os

    import uvicorn

    from ladder.web.app import ENV_SERVE

    app.state.web.close()  # the parent only checked that it builds
    options = {
        "home": str(settings.home) if settings.home else None,
        "host": settings.host,
        "port": settings.port,
        "team": team,
    }
    os.environ.update({k: v for k, v in environ.items() if k.startswith("LADDER_")})
    os.environ[ENV_SERVE] = json.dumps(options)
    if open_at:
        _open_when_answering(open_at)
    uvicorn.run(
        "ladder.web.app:app_from_env",
        factory=True,
        workers=workers,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
        lifespan="on",
    )


def _open_when_answering(url: str) -> None:
    """Open ``url`` in the browser once something answers on its port."""
    import socket
    import threading
    import time
    import webbrowser
    from urllib.parse import urlsplit

    parts = urlsplit(url)

    def wait_then_open() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((parts.hostname, parts.port or 80), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            return
        if not webbrowser.open(url):
            print(f"No browser could be started: open {url} yourself.", flush=True)

    threading.Thread(target=wait_then_open, name="ladder-open-browser", daemon=True).start()


def _open_when_started(server: uvicorn.Server, url: str) -> None:
    """Open ``url`` in the browser (``$BROWSER`` or the system's) once ``server`` listens."""
    import threading
    import time
    import webbrowser

    def wait_then_open() -> None:
        deadline = time.monotonic() + 30
        while not server.started:
            if server.should_exit or time.monotonic() > deadline:
                return
            time.sleep(0.05)
        if not webbrowser.open(url):
            print(f"No browser could be started: open {url} yourself.", flush=True)

    threading.Thread(target=wait_then_open, name="ladder-open-browser", daemon=True).start()


def _local_url(host: str, port: int) -> str:
    """The address a browser on this machine opens (loopback for a wildcard address)."""
    if host in ("0.0.0.0", "::", ""):
        return f"http://127.0.0.1:{port}/"
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def _url(host: str, port: int) -> str:
    """The address to open: a wildcard (0.0.0.0, ::) is not one, so name this machine."""
    import socket

    if host in ("0.0.0.0", "::", ""):
        name = socket.gethostname() or "THIS-MACHINE"
        return f"http://{name}:{port}/ from another machine (http://127.0.0.1:{port}/ on this one)"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _check_port(host: str, port: int) -> None:
    """Fail with a clear message when the address cannot be bound (port in use, say)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}: {exc.strerror or exc}") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            raise InputError(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                hint="another program uses that port: pick another with --port",
            ) from exc


def register(app: typer.Typer) -> None:
    """Add ``ladder serve`` to ``app``."""
    app.command("serve")(serve)
