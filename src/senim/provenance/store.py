"""The label store: every label issued, so that a label can be traced after its metadata is stripped.

A record holds the label id (the watermark payload and the C2PA soft-binding value), the SHA-256 of
the labelled file, the layers applied, the C2PA manifest (JSON) and a *sidecar* copy of the signed
manifest store, and for images a 64-bit difference hash (dHash) for near-duplicate lookup. The
sidecar lets :mod:`senim.provenance.verify` check a copy whose embedded manifest was stripped: the
manifest is validated against the copy's bytes, and a re-encoded copy reports a hash mismatch
(provenance recovered, content altered). This is, in C2PA terms, a small manifest repository.

Where it lives
--------------
``LabelStore.open(url)`` with

- a SQLAlchemy URL (``sqlite:///…``, ``postgresql://…``): that database;
- a file path: a SQLite file there;
- ``None``: the registry database when ``SENIM_DATABASE_URL`` is set, else the SQLite file
  ``labels.db`` in the user data folder (``platformdirs``: ``~/.local/share/senim/labels.db`` on Linux).

The store keeps its own table ``provenance_labels`` (created when missing) and never touches the
registry's tables; in the registry database it sits beside them. Each record is written in one
transaction (all or nothing).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Engine,
    LargeBinary,
    MetaData,
    String,
    Table,
    select,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from senim.provenance.errors import ProvenanceError

__all__ = [
    "LabelRecord",
    "LabelStore",
    "StoreError",
    "default_store_url",
    "dhash",
    "hamming",
]

TABLE_NAME: Final = "provenance_labels"

_metadata = MetaData()
labels_table: Final = Table(
    TABLE_NAME,
    _metadata,
    Column("label_id", String(16), primary_key=True),  # 16 lowercase hex digits
    Column("sha256", String(64), nullable=False, index=True),  # of the labelled output file
    Column("input_sha256", String(64), nullable=True, index=True),
    Column("media", String(64), nullable=False),
    Column("source_type", String(100), nullable=False),
    Column("system_id", String(200), nullable=True, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("layers", JSON, nullable=False),
    Column("manifest_label", String(200), nullable=True),
    Column("signer", String(500), nullable=True),
    Column("manifest", JSON, nullable=True),
    Column("manifest_bytes", LargeBinary, nullable=True),
    Column("phash", BigInteger, nullable=True, index=True),  # signed view of the 64-bit dHash
)


class StoreError(ProvenanceError):
    """The label store cannot be opened, read or written."""


@dataclass
class LabelRecord:
    """One issued label.

    Attributes
    ----------
    label_id
        64-bit label id (watermark payload, C2PA soft-binding value).
    sha256
        SHA-256 (hex) of the labelled output file.
    media
        MIME type of the output.
    manifest
        The C2PA manifest as JSON, when signed.
    manifest_bytes
        Sidecar copy of the signed C2PA manifest store (validates stripped or altered copies).
    created_at
        When the label was issued (UTC).
    system_id
        The AI system (registry id or slug) that produced the content, when given.
    source_type
        IPTC digital source type, short name (``trainedAlgorithmicMedia``).
    layers
        Layers applied: ``visible``, ``watermark``, ``xmp``, ``c2pa``, ``text_c2pa``.
    input_sha256, phash, manifest_label, signer
        SHA-256 of the input, 64-bit dHash of an image output, manifest URN, signer's name.
    """

    label_id: int
    sha256: str
    media: str
    manifest: dict[str, Any] | None
    manifest_bytes: bytes | None
    created_at: dt.datetime
    system_id: str | None
    source_type: str
    layers: list[str]
    input_sha256: str | None = None
    phash: int | None = None
    manifest_label: str | None = None
    signer: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def default_store_url() -> str:
    """``SENIM_DATABASE_URL`` (the registry database) if set, else ``labels.db`` in the user data folder."""
    env = os.environ.get("SENIM_DATABASE_URL")
    if env:
        return env
    from platformdirs import user_data_dir

    return f"sqlite:///{Path(user_data_dir('senim', appauthor=False)) / 'labels.db'}"


def _to_url(url: str | None) -> str:
    if url is None or not url.strip():
        return default_store_url()
    if "://" in url:
        return url
    return f"sqlite:///{Path(url).expanduser().resolve()}"


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def _hex(label_id: int) -> str:
    if not 0 <= label_id < 1 << 64:
        raise ValueError(f"label id {label_id} is not a 64-bit unsigned integer")
    return f"{label_id:016x}"


class LabelStore:
    """Labels issued, in a SQL database (see the module docstring for where).

    Use :meth:`open`; close with :meth:`close` or a ``with`` block.
    """

    def __init__(self, engine: Engine, url: str) -> None:
        self._engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str | None = None) -> LabelStore:
        """Open (and create when missing) the store at ``url``; see the module docstring.

        Raises
        ------
        StoreError
            The URL is invalid or the database cannot be reached or written.
        """
        from senim.registry.db import DatabaseError, make_engine

        real = _to_url(url)
        try:
            engine = make_engine(real)
            _metadata.create_all(engine, checkfirst=True)
        except (DatabaseError, SQLAlchemyError, OSError) as exc:
            raise StoreError(f"label store {_safe(real)}: cannot open: {_reason(exc)}") from None
        return cls(engine, real)

    def __enter__(self) -> LabelStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    @property
    def display_url(self) -> str:
        """The URL with any password hidden."""
        return _safe(self.url)

    # ------------------------------------------------------------------ writing

    def record(self, rec: LabelRecord) -> None:
        """Store one label, in one transaction.

        Raises
        ------
        StoreError
            The label id is already recorded (ids are random 64-bit numbers: a clash means the
            same record twice), or the database fails.
        """
        row: dict[str, Any] = {
            "label_id": _hex(rec.label_id),
            "sha256": rec.sha256,
            "input_sha256": rec.input_sha256,
            "media": rec.media,
            "source_type": rec.source_type,
            "system_id": rec.system_id,
            "created_at": _utc(rec.created_at),
            "layers": list(rec.layers),
            "manifest_label": rec.manifest_label,
            "signer": rec.signer,
            "manifest": rec.manifest,
            "manifest_bytes": rec.manifest_bytes,
            "phash": None if rec.phash is None else _signed(rec.phash),
        }
        try:
            with self._engine.begin() as conn:
                conn.execute(labels_table.insert().values(**row))
        except IntegrityError:
            raise StoreError(f"label {row['label_id']} is already in the store") from None
        except SQLAlchemyError as exc:
            raise StoreError(f"label store {self.display_url}: cannot write: {_reason(exc)}") from None

    # ------------------------------------------------------------------ reading

    def _select(self, *where: Any, order: bool = True, limit: int | None = None) -> list[LabelRecord]:
        query = select(labels_table).where(*where)
        if order:
            query = query.order_by(labels_table.c.created_at.desc(), labels_table.c.label_id)
        if limit is not None:
            query = query.limit(limit)
        try:
            with self._engine.connect() as conn:
                rows = conn.execute(query).mappings().all()
        except SQLAlchemyError as exc:
            raise StoreError(f"label store {self.display_url}: cannot read: {_reason(exc)}") from None
        return [_record(r) for r in rows]

    def find_by_id(self, label_id: int) -> LabelRecord | None:
        """The record of a label id, or ``None``."""
        found = self._select(labels_table.c.label_id == _hex(label_id), order=False)
        return found[0] if found else None

    def find_by_hash(self, sha256: str) -> LabelRecord | None:
        """The latest label whose output file has this SHA-256, or ``None``."""
        found = self._select(labels_table.c.sha256 == sha256.lower(), limit=1)
        return found[0] if found else None

    def find_similar(
        self, phash: int, *, max_distance: int = 6, limit: int = 10
    ) -> list[tuple[LabelRecord, int]]:
        """Image labels whose dHash is within ``max_distance`` bits of ``phash``, nearest first.

        A linear, vectorised scan of the stored hashes (fine up to millions of labels).
        """
        try:
            with self._engine.connect() as conn:
                rows = conn.execute(
                    select(labels_table.c.label_id, labels_table.c.phash).where(
                        labels_table.c.phash.is_not(None)
                    )
                ).all()
        except SQLAlchemyError as exc:
            raise StoreError(f"label store {self.display_url}: cannot read: {_reason(exc)}") from None
        if not rows:
            return []
        ids = [r[0] for r in rows]
        hashes = np.array([_unsigned(int(r[1])) for r in rows], dtype=np.uint64)
        dist = _popcount64(hashes ^ np.uint64(phash))
        order = np.argsort(dist, kind="stable")
        out: list[tuple[LabelRecord, int]] = []
        for i in order[:limit]:
            if int(dist[i]) > max_distance:
                break
            rec = self._select(labels_table.c.label_id == ids[int(i)], order=False)
            if rec:
                out.append((rec[0], int(dist[i])))
        return out

    def count(self) -> int:
        """How many labels are stored."""
        from sqlalchemy import func

        with self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(labels_table)).scalar_one())


def _record(r: Any) -> LabelRecord:
    created = r["created_at"]
    if created.tzinfo is None:  # SQLite returns naive datetimes: they were stored as UTC
        created = created.replace(tzinfo=dt.UTC)
    return LabelRecord(
        label_id=int(r["label_id"], 16),
        sha256=r["sha256"],
        media=r["media"],
        manifest=r["manifest"],
        manifest_bytes=r["manifest_bytes"],
        created_at=created,
        system_id=r["system_id"],
        source_type=r["source_type"],
        layers=list(r["layers"] or []),
        input_sha256=r["input_sha256"],
        phash=None if r["phash"] is None else _unsigned(int(r["phash"])),
        manifest_label=r["manifest_label"],
        signer=r["signer"],
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("created_at must carry a time zone")
    return moment.astimezone(dt.UTC)


def _safe(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL: show it without anything after '@'
        return url.rsplit("@", maxsplit=1)[-1]


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _popcount64(values: NDArray[np.uint64]) -> NDArray[np.int64]:
    bytes_ = values.view(np.uint8).reshape(-1, 8)
    counts: NDArray[np.int64] = np.unpackbits(bytes_, axis=1).sum(axis=1, dtype=np.int64)
    return counts


def dhash(rgb: NDArray[np.uint8]) -> int:
    """64-bit difference hash of an image: near-duplicates (re-encoded, resized) differ in few bits.

    The luma is reduced to 9 × 8 pixels (area averaging), and each bit says whether a pixel is
    brighter than its right neighbour (row by row, most significant bit first).
    """
    from PIL import Image

    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.size == 0:
        raise ValueError("dhash needs an H × W × 3 image")
    luma = rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
    small = Image.fromarray(luma.astype(np.float32), "F").resize((9, 8), Image.Resampling.BOX)
    px = np.asarray(small, dtype=np.float32)
    bits = (px[:, 1:] > px[:, :-1]).astype(np.uint8).ravel()
    return int.from_bytes(np.packbits(bits).tobytes(), "big")


def hamming(a: int, b: int) -> int:
    """Number of differing bits of two 64-bit hashes."""
    return (a ^ b).bit_count()
