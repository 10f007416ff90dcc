"""The ledger: prove that nothing in the registry was changed outside the application.

The ledger is instance-wide (one chain for every organisation), so verification covers all of it.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Response
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


@router.get(
    "/ledger/export",
    response_class=Response,
    summary="The ledger as JSON Lines with a signed head (others' events redacted to their links)",
    responses={
        200: {"content": {"application/x-ndjson": {}}, "description": "One event a line, then the head"}
    },
)
def export_ledger(ctx: CurrentCtx) -> Response:
    from senim.ledger.signing import sign_head

    lines, report = services.export_ledger(ctx.session, ctx.principal)
    head = sign_head(report["head_hash"], report["events"])
    head["verified"] = report["ok"]
    body = "\n".join([*lines, json.dumps({"head": head})]) + "\n"
    return Response(
        content=body.encode("utf-8"),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="ledger.jsonl"'},
    )
