"""What every page of the web UI uses: the signed-in user, the database session, rendering, CSRF.

Routes are plain (sync) FastAPI routes::

    from senim.web.deps import LoggedIn, db_session, render

    @router.get("/things/{thing_id}")
    def thing(request: Request, principal: LoggedIn, thing_id: str) -> HTMLResponse:
        with db_session(request, read_only=True) as session:
            ...
        return render(request, "things/one.html", thing=...)

* :func:`require_login` (or the ``LoggedIn`` annotation) gives the :class:`Principal` or sends the
  browser to ``/login?next=…`` (htmx requests get an ``HX-Redirect``).
* :func:`db_session` is one transaction of the registry (committed at the end of the block, rolled
  back on error); changes are recorded in the ledger under the signed-in user.
* :func:`render` renders a template of ``web/templates`` with the common context (below).
* CSRF is checked for every POST/PUT/PATCH/DELETE by the middleware before the route runs;
  :func:`check_csrf` is there for code that wants to check a token itself.

Template context added by :func:`render`: ``request``, ``user`` (the session: ``name``, ``email``,
``role``, ``org_id`` — or None), ``principal``, ``lang``, ``_`` (gettext), ``csrf_token``,
``csrf_field`` (a ready hidden input), ``fmt`` (a :class:`Formatter`), ``fmt_date``, ``fmt_datetime``,
``fmt_number``, ``fmt_percent``, ``fmt_duration``, ``nav`` (list of ``NavItem``), ``lang_links``
(the kk/ru/en switch), ``current_path``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from senim.i18n import LANGS, gettext, gettext_format, translator
from senim.registry.accounts import SessionInfo
from senim.registry.db import session_scope
from senim.registry.services import Principal, RegistryError
from senim.web.formatting import Formatter
from senim.web.security import CSRF_FIELD, WebState, negotiate_lang, tokens_equal

__all__ = [
    "LoggedIn",
    "LoginRequiredError",
    "NavItem",
    "check_csrf",
    "current_session",
    "current_user",
    "db_session",
    "get_lang",
    "render",
    "require_login",
    "safe_next",
    "templates",
]

TEMPLATES = Path(__file__).with_name("templates")
LANG_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

templates = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(["html", "htm", "xml", "svg"], default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


class LoginRequiredError(Exception):
    """Raised by :func:`require_login`; the web UI answers with a redirect to the sign-in page."""

    def __init__(self, next_url: str) -> None:
        super().__init__("sign-in required")
        self.next_url = next_url


class CsrfError(Exception):
    """A state-changing request without the session's CSRF token (answered with 403)."""


@dataclass(frozen=True, slots=True)
class NavItem:
    href: str
    label: str
    current: bool


def _state(request: Request) -> WebState:
    state = getattr(request.state, "web", None)
    if isinstance(state, WebState):
        return state
    # A request that did not pass through the middleware (e.g. an error page of the API paths).
    lang, _ = negotiate_lang(
        request.query_params.get("lang"),
        request.cookies.get("senim_lang"),
        request.headers.get("accept-language"),
    )
    fallback = WebState(lang=lang, session=None, login_csrf="", secure=request.url.scheme == "https")
    request.state.web = fallback
    return fallback


def current_session(request: Request) -> SessionInfo | None:
    return _state(request).session


def current_user(request: Request) -> Principal | None:
    """The signed-in user as the registry's :class:`Principal`, or None."""
    info = current_session(request)
    return info.principal if info is not None else None


def require_login(request: Request) -> Principal:
    """Dependency: the signed-in :class:`Principal`; otherwise a redirect to ``/login?next=…``."""
    principal = current_user(request)
    if principal is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequiredError(safe_next(target))
    return principal


LoggedIn = Annotated[Principal, Depends(require_login)]


def get_lang(request: Request) -> str:
    return _state(request).lang


def registry_message(exc: RegistryError, lang: str) -> str:
    """A registry error's message in ``lang``: its English template (``exc.template``) translated by
    the catalogs, then filled in with its values (the action a role may not take is translated too).
    English, and a message without a template, read exactly as ``str(exc)``."""
    template = getattr(exc, "template", None)
    values: dict[str, object] = dict(getattr(exc, "values", None) or {})
    if lang == "en" or not isinstance(template, str):
        return str(exc)
    if isinstance(values.get("what"), str):
        values["what"] = gettext(str(values["what"]), lang)
    try:
        return gettext_format(template, lang, **values) if values else gettext(template, lang)
    except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder: the English
        return str(exc)


def check_csrf(request: Request, token: str | None) -> None:
    """Raise :class:`CsrfError` unless ``token`` is the session's CSRF token (or, before sign-in,
    the sign-in form's)."""
    state = _state(request)
    expected = state.csrf_token
    if not tokens_equal(token, expected) and not tokens_equal(token, state.login_csrf):
        raise CsrfError


def safe_next(value: str | None) -> str:
    """A local path to go to after signing in (anything else becomes ``/``)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    if any(ord(c) < 32 for c in value) or value.startswith("/login") or value.startswith("/logout"):
        return "/"
    return value


@contextmanager
def db_session(request: Request, *, read_only: bool = False) -> Iterator[Session]:
    """One registry transaction, attributed in the ledger to the signed-in user (``web:anonymous``
    otherwise). ``read_only``: SQLite reads do not wait for writers; PostgreSQL refuses writes."""
    url: str = request.app.state.database_url
    info = current_session(request)
    with session_scope(url, check=False, read_only=read_only) as session:
        session.info["senim_actor"] = info.user_id if info is not None else "web:anonymous"
        yield session


def _nav(request: Request, _: Callable[[str], str], signed_in: bool) -> list[NavItem]:
    path = request.url.path
    items: list[tuple[str, str]] = []
    if signed_in:
        items.append(("/", _("Dashboard")))
        if getattr(request.app.state, "web_systems", False):
            items.append(("/systems", _("AI systems")))
    items.append(("/public", _("Public register")))
    if signed_in:
        items.append(("/account", _("Account")))
    out = []
    for href, label in items:
        current = path == href if href == "/" else path == href or path.startswith(href + "/")
        out.append(NavItem(href, label, current))
    return out


def _lang_links(request: Request) -> list[dict[str, Any]]:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    links = []
    for code in LANGS:
        query = urlencode([*params, ("lang", code)])
        links.append({"code": code, "name": LANG_NAMES[code], "href": f"{request.url.path}?{query}"})
    return links


def render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    """Render ``template`` (a path under ``web/templates``) with the common context and ``ctx``."""
    state = _state(request)
    lang = state.lang
    _ = translator(lang)
    fmt = Formatter(lang)
    info = state.session
    token = state.csrf_token
    context: dict[str, Any] = {
        "request": request,
        "user": info,
        "principal": info.principal if info is not None else None,
        "lang": lang,
        "_": _,
        "csrf_token": token,
        "csrf_field": Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, escape(token)),
        "fmt": fmt,
        "fmt_date": fmt.date,
        "fmt_datetime": fmt.datetime,
        "fmt_number": fmt.number,
        "fmt_percent": fmt.percent,
        "fmt_duration": fmt.duration,
        "nav": _nav(request, _, info is not None),
        "lang_links": _lang_links(request),
        "current_path": request.url.path,
        "role_label": lambda role: _role_label(role, _),
    }
    context.update(ctx)
    html = templates.get_template(template).render(context)
    return HTMLResponse(html, status_code=status)


def _role_label(role: str, _: Callable[[str], str]) -> str:
    labels = {
        "admin": _("Administrator"),
        "compliance_officer": _("Compliance officer"),
        "engineer": _("Engineer"),
        "auditor": _("Auditor"),
        "regulator": _("Regulator"),
    }
    return labels.get(role, role)
