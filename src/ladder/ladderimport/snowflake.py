"""Medium's snowflake (``constants.js``): tracks, each with five milestones.

``export const tracks = {MOBILE: {displayName, category, description, milestones: [{summary,
signals, examples}, …]}, …}`` is read as data by :mod:`ladder.ladderimport.jsliteral`; no
JavaScript is run. Tracks become areas (``WEB_CLIENT`` → ``web-client``), milestones levels
``milestone-1`` … ``milestone-5``, each milestone's summary an expectation
(``mobile.milestone-1``) with its signals and examples as markers.
"""

from __future__ import annotations

from typing import Any

from ladder.errors import LocatedError
from ladder.ladderimport.draft import AreaDraft, Draft, Item, LevelDraft, clean, slug
from ladder.ladderimport.jsliteral import JSProblem, find_literal


def read(text: str, *, source_name: str) -> Draft:
    """Read snowflake's ``constants.js``.

    Raises:
        LocatedError: Not JavaScript, no ``tracks`` literal, or a track without milestones.
    """
    from ladder.ladderimport.files import fail

    looks = _not_javascript(text)
    if looks is not None:
        raise LocatedError(source_name, looks[0], f"not JavaScript: {looks[1]}")
    try:
        tracks, line = find_literal(text, "tracks")
    except JSProblem as exc:
        reason = exc.reason
        if exc.reason.startswith("no `const tracks"):
            reason += " (snowflake's constants.js declares `export const tracks = {…}`)"
        else:
            reason = f"not JavaScript ladder can read: {reason}"
        raise LocatedError(source_name, exc.line, reason) from None
    if not isinstance(tracks, dict) or not tracks:
        raise LocatedError(source_name, line, "`tracks` must be an object with at least one track")
    problems: list[tuple[int | None, str]] = []
    lines = _track_lines(text, tracks)
    draft = Draft(
        format="snowflake",
        ladder_id="snowflake",
        name="Snowflake (Medium)",
        description="Medium's engineering growth framework: tracks in four categories, "
        "each with five milestones.",
        levels=[],
        areas=[],
        items=[],
    )
    most = 0
    for key, track in tracks.items():
        where = lines.get(key, line)
        if not isinstance(track, dict) or not isinstance(track.get("milestones"), list):
            problems.append((where, f"track {key!r} has no `milestones` list"))
            continue
        area = slug(key)
        if not area:
            problems.append((where, f"track key {key!r} has no letters or digits"))
            continue
        draft.areas.append(
            AreaDraft(
                area,
                clean(str(track.get("displayName") or key.replace("_", " ").title())),
                clean(str(track.get("description") or "")),
                where,
            )
        )
        if "category" in track:
            draft.skip_field(
                "category",
                "snowflake groups tracks in categories A to D for its points chart; a ladder has "
                "no categories",
            )
        milestones: list[Any] = track["milestones"]
        most = max(most, len(milestones))
        for n, ms in enumerate(milestones, start=1):
            if (
                not isinstance(ms, dict)
                or not isinstance(ms.get("summary"), str)
                or not clean(ms["summary"])
            ):
                problems.append((where, f"track {key!r} milestone {n} has no `summary`"))
                continue
            markers = [
                clean(str(x))
                for k in ("signals", "examples")
                for x in (ms.get(k) or [])
                if clean(str(x))
            ]
            draft.items.append(
                Item(
                    area=area,
                    level=f"milestone-{n}",
                    text=clean(ms["summary"]),
                    name=f"milestone-{n}",
                    keyed=True,
                    markers=markers,
                    line=where,
                )
            )
    if problems:
        fail(source_name, problems)
    draft.levels = [LevelDraft(f"milestone-{n}", f"Milestone {n}") for n in range(1, most + 1)]
    draft.notes.append(
        "snowflake's titles (Engineer I … Principal Engineer, Group Lead …) come from points "
        "summed over all tracks, not from one milestone; they are not carried over, and "
        "the levels are the milestones 1 to 5"
    )
    return draft


def _track_lines(text: str, tracks: dict[str, Any]) -> dict[str, int]:
    """The line each track's key is on (the literal's parser keeps values, not places)."""
    import re

    out: dict[str, int] = {}
    start = 0
    for key in tracks:
        m = re.compile(rf"""["']?{re.escape(key)}["']?\s*:\s*\{{""").search(text, start)
        if m:
            out[key] = text.count("\n", 0, m.start()) + 1
            start = m.end()
    return out


def _not_javascript(text: str) -> tuple[int, str] | None:
    """(line, why) when the file's first line of content shows it is something else."""
    import re

    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("//", "/*", "*")):
            continue
        if line.startswith("---"):
            return n, "the file starts with `---`, as YAML and Markdown front matter do"
        if line.startswith("#") and not (n == 1 and line.startswith("#!")):
            return n, "the file starts with `#`, as Markdown headings and YAML comments do"
        if line.startswith("<"):
            return n, "the file starts with `<`, as HTML and XML do"
        if re.match(r"^[A-Za-z_][\w-]*:(?:\s|$)", raw):
            return n, f"line {n} is a YAML key ({line.split(':', 1)[0]}:), not a statement"
        return None
    return None
