"""Hostile and broken input: refused cleanly, in bounded time, with the database unchanged.

Each test feeds the real command line (the ``cli`` fixture: the real entry point, a real
SQLite workspace) a file or an argument of the kind a probe found crashing or hanging ladder:
alias bombs, a calendar that repeats every second, text that is not UTF-8, JSON nested
100,000 deep, an import that carries what the commands refuse, a limit of 10²³, escape
sequences meant for the terminal.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import TODAY
from ladder import loaders, rules, terminal
from ladder.errors import InputError, LocatedError

#: "Well under a second": what a refusal may take, however big the bomb.
FAST = 1.0

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"


def timed(run: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """``run``'s result and the CPU seconds it took: what the work costs, which other jobs on
    a shared machine do not stretch as they stretch the wall clock (a wait that never ends
    would still show, as a test that does not finish)."""
    start = time.process_time()
    result = run(*args, **kwargs)
    return result, time.process_time() - start


def init(cli: Any) -> None:
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


def snapshot(cli: Any, tmp_path: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """The whole workspace, as ``ladder export`` writes it (without its time stamp)."""
    path = tmp_path / "snapshot.json"
    r = cli("export", str(path), env=env)
    assert r.exit_code == 0, r.stderr
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    data.pop("exported_at")
    return data


def clean_refusal(r: Any, code: int = 1) -> None:
    assert r.exit_code == code, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr + r.stdout
    assert r.stderr.startswith("error: "), r.stderr


# -- YAML: one bounded loader ----------------------------------------------------------------------


def test_the_loader_refuses_a_billion_laughs_by_counting_not_building() -> None:
    start = time.process_time()
    with pytest.raises(LocatedError) as err:
        loaders.load_yaml(BILLION_LAUGHS, source_name="bomb.yaml")
    assert time.process_time() - start < FAST
    assert err.value.path == "bomb.yaml"
    assert err.value.line == 6  # the first block whose expansion passes the bound
    assert "more than 100,000" in err.value.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a: &a [1, *a]\n", "refers to the block that contains it"),
        ("x:\n" + "".join("  " * n + "- \n" for n in range(1, 80)) + "  " * 80 + "- 1\n", "nested"),
        ("[" * 5000 + "]" * 5000, "nested more than"),
    ],
    ids=["recursive-alias", "deep-block", "deep-flow"],
)
def test_recursive_aliases_and_deep_nesting_are_refused(text: str, reason: str) -> None:
    with pytest.raises(LocatedError) as err:
        loaders.load_yaml(text, source_name="x.yaml")
    assert reason in err.value.reason


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda kids: (
            st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
        ),
        max_leaves=30,
    )
)
@settings(max_examples=150, deadline=None)
def test_what_is_not_a_bomb_reads_as_pyyaml_reads_it(data: Any) -> None:
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True)
    assert loaders.load_yaml(text, source_name="x.yaml") == yaml.safe_load(text)


def test_shared_aliases_within_the_bound_still_read() -> None:
    text = "base: &b {level: mid, note: shared}\nfirst: *b\nsecond: *b\n"
    assert loaders.load_yaml(text, source_name="x.yaml")["second"] == {
        "level": "mid",
        "note": "shared",
    }


def test_framework_validate_refuses_an_alias_bomb_fast(cli: Any, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    r, took = timed(cli, "framework", "validate", str(bomb))
    assert took < FAST
    assert r.exit_code == 1
    assert f"{bomb}:6:" in r.stdout + r.stderr
    assert "aliases" in r.stdout + r.stderr
    assert "Traceback" not in r.stderr


def test_framework_use_refuses_an_alias_bomb_and_installs_nothing(cli: Any, tmp_path: Path) -> None:
    init(cli)
    before = cli("framework", "show", "--json").stdout
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    r, took = timed(cli, "framework", "use", str(bomb))
    assert took < FAST
    clean_refusal(r)
    assert f"{bomb}:6:" in r.stderr
    assert cli("framework", "show", "--json").stdout == before


def test_assess_file_refuses_an_alias_bomb_and_saves_nothing(cli: Any, tmp_path: Path) -> None:
    init(cli)
    before = snapshot(cli, tmp_path)
    bomb = tmp_path / "ratings.yaml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    r, took = timed(cli, "assess", "--file", str(bomb))
    assert took < FAST
    assert r.exit_code == 1
    assert "Traceback" not in r.stderr
    assert "aliases" in r.stderr and ":6" in r.stderr
    assert snapshot(cli, tmp_path) == before


def test_a_design_doc_with_an_alias_bomb_in_its_front_matter_is_refused(
    cli: Any, tmp_path: Path
) -> None:
    doc = tmp_path / "design.md"
    doc.write_text("---\n" + BILLION_LAUGHS + "---\n# Context\n\nWhy.\n", encoding="utf-8")
    r, took = timed(cli, "doc", "check", str(doc))
    assert took < FAST
    clean_refusal(r)
    assert f"{doc}:7:" in r.stderr and "front matter" in r.stderr


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    assert loaders.load_json(json.dumps({"a": "[" * 1000}), source_name="x") == {"a": "[" * 1000}


# -- one place for the rules text follows ----------------------------------------------------------


@given(st.text())
def test_the_text_rule_accepts_exactly_what_a_store_can_hold(text: str) -> None:
    storable = "\x00" not in text and len(text) <= 50
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        storable = False
    try:
        assert rules.check_text(text, "note", limit=50) == text
        accepted = True
    except InputError:
        accepted = False
    assert accepted is storable


def test_one_place_for_the_text_rules() -> None:
    """assessment, goal, mentorship, learning and the web write no NUL check of their own."""
    import inspect

    from ladder import assessment, goal, learning, mentorship
    from ladder.web import deps, schemas

    for module in (assessment, goal, learning, mentorship, deps, schemas):
        source = inspect.getsource(module)
        assert "get_close_matches" not in source, module.__name__
        # assessment keeps one: it finds the line of a NUL in a ratings file, to name it
        assert source.count('"\\x00" in') == (2 if module is assessment else 0), module.__name__


def test_framework_use_on_a_megabyte_line_quotes_a_little_of_it(cli: Any, tmp_path: Path) -> None:
    init(cli)
    big = tmp_path / "big.yaml"
    big.write_text("a" * 1_000_000 + "\n", encoding="utf-8")
    r = cli("framework", "use", str(big))
    clean_refusal(r)
    assert len(r.stderr) < 300
    assert f"{big}:1: top level: 'aaaa" in r.stderr and "999,941 more characters" in r.stderr


# -- calendars: bounded expansion ------------------------------------------------------------------


def ics(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"


def event(uid: str, summary: str, start: str, rule: str | None = None) -> str:
    lines = [f"UID:{uid}", f"DTSTART:{start}", f"SUMMARY:{summary}"]
    if rule:
        lines.append(f"RRULE:{rule}")
    return "\r\n".join(lines)


WEEKLY = event("weekly", "1:1 Ada / Bob", "20261102T100000Z", "FREQ=WEEKLY;BYDAY=MO")


def test_a_calendar_that_repeats_every_second_is_cut_and_says_so(cli: Any, tmp_path: Path) -> None:
    init(cli)
    cal = tmp_path / "bomb.ics"
    cal.write_text(
        ics(event("bomb", "Design review", "20260101T000000Z", "FREQ=SECONDLY"), WEEKLY),
        encoding="utf-8",
    )
    assert cal.stat().st_size < 600
    r, took = timed(cli, "harvest", "calendar", str(cal), "--since", "2026-01-01", "--json")
    assert took < 5 * FAST  # the harvest itself, mapping included; the bomb costs nothing
    assert r.exit_code == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["added"] == 4  # the four Mondays of November; nothing from the bomb
    (note,) = summary["notes"]
    assert "bomb.ics: left out 'Design review' (bomb)" in note
    assert "repeats every second from 2026-01-01" in note and "10,000" in note


def test_a_rule_that_matches_no_day_is_left_out_without_walking_to_the_year_9999(
    cli: Any, tmp_path: Path
) -> None:
    init(cli)
    cal = tmp_path / "never.ics"
    never = event("never", "Mentoring", "20260101T090000Z", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    cal.write_text(ics(never, WEEKLY), encoding="utf-8")
    r, took = timed(cli, "harvest", "calendar", str(cal), "--since", "2026-01-01")
    assert took < 5 * FAST
    assert r.exit_code == 0, r.stderr
    assert (
        "note: never.ics: left out 'Mentoring' (never): its repeat rule matches no day" in r.stderr
    )
    assert "4 added" in r.stdout


#: Rules whose steps never land on a day they allow (each from a Monday, 2026-11-02 09:00 UTC).
NEVER_LANDS = [
    ("FREQ=DAILY;INTERVAL=7;BYDAY=TU", "every 7 days"),  # always a Monday
    ("FREQ=DAILY;INTERVAL=14;BYDAY=WE", "every 14 days"),
    ("FREQ=MONTHLY;INTERVAL=12;BYMONTH=2", "every 12 months"),  # always November
    ("FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29", "every 4 years"),  # 2026, 2030: no 29th
    ("FREQ=HOURLY;INTERVAL=168;BYDAY=FR", "every 168 hours"),
]
#: Rules with an INTERVAL that do land, and what dateutil gives for them in November 2026.
LANDS = [
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    "FREQ=WEEKLY;INTERVAL=3",
    "FREQ=DAILY;INTERVAL=7",
    "FREQ=DAILY;INTERVAL=7;BYDAY=MO",
    "FREQ=DAILY;INTERVAL=2;BYDAY=MO,WE,FR",
    "FREQ=DAILY;INTERVAL=21;BYMONTHDAY=16,26",
    "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO",
    "FREQ=MONTHLY;INTERVAL=12;BYMONTH=1;BYDAY=-1FR",
    "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=2,30",
    "FREQ=YEARLY;INTERVAL=2;BYMONTH=11;BYDAY=MO",
    "FREQ=HOURLY;INTERVAL=48;BYDAY=MO,WE",
]


def _walked(monkeypatch: Any) -> list[int]:
    """Counts the months (and years) dateutil's rule walks go through: a measure of its work
    that does not depend on how busy the machine is."""
    from dateutil import rrule

    count = [0]
    rebuild = rrule._iterinfo.rebuild

    def counted(self: Any, year: int, month: int) -> None:
        count[0] += 1
        rebuild(self, year, month)

    monkeypatch.setattr(rrule._iterinfo, "rebuild", counted)
    return count


def test_rules_whose_interval_never_lands_are_left_out_after_a_short_walk(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """dateutil walks such a rule to the year 9999 looking for a next occurrence (1-3 s an
    event); the probe walks 400 years of the rule's own steps."""
    from ladder.sources import calendar

    path = tmp_path / "never.ics"
    events = [
        event(f"n{i}", "Mentoring", "20261102T090000Z", r) for i, (r, _) in enumerate(NEVER_LANDS)
    ]
    path.write_text(ics(*events, WEEKLY), encoding="utf-8")
    walked = _walked(monkeypatch)
    cal = calendar.read_calendar(path)
    start = time.process_time()
    notes = calendar._bound_recurrences(path, cal, dt.date(2026, 11, 24))
    took = time.process_time() - start
    assert [n.split("): ", 1)[1] for n in notes] == [
        f"it repeats {every}, which never lands on a day its rule allows"
        for _, every in NEVER_LANDS
    ]
    assert [str(c.get("UID")) for c in cal.walk("VEVENT")] == ["weekly"]
    # about 400 years (4,800 months) a probe; walking to the year 9999 would be 95,000 months
    # for each of them
    assert walked[0] < 6_000 * len(NEVER_LANDS)
    assert took < 5 * FAST  # generous: about 0.5 s on a busy 2-core machine


@pytest.mark.parametrize("rule", LANDS)
def test_rules_with_an_interval_that_lands_are_kept_whole(rule: str, tmp_path: Path) -> None:
    import recurring_ical_events
    from dateutil.rrule import rrulestr

    from ladder.sources import calendar

    path = tmp_path / "lands.ics"
    path.write_text(ics(event("x", "Design review", "20260105T090000Z", rule)), encoding="utf-8")
    cal = calendar.read_calendar(path)
    assert calendar._bound_recurrences(path, cal, dt.date(2026, 11, 30)) == []
    window = (dt.date(2026, 1, 1), dt.date(2026, 12, 1))
    got = [e.get("DTSTART").dt for e in recurring_ical_events.of(cal).between(*window)]
    begin = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    expected = rrulestr(rule, dtstart=begin).between(
        begin, dt.datetime(2026, 12, 1, tzinfo=dt.UTC), inc=True
    )
    assert expected and sorted(got) == sorted({begin, *expected})  # DTSTART is always the first


def test_a_rule_dateutil_refuses_is_left_out_not_the_whole_file(cli: Any, tmp_path: Path) -> None:
    init(cli)
    cal = tmp_path / "odd.ics"
    odd = event("odd", "Design review", "20261102T090000Z", "FREQ=HOURLY;INTERVAL=24;BYHOUR=5")
    cal.write_text(ics(odd, WEEKLY), encoding="utf-8")
    r = cli("harvest", "calendar", str(cal), "--since", "2026-11-01")
    assert r.exit_code == 0, r.stderr
    assert "4 added" in r.stdout
    assert "left out 'Design review' (odd): its repeat rule cannot be expanded" in r.stderr


def test_the_file_budget_leaves_out_the_rest_and_names_them(
    tmp_path: Path, monkeypatch: Any
) -> None:
    from ladder.sources import calendar

    monkeypatch.setattr(calendar, "MAX_PER_FILE", 150)
    path = tmp_path / "many.ics"
    path.write_text(
        ics(*(event(f"e{n}", f"Sync #{n}", "20251201T100000Z", "FREQ=WEEKLY") for n in range(4))),
        encoding="utf-8",
    )
    cal = calendar.read_calendar(path)
    notes = calendar._bound_recurrences(path, cal, dt.date(2026, 11, 24))
    # 52 weeks each: the first two fit in 150, the third passes it
    assert [n.split(": ")[1] for n in notes] == [
        "left out 'Sync #2' (e2)",
        "left out 'Sync #3' (e3)",
    ]
    assert all("the rest were not expanded" in n for n in notes)
    assert sorted(str(c.get("UID")) for c in cal.walk("VEVENT")) == ["e0", "e1"]


@pytest.mark.parametrize(
    ("rule", "start", "fits"),
    [
        ("FREQ=WEEKLY;BYDAY=MO,WE", "20060101T090000Z", True),  # twenty years of a twice-weekly
        ("FREQ=MONTHLY;BYDAY=2TU", "19900101T090000Z", True),
        ("FREQ=DAILY", "19900101T090000Z", False),  # 13,000 days
        ("FREQ=HOURLY", "20250101T000000Z", False),  # 16,800 hours
        ("FREQ=MINUTELY;COUNT=100", "20260101T000000Z", True),  # a COUNT bounds it
        ("FREQ=SECONDLY;UNTIL=20260101T000100Z", "20260101T000000Z", True),  # so does UNTIL
        (
            "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23",
            "20260101T000000Z",
            True,
        ),  # 24 a day for a year: 8,760
    ],
)
def test_the_measure_of_a_rule_bounds_what_dateutil_would_walk(
    rule: str, start: str, fits: bool
) -> None:
    import icalendar

    from ladder.sources.calendar import MAX_PER_EVENT, _aware, _measure_rule

    vrecur = icalendar.vRecur.from_ical(rule)
    begin = _aware(icalendar.vDatetime.from_ical(start))
    end = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    size, _, _ = _measure_rule(vrecur, begin, end)
    assert (size <= MAX_PER_EVENT) is fits
    if fits:
        from dateutil.rrule import rrulestr

        occurrences = rrulestr(rule, dtstart=begin.replace(tzinfo=None), ignoretz=True)
        naive = end.replace(tzinfo=None)
        walked = sum(1 for _ in itertools.takewhile(lambda t: t < naive, occurrences))
        assert walked <= size  # an upper bound, never an underestimate


# -- text that is not UTF-8 ------------------------------------------------------------------------


BAD = "caf\udce9"  # "café" written in Latin-1: the byte 0xe9 reaches Python as \udce9


@pytest.mark.parametrize(
    "args",
    [
        ("log", BAD),
        ("log", "fine", "--impact", BAD),
        ("1on1", "add", "--with", BAD),
        ("goals", "add", BAD, "--track", "technical"),
        ("mentee", "add", BAD),
        ("learn", "add", BAD),
        ("entries", "--search", BAD),
        ("--home", BAD, "entries"),
    ],
    ids=lambda a: " ".join(x for x in a if x != BAD),
)
def test_arguments_that_are_not_utf8_are_refused_by_name(
    cli: Any, tmp_path: Path, args: tuple[str, ...]
) -> None:
    init(cli)
    before = snapshot(cli, tmp_path)
    r = cli(*args)
    clean_refusal(r, code=2)
    assert "is not valid text: byte 0xe9 at character 4 is not UTF-8" in r.stderr
    assert "'caf\\xe9'" in r.stderr
    assert snapshot(cli, tmp_path) == before


def test_the_refusal_names_the_option_the_bad_value_belongs_to(cli: Any) -> None:
    r = cli("1on1", "add", "--with", BAD)
    assert r.stderr.startswith("error: the argument after --with ('caf\\xe9') is not valid text")
    r = cli("1on1", "add", f"--with={BAD}")
    assert r.stderr.startswith("error: the value of --with (")


def test_stdin_that_is_not_utf8_is_refused_with_its_line(cli: Any, tmp_path: Path) -> None:
    init(cli)
    before = snapshot(cli, tmp_path)
    r = cli("1on1", "add", "--with", "Bob", "--notes", "-", input=f"went well\n{BAD}\n")
    clean_refusal(r)
    assert r.stderr.startswith("error: <stdin>:2: not valid text: byte 0xe9 at character 14")
    assert snapshot(cli, tmp_path) == before


def test_real_bytes_on_stdin_and_in_argv_of_a_real_process(tmp_path: Path) -> None:
    env = {"LADDER_HOME": str(tmp_path / "home"), "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}
    base = [sys.executable, "-m", "ladder"]
    full = {
        **{k: v for k, v in __import__("os").environ.items() if not k.startswith("LADDER_")},
        **env,
    }
    subprocess.run(
        [
            *base,
            "init",
            "--name",
            "Ada",
            "--email",
            "ada@example.com",
            "--level",
            "mid",
            "--target",
            "senior",
        ],
        env=full,
        check=True,
        capture_output=True,
    )
    notes = subprocess.run(
        [*base, "1on1", "add", "--with", "Bob", "--notes", "-"],
        env=full,
        input=b"good\ncaf\xe9\n",
        capture_output=True,
        timeout=60,
    )
    assert notes.returncode == 1
    assert notes.stderr.decode() == "error: <stdin>:2: byte 0xe9 at offset 8 is not UTF-8 text\n"
    arg = subprocess.run(
        [*base, "log", b"caf\xe9".decode("utf-8", "surrogateescape")],
        env=full,
        capture_output=True,
        timeout=60,
    )
    assert arg.returncode == 2
    assert b"Traceback" not in arg.stderr
    assert b"byte 0xe9 at character 4 is not UTF-8" in arg.stderr


def test_classify_jsonl_reports_a_deep_line_and_goes_on(cli: Any) -> None:
    init(cli)
    lines = "[" * 100_000 + "]" * 100_000 + "\n" + json.dumps("Wrote the design doc") + "\n"
    r = cli("classify", "evidence", "-", "--jsonl", input=lines)
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    first, second = (json.loads(x) for x in r.stdout.splitlines())
    assert first == {"input": 1, "error": "the JSON is nested more than 64 levels deep"}
    assert "error" not in second


# -- escape sequences never reach the terminal -----------------------------------------------------


def assert_no_controls(text: str) -> None:
    bad = [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]
    assert not bad, (bad, text)


def test_escape_sequences_in_typed_text_are_stripped_from_every_view(cli: Any) -> None:
    init(cli)
    r = cli("log", f"Fixed the cache {ESCAPES}bug", "--impact", f"p99 {ESCAPES}down")
    assert r.exit_code == 0, r.stderr
    for args in (("entries",), ("show", "1"), ("entries", "--json"), ("why", "1")):
        out = cli(*args)
        assert_no_controls(out.stdout + out.stderr)
    assert "Fixed the cache bug" in cli("entries").stdout  # whole sequences go, not just ESC
    (entry,) = json.loads(cli("entries", "--json").stdout)["entries"]
    assert entry["text"] == f"Fixed the cache {ESCAPES}bug"  # the data itself is kept


def test_escape_sequences_in_a_harvested_title_are_stripped_from_the_summary(
    cli: Any, tmp_path: Path
) -> None:
    init(cli)
    cal = tmp_path / "evil.ics"
    cal.write_text(
        ics(event("evil", f"1:1 Ada {ESCAPES}/ Bob", "20261116T100000Z")), encoding="utf-8"
    )
    r = cli("harvest", "calendar", str(cal), "--since", "2026-11-01")
    assert r.exit_code == 0, r.stderr
    assert "1:1 Ada / Bob" in r.stdout
    assert_no_controls(r.stdout + r.stderr)
    assert_no_controls(cli("show", "1").stdout)


def test_errors_quoting_typed_text_are_stripped_too(cli: Any) -> None:
    init(cli)
    r = cli("goals", "add", "x", "--track", f"tech{ESCAPES}")
    assert r.exit_code == 1
    assert_no_controls(r.stderr)


@given(st.text())
def test_clean_leaves_no_control_character(text: str) -> None:
    out = terminal.clean(text)
    assert_no_controls(out)
    out.encode("utf-8")  # and nothing that cannot be written


@given(
    st.lists(
        st.sampled_from(["a", " ", "\n", "\x1b", "[", "]", "0", ";", "m", "2J", "\x07", "\x9b"])
    ).map("".join)
)
def test_with_style_kept_only_colour_sequences_remain(text: str) -> None:
    import re

    out = terminal.clean(text, keep_style=True)
    assert_no_controls(re.sub(r"\x1b\[[0-9;:]{0,32}m", "", out))


def test_text_without_controls_is_left_alone() -> None:
    assert terminal.clean("Café — 1:1 with Bo\tdone\n") == "Café — 1:1 with Bo\tdone\n"


@given(st.text(min_size=1, max_size=200).filter(lambda t: t.strip() and "\x00" not in t))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_whatever_is_logged_shows_without_control_characters(
    cli: Any, home: Path, text: str
) -> None:
    """Any text a person can log prints, in every view, with no control character."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return
    if not (home / "ladder.db").exists():  # the workspace outlives one example
        init(cli)
    logged = cli("log", "--", text)
    if logged.exit_code != 0:
        assert "Traceback" not in logged.stderr
        return
    entry_id = json.loads(cli("entries", "--json", "--limit", "1").stdout)["entries"][0]["id"]
    for args in (("entries", "--limit", "1"), ("show", str(entry_id))):
        out = cli(*args)
        assert out.exit_code == 0, out.stderr
        assert_no_controls(out.stdout + out.stderr)


def test_the_log_confirmation_of_the_capture_path_is_clean(cli: Any) -> None:
    init(cli)
    r = cli("log", f"Shipped {ESCAPES}@perf")
    assert r.exit_code == 0
    assert_no_controls(r.stdout + r.stderr)
    assert TODAY.isoformat() in r.stdout


def test_an_error_message_is_clipped_in_the_middle_keeping_its_end() -> None:
    text = "start " + "x" * 10_000 + " the reason"
    out = terminal.clip(text)
    assert len(out) < 2100 and out.startswith("start ") and out.endswith(" the reason")


# -- import keeps the rules of the other ways in ---------------------------------------------------


def test_import_of_a_lone_surrogate_escape_is_refused_with_its_place(
    cli: Any, tmp_path: Path
) -> None:
    init(cli)
    exported = tmp_path / "x.json"
    assert cli("export", str(exported)).exit_code == 0
    text = exported.read_text(encoding="utf-8").replace('"name": "Ada"', '"name": "Ada\\udcff"')
    exported.write_text(text, encoding="utf-8")
    r = cli("import", str(exported))
    clean_refusal(r)
    assert "people[0].name: character 4 is a lone surrogate (\\udcff)" in r.stderr


def test_import_of_json_nested_100000_deep_is_refused_fast(cli: Any, tmp_path: Path) -> None:
    init(cli)
    deep = tmp_path / "deep.json"
    deep.write_text('{"format": "ladder-export", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    r, took = timed(cli, "import", str(deep))
    assert took < FAST
    clean_refusal(r)
    assert r.stderr == f"error: {deep}:1: the JSON is nested more than 64 levels deep\n"
    r = cli("import", "-", input=deep.read_text())
    clean_refusal(r)
    assert "<stdin>:1: the JSON is nested more than 64 levels deep" in r.stderr


def exported(cli: Any, tmp_path: Path) -> dict[str, Any]:
    init(cli)
    assert cli("log", "Led the design review", "--date", "2026-11-20").exit_code == 0
    assert (
        cli(
            "1on1", "add", "--with", "Bob", "--notes", "went well", "--date", "2026-11-20"
        ).exit_code
        == 0
    )
    assert (
        cli("goals", "add", "Write the SLO", "--track", "technical", "--month", "2026-11").exit_code
        == 0
    )
    path = tmp_path / "export.json"
    assert cli("export", str(path)).exit_code == 0
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (
            lambda d: d["one_on_ones"][0].update(notes="went\x00 well"),
            "one_on_ones[0].notes: the text contains a NUL",
        ),
        (
            lambda d: d["evidence"][0].update(date="9999-12-31"),
            "evidence[0]: the date 9999-12-31 reaches the year 9999",
        ),
        (
            lambda d: d["evidence"][0].update(date="2026-12-31"),
            "evidence[0]: the date 2026-12-31 is in the future",
        ),
        (
            lambda d: d["goals"][0].update(month="1800-01"),
            "goals[0].month: the month 1800-01 reaches the year 1800",
        ),
        (
            lambda d: d["goals"][0].update(month="2026-13"),
            "goals[0].month: the month '2026-13' is not a month",
        ),
        (
            lambda d: d["goals"][0].update(track="technicl"),
            "goals[0].track: unknown track 'technicl' (did you mean 'technical'?)",
        ),
        (
            lambda d: d["one_on_ones"][0].update(held_on="20261120"),
            "one_on_ones[0].held_on: the day '20261120' is not a date",
        ),
        (
            lambda d: d["one_on_ones"][0].update(with_name=" "),
            "one_on_ones[0].with_name: the name is empty",
        ),
        (lambda d: d["people"][0].update(name="x" * 500), "people[0]: the name is longer than 120"),
        (
            lambda d: d["harvest_state"].append(
                {
                    "person": d["people"][0]["uid"],
                    "source": "git",
                    "key": "k",
                    "value": "a\x00",
                    "updated_at": "2026-11-20T10:00:00Z",
                }
            ),
            "harvest_state[0].value: the text contains a NUL",
        ),
    ],
    ids=[
        "nul-note",
        "year-9999",
        "future-entry",
        "month-1800",
        "month-13",
        "track",
        "day-format",
        "empty-name",
        "long-name",
        "nul-state",
    ],
)
def test_import_refuses_what_the_commands_refuse_and_writes_nothing(
    cli: Any, tmp_path: Path, home: Path, tamper: Any, message: str
) -> None:
    data = exported(cli, tmp_path)
    tamper(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    fresh = {"LADDER_HOME": str(tmp_path / "other")}
    assert cli("init", "--name", "Bo", "--email", "bo@example.com", env=fresh).exit_code == 0
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    assert cli("export", str(before), env=fresh).exit_code == 0
    r = cli("import", str(bad), env=fresh)
    clean_refusal(r)
    assert message in r.stderr
    assert cli("export", str(after), env=fresh).exit_code == 0
    strip = lambda p: {k: v for k, v in json.loads(p.read_text()).items() if k != "exported_at"}  # noqa: E731
    assert strip(before) == strip(after)


def test_a_harvested_entry_dated_ahead_still_imports(cli: Any, tmp_path: Path) -> None:
    data = exported(cli, tmp_path)
    data["evidence"][0].update(date="2027-03-01", source="git", source_ref="git:abc")
    path = tmp_path / "ahead.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    r = cli("import", str(path), env={"LADDER_HOME": str(tmp_path / "other")})
    assert r.exit_code == 0, r.stderr


def test_a_limit_of_ten_to_the_23_is_a_usage_error(cli: Any) -> None:
    init(cli)
    r = cli("entries", "--limit", "99999999999999999999999")
    assert r.exit_code == 2
    assert "--limit" in r.stderr and "0<=x<=1000000" in r.stderr
    assert "database" not in r.stderr


def test_the_core_takes_any_limit_and_offset(cli: Any, home: Path, clock: Any) -> None:
    from ladder import evidence
    from ladder.workspace import Workspace

    init(cli)
    assert cli("log", "one").exit_code == 0
    with Workspace.open(home, env={}, clock=clock) as ws:
        found, total = ws.entries(evidence.Filter(limit=10**23))
        assert (len(found), total) == (1, 1)
        assert ws.entries(evidence.Filter(limit=10**23, offset=10**23))[0] == []
