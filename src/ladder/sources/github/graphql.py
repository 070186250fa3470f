"""Reading a person's GitHub work through the GraphQL API (the default).

One query per list and page: ``user.contributionsCollection(from:, to:)`` with
``pullRequestContributions``, ``issueContributions`` and ``pullRequestReviewContributions``,
100 at a time, following ``pageInfo.endCursor``. A review's comments come with it (100 at a
time too); a review with more is completed through ``node(id:)`` before its page is handed
over, so a review is never written half-read. Open pull requests from earlier runs are re-read
through ``nodes(ids:)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NoReturn

from ladder.sources.github.client import Client, GraphQLUnavailable, UserNotFound
from ladder.sources.github.plan import Window, iso
from ladder.sources.github.records import Comment, Issue, PageResult, PullRequest, Review

PR_FIELDS = """
fragment LadderPullRequest on PullRequest {
  id number title url state isDraft createdAt mergedAt closedAt
  additions deletions changedFiles body
  repository { nameWithOwner }
}
"""

COMMENT_FIELDS = """
fragment LadderReviewComment on PullRequestReviewComment {
  id databaseId body path line originalLine diffHunk url createdAt
  replyTo { id }
}
"""

PULL_REQUESTS = (
    """
query LadderPullRequests($login: String!, $from: DateTime!, $to: DateTime!, $after: String) {
  user(login: $login) {
    contributionsCollection(from: $from, to: $to) {
      restrictedContributionsCount
      pullRequestContributions(first: 100, after: $after, orderBy: {direction: ASC}) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { occurredAt pullRequest { ...LadderPullRequest } }
      }
    }
  }
  rateLimit { cost remaining resetAt }
}
"""
    + PR_FIELDS
)

ISSUES = """
query LadderIssues($login: String!, $from: DateTime!, $to: DateTime!, $after: String) {
  user(login: $login) {
    contributionsCollection(from: $from, to: $to) {
      issueContributions(first: 100, after: $after, orderBy: {direction: ASC}) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          occurredAt
          issue { id number title url state createdAt closedAt body repository { nameWithOwner } }
        }
      }
    }
  }
  rateLimit { cost remaining resetAt }
}
"""

REVIEWS = (
    """
query LadderReviews($login: String!, $from: DateTime!, $to: DateTime!, $after: String) {
  user(login: $login) {
    contributionsCollection(from: $from, to: $to) {
      pullRequestReviewContributions(first: 100, after: $after, orderBy: {direction: ASC}) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          occurredAt
          pullRequestReview {
            id state body url submittedAt createdAt
            pullRequest { number title url author { login } repository { nameWithOwner } }
            comments(first: 100) {
              totalCount
              pageInfo { hasNextPage endCursor }
              nodes { ...LadderReviewComment }
            }
          }
        }
      }
    }
  }
  rateLimit { cost remaining resetAt }
}
"""
    + COMMENT_FIELDS
)

MORE_COMMENTS = (
    """
query LadderReviewComments($id: ID!, $after: String) {
  node(id: $id) {
    ... on PullRequestReview {
      comments(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { ...LadderReviewComment }
      }
    }
  }
  rateLimit { cost remaining resetAt }
}
"""
    + COMMENT_FIELDS
)

OPEN_PULL_REQUESTS = (
    """
query LadderOpenPullRequests($ids: [ID!]!) {
  nodes(ids: $ids) { ... on PullRequest { ...LadderPullRequest } }
  rateLimit { cost remaining resetAt }
}
"""
    + PR_FIELDS
)

LISTS = {
    "prs": (PULL_REQUESTS, "pullRequestContributions"),
    "issues": (ISSUES, "issueContributions"),
    "reviews": (REVIEWS, "pullRequestReviewContributions"),
}


class GraphQLReader:
    """Pages of one person's contributions from the GraphQL API.

    Args:
        client: The HTTP client.
        login: The person's GitHub login.
    """

    api = "graphql"

    def __init__(self, client: Client, login: str) -> None:
        self.client = client
        self.login = login

    def page(self, kind: str, window: Window, after: str | None) -> PageResult:
        """One page of ``kind`` (``prs``, ``issues``, ``reviews``) in ``window``."""
        query, field = LISTS[kind]
        variables = {
            "login": self.login,
            "from": iso(window.start),
            "to": iso(window.end),
            "after": after,
        }
        data, errors = self.client.graphql(query, variables)
        user = data.get("user")
        if not isinstance(user, dict):
            self._no_user(errors)
        collection = user.get("contributionsCollection") or {}
        connection = collection.get(field)
        if not isinstance(connection, dict):
            raise GraphQLUnavailable(_errors_text(errors) or f"no {field} in GitHub's answer")
        result = PageResult(total=connection.get("totalCount"))
        result.restricted = int(collection.get("restrictedContributionsCount") or 0)
        for node in connection.get("nodes") or []:
            record = _read(kind, node)
            if record is None:
                result.skipped += 1
            elif isinstance(record, Review):
                self._complete(record, node)
                result.reviews.append(record)
            elif isinstance(record, PullRequest):
                result.prs.append(record)
            else:
                result.issues.append(record)
        info = connection.get("pageInfo") or {}
        result.next = (
            info.get("endCursor") if info.get("hasNextPage") and info.get("endCursor") else None
        )
        return result

    def refresh(self, keys: dict[str, str]) -> Iterator[tuple[list[PullRequest], list[str]]]:
        """Re-read open pull requests (``owner/name#n`` → node id), 100 per query.

        Yields the pull requests read and the names of those GitHub no longer shows.
        """
        named = [(name, node) for name, node in keys.items() if node]
        for i in range(0, len(named), 100):
            chunk = named[i : i + 100]
            data, _ = self.client.graphql(OPEN_PULL_REQUESTS, {"ids": [node for _, node in chunk]})
            nodes = data.get("nodes") or []
            prs, gone = [], []
            for (name, _), node in zip(
                chunk, [*nodes, *[None] * (len(chunk) - len(nodes))], strict=False
            ):
                pr = _pull_request(node) if isinstance(node, dict) and node.get("number") else None
                if pr is None:
                    gone.append(name)
                else:
                    prs.append(pr)
            yield prs, gone

    def _complete(self, review: Review, node: dict[str, Any]) -> None:
        """Read the rest of a review's comments when it has more than one page of them."""
        comments = ((node.get("pullRequestReview") or {}).get("comments")) or {}
        info = comments.get("pageInfo") or {}
        after = info.get("endCursor")
        while info.get("hasNextPage") and after:
            data, _ = self.client.graphql(MORE_COMMENTS, {"id": review.node_id, "after": after})
            more = ((data.get("node") or {}).get("comments")) or {}
            review.comments.extend(
                c for c in map(_comment, more.get("nodes") or []) if c is not None
            )
            info = more.get("pageInfo") or {}
            after = info.get("endCursor")

    def _no_user(self, errors: list[dict[str, Any]]) -> NoReturn:
        if any(e.get("type") == "NOT_FOUND" for e in errors):
            raise UserNotFound(
                f"GitHub has no user {self.login!r} (or the token cannot see them)",
                hint="pass --user LOGIN, or fix the github: handle of your profile (ladder init --handle github:LOGIN)",
            )
        raise GraphQLUnavailable(_errors_text(errors) or "GitHub's GraphQL API returned no user")


def _errors_text(errors: list[dict[str, Any]]) -> str:
    return "; ".join(str(e.get("message", "")) for e in errors if e.get("message"))


def _read(kind: str, node: Any) -> PullRequest | Issue | Review | None:
    if not isinstance(node, dict):
        return None
    if kind == "prs":
        return _pull_request(node.get("pullRequest"))
    if kind == "issues":
        return _issue(node.get("issue"))
    return _review(node.get("pullRequestReview"), node.get("occurredAt"))


def _repo(node: dict[str, Any]) -> str | None:
    repo = node.get("repository")
    return repo.get("nameWithOwner") if isinstance(repo, dict) else None


def _pull_request(node: Any) -> PullRequest | None:
    if not isinstance(node, dict) or not _repo(node):
        return None
    return PullRequest(
        repo=str(_repo(node)),
        number=int(node["number"]),
        title=str(node.get("title") or ""),
        url=str(node.get("url") or ""),
        state=str(node.get("state") or "OPEN").lower(),
        created_at=str(node["createdAt"]),
        merged_at=node.get("mergedAt"),
        closed_at=node.get("closedAt"),
        additions=node.get("additions"),
        deletions=node.get("deletions"),
        changed_files=node.get("changedFiles"),
        draft=bool(node.get("isDraft")),
        body=node.get("body"),
        node_id=node.get("id"),
    )


def _issue(node: Any) -> Issue | None:
    if not isinstance(node, dict) or not _repo(node):
        return None
    return Issue(
        repo=str(_repo(node)),
        number=int(node["number"]),
        title=str(node.get("title") or ""),
        url=str(node.get("url") or ""),
        state=str(node.get("state") or "OPEN").lower(),
        created_at=str(node["createdAt"]),
        closed_at=node.get("closedAt"),
        body=node.get("body"),
    )


def _comment(node: Any) -> Comment | None:
    if not isinstance(node, dict) or node.get("databaseId") is None:
        return None
    line = node.get("line")
    return Comment(
        id=int(node["databaseId"]),
        body=str(node.get("body") or ""),
        path=node.get("path"),
        line=line if line is not None else node.get("originalLine"),
        diff_hunk=node.get("diffHunk"),
        url=node.get("url"),
        created_at=str(node.get("createdAt")),
        reply=node.get("replyTo") is not None,
    )


def _review(node: Any, occurred_at: Any) -> Review | None:
    if not isinstance(node, dict) or not node.get("id"):
        return None
    pr = node.get("pullRequest")
    if not isinstance(pr, dict) or not _repo(pr):
        return None
    author = pr.get("author")
    comments = (node.get("comments") or {}).get("nodes") or []
    return Review(
        node_id=str(node["id"]),
        state=str(node.get("state") or "COMMENTED"),
        body=node.get("body"),
        url=node.get("url"),
        submitted_at=str(node.get("submittedAt") or node.get("createdAt") or occurred_at),
        repo=str(_repo(pr)),
        number=int(pr["number"]),
        pr_title=str(pr.get("title") or ""),
        pr_url=pr.get("url"),
        pr_author=author.get("login") if isinstance(author, dict) else None,
        comments=[c for c in map(_comment, comments) if c is not None],
    )
