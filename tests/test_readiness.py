"""Readiness: the rule (worked examples, properties) and the figures from the store.

The rule is a pure function over a few figures per area, so its examples are small and exact
(the same ones as in docs/readiness.md). The figures come from SQL over the effective
mappings; a differential test checks them against :func:`ladder.evidence.effective` applied
in Python, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ladder import framework, readiness
from ladder.errors import NotFoundError
from ladder.evidence import AreaLink, effective
from ladder.readiness import STATUSES, Figures, Rating, judge, overall, strength
from ladder.report import claim
from ladder.workspace import Workspace, new_uid, now_iso

TODAY = dt.date(2026, 11, 24)


# -- the rule: worked examples (docs/readiness.md, "Worked examples") --------------------------

EXAMPLES = [
    # (name, figures, strength, score, status, capped)
    ("nothing yet", Figures(), 0.0, 0.0, "gap", None),
    ("one note, today", Figures(1, 1, 1, 1, 1), 0.2062, 0.2062, "gap", None),
    ("four items, two months", Figures(4, 1, 2, 2, 1), 0.5, 0.5, "emerging", None),
    ("six items, three months", Figures(6, 2, 3, 2, 1), 0.75, 0.75, "meeting", None),
    (
        "full evidence, no rating",
        Figures(8, 2, 4, 2, 2),
        1.0,
        1.0,
        "meeting",
        "exceeding-needs-rating",
    ),
    ("eight items, all old", Figures(8, 0, 0, 2, 2), 0.55, 0.55, "emerging", None),
    (
        "a burst: ten items in one month",
        Figures(10, 10, 1, 3, 2),
        0.8125,
        0.8125,
        "emerging",
        "burst",
    ),
    (
        "four items + self 'exceeding'",
        Figures(4, 1, 2, 2, 1, (Rating("self", 3),)),
        0.5,
        0.58,
        "emerging",
        None,
    ),
    (
        "four items + manager 'exceeding'",
        Figures(4, 1, 2, 2, 1, (Rating("manager", 3),)),
        0.5,
        0.7,
        "meeting",
        None,
    ),
    (
        "full evidence + manager 'working towards'",
        Figures(8, 2, 4, 2, 2, (Rating("manager", 1),)),
        1.0,
        0.7333,
        "emerging",
        "manager",
    ),
    (
        "full evidence + peer 'exceeding'",
        Figures(8, 2, 4, 2, 2, (Rating("peer", 3),)),
        1.0,
        1.0,
        "exceeding",
        None,
    ),
    (
        "no evidence + manager 'exceeding'",
        Figures(0, ratings=(Rating("manager", 3),)),
        0.0,
        0.4,
        "emerging",
        None,
    ),
    (
        "no evidence + self 'exceeding', testimony only",
        Figures(0, ratings=(Rating("self", 3, linked=False),)),
        0.0,
        0.08,
        "gap",
        None,
    ),
]


@pytest.mark.parametrize(("name", "fig", "e", "score", "status", "capped"), EXAMPLES)
def test_rule_worked_examples(
    name: str, fig: Figures, e: float, score: float, status: str, capped: str | None
) -> None:
    j = judge(fig)
    assert (strength(fig), j.score, j.status, j.capped) == (e, score, status, capped), name
    assert j.reason.endswith(".") and not j.reason[0].islower()


def test_rule_reasons_say_why() -> None:
    assert judge(Figures()).reason == "No evidence yet: nothing logged or harvested shows it."
    assert judge(Figures(4, 1, 2, 2, 1)).reason == (
        "4 items in 2 of the last 12 months, 1 in the last 90 days, 2 kinds of work from "
        "1 source; it needs more items and more months with evidence."
    )
    assert judge(Figures(8, 2, 4, 2, 2, (Rating("manager", 1),))).reason.endswith(
        "but your manager rates it working towards."
    )
    assert (
        "exceeding also needs a manager's or a peer's rating"
        in judge(Figures(8, 2, 4, 2, 2)).reason
    )
    assert judge(Figures(0, ratings=(Rating("manager", 3),))).reason == (
        "No evidence yet; rated exceeding by your manager, but ratings alone cannot make an "
        "area meet the level."
    )
    testimony = judge(Figures(4, 1, 2, 2, 1, (Rating("manager", 3, linked=False),)))
    assert "with no evidence linked, so it counts for less" in testimony.reason


def test_rule_manager_weighs_more_than_self_and_testimony_less() -> None:
    base = Figures(4, 1, 2, 2, 1)
    score = {
        who: judge(Figures(4, 1, 2, 2, 1, (Rating(who, 3),))).score
        for who in ("self", "peer", "manager")
    }
    assert judge(base).score < score["self"] < score["peer"] < score["manager"]
    testimony = judge(Figures(4, 1, 2, 2, 1, (Rating("manager", 3, linked=False),))).score
    assert score["self"] < testimony < score["manager"]
    # a low rating is a judgement, not a claim: it needs no evidence to count in full
    assert Rating("manager", 1, linked=False).weight == Rating("manager", 1).weight == 1.0


def test_rule_one_rater_counts_once_however_many_ratings() -> None:
    one = Figures(4, 1, 2, 2, 1, (Rating("self", 3),))
    many = Figures(4, 1, 2, 2, 1, (Rating("self", 3),) * 5)
    assert judge(one).score == judge(many).score


def test_overall_the_weakest_area_sets_it() -> None:
    deep = [("System design", "exceeding")] + [(f"A{i}", "meeting") for i in range(7)]
    assert overall([*deep, ("Mentorship", "gap")], "Senior") == (
        "gap",
        "Not yet at Senior: 1 area is a gap (Mentorship), and the weakest area sets the overall status.",
    )
    status, reason = overall([*deep, ("Mentorship", "emerging")], "Senior")
    assert status == "emerging" and reason.startswith("Close to Senior: 8 of 9 areas meet it")
    assert overall(deep, "Senior") == (
        "meeting",
        "Operating at Senior: all 8 areas meet it, 1 of them beyond it.",
    )
    assert overall([("A", "gap"), ("B", "gap")], "Senior")[1] == (
        "Not yet at Senior: no area has enough evidence yet, so every area is a gap."
    )


def test_overall_does_not_call_an_area_the_sources_cannot_show_a_gap() -> None:
    deep = [(f"A{i}", "meeting") for i in range(6)]
    mixed = [*deep, ("Mentorship", "gap"), ("Career", "gap")]
    assert overall(mixed, "Senior", unshown=["Career"]) == (
        "gap",
        "Not yet at Senior: 1 area is a gap (Mentorship), and the weakest area sets the overall status.",
    )
    # only unshown areas below the level: it still holds the level back, but is no gap
    assert overall([*deep, ("Career", "gap")], "Senior", unshown=["Career"]) == (
        "gap",
        "Not yet shown to be at Senior: every area has to meet it.",
    )


# -- the rule: properties --------------------------------------------------------------------

ratings = st.lists(
    st.builds(
        Rating,
        rater=st.sampled_from(["self", "manager", "peer"]),
        rating=st.integers(0, 3),
        linked=st.booleans(),
        rater_name=st.sampled_from(["", "Grace", "Lin"]),
    ),
    max_size=6,
).map(tuple)
figures = st.builds(
    Figures,
    evidence=st.integers(0, 60),
    recent=st.integers(0, 20),
    months=st.integers(0, 12),
    kinds=st.integers(0, 6),
    sources=st.integers(0, 6),
    ratings=ratings,
)


@settings(max_examples=300, deadline=None)
@given(figures)
def test_rule_bounded_and_one_sentence(f: Figures) -> None:
    j = judge(f)
    assert j.status in STATUSES
    assert 0.0 <= j.strength <= 1.0 and 0.0 <= j.score <= 1.0
    assert j.reason.endswith(".") and j.reason.count(". ") == 0 and "\n" not in j.reason


@settings(max_examples=300, deadline=None)
@given(figures)
def test_rule_ratings_alone_never_meet_the_level(f: Figures) -> None:
    no_evidence = Figures(0, 0, 0, 0, 0, f.ratings)
    assert judge(no_evidence).status in ("gap", "emerging")


@settings(max_examples=300, deadline=None)
@given(figures, st.sampled_from(["evidence", "recent", "months", "kinds", "sources"]))
def test_rule_more_evidence_never_lowers_the_status(f: Figures, field: str) -> None:
    more = Figures(**{**f.__dict__, field: getattr(f, field) + 1})
    assert STATUSES.index(judge(more).status) >= STATUSES.index(judge(f).status)
    assert judge(more).score >= judge(f).score


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(STATUSES), min_size=1, max_size=12))
def test_overall_is_the_floor(statuses: list[str]) -> None:
    status, reason = overall([(f"A{i}", s) for i, s in enumerate(statuses)], "Senior")
    assert status == min(statuses, key=STATUSES.index)
    assert reason.endswith(".")


# -- the figures from the store --------------------------------------------------------------

Row = tuple[str, str, str, float]  # area, expectation, origin, confidence


def add_item(
    ws: Workspace,
    day: dt.date,
    rows: list[Row] | tuple[Row, ...] = (),
    *,
    kind: str = "note",
    source: str = "manual",
    deleted: bool = False,
    substance: str | None = None,
    text: str | None = None,
    data: dict[str, Any] | None = None,
    reason: str = "test",
) -> int:
    """An evidence item with exactly these mapping rows (as harvest, mapper and tag leave them),
    each giving ``reason``."""
    me = ws.profile()
    assert me is not None
    now = now_iso()
    with ws.store.transaction():
        eid = ws.store.insert(
            "evidence",
            {
                "uid": new_uid(),
                "person_id": me.id,
                "occurred_on": day.isoformat(),
                "text": text or f"{kind} on {day}",
                "source": source,
                "substance": substance,
                "substance_reason": f"graded {substance}" if substance else None,
                "source_ref": None if source == "manual" else new_uid(),
                "created_at": now,
                "updated_at": now,
                "deleted_at": now if deleted else None,
                "kind": kind,
                "data": json.dumps(data) if data is not None else None,
            },
        )
        ws.store.executemany(
            "INSERT INTO evidence_area (evidence_id, area_id, expectation_id, origin, confidence, "
            "reason, created_at) VALUES (:e, :a, :x, :o, :c, :why, :now)",
            [
                {"e": eid, "a": a, "x": x, "o": o, "c": c, "why": reason, "now": now}
                for a, x, o, c in rows
            ],
        )
    return eid


def test_empty_workspace_is_all_gaps_with_first_actions(ws: Workspace) -> None:
    r = ws.readiness(today=TODAY)
    ladder = ws.ladder()
    assert r.level == "senior" and r.level_name == "Senior" and r.overall == "gap"
    assert [a.area for a in r.areas] == [a.id for a in ladder.areas]
    for a in r.areas:
        assert a.status == "gap" and a.evidence == 0 and a.last_on is None
        assert a.reason == "No evidence yet: nothing logged or harvested shows it."
        senior = ladder.area(a.area).at("senior")
        assert a.actions and a.actions[0].text == senior[0].actions[0]
        assert {x.expectation for x in a.actions} <= {e.id for e in senior}
        assert all(x.why == "no evidence yet" for x in a.actions)
    assert [g.area for g in r.gaps()] == [a.id for a in ladder.areas[:3]]
    assert len(r.gaps(None)) == len(ladder.areas) and r.quiet == ()
    json.dumps(r.to_dict())


def test_figures_count_recency_months_variety(ws: Workspace) -> None:
    d = TODAY
    add_item(ws, d - dt.timedelta(days=3), [("mentorship", "mentorship.mentoring", "mapper", 0.8)])
    add_item(
        ws,
        d - dt.timedelta(days=40),
        [("mentorship", "", "user", 1.0)],
        kind="review",
        source="github",
    )
    add_item(
        ws,
        d - dt.timedelta(days=100),
        [("mentorship", "mentorship.hiring", "source", 0.9)],
        kind="meeting",
        source="calendar",
    )
    add_item(ws, dt.date(2024, 1, 10), [("mentorship", "", "user", 1.0)])  # outside 12 months
    add_item(ws, d - dt.timedelta(days=1), [("mentorship", "", "user", 1.0)], deleted=True)
    add_item(ws, d + dt.timedelta(days=1), [("mentorship", "", "user", 1.0)])  # after `today`
    m = ws.readiness(today=TODAY).area("mentorship")
    assert (m.evidence, m.recent, m.months, m.kinds, m.sources) == (4, 2, 3, 3, 3)
    assert m.last_on == (d - dt.timedelta(days=3)).isoformat()
    assert m.status == judge(Figures(4, 2, 3, 3, 3)).status
    by = {x.id: x.evidence for x in m.expectations}
    assert by["mentorship.mentoring"] == 1 and by["mentorship.hiring"] == 1
    # the actions skip what has evidence: expectations with none come first
    assert {a.expectation for a in m.actions}.isdisjoint(
        {"mentorship.mentoring", "mentorship.hiring"}
    )


def test_the_persons_decisions_win(ws: Workspace) -> None:
    d = TODAY - dt.timedelta(days=5)
    # a rejection of the whole area removes ladder's suggestion in it
    add_item(
        ws,
        d,
        [
            ("operations", "", "user", 0.0),
            ("operations", "operations.incidents-rca", "mapper", 0.7),
        ],
    )
    # a rejection of one expectation leaves the area (through another row)
    add_item(
        ws,
        d,
        [
            ("operations", "operations.runbooks-oncall", "user", 0.0),
            ("operations", "operations.observability", "mapper", 0.6),
        ],
    )
    # the person set the area: ladder's expectation in that area no longer counts, the area does
    add_item(
        ws,
        d,
        [
            ("operations", "", "user", 1.0),
            ("operations", "operations.slos-alerting", "mapper", 0.6),
        ],
    )
    # two rows in one area count once for the area, and once for each expectation the person set
    add_item(
        ws,
        d,
        [
            ("operations", "operations.efficiency", "user", 1.0),
            ("operations", "operations.readiness-reviews", "user", 1.0),
        ],
    )
    op = ws.readiness(today=TODAY).area("operations")
    assert op.evidence == 3
    by = {x.id: x.evidence for x in op.expectations}
    assert by == {
        "operations.slos-alerting": 0,
        "operations.runbooks-oncall": 0,
        "operations.incidents-rca": 0,
        "operations.observability": 1,
        "operations.efficiency": 1,
        "operations.readiness-reviews": 1,
    }


def test_figures_match_effective_mappings_in_python(ws: Workspace) -> None:
    """A differential check: the SQL aggregates against ``effective()`` applied item by item."""
    rng = random.Random(7)
    ladder = ws.ladder()
    areas = [a.id for a in ladder.areas]
    exps = {a.id: [e.id for e in a.expectations] for a in ladder.areas}
    kinds = [("manual", "note"), ("git", "commit"), ("github", "review"), ("jira", "ticket")]
    items: list[tuple[dt.date, str, str, bool, list[Row]]] = []
    for _ in range(90):
        day = TODAY - dt.timedelta(days=rng.randrange(-5, 500))
        source, kind = rng.choice(kinds)
        rows: dict[tuple[str, str], Row] = {}
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            area = rng.choice(areas[:4])
            x = rng.choice(["", *exps[area]])
            origin = rng.choice(["mapper", "mapper", "source", "user"])
            conf = 0.0 if origin == "user" and rng.random() < 0.4 else rng.choice([0.5, 1.0])
            rows[(area, x)] = (area, x, origin, conf)
        deleted = rng.random() < 0.05
        add_item(ws, day, list(rows.values()), kind=kind, source=source, deleted=deleted)
        items.append((day, kind, source, deleted, list(rows.values())))
    r = ws.readiness(today=TODAY)
    window = readiness.window_start(TODAY)
    for area in areas[:4]:
        counted = []
        per_exp: dict[str, int] = {}
        for day, kind, source, deleted, rows in items:
            if deleted or day > TODAY:
                continue
            links = effective(AreaLink(a, x, o, c) for a, x, o, c in rows)
            mine = [link for link in links if link.area == area]
            if mine:
                counted.append((day, kind, source))
            for x in {link.expectation for link in mine if link.expectation}:
                per_exp[x] = per_exp.get(x, 0) + 1
        got = r.area(area)
        assert got.evidence == len(counted), area
        assert got.recent == sum(1 for d, _, _ in counted if d >= TODAY - dt.timedelta(days=90))
        assert got.months == len({d.strftime("%Y-%m") for d, _, _ in counted if d >= window})
        assert got.kinds == len({k for _, k, _ in counted})
        assert got.sources == len({s for _, _, s in counted})
        assert got.last_on == (max(d for d, _, _ in counted).isoformat() if counted else None)
        for x in got.expectations:
            assert x.evidence == per_exp.get(x.id, 0), x.id


def test_assessments_combine_with_evidence(ws: Workspace) -> None:
    d = TODAY
    ids = [
        add_item(
            ws,
            d - dt.timedelta(days=n),
            [("delivery", "delivery.ownership", "mapper", 0.8)],
            kind=k,
            source=s,
        )
        for n, k, s in [
            (2, "note", "manual"),
            (100, "review", "manual"),
            (105, "note", "manual"),
            (110, "note", "manual"),
        ]
    ]
    before = ws.readiness(today=d).area("delivery")
    assert before.status == "emerging" and before.ratings == {}
    ws.assessments.rate(
        "delivery.ownership", "exceeding", rater="manager", rater_name="Grace", evidence=ids[:2]
    )
    after = ws.readiness(today=d).area("delivery")
    assert after.ratings == {"manager": 3.0} and after.score > before.score
    assert after.status == "meeting" and "rated exceeding by your manager" in after.reason
    owner = {x.id: x for x in after.expectations}["delivery.ownership"]
    assert owner.ratings == {"manager": 3.0} and owner.evidence == 4
    # a manager who says "working towards" keeps the area below meeting, whatever the evidence
    ws.assessments.rate(
        "delivery.ownership", "working-towards", rater="manager", rater_name="Grace"
    )
    held = ws.readiness(today=d).area("delivery")
    assert held.status == "emerging" and held.capped in (None, "manager")
    assert "working towards" in held.reason


def test_ratings_alone_do_not_lift_an_area_and_testimony_is_flagged(ws: Workspace) -> None:
    ws.assessments.rate("leadership.requirements", "exceeding", rater="manager", rater_name="Grace")
    ws.assessments.rate("leadership.cross-team", "meeting", rater="self")
    lead = ws.readiness(today=TODAY).area("leadership")
    assert lead.evidence == 0 and lead.status in ("gap", "emerging")
    assert lead.testimony_only and "ratings alone cannot make an area meet the level" in lead.reason
    assert lead.ratings == {"manager": 3.0, "self": 2.0}


def test_actions_prefer_low_ratings_and_missing_evidence(ws: Workspace) -> None:
    d = TODAY - dt.timedelta(days=1)
    for x in (
        "career.conversations",
        "career.brag-document",
        "career.portfolio",
        "career.network",
        "career.learning-plan",
        "career.monthly-focus",
    ):
        add_item(ws, d, [("career", x, "mapper", 0.8)])
    ws.assessments.rate("career.network", "not-yet", rater="manager", rater_name="Grace")
    ws.assessments.rate("career.portfolio", "working towards", rater="self")
    acts = ws.readiness(today=TODAY).area("career").actions
    assert [a.expectation for a in acts] == [
        "career.network",
        "career.portfolio",
        "career.conversations",
    ]
    assert acts[0].why == "rated not yet by your manager; 1 item so far"
    network = ws.ladder().area("career")
    assert (
        acts[0].text == next(e for e in network.expectations if e.id == "career.network").actions[0]
    )


def test_quiet_areas_get_a_nudge(ws: Workspace) -> None:
    add_item(ws, TODAY - dt.timedelta(days=50), [("mentorship", "", "user", 1.0)])
    add_item(ws, TODAY - dt.timedelta(days=10), [("delivery", "", "user", 1.0)])
    add_item(ws, TODAY - dt.timedelta(days=42), [("operations", "", "user", 1.0)])
    quiet = ws.readiness(today=TODAY).quiet
    assert [(q.area, q.days) for q in quiet] == [("mentorship", 50)]
    assert quiet[0].message == (
        f"No Mentorship evidence for 7 weeks (the last on {TODAY - dt.timedelta(days=50)})."
    )


def test_levels_default_explicit_and_unknown(ws: Workspace, bare_ws: Workspace) -> None:
    assert ws.readiness().level == "senior"
    staff = ws.readiness(level="Staff", today=TODAY)
    assert staff.level == "staff" and staff.level_name == "Staff"
    assert {x.expectation.split(".")[0] for a in staff.areas for x in a.actions} == {
        a.id for a in ws.ladder().areas
    }
    with pytest.raises(NotFoundError) as err:
        ws.readiness(level="senor")
    assert (
        "did you mean 'senior'" in err.value.message
        and "junior, mid, senior, staff" in err.value.message
    )


def test_no_profile_says_run_init(bare_ws: Workspace) -> None:
    with pytest.raises(NotFoundError) as err:
        bare_ws.readiness()
    assert err.value.hint and "ladder init" in err.value.hint


def test_renamed_ids_follow_aliases(ws: Workspace) -> None:
    add_item(ws, TODAY - dt.timedelta(days=3), [("career", "career.brag-document", "mapper", 0.9)])
    _, text = framework.default_source()
    text = text.replace('version: "2026.12"', 'version: "2026.12.1"', 1).replace(
        "      - id: career.brag-document\n",
        "      - id: career.impact-log\n        aliases: [career.brag-document]\n",
        1,
    )
    ws.install_ladder(framework.parse(text, source_name="renamed.yaml"))
    career = ws.readiness(today=TODAY).area("career")
    assert career.evidence == 1
    assert {x.id: x.evidence for x in career.expectations}["career.impact-log"] == 1


def test_gaps_weakest_first_and_to_dict_complete(ws: Workspace) -> None:
    d = TODAY - dt.timedelta(days=2)
    for n in range(8):
        add_item(
            ws,
            d - dt.timedelta(days=31 * (n % 4)),
            [("system-design", "", "user", 1.0)],
            kind=["note", "doc"][n % 2],
            source=["manual", "docs"][n % 2],
        )
    add_item(ws, d, [("delivery", "", "user", 1.0)])
    r = ws.readiness(today=TODAY)
    assert r.area("system-design").status == "meeting"
    gaps = r.gaps(None)
    assert "system-design" not in [g.area for g in gaps]
    assert gaps[-1].area == "delivery"  # it has a little evidence: the weakest come first
    assert [g.area for g in r.gaps(2)] == [g.area for g in gaps[:2]]
    data = json.loads(json.dumps(r.to_dict()))
    assert set(data) >= {
        "level",
        "level_name",
        "ladder",
        "today",
        "overall",
        "reason",
        "score",
        "counts",
        "areas",
        "gaps",
        "quiet",
    }
    area = data["areas"][1]
    assert set(area) >= {
        "area",
        "name",
        "status",
        "reason",
        "score",
        "strength",
        "evidence",
        "recent",
        "months",
        "kinds",
        "sources",
        "last_on",
        "ratings",
        "testimony_only",
        "expectations",
        "actions",
    }
    assert area["actions"][0].keys() == {"area", "expectation", "text", "why", "origin"}
    assert area["actions"][0]["origin"] == ""  # the ladder's own action
    assert data["counts"]["meeting"] == 1 and data["gaps"] == [g.area for g in gaps]


# -- the commands ----------------------------------------------------------------------------


def _init(cli: Any) -> None:
    done = cli(
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
    assert done.exit_code == 0, done.stderr


def test_status_on_an_empty_workspace(cli: Any) -> None:
    _init(cli)
    res = cli("status")
    assert res.exit_code == 0, res.stderr
    out = res.stdout
    assert out.startswith("Ada Lovelace · Mid → Senior · software-engineering@")
    assert "Overall: GAP — Not yet at Senior" in out
    assert out.count("No evidence yet") == 9 and out.count("next: ") == 9
    assert "Goals for " in out and "`ladder gaps`" in out


def test_status_and_gaps_json(cli: Any) -> None:
    _init(cli)
    assert (
        cli("log", "Mentored Sam through the cache design", "--area", "mentorship").exit_code == 0
    )
    data = json.loads(cli("status", "--json").stdout)
    assert data["profile"]["name"] == "Ada Lovelace"
    assert data["readiness"]["level"] == "senior" and len(data["readiness"]["areas"]) == 9
    assert {a["area"]: a["evidence"] for a in data["readiness"]["areas"]}["mentorship"] == 1
    assert data["goals"] == [] and data["proposals"] == []
    gaps = json.loads(cli("gaps", "--json", "--top", "0").stdout)
    assert (
        gaps["total"] == 9 and len(gaps["gaps"]) == 9 and gaps["gaps"][-1]["area"] == "mentorship"
    )
    assert json.loads(cli("gaps", "--json").stdout)["gaps"][0]["actions"]


def test_gaps_text(cli: Any) -> None:
    _init(cli)
    res = cli("gaps", "--level", "staff", "--top", "2")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.startswith("Gaps to Staff (ic) · software-engineering@")
    assert (
        "1. Technical depth · gap · score 0.00" in res.stdout and "2. System design" in res.stdout
    )
    assert "3. " not in res.stdout and "7 more below meeting" in res.stdout
    assert res.stdout.count("   · ") == 6


def test_status_shows_goals_and_quiet_areas(cli: Any) -> None:
    _init(cli)
    assert (
        cli(
            "log",
            "Paired with Sam on the migration",
            "--area",
            "mentorship",
            "--date",
            "60 days ago",
        ).exit_code
        == 0
    )
    res = cli("status")
    assert "Gone quiet:" in res.stdout and "No Mentorship evidence for 8 weeks" in res.stdout


def test_bad_input_is_a_clear_error_and_writes_nothing(cli: Any, home: Any) -> None:
    res = cli("status")
    assert res.exit_code == 1 and "no profile" in res.stderr and "ladder init" in res.stderr
    _init(cli)
    assert cli("log", "Wrote the runbook", "--area", "operations").exit_code == 0
    before = _dump(home)
    res = cli("gaps", "--level", "distinguished")
    assert res.exit_code == 1 and res.stdout == ""
    assert (
        res.stderr.startswith("error: unknown level 'distinguished'")
        and "junior, mid, senior, staff, principal, engineering-manager" in res.stderr
    )
    res = cli("gaps", "--level", "engineering-manager", "--track", "ic")
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr.splitlines() == [
        "error: level 'engineering-manager' is not on the ic track (Individual contributor: "
        "junior, mid, senior, staff, principal)",
        "hint: it is on the management track: use --track management",
    ]
    res = cli("status", "--track", "sideways")
    assert res.exit_code == 1
    assert res.stderr.startswith("error: unknown track 'sideways'; the ladder has: ic, management")
    res = cli("status", "--level", "")
    assert res.exit_code == 1 and res.stderr.startswith("error: the level is empty")
    assert cli("gaps", "--level", " ").exit_code == 1
    res = cli("gaps", "--top", "-1")
    assert res.exit_code == 2
    assert _dump(home) == before
    # a good status grades and maps what was logged since, so it counts at once; then nothing
    assert cli("status").exit_code == 0
    graded = _dump(home)
    assert graded != before and cli("gaps", "--json").exit_code == 0
    assert _dump(home) == graded


def _dump(home: Any) -> list[str]:
    import sqlite3

    with sqlite3.connect(home / "ladder.db") as conn:
        return list(conn.iterdump())


# -- ratings over time and across levels -----------------------------------------------------


def test_ratings_given_after_the_day_measured_do_not_count(ws: Workspace) -> None:
    """The packet measures past periods: a rating given later is not part of them."""
    for n in (2, 40, 70, 100):
        add_item(
            ws, TODAY - dt.timedelta(days=n), [("delivery", "delivery.ownership", "user", 1.0)]
        )
    old = ws.assessments.rate("delivery.ownership", "exceeding", rater="manager")
    past = TODAY - dt.timedelta(days=30)
    ws.store.execute(
        "UPDATE assessment SET created_at = :t WHERE id = :id",
        {"t": f"{(past - dt.timedelta(days=5)).isoformat()}T12:00:00.000000Z", "id": old.id},
    )
    ws.assessments.rate("delivery.ownership", "working towards", rater="manager")  # today
    then = ws.readiness(today=past).area("delivery")
    assert then.ratings == {"manager": 3.0} and "working towards" not in then.reason
    now = ws.readiness(today=TODAY).area("delivery")
    assert now.ratings == {"manager": 1.0} and now.status == "emerging"
    before_any = ws.readiness(today=past - dt.timedelta(days=10)).area("delivery")
    assert before_any.ratings == {}


def test_a_higher_level_never_reads_better_than_a_lower_one(ws: Workspace) -> None:
    """Worked example from the review: a manager's "working towards" at Senior holds Staff."""
    for n in (1, 20, 45, 80, 120, 150, 200, 230):
        add_item(
            ws,
            TODAY - dt.timedelta(days=n),
            [("system-design", "system-design.design-docs", "user", 1.0)],
            kind="doc" if n % 2 else "note",
            source="docs" if n > 100 else "manual",
        )
    ws.assessments.rate(
        "system-design.tradeoffs", "working towards", rater="manager", rater_name="Grace"
    )
    senior = ws.readiness(level="senior", today=TODAY).area("system-design")
    staff = ws.readiness(level="staff", today=TODAY).area("system-design")
    assert senior.status == "emerging" and senior.capped == "manager"
    assert staff.status == "emerging" and staff.score <= senior.score
    assert staff.ratings == {"manager": 1.0}  # the Senior rating below meeting weighs in
    assert "your manager rates it working towards" in staff.reason
    assert "no one has rated its Staff expectations yet" in staff.reason
    assert staff.reason.endswith(".") and ". " not in staff.reason
    # the target level itself does not say that
    assert "no one has rated" not in senior.reason
    # levels below read at least as well: a "meeting" at Senior counts for Mid too
    ws.assessments.rate("system-design.design-docs", "meeting", rater="manager", rater_name="Lin")
    mid = ws.readiness(level="mid", today=TODAY).area("system-design")
    assert "manager" in mid.ratings and mid.score >= senior.score
    for area in ws.readiness(level="staff", today=TODAY).areas:
        below = ws.readiness(level="senior", today=TODAY).area(area.area)
        assert STATUSES.index(area.status) <= STATUSES.index(below.status)
        assert area.score <= below.score


def test_rule_a_level_is_capped_at_the_one_below_worked_example() -> None:
    """Full evidence; a manager rates a Staff expectation exceeding (it counts at Senior too),
    and two Senior expectations meeting: Senior reads meeting (mean 2.33 < 2.5), so Staff,
    which alone would read exceeding, reads meeting as well."""
    ladder = framework.parse(framework.default_source()[1])
    level_of = {"a.staff": "staff", "a.s1": "senior", "a.s2": "senior"}
    rated = [
        Rating("manager", 3, expectation="a.staff"),
        Rating("manager", 2, expectation="a.s1"),
        Rating("manager", 2, expectation="a.s2"),
    ]
    full = Figures(8, 2, 4, 2, 2)
    order = ["junior", "mid", "senior", "staff"]
    senior, at_senior = readiness.judge_at_level(full, rated, level_of, order, 2, ladder)
    staff, at_staff = readiness.judge_at_level(full, rated, level_of, order, 3, ladder)
    assert (senior.status, len(at_senior)) == ("meeting", 3)
    assert judge(Figures(8, 2, 4, 2, 2, tuple(at_staff))).status == "exceeding"
    assert (staff.status, staff.capped, staff.score) == ("meeting", "lower-level", senior.score)
    assert "as at Senior: a level never reads better than the one below it" in staff.reason


LEVELS = ("junior", "mid", "senior", "staff")
level_ratings = st.lists(
    st.tuples(
        st.sampled_from(LEVELS),
        st.sampled_from(["self", "manager", "peer"]),
        st.integers(0, 3),
        st.booleans(),
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(figures, level_ratings)
def test_rule_no_level_reads_better_than_the_one_below(
    f: Figures, given_ratings: list[tuple[str, str, int, bool]]
) -> None:
    ladder = framework.parse(framework.default_source()[1])
    level_of = {f"x.{lv}": lv for lv in LEVELS}
    rated = [
        Rating(rater=r, rating=v, linked=linked, rater_name="", expectation=f"x.{lv}")
        for lv, r, v, linked in given_ratings
    ]
    base = Figures(f.evidence, f.recent, f.months, f.kinds, f.sources)
    results = [
        readiness.judge_at_level(base, rated, level_of, list(LEVELS), k, ladder)[0]
        for k in range(len(LEVELS))
    ]
    for low, high in itertools.pairwise(results):
        assert STATUSES.index(high.status) <= STATUSES.index(low.status)
        assert high.score <= low.score
        assert high.reason.endswith(".") and "\n" not in high.reason


def test_an_empty_level_is_an_error(ws: Workspace) -> None:
    from ladder.errors import InputError

    with pytest.raises(InputError, match="the level is empty"):
        ws.readiness(level=" ")


def test_status_puts_each_proposal_under_its_goal(cli: Any) -> None:
    _init(cli)
    cli("goals", "add", "Write the SLO", "--track", "technical", "--area", "operations")
    cli("goals", "add", "Give a talk", "--track", "communication", "--area", "communication")
    cli("log", "Wrote the SLO for billing", "--area", "operations")
    lines = cli("status").stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if "#1    technical" in line)
    assert lines[first + 1].startswith("    → #1 may be done: evidence #1")
    second = next(i for i, line in enumerate(lines) if "#2    communication" in line)
    assert second > first and not any("#2 may be done" in line for line in lines)


# -- level, not volume --------------------------------------------------------------------------
def _commit(
    ws: Workspace,
    days_ago: int,
    area: str,
    confidence: float,
    *,
    substance: str = "significant",
    text: str | None = None,
    data: dict[str, Any] | None = None,
    reason: str = "test",
) -> int:
    """A harvested commit ``days_ago`` days before TODAY, mapped by ladder onto ``area``."""
    return add_item(
        ws,
        TODAY - dt.timedelta(days=days_ago),
        [(area, "", "mapper", confidence)],
        kind="commits",
        source="git",
        substance=substance,
        text=text,
        data=data,
        reason=reason,
    )


def _harvested(ws: Workspace, n: int, area: str, *, substance: str = "ordinary") -> list[int]:
    """``n`` harvested commits in ``area``, one a fortnight back from today, mapped by ladder."""
    return [
        _commit(ws, 14 * k, area, 0.9, substance=substance, text=f"change {k}") for k in range(n)
    ]


def test_harvested_volume_alone_does_not_meet_the_level(ws: Workspace) -> None:
    _harvested(ws, 30, "delivery")
    d = ws.readiness(today=TODAY).area("delivery")
    assert (d.evidence, d.significant, d.status, d.capped) == (30, 0, "emerging", "volume")
    assert "none of it significant" in d.reason and d.carried_by == ()
    # one piece of significant work, and the same volume reads as the level
    big = add_item(
        ws,
        TODAY - dt.timedelta(days=3),
        [("delivery", "", "mapper", 0.9)],
        kind="pull-request",
        source="git",
        substance="significant",
        text="Cut checkout latency by 40%",
    )
    d = ws.readiness(today=TODAY).area("delivery")
    assert d.status == "meeting" and d.significant == 1
    assert [c.id for c in d.carried_by] == [big] and d.carried_by[0].text.startswith("Cut")


def test_items_weigh_by_substance_and_confidence(ws: Workspace) -> None:
    for k in range(3):
        day = TODAY - dt.timedelta(days=30 * k)
        add_item(ws, day, [("delivery", "", "mapper", 0.3)], substance="ordinary")
        add_item(ws, day, [("operations", "", "user", 1.0)], substance="significant")
    r = ws.readiness(today=TODAY)
    weak, strong = r.area("delivery"), r.area("operations")
    assert weak.evidence == strong.evidence == 3
    assert weak.strength < strong.strength
    assert len(strong.carried_by) == 3
    days = [c.occurred_on for c in strong.carried_by]
    assert days == sorted(days, reverse=True)  # the newest first


def test_areas_the_sources_cannot_show_say_so(ws: Workspace) -> None:
    _harvested(ws, 3, "delivery")
    r = ws.readiness(today=TODAY)
    m = r.area("mentorship")
    assert (m.shown, m.label, m.status) == (False, "not shown", "gap")
    assert m.reason.startswith("Not shown by your sources (git)") and "mentee add" in m.reason
    assert r.area("delivery").shown and r.area("code-quality").shown  # git can show it
    assert "cannot show" in r.reason and "Mentorship" in r.reason
    assert r.to_dict()["areas"][[a.area for a in r.areas].index("mentorship")]["shown"] is False
    # the gaps the evidence measured come first; the areas it cannot show after them
    gaps = r.gaps(top=None)
    assert gaps[0].shown
    shown = [g.shown for g in gaps]
    assert shown == sorted(shown, reverse=True) and False in shown
    # the packet's radar says so too, as its table does
    from ladder import packet

    doc = packet.build(ws, today=TODAY)
    radar = doc.charts()["radar"]
    assert ">Mentorship</text>" in radar and "Mentorship: not shown" in radar
    from ladder import render

    assert '<span class="status not-shown">not shown</span>' in render.html(doc)
    # once the person logs their own work, every area can be shown: a gap is a gap again
    add_item(ws, TODAY, [("delivery", "", "user", 1.0)])
    assert ws.readiness(today=TODAY).area("mentorship").shown


def test_sure_mappings_carry_a_verdict_before_newer_guesses(ws: Workspace) -> None:
    sure = _commit(ws, 60, "delivery", 0.7, text="Ship the new sync protocol")
    guesses = [_commit(ws, k, "delivery", 0.3, text=f"change {k}") for k in (1, 2, 3)]
    carried = [c.id for c in ws.readiness(today=TODAY).area("delivery").carried_by]
    # the sure one first, though two months older; then the newest of the guesses
    assert carried == [sure, guesses[0], guesses[1]]
    # a sure one from years ago does not come before this year's work
    _commit(ws, 3 * 365, "delivery", 0.9)
    carried = [c.id for c in ws.readiness(today=TODAY).area("delivery").carried_by]
    assert carried == [sure, guesses[0], guesses[1]]


def test_what_carries_a_verdict_is_told_in_the_persons_words(ws: Workspace) -> None:
    _commit(
        ws,
        5,
        "technical-depth",
        0.7,
        text="lib/: 1 commit on 2026-11-19 (+1/-2) — rustls: fix memory leak",
        data={
            "words": "rustls: fix memory leak on repeated SSLKEYLOGFILE fails",
            "role": "authored",
        },
    )
    (c,) = ws.readiness(today=TODAY).area("technical-depth").carried_by
    assert c.text == "rustls: fix memory leak on repeated SSLKEYLOGFILE fails"


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (":bug: fix a memory leak in the pool", "fix a memory leak in the pool"),
        # Vim's "patch 9.2.0525: …" is a reference, not what was done
        ("patch 9.2.0525: spell: memory leak in spell_read_dic()", "spell: memory leak in spell_read_dic()"),
    ],
)
def test_what_carries_a_verdict_wears_no_gitmoji_nor_patch_number(
    ws: Workspace, words: str, said: str
) -> None:
    _commit(
        ws,
        5,
        "technical-depth",
        0.7,
        text=f"src/: 1 commit on 2026-11-19 (+9/-2) — {words}",
        data={"words": words, "role": "authored"},
    )
    (c,) = ws.readiness(today=TODAY).area("technical-depth").carried_by
    assert c.text == said


def _leak_day(ws: Workspace, words: str) -> int:
    """A harvested day of several subjects, mapped by ladder onto technical depth for the
    words "memory leak" (its reason quotes them)."""
    return _commit(
        ws,
        5,
        "technical-depth",
        0.7,
        text=f"src/: several commits on … — {words.split('; ')[0]}; …",
        data={"words": words, "role": "authored"},
        reason='mentions "memory leak" → technical-depth: performance, memory and concurrency',
    )


def test_a_days_several_changes_carry_a_verdict_by_the_ones_that_show_the_area(
    ws: Workspace,
) -> None:
    _leak_day(ws, "Avoid over-allocation in ToChars; Fix a memory leak in the parser; Rename")
    (c,) = ws.readiness(today=TODAY).area("technical-depth").carried_by
    assert c.text == "Fix a memory leak in the parser"


def test_a_long_history_says_how_much_of_it_is_recent(ws: Workspace) -> None:
    for days in (900, 901, 902, 903, 904, 40, 41):  # five years ago, two recent
        _commit(ws, days, "delivery", 0.7, substance="ordinary")
    reason = ws.readiness(today=TODAY).area("delivery").reason
    assert reason.startswith("7 items, 2 of them in 1 of the last 12 months,"), reason


def test_a_carriers_subjects_narrow_by_the_mappings_that_count_as_the_packet_reads_them(
    ws: Workspace,
) -> None:
    """A mapping the person overrode (they set the area themselves, giving no quote) does not
    narrow what carries the verdict: status says what the packet says."""
    words = "Fix a memory leak in the parser; Add retries to the uploader"
    eid = _leak_day(ws, words)
    (area,) = [a for a in ws.ladder().areas if a.id == "technical-depth"]
    ws.store.execute(
        "INSERT INTO evidence_area (evidence_id, area_id, expectation_id, origin, confidence, "
        "reason, created_at) VALUES (:e, 'technical-depth', :x, 'user', 1.0, '', :now)",
        {"e": eid, "x": area.expectations[0].id, "now": now_iso()},
    )
    (c,) = ws.readiness(today=TODAY).area("technical-depth").carried_by
    entry = ws.entry(eid)
    assert c.text == claim(entry, "technical-depth") == words
