"""Readiness kept until something it reads changes: the web's dashboard and team page.

:func:`ladder.readiness.compute` reads every one of a person's evidence items; a team server
would do that on every page view. This keeps each person's result under what it was computed
from — the person's data version and the ladder (:func:`ladder.store.versions.stamp`), the day
measured on, and the code that computed it — in the database (``readiness_cache``, shared by
every process and machine of a server, kept across restarts) and, when the caller passes one,
in a memo of its own process. A write of the person's data moves the version on (a trigger, in
the writing transaction), so the next read computes afresh: a change shows at once, never a
stale result.

Example:
    >>> r = readiness(ws, level="senior")                           # doctest: +SKIP
    >>> r == ws.readiness(level="senior")                            # doctest: +SKIP
    True
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sqlite3
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING

from ladder.errors import StorageError
from ladder.readiness import Readiness, compute
from ladder.store import versions

if TYPE_CHECKING:
    from ladder.context import Context
    from ladder.store import Store

#: A process's own memo: ``memo(key, compute)`` returns the value kept for ``key`` or computes
#: and keeps it (the web app's cache). Keys name everything the value depends on.
Memo = Callable[[Hashable, Callable[[], Readiness]], Readiness]


@functools.cache
def code_stamp() -> str:
    """A fingerprint of the code that computes readiness (ladder's version and the sources of
    the modules whose rules it applies): a result kept by other code is not used."""
    import ladder
    from ladder import assessment, evidence, framework, readiness
    from ladder.mapping import judge, meaning

    digest = hashlib.sha256(ladder.__version__.encode())
    # judge: the words a carrier is told in leave routine subjects out by its rules
    for module in (readiness, assessment, evidence, framework, meaning, judge):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def readiness(
    ws: Context,
    *,
    level: str | None = None,
    today: dt.date | None = None,
    track: str | None = None,
    memo: Memo | None = None,
) -> Readiness:
    """:func:`ladder.readiness.compute` (what ``Workspace.readiness`` gives), kept until the
    person's data, the ladder, the day or the code changes.

    Args:
        ws: The context: a workspace, or any :class:`ladder.context.Context` (its person is
            the one measured).
        level: As for :func:`ladder.readiness.compute`.
        today: The day to measure on (default: the workspace clock's today).
        track: As for :func:`ladder.readiness.compute`.
        memo: The process's own memo, tried before the database (see :data:`Memo`).

    Raises:
        NotFoundError / InputError: As :func:`ladder.readiness.compute` (nothing is kept).
    """
    owner = ws.owner()
    day = today or ws.clock.today()
    stamp = versions.stamp(ws.store, owner)  # before any data is read (see ladder.store.versions)
    key = ("readiness", owner, level or "", track or "", stamp, day, code_stamp())
    if memo is None:
        return _kept(ws, stamp, level, track, day)
    return memo(key, lambda: _kept(ws, stamp, level, track, day))


def _kept(
    ws: Context,
    stamp: versions.Stamp,
    level: str | None,
    track: str | None,
    day: dt.date,
) -> Readiness:
    """The result kept in the database for exactly this stamp, day and code, else computed
    and kept."""
    store = ws.store
    where: dict[str, object] = {"p": stamp.person_id, "l": level or "", "t": track or ""}
    rows = store.query(
        "SELECT version, ladder, day, code, data FROM readiness_cache "
        "WHERE person_id = :p AND level = :l AND track = :t",
        where,
    )
    if rows:
        row = rows[0]
        if (int(row["version"]), row["ladder"], row["day"], row["code"]) == (
            stamp.version,
            stamp.ladder,
            day.isoformat(),
            code_stamp(),
        ):
            try:
                return Readiness.from_dict(json.loads(row["data"]))
            except (ValueError, KeyError, TypeError):
                pass  # not what this code writes: computed again below, and replaced
    result = compute(ws, level=level, today=day, track=track)
    _keep(store, stamp, where, day, result, ws.clock.now_iso())
    return result


def _keep(
    store: Store,
    stamp: versions.Stamp,
    where: dict[str, object],
    day: dt.date,
    result: Readiness,
    now: str,
) -> None:
    """Keep ``result`` (best effort: a database busy with a writer, or a caller inside a
    transaction of its own, keeps nothing and loses nothing). An older version never replaces
    a newer one."""
    if store._depth:
        return
    data = {**result.to_dict(), "shared": result.shared}
    params = {
        **where,
        "v": stamp.version,
        "lad": stamp.ladder,
        "d": day.isoformat(),
        "c": code_stamp(),
        "data": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        "at": now,
    }
    sql = (
        "INSERT INTO readiness_cache (person_id, level, track, version, ladder, day, code, data, "
        "computed_at) VALUES (:p, :l, :t, :v, :lad, :d, :c, :data, :at) "
        "ON CONFLICT (person_id, level, track) DO UPDATE SET version = excluded.version, "
        "ladder = excluded.ladder, day = excluded.day, code = excluded.code, "
        "data = excluded.data, computed_at = excluded.computed_at "
        "WHERE readiness_cache.version <= excluded.version"
    )
    sqlite = store.dialect == "sqlite"
    try:
        if sqlite:  # a page view never waits for the command line's write to finish
            store.execute("PRAGMA busy_timeout = 0")
        with store.transaction():
            store.execute(sql, params)
    except (StorageError, sqlite3.Error):
        pass  # kept next time
    finally:
        if sqlite:
            store.execute("PRAGMA busy_timeout = 10000")


__all__ = ["Memo", "code_stamp", "readiness"]
