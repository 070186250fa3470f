"""``ladder serve``: the local web dashboard and the JSON API, over the same Workspace as the CLI.

The app comes from a factory, never from a module global: :func:`create_app` takes the
:class:`Settings` and returns the ASGI app, so ``ladder serve``, the tests and the benchmark
build it the same way::

    from ladder.web import Settings, create_app
    app = create_app(Settings(home="/tmp/demo"))     # then uvicorn.run(app) or TestClient(app)

Pages are rendered on the server (Jinja2) with a little plain JavaScript; every asset is served
from ``ladder/web/static``. The JSON API lives under ``/api/v1`` and is described by OpenAPI at
``/api/v1/openapi.json``. See ``docs/web.md``.
"""

from __future__ import annotations

from ladder.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
