"""The promotion packet: a preview in the page and downloads as Markdown, HTML or PDF
(``ladder packet``). Built by :func:`ladder.packet.build`, written by :mod:`ladder.render`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ladder.errors import InputError, LadderError, NotFoundError
from ladder.web.deps import WS, cached, check_years
from ladder.web.render import page

if TYPE_CHECKING:
    from ladder.packet import Packet
    from ladder.workspace import Workspace

api = APIRouter(tags=["packet"])
pages = APIRouter(include_in_schema=False)

MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
#: The preview is a whole document with its own inline CSS, shown in a sandboxed frame of the
#: packet page: its policy allows that CSS and nothing else, and only this app may frame it.
PREVIEW_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
    "base-uri 'none'; form-action 'none'"
)
LevelQuery = Annotated[str | None, Query(description="The level (default: your target).")]
PeriodQuery = Annotated[
    str | None,
    Query(description="2026, 2026-H2, 2026-Q3, 2026-11, last-half … (default: last 12 months)."),
]


def packet_of(request: Request, ws: Workspace, level: str | None, period: str | None) -> Packet:
    """The packet for a level and a period, cached until something changes.

    Raises:
        InputError: An unknown level, a period that cannot be read, or one that reaches
            beyond the years ladder works with (1900 to 2999).
    """
    from ladder import packet
    from ladder import period as periods

    today = ws.clock.today()
    span = periods.parse(period, today=today) if period else None
    if span is not None:
        check_years(
            f"the period {period.strip()!r}" if period else "the period", span.start, span.end
        )

    def build() -> Packet:
        try:
            return packet.build(ws, level=level, period=span, today=today)
        except NotFoundError as err:
            if level and ws.profile() is not None:  # an unknown level is bad input
                raise InputError(err.message, hint=err.hint) from err
            raise

    return cached(request, ("packet", level, period, today), build)


def _file_name(doc: Packet, fmt: str) -> str:
    import re

    who = re.sub(r"[^A-Za-z0-9]+", "-", doc.person).strip("-").lower() or "packet"
    return f"packet-{who}-{doc.target}-{doc.today.isoformat()}.{fmt}"


def _document(
    request: Request, ws: Workspace, fmt: str, level: str | None, period: str | None
) -> Response:
    from ladder import render

    if fmt not in MEDIA:
        raise InputError(f"unknown format {fmt!r}: use md, html or pdf")
    doc = packet_of(request, ws, level, period)
    data = cached(
        request, ("packet-file", fmt, level, period, doc.today), lambda: render.render(doc, fmt)
    )
    return Response(
        data,
        media_type=MEDIA[fmt],
        headers={"content-disposition": f'attachment; filename="{_file_name(doc, fmt)}"'},
    )


@api.get("/packet", summary="The promotion packet, as data")
def packet_json(
    request: Request, ws: WS, level: LevelQuery = None, period: PeriodQuery = None
) -> dict[str, Any]:
    """Summary, areas with cited statements, ratings, gaps and the appendix (`ladder packet --json`)."""
    return packet_of(request, ws, level or None, period or None).to_dict()


@api.get(
    "/packet/download",
    summary="The promotion packet as a file",
    response_class=Response,
    responses={
        200: {
            "description": "The packet",
            "content": {
                "text/markdown": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
def packet_file(
    request: Request,
    ws: WS,
    format: Annotated[str, Query(pattern="^(md|html|pdf)$", description="md, html or pdf")] = "md",
    level: LevelQuery = None,
    period: PeriodQuery = None,
) -> Response:
    """Markdown, self-contained HTML, or PDF; every claim cites its evidence."""
    return _document(request, ws, format, level or None, period or None)


# -- pages ---------------------------------------------------------------------------------------
@pages.get("/packet")
def packet_page(
    request: Request, ws: WS, level: str | None = None, period: str | None = None
) -> Response:
    """The packet: what it says, a preview, and the downloads."""
    from ladder.web.render import query

    me = ws.profile()
    problem: LadderError | None = None
    doc = None
    try:
        doc = packet_of(request, ws, level or None, period or None)
    except (InputError, NotFoundError) as err:
        problem = err
    params = {"level": level or None, "period": period or None}
    ladder = ws.ladder()
    return page(
        request,
        "packet.html",
        me=me,
        status=400 if problem else 200,
        doc=doc,
        problem=problem,
        level=level or "",
        period=period or "",
        levels=ladder.levels,
        preview=query("/packet/preview", params),
        downloads=[
            (fmt, label, query("/packet/download", params, format=fmt))
            for fmt, label in (("pdf", "PDF"), ("html", "HTML"), ("md", "Markdown"))
        ],
    )


@pages.get("/packet/preview")
def packet_preview(
    request: Request, ws: WS, level: str | None = None, period: str | None = None
) -> Response:
    """The packet as its self-contained HTML, for the frame on the packet page."""
    from ladder import render

    doc = packet_of(request, ws, level or None, period or None)
    text = cached(
        request, ("packet-file", "html", level, period, doc.today), lambda: render.html(doc)
    )
    return Response(
        outside(text),
        media_type="text/html; charset=utf-8",
        headers={"content-security-policy": PREVIEW_CSP, "x-frame-options": "SAMEORIGIN"},
    )


_LINK = re.compile(r'<a\b([^>]*\bhref="(?!#)[^"]*"[^>]*)>', re.IGNORECASE)


def outside(html: str) -> str:
    """The preview's links to other pages open in a new tab (the page may not frame them);
    its links within the packet (the citations) stay in the frame. Downloads are unchanged."""

    def new_tab(match: re.Match[str]) -> str:
        attrs = match.group(1)
        if re.search(r"\btarget=", attrs, re.IGNORECASE):
            return match.group(0)
        rel = "" if re.search(r"\brel=", attrs, re.IGNORECASE) else ' rel="noopener noreferrer"'
        return f'<a{attrs} target="_blank"{rel}>'

    return _LINK.sub(new_tab, html)


@pages.get("/packet/download")
def packet_download(
    request: Request,
    ws: WS,
    format: str = "pdf",
    level: str | None = None,
    period: str | None = None,
) -> Response:
    """Download the packet (``format`` md, html or pdf)."""
    return _document(request, ws, format, level or None, period or None)
