"""The docs source: real git repositories made in tmp_path, scored by the real checker."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import git
from ladder.errors import InputError, NotFoundError
from ladder.evidence import Entry, Filter
from ladder.sources.docs import DocsSource, why_a_doc
from ladder.workspace import Workspace

DESIGN = """\
# Payment retries

## Context

Charges fail when the gateway is down, and every worker retries at the same instant.

## Goals

- No retry storms after a gateway outage.

## Proposal

We propose exponential backoff with full jitter, capped at 30 seconds.

## Alternatives considered

- A fixed delay: simpler, but the storm only moves.
"""

DESIGN_MORE = (
    DESIGN
    + """
## Trade-offs

Recovery takes longer; the gateway sees a tenth of the load. We accept the latency.

## Failure modes

If the retry queue fills up we shed the oldest retries and page the on-call engineer.

## Scalability

At 10x the charges the queue grows linearly; at 100x we shard it by merchant.

## Rollout

Behind a flag: 1% of merchants for a week, then everyone. Rollback: turn the flag off.

## Observability

A dashboard of retries per minute, and an alert when the queue is older than five minutes.

## Security

Retries carry no card data; only the charge id is queued.
"""
)

ADR = """\
# Use Postgres for the outbox

## Status

Accepted

## Context

Billing events must not be lost when the broker is down.

## Decision

We will use a Postgres outbox table, drained by one relay.

## Consequences

One more table to vacuum; events are delayed by the relay interval.
"""

POSTMORTEM = """\
# Checkout outage, 9 March

## Summary

Checkout failed for 42 minutes.

## Timeline

- 10:02 paged
- 10:44 resolved

## Root cause

A certificate expired.

## Action items

- Alert 14 days before expiry (owner: Ada)
"""


def commit(
    repo: Path,
    files: dict[str, str | bytes],
    message: str,
    *,
    date: str = "2026-03-02T10:00:00+00:00",
    author: str | None = None,
) -> str:
    for name, content in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    git(repo, "add", "-A")
    args = ["commit", "-q", "-m", message, f"--date={date}"]
    if author:
        args.append(f"--author={author}")
    git(repo, *args)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "payments"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    return path


def entries(ws: Workspace) -> dict[str, Entry]:
    found, _ = ws.entries(Filter(source="docs", limit=None))
    return {e.source_ref or "": e for e in found}


def test_docs_finds_the_documents_the_person_added(ws: Workspace, repo: Path) -> None:
    sha = commit(
        repo,
        {
            "docs/design/payment-retries.md": DESIGN,
            "docs/adr/0003-postgres-outbox.md": ADR,
            "README.md": "# payments\n\n## Installation\n\npip install\n",
            "notes/monday.md": "# Monday\n\n## Stuff\n\nthings\n",
        },
        "docs",
    )
    commit(
        repo,
        {"docs/2026-03-checkout.md": POSTMORTEM, "docs/guide.rst": "Intro\n=====\n\nText.\n"},
        "postmortem",
        date="2026-03-12T09:00:00+00:00",
    )
    commit(
        repo,
        {"docs/design/bobs-cache.md": DESIGN.replace("Payment retries", "Cache")},
        "bob's",
        author="Bob Kahn <bob@example.com>",
    )

    summary = ws.harvest("docs", paths=[repo])

    found = entries(ws)
    rid = next(iter(found)).split(":")[1]
    assert rid.startswith("root-")  # no remote: the root commit names the repository
    assert {r.split(":", 2)[2]: e.text for r, e in found.items()} == {
        "docs/design/payment-retries.md": "Design doc: Payment retries (docs/design/payment-retries.md)",
        "docs/adr/0003-postgres-outbox.md": "ADR: Use Postgres for the outbox (docs/adr/0003-postgres-outbox.md)",
        "docs/2026-03-checkout.md": "Postmortem: Checkout outage, 9 March (docs/2026-03-checkout.md)",
    }
    assert (summary.added, summary.skipped) == (3, 3)  # README, notes, an .rst without the words
    design = found[f"docs:{rid}:docs/design/payment-retries.md"]
    assert design.kind == "doc" and design.occurred_on == "2026-03-02" and design.url is None
    assert design.data["doc_kind"] == "design" and design.data["commit"] == sha
    assert design.data["reason"] == "path says 'design'"
    assert design.data["lines"] == DESIGN.count("\n")
    assert 0 < design.data["score"] < 70 and design.data["passed"] is False
    assert design.tags == ("design",)
    assert {a.area for a in design.areas} == {"system-design", "communication"}
    postmortem = found[f"docs:{rid}:docs/2026-03-checkout.md"]
    assert postmortem.data["reason"] == "headings: Timeline, Root cause, Action items"
    assert postmortem.data["doc_kind"] == "postmortem" and postmortem.occurred_on == "2026-03-12"


def test_docs_update_when_the_score_changes_and_not_otherwise(ws: Workspace, repo: Path) -> None:
    commit(repo, {"docs/design/payment-retries.md": DESIGN}, "draft")
    first = ws.harvest("docs", paths=[repo])
    assert first.added == 1
    assert ws.harvest("docs", paths=[repo]).unchanged == 1

    commit(
        repo,
        {"docs/design/payment-retries.md": DESIGN_MORE},
        "trade-offs, failure modes, rollout",
        date="2026-03-20T10:00:00+00:00",
    )
    again = ws.harvest("docs", paths=[repo])

    assert (again.added, again.updated) == (0, 1)
    doc = next(iter(entries(ws).values()))
    assert doc.data["score"] >= 70 and doc.data["passed"] is True
    assert doc.occurred_on == "2026-03-02"  # still the day it was added


def test_docs_github_remote_gives_a_link_and_never_keeps_credentials(
    ws: Workspace, repo: Path
) -> None:
    git(
        repo,
        "remote",
        "add",
        "origin",
        "https://x-access-token:ghp_s3cret@github.com/acme/payments.git",
    )
    commit(
        repo,
        {
            "runbooks/queue-backlog.md": "# Queue backlog\n\n## Symptoms\n\nAlerts.\n\n## Mitigation\n\nScale.\n"
        },
        "runbook",
    )
    ws.harvest("docs", paths=[repo])
    ((ref, doc),) = entries(ws).items()
    assert ref == "docs:github.com/acme/payments:runbooks/queue-backlog.md"
    assert doc.url == "https://github.com/acme/payments/blob/HEAD/runbooks/queue-backlog.md"
    assert doc.data["doc_kind"] == "runbook" and "s3cret" not in json.dumps(doc.to_dict())


def test_docs_follow_renames_by_others_and_mailmap(ws: Workspace, repo: Path) -> None:
    commit(
        repo,
        {"docs/rfc-sharding.md": DESIGN.replace("Payment retries", "Sharding")},
        "rfc",
        author="A. Lovelace <ada@old-job.example>",
    )
    commit(
        repo,
        {".mailmap": "Ada Lovelace <ada@example.com> <ada@old-job.example>\n"},
        "mailmap",
        author="Bob Kahn <bob@example.com>",
    )
    (repo / "docs" / "rfcs").mkdir()
    git(repo, "mv", "docs/rfc-sharding.md", "docs/rfcs/0007-sharding.md")
    git(
        repo,
        "commit",
        "-q",
        "-m",
        "move",
        "--author=Bob Kahn <bob@example.com>",
        "--date=2026-03-05T10:00:00+00:00",
    )

    ws.harvest("docs", paths=[repo])

    ((ref, doc),) = entries(ws).items()
    assert ref.endswith(":docs/rfcs/0007-sharding.md")
    assert doc.data["added_as"] == "docs/rfc-sharding.md"


def test_docs_skip_binary_and_huge_files_with_a_reason(ws: Workspace, repo: Path) -> None:
    commit(
        repo,
        {
            "docs/design/payment-retries.md": DESIGN,
            "docs/design/diagram.md": b"# Diagram\n\x00\x01\x02 binary",
            "docs/design/huge.md": "# Huge design\n\n## Context\n\n"
            + "x" * (5 * 1024 * 1024)
            + "\n",
        },
        "docs",
    )
    summary = ws.harvest("docs", paths=[repo])
    assert (summary.added, summary.skipped) == (1, 2)
    messages = " | ".join(summary.notes)
    assert "diagram.md: skipped, binary data" in messages
    assert "huge.md: skipped, 5.0 MB is too big for a document" in messages


def test_docs_no_documents_names_the_identities_tried(ws: Workspace, repo: Path) -> None:
    commit(repo, {"docs/design/cache.md": DESIGN}, "bob's", author="Bob Kahn <bob@example.com>")
    with pytest.raises(NotFoundError) as err:
        ws.harvest("docs", paths=[repo])
    assert "ada@example.com, Ada Lovelace" in err.value.message
    commit(repo, {"notes/monday.md": "# Monday\n\n## Stuff\n\nthings\n"}, "notes")
    with pytest.raises(NotFoundError, match="none of the 1 documents you added"):
        ws.harvest("docs", paths=[repo])
    assert entries(ws) == {}


def test_docs_window_applies_to_the_day_a_doc_was_added(ws: Workspace, repo: Path) -> None:
    commit(repo, {"docs/adr/0001-outbox.md": ADR}, "adr", date="2026-01-10T10:00:00+00:00")
    commit(
        repo, {"docs/design/payment-retries.md": DESIGN}, "design", date="2026-03-02T10:00:00+00:00"
    )
    summary = ws.harvest("docs", paths=[repo], since="2026-02-01")
    assert summary.added == 1 and summary.skipped == 1
    assert [e.data["doc_kind"] for e in entries(ws).values()] == ["design"]


def test_docs_not_a_repository(ws: Workspace, tmp_path: Path, repo: Path) -> None:
    commit(repo, {"docs/design/payment-retries.md": DESIGN}, "design")
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(InputError, match="is not a git repository"):
        ws.harvest("docs", paths=[repo, plain])
    with pytest.raises(NotFoundError, match="no such folder"):
        ws.harvest("docs", paths=[tmp_path / "missing"])
    assert entries(ws) == {}  # every path is checked before anything is written


@pytest.mark.parametrize(
    ("path", "title", "headings", "reason"),
    [
        ("docs/adr/0001-x.md", "X", [], "path says 'adr'"),
        ("ops/on-call/disk.md", "Disk", [], "path says 'on-call'"),
        ("docs/howto_release.md", "Releasing", [], "path says 'howto'"),
        ("docs/x.md", "Onboarding for new joiners", [], "title says 'onboarding'"),
        (
            "docs/x.md",
            "Cache",
            ["Goals", "Non-goals", "Alternatives considered"],
            "headings: Goals, Non-goals, Alternatives considered",
        ),
        ("docs/x.md", "Cache", ["Goals", "Installation"], None),
        ("docs/designer-notes.md", "Notes", [], None),
    ],
)
def test_docs_recognition_rules(
    path: str, title: str, headings: list[str], reason: str | None
) -> None:
    assert why_a_doc(path, title, headings, False, "design") == reason


def test_docs_status_is_always_ready() -> None:
    status = DocsSource().status({})
    assert status.configured and status.detail == "reads git history"


def test_docs_cli(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    commit(repo, {"docs/design/payment-retries.md": DESIGN}, "design")
    cli("init", "--name", "Ada Lovelace", "--email", "ada@example.com")
    result = cli("harvest", "docs", str(repo), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["added"] == 1
    assert (
        data["items"][0]["title"] == "Design doc: Payment retries (docs/design/payment-retries.md)"
    )
    bad = cli("harvest", "docs", str(repo.parent))
    assert bad.exit_code == 1 and "is not a git repository" in bad.stderr


def test_docs_that_pass_the_checker_count_as_stronger_evidence(ws: Workspace, repo: Path) -> None:
    commit(repo, {"docs/design/draft.md": DESIGN}, "a draft design")
    commit(repo, {"docs/design/complete.md": DESIGN_MORE}, "a complete design")
    ws.harvest("docs", paths=[repo])
    found = {ref.rsplit(":", 1)[1]: e for ref, e in entries(ws).items()}
    draft, complete = found["docs/design/draft.md"], found["docs/design/complete.md"]
    assert (draft.data["passed"], complete.data["passed"]) == (False, True)

    def design_link(entry):  # type: ignore[no-untyped-def]
        (link,) = [a for a in entry.areas if a.area == "system-design" and a.origin == "source"]
        return link

    strong, weak = design_link(complete), design_link(draft)
    assert strong.confidence > weak.confidence
    assert "passes the checker" in strong.reason and "does not pass the checker" in weak.reason


def test_docs_count_only_what_the_person_mostly_wrote_and_never_fixtures(
    ws: Workspace, repo: Path
) -> None:
    commit(
        repo,
        {
            "docs/design/queue.md": DESIGN.replace("Payment retries", "Queue"),
            "docs/design/cache.md": DESIGN.replace("Payment retries", "Cache"),
            "tests/fixtures/design/sample.md": DESIGN.replace("Payment retries", "Sample"),
            "vendor/lib/docs/design.md": DESIGN.replace("Payment retries", "Vendored"),
        },
        "docs",
    )
    # Bob rewrites almost all of the cache design: it is his document now
    rewritten = "\n".join(
        line if line.startswith("#") else f"{line} (rewritten)" for line in DESIGN.splitlines()
    )
    commit(repo, {"docs/design/cache.md": rewritten}, "rewrite", author="Bob Kahn <bob@example.com>")

    summary = ws.harvest("docs", paths=[repo])

    found = {ref.split(":", 2)[2]: e for ref, e in entries(ws).items()}
    assert list(found) == ["docs/design/queue.md"]
    assert found["docs/design/queue.md"].data["share"] == 1.0
    assert any("docs/design/cache.md: skipped, you wrote" in n for n in summary.notes), summary
    assert not any("fixtures" in n or "vendor" in n for n in summary.notes)


def test_a_share_just_under_the_bar_is_never_shown_as_the_bar() -> None:
    """49.7 % of a document is not "50%" in a note that says documents count from 50 %."""
    from ladder.sources.docs import _below

    assert [_below(x) for x in (0.497, 0.5, 0.27, 0.999)] == ["49%", "50%", "27%", "99%"]
    assert [_below(n / 100) for n in range(100)] == [f"{n}%" for n in range(100)]  # 0.29: 29%
    assert _below(58 / 200) == "29%"


def test_a_file_name_that_is_not_utf8_is_skipped_and_said(ws: Workspace, repo: Path) -> None:
    """A design doc whose name has other bytes (Latin-1 "café") cannot be stored under that
    name: it is skipped with a note that says which and why, and the other documents count;
    when it was the only one, the error says why it was skipped."""
    latin1 = os.fsdecode(b"docs/design/caf\xe9.md")
    commit(repo, {latin1: DESIGN}, "a Latin-1 name")
    with pytest.raises(NotFoundError, match=r"caf.\.md: skipped, its name is not valid UTF-8"):
        ws.harvest("docs", paths=[repo])
    commit(repo, {"docs/design/payment-retries.md": DESIGN}, "docs")
    summary = ws.harvest("docs", paths=[repo])
    assert (summary.added, summary.skipped) == (1, 1)
    assert any("name is not valid UTF-8" in n for n in summary.notes), summary.notes
