"""``/docs``: Swagger UI served from files packaged with Senim (no CDN), under a strict CSP.

The page loads ``/docs/static/swagger-ui-bundle.js``, ``swagger-ui.css`` and Senim's start-up
script ``senim-docs.js`` (vendored from ``swagger-ui-dist``, see ``static/swagger-ui/README.md``);
it has no inline script or style, so ``Content-Security-Policy`` allows only ``'self'``.
"""

from __future__ import annotations

import html
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

__all__ = ["DOCS_CSP", "mount_docs"]

STATIC = Path(__file__).with_name("static") / "swagger-ui"
STATIC_PATH = "/docs/static"

DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = {
    "Content-Security-Policy": DOCS_CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class _DocsStatic(StaticFiles):
    """The vendored files, with the same headers as the page."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))  # type: ignore[call-overload]
                raw += [(k.lower().encode(), v.encode()) for k, v in _HEADERS.items()]
                message["headers"] = raw
            await send(message)

        await super().__call__(scope, receive, with_headers)  # type: ignore[arg-type]


def _page(title: str, openapi_url: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} - Swagger UI</title>
<link rel="stylesheet" href="{STATIC_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{html.escape(openapi_url)}"></div>
<script src="{STATIC_PATH}/swagger-ui-bundle.js"></script>
<script src="{STATIC_PATH}/senim-docs.js"></script>
</body>
</html>
"""


def mount_docs(app: FastAPI, path: str = "/docs") -> None:
    """Serve Swagger UI at ``path`` for ``app.openapi_url`` (create the app with ``docs_url=None``)."""
    openapi_url = app.openapi_url or "/openapi.json"
    page = _page(app.title, openapi_url)
    app.mount(STATIC_PATH, _DocsStatic(directory=str(STATIC)), name="docs-static")

    @app.get(path, include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return HTMLResponse(page, headers=_HEADERS)
