"""Users of the caller's organisation, their API tokens, and the caller itself."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from senim.api.routes import ERROR_RESPONSES, MAX_OFFSET, ApiError, CurrentCtx, TransactionalRoute
from senim.registry import services
from senim.registry.models import ROLES, Organization, User

router = APIRouter(tags=["users"], responses=ERROR_RESPONSES, route_class=TransactionalRoute)


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=320)
    name: str = Field(min_length=1, max_length=300)
    role: str = Field(json_schema_extra={"enum": list(ROLES)})


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    org_id: str
    email: str
    name: str
    role: str
    active: bool
    created_at: dt.datetime


class UserList(BaseModel):
    items: list[UserOut]


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expires_in_days: int | None = Field(
        default=90, ge=1, le=3650, description="null: a token that never expires"
    )


class TokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    user_id: str
    prefix: str = Field(description="the first characters of the token, to recognise it")
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreated(TokenOut):
    token: str = Field(description="the bearer token: shown this once, only its hash is stored")


class MeOut(BaseModel):
    user_id: str
    org_id: str | None
    org_name: str | None
    role: str
    email: str | None
    name: str | None


@router.get("/users", response_model=UserList, summary="Users of the caller's organisation")
def list_users(
    ctx: CurrentCtx,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> UserList:
    rows = services.list_users(ctx.session, ctx.principal, limit=limit, offset=offset)
    return UserList(items=[UserOut.model_validate(u) for u in rows])


@router.post("/users", status_code=201, response_model=UserOut, summary="Create a user (admins, own org)")
def create_user(body: UserCreate, ctx: CurrentCtx) -> UserOut:
    if ctx.principal.org_id is None:
        raise ApiError(422, "invalid", "the instance operator creates users with the CLI")
    user = services.create_user(
        ctx.session,
        ctx.principal,
        org_id=ctx.principal.org_id,
        email=body.email,
        name=body.name,
        role=body.role,
    )
    return UserOut.model_validate(user)


@router.post(
    "/users/{user_id}/tokens",
    status_code=201,
    response_model=TokenCreated,
    summary="Issue an API token (the plaintext is returned once)",
)
def create_token(
    user_id: str,
    ctx: CurrentCtx,
    response: Response,
    body: Annotated[TokenCreate | None, Body()] = None,
) -> TokenCreated:
    req = body or TokenCreate()
    token, plain = services.create_token(
        ctx.session, ctx.principal, user_id=user_id, expires_in_days=req.expires_in_days
    )
    response.headers["Cache-Control"] = "no-store"
    return TokenCreated.model_validate({**TokenOut.model_validate(token).model_dump(), "token": plain})


@router.delete("/tokens/{token_id}", response_model=TokenOut, summary="Revoke a token")
def revoke_token(token_id: str, ctx: CurrentCtx) -> TokenOut:
    token = services.revoke_token(ctx.session, ctx.principal, token_id=token_id)
    ctx.session.flush()
    return TokenOut.model_validate(token)


@router.get("/me", response_model=MeOut, summary="The authenticated principal")
def me(ctx: CurrentCtx) -> MeOut:
    p = ctx.principal
    user = ctx.session.get(User, p.user_id)
    org = ctx.session.get(Organization, p.org_id) if p.org_id else None
    return MeOut(
        user_id=p.user_id,
        org_id=p.org_id,
        org_name=org.name if org else None,
        role=p.role,
        email=user.email if user else None,
        name=user.name if user else None,
    )
