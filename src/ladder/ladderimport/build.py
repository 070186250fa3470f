"""A :class:`~ladder.ladderimport.draft.Draft` → a ladder file, with settled ids and a report.

Ids. An expectation's id is ``AREA.NAME``. ``NAME`` comes from the source's own key where it
has one (FT's competency UUID, snowflake's milestone number, a CSV ``id`` column), else from
the first meaningful words of the line (Monzo, a CSV without ids).

``--update PREVIOUS.yaml`` carries ids from an earlier import (or any earlier ladder file)
over to this one. Each line read is matched to at most one earlier expectation, in passes:

1. the same id (or an id the earlier one listed under ``aliases``);
2. the same source key under another area (the source moved or renamed the area);
3. the same text;
4. the closest earlier text, when the words of the two lines agree by at least
   :data:`SIMILAR` (difflib's ratio over words; the same area and level break ties).

A line without a key of its own takes the earlier id whole (so a reworded Monzo line keeps
its id); a keyed line keeps the source's id and lists the earlier one under ``aliases``. An
area whose id changed lists its earlier id under ``aliases``. Earlier aliases are kept.
Earlier ids that match nothing are listed as removed and never given to another line (a
clash gets a ``-2`` suffix), so evidence linked to a removed line does not silently move to
another meaning.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ladder.errors import LadderError, LocatedError
from ladder.ladderimport.draft import MAX_ITEMS, Draft, Dropped, Item, slug

if TYPE_CHECKING:
    from ladder.framework import Expectation, Ladder

#: How alike two lines' words must be (0 to 1, difflib's ratio) for a reworded line to keep an
#: earlier id. "Provides regular status updates to their mentor/buddy" and "Gives regular
#: status updates to their mentor or buddy" score 0.71; unrelated lines of one area score
#: under 0.35.
SIMILAR = 0.6
#: The longest text a ladder file takes for one expectation.
MAX_TEXT = 4000


@dataclass
class Update:
    """What ``--update`` did to the ids."""

    previous: str
    kept: int = 0
    reworded: list[dict[str, Any]] = field(default_factory=list)
    renamed: list[dict[str, str]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "previous": self.previous,
            "kept": self.kept,
            "reworded": self.reworded,
            "renamed": self.renamed,
            "added": self.added,
            "removed": self.removed,
        }


@dataclass
class Report:
    """What an import read, wrote and could not carry over."""

    format: str
    source: str
    ladder_id: str
    name: str
    version: str
    levels: list[tuple[str, str]]
    areas: list[tuple[str, str]]
    read: Counter[tuple[str, str]]
    written: Counter[tuple[str, str]]
    dropped: list[Dropped]
    not_carried: dict[str, tuple[int, str]]
    notes: list[str]
    update: Update | None = None

    @property
    def total_read(self) -> int:
        return sum(self.read.values())

    @property
    def total_written(self) -> int:
        return sum(self.written.values())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (``ladder framework import --json``)."""
        level_ids = [lv for lv, _ in self.levels]
        return {
            "format": self.format,
            "source": self.source,
            "ladder": {
                "id": self.ladder_id,
                "name": self.name,
                "version": self.version,
                "levels": len(self.levels),
                "areas": len(self.areas),
                "expectations": self.total_written,
            },
            "read": self.total_read,
            "written": self.total_written,
            "per_area": [
                {
                    "area": a,
                    "name": name,
                    "read": sum(n for (ar, _), n in self.read.items() if ar == a),
                    "written": sum(n for (ar, _), n in self.written.items() if ar == a),
                    "levels": {
                        lv: {"read": self.read[(a, lv)], "written": self.written[(a, lv)]}
                        for lv in level_ids
                        if self.read[(a, lv)] or self.written[(a, lv)]
                    },
                }
                for a, name in self.areas
            ],
            "per_level": [
                {
                    "level": lv,
                    "name": name,
                    "read": sum(n for (_, le), n in self.read.items() if le == lv),
                    "written": sum(n for (_, le), n in self.written.items() if le == lv),
                }
                for lv, name in self.levels
            ],
            "dropped": [
                {
                    "line": d.line,
                    "area": d.area,
                    "level": d.level,
                    "text": d.text,
                    "reason": d.reason,
                }
                for d in self.dropped
            ],
            "not_carried": [
                {"field": k, "count": n, "reason": why} for k, (n, why) in self.not_carried.items()
            ],
            "notes": self.notes,
            "update": self.update.to_dict() if self.update else None,
        }


@dataclass
class Result:
    """A finished import: the ladder file's text, the checked ladder, and the report."""

    text: str
    ladder: Ladder
    report: Report


def build(
    draft: Draft,
    *,
    source_name: str,
    previous: Ladder | None = None,
    previous_name: str = "",
    ladder_id: str | None = None,
    name: str | None = None,
    version: str | None = None,
) -> Result:
    """Settle ids, write the ladder file and check it against the format.

    Raises:
        LocatedError: The source holds no competency that can be carried over.
        LadderError: The file written does not pass ``framework validate`` (a bug, reported
            rather than written).
    """
    from ladder import framework

    level_ids = [lv.id for lv in draft.levels]
    read: Counter[tuple[str, str]] = Counter((i.area, i.level) for i in draft.items)
    read.update((d.area, d.level) for d in draft.dropped)
    items: list[Item] = []
    dropped = list(draft.dropped)
    for item in draft.items:
        if len(item.text) > MAX_TEXT:
            dropped.append(
                Dropped(
                    item.area,
                    item.level,
                    item.text[:80],
                    f"{len(item.text)} characters long; a ladder line holds at most {MAX_TEXT}",
                    item.line,
                )
            )
        else:
            items.append(item)
    if not items:
        raise LocatedError(source_name, None, "no competency found that can be carried over")
    if len(items) > MAX_ITEMS:
        raise LocatedError(
            source_name,
            None,
            f"{len(items):,} competencies; a ladder holds at most {MAX_ITEMS:,} expectations",
        )
    order = {lv: i for i, lv in enumerate(level_ids)}
    ids, aliases, area_aliases, update = _settle(draft, items, previous, previous_name)
    notes = list(draft.notes)
    out_areas = []
    for area in draft.areas:
        mine = sorted(
            (k for k, it in enumerate(items) if it.area == area.id),
            key=lambda k: order[items[k].level],
        )
        if not mine:
            notes.append(f"area {area.id!r} has no competencies in the source; it is left out")
            continue
        entry: dict[str, Any] = {
            "id": area.id,
            "name": area.name,
            "description": area.description or area.name,
        }
        if area_aliases.get(area.id):
            entry["aliases"] = area_aliases[area.id]
        exps = []
        for k in mine:
            it = items[k]
            exp: dict[str, Any] = {"id": ids[k], "level": it.level, "text": it.text}
            if it.markers:
                exp["markers"] = it.markers
            if it.actions:
                exp["actions"] = it.actions
            if aliases.get(k):
                exp["aliases"] = aliases[k]
            exps.append(exp)
        entry["expectations"] = exps
        out_areas.append(entry)
    the_version = version or (_bump(previous.version) if previous else "1")
    data: dict[str, Any] = {
        "format": 1,
        "id": ladder_id or draft.ladder_id,
        "name": name or draft.name,
        "version": the_version,
    }
    if draft.description:
        data["description"] = draft.description
    data["levels"] = [{"id": lv.id, "name": lv.name} for lv in draft.levels]
    data["areas"] = out_areas
    header = (
        f"# Imported by `ladder framework import --from {draft.format}` from "
        f"{_base(source_name)}.\n# Check it with `ladder framework validate`, then install it "
        "with `ladder framework use`.\n"
    )
    text = header + dump(data)
    ladder, problems = framework.check(text)
    if problems or ladder is None:
        first = problems[0] if problems else None
        raise LadderError(
            f"the ladder made from {source_name} does not pass the ladder format"
            + (f" (line {first.line}: {first.reason})" if first else "")
            + "; nothing was written",
            hint="this is a bug in the importer: please report it with the source file",
        )
    written: Counter[tuple[str, str]] = Counter((e.area, e.level) for e in ladder.expectations())
    report = Report(
        format=draft.format,
        source=source_name,
        ladder_id=ladder.id,
        name=ladder.name,
        version=ladder.version,
        levels=[(lv.id, lv.name) for lv in ladder.levels],
        areas=[(a.id, a.name) for a in draft.areas],
        read=read,
        written=written,
        dropped=dropped,
        not_carried=dict(draft.not_carried),
        notes=notes,
        update=update,
    )
    return Result(text, ladder, report)


def _base(path: str) -> str:
    return re.split(r"[\\/]", path)[-1] or path


def _bump(version: str) -> str:
    """The next version after ``version``: its last number plus one ("2026.11" → "2026.12")."""
    match = re.search(r"(\d+)(?!.*\d)", version)
    if match is None:
        return f"{version}.1"
    return f"{version[: match.start()]}{int(match.group(1)) + 1}{version[match.end() :]}"


def dump(data: dict[str, Any]) -> str:
    """YAML for a ladder file: keys in order, lines of several lines as ``|`` blocks."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, text)
    out: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return out


# -- ids ---------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _name_part(exp_id: str) -> str:
    return exp_id.split(".", 1)[1]


def _settle(
    draft: Draft, items: list[Item], previous: Ladder | None, previous_name: str
) -> tuple[dict[int, str], dict[int, list[str]], dict[str, list[str]], Update | None]:
    """The id of every item, its aliases, the areas' aliases, and what ``--update`` did."""
    natural = {k: f"{it.area}.{it.name}" for k, it in enumerate(items)}
    ids: dict[int, str] = {}
    aliases: dict[int, list[str]] = {}
    area_aliases: dict[str, list[str]] = {}
    used: set[str] = set()
    reserved: set[str] = set()
    update: Update | None = None
    if previous is not None:
        update = Update(previous=previous_name)
        matches, area_of = _match(draft, items, natural, previous)
        for area in draft.areas:
            old = area_of.get(area.id)
            if old is not None:
                carried = [*old.aliases, old.id] if old.id != area.id else list(old.aliases)
                area_aliases[area.id] = sorted(set(carried) - {area.id})
                if old.id != area.id:
                    update.renamed.append({"from": old.id, "to": area.id})
        for k, (exp, how, score) in sorted(matches.items()):
            it = items[k]
            new_id = natural[k] if it.keyed else f"{it.area}.{_name_part(exp.id)}"
            if new_id in used:
                continue  # left for the unmatched pass below, which finds a free id
            ids[k] = new_id
            used.add(new_id)
            aliases[k] = sorted({*exp.aliases, exp.id} - {new_id})
            if new_id == exp.id:
                update.kept += 1
            else:
                update.renamed.append({"from": exp.id, "to": new_id})
            if _words(exp.text) != _words(it.text):
                if how != "similar":
                    score = difflib.SequenceMatcher(
                        None, _words(exp.text), _words(it.text), autojunk=False
                    ).ratio()
                update.reworded.append(
                    {
                        "id": new_id,
                        "was": exp.text,
                        "now": it.text,
                        "matched_by": how,
                        "similarity": round(score, 2),
                    }
                )
        taken = {k for k in ids}
        matched_prev = {matches[k][0].id for k in taken}
        for exp in previous.expectations():
            reserved.add(exp.id)
            reserved.update(exp.aliases)
            if exp.id not in matched_prev:
                update.removed.append({"id": exp.id, "text": exp.text})
    for k in range(len(items)):
        if k in ids:
            continue
        base = natural[k]
        candidate, n = base, 1
        while candidate in used or candidate in reserved:
            n += 1
            candidate = f"{base}-{n}"
        ids[k] = candidate
        used.add(candidate)
        if update is not None:
            update.added.append(candidate)
    # An alias may not be another expectation's id or listed twice.
    seen: set[str] = set(used)
    for k in sorted(aliases):
        kept = [a for a in aliases[k] if a not in seen]
        seen.update(kept)
        aliases[k] = kept
    taken_areas: set[str] = {a.id for a in draft.areas}
    for area_id in list(area_aliases):
        area_aliases[area_id] = [a for a in area_aliases[area_id] if a not in taken_areas]
        taken_areas.update(area_aliases[area_id])
    return ids, aliases, area_aliases, update


def _match(
    draft: Draft, items: list[Item], natural: dict[int, str], previous: Ladder
) -> tuple[dict[int, tuple[Expectation, str, float]], dict[str, Any]]:
    """Pair items with earlier expectations (see the module's docstring for the passes)."""
    prev = previous.expectations()
    by_id = {e.id: e for e in prev}
    for e in prev:
        for alias in e.aliases:
            by_id.setdefault(alias, e)
    prev_areas = {a.id: a for a in previous.areas}
    for a in previous.areas:
        for alias in a.aliases:
            prev_areas.setdefault(alias, a)
    area_of: dict[str, Any] = {}
    for area in draft.areas:
        old = prev_areas.get(area.id) or next(
            (a for a in previous.areas if slug(a.name) == slug(area.name)), None
        )
        if old is not None and old not in area_of.values():
            area_of[area.id] = old
    matches: dict[int, tuple[Expectation, str, float]] = {}
    taken: set[str] = set()

    def pair(k: int, exp: Expectation, how: str, score: float = 1.0) -> None:
        matches[k] = (exp, how, score)
        taken.add(exp.id)

    for k in range(len(items)):  # 1. the same id
        exp = by_id.get(natural[k])
        if exp is not None and exp.id not in taken:
            pair(k, exp, "id")
    prev_names = Counter(_name_part(e.id) for e in prev)
    item_names = Counter(it.name for it in items)
    by_name = {_name_part(e.id): e for e in prev}
    for k, it in enumerate(items):  # 2. the same key under another area
        if k in matches or not it.keyed or item_names[it.name] > 1 or prev_names[it.name] != 1:
            continue
        exp = by_name[it.name]
        if exp.id not in taken:
            pair(k, exp, "key")
    by_text: dict[str, list[Expectation]] = {}
    for e in prev:
        by_text.setdefault(" ".join(_words(e.text)), []).append(e)
    for k, it in enumerate(items):  # 3. the same text
        if k in matches:
            continue
        same = [e for e in by_text.get(" ".join(_words(it.text)), []) if e.id not in taken]
        if len(same) == 1:
            pair(k, same[0], "text")
    # 4. the closest text, best pairs first
    left = [e for e in prev if e.id not in taken]
    pairs: list[tuple[float, float, int, Expectation]] = []
    for k, it in enumerate(items):
        if k in matches:
            continue
        mine = _words(it.text)
        sm = difflib.SequenceMatcher(None, autojunk=False)
        sm.set_seq2(mine)
        for e in left:
            sm.set_seq1(_words(e.text))
            if sm.real_quick_ratio() < SIMILAR or sm.quick_ratio() < SIMILAR:
                continue
            ratio = sm.ratio()
            if ratio < SIMILAR:
                continue
            old_area = area_of.get(it.area)
            bonus = 0.05 * (e.level == it.level) + 0.05 * (
                old_area is not None and e.area == old_area.id
            )
            pairs.append((ratio + bonus, ratio, k, e))
    pairs.sort(key=lambda p: (-p[0], p[2], p[3].id))
    for _, ratio, k, e in pairs:
        if k not in matches and e.id not in taken:
            pair(k, e, "similar", ratio)
    # Areas not matched by id or name follow most of their lines.
    for area in draft.areas:
        if area.id in area_of:
            continue
        votes = Counter(
            matches[k][0].area for k, it in enumerate(items) if it.area == area.id and k in matches
        )
        count = sum(1 for it in items if it.area == area.id)
        if votes:
            old_id, votes_for = votes.most_common(1)[0]
            old = prev_areas[old_id]
            if 2 * votes_for >= count and old not in area_of.values():
                area_of[area.id] = old
    return matches, area_of
