"""Monzo's progression framework (``frameworks/**/*.md``): Markdown with YAML front matter.

The front matter holds ``title``, ``levels`` (how many) and ``topics``: each a ``name``, a
``title`` and ``content`` per ``level`` with ``criteria`` (lines) and ``exampleCriteria``
(a line with its ``examples``). Topics become areas, each criterion an expectation (examples
its markers), levels ``level-1`` … ``level-N``. The lines have no ids: an id is made from
the line's first meaningful words, and ``--update`` keeps earlier ids when Monzo rewords a
line. A topic's ``description`` (older files have one), else the body's "- Name - what it
means" line, gives the area its description.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from ladder.errors import LocatedError
from ladder.ladderimport.draft import AreaDraft, Draft, Item, LevelDraft, clean, slug, text_name

_CLOSE = re.compile(r"^---[ \t]*$", re.M)
_BULLET = re.compile(r"^[-*]\s+(?P<name>[^\n]+?)\s+[-\u2013\u2014]\s+(?P<text>[^\n]+)$", re.M)
_EMOJI = re.compile(r"^[^\w(]+", re.UNICODE)
#: Front-matter keys the site uses to build pages; nothing of a ladder.
_SITE_KEYS = ("path", "sidebarTitle", "sidebarGroup", "yaml", "homepage")


def read(text: str, *, source_name: str) -> Draft:
    """Read one Monzo framework file.

    Raises:
        LocatedError: No front matter, front matter that is not YAML, or no ``topics``.
    """
    from ladder.ladderimport.files import fail, parse_yaml

    if not re.match(r"\A---[ \t]*\r?\n", text):
        raise LocatedError(
            source_name,
            1,
            "no front matter: a Monzo framework file starts with a `---` line, then YAML "
            "with `topics:`, then `---`",
        )
    body_start = text.index("\n") + 1
    close = _CLOSE.search(text, body_start)
    if close is None:
        raise LocatedError(
            source_name,
            text.count("\n") + 1,
            "the front matter is not closed: no `---` line after the YAML",
        )
    front = text[body_start : close.start()]
    body = text[close.end() :]
    data, at = parse_yaml(front, source_name=source_name, first_line=2)

    if not isinstance(data, dict) or not isinstance(data.get("topics"), list) or not data["topics"]:
        why = "the front matter has no `topics:` list"
        if isinstance(data, dict) and data.get("yaml") is False:
            why += " (`yaml: false`: this framework's levels are written as Markdown, not read)"
        raise LocatedError(source_name, at(), why)
    problems: list[tuple[int | None, str]] = []
    title = (
        clean(_EMOJI.sub("", str(data.get("title") or "")).strip())
        or PurePath(source_name).stem.title()
    )
    count = data.get("levels")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
        problems.append((at("levels"), f"`levels:` must be a whole number, not {count!r}"))
        count = None
    described = {slug(m["name"]): clean(m["text"]) for m in _BULLET.finditer(body)}
    draft = Draft(
        format="monzo",
        ladder_id=slug(f"monzo {PurePath(str(data.get('path') or source_name)).name}"),
        name=f"{title} (Monzo)",
        description="",
        levels=[],
        areas=[],
        items=[],
    )
    seen_levels: set[int] = set()
    area_ids: set[str] = set()
    for ti, topic in enumerate(data["topics"]):
        if not isinstance(topic, dict) or not topic.get("name"):
            problems.append((at("topics", ti), "a topic needs a `name:`"))
            continue
        area_id = slug(str(topic["name"]))
        if not area_id or area_id in area_ids:
            problems.append((at("topics", ti, "name"), f"topic name {topic['name']!r} repeats"))
            continue
        area_ids.add(area_id)
        name = (
            clean(_EMOJI.sub("", str(topic.get("title") or "")).strip())
            or str(topic["name"]).replace("-", " ").title()
        )
        own = clean(str(topic.get("description") or ""))
        draft.areas.append(
            AreaDraft(
                area_id, name, own or _description(area_id, name, described), at("topics", ti)
            )
        )
        for key in topic:
            if key not in ("name", "title", "description", "content"):
                draft.skip_field(f"topics.{key}", "not part of Monzo's framework format")
        content = topic.get("content") or []
        if not isinstance(content, list):
            problems.append((at("topics", ti, "content"), "`content:` must be a list of levels"))
            continue
        for ci, block in enumerate(content):
            where = ("topics", ti, "content", ci)
            level = block.get("level") if isinstance(block, dict) else None
            if not isinstance(level, int) or isinstance(level, bool) or level < 1:
                problems.append((at(*where), "each entry of `content:` needs a `level:` number"))
                continue
            if count is not None and level > count:
                problems.append((at(*where, "level"), f"level {level} is above `levels: {count}`"))
                continue
            seen_levels.add(level)
            for k, line in enumerate(block.get("criteria") or []):
                if not isinstance(line, str) or not clean(line):
                    problems.append(
                        (at(*where, "criteria", k), "a criterion must be a line of text")
                    )
                    continue
                draft.items.append(
                    _item(area_id, level, clean(line), [], at(*where, "criteria", k))
                )
            for k, ex in enumerate(block.get("exampleCriteria") or []):
                crit = ex.get("criteria") if isinstance(ex, dict) else None
                if not isinstance(crit, str) or not clean(crit):
                    problems.append(
                        (at(*where, "exampleCriteria", k), "an example criterion needs `criteria:`")
                    )
                    continue
                markers = [clean(str(m)) for m in ex.get("examples") or [] if clean(str(m))]
                draft.items.append(
                    _item(area_id, level, clean(crit), markers, at(*where, "exampleCriteria", k))
                )
            for key in block:
                if key not in ("level", "criteria", "exampleCriteria"):
                    draft.skip_field(f"content.{key}", "not part of Monzo's framework format")
    if problems:
        fail(source_name, problems)
    top = count or max(seen_levels, default=0)
    draft.levels = [LevelDraft(f"level-{n}", f"Level {n}") for n in range(1, top + 1)]
    for key in _SITE_KEYS:
        if key in data:
            draft.skip_field(key, "how Monzo's site shows the page; not part of a ladder")
    if body.strip():
        draft.notes.append(
            "the Markdown after the front matter is not carried over (it explains the "
            "framework); its '- Name - meaning' list gave the areas their descriptions"
        )
    draft.notes.append(
        "Monzo's sub-levels (A to E within a level) are not in the file, so not in the ladder"
    )
    return draft


def _item(area: str, level: int, text: str, markers: list[str], line: int | None) -> Item:
    return Item(
        area=area,
        level=f"level-{level}",
        text=text,
        name=text_name(text),
        keyed=False,
        markers=markers,
        line=line,
    )


def _description(area_id: str, name: str, described: dict[str, str]) -> str:
    """The body's line about this topic: the bullet whose name starts like the topic's."""
    for key in (area_id, slug(name)):
        if key in described:
            return described[key]
    for bullet, text in described.items():
        if bullet[:4] == area_id[:4] or bullet[:4] == slug(name)[:4]:
            return text
    return ""
