"""The risk register of a system (reviewed at least yearly: KZ AI law Art. 18(1)(4))."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from senim.api.routes import (
    ERROR_RESPONSES,
    CurrentCtx,
    IfMatch,
    TransactionalRoute,
    expected_version,
    version_etag,
)
from senim.registry import services

router = APIRouter(tags=["risks"], responses=ERROR_RESPONSES, route_class=TransactionalRoute)

_STATUSES = ("open", "mitigated", "accepted", "closed")


class RiskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=500)
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    review_date: dt.date
    description: str | None = None
    misuse_scenario: str | None = None
    measures: str | None = None
    owner: str | None = Field(default=None, max_length=300)


class RiskPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=500)
    likelihood: int | None = Field(default=None, ge=1, le=5)
    impact: int | None = Field(default=None, ge=1, le=5)
    review_date: dt.date | None = None
    description: str | None = None
    misuse_scenario: str | None = None
    measures: str | None = None
    owner: str | None = Field(default=None, max_length=300)
    status: str | None = Field(default=None, json_schema_extra={"enum": list(_STATUSES)})
    version: int | None = Field(default=None, description="the version read (or send If-Match)")


class RiskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    system_id: str
    title: str
    description: str | None
    likelihood: int
    impact: int
    misuse_scenario: str | None
    measures: str | None
    owner: str | None
    review_date: dt.date
    status: str
    created_at: dt.datetime
    version: int


class RiskList(BaseModel):
    items: list[RiskOut]


@router.post("/systems/{system_id}/risks", status_code=201, response_model=RiskOut, summary="Record a risk")
def create_risk(system_id: str, body: RiskCreate, ctx: CurrentCtx, response: Response) -> RiskOut:
    risk = services.add_risk(ctx.session, ctx.principal, system_id=system_id, **body.model_dump())
    response.headers["ETag"] = version_etag(risk.version)
    return RiskOut.model_validate(risk)


@router.get("/systems/{system_id}/risks", response_model=RiskList, summary="The risk register")
def list_risks(
    system_id: str,
    ctx: CurrentCtx,
    overdue_on: Annotated[
        dt.date | None, Query(description="only risks (not closed) whose review date is before this day")
    ] = None,
) -> RiskList:
    rows = services.list_risks(ctx.session, ctx.principal, system_id=system_id, overdue_on=overdue_on)
    return RiskList(items=[RiskOut.model_validate(r) for r in rows])


@router.patch(
    "/risks/{risk_id}",
    response_model=RiskOut,
    summary="Change a risk (optimistic locking)",
    responses={428: {"description": "No version was sent"}},
)
def patch_risk(
    risk_id: str, body: RiskPatch, ctx: CurrentCtx, response: Response, if_match: IfMatch = None
) -> RiskOut:
    version = expected_version(if_match, body.version)
    risk = services.update_risk(
        ctx.session,
        ctx.principal,
        risk_id=risk_id,
        expected_version=version,
        **body.model_dump(exclude={"version"}, exclude_unset=True),
    )
    response.headers["ETag"] = version_etag(risk.version)
    return RiskOut.model_validate(risk)
