"""Decision notices: one decision explained to the person it concerns, in Kazakh, Russian or English.

A notice tells the person, in short sentences without technical terms:

* the decision and the date;
* that an artificial intelligence system helped to make it, and their right to learn how it works,
  which data it used and how to object (KZ AI law Art. 7(2), Art. 16(1)(4) and (5); EU AI Act
  Art. 86 gives a similar right to an explanation of high-risk decisions);
* the main factors for and against — the ``top`` attributions with the largest absolute SHAP
  value, each with its direction in words ("Income (your value: 250,000) made the outcome
  “approved” more likely");
* which of their data were used;
* how to ask for a review by a person and how to object: the channels, contact and time limit from
  the system's profile, or — when the profile does not give them — a plain sentence sending the
  person to the organisation's official channels. Contacts are never invented. The complaint route
  to the authorised state body for AI and to the courts is always stated;
* the organisation, a notice number (a random UUID) and the SHA-256 of the notice's text.

The texts live in ``templates/notice.messages.<lang>.json`` (stable keys, one file per language),
the layout in ``templates/notice.<lang>.txt.j2`` and ``templates/notice.html.j2`` (Jinja2; the HTML
is auto-escaped, so names from the data cannot inject markup; it has a ``lang`` attribute, a
heading structure and no external assets).

Verification
------------
The hash covers the notice's *body* — everything above the footer that prints the hash — in a
canonical form: the visible text, Unicode NFC, split into words at white space, with list and
underline markers (tokens made only of ``- = _ * • – — #``) left out, joined by single spaces.
Re-wrapping, indentation and the choice of text or HTML therefore do not change the hash; any
change to a word, number, name or punctuation mark does. :func:`verify_notice` recomputes it
from a text or HTML notice. The text and HTML forms of one notice have the same hash (checked
when the notice is made).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
import textwrap
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from senim.audits.errors import AuditInputError
from senim.audits.explain import Attribution, RowExplanation

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = [
    "LANGS",
    "SCHEMA",
    "DecisionNotice",
    "canonical_text",
    "decision_notice",
    "notice_messages",
    "verify_notice",
]

LANGS = ("kk", "ru", "en")
SCHEMA = "senim/decision-notice/v1"
TEMPLATES = Path(__file__).with_name("templates")
SEPARATOR = "_" * 60
"""The line that ends the hashed body of a text notice."""
_WIDTH = 78
_DECORATION = re.compile(r"^[-=_*•–—#]+$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class DecisionNotice:
    """A decision notice in one language.

    Attributes
    ----------
    id
        Notice number (UUID 4), printed in the notice.
    lang
        ``kk``, ``ru`` or ``en``.
    text, html
        The notice as plain text and as a self-contained HTML page.
    sha256
        SHA-256 (hex) of the canonical body, printed at the bottom of both forms.
    data
        The facts the notice states (JSON-able, schema ``senim/decision-notice/v1``) for the ledger.
    """

    id: str
    lang: str
    text: str
    html: str
    sha256: str
    data: dict[str, Any]


# --------------------------------------------------------------------------- messages and templates


@cache
def notice_messages(lang: str) -> dict[str, Any]:
    """The notice texts of ``lang`` (from ``templates/notice.messages.<lang>.json``).

    Raises
    ------
    AuditInputError
        For a language other than ``kk``, ``ru``, ``en``.
    """
    if lang not in LANGS:
        raise AuditInputError(f"unsupported notice language {lang!r}; expected one of {', '.join(LANGS)}")
    data: dict[str, Any] = json.loads(
        (TEMPLATES / f"notice.messages.{lang}.json").read_text(encoding="utf-8")
    )
    return data


def _wrap(text: str, indent: int = 0) -> str:
    return textwrap.fill(
        text,
        width=_WIDTH,
        subsequent_indent=" " * indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _rule(text: str, char: str) -> str:
    return char * max(3, min(len(text), _WIDTH))


@cache
def _env() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=lambda name: name is not None and name.endswith(".html.j2"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wrap"] = _wrap
    env.filters["rule"] = _rule
    return env


# --------------------------------------------------------------------------- formatting


def _scalar(value: Any) -> Any:
    """A NumPy scalar as the Python scalar it holds."""
    return value.item() if isinstance(value, np.generic) else value


def _clean(value: Any) -> str:
    """One line of text: control characters and runs of white space become one space."""
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in str(value))
    return _SPACE.sub(" ", text).strip()


def _localized(value: Any, lang: str) -> str | None:
    """A text field of the profile: a string, or a mapping ``{lang: text}``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Mapping):
        if any(k in value for k in LANGS):
            chosen = value.get(lang) or value.get("en") or next((v for v in value.values() if v), None)
            return _localized(chosen, lang)
        parts = [f"{_clean(k)}: {_clean(v)}" for k, v in value.items() if v not in (None, "")]
        return "; ".join(parts) or None
    if isinstance(value, (list, tuple)):
        parts = [p for p in (_localized(v, lang) for v in value) if p]
        return "; ".join(parts) or None
    text = _clean(value).rstrip(".")
    return text or None


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return sep.join(reversed(out))


def format_value(value: Any, lang: str) -> str:
    """A data value as the person reads it: grouped thousands, a local decimal mark, few decimals."""
    m = notice_messages(lang)
    value = _scalar(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return str(m["missing_value"])
    if isinstance(value, bool):
        return str(m["yes"] if value else m["no"])
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            return str(m["missing_value"])
        if isinstance(value, int) or (number.is_integer() and abs(number) < 1e15):
            digits = _group(str(abs(int(number))), str(m["thousands"]))
            return ("-" if number < 0 else "") + digits
        if abs(number) >= 100:
            decimals = 0
        elif abs(number) >= 1:
            decimals = 2
        else:
            decimals = max(2, 2 - math.floor(math.log10(abs(number))))
        text = f"{abs(number):.{decimals}f}".rstrip("0").rstrip(".")
        whole, _, frac = text.partition(".")
        out = _group(whole, str(m["thousands"])) + (str(m["decimal"]) + frac if frac else "")
        return ("-" if number < 0 else "") + out
    return _clean(value)


def format_date(day: date, lang: str) -> str:
    """A date in words, e.g. ``26 November 2026``, ``26 ноября 2026 г.``, ``2026 жылғы 26 қараша``."""
    m = notice_messages(lang)
    return str(m["date_format"]).format(day=day.day, month=m["months"][day.month - 1], year=day.year)


def _label(value: Any, labels: Mapping[str, str] | None) -> str:
    value = _scalar(value)
    keys = [str(value)]
    if isinstance(value, float) and value.is_integer():
        keys.append(str(int(value)))
    if isinstance(value, bool):
        keys.append(str(int(value)))
    for key in keys:
        if labels and key in labels:
            return _clean(labels[key])
    return _clean(value)


def _days_word(days: int, lang: str) -> str:
    m = notice_messages(lang)
    if lang == "ru":  # "в течение 1 дня / 21 дня", "в течение 5 дней / 30 дней"
        key = "days_one" if days % 10 == 1 and days % 100 != 11 else "days_many"
    else:
        key = "days_one" if days == 1 else "days_many"
    return str(m[key])


# --------------------------------------------------------------------------- canonical text and hash


def canonical_text(text: str) -> str:
    """The canonical form that is hashed (see the module docstring)."""
    words = unicodedata.normalize("NFC", text).split()
    return " ".join(w for w in words if not _DECORATION.match(w))


def _digest(body: str) -> str:
    return hashlib.sha256(canonical_text(body).encode("utf-8")).hexdigest()


class _BodyText(HTMLParser):
    """Collects the text inside the element with ``id="notice-body"``."""

    _VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    )
    _BLOCK = frozenset(
        {
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "ul",
            "ol",
            "div",
            "section",
            "main",
            "header",
            "footer",
            "table",
            "tr",
            "td",
            "th",
            "dl",
            "dt",
            "dd",
            "br",
            "article",
            "nav",
            "pre",
            "blockquote",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.found = False
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            if not self.found and dict(attrs).get("id") == "notice-body":
                self.found = True
                self.depth = 1
            return
        if tag in ("script", "style", "template"):
            self.skip += 1
        if tag in self._BLOCK:
            self.parts.append(" ")
        if tag not in self._VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 0:
            return
        if tag in ("script", "style", "template") and self.skip:
            self.skip -= 1
        if tag in self._BLOCK:
            self.parts.append(" ")
        if tag not in self._VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth > 0 and not self.skip:
            self.parts.append(data)


def _body_of_html(html: str) -> str | None:
    parser = _BodyText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts) if parser.found else None


def _body_of_text(text: str) -> str:
    lines = text.splitlines()
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip() == SEPARATOR:
            return "\n".join(lines[:i])
    return "\n".join(line for line in lines if not line.strip().startswith("SHA-256:"))


def _looks_like_html(document: str) -> bool:
    head = document.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or 'id="notice-body"' in document


def verify_notice(text_or_html: str, sha256: str) -> bool:
    """Whether a text or HTML notice still has the given SHA-256 (its body has not been changed).

    Parameters
    ----------
    text_or_html
        The notice as received (plain text or HTML).
    sha256
        The hash recorded when the notice was issued (e.g. in the ledger), hex.

    Returns
    -------
    bool
        ``True`` when the canonical body hashes to ``sha256``; ``False`` otherwise, also when the
        document has no notice body or the hash is malformed.
    """
    expected = sha256.strip().lower()
    if not _HEX64.match(expected):
        return False
    if _looks_like_html(text_or_html):
        body = _body_of_html(text_or_html)
        if body is None:
            return False
    else:
        body = _body_of_text(text_or_html)
    return hmac.compare_digest(_digest(body), expected)


# --------------------------------------------------------------------------- the notice


def _organisation(system: Mapping[str, Any], lang: str) -> str | None:
    for key in ("owner", "organisation", "organization"):
        value = system.get(key)
        if isinstance(value, Mapping) and "name" in value:
            value = value["name"]
        text = _localized(value, lang)
        if text:
            return text
    return None


def _deadline(system: Mapping[str, Any], lang: str) -> tuple[int | None, str | None]:
    for key in ("deadline_days", "review_deadline_days"):
        value = system.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value, None
    value = system.get("deadline")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value, None
    return None, _localized(value, lang)


def _factors(attributions: Sequence[Attribution], top: int) -> tuple[list[Attribution], list[Attribution]]:
    ranked = sorted(
        (a for a in attributions if math.isfinite(a.contribution) and a.contribution != 0.0),
        key=lambda a: (-abs(a.contribution), a.feature),
    )[:top]
    return [a for a in ranked if a.contribution > 0], [a for a in ranked if a.contribution < 0]


def decision_notice(
    explanation: RowExplanation,
    *,
    lang: Literal["kk", "ru", "en"],
    system: dict[str, Any] | None,
    outcome_labels: dict[str, str] | None = None,
    personal_data: Sequence[str] = (),
    top: int = 3,
    feature_labels: dict[str, str] | None = None,
    issued: date | None = None,
) -> DecisionNotice:
    """Write the notice of one decision for the person it concerns.

    Parameters
    ----------
    explanation
        The decision's :class:`~senim.audits.explain.RowExplanation`.
    lang
        ``kk``, ``ru`` or ``en``.
    system
        Facts about the AI system, e.g. from the registry or profile. Keys read (all optional; a
        text may be a string or a mapping ``{"kk": ..., "ru": ..., "en": ...}``): ``name``,
        ``owner`` / ``organisation`` / ``organization`` (a string or ``{"name": ...}``, as in the
        profile), ``purpose``, ``contact`` (a string or a mapping such as ``{"email": ...,
        "phone": ...}``), ``human_review`` (how to ask for a review by a person), ``objection``
        (how to object), ``deadline_days`` (an integer) or ``deadline`` (days or a text).
    outcome_labels
        Words for the model's outcomes, keyed by the outcome as a string, e.g.
        ``{"1": "approved", "0": "declined"}``; the outcome itself is shown otherwise.
    personal_data
        The person's data the decision used (column names or descriptions, shown through
        ``feature_labels``); by default the model's features from the explanation.
    top
        How many factors to state (largest absolute contribution first).
    feature_labels
        Display names of features, e.g. ``{"income": "Monthly income"}``.
    issued
        Date of the notice (default: today, UTC).

    Returns
    -------
    DecisionNotice

    Raises
    ------
    AuditInputError
        For an unsupported language or ``top`` < 1.
    """
    m = notice_messages(lang)
    if top < 1:
        raise AuditInputError(f"top must be at least 1, got {top}")
    info: Mapping[str, Any] = system or {}
    labels = feature_labels or {}
    notice_id = str(uuid.uuid4())
    day = issued or datetime.now(UTC).date()

    def name_of(feature: str) -> str:
        return _clean(labels.get(feature, feature)) or _clean(feature)

    outcome = _label(explanation.outcome, outcome_labels)
    target = (
        _label(explanation.explained_class, outcome_labels)
        if explanation.explained_class is not None
        else None
    )
    org = _organisation(info, lang)
    system_name = _localized(info.get("name"), lang)
    purpose = _localized(info.get("purpose"), lang)
    contact = _localized(info.get("contact"), lang)
    human_review = _localized(info.get("human_review"), lang)
    objection = _localized(info.get("objection"), lang)
    days, deadline_text = _deadline(info, lang)
    up, down = _factors(explanation.attributions, top)

    def factor(a: Attribution, direction: str) -> str:
        key = f"factor_{direction}" + ("" if target is not None else "_value")
        return str(m[key]).format(
            feature=name_of(a.feature), value=format_value(a.value, lang), target=target
        )

    sections: list[dict[str, Any]] = []

    def section(ident: str, heading: str, blocks: list[dict[str, Any]]) -> None:
        sections.append({"id": ident, "heading": heading, "blocks": blocks})

    def p(text: str) -> dict[str, Any]:
        if text.endswith("..") and not text.endswith("..."):  # "… 2026 г.." → "… 2026 г."
            text = text[:-1]
        return {"kind": "p", "text": text}

    section(
        "decision",
        m["h_decision"],
        [p(m["decision"].format(outcome=outcome)), p(m["date"].format(date=format_date(day, lang)))],
    )
    ai_blocks = [p(m["ai_used"])]
    if system_name:
        ai_blocks.append(p(m["ai_system"].format(system=system_name)))
    if purpose:
        ai_blocks.append(p(m["ai_purpose"].format(purpose=purpose)))
    ai_blocks.append(p(m["ai_rights"]))
    section("ai", m["h_ai"], ai_blocks)

    factor_blocks: list[dict[str, Any]] = []
    if up or down:
        factor_blocks.append(p(m["factors_intro"]))
        suffix = "" if target is not None else "_value"
        if up:
            factor_blocks.append({"kind": "h3", "text": m["h_for" + suffix].format(target=target)})
            factor_blocks.append({"kind": "ul", "entries": [factor(a, "up") for a in up]})
        if down:
            factor_blocks.append({"kind": "h3", "text": m["h_against" + suffix].format(target=target)})
            factor_blocks.append({"kind": "ul", "entries": [factor(a, "down") for a in down]})
    else:
        factor_blocks.append(p(m["factors_none"]))
    factor_blocks.append(p(m["factors_note"]))
    section("factors", m["h_factors"], factor_blocks)

    used = list(personal_data) or [a.feature for a in explanation.attributions]
    used_names = list(dict.fromkeys(n for n in (name_of(u) for u in used) if n))
    if used_names:
        data_blocks = [p(m["data_intro"]), {"kind": "ul", "entries": used_names}]
    else:
        data_blocks = [p(m["data_none"].format(organisation=org) if org else m["data_none_no_org"])]
    section("data", m["h_data"], data_blocks)

    review = [p(m["review_right"])]
    if human_review:
        review.append(p(m["review_how"].format(human_review=human_review)))
    if objection:
        review.append(p(m["object_how"].format(objection=objection)))
    if contact:
        review.append(p(m["contact"].format(contact=contact)))
    if not (human_review or objection or contact):
        review.append(p(m["review_generic"].format(organisation=org) if org else m["review_generic_no_org"]))
    if days is not None:
        review.append(p(m["deadline_days"].format(days=days, days_word=_days_word(days, lang))))
    elif deadline_text:
        review.append(p(m["deadline_text"].format(deadline=deadline_text)))
    else:
        review.append(
            p(m["deadline_missing"].format(organisation=org) if org else m["deadline_missing_no_org"])
        )
    review.append(p(m["authority"]))
    section("review", m["h_review"], review)

    about = []
    if org:
        about.append(p(m["org_line"].format(organisation=org)))
    about.append(p(m["notice_id"].format(id=notice_id)))
    about.append(p(m["generated"]))
    section("about", m["h_about"], about)

    context: dict[str, Any] = {
        "lang": lang,
        "title": m["title"],
        "sections": sections,
        "separator": SEPARATOR,
        "verify_hint": m["verify_hint"],
    }
    env = _env()
    draft = env.get_template(f"notice.{lang}.txt.j2").render(context, sha256="")
    body = _body_of_text(draft)
    digest = _digest(body)
    text = env.get_template(f"notice.{lang}.txt.j2").render(context, sha256=digest)
    html = env.get_template("notice.html.j2").render(context, sha256=digest)
    html_body = _body_of_html(html)
    if html_body is None or canonical_text(html_body) != canonical_text(body):
        raise RuntimeError(f"the text and HTML notice templates ({lang}) disagree; fix the templates")

    data: dict[str, Any] = {
        "schema": SCHEMA,
        "id": notice_id,
        "lang": lang,
        "issued": day.isoformat(),
        "row": explanation.row,
        "outcome": _plain(explanation.outcome),
        "outcome_label": outcome,
        "explained_class": _plain(explanation.explained_class),
        "prediction": _plain(explanation.prediction),
        "output": explanation.output,
        "factors": [
            {
                "feature": a.feature,
                "label": name_of(a.feature),
                "value": _plain(a.value),
                "contribution": _plain(a.contribution),
                "direction": "up" if a.contribution > 0 else "down",
            }
            for a in (*up, *down)
        ],
        "personal_data": used_names,
        "system": {
            "name": system_name,
            "organisation": org,
            "contact": contact,
            "human_review": human_review,
            "objection": objection,
            "deadline_days": days,
            "deadline": deadline_text,
        },
        "sha256": digest,
    }
    return DecisionNotice(id=notice_id, lang=lang, text=text, html=html, sha256=digest, data=data)


def _plain(value: Any) -> Any:
    value = _scalar(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
