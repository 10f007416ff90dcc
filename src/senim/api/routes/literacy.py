"""AI-literacy training records (EU AI Act Art. 4) and their coverage of a system's operators."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from senim.api.routes import ERROR_RESPONSES, CurrentCtx, TransactionalRoute
from senim.registry import services

router = APIRouter(tags=["literacy"], responses=ERROR_RESPONSES, route_class=TransactionalRoute)


class LiteracyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person: str = Field(min_length=1, max_length=300)
    role: str = Field(min_length=1, max_length=100)
    course: str = Field(min_length=1, max_length=300)
    completed_on: dt.date
    expires_on: dt.date | None = None
    systems: list[str] = Field(default_factory=list, description="ids of the systems the person operates")
    user_id: str | None = Field(default=None, description="the person's user account, if they have one")


class LiteracyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    org_id: str
    person: str
    role: str
    course: str
    completed_on: dt.date
    expires_on: dt.date | None
    systems: list[str]
    user_id: str | None
    created_at: dt.datetime


class CoverageOut(BaseModel):
    system_id: str
    on: dt.date
    operators: int
    trained: list[str]
    lapsed: list[str]
    coverage: float | None = Field(description="share of operators with current training; null: none known")


@router.post("/literacy", status_code=201, response_model=LiteracyOut, summary="Record completed training")
def create_record(body: LiteracyCreate, ctx: CurrentCtx) -> LiteracyOut:
    record = services.add_literacy_record(ctx.session, ctx.principal, **body.model_dump())
    return LiteracyOut.model_validate(record)


@router.get(
    "/systems/{system_id}/literacy",
    response_model=CoverageOut,
    summary="Which operators of a system have current AI-literacy training",
)
def coverage(
    system_id: str,
    ctx: CurrentCtx,
    on: Annotated[dt.date | None, Query(description="the day to judge (default: today)")] = None,
) -> CoverageOut:
    return CoverageOut.model_validate(
        services.literacy_coverage(ctx.session, ctx.principal, system_id=system_id, on=on)
    )
