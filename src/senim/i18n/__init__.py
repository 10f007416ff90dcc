"""Translations of user-facing strings (kk, ru, en) from gettext ``.po`` catalogs.

The catalogs live in ``locales/<lang>/LC_MESSAGES/*.po`` (``senim.po`` plus one per part of the
application, merged) and are edited with any gettext tool.
They are read directly (a small parser for the subset we use: ``msgid``/``msgstr`` with string
continuation lines), so no compilation step is needed at install time.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from functools import cache
from pathlib import Path

__all__ = ["LANGS", "gettext", "gettext_format", "translator"]

LANGS = ("kk", "ru", "en")
_DIR = Path(__file__).with_name("locales")


def _unquote(text: str) -> str:
    value = ast.literal_eval(text)  # a Python string literal is a superset of a PO string
    if not isinstance(value, str):
        raise ValueError(f"not a string: {text!r}")
    return value


def parse_po(text: str) -> dict[str, str]:
    """Parse ``msgid``/``msgstr`` pairs; empty translations are left out."""
    out: dict[str, str] = {}
    key: str | None = None
    current: list[str] | None = None
    msgid: list[str] = []
    msgstr: list[str] = []

    def flush() -> None:
        if msgid or msgstr:
            k, v = "".join(msgid), "".join(msgstr)
            if k and v:
                out[k] = v

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [_unquote(line[6:])], []
            key, current = "msgid", msgid
        elif line.startswith("msgstr "):
            msgstr = [_unquote(line[7:])]
            key, current = "msgstr", msgstr
        elif line.startswith('"') and current is not None:
            current.append(_unquote(line))
        else:
            raise ValueError(f"unsupported PO line: {raw!r}")
    del key
    flush()
    return out


@cache
def _catalog(lang: str) -> dict[str, str]:
    """Every catalog of ``lang`` merged: ``senim.po`` (CLI, assessments) and one catalog per part
    of the application (``web.po``, ``reports.po`` …), read in name order, later ones winning."""
    folder = _DIR / lang / "LC_MESSAGES"
    merged: dict[str, str] = {}
    for path in sorted(folder.glob("*.po")):
        merged.update(parse_po(path.read_text(encoding="utf-8")))
    return merged


def gettext(message: str, lang: str) -> str:
    """``message`` (English source text) in ``lang``; the source text when untranslated."""
    if lang == "en":
        return message
    return _catalog(lang).get(message, message)


def gettext_format(message: str, lang: str, **values: object) -> str:
    """``message`` (an English template with named placeholders) in ``lang``, then filled in.

    Placeholders are filled after translation, so each language orders them as its grammar needs;
    in English the result is the template filled in.
    """
    return gettext(message, lang).format(**values)


def translator(lang: str) -> Callable[[str], str]:
    """A ``_()`` function bound to ``lang``."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}: use kk, ru or en")

    def _(message: str) -> str:
        return gettext(message, lang)

    return _
