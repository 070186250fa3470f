"""Errors as ``application/problem+json`` (RFC 9457) for the API, and as a page for people.

Domain errors keep the CLI's wording: an :class:`~ladder.errors.InputError` is a 400 with the
message as ``detail`` and the hint as ``hint``; a :class:`~ladder.errors.NotFoundError` is a
404; a :class:`~ladder.errors.StorageError` is a 503. Anything unexpected is a 500 that says
nothing about the data (private notes never reach an error).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from ladder.errors import InputError, LadderError, NotFoundError, StorageError

if TYPE_CHECKING:
    from fastapi import FastAPI
    from starlette.requests import Request
    from starlette.responses import Response

    from ladder.web.security import ASGIApp, Receive, Scope, Send

MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: "Bad input",
    401: "Login needed",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    415: "Unsupported media type",
    422: "Invalid request",
    500: "Internal error",
    503: "Storage unavailable",
}


class Problem(BaseModel):
    """An error (RFC 9457)."""

    type: str = Field("about:blank", description="Always about:blank: the status says it all.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str | None = Field(None, description="What went wrong, for a person.")
    hint: str | None = Field(None, description="What to do about it, when there is a next step.")
    errors: list[dict[str, Any]] | None = Field(
        None, description="For 422: each invalid field (`loc`, `msg`)."
    )


def _responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {
        code: {
            "model": Problem,
            "description": TITLES.get(code, "Error"),
            "content": {MEDIA_TYPE: {}},
        }
        for code in codes
    }


#: The error responses every API route documents (404 too: no profile yet is one).
COMMON = _responses(400, 401, 403, 404, 415, 422, 503)
NOT_FOUND = _responses(404)


def body(
    status: int,
    title: str | None = None,
    detail: str | None = None,
    *,
    hint: str | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A problem document (``None`` fields left out)."""
    doc: dict[str, Any] = {
        "type": "about:blank",
        "title": title or TITLES.get(status, "Error"),
        "status": status,
    }
    if detail:
        doc["detail"] = detail
    if hint:
        doc["hint"] = hint
    if errors is not None:
        doc["errors"] = errors
    return doc


def status_of(err: LadderError) -> int:
    """The HTTP status of a domain error (an error may carry its own ``http_status``)."""
    own = getattr(err, "http_status", None)
    if isinstance(own, int):
        return own
    if isinstance(err, NotFoundError):
        return 404
    if isinstance(err, StorageError):
        return 503
    if isinstance(err, InputError):
        return 400
    return 400


def refusal(
    status: int,
    title: str,
    detail: str,
    *,
    api: bool,
    headers: Mapping[str, str] | None = None,
) -> ASGIApp:
    """A raw ASGI response for the security middleware (problem+json, or a short page)."""
    if api:
        payload = json.dumps(body(status, title, detail)).encode()
        kind = MEDIA_TYPE
    else:
        from ladder.web.render import plain_page

        payload = plain_page(title, detail).encode()
        kind = "text/html; charset=utf-8"
    extra = [(k.encode(), v.encode()) for k, v in (headers or {}).items()]

    async def respond(scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", kind.encode()),
                    (b"content-length", str(len(payload)).encode()),
                    *extra,
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    return respond


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def respond(
    request: Request,
    status: int,
    title: str | None = None,
    detail: str | None = None,
    *,
    hint: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The error response for ``request``: problem+json under /api, an error page elsewhere."""
    from starlette.responses import JSONResponse

    if _wants_json(request):
        return JSONResponse(
            body(status, title, detail, hint=hint, errors=errors),
            status_code=status,
            media_type=MEDIA_TYPE,
            headers=dict(headers or {}),
        )
    from ladder.web.render import error_page

    return error_page(request, status, title or TITLES.get(status, "Error"), detail, hint=hint)


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    async def ladder_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LadderError)
        return respond(request, status_of(exc), None, exc.message, hint=exc.hint)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        detail: str | None = exc.detail if isinstance(exc.detail, str) else None
        if detail == TITLES.get(exc.status_code) or detail in ("Not Found", "Method Not Allowed"):
            detail = None
        return respond(request, exc.status_code, None, detail, headers=exc.headers)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        first = errors[0] if errors else None
        detail = (
            f"{'.'.join(first['loc'][1:]) or first['loc'][0]}: {first['msg']}"
            if first and first["loc"]
            else "the request is not valid"
        )
        return respond(request, 422, None, detail, errors=errors)

    async def crash(request: Request, exc: Exception) -> Response:
        return respond(
            request,
            500,
            None,
            "ladder hit an unexpected error; nothing you entered is shown here",
            hint="the server's terminal has the details",
        )

    app.add_exception_handler(LadderError, ladder_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Exception, crash)


def openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI description, with error bodies documented as ``application/problem+json``."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    ref = {"$ref": "#/components/schemas/Problem"}
    for item in schema.get("paths", {}).values():
        for op in item.values():
            responses = op.get("responses", {})
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    response["content"] = {MEDIA_TYPE: {"schema": ref}}
                    response["description"] = TITLES.get(int(code), response.get("description"))
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    app.openapi_schema = schema
    return schema


__all__ = ["COMMON", "MEDIA_TYPE", "NOT_FOUND", "Problem", "body", "install", "openapi", "respond"]
