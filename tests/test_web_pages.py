"""The pages of ``ladder serve`` and its safety: CSRF, hosts, the token, escaping, the bind check,
and the command itself (a real server in a subprocess)."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from helpers import CLOCK
from ladder.errors import InputError
from ladder.web import Settings, create_app
from ladder.web.security import check_bind, is_loopback, safe_next
from ladder.workspace import Workspace

with warnings.catch_warnings():  # Starlette's client says httpx is deprecated for it
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PAGES = ["/", "/evidence", "/assess", "/goals", "/mentorship", "/reviews", "/packet"]
TOKEN = "correct-horse-battery-staple-42"


@pytest.fixture
def client(ws: Workspace) -> Iterator[TestClient]:
    app = create_app(Settings(home=ws.home, url=ws.store.url, env={}, cache_ttl=0, clock=CLOCK))
    with TestClient(app, base_url="http://127.0.0.1", follow_redirects=False) as c:
        yield c


def csrf(client: TestClient, path: str = "/evidence") -> str:
    """The CSRF token of a page's forms (the page also sets the cookie it goes with)."""
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get(path).text)
    assert match, f"no form token on {path}"
    return match.group(1)


def post(
    client: TestClient, path: str, data: dict[str, object], *, page: str = "/evidence"
) -> httpx.Response:
    return client.post(path, data={"csrf": csrf(client, page), **data})


# -- pages ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", PAGES)
def test_page_renders_with_its_safety_headers(client: TestClient, ws: Workspace, path: str) -> None:
    ws.map(ws.log("Wrote the postmortem for the queue outage @oncall").id)
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert "text/html" in response.headers["content-type"]
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert 'aria-current="page"' in response.text
    assert "http://" not in re.sub(r'(href|action)="[^"]*"', "", response.text.split("</head>")[0])
    assert "cdn" not in response.text.lower()


def test_dashboard_shows_readiness_gaps_goals_and_quiet_areas(
    client: TestClient, ws: Workspace
) -> None:
    old = ws.log("Ran the on-call handover and updated the runbook", date="2026-06-01")
    ws.tag(old.id, area="operations")
    ws.goals.add("Give the cache talk at the guild", track="communication")
    page = client.get("/").text
    assert "Readiness for Senior" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="ladder-chart ladder-radar' in page
    assert "Top gaps and what to do next" in page
    assert "Give the cache talk at the guild" in page
    assert "Gone quiet" in page and "Operations" in page


def test_dashboard_says_which_areas_the_sources_cannot_show(
    client: TestClient, ws: Workspace
) -> None:
    from ladder.source import Batch, HarvestContext, Item, Source, SourceStatus

    class Git(Source):
        name, title = "git", "commits"

        def status(self, env: object) -> SourceStatus:
            return SourceStatus(True, "test")

        def register_commands(self, harvest: object) -> None:
            return None

        def harvest(self, ctx: HarvestContext, **options: object) -> Iterator[Batch]:
            yield Batch(items=[Item("c1", "commits", dt.date(2026, 11, 2), "Avoid a deadlock")])

    ws.harvest(Git())
    page = client.get("/").text
    mentorship = page.split('href="/evidence?area=mentorship">Mentorship</a>', 1)[1][:200]
    assert "Not shown" in mentorship
    assert 'class="pill s-not-shown"' in mentorship  # muted, not the red of a gap
    assert "Your sources cannot show" in page


def test_static_assets_are_served_locally(client: TestClient) -> None:
    for asset in ("/static/app.css", "/static/app.js", "/static/favicon.svg"):
        assert client.get(asset).status_code == 200
    html = client.get("/").text
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not src.startswith(("http:", "https:", "//")), src
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]+)"', html).group(1)  # type: ignore[union-attr]
    pinned = client.get(css)
    assert "immutable" in pinned.headers["cache-control"] and pinned.headers[
        "content-type"
    ].startswith("text/css")
    again = client.get(css, headers={"if-none-match": pinned.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/static/nothing.css").status_code == 404


def test_capture_form_logs_maps_and_redirects(client: TestClient, ws: Workspace) -> None:
    response = post(
        client,
        "/evidence",
        {"text": "Wrote the postmortem of the cache outage @oncall", "date": "yesterday"},
    )
    assert response.status_code == 303
    entry_id = int(
        re.search(r"/evidence/(\d+)\?done=logged", response.headers["location"]).group(1)
    )  # type: ignore[union-attr]
    entry = ws.entry(entry_id)
    assert entry.tags == ("oncall",) and any(a.area == "operations" for a in entry.areas)
    page = client.get(response.headers["location"]).text
    assert "Captured." in page and "Where it counts, and why" in page and "postmortem" in page


def test_capture_form_refuses_bad_input_keeps_the_text(client: TestClient, ws: Workspace) -> None:
    response = post(client, "/evidence", {"text": "Shipped the exporter", "date": "next friday"})
    assert response.status_code == 400
    assert "in the future" in response.text
    assert "Shipped the exporter" in response.text  # the draft is kept
    assert ws.entries()[1] == 0


def test_forms_need_the_csrf_token(client: TestClient, ws: Workspace) -> None:
    client.get("/evidence")  # the browser has its cookie
    assert client.post("/evidence", data={"text": "x"}).status_code == 403
    assert client.post("/evidence", data={"text": "x", "csrf": "0" * 64}).status_code == 403
    other = TestClient(client.app, base_url="http://127.0.0.1")  # another browser's token
    token = csrf(other)
    assert client.post("/evidence", data={"text": "x", "csrf": token}).status_code == 403
    assert ws.entries()[1] == 0


def test_cross_site_writes_are_refused(client: TestClient, ws: Workspace) -> None:
    token = csrf(client)
    refused = client.post(
        "/evidence", data={"text": "x", "csrf": token}, headers={"origin": "http://evil.example"}
    )
    assert refused.status_code == 403
    api = client.post(
        "/api/v1/evidence", json={"text": "x"}, headers={"origin": "http://127.0.0.1:9"}
    )
    assert api.status_code == 403 and api.headers["content-type"] == "application/problem+json"
    assert ws.entries()[1] == 0
    same = client.post(
        "/evidence", data={"text": "ok", "csrf": token}, headers={"origin": "http://127.0.0.1"}
    )
    assert same.status_code == 303


def test_unknown_host_is_refused_without_a_token(client: TestClient) -> None:
    response = client.get("/", headers={"host": "rebind.evil.example"})
    assert response.status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_user_text_is_escaped_and_notes_sanitised(client: TestClient, ws: Workspace) -> None:
    entry = ws.log('<script>alert("x")</script> fixed the <b>cache</b> @security')
    one = ws.mentorship.add_one_on_one(
        "Sam", notes='**Good** talk <img src=x onerror="alert(1)"> [link](javascript:alert(2))'
    )
    for path in ("/evidence", f"/evidence/{entry.id}", "/"):
        html = client.get(path).text
        assert "<script>alert" not in html and "&lt;script&gt;" in html
    notes = client.get(f"/mentorship/one-on-ones/{one.id}").text
    assert "<strong>Good</strong>" in notes
    body = notes.split("<main", 1)[1]
    assert "<img src=x" not in body and "&lt;img src=x onerror=" in body  # shown as text
    assert 'href="javascript' not in body


def test_edit_tag_remove_and_bulk_retag(client: TestClient, ws: Workspace) -> None:
    a = ws.log("Spent the afternoon on item one")
    b = ws.log("Spent the afternoon on item two")
    edited = post(
        client,
        f"/evidence/{a.id}",
        {
            "text": "Spent the afternoon on item one @focus",
            "date": "",
            "impact": "done",
            "links": "",
            "tags": "",
        },
    )
    assert edited.status_code == 303 and ws.entry(a.id).tags == ("focus",)
    tagged = post(client, f"/evidence/{a.id}/tag", {"target": "operations.incidents-rca"})
    assert tagged.status_code == 303
    assert ("operations", "operations.incidents-rca") in {
        (x.area, x.expectation) for x in ws.entry(a.id).areas
    }
    bulk = client.post(
        "/evidence-bulk",
        data={
            "csrf": csrf(client),
            "ids": [str(a.id), str(b.id)],
            "target": "mentorship",
            "action": "add",
            "next": "/evidence?q=afternoon",
        },
    )
    assert bulk.status_code == 303
    assert bulk.headers["location"] == "/evidence?q=afternoon&done=bulk&changed=2&same=0"
    assert all(
        any(x.area == "mentorship" and x.origin == "user" for x in ws.entry(i).areas)
        for i in (a.id, b.id)
    )
    removed = client.post(
        "/evidence-bulk",
        data={
            "csrf": csrf(client),
            "ids": [str(b.id)],
            "target": "mentorship",
            "action": "remove",
            "next": "https://evil.example/",
        },
    )
    assert removed.headers["location"].startswith("/evidence?done=bulk&")  # never off-site
    assert any(x.area == "mentorship" and x.confidence <= 0 for x in ws.entry(b.id).areas)
    bad = post(client, f"/evidence/{a.id}/tag", {"target": "cooking"})
    assert bad.status_code == 400 and "unknown area" in bad.text
    page = client.get(f"/evidence/{a.id}").text
    assert "<dt>Weight</dt>" in page and 'name="substance"' in page
    weighed = post(client, f"/evidence/{a.id}/tag", {"substance": "routine"})
    assert weighed.status_code == 303 and ws.entry(a.id).substance == "routine"
    assert "by you: you said so" in client.get(f"/evidence/{a.id}").text
    assert post(client, f"/evidence/{a.id}/tag", {"substance": "huge"}).status_code == 400


def test_delete_and_restore_from_the_entry_page(client: TestClient, ws: Workspace) -> None:
    entry = ws.log("Spent the afternoon on item three")
    assert post(client, f"/evidence/{entry.id}/delete", {}).status_code == 303
    assert ws.entry(entry.id).deleted_at
    assert "This entry is deleted" in client.get(f"/evidence/{entry.id}").text
    assert post(client, f"/evidence/{entry.id}/restore", {}).status_code == 303
    assert not ws.entry(entry.id).deleted_at
    assert client.get("/evidence/999").status_code == 404


def test_assessment_goals_and_one_on_one_forms(client: TestClient, ws: Workspace) -> None:
    saved = post(
        client,
        "/assess",
        {
            "rater": "self",
            "rating:system-design.design-docs": "2",
            "was:system-design.design-docs": "",
        },
        page="/assess",
    )
    assert saved.status_code == 303, saved.text
    assert [(a.expectation, a.rating) for a in ws.assessments.current()] == [
        ("system-design.design-docs", 2)
    ]
    nothing = post(client, "/assess", {"rater": "self"}, page="/assess")
    assert nothing.status_code == 400 and "nothing was saved" in nothing.text
    accepted = post(client, "/goals/plan", {"track": "technical"}, page="/goals")
    assert accepted.status_code == 303
    (goal,) = ws.goals.list()
    assert (
        post(
            client,
            f"/goals/{goal.id}",
            {"action": "checkin", "note": "Outline done"},
            page="/goals",
        ).status_code
        == 303
    )
    assert ws.goals.get(goal.id).checkins[0].note == "Outline done"
    met = post(
        client,
        "/mentorship/one-on-ones",
        {
            "with": "Sam",
            "notes": "Talked about the **design review**",
            "actions": "Read DDIA\nPair on the RFC",
        },
        page="/mentorship",
    )
    assert met.status_code == 303
    (one,) = ws.mentorship.one_on_ones()
    page = client.get(f"/mentorship/one-on-ones/{one.id}").text
    assert "Pair on the RFC" in page and "<strong>design review</strong>" in page
    assert "private" in page


# -- the token -----------------------------------------------------------------------------------
def test_a_token_locks_everything_but_the_login(ws: Workspace) -> None:
    app = create_app(Settings(home=ws.home, url=ws.store.url, env={}, token=TOKEN, host="0.0.0.0", clock=CLOCK))
    with TestClient(app, base_url="http://192.0.2.7:8765", follow_redirects=False) as client:
        page = client.get("/evidence?q=x")
        assert (
            page.status_code == 303
            and page.headers["location"] == "/login?next=%2Fevidence%3Fq%3Dx"
        )
        api = client.get("/api/v1/evidence")
        assert api.status_code == 401 and api.headers["content-type"] == "application/problem+json"
        assert (
            client.get("/api/v1/evidence", headers={"authorization": "Bearer nope"}).status_code
            == 401
        )
        assert (
            client.get("/api/v1/evidence", headers={"authorization": f"Bearer {TOKEN}"}).status_code
            == 200
        )
        login = client.get("/login")
        assert "your data stays on this machine" in login.text  # one person, one machine
        token = re.search(r'name="csrf" value="([0-9a-f]+)"', login.text).group(1)  # type: ignore[union-attr]
        wrong = client.post("/login", data={"csrf": token, "token": "guess", "next": "/"})
        assert wrong.status_code == 401 and "not the token" in wrong.text
        right = client.post("/login", data={"csrf": token, "token": TOKEN, "next": "/evidence"})
        assert right.status_code == 303 and right.headers["location"] == "/evidence"
        cookie = right.headers["set-cookie"]
        assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and TOKEN not in cookie
        assert client.get("/evidence").status_code == 200
        everything = "".join(r.text + str(r.headers) for r in (page, api, login, wrong, right))
        assert TOKEN not in everything
        assert TOKEN not in repr(app.state.web.settings)


def test_bind_check_refuses_public_addresses_without_a_strong_token() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        check_bind(host, None)
        assert is_loopback(host)
    with pytest.raises(InputError, match="without a token"):
        check_bind("0.0.0.0", None)
    with pytest.raises(InputError, match="too easy to guess") as short:
        check_bind("192.168.1.5", "short")
    assert "short" not in str(short.value) + (short.value.hint or "")
    check_bind("0.0.0.0", TOKEN)
    with pytest.raises(InputError):
        create_app(Settings(host="0.0.0.0", env={}, clock=CLOCK))
    assert [safe_next(x) for x in ("/goals", "//evil.example", "https://x", None, "/\\evil")] == [
        "/goals",
        "/",
        "/",
        "/",
        "/",
    ]


# -- the command ---------------------------------------------------------------------------------
def test_serve_refuses_a_public_host_without_a_token(cli) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--name", "Ada", "--email", "a@x.org", "--level", "mid", "--target", "senior")
    result = cli("serve", "--host", "0.0.0.0")
    assert result.exit_code == 1
    assert "refusing to serve on 0.0.0.0 without a token" in result.stderr
    assert "LADDER_WEB_TOKEN" in result.stderr
    short = cli("serve", "--host", "0.0.0.0", env={"LADDER_WEB_TOKEN": "abc"})
    assert short.exit_code == 1 and "abc" not in short.stderr + short.stdout
    assert "too easy to guess" in short.stderr and "secrets.token_urlsafe(32)" in short.stderr


def test_serve_needs_a_profile(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("serve", "--port", str(_free_port()))
    assert (
        result.exit_code == 1
        and "no profile yet" in result.stderr
        and "ladder init" in result.stderr
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_a_real_server(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}
    env["LADDER_HOME"] = str(tmp_path / "home")
    subprocess.run(
        [sys.executable, "-m", "ladder", "init", "--name", "Ada", "--email", "a@x.org", "--level", "mid", "--target", "senior"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    port = _free_port()
    busy = socket.socket()
    server = subprocess.Popen(
        [sys.executable, "-m", "ladder", "serve", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.communicate()
                assert time.monotonic() < deadline, "ladder serve did not answer"
                time.sleep(0.1)
        assert page.status_code == 200 and "Readiness for Senior" in page.text
        made = httpx.post(f"http://127.0.0.1:{port}/api/v1/evidence", json={"text": "Shipped it"})
        assert made.status_code == 201
        # the same port again: a clear error, not a traceback
        again = subprocess.run(
            [sys.executable, "-m", "ladder", "serve", "--port", str(port)],
            env=env, capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert again.returncode == 1 and "cannot listen on 127.0.0.1" in again.stderr
        assert "Traceback" not in again.stderr
    finally:
        busy.close()
        server.terminate()
        out, err = server.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out
    assert "Shipped it" not in out + err  # nothing about the data is logged


def test_serve_open_opens_the_browser_at_the_address_once_it_answers(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}
    env["LADDER_HOME"] = str(tmp_path / "home")
    subprocess.run(
        [sys.executable, "-m", "ladder", "init", "--name", "Ada", "--level", "mid", "--target", "senior"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    # webbrowser runs $BROWSER with the address; this "browser" fetches the page and notes it
    browser.write_text(
        f"#!{sys.executable}\nimport sys, urllib.request\n"
        "page = urllib.request.urlopen(sys.argv[1], timeout=10).read().decode()\n"
        f"open({str(opened)!r}, 'w').write(sys.argv[1] + '\\n' + page)\n"
    )
    browser.chmod(0o755)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ladder", "serve", "--open", "--port", str(port)],
        env={**env, "BROWSER": str(browser)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not (opened.exists() and "\n" in opened.read_text()):
            assert server.poll() is None, server.communicate()
            assert time.monotonic() < deadline, "ladder serve --open opened no browser"
            time.sleep(0.1)
        url, _, page = opened.read_text().partition("\n")
        assert url == f"http://127.0.0.1:{port}/"
        assert "Readiness for Senior" in page  # the server answered when the browser came
    finally:
        server.terminate()
        server.communicate(timeout=20)


def test_serve_without_open_starts_no_browser(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}
    env["LADDER_HOME"] = str(tmp_path / "home")
    subprocess.run(
        [sys.executable, "-m", "ladder", "init", "--name", "Ada", "--level", "mid", "--target", "senior"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f"#!/bin/sh\necho \"$1\" > {opened}\n")
    browser.chmod(0o755)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ladder", "serve", "--port", str(port)],
        env={**env, "BROWSER": str(browser)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.communicate()
                assert time.monotonic() < deadline, "ladder serve did not answer"
                time.sleep(0.1)
        time.sleep(0.5)  # what --open would have done by now
        assert not opened.exists()
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=20)
    assert f"Open http://127.0.0.1:{port}/" in out


def test_cached_pages_follow_writes_and_keep_each_browser_token(ws: Workspace) -> None:
    app = create_app(Settings(home=ws.home, url=ws.store.url, env={}, cache_ttl=60, clock=CLOCK))
    with (
        TestClient(app, base_url="http://127.0.0.1") as one,
        TestClient(app, base_url="http://127.0.0.1") as two,
    ):
        assert "Nothing logged yet" in one.get("/evidence").text
        token_one, token_two = csrf(one), csrf(two)  # the same cached page, each its own token
        assert token_one != token_two
        assert (
            one.post(
                "/evidence", data={"text": "Shipped the exporter", "csrf": token_one}
            ).status_code
            == 200
        )
        assert "Shipped the exporter" in two.get("/evidence").text
        assert "Shipped the exporter" in two.get("/").text


# -- reviewer findings (issue #7) ----------------------------------------------------------------
class _Form(HTMLParser):
    """The fields a browser would submit from the form posting to ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action and a.get("method") == "post"
        if not self.inside or "name" not in a:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, value = self.fields.pop()
            self.fields.append((name, value + data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_of(html: str, action: str) -> dict[str, str]:
    """The form's fields as a browser would send them (the last of a repeated name wins)."""
    parser = _Form(action)
    parser.feed(html)
    return dict(parser.fields)


def test_assess_form_keeps_a_ratings_note_and_evidence(client: TestClient, ws: Workspace) -> None:
    entry = ws.log("Led the design review of the payments cache")
    ws.assessments.rate("system-design.tradeoffs", "meeting", evidence=[entry.id], note="Cache")
    form = form_of(client.get("/assess").text, "/assess")
    assert form["note:system-design.tradeoffs"] == "Cache"
    assert form["evidence:system-design.tradeoffs"] == str(entry.id)
    form["note:system-design.tradeoffs"] = "Defended write-through with data"  # only the note
    assert client.post("/assess", data=form).status_code == 303
    (now,) = ws.assessments.current()
    assert (now.rating, now.note, now.evidence_ids) == (
        2,
        "Defended write-through with data",
        (entry.id,),
    )
    assert not now.testimony_only
    again = form_of(client.get("/assess").text, "/assess")
    nothing = client.post("/assess", data=again)  # nothing changed: nothing saved
    assert nothing.status_code == 400 and "no rating changed" in nothing.text
    again["evidence:system-design.tradeoffs"] = ""  # unlinking is a change too
    assert client.post("/assess", data=again).status_code == 303
    assert ws.assessments.current()[0].evidence_ids == ()
    assert len(ws.assessments.history()) == 3


def test_assess_form_marks_each_problem_and_keeps_what_was_typed(
    client: TestClient, ws: Workspace
) -> None:
    form = form_of(client.get("/assess").text, "/assess")
    form["rating:system-design.design-docs"] = "2"
    form["evidence:system-design.design-docs"] = "999"
    form["note:system-design.scale"] = "Load-tested at 10x"  # a note without a rating
    response = client.post("/assess", data=form)
    assert response.status_code == 400
    assert "2 ratings have problems; nothing was saved" in response.text
    assert "system-design.design-docs: there is no entry #999 (the Evidence page lists them)" in (
        response.text
    )
    assert "pick a rating to save its note and evidence" in response.text
    assert "`ladder" not in response.text
    kept = form_of(response.text, "/assess")
    assert kept["note:system-design.scale"] == "Load-tested at 10x"
    assert kept["rating:system-design.design-docs"] == "2"
    assert ws.assessments.current() == []


def test_mentorship_page_shows_private_notes_only_in_their_own_view(
    client: TestClient, ws: Workspace
) -> None:
    private = ws.mentorship.add_one_on_one(
        "Sam", notes="Worried about the reorg", actions=["Sam reads DDIA"]
    )
    ws.mentorship.add_one_on_one("Lin", notes="Walked through the cache design", shared=True)
    page = client.get("/mentorship").text
    assert "reorg" not in page and "Walked through the cache design" in page
    assert "Private notes · 1 action item agreed, 1 open" in page
    assert f'href="/mentorship/one-on-ones/{private.id}"' in page
    own = client.get(f"/mentorship/one-on-ones/{private.id}").text
    assert "Worried about the reorg" in own and "Share these notes" in own
    shared = post(
        client, f"/mentorship/one-on-ones/{private.id}/share", {"shared": "1"}, page="/mentorship"
    )
    assert shared.headers["location"] == f"/mentorship/one-on-ones/{private.id}?done=shared"
    assert ws.mentorship.one_on_one(private.id).shared
    assert "reorg" in client.get("/mentorship").text
    post(client, f"/mentorship/one-on-ones/{private.id}/share", {"shared": "0"}, page="/mentorship")
    assert "reorg" not in client.get("/mentorship").text
    edited = post(
        client,
        f"/mentorship/one-on-ones/{private.id}",
        {"notes": "Talked about the move", "date": "", "actions": "Ada intros Kim"},
        page="/mentorship",
    )
    assert edited.status_code == 303
    assert ws.mentorship.one_on_one(private.id).notes == "Talked about the move"
    bad = post(
        client,
        f"/mentorship/one-on-ones/{private.id}",
        {"notes": "Kept draft", "date": "next year"},
        page="/mentorship",
    )
    assert bad.status_code == 400 and "Kept draft" in bad.text
    gone = post(client, f"/mentorship/one-on-ones/{private.id}/delete", {}, page="/mentorship")
    assert gone.headers["location"] == "/mentorship?done=removed"
    assert client.get(f"/mentorship/one-on-ones/{private.id}").status_code == 404


def test_one_on_one_form_offers_the_persons_items_and_keeps_ticks(
    client: TestClient, ws: Workspace
) -> None:
    ws.mentorship.add_one_on_one("Sam", actions=["Sam drafts the runbook"])
    ws.mentorship.add_one_on_one("Lin", actions=["Lin reads DDIA"])
    sams, lins = (ws.mentorship.open_actions(name)[0] for name in ("Sam", "Lin"))
    page = client.get("/mentorship?with=Sam").text
    assert "Sam drafts the runbook" in page and "Lin reads DDIA" not in page
    everyone = client.get("/mentorship").text
    assert 'data-with="sam"' in everyone and 'data-with="lin"' in everyone  # filtered by JS
    response = post(
        client,
        "/mentorship/one-on-ones",
        {"with": "Sam", "notes": "My notes", "close": [str(sams.id), str(lins.id)]},
        page="/mentorship",
    )
    assert response.status_code == 400
    assert f"action item #{lins.id} is from a 1:1 with Lin, not Sam" in response.text
    assert "untick it, or close it on its own under Open action items" in response.text
    kept = form_of(response.text, "/mentorship/one-on-ones")
    assert kept["with"] == "Sam" and kept["notes"] == "My notes"
    assert f'value="{sams.id}" checked' in response.text
    assert f'value="{lins.id}" checked' in response.text
    assert len(ws.mentorship.one_on_ones()) == 2  # nothing saved


def test_mentee_note_and_end_from_the_page(client: TestClient, ws: Workspace) -> None:
    post(client, "/mentorship/mentees", {"name": "Sam", "note": "Owns the exporter"}, page="/")
    assert ws.mentorship.mentee("Sam").note == "Owns the exporter"
    assert "Owns the exporter" in client.get("/mentorship").text
    ended = post(client, "/mentorship/mentees/end", {"name": "Sam"}, page="/mentorship")
    assert ended.headers["location"] == "/mentorship?done=ended"
    assert not ws.mentorship.mentee("Sam").active


def test_pages_refuse_months_and_periods_beyond_the_calendar(client: TestClient) -> None:
    for path in (
        "/goals?month=9999-12",
        "/goals?month=0001-01",
        "/packet?period=2026-01-01..9999-12-31",
    ):
        response = client.get(path)
        assert response.status_code == 400, path
        assert "ladder works with the years 1900 to 2999" in response.text
    assert "Goals for" in client.get("/goals?month=9999-12").text  # this month instead


def test_nul_in_a_search_is_400_and_no_error_names_a_file(
    client: TestClient, ws: Workspace
) -> None:
    response = client.get("/evidence?q=abc%00")
    assert response.status_code == 400 and "the search contains a NUL character" in response.text
    assert str(ws.home) not in response.text and "ladder.db" not in response.text
    bad = post(client, "/evidence", {"text": "Fixed it", "impact": "a\x00b"})
    assert bad.status_code == 400 and "contains a NUL character" in bad.text
    assert ws.entries()[1] == 0


def test_bulk_retag_says_which_entries_it_could_not_change(
    client: TestClient, ws: Workspace
) -> None:
    a = ws.log("Spent the afternoon on item one")
    b = ws.log("Spent the afternoon on item two")
    ws.remove(b.id)
    response = client.post(
        "/evidence-bulk",
        data={
            "csrf": csrf(client),
            "ids": [str(a.id), str(b.id), "999", str(2**64)],
            "target": "mentorship",
            "action": "add",
        },
    )
    location = response.headers["location"]
    page = client.get(location).text
    assert 'class="alert" role="alert">Re-tagged 1 entry. Not re-tagged: ' in page
    assert f"#{2**64}, #{b.id}, #999 (no such entry, or deleted)." in page
    again = client.post(
        "/evidence-bulk",
        data={"csrf": csrf(client), "ids": [str(b.id)], "target": "mentorship", "action": "add"},
    )
    page = client.get(again.headers["location"]).text
    assert "Nothing was re-tagged. Not re-tagged: " in page and "Re-tagged the selected" not in page
    same = client.post(
        "/evidence-bulk",
        data={"csrf": csrf(client), "ids": [str(a.id)], "target": "mentorship", "action": "add"},
    )
    page = client.get(same.headers["location"]).text
    assert 'class="notice" role="status">1 entry had this decision already.' in page


def test_packet_preview_links_open_outside_the_frame(client: TestClient, ws: Workspace) -> None:
    entry = ws.log("Led the design review of the cache", links=["https://example.com/doc"])
    ws.map(entry.id)
    preview = client.get("/packet/preview").text
    outside = re.findall(r'<a [^>]*href="https://example\.com/doc"[^>]*>', preview)
    assert outside and all('target="_blank"' in a and "noopener" in a for a in outside)
    inside = re.findall(r'<a [^>]*href="#[^"]*"[^>]*>', preview)
    assert inside and not any("target=" in a for a in inside)  # citations stay in the frame
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in client.get("/packet").text
    download = client.get("/packet/download?format=html").text
    assert 'href="https://example.com/doc"' in download and 'target="_blank"' not in download


def test_logout_ends_the_session_and_each_login_gets_its_own(ws: Workspace) -> None:
    app = create_app(Settings(home=ws.home, url=ws.store.url, env={}, token=TOKEN, host="0.0.0.0", clock=CLOCK))
    with TestClient(app, base_url="http://192.0.2.7:8765", follow_redirects=False) as client:

        def login() -> str:
            token = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/login").text)
            ok = client.post("/login", data={"csrf": token.group(1), "token": TOKEN})  # type: ignore[union-attr]
            cookie = ok.headers["set-cookie"]
            assert "Max-Age=43200" in cookie and "HttpOnly" in cookie
            assert "samesite=strict" in cookie.lower()
            return str(client.cookies["ladder_session"])

        first, second = login(), login()
        assert first != second
        old = TestClient(app, base_url="http://192.0.2.7:8765", follow_redirects=False)
        old.cookies.set("ladder_session", first)
        assert old.get("/").status_code == 303  # logging in again ended the first session
        copy = TestClient(app, base_url="http://192.0.2.7:8765", follow_redirects=False)
        copy.cookies.set("ladder_session", second)
        assert copy.get("/").status_code == 200
        token = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/").text).group(1)  # type: ignore[union-attr]
        out = client.post("/logout", data={"csrf": token})
        assert out.status_code == 303 and out.headers["location"] == "/login"
        assert copy.get("/").status_code == 303  # the copied cookie stopped working too
        assert copy.get("/api/v1/status").status_code == 401


def test_missing_pages_and_restoring_twice(client: TestClient, ws: Workspace) -> None:
    entry = ws.log("Spent the afternoon on item three")
    for path in ("/evidence/abc", "/evidence/0", f"/evidence/{2**64}", "/mentorship/one-on-ones/x"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "<nav" in response.text  # a page of the app, with the way back
    assert post(client, f"/evidence/{entry.id}/restore", {}).status_code == 409
    assert post(client, f"/evidence/{entry.id}/delete", {}).status_code == 303
    assert post(client, f"/evidence/{entry.id}/delete", {}).status_code == 409
    ws.log("Spent the afternoon on item four")
    far = client.get("/evidence?page=999")
    assert far.status_code == 200 and "There is no page 999" in far.text
    assert (
        'href="/evidence?deleted=1">Go to it</a>'
        in client.get("/evidence?page=999&deleted=true").text
    )


def test_serve_names_a_reachable_address_and_creates_nothing_without_a_profile(  # type: ignore[no-untyped-def]
    cli, home: Path
) -> None:
    from ladder.cli.serve import _url

    result = cli("serve", "--port", str(_free_port()))
    assert result.exit_code == 1 and "no profile yet" in result.stderr
    assert not (home / "ladder.db").exists()
    refused = cli("serve", "--host", "0.0.0.0")
    assert "without a token" in refused.stderr  # the address is checked first
    assert _url("127.0.0.1", 8765) == "http://127.0.0.1:8765/"
    assert _url("::1", 8765) == "http://[::1]:8765/"
    wide = _url("0.0.0.0", 8765)
    assert "0.0.0.0" not in wide and "http://127.0.0.1:8765/ on this one" in wide
