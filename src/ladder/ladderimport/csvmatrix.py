"""A CSV matrix: one row per expectation.

Columns (a header row, names in any case and order): ``area``, ``level``, ``expectation``
(required), and ``markers``, ``actions``, ``id``, ``area_description`` (optional). The field
separator is ``,`` — or ``;`` or a tab when the header line has one of those and no comma.
A markers or actions cell holds several items separated by ``|``; a cell without ``|`` is
split at ``;``; a line break inside a quoted cell separates items too.

Areas and levels are named in their cells (``System design``; the id is made from the name:
``system-design``). Levels are in the order they first appear, unless ``levels`` gives the
order. An ``id`` cell is the expectation's own key (``tradeoffs`` → ``system-design.tradeoffs``);
without one, the id is made from the line's first words and ``--update`` keeps earlier ids.
"""

from __future__ import annotations

import csv
import io
import re

from ladder.errors import LocatedError
from ladder.ladderimport.draft import (
    MAX_ITEMS,
    AreaDraft,
    Draft,
    Item,
    LevelDraft,
    clean,
    slug,
    text_name,
)

REQUIRED = ("area", "level", "expectation")
OPTIONAL = ("markers", "actions", "id", "area_description")
_SYNONYMS = {
    "text": "expectation",
    "marker": "markers",
    "action": "actions",
    "description": "area_description",
}


def split_cell(cell: str) -> list[str]:
    """The items of a markers or actions cell.

    >>> split_cell("Design doc | Review; with notes")
    ['Design doc', 'Review; with notes']
    >>> split_cell("Design doc; Review")
    ['Design doc', 'Review']
    """
    out: list[str] = []
    for line in cell.splitlines():
        sep = "|" if "|" in line else ";"
        out.extend(clean(part) for part in line.split(sep) if clean(part))
    return out


def read(text: str, *, source_name: str, levels: list[str] | None = None) -> Draft:
    """Read a CSV matrix.

    Args:
        text: The CSV.
        source_name: The file, for messages and the ladder's id.
        levels: Level names (or ids) in order, most junior first; default: as first seen.

    Raises:
        LocatedError: A missing column, a row without area, level or expectation, a level not
            among ``levels``, or CSV that does not parse.
    """
    from ladder.ladderimport.files import fail

    first = text.split("\n", 1)[0]
    delimiter = "," if "," in first else ";" if ";" in first else "\t" if "\t" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise LocatedError(source_name, 1, f"not CSV: {exc}") from None
    columns = [
        _SYNONYMS.get(h.strip().lower(), h.strip().lower().replace(" ", "_")) for h in header
    ]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise LocatedError(
            source_name,
            1,
            f"the header has no {', '.join(repr(m) for m in missing)} column "
            f"(found: {', '.join(repr(h) for h in header) or 'nothing'}); a ladder CSV has "
            "the columns area, level, expectation and optionally markers, actions, id",
        )
    index = {c: columns.index(c) for c in (*REQUIRED, *OPTIONAL) if c in columns}
    stem = re.split(r"[\\/]", source_name)[-1].rsplit(".", 1)[0]
    draft = Draft(
        format="csv",
        ladder_id=slug(stem) or "imported",
        name=stem.replace("-", " ").replace("_", " ").strip().title() or "Imported ladder",
        description="",
        levels=[],
        areas=[],
        items=[],
    )
    unknown = [h for h, c in zip(header, columns, strict=True) if c not in index and h.strip()]
    for h in unknown:
        draft.skip_field(f"column {h.strip()!r}", "not one of the columns a ladder CSV has")
    order: dict[str, LevelDraft] = {}
    if levels:
        for name in levels:
            lid = slug(name)
            if lid:
                order.setdefault(lid, LevelDraft(lid, name.strip()))
    areas: dict[str, AreaDraft] = {}
    keys: dict[tuple[str, str], int] = {}
    problems: list[tuple[int | None, str]] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < len(header):
                row = row + [""] * (len(header) - len(row))
            elif len(row) > len(header):
                problems.append(
                    (line, f"{len(row)} cells but the header has {len(header)} columns")
                )
                continue
            cells = {c: row[i] for c, i in index.items()}
            empty = [c for c in REQUIRED if not clean(cells[c])]
            if empty:
                problems.append((line, f"no {' or '.join(empty)} in this row"))
                continue
            area_name, level_name, what = (clean(cells[c]) for c in REQUIRED)
            area_id, level_id = slug(area_name), slug(level_name)
            if not area_id or not level_id:
                problems.append((line, "an area and a level need letters or digits"))
                continue
            if level_id not in order:
                if levels:
                    problems.append(
                        (line, f"level {level_name!r} is not among --levels ({', '.join(levels)})")
                    )
                    continue
                order[level_id] = LevelDraft(level_id, level_name)
            if area_id not in areas:
                areas[area_id] = AreaDraft(area_id, area_name, "", line)
            desc = clean(cells.get("area_description", ""))
            if desc and not areas[area_id].description:
                areas[area_id].description = desc
            if len(draft.items) >= MAX_ITEMS:
                raise LocatedError(
                    source_name,
                    line,
                    f"more than {MAX_ITEMS:,} rows; a ladder holds at most {MAX_ITEMS:,} "
                    "expectations",
                )
            key = slug(cells.get("id", "").strip().rsplit(".", 1)[-1])
            if key and (area_id, key) in keys:
                problems.append(
                    (line, f"id {key!r} repeats in area {area_id!r} (line {keys[(area_id, key)]})")
                )
                continue
            if key:
                keys[(area_id, key)] = line
            draft.items.append(
                Item(
                    area=area_id,
                    level=level_id,
                    text=what,
                    name=key or text_name(what),
                    keyed=bool(key),
                    markers=split_cell(cells.get("markers", "")),
                    actions=split_cell(cells.get("actions", "")),
                    line=line,
                )
            )
    except csv.Error as exc:
        problems.append((reader.line_num, f"not CSV: {exc}"))
    if problems:
        fail(source_name, problems)
    if not draft.items:
        raise LocatedError(source_name, 2, "no rows after the header")
    draft.levels = list(order.values())
    draft.areas = list(areas.values())
    if not levels:
        draft.notes.append(
            "levels are in the order they first appear in the file: "
            + ", ".join(lv.id for lv in draft.levels)
            + " (give --levels to set it)"
        )
    return draft
