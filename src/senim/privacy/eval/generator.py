"""Seeded generator of realistic Kazakh, Russian and English records with gold spans.

Free text (bank statements, HR records, complaints, chat messages, medical notes, police
reports) comes from :mod:`senim.privacy.eval._templates`; table rows have the columns of a typical
client register (ФИО, ИИН, телефон, email, адрес, IBAN, карта, comment …). Every identifier is
valid by construction and every *decoy* is invalid by construction:

===============  =========================================================================
entity           how it is made
===============  =========================================================================
KZ_IIN           birth date + century/sex digit 3–6 + serial + two-pass mod-11 check digit
                 (a quarter need the second pass; some have an impossible date, as IINs
                 issued after 2013 may — still checksum-valid, still gold)
KZ_BIN           YYMM + type digit 4–6 + attribute digit 0–3 + serial + check digit
IBAN_CODE        KZ (20 characters, real bank codes) and DE/GB/NL/CH, mod-97 check digits
CREDIT_CARD      Visa, Mastercard (51–55, 2221–2720), Amex (15 digits), Mir (2200–2204), Luhn
PHONE_NUMBER     KZ mobile codes and landlines in every written format
KZ_PASSPORT      ``N`` + 8 digits, always next to a passport word
KZ_ID_CARD       9 digits, always next to an identity-card word
DATE_OF_BIRTH    a date stated as a birth date
PERSON           Kazakh (case forms, -ұлы/-қызы), Russian (case forms, initials), English
STREET_ADDRESS   street + house (+ flat); the city is outside the span
===============  =========================================================================

Decoys: 12-digit order numbers with a wrong IIN check digit, Luhn-invalid 16-digit numbers,
9-digit numbers without ID-card context, dates that are not birth dates, phones with unassigned
operator codes (703, 704, 709, 740) and IBANs with wrong check digits.

The same seed always gives the same output (one :class:`random.Random` per call, no global state).
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from senim.privacy.detectors.kz.iin_bin import check_digit
from senim.privacy.eval import _lexicon as lx
from senim.privacy.eval._templates import COMMENTS, TEMPLATES
from senim.privacy.eval.gold import GoldDoc, GoldSpan
from senim.privacy.types import LANGUAGES, Language

__all__ = [
    "TABLE_COLUMNS",
    "generate_table",
    "generate_table_docs",
    "generate_texts",
    "iban_check_digits",
    "luhn_check_digit",
    "make_bin",
    "make_iin",
]

_SLOT = re.compile(r"\{(\w+)\}")

#: Columns of :func:`generate_table`, in order.
TABLE_COLUMNS: tuple[str, ...] = (
    "ФИО",
    "ИИН",
    "дата рождения",
    "телефон",
    "email",
    "адрес",
    "IBAN",
    "карта",
    "номер заказа",
    "comment",
)


# --- check digits ----------------------------------------------------------------------------------
def luhn_check_digit(body: str) -> int:
    """The Luhn (mod 10) digit that makes ``body + digit`` valid."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = ord(ch) - 48
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def iban_check_digits(country: str, bban: str) -> str:
    """The two ISO 7064 mod-97 check digits of an IBAN with this country code and BBAN."""
    rearranged = (bban + country + "00").upper()
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def make_iin(rng: random.Random, *, kind: str = "normal") -> str:
    """A checksum-valid IIN.

    Parameters
    ----------
    rng:
        Source of randomness.
    kind:
        ``"normal"`` (real date, check digit from the first pass), ``"second_pass"`` (the first
        pass gives 10, the check digit comes from the second) or ``"no_date"`` (digits 1–6 are not a
        real date, as post-2013 numbers may be).
    """
    for _ in range(10_000):
        if kind == "no_date":
            yy = rng.randrange(100)
            if rng.random() < 0.5:
                mm, dd = rng.randint(13, 39), rng.randint(1, 28)
            else:
                mm, dd = rng.randint(1, 12), rng.randint(32, 39)
            century = rng.choice("3456")
        else:
            year = rng.randint(1935, 2023)
            mm, dd = rng.randint(1, 12), rng.randint(1, 28)
            yy = year % 100
            century = rng.choice("34" if year < 2000 else "56")
        body = f"{yy:02d}{mm:02d}{dd:02d}{century}{rng.randrange(10_000):04d}"
        first = sum(int(c) * w for c, w in zip(body, range(1, 12), strict=True)) % 11
        if (kind == "second_pass") != (first == 10):
            continue
        k = check_digit(body)
        if k is not None:
            return body + str(k)
    raise RuntimeError("could not draw an IIN")  # pragma: no cover - probability ~0


def make_bin(rng: random.Random) -> str:
    """A checksum-valid BIN: registration YYMM, type digit 4–6, attribute digit 0–3."""
    while True:
        body = (
            f"{rng.randint(1995, 2024) % 100:02d}{rng.randint(1, 12):02d}{rng.choice('456')}"
            f"{rng.choice('0123')}{rng.randrange(100_000):05d}"
        )
        k = check_digit(body)
        if k is not None:
            return body + str(k)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(string.digits, k=n))


# --- value factories -------------------------------------------------------------------------------
def _group(s: str, size: int = 4, sep: str = " ") -> str:
    return sep.join(s[i : i + size] for i in range(0, len(s), size))


def _iban_kz(rng: random.Random) -> tuple[str, str]:
    bank = rng.choice(lx.KZ_BANK_CODES)
    account = rng.choice((_digits(rng, 13), "KZT" + _digits(rng, 10), "S" + _digits(rng, 12)))
    bban = bank + account
    iban = "KZ" + iban_check_digits("KZ", bban) + bban
    return (_group(iban) if rng.random() < 0.3 else iban), "iban_kz"


def _iban_foreign(rng: random.Random) -> tuple[str, str]:
    country = rng.choice(("DE", "GB", "NL", "CH"))
    if country == "DE":
        bban = _digits(rng, 18)
    elif country == "GB":
        bban = "".join(rng.choices(string.ascii_uppercase, k=4)) + _digits(rng, 14)
    elif country == "NL":
        bban = "".join(rng.choices(string.ascii_uppercase, k=4)) + _digits(rng, 10)
    else:
        bban = _digits(rng, 17)
    iban = country + iban_check_digits(country, bban) + bban
    return (_group(iban) if rng.random() < 0.5 else iban), f"iban_{country.lower()}"


def _bad_iban(rng: random.Random) -> str:
    iban, _ = _iban_kz(rng)
    compact = iban.replace(" ", "")
    wrong = f"{(int(compact[2:4]) + rng.randint(1, 96)) % 97 + 2:02d}"
    if wrong == compact[2:4]:  # pragma: no cover - excluded by the arithmetic above
        wrong = f"{(int(wrong) + 1) % 97 + 2:02d}"
    return compact[:2] + wrong + compact[4:]


def _card_digits(rng: random.Random) -> tuple[str, str]:
    brand = rng.choice(("visa", "visa", "mc", "mc2", "amex", "mir"))
    if brand == "visa":
        body = "4" + _digits(rng, 14)
    elif brand == "mc":
        body = str(rng.randint(51, 55)) + _digits(rng, 13)
    elif brand == "mc2":
        body = str(rng.randint(2221, 2720)) + _digits(rng, 11)
    elif brand == "amex":
        body = rng.choice(("34", "37")) + _digits(rng, 12)
    else:
        body = str(rng.randint(2200, 2204)) + _digits(rng, 11)
    return body + str(luhn_check_digit(body)), brand


def _format_card(rng: random.Random, number: str) -> str:
    style = rng.random()
    if len(number) == 15:
        if style < 0.6:
            sep = rng.choice((" ", "-"))
            return f"{number[:4]}{sep}{number[4:10]}{sep}{number[10:]}"
        return number
    if style < 0.55:
        return _group(number)
    if style < 0.7:
        return _group(number, sep="-")
    return number


def _card(rng: random.Random) -> tuple[str, str]:
    number, brand = _card_digits(rng)
    return _format_card(rng, number), f"card_{brand}"


def _bad_card(rng: random.Random) -> str:
    while True:
        number, _ = _card_digits(rng)
        if len(number) == 16:
            break
    wrong = (int(number[-1]) + rng.randint(1, 9)) % 10
    return _format_card(rng, number[:-1] + str(wrong))


def _format_mobile(rng: random.Random, code: str, sub: str) -> str:
    a, b, c = sub[:3], sub[3:5], sub[5:]
    return rng.choice(
        (
            f"+7 {code} {a} {b} {c}",
            f"+7 ({code}) {a}-{b}-{c}",
            f"8 ({code}) {a}-{b}-{c}",
            f"8 {code} {a} {b} {c}",
            f"8{code}{sub}",
            f"+7{code}{sub}",
            f"+7-{code}-{a}-{b}-{c}",
            f"8 {code} {a} {b}{c}",
        )
    )


def _mobile(rng: random.Random) -> tuple[str, str]:
    return _format_mobile(rng, rng.choice(lx.KZ_MOBILE_CODES), _digits(rng, 7)), "phone_mobile"


def _landline(rng: random.Random) -> tuple[str, str]:
    area, n, first = rng.choice(lx.KZ_LANDLINES)
    sub = rng.choice(first) + _digits(rng, n - 1)
    if n == 6:
        a, b, c = sub[:2], sub[2:4], sub[4:]
        text = rng.choice(
            (
                f"+7 {area} {a} {b} {c}",
                f"8 ({area}) {a}-{b}-{c}",
                f"8 {area} {sub}",
                f"+7 ({area}) {a}-{b}-{c}",
            )
        )
    else:
        a, b, c = sub[:3], sub[3:5], sub[5:]
        text = rng.choice((f"+7 {area} {a} {b} {c}", f"8 ({area}) {a}-{b}-{c}", f"8 {area} {a} {b} {c}"))
    return text, "phone_landline"


def _phone(rng: random.Random) -> tuple[str, str]:
    return _landline(rng) if rng.random() < 0.2 else _mobile(rng)


def _bad_phone(rng: random.Random) -> str:
    return _format_mobile(rng, rng.choice(lx.KZ_BAD_MOBILE_CODES), _digits(rng, 7))


def _order12(rng: random.Random) -> str:
    body = str(rng.randint(1, 9)) + _digits(rng, 10)
    k = check_digit(body)
    last = rng.randrange(10) if k is None else (k + rng.randint(1, 9)) % 10
    return body + str(last)


def _ip(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.8:
        octets = [rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)]
        return ".".join(map(str, octets)), "ipv4"
    groups = ["2a02", f"{rng.randrange(0x10000):x}"] + [f"{rng.randrange(0x10000):x}" for _ in range(6)]
    if rng.random() < 0.5:
        return ":".join(groups[:3]) + "::" + groups[7], "ipv6_compressed"
    return ":".join(groups), "ipv6"


def _date_tuple(rng: random.Random, lo: int, hi: int) -> tuple[int, int, int]:
    return rng.randint(1, 28), rng.randint(1, 12), rng.randint(lo, hi)


def _format_date(rng: random.Random, lang: Language, d: int, m: int, y: int, *, numeric: bool) -> str:
    r = rng.random()
    if numeric or r < 0.6:
        return f"{d:02d}.{m:02d}.{y}" if r < 0.45 or lang != "en" else f"{y}-{m:02d}-{d:02d}"
    if lang == "ru":
        return f"{d} {lx.MONTHS_RU_GEN[m - 1]} {y} г." if r < 0.8 else f"{d} {lx.MONTHS_RU_GEN[m - 1]} {y}"
    if lang == "kk":
        return f"{y} жылғы {d} {lx.MONTHS_KK[m - 1]}"
    return f"{d} {lx.MONTHS_EN[m - 1]} {y}" if r < 0.8 else f"{lx.MONTHS_EN[m - 1]} {d}, {y}"


def _passport(rng: random.Random) -> tuple[str, str]:
    return "N" + _digits(rng, 8), "passport"


def _idcard(rng: random.Random) -> tuple[str, str]:
    return "0" + _digits(rng, 8) if rng.random() < 0.7 else str(rng.randint(1, 9)) + _digits(
        rng, 8
    ), "id_card"


def _num9(rng: random.Random) -> str:
    return str(rng.randint(1, 9)) + _digits(rng, 8)


# --- people ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Person:
    given: str
    surname: str
    patronymic: str | None
    female: bool
    style: str  # "kk" (Kazakh orthography and suffixes), "ru" (Russian declension), "en"


def _person(rng: random.Random, lang: Language) -> _Person:
    female = rng.random() < 0.5
    if lang == "kk":
        given = rng.choice(lx.KK_FEMALE if female else lx.KK_MALE)
        surname = rng.choice(lx.KK_SURNAMES) + ("а" if female else "")
        patronymic = rng.choice(lx.KK_FATHERS) + ("қызы" if female else "ұлы") if rng.random() < 0.5 else None
        return _Person(given, surname, patronymic, female, "kk")
    if lang == "ru":
        if rng.random() < 0.65:
            given = rng.choice(lx.KK_FEMALE_RU if female else lx.KK_MALE_RU)
            surname = rng.choice(lx.KK_SURNAMES_RU)
            pat = rng.choice(lx.KK_PATRONYMICS_RU)
        else:
            given = rng.choice(lx.RU_FEMALE if female else lx.RU_MALE)
            surname = rng.choice(lx.RU_SURNAMES)
            pat = rng.choice(lx.RU_PATRONYMICS)
        if female:
            surname = surname[:-2] + "ая" if surname.endswith("ий") else surname + "а"
        return _Person(given, surname, pat[1] if female else pat[0], female, "ru")
    if rng.random() < 0.6:
        given = rng.choice(lx.EN_FEMALE if female else lx.EN_MALE)
        surname = rng.choice(lx.EN_SURNAMES)
        middle = rng.choice(string.ascii_uppercase) if rng.random() < 0.2 else None
        return _Person(given, surname, middle, female, "en")
    given = lx.translit(rng.choice(lx.KK_FEMALE_RU if female else lx.KK_MALE_RU))
    surname = lx.translit(rng.choice(lx.KK_SURNAMES_RU) + ("а" if female else ""))
    return _Person(given, surname, None, female, "en")


_KK_FRONT = frozenset("әөүіеЭэ")
_KK_VOWELS = frozenset("аәеиоөұүыіэюяуё")
_KK_SUFFIX = {
    # case: (after vowel, after л р й у и ж з, after м н ң, after a voiceless consonant) as (back, front)
    "gen": (("ның", "нің"), ("дың", "дің"), ("ның", "нің"), ("тың", "тің")),
    "dat": (("ға", "ге"), ("ға", "ге"), ("ға", "ге"), ("қа", "ке")),
    "acc": (("ны", "ні"), ("ды", "ді"), ("ды", "ді"), ("ты", "ті")),
    "abl": (("дан", "ден"), ("дан", "ден"), ("нан", "нен"), ("тан", "тен")),
}


def kk_case(word: str, case: str) -> str:
    """``word`` with a Kazakh case ending (``gen``, ``dat``, ``acc``, ``abl``) by vowel harmony."""
    if word.endswith(("ұлы", "қызы")):  # possessive form: ұлының, ұлына, ұлын, ұлынан
        return word + {"gen": "ның", "dat": "на", "acc": "н", "abl": "нан"}[case]
    lower = word.lower()
    vowels = [c for c in lower if c in _KK_VOWELS]
    front = bool(vowels) and (
        vowels[-1] in _KK_FRONT or (vowels[-1] in "иу" and any(v in _KK_FRONT for v in vowels))
    )
    last = lower[-1]
    if last in "иу" or last in "лрйжз":
        cls = 1
    elif last in _KK_VOWELS:
        cls = 0
    elif last in "мнң":
        cls = 2
    else:
        cls = 3
    suffix = _KK_SUFFIX[case][cls][1 if front else 0]
    if case == "dat" and cls == 3:
        suffix = "ке" if last in "кг" or front else "қа"
    return word + suffix


def _ru_given(name: str, female: bool, case: str) -> str:
    i = ("gen", "dat", "ins").index(case)
    if female:
        if name.endswith("ия"):
            return name[:-1] + ("и", "и", "ей")[i]
        if name.endswith("я"):
            return name[:-1] + ("и", "е", "ей")[i]
        if name.endswith("а"):
            stem = name[:-1]
            gen = "и" if stem[-1] in "гкхжшчщ" else "ы"
            return stem + (gen, "е", "ей" if stem[-1] in "жшчщц" else "ой")[i]
        return name  # Айгерим, Гульнар: female names ending in a consonant do not decline
    if name.endswith(("й", "ь")):
        return name[:-1] + ("я", "ю", "ем")[i]
    return name + ("а", "у", "ом")[i]


def _ru_surname(name: str, female: bool, case: str) -> str:
    i = ("gen", "dat", "ins").index(case)
    if name.endswith("ая"):
        return name[:-2] + "ой"
    if name.endswith("ий"):
        return name[:-2] + ("ого", "ому", "им")[i]
    if female:
        return name[:-1] + "ой" if name.endswith("а") else name
    return name + ("а", "у", "ым")[i]


def _ru_patronymic(name: str, female: bool, case: str) -> str:
    i = ("gen", "dat", "ins").index(case)
    if female:
        return name[:-1] + ("ы", "е", "ой")[i]
    return name + ("а", "у", "ем")[i]


def _initials(*names: str, spaced: bool) -> str:
    return (" " if spaced else "").join(n[0] + "." for n in names)


def render_person(rng: random.Random, p: _Person, case: str = "nom") -> tuple[str, str]:
    """A written form of a person's name in ``case`` and a label of the form used."""
    if p.style == "en":
        if p.patronymic and rng.random() < 0.7:
            return f"{p.given} {p.patronymic}. {p.surname}", "en_middle_initial"
        if rng.random() < 0.15:
            return f"{p.given[0]}. {p.surname}", "en_initial"
        return f"{p.given} {p.surname}", "en_full"
    if p.style == "ru":
        r = rng.random()
        spaced = rng.random() < 0.4
        if case == "nom":
            if r < 0.3:
                return f"{p.surname} {p.given} {p.patronymic}", "ru_fio"
            if r < 0.5:
                return (
                    f"{p.surname} {_initials(p.given, p.patronymic or '', spaced=spaced)}",
                    "ru_initials_after",
                )
            if r < 0.6:
                return (
                    f"{_initials(p.given, p.patronymic or '', spaced=spaced)} {p.surname}",
                    "ru_initials_before",
                )
            if r < 0.75:
                return f"{p.given} {p.patronymic} {p.surname}", "ru_ios"
            return f"{p.given} {p.surname}", "ru_given_surname"
        g = _ru_given(p.given, p.female, case)
        s = _ru_surname(p.surname, p.female, case)
        pt = _ru_patronymic(p.patronymic or "", p.female, case)
        if r < 0.35:
            return f"{s} {g} {pt}", f"ru_fio_{case}"
        if r < 0.5:
            return f"{s} {_initials(p.given, p.patronymic or '', spaced=spaced)}", f"ru_initials_{case}"
        if r < 0.7:
            return f"{g} {pt}", f"ru_given_patronymic_{case}"
        return f"{g} {s}", f"ru_given_surname_{case}"
    # Kazakh: the case ending goes on the last word only
    r = rng.random()
    if case == "nom" and r < 0.12:
        return f"{p.surname} {_initials(p.given, p.patronymic or p.given, spaced=False)}", "kk_initials"
    if p.patronymic and r < 0.5:
        words = [p.surname, p.given, p.patronymic] if r < 0.35 else [p.given, p.patronymic]
        label = "kk_fio" if r < 0.35 else "kk_given_patronymic"
    elif r < 0.75:
        words, label = [p.given, p.surname], "kk_given_surname"
    else:
        words, label = [p.surname, p.given], "kk_surname_given"
    if case != "nom":
        words[-1] = kk_case(words[-1], case)
        label += "_" + case
    return " ".join(words), label


def _email(rng: random.Random) -> tuple[str, str]:
    lang = rng.choice(LANGUAGES)
    p = _person(rng, lang)
    given = lx.translit(p.given).lower()
    surname = lx.translit(p.surname).lower()
    local = rng.choice(
        (
            f"{given}.{surname}",
            f"{given[0]}.{surname}",
            f"{surname}_{given[0]}",
            f"{given}{rng.randint(70, 99)}",
            f"{surname}.{given}{rng.randint(1, 9)}",
        )
    )
    return f"{local}@{rng.choice(lx.EMAIL_DOMAINS)}", "email"


def _address(rng: random.Random, lang: Language) -> tuple[str, str]:
    house = str(rng.randint(1, 250)) + (rng.choice("АБВ") if lang != "en" and rng.random() < 0.1 else "")
    flat = rng.randint(1, 180)
    r = rng.random()
    if lang == "ru":
        street, _ = rng.choice(lx.STREETS)
        avenue, _ = rng.choice(lx.AVENUES)
        if r < 0.35:
            return f"ул. {street} {house}, кв. {flat}", "addr_ru_street"
        if r < 0.55:
            return f"пр. {avenue}, д. {house}", "addr_ru_avenue"
        if r < 0.75:
            return f"улица {street}, дом {house}, квартира {flat}", "addr_ru_long"
        return f"мкр. {rng.choice(lx.MICRODISTRICTS)}, д. {house}, кв. {flat}", "addr_ru_mkr"
    if lang == "kk":
        _, street = rng.choice(lx.STREETS)
        _, avenue = rng.choice(lx.AVENUES)
        if r < 0.35:
            return f"{street} көшесі, {house}-үй, {flat}-пәтер", "addr_kk_street"
        if r < 0.6:
            return f"{avenue} даңғылы {house}", "addr_kk_avenue"
        if r < 0.8:
            return f"{street} көшесі {house}, {flat}-пәтер", "addr_kk_street_short"
        return f"{rng.choice(lx.MICRODISTRICTS)} шағын ауданы, {house}-үй", "addr_kk_mkr"
    number = str(rng.randint(1, 250)) + (rng.choice("AB") if rng.random() < 0.1 else "")
    street = rng.choice(lx.EN_STREETS)
    if r < 0.6:
        return f"{number} {street}", "addr_en"
    return f"{number} {street}, apt. {flat}", "addr_en_apt"


# --- rendering -------------------------------------------------------------------------------------
class _Builder:
    """Concatenates text pieces and records gold spans and decoys at their offsets."""

    __slots__ = ("decoys", "parts", "pos", "spans")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[GoldSpan] = []
        self.decoys: list[GoldSpan] = []
        self.pos = 0

    def text(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def entity(self, entity: str, value: str, kind: str, *, decoy: bool = False) -> None:
        (self.decoys if decoy else self.spans).append(GoldSpan(entity, self.pos, self.pos + len(value), kind))
        self.text(value)

    def build(self) -> tuple[str, tuple[GoldSpan, ...], tuple[GoldSpan, ...]]:
        key: Callable[[GoldSpan], int] = lambda s: s.start  # noqa: E731
        return "".join(self.parts), tuple(sorted(self.spans, key=key)), tuple(sorted(self.decoys, key=key))


def _fill(b: _Builder, rng: random.Random, slot: str, lang: Language) -> None:
    """Append the value of one template slot."""
    if slot == "name" or slot.startswith("name_"):
        case = slot[5:] or "nom"
        value, kind = render_person(rng, _person(rng, lang), case)
        b.entity("PERSON", value, kind)
    elif slot == "given":
        p = _person(rng, lang)
        b.entity("PERSON", p.given, "given_only")
    elif slot == "iin":
        kind = rng.choices(("normal", "second_pass", "no_date"), weights=(60, 25, 15))[0]
        b.entity("KZ_IIN", make_iin(rng, kind=kind), "iin_" + kind)
    elif slot == "bin":
        b.entity("KZ_BIN", make_bin(rng), "bin")
    elif slot in ("phone", "mobile", "landline"):
        value, kind = {"phone": _phone, "mobile": _mobile, "landline": _landline}[slot](rng)
        b.entity("PHONE_NUMBER", value, kind)
    elif slot == "email":
        b.entity("EMAIL_ADDRESS", *_email(rng))
    elif slot == "iban":
        b.entity("IBAN_CODE", *_iban_kz(rng))
    elif slot == "iban_foreign":
        b.entity("IBAN_CODE", *_iban_foreign(rng))
    elif slot == "card":
        b.entity("CREDIT_CARD", *_card(rng))
    elif slot == "passport":
        b.entity("KZ_PASSPORT", *_passport(rng))
    elif slot == "idcard":
        b.entity("KZ_ID_CARD", *_idcard(rng))
    elif slot == "ip":
        b.entity("IP_ADDRESS", *_ip(rng))
    elif slot in ("dob", "dob_num"):
        d, m, y = _date_tuple(rng, 1940, 2006)
        b.entity("DATE_OF_BIRTH", _format_date(rng, lang, d, m, y, numeric=slot == "dob_num"), "dob")
    elif slot == "addr":
        b.entity("STREET_ADDRESS", *_address(rng, lang))
    elif slot == "order12":
        b.entity("KZ_IIN", _order12(rng), "bad_checksum_order_id", decoy=True)
    elif slot == "badcard":
        b.entity("CREDIT_CARD", _bad_card(rng), "luhn_invalid", decoy=True)
    elif slot == "num9":
        b.entity("KZ_ID_CARD", _num9(rng), "nine_digits_no_context", decoy=True)
    elif slot == "date":
        d, m, y = _date_tuple(rng, 2015, 2026)
        b.entity(
            "DATE_OF_BIRTH", _format_date(rng, lang, d, m, y, numeric=False), "not_a_birth_date", decoy=True
        )
    elif slot == "badphone":
        b.entity("PHONE_NUMBER", _bad_phone(rng), "unassigned_operator_code", decoy=True)
    elif slot == "badiban":
        b.entity("IBAN_CODE", _bad_iban(rng), "bad_iban_checksum", decoy=True)
    elif slot == "amount":
        b.text(f"{rng.randint(1, 999) * 1000:,}".replace(",", " "))
    elif slot == "city":
        b.text(rng.choice({"ru": lx.CITIES_RU, "kk": lx.CITIES_KK, "en": lx.CITIES_EN}[lang]))
    elif slot == "n":
        b.text(str(rng.randint(2, 450)))
    else:
        raise KeyError(f"unknown template slot {slot!r}")


def _render(
    template: str, rng: random.Random, lang: Language
) -> tuple[str, tuple[GoldSpan, ...], tuple[GoldSpan, ...]]:
    b = _Builder()
    pos = 0
    for m in _SLOT.finditer(template):
        b.text(template[pos : m.start()])
        _fill(b, rng, m.group(1), lang)
        pos = m.end()
    b.text(template[pos:])
    return b.build()


def generate_texts(n: int, *, seed: int, languages: Sequence[Language] = LANGUAGES) -> list[GoldDoc]:
    """``n`` free-text records with gold spans and decoys.

    Parameters
    ----------
    n:
        Number of records; languages take turns (``kk, ru, en, kk, …``).
    seed:
        The same seed gives the same records.
    languages:
        Languages to produce, a subset of ``("kk", "ru", "en")``.

    Returns
    -------
    list[GoldDoc]
        ``doc_id`` is ``"gen:<lang>:<i>"``; ``domain`` is the template's domain.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    langs = tuple(languages)
    bad = [lang for lang in langs if lang not in TEMPLATES]
    if not langs or bad:
        raise ValueError(f"languages must be a non-empty subset of {LANGUAGES}, got {langs!r}")
    rng = random.Random(seed)
    docs: list[GoldDoc] = []
    for i in range(n):
        lang = langs[i % len(langs)]
        domain, template = rng.choice(TEMPLATES[lang])
        text, spans, decoys = _render(template, rng, lang)
        docs.append(GoldDoc(f"gen:{lang}:{i}", text, lang, spans, decoys, None, domain))
    return docs


def _cell(
    rng: random.Random, column: str, lang: Language
) -> tuple[str, tuple[GoldSpan, ...], tuple[GoldSpan, ...]]:
    slot = {
        "ФИО": "name",
        "ИИН": "iin",
        "телефон": "phone",
        "email": "email",
        "адрес": "addr",
        "IBAN": "iban",
        "карта": "card",
        "номер заказа": "order12",
        "дата рождения": "dob_num",
    }.get(column)
    if slot is not None:
        return _render("{" + slot + "}", rng, lang)
    return _render(rng.choice(COMMENTS[lang]), rng, lang)


def _table(n_rows: int, seed: int) -> tuple[dict[str, list[str | None]], dict[str, list[GoldDoc | None]]]:
    if n_rows < 0:
        raise ValueError("n_rows must be >= 0")
    rng = random.Random(seed)
    columns: dict[str, list[str | None]] = {c: [] for c in TABLE_COLUMNS}
    docs: dict[str, list[GoldDoc | None]] = {c: [] for c in TABLE_COLUMNS}
    for row in range(n_rows):
        lang: Language = rng.choices(LANGUAGES, weights=(35, 55, 10))[0]
        for column in TABLE_COLUMNS:
            if rng.random() < 0.05:
                columns[column].append(None)
                docs[column].append(None)
                continue
            text, spans, decoys = _cell(rng, column, lang)
            columns[column].append(text)
            docs[column].append(GoldDoc(f"table:{row}:{column}", text, lang, spans, decoys, column, "table"))
    return columns, docs


def generate_table(
    n_rows: int, *, seed: int
) -> tuple[dict[str, list[str | None]], dict[str, list[list[GoldSpan]]]]:
    """A client register with ``n_rows`` rows and the gold spans of every cell.

    Parameters
    ----------
    n_rows:
        Number of rows.
    seed:
        The same seed gives the same table.

    Returns
    -------
    tuple
        ``columns`` maps each of :data:`TABLE_COLUMNS` to its cells (``None`` for about 5 % of
        missing cells), as in :class:`senim.privacy.types.Batch`; ``gold`` maps each column to one
        list of :class:`GoldSpan` per cell (offsets into that cell; empty for missing cells and for
        the ``номер заказа`` decoy column, whose 12-digit values all have a wrong check digit).
    """
    columns, docs = _table(n_rows, seed)
    gold = {c: [list(d.spans) if d is not None else [] for d in cells] for c, cells in docs.items()}
    return columns, gold


def generate_table_docs(n_rows: int, *, seed: int) -> list[GoldDoc]:
    """The cells of :func:`generate_table` (same seed, same values) as :class:`GoldDoc` objects.

    Missing cells are left out; ``field`` is the column name and ``language`` the row's language.
    Decoys (the order-number column, decoys inside comments) are kept.
    """
    _, docs = _table(n_rows, seed)
    return [d for cells in docs.values() for d in cells if d is not None]
