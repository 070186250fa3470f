"""Learning: a reading list seeded from the source material, progress, and what was applied.

Rules (documented in ``docs/learning.md``):

- Every workspace starts with the bundled reading list (``data/reading-list.yaml``), added on
  first use. Seeding is idempotent: an item is added once per ``seed_id``; items added to the
  bundled list later appear on the next use; yours are never changed.
- An item moves ``planned`` → ``reading`` (``start``, or any progress) → ``done`` (``done``,
  or progress 100). ``drop`` sets it aside; ``start`` picks it up again.
- Finishing an item counts as evidence once you say what you applied from it: one evidence
  item (source ``learning``, kind ``learning``, the item's uid as reference) mapped to the
  item's areas and to the career area's learning plan. Saying it again replaces the text.

An item is named by its number or, for a bundled one, by its id (``ddia``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ladder import rules
from ladder.clock import new_uid
from ladder.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from ladder.context import Context
    from ladder.store import Row

READING_LIST = "reading-list.yaml"
KINDS = ("book", "course", "article", "talk")
STATUSES = ("planned", "reading", "done", "dropped")
SOURCE = "learning"
KIND = "learning"
CAREER_AREA = "career"
CAREER_EXPECTATION = "career.learning-plan"
_VERBS = {"book": "Read", "article": "Read", "course": "Took", "talk": "Watched"}


@dataclass(frozen=True)
class ReadingListEntry:
    """One item of the bundled reading list."""

    id: str
    title: str
    author: str
    kind: str
    areas: tuple[str, ...]
    why: str
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "kind": self.kind,
            "areas": list(self.areas),
            "why": self.why,
            "url": self.url,
        }


@functools.cache
def reading_list() -> tuple[ReadingListEntry, ...]:
    """The bundled reading list, in file order.

    Raises:
        InputError: The bundled file is broken (a packaging bug; a test guards against it).
    """
    from importlib import resources

    from ladder.loaders import load_yaml

    text = resources.files("ladder.data").joinpath(READING_LIST).read_text(encoding="utf-8")
    data = load_yaml(text, source_name=READING_LIST)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise InputError(f"{READING_LIST}: expected a mapping with a list of items")
    out: list[ReadingListEntry] = []
    seen: set[str] = set()
    for n, raw in enumerate(data["items"], 1):
        where = f"{READING_LIST}: item {n}"
        if not isinstance(raw, dict):
            raise InputError(f"{where}: expected a mapping")
        missing = [k for k in ("id", "title", "author", "kind", "areas", "why") if not raw.get(k)]
        if missing:
            raise InputError(f"{where}: missing {', '.join(missing)}")
        if raw["id"] in seen:
            raise InputError(f"{where}: duplicate id {raw['id']!r}")
        if raw["kind"] not in KINDS:
            raise InputError(f"{where}: kind {raw['kind']!r} is not one of {', '.join(KINDS)}")
        seen.add(raw["id"])
        out.append(
            ReadingListEntry(
                id=str(raw["id"]),
                title=" ".join(str(raw["title"]).split()),
                author=" ".join(str(raw["author"]).split()),
                kind=str(raw["kind"]),
                areas=tuple(str(a) for a in raw["areas"]),
                why=" ".join(str(raw["why"]).split()),
                url=raw.get("url") or None,
            )
        )
    return tuple(out)


def _seeds_by_id() -> dict[str, ReadingListEntry]:
    return {s.id: s for s in reading_list()}


@dataclass(frozen=True)
class LearningItem:
    """A book, course, article or talk on your learning list, and how far you got."""

    id: int
    uid: str
    seed_id: str | None  # the bundled list's id, None for your own
    title: str
    author: str
    kind: str
    url: str | None
    areas: tuple[str, ...]
    status: str  # one of STATUSES
    progress: int  # percent
    note: str  # progress notes, one per line, newest last
    applied: str | None  # what you applied from it
    started_on: str | None
    finished_on: str | None
    evidence_id: int | None
    created_at: str
    updated_at: str
    why: str = ""  # the bundled list's line on why it matters

    @property
    def counts_as_evidence(self) -> bool:
        """True when finished and applied: it is then evidence."""
        return self.status == "done" and bool(self.applied)

    @property
    def ref(self) -> str:
        """How to name it in a command: its bundled id, else its number."""
        return self.seed_id or str(self.id)

    @property
    def summary(self) -> str:
        """The text of the evidence it counts as."""
        by = f" ({self.author})" if self.author else ""
        return f"{_VERBS.get(self.kind, 'Read')} {self.title}{by} and applied it: {self.applied or ''}".rstrip()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "uid": self.uid,
            "seed_id": self.seed_id,
            "title": self.title,
            "author": self.author,
            "kind": self.kind,
            "url": self.url,
            "areas": list(self.areas),
            "why": self.why,
            "status": self.status,
            "progress": self.progress,
            "note": self.note,
            "applied": self.applied,
            "started_on": self.started_on,
            "finished_on": self.finished_on,
            "evidence_id": self.evidence_id,
            "counts_as_evidence": self.counts_as_evidence,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


def _today(today: dt.date) -> str:
    return today.isoformat()


class Learning:
    """The learning list: seeded from the source material; built by ``ws.learning``.

    Args:
        ws: The context: a workspace, or any :class:`ladder.context.Context` (its person's
            data).
    """

    def __init__(self, ws: Context) -> None:
        self.ws = ws
        self.store = ws.store

    # -- reading ----------------------------------------------------------------------------
    def items(self, *, status: str | None = None, area: str | None = None) -> list[LearningItem]:
        """Your learning list: reading first, then planned, done and dropped, in list order.

        Args:
            status: Only items with this status (``planned``, ``reading``, ``done``,
                ``dropped``); by default every item but the dropped ones. ``all`` for all.
            area: Only items for this area (an id or an old alias).

        Raises:
            InputError: An unknown status or area.
        """
        owner = self._ready()
        params: dict[str, Any] = {"p": owner}
        cond = "person_id = :p"
        if status is None:
            cond += " AND status <> 'dropped'"
        elif status != "all":
            if status not in STATUSES:
                raise InputError(
                    f"unknown status {status!r}; use one of {', '.join(STATUSES)} or all"
                )
            cond += " AND status = :s"
            params["s"] = status
        area_id = None
        if area is not None:
            from ladder import framework

            area_id = framework.resolve_area(self.store, area)
        rows = self.store.query(
            f"SELECT * FROM learning_item WHERE {cond} ORDER BY "
            "CASE status WHEN 'reading' THEN 0 WHEN 'planned' THEN 1 WHEN 'done' THEN 2 ELSE 3 END, id",
            params,
        )
        items = [_item(r) for r in rows]
        if area_id is not None:
            items = [i for i in items if area_id in i.areas]
        return items

    def item(self, ref: int | str) -> LearningItem:
        """One item, by number or bundled id.

        Raises:
            NotFoundError: No such item (the message names a close bundled id).
        """
        owner = self._ready()
        return _item(self._require(owner, ref))

    # -- writing ----------------------------------------------------------------------------
    def add(
        self,
        title: str,
        *,
        author: str = "",
        kind: str = "book",
        areas: Sequence[str] = (),
        url: str | None = None,
        note: str = "",
    ) -> LearningItem:
        """Add your own item to the list (planned).

        Raises:
            InputError: An empty title, an unknown kind or area, a URL that is not http(s).
        """
        owner = self._ready()
        from ladder import framework

        for what, text in (
            ("title", title),
            ("author", author),
            ("note", note),
            ("URL", url or ""),
        ):
            rules.check_text(text, what)
        clean = " ".join(str(title).split())
        if not clean:
            raise InputError("the title is empty", hint='e.g. ladder learn add "Release It!"')
        if kind not in KINDS:
            raise InputError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
        area_ids = list(dict.fromkeys(framework.resolve_area(self.store, a) for a in areas))
        link = (url or "").strip() or None
        if link is not None and not link.startswith(("http://", "https://")):
            raise InputError(f"{link!r} is not a web address", hint="start it with https://")
        now = self.ws.clock.now_iso()
        with self.store.transaction():
            iid = self.store.insert(
                "learning_item",
                {
                    "uid": new_uid(),
                    "person_id": owner,
                    "seed_id": None,
                    "title": clean,
                    "author": " ".join(author.split()),
                    "kind": kind,
                    "url": link,
                    "areas": json.dumps(area_ids),
                    "status": "planned",
                    "progress": 0,
                    "note": note.strip(),
                    "applied": None,
                    "started_on": None,
                    "finished_on": None,
                    "evidence_id": None,
                    "created_at": now,
                    "updated_at": now,
                },
            )
        return self.item(iid)

    def start(self, ref: int | str, *, today: dt.date | None = None) -> LearningItem:
        """Start an item (or pick a dropped one up again).

        Raises:
            NotFoundError: No such item.
            InputError: It is already being read, or done.
        """
        owner = self._ready()
        row = self._require(owner, ref)
        if row["status"] == "reading":
            raise InputError(f"you are already on #{row['id']} ({_short(row['title'])})")
        if row["status"] == "done":
            raise InputError(
                f"#{row['id']} ({_short(row['title'])}) is done already (on {row['finished_on']})"
            )
        self._update(
            row["id"],
            status="reading",
            started_on=row["started_on"] or _today(today or self.ws.clock.today()),
        )
        return self.item(row["id"])

    def progress(
        self,
        ref: int | str,
        percent: int,
        *,
        note: str | None = None,
        today: dt.date | None = None,
    ) -> LearningItem:
        """Record how far you are (0-100); 100 marks it done.

        Args:
            ref: The item.
            percent: How far, from 0 to 100.
            note: A line about it, kept with the date and the percent.
            today: The reference day (tests).

        Raises:
            NotFoundError: No such item.
            InputError: ``percent`` is outside 0-100, or the item is done already.
        """
        if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
            raise InputError(f"progress must be a whole percent from 0 to 100, not {percent!r}")
        owner = self._ready()
        row = self._require(owner, ref)
        if row["status"] == "done":
            raise InputError(
                f"#{row['id']} ({_short(row['title'])}) is done already (on {row['finished_on']})"
            )
        day = _today(today or self.ws.clock.today())
        notes = row["note"]
        if note is not None:
            rules.check_text(note, "note")
        if note is not None and note.strip():
            line = f"{day} ({percent}%): {' '.join(note.split())}"
            notes = f"{notes}\n{line}" if notes else line
        changes: dict[str, Any] = {
            "progress": percent,
            "note": notes,
            "status": "reading",
            "started_on": row["started_on"] or day,
        }
        if percent == 100:
            changes.update(status="done", finished_on=day)
        self._update(row["id"], **changes)
        return self.item(row["id"])

    def done(
        self, ref: int | str, *, applied: str | None = None, today: dt.date | None = None
    ) -> LearningItem:
        """Mark an item done; with ``applied`` (what you applied from it) it becomes evidence.

        Raises:
            NotFoundError: No such item.
            InputError: It is done already and there is nothing new to record, or ``applied``
                is empty.
        """
        owner = self._ready()
        row = self._require(owner, ref)
        text = None if applied is None else _clean_applied(applied)
        if row["status"] == "done" and text is None:
            raise InputError(
                f"#{row['id']} ({_short(row['title'])}) is done already (on {row['finished_on']})",
                hint=f'`ladder learn applied {_ref(row)} "what you applied"` makes it evidence',
            )
        day = _today(today or self.ws.clock.today())
        changes: dict[str, Any] = {
            "status": "done",
            "progress": 100,
            "finished_on": row["finished_on"] or day,
            "started_on": row["started_on"] or row["finished_on"] or day,
        }
        if text is not None:
            changes["applied"] = text
        with self.store.transaction():
            self._update(row["id"], **changes)
            if text is not None:
                self._sync_evidence(owner, row["id"])
        return self.item(row["id"])

    def record_applied(self, ref: int | str, applied: str) -> LearningItem:
        """Say what you applied from a finished item: it then counts as evidence.

        Saying it again replaces the text (and the evidence's).

        Raises:
            NotFoundError: No such item.
            InputError: It is not finished yet, or the text is empty.
        """
        owner = self._ready()
        row = self._require(owner, ref)
        text = _clean_applied(applied)
        if row["status"] != "done":
            raise InputError(
                f"#{row['id']} ({_short(row['title'])}) is not finished yet",
                hint=f'`ladder learn done {_ref(row)} --applied "…"` finishes it and records this',
            )
        with self.store.transaction():
            self._update(row["id"], applied=text)
            self._sync_evidence(owner, row["id"])
        return self.item(row["id"])

    def drop(self, ref: int | str) -> LearningItem:
        """Set an item aside (``start`` picks it up again).

        Raises:
            NotFoundError: No such item.
            InputError: It is done, or dropped already.
        """
        owner = self._ready()
        row = self._require(owner, ref)
        if row["status"] in ("done", "dropped"):
            raise InputError(f"#{row['id']} ({_short(row['title'])}) is {row['status']} already")
        self._update(row["id"], status="dropped")
        return self.item(row["id"])

    def seed(self) -> int:
        """Add the bundled reading list's items this workspace does not have yet.

        Returns:
            How many were added (0 when the list is in already).
        """
        owner = self.ws.owner()
        return self._seed(owner)

    # -- internals --------------------------------------------------------------------------
    def _ready(self) -> int:
        owner = self.ws.owner()
        self._seed(owner)
        return owner

    def _seed(self, owner: int) -> int:
        seeds = reading_list()
        have = {
            r["seed_id"]
            for r in self.store.query(
                "SELECT seed_id FROM learning_item WHERE person_id = :p AND seed_id IS NOT NULL",
                {"p": owner},
            )
        }
        missing = [s for s in seeds if s.id not in have]
        if not missing:
            return 0

        now = self.ws.clock.now_iso()
        with self.store.transaction():
            # Another process may have seeded in between: check again inside the transaction.
            have = {
                r["seed_id"]
                for r in self.store.query(
                    "SELECT seed_id FROM learning_item WHERE person_id = :p AND seed_id IS NOT NULL",
                    {"p": owner},
                )
            }
            missing = [s for s in seeds if s.id not in have]
            self.store.executemany(
                "INSERT INTO learning_item (uid, person_id, seed_id, title, author, kind, url, areas, "
                "status, progress, note, created_at, updated_at) VALUES (:uid, :p, :seed, :title, "
                ":author, :kind, :url, :areas, 'planned', 0, '', :now, :now)",
                [
                    {
                        "uid": new_uid(),
                        "p": owner,
                        "seed": s.id,
                        "title": s.title,
                        "author": s.author,
                        "kind": s.kind,
                        "url": s.url,
                        "areas": json.dumps(list(s.areas)),
                        "now": now,
                    }
                    for s in missing
                ],
            )
        return len(missing)

    def _require(self, owner: int, ref: int | str) -> Row:
        text = str(ref).strip().lstrip("#")
        if text.isdigit():
            row = self.store.one(
                "SELECT * FROM learning_item WHERE person_id = :p AND id = :id",
                {"p": owner, "id": int(text)},
            )
        else:
            row = self.store.one(
                "SELECT * FROM learning_item WHERE person_id = :p AND seed_id = :s",
                {"p": owner, "s": text.lower()},
            )
        if row is not None:
            return row
        guess = ""
        if not text.isdigit():
            guess = rules.did_you_mean(text.lower(), [s.id for s in reading_list()])
        raise NotFoundError(
            f"no learning item {rules.shorten(text)!r}{guess}",
            hint="`ladder learn --status all` lists them with their numbers",
        )

    def _update(self, item_id: int, **values: Any) -> None:

        sets = ", ".join(f"{k} = :{k}" for k in values)
        with self.store.transaction():
            self.store.execute(
                f"UPDATE learning_item SET {sets}, updated_at = :now WHERE id = :id",
                {**values, "now": self.ws.clock.now_iso(), "id": item_id},
            )

    def _sync_evidence(self, owner: int, item_id: int) -> None:
        """Write the evidence a finished, applied item counts as (idempotent)."""
        from ladder import harvest
        from ladder.source import AreaHint, Item

        item = _item(self._require(owner, item_id))
        if not item.counts_as_evidence or item.finished_on is None:
            return
        names = {
            r["area_id"]: r["name"]
            for r in self.store.query(
                "SELECT a.area_id, a.name FROM ladder_area a JOIN ladder_version v "
                "ON v.id = a.ladder_version_id WHERE v.is_active = 1"
            )
        }
        hints = [
            AreaHint(
                area=a,
                confidence=0.7,
                reason=f"you finished {_short(item.title)}, on {names.get(a, a).lower()}, and applied it",
            )
            for a in item.areas
        ]
        has_plan = self.store.scalar(
            "SELECT 1 FROM ladder_expectation x JOIN ladder_version v ON v.id = x.ladder_version_id "
            "WHERE v.is_active = 1 AND x.expectation_id = :x",
            {"x": CAREER_EXPECTATION},
        )
        hints.append(
            AreaHint(
                area=CAREER_AREA,
                expectation=CAREER_EXPECTATION if has_plan else "",
                confidence=0.6,
                reason="finishing an item of your learning list and applying it",
            )
        )
        record = Item(
            source_ref=item.uid,
            kind=KIND,
            occurred_on=dt.date.fromisoformat(item.finished_on),
            title=item.summary,
            url=item.url,
            tags=[KIND],
            data={
                "learning_item": item.id,
                "seed_id": item.seed_id,
                "title": item.title,
                "author": item.author,
                "kind": item.kind,
            },
            areas=hints,
        )
        now = self.ws.clock.now_iso()
        eid = harvest.write_item(self.store, SOURCE, record, person_id=owner, now=now)
        self.store.execute(
            "UPDATE learning_item SET evidence_id = :e WHERE id = :id", {"e": eid, "id": item.id}
        )


def _clean_applied(text: str) -> str:
    rules.check_text(text, "text")
    clean = " ".join(str(text).split())
    if not clean:
        raise InputError(
            "say what you applied",
            hint='e.g. --applied "split the billing module with Extract Function"',
        )
    return clean


def _short(title: str, width: int = 40) -> str:
    head = title.split(":", 1)[0].strip() or title
    return head if len(head) <= width else head[: width - 1] + "…"


def _ref(row: Row) -> str:
    return str(row["seed_id"] or row["id"])


def _item(r: Row) -> LearningItem:
    seed = _seeds_by_id().get(r["seed_id"]) if r["seed_id"] else None
    return LearningItem(
        id=int(r["id"]),
        uid=r["uid"],
        seed_id=r["seed_id"],
        title=r["title"],
        author=r["author"],
        kind=r["kind"],
        url=r["url"],
        areas=tuple(json.loads(r["areas"] or "[]")),
        status=r["status"],
        progress=int(r["progress"]),
        note=r["note"],
        applied=r["applied"],
        started_on=r["started_on"],
        finished_on=r["finished_on"],
        evidence_id=None if r["evidence_id"] is None else int(r["evidence_id"]),
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        why=seed.why if seed else "",
    )


__all__ = [
    "KINDS",
    "STATUSES",
    "Learning",
    "LearningItem",
    "ReadingListEntry",
    "reading_list",
]
