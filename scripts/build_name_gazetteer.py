"""Build the Russian name gazetteer shipped in ``senim.privacy.ner.data`` from pymorphy3's dictionary.

Every word form of the pymorphy3-dicts-ru dictionary (code MIT; data from OpenCorpora under
CC BY-SA 3.0, so the derived file carries that licence: see ``src/senim/privacy/ner/data/README.md``)
whose tag carries ``Name`` (given name), ``Surn`` (surname), ``Patr`` (patronymic),
``Geox`` (place) or ``Orgn`` (organisation) is written, lower-cased, to
``src/senim/privacy/ner/data/ru_names.tsv.gz``: one ``form<TAB>classes`` line per form, sorted, where
``classes`` is a subset of ``G`` (given), ``S`` (surname), ``P`` (patronymic), ``L`` (place),
``O`` (organisation) and ``c`` (the same form also has a parse that is none of these: a common word
such as *роза*, *лев*, *волков*). ``ё`` is written as ``е``. Forms that are only patronymics are left
out: their suffixes (``-ович``, ``-евна`` …) are regular, and the run-time rule matches them by shape.

All case forms come straight from the dictionary (every paradigm is iterated), so "Иванову",
"Петровной", "Сергеевичем" are found by a set lookup at run time, without a morphological analyser.

Usage::

    .venv/bin/python scripts/build_name_gazetteer.py            # write the data file
    .venv/bin/python scripts/build_name_gazetteer.py --check    # rebuild in memory, compare
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "senim" / "privacy" / "ner" / "data" / "ru_names.tsv.gz"
_CLASSES = (("Name", "G"), ("Surn", "S"), ("Patr", "P"), ("Geox", "L"), ("Orgn", "O"))
_ORDER = "GSPLOc"


def build() -> list[str]:
    """The sorted ``form<TAB>classes`` lines."""
    import pymorphy3  # type: ignore[import-untyped]

    morph = pymorphy3.MorphAnalyzer()
    dic = morph.dictionary
    # (paradigm, form index) -> class letters ("" for a common word); computed once per paradigm form.
    cache: dict[tuple[int, int], str] = {}

    def classes(para: int, idx: int) -> str:
        key = (para, idx)
        got = cache.get(key)
        if got is None:
            grammemes = set(str(dic.build_tag_info(para, idx)).replace(" ", ",").split(","))
            got = "".join(letter for tag, letter in _CLASSES if tag in grammemes)
            cache[key] = got
        return got

    forms: dict[str, set[str]] = {}
    for word, (para, idx) in dic.words.iteritems():
        cls = classes(para, idx)
        if cls:
            forms.setdefault(word, set()).update(cls)
    # second pass for the words kept: do they also have a common-word parse?
    for word, found in forms.items():
        for para, idx in dic.words[word]:
            if not classes(para, idx):
                found.add("c")
                break
    merged: dict[str, set[str]] = {}
    for word, found in forms.items():
        if len(word) < 2 or not word.replace("-", "").isalpha():
            continue
        merged.setdefault(word.replace("ё", "е"), set()).update(found)
    lines = []
    for word, found in merged.items():
        cls = "".join(ch for ch in _ORDER if ch in found)
        if cls == "P":  # patronymics alone are matched by their suffix at run time (fastnames.py)
            continue
        lines.append(f"{word}\t{cls}")
    lines.sort()
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--check", action="store_true", help="compare with the shipped file, write nothing")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    lines = build()
    data = ("\n".join(lines) + "\n").encode("utf-8")
    print(f"{len(lines)} forms in {time.perf_counter() - t0:.0f} s")
    if args.check:
        same = OUT.is_file() and gzip.decompress(OUT.read_bytes()) == data
        print("up to date" if same else "DIFFERENT from the shipped file")
        return 0 if same else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same dictionary gives a byte-identical file
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
