"""The audit trail: every change, and every read of another person's data, appended once.

Rows are never updated or deleted (the database refuses both, see migration 0006). Each says
who acted (their person id and email as it was then; none for the local command line), what
they did, whose data it touched, and through which session or API token.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    from ladder.store import Store

#: The local command line, which acts with the database's own rights.
CLI = "cli"


@dataclass(frozen=True)
class Event:
    """One row of the audit trail."""

    id: int
    at: str
    actor_id: int | None
    actor: str
    action: str
    subject_id: int | None
    resource: str
    detail: str
    via: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "at": self.at,
            "actor_id": self.actor_id,
            "actor": self.actor,
            "action": self.action,
            "subject_id": self.subject_id,
            "resource": self.resource,
            "detail": self.detail,
            "via": self.via,
        }


def record(
    store: Store,
    *,
    at: str,
    actor_id: int | None,
    actor: str,
    action: str,
    resource: str,
    subject_id: int | None = None,
    detail: str = "",
    via: str = CLI,
) -> None:
    """Append one event (inside the caller's transaction when there is one)."""
    store.insert(
        "audit",
        {
            "at": at,
            "actor_id": actor_id,
            "actor": actor,
            "action": action,
            "subject_id": subject_id,
            "resource": resource,
            "detail": detail,
            "via": via,
        },
    )


@dataclass(frozen=True)
class Entry:
    """One event to append (:func:`record_many`); the fields of :func:`record`."""

    at: str
    actor_id: int | None
    actor: str
    action: str
    resource: str
    subject_id: int | None = None
    detail: str = ""
    via: str = CLI


_COLUMNS = ("at", "actor_id", "actor", "action", "subject_id", "resource", "detail", "via")
#: Rows per INSERT statement (SQLite allows 32,766 parameters in one).
_ROWS_PER_INSERT = 500


def record_many(store: Store, entries: Sequence[Entry]) -> None:
    """Append several events at once: one multi-row INSERT (a manager's team page reads each
    report's status, goals and ratings: one row each, one statement), in one transaction."""
    if not entries:
        return
    with store.transaction() if len(entries) > _ROWS_PER_INSERT else nullcontext():
        for start in range(0, len(entries), _ROWS_PER_INSERT):
            chunk = entries[start : start + _ROWS_PER_INSERT]
            params: dict[str, Any] = {}
            rows = []
            for n, entry in enumerate(chunk):
                values = asdict(entry)
                rows.append("(" + ", ".join(f":{c}{n}" for c in _COLUMNS) + ")")
                params.update({f"{c}{n}": values[c] for c in _COLUMNS})
            store.execute(
                f"INSERT INTO audit ({', '.join(_COLUMNS)}) VALUES {', '.join(rows)}", params
            )


def events(
    store: Store,
    *,
    subject_id: int | None = None,
    action: str | None = None,
    others_only: bool = False,
    limit: int = 200,
) -> list[Event]:
    """The newest events first, optionally about one person, one action, and only those done
    by someone other than that person (``others_only``)."""
    where, params = ["1 = 1"], {"limit": int(limit)}
    if subject_id is not None:
        where.append("subject_id = :s")
        params["s"] = subject_id
        if others_only:
            where.append("(actor_id IS NULL OR actor_id <> :s)")
    if action is not None:
        where.append("action = :a")
        params["a"] = action  # type: ignore[assignment]
    rows = store.query(
        f"SELECT * FROM audit WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT :limit", params
    )
    return [
        Event(
            id=int(r["id"]),
            at=r["at"],
            actor_id=r["actor_id"],
            actor=r["actor"],
            action=r["action"],
            subject_id=r["subject_id"],
            resource=r["resource"],
            detail=r["detail"],
            via=r["via"],
        )
        for r in rows
    ]


#: Failed logins written to the audit trail one row each, at most, per minute and process.
FAILED_LOGINS_PER_MINUTE = 60


class Budget:
    """How many events of one kind (failed logins) get a row each: at most ``per_minute`` a
    minute; the rest are only counted, and the next row written is preceded by one that says
    how many were left out (:meth:`take`). Kept in memory, per process.

    Args:
        per_minute: Rows a minute at most.
    """

    def __init__(self, per_minute: int = FAILED_LOGINS_PER_MINUTE) -> None:
        self.per_minute = per_minute
        self._minute = -1
        self._used = 0
        self._skipped = 0
        self._since: str | None = None
        self._lock = threading.Lock()

    def skip(self, now: dt.datetime) -> None:
        """Count one event that gets no row of its own."""
        with self._lock:
            self._skipped += 1
            self._since = self._since or _stamp(now)

    def take(self, now: dt.datetime) -> tuple[bool, int, str | None]:
        """Whether this event may have its row, how many were left out before it, and since
        when (those two are then reset). Over the minute's budget it is counted instead."""
        minute = int(now.timestamp() // 60)
        with self._lock:
            if minute != self._minute:
                self._minute, self._used = minute, 0
            if self._used >= self.per_minute:
                self._skipped += 1
                self._since = self._since or _stamp(now)
                return False, 0, None
            self._used += 1
            skipped, since = self._skipped, self._since
            self._skipped, self._since = 0, None
            return True, skipped, since


def _stamp(now: dt.datetime) -> str:
    import datetime as dt

    return now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
