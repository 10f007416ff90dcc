"""Evidence: signed attestations, uploaded files and machine results (content-addressed)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from senim.api.routes import (
    ERROR_RESPONSES,
    MAX_OFFSET,
    ApiError,
    CurrentCtx,
    ErrorBody,
    TransactionalRoute,
    outsider,
)
from senim.registry import services
from senim.registry.models import Evidence

router = APIRouter(tags=["evidence"], responses=ERROR_RESPONSES, route_class=TransactionalRoute)

FIELD_LIMIT = 16 * 1024  # bytes of one text field of the upload form
FORM_OVERHEAD = 64 * 1024  # the form's boundaries, part headers and text fields, on top of the file
MAX_PARTS = 16


class AttestationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=500)
    statement: str = Field(min_length=1, max_length=100_000)
    rules: list[str] = Field(default_factory=list, description="rule ids this attestation closes")


class EvidenceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    org_id: str
    system_id: str | None
    kind: str = Field(description="attestation | file | machine_result")
    title: str
    statement: str | None
    attested_by: str | None
    sha256: str | None
    filename: str | None
    media_type: str | None
    size: int | None
    created_at: dt.datetime
    rules: list[str] = Field(default_factory=list)


class EvidenceList(BaseModel):
    items: list[EvidenceOut]


def _out(session: Session, rows: list[Evidence], principal: services.Principal) -> list[EvidenceOut]:
    links = services.evidence_rules(session, [r.id for r in rows])
    out = []
    for r in rows:
        update: dict[str, Any] = {"rules": links.get(r.id, [])}
        if outsider(principal, r.org_id):
            update["attested_by"] = None
        out.append(EvidenceOut.model_validate(r).model_copy(update=update))
    return out


@router.post(
    "/systems/{system_id}/evidence/attestations",
    status_code=201,
    response_model=EvidenceOut,
    summary="Sign an attestation (as the token's user)",
)
def create_attestation(system_id: str, body: AttestationCreate, ctx: CurrentCtx) -> EvidenceOut:
    ev = services.add_attestation(
        ctx.session,
        ctx.principal,
        system_id=system_id,
        title=body.title,
        statement=body.statement,
        rules=body.rules,
    )
    return _out(ctx.session, [ev], ctx.principal)[0]


# --------------------------------------------------------------------------- streamed upload


def _too_large(limit: int, message: str, reason: str) -> ApiError:
    return ApiError(413, "payload_too_large", message, details=[{"limit": limit, "reason": reason}])


class _Part:
    __slots__ = ("data", "filename", "headers", "media_type", "name")

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}
        self.name: str | None = None
        self.filename: str | None = None
        self.media_type: str | None = None
        self.data = bytearray()


class _Form:
    """Collects a multipart/form-data body fed chunk by chunk; stops as soon as a limit is passed."""

    def __init__(self, boundary: bytes, max_file: int) -> None:
        self.max_file = max_file
        self.parts: list[_Part] = []
        self.ended = False
        self._part: _Part | None = None
        self._field = bytearray()
        self._value = bytearray()
        self.parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._begin,
                "on_header_field": self._header_field,
                "on_header_value": self._header_value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._data,
                "on_part_end": self._part_end,
                "on_end": self._end,
            },
        )

    def _begin(self) -> None:
        if len(self.parts) >= MAX_PARTS:
            raise ApiError(422, "invalid", f"the form has more than {MAX_PARTS} parts")
        self._part = _Part()
        self.parts.append(self._part)

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        assert self._part is not None
        self._part.headers[self._field.decode("latin-1").strip().lower()] = self._value.decode("latin-1")
        self._field.clear()
        self._value.clear()

    def _headers_finished(self) -> None:
        part = self._part
        assert part is not None
        _, params = parse_options_header(part.headers.get("content-disposition", ""))
        name, filename = params.get(b"name"), params.get(b"filename")
        part.name = name.decode("utf-8", "replace") if name is not None else None
        part.filename = filename.decode("utf-8", "replace") if filename is not None else None
        ctype = part.headers.get("content-type")
        part.media_type = ctype.strip() if ctype else None

    def _data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        assert part is not None
        part.data += data[start:end]
        if part.name == "file":
            if len(part.data) > self.max_file:
                raise _too_large(
                    self.max_file,
                    f"the file exceeds the upload limit of {self.max_file} bytes",
                    "file",
                )
        elif len(part.data) > FIELD_LIMIT:
            raise _too_large(FIELD_LIMIT, f"form field {part.name!r} exceeds {FIELD_LIMIT} bytes", "field")

    def _part_end(self) -> None:
        self._part = None

    def _end(self) -> None:
        self.ended = True

    def field(self, name: str) -> _Part | None:
        found = [p for p in self.parts if p.name == name]
        if len(found) > 1:
            raise ApiError(
                422,
                "invalid",
                f"form field {name!r} is given more than once",
                details=[{"loc": ["body", name], "message": "given more than once"}],
            )
        return found[0] if found else None

    def text(self, name: str) -> str | None:
        part = self.field(name)
        if part is None:
            return None
        try:
            return bytes(part.data).decode("utf-8")
        except UnicodeDecodeError:
            raise ApiError(
                422,
                "invalid",
                f"form field {name!r} is not UTF-8 text",
                details=[{"loc": ["body", name], "message": "not UTF-8 text"}],
            ) from None


def _missing(name: str) -> ApiError:
    return ApiError(
        422,
        "invalid",
        f"form field {name!r} is required",
        details=[{"loc": ["body", name], "message": "required"}],
    )


async def _read_form(request: Request, max_file: int) -> _Form:
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise ApiError(415, "unsupported_media_type", "send the file as multipart/form-data")
    body_limit = max_file + FORM_OVERHEAD
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise ApiError(400, "bad_request", "Content-Length is not a number") from None
        if size > body_limit:  # refused before a byte of the body is read
            raise _too_large(
                max_file,
                f"the request of {size} bytes exceeds the upload limit of {max_file} bytes",
                "content-length",
            )
    try:
        form = _Form(boundary, max_file)
        received = 0
        async for chunk in request.stream():
            received += len(chunk)
            if received > body_limit:
                raise _too_large(
                    max_file, f"the request exceeds the upload limit of {max_file} bytes", "body"
                )
            form.parser.write(chunk)
        form.parser.finalize()
    except MultipartParseError as exc:
        raise ApiError(400, "malformed_multipart", f"the multipart body cannot be parsed: {exc}") from None
    if not form.ended:
        raise ApiError(400, "malformed_multipart", "the multipart body is incomplete")
    return form


_UPLOAD_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "title"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "title": {"type": "string", "maxLength": 500},
                        "rules": {"type": "string", "description": "comma-separated rule ids"},
                        "kind": {"type": "string", "enum": ["file", "machine_result"], "default": "file"},
                    },
                }
            }
        },
    }
}


@router.post(
    "/systems/{system_id}/evidence/files",
    status_code=201,
    response_model=EvidenceOut,
    summary="Upload a file or machine result (multipart; size-limited while reading)",
    openapi_extra=_UPLOAD_SCHEMA,
    responses={
        413: {"model": ErrorBody, "description": "The file exceeds the upload limit"},
        415: {"model": ErrorBody, "description": "Not multipart/form-data"},
    },
)
async def upload_file(system_id: str, request: Request, ctx: CurrentCtx) -> EvidenceOut:
    # Fail fast on a bad token or an unknown or foreign system before reading the body, in a short
    # read-only transaction: no transaction (on SQLite: no write lock) is open while the body arrives.
    probe = ctx.read_only()
    await run_in_threadpool(probe.run, lambda: services.get_system(probe.session, probe.principal, system_id))
    max_bytes: int = request.app.state.max_upload_bytes
    form = await _read_form(request, max_bytes)
    file = form.field("file")
    if file is None:
        raise _missing("file")
    title = (form.text("title") or "").strip()
    if not title:
        raise _missing("title")
    if len(title) > 500:
        raise ApiError(
            422,
            "invalid",
            "title: at most 500 characters",
            details=[{"loc": ["body", "title"], "message": "at most 500 characters"}],
        )
    kind = (form.text("kind") or "file").strip()
    rules = [r.strip() for r in (form.text("rules") or "").split(",") if r.strip()]
    filename = re.split(r"[\\/]", file.filename or "")[-1].strip() or "upload"
    media_type = file.media_type or "application/octet-stream"
    data = bytes(file.data)

    def store() -> list[EvidenceOut]:
        ev = services.add_file(
            ctx.session,
            ctx.principal,
            system_id=system_id,
            title=title,
            filename=filename,
            media_type=media_type,
            data=data,
            kind=kind,
            rules=rules,
            max_bytes=max_bytes,
        )
        return _out(ctx.session, [ev], ctx.principal)

    # The write transaction opens, writes and commits within one trip to a worker thread.
    return (await run_in_threadpool(ctx.run, store))[0]


@router.get("/systems/{system_id}/evidence", response_model=EvidenceList, summary="Evidence of a system")
def list_evidence(
    system_id: str,
    ctx: CurrentCtx,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> EvidenceList:
    rows = services.list_evidence(ctx.session, ctx.principal, system_id=system_id, limit=limit, offset=offset)
    return EvidenceList(items=_out(ctx.session, rows, ctx.principal))


@router.get("/evidence/{evidence_id}", response_model=EvidenceOut, summary="Evidence metadata")
def get_evidence(evidence_id: str, ctx: CurrentCtx) -> EvidenceOut:
    ev, _ = services.get_evidence(ctx.session, ctx.principal, evidence_id)
    return _out(ctx.session, [ev], ctx.principal)[0]


def _content_disposition(filename: str) -> str:
    fallback = re.sub(r"[^A-Za-z0-9._ -]", "_", filename).strip() or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@router.get(
    "/evidence/{evidence_id}/content",
    response_class=Response,
    summary="Download the stored bytes (ETag and X-Content-SHA256 carry the SHA-256)",
    responses={
        200: {
            "content": {"*/*": {}},
            "description": "The stored file, with the media type it was uploaded with",
        }
    },
)
def download_evidence(evidence_id: str, ctx: CurrentCtx) -> Response:
    ev, data = services.get_evidence(ctx.session, ctx.principal, evidence_id)
    if data is None or ev.sha256 is None:
        raise services.NotFoundError("this evidence has no file content (an attestation?)")
    return Response(
        content=data,
        media_type=ev.media_type or "application/octet-stream",
        headers={
            "Content-Disposition": _content_disposition(ev.filename or "download"),
            "ETag": f'"{ev.sha256}"',
            "X-Content-SHA256": ev.sha256,
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-cache",
        },
    )
