"""The shapes of the JSON API: what it takes and what it gives, for the OpenAPI description.

Responses mirror the ``to_dict()`` of the library's dataclasses, so the CLI's ``--json`` and
the API say the same thing. Models of services that grow fields allow extra ones.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from ladder import rules
from ladder.mentorship import MAX_NAME
from ladder.rules import MAX_IMPACT, MAX_TAG, MAX_TEXT

MAX_ID = 2**63 - 1
#: "No NUL character", as the description says it (an ECMA-262 pattern, as JSON Schema wants).
NO_NUL = r"^[^\u0000]*$"


def _encodable(value: str) -> str:
    problem = rules.text_problem(value, "text", limit=len(value))  # services check lengths
    if problem:
        raise ValueError(problem)
    return value


def _whole(value: Any) -> Any:
    """``73290.0`` is the integer 73290 (JSON Schema counts a number with a zero fractional
    part as an integer); anything else goes on to the strict check as it came."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _limits(low: int, high: int) -> Any:
    """The length limits of a text field, checked and stated in the OpenAPI description."""
    return Field(min_length=low, max_length=high, json_schema_extra={"pattern": NO_NUL})


#: Text that can be stored (valid UTF-8, no NUL: PostgreSQL cannot store one), may be empty.
Text = Annotated[str, _limits(0, MAX_TEXT), AfterValidator(_encodable)]
#: Text that must say something: an empty one is refused (a blank one too, with a 400).
Line = Annotated[str, _limits(1, MAX_TEXT), AfterValidator(_encodable)]
#: An entry's impact.
Impact = Annotated[str, _limits(0, MAX_IMPACT), AfterValidator(_encodable)]
#: A person's name (a mentee, who a 1:1 was with).
Name = Annotated[str, _limits(1, MAX_NAME), AfterValidator(_encodable)]
#: A tag, with or without its ``@``.
Tag = Annotated[str, _limits(1, MAX_TAG + 1), AfterValidator(_encodable)]
#: A row id; ``12.0`` is 12 (but ``"12"`` and ``true`` are not ids).
Id = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(_whole)]
#: A rating as a number, 0 to 3.
Score = Annotated[int, Field(ge=0, le=3), BeforeValidator(_whole)]


class In(BaseModel):
    """Base of request bodies: unknown fields are refused, and so are values of the wrong JSON
    type (``"yes"`` is not a boolean, ``true`` is not a rating, ``"12"`` is not an id): a 422.
    A number with a zero fractional part is an integer, as in JSON Schema (``12.0`` is 12)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Out(BaseModel):
    """Base of responses."""

    model_config = ConfigDict(extra="allow")


# -- evidence ------------------------------------------------------------------------------------
class AreaLinkOut(Out):
    """One stored mapping of an entry onto an area (and maybe an expectation)."""

    area: str
    expectation: str
    origin: str = Field(description="user (your decision), source (the source knew) or mapper")
    confidence: float = Field(description="0 to 1; a user row with 0 is a rejection")
    reason: str


class EntryOut(Out):
    """One piece of evidence."""

    id: int
    uid: str
    date: str = Field(description="When it happened, YYYY-MM-DD.")
    text: str
    impact: str | None
    source: str
    source_ref: str | None
    url: str | None
    tags: list[str]
    links: list[str]
    areas: list[AreaLinkOut]
    kind: str
    body: str | None
    data: dict[str, Any]
    created_at: str
    updated_at: str
    edited_at: str | None
    deleted: bool
    substance: Literal["routine", "ordinary", "significant"] | None = Field(
        None, description="How much it weighs; routine never counts. None: not graded yet."
    )
    substance_reason: str | None = None
    substance_by: Literal["user", "ladder"] | None = Field(
        None, description="user when you set the grade (your word wins)."
    )


class PageOut(Out):
    """Where a page sits in the whole list."""

    page: int = Field(description="This page, from 1.")
    per_page: int
    total: int = Field(description="Items matching, on every page.")
    pages: int


class EntryPage(PageOut):
    """A page of evidence, newest first."""

    items: list[EntryOut]


class EntryIn(In):
    """A new entry, as ``ladder log`` takes it."""

    text: Line = Field(description="What you did; inline @tags become tags. Not blank.")
    date: Text | None = Field(None, description="yesterday, last monday, 2026-11-02 … (today)")
    areas: list[Line] = Field(default_factory=list, max_length=20)
    impact: Impact | None = None
    links: list[Line] = Field(default_factory=list, max_length=50)
    tags: list[Tag] = Field(default_factory=list, max_length=50)


class EntryPatch(In):
    """A change to an entry: what is left out stays as it was."""

    text: Line | None = Field(None, description="Not blank.")
    date: Line | None = None
    impact: Impact | None = None
    areas: list[Line] | None = Field(None, max_length=20, description="Replaces the areas you set.")
    links: list[Line] | None = Field(None, max_length=50)
    tags: list[Tag] | None = Field(None, max_length=50, description="Replaces the other tags.")
    deleted: bool | None = Field(None, description="true deletes (recoverably), false restores.")


class MappingOut(Out):
    """One stored mapping with who made it and why."""

    area: str
    expectation: str
    origin: str
    confidence: float
    reason: str
    rejected: bool


class ExplanationOut(Out):
    """Every mapping of an entry, and what ladder would map it to now (``ladder why``)."""

    id: int
    text: str
    kind: str
    source: str
    mappings: list[MappingOut]
    fresh: list[dict[str, Any]]
    signals: list[dict[str, Any]]
    learned_from: int


class TagTargets(In):
    """Where an entry belongs: areas it shows, and those it does not."""

    area: Text | None = Field(None, description="An area it shows.")
    expectation: Text | None = Field(None, description="An expectation it shows.")
    remove: list[Line] = Field(
        default_factory=list, max_length=20, description="Areas or expectations it does not show."
    )


class TagIn(TagTargets):
    """Your decision on an entry (``ladder tag``)."""

    substance: Literal["routine", "ordinary", "significant"] | None = Field(
        None, description="How much it weighs (your word wins); routine never counts."
    )


class Target(Out):
    """An area and, optionally, one of its expectations."""

    area: str
    expectation: str


class TagOut(Out):
    """What was decided, and the entry's mappings afterwards."""

    id: int
    substance: str | None = Field(None, description="The grade you set, when you set one.")
    added: list[Target]
    rejected: list[Target]
    mappings: list[MappingOut]


class BulkTagIn(TagTargets):
    """The same decision on many entries."""

    ids: list[Id] = Field(min_length=1, max_length=200)


class BulkError(Out):
    """An entry the decision could not be applied to."""

    id: int
    status: int
    detail: str


class BulkTagOut(Out):
    """Per entry: what was decided, or why not."""

    results: list[TagOut]
    errors: list[BulkError]


class MapIn(In):
    """What to map: new and changed entries (the default), some entries, or everything."""

    ids: list[Id] = Field(default_factory=list, max_length=200)
    all: bool = False


class MapOut(Out):
    """What mapping did (``ladder map --json``)."""

    mode: str
    examined: int
    mapped: int
    no_signal: int
    changed: int
    unchanged: int
    changes: list[dict[str, Any]]


# -- the workspace -------------------------------------------------------------------------------
class StatusOut(Out):
    """The workspace at a glance."""

    ladder: dict[str, Any]
    profile: dict[str, Any] | None
    entries: int
    deleted: int
    by_area: dict[str, int]
    first_date: str | None
    last_date: str | None
    bundled_update: dict[str, Any] | None = Field(
        default=None,
        description="A newer bundled ladder than the active one, when that is an older version "
        "of it: version, active_version, summary, adds, drops, and the command that installs it "
        "(ladder framework use --bundled); null otherwise",
    )


# -- readiness -----------------------------------------------------------------------------------
class ActionOut(Out):
    """A concrete next step for a gap."""

    area: str
    expectation: str
    text: str


class AreaReadinessOut(Out):
    """One area against the level."""

    area: str
    name: str
    status: str = Field(description="gap, emerging, meeting or exceeding")
    reason: str
    score: float


class ReadinessOut(Out):
    """Where you stand against a level, area by area."""

    level: str
    overall: str
    reason: str
    areas: list[AreaReadinessOut]


# -- review lens ---------------------------------------------------------------------------------
class LensOut(Out):
    """The review lens (``ladder reviews --json``)."""

    since: str | None
    until: str | None
    total: int
    counts: dict[str, int]
    months: list[dict[str, Any]]
    trend: dict[str, Any]


# -- harvest jobs --------------------------------------------------------------------------------
class JobOut(Out):
    """A harvest job of yours on the team's queue (``ladder jobs list --json``)."""

    person_id: int
    source: str
    state: str
    attempts: int
    runs: int
    progress: str
    error: str
    queued_at: str
    started_at: str
    finished_at: str
    retry_at: str
    added: int
    updated: int
    mapped: int


# -- assessments, goals, mentorship --------------------------------------------------------------
class AssessmentOut(Out):
    """One rating of an expectation."""

    id: int
    rater: str
    area: str
    expectation: str
    rating: int


class RatingIn(In):
    """One rating to record."""

    expectation: Line
    rating: Score | Line = Field(description="0-3 or not-yet, working-towards, meeting, exceeding")
    note: Text = ""
    evidence: list[Id] = Field(default_factory=list, max_length=50)


class AssessIn(In):
    """Ratings from one rater."""

    rater: Line = Field("self", description="self, manager or peer")
    rater_name: Text = ""
    ratings: list[RatingIn] = Field(min_length=1, max_length=200)


class GoalOut(Out):
    """A monthly goal."""

    id: int
    month: str
    track: str
    title: str
    status: str


class GoalIn(In):
    """A goal of your own."""

    title: Line
    track: Line = Field(description="technical, leadership or communication")
    month: Line | None = Field(None, description="YYYY-MM (this month)")
    area: Text | None = None
    expectation: Text | None = None
    note: Text = ""


class GoalPatch(In):
    """Close a goal."""

    status: Line = Field(description="done or dropped")
    note: Text = ""
    evidence: Id | None = None


class CheckinIn(In):
    """A check-in on a goal."""

    note: Line


class OneOnOneOut(Out):
    """A 1:1 and its action items, as its own view shows it (private notes included)."""

    id: int
    with_: str = Field(alias="with")
    date: str
    shared: bool
    private: bool
    notes: str | None
    actions: list[dict[str, Any]]


class OneOnOneListed(Out):
    """A 1:1 in a list: the notes and action items of a private one are left out (null); its
    own view (``GET /one-on-ones/{id}``) has them."""

    id: int
    with_: str = Field(alias="with")
    date: str
    shared: bool
    private: bool
    notes: str | None = Field(description="null for a private 1:1")
    actions: list[dict[str, Any]] = Field(description="their `text` is null for a private 1:1")
    actions_agreed: int
    actions_closed: int
    actions_open: int


class OneOnOneIn(In):
    """Notes of a 1:1."""

    with_: Name = Field(alias="with", description="Who it was with.")
    date: Line | None = Field(None, description="When (today); natural dates work.")
    notes: Text = ""
    actions: list[Line] = Field(default_factory=list, max_length=50, description="Agreed in it.")
    close: list[Id] = Field(
        default_factory=list, max_length=50, description="Earlier open action items done now."
    )
    shared: bool = Field(False, description="Share the notes (they may then reach evidence).")


class OneOnOnePatch(In):
    """A change to a 1:1: what is left out stays as it was."""

    notes: Text | None = Field(None, description="Replaces the notes.")
    date: Line | None = Field(None, description="Moves it to another day.")
    actions: list[Line] = Field(default_factory=list, max_length=50, description="More agreed.")
    close: list[Id] = Field(
        default_factory=list, max_length=50, description="Earlier open action items done in it."
    )
    shared: bool | None = Field(
        None, description="true shares the notes, false makes them private."
    )


__all__ = [
    name
    for name in dir()
    if name[0].isupper()
    and name not in ("Annotated", "Any", "MAX_IMPACT", "MAX_NAME", "MAX_TAG", "MAX_TEXT")
]
