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
from ladder.web.words import for_web

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
    413: "Too large",
    415: "Unsupported media type",
    422: "Invalid request",
    429: "Too many attempts",
    500: "Internal error",
    503: "Storage unavailable",
}


class ConflictError(InputError):
    """The thing is already in the state asked for (restoring a live entry): a 409."""

    http_status = 409


class ItemsError(InputError):
    """Several items of one request have problems; nothing was saved (a 400 with ``errors``).

    Args:
        message: The summary.
        errors: Each problem: ``loc`` (where in the body), ``field`` and ``msg``.
        hint: What to do about it.
    """

    def __init__(
        self, message: str, errors: list[dict[str, Any]], *, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.errors = errors


class Problem(BaseModel):
    """An error (RFC 9457)."""

    type: str = Field("about:blank", description="Always about:blank: the status says it all.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str | None = Field(None, description="What went wrong, for a person.")
    hint: str | None = Field(None, description="What to do about it, when there is a next step.")
    errors: list[dict[str, Any]] | None = Field(
        None,
        description=(
            "Each problem with its place: for 422 each invalid field (`loc`, `msg`); for a 400 "
            "on several items (ratings) each item's problem (`loc`, `field`, `msg`)."
        ),
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
#: For writes that can find the thing already in the state asked for.
CONFLICT = _responses(404, 409)


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

    page = error_page(request, status, title or TITLES.get(status, "Error"), detail, hint=hint)
    page.headers.update(dict(headers or {}))
    return page


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    async def ladder_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LadderError)
        if isinstance(exc, StorageError):  # its message names the database file or server
            return respond(
                request,
                503,
                None,
                "the database could not answer this request; nothing was changed",
                hint="check that the database is reachable, then try again",
            )
        api = _wants_json(request)
        errors = getattr(exc, "errors", None)
        return respond(
            request,
            status_of(exc),
            None,
            for_web(exc.message, api=api),
            hint=for_web(exc.hint, api=api),
            errors=errors if isinstance(errors, list) else None,
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        detail: str | None = exc.detail if isinstance(exc.detail, str) else None
        if detail == TITLES.get(exc.status_code) or detail in ("Not Found", "Method Not Allowed"):
            detail = None
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # Starlette names only the first route's methods
            from ladder.web.security import allowed_methods

            headers = {k: v for k, v in headers.items() if k.lower() != "allow"}
            headers["Allow"] = ", ".join(allowed_methods(request.scope))
            detail = f"this address takes {headers['Allow']}, not {request.method}"
        return respond(request, exc.status_code, None, detail, headers=headers)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if not _wants_json(request) and any(
            tuple(e.get("loc", ()))[:1] == ("path",) for e in exc.errors()
        ):  # /evidence/abc is a page that does not exist
            return respond(request, 404, None, "there is no such page")
        merged: dict[tuple[str, ...], list[str]] = {}
        for e in exc.errors():
            loc = tuple(str(p) for p in e.get("loc", ()) if not _type_tag(p))
            msgs = merged.setdefault(loc, [])
            msg = str(e.get("msg", ""))
            if msg not in msgs:
                msgs.append(msg)
        errors = [{"loc": list(loc), "msg": _either(msgs)} for loc, msgs in merged.items()]
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


def _type_tag(part: object) -> bool:
    """True for the parts of a pydantic error location that name a type, not a field
    (``constrained-int``, ``function-after[…]``, ``str`` in a union)."""
    return isinstance(part, str) and (
        "-" in part or "[" in part or part in ("str", "int", "bool", "float", "list", "dict")
    )


def _either(msgs: list[str]) -> str:
    """``Input should be a valid integer or a valid string`` from a union's messages."""
    prefix = "Input should be "
    if len(msgs) > 1 and all(m.startswith(prefix) for m in msgs):
        return prefix + " or ".join(m.removeprefix(prefix) for m in msgs)
    return "; ".join(msgs)


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
    _exact_ids(schema)
    _no_nul_parameters(schema)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    app.openapi_schema = schema
    return schema


def _no_nul_parameters(schema: dict[str, Any]) -> None:
    """Say what the security layer enforces: no text in the address may hold a NUL (a 400)."""
    from ladder.web.schemas import NO_NUL

    for item in schema.get("paths", {}).values():
        for op in item.values():
            for param in op.get("parameters", []) if isinstance(op, dict) else []:
                node = param.get("schema", {})
                for choice in node.get("anyOf", [node]):
                    if choice.get("type") == "string" and "pattern" not in choice:
                        choice["pattern"] = NO_NUL


def _exact_ids(node: Any) -> None:
    """Ids go up to 2**63 - 1: say so exactly (some bounds come out as a float, 9.22e18)."""
    from ladder.web.schemas import MAX_ID

    if isinstance(node, dict):
        for key, value in node.items():
            if key == "maximum" and isinstance(value, float) and value == float(MAX_ID):
                node[key] = MAX_ID
            else:
                _exact_ids(value)
    elif isinstance(node, list):
        for value in node:
            _exact_ids(value)


__all__ = [
    "COMMON",
    "CONFLICT",
    "MEDIA_TYPE",
    "NOT_FOUND",
    "ConflictError",
    "ItemsError",
    "Problem",
    "body",
    "install",
    "openapi",
    "respond",
]
