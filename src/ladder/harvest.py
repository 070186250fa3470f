"""The harvest core: runs a source and writes what it yields, idempotently and resumably.

Rules (documented in ``docs/sources.md``):

- An item is matched to existing evidence by ``(person, source, source_ref)``. New → added.
  Same content as last time → unchanged. Changed at the source → updated, unless the person
  has edited the entry (``edited_at``) or deleted it: their words and decisions win.
- Mappings the person made (``origin = 'user'``) are never touched by a harvest.
- Each batch, its activities, its cursor and its mapping are written in one transaction. A
  crash or Ctrl-C loses at most the batch in flight; the next run resumes from the saved
  cursor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from ladder.clock import SYSTEM, Clock
from ladder.errors import InputError, NotFoundError
from ladder.source import Activity, Batch, HarvestContext, Identity, Item, Source, load_sources
from ladder.store import Store

LAST_RUN = "last_run"
ITEMS_LISTED = 200


@dataclass
class Summary:
    """What a harvest did."""

    source: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # changed (or withdrawn) at the source, but the person's edit was kept
    withdrawn: int = 0  # items the source no longer stands behind, removed
    skipped: int = 0  # records the source looked at and dropped
    activities: int = 0
    mapped: int = 0  # new and changed items mapped onto the ladder afterwards
    items: list[dict[str, Any]] = field(default_factory=list)  # the first ITEMS_LISTED
    items_not_listed: int = 0  # so memory stays flat however large the harvest
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (``--json``)."""
        return asdict(self)


def source_named(name: str) -> Source:
    """The registered source called ``name``.

    Raises:
        NotFoundError: No such source (the message lists the ones there are).
    """
    from ladder.source import discover

    found = discover(only=name)[0]  # the other sources are not imported
    if name in found:
        return found[name]
    sources = load_sources()
    if name not in sources:
        raise NotFoundError(f"no source called {name!r}; there are: {', '.join(sorted(sources))}")
    return sources[name]


def cursor(store: Store, person_id: int, source: str) -> dict[str, str]:
    """The saved cursors of ``source`` for this person."""
    rows = store.query(
        "SELECT key, value FROM harvest_state WHERE person_id = :p AND source = :s",
        {"p": person_id, "s": source},
    )
    return {r["key"]: r["value"] for r in rows}


def run(
    store: Store,
    source: Source,
    *,
    person_id: int,
    identity: Identity,
    since: dt.date | None,
    until: dt.date | None,
    env: Mapping[str, str],
    home: str,
    now: Callable[[], str],
    clock: Clock = SYSTEM,
    progress: Callable[[str, float, float | None], None] | None = None,
    after_batch: Callable[[list[int]], int] | None = None,
    **options: Any,
) -> Summary:
    """Run ``source`` and write every batch it yields.

    ``after_batch(ids)`` is called with the ids of the items each batch added or changed, in
    the batch's transaction (the workspace maps them onto the ladder there, while the source
    reads on); it returns how many it mapped.

    Raises:
        InputError: ``since`` is after ``until``.
        LadderError: Whatever the source raises; batches written before it are kept.
    """
    if since and until and since > until:
        raise InputError(f"--since {since} is after --until {until}")
    ctx = HarvestContext(
        identity=identity,
        since=since,
        until=until,
        env=env,
        cursor=cursor(store, person_id, source.name),
        progress=progress or (lambda *_: None),
        home=home,
        clock=clock,
    )
    summary = Summary(source=source.name)
    batches = iter(source.harvest(ctx, **options))
    try:
        for batch in batches:
            # a batch and its mapping in one transaction: one commit (one sync to disk) each
            with store.transaction():
                changed = write_batch(
                    store, source.name, batch, person_id=person_id, summary=summary, now=now()
                )
                if after_batch is not None and changed:
                    summary.mapped += after_batch(changed)
    finally:
        # closed at once when anything goes wrong here (Ctrl-C, kill), not when garbage is
        # collected: a source stops the processes it started in its own clean-up
        close = getattr(batches, "close", None)
        if close is not None:
            close()
    with store.transaction():
        _save_cursor(store, person_id, source.name, {LAST_RUN: now()}, now())
    return summary


def content_hash(item: Item) -> str:
    """A stable hash of what the source says about an item."""
    payload = json.dumps(
        [
            item.kind,
            item.occurred_on.isoformat(),
            item.title,
            item.url,
            item.body,
            sorted(item.tags),
            item.data,
            sorted((h.area, h.expectation, h.confidence, h.reason) for h in item.areas),
        ],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def write_batch(
    store: Store, source: str, batch: Batch, *, person_id: int, summary: Summary, now: str
) -> list[int]:
    """Write one batch, its activities and its cursor in one transaction.

    Returns:
        The ids of the items the batch added or changed.
    """
    from ladder.clock import new_uid

    with store.transaction():
        # One query per 500 references instead of one per item or activity: a harvest of
        # 100,000 commits writes tens of thousands of rows (bench/bench_harvest_git.py).
        known = _rows_by_ref(
            store,
            "SELECT id, source_ref, content_hash, edited_at, deleted_at FROM evidence",
            person_id,
            source,
            [i.source_ref for i in batch.items],
        )
        ids: dict[str, int] = {}
        changed: list[int] = []
        for item in batch.items:
            entry_id, action = _write_item(
                store, source, item, person_id, summary, now, new_uid, known
            )
            ids[item.source_ref] = entry_id
            if action in ("added", "updated"):
                changed.append(entry_id)
        _write_activities(store, source, batch.activities, person_id, ids)
        summary.activities += len(batch.activities)
        _withdraw(store, source, batch.withdrawn, person_id, summary)
        _save_cursor(store, person_id, source, batch.cursor, now)
        summary.skipped += batch.skipped
        summary.notes.extend(batch.notes)
    return changed


def write_item(store: Store, source: str, item: Item, *, person_id: int, now: str) -> int:
    """Write one item as a batch of its own; return its evidence id (new, changed or not).

    For the rows that ladder itself turns into evidence (a mentoring 1:1, a finished book):
    the same idempotency by ``source_ref``, and the person's edits win, as in a harvest.
    """
    write_batch(
        store, source, Batch(items=[item]), person_id=person_id, summary=Summary(source), now=now
    )
    return int(
        store.scalar(
            "SELECT id FROM evidence WHERE person_id = :p AND source = :s AND source_ref = :r",
            {"p": person_id, "s": source, "r": item.source_ref},
        )
    )


def _withdraw(store: Store, source: str, refs: list[str], person_id: int, summary: Summary) -> None:
    """Remove items the source withdrew, unless the person edited, deleted or mapped them."""
    for ref in refs:
        row = store.one(
            "SELECT id, edited_at, deleted_at FROM evidence "
            "WHERE person_id = :p AND source = :s AND source_ref = :r",
            {"p": person_id, "s": source, "r": ref},
        )
        if row is None:
            continue
        mapped_by_person = store.scalar(
            "SELECT 1 FROM evidence_area WHERE evidence_id = :e AND origin = 'user'",
            {"e": row["id"]},
        )
        if row["edited_at"] or row["deleted_at"] or mapped_by_person:
            summary.kept += 1
            continue
        # Tags, links and areas go with it (ON DELETE CASCADE); its records stay, unlinked.
        store.execute("DELETE FROM evidence WHERE id = :id", {"id": row["id"]})
        summary.withdrawn += 1


def _write_item(
    store: Store,
    source: str,
    item: Item,
    person_id: int,
    summary: Summary,
    now: str,
    new_uid: Callable[[], str],
    known: dict[str, dict[str, Any]],
) -> tuple[int, str]:
    digest = content_hash(item)
    row = known.get(item.source_ref)
    values = {
        "occurred_on": item.occurred_on.isoformat(),
        "text": item.title.strip() or item.source_ref,
        "kind": item.kind,
        "body": item.body,
        "url": item.url,
        "data": json.dumps(item.data, sort_keys=True, ensure_ascii=False) if item.data else None,
        "content_hash": digest,
    }
    tags = sorted({t.strip().lstrip("@").lower() for t in item.tags if t.strip().lstrip("@")})
    if row is None:
        entry_id = store.insert(
            "evidence",
            {
                **values,
                "uid": new_uid(),
                "person_id": person_id,
                "source": source,
                "source_ref": item.source_ref,
                "created_at": now,
                "updated_at": now,
            },
        )
        action = "added"
        known[item.source_ref] = {
            "id": entry_id,
            "content_hash": digest,
            "edited_at": None,
            "deleted_at": None,
        }
    else:
        entry_id = int(row["id"])
        if row["content_hash"] == digest:
            action = "unchanged"
        elif row["edited_at"] or row["deleted_at"]:
            action = "kept"
        else:
            sets = ", ".join(f"{k} = :{k}" for k in values)
            store.execute(
                f"UPDATE evidence SET {sets}, updated_at = :now WHERE id = :id",
                {**values, "now": now, "id": entry_id},
            )
            store.execute("DELETE FROM evidence_tag WHERE evidence_id = :id", {"id": entry_id})
            action = "updated"
            row["content_hash"] = digest
    if action in ("added", "updated"):
        store.executemany(
            "INSERT INTO evidence_tag (evidence_id, tag) VALUES (:e, :t)",
            [{"e": entry_id, "t": t} for t in tags],
        )
        if action == "updated" or item.areas:  # a new row has no hints to replace
            _write_hints(store, entry_id, item, now)
    setattr(summary, action, getattr(summary, action) + 1)
    if len(summary.items) < ITEMS_LISTED:
        summary.items.append(
            {
                "id": entry_id,
                "source_ref": item.source_ref,
                "action": action,
                "title": values["text"],
            }
        )
    else:
        summary.items_not_listed += 1
    return entry_id, action


def _write_hints(store: Store, entry_id: int, item: Item, now: str) -> None:
    """Replace the source's area suggestions; the person's own mappings stay untouched."""
    store.execute(
        "DELETE FROM evidence_area WHERE evidence_id = :e AND origin = 'source'", {"e": entry_id}
    )
    if not item.areas:
        return
    known = {
        r["area_id"]
        for r in store.query(
            "SELECT a.area_id FROM ladder_area a JOIN ladder_version v ON v.id = a.ladder_version_id "
            "WHERE v.is_active = 1"
        )
    }
    taken = {
        (r["area_id"], r["expectation_id"])
        for r in store.query(
            "SELECT area_id, expectation_id FROM evidence_area WHERE evidence_id = :e",
            {"e": entry_id},
        )
    }
    rows = {}
    for h in item.areas:
        if h.area in known and (h.area, h.expectation) not in taken:
            rows[(h.area, h.expectation)] = {
                "e": entry_id,
                "a": h.area,
                "x": h.expectation,
                "c": max(0.0, min(1.0, h.confidence)),
                "r": h.reason,
                "now": now,
            }
    store.executemany(
        "INSERT INTO evidence_area (evidence_id, area_id, expectation_id, origin, confidence, reason, created_at) "
        "VALUES (:e, :a, :x, 'source', :c, :r, :now)",
        list(rows.values()),
    )


def _rows_by_ref(
    store: Store, select: str, person_id: int, source: str, refs: list[str]
) -> dict[str, dict[str, Any]]:
    """``select … WHERE person_id, source AND source_ref IN refs``, by source_ref (chunks of 500)."""
    rows: dict[str, dict[str, Any]] = {}
    unique = sorted(set(refs))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        marks = ", ".join(f":r{i}" for i in range(len(chunk)))
        params: dict[str, Any] = {
            "p": person_id,
            "s": source,
            **{f"r{i}": r for i, r in enumerate(chunk)},
        }
        for row in store.query(
            f"{select} WHERE person_id = :p AND source = :s AND source_ref IN ({marks})", params
        ):
            rows[row["source_ref"]] = row
    return rows


def _write_activities(
    store: Store, source: str, batch: list[Activity], person_id: int, ids: dict[str, int]
) -> None:
    """Insert new activities in one ``executemany``; update the ones already stored."""
    if not batch:
        return
    refs = [a.item_ref for a in batch if a.item_ref is not None and a.item_ref not in ids]
    if refs:
        found = _rows_by_ref(store, "SELECT id, source_ref FROM evidence", person_id, source, refs)
        ids = {**ids, **{ref: int(row["id"]) for ref, row in found.items()}}
    existing = _rows_by_ref(
        store,
        "SELECT id, source_ref FROM activity",
        person_id,
        source,
        [a.source_ref for a in batch],
    )
    new: dict[str, dict[str, Any]] = {}
    for a in batch:
        values = {
            "evidence_id": ids.get(a.item_ref) if a.item_ref is not None else None,
            "kind": a.kind,
            "occurred_at": a.occurred_at,
            "title": a.title,
            "body": a.body,
            "url": a.url,
            "data": json.dumps(a.data, sort_keys=True, ensure_ascii=False) if a.data else None,
        }
        row = existing.get(a.source_ref)
        if row is None:  # the same record twice in a batch: the last one wins, as before
            new[a.source_ref] = {
                **values,
                "person_id": person_id,
                "source": source,
                "source_ref": a.source_ref,
            }
        else:
            sets = ", ".join(f"{k} = :{k}" for k in values)
            store.execute(f"UPDATE activity SET {sets} WHERE id = :id", {**values, "id": row["id"]})
    if new:
        cols = list(next(iter(new.values())))
        store.executemany(
            f"INSERT INTO activity ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})",
            list(new.values()),
        )


def _save_cursor(
    store: Store, person_id: int, source: str, values: Mapping[str, str], now: str
) -> None:
    for key, value in values.items():
        params = {"p": person_id, "s": source, "k": key, "v": value, "now": now}
        store.execute(
            "DELETE FROM harvest_state WHERE person_id = :p AND source = :s AND key = :k", params
        )
        store.execute(
            "INSERT INTO harvest_state (person_id, source, key, value, updated_at) VALUES (:p, :s, :k, :v, :now)",
            params,
        )


def activities(store: Store, evidence_id: int) -> list[dict[str, Any]]:
    """The raw activities behind an evidence item, oldest first."""
    rows = store.query(
        "SELECT source, source_ref, kind, occurred_at, title, body, url, data FROM activity "
        "WHERE evidence_id = :e ORDER BY occurred_at, id",
        {"e": evidence_id},
    )
    for r in rows:
        r["data"] = json.loads(r["data"]) if r["data"] else {}
    return rows


__all__ = ["Summary", "activities", "content_hash", "cursor", "run", "source_named", "write_batch"]
