"""People and their identities: the emails, names and handles that recognise their work.

A workspace has one *self*: the person whose work log it is. More people (mentees, the people
of a team server) live in the same table; every row of a person's data carries its owner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ladder import framework
from ladder.errors import InputError, NotFoundError
from ladder.store import Store

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_HANDLE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?[A-Za-z0-9][\w.-]*$")


@dataclass(frozen=True)
class Person:
    """A person, with the identities that recognise their work."""

    id: int
    uid: str
    name: str
    level: str | None = None
    target_level: str | None = None
    emails: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    is_self: bool = False
    created_at: str = ""
    track: str | None = None  # the ladder track (ic, management); None on a ladder without

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "uid": self.uid,
            "name": self.name,
            "level": self.level,
            "target_level": self.target_level,
            "track": self.track,
            "emails": list(self.emails),
            "handles": list(self.handles),
            "is_self": self.is_self,
        }


@dataclass
class ProfileInput:
    """What ``ladder init`` asks for."""

    name: str
    emails: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    level: str | None = None
    target_level: str | None = None
    track: str | None = None


def clean_profile(store: Store, data: ProfileInput) -> ProfileInput:
    """Validate a profile against the active ladder's levels.

    Raises:
        InputError: An empty name, a malformed email or handle, an unknown level, or a target
            below the current level.
    """
    name = data.name.strip()
    if not name:
        raise InputError("the name is empty")
    emails = []
    for email in data.emails:
        value = email.strip().lower()
        if not _EMAIL.match(value):
            raise InputError(f"{email!r} is not an email address")
        emails.append(value)
    handles = []
    for handle in data.handles:
        login = handle.strip().removeprefix("@")
        if not _HANDLE.match(login):
            raise InputError(
                f"{handle!r} is not a handle: use LOGIN or SERVICE:LOGIN, e.g. github:octocat"
            )
        handles.append(login)
    before = store.scalar("SELECT track FROM person WHERE is_self = 1")
    level, target, track = check_levels(
        framework.load(store), data.level, data.target_level, data.track, prefer=before
    )
    return ProfileInput(
        name=name,
        emails=list(dict.fromkeys(emails)),
        handles=list(dict.fromkeys(handles)),
        level=level,
        target_level=target,
        track=track,
    )


def check_levels(
    ladder: framework.Ladder,
    level: str | None,
    target: str | None,
    track: str | None,
    *,
    prefer: str | None = None,
) -> tuple[str | None, str | None, str | None]:
    """A profile's level, target level and track, checked against ``ladder``.

    On a ladder with tracks, the track is the one given, else ``prefer`` (the track the
    profile had) when it has both levels, else the first track that has both; both levels
    must be on it, and the target may not come before the level along it.

    Raises:
        InputError: An unknown level or track, a level that is not on the track, or a target
            below the current level.
    """
    from ladder.errors import LadderError

    ids = [lv.id for lv in ladder.levels]
    for label, value in (("level", level), ("target level", target)):
        if value is not None and value not in ids:
            raise InputError(framework.unknown_id_message(label, value, ids))
    if track is None and prefer and any(
        t.id == prefer and all(lv in t.levels for lv in (level, target) if lv)
        for t in ladder.tracks
    ):
        track = prefer
    try:
        chosen = ladder.choose_track(track, level, target)
    except LadderError as err:
        raise InputError(err.message, hint=err.hint) from err
    order = [lv.id for lv in ladder.path(chosen)]
    if level and target and order.index(target) < order.index(level):
        raise InputError(f"the target level {target!r} is below the current level {level!r}")
    return level, target, chosen


def change_identities(
    current: tuple[str, ...] | list[str],
    *,
    add: list[str] | tuple[str, ...] = (),
    remove: list[str] | tuple[str, ...] = (),
    kind: str,
) -> list[str]:
    """``current`` with ``add`` appended and ``remove`` taken out (emails compare case-blind).

    Args:
        current: The emails or handles on the profile now.
        add: Identities to add; those already there are kept once, in place.
        remove: Identities to remove; each must be on the profile.
        kind: ``"email"`` or ``"handle"``, for the wording of errors.

    Raises:
        InputError: An identity to remove that is not on the profile.
    """

    def key(value: str) -> str:
        value = value.strip()
        return value.lower() if kind == "email" else value.removeprefix("@")

    kept = list(current)
    for value in remove:
        found = [c for c in kept if key(c) == key(value)]
        if not found:
            have = ", ".join(current) or "none"
            raise InputError(
                f"cannot remove the {kind} {value!r}: it is not on your profile (yours: {have})"
            )
        kept = [c for c in kept if key(c) != key(value)]
    seen = {key(c) for c in kept}
    for value in add:
        if key(value) not in seen:
            kept.append(value)
            seen.add(key(value))
    return kept


def save_self(store: Store, data: ProfileInput, *, uid: str, now: str) -> Person:
    """Create or replace the workspace owner's profile (identities are replaced as a whole)."""
    clean = clean_profile(store, data)
    with store.transaction():
        existing = store.one("SELECT id FROM person WHERE is_self = 1")
        values = {
            "name": clean.name,
            "level": clean.level,
            "target_level": clean.target_level,
            "track": clean.track,
        }
        if existing:
            person_id = int(existing["id"])
            store.execute(
                "UPDATE person SET name = :name, level = :level, target_level = :target_level, "
                "track = :track WHERE id = :id",
                {**values, "id": person_id},
            )
            store.execute("DELETE FROM person_identity WHERE person_id = :id", {"id": person_id})
        else:
            person_id = store.insert(
                "person", {**values, "uid": uid, "is_self": 1, "created_at": now}
            )
        store.executemany(
            "INSERT INTO person_identity (person_id, kind, value) VALUES (:p, :k, :v)",
            [{"p": person_id, "k": "email", "v": e} for e in clean.emails]
            + [{"p": person_id, "k": "handle", "v": h} for h in clean.handles],
        )
    return get(store, person_id)


def get(store: Store, person_id: int) -> Person:
    """The person with this id.

    Raises:
        NotFoundError: There is none.
    """
    row = store.one("SELECT * FROM person WHERE id = :id", {"id": person_id})
    if row is None:
        raise NotFoundError(f"no person with id {person_id}")
    idents = store.query(
        "SELECT kind, value FROM person_identity WHERE person_id = :id ORDER BY id",
        {"id": person_id},
    )
    return Person(
        id=int(row["id"]),
        uid=row["uid"],
        name=row["name"],
        level=row["level"],
        target_level=row["target_level"],
        emails=tuple(i["value"] for i in idents if i["kind"] == "email"),
        handles=tuple(i["value"] for i in idents if i["kind"] == "handle"),
        is_self=bool(row["is_self"]),
        created_at=row["created_at"],
        track=row["track"],
    )


def self_id(store: Store) -> int | None:
    """The id of the workspace owner, or None before ``ladder init``."""
    value = store.scalar("SELECT id FROM person WHERE is_self = 1")
    return None if value is None else int(value)
