"""Personal-data detectors: ``scan_text`` on arbitrary text; every finding must slice the text.

Input: the first byte chooses the language (bits 0-1) and how the text is made (bit 2: the rest
decoded as UTF-8 with replacement; otherwise libFuzzer's unicode generator, which reaches every
plane). No error is expected: anything escaping, or a finding whose offsets do not slice its value
out of the text, is a crash.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import atheris  # type: ignore[import-untyped]

from fuzz._common import instrumented, main, under_fuzzer

with instrumented():
    from senim.privacy.api import scan_text
    from senim.privacy.ner.en import _Spacy
    from senim.privacy.ner.ru import _morph, _Natasha

_LANGS = ("auto", "kk", "ru", "en")
_WARM_UP = (
    "Айгүл Серікқызы, +7 701 123 45 67, aigul@example.kz",
    "Иванова Мария Петровна, Алматы, ул. Абая 1",
    "John Smith lives at 221B Baker Street, London; call +44 20 7946 0958.",
)
if under_fuzzer():
    # Load every model now (a first use takes seconds, which would read as a hang): spaCy and
    # natasha are loaded lazily, only when a text first needs them. The replay needs no warm-up.
    _Spacy.nlp()
    _Natasha.tagger()
    _morph()
    for _lang in _LANGS:
        for _text in _WARM_UP:
            scan_text(_text, language=_lang)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    lang = _LANGS[data[0] & 3]
    if data[0] & 4:
        text = data[1:].decode("utf-8", "replace")
    else:
        fdp = atheris.FuzzedDataProvider(data[1:])
        text = fdp.ConsumeUnicodeNoSurrogates(len(data))
    for f in scan_text(text, language=lang):
        if not (0 <= f.start < f.end <= len(text)) or f.value != text[f.start : f.end]:
            raise AssertionError(f"finding {f.entity} at {f.start}:{f.end} does not slice the text")


if __name__ == "__main__":
    main(test_one_input)
