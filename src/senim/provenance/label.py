"""Labelling synthetic content: every layer, in the order that keeps each one intact.

Kazakhstan's AI law Art. 21(2) lets synthetic results be distributed only with **both** a
machine-readable mark **and** a warning people can perceive; EU AI Act Art. 50(2) asks for a
machine-readable, detectable mark. A label is therefore several layers, applied in this order
(a later layer never invalidates an earlier one; the C2PA signature, which hashes the whole file,
comes last):

=========  ===========================================================================================
kind       layers, in order
=========  ===========================================================================================
image      decode (EXIF orientation applied, alpha kept aside, greyscale via RGB) → visible badge →
           watermark (DWT-DCT-SVD, label id) → encode in the same format (JPEG q95 4:4:4, PNG,
           WebP lossless when the source was, else q95) → XMP → C2PA
audio      decode WAV → audible notice prepended → watermark → WAV (same sample format) → XMP (best
           effort) → C2PA
video      frames through ffmpeg: badge on every frame, then watermark → XMP → C2PA
text       visible banner (first line) → C2PA text mark (invisible variation selectors)
PDF        warning footer on every page → XMP → C2PA
=========  ===========================================================================================

Each label gets a random 64-bit id: the watermark's payload, the C2PA soft-binding value and the
key of the label store (:mod:`senim.provenance.store`), which also keeps a sidecar copy of the
signed manifest so that a copy stripped of its metadata can still be traced and checked.

Without a signer there is no C2PA layer (the receipt says so); with ``visible=False`` there is no
perceivable warning (the receipt and the store say so, and verification then reports the
Art. 21(2) warning missing). Re-labelling content that already carries a C2PA manifest keeps the
original as the new manifest's parent ingredient.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from senim._files import write_temp_beside
from senim.provenance import media as m
from senim.provenance.errors import ProvenanceError, UnsupportedFormatError
from senim.provenance.ids import format_label_id, new_label_id
from senim.provenance.signer import SignerConfig
from senim.provenance.store import LabelRecord, LabelStore, dhash
from senim.provenance.types import MediaType, source_type_iri

__all__ = [
    "BadgePosition",
    "LabelFailure",
    "LabelOptions",
    "LabelReceipt",
    "Lang",
    "label_bytes",
    "label_path",
    "label_tree",
]

Lang = Literal["kk", "ru", "en"]
BadgePosition = Literal["top-left", "top-right", "bottom-left", "bottom-right"]
OnError = Literal["skip", "fail"]

LAYER_VISIBLE = "visible"
LAYER_WATERMARK = "watermark"
LAYER_XMP = "xmp"
LAYER_C2PA = "c2pa"
LAYER_TEXT_C2PA = "text_c2pa"


@dataclass(frozen=True)
class LabelOptions:
    """How to label.

    Attributes
    ----------
    visible
        Add the warning people perceive (badge, audible notice, banner, PDF footer). Art. 21(2)
        needs it; turning it off is recorded in the receipt and the store.
    lang
        Language of the warning: ``kk`` (default), ``ru`` or ``en``.
    signer
        C2PA signing credentials (:func:`senim.provenance.signer.load_signer`); ``None``: no C2PA layer.
    source_type
        IPTC digital source type, short name or IRI (``trainedAlgorithmicMedia``).
    generator
        The model or tool that made the content (C2PA ``softwareAgent``, XMP ``CreatorTool``).
    system_id
        The AI system in the registry, recorded with the label.
    badge_position, badge_size, badge_text
        The image/video badge: corner, height as a fraction of the image height, text (default:
        the short warning of ``lang``).
    watermark
        Embed the invisible watermark (images, audio, video).
    assertions
        Extra C2PA assertions (``{"label": …, "data": …}``).
    parent
        The original this content was derived from, recorded as the C2PA parent ingredient. When
        ``None`` and the input already carries a C2PA manifest, the input itself is the parent.
    """

    visible: bool = True
    lang: Lang = "kk"
    signer: SignerConfig | None = None
    source_type: str = "trainedAlgorithmicMedia"
    generator: str = "unknown"
    system_id: str | None = None
    badge_position: BadgePosition = "bottom-right"
    badge_size: float = 0.06
    badge_text: str | None = None
    watermark: bool = True
    assertions: tuple[dict[str, Any], ...] = ()
    parent: Path | None = None


@dataclass(frozen=True)
class LabelReceipt:
    """What was done to one file (:meth:`to_dict` is the JSON receipt).

    Attributes
    ----------
    label_id
        16 hex digits.
    name, output
        Input name and, for :func:`label_path`, the output path.
    input_sha256, output_sha256
        SHA-256 of the input and of the labelled output.
    media
        MIME type.
    layers
        Applied, in order: ``visible``, ``watermark``, ``xmp``, ``c2pa`` or ``text_c2pa``.
    manifest_label
        The active C2PA manifest's URN, when signed.
    signer
        The signing certificate's subject, when signed.
    source_type
        IPTC digital source type (short name).
    system_id, generator, lang
        As given.
    created_at
        ISO 8601, UTC.
    stored
        Recorded in the label store.
    warnings
        What is missing or was changed (no signer, no visible warning, a palette converted …).
    data
        The labelled bytes (not part of :meth:`to_dict`).
    """

    label_id: str
    name: str
    input_sha256: str
    output_sha256: str
    media: str
    layers: tuple[str, ...]
    manifest_label: str | None
    signer: str | None
    source_type: str
    system_id: str | None
    generator: str
    lang: str
    created_at: str
    stored: bool = False
    output: str | None = None
    warnings: tuple[str, ...] = ()
    data: bytes = field(default=b"", repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-able receipt (without the labelled bytes)."""
        out = asdict(self)
        out.pop("data")
        out["layers"] = list(self.layers)
        out["warnings"] = list(self.warnings)
        out["visible"] = LAYER_VISIBLE in self.layers
        out["machine_readable"] = bool(
            {LAYER_WATERMARK, LAYER_XMP, LAYER_C2PA, LAYER_TEXT_C2PA} & set(self.layers)
        )
        return out


@dataclass(frozen=True)
class LabelFailure:
    """A file of a folder run that could not be labelled."""

    path: str
    error: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- the layers


@dataclass
class _Work:
    """The state of one labelling run."""

    name: str
    media: MediaType
    options: LabelOptions
    label_id: int
    layers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    phash: int | None = None
    manifest: dict[str, Any] | None = None
    manifest_bytes: bytes | None = None
    parent: bytes | None = None
    parent_media: MediaType | None = None


def _step(work: _Work, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run one component; anything it raises that is not ours becomes a clear ProvenanceError."""
    try:
        return fn(*args, **kwargs)
    except ProvenanceError as exc:
        text = str(exc)
        raise type(exc)(text if work.name in text else f"{work.name}: {text}") from exc
    except MemoryError:
        raise ProvenanceError(f"{work.name}: {what}: out of memory") from None
    except Exception as exc:  # a component's own failure must not surface as a raw traceback
        raise ProvenanceError(f"{work.name}: {what} failed: {type(exc).__name__}: {exc}") from exc


def _source_iri(options: LabelOptions) -> str:
    try:
        return source_type_iri(options.source_type)
    except ValueError as exc:
        raise ProvenanceError(str(exc)) from None


def _short_source(options: LabelOptions) -> str:
    return _source_iri(options).rsplit("/", 1)[-1]


def _label_image(data: bytes, work: _Work) -> bytes:
    from senim.provenance import visible
    from senim.provenance.watermark import image as wm

    o = work.options
    dec = m.decode_image(data, work.media, name=work.name)
    work.warnings.extend(dec.notes)
    rgb: NDArray[np.uint8] = dec.rgb
    if o.visible:
        rgb = _step(
            work,
            "visible badge",
            visible.badge_image,
            rgb,
            lang=o.lang,
            text=o.badge_text,
            position=o.badge_position,
            size=o.badge_size,
        )
        work.layers.append(LAYER_VISIBLE)
    if o.watermark:
        h, w = rgb.shape[:2]
        if min(h, w) < wm.MIN_IMAGE_SIDE:
            work.warnings.append(
                f"image {w}×{h} is too small for a watermark (minimum side {wm.MIN_IMAGE_SIDE} px): "
                "no watermark, so stripping the metadata removes every machine-readable mark"
            )
        else:
            rgb = _step(work, "watermark", wm.embed_image, rgb, work.label_id)
            work.layers.append(LAYER_WATERMARK)
    out = m.encode_image(rgb, dec, name=work.name)
    work.phash = dhash(rgb)
    return out


def _label_audio(data: bytes, work: _Work) -> bytes:
    from senim.provenance import visible
    from senim.provenance.watermark import audio as wm

    o = work.options
    dec = m.decode_wav(data, name=work.name)
    samples = dec.samples
    if o.visible:
        notice = _step(
            work, "audible notice", visible.audible_notice, dec.rate, samples.shape[1], lang=o.lang
        )
        samples = np.concatenate([np.asarray(notice, dtype=np.float32), samples], axis=0)
        work.layers.append(LAYER_VISIBLE)
    if o.watermark:
        seconds = samples.shape[0] / dec.rate
        if seconds < wm.MIN_AUDIO_SECONDS:
            work.warnings.append(
                f"audio of {seconds:.1f} s is too short for a watermark "
                f"(minimum {wm.MIN_AUDIO_SECONDS:g} s): "
                "no watermark, so stripping the metadata removes every machine-readable mark"
            )
        else:
            samples = _step(work, "audio watermark", wm.embed_audio, samples, dec.rate, work.label_id)
            work.layers.append(LAYER_WATERMARK)
    return m.encode_wav(np.asarray(samples, dtype=np.float32), dec.rate, dec.subtype, name=work.name)


def _label_video(data: bytes, work: _Work) -> bytes:
    from senim.provenance import visible
    from senim.provenance.watermark import video as wm

    o = work.options
    if not o.watermark:
        if o.visible:
            work.warnings.append(
                "video without the watermark pass: the visible badge (drawn in it) is skipped"
            )
        return data
    hook: Callable[[np.ndarray, int], np.ndarray] | None = None
    if o.visible:

        def hook(rgb: np.ndarray, _index: int) -> np.ndarray:
            out: np.ndarray = visible.badge_image(
                rgb,
                lang=o.lang,
                text=o.badge_text,
                position=o.badge_position,
                size=o.badge_size,
                kind="video",
            )
            return out

    from senim.provenance.watermark.image import MIN_IMAGE_SIDE

    with tempfile.TemporaryDirectory(prefix="senim-video-") as tmp:
        src, dst = Path(tmp) / "in.mp4", Path(tmp) / "out.mp4"
        src.write_bytes(data)
        info = _step(work, "reading the video", wm.probe_video, src)
        w, h = int(info.get("width") or 0), int(info.get("height") or 0)
        if min(w, h) < MIN_IMAGE_SIDE:
            work.warnings.append(
                f"video {w}×{h} is too small for the frame pass (minimum side {MIN_IMAGE_SIDE} px): "
                "no watermark and no visible badge; only XMP and C2PA"
            )
            return data
        _step(work, "video watermark", wm.embed_video, src, dst, work.label_id, frame_hook=hook)
        out = dst.read_bytes()
    if o.visible:
        work.layers.append(LAYER_VISIBLE)
    work.layers.append(LAYER_WATERMARK)
    return out


def _label_pdf(data: bytes, work: _Work) -> bytes:
    from senim.provenance import visible

    if work.options.visible:
        data = _step(work, "PDF warning", visible.label_pdf, data, lang=work.options.lang)
        work.layers.append(LAYER_VISIBLE)
    return data


def _label_text(data: bytes, work: _Work) -> bytes:
    from senim.provenance import textmark, visible

    o = work.options
    bom = data.startswith(b"\xef\xbb\xbf")
    content = data.decode("utf-8-sig")
    fmt: Literal["text", "markdown", "html"] = m.text_format(work.media)  # type: ignore[assignment]
    if o.visible:
        content = _step(work, "visible banner", visible.label_text, content, fmt=fmt, lang=o.lang)
        work.layers.append(LAYER_VISIBLE)
    if o.signer is not None:
        content = _step(
            work,
            "C2PA text mark",
            textmark.mark_text,
            content,
            o.signer,
            label_id=work.label_id,
            source_type=_source_iri(o),
            generator=o.generator,
        )
        work.layers.append(LAYER_TEXT_C2PA)
    else:
        work.warnings.append(
            "no signer: text carries no C2PA text mark, so it has no machine-readable label "
            "(only the label store knows it); give --signer"
        )
    return (b"\xef\xbb\xbf" if bom else b"") + content.encode("utf-8")


def _add_xmp(data: bytes, work: _Work) -> bytes:
    from senim.provenance import visible, xmp

    o = work.options
    description = visible.warning_text(o.lang, kind=work.media.kind)
    packet = _step(
        work,
        "XMP packet",
        xmp.build_xmp,
        source_type=_source_iri(o),
        label_id=work.label_id,
        description=description,
        creator_tool=o.generator,
    )
    try:
        out: bytes = xmp.embed_xmp(data, work.media, packet)
    except UnsupportedFormatError as exc:
        work.warnings.append(f"no XMP layer: {exc}")
        return data
    except ProvenanceError:
        raise
    except Exception as exc:
        raise ProvenanceError(f"{work.name}: XMP embedding failed: {type(exc).__name__}: {exc}") from exc
    work.layers.append(LAYER_XMP)
    return out


def _add_c2pa(data: bytes, work: _Work) -> bytes:
    from senim.provenance import c2pa_io

    o = work.options
    if o.signer is None:
        work.warnings.append(
            "no signer: no C2PA layer (no signed provenance); give --signer DIR "
            "(`senim provenance init` makes a test one)"
        )
        return data
    signed = _step(
        work,
        "C2PA signing",
        c2pa_io.sign_c2pa_detailed,
        data,
        work.media,
        o.signer,
        label_id=work.label_id,
        source_type=_source_iri(o),
        generator=o.generator,
        parent=work.parent,
        parent_media=work.parent_media,
        assertions=tuple(o.assertions),
        soft_binding=LAYER_WATERMARK in work.layers,
    )
    work.layers.append(LAYER_C2PA)
    work.manifest = signed.manifest
    work.manifest_bytes = signed.manifest_bytes
    return bytes(signed.data)


def _find_parent(data: bytes, work: _Work) -> None:
    """The C2PA parent: the given original, else the input itself when it is already C2PA-labelled."""
    o = work.options
    if o.signer is None or work.media.kind == "text":
        return
    if o.parent is not None:
        try:
            parent = o.parent.read_bytes()
        except OSError as exc:
            raise ProvenanceError(f"--parent {o.parent}: cannot read: {exc.strerror or exc}") from None
        work.parent, work.parent_media = parent, m.sniff(parent, o.parent.name)
        return
    from senim.provenance import c2pa_io

    try:
        reading = c2pa_io.read_c2pa(data, work.media)
    except ProvenanceError:
        return
    if reading.state != "not_found":
        work.parent, work.parent_media = data, work.media
        work.warnings.append(
            f"the input already carries a C2PA manifest ({reading.state}): kept as the parent ingredient"
        )


def _signer_name(signer: SignerConfig | None) -> str | None:
    if signer is None:
        return None
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificates(signer.chain_pem)[0].subject.rfc4514_string()
    except ValueError:
        return None


def _manifest_label(manifest: dict[str, Any] | None) -> str | None:
    if not manifest:
        return None
    active = manifest.get("active_manifest") or manifest.get("label")
    return str(active) if active else None


_KIND_STEPS: dict[str, Callable[[bytes, _Work], bytes]] = {
    "image": _label_image,
    "audio": _label_audio,
    "video": _label_video,
    "pdf": _label_pdf,
    "text": _label_text,
}


def _label(
    data: bytes, name: str, options: LabelOptions, media: MediaType | None = None
) -> tuple[LabelReceipt, LabelRecord]:
    """Label ``data`` in memory; returns the receipt (with the bytes) and the store record."""
    media = media or m.sniff(data, name)
    short = _short_source(options)
    if not 0.01 <= options.badge_size <= 0.5:
        raise ProvenanceError(f"badge size {options.badge_size} must be between 0.01 and 0.5 of the height")
    work = _Work(name=name, media=media, options=options, label_id=new_label_id())
    _find_parent(data, work)
    out = _KIND_STEPS[media.kind](data, work)
    if media.kind != "text":
        out = _add_xmp(out, work)
        out = _add_c2pa(out, work)
    if not options.visible:
        work.warnings.append(
            "no visible warning: KZ AI law Art. 21(2) also requires a warning people can perceive"
        )
    created = dt.datetime.now(dt.UTC)
    out_sha = hashlib.sha256(out).hexdigest()
    in_sha = hashlib.sha256(data).hexdigest()
    signer = (
        _signer_name(options.signer) if work.manifest is not None or LAYER_TEXT_C2PA in work.layers else None
    )
    receipt = LabelReceipt(
        label_id=format_label_id(work.label_id),
        name=name,
        input_sha256=in_sha,
        output_sha256=out_sha,
        media=media.mime,
        layers=tuple(work.layers),
        manifest_label=_manifest_label(work.manifest),
        signer=signer,
        source_type=short,
        system_id=options.system_id,
        generator=options.generator,
        lang=options.lang,
        created_at=created.isoformat(timespec="seconds"),
        warnings=tuple(dict.fromkeys(work.warnings)),
        data=out,
    )
    record = LabelRecord(
        label_id=work.label_id,
        sha256=out_sha,
        media=media.mime,
        manifest=work.manifest,
        manifest_bytes=work.manifest_bytes,
        created_at=created,
        system_id=options.system_id,
        source_type=short,
        layers=list(work.layers),
        input_sha256=in_sha,
        phash=work.phash,
        manifest_label=receipt.manifest_label,
        signer=signer,
    )
    return receipt, record


def label_bytes(data: bytes, name: str, options: LabelOptions, store: LabelStore | None) -> LabelReceipt:
    """Label content held in memory.

    Parameters
    ----------
    data
        The content (PNG, JPEG, WebP, WAV, MP4, PDF or UTF-8 text/Markdown/HTML).
    name
        Its file name: the extension must agree with the content, and chooses the text flavour.
    options
        What to apply (:class:`LabelOptions`).
    store
        Where to record the label (``None``: not recorded; a stripped copy then cannot be traced).

    Returns
    -------
    LabelReceipt
        With the labelled bytes in ``data``.

    Raises
    ------
    UnsupportedFormatError, CorruptMediaError, SignerError, ToolMissingError, ProvenanceError
        The message names the file and the problem.
    """
    receipt, record = _label(data, name, options)
    if store is None:
        return receipt
    store.record(record)
    return _replace(receipt, stored=True)


def _replace(receipt: LabelReceipt, **changes: Any) -> LabelReceipt:
    from dataclasses import replace

    return replace(receipt, **changes)


def _check_paths(src: Path, dst: Path) -> None:
    if not src.is_file():
        raise ProvenanceError(f"{src}: no such file")
    if dst.exists() and dst.resolve() == src.resolve():
        raise ProvenanceError(f"{dst}: the output must not be the input (the input is never modified)")
    if dst.is_dir():
        raise ProvenanceError(f"{dst}: is a folder; give an output file name")
    if not dst.parent.is_dir():
        raise ProvenanceError(f"{dst.parent}: the output folder does not exist")


def _check_output_name(media: MediaType, dst: Path, src: Path) -> None:
    ext = dst.suffix.lower()
    allowed = m.EXTENSIONS[media]
    if media.kind == "text":
        return  # the flavour follows the input's name; any text extension is fine
    if ext not in allowed:
        raise UnsupportedFormatError(
            f"{dst}: the output extension {ext or '(none)'} does not match the input {src.name} "
            f"({media.mime}); use {' or '.join(allowed)} (the format is never converted)"
        )


def _prepare_output(data: bytes, dst: Path) -> Path:
    """Write ``data`` to a temporary file beside ``dst`` (flushed to disk); returns its path."""
    return write_temp_beside(data, dst, suffix=".part")


def _label_to_temp(src: Path, dst: Path, options: LabelOptions) -> tuple[Path, LabelReceipt, LabelRecord]:
    """Label ``src`` into a temporary file beside ``dst`` (the worker's share of a folder run)."""
    _check_paths(src, dst)
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise ProvenanceError(f"{src}: cannot read: {exc.strerror or exc}") from None
    media = m.sniff(data, src.name)
    _check_output_name(media, dst, src)
    receipt, record = _label(data, str(src), options, media)
    try:
        tmp = _prepare_output(receipt.data, dst)
    except OSError as exc:
        raise ProvenanceError(f"{dst}: cannot write: {exc.strerror or exc}") from None
    return tmp, _replace(receipt, data=b"", output=str(dst)), record


def _commit(
    tmp: Path, dst: Path, receipt: LabelReceipt, record: LabelRecord, store: LabelStore | None
) -> LabelReceipt:
    """Record the label, then move the output into place; on any failure nothing is left behind."""
    try:
        if store is not None:
            store.record(record)
            receipt = _replace(receipt, stored=True)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return receipt


def label_path(src: Path, dst: Path, options: LabelOptions, store: LabelStore | None) -> LabelReceipt:
    """Label the file ``src`` into ``dst``, atomically.

    The output is written to a temporary file in ``dst``'s folder and renamed into place only once
    it is complete and recorded in the store, so ``dst`` is never half-written; ``src`` is only
    read. ``dst`` must differ from ``src`` and keep the input's format (extension).

    Returns
    -------
    LabelReceipt
        With ``output`` set and ``data`` empty.

    Raises
    ------
    ProvenanceError
        And its subclasses, naming the file (nothing is written then).
    """
    src, dst = Path(src), Path(dst)
    tmp, receipt, record = _label_to_temp(src, dst, options)
    return _commit(tmp, dst, receipt, record, store)


# --------------------------------------------------------------------------- folders


def _walk(src_dir: Path) -> Iterator[Path]:
    """Regular files under ``src_dir``, sorted, skipping hidden entries and symbolic links."""
    for root, dirs, files in os.walk(src_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (Path(root) / d).is_symlink())
        for f in sorted(files):
            p = Path(root) / f
            if not f.startswith(".") and not p.is_symlink() and p.is_file():
                yield p


def _worker(src: str, dst: str, options: LabelOptions) -> tuple[str, LabelReceipt, LabelRecord]:
    tmp, receipt, record = _label_to_temp(Path(src), Path(dst), options)
    return str(tmp), receipt, record


ProgressFn = Callable[[int, int, Path, "LabelReceipt | LabelFailure"], None]


def label_tree(
    src_dir: Path,
    dst_dir: Path,
    options: LabelOptions,
    store: LabelStore | None,
    *,
    workers: int = 1,
    on_progress: ProgressFn | None = None,
    on_error: OnError = "skip",
) -> list[LabelReceipt | LabelFailure]:
    """Label every file of a folder into another folder with the same structure.

    Parameters
    ----------
    src_dir, dst_dir
        Input folder (walked recursively; hidden files and symbolic links skipped) and output folder
        (created; must not be inside the input folder, nor contain it).
    options, store
        As for :func:`label_path`.
    workers
        Worker processes (1: in this process).
    on_progress
        Called after each file with ``(done, total, path, receipt or failure)``.
    on_error
        ``"skip"``: a file that fails is reported as a :class:`LabelFailure` and the rest go on;
        ``"fail"``: the first failure stops the run and is raised (files already labelled stay,
        each complete; no file is half-written).

    Returns
    -------
    list
        One :class:`LabelReceipt` or :class:`LabelFailure` per input file, in path order.
    """
    src_dir, dst_dir = Path(src_dir).resolve(), Path(dst_dir).resolve()
    if not src_dir.is_dir():
        raise ProvenanceError(f"{src_dir}: no such folder")
    if dst_dir == src_dir or dst_dir.is_relative_to(src_dir) or src_dir.is_relative_to(dst_dir):
        raise ProvenanceError(f"{dst_dir}: the output folder must be outside the input folder {src_dir}")
    if workers < 1:
        raise ValueError("workers must be at least 1")
    files = list(_walk(src_dir))
    jobs = [(p, dst_dir / p.relative_to(src_dir)) for p in files]
    for _, dst in jobs:
        dst.parent.mkdir(parents=True, exist_ok=True)
    results: dict[Path, LabelReceipt | LabelFailure] = {}
    total = len(jobs)

    def finish(src: Path, result: LabelReceipt | LabelFailure) -> None:
        results[src] = result
        if on_progress is not None:
            on_progress(len(results), total, src, result)

    def failure(src: Path, exc: BaseException) -> LabelFailure:
        text = str(exc)
        return LabelFailure(str(src), text if str(src) in text else f"{src}: {text}", type(exc).__name__)

    if workers == 1 or total <= 1:
        for src, dst in jobs:
            try:
                tmp, receipt, record = _label_to_temp(src, dst, options)
                finish(src, _commit(tmp, dst, receipt, record, store))
            except ProvenanceError as exc:
                if on_error == "fail":
                    raise
                finish(src, failure(src, exc))
        return [results[p] for p in files]

    import multiprocessing

    ctx = multiprocessing.get_context("spawn")  # c2pa's native library and DB connections do not fork safely
    with ProcessPoolExecutor(max_workers=min(workers, total), mp_context=ctx) as pool:
        pending: dict[Future[tuple[str, LabelReceipt, LabelRecord]], tuple[Path, Path]] = {}
        queue = list(jobs)
        try:
            while queue or pending:
                while queue and len(pending) < 2 * workers:  # bounded: never more than 2 jobs per worker
                    src, dst = queue.pop(0)
                    pending[pool.submit(_worker, str(src), str(dst), options)] = (src, dst)
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    src, dst = pending.pop(fut)
                    try:
                        tmp_name, receipt, record = fut.result()
                        finish(src, _commit(Path(tmp_name), dst, receipt, record, store))
                    except ProvenanceError as exc:
                        if on_error == "fail":
                            raise
                        finish(src, failure(src, exc))
                    except Exception as exc:  # a worker process died (e.g. out of memory)
                        if on_error == "fail":
                            raise ProvenanceError(f"{src}: {type(exc).__name__}: {exc}") from exc
                        finish(src, failure(src, exc))
        except BaseException:
            for fut in pending:
                fut.cancel()
            for fut in pending:  # let running jobs end, then drop their temp files
                if not fut.cancelled():
                    with contextlib.suppress(Exception):
                        Path(fut.result()[0]).unlink(missing_ok=True)
            raise
    return [results[p] for p in files]


def summarise(results: Sequence[LabelReceipt | LabelFailure]) -> dict[str, Any]:
    """Counts of a folder run: files, labelled, failed, and per layer."""
    labelled = [r for r in results if isinstance(r, LabelReceipt)]
    layers: dict[str, int] = {}
    for r in labelled:
        for layer in r.layers:
            layers[layer] = layers.get(layer, 0) + 1
    return {
        "files": len(results),
        "labelled": len(labelled),
        "failed": len(results) - len(labelled),
        "layers": layers,
    }
