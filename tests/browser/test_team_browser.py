"""A team server in a real browser: a manager logs in, opens the team page and gives a manager
rating; a peer logs in and answers the feedback asked of them; an engineer asks a peer on the
Feedback page, the peer answers there and the engineer sees the answer with who gave it; a
mentor reads what the engineer shares. Ratings land in their givers' own names; no page has a
console error.

``LADDER_TEST_SCREENSHOTS=DIR`` keeps a full-page PNG of each new page in DIR.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from helpers import CLOCK, TODAY
from ladder.team import accounts
from ladder.team.access import Team
from ladder.workspace import Workspace

PASSWORD = "maple orbit velvet canyon 42 drift"
EXP = "system-design.tradeoffs"


@dataclass
class TeamLive:
    url: str
    ws: Workspace
    ids: dict[str, int]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def team_live(tmp_path: Path) -> Iterator[TeamLive]:
    import uvicorn

    from ladder.web import Settings, create_app

    home = tmp_path / "home"
    ws = Workspace.open(home, env={}, clock=CLOCK)
    now = CLOCK.now()
    for who, name, roles, manager in (
        ("admin", "Ada Admin", ["admin"], None),
        ("mgr", "Max Manager", ["manager", "engineer"], None),
        ("eng", "Eli Engineer", ["engineer"], "mgr"),
        ("peer", "Pat Peer", ["engineer"], None),
        ("mentor", "Mo Mentor", ["mentor", "engineer"], None),
    ):
        accounts.add(
            ws.store,
            f"{who}@example.com",
            name=name,
            roles=roles,
            manager=f"{manager}@example.com" if manager else None,
            level="mid",
            target_level="senior",
            now=now,
        )
        accounts.set_password(ws.store, f"{who}@example.com", PASSWORD, now=now)
    ids = {
        w: accounts.by_email(ws.store, f"{w}@example.com").person_id
        for w in ("mgr", "eng", "peer", "mentor")
    }
    eng_ws = ws.for_person(ids["eng"])
    eng_ws.log(
        "Led the design review of the payments cache and defended the write-through choice",
        date=TODAY - dt.timedelta(days=10),
    )
    actor = accounts.Actor(ids["eng"], None, "eng@example.com", frozenset({"engineer"}))
    Team(ws.store, actor, clock=ws.clock).ask_peers(["peer@example.com"], [EXP])
    port = _free_port()
    app = create_app(Settings(home=home, env={}, port=port, clock=CLOCK, team=True))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield TeamLive(f"http://127.0.0.1:{port}", ws, ids)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        ws.close()


def _login(page: Any, url: str, who: str) -> None:
    page.goto(url + "/team")
    assert "/login" in page.url
    page.fill("#email", f"{who}@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/team")


def _ratings(live: TeamLive) -> set[tuple[str, str, int | None]]:
    return {
        (r["rater"], r["rater_name"], r["rater_person_id"])
        for r in live.ws.store.query(
            "SELECT rater, rater_name, rater_person_id FROM assessment WHERE person_id = :p",
            {"p": live.ids["eng"]},
        )
    }


def test_manager_rates_a_report_and_a_peer_answers(team_live: TeamLive, browser: Any) -> None:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    _login(page, team_live.url, "mgr")
    assert "Eli Engineer" in page.inner_text("main")
    assert page.locator("main svg").count() >= 1  # the report's radar
    form = page.locator("form.rate-form").filter(has=page.locator("select[name=expectation]"))
    form.locator("select[name=expectation]").select_option(EXP)
    form.locator("select[name=rating]").select_option(label="meeting")
    form.locator("input[name=note]").fill("Defended the cache design with data")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/team?done=rated")
    assert "Ratings saved." in page.inner_text("main")
    assert ("manager", "Max Manager", team_live.ids["mgr"]) in _ratings(team_live)
    page.click("button:has-text('Log out')")
    page.wait_for_url("**/login")

    # the peer lands on the team page, which points to the one place that lists requests
    _login(page, team_live.url, "peer")
    assert page.locator("ul.asked").count() == 0
    page.click("a[href='/feedback#asked-h']")
    page.wait_for_url("**/feedback#asked-h")
    asked = page.locator("ul.asked li")
    assert asked.count() == 1 and "Eli Engineer" in asked.inner_text()
    asked.locator("select[name=rating]").select_option(label="exceeding")
    asked.locator("button[type=submit]").click()
    page.wait_for_url("**/feedback?done=answered")
    assert ("peer", "Pat Peer", team_live.ids["peer"]) in _ratings(team_live)
    assert "Your answer" in page.inner_text("ul.asked")
    page.goto(team_live.url + "/team")
    assert page.locator("a[href='/feedback#asked-h']").count() == 0  # nothing waits any more
    assert problems == []


def _enter(page: Any, url: str, who: str, path: str) -> None:
    """Log in as ``who`` on the way to ``path``."""
    page.goto(url + path)
    assert "/login" in page.url
    page.fill("#email", f"{who}@example.com")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + path)


def _leave(page: Any) -> None:
    page.click("button:has-text('Log out')")
    page.wait_for_url("**/login")


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("LADDER_TEST_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_engineer_asks_a_peer_who_answers_and_the_engineer_sees_who(
    team_live: TeamLive, browser: Any
) -> None:
    asked_about = "delivery.ownership"
    url, eng = team_live.url, team_live.ids["eng"]
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    _enter(page, url, "eng", "/feedback")
    page.fill("#peers", "nobody@example.com")
    page.locator("details.area-pick summary", has_text="Delivery").click()
    page.check(f"input[name=expectation][value='{asked_about}']")
    page.click("form.ask-form button[type=submit]")
    page.wait_for_load_state()
    assert "no account has the email" in page.inner_text("[role=alert]")
    assert page.input_value("#peers") == "nobody@example.com"  # what was typed stays
    assert page.is_checked(f"input[name=expectation][value='{asked_about}']")
    _shot(page, "feedback-error")
    assert [p for p in problems if "status of 404" not in p] == []  # the page's own status
    problems.clear()
    page.fill("#peers", "peer@example.com")
    page.click("form.ask-form button[type=submit]")
    page.wait_for_url("**/feedback?done=asked")
    waiting = page.locator("table.feedback tr", has_text=asked_about)
    assert "Pat Peer" in waiting.inner_text() and "waiting" in waiting.inner_text()
    _shot(page, "feedback-engineer-asked")
    page.click("nav a:has-text('Sharing')")
    page.fill("#mentor", "mentor@example.com")
    page.locator("form.share-mentor").get_by_label("Evidence", exact=False).check()
    page.locator("form.share-mentor input[value=ratings]").check()
    page.click("form.share-mentor button[type=submit]")
    page.wait_for_url("**/sharing?done=mentor")
    assert "Mo Mentor" in page.inner_text("ul.mentors")
    _shot(page, "sharing-engineer")
    _leave(page)

    _enter(page, url, "peer", "/feedback")
    request = page.locator("ul.asked li", has_text=asked_about)
    assert "Eli Engineer" in request.inner_text()
    request.locator("select[name=rating]").select_option(label="exceeding")
    request.locator("input[name=note]").fill("Took the exporter from idea to launch, no hand-off")
    _shot(page, "feedback-peer")
    request.locator("button[type=submit]").click()
    page.wait_for_url("**/feedback?done=answered")
    assert "Answer sent" in page.inner_text("main")
    _leave(page)

    _enter(page, url, "eng", "/feedback")
    answered = page.locator("table.feedback tr", has_text=asked_about).inner_text()
    assert "Pat Peer" in answered and "exceeding" in answered
    assert "Took the exporter from idea to launch" in answered
    _shot(page, "feedback-engineer-answered")
    _leave(page)

    _enter(page, url, "mentor", "/sharing")
    _shot(page, "sharing-mentor")
    page.click(f"a[href='/people/{eng}']")
    page.wait_for_url(f"**/people/{eng}")
    main = page.inner_text("main")
    assert "payments cache" in main and "Pat Peer" in main  # evidence, ratings with the answer
    assert page.locator("#goals-h").count() == 0 and page.locator("#status-h").count() == 0
    _shot(page, "person-mentor")
    _leave(page)

    _enter(page, url, "mgr", f"/people/{eng}")
    assert page.locator("#status-h").count() == 1 and page.locator("main svg").count() >= 1
    assert "Took the exporter from idea to launch" in page.inner_text("main")
    _shot(page, "person-manager")
    assert ("peer", "Pat Peer", team_live.ids["peer"]) in _ratings(team_live)
    assert problems == []
