"""A small Jira, for tests: a real HTTP server on 127.0.0.1 that answers like Cloud or Server.

It serves the recorded shapes in ``tests/fixtures/jira`` (``<flavor>_myself.json``,
``<flavor>_fields.json``, ``<flavor>_issues.json``) through the endpoints the harvest uses:

- Cloud: ``/rest/api/3/myself``, ``/field``, ``POST /search/jql`` (``nextPageToken`` pages),
  ``/issue/KEY/comment``, ``/issue/KEY/changelog``; ``/rest/api/2/...`` answers 404.
- Server / Data Center: the same under ``/rest/api/2`` with ``POST /search`` (``startAt`` /
  ``total`` pages) and ``/issue/KEY?expand=changelog``; ``/rest/api/3/...`` answers 404.

Knobs: ``page_size`` (forces several pages), ``comment_limit`` (how many comments a search
result carries, so the harvest must page through ``/comment``), ``fail_search_from`` /
``fail_status`` / ``fail_times`` (make the N-th search page and later ones fail), and the
expected credentials (anything else gets a 401). Every request is recorded in ``requests``.
The search honours ``updated >= "YYYY-MM-DD"`` in the JQL, which is enough for the cursor.
"""

from __future__ import annotations

import base64
import copy
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jira"


@dataclass
class Request:
    """One request as the fake saw it."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    authorization: str | None


@dataclass
class FakeJira:
    """The fake's state; :func:`serve` runs it."""

    flavor: str = "cloud"  # or "server"
    email: str = "ada@example.com"
    token: str = "cloud-api-token-s3cret"
    page_size: int = 2
    comment_limit: int | None = None
    fail_search_from: int | None = None  # 1-based search page that starts failing
    fail_status: int = 500
    fail_times: int = 1000  # how many failures before it answers again
    drop_connection: bool = False  # fail by closing the socket instead of a status
    issues: list[dict[str, Any]] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    url: str = ""
    _failures: int = 0

    def __post_init__(self) -> None:
        if not self.issues:
            self.issues = json.loads((FIXTURES / f"{self.flavor}_issues.json").read_text())
        self.myself = json.loads((FIXTURES / f"{self.flavor}_myself.json").read_text())
        self.fields = json.loads((FIXTURES / f"{self.flavor}_fields.json").read_text())

    @property
    def api(self) -> str:
        """The REST prefix of this flavour."""
        return "/rest/api/3" if self.flavor == "cloud" else "/rest/api/2"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment a user of this Jira would set."""
        if self.flavor == "cloud":
            return {
                "JIRA_URL": self.url,
                "JIRA_EMAIL": self.email,
                "JIRA_API_TOKEN": self.token,
                **extra,
            }
        return {"JIRA_URL": self.url, "JIRA_TOKEN": self.token, **extra}

    def searches(self) -> list[Request]:
        """The search requests received."""
        return [r for r in self.requests if r.path.endswith(("/search/jql", "/search"))]

    # -- answering ------------------------------------------------------------------------
    def authorised(self, header: str | None) -> bool:
        if self.flavor == "cloud":
            raw = base64.b64encode(f"{self.email}:{self.token}".encode()).decode()
            return header == f"Basic {raw}"
        return header == f"Bearer {self.token}"

    def answer(self, req: Request) -> tuple[int, Any]:
        if not req.path.startswith(self.api + "/"):
            return 404, "<html><body>Oops, you've found a dead link.</body></html>"
        if not self.authorised(req.authorization):
            return 401, "Client must be authenticated to access this resource."
        rest = req.path[len(self.api) + 1 :]
        if rest == "myself":
            return 200, self.myself
        if rest == "field":
            return 200, self.fields
        if (rest == "search/jql" and self.flavor == "cloud") or (
            rest == "search" and self.flavor == "server"
        ):
            return self.search(req)
        m = re.fullmatch(r"issue/([A-Z]+-\d+)(/comment|/changelog)?", rest)
        if m:
            issue = next((i for i in self.issues if i["key"] == m.group(1)), None)
            if issue is None:
                return 404, {
                    "errorMessages": [
                        "Issue does not exist or you do not have permission to see it."
                    ],
                    "errors": {},
                }
            start = int(req.query.get("startAt", "0"))
            size = int(req.query.get("maxResults", "50"))
            if m.group(2) == "/comment":
                found = issue["fields"]["comment"]["comments"]
                return 200, {
                    "startAt": start,
                    "maxResults": size,
                    "total": len(found),
                    "comments": found[start : start + size],
                }
            if m.group(2) == "/changelog" and self.flavor == "cloud":
                found = issue["changelog"]["histories"]
                page = found[start : start + size]
                return 200, {
                    "startAt": start,
                    "maxResults": size,
                    "total": len(found),
                    "isLast": start + size >= len(found),
                    "values": page,
                }
            if m.group(2) is None:
                return 200, {
                    "key": issue["key"],
                    "fields": {"summary": issue["fields"]["summary"]},
                    "changelog": issue["changelog"],
                }
        return 404, {"errorMessages": ["null for uri: " + req.path], "errors": {}}

    def search(self, req: Request) -> tuple[int, Any]:
        body = req.body or {}
        jql = str(body.get("jql") or req.query.get("jql") or "")
        if self.flavor == "cloud":
            token = body.get("nextPageToken") or req.query.get("nextPageToken")
            start = int(str(token).split("-")[1]) if token else 0
        else:
            start = int(body.get("startAt") or req.query.get("startAt") or 0)
        page_no = start // self.page_size + 1
        if (
            self.fail_search_from is not None
            and page_no >= self.fail_search_from
            and self._failures < self.fail_times
        ):
            self._failures += 1
            if self.drop_connection:
                return -1, None
            return self.fail_status, {"errorMessages": ["Internal server error"], "errors": {}}
        matching = sorted(self._matching(jql), key=lambda i: (i["fields"]["updated"], i["key"]))
        size = min(int(body.get("maxResults") or self.page_size), self.page_size)
        page = [self._shape(i) for i in matching[start : start + size]]
        if self.flavor == "cloud":
            answer: dict[str, Any] = {"issues": page}
            if start + size < len(matching):
                answer["nextPageToken"] = f"tok-{start + size}"
            else:
                answer["isLast"] = True
            return 200, answer
        return 200, {
            "expand": "schema,names",
            "startAt": start,
            "maxResults": size,
            "total": len(matching),
            "issues": page,
        }

    def _matching(self, jql: str) -> list[dict[str, Any]]:
        m = re.search(r'updated >= "(\d{4}-\d{2}-\d{2})', jql)
        if not m:
            return list(self.issues)
        return [i for i in self.issues if i["fields"]["updated"][:10] >= m.group(1)]

    def _shape(self, issue: dict[str, Any]) -> dict[str, Any]:
        shaped = copy.deepcopy(issue)
        block = shaped["fields"].get("comment")
        if self.comment_limit is not None and block:
            block["comments"] = block["comments"][: self.comment_limit]
            block["maxResults"] = self.comment_limit
        return shaped


class _Handler(BaseHTTPRequestHandler):
    fake: FakeJira

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        req = Request(
            method=self.command,
            path=parts.path,
            query={k: v[-1] for k, v in parse_qs(parts.query).items()},
            body=json.loads(raw) if raw else None,
            authorization=self.headers.get("Authorization"),
        )
        self.fake.requests.append(req)
        status, payload = self.fake.answer(req)
        if status < 0:  # drop the connection without an answer
            self.close_connection = True
            self.connection.shutdown(2)
            return
        data = (payload if isinstance(payload, str) else json.dumps(payload)).encode()
        self.send_response(status)
        self.send_header(
            "Content-Type", "text/html" if isinstance(payload, str) else "application/json"
        )
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = _handle
    do_POST = _handle


class serve:  # a context manager: ``with serve(FakeJira()) as jira``
    """Run ``fake`` on 127.0.0.1 (a free port) in a thread while the block runs."""

    def __init__(self, fake: FakeJira) -> None:
        self.fake = fake
        handler = type("Handler", (_Handler,), {"fake": fake})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> FakeJira:
        host, port = self.server.server_address[:2]
        self.fake.url = f"http://{host}:{port}"
        self.thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
