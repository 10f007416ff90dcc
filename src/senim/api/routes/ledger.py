"""The ledger: prove that nothing in the registry was changed outside the application.

The ledger is instance-wide (one chain for every organisation), so verification covers all of it.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from senim.api.routes import ERROR_RESPONSES, CurrentCtx, TransactionalRoute
from senim.registry import services

router = APIRouter(tags=["ledger"], responses=ERROR_RESPONSES, route_class=TransactionalRoute)


class VerifyOut(BaseModel):
    ok: bool
    events: int
    head_hash: str
    problem: str | None
    event: int | None
    object: str | None


@router.get(
    "/ledger/verify", response_model=VerifyOut, summary="Verify the hash chain and every registry row"
)
def verify_ledger(ctx: CurrentCtx) -> VerifyOut:
    return VerifyOut.model_validate(services.verify_ledger(ctx.session, ctx.principal))
