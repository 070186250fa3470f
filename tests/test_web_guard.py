"""The web app against guessing and odd requests: token strength, throttled wrong tokens,
405 with a true ``Allow``, the limits the OpenAPI description states, whole numbers as integers.

Time is a fixed clock the tests move on; the app runs in-process on a real SQLite workspace."""

from __future__ import annotations

import base64
import datetime as dt
import random
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import NOW
from ladder.clock import FixedClock
from ladder.errors import InputError
from ladder.person import ProfileInput
from ladder.rules import MAX_IMPACT, MAX_TEXT
from ladder.web import Settings, create_app
from ladder.web.security import (
    FREE_FAILURES,
    LONGEST_WAIT,
    Sessions,
    Throttle,
    check_token,
    client_key,
    token_problem,
)
from ladder.workspace import Workspace

with warnings.catch_warnings():  # Starlette's client says httpx is deprecated for it
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "correct-horse-battery-staple-42"
HOST = "http://192.0.2.7:8765"


@pytest.fixture
def clock() -> FixedClock:
    """A clock that stands still until a test moves it."""
    return FixedClock(NOW)


@pytest.fixture
def home(tmp_path: Path, clock: FixedClock) -> Path:
    home = tmp_path / "home"
    with Workspace.open(home, env={}, clock=clock) as ws:
        ws.init_profile(
            ProfileInput("Ada", emails=["ada@example.com"], level="mid", target_level="senior")
        )
    return home


@pytest.fixture
def locked_app(home: Path, clock: FixedClock) -> Iterator[Any]:
    """The app behind a token, listening on a public address."""
    app = create_app(
        Settings(home=home, env={}, token=TOKEN, host="0.0.0.0", cache_ttl=0, clock=clock)
    )
    yield app
    app.state.web.close()


@pytest.fixture
def open_client(home: Path, clock: FixedClock) -> Iterator[TestClient]:
    """A client of the app on loopback, without a token."""
    app = create_app(Settings(home=home, env={}, cache_ttl=0, clock=clock))
    with TestClient(app, base_url="http://127.0.0.1", follow_redirects=False) as c:
        yield c


def _client(app: Any, address: str = "198.51.100.7") -> TestClient:
    return TestClient(app, base_url=HOST, follow_redirects=False, client=(address, 40000))


def _login(client: TestClient, token: str) -> Any:
    page = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert csrf, page
    return client.post("/login", data={"csrf": csrf.group(1), "token": token, "next": "/"})


def _bearer(client: TestClient, token: str) -> Any:
    return client.get("/api/v1/status", headers={"authorization": f"Bearer {token}"})


# -- the token's strength ------------------------------------------------------------------------
WEAK = [
    "aaaaaaaaaaaaaaaa",  # long enough for the old length rule, guessed at once
    "abcdefghijklmnopqrstuvwxyz",
    "1234567890123456",
    "qwertyuiopasdfghjkl",
    "password1234567890",
    "ladderladderladderladder",
    "December1987December1987",
    "x7Kq",
]


@pytest.mark.parametrize("token", WEAK)
def test_guessable_tokens_are_refused_without_being_shown(token: str) -> None:
    with pytest.raises(InputError, match="too easy to guess") as refused:
        check_token(token)
    said = str(refused.value) + (refused.value.hint or "")
    assert token not in said
    assert "secrets.token_urlsafe(32)" in said  # how to make a good one


def test_random_tokens_pass_whatever_their_alphabet() -> None:
    for seed in range(40):
        raw = random.Random(seed).randbytes(24)
        for token in (base64.urlsafe_b64encode(raw).decode(), raw.hex()[:24]):
            assert token_problem(token) is None, token
    assert token_problem(TOKEN) is None  # four words and a number are fine too
    assert token_problem("a" * 10_000) is not None  # a long one is measured in bounded time


def test_a_weak_token_is_refused_on_loopback_too(home: Path, clock: FixedClock) -> None:
    with pytest.raises(InputError, match="too easy to guess"):
        create_app(Settings(home=home, env={}, token="aaaaaaaaaaaaaaaa", clock=clock))


# -- throttling ----------------------------------------------------------------------------------
def test_wrong_tokens_at_the_login_page_make_the_client_wait(
    locked_app: Any, clock: FixedClock
) -> None:
    with _client(locked_app) as client:
        for _ in range(FREE_FAILURES):
            assert _login(client, "guess").status_code == 401
        locked = _login(client, "guess")
        assert locked.status_code == 429 and locked.headers["retry-after"] == "1"
        assert "Too many wrong tokens" in locked.text and "Wait 1 second " in locked.text
        right_too_soon = _login(client, TOKEN)
        assert right_too_soon.status_code == 429  # while it waits, even the right token waits
        clock.advance(dt.timedelta(seconds=1))
        again = _login(client, "guess")  # the next wrong one doubles the wait
        assert again.status_code == 429 and again.headers["retry-after"] == "2"
        clock.advance(dt.timedelta(seconds=2))
        assert _login(client, TOKEN).status_code == 303  # logged in; the count starts again
        assert client.get("/").status_code == 200
        for _ in range(FREE_FAILURES):
            assert _login(client, "guess").status_code == 401


def test_wrong_bearer_tokens_are_throttled_per_client(locked_app: Any, clock: FixedClock) -> None:
    with _client(locked_app) as guesser, _client(locked_app, "203.0.113.9") as other:
        answers = [_bearer(guesser, f"guess-{n}").status_code for n in range(FREE_FAILURES + 1)]
        assert answers == [401] * (FREE_FAILURES + 1)
        locked = _bearer(guesser, TOKEN)
        assert locked.status_code == 429 and locked.headers["retry-after"] == "1"
        assert locked.headers["content-type"] == "application/problem+json"
        assert "too many wrong tokens" in locked.json()["detail"]
        assert _bearer(other, TOKEN).status_code == 200  # another address is not held up
        clock.advance(dt.timedelta(seconds=1))
        assert _bearer(guesser, TOKEN).status_code == 200


def test_a_logged_in_browser_keeps_working_while_its_address_is_locked(
    locked_app: Any, clock: FixedClock
) -> None:
    with _client(locked_app) as client:
        assert _login(client, TOKEN).status_code == 303
        for n in range(FREE_FAILURES + 3):
            _bearer(client, f"guess-{n}")
        assert _bearer(client, TOKEN).status_code == 429
        assert client.get("/api/v1/status").status_code == 200  # the session cookie is no guess


def test_thirty_quick_guesses_cost_the_guesser_minutes() -> None:
    clock = FixedClock(NOW)
    throttle = Throttle(clock=clock)
    tried = waited = 0
    while tried < 30:
        wait = throttle.wait("198.51.100.7")
        if wait:
            clock.advance(dt.timedelta(seconds=wait))
            waited += wait
            continue
        throttle.failed("198.51.100.7")
        tried += 1
    assert waited > 3 * 3600  # 30 guesses take hours (they took 0.33 s)
    assert throttle.failed("198.51.100.7") == LONGEST_WAIT  # never longer than 15 minutes
    clock.advance(dt.timedelta(seconds=LONGEST_WAIT + 899))
    assert throttle.wait("198.51.100.7") == 0
    assert throttle.failed("198.51.100.7") == LONGEST_WAIT  # 15 quiet minutes not yet passed
    clock.advance(dt.timedelta(seconds=LONGEST_WAIT + 900))
    assert throttle.wait("198.51.100.7") == 0 and throttle.failed("198.51.100.7") == 0


def test_throttle_memory_is_bounded_and_ipv6_counts_by_network() -> None:
    throttle = Throttle(clock=FixedClock(NOW), free=0, size=3)
    for n in range(5):
        throttle.failed(f"10.0.0.{n}")
    assert [throttle.wait(f"10.0.0.{n}") for n in range(5)] == [0, 0, 1, 1, 1]
    one = client_key({"client": ("2001:db8:1:2::5", 1)})
    assert one == client_key({"client": ("2001:db8:1:2:ffff::9", 1)}) == "2001:db8:1:2::/64"
    assert client_key({"client": ("::ffff:192.0.2.1", 1)}) == "192.0.2.1"
    assert client_key({"client": None}) == "unknown"


def test_sessions_expire_by_the_clock() -> None:
    clock = FixedClock(NOW)
    sessions = Sessions(lifetime=60, clock=clock)
    one = sessions.new()
    assert sessions.valid(one) and not sessions.valid("made-up") and not sessions.valid(None)
    clock.advance(dt.timedelta(seconds=59))
    assert sessions.valid(one)
    clock.advance(dt.timedelta(seconds=1))
    assert not sessions.valid(one)
    few = Sessions(size=2, clock=clock)
    ids = [few.new() for _ in range(3)]
    assert [few.valid(i) for i in ids] == [False, True, True]  # the oldest goes first


# -- methods -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/api/v1/evidence/1", "DELETE, GET, PATCH"),
        ("OPTIONS", "/api/v1/evidence/1", "DELETE, GET, PATCH"),
        ("PUT", "/api/v1/evidence", "GET, POST"),
        ("PATCH", "/api/v1/goals/proposals", "GET"),  # not read as /goals/{goal_id}
        ("PATCH", "/api/v1/evidence/bulk-tag", "POST"),
        ("DELETE", "/api/v1/status", "GET"),
        ("PUT", "/evidence", "GET, POST"),
    ],
)
def test_unlisted_methods_answer_405_with_every_allowed_method(
    open_client: TestClient, method: str, path: str, allow: str
) -> None:
    for extra in ({}, {"json": {}}, {"content": b"x", "headers": {"content-type": "text/plain"}}):
        response = open_client.request(method, path, **extra)  # type: ignore[arg-type]
        assert response.status_code == 405, (extra, response.text)
        assert response.headers["allow"] == allow
    if path.startswith("/api/"):
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"] == f"this address takes {allow}, not {method}"


def test_listed_writes_still_need_json(open_client: TestClient) -> None:
    sent = open_client.post("/api/v1/evidence", content=b"text=x")
    assert sent.status_code == 415 and open_client.get("/api/v1/status").json()["entries"] == 0


# -- limits and numbers --------------------------------------------------------------------------
def _body_schema(spec: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    content = spec["paths"][path][method]["requestBody"]["content"]["application/json"]
    ref = content["schema"]["$ref"].rsplit("/", 1)[1]
    schema: dict[str, Any] = spec["components"]["schemas"][ref]
    return schema


def _string(node: dict[str, Any]) -> dict[str, Any]:
    return next(n for n in node.get("anyOf", [node]) if n.get("type") == "string")


def test_the_description_states_the_limits_the_api_enforces(open_client: TestClient) -> None:
    spec = open_client.get("/api/v1/openapi.json").json()
    entry = _body_schema(spec, "/api/v1/evidence", "post")["properties"]
    text = _string(entry["text"])
    assert (text["minLength"], text["maxLength"]) == (1, MAX_TEXT)
    assert text["pattern"] == "^[^\\u0000]*$"
    assert _string(entry["impact"])["maxLength"] == MAX_IMPACT
    assert _string(entry["tags"]["items"])["minLength"] == 1
    one = _body_schema(spec, "/api/v1/one-on-ones", "post")["properties"]
    assert _string(one["with"])["maxLength"] == 120 and _string(one["notes"])["minLength"] == 0
    search = next(
        p for p in spec["paths"]["/api/v1/evidence"]["get"]["parameters"] if p["name"] == "q"
    )
    assert _string(search["schema"])["pattern"] == "^[^\\u0000]*$"
    pattern = re.compile(text["pattern"].replace("\\u0000", "\\x00"))
    assert pattern.search("Led the review") and not pattern.search("Led\x00 the review")

    for body in ({"text": ""}, {"text": "x" * (MAX_TEXT + 1)}, {"text": "a\x00b"}):
        refused = open_client.post("/api/v1/evidence", json=body)
        assert refused.status_code == 422, body
        assert refused.json()["errors"][0]["loc"] == ["body", "text"]
    long_impact = {"text": "Shipped it", "impact": "y" * (MAX_IMPACT + 1)}
    assert open_client.post("/api/v1/evidence", json=long_impact).status_code == 422
    assert open_client.post("/api/v1/one-on-ones", json={"with": ""}).status_code == 422
    assert open_client.get("/api/v1/mentees/a%00b").status_code == 400  # a NUL in the address
    assert open_client.get("/api/v1/status").json()["entries"] == 0


def test_whole_numbers_are_integers_as_json_schema_says(open_client: TestClient) -> None:
    entry = open_client.post("/api/v1/evidence", json={"text": "Wrote the design doc"}).json()
    mapped = open_client.post("/api/v1/map", json={"ids": [float(entry["id"])]})
    assert mapped.status_code == 200 and mapped.json()["examined"] == 1
    rated = open_client.post(
        "/api/v1/assessments",
        json={"ratings": [{"expectation": "system-design.tradeoffs", "rating": 2.0}]},
    )
    assert rated.status_code == 201 and rated.json()[0]["rating"] == 2
    for wrong in (2.5, True, 1e300, [2]):
        body = {"ratings": [{"expectation": "system-design.tradeoffs", "rating": wrong}]}
        assert open_client.post("/api/v1/assessments", json=body).status_code == 422, wrong
    far = open_client.post("/api/v1/map", json={"ids": [73290.0]})
    assert far.status_code == 404 and "73290" in far.json()["detail"]  # an id, not one of ours
    for wrong_id in (73290.5, "73290", True, 0.0, -1.0):
        assert open_client.post("/api/v1/map", json={"ids": [wrong_id]}).status_code == 422
