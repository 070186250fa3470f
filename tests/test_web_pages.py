"""The pages of ``ladder serve`` and its safety: CSRF, hosts, the token, escaping, the bind check,
and the command itself (a real server in a subprocess)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

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
    app = create_app(Settings(home=ws.home, url=ws.store.url, env={}, cache_ttl=0))
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
    ws.mentorship.add_one_on_one(
        "Sam", notes='**Good** talk <img src=x onerror="alert(1)"> [link](javascript:alert(2))'
    )
    for path in ("/evidence", f"/evidence/{entry.id}", "/"):
        html = client.get(path).text
        assert "<script>alert" not in html and "&lt;script&gt;" in html
    notes = client.get("/mentorship").text
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
    assert bulk.status_code == 303 and bulk.headers["location"] == "/evidence?q=afternoon&done=bulk"
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
    assert removed.headers["location"] == "/evidence?done=bulk"  # never off-site
    assert any(x.area == "mentorship" and x.confidence <= 0 for x in ws.entry(b.id).areas)
    bad = post(client, f"/evidence/{a.id}/tag", {"target": "cooking"})
    assert bad.status_code == 400 and "unknown area" in bad.text


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
    page = client.get("/mentorship").text
    assert (
        "Pair on the RFC" in page and "<strong>design review</strong>" in page and "private" in page
    )


# -- the token -----------------------------------------------------------------------------------
def test_a_token_locks_everything_but_the_login(ws: Workspace) -> None:
    app = create_app(Settings(home=ws.home, url=ws.store.url, env={}, token=TOKEN, host="0.0.0.0"))
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


def test_bind_check_refuses_public_addresses_without_a_long_token() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        check_bind(host, None)
        assert is_loopback(host)
    with pytest.raises(InputError, match="without a token"):
        check_bind("0.0.0.0", None)
    with pytest.raises(InputError, match="shorter than 16"):
        check_bind("192.168.1.5", "short")
    check_bind("0.0.0.0", TOKEN)
    with pytest.raises(InputError):
        create_app(Settings(host="0.0.0.0", env={}))
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


def test_cached_pages_follow_writes_and_keep_each_browser_token(ws: Workspace) -> None:
    app = create_app(Settings(home=ws.home, url=ws.store.url, env={}, cache_ttl=60))
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
