"""Verifying labels: every signal reported on its own, and one verdict.

Signals
-------
``c2pa``
    The embedded C2PA manifest (for text: the C2PA text mark): state ``trusted`` (the signature
    chains to a trust anchor), ``valid`` (intact, signer not anchored), ``invalid`` (e.g. the
    content no longer matches the signed hash) or ``not_found``; signer, digital source type,
    soft-binding label id and the validation failure codes.
``xmp``
    The XMP ``DigitalSourceType`` claim and Senim label id: an *unsigned claim*.
``watermark``
    The invisible watermark (images, audio, video): the label id when the error-correcting code
    and CRC accept it, the raw bit error rate and a confidence.
``visible``
    The warning people perceive: ``found``, ``not_found`` or ``not_detectable`` (audio, where a
    spoken notice cannot be recognised; the label store may still tell whether one was added).
``store``
    The label-store record, found by the watermark id, the soft-binding id, the XMP id or the
    file's SHA-256; whether the content changed since labelling (SHA-256 differs), and — when the
    embedded manifest is gone — the stored sidecar manifest validated against this file (a
    re-encoded copy reports ``assertion.dataHash.mismatch``). Near-duplicate images (dHash) are
    listed as a hint only; they never decide the verdict (the unlabelled original of a labelled
    image is a near-duplicate too).

Verdict (first matching row wins)
---------------------------------
"AI claim" means the C2PA manifest states an IPTC digital source type of the synthetic family
(:data:`~senim.provenance.types.SOURCE_TYPES`, or ``trainedAlgorithmicData``) or carries a Senim
label id; a manifest without one (e.g. a camera's) is reported but does not count as a label.

==  ==============================================================  ===============================
#   condition                                                       verdict
==  ==============================================================  ===============================
1   C2PA with AI claim, state ``trusted``                           ``labelled_trusted``
2   C2PA with AI claim, state ``valid`` (signer not anchored)       ``labelled_untrusted_signer``
3   C2PA with AI claim, state ``invalid``                           ``labelled_altered``
4   watermark label id decoded                                      ``watermark_only_traced``
5   store record found through the XMP label id, SHA-256 differs    ``labelled_altered``
6   XMP source-type claim or XMP label id                           ``metadata_only``
7   store record with this exact SHA-256 (file unchanged, no mark)  ``metadata_only``
8   otherwise                                                       ``no_label_found``
==  ==============================================================  ===============================

The verdict never says content is genuine: ``no_label_found`` means only that no label was found.

Compliance views
----------------
``kz_21_2`` (Kazakhstan AI law Art. 21(2): machine-readable mark **and** a perceivable warning):
``machine_readable`` is true when an AI claim is readable from the file itself (C2PA in any state
but ``not_found``, a decoded watermark, or an XMP source-type claim); ``perceivable_warning`` is
``True`` when the detector finds it or the file is byte-identical to a stored label made with
the visible layer; ``False`` when the detector does not find it or the store says it was not
applied; for kinds without a detector, the store record's layers, else ``None`` (unknown);
``compliant`` is their conjunction (``None`` when unknown).
``eu_50_2`` (EU AI Act Art. 50(2)): ``machine_readable_detectable`` as above. ``eu_50_4`` (deployer
disclosure): ``disclosed`` = the perceivable warning.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np

from senim.provenance import media as m
from senim.provenance.errors import ProvenanceError
from senim.provenance.ids import format_label_id
from senim.provenance.store import LabelRecord, LabelStore, dhash
from senim.provenance.types import SOURCE_TYPE_BASE, SOURCE_TYPES, MediaType

__all__ = [
    "VERDICTS",
    "C2paSignal",
    "StoreSignal",
    "Verdict",
    "Verification",
    "VerifyFailure",
    "VisibleSignal",
    "WatermarkSignal",
    "XmpSignal",
    "verify_bytes",
    "verify_path",
    "verify_tree",
]

Verdict = Literal[
    "labelled_trusted",
    "labelled_untrusted_signer",
    "labelled_altered",
    "watermark_only_traced",
    "metadata_only",
    "no_label_found",
]
VERDICTS: Final[tuple[Verdict, ...]] = (
    "labelled_trusted",
    "labelled_untrusted_signer",
    "labelled_altered",
    "watermark_only_traced",
    "metadata_only",
    "no_label_found",
)
VERDICT_TEXT: Final[dict[str, str]] = {
    "labelled_trusted": "AI-generated label, signed by a trusted signer, content unchanged since signing",
    "labelled_untrusted_signer": "AI-generated label, signature intact, signer not in the trust anchors",
    "labelled_altered": "AI-generated label present, but the content was changed after labelling",
    "watermark_only_traced": "signed metadata gone; the label was traced through the invisible watermark",
    "metadata_only": "only an unsigned AI-generated claim (XMP metadata or a label-store record)",
    "no_label_found": "no label found (this says nothing about how the content was made)",
}
AI_SOURCE_TYPES: Final = frozenset((*SOURCE_TYPES, "trainedAlgorithmicData"))


@dataclass(frozen=True)
class C2paSignal:
    """The C2PA manifest (or text mark) as read from the file, or from the store's sidecar."""

    state: str  # trusted | valid | invalid | not_found | not_applicable | error
    signer: str | None = None
    source_type: str | None = None
    label_id: str | None = None
    failures: tuple[str, ...] = ()
    signed_at: str | None = None
    manifest_label: str | None = None
    ai_claim: bool = False
    error: str | None = None


@dataclass(frozen=True)
class XmpSignal:
    """The XMP packet's claims (unsigned)."""

    present: bool
    source_type: str | None = None
    label_id: str | None = None
    description: str | None = None
    creator_tool: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class WatermarkSignal:
    """The invisible watermark: ``applicable`` is false for text and PDF."""

    applicable: bool
    label_id: str | None = None
    bit_error_rate: float | None = None
    confidence: float | None = None
    detail: str = ""
    error: str | None = None


@dataclass(frozen=True)
class VisibleSignal:
    """The warning people perceive."""

    status: str  # found | not_found | not_detectable
    text: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class StoreSignal:
    """The label-store lookup."""

    checked: bool
    matched_by: str | None = None  # watermark | c2pa_soft_binding | xmp | sha256
    label_id: str | None = None
    created_at: str | None = None
    system_id: str | None = None
    source_type: str | None = None
    layers: tuple[str, ...] = ()
    content_changed: bool | None = None
    sidecar: C2paSignal | None = None
    similar: tuple[dict[str, Any], ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class Verification:
    """Everything found about one file, the verdict and the compliance views (:meth:`to_dict`)."""

    name: str
    media: str
    kind: str
    sha256: str
    c2pa: C2paSignal
    xmp: XmpSignal
    watermark: WatermarkSignal
    visible: VisibleSignal
    store: StoreSignal
    verdict: Verdict
    reason: str
    kz_21_2: dict[str, bool | None]
    eu_50_2: dict[str, bool]
    eu_50_4: dict[str, bool | None]
    warnings: tuple[str, ...] = ()

    @property
    def label_id(self) -> str | None:
        """The label id, from whichever signal carried it."""
        return self.c2pa.label_id or self.watermark.label_id or self.xmp.label_id or self.store.label_id

    def to_dict(self) -> dict[str, Any]:
        """JSON-able."""
        out = asdict(self)
        out["label_id"] = self.label_id
        out["verdict_text"] = VERDICT_TEXT[self.verdict]
        return out


@dataclass(frozen=True)
class VerifyFailure:
    """A file of a folder run that could not be verified (unsupported, corrupt …)."""

    path: str
    error: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- reading the signals


def _short(source_type: str | None) -> str | None:
    if not source_type:
        return None
    return source_type.removeprefix(SOURCE_TYPE_BASE)


def _c2pa_signal(reading: Any) -> C2paSignal:
    label_id = None if reading.label_id is None else format_label_id(int(reading.label_id))
    short = _short(reading.source_type)
    manifest = reading.manifest or {}
    active = manifest.get("active_manifest") if isinstance(manifest, dict) else None
    return C2paSignal(
        state=str(reading.state),
        signer=reading.signer,
        source_type=short,
        label_id=label_id,
        failures=tuple(reading.failures),
        signed_at=reading.signed_at,
        manifest_label=str(active) if active else None,
        ai_claim=(short in AI_SOURCE_TYPES) or label_id is not None,
    )


def _safe(what: str, fn: Callable[[], Any], warnings: list[str]) -> tuple[Any, str | None]:
    """Run a reader; a failure of one signal is reported, never fatal to the others."""
    try:
        return fn(), None
    except ProvenanceError as exc:
        warnings.append(f"{what}: {exc}")
        return None, str(exc)
    except Exception as exc:
        text = f"{type(exc).__name__}: {exc}"
        warnings.append(f"{what}: {text}")
        return None, text


def _read_c2pa(data: bytes, media: MediaType, anchors: bytes | None, warnings: list[str]) -> C2paSignal:
    from senim.provenance import c2pa_io

    if media.kind == "text":
        from senim.provenance import textmark

        reading, err = _safe(
            "C2PA text mark",
            lambda: textmark.read_text_mark(data.decode("utf-8-sig"), trust_anchors=anchors),
            warnings,
        )
    else:
        reading, err = _safe("C2PA", lambda: c2pa_io.read_c2pa(data, media, trust_anchors=anchors), warnings)
    if reading is None:
        return C2paSignal(state="error", error=err)
    return _c2pa_signal(reading)


def _read_xmp(data: bytes, media: MediaType, warnings: list[str]) -> XmpSignal:
    if media.kind == "text":
        return XmpSignal(present=False)
    from senim.provenance import xmp

    info, err = _safe("XMP", lambda: xmp.read_xmp(data, media), warnings)
    if info is None:
        return XmpSignal(present=False, error=err)
    return XmpSignal(
        present=True,
        source_type=_short(info.source_type),
        label_id=None if info.label_id is None else format_label_id(info.label_id),
        description=info.description,
        creator_tool=info.creator_tool,
    )


def _wm_signal(reading: Any) -> WatermarkSignal:
    return WatermarkSignal(
        applicable=True,
        label_id=None if reading.label_id is None else format_label_id(int(reading.label_id)),
        bit_error_rate=round(float(reading.bit_error_rate), 4),
        confidence=round(float(reading.confidence), 4),
        detail=reading.detail,
    )


def _first_frame(path: Path) -> np.ndarray | None:
    """The first video frame as RGB (for the badge detector), or None."""
    from senim.provenance.watermark import video as wv

    try:
        info = wv.probe_video(path)
        w, h = int(info["width"]), int(info["height"])
        proc = subprocess.run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-nostdin",
                "-i",
                str(path),
                "-frames:v",
                "1",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "rgb24",
                "-",
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (ProvenanceError, OSError, subprocess.SubprocessError, KeyError, ValueError, TypeError):
        return None
    if proc.returncode != 0 or len(proc.stdout) < w * h * 3:
        return None
    return np.frombuffer(proc.stdout[: w * h * 3], dtype=np.uint8).reshape(h, w, 3)


@dataclass
class _Pixels:
    """What the kind-specific readers found."""

    watermark: WatermarkSignal
    visible: VisibleSignal
    phash: int | None = None
    warnings: list[str] = field(default_factory=list)


def _read_image(data: bytes, media: MediaType, name: str) -> _Pixels:
    from senim.provenance import visible
    from senim.provenance.watermark import image as wi

    dec = m.decode_image(data, media, name=name)  # corrupt/bomb: raised, the file cannot be verified
    warnings: list[str] = []
    h, w = dec.rgb.shape[:2]
    if min(h, w) < wi.MIN_IMAGE_SIDE:
        wm = WatermarkSignal(applicable=True, detail=f"image {w}×{h} too small to carry a watermark")
    else:
        reading, err = _safe("watermark", lambda: wi.detect_image(dec.rgb), warnings)
        wm = _wm_signal(reading) if reading is not None else WatermarkSignal(applicable=True, error=err)
    found, _ = _safe("badge detector", lambda: bool(visible.find_badge(dec.rgb)), warnings)
    vis = VisibleSignal(
        status="found" if found else "not_found", detail="best-effort badge detector (image corners)"
    )
    return _Pixels(wm, vis, dhash(dec.rgb), warnings)


def _read_audio(data: bytes, name: str) -> _Pixels:
    from senim.provenance import visible
    from senim.provenance.watermark import audio as wa

    dec = m.decode_wav(data, name=name)
    warnings: list[str] = []
    reading, err = _safe("watermark", lambda: wa.detect_audio(dec.samples, dec.rate), warnings)
    wm = _wm_signal(reading) if reading is not None else WatermarkSignal(applicable=True, error=err)
    found, err = _safe(
        "audible notice", lambda: bool(visible.find_audible_notice(dec.samples, dec.rate)), warnings
    )
    if found is None:
        vis = VisibleSignal("not_detectable", detail=err or "")
    else:
        vis = VisibleSignal(
            "found" if found else "not_found",
            detail="Senim's audible notice (chime) at the start; a spoken notice is not recognised",
        )
    return _Pixels(wm, vis, None, warnings)


def _read_video(path: Path) -> _Pixels:
    from senim.provenance import visible
    from senim.provenance.watermark import video as wv

    warnings: list[str] = []
    reading, err = _safe("watermark", lambda: wv.detect_video(path), warnings)
    wm = _wm_signal(reading) if reading is not None else WatermarkSignal(applicable=True, error=err)
    frame = _first_frame(path)
    if frame is None:
        vis = VisibleSignal("not_detectable", detail="no frame could be decoded")
    else:
        found, _ = _safe("badge detector", lambda: bool(visible.find_badge(frame)), warnings)
        vis = VisibleSignal("found" if found else "not_found", detail="badge detector on the first frame")
    return _Pixels(wm, vis, None, warnings)


def _read_text(data: bytes) -> _Pixels:
    from senim.provenance import visible

    text = visible.find_visible_text(data.decode("utf-8-sig"))
    return _Pixels(
        WatermarkSignal(applicable=False, detail="text carries no invisible watermark"),
        VisibleSignal("found" if text else "not_found", text=text),
    )


def _read_pdf(data: bytes) -> _Pixels:
    from senim.provenance import visible

    warnings: list[str] = []
    text, err = _safe("PDF warning", lambda: visible.find_visible_pdf(data), warnings)
    vis = VisibleSignal("found" if text else "not_found", text=text, detail=err or "")
    return _Pixels(
        WatermarkSignal(applicable=False, detail="PDF carries no invisible watermark"), vis, None, warnings
    )


# --------------------------------------------------------------------------- store and verdict


def _lookup(
    store: LabelStore,
    data: bytes,
    media: MediaType,
    sha: str,
    c2pa: C2paSignal,
    wm: WatermarkSignal,
    xmp_sig: XmpSignal,
    phash: int | None,
    anchors: bytes | None,
    warnings: list[str],
) -> StoreSignal:
    record: LabelRecord | None = None
    matched_by: str | None = None
    try:
        for how, hex_id in (
            ("watermark", wm.label_id),
            ("c2pa_soft_binding", c2pa.label_id),
            ("xmp", xmp_sig.label_id),
        ):
            if hex_id is not None:
                record = store.find_by_id(int(hex_id, 16))
                if record is not None:
                    matched_by = how
                    break
        if record is None:
            record = store.find_by_hash(sha)
            matched_by = "sha256" if record is not None else None
        similar: list[dict[str, Any]] = []
        if record is None and phash is not None:
            similar = [
                {
                    "label_id": format_label_id(r.label_id),
                    "distance": d,
                    "created_at": r.created_at.isoformat(),
                }
                for r, d in store.find_similar(phash, max_distance=6, limit=5)
            ]
    except ProvenanceError as exc:
        warnings.append(f"label store: {exc}")
        return StoreSignal(checked=False, error=str(exc))
    if record is None:
        return StoreSignal(checked=True, similar=tuple(similar))
    changed = record.sha256 != sha
    sidecar: C2paSignal | None = None
    if c2pa.state == "not_found" and record.manifest_bytes and media.kind != "text":
        from senim.provenance import c2pa_io

        reading, err = _safe(
            "sidecar C2PA",
            lambda: c2pa_io.read_c2pa(
                data, media, trust_anchors=anchors, manifest_data=record.manifest_bytes
            ),
            warnings,
        )
        sidecar = _c2pa_signal(reading) if reading is not None else C2paSignal(state="error", error=err)
    return StoreSignal(
        checked=True,
        matched_by=matched_by,
        label_id=format_label_id(record.label_id),
        created_at=record.created_at.isoformat(timespec="seconds"),
        system_id=record.system_id,
        source_type=record.source_type,
        layers=tuple(record.layers),
        content_changed=changed,
        sidecar=sidecar,
    )


def _decide(
    c2pa: C2paSignal, wm: WatermarkSignal, xmp_sig: XmpSignal, st: StoreSignal
) -> tuple[Verdict, str]:
    """The decision table of the module docstring."""
    if c2pa.ai_claim and c2pa.state == "trusted":
        return "labelled_trusted", f"C2PA manifest valid and trusted (signer: {c2pa.signer})"
    if c2pa.ai_claim and c2pa.state == "valid":
        return (
            "labelled_untrusted_signer",
            f"C2PA manifest valid; signer {c2pa.signer!s} not in the trust anchors",
        )
    if c2pa.ai_claim and c2pa.state == "invalid":
        failures = ", ".join(c2pa.failures) or "validation failed"
        return "labelled_altered", f"C2PA manifest invalid: {failures}"
    if wm.label_id is not None:
        where = " (in the label store)" if st.matched_by == "watermark" else " (not in this label store)"
        return "watermark_only_traced", f"watermark label id {wm.label_id}{where}; no valid embedded C2PA"
    if st.matched_by == "xmp" and st.content_changed:
        return (
            "labelled_altered",
            f"XMP label id {st.label_id} is in the label store, but the content changed",
        )
    if xmp_sig.source_type in AI_SOURCE_TYPES or xmp_sig.label_id is not None:
        return (
            "metadata_only",
            f"unsigned XMP claim: {xmp_sig.source_type or 'Senim label id ' + str(xmp_sig.label_id)}",
        )
    if st.matched_by == "sha256":
        return (
            "metadata_only",
            f"the file is label {st.label_id} of the label store (byte-identical); no mark inside it",
        )
    return "no_label_found", "no C2PA manifest, watermark, XMP claim or label-store record found"


def _no_label_reason(reason: str, vis: VisibleSignal) -> str:
    if vis.status == "found":
        return reason + "; a visible AI warning is present, but no machine-readable label"
    return reason


def _compliance(
    kind: str, c2pa: C2paSignal, wm: WatermarkSignal, xmp_sig: XmpSignal, vis: VisibleSignal, st: StoreSignal
) -> tuple[dict[str, bool | None], dict[str, bool], dict[str, bool | None]]:
    machine = bool(
        (c2pa.ai_claim and c2pa.state in ("trusted", "valid", "invalid"))
        or wm.label_id is not None
        or xmp_sig.source_type in AI_SOURCE_TYPES
    )
    perceivable: bool | None
    if vis.status == "found":
        perceivable = True
    elif st.matched_by is not None and "visible" in st.layers and st.content_changed is False:
        # byte-identical to a label made with the visible layer (the detectors are best effort)
        perceivable = True
    elif st.matched_by is not None and "visible" not in st.layers:
        perceivable = False  # the store says the label was made without the visible layer
    elif vis.status == "not_found":
        perceivable = False
    elif st.matched_by is not None:
        perceivable = True  # cannot be detected in this kind; the store records the visible layer
    else:
        perceivable = None
    compliant = None if perceivable is None else (machine and perceivable)
    return (
        {"machine_readable": machine, "perceivable_warning": perceivable, "compliant": compliant},
        {"machine_readable_detectable": machine},
        {"disclosed": perceivable},
    )


def _verify(
    data: bytes, name: str, path: Path | None, anchors: bytes | None, store: LabelStore | None
) -> Verification:
    media = m.sniff(data, name)
    sha = hashlib.sha256(data).hexdigest()
    warnings: list[str] = []
    c2pa = _read_c2pa(data, media, anchors, warnings)
    if c2pa.state not in ("not_found", "error") and not c2pa.ai_claim:
        warnings.append("a C2PA manifest is present but states no AI source type: not counted as an AI label")
    xmp_sig = _read_xmp(data, media, warnings)
    if media.kind == "image":
        px = _read_image(data, media, name)
    elif media.kind == "audio":
        px = _read_audio(data, name)
    elif media.kind == "video":
        if path is not None:
            px = _read_video(path)
        else:
            with tempfile.TemporaryDirectory(prefix="senim-verify-") as tmp:
                p = Path(tmp) / "in.mp4"
                p.write_bytes(data)
                px = _read_video(p)
    elif media.kind == "pdf":
        px = _read_pdf(data)
    else:
        px = _read_text(data)
    warnings.extend(px.warnings)
    st = (
        _lookup(store, data, media, sha, c2pa, px.watermark, xmp_sig, px.phash, anchors, warnings)
        if store is not None
        else StoreSignal(checked=False)
    )
    verdict, reason = _decide(c2pa, px.watermark, xmp_sig, st)
    if verdict == "no_label_found":
        reason = _no_label_reason(reason, px.visible)
    kz, eu2, eu4 = _compliance(media.kind, c2pa, px.watermark, xmp_sig, px.visible, st)
    if kz["perceivable_warning"] is False and verdict != "no_label_found":
        warnings.append("no perceivable warning found: KZ AI law Art. 21(2) requires one")
    if st.similar:
        warnings.append(
            f"looks like labelled image(s) {', '.join(s['label_id'] for s in st.similar)} "
            "(perceptual hash; a hint, not a match)"
        )
    return Verification(
        name=name,
        media=media.mime,
        kind=media.kind,
        sha256=sha,
        c2pa=c2pa,
        xmp=xmp_sig,
        watermark=px.watermark,
        visible=px.visible,
        store=st,
        verdict=verdict,
        reason=reason,
        kz_21_2=kz,
        eu_50_2=eu2,
        eu_50_4=eu4,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def verify_bytes(
    data: bytes, name: str, *, trust_anchors: bytes | None, store: LabelStore | None
) -> Verification:
    """Verify content held in memory.

    Parameters
    ----------
    data
        The content.
    name
        Its file name (the extension must agree with the content).
    trust_anchors
        PEM root certificates a signer must chain to for ``labelled_trusted`` (``None``: none, so
        an intact signature gives ``labelled_untrusted_signer``).
    store
        The label store to trace stripped copies in (``None``: not consulted).

    Raises
    ------
    UnsupportedFormatError, CorruptMediaError
        The content cannot be read at all. A failure of one signal (e.g. an unreadable XMP packet)
        is reported in ``warnings`` instead.
    """
    return _verify(data, name, None, trust_anchors, store)


def verify_path(path: Path, *, trust_anchors: bytes | None, store: LabelStore | None) -> Verification:
    """Verify a file (see :func:`verify_bytes`)."""
    path = Path(path)
    if not path.is_file():
        raise ProvenanceError(f"{path}: no such file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProvenanceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return _verify(data, str(path), path, trust_anchors, store)


def _walk(root: Path) -> Iterator[Path]:
    for base, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            p = Path(base) / f
            if not f.startswith(".") and p.is_file() and not p.is_symlink():
                yield p


def verify_tree(
    root: Path,
    *,
    trust_anchors: bytes | None,
    store: LabelStore | None,
    on_progress: Callable[[int, int, Path], None] | None = None,
) -> list[Verification | VerifyFailure]:
    """Verify every file under ``root`` (hidden files and symbolic links skipped), in path order.

    A file that cannot be read is a :class:`VerifyFailure`; the others go on.
    """
    files = list(_walk(Path(root)))
    out: list[Verification | VerifyFailure] = []
    for i, p in enumerate(files, 1):
        try:
            out.append(verify_path(p, trust_anchors=trust_anchors, store=store))
        except ProvenanceError as exc:
            text = str(exc)
            out.append(VerifyFailure(str(p), text if str(p) in text else f"{p}: {text}", type(exc).__name__))
        if on_progress is not None:
            on_progress(i, len(files), p)
    return out
