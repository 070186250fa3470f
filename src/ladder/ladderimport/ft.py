"""The Financial Times' engineering-progression job families (``data/job-families/*.yml``).

A job family is YAML: ``name``, ``summary``, ``levels`` (id, name), ``themes`` (id, name,
summary) and ``competencies`` (a UUID ``id``, ``level``, ``theme``, ``summary``,
``proficiency``; the legacy files add ``examples`` and ``supportingUrls``). Themes become
areas, competencies expectations with the id ``THEME.FIRST-8-CHARACTERS-OF-THE-UUID``
(the whole UUID if two share the first eight), examples markers, supporting links actions.
"""

from __future__ import annotations

import re
from collections import Counter

from ladder.errors import LocatedError
from ladder.ladderimport.draft import AreaDraft, Draft, Item, LevelDraft, clean, slug, unwrap

#: Level ids that name one of two parallel tracks at the same grade.
_TRACK = re.compile(r"^(?P<grade>.+)-(?P<track>ic|pm|em|mgr|manager)$")


def read(text: str, *, source_name: str) -> Draft:
    """Read an FT job-family file.

    Raises:
        LocatedError: It is not YAML, or not a job family (every problem found, the first
            one's line in the message).
    """
    from ladder.ladderimport.files import parse_yaml

    data, at = parse_yaml(text, source_name=source_name)
    problems: list[tuple[int | None, str]] = []

    if not isinstance(data, dict) or not isinstance(data.get("competencies"), list):
        raise LocatedError(
            source_name,
            at(),
            "not an FT job family: it has no `competencies:` list "
            "(expected name, levels, themes and competencies, as in "
            "data/job-families/engineering.yml)",
        )
    for key in ("levels", "themes"):
        if not isinstance(data.get(key), list) or not data[key]:
            problems.append((at(key), f"`{key}:` must be a list with at least one entry"))
    if problems:
        _fail(source_name, problems)
    levels: list[LevelDraft] = []
    for i, lv in enumerate(data["levels"]):
        lid = lv.get("id") if isinstance(lv, dict) else None
        if not isinstance(lid, str) or not slug(lid):
            problems.append((at("levels", i), "a level needs an `id:`"))
            continue
        levels.append(LevelDraft(slug(lid), clean(str(lv.get("name") or lid))))
    areas: list[AreaDraft] = []
    theme_ids: dict[str, str] = {}
    for i, th in enumerate(data["themes"]):
        tid = th.get("id") if isinstance(th, dict) else None
        if not isinstance(tid, str) or not slug(tid):
            problems.append((at("themes", i), "a theme needs an `id:`"))
            continue
        theme_ids[tid] = slug(tid)
        areas.append(
            AreaDraft(
                slug(tid),
                clean(str(th.get("name") or tid)),
                unwrap(str(th.get("summary") or "")),
                at("themes", i),
            )
        )
    level_ids = {lv.id for lv in levels}
    name = clean(str(data.get("name") or "Engineering"))
    draft = Draft(
        format="ft",
        ladder_id=slug(f"ft {name}"),
        name=f"{name} (Financial Times)",
        description=unwrap(str(data.get("summary") or "")),
        levels=levels,
        areas=areas,
        items=[],
    )
    uuids: list[str] = []
    for i, comp in enumerate(data["competencies"]):
        line = at("competencies", i)
        if not isinstance(comp, dict):
            problems.append((line, "a competency must be a mapping (id, level, theme, summary)"))
            continue
        missing = [k for k in ("id", "level", "theme", "summary") if not comp.get(k)]
        if missing:
            problems.append(
                (line, f"competency #{i + 1} has no {', '.join(f'`{m}:`' for m in missing)}")
            )
            continue
        cid, level, theme, summary = (str(comp[k]) for k in ("id", "level", "theme", "summary"))
        if not slug(cid):
            problems.append(
                (at("competencies", i, "id"), f"competency id {cid!r} has no letters or digits")
            )
            continue
        if slug(level) not in level_ids:
            problems.append(
                (at("competencies", i, "level"), f"level {level!r} is not among the `levels:`")
            )
            continue
        if theme not in theme_ids:
            problems.append(
                (at("competencies", i, "theme"), f"theme {theme!r} is not among the `themes:`")
            )
            continue
        uuids.append(slug(cid))
        markers = [clean(str(x)) for x in comp.get("examples") or [] if clean(str(x))]
        actions = []
        for link in comp.get("supportingUrls") or []:
            if isinstance(link, dict) and link.get("url"):
                label = clean(str(link.get("label") or "")).rstrip(".")
                actions.append(f"Read {label}: {link['url']}" if label else f"Read {link['url']}")
        if comp.get("proficiency"):
            draft.skip_field(
                "proficiency",
                "the ladder format has no field for a proficiency grade "
                "(Awareness … Expert); the level carries it",
            )
        draft.items.append(
            Item(
                area=theme_ids[theme],
                level=slug(level),
                text=unwrap(summary),
                name=slug(cid),
                keyed=True,
                markers=markers,
                actions=actions,
                line=line,
            )
        )
    if problems:
        _fail(source_name, problems)
    for key in data:
        if key in ("googleSheetId", "isLegacy"):
            draft.skip_field(key, "where the FT publishes the family; not part of a ladder")
    short = {u: u[:8].rstrip("-") for u in uuids}
    clash = {p for p, n in Counter(short.values()).items() if n > 1}
    for item in draft.items:
        if short[item.name] not in clash:
            item.name = short[item.name]
    draft.notes.extend(parallel_tracks(levels))
    return draft


def parallel_tracks(levels: list[LevelDraft]) -> list[str]:
    """A note for levels that are parallel tracks of one grade (senior-2-ic / senior-2-pm)."""
    grades: dict[str, list[str]] = {}
    for lv in levels:
        m = _TRACK.match(lv.id)
        if m:
            grades.setdefault(m["grade"], []).append(lv.id)
    pairs = [" / ".join(ids) for ids in grades.values() if len(ids) > 1]
    if not pairs:
        return []
    return [
        "parallel tracks ("
        + "; ".join(pairs)
        + ") are carried as separate levels in the source's order: the ladder format has no "
        "tracks yet, so a level comes after its sibling track's level"
    ]


def _fail(source_name: str, problems: list[tuple[int | None, str]]) -> None:
    from ladder.ladderimport.files import fail

    fail(source_name, problems)
