"""Read a Markdown or reStructuredText document into sections and blocks.

The checker never looks at raw text alone: it works on a :class:`Document`, a flat list of
:class:`Section` objects (heading, level, line) each holding the :class:`Block` objects
written under it (paragraphs, list items, table rows, code blocks, comments). Line numbers
are 1-based and count from the top of the file, front matter included, so a finding can
point at the line a person sees in their editor.

Markdown is parsed with markdown-it-py (CommonMark plus tables), reStructuredText with
docutils (with file inclusion and raw output switched off). Both are imported lazily.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal

from ladder.errors import InputError, LocatedError

Format = Literal["markdown", "rst"]
BlockKind = Literal["paragraph", "item", "row", "code", "comment"]

RST_SUFFIXES = frozenset({".rst", ".rest"})
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$", re.M)
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}\s", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Block:
    """One unit of content under a heading.

    Attributes:
        kind: ``paragraph``, ``item`` (a list item's own text), ``row`` (a table row),
            ``code`` (a fenced, indented or literal block) or ``comment``.
        text: Plain text; inline code keeps its backticks so checks can see commands.
        line: 1-based line in the file.
        depth: Nesting depth for list items (0 = top level).
        ordered: Whether a list item belongs to a numbered list.
        cells: The cells of a table row.
        header: Whether a table row is the header row.
        lead: Bold text that opens the block (``**Option A**: ...``), if any.
        emphasis_only: The whole paragraph is italic (a typical written prompt).
    """

    kind: BlockKind
    text: str
    line: int
    depth: int = 0
    ordered: bool = False
    cells: tuple[str, ...] = ()
    header: bool = False
    lead: str | None = None
    emphasis_only: bool = False


@dataclass
class Section:
    """A heading and the blocks directly under it (not those of its subsections).

    Attributes:
        title: Heading text.
        level: 1 for the top level (``#`` or the first RST adornment style), and so on.
        line: 1-based line of the heading.
        index: Position in :attr:`Document.sections`.
        blocks: Content written directly under the heading.
    """

    title: str
    level: int
    line: int
    index: int
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    """A parsed document.

    Attributes:
        format: ``markdown`` or ``rst``.
        sections: Every heading in order (a flat list; see :meth:`subtree`).
        preamble: Blocks before the first heading.
        meta: Front matter (YAML for Markdown, a leading field list for RST).
        title: From ``title`` in the front matter, else the single top-level heading.
        title_section: Index of the heading used as the document title, if any.
        path: Where the text came from, if known.
    """

    format: Format
    sections: list[Section]
    preamble: list[Block]
    meta: dict[str, Any]
    title: str | None
    title_section: int | None
    path: str | None = None

    def subtree(self, section: Section) -> list[Section]:
        """Return ``section`` followed by all of its subsections."""
        return self.sections[section.index : self.subtree_end(section)]

    def subtree_end(self, section: Section) -> int:
        """Index just past the last subsection of ``section``."""
        ends = self.__dict__.get("_ends")
        if ends is None or len(ends) != len(self.sections):
            ends = [len(self.sections)] * len(self.sections)
            stack: list[Section] = []
            for sec in self.sections:
                while stack and stack[-1].level >= sec.level:
                    ends[stack.pop().index] = sec.index
                stack.append(sec)
            self.__dict__["_ends"] = ends
        return int(ends[section.index])

    def contains(self, outer: Section, inner: Section) -> bool:
        """Whether ``inner`` is ``outer`` or one of its subsections."""
        return outer.index <= inner.index < self.subtree_end(outer)

    def body_sections(self) -> list[Section]:
        """Return every section except the one that only carries the document title."""
        return [s for s in self.sections if s.index != self.title_section]

    def intro(self) -> list[Block]:
        """Return the blocks before the first real section (preamble and title section)."""
        blocks = list(self.preamble)
        if self.title_section is not None:
            blocks.extend(self.sections[self.title_section].blocks)
        return blocks

    def all_blocks(self) -> list[tuple[Section | None, Block]]:
        """Return every block with the section it sits in (None for the preamble)."""
        out: list[tuple[Section | None, Block]] = [(None, b) for b in self.preamble]
        for s in self.sections:
            out.extend((s, b) for b in s.blocks)
        return out

    @property
    def authors(self) -> tuple[str, ...]:
        """Authors named in the front matter (``authors`` or ``author``)."""
        raw = self.meta.get("authors", self.meta.get("author"))
        if raw is None:
            return ()
        if isinstance(raw, str):
            items: list[Any] = [p for p in re.split(r"[,;]| and ", raw)]
        elif isinstance(raw, list):
            items = raw
        else:
            items = [raw]
        names = []
        for item in items:
            if isinstance(item, dict):
                item = item.get("name") or next(iter(item.values()), "")
            name = str(item).strip()
            if name:
                names.append(name)
        return tuple(names)


def guess_format(text: str, path: str | None = None) -> Format:
    """Guess the markup of ``text``: the file suffix wins, then the headings used."""
    if path is not None:
        suffix = PurePath(path).suffix.lower()
        if suffix in RST_SUFFIXES:
            return "rst"
        if suffix in {".md", ".markdown", ".mdown", ".mkd"}:
            return "markdown"
    if _MD_HEADING.search(text):
        return "markdown"
    if _RST_UNDERLINE.search(text) and re.search(
        r"^\.\. |^:\w+:|^\S.*\n[=\-~^]{3,}\s*$", text, re.M
    ):
        return "rst"
    return "markdown"


def split_front_matter(text: str, path: str | None = None) -> tuple[dict[str, Any], str, int]:
    """Split YAML front matter from the body.

    Returns:
        The metadata mapping, the body, and how many lines the front matter took (so that
        body line numbers can be shifted back to file line numbers).

    Raises:
        LocatedError: The front matter is not valid YAML or not a mapping.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, 0
    from ladder.loaders import load_yaml

    raw = match.group(1) or ""
    where = path or "<text>"
    try:
        data = load_yaml(raw, source_name=where)
    except LocatedError as exc:  # its lines count from the line after the opening ---
        line = exc.line + 1 if exc.line else 1
        reason = exc.reason.removeprefix("YAML syntax error: ").removeprefix("YAML error: ")
        raise LocatedError(where, line, f"front matter is not valid YAML ({reason})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LocatedError(where, 1, "front matter must be a YAML mapping (key: value lines)")
    consumed = match.group(0)
    return {str(k).lower(): v for k, v in data.items()}, text[len(consumed) :], consumed.count("\n")


#: A header of "Name: value" lines, as a Python Enhancement Proposal starts ("PEP: 670",
#: "Title: …", "Author: …"), continued on indented lines, up to the first blank line. Each
#: line reads one way only (a continuation is "one blank, then the rest"; the lines are taken
#: possessively), so a header not followed by a blank line fails in linear time.
_HEADER = re.compile(r"\A(?:[A-Z][A-Za-z-]{0,40}:(?:[ \t][^\n]*)?\n(?:[ \t][^\n]*\n)*+){2,}+(?=\n)")
_HEADER_FIELD = re.compile(r"^([A-Z][A-Za-z-]{0,40}):[ \t]*(.*(?:\n[ \t].*)*)", re.M)


def split_header(body: str) -> tuple[dict[str, Any], str]:
    """A leading header of "Name: value" lines (an enhancement proposal's: "PEP: 670",
    "Title: …") with a ``Title``, as metadata; the body keeps its lines (the header's become
    blank), so line numbers stay those of the file."""
    match = _HEADER.match(body)
    if not match:
        return {}, body
    fields = {
        k.lower(): " ".join(v.split()) for k, v in _HEADER_FIELD.findall(match.group(0))
    }
    if "title" not in fields:
        return {}, body
    header = match.group(0)
    return dict(fields), "\n" * header.count("\n") + body[len(header) :]


def parse(text: str, *, path: str | None = None, format: Format | None = None) -> Document:
    """Parse a Markdown or reStructuredText document.

    Args:
        text: The document.
        path: Where it came from (used for the format guess and in messages).
        format: ``markdown`` or ``rst``; guessed from ``path`` and the text when None.

    Returns:
        The parsed :class:`Document`.

    Raises:
        LocatedError: The YAML front matter is broken.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    meta, body, offset = split_front_matter(text, path)
    fmt = format or guess_format(body, path)
    if fmt == "rst":
        if not meta:
            meta, body = split_header(body)
        sections, preamble, rst_meta = _parse_rst(body, offset)
        for key, value in rst_meta.items():
            meta.setdefault(key, value)
    else:
        sections, preamble = _parse_markdown(body, offset)
    title_section = _title_section(sections)
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        title = sections[title_section].title if title_section is not None else None
    return Document(
        format=fmt,
        sections=sections,
        preamble=preamble,
        meta=meta,
        title=title.strip() if title else None,
        title_section=title_section,
        path=path,
    )


def _title_section(sections: list[Section]) -> int | None:
    """The first heading is the title when it is the only one at the top level."""
    if not sections:
        return None
    first = sections[0]
    top = min(s.level for s in sections)
    if first.level != top:
        return None
    if sum(1 for s in sections if s.level == top) == 1 and len(sections) > 1:
        return 0
    return None


# --- Markdown -------------------------------------------------------------------------------


def _inline(token: Any) -> tuple[str, str | None, bool]:
    """Plain text of an inline token, its bold lead, and whether it is all italic."""
    parts: list[str] = []
    lead: str | None = None
    strong_depth = em_depth = 0
    seen_text = False
    all_em = True
    strong_buf: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind == "text":
            if not child.content:
                continue
            parts.append(child.content)
            if child.content.strip():
                if em_depth == 0 and strong_depth == 0:
                    all_em = False
                if strong_depth and lead is None and not seen_text:
                    strong_buf.append(child.content)
                elif not strong_depth:
                    seen_text = True
        elif kind == "code_inline":
            parts.append(f"`{child.content}`")
            if em_depth == 0:
                all_em = False
            seen_text = True
        elif kind in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif kind == "html_inline":
            if not child.content.startswith("<!--"):
                parts.append(" ")
        elif kind == "strong_open":
            strong_depth += 1
        elif kind == "strong_close":
            strong_depth -= 1
            if strong_buf and lead is None:
                lead = "".join(strong_buf).strip()
            seen_text = True
        elif kind == "em_open":
            em_depth += 1
        elif kind == "em_close":
            em_depth -= 1
        elif kind == "image":
            parts.append(child.content)
    text = re.sub(r"[ \t]+", " ", "".join(parts)).strip()
    return text, lead, bool(text) and all_em


def _parse_markdown(body: str, offset: int) -> tuple[list[Section], list[Block]]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(body)
    sections: list[Section] = []
    preamble: list[Block] = []
    lists: list[bool] = []
    items: list[Block] = []
    row: list[str] | None = None
    row_line = 0
    row_header = False
    in_head = False
    heading: tuple[int, int] | None = None

    def add(block: Block) -> None:
        (sections[-1].blocks if sections else preamble).append(block)

    for tok in tokens:
        kind = tok.type
        line = (tok.map[0] + 1 + offset) if tok.map else 0
        if kind == "heading_open":
            heading = (int(tok.tag[1]), line)
        elif kind == "heading_close":
            heading = None
        elif kind == "inline" and heading is not None:
            text, _, _ = _inline(tok)
            sections.append(
                Section(title=text, level=heading[0], line=heading[1], index=len(sections))
            )
        elif kind in {"bullet_list_open", "ordered_list_open"}:
            lists.append(kind == "ordered_list_open")
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            lists.pop()
        elif kind == "list_item_open":
            item = Block(
                "item", "", line, depth=len(lists) - 1, ordered=lists[-1] if lists else False
            )
            items.append(item)
            add(item)
        elif kind == "list_item_close":
            items.pop()
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row, row_line, row_header = [], line, in_head
        elif kind == "tr_close" and row is not None:
            add(Block("row", " | ".join(row), row_line, cells=tuple(row), header=row_header))
            row = None
        elif kind == "inline" and row is not None:
            row.append(_inline(tok)[0])
        elif kind == "inline":
            text, lead, em_only = _inline(tok)
            if items:
                item = items[-1]
                if not item.text:
                    item.lead, item.emphasis_only = lead, em_only
                    item.text = text
                elif text:
                    item.text = f"{item.text} {text}"
                    item.emphasis_only = item.emphasis_only and em_only
            elif text:
                add(Block("paragraph", text, line, lead=lead, emphasis_only=em_only))
            elif (tok.content or "").strip().startswith("<!--"):
                add(Block("comment", _strip_comment(tok.content), line))
        elif kind in {"fence", "code_block"}:
            add(Block("code", tok.content.rstrip("\n"), line, depth=len(items)))
        elif kind == "html_block":
            content = tok.content
            comments = _COMMENT.findall(content)
            rest = _TAG.sub(" ", _COMMENT.sub(" ", content)).strip()
            for comment in comments:
                add(Block("comment", _strip_comment(comment), line))
            if rest:
                add(Block("paragraph", re.sub(r"\s+", " ", rest), line))
    return sections, preamble


def _strip_comment(text: str) -> str:
    inner = text.strip()
    if inner.startswith("<!--"):
        inner = inner[4:]
    if inner.endswith("-->"):
        inner = inner[:-3]
    return re.sub(r"\s+", " ", inner).strip()


# --- reStructuredText -----------------------------------------------------------------------


def _parse_rst(body: str, offset: int) -> tuple[list[Section], list[Block], dict[str, Any]]:
    from docutils import nodes
    from docutils.core import publish_doctree

    settings = {
        "report_level": 5,
        "halt_level": 5,
        "warning_stream": io.StringIO(),
        "file_insertion_enabled": False,
        "raw_enabled": False,
        "doctitle_xform": False,
        "docinfo_xform": False,
        "_disable_config": True,
        "input_encoding": "unicode",
    }
    try:
        tree = publish_doctree(body, settings_overrides=settings)
    except Exception as exc:  # docutils raises assorted errors on pathological input
        raise InputError(f"cannot read this reStructuredText: {exc}") from None
    lines = body.split("\n")
    sections: list[Section] = []
    preamble: list[Block] = []
    meta: dict[str, Any] = {}
    state = {"content_seen": False}

    def add(block: Block) -> None:
        state["content_seen"] = True
        (sections[-1].blocks if sections else preamble).append(block)

    def at(node: Any, fallback: int) -> int:
        line = getattr(node, "line", None)
        if line is None:
            for child in node.findall(include_self=False):
                line = getattr(child, "line", None)
                if line is not None:
                    break
        return (line if line is not None else fallback) + offset

    def title_line(node: Any, text: str) -> int:
        guess = getattr(node, "line", None) or 1
        for candidate in (guess - 1, guess, guess - 2):
            if 1 <= candidate <= len(lines) and lines[candidate - 1].strip() == text.strip():
                return candidate + offset
        return max(guess - 1, 1) + offset

    def plain(node: Any) -> str:
        parts: list[str] = []
        for child in node.findall(include_self=True):
            if isinstance(child, nodes.literal):
                parts.append(f"`{child.astext()}`")
            elif isinstance(child, nodes.Text) and not isinstance(child.parent, nodes.literal):
                parts.append(str(child))
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def walk(node: Any, level: int, depth: int, ordered: bool) -> None:
        for child in node.children:
            visit(child, level, depth, ordered)

    def visit(node: Any, level: int, depth: int, ordered: bool) -> None:
        if isinstance(node, nodes.section):
            title = node.next_node(nodes.title)
            text = title.astext() if title is not None else ""
            sections.append(
                Section(title=text, level=level, line=title_line(title, text), index=len(sections))
            )
            for child in node.children:
                if child is not title:
                    visit(child, level + 1, 0, False)
        elif isinstance(
            node,
            (
                nodes.title,
                nodes.system_message,
                nodes.target,
                nodes.substitution_definition,
                nodes.raw,
            ),
        ):
            return
        elif isinstance(node, (nodes.docinfo, nodes.field_list)) and not state["content_seen"]:
            for fld in node.children:
                if isinstance(fld, nodes.field) and len(fld.children) >= 2:
                    meta[fld.children[0].astext().strip().lower()] = (
                        fld.children[1].astext().strip()
                    )
                elif isinstance(fld, nodes.Element) and fld.tagname in {"author", "authors"}:
                    meta["authors"] = fld.astext().strip()
        elif isinstance(node, nodes.paragraph):
            text = plain(node)
            if text:
                lead = None
                first = node.children[0] if node.children else None
                if isinstance(first, nodes.strong):
                    lead = first.astext()
                em_only = all(
                    isinstance(c, nodes.emphasis) or not str(c.astext()).strip()
                    for c in node.children
                )
                add(Block("paragraph", text, at(node, 1), lead=lead, emphasis_only=em_only))
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            for item in node.children:
                visit_item(item, level, depth, isinstance(node, nodes.enumerated_list))
        elif isinstance(node, nodes.definition_list):
            for item in node.children:
                visit_item(item, level, depth, False)
        elif isinstance(node, nodes.table):
            for row in node.findall(nodes.row):
                cells = tuple(plain(entry) for entry in row.children)
                header = isinstance(row.parent, nodes.thead)
                add(Block("row", " | ".join(cells), at(row, 1), cells=cells, header=header))
        elif isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            add(Block("code", node.astext(), at(node, 1), depth=depth))
        elif isinstance(node, nodes.comment):
            add(Block("comment", re.sub(r"\s+", " ", node.astext()).strip(), at(node, 1)))
        elif isinstance(node, nodes.Element):
            walk(node, level, depth, ordered)

    def visit_item(item: Any, level: int, depth: int, ordered: bool) -> None:
        own: list[str] = []
        lead = None
        nested: list[Any] = []
        for child in item.children:
            if isinstance(child, (nodes.paragraph, nodes.term, nodes.definition)):
                if isinstance(child, nodes.definition):
                    for sub in child.children:
                        if isinstance(sub, nodes.paragraph):
                            own.append(plain(sub))
                        else:
                            nested.append(sub)
                    continue
                if not own and child.children and isinstance(child.children[0], nodes.strong):
                    lead = child.children[0].astext()
                if isinstance(child, nodes.term) and lead is None:
                    lead = child.astext()
                own.append(plain(child))
            else:
                nested.append(child)
        add(
            Block(
                "item",
                " ".join(p for p in own if p),
                at(item, 1),
                depth=depth,
                ordered=ordered,
                lead=lead,
            )
        )
        for child in nested:
            visit(child, level, depth + 1, ordered)

    walk(tree, 1, 0, False)
    return sections, preamble, meta


# --- reading files --------------------------------------------------------------------------

MAX_BYTES = 5 * 1024 * 1024
"""Files of this size or larger are refused: no design document is 5 MB of text."""


def read_text(path: str | PurePath) -> str:
    """Read a document file as UTF-8 text, refusing what is clearly not a document.

    Args:
        path: The file.

    Returns:
        The text (a leading byte-order mark removed).

    Raises:
        NotFoundError: No such file.
        InputError: A directory, unreadable, 5 MB or larger, binary, not UTF-8, or empty.
    """
    import os

    from ladder.errors import NotFoundError

    name = str(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise NotFoundError(f"no such file: {name}") from None
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
    import stat

    if stat.S_ISDIR(info.st_mode):
        raise InputError(
            f"{name} is a directory, not a document; pass a Markdown or reStructuredText file"
        )
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name} is not a regular file")
    if info.st_size >= MAX_BYTES:
        raise InputError(
            f"{name} is {info.st_size / 1024 / 1024:.1f} MB; documents of 5 MB or more are refused "
            "(is this really a design document?)"
        )
    try:
        with open(name, "rb") as fh:
            data = fh.read(MAX_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
    return decode(data, name)


def decode(data: bytes, name: str = "<input>") -> str:
    """Decode document bytes as UTF-8 with clear errors for binary and other encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name} is UTF-16 text; save it as UTF-8 and try again")
    if b"\x00" in data[:65536]:
        raise InputError(
            f"{name} looks like a binary file, not a Markdown or reStructuredText document"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LocatedError(
            name,
            line,
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8",
        ) from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{name} is empty; there is nothing to check")
    return text
