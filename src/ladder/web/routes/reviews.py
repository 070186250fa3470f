"""The review lens: the kinds of review comments you give, month by month (``ladder reviews``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ladder.errors import InputError, NotFoundError
from ladder.web import schemas
from ladder.web.deps import WS, cached
from ladder.web.render import page

if TYPE_CHECKING:
    from ladder.reviewlens import Lens
    from ladder.workspace import Workspace

api = APIRouter(tags=["reviews"])
#: Months of the review mix a phone shows.
NARROW_MONTHS = 6
pages = APIRouter(include_in_schema=False)


def lens_of(request: Request, ws: Workspace, since: str | None, until: str | None) -> Lens:
    """The review lens for a period (natural dates work), cached."""
    from ladder.reviewlens.lens import workspace_lens

    key = ("reviews", since or None, until or None)
    return cached(
        request, key, lambda: workspace_lens(ws, since=since or None, until=until or None)
    )


@api.get("/reviews", response_model=schemas.LensOut, summary="The review lens")
def reviews(
    request: Request,
    ws: WS,
    since: Annotated[str | None, Query(description="From (natural dates work).")] = None,
    until: Annotated[str | None, Query(description="Up to, inclusive.")] = None,
) -> dict[str, Any]:
    """Review comments you gave, classified, per class and month, and the trend (`ladder reviews --json`)."""
    return lens_of(request, ws, since, until).to_dict()


@pages.get("/reviews")
def reviews_page(
    request: Request, ws: WS, since: str | None = None, until: str | None = None
) -> Response:
    """The review lens page: the trend sentence, the monthly mix chart, the classes."""
    from markupsafe import Markup

    from ladder import charts
    from ladder.reviewlens import DESCRIPTIONS, DESIGN_LEVEL, LABELS, NIT_LEVEL

    problem = None
    result = None
    chart = narrow = ""
    try:
        result = lens_of(request, ws, since, until)
        chart = cached(
            request, ("reviews-chart", since, until), lambda: charts.review_mix(result.months)
        )
        narrow = cached(  # a phone shows the last months, larger
            request,
            ("reviews-chart-narrow", since, until),
            lambda: charts.review_mix(result.months[-NARROW_MONTHS:]),
        )
    except (InputError, NotFoundError) as err:
        problem = err
    classes = []
    if result is not None and result.total:
        for label in sorted(LABELS, key=lambda k: (-result.counts[k], LABELS.index(k))):
            n = result.counts[label]
            classes.append(
                {
                    "label": label,
                    "count": n,
                    "share": n / result.total,
                    "level": "design"
                    if label in DESIGN_LEVEL
                    else ("nit" if label in NIT_LEVEL else ""),
                    "description": DESCRIPTIONS[label],
                    "examples": result.examples.get(label) or [],
                }
            )
    return page(
        request,
        "reviews.html",
        ws=ws,
        status=400 if problem else 200,
        lens=result,
        chart=Markup(chart),  # the chart escapes every label
        chart_narrow=Markup(narrow),
        narrow_months=NARROW_MONTHS if len(result.months if result else ()) > NARROW_MONTHS else 0,
        classes=classes,
        problem=problem,
        since=since or "",
        until=until or "",
        design_level=", ".join(sorted(DESIGN_LEVEL)),
        nit_level=", ".join(sorted(NIT_LEVEL)),
    )
