"""A team server in a real browser: a manager logs in, opens the team page and gives a manager
rating; a peer logs in and answers the feedback asked of them. Both ratings land in their own
names; no page has a console error."""

from __future__ import annotations

import datetime as dt
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
        w: accounts.by_email(ws.store, f"{w}@example.com").person_id for w in ("mgr", "eng", "peer")
    }
    eng_ws = ws.for_person(ids["eng"])
    eng_ws.log(
        "Led the design review of the payments cache and defended the write-through choice",
        date=TODAY - dt.timedelta(days=10),
    )
    actor = accounts.Actor(ids["eng"], None, "eng@example.com", frozenset({"engineer"}))
    Team(ws, actor).ask_peers(["peer@example.com"], [EXP])
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

    _login(page, team_live.url, "peer")
    asked = page.locator("ul.asked li")
    assert asked.count() == 1 and "Eli Engineer" in asked.inner_text()
    asked.locator("select[name=rating]").select_option(label="exceeding")
    asked.locator("button[type=submit]").click()
    page.wait_for_url("**/team?done=rated")
    assert ("peer", "Pat Peer", team_live.ids["peer"]) in _ratings(team_live)
    assert "answered" in page.inner_text("ul.asked")
    assert problems == []
