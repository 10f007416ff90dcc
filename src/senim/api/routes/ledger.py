"""The ledger: prove that nothing in the registry was changed outside the application.

The ledger is instance-wide (one chain for every organisation), so verification covers all of it.
"""

from __future__ import annotations

import json
import logging

from fastapi import APIRouter, Response
from pydantic import BaseModel

from senim.api.routes import ERROR_RESPONSES, ApiError, CurrentCtx, ErrorBody, TransactionalRoute
from senim.registry import services

_log = logging.getLogger("senim.api")

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
        200: {"content": {"application/x-ndjson": {}}, "description": "One event a line, then the head"},
        503: {"model": ErrorBody, "description": "The server's ledger signing key is not usable"},
    },
)
def export_ledger(ctx: CurrentCtx) -> Response:
    from senim.ledger.signing import SigningKeyError, sign_head

    lines, report = services.export_ledger(ctx.session, ctx.principal)
    try:
        head = sign_head(report["head_hash"], report["events"])
    except SigningKeyError as exc:  # a server configuration problem: details to the log, not the client
        _log.error("ledger export: %s", exc)
        raise ApiError(
            503,
            "signing_key_unavailable",
            "the server cannot sign the ledger export: its signing key is not usable (see the server log)",
        ) from None
    head["verified"] = report["ok"]
    body = "\n".join([*lines, json.dumps({"head": head})]) + "\n"
    return Response(
        content=body.encode("utf-8"),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="ledger.jsonl"'},
    )
