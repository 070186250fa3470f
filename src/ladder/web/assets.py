"""The static assets (CSS, JavaScript, the icon), served from memory with versioned addresses.

The files in ``ladder/web/static`` are read once when the app is built. Pages link them as
``/static/app.css?v=<hash>``, so a browser may keep them for a year and still gets a new file
the moment it changes. Nothing is ever fetched from anywhere else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

from fastapi import APIRouter, Request
from starlette.responses import Response

TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True)
class Asset:
    """One file: its bytes, type and version."""

    body: bytes
    media_type: str
    version: str


def load() -> dict[str, Asset]:
    """Every asset in ``ladder/web/static``, by file name."""
    out = {}
    for item in resources.files("ladder.web").joinpath("static").iterdir():
        suffix = "." + item.name.rsplit(".", 1)[-1]
        if not item.is_file() or suffix not in TYPES:
            continue
        body = item.read_bytes()
        out[item.name] = Asset(body, TYPES[suffix], hashlib.sha256(body).hexdigest()[:12])
    return out


def url(assets: dict[str, Asset], name: str) -> str:
    """The versioned address of an asset (``/static/app.css?v=…``)."""
    found = assets.get(name)
    return f"/static/{name}?v={found.version}" if found else f"/static/{name}"


router = APIRouter(include_in_schema=False)


@router.get("/static/{name}")
async def static(request: Request, name: str) -> Response:
    """An asset; a year in the browser's cache when asked for by its versioned address."""
    assets: dict[str, Asset] = request.app.state.assets
    found = assets.get(name)
    if found is None:
        return Response(b"not found", status_code=404, media_type="text/plain")
    etag = f'"{found.version}"'
    pinned = request.query_params.get("v") == found.version
    headers = {
        "etag": etag,
        "cache-control": "public, max-age=31536000, immutable" if pinned else "no-cache",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(found.body, media_type=found.media_type, headers=headers)
