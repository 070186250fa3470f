"""Document templates that carry the questions a senior reviewer asks.

Each template is a Markdown file in ``ladder/designdoc/templates/`` with YAML front matter
(``kind``, ``title``...) and one HTML comment per section holding the prompts. The checker
treats a section that holds only comments as unfilled, so a fresh template scores close to
zero until its sections are answered.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ladder.clock import SYSTEM
from ladder.designdoc.rubric import KINDS
from ladder.errors import InputError

_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
MAX_SLUG = 60


def slugify(title: str) -> str:
    """Turn a title into a file-name slug: ``Payment retries (v2)`` → ``payment-retries-v2``.

    Raises:
        InputError: The title has no letter or digit to build a name from.
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    slug = slug[:MAX_SLUG].rstrip("-")
    if not slug:
        raise InputError(
            f"cannot make a file name from the title {title!r}; give a title with letters or digits, or pass -o PATH"
        )
    return slug


def template_source(kind: str) -> str:
    """Return the raw template text for ``kind`` (one of ``KINDS``)."""
    if kind not in KINDS:
        raise InputError(f"unknown document kind {kind!r}; choose one of: {', '.join(KINDS)}")
    return (
        resources.files("ladder.designdoc").joinpath("templates", f"{kind}.md").read_text("utf-8")
    )


@lru_cache(maxsize=1)
def template_prompts() -> tuple[str, ...]:
    """Every prompt written in the bundled templates (used to spot unfilled sections)."""
    prompts: list[str] = []
    for kind in KINDS:
        for match in _COMMENT.finditer(template_source(kind)):
            prompts.append(" ".join(match.group(1).split()))
    return tuple(prompts)


def check_title(title: str) -> str:
    """Return the title stripped, or raise InputError when it is empty or spans lines."""
    clean = title.strip()
    if not clean:
        raise InputError('the title is empty; give the document a title, e.g. "Payment retries"')
    if "\n" in clean or "\r" in clean:
        raise InputError("the title must fit on one line")
    return clean


def render(
    kind: str, title: str, *, date: dt.date | None = None, filename: str | None = None
) -> str:
    """Fill a template.

    Args:
        kind: One of ``KINDS``.
        title: Document title (one line).
        date: Date written into the front matter; today when None.
        filename: Name used in the prompt that explains how to check the file.

    Returns:
        The document text.

    Raises:
        InputError: Unknown kind, or an empty or multi-line title.
    """
    clean = check_title(title)
    text = template_source(kind)
    values = {
        "title": clean,
        "title_yaml": json.dumps(clean, ensure_ascii=False),
        "date": (date or SYSTEM.today()).isoformat(),
        "filename": filename or f"{slugify(clean)}.md",
    }
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def default_path(title: str, *, directory: Path | None = None) -> Path:
    """Where ``ladder doc new`` writes by default: ``<directory or .>/<slug>.md``."""
    return (directory or Path(".")) / f"{slugify(title)}.md"


def write(
    kind: str,
    title: str,
    *,
    path: str | Path | None = None,
    force: bool = False,
    date: dt.date | None = None,
) -> Path:
    """Write a new document from a template.

    Args:
        kind: One of ``KINDS``.
        title: Document title.
        path: Target file, or a directory to write ``<slug>.md`` into (an existing
            directory, or a string ending in ``/``); ``./<slug>.md`` when None. Missing
            parent directories are created.
        force: Overwrite an existing file.
        date: Date for the front matter; today when None.

    Returns:
        The path written.

    Raises:
        InputError: The file exists (and ``force`` is false), the target is not writable,
            or the kind or title is not acceptable.
    """
    check_title(title)
    if path is None:
        target = default_path(title)
    elif Path(path).is_dir() or (isinstance(path, str) and path.endswith(("/", os.sep))):
        target = default_path(title, directory=Path(path))
    else:
        target = Path(path)
    text = render(kind, title, date=date, filename=target.name)
    if target.is_dir():
        raise InputError(f"{target} is a directory")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = "w" if force else "x"
        with target.open(mode, encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        raise InputError(
            f"{target} already exists; choose another path with -o, or pass --force to overwrite it"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None
    return Path(os.path.normpath(target))
