"""Schemathesis against the OpenAPI description of ``ladder serve``: for generated requests to
every operation, no 500s, and every response (its status, media type and body) matches what
the description says; and its coverage phase (methods the description does not list, values at
and beyond every stated limit). The app runs in-process on a real SQLite workspace with some
evidence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks, engine
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events

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
    app = create_app(
        Settings(home=home, env={}, cache_ttl=0, allowed_hosts=("testserver",), clock=CLOCK)
    )
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


def test_api_holds_its_limits_and_methods(web_app: Any) -> None:
    """Every case of the coverage phase: empty and over-long strings, NUL characters, numbers at
    and past their bounds, whole numbers written as ``73290.0``, and every unlisted method
    (which must answer 405 with an ``Allow`` header)."""
    config = SchemathesisConfig.from_dict(
        {
            "phases": {
                "examples": {"enabled": False},
                "fuzzing": {"enabled": False},
                "stateful": {"enabled": False},
                "coverage": {"enabled": True},
            },
            # Left out: a request can fit the description and still be refused with a
            # documented 400 for what no schema can say (a day that is not a date, an
            # expectation the ladder does not have).
            "checks": {"positive_data_acceptance": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", web_app, config=config)
    failures: list[str] = []
    ran: set[str] = set()
    for event in engine.from_schema(schema).execute():
        if isinstance(event, events.NonFatalError | events.FatalError):
            failures.append(f"error: {getattr(event, 'value', None) or event.exception}")
        if not isinstance(event, events.ScenarioFinished):
            continue
        for results in event.recorder.checks.values():
            for result in results:
                ran.add(result.name)
                if result.status.name == "FAILURE" and result.failure_info is not None:
                    failure = result.failure_info.failure
                    failures.append(
                        f"{event.recorder.label}: {result.name}: {failure.title}\n"
                        f"  {result.failure_info.code_sample}"
                    )
    assert {"unsupported_method", "negative_data_rejection", "not_a_server_error"} <= ran
    assert not failures, "\n".join(dict.fromkeys(failures))
