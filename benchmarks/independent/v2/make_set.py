# ruff: noqa: E501, B023, N806, E402, PLW2901, E731, RUF012, SIM108, E741  # template tables and generator closures
#!/usr/bin/env python3
"""Build independent2.jsonl next to this script (held-out evaluation set #2).

Seeded, standard library only, plus two oracles used for self-checks:
kz-iin-validator (IIN checksum/date) and phonenumbers (numbering plans).
Run:  .venv/bin/python benchmarks/independent/v2/make_set.py
"""

import collections
import ipaddress
import json
import os
import random
import re

import phonenumbers

HERE = os.path.dirname(os.path.abspath(__file__))


# ====================================================================================================
# Part 1: value generators, checksums, name declension
# ====================================================================================================
import datetime as dt

from kz_iin_validator import safe_validate_iin

# ---------------------------------------------------------------- checksums
W1 = list(range(1, 12))
W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]


def kz_check(body):
    d = [int(c) for c in body]
    r = sum(a * b for a, b in zip(d, W1, strict=False)) % 11
    if r == 10:
        r = sum(a * b for a, b in zip(d, W2, strict=False)) % 11
        if r == 10:
            return None
    return r


def kz_valid(s):
    s = re.sub(r"\D", "", s)
    if len(s) != 12:
        return False
    c = kz_check(s[:11])
    return c is not None and c == int(s[11])


def iin_plausible(s):
    if s[6] not in "123456":
        return False
    cent = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}[s[6]]
    try:
        dt.date(cent + int(s[:2]), int(s[2:4]), int(s[4:6]))
        return True
    except ValueError:
        return False


def bin_plausible(s):
    return 1 <= int(s[2:4]) <= 12 and s[4] in "456" and s[5] in "0123"


def luhn_ok(s):
    d = [int(c) for c in re.sub(r"\D", "", s)][::-1]
    tot = 0
    for i, x in enumerate(d):
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        tot += x
    return tot % 10 == 0


def luhn_digit(partial):
    for c in "0123456789":
        if luhn_ok(partial + c):
            return c


IBAN_LEN = {"KZ": 20, "DE": 22, "GB": 22, "FR": 27, "TR": 26, "AE": 23, "GE": 22}


def _iban_num(s):
    return int("".join(str(int(c, 36)) for c in s))


def iban_valid(s):
    s = s.replace(" ", "")
    if len(s) < 4 or IBAN_LEN.get(s[:2]) != len(s):
        return False
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False
    return _iban_num(s[4:] + s[:4]) % 97 == 1


def iban_make(cc, bban):
    chk = 98 - _iban_num(bban + cc + "00") % 97
    s = f"{cc}{chk:02d}{bban}"
    assert iban_valid(s), s
    return s


def phone_valid(s):
    try:
        n = phonenumbers.parse(s, "KZ")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(n)


# ---------------------------------------------------------------- names
# (kk spelling, ru spelling, sex)
KAZ_FIRST = [
    ("Асқар", "Аскар", "m"),
    ("Ерлан", "Ерлан", "m"),
    ("Нұрлан", "Нурлан", "m"),
    ("Бауыржан", "Бауыржан", "m"),
    ("Дәурен", "Даурен", "m"),
    ("Қайрат", "Кайрат", "m"),
    ("Серік", "Серик", "m"),
    ("Ержан", "Ержан", "m"),
    ("Мұрат", "Мурат", "m"),
    ("Әлібек", "Алибек", "m"),
    ("Ғалым", "Галым", "m"),
    ("Төлеген", "Толеген", "m"),
    ("Жандос", "Жандос", "m"),
    ("Бекзат", "Бекзат", "m"),
    ("Дәулет", "Даулет", "m"),
    ("Тимур", "Тимур", "m"),
    ("Ерболат", "Ерболат", "m"),
    ("Нұржан", "Нуржан", "m"),
    ("Санжар", "Санжар", "m"),
    ("Бақытжан", "Бахытжан", "m"),
    ("Әділет", "Адилет", "m"),
    ("Еркебұлан", "Еркебулан", "m"),
    ("Олжас", "Олжас", "m"),
    ("Айгерім", "Айгерим", "f"),
    ("Гүлнар", "Гульнар", "f"),
    ("Ақмарал", "Акмарал", "f"),
    ("Динара", "Динара", "f"),
    ("Сәуле", "Сауле", "f"),
    ("Жанар", "Жанар", "f"),
    ("Мөлдір", "Молдир", "f"),
    ("Гүлжан", "Гульжан", "f"),
    ("Айжан", "Айжан", "f"),
    ("Құралай", "Куралай", "f"),
    ("Ұлжан", "Улжан", "f"),
    ("Назерке", "Назерке", "f"),
    ("Балнұр", "Балнур", "f"),
    ("Әсем", "Асем", "f"),
    ("Толқын", "Толкын", "f"),
    ("Әсел", "Асель", "f"),
    ("Жанна", "Жанна", "f"),
    ("Камила", "Камила", "f"),
    ("Дана", "Дана", "f"),
    ("Әлия", "Алия", "f"),
    ("Аружан", "Аружан", "f"),
    ("Индира", "Индира", "f"),
    ("Гаухар", "Гаухар", "f"),
    ("Шынар", "Шынар", "f"),
]
KAZ_FATHERS = [x for x in KAZ_FIRST if x[2] == "m"]
# (kk, ru) ; -ов/-ев/-ин take feminine -а
KAZ_SUR = [
    ("Ахметов", "Ахметов"),
    ("Сәрсенбаев", "Сарсенбаев"),
    ("Жұмабаев", "Жумабаев"),
    ("Қасымов", "Касымов"),
    ("Нұрғалиев", "Нургалиев"),
    ("Тоқтаров", "Токтаров"),
    ("Бекмұхамбетов", "Бекмухамбетов"),
    ("Әбішев", "Абишев"),
    ("Оспанов", "Оспанов"),
    ("Сүлейменов", "Сулейменов"),
    ("Құрманғалиев", "Курмангалиев"),
    ("Есенов", "Есенов"),
    ("Мұқанов", "Муканов"),
    ("Исабеков", "Исабеков"),
    ("Ермеков", "Ермеков"),
    ("Рахымжанов", "Рахимжанов"),
    ("Серікбаев", "Серикбаев"),
    ("Әбдіков", "Абдиков"),
    ("Тұрсынов", "Турсунов"),
    ("Байжанов", "Байжанов"),
    ("Сейітқали", "Сейткали"),
    ("Тоқтарбек", "Токтарбек"),
    ("Жақсылық", "Жаксылык"),
    ("Әбдірахман", "Абдрахман"),
    ("Мұхтар", "Мухтар"),
    ("Сатыбалды", "Сатыбалды"),
]
RUS_FIRST = [
    ("Иван", "m"),
    ("Сергей", "m"),
    ("Алексей", "m"),
    ("Дмитрий", "m"),
    ("Андрей", "m"),
    ("Михаил", "m"),
    ("Владимир", "m"),
    ("Николай", "m"),
    ("Олег", "m"),
    ("Евгений", "m"),
    ("Артём", "m"),
    ("Виктор", "m"),
    ("Мария", "f"),
    ("Елена", "f"),
    ("Ольга", "f"),
    ("Анна", "f"),
    ("Наталья", "f"),
    ("Татьяна", "f"),
    ("Ирина", "f"),
    ("Светлана", "f"),
    ("Екатерина", "f"),
    ("Юлия", "f"),
    ("Оксана", "f"),
    ("Людмила", "f"),
]
RUS_PATR = [
    ("Иванович", "Ивановна"),
    ("Сергеевич", "Сергеевна"),
    ("Петрович", "Петровна"),
    ("Александрович", "Александровна"),
    ("Николаевич", "Николаевна"),
    ("Владимирович", "Владимировна"),
    ("Михайлович", "Михайловна"),
    ("Андреевич", "Андреевна"),
    ("Викторович", "Викторовна"),
    ("Юрьевич", "Юрьевна"),
]
RUS_SUR = [
    "Иванов",
    "Петров",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Соколов",
    "Волков",
    "Морозов",
    "Лебедев",
    "Новиков",
    "Фёдоров",
    "Павлов",
    "Семёнов",
    "Голубев",
    "Никитин",
    "Ильин",
    "Зайцев",
    "Сорокин",
    "Шевченко",
    "Бондаренко",
    "Ким",
    "Пак",
    "Ли",
]
EN_FIRST = [
    ("James", "m"),
    ("Michael", "m"),
    ("David", "m"),
    ("Daniel", "m"),
    ("Thomas", "m"),
    ("Robert", "m"),
    ("Andrew", "m"),
    ("Peter", "m"),
    ("Richard", "m"),
    ("Steven", "m"),
    ("Emily", "f"),
    ("Sarah", "f"),
    ("Laura", "f"),
    ("Jessica", "f"),
    ("Hannah", "f"),
    ("Olivia", "f"),
    ("Rachel", "f"),
    ("Claire", "f"),
    ("Megan", "f"),
    ("Sophie", "f"),
    ("Katherine", "f"),
    ("Lucy", "f"),
]
EN_SUR = [
    "Smith",
    "Carter",
    "Thompson",
    "O'Connor",
    "Williams",
    "Brown",
    "Miller",
    "Walker",
    "Harris",
    "Clarke",
    "Evans",
    "Fischer",
    "McAllister",
    "Bennett",
    "Hughes",
    "Kowalski",
    "Novak",
    "Schneider",
    "Dubois",
    "Yilmaz",
    "Reid",
]
EN_MID = "ABCDEFGHJKLMPRSTW"

TR = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
            "a",
            "g",
            "k",
            "n",
            "o",
            "u",
            "u",
            "h",
            "i",
        ],
        strict=False,
    )
)
VOW = set("аеёиоуыэюяәөұүі")


def translit(word):
    out = []
    w = word.lower()
    for i, ch in enumerate(w):
        if ch == "й":
            nxt = w[i + 1] if i + 1 < len(w) else ""
            out.append("i" if (nxt == "" or nxt not in VOW) else "y")
        else:
            out.append(TR.get(ch, ch))
    s = "".join(out)
    return s[:1].upper() + s[1:]


def strip_kk(s):
    return s.translate(str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ"))


# ---------------------------------------------------------------- Russian declension
RU_CASES = ("gen", "dat", "acc", "ins", "prep")
HUSH = set("гкхжшчщ")


def ru_first(w, sex, case):
    if sex == "m":
        if w.endswith("ий"):
            return w[:-1] + {"gen": "я", "dat": "ю", "acc": "я", "ins": "ем", "prep": "и"}[case]
        if w.endswith("й"):
            return w[:-1] + {"gen": "я", "dat": "ю", "acc": "я", "ins": "ем", "prep": "е"}[case]
        if w[-1] in "жшчщц":
            return w + {"gen": "а", "dat": "у", "acc": "а", "ins": "ем", "prep": "е"}[case]
        return w + {"gen": "а", "dat": "у", "acc": "а", "ins": "ом", "prep": "е"}[case]
    if w.endswith("ия"):
        return w[:-1] + {"gen": "и", "dat": "и", "acc": "ю", "ins": "ей", "prep": "и"}[case]
    if w.endswith("я"):
        return w[:-1] + {"gen": "и", "dat": "е", "acc": "ю", "ins": "ей", "prep": "е"}[case]
    if w.endswith("а"):
        g = "и" if w[-2] in HUSH else "ы"
        return w[:-1] + {"gen": g, "dat": "е", "acc": "у", "ins": "ой", "prep": "е"}[case]
    if w.endswith("ь"):
        return w[:-1] + {"gen": "и", "dat": "и", "acc": "ь", "ins": "ью", "prep": "и"}[case]
    return w  # Айгерим, Сауле, Куралай: indeclinable


def ru_sur(w, sex, case):
    if sex == "m":
        if re.search(r"(ов|ев|ёв|ин|ын)$", w):
            return w + {"gen": "а", "dat": "у", "acc": "а", "ins": "ым", "prep": "е"}[case]
        if w[-1] not in VOW and w[-1] not in "йь":
            return w + {"gen": "а", "dat": "у", "acc": "а", "ins": "ом", "prep": "е"}[case]
        return w
    if re.search(r"(ова|ева|ёва|ина|ына)$", w):
        return w[:-1] + {"gen": "ой", "dat": "ой", "acc": "у", "ins": "ой", "prep": "ой"}[case]
    return w


def ru_patr(w, case):
    if w.endswith("ич"):
        return w + {"gen": "а", "dat": "у", "acc": "а", "ins": "ем", "prep": "е"}[case]
    return w[:-1] + {"gen": "ы", "dat": "е", "acc": "у", "ins": "ой", "prep": "е"}[case]


# ---------------------------------------------------------------- Kazakh declension (suffix on last word)
KK_CASES = ("gen", "dat", "acc", "abl", "ins", "loc")
KK_BACK = set("аоұыяё")
KK_FRONT = set("әөүіеэ")
KK_VOICELESS = set("кқпстфхцчшщбвгд")
KK_SON_NM = set("мнң")
KK_SON_R = set("рйуилзжю")


def kk_front(w):
    for ch in reversed(w.lower()):
        if ch in KK_BACK:
            return False
        if ch in KK_FRONT:
            return True
    return False


def kk_case(w, case):
    lw = w.lower()
    f = kk_front(w)
    for poss in ("ұлы", "қызы"):
        if lw.endswith(poss):
            return w + {"gen": "ның", "dat": "на", "acc": "н", "abl": "нан", "ins": "мен", "loc": "нда"}[case]
    last = lw[-1]
    vowel = last in "аәоөұүыіеэя"
    if vowel:
        cat = "V"
    elif last in KK_SON_NM:
        cat = "N"
    elif last in KK_SON_R:
        cat = "R"
    else:
        cat = "T"
    B = lambda back, front: front if f else back
    if case == "gen":
        s = {"V": B("ның", "нің"), "N": B("ның", "нің"), "R": B("дың", "дің"), "T": B("тың", "тің")}[cat]
    elif case == "dat":
        if cat == "T":
            s = "ке" if (f or last == "к") and last != "қ" else "қа"
        else:
            s = B("ға", "ге")
    elif case == "acc":
        s = {"V": B("ны", "ні"), "N": B("ды", "ді"), "R": B("ды", "ді"), "T": B("ты", "ті")}[cat]
    elif case == "abl":
        s = {"V": B("дан", "ден"), "N": B("нан", "нен"), "R": B("дан", "ден"), "T": B("тан", "тен")}[cat]
    elif case == "ins":
        s = {"V": "мен", "R": "мен", "N": "мен", "T": "пен"}[cat]
        if last in "зж":
            s = "бен"
    elif case == "loc":
        s = B("та", "те") if cat == "T" else B("да", "де")
    else:
        raise ValueError(case)
    return w + s


# ---------------------------------------------------------------- months
RU_MON_GEN = [
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
KK_MON_LOC = [
    "қаңтарда",
    "ақпанда",
    "наурызда",
    "сәуірде",
    "мамырда",
    "маусымда",
    "шілдеде",
    "тамызда",
    "қыркүйекте",
    "қазанда",
    "қарашада",
    "желтоқсанда",
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


def fmt_date(d, fmt):
    dd, mm, y = d.day, d.month, d.year
    return {
        "num": f"{dd:02d}.{mm:02d}.{y}",
        "num_g": f"{dd:02d}.{mm:02d}.{y} г.",
        "ru_w": f"{dd} {RU_MON_GEN[mm - 1]} {y}",
        "ru_w_g": f"{dd} {RU_MON_GEN[mm - 1]} {y} г.",
        "ru_w_goda": f"{dd} {RU_MON_GEN[mm - 1]} {y} года",
        "num_goda": f"{dd:02d}.{mm:02d}.{y} года",
        "kk_w": f"{y} жылғы {dd} {KK_MON[mm - 1]}",
        "kk_w_loc": f"{y} жылғы {dd} {KK_MON_LOC[mm - 1]}",
        "kk_zh_w": f"{y} ж. {dd} {KK_MON[mm - 1]}",
        "kk_zh_w_loc": f"{y} ж. {dd} {KK_MON_LOC[mm - 1]}",
        "num_zh": f"{dd:02d}.{mm:02d}.{y} ж.",
        "en_dmy": f"{dd} {EN_MON[mm - 1]} {y}",
        "en_mdy": f"{EN_MON[mm - 1]} {dd}, {y}",
        "en_dmy_abbr": f"{dd:02d} {EN_MON[mm - 1][:3]} {y}",
        "slash": f"{dd:02d}/{mm:02d}/{y}",
        "iso": f"{y}-{mm:02d}-{dd:02d}",
    }[fmt]


# formats per DOB context (span excludes the labels written in the template)
DOB_FMTS = {
    "ru_label": ["num", "num_g", "ru_w_g", "ru_w_goda", "ru_w", "num"],
    "ru_born": ["ru_w_g", "ru_w_goda", "num_g", "num"],
    "ru_bare": ["num", "ru_w"],  # template writes "г.р." / "года рождения" after
    "kk_label": ["kk_w", "num", "num_zh", "kk_zh_w", "num"],
    "kk_tugan": ["kk_w_loc", "num_zh", "kk_zh_w_loc", "kk_w"],  # template writes "туған" after
    "kk_bare": ["num"],  # template writes "ж.т." after
    "en_label": ["en_dmy", "en_mdy", "iso", "slash", "en_dmy_abbr"],
    "en_born": ["en_dmy", "en_mdy"],
    "iso": ["iso"],
    "num": ["num"],
    "slash": ["slash"],
}
DATE_FMTS = {
    "ru": ["num", "num", "ru_w_g", "num_g"],
    "kk": ["num", "kk_w", "num_zh", "kk_zh_w"],
    "en": ["en_dmy", "slash", "en_mdy", "en_dmy_abbr"],
    "iso": ["iso"],
    "num": ["num"],
}


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def digits(self, n):
        return "".join(self.r.choice("0123456789") for _ in range(n))

    # -------------------------------------------------- KZ ids
    def dob(self, lo=1950, hi=2006):
        start = dt.date(lo, 1, 1).toordinal()
        end = dt.date(hi, 12, 31).toordinal()
        return dt.date.fromordinal(self.r.randint(start, end))

    def iin(self, dob, sex):
        cent = (dob.year // 100) - 18  # 0:1800s 1:1900s 2:2000s
        cdig = 1 + 2 * cent + (0 if sex == "m" else 1)
        while True:
            body = f"{dob.year % 100:02d}{dob.month:02d}{dob.day:02d}{cdig}{self.digits(4)}"
            c = kz_check(body)
            if c is None:
                continue
            s = body + str(c)
            ok, err = safe_validate_iin(s)
            assert ok is not None, (s, err)
            return s

    def bin(self):
        while True:
            yy = self.r.randint(0, 24)
            body = (
                f"{yy:02d}{self.r.randint(1, 12):02d}{self.r.choice('4444456')}{self.r.choice('0000123')}"
                f"{self.digits(5)}"
            )
            c = kz_check(body)
            if c is None:
                continue
            s = body + str(c)
            assert kz_valid(s) and bin_plausible(s)
            return s

    def bad_kz(self, kind="iin"):
        """Checksum-invalid 12-digit IIN/BIN look-alike."""
        while True:
            s = self.iin(self.dob(), self.r.choice("mf")) if kind == "iin" else self.bin()
            mode = self.r.random()
            if mode < 0.6:
                s2 = s[:11] + self.r.choice([c for c in "0123456789" if c != s[11]])
            else:
                i = self.r.randint(0, 9)
                s2 = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
            if not kz_valid(s2):
                return s2

    def passport(self):
        return "N" + self.digits(8)

    def idcard(self):
        return self.r.choice("0000123") + self.digits(8)

    # -------------------------------------------------- phones
    KZ_MOB = [
        "700",
        "701",
        "702",
        "705",
        "706",
        "707",
        "708",
        "747",
        "760",
        "771",
        "775",
        "776",
        "777",
        "778",
    ]

    def phone_kz(self, style=None):
        while True:
            code = self.r.choice(self.KZ_MOB)
            sub = self.r.choice("23456789") + self.digits(6)
            a, b, c = sub[:3], sub[3:5], sub[5:]
            styles = [
                f"+7 {code} {a} {b} {c}",
                f"+7{code}{sub}",
                f"8 ({code}) {a}-{b}-{c}",
                f"8{code}{sub}",
                f"8 {code} {a} {b}{c}",
                f"+7 ({code}) {a}-{b}-{c}",
                f"8-{code}-{a}-{b}-{c}",
                f"+7-{code}-{a}-{b}-{c}",
                f"+7 {code} {sub}",
                f"8 {code} {a} {b} {c}",
            ]
            if style == "plain":
                s = self.r.choice([f"+7{code}{sub}", f"8{code}{sub}", f"7{code}{sub}"])
                if s.startswith("7"):
                    s = "+" + s if self.r.random() < 0.5 else s
            elif style == "e164":
                s = f"+7{code}{sub}"
            else:
                s = self.r.choice(styles)
            if s.startswith("7"):  # bare 77011234567: validate as +7
                if phone_valid("+" + s):
                    return s
                continue
            if phone_valid(s):
                return s

    def phone_land(self):
        while True:
            area = self.r.choice(["727", "7172", "7212", "7252", "7122", "7132", "7182", "7162"])
            n = 10 - len(area)
            sub = self.r.choice("2345") + self.digits(n - 1)
            if len(area) == 3:
                grp = f"{sub[:3]} {sub[3:5]} {sub[5:]}"
                grp2 = f"{sub[:3]}-{sub[3:5]}-{sub[5:]}"
            else:
                grp = f"{sub[:2]} {sub[2:4]} {sub[4:]}"
                grp2 = f"{sub[:2]}-{sub[2:4]}-{sub[4:]}"
            s = self.r.choice(
                [f"+7 {area} {grp}", f"8 ({area}) {grp2}", f"+7 ({area}) {grp2}", f"8 {area} {grp}"]
            )
            if phone_valid(s):
                return s

    def phone_intl(self):
        while True:
            k = self.r.choice(["ru", "ru2", "de", "tr", "ae", "us", "uz", "kg", "gb", "cn"])
            d = self.digits
            s = {
                "ru": lambda: f"+7 9{self.r.choice('0123689')}{d(1)} {d(3)}-{d(2)}-{d(2)}",
                "ru2": lambda: f"+7 (495) {d(3)}-{d(2)}-{d(2)}",
                "de": lambda: f"+49 15{self.r.choice('12')} {d(8)}",
                "tr": lambda: f"+90 53{d(1)} {d(3)} {d(2)} {d(2)}",
                "ae": lambda: f"+971 5{self.r.choice('025')} {d(3)} {d(4)}",
                "us": lambda: (
                    f"+1 ({self.r.choice(['212', '415', '617', '312'])}) {self.r.choice('2345678')}{d(2)}-{d(4)}"
                ),
                "uz": lambda: f"+998 9{self.r.choice('01347')} {d(3)} {d(2)} {d(2)}",
                "kg": lambda: f"+996 {self.r.choice(['555', '700', '770'])} {d(3)} {d(3)}",
                "gb": lambda: f"+44 7{self.r.choice('4579')}{d(2)} {d(6)}",
                "cn": lambda: f"+86 13{d(1)} {d(4)} {d(4)}",
            }[k]()
            try:
                n = phonenumbers.parse(s, None)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(n):
                return s

    def phone_bad(self):
        code = self.r.choice(["703", "704", "709", "740"])
        sub = self.digits(7)
        s = self.r.choice([f"+7 {code} {sub[:3]} {sub[3:5]} {sub[5:]}", f"8{code}{sub}"])
        assert not phone_valid(s)
        return s

    # -------------------------------------------------- IBAN / cards
    KZ_BANKS = ["601", "722", "856", "998", "965", "125", "914"]

    def iban(self, cc="KZ", grouped=None):
        d = self.digits
        if cc == "KZ":
            tail = self.r.choice(
                [
                    lambda: "KZT" + d(10),
                    lambda: d(13),
                    lambda: "S" + d(12),
                    lambda: "C" + d(12),
                    lambda: "000" + d(10),
                ]
            )()
            bban = self.r.choice(self.KZ_BANKS) + tail
        elif cc == "DE":
            bban = d(18)
        elif cc == "GB":
            bban = self.r.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + d(14)
        elif cc == "FR":
            bank, branch, acct = d(5), d(5), d(11)
            key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
            bban = f"{bank}{branch}{acct}{key:02d}"
        elif cc == "TR":
            bban = d(5) + "0" + d(16)
        elif cc == "AE":
            bban = self.r.choice(["033", "026", "030", "035"]) + d(16)
        elif cc == "GE":
            bban = self.r.choice(["TB", "BG", "LB"]) + d(16)
        s = iban_make(cc, bban)
        assert len(s) == IBAN_LEN[cc]
        if grouped is None:
            grouped = self.r.random() < 0.35
        if grouped:
            s = " ".join(s[i : i + 4] for i in range(0, len(s), 4))
        return s

    def iban_bad(self):
        while True:
            s = self.iban("KZ", grouped=False)
            i = self.r.randint(4, 19)
            if not s[i].isdigit():
                continue
            s2 = s[:i] + self.r.choice([c for c in "0123456789" if c != s[i]]) + s[i + 1 :]
            if not iban_valid(s2):
                return s2

    CARD_PREFIX = {
        "visa": ["440043", "400303", "427443", "404932", "417400", "453900", "422011"],
        "mc": ["516949", "539545", "552186", "544234", "222100", "271234"],
        "mir": ["220070", "220220"],
        "amex": ["374245", "378282"],
        "unionpay": ["624303", "621483"],
    }

    def card(self, net=None, sep=None):
        net = net or self.r.choice(["visa", "visa", "visa", "mc", "mc", "mir", "unionpay", "amex"])
        pre = self.r.choice(self.CARD_PREFIX[net])
        n = 15 if net == "amex" else 16
        num = pre + self.digits(n - len(pre) - 1)
        num += luhn_digit(num)
        assert luhn_ok(num)
        if sep is None:
            sep = self.r.choice([" ", " ", "", "-"])
        if net == "amex":
            return f"{num[:4]}{sep}{num[4:10]}{sep}{num[10:]}"
        return sep.join(num[i : i + 4] for i in range(0, 16, 4))

    def card_bad(self):
        while True:
            s = self.card(net=self.r.choice(["visa", "mc"]), sep=self.r.choice([" ", ""]))
            digits = s.replace(" ", "")
            i = self.r.randint(6, 15)
            d2 = digits[:i] + self.r.choice([c for c in "0123456789" if c != digits[i]]) + digits[i + 1 :]
            if not luhn_ok(d2):
                return " ".join(d2[k : k + 4] for k in range(0, 16, 4)) if " " in s else d2

    def card_masked(self):
        last = self.digits(4)
        return self.r.choice(
            [
                f"**** {last}",
                f"4400 43** **** {last}",
                f"*{last}",
                f"5169 **** **** {last}",
                f"xxxx-xxxx-xxxx-{last}",
                f"•••• {last}",
            ]
        )

    # -------------------------------------------------- net
    def ipv4(self):
        while True:
            if self.r.random() < 0.2:
                s = self.r.choice(
                    [
                        f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                        f"192.168.{self.r.randint(0, 20)}.{self.r.randint(2, 254)}",
                    ]
                )
            else:
                a = self.r.choice(
                    [
                        2,
                        5,
                        31,
                        37,
                        46,
                        77,
                        78,
                        82,
                        85,
                        89,
                        91,
                        92,
                        95,
                        176,
                        178,
                        185,
                        188,
                        194,
                        195,
                        212,
                        213,
                        217,
                    ]
                )
                s = f"{a}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"
            ipaddress.IPv4Address(s)
            return s

    def ipv6(self):
        h = lambda: f"{self.r.randint(0, 0xFFFF):x}"
        s = self.r.choice(
            [
                f"2a02:{h()}:{h()}:{h()}::{h()}",
                f"2001:db8:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}",
                f"fe80::{h()}:{h()}:{h()}:{h()}",
                f"2a03:{h()}:{h()}:{h()}:{h()}::1",
            ]
        )
        ipaddress.IPv6Address(s)
        return s


# ====================================================================================================
# Part 2: persons, slots, span bookkeeping
# ====================================================================================================
import itertools
import uuid as _uuid

# ---------------------------------------------------------------- vocab
CITY = {
    "ru": [
        "Алматы",
        "Астана",
        "Шымкент",
        "Караганда",
        "Актобе",
        "Павлодар",
        "Усть-Каменогорск",
        "Атырау",
        "Костанай",
        "Семей",
    ],
    "kk": [
        "Алматы",
        "Астана",
        "Шымкент",
        "Қарағанды",
        "Ақтөбе",
        "Павлодар",
        "Өскемен",
        "Атырау",
        "Қостанай",
        "Семей",
        "Тараз",
    ],
    "en": ["Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Pavlodar", "Atyrau"],
}
STREET_NEG = {
    "ru": [
        "ул. Абая",
        "пр. Аль-Фараби",
        "ул. Сатпаева",
        "ул. Толе би",
        "ул. Жандосова",
        "пр. Назарбаева",
        "ул. Пушкина",
        "ул. Гоголя",
        "ул. Байтурсынова",
        "ул. Кабанбай батыра",
    ],
    "kk": [
        "Абай даңғылы",
        "Сәтбаев көшесі",
        "Төле би көшесі",
        "Әл-Фараби даңғылы",
        "Жандосов көшесі",
        "Байтұрсынұлы көшесі",
        "Қабанбай батыр көшесі",
        "Пушкин көшесі",
    ],
    "en": [
        "Abay Avenue",
        "Satpayev Street",
        "Tole Bi Street",
        "Al-Farabi Avenue",
        "Kabanbay Batyr Avenue",
        "Pushkin Street",
    ],
}
STREET_OK = {
    "ru": [
        "ул. Желтоксан",
        "пр. Республики",
        "пр. Мангилик Ел",
        "ул. Сарыарка",
        "пр. Достык",
        "мкр. Самал-2",
        "мкр. Аксай-4",
        "ул. Туран",
    ],
    "kk": [
        "Желтоқсан көшесі",
        "Республика даңғылы",
        "Мәңгілік Ел даңғылы",
        "Сарыарқа даңғылы",
        "Достық даңғылы",
        "Тұран даңғылы",
        "Самал-2 шағын ауданы",
    ],
    "en": [
        "Dostyk Avenue",
        "Respublika Avenue",
        "Mangilik El Avenue",
        "Zheltoksan Street",
        "Samal-2 microdistrict",
        "Turan Avenue",
    ],
}
COMPANY = {
    "ru": [
        "КазТрансСервис",
        "Алтын Дала Агро",
        "Нур-Строй Инвест",
        "Степной Логистик",
        "ТехноМаркет KZ",
        "Жасыл Ел Групп",
        "Кайнар Энерго",
    ],
    "kk": [
        "ҚазТрансСервис",
        "Алтын Дала Агро",
        "Жасыл Ел Групп",
        "Қайнар Энерго",
        "Сарыарқа Логистик",
        "Ақ Жол Құрылыс",
    ],
    "en": [
        "Steppe Logistics",
        "Altyn Dala Agro",
        "KazTrans Service",
        "Zhasyl El Group",
        "Nomad Analytics",
        "Caspian Data Systems",
    ],
}
COMPANY_NEG = {
    "ru": ["ТОО «Абылай Хан Строй»", "ТОО «Кенесары Трейд»", "ИП «Мадина»", "ТОО «Тулпар-Мухтар»"],
    "kk": ["«Абылай хан Құрылыс» ЖШС", "«Кенесары Трейд» ЖШС", "«Мадина» ЖК"],
    "en": ["Ford Motor Company", "Johnson & Johnson", "Philip Morris", "McKinsey & Company", "Ernst & Young"],
}
IPNAME = ["Асель", "Мадина", "Нурлан", "Бахыт", "Арман", "Айгерим", "Жулдыз"]
UNI = {
    "ru": [
        ("КазНУ им. аль-Фараби", 1),
        ("ЕНУ им. Л.Н. Гумилёва", 1),
        ("КазНИТУ им. К.И. Сатпаева", 1),
        ("КарУ им. Е.А. Букетова", 1),
        ("Университет Нархоз", 0),
        ("КБТУ", 0),
        ("Astana IT University", 0),
    ],
    "kk": [
        ("Әл-Фараби атындағы ҚазҰУ", 1),
        ("Л.Н. Гумилев атындағы ЕҰУ", 1),
        ("Қ.И. Сәтбаев атындағы ҚазҰТЗУ", 1),
        ("Е.А. Бөкетов атындағы ҚарУ", 1),
        ("Нархоз университеті", 0),
        ("Astana IT University", 0),
    ],
    "en": [
        ("Nazarbayev University", 1),
        ("Satbayev University", 1),
        ("Al-Farabi Kazakh National University", 1),
        ("KIMEP University", 0),
        ("Astana IT University", 0),
        ("Kazakh-British Technical University", 0),
    ],
}
PLACE_NEG = {
    "ru": ["Жамбылская область", "г. Сатпаев", "с. Абай", "г. Шахтинск", "Абайская область"],
    "ru_prep": ["Жамбылской области", "г. Сатпаев", "селе Абай", "Абайской области"],
    "kk": ["Жамбыл облысы", "Сәтбаев қаласы", "Абай ауылы", "Абай облысы"],
    "kk_loc": ["Жамбыл облысында", "Сәтбаев қаласында", "Абай ауылында", "Абай облысында"],
    "en": ["Zhambyl Region", "Satpayev town", "Abai Region", "Abai village"],
}
CLINIC = {
    "ru": [
        ("ННЦХ им. А.Н. Сызганова", 1),
        ("МЦ «Авиценна»", 1),
        ("клинику «Гиппократ»", 1),
        ("клинику «Мейрим»", 0),
        ("городскую поликлинику № 7", 0),
    ],
    "kk": [("Авиценна", 1), ("Гиппократ", 1), ("Мейірім", 0), ("Сұңқар", 0), ("Шипагер", 0)],
    "en": [
        ("Florence Nightingale Hospital", 1),
        ("Johns Hopkins Medicine International", 1),
        ("American Hospital Dubai", 0),
        ("Memorial Hospital", 0),
        ("Mediclinic City Hospital", 0),
    ],
}
LAB = {
    "ru": [("Олимп", 0), ("Инвиво", 0), ("Гиппократ", 1), ("Лаборатория им. Павлова", 1)],
    "kk": [("Олимп", 0), ("Инвиво", 0), ("Гиппократ", 1)],
}
PHARM = {
    "ru": [("Europharma", 0), ("Биосфера", 0), ("Авиценна", 1), ("Аптека Садыхан", 1)],
    "kk": [("Europharma", 0), ("Биосфера", 0), ("Авиценна", 1), ("Садыхан", 1)],
    "en": [("Europharma online", 0), ("Biosfera Pharmacy", 0), ("Sadykhan Pharmacy", 1)],
}
HOTEL = [
    ("Rixos Almaty", 0),
    ("The Ritz-Carlton Almaty", 1),
    ("Hilton Astana", 1),
    ("Hotel Kazakhstan", 0),
    ("Marriott Almaty", 1),
    ("Novotel Almaty City Center", 0),
]
LANDMARK = [
    ("Abay Opera House", 1),
    ("Khan Shatyr", 0),
    ("Dostyk Plaza", 0),
    ("the Gumilyov University campus", 1),
    ("Mega Alma-Ata", 0),
    ("Panfilov Park", 1),
]
OSI = {
    "ru": [("«Дом на Абая 52»", 1), ("ЖК «Нурлы Тау»", 0), ("«Сатпаева 30А»", 1)],
    "kk": [("«Абай 52»", 1), ("«Нұрлы Тау»", 0), ("«Сәтбаев 30А»", 1)],
}
WORDNAME = {
    "ru": ["вера в лучшее", "надежда на скорый ответ", "любовь к порядку", "букет роз"],
    "kk": ["бақыт пен арман", "жұлдыз сияқты", "сәуле түсіп тұр"],
    "en": ["grace period", "hope this helps", "will be billed", "mark as read"],
}
EMAIL_DOM = [
    "mail.ru",
    "gmail.com",
    "mail.kz",
    "inbox.ru",
    "yandex.kz",
    "bk.ru",
    "list.ru",
    "outlook.com",
    "icloud.com",
    "yahoo.com",
]
ORG_EMAIL = [
    "info@nomad-ins.kz",
    "claims@eurasia-ins.kz",
    "kgd@kgd.gov.kz",
    "admissions@satbayev.university",
    "support@caspian-data.kz",
    "hr@altyndala.kz",
    "office@notary-almaty.kz",
    "help@europharma.kz",
    "priem@kaznu.kz",
    "service@jolaushy.kz",
]


class Person:
    def __init__(self, g, eth, sex=None, age="adult"):
        r = g.r
        self.eth = eth
        if eth == "kaz":
            pool = [x for x in KAZ_FIRST if sex in (None, "any", x[2])]
            kk, ru, s = r.choice(pool)
            self.sex = s
            fk, fr, _ = r.choice(KAZ_FATHERS)
            sk, sr = r.choice(KAZ_SUR)
            if s == "f" and re.search(r"(ов|ев|ин)$", sr):
                sk, sr = sk + "а", sr + "а"
            self.first_kk, self.first_ru = kk, ru
            self.sur_kk, self.sur_ru = sk, sr
            self.patr_kk = fk + ("ұлы" if s == "m" else "қызы")
            self.patr_ru = fr + ("ович" if s == "m" else "овна")
            self.first_en, self.sur_en = translit(ru), translit(sr)
            self.mid_en = translit(fr)[0]
        elif eth == "rus":
            pool = [x for x in RUS_FIRST if sex in (None, "any", x[1])]
            f, s = r.choice(pool)
            self.sex = s
            sur = r.choice(RUS_SUR)
            if s == "f" and re.search(r"(ов|ев|ин)$", sur):
                sur += "а"
            pm, pf = r.choice(RUS_PATR)
            self.first_kk = self.first_ru = f
            self.sur_kk = self.sur_ru = sur
            self.patr_kk = self.patr_ru = pm if s == "m" else pf
            self.first_en, self.sur_en = translit(f), translit(sur)
            self.mid_en = translit(self.patr_ru)[0]
        else:
            pool = [x for x in EN_FIRST if sex in (None, "any", x[1])]
            f, s = r.choice(pool)
            self.sex = s
            self.first_en, self.sur_en, self.mid_en = f, r.choice(EN_SUR), r.choice(EN_MID)
        lo, hi = {"adult": (1952, 2003), "child": (2010, 2019), "young": (2004, 2007)}[age]
        self.dob = g.dob(lo, hi)
        self._iin = None
        self.g = g

    def iin(self):
        if self._iin is None:
            self._iin = self.g.iin(self.dob, self.sex)
        return self._iin

    # ---------------------------------------------- forms
    def form(self, lang, form, case=None):
        if lang == "en":
            return self._form_en(form, case)
        kk = lang == "kk"
        F = self.first_kk if kk else self.first_ru
        S = self.sur_kk if kk else self.sur_ru
        O = self.patr_kk if kk else self.patr_ru
        if self.eth == "rus" and kk and case and form in ("fio", "iof", "io"):
            form = "if"  # avoid Kazakh suffixes on Russian patronymics
        roles = {
            "fio": [(S, "s"), (F, "f"), (O, "p")],
            "fi": [(S, "s"), (F, "f")],
            "if": [(F, "f"), (S, "s")],
            "iof": [(F, "f"), (O, "p"), (S, "s")],
            "io": [(F, "f"), (O, "p")],
            "f_io": [(S, "s"), (F[0] + "." + O[0] + ".", "i")],
            "io_f": [(F[0] + "." + O[0] + ".", "i"), (S, "s")],
            "i_o_f": [(F[0] + ".", "i"), (O[0] + ".", "i"), (S, "s")],
            "first": [(F, "f")],
            "sur": [(S, "s")],
            "caps": [(S.upper(), "x"), (F.upper(), "x")],
            "caps_fio": [(S.upper(), "x"), (F.upper(), "x"), (O.upper(), "x")],
            "lat_slash": [(f"{self.sur_en.upper()}/{self.first_en.upper()}", "x")],
            "lat_caps": [(self.sur_en.upper(), "x"), (self.first_en.upper(), "x")],
            "lat_card": [(self.first_en.upper(), "x"), (self.sur_en.upper(), "x")],
        }[form]
        words = [w for w, _ in roles]
        if case:
            if kk:
                assert roles[-1][1] in "sfp", (form, case)
                words[-1] = kk_case(words[-1], case)
            else:
                for i, (w, role) in enumerate(roles):
                    if role == "s":
                        words[i] = ru_sur(w, self.sex, case)
                    elif role == "f":
                        words[i] = ru_first(w, self.sex, case)
                    elif role == "p":
                        words[i] = ru_patr(w, case)
                    elif role == "x":
                        raise ValueError("no case on caps")
        return " ".join(words)

    def _form_en(self, form, case):
        assert case is None
        F, S, M = self.first_en, self.sur_en, self.mid_en
        return {
            "fl": f"{F} {S}",
            "fml": f"{F} {M}. {S}",
            "iil": f"{F[0]}. {M}. {S}",
            "l_f": f"{S}, {F}",
            "caps": f"{F} {S}".upper(),
            "slash": f"{S}/{F}".upper(),
            "first": F,
            "last": S,
            "f_l": f"{F[0]}. {S}",
            "lcaps": f"{S} {F}".upper(),
        }[form]

    def email_local(self):
        r = self.g.r
        f, s = self.first_en.lower().replace("'", ""), self.sur_en.lower().replace("'", "")
        y = f"{self.dob.year % 100:02d}"
        return r.choice(
            [
                f"{f}.{s}",
                f"{f[0]}.{s}",
                f"{s}_{f}",
                f"{f}{s[0]}{y}",
                f"{s}.{f[0]}",
                f"{f}_{s}{self.dob.year}",
                f"{f}.{s}+work",
            ]
        )


SLOT_RE = re.compile(r"⟦(.*?)⟧|⟪|⟫")
NEG_SLOTS = {
    "IIN_BAD",
    "BIN_BAD",
    "CARD_BAD",
    "IBAN_BAD",
    "PHONE_BAD",
    "MASK",
    "PLATE",
    "POST",
    "VER",
    "FILEAT",
    "TICKET",
    "STREET",
    "COMPANY_NEG",
    "IPNAME",
    "PLACE_NEG",
    "WORDNAME",
    "CADASTRE",
    "VIN",
    "TRF",
    "OSI",
}


class Record:
    def __init__(self, g, lang, header, has_neg):
        self.g, self.lang, self.has_neg = g, lang, has_neg
        self.text = []
        self.pos = 0
        self.spans = []
        self.persons = {}
        self.memo = {}
        self.neg_used = set()
        self.spec = {}
        for item in filter(None, header.split(";")):
            k, v = item.split("=")
            parts = v.split("/")
            parts += ["any", "any", "adult"][len(parts) :]
            self.spec[k] = parts[:3]

    def person(self, key):
        if key not in self.persons:
            eth, sex, age = self.spec.get(key, ["any", "any", "adult"])
            if eth == "any":
                r = self.g.r.random()
                eth = {
                    "ru": "kaz" if r < 0.62 else "rus",
                    "kk": "kaz" if r < 0.9 else "rus",
                    "en": "kaz" if r < 0.5 else ("eng" if r < 0.9 else "rus"),
                }[self.lang]
            if self.lang in ("ru", "kk") and eth == "eng":
                eth = "kaz"
            self.persons[key] = Person(self.g, eth, None if sex == "any" else sex, age)
        return self.persons[key]

    def add(self, s, entity=None):
        start = self.pos
        self.text.append(s)
        self.pos += len(s)
        if entity:
            self.spans.append({"start": start, "end": self.pos, "entity": entity, "_v": s})

    # ---------------------------------------------- slots
    def safe_digits(self, n):
        g = self.g
        while True:
            s = g.r.choice("123456789") + g.digits(n - 1)
            if n == 12 and kz_valid(s):
                continue
            if 13 <= n <= 19 and luhn_ok(s):
                continue
            if 10 <= n <= 11 and (phone_valid(s) or phone_valid("+" + s) or phone_valid("+7" + s)):
                continue
            return s

    def pick(self, items, lang_key=None):
        """items: list of (text, is_neg); choose neg variant only in negative records."""
        pool = [x for x in items if x[1] == 0] if not self.has_neg else items
        if self.has_neg and any(x[1] for x in items) and self.g.r.random() < 0.7:
            pool = [x for x in items if x[1]]
        t, n = self.g.r.choice(pool or items)
        return t, bool(n)

    def slot(self, body):
        _g, r, L = self.g, self.g.r, self.lang
        if body.startswith("?"):
            return r.choice(body[1:].split("|")), None, False
        if body.startswith("~"):
            return body[1:], None, True
        memo_key = None
        if "#" in body:
            memo_key = body
            if memo_key in self.memo:
                return self.memo[memo_key]
            body = body.split("#")[0]
        m = re.fullmatch(r"(P\d)\.(\w+?)(?:\.(gen|dat|acc|ins|prep|abl|loc))?(\.lc)?", body)
        if m:
            p = self.person(m.group(1))
            s = p.form(L, m.group(2), m.group(3))
            if m.group(4):
                s = s.lower()
            return s, "PERSON", False
        name, _, arg = body.partition(":")
        args = arg.split(":") if arg else []
        res = self._slot(name, args)
        if memo_key:
            self.memo[memo_key] = res
        return res

    def _slot(self, name, a):
        g, r, L = self.g, self.g.r, self.lang
        A0 = a[0] if a else None
        if name == "IIN":
            if A0 and A0.startswith("P"):
                s = self.person(A0).iin()
            else:
                s = g.iin(g.dob(), r.choice("mf"))
            if len(a) > 1 and a[1] == "spaced":
                s = r.choice(
                    [f"{s[:6]} {s[6:]}", f"{s[:4]} {s[4:8]} {s[8:]}", f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}"]
                )
            return s, "KZ_IIN", False
        if name == "IIN_BAD":
            return g.bad_kz("iin"), None, True
        if name == "BIN":
            return g.bin(), "KZ_BIN", False
        if name == "BIN_BAD":
            return g.bad_kz("bin"), None, True
        if name == "PASS":
            return g.passport(), "KZ_PASSPORT", False
        if name == "IDC":
            return g.idcard(), "KZ_ID_CARD", False
        if name == "PHONE":
            return g.phone_kz(A0), "PHONE_NUMBER", False
        if name == "PHONE_LAND":
            return g.phone_land(), "PHONE_NUMBER", False
        if name == "PHONE_INTL":
            return g.phone_intl(), "PHONE_NUMBER", False
        if name == "PHONE_BAD":
            return g.phone_bad(), None, True
        if name == "EMAIL":
            if A0:
                p = self.person(A0)
                return f"{p.email_local()}@{r.choice(EMAIL_DOM)}", "EMAIL_ADDRESS", False
            return r.choice(ORG_EMAIL), "EMAIL_ADDRESS", False
        if name == "EMAIL_ORG":
            return r.choice(ORG_EMAIL), "EMAIL_ADDRESS", False
        if name == "IBAN":
            cc = A0 or "KZ"
            if cc == "FOREIGN":
                cc = r.choice(["DE", "GB", "FR", "TR", "AE", "GE"])
            if cc == "KZc":
                return g.iban("KZ", grouped=False), "IBAN_CODE", False
            return g.iban(cc), "IBAN_CODE", False
        if name == "IBAN_BAD":
            return g.iban_bad(), None, True
        if name == "CARD":
            if A0 == "nosep":
                return g.card(sep=""), "CREDIT_CARD", False
            return g.card(), "CREDIT_CARD", False
        if name == "CARD_BAD":
            return g.card_bad(), None, True
        if name == "MASK":
            return g.card_masked(), None, True
        if name == "IP":
            return g.ipv4(), "IP_ADDRESS", False
        if name == "IP6":
            return g.ipv6(), "IP_ADDRESS", False
        if name == "DOB":
            p = self.person(a[0])
            fmt = r.choice(DOB_FMTS[a[1]])
            return fmt_date(p.dob, fmt), "DATE_OF_BIRTH", False
        if name == "DATE":
            d = g.dob(2016, 2025)
            fmts = DATE_FMTS.get(A0) or [A0] if A0 else DATE_FMTS[L]
            return fmt_date(d, r.choice(fmts)), None, False
        if name == "YEAR":
            return str(r.randint(2005, 2024)), None, False
        if name == "TIME":
            return (
                f"{r.randint(7, 22):02d}:{r.choice(['00', '15', '30', '45', '05', '20', '40'])}",
                None,
                False,
            )
        if name == "TS":
            d = g.dob(2024, 2025)
            return (
                f"{d.isoformat()}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}.{r.randint(0, 999):03d}Z",
                None,
                False,
            )
        if name == "AMOUNT":
            v = r.choice([r.randint(2, 900) * 500, r.randint(10, 5000) * 1000, r.randint(1000, 99999)])
            grp = f"{v:,}".replace(",", " ")
            if A0 == "plain":
                return str(v), None, False
            if L == "en" or A0 == "en":
                return (
                    r.choice([f"KZT {v:,}", f"{v:,} tenge", f"${v // 450:,}.00", f"€{v // 500:,}"]),
                    None,
                    False,
                )
            if L == "kk" or A0 == "kk":
                return r.choice([f"{grp} теңге", f"{grp} ₸", f"{grp},00 тг"]), None, False
            return r.choice([f"{grp} тенге", f"{grp} ₸", f"{grp},00 тг.", f"{grp} KZT"]), None, False
        if name == "NUM":
            n = int(A0)
            return (r.choice("123456789") + g.digits(n - 1)) if n > 1 else g.digits(1), None, False
        if name == "ORDER":
            n = int(A0)
            if n >= 9 and self.has_neg:
                return self.safe_digits(n), None, True
            if n >= 9:
                return r.choice(["A", "Z", "KZ-", "R", ""]) + g.digits(5), None, False
            return self.safe_digits(n), None, False
        if name == "POLICY":
            return (
                r.choice(
                    [
                        f"{self.safe_digits(12)}",
                        f"ОГПО-{g.digits(9)}",
                        f"{r.choice('ABCKMP')}{g.digits(9)}",
                        f"POL-{g.digits(7)}",
                    ]
                ),
                None,
                True,
            )
        if name == "CLAIM":
            return f"{r.choice(['CL', 'УБ', 'КЛ'])}-{r.randint(2023, 2025)}-{g.digits(6)}", None, False
        if name == "CASE":
            return (
                f"{r.randint(1900, 7999)}-{r.randint(23, 25)}-00-{r.randint(1, 4)}/{r.randint(100, 9999)}",
                None,
                False,
            )
        if name == "TICKET":
            return (
                r.choice(
                    [
                        f"465-{self.safe_digits(10)}",
                        f"465{self.safe_digits(10)}",
                        f"235 {self.safe_digits(10)}",
                    ]
                ),
                None,
                True,
            )
        if name == "PNR":
            return "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6)), None, False
        if name == "SEAT":
            return f"{r.randint(1, 38)}{r.choice('ABCDEF')}", None, False
        if name == "PLATE":
            lat = "ABCEHKMOPTXYZ"
            return (
                r.choice(
                    [
                        f"{g.digits(3)} {''.join(r.choice(lat) for _ in range(3))} {r.randint(1, 20):02d}",
                        f"{g.digits(3)}{''.join(r.choice(lat) for _ in range(3))}{r.randint(1, 20):02d}",
                        f"{g.digits(3)} {''.join(r.choice(lat) for _ in range(2))} {r.randint(1, 20):02d}",
                    ]
                ),
                None,
                True,
            )
        if name == "POST":
            return (
                r.choice(
                    [
                        f"0{r.choice('15')}0{g.digits(3)}",
                        f"{r.choice('AZBX')}{r.randint(1, 15):02d}"
                        f"{r.choice('BCDEFGHKLMPTX')}{g.digits(1)}{r.choice('BCDEFGHKLMPTX')}{g.digits(1)}",
                    ]
                ),
                None,
                True,
            )
        if name == "VER":
            return (
                r.choice(
                    [
                        f"v{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 30)}",
                        f"{r.randint(1, 5)}.{r.randint(0, 20)}.{r.randint(0, 99)}-rc{r.randint(1, 4)}",
                        f"build {r.randint(10, 99)}.{r.randint(0, 9)}.{r.randint(1000, 9999)}",
                    ]
                ),
                None,
                True,
            )
        if name == "FILEAT":
            return (
                r.choice(
                    [
                        "scan@2x.png",
                        "чек@скан.pdf",
                        "resume_final@2x.pdf",
                        "photo@v2.jpg",
                        "түйіндеме@2024.docx",
                        "claim_docs@archive.7z",
                    ]
                ),
                None,
                True,
            )
        if name == "CHECK":
            return r.choice([f"QR{g.digits(10)}", f"№{g.digits(7)}", f"KSP-{g.digits(8)}"]), None, False
        if name == "CALLID":
            return f"CALL-{g.digits(8)}", None, False
        if name == "HASH":
            return "".join(r.choice("0123456789abcdef") for _ in range(16)), None, False
        if name == "UUID":
            return str(_uuid.UUID(int=r.getrandbits(128), version=4)), None, False
        if name == "ESF":
            return f"ESF-{g.digits(9)}-{r.randint(2023, 2025)}-{g.digits(3)}", None, False
        if name == "CADASTRE":
            return f"{r.randint(1, 20):02d}:{g.digits(3)}:{g.digits(3)}:{g.digits(3)}", None, True
        if name == "VIN":
            return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17)), None, True
        if name == "SERIAL":
            return (
                "C02" + "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(8)),
                None,
                False,
            )
        if name == "TRF":
            return (
                f"{r.randint(22, 25)}KZ{g.digits(6)}{''.join(r.choice('ABCDEFGHJK') for _ in range(4))}{g.digits(3)}A",
                None,
                True,
            )
        if name == "USER":
            return f"operator_{g.digits(2)}", None, False
        if name == "HON":
            p = self.person(a[0])
            k = a[1]
            return (
                {
                    "en": ("Mr." if p.sex == "m" else "Ms."),
                    "latin": ("MR" if p.sex == "m" else "MS"),
                    "kk": r.choice(["аға", "мырза"]) if p.sex == "m" else r.choice(["апай", "ханым"]),
                }[k],
                None,
                False,
            )
        if name == "CITY":
            return r.choice(CITY[A0 or L]), None, False
        if name == "STREET":
            if self.has_neg and r.random() < 0.8:
                return r.choice(STREET_NEG[A0 or L]), None, True
            return r.choice(STREET_OK[A0 or L]), None, False
        if name == "COMPANY":
            return r.choice(COMPANY[A0 or L]), None, False
        if name == "COMPANY_NEG":
            return r.choice(COMPANY_NEG[A0 or L]), None, True
        if name == "IPNAME":
            return r.choice(IPNAME), None, True
        if name == "PLACE_NEG":
            return r.choice(PLACE_NEG[A0 or L]), None, True
        if name == "WORDNAME":
            return r.choice(WORDNAME[A0 or L]), None, True
        for key, table in (("UNI", UNI), ("CLINIC", CLINIC), ("LAB", LAB), ("PHARM", PHARM), ("OSI", OSI)):
            if name == key:
                t, n = self.pick(table[A0 or L])
                return t, None, n
        if name == "HOTEL":
            t, n = self.pick(HOTEL)
            return t, None, n
        if name == "LANDMARK":
            t, n = self.pick(LANDMARK)
            return t, None, n
        raise KeyError(name)

    def render(self, tpl):
        skip = 0
        pos = 0
        for m in SLOT_RE.finditer(tpl):
            lit = tpl[pos : m.start()]
            pos = m.end()
            if not skip:
                self.add(lit)
            tok = m.group(0)
            if tok == "⟪":
                if not self.has_neg:
                    skip += 1
                else:
                    self.neg_used.add("optional")
                continue
            if tok == "⟫":
                if skip:
                    skip -= 1
                continue
            if skip:
                continue
            s, ent, neg = self.slot(m.group(1))
            if neg:
                self.neg_used.add(m.group(1).split(":")[0])
            self.add(s, ent)
        if not skip:
            self.add(tpl[pos:])
        return "".join(self.text)


# ====================================================================================================
# Part 3: templates (written for this set)
# ====================================================================================================
# Templates: TEMPLATES[(genre, lang)] = [template, ...]. First line "@P1=eth/sex/age;..." is an optional header.
# ⟦SLOT⟧ = generated value (labelled or not); ⟪...⟫ = optional hard-negative segment (rendered only in negative records);
# ⟦?a|b|c⟧ = random choice (options may contain slots).

T = {}

# ============================================================== notary
T[("notary", "ru")] = [
    """@P1=any/any;P2=any/any
ДОВЕРЕННОСТЬ
г. ⟦CITY⟧, ⟦DATE:ru_w_g⟧

Я, ⟦P1.fio⟧, ⟦DOB:P1:ru_bare⟧ года рождения, ИИН ⟦IIN:P1⟧, удостоверение личности № ⟦IDC⟧ выдано МВД РК ⟦DATE:num⟧, проживающий(-ая) по адресу: г. ⟦CITY⟧, ⟦STREET⟧, д. ⟦NUM:2⟧, кв. ⟦NUM:2⟧, настоящей доверенностью уполномочиваю ⟦P2.fio.acc⟧, ИИН ⟦IIN:P2⟧, представлять мои интересы во всех банках второго уровня, в том числе в АО «Kaspi Bank», с правом распоряжения счётом ⟦IBAN:KZ⟧.
Доверенность выдана сроком на ⟦?один год|три года|пять лет⟧ без права передоверия.

Нотариус ⟦P3.f_io⟧ (лицензия № ⟦ORDER:8⟧ от ⟦DATE:num⟧). Зарегистрировано в реестре за № ⟦NUM:4⟧. Взыскано: ⟦AMOUNT⟧.⟪ Ранее выданная доверенность на имя ⟦P2.f_io.gen⟧ с ошибочным ИИН ⟦IIN_BAD⟧ отменена.⟫""",
    """СВИДЕТЕЛЬСТВО О ПРАВЕ НА НАСЛЕДСТВО ПО ЗАКОНУ
⟦CITY⟧, ⟦DATE:ru⟧

Я, ⟦P3.fio⟧, нотариус, действующий на основании лицензии № ⟦ORDER:8⟧, удостоверяю, что на основании ст. 1061 ГК РК наследником имущества ⟦P1.fio.gen⟧, умершего(-ей) ⟦DATE:num⟧, является ⟦?сын|дочь|супруг(а)⟧ – ⟦P2.fio⟧, дата рождения: ⟦DOB:P2:ru_label⟧, ИИН ⟦IIN:P2⟧, паспорт ⟦PASS⟧.
Наследство состоит из квартиры по адресу: ⟦STREET⟧, д. ⟦NUM:2⟧, кв. ⟦NUM:3⟧⟪ (кадастровый номер ⟦CADASTRE⟧)⟫, а также денежного вклада на счёте ⟦IBAN:KZ⟧ в ⟦?АО «Halyk Bank»|АО «Банк ЦентрКредит»|АО «Jusan Bank»⟧.
Наследственное дело № ⟦NUM:3⟧/⟦NUM:2⟧. Тел. нотариальной конторы: ⟦PHONE_LAND⟧.""",
    """@P1=any/f;P2=any/m
СОГЛАСИЕ СУПРУГИ
Я, ⟦P1.fio⟧ (ИИН ⟦IIN:P1⟧, ⟦?удостоверение личности|уд. личности⟧ № ⟦IDC⟧), даю согласие своему супругу ⟦P2.fio.dat⟧, ⟦DOB:P2:ru_bare⟧ г.р., на продажу автомобиля ⟦?Toyota Camry|Hyundai Tucson|Kia Sportage⟧ ⟦YEAR⟧ года выпуска⟪, гос. номер ⟦PLATE⟧, VIN ⟦VIN⟧⟫, за цену по своему усмотрению.
Согласие удостоверено нотариусом ⟦P3.io_f.ins⟧ ⟦DATE:ru_w_g⟧, зарегистрировано в реестре за № ⟦NUM:4⟧.
Подпись: __________ ⟦P1.f_io⟧""",
]
T[("notary", "kk")] = [
    """СЕНІМХАТ
⟦CITY⟧ қаласы, ⟦DATE:kk_w⟧

Мен, ⟦P1.fio⟧, ⟦DOB:P1:kk_tugan⟧ туған, ЖСН ⟦IIN:P1⟧, жеке куәлік № ⟦IDC⟧ (⟦DATE:num⟧ ҚР ІІМ берген), осы сенімхат арқылы ⟦P2.fio.dat⟧ (ЖСН ⟦IIN:P2⟧) ⟦STREET⟧, ⟦NUM:2⟧-үй, ⟦NUM:2⟧-пәтер мекенжайындағы пәтерді сатуға және сатып алу-сату шартына қол қоюға өкілеттік беремін.
Сенімхат ⟦?бір жыл|үш жыл|бес жыл⟧ мерзімге, қайта сенім білдіру құқығынсыз берілді.

Нотариус ⟦P3.f_io⟧, лицензия № ⟦ORDER:8⟧. Тізілімде № ⟦NUM:4⟧ болып тіркелді. Өндірілген мемлекеттік баж: ⟦AMOUNT⟧.""",
    """ЗАҢ БОЙЫНША МҰРАГЕРЛІК ҚҰҚЫҚ ТУРАЛЫ КУӘЛІК
⟦CITY⟧ қаласы, ⟦DATE:kk⟧

Мен, нотариус ⟦P3.fio⟧, ⟦DATE:num⟧ қайтыс болған ⟦P1.fio.gen⟧ мүлкінің мұрагері оның ⟦?ұлы|қызы|жұбайы⟧ ⟦P2.fio⟧ (⟦DOB:P2:kk_bare⟧ ж.т., ЖСН ⟦IIN:P2⟧, төлқұжат ⟦PASS⟧) екенін куәландырамын.
Мұра: ⟦STREET⟧ бойындағы ⟦NUM:2⟧-үйдегі пәтер⟪ (кадастрлық нөмірі ⟦CADASTRE⟧)⟫ және ⟦?«Halyk Bank» АҚ|«Kaspi Bank» АҚ|«Jusan Bank» АҚ⟧ шотындағы салым, ЖСК ⟦IBAN:KZ⟧.
Мұрагерлік іс № ⟦NUM:3⟧. Байланыс: ⟦PHONE_LAND⟧.""",
    """@P1=kaz/f;P2=kaz/m
КЕЛІСІМ
Мен, ⟦P1.fio⟧, ЖСН ⟦IIN:P1⟧, жеке куәлік № ⟦IDC⟧, жұбайым ⟦P2.if.dat⟧ ⟦?Toyota Camry|Hyundai Tucson|Kia Sportage|Lada Granta⟧ көлігін⟪ (мем. нөмірі ⟦PLATE⟧)⟫ өз қалауы бойынша сатуға келісім беремін. ⟦P2.if⟧ ⟦DOB:P2:kk_tugan⟧ туған, ЖСН ⟦IIN:P2⟧.
Келісімді ⟦DATE:kk_w⟧ нотариус ⟦P3.io_f⟧ куәландырды, тізілімдегі нөмір ⟦NUM:4⟧.
Қолы: ________ ⟦P1.f_io⟧""",
]
T[("notary", "en")] = [
    """POWER OF ATTORNEY
⟦CITY⟧, Republic of Kazakhstan, ⟦DATE:en_dmy⟧

I, ⟦P1.fl⟧, born ⟦DOB:P1:en_born⟧, IIN ⟦IIN:P1⟧, holder of passport No. ⟦PASS⟧, hereby appoint ⟦P2.fml⟧ (IIN ⟦IIN:P2⟧) as my attorney-in-fact to represent me before ⟦?the Public Service Center|any notary office|the State Revenue Committee⟧ and to sign all documents on my behalf, including the sale agreement for the apartment at ⟦STREET⟧, apt. ⟦NUM:2⟧.
This power of attorney is valid for three years.
Certified by notary ⟦P3.iil⟧, licence No. ⟦ORDER:8⟧, registry entry ⟦NUM:4⟧. Office phone: ⟦PHONE_LAND⟧.""",
    """@P1=kaz/any;P3=kaz/m
CERTIFIED TRANSLATION
Translated from Kazakh into English by ⟦P2.fl⟧, sworn translator (certificate No. ⟦ORDER:6⟧).

BIRTH CERTIFICATE (extract)
Full name: ⟦P1.lcaps⟧
Date of birth: ⟦DOB:P1:en_label⟧
Place of birth: ⟦?Almaty|Taraz|Kyzylorda⟧⟪, ⟦PLACE_NEG⟧⟫
IIN: ⟦IIN:P1⟧
Father: ⟦P3.fl⟧

I, notary ⟦P4.fml⟧, certify the authenticity of the translator's signature. Registered under No. ⟦NUM:4⟧ on ⟦DATE:en⟧. Fee paid: ⟦AMOUNT⟧.""",
    """@P3=any/any/child
Notarised consent for travel of a minor

We, ⟦P1.fl⟧ (passport ⟦PASS⟧) and ⟦P2.fl⟧ (ID card No. ⟦IDC⟧), parents of ⟦P3.fl⟧, born on ⟦DOB:P3:en_born⟧, IIN ⟦IIN:P3⟧, consent to the child travelling to ⟦?Turkey|the United Arab Emirates|Georgia|Germany⟧ from ⟦DATE:en⟧ to ⟦DATE:en⟧ accompanied by ⟦P4.fml⟧. Contact during the trip: ⟦PHONE_INTL⟧ or ⟦EMAIL:P1⟧.
Notary: ⟦P5.iil⟧. Reg. No. ⟦NUM:4⟧-⟦NUM:2⟧.""",
]

# ============================================================== insurance
T[("insurance", "ru")] = [
    """@P2=any/m
ЗАЯВЛЕНИЕ О СТРАХОВОМ СЛУЧАЕ
в АО «СК ⟦?Номад Иншуранс|Евразия|Freedom Finance Insurance|Сентрас Иншуранс⟧»

Страхователь: ⟦P1.fio⟧
ИИН: ⟦IIN:P1⟧
Дата рождения: ⟦DOB:P1:ru_label⟧
Полис ОГПО ВТС № ⟦POLICY⟧ от ⟦DATE:num⟧
Телефон: ⟦PHONE⟧, e-mail: ⟦EMAIL:P1⟧

Обстоятельства: ⟦DATE:num⟧ в ⟦TIME⟧ на пересечении ⟦STREET⟧ и ⟦STREET⟧ автомобиль ⟦?Hyundai Accent|Chevrolet Cobalt|Toyota Corolla⟧⟪, г/н ⟦PLATE⟧,⟫ под управлением ⟦P2.fio.gen⟧ совершил столкновение с моим ТС. Ущерб оцениваю в ⟦AMOUNT⟧.
Прошу перечислить выплату на счёт ⟦IBAN:KZ⟧⟪ (не на карту ⟦MASK⟧)⟫.""",
    """@P1=any/f
Тема: Возмещение расходов по ДМС

Здравствуйте! Я, ⟦P1.fi⟧, застрахованный сотрудник ТОО «⟦COMPANY⟧» (БИН ⟦BIN⟧). ⟦DATE:num⟧ обращалась в ⟦CLINIC⟧, оплатила приём и анализы на сумму ⟦AMOUNT⟧ картой ⟦CARD⟧. Прошу возместить расходы на эту же карту или по реквизитам: ⟦IBAN:KZ⟧. Чеки прилагаю⟪ (файл ⟦FILEAT⟧)⟫.
Мои данные: ИИН ⟦IIN:P1⟧, д.р. ⟦DOB:P1:num⟧, моб. ⟦PHONE⟧.
С уважением, ⟦P1.i_o_f⟧""",
    """АКТ ОСМОТРА № ⟦NUM:5⟧
по убытку ⟦CLAIM⟧
Выгодоприобретатель: ⟦P1.caps_fio⟧, ИИН ⟦IIN:P1⟧, удостоверение личности № ⟦IDC⟧.
Адрес объекта: г. ⟦CITY⟧, ⟦STREET⟧, д. ⟦NUM:2⟧⟪, индекс ⟦POST⟧⟫.
Осмотр провёл эксперт ⟦P2.f_io⟧ в присутствии ⟦P1.f_io.gen⟧. Причина: залив из квартиры сверху (собственник ⟦P3.fi⟧, тел. ⟦PHONE⟧). Площадь повреждений 12,5 м², предварительная сумма ущерба ⟦AMOUNT⟧.
Акт составлен ⟦DATE:ru_w_g⟧ в 2 экз.""",
]
T[("insurance", "kk")] = [
    """САҚТАНДЫРУ ЖАҒДАЙЫ ТУРАЛЫ ӨТІНІШ
«⟦?Nomad Insurance|Еуразия|Сентрас Иншуранс⟧» СК АҚ

Сақтанушы: ⟦P1.fio⟧
ЖСН: ⟦IIN:P1⟧
Туған күні: ⟦DOB:P1:kk_label⟧
МІСҚ полисі № ⟦POLICY⟧, ⟦DATE:num⟧ берілген
Телефон: ⟦PHONE⟧, эл. пошта: ⟦EMAIL:P1⟧

Оқиға мән-жайы: ⟦DATE:num⟧ сағат ⟦TIME⟧-да ⟦STREET⟧ мен ⟦STREET⟧ қиылысында ⟦P2.fio⟧ басқарған ⟦?Toyota Camry|Hyundai Elantra|Lada Vesta⟧⟪ (мем. нөмірі ⟦PLATE⟧)⟫ менің көлігіме соқтығысты. Залал шамамен ⟦AMOUNT⟧.
Төлемді ⟦IBAN:KZ⟧ шотына аударуды сұраймын.""",
    """Тақырып: ЕМС бойынша шығынды өтеу

Сәлеметсіз бе! Мен ⟦P1.fi⟧, «⟦COMPANY⟧» ЖШС қызметкерімін (БСН ⟦BIN⟧). ⟦DATE:num⟧ күні «⟦CLINIC⟧» клиникасына барып, қабылдау мен талдауларға ⟦AMOUNT⟧ төледім. Шығынды ⟦CARD⟧ картасына немесе ⟦IBAN:KZ⟧ шотына қайтаруыңызды сұраймын.⟪ Түбіртектер тіркелген: ⟦FILEAT⟧.⟫
ЖСН ⟦IIN:P1⟧, туған күнім ⟦DOB:P1:kk_label⟧, ұялы тел. ⟦PHONE⟧.
Құрметпен, ⟦P1.if⟧""",
    """ҚАРАУ АКТІСІ № ⟦NUM:5⟧
Шығын № ⟦CLAIM⟧
Пайда алушы: ⟦P1.caps_fio⟧, ЖСН ⟦IIN:P1⟧, жеке куәлік № ⟦IDC⟧.
Нысан мекенжайы: ⟦CITY⟧ қ., ⟦STREET⟧, ⟦NUM:2⟧-үй⟪, пошта индексі ⟦POST⟧⟫.
Қарауды сарапшы ⟦P2.f_io⟧ ⟦P1.fi.gen⟧ қатысуымен жүргізді. Себебі: жоғарғы қабаттағы пәтерден су ағып кеткен (меншік иесі ⟦P3.if⟧, тел. ⟦PHONE⟧). Зақымданған аудан 12,5 м², алдын ала залал сомасы ⟦AMOUNT⟧.
Акт ⟦DATE:kk_w⟧ екі данада жасалды.""",
]
T[("insurance", "en")] = [
    """TRAVEL INSURANCE CLAIM FORM
Policy number: ⟦POLICY⟧
Insured person: ⟦P1.fl⟧
Date of birth: ⟦DOB:P1:en_label⟧
Passport: ⟦PASS⟧
Mobile: ⟦PHONE⟧ | Email: ⟦EMAIL:P1⟧

Description: On ⟦DATE:en⟧ I was admitted to ⟦CLINIC⟧ in ⟦?Antalya|Dubai|Tbilisi|Istanbul⟧ with acute gastroenteritis. Treatment cost ⟦AMOUNT⟧⟪, paid by card ⟦MASK⟧⟫. Attending physician: Dr. ⟦P2.fl⟧.
Please transfer the reimbursement to IBAN ⟦IBAN:KZ⟧ (account holder: ⟦P1.caps⟧).""",
    """@P1=eng/any
Claim reference ⟦CLAIM⟧ – motor accident report

Policyholder ⟦P1.fml⟧ (DOB ⟦DOB:P1:en_label⟧) reports that on ⟦DATE:en⟧ at about ⟦TIME⟧ their rented vehicle⟪, plate ⟦PLATE⟧,⟫ was hit in a car park in ⟦CITY⟧. The other driver, ⟦P2.fl⟧, gave phone number ⟦PHONE⟧ and IIN ⟦IIN:P2⟧. Repair estimate: ⟦AMOUNT⟧⟪ (quote file ⟦FILEAT⟧; note the 30-day ⟦WORDNAME⟧)⟫. Bank details for settlement: ⟦IBAN:GB⟧, ⟦P1.caps⟧.""",
    """From: ⟦EMAIL:P1⟧
To: ⟦EMAIL_ORG⟧
Subject: Water damage – policy ⟦POLICY⟧

Hello, my name is ⟦P1.fl⟧. My flat at ⟦STREET⟧ was flooded on ⟦DATE:en⟧ by the neighbour upstairs (⟦P2.fl⟧, ⟦PHONE⟧). Photos attached: IMG_⟦NUM:4⟧.jpg. My IIN is ⟦IIN:P1⟧. I was born ⟦DOB:P1:en_born⟧, in case you need it for verification. Please call me at ⟦PHONE⟧ after ⟦TIME⟧.
Kind regards,
⟦P1.first⟧""",
]

# ============================================================== tax
T[("tax", "ru")] = [
    """Комитет государственных доходов МФ РК
Управление государственных доходов по ⟦?Бостандыкскому|Алмалинскому|Есильскому|Сарыаркинскому⟧ району

УВЕДОМЛЕНИЕ № ⟦ORDER:10⟧ от ⟦DATE:num⟧
о сумме налогов на имущество, транспорт и землю

Налогоплательщику: ⟦P1.fio.dat⟧
ИИН: ⟦IIN:P1⟧
Объект: транспортное средство⟪, гос. номер ⟦PLATE⟧⟫, объём двигателя 2 494 см³
Сумма налога: ⟦AMOUNT⟧
Срок уплаты: не позднее ⟦DATE:num⟧
КБК 104401, КНП 911. Получатель: РГУ «УГД», БИН ⟦BIN⟧, ИИК ⟦IBAN:KZ⟧, БИК KKMFKZ2A.
Вопросы: ⟦PHONE_LAND⟧, ⟦EMAIL_ORG⟧.""",
    """Уведомление об устранении нарушений, выявленных по результатам камерального контроля

ИП ⟦?«Береке»|«Шанырак»|⟪«⟦IPNAME⟧»⟫⟧ (владелец ⟦P1.fio⟧, ИИН ⟦IIN:P1⟧). По данным ЭСФ за ⟦?I|II|III⟧ квартал ⟦YEAR⟧ г. установлено расхождение с ТОО «⟦COMPANY⟧» (БИН ⟦BIN⟧) на сумму ⟦AMOUNT⟧. ЭСФ № ⟦ESF⟧. Ответственный специалист: ⟦P2.f_io⟧, тел. ⟦PHONE_LAND⟧.
Предлагаем в течение 30 рабочих дней представить пояснение.⟪ В ФНО 910.00 указан ИИН ⟦IIN_BAD⟧, который не проходит проверку контрольного разряда.⟫""",
    """ФНО 270.00 (декларация о доходах и имуществе физического лица) – черновик
ФИО: ⟦P1.caps_fio⟧
ИИН: ⟦IIN:P1⟧
Дата рождения: ⟦DOB:P1:num⟧
Супруг(а): ⟦P2.fio⟧, ИИН ⟦IIN:P2⟧
Счета в иностранных банках: ⟦IBAN:FOREIGN⟧ (остаток ⟦AMOUNT⟧)
Доход от сдачи имущества в аренду: ⟦AMOUNT⟧
Контактный телефон: ⟦PHONE⟧
Дата заполнения: ⟦DATE:num⟧⟪, версия формы ⟦VER⟧⟫.""",
]
T[("tax", "kk")] = [
    """Қазақстан Республикасы Қаржы министрлігінің Мемлекеттік кірістер комитеті

Мүлік, көлік құралдары және жер салықтары сомасы туралы ХАБАРЛАМА № ⟦ORDER:10⟧, ⟦DATE:num⟧

Салық төлеуші: ⟦P1.fio⟧
ЖСН: ⟦IIN:P1⟧
Нысан: көлік құралы⟪, мем. нөмірі ⟦PLATE⟧⟫
Салық сомасы: ⟦AMOUNT⟧
Төлеу мерзімі: ⟦DATE:num⟧ ж. дейін
Алушы: «⟦CITY⟧ қаласы бойынша МКД» РММ, БСН ⟦BIN⟧, ЖСК ⟦IBAN:KZ⟧, БСК KKMFKZ2A, БЖК 104401.
Сұрақтар бойынша: ⟦PHONE_LAND⟧.""",
    """@P1=kaz/any
Құрметті ⟦P1.io⟧!
Сізге ⟦YEAR⟧ жылға арналған мүлік салығы бойынша ⟦AMOUNT⟧ берешек бар екенін хабарлаймыз (ЖСН ⟦IIN:P1⟧). Берешекті ⟦?eGov|Kaspi.kz|Halyk Homebank⟧ арқылы төлеуге болады.⟪ Төлем жасағанда ⟦IIN_BAD⟧ сияқты қате ЖСН көрсетпеңіз – төлем қайтарылады.⟫
МКД инспекторы ⟦P2.io_f⟧, тел. ⟦PHONE_LAND⟧, ⟦EMAIL_ORG⟧.
Хабарлама нөмірі: ⟦ORDER:12⟧""",
    """ЖК тіркеу туралы анықтама
⟦?«Береке»|«Шаңырақ»|⟪«⟦IPNAME⟧»⟫⟧ жеке кәсіпкері, иесі ⟦P1.fio⟧ (ЖСН ⟦IIN:P1⟧, ⟦DOB:P1:kk_tugan⟧ туған) ⟦DATE:num⟧ ж. бастап ⟦?бөлшек сауда|жүк тасымалы|шаштараз қызметі⟧ бойынша тіркелген. Салық режимі: оңайлатылған декларация (910.00). Серіктес: «⟦COMPANY⟧» ЖШС, БСН ⟦BIN⟧, ЖСК ⟦IBAN:KZ⟧. Байланыс: ⟦PHONE⟧, ⟦EMAIL:P1⟧.""",
]
T[("tax", "en")] = [
    """CERTIFICATE OF TAX RESIDENCY
State Revenue Committee of the Ministry of Finance of the Republic of Kazakhstan

This is to certify that ⟦P1.caps⟧, IIN ⟦IIN:P1⟧, date of birth ⟦DOB:P1:en_label⟧, passport ⟦PASS⟧, was a tax resident of the Republic of Kazakhstan for the period ⟦DATE:en⟧ – ⟦DATE:en⟧.
Certificate No. ⟦ORDER:10⟧. Verification code: ⟦HASH⟧.
Issued by: ⟦P2.iil⟧, Head of Division. Enquiries: ⟦PHONE_LAND⟧.""",
    """Dear ⟦HON:P1:en⟧ ⟦P1.last⟧,

Our records show an outstanding balance of ⟦AMOUNT⟧ on your ⟦YEAR⟧ property tax (taxpayer IIN ⟦IIN:P1⟧). Please pay by ⟦DATE:en⟧ to account ⟦IBAN:KZ⟧, beneficiary BIN ⟦BIN⟧, KBK 104302.⟪ Note that the number ⟦IIN_BAD⟧ shown on your previous receipt is not a valid IIN.⟫
If you have already paid, please ignore this message or reply to ⟦EMAIL_ORG⟧.

Sincerely,
⟦P2.fl⟧
Tax inspector, ⟦CITY⟧""",
    """Memo – VAT return Q⟦?1|2|3|4⟧ ⟦YEAR⟧
Entity: ⟦COMPANY⟧ LLP, BIN ⟦BIN⟧
Prepared by: ⟦P1.fml⟧ (⟦EMAIL:P1⟧)
Reviewed by: ⟦P2.iil⟧
VAT payable: ⟦AMOUNT⟧; refund claimed on invoice INV-⟦NUM:6⟧.⟪ Supplier BIN ⟦BIN_BAD⟧ failed validation – ask the supplier to re-issue the e-invoice. Files: vat_q2_final@v3.xlsx, tool ⟦VER⟧.⟫""",
]

# ============================================================== pharmacy / lab
T[("pharmacy_lab", "ru")] = [
    """КДЛ «⟦LAB⟧»
Результаты исследования
Пациент: ⟦P1.fio⟧
Дата рождения: ⟦DOB:P1:ru_label⟧
ИИН: ⟦IIN:P1⟧
Заказ № ⟦ORDER:9⟧, взятие биоматериала ⟦DATE:num⟧ ⟦TIME⟧

Гемоглобин 134 г/л (норма 120–160)
Глюкоза 5,4 ммоль/л
ТТГ 2,1 мкМЕ/мл
Врач КДЛ: ⟦P2.f_io⟧
Результаты отправлены на ⟦EMAIL:P1⟧ и SMS на ⟦PHONE⟧.""",
    """РЕЦЕПТ № ⟦NUM:6⟧ (ГОБМП)
Дата выписки: ⟦DATE:num⟧
Ф.И.О. пациента: ⟦P1.fio⟧, ⟦DOB:P1:ru_bare⟧ г.р.
ИИН ⟦IIN:P1⟧
Rp.: Metformini 850 mg № 60
D.S. по 1 таб. 2 раза в день
Врач: ⟦P2.f_io⟧ (ПМСП № ⟦NUM:2⟧)
Отпущено: аптека «⟦PHARM⟧», провизор ⟦P3.fi⟧, ⟦DATE:num⟧ ⟦TIME⟧, чек № ⟦NUM:8⟧.""",
    """Заказ в онлайн-аптеке № ⟦ORDER:9⟧
Получатель: ⟦P1.fi⟧
Телефон: ⟦PHONE⟧
Адрес: ⟦STREET⟧, д. ⟦NUM:2⟧, кв. ⟦NUM:2⟧, подъезд 3
Состав: Нурофен 200 мг ×2, Аквамарис, Називин 0,05 %
Итого: ⟦AMOUNT⟧⟪, оплачено картой ⟦MASK⟧⟫
Комментарий курьеру: если не отвечу, позвоните ⟦P2.if.dat⟧ по номеру ⟦PHONE⟧.""",
]
T[("pharmacy_lab", "kk")] = [
    """«⟦LAB⟧» зертханасы
Зерттеу нәтижелері
Пациент: ⟦P1.fio⟧
Туған күні: ⟦DOB:P1:kk_label⟧
ЖСН: ⟦IIN:P1⟧
Тапсырыс № ⟦ORDER:9⟧, үлгі алынған уақыт: ⟦DATE:num⟧ ⟦TIME⟧

Гемоглобин 128 г/л (қалыпты 120–160)
Қандағы глюкоза 5,1 ммоль/л
C-реактивті ақуыз 3 мг/л
Зертхана дәрігері: ⟦P2.f_io⟧
Нәтиже ⟦EMAIL:P1⟧ поштасына жіберілді.""",
    """РЕЦЕПТ № ⟦NUM:6⟧
Жазылған күні: ⟦DATE:num⟧
Науқас: ⟦P1.fio⟧, ⟦DOB:P1:kk_bare⟧ ж.т., ЖСН ⟦IIN:P1⟧
Rp.: Amoxicillini 500 mg № 20
D.S. күніне 3 рет 1 капсуладан
Дәрігер: ⟦P2.f_io⟧, ⟦?№ 5|№ 11|№ 24⟧ емхана
Босатылды: «⟦PHARM⟧» дәріханасы, провизор ⟦P3.if⟧, чек № ⟦NUM:8⟧.""",
    """⟦P1.first⟧, сіздің № ⟦ORDER:9⟧ тапсырысыңыз «⟦PHARM⟧» дәріханасына жеткізілді (⟦STREET⟧, ⟦NUM:2⟧). Төленетін сома: ⟦AMOUNT⟧. Сақтау мерзімі – 3 күн. Сұрақтар болса: ⟦PHONE⟧.⟪ Бонус картаңыз: ⟦MASK⟧.⟫ Дәрілерді ⟦P2.if⟧ алып кете алады, ол үшін жеке куәлік № ⟦IDC⟧ көрсетілсін.""",
]
T[("pharmacy_lab", "en")] = [
    """LABORATORY REPORT
Patient: ⟦P1.l_f⟧
DOB: ⟦DOB:P1:en_label⟧
Patient ID (IIN): ⟦IIN:P1⟧
Sample ID: ⟦ORDER:10⟧ collected ⟦DATE:en⟧ ⟦TIME⟧
Referring physician: Dr. ⟦P2.iil⟧

HbA1c 6.1 % (ref. < 5.7)
LDL cholesterol 3.4 mmol/L
Vitamin D 18 ng/mL (low)

Validated by ⟦P3.fl⟧, MD.⟪ Report generated by LIS ⟦VER⟧.⟫""",
    """Order ⟦ORDER:9⟧ confirmed
Hi ⟦P1.first⟧, thanks for ordering from ⟦PHARM⟧. Items: Ibuprofen 400 mg x2, Cetirizine 10 mg. Total ⟦AMOUNT⟧⟪ charged to ⟦MASK⟧⟫. Delivery to ⟦STREET⟧ on ⟦DATE:en⟧ between ⟦TIME⟧ and ⟦TIME⟧. The courier will call ⟦PHONE⟧. Questions? Write to ⟦EMAIL_ORG⟧.""",
    """PRESCRIPTION
Name: ⟦P1.caps⟧
Born: ⟦DOB:P1:en_born⟧
Passport No.: ⟦PASS⟧
Allergies: penicillin
Rx: Amlodipine 5 mg, 1 tablet daily, 30 days
Prescriber: ⟦P2.fml⟧, licence ⟦ORDER:7⟧
Pharmacy notes: dispensed by ⟦P3.f_l⟧ on ⟦DATE:en⟧; patient contact ⟦PHONE_INTL⟧.""",
]

# ============================================================== travel
T[("travel", "ru")] = [
    """МАРШРУТ-КВИТАНЦИЯ ЭЛЕКТРОННОГО БИЛЕТА
Пассажир: ⟦P1.lat_slash⟧ ⟦HON:P1:latin⟧
Документ: паспорт ⟦PASS⟧
Дата рождения: ⟦DOB:P1:num⟧
Номер билета: ⟦TICKET⟧
Код бронирования: ⟦PNR⟧
Рейс KC ⟦NUM:3⟧ ⟦CITY⟧ – ⟦?Стамбул|Дубай|Москва|Сеул⟧, ⟦DATE:num⟧, вылет ⟦TIME⟧, место ⟦SEAT⟧
Оплата: ⟦AMOUNT⟧⟪, карта ⟦MASK⟧⟫
Контакт: ⟦PHONE⟧, ⟦EMAIL:P1⟧""",
    """АО «Пассажирские перевозки»
Электронный билет № ⟦ORDER:14⟧
Поезд ⟦?001Ц|010Т|081Х|Тальго 705⟧ ⟦CITY⟧ – ⟦CITY⟧, отправление ⟦DATE:num⟧ в ⟦TIME⟧
Вагон ⟦NUM:2⟧, место ⟦NUM:2⟧
Пассажир: ⟦P1.caps_fio⟧
Документ: удостоверение личности ⟦IDC⟧
ИИН ⟦IIN:P1⟧
Стоимость: ⟦AMOUNT⟧""",
    """@P1=any/m;P2=any/any/child
Добрый день! Прошу вернуть деньги за билет ⟦TICKET⟧ (бронь ⟦PNR⟧), рейс отменён ⟦DATE:num⟧. Пассажиры: ⟦P1.fi⟧ и ⟦P2.fi⟧ (ребёнок, ⟦DOB:P2:ru_bare⟧ г.р.). Оплачивал картой ⟦CARD⟧, верните, пожалуйста, на неё. Связь: ⟦PHONE⟧ (WhatsApp).
⟦P1.if⟧""",
]
T[("travel", "kk")] = [
    """ЭЛЕКТРОНДЫҚ БИЛЕТ – МАРШРУТТЫҚ ТҮБІРТЕК
Жолаушы: ⟦P1.lat_slash⟧ ⟦HON:P1:latin⟧
Құжат: төлқұжат ⟦PASS⟧
Туған күні: ⟦DOB:P1:kk_label⟧
Билет нөмірі: ⟦TICKET⟧
Брондау коды: ⟦PNR⟧
Рейс ⟦?KC|DV|IQ⟧ ⟦NUM:3⟧, ⟦CITY⟧ – ⟦?Ыстамбұл|Дубай|Мәскеу|Анталья⟧, ⟦DATE:num⟧, ұшу уақыты ⟦TIME⟧, орын ⟦SEAT⟧
Төлем: ⟦AMOUNT⟧⟪, карта ⟦MASK⟧⟫
Байланыс: ⟦PHONE⟧""",
    """«Жолаушылар тасымалы» АҚ
Электрондық билет № ⟦ORDER:14⟧
⟦?001Ц|010Т|Тальго 705⟧ пойызы, ⟦CITY⟧ – ⟦CITY⟧, жөнелу ⟦DATE:num⟧ сағат ⟦TIME⟧
Вагон ⟦NUM:2⟧, орын ⟦NUM:2⟧
Жолаушы: ⟦P1.caps_fio⟧
Құжат: жеке куәлік ⟦IDC⟧
ЖСН ⟦IIN:P1⟧
Бағасы: ⟦AMOUNT⟧""",
    """@P2=kaz/any/child
Сәлеметсіз бе! ⟦DATE:num⟧ күнгі ⟦?KC|DV⟧ ⟦NUM:3⟧ рейсі тоқтатылды, ⟦TICKET⟧ билеті үшін ақшаны қайтаруыңызды сұраймын (брондау ⟦PNR⟧). Жолаушылар: ⟦P1.fi⟧ және балам ⟦P2.if⟧ (⟦DOB:P2:kk_tugan⟧ туған). Төлем ⟦CARD⟧ картасымен жасалған. Байланыс телефоны: ⟦PHONE⟧.
Құрметпен, ⟦P1.if⟧.""",
]
T[("travel", "en")] = [
    """ELECTRONIC TICKET ITINERARY RECEIPT
Passenger name: ⟦P1.slash⟧ ⟦HON:P1:latin⟧
Ticket number: ⟦TICKET⟧
Booking reference: ⟦PNR⟧
Flight ⟦?KC|TK|FZ|LH⟧ ⟦NUM:3⟧ ⟦?ALA|NQZ|CIT⟧–⟦?IST|DXB|FRA|LHR⟧ ⟦DATE:en_dmy_abbr⟧ dep ⟦TIME⟧ seat ⟦SEAT⟧
Form of payment: CC⟪ ⟦MASK⟧⟫
Frequent flyer: KC ⟦ORDER:9⟧
APIS: passport ⟦PASS⟧, DOB ⟦DOB:P1:en_label⟧, nationality KAZ""",
    """Booking confirmation ⟦PNR⟧
Dear ⟦P1.fl⟧,
your train ticket Almaty 2 – Astana Nurly Zhol (Talgo 705) for ⟦DATE:en⟧, departure ⟦TIME⟧, car ⟦NUM:2⟧ seat ⟦NUM:2⟧ is confirmed. Document on file: ID card ⟦IDC⟧. Please present it at boarding.
Lead traveller phone: ⟦PHONE⟧; email: ⟦EMAIL:P1⟧.
Total paid: ⟦AMOUNT⟧ by card ⟦CARD⟧.""",
    """PROPERTY IRREGULARITY REPORT ALA⟦?KC|TK⟧⟦NUM:5⟧
Name: ⟦P1.caps⟧
Contact phone: ⟦PHONE_INTL⟧
Email: ⟦EMAIL:P1⟧
Delivery address: ⟦HOTEL⟧, room ⟦NUM:3⟧
Bag: black Samsonite, tag KC ⟦NUM:6⟧, weight 23 kg
The passenger states the bag contains a laptop (serial ⟦SERIAL⟧) and documents. Compensation to be paid to IBAN ⟦IBAN:FOREIGN⟧.""",
]

# ============================================================== job applications
T[("job_application", "ru")] = [
    """РЕЗЮМЕ
⟦P1.fio⟧
Дата рождения: ⟦DOB:P1:ru_label⟧
Телефон: ⟦PHONE⟧ | E-mail: ⟦EMAIL:P1⟧
Город: ⟦CITY⟧

Цель: должность ⟦?бухгалтера|менеджера по продажам|инженера-программиста|HR-специалиста⟧
Образование: ⟦UNI⟧, ⟦YEAR⟧
Опыт работы: с ⟦YEAR⟧ г. – ТОО «⟦COMPANY⟧», ⟦?ведущий специалист|менеджер|инженер⟧
Навыки: 1С 8.3, Excel, SQL
Рекомендации: ⟦P2.fio⟧, ⟦PHONE⟧""",
    """Добрый день, ⟦P2.io⟧!

Меня зовут ⟦P1.if⟧, откликаюсь на вакансию «⟦?Аналитик данных|Бухгалтер|Юрист⟧» на hh.kz (вакансия № ⟦ORDER:9⟧). Последние три года работаю в АО «⟦COMPANY⟧», до этого стажировался(-ась) в ⟦?Halyk Bank|Kaspi|KPMG⟧. Резюме во вложении⟪ (⟦FILEAT⟧)⟫. Готов(а) выйти на собеседование в любой день после ⟦TIME⟧. Мой телефон ⟦PHONE⟧, почта ⟦EMAIL:P1⟧.
С уважением, ⟦P1.f_io⟧""",
    """Анкета кандидата (заполняется собственноручно)
1. Фамилия, имя, отчество: ⟦P1.fio⟧
2. Дата и место рождения: ⟦DOB:P1:ru_label⟧, ⟦?г. Алматы|г. Тараз|г. Кызылорда|⟪⟦PLACE_NEG⟧⟫⟧
3. ИИН: ⟦IIN:P1⟧
4. Удостоверение личности: № ⟦IDC⟧, выдано МВД РК ⟦DATE:num⟧
5. Семейное положение: ⟦?в браке|не состою в браке⟧, супруг(а) ⟦P2.fi⟧
6. Контакты: моб. ⟦PHONE⟧, дом. ⟦PHONE_LAND⟧
7. Счёт для зарплаты: ⟦IBAN:KZ⟧
Подпись ______ Дата ⟦DATE:num⟧""",
]
T[("job_application", "kk")] = [
    """ТҮЙІНДЕМЕ
⟦P1.fio⟧
Туған күні: ⟦DOB:P1:kk_label⟧
Телефон: ⟦PHONE⟧ | Эл. пошта: ⟦EMAIL:P1⟧
Қала: ⟦CITY⟧

Мақсаты: ⟦?бухгалтер|сату менеджері|бағдарламашы|аудармашы⟧ лауазымы
Білімі: ⟦UNI⟧, ⟦YEAR⟧
Жұмыс тәжірибесі: ⟦YEAR⟧ жылдан бастап «⟦COMPANY⟧» ЖШС, ⟦?жетекші маман|менеджер|инженер⟧
Дағдылары: 1С, Excel, қазақ, орыс және ағылшын тілдері
Ұсыным берушілер: ⟦P2.fio⟧, ⟦PHONE⟧""",
    """Сәлеметсіз бе, ⟦P2.io⟧!

Менің атым – ⟦P1.if⟧. enbek.kz сайтындағы «⟦?Деректер талдаушысы|Заңгер|Мұғалім⟧» бос орнына (№ ⟦ORDER:9⟧) өтініш беремін. Соңғы үш жылда «⟦COMPANY⟧» АҚ-да жұмыс істедім. Түйіндемемді тіркедім⟪ (⟦FILEAT⟧)⟫. Сұхбатқа кез келген күні ⟦TIME⟧-ден кейін келе аламын. Телефоным: ⟦PHONE⟧, поштам: ⟦EMAIL:P1⟧.
Құрметпен, ⟦P1.f_io⟧""",
    """Үміткер сауалнамасы
1. Тегі, аты, әкесінің аты: ⟦P1.fio⟧
2. Туған күні мен жері: ⟦DOB:P1:kk_label⟧, ⟦?Алматы қаласы|Тараз қаласы|Қызылорда облысы|⟪⟦PLACE_NEG⟧⟫⟧
3. ЖСН: ⟦IIN:P1⟧
4. Жеке куәлік: № ⟦IDC⟧, ⟦DATE:num⟧ ІІМ берген
5. Отбасы жағдайы: ⟦?үйленген|тұрмыста|бойдақ⟧; жұбайы ⟦P2.fi⟧
6. Байланыс: ұялы ⟦PHONE⟧, үй ⟦PHONE_LAND⟧
7. Жалақы шоты: ⟦IBAN:KZ⟧
Қолы ______ Күні ⟦DATE:num⟧""",
]
T[("job_application", "en")] = [
    """CURRICULUM VITAE
⟦P1.fl⟧
Date of birth: ⟦DOB:P1:en_label⟧ | Nationality: Kazakhstan
Phone: ⟦PHONE⟧ | Email: ⟦EMAIL:P1⟧

Education
⟦UNI⟧, BSc Computer Science, ⟦YEAR⟧
Experience
⟦YEAR⟧–present: Data Engineer, ⟦COMPANY⟧ (Astana)
Skills: Python, Spark, Airflow⟪ ⟦VER⟧⟫
Referees: ⟦P2.fml⟧ (⟦EMAIL:P2⟧); ⟦P3.iil⟧ (⟦PHONE_INTL⟧)""",
    """Dear ⟦HON:P2:en⟧ ⟦P2.last⟧,

I am writing to apply for the Senior Accountant position (ref. ⟦ORDER:6⟧) advertised on LinkedIn. I have seven years of experience at ⟦?⟦COMPANY⟧|Deloitte Kazakhstan|⟪⟦COMPANY_NEG⟧⟫⟧ and hold an ACCA qualification. I will be glad to hear from you at ⟦PHONE⟧ or ⟦EMAIL:P1⟧. I am available from ⟦DATE:en⟧.

Yours sincerely,
⟦P1.fml⟧""",
    """Applicant #⟦NUM:5⟧ | ⟦P1.l_f⟧ | dob=⟦DOB:P1:iso⟧ | ⟦EMAIL:P1⟧ | ⟦PHONE⟧ | source=hh.kz | status=interview ⟦DATE:iso⟧ ⟦TIME⟧ with ⟦P2.fl⟧
Notes: candidate asked to use personal email only; salary expectation ⟦AMOUNT⟧.⟪ Previous employer: ⟦COMPANY_NEG⟧. Uploaded ⟦FILEAT⟧.⟫""",
]

# ============================================================== marketplace
T[("marketplace", "ru")] = [
    """Сдаётся 2-комнатная квартира, ⟦?мкр. Самал-2|ЖК «Хайвил»|мкр. Аксай-4⟧, ⟦STREET⟧, 5/9 этаж, 58 м². Цена ⟦AMOUNT⟧/мес., депозит за 1 месяц. Без посредников, собственник ⟦P1.first⟧. Звоните: ⟦PHONE⟧, WhatsApp ⟦PHONE⟧. Объявление № ⟦ORDER:9⟧ на krisha.kz.""",
    """@P2=any/f
[OLX] Чат по объявлению «⟦?iPhone 13 128 ГБ|Велосипед Stels|Детская коляска Tutis|PlayStation 5⟧» (ID ⟦ORDER:9⟧)
⟦P2.first⟧: Здравствуйте, ещё актуально? Торг есть?
Продавец: Добрый, да, актуально. Торг небольшой, ⟦AMOUNT⟧ окончательно.
⟦P2.first⟧: Ок, могу перевести на Kaspi, скиньте номер карты или телефон
Продавец: ⟦PHONE⟧, Kaspi на имя ⟦P1.if⟧. Или карта ⟦CARD⟧
⟦P2.first⟧: Перевела, чек ⟦CHECK⟧. Заберу завтра в ⟦TIME⟧""",
    """Kaspi Магазин – заказ № ⟦ORDER:9⟧ от ⟦DATE:num⟧
Покупатель: ⟦P1.fi⟧, ⟦PHONE⟧
Товар: Смартфон Samsung Galaxy A55 8/256 ГБ
Способ оплаты: Kaspi Red, рассрочка 0-0-12
Доставка: Kaspi Postomat, ⟦STREET⟧
Продавец: ТОО «⟦COMPANY⟧», БИН ⟦BIN⟧
Отзыв покупателя: «Всё пришло быстро, менеджер ⟦P3.first⟧ вежливая, рекомендую!»⟪ P.S. ⟦WORDNAME⟧ – это про этот магазин.⟫""",
]
T[("marketplace", "kk")] = [
    """Пәтер жалға беріледі: 1 бөлмелі, ⟦?Нұрлы Жол|Самал-2|Шұғыла⟧ ы/а, ⟦STREET⟧, 7/12 қабат, 42 м². Бағасы айына ⟦AMOUNT⟧, депозит бар. Делдалсыз, иесі – ⟦P1.first⟧. Хабарласыңыз: ⟦PHONE⟧ (WhatsApp та бар). Хабарландыру № ⟦ORDER:9⟧.""",
    """[OLX] «⟦?iPhone 12|Балалар арбасы|Велосипед|Тоңазытқыш Samsung⟧» хабарландыруы бойынша чат
⟦P2.first⟧: Сәлеметсіз бе, әлі сатылмады ма?
Сатушы: Сәлем, сатылмады. Бағасы ⟦AMOUNT⟧, аздап түсемін.
⟦P2.first⟧: Kaspi-ге аударайын, нөміріңізді жазыңызшы
Сатушы: ⟦PHONE⟧, Kaspi ⟦P1.if⟧ атында. Немесе карта: ⟦CARD⟧
⟦P2.first⟧: Аудардым, чек ⟦CHECK⟧. Ертең сағат ⟦TIME⟧-де алып кетемін""",
    """Kaspi Дүкен – № ⟦ORDER:9⟧ тапсырыс, ⟦DATE:num⟧
Сатып алушы: ⟦P1.fi⟧, ⟦PHONE⟧
Тауар: ⟦?Кофемашина Philips 2200|⟪Кофемашина De'Longhi Magnifica S⟫|Шаңсорғыш Xiaomi⟧
Төлем: Kaspi Red, 0-0-12 бөліп төлеу
Сатушы: «⟦COMPANY⟧» ЖШС, БСН ⟦BIN⟧
Пікір: «Тауар тез жетті, сатушы ⟦P3.first⟧ өте сыпайы, рахмет!»""",
]
T[("marketplace", "en")] = [
    """FOR RENT: furnished 2BR apartment near ⟦LANDMARK⟧, ⟦CITY⟧. ⟦AMOUNT⟧/month, utilities included, min. 6 months. Owner: ⟦P1.first⟧ (speaks English). Call or WhatsApp ⟦PHONE⟧, email ⟦EMAIL:P1⟧. Listing ID ⟦ORDER:9⟧.""",
    """[Marketplace chat – item #⟦ORDER:9⟧ "MacBook Air M2"]
⟦P2.first⟧: hi, is it still available? can you do ⟦AMOUNT⟧?
seller: hey, yes. lowest is ⟦AMOUNT⟧, battery cycle count 41
⟦P2.first⟧: deal. how do i pay?
seller: kaspi transfer to ⟦PHONE⟧ (⟦P1.fl⟧) or card ⟦CARD⟧
⟦P2.first⟧: sent, receipt ⟦CHECK⟧. pick up tomorrow at ⟦TIME⟧?""",
    """Review by ⟦P1.f_l⟧ on ⟦DATE:en⟧ – 4/5
Ordered a ⟦?Xiaomi scooter|Samsung soundbar|⟪Dyson V11 vacuum⟫|⟪Philips air fryer⟫⟧ (order ⟦ORDER:9⟧). Seller ⟦COMPANY⟧ LLP, BIN ⟦BIN⟧, shipped fast. The courier, ⟦P2.first⟧, called from ⟦PHONE⟧ before arriving.⟪ Only issue: the invoice listed my card as ⟦MASK⟧, which is not mine.⟫""",
]

# ============================================================== court
T[("court", "ru")] = [
    """РЕШЕНИЕ
ИМЕНЕМ РЕСПУБЛИКИ КАЗАХСТАН

⟦DATE:ru_w_g⟧, г. ⟦CITY⟧
Дело № ⟦CASE⟧

⟦?Бостандыкский|Алмалинский|Есильский⟧ районный суд в составе председательствующего судьи ⟦P1.f_io.gen⟧, при секретаре судебного заседания ⟦P2.f_io.prep⟧, рассмотрев в открытом судебном заседании гражданское дело по иску ⟦P3.fio.gen⟧ (ИИН ⟦IIN:P3⟧) к ТОО «⟦COMPANY#1⟧» (БИН ⟦BIN⟧) о взыскании задолженности по заработной плате,

РЕШИЛ:
Иск удовлетворить. Взыскать с ТОО «⟦COMPANY#1⟧» в пользу ⟦P3.f_io.gen⟧ задолженность в размере ⟦AMOUNT⟧, перечислив на счёт ⟦IBAN:KZ⟧.
Решение может быть обжаловано в течение одного месяца.
Судья ⟦P1.io_f⟧""",
    """@P2=any/m
ПОСТАНОВЛЕНИЕ
по делу об административном правонарушении

⟦DATE:num⟧, г. ⟦CITY⟧
Судья специализированного административного суда ⟦P1.fio⟧, рассмотрев материалы в отношении ⟦P2.fio.gen⟧, ⟦DOB:P2:ru_bare⟧ года рождения, ИИН ⟦IIN:P2⟧, уроженца ⟦?г. Алматы|г. Шымкента|⟪Жамбылской области⟫⟧, по ч. 2 ст. 592 КоАП РК,
УСТАНОВИЛ:
⟦DATE:num⟧ в ⟦TIME⟧ ⟦P2.f_io⟧, управляя автомобилем⟪ с гос. номером ⟦PLATE⟧⟫, превысил установленную скорость движения.
ПОСТАНОВИЛ:
Признать ⟦P2.fio.acc⟧ виновным и наложить штраф ⟦AMOUNT⟧. Реквизиты: БИН ⟦BIN⟧, ИИК ⟦IBAN:KZ⟧, КБК 204101.""",
    """Из материалов дела № ⟦CASE⟧ следует, что между АО «⟦?Kaspi Bank|Home Credit Bank|Банк ЦентрКредит⟧» (БИН ⟦BIN⟧) и ⟦P1.fio.ins⟧ ⟦DATE:num⟧ заключён договор потребительского займа № ⟦ORDER:10⟧. Ответчик ненадлежащим образом исполнял обязательства, по карте ⟦CARD⟧ образовалась задолженность ⟦AMOUNT⟧.⟪ Номер карты ⟦CARD_BAD⟧, указанный в иске, содержит ошибку.⟫ Представитель истца ⟦P2.fi⟧ (по доверенности от ⟦DATE:num⟧) иск поддержал. Ответчик, извещённый по номеру ⟦PHONE⟧ и по адресу электронной почты ⟦EMAIL:P1⟧, в суд не явился.
Суд взыскивает с ⟦P1.f_io.gen⟧ в пользу банка ⟦AMOUNT⟧.""",
]
T[("court", "kk")] = [
    """ШЕШІМ
ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ АТЫНАН

⟦DATE:kk_w⟧, ⟦CITY⟧ қаласы
Іс № ⟦CASE⟧

⟦?Бостандық|Алмалы|Есіл⟧ аудандық соты, төрағалық етуші судья ⟦P1.f_io⟧, сот отырысының хатшысы ⟦P2.f_io⟧, ⟦P3.fio.gen⟧ (ЖСН ⟦IIN:P3⟧) «⟦COMPANY#1⟧» ЖШС-ға (БСН ⟦BIN⟧) жалақы бойынша берешекті өндіріп алу туралы талап арызы бойынша азаматтық істі ашық сот отырысында қарап,

ШЕШТІ:
Талап қанағаттандырылсын. «⟦COMPANY#1⟧» ЖШС-нан ⟦P3.fi.gen⟧ пайдасына ⟦AMOUNT⟧ өндіріліп, ⟦IBAN:KZ⟧ шотына аударылсын.
Шешімге бір ай ішінде шағым жасалуы мүмкін.
Судья ⟦P1.io_f⟧""",
    """ҚАУЛЫ
әкімшілік құқық бұзушылық туралы іс бойынша

⟦DATE:num⟧, ⟦CITY⟧ қаласы
Мамандандырылған әкімшілік соттың судьясы ⟦P1.fio⟧ ⟦DOB:P2:kk_tugan⟧ туған, ЖСН ⟦IIN:P2⟧, ⟦?Алматы қаласының|Шымкент қаласының|⟪Жамбыл облысының⟫⟧ тумасы ⟦P2.fio.gen⟧ қатысты материалдарды қарап,
АНЫҚТАДЫ:
⟦DATE:num⟧ сағат ⟦TIME⟧-да ⟦P2.f_io⟧⟪ мемлекеттік нөмірі ⟦PLATE⟧⟫ көлікті басқара отырып, жылдамдықты асырған.
ҚАУЛЫ ЕТТІ:
⟦P2.fio.acc⟧ кінәлі деп танып, ⟦AMOUNT⟧ айыппұл салынсын. Деректемелер: БСН ⟦BIN⟧, ЖСК ⟦IBAN:KZ⟧.""",
    """Іс материалдарынан ⟦?«Kaspi Bank» АҚ|«Home Credit Bank» АҚ|«Банк ЦентрКредит» АҚ⟧ (БСН ⟦BIN⟧) пен ⟦P1.fio⟧ арасында ⟦DATE:num⟧ № ⟦ORDER:10⟧ тұтынушылық қарыз шарты жасалғаны анықталды. Жауапкер міндеттемелерін тиісінше орындамаған: ⟦CARD⟧ картасы бойынша ⟦AMOUNT⟧ берешек пайда болған.⟪ Талап қоюшы көрсеткен ⟦CARD_BAD⟧ нөмірі қате жазылған.⟫ Талап қоюшының өкілі ⟦P2.if⟧ талапты қолдады. Жауапкер ⟦PHONE⟧ нөмірі және ⟦EMAIL:P1⟧ поштасы арқылы хабардар етілсе де, сотқа келмеді.
Сот ⟦P1.fi.abl⟧ банк пайдасына ⟦AMOUNT⟧ өндіріп алуға шешті.""",
]
T[("court", "en")] = [
    """IN THE ASTANA INTERNATIONAL FINANCIAL CENTRE COURT
Case No: AIFC-C/CFI/⟦YEAR⟧/⟦NUM:4⟧
BETWEEN
⟦P1.caps⟧ (Claimant)
and
⟦COMPANY⟧ LLP, BIN ⟦BIN⟧ (Defendant)

JUDGMENT
1. The Claimant, ⟦HON:P1:en⟧ ⟦P1.last⟧, seeks unpaid fees of ⟦AMOUNT⟧ under a consultancy agreement dated ⟦DATE:en⟧.
2. Counsel for the Defendant, ⟦P2.fml⟧, argued that invoice INV-⟦NUM:5⟧ was never received at ⟦EMAIL_ORG⟧.
3. The Court orders payment to IBAN ⟦IBAN:FOREIGN⟧ within 14 days.
Justice ⟦P3.iil⟧""",
    """@P1=any/m
Summary of sentencing remarks, ⟦CITY⟧ City Court, ⟦DATE:en⟧
The defendant, ⟦P1.fl⟧ (IIN ⟦IIN:P1⟧, born ⟦DOB:P1:en_born⟧), was convicted of fraud: between ⟦DATE:en⟧ and ⟦DATE:en⟧ he used card ⟦CARD⟧ belonging to ⟦P2.fl⟧ to make 37 online purchases from IP address ⟦IP⟧.⟪ Card ⟦CARD_BAD⟧ found in his notes failed the Luhn check and was not used.⟫ He was sentenced to three years of restricted liberty. Judge: ⟦P3.fml⟧.""",
    """Ruling on appeal ⟦CASE⟧
Appellant: ⟦P1.fml⟧, passport ⟦PASS⟧
Respondent: ⟦?⟦COMPANY⟧|⟪⟦COMPANY_NEG⟧⟫⟧ Kazakhstan LLP, BIN ⟦BIN⟧
The appellant's phone records (⟦PHONE⟧, ⟦PHONE_INTL⟧) show calls on ⟦DATE:en⟧. Witness ⟦P2.f_l⟧ confirmed the meeting at ⟦HOTEL⟧. The appeal is dismissed. Costs of ⟦AMOUNT⟧ are awarded to the respondent. Presiding: ⟦P3.iil⟧, with ⟦P4.iil⟧ and ⟦P5.iil⟧.""",
]

# ============================================================== call centre
T[("call_centre", "ru")] = [
    """@P2=any/f
[Запись разговора ⟦CALLID⟧, ⟦DATE:num⟧ ⟦TIME⟧]
Оператор: ⟦?Халык Банк|Kaspi Bank|Банк ЦентрКредит⟧, здравствуйте, меня зовут ⟦P2.first⟧, чем могу помочь?
Клиент: Здравствуйте, у меня карта заблокировалась.
Оператор: Назовите, пожалуйста, ваши фамилию, имя, отчество.
Клиент: ⟦P1.fio⟧.
Оператор: Спасибо. Ваш ИИН?
Клиент: ⟦IIN:P1:spaced⟧.
Оператор: Последние четыре цифры карты?
Клиент: ⟦NUM:4⟧.
Оператор: Вижу карту⟪ ⟦MASK⟧⟫. Разблокировала. Отправим SMS на номер ⟦PHONE⟧, верно?
Клиент: Да, всё верно. Спасибо.
Оператор: Всего доброго, ⟦P1.io⟧!""",
    """@P3=any/f
Оператор: ⟦?Beeline|Kcell|Tele2⟧, ⟦P2.first⟧, слушаю вас.
Абонент: Добрый день, хочу переоформить номер ⟦PHONE⟧ на маму, ⟦P3.fio.acc⟧.
Оператор: Хорошо. Владелец номера – вы, ⟦P1.fi⟧?
Абонент: Да.
Оператор: Продиктуйте номер удостоверения личности.
Абонент: ⟦IDC⟧.
Оператор: И ИИН мамы?
Абонент: ⟦IIN:P3⟧. Она родилась ⟦DOB:P3:ru_born⟧, если нужно.
Оператор: Нужно, чтобы мама подошла в ЦОА с удостоверением. Заявка ⟦ORDER:8⟧.
Абонент: Понял, спасибо.""",
    """@P1=any/m;P2=any/f
Исходящий звонок, отдел взыскания, ⟦DATE:num⟧ ⟦TIME⟧
Сотрудник: Здравствуйте, могу я услышать ⟦P1.if.acc⟧?
Собеседник: Его нет, я его ⟦?жена|сестра⟧, ⟦P2.first⟧.
Сотрудник: Передайте, пожалуйста, что по договору № ⟦ORDER:10⟧ просрочка ⟦AMOUNT⟧. Оплатить можно на счёт ⟦IBAN:KZ⟧ или через терминал, указав ИИН ⟦IIN:P1⟧.
Собеседник: Хорошо, а куда ему перезвонить?
Сотрудник: ⟦PHONE_LAND⟧ или ⟦PHONE⟧, с 9:00 до 18:00.⟪
[Примечание оператора: в анкете указан неверный ИИН ⟦IIN_BAD⟧, уточнить]⟫""",
]
T[("call_centre", "kk")] = [
    """[Қоңырау жазбасы ⟦CALLID⟧, ⟦DATE:num⟧ ⟦TIME⟧]
Оператор: ⟦?Halyk Bank|Kaspi Bank|Jusan Bank⟧, сәлеметсіз бе, менің атым ⟦P2.first⟧. Сізге қалай көмектесе аламын?
Клиент: Сәлеметсіз бе, картам бұғатталып қалды.
Оператор: Тегіңізді, атыңызды, әкеңіздің атын айтыңызшы.
Клиент: ⟦P1.fio⟧.
Оператор: Рахмет. ЖСН-іңіз?
Клиент: ⟦IIN:P1:spaced⟧.
Оператор: Картаның соңғы төрт саны?
Клиент: ⟦NUM:4⟧.
Оператор: Карта⟪ ⟦MASK⟧⟫ бұғаттан шығарылды. ⟦PHONE⟧ нөміріне SMS жібереміз, дұрыс па?
Клиент: Иә, дұрыс. Рахмет.
Оператор: Сау болыңыз, ⟦P1.first⟧ ⟦HON:P1:kk⟧!""",
    """@P3=kaz/f
Оператор: ⟦?Beeline|Kcell|Tele2⟧, ⟦P2.first⟧ тыңдап тұр.
Абонент: Сәлеметсіз бе, ⟦PHONE⟧ нөмірін анама, ⟦P3.fio.dat⟧ қайта рәсімдегім келеді.
Оператор: Жақсы. Нөмір иесі – сіз, ⟦P1.fi⟧, солай ма?
Абонент: Иә.
Оператор: Жеке куәлігіңіздің нөмірін айтыңызшы.
Абонент: ⟦IDC⟧.
Оператор: Анаңыздың ЖСН-і?
Абонент: ⟦IIN:P3⟧. Ол ⟦DOB:P3:kk_tugan⟧ туған.
Оператор: Анаңыз жеке куәлігімен халыққа қызмет көрсету орталығына келуі керек. Өтінім нөмірі ⟦ORDER:8⟧.
Абонент: Түсіндім, рахмет.""",
    """@P1=kaz/m;P2=kaz/f
Шығыс қоңырау, өндіру бөлімі, ⟦DATE:num⟧ ⟦TIME⟧
Қызметкер: Сәлеметсіз бе, ⟦P1.if⟧ бар ма?
Әңгімелесуші: Ол жоқ, мен ⟦?әйелімін|қарындасымын⟧, ⟦P2.first⟧.
Қызметкер: Айтып қойыңызшы, № ⟦ORDER:10⟧ шарт бойынша мерзімі өткен берешек ⟦AMOUNT⟧. ⟦IBAN:KZ⟧ шотына немесе терминал арқылы ЖСН ⟦IIN:P1⟧ көрсетіп төлеуге болады.
Әңгімелесуші: Жарайды, ол қай нөмірге хабарлассын?
Қызметкер: ⟦PHONE_LAND⟧ немесе ⟦PHONE⟧, 9:00-ден 18:00-ге дейін.⟪
[Оператор ескертпесі: сауалнамадағы ЖСН қате – ⟦IIN_BAD⟧, нақтылау керек]⟫""",
]
T[("call_centre", "en")] = [
    """[Call ⟦CALLID⟧ | ⟦DATE:iso⟧ ⟦TIME⟧]
Agent: Thank you for calling ⟦?Freedom Bank|Halyk Bank|Kaspi⟧, this is ⟦P2.first⟧. How can I help?
Caller: Hi, I think my card was charged twice.
Agent: I'm sorry to hear that. Can I have your full name, please?
Caller: ⟦P1.fml⟧.
Agent: And your date of birth?
Caller: ⟦DOB:P1:en_born⟧.
Agent: Thank you. I see two transactions of ⟦AMOUNT⟧ on the card ending ⟦NUM:4⟧. I'll open a dispute, reference ⟦ORDER:8⟧. We'll email you at ⟦EMAIL:P1⟧.
Caller: Great, thanks.""",
    """Transcript – mobile operator support
Agent: Hello, you're through to customer care, my name is ⟦P2.first⟧.
Customer: Hi, I want to move my number ⟦PHONE⟧ to a new SIM.
Agent: Sure. Is the account in your name?
Customer: Yes, ⟦P1.fl⟧, IIN ⟦IIN:P1:spaced⟧.
Agent: And your ID card number?
Customer: ⟦IDC⟧.
Agent: Thanks. The eSIM QR code will be sent to ⟦EMAIL:P1⟧ within 15 minutes. Your request number is ⟦ORDER:9⟧.
Customer: Could you also text it to my other number, ⟦PHONE_INTL⟧?
Agent: Done.""",
    """@P1=any/m;P2=any/f
Callback note – collections
Date: ⟦DATE:en⟧ ⟦TIME⟧
Tried to reach ⟦HON:P1:en⟧ ⟦P1.fl⟧ on ⟦PHONE⟧ – no answer. Spoke to ⟦P2.first⟧ (says she is his sister). Outstanding: ⟦AMOUNT⟧ on loan ⟦ORDER:10⟧. Payment details given: IBAN ⟦IBAN:KZ⟧.⟪ Customer file shows IIN ⟦IIN_BAD⟧ – checksum fails, flagged for KYC review.⟫ Next attempt ⟦DATE:en⟧.""",
]

# ============================================================== CRM exports and logs
T[("crm_log", "ru")] = [
    """⟦TS⟧ INFO  crm.sync  client_id=⟦NUM:6⟧ fio="⟦P1.fio⟧" iin=⟦IIN:P1⟧ phone=⟦PHONE:plain⟧ email=⟦EMAIL:P1⟧ status=ACTIVE⟪
⟦TS⟧ WARN  crm.sync  client_id=⟦NUM:6⟧ iin=⟦IIN_BAD⟧ reason="неверная контрольная цифра ИИН"⟫
⟦TS⟧ INFO  auth  вход выполнен user=⟦USER⟧ ip=⟦IP⟧ ua="Mozilla/5.0"⟪ app_ver=⟦VER⟧⟫
⟦TS⟧ INFO  payments  amount=⟦AMOUNT:plain⟧ KZT order=⟦ORDER:10⟧⟪ card=⟦MASK⟧⟫ комментарий="оплата от ⟦P1.if.gen⟧\"""",
    """Выгрузка из CRM (⟦DATE:num⟧), лист «Клиенты»:
id;фио;иин;дата_рождения;телефон;email;комментарий
⟦NUM:5⟧;⟦P1.fio⟧;⟦IIN:P1⟧;⟦DOB:P1:num⟧;⟦PHONE⟧;⟦EMAIL:P1⟧;перезвонить после ⟦TIME⟧
⟦NUM:5⟧;⟦P2.fio⟧;⟦IIN:P2⟧;⟦DOB:P2:num⟧;⟦PHONE⟧;⟦EMAIL:P2⟧;VIP⟪
⟦NUM:5⟧;⟦P3.fi⟧;⟦IIN_BAD⟧;;⟦PHONE_BAD⟧;—;ИИН не прошёл проверку⟫""",
    """Ошибка при отправке заявки в скоринг (HTTP 422). Тело запроса:
{"applicant": {"full_name": "⟦P1.fio⟧", "iin": "⟦IIN:P1⟧", "birth_date": "⟦DOB:P1:iso⟧", "phone": "⟦PHONE:e164⟧", "email": "⟦EMAIL:P1⟧", "id_card": "⟦IDC⟧"}, "loan": {"amount": ⟦NUM:6⟧, "term": 24, "iban": "⟦IBAN:KZc⟧"}, "meta": {"ip": "⟦IP⟧", "request_id": "⟦UUID⟧"}}
Ответ: {"error": "employer_bin_invalid"⟪, "value": "⟦BIN_BAD⟧", "sdk": "⟦VER⟧"⟫}""",
]
T[("crm_log", "kk")] = [
    """⟦TS⟧ INFO  crm.sync  client_id=⟦NUM:6⟧ aty_zhoni="⟦P1.fi⟧" zhsn=⟦IIN:P1⟧ tel=⟦PHONE:plain⟧ email=⟦EMAIL:P1⟧ күйі=белсенді⟪
⟦TS⟧ WARN  crm.sync  client_id=⟦NUM:6⟧ zhsn=⟦IIN_BAD⟧ себебі="ЖСН бақылау саны сәйкес емес"⟫
⟦TS⟧ INFO  auth  кіру сәтті user=⟦USER⟧ ip=⟦IP6⟧⟪ нұсқа=⟦VER⟧⟫
⟦TS⟧ INFO  төлем  сома=⟦AMOUNT:plain⟧ теңге тапсырыс=⟦ORDER:10⟧⟪ карта=⟦MASK⟧⟫ түсініктеме="⟦P1.if.gen⟧ төлемі\"""",
    """CRM-нен экспорт (⟦DATE:num⟧), «Клиенттер» парағы:
id,аты_жөні,жсн,туған_күні,телефон,email,ескертпе
⟦NUM:5⟧,⟦P1.fio⟧,⟦IIN:P1⟧,⟦DOB:P1:num⟧,⟦PHONE⟧,⟦EMAIL:P1⟧,кешке хабарласу
⟦NUM:5⟧,⟦P2.fi⟧,⟦IIN:P2⟧,⟦DOB:P2:iso⟧,⟦PHONE⟧,⟦EMAIL:P2⟧,тұрақты клиент⟪
⟦NUM:5⟧,⟦P3.if⟧,⟦IIN_BAD⟧,,⟦PHONE_BAD⟧,,ЖСН тексеруден өтпеді⟫""",
    """Өтінімді скорингке жіберу қатесі (HTTP 422). Сұраныс денесі:
{"otinish_berushi": {"tolyq_aty": "⟦P1.fio⟧", "zhsn": "⟦IIN:P1⟧", "tugan_kuni": "⟦DOB:P1:iso⟧", "telefon": "⟦PHONE:e164⟧", "zheke_kualik": "⟦IDC⟧"}, "nesie": {"soma": ⟦NUM:6⟧, "merzimi": 12, "zhsk": "⟦IBAN:KZc⟧"}, "meta": {"ip": "⟦IP⟧"}}
Жауап: {"qate": "zhumys_berushi_bsn_zharamsyz"⟪, "mani": "⟦BIN_BAD⟧"⟫}
Менеджерге ескерту: клиент ⟦P1.first⟧ қайта қоңырау шалуды сұрады, ⟦PHONE⟧.""",
]
T[("crm_log", "en")] = [
    """⟦TS⟧ INFO  api.customers  PATCH /v2/customers/⟦NUM:7⟧ name="⟦P1.fl⟧" email=⟦EMAIL:P1⟧ phone=⟦PHONE:e164⟧ src_ip=⟦IP⟧
⟦TS⟧ DEBUG kyc  iin=⟦IIN:P1⟧ check=passed dob=⟦DOB:P1:iso⟧⟪
⟦TS⟧ DEBUG kyc  iin=⟦IIN_BAD⟧ check=failed reason=checksum⟫
⟦TS⟧ INFO  billing  charge ok amount=⟦AMOUNT:plain⟧ invoice=INV-⟦NUM:6⟧⟪ card=⟦MASK⟧ build=⟦VER⟧
⟦TS⟧ WARN  upload  file=⟦FILEAT⟧ user=⟦USER⟧⟫""",
    """Export customers_⟦DATE:iso⟧.csv (first rows):
customer_id,full_name,date_of_birth,iin,phone,email,iban
⟦NUM:6⟧,"⟦P1.l_f⟧",⟦DOB:P1:iso⟧,⟦IIN:P1⟧,⟦PHONE:e164⟧,⟦EMAIL:P1⟧,⟦IBAN:KZc⟧
⟦NUM:6⟧,⟦P2.fl⟧,⟦DOB:P2:slash⟧,⟦IIN:P2⟧,⟦PHONE_INTL⟧,⟦EMAIL:P2⟧,⟦IBAN:KZc⟧⟪
⟦NUM:6⟧,⟦P3.caps⟧,,,⟦PHONE_BAD⟧,,⟦IBAN_BAD⟧⟫""",
    """Webhook payload (source ⟦IP6⟧) received at ⟦TS⟧
{"event": "order.created", "order_id": "⟦ORDER:10⟧", "customer": {"name": "⟦P1.fml⟧", "email": "⟦EMAIL:P1⟧", "phone": "⟦PHONE⟧", "passport": "⟦PASS⟧"}, "payment": {"card": "⟦CARD:nosep⟧", ⟪"masked": "⟦MASK⟧", ⟫"amount": ⟦NUM:5⟧.00, "currency": "KZT"}⟪, "shipping": {"postcode": "⟦POST⟧"}⟫}
Note: raw card numbers must not be stored – ticket SEC-⟦NUM:4⟧.""",
]

# ============================================================== admissions
T[("admissions", "ru")] = [
    """@P1=any/any/young
Ректору ⟦UNI⟧
⟦P2.f_io.dat⟧
от абитуриента ⟦P1.fio.gen⟧,
⟦DOB:P1:ru_bare⟧ г.р., ИИН ⟦IIN:P1⟧,
тел. ⟦PHONE⟧, e-mail ⟦EMAIL:P1⟧

ЗАЯВЛЕНИЕ
Прошу допустить меня к участию в конкурсе на присуждение образовательного гранта по группе образовательных программ B057 «Информационные технологии». Сертификат ЕНТ № ⟦NUM:7⟧, балл 118. Удостоверение личности № ⟦IDC⟧ выдано ⟦DATE:num⟧.
⟦DATE:num⟧ Подпись ________""",
    """@P1=any/any/young;P2=any/any/young;P3=any/any/young
Выписка из приказа № ⟦NUM:3⟧-С от ⟦DATE:num⟧
Зачислить в число студентов 1 курса на основе государственного образовательного гранта:
1. ⟦P1.fio⟧ (ИИН ⟦IIN:P1⟧) – 6B06102, балл ЕНТ 124
2. ⟦P2.fio⟧ (ИИН ⟦IIN:P2⟧) – 6B06102, балл ЕНТ 119
3. ⟦P3.fio⟧ (ИИН ⟦?⟦IIN:P3⟧|⟪⟦IIN_BAD⟧ – требует проверки⟫⟧) – 6B04101, балл ЕНТ 101
Основание: протокол приёмной комиссии № ⟦NUM:2⟧.
Ответственный секретарь ⟦P4.io_f⟧""",
    """@P1=any/m
Тема: Документы для магистратуры

Здравствуйте! Я ⟦P1.fi⟧, поступаю в магистратуру ⟦UNI⟧ (программа 7M06101). Отправляю скан диплома и удостоверения личности (№ ⟦IDC⟧). Родился ⟦DOB:P1:ru_born⟧ в ⟦?г. Алматы|г. Таразе|⟪⟦PLACE_NEG:ru_prep⟧⟫⟧. Прошу подтвердить получение по адресу ⟦EMAIL:P1⟧ или по телефону ⟦PHONE⟧. Оплату за общежитие (⟦AMOUNT⟧) провёл с карты ⟦CARD⟧, квитанция № ⟦ORDER:9⟧.""",
]
T[("admissions", "kk")] = [
    """@P1=any/any/young
⟦UNI⟧ ректоры ⟦P2.io_f.dat⟧
талапкер ⟦P1.fio.abl⟧
⟦DOB:P1:kk_bare⟧ ж.т., ЖСН ⟦IIN:P1⟧,
тел. ⟦PHONE⟧, эл. пошта ⟦EMAIL:P1⟧

ӨТІНІШ
B057 «Ақпараттық технологиялар» білім беру бағдарламалары тобы бойынша білім беру грантын тағайындау конкурсына қатысуға рұқсат беруіңізді сұраймын. ҰБТ сертификаты № ⟦NUM:7⟧, балл 118. Жеке куәлік № ⟦IDC⟧, ⟦DATE:num⟧ берілген.
⟦DATE:num⟧ Қолы ________""",
    """@P1=any/any/young;P2=any/any/young;P3=any/any/young
№ ⟦NUM:3⟧-С бұйрықтан үзінді, ⟦DATE:num⟧
Мемлекеттік білім беру гранты негізінде 1-курс студенттері қатарына қабылдансын:
1. ⟦P1.fio⟧ (ЖСН ⟦IIN:P1⟧) – 6B06102, ҰБТ балы 124
2. ⟦P2.fio⟧ (ЖСН ⟦IIN:P2⟧) – 6B06102, ҰБТ балы 119
3. ⟦P3.fio⟧ (ЖСН ⟦?⟦IIN:P3⟧|⟪⟦IIN_BAD⟧ – тексеру қажет⟫⟧) – 6B04101, ҰБТ балы 101
Негіздеме: қабылдау комиссиясының № ⟦NUM:2⟧ хаттамасы.
Жауапты хатшы ⟦P4.io_f⟧""",
    """Тақырып: Магистратураға құжаттар

Сәлеметсіз бе! Мен ⟦P1.fi⟧, ⟦UNI⟧ магистратурасына (7M06101 бағдарламасы) түсемін. Диплом мен жеке куәліктің (№ ⟦IDC⟧) көшірмесін жіберемін. ⟦DOB:P1:kk_tugan⟧ ⟦?Алматы қаласында|Тараз қаласында|⟪⟦PLACE_NEG:kk_loc⟧⟫⟧ туғанмын. Құжаттарды алғаныңызды ⟦EMAIL:P1⟧ поштасына немесе ⟦PHONE⟧ нөміріне растауыңызды сұраймын. Жатақхана ақысын (⟦AMOUNT⟧) ⟦CARD⟧ картасымен төледім, түбіртек № ⟦ORDER:9⟧.""",
]
T[("admissions", "en")] = [
    """@P1=any/any/young
ADMISSIONS APPLICATION – ⟦UNI⟧
Applicant: ⟦P1.fl⟧
Date of birth: ⟦DOB:P1:en_label⟧
Citizenship: Kazakhstan, IIN ⟦IIN:P1⟧, passport ⟦PASS⟧
Email: ⟦EMAIL:P1⟧  Phone: ⟦PHONE⟧
IELTS 7.0⟪ (TRF ⟦TRF⟧)⟫, UNT 121
Parent/guardian: ⟦P2.fml⟧, ⟦PHONE⟧
Application fee ⟦AMOUNT⟧ paid on ⟦DATE:en⟧.""",
    """Dear ⟦P1.first⟧,

Congratulations! On behalf of the Admissions Committee of ⟦UNI⟧ I am pleased to offer you a place on the MSc in Data Science starting ⟦DATE:en⟧. Your student ID will be ⟦ORDER:9⟧. Please confirm by replying to ⟦EMAIL_ORG⟧ and pay the deposit of ⟦AMOUNT⟧ to ⟦IBAN:KZ⟧ (beneficiary BIN ⟦BIN⟧), quoting your IIN ⟦IIN:P1⟧.

Yours sincerely,
⟦P2.iil⟧
Director of Admissions""",
    """@P1=any/any/young;P2=any/any/young;P3=any/any/young
Scholarship shortlist (⟦DATE:en⟧)
| # | Name | Date of birth | Score |
| 1 | ⟦P1.caps⟧ | ⟦DOB:P1:slash⟧ | 94.5 |
| 2 | ⟦P2.l_f⟧ | ⟦DOB:P2:iso⟧ | 91.0 |
| 3 | ⟦P3.fl⟧ | ⟦DOB:P3:en_label⟧ | 88.5 |
Interviews at ⟦LANDMARK⟧, room ⟦NUM:3⟧, from ⟦TIME⟧. Questions: ⟦EMAIL_ORG⟧, ⟦PHONE_LAND⟧.⟪ Not to be confused with the Abai Prize shortlist.⟫""",
]

# ============================================================== messengers
T[("messenger", "ru")] = [
    """@P1=any/m;P2=any/f
[⟦TIME⟧] ⟦P1.first⟧: привет, скинь номер ⟦P2.first.gen.lc⟧ плиз
[⟦TIME⟧] ⟦P3.first⟧: ⟦PHONE⟧ вот, только она до 6 на работе
[⟦TIME⟧] ⟦P1.first⟧: спс)) а ты в субботу к ней придёшь?
[⟦TIME⟧] ⟦P3.first⟧: канешн, скидываемся по 5к, кидай на каспи ⟦PHONE⟧ или на карту ⟦CARD⟧
[⟦TIME⟧] ⟦P1.first⟧: ок скинул, чек ⟦CHECK⟧⟪
[⟦TIME⟧] ⟦P3.first⟧: у меня кстати новая карта, старая ⟦CARD_BAD⟧ уже не работает⟫""",
    """@P2=any/f;P4=any/m
⟦P1.first.lc⟧: салам, короче я документы в цон сдал, там нужен был иин мамы, я дал ⟦IIN:P2⟧, правильно же?
⟦P3.first.lc⟧: да вроде. а её удостоверение ⟦IDC⟧ не просили?
⟦P1.first.lc⟧: неа. жаным, напиши ⟦P4.if.dat.lc⟧ чтобы он перезвонил, его номер ⟦PHONE⟧
⟦P3.first.lc⟧: ок. кстати его мыло поменялось, теперь ⟦EMAIL:P4⟧
⟦P1.first.lc⟧: рахмет 🙏""",
    """Чат ОСИ ⟦OSI⟧
⟦P1.first⟧ (кв. ⟦NUM:2⟧): соседи, кто поставил машину⟪ ⟦PLATE⟧⟫ на газон??
⟦P2.first⟧: это мой брат, щас уберёт
⟦P3.if⟧: Уважаемые жильцы! Оплата за вывоз мусора ⟦AMOUNT⟧, реквизиты ОСИ: БИН ⟦BIN⟧, IBAN ⟦IBAN:KZ⟧. Председатель ⟦P3.f_io⟧, ⟦PHONE⟧
⟦P4.first.lc⟧: а можно через каспи? мой номер для чека ⟦PHONE⟧
⟦P1.first⟧: кстати лифт опять не работает с ⟦TIME⟧ 😡""",
]
T[("messenger", "kk")] = [
    """@P2=any/f
[⟦TIME⟧] ⟦P1.first.lc⟧: сәлем, ⟦P2.first.gen.lc⟧ номерін жіберші
[⟦TIME⟧] ⟦P3.first.lc⟧: ⟦PHONE⟧ мынау, бірақ ол 6-ға дейін жұмыста
[⟦TIME⟧] ⟦P1.first.lc⟧: рахмет)) сенбіде тойға барасың ба?
[⟦TIME⟧] ⟦P3.first.lc⟧: әрине, 5 мыңнан жинаймыз, каспиге ⟦PHONE⟧ немесе картаға ⟦CARD⟧ таста
[⟦TIME⟧] ⟦P1.first.lc⟧: ок жібердім, чек ⟦CHECK⟧⟪
[⟦TIME⟧] ⟦P3.first.lc⟧: ⟦WORDNAME⟧ 😂 ескі картам ⟦CARD_BAD⟧ енді істемейді, соған жібермеші⟫""",
    """@P2=any/f;P4=any/m;P5=any/any
⟦P1.first.lc⟧: салем, короче цонға құжат тапсырдым, анамның жсн-і керек болды, ⟦IIN:P2⟧ бердім, дұрыс па?
⟦P3.first.lc⟧: иә сияқты. жеке куәлігін ⟦IDC⟧ сұрамады ма?
⟦P1.first.lc⟧: жоқ. жаным, ⟦P4.if.dat.lc⟧ жазшы, маған перезвонить етсін, номері ⟦PHONE⟧
⟦P3.first.lc⟧: жарайды. айтпақшы оның почтасы өзгерді, енді ⟦EMAIL:P4⟧
⟦P1.first.lc⟧: рахмет 🙏 кстати ⟦P5.first.lc⟧ туған күніне шақырды, ол ⟦DOB:P5:kk_tugan⟧ туған екен""",
    """«⟦OSI⟧» ПИБ чаты
⟦P1.first⟧ (⟦NUM:2⟧-пәтер): көршілер, көлікті⟪ ⟦PLATE⟧⟫ газонға кім қойды??
⟦P2.first⟧: менің інімдікі, қазір алады
⟦P3.if⟧: Құрметті тұрғындар! Қоқыс шығару ақысы ⟦AMOUNT⟧, ПИБ деректемелері: БСН ⟦BIN⟧, IBAN ⟦IBAN:KZ⟧. Төраға ⟦P3.f_io⟧, ⟦PHONE⟧
⟦P4.first.lc⟧: каспимен болама? чек үшін нөмірім ⟦PHONE⟧
⟦P1.first⟧: лифт тағы істемейді ⟦TIME⟧-ден бері 😡""",
    """⟦P1.first.lc⟧: ⟦P2.first.lc⟧ калайсын? ертен кездесеміз ба
⟦P2.first.lc⟧: иа, сағат ⟦TIME⟧ да мегада. айтпакшы ⟦P3.if.dat.lc⟧ айттын ба?
⟦P1.first.lc⟧: айттым, ол да келеди. ⟦P3.first.gen.lc⟧ номери озгерипти: ⟦PHONE⟧
⟦P2.first.lc⟧: жаксы. маган ⟦IBAN:KZ⟧ шотына 10к тастай салшы, кейин кайтарам
⟦P1.first.lc⟧: ок, халыктан жиберемин""",
]
T[("messenger", "en")] = [
    """@P2=any/f
[⟦TIME⟧] ⟦P1.first⟧: hey, can u send me ⟦P2.first.lc⟧'s number?
[⟦TIME⟧] ⟦P3.first⟧: ⟦PHONE⟧ but she's at work till 6
[⟦TIME⟧] ⟦P1.first⟧: thx! r u coming on saturday?
[⟦TIME⟧] ⟦P3.first⟧: ya, we're chipping in 5k each, send to my kaspi ⟦PHONE⟧ or card ⟦CARD⟧
[⟦TIME⟧] ⟦P1.first⟧: done, receipt ⟦CHECK⟧ 👍""",
    """@P3=any/m
⟦P1.first.lc⟧: yo did u get the wifi fixed
⟦P2.first.lc⟧: nope router still at ⟦IP⟧, cant even ping it lol
⟦P1.first.lc⟧: try restarting it. also my new email is ⟦EMAIL:P1⟧
⟦P2.first.lc⟧: kk. btw ⟦P3.first.lc⟧ asked for ur iban for the flat deposit
⟦P1.first.lc⟧: ⟦IBAN:KZ⟧ – it's halyk. tell him to stop sending to the old card ending ⟦NUM:4⟧⟪
⟦P2.first.lc⟧: ⟦WORDNAME⟧. the app ⟦VER⟧ is out btw⟫""",
    """Expats in Almaty 🇰🇿
⟦P1.fl⟧: Anyone know a good dentist? Mine retired
⟦P2.first⟧: Dr. ⟦P3.fl⟧, ⟦PHONE_LAND⟧ – speaks English, near ⟦LANDMARK⟧
⟦P1.first⟧: thanks! is it the one on ⟦STREET⟧?
⟦P4.first⟧: yes. Also selling my Ikea sofa, ⟦AMOUNT⟧, DM or WhatsApp ⟦PHONE_INTL⟧
⟦P2.first⟧: lol ⟦P4.first⟧ that sofa has seen things""",
]
TEMPLATES = T


# ====================================================================================================
# Part 4: build and self-checks
# ====================================================================================================

SEED = 20251127
P_NEG = 0.36
TARGET = {"ru": 180, "kk": 170, "en": 150}
GENRES = [
    "notary",
    "insurance",
    "tax",
    "pharmacy_lab",
    "travel",
    "job_application",
    "marketplace",
    "court",
    "call_centre",
    "crm_log",
    "admissions",
    "messenger",
]
OUT = os.path.join(HERE, "independent2.jsonl")
NEG_KINDS = collections.Counter()


# ------------------------------------------------------------------ choices ⟦?a|b|c⟧ (may nest slots / ⟪⟫)
def _match_close(s, i):
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "⟦":
            depth += 1
        elif s[j] == "⟧":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError("unbalanced ⟦ in template")


def _split_top(s):
    parts, depth, cur = [], 0, []
    for ch in s:
        if ch in "⟦⟪":
            depth += 1
        elif ch in "⟧⟫":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def resolve_choices(tpl, r, has_neg):
    while True:
        i = tpl.find("⟦?")
        if i < 0:
            return tpl
        j = _match_close(tpl, i)
        opts = _split_top(tpl[i + 2 : j])
        neg = [o for o in opts if "⟪" in o]
        pos = [o for o in opts if "⟪" not in o]
        if has_neg and neg and r.random() < 0.7:
            pick = r.choice(neg)
        else:
            pick = r.choice(pos or opts)
        tpl = tpl[:i] + pick + tpl[j + 1 :]


# ------------------------------------------------------------------ checks
def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def leaks(text, spans):
    """Unlabelled strings that a correct scanner would be right to report (=> regenerate the record)."""
    cov = [(s["start"], s["end"]) for s in spans]
    free = lambda a, b: not any(overlaps((a, b), c) for c in cov)
    out = []
    for m in re.finditer(r"(?<!\d)\d{12}(?!\d)", text):
        if free(*m.span()) and kz_valid(m.group()):
            out.append(("kz", m.group()))
    for m in re.finditer(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])", text):
        if free(*m.span()) and luhn_ok(m.group()) and re.sub(r"\D", "", m.group())[0] in "23456":
            out.append(("card", m.group()))
    for m in phonenumbers.PhoneNumberMatcher(text, "KZ", leniency=phonenumbers.Leniency.VALID):
        if free(m.start, m.end):
            out.append(("phone", m.raw_string))
    for m in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b", text):
        if free(*m.span()) and iban_valid(m.group()):
            out.append(("iban", m.group()))
    for m in re.finditer(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])", text):
        if free(*m.span()):
            try:
                ipaddress.IPv4Address(m.group())
                out.append(("ip", m.group()))
            except ValueError:
                pass
    for m in re.finditer(r"(?<![A-Za-z0-9])N\d{8}(?!\d)", text):
        if free(*m.span()):
            out.append(("passport", m.group()))
    for m in re.finditer(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.(?:kz|ru|com|org|net|university|io|uk)\b", text):
        if free(*m.span()):
            out.append(("email", m.group()))
    return out


def validate_span(ent, v):
    d = re.sub(r"\D", "", v)
    if ent == "KZ_IIN":
        ok, err = safe_validate_iin(d)
        assert ok is not None and kz_valid(d) and iin_plausible(d), (v, err)
    elif ent == "KZ_BIN":
        assert kz_valid(d) and bin_plausible(d), v
    elif ent == "KZ_PASSPORT":
        assert re.fullmatch(r"N\d{8}", v), v
    elif ent == "KZ_ID_CARD":
        assert re.fullmatch(r"\d{9}", v), v
    elif ent == "PHONE_NUMBER":
        assert phone_valid(v if not v.startswith("7") else "+" + v), v
        assert v[0] in "+(0123456789" and v[-1].isdigit(), v
    elif ent == "IBAN_CODE":
        assert iban_valid(v), v
    elif ent == "CREDIT_CARD":
        assert luhn_ok(d) and 13 <= len(d) <= 19, v
    elif ent == "IP_ADDRESS":
        ipaddress.ip_address(v)
    elif ent == "EMAIL_ADDRESS":
        assert re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", v), v
    elif ent == "PERSON":
        assert v == v.strip() and not v.endswith((",", ";")), v
    elif ent == "DATE_OF_BIRTH":
        assert not re.search(r"(г\.р\.|ж\.т\.|рождения|туған|born)", v), v


def build():
    g = Gen(SEED)
    r = g.r
    records = []
    neg_records = 0
    tpl_use = collections.Counter()
    for lang, total in TARGET.items():
        per = [total // len(GENRES)] * len(GENRES)
        for k in range(total - sum(per)):
            per[k] += 1
        order = list(range(len(GENRES)))
        r.shuffle(order)
        per = [per[order.index(i)] for i in range(len(GENRES))]
        items = []
        for gi, genre in enumerate(GENRES):
            tpls = TEMPLATES[(genre, lang)]
            for k in range(per[gi]):
                items.append((genre, k % len(tpls), tpls[k % len(tpls)]))
        r.shuffle(items)
        for n, (genre, ti, tpl) in enumerate(items, 1):
            header = ""
            if tpl.startswith("@"):
                header, tpl = tpl.split("\n", 1)
                header = header[1:]
            for _attempt in range(50):
                has_neg = r.random() < P_NEG
                rec = Record(g, lang, header, has_neg)
                text = rec.render(resolve_choices(tpl, r, has_neg))
                lk = leaks(text, rec.spans)
                if not lk:
                    break
            else:
                raise RuntimeError(f"could not build a clean record for {genre}/{lang}: {lk}")
            spans = sorted(rec.spans, key=lambda s: s["start"])
            for s in spans:
                assert text[s["start"] : s["end"]] == s["_v"], s
                validate_span(s["entity"], s["_v"])
            for a, b in itertools.pairwise(spans):
                assert a["end"] <= b["start"], (a, b)
            if lang == "kk":
                assert re.search(r"[әғқңөұүһі]", text.lower()), text
            hn = bool(rec.neg_used)
            neg_records += hn
            for kind in rec.neg_used:
                NEG_KINDS[kind] += 1
            tpl_use[(genre, lang, ti)] += 1
            records.append(
                {
                    "id": f"{lang}-{n:04d}",
                    "lang": lang,
                    "genre": genre,
                    "text": text,
                    "spans": [{"start": s["start"], "end": s["end"], "entity": s["entity"]} for s in spans],
                    "_neg": hn,
                }
            )
    return records, neg_records, tpl_use


def main():
    records, neg_records, tpl_use = build()
    with open(OUT, "w", encoding="utf-8") as f:
        for rec in records:
            rec = {k: v for k, v in rec.items() if not k.startswith("_")}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    # ---- re-read and re-check from disk
    by_lang = collections.Counter()
    ent = collections.Counter()
    ent_lang = collections.defaultdict(collections.Counter)
    genre_lang = collections.defaultdict(collections.Counter)
    with open(OUT, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    ids = set()
    for row in rows:
        assert row["id"] not in ids
        ids.add(row["id"])
        by_lang[row["lang"]] += 1
        genre_lang[row["genre"]][row["lang"]] += 1
        last = 0
        for s in row["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(row["text"]) and s["start"] >= last
            last = s["end"]
            validate_span(s["entity"], row["text"][s["start"] : s["end"]])
            ent[s["entity"]] += 1
            ent_lang[s["entity"]][row["lang"]] += 1
    print(
        f"records: {len(rows)}  {dict(by_lang)}  with hard negatives: {neg_records} "
        f"({100 * neg_records / len(rows):.0f}%)  templates used: {len(tpl_use)}"
    )
    print(f"{'entity':15s} {'ru':>5s} {'kk':>5s} {'en':>5s} {'total':>6s}")
    for e in sorted(ent):
        c = ent_lang[e]
        print(f"{e:15s} {c['ru']:5d} {c['kk']:5d} {c['en']:5d} {ent[e]:6d}")
    print(
        f"{'ALL':15s} {sum(ent_lang[e]['ru'] for e in ent):5d} {sum(ent_lang[e]['kk'] for e in ent):5d} "
        f"{sum(ent_lang[e]['en'] for e in ent):5d} {sum(ent.values()):6d}"
    )
    print("records containing each hard-negative kind:", dict(NEG_KINDS.most_common()))
    print("genre x lang:", {g: dict(c) for g, c in genre_lang.items()})


if __name__ == "__main__":
    main()
