"""Files users hand to the reports: machine results (scan summaries, label receipts, verification
results, audit JSON) summarised in the dossier and on the web results page, and exported ledgers
checked offline (``senim ledger check-export``).

Input: byte 0 chooses the reader (dossier summary, web summary, ledger export check); the rest is
the file. None of them has an expected error: the dossier and the web page summarise anything
("not a JSON result" at worst) and ``check_export`` reports problems in its result. Anything
escaping is a crash.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fuzz._common import instrumented, main

with instrumented():
    from senim.ledger.chain import check_export
with instrumented("senim.web.app", "senim.registry.services", "senim.law", "senim.profile"):
    from senim.i18n import translator
    from senim.reports.dossier import EvidenceRef, summarise_machine_result
    from senim.web.routes_systems import summarize_json

_EV = EvidenceRef(
    "ev-1", "machine_result", "fuzzed", None, "result.json", "application/json", None,
    dt.datetime(2026, 1, 1, tzinfo=dt.UTC), None, None, (),
)  # fmt: skip
_GETTEXT = {lang: translator(lang) for lang in ("kk", "ru", "en")}
_PUBLIC_KEY = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="


def test_one_input(data: bytes) -> None:
    if not data:
        return
    mode, body = data[0] % 3, data[1:]
    if mode == 0:
        summarise_machine_result(_EV, body, _GETTEXT[("kk", "ru", "en")[data[0] // 3 % 3]])
    elif mode == 1:
        summarize_json(body)
    else:
        lines = io.TextIOWrapper(io.BytesIO(body), encoding="utf-8")  # as the command opens the file
        try:
            check_export(iter(lines), public_key=_PUBLIC_KEY if data[0] & 0x80 else None)
        except UnicodeDecodeError:  # the command reports it as an unreadable file
            return


if __name__ == "__main__":
    main(test_one_input)
