"""Presidio compatibility: results in Presidio's ``RecognizerResult`` shape, a drop-in analyzer and
a recognizer to plug into an existing Presidio ``AnalyzerEngine``.

Switching from Presidio::

    from senim.privacy.presidio import SenimAnalyzer
    analyzer = SenimAnalyzer()                      # instead of presidio_analyzer.AnalyzerEngine()
    results = analyzer.analyze(text=text, language="ru", entities=["KZ_IIN", "PERSON"])
    # [RecognizerResult(entity_type='KZ_IIN', start=4, end=16, score=0.99), ...]

Keeping Presidio and adding Senim's detectors (Kazakh identifiers, Kazakh/Russian names)::

    from presidio_analyzer import AnalyzerEngine
    from senim.privacy.presidio import senim_recognizer
    engine = AnalyzerEngine(...)
    engine.registry.add_recognizer(senim_recognizer(supported_language="ru"))

Presidio is not a dependency of Senim: without it, results are Senim's own
:class:`RecognizerResult`, which has the same fields and ``to_dict()``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from senim.privacy.scanner import Scanner
from senim.privacy.types import ENTITIES, Finding

__all__ = ["RecognizerResult", "SenimAnalyzer", "senim_recognizer", "to_recognizer_results"]


@dataclass
class RecognizerResult:
    """Presidio's result shape (used when ``presidio_analyzer`` is not installed)."""

    entity_type: str
    start: int
    end: int
    score: float
    analysis_explanation: Any = None
    recognition_metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"entity_type": self.entity_type, "start": self.start, "end": self.end, "score": self.score}


def _result_class() -> Any:
    try:
        from presidio_analyzer import RecognizerResult as PresidioResult
    except ImportError:
        return RecognizerResult
    return PresidioResult


def to_recognizer_results(findings: Iterable[Finding]) -> list[Any]:
    """Findings as ``RecognizerResult`` objects (Presidio's class when it is installed)."""
    cls = _result_class()
    out = []
    for f in findings:
        r = cls(entity_type=f.entity, start=f.start, end=f.end, score=f.score)
        r.recognition_metadata = {
            "recognizer_name": "Senim",
            "recognizer_identifier": "senim",
            "validated": f.validated,
        }
        out.append(r)
    return out


class SenimAnalyzer:
    """A drop-in for ``AnalyzerEngine.analyze`` backed by Senim's scanner."""

    def __init__(self, *, default_score_threshold: float = 0.4) -> None:
        self.default_score_threshold = default_score_threshold
        self.supported_languages = ["kk", "ru", "en"]

    def get_supported_entities(self, language: str | None = None) -> list[str]:
        return list(ENTITIES)

    def analyze(
        self,
        text: str,
        language: str = "auto",
        entities: Collection[str] | None = None,
        score_threshold: float | None = None,
        **_: Any,
    ) -> list[Any]:
        """Presidio's ``analyze`` signature; extra Presidio keywords are accepted and ignored."""
        from senim.privacy.api import scan_text

        threshold = self.default_score_threshold if score_threshold is None else score_threshold
        lang = language if language in ("kk", "ru", "en") else "auto"
        return to_recognizer_results(scan_text(text, entities=entities, language=lang, min_score=threshold))


def senim_recognizer(
    *, supported_language: str = "en", entities: Sequence[str] | None = None, language: str = "auto"
) -> Any:
    """A Presidio ``EntityRecognizer`` running Senim (needs ``presidio_analyzer``)."""
    try:
        from presidio_analyzer import EntityRecognizer
    except ImportError as exc:
        raise ImportError("senim_recognizer needs presidio-analyzer: pip install presidio-analyzer") from exc

    chosen = list(entities or ENTITIES)
    scanner = Scanner(entities=chosen, language=language, min_score=0.0)

    class SenimRecognizer(EntityRecognizer):  # type: ignore[misc,unused-ignore]  # Any without presidio
        def load(self) -> None:
            return None

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
            from senim.privacy.api import scan_text

            wanted = set(entities or chosen)
            return [
                r for r in to_recognizer_results(scan_text(text, scanner=scanner)) if r.entity_type in wanted
            ]

    return SenimRecognizer(
        supported_entities=chosen, supported_language=supported_language, name="SenimRecognizer"
    )
