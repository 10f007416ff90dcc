# ruff: noqa: B905, E401, E402, E501, E741, I001, N805, PLW2901, RUF021, RUF034  # a generator of template tables, kept as its author wrote it
#!/usr/bin/env python3
"""Held-out evaluation set #4 for the personal-data scanner (ru / kk / en).

Written from the entity contract and the privacy notes only. Standard library for generation;
kz-iin-validator and phonenumbers are used as independent oracles for self-checks.

Templates use placeholders {KEY} resolved per record. Keys:
  P1, P2 ...            a person (nominative); P1.gen / P1.dat / P1.ins / P1.caps / P1.short / P1.low
  IIN1 (person-bound via P1: P1.iin), BIN, PASS, IDC, PHONE, PHONE2, PHONEL (landline), PHONEF (foreign),
  EMAIL, IBAN, IBANF (foreign), CARD, IP, IP6, DOB (P1.dob) -> labelled
  bad_* / neg_* keys -> hard negatives (unlabelled)
"""

import json, random, re, sys, datetime, os
from collections import Counter

SEED = 4_2026_11
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "independent4.jsonl")

# ----------------------------------------------------------------- validators (own)
W1 = list(range(1, 12))
W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]


def check_digit(body):
    d = [int(c) for c in body]
    r = sum(a * b for a, b in zip(d, W1)) % 11
    if r == 10:
        r = sum(a * b for a, b in zip(d, W2)) % 11
        if r == 10:
            return None
    return r


def iin_ok(s):
    return len(s) == 12 and s.isdigit() and check_digit(s[:11]) == int(s[11])


def luhn_ok(s):
    d = [int(c) for c in s if c.isdigit()][::-1]
    t = 0
    for i, x in enumerate(d):
        if i % 2:
            x *= 2
            if x > 9:
                x -= 9
        t += x
    return t % 10 == 0


def luhn_complete(body):
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c


def iban_num(s):
    s = s.replace(" ", "")
    r = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in r))


def iban_ok(s):
    return iban_num(s) % 97 == 1


def iban_make(cc, bban):
    n = iban_num(cc + "00" + bban)
    return f"{cc}{98 - n % 97:02d}{bban}"


# ----------------------------------------------------------------- oracles
import phonenumbers
import kz_iin_validator


def phone_valid(s):
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(s, "KZ"))
    except Exception:
        return False


# ----------------------------------------------------------------- names
RU_M = [
    ("Алексей", "Алексея", "Алексею", "Алексеем"),
    ("Дмитрий", "Дмитрия", "Дмитрию", "Дмитрием"),
    ("Сергей", "Сергея", "Сергею", "Сергеем"),
    ("Олег", "Олега", "Олегу", "Олегом"),
    ("Виктор", "Виктора", "Виктору", "Виктором"),
    ("Андрей", "Андрея", "Андрею", "Андреем"),
    ("Асхат", "Асхата", "Асхату", "Асхатом"),
    ("Ержан", "Ержана", "Ержану", "Ержаном"),
    ("Тимур", "Тимура", "Тимуру", "Тимуром"),
    ("Руслан", "Руслана", "Руслану", "Русланом"),
]
RU_F = [
    ("Ольга", "Ольги", "Ольге", "Ольгой"),
    ("Марина", "Марины", "Марине", "Мариной"),
    ("Елена", "Елены", "Елене", "Еленой"),
    ("Татьяна", "Татьяны", "Татьяне", "Татьяной"),
    ("Динара", "Динары", "Динаре", "Динарой"),
    ("Айгуль", "Айгуль", "Айгуль", "Айгуль"),
    ("Наталья", "Натальи", "Наталье", "Натальей"),
    ("Жанна", "Жанны", "Жанне", "Жанной"),
    ("Салтанат", "Салтанат", "Салтанат", "Салтанат"),
    ("Ксения", "Ксении", "Ксении", "Ксенией"),
]
RU_SUR = [
    "Кузнецов",
    "Смирнов",
    "Беляев",
    "Волков",
    "Нурланов",
    "Жумабаев",
    "Сарсенбаев",
    "Ким",
    "Абдрахманов",
    "Петров",
    "Мухаметов",
    "Тулегенов",
    "Захаров",
    "Есимов",
    "Оспанов",
    "Григорьев",
]
RU_PAT_BASE = [
    "Сергеев",
    "Александров",
    "Ерланов",
    "Маратов",
    "Викторов",
    "Болатов",
    "Нурланов",
    "Петров",
    "Кайратов",
    "Андреев",
]


def ru_sur_forms(s, fem):
    if s == "Ким":
        return (s, s, s, s) if fem else (s, s + "а", s + "у", s + "ом")
    if fem:
        f = s + "а"
        return (f, s + "ой", s + "ой", s + "ой")
    return (s, s + "а", s + "у", s + "ым")


def ru_pat_forms(b, fem):
    if fem:
        return (b + "на", b + "ны", b + "не", b + "ной")
    return (b + "ич", b + "ича", b + "ичу", b + "ичем")


KK_M = [
    "Асқар",
    "Ерлан",
    "Нұрлан",
    "Серік",
    "Бауыржан",
    "Дәурен",
    "Ғалым",
    "Мұрат",
    "Талғат",
    "Әлібек",
    "Қуаныш",
    "Жандос",
    "Еркебұлан",
    "Өмірзақ",
    "Бекзат",
]
KK_F = [
    "Айгерім",
    "Гүлнар",
    "Әсем",
    "Жансая",
    "Мөлдір",
    "Дана",
    "Ақбота",
    "Сәуле",
    "Гүлжан",
    "Айдана",
    "Перизат",
    "Толғанай",
    "Нұргүл",
    "Індира",
    "Балжан",
]
KK_SUR = [
    "Сейтқали",
    "Жұмабаев",
    "Әбілқасымов",
    "Төлеген",
    "Нұрпейісов",
    "Қасымов",
    "Оспан",
    "Мұқанов",
    "Ағыбаев",
    "Сәрсенбаев",
    "Есенғали",
    "Бекмұхамбетов",
    "Өтепов",
    "Шәріпов",
    "Құдайбергенов",
]
KK_FATHER = ["Болат", "Серік", "Нұрлан", "Қайрат", "Марат", "Ерлан", "Бақыт", "Жақсылық", "Әділ", "Мұхтар"]

EN_M = ["James", "Daniel", "Michael", "Thomas", "Oliver", "Ethan", "Robert", "Samuel", "Henry", "Lucas"]
EN_F = ["Emily", "Sarah", "Olivia", "Hannah", "Grace", "Chloe", "Laura", "Megan", "Rachel", "Sophie"]
EN_SUR = [
    "Whitaker",
    "Morrison",
    "Fletcher",
    "Hughes",
    "Patel",
    "O'Connor",
    "Reynolds",
    "Garcia",
    "Novak",
    "Chen",
    "Lindqvist",
    "Brennan",
    "Walsh",
    "Kowalski",
    "Ferreira",
]

BACK = set("аоұыяюу")
FRONT = set("әөүіеэи")
VOICELESS = set("кқпстфхцчшщ")


def kk_harmony(w):
    for ch in reversed(w.lower()):
        if ch in "аоұыя":
            return "b"
        if ch in "әөүіеэ":
            return "f"
    return "b"


def kk_case(w, case):
    last = w[-1].lower()
    h = kk_harmony(w)
    vowel = last in "аоұыяюуәөүіеэи"
    if case == "dat":
        if last in VOICELESS:
            return w + ("қа" if h == "b" else "ке")
        return w + ("ға" if h == "b" else "ге")
    if case in ("gen", "acc"):
        if vowel:
            c = "н"
        elif last in "мнң":
            c = "н" if case == "gen" else "д"  # Асанның / Асанды
        elif last in "лрйжзу":
            c = "д"
        else:
            c = "т"
        end = ("ың" if h == "b" else "ің") if case == "gen" else ("ы" if h == "b" else "і")
        return w + c + end
    return w


class Person:
    def __init__(s, lang, rng, culture=None):
        s.lang = lang
        s.fem = rng.random() < 0.5
        s.dob = datetime.date(rng.randint(1955, 2006), rng.randint(1, 12), rng.randint(1, 28))
        s.culture = culture or lang
        if s.culture == "ru":
            g = rng.choice(RU_F if s.fem else RU_M)
            sur = ru_sur_forms(rng.choice(RU_SUR), s.fem)
            pat = ru_pat_forms(rng.choice(RU_PAT_BASE), s.fem)
            s.forms = {c: f"{sur[i]} {g[i]} {pat[i]}" for i, c in enumerate(["nom", "gen", "dat", "ins"])}
            if s.fem:
                ga = (
                    g[0][:-1] + "у"
                    if g[0].endswith("а")
                    else (g[0][:-1] + "ю" if g[0].endswith("я") else g[0])
                )
                sa = sur[0] if sur[0] == "Ким" else sur[0][:-1] + "у"
                s.forms["acc"] = f"{sa} {ga} {pat[0][:-1]}у"
            else:
                s.forms["acc"] = s.forms["gen"]
            s.forms["go"] = f"{g[0]} {pat[0]}"  # name + patronymic (polite address)
            s.forms["short"] = f"{sur[0]} {g[0][0]}.{pat[0][0]}."
            s.forms["short2"] = f"{g[0][0]}. {sur[0]}"
            s.forms["given"] = g[0]
            s.forms["given_dat"] = g[2]
            s.forms["low"] = g[0].lower()
            s.forms["fi"] = f"{g[0]} {sur[0]}"
        elif s.culture == "kk":
            g = rng.choice(KK_F if s.fem else KK_M)
            sur = rng.choice(KK_SUR)
            if s.fem and sur.endswith(("ов", "ев")):
                sur += "а"
            pat = rng.choice(KK_FATHER) + ("қызы" if s.fem else "ұлы")
            s.forms = {
                "nom": f"{sur} {g} {pat}",
                "given": g,
                "low": g.lower(),
                "fi": f"{sur} {g}",
                "gen": f"{sur} {kk_case(g, 'gen')}",
                "dat": f"{sur} {kk_case(g, 'dat')}",
                "given_dat": kk_case(g, "dat"),
                "given_gen": kk_case(g, "gen"),
                "acc": f"{sur} {kk_case(g, 'acc')}",
                "short": f"{sur} {g[0]}.{pat[0]}.",
                "go": g,
                "ins": f"{sur} {g}",
                "short2": f"{g[0]}. {sur}",
            }
        else:
            g = rng.choice(EN_F if s.fem else EN_M)
            sur = rng.choice(EN_SUR)
            mid = rng.choice("ABCDEJLMRST")
            s.forms = {
                "nom": f"{g} {sur}",
                "gen": f"{g} {sur}",
                "dat": f"{g} {sur}",
                "ins": f"{g} {sur}",
                "short": f"{g[0]}. {mid}. {sur}",
                "short2": f"{g[0]}. {sur}",
                "go": g,
                "given": g,
                "acc": f"{g} {sur}",
                "low": g.lower(),
                "fi": f"{g} {mid}. {sur}",
                "given_dat": g,
            }
        s.forms["caps"] = s.forms["nom"].upper() if s.culture != "en" else s.forms["nom"].upper()
        s.iin = make_iin(rng, s.dob, s.fem)


def make_iin(rng, dob, fem):
    while True:
        cen = {18: 1, 19: 3, 20: 5}[dob.year // 100] + (1 if fem else 0)
        body = dob.strftime("%y%m%d") + str(cen) + f"{rng.randint(0, 9999):04d}"
        c = check_digit(body)
        if c is not None:
            s = body + str(c)
            v, err = kz_iin_validator.safe_validate_iin(s)
            assert v is not None, (s, err)
            return s


def bad_iin(rng):
    while True:
        p = Person("en", rng)
        s = p.iin
        d = (int(s[11]) + rng.randint(1, 9)) % 10
        t = s[:11] + str(d)
        if not iin_ok(t):
            return t


def make_bin(rng):
    while True:
        body = f"{rng.randint(0, 24):02d}{rng.randint(1, 12):02d}{rng.choice('4456')}{rng.choice('0001')}{rng.randint(0, 99999):05d}"
        c = check_digit(body)
        if c is not None:
            return body + str(c)


KZ_MOB = ["700", "701", "702", "705", "706", "707", "708", "747", "771", "775", "776", "777", "778"]


def make_phone(rng, style=None):
    code = rng.choice(KZ_MOB)
    n = f"{rng.randint(200, 999)}{rng.randint(0, 99):02d}{rng.randint(0, 99):02d}"
    style = style if style is not None else rng.randint(0, 6)
    f = [
        "+7 {c} {a} {b} {d}",
        "8 ({c}) {a}-{b}-{d}",
        "8{c}{a}{b}{d}",
        "+7{c}{a}{b}{d}",
        "+7 ({c}) {a}-{b}-{d}",
        "8 {c} {a} {b} {d}",
        "+7-{c}-{a}-{b}-{d}",
    ][style]
    s = f.format(c=code, a=n[:3], b=n[3:5], d=n[5:])
    assert phone_valid(s), s
    return s


def make_landline(rng):
    s = rng.choice(
        ["+7 7172 {a} {b} {c}", "8 (7172) {a}-{b}-{c}", "+7 7212 {a} {b} {c}", "8 (7252) {a}-{b}-{c}"]
    ).format(a=rng.randint(20, 79), b=f"{rng.randint(10, 99)}", c=f"{rng.randint(10, 99)}")
    if not phone_valid(s):
        return make_landline(rng)
    return s


def make_foreign_phone(rng):
    for _ in range(50):
        s = rng.choice(
            [
                "+7 916 {a} {b} {c}",
                "+90 532 {a} {b} {c}",
                "+49 30 {a}{b}{c}1",
                "+44 20 79{b} {a}{c}",
                "+971 50 {a} {b}{c}",
                "+995 555 {a} {b} {c}",
            ]
        ).format(a=rng.randint(200, 899), b=f"{rng.randint(10, 99)}", c=f"{rng.randint(10, 99)}")
        if phone_valid(s):
            return s
    raise RuntimeError


def bad_phone(rng):
    s = f"+7 {rng.choice(['703', '704', '709', '740'])} {rng.randint(200, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    assert not phone_valid(s), s
    return s


TRANS = str.maketrans(
    {
        "ә": "a",
        "ғ": "g",
        "қ": "k",
        "ң": "n",
        "ө": "o",
        "ұ": "u",
        "ү": "u",
        "һ": "h",
        "і": "i",
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "'": "",
    }
)


def make_email(rng, p=None):
    base = (
        (p.forms["given"] + "." + p.forms["nom"].split()[0 if p.culture != "en" else -1])
        .lower()
        .translate(TRANS)
        if p
        else rng.choice(["info", "support", "kyc.team", "hr-office", "dorm_admin", "booking", "claims"])
    )
    base = re.sub(r"[^a-z0-9._-]", "", base)
    if p and rng.random() < 0.4:
        base += str(rng.randint(1, 99))
    dom = rng.choice(
        [
            "mail.ru",
            "gmail.com",
            "inbox.kz",
            "yandex.kz",
            "outlook.com",
            "bk.ru",
            "halyk-demo.kz",
            "example-univ.edu.kz",
            "post.kz",
            "company.co.uk",
        ]
    )
    return f"{base}@{dom}"


KZ_BANKS = ["125", "601", "722"]


def make_iban(rng, spaced=None):
    bban = rng.choice(KZ_BANKS) + "".join(rng.choice("0123456789" * 3 + "KZTSA") for _ in range(13))
    s = iban_make("KZ", bban)
    assert len(s) == 20 and iban_ok(s)
    if spaced if spaced is not None else rng.random() < 0.3:
        s = " ".join(s[i : i + 4] for i in range(0, 20, 4))
    return s


def rd(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def make_foreign_iban(rng):
    cc = rng.choice(["DE", "GB", "FR", "TR", "AE", "GE"])
    if cc == "DE":
        bban = rd(rng, 18)
    elif cc == "GB":
        bban = rng.choice(["NWBK", "BARC", "HBUK", "LOYD"]) + rd(rng, 14)
    elif cc == "TR":
        bban = rd(rng, 5) + "0" + rd(rng, 16)
    elif cc == "AE":
        bban = rd(rng, 19)
    elif cc == "GE":
        bban = rng.choice(["NB", "TB", "BG"]) + rd(rng, 16)
    else:
        bank, br, acc = int(rd(rng, 5)), int(rd(rng, 5)), int(rd(rng, 11))
        key = 97 - ((89 * bank + 15 * br + 3 * acc) % 97)
        bban = f"{bank:05d}{br:05d}{acc:011d}{key:02d}"
    s = iban_make(cc, bban)
    assert iban_ok(s) and len(s) == {"DE": 22, "GB": 22, "FR": 27, "TR": 26, "AE": 23, "GE": 22}[cc], s
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4)) if rng.random() < 0.5 else s


def bad_iban(rng):
    s = make_iban(rng, spaced=False)
    while True:
        i = rng.randint(5, 19)
        t = s[:i] + str((int(s[i]) + rng.randint(1, 9)) % 10) + s[i + 1 :] if s[i].isdigit() else None
        if t and not iban_ok(t):
            return t


def make_card(rng, spaced=None):
    kind = rng.choice(["visa", "visa", "mc", "mc2", "amex", "mir", "up"])
    if kind == "visa":
        body = "4" + rd(rng, 14)
    elif kind == "mc":
        body = str(rng.randint(51, 55)) + rd(rng, 13)
    elif kind == "mc2":
        body = str(rng.randint(2221, 2720)) + rd(rng, 11)
    elif kind == "mir":
        body = "220" + str(rng.randint(0, 4)) + rd(rng, 11)
    elif kind == "up":
        body = "62" + rd(rng, 13)
    else:
        body = rng.choice(["34", "37"]) + rd(rng, 12)
    s = luhn_complete(body)
    assert luhn_ok(s)
    if spaced if spaced is not None else rng.random() < 0.7:
        s = f"{s[:4]} {s[4:10]} {s[10:]}" if len(s) == 15 else " ".join(s[i : i + 4] for i in range(0, 16, 4))
    return s


def bad_card(rng):
    s = make_card(rng, spaced=False)
    while True:
        t = s[:-1] + str((int(s[-1]) + rng.randint(1, 9)) % 10)
        if not luhn_ok(t):
            return " ".join(t[i : i + 4] for i in range(0, len(t), 4)) if len(t) == 16 else t


def make_ip(rng):
    return f"{rng.choice([10, 46, 85, 92, 178, 192, 212])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def make_ip6(rng):
    return (
        "2a02:"
        + ":".join(f"{rng.randint(0, 65535):x}" for _ in range(3))
        + "::"
        + f"{rng.randint(1, 65535):x}"
    )


RU_MON = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
KK_MON = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
]
EN_MON = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def fmt_dob(rng, d, lang):
    if lang == "ru":
        return rng.choice(
            [
                f"{d.day} {RU_MON[d.month - 1]} {d.year} г.",
                f"{d:%d.%m.%Y}",
                f"{d:%d.%m.%Y} г.",
                f"{d.day:02d} {RU_MON[d.month - 1]} {d.year} года",
            ]
        )
    if lang == "kk":
        return rng.choice(
            [
                f"{d.year} жылғы {d.day} {KK_MON[d.month - 1]}",
                f"{d:%d.%m.%Y} ж.",
                f"{d:%d.%m.%Y}",
                f"{d.year} ж. {d.day} {KK_MON[d.month - 1]}",
            ]
        )
    return rng.choice(
        [
            f"{EN_MON[d.month - 1]} {d.day}, {d.year}",
            f"{d.day} {EN_MON[d.month - 1][:3]} {d.year}",
            f"{d:%d/%m/%Y}",
            f"{d:%Y-%m-%d}",
        ]
    )


def neg_date(rng, lang):
    d = datetime.date(rng.choice([2025, 2026]), rng.randint(1, 12), rng.randint(1, 28))
    if lang == "ru":
        return rng.choice([f"{d:%d.%m.%Y}", f"{d.day} {RU_MON[d.month - 1]} {d.year} года"])
    if lang == "kk":
        return rng.choice([f"{d:%d.%m.%Y}", f"{d.year} жылғы {d.day} {KK_MON[d.month - 1]}"])
    return fmt_dob(rng, d, lang)


def make_passport(rng):
    return "N" + rd(rng, 8)


def make_idcard(rng):
    return str(rng.randint(0, 0)) + rd(rng, 8) if rng.random() < 0.5 else rd(rng, 9)


PLATE_L = "ABCEHKMOPTXY"


def neg_value(key, rng, lang):
    if key == "neg_order":
        return rng.choice(["ORD-", "№ ", "#", "KS-", "TKT"]) + rd(rng, rng.choice([7, 8, 13]))
    if key == "neg_amount":
        return f"{rng.randint(1, 999)} {rng.randint(100, 999)}" + rng.choice(
            [" ₸", " тг", ",00 KZT", " тенге"]
        )
    if key == "neg_time":
        return f"{rng.randint(8, 20):02d}:{rng.choice(['00', '15', '30', '45'])}"
    if key == "neg_ver":
        return f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}"
    if key == "neg_file":
        return rng.choice(["scan_passport@2x.png", "akt@final.pdf", "photo@300dpi.jpg", "dogovor@v2.docx"])
    if key == "neg_plate":
        return f"{rd(rng, 3)} {''.join(rng.choice(PLATE_L) for _ in range(3))} {rng.choice(['01', '02', '05', '09', '17'])}"
    if key == "neg_post":
        return rng.choice(
            [
                f"A{rd(rng, 2)} {rng.choice('PTKX')}{rd(rng, 1)}{rng.choice('KXTM')}{rd(rng, 1)}",
                "0" + rd(rng, 5),
                f"Z{rd(rng, 2)} T{rd(rng, 1)}K{rd(rng, 1)}",
            ]
        )
    if key == "neg_date":
        return neg_date(rng, lang)
    if key == "neg_policy":
        return rng.choice(["POL-", "№ ", "KZ-INS-"]) + rd(rng, 9)
    if key == "neg_mask":
        return rng.choice(["**** **** **** ", "4400 43** **** ", "•••• ", "*"]) + rd(rng, 4)
    if key == "neg_iin":
        return bad_iin(rng)
    if key == "neg_card":
        return bad_card(rng)
    if key == "neg_iban":
        return bad_iban(rng)
    if key == "neg_phone":
        return bad_phone(rng)
    if key == "neg_num12":
        while True:
            s = rd(rng, 12)
            if not iin_ok(s):
                return s
    raise KeyError(key)


# ----------------------------------------------------------------- templates (written fresh for set 4)
TEMPLATES = {}
TEMPLATES["ru"] = {
    "bank_kyc": [
        "АНКЕТА КЛИЕНТА (KYC)\nФамилия, имя, отчество: {P1}\nДата рождения: {P1.dob}\nИИН: {P1.iin}\nДокумент: удостоверение личности № {IDC}, выдано МВД РК\nМоб. телефон: {PHONE}\nE-mail: {P1.email}\nИсточник средств: заработная плата\nПубличное должностное лицо: нет",
        "Банк запрашивает обновление сведений. Клиент {P1.short} (ИИН {P1.iin}) сообщил новый номер {PHONE} и паспорт {PASS}. Счёт {IBAN} остаётся основным. Заявка {neg_order}, принята в {neg_time}; старый ИИН из анкеты {neg_iin} не прошёл проверку.",
        "Уважаемый(-ая) {PR1.go}! В рамках процедуры «Знай своего клиента» просим до {neg_date} подтвердить данные: дата рождения — {PR1.dob}, контактный адрес {PR1.email}. Карта {neg_mask} будет временно ограничена. Служба комплаенса, тел. {PHONEL}.",
    ],
    "notary_poa": [
        "ДОВЕРЕННОСТЬ\nг. Алматы, {neg_date}\nЯ, {P1}, {P1.dob} рождения, ИИН {P1.iin}, удостоверение личности № {IDC}, настоящей доверенностью уполномочиваю {P2.acc} представлять мои интересы в органах юстиции.\nНотариус {P3.short}, лицензия {neg_order}.",
        "Нотариальная контора «Нотариус Абай» (БИН {BIN}). Доверенность на продажу автомобиля {neg_plate} выдана доверителем {P1.ins} на имя {P2.gen}, паспорт поверенного {PASS}. Реестровый {neg_order}, госпошлина {neg_amount}.",
    ],
    "job_interview": [
        "Здравствуйте, {P1.go}!\nПриглашаем вас на собеседование на позицию «Аналитик данных» {neg_date} в {neg_time}. Интервьюер — {P2}. Если время не подходит, напишите на {EMAIL} или позвоните {PHONE}.\nС уважением, HR ТОО «Кайсар Логистик»",
        "Приглашение на интервью №{neg_order}\nКандидат: {P1.short}\nКонтакт: {P1.email}, {PHONE}\nСсылка на видеозвонок будет отправлена за час. Резюме файл {neg_file} получено.",
    ],
    "taxi_delivery_chat": [
        "Чат поддержки такси\nКлиент: водитель не приехал, списали {neg_amount} с карты {neg_mask}\nОператор: {P1.given}, уточните номер телефона в профиле\nКлиент: {PHONE}\nОператор: вижу заказ {neg_order}, машина {neg_plate}, водитель {P2.short2}. Оформим возврат.",
        "доставка: курьер {P1.low} звонил с {PHONE} но я был на работе((\nподдержка: здравствуйте! перенесём на {neg_time}. для связи оставьте e-mail\nклиент: {EMAIL} и второй номер {PHONE2}, старый {neg_phone} уже не работает",
    ],
    "customs_declaration": [
        "ТАМОЖЕННАЯ ДЕКЛАРАЦИЯ НА ПОЧТОВОЕ ОТПРАВЛЕНИЕ\nПолучатель: {P1.caps}\nИИН получателя: {P1.iin}\nПаспорт: {PASS}\nТелефон: {PHONEF}\nСодержимое: наушники, {neg_amount}\nТрек-номер: {neg_order}\nИндекс: {neg_post}",
        "Уведомление КГД: посылка для {P1.gen} задержана на таможне. Необходимо указать ИИН (указан неверный: {neg_iin}) и оплатить пошлину на счёт {IBAN}, БИН получателя платежа {BIN}. Справки: {PHONEL}.",
    ],
    "dormitory_application": [
        "Ректору КазНУ им. аль-Фараби\nот {P1.gen}, обучающегося на 1 курсе\n(ИИН {P1.iin}, дата рождения {P1.dob}, тел. {PHONE})\n\nЗАЯВЛЕНИЕ\nПрошу предоставить место в общежитии № 7 на {neg_date}. Почта для ответа: {P1.email}",
        "Список на заселение (общежитие «Айгерим»):\n1) {P1.short} — ИИН {P1.iin}, комната 412\n2) {P2.short} — ИИН {P2.iin}, комната 415\n3) {P3.short} — ИИН {neg_iin} (ошибка, уточнить), комната 415",
    ],
    "clinic_sms": [
        "Поликлиника №5: {P1.go}, вы записаны к терапевту {neg_date} в {neg_time}, каб. 214. Отмена: {PHONEL}",
        "Напоминание: {P1.short}, д.р. {P1.dob}, приём у врача {P2.short} завтра. Перезвоните на {PHONE}. Анализы по ссылке отправлены на {P1.email}.",
    ],
    "car_sale_contract": [
        "ДОГОВОР КУПЛИ-ПРОДАЖИ ТРАНСПОРТНОГО СРЕДСТВА\nПродавец: {P1}, ИИН {P1.iin}, удостоверение личности № {IDC}\nПокупатель: {P2}, ИИН {P2.iin}, тел. {PHONE}\nАвтомобиль Toyota Camry, г/н {neg_plate}, цена {neg_amount}.\nОплата переводом на счёт продавца {IBAN}.",
        "Покупатель {P1.short} передал продавцу {P2.dat} задаток {neg_amount}. Реквизиты карты покупателя {CARD}. Дата сделки {neg_date}. Подпись: ____ {P2.short}",
    ],
    "marketplace_dispute": [
        "Спор по заказу {neg_order}\nПродавец: ИП «Тулегенов» (БИН {BIN})\nПокупатель: {P1.fi}, {PHONE}\nСуть: товар не соответствует описанию. Возврат {neg_amount} на карту {CARD}.\nВложение: {neg_file}",
        "Арбитраж Kaspi: продавец {P1.go} утверждает, что отправил товар; покупатель ({EMAIL}) заявляет, что посылка пуста. Данные карты в чате {neg_card} — номер некорректен. IP покупателя при оформлении: {IP}.",
    ],
    "hr_sick_leave": [
        "Служебная записка\nСотрудник {P1}, табельный {neg_order}, отсутствовал с {neg_date} по болезни. Лист временной нетрудоспособности представлен. Начальник отдела: {P2.short}",
        "HR, добрый день. {P1.given} на больничном, лист нетрудоспособности выдан поликлиникой. ИИН сотрудника {P1.iin}, для связи {PHONE}. Пособие перечислить на {IBAN}. С надеждой на скорое выздоровление, коллектив.",
    ],
    "insurance_schedule": [
        "ПОЛИС ОГПО ВТС {neg_policy}\nСтрахователь: {P1.caps}\nИИН: {P1.iin}\nДата рождения: {P1.dob}\nТС: {neg_plate}\nСтраховая премия: {neg_amount}\nСрок действия: до {neg_date}",
        "Приложение к договору страхования: застрахованные лица — {P1.short} (ИИН {P1.iin}), {P2.short} (ИИН {P2.iin}). Выгодоприобретатель {P3}, счёт {IBAN}. Страховщик АО «Номад» (БИН {BIN}).",
    ],
    "akimat_request": [
        "Акиму района Есиль\nот {P1.gen}, ИИН {P1.iin}, тел. {PHONE}\nОбращение: на ул. Кенесары не работает освещение с {neg_date}. Прошу принять меры. Ответ направить на {P1.email}.",
        "eOtinish: обращение {neg_order} заявителя {P1.gen} передано в отдел ЖКХ. Исполнитель {P2.short}, срок {neg_date}. Заявитель указал IP {IP} при подаче и дополнительный номер {PHONE}.",
    ],
    "hotel_booking": [
        "Подтверждение бронирования {neg_order}\nГость: {P1.fi}\nЗаезд: {neg_date}, 14:00\nНомер: стандарт, 2 ночи, {neg_amount}\nОплачено картой {neg_mask}\nВопросы: {EMAIL}, {PHONEL}",
        "Отель «Казжол» сообщает: для гостя {P1.gen} (паспорт {PASS}, д.р. {P1.dob}) бронь подтверждена. Гарантия картой {CARD}. Wi-Fi: сеть Guest, ваш IP {IP}.",
    ],
    "payroll_slip": [
        "РАСЧЁТНЫЙ ЛИСТ за октябрь\nСотрудник: {P1.short}\nИИН: {P1.iin}\nОклад: {neg_amount}\nИПН: 10%, ОПВ: 10%\nК выплате перечислено на {IBAN}",
        "payroll_export.csv\niin;fio;iban;net\n{P1.iin};{P1.short};{IBAN};{neg_amount}\n{P2.iin};{P2.short};{IBAN2};{neg_amount.2}\n{neg_num12};тест;{neg_iban};0",
    ],
}
TEMPLATES["kk"] = {
    "bank_kyc": [
        "КЛИЕНТ САУАЛНАМАСЫ\nТегі, аты, әкесінің аты: {P1}\nТуған күні: {P1.dob}\nЖСН: {P1.iin}\nЖеке куәлік № {IDC}\nҰялы телефон: {PHONE}\nЭлектрондық пошта: {P1.email}\nҚаражат көзі: жалақы",
        "Құрметті {P1.go}! Банк деректеріңізді жаңартуды сұрайды: төлқұжат {PASS}, телефон {PHONE}. Өтінім {neg_order} сағат {neg_time}-да қабылданды. Бұрынғы ЖСН {neg_iin} тексеруден өтпеді.",
        "KYC тексерісі: клиент {P1.short}, ЖСН {P1.iin}, шот {IBAN}. Карта {neg_mask} уақытша бұғатталды. Байланыс: {PHONEL}.",
    ],
    "notary_poa": [
        "СЕНІМХАТ\nАлматы қаласы, {neg_date}\nМен, {P1}, {P1.dob} туылған, ЖСН {P1.iin}, жеке куәлік № {IDC}, осы сенімхатпен {P2.acc} менің атымнан әрекет етуге уәкілеттік беремін.\nНотариус {P3.short}",
        "«Нотариус Абай» кеңсесі (БСН {BIN}). {P1.gen} атынан {P2.dat} көлік {neg_plate} сату құқығына сенімхат берілді. Сенім білдірілген адамның төлқұжаты {PASS}, мемлекеттік баж {neg_amount}.",
    ],
    "job_interview": [
        "Сәлеметсіз бе, {P1.go}!\nСізді «Деректер талдаушысы» лауазымына сұхбатқа шақырамыз: {neg_date}, сағат {neg_time}. Сұхбат жүргізуші — {P2}. Сұрақтар болса, {EMAIL} поштасына жазыңыз немесе {PHONE} нөміріне хабарласыңыз.",
        "Сұхбатқа шақыру {neg_order}\nҮміткер: {P1.short}\nБайланыс: {P1.email}, {PHONE}\nТүйіндеме файлы {neg_file} алынды.",
    ],
    "taxi_delivery_chat": [
        "такси қолдау чаты\nклиент: жүргізуші келмеді, картадан {neg_amount} алынып кетті\nоператор: {P1.given_dat} рахмет, профильдегі нөміріңізді жазыңызшы\nклиент: {PHONE}\nоператор: тапсырыс {neg_order}, көлік {neg_plate}, жүргізуші {P2.short2}. ақшаны қайтарамыз",
        "курьер {P1.low} звонил {PHONE} нөмірінен, мен үйде болмадым(( қайта әкелесіздер ме? почтам {EMAIL}, екінші нөмір {PHONE2}, ескі {neg_phone} нөмірі істемейді",
    ],
    "customs_declaration": [
        "ПОШТА ЖӨНЕЛТІЛІМІНЕ КЕДЕНДІК ДЕКЛАРАЦИЯ\nАлушы: {P1.caps}\nАлушының ЖСН: {P1.iin}\nТөлқұжат: {PASS}\nТелефон: {PHONEF}\nМазмұны: құлаққап, {neg_amount}\nТрек-нөмір: {neg_order}\nПошта индексі: {neg_post}",
        "МКК хабарламасы: {P1.dat} арналған сәлемдеме кеденде ұсталды. ЖСН қате көрсетілген ({neg_iin}). Баж салығын {IBAN} шотына төлеңіз, алушы БСН {BIN}. Анықтама: {PHONEL}.",
    ],
    "dormitory_application": [
        "Әл-Фараби атындағы ҚазҰУ ректорына\n1 курс студенті {P1.gen}\n(ЖСН {P1.iin}, туған күні {P1.dob}, тел. {PHONE})\n\nӨТІНІШ\nМаған № 7 жатақханадан орын беруіңізді сұраймын. Жауапты {P1.email} поштасына жіберіңіз.",
        "Жатақханаға қоныстандыру тізімі:\n1) {P1.short} — ЖСН {P1.iin}, 412 бөлме\n2) {P2.short} — ЖСН {P2.iin}, 415 бөлме\n3) {P3.short} — ЖСН {neg_iin} (қате, нақтылау керек)",
    ],
    "clinic_sms": [
        "№5 емхана: {P1.go}, сіз {neg_date} күні сағат {neg_time}-ға терапевтке жазылдыңыз, 214 кабинет. Бас тарту: {PHONEL}",
        "Еске салу: {P1.short}, т.к. {P1.dob}, ертең дәрігер {P2.short} қабылдауы. {PHONE} нөміріне қайта қоңырау шалыңыз. Талдау нәтижелері {P1.email} поштасына жіберілді.",
    ],
    "car_sale_contract": [
        "КӨЛІК ҚҰРАЛЫН САТУ-САТЫП АЛУ ШАРТЫ\nСатушы: {P1}, ЖСН {P1.iin}, жеке куәлік № {IDC}\nСатып алушы: {P2}, ЖСН {P2.iin}, тел. {PHONE}\nКөлік: Hyundai Tucson, мемлекеттік нөмірі {neg_plate}, бағасы {neg_amount}.\nТөлем сатушының {IBAN} шотына аударылады.",
        "Сатып алушы {P1.short} сатушы {P2.dat} {neg_amount} кепілақы берді. Сатып алушының картасы {CARD}. Мәміле күні {neg_date}.",
    ],
    "marketplace_dispute": [
        "Тапсырыс бойынша дау {neg_order}\nСатушы: «Тұлпар Трейд» ЖШС (БСН {BIN})\nСатып алушы: {P1.fi}, {PHONE}\nМәні: тауар сипаттамаға сай емес. {neg_amount} сомасы {CARD} картасына қайтарылсын.",
        "Kaspi арбитражы: сатушы {P1.go} тауарды жібергенін айтады, сатып алушы ({EMAIL}) қорап бос келді дейді. Чаттағы карта нөмірі {neg_card} — жарамсыз. Рәсімдеу кезіндегі IP: {IP}.",
    ],
    "hr_sick_leave": [
        "Қызметтік жазба\nҚызметкер {P1}, табель нөмірі {neg_order}, {neg_date} бастап науқастануына байланысты жұмысқа келмеді. Еңбекке уақытша жарамсыздық парағы ұсынылды. Бөлім басшысы: {P2.short}",
        "HR, сәлеметсіз бе. {P1.given} ауырып қалды, емхана еңбекке жарамсыздық парағын берді. ЖСН {P1.iin}, байланыс {PHONE}. Жәрдемақыны {IBAN} шотына аударыңыз. Бақыт пен денсаулық тілейміз!",
    ],
    "insurance_schedule": [
        "КӨЛІК ИЕЛЕРІНІҢ ЖАУАПКЕРШІЛІГІН САҚТАНДЫРУ ПОЛИСІ {neg_policy}\nСақтанушы: {P1.caps}\nЖСН: {P1.iin}\nТуған күні: {P1.dob}\nКөлік: {neg_plate}\nСыйлықақы: {neg_amount}",
        "Сақтандыру шартына қосымша: сақтандырылған адамдар — {P1.short} (ЖСН {P1.iin}), {P2.short} (ЖСН {P2.iin}). Пайда алушы {P3}, шоты {IBAN}. Сақтандырушы «Номад» АҚ (БСН {BIN}).",
    ],
    "akimat_request": [
        "Есіл ауданының әкіміне\n{P1.gen} (ЖСН {P1.iin}, тел. {PHONE}) атынан\nӨтініш: Кенесары көшесінде {neg_date} бастап жарық жанбайды. Шара қолдануыңызды сұраймын. Жауапты {P1.email} поштасына жіберіңіз.",
        "eOtinish: азамат {P1.gen} {neg_order} өтініші ТКШ бөліміне жіберілді. Орындаушы {P2.short}, мерзімі {neg_date}. Өтініш берушінің IP мекенжайы {IP}, қосымша нөмірі {PHONE}.",
    ],
    "hotel_booking": [
        "Брондауды растау {neg_order}\nҚонақ: {P1.fi}\nКелу күні: {neg_date}, 14:00\nБөлме: стандарт, 2 түн, {neg_amount}\nКарта {neg_mask} арқылы төленді\nСұрақтар: {EMAIL}, {PHONEL}",
        "«Қазжол» қонақүйі: {P1.dat} (төлқұжат {PASS}, туған күні {P1.dob}) бронь расталды. Кепілдік картасы {CARD}. Wi-Fi желісіндегі IP мекенжайыңыз {IP}.",
    ],
    "payroll_slip": [
        "ЕСЕП ПАРАҒЫ, қазан айы\nҚызметкер: {P1.short}\nЖСН: {P1.iin}\nЛауазымдық айлық: {neg_amount}\nЖТС: 10%, МЗЖ: 10%\nТөленетін сома {IBAN} шотына аударылды",
        "жалақы_экспорт.csv\nжсн;аты-жөні;жск;сома\n{P1.iin};{P1.short};{IBAN};{neg_amount}\n{P2.iin};{P2.short};{IBAN2};{neg_amount.2}\n{neg_num12};тест;{neg_iban};0",
    ],
}
TEMPLATES["en"] = {
    "bank_kyc": [
        "CUSTOMER DUE DILIGENCE FORM\nFull name: {P1}\nDate of birth: {P1.dob}\nIIN: {P1.iin}\nID document: identity card No. {IDC}\nMobile: {PHONE}\nEmail: {P1.email}\nSource of funds: salary\nPEP: no",
        "KYC refresh for client {P1.short}: passport {PASS}, phone {PHONEF}, IBAN {IBANF}. Ticket {neg_order} opened at {neg_time}. The IIN supplied earlier ({neg_iin}) failed the checksum and was rejected.",
        "Dear {P1.go}, as part of our Know Your Customer review please confirm by {neg_date} that your date of birth is {P1.dob} and your contact email is {P1.email}. Card {neg_mask} has been temporarily limited. Compliance desk: {PHONEL}.",
    ],
    "notary_poa": [
        "POWER OF ATTORNEY\nAlmaty, {neg_date}\nI, {P1}, born {P1.dob}, IIN {P1.iin}, passport {PASS}, hereby authorise {P2} to act on my behalf before the registration authorities.\nNotary: {P3.short}, licence {neg_order}",
        'Notarial office "Lincoln & Partners" (BIN {BIN}) certified a power of attorney from {P1.short2} to {P2.fi} for the sale of vehicle {neg_plate}. State duty {neg_amount}.',
    ],
    "job_interview": [
        "Hi {P1.go},\nThank you for applying for the Data Analyst role. We would like to invite you to an interview on {neg_date} at {neg_time}. Your interviewer will be {P2}. If the slot does not work, reply to {EMAIL} or call {PHONE}.\nBest regards,\nTalent team",
        "Interview invitation {neg_order}\nCandidate: {P1.short}\nContact: {P1.email}, {PHONEF}\nCV file {neg_file} received; the video link follows one hour before the call.",
    ],
    "taxi_delivery_chat": [
        "Ride support chat\nRider: the driver never showed up and {neg_amount} was charged to card {neg_mask}\nAgent: Sorry about that! Could you confirm the phone on your profile?\nRider: {PHONE}\nAgent: I see ride {neg_order}, car {neg_plate}, driver {P1.short2}. Refund issued.",
        "courier {P1.low} called me from {PHONE} but i was at work lol. can u redeliver after {neg_time}? my email is {EMAIL} and backup number {PHONE2} (old one {neg_phone} is dead)",
    ],
    "customs_declaration": [
        "CUSTOMS DECLARATION CN22\nRecipient: {P1.caps}\nRecipient IIN: {P1.iin}\nPassport: {PASS}\nPhone: {PHONEF}\nContents: headphones, value {neg_amount}\nTracking: {neg_order}\nPostcode: {neg_post}",
        "State Revenue notice: the parcel addressed to {P1.fi} is held at customs because the IIN entered ({neg_iin}) is invalid. Pay the duty to {IBAN}, payee BIN {BIN}. Enquiries: {PHONEL}.",
    ],
    "dormitory_application": [
        "To the Rector of Satbayev University\nFrom: {P1}, first-year student\nIIN {P1.iin}, date of birth {P1.dob}, phone {PHONE}\n\nAPPLICATION\nI kindly request a place in Dormitory No. 3 from {neg_date}. Please reply to {P1.email}.",
        "Dorm allocation list\n1) {P1.short} - IIN {P1.iin} - room 412\n2) {P2.short} - IIN {P2.iin} - room 415\n3) {P3.short} - IIN {neg_iin} (typo, check) - room 415",
    ],
    "clinic_sms": [
        "City Clinic 5: {P1.go}, your appointment with the GP is on {neg_date} at {neg_time}, room 214. To cancel call {PHONEL}.",
        "Reminder: {P1.short} (DOB {P1.dob}) - appointment with Dr. {P2.short2} tomorrow. Please call back on {PHONE}. Lab results were sent to {P1.email}.",
    ],
    "car_sale_contract": [
        "VEHICLE SALE AGREEMENT\nSeller: {P1}, IIN {P1.iin}, ID card No. {IDC}\nBuyer: {P2}, IIN {P2.iin}, tel. {PHONE}\nVehicle: Kia Sportage, plate {neg_plate}, price {neg_amount}.\nPayment by transfer to the seller's account {IBAN}.",
        "The buyer, {P1.short}, paid a deposit of {neg_amount} to the seller, {P2.fi}, from card {CARD} on {neg_date}. Signed: ______ {P2.short}",
    ],
    "marketplace_dispute": [
        "Dispute {neg_order}\nSeller: Ford Parts Ltd (BIN {BIN})\nBuyer: {P1.fi}, {PHONE}\nIssue: item not as described. Refund {neg_amount} to card {CARD}.\nAttachment: {neg_file}",
        "Marketplace arbitration: seller {P1.go} says the item was shipped; the buyer ({EMAIL}) says the box was empty. The card number pasted in chat, {neg_card}, fails validation. Buyer IP at checkout: {IPV6}.",
    ],
    "hr_sick_leave": [
        "Memo\nEmployee {P1}, staff no. {neg_order}, has been absent on sick leave since {neg_date}. A medical certificate was provided. Line manager: {P2.short}.",
        "Hi HR, {P1.given} is off sick this week, the clinic issued a certificate. IIN {P1.iin}, contact {PHONE}. Please pay the benefit to {IBAN}.",
    ],
    "insurance_schedule": [
        "POLICY SCHEDULE {neg_policy}\nPolicyholder: {P1.caps}\nIIN: {P1.iin}\nDate of birth: {P1.dob}\nVehicle: {neg_plate}\nPremium: {neg_amount}\nGrace period: 30 days\nValid until {neg_date}",
        "Schedule of insured persons: {P1.short} (IIN {P1.iin}), {P2.short} (IIN {P2.iin}). Beneficiary: {P3}, account {IBANF}. Insurer: Nomad Insurance JSC (BIN {BIN}).",
    ],
    "akimat_request": [
        "To the Akim of Yesil district\nFrom {P1}, IIN {P1.iin}, tel. {PHONE}\nRequest: the street lights on Kenesary street have been off since {neg_date}. Please take action and reply to {P1.email}.",
        "eOtinish: citizen request {neg_order} from {P1.fi} was forwarded to the housing department. Assignee {P2.short}, due {neg_date}. Submitted from IP {IP}; extra contact {PHONE}.",
    ],
    "hotel_booking": [
        "Booking confirmation {neg_order}\nGuest: {P1.fi}\nCheck-in: {neg_date}, 2:00 PM\nRoom: Standard, 2 nights, {neg_amount}\nPaid with card {neg_mask}\nQuestions: {EMAIL}, {PHONEL}",
        "Hotel Rixos confirms the reservation for {P1} (passport {PASS}, born {P1.dob}). Guarantee card: {CARD}. Your Wi-Fi IP: {IP}. App {neg_ver}.",
    ],
    "payroll_slip": [
        "PAYSLIP - October\nEmployee: {P1.short}\nIIN: {P1.iin}\nBase salary: {neg_amount}\nIPN 10%, OPV 10%\nNet pay transferred to {IBAN}",
        "payroll_export.csv\niin,name,iban,net\n{P1.iin},{P1.short},{IBAN},{neg_amount}\n{P2.iin},{P2.short},{IBAN2},{neg_amount.2}\n{neg_num12},test,{neg_iban},0",
    ],
}

PH = re.compile(r"\{([A-Za-z_0-9.]+)\}")


def render(tpl, lang, rng):
    people = {}
    cache = {}
    text = []
    spans = []
    pos = 0
    last = 0
    for m in PH.finditer(tpl):
        lit = tpl[last : m.start()]
        text.append(lit)
        pos += len(lit)
        last = m.end()
        key = m.group(1)
        if key not in cache:
            cache[key] = resolve(key, lang, rng, people)
        val, ent = cache[key]
        text.append(val)
        if ent:
            spans.append({"start": pos, "end": pos + len(val), "entity": ent, "_v": val})
        pos += len(val)
    text.append(tpl[last:])
    t = "".join(text)
    for s in spans:
        assert t[s["start"] : s["end"]] == s.pop("_v")
    return t, spans


def person(name, lang, rng, people):
    if name not in people:
        culture = lang
        if name.startswith("PK"):
            culture = "kk"
        elif name.startswith("PR"):
            culture = "ru"
        elif name.startswith("PE"):
            culture = "en"
        # Russian records mix Russian and Russified Kazakh surnames (both are in RU_SUR)
        p = Person(lang, rng, culture)
        people[name] = p
    return people[name]


def resolve(key, lang, rng, people):
    if key.startswith("P") and key[1:2].isalpha() is False or re.match(r"^P[KRE]?\d", key):
        name, _, form = key.partition(".")
        p = person(name, lang, rng, people)
        form = form or "nom"
        if form == "iin":
            return p.iin, "KZ_IIN"
        if form == "dob":
            return fmt_dob(rng, p.dob, lang), "DATE_OF_BIRTH"
        if form == "email":
            return make_email(rng, p), "EMAIL_ADDRESS"
        if form == "year":
            return str(p.dob.year), None
        return p.forms[form], "PERSON"
    if key.startswith(("neg_",)):
        return neg_value(key.split(".")[0], rng, lang), None
    k = key.rstrip("0123456789")
    if k == "BIN":
        return make_bin(rng), "KZ_BIN"
    if k == "PASS":
        return make_passport(rng), "KZ_PASSPORT"
    if k == "IDC":
        return make_idcard(rng), "KZ_ID_CARD"
    if k == "PHONE":
        return make_phone(rng), "PHONE_NUMBER"
    if k == "PHONEL":
        return make_landline(rng), "PHONE_NUMBER"
    if k == "PHONEF":
        return make_foreign_phone(rng), "PHONE_NUMBER"
    if k == "EMAIL":
        return make_email(rng), "EMAIL_ADDRESS"
    if k == "IBAN":
        return make_iban(rng), "IBAN_CODE"
    if k == "IBANF":
        return make_foreign_iban(rng), "IBAN_CODE"
    if k == "CARD":
        return make_card(rng), "CREDIT_CARD"
    if k == "IP":
        return make_ip(rng), "IP_ADDRESS"
    if k == "IPV":
        return make_ip6(rng), "IP_ADDRESS"  # key IPV6
    raise KeyError(key)


def main():
    rng = random.Random(SEED)
    target = {"ru": 120, "kk": 120, "en": 120}
    recs = []
    for lang in ("ru", "kk", "en"):
        tpls = [(g, t) for g, lst in TEMPLATES[lang].items() for t in lst]
        order = []
        while len(order) < target[lang]:
            block = tpls[:]
            rng.shuffle(block)
            order += block
        order = order[: target[lang]]
        for i, (genre, tpl) in enumerate(order, 1):
            text, spans = render(tpl, lang, rng)
            recs.append({"id": f"{lang}-{i:04d}", "lang": lang, "genre": genre, "text": text, "spans": spans})
    check(recs)
    with open(OUT, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    report(recs)


def check(recs):
    for r in recs:
        t = r["text"]
        prev = -1
        sp = sorted(r["spans"], key=lambda s: s["start"])
        for s in sp:
            assert s["start"] >= prev, ("overlap", r["id"])
            prev = s["end"]
            v = t[s["start"] : s["end"]]
            assert v == v.strip() and v, (r["id"], v)
            e = s["entity"]
            d = re.sub(r"\D", "", v)
            if e == "KZ_IIN":
                assert iin_ok(v) and kz_iin_validator.safe_validate_iin(v)[0] is not None
            if e == "KZ_BIN":
                assert iin_ok(v) and v[4] in "456" and v[5] in "0123"
            if e == "CREDIT_CARD":
                assert luhn_ok(d) and 13 <= len(d) <= 19
            if e == "IBAN_CODE":
                assert iban_ok(v)
            if e == "PHONE_NUMBER":
                assert phone_valid(v), v
            if e == "KZ_PASSPORT":
                assert re.fullmatch(r"N\d{8}", v)
            if e == "KZ_ID_CARD":
                assert re.fullmatch(r"\d{9}", v)
        # no unlabelled valid IIN/BIN or Luhn-valid 16-digit runs left in text
        covered = [(s["start"], s["end"]) for s in sp]
        for m in re.finditer(r"(?<!\d)\d{12}(?!\d)", t):
            if iin_ok(m.group()):
                assert any(a <= m.start() and m.end() <= b for a, b in covered), (r["id"], m.group())
        for m in re.finditer(r"(?<![\d ])\d{4} \d{4} \d{4} \d{4}(?![\d])", t):
            if luhn_ok(m.group()):
                assert any(a <= m.start() and m.end() <= b for a, b in covered), (r["id"], m.group())
        for m in re.finditer(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.(?:kz|ru|com|uk|org|net)\b", t):
            assert any(a <= m.start() and m.end() <= b for a, b in covered), (r["id"], m.group())
    assert len({r["id"] for r in recs}) == len(recs)


def report(recs):
    langs = Counter(r["lang"] for r in recs)
    ents = Counter((r["lang"], s["entity"]) for r in recs for s in r["spans"])
    print("records:", dict(langs), "total", len(recs))
    for e in sorted({e for _, e in ents}):
        print(
            f"  {e:14s}",
            " ".join(f"{l}={ents[(l, e)]:3d}" for l in ("ru", "kk", "en")),
            " total",
            sum(ents[(l, e)] for l in ("ru", "kk", "en")),
        )
    print(
        "genres:",
        len({r["genre"] for r in recs}),
        "templates:",
        {l: sum(len(v) for v in TEMPLATES[l].values()) for l in TEMPLATES},
    )
    print("records without spans:", sum(1 for r in recs if not r["spans"]))


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    main()
