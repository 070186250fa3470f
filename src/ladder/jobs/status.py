"""What a person sees of their harvest jobs: state, progress, attempts, the last error.

Kept in the store (``harvest_state`` rows under ``job:SOURCE``, key ``job``), written by the
worker running the job (:mod:`ladder.jobs.queue`) and read by ``ladder jobs list`` and the web.
This module needs no queue library: reading a status costs a query.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from ladder.errors import LadderError
from ladder.store import Store, redact_url

STATUS_KEY = "job"
ERROR_CHARS = 500


@dataclass(frozen=True)
class JobStatus:
    """The newest harvest job of one person and source, as the person sees it."""

    person_id: int
    source: str
    state: str  # queued | running | retrying | succeeded | failed
    attempts: int = 0
    runs: int = 0
    progress: str = ""
    error: str = ""
    queued_at: str = ""
    started_at: str = ""
    finished_at: str = ""
    retry_at: str = ""
    added: int = 0
    updated: int = 0
    mapped: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (``--json``, the API)."""
        return asdict(self)


def status(store: Store, person_id: int | None = None) -> list[JobStatus]:
    """The harvest jobs' status, per person and source (one person, or everyone)."""
    sql = (
        "SELECT person_id, source, value FROM harvest_state WHERE key = :k AND source LIKE 'job:%'"
    )
    params: dict[str, Any] = {"k": STATUS_KEY}
    if person_id is not None:
        sql += " AND person_id = :p"
        params["p"] = person_id
    out = []
    for row in store.query(sql + " ORDER BY person_id, source", params):
        data = json.loads(row["value"])
        out.append(
            JobStatus(
                person_id=int(row["person_id"]),
                source=row["source"].removeprefix("job:"),
                **{k: v for k, v in data.items() if k in _STATUS_FIELDS},
            )
        )
    return out


_STATUS_FIELDS = {f for f in JobStatus.__dataclass_fields__ if f not in {"person_id", "source"}}


def read(store: Store, person_id: int, source: str) -> dict[str, Any]:
    value = store.scalar(
        "SELECT value FROM harvest_state WHERE person_id = :p AND source = :s AND key = :k",
        {"p": person_id, "s": f"job:{source}", "k": STATUS_KEY},
    )
    return json.loads(value) if value else {}


def write(store: Store, person_id: int, source: str, now: str, **changes: Any) -> None:
    with store.transaction():
        data = read(store, person_id, source) | changes
        params = {
            "p": person_id,
            "s": f"job:{source}",
            "k": STATUS_KEY,
            "v": json.dumps(data, sort_keys=True),
            "now": now,
        }
        store.execute(
            "DELETE FROM harvest_state WHERE person_id = :p AND source = :s AND key = :k", params
        )
        store.execute(
            "INSERT INTO harvest_state (person_id, source, key, value, updated_at) "
            "VALUES (:p, :s, :k, :v, :now)",
            params,
        )


def error_text(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    if not isinstance(exc, LadderError):
        text = f"{type(exc).__name__}: {text}"
    return redact_url(text)[:ERROR_CHARS]


__all__ = ["JobStatus", "error_text", "read", "status", "write"]
