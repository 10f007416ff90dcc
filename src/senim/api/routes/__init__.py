"""What every router shares: the request context (one transaction, one authenticated principal),
the API's own errors, the error body schema and the optimistic-locking precondition.

The routers stay thin: they translate HTTP to calls of :mod:`senim.registry.services`, where every
rule of authorisation, tenancy and validation lives.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Request, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from senim.registry import services
from senim.registry.db import session_scope

__all__ = [
    "ERROR_RESPONSES",
    "MAX_OFFSET",
    "ApiError",
    "Ctx",
    "CurrentCtx",
    "ErrorBody",
    "IfMatch",
    "TransactionalRoute",
    "expected_version",
    "outsider",
    "version_etag",
]

_T = TypeVar("_T")


MAX_OFFSET = 1_000_000_000  # pagination offsets beyond this are refused (422), never sent to the database


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
    408: {"model": ErrorBody, "description": "The request body was not received in time"},
    409: {"model": ErrorBody, "description": "Conflict (duplicate, or a stale version)"},
    413: {"model": ErrorBody, "description": "The request body exceeds the size limit"},
    422: {"model": ErrorBody, "description": "Invalid input"},
}


class Ctx:
    """The request's transaction and authenticated principal, opened in the thread that runs the route.

    Opening the transaction, checking the token, the route's work and the commit happen in one trip
    to the thread pool for a sync route (see :class:`TransactionalRoute`). The commit happens after
    the route returns and *before* the response is sent, so a client that reads after a write sees
    it, and a failing commit (e.g. a stale version at flush) becomes the error response.
    """

    __slots__ = ("_principal", "_read_only", "_scope", "_session", "_token", "_url")

    def __init__(self, url: str, token: str, read_only: bool) -> None:
        self._url = url
        self._token = token
        self._read_only = read_only
        self._scope: Any = None
        self._session: Session | None = None
        self._principal: services.Principal | None = None

    def open(self) -> None:
        if self._session is not None:
            return
        scope = session_scope(self._url, check=False, read_only=self._read_only)  # checked at startup
        session = scope.__enter__()
        try:
            principal = services.authenticate(session, self._token)
        except BaseException as exc:
            scope.__exit__(type(exc), exc, exc.__traceback__)
            raise
        if principal is None:
            scope.__exit__(None, None, None)
            raise _unauthorized("the token is invalid, expired or revoked")
        session.info["senim_actor"] = principal.user_id  # the ledger names the token's user
        self._scope, self._session, self._principal = scope, session, principal

    def close(self, exc: BaseException | None) -> None:
        """Commit (``exc`` None) or roll back; idempotent."""
        scope, self._scope = self._scope, None
        if scope is None:
            return
        if exc is None:
            scope.__exit__(None, None, None)
        else:
            scope.__exit__(type(exc), exc, exc.__traceback__)

    def run(self, work: Callable[[], _T]) -> _T:
        """Open the transaction, run ``work`` and commit (or roll back) in the calling thread.

        For async routes: call it through ``run_in_threadpool``, so that the transaction never
        stays open across an ``await`` (see :func:`transactional`).
        """
        try:
            result = work()
        except BaseException as exc:
            self.close(exc)
            raise
        self.close(None)
        return result

    def read_only(self) -> Ctx:
        """A separate read-only context for the same token, with its own transaction."""
        return Ctx(self._url, self._token, True)

    @property
    def session(self) -> Session:
        self.open()
        assert self._session is not None
        return self._session

    @property
    def principal(self) -> services.Principal:
        self.open()
        assert self._principal is not None
        return self._principal


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
) -> Ctx:
    """The request's (not yet opened) transaction context; no database work on the event loop."""
    if credentials is None:
        raise _unauthorized("authenticate with 'Authorization: Bearer <token>'")
    # Reads (GET) run in read-only transactions: on SQLite they do not queue behind writers.
    return Ctx(request.app.state.database_url, credentials.credentials, request.method in ("GET", "HEAD"))


def _find_ctx(kwargs: dict[str, Any]) -> Ctx | None:
    for value in kwargs.values():
        if isinstance(value, Ctx):
            return value
    return None


def _find_response(kwargs: dict[str, Any]) -> Response | None:
    for value in kwargs.values():
        if isinstance(value, Response):
            return value
    return None


class _Serializer:
    """Turns a route's returned model into the HTTP response in the route's own thread.

    FastAPI would dump the returned model, validate the dump against the response model and dump it
    again, in a second trip to the thread pool. When the route already returns an instance of its
    response model that work proves nothing, so the model is serialised once, here. Anything else
    (another type, a ``Response``) goes FastAPI's usual way.
    """

    __slots__ = ("model", "status_code")

    def __init__(self) -> None:
        self.model: Any = None
        self.status_code: int = 200

    def __call__(self, result: Any, kwargs: dict[str, Any]) -> Any:
        if self.model is None or type(result) is not self.model:
            return result
        sub = _find_response(kwargs)
        response = Response(
            content=result.model_dump_json(),
            status_code=(sub.status_code if sub is not None and sub.status_code else self.status_code),
            media_type="application/json",
        )
        if sub is not None:
            for name, value in sub.raw_headers:
                if name not in (b"content-length", b"content-type"):
                    response.raw_headers.append((name, value))
        return response


def transactional(fn: Callable[..., Any], serializer: _Serializer | None = None) -> Callable[..., Any]:
    """Wrap a route so that the context opens, the route runs and the transaction ends together."""
    finish = serializer or _Serializer()
    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            # An async route awaits between its steps (the client's body, a worker thread). It must
            # not hold a transaction meanwhile: on SQLite a writer's transaction holds the database
            # write lock from BEGIN, so every other writer would wait for a slow client, or
            # deadlock when they hold the worker threads this route waits for. Such a route opens
            # and ends its transactions itself, each in one trip to the thread pool (`Ctx.run`).
            ctx = _find_ctx(kwargs)
            try:
                result = await fn(*args, **kwargs)
            except BaseException as exc:
                if ctx is not None:
                    ctx.close(exc)
                raise
            if ctx is not None:
                await run_in_threadpool(ctx.close, None)
            return finish(result, kwargs)

        return run_async

    @functools.wraps(fn)
    def run_sync(*args: Any, **kwargs: Any) -> Any:
        ctx = _find_ctx(kwargs)
        try:
            if ctx is not None:
                ctx.open()
            result = fn(*args, **kwargs)
        except BaseException as exc:
            if ctx is not None:
                ctx.close(exc)
            raise
        if ctx is not None:
            ctx.close(None)
        return finish(result, kwargs)

    return run_sync


def _query_names(dependant: Any) -> set[str]:
    """The query parameter names an operation declares, its dependencies' included."""
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


#: At most this many unknown names are listed in an error, each cut to this many characters.
_MAX_UNKNOWN_LISTED = 5
_MAX_NAME_SHOWN = 40


class TransactionalRoute(APIRoute):
    """Every route of the API runs inside :func:`transactional`; a query parameter the operation
    does not declare is refused (400 ``unknown_parameter``) instead of silently ignored, so that a
    misspelt filter (``?stauts=open``) cannot return an unfiltered list."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        serializer = _Serializer()
        super().__init__(path, transactional(endpoint, serializer), **kwargs)
        # Known only now: FastAPI may have inferred the response model from the return annotation.
        serializer.model = self.response_model
        serializer.status_code = self.status_code or 200

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()
        known = frozenset(_query_names(self.dependant))

        async def checked(request: Request) -> Any:
            unknown = sorted(set(request.query_params.keys()) - known)
            if unknown:
                shown = [name[:_MAX_NAME_SHOWN] for name in unknown[:_MAX_UNKNOWN_LISTED]]
                more = len(unknown) - len(shown)
                accepted = ", ".join(sorted(known)) or "none"
                raise ApiError(
                    400,
                    "unknown_parameter",
                    f"unknown query parameter{'s' if len(unknown) > 1 else ''}: {', '.join(shown)}"
                    + (f" and {more} more" if more else "")
                    + f" (this operation accepts: {accepted})",
                    details=[
                        {"loc": ["query", name], "message": "not a parameter of this operation"}
                        for name in shown
                    ],
                )
            return await handler(request)

        return checked


CurrentCtx = Annotated[Ctx, Depends(_context)]

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


def outsider(principal: services.Principal, org_id: str) -> bool:
    """True when ``principal`` reads an object of another organisation (a regulator reading what an
    organisation published). Such readers get the object without the ids of the organisation's
    users (``created_by``, ``attested_by``, ``by``): those are none of their business."""
    return principal.org_id is not None and principal.org_id != org_id
