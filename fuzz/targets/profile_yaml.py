"""Profile YAML: ``load_profile`` on the bytes as a file; a valid profile must survive dump and reload.

Expected: :class:`senim.profile.ProfileError` (its rendering must work too). Anything else, or a
valid profile that changes across ``dump_profile``/``parse_profile_text``, is a crash.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fuzz._common import instrumented, main, write

with instrumented():
    from senim.law.engine import flatten_profile
    from senim.profile.io import ProfileError, dump_profile, load_profile, parse_profile_text


def test_one_input(data: bytes) -> None:
    path = write("profile.yaml", data)
    try:
        profile = load_profile(path)
    except ProfileError as exc:
        str(exc)
        return
    flatten_profile(profile)
    again = parse_profile_text(dump_profile(profile), source="dumped")
    if again != profile:
        raise AssertionError("a valid profile changed across dump_profile and parse_profile_text")


if __name__ == "__main__":
    main(test_one_input)
