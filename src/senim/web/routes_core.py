"""The web UI's own pages: sign-in and sign-out, password change, the dashboard, the public register."""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

import senim
from senim.i18n import translator
from senim.registry import accounts, services
from senim.registry.services import (
    NotFoundError,
    PermissionDeniedError,
    Principal,
    ValidationFailedError,
)
from senim.web.dashboard import ATTENTION, EU_TIERS, KZ_AUTONOMY, KZ_RISK, build_dashboard, level_label
from senim.web.deps import (
    LoggedIn,
    current_session,
    db_session,
    get_lang,
    render,
    safe_next,
)
from senim.web.security import LoginRateLimiter, session_cookie_header

__all__ = ["PUBLIC_READER", "org_slug", "router"]

log = logging.getLogger("senim.web")
router = APIRouter()

# The public register reads through the services as a reader who sees what organisations publish
# (the regulator's view); the page shows five fields of it and nothing else.
PUBLIC_READER = Principal("web:public", None, "regulator")


def _client_address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


def _limiter(request: Request) -> LoginRateLimiter:
    limiter = getattr(request.app.state, "login_limiter", None)
    if limiter is None:
        limiter = request.app.state.login_limiter = LoginRateLimiter()
    assert isinstance(limiter, LoginRateLimiter)
    return limiter


# --------------------------------------------------------------------------- health


@router.get("/healthz", include_in_schema=False)
def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok", "version": senim.__version__})


# --------------------------------------------------------------------------- sign-in / sign-out


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, next: str | None = None) -> Response:
    target = safe_next(next)
    if current_session(request) is not None:
        return RedirectResponse(target, status_code=303)
    return render(request, "login.html", next=target, email="", ask_org=False, error=None)


@router.post("/login", response_class=HTMLResponse, include_in_schema=False)
def login(
    request: Request,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=accounts.MAX_PASSWORD_LENGTH)] = "",
    organisation: Annotated[str, Form(max_length=300)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    _ = translator(get_lang(request))
    target = safe_next(next)
    address = _client_address(request)
    limiter = _limiter(request)
    wait = limiter.retry_after(email, address)
    if wait > 0:
        minutes = max(1, int(wait // 60 + (1 if wait % 60 else 0)))
        log.info("web sign-in refused: too many failures from %s", address)
        response = render(
            request,
            "login.html",
            status=429,
            next=target,
            email=email,
            ask_org=bool(organisation),
            error=_("Too many failed attempts. Try again in %(minutes)s min.") % {"minutes": minutes},
        )
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    user = None
    ambiguous = False
    with db_session(request) as session:
        try:
            user = accounts.authenticate_password(session, email, password, org=organisation or None)
        except accounts.AmbiguousLoginError:
            ambiguous = True
        if user is not None:
            session.info["senim_actor"] = user.id  # a rehash on sign-in is the user's own change
            old = request.cookies.get("senim_session")
            accounts.delete_session(session, old)  # a new session at every sign-in: no fixation
            accounts.purge_expired_sessions(session)
            token = accounts.create_session(session, user)
            user_id = user.id
    if ambiguous:
        return render(
            request,
            "login.html",
            status=400,
            next=target,
            email=email,
            ask_org=True,
            error=_(
                "This e-mail address is registered in several organisations: enter the organisation's name."
            ),
        )
    if user is None:
        limiter.failure(email, address)
        log.info("web sign-in failed from %s", address)
        return render(
            request,
            "login.html",
            status=401,
            next=target,
            email=email,
            ask_org=bool(organisation),
            error=_("The e-mail address or the password is not correct."),
        )
    limiter.success(email, address)
    log.info("web sign-in: user %s", user_id)
    redirect = RedirectResponse(target, status_code=303)
    redirect.headers.append("Set-Cookie", session_cookie_header(token, secure=request.state.web.secure))
    return redirect


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    token = request.cookies.get("senim_session")
    if token:
        with db_session(request) as session:
            accounts.delete_session(session, token)
    response = RedirectResponse("/login", status_code=303)
    response.headers.append("Set-Cookie", session_cookie_header(None, secure=request.state.web.secure))
    return response


# --------------------------------------------------------------------------- account


def _account(request: Request, principal: Principal, **ctx: Any) -> dict[str, Any]:
    with db_session(request, read_only=True) as session:
        org = services.find_org(session, principal.org_id) if principal.org_id else None
        return {"org_name": org.name if org is not None else "", **ctx}


@router.get("/account/password", response_class=HTMLResponse, include_in_schema=False)
@router.get("/account", response_class=HTMLResponse, include_in_schema=False)
def account(request: Request, principal: LoggedIn) -> Response:
    return render(request, "account.html", **_account(request, principal, error=None, done=False))


@router.post("/account/password", response_class=HTMLResponse, include_in_schema=False)
def change_password(
    request: Request,
    principal: LoggedIn,
    current_password: Annotated[str, Form(max_length=accounts.MAX_PASSWORD_LENGTH)] = "",
    new_password: Annotated[str, Form(max_length=accounts.MAX_PASSWORD_LENGTH)] = "",
    confirm_password: Annotated[str, Form(max_length=accounts.MAX_PASSWORD_LENGTH)] = "",
) -> Response:
    _ = translator(get_lang(request))
    info = current_session(request)
    assert info is not None
    error: str | None = None
    if new_password != confirm_password:
        error = _("The new password and its confirmation differ.")
    else:
        try:
            with db_session(request) as session:
                accounts.change_password(
                    session, principal, current=current_password, new=new_password, keep_session=info.id
                )
        except PermissionDeniedError:
            error = _("The current password is not correct.")
        except ValidationFailedError as exc:
            if "different" in str(exc):
                error = _("Choose a password different from the current one.")
            else:
                error = _("Use between %(min)s and %(max)s characters.") % {
                    "min": accounts.MIN_PASSWORD_LENGTH,
                    "max": accounts.MAX_PASSWORD_LENGTH,
                }
    if error is not None:
        return render(
            request, "account.html", status=400, **_account(request, principal, error=error, done=False)
        )
    log.info("web: user %s changed their password", principal.user_id)
    return render(request, "account.html", **_account(request, principal, error=None, done=True))


# --------------------------------------------------------------------------- dashboard


def _choice(value: str | None, allowed: tuple[str, ...]) -> str | None:
    return value if value in allowed else None


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def dashboard(
    request: Request,
    principal: LoggedIn,
    kz_risk: Annotated[str | None, Query(max_length=20)] = None,
    autonomy: Annotated[str | None, Query(max_length=20)] = None,
    eu_tier: Annotated[str | None, Query(max_length=20)] = None,
    attention: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    filters = {
        "kz_risk": _choice(kz_risk, KZ_RISK),
        "autonomy": _choice(autonomy, KZ_AUTONOMY),
        "eu_tier": _choice(eu_tier, EU_TIERS),
        "attention": _choice(attention, ATTENTION),
    }
    with db_session(request, read_only=True) as session:
        board = build_dashboard(session, principal)
        org_name = ""
        if principal.org_id is not None:
            org_name = services.find_org(session, principal.org_id).name
    _ = translator(get_lang(request))
    active = {k: v for k, v in filters.items() if v}
    return render(
        request,
        "dashboard.html",
        board=board,
        rows=board.filtered(**filters),
        filters=active,
        org_name=org_name,
        kz_risk_levels=KZ_RISK,
        kz_autonomy_levels=KZ_AUTONOMY,
        eu_tiers=EU_TIERS,
        level=lambda v: level_label(v, _),
        systems_pages=bool(getattr(request.app.state, "web_systems", False)),
    )


# --------------------------------------------------------------------------- public register


def org_slug(name: str) -> str:
    """A readable URL name for an organisation: lower case, letters and digits joined by hyphens."""
    text = unicodedata.normalize("NFKC", name).lower()
    return re.sub(r"[\W_]+", "-", text).strip("-") or "org"


def _published(request: Request) -> list[dict[str, Any]]:
    """Every published system with the five public fields and its organisation."""
    out: list[dict[str, Any]] = []
    with db_session(request, read_only=True) as session:
        offset = 0
        while True:
            page, total = services.list_systems(session, PUBLIC_READER, limit=500, offset=offset)
            for system in page:
                org = services.find_org(session, system.org_id)
                try:
                    profile = services.current_profile(session, PUBLIC_READER, system.id)
                    purpose = profile.description
                    owner_name = profile.organization.name
                except NotFoundError:
                    purpose, owner_name = None, None
                try:
                    record = services.latest_assessment(session, PUBLIC_READER, system.id)
                    kz = next((r for r in record.result["results"] if r["pack"] == "kz-ai-law"), None)
                    risk = (kz or {}).get("classification", {}).get("risk_level") or "none"
                except NotFoundError:
                    risk = "none"
                out.append(
                    {
                        "org_id": org.id,
                        "org_name": org.name,
                        "org_slug": org_slug(org.name),
                        "name": system.name or system.slug,
                        "owner": system.owner or owner_name or org.name,
                        "risk": risk,
                        "purpose": purpose,
                        "contact": system.holder or system.owner or org.name,
                        "trusted_list": system.publication == "trusted_list",
                    }
                )
            offset += len(page)
            if not page or offset >= total:
                break
    return out


@router.get("/public", response_class=HTMLResponse, include_in_schema=False)
def public_index(request: Request) -> Response:
    systems = _published(request)
    orgs: dict[str, dict[str, Any]] = {}
    for s in systems:
        entry = orgs.setdefault(s["org_id"], {"name": s["org_name"], "slug": s["org_slug"], "count": 0})
        entry["count"] += 1
    slugs = [o["slug"] for o in orgs.values()]
    for org_id, entry in orgs.items():
        if slugs.count(entry["slug"]) > 1:  # two names that read alike: fall back to the id
            entry["slug"] = org_id
    _ = translator(get_lang(request))
    return render(
        request,
        "public/index.html",
        orgs=sorted(orgs.values(), key=lambda o: str(o["name"]).lower()),
        level=lambda v: level_label(v, _),
    )


@router.get("/public/{org}", response_class=HTMLResponse, include_in_schema=False)
def public_register(request: Request, org: str) -> Response:
    systems = [s for s in _published(request) if org in (s["org_id"], s["org_slug"])]
    if not systems:
        raise NotFoundError("no published systems")
    if len({s["org_id"] for s in systems}) > 1:
        raise NotFoundError("ambiguous organisation name: use the id")
    _ = translator(get_lang(request))
    return render(
        request,
        "public/register.html",
        org_name=systems[0]["org_name"],
        systems=sorted(systems, key=lambda s: str(s["name"]).lower()),
        level=lambda v: level_label(v, _),
        today=dt.date.today(),
    )
