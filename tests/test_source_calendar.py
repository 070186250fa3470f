"""The calendar source: .ics files written for these tests, real recurring-event expansion."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ladder.errors import InputError, LocatedError, NotFoundError
from ladder.evidence import Entry, Filter
from ladder.sources.calendar import CalendarSource, classify
from ladder.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "calendar"
WORK = FIXTURES / "work.ics"
MARCH = {"since": "2026-03-01", "until": "2026-03-31"}


def entries(ws: Workspace) -> dict[str, Entry]:
    found, _ = ws.entries(Filter(source="calendar", limit=None))
    return {e.source_ref or "": e for e in found}


def stored_text(ws: Workspace) -> str:
    from ladder.store.schema import metadata

    return "\n".join(repr(ws.store.query(f"SELECT * FROM {name}")) for name in metadata.tables)


def test_calendar_keeps_meetings_that_are_evidence_with_a_reason(ws: Workspace) -> None:
    summary = ws.harvest("calendar", files=[WORK], **MARCH)

    found = entries(ws)
    subkinds = sorted((e.occurred_on, e.data["subkind"], e.text) for e in found.values())
    assert subkinds == [
        ("2026-03-02", "one-on-one", "Ada / Grace 1:1"),
        ("2026-03-05", "interview", "Interview: backend engineer (system design)"),
        ("2026-03-06", "interview", "Phone screen - SRE"),
        ("2026-03-09", "one-on-one", "Ada / Grace 1:1"),
        ("2026-03-10", "design-review", "Design review: billing outbox"),
        ("2026-03-12", "talk", "Brown bag: distributed tracing in practice"),
        ("2026-03-13", "incident-review", "Postmortem review: checkout outage 2026-03-09"),
        ("2026-03-17", "one-on-one", "Sync with Bob"),
        ("2026-03-19", "mentoring", "Mentoring session with Sam"),
        ("2026-03-24", "one-on-one", "Ada / Grace 1:1 (moved)"),
        ("2026-03-30", "one-on-one", "Ada / Grace 1:1"),
    ]
    # skipped: 15 stand-ups, a holiday, a talk Ada declined, a cancelled interview, a team sync
    # with four people, and an event without DTSTART
    assert (summary.added, summary.skipped) == (11, 20)
    review = found["calendar:design-review-outbox@acme.example"]
    assert review.kind == "meeting" and review.tags == ("design-review",)
    assert review.data == {
        "subkind": "design-review",
        "reason": "title mentions 'design review'",
        "start": "2026-03-10T16:00:00Z",
        "end": "2026-03-10T17:00:00Z",
        "minutes": 60,
        "all_day": False,
        "attendees": 3,
        "recurring": False,
    }
    assert found["calendar:sync-bob@acme.example"].data["reason"] == (
        "title mentions 'sync' and there are 2 attendees"
    )
    assert [(a.area, a.origin) for a in found["calendar:interview-4411@acme.example"].areas] == [
        ("mentorship", "source")
    ]


def test_calendar_stores_only_title_time_and_attendee_count(ws: Workspace) -> None:
    ws.harvest("calendar", files=[WORK], **MARCH)
    text = stored_text(ws)
    for private in (
        "promotion packet",
        "Room 4.12",
        "Do not forward",
        "grace@example.com",
        "candidate@elsewhere.example",
        "Grace Hopper",
        "recruiting@example.com",
    ):
        assert private not in text


def test_calendar_expands_a_weekly_1on1_with_an_exdate_and_a_moved_instance(ws: Workspace) -> None:
    ws.harvest("calendar", files=[WORK], **MARCH)
    refs = sorted(
        r for r in entries(ws) if r.startswith("calendar:weekly-1on1-grace@acme.example@")
    )
    assert [r.rsplit("@", 1)[1] for r in refs] == [
        "2026-03-02T09:30:00Z",  # GMT
        "2026-03-09T09:30:00Z",
        # 16 March is an EXDATE
        "2026-03-23T09:30:00Z",  # the slot of the instance moved to the 24th keeps its identity
        "2026-03-30T08:30:00Z",  # BST: still 09:30 in London
    ]
    moved = entries(ws)["calendar:weekly-1on1-grace@acme.example@2026-03-23T09:30:00Z"]
    assert moved.occurred_on == "2026-03-24" and moved.data["start"] == "2026-03-24T14:00:00Z"
    assert moved.data["recurring"] is True


def test_calendar_harvest_twice_adds_nothing_and_keeps_edits(ws: Workspace) -> None:
    ws.harvest("calendar", files=[WORK], **MARCH)
    mine = entries(ws)["calendar:mentoring-sam@acme.example"]
    ws.edit(mine.id, text="Mentored Sam through his first design doc")

    again = ws.harvest("calendar", files=[WORK], **MARCH)

    assert (again.added, again.updated, again.unchanged) == (0, 0, 11)
    assert entries(ws)["calendar:mentoring-sam@acme.example"].text.startswith("Mentored Sam")


def test_calendar_time_zones_aware_floating_and_all_day(ws: Workspace) -> None:
    summary = ws.harvest(
        "calendar", files=[FIXTURES / "timezones.ics"], since="2026-05-01", until="2026-05-31"
    )
    found = {
        e.source_ref: (e.occurred_on, e.data["start"], e.data["subkind"], e.data["all_day"])
        for e in entries(ws).values()
    }
    assert found == {
        # floating time: kept as written, the day it says
        "calendar:floating-1on1@example.com": (
            "2026-05-04",
            "2026-05-04T23:30:00",
            "one-on-one",
            False,
        ),
        "calendar:utc-interview@example.com": (
            "2026-05-04",
            "2026-05-04T23:30:00Z",
            "interview",
            False,
        ),
        # 08:00 in Tokyo is the day before in UTC: the day is Tokyo's
        "calendar:tokyo-talk@example.com": ("2026-05-06", "2026-05-05T23:00:00Z", "talk", False),
        # an Outlook time zone defined in the file itself
        "calendar:040000008200E00074C5B7101A82E00800000000D0F1": (
            "2026-05-07",
            "2026-05-07T08:00:00Z",
            "design-review",
            False,
        ),
        "calendar:allday-retro@example.com": ("2026-05-08", "2026-05-08", "incident-review", True),
    }
    assert summary.skipped == 1  # a sprint retro is not an incident review


def test_calendar_default_window_is_the_last_365_days(ws: Workspace, tmp_path: Path) -> None:
    today = ws.clock.today()

    def event(uid: str, day: dt.date) -> str:
        return (
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:Interview loop\r\n"
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}\r\nEND:VEVENT\r\n"
        )

    ics = tmp_path / "recent.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
        + event("old", today - dt.timedelta(days=400))
        + event("recent", today - dt.timedelta(days=10))
        + event("future", today + dt.timedelta(days=5))
        + "END:VCALENDAR\r\n"
    )
    ws.harvest("calendar", files=[ics])
    assert set(entries(ws)) == {"calendar:recent"}


def test_calendar_malformed_file_names_the_line_and_writes_nothing(ws: Workspace) -> None:
    with pytest.raises(LocatedError) as err:
        ws.harvest("calendar", files=[WORK, FIXTURES / "malformed.ics"], **MARCH)
    assert err.value.line == 7 and err.value.path.endswith("malformed.ics")
    assert "is not a NAME:VALUE line" in err.value.message
    with pytest.raises(LocatedError) as err:
        ws.harvest("calendar", files=[FIXTURES / "unclosed.ics"], **MARCH)
    assert err.value.line == 13 and "closes BEGIN:VEVENT of line 9" in err.value.message
    assert entries(ws) == {}  # the good file given first was not written either


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n", "not an iCalendar file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"", "it is empty"),
    ],
    ids=["vcard", "png", "empty"],
)
def test_calendar_refuses_what_is_not_a_calendar(
    tmp_path: Path, content: bytes, message: str
) -> None:
    from ladder.sources.calendar import read_calendar

    path = tmp_path / "calendar.ics"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_calendar(path)


def test_calendar_missing_file_and_folder(tmp_path: Path) -> None:
    from ladder.sources.calendar import read_calendar

    with pytest.raises(NotFoundError, match="no such file"):
        read_calendar(tmp_path / "nope.ics")
    with pytest.raises(InputError, match="is a directory"):
        read_calendar(tmp_path)


def test_calendar_skips_and_counts_events_whose_start_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "odd.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\n"
        "BEGIN:VEVENT\nUID:a\nSUMMARY:Design review\nDTSTART:2026garbage\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:b\nSUMMARY:Design review\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:c\nSUMMARY:Design review\nDTSTART:20260310T100000Z\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    from ladder.source import HarvestContext, Identity

    ctx = HarvestContext(
        identity=Identity("Ada"),
        since=dt.date(2026, 3, 1),
        until=dt.date(2026, 3, 31),
        env={},
        cursor={},
        progress=lambda *_: None,
        home=str(tmp_path),
    )
    batches = list(CalendarSource().harvest(ctx, files=[path]))
    assert [i.source_ref for b in batches for i in b.items] == ["calendar:c"]
    assert sum(b.skipped for b in batches) == 2


@pytest.mark.parametrize(
    ("title", "attendees", "subkind", "reason"),
    [
        ("Ada <> Grace 1:1", 2, "one-on-one", "title mentions '1:1'"),
        ("1on1 Ada/Sam", 5, "one-on-one", "title mentions '1on1'"),
        ("Weekly one-on-one", 0, "one-on-one", "title mentions 'one-on-one'"),
        (
            "Catch up with Linus",
            2,
            "one-on-one",
            "title mentions 'catch up' and there are 2 attendees",
        ),
        ("Catch up with Linus", 3, None, "no rule matches the title"),
        ("Onsite: backend loop", 4, "interview", "title mentions 'onsite'"),
        ("Hiring debrief - SRE", 6, "interview", "title mentions 'hiring debrief'"),
        ("Architecture review: search", 8, "design-review", "title mentions 'architecture review'"),
        ("RFC Review — sharding", 8, "design-review", "title mentions 'rfc review'"),
        ("Lunch & learn: eBPF", 30, "talk", "title mentions 'lunch & learn'"),
        ("Tech Talk: CRDTs", 40, "talk", "title mentions 'tech talk'"),
        ("Post-mortem: DNS outage", 9, "incident-review", "title mentions 'post-mortem'"),
        ("Incident review SEV1", 9, "incident-review", "title mentions 'incident review'"),
        ("SEV2 retro", 9, "incident-review", "title mentions 'sev2 retro'"),
        ("Sprint retro", 9, None, "no rule matches the title"),
        ("Mentorship: Sam", 2, "mentoring", "title mentions 'mentorship'"),
        ("Sprint planning", 9, None, "no rule matches the title"),
        ("Q3 2026-1-15 review", 3, None, "no rule matches the title"),
    ],
)
def test_calendar_rules(title: str, attendees: int, subkind: str | None, reason: str) -> None:
    verdict = classify(title, attendees)
    assert (verdict.subkind, verdict.reason) == (subkind, reason)


def test_calendar_status_is_always_ready() -> None:
    status = CalendarSource().status({})
    assert status.configured and status.detail == "reads .ics files"


def test_calendar_cli(cli) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--name", "Ada Lovelace", "--email", "ada@example.com")
    result = cli(
        "harvest", "calendar", str(WORK), "--since", "2026-03-01", "--until", "2026-03-31", "--json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["added"], data["skipped"]) == (11, 20)
    bad = cli("harvest", "calendar", str(FIXTURES / "malformed.ics"))
    assert bad.exit_code == 1
    assert bad.stderr.startswith("error: ") and "malformed.ics:7: malformed calendar" in bad.stderr
