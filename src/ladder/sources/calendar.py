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
        batch = Batch(skipped=skipped)
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
        if batch.items or batch.skipped:
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
