"""Evidence: the work log. Entries typed by hand now, harvested items later, one table.

Every entry has an owner (``person_id``), a source (``manual`` for what a person typed) and,
for harvested items, a source reference. Deleting is soft: ``rm`` sets ``deleted_at`` and
``restore`` clears it. This module is on the capture path: standard library only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ladder import rules
from ladder.errors import InputError, NotFoundError
from ladder.store import Store


@dataclass(frozen=True)
class AreaLink:
    """An entry's link to an area (and optionally an expectation) of the ladder."""

    area: str
    expectation: str = ""
    origin: str = (
        "user"  # user: the person said so; source: the source knew; mapper: ladder guessed
    )
    confidence: float = 1.0
    reason: str = ""


def effective(links: Iterable[AreaLink]) -> list[AreaLink]:
    """The mappings that count, from an entry's stored rows: the person's decisions win.

    Drops rejection rows, any other row for an area or expectation the person rejected, and
    ladder's or a source's row for an area the person set themselves.
    """
    links = list(links)
    rejected = {(a.area, a.expectation) for a in links if a.origin == "user" and a.confidence <= 0}
    rejected_areas = {area for area, exp in rejected if not exp}
    mine = {a.area for a in links if a.origin == "user" and a.confidence > 0}
    out = []
    for a in links:
        if a.origin == "user":
            if a.confidence > 0:
                out.append(a)
            continue
        if a.area in rejected_areas or (a.area, a.expectation) in rejected or a.area in mine:
            continue
        out.append(a)
    return out


#: SQL for "this row is the person's rejection of an area" (see :func:`effective`).
REJECTED = "origin = 'user' AND confidence <= 0"


@dataclass(frozen=True)
class Entry:
    """One piece of evidence."""

    id: int
    uid: str
    occurred_on: str
    text: str
    impact: str | None = None
    source: str = "manual"
    source_ref: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    areas: tuple[AreaLink, ...] = ()
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    kind: str = "note"
    body: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    edited_at: str | None = None
    substance: str | None = None  # routine | ordinary | significant (None: not graded yet)
    substance_reason: str | None = None
    substance_by: str | None = None  # "user" when the person set it, else "ladder"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "uid": self.uid,
            "date": self.occurred_on,
            "text": self.text,
            "impact": self.impact,
            "source": self.source,
            "source_ref": self.source_ref,
            "url": self.url,
            "tags": list(self.tags),
            "links": list(self.links),
            "areas": [a.__dict__.copy() for a in self.areas],
            "kind": self.kind,
            "body": self.body,
            "data": self.data,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "edited_at": self.edited_at,
            "deleted": self.deleted_at is not None,
            "substance": self.substance,
            "substance_reason": self.substance_reason,
            "substance_by": self.substance_by,
        }


@dataclass
class Filter:
    """Which entries ``ladder entries`` shows."""

    since: dt.date | None = None
    until: dt.date | None = None
    area: str | None = None
    area_names: tuple[str, ...] = ()  # more ids stored for the same area (its old names)
    tag: str | None = None
    source: str | None = None
    search: str | None = None
    deleted: bool = False  # True: only deleted entries (what `restore` can bring back)
    limit: int | None = 50
    offset: int = 0  # skip this many matches first (pages of a listing)
    newest_first: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def add(
    store: Store,
    *,
    person_id: int,
    entry: rules.CleanEntry,
    occurred_on: dt.date,
    areas: list[str] | tuple[str, ...] = (),
    uid: str,
    now: str,
    source: str = "manual",
    source_ref: str | None = None,
    url: str | None = None,
) -> int:
    """Write one cleaned entry, its tags, links and areas, in one transaction; return its id."""
    with store.transaction():
        entry_id = store.insert(
            "evidence",
            {
                "uid": uid,
                "person_id": person_id,
                "occurred_on": occurred_on.isoformat(),
                "text": entry.text,
                "impact": entry.impact,
                "source": source,
                "source_ref": source_ref,
                "url": url,
                "created_at": now,
                "updated_at": now,
            },
        )
        _write_children(store, entry_id, entry, areas, now)
    return entry_id


def _write_children(
    store: Store,
    entry_id: int,
    entry: rules.CleanEntry,
    areas: list[str] | tuple[str, ...],
    now: str,
) -> None:
    store.executemany(
        "INSERT INTO evidence_tag (evidence_id, tag) VALUES (:e, :t)",
        [{"e": entry_id, "t": t} for t in entry.tags],
    )
    store.executemany(
        "INSERT INTO evidence_link (evidence_id, position, url) VALUES (:e, :p, :u)",
        [{"e": entry_id, "p": i, "u": u} for i, u in enumerate(entry.links)],
    )
    store.executemany(
        "INSERT INTO evidence_area (evidence_id, area_id, expectation_id, origin, confidence, reason, created_at) "
        "VALUES (:e, :a, '', 'user', 1.0, 'set by you', :now)",
        [{"e": entry_id, "a": a, "now": now} for a in dict.fromkeys(areas)],
    )


def get(store: Store, entry_id: int, *, person_id: int, include_deleted: bool = True) -> Entry:
    """One entry of this person.

    Raises:
        NotFoundError: No such entry (or it is deleted and ``include_deleted`` is False).
    """
    rows = _fetch(store, "e.id = :id AND e.person_id = :p", {"id": entry_id, "p": person_id})
    if not rows or (rows[0].deleted_at and not include_deleted):
        raise NotFoundError(f"no entry #{entry_id}", hint="`ladder entries` lists them")
    return rows[0]


_FEW_MATCHES = 2_000


def query(store: Store, flt: Filter, *, person_id: int) -> tuple[list[Entry], int]:
    """The entries matching ``flt``, and how many match in all (before the limit)."""
    where = [
        "e.person_id = :p",
        "e.deleted_at IS NOT NULL" if flt.deleted else "e.deleted_at IS NULL",
    ]
    params: dict[str, Any] = {"p": person_id}
    if flt.since:
        where.append("e.occurred_on >= :since")
        params["since"] = flt.since.isoformat()
    if flt.until:
        where.append("e.occurred_on <= :until")
        params["until"] = flt.until.isoformat()
    if flt.source:
        where.append("e.source = :source")
        params["source"] = flt.source
    if flt.tag:
        where.append("e.id IN (SELECT evidence_id FROM evidence_tag WHERE tag = :tag)")
        params["tag"] = rules.clean_tag(flt.tag)
    if flt.area:
        area_ids = list(dict.fromkeys((flt.area, *flt.area_names)))
        names = ", ".join(f":area{n}" for n in range(len(area_ids)))
        where.append(
            f"e.id IN (SELECT evidence_id FROM evidence_area WHERE area_id IN ({names}) "
            f"AND NOT ({REJECTED})) AND e.id NOT IN (SELECT evidence_id FROM evidence_area "
            f"WHERE area_id IN ({names}) AND {REJECTED})"
        )
        params.update({f"area{n}": a for n, a in enumerate(area_ids)})
    if flt.search is not None:
        where.append(_search_clause(store, flt.search, params))
    condition = " AND ".join(where)
    # A search on SQLite: the unary + keeps the planner off the person index so that it starts
    # from the full-text matches. That is how to count them (100k entries, a word in 13% of
    # them: 15 ms → 6 ms), and how to page through a few; many matches page faster through the
    # index, newest first, stopping at the limit. Figures: docs/benchmarks.md.
    from_matches = condition
    if flt.search is not None and store.dialect == "sqlite":
        from_matches = condition.replace("e.person_id = :p", "+e.person_id = :p", 1)
    total = int(store.scalar(f"SELECT COUNT(*) FROM evidence e WHERE {from_matches}", params))
    if total <= _FEW_MATCHES:
        condition = from_matches
    order = "DESC" if flt.newest_first else "ASC"
    # Never more than there are: a limit or offset of 10²³ is all of them, not an overflow.
    limit = f" LIMIT {min(int(flt.limit), total)}" if flt.limit else ""
    if flt.offset:
        no_limit = " LIMIT -1" if store.dialect == "sqlite" else ""
        limit = f"{limit or no_limit} OFFSET {min(int(flt.offset), total)}"
    ids = [
        r["id"]
        for r in store.query(
            f"SELECT e.id FROM evidence e WHERE {condition} "
            f"ORDER BY e.occurred_on {order}, e.id {order}{limit}",
            params,
        )
    ]
    return _fetch_ids(store, ids), total


def _search_clause(store: Store, text: str, params: dict[str, Any]) -> str:
    words = text.split()
    if not words:
        raise InputError("the search text is empty")
    if store.dialect == "postgresql":
        params["q"] = text
        return "e.search @@ websearch_to_tsquery('simple', :q)"
    # FTS5: quote every word so user text is never read as query syntax; 'word*' keeps a prefix.
    terms = []
    for word in words:
        prefix = word.endswith("*") and len(word) > 1
        core = word.rstrip("*") if prefix else word
        terms.append('"' + core.replace('"', '""') + '"' + ("*" if prefix else ""))
    params["q"] = " ".join(terms)
    return "e.id IN (SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH :q)"


def _fetch_ids(store: Store, ids: list[int]) -> list[Entry]:
    if not ids:
        return []
    marks = {f"i{n}": i for n, i in enumerate(ids)}
    by_id = {
        e.id: e for e in _fetch(store, f"e.id IN ({', '.join(':' + k for k in marks)})", marks)
    }
    return [by_id[i] for i in ids]


def _fetch(store: Store, condition: str, params: dict[str, Any]) -> list[Entry]:
    rows = store.query(f"SELECT e.* FROM evidence e WHERE {condition}", params)
    if not rows:
        return []
    marks = {f"i{n}": r["id"] for n, r in enumerate(rows)}
    inlist = ", ".join(":" + k for k in marks)
    tags: dict[int, list[str]] = {}
    for r in store.query(
        f"SELECT evidence_id, tag FROM evidence_tag WHERE evidence_id IN ({inlist}) ORDER BY tag",
        marks,
    ):
        tags.setdefault(r["evidence_id"], []).append(r["tag"])
    links: dict[int, list[str]] = {}
    for r in store.query(
        f"SELECT evidence_id, url FROM evidence_link WHERE evidence_id IN ({inlist}) ORDER BY position",
        marks,
    ):
        links.setdefault(r["evidence_id"], []).append(r["url"])
    areas: dict[int, list[AreaLink]] = {}
    for r in store.query(
        "SELECT evidence_id, area_id, expectation_id, origin, confidence, reason FROM evidence_area "
        f"WHERE evidence_id IN ({inlist}) ORDER BY area_id, expectation_id",
        marks,
    ):
        areas.setdefault(r["evidence_id"], []).append(
            AreaLink(
                r["area_id"], r["expectation_id"], r["origin"], float(r["confidence"]), r["reason"]
            )
        )
    return [
        Entry(
            id=int(r["id"]),
            uid=r["uid"],
            occurred_on=r["occurred_on"],
            text=r["text"],
            impact=r["impact"],
            source=r["source"],
            source_ref=r["source_ref"],
            url=r["url"],
            tags=tuple(tags.get(r["id"], ())),
            links=tuple(links.get(r["id"], ())),
            areas=tuple(areas.get(r["id"], ())),
            created_at=r["created_at"],
            updated_at=r["updated_at"],
            deleted_at=r["deleted_at"],
            kind=r["kind"],
            body=r["body"],
            data=json.loads(r["data"]) if r["data"] else {},
            edited_at=r["edited_at"],
            substance=r.get("substance"),
            substance_reason=r.get("substance_reason"),
            substance_by=r.get("substance_by"),
        )
        for r in rows
    ]


def update(
    store: Store,
    entry_id: int,
    *,
    person_id: int,
    entry: rules.CleanEntry,
    occurred_on: dt.date,
    areas: list[str] | None,
    now: str,
) -> None:
    """Replace an entry's text, impact, date, tags and links, and the areas the person set.

    With ``areas=None`` the area rows stay as they are. With a list, it replaces the areas the
    person set (their rejections of other areas stay), and takes the place of any suggestion
    or rejection for those same areas. New text drops ladder's grade, which was of the old
    words: the entry waits, ungraded, for the next map (``ladder map``, or a manager's view of
    it on a team server); a grade the person set stays.
    """
    with store.transaction():
        old = get(store, entry_id, person_id=person_id, include_deleted=False)
        regrade = old.text != entry.text and old.substance_by != "user"
        store.execute(
            "UPDATE evidence SET text = :t, impact = :i, occurred_on = :d, updated_at = :now, edited_at = :now"
            + (", substance = NULL, substance_reason = NULL, substance_by = NULL" if regrade else "")
            + " WHERE id = :id",
            {
                "t": entry.text,
                "i": entry.impact,
                "d": occurred_on.isoformat(),
                "now": now,
                "id": entry_id,
            },
        )
        store.execute("DELETE FROM evidence_tag WHERE evidence_id = :id", {"id": entry_id})
        store.execute("DELETE FROM evidence_link WHERE evidence_id = :id", {"id": entry_id})
        if areas is not None:
            store.execute(
                "DELETE FROM evidence_area WHERE evidence_id = :id AND origin = 'user' AND confidence > 0",
                {"id": entry_id},
            )
        if areas:  # the person's choice replaces a suggestion or rejection for the same area
            marks = ", ".join(f":a{n}" for n in range(len(areas)))
            store.execute(
                f"DELETE FROM evidence_area WHERE evidence_id = :id AND area_id IN ({marks})",
                {"id": entry_id, **{f"a{n}": a for n, a in enumerate(areas)}},
            )
        _write_children(store, entry_id, entry, areas or (), now)


def set_deleted(store: Store, entry_id: int, *, person_id: int, deleted: bool, now: str) -> Entry:
    """Soft-delete (``rm``) or bring back (``restore``) an entry.

    Raises:
        NotFoundError: No such entry, or it is already in the state asked for.
    """
    with store.transaction():
        current = get(store, entry_id, person_id=person_id)
        if deleted and current.deleted_at:
            raise NotFoundError(
                f"entry #{entry_id} is already deleted",
                hint=f"`ladder restore {entry_id}` brings it back",
            )
        if not deleted and not current.deleted_at:
            raise NotFoundError(f"entry #{entry_id} is not deleted")
        store.execute(
            "UPDATE evidence SET deleted_at = :d WHERE id = :id",
            {"d": now if deleted else None, "id": entry_id},
        )
    return get(store, entry_id, person_id=person_id)
