"""``ladder map``, ``ladder why``, ``ladder tag`` and ``ladder classify evidence`` on the command line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import typer

from ladder.cli import mapping as cli_mapping
from ladder.cli.app import app


@pytest.fixture(scope="module", autouse=True)
def mapping_commands() -> Iterator[None]:
    """Make sure the commands are registered (the lead wires ``register`` into app.py).

    Until then this registers them for these tests only, and takes them away afterwards so
    that other test modules see the app as it is.
    """
    groups = {g.name: g.typer_instance for g in app.registered_groups}
    commands, group_list = list(app.registered_commands), list(app.registered_groups)
    classify = groups.get("classify")
    if classify is None:
        classify = typer.Typer(help="Classify evidence.", no_args_is_help=True)
        app.add_typer(classify, name="classify")
    assert classify is not None
    classify_commands = list(classify.registered_commands)
    if not any(c.name == "map" for c in app.registered_commands):
        cli_mapping.register(app, classify)
    yield
    app.registered_commands[:] = commands
    app.registered_groups[:] = group_list
    classify.registered_commands[:] = classify_commands


Cli = Callable[..., Any]


@pytest.fixture
def ada(cli: Cli) -> Cli:
    """A workspace with a profile."""
    r = cli(
        "init",
        "--name",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
        "--level",
        "mid",
        "--target",
        "senior",
    )
    assert r.exit_code == 0, r.stderr
    return cli


def log(cli: Cli, text: str, *args: str) -> int:
    r = cli("log", text, *args, "--json")
    assert r.exit_code == 0, r.stderr
    return int(json.loads(r.stdout)["id"])


def test_map_prints_what_changed_and_json(ada: Cli) -> None:
    pm = log(ada, "Wrote the postmortem for the queue outage")
    log(ada, "Zzz")
    r = ada("map")
    assert r.exit_code == 0, r.stderr
    assert "Looked at 2 new or changed entries: 1 changed" in r.stdout
    assert f"#{pm}" in r.stdout and "+ operations / operations.incidents-rca" in r.stdout
    assert "`ladder why ID`" in r.stdout
    again = ada("map")
    # graded and mapped once, the entry with no signal waits until it changes (or --all)
    assert again.stdout.startswith("Nothing new to map")
    data = json.loads(ada("map", "--all", "--json").stdout)
    assert data["mode"] == "all" and data["examined"] == 2 and data["no_signal"] == 1
    one = json.loads(ada("map", str(pm), "--json").stdout)
    assert one["mode"] == "one" and one["examined"] == 1


def test_map_errors(ada: Cli) -> None:
    r = ada("map", "42")
    assert r.exit_code == 1 and "error: no entry #42" in r.stderr
    r = ada("map", "1", "--all")
    assert r.exit_code == 1 and "not both" in r.stderr


def test_why_shows_origin_confidence_reason_and_signals(ada: Cli) -> None:
    e = log(ada, "Wrote the postmortem for the queue outage", "--area", "communication")
    ada("map")
    ada("tag", str(e), "--remove", "leadership")
    r = ada("why", str(e))
    assert r.exit_code == 0, r.stderr
    assert "communication" in r.stdout and "set by you" in r.stdout
    assert "operations / operations.incidents-rca" in r.stdout and "ladder" in r.stdout
    assert '+3.0 mentions "postmortem" (word)' in r.stdout
    assert "leadership" in r.stdout and "removed by you" in r.stdout
    data = json.loads(ada("why", str(e), "--json").stdout)
    origins = {(m["area"], m["origin"]) for m in data["mappings"]}
    assert {("communication", "user"), ("operations", "mapper"), ("leadership", "user")} <= origins
    assert ada("why", "999").exit_code == 1


def test_tag_adds_removes_and_survives_map_all(ada: Cli) -> None:
    e = log(ada, "Refactor the billing module and add tests")
    ada("map")
    r = ada("tag", str(e), "--area", "delivery", "--remove", "code-quality")
    assert r.exit_code == 0, r.stderr
    assert f"Tagged #{e}: delivery." in r.stdout
    assert "Removed code-quality" in r.stdout and "will not suggest it again" in r.stdout
    ada("map", "--all")
    data = json.loads(ada("why", str(e), "--json").stdout)
    rows = {(m["area"], m["origin"], m["confidence"]) for m in data["mappings"]}
    assert ("delivery", "user", 1.0) in rows and ("code-quality", "user", 0.0) in rows
    assert not any(a == "code-quality" and c > 0 for a, _, c in rows)
    j = json.loads(ada("tag", str(e), "--expectation", "delivery.features", "--json").stdout)
    assert j["added"] == [{"area": "delivery", "expectation": "delivery.features"}]


def test_tag_unknown_area_is_a_clear_error_listing_the_areas(ada: Cli) -> None:
    e = log(ada, "Something")
    r = ada("tag", str(e), "--area", "ops")
    assert r.exit_code == 1
    assert "error: unknown area 'ops'" in r.stderr
    assert "technical-depth, system-design, delivery, code-quality, operations" in r.stderr
    r = ada("tag", str(e), "--expectation", "operations.nope")
    assert r.exit_code == 1 and "operations.incidents-rca" in r.stderr
    r = ada("tag", str(e))
    assert r.exit_code == 1 and "--area" in r.stderr
    assert json.loads(ada("why", str(e), "--json").stdout)["mappings"] == []


def test_classify_evidence_text_and_stdin(ada: Cli) -> None:
    r = ada("classify", "evidence", "Interviewed", "a", "backend", "candidate")
    assert r.exit_code == 0, r.stderr
    (line,) = r.stdout.splitlines()
    got = json.loads(line)
    assert got["label"] == {"area": "mentorship", "expectation": "mentorship.hiring"}
    assert 0 < got["confidence"] <= 0.95 and "→ mentorship" in got["reason"]
    assert got["input"] == 1
    lines = "Wrote the postmortem for the outage\n\n🎉🎉\n<b>Gave a tech talk</b>\n"
    r = ada("classify", "evidence", "-", input=lines)
    assert r.exit_code == 0, r.stderr
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [(o["input"], o["label"]["area"] if o["label"] else None) for o in out] == [
        (1, "operations"),
        (3, None),
        (4, "communication"),
    ]
    assert out[1]["reason"].startswith("no signal")
    r = ada("classify", "evidence", "test: cover the refund path", "--kind", "commits")
    assert json.loads(r.stdout)["label"]["expectation"] == "code-quality.tested-changes"
    item = {"text": "Tidy up", "kind": "commits", "data": {"paths": ["docs/adr/0007-x.md"]}}
    md = {"text": "Fix", "body": "Notes:\n```\npostmortem outage\n```\nAdded a <b>runbook</b>"}
    stdin = "\n".join([json.dumps(item), json.dumps(md), "not json", json.dumps("Gave a talk")])
    r = ada("classify", "evidence", "-", "--jsonl", input=stdin)
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.exit_code == 1 and "1 of 4 line(s) could not be read" in r.stderr
    assert out[0]["label"] == {"area": "system-design", "expectation": "system-design.design-docs"}
    assert out[1]["label"]["expectation"] == "operations.runbooks-oncall"  # not the code block
    assert out[2] == {"input": 3, "error": "not JSON (Expecting value)"}
    assert out[3]["label"]["area"] == "communication"


def test_classify_evidence_bad_input_never_crashes(cli: Cli) -> None:
    # works without a profile (no learning), on long and odd text
    long = "postmortem " + "x" * 200_000
    r = cli("classify", "evidence", long)
    assert r.exit_code == 0 and json.loads(r.stdout)["label"]["area"] == "operations"
    assert len(json.loads(r.stdout)["text"]) <= 200
    r = cli("classify", "evidence", "```\nalert outage\n```")
    assert r.exit_code == 0 and json.loads(r.stdout)["label"] is None
    r = cli("classify", "evidence", "")
    assert r.exit_code == 0 and json.loads(r.stdout)["reason"] == "no text"
    r = cli("classify", "evidence", "-", input="\n\n")
    assert r.exit_code == 1 and "nothing to classify" in r.stderr
    r = cli("classify", "evidence", "x", "--jsonl")
    assert r.exit_code == 1 and "--jsonl reads standard input" in r.stderr


def test_commands_have_help_with_an_example(cli: Cli) -> None:
    for args in (("map",), ("why",), ("tag",), ("classify", "evidence")):
        r = cli(*args, "--help")
        assert r.exit_code == 0 and "Example" in r.stdout, args
