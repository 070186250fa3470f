"""Design documents: templates and a checker that reads the content, not just the headings.

Library use::

    from ladder import designdoc

    report = designdoc.check_file("docs/payment-retries.md")
    report.kind            # "design"
    report.score           # 0..100
    report.passed(70)      # the CI gate
    for finding in report.findings:
        print(finding.code, finding.line, finding.message)

    report = designdoc.check(text, kind="postmortem", path="incident.md")
    path = designdoc.new_document("adr", "Use Postgres for the outbox", path=Path("docs/adr"))

Every finding has a stable code (``design.alternatives.missing``,
``postmortem.action-owner.missing``...); :data:`RULES` lists them with their severity and
the reason a reviewer cares. A document that passes the check (``report.passed(70)``) is
stronger evidence of system-design and communication skill than one that does not;
``report.covered`` names the aspects it answers well.
"""

from __future__ import annotations

from pathlib import Path

from ladder.designdoc.report import Finding, Report
from ladder.designdoc.rubric import KIND_LABELS, KINDS
from ladder.designdoc.rules import RULES, Rule, Severity
from ladder.errors import InputError

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "RULES",
    "Finding",
    "Report",
    "Rule",
    "Severity",
    "check",
    "check_file",
    "new_document",
    "render_template",
]

MAX_CHARS = 5 * 1024 * 1024


def check(
    text: str, *, kind: str = "auto", path: str | None = None, format: str | None = None
) -> Report:
    """Check a document's text.

    Args:
        text: The document (Markdown or reStructuredText, optional YAML front matter).
        kind: ``auto`` to detect, or one of :data:`KINDS` (aliases such as ``rfc`` and
            ``post-mortem`` are accepted).
        path: Where the text came from; used for the format (``.rst``), as a hint for the
            kind (``runbooks/``, ``adr/``) and in messages. Nothing is read from it.
        format: ``markdown`` or ``rst``; guessed from ``path`` and the text when None.

    Returns:
        The :class:`Report`.

    Raises:
        InputError: Empty text, text of 5 MB or more, binary content, a document without
            headings, an unknown kind or format, or broken front matter.
    """
    from ladder.designdoc import checks, kinds, parse

    name = path or "the document"
    if not text.strip():
        raise InputError(f"{name} is empty; there is nothing to check")
    if len(text) >= MAX_CHARS:
        raise InputError(f"{name} is 5 MB or larger; documents that big are refused")
    if "\x00" in text:
        raise InputError(f"{name} looks like binary data, not a document")
    if format is not None and format not in {"markdown", "rst"}:
        raise InputError(f"unknown format {format!r}; choose markdown or rst")
    wanted = None if kind == "auto" else kinds.normalise_kind(kind)
    doc = parse.parse(text, path=path, format=format)  # type: ignore[arg-type]
    if not doc.sections:
        raise InputError(
            f"{name} has no headings; the checker reads a document section by section "
            "(add headings such as \u201cContext\u201d, \u201cAlternatives\u201d, \u201cRollback\u201d, "
            "or start from `ladder doc new`)"
        )
    if wanted is not None:
        found, source = wanted, "option"
    else:
        found, source = kinds.detect(doc, path=path)
    outcome = checks.run(doc, found)
    return Report(
        kind=found,
        kind_source=source,
        score=outcome.score,
        findings=tuple(outcome.findings),
        covered=tuple(outcome.covered),
        missing=tuple(outcome.missing),
        title=doc.title,
        authors=doc.authors,
        path=path,
        format=doc.format,
    )


def check_file(path: str | Path, *, kind: str = "auto") -> Report:
    """Read and check a document file.

    Args:
        path: A ``.md`` or ``.rst`` file (other suffixes are read as Markdown unless they
            look like reStructuredText).
        kind: ``auto`` or one of :data:`KINDS`.

    Returns:
        The :class:`Report`, with ``path`` set.

    Raises:
        NotFoundError: The file does not exist.
        InputError: A directory, 5 MB or larger, binary, not UTF-8, empty, no headings,
            unknown kind, broken front matter.
    """
    from ladder.designdoc import kinds, parse

    if kind != "auto":
        kinds.normalise_kind(kind)  # fail on a bad kind before touching the file
    text = parse.read_text(path)
    return check(text, kind=kind, path=str(path))


def render_template(kind: str, title: str) -> str:
    """Return the text of a new document of ``kind`` titled ``title``."""
    from ladder.designdoc import kinds, template

    return template.render(kinds.normalise_kind(kind), title)


def new_document(
    kind: str, title: str, *, path: str | Path | None = None, force: bool = False
) -> Path:
    """Write a new document from the template of ``kind``.

    Args:
        kind: One of :data:`KINDS` (or an alias such as ``rfc``).
        title: The document title; the default file name is its slug.
        path: File to write, or a directory to write ``<slug>.md`` into (an existing
            directory, or a string ending in ``/``); ``./<slug>.md`` when None. Missing
            parent directories are created.
        force: Overwrite an existing file.

    Returns:
        The path written.

    Raises:
        InputError: The file exists and ``force`` is false, or the kind, title or path is
            not acceptable.
    """
    from ladder.designdoc import kinds, template

    return template.write(kinds.normalise_kind(kind), title, path=path, force=force)
