"""What GitHub work becomes in ladder: one shape for both APIs, then Items and Activities.

GraphQL and REST answers are first read into :class:`PullRequest`, :class:`Review` (with its
:class:`Comment` s) and :class:`Issue`; evidence is made from those alone, so the same pull
request gives the same item — same ``source_ref``, same content — whichever API it came from,
and switching APIs never shows up as an "update".

Source references (stable, so harvesting is idempotent):

- ``github:pr:acme/billing#42`` — a pull request the person opened (kind ``pull-request``);
- ``github:review:PRR_kwDO…`` — a review they gave, by its node id (kind ``review``);
- ``github:review-comment:1234567`` — one comment of that review, by its database id
  (an :class:`~ladder.source.Activity` of kind ``review-comment`` whose body is the text);
- ``github:issue:acme/billing#7`` — an issue they opened (kind ``issue``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ladder.source import Activity, AreaHint, Item

BODY_LIMIT = 20_000  # characters of a description kept (PR templates can be long)
HUNK_LINES = 4  # lines of the diff hunk kept with a review comment (the lines it is about)
HUNK_LIMIT = 400

REVIEW_STATES = {
    "APPROVED": "approved",
    "CHANGES_REQUESTED": "changes requested",
    "COMMENTED": "commented",
    "DISMISSED": "dismissed",
}


@dataclass
class PullRequest:
    """A pull request the person opened."""

    repo: str  # owner/name
    number: int
    title: str
    url: str
    state: str  # open, merged, closed
    created_at: str
    merged_at: str | None
    closed_at: str | None
    additions: int | None
    deletions: int | None
    changed_files: int | None
    draft: bool
    body: str | None
    node_id: str | None = None

    @property
    def ref(self) -> str:
        """The evidence ``source_ref``."""
        return f"github:pr:{self.repo}#{self.number}"

    @property
    def key(self) -> str:
        """How the open-PR list in the cursor names it: ``owner/name#n|node id``."""
        return f"{self.repo}#{self.number}|{self.node_id or ''}"


@dataclass
class Comment:
    """One review comment."""

    id: int  # the database id (GraphQL databaseId = REST id)
    body: str
    path: str | None
    line: int | None
    diff_hunk: str | None
    url: str | None
    created_at: str
    reply: bool


@dataclass
class Review:
    """A review the person gave, with all its comments."""

    node_id: str
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED
    body: str | None
    url: str | None
    submitted_at: str
    repo: str
    number: int
    pr_title: str
    pr_url: str | None
    pr_author: str | None
    comments: list[Comment] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """The evidence ``source_ref``."""
        return f"github:review:{self.node_id}"


@dataclass
class Issue:
    """An issue the person opened."""

    repo: str
    number: int
    title: str
    url: str
    state: str  # open, closed
    created_at: str
    closed_at: str | None
    body: str | None

    @property
    def ref(self) -> str:
        """The evidence ``source_ref``."""
        return f"github:issue:{self.repo}#{self.number}"


def day(timestamp: str) -> dt.date:
    """The UTC day of an ISO-8601 timestamp (``2025-03-05T10:00:00Z`` → 2025-03-05)."""
    return dt.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(dt.UTC).date()


def _clip(text: str | None, limit: int = BODY_LIMIT) -> str | None:
    if text is None:
        return None
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _one_line(text: str, limit: int = 90) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def pull_request_item(pr: PullRequest) -> Item:
    """The evidence item of a pull request (its day: merged, else closed, else opened)."""
    verb = {"merged": "Merged", "closed": "Closed"}.get(pr.state, "Opened")
    when = (
        pr.merged_at
        if pr.state == "merged" and pr.merged_at
        else pr.closed_at
        if pr.state == "closed" and pr.closed_at
        else pr.created_at
    )
    suffix = (
        " (closed without merging)"
        if pr.state == "closed"
        else " (draft)"
        if pr.draft and pr.state == "open"
        else ""
    )
    return Item(
        source_ref=pr.ref,
        kind="pull-request",
        occurred_on=day(when),
        title=f"{verb} PR #{pr.number} in {pr.repo}: {_one_line(pr.title, 120)}{suffix}",
        url=pr.url,
        body=_clip(pr.body),
        data={
            "repo": pr.repo,
            "number": pr.number,
            "state": pr.state,
            "draft": pr.draft,
            "created_at": pr.created_at,
            "merged_at": pr.merged_at,
            "closed_at": pr.closed_at,
            "additions": pr.additions,
            "deletions": pr.deletions,
            "changed_files": pr.changed_files,
        },
    )


def review_records(review: Review) -> tuple[Item, list[Activity]]:
    """The evidence item of a review, and one ``review-comment`` activity per comment."""
    comments = sorted(review.comments, key=lambda c: (c.created_at, c.id))
    n = len(comments)
    count = "no comments" if n == 0 else "1 comment" if n == 1 else f"{n} comments"
    state = REVIEW_STATES.get(review.state, review.state.lower().replace("_", " "))
    parts = [_clip(review.body)] + [
        f"{c.path}: {text}" if c.path else text for c in comments if (text := _clip(c.body, 4000))
    ]
    item = Item(
        source_ref=review.ref,
        kind="review",
        occurred_on=day(review.submitted_at),
        title=f"Reviewed PR #{review.number} in {review.repo}: {count} ({state})",
        url=review.url or review.pr_url,
        body="\n\n".join(p for p in parts if p) or None,
        data={
            "repo": review.repo,
            "number": review.number,
            "pr_title": review.pr_title,
            "pr_url": review.pr_url,
            "pr_author": review.pr_author,
            "state": review.state.lower(),
            "comments": n,
            "submitted_at": review.submitted_at,
        },
        areas=[
            AreaHint(
                area="code-quality",
                expectation="code-quality.reviews",
                reason=f"a code review you gave on {review.repo}#{review.number}"
                + (f" with {count}" if n else ", an approval or verdict without line comments"),
                confidence=0.9 if n else 0.6,
            )
        ],
    )
    activities = []
    for c in comments:
        text = (c.body or "").replace("\r\n", "\n").strip()
        data: dict[str, object] = {"repo": review.repo, "number": review.number, "reply": c.reply}
        if c.path:
            data["path"] = c.path
        if c.line is not None:
            data["line"] = c.line
        if c.diff_hunk:
            hunk = "\n".join(c.diff_hunk.splitlines()[-HUNK_LINES:])
            data["diff_hunk"] = hunk[-HUNK_LIMIT:]
        activities.append(
            Activity(
                source_ref=f"github:review-comment:{c.id}",
                kind="review-comment",
                occurred_at=c.created_at,
                title=(f"{c.path}: " if c.path else "") + _one_line(text or "(empty comment)", 80),
                item_ref=review.ref,
                body=text or None,
                url=c.url,
                data=data,
            )
        )
    return item, activities


def issue_item(issue: Issue) -> Item:
    """The evidence item of an issue the person opened (its day: when it was opened)."""
    return Item(
        source_ref=issue.ref,
        kind="issue",
        occurred_on=day(issue.created_at),
        title=f"Opened issue #{issue.number} in {issue.repo}: {_one_line(issue.title, 120)}",
        url=issue.url,
        body=_clip(issue.body),
        data={
            "repo": issue.repo,
            "number": issue.number,
            "state": issue.state,
            "created_at": issue.created_at,
            "closed_at": issue.closed_at,
        },
    )


@dataclass
class PageResult:
    """One page of one list, read from either API.

    Args:
        prs, issues, reviews: What the page held (only one kind is filled).
        next: The cursor of the next page (GraphQL ``endCursor``, a REST page number), or None.
        skipped: Entries dropped (hidden by GitHub, not the person's, outside the window).
        total: How many the list holds in all, when GitHub says.
        restricted: Contributions GitHub hides from this token (private repositories).
    """

    prs: list[PullRequest] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    next: str | None = None
    skipped: int = 0
    total: int | None = None
    restricted: int = 0
