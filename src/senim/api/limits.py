"""Limits against hostile or broken clients, below the routes (ASGI) and in uvicorn's HTTP protocol.

* :class:`RequestLimitsMiddleware` caps the body of every API request that is not a multipart
  upload (JSON, form-encoded, anything else) at ``max_body_bytes``: a declared ``Content-Length``
  over the cap is refused before a byte is read, a chunked body is counted while it is read. The
  answer is ``413`` in the API's error shape. It also bounds how long a request body may take:
  ``body_timeout`` seconds of silence between two chunks, ``body_deadline`` seconds for the whole
  body. A body that stalls gets ``408`` and the connection is closed. Multipart uploads keep their
  own, larger size limit (``max_upload_bytes``, checked by the upload route while it streams) but
  are under the same timeouts, as are the web UI's forms.
* :func:`guarded_h11_protocol` is uvicorn's h11 protocol with a deadline for the request head:
  a connection that does not complete its request line and headers within ``header_timeout``
  seconds (slowloris) is closed. uvicorn itself only times out idle keep-alive connections.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio
import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = [
    "DEFAULT_BODY_DEADLINE",
    "DEFAULT_BODY_TIMEOUT",
    "DEFAULT_HEADER_TIMEOUT",
    "DEFAULT_MAX_BODY",
    "RequestLimitsMiddleware",
    "guarded_h11_protocol",
    "uvicorn_limits",
]

DEFAULT_MAX_BODY = 1024 * 1024  # bytes of a non-multipart API request body
DEFAULT_BODY_TIMEOUT = 30.0  # seconds between two chunks of a request body
DEFAULT_BODY_DEADLINE = 300.0  # seconds for a whole request body (25 MiB at ~700 kbit/s)
DEFAULT_HEADER_TIMEOUT = 10.0  # seconds for a request line and its headers

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTimeoutError(Exception):
    """The client sent its request body too slowly (raised from ``receive`` into the app)."""


class _TooLargeError(Exception):
    pass


class _TimeoutFlag:
    __slots__ = ("hit",)

    def __init__(self) -> None:
        self.hit = False


def _error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> bytes:
    return json.dumps({"error": {"code": code, "message": message, "details": details or []}}).encode()


async def _answer(send: Send, status: int, body: bytes, content_type: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                (b"x-content-type-options", b"nosniff"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


class RequestLimitsMiddleware:
    """Body size cap for API requests and read timeouts for every request body (see the module)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int = DEFAULT_MAX_BODY,
        body_timeout: float = DEFAULT_BODY_TIMEOUT,
        body_deadline: float = DEFAULT_BODY_DEADLINE,
    ) -> None:
        if max_body_bytes < 1 or body_timeout <= 0 or body_deadline <= 0:
            raise ValueError("limits must be positive")
        self.app = app
        self.max_body = max_body_bytes
        self.body_timeout = body_timeout
        self.body_deadline = body_deadline

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        api = _is_api(path)
        started = False
        timeout = _TimeoutFlag()

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if timeout.hit:
                # The app may have turned the failed read into an error of its own (e.g. FastAPI's 400
                # "error parsing the body"): the client gets the 408 instead.
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await self._timed_out(send, api)
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        timed = self._timed(receive, timeout)
        try:
            if api and not _is_multipart(scope):
                if self._declared_too_large(scope):
                    await self._too_large(send)
                    return
                body = await self._read_capped(timed)
                if body is None:  # the client went away
                    return
                await self.app(scope, _replay(body, receive), guarded_send)
            else:
                await self.app(scope, timed, guarded_send)
        except _TooLargeError:
            if not started:
                await self._too_large(send)
        except BodyTimeoutError:
            if started:
                return
            started = True
            await self._timed_out(send, api)
        if timeout.hit and not started:
            await self._timed_out(send, api)

    @staticmethod
    async def _timed_out(send: Send, api: bool) -> None:
        if api:
            body = _error_body("request_timeout", "the request body was not received in time")
            await _answer(send, 408, body, b"application/json")
        else:
            await _answer(send, 408, b"request body not received in time", b"text/plain; charset=utf-8")

    def _declared_too_large(self, scope: Scope) -> bool:
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    return int(value) > self.max_body
                except ValueError:
                    return False  # the HTTP server refuses a malformed Content-Length itself
        return False

    async def _too_large(self, send: Send) -> None:
        await _answer(
            send,
            413,
            _error_body(
                "payload_too_large",
                f"the request body exceeds the limit of {self.max_body} bytes",
                [{"limit": self.max_body, "reason": "body"}],
            ),
            b"application/json",
        )

    def _timed(self, receive: Receive, flag: _TimeoutFlag) -> Receive:
        """``receive`` with the idle and whole-body timeouts while the body is incomplete."""
        deadline: float | None = None
        complete = False

        async def timed() -> Message:
            nonlocal deadline, complete
            if complete:
                return await receive()
            now = time.monotonic()
            if deadline is None:
                deadline = now + self.body_deadline
            wait = min(self.body_timeout, deadline - now)
            if wait <= 0:
                flag.hit = True
                raise BodyTimeoutError
            try:
                with anyio.fail_after(wait):
                    message = await receive()
            except TimeoutError:
                flag.hit = True
                raise BodyTimeoutError from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                complete = True
            return message

        return timed

    async def _read_capped(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise _TooLargeError
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _is_multipart(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return bytes(value).lower().lstrip().startswith(b"multipart/form-data")
    return False


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as the server reports it

    return replay


def guarded_h11_protocol(header_timeout: float = DEFAULT_HEADER_TIMEOUT) -> type[H11Protocol]:
    """uvicorn's h11 protocol, closing connections whose request head takes over ``header_timeout`` s."""
    if header_timeout <= 0:
        raise ValueError("header_timeout must be positive")

    class GuardedH11Protocol(H11Protocol):
        head_timeout = header_timeout
        _head_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_timed_out(self) -> None:
            self._head_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()  # no request head within the limit: nobody waits for an answer

        def data_received(self, data: bytes) -> None:
            if self._head_timer is None and self.conn.their_state is h11.IDLE:
                self._arm()  # a new request begins on a kept-alive connection
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:
                self._disarm()  # the head is complete; the body is the ASGI layer's business

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    GuardedH11Protocol.__name__ = GuardedH11Protocol.__qualname__ = "GuardedH11Protocol"
    return GuardedH11Protocol


def uvicorn_limits(
    *, read_timeout: float = DEFAULT_HEADER_TIMEOUT, limit_concurrency: int = 512, keep_alive: float = 5.0
) -> dict[str, Any]:
    """uvicorn's settings for ``senim serve``: h11 with a deadline for request heads (slowloris),
    16 KiB of request head at most, a connection limit (503 beyond it) and a short keep-alive."""
    return {
        "http": guarded_h11_protocol(read_timeout),
        "h11_max_incomplete_event_size": 16 * 1024,
        "limit_concurrency": limit_concurrency,
        "timeout_keep_alive": keep_alive,
        "timeout_graceful_shutdown": 30,
        "server_header": False,
    }
