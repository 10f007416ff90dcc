"""Incidents of a system, with the reporting clocks that apply (KZ personal data, EU AI Act Art. 73)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from senim.api.routes import ERROR_RESPONSES, Ctx, CurrentCtx, TransactionalRoute, outsider
from senim.registry import services
from senim.registry.models import HARM_TYPES, Incident

router = APIRouter(tags=["incidents"], responses=ERROR_RESPONSES, route_class=TransactionalRoute)

_ACTION_KINDS = ("measure", "notification", "suspension", "resumption")


class IncidentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=500)
    harm_types: list[str] = Field(min_length=1, json_schema_extra={"items": {"enum": list(HARM_TYPES)}})
    aware_at: AwareDatetime = Field(description="when the organisation became aware; with a time zone")
    occurred_at: AwareDatetime | None = None
    description: str | None = None


class ActionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(json_schema_extra={"enum": list(_ACTION_KINDS)})
    description: str = Field(min_length=1)
    notified: str | None = Field(default=None, max_length=300, description="whom, for a notification")


class ClockOut(BaseModel):
    regime: str
    article: str
    what: str
    deadline: dt.datetime
    basis: str
    reported_at: dt.datetime | None = Field(
        default=None, description="first notification recorded for the incident: the clock stopped then"
    )
    late: bool = Field(default=False, description="the notification came after the deadline")
    overdue: bool = Field(description="no notification yet and the deadline has passed")


class ActionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    at: dt.datetime
    kind: str
    description: str
    notified: str | None
    by: str | None


class IncidentOut(BaseModel):
    id: str
    system_id: str
    title: str
    description: str | None
    harm_types: list[str]
    occurred_at: dt.datetime | None
    aware_at: dt.datetime
    status: str
    version: int
    clocks: list[ClockOut]
    actions: list[ActionOut]


class IncidentList(BaseModel):
    items: list[IncidentOut]


def _view(ctx: Ctx, incident: Incident) -> IncidentOut:
    data: dict[str, Any] = services.incident_view(ctx.session, ctx.principal, incident)
    out = IncidentOut.model_validate(data)
    if outsider(ctx.principal, services.get_system(ctx.session, ctx.principal, incident.system_id).org_id):
        out = out.model_copy(update={"actions": [a.model_copy(update={"by": None}) for a in out.actions]})
    return out


@router.post(
    "/systems/{system_id}/incidents",
    status_code=201,
    response_model=IncidentOut,
    summary="Record an incident",
)
def create_incident(system_id: str, body: IncidentCreate, ctx: CurrentCtx, response: Response) -> IncidentOut:
    incident = services.add_incident(
        ctx.session,
        ctx.principal,
        system_id=system_id,
        title=body.title,
        harm_types=body.harm_types,
        aware_at=body.aware_at,
        occurred_at=body.occurred_at,
        description=body.description,
    )
    response.headers["Location"] = f"/api/v1/incidents/{incident.id}"
    return _view(ctx, incident)


@router.get(
    "/systems/{system_id}/incidents",
    response_model=IncidentList,
    summary="Incidents of a system, newest first, each with its reporting clocks",
)
def list_incidents(system_id: str, ctx: CurrentCtx) -> IncidentList:
    rows = services.list_incidents(ctx.session, ctx.principal, system_id=system_id)
    return IncidentList(items=[_view(ctx, r) for r in rows])


@router.get("/incidents/{incident_id}", response_model=IncidentOut, summary="One incident with its clocks")
def get_incident(incident_id: str, ctx: CurrentCtx) -> IncidentOut:
    return _view(ctx, services.get_incident(ctx.session, ctx.principal, incident_id))


@router.post(
    "/incidents/{incident_id}/actions",
    status_code=201,
    response_model=ActionOut,
    summary="Record a measure, notification, suspension or resumption",
)
def create_action(incident_id: str, body: ActionCreate, ctx: CurrentCtx) -> ActionOut:
    action = services.add_incident_action(
        ctx.session,
        ctx.principal,
        incident_id=incident_id,
        kind=body.kind,
        description=body.description,
        notified=body.notified,
    )
    return ActionOut.model_validate(action)
