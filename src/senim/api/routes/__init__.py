"""What every router shares: the request context (one transaction, one authenticated principal),
the API's own errors, the error body schema and the optimistic-locking precondition.

The routers stay thin: they translate HTTP to calls of :mod:`senim.registry.services`, where every
rule of authorisation, tenancy and validation lives.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from senim.ledger.chain import actor
from senim.registry import services
from senim.registry.db import session_scope

__all__ = [
    "ERROR_RESPONSES",
    "ApiError",
    "Ctx",
    "CurrentCtx",
    "ErrorBody",
    "IfMatch",
    "expected_version",
    "version_etag",
]


class ApiError(Exception):
    """An HTTP error raised by the API layer itself (authentication, uploads, preconditions)."""

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        *,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.details = details or []
        self.headers = headers


class ErrorInfo(BaseModel):
    code: str = Field(description="stable machine-readable name, e.g. not_found, forbidden, conflict")
    message: str = Field(description="human-readable explanation")
    details: list[dict[str, Any]] = Field(
        default_factory=list, description="per-field problems (loc/field and message), when there are any"
    )


class ErrorBody(BaseModel):
    """The one error shape of the API."""

    error: ErrorInfo


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed request (e.g. invalid JSON)"},
    401: {"model": ErrorBody, "description": "Missing, invalid, expired or revoked bearer token"},
    403: {"model": ErrorBody, "description": "The principal's role may not do this"},
    404: {"model": ErrorBody, "description": "Not found (also: another organisation's object)"},
    409: {"model": ErrorBody, "description": "Conflict (duplicate, or a stale version)"},
    422: {"model": ErrorBody, "description": "Invalid input"},
}


@dataclass(frozen=True, slots=True)
class Ctx:
    """The request's transaction and the authenticated principal."""

    session: Session
    principal: services.Principal


_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="An API token issued with POST /api/v1/users/{id}/tokens (or `senim`'s CLI).",
)


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, "unauthorized", message, headers={"WWW-Authenticate": "Bearer"})


async def _context(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AsyncIterator[Ctx]:
    """One ``session_scope`` transaction per request, run as the token's user.

    This is an *async* dependency on purpose: the ledger's actor is a context variable, and only a
    variable set in the request's own task is inherited by the worker threads that run the (sync)
    route and the commit. Used with ``scope="function"``, its exit (the commit) runs after the route
    returns and *before* the response is sent, so a client that reads after a write sees it; a
    failing commit (e.g. a stale version at flush) becomes the error response instead.
    """
    if credentials is None:
        raise _unauthorized("authenticate with 'Authorization: Bearer <token>'")
    # Reads (GET) run in read-only transactions: on SQLite they do not queue behind writers.
    scope = session_scope(
        request.app.state.database_url, check=False, read_only=request.method in ("GET", "HEAD")
    )  # the schema was checked at startup
    token = credentials.credentials

    def _open() -> tuple[Session, services.Principal | None]:
        # One trip to the thread pool for opening the transaction and authenticating.
        opened = scope.__enter__()
        try:
            return opened, services.authenticate(opened, token)
        except BaseException as exc:
            scope.__exit__(type(exc), exc, exc.__traceback__)
            raise

    session, principal = await run_in_threadpool(_open)
    finished = False
    try:
        if principal is None:
            raise _unauthorized("the token is invalid, expired or revoked")
        with actor(principal.user_id):
            yield Ctx(session, principal)
            finished = True
            await run_in_threadpool(scope.__exit__, None, None, None)  # commit (and its last flush)
    except BaseException as exc:
        if not finished:
            await run_in_threadpool(scope.__exit__, type(exc), exc, exc.__traceback__)  # roll back
        raise


CurrentCtx = Annotated[Ctx, Depends(_context, scope="function")]

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='The version read, as an entity tag: `"3"` (alternatively send `version` in the body)',
    ),
]

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')


def expected_version(if_match: str | None, body_version: int | None) -> int:
    """The version the client read: from ``If-Match`` or the body's ``version`` (required; 428 without)."""
    header_version: int | None = None
    if if_match is not None:
        m = _ETAG.match(if_match)
        if m is None:
            raise ApiError(
                422,
                "invalid",
                'If-Match: give the version you read as an entity tag, e.g. If-Match: "3"',
                details=[{"loc": ["header", "If-Match"], "message": "not a version entity tag"}],
            )
        header_version = int(m.group(1))
    if header_version is not None and body_version is not None and header_version != body_version:
        raise ApiError(
            422,
            "invalid",
            f"If-Match ({header_version}) and the body's version ({body_version}) disagree",
            details=[{"loc": ["body", "version"], "message": "differs from If-Match"}],
        )
    chosen = header_version if header_version is not None else body_version
    if chosen is None:
        raise ApiError(
            428,
            "precondition_required",
            "send the version you read (If-Match header or 'version' in the body), so that a concurrent "
            "change is not overwritten",
        )
    return chosen


def version_etag(version: int) -> str:
    return f'"{version}"'
