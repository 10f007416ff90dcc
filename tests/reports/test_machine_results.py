"""Summaries of uploaded machine results never show a string from the file that is not a plain name."""

from __future__ import annotations

import datetime as dt
import json

from senim.reports.dossier import EvidenceRef, summarise_machine_result

IIN = "880223335929"
EMAIL = "ivan.petrov@mail.kz"


def _ref() -> EvidenceRef:
    return EvidenceRef(
        id="e1", kind="machine_result", title="t", sha256=None, filename="r.json",
        media_type="application/json", size=1, created_at=dt.datetime(2026, 11, 27, tzinfo=dt.UTC),
        attested_by=None, statement=None, rules=(),
    )


def _text(result: object) -> str:
    return repr(result)


def test_label_layers_and_verdicts_show_only_names() -> None:
    label = {"receipts": [{"layers": ["xmp", IIN, EMAIL, "c2pa"], "machine_readable": True, "visible": True}]}
    got = _text(summarise_machine_result(_ref(), json.dumps(label).encode(), lambda s: s))
    assert "xmp" in got and "c2pa" in got and IIN not in got and EMAIL not in got
    verify = {"verifications": [{"verdict": "labelled_valid"}, {"verdict": EMAIL}, {"verdict": IIN}]}
    got = _text(summarise_machine_result(_ref(), json.dumps(verify).encode(), lambda s: s))
    assert "labelled_valid" in got and IIN not in got and EMAIL not in got


def test_negative_or_odd_counts_are_dropped_not_fatal() -> None:
    scan = {"schema": "senim/scan-0", "finding_count": 3, "entities": {"KZ_IIN": 2, "PHONE_NUMBER": -1}}
    got = _text(summarise_machine_result(_ref(), json.dumps(scan).encode(), lambda s: s))
    assert "KZ_IIN" in got and "PHONE_NUMBER" not in got
