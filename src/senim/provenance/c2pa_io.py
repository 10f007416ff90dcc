"""Signed provenance: C2PA manifests through c2pa-python 0.38.1 (c2pa-rs 0.91).

Signing (:func:`sign_c2pa`) embeds a manifest whose assertions are:

- ``c2pa.actions.v2``: first action ``c2pa.created`` with the IPTC ``digitalSourceType`` IRI,
  ``softwareAgent`` = the generator and ``when``; or, when a *parent* (the file before
  labelling, possibly itself signed) is given, ``c2pa.opened`` referring to a ``parentOf``
  ingredient made from the parent, followed by ``c2pa.edited`` with the source type and
  generator. The parent's own manifest is kept inside the ingredient, so the chain survives.
- ``c2pa.soft-binding`` for content that carries our watermark (images, video, audio): ``alg``
  :data:`SOFT_BINDING_IMAGE` or :data:`SOFT_BINDING_AUDIO` and the label id as 16 hex digits,
  which finds the manifest in the label store after the embedded copy has been stripped.
- ``org.senim.label``: the label id again, for every kind (PDFs carry no watermark).
- any extra assertions of the caller.

The claim generator is "Senim <version>". Thumbnails are off (a default thumbnail adds ~200 KB).
The signer's TSA URL, if any, is passed to c2pa-rs (the only network access here, and only when
configured). Settings used for signing and reading: ``verify.remote_manifest_fetch = false``,
``verify.ocsp_fetch = false``; trust anchors only from the caller (``trust.user_anchors``).

Reading (:func:`read_c2pa`) maps c2pa-rs's validation state to ``trusted`` (chains to a given
anchor), ``valid`` (intact, signer not anchored: ``signingCredential.untrusted``), ``invalid``
(e.g. ``assertion.dataHash.mismatch`` after a byte changed) and ``not_found`` (no manifest, e.g.
after a re-encode). A sidecar copy of the manifest store (from :func:`manifest_bytes_of` or
:func:`sign_c2pa_detailed`) can be checked against any copy of the file with ``manifest_data``.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import io
import json
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from senim.provenance.errors import CorruptMediaError, ProvenanceError, SignerError, UnsupportedFormatError
from senim.provenance.signer import SignerConfig
from senim.provenance.types import MediaType, source_type_iri

__all__ = [
    "LABEL_ASSERTION",
    "SOFT_BINDING_AUDIO",
    "SOFT_BINDING_IMAGE",
    "C2paReading",
    "C2paSigned",
    "manifest_bytes_of",
    "read_c2pa",
    "sign_c2pa",
    "sign_c2pa_detailed",
]

SOFT_BINDING_IMAGE: Final = "org.senim.watermark.dwtDctSvd.v1"
"""Soft-binding algorithm of the image and video watermark."""
SOFT_BINDING_AUDIO: Final = "org.senim.watermark.audio.v1"
"""Soft-binding algorithm of the audio watermark."""
LABEL_ASSERTION: Final = "org.senim.label"
"""Our own assertion: ``{"label_id": "<16 hex>", "version": 1}``."""

State = Literal["trusted", "valid", "invalid", "not_found"]
_STATES: Final[dict[str, State]] = {"trusted": "trusted", "valid": "valid", "invalid": "invalid"}
_HEX16: Final = re.compile(r"[0-9a-f]{16}")
_ACTIONS_LABEL: Final = re.compile(r"c2pa\.actions(\.v\d+)?(__\d+)?")
_PARENT_INGREDIENT: Final = "senim-parent"
_C2PA_UUID: Final = bytes.fromhex("6332706100110010800000AA00389B71")  # JUMBF description type "c2pa"
_MAX_STORE: Final = 64 << 20


@dataclass(frozen=True)
class C2paReading:
    """What the C2PA layer says about a file.

    Attributes
    ----------
    state
        ``"trusted"``, ``"valid"`` (signature and hashes intact, signer not anchored),
        ``"invalid"`` or ``"not_found"``.
    signer
        Common name and organisation of the signing certificate, e.g. ``"CN (Org)"``.
    source_type
        The ``digitalSourceType`` IRI of the active manifest's first action that has one.
    label_id
        The soft-binding value (or ``org.senim.label``) when it is 16 hex digits.
    failures
        C2PA failure codes (``assertion.dataHash.mismatch``, ``signingCredential.untrusted`` …),
        or ``senim.c2pa.unreadable`` when c2pa-rs could not parse a manifest that is present.
    manifest
        The manifest store as JSON (``active_manifest``, ``manifests``, validation results).
    signed_at
        The trusted timestamp (TSA) when present, else the ``when`` the signer claimed in the
        first action (ISO 8601), else ``None``.
    """

    state: State
    signer: str | None
    source_type: str | None
    label_id: int | None
    failures: tuple[str, ...]
    manifest: dict[str, Any] | None
    signed_at: str | None


@dataclass(frozen=True)
class C2paSigned:
    """Result of :func:`sign_c2pa_detailed`.

    Attributes
    ----------
    data
        The signed file.
    manifest
        The manifest store as JSON (as :func:`read_c2pa` reports it).
    manifest_bytes
        The binary JUMBF manifest store (the sidecar to keep in the label store).
    """

    data: bytes
    manifest: dict[str, Any]
    manifest_bytes: bytes


def _version() -> str:
    try:
        import senim

        version = getattr(senim, "__version__", None)
        if isinstance(version, str):
            return version
    except ImportError:  # pragma: no cover - senim is the running package
        pass
    try:
        return importlib.metadata.version("senim")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def _settings(trust_anchors: bytes | None) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
        "builder": {"thumbnail": {"enabled": False}},
    }
    if trust_anchors is not None:
        from cryptography import x509

        try:
            certs = x509.load_pem_x509_certificates(trust_anchors)
        except (ValueError, x509.InvalidVersion) as exc:  # InvalidVersion is no ValueError
            raise ProvenanceError(f"trust anchors: not a PEM certificate bundle ({exc})") from exc
        if certs:
            settings["trust"] = {"user_anchors": trust_anchors.decode("ascii", "replace")}
    return settings


def _context(trust_anchors: bytes | None) -> Any:
    import c2pa

    return c2pa.Context.from_dict(_settings(trust_anchors))


def _c2pa_error(exc: Exception, media: MediaType, doing: str) -> ProvenanceError:
    kind = type(exc).__name__.lstrip("_").removeprefix("C2pa")
    text = str(exc) or kind
    where = f"{media.mime} ({media.ext})"
    if kind == "NotSupported":
        return UnsupportedFormatError(f"{where}: C2PA {doing} not supported: {text}")
    if kind == "Signature":
        return SignerError(f"{where}: C2PA {doing} failed, the signer was refused: {text}")
    return CorruptMediaError(f"{where}: C2PA {doing} failed: {text}")


def _soft_binding_alg(media: MediaType) -> str | None:
    if media.kind in ("image", "video"):
        return SOFT_BINDING_IMAGE
    if media.kind == "audio":
        return SOFT_BINDING_AUDIO
    return None


def _manifest_definition(
    media: MediaType,
    *,
    label_id: int,
    source_type: str,
    generator: str,
    parent: bool,
    soft_binding: bool,
    assertions: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    iri = source_type_iri(source_type)
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    agent = {"name": generator}
    actions: list[dict[str, Any]]
    if parent:
        actions = [
            {"action": "c2pa.opened", "when": when, "parameters": {"ingredientIds": [_PARENT_INGREDIENT]}},
            {
                "action": "c2pa.edited",
                "when": when,
                "digitalSourceType": iri,
                "softwareAgent": agent,
                "description": "labelled as synthetic content",
            },
        ]
    else:
        actions = [{"action": "c2pa.created", "when": when, "digitalSourceType": iri, "softwareAgent": agent}]
    hex_id = f"{label_id:016x}"
    items: list[dict[str, Any]] = [{"label": "c2pa.actions.v2", "data": {"actions": actions}}]
    alg = _soft_binding_alg(media) if soft_binding else None
    if alg is not None:
        items.append(
            {"label": "c2pa.soft-binding", "data": {"alg": alg, "blocks": [{"scope": {}, "value": hex_id}]}}
        )
    items.append({"label": LABEL_ASSERTION, "data": {"label_id": hex_id, "version": 1}})
    for extra in assertions:
        if not isinstance(extra, dict) or not isinstance(extra.get("label"), str) or "data" not in extra:
            raise ValueError(f"an extra assertion must be a dict with 'label' (str) and 'data': {extra!r}")
        items.append(dict(extra))
    return {
        "claim_generator_info": [{"name": "Senim", "version": _version()}],
        "format": media.mime,
        "assertions": items,
    }


def sign_c2pa_detailed(
    data: bytes,
    media: MediaType,
    signer: SignerConfig,
    *,
    label_id: int,
    source_type: str,
    generator: str,
    parent: bytes | None = None,
    parent_media: MediaType | None = None,
    assertions: Sequence[dict[str, Any]] = (),
    soft_binding: bool = True,
) -> C2paSigned:
    """Sign a file with an embedded C2PA manifest; also return the binary manifest store.

    Parameters are those of :func:`sign_c2pa`, plus ``soft_binding``: set it to ``False`` when
    no watermark was embedded, so the manifest does not point to one.

    Returns
    -------
    C2paSigned
    """
    import c2pa

    if not 0 <= label_id < 1 << 64:
        raise ValueError(f"label id out of range: {label_id}")
    if (parent is None) != (parent_media is None):
        raise ValueError("parent and parent_media must be given together")
    definition = _manifest_definition(
        media,
        label_id=label_id,
        source_type=source_type,
        generator=generator,
        parent=parent is not None,
        soft_binding=soft_binding,
        assertions=assertions,
    )
    try:
        info = c2pa.C2paSignerInfo(signer.alg.lower(), signer.chain_pem, signer.key_pem, signer.tsa_url)
        c2pa_signer = c2pa.Signer.from_info(info)
    except (c2pa.C2paError, ValueError, TypeError) as exc:
        raise SignerError(f"C2PA signer ({signer.alg}): the chain or key was refused: {exc}") from exc
    out = io.BytesIO()
    try:
        with _context(None) as ctx, c2pa.Builder(definition, context=ctx) as builder, c2pa_signer:
            if parent is not None and parent_media is not None:
                ingredient = {
                    "title": f"parent{parent_media.ext}",
                    "relationship": "parentOf",
                    "label": _PARENT_INGREDIENT,
                }
                try:
                    builder.add_ingredient(ingredient, parent_media.mime, io.BytesIO(parent))
                except c2pa.C2paError as exc:
                    raise _c2pa_error(exc, parent_media, "reading the parent") from exc
            manifest_bytes = builder.sign(c2pa_signer, media.mime, io.BytesIO(data), out)
    except c2pa.C2paError as exc:
        if signer.tsa_url and ("http" in str(exc).lower() or "timestamp" in str(exc).lower()):
            raise SignerError(f"timestamp authority {signer.tsa_url}: no timestamp obtained: {exc}") from exc
        raise _c2pa_error(exc, media, "signing") from exc
    signed = out.getvalue()
    reading = read_c2pa(signed, media)
    if reading.manifest is None:  # pragma: no cover - c2pa-rs just wrote it
        raise ProvenanceError(f"{media.mime}: the manifest just signed cannot be read back")
    return C2paSigned(data=signed, manifest=reading.manifest, manifest_bytes=bytes(manifest_bytes))


def sign_c2pa(
    data: bytes,
    media: MediaType,
    signer: SignerConfig,
    *,
    label_id: int,
    source_type: str,
    generator: str,
    parent: bytes | None = None,
    parent_media: MediaType | None = None,
    assertions: Sequence[dict[str, Any]] = (),
) -> tuple[bytes, dict[str, Any]]:
    """Sign a file with an embedded C2PA manifest stating that it is synthetic.

    Call this last: any later change to the bytes (even XMP) invalidates the manifest.

    Parameters
    ----------
    data
        The file to sign (not modified).
    media
        Its type; any format c2pa-rs embeds into (JPEG, PNG, WebP, WAV, MP3, MP4/MOV, PDF …).
    signer
        From :func:`senim.provenance.signer.load_signer`.
    label_id
        The 64-bit label id (soft binding and ``org.senim.label``).
    source_type
        A digital source type, short name or IRI (e.g. ``"trainedAlgorithmicMedia"``).
    generator
        The generating model/tool, recorded as ``softwareAgent``.
    parent, parent_media
        The file before labelling, when it should become a ``parentOf`` ingredient (keeps an
        existing manifest chain).
    assertions
        Extra assertions, each ``{"label": ..., "data": {...}}``.

    Returns
    -------
    tuple of (bytes, dict)
        The signed file and the manifest store as JSON.

    Raises
    ------
    SignerError
        When c2pa-rs refuses the certificate chain or key.
    UnsupportedFormatError
        When c2pa-rs cannot embed into this format.
    CorruptMediaError
        When the file (or parent) cannot be parsed.
    ValueError
        For an unknown source type, a label id out of range or a malformed extra assertion.
    """
    result = sign_c2pa_detailed(
        data,
        media,
        signer,
        label_id=label_id,
        source_type=source_type,
        generator=generator,
        parent=parent,
        parent_media=parent_media,
        assertions=assertions,
    )
    return result.data, result.manifest


# --------------------------------------------------------------------------- reading


def _signer_name(info: dict[str, Any]) -> str | None:
    cn, org = info.get("common_name"), info.get("issuer")
    if isinstance(cn, str) and isinstance(org, str) and org and org not in cn:
        return f"{cn} ({org})"
    if isinstance(cn, str):
        return cn
    return org if isinstance(org, str) else None


def _assertions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    items = manifest.get("assertions")
    return [a for a in items if isinstance(a, dict)] if isinstance(items, list) else []


def _actions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for item in _assertions(manifest):
        label = item.get("label")
        if isinstance(label, str) and _ACTIONS_LABEL.fullmatch(label):
            data = item.get("data")
            acts = data.get("actions") if isinstance(data, dict) else None
            if isinstance(acts, list):
                found += [a for a in acts if isinstance(a, dict)]
    return found


def _label_id(manifest: dict[str, Any]) -> int | None:
    candidates: list[Any] = []
    for item in _assertions(manifest):
        data = item.get("data")
        if not isinstance(data, dict):
            continue
        if item.get("label") == "c2pa.soft-binding" and data.get("alg") in (
            SOFT_BINDING_IMAGE,
            SOFT_BINDING_AUDIO,
        ):
            blocks = data.get("blocks")
            if isinstance(blocks, list):
                candidates += [b.get("value") for b in blocks if isinstance(b, dict)]
        elif item.get("label") == LABEL_ASSERTION:
            candidates.append(data.get("label_id"))
    for value in candidates:
        if isinstance(value, str) and _HEX16.fullmatch(value.lower()):
            return int(value, 16)
    return None


def _failures(store: dict[str, Any]) -> tuple[str, ...]:
    codes: list[str] = []
    for status in store.get("validation_status") or ():
        if isinstance(status, dict) and isinstance(status.get("code"), str):
            codes.append(status["code"])
    results = store.get("validation_results")
    if isinstance(results, dict):
        active = results.get("activeManifest")
        if isinstance(active, dict):
            for status in active.get("failure") or ():
                if isinstance(status, dict) and isinstance(status.get("code"), str):
                    codes.append(status["code"])
    return tuple(dict.fromkeys(codes))


def read_c2pa(
    data: bytes,
    media: MediaType,
    *,
    trust_anchors: bytes | None = None,
    manifest_data: bytes | None = None,
) -> C2paReading:
    """Validate the C2PA manifest of a file (embedded, or a sidecar copy).

    Parameters
    ----------
    data
        The file.
    media
        Its type.
    trust_anchors
        PEM root certificates; a manifest chaining to one is ``trusted``. Without anchors an
        intact manifest reads ``valid`` (``signingCredential.untrusted``).
    manifest_data
        A binary manifest store kept aside (sidecar); validated against ``data`` instead of the
        embedded one.

    Returns
    -------
    C2paReading

    Raises
    ------
    UnsupportedFormatError
        When c2pa-rs does not handle the format.
    ProvenanceError
        When ``trust_anchors`` is not a PEM bundle.
    """
    import c2pa

    try:
        with _context(trust_anchors) as ctx:
            reader = c2pa.Reader.try_create(media.mime, io.BytesIO(data), manifest_data, context=ctx)
            if reader is None:
                return C2paReading("not_found", None, None, None, (), None, None)
            with reader:
                store = json.loads(reader.json())
                state_text = reader.get_validation_state()
    except c2pa.C2paError as exc:
        kind = type(exc).__name__.lstrip("_").removeprefix("C2pa")
        if kind == "NotSupported":
            raise UnsupportedFormatError(
                f"{media.mime} ({media.ext}): C2PA reading not supported: {exc}"
            ) from exc
        if kind in ("ManifestNotFound", "FileNotFound"):
            return C2paReading("not_found", None, None, None, (), None, None)
        # A manifest is there but c2pa-rs cannot parse it (truncated, tampered JUMBF …).
        return C2paReading(
            "invalid", None, None, None, ("senim.c2pa.unreadable", f"{kind}: {exc}"), None, None
        )
    if not isinstance(store, dict):
        return C2paReading("invalid", None, None, None, ("senim.c2pa.unreadable",), None, None)
    manifests = store.get("manifests")
    active_label = store.get("active_manifest")
    active = (
        manifests.get(active_label) if isinstance(manifests, dict) and isinstance(active_label, str) else None
    )
    state = _STATES.get(str(state_text).lower(), "invalid")
    if not isinstance(active, dict):
        return C2paReading("invalid", None, None, None, (*_failures(store), "manifest.missing"), store, None)
    info = active.get("signature_info")
    info = info if isinstance(info, dict) else {}
    actions = _actions(active)
    source = next(
        (a["digitalSourceType"] for a in actions if isinstance(a.get("digitalSourceType"), str)), None
    )
    signed_at = info.get("time") if isinstance(info.get("time"), str) else None
    if signed_at is None:
        signed_at = next((a["when"] for a in actions if isinstance(a.get("when"), str)), None)
    return C2paReading(
        state=state,
        signer=_signer_name(info),
        source_type=source,
        label_id=_label_id(active),
        failures=_failures(store),
        manifest=store,
        signed_at=signed_at,
    )


# --------------------------------------------------------------------------- manifest store bytes


def _is_store_at(data: bytes, pos: int) -> int:
    """Length of a JUMBF ``c2pa`` manifest-store superbox starting at ``pos``, else 0."""
    if pos + 40 > len(data) or data[pos + 4 : pos + 8] != b"jumb" or data[pos + 12 : pos + 16] != b"jumd":
        return 0
    if data[pos + 16 : pos + 32] != _C2PA_UUID:
        return 0
    (size,) = struct.unpack_from(">I", data, pos)
    if size < 40 or size > _MAX_STORE or pos + size > len(data):
        return 0
    return int(size)


def _jpeg_store(data: bytes) -> bytes | None:
    """Reassemble the JPEG XT (APP11) boxes of the c2pa store."""
    pieces: dict[int, list[tuple[int, bytes]]] = {}
    pos, n = 2, len(data)
    while pos + 4 <= n and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker in (0xDA, 0xD9):
            break
        (length,) = struct.unpack_from(">H", data, pos + 2)
        end = pos + 2 + length
        if length < 2 or end > n:
            break
        seg = data[pos + 4 : end]
        if marker == 0xEB and len(seg) >= 8 and seg[:2] == b"JP":
            box_instance, sequence = struct.unpack_from(">HI", seg, 2)
            pieces.setdefault(box_instance, []).append((sequence, seg[8:]))
        pos = end
    for parts in pieces.values():
        parts.sort()
        first = parts[0][1]
        store = first + b"".join(p[8:] for _, p in parts[1:])  # later parts repeat LBox+TBox
        if _is_store_at(store, 0):
            return store[: _is_store_at(store, 0)]
    return None


def manifest_bytes_of(data: bytes, media: MediaType) -> bytes | None:
    """Extract the embedded binary C2PA manifest store (the JUMBF ``c2pa`` superbox).

    Keep it in the label store: :func:`read_c2pa` with ``manifest_data`` validates it against any
    later copy of the file (an altered copy reads ``invalid`` with ``assertion.dataHash.mismatch``
    while the provenance itself is recovered). JPEG's APP11 segments are reassembled; other
    containers (PNG ``caBX``, RIFF ``C2PA``, BMFF ``uuid``, PDF embedded file) hold the store
    contiguously and uncompressed as c2pa-rs writes it, and it is located by its JUMBF header.

    Returns
    -------
    bytes or None
        ``None`` when the file holds no manifest store.
    """
    if media.mime.lower() in ("image/jpeg", "image/jpg") and data[:2] == b"\xff\xd8":
        store = _jpeg_store(data)
        if store is not None:
            return store
    needle = b"jumb"
    start = 0
    while True:
        hit = data.find(needle, start)
        if hit < 0:
            return None
        size = _is_store_at(data, hit - 4) if hit >= 4 else 0
        if size:
            return data[hit - 4 : hit - 4 + size]
        start = hit + 1
