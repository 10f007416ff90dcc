"""Types shared by the layers of a label: media types, source types and watermark readings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "SOURCE_TYPES",
    "SOURCE_TYPE_BASE",
    "Kind",
    "MediaType",
    "WatermarkReading",
    "source_type_iri",
]

SOURCE_TYPE_BASE: Final = "http://cv.iptc.org/newscodes/digitalsourcetype/"
"""The IPTC Digital Source Type vocabulary (CC BY 4.0); C2PA uses the same IRIs."""

SOURCE_TYPES: Final = (
    "trainedAlgorithmicMedia",  # generative AI output
    "compositeWithTrainedAlgorithmicMedia",  # real content with AI-generated elements
    "compositeSynthetic",  # a composite of synthetic elements
    "algorithmicMedia",  # procedural, not trained
    "algorithmicallyEnhanced",  # denoised or upscaled, no new content
)

Kind = Literal["image", "audio", "video", "text", "pdf"]


def source_type_iri(name: str) -> str:
    """The IRI of a digital source type given by its short name (or already as an IRI).

    Raises
    ------
    ValueError
        When the name is not one of :data:`SOURCE_TYPES`.
    """
    short = name.removeprefix(SOURCE_TYPE_BASE)
    if short not in SOURCE_TYPES:
        raise ValueError(f"unknown digital source type {name!r}; known: {', '.join(SOURCE_TYPES)}")
    return SOURCE_TYPE_BASE + short


@dataclass(frozen=True)
class MediaType:
    """What a file is: its kind, MIME type and canonical extension (``.png``)."""

    kind: Kind
    mime: str
    ext: str


@dataclass(frozen=True)
class WatermarkReading:
    """What a watermark detector read.

    Attributes
    ----------
    label_id
        The decoded 64-bit label id when the error-correcting code and CRC accept it, else ``None``.
    bit_error_rate
        Estimated raw bit error rate before correction (about 0.5 means no watermark, only noise).
    confidence
        0 to 1.
    detail
        How the reading was made (e.g. ``"frames voted: 75"``).
    """

    label_id: int | None
    bit_error_rate: float
    confidence: float
    detail: str = ""
