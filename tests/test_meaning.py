"""Meaning: the closest bundled expectation for any ladder's, and mapping onto another ladder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ladder import framework
from ladder.mapping import MapItem, Mapper
from ladder.mapping.judge import assess
from ladder.mapping.meaning import Meaning, carry_for, suggested_actions

ACME = Path(__file__).parent / "fixtures" / "ladders" / "acme-platform.yaml"


@pytest.fixture(scope="module")
def acme() -> framework.Ladder:
    return framework.load_file(ACME)


@pytest.fixture(scope="module")
def bundled() -> framework.Ladder:
    return framework.parse(framework.default_source()[1])


def test_closest_finds_the_bundled_expectation_with_a_score_and_a_reason() -> None:
    found = Meaning.bundled().closest(
        "Runs the incident review after an outage and follows the actions through",
        area_name="Reliability",
        level_rank=0.5,
    )
    best = found[0]
    assert best.expectation == "operations.incidents-rca"
    assert best.area == "operations"
    assert 0 < best.score <= 1
    assert found[0].score >= found[1].score
    assert "incident" in best.shared and "outage" in best.shared
    assert "incidents and root-cause analysis" in best.reason


def test_closest_is_deterministic_and_empty_for_text_with_no_known_words() -> None:
    m = Meaning.bundled()
    text = "Mentors a junior engineer through regular pairing and feedback"
    assert m.closest(text) == m.closest(text)
    assert m.closest("zzz qqq") == []
    assert m.closest("") == []


def test_closest_to_an_expectation_of_another_ladder(acme: framework.Ladder) -> None:
    m = Meaning.bundled()
    exp = next(e for e in acme.expectations() if e.id == "people.hiring")
    assert m.closest_to(exp, acme)[0].expectation == "mentorship.hiring"


def test_the_bundled_ladder_maps_onto_itself(bundled: framework.Ladder) -> None:
    carry = Meaning.bundled().carry(bundled)
    assert all(carry.target(e.id) == (e.area, e.id) for e in bundled.expectations())
    assert Mapper(bundled).rules.carry is None  # its own ids: nothing is carried


def test_bundled_ids_carry_over_to_the_closest_expectation(acme: framework.Ladder) -> None:
    carry = carry_for(acme)
    assert carry.target("operations.incidents-rca") == (
        "reliability",
        "reliability.incident-review",
    )
    assert carry.target("mentorship.hiring") == ("people", "people.hiring")
    assert carry.target("operations") == ("reliability", "")
    assert carry.base_area("reliability") == "operations"
    assert carry.base_area("people") == "mentorship"


def test_postmortem_evidence_lands_on_an_incident_review_competency(acme: framework.Ladder) -> None:
    mapper = Mapper(acme)
    for item in (
        MapItem("Wrote the postmortem for the checkout outage"),
        MapItem("Checkout outage, 2026-11-02", kind="doc", data={"kind": "postmortem"}),
    ):
        _grade, found = assess(mapper, item)
        assert (found[0].area, found[0].expectation) == (
            "reliability",
            "reliability.incident-review",
        )
        assert (
            'closest to the bundled ladder\'s "incidents and root-cause analysis"'
            in found[0].reason
        )


def test_a_change_to_code_on_another_ladder_cannot_show_people_work(acme: framework.Ladder) -> None:
    """The judge's rules speak of bundled areas; they hold on another ladder through meaning."""
    item = MapItem(
        "Mentor notes: interview loop tweaks",
        kind="commits",
        data={"role": "authored", "file_paths": ["src/hiring/loop.py"]},
    )
    _grade, found = assess(Mapper(acme), item)
    assert all(s.area != "people" for s in found)


def test_a_merged_change_on_another_ladder_counts_as_review(acme: framework.Ladder) -> None:
    item = MapItem("Add retries to the client", kind="commits", data={"role": "merged"})
    found = Mapper(acme).suggest(item)
    assert [(s.area, s.expectation) for s in found] == [("craft", "craft.review")]


def test_a_source_hint_in_bundled_ids_is_carried_over(acme: framework.Ladder) -> None:
    from ladder.mapping import Hint

    item = MapItem(
        "Checkout API",
        kind="review",
        hints=(Hint("code-quality", "code-quality.reviews", 0.9, "a review you gave", "github"),),
    )
    found = Mapper(acme).suggest(item)
    assert (found[0].area, found[0].expectation) == ("craft", "craft.review")


def test_suggested_actions_say_where_they_came_from(acme: framework.Ladder) -> None:
    lent = suggested_actions(acme)
    assert set(lent) == {e.id for e in acme.expectations()}  # none has actions of its own
    incident = lent["reliability.incident-review"]
    bundled = Meaning.bundled().expectation["operations.incidents-rca"]
    assert incident[0].text == bundled.actions[0]
    assert (
        incident[0].origin
        == 'suggested from the bundled ladder\'s "incidents and root-cause analysis"'
    )
    assert incident[-1].origin == "drawn from the expectation's own text"
    assert "Runs the incident review after an outage" in incident[-1].text


def test_a_ladder_with_actions_borrows_none(bundled: framework.Ladder) -> None:
    assert suggested_actions(bundled) == {}


# -- as a person uses it: a ladder without actions still helps ---------------------------------


def _on_acme(cli: Any) -> None:
    assert cli("framework", "use", str(ACME)).exit_code == 0
    r = cli(
        "init",
        "--name",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
        "--level",
        "p1",
        "--target",
        "p2",
    )
    assert r.exit_code == 0, r.stderr


def test_gaps_on_a_ladder_without_actions_suggest_and_say_from_where(cli: Any) -> None:
    _on_acme(cli)
    result = cli("gaps", "--top", "0")
    assert result.exit_code == 0, result.stderr
    assert "suggests no actions" not in result.stdout
    text = " ".join(result.stdout.split())
    assert "Lead or write the postmortem" in text
    assert '(suggested from the bundled ladder\'s "incidents and root-cause analysis")' in text
    assert "(drawn from the expectation's own text)" in text
    actions = json.loads(cli("gaps", "--json").stdout)
    origins = {a["origin"] for area in actions["gaps"] for a in area["actions"]}
    assert "" not in origins and len(origins) > 1


def test_goals_plan_on_a_ladder_without_actions_proposes_goals_and_says_from_where(
    cli: Any,
) -> None:
    _on_acme(cli)
    result = cli("goals", "plan")
    assert result.exit_code == 0, result.stderr
    assert "every next action is a goal already" not in result.stdout
    plan = json.loads(cli("goals", "plan", "--json").stdout)["proposals"]
    # Reliability and Craft feed the technical track, People the leadership one (by meaning)
    assert {p["track"] for p in plan} == {"technical", "leadership"}
    assert all("suggested from the bundled ladder's" in p["reason"] for p in plan)


def test_logged_postmortem_counts_for_the_incident_review_competency(cli: Any) -> None:
    _on_acme(cli)
    assert cli("log", "Wrote the postmortem for the checkout outage").exit_code == 0
    assert cli("map").exit_code == 0
    entries = cli("entries", "--area", "reliability", "--json")
    assert entries.exit_code == 0, entries.stderr
    [entry] = json.loads(entries.stdout)["entries"]
    assert any(a["expectation"] == "reliability.incident-review" for a in entry["areas"])


def test_dashboard_shows_where_a_suggested_action_came_from(ws: Any) -> None:
    import warnings

    from ladder.person import ProfileInput
    from ladder.web import Settings, create_app

    with warnings.catch_warnings():  # Starlette's client says httpx is deprecated for it
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    ws.install_ladder(framework.load_file(ACME))
    ws.init_profile(ProfileInput(name="Ada Lovelace", level="p1", target_level="p2"))
    app = create_app(Settings(home=ws.home, url=ws.store.url, env={}, cache_ttl=0))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        page = client.get("/").text
    assert (
        "suggested from the bundled ladder&#39;s &#34;incidents and root-cause analysis&#34;"
        in page
    )


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.floats(min_value=0, max_value=1))
def test_closest_scores_are_bounded_ordered_and_the_same_every_time(text: str, rank: float) -> None:
    m = Meaning.bundled()
    found = m.closest(text, level_rank=rank, k=5)
    assert found == m.closest(text, level_rank=rank, k=5)
    assert all(0 < x.score <= 1 and len(x.shared) >= 2 for x in found)
    assert [x.score for x in found] == sorted((x.score for x in found), reverse=True)
    assert len({x.expectation for x in found}) == len(found) <= 5
