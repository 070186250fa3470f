"""Import a public career ladder into ladder's own format (``ladder framework import``).

Formats, one module each: :mod:`~ladder.ladderimport.ft` (the Financial Times' job-family
YAML), :mod:`~ladder.ladderimport.monzo` (Monzo's Markdown with front matter),
:mod:`~ladder.ladderimport.snowflake` (Medium's ``constants.js``, read without running it) and
:mod:`~ladder.ladderimport.csvmatrix` (a CSV matrix). Each reads a file into a
:class:`~ladder.ladderimport.draft.Draft`; :mod:`~ladder.ladderimport.build` settles the ids
(``--update`` keeps earlier ones), writes the ladder file, checks it with
:func:`ladder.framework.check` and counts what was read, written and left out.

Example:
    >>> from ladder.ladderimport import import_file
    >>> result = import_file("engineering.yml", "auto")  # doctest: +SKIP
    >>> result.report.total_read == result.report.total_written  # doctest: +SKIP
    True
"""

from __future__ import annotations

from pathlib import Path

from ladder.ladderimport.build import Report, Result, build
from ladder.ladderimport.files import FORMATS, detect, read_source

__all__ = ["FORMATS", "Report", "Result", "import_file"]


def import_file(
    path: str | Path,
    fmt: str = "auto",
    *,
    previous: str | Path | None = None,
    ladder_id: str | None = None,
    name: str | None = None,
    version: str | None = None,
    levels: list[str] | None = None,
) -> Result:
    """Read ``path`` in format ``fmt`` (or ``auto``) and make a ladder file of it.

    Args:
        path: The source file.
        fmt: ``ft``, ``monzo``, ``snowflake``, ``csv`` or ``auto`` (from content, then extension).
        previous: An earlier ladder file whose ids to keep (``--update``).
        ladder_id: The ladder's id (default: from the source).
        name: The ladder's name (default: from the source).
        version: The ladder's version (default: ``1``, or the previous version raised by one).
        levels: For a CSV: the level names in order.

    Raises:
        InputError: The file cannot be read, or the options are wrong.
        LocatedError: The file is not what the format says (file, line, reason).
    """
    from ladder import framework
    from ladder.errors import InputError
    from ladder.ladderimport import csvmatrix, ft, monzo, snowflake

    source = str(path)
    prev = framework.load_file(previous) if previous is not None else None
    text = read_source(path)
    chosen = detect(text, source) if fmt == "auto" else fmt
    if chosen not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}, auto")
    if levels and chosen != "csv":
        raise InputError("--levels is for a CSV matrix; the other formats name their levels")
    if chosen == "ft":
        draft = ft.read(text, source_name=source)
    elif chosen == "monzo":
        draft = monzo.read(text, source_name=source)
    elif chosen == "snowflake":
        draft = snowflake.read(text, source_name=source)
    else:
        draft = csvmatrix.read(text, source_name=source, levels=levels)
    return build(
        draft,
        source_name=source,
        previous=prev,
        previous_name=str(previous or ""),
        ladder_id=ladder_id,
        name=name,
        version=version,
    )
