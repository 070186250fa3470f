"""Browser tests: Playwright drives Debian's Chromium (``/usr/bin/chromium``) against a real
``ladder serve`` app (uvicorn in a thread) over a workspace seeded with a few months of work.

Playwright never downloads a browser here. Where ``/usr/bin/chromium`` is missing (CI installs
it with ``tools/system-packages.sh``) every test in this folder is skipped, and says why.
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
from ladder.person import ProfileInput
from ladder.workspace import Workspace

CHROMIUM = Path(os.environ.get("LADDER_TEST_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM}: run tools/system-packages.sh (apt-get install chromium)"
    )
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


# -- a workspace with a few months of work ---------------------------------------------------------
WORK = [
    (
        120,
        "Wrote the design doc for the billing retries, with the failure modes and a 10x load estimate",
        ["system-design"],
        "Adopted by two teams",
    ),
    (
        112,
        "Led the design review of the payments cache and defended the write-through choice with data",
        ["system-design"],
        None,
    ),
    (
        101,
        "Ran the incident review for the queue outage and wrote the postmortem @oncall",
        ["operations"],
        "Two alert rules fixed",
    ),
    (95, "Added SLOs and burn-rate alerts for the checkout API", ["operations"], "Pages down 40%"),
    (88, "Mentored Sam through his first on-call week @mentoring", ["mentorship"], None),
    (
        80,
        "Reviewed the search indexer PRs and pointed out the missing back-pressure",
        ["code-quality"],
        None,
    ),
    (
        74,
        "Shipped the exporter end to end without a hand-off",
        ["delivery"],
        "Finance closes the month a day earlier",
    ),
    (66, "Gave the guild talk on idempotent consumers", ["communication"], None),
    (
        58,
        "Profiled the ranking service and cut p99 from 900 ms to 120 ms",
        ["technical-depth"],
        "p99 900 → 120 ms",
    ),
    (47, "Wrote the testing strategy for the new ledger service", ["code-quality"], None),
    (35, "Paired with Lin on the schema migration plan", ["mentorship"], None),
    (21, "Drafted the RFC for moving the nightly jobs to the queue", ["system-design"], None),
    (
        12,
        "Explained the capacity plan to the product director in plain numbers",
        ["communication"],
        None,
    ),
    (
        6,
        "Fixed the flaky checkout test and documented the root cause @testing",
        ["code-quality"],
        None,
    ),
    (2, "Spent the afternoon on the release notes", [], None),
]
REVIEWS = [
    (150, "nit: trailing whitespace"),
    (146, "nit: rename this variable to something clearer"),
    (140, "Could you add a test for the empty case?"),
    (133, "nit: typo in the comment"),
    (120, "This will deadlock if two consumers take the lock in the other order"),
    (98, "What happens when the vendor API is down? We need a fallback here."),
    (84, "Consider splitting this into a read model and a write model"),
    (70, "This leaks the token into the logs: please redact it"),
    (55, "Nice, much clearer than before!"),
    (41, "The retry here is not idempotent; design the handler so a replay is safe"),
    (30, "How does this behave at 10x the traffic? The payload grows with every item"),
    (14, "This API shape will be hard to evolve: version the response"),
]


def seed(ws: Workspace, today: dt.date | None = None) -> dict[str, int]:
    """Fill ``ws`` with a believable few months: evidence, review comments, ratings, goals, 1:1s."""
    today = today or TODAY
    ws.init_profile(
        ProfileInput(
            "Ada Lovelace",
            emails=["ada@example.com"],
            handles=["github:ada"],
            level="mid",
            target_level="senior",
        )
    )
    ids: dict[str, int] = {}
    for days, text, areas, impact in WORK:
        entry = ws.log(text, date=today - dt.timedelta(days=days), areas=areas, impact=impact)
        ids[text[:20]] = entry.id
    ws.map()
    me = ws.profile()
    assert me is not None
    for n, (days, body) in enumerate(REVIEWS):
        when = (today - dt.timedelta(days=days)).isoformat() + "T10:00:00Z"
        ws.store.insert(
            "activity",
            {
                "person_id": me.id,
                "source": "github",
                "source_ref": f"review-comment:{n}",
                "kind": "review-comment",
                "occurred_at": when,
                "title": "Review comment",
                "body": body,
                "url": f"https://github.com/acme/api/pull/{100 + n}#discussion",
            },
        )
    ws.assessments.rate(
        "system-design.design-docs", "meeting", evidence=[ids["Wrote the design doc"]]
    )
    ws.assessments.rate("operations.incidents-rca", "meeting")
    ws.assessments.rate(
        "system-design.design-docs", "working towards", rater="manager", rater_name="Grace"
    )
    ws.goals.add("Write the runbook for the ledger service", track="technical", area="operations")
    ws.goals.add(
        "Run the design review of the nightly-jobs RFC", track="leadership", area="leadership"
    )
    ws.mentorship.add_mentee(
        "Sam",
        note="New on the team; wants to own the exporter",
        since=today - dt.timedelta(days=60),
    )
    ws.mentorship.add_one_on_one(
        "Sam",
        held_on=today - dt.timedelta(days=9),
        notes="Talked about the **exporter** hand-over.\n\n- worried about on-call\n- wants a design-review buddy",
        actions=["Sam drafts the exporter runbook", "Ada shares the review checklist"],
    )
    return ids


# -- a live server ---------------------------------------------------------------------------------
@dataclass
class Live:
    """A running app: its base URL and the workspace behind it."""

    url: str
    ws: Workspace
    ids: dict[str, int]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    """``ladder serve``'s app on a free loopback port, over a seeded SQLite workspace."""
    import uvicorn

    from ladder.web import Settings, create_app

    home = tmp_path / "home"
    ws = Workspace.open(home, env={}, clock=CLOCK)
    ids = seed(ws)
    port = _free_port()
    app = create_app(Settings(home=home, env={}, port=port, clock=CLOCK))
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
        yield Live(f"http://127.0.0.1:{port}", ws, ids)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        ws.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """A Chromium context with a fresh user-data folder (downloads accepted)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()
