"""Phone numbers (``PHONE_NUMBER``): the Kazakhstan numbering plan and international E.164.

Candidates come from the engine's ASCII regexes; here they are checked against the numbering
plan. Kazakh mobile numbers are checked against the operator codes listed in the registry
(``mobile_codes``: 700, 701, 702, 705-708, 747, 760-764, 771, 775-778, 785); other ``+7 7…``
numbers (landlines, ``+7 7172 …`` Astana) and international numbers are checked with
``phonenumbers``. ``phonenumbers.parse`` backtracks badly on crafted text (``tel:…;phone-context=``),
so it only ever sees a ``+`` followed by at most 15 ASCII digits built here.

International ``+`` numbers: a number ``phonenumbers`` calls valid is reported on its own
(``intl_phone``); one it only calls *possible* (right length for the country, unassigned or
fictional range such as ``+44 7700 9…``) is reported by a second detector that requires a phone
word (``possible_only``). A trunk ``(0)`` after the country code (``+41 (0)96 …``) and an
extension (``x123``, ``ext. 12``) are not part of the E.164 number.

The ``+7`` plan is shared by Kazakhstan (national numbers ``6xx``/``7xx``) and Russia (area codes
``3xx``, ``4xx``, ``8xx``, mobiles ``9xx``), both dialled nationally with the trunk prefix ``8``:
the Kazakh validator also takes the Russian plan when asked (``plans: [kz, ru]``; ``8 499 863 …``
Moscow), and numbers written with the area code in brackets and no prefix (``(727) 284-37-52``
Almaty, ``(7172) 55-12-34`` Astana) are checked against the same plans (ten national digits).

A number right after a number sign (``№``, ``No.``, ``Nr.``, ``#``) is a document, order or
application number (``№ 32234625 өтінім``), not a phone, unless a phone word stands right before
the sign (``тел. №``, ``Phone No.``): the validators of numbers without ``+`` reject it.

A number glued to letters and a hyphen (``CALL-38765265``, ``INV-2024-5512345``, ``KZ-7012345678``)
is the number part of an identifier code (ticket, call, invoice, case), not a phone, even when the
letters are a phone word (``CALL``): the validators of numbers without ``+`` reject it (only the
phone abbreviations ``тел-``/``tel-``/``моб-``/``mob-`` keep it: :func:`in_identifier_code`).

National numbers without ``+`` (``905-674-3793``, ``0490 75 40 81``, ``(37) 788-063``) have no
country to check against: the detector requiring a phone word hands them to
:func:`make_national_phone_validator`, which checks only shape (7-15 digits), rejects dates,
times, money and anything shaped like a Kazakh number (the numbering-plan detectors decide
those), and reports a moderate, never validated score.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Final

import phonenumbers

from senim.privacy.detectors.base import Validator, Verdict, param_float, param_strings

__all__ = [
    "MAX_E164_DIGITS",
    "digits_only",
    "in_identifier_code",
    "is_valid_e164",
    "kz_national_number",
    "make_intl_phone_validator",
    "make_kz_phone_validator",
    "make_national_phone_validator",
    "plus7_national_number",
    "split_extension",
]

#: E.164 allows at most 15 digits (country code included).
MAX_E164_DIGITS: Final = 15
_SEPARATORS: Final = str.maketrans("", "", " ()-.+")


#: Fewest and most digits of a national number without ``+`` (extension excluded).
MIN_NATIONAL_DIGITS: Final = 7
#: Most digits of a national number written as one run, without separators.
MAX_RUN_DIGITS: Final = 11
_EXTENSION: Final = re.compile(r"\s?(?:x|ext\.?\s?)[0-9]{1,6}\Z", re.ASCII | re.IGNORECASE)
#: dd.mm.yyyy / yyyy-mm-dd (and d/m/yyyy): a date, never a phone number.
_DATE: Final = re.compile(
    r"(?:[0-9]{1,2}([./-])[0-9]{1,2}\1(?:19|20)[0-9]{2}|(?:19|20)[0-9]{2}([./-])[0-9]{1,2}\2[0-9]{1,2})(?![0-9])",
    re.ASCII,
)
#: A digit, ``+`` or ``)`` right before the candidate (one space or dash between allowed), or a glued
#: ``:``/``.``/``,`` (a time, a decimal, a dotted run).
_TAIL_BEFORE: Final = re.compile(r"[0-9+)][ -]?\Z|[:.,]\Z")
#: A country code or trunk prefix right before a bracketed area code (``+7 (``, ``8(``).
_PREFIX_BEFORE: Final = re.compile(r"[0-9+][ -]?\Z")
_DOTTED_AFTER: Final = re.compile(r"[.,][0-9]")
#: ``8 7xx …``, ``7 7xx …`` (11 digits) and ``8 10 7 7xx …``: the Kazakh detectors' numbers.
_KZ_SHAPED: Final = re.compile(r"(?:[78]7[0-9]{9}|8107[0-9]{10})\Z")
_CURRENCY_BEFORE: Final = frozenset("$€£¥₸₽")
#: A number sign right before a candidate (spaces, a colon or a dot between allowed): ``№``, ``N°``,
#: ``No.``, ``Nr.``, ``#``; ``no``/``nr`` only as a word of their own.
_NUMBER_SIGN: Final = re.compile(
    r"(?:[№#]|(?<![^\W\d_])(?:n[°º]|no\.?|nr\.?))[ \t]*[:.]?[ \t]*\Z", re.IGNORECASE
)
#: A phone word right before a number sign (``тел. №``, ``Phone No.``, ``WhatsApp #``): the number is
#: a phone after all.
_PHONE_WORD_BEFORE_SIGN: Final = re.compile(
    r"(?<![^\W\d_])(?:тел|телефон[^\W\d_]*|моб|мобильн[^\W\d_]*|сот|сотов[^\W\d_]*|факс|ұялы|байланыс|"
    r"tel|telephone|phone|mob|mobile|cell|fax|contact|whatsapp)\.?[ \t]*[:.]?[ \t]*\Z",
    re.IGNORECASE,
)
#: Look-behind length for the number sign and the phone word before it.
_SIGN_WINDOW: Final = 40
#: The last character of every number sign _NUMBER_SIGN matches, once blanks, ":" and "." are off.
_SIGN_LAST: Final = frozenset("№#°ºoOrR")
#: Letters glued to a hyphen right before a candidate: the code part of an identifier.
_CODE_BEFORE: Final = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,12})-\Z")
#: Letters before a hyphen that abbreviate a phone word ("тел-8 701 …"): no identifier code.
_PHONE_ABBREVIATIONS: Final = frozenset({"тел", "tel", "моб", "mob", "ph", "т", "t"})
_PLANS: Final = frozenset({"kz", "ru"})
#: First digits of a national number of the Russian plan behind ``+7``/``8``.
_RU_LEADS: Final = frozenset("3489")
_CURRENCY_AFTER: Final = re.compile(
    r"\s?(?:[$€£¥₸₽%]|(?:тг|тенге|теңге|kzt|usd|eur|rub|руб|рублей|долл|dollars?|euros?|sum|сум)(?![^\W\d_]))",
    re.IGNORECASE,
)


def digits_only(candidate: str) -> str:
    """The digits of an ASCII phone candidate (drops ``+``, spaces, brackets, dashes and dots)."""
    return candidate.translate(_SEPARATORS)


def split_extension(candidate: str) -> tuple[str, str]:
    """``(number, extension)`` of a candidate ending in ``x123`` / ``ext. 12`` (else ``(candidate, "")``)."""
    match = _EXTENSION.search(candidate)
    if match is None:
        return candidate, ""
    return candidate[: match.start()], candidate[match.start() :]


def plus7_national_number(candidate: str) -> str | None:
    """The 10-digit national number of a ``+7``/``8``/``8 10 7`` or bare candidate (either plan)."""
    digits = digits_only(candidate)
    if len(digits) == 10:
        return digits
    if len(digits) == 11 and digits[0] in "78":
        return digits[1:]
    if len(digits) == 14 and digits.startswith("8107"):
        return digits[4:]
    return None


def kz_national_number(candidate: str) -> str | None:
    """The 10-digit national number of a ``+7``/``8``/``8 10 7`` or bare candidate, if it has one."""
    national = plus7_national_number(candidate)
    return national if national is not None and national[0] == "7" else None


def after_number_sign(value: str, start: int) -> bool:
    """Whether ``value[start:]`` follows a number sign (``№``, ``No.``, ``#``) with no phone word before it.

    ``№ 32234625``, ``order #4471234``, ``Application No. 5512345``: a document number. ``тел. № …``,
    ``Phone No.: …``: a phone number all the same.
    """
    head = value[max(start - _SIGN_WINDOW, 0) : start]
    tail = head.rstrip(" \t:.")
    if not tail or tail[-1] not in _SIGN_LAST:
        return False  # the common case, without a regex search
    sign = _NUMBER_SIGN.search(head)
    if sign is None:
        return False
    return _PHONE_WORD_BEFORE_SIGN.search(head, 0, sign.start()) is None


def in_identifier_code(value: str, start: int) -> bool:
    """Whether ``value[start:]`` follows letters glued to a hyphen (``CALL-``, ``INV-``, ``KZ-``).

    Such a number is the numeric part of an identifier code (``CALL-38765265``, ``CL-2024-…``), not a
    phone, whatever the letters say; the phone abbreviations ``тел-``, ``tel-``, ``моб-``, ``mob-``
    excepted.
    """
    if start < 2 or value[start - 1] != "-" or not value[start - 2].isalpha():
        return False  # the common case, without a regex search
    m = _CODE_BEFORE.search(value, max(start - 14, 0), start)
    return m is not None and m.group(1).lower() not in _PHONE_ABBREVIATIONS


@cache
def _ru_valid(national: str) -> bool:
    """Whether ``+7`` + ``national`` is a valid number of the Russian plan (``phonenumbers``)."""
    return national[:1] in _RU_LEADS and is_valid_e164("7" + national)


def is_valid_e164(digits: str) -> bool:
    """True when ``+digits`` is a valid number for its country (``phonenumbers`` metadata).

    Only digit strings of 8-15 digits are parsed: the input can never trigger the parser's slow
    paths.
    """
    if not (8 <= len(digits) <= MAX_E164_DIGITS) or not digits.isascii() or not digits.isdigit():
        return False
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


#: The number types ``phonenumbers`` reports for a valid Kazakh number other than ``MOBILE``.
_KZ_NON_MOBILE_TYPES: Final = (
    "fixed_line",
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)


def _matches_desc(desc: phonenumbers.PhoneNumberDesc | None, national: str) -> bool:
    """Whether ``national`` has one of ``desc``'s lengths and matches its whole pattern."""
    if desc is None or desc.national_number_pattern is None:
        return False
    lengths = desc.possible_length or ()
    if lengths and lengths != (-1,) and len(national) not in lengths:
        return False
    return re.fullmatch(desc.national_number_pattern, national) is not None


@cache  # at most 100,000 keys: a Kazakh national number starts with 7
def _kz_landline_prefix_ok(prefix6: str) -> bool:
    """Whether ``+7`` + ``prefix6`` + ``0000`` is a valid Kazakh non-mobile number.

    The Kazakh plan fixes the length (10 national digits) and decides by prefix, so the answer for
    a 6-digit prefix serves every number behind it. It is read from ``phonenumbers``' own metadata
    for region KZ (the region of ``+7`` numbers its leading digits match; the national pattern and
    one of the non-mobile type patterns, as ``is_valid_number`` and ``number_type`` decide), about
    2 µs a prefix instead of the 100-250 µs of ``parse`` + ``is_valid_number`` + ``number_type``;
    the two agree on all 100,000 prefixes ``7xxxxx`` (tested on a sample against the library calls).
    """
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("KZ")
    national = prefix6 + "0000"
    if metadata is None or not (prefix6.isascii() and prefix6.isdigit() and len(prefix6) == 6):
        return False
    if metadata.leading_digits is not None and re.match(metadata.leading_digits, national) is None:
        return False
    if not _matches_desc(metadata.general_desc, national):
        return False
    return any(_matches_desc(getattr(metadata, kind), national) for kind in _KZ_NON_MOBILE_TYPES)


def make_kz_phone_validator(params: Mapping[str, object]) -> Validator:
    """Validator for numbers of the ``+7`` plan (``+7 7xx``, ``8 7xx``, ``8 10 7 7xx``, bare ``7xx``).

    Parameters: ``score``; ``mobile_codes`` (3-digit Kazakh operator codes accepted without a
    lookup); ``landline_score`` for other numbers that ``phonenumbers`` confirms in region KZ (and
    for Russian numbers); ``mobile_only`` (true: nothing but operator codes, for bare 10-digit
    candidates); ``plans`` (``kz`` and/or ``ru``, default ``[kz]``: with ``ru``, national numbers
    ``3xx``/``4xx``/``8xx``/``9xx`` valid in the Russian plan are accepted too; without ``kz``, only
    those). A candidate without ``+`` right after a number sign (``№ 87011234567``) is rejected
    unless a phone word stands before the sign; so is one glued to an identifier code's letters and
    hyphen (``KZ-87011234567``, :func:`in_identifier_code`), and one whose bracketed area code follows a
    digit or ``+`` (the tail of a longer number).
    """
    score = param_float(params, "score", 0.8)
    landline_score = param_float(params, "landline_score", score)
    plans = frozenset(param_strings(params, "plans", ("kz",)))
    if not plans or not plans <= _PLANS:
        raise ValueError("parameter 'plans' must list 'kz' and/or 'ru'")
    codes = frozenset(param_strings(params, "mobile_codes"))
    if ("kz" in plans and not codes) or any(len(c) != 3 or not c.isdigit() for c in codes):
        raise ValueError("parameter 'mobile_codes' must list 3-digit operator codes")
    mobile_only = bool(params.get("mobile_only", False))
    kz, ru = "kz" in plans, "ru" in plans
    mobile = Verdict(score, True)
    landline = Verdict(landline_score, True)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        national = plus7_national_number(value[start:end])
        if national is None:
            return None
        if value[start] != "+":
            if after_number_sign(value, start) or in_identifier_code(value, start):
                return None
            if value[start] == "(" and _PREFIX_BEFORE.search(value, max(start - 2, 0), start):
                return None  # "+7 (727) 284…" seen from its bracket: the tail of a longer number
        if national[0] != "7":
            return landline if ru and not mobile_only and _ru_valid(national) else None
        if not kz:
            return None
        if national[:3] in codes:
            return mobile
        if mobile_only or not _kz_landline_prefix_ok(national[:6]):
            return None  # also a mobile range whose operator code the registry does not list
        return landline

    return validate


def is_possible_e164(digits: str) -> bool:
    """True when ``+digits`` has a possible length for its country (``phonenumbers`` metadata).

    Weaker than :func:`is_valid_e164`: unassigned and fictional ranges pass. Same input guard.
    """
    if not (8 <= len(digits) <= MAX_E164_DIGITS) or not digits.isascii() or not digits.isdigit():
        return False
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_possible_number(number))


def _intl_digits(candidate: str) -> str:
    """E.164 digits of a ``+`` candidate: extension and a trunk ``(0)`` dropped."""
    number, _ = split_extension(candidate)
    return digits_only(number.replace("(0)", ""))


def make_intl_phone_validator(params: Mapping[str, object]) -> Validator:
    """Validator for ``+`` international numbers; ``+7 7…`` is left to the Kazakh detector.

    Parameters: ``score``; ``possible_only`` (true: accept, unvalidated, the numbers that
    ``phonenumbers`` finds possible but not valid; meant for a detector that requires context).
    """
    possible_only = bool(params.get("possible_only", False))
    verdict = Verdict(param_float(params, "score", 0.75), not possible_only)

    def validate(value: str, start: int, end: int) -> Verdict | None:
        digits = _intl_digits(value[start:end])
        if digits.startswith("77"):
            return None
        if is_valid_e164(digits):
            return None if possible_only else verdict
        if possible_only and is_possible_e164(digits):
            return verdict
        return None

    return validate


def make_national_phone_validator(params: Mapping[str, object]) -> Validator:
    """Validator for numbers written without ``+`` (only run next to a phone word or in a phone column).

    Accepts 7-15 digits (an extension aside) that are not a date, a time, an amount of money,
    a ``+`` number's tail, a number right after a number sign (:func:`after_number_sign`) or in an
    identifier code (:func:`in_identifier_code`), or a
    Kazakh-shaped number (``8 7xx…``, ``7xx…``: the numbering-plan
    detectors accept or reject those). Never validated. Parameters: ``score``.
    """
    verdict = Verdict(param_float(params, "score", 0.65), False)
    max_digits = MAX_E164_DIGITS

    def validate(value: str, start: int, end: int) -> Verdict | None:
        candidate = value[start:end]
        if after_number_sign(value, start):
            return None  # "№ 32234625", "order #4471234": a document number
        if in_identifier_code(value, start):
            return None  # "CALL-38765265", "INV-2024-5512345": an identifier code
        before = value[max(start - 2, 0) : start]
        after = value[end : end + 2]
        if _TAIL_BEFORE.search(before) or after[:1] == ":" or _DOTTED_AFTER.match(after):
            return None  # the tail of a longer or + number, a time, a decimal, a dotted run
        if (before and before[-1] in _CURRENCY_BEFORE) or _CURRENCY_AFTER.match(value, end, end + 12):
            return None
        number, _ = split_extension(candidate)
        digits = digits_only(number)
        if not (MIN_NATIONAL_DIGITS <= len(digits) <= max_digits) or not digits.isdigit():
            return None
        if _DATE.match(number) or _KZ_SHAPED.match(digits):
            return None
        if len(digits) > MAX_RUN_DIGITS and digits == number:
            return None  # one long run of digits: an order, account or ID number
        return verdict

    return validate
