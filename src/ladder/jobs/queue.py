"""Harvests as jobs on a real queue: procrastinate, on the team's PostgreSQL.

On a team server the harvests that need no laptop (GitHub and Jira, read with the server's own
credentials from its environment) run per person as jobs, off the request path, worked by
separate ``ladder worker`` processes. The queue is `procrastinate
<https://procrastinate.readthedocs.io>`_: its jobs live in the same PostgreSQL as the
workspace, so a job is deferred in the database the server already runs, and more workers on
more machines share the work (``docs/architecture.md`` says why this queue).

- **One harvest per person and source at a time.** A job's ``lock`` (``harvest:ID:SOURCE``)
  runs a person's harvests of one source one after another, and its ``queueing_lock`` keeps at
  most one of them waiting: deferring another while one waits says so and adds nothing.
- **Retried with back-off**: after 1, 2, 4 and 8 minutes (:data:`RETRY_SECONDS`), then the job
  fails. A mistake in the input (no GitHub handle, no token on the server) fails at once:
  retrying cannot mend it.
- **Scheduled**: every worker defers the nightly harvest of everyone who can be harvested at
  ``LADDER_HARVEST_CRON`` (default ``0 2 * * *``, 02:00 UTC); a run already waiting for a
  person and source is not doubled.
- **A worker killed mid-job** stops beating its heartbeat; the next worker to start, and every
  worker once a minute, puts the jobs of workers gone quiet back in the queue
  (:func:`retry_stalled`). The harvest writes batch by batch with its cursor, so the retried
  run takes up where it stopped and the store never holds half a batch.
- **What a person sees**: each job's state, progress, attempts and last error, per person and
  source, kept in the store (``harvest_state`` under ``job:SOURCE``), read by
  ``ladder jobs`` and the web (:func:`status`).

Only this module imports procrastinate, and only the commands that queue or work jobs import
this module: capture never pays for it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import procrastinate
from procrastinate import exceptions as pexc

from ladder import framework, harvest, mapping, person
from ladder.clock import SYSTEM, Clock
from ladder.errors import InputError, NotFoundError
from ladder.jobs.status import JobStatus, error_text, read, status, write
from ladder.source import Identity
from ladder.store import Store, connect, postgres_conninfo

QUEUE = "harvest"
#: The sources a server can harvest for a person without their laptop.
SERVER_SOURCES = ("github", "jira")
ENV_CRON = "LADDER_HARVEST_CRON"
DEFAULT_CRON = "0 2 * * *"
#: The waits before the 2nd, 3rd, 4th and 5th attempt; after the 5th the job fails.
RETRY_SECONDS = (60, 120, 240, 480)
#: A worker whose heartbeat is older than this is gone; its jobs go back in the queue.
STALLED_SECONDS = 30.0
#: A time already past on any clock: a job put back with it is due at once.
AT_ONCE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: How often a running harvest writes its progress (seconds): the store is not a ticker.
PROGRESS_EVERY = 1.0

TASK_HARVEST = "ladder:harvest"
TASK_NIGHTLY = "ladder:nightly"
TASK_STALLED = "ladder:retry_stalled"

blueprint = procrastinate.Blueprint()
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """What a worker's jobs need: the store, the server's environment, the clock."""

    url: str
    env: Mapping[str, str]
    home: str
    clock: Clock = SYSTEM


class Backoff(procrastinate.BaseRetryStrategy):
    """Retry a failed harvest after :data:`RETRY_SECONDS`; never a mistake in the input."""

    def get_retry_decision(
        self, *, exception: BaseException, job: procrastinate.jobs.Job
    ) -> procrastinate.RetryDecision | None:
        if isinstance(exception, InputError | NotFoundError):
            return None
        if job.attempts >= len(RETRY_SECONDS):
            return None
        return procrastinate.RetryDecision(retry_in={"seconds": RETRY_SECONDS[job.attempts]})


# -- who can be harvested -----------------------------------------------------------------------


def harvestable(store: Store, env: Mapping[str, str]) -> list[tuple[int, str]]:
    """Every (person, source) the server can harvest: the source is set up in the server's
    environment, the person has an active account (or owns a one-person workspace) and that
    source's handle (``github:LOGIN``, ``jira:NAME``) or, for Jira, an e-mail address."""
    ready = [s for s in SERVER_SOURCES if harvest.source_named(s).status(env).configured]
    if not ready:
        return []
    # the team's active accounts (a deactivated person is never harvested), and the owner of a
    # one-person workspace on PostgreSQL
    rows = store.query(
        "SELECT i.person_id, i.kind, i.value FROM person_identity i "
        "JOIN person p ON p.id = i.person_id LEFT JOIN account a ON a.person_id = p.id "
        "WHERE a.active = 1 OR (a.id IS NULL AND p.is_self = 1) ORDER BY i.person_id"
    )
    handles: dict[int, set[str]] = {}
    for r in rows:
        kind = r["value"].split(":", 1)[0] if r["kind"] == "handle" else "email"
        handles.setdefault(int(r["person_id"]), set()).add(kind)
    return [
        (pid, source)
        for pid, kinds in sorted(handles.items())
        for source in ready
        if source in kinds or (source == "jira" and "email" in kinds)
    ]


# -- the queue ----------------------------------------------------------------------------------


def make_app(url: str, *, cron: str | None = None, schedule: bool = True) -> procrastinate.App:
    """A procrastinate app on the store's PostgreSQL, with ladder's tasks; with ``schedule``
    its workers also defer the nightly run (``cron``) and, each minute, the stalled jobs' retry.

    Raises:
        InputError: The store is not PostgreSQL (the queue lives in PostgreSQL).
    """
    if not url.startswith(("postgresql", "postgres://")):
        raise InputError(
            "harvest jobs need the team's PostgreSQL",
            hint="set LADDER_DATABASE_URL=postgresql://… (a SQLite workspace harvests with "
            "`ladder harvest`)",
        )
    import croniter  # procrastinate's own schedule parser

    if cron is not None and not croniter.croniter.is_valid(cron):
        raise InputError(
            f"{ENV_CRON}={cron!r} is not a cron schedule",
            hint='five fields: minute hour day month weekday, e.g. "0 2 * * *" (02:00 UTC)',
        )
    connector = procrastinate.PsycopgConnector(
        conninfo=postgres_conninfo(url), min_size=1, max_size=4
    )
    app = procrastinate.App(connector=connector)
    app.add_tasks_from(blueprint, namespace="ladder")
    if schedule:
        app.periodic(cron=cron or DEFAULT_CRON, periodic_id="nightly")(app.tasks[TASK_NIGHTLY])
        app.periodic(cron="* * * * *", periodic_id="stalled")(app.tasks[TASK_STALLED])
    return app


def ensure_schema(app: procrastinate.App) -> bool:
    """Create the queue's tables in the store's schema if they are not there yet."""
    connector = app.connector.get_sync_connector()

    def present() -> bool:
        row = connector.execute_query_one(
            "SELECT to_regclass('procrastinate_jobs') IS NOT NULL AS present"
        )
        return bool(row["present"])

    if present():
        return False
    try:
        app.schema_manager.apply_schema()
    except Exception:
        if present():  # another worker, starting at the same moment, created it first
            return False
        raise
    return True


def defer(
    app: procrastinate.App,
    store: Store,
    person_id: int,
    source: str,
    *,
    now: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> bool:
    """Queue a harvest of ``source`` for the person; False if one is already waiting.

    Without ``since``/``until`` the harvest takes up from the source's cursor (what the last
    run saw), as the nightly run does; with them it reads that window (a backfill).

    Raises:
        InputError: Not a source the server can harvest.
        NotFoundError: No such person.
    """
    if source not in SERVER_SOURCES:
        raise InputError(
            f"the server cannot harvest {source!r} without the person's laptop",
            hint=f"queue one of: {', '.join(SERVER_SOURCES)}",
        )
    person.get(store, person_id)
    try:
        app.configure_task(
            TASK_HARVEST,
            lock=f"harvest:{person_id}:{source}",
            queueing_lock=f"harvest:{person_id}:{source}",
        ).defer(
            person_id=person_id,
            source=source,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
        )
    except pexc.AlreadyEnqueued:
        return False
    write(store, person_id, source, now, state="queued", queued_at=now, error="", retry_at="")
    return True


def retry_stalled(app: procrastinate.App, *, seconds: float = STALLED_SECONDS) -> int:
    """Put the jobs of workers whose heartbeat stopped back in the queue; how many."""

    import asyncio

    async def go() -> int:
        async with app.open_async():
            return await _retry_stalled(app, seconds)

    return asyncio.run(go())


async def _retry_stalled(app: procrastinate.App, seconds: float) -> int:
    manager = app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=seconds))
    for job in stalled:
        # due at once by the database's clock too: a worker whose clock runs ahead of it
        # would otherwise put the job out of reach until its own "now"
        await manager.retry_job(job, retry_at=AT_ONCE)
    if stalled:
        log.warning("%d job(s) of stopped workers put back in the queue", len(stalled))
    return len(stalled)


def run_worker(
    app: procrastinate.App,
    settings: Settings,
    *,
    name: str,
    concurrency: int = 1,
    wait: bool = True,
    heartbeat: float = 10.0,
    stalled_after: float = STALLED_SECONDS,
) -> None:
    """Work the queue until stopped (``wait``) or until it is empty."""
    app.run_worker(
        queues=[QUEUE],
        name=name,
        concurrency=concurrency,
        wait=wait,
        additional_context={"ladder": settings, "stalled_after": stalled_after},
        update_heartbeat_interval=heartbeat,
        stalled_worker_timeout=stalled_after,
        shutdown_graceful_timeout=30.0,
        fetch_job_polling_interval=1.0 if not wait else 5.0,
    )


# -- the tasks ----------------------------------------------------------------------------------


@blueprint.task(name="harvest", queue=QUEUE, pass_context=True, retry=Backoff())
def _harvest_task(
    context: procrastinate.JobContext,
    person_id: int,
    source: str,
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    settings: Settings = context.additional_context["ladder"]
    attempt = int(context.job.attempts) + 1
    return run_harvest(
        settings,
        person_id,
        source,
        attempt=attempt,
        since=dt.date.fromisoformat(since) if since else None,
        until=dt.date.fromisoformat(until) if until else None,
    )


@blueprint.task(name="nightly", queue=QUEUE, pass_context=True)
def _nightly_task(context: procrastinate.JobContext, timestamp: int) -> int:
    settings: Settings = context.additional_context["ladder"]
    return queue_everyone(context.app, settings)


@blueprint.task(name="retry_stalled", queue=QUEUE, pass_context=True)
async def _stalled_task(context: procrastinate.JobContext, timestamp: int) -> int:
    seconds = float(context.additional_context.get("stalled_after", STALLED_SECONDS))
    return await _retry_stalled(context.app, seconds)


def queue_everyone(app: procrastinate.App, settings: Settings) -> int:
    """Defer a harvest for every (person, source) the server can harvest; how many were new."""
    with _store(settings.url) as store:
        now = settings.clock.now_iso()
        return sum(
            defer(app, store, pid, src, now=now) for pid, src in harvestable(store, settings.env)
        )


def run_harvest(
    settings: Settings,
    person_id: int,
    source: str,
    *,
    attempt: int = 1,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> dict[str, Any]:
    """Harvest ``source`` for the person and map what came in; the job's whole work.

    Status is written before, during (every :data:`PROGRESS_EVERY` seconds) and after, so the
    person sees it; an error is recorded and raised again for the queue to retry or fail.
    """
    clock = settings.clock
    with _store(settings.url) as store:
        before = read(store, person_id, source)
        write(
            store,
            person_id,
            source,
            clock.now_iso(),
            state="running",
            attempts=attempt,
            runs=int(before.get("runs", 0)) + 1,
            started_at=clock.now_iso(),
            progress="starting",
            retry_at="",
        )
        try:
            who = person.get(store, person_id)
            ladder = framework.load(store)
            last = [0.0]

            def progress(what: str, done: float, total: float | None) -> None:
                if time.monotonic() - last[0] < PROGRESS_EVERY:
                    return
                last[0] = time.monotonic()
                shown = f"{what}: {int(done)}" + (f"/{int(total)}" if total else "")
                write(store, person_id, source, clock.now_iso(), progress=shown)

            def map_batch(ids: list[int]) -> int:
                return mapping.map_items(
                    store, ladder, person_id=person_id, now=clock.now_iso(), ids=ids
                ).mapped

            summary = harvest.run(
                store,
                harvest.source_named(source),
                person_id=person_id,
                identity=Identity(name=who.name, emails=who.emails, handles=who.handles),
                since=since,
                until=until,
                env=settings.env,
                home=settings.home,
                now=clock.now_iso,
                clock=clock,
                progress=progress,
                after_batch=map_batch,
            )
            summary.mapped += mapping.map_items(
                store, ladder, person_id=person_id, now=clock.now_iso(), ungraded=True
            ).mapped
        except BaseException as exc:
            retry = not isinstance(exc, InputError | NotFoundError) and attempt <= len(
                RETRY_SECONDS
            )
            at = ""
            if retry:
                wait = dt.timedelta(seconds=RETRY_SECONDS[attempt - 1])
                at = (clock.now() + wait).isoformat(timespec="seconds").replace("+00:00", "Z")
            log.warning(
                "harvest %s of person %d, attempt %d: %s (%s)",
                source,
                person_id,
                attempt,
                error_text(exc),
                f"again after {RETRY_SECONDS[attempt - 1]} s" if retry else "failed",
            )
            write(
                store,
                person_id,
                source,
                clock.now_iso(),
                state="retrying" if retry else "failed",
                error=error_text(exc),
                finished_at=clock.now_iso(),
                retry_at=at,
                progress="",
            )
            raise
        result = {"added": summary.added, "updated": summary.updated, "mapped": summary.mapped}
        log.info(
            "harvest %s of person %d: %d added, %d updated, %d mapped",
            source,
            person_id,
            summary.added,
            summary.updated,
            summary.mapped,
        )
        write(
            store,
            person_id,
            source,
            clock.now_iso(),
            state="succeeded",
            error="",
            finished_at=clock.now_iso(),
            progress=f"{summary.added} added, {summary.updated} updated",
            **result,
        )
        return result


def _store(url: str) -> contextlib.closing[Store]:
    """A store opened for one job and closed after it (workers share nothing between jobs)."""
    return contextlib.closing(connect(url))


__all__ = [
    "Backoff",
    "JobStatus",
    "Settings",
    "defer",
    "ensure_schema",
    "harvestable",
    "make_app",
    "queue_everyone",
    "retry_stalled",
    "run_harvest",
    "run_worker",
    "status",
]
