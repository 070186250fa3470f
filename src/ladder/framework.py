"""The ladder as data: levels, areas and expectations, loaded from YAML and kept in versions.

A ladder file is YAML checked against ``data/ladder.schema.json`` and a few rules a schema
cannot state (unique ids, expectation ids that start with their area's id, levels that
exist). Every problem is reported with the file, the line and the reason.

Installed ladders are kept as versions in the store. Evidence links to area and expectation
ids as text, so installing a new version never breaks an old link; ``aliases`` in a ladder
file carry renamed ids over.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ladder import rules
from ladder.errors import InputError, LocatedError, NotFoundError
from ladder.store import Store

DEFAULT_LADDER = "default-ladder.yaml"


@dataclass(frozen=True)
class Level:
    """One level of a ladder (``junior`` … ``staff``)."""

    id: str
    name: str
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Track:
    """A path through the levels (``ic``: … senior, staff, principal); tracks share lower levels."""

    id: str
    name: str
    levels: tuple[str, ...]
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "levels": list(self.levels),
        }


@dataclass(frozen=True)
class Expectation:
    """What a person at ``level`` does in an area, with markers and actions to grow."""

    id: str
    area: str
    level: str
    text: str
    markers: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Area:
    """An area of the ladder (``system-design``), with its expectations at every level."""

    id: str
    name: str
    description: str
    expectations: tuple[Expectation, ...] = ()
    aliases: tuple[str, ...] = ()

    def at(self, level: str) -> list[Expectation]:
        """The expectations of this area at ``level``."""
        return [e for e in self.expectations if e.level == level]


@dataclass(frozen=True)
class Ladder:
    """A whole ladder: one version of it."""

    id: str
    name: str
    version: str
    levels: tuple[Level, ...]
    areas: tuple[Area, ...]
    description: str = ""
    source_name: str = ""
    source_text: str = field(default="", repr=False, compare=False)
    tracks: tuple[Track, ...] = ()

    @property
    def checksum(self) -> str:
        """SHA-256 of the source text."""
        import hashlib

        return hashlib.sha256(self.source_text.encode()).hexdigest()

    def area(self, area_id: str) -> Area:
        """The area with this id.

        Raises:
            NotFoundError: There is none; the message lists the areas there are.
        """
        for area in self.areas:
            if area.id == area_id:
                return area
        raise NotFoundError(unknown_id_message("area", area_id, [a.id for a in self.areas]))

    def level(self, level_id: str) -> Level:
        """The level with this id.

        Raises:
            NotFoundError: There is none.
        """
        for level in self.levels:
            if level.id == level_id:
                return level
        raise NotFoundError(unknown_id_message("level", level_id, [lv.id for lv in self.levels]))

    def expectations(self) -> list[Expectation]:
        """Every expectation, area by area."""
        return [e for a in self.areas for e in a.expectations]

    # -- tracks ---------------------------------------------------------------------------

    def track(self, track_id: str) -> Track:
        """The track with this id.

        Raises:
            NotFoundError: There is none (the message lists the tracks, or says the ladder has
                none).
        """
        given = track_id.strip().lower()
        for track in self.tracks:
            if track.id == given:
                return track
        if not self.tracks:
            raise NotFoundError(
                f"the ladder {self.name!r} has no tracks, so there is no track {track_id!r}",
                hint="leave --track out: its levels form one path",
            )
        raise NotFoundError(unknown_id_message("track", track_id, [t.id for t in self.tracks]))

    def path(self, track: str | None = None) -> tuple[Level, ...]:
        """The levels along ``track``, most junior first (default: the first track; a ladder
        without tracks has one path, its levels)."""
        if not self.tracks:
            return self.levels
        chosen = self.track(track) if track else self.tracks[0]
        by_id = {lv.id: lv for lv in self.levels}
        return tuple(by_id[lid] for lid in chosen.levels)

    def tracks_of(self, level_id: str) -> list[str]:
        """The ids of the tracks that pass through ``level_id`` (empty without tracks)."""
        return [t.id for t in self.tracks if level_id in t.levels]

    def choose_track(self, given: str | None, *levels: str | None) -> str | None:
        """The track to read ``levels`` on: ``given`` if set, else the first track that has
        them all. None for a ladder without tracks.

        Raises:
            NotFoundError: ``given`` is not a track, or a level is not on the chosen track (the
                message names the tracks the level is on).
        """
        if not self.tracks:
            if given:
                self.track(given)  # raises: this ladder has no tracks
            return None
        wanted = [lv for lv in levels if lv]
        if given:
            track = self.track(given)
            for lv in wanted:
                self.require_on(lv, track.id)
            return track.id
        for track in self.tracks:
            if all(lv in track.levels for lv in wanted):
                return track.id
        split = "; ".join(
            f"{lv} is on {' and '.join(self.tracks_of(lv)) or 'no track'}" for lv in wanted
        )
        raise NotFoundError(f"no track of the ladder has all of {', '.join(wanted)} ({split})")

    def shared(self, level_id: str) -> bool:
        """Whether every track passes through ``level_id`` (always, without tracks)."""
        return all(level_id in t.levels for t in self.tracks)

    def require_on(self, level_id: str, track_id: str) -> None:
        """Check that ``level_id`` is a level on the track ``track_id``.

        Raises:
            NotFoundError: It is not (the message names the track's levels and the tracks
                that have the level).
        """
        self.level(level_id)
        track = self.track(track_id)
        if level_id in track.levels:
            return
        elsewhere = self.tracks_of(level_id)
        raise NotFoundError(
            f"level {level_id!r} is not on the {track.id} track ({track.name}: "
            f"{', '.join(track.levels)})",
            hint=f"it is on the {' and '.join(elsewhere)} track"
            + ("s" if len(elsewhere) > 1 else "")
            + f": use --track {elsewhere[0]}"
            if elsewhere
            else None,
        )

    def to_dict(self, *, level: str | None = None, area: str | None = None) -> dict[str, Any]:
        """A JSON-ready view, optionally narrowed to one level and/or one area."""
        areas = [a for a in self.areas if area is None or a.id == area]
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "levels": [asdict(lv) | {"aliases": list(lv.aliases)} for lv in self.levels],
            "tracks": [t.to_dict() for t in self.tracks],
            "areas": [
                {
                    "id": a.id,
                    "name": a.name,
                    "description": a.description,
                    "aliases": list(a.aliases),
                    "expectations": [
                        {
                            "id": e.id,
                            "level": e.level,
                            "text": e.text,
                            "markers": list(e.markers),
                            "actions": list(e.actions),
                            "aliases": list(e.aliases),
                        }
                        for e in a.expectations
                        if level is None or e.level == level
                    ],
                }
                for a in areas
            ],
        }


def pick_level(
    ladder: Ladder,
    *,
    level: str | None,
    track: str | None,
    current: str | None = None,
    target: str | None = None,
    profile_track: str | None = None,
) -> tuple[str, str | None]:
    """The level to measure against and the track to read it on.

    Args:
        ladder: The ladder.
        level: The level asked for (None: the target level if it is on the track, else the
            level after the current one along the track, else ``senior``, else the track's
            last level).
        track: The track asked for (None: the profile's track when the level is on it, else
            the first track that has the level). Ignored-free: a ladder without tracks
            refuses a track.
        current: The profile's level.
        target: The profile's target level.
        profile_track: The profile's track.

    Returns:
        (level id, track id or None on a ladder without tracks).

    Raises:
        InputError: An empty level.
        NotFoundError: An unknown level or track, or a level that is not on the track asked
            for (the message says which tracks have it).
    """
    if track is not None and not track.strip():
        raise InputError("the track is empty", hint=_track_hint(ladder))
    asked = ladder.track(track).id if track else None
    known_tracks = {t.id for t in ladder.tracks}
    base = asked or (profile_track if profile_track in known_tracks else None)
    path = [lv.id for lv in ladder.path(base)]
    if level is not None:
        if not level.strip():
            raise InputError(
                "the level is empty",
                hint=f"give one of {', '.join(path)}, or leave --level out for your target",
            )
        chosen = level.strip().lower()
    elif target and target in path:
        chosen = target
    elif current in path:
        assert current is not None
        chosen = path[min(path.index(current) + 1, len(path) - 1)]
    elif "senior" in path:
        chosen = "senior"
    elif path:
        chosen = path[-1]
    else:
        raise NotFoundError("the active ladder has no levels", hint="run `ladder framework use FILE`")
    ladder.level(chosen)  # an unknown level: the message lists the levels
    if asked:
        ladder.require_on(chosen, asked)
        return chosen, asked
    if base and chosen in ladder.track(base).levels:
        return chosen, base
    return chosen, ladder.choose_track(None, chosen)


def _track_hint(ladder: Ladder) -> str:
    if not ladder.tracks:
        return "this ladder has no tracks: leave --track out"
    return f"give one of {', '.join(t.id for t in ladder.tracks)}"


def unknown_id_message(kind: str, given: str, known: list[str]) -> str:
    """'unknown area 'x'; did you mean …? Known: …' — one wording for every unknown id."""
    return rules.unknown(kind, given, known, listing="the ladder has")


# -- reading files ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One problem found in a ladder file."""

    line: int | None
    reason: str


def default_source() -> tuple[str, str]:
    """The bundled default ladder: (file name, YAML text)."""
    from importlib import resources

    text = resources.files("ladder.data").joinpath(DEFAULT_LADDER).read_text(encoding="utf-8")
    return DEFAULT_LADDER, text


@functools.cache
def bundled() -> Ladder:
    """The bundled default ladder, parsed (once per process).

    It is checked against the format's rules but not against the JSON Schema, which costs
    five times the rest (~150 ms) on every new workspace and every hint for a newer bundled
    ladder; the tests check the bundled file against the schema (:func:`parse` gives the same
    ladder).
    """
    text = default_source()[1]
    data, lines, problems = _parse_yaml(text)
    if problems or not isinstance(data, dict) or _rule_problems(data, lines):
        return parse(text, source_name=DEFAULT_LADDER)  # raises, with the file and line
    return Ladder(**{**_fields(_build(data, text)), "source_name": DEFAULT_LADDER, "source_text": text})


@functools.cache
def _bundled_head() -> tuple[str, str]:
    """The bundled ladder's id and version, read from its text without parsing all of it (the
    commands that show the hint for a newer bundled ladder are on paths people wait for)."""
    text = default_source()[1]
    found = [re.search(rf"^{key}:[ \t]*[\"']?([^\"'\s#]+)", text, re.M) for key in ("id", "version")]
    if not (found[0] and found[1]):  # the bundled file always has both; parse to say why not
        return bundled().id, bundled().version
    return found[0].group(1), found[1].group(1)


def version_key(version: str) -> tuple[int, ...] | None:
    """``"2026.12"`` → ``(2026, 12)``, for ordering versions made of numbers separated by dots
    or dashes (trailing zeros do not count: 1.2 and 1.2.0 are the same); None for any other
    version, which has no order."""
    parts = re.split(r"[.-]", version.strip())
    if not all(p.isdigit() for p in parts):
        return None
    key = [int(p) for p in parts]
    while len(key) > 1 and key[-1] == 0:
        key.pop()
    return tuple(key)


@dataclass(frozen=True)
class BundledUpdate:
    """A newer version of the bundled ladder than the active one, not installed yet: what it
    would change (ids it adds and drops). Only ever shown; ``framework use --bundled`` installs."""

    version: str  # the bundled ladder's version
    active: str  # the active version it is newer than
    tracks: tuple[str, ...]  # track ids it adds
    levels: tuple[str, ...]  # level ids it adds
    areas: tuple[str, ...]  # area ids it adds
    expectations: tuple[str, ...]  # expectation ids it adds
    dropped: tuple[str, ...]  # area and expectation ids of the active ladder it does not have
    had_tracks: bool  # whether the active ladder has tracks already

    COMMAND = "ladder framework use --bundled"

    @property
    def summary(self) -> str:
        """'adds tracks, 2 levels and 20 expectations; drops 1 expectation'; '' when only the
        wording changed."""

        def n(ids: Iterable[str], word: str) -> str:
            count = len(list(ids))
            return f"{count} {word}{'' if count == 1 else 's'}" if count else ""

        def listed(items: list[str]) -> str:
            items = [x for x in items if x]
            return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)

        tracks = n(self.tracks, "track") if self.had_tracks else "tracks" * bool(self.tracks)
        adds = listed(
            [tracks, n(self.levels, "level"), n(self.areas, "area"), n(self.expectations, "expectation")]
        )
        drops = listed(
            [
                n((x for x in self.dropped if "." not in x), "area"),
                n((x for x in self.dropped if "." in x), "expectation"),
            ]
        )
        return "; ".join(x for x in (adds and f"adds {adds}", drops and f"drops {drops}") if x)

    @property
    def hint(self) -> str:
        """The one line that says so (see :func:`bundled_hint`)."""
        return bundled_hint(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (the ``bundled_update`` of ``--json`` outputs)."""
        return {
            "version": self.version,
            "active_version": self.active,
            "summary": self.summary,
            "adds": {
                "tracks": list(self.tracks),
                "levels": list(self.levels),
                "areas": list(self.areas),
                "expectations": list(self.expectations),
            },
            "drops": list(self.dropped),
            "command": self.COMMAND,
        }


def bundled_hint(update: dict[str, Any]) -> str:
    """'A newer bundled ladder (2026.12, adds tracks, …) is available: ladder framework use
    --bundled', from :meth:`BundledUpdate.to_dict` (what ``--json`` and the API carry)."""
    about = ", ".join(x for x in (update["version"], update["summary"]) if x)
    return f"A newer bundled ladder ({about}) is available: {update['command']}"


def bundled_update(store: Store) -> BundledUpdate | None:
    """What a newer bundled ladder would bring, when the active ladder is an older version of
    it (same ladder id, a lower version) and that newer version is not installed; else None.

    A version installed already (active or not) is never offered again: going back to an
    older one with ``framework use`` is a choice. Versions that are not numbers have no order
    and are never called older.
    """
    row = store.one("SELECT ladder_id, version FROM ladder_version WHERE is_active = 1")
    if row is None:
        return None
    bundled_id, bundled_version = _bundled_head()
    new_key, old_key = version_key(bundled_version), version_key(row["version"])
    if row["ladder_id"] != bundled_id or new_key is None or old_key is None or new_key <= old_key:
        return None
    if store.scalar(
        "SELECT 1 FROM ladder_version WHERE ladder_id = :l AND version = :v",
        {"l": bundled_id, "v": bundled_version},
    ):
        return None
    new, old = bundled(), load(store)

    def added(items: Iterable[Any], have: set[str]) -> tuple[str, ...]:
        return tuple(x.id for x in items if x.id not in have and not have & set(x.aliases))

    old_ids = {a.id for a in old.areas} | {e.id for e in old.expectations()}
    new_names = {x for a in new.areas for x in (a.id, *a.aliases)}
    new_names |= {x for e in new.expectations() for x in (e.id, *e.aliases)}
    return BundledUpdate(
        version=new.version,
        active=old.version,
        tracks=tuple(t.id for t in new.tracks if t.id not in {t.id for t in old.tracks}),
        levels=added(new.levels, {lv.id for lv in old.levels}),
        areas=added(new.areas, {a.id for a in old.areas}),
        expectations=added(new.expectations(), {e.id for e in old.expectations()}),
        dropped=tuple(sorted(old_ids - new_names)),
        had_tracks=bool(old.tracks),
    )


def schema() -> dict[str, Any]:
    """The JSON Schema of ladder files."""
    from importlib import resources

    text = resources.files("ladder.data").joinpath("ladder.schema.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def read_file(path: str | Path) -> str:
    """Read a ladder file as text.

    Raises:
        InputError: It cannot be read or is not UTF-8 text.
    """
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{p}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{p}: is a folder, not a ladder file") from exc
    except UnicodeDecodeError as exc:
        raise LocatedError(
            str(p), None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from exc
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror}") from exc


def check(text: str) -> tuple[Ladder | None, list[Problem]]:
    """Check the text of a ladder file.

    Returns:
        The ladder (None if there are problems) and the problems, in line order.
    """
    data, lines, problems = _parse_yaml(text)
    if problems:
        return None, problems
    problems = _schema_problems(data, lines) or _rule_problems(data, lines)
    if problems:
        return None, sorted(problems, key=lambda p: (p.line or 0, p.reason))
    return _build(data, text), []


def parse(text: str, *, source_name: str = "<ladder>") -> Ladder:
    """Parse and check a ladder file's text.

    Raises:
        LocatedError: The first problem, with the file and line (the message counts the rest).
    """
    ladder, problems = check(text)
    if problems:
        first = problems[0]
        more = (
            f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
            if len(problems) > 1
            else ""
        )
        raise LocatedError(source_name, first.line, first.reason + more)
    assert ladder is not None
    return Ladder(**{**_fields(ladder), "source_name": source_name, "source_text": text})


def load_file(path: str | Path) -> Ladder:
    """Read and check a ladder file.

    Raises:
        InputError: It cannot be read.
        LocatedError: It breaks the format (file, line, reason).
    """
    return parse(read_file(path), source_name=str(path))


def _fields(ladder: Ladder) -> dict[str, Any]:
    return {f: getattr(ladder, f) for f in ladder.__dataclass_fields__}


def parse_yaml(text: str) -> tuple[Any, dict[tuple[Any, ...], int], list[Problem]]:
    """YAML → Python data, the line of every node (keyed by its path), and the problems.

    The one bounded YAML reading with lines that ladder files and the ladders
    ``framework import`` reads (FT job families, Monzo front matter) share.
    """
    return _parse_yaml(text)


def _parse_yaml(text: str) -> tuple[Any, dict[tuple[Any, ...], int], list[Problem]]:
    """YAML → Python data, and the line of every node (keyed by its path).

    The document goes through :func:`ladder.loaders.compose_yaml` first, which refuses
    alias bombs and deep nesting before anything is built.
    """
    import yaml

    from ladder.loaders import DocumentProblem, compose_yaml, yaml_loader

    loader = yaml_loader(text)
    try:
        node = compose_yaml(loader, text)
    except DocumentProblem as exc:
        loader.dispose()
        return None, {}, [Problem(exc.line, exc.reason)]
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        loader.dispose()
        return None, {}, [Problem(1, "the file is empty")]
    lines: dict[tuple[Any, ...], int] = {}
    problems: list[Problem] = []
    building: set[int] = set()

    class _Bad(Exception):
        def __init__(self, line: int, reason: str) -> None:
            self.problem = Problem(line, reason)

    def build(n: Any, path: tuple[Any, ...]) -> Any:
        line = n.start_mark.line + 1
        lines[path] = line
        if isinstance(n, yaml.MappingNode | yaml.SequenceNode):
            if id(n) in building:
                raise _Bad(line, "an alias refers to the block that contains it")
            building.add(id(n))
            try:
                if isinstance(n, yaml.SequenceNode):
                    return [build(item, (*path, i)) for i, item in enumerate(n.value)]
                out: dict[str, Any] = {}
                for key_node, value_node in n.value:
                    if not isinstance(key_node, yaml.ScalarNode):
                        raise _Bad(
                            key_node.start_mark.line + 1,
                            "a key must be a plain name, not a list or mapping",
                        )
                    key = key_node.value
                    key_line = key_node.start_mark.line + 1
                    if key in out:
                        first = lines[(*path, key, "<key>")]
                        problems.append(
                            Problem(key_line, f"duplicate key {key!r} (first used on line {first})")
                        )
                    else:
                        lines[(*path, key, "<key>")] = key_line
                    out[key] = build(value_node, (*path, key))
                return out
            finally:
                building.discard(id(n))
        try:
            return loader.construct_object(n, deep=True)  # a scalar, typed by YAML's rules
        except (ValueError, OverflowError) as exc:
            raise _Bad(
                line,
                f"{rules.shorten(n.value)!r} is not a valid value "
                f"({rules.shorten(exc, 120)}); quote it to keep it as text",
            ) from exc

    try:
        data = build(node, ())
    except _Bad as bad:
        return None, {}, [bad.problem]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = None if mark is None else mark.line + 1
        return None, {}, [Problem(line, f"YAML error: {rules.shorten(exc.problem, 200)}")]
    finally:
        loader.dispose()
    return data, lines, problems


def _line(lines: dict[tuple[Any, ...], int], path: tuple[Any, ...]) -> int | None:
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]


def _schema_problems(data: Any, lines: dict[tuple[Any, ...], int]) -> list[Problem]:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    problems = []
    for error in validator.iter_errors(data):
        path = tuple(error.absolute_path)
        where = "/".join(str(p) for p in path) or "top level"
        reason = error.message
        quoted = repr(error.instance)
        if len(quoted) > 80:  # a 1 MB line is named, not echoed
            inst = error.instance
            short = repr(rules.shorten(inst)) if isinstance(inst, str) else rules.shorten(quoted)
            reason = reason.replace(quoted, short)
        reason = rules.shorten(reason, 300)
        if error.validator == "additionalProperties":
            # Point at the unexpected key itself.
            extra = [
                k for k in (error.instance or {}) if k not in error.schema.get("properties", {})
            ]
            if extra:
                path = (*path, extra[0], "<key>")
        problems.append(Problem(_line(lines, path), f"{where}: {reason}"))
    return problems


def _rule_problems(data: dict[str, Any], lines: dict[tuple[Any, ...], int]) -> list[Problem]:
    problems: list[Problem] = []
    level_ids = [lv["id"] for lv in data["levels"]]
    seen: dict[str, tuple[Any, ...]] = {}

    def unique(value: str, path: tuple[Any, ...], kind: str) -> None:
        if value in seen:
            first = _line(lines, seen[value])
            problems.append(
                Problem(
                    _line(lines, path),
                    f"duplicate {kind} id {value!r} (first used on line {first})",
                )
            )
        else:
            seen[value] = path

    for i, lv in enumerate(data["levels"]):
        if level_ids.count(lv["id"]) > 1 and level_ids.index(lv["id"]) != i:
            problems.append(
                Problem(_line(lines, ("levels", i, "id")), f"duplicate level id {lv['id']!r}")
            )
    problems += _level_alias_problems(data["levels"], lines)
    problems += _track_problems(data.get("tracks"), level_ids, lines)
    for ai, area in enumerate(data["areas"]):
        unique(area["id"], ("areas", ai, "id"), "area")
        for alias in area.get("aliases", []):
            unique(alias, ("areas", ai, "aliases"), "alias")
        for ei, exp in enumerate(area["expectations"]):
            path = ("areas", ai, "expectations", ei)
            unique(exp["id"], (*path, "id"), "expectation")
            for alias in exp.get("aliases", []):
                unique(alias, (*path, "aliases"), "alias")
            if exp["id"].split(".", 1)[0] != area["id"]:
                problems.append(
                    Problem(
                        _line(lines, (*path, "id")),
                        f"expectation id {exp['id']!r} must start with its area's id: {area['id']}.…",
                    )
                )
            if exp["level"] not in level_ids:
                problems.append(
                    Problem(
                        _line(lines, (*path, "level")),
                        f"expectation {exp['id']!r} names level {exp['level']!r}, "
                        f"which is not among the levels ({', '.join(level_ids)})",
                    )
                )
    return problems


def _level_alias_problems(
    levels: list[dict[str, Any]], lines: dict[tuple[Any, ...], int]
) -> list[Problem]:
    """Level aliases name no level of the file and no other level's alias."""
    problems: list[Problem] = []
    ids = {lv["id"] for lv in levels}
    seen: dict[str, int | None] = {}
    for i, lv in enumerate(levels):
        for alias in lv.get("aliases", []):
            line = _line(lines, ("levels", i, "aliases"))
            if alias in ids:
                problems.append(
                    Problem(line, f"level alias {alias!r} is the id of a level in this file")
                )
            elif alias in seen:
                problems.append(
                    Problem(line, f"duplicate level alias {alias!r} (first used on line {seen[alias]})")
                )
            else:
                seen[alias] = line
    return problems


def _track_problems(
    tracks: list[dict[str, Any]] | None, level_ids: list[str], lines: dict[tuple[Any, ...], int]
) -> list[Problem]:
    """Tracks have unique ids and name known levels, once each, in the order of ``levels``;
    every level is on at least one track."""
    if tracks is None:
        return []
    problems: list[Problem] = []
    seen: dict[str, int | None] = {}
    on_a_track: set[str] = set()
    for ti, track in enumerate(tracks):
        where = _line(lines, ("tracks", ti, "id"))
        if track["id"] in seen:
            problems.append(
                Problem(where, f"duplicate track id {track['id']!r} (first used on line {seen[track['id']]})")
            )
        else:
            seen[track["id"]] = where
        last = -1
        for li, lid in enumerate(track["levels"]):
            line = _line(lines, ("tracks", ti, "levels", li))
            if lid not in level_ids:
                problems.append(
                    Problem(
                        line,
                        f"track {track['id']!r} names level {lid!r}, which is not among the "
                        f"levels ({', '.join(level_ids)})",
                    )
                )
                continue
            if lid in on_a_track and track["levels"].index(lid) != li:
                problems.append(Problem(line, f"track {track['id']!r} names level {lid!r} twice"))
                continue
            on_a_track.add(lid)
            at = level_ids.index(lid)
            if at < last:
                problems.append(
                    Problem(
                        line,
                        f"track {track['id']!r} lists level {lid!r} after {level_ids[last]!r}: "
                        "a track keeps the order of `levels` (most junior first)",
                    )
                )
            last = max(last, at)
    missing = [lid for lid in level_ids if lid not in on_a_track]
    if missing:
        problems.append(
            Problem(
                _line(lines, ("tracks", "<key>")),
                f"level{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"{'are' if len(missing) > 1 else 'is'} on no track: with `tracks:`, every "
                "level belongs to at least one",
            )
        )
    return problems


def _build(data: dict[str, Any], text: str) -> Ladder:
    return Ladder(
        id=data["id"],
        name=data["name"],
        version=str(data["version"]),
        description=data.get("description", ""),
        levels=tuple(
            Level(
                lv["id"],
                lv["name"],
                lv.get("description", ""),
                aliases=tuple(sorted(lv.get("aliases", ()))),
            )
            for lv in data["levels"]
        ),
        tracks=tuple(
            Track(t["id"], t["name"], tuple(t["levels"]), t.get("description", ""))
            for t in data.get("tracks", ())
        ),
        areas=tuple(
            Area(
                id=a["id"],
                name=a["name"],
                description=a["description"],
                aliases=tuple(sorted(a.get("aliases", ()))),
                expectations=tuple(
                    Expectation(
                        id=e["id"],
                        area=a["id"],
                        level=e["level"],
                        text=e["text"],
                        markers=tuple(e.get("markers", ())),
                        actions=tuple(e.get("actions", ())),
                        aliases=tuple(sorted(e.get("aliases", ()))),
                    )
                    for e in a["expectations"]
                ),
            )
            for a in data["areas"]
        ),
        source_text=text,
    )


# -- renamed ids --------------------------------------------------------------------------------


class Renames:
    """Follows renamed area and expectation ids (``aliases:``) across every installed version.

    A ladder file lists the old ids of a renamed expectation under ``aliases:``. Ids stored as
    text (ratings, goals, evidence links) are read through this: forwards, an old id leads to
    the id that replaced it, through any number of versions; backwards, when an older version
    is active again, an id that a newer version introduced leads back to the id it replaced.
    An id that leads to no id of the active ladder, or to more than one, stays as it is.

    Args:
        store: The store (every version's aliases are read once).
        ladder: The active ladder.
    """

    def __init__(self, store: Store, ladder: Ladder) -> None:
        self.active = {e.id for e in ladder.expectations()} | {a.id for a in ladder.areas}
        # old id -> new id: the active version's aliases first, then newer versions first
        self.forward: dict[str, str] = {}
        self.edges: dict[str, set[str]] = {}
        for r in store.query(
            "SELECT al.old_id, al.new_id FROM ladder_alias al "
            "JOIN ladder_version v ON v.id = al.ladder_version_id "
            "ORDER BY v.is_active DESC, v.id DESC, al.old_id"
        ):
            old, new = str(r["old_id"]), str(r["new_id"])
            self.forward.setdefault(old, new)
            self.edges.setdefault(old, set()).add(new)
            self.edges.setdefault(new, set()).add(old)
        self._cache: dict[str, str] = {}

    def follow(self, given: str) -> str:
        """The active ladder's id for ``given``: itself, its newest name, or its older name."""
        if given in self.active or given not in self.edges:
            return given
        if given not in self._cache:
            self._cache[given] = self._resolve(given)
        return self._cache[given]

    def _resolve(self, given: str) -> str:
        seen = {given}
        here = given
        while here in self.forward and here not in self.active:  # the renames, newest last
            here = self.forward[here]
            if here in seen:
                break
            seen.add(here)
        if here in self.active:
            return here
        # Backwards (an older version is active) or sideways: the nearest active ids in the
        # graph of renames; only a single nearest one is taken.
        seen = {given}
        frontier = [given]
        while frontier:
            found = sorted({n for f in frontier for n in self.edges.get(f, ()) if n in self.active})
            if found:
                return found[0] if len(found) == 1 else given
            nxt = [n for f in frontier for n in self.edges.get(f, ()) if n not in seen]
            seen.update(nxt)
            frontier = list(dict.fromkeys(nxt))
        return given

    def names_of(self, active_id: str) -> set[str]:
        """Every id that reads as ``active_id``: itself and the renamed ids that lead to it."""
        return {active_id} | {i for i in self.edges if self.follow(i) == active_id}

    def mapping(self) -> dict[str, str]:
        """Every renamed id that leads to another id of the active ladder: old id -> active id."""
        out = {}
        for i in self.edges:
            now = self.follow(i)
            if now != i and now in self.active:
                out[i] = now
        return out


# -- versions in the store --------------------------------------------------------------------


@dataclass(frozen=True)
class InstallResult:
    """What :func:`install` did."""

    ladder: Ladder
    version_id: int
    added: bool  # False: this exact version was installed already and is now active again
    orphaned: dict[str, int]  # ids evidence links to that this version no longer has → count


def install(store: Store, ladder: Ladder, *, now: str) -> InstallResult:
    """Install ``ladder`` as a new version and make it the active one.

    Older versions are kept. Installing a version that is already there (same content) only
    makes it active again.

    Raises:
        InputError: The same ladder id and version is installed with different content.
    """
    with store.transaction():
        existing = store.one(
            "SELECT id, checksum FROM ladder_version WHERE ladder_id = :l AND version = :v",
            {"l": ladder.id, "v": ladder.version},
        )
        if existing and existing["checksum"] != ladder.checksum:
            raise InputError(
                f"{ladder.source_name}: ladder {ladder.id!r} version {ladder.version!r} is already "
                "installed with different content",
                hint="raise `version:` in the file to install it as a new version",
            )
        if existing:
            version_id, added = int(existing["id"]), False
        else:
            version_id, added = _insert(store, ladder, now), True
        store.execute("UPDATE ladder_version SET is_active = 0 WHERE is_active = 1")
        store.execute("UPDATE ladder_version SET is_active = 1 WHERE id = :id", {"id": version_id})
        orphaned = _orphaned(store, version_id)
    return InstallResult(ladder, version_id, added, orphaned)


def in_use(store: Store, ladder: Ladder) -> bool:
    """Whether ``ladder`` (its id, version and content) is the active ladder already."""
    return bool(
        store.scalar(
            "SELECT 1 FROM ladder_version WHERE is_active = 1 AND ladder_id = :l AND version = :v "
            "AND checksum = :c",
            {"l": ladder.id, "v": ladder.version, "c": ladder.checksum},
        )
    )


def _insert(store: Store, ladder: Ladder, now: str) -> int:
    version_id = store.insert(
        "ladder_version",
        {
            "ladder_id": ladder.id,
            "version": ladder.version,
            "name": ladder.name,
            "description": ladder.description,
            "source_name": Path(ladder.source_name).name or ladder.source_name,
            "source_text": ladder.source_text,
            "checksum": ladder.checksum,
            "installed_at": now,
            "is_active": 0,
        },
    )
    v = {"v": version_id}
    store.executemany(
        "INSERT INTO ladder_level (ladder_version_id, level_id, name, description, position, "
        "aliases) VALUES (:v, :id, :name, :description, :position, :aliases)",
        [
            {
                **v,
                "id": lv.id,
                "name": lv.name,
                "description": lv.description,
                "position": i,
                "aliases": json.dumps(list(lv.aliases)),
            }
            for i, lv in enumerate(ladder.levels)
        ],
    )
    store.executemany(
        "INSERT INTO ladder_track (ladder_version_id, track_id, name, description, levels, "
        "position) VALUES (:v, :id, :name, :description, :levels, :position)",
        [
            {
                **v,
                "id": t.id,
                "name": t.name,
                "description": t.description,
                "levels": json.dumps(list(t.levels)),
                "position": i,
            }
            for i, t in enumerate(ladder.tracks)
        ],
    )
    store.executemany(
        "INSERT INTO ladder_area (ladder_version_id, area_id, name, description, position) "
        "VALUES (:v, :id, :name, :description, :position)",
        [
            {**v, "id": a.id, "name": a.name, "description": a.description, "position": i}
            for i, a in enumerate(ladder.areas)
        ],
    )
    store.executemany(
        "INSERT INTO ladder_expectation (ladder_version_id, expectation_id, area_id, level_id, text, "
        "markers, actions, position) VALUES (:v, :id, :area, :level, :text, :markers, :actions, :position)",
        [
            {
                **v,
                "id": e.id,
                "area": e.area,
                "level": e.level,
                "text": e.text,
                "markers": json.dumps(list(e.markers)),
                "actions": json.dumps(list(e.actions)),
                "position": i,
            }
            for i, e in enumerate(ladder.expectations())
        ],
    )
    aliases = [(old, a.id) for a in ladder.areas for old in a.aliases]
    aliases += [(old, e.id) for e in ladder.expectations() for old in e.aliases]
    store.executemany(
        "INSERT INTO ladder_alias (ladder_version_id, old_id, new_id) VALUES (:v, :old, :new)",
        [{**v, "old": old, "new": new} for old, new in aliases],
    )
    return version_id


def _orphaned(store: Store, version_id: int) -> dict[str, int]:
    rows = store.query(
        "SELECT ea.area_id AS id, COUNT(*) AS n FROM evidence_area ea "
        "WHERE ea.area_id NOT IN (SELECT area_id FROM ladder_area WHERE ladder_version_id = :v) "
        "AND ea.area_id NOT IN (SELECT old_id FROM ladder_alias WHERE ladder_version_id = :v) "
        "GROUP BY ea.area_id ORDER BY ea.area_id",
        {"v": version_id},
    )
    return {r["id"]: int(r["n"]) for r in rows}


def active_version_id(store: Store) -> int | None:
    """The id of the active ladder version, or None when none is installed."""
    value = store.scalar("SELECT id FROM ladder_version WHERE is_active = 1")
    return None if value is None else int(value)


def resolve_area(store: Store, area_id: str) -> str:
    """The current id of an area named by its id or an old alias.

    Raises:
        InputError: The active ladder has no such area (the message lists the areas).
    """
    given = area_id.strip().lower()
    row = store.one(
        "SELECT a.area_id FROM ladder_area a JOIN ladder_version v ON v.id = a.ladder_version_id "
        "WHERE v.is_active = 1 AND a.area_id = :a "
        "UNION SELECT al.new_id FROM ladder_alias al JOIN ladder_version v ON v.id = al.ladder_version_id "
        "WHERE v.is_active = 1 AND al.old_id = :a AND al.new_id NOT LIKE '%.%'",
        {"a": given},
    )
    if row:
        return str(row["area_id"])
    known = [
        r["area_id"]
        for r in store.query(
            "SELECT a.area_id FROM ladder_area a JOIN ladder_version v ON v.id = a.ladder_version_id "
            "WHERE v.is_active = 1 ORDER BY a.position"
        )
    ]
    raise InputError(unknown_id_message("area", area_id, known))


def area_names(store: Store, area_id: str) -> tuple[str, ...]:
    """Every id that evidence may store for the area named ``area_id``: its current id first,
    then the ids it had in other versions (``aliases:`` of any installed version); for an id
    no installed version still has but that evidence links to (a dropped area), that id alone.

    This is what filters match, so that ``--area architecture`` and ``--area system-design``
    find the same entries after a version renamed one to the other, and a dropped id can still
    be listed and removed.

    Raises:
        InputError: The id is none of those (the message lists the active ladder's areas).
    """
    given = area_id.strip().lower()
    try:
        current = resolve_area(store, given)
    except InputError:
        if given and store.scalar(
            "SELECT 1 FROM evidence_area WHERE area_id = :a LIMIT 1", {"a": given}
        ):
            return (given,)
        raise
    names = Renames(store, load(store)).names_of(current)
    return (current, *sorted(n for n in names if n != current and "." not in n))


def level_ids(store: Store) -> list[str]:
    """The level ids of the active ladder, junior first."""
    return [
        r["level_id"]
        for r in store.query(
            "SELECT l.level_id FROM ladder_level l JOIN ladder_version v ON v.id = l.ladder_version_id "
            "WHERE v.is_active = 1 ORDER BY l.position"
        )
    ]


def versions(store: Store) -> list[dict[str, Any]]:
    """Every installed ladder version, oldest first."""
    return store.query(
        "SELECT id, ladder_id, version, name, source_name, checksum, installed_at, is_active "
        "FROM ladder_version ORDER BY id"
    )


#: Ladders read back, by what identifies a version's content (an installed version is never
#: changed: a new one is installed instead). Ladders are immutable, so any thread may share one.
_LOADED: dict[tuple[Any, ...], Ladder] = {}
_LOADED_MOST = 16


def load(store: Store, version_id: int | None = None) -> Ladder:
    """Read a ladder version (default: the active one) back from the store.

    A version this process read before from the same database (the same id, ladder id,
    version, checksum and install time) is handed out again without reading its rows.

    Raises:
        NotFoundError: No ladder is installed.
    """
    vid = version_id if version_id is not None else active_version_id(store)
    known = (
        store.query(
            "SELECT ladder_id, version, checksum, installed_at FROM ladder_version WHERE id = :v",
            {"v": vid},
        )
        if vid
        else []
    )
    if vid is None or not known:
        raise NotFoundError("no ladder is installed", hint="run `ladder framework use FILE`")
    key = (store.url, vid, *known[0].values())
    if key in _LOADED:
        return _LOADED[key]
    ladder = _read(store, vid)
    if len(_LOADED) >= _LOADED_MOST:
        _LOADED.clear()
    _LOADED[key] = ladder
    return ladder


def _read(store: Store, vid: int) -> Ladder:
    """Every row of ladder version ``vid``, as a :class:`Ladder`."""
    head = store.one("SELECT * FROM ladder_version WHERE id = :v", {"v": vid})
    assert head is not None
    v = {"v": vid}
    aliases: dict[str, list[str]] = {}
    for r in store.query(
        "SELECT old_id, new_id FROM ladder_alias WHERE ladder_version_id = :v ORDER BY old_id", v
    ):
        aliases.setdefault(r["new_id"], []).append(r["old_id"])
    exps: dict[str, list[Expectation]] = {}
    for r in store.query(
        "SELECT * FROM ladder_expectation WHERE ladder_version_id = :v ORDER BY position", v
    ):
        exps.setdefault(r["area_id"], []).append(
            Expectation(
                id=r["expectation_id"],
                area=r["area_id"],
                level=r["level_id"],
                text=r["text"],
                markers=tuple(json.loads(r["markers"])),
                actions=tuple(json.loads(r["actions"])),
                aliases=tuple(aliases.get(r["expectation_id"], ())),
            )
        )
    return Ladder(
        id=head["ladder_id"],
        name=head["name"],
        version=head["version"],
        description=head["description"],
        source_name=head["source_name"],
        source_text=head["source_text"],
        levels=tuple(
            Level(r["level_id"], r["name"], r["description"], tuple(json.loads(r["aliases"])))
            for r in store.query(
                "SELECT * FROM ladder_level WHERE ladder_version_id = :v ORDER BY position", v
            )
        ),
        tracks=tuple(
            Track(r["track_id"], r["name"], tuple(json.loads(r["levels"])), r["description"])
            for r in store.query(
                "SELECT * FROM ladder_track WHERE ladder_version_id = :v ORDER BY position", v
            )
        ),
        areas=tuple(
            Area(
                id=r["area_id"],
                name=r["name"],
                description=r["description"],
                expectations=tuple(exps.get(r["area_id"], ())),
                aliases=tuple(aliases.get(r["area_id"], ())),
            )
            for r in store.query(
                "SELECT * FROM ladder_area WHERE ladder_version_id = :v ORDER BY position", v
            )
        ),
    )
