"""Rule-pack YAML: ``load_pack_file`` on the bytes as a pack file next to a small base version it may
extend (``extends: "2026-01-01"``); a pack that compiles is then evaluated against a fixed profile.

Expected: :class:`senim.law.PackError`. Anything else escaping (also from evaluating a pack that
loaded) is a crash.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fuzz._common import ROOT, instrumented, main, write

with instrumented():
    from senim.law import PackError, assess_compiled, load_pack_file
    from senim.profile.io import load_profile

_BASE = (ROOT / "fuzz" / "data" / "demo-pack.yaml").read_bytes()
_PROFILE = load_profile(ROOT / "examples" / "profiles" / "credit-scoring.yaml")


def test_one_input(data: bytes) -> None:
    write("packs/demo/2026-01-01.yaml", _BASE)
    path = write("packs/demo/fuzzed.yml", data)  # .yml: the file-name-is-the-version check is skipped
    try:
        pack = load_pack_file(path)
    except PackError as exc:
        str(exc)
        return
    for day in (dt.date(2024, 1, 1), dt.date(2026, 6, 1), dt.date(2030, 1, 1)):
        for lang in ("kk", "ru", "en"):
            assess_compiled(_PROFILE, [pack], as_of=day, lang=lang).to_dict()


if __name__ == "__main__":
    main(test_one_input)
