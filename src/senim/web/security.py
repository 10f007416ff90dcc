"""Web security: password hashing (re-exported), cookies, sessions, CSRF, sign-in rate limits, headers.

* **Passwords**: argon2id with RFC 9106 parameters, see :mod:`senim.registry.accounts`.
* **Sessions** are server-side (``web_sessions``); the cookie ``senim_session`` holds a random
  256-bit token (the table keeps its SHA-256). Cookie flags: ``HttpOnly``, ``SameSite=Lax``,
  ``Path=/``, and ``Secure`` when the request came over HTTPS or ``SENIM_SECURE_COOKIES=1``.
  Idle limit 30 minutes, absolute limit 12 hours; sign-in always starts a new session (no fixation).
* **CSRF**: every POST/PUT/PATCH/DELETE to the web UI must carry the session's CSRF token, in the
  form field ``csrf_token`` or the header ``X-CSRF-Token`` (htmx: ``static/senim.js`` adds it from
  the ``csrf-token`` meta tag). :class:`WebMiddleware` checks it *before* any route runs, for every
  route of the web UI, including the ones added by other modules. Before sign-in the token is a
  double-submit value kept in the ``senim_login_csrf`` cookie (``SameSite=Strict``).
* **Sign-in rate limit**: 5 failures for one e-mail address from one client address within 15
  minutes lock that pair for 15 minutes from the last failure; 30 failures from one client address
  lock the address. Kept in memory per server process (``senim serve`` runs one).
* **Headers** on every response: CSP ``default-src 'self'`` (no inline script or style),
  ``frame-ancestors 'none'``, ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin``,
  ``X-Frame-Options: DENY``, a restrictive ``Permissions-Policy``, HSTS when cookies are secure,
  and ``Cache-Control: no-store`` on pages of signed-in users.

Nothing here logs a password, a token or a cookie.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.formparsers import MultiPartException, MultiPartParser

from senim.registry import accounts
from senim.registry.accounts import SessionInfo, hash_password, verify_password
from senim.registry.db import session_scope

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "LOGIN_CSRF_COOKIE",
    "SESSION_COOKIE",
    "LoginRateLimiter",
    "WebMiddleware",
    "hash_password",
    "is_web_path",
    "secure_cookies",
    "session_cookie_header",
    "verify_password",
]

log = logging.getLogger("senim.web")

SESSION_COOKIE = "senim_session"
LOGIN_CSRF_COOKIE = "senim_login_csrf"
LANG_COOKIE = "senim_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NON_WEB_PREFIXES = ("/api/", "/docs", "/openapi.json", "/redoc")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def is_web_path(path: str) -> bool:
    """True for the web UI's paths (everything but the REST API and its documentation)."""
    return path != "/api" and not path.startswith(NON_WEB_PREFIXES)


def secure_cookies(scheme: str) -> bool:
    return scheme == "https" or os.environ.get("SENIM_SECURE_COOKIES", "").strip() in ("1", "true", "yes")


def _cookie(name: str, value: str, *, secure: bool, max_age: int | None, same_site: str = "Lax") -> str:
    parts = [f"{name}={value}", "Path=/", "HttpOnly", f"SameSite={same_site}"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def session_cookie_header(token: str | None, *, secure: bool) -> str:
    """The ``Set-Cookie`` value that stores (or, with None, clears) the session cookie."""
    if token is None:
        return _cookie(SESSION_COOKIE, "", secure=secure, max_age=0)
    return _cookie(
        SESSION_COOKIE, token, secure=secure, max_age=int(accounts.ABSOLUTE_LIFETIME.total_seconds())
    )


def lang_cookie_header(lang: str, *, secure: bool) -> str:
    parts = [f"{LANG_COOKIE}={lang}", "Path=/", "SameSite=Lax", f"Max-Age={365 * 24 * 3600}"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def read_cookies(headers: Headers) -> dict[str, str]:
    jar: dict[str, str] = {}
    for raw in headers.getlist("cookie"):
        parsed: SimpleCookie = SimpleCookie()
        try:
            parsed.load(raw)
        except Exception:  # a malformed cookie header: ignore it
            continue
        for key, morsel in parsed.items():
            jar.setdefault(key, morsel.value)
    return jar


def tokens_equal(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


# --------------------------------------------------------------------------- sign-in rate limit


class LoginRateLimiter:
    """Failures per (e-mail, client address) and per client address, in a sliding window."""

    def __init__(
        self,
        *,
        max_failures: int = 5,
        max_failures_per_address: int = 30,
        window: float = 15 * 60,
        lock: float = 15 * 60,
        max_keys: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.max_failures_per_address = max_failures_per_address
        self.window = window
        self.lock = lock
        self.max_keys = max_keys
        self.clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._mutex = threading.Lock()

    @staticmethod
    def _keys(email: str, address: str) -> tuple[str, str]:
        return f"u\x1f{email.strip().lower()}\x1f{address}", f"a\x1f{address}"

    def _locked_for(self, key: str, limit: int, now: float) -> float:
        times = self._failures.get(key)
        if not times:
            return 0.0
        while times and now - times[0] > self.window + self.lock:
            times.popleft()
        recent = [t for t in times if now - t <= self.window]
        if len(recent) < limit:
            return 0.0
        return max(0.0, times[-1] + self.lock - now)

    def retry_after(self, email: str, address: str) -> float:
        """Seconds until sign-in is allowed again for this pair (0: allowed now)."""
        now = self.clock()
        pair, addr = self._keys(email, address)
        with self._mutex:
            return max(
                self._locked_for(pair, self.max_failures, now),
                self._locked_for(addr, self.max_failures_per_address, now),
            )

    def failure(self, email: str, address: str) -> None:
        now = self.clock()
        with self._mutex:
            for key in self._keys(email, address):
                times = self._failures.setdefault(key, deque(maxlen=max(self.max_failures_per_address, 64)))
                times.append(now)
                self._failures.move_to_end(key)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def success(self, email: str, address: str) -> None:
        pair, _ = self._keys(email, address)
        with self._mutex:
            self._failures.pop(pair, None)


# --------------------------------------------------------------------------- the middleware


@dataclass
class WebState:
    """What :class:`WebMiddleware` learnt about a request (``request.state.web``)."""

    lang: str
    session: SessionInfo | None
    login_csrf: str
    secure: bool

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_secret if self.session is not None else self.login_csrf


def negotiate_lang(query_lang: str | None, cookie_lang: str | None, accept: str | None) -> tuple[str, bool]:
    """``(language, remember)``: ``?lang=`` (remembered in a cookie), else the cookie, else the
    browser's Accept-Language, else Kazakh."""
    from senim.i18n import LANGS

    if query_lang in LANGS:
        return str(query_lang), True
    if cookie_lang in LANGS:
        return str(cookie_lang), False
    if accept:
        ranked: list[tuple[float, int, str]] = []
        for i, item in enumerate(accept.split(",")):
            piece = item.strip()
            if not piece:
                continue
            tag, _, params = piece.partition(";")
            q = 1.0
            if params.strip().startswith("q="):
                try:
                    q = float(params.strip()[2:])
                except ValueError:
                    q = 0.0
            primary = tag.strip().lower().split("-")[0]
            if primary in LANGS and q > 0:
                ranked.append((-q, i, primary))
        if ranked:
            return sorted(ranked)[0][2], False
    return "kk", False


class CsrfRejectedError(Exception):
    """Raised inside the middleware; answered with a 403 page."""


class WebMiddleware:
    """Language, session, CSRF and security headers for every request (ASGI).

    For the web UI's paths it loads the session (a read-only transaction, plus a write at most once
    a minute to record use), checks the CSRF token of every state-changing request, and puts a
    :class:`WebState` on ``request.state.web``. Every response gets the security headers.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        database_url: str,
        max_body: int,
        forbidden: Callable[[Scope], Awaitable[Any]] | None = None,
    ) -> None:
        self.app = app
        self.database_url = database_url
        self.max_body = max_body
        self.forbidden = forbidden

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        secure = secure_cookies(scope.get("scheme", "http"))
        web = is_web_path(path)
        extra_cookies: list[str] = []
        signed_in = False

        if web and not path.startswith("/static/"):
            headers = Headers(scope=scope)
            cookies = read_cookies(headers)
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            lang, remember = negotiate_lang(
                (query.get("lang") or [None])[0], cookies.get(LANG_COOKIE), headers.get("accept-language")
            )
            if remember:
                extra_cookies.append(lang_cookie_header(lang, secure=secure))
            token = cookies.get(SESSION_COOKIE)
            info = await run_in_threadpool(self._load, token) if token else None
            if token and info is None:
                extra_cookies.append(session_cookie_header(None, secure=secure))
            login_csrf = cookies.get(LOGIN_CSRF_COOKIE) or ""
            if info is None and not login_csrf:
                login_csrf = secrets.token_urlsafe(32)
                extra_cookies.append(
                    _cookie(LOGIN_CSRF_COOKIE, login_csrf, secure=secure, max_age=None, same_site="Strict")
                )
            state = WebState(lang=lang, session=info, login_csrf=login_csrf, secure=secure)
            scope.setdefault("state", {})["web"] = state
            signed_in = info is not None

            if scope.get("method", "GET") in UNSAFE_METHODS:
                try:
                    receive = await self._check_csrf(scope, receive, headers, state)
                except CsrfRejectedError:
                    log.info("CSRF token missing or wrong on %s %s", scope.get("method"), path)
                    await self._reject(scope, receive, send, extra_cookies, secure)
                    return
                except _TooLargeError:
                    await _plain(send, 413, "request body too large", extra_cookies, secure)
                    return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                _security_headers(out, path, secure)
                if signed_in and "cache-control" not in out:
                    out["Cache-Control"] = "no-store"
                for cookie in extra_cookies:
                    out.append("Set-Cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _load(self, token: str) -> SessionInfo | None:
        with session_scope(self.database_url, check=False, read_only=True) as s:
            info = accounts.load_session(s, token)
        if info is not None and accounts.needs_touch(info):
            with session_scope(self.database_url, check=False) as s:
                accounts.touch_session(s, info)
        return info

    async def _check_csrf(self, scope: Scope, receive: Receive, headers: Headers, state: WebState) -> Receive:
        sent = headers.get(CSRF_HEADER)
        replay = receive
        if not sent:
            body = await _read_body(receive, self.max_body)
            sent = await _form_token(headers, body)
            replay = _replayer(body, receive)
        expected = [state.session.csrf_secret] if state.session is not None else []
        if state.login_csrf:
            expected.append(state.login_csrf)
        if not any(tokens_equal(sent, e) for e in expected):
            raise CsrfRejectedError
        return replay

    async def _reject(
        self, scope: Scope, receive: Receive, send: Send, cookies: list[str], secure: bool
    ) -> None:
        if self.forbidden is not None:
            response = await self.forbidden(scope)

            async def send_with(message: Message) -> None:
                if message["type"] == "http.response.start":
                    out = MutableHeaders(scope=message)
                    _security_headers(out, scope.get("path", ""), secure)
                    for cookie in cookies:
                        out.append("Set-Cookie", cookie)
                await send(message)

            await response(scope, receive, send_with)
            return
        await _plain(send, 403, "CSRF token missing or not valid", cookies, secure)


class _TooLargeError(Exception):
    pass


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _TooLargeError
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replayer(body: bytes, receive: Receive) -> Receive:
    done = False

    async def replay() -> Message:
        nonlocal done
        if not done:
            done = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _form_token(headers: Headers, body: bytes) -> str | None:
    ctype = headers.get("content-type", "")
    if ctype.startswith("application/x-www-form-urlencoded"):
        values = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).get(CSRF_FIELD)
        return values[0] if values else None
    if ctype.startswith("multipart/form-data"):

        async def stream() -> Any:
            yield body

        try:
            form = await MultiPartParser(headers, stream()).parse()
        except MultiPartException:
            return None
        try:
            value = form.get(CSRF_FIELD)
            return value if isinstance(value, str) else None
        finally:
            await form.close()
    return None


def _security_headers(out: MutableHeaders, path: str, secure: bool) -> None:
    if not path.startswith("/docs"):
        out.setdefault("Content-Security-Policy", CSP)
        out.setdefault("X-Frame-Options", "DENY")
    out.setdefault("X-Content-Type-Options", "nosniff")
    out.setdefault("Referrer-Policy", "same-origin")
    out.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    out.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
    if secure:
        out.setdefault("Strict-Transport-Security", "max-age=31536000")


async def _plain(send: Send, status: int, text: str, cookies: list[str], secure: bool) -> None:
    headers = MutableHeaders()
    headers["Content-Type"] = "text/plain; charset=utf-8"
    _security_headers(headers, "", secure)
    for cookie in cookies:
        headers.append("Set-Cookie", cookie)
    body = text.encode()
    headers["Content-Length"] = str(len(body))
    await send({"type": "http.response.start", "status": status, "headers": headers.raw})
    await send({"type": "http.response.body", "body": body})
