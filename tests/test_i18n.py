"""Every user-interface string has a Kazakh and a Russian translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from senim.i18n import gettext, parse_po, translator

SRC = Path(__file__).resolve().parents[1] / "src" / "senim"
CALL = re.compile(r"""\b_\((['"])(.+?)\1\)""")
STATUSES = ["met", "unmet", "unknown", "not_yet_applicable"]


def _messages() -> set[str]:
    found: set[str] = set()
    for path in (SRC / "cli").glob("*.py"):
        found |= {m.group(2) for m in CALL.finditer(path.read_text(encoding="utf-8"))}
    for path in (SRC / "reports").glob("*.py"):
        found |= {m.group(2) for m in CALL.finditer(path.read_text(encoding="utf-8"))}
    return found | set(STATUSES)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_message_is_translated(lang: str) -> None:
    messages = _messages()
    assert len(messages) > 30
    missing = sorted(m for m in messages if gettext(m, lang) == m)
    assert missing == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_evidence_requirements_are_translated(lang: str) -> None:
    from senim.law.packs import DOCUMENT_LABELS, EVIDENCE_LABELS, evidence_label

    labels = {*EVIDENCE_LABELS.values(), *DOCUMENT_LABELS.values()}
    assert sorted(m for m in labels if gettext(m, lang) == m) == []
    assert evidence_label("document:risk_management") == "Risk management"
    assert evidence_label("audit:fairness") == "Fairness audit"
    assert evidence_label("document:no_such_kind") == "document:no_such_kind"


def test_english_is_the_source_and_unknown_text_passes_through() -> None:
    assert gettext("Obligations", "en") == "Obligations"
    assert translator("ru")("Obligations") == "Обязанности"
    assert translator("kk")("no such message") == "no such message"
    with pytest.raises(ValueError, match="unsupported language"):
        translator("de")


def test_po_parser() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n# comment\n'
        'msgid "A"\nmsgstr "Б"\n"в"\n\nmsgid "C"\nmsgstr ""\n'
    )
    assert parse_po(text) == {"A": "Бв"}
    with pytest.raises(ValueError, match="unsupported PO line"):
        parse_po("msgctxt x\n")
