"""Registry services: the one place where registry rules, roles and tenancy are enforced.

The API and the CLI call these functions; they know nothing of HTTP or terminals. Every function
takes the acting :class:`Principal`. Objects of another organisation are reported as *not found*
(never "forbidden"), so that their existence does not leak.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from senim.law import (
    Catalog,
    CompiledPack,
    CompiledRule,
    PackError,
    PackEvaluation,
    assess,
    default_catalog,
    flatten_profile,
)
from senim.law.dates import add_period, describe_period
from senim.ledger.chain import lock_head
from senim.profile import SystemProfile, parse_profile
from senim.profile.io import profile_to_data
from senim.registry.models import (
    HARM_TYPES,
    LIFECYCLE_STAGES,
    PUBLICATION,
    ROLES,
    AISystem,
    ApiToken,
    AssessmentRecord,
    Blob,
    Evidence,
    EvidenceLink,
    Incident,
    IncidentAction,
    LiteracyRecord,
    Organization,
    ProfileVersion,
    RiskEntry,
    User,
)

__all__ = [
    "ConflictError",
    "NotFoundError",
    "PermissionDeniedError",
    "Principal",
    "RegistryError",
    "ValidationFailedError",
]

T = TypeVar("T")

WRITE_ROLES = frozenset({"admin", "compliance_officer", "engineer"})
READ_ALL_ROLES = frozenset({"admin", "compliance_officer", "engineer", "auditor"})
DEFAULT_MAX_UPLOAD = 25 * 1024 * 1024
RISK_REVIEW_RULES = ("KZ-AI-18-1-4",)  # Art. 18(1)(4): risks updated at least once a year
KZ_TIME = dt.timezone(dt.timedelta(hours=5), "KZ")  # one national time zone, UTC+5, since 2024-03-01


class RegistryError(Exception):
    """Base class: ``code`` is a stable machine-readable name.

    The message is an English template with named placeholders (``template``) and their ``values``;
    ``str(exc)`` is the template filled in (what the API and the CLI show). The web UI translates
    the template and fills it in afterwards (:func:`senim.web.deps.registry_message`)."""

    code = "error"

    def __init__(self, message: str, /, **values: object) -> None:
        self.template = message
        self.values = values
        super().__init__(message.format(**values) if values else message)


class NotFoundError(RegistryError):
    code = "not_found"


class PermissionDeniedError(RegistryError):
    code = "forbidden"


class ConflictError(RegistryError):
    code = "conflict"


class ValidationFailedError(RegistryError):
    code = "invalid"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who acts: a user of one organisation with one role (``org_id`` None: the local operator)."""

    user_id: str
    org_id: str | None
    role: str

    @property
    def is_operator(self) -> bool:
        return self.org_id is None and self.role == "admin"


OPERATOR = Principal("cli:operator", None, "admin")


# --------------------------------------------------------------------------- helpers


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _require(principal: Principal, roles: frozenset[str] | set[str], what: str) -> None:
    if principal.role not in roles:
        raise PermissionDeniedError("role {role!r} may not {what}", role=principal.role, what=what)


def _org_scope(principal: Principal, org_id: str) -> None:
    if principal.org_id is not None and principal.org_id != org_id:
        raise NotFoundError("not found")


def _get_system(session: Session, principal: Principal, system_id: str) -> AISystem:
    system = session.get(AISystem, system_id)
    if system is None:
        raise NotFoundError("system {system_id} not found", system_id=system_id)
    if principal.role == "regulator":
        # A regulator reads what any organisation publishes, and nothing else.
        if system.publication == "none":
            raise NotFoundError("system {system_id} not found", system_id=system_id)
        return system
    _org_scope(principal, system.org_id)
    return system


def _check_version(obj: AISystem | RiskEntry, expected: int | None, what: str) -> None:
    """Optimistic locking: a change based on an older version is refused (the flush re-checks it)."""
    if expected is not None and expected != obj.version:
        raise ConflictError(
            "{what} changed since version {expected} (now {version}): reload",
            what=what,
            expected=expected,
            version=obj.version,
        )


def _page(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= 500:
        raise ValidationFailedError("limit must be between 1 and 500")
    if offset < 0:
        raise ValidationFailedError("offset must not be negative")
    return limit, offset


def _check_choice(value: str, allowed: Sequence[str], field: str) -> str:
    if value not in allowed:
        raise ValidationFailedError(
            "{field}: {value!r} is not one of {allowed}", field=field, value=value, allowed=", ".join(allowed)
        )
    return value


def _aware(value: dt.datetime, field: str) -> dt.datetime:
    if value.tzinfo is None:
        raise ValidationFailedError("{field}: give a time zone (e.g. 2026-11-26T10:00:00+05:00)", field=field)
    return value


# --------------------------------------------------------------------------- organisations, users, tokens


def create_org(
    session: Session, principal: Principal, *, name: str, bin: str | None = None, size: str | None = None
) -> Organization:
    if not principal.is_operator:
        raise PermissionDeniedError("only the instance operator creates organisations")
    if session.scalar(select(Organization).where(Organization.name == name)) is not None:
        raise ConflictError("organisation {name!r} exists", name=name)
    if bin is not None:
        from senim.privacy.detectors.kz.iin_bin import is_valid_bin

        if not is_valid_bin(bin):
            raise ValidationFailedError("bin: {bin!r} is not a valid BIN", bin=bin)
    org = Organization(name=name, bin=bin, size=size)
    session.add(org)
    session.flush()
    return org


def find_org(session: Session, ref: str) -> Organization:
    org = session.get(Organization, ref) or session.scalar(
        select(Organization).where(Organization.name == ref)
    )
    if org is None:
        raise NotFoundError("organisation {ref!r} not found", ref=ref)
    return org


def create_user(
    session: Session, principal: Principal, *, org_id: str, email: str, name: str, role: str
) -> User:
    _check_choice(role, ROLES, "role")
    if not principal.is_operator:
        _require(principal, {"admin"}, "create users")
        _org_scope(principal, org_id)
    if session.get(Organization, org_id) is None:
        raise NotFoundError("organisation {org_id} not found", org_id=org_id)
    if "@" not in email:
        raise ValidationFailedError("email: {email!r} is not an e-mail address", email=email)
    if session.scalar(select(User).where(User.org_id == org_id, User.email == email)) is not None:
        raise ConflictError("user {email!r} exists in this organisation", email=email)
    user = User(org_id=org_id, email=email, name=name, role=role)
    session.add(user)
    session.flush()
    return user


def list_users(session: Session, principal: Principal, *, limit: int = 100, offset: int = 0) -> list[User]:
    _require(principal, {"admin", "compliance_officer", "auditor"}, "list users")
    limit, offset = _page(limit, offset)
    q = select(User).order_by(User.created_at, User.id).limit(limit).offset(offset)
    if principal.org_id is not None:
        q = q.where(User.org_id == principal.org_id)
    return list(session.scalars(q))


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session, principal: Principal, *, user_id: str, expires_in_days: int | None = 90
) -> tuple[ApiToken, str]:
    """Issue a bearer token; the plaintext is returned once and only its hash is stored."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError("user {user_id} not found", user_id=user_id)
    if not principal.is_operator and principal.user_id != user_id:
        _org_scope(principal, user.org_id)  # first: another organisation's user is "not found" for every role
        _require(principal, {"admin"}, "issue tokens for others")
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise ValidationFailedError("expires_in_days must be between 1 and 3650")
    plain = "snm_" + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user_id,
        token_hash=_hash_token(plain),
        prefix=plain[:12],
        expires_at=_now() + dt.timedelta(days=expires_in_days) if expires_in_days else None,
    )
    session.add(token)
    session.flush()
    return token, plain


def revoke_token(session: Session, principal: Principal, *, token_id: str) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFoundError("token not found")
    user = session.get(User, token.user_id)
    assert user is not None
    if not principal.is_operator and principal.user_id != user.id:
        _org_scope(principal, user.org_id)  # first: another organisation's user is "not found" for every role
        _require(principal, {"admin"}, "revoke others' tokens")
    token.revoked_at = token.revoked_at or _now()
    return token


# Built once: every API request runs it, and building a statement costs more than running it.
_AUTH_QUERY = (
    select(ApiToken.revoked_at, ApiToken.expires_at, User.id, User.org_id, User.role, User.active)
    .join(User, User.id == ApiToken.user_id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def authenticate(session: Session, token: str) -> Principal | None:
    """The principal of a valid (known, unrevoked, unexpired, active-user) token, else None."""
    if not token or len(token) > 200:
        return None
    row = session.execute(_AUTH_QUERY, {"token_hash": _hash_token(token)}).first()
    if row is None:
        return None
    revoked_at, expires_at, user_id, org_id, role, active = row
    if revoked_at is not None or (expires_at is not None and expires_at <= _now()) or not active:
        return None
    return Principal(user_id, org_id, role)


# --------------------------------------------------------------------------- systems and profiles


def _profile_sha(profile: SystemProfile) -> tuple[dict[str, Any], str]:
    data = profile_to_data(profile)
    blob = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return data, hashlib.sha256(blob.encode("utf-8")).hexdigest()


def add_system(
    session: Session,
    principal: Principal,
    *,
    profile: SystemProfile,
    org_id: str | None = None,
    owner: str | None = None,
    holder: str | None = None,
    lifecycle_stage: str = "design",
) -> AISystem:
    _require(principal, WRITE_ROLES, "register systems")
    org = principal.org_id or org_id
    if org is None:
        raise ValidationFailedError("org: name the organisation")
    _org_scope(principal, org)
    if session.get(Organization, org) is None:
        raise NotFoundError("organisation {org} not found", org=org)
    _check_choice(lifecycle_stage, LIFECYCLE_STAGES, "lifecycle_stage")
    if (
        session.scalar(select(AISystem).where(AISystem.org_id == org, AISystem.slug == profile.id))
        is not None
    ):
        raise ConflictError(
            "system {profile_id!r} is already registered in this organisation", profile_id=profile.id
        )
    system = AISystem(
        org_id=org,
        slug=profile.id,
        name=profile.name,
        owner=owner,
        holder=holder,
        lifecycle_stage=lifecycle_stage,
        profile_version=1,
    )
    session.add(system)
    session.flush()
    data, sha = _profile_sha(profile)
    session.add(
        ProfileVersion(
            system_id=system.id, number=1, profile=data, sha256=sha, created_by=_user_ref(session, principal)
        )
    )
    session.flush()
    return system


def _user_ref(session: Session, principal: Principal) -> str | None:
    return principal.user_id if session.get(User, principal.user_id) is not None else None


def update_profile(
    session: Session,
    principal: Principal,
    *,
    system_id: str,
    profile: SystemProfile,
    expected_version: int | None = None,
) -> AISystem:
    """Store a new profile version (optimistic locking: ``expected_version`` must be the current one)."""
    _require(principal, WRITE_ROLES, "change systems")
    system = _get_system(session, principal, system_id)
    _check_version(system, expected_version, "system")
    if profile.id != system.slug:
        raise ValidationFailedError(
            "id: the profile is {profile_id!r} but the system is {slug!r}",
            profile_id=profile.id,
            slug=system.slug,
        )
    data, sha = _profile_sha(profile)
    current = _latest_profile(session, system)
    if current is not None and current.sha256 == sha:
        return system
    system.profile_version += 1
    system.name = profile.name
    session.add(
        ProfileVersion(
            system_id=system.id,
            number=system.profile_version,
            profile=data,
            sha256=sha,
            created_by=_user_ref(session, principal),
        )
    )
    session.flush()
    return system


def set_system_fields(
    session: Session, principal: Principal, *, system_id: str, expected_version: int | None, **fields: Any
) -> AISystem:
    _require(principal, WRITE_ROLES, "change systems")
    system = _get_system(session, principal, system_id)
    _check_version(system, expected_version, "system")
    for key, value in fields.items():
        if value is None:
            continue
        if key == "lifecycle_stage":
            _check_choice(value, LIFECYCLE_STAGES, key)
        elif key == "publication":
            _require(principal, {"admin", "compliance_officer"}, "publish systems")
            _check_choice(value, PUBLICATION, key)
        elif key not in ("owner", "holder"):
            raise ValidationFailedError("{key}: not a field that can be changed here", key=key)
        setattr(system, key, value)
    session.flush()
    return system


def get_system(session: Session, principal: Principal, system_id: str) -> AISystem:
    return _get_system(session, principal, system_id)


def find_system(session: Session, principal: Principal, ref: str) -> AISystem:
    """By id, or by slug within the principal's organisation."""
    system = session.get(AISystem, ref)
    if system is None:
        q = select(AISystem).where(AISystem.slug == ref)
        if principal.org_id is not None:
            q = q.where(AISystem.org_id == principal.org_id)
        found = list(session.scalars(q))
        if len(found) > 1:
            raise ValidationFailedError("{ref!r} names systems of several organisations: use the id", ref=ref)
        system = found[0] if found else None
    if system is None:
        raise NotFoundError("system {ref!r} not found", ref=ref)
    return _get_system(session, principal, system.id)


def list_systems(
    session: Session,
    principal: Principal,
    *,
    lifecycle_stage: str | None = None,
    publication: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[AISystem], int]:
    limit, offset = _page(limit, offset)
    query = select(AISystem)
    if principal.role == "regulator":
        query = query.where(AISystem.publication != "none")
    elif principal.org_id is not None:
        query = query.where(AISystem.org_id == principal.org_id)
    if lifecycle_stage:
        query = query.where(
            AISystem.lifecycle_stage == _check_choice(lifecycle_stage, LIFECYCLE_STAGES, "lifecycle_stage")
        )
    if publication:
        query = query.where(AISystem.publication == _check_choice(publication, PUBLICATION, "publication"))
    if q:
        like = f"%{q.lower()}%"
        query = query.where(func.lower(AISystem.slug).like(like) | func.lower(AISystem.name).like(like))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(session.scalars(query.order_by(AISystem.slug, AISystem.id).limit(limit).offset(offset)))
    return rows, total


def _latest_profile(session: Session, system: AISystem) -> ProfileVersion | None:
    return session.scalar(
        select(ProfileVersion)
        .where(ProfileVersion.system_id == system.id)
        .order_by(ProfileVersion.number.desc())
        .limit(1)
    )


def profile_versions(session: Session, principal: Principal, system_id: str) -> list[ProfileVersion]:
    system = _get_system(session, principal, system_id)
    return list(
        session.scalars(
            select(ProfileVersion)
            .where(ProfileVersion.system_id == system.id)
            .order_by(ProfileVersion.number)
        )
    )


def current_profile(session: Session, principal: Principal, system_id: str) -> SystemProfile:
    system = _get_system(session, principal, system_id)
    latest = _latest_profile(session, system)
    if latest is None:
        raise NotFoundError("the system has no profile")
    return parse_profile({**latest.profile})


# --------------------------------------------------------------------------- assessments and obligations


def run_assessment(
    session: Session,
    principal: Principal,
    *,
    system_id: str,
    as_of: dt.date | None = None,
    packs: Sequence[str] | None = None,
    lang: str = "en",
) -> AssessmentRecord:
    """Assess the current profile, fold in the registry's own facts, store it with the pack versions used."""
    _require(principal, WRITE_ROLES | {"auditor"}, "run assessments")
    system = _get_system(session, principal, system_id)
    day = as_of or dt.date.today()
    profile = current_profile(session, principal, system_id)
    result = assess(profile, packs=packs, as_of=day, lang=lang).to_dict()
    apply_registry_facts(session, system, result, day)
    record = AssessmentRecord(
        system_id=system.id,
        profile_version=system.profile_version,
        as_of=day,
        packs=[f"{r['pack']}@{r['version']}" for r in result["results"]],
        result=result,
        created_by=_user_ref(session, principal),
    )
    session.add(record)
    session.flush()
    return record


def apply_registry_facts(session: Session, system: AISystem, result: dict[str, Any], day: dt.date) -> None:
    """Apply what the registry knows to an assessment ``result`` of ``system`` (in place): linked
    evidence closes obligations; overdue risk reviews make Art. 18(1)(4) unmet."""
    links = session.execute(
        select(EvidenceLink.rule_id, Evidence.id, Evidence.title)
        .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
        .where(EvidenceLink.system_id == system.id)
    ).all()
    evidence: dict[str, list[tuple[str, str]]] = {}
    for rule_id, ev_id, title in links:
        evidence.setdefault(rule_id, []).append((ev_id, title))
    overdue = list(
        session.scalars(
            select(RiskEntry).where(
                RiskEntry.system_id == system.id,
                RiskEntry.status.in_(("open", "mitigated", "accepted")),
                RiskEntry.review_date < day,
            )
        )
    )
    for pack in result["results"]:
        for ob in pack["obligations"]:
            linked = evidence.get(ob["rule"])
            if linked:
                ob["evidence_links"] = [e for e, _ in linked]
                if ob["status"] == "unknown":
                    ob["status"] = "met"
                    ob["why"] += "; met by evidence: " + ", ".join(t for _, t in linked)
            if ob["rule"] in RISK_REVIEW_RULES and overdue and ob["status"] != "not_yet_applicable":
                ob["status"] = "unmet"
                ob["why"] += "; risk register: review overdue for " + ", ".join(
                    f"{r.title!r} (due {r.review_date.isoformat()})" for r in overdue[:5]
                )


def latest_assessment(session: Session, principal: Principal, system_id: str) -> AssessmentRecord:
    system = _get_system(session, principal, system_id)
    record = session.scalar(
        select(AssessmentRecord)
        .where(AssessmentRecord.system_id == system.id)
        .order_by(AssessmentRecord.created_at.desc(), AssessmentRecord.id.desc())
        .limit(1)
    )
    if record is None:
        raise NotFoundError("the system has not been assessed yet")
    return record


def obligations(session: Session, principal: Principal, system_id: str) -> list[dict[str, Any]]:
    record = latest_assessment(session, principal, system_id)
    out = []
    for pack in record.result["results"]:
        for ob in pack["obligations"]:
            out.append({"pack": f"{pack['pack']}@{pack['version']}", **ob})
    return out


# --------------------------------------------------------------------------- evidence


def _check_rules(rules: Sequence[str]) -> list[str]:
    for r in rules:
        if not r or len(r) > 100:
            raise ValidationFailedError("rule id {r!r} is not valid", r=r)
    return list(dict.fromkeys(rules))


def add_attestation(
    session: Session,
    principal: Principal,
    *,
    system_id: str,
    title: str,
    statement: str,
    rules: Sequence[str] = (),
) -> Evidence:
    _require(principal, WRITE_ROLES, "add evidence")
    system = _get_system(session, principal, system_id)
    if principal.org_id is None or session.get(User, principal.user_id) is None:
        raise ValidationFailedError("an attestation is signed by a named user: use a user's token")
    if not statement.strip():
        raise ValidationFailedError("statement: must not be empty")
    ev = Evidence(
        org_id=system.org_id,
        system_id=system.id,
        kind="attestation",
        title=title,
        statement=statement,
        attested_by=principal.user_id,
    )
    session.add(ev)
    session.flush()
    for rule in _check_rules(rules):
        session.add(EvidenceLink(evidence_id=ev.id, system_id=system.id, rule_id=rule))
    session.flush()
    return ev


def add_file(
    session: Session,
    principal: Principal,
    *,
    system_id: str,
    title: str,
    filename: str,
    media_type: str,
    data: bytes,
    kind: str = "file",
    rules: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_UPLOAD,
) -> Evidence:
    """Store a file or machine result content-addressed by SHA-256 (deduplicated)."""
    _require(principal, WRITE_ROLES, "add evidence")
    _check_choice(kind, ("file", "machine_result"), "kind")
    system = _get_system(session, principal, system_id)
    if len(data) > max_bytes:
        raise ValidationFailedError(
            "file of {size} bytes exceeds the limit of {max_bytes} bytes", size=len(data), max_bytes=max_bytes
        )
    sha = hashlib.sha256(data).hexdigest()
    # Queue behind concurrent writers before looking for the blob: two uploads of the same bytes
    # would otherwise both miss it, and the second would fail on its primary key (PostgreSQL).
    lock_head(session)
    if session.get(Blob, sha) is None:
        session.add(Blob(sha256=sha, size=len(data), data=data))
    ev = Evidence(
        org_id=system.org_id,
        system_id=system.id,
        kind=kind,
        title=title,
        sha256=sha,
        filename=filename[:300],
        media_type=media_type[:200],
        size=len(data),
        attested_by=_user_ref(session, principal),
    )
    session.add(ev)
    session.flush()
    for rule in _check_rules(rules):
        session.add(EvidenceLink(evidence_id=ev.id, system_id=system.id, rule_id=rule))
    session.flush()
    return ev


def list_evidence(
    session: Session, principal: Principal, *, system_id: str, limit: int = 100, offset: int = 0
) -> list[Evidence]:
    limit, offset = _page(limit, offset)
    system = _get_system(session, principal, system_id)
    if principal.org_id is not None and principal.org_id != system.org_id:
        # a regulator reading another organisation's published system sees its classification and
        # obligations, not its evidence (as get_evidence refuses it the files)
        return []
    return list(
        session.scalars(
            select(Evidence)
            .where(Evidence.system_id == system.id)
            .order_by(Evidence.created_at, Evidence.id)
            .limit(limit)
            .offset(offset)
        )
    )


def evidence_rules(session: Session, evidence_ids: Sequence[str]) -> dict[str, list[str]]:
    """The rule ids linked to each of already-authorised evidence, in the order they were linked."""
    out: dict[str, list[str]] = {}
    if not evidence_ids:
        return out
    rows = session.execute(
        select(EvidenceLink.evidence_id, EvidenceLink.rule_id)
        .where(EvidenceLink.evidence_id.in_(list(evidence_ids)))
        .order_by(EvidenceLink.created_at, EvidenceLink.id)
    ).all()
    for ev_id, rule in rows:
        out.setdefault(ev_id, []).append(rule)
    return out


def get_evidence(session: Session, principal: Principal, evidence_id: str) -> tuple[Evidence, bytes | None]:
    ev = session.get(Evidence, evidence_id)
    if ev is None:
        raise NotFoundError("evidence not found")
    _org_scope(principal, ev.org_id)
    if ev.system_id is not None:
        _get_system(session, principal, ev.system_id)
    data = None
    if ev.sha256 is not None:
        blob = session.get(Blob, ev.sha256)
        data = blob.data if blob is not None else None
    return ev, data


# --------------------------------------------------------------------------- risks


def add_risk(
    session: Session,
    principal: Principal,
    *,
    system_id: str,
    title: str,
    likelihood: int,
    impact: int,
    review_date: dt.date,
    description: str | None = None,
    misuse_scenario: str | None = None,
    measures: str | None = None,
    owner: str | None = None,
) -> RiskEntry:
    _require(principal, WRITE_ROLES, "record risks")
    system = _get_system(session, principal, system_id)
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not 1 <= value <= 5:
            raise ValidationFailedError("{name}: must be 1 to 5", name=name)
    risk = RiskEntry(
        system_id=system.id,
        title=title,
        description=description,
        likelihood=likelihood,
        impact=impact,
        misuse_scenario=misuse_scenario,
        measures=measures,
        owner=owner,
        review_date=review_date,
    )
    session.add(risk)
    session.flush()
    return risk


def update_risk(
    session: Session,
    principal: Principal,
    *,
    risk_id: str,
    expected_version: int | None = None,
    **fields: Any,
) -> RiskEntry:
    _require(principal, WRITE_ROLES, "change risks")
    risk = session.get(RiskEntry, risk_id)
    if risk is None:
        raise NotFoundError("risk not found")
    _get_system(session, principal, risk.system_id)
    _check_version(risk, expected_version, "risk")
    allowed = {
        "title",
        "description",
        "likelihood",
        "impact",
        "misuse_scenario",
        "measures",
        "owner",
        "review_date",
        "status",
    }
    for key, value in fields.items():
        if value is None:
            continue
        if key not in allowed:
            raise ValidationFailedError("{key}: unknown field", key=key)
        if key in ("likelihood", "impact") and not 1 <= int(value) <= 5:
            raise ValidationFailedError("{key}: must be 1 to 5", key=key)
        if key == "status":
            _check_choice(value, ("open", "mitigated", "accepted", "closed"), "status")
        setattr(risk, key, value)
    session.flush()
    return risk


def list_risks(
    session: Session, principal: Principal, *, system_id: str, overdue_on: dt.date | None = None
) -> list[RiskEntry]:
    system = _get_system(session, principal, system_id)
    q = select(RiskEntry).where(RiskEntry.system_id == system.id)
    if overdue_on is not None:
        q = q.where(RiskEntry.review_date < overdue_on, RiskEntry.status != "closed")
    return list(session.scalars(q.order_by(RiskEntry.review_date, RiskEntry.id)))


# --------------------------------------------------------------------------- incidents


@dataclass(frozen=True, slots=True)
class Clock:
    regime: str
    article: str
    what: str
    deadline: dt.datetime
    basis: str

    def to_dict(self, now: dt.datetime, reported_at: dt.datetime | None = None) -> dict[str, Any]:
        """The clock at ``now``; ``reported_at`` is the first notification recorded for the
        incident: once it exists the clock has stopped (``late`` tells whether after the deadline)."""
        return {
            "regime": self.regime,
            "article": self.article,
            "what": self.what,
            "deadline": self.deadline.isoformat(),
            "basis": self.basis,
            "reported_at": reported_at.isoformat() if reported_at is not None else None,
            "late": reported_at is not None and reported_at > self.deadline,
            "overdue": reported_at is None and now > self.deadline,
        }


#: What each pack's incident clock asks for (gettext message ids the web UI and the dossier translate);
#: a pack not listed shows the rule's English title.
_CLOCK_WHAT = {
    "kz-personal-data": "notify the authorised body of the personal-data breach",
    "eu-ai-act": "report the serious incident to the market-surveillance authority",
}


def _jurisdiction_applies(jurisdiction: str, profile: SystemProfile | None) -> bool:
    if profile is None:
        return True
    if jurisdiction == "kz":
        return profile.jurisdiction.kz is not False
    if jurisdiction == "eu":
        return bool(profile.jurisdiction.eu.placed_on_market or profile.jurisdiction.eu.output_used_in_eu)
    return False


def _clock_deadline(aware: dt.datetime, period: str) -> dt.datetime:
    """``aware`` plus ``period``, counted on Kazakhstan's calendar (working days are Kazakhstan's):
    in KZ time, not in whatever offset aware_at carries (the caller's on creation, UTC once read back
    from the database). Calendar periods keep the offset ``aware`` carries."""
    local = aware.astimezone(KZ_TIME)
    deadline = dt.datetime.combine(add_period(local.date(), period), local.timetz())
    return deadline if period.endswith("WD") else deadline.astimezone(aware.tzinfo)


def _incident_rules(
    pack: CompiledPack, harms: set[str], profile: SystemProfile | None, day: dt.date
) -> list[CompiledRule]:
    """The pack's notify rules with a clock that the harms trigger and that apply on ``day`` (from their
    ``effective_from``: a reporting duty that has not started yet starts no clock); with a profile, only
    those whose actor and condition (``when``) hold for it or are unknown, as the engine evaluates them.
    The pack's scope is not re-judged: the incident itself engages it (a personal-data breach means
    personal data were processed, whatever the profile says)."""
    rules = [
        r
        for r in pack.by_effect.get("notify", ())
        if r.incident is not None
        and r.clock is not None
        and harms.intersection(r.incident.harm_types)
        and r.in_force(day)
    ]
    if rules and profile is not None:
        ev = PackEvaluation(pack, flatten_profile(profile), day)
        rules = [r for r in rules if ev.actor_ok(r) is not False and r.when(ev) is not False]
    return rules


def incident_clocks(
    incident: Incident, profile: SystemProfile | None, *, catalog: Catalog | None = None
) -> list[Clock]:
    """The reporting clocks that apply, from the ``notify`` rules (with an ``incident`` trigger) of the
    packs in force on the awareness date; within a trigger group the clock that ends first wins."""
    aware = incident.aware_at
    harms = set(incident.harm_types)
    day = aware.astimezone(KZ_TIME).date()
    cat = catalog or default_catalog()
    clocks: list[Clock] = []
    for pack_id in cat.pack_ids():
        try:
            pack = cat.resolve(pack_id, day)
        except PackError:
            continue
        if pack.status != "in_force" or not _jurisdiction_applies(pack.jurisdiction, profile):
            continue
        kept: dict[str, tuple[int, Clock]] = {}  # group (or rule id) -> (position, clock)
        for rule in _incident_rules(pack, harms, profile, day):
            assert rule.clock is not None and rule.incident is not None
            suffix = "" if rule.verification == "C" else f" [{rule.verification}]"
            clock = Clock(
                pack.id,
                rule.article,
                _CLOCK_WHAT.get(pack.id, rule.title.en),
                _clock_deadline(aware, rule.clock.period),
                f"{describe_period(rule.clock.period)} from {rule.clock.from_}{suffix}",
            )
            key = rule.incident.group or f"rule:{rule.id}"
            if key not in kept or clock.deadline < kept[key][1].deadline:
                kept[key] = (kept[key][0] if key in kept else len(kept), clock)
        clocks.extend(c for _, c in sorted(kept.values(), key=lambda pc: pc[0]))
    return clocks


def add_incident(
    session: Session,
    principal: Principal,
    *,
    system_id: str,
    title: str,
    harm_types: Sequence[str],
    aware_at: dt.datetime,
    occurred_at: dt.datetime | None = None,
    description: str | None = None,
) -> Incident:
    _require(principal, WRITE_ROLES, "record incidents")
    system = _get_system(session, principal, system_id)
    harms = [_check_choice(h, HARM_TYPES, "harm_types") for h in dict.fromkeys(harm_types)]
    if not harms:
        raise ValidationFailedError(
            "harm_types: name at least one of {allowed}", allowed=", ".join(HARM_TYPES)
        )
    _aware(aware_at, "aware_at")
    if occurred_at is not None:
        _aware(occurred_at, "occurred_at")
        if occurred_at > aware_at:
            raise ValidationFailedError("occurred_at: after aware_at")
    if aware_at > _now() + dt.timedelta(minutes=5):
        raise ValidationFailedError("aware_at: in the future")
    incident = Incident(
        system_id=system.id,
        title=title,
        description=description,
        harm_types=harms,
        aware_at=aware_at,
        occurred_at=occurred_at,
    )
    session.add(incident)
    session.flush()
    return incident


def add_incident_action(
    session: Session,
    principal: Principal,
    *,
    incident_id: str,
    kind: str,
    description: str,
    notified: str | None = None,
) -> IncidentAction:
    """Record a measure, a notification, or a suspension (which suspends the system: KZ 18(2), EU 26(5))."""
    _require(principal, WRITE_ROLES, "act on incidents")
    incident = get_incident(session, principal, incident_id)
    system = _get_system(session, principal, incident.system_id)
    _check_choice(kind, ("measure", "notification", "suspension", "resumption"), "kind")
    action = IncidentAction(
        incident_id=incident.id,
        by=_user_ref(session, principal),
        kind=kind,
        description=description,
        notified=notified,
    )
    session.add(action)
    if kind == "suspension":
        system.lifecycle_stage = "suspended"
    elif kind == "resumption" and system.lifecycle_stage == "suspended":
        system.lifecycle_stage = "deployed"
    if kind == "notification" and incident.status == "open":
        incident.status = "reported"
    session.flush()
    return action


def get_incident(session: Session, principal: Principal, incident_id: str) -> Incident:
    """One incident; another organisation's (or an unpublished system's) is "not found"."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFoundError("incident not found")
    try:
        _get_system(session, principal, incident.system_id)
    except NotFoundError:
        raise NotFoundError("incident not found") from None
    return incident


def list_incidents(session: Session, principal: Principal, *, system_id: str) -> list[Incident]:
    system = _get_system(session, principal, system_id)
    return list(
        session.scalars(
            select(Incident)
            .where(Incident.system_id == system.id)
            .order_by(Incident.aware_at.desc(), Incident.id)
        )
    )


def incident_view(
    session: Session, principal: Principal, incident: Incident, now: dt.datetime | None = None
) -> dict[str, Any]:
    try:
        profile: SystemProfile | None = current_profile(session, principal, incident.system_id)
    except NotFoundError:
        profile = None
    actions = list(
        session.scalars(
            select(IncidentAction)
            .where(IncidentAction.incident_id == incident.id)
            .order_by(IncidentAction.at, IncidentAction.id)
        )
    )
    moment = now or _now()
    notified = [a.at for a in actions if a.kind == "notification"]
    reported_at = min(notified) if notified else None
    if reported_at is not None and reported_at.tzinfo is None:  # stored in UTC
        reported_at = reported_at.replace(tzinfo=dt.UTC)
    return {
        "id": incident.id,
        "system_id": incident.system_id,
        "title": incident.title,
        "description": incident.description,
        "harm_types": incident.harm_types,
        "occurred_at": incident.occurred_at.isoformat() if incident.occurred_at else None,
        "aware_at": incident.aware_at.isoformat(),
        "status": incident.status,
        "version": incident.version,
        "clocks": [c.to_dict(moment, reported_at) for c in incident_clocks(incident, profile)],
        "actions": [
            {
                "id": a.id,
                "at": a.at.isoformat(),
                "kind": a.kind,
                "description": a.description,
                "notified": a.notified,
                "by": a.by,
            }
            for a in actions
        ],
    }


# --------------------------------------------------------------------------- AI literacy


def add_literacy_record(
    session: Session,
    principal: Principal,
    *,
    person: str,
    role: str,
    course: str,
    completed_on: dt.date,
    expires_on: dt.date | None = None,
    systems: Sequence[str] = (),
    user_id: str | None = None,
    org_id: str | None = None,
) -> LiteracyRecord:
    _require(principal, {"admin", "compliance_officer"}, "record AI-literacy training")
    org = principal.org_id or org_id
    if org is None:
        raise ValidationFailedError("org: name the organisation")
    _org_scope(principal, org)
    if expires_on is not None and expires_on < completed_on:
        raise ValidationFailedError("expires_on: before completed_on")
    ids = []
    for ref in systems:
        system = _get_system(session, principal, ref)
        if system.org_id != org:
            raise NotFoundError("system {ref} not found", ref=ref)
        ids.append(system.id)
    if user_id is not None:
        person_user = session.get(User, user_id)
        if person_user is None or person_user.org_id != org:
            raise NotFoundError("user {user_id} not found", user_id=user_id)
    record = LiteracyRecord(
        org_id=org,
        person=person,
        role=role,
        course=course,
        completed_on=completed_on,
        expires_on=expires_on,
        systems=ids,
        user_id=user_id,
    )
    session.add(record)
    session.flush()
    return record


def literacy_coverage(
    session: Session, principal: Principal, *, system_id: str, on: dt.date | None = None
) -> dict[str, Any]:
    """Operators of a system with current training, by person (Art. 4 EU AI Act evidence)."""
    system = _get_system(session, principal, system_id)
    day = on or dt.date.today()
    records = [
        r
        for r in session.scalars(select(LiteracyRecord).where(LiteracyRecord.org_id == system.org_id))
        if system.id in (r.systems or [])
    ]
    people: dict[str, bool] = {}
    for r in records:
        current = r.completed_on <= day and (r.expires_on is None or r.expires_on >= day)
        people[r.person] = people.get(r.person, False) or current
    trained = sorted(p for p, ok in people.items() if ok)
    lapsed = sorted(p for p, ok in people.items() if not ok)
    total = len(people)
    return {
        "system_id": system.id,
        "on": day.isoformat(),
        "operators": total,
        "trained": trained,
        "lapsed": lapsed,
        "coverage": (len(trained) / total) if total else None,
    }


# --------------------------------------------------------------------------- ledger


VERIFY_ROLES = frozenset({"admin", "auditor", "compliance_officer"})


def verify_ledger(session: Session, principal: Principal) -> dict[str, Any]:
    """Verify the (instance-wide) ledger; a break in another organisation is reported without its object."""
    from senim.ledger.chain import verify

    _require(principal, VERIFY_ROLES, "verify the ledger")
    report = verify(session).to_dict()
    org = report.pop("org_id", None)
    if not report["ok"] and principal.org_id is not None and org != principal.org_id:
        report["object"] = None
        report["problem"] = f"{report['problem']} (outside your organisation)"
    return report


def export_ledger(session: Session, principal: Principal) -> tuple[list[str], dict[str, Any]]:
    """The ledger as JSON Lines for the principal: an organisation's users get their own events in
    full and every other event redacted to its links (see ``senim.ledger.chain.export_jsonl``);
    returns the lines and the verification report of the whole chain."""
    from senim.ledger.chain import export_jsonl

    _require(principal, VERIFY_ROLES, "export the ledger")
    report = verify_ledger(session, principal)
    return list(export_jsonl(session, org_id=principal.org_id)), report
