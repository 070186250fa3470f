"""A small GitHub, for tests: a real HTTP server on 127.0.0.1 that answers like api.github.com.

It serves Ada's contributions from ``tests/fixtures/github/contributions.json`` through

- ``POST /graphql``: ``user.contributionsCollection(from:, to:)`` with
  ``pullRequestContributions`` / ``issueContributions`` / ``pullRequestReviewContributions``
  (filtered by ``occurredAt``, paged with opaque ``endCursor`` s), a review's ``comments``
  (paged too), ``node(id:)`` for more comments and ``nodes(ids:)`` for pull requests;
- ``GET /search/issues`` (``type:``, ``author:``, ``reviewed-by:``, ``created:``,
  ``updated:``; ``per_page`` / ``page`` with ``Link`` headers), ``/repos/O/R/pulls/N``,
  ``…/pulls/N/reviews`` and ``…/reviews/ID/comments``, in the shapes of the ``rest_*.json``
  fixtures;

and under ``/api/graphql`` and ``/api/v3/…`` too, like GitHub Enterprise Server. It checks the
``Authorization`` header (``bearer`` or ``token`` scheme) like GitHub, answering 401
``Bad credentials`` otherwise.

Knobs: ``page_size`` and ``comment_page_size`` (force several pages), ``graphql_enabled``
(False: ``/graphql`` answers 404), ``crowded_days`` (a search over a longer ``created:`` range
reports more than the 1,000 results GitHub returns), ``restricted`` (the
``restrictedContributionsCount`` of every window), and :meth:`FakeGitHub.fault` — answer the N-th matching
request (and ``times`` after it) with a status, headers and body, or by dropping the
connection; :meth:`rate_limit`, :meth:`secondary_limit` and :meth:`underscoped` build the
usual ones. Every request is recorded in ``requests``.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "github"
TOKEN = "ghp_TESTtoken0123456789abcdefSECRET"


def fixture(name: str) -> Any:
    """A fixture file, parsed (``_comment`` keys dropped)."""
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data.pop("_comment", None)
    return data


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _cursor(index: int) -> str:
    return base64.b64encode(f"cursor:v2:{index}".encode()).decode()


def _index(cursor: str | None) -> int:
    if not cursor:
        return -1
    return int(base64.b64decode(cursor).decode().rsplit(":", 1)[1])


@dataclass
class Request:
    """One request as the fake saw it."""

    method: str
    path: str  # without the Enterprise prefix
    raw_path: str
    query: dict[str, str]
    body: Any
    authorization: str | None

    @property
    def api(self) -> str:
        """``graphql`` or ``rest``."""
        return "graphql" if self.path == "/graphql" else "rest"

    @property
    def variables(self) -> dict[str, Any]:
        """The GraphQL variables (empty for REST)."""
        return (self.body or {}).get("variables") or {} if isinstance(self.body, dict) else {}

    @property
    def list(self) -> str | None:
        """Which GraphQL list the query reads (``pullRequestContributions``, …), if any."""
        query = (self.body or {}).get("query", "") if isinstance(self.body, dict) else ""
        for name in (
            "pullRequestReviewContributions",
            "pullRequestContributions",
            "issueContributions",
        ):
            if name in query:
                return name
        if "node(id:" in query:
            return "node"
        if "nodes(ids:" in query:
            return "nodes"
        return None


@dataclass
class Fault:
    """Answer matching requests with ``status`` (or drop the connection when ``status`` is None).

    Args:
        api: ``graphql``, ``rest`` or ``any``.
        after: Let this many matching requests through first.
        times: How many to answer so (-1: all).
        match: Only requests whose path or GraphQL list contains this.
    """

    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    api: str = "any"
    after: int = 0
    times: int = 1
    match: str | None = None
    hits: int = 0

    def take(self, request: Request) -> bool:
        """Whether this fault answers ``request`` (and count it)."""
        if self.api != "any" and request.api != self.api:
            return False
        if self.match and self.match not in request.path and self.match != request.list:
            return False
        if self.after > 0:
            self.after -= 1
            return False
        if self.times == 0:
            return False
        self.times -= 1
        self.hits += 1
        return True


class FakeGitHub:
    """The fake's state; :func:`serve` runs it."""

    def __init__(self, *, token: str = TOKEN) -> None:
        data = fixture("contributions.json")
        self.login: str = data.pop("login")
        self.data: dict[str, list[dict[str, Any]]] = data
        self.token = token
        self.page_size = 100
        self.comment_page_size = 100
        self.graphql_enabled = True
        self.restricted = 0  # restrictedContributionsCount: private work the token cannot see
        self.crowded_days: int | None = None  # searches over more days than this match > 1,000
        self.faults: list[Fault] = []
        self.delay = 0.0  # seconds every answer waits (a slow GitHub, to catch a harvest mid-way)
        self.requests: list[Request] = []
        self.url = ""
        self.lock = threading.Lock()

    # -- knobs --------------------------------------------------------------------------------
    def fault(self, status: int | None, **kwargs: Any) -> Fault:
        """Add a :class:`Fault` (``status=None`` drops the connection)."""
        f = Fault(status, **kwargs)
        self.faults.append(f)
        return f

    def rate_limit(
        self, *, reset_in: float = 2, graphql_error: bool = False, **kwargs: Any
    ) -> Fault:
        """A primary rate limit: 403 (or GraphQL 200 ``RATE_LIMITED``) with ``x-ratelimit-*``."""
        headers = {
            "x-ratelimit-limit": "5000",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-used": "5000",
            "x-ratelimit-reset": str(int(time.time() + reset_in)),
            "x-ratelimit-resource": "graphql" if graphql_error else "core",
        }
        if graphql_error:
            return self.fault(
                200,
                headers=headers,
                body=fixture("graphql_rate_limited.json"),
                api="graphql",
                **kwargs,
            )
        return self.fault(403, headers=headers, body=fixture("rest_rate_limited.json"), **kwargs)

    def secondary_limit(self, *, retry_after: int | None = 1, **kwargs: Any) -> Fault:
        """A secondary rate limit: 403, the message, and ``retry-after`` when given."""
        headers = {"retry-after": str(retry_after)} if retry_after is not None else {}
        return self.fault(
            403, headers=headers, body=fixture("rest_secondary_rate_limit.json"), **kwargs
        )

    def underscoped(self) -> None:
        """A token without the scopes: GraphQL ``INSUFFICIENT_SCOPES``, REST 403 with scope headers."""
        self.fault(200, body=fixture("graphql_insufficient_scopes.json"), api="graphql", times=-1)
        self.fault(
            403,
            headers={"x-oauth-scopes": "read:user", "x-accepted-oauth-scopes": "repo"},
            body=fixture("rest_forbidden.json"),
            api="rest",
            times=-1,
        )

    def set_pull_request(self, repo: str, number: int, **fields: Any) -> None:
        """Change a pull request (``state="MERGED", mergedAt=…``)."""
        for node in self.data["pullRequestContributions"]:
            pr = node["pullRequest"]
            if pr["repository"]["nameWithOwner"] == repo and pr["number"] == number:
                pr.update(fields)
                return
        raise KeyError(f"{repo}#{number}")

    def graphql_requests(self, name: str | None = None) -> list[Request]:
        """The GraphQL requests (reading list ``name``, if given)."""
        return [r for r in self.requests if r.api == "graphql" and (name is None or r.list == name)]

    def rest_requests(self) -> list[Request]:
        """The REST requests."""
        return [r for r in self.requests if r.api == "rest"]

    # -- GraphQL ------------------------------------------------------------------------------
    def graphql(self, body: dict[str, Any]) -> dict[str, Any]:
        query = body.get("query", "")
        v = body.get("variables") or {}
        rate = {
            "rateLimit": {"cost": 1, "remaining": 4990, "resetAt": self._iso(time.time() + 3600)}
        }
        for name in (
            "pullRequestReviewContributions",
            "pullRequestContributions",
            "issueContributions",
        ):
            if name in query:
                if str(v.get("login", "")).lower() != self.login:
                    answer = fixture("graphql_user_not_found.json")
                    answer["errors"][0]["message"] = answer["errors"][0]["message"].replace(
                        "LOGIN", str(v.get("login"))
                    )
                    return answer
                start, end = _when(v["from"]), _when(v["to"])
                if end - start > dt.timedelta(days=366) or end < start:
                    return fixture("graphql_span_too_long.json")
                nodes = [n for n in self.data[name] if start <= _when(n["occurredAt"]) <= end]
                nodes.sort(key=lambda n: n["occurredAt"])
                connection = self._page(nodes, v.get("after"), self.page_size)
                connection["nodes"] = [self._shape(name, n) for n in connection["nodes"]]
                collection = {name: connection, "restrictedContributionsCount": self.restricted}
                return {"data": {"user": {"contributionsCollection": collection}, **rate}}
        if "node(id:" in query:
            review = self._review(v["id"])
            if review is None:
                return {"data": {"node": None, **rate}}
            comments = self._page(
                review["comments"]["nodes"], v.get("after"), self.comment_page_size
            )
            return {"data": {"node": {"comments": comments}, **rate}}
        if "nodes(ids:" in query:
            by_id = {
                n["pullRequest"]["id"]: n["pullRequest"]
                for n in self.data["pullRequestContributions"]
            }
            return {"data": {"nodes": [copy.deepcopy(by_id.get(i)) for i in v["ids"]], **rate}}
        return {"errors": [{"message": "Fake GitHub does not know this query"}]}

    def _page(self, nodes: list[Any], after: str | None, size: int) -> dict[str, Any]:
        first = _index(after) + 1
        chunk = nodes[first : first + size]
        last = first + len(chunk) - 1
        return {
            "totalCount": len(nodes),
            "pageInfo": {
                "hasNextPage": first + size < len(nodes),
                "endCursor": _cursor(last) if chunk else None,
            },
            "nodes": copy.deepcopy(chunk),
        }

    def _shape(self, name: str, node: dict[str, Any]) -> dict[str, Any]:
        if name == "pullRequestReviewContributions":
            review = node["pullRequestReview"]
            review["comments"] = self._page(
                review["comments"]["nodes"], None, self.comment_page_size
            )
        return node

    def _review(self, node_id: str) -> dict[str, Any] | None:
        for n in self.data["pullRequestReviewContributions"]:
            if n["pullRequestReview"]["id"] == node_id:
                return n["pullRequestReview"]
        return None

    # -- REST ---------------------------------------------------------------------------------
    def rest(
        self, path: str, query: dict[str, str], raw_path: str
    ) -> tuple[int, dict[str, str], Any]:
        parts = path.strip("/").split("/")
        if path == "/search/issues":
            return self._search(raw_path, query)
        if len(parts) >= 5 and parts[0] == "repos" and parts[3] == "pulls":
            repo, number = f"{parts[1]}/{parts[2]}", int(parts[4])
            if len(parts) == 5:
                pr = self._pull(repo, number)
                return (200, {}, pr) if pr else (404, {}, fixture("rest_not_found.json"))
            if len(parts) == 6 and parts[5] == "reviews":
                return self._list(raw_path, query, self._rest_reviews(repo, number))
            if len(parts) == 8 and parts[5] == "reviews" and parts[7] == "comments":
                for n in self.data["pullRequestReviewContributions"]:
                    review = n["pullRequestReview"]
                    if self._review_id(review) == int(parts[6]):
                        return self._list(
                            raw_path,
                            query,
                            [self._rest_comment(c, review) for c in review["comments"]["nodes"]],
                        )
                return 404, {}, fixture("rest_not_found.json")
        return 404, {}, fixture("rest_not_found.json")

    def _search(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        terms = dict(t.split(":", 1) for t in query.get("q", "").split() if ":" in t)
        who = terms.get("author") or terms.get("reviewed-by") or ""
        if who.lower() != self.login:
            return 422, {}, fixture("rest_search_validation_failed.json")
        items: list[dict[str, Any]] = []
        if terms.get("type") == "pr" and "author" in terms:
            items = [
                self._search_pr(n["pullRequest"]) for n in self.data["pullRequestContributions"]
            ]
        elif terms.get("type") == "issue":
            items = [self._search_issue(n["issue"]) for n in self.data["issueContributions"]]
        elif terms.get("type") == "pr" and "reviewed-by" in terms:
            seen: dict[str, dict[str, Any]] = {}
            for n in self.data["pullRequestReviewContributions"]:
                pr = n["pullRequestReview"]["pullRequest"]
                key = pr["url"]
                submitted = n["pullRequestReview"]["submittedAt"]
                item = seen.get(key) or self._search_reviewed(pr, submitted)
                item["updated_at"] = max(item["updated_at"], submitted)
                seen[key] = item
            items = list(seen.values())
        items = [i for i in items if _matches(i, terms)]
        items.sort(key=lambda i: i["created_at"])
        status, headers, page = self._list(path, query, items)
        total = len(items)
        span = terms.get("created", "")
        if self.crowded_days is not None and ".." in span:
            start, end = (_when(x) for x in span.split(".."))
            if end - start > dt.timedelta(days=self.crowded_days):
                total += 5000  # a prolific person: more than search returns
        return status, headers, {"total_count": total, "incomplete_results": False, "items": page}

    def _list(
        self, path: str, query: dict[str, str], items: list[Any]
    ) -> tuple[int, dict[str, str], Any]:
        per_page = min(int(query.get("per_page", 30)), self.page_size)
        page = int(query.get("page", 1))
        chunk = items[(page - 1) * per_page : page * per_page]
        links = []
        last = max(1, -(-len(items) // per_page))
        if page < last:
            links.append(f'<{self.url}{path}?{urlencode({**query, "page": page + 1})}>; rel="next"')
            links.append(f'<{self.url}{path}?{urlencode({**query, "page": last})}>; rel="last"')
        return 200, ({"Link": ", ".join(links)} if links else {}), chunk

    def _search_pr(self, pr: dict[str, Any]) -> dict[str, Any]:
        item = fixture("rest_search_issues.json")["items"][0]
        repo = pr["repository"]["nameWithOwner"]
        api = f"https://api.github.com/repos/{repo}"
        item.update(
            url=f"{api}/issues/{pr['number']}",
            repository_url=api,
            html_url=pr["url"],
            node_id=pr["id"],
            number=pr["number"],
            title=pr["title"],
            state="open" if pr["state"] == "OPEN" else "closed",
            created_at=pr["createdAt"],
            updated_at=pr["closedAt"] or pr["createdAt"],
            closed_at=pr["closedAt"],
            body=pr["body"],
            draft=pr["isDraft"],
        )
        item["user"]["login"] = self.login
        item["pull_request"] = {
            **item["pull_request"],
            "html_url": pr["url"],
            "merged_at": pr["mergedAt"],
        }
        return item

    def _search_issue(self, issue: dict[str, Any]) -> dict[str, Any]:
        item = fixture("rest_search_issues.json")["items"][0]
        repo = issue["repository"]["nameWithOwner"]
        api = f"https://api.github.com/repos/{repo}"
        item.update(
            url=f"{api}/issues/{issue['number']}",
            repository_url=api,
            html_url=issue["url"],
            node_id=issue["id"],
            number=issue["number"],
            title=issue["title"],
            state=issue["state"].lower(),
            created_at=issue["createdAt"],
            updated_at=issue["closedAt"] or issue["createdAt"],
            closed_at=issue["closedAt"],
            body=issue["body"],
        )
        item.pop("pull_request")
        item.pop("draft")
        return item

    def _search_reviewed(self, pr: dict[str, Any], submitted: str) -> dict[str, Any]:
        item = fixture("rest_search_issues.json")["items"][0]
        repo = pr["repository"]["nameWithOwner"]
        api = f"https://api.github.com/repos/{repo}"
        created = self._iso(_when(submitted).timestamp() - 86400)
        item.update(
            url=f"{api}/issues/{pr['number']}",
            repository_url=api,
            html_url=pr["url"],
            number=pr["number"],
            title=pr["title"],
            state="open",
            created_at=created,
            updated_at=submitted,
            closed_at=None,
        )
        item["user"]["login"] = (pr.get("author") or {}).get("login")
        return item

    def _pull(self, repo: str, number: int) -> dict[str, Any] | None:
        for n in self.data["pullRequestContributions"]:
            pr = n["pullRequest"]
            if pr["repository"]["nameWithOwner"] == repo and pr["number"] == number:
                out = fixture("rest_pull.json")
                out.update(
                    url=f"https://api.github.com/repos/{repo}/pulls/{number}",
                    node_id=pr["id"],
                    html_url=pr["url"],
                    number=number,
                    state="open" if pr["state"] == "OPEN" else "closed",
                    title=pr["title"],
                    body=pr["body"],
                    created_at=pr["createdAt"],
                    updated_at=pr["closedAt"] or pr["createdAt"],
                    closed_at=pr["closedAt"],
                    merged_at=pr["mergedAt"],
                    merged=pr["state"] == "MERGED",
                    draft=pr["isDraft"],
                    additions=pr["additions"],
                    deletions=pr["deletions"],
                    changed_files=pr["changedFiles"],
                )
                out["base"]["repo"].update(full_name=repo, name=repo.split("/")[1])
                return out
        return None

    def _review_id(self, review: dict[str, Any]) -> int:
        return 80000 + int(review["id"][-3:])

    def _rest_reviews(self, repo: str, number: int) -> list[dict[str, Any]]:
        out = []
        for n in self.data["pullRequestReviewContributions"]:
            review = n["pullRequestReview"]
            pr = review["pullRequest"]
            if pr["repository"]["nameWithOwner"] != repo or pr["number"] != number:
                continue
            other = fixture("rest_review.json")  # someone else's review on the same PR
            other.update(
                id=99000 + number,
                node_id=f"PRR_other{number}",
                body="Looks fine to me.",
                state="APPROVED",
            )
            other["user"]["login"] = "linus"
            other["submitted_at"] = review["submittedAt"]
            mine = fixture("rest_review.json")
            mine.update(
                id=self._review_id(review),
                node_id=review["id"],
                body=review["body"],
                state=review["state"],
                html_url=review["url"],
                pull_request_url=f"https://api.github.com/repos/{repo}/pulls/{number}",
                submitted_at=review["submittedAt"],
            )
            mine["user"]["login"] = self.login
            out += [other, mine]
        return out

    def _rest_comment(self, c: dict[str, Any], review: dict[str, Any]) -> dict[str, Any]:
        out = fixture("rest_review_comment.json")
        out.update(
            id=c["databaseId"],
            node_id=c["id"],
            pull_request_review_id=self._review_id(review),
            diff_hunk=c["diffHunk"],
            path=c["path"],
            body=c["body"],
            created_at=c["createdAt"],
            updated_at=c["createdAt"],
            html_url=c["url"],
            line=c["line"],
            original_line=c["originalLine"],
        )
        if c["replyTo"]:
            out["in_reply_to_id"] = 1999
        return out

    @staticmethod
    def _iso(epoch: float) -> str:
        return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _matches(item: dict[str, Any], terms: dict[str, str]) -> bool:
    created, updated = _when(item["created_at"]), _when(item["updated_at"])
    span = terms.get("created", "")
    if ".." in span:
        start, end = span.split("..")
        if not _when(start) <= created <= _when(end):
            return False
    elif span.startswith("<=") and created > _when(span[2:]):
        return False
    since = terms.get("updated", "")
    return not (since.startswith(">=") and updated < _when(since[2:]))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        fake = self.server.fake
        if fake.delay:
            time.sleep(fake.delay)
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/api/graphql":
            path = "/graphql"
        elif path.startswith("/api/v3/"):
            path = path[len("/api/v3") :]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        request = Request(method, path, parts.path, query, body, self.headers.get("Authorization"))
        scheme, _, token = (request.authorization or "").partition(" ")
        with fake.lock:
            fake.requests.append(request)
            if scheme.lower() not in ("bearer", "token") or token != fake.token:
                fault = Fault(401, body=fixture("rest_bad_credentials.json"))
            else:
                fired = [
                    f for f in fake.faults if f.take(request)
                ]  # every fault counts every request
                fault = fired[0] if fired else None
        if fault is not None:
            if fault.status is None:  # drop the connection without answering
                self.close_connection = True
                return
            self._send(fault.status, fault.headers, fault.body)
            return
        if path == "/graphql" and method == "POST":
            if not fake.graphql_enabled:
                self._send(404, {}, fixture("rest_not_found.json"))
                return
            self._send(200, {"x-ratelimit-resource": "graphql"}, fake.graphql(body or {}))
            return
        if method != "GET":
            self._send(404, {}, fixture("rest_not_found.json"))
            return
        status, headers, data = fake.rest(path, query, parts.path)
        self._send(status, headers, data)

    def _send(self, status: int, headers: dict[str, str], body: Any) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        base = {
            "x-ratelimit-limit": "5000",
            "x-ratelimit-remaining": "4990",
            "x-ratelimit-reset": str(int(time.time() + 3600)),
            "x-ratelimit-used": "10",
            "x-oauth-scopes": "repo, read:org",
            "x-github-request-id": "0400:FAKE:1",
        }
        for name, value in {**base, **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeGitHub


def serve(fake: FakeGitHub | None = None) -> Iterator[FakeGitHub]:
    """Run ``fake`` on 127.0.0.1 (a free port) until the generator is closed."""
    fake = fake or FakeGitHub()
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = fake
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
