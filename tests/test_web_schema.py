"""Schemathesis against the OpenAPI description of ``ladder serve``: for generated requests to
every operation, no 500s, and every response (its status, media type and body) matches what
the description says. The app runs in-process on a real SQLite workspace with some evidence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from helpers import CLOCK
from ladder.person import ProfileInput
from ladder.web import Settings, create_app
from ladder.workspace import Workspace

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.fixture
def web_app(tmp_path: Path) -> Iterator[Any]:
    """The app over a workspace with a profile, a few entries, a goal and a 1:1."""
    home = tmp_path / "home"
    with Workspace.open(home, env={}, clock=CLOCK) as ws:
        ws.init_profile(
            ProfileInput(
                "Ada Lovelace", emails=["ada@example.com"], level="mid", target_level="senior"
            )
        )
        for text in (
            "Wrote the postmortem of the queue outage",
            "Mentored Sam on the cache design",
        ):
            ws.map(ws.log(text).id)
        ws.goals.add("Give the cache talk", track="communication")
        ws.mentorship.add_one_on_one("Sam", notes="Private notes", actions=["Read DDIA"])
    app = create_app(Settings(home=home, env={}, cache_ttl=0, allowed_hosts=("testserver",), clock=CLOCK))
    yield app
    app.state.web.close()


# `schemathesis.pytest.from_fixture` reads a private attribute that pytest 9 removed, so the
# operations are walked here, each with its own Hypothesis run.
def test_api_matches_its_description(web_app: Any) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", web_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            if case.path == "/api/v1/packet/download":
                case.query = {**(case.query or {}), "format": "md"}  # one PDF is tested elsewhere
            case.call_and_validate(checks=CHECKS)

        try:
            run()
        except Exception as exc:
            exc.add_note(f"operation: {operation.label}")
            raise
