"""The system pages of the web application: list, wizard, overview, obligations and evidence, risks,
incidents, machine results, profile history, ledger status and the dossier download.

Thin: every read and write goes through :mod:`senim.registry.services` (which enforce roles and
tenancy and whose writes the ledger records); classification is :func:`senim.law.assess`. A route
opens one transaction (W1's ``db_session``), renders with W1's ``render`` and checks CSRF on every
POST. Registry errors become HTML pages (404, 403) or form errors (409, 413, 422).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from senim.i18n import translator
from senim.law import assess, default_catalog
from senim.law.packs import evidence_label
from senim.profile import ProfileError, parse_profile
from senim.profile.io import profile_to_data
from senim.registry import services
from senim.registry.models import HARM_TYPES, LIFECYCLE_STAGES, PUBLICATION, AISystem, User
from senim.registry.services import KZ_TIME, Principal
from senim.web import deps
from senim.web.diff import Change, profile_diff
from senim.web.formatting import Formatter
from senim.web.questionnaire import (
    NONE_CHOICE,
    PACK_LABELS,
    FieldProblem,
    Question,
    Topic,
    answered,
    apply_answers,
    get_path,
    questionnaire,
    topic_of_field,
    value_label,
)

__all__ = ["register", "router"]

router = APIRouter(prefix="/systems", include_in_schema=False)

SCHEMA = "senim/system-profile/v1"
WRITE_ROLES = services.WRITE_ROLES
RISK_STATUSES = ("open", "mitigated", "accepted", "closed")
ACTION_KINDS = ("measure", "notification", "suspension", "resumption")
EVIDENCE_KINDS = ("file", "machine_result")
UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries and the text fields, on top of the file itself
SUMMARY_ROWS = 40  # leaves of a machine result's JSON shown on the results page

# Labels of classification values by kind (English source text; separate texts where Russian and
# Kazakh need different words or genders).
CLASS_LABELS: dict[str, dict[str, str]] = {
    "risk": {"minimal": "Minimal", "medium": "Medium", "high": "High"},
    "autonomy": {"low": "Low autonomy", "medium": "Medium autonomy", "high": "High autonomy"},
    "usage": {
        "open": "Open (offered to anyone)",
        "closed": "Closed (a limited circle of users)",
        "local": "Local (no network)",
    },
    "tier": {
        "prohibited": "Prohibited",
        "high": "High risk",
        "limited": "Limited risk",
        "minimal": "Minimal risk",
        "out_of_scope": "Out of scope",
    },
}
STAGE_LABELS: dict[str, str] = {
    "design": "Design",
    "development": "Development",
    "testing": "Testing",
    "deployed": "Deployed",
    "suspended": "Suspended",
    "retired": "Retired",
}
PUBLICATION_LABELS: dict[str, str] = {
    "none": "Not published",
    "public_register": "Public register",
    "trusted_list": "Trusted list",
}
HARM_LABELS: dict[str, str] = {
    "health": "Harm to health",
    "safety": "Harm to safety",
    "rights": "Infringement of rights",
    "property": "Damage to property",
    "personal_data_breach": "Personal-data breach",
    "death": "Death of a person",
    "critical_infrastructure": "Disruption of critical infrastructure",
    "widespread_infringement": "Widespread infringement",
    "environment": "Harm to the environment",
}
ACTION_LABELS: dict[str, str] = {
    "measure": "Measure taken",
    "notification": "Notification sent",
    "suspension": "System suspended",
    "resumption": "System resumed",
}
RISK_STATUS_LABELS: dict[str, str] = {
    "open": "Open",
    "mitigated": "Mitigated",
    "accepted": "Accepted",
    "closed": "Closed",
}
INCIDENT_STATUS_LABELS: dict[str, str] = {
    "open": "Open",
    "reported": "Reported",
    "closed": "Closed",
}
EVIDENCE_KIND_LABELS: dict[str, str] = {
    "attestation": "Attestation",
    "file": "File",
    "machine_result": "Machine result (scan, label check, audit)",
}


def register(app: FastAPI) -> None:
    """Add the system pages to ``app`` (called by :func:`senim.web.app.mount_web`)."""
    app.include_router(router)
    app.state.web_systems = True  # the web core shows "AI systems" in the navigation


# --------------------------------------------------------------------------- plumbing over W1's core

Login = Annotated[Principal, Depends(deps.require_login)]


class FormError(Exception):
    """A form that cannot be accepted: re-render the page with these messages and this status."""

    def __init__(self, messages: list[str], status: int = 422) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages
        self.status = status


def _lang(request: Request) -> str:
    return deps.get_lang(request)


@contextmanager
def _tx(request: Request, *, read_only: bool = False) -> Iterator[Session]:
    """One transaction for the request (the ledger names the signed-in user)."""
    with deps.db_session(request, read_only=read_only) as session:
        yield session


def _can_write(principal: Principal) -> bool:
    return principal.role in WRITE_ROLES


def _message(request: Request, exc: services.RegistryError) -> str:
    """The registry's explanation in the reader's language."""
    return deps.registry_message(exc, _lang(request))


def _registry_status(exc: services.RegistryError) -> int:
    if isinstance(exc, services.NotFoundError):
        return 404
    if isinstance(exc, services.PermissionDeniedError):
        return 403
    if isinstance(exc, services.ConflictError):
        return 409
    return 422


def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """W1's error page (``error.html``) with the registry's explanation as the detail."""
    _ = translator(_lang(request))
    titles = {
        403: _("Access denied"),
        404: _("Page not found"),
        409: _("The data changed meanwhile"),
        503: _("Not available"),
    }
    return deps.render(
        request,
        "error.html",
        status=status,
        status_code=status,
        title=titles.get(status, _("The request could not be completed")),
        explanation="",
        detail=message,
    )


async def _form(request: Request) -> FormData:
    """The submitted form (its CSRF token was checked by the web middleware before the route ran;
    checked again here, so that a route never acts on a form without it)."""
    form = await request.form()
    token = form.get("csrf_token")
    deps.check_csrf(request, token if isinstance(token, str) else request.headers.get("x-csrf-token"))
    return form


def _text(form: FormData, name: str, *, limit: int = 100_000) -> str:
    value = form.get(name)
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > limit:
        raise FormError([f"{name}: at most {limit} characters"])
    return text


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    """W1's ``render`` plus what the system templates share: label lookups and question helpers."""
    _ = translator(_lang(request))

    def cls(value: str | None, kind: str = "risk") -> str:
        labels = CLASS_LABELS.get(kind, {})
        return _(labels[value]) if value in labels else _("Not determined")

    def stage_label(value: str) -> str:
        return STAGE_LABELS.get(value, value)

    base: dict[str, Any] = {
        "h": _wizard_helpers(),
        "pack_label": PACK_LABELS,
        "cls": cls,
        "stage_label": stage_label,
        "publication_label": PUBLICATION_LABELS,
        "harm_label": HARM_LABELS,
        "action_label": ACTION_LABELS,
        "risk_status_label": RISK_STATUS_LABELS,
        "evidence_kind_label": EVIDENCE_KIND_LABELS,
        "incident_status_label": INCIDENT_STATUS_LABELS,
        "clock_law": PACK_LABELS,
        "qmap": _questions_by_path(),
        "system_id": None,
        "errors": [],
        "form": {},
    }
    base.update(ctx)
    return deps.render(request, template, status=status, **base)


# --------------------------------------------------------------------------- views of the law


@dataclass
class Panel:
    """What the classification panel shows, from a live assessment of profile data."""

    kz: dict[str, Any]
    eu: dict[str, Any]
    kz_in_scope: bool | None
    eu_in_scope: bool | None
    prohibited: list[dict[str, Any]]
    manual_review: list[dict[str, Any]]
    open_questions: dict[str, list[str]]  # field -> rules that need it
    obligations: dict[str, int]  # status -> count
    packs: list[str]
    invalid: list[FieldProblem]


def _panel(data: Mapping[str, Any], lang: str, problems: list[FieldProblem] | None = None) -> Panel:
    """Classify profile data now (nothing stored); an invalid profile yields its problems instead."""
    issues = list(problems or [])
    try:
        profile = parse_profile({**data})
    except ProfileError as exc:
        issues += [FieldProblem(p.field or "", p.message) for p in exc.problems]
        return Panel({}, {}, None, None, [], [], {}, {}, [], issues)
    result = assess(profile, lang=lang).to_dict()
    kz: dict[str, Any] = {}
    eu: dict[str, Any] = {}
    kz_scope: bool | None = None
    eu_scope: bool | None = None
    prohibited: list[dict[str, Any]] = []
    review: list[dict[str, Any]] = []
    open_q: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    packs = []
    for pack in result["results"]:
        packs.append(f"{pack['pack']}@{pack['version']}")
        if pack["pack"] == "kz-ai-law":
            kz, kz_scope = pack["classification"], pack.get("in_scope")
        elif pack["pack"] == "eu-ai-act":
            eu, eu_scope = pack["classification"], pack.get("in_scope")
        for item in pack["prohibited"]:
            prohibited.append({"pack": pack["pack"], **item})
        for item in pack["manual_review"]:
            review.append({"pack": pack["pack"], **item})
        for q in pack["open_questions"]:
            open_q.setdefault(q["field"], []).extend(r for r in q["needed_by"] if r not in open_q[q["field"]])
        for ob in pack["obligations"]:
            counts[ob["status"]] = counts.get(ob["status"], 0) + 1
    return Panel(kz, eu, kz_scope, eu_scope, prohibited, review, open_q, counts, packs, issues)


def _rule_title(pack_ref: str, rule_id: str, lang: str, fallback: str) -> str:
    """A rule's title in ``lang`` from its pack (stored assessments keep the language they ran in)."""
    pack_id, _sep, version = pack_ref.partition("@")
    try:
        rule = default_catalog().load(pack_id, version).by_id.get(rule_id)
    except Exception:  # a pack version no longer shipped: keep the stored title
        return fallback
    return rule.title.get(lang) if rule is not None else fallback


def _latest_data(session: Session, principal: Principal, system_id: str) -> dict[str, Any]:
    return profile_to_data(services.current_profile(session, principal, system_id))


def _latest_assessment(session: Session, principal: Principal, system_id: str) -> dict[str, Any] | None:
    try:
        return services.latest_assessment(session, principal, system_id).result
    except services.NotFoundError:
        return None


def _classification_of(result: Mapping[str, Any] | None) -> dict[str, Any]:
    """KZ risk × autonomy and EU tier of a stored assessment (for the list page)."""
    out: dict[str, Any] = {"risk_level": None, "autonomy_level": None, "risk_tier": None, "prohibited": 0}
    for pack in (result or {}).get("results", []):
        cls = pack.get("classification") or {}
        if pack.get("pack") == "kz-ai-law":
            out["risk_level"], out["autonomy_level"] = cls.get("risk_level"), cls.get("autonomy_level")
        elif pack.get("pack") == "eu-ai-act":
            out["risk_tier"] = cls.get("risk_tier")
        out["prohibited"] += len(pack.get("prohibited", []))
    return out


def _reassess(session: Session, principal: Principal, system_id: str, lang: str) -> None:
    services.run_assessment(session, principal, system_id=system_id, lang=lang)


# --------------------------------------------------------------------------- formatting helpers


def fmt_datetime(value: dt.datetime | str | None, lang: str) -> str:
    """A moment in Kazakhstan time (UTC+5), localised."""
    if value is None:
        return ""
    return f"{Formatter(lang).datetime(value)} (UTC+5)"


def countdown(deadline: dt.datetime, now: dt.datetime, lang: str) -> str:
    """Remaining time to a deadline (or how long it is overdue), in words of ``lang``."""
    _ = translator(lang)
    span = Formatter(lang).duration(deadline - now)
    return (_("overdue by {span}") if deadline < now else _("{span} left")).format(span=span)


def _display_value(q: Question | None, value: Any, _: Callable[[str], str]) -> str:
    if value is None:
        return _("unanswered")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(_(value_label(str(v))) for v in value) if value else _("none")
    if q is not None and q.kind == "enum":
        return _(value_label(str(value)))
    return str(value)


def _questions_by_path() -> dict[str, Question]:
    return {q.path: q for t in questionnaire() for q in t.questions}


# --------------------------------------------------------------------------- list and creation


_CSS = Path(__file__).with_name("templates") / "systems" / "systems.css"


@router.get("/assets/systems.css")
def stylesheet() -> Response:
    """The system pages' stylesheet (packaged with the templates; no sign-in needed)."""
    return Response(
        _CSS.read_bytes(),
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("", response_class=HTMLResponse)
def list_systems(
    request: Request,
    user: Login,
    q: Annotated[str | None, Query(max_length=200)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    limit = 50
    try:
        with _tx(request, read_only=True) as session:
            systems, total = services.list_systems(session, user, q=q or None, limit=limit, offset=offset)
            rows = []
            for s in systems:
                rows.append({"system": s, **_classification_of(_latest_assessment(session, user, s.id))})
    except services.RegistryError as exc:
        return _error_page(request, _registry_status(exc), _message(request, exc))
    return _render(
        request,
        "systems/list.html",
        rows=rows,
        total=total,
        q=q or "",
        offset=offset,
        limit=limit,
        can_write=_can_write(user),
    )


def _new_ctx(
    request: Request, data: Mapping[str, Any], errors: list[str], problems: list[FieldProblem]
) -> dict[str, Any]:
    lang = _lang(request)
    topic = questionnaire()[0]
    preview = {**data, "id": data.get("id") or "new-system"}
    return {
        "topic": topic,
        "topics": questionnaire(),
        "data": data,
        "errors": errors,
        "field_errors": _field_errors(problems),
        "panel": _panel(preview, lang),
    }


@router.get("/new", response_class=HTMLResponse)
def new_system(request: Request, user: Login) -> HTMLResponse:
    if not _can_write(user):
        _ = translator(_lang(request))
        return _error_page(request, 403, _("Your role may not register systems."))
    return _render(request, "systems/new.html", **_new_ctx(request, {"schema": SCHEMA}, [], []))


@router.post("/new/preview", response_class=HTMLResponse)
async def new_system_preview(request: Request, user: Login) -> HTMLResponse:
    form = await _form(request)
    data, problems = apply_answers({"schema": SCHEMA, "id": "new-system"}, questionnaire()[0], form)
    return _render(
        request, "systems/_panel.html", panel=_panel(data, _lang(request), problems), topics=questionnaire()
    )


@router.post("/new", response_class=HTMLResponse)
async def create_system(request: Request, user: Login) -> Response:
    form = await _form(request)
    lang = _lang(request)
    _ = translator(lang)
    slug = _text(form, "id", limit=128).lower()
    data, problems = apply_answers({"schema": SCHEMA, "id": slug}, questionnaire()[0], form)

    def work() -> str:
        if problems:
            raise FormError([_("Some answers need correcting.")])
        try:
            profile = parse_profile({**data})
        except ProfileError as exc:
            problems.extend(FieldProblem(p.field or "", p.message) for p in exc.problems)
            raise FormError([_("Some answers need correcting.")]) from None
        with _tx(request) as session:
            system = services.add_system(session, user, profile=profile)
            _reassess(session, user, system.id, lang)
            return system.id

    try:
        system_id = await run_in_threadpool(work)
    except FormError as exc:
        return _render(
            request, "systems/new.html", status=exc.status, **_new_ctx(request, data, exc.messages, problems)
        )
    except services.RegistryError as exc:
        status = _registry_status(exc)
        if status == 404:
            return _error_page(request, status, _message(request, exc))
        return _render(
            request,
            "systems/new.html",
            status=status,
            **_new_ctx(request, data, [_message(request, exc)], problems),
        )
    return _redirect(f"/systems/{system_id}/wizard/{questionnaire()[1].key}")


# --------------------------------------------------------------------------- the wizard


def _field_errors(problems: list[FieldProblem]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(p.path, []).append(p.message)
    return out


def _wizard_helpers() -> SimpleNamespace:
    return SimpleNamespace(
        get=get_path, value_label=value_label, none_choice=NONE_CHOICE, topic_of=topic_of_field
    )


def _topic(key: str) -> Topic | None:
    return next((t for t in questionnaire() if t.key == key), None)


def _wizard_ctx(
    request: Request,
    session: Session,
    user: Principal,
    system: AISystem,
    topic: Topic,
    data: Mapping[str, Any],
    *,
    problems: list[FieldProblem] | None = None,
    errors: list[str] | None = None,
    saved: bool = False,
) -> dict[str, Any]:
    lang = _lang(request)
    panel = _panel(data, lang, problems)
    topics = questionnaire()
    open_by_topic: dict[str, int] = {}
    for path in panel.open_questions:
        key = topic_of_field(path, topics)
        if key:
            open_by_topic[key] = open_by_topic.get(key, 0) + 1
    progress = {t.key: (answered(data, t.questions), len(t.questions)) for t in topics}
    index = [t.key for t in topics].index(topic.key)
    return {
        "system": system,
        "system_id": system.id,
        "topic": topic,
        "topics": topics,
        "next_topic": topics[index + 1] if index + 1 < len(topics) else None,
        "prev_topic": topics[index - 1] if index > 0 else None,
        "data": data,
        "panel": panel,
        "open_by_topic": open_by_topic,
        "progress": progress,
        "field_errors": _field_errors(panel.invalid),
        "errors": errors or [],
        "saved": saved,
        "can_write": _can_write(user),
        "section": "wizard",
    }


@router.get("/{system_id}/wizard", response_class=HTMLResponse)
def wizard_start(request: Request, user: Login, system_id: str) -> RedirectResponse:
    return _redirect(f"/systems/{quote(system_id)}/wizard/{questionnaire()[0].key}")


@router.get("/{system_id}/wizard/{topic_key}", response_class=HTMLResponse)
def wizard(request: Request, user: Login, system_id: str, topic_key: str, saved: int = 0) -> HTMLResponse:
    topic = _topic(topic_key)
    if topic is None:
        _ = translator(_lang(request))
        return _error_page(request, 404, _("No such topic."))
    try:
        with _tx(request, read_only=True) as session:
            system = services.get_system(session, user, system_id)
            data = _latest_data(session, user, system_id)
            ctx = _wizard_ctx(request, session, user, system, topic, data, saved=bool(saved))
    except services.RegistryError as exc:
        return _error_page(request, _registry_status(exc), _message(request, exc))
    return _render(request, "systems/wizard.html", **ctx)


@router.post("/{system_id}/wizard/{topic_key}/preview", response_class=HTMLResponse)
async def wizard_preview(request: Request, user: Login, system_id: str, topic_key: str) -> HTMLResponse:
    """The classification panel for the answers on the form (htmx, on every change): nothing is stored."""
    form = await _form(request)
    topic = _topic(topic_key)
    if topic is None:
        return _error_page(request, 404, "topic")
    lang = _lang(request)

    def work() -> Panel:
        with _tx(request, read_only=True) as session:
            base = _latest_data(session, user, system_id)
        data, problems = apply_answers(base, topic, form)
        return _panel(data, lang, problems)

    try:
        panel = await run_in_threadpool(work)
    except services.RegistryError as exc:
        return _error_page(request, _registry_status(exc), _message(request, exc))
    return _render(request, "systems/_panel.html", panel=panel, topics=questionnaire(), system_id=system_id)


@router.post("/{system_id}/wizard/{topic_key}", response_class=HTMLResponse)
async def wizard_save(request: Request, user: Login, system_id: str, topic_key: str) -> Response:
    """Save the topic's answers as a new profile version and re-assess (the no-JavaScript path too)."""
    form = await _form(request)
    topic = _topic(topic_key)
    if topic is None:
        return _error_page(request, 404, "topic")
    lang = _lang(request)
    _ = translator(lang)
    version_raw = _text(form, "version", limit=20)
    expected = int(version_raw) if version_raw.isdigit() else None
    go_next = form.get("next") == "1"

    def work() -> Response:
        with _tx(request) as session:
            system = services.get_system(session, user, system_id)
            base = _latest_data(session, user, system_id)
            data, problems = apply_answers(base, topic, form)
            profile = None
            if not problems:
                try:
                    profile = parse_profile({**data})
                except ProfileError as exc:
                    problems.extend(FieldProblem(p.field or "", p.message) for p in exc.problems)
            if profile is None:
                ctx = _wizard_ctx(
                    request,
                    session,
                    user,
                    system,
                    topic,
                    data,
                    problems=problems,
                    errors=[_("Some answers need correcting.")],
                )
                return _render(request, "systems/wizard.html", status=422, **ctx)
            services.update_profile(
                session, user, system_id=system_id, profile=profile, expected_version=expected
            )
            _reassess(session, user, system_id, lang)
        target = topic
        if go_next:
            keys = [t.key for t in questionnaire()]
            idx = keys.index(topic.key)
            target = questionnaire()[min(idx + 1, len(keys) - 1)]
        return _redirect(f"/systems/{quote(system_id)}/wizard/{target.key}?saved=1")

    try:
        return await run_in_threadpool(work)
    except services.RegistryError as exc:
        status = _registry_status(exc)
        if status in (404, 403):
            return _error_page(request, status, _message(request, exc))

        conflict = _("Someone else saved this system meanwhile: your answers are kept below; save again.")
        message = conflict if status == 409 else _message(request, exc)

        def again() -> dict[str, Any]:
            with _tx(request, read_only=True) as session:
                system = services.get_system(session, user, system_id)
                base = _latest_data(session, user, system_id)
                data, _p = apply_answers(base, topic, form)
                return _wizard_ctx(request, session, user, system, topic, data, errors=[message])

        ctx = await run_in_threadpool(again)
        return _render(request, "systems/wizard.html", status=status, **ctx)


# --------------------------------------------------------------------------- overview and settings


def _overview_ctx(request: Request, session: Session, user: Principal, system_id: str) -> dict[str, Any]:
    lang = _lang(request)
    system = services.get_system(session, user, system_id)
    data = _latest_data(session, user, system_id)
    stored = _latest_assessment(session, user, system_id)
    counts: dict[str, int] = {}
    for pack in (stored or {}).get("results", []):
        for ob in pack["obligations"]:
            counts[ob["status"]] = counts.get(ob["status"], 0) + 1
    return {
        "system": system,
        "system_id": system.id,
        "data": data,
        "panel": _panel(data, lang),
        "topics": questionnaire(),
        "obligation_counts": counts,
        "assessed": stored is not None,
        "can_write": _can_write(user),
        "can_publish": user.role in ("admin", "compliance_officer"),
        "lifecycle_stages": LIFECYCLE_STAGES,
        "publications": PUBLICATION,
        "section": "overview",
        "errors": [],
    }


@router.get("/{system_id}", response_class=HTMLResponse)
def overview(request: Request, user: Login, system_id: str) -> HTMLResponse:
    try:
        with _tx(request, read_only=True) as session:
            ctx = _overview_ctx(request, session, user, system_id)
    except services.RegistryError as exc:
        return _error_page(request, _registry_status(exc), _message(request, exc))
    return _render(request, "systems/overview.html", **ctx)


@router.post("/{system_id}/settings", response_class=HTMLResponse)
async def save_settings(request: Request, user: Login, system_id: str) -> Response:
    form = await _form(request)
    version_raw = _text(form, "version", limit=20)
    fields = {
        "owner": _text(form, "owner", limit=300) or None,
        "holder": _text(form, "holder", limit=300) or None,
        "lifecycle_stage": _text(form, "lifecycle_stage", limit=20) or None,
        "publication": _text(form, "publication", limit=20) or None,
    }

    def work() -> None:
        with _tx(request) as session:
            system = services.get_system(session, user, system_id)
            if fields["publication"] == system.publication:
                fields["publication"] = None  # unchanged: no publication right needed
            services.set_system_fields(
                session,
                user,
                system_id=system_id,
                expected_version=int(version_raw) if version_raw.isdigit() else None,
                **fields,
            )

    return await _write_then(request, user, system_id, work, "overview", f"/systems/{quote(system_id)}")


# --------------------------------------------------------------------------- obligations and evidence


def _obligations_ctx(request: Request, session: Session, user: Principal, system_id: str) -> dict[str, Any]:
    lang = _lang(request)
    system = services.get_system(session, user, system_id)
    try:
        rows = services.obligations(session, user, system_id)
    except services.NotFoundError:
        rows = []
    for row in rows:
        row["title"] = _rule_title(row["pack"], row["rule"], lang, row.get("title", ""))
        row["pack_label"] = PACK_LABELS.get(row["pack"].partition("@")[0], row["pack"])
        row["evidence_needed"] = [evidence_label(k) for k in row.get("evidence") or ()]
    evidence = services.list_evidence(session, user, system_id=system_id, limit=500)
    links = services.evidence_rules(session, [e.id for e in evidence])
    titles = {e.id: e.title for e in evidence}
    order = {"unmet": 0, "unknown": 1, "met": 2, "not_yet_applicable": 3}
    rows.sort(key=lambda r: (order.get(r["status"], 9), r["pack"], r["rule"]))
    return {
        "system": system,
        "obligations": rows,
        "evidence": evidence,
        "evidence_links": links,
        "evidence_titles": titles,
        "can_write": _can_write(user),
        "max_upload": _max_upload(request),
        "max_upload_text": _size(_max_upload(request), lang),
        "evidence_kinds": EVIDENCE_KINDS,
        "section": "obligations",
        "errors": [],
    }


def _max_upload(request: Request) -> int:
    limit = getattr(request.app.state, "max_upload_bytes", None)
    return int(limit) if isinstance(limit, int) and limit > 0 else services.DEFAULT_MAX_UPLOAD


@router.get("/{system_id}/obligations", response_class=HTMLResponse)
def obligations_page(request: Request, user: Login, system_id: str) -> HTMLResponse:
    return _page(request, user, system_id, "obligations")


def _rules_of(form: FormData) -> list[str]:
    return [r.strip() for r in form.getlist("rules") if isinstance(r, str) and r.strip()]


@router.post("/{system_id}/evidence/attestation", response_class=HTMLResponse)
async def add_attestation(request: Request, user: Login, system_id: str) -> Response:
    form = await _form(request)
    lang = _lang(request)
    _ = translator(lang)
    title = _text(form, "title", limit=500)
    statement = _text(form, "statement")
    rules = _rules_of(form)

    def work() -> None:
        if not title or not statement:
            raise FormError([_("Give the attestation a title and a statement.")])
        with _tx(request) as session:
            services.add_attestation(
                session, user, system_id=system_id, title=title, statement=statement, rules=rules
            )
            _reassess(session, user, system_id, lang)

    return await _write_then(
        request, user, system_id, work, "obligations", f"/systems/{quote(system_id)}/obligations#evidence"
    )


@router.post("/{system_id}/evidence/file", response_class=HTMLResponse)
async def add_file(request: Request, user: Login, system_id: str) -> Response:
    lang = _lang(request)
    _ = translator(lang)
    limit = _max_upload(request)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + UPLOAD_OVERHEAD:
        # Refused before the body is read: the services' limit, with the form's overhead.
        message = _("The file is too large: the limit is {size}.").format(size=_size(limit, lang))
        return await _rerender(request, user, system_id, "obligations", [message], 413)
    form = await _form(request)
    upload = form.get("file")
    title = _text(form, "title", limit=500)
    kind = _text(form, "kind", limit=20) or "file"
    rules = _rules_of(form)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return await _rerender(request, user, system_id, "obligations", [_("Choose a file to upload.")], 422)
    data = await upload.read(limit + 1)
    await upload.close()
    if len(data) > limit:
        message = _("The file is too large: the limit is {size}.").format(size=_size(limit, lang))
        return await _rerender(request, user, system_id, "obligations", [message], 413)
    filename = upload.filename
    media_type = upload.content_type or "application/octet-stream"

    def work() -> None:
        if kind not in EVIDENCE_KINDS:
            raise FormError([_("Choose the kind of evidence.")])
        with _tx(request) as session:
            services.add_file(
                session,
                user,
                system_id=system_id,
                title=title or filename,
                filename=filename,
                media_type=media_type,
                data=data,
                kind=kind,
                rules=rules,
                max_bytes=limit,
            )
            _reassess(session, user, system_id, lang)

    return await _write_then(
        request, user, system_id, work, "obligations", f"/systems/{quote(system_id)}/obligations#evidence"
    )


def _size(n: int, lang: str) -> str:
    fmt = Formatter(lang)
    if n >= 1024 * 1024:
        return f"{fmt.number(round(n / (1024 * 1024), 1))} MB"
    if n >= 1024:
        return f"{fmt.number(round(n / 1024, 1))} KB"
    return f"{n} B"


@router.get("/{system_id}/evidence/{evidence_id}/download")
def download_evidence(request: Request, user: Login, system_id: str, evidence_id: str) -> Response:
    try:
        with _tx(request, read_only=True) as session:
            services.get_system(session, user, system_id)
            ev, data = services.get_evidence(session, user, evidence_id)
            if ev.system_id != system_id or data is None:
                raise services.NotFoundError("evidence not found")
            filename = ev.filename or f"evidence-{ev.id}"
    except services.RegistryError as exc:
        return _error_page(request, _registry_status(exc), _message(request, exc))
    return Response(
        data,
        media_type="application/octet-stream",  # never rendered by the browser: an upload may be HTML
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "X-Content-Type-Options": "nosniff",
        },
    )


# --------------------------------------------------------------------------- risks


def _risks_ctx(request: Request, session: Session, user: Principal, system_id: str) -> dict[str, Any]:
    system = services.get_system(session, user, system_id)
    today = dt.datetime.now(KZ_TIME).date()
    return {
        "system": system,
        "risks": services.list_risks(session, user, system_id=system_id),
        "today": today,
        "statuses": RISK_STATUSES,
        "can_write": _can_write(user),
        "section": "risks",
        "errors": [],
    }


@router.get("/{system_id}/risks", response_class=HTMLResponse)
def risks_page(request: Request, user: Login, system_id: str) -> HTMLResponse:
    return _page(request, user, system_id, "risks")


def _score(form: FormData, name: str, _: Callable[[str], str]) -> int:
    raw = _text(form, name, limit=2)
    if not raw.isdigit() or not 1 <= int(raw) <= 5:
        raise FormError([_("Likelihood and impact are scores from 1 to 5.")])
    return int(raw)


def _date(form: FormData, name: str, _: Callable[[str], str]) -> dt.date:
    try:
        return dt.date.fromisoformat(_text(form, name, limit=10))
    except ValueError:
        raise FormError([_("Enter the review date as YYYY-MM-DD.")]) from None


@router.post("/{system_id}/risks", response_class=HTMLResponse)
async def add_risk(request: Request, user: Login, system_id: str) -> Response:
    form = await _form(request)
    lang = _lang(request)
    _ = translator(lang)

    def work() -> None:
        title = _text(form, "title", limit=500)
        if not title:
            raise FormError([_("Give the risk a title.")])
        likelihood, impact = _score(form, "likelihood", _), _score(form, "impact", _)
        review = _date(form, "review_date", _)
        with _tx(request) as session:
            services.add_risk(
                session,
                user,
                system_id=system_id,
                title=title,
                likelihood=likelihood,
                impact=impact,
                review_date=review,
                description=_text(form, "description") or None,
                misuse_scenario=_text(form, "misuse_scenario") or None,
                measures=_text(form, "measures") or None,
                owner=_text(form, "owner", limit=300) or None,
            )
            _reassess(session, user, system_id, lang)

    return await _write_then(request, user, system_id, work, "risks", f"/systems/{quote(system_id)}/risks")


@router.post("/{system_id}/risks/{risk_id}", response_class=HTMLResponse)
async def update_risk(request: Request, user: Login, system_id: str, risk_id: str) -> Response:
    form = await _form(request)
    lang = _lang(request)
    _ = translator(lang)

    def work() -> None:
        version_raw = _text(form, "version", limit=20)
        status = _text(form, "status", limit=20)
        if status not in RISK_STATUSES:
            raise FormError([_("Choose a status.")])
        fields = {
            "likelihood": _score(form, "likelihood", _),
            "impact": _score(form, "impact", _),
            "review_date": _date(form, "review_date", _),
            "status": status,
            "measures": _text(form, "measures") or None,
        }
        with _tx(request) as session:
            risk_ids = {r.id for r in services.list_risks(session, user, system_id=system_id)}
            if risk_id not in risk_ids:
                raise services.NotFoundError("risk not found")
            services.update_risk(
                session,
                user,
                risk_id=risk_id,
                expected_version=int(version_raw) if version_raw.isdigit() else None,
                **fields,
            )
            _reassess(session, user, system_id, lang)

    return await _write_then(request, user, system_id, work, "risks", f"/systems/{quote(system_id)}/risks")


# --------------------------------------------------------------------------- incidents


def _incident_views(
    session: Session, user: Principal, system_id: str, lang: str, now: dt.datetime
) -> list[dict[str, Any]]:
    views = []
    for incident in services.list_incidents(session, user, system_id=system_id):
        view = services.incident_view(session, user, incident, now=now)
        for clock in view["clocks"]:
            deadline = dt.datetime.fromisoformat(clock["deadline"])
            clock["deadline_text"] = fmt_datetime(deadline, lang)
            if clock.get("reported_at"):
                reported = dt.datetime.fromisoformat(clock["reported_at"])
                tr = translator(lang)
                message = tr("reported late, on {time}") if clock["late"] else tr("reported on {time}")
                clock["countdown"] = message.format(time=fmt_datetime(reported, lang))
            else:
                clock["countdown"] = countdown(deadline, now, lang)
        view["aware_text"] = fmt_datetime(view["aware_at"], lang)
        view["occurred_text"] = fmt_datetime(view["occurred_at"], lang)
        for action in view["actions"]:
            action["at_text"] = fmt_datetime(action["at"], lang)
        views.append(view)
    return views


def _incidents_ctx(request: Request, session: Session, user: Principal, system_id: str) -> dict[str, Any]:
    system = services.get_system(session, user, system_id)
    now = dt.datetime.now(dt.UTC)
    return {
        "system": system,
        "incidents": _incident_views(session, user, system_id, _lang(request), now),
        "now_text": fmt_datetime(now, _lang(request)),
        "harm_types": HARM_TYPES,
        "action_kinds": ACTION_KINDS,
        "can_write": _can_write(user),
        "now_local": now.astimezone(KZ_TIME).strftime("%Y-%m-%dT%H:%M"),
        "section": "incidents",
        "errors": [],
    }


@router.get("/{system_id}/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, user: Login, system_id: str) -> HTMLResponse:
    return _page(request, user, system_id, "incidents")


@router.get("/{system_id}/incidents/clocks", response_class=HTMLResponse)
def incident_clocks(request: Request, user: Login, system_id: str) -> HTMLResponse:
    """The deadlines of every incident, recomputed now (htmx refreshes it every 60 seconds)."""
    try:
        with _tx(request, read_only=True) as session:
            ctx = _incidents_ctx(request, session, user, system_id)
    except services.RegistryError as exc:
        return _error_page(request, _registry_status(exc), _message(request, exc))
    return _render(request, "systems/_clocks.html", **ctx)


def _moment(form: FormData, name: str, _: Callable[[str], str], *, required: bool) -> dt.datetime | None:
    """A ``datetime-local`` value, read as Kazakhstan time (UTC+5) unless it carries an offset."""
    raw = _text(form, name, limit=40)
    if not raw:
        if required:
            raise FormError([_("Give the moment the organisation became aware of the incident.")])
        return None
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise FormError([_("Enter a date and time as YYYY-MM-DD HH:MM.")]) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=KZ_TIME)


@router.post("/{system_id}/incidents", response_class=HTMLResponse)
async def add_incident(request: Request, user: Login, system_id: str) -> Response:
    form = await _form(request)
    _ = translator(_lang(request))

    def work() -> None:
        title = _text(form, "title", limit=500)
        harms = [h for h in form.getlist("harm_types") if isinstance(h, str)]
        if not title:
            raise FormError([_("Give the incident a title.")])
        if not harms:
            raise FormError([_("Choose at least one kind of harm.")])
        aware = _moment(form, "aware_at", _, required=True)
        assert aware is not None
        occurred = _moment(form, "occurred_at", _, required=False)
        with _tx(request) as session:
            services.add_incident(
                session,
                user,
                system_id=system_id,
                title=title,
                harm_types=harms,
                aware_at=aware,
                occurred_at=occurred,
                description=_text(form, "description") or None,
            )

    return await _write_then(
        request, user, system_id, work, "incidents", f"/systems/{quote(system_id)}/incidents"
    )


@router.post("/{system_id}/incidents/{incident_id}/actions", response_class=HTMLResponse)
async def add_incident_action(request: Request, user: Login, system_id: str, incident_id: str) -> Response:
    form = await _form(request)
    _ = translator(_lang(request))

    def work() -> None:
        kind = _text(form, "kind", limit=20)
        description = _text(form, "description")
        if kind not in ACTION_KINDS or not description:
            raise FormError([_("Choose the kind of action and describe it.")])
        with _tx(request) as session:
            incident = services.get_incident(session, user, incident_id)
            if incident.system_id != system_id:
                raise services.NotFoundError("incident not found")
            services.add_incident_action(
                session,
                user,
                incident_id=incident_id,
                kind=kind,
                description=description,
                notified=_text(form, "notified", limit=300) or None,
            )

    return await _write_then(
        request, user, system_id, work, "incidents", f"/systems/{quote(system_id)}/incidents#i-{incident_id}"
    )


# --------------------------------------------------------------------------- machine results


def summarize_json(data: bytes, limit: int = SUMMARY_ROWS) -> tuple[list[tuple[str, str]], int] | None:
    """Scalar leaves of a JSON document by dotted path (first ``limit``) and their total, or None."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested too deeply
        return None
    rows: list[tuple[str, str]] = []
    total = 0
    stack: list[tuple[Any, str]] = [(doc, "")]  # depth-first, in document order, without recursion
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            stack.extend(reversed([(v, f"{path}.{k}" if path else str(k)) for k, v in node.items()]))
        elif isinstance(node, list) and (any(isinstance(v, dict | list) for v in node) or len(node) > 10):
            stack.extend(reversed([(v, f"{path}[{i}]") for i, v in enumerate(node)]))
        elif isinstance(node, list):
            total += 1
            if len(rows) < limit:
                rows.append((path, ", ".join(json.dumps(v, ensure_ascii=False) for v in node)))
        else:
            total += 1
            if len(rows) < limit:
                text = node if isinstance(node, str) else json.dumps(node, ensure_ascii=False)
                rows.append((path, text if len(text) <= 300 else text[:300] + "…"))
    return rows, total


def _results_ctx(request: Request, session: Session, user: Principal, system_id: str) -> dict[str, Any]:
    system = services.get_system(session, user, system_id)
    items = []
    every = services.list_evidence(session, user, system_id=system_id, limit=500)
    evidence = [e for e in every if e.kind == "machine_result"]
    links = services.evidence_rules(session, [e.id for e in evidence])
    for ev in evidence:
        _ev, data = services.get_evidence(session, user, ev.id)
        summary = summarize_json(data) if data is not None else None
        items.append({"evidence": ev, "rules": links.get(ev.id, []), "summary": summary})
    return {"system": system, "results": items, "section": "results", "errors": []}


@router.get("/{system_id}/results", response_class=HTMLResponse)
def results_page(request: Request, user: Login, system_id: str) -> HTMLResponse:
    return _page(request, user, system_id, "results")


# --------------------------------------------------------------------------- history


def _history_ctx(request: Request, session: Session, user: Principal, system_id: str) -> dict[str, Any]:
    _ = translator(_lang(request))
    system = services.get_system(session, user, system_id)
    versions = services.profile_versions(session, user, system_id)
    questions = _questions_by_path()
    entries = []
    previous: dict[str, Any] | None = None
    authors: dict[str, str] = {}
    for v in versions:
        changes: list[Change] = profile_diff(previous, v.profile)
        rows = [
            {
                "path": c.path,
                "label": _(questions[c.path].label) if c.path in questions else c.path,
                "kind": c.kind,
                "before": _display_value(questions.get(c.path), c.before, _),
                "after": _display_value(questions.get(c.path), c.after, _),
            }
            for c in changes
            if c.path != "schema"
        ]
        if v.created_by and v.created_by not in authors:
            author = session.get(User, v.created_by)
            authors[v.created_by] = author.name if author is not None else v.created_by
        entries.append(
            {
                "version": v,
                "created_text": fmt_datetime(v.created_at, _lang(request)),
                "author": authors.get(v.created_by or "", ""),
                "changes": rows,
                "first": previous is None,
            }
        )
        previous = v.profile
    entries.reverse()  # newest first
    return {"system": system, "entries": entries, "section": "history", "errors": []}


@router.get("/{system_id}/history", response_class=HTMLResponse)
def history_page(request: Request, user: Login, system_id: str) -> HTMLResponse:
    return _page(request, user, system_id, "history")


# --------------------------------------------------------------------------- ledger


def _ledger_ctx(request: Request, session: Session, user: Principal, system_id: str) -> dict[str, Any]:
    system = services.get_system(session, user, system_id)
    report: dict[str, Any] | None
    try:
        report = services.verify_ledger(session, user)
        refused = False
    except services.PermissionDeniedError:
        report, refused = None, True
    return {"system": system, "report": report, "refused": refused, "section": "ledger", "errors": []}


@router.get("/{system_id}/ledger", response_class=HTMLResponse)
def ledger_page(request: Request, user: Login, system_id: str) -> HTMLResponse:
    return _page(request, user, system_id, "ledger")


# --------------------------------------------------------------------------- report


@router.get("/{system_id}/report")
def report(
    request: Request,
    user: Login,
    system_id: str,
    format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html",
    lang: Annotated[str | None, Query(pattern="^(kk|ru|en)$")] = None,
) -> Response:
    """The compliance dossier of the system (W3's :mod:`senim.reports.dossier`), as a download."""
    language = lang or _lang(request)
    try:
        dossier: Any = importlib.import_module("senim.reports.dossier")
    except ImportError:
        _ = translator(language)
        message = _("Reports are not available in this installation.")
        return _error_page(request, 503, message)
    try:
        with _tx(request, read_only=True) as session:
            system = services.get_system(session, user, system_id)
            doc = dossier.build_dossier(session, user, system_id, lang=language)
            slug = system.slug
    except services.RegistryError as exc:
        return _error_page(request, _registry_status(exc), _message(request, exc))
    name = f"{slug}-dossier-{language}"
    if format == "pdf":
        body: bytes = dossier.render_pdf(doc)
        media = "application/pdf"
        name += ".pdf"
    else:
        body = dossier.render_html(doc).encode("utf-8")
        media = "text/html; charset=utf-8"
        name += ".html"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


# --------------------------------------------------------------------------- shared page machinery

_PAGES: dict[str, tuple[str, Callable[[Request, Session, Principal, str], dict[str, Any]]]] = {
    "overview": ("systems/overview.html", _overview_ctx),
    "obligations": ("systems/obligations.html", _obligations_ctx),
    "risks": ("systems/risks.html", _risks_ctx),
    "incidents": ("systems/incidents.html", _incidents_ctx),
    "results": ("systems/results.html", _results_ctx),
    "history": ("systems/history.html", _history_ctx),
    "ledger": ("systems/ledger.html", _ledger_ctx),
}


def _page(
    request: Request,
    user: Principal,
    system_id: str,
    page: str,
    *,
    errors: list[str] | None = None,
    status: int = 200,
    form: Mapping[str, Any] | None = None,
) -> HTMLResponse:
    template, build = _PAGES[page]
    try:
        with _tx(request, read_only=True) as session:
            ctx = build(request, session, user, system_id)
    except services.RegistryError as exc:
        return _error_page(request, _registry_status(exc), _message(request, exc))
    ctx["errors"] = errors or []
    ctx["form"] = form or {}
    return _render(request, template, status=status, **ctx)


async def _rerender(
    request: Request,
    user: Principal,
    system_id: str,
    page: str,
    errors: list[str],
    status: int,
    form: Mapping[str, Any] | None = None,
) -> HTMLResponse:
    return await run_in_threadpool(
        lambda: _page(request, user, system_id, page, errors=errors, status=status, form=form)
    )


async def _write_then(
    request: Request,
    user: Principal,
    system_id: str,
    work: Callable[[], None],
    page: str,
    redirect_to: str,
) -> Response:
    """Run a write in the thread pool; redirect on success (303), else show the page with the error."""
    try:
        await run_in_threadpool(work)
    except FormError as exc:
        return await _rerender(request, user, system_id, page, exc.messages, exc.status, await request.form())
    except services.RegistryError as exc:
        status = _registry_status(exc)
        if status == 404:
            return _error_page(request, 404, _message(request, exc))
        _ = translator(_lang(request))
        lead = {
            403: _("Your role may not do this."),
            409: _("The record was changed by someone else meanwhile: reload and try again."),
        }.get(status, _("The change was refused:"))
        return await _rerender(
            request, user, system_id, page, [f"{lead} {_message(request, exc)}"], status, await request.form()
        )
    return _redirect(redirect_to)
