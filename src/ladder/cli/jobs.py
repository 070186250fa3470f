"""``ladder worker`` and ``ladder jobs``: harvests as jobs on the team's queue (thin shells over
:mod:`ladder.jobs`, which alone imports the queue library)."""

from __future__ import annotations

import logging
import os
import socket
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ladder.cli.app import JsonOption, _env, print_json
from ladder.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from ladder.cli.app import Env
    from ladder.store import Store

app = typer.Typer(
    no_args_is_help=True,
    help="Harvests queued on the team server for `ladder worker` processes: queue them, see "
    "their state, progress and last error."
    "\n\nExample: [bold]ladder jobs harvest github --person ada@example.com[/bold]",
)


def _url(env: Env) -> str:
    from ladder.workspace import ENV_DATABASE_URL

    url = env.environ.get(ENV_DATABASE_URL, "")
    if not url.startswith(("postgresql", "postgres://")):
        raise InputError(
            "harvest jobs need the team's PostgreSQL",
            hint="set LADDER_DATABASE_URL=postgresql://… (on your own machine, harvest with "
            "`ladder harvest SOURCE`)",
        )
    return url


def _person_id(store: Store, email: str | None) -> int:
    from ladder import person

    if email is None:
        pid = person.self_id(store)
        if pid is None:
            raise InputError("this workspace has no profile yet", hint="pass --person EMAIL")
        return pid
    value = store.scalar(
        "SELECT person_id FROM person_identity WHERE kind = 'email' AND lower(value) = :v",
        {"v": email.strip().lower()},
    )
    if value is None:
        raise NotFoundError(f"no person with the e-mail address {email!r}")
    return int(value)


class _OneLine(logging.Formatter):
    """Log lines without tracebacks and without control characters (the job's state keeps the
    error; a worker's log is for the people who run it)."""

    def formatException(self, ei: object) -> str:
        return ""

    def format(self, record: logging.LogRecord) -> str:
        from ladder.terminal import clean

        return clean(super().format(record))


def _logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    for name, level in (("ladder", logging.INFO), ("procrastinate", logging.WARNING)):
        log = logging.getLogger(name)
        log.handlers[:] = [handler]
        log.setLevel(level)
        log.propagate = False


def worker(
    ctx: typer.Context,
    concurrency: Annotated[
        int,
        typer.Option("--concurrency", "-c", min=1, max=16, help="Jobs this process works at once."),
    ] = 1,
    once: Annotated[
        bool,
        typer.Option(
            "--once",
            help="Work until the queue is empty, then stop (no nightly schedule: for cron).",
        ),
    ] = False,
    name: Annotated[
        str | None,
        typer.Option("--name", help="The worker's name in logs (default: host and process id)."),
    ] = None,
) -> None:
    """Work the harvest queue: the team server's harvests, off the request path.

    Runs the queued harvests (GitHub and Jira, with the server's credentials from this
    process's environment) one job at a time per --concurrency, retries failed ones with
    back-off, defers the nightly harvest of everyone at LADDER_HARVEST_CRON (default
    "0 2 * * *", UTC) and puts back in the queue the jobs of workers that stopped beating.
    Start as many workers, on as many machines, as the load needs; Ctrl-C (or SIGTERM)
    lets the running jobs finish first.

    Example: [bold]LADDER_DATABASE_URL=postgresql://ladder@db/ladder ladder worker -c 2[/bold]
    """
    from ladder.jobs import queue as jobs
    from ladder.workspace import resolve_home

    env = _env(ctx)
    url = _url(env)
    with env.workspace():  # brings the store's schema up to date, installs the ladder
        pass
    # a run --once is itself the scheduled thing (cron); a standing worker keeps the schedule
    app = jobs.make_app(url, cron=env.environ.get(jobs.ENV_CRON), schedule=not once)
    with app.open():
        jobs.ensure_schema(app)
    label = name or f"{socket.gethostname()}-{os.getpid()}"
    settings = jobs.Settings(
        url=url, env=env.environ, home=str(resolve_home(env.home, env.environ)), clock=env.clock
    )
    _logging()
    print(f"ladder worker {label}: working the harvest queue · Ctrl-C stops it", flush=True)
    heartbeat = float(env.environ.get("LADDER_WORKER_HEARTBEAT", "10"))
    stalled = float(env.environ.get("LADDER_WORKER_STALLED", str(jobs.STALLED_SECONDS)))
    if once:
        jobs.retry_stalled(app, seconds=stalled)
    jobs.run_worker(
        app,
        settings,
        name=label,
        concurrency=concurrency,
        wait=not once,
        heartbeat=heartbeat,
        stalled_after=stalled,
    )


@app.command("harvest")
def queue_harvest(
    ctx: typer.Context,
    source: Annotated[
        str | None, typer.Argument(help="github or jira (default: both, where set up).")
    ] = None,
    who: Annotated[
        str | None,
        typer.Option("--person", help="Whose harvest, by e-mail (default: you)."),
    ] = None,
    everyone: Annotated[
        bool, typer.Option("--all", help="Everyone the server can harvest (the nightly run, now).")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Read from this day (default: where the last run stopped)."),
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="Read up to this day.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Queue a harvest for a worker; nothing is harvested in this process.

    Example: [bold]ladder jobs harvest github --person ada@example.com[/bold]
    """
    from ladder.dates import parse_date
    from ladder.jobs import queue as jobs

    env = _env(ctx)
    url = _url(env)
    today = env.clock.today()
    start = parse_date(since, today=today) if since else None
    end = parse_date(until, today=today) if until else None
    if start and end and start > end:
        raise InputError(f"--since {start} is after --until {end}")
    with env.workspace() as ws:
        app = jobs.make_app(url)
        with app.open():
            jobs.ensure_schema(app)
            now = env.clock.now_iso()
            if everyone:
                pairs = jobs.harvestable(ws.store, env.environ)
                if source:
                    pairs = [p for p in pairs if p[1] == source]
            else:
                pid = _person_id(ws.store, who)
                pairs = [(pid, s) for s in ([source] if source else jobs.SERVER_SOURCES)]
            queued = [
                (p, s, jobs.defer(app, ws.store, p, s, now=now, since=start, until=end))
                for p, s in pairs
            ]
    if as_json:
        print_json([{"person_id": p, "source": s, "queued": q} for p, s, q in queued])
        return
    if not queued:
        print("Nobody to harvest: no source is set up on this server, or nobody has its handle.")
    for p, s, q in queued:
        said = "queued" if q else "already waiting in the queue"
        print(f"person {p} · {s}: {said}")


@app.command("list")
def list_jobs(
    ctx: typer.Context,
    who: Annotated[
        str | None, typer.Option("--person", help="One person, by e-mail (default: everyone).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The harvest jobs: state, progress, attempts and the last error, per person and source.

    Example: [bold]ladder jobs list --person ada@example.com[/bold]
    """
    from ladder import person
    from ladder.jobs import status as jobs
    from ladder.layout import Column, columns

    env = _env(ctx)
    with env.workspace() as ws:
        pid = _person_id(ws.store, who) if who else None
        found = jobs.status(ws.store, pid)
        names = {p: person.get(ws.store, p).name for p in {s.person_id for s in found}}
    if as_json:
        print_json([s.to_dict() | {"person": names[s.person_id]} for s in found])
        return
    if not found:
        print("No harvest jobs yet: queue one with `ladder jobs harvest`.")
        return
    rows = []
    for s in found:
        when = s.finished_at if s.state in {"succeeded", "failed", "retrying"} else s.started_at
        note = s.error or s.progress
        if s.state == "retrying" and s.retry_at:
            note = f"again at {s.retry_at}: {note}"
        shown = (when or s.queued_at)[:16].replace("T", " ")
        rows.append([names[s.person_id], s.source, s.state, str(s.attempts), shown, note])
    spec = [
        Column("person", flex=True),
        Column("source"),
        Column("state"),
        Column("tries", right=True),
        Column("when"),
        Column("progress or error", flex=True, below=True),
    ]
    for line in columns(spec, rows):
        print(line)


def register(root: typer.Typer) -> None:
    """Add ``worker`` and ``jobs`` to the root command."""
    root.command("worker")(worker)
    root.add_typer(app, name="jobs")


__all__ = ["register"]
