"""Mount the web UI on the API's FastAPI application (same process, same database, same services).

``mount_web(app, database_url=...)`` adds the HTML pages, ``/static`` (packaged files only: no CDN),
the :class:`~senim.web.security.WebMiddleware` (sessions, CSRF, language, security headers) and
HTML error pages for the web paths; the REST API under ``/api/v1`` keeps its JSON errors.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from senim.i18n import translator
from senim.profile import ProfileError
from senim.registry import services
from senim.web import routes_core
from senim.web.deps import CsrfError, LoginRequiredError, get_lang, registry_message, render
from senim.web.security import WebMiddleware, is_web_path

__all__ = ["mount_web"]

log = logging.getLogger("senim.web")
STATIC = Path(__file__).with_name("static")

Handler = Callable[[Request, Exception], Awaitable[Response]]


def error_page(request: Request, status: int, detail: str | None = None) -> Response:
    """The HTML error page (404, 403, 409, 422, 429, 500…) in the reader's language."""
    _ = translator(get_lang(request))
    titles = {
        400: _("The request could not be understood"),
        403: _("Access denied"),
        404: _("Page not found"),
        405: _("Method not allowed"),
        409: _("The data changed meanwhile"),
        413: _("The upload is too large"),
        422: _("The data entered is not valid"),
        500: _("Something went wrong"),
    }
    explanations = {
        403: _(
            "You do not have permission for this page or action, or the form expired. "
            "Reload the page and try again."
        ),
        404: _("The page does not exist, or it is not visible to you."),
        409: _("Someone else changed this item after you opened it. Reload the page and repeat your change."),
        500: _("The error has been logged. Try again later or contact the administrator."),
    }
    return render(
        request,
        "error.html",
        status=status,
        status_code=status,
        title=titles.get(status, _("Error")),
        explanation=explanations.get(status, ""),
        detail=detail,
    )


def _web_or_api(app: FastAPI, exc_class: type[Exception] | int, html: Handler) -> None:
    api: Handler | None = app.exception_handlers.get(exc_class)  # type: ignore[assignment]

    async def handler(request: Request, exc: Exception) -> Response:
        if is_web_path(request.url.path) or api is None:
            return await html(request, exc)
        return await api(request, exc)

    app.add_exception_handler(exc_class, handler)


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequiredError)
    target = "/login" + ("" if exc.next_url == "/" else "?next=" + quote(exc.next_url, safe="/"))
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


async def _csrf(request: Request, exc: Exception) -> Response:
    return error_page(request, 403)


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    response = error_page(request, exc.status_code if exc.status_code >= 400 else 500)
    for key, value in (getattr(exc, "headers", None) or {}).items():
        response.headers[key] = value
    return response


async def _registry(request: Request, exc: Exception) -> Response:
    if isinstance(exc, services.NotFoundError):
        return error_page(request, 404)
    if isinstance(exc, services.PermissionDeniedError):
        return error_page(request, 403)
    if isinstance(exc, services.ConflictError):
        return error_page(request, 409, registry_message(exc, get_lang(request)))
    assert isinstance(exc, services.RegistryError)
    return error_page(request, 422, registry_message(exc, get_lang(request)))


async def _invalid(request: Request, exc: Exception) -> Response:
    detail = None
    if isinstance(exc, RequestValidationError):
        detail = "; ".join(
            ".".join(str(x) for x in e.get("loc", ()) if x != "body") + ": " + str(e.get("msg", ""))
            for e in list(exc.errors())[:5]
        )
    elif isinstance(exc, ProfileError):
        detail = "; ".join(f"{p.field or '(profile)'}: {p.message}" for p in exc.problems[:5])
    return error_page(request, 422, detail)


async def _internal(request: Request, exc: Exception) -> Response:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_page(request, 500)


def mount_web(app: FastAPI, *, database_url: str) -> None:
    """Add the web UI to ``app`` (the API's application)."""
    app.state.database_url = getattr(app.state, "database_url", database_url)
    max_upload = int(getattr(app.state, "max_upload_bytes", services.DEFAULT_MAX_UPLOAD))
    app.mount("/static", StaticFiles(directory=str(STATIC), packages=None), name="static")
    app.include_router(routes_core.router)

    app.state.web_systems = False
    try:
        systems: Any = importlib.import_module("senim.web.routes_systems")
    except ModuleNotFoundError as exc:
        if exc.name != "senim.web.routes_systems":
            raise
    else:
        systems.register(app)
        app.state.web_systems = True

    async def forbidden(scope: Any) -> Response:
        return error_page(Request(scope), 403)

    # Uploads may be multipart forms: the CSRF check reads at most the upload limit plus 1 MiB of form.
    app.add_middleware(
        WebMiddleware, database_url=database_url, max_body=max_upload + 1024 * 1024, forbidden=forbidden
    )

    app.add_exception_handler(LoginRequiredError, _login_required)
    app.add_exception_handler(CsrfError, _csrf)
    _web_or_api(app, StarletteHTTPException, _http)
    _web_or_api(app, services.RegistryError, _registry)
    _web_or_api(app, RequestValidationError, _invalid)
    _web_or_api(app, ProfileError, _invalid)
    _web_or_api(app, Exception, _internal)
