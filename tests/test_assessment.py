"""Assessments: ratings, history, the diff between raters, ladder changes, files, the interview.

Library tests run on SQLite and PostgreSQL (the ``ws`` fixture); command tests run the real
``ladder`` entry point in-process (the ``cli`` fixture).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ladder import framework
from ladder.assessment import (
    RATINGS,
    Assessment,
    Interview,
    Question,
    RatingInput,
    RatingsError,
    parse_ids,
    parse_rating,
    rating_label,
)
from ladder.errors import InputError
from ladder.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
TRADEOFFS = "system-design.tradeoffs"
DOCS = "system-design.design-docs"
FAILURES = "system-design.failure-modes"


def count(ws: Workspace) -> int:
    return int(ws.store.scalar("SELECT COUNT(*) FROM assessment"))


def new_ladder(
    version: str,
    *,
    rename: dict[str, tuple[str, list[str]]] | None = None,
    drop: tuple[str, ...] = (),
) -> framework.Ladder:
    """The bundled ladder as a new version: ``rename`` {old: (new, aliases)}, ``drop`` ids."""
    _, text = framework.default_source()
    text = text.replace('version: "2026.12"', f'version: "{version}"', 1)
    for old, (new, aliases) in (rename or {}).items():
        text = text.replace(
            f"      - id: {old}\n",
            f"      - id: {new}\n        aliases: [{', '.join(aliases)}]\n",
            1,
        )
    for gone in drop:
        start = text.index(f"      - id: {gone}\n")
        end = text.index("      - id: ", start + 10)
        text = text[:start] + text[end:]
    return framework.parse(text, source_name=f"ladder-{version}.yaml")


# -- the scale ----------------------------------------------------------------------------------


@given(
    n=st.integers(0, 3),
    style=st.sampled_from(["name", "words", "upper", "underscore", "digit", "int"]),
)
def test_parse_rating_accepts_names_words_and_numbers(n: int, style: str) -> None:
    given_value: str | int = {
        "name": RATINGS[n],
        "words": rating_label(n),
        "upper": f"  {rating_label(n).title()} ",
        "underscore": RATINGS[n].replace("-", "_"),
        "digit": str(n),
        "int": n,
    }[style]
    assert parse_rating(given_value) == n
    assert parse_rating(RATINGS[parse_rating(given_value)]) == n  # round trip through the name


@given(st.text(max_size=12))
def test_parse_rating_rejects_everything_else(text: str) -> None:
    key = re.sub(r"[\s_-]+", "-", text.strip().lower())
    accepted = set(RATINGS) | {"0", "1", "2", "3", "working-toward", "towards", "working"}
    if key in accepted:
        assert parse_rating(text) in range(4)
    else:
        with pytest.raises(InputError, match="is not a rating"):
            parse_rating(text)


@pytest.mark.parametrize("bad", [4, -1, True, 2.0, None, "meet"])
def test_parse_rating_rejects_numbers_out_of_range_and_other_types(bad: Any) -> None:
    with pytest.raises(InputError):
        parse_rating(bad)


def test_parse_ids_reads_hashes_commas_and_spaces() -> None:
    assert parse_ids("#12, 14 12") == (12, 14)
    with pytest.raises(InputError, match="'twelve' is not an entry id"):
        parse_ids("12 twelve")


# -- rating and reading back ----------------------------------------------------------------------


def test_rate_keeps_history_and_the_newest_is_current(ws: Workspace) -> None:
    e1 = ws.log("Wrote the billing cache design doc with trade-offs")
    a = ws.assessments
    first = a.rate(TRADEOFFS, "working towards", note="Early days")
    second = a.rate(TRADEOFFS, 2, note="  Led the cache review\n  (with Lin)  \n", evidence=[e1.id])
    assert [h.id for h in a.history()] == [first.id, second.id]
    (current,) = a.current()
    assert current.id == second.id
    assert (current.rating, current.rating_name, current.note) == (
        2,
        "meeting",
        "Led the cache review\n  (with Lin)",
    )
    assert current.evidence_ids == (e1.id,)
    assert current.area == "system-design" and current.rater == "self" and not current.orphaned
    assert current.ladder_version == "software-engineering@2026.12"
    assert current.to_dict()["rating_name"] == "meeting"
    assert json.loads(json.dumps(current.to_dict()))["evidence_ids"] == [e1.id]


def test_each_rater_and_name_has_its_own_current_rating(ws: Workspace) -> None:
    a = ws.assessments
    a.rate(TRADEOFFS, "meeting")
    a.rate(TRADEOFFS, "working-towards", rater="manager", rater_name="Grace")
    a.rate(TRADEOFFS, "exceeding", rater="peer", rater_name="Lin")
    a.rate(TRADEOFFS, "not yet", rater="peer", rater_name=" Sam  ")
    a.rate(TRADEOFFS, "meeting", rater="PEER", rater_name="Lin")
    current = a.current()
    assert [(x.who, x.rating) for x in current] == [
        ("self", 2),
        ("manager Grace", 1),
        ("peer Lin", 2),
        ("peer Sam", 0),
    ]
    assert [x.who for x in a.current(rater="peer")] == ["peer Lin", "peer Sam"]
    assert len(a.history(rater="peer", rater_name="lin")) == 2


def test_a_name_is_for_managers_and_peers_not_self(ws: Workspace) -> None:
    with pytest.raises(InputError, match="a name is for manager and peer ratings"):
        ws.assessments.rate(TRADEOFFS, 2, rater="self", rater_name="Ada")
    with pytest.raises(InputError, match="'boss' is not a rater"):
        ws.assessments.rate(TRADEOFFS, 2, rater="boss")
    assert count(ws) == 0


def test_unknown_expectation_names_close_matches_and_writes_nothing(ws: Workspace) -> None:
    a = ws.assessments
    with pytest.raises(InputError, match=r"did you mean 'system-design.tradeoffs'"):
        a.rate("system-design.tradoffs", "meeting")
    with pytest.raises(InputError, match=r"did you mean 'system-design.tradeoffs'"):
        a.rate("tradeofs", "meeting")
    with pytest.raises(InputError, match="is an area, not an expectation") as info:
        a.rate("system-design", "meeting")
    assert info.value.hint and TRADEOFFS in info.value.hint
    with pytest.raises(InputError, match="unknown expectation 'zzz'"):
        a.rate("zzz", "meeting")
    with pytest.raises(InputError, match="expectation id is empty"):
        a.rate("  ", "meeting")
    assert count(ws) == 0


def test_missing_or_deleted_evidence_is_refused_and_nothing_is_written(ws: Workspace) -> None:
    kept = ws.log("Ran the capacity review")
    gone = ws.log("An entry deleted later")
    ws.remove(gone.id)
    a = ws.assessments
    with pytest.raises(InputError, match="there is no entry #999"):
        a.rate(TRADEOFFS, "meeting", evidence=[kept.id, 999])
    with pytest.raises(InputError, match=f"entry #{gone.id} is deleted") as info:
        a.rate(TRADEOFFS, "meeting", evidence=[gone.id])
    assert info.value.hint == "nothing was saved"
    assert count(ws) == 0
    assert int(ws.store.scalar("SELECT COUNT(*) FROM assessment_evidence")) == 0


def test_evidence_deleted_after_the_rating_no_longer_backs_it(ws: Workspace) -> None:
    entry = ws.log("Wrote the cache design doc")
    ws.assessments.rate(TRADEOFFS, "meeting", evidence=[entry.id])
    assert not ws.assessments.current()[0].testimony_only
    ws.remove(entry.id)
    (now,) = ws.assessments.current()
    assert now.evidence_ids == () and now.deleted_evidence_ids == (entry.id,)
    assert now.testimony_only
    ws.restore(entry.id)
    assert ws.assessments.current()[0].evidence_ids == (entry.id,)


def test_current_filters_by_level_and_area(ws: Workspace) -> None:
    a = ws.assessments
    a.rate(TRADEOFFS, "meeting")  # senior
    a.rate("system-design.feature-design", "exceeding")  # mid
    a.rate("delivery.ownership", "meeting")
    assert {x.expectation for x in a.current(level="senior")} == {TRADEOFFS, "delivery.ownership"}
    assert [x.expectation for x in a.current(level="mid")] == ["system-design.feature-design"]
    assert {x.expectation for x in a.current(area="system-design")} == {
        TRADEOFFS,
        "system-design.feature-design",
    }
    with pytest.raises(InputError, match="unknown level 'distinguished'"):
        a.current(level="distinguished")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([TRADEOFFS, DOCS, "delivery.ownership"]),
            st.sampled_from([("self", ""), ("manager", "Grace"), ("peer", "Lin"), ("peer", "Sam")]),
            st.integers(0, 3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_current_is_the_newest_of_the_history_and_nothing_is_lost(
    ws: Workspace, ratings: list[tuple[str, tuple[str, str], int]]
) -> None:
    a = ws.assessments
    before = len(a.history())
    for expectation, (rater, name), value in ratings:
        a.rate(expectation, value, rater=rater, rater_name=name)
    history = a.history()
    assert len(history) == before + len(ratings)
    assert [(h.expectation, h.rater, h.rater_name, h.rating) for h in history[before:]] == [
        (x, r, n, v) for x, (r, n), v in ratings
    ]
    newest: dict[tuple[str, str, str], Assessment] = {}
    for h in history:
        newest[h.key] = h
    assert {c.id for c in a.current()} == {h.id for h in newest.values()}


# -- the diff -------------------------------------------------------------------------------------


def test_diff_flags_disconnects_of_two_steps_and_testimony_only(ws: Workspace) -> None:
    proof = ws.log("Design doc for the billing cache")
    a = ws.assessments
    # two steps apart: a disconnect (and self's exceeding has no evidence: testimony only)
    a.rate(TRADEOFFS, "exceeding")
    a.rate(TRADEOFFS, "working towards", rater="manager", rater_name="Grace")
    # one step apart, backed by evidence: nothing to flag
    a.rate(DOCS, "meeting", evidence=[proof.id])
    a.rate(DOCS, "working towards", rater="manager", rater_name="Grace")
    # working towards with no evidence is not testimony only; a peer's meeting without is
    a.rate(FAILURES, "working towards")
    a.rate(FAILURES, "meeting", rater="peer", rater_name="Lin")
    d = a.diff()
    assert d.level == "senior"
    rows = {r.expectation: r for r in d.rated()}
    assert set(rows) == {TRADEOFFS, DOCS, FAILURES}
    assert [(f.kind, f.who) for f in rows[TRADEOFFS].flags] == [
        ("disconnect", ("self", "manager Grace")),
        ("testimony only", ("self",)),
    ]
    assert rows[TRADEOFFS].flags[0].message == (
        "self says exceeding, manager Grace says working towards: 2 steps apart"
    )
    assert rows[TRADEOFFS].spread == 2
    assert rows[DOCS].flags == ()
    assert [(f.kind, f.who) for f in rows[FAILURES].flags] == [("testimony only", ("peer Lin",))]
    assert [x.rating for x in rows[TRADEOFFS].by("manager")] == [1]
    data = d.to_dict()
    assert data["disconnects"] == 1 and data["testimony_only"] == 2
    assert data["unrated"] == len(d.rows) - 3
    assert json.loads(json.dumps(data))["level"] == "senior"


def test_diff_of_one_area_and_level(ws: Workspace) -> None:
    a = ws.assessments
    a.rate("delivery.ownership", "meeting")
    d = a.diff(area="delivery", level="senior")
    assert d.area == "delivery"
    assert {r.area for r in d.rows} == {"delivery"}
    assert [r.expectation for r in d.rated()] == ["delivery.ownership"]
    assert a.diff(area="system-design").rated() == []
    with pytest.raises(InputError, match="unknown area"):
        a.diff(area="nope")


def test_diff_without_a_target_level_asks_for_one(bare_ws: Workspace) -> None:
    from ladder.person import ProfileInput

    bare_ws.init_profile(ProfileInput(name="Ada"))
    with pytest.raises(InputError, match="which level") as info:
        bare_ws.assessments.diff()
    assert info.value.hint and "--level" in info.value.hint
    assert bare_ws.assessments.diff(level="senior").level == "senior"


# -- ladder changes -------------------------------------------------------------------------------


def test_ratings_follow_renamed_expectations_and_dropped_ones_are_kept(ws: Workspace) -> None:
    a = ws.assessments
    old = a.rate(TRADEOFFS, "meeting", note="before the rename")
    a.rate(FAILURES, "exceeding", rater="manager", rater_name="Grace")
    ws.install_ladder(
        new_ladder(
            "2027.1",
            rename={TRADEOFFS: ("system-design.trade-offs", [TRADEOFFS])},
            drop=(FAILURES,),
        )
    )
    a = ws.assessments
    by_id = {x.id: x for x in a.current()}
    renamed = by_id[old.id]
    assert (renamed.expectation, renamed.rated_expectation) == (
        "system-design.trade-offs",
        TRADEOFFS,
    )
    assert not renamed.orphaned
    (orphan,) = a.orphaned()
    assert (orphan.expectation, orphan.area, orphan.rating) == (FAILURES, "system-design", 3)
    assert orphan.orphaned and orphan.to_dict()["orphaned"] is True
    assert a.current(level="senior") == [renamed]  # an orphan belongs to no level
    d = a.diff(area="system-design")
    assert [x.id for x in d.orphaned] == [orphan.id]
    assert [r.expectation for r in d.rated()] == ["system-design.trade-offs"]
    # the old id still rates (it is an alias), and the new rating supersedes the old one
    newer = a.rate(TRADEOFFS, "exceeding")
    assert newer.expectation == newer.rated_expectation == "system-design.trade-offs"
    assert [x.id for x in a.current(rater="self")] == [newer.id]
    assert [h.id for h in a.history(expectation=TRADEOFFS)] == [old.id, newer.id]
    assert [h.id for h in a.history(expectation="system-design.trade-offs")] == [old.id, newer.id]
    # the dropped id: its history is there, but a new rating of it is refused
    assert [h.id for h in a.history(expectation=FAILURES)] == [orphan.id]
    with pytest.raises(
        InputError, match=r"was in ladder version 2026\.12 but is not in the active"
    ):
        a.rate(FAILURES, "meeting")
    assert count(ws) == 3


def test_renames_are_followed_through_several_versions(ws: Workspace) -> None:
    first = ws.assessments.rate(TRADEOFFS, "meeting")
    ws.install_ladder(
        new_ladder("2027.1", rename={TRADEOFFS: ("system-design.trade-offs", [TRADEOFFS])})
    )
    ws.install_ladder(
        new_ladder(
            "2027.2",
            rename={TRADEOFFS: ("system-design.decisions", ["system-design.trade-offs"])},
        )
    )
    (now,) = ws.assessments.current()
    assert (now.id, now.expectation, now.orphaned) == (first.id, "system-design.decisions", False)
    # going back to the first version brings the first id back
    ws.install_ladder(framework.parse(framework.default_source()[1], source_name="default"))
    assert ws.assessments.current()[0].expectation == TRADEOFFS


def test_going_back_to_an_older_version_keeps_the_newest_rating_current(ws: Workspace) -> None:
    """A rating given under a new id counts for the old id when the older version is back."""
    new = "system-design.trade-off-decisions"
    older = ws.assessments.rate(TRADEOFFS, "working towards")
    ws.install_ladder(new_ladder("2027.1", rename={TRADEOFFS: (new, [TRADEOFFS])}))
    newer = ws.assessments.rate(new, "meeting")
    ws.install_ladder(framework.parse(framework.default_source()[1], source_name="default"))
    a = ws.assessments
    (current,) = a.current()
    assert (current.id, current.expectation, current.rated_expectation) == (
        newer.id,
        TRADEOFFS,
        new,
    )
    assert not current.orphaned and a.orphaned() == []
    assert [h.id for h in a.history(expectation=TRADEOFFS)] == [older.id, newer.id]
    assert [h.id for h in a.history(expectation=new)] == [older.id, newer.id]
    # rating the new id while the old version is active is refused (it is not in this ladder)
    # but the diff and readiness see the newer rating
    assert [x.rating for r in a.diff(area="system-design").rated() for x in r.ratings] == [2]
    # and forwards again
    ws.install_ladder(new_ladder("2027.1", rename={TRADEOFFS: (new, [TRADEOFFS])}))
    assert [(x.id, x.expectation) for x in ws.assessments.current()] == [(newer.id, new)]


def test_renames_resolve_both_ways_and_a_merge_stays_unresolved(ws: Workspace) -> None:
    from ladder.framework import Renames

    merged = {TRADEOFFS: ("system-design.choices", [TRADEOFFS, DOCS])}
    ws.install_ladder(new_ladder("2027.1", rename=merged, drop=(DOCS,)))
    ws.install_ladder(framework.parse(framework.default_source()[1], source_name="default"))
    r = Renames(ws.store, ws.ladder())
    assert r.follow(TRADEOFFS) == TRADEOFFS  # in the active ladder
    assert r.follow("system-design.choices") == "system-design.choices"  # two old ids: unresolved
    assert r.follow("no.such") == "no.such"
    ws.install_ladder(new_ladder("2027.1", rename=merged, drop=(DOCS,)))
    r = Renames(ws.store, ws.ladder())
    assert r.follow(TRADEOFFS) == r.follow(DOCS) == "system-design.choices"
    assert r.names_of("system-design.choices") == {"system-design.choices", TRADEOFFS, DOCS}


def test_ratings_current_as_of_a_day_leave_out_later_ones(ws: Workspace) -> None:
    import datetime as dt

    a = ws.assessments
    first = a.rate(TRADEOFFS, "working towards", rater="manager")
    ws.store.execute(
        "UPDATE assessment SET created_at = '2026-01-10T12:00:00.000000Z' WHERE id = :id",
        {"id": first.id},
    )
    later = a.rate(TRADEOFFS, "exceeding", rater="manager")
    assert [x.id for x in a.current()] == [later.id]
    assert [x.id for x in a.current(as_of=dt.date(2026, 2, 1))] == [first.id]
    assert a.current(as_of=dt.date(2026, 1, 1)) == []
    assert [x.id for x in a.history(as_of=dt.date(2026, 2, 1))] == [first.id]
    d = a.diff(area="system-design", as_of=dt.date(2026, 2, 1))
    assert [x.rating for r in d.rated() for x in r.ratings] == [1]


def test_a_dropped_expectation_is_refused_with_the_closest_current_ids(ws: Workspace) -> None:
    ws.install_ladder(new_ladder("2027.1", drop=(TRADEOFFS,)))
    with pytest.raises(InputError) as info:
        ws.assessments.rate(TRADEOFFS, "meeting")
    message = info.value.message
    assert "was in ladder version 2026.12" in message
    close = message.split("the closest current ids are ")[1].split(", ")
    assert 1 <= len(close) <= 3
    known = {e.id for e in ws.ladder().area("system-design").expectations}
    assert set(close) <= known
    assert count(ws) == 0


def test_rater_names_match_whatever_their_case(ws: Workspace) -> None:
    a = ws.assessments
    a.rate(TRADEOFFS, "meeting", rater="manager", rater_name="Zoë")
    again = a.rate(TRADEOFFS, "exceeding", rater="manager", rater_name="ZOË")
    assert again.rater_name == "Zoë"  # the spelling first used
    assert [x.id for x in a.current(rater="manager")] == [again.id]
    assert len(a.history(rater_name="zoë")) == 2
    assert a.rater_names("manager") == ["Zoë"]


def test_a_note_with_a_nul_character_is_refused(ws: Workspace) -> None:
    with pytest.raises(InputError, match="NUL"):
        ws.assessments.rate(TRADEOFFS, "meeting", note="a\x00b")
    with pytest.raises(InputError, match="20001 characters long"):
        ws.assessments.rate(TRADEOFFS, "meeting", note="n" * 20_001)
    assert count(ws) == 0


# -- files ----------------------------------------------------------------------------------------

BAD_FILE = """\
- expectation: system-design.tradeoffs
  rating: meeting
  evidence: [999]
- expectation: system-design.design-docs
  rating: great
- expectation: system-design.nope
  rating: 2
  colour: blue
- rating: 1
- expectation: system-design.tradeoffs
  rating: exceeding
"""


def test_a_ratings_file_is_checked_whole_with_lines_and_nothing_is_written(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "ratings.yaml"
    path.write_text(BAD_FILE)
    with pytest.raises(RatingsError) as info:
        ws.assessments.rate_file(path)
    err = info.value
    assert [(p.line, p.reason.split(" (")[0].split(":")[0]) for p in err.problems] == [
        (3, "there is no entry #999"),
        (5, "'great' is not a rating"),
        (6, "unknown expectation 'system-design.nope'"),
        (8, "unknown key 'colour'"),
        (9, "the expectation is missing"),
        (10, "system-design.tradeoffs is rated twice"),
    ]
    assert err.lines()[0].startswith(f"{path}:3: there is no entry #999")
    assert "6 problems; nothing was saved" in err.message
    assert count(ws) == 0


def test_a_ratings_file_in_yaml_or_json_saves_every_rating(ws: Workspace, tmp_path: Path) -> None:
    entry = ws.log("Led the cache design review")
    yaml_file = tmp_path / "r.yaml"
    yaml_file.write_text(
        f"ratings:\n  - expectation: {TRADEOFFS}\n    rating: Working towards\n"
        f"    note: Getting there\n    evidence: {entry.id}\n"
        f"  - {{expectation: {DOCS}, rating: 3, evidence: ['#{entry.id}']}}\n"
    )
    saved = ws.assessments.rate_file(yaml_file, rater="manager", rater_name="Grace")
    assert [(s.expectation, s.rating, s.note, s.evidence_ids) for s in saved] == [
        (TRADEOFFS, 1, "Getting there", (entry.id,)),
        (DOCS, 3, "", (entry.id,)),
    ]
    assert {s.who for s in saved} == {"manager Grace"}
    text = json.dumps([{"expectation": FAILURES, "rating": "not-yet", "note": "Not yet seen"}])
    (saved_json,) = ws.assessments.rate_file(text=text, source="r.json")
    assert (saved_json.rating, saved_json.rater) == (0, "self")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("", 1, "the file is empty"),
        ("[]", 1, "the file has no ratings"),
        ("expectation: x\n", 1, "expected a list of ratings"),
        ("- just text\n", 1, "expected a mapping"),
        ("- expectation: [a]\n  rating: 2\n", 1, "the expectation must be an id"),
        ("- expectation: system-design.cost\n", 1, "the rating is missing"),
        (
            "- expectation: system-design.cost\n  rating: 2\n  evidence: [1.5]\n",
            3,
            "not an entry id",
        ),
        ("- expectation: system-design.cost\n  rating: 2\n  rating: 3\n", 3, "duplicate key"),
        ("- {expectation: system-design.cost, rating: 2\n", 1, "YAML syntax error"),
    ],
)
def test_ratings_file_problems_are_located(
    ws: Workspace, text: str, line: int, reason: str
) -> None:
    items, problems = ws.assessments.check_file(text, source="f.yaml")
    assert items == []
    assert [p.line for p in problems][:1] == [line]
    assert reason in problems[0].reason


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        st.sampled_from([TRADEOFFS, DOCS, FAILURES, "delivery.ownership", "operations.on-call"]),
        st.integers(0, 3),
        min_size=1,
    ),
    st.sampled_from(["name", "words", "number"]),
)
def test_a_file_round_trips_into_current_ratings(
    ws: Workspace, ratings: dict[str, int], style: str
) -> None:
    import yaml

    known = {e.id for e in ws.ladder().expectations()}
    ratings = {k: v for k, v in ratings.items() if k in known}
    if not ratings:
        return
    shown = {"name": lambda n: RATINGS[n], "words": rating_label, "number": lambda n: n}[style]
    text = yaml.safe_dump([{"expectation": x, "rating": shown(v)} for x, v in ratings.items()])
    ws.assessments.rate_file(text=text, rater="peer", rater_name="Lin")
    current = {c.expectation: c.rating for c in ws.assessments.current(rater="peer")}
    assert {k: current[k] for k in ratings} == ratings


def test_rate_many_reports_every_item_and_writes_nothing(ws: Workspace) -> None:
    with pytest.raises(RatingsError) as info:
        ws.assessments.rate_many(
            [RatingInput(TRADEOFFS, 2), RatingInput("nope", 2), RatingInput(DOCS, 9)]
        )
    assert [p.reason.split(":")[0] for p in info.value.problems] == ["item 2", "item 3"]
    assert count(ws) == 0


# -- evidence to pick from ------------------------------------------------------------------------


def test_suggest_offers_the_strongest_evidence_and_respects_your_decisions(ws: Workspace) -> None:
    exact = ws.log("Compared three cache designs with load numbers")
    ws.tag(exact.id, expectation=TRADEOFFS)
    area = ws.log("Sketched the queue design", areas=["system-design"])
    rejected = ws.log("Renamed a variable", areas=["system-design"])
    ws.tag(rejected.id, remove=["system-design"])
    deleted = ws.log("Old design note", areas=["system-design"])
    ws.remove(deleted.id)
    ws.log("Fixed the on-call runbook", areas=["operations"])
    options = ws.assessments.suggest(TRADEOFFS)
    assert [(o.id, o.match) for o in options] == [(exact.id, "expectation"), (area.id, "area")]
    assert options[0].to_dict()["text"] == "Compared three cache designs with load numbers"


# -- the interview --------------------------------------------------------------------------------


class Script:
    """A prompter that answers from a list (an empty answer means the default, as in Rich)."""

    def __init__(self, answers: list[Any]) -> None:
        self.answers = list(answers)
        self.shown: list[Question] = []
        self.asked: list[tuple[str, str | None]] = []
        self.said: list[str] = []

    def show(self, question: Question) -> None:
        self.shown.append(question)

    def ask(self, text: str, default: str | None = None) -> str:
        self.asked.append((text, default))
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        if answer is KeyboardInterrupt:
            raise KeyboardInterrupt
        return str(answer) or (default or "")

    def say(self, text: str) -> None:
        self.said.append(text)


def test_interview_saves_each_answer_skips_and_stops(ws: Workspace) -> None:
    entry = ws.log("Compared cache designs", areas=["system-design"])
    a = ws.assessments
    todo = a.expectations(area="system-design")
    assert [e.id for e in todo[:3]] == [DOCS, TRADEOFFS, FAILURES]
    script = Script(
        [
            "great",  # not a rating: asked again
            "3",
            "Wrote two design docs",
            f"#{entry.id} 999",  # 999 does not exist: asked again
            str(entry.id),
            "s",  # skip the trade-offs
            "",  # no current rating: Enter is not an answer
            "working towards",
            "-",
            "-",
            "q",
        ]
    )
    result = Interview(a, todo).run(script)
    assert [(s.expectation, s.rating, s.note, s.evidence_ids) for s in result.saved] == [
        (DOCS, 3, "Wrote two design docs", (entry.id,)),
        (FAILURES, 1, "", ()),
    ]
    assert (result.kept, result.skipped, result.stopped, result.total) == (0, 1, True, len(todo))
    assert "'great' is not a rating" in script.said[0]
    assert any("there is no entry #999" in s for s in script.said)
    assert "Type a rating" in " ".join(script.said)
    assert script.shown[0].suggestions[0].id == entry.id
    assert len(script.shown) == 4  # stopped at the fourth
    assert count(ws) == 2


def test_interview_enter_keeps_the_current_rating(ws: Workspace) -> None:
    a = ws.assessments
    a.rate(TRADEOFFS, "meeting", rater="manager", rater_name="Grace", note="Solid")
    exp = a.resolve(TRADEOFFS)
    script = Script(["", "", ""])
    result = Interview(a, [exp], rater="manager", rater_name="Grace").run(script)
    assert (len(result.saved), result.kept, result.stopped) == (0, 1, False)
    assert script.asked == [("Rating", "meeting"), ("Note", "Solid"), ("Evidence ids", None)]
    assert script.shown[0].current is not None and script.shown[0].current.note == "Solid"
    # a changed note is a new rating in the history
    result = Interview(a, [exp], rater="manager", rater_name="Grace").run(
        Script(["", "Better", ""])
    )
    assert [s.note for s in result.saved] == ["Better"]
    assert len(a.history(rater="manager")) == 2


def test_interview_keeps_what_was_saved_when_interrupted(ws: Workspace) -> None:
    a = ws.assessments
    todo = a.expectations(area="system-design")
    interview = Interview(a, todo)
    with pytest.raises(KeyboardInterrupt):
        interview.run(Script(["2", "", "", "1", KeyboardInterrupt]))
    assert [s.expectation for s in interview.saved] == [DOCS]
    assert [x.expectation for x in a.current()] == [DOCS]


def test_interview_end_of_input_stops(ws: Workspace) -> None:
    result = Interview(ws.assessments, ws.assessments.expectations(area="delivery")).run(Script([]))
    assert result.stopped and result.saved == ()


# -- the command line -----------------------------------------------------------------------------

Cli = Callable[..., Any]


@pytest.fixture
def ada(cli: Cli) -> Cli:
    r = cli(
        "init",
        "--name",
        "Ada",
        "--email",
        "ada@example.com",
        "--level",
        "mid",
        "--target",
        "senior",
    )
    assert r.exit_code == 0, r.stderr
    return cli


def history_json(cli: Cli) -> list[dict[str, Any]]:
    r = cli("assess", "history", "--json")
    assert r.exit_code == 0, r.stderr
    data: list[dict[str, Any]] = json.loads(r.stdout)
    return data


def test_cli_rates_one_expectation(ada: Cli) -> None:
    r = ada("log", "Compared cache designs with load numbers")
    assert r.exit_code == 0
    r = ada(
        "assess", "--as", "manager", "--name", "Grace", "-e", TRADEOFFS,
        "--rating", "working towards", "--note", "Needs data", "--evidence", "1",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert (
        "Rated system-design.tradeoffs: working towards (by manager Grace) with evidence #1."
        in r.stdout
    )
    r = ada("assess", "-e", DOCS, "-r", "3", "--json")
    assert r.exit_code == 0
    (saved,) = json.loads(r.stdout)["saved"]
    assert (saved["expectation"], saved["rating"], saved["testimony_only"]) == (DOCS, 3, True)
    r = ada("assess", "-e", DOCS, "-r", "3")
    assert "testimony only" in r.stdout
    assert [h["current"] for h in history_json(ada)] == [True, False, True]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-e", "system-design.tradoffs", "-r", "2"), "did you mean 'system-design.tradeoffs'"),
        (("-e", TRADEOFFS, "-r", "great"), "'great' is not a rating"),
        (("-e", TRADEOFFS, "-r", "2", "--evidence", "7"), "there is no entry #7"),
        (("-e", TRADEOFFS, "-r", "2", "--name", "Ada"), "a name is for manager and peer"),
        (("--as", "boss", "-e", TRADEOFFS, "-r", "2"), "'boss' is not a rater"),
        (("-r", "2"), "--rating needs --expectation"),
        (("-e", TRADEOFFS, "-r", "2", "--area", "delivery"), "do not go with --rating"),
        (("--file", "x.yaml", "-e", TRADEOFFS), "not both"),
        ((), "there is no terminal to ask on"),
        (("-i", "--json"), "--json goes with --rating or --file"),
        (("--as", "manager", "history"), "put --as after the command word"),
    ],
)
def test_cli_bad_input_is_a_clear_error_and_writes_nothing(
    ada: Cli, args: tuple[str, ...], message: str
) -> None:
    r = ada("assess", *args)
    assert r.exit_code == 1, r.stdout
    assert r.stderr.startswith("error: ") and message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert history_json(ada) == []


def test_cli_without_a_profile_says_so(cli: Cli) -> None:
    r = cli("assess", "-e", TRADEOFFS, "-r", "2")
    assert r.exit_code == 1 and "no profile yet" in r.stderr


def test_cli_file_problems_are_listed_by_line(ada: Cli, tmp_path: Path) -> None:
    path = tmp_path / "ratings.yaml"
    path.write_text(BAD_FILE)
    r = ada("assess", "--file", str(path))
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert lines[0].startswith(f"{path}:3: there is no entry #999")
    assert f"{path}:10: system-design.tradeoffs is rated twice (first on line 1)" in lines
    assert f"error: {path}: 6 problems; nothing was saved" in lines
    assert history_json(ada) == []
    r = ada("assess", "--file", str(tmp_path / "missing.yaml"))
    assert r.exit_code == 1 and "no such file" in r.stderr


def test_cli_file_with_nul_characters_is_refused_by_line(ada: Cli, tmp_path: Path) -> None:
    escaped = tmp_path / "escaped.yaml"  # a NUL written as an escape in a quoted string
    escaped.write_text(
        f'- expectation: {TRADEOFFS}\n  rating: meeting\n  note: "a\\0b"\n', encoding="utf-8"
    )
    r = ada("assess", "--file", str(escaped))
    assert r.exit_code == 1
    assert f"{escaped}:3: the note contains a NUL character" in r.stderr.splitlines()
    raw = tmp_path / "raw.json"  # a NUL byte in the file itself
    raw.write_bytes(b'[{"expectation": "system-design.tradeoffs",\n "rating": 2, "note": "a\x00"}]')
    r = ada("assess", "--file", str(raw))
    assert r.exit_code == 1
    assert f"{raw}:2: the line contains a NUL character" in r.stderr.splitlines()
    escaped_json = tmp_path / "escaped.json"
    escaped_json.write_text(json.dumps([{"expectation": TRADEOFFS, "rating": 2, "note": "a\x00"}]))
    r = ada("assess", "--file", str(escaped_json))
    assert r.exit_code == 1 and "the note contains a NUL character" in r.stderr
    assert history_json(ada) == []


def test_cli_manager_without_a_name_warns_when_a_named_one_exists(ada: Cli) -> None:
    ada("assess", "--as", "manager", "--name", "Grace", "-e", TRADEOFFS, "-r", "2")
    r = ada("assess", "--as", "manager", "-e", DOCS, "-r", "2")
    assert r.exit_code == 0
    assert "warning: saved as a manager rating with no name" in r.stderr
    assert "--name Grace" in r.stderr
    assert "warning" not in ada("assess", "--as", "peer", "-e", DOCS, "-r", "2").stderr


def test_cli_diff_json_lists_unrated_rows_only_with_all(ada: Cli) -> None:
    ada("assess", "-e", TRADEOFFS, "-r", "2")
    rows = json.loads(ada("assess", "diff", "--json").stdout)
    assert [r["expectation"] for r in rows["rows"]] == [TRADEOFFS] and rows["unrated"] > 0
    every = json.loads(ada("assess", "diff", "--all", "--json").stdout)
    assert len(every["rows"]) == rows["unrated"] + 1


def test_cli_history_keeps_ids_whole_at_80_columns(ada: Cli) -> None:
    ada("assess", "-e", TRADEOFFS, "-r", "2", "--note", "a long note " * 8)
    r = ada("assess", "history", env={"COLUMNS": "80"})
    assert TRADEOFFS in r.stdout and "a long note" in r.stdout
    assert all(len(line) <= 80 for line in r.stdout.splitlines())
    r = ada("assess", "diff", env={"COLUMNS": "80"})
    assert TRADEOFFS in r.stdout


def test_cli_file_from_stdin(ada: Cli) -> None:
    text = json.dumps([{"expectation": TRADEOFFS, "rating": "meeting"}])
    r = ada("assess", "--as", "peer", "--name", "Lin", "--file", "-", input=text)
    assert r.exit_code == 0, r.stderr
    assert "Rated system-design.tradeoffs: meeting (by peer Lin)" in r.stdout


def test_cli_interactive_reads_answers_from_stdin(ada: Cli) -> None:
    answers = "2\nLed the review\n-\ns\nq\n"
    r = ada("assess", "--interactive", "--area", "system-design", input=answers)
    assert r.exit_code == 0, r.stderr
    assert "1/7 System design · system-design.design-docs" in r.stdout
    assert "Looks like" in r.stdout
    assert "Saved 1, kept 0, skipped 1 of 7." in r.stdout
    assert "ladder assess --unrated --area system-design" in r.stdout
    (saved,) = history_json(ada)
    assert (saved["expectation"], saved["rating"], saved["note"]) == (DOCS, 2, "Led the review")
    # --unrated goes on with what is left; the end of input stops
    r = ada("assess", "-i", "--unrated", "--area", "system-design", input="1\n\n\n")
    assert r.exit_code == 0, r.stderr
    assert "1/6 System design · system-design.tradeoffs" in r.stdout
    assert [h["expectation"] for h in history_json(ada)] == [DOCS, TRADEOFFS]


def test_cli_history_and_diff(ada: Cli) -> None:
    assert ada("assess", "-e", TRADEOFFS, "-r", "exceeding").exit_code == 0
    assert (
        ada("assess", "--as", "manager", "--name", "Grace", "-e", TRADEOFFS, "-r", "1").exit_code
        == 0
    )
    r = ada("assess", "history", "--as", "manager")
    assert r.exit_code == 0
    assert (
        "manager Grace" in r.stdout
        and "working towards" in r.stdout
        and "exceeding" not in r.stdout
    )
    r = ada("assess", "diff")
    assert r.exit_code == 0, r.stderr
    assert "disconnect: self says exceeding, manager Grace says working towards" in r.stdout
    assert "testimony only: self rates exceeding with no evidence linked" in r.stdout
    assert "1 disconnect, 1 testimony only" in r.stdout
    data = json.loads(ada("assess", "diff", "--area", "system-design", "--json").stdout)
    assert data["area"] == "system-design" and data["disconnects"] == 1
    r = ada("assess", "diff", "--area", "delivery", "--all")
    assert "No ratings at Senior yet" in r.stdout and "delivery.ownership" in r.stdout
    r = ada("assess", "diff", "--level", "distinguished")
    assert r.exit_code == 1 and "unknown level 'distinguished'" in r.stderr


def test_cli_warns_about_ratings_the_ladder_dropped(ada: Cli, tmp_path: Path) -> None:
    assert ada("assess", "-e", FAILURES, "-r", "2").exit_code == 0
    ladder = new_ladder("2027.1", drop=(FAILURES,))
    path = tmp_path / "ladder.yaml"
    path.write_text(ladder.source_text)
    assert ada("framework", "use", str(path)).exit_code == 0
    r = ada("assess", "history")
    assert r.exit_code == 0
    assert "not in the active ladder" in r.stdout
    assert "warning: 1 rating is on an expectation the active ladder no longer has" in r.stderr
    assert "aliases:" in r.stderr
    r = ada("assess", "-e", FAILURES, "-r", "2")
    assert r.exit_code == 1 and "not in the active ladder" in r.stderr


def test_cli_ctrl_c_keeps_the_ratings_already_given(
    ada: Cli, home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from ladder.__main__ import main

    class Interrupted(io.StringIO):
        def readline(self, *args: Any) -> str:
            line = super().readline(*args)
            if not line:
                raise KeyboardInterrupt
            return line

    monkeypatch.setenv("LADDER_HOME", str(home))
    monkeypatch.setattr("sys.stdin", Interrupted("2\nFirst\n-\n"))
    code = main(["assess", "-i", "--area", "system-design"])
    err = capsys.readouterr().err
    assert code == 130
    assert "interrupted: the 1 rating given before that is saved" in err
    assert [h["expectation"] for h in history_json(ada)] == [DOCS]
