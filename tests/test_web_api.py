"""The JSON API of ``ladder serve`` through an in-process client, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import CLOCK
from ladder.web import Settings, create_app
from ladder.web.app import Cache
from ladder.workspace import Workspace

with warnings.catch_warnings():  # Starlette's client says httpx is deprecated for it
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"
JSON = {"content-type": "application/json"}


@pytest.fixture
def client(ws: Workspace) -> Iterator[TestClient]:
    """A client of a web app on the same store as ``ws`` (no read cache: every read is fresh)."""
    app = create_app(Settings(home=ws.home, url=ws.store.url, env={}, cache_ttl=0, clock=CLOCK))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def log(client: TestClient, text: str, **fields: Any) -> dict[str, Any]:
    response = client.post("/api/v1/evidence", json={"text": text, **fields})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"]
    return body


# -- evidence ------------------------------------------------------------------------------------
def test_api_capture_maps_the_entry_and_lists_it(client: TestClient) -> None:
    entry = log(client, "Wrote the postmortem for the queue outage @oncall", date="2026-11-02")
    assert entry["tags"] == ["oncall"] and entry["date"] == "2026-11-02"
    mapped = {(a["area"], a["origin"]) for a in entry["areas"]}
    assert ("operations", "mapper") in mapped
    assert all(a["reason"] for a in entry["areas"])
    listed = client.get("/api/v1/evidence").json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == entry["id"]
    assert client.get(f"/api/v1/evidence/{entry['id']}").json() == entry


def test_api_evidence_filters_search_and_pages(client: TestClient) -> None:
    for n in range(7):
        log(client, f"Reviewed pull request {n} for the billing service", date=f"2026-10-0{n + 1}")
    target = log(client, "Wrote the postmortem of the cache outage", date="2026-10-20")
    first = client.get("/api/v1/evidence", params={"per_page": 3})
    page = first.json()
    assert (page["total"], page["pages"], len(page["items"])) == (8, 3, 3)
    assert page["items"][0]["id"] == target["id"]  # newest first
    assert 'rel="next"' in first.headers["link"] and "page=2" in first.headers["link"]
    last = client.get("/api/v1/evidence", params={"per_page": 3, "page": 3})
    assert len(last.json()["items"]) == 2 and 'rel="prev"' in last.headers["link"]
    assert client.get("/api/v1/evidence", params={"page": 9}).json()["items"] == []
    found = client.get("/api/v1/evidence", params={"q": "postmortem"}).json()
    assert [e["id"] for e in found["items"]] == [target["id"]]
    dated = client.get("/api/v1/evidence", params={"since": "2026-10-05", "until": "2026-10-06"})
    assert dated.json()["total"] == 2
    ops = client.get("/api/v1/evidence", params={"area": "operations"}).json()
    assert target["id"] in [e["id"] for e in ops["items"]]


def test_api_bad_filters_are_problems(client: TestClient) -> None:
    body = problem(client.get("/api/v1/evidence", params={"area": "cooking"}), 400)
    assert "unknown area 'cooking'" in body["detail"]
    problem(
        client.get("/api/v1/evidence", params={"since": "2026-11-02", "until": "2026-10-01"}), 400
    )
    problem(client.get("/api/v1/evidence", params={"since": "the day after tomorrow"}), 400)
    body = problem(client.get("/api/v1/evidence", params={"per_page": 0}), 422)
    assert body["errors"][0]["loc"] == ["query", "per_page"]


def test_api_edit_delete_restore(client: TestClient) -> None:
    entry = log(client, "Fixed the flaky checkout test", impact="CI green again")
    edited = client.patch(
        f"/api/v1/evidence/{entry['id']}",
        json={"text": "Fixed the flaky checkout test @testing", "links": ["https://x.org/pr/1"]},
    ).json()
    assert edited["impact"] == "CI green again"  # left out: unchanged
    assert edited["tags"] == ["testing"] and edited["links"] == ["https://x.org/pr/1"]
    gone = client.delete(f"/api/v1/evidence/{entry['id']}").json()
    assert gone["deleted"] is True
    assert client.get("/api/v1/evidence").json()["total"] == 0
    assert client.get("/api/v1/evidence", params={"deleted": True}).json()["total"] == 1
    problem(client.patch(f"/api/v1/evidence/{entry['id']}", json={"text": "x"}), 400)
    problem(client.delete(f"/api/v1/evidence/{entry['id']}"), 409)  # already deleted
    back = client.patch(f"/api/v1/evidence/{entry['id']}", json={"deleted": False}).json()
    assert back["deleted"] is False and back["text"] == edited["text"]


def test_api_mappings_of_a_deleted_entry_are_gone_until_it_is_restored(
    client: TestClient,
) -> None:
    entry = log(client, "Wrote the postmortem for the queue outage")
    mappings = f"/api/v1/evidence/{entry['id']}/mappings"
    assert client.get(mappings).json()["mappings"]
    client.delete(f"/api/v1/evidence/{entry['id']}")
    body = problem(client.get(mappings), 404)
    assert "deleted" in body["detail"] and "restore" in body["hint"]
    problem(client.post(mappings, json={"area": "operations"}), 404)
    client.patch(f"/api/v1/evidence/{entry['id']}", json={"deleted": False})
    assert client.get(mappings).json()["mappings"]


def test_api_refuses_bad_input_and_writes_nothing(client: TestClient, ws: Workspace) -> None:
    problem(client.post("/api/v1/evidence", json={"text": "   "}), 400)
    problem(client.post("/api/v1/evidence", json={"text": "x", "date": "tomorrow"}), 400)
    problem(client.post("/api/v1/evidence", json={"text": "x", "areas": ["cooking"]}), 400)
    problem(
        client.post("/api/v1/evidence", json={"text": "x", "links": ["javascript:alert(1)"]}), 400
    )
    problem(client.post("/api/v1/evidence", json={"text": "x", "colour": "red"}), 422)
    lone_surrogate = b'{"text": "\\ud800"}'  # valid JSON, but not storable text
    problem(client.post("/api/v1/evidence", content=lone_surrogate, headers=JSON), 422)
    problem(client.post("/api/v1/evidence", content=b"text=x"), 415)
    problem(client.post("/api/v1/evidence", content=b"{", headers=JSON), 422)
    problem(client.get("/api/v1/evidence/99"), 404)
    problem(client.get(f"/api/v1/evidence/{2**64}"), 422)
    problem(client.get("/api/v1/nothing-here"), 404)
    assert ws.entries()[1] == 0


def test_api_why_tag_and_bulk_tag(client: TestClient) -> None:
    a = log(client, "Paired with Sam on the retry logic")
    b = log(client, "Walked Lin through the deploy pipeline")
    why = client.get(f"/api/v1/evidence/{a['id']}/mappings").json()
    assert why["id"] == a["id"] and isinstance(why["signals"], list)
    tagged = client.post(f"/api/v1/evidence/{a['id']}/mappings", json={"area": "mentorship"}).json()
    assert tagged["added"] == [{"area": "mentorship", "expectation": ""}]
    assert any(m["origin"] == "user" and m["area"] == "mentorship" for m in tagged["mappings"])
    removed = client.post(
        f"/api/v1/evidence/{a['id']}/mappings", json={"remove": ["delivery"]}
    ).json()
    assert any(m["rejected"] and m["area"] == "delivery" for m in removed["mappings"])
    problem(client.post(f"/api/v1/evidence/{a['id']}/mappings", json={"area": "cooking"}), 400)
    problem(client.post(f"/api/v1/evidence/{a['id']}/mappings", json={}), 400)
    weighed = client.post(
        f"/api/v1/evidence/{a['id']}/mappings", json={"substance": "significant"}
    ).json()
    assert weighed["substance"] == "significant"
    got = client.get(f"/api/v1/evidence/{a['id']}").json()
    assert (got["substance"], got["substance_by"]) == ("significant", "user")
    problem(client.post(f"/api/v1/evidence/{a['id']}/mappings", json={"substance": "huge"}), 422)
    bulk = client.post(
        "/api/v1/evidence/bulk-tag", json={"ids": [a["id"], b["id"], 999], "area": "communication"}
    ).json()
    assert [r["id"] for r in bulk["results"]] == [a["id"], b["id"]]
    assert bulk["errors"] == [{"id": 999, "status": 404, "detail": "no entry #999"}]
    entry = client.get(f"/api/v1/evidence/{b['id']}").json()
    assert {"communication"} <= {x["area"] for x in entry["areas"] if x["origin"] == "user"}
    summary = client.post("/api/v1/map", json={"all": True}).json()
    assert summary["mode"] == "all" and summary["examined"] == 2


def test_api_readiness_follows_a_retag(client: TestClient) -> None:
    ids = [log(client, f"Spent the afternoon on item {n}")["id"] for n in range(4)]

    def mentorship() -> dict[str, Any]:
        data = client.get("/api/v1/readiness").json()
        return next(a for a in data["areas"] if a["area"] == "mentorship")

    before = mentorship()
    client.post("/api/v1/evidence/bulk-tag", json={"ids": ids, "area": "mentorship"})
    after = mentorship()
    assert (before["evidence"], after["evidence"]) == (0, 4)
    assert after["score"] > before["score"]
    problem(client.get("/api/v1/readiness", params={"level": "wizard"}), 400)


# -- the other nouns -----------------------------------------------------------------------------
def test_api_assessments(client: TestClient) -> None:
    entry = log(client, "Wrote the design doc for the billing cache")
    saved = client.post(
        "/api/v1/assessments",
        json={
            "rater": "self",
            "ratings": [
                {
                    "expectation": "system-design.design-docs",
                    "rating": "meeting",
                    "evidence": [entry["id"]],
                }
            ],
        },
    )
    assert saved.status_code == 201, saved.text
    assert saved.json()[0]["rating"] == 2
    current = client.get("/api/v1/assessments", params={"rater": "self"}).json()
    assert [(a["expectation"], a["rating"]) for a in current] == [("system-design.design-docs", 2)]
    diff = client.get("/api/v1/assessments/diff").json()
    assert diff["level"] == "senior" and diff["rows"]
    problem(
        client.post(
            "/api/v1/assessments",
            json={"ratings": [{"expectation": "system-design.nope", "rating": 2}]},
        ),
        400,
    )
    assert len(client.get("/api/v1/assessments").json()) == 1


def test_api_goals(client: TestClient) -> None:
    planned = client.get("/api/v1/goals/plan").json()
    assert {p["track"] for p in planned} == {"technical", "leadership", "communication"}
    accepted = client.post("/api/v1/goals/plan", json={"tracks": ["technical"]})
    assert accepted.status_code == 201, accepted.text
    goal = accepted.json()[0]
    assert goal["track"] == "technical" and goal["status"] == "active"
    checked = client.post(f"/api/v1/goals/{goal['id']}/checkins", json={"note": "Draft is out"})
    assert checked.json()["checkins"][0]["note"] == "Draft is out"
    done = client.patch(f"/api/v1/goals/{goal['id']}", json={"status": "done"}).json()
    assert done["status"] == "done"
    problem(client.patch(f"/api/v1/goals/{goal['id']}", json={"status": "done"}), 400)
    mine = client.post(
        "/api/v1/goals", json={"title": "Give the cache talk", "track": "communication"}
    )
    assert mine.status_code == 201
    assert len(client.get("/api/v1/goals").json()) == 2
    problem(client.post("/api/v1/goals", json={"title": "x", "track": "cooking"}), 400)
    problem(client.get("/api/v1/goals/999"), 404)


def test_api_one_on_ones_keep_private_notes_out_of_evidence(client: TestClient) -> None:
    assert client.post("/api/v1/mentees", json={"name": "Sam"}).status_code == 201
    made = client.post(
        "/api/v1/one-on-ones",
        json={"with": "Sam", "notes": "Worried about the reorg", "actions": ["Read DDIA ch. 5"]},
    )
    assert made.status_code == 201, made.text
    assert made.json()["notes"] == "Worried about the reorg"
    actions = client.get("/api/v1/one-on-ones/actions").json()
    assert [a["text"] for a in actions] == ["Read DDIA ch. 5"]
    closed = client.patch(f"/api/v1/one-on-ones/actions/{actions[0]['id']}", json={"open": False})
    assert closed.json()["open"] is False
    evidence = client.get("/api/v1/evidence").text
    assert "reorg" not in evidence


def test_api_packet(client: TestClient) -> None:
    log(client, "Led the design review of the billing cache", impact="p99 900 → 120 ms")
    data = client.get("/api/v1/packet").json()
    assert data["target_level"] == "senior" and data["total"] == 1
    md = client.get("/api/v1/packet/download", params={"format": "md"})
    assert md.headers["content-type"].startswith("text/markdown")
    assert "attachment" in md.headers["content-disposition"] and "billing cache" in md.text
    problem(client.get("/api/v1/packet", params={"period": "someday"}), 400)
    problem(client.get("/api/v1/packet", params={"level": "wizard"}), 400)


def test_api_status_and_openapi(client: TestClient) -> None:
    status = client.get("/api/v1/status").json()
    assert status["profile"]["name"] == "Ada Lovelace" and "home" not in status
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    assert "/api/v1/evidence" in paths and "/api/v1/evidence/{entry_id}/mappings" in paths
    assert not any(p.startswith(("/evidence", "/login")) for p in paths)  # pages stay out
    errors = paths["/api/v1/evidence"]["post"]["responses"]["400"]["content"]
    assert list(errors) == [PROBLEM]
    assert "Problem" in spec["components"]["schemas"]


# -- properties ----------------------------------------------------------------------------------
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200
    ).filter(lambda t: t.strip()),
    impact=st.none()
    | st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80),
)
def test_api_what_goes_in_comes_back(client: TestClient, text: str, impact: str | None) -> None:
    made = client.post("/api/v1/evidence", json={"text": text, "impact": impact})
    assert made.status_code == 201, made.text
    back = client.get(f"/api/v1/evidence/{made.json()['id']}").json()
    assert back["text"] == text.strip()
    assert back["impact"] == ((impact or "").strip() or None)


# -- the read cache ------------------------------------------------------------------------------
def test_cache_keeps_a_result_until_a_write_or_the_ttl() -> None:
    cache = Cache(ttl=0.2)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get("k", compute) == 1
    assert cache.get("k", compute) == 1
    cache.bump()
    assert cache.get("k", compute) == 2
    time.sleep(0.25)
    assert cache.get("k", compute) == 3
    assert Cache(ttl=0).get("k", compute) == 4  # ttl 0: no caching


def test_cache_computes_once_under_contention() -> None:
    cache = Cache(ttl=10)
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        time.sleep(0.05)
        return "value"

    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["value"] * 8 and len(calls) == 1


def test_app_writes_refresh_cached_reads(ws: Workspace) -> None:
    app = create_app(Settings(home=ws.home, url=ws.store.url, env={}, cache_ttl=60, clock=CLOCK))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get("/api/v1/evidence").json()["total"] == 0
        ws.log("Logged from the command line meanwhile")  # outside the app: cached for the ttl
        assert client.get("/api/v1/evidence").json()["total"] == 0
        log(client, "Logged through the app")  # a write through the app: fresh at once
        assert client.get("/api/v1/evidence").json()["total"] == 2


def test_cache_keeps_only_what_it_may() -> None:
    cache = Cache(ttl=10)
    assert cache.peek("k") is None
    refused = cache.get("k", lambda: ("bad filter", 400), keep=lambda v: v[1] == 200)
    assert refused == ("bad filter", 400) and cache.peek("k") is None
    cache.get("k", lambda: ("page", 200), keep=lambda v: v[1] == 200)
    assert cache.peek("k") == ("page", 200)
    cache.bump()
    assert cache.peek("k") is None


# -- reviewer findings (issue #7) ----------------------------------------------------------------
def test_api_wrong_json_types_are_refused_and_nothing_is_written(
    client: TestClient, ws: Workspace
) -> None:
    entry = log(client, "Fixed the flaky checkout test")
    body = problem(client.patch(f"/api/v1/evidence/{entry['id']}", json={"deleted": "yes"}), 422)
    assert body["errors"][0]["loc"] == ["body", "deleted"]
    assert not ws.entry(entry["id"]).deleted_at
    problem(client.patch(f"/api/v1/evidence/{entry['id']}", json={"deleted": 1}), 422)
    problem(client.post("/api/v1/map", json={"all": "yes"}), 422)
    problem(client.post("/api/v1/map", json={"ids": [str(entry["id"])]}), 422)
    rating = {"expectation": "system-design.tradeoffs", "rating": True}
    body = problem(client.post("/api/v1/assessments", json={"ratings": [rating]}), 422)
    assert body["detail"] == "ratings.0.rating: Input should be a valid integer or a valid string"
    assert body["errors"] == [
        {"loc": ["body", "ratings", "0", "rating"], "msg": body["detail"].split(": ", 1)[1]}
    ]
    problem(client.post("/api/v1/assessments", json={"ratings": [{**rating, "rating": 2.5}]}), 422)
    problem(client.patch("/api/v1/one-on-ones/actions/1", json={"open": "false"}), 422)
    assert ws.assessments.current() == []
    assert client.post("/api/v1/map", json={"all": True}).status_code == 200


def test_api_assessment_problems_are_listed_with_their_fields(
    client: TestClient, ws: Workspace
) -> None:
    entry = log(client, "Wrote the design doc for the billing cache")
    client.delete(f"/api/v1/evidence/{entry['id']}")
    response = client.post(
        "/api/v1/assessments",
        json={
            "ratings": [
                {"expectation": "system-design.design-docs", "rating": 2},
                {"expectation": "system-design.nope", "rating": 2},
                {"expectation": "system-design.tradeoffs", "rating": "great", "evidence": [999]},
                {"expectation": "operations.incidents-rca", "rating": 3, "evidence": [entry["id"]]},
            ]
        },
    )
    body = problem(response, 400)
    assert body["detail"] == "3 ratings have problems; nothing was saved"
    assert "ladder " not in body["hint"] and "file" not in body["hint"]
    where = [(e["field"], e["loc"]) for e in body["errors"]]
    assert where == [
        ("ratings[1].expectation", ["body", "ratings", 1, "expectation"]),
        ("ratings[2].rating", ["body", "ratings", 2, "rating"]),
        ("ratings[2].evidence", ["body", "ratings", 2, "evidence"]),
        ("ratings[3].evidence", ["body", "ratings", 3, "evidence"]),
    ]
    reasons = [e["msg"] for e in body["errors"]]
    assert "unknown expectation 'system-design.nope'" in reasons[0]
    assert "'great' is not a rating" in reasons[1]
    assert reasons[2] == "there is no entry #999 (GET /api/v1/evidence lists them)"
    assert reasons[3].startswith(f"entry #{entry['id']} is deleted (PATCH /api/v1/evidence/")
    assert not any("`ladder" in r for r in reasons)
    assert ws.assessments.current() == []  # all or nothing


def test_api_nul_characters_are_refused_and_errors_name_no_files(
    client: TestClient, ws: Workspace
) -> None:
    log(client, "Fixed the flaky checkout test")
    for query in ("q=abc%00", "tag=x%00", "since=2026%00"):
        body = problem(client.get(f"/api/v1/evidence?{query}"), 400)
        assert body["detail"].endswith("contains a NUL character"), body
    assert problem(client.get("/api/v1/evidence?q=abc%00"), 400)["detail"] == (
        "the search contains a NUL character"
    )
    problem(client.get("/api/v1/reviews?since=2026%00"), 400)
    body = problem(client.post("/api/v1/evidence", json={"text": "ok", "impact": "a\u0000"}), 422)
    assert body["errors"][0]["loc"] == ["body", "impact"] and "NUL" in body["errors"][0]["msg"]
    problem(client.post("/api/v1/goals", json={"title": "a\u0000", "track": "technical"}), 422)
    assert ws.entries()[1] == 1 and ws.goals.list() == []
    # a database error says what happened without naming the file or the server
    from ladder.errors import StorageError

    def broken() -> None:
        raise StorageError(f"database error in {ws.home}/ladder.db: disk I/O error")

    client.app.add_api_route("/api/v1/broken", broken)  # type: ignore[attr-defined]
    body = problem(client.get("/api/v1/broken"), 503)
    assert str(ws.home) not in str(body) and "ladder.db" not in str(body)
    assert body["detail"] == "the database could not answer this request; nothing was changed"


def test_api_months_and_periods_beyond_the_calendar_are_400(client: TestClient) -> None:
    for path in (
        "/api/v1/goals?month=9999-12",
        "/api/v1/goals/plan?month=0001-01",
        "/api/v1/goals/proposals?month=9999-12",
        "/api/v1/packet?period=2026-01-01..9999-12-31",
        "/api/v1/packet/download?format=md&period=1000-01-01..2026-01-01",
    ):
        body = problem(client.get(path), 400)
        assert "ladder works with the years 1900 to 2999" in body["detail"], path
    problem(client.post("/api/v1/goals/plan", json={"month": "9999-12"}), 400)
    problem(
        client.post("/api/v1/goals", json={"title": "x", "track": "technical", "month": "9999-12"}),
        400,
    )
    assert client.get("/api/v1/goals?month=2999-12").status_code == 200
    assert client.get("/api/v1/packet?period=2026").status_code == 200


def test_api_lists_keep_private_notes_to_the_1on1s_own_view(client: TestClient) -> None:
    private = client.post(
        "/api/v1/one-on-ones",
        json={"with": "Sam", "notes": "Worried about the reorg", "actions": ["Sam reads DDIA"]},
    ).json()
    shared = client.post(
        "/api/v1/one-on-ones",
        json={"with": "Lin", "notes": "Walked through the cache design", "shared": True},
    ).json()
    listed = {o["id"]: o for o in client.get("/api/v1/one-on-ones").json()}
    assert listed[private["id"]]["notes"] is None and listed[private["id"]]["private"] is True
    assert listed[private["id"]]["actions_agreed"] == 1
    assert listed[private["id"]]["actions"][0]["text"] is None
    assert listed[shared["id"]]["notes"] == "Walked through the cache design"
    assert "reorg" not in client.get("/api/v1/one-on-ones", params={"with": "Sam"}).text
    own = client.get(f"/api/v1/one-on-ones/{private['id']}").json()
    assert own["notes"] == "Worried about the reorg"
    # share it, edit it, make it private again, delete it
    made_shared = client.patch(f"/api/v1/one-on-ones/{private['id']}", json={"shared": True})
    assert made_shared.status_code == 200 and made_shared.json()["shared"] is True
    assert "reorg" in client.get("/api/v1/one-on-ones").text
    edited = client.patch(
        f"/api/v1/one-on-ones/{private['id']}",
        json={"notes": "Talked about the move", "shared": False, "actions": ["Ada intros Kim"]},
    ).json()
    assert edited["notes"] == "Talked about the move" and edited["private"] is True
    assert [a["text"] for a in edited["actions"]] == ["Sam reads DDIA", "Ada intros Kim"]
    assert "the move" not in client.get("/api/v1/one-on-ones").text
    problem(client.patch(f"/api/v1/one-on-ones/{private['id']}", json={}), 400)
    problem(client.patch(f"/api/v1/one-on-ones/{private['id']}", json={"shared": "no"}), 422)
    problem(client.get("/api/v1/one-on-ones/999"), 404)
    gone = client.delete(f"/api/v1/one-on-ones/{shared['id']}")
    assert gone.status_code == 200 and gone.json()["id"] == shared["id"]
    problem(client.get(f"/api/v1/one-on-ones/{shared['id']}"), 404)


def test_api_mentee_note_and_end(client: TestClient) -> None:
    made = client.post("/api/v1/mentees", json={"name": "Sam", "note": "New on the team"})
    assert made.status_code == 201 and made.json()["note"] == "New on the team"
    noted = client.patch("/api/v1/mentees/sam", json={"note": "Owns the exporter"})
    assert noted.json()["note"] == "Owns the exporter"
    ended = client.post("/api/v1/mentees/Sam/end", json={})
    assert ended.status_code == 200 and ended.json()["active"] is False
    problem(client.post("/api/v1/mentees/Sam/end", json={}), 400)  # ended already
    problem(client.patch("/api/v1/mentees/Sam", json={"note": "x"}), 400)  # not picked up again
    body = problem(client.patch("/api/v1/mentees/Nobody", json={"note": "x"}), 404)
    assert body["hint"] == "POST /api/v1/mentees adds them"
    assert client.get("/api/v1/mentees").json() == []
    assert len(client.get("/api/v1/mentees", params={"ended": True}).json()) == 1


def test_api_delete_and_restore_twice_are_conflicts(client: TestClient) -> None:
    entry = log(client, "Fixed the flaky checkout test")
    assert client.delete(f"/api/v1/evidence/{entry['id']}").status_code == 200
    assert problem(client.delete(f"/api/v1/evidence/{entry['id']}"), 409)["title"] == "Conflict"
    back = client.patch(f"/api/v1/evidence/{entry['id']}", json={"deleted": False})
    assert back.json()["deleted"] is False
    again = client.patch(f"/api/v1/evidence/{entry['id']}", json={"deleted": False})
    assert again.status_code == 200  # a PATCH sets a state: already so is fine
    problem(client.delete("/api/v1/evidence/999"), 404)


def test_openapi_ids_go_up_to_the_exact_maximum(client: TestClient) -> None:
    text = client.get("/api/v1/openapi.json").text
    assert "9.223372036854776e+18" not in text and "e+18" not in text
    spec = client.get("/api/v1/openapi.json").json()
    ids = spec["components"]["schemas"]["BulkTagIn"]["properties"]["ids"]["items"]
    assert ids["maximum"] == 2**63 - 1 and isinstance(ids["maximum"], int)
    delete = spec["paths"]["/api/v1/evidence/{entry_id}"]["delete"]["responses"]
    assert "409" in delete
