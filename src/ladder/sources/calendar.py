"""Calendar (.ics): the meetings that are evidence — 1:1s, interviews, design reviews, talks,
incident reviews and mentoring sessions.

Each event in the window (recurring events expanded, one item per occurrence) is recognised by
keyword rules on its title, first match wins; the rule that matched is kept as the reason
(``title mentions 'design review'``). Everything else — stand-ups, planning, holidays — is
skipped and counted. Cancelled events and events the person declined are skipped too.

Only the title, the time and the number of attendees are stored: never the description, the
location, the organiser or anyone's email address. Documented in ``docs/sources/calendar.md``.
"""

import datetime as dt
import hashlib
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from ladder.errors import InputError, LocatedError, NotFoundError
from ladder.source import AreaHint, Batch, HarvestContext, Item, Source, SourceStatus

if TYPE_CHECKING:
    import typer

#: Without --since / --until: the last year, up to today.
DEFAULT_WINDOW = dt.timedelta(days=365)
BATCH_SIZE = 200
MAX_BYTES = 64 * 1024 * 1024
#: Properties the expansion needs; an event where one of them does not parse is skipped.
TIME_PROPERTIES = {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
#: Occurrences one recurring event may have from its first one to the end of the window. The
#: expander walks a rule from its start, so a rule that repeats every second since last year
#: would be tens of millions of steps; a weekly 1:1 over twenty years is about a thousand.
MAX_PER_EVENT = 10_000
#: The same, for all the recurring events of one file together (a probe for a rule that may
#: match no day at all counts :data:`PROBE_COST`; one for a rule whose INTERVAL may never land
#: on such a day, the steps it walked).
MAX_PER_FILE = 200_000
PROBE_COST = 4_000
#: Seconds in one step of each frequency (a month counts short, a year long enough).
_STEP = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86400,
    "WEEKLY": 7 * 86400,
    "MONTHLY": 28 * 86400,
    "YEARLY": 365 * 86400,
}
_UNIT = {
    "SECONDLY": "second",
    "MINUTELY": "minute",
    "HOURLY": "hour",
    "DAILY": "day",
    "WEEKLY": "week",
    "MONTHLY": "month",
    "YEARLY": "year",
}


@dataclass(frozen=True)
class Rule:
    """A keyword rule: the subkind it gives and the pattern it looks for in the title."""

    subkind: str
    pattern: re.Pattern[str]
    two_people: bool = False  # only when the meeting has exactly two attendees


def _rx(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


#: In order: the first rule that matches decides.
RULES: tuple[Rule, ...] = (
    Rule(
        "incident-review",
        _rx(
            r"post[- ]?mortem|incident (?:review|retro(?:spective)?|debrief|analysis)|outage review"
            r"|\b(?:incident|outage|sev ?\d)\b.*\bretro(?:spective)?\b"
            r"|\bretro(?:spective)?\b.*\b(?:incident|outage|sev ?\d)\b"
        ),
    ),
    Rule(
        "interview",
        _rx(
            r"\binterview(?:s|ing)?\b|\bphone[- ]screen\b|\btech(?:nical)? screen\b|\bon-?site\b"
            r"|\bhiring (?:debrief|panel|committee)\b|\bcandidate debrief\b"
        ),
    ),
    Rule(
        "design-review",
        _rx(
            r"\bdesign (?:review|critique)\b|\b(?:rfc|adr|architecture|arch|technical design|tech design) review\b"
        ),
    ),
    Rule("mentoring", _rx(r"\bmentor(?:ing|ship)?\b|\bmentee\b|\bcoaching\b")),
    Rule(
        "talk",
        _rx(
            r"\btech talk\b|\bbrown ?bag\b|\blunch (?:and|&|n) learn\b|\btalk\b|\bpresentation\b"
            r"|\bpresenting\b"
        ),
    ),
    Rule(
        "one-on-one",
        _rx(
            r"(?<![\w:])1\s?:\s?1(?![\w:])|(?<![\w-])1-1(?![\w-])|\b1on1\b|\b1-on-1\b"
            r"|\bone[- ]on[- ]one\b|\bone[- ]to[- ]one\b"
        ),
    ),
    Rule(
        "one-on-one",
        _rx(r"\bsync\b|\bcatch[- ]?up\b|\bcheck[- ]?in\b|\bchat\b|<>"),
        two_people=True,
    ),
)

SUBKIND_LABELS = {
    "one-on-one": "1:1",
    "interview": "interview",
    "design-review": "design review",
    "talk": "talk",
    "incident-review": "incident review",
    "mentoring": "mentoring session",
}

_HINTS: dict[str, tuple[str, str, float, str]] = {
    "interview": ("mentorship", "mentorship.hiring", 0.8, "an interview: taking part in hiring"),
    "design-review": (
        "system-design",
        "system-design.design-docs",
        0.5,
        "a design review: designs discussed and defended",
    ),
    "talk": ("communication", "communication.talks-posts", 0.5, "a talk or brown bag"),
    "incident-review": (
        "operations",
        "operations.incidents-rca",
        0.6,
        "an incident review: root-cause analysis of a production problem",
    ),
    "mentoring": ("mentorship", "mentorship.mentoring", 0.8, "a mentoring session"),
    "one-on-one": (
        "career",
        "career.conversations",
        0.4,
        "a 1:1, where career conversations and mentoring happen",
    ),
}


@dataclass(frozen=True)
class Verdict:
    """Whether an event is evidence, and why."""

    subkind: str | None
    reason: str


def classify(title: str, attendees: int) -> Verdict:
    """Recognise an event by its title (and, for "sync with X", its two attendees).

    Example:
        >>> classify("Design review: billing outbox", 3)
        Verdict(subkind='design-review', reason="title mentions 'design review'")
    """
    for rule in RULES:
        m = rule.pattern.search(title)
        if not m:
            continue
        words = " ".join(m.group(0).lower().split())
        if rule.two_people:
            if attendees == 2:
                return Verdict(rule.subkind, f"title mentions '{words}' and there are 2 attendees")
            continue
        return Verdict(rule.subkind, f"title mentions '{words}'")
    return Verdict(None, "no rule matches the title")


# -- reading ----------------------------------------------------------------------------------
def read_calendar(path: Path) -> Any:
    """Read and parse an .ics file, refusing what is not a calendar with a clear message.

    Raises:
        NotFoundError: The file does not exist.
        InputError: Not a calendar (binary, another format, a directory).
        LocatedError: A malformed calendar, with the line where icalendar or the structure
            check found the problem.
    """
    import icalendar

    name = str(path)
    if not path.exists():
        raise NotFoundError(f"no such file: {name}")
    if path.is_dir():
        raise InputError(f"{name} is a directory; pass an .ics file exported from your calendar")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{name} is {size / 1024 / 1024:.0f} MB; calendars over 64 MB are refused"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
    if b"\x00" in raw[:8192]:
        raise InputError(f"{name} is not a calendar: it is binary data, not iCalendar text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(
                f"{name} is not a calendar: byte {exc.start} is not UTF-8 text"
            ) from None
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first.upper() != "BEGIN:VCALENDAR":
        shown = first[:40] + ("…" if len(first) > 40 else "")
        raise InputError(
            f"{name} is not an iCalendar file: it should start with BEGIN:VCALENDAR"
            + (f", not {shown!r}" if shown else " but it is empty"),
            hint="export the calendar as .ics (Google Calendar: Settings → Import & export; "
            "Outlook: Save calendar)",
        )
    _check_structure(name, text)
    try:
        return icalendar.Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError) as exc:
        message = str(exc).split("\n")[0]
        raise LocatedError(
            name, _line_of(text, message), f"malformed calendar: {message}"
        ) from None


def _check_structure(name: str, text: str) -> None:
    """Every BEGIN has its END and every line is ``NAME[;PARAM=…]:VALUE``; say where not."""
    stack: list[tuple[str, int]] = []
    content = re.compile(r"^[A-Za-z0-9-]+(;[^:]*)?:")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line[0] in " \t":  # blank, or a folded continuation
            continue
        if not content.match(line):
            raise LocatedError(
                name, number, f"malformed calendar: {line[:60]!r} is not a NAME:VALUE line"
            )
        key, _, value = line.partition(":")
        key = key.split(";")[0].upper()
        if key == "BEGIN":
            stack.append((value.strip().upper(), number))
        elif key == "END":
            ended = value.strip().upper()
            if not stack:
                raise LocatedError(name, number, f"malformed calendar: END:{ended} without a BEGIN")
            opened, at = stack.pop()
            if opened != ended:
                raise LocatedError(
                    name,
                    number,
                    f"malformed calendar: END:{ended} closes BEGIN:{opened} of line {at}",
                )
    if stack:
        opened, at = stack[-1]
        raise LocatedError(
            name, at, f"malformed calendar: BEGIN:{opened} is never closed (END:{opened} missing)"
        )


def _line_of(text: str, message: str) -> int | None:
    """The line a parser message quotes, if it quotes one."""
    for quoted in re.findall(r"'([^']{4,})'", message):
        for number, line in enumerate(text.splitlines(), start=1):
            if quoted in line:
                return number
    return None


# -- the source -------------------------------------------------------------------------------
class CalendarSource(Source):
    """Meetings that are evidence, from exported .ics calendars."""

    name = "calendar"
    title = "1:1s, interviews, reviews and talks from .ics files"

    def status(self, env: Mapping[str, str]) -> SourceStatus:
        """Always available: it reads the files you give it."""
        return SourceStatus(True, "reads .ics files")

    def register_commands(self, harvest: "typer.Typer") -> None:
        """Add ``ladder harvest calendar``."""
        import typer

        from ladder.cli.app import JsonOption
        from ladder.cli.harvest import SinceOption, UntilOption, run_harvest

        source = self

        @harvest.command("calendar")
        def calendar(
            ctx: typer.Context,
            files: Annotated[
                list[Path],
                typer.Argument(
                    help="One or more .ics files exported from your calendar.", show_default=False
                ),
            ],
            since: SinceOption = None,
            until: UntilOption = None,
            as_json: JsonOption = False,
        ) -> None:
            """Harvest 1:1s, interviews, design reviews, talks and incident reviews from .ics files.

            Recurring events are expanded; without --since/--until the last 365 days are read.
            An event that repeats too often to expand (every second, say) is left out and named.
            Only titles, times and attendee counts are kept.

            Example: [bold]ladder harvest calendar ~/Downloads/work.ics --since 2026-01-01[/bold]
            """
            run_harvest(ctx, source, since=since, until=until, as_json=as_json, files=files)

    def harvest(self, ctx: HarvestContext, **options: Any) -> Iterator[Batch]:
        """Parse every file first (a broken one stops the harvest before anything is written),
        then expand, recognise and yield the occurrences in batches."""
        files = [Path(f) for f in (options.get("files") or [])]
        if options.get("file"):
            files.append(Path(options["file"]))
        if not files:
            raise InputError("no calendar file given: ladder harvest calendar FILE.ics")
        until = ctx.until or ctx.clock.today()
        since = ctx.since or (until - DEFAULT_WINDOW)
        parsed = [(f, read_calendar(f)) for f in files]
        emails = {e.lower() for e in ctx.identity.emails}
        for path, cal in parsed:
            yield from self._file(ctx, path, cal, since, until, emails)

    def _file(
        self,
        ctx: HarvestContext,
        path: Path,
        cal: Any,
        since: dt.date,
        until: dt.date,
        emails: set[str],
    ) -> Iterator[Batch]:
        import recurring_ical_events

        skipped = 0
        kept = []
        for component in cal.subcomponents:
            if getattr(component, "name", None) != "VEVENT":
                kept.append(component)
                continue
            broken = {str(name).upper() for name, _ in getattr(component, "errors", [])}
            if component.get("DTSTART") is None or broken & TIME_PROPERTIES:
                skipped += 1  # no usable start: nothing to place on a day
                continue
            kept.append(component)
        cal.subcomponents[:] = kept
        notes = _bound_recurrences(path, cal, until)
        recurring = {
            str(c.get("UID"))
            for c in kept
            if getattr(c, "name", None) == "VEVENT"
            and (
                c.get("RRULE") is not None
                or c.get("RDATE") is not None
                or c.get("RECURRENCE-ID") is not None
            )
        }
        try:
            occurrences = list(
                recurring_ical_events.of(cal).between(since, until + dt.timedelta(days=1))
            )
        except Exception as exc:  # the expander has many ways to fail on odd data
            raise InputError(
                f"{path}: cannot expand the events: {type(exc).__name__}: {exc}"
            ) from None
        total = len(occurrences)
        batch = Batch(skipped=skipped, notes=notes)
        for n, event in enumerate(occurrences, start=1):
            ctx.progress(f"calendar: {path.name}", n, total)
            item = self._occurrence(event, recurring, since, until, emails)
            if item is None:
                batch.skipped += 1
            else:
                batch.items.append(item)
            if len(batch.items) >= BATCH_SIZE:
                yield batch
                batch = Batch()
        if batch.items or batch.skipped or batch.notes:
            yield batch

    def _occurrence(
        self, event: Any, recurring: set[str], since: dt.date, until: dt.date, emails: set[str]
    ) -> Item | None:
        start = event.get("DTSTART").dt
        day = start.date() if isinstance(start, dt.datetime) else start
        if not (since <= day <= until):
            return None
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            return None
        people, declined = _attendees(event, emails)
        if declined:
            return None
        title = " ".join(str(event.get("SUMMARY") or "").split())
        if not title:
            return None
        verdict = classify(title, people)
        if verdict.subkind is None:
            return None
        end = _end(event, start)
        uid = str(event.get("UID") or "").strip()
        if uid in recurring:
            original = event.get("RECURRENCE-ID")
            ref = f"calendar:{uid}@{_iso(original.dt if original is not None else start)}"
        elif uid:
            ref = f"calendar:{uid}"
        else:
            digest = hashlib.sha256(f"{title}\x1f{_iso(start)}".encode()).hexdigest()[:16]
            ref = f"calendar:no-uid-{digest}@{_iso(start)}"
        data: dict[str, Any] = {
            "subkind": verdict.subkind,
            "reason": verdict.reason,
            "start": _iso(start),
            "all_day": not isinstance(start, dt.datetime),
            "attendees": people,
            "recurring": uid in recurring,
        }
        if end is not None:
            data["end"] = _iso(end)
            if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
                data["minutes"] = int((end - start).total_seconds() // 60)
        area, expectation, confidence, why = _HINTS[verdict.subkind]
        return Item(
            source_ref=ref,
            kind="meeting",
            occurred_on=day,
            title=title[:200],
            tags=[verdict.subkind],
            data=data,
            areas=[
                AreaHint(
                    area=area,
                    expectation=expectation,
                    confidence=confidence,
                    reason=f"{why} ({verdict.reason})",
                )
            ],
        )


# -- bounding the expansion --------------------------------------------------------------------
def _bound_recurrences(path: Path, cal: Any, until: dt.date) -> list[str]:
    """Leave out the recurring events whose expansion would not end in reasonable time.

    The expander (dateutil under recurring-ical-events) walks each rule from the event's first
    occurrence, and builds every occurrence it meets in the window. Before it runs, each rule
    is measured: an upper bound on its occurrences from its start to the end of the window
    (or its UNTIL, or its COUNT) must stay within :data:`MAX_PER_EVENT`, and all of a file's
    within :data:`MAX_PER_FILE`. A rule whose day filters can match no day at all
    (``BYMONTH=2;BYMONTHDAY=30``) would be walked up to the year 9999; it is found by a short
    probe and left out too. Every event left out is named in a note.

    Returns:
        The notes, one per event left out.
    """
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time()).replace(tzinfo=dt.UTC)
    budget = MAX_PER_FILE
    cut: dict[str, str] = {}  # UID → why
    for component in cal.subcomponents:
        if getattr(component, "name", None) != "VEVENT" or component.get("RRULE") is None:
            continue
        if component.get("RECURRENCE-ID") is not None:
            continue  # a moved occurrence: its series decides
        uid = str(component.get("UID") or "")
        found = component.get("RRULE")
        rules = found if isinstance(found, list) else [found]
        first = component.get("DTSTART").dt
        start = _aware(first)
        why = None
        for rule in rules:
            size, every, starving = _measure_rule(rule, start, end)
            if (problem := _unreadable(rule, first)) is not None:
                why = f"its repeat rule cannot be expanded: {problem}"
                break
            steps = _probe_steps(rule)
            if starving or steps:
                if budget < PROBE_COST + steps:
                    why = _OVER_BUDGET
                    break
                if _matches_no_day(rule):  # a probe that finds nothing walked 400 years
                    budget -= PROBE_COST
                    why = "its repeat rule matches no day at all"
                    break
                if steps and _lands_on_no_day(rule, first):  # 400 years of its steps
                    budget -= steps
                    why = f"it repeats {every}, which never lands on a day its rule allows"
                    break
            budget -= min(size, MAX_PER_EVENT + 1)
            if size > MAX_PER_EVENT:
                why = (
                    f"it repeats {every} from {start.date().isoformat()}: more than "
                    f"{MAX_PER_EVENT:,} occurrences up to {until.isoformat()}"
                )
                break
            if budget < 0:
                why = _OVER_BUDGET
                break
        if why is not None:
            title = " ".join(str(component.get("SUMMARY") or "").split()) or "(no title)"
            cut.setdefault(
                uid, f"{path.name}: left out {_short(title)!r} ({uid or 'no UID'}): {why}"
            )
    if not cut:
        return []
    cal.subcomponents[:] = [
        c
        for c in cal.subcomponents
        if getattr(c, "name", None) != "VEVENT" or str(c.get("UID") or "") not in cut
    ]
    return list(cut.values())


_OVER_BUDGET = (
    f"the file's recurring events come to more than {MAX_PER_FILE:,} occurrences; "
    "this one and the rest were not expanded"
)


def _measure_rule(rule: Any, start: dt.datetime, end: dt.datetime) -> tuple[int, str, bool]:
    """An upper bound on the occurrences of ``rule`` from ``start`` to ``end``, the rule's
    pace in words, and whether its day filters could match no day at all."""
    freq = str((rule.get("FREQ") or ["YEARLY"])[0]).upper()
    step = _STEP.get(freq, 1)
    interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
    stop = end
    for value in rule.get("UNTIL") or []:
        stop = min(stop, _aware(value))
    span = max(0.0, (stop - start).total_seconds())
    steps = int(span // (step * interval)) + 1

    def many(key: str) -> int:
        return len(rule.get(key) or []) or 1

    weekdays = [str(d).lstrip("+-") for d in rule.get("BYDAY") or []]
    nth = any(d[:1].isdigit() for d in weekdays)
    # Days one month can give: each month day once, each weekday up to five times (once as
    # "2TU").
    in_month = len(rule.get("BYMONTHDAY") or []) + sum(
        1 if d[:1].isdigit() else 5 for d in weekdays
    )
    days = 1
    if freq == "WEEKLY":
        days = many("BYDAY")
    elif freq == "MONTHLY" and in_month:
        days = min(in_month, 31)
    elif freq == "YEARLY":
        if rule.get("BYYEARDAY"):
            days = many("BYYEARDAY")
        elif rule.get("BYWEEKNO"):
            days = 7 * many("BYWEEKNO")
        elif in_month:
            days = (len(rule.get("BYMONTH") or []) or 12) * min(in_month, 31)
        else:
            days = many("BYMONTH")
        days = min(days, 366)
    times = {"SECONDLY": (), "MINUTELY": ("BYSECOND",), "HOURLY": ("BYMINUTE", "BYSECOND")}.get(
        freq, ("BYHOUR", "BYMINUTE", "BYSECOND")
    )
    size = steps * days
    for key in times:
        size *= many(key)
    for value in rule.get("COUNT") or []:
        size = min(size, int(value))
    starving = nth or any(rule.get(k) for k in ("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS"))
    unit = _UNIT.get(freq, "step")
    pace = f"every {interval} {unit}s" if interval > 1 else f"every {unit}"
    return size, pace, starving


def _matches_no_day(rule: Any) -> bool:
    """True when the rule's day filters match no day in 400 years, so in none ever (the
    Gregorian calendar repeats every 400 years). Probed late in the calendar, so the walk
    stops at the year 9999 after at most 400 steps."""
    from dateutil.rrule import rrulestr

    probe = {k: v for k, v in rule.items() if k.upper() in _DAY_FILTERS}
    text = ";".join(
        ["FREQ=YEARLY", "COUNT=1"]
        + [f"{k.upper()}={','.join(str(x) for x in v)}" for k, v in probe.items()]
    )
    try:
        found = next(iter(rrulestr(text, dtstart=dt.datetime(9599, 1, 1))), None)
    except (ValueError, TypeError, OverflowError):
        return True  # a rule dateutil cannot read has no day to give either
    return found is None


_DAY_FILTERS = {"BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYSETPOS", "WKST"}
#: Steps of each frequency in 400 years: the Gregorian calendar's cycle (146,097 days, a
#: whole number of weeks), after which every date falls on the same weekday again.
_CYCLE = {
    "YEARLY": 400,
    "MONTHLY": 4_800,
    "WEEKLY": 20_871,
    "DAILY": 146_097,
    "HOURLY": 146_097 * 24,
    "MINUTELY": 146_097 * 1_440,
    "SECONDLY": 146_097 * 86_400,
}


def _rule_text(rule: Any, **parts: Any) -> str:
    """The rule as RRULE text, with ``parts`` replacing (or, as None, removing) its own."""
    from icalendar import vRecur

    text: Any = vRecur({str(k).upper(): v for k, v in rule.items()})
    for key, value in parts.items():
        if value is None:
            text.pop(key, None)
        else:
            text[key] = [value]
    return str(text.to_ical().decode())


def _wall(value: Any) -> dt.datetime:
    """A start as dateutil walks it: the wall-clock time in its own zone (a day at midnight)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time())


def _unreadable(rule: Any, first: Any) -> str | None:
    """dateutil's reason when it refuses the rule (``FREQ=HOURLY;INTERVAL=24;BYHOUR=5`` starting
    at 09:00 can never give an hour), else None. Building a rule walks nothing."""
    from dateutil.rrule import rrulestr

    try:
        rrulestr(_rule_text(rule, UNTIL=None, COUNT=None), dtstart=_wall(first))
    except (ValueError, TypeError, OverflowError) as exc:
        return str(exc).rstrip(".") or type(exc).__name__
    return None


def _interval(rule: Any) -> tuple[str, int, int]:
    """The rule's frequency, its INTERVAL, and the part of the INTERVAL the calendar's cycle
    sees (their greatest common divisor)."""
    freq = str((rule.get("FREQ") or ["YEARLY"])[0]).upper()
    interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
    return freq, interval, math.gcd(interval, _CYCLE.get(freq, 1))


def _probe_steps(rule: Any) -> int:
    """The steps :func:`_lands_on_no_day` walks when it finds nothing, or 0 when the INTERVAL
    cannot keep the rule off the days its filters allow. It can only when it shares a factor
    with the calendar's cycle (every 7th day is always the same weekday; every 12th month the
    same month); other intervals reach every date of the cycle in time."""
    freq, _, common = _interval(rule)
    return _CYCLE.get(freq, 1) // common if common > 1 else 0


def _lands_on_no_day(rule: Any, first: Any) -> bool:
    """True when the rule's steps never land on a day (or time) its filters allow:
    ``FREQ=DAILY;INTERVAL=7;BYDAY=TU`` from a Monday. dateutil would walk such a rule to the
    year 9999 looking for a next occurrence (seconds per event).

    Dates repeat every 400 years, and steps of INTERVAL reach the same dates of that cycle as
    steps of its common divisor with the cycle. So the probe is the rule with that divisor as
    INTERVAL, moved by whole steps (months and years: by whole cycles, which keep the day of
    the month) to start about 400 years before the year 9999: if it finds nothing by then, the
    rule never will. That is a walk of 400 years instead of 8,000.
    """
    from dateutil.rrule import rrulestr

    freq, _, common = _interval(rule)
    if common <= 1:
        return False
    start = _wall(first)
    target = dt.datetime(9_599, 1, 1)
    seconds = _STEP[freq] * common if freq not in ("MONTHLY", "YEARLY") else 0
    if seconds:
        late = start + (target - start) // dt.timedelta(seconds=seconds) * dt.timedelta(
            seconds=seconds
        )
    else:
        late = start.replace(year=start.year + (target.year - start.year) // 400 * 400)
    text = _rule_text(rule, INTERVAL=common, COUNT=1, UNTIL=None)
    try:
        found = next(iter(rrulestr(text, dtstart=late)), None)
    except (ValueError, TypeError, OverflowError):
        return True
    return found is None


def _aware(value: Any) -> dt.datetime:
    """A start, an UNTIL: as an aware datetime (floating times and days taken as UTC)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(value, dt.time()).replace(tzinfo=dt.UTC)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _attendees(event: Any, emails: set[str]) -> tuple[int, bool]:
    """How many people (attendees and the organiser), and whether the person declined."""
    found = event.get("ATTENDEE")
    values = found if isinstance(found, list) else ([found] if found is not None else [])
    people: set[str] = set()
    declined = False
    for value in values:
        address = _address(value)
        if not address:
            continue
        people.add(address)
        partstat = str(getattr(value, "params", {}).get("PARTSTAT", "")).upper()
        if address in emails and partstat == "DECLINED":
            declined = True
    organizer = _address(event.get("ORGANIZER"))
    if people and organizer:
        people.add(organizer)
    return len(people), declined


def _address(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).strip().lower()
    return text[7:] if text.startswith("mailto:") else text


def _end(event: Any, start: Any) -> Any:
    if event.get("DTEND") is not None:
        return event.get("DTEND").dt
    if event.get("DURATION") is not None:
        return start + event.get("DURATION").dt
    return None


def _iso(value: Any) -> str:
    """ISO text of a start: UTC with ``Z`` when it has a zone, as written when floating."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
