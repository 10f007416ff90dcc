"""AI systems, their profile versions, assessments and obligations.

Systems are never deleted: they are retired through ``lifecycle_stage``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from senim.api.routes import (
    ERROR_RESPONSES,
    MAX_OFFSET,
    ApiError,
    CurrentCtx,
    IfMatch,
    TransactionalRoute,
    expected_version,
    outsider,
    version_etag,
)
from senim.law.packs import PackError
from senim.profile import parse_profile
from senim.registry import services
from senim.registry.models import LIFECYCLE_STAGES, PUBLICATION, AISystem

router = APIRouter(tags=["systems"], responses=ERROR_RESPONSES, route_class=TransactionalRoute)

_PROFILE_DOC = "A system profile mapping (schema senim/system-profile/v1), as in a profile YAML file"


class SystemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profile: dict[str, Any] = Field(description=_PROFILE_DOC)
    owner: str | None = Field(default=None, max_length=300)
    holder: str | None = Field(default=None, max_length=300)
    lifecycle_stage: str = Field(default="design", json_schema_extra={"enum": list(LIFECYCLE_STAGES)})


class SystemPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    owner: str | None = Field(default=None, max_length=300)
    holder: str | None = Field(default=None, max_length=300)
    lifecycle_stage: str | None = Field(default=None, json_schema_extra={"enum": list(LIFECYCLE_STAGES)})
    publication: str | None = Field(default=None, json_schema_extra={"enum": list(PUBLICATION)})
    version: int | None = Field(default=None, description="the version read (or send If-Match)")


class ProfileUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profile: dict[str, Any] = Field(description=_PROFILE_DOC)
    version: int | None = Field(default=None, description="the version read (or send If-Match)")


class SystemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    org_id: str
    slug: str
    name: str | None
    owner: str | None
    holder: str | None
    lifecycle_stage: str
    publication: str
    profile_version: int
    version: int = Field(description="send it back (If-Match or 'version') when changing the system")
    created_at: dt.datetime
    updated_at: dt.datetime


class SystemPage(BaseModel):
    items: list[SystemOut]
    total: int
    limit: int
    offset: int


class ProfileVersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    number: int
    sha256: str
    created_by: str | None
    created_at: dt.datetime
    profile: dict[str, Any]


class ProfileVersionList(BaseModel):
    items: list[ProfileVersionOut]


class AssessmentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: dt.date | None = None
    packs: list[str] | None = Field(default=None, description='pack ids, "id" or "id@version"')
    lang: str | None = Field(default=None, json_schema_extra={"enum": ["en", "kk", "ru"]})


class AssessmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    system_id: str
    profile_version: int
    as_of: dt.date
    packs: list[str]
    result: dict[str, Any] = Field(description="the senim/assessment/v1 document, with registry facts")
    created_by: str | None
    created_at: dt.datetime


class ObligationList(BaseModel):
    assessment_id: str
    as_of: dt.date
    items: list[dict[str, Any]]


def _out(system: AISystem, response: Response) -> SystemOut:
    response.headers["ETag"] = version_etag(system.version)
    return SystemOut.model_validate(system)


@router.post("/systems", status_code=201, response_model=SystemOut, summary="Register a system")
def create_system(body: SystemCreate, ctx: CurrentCtx, response: Response) -> SystemOut:
    profile = parse_profile(body.profile)
    system = services.add_system(
        ctx.session,
        ctx.principal,
        profile=profile,
        owner=body.owner,
        holder=body.holder,
        lifecycle_stage=body.lifecycle_stage,
    )
    response.headers["Location"] = f"/api/v1/systems/{system.id}"
    return _out(system, response)


@router.get("/systems", response_model=SystemPage, summary="List the systems the caller may see")
def list_systems(
    ctx: CurrentCtx,
    lifecycle_stage: Annotated[str | None, Query(json_schema_extra={"enum": list(LIFECYCLE_STAGES)})] = None,
    publication: Annotated[str | None, Query(json_schema_extra={"enum": list(PUBLICATION)})] = None,
    q: Annotated[str | None, Query(max_length=200, description="substring of the slug or name")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> SystemPage:
    rows, total = services.list_systems(
        ctx.session,
        ctx.principal,
        lifecycle_stage=lifecycle_stage,
        publication=publication,
        q=q,
        limit=limit,
        offset=offset,
    )
    return SystemPage(
        items=[SystemOut.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.get("/systems/{system_id}", response_model=SystemOut, summary="One system")
def get_system(system_id: str, ctx: CurrentCtx, response: Response) -> SystemOut:
    return _out(services.get_system(ctx.session, ctx.principal, system_id), response)


@router.patch(
    "/systems/{system_id}",
    response_model=SystemOut,
    summary="Change owner, holder, lifecycle stage or publication (optimistic locking)",
    responses={428: {"description": "No version was sent"}},
)
def patch_system(
    system_id: str, body: SystemPatch, ctx: CurrentCtx, response: Response, if_match: IfMatch = None
) -> SystemOut:
    version = expected_version(if_match, body.version)
    system = services.set_system_fields(
        ctx.session,
        ctx.principal,
        system_id=system_id,
        expected_version=version,
        **body.model_dump(exclude={"version"}, exclude_unset=True),
    )
    return _out(system, response)


@router.put(
    "/systems/{system_id}/profile",
    response_model=SystemOut,
    summary="Store a new profile version (optimistic locking)",
    responses={428: {"description": "No version was sent"}},
)
def put_profile(
    system_id: str, body: ProfileUpdate, ctx: CurrentCtx, response: Response, if_match: IfMatch = None
) -> SystemOut:
    version = expected_version(if_match, body.version)
    profile = parse_profile(body.profile)
    system = services.update_profile(
        ctx.session, ctx.principal, system_id=system_id, profile=profile, expected_version=version
    )
    return _out(system, response)


@router.get(
    "/systems/{system_id}/profile/versions",
    response_model=ProfileVersionList,
    summary="Every stored profile version, oldest first",
)
def list_profile_versions(system_id: str, ctx: CurrentCtx) -> ProfileVersionList:
    rows = services.profile_versions(ctx.session, ctx.principal, system_id)
    items = [ProfileVersionOut.model_validate(r) for r in rows]
    if _outsider(ctx, system_id):
        items = [item.model_copy(update={"created_by": None}) for item in items]
    return ProfileVersionList(items=items)


def _outsider(ctx: CurrentCtx, system_id: str) -> bool:
    return outsider(ctx.principal, services.get_system(ctx.session, ctx.principal, system_id).org_id)


def _assessment_out(ctx: CurrentCtx, record: Any) -> AssessmentOut:
    out = AssessmentOut.model_validate(record)
    if _outsider(ctx, out.system_id):
        out = out.model_copy(update={"created_by": None})
    return out


@router.post(
    "/systems/{system_id}/assessments",
    status_code=201,
    response_model=AssessmentOut,
    summary="Assess the current profile and store the result",
)
def create_assessment(
    system_id: str,
    ctx: CurrentCtx,
    body: Annotated[AssessmentRequest | None, Body()] = None,
    as_of: Annotated[dt.date | None, Query()] = None,
    packs: Annotated[list[str] | None, Query(description="repeat for several packs")] = None,
    lang: Annotated[str | None, Query(json_schema_extra={"enum": ["en", "kk", "ru"]})] = None,
) -> AssessmentOut:
    req = body or AssessmentRequest()
    chosen_lang = req.lang or lang or "en"
    if chosen_lang not in ("en", "kk", "ru"):
        raise ApiError(
            422,
            "invalid",
            f"lang: {chosen_lang!r} is not one of en, kk, ru",
            details=[{"loc": ["lang"], "message": "not one of en, kk, ru"}],
        )
    try:
        record = services.run_assessment(
            ctx.session,
            ctx.principal,
            system_id=system_id,
            as_of=req.as_of or as_of,
            packs=req.packs or packs,
            lang=chosen_lang,
        )
    except PackError as exc:  # an unknown pack or version named by the client
        raise services.ValidationFailedError(f"packs: {exc}") from None
    return _assessment_out(ctx, record)


@router.get(
    "/systems/{system_id}/assessments/latest",
    response_model=AssessmentOut,
    summary="The most recent stored assessment",
)
def latest_assessment(system_id: str, ctx: CurrentCtx) -> AssessmentOut:
    return _assessment_out(ctx, services.latest_assessment(ctx.session, ctx.principal, system_id))


@router.get(
    "/systems/{system_id}/obligations",
    response_model=ObligationList,
    summary="Obligations of the latest assessment, with their status and linked evidence",
)
def list_obligations(system_id: str, ctx: CurrentCtx) -> ObligationList:
    record = services.latest_assessment(ctx.session, ctx.principal, system_id)
    items = services.obligations(ctx.session, ctx.principal, system_id)
    return ObligationList(assessment_id=record.id, as_of=record.as_of, items=items)
