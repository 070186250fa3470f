"""The team server's API: the authorization matrix (role by resource by action) and bad input,
through an in-process client, on SQLite and the real PostgreSQL.

Every forbidden cell is checked denied (404 for a person the caller may not see, 403 for one
they see but may not read this of), every allowed one is checked to work, and refused writes
are checked to have written nothing.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from helpers import NOW
from ladder.clock import FixedClock
from ladder.team import accounts
from ladder.web import Settings, create_app
from ladder.workspace import Workspace

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"
EXP = "system-design.tradeoffs"
OTHER_EXP = "delivery.ownership"
PASSWORD = "maple orbit velvet canyon 42 drift"
READS = ("evidence", "status", "goals", "ratings", "packet")


@dataclass
class TeamSetup:
    ws: Workspace
    client: TestClient
    clock: FixedClock
    ids: dict[str, int]
    tokens: dict[str, str]
    entry: int

    def get(self, who: str, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self.auth(who), **kw)

    def post(self, who: str, path: str, body: Any, **kw: Any) -> Any:
        return self.client.post(path, headers=self.auth(who), json=body, **kw)

    def auth(self, who: str) -> dict[str, str]:
        return {"authorization": f"Bearer {self.tokens[who]}"}

    def count(self, table: str) -> int:
        return int(self.ws.store.scalar(f"SELECT COUNT(*) FROM {table}"))


#: The team: boss manages mgr manages eng; eng asked peer about EXP and shares evidence and
#: status with mentor; admin only administers; stranger has nothing to do with eng.
PEOPLE = {
    "admin": ("Ada Admin", ["admin"], None),
    "boss": ("Bo Boss", ["manager", "engineer"], None),
    "mgr": ("Max Manager", ["manager", "engineer"], "boss"),
    "eng": ("Eli Engineer", ["engineer"], "mgr"),
    "peer": ("Pat Peer", ["engineer"], "mgr"),
    "mentor": ("Mo Mentor", ["mentor", "engineer"], "boss"),
    "stranger": ("Sam Stranger", ["engineer"], None),
}


def email(who: str) -> str:
    return f"{who}@example.com"


@pytest.fixture
def team(bare_ws: Workspace) -> Iterator[TeamSetup]:
    clock = FixedClock(NOW, tick=dt.timedelta(milliseconds=1))
    ws = Workspace(bare_ws.store, bare_ws.home, {}, clock=clock)
    now = clock.now()
    for who, (name, roles, manager) in PEOPLE.items():
        accounts.add(
            ws.store,
            email(who),
            name=name,
            roles=roles,
            manager=email(manager) if manager else None,
            level="mid",
            target_level="senior",
            now=now,
        )
    ids = {who: accounts.by_email(ws.store, email(who)).person_id for who in PEOPLE}
    tokens = {
        who: accounts.issue_token(ws.store, email(who), scope="write", now=now).secret
        for who in PEOPLE
    }
    entry = ws.for_person(ids["eng"]).log("Led the design review of the billing cache @design").id
    app = create_app(
        Settings(home=ws.home, url=ws.store.url, env={}, cache_ttl=0, clock=clock, team=True)
    )
    with TestClient(app, base_url="http://127.0.0.1") as client:
        setup = TeamSetup(ws, client, clock, ids, tokens, entry)
        eng = setup.auth("eng")
        asked = client.post(
            "/api/v1/me/peer-requests",
            headers=eng,
            json={"peers": [email("peer")], "expectations": [EXP]},
        )
        assert asked.status_code == 201, asked.text
        shared = client.put(
            "/api/v1/me/mentor-share",
            headers=eng,
            json={"mentor": email("mentor"), "resources": ["evidence", "status"]},
        )
        assert shared.status_code == 200, shared.text
        yield setup


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


# -- the matrix ----------------------------------------------------------------------------------

#: Who may read which part of eng's data: 200, 403 (sees eng, may not read this) or 404.
READ_MATRIX: dict[str, dict[str, int]] = {
    "eng": dict.fromkeys(READS, 200),
    "mgr": dict.fromkeys(READS, 200),
    "boss": dict.fromkeys(READS, 200),  # the manager's manager
    "mentor": {"evidence": 200, "status": 200, "goals": 403, "ratings": 403, "packet": 403},
    "peer": dict.fromkeys(READS, 403),
    "admin": dict.fromkeys(READS, 403),
    "stranger": dict.fromkeys(READS, 404),
}


def test_read_matrix_every_role_and_resource(team: TeamSetup) -> None:
    eng = team.ids["eng"]
    seen: list[tuple[str, str, int]] = []
    for who, row in READ_MATRIX.items():
        for resource, expected in row.items():
            response = team.get(who, f"/api/v1/people/{eng}/{resource}")
            seen.append((who, resource, response.status_code))
            if expected == 200:
                assert response.status_code == 200, (who, resource, response.text)
            else:
                problem(response, expected)
    assert len(seen) == len(READ_MATRIX) * len(READS)
    evidence = team.get("mgr", f"/api/v1/people/{eng}/evidence").json()
    assert [e["id"] for e in evidence["items"]] == [team.entry]
    status = team.get("boss", f"/api/v1/people/{eng}/status").json()
    assert status["level"] == "senior" and status["gaps"]
    assert team.get("mgr", f"/api/v1/people/{eng}/packet").json()["person"] == "Eli Engineer"


def test_a_person_nobody_may_see_and_one_that_does_not_exist_read_the_same(
    team: TeamSetup,
) -> None:
    hidden = problem(team.get("stranger", f"/api/v1/people/{team.ids['eng']}"), 404)
    missing = problem(team.get("stranger", "/api/v1/people/999999"), 404)
    assert hidden["detail"].replace(str(team.ids["eng"]), "N") == missing["detail"].replace(
        "999999", "N"
    )


def test_people_lists_only_those_the_caller_may_see(team: TeamSetup) -> None:
    def people(who: str) -> set[str]:
        response = team.get(who, "/api/v1/people")
        assert response.status_code == 200
        items = response.json()
        assert all({"id", "email", "name", "roles", "manager"} <= set(i) for i in items)
        return {i["email"].split("@")[0] for i in items}

    assert people("admin") == set(PEOPLE)
    assert people("eng") == {"eng", "mgr", "peer", "mentor"}  # manager, asked peer, mentor
    assert people("mgr") == {"mgr", "boss", "eng", "peer"}
    assert people("boss") == {"boss", "mgr", "eng", "peer", "mentor"}
    assert people("peer") == {"peer", "mgr", "eng"}
    assert people("mentor") == {"mentor", "boss", "eng"}
    assert people("stranger") == {"stranger"}
    me = team.get("mgr", "/api/v1/me").json()
    assert me["email"] == "mgr@example.com" and me["manager"] == "boss@example.com"
    assert set(me["reports"]) == {team.ids["eng"], team.ids["peer"]}


#: Who may rate eng on EXP, and as what: a standing, 403 or 404.
RATE_MATRIX: dict[str, str | int] = {
    "eng": "self",
    "mgr": "manager",
    "boss": "manager",
    "peer": "peer",
    "mentor": 403,
    "admin": 403,
    "stranger": 404,
}


def test_rating_matrix_standing_comes_from_the_caller_not_the_body(team: TeamSetup) -> None:
    eng = team.ids["eng"]
    for who, expected in RATE_MATRIX.items():
        before = team.count("assessment")
        body = {"expectation": EXP, "rating": "meeting", "note": f"by {who}"}
        response = team.post(who, f"/api/v1/people/{eng}/ratings", {**body})
        if isinstance(expected, int):
            problem(response, expected)
            assert team.count("assessment") == before, who
            continue
        assert response.status_code == 201, (who, response.text)
        got = response.json()
        assert got["rater"] == expected and got["rater_person_id"] == team.ids[who]
        assert got["rater_name"] == ("" if expected == "self" else PEOPLE[who][0])
    # a body that names its own rater is refused, not believed
    forged = {"expectation": EXP, "rating": "exceeding", "rater": "manager"}
    problem(team.post("peer", f"/api/v1/people/{eng}/ratings", forged), 422)
    # the peer was asked about EXP only
    other = {"expectation": OTHER_EXP, "rating": "meeting"}
    problem(team.post("peer", f"/api/v1/people/{eng}/ratings", other), 403)
    # eng and their managers see every answer, attributed
    for who in ("eng", "mgr", "boss"):
        ratings = team.get(who, f"/api/v1/people/{eng}/ratings").json()
        assert {(r["rater"], r["rater_person_id"]) for r in ratings} == {
            ("self", eng),
            ("manager", team.ids["mgr"]),
            ("manager", team.ids["boss"]),
            ("peer", team.ids["peer"]),
        }
    asked = team.get("peer", "/api/v1/me").json()["peer_requests"]
    assert asked == [{"id": asked[0]["id"], "person": eng, "expectation": EXP, "answered": True}]


def test_a_manager_never_edits_the_engineers_evidence(team: TeamSetup) -> None:
    before = team.ws.for_person(team.ids["eng"]).entry(team.entry)
    for who in ("mgr", "boss", "admin", "mentor"):
        response = team.client.patch(
            f"/api/v1/evidence/{team.entry}", headers=team.auth(who), json={"text": "changed"}
        )
        problem(response, 404)  # their own evidence has no such entry
        problem(team.client.delete(f"/api/v1/evidence/{team.entry}", headers=team.auth(who)), 404)
    assert team.ws.for_person(team.ids["eng"]).entry(team.entry) == before
    # each person's own pages and API work on their own data only
    assert team.get("mgr", "/api/v1/evidence").json()["total"] == 0
    assert team.get("eng", "/api/v1/evidence").json()["total"] == 1


def test_one_on_one_notes_private_to_their_author_shared_with_the_other(
    team: TeamSetup,
) -> None:
    eng, mgr = team.ids["eng"], team.ids["mgr"]
    private = team.post(
        "mgr", f"/api/v1/people/{eng}/one-on-ones", {"notes": "Worried, tell no one"}
    )
    shared = team.post(
        "mgr",
        f"/api/v1/people/{eng}/one-on-ones",
        {"notes": "Agreed: lead the RFC", "shared": True},
    )
    assert private.status_code == 201 and shared.status_code == 201, private.text
    mine = team.get("mgr", f"/api/v1/people/{eng}/one-on-ones").json()
    assert [n["notes"] for n in mine] == ["Worried, tell no one", "Agreed: lead the RFC"]
    theirs = team.get("eng", f"/api/v1/people/{mgr}/one-on-ones").json()
    assert [n["notes"] for n in theirs] == ["Agreed: lead the RFC"]
    boss = team.get("boss", f"/api/v1/people/{eng}/one-on-ones").json()
    assert boss == []  # notes between mgr and eng are theirs, not the skip-level's
    problem(team.get("stranger", f"/api/v1/people/{eng}/one-on-ones"), 404)
    problem(team.post("stranger", f"/api/v1/people/{eng}/one-on-ones", {"notes": "x"}), 404)
    assert "Worried" not in str(team.get("admin", "/api/v1/audit").json())


def test_audit_records_reads_of_others_and_changes_and_who_may_read_it(team: TeamSetup) -> None:
    eng = team.ids["eng"]
    team.get("mgr", f"/api/v1/people/{eng}/packet")
    team.get("eng", f"/api/v1/people/{eng}/evidence")  # one's own: no audit row
    team.post("mgr", f"/api/v1/people/{eng}/ratings", {"expectation": EXP, "rating": 2})
    mine = team.get("eng", "/api/v1/audit").json()
    reads = [(e["actor"], e["action"], e["resource"]) for e in mine]
    assert ("mgr@example.com", "read", "packet") in reads
    assert ("mgr@example.com", "create", "ratings") in reads
    assert all(e["subject_id"] == eng and e["actor_id"] != eng for e in mine)
    assert all(e["via"].startswith(("token:", "cli", "session:")) for e in mine)
    everything = team.get("admin", "/api/v1/audit", params={"limit": 1000}).json()
    assert len(everything) > len(mine)
    stranger = team.get("stranger", "/api/v1/audit").json()
    assert all(e["subject_id"] == team.ids["stranger"] for e in stranger)
    with pytest.raises(Exception, match="append-only"):
        team.ws.store.execute("UPDATE audit SET actor = 'nobody'")
    with pytest.raises(Exception, match="append-only"):
        team.ws.store.execute("DELETE FROM audit")


def test_admin_who_is_also_the_manager_reads(team: TeamSetup) -> None:
    accounts.set_roles(
        team.ws.store, email("mgr"), ["manager", "engineer", "admin"], now=team.clock.now()
    )
    assert team.get("mgr", f"/api/v1/people/{team.ids['eng']}/evidence").status_code == 200
    problem(team.get("mgr", f"/api/v1/people/{team.ids['stranger']}/evidence"), 403)


# -- bad input: clear errors, nothing written ----------------------------------------------------


def test_unknown_expectation_is_a_422_and_writes_nothing(team: TeamSetup) -> None:
    eng = team.ids["eng"]
    before = (team.count("assessment"), team.count("audit"))
    for bad in (
        {"expectation": "cooking.souffle", "rating": "meeting"},
        {"expectation": EXP, "rating": "superb"},
    ):
        body = problem(team.post("mgr", f"/api/v1/people/{eng}/ratings", bad), 422)
        assert body["detail"]
    assert (team.count("assessment"), team.count("audit")) == before


def test_deactivated_expired_revoked_and_wrong_tokens_are_refused(team: TeamSetup) -> None:
    store, now = team.ws.store, team.clock.now()
    assert team.get("peer", "/api/v1/me").status_code == 200
    accounts.deactivate(store, email("peer"), now=now)
    problem(team.get("peer", "/api/v1/me"), 401)
    short = accounts.issue_token(store, email("eng"), expires="1h", now=now)
    ok = team.client.get("/api/v1/me", headers={"authorization": f"Bearer {short.secret}"})
    assert ok.status_code == 200
    team.clock.advance(dt.timedelta(hours=1, seconds=1))
    problem(team.client.get("/api/v1/me", headers={"authorization": f"Bearer {short.secret}"}), 401)
    accounts.revoke_token(store, short.token.id, now=team.clock.now())
    revoked_id = next(t.id for t in accounts.tokens(store, email("stranger")))
    accounts.revoke_token(store, revoked_id, now=team.clock.now())
    problem(team.get("stranger", "/api/v1/me"), 401)
    problem(team.client.get("/api/v1/me", headers={"authorization": "Bearer ladder_guess"}), 401)


def test_read_only_token_may_not_write(team: TeamSetup) -> None:
    reader = accounts.issue_token(team.ws.store, email("mgr"), scope="read", now=team.clock.now())
    headers = {"authorization": f"Bearer {reader.secret}"}
    before = team.count("assessment")
    eng = team.ids["eng"]
    assert team.client.get(f"/api/v1/people/{eng}/ratings", headers=headers).status_code == 200
    body = {"expectation": EXP, "rating": "meeting"}
    problem(team.client.post(f"/api/v1/people/{eng}/ratings", headers=headers, json=body), 403)
    problem(team.client.post("/api/v1/evidence", headers=headers, json={"text": "x"}), 403)
    assert team.count("assessment") == before


def test_password_login_session_logout_and_throttling(team: TeamSetup) -> None:
    store = team.ws.store
    accounts.set_password(store, email("eng"), PASSWORD, now=team.clock.now())
    client = team.client
    page = client.get("/login")
    assert page.status_code == 200 and 'name="password"' in page.text
    # a team server does not tell its people that their data stays on their machine
    assert "stays on this machine" not in page.text and "a team server" in page.text
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    form = {"csrf": csrf, "email": "ENG@example.com", "password": PASSWORD, "next": "/"}
    done = client.post("/login", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    me = client.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["email"] == "eng@example.com"
    assert me.json()["via"].startswith("session:")
    client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    problem(client.get("/api/v1/me"), 401)
    client.cookies.clear()
    page = client.get("/login")
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    statuses = [
        client.post("/login", data={**form, "csrf": csrf, "password": "wrong"}).status_code
        for _ in range(7)
    ]
    assert statuses[:5] == [401] * 5 and statuses[-1] == 429
    locked = client.post("/login", data={**form, "csrf": csrf})
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 1
    # a deactivated account cannot log in, even with the right password
    team.clock.advance(dt.timedelta(hours=1))
    accounts.deactivate(store, email("eng"), now=team.clock.now())
    refused = client.post("/login", data={**form, "csrf": csrf}, follow_redirects=False)
    assert refused.status_code == 401


def test_secrets_never_reach_the_database(team: TeamSetup) -> None:
    accounts.set_password(team.ws.store, email("eng"), PASSWORD, now=team.clock.now())
    text = ""
    for table in ("account", "api_token", "web_session", "audit"):
        text += repr(team.ws.store.query(f"SELECT * FROM {table}"))
    for secret in (*team.tokens.values(), PASSWORD):
        assert secret not in text
        assert secret[len(accounts.TOKEN_PREFIX) :] not in text
    assert "$argon2id$" in text


def test_team_server_refuses_to_start_without_an_active_admin(bare_ws: Workspace) -> None:
    from ladder.errors import InputError

    accounts.add(bare_ws.store, "e@example.com", name="E", roles=["engineer"], now=NOW)
    with pytest.raises(InputError, match="needs an active admin"):
        create_app(Settings(home=bare_ws.home, url=bare_ws.store.url, env={}, team=True))


def test_openapi_describes_the_team_api(team: TeamSetup) -> None:
    spec = team.get("admin", "/api/v1/openapi.json").json()
    for path in (
        "/api/v1/me",
        "/api/v1/people",
        "/api/v1/people/{person_id}/evidence",
        "/api/v1/people/{person_id}/status",
        "/api/v1/people/{person_id}/ratings",
        "/api/v1/people/{person_id}/packet",
        "/api/v1/audit",
    ):
        assert path in spec["paths"], path
    rate = spec["paths"]["/api/v1/people/{person_id}/ratings"]["post"]
    assert "422" in rate["responses"] and "404" in rate["responses"]
    assert (
        rate["responses"]["404"]["content"]["application/problem+json"]["schema"]["$ref"]
        == "#/components/schemas/Problem"
    )


def test_the_engineer_cannot_type_in_manager_or_peer_ratings(team: TeamSetup) -> None:
    before = team.count("assessment")
    forged = {
        "rater": "manager",
        "rater_name": "Max Manager",
        "ratings": [{"expectation": EXP, "rating": 3}],
    }
    body = problem(team.post("eng", "/api/v1/assessments", forged), 403)
    assert "in their own accounts" in body["detail"]
    assert team.count("assessment") == before
    own = team.post("eng", "/api/v1/assessments", {"ratings": [{"expectation": EXP, "rating": 1}]})
    assert own.status_code == 201 and own.json()[0]["rater"] == "self"


def test_pages_show_the_logged_in_persons_own_data(team: TeamSetup) -> None:
    problem_page = team.client.get("/", follow_redirects=False)
    assert problem_page.status_code == 303 and problem_page.headers["location"].startswith("/login")
    for who, name, entries in (("eng", "Eli Engineer", 1), ("mgr", "Max Manager", 0)):
        page = team.client.get("/", headers=team.auth(who))
        assert page.status_code == 200 and name in page.text
        listed = team.client.get("/evidence", headers=team.auth(who))
        assert ("billing cache" in listed.text) == bool(entries)


def test_team_page_and_calibration_for_managers_only(team: TeamSetup) -> None:
    eng = team.ids["eng"]
    entry = team.entry
    rated = team.post(
        "eng",
        "/api/v1/assessments",
        {"ratings": [{"expectation": EXP, "rating": "meeting", "evidence": [entry]}]},
    )
    assert rated.status_code == 201, rated.text
    team.post("mgr", f"/api/v1/people/{eng}/ratings", {"expectation": EXP, "rating": "not yet"})
    team.post(
        "mgr",
        f"/api/v1/people/{eng}/one-on-ones",
        {"notes": "Career talk", "shared": True},
    )
    overview = team.get("mgr", "/api/v1/team").json()
    assert [o["person"]["email"] for o in overview] == ["eng@example.com", "peer@example.com"]
    mine = overview[0]
    assert mine["level"] == "senior" and mine["gaps"] and mine["last_one_on_one"]["shared"]
    assert [d["expectation"] for d in mine["disconnects"]] == [EXP]  # meeting vs not yet
    boss = team.get("boss", "/api/v1/team").json()
    assert {o["person"]["email"] for o in boss} == {
        "mgr@example.com",
        "eng@example.com",
        "peer@example.com",
        "mentor@example.com",
    }
    assert boss[0]["last_one_on_one"] is None or boss[0]["person"]["email"] != "eng@example.com"
    assert team.get("eng", "/api/v1/team").json() == []  # nobody reports to eng
    calibration = team.get("mgr", "/api/v1/team/calibration").json()
    rows = {(r["rater"], r["testimony_only"]): r for r in calibration[0]["ratings"]}
    assert rows[("self", False)]["evidence"][0]["id"] == entry
    assert rows[("manager", False)]["evidence"] == []  # "not yet" needs no evidence
    page = team.client.get("/team", headers=team.auth("mgr"))
    assert page.status_code == 200 and "Eli Engineer" in page.text and "<svg" in page.text
    assert 'href="/team"' in page.text
    cal = team.client.get("/team/calibration", headers=team.auth("mgr"))
    assert cal.status_code == 200 and "billing cache" in cal.text
    assert 'href="/team/calibration"' not in team.client.get("/", headers=team.auth("eng")).text
    reads = {(e["actor"], e["resource"]) for e in team.get("eng", "/api/v1/audit").json()}
    assert {("mgr@example.com", "status"), ("mgr@example.com", "ratings")} <= reads


def test_the_feedback_asked_of_someone_is_shown_on_the_feedback_page_only(
    team: TeamSetup,
) -> None:
    """The team page says how many requests wait and links to the Feedback page, which is the
    one place that lists them and takes the answers."""
    peer_team = team.client.get("/team", headers=team.auth("peer")).text
    assert "1 request for your peer feedback waits" in peer_team
    assert 'href="/feedback#asked-h"' in peer_team
    assert "Eli Engineer" not in peer_team and 'class="asked"' not in peer_team
    feedback = team.client.get("/feedback", headers=team.auth("peer")).text
    assert feedback.count('class="asked"') == 1 and "Eli Engineer" in feedback
    assert "for your peer feedback" not in team.client.get("/team", headers=team.auth("mgr")).text
    request_id = team.get("peer", "/api/v1/me").json()["peer_requests"][0]["id"]
    answered = _form(team, "peer", "/feedback/answer", {"request": str(request_id), "rating": "2"})
    assert answered.status_code == 303
    assert "for your peer feedback" not in team.client.get("/team", headers=team.auth("peer")).text


def test_team_page_rating_form_refuses_bad_input_and_writes_nothing(team: TeamSetup) -> None:
    eng = team.ids["eng"]
    page = team.client.get("/team", headers=team.auth("mgr"))
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    before = team.count("assessment")
    for form, status in (
        ({"person": str(eng), "expectation": "cooking.souffle", "rating": "2"}, 422),
        ({"person": str(team.ids["stranger"]), "expectation": EXP, "rating": "2"}, 404),
        ({"person": "x", "expectation": EXP, "rating": "2"}, 400),
    ):
        done = team.client.post("/team/rate", headers=team.auth("mgr"), data={"csrf": csrf, **form})
        assert done.status_code == status, (form, done.text[:200])
    assert team.count("assessment") == before
    ok = team.client.post(
        "/team/rate",
        headers=team.auth("mgr"),
        data={"csrf": csrf, "person": str(eng), "expectation": EXP, "rating": "2", "note": "ok"},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and team.count("assessment") == before + 1


# -- the pages about other people: feedback, sharing, a person's page ---------------------------


def _csrf(team: TeamSetup, who: str, path: str = "/feedback") -> str:
    page = team.client.get(path, headers=team.auth(who))
    assert page.status_code == 200, page.text[:300]
    return str(page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0])


def _form(team: TeamSetup, who: str, path: str, data: dict[str, Any]) -> Any:
    csrf = _csrf(team, who, "/sharing" if path == "/sharing" else "/feedback")
    return team.client.post(
        path, headers=team.auth(who), data={"csrf": csrf, **data}, follow_redirects=False
    )


#: The sections of eng's page (/people/ID) each part of READ_MATRIX shows as.
SECTIONS = {
    "evidence": 'id="evidence-h"',
    "status": 'id="status-h"',
    "goals": 'id="goals-h"',
    "ratings": 'id="ratings-h"',
    "packet": 'id="packet-h"',
}


def test_person_page_matrix_shows_each_viewer_only_what_they_may_read(team: TeamSetup) -> None:
    eng = team.ids["eng"]
    for who, row in READ_MATRIX.items():
        page = team.client.get(f"/people/{eng}", headers=team.auth(who))
        if set(row.values()) == {404}:
            assert page.status_code == 404, who
            assert "Eli Engineer" not in page.text
            continue
        assert page.status_code == 200, (who, page.text[:300])
        assert "Eli Engineer" in page.text
        for part, expected in row.items():
            assert (SECTIONS[part] in page.text) == (expected == 200), (who, part)
    assert team.client.get("/people/999999", headers=team.auth("mgr")).status_code == 404
    before = team.count("audit")
    assert team.client.get(f"/people/{eng}", headers=team.auth("boss")).status_code == 200
    assert team.count("audit") == before + len(READS)  # one read of each part, each recorded
    # the mentor's reading is recorded, as the API's is
    reads = {(e["actor"], e["resource"]) for e in team.get("eng", "/api/v1/audit").json()}
    assert {("mentor@example.com", "evidence"), ("mentor@example.com", "status")} <= reads
    assert ("mentor@example.com", "ratings") not in reads


def test_feedback_and_sharing_pages_need_a_login_and_show_ones_own(team: TeamSetup) -> None:
    for path in ("/feedback", "/sharing", f"/people/{team.ids['eng']}"):
        away = team.client.get(path, follow_redirects=False)
        assert away.status_code == 303 and away.headers["location"].startswith("/login"), path
        refused = team.client.post(path, data={}, follow_redirects=False)
        assert refused.status_code == 401, path
    for who in PEOPLE:
        for path in ("/feedback", "/sharing"):
            page = team.client.get(path, headers=team.auth(who))
            assert page.status_code == 200 and 'href="/feedback"' in page.text, (who, path)
    asked_of_peer = team.client.get("/feedback", headers=team.auth("peer")).text
    assert "Eli Engineer" in asked_of_peer and EXP in asked_of_peer
    assert "Eli Engineer" not in team.client.get("/feedback", headers=team.auth("mgr")).text
    mentor = team.client.get("/sharing", headers=team.auth("mentor")).text
    assert f'href="/people/{team.ids["eng"]}"' in mentor and "Eli Engineer" in mentor
    eng = team.client.get("/sharing", headers=team.auth("eng")).text
    assert "Mo Mentor" in eng and 'value="evidence" checked' in eng
    assert 'value="goals" checked' not in eng


def test_peer_answers_on_the_feedback_page_and_the_engineer_and_managers_see_it(
    team: TeamSetup,
) -> None:
    eng = team.ids["eng"]
    request_id = team.get("peer", "/api/v1/me").json()["peer_requests"][0]["id"]
    note = "Weighed <b>three</b> caches & wrote it down"
    done = _form(
        team, "peer", "/feedback/answer", {"request": str(request_id), "rating": "2", "note": note}
    )
    assert done.status_code == 303 and done.headers["location"] == "/feedback?done=answered"
    escaped = "Weighed &lt;b&gt;three&lt;/b&gt; caches &amp; wrote it down"
    mine = team.client.get("/feedback", headers=team.auth("eng")).text
    assert "Pat Peer" in mine and "meeting" in mine and escaped in mine and "<b>three" not in mine
    for who in ("mgr", "boss"):
        page = team.client.get(f"/people/{eng}", headers=team.auth(who)).text
        assert "Pat Peer" in page and escaped in page, who
    answered = team.get("peer", "/api/v1/me").json()["peer_requests"]
    assert answered[0]["answered"] is True
    ratings = team.get("eng", f"/api/v1/people/{eng}/ratings").json()
    assert [(r["rater"], r["rater_person_id"], r["note"]) for r in ratings] == [
        ("peer", team.ids["peer"], note)
    ]


def test_engineer_asks_on_the_feedback_page(team: TeamSetup) -> None:
    before = team.count("peer_request")
    done = _form(
        team,
        "eng",
        "/feedback/ask",
        {"peers": "Mentor@example.com, stranger@example.com", "expectation": [EXP, OTHER_EXP]},
    )
    assert done.status_code == 303 and done.headers["location"] == "/feedback?done=asked"
    assert team.count("peer_request") == before + 4
    asked = team.get("stranger", "/api/v1/me").json()["peer_requests"]
    assert {r["expectation"] for r in asked} == {EXP, OTHER_EXP}
    # the stranger now sees eng (they were asked), and may rate what they were asked only
    assert team.get("stranger", f"/api/v1/people/{team.ids['eng']}").status_code == 200
    problem(team.get("stranger", f"/api/v1/people/{team.ids['eng']}/ratings"), 403)


def test_sharing_page_shares_changes_and_stops(team: TeamSetup) -> None:
    eng = team.ids["eng"]
    done = _form(team, "eng", "/sharing", {"mentor": email("mentor"), "resource": ["goals"]})
    assert done.status_code == 303 and done.headers["location"] == "/sharing?done=mentor"
    page = team.client.get(f"/people/{eng}", headers=team.auth("mentor")).text
    assert SECTIONS["goals"] in page and SECTIONS["evidence"] not in page
    stop = _form(team, "eng", "/sharing", {"mentor": email("mentor")})
    assert stop.status_code == 303 and stop.headers["location"] == "/sharing?done=unshared"
    assert team.client.get(f"/people/{eng}", headers=team.auth("mentor")).status_code == 404
    assert "No mentee shares" in team.client.get("/sharing", headers=team.auth("mentor")).text


# -- bad input on the new pages and their API: clear errors, nothing written ---------------------


def test_asking_for_feedback_refuses_bad_input_and_writes_nothing(team: TeamSetup) -> None:
    accounts.deactivate(team.ws.store, email("stranger"), now=team.clock.now())
    cases = [
        ({"peers": ["nobody@example.com"], "expectations": [EXP]}, 404, "no account"),
        ({"peers": [email("stranger")], "expectations": [EXP]}, 404, "no account"),
        ({"peers": [email("eng")], "expectations": [EXP]}, 400, "yourself"),
        ({"peers": [email("peer")], "expectations": ["cooking.souffle"]}, 422, "cooking.souffle"),
        ({"peers": [email("peer")], "expectations": ["system-design"]}, 422, "an area"),
        ({"peers": ["not an email"], "expectations": [EXP]}, 400, "not an email address"),
        ({"peers": [email("peer"), "nobody@example.com"], "expectations": [EXP]}, 404, "nobody"),
    ]
    before = (team.count("peer_request"), team.count("audit"))
    said = []
    for body, status, words in cases:
        got = problem(team.post("eng", "/api/v1/me/peer-requests", body), status)
        assert words in got["detail"], (body, got)
        said.append((got["detail"].replace(body["peers"][-1], "X"), got.get("hint")))
        form = {"peers": "\n".join(body["peers"]), "expectation": body["expectations"]}
        page = _form(team, "eng", "/feedback/ask", form)
        assert page.status_code == status, (body, page.text[:300])
        assert 'role="alert"' in page.text and "Ask for feedback" in page.text
    assert said[0] == said[1]  # a deactivated colleague reads as one that does not exist
    empty = _form(team, "eng", "/feedback/ask", {"peers": email("peer")})
    assert empty.status_code == 400 and "at least one colleague and one expectation" in empty.text
    assert (team.count("peer_request"), team.count("audit")) == before


def test_answering_someone_elses_request_or_off_the_scale_writes_nothing(team: TeamSetup) -> None:
    request_id = team.get("peer", "/api/v1/me").json()["peer_requests"][0]["id"]
    before = (team.count("assessment"), team.count("audit"))
    for who in ("eng", "mgr", "boss", "mentor", "admin", "stranger"):
        got = _form(team, who, "/feedback/answer", {"request": str(request_id), "rating": "2"})
        assert got.status_code == 404, who
        assert "was asked of you" in got.text
    for form, status in (
        ({"request": str(request_id), "rating": "superb"}, 422),
        ({"request": "999999", "rating": "2"}, 404),
        ({"request": "x", "rating": "2"}, 400),
        ({"rating": "2"}, 400),
    ):
        got = _form(team, "peer", "/feedback/answer", form)
        assert got.status_code == status, (form, got.text[:300])
    assert (team.count("assessment"), team.count("audit")) == before
    reader = accounts.issue_token(team.ws.store, email("peer"), scope="read", now=team.clock.now())
    csrf = _csrf(team, "peer")
    refused = team.client.post(
        "/feedback/answer",
        headers={"authorization": f"Bearer {reader.secret}"},
        data={"csrf": csrf, "request": str(request_id), "rating": "2"},
    )
    assert refused.status_code == 403
    assert team.count("assessment") == before[0]


def test_sharing_refuses_bad_input_and_writes_nothing(team: TeamSetup) -> None:
    before = (team.count("mentor_share"), team.count("audit"))
    for form, status, words in (
        ({"mentor": "nobody@example.com", "resource": ["evidence"]}, 404, "no account"),
        ({"mentor": email("peer"), "resource": ["evidence"]}, 400, "is not a mentor"),
        ({"mentor": email("eng"), "resource": ["evidence"]}, 400, "your own mentor"),
        ({"mentor": email("mentor"), "resource": ["diary"]}, 400, "diary"),
        ({"resource": ["evidence"]}, 400, "your mentor&#39;s email"),
    ):
        got = _form(team, "eng", "/sharing", form)
        assert got.status_code == status and words in got.text, (form, got.text[:400])
        assert 'value="' + form.get("mentor", "") + '"' in got.text  # what was typed stays
        assert "ladder users" not in got.text  # a page names no command
    assert (team.count("mentor_share"), team.count("audit")) == before
    # a mentor who lost the role (or the account) can still be stopped
    accounts.set_roles(team.ws.store, email("mentor"), ["engineer"], now=team.clock.now())
    stop = team.client.put(
        "/api/v1/me/mentor-share",
        headers=team.auth("eng"),
        json={"mentor": email("mentor"), "resources": []},
    )
    assert stop.status_code == 200 and team.count("mentor_share") == 0


# -- failed logins in the audit trail ------------------------------------------------------------


def _login_form(team: TeamSetup) -> dict[str, str]:
    team.client.cookies.clear()
    page = team.client.get("/login")
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    return {"csrf": csrf, "email": email("eng"), "password": "wrong", "next": "/"}


def _failed(team: TeamSetup) -> list[dict[str, Any]]:
    """The failed logins in the audit trail, oldest first (read from the database: the
    client's address may be the one locked out)."""
    from ladder.team import audit

    everything = audit.events(team.ws.store, action="denied", limit=10_000)
    return [e.to_dict() for e in reversed(everything) if e.resource == "login"]


def test_failed_logins_are_audited_without_the_password(team: TeamSetup) -> None:
    accounts.set_password(team.ws.store, email("eng"), PASSWORD, now=team.clock.now())
    form = _login_form(team)
    typo = "maple orbit velvet canyon 42 drift!"  # a password typed in the email box
    for data in (
        {**form, "password": "maple orbit velvet canyon 42 drif"},
        {**form, "email": typo, "password": "x"},
        {**form, "email": email("peer"), "password": "anything at all"},  # no password set
    ):
        assert team.client.post("/login", data=data).status_code == 401
    rows = _failed(team)
    assert [(r["action"], r["actor"], r["actor_id"]) for r in rows] == [
        ("denied", "unknown", None)
    ] * 3
    assert [r["subject_id"] for r in rows] == [team.ids["eng"], None, team.ids["peer"]]
    assert rows[0]["detail"] == "eng@example.com: wrong password"
    assert rows[1]["detail"] == "an email with no account"
    assert rows[2]["detail"] == "peer@example.com: no password is set"
    assert all(r["via"] == "login:testclient" and r["at"] for r in rows)
    trail = repr(team.ws.store.query("SELECT * FROM audit"))
    assert "velvet canyon" not in trail and "anything at all" not in trail
    # the account's owner sees the failed logins on their account; nobody else's
    own = [e for e in team.get("eng", "/api/v1/audit").json() if e["resource"] == "login"]
    assert [e["detail"] for e in own] == ["eng@example.com: wrong password"]
    assert not [e for e in team.get("mgr", "/api/v1/audit").json() if e["resource"] == "login"]


def test_failed_logins_cannot_flood_the_audit_trail(team: TeamSetup) -> None:
    form = _login_form(team)
    statuses = [team.client.post("/login", data=form).status_code for _ in range(40)]
    assert statuses[:5] == [401] * 5 and set(statuses[6:]) == {429}
    assert len(_failed(team)) == 6  # the throttle: the sixth is checked, then it must wait
    team.clock.advance(dt.timedelta(minutes=20))
    assert team.client.post("/login", data=form).status_code == 401
    rows = _failed(team)
    assert len(rows) == 8
    assert rows[-2]["subject_id"] is None and rows[-2]["detail"].startswith("34 more failed logins")
    _budget_bounds_the_trail(
        team,
        "failed_logins",
        lambda: team.client.post("/login", data=form).status_code,
        lambda: _failed(team),
        "7 more failed logins",
    )


def _budget_bounds_the_trail(
    team: TeamSetup,
    budget: str,
    attempt: Callable[[], int],
    rows: Callable[[], list[dict[str, Any]]],
    left_out: str,
) -> None:
    """Many addresses at once (the throttle never steps in): three rows a minute, then one
    that says how many were left out. ``rows()`` holds 8 rows when it starts."""
    from ladder.team.audit import Budget
    from ladder.web.security import Throttle

    web = team.client.app.state.web  # type: ignore[attr-defined]
    web.throttle = Throttle(clock=team.clock, free=10**6)
    setattr(web, budget, Budget(per_minute=3))
    team.clock.advance(dt.timedelta(minutes=1))
    assert [attempt() for _ in range(10)] == [401] * 10
    assert len(rows()) == 8 + 3
    team.clock.advance(dt.timedelta(minutes=1))
    assert attempt() == 401
    found = rows()
    assert len(found) == 8 + 3 + 2 and found[-2]["detail"].startswith(left_out)


# -- refused API tokens: audited, bounded and throttled -------------------------------------------


def _refused(team: TeamSetup) -> list[dict[str, Any]]:
    """The refused API tokens in the audit trail, oldest first."""
    from ladder.team import audit

    everything = audit.events(team.ws.store, action="denied", limit=10_000)
    return [e.to_dict() for e in reversed(everything) if e.resource == "token"]


def _with(secret: str) -> dict[str, str]:
    return {"authorization": f"Bearer {secret}"}


def test_refused_tokens_are_audited_without_the_token(team: TeamSetup) -> None:
    store, now = team.ws.store, team.clock.now()
    revoked = accounts.issue_token(store, email("eng"), now=now)
    accounts.revoke_token(store, revoked.token.id, now=now)
    short = accounts.issue_token(store, email("mgr"), expires="1h", now=now)
    team.clock.advance(dt.timedelta(hours=2))
    accounts.deactivate(store, email("stranger"), now=team.clock.now())
    guess = "ladder_" + "x" * 43
    for secret in (guess, revoked.secret, short.secret, team.tokens["stranger"], "not-ours"):
        problem(team.client.get("/api/v1/me", headers=_with(secret)), 401)
    rows = _refused(team)
    assert [(r["action"], r["actor"], r["actor_id"]) for r in rows] == [
        ("denied", "unknown", None)
    ] * 5
    stranger_token = accounts.tokens(store, email("stranger"))[0].id
    assert [(r["subject_id"], r["detail"]) for r in rows] == [
        (None, "a token that is not one of ours"),
        (team.ids["eng"], f"token {revoked.token.id} of eng@example.com: revoked"),
        (team.ids["mgr"], f"token {short.token.id} of mgr@example.com: expired"),
        (
            team.ids["stranger"],
            f"token {stranger_token} of stranger@example.com: the account is deactivated",
        ),
        (None, "a token that is not one of ours"),
    ]
    assert all(r["via"] == "token:testclient" for r in rows)
    trail = repr(store.query("SELECT * FROM audit"))
    assert guess not in trail and revoked.secret not in trail and "not-ours" not in trail

    # the token's owner sees the refused uses of their own tokens; nobody else's
    def refused(who: str) -> list[str]:
        seen = team.get(who, "/api/v1/audit").json()
        return [e["detail"] for e in seen if (e["action"], e["resource"]) == ("denied", "token")]

    assert refused("eng") == [rows[1]["detail"]]
    assert refused("peer") == []


def test_refused_tokens_are_throttled_and_cannot_flood_the_audit_trail(team: TeamSetup) -> None:
    guess = _with("ladder_guess")
    statuses = [team.client.get("/api/v1/me", headers=guess).status_code for _ in range(40)]
    assert statuses[:5] == [401] * 5 and set(statuses[6:]) == {429}
    # locked out, the right token waits too; a logged-in browser would not
    problem(team.get("eng", "/api/v1/me"), 429)
    assert len(_refused(team)) == 6  # the sixth is checked, then the client must wait
    team.clock.advance(dt.timedelta(minutes=20))
    assert team.get("eng", "/api/v1/me").status_code == 200
    problem(team.client.get("/api/v1/me", headers=guess), 401)
    rows = _refused(team)
    assert len(rows) == 8
    assert rows[-2]["subject_id"] is None and rows[-2]["detail"].startswith(
        "35 more refused tokens"
    )
    _budget_bounds_the_trail(
        team,
        "failed_tokens",
        lambda: team.client.get("/api/v1/me", headers=guess).status_code,
        lambda: _refused(team),
        "7 more refused tokens",
    )


def test_every_worker_sees_the_same_failed_attempts(team: TeamSetup) -> None:
    """Two app processes on one database (``ladder serve --team --workers 2``): wrong
    passwords and wrong tokens counted by one make the client wait at the other."""
    accounts.set_password(team.ws.store, email("eng"), PASSWORD, now=team.clock.now())
    other = create_app(
        Settings(
            home=team.ws.home,
            url=team.ws.store.url,
            env={},
            cache_ttl=0,
            clock=team.clock,
            team=True,
        )
    )
    with TestClient(other, base_url="http://127.0.0.1") as second:
        form = _login_form(team)
        for _ in range(5):
            assert team.client.post("/login", data=form).status_code == 401
        page = second.get("/login")
        csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        right = {**form, "csrf": csrf, "password": PASSWORD}
        assert second.post("/login", data={**right, "password": "wrong"}).status_code == 429
        locked = second.post("/login", data=right)
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 1
        team.clock.advance(dt.timedelta(minutes=20))
        assert second.post("/login", data=right, follow_redirects=False).status_code == 303
        # the same for API tokens, the count cleared by a right one at either
        guess = _with("ladder_guess")
        for _ in range(5):
            problem(team.client.get("/api/v1/me", headers=guess), 401)
        problem(second.get("/api/v1/me", headers=guess), 401)  # the sixth: checked, then a wait
        problem(team.client.get("/api/v1/me", headers=guess), 429)
        problem(second.get("/api/v1/me", headers=team.auth("eng")), 429)
        team.clock.advance(dt.timedelta(minutes=20))
        assert second.get("/api/v1/me", headers=team.auth("eng")).status_code == 200
        for _ in range(5):
            problem(team.client.get("/api/v1/me", headers=guess), 401)  # counting from one


# -- a report's work that was never mapped --------------------------------------------------------


def test_a_managers_view_maps_what_the_report_never_mapped(team: TeamSetup) -> None:
    """Work logged straight into the server's database (the command line on it, an import)
    and never mapped counts on the manager's team page, status and person page at once; the
    engineer's words and decisions stay theirs, and a second view writes nothing."""
    from ladder.store import versions

    eng, store = team.ids["eng"], team.ws.store

    def operations() -> int:
        status = team.get("mgr", f"/api/v1/people/{eng}/status").json()
        return next(a["evidence"] for a in status["areas"] if a["area"] == "operations")

    before = operations()
    text = "Wrote the postmortem for the checkout outage and ran the incident review"
    entry = team.ws.for_person(eng).log(text).id  # as `ladder log` on the server's database
    assert store.scalar("SELECT substance FROM evidence WHERE id = :e", {"e": entry}) is None
    overview = team.get("mgr", "/api/v1/team").json()
    assert overview[0]["person"]["email"] == "eng@example.com"
    mapped = store.query(
        "SELECT area_id, origin FROM evidence_area WHERE evidence_id = :e", {"e": entry}
    )
    assert ("operations", "mapper") in {(r["area_id"], r["origin"]) for r in mapped}
    assert operations() == before + 1
    page = team.client.get(f"/people/{eng}", headers=team.auth("mgr"))
    assert page.status_code == 200 and "checkout outage" in page.text
    row = store.one("SELECT text, impact, edited_at FROM evidence WHERE id = :e", {"e": entry})
    assert row == {"text": text, "impact": None, "edited_at": None}  # their words, unedited
    # nothing new: a second look maps nothing and moves nothing of theirs
    last = f"mapping.last_run.{eng}"
    ran = store.scalar("SELECT value FROM setting WHERE key = :k", {"k": last})
    version = versions.stamp(store, eng).version
    team.get("mgr", "/api/v1/team")
    team.client.get(f"/people/{eng}", headers=team.auth("mgr"))
    assert store.scalar("SELECT value FROM setting WHERE key = :k", {"k": last}) == ran
    assert versions.stamp(store, eng).version == version


def test_a_managers_view_maps_what_the_report_edited_after_that_view_mapped_it(
    team: TeamSetup,
) -> None:
    """The report never mapped on the server: the manager's view maps what they logged, and
    what they edit after it (`ladder edit` on the server's database) is mapped again at the
    next view, as the edited words say."""
    eng, store = team.ids["eng"], team.ws.store
    mine = team.ws.for_person(eng)
    entry = mine.log("Wrote the postmortem for the checkout outage").id
    team.get("mgr", "/api/v1/team")  # mapped by the view: operations

    def mapped() -> set[str]:
        return {
            r["area_id"]
            for r in store.query(
                "SELECT area_id FROM evidence_area WHERE evidence_id = :e AND origin = 'mapper'",
                {"e": entry},
            )
        }

    assert mapped() == {"operations"}
    team.clock.advance(dt.timedelta(minutes=1))
    mine.edit(entry, text="Gave a tech talk about the checkout queue")  # edited, not mapped
    team.get("mgr", "/api/v1/team")
    assert mapped() == {"communication"}


def test_a_managers_view_maps_what_the_report_changed_since_their_last_map(
    team: TeamSetup,
) -> None:
    eng, store = team.ids["eng"], team.ws.store
    mine = team.ws.for_person(eng)
    entry = mine.log("Wrote the postmortem for the checkout outage").id
    mine.map()  # mapped once, on the server: operations
    mine.edit(entry, text="Gave a tech talk about the checkout queue")  # edited, not mapped
    team.get("mgr", "/api/v1/team")
    areas = {
        r["area_id"]
        for r in store.query(
            "SELECT area_id FROM evidence_area WHERE evidence_id = :e AND origin = 'mapper'",
            {"e": entry},
        )
    }
    assert areas == {"communication"}
