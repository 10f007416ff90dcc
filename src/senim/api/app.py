"""The REST API (FastAPI): thin routers over :mod:`senim.registry.services`, under ``/api/v1``.

Every route needs ``Authorization: Bearer <token>``; each request is one transaction, committed
before the response is sent and recorded in the ledger under the token's user. Errors have one
shape: ``{"error": {"code": ..., "message": ..., "details": [...]}}``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

import senim
from senim.api.docs import mount_docs
from senim.api.limits import (
    DEFAULT_BODY_DEADLINE,
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_MAX_BODY,
    RequestLimitsMiddleware,
)
from senim.api.routes import (
    ApiError,
    TransactionalRoute,
    evidence,
    incidents,
    ledger,
    literacy,
    risks,
    systems,
    users,
)
from senim.profile import ProfileError
from senim.registry import db, services

__all__ = ["API_PREFIX", "create_app", "default_threads"]

API_PREFIX = "/api/v1"
log = logging.getLogger("senim.api")

_STATUS: dict[type[services.RegistryError], int] = {
    services.NotFoundError: 404,
    services.PermissionDeniedError: 403,
    services.ConflictError: 409,
    services.ValidationFailedError: 422,
}

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    413: "payload_too_large",
    415: "unsupported_media_type",
    503: "service_unavailable",
}


def _error(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "details": details or []}},
        status_code=status,
        headers=headers,
    )


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return _error(exc.status_code, exc.code, exc.message, exc.details, exc.headers)


async def _registry_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, services.RegistryError)
    status = next((s for cls, s in _STATUS.items() if isinstance(exc, cls)), 400)
    return _error(status, exc.code, str(exc))


async def _profile_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProfileError)
    details = [
        {
            "loc": ["body", "profile", *(p.field.split(".") if p.field else [])],
            "field": p.field,
            "message": p.message,
        }
        for p in exc.problems
    ]
    summary = "; ".join(f"{p.field or '(profile)'}: {p.message}" for p in exc.problems[:5])
    return _error(422, "invalid_profile", f"the profile is not valid: {summary}", details)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        first = next(e for e in errors if e.get("type") == "json_invalid")
        where = (first.get("ctx") or {}).get("error", "")
        return _error(
            400,
            "malformed_json",
            f"the request body is not valid JSON{': ' + str(where) if where else ''}",
            [{"loc": [str(x) for x in first.get("loc", ())], "message": "invalid JSON"}],
        )
    details = [
        {
            "loc": [str(x) if not isinstance(x, int) else x for x in e.get("loc", ())],
            "message": e.get("msg", ""),
            "type": e.get("type", ""),
        }
        for e in errors
    ]
    summary = "; ".join(".".join(str(x) for x in d["loc"]) + ": " + str(d["message"]) for d in details[:5])
    return _error(422, "invalid", f"invalid request: {summary}", details)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return _error(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _stale(request: Request, exc: Exception) -> JSONResponse:
    return _error(409, "conflict", "the object was changed by someone else meanwhile: reload and retry")


async def _integrity(request: Request, exc: Exception) -> JSONResponse:
    # the constraint, not the driver's message: PostgreSQL's detail quotes the conflicting values
    orig = getattr(exc, "orig", None)
    log.info("integrity error on %s %s: %s", request.method, request.url.path, type(orig or exc).__name__)
    return _error(409, "conflict", "the change conflicts with data stored meanwhile: reload and retry")


async def _internal(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error(500, "internal_error", "internal server error")


def default_threads() -> int:
    """Worker threads for route work: ``SENIM_API_THREADS`` if set, else one per CPU core (at least 2)."""
    configured = os.environ.get("SENIM_API_THREADS")
    if configured:
        return int(configured)
    return max(2, os.cpu_count() or 2)


def create_app(
    database_url: str | None = None,
    *,
    max_upload_bytes: int = services.DEFAULT_MAX_UPLOAD,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
    body_deadline: float = DEFAULT_BODY_DEADLINE,
    threads: int | None = None,
    web: bool = True,
) -> FastAPI:
    """The Senim API over the database at ``database_url`` (default: ``SENIM_DATABASE_URL`` or SQLite).

    Startup refuses a database whose schema is not this version's (``senim db upgrade``).
    ``threads`` bounds the worker threads that run routes (default :func:`default_threads`): route
    work is Python and holds the GIL, so more threads than cores only queue for it and for the
    database (measured on 2 cores: 2 threads serve 30-80 % more reads than anyio's default of 40).

    ``max_body_bytes`` caps every API request body that is not a multipart upload (413);
    ``body_timeout`` (silence between two chunks) and ``body_deadline`` (whole body) bound how
    long a client may take to send a request body (408); see :mod:`senim.api.limits`.
    """
    if max_upload_bytes < 1 or max_body_bytes < 1:
        raise ValueError("max_upload_bytes and max_body_bytes must be positive")
    if body_timeout <= 0 or body_deadline <= 0:
        raise ValueError("body_timeout and body_deadline must be positive")
    worker_threads = threads if threads is not None else default_threads()
    if worker_threads < 1:
        raise ValueError("threads must be positive")
    url = db.database_url(database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            with db.session_scope(url, check=True):  # runs db.check_schema on the engine requests use
                pass
        except db.DatabaseError as exc:
            log.error("Senim API not started: %s", exc)
            raise
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = worker_threads
        yield

    app = FastAPI(
        title="Senim API",
        version=senim.__version__,
        description=(
            "Registry of AI systems, evidence, risks, incidents and AI-literacy records, with "
            "assessments against Kazakhstan's AI law, its personal-data law and the EU AI Act. "
            "Authenticate with `Authorization: Bearer <token>`. Errors: "
            '`{"error": {"code", "message", "details"}}`.'
        ),
        openapi_url="/openapi.json",
        docs_url=None,  # mount_docs: packaged Swagger UI under a strict CSP, no CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    # Routes added to the app itself run in one transaction too (the routers set it as well).
    app.router.route_class = TransactionalRoute
    app.state.database_url = url
    app.state.max_upload_bytes = max_upload_bytes

    for module in (systems, evidence, risks, incidents, literacy, users, ledger):
        app.include_router(module.router, prefix=API_PREFIX)

    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(services.RegistryError, _registry_error)
    app.add_exception_handler(ProfileError, _profile_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(StaleDataError, _stale)
    app.add_exception_handler(IntegrityError, _integrity)
    app.add_exception_handler(Exception, _internal)
    if web:  # the HTML web UI beside the API (senim.web); web=False serves the API alone
        from senim.web import mount_web

        mount_web(app, database_url=url)
    mount_docs(app)
    # Outermost: bodies are capped and timed before the web UI's CSRF check reads a form.
    app.add_middleware(
        RequestLimitsMiddleware,
        max_body_bytes=max_body_bytes,
        body_timeout=body_timeout,
        body_deadline=body_deadline,
    )
    return app
