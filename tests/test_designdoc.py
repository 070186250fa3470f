"""Behaviour of the design-document library API (ladder.designdoc)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from ladder import designdoc
from ladder.designdoc import KINDS, RULES, Report, Severity, check, check_file
from ladder.designdoc.kinds import detect
from ladder.designdoc.parse import parse, split_header
from ladder.designdoc.rubric import RUBRICS
from ladder.errors import InputError, LocatedError, NotFoundError

CORPUS = Path(__file__).parent / "corpus" / "designdocs"
DOCS = Path(__file__).parent.parent / "docs" / "design-docs.md"


def _md(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def _labels(split: str) -> dict[str, dict]:
    return yaml.safe_load((CORPUS / split / "expected.yaml").read_text("utf-8"))["documents"]


# --- templates ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_template_fresh_scores_low_and_every_section_is_a_placeholder(kind: str) -> None:
    text = designdoc.render_template(kind, "Payment retries")
    report = check(text)
    assert report.kind == kind
    assert report.kind_source == "front matter"
    assert report.score < 40
    assert report.codes == {"doc.section.placeholder"}
    headings = re.findall(r"^## (.+)$", text, re.M)
    flagged = {f.section for f in report.findings}
    assert flagged == set(headings)
    for finding in report.findings:
        assert "still holds only the template's prompt" in finding.message
        assert finding.line is not None and text.splitlines()[finding.line - 1].startswith("## ")


def test_template_carries_the_senior_questions() -> None:
    text = designdoc.render_template("design", "Payment retries")
    for needle in (
        "malicious user",
        "10x",
        "100x",
        "Alternatives considered",
        "Rollback",
        "Failure modes",
        "Non-goals",
        "Testing strategy",
        "Cost",
        "Observability",
    ):
        assert needle in text
    assert 'title: "Payment retries"' in text


def test_template_filled_in_scores_high() -> None:
    text = (CORPUS / "main" / "design-payment-retries.md").read_text("utf-8")
    assert check(text).score >= 80


def test_new_document_writes_slug_and_refuses_to_overwrite(tmp_path: Path) -> None:
    written = designdoc.new_document("postmortem", "Checkout outage, 18 March!", path=tmp_path)
    assert written.name == "checkout-outage-18-march.md"
    assert check_file(written).kind == "postmortem"
    with pytest.raises(InputError, match="already exists"):
        designdoc.new_document("postmortem", "Checkout outage, 18 March!", path=tmp_path)
    written.write_text("changed", encoding="utf-8")
    designdoc.new_document("postmortem", "Checkout outage, 18 March!", path=tmp_path, force=True)
    assert written.read_text("utf-8").startswith("---\nkind: postmortem")


def test_new_document_creates_missing_directories(tmp_path: Path) -> None:
    target = f"{tmp_path}/docs/adr/"
    written = designdoc.new_document("ADR", "Use Postgres", path=target)
    assert written == tmp_path / "docs" / "adr" / "use-postgres.md"


@pytest.mark.parametrize("title", ["", "   ", "!!!", "two\nlines"])
def test_new_document_rejects_unusable_titles(tmp_path: Path, title: str) -> None:
    with pytest.raises(InputError):
        designdoc.new_document("design", title, path=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_new_document_rejects_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown document kind"):
        designdoc.new_document("essay", "Anything", path=tmp_path)


# --- the corpus -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", [n for n, label in _labels("main").items() if label["quality"] == "good"]
)
def test_good_corpus_documents_score_above_80(name: str) -> None:
    assert check_file(CORPUS / "main" / name).score > 80


def test_corpus_is_big_enough_and_labels_use_known_codes() -> None:
    total = 0
    for split in ("main", "heldout"):
        labels = _labels(split)
        total += len(labels)
        assert {label["kind"] for label in labels.values()} == set(KINDS), split
        assert any(name.endswith(".rst") for name in labels), split
        for name, label in labels.items():
            assert (CORPUS / split / name).is_file(), name
            assert set(label["findings"] or []) <= set(RULES), name
    assert total >= 24


def test_corpus_main_findings_match_labels() -> None:
    """The development split is what the rules were written against: it must stay exact."""
    tp = fp = fn = 0
    for name, label in _labels("main").items():
        report = check_file(CORPUS / "main" / name)
        assert report.kind == label["kind"], name
        expected, got = set(label["findings"] or []), set(report.codes)
        tp, fp, fn = tp + len(expected & got), fp + len(got - expected), fn + len(expected - got)
    assert tp / (tp + fp) >= 0.95
    assert tp / (tp + fn) >= 0.95


def test_corpus_heldout_kinds_detected() -> None:
    for name, label in _labels("heldout").items():
        assert check_file(CORPUS / "heldout" / name).kind == label["kind"], name


# --- content checks -------------------------------------------------------------------------

DESIGN = _md("""
    # Thumbnail service

    ## Context
    Product pages download full-size images; we want smaller variants made on upload.

    ## Design
    A worker resizes each upload into three sizes and stores them next to the original.

    ## Alternatives
    {alternatives}

    ## Failure modes
    {failures}

    ## Scale
    {scale}

    ## Rollout
    {rollout}
    """)


def _design(**parts: str) -> Report:
    defaults = {
        "alternatives": "- **Resize in the browser**: no backend work, but phones download megabytes.\n"
        "- **Resize on request with a CDN**: no storage cost, but the first view is slow.",
        "failures": "- Worker down: uploads keep the original only; we alert and re-drive from the queue.",
        "scale": "300 uploads per second at peak; at 10x we add workers.",
        "rollout": "Behind a flag for 5% of sellers; turning the flag off rolls back to originals.",
    }
    defaults.update(parts)
    return check(DESIGN.format(**defaults), kind="design")


def test_design_two_weighed_alternatives_pass() -> None:
    codes = _design().codes
    assert not {c for c in codes if c.startswith("design.alternatives")}


def test_design_single_alternative_is_flagged() -> None:
    report = _design(
        alternatives="We also looked at resizing in the browser, but phones would suffer."
    )
    finding = next(f for f in report.findings if f.code == "design.alternatives.single")
    assert finding.section == "Alternatives"
    assert finding.severity is Severity.WARNING
    assert finding.line == DESIGN.splitlines().index("## Alternatives") + 1


def test_design_alternatives_without_tradeoffs_are_flagged() -> None:
    report = _design(alternatives="- Resize in the browser\n- Resize on request with a CDN")
    assert "design.alternatives.no-tradeoffs" in report.codes


def test_design_failure_modes_named_without_consequence_are_flagged() -> None:
    report = _design(failures="- Worker crash\n- Disk full\n- Bad image")
    finding = next(f for f in report.findings if f.code == "design.failure-modes.shallow")
    assert "Worker crash" in finding.message


def test_design_scale_without_numbers_is_flagged() -> None:
    assert "design.scale.no-numbers" in _design(scale="It scales horizontally.").codes
    assert "design.scale.no-growth" in _design(scale="300 uploads per second at peak.").codes


def test_design_rollback_missing_is_an_error() -> None:
    report = _design(rollout="We ship it to everyone on Monday.")
    finding = next(f for f in report.findings if f.code == "design.rollback.missing")
    assert finding.severity is Severity.ERROR
    assert finding.why == RULES["design.rollback.missing"].why


def test_design_dismissed_section_counts_as_missing() -> None:
    text = DESIGN.format(alternatives="N/A", failures="x", scale="x", rollout="x")
    finding = next(f for f in check(text).findings if f.code == "design.alternatives.missing")
    assert "N/A" in finding.message and finding.section == "Alternatives"


def test_design_empty_heading_is_flagged_at_its_line() -> None:
    text = DESIGN.format(alternatives="", failures="x", scale="x", rollout="x")
    empty = [f for f in check(text).findings if f.code == "doc.section.empty"]
    assert [f.section for f in empty] == ["Alternatives"]


def test_content_beats_headings_scores_differ() -> None:
    good = _design().score
    shallow = _design(alternatives="- A\n- B", failures="- crash", scale="It scales.").score
    assert good > shallow


POSTMORTEM = _md("""
    # Postmortem: queue backlog

    ## Impact
    {impact}

    ## Timeline
    {timeline}

    ## Root cause
    {cause}

    ## What went well
    The alert fired quickly.

    ## What went badly
    Nobody knew which queue held the campaign.

    ## Action items
    {actions}
    """)


def _postmortem(**parts: str) -> Report:
    return check(_postmortem_text(**parts))


def _postmortem_text(**parts: str) -> str:
    defaults = {
        "impact": "Password reset emails were delayed by up to 3 hours for 12,000 users.",
        "timeline": "- 09:02 campaign sent\n- 09:15 alert fires\n- 10:40 backlog drained",
        "cause": "The send tool let a campaign target the transactional queue; nothing checked the queue.",
        "actions": "- Separate the queues (owner: @mira)\n- Validate the queue in the send tool (Jonas)",
    }
    defaults.update(parts)
    return POSTMORTEM.format(**defaults)


def test_postmortem_good_one_has_no_findings() -> None:
    report = _postmortem()
    assert report.kind == "postmortem"
    assert report.findings == ()
    assert report.score == 100


def test_postmortem_every_action_item_needs_an_owner() -> None:
    actions = "- Separate the queues (owner: @mira)\n- Add a check\n- Write docs, owner: TBD"
    report = _postmortem(actions=actions)
    missing = [f for f in report.findings if f.code == "postmortem.action-owner.missing"]
    assert [f.message.split("\u201c")[1].split("\u201d")[0] for f in missing] == [
        "Add a check",
        "Write docs, owner: TBD",
    ]
    assert (
        missing[0].line == _postmortem_text(actions=actions).splitlines().index("- Add a check") + 1
    )


def test_postmortem_owner_column_in_table() -> None:
    table = "| Action | Owner |\n|---|---|\n| Separate queues | @mira |\n| Add a check | |"
    report = _postmortem(actions=table)
    assert [f.code for f in report.findings] == ["postmortem.action-owner.missing"]


def test_postmortem_timeline_without_times() -> None:
    report = _postmortem(timeline="- campaign sent\n- alert fires\n- backlog drained")
    assert "postmortem.timeline.no-times" in report.codes


def test_postmortem_root_cause_stopping_at_human_error() -> None:
    report = _postmortem(cause="Human error: the operator picked the wrong queue.")
    assert "postmortem.root-cause.human-error" in report.codes
    assert "postmortem.root-cause.human-error" not in _postmortem().codes


def test_postmortem_impact_without_numbers() -> None:
    assert (
        "postmortem.impact.no-numbers" in _postmortem(impact="Emails were late for a while.").codes
    )


def test_adr_negative_consequences_and_options() -> None:
    text = _md("""
        ---
        status: accepted
        ---
        # ADR 4: Use TanStack Query

        ## Context
        Lists go stale after edits because the custom store caches by hand.

        ## Options
        - TanStack Query
        - Redux Toolkit

        ## Decision
        We will use TanStack Query.

        ## Consequences
        - Less code.
        - Fewer stale lists.
        """)
    report = check(text)
    assert report.kind == "adr"
    assert {"adr.options.no-tradeoffs", "adr.consequences.one-sided"} <= report.codes
    assert "adr.status.missing" not in report.codes


def test_runbook_steps_must_be_concrete() -> None:
    text = _md("""
        # Runbook: consumer lag

        ## Symptoms
        The ConsumerLag alert fires.

        ## Diagnosis
        - Check the logs.
        - Look at the dashboard.

        ## Mitigation
        ```
        kubectl scale deploy/consumer --replicas=12
        ```

        ## Escalation
        Escalate if needed.
        """)
    report = check(text)
    assert report.kind == "runbook"
    assert report.codes == {"runbook.diagnosis.not-concrete", "runbook.escalation.no-contact"}


def test_todo_markers_are_reported_with_their_line() -> None:
    report = _design(
        scale="300 uploads per second, 10x next year. TODO: confirm with the data team."
    )
    todo = next(f for f in report.findings if f.code == "doc.todo.left")
    assert todo.section == "Scale" and todo.severity is Severity.INFO


# --- kind detection -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path", "kind", "source"),
    [
        ("---\nkind: RFC\n---\n# Anything\n\n## A\nx\n", None, "design", "front matter"),
        ("# Postmortem: DNS outage\n\n## Summary\nx\n", None, "postmortem", "title"),
        (
            "# Notes\n\n## Symptoms\nx\n## Diagnosis\ny\n## Escalation\nz\n",
            None,
            "runbook",
            "headings",
        ),
        ("# Notes\n\n## Context\nx\n", "docs/adr/0001-notes.md", "adr", "title"),
        ("# Notes\n\n## Something\nx\n", "ops/runbooks/notes.md", "runbook", "path"),
        ("# Notes\n\n## Something\nx\n", None, "design", "default"),
    ],
)
def test_kind_detection(text: str, path: str | None, kind: str, source: str) -> None:
    report = check(text, path=path)
    assert (report.kind, report.kind_source) == (kind, source)


def test_kind_option_wins_and_accepts_aliases() -> None:
    report = check("# Postmortem\n\n## Impact\nx\n", kind="rfc")
    assert (report.kind, report.kind_source) == ("design", "option")


def test_unknown_kind_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown document kind 'essay'"):
        check("# T\n\n## A\nx\n", kind="essay")


# --- reStructuredText and front matter ------------------------------------------------------


def test_rst_sections_lines_and_fields() -> None:
    text = _md("""
        Incident review: cache flush
        ============================

        :kind: postmortem
        :authors: Rosa, Chen

        Impact
        ------

        Pages were slow.

        Action items
        ------------

        * Warm the cache first
        """)
    report = check(text, path="review.rst")
    assert report.format == "rst"
    assert report.kind == "postmortem" and report.kind_source == "front matter"
    assert report.authors == ("Rosa", "Chen")
    assert report.title == "Incident review: cache flush"
    owner = next(f for f in report.findings if f.code == "postmortem.action-owner.missing")
    assert owner.line == text.splitlines().index("* Warm the cache first") + 1
    impact = next(f for f in report.findings if f.code == "postmortem.impact.no-numbers")
    assert impact.line == text.splitlines().index("Impact") + 1


def test_rst_include_directive_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    text = f"Title\n=====\n\nContext\n-------\n\n.. include:: {secret}\n"
    report = check(text, path="x.rst")
    assert "TOPSECRET" not in str(report.to_dict())


def test_front_matter_read_for_title_and_authors() -> None:
    text = "---\ntitle: Payment retries\nauthors: [Ana, Bo]\nkind: design\n---\n## Context\nx\n"
    report = check(text)
    assert report.title == "Payment retries" and report.authors == ("Ana", "Bo")


def test_broken_front_matter_is_a_located_error() -> None:
    with pytest.raises(LocatedError) as err:
        check("---\ntitle: [unclosed\nkind: design\n---\n# T\n", path="doc.md")
    assert err.value.path == "doc.md" and err.value.line is not None


# --- the report -----------------------------------------------------------------------------


def test_report_api_shape() -> None:
    report = _design(rollout="Ship it.")
    assert isinstance(report.score, int) and 0 <= report.score <= 100
    assert report.passed(0) and not report.passed(101)
    data = report.to_dict()
    assert data["kind"] == "design" and data["score"] == report.score
    assert {"code", "severity", "message", "why", "section", "line"} == set(data["findings"][0])
    assert "rollback" in report.missing and "context" in report.covered
    severities = [SEV for SEV in (f.severity for f in report.findings)]
    order = [Severity.ERROR, Severity.WARNING, Severity.INFO]
    assert severities == sorted(severities, key=order.index)


def test_every_rubric_code_is_registered_and_documented() -> None:
    docs = DOCS.read_text("utf-8")
    for aspects in RUBRICS.values():
        for aspect in aspects:
            assert aspect.missing in RULES
    for code, rule in RULES.items():
        assert f"`{code}`" in docs, f"{code} is not documented in docs/design-docs.md"
        assert rule.why.endswith(".") and rule.summary


# --- bad input ------------------------------------------------------------------------------


def test_check_file_missing(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no such file"):
        check_file(tmp_path / "nope.md")


def test_check_file_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        check_file(tmp_path)


def test_check_file_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        check_file(path)


def test_check_file_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary"):
        check_file(path)


def test_check_file_too_big(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with path.open("wb") as fh:
        fh.truncate(5 * 1024 * 1024)
    with pytest.raises(InputError, match="5 MB"):
        check_file(path)


def test_check_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("# Design\n\n## Café\n".encode("latin-1"))
    with pytest.raises(LocatedError, match="not UTF-8") as err:
        check_file(path)
    assert err.value.line == 3


def test_check_file_utf16_named(tmp_path: Path) -> None:
    path = tmp_path / "utf16.md"
    path.write_text("# Design\n", encoding="utf-16")
    with pytest.raises(InputError, match="UTF-16"):
        check_file(path)


def test_check_no_headings() -> None:
    with pytest.raises(InputError, match="no headings"):
        check("Just a paragraph.\n\nAnd another one.\n")


def test_check_bom_and_crlf_tolerated() -> None:
    report = check("\ufeff# Postmortem\r\n\r\n## Impact\r\n3 hours, 200 users.\r\n")
    assert report.kind == "postmortem"
    assert "postmortem.impact.no-numbers" not in report.codes


PEP = """\
PEP: 9999
Title: Convert macros to functions in the C API
Author: Ada Lovelace <ada@example.com>,
        Bob Kahn <bob@example.com>
Status: Final
Post-History:
    `20-Oct-2021 <https://example.com/1>`__

Abstract
========

Convert macros to static inline functions.

Rationale
=========

Macros have pitfalls: side effects are duplicated.

Specification
=============

Each macro becomes a static inline function.

Backwards Compatibility
=======================

A function cannot be used as an l-value.

Debug build
===========

Inlining is disabled in a debug build.

Rejected Ideas
==============

Keep macros, but fix some macro issues
-------------------------------------

Fixing each one costs more than converting it.
"""


def test_an_enhancement_proposal_is_a_design_doc_with_its_header_as_metadata() -> None:
    """A PEP's "Name: value" header gives the title and authors; its sections (Rationale,
    Specification, Backwards Compatibility, Rejected Ideas) read as a design doc, not as a
    runbook because one section names a debug build."""
    doc = parse(PEP, path="peps/pep-9999.rst")
    assert doc.title == "Convert macros to functions in the C API"
    assert doc.meta["pep"] == "9999" and doc.meta["post-history"].startswith("`20-Oct-2021")
    assert doc.sections[0].title == "Abstract" and doc.sections[0].line == 9  # the file's line
    assert detect(doc, path="pep-9999.rst") == ("design", "front matter")
    # a header without a title, or text that only looks like one, is body text
    plain = parse("Note: this is prose.\nSee: elsewhere.\n\nIntro\n=====\n\nText.\n")
    assert plain.meta == {} and plain.title is None


def test_a_header_not_followed_by_a_blank_line_is_read_in_linear_time() -> None:
    """Input is hostile: "Name: value" lines with many indented continuation lines and no
    blank line after them are body text, read at once (the header pattern once backtracked
    through every way of splitting each line's indent: 3^n tries for n lines)."""
    text = "Title: x\nAuthor: y\n" + "   z\n" * 60 + "Some text\n"
    assert split_header(text) == ({}, text)
    spaces = "Title: x\nAuthor: y\n" + " " * 1_000_000
    assert split_header(spaces) == ({}, spaces)
    # a real header with indented continuations still reads
    meta, body = split_header("Title: x\nAuthor: a,\n   b\n\nText\n")
    assert meta == {"title": "x", "author": "a, b"} and body == "\n\n\n\nText\n"
