"""Rendering documents (packet, brag document, status report) as Markdown, HTML and PDF.

A document is a frozen dataclass (:class:`ladder.packet.Packet`, :class:`ladder.brag.Brag`,
:class:`ladder.report.Report`) with a ``template`` name and a ``charts()`` method. This
module turns it into text through the Jinja2 templates in ``ladder/templates/``:

- **Markdown:** ``<template>.md.j2``; every piece of user text goes through :func:`md`,
  which escapes what Markdown (or the HTML a Markdown renderer lets through) would read as
  markup, so a commit message cannot add a link, a heading or a ``<script>``.
- **HTML:** one self-contained file. ``<template>.html.j2`` renders the body with
  autoescaping on; the body then goes through nh3 (the Rust *ammonia* sanitiser) with a list
  of exactly the tags and attributes the templates use, so even a template mistake cannot let
  a script, an event handler or a ``javascript:`` link through. The charts (SVG made by
  :mod:`ladder.charts`, which escapes its labels) are put into their slots after that, and
  the CSS (``style.css``) is inlined. No fonts, scripts or images are fetched.
- **PDF:** the same HTML, printed by WeasyPrint with a URL fetcher that refuses every
  request, so printing works offline and reads nothing but the document.

Text helpers used by every document live here too: :func:`sentence` (a person's text as a
clean sentence, with no words added), :func:`safe_url` and :func:`md`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol
from urllib.parse import urlsplit

from ladder.errors import InputError
from ladder.mapping.text import drop_patch_labels

if TYPE_CHECKING:
    import jinja2

FORMATS = ("md", "html", "pdf")

#: Tags and attributes the HTML templates use; nh3 drops everything else.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "article",
    "aside",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "header",
    "hr",
    "i",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "small",
    "span",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "figure": {"data-chart"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}


class Document(Protocol):
    """What :func:`markdown`, :func:`html` and :func:`pdf` render."""

    template: ClassVar[str]

    @property
    def title(self) -> str:
        """The document's title (the HTML ``<title>`` and the PDF's metadata)."""
        ...

    def charts(self) -> dict[str, str]:
        """Chart name → SVG text, for the ``<figure data-chart="name">`` slots."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """The document as JSON-ready data."""
        ...


# -- text -------------------------------------------------------------------------------------
_CONVENTIONAL = re.compile(
    r"^(?:feat|fix|docs|doc|refactor|perf|test|tests|chore|build|ci|style|revert)"
    r"(?:\([^)]{0,40}\))?!?:\s+",
    re.I,
)
_INLINE_TAG = re.compile(r"(?<![\w@])@([A-Za-z0-9][\w.-]*[\w]|[A-Za-z0-9])")
_TRAILING_TAGS = re.compile(r"(?:\s+@[A-Za-z0-9][\w.-]*)+\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_END = ".!?…"
# The first word, when it is a word of letters and digits (with ' or - inside) that starts with
# a letter, followed by a space, punctuation that ends a word, or the end: a sentence may
# capitalise it if it is lower case ("p99 latency" → "P99 latency"). "src/ladder/:", "docs/",
# "config.yaml", "iOS", "npm_install" are left as written.
_FIRST_WORD = re.compile(r"^[^\W\d_][^\W_]*(?:['\u2019-][^\W_]+)*(?=$|[\s,;:!?…)\]]|\.(?:\s|$))")


def plain(text: str | None) -> str:
    """``text`` on one line: control and bidi-override characters dropped, spaces collapsed."""
    if not text:
        return ""
    return " ".join(_INVISIBLE.sub("", _CONTROL.sub(" ", text)).split())


def clip(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters (with ``…``)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:-\u2013\u2014") + "…"


def sentence(text: str | None, *, limit: int = 300) -> str:
    """A person's text as one clean sentence, with no words added.

    Drops trailing ``@tags`` (and the ``@`` of tags inside the text), a Conventional Commits
    prefix (``fix(api):``), a numbered patch (``patch 9.2.0525:``, Vim's), control characters
    and extra spaces; capitalises the first letter
    when the first word is a plain lower-case word (not a path such as ``src/ladder/``, a file
    name, an identifier or a word with capitals of its own, such as ``iOS``),
    and ends with a full stop when the text has no closing punctuation.

    Example:
        >>> sentence("fix(cache): evict stale keys on deploy @oncall")
        'Evict stale keys on deploy.'
        >>> sentence("src/ladder/: 24 commits")
        'src/ladder/: 24 commits.'
    """
    s = plain(text)
    s = _TRAILING_TAGS.sub("", s)
    s = _INLINE_TAG.sub(lambda m: m.group(1), s)
    s = _CONVENTIONAL.sub("", drop_patch_labels(s)).strip(" -\u2013\u2014:;,")
    if not s:
        return ""
    s = clip(s, limit)
    first = s[0].upper()
    word = _FIRST_WORD.match(s)
    if word and word.group(0).islower() and len(first) == 1 and first.lower() == s[0]:
        s = first + s[1:]  # (the micro sign or a sharp s stay as they are)
    if s[-1] not in _END:
        s += "."
    return s


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) or mailto link a document may point at, else None."""
    if not url:
        return None
    value = plain(url)
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme in ("http", "https") and parts.netloc:
        return value
    if parts.scheme == "mailto" and parts.path:
        return value
    return None


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: object) -> str:
    """Escape user text for Markdown: no markup, links, headings or raw HTML survive."""
    s = plain(str(text)) if text is not None else ""
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = re.sub(r"&(?=#?\w+;)", r"\\&", s)  # "&amp;" would be read as an entity
    s = re.sub(r"^(\d+)([.)])", r"\1\\\2", s)  # "1. " at the start would start a list
    s = re.sub(r"#+$", lambda m: "\\#" * len(m.group()), s)  # a heading's closing "#"s
    return re.sub(r"^([-+#=])", r"\\\1", s)  # so would "- " and "+ "; "#" a heading


def md_url(url: str | None) -> str:
    """A safe URL for a Markdown link target (``<…>``-wrapped), or ``""``."""
    value = safe_url(url)
    if not value:
        return ""
    return "<" + value.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"


def day(value: str | dt.date | None) -> str:
    """``2026-11-02`` → ``2 Nov 2026``."""
    if not value:
        return ""
    d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return f"{d.day} {d.strftime('%b')} {d.year}"


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 item``, ``3 items`` (``words`` for irregular plurals)."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


# -- templates --------------------------------------------------------------------------------
@lru_cache(maxsize=2)
def _env(markup: bool) -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ladder", "templates"),
        autoescape=markup,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    from ladder.report import kind_name

    env.filters.update(
        md=md,
        md_url=md_url,
        day=day,
        safe_url=safe_url,
        plural=plural,
        sentence=sentence,
        kind=kind_name,
    )
    env.globals.update(plural=plural)
    return env


def _css() -> str:
    from importlib import resources

    return resources.files("ladder").joinpath("templates", "style.css").read_text(encoding="utf-8")


def markdown(doc: Document) -> str:
    """The document as Markdown."""
    text = _env(False).get_template(f"{doc.template}.md.j2").render(doc=doc, charts={})
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


@lru_cache(maxsize=1)
def _cleaner() -> Any:
    import nh3

    options: dict[str, Any] = {
        "tags": ALLOWED_TAGS,
        "attributes": ALLOWED_ATTRIBUTES,
        "url_schemes": URL_SCHEMES,
        "link_rel": None,
    }
    if hasattr(nh3, "Cleaner"):
        return nh3.Cleaner(**options).clean
    return lambda text: nh3.clean(text, **options)


def sanitise(fragment: str) -> str:
    """Keep only the tags, attributes and URL schemes the document templates use."""
    return str(_cleaner()(fragment))


def html(doc: Document, *, print_: bool = False) -> str:
    """The document as one self-contained HTML file (CSS inlined, charts as inline SVG).

    Args:
        doc: The document.
        print_: Lay it out for paper (WeasyPrint): page headers, footers and breaks.
    """
    charts = doc.charts()
    body = (
        _env(True)
        .get_template(f"{doc.template}.html.j2")
        .render(doc=doc, print=print_, charts=charts)
    )
    body = sanitise(body)
    for name, svg in charts.items():  # a slot may hold a <figcaption>; the chart goes first
        slot = f'<figure class="chart" data-chart="{escape(name)}">'
        body = body.replace(slot, slot + svg, 1)
    page = _env(True).get_template("page.html.j2")
    from markupsafe import Markup

    return page.render(
        title=doc.title,
        css=Markup(_css()),
        body=Markup(body),
        print=print_,
        kind=doc.template,
    )


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"ladder documents fetch nothing (refused {url[:80]!r})")


def pdf(doc: Document) -> bytes:
    """The document as PDF bytes (WeasyPrint; nothing is fetched, fonts are the system's)."""
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    text = html(doc, print_=True)
    data = weasyprint.HTML(string=text, url_fetcher=_no_fetch, base_url=None).write_pdf()
    assert data is not None
    return bytes(data)


def render(doc: Document, fmt: str) -> str | bytes:
    """The document in ``fmt``: ``md`` and ``html`` give text, ``pdf`` gives bytes.

    Raises:
        InputError: An unknown format.
    """
    if fmt == "md":
        return markdown(doc)
    if fmt == "html":
        return html(doc)
    if fmt == "pdf":
        return pdf(doc)
    raise InputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


#: File extensions and the format each names.
EXTENSIONS = {
    "md": "md",
    "markdown": "md",
    "html": "html",
    "htm": "html",
    "pdf": "pdf",
    "json": "json",
}
_FORMAT_NAMES = {"md": "Markdown", "html": "HTML", "pdf": "PDF", "json": "JSON"}


def format_for(
    fmt: str | None, output: str | Path | None, *, allowed: tuple[str, ...] = FORMATS
) -> str:
    """The format to write: ``fmt`` if given, else the output file's extension, else the first
    of ``allowed`` (``md``).

    The extensions read are ``.md`` (``.markdown``), ``.html`` (``.htm``), ``.pdf`` and
    ``.json``; a file with another extension (``notes.txt``) says nothing about its format.

    Raises:
        InputError: ``fmt`` is not one of ``allowed``; ``fmt`` and the file's extension name
            different formats (``--format md -o packet.pdf``); or the extension names a
            format that is not allowed.
    """
    named: str | None = None
    suffix = ""
    if output is not None and str(output) != "-":
        suffix = Path(output).suffix.lower().lstrip(".")
        named = EXTENSIONS.get(suffix)
    if fmt:
        value = fmt.strip().lower().lstrip(".")
        value = EXTENSIONS.get(value, value)
        if value not in allowed:
            raise InputError(f"unknown format {fmt!r}: use one of {', '.join(allowed)}")
        if named and named != value:
            assert output is not None
            name = Path(output).name
            what = _FORMAT_NAMES.get(value, value)
            raise InputError(
                f"{name} ends in .{suffix}, but the format asked for is {what}: "
                "the file would not hold what its name says",
                hint=f"name the file {Path(name).stem}.{value}, or leave out the format "
                "(--format, --json) and the extension chooses it",
            )
        return value
    if named is not None:
        if named not in allowed:
            raise InputError(
                f"cannot write {_FORMAT_NAMES[named]} here: use one of {', '.join(allowed)}"
            )
        return named
    return allowed[0]


def check_writable(output: str | Path) -> Path:
    """Check, before any work, that ``output`` can be written; return it as a Path.

    Raises:
        InputError: It is a folder, its folder does not exist, or it cannot be written.
    """
    import os

    path = Path(output).expanduser()
    if path.is_dir():
        raise InputError(
            f"cannot write {path}: it is a folder", hint="give a file name, e.g. -o packet.html"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(
            f"cannot write {path}: the folder {folder} does not exist",
            hint="create it first, or write somewhere else",
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise InputError(f"cannot write {path}: permission denied")
    if not path.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cannot write {path}: the folder {folder} is not writable")
    return path


def write(output: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``output`` whole or not at all (a temporary file, then a rename).

    Raises:
        InputError: The file cannot be written; nothing is left behind.
    """
    import os
    import tempfile

    path = check_writable(output)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {exc.strerror}") from exc
    return path


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "Document",
    "check_writable",
    "clip",
    "day",
    "format_for",
    "html",
    "markdown",
    "md",
    "md_url",
    "pdf",
    "plain",
    "plural",
    "render",
    "safe_url",
    "sanitise",
    "sentence",
    "write",
]
