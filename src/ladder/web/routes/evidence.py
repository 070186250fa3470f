"""Evidence: the browser (filters, full-text search, pages), capture, edit, re-map, re-tag.

Every route is a thin shell over the Workspace methods the CLI uses: ``ws.entries``,
``ws.log``, ``ws.edit``, ``ws.remove``/``ws.restore``, ``ws.why``, ``ws.map`` and ``ws.tag``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ladder.errors import InputError, LadderError, NotFoundError
from ladder.evidence import Entry, Filter
from ladder.web import schemas
from ladder.web.deps import WS, Form, cached, cached_json, field, fields, lines, web_of
from ladder.web.problems import CONFLICT, NOT_FOUND, ConflictError, status_of
from ladder.web.render import cached_page, page, render_text, respond

if TYPE_CHECKING:
    from ladder.framework import Ladder
    from ladder.workspace import Workspace

api = APIRouter(tags=["evidence"])
pages = APIRouter(include_in_schema=False)

PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 100_000
#: Entry ids a bulk re-tag names when some could not take the decision (then "and N more").
BULK_SHOWN = 20
EntryId = Annotated[int, Path(ge=1, le=schemas.MAX_ID, description="The entry's id.")]


# -- listing -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Listing:
    """A filtered, paged view of the evidence: what the browser and ``GET /evidence`` show."""

    q: str | None = None
    area: str | None = None
    tag: str | None = None
    source: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    deleted: bool = False
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def read(
        cls,
        *,
        q: str | None = None,
        area: str | None = None,
        tag: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        deleted: bool = False,
        page: int = 1,
        per_page: int = PER_PAGE,
    ) -> Listing:
        """A listing from query parameters (natural dates work; blanks mean no filter).

        Raises:
            InputError: A date cannot be read, or ``since`` is after ``until``.
        """
        start, end = _day(since, "since"), _day(until, "until")
        if start and end and start > end:
            raise InputError(f"since {start} is after until {end}")
        return cls(
            q=_blank(q),
            area=_blank(area),
            tag=_blank(tag),
            source=_blank(source),
            since=start,
            until=end,
            deleted=deleted,
            page=max(1, min(page, MAX_PAGE)),
            per_page=max(1, min(per_page, MAX_PER_PAGE)),
        )

    def filter(self) -> Filter:
        """The library's filter for this listing: this page's rows."""
        return Filter(
            since=self.since,
            until=self.until,
            area=self.area,
            tag=self.tag,
            source=self.source,
            search=self.q,
            deleted=self.deleted,
            limit=self.per_page,
            offset=(self.page - 1) * self.per_page,
        )

    def params(self) -> dict[str, Any]:
        """The listing as query parameters (for links to other pages)."""
        return {
            "q": self.q,
            "area": self.area,
            "tag": self.tag,
            "source": self.source,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "deleted": self.deleted,
            "per_page": self.per_page if self.per_page != PER_PAGE else None,
        }

    def fetch(self, ws: Workspace) -> tuple[list[Entry], int]:
        """This page's entries and the number matching in all."""
        return ws.entries(self.filter())


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _day(value: str | None, name: str) -> dt.date | None:
    if not value or not value.strip():
        return None
    from ladder.dates import parse_date

    try:
        return parse_date(value)
    except InputError as err:
        raise InputError(f"{name}: {err.message}", hint=err.hint) from err


def listing_of(request: Request, ws: Workspace, listing: Listing) -> tuple[list[Entry], int]:
    """The listing's page through the cache."""
    return cached(request, ("evidence", listing), lambda: listing.fetch(ws))


def ladder_of(request: Request, ws: Workspace) -> Ladder:
    """The active ladder (cached)."""
    return cached(request, ("ladder",), ws.ladder)


def _pages(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


# -- the API -------------------------------------------------------------------------------------
@api.get("/evidence", response_model=schemas.EntryPage, summary="List, filter and search evidence")
async def list_evidence(
    request: Request,
    q: Annotated[str | None, Query(description="Full-text search: every word must match.")] = None,
    area: Annotated[str | None, Query(description="Only entries that show this area.")] = None,
    tag: str | None = None,
    source: Annotated[str | None, Query(description="manual, git, github, jira …")] = None,
    since: Annotated[str | None, Query(description="On or after (natural dates work).")] = None,
    until: Annotated[str | None, Query(description="On or before.")] = None,
    deleted: Annotated[bool, Query(description="Only deleted entries.")] = False,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
) -> Response:
    """Evidence, newest first, a page at a time; the `Link` header names the next and previous."""
    listing = Listing.read(
        q=q,
        area=area,
        tag=tag,
        source=source,
        since=since,
        until=until,
        deleted=deleted,
        page=page,
        per_page=per_page,
    )
    base = str(request.url.remove_query_params("page"))

    def build(ws: Workspace) -> tuple[dict[str, Any], dict[str, str]]:
        try:
            found, total = listing.fetch(ws)
        except NotFoundError as err:  # an unknown area in a filter is bad input
            raise InputError(err.message, hint=err.hint) from err
        pages_ = _pages(total, listing.per_page)
        sep = "&" if "?" in base else "?"
        links = []
        if listing.page < pages_:
            links.append(f'<{base}{sep}page={listing.page + 1}>; rel="next"')
        if listing.page > 1:
            links.append(f'<{base}{sep}page={min(listing.page - 1, pages_)}>; rel="prev"')
        data = {
            "items": [e.to_dict() for e in found],
            "page": listing.page,
            "per_page": listing.per_page,
            "total": total,
            "pages": pages_,
        }
        return data, ({"link": ", ".join(links)} if links else {})

    return await cached_json(request, build)


@api.post(
    "/evidence",
    response_model=schemas.EntryOut,
    status_code=201,
    summary="Capture an entry (then map it)",
)
def create_evidence(request: Request, ws: WS, body: schemas.EntryIn) -> dict[str, Any]:
    """Capture a piece of work, as `ladder log` does, and map it onto the ladder at once."""
    entry = _capture(ws, body.text, body.date, body.areas, body.impact, body.links, body.tags)
    return entry.to_dict()


def _capture(
    ws: Workspace,
    text: str,
    date: str | None,
    areas: list[str],
    impact: str | None,
    links: list[str],
    tags: list[str],
) -> Entry:
    entry = ws.log(text, date=date, areas=areas, impact=impact, links=links, tags=tags)
    ws.map(entry.id)
    return ws.entry(entry.id)


@api.get(
    "/evidence/{entry_id:int}",
    response_model=schemas.EntryOut,
    responses=NOT_FOUND,
    summary="An entry",
)
def get_evidence(ws: WS, entry_id: EntryId) -> dict[str, Any]:
    """One entry (deleted ones too: see `deleted`)."""
    return ws.entry(entry_id).to_dict()


@api.patch(
    "/evidence/{entry_id:int}",
    response_model=schemas.EntryOut,
    responses=NOT_FOUND,
    summary="Edit, delete or restore an entry",
)
def patch_evidence(ws: WS, entry_id: EntryId, body: schemas.EntryPatch) -> dict[str, Any]:
    """Change an entry; what is left out stays. `deleted` deletes (recoverably) or restores."""
    return _patch(ws, entry_id, body).to_dict()


def _remove(ws: Workspace, entry_id: int) -> Entry:
    """Delete an entry (recoverably).

    Raises:
        NotFoundError: No such entry.
        ConflictError: It is deleted already.
    """
    if ws.entry(entry_id).deleted_at:
        raise ConflictError(f"entry #{entry_id} is deleted already")
    return ws.remove(entry_id)


def _restore(ws: Workspace, entry_id: int) -> Entry:
    """Bring back a deleted entry.

    Raises:
        NotFoundError: No such entry.
        ConflictError: It is not deleted.
    """
    if not ws.entry(entry_id).deleted_at:
        raise ConflictError(f"entry #{entry_id} is not deleted, so there is nothing to restore")
    return ws.restore(entry_id)


def _patch(ws: Workspace, entry_id: int, body: schemas.EntryPatch) -> Entry:
    entry = ws.entry(entry_id)
    if body.deleted is False and entry.deleted_at:
        entry = ws.restore(entry_id)
    edits = body.model_dump(exclude_unset=True, exclude={"deleted"})
    if any(v is not None for v in edits.values()):
        if entry.deleted_at:
            raise InputError(
                f"entry #{entry_id} is deleted: restore it before editing",
                hint='send {"deleted": false} with the change',
            )
        entry = ws.edit(
            entry_id,
            text=body.text,
            date=body.date,
            impact=body.impact,
            areas=body.areas,
            links=body.links,
            tags=body.tags,
        )
        if body.text is not None:
            ws.map(entry_id)
            entry = ws.entry(entry_id)
    if body.deleted is True and not entry.deleted_at:
        entry = ws.remove(entry_id)
    return entry


@api.delete(
    "/evidence/{entry_id:int}",
    response_model=schemas.EntryOut,
    responses=CONFLICT,
    summary="Delete an entry (recoverably)",
)
def delete_evidence(ws: WS, entry_id: EntryId) -> dict[str, Any]:
    """Delete an entry; `PATCH {"deleted": false}` brings it back. 409 when it is deleted already."""
    return _remove(ws, entry_id).to_dict()


@api.get(
    "/evidence/{entry_id:int}/mappings",
    response_model=schemas.ExplanationOut,
    responses=NOT_FOUND,
    summary="Why an entry is mapped as it is",
)
def get_mappings(ws: WS, entry_id: EntryId) -> dict[str, Any]:
    """Every mapping with its origin, confidence and reason (`ladder why`). A deleted entry has
    none to show: 404, as for `POST` here, until it is restored."""
    if ws.entry(entry_id).deleted_at:
        raise NotFoundError(
            f"entry #{entry_id} is deleted, so it has no mappings",
            hint=f'restore it first: PATCH /api/v1/evidence/{entry_id} with {{"deleted": false}}',
        )
    return ws.why(entry_id).to_dict()


@api.post(
    "/evidence/{entry_id:int}/mappings",
    response_model=schemas.TagOut,
    responses=NOT_FOUND,
    summary="Decide where an entry belongs",
)
def tag_evidence(ws: WS, entry_id: EntryId, body: schemas.TagIn) -> dict[str, Any]:
    """Add an area or expectation, remove some for good, or say how much the entry weighs
    (`ladder tag`); your word wins."""
    result = ws.tag(
        entry_id,
        area=body.area,
        expectation=body.expectation,
        remove=body.remove,
        substance=body.substance,
    )
    return result.to_dict()


@api.post(
    "/evidence/bulk-tag", response_model=schemas.BulkTagOut, summary="Re-tag many entries at once"
)
def bulk_tag(ws: WS, body: schemas.BulkTagIn) -> dict[str, Any]:
    """The same decision on every entry in `ids`; an entry that cannot take it is reported."""
    if not body.area and not body.expectation and not body.remove:
        raise InputError("say what to record: area, expectation or remove")
    results, errors = _bulk(ws, body.ids, body.area, body.expectation, body.remove)
    return {"results": results, "errors": errors}


def _bulk(
    ws: Workspace,
    ids: list[int],
    area: str | None,
    expectation: str | None,
    remove: list[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    results: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for entry_id in dict.fromkeys(ids):
        try:
            results.append(
                ws.tag(entry_id, area=area, expectation=expectation, remove=remove).to_dict()
            )
        except NotFoundError as err:
            errors.append({"id": entry_id, "status": status_of(err), "detail": err.message})
        except InputError:
            raise  # the same bad area for every entry: refuse the whole request
    return results, errors


@api.post("/map", response_model=schemas.MapOut, summary="Map evidence onto the ladder")
def map_evidence(ws: WS, body: schemas.MapIn) -> dict[str, Any]:
    """Map new and changed entries (the default), the entries in `ids`, or `all` of them."""
    if body.ids and body.all:
        raise InputError("give ids or all, not both")
    if not body.ids:
        return ws.map(everything=body.all).to_dict()
    totals: dict[str, Any] = {
        "mode": "one",
        "examined": 0,
        "mapped": 0,
        "no_signal": 0,
        "changed": 0,
        "unchanged": 0,
        "changes": [],
    }
    for entry_id in dict.fromkeys(body.ids):
        one = ws.map(entry_id).to_dict()
        for key in ("examined", "mapped", "no_signal", "changed", "unchanged"):
            totals[key] += one[key]
        totals["changes"].extend(one["changes"])
    return totals


@api.get("/ladder", summary="The active ladder")
def get_ladder(
    request: Request,
    ws: WS,
    level: Annotated[str | None, Query(description="Only this level's expectations.")] = None,
) -> dict[str, Any]:
    """Levels, areas and expectations with their markers and actions."""
    ladder = ladder_of(request, ws)
    if level:
        try:
            ladder.level(level)
        except NotFoundError as err:  # an unknown level in the query is bad input
            raise InputError(err.message, hint=err.hint) from err
    return ladder.to_dict(level=level)


# -- pages ---------------------------------------------------------------------------------------
def _choices(ladder: Ladder, level: str | None) -> list[dict[str, Any]]:
    """Areas with their expectations at ``level``, for the re-tag selects."""
    out = []
    for a in ladder.areas:
        exps = a.at(level) if level else list(a.expectations)
        out.append({"id": a.id, "name": a.name, "expectations": exps})
    return out


def _level(ws: Workspace) -> str | None:
    me = ws.profile()
    return (me.target_level or me.level) if me else None


@pages.get("/evidence")
async def evidence_page(
    request: Request,
    q: str | None = None,
    area: str | None = None,
    tag: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    deleted: bool = False,
    page_: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=10, le=MAX_PER_PAGE)] = PER_PAGE,
) -> Response:
    """The evidence browser."""
    raw = {
        "q": q,
        "area": area,
        "tag": tag,
        "source": source,
        "since": since,
        "until": until,
        "deleted": deleted,
    }
    return await cached_page(request, lambda ws: _evidence_text(request, ws, raw, page_, per_page))


def _evidence_page(
    request: Request,
    ws: Workspace,
    raw: dict[str, Any],
    page_no: int,
    per_page: int,
    *,
    status: int = 200,
    error: LadderError | None = None,
    draft: dict[str, Any] | None = None,
) -> Response:
    text, code = _evidence_text(
        request, ws, raw, page_no, per_page, status=status, error=error, draft=draft
    )
    return respond(request, text, status=code)


def _evidence_text(
    request: Request,
    ws: Workspace,
    raw: dict[str, Any],
    page_no: int,
    per_page: int,
    *,
    status: int = 200,
    error: LadderError | None = None,
    draft: dict[str, Any] | None = None,
) -> tuple[str, int]:
    raw = {k: raw.get(k) for k in ("q", "area", "tag", "source", "since", "until", "deleted")}
    raw["deleted"] = bool(raw["deleted"])
    ladder = ladder_of(request, ws)
    problem = None
    found: list[Entry] = []
    total = 0
    listing = Listing()
    try:
        listing = Listing.read(**raw, page=page_no, per_page=per_page)
        found, total = listing_of(request, ws, listing)
    except (InputError, NotFoundError) as err:
        problem, status = err, 400
    sources = cached(request, ("sources",), lambda: _sources(ws))
    text = render_text(
        request,
        "evidence.html",
        ws=ws,
        entries=found,
        total=total,
        listing=listing,
        raw={k: v or "" for k, v in raw.items()},
        params=listing.params(),
        pages=_pages(total, listing.per_page),
        areas=_choices(ladder, _level(ws)),
        area_names={a.id: a.name for a in ladder.areas},
        sources=sources,
        problem=problem,
        error=error,
        draft=draft or {},
        today=ws.clock.today().isoformat(),
    )
    return text, status


def _sources(ws: Workspace) -> list[str]:
    rows = ws.store.query("SELECT DISTINCT source FROM evidence ORDER BY source")
    return [str(r["source"]) for r in rows]


@pages.post("/evidence")
def capture_page(request: Request, ws: WS, form: Form) -> Response:
    """Capture from the form on the evidence browser or the dashboard."""
    draft = {
        "text": field(form, "text") or "",
        "date": field(form, "date") or "",
        "area": field(form, "area") or "",
        "impact": field(form, "impact") or "",
        "links": field(form, "links") or "",
        "tags": field(form, "tags") or "",
    }
    try:
        entry = _capture(
            ws,
            draft["text"],
            draft["date"] or None,
            fields(form, "area"),
            draft["impact"] or None,
            lines(draft["links"]),
            lines(draft["tags"]),
        )
    except InputError as err:
        return _evidence_page(request, ws, {}, 1, PER_PAGE, status=400, error=err, draft=draft)
    return _see(f"/evidence/{entry.id}", "logged")


def _see(path: str, done: str) -> RedirectResponse:
    sep = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{sep}done={done}", status_code=303)


@pages.get("/evidence/{entry_id}")
def entry_page(request: Request, ws: WS, entry_id: EntryId) -> Response:
    """One entry: edit it, see why it is mapped as it is, and decide."""
    return _entry_page(request, ws, entry_id)


def _entry_page(
    request: Request,
    ws: Workspace,
    entry_id: int,
    *,
    status: int = 200,
    error: LadderError | None = None,
    draft: dict[str, Any] | None = None,
) -> Response:
    entry = ws.entry(entry_id)
    ladder = ladder_of(request, ws)
    why = None if entry.deleted_at else cached(request, ("why", entry_id), lambda: ws.why(entry_id))
    names = {a.id: a.name for a in ladder.areas}
    exp_text = {e.id: e.text for e in ladder.expectations()}
    origin_order = {"user": 0, "source": 1, "mapper": 2}
    rows = (
        sorted(
            why.rows,
            key=lambda r: (r.rejected, origin_order.get(r.origin, 3), -r.confidence, r.area),
        )
        if why
        else []
    )
    stored = {(r.area, r.expectation) for r in rows if r.origin == "mapper"}
    fresh = [s for s in why.suggestions if (s.area, s.expectation) not in stored] if why else []
    inline = set()
    from ladder.rules import inline_tags

    inline = set(inline_tags(entry.text))
    return page(
        request,
        "entry.html",
        ws=ws,
        status=status,
        entry=entry,
        rows=rows,
        fresh=fresh,
        signals=(why.signals[:6] if why else []),
        area_names=names,
        exp_text=exp_text,
        areas=_choices(ladder, _level(ws)),
        other_tags=", ".join(t for t in entry.tags if t not in inline),
        error=error,
        draft=draft
        or {
            "text": entry.text,
            "date": entry.occurred_on,
            "impact": entry.impact or "",
            "links": "\n".join(entry.links),
        },
    )


@pages.post("/evidence/{entry_id}")
def edit_page(request: Request, ws: WS, form: Form, entry_id: EntryId) -> Response:
    """Save the edit form of an entry."""
    draft = {
        "text": field(form, "text") or "",
        "date": field(form, "date") or "",
        "impact": field(form, "impact") or "",
        "links": field(form, "links") or "",
    }
    try:
        before = ws.entry(entry_id)
        ws.edit(
            entry_id,
            text=draft["text"],
            date=draft["date"] or None,
            impact=draft["impact"],
            links=lines(draft["links"]),
            tags=lines(field(form, "tags")),
        )
        if before.text != draft["text"]:
            ws.map(entry_id)
    except InputError as err:
        return _entry_page(request, ws, entry_id, status=400, error=err, draft=draft)
    return _see(f"/evidence/{entry_id}", "saved")


def _split_target(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    return (None, value) if "." in value else (value, None)


@pages.post("/evidence/{entry_id}/tag")
def tag_page(request: Request, ws: WS, form: Form, entry_id: EntryId) -> Response:
    """Record a decision from the entry page: add a target, or remove one."""
    area, expectation = _split_target(field(form, "target"))
    try:
        ws.tag(
            entry_id,
            area=area,
            expectation=expectation,
            remove=fields(form, "remove"),
            substance=field(form, "substance") or None,
        )
    except InputError as err:
        return _entry_page(request, ws, entry_id, status=400, error=err)
    return _see(f"/evidence/{entry_id}", "tagged")


@pages.post("/evidence/{entry_id}/map")
def map_page(request: Request, ws: WS, form: Form, entry_id: EntryId) -> Response:
    """Map one entry again."""
    ws.map(entry_id)
    return _see(f"/evidence/{entry_id}", "mapped")


@pages.post("/evidence/{entry_id}/delete")
def delete_page(request: Request, ws: WS, form: Form, entry_id: EntryId) -> Response:
    """Delete an entry (recoverably)."""
    _remove(ws, entry_id)
    return _see(f"/evidence/{entry_id}", "deleted")


@pages.post("/evidence/{entry_id}/restore")
def restore_page(request: Request, ws: WS, form: Form, entry_id: EntryId) -> Response:
    """Restore a deleted entry."""
    _restore(ws, entry_id)
    return _see(f"/evidence/{entry_id}", "restored")


@pages.post("/evidence-bulk")
def bulk_page(request: Request, ws: WS, form: Form) -> Response:
    """Apply one decision to the selected entries of the browser, then say what happened to
    each: re-tagged, already so, or not re-tagged (no such entry, or deleted)."""
    from urllib.parse import urlencode

    from ladder.web.security import safe_next

    back = safe_next(field(form, "next") or "/evidence")
    if not back.startswith("/evidence"):
        back = "/evidence"
    ids: list[int] = []
    failed: list[int] = []
    for value in fields(form, "ids"):
        if value.isdigit() and 1 <= int(value) <= schemas.MAX_ID:
            ids.append(int(value))
        elif value.isdigit():
            failed.append(int(value))
    target = field(form, "target")
    if not (ids or failed) or not target:
        raise InputError(
            "choose entries and an area",
            hint="tick the entries, pick an area or expectation, then add or remove it",
        )
    area, expectation = _split_target(target)
    if field(form, "action") == "remove":
        results, errors = _bulk(ws, ids[:MAX_PER_PAGE], None, None, [target])
    else:
        results, errors = _bulk(ws, ids[:MAX_PER_PAGE], area, expectation, [])
    web_of(request).cache.bump()
    changed = sum(1 for r in results if r["added"] or r["rejected"])
    failed = list(dict.fromkeys([*failed, *(int(e["id"]) for e in errors)]))
    outcome: dict[str, Any] = {"done": "bulk", "changed": changed, "same": len(results) - changed}
    if failed:
        outcome["failed"] = ",".join(str(i) for i in failed[:BULK_SHOWN])
        outcome["more"] = max(0, len(failed) - BULK_SHOWN)
    sep = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{sep}{urlencode(outcome)}", status_code=303)
