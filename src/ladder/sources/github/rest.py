"""Reading a person's GitHub work through the REST API: the fallback when GraphQL cannot.

Used when ``/graphql`` is missing (a proxy that passes REST only, an old Enterprise server),
refuses the token (403, ``INSUFFICIENT_SCOPES``, ``FORBIDDEN``) or cannot run the query; or
always with ``--api rest``. Per window:

- pull requests: ``/search/issues?q=type:pr author:LOGIN created:FROM..TO``, then
  ``/repos/O/R/pulls/N`` for each (state, merge time and line counts are not in search results);
- issues: ``/search/issues?q=type:issue author:LOGIN created:FROM..TO``;
- reviews: ``/search/issues?q=type:pr reviewed-by:LOGIN created:<=TO updated:>=FROM``, then
  each such PR's ``/reviews`` (kept: the person's, submitted in the window) and each kept
  review's ``/comments``.

Search pages are 100 results, sorted by creation, and the page number is the cursor. GitHub
stops at 1,000 results per query, so a window that matches more is cut in two (down to a day). Evidence is the same as from GraphQL (see ``records.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ladder.sources.github.client import Client, Page, UserNotFound
from ladder.sources.github.plan import Window, iso, parse_iso
from ladder.sources.github.records import Comment, Issue, PageResult, PullRequest, Review

PER_PAGE = 100
SEARCH_LIMIT = 1000  # GitHub's search returns at most this many results per query


class TooManyResults(Exception):
    """A search matches more than GitHub returns: the window must be cut smaller."""


class RestReader:
    """Pages of one person's work from the REST API (search, pulls, reviews).

    Args:
        client: The HTTP client.
        login: The person's GitHub login.
    """

    api = "rest"

    def __init__(self, client: Client, login: str) -> None:
        self.client = client
        self.login = login

    def page(self, kind: str, window: Window, after: str | None) -> PageResult:
        """One search page of ``kind`` (``prs``, ``issues``, ``reviews``) in ``window``."""
        number = int(after or 1)
        start, end = iso(window.start), iso(window.end)
        query = {
            "prs": f"type:pr author:{self.login} created:{start}..{end}",
            "issues": f"type:issue author:{self.login} created:{start}..{end}",
            "reviews": f"type:pr reviewed-by:{self.login} created:<={end} updated:>={start}",
        }[kind]
        found = self.client.rest(
            "/search/issues",
            {"q": query, "sort": "created", "order": "asc", "per_page": PER_PAGE, "page": number},
        )
        result = PageResult()
        if found.status == 422:
            if "1000" in _message(found):  # past GitHub's 1,000 results: nothing more to read
                return result
            raise UserNotFound(
                f"GitHub has no user {self.login!r} (or the token cannot see them)",
                hint="pass --user LOGIN, or fix the github: handle of your profile (ladder init --handle github:LOGIN)",
            )
        data = found.data if isinstance(found.data, dict) else {}
        total = int(data.get("total_count") or 0)
        if (
            total > SEARCH_LIMIT
            and number == 1
            and window.end - window.start > dt.timedelta(days=1)
        ):
            raise TooManyResults(f"{total} results")
        result.total = min(total, SEARCH_LIMIT)
        for item in data.get("items") or []:
            repo = _repo(item)
            if repo is None:
                result.skipped += 1
            elif kind == "prs":
                pr = self.pull_request(repo, int(item["number"]))
                if pr is None:
                    result.skipped += 1
                else:
                    result.prs.append(pr)
            elif kind == "issues":
                result.issues.append(_issue(repo, item))
            else:
                result.reviews.extend(self._reviews(repo, item, window))
        result.next = str(number + 1) if found.next_url else None
        return result

    def refresh(self, keys: dict[str, str]) -> Iterator[tuple[list[PullRequest], list[str]]]:
        """Re-read open pull requests (``owner/name#n``), 100 per batch."""
        names = list(keys)
        for i in range(0, len(names), 100):
            prs, gone = [], []
            for name in names[i : i + 100]:
                repo, _, number = name.rpartition("#")
                pr = self.pull_request(repo, int(number)) if number.isdigit() else None
                if pr is None:
                    gone.append(name)
                else:
                    prs.append(pr)
            yield prs, gone

    def pull_request(self, repo: str, number: int) -> PullRequest | None:
        """One pull request, or None when GitHub does not show it (deleted, no access)."""
        got = self.client.rest(f"/repos/{repo}/pulls/{number}")
        p = got.data
        if got.status != 200 or not isinstance(p, dict):
            return None
        state = "merged" if p.get("merged") or p.get("merged_at") else str(p.get("state") or "open")
        return PullRequest(
            repo=repo,
            number=number,
            title=str(p.get("title") or ""),
            url=str(p.get("html_url") or ""),
            state=state,
            created_at=str(p["created_at"]),
            merged_at=p.get("merged_at"),
            closed_at=p.get("closed_at"),
            additions=p.get("additions"),
            deletions=p.get("deletions"),
            changed_files=p.get("changed_files"),
            draft=bool(p.get("draft")),
            body=p.get("body"),
            node_id=p.get("node_id"),
        )

    def _reviews(self, repo: str, item: dict[str, Any], window: Window) -> list[Review]:
        number = int(item["number"])
        author = (item.get("user") or {}).get("login")
        reviews = []
        for r in self._all(f"/repos/{repo}/pulls/{number}/reviews"):
            who = ((r.get("user") or {}).get("login") or "").lower()
            submitted = r.get("submitted_at")
            if who != self.login.lower() or not submitted or r.get("state") == "PENDING":
                continue
            if not window.start <= parse_iso(submitted) <= window.end:
                continue
            comments = [
                _comment(c)
                for c in self._all(f"/repos/{repo}/pulls/{number}/reviews/{r['id']}/comments")
            ]
            reviews.append(
                Review(
                    node_id=str(r.get("node_id") or r["id"]),
                    state=str(r.get("state") or "COMMENTED"),
                    body=r.get("body"),
                    url=r.get("html_url"),
                    submitted_at=str(submitted),
                    repo=repo,
                    number=number,
                    pr_title=str(item.get("title") or ""),
                    pr_url=item.get("html_url"),
                    pr_author=author,
                    comments=comments,
                )
            )
        return reviews

    def _all(self, path: str) -> Iterator[dict[str, Any]]:
        """Every element of a paginated list (following ``Link: rel="next"``)."""
        page: Page | None = self.client.rest(path, {"per_page": PER_PAGE})
        while page is not None:
            if page.status != 200 or not isinstance(page.data, list):
                return
            yield from (x for x in page.data if isinstance(x, dict))
            page = self.client.rest(page.next_url) if page.next_url else None


def _message(page: Page) -> str:
    data = page.data if isinstance(page.data, dict) else {}
    parts = [str(data.get("message", ""))]
    parts += [str(e.get("message", "")) for e in data.get("errors") or [] if isinstance(e, dict)]
    return " ".join(parts)


def _repo(item: dict[str, Any]) -> str | None:
    url = str(item.get("repository_url") or "")
    if "/repos/" not in url:
        return None
    return url.rsplit("/repos/", 1)[1].strip("/") or None


def _issue(repo: str, item: dict[str, Any]) -> Issue:
    return Issue(
        repo=repo,
        number=int(item["number"]),
        title=str(item.get("title") or ""),
        url=str(item.get("html_url") or ""),
        state=str(item.get("state") or "open"),
        created_at=str(item["created_at"]),
        closed_at=item.get("closed_at"),
        body=item.get("body"),
    )


def _comment(c: dict[str, Any]) -> Comment:
    line = c.get("line")
    return Comment(
        id=int(c["id"]),
        body=str(c.get("body") or ""),
        path=c.get("path"),
        line=line if line is not None else c.get("original_line"),
        diff_hunk=c.get("diff_hunk"),
        url=c.get("html_url"),
        created_at=str(c.get("created_at")),
        reply=c.get("in_reply_to_id") is not None,
    )
