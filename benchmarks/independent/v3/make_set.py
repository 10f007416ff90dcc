# ruff: noqa: B905, C408, E401, E402, E501, E731, E741, F401, F541, F841, I001, N802, PLW0603, RUF007, RUF021, SIM222, UP031  # a generator of template tables, kept as its author wrote it
#!/usr/bin/env python3
"""Held-out evaluation set no. 3 for a personal-data scanner (ru / kk / en).

Seeded generator, standard library only; kz-iin-validator and phonenumbers are used
as independent oracles for self-checks (if importable).
Writes independent3.jsonl next to this file.
"""

import json, os, random, re, sys
from datetime import date, timedelta

SEED = 3141977
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "independent3.jsonl")
TARGET = {"ru": 160, "kk": 150, "en": 140}
HN_P = 0.34  # share of records that carry hard negatives
NEG_P = 0.6  # in such records: probability of an extra hard-negative sentence where a template offers one

try:
    import phonenumbers
except Exception:  # pragma: no cover
    phonenumbers = None
try:
    import kz_iin_validator
except Exception:  # pragma: no cover
    kz_iin_validator = None

R = random.Random(SEED)

# ---------------------------------------------------------------- validators (own)
W1 = list(range(1, 12))
W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]


def kz_check(body11):
    d = [int(c) for c in body11]
    r = sum(a * b for a, b in zip(d, W1)) % 11
    if r == 10:
        r = sum(a * b for a, b in zip(d, W2)) % 11
        if r == 10:
            return None
    return r


def kz_valid(s):
    return len(s) == 12 and s.isdigit() and kz_check(s[:11]) == int(s[11])


def luhn_ok(num):
    s = 0
    for i, c in enumerate(reversed(num)):
        x = int(c)
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_digit(body):
    for d in "0123456789":
        if luhn_ok(body + d):
            return d


def iban_num(s):
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s))


def iban_ok(s):
    s = s.replace(" ", "")
    return iban_num(s) % 97 == 1


IBAN_LEN = {"KZ": 20, "DE": 22, "GB": 22, "FR": 27, "TR": 26, "AE": 23, "GE": 22}


# ---------------------------------------------------------------- generators
def rdate(y0, y1):
    a = date(y0, 1, 1).toordinal()
    b = date(y1, 12, 31).toordinal()
    return date.fromordinal(R.randint(a, b))


def make_iin(dob=None, female=None):
    if dob is None:
        dob = rdate(1948, 2006)
    if female is None:
        female = R.random() < 0.5
    cent = {18: 1, 19: 3, 20: 5}[dob.year // 100] + (1 if female else 0)
    while True:
        body = dob.strftime("%y%m%d") + str(cent) + "%04d" % R.randint(0, 9999)
        c = kz_check(body)
        if c is not None:
            s = body + str(c)
            assert kz_valid(s)
            if kz_iin_validator is not None:
                ok, err = kz_iin_validator.safe_validate_iin(s)
                assert ok is not None, (s, err)
            return s


def make_bin():
    while True:
        body = (
            "%02d%02d" % (R.randint(0, 24), R.randint(1, 12))
            + R.choice("444445")
            + R.choice("0001123")
            + "%05d" % R.randint(0, 99999)
        )
        c = kz_check(body)
        if c is not None:
            return body + str(c)


def bad_kz(valid):
    """Same number with a wrong last digit (checked invalid by both validators)."""
    while True:
        d = R.choice([x for x in "0123456789" if x != valid[-1]])
        s = valid[:-1] + d
        if not kz_valid(s):
            if kz_iin_validator is not None:
                ok, _ = kz_iin_validator.safe_validate_iin(s)
                assert ok is None
            return s


def make_passport():
    return "N" + "%08d" % R.randint(0, 99999999)


def make_idcard():
    return str(R.randint(0, 9)) + "%08d" % R.randint(0, 99999999)


KZ_MOB = [
    "700",
    "701",
    "702",
    "705",
    "706",
    "707",
    "708",
    "747",
    "771",
    "775",
    "776",
    "777",
    "778",
    "760",
    "763",
]


def ph_check(s, region):
    if phonenumbers is None:
        return True
    try:
        n = phonenumbers.parse(s, region)
    except Exception:
        return False
    return phonenumbers.is_valid_number(n)


def kz_mobile(style=None):
    while True:
        op = R.choice(KZ_MOB)
        n = "%07d" % R.randint(0, 9999999)
        a, b, c = n[:3], n[3:5], n[5:]
        st = style or R.choice(
            ["intl_sp", "intl_br", "nat_br", "nat_plain", "intl_plain", "nat_sp", "intl_dash", "nat_dash"]
        )
        s = {
            "intl_sp": f"+7 {op} {a} {b} {c}",
            "intl_br": f"+7 ({op}) {a}-{b}-{c}",
            "nat_br": f"8 ({op}) {a}-{b}-{c}",
            "nat_plain": f"8{op}{n}",
            "intl_plain": f"+7{op}{n}",
            "nat_sp": f"8 {op} {a} {b}{c}",
            "intl_dash": f"+7-{op}-{a}-{b}-{c}",
            "nat_dash": f"8-{op}-{n[:3]}-{n[3:]}",
        }[st]
        if ph_check(s, "KZ"):
            return s


def kz_landline():
    while True:
        city = R.choice([("7172", 6), ("727", 7), ("7212", 6), ("7252", 6), ("7122", 6), ("7182", 6)])
        code, ln = city
        n = str(R.randint(2, 5)) + "".join(str(R.randint(0, 9)) for _ in range(ln - 1))
        if ln == 6:
            s = R.choice([f"+7 {code} {n[:2]} {n[2:4]} {n[4:]}", f"8 ({code}) {n[:2]}-{n[2:4]}-{n[4:]}"])
        else:
            s = R.choice([f"+7 {code} {n[:3]} {n[3:5]} {n[5:]}", f"8 ({code}) {n[:3]}-{n[3:5]}-{n[5:]}"])
        if ph_check(s, "KZ"):
            return s


def foreign_phone():
    while True:
        k = R.choice(["RU", "DE", "GB", "TR", "AE", "GE", "US", "UZ"])
        d = lambda n: "".join(str(R.randint(0, 9)) for _ in range(n))
        if k == "RU":
            s = f"+7 {R.choice(['495', '812', '916', '903', '926'])} {d(3)}-{d(2)}-{d(2)}"
        elif k == "DE":
            s = f"+49 {R.choice(['30', '89', '40'])} {d(8)}"
        elif k == "GB":
            s = f"+44 7{R.choice(['700', '911', '400', '550'])} {d(6)}"
        elif k == "TR":
            s = f"+90 5{R.choice(['32', '33', '42', '05'])} {d(3)} {d(2)} {d(2)}"
        elif k == "AE":
            s = f"+971 5{R.choice(['0', '2', '5', '6'])} {d(3)} {d(4)}"
        elif k == "GE":
            s = f"+995 5{R.choice(['55', '57', '99', '93'])} {d(2)} {d(2)} {d(2)}"
        elif k == "UZ":
            s = f"+998 9{R.choice(['0', '1', '3', '7'])} {d(3)} {d(2)} {d(2)}"
        else:
            s = f"+1 ({R.choice(['212', '415', '617', '312'])}) {R.randint(2, 9)}{d(2)}-{d(4)}"
        if ph_check(s, None):
            return s


def bad_phone():
    """KZ-looking number with an unassigned operator code (703/704/709/740)."""
    op = R.choice(["703", "704", "709", "740"])
    n = "%07d" % R.randint(0, 9999999)
    s = R.choice([f"+7 {op} {n[:3]} {n[3:5]} {n[5:]}", f"8{op}{n}"])
    assert not ph_check(s, "KZ")
    return s


TLDS_RU = ["mail.ru", "gmail.com", "yandex.kz", "inbox.ru", "bk.ru", "list.ru", "yahoo.com", "outlook.com"]


def translit(s):
    t = {
        "а": "a",
        "ә": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "ғ": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "қ": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "ң": "n",
        "о": "o",
        "ө": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ұ": "u",
        "ү": "u",
        "ф": "f",
        "х": "kh",
        "һ": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sch",
        "ъ": "",
        "ы": "y",
        "і": "i",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
    }
    return "".join(t.get(c, c) for c in s.lower())


def make_email(first, last, domain=None):
    f, l = translit(first), translit(last)
    f = re.sub(r"[^a-z]", "", f)
    l = re.sub(r"[^a-z]", "", l)
    local = R.choice(
        [f"{f}.{l}", f"{f[0]}.{l}", f"{l}{R.randint(1, 99)}", f"{f}_{l}{R.randint(70, 99)}", f"{f}{l[0]}"]
    )
    return f"{local}@{domain or R.choice(TLDS_RU)}"


KZ_BANKS = ["125", "601", "722", "856", "965", "998", "948"]


def fmt4(s):
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def make_iban(cc="KZ", spaced=None):
    d = lambda n: "".join(str(R.randint(0, 9)) for _ in range(n))
    if cc == "KZ":
        bban = R.choice(KZ_BANKS) + R.choice([d(13), "KZT" + d(10), "0" + d(12)])
    elif cc == "DE":
        bban = d(8) + d(10)
    elif cc == "GB":
        bban = R.choice(["NWBK", "BARC", "HBUK", "MIDL"]) + d(6) + d(8)
    elif cc == "FR":
        bank, br, acc = d(5), d(5), d(11)
        key = 97 - ((89 * int(bank) + 15 * int(br) + 3 * int(acc)) % 97)
        bban = bank + br + acc + "%02d" % key
    elif cc == "TR":
        bban = d(5) + "0" + d(16)
    elif cc == "AE":
        bban = R.choice(["033", "026", "035"]) + d(16)
    elif cc == "GE":
        bban = R.choice(["TB", "BG"]) + d(16)
    chk = 98 - iban_num(cc + "00" + bban) % 97
    s = cc + "%02d" % chk + bban
    assert len(s) == IBAN_LEN[cc] and iban_ok(s)
    if spaced is None:
        spaced = R.random() < 0.35
    return fmt4(s) if spaced else s


def bad_iban(cc="KZ"):
    s = make_iban(cc, spaced=False)
    while True:
        i = R.randint(4, len(s) - 1)
        if not s[i].isdigit():
            continue
        t = s[:i] + str((int(s[i]) + R.randint(1, 9)) % 10) + s[i + 1 :]
        if not iban_ok(t):
            return t


def make_card(kind=None, sep=None):
    kind = kind or R.choice(["visa", "visa", "mc", "mc2", "amex", "mir", "up"])
    pre = {
        "visa": "4" + str(R.choice([0, 1, 4, 5, 8])) + "%02d" % R.randint(0, 99),
        "mc": str(R.randint(51, 55)) + "%02d" % R.randint(0, 99),
        "mc2": str(R.randint(2221, 2720)),
        "amex": R.choice(["34", "37"]) + "%02d" % R.randint(0, 99),
        "mir": str(R.randint(2200, 2204)),
        "up": "62" + "%02d" % R.randint(0, 99),
    }[kind]
    ln = 15 if kind == "amex" else 16
    body = pre + "".join(str(R.randint(0, 9)) for _ in range(ln - 1 - len(pre)))
    n = body + luhn_digit(body)
    assert luhn_ok(n)
    if sep is None:
        sep = R.choice([" ", " ", "", "-"])
    if ln == 15:
        return sep.join([n[:4], n[4:10], n[10:]])
    return sep.join(n[i : i + 4] for i in range(0, 16, 4))


def bad_card():
    while True:
        n = make_card("visa", sep="").replace(" ", "")
        i = R.randint(4, 14)
        t = n[:i] + str((int(n[i]) + R.randint(1, 9)) % 10) + n[i + 1 :]
        if not luhn_ok(t):
            return " ".join(t[k : k + 4] for k in range(0, 16, 4))


def masked_card():
    return R.choice(
        [
            f"**** **** **** {R.randint(1000, 9999)}",
            f"4400 43** **** {R.randint(1000, 9999)}",
            f"*{R.randint(1000, 9999)}",
            f"5169 **** **** {R.randint(1000, 9999)}",
        ]
    )


def make_ip4():
    while True:
        a = R.choice([5, 31, 37, 46, 77, 85, 89, 91, 95, 176, 185, 192, 212, 217, 10, 172])
        s = f"{a}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
        return s


def make_ip6():
    h = lambda: "%x" % R.randint(1, 0xFFFF)
    return R.choice(
        [
            f"2a03:{h()}:{h()}::{h()}",
            f"2001:db8:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}",
            f"fe80::{h()}:{h()}:{h()}:{h()}",
        ]
    )


# ---------------------------------------------------------------- names
RU_M = [
    "Иван",
    "Сергей",
    "Алексей",
    "Дмитрий",
    "Андрей",
    "Павел",
    "Николай",
    "Олег",
    "Виктор",
    "Михаил",
    "Ерлан",
    "Нурлан",
    "Асхат",
    "Бауржан",
    "Даурен",
    "Марат",
    "Серик",
    "Арман",
    "Тимур",
    "Ержан",
    "Кайрат",
    "Руслан",
]
RU_F = [
    "Мария",
    "Анна",
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Ирина",
    "Светлана",
    "Юлия",
    "Гульнара",
    "Динара",
    "Жанна",
    "Мадина",
    "Камила",
    "Алия",
    "Айгерим",
    "Салтанат",
    "Дана",
]
RU_SUR = [
    "Иванов",
    "Петров",
    "Смирнов",
    "Кузнецов",
    "Соколов",
    "Новиков",
    "Морозов",
    "Волков",
    "Ильин",
    "Калинин",
    "Ахметов",
    "Жумабаев",
    "Сейтказиев",
    "Нурланов",
    "Касымов",
    "Омаров",
    "Садыков",
    "Абдрахманов",
    "Искаков",
    "Тулегенов",
    "Бекмуханов",
    "Ермеков",
]
RU_FATHER = [
    "Иван",
    "Сергей",
    "Алексей",
    "Николай",
    "Виктор",
    "Марат",
    "Ерлан",
    "Нурлан",
    "Серик",
    "Кайрат",
    "Болат",
    "Тимур",
]


def ru_given_cases(g):
    if g == "Павел":
        return ["Павел", "Павла", "Павлу", "Павлом"]
    if g in ("Айгерим", "Салтанат"):
        return [g] * 4
    if g.endswith("ий"):
        return [g, g[:-1] + "я", g[:-1] + "ю", g[:-1] + "ем"]
    if g.endswith("й"):
        return [g, g[:-1] + "я", g[:-1] + "ю", g[:-1] + "ем"]
    if g.endswith("ия"):
        return [g, g[:-1] + "и", g[:-1] + "и", g[:-1] + "ей"]
    if g.endswith("ья"):
        return [g, g[:-1] + "и", g[:-1] + "е", g[:-1] + "ей"]
    if g.endswith("а"):
        gen = g[:-1] + ("и" if g[-2] in "гкхжшчщ" else "ы")
        return [g, gen, g[:-1] + "е", g[:-1] + "ой"]
    return [g, g + "а", g + "у", g + "ом"]


def ru_patr(father, female):
    if father.endswith("ей") or father.endswith("ай"):
        stem = father[:-1] + "е"
    elif father.endswith("ий"):
        stem = father[:-2] + "ье"
    else:
        stem = father + "о"
    if female:
        p = stem + "вна"
        return [p, p[:-1] + "ы", p[:-1] + "е", p[:-1] + "ой"]
    p = stem + "вич"
    return [p, p + "а", p + "у", p + "ем"]


def ru_sur_cases(s, female):
    if female:
        f = s + "а"
        return [f, s + "ой", s + "ой", s + "ой"]
    return [s, s + "а", s + "у", s + "ым"]


KK_M = [
    "Асқар",
    "Ерлан",
    "Нұрлан",
    "Бауыржан",
    "Дәурен",
    "Серік",
    "Ермек",
    "Қайрат",
    "Ғалым",
    "Әлихан",
    "Мұхтар",
    "Төлеген",
    "Өмірзақ",
    "Жанболат",
    "Ұлан",
    "Темірлан",
    "Нұрсұлтан",
    "Айдос",
    "Бекзат",
    "Ербол",
    "Данияр",
    "Мақсат",
]
KK_F = [
    "Айгерім",
    "Гүлнар",
    "Әсел",
    "Мәдина",
    "Жансая",
    "Дана",
    "Ақбота",
    "Гүлмира",
    "Салтанат",
    "Айжан",
    "Перизат",
    "Ұлжан",
    "Балжан",
    "Меруерт",
    "Назерке",
    "Әйгерім",
    "Аружан",
    "Томирис",
    "Інкәр",
    "Қарлығаш",
]
KK_SUR = [
    "Ахметов",
    "Жұмабаев",
    "Нұрланов",
    "Қасымов",
    "Омаров",
    "Сәрсенбаев",
    "Тоқтаров",
    "Әбдірахманов",
    "Исабеков",
    "Бекқожин",
    "Сейітов",
    "Мұратов",
    "Шәріпов",
    "Оспанов",
    "Құдайбергенов",
    "Есенова"[:-1],
    "Төлеуов",
    "Үсенов",
]
KK_SUR_UNINF = ["Сейтқали", "Бекмұхамбет", "Тілеубай", "Жақсылық"]  # same for both sexes
KK_FATHER = [
    "Нұрлан",
    "Серік",
    "Асқар",
    "Болат",
    "Қайрат",
    "Ерлан",
    "Бақыт",
    "Мұрат",
    "Ғабит",
    "Төлеген",
    "Әділ",
]

BACK = set("аоұыуя")
FRONT = set("әөүіеиэ")


def kk_front(w):
    for c in reversed(w.lower()):
        if c in "аоұыя":
            return False
        if c in "әөүіеэ":
            return True
    return False


def kk_case(w, case):
    f = kk_front(w)
    last = w[-1].lower()
    vowel = last in "аәоөұүыіеиуюя"
    voiceless = last in "пткқсшщчфхцһв"
    nasal = last in "мнң"
    liquid = last in "лрйу"
    zh = last in "жз"
    if case == "dat":
        return w + (("ке" if f else "қа") if voiceless else ("ге" if f else "ға"))
    if case == "gen":
        suf = ("ның", "нің") if (vowel or nasal) else (("тың", "тің") if voiceless else ("дың", "дің"))
        return w + suf[f]
    if case == "acc":
        suf = ("ны", "ні") if vowel else (("ты", "ті") if voiceless else ("ды", "ді"))
        return w + suf[f]
    if case == "ins":
        suf = "пен" if voiceless else ("бен" if zh else "мен")
        return w + suf
    if case == "abl":
        suf = ("нан", "нен") if nasal else (("тан", "тен") if voiceless else ("дан", "ден"))
        return w + suf[f]
    raise ValueError(case)


EN_F = [
    "Olivia",
    "Emma",
    "Sophie",
    "Hannah",
    "Chloe",
    "Laura",
    "Rebecca",
    "Aigerim",
    "Madina",
    "Zhanna",
    "Aruzhan",
    "Dana",
    "Priya",
    "Katarzyna",
]
EN_M = [
    "James",
    "Daniel",
    "Michael",
    "Thomas",
    "Liam",
    "Robert",
    "Yerlan",
    "Askar",
    "Nursultan",
    "Daulet",
    "Timur",
    "Ahmed",
    "Lukas",
    "Oliver",
]
EN_SUR = [
    "Smith",
    "Johnson",
    "O'Brien",
    "Brown",
    "Taylor",
    "Wilson",
    "Clarke",
    "Patel",
    "Fischer",
    "Kowalski",
    "Akhmetov",
    "Zhumabayev",
    "Nurlanov",
    "Kassymov",
    "Iskakov",
    "Seitkali",
    "Omarov",
    "Tokhtarov",
]


class Person:
    def __init__(self, lang, female=None):
        self.lang = lang
        self.female = R.random() < 0.5 if female is None else female
        self.dob = rdate(1950, 2005)
        if lang == "ru":
            self.g = ru_given_cases(R.choice(RU_F if self.female else RU_M))
            self.s = ru_sur_cases(R.choice(RU_SUR), self.female)
            self.p = ru_patr(R.choice(RU_FATHER), self.female)
            self.first, self.last = self.g[0], self.s[0]
        elif lang == "kk":
            self.first = R.choice(KK_F if self.female else KK_M)
            if R.random() < 0.2:
                self.last = R.choice(KK_SUR_UNINF)
            else:
                b = R.choice(KK_SUR)
                self.last = b + ("а" if self.female else "")
            fa = R.choice(KK_FATHER)
            self.patr = fa + ("қызы" if self.female else "ұлы")
        else:
            self.first = R.choice(EN_F if self.female else EN_M)
            self.last = R.choice(EN_SUR)
            if self.female and self.last.endswith(("ov", "ev", "in")):
                self.last += "a"
            if self.female and self.last.endswith("ayev"):
                self.last += "a"
            self.mid = R.choice("ABCDEJKLMRS")
        self._iin = None

    @property
    def iin(self):
        if self._iin is None:
            self._iin = make_iin(self.dob, self.female)
        return self._iin

    # forms -------------------------------------------------------------
    def full(self):
        if self.lang == "ru":
            return f"{self.s[0]} {self.g[0]} {self.p[0]}"
        if self.lang == "kk":
            return f"{self.last} {self.first} {self.patr}"
        return f"{self.first} {self.last}"

    def short(self):
        if self.lang == "ru":
            return R.choice(
                [
                    f"{self.s[0]} {self.g[0][0]}.{self.p[0][0]}.",
                    f"{self.g[0][0]}. {self.p[0][0]}. {self.s[0]}",
                    f"{self.s[0]} {self.g[0][0]}. {self.p[0][0]}.",
                ]
            )
        if self.lang == "kk":
            return R.choice([f"{self.last} {self.first[0]}.{self.patr[0]}.", f"{self.first[0]}. {self.last}"])
        return R.choice(
            [
                f"{self.first[0]}. {self.mid}. {self.last}",
                f"{self.first[0]}. {self.last}",
                f"{self.first} {self.mid}. {self.last}",
            ]
        )

    def fi(self):
        if self.lang == "ru":
            return R.choice([f"{self.g[0]} {self.s[0]}", f"{self.s[0]} {self.g[0]}"])
        if self.lang == "kk":
            return R.choice([f"{self.first} {self.last}", f"{self.last} {self.first}"])
        return f"{self.first} {self.last}"

    def caps(self):
        if self.lang == "en" or self.lang == "kk" and R.random() < 0.5:
            return (
                f"{translit(self.first).upper()} {translit(self.last).upper()}"
                if self.lang == "kk"
                else f"{self.first.upper()} {self.last.upper()}"
            )
        return self.full().upper()

    def case(self, c):
        """ru: c in gen/dat/ins; kk: dat/gen/acc/ins/abl."""
        if self.lang == "ru":
            i = {"gen": 1, "dat": 2, "ins": 3}[c]
            return (
                R.choice(
                    [
                        f"{self.s[i]} {self.g[i]} {self.p[i]}",
                        f"{self.g[i]} {self.s[i]}",
                        f"{self.s[i]} {self.g[0][0]}.{self.p[0][0]}.",
                    ]
                )
                if c != "gen" or True
                else None
            )
        if self.lang == "kk":
            return R.choice(
                [
                    kk_case(self.first, c),
                    f"{self.first} {kk_case(self.last, c)}",
                    f"{self.last} {kk_case(self.first, c)}",
                ]
            )
        raise ValueError

    def given(self):
        return self.g[0] if self.lang == "ru" else self.first

    def email(self, domain=None):
        return make_email(self.given(), self.last if self.lang != "ru" else self.s[0], domain)


# ---------------------------------------------------------------- dates
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


def fdate(d, lang, birth=True):
    if lang == "ru":
        opts = [
            f"{d.day} {RU_MON[d.month - 1]} {d.year} г.",
            f"{d:%d.%m.%Y}",
            f"{d:%d.%m.%Y} г.",
            f"{d.day:02d} {RU_MON[d.month - 1]} {d.year} года",
        ]
    elif lang == "kk":
        opts = [
            f"{d.year} жылғы {d.day} {KK_MON[d.month - 1]}",
            f"{d:%d.%m.%Y} ж.",
            f"{d:%d.%m.%Y}",
            f"{d.year} ж. {d.day} {KK_MON[d.month - 1]}",
        ]
    else:
        opts = [
            f"{d.day} {EN_MON[d.month - 1]} {d.year}",
            f"{EN_MON[d.month - 1]} {d.day}, {d.year}",
            f"{d:%Y-%m-%d}",
            f"{d:%d/%m/%Y}",
            f"{d.day:02d} {EN_MON[d.month - 1][:3].upper()} {d.year}",
        ]
    return R.choice(opts)


def other_date(lang):
    return fdate(rdate(2023, 2026), lang, birth=False)


def OD(lang):
    """A date that is not a birth date (unlabelled; ordinary context, present in most records)."""
    return C(other_date(lang))


# ---------------------------------------------------------------- slot helpers
def L(v, ent):
    return (v, ent)


def N(v):
    return (v, "NEG")  # hard negative (identifier-like / name-like, unlabelled)


def C(v):
    return (v, "CTX")  # ordinary unlabelled value (amount, time, other date)


def PER(v):
    return (v, "PERSON")


def DOB(p, lang):
    return (fdate(p.dob, lang), "DATE_OF_BIRTH")


def IIN(p=None):
    return ((p.iin if p else make_iin()), "KZ_IIN")


def BIN():
    return (make_bin(), "KZ_BIN")


def PAS():
    return (make_passport(), "KZ_PASSPORT")


def IDC():
    return (make_idcard(), "KZ_ID_CARD")


def MOB(style=None):
    return (kz_mobile(style), "PHONE_NUMBER")


def LAND():
    return (kz_landline(), "PHONE_NUMBER")


def FPH():
    return (foreign_phone(), "PHONE_NUMBER")


def EM(p, domain=None):
    return (p.email(domain), "EMAIL_ADDRESS")


def EMX(v):
    return (v, "EMAIL_ADDRESS")


def IBAN(cc="KZ", spaced=None):
    return (make_iban(cc, spaced), "IBAN_CODE")


def CARD(kind=None, sep=None):
    return (make_card(kind, sep), "CREDIT_CARD")


def IP4():
    return (make_ip4(), "IP_ADDRESS")


def IP6():
    return (make_ip6(), "IP_ADDRESS")


def amount(cur="₸"):
    v = R.randint(1500, 950000)
    return C(f"{v:,}".replace(",", " ") + f" {cur}") if cur else C(str(v))


def rnd_digits(n):
    return "".join(str(R.randint(0, 9)) for _ in range(n))


HN = False  # set per record in main(): does this record carry hard negatives?


def order_no(n=None):
    if not HN:
        return C(rnd_digits(R.randint(4, 6)))
    while True:
        v = rnd_digits(n or R.choice([8, 10, 12]))
        if not (len(v) == 12 and kz_valid(v)) and not (len(v) >= 13 and luhn_ok(v)):
            return N(v)


def plate():
    if not HN:
        return C(R.choice(["Toyota Camry", "Hyundai Accent", "Lada Granta", "Kia Rio"]))
    return N(
        f"{R.randint(100, 999)} {''.join(R.choice('ABCEHKMOPTXZ') for _ in range(3))} {R.choice(['01', '02', '05', '09', '13', '17'])}"
    )


def postcode():
    return N(
        R.choice(
            [
                f"{R.choice('AZBX')}{R.randint(10, 35):02d} {R.choice('ABCDEKMPT')}{R.randint(0, 9)}{R.choice('ABCDEKMPT')}{R.randint(0, 9)}",
                f"0{R.randint(10000, 99999)}",
            ]
        )
    )


def version():
    if not HN:
        return C(str(R.randint(10, 15)))
    return N(f"{R.randint(1, 12)}.{R.randint(0, 40)}.{R.randint(0, 99)}")


def timev():
    return C(f"{R.randint(8, 22):02d}:{R.choice(['00', '15', '30', '45', '05', '50'])}")


def file_at():
    return N(
        R.choice(
            [
                f"scan@{R.randint(100, 999)}dpi.pdf",
                f"photo_2025@2x.png",
                f"report@final_v{R.randint(2, 9)}.docx",
                f"IMG@{rnd_digits(4)}.jpg",
            ]
        )
    )


def bad_iin():
    return N(bad_kz(make_iin()))


def bad_bin():
    return N(bad_kz(make_bin()))


NAMED_RU = [
    "КазНУ им. аль-Фараби",
    "ЕНУ им. Л.Н. Гумилёва",
    "ул. Толе би",
    "проспект Абая",
    "Назарбаев Университет",
    "ТОО «Байтурсынов Консалт»",
    "ул. Кунаева",
    "аэропорт имени Нурсултана Назарбаева",
    "школа-гимназия им. Ы. Алтынсарина",
]
NAMED_KK = [
    "әл-Фараби атындағы ҚазҰУ",
    "Абай даңғылы",
    "Төле би көшесі",
    "Л.Н. Гумилев атындағы ЕҰУ",
    "Қонаев көшесі",
    "Ы. Алтынсарин атындағы мектеп-гимназия",
    "«Шоқан Тех» ЖШС",
    "Бауыржан Момышұлы даңғылы",
    "Сәтбаев университеті",
]
NAMED_EN = [
    "Satbayev University",
    "Nazarbayev University",
    "Abai Avenue",
    "Al-Farabi Kazakh National University",
    "Tole Bi Street",
    "the Wilson Building",
    "Ford Motor Credit",
    "the Nobel Prize",
    "Kunaev Street",
    "McDonald's on Dostyk",
]
WORDNAME_RU = [
    "Вера в справедливость у меня пропала",
    "надежда только на вас",
    "любовь к порядку тут ни при чём",
    "роза ветров на схеме",
    "слава богу, всё обошлось",
    "мир не без добрых людей",
]
WORDNAME_KK = [
    "бақыт деген осы",
    "жұлдыз санап отырмыз",
    "арман деген жақсы ғой",
    "сәуле түсіп тұр",
    "нұр жаусын",
    "ерлік жасадыңыз",
]
WORDNAME_EN = [
    "the bill was wrong",
    "I will call back",
    "there's no grace period",
    "hope this helps",
    "mark it as urgent",
    "a rose by the door",
    "in June",
]
PLAIN_RU = ["мкр. Жетысу", "ул. Жибек Жолы", "ул. Степная", "мкр. Самал-2", "пр. Республики", "ТРЦ «Mega»"]
PLAIN_KK = [
    "Достық даңғылы",
    "Бейбітшілік көшесі",
    "Жібек жолы көшесі",
    "Самал-2 шағын ауданы",
    "Республика даңғылы",
]
PLAIN_EN = ["Dostyk Avenue", "Central Mall", "Republic Avenue", "the railway station", "Samal-2 district"]


def named(lang):
    """A place/company/university named after a person (hard negative) or a plain place."""
    if not HN:
        return C(R.choice({"ru": PLAIN_RU, "kk": PLAIN_KK, "en": PLAIN_EN}[lang]))
    return N(R.choice({"ru": NAMED_RU, "kk": NAMED_KK, "en": NAMED_EN}[lang]))


def MASK():
    if not HN:
        return C(R.choice(["Kaspi Gold", "Visa", "Mastercard", "Halyk Bonus"]))
    return N(masked_card())


def NX(v):
    return N(v) if HN else C(v)


def wordname(lang):
    return N(R.choice({"ru": WORDNAME_RU, "kk": WORDNAME_KK, "en": WORDNAME_EN}[lang]))


# ---------------------------------------------------------------- rendering
SLOT = re.compile(r"\{(\w+)\}")


def render(tpl, slots):
    text, spans, negs = "", [], 0
    ctx = 0

    def emit(v):
        nonlocal text, negs
        if isinstance(v, list):
            for x in v:
                emit(x)
        elif isinstance(v, tuple):
            val, ent = v
            if ent == "NEG":
                negs += 1
                text += val
            elif ent == "CTX":
                text += val
            else:
                spans.append({"start": len(text), "end": len(text) + len(val), "entity": ent, "_v": val})
                text += val
        else:
            if v.startswith(".") and not v.startswith("..") and text.endswith("."):
                v = v[1:]  # "г." / "И.И." followed by a sentence full stop
            text += v

    pos = 0
    used = set()
    for m in SLOT.finditer(tpl):
        emit(tpl[pos : m.start()])
        k = m.group(1)
        assert k in slots, (k, tpl[:60])
        used.add(k)
        emit(slots[k])
        pos = m.end()
    emit(tpl[pos:])
    assert used == set(slots), (set(slots) - used, tpl[:60])
    for sp in spans:
        assert text[sp["start"] : sp["end"]] == sp.pop("_v")
    return text, spans, negs


def opt(lang, p=None):
    """Optional hard-negative sentence (unlabelled)."""
    if not HN or R.random() >= (NEG_P if p is None else p):
        return ""
    k = R.randrange(9)
    if lang == "ru":
        c = [
            [" Ранее указанный ИИН ", bad_iin(), " не прошёл проверку."],
            [" Старая карта ", N(bad_card()), " недействительна."],
            [" Счёт ", N(bad_iban()), " закрыт."],
            [" Номер заявки ", order_no(), ", сумма ", amount(), "."],
            [" Машина ", plate(), ", индекс ", postcode(), "."],
            [" Вложение: ", file_at(), ", версия ", version(), "."],
            [" Адрес: ", named(lang), ", приём с ", timev(), "."],
            [" P.S. ", wordname(lang), "."],
            [" Номер ", N(bad_phone()), " не обслуживается."],
        ]
    elif lang == "kk":
        c = [
            [" Бұрын көрсетілген ЖСН ", bad_iin(), " тексеруден өтпеді."],
            [" Ескі карта ", N(bad_card()), " жарамсыз."],
            [" ", N(bad_iban()), " шоты жабылған."],
            [" Өтінім нөмірі ", order_no(), ", сомасы ", amount(), "."],
            [" Көлік нөмірі ", plate(), ", пошта индексі ", postcode(), "."],
            [" Тіркеме: ", file_at(), ", нұсқа ", version(), "."],
            [" Мекенжай: ", named(lang), ", қабылдау ", timev(), " бастап."],
            [" Айтпақшы, ", wordname(lang), "."],
            [" ", N(bad_phone()), " нөмірі қызмет көрсетілмейді."],
        ]
    else:
        c = [
            [" The IIN previously given, ", bad_iin(), ", failed validation."],
            [" Old card ", N(bad_card()), " is no longer valid."],
            [" Account ", N(bad_iban(R.choice(["KZ", "DE", "GB"]))), " has been closed."],
            [" Ticket ", order_no(), ", amount ", amount("KZT"), "."],
            [" Vehicle ", plate(), ", postcode ", postcode(), "."],
            [" Attachment: ", file_at(), ", app version ", version(), "."],
            [" Location: ", named(lang), ", from ", timev(), "."],
            [" PS: ", wordname(lang), "."],
            [" The number ", N(bad_phone()), " is not in service."],
        ]
    return c[k]


TEMPLATES = {"ru": [], "kk": [], "en": []}


def T(lang, genre):
    def deco(f):
        TEMPLATES[lang].append((genre, f))
        return f

    return deco


# ================================================================ RUSSIAN
@T("ru", "hospital_discharge")
def _():
    p = Person("ru")
    d = Person("ru")
    return (
        "ВЫПИСНОЙ ЭПИКРИЗ № {no}\nГКП на ПХВ «Городская больница №{h}»\nПациент: {pn}, дата рождения {dob}, ИИН {iin}.\n"
        "Находился на стационарном лечении с {d1} по {d2} с диагнозом: внебольничная пневмония.\n"
        "Контактный телефон родственника: {ph}.{neg}\nЛечащий врач: {doc}",
        dict(
            no=order_no(8),
            h=str(R.randint(1, 9)),
            pn=PER(p.full()),
            dob=DOB(p, "ru"),
            iin=IIN(p),
            d1=OD("ru"),
            d2=OD("ru"),
            ph=MOB(),
            neg=opt("ru"),
            doc=PER(d.short()),
        ),
    )


@T("ru", "hospital_discharge")
def _():
    p = Person("ru")
    d = Person("ru")
    return (
        "Выписка из медицинской карты стационарного больного. ФИО: {pn} ({dob}). Удостоверение личности № {idc}. "
        "Рекомендовано наблюдение у терапевта по месту жительства, повторный приём {d1} в {t}. "
        "Справки по телефону регистратуры {land}. Выписку выдал {doc}.{neg}",
        dict(
            pn=PER(p.caps() if R.random() < 0.3 else p.full()),
            dob=DOB(p, "ru"),
            idc=IDC(),
            d1=OD("ru"),
            t=timev(),
            land=LAND(),
            doc=PER(d.short()),
            neg=opt("ru"),
        ),
    )


@T("ru", "police_witness")
def _():
    w = Person("ru", female=False)
    s = Person("ru", female=False)
    o = Person("ru", female=False)
    return (
        "ПРОТОКОЛ ДОПРОСА СВИДЕТЕЛЯ\nг. Караганда, {d0}\nСтарший следователь {off} допросил в качестве свидетеля "
        "{wn}, {dob} г.р., ИИН {iin}, паспорт {pas}, проживающего по адресу: {addr}, тел. {ph}.\n"
        "По существу дела свидетель показал: около {t} я увидел, как автомобиль {pl} выехал со двора. "
        "За рулём был мужчина, похожий на {sus}.",
        dict(
            d0=OD("ru"),
            off=PER(o.short()),
            wn=PER(w.case("gen")),
            dob=(f"{w.dob:%d.%m.%Y}", "DATE_OF_BIRTH"),
            iin=IIN(w),
            pas=PAS(),
            addr=named("ru"),
            ph=MOB(),
            t=timev(),
            pl=plate(),
            sus=PER(s.case("gen")),
        ),
    )


@T("ru", "police_witness")
def _():
    w = Person("ru")
    v = Person("ru")
    return (
        "Объяснение. Я, {wn}, родился(ась) {dob}, документ — удостоверение личности {idc}, по факту кражи поясняю следующее. "
        "{d0} примерно в {t} ко мне подошла соседка {vn} и сказала, что у неё вытащили телефон. "
        "Номер её мобильного {ph}, мой — {ph2}. Больше мне ничего не известно. С моих слов записано верно.{neg}",
        dict(
            wn=PER(w.full()),
            dob=DOB(w, "ru"),
            idc=IDC(),
            d0=OD("ru"),
            t=timev(),
            vn=PER(v.fi()),
            ph=MOB(),
            ph2=MOB(),
            neg=opt("ru"),
        ),
    )


@T("ru", "hr_onboarding_email")
def _():
    e = Person("ru")
    hr = Person("ru")
    m = Person("ru")
    dom = R.choice(["kaztech.kz", "qazenergy.kz", "almaty-logistics.kz"])
    return (
        "Тема: Добро пожаловать в команду!\nОт: {hrm}\nКому: {em}\n\nЗдравствуйте, {en}!\n"
        "Рады сообщить, что с {d1} вы приступаете к работе в должности аналитика. Для оформления пришлите, пожалуйста, "
        "скан удостоверения личности (№ {idc}) и реквизиты зарплатной карты — IBAN {iban}. "
        "Ваш наставник — {mn}, его рабочий номер {ph}. VPN-доступ будет выдан на IP {ip}.{neg}\n\nС уважением,\n{hrn}, HR-отдел",
        dict(
            hrm=EM(hr, dom),
            em=EM(e),
            en=PER(e.g[0] if R.random() < 0.5 else e.g[0] + " " + e.p[0]),
            d1=OD("ru"),
            idc=IDC(),
            iban=IBAN(),
            mn=PER(m.fi()),
            ph=MOB(),
            ip=IP4(),
            neg=opt("ru"),
            hrn=PER(hr.fi()),
        ),
    )


@T("ru", "hr_onboarding_email")
def _():
    e = Person("ru")
    hr = Person("ru")
    return (
        "Уважаемая команда,\nпредставляем нового сотрудника: {en}. Дата рождения для кадрового учёта: {dob}; ИИН {iin}. "
        "Рабочая почта {em}, мобильный {ph}. Пропуск оформлен для {ed}, корпоративный ноутбук — инв. № {inv}.\n"
        "Просьба к {hrn2}: завести учётную запись в 1С до {d1}.\n{hrn}",
        dict(
            en=PER(e.full()),
            dob=DOB(e, "ru"),
            iin=IIN(e),
            em=EM(e, "corp-bank.kz"),
            ph=MOB(),
            ed=PER(e.case("ins").replace("ым ", "а ") if False else e.case("gen")),
            inv=order_no(8),
            hrn2=PER(hr.case("dat")),
            d1=OD("ru"),
            hrn=PER(hr.short()),
        ),
    )


@T("ru", "loan_application")
def _():
    p = Person("ru")
    g = Person("ru")
    return (
        "ЗАЯВЛЕНИЕ-АНКЕТА НА ПОЛУЧЕНИЕ ПОТРЕБИТЕЛЬСКОГО ЗАЙМА\nЗаёмщик: {pn}\nДата рождения: {dob}\nИИН: {iin}\n"
        "Документ: паспорт РК {pas}\nТелефон: {ph}; e-mail: {em}\nСумма займа: {amt}, срок 24 мес.\n"
        "Счёт для зачисления: {iban}\nКарта для погашения: {card}\nПоручитель: {gn}, ИИН {giin}, тел. {gph}.{neg}",
        dict(
            pn=PER(p.full()),
            dob=DOB(p, "ru"),
            iin=IIN(p),
            pas=PAS(),
            ph=MOB(),
            em=EM(p),
            amt=amount(),
            iban=IBAN(),
            card=CARD(),
            gn=PER(g.short()),
            giin=IIN(g),
            gph=MOB(),
            neg=opt("ru"),
        ),
    )


@T("ru", "loan_application")
def _():
    p = Person("ru")
    m = Person("ru")
    return (
        "Кредитный менеджер {mn}: клиент {pn} обратился за рефинансированием. Работодатель — ТОО, БИН {bin}, стаж 3 года. "
        "Текущие займы: карта {mask}, остаток {amt}. Клиент просит перечислить средства на {iban}. "
        "Заявка с IP {ip}, устройство Android {ver}. Для связи: {ph}.",
        dict(
            mn=PER(m.short()),
            pn=PER(p.fi()),
            bin=BIN(),
            mask=MASK(),
            amt=amount(),
            iban=IBAN(),
            ip=IP4(),
            ver=version(),
            ph=MOB(),
        ),
    )


@T("ru", "utility_bill")
def _():
    p = Person("ru")
    return (
        "ЕДИНЫЙ ПЛАТЁЖНЫЙ ДОКУМЕНТ за {mon}\nЛицевой счёт: {ls}\nПлательщик: {pn}\nИИН плательщика: {iin}\n"
        "Холодная вода .......... {a1}\nЭлектроэнергия ........ {a2}\nИтого к оплате: {a3}\n"
        "Получатель: ТОО «Энергосбыт», БИН {bin}, ИИК {iban}\nАварийная служба: {land}{neg}",
        dict(
            mon=C(R.choice(["октябрь 2025", "ноябрь 2025", "январь 2026"])),
            ls=order_no(10),
            pn=PER(p.caps() if R.random() < 0.5 else p.short()),
            iin=IIN(p),
            a1=amount(),
            a2=amount(),
            a3=amount(),
            bin=BIN(),
            iban=IBAN(spaced=False),
            land=LAND(),
            neg=opt("ru"),
        ),
    )


@T("ru", "utility_bill")
def _():
    p = Person("ru")
    return (
        "Уважаемый(ая) {pn}! По вашему лицевому счёту {ls} образовалась задолженность {amt} за газоснабжение. "
        "Оплатить можно в приложении или картой по ссылке. Последний платёж прошёл с карты {mask} {d1}. "
        "Вопросы — по номеру {ph} или на {em}.{neg}",
        dict(
            pn=PER(p.g[0] + " " + p.p[0]),
            ls=order_no(10),
            amt=amount(),
            mask=MASK(),
            d1=OD("ru"),
            ph=MOB(),
            em=EMX("info@" + R.choice(["qazaqgaz.kz", "almatyenergosbyt.kz", "tazasu.kz"])),
            neg=opt("ru"),
        ),
    )


@T("ru", "tenancy_dispute")
def _():
    a = Person("ru")
    b = Person("ru")
    return (
        "ПРЕТЕНЗИЯ\nот арендатора {an} (ИИН {aiin}, тел. {aph})\nк наймодателю {bn}\n\n"
        "По договору найма от {d1} я внёс(ла) залог {amt} на ваш счёт {iban}. Квартира освобождена {d2}, "
        "однако залог не возвращён. Прошу вернуть деньги в течение 10 дней, иначе обращусь в суд.{neg}\n{sig}",
        dict(
            an=PER(a.case("gen")),
            aiin=IIN(a),
            aph=MOB(),
            bn=PER(b.case("dat")),
            d1=OD("ru"),
            amt=amount(),
            iban=IBAN(),
            d2=OD("ru"),
            neg=opt("ru"),
            sig=PER(a.short()),
        ),
    )


@T("ru", "tenancy_dispute")
def _():
    a = Person("ru")
    b = Person("ru")
    return (
        "— {bn}, вы мне должны за два месяца, {amt}.\n— Я переводил на карту {card}, вот чек.\n"
        "— Чек на имя {cn}, это не мой счёт! Мой номер для Kaspi-перевода {ph}.\n"
        "— Тогда пусть {an2} вам вернёт, я тут ни при чём.{neg}",
        dict(
            bn=PER(b.g[0]),
            amt=amount(),
            card=CARD(),
            cn=PER(a.case("gen")),
            ph=MOB(),
            an2=PER(a.g[0]),
            neg=opt("ru"),
        ),
    )


@T("ru", "school_parent_chat")
def _():
    a = Person("ru")
    b = Person("ru")
    t = Person("ru", female=True)
    k = Person("ru", female=False)
    return (
        "[{t1}] {tn}: Уважаемые родители! Завтра экскурсия, сбор в {t2}. Сдаём по {amt} на карту {card}.\n"
        "[{t3}] {an}: а можно на каспи по номеру? {ph}\n[{t4}] {bn}: {kn} заболел, его не будет\n"
        "[{t5}] {tn2}: хорошо, выздоравливайте{neg}",
        dict(
            t1=timev(),
            tn=PER(t.g[0] + " " + t.p[0]),
            t2=timev(),
            amt=amount(),
            card=CARD(sep=" "),
            t3=timev(),
            an=PER(a.fi()),
            ph=MOB(),
            t4=timev(),
            bn=PER(b.g[0].lower() if R.random() < 0.5 else b.g[0]),
            kn=PER(k.g[0]),
            t5=timev(),
            tn2=PER(t.g[0] + " " + t.p[0]),
            neg=opt("ru"),
        ),
    )


@T("ru", "school_parent_chat")
def _():
    k = Person("ru")
    m = Person("ru", female=True)
    return (
        "мама {kn}: добрый вечер) кто знает до скольки завтра продлёнка? у {kn2} телефон сел, если что звоните мне {ph}\n"
        "классный рук.: До {t}. Кстати, {kn3}, не забудь форму на физру. Для справки в лагерь нужен ИИН ребёнка — "
        "у {kn4} {iin}, свидетельство о рождении от {d1}.{neg}",
        dict(
            kn=PER(k.case("gen").split()[-1] if False else k.g[1]),
            kn2=PER(k.g[1]),
            ph=MOB(),
            t=timev(),
            kn3=PER(k.g[0]),
            kn4=PER(k.g[1]),
            iin=(make_iin(rdate(2012, 2018)), "KZ_IIN"),
            d1=OD("ru"),
            neg=opt("ru"),
        ),
    )


@T("ru", "shop_order_confirmation")
def _():
    p = Person("ru")
    return (
        "Заказ № {ord} оформлен!\nПолучатель: {pn}\nТелефон: {ph}\nE-mail: {em}\nОплата: карта {mask}, списано {amt}\n"
        "Доставка: {d1}, интервал {t1}–{t2}, пункт выдачи на {addr}\nТрек-номер: {trk}{neg}",
        dict(
            ord=order_no(),
            pn=PER(p.fi()),
            ph=MOB(),
            em=EM(p),
            mask=MASK(),
            amt=amount(),
            d1=OD("ru"),
            t1=timev(),
            t2=timev(),
            addr=named("ru"),
            trk=NX("KZ" + rnd_digits(9) + "KZ"),
            neg=opt("ru"),
        ),
    )


@T("ru", "shop_order_confirmation")
def _():
    p = Person("ru")
    return (
        "Спасибо за покупку, {pn}! Ваш заказ {ord} на сумму {amt} подтверждён. Оплачено картой {card}. "
        "Чек отправлен на {em}. Курьер позвонит на номер {ph} за час до доставки. Промокод на следующую покупку: {promo}.",
        dict(
            pn=PER(p.g[0]),
            ord=order_no(),
            amt=amount(),
            card=CARD(),
            em=EM(p),
            ph=MOB(),
            promo=C("SALE" + rnd_digits(4)),
        ),
    )


@T("ru", "regulator_complaint")
def _():
    p = Person("ru")
    b = Person("ru")
    return (
        "В Агентство РК по регулированию и развитию финансового рынка\nот {pn}, ИИН {iin}, тел. {ph}, e-mail {em}\n\nЖАЛОБА\n"
        "{d1} с моей карты {card} без моего согласия списано {amt}. Банк (БИН {bin}) отказался вернуть средства, "
        "менеджер {bn} ответил, что операция подтверждена SMS. Прошу провести проверку.{neg}",
        dict(
            pn=PER(p.case("gen")),
            iin=IIN(p),
            ph=MOB(),
            em=EM(p),
            d1=OD("ru"),
            card=CARD(),
            amt=amount(),
            bin=BIN(),
            bn=PER(b.short()),
            neg=opt("ru"),
        ),
    )


@T("ru", "regulator_complaint")
def _():
    p = Person("ru")
    return (
        "Обращение в Комитет по защите прав потребителей. Я, {pn} (дата рождения: {dob}), купил(а) холодильник в интернет-магазине (заказ {ord}). "
        "Товар пришёл неисправный, продавец не отвечает на письма с {em}. Реквизиты для возврата: {iban}. "
        "Паспорт {pas}. Прошу принять меры.{neg}",
        dict(
            pn=PER(p.full()),
            dob=(f"{p.dob.day} {RU_MON[p.dob.month - 1]} {p.dob.year} года", "DATE_OF_BIRTH"),
            ord=order_no(),
            em=EM(p),
            iban=IBAN(),
            pas=PAS(),
            neg=opt("ru"),
        ),
    )


@T("ru", "court_summons")
def _():
    p = Person("ru")
    j = Person("ru")
    return (
        "ПОВЕСТКА\nСпециализированный межрайонный экономический суд г. Алматы вызывает {pn} "
        "({dob} г.р., ИИН {iin}) в качестве ответчика по гражданскому делу № {case} на {d1} к {t} в зал № {room}.\n"
        "Судья {jn}. Справки по телефону {land}.{neg}",
        dict(
            pn=PER(p.case("gen") if R.random() < 0.5 else p.full()),
            dob=(f"{p.dob:%d.%m.%Y}", "DATE_OF_BIRTH"),
            iin=IIN(p),
            case=C(f"7599-25-00-2/{R.randint(100, 9999)}"),
            d1=OD("ru"),
            t=timev(),
            room=C(str(R.randint(1, 30))),
            jn=PER(j.short()),
            land=LAND(),
            neg=opt("ru"),
        ),
    )


@T("ru", "court_summons")
def _():
    p = Person("ru")
    c = Person("ru")
    return (
        "SMS-извещение: {pn}, вы вызываетесь в суд района Байконур г. Астаны {d1} в {t} по иску {cn}. "
        "Неявка не препятствует рассмотрению дела. Тел. канцелярии {land}. Подробнее: office.sud.kz, УИД {uid}.",
        dict(pn=PER(p.short()), d1=OD("ru"), t=timev(), cn=PER(c.case("gen")), land=LAND(), uid=order_no(12)),
    )


@T("ru", "visa_application")
def _():
    p = Person("ru")
    return (
        "АНКЕТА НА ВИЗУ\nФамилия: {sur}\nИмя: {giv}\nДата рождения: {dob}\nНомер паспорта: {pas}\nДата выдачи: {d1}\n"
        "Телефон: {ph}\nЭл. почта: {em}\nЦель поездки: туризм\nКонтакт в стране назначения: {hn}, {fph}{neg}",
        dict(
            sur=PER(p.s[0]),
            giv=PER(p.g[0]),
            dob=DOB(p, "ru"),
            pas=PAS(),
            d1=OD("ru"),
            ph=MOB(),
            em=EM(p),
            hn=PER(Person("en").fi()),
            fph=FPH(),
            neg=opt("ru"),
        ),
    )


@T("ru", "visa_application")
def _():
    p = Person("ru")
    s = Person("ru")
    return (
        "Добрый день! Подаю документы на шенгенскую визу для себя и супруги. Я — {pn}, паспорт {pas}; супруга — {sn}, паспорт {spas}, "
        "дата рождения {sdob}. Бронь отеля {bk}, рейс {fl}. Спонсорское письмо подпишет брат, {bn}, тел. {ph}.{neg}",
        dict(
            pn=PER(p.full()),
            pas=PAS(),
            sn=PER(s.fi()),
            spas=PAS(),
            sdob=DOB(s, "ru"),
            bk=order_no(10),
            fl=C(f"KC {R.randint(100, 999)}"),
            bn=PER(Person("ru", female=False).fi()),
            ph=MOB(),
            neg=opt("ru"),
        ),
    )


@T("ru", "pension_statement")
def _():
    p = Person("ru")
    return (
        "АО «ЕНПФ». Выписка с индивидуального пенсионного счёта\nВкладчик: {pn}\nИИН: {iin}\nДата рождения: {dob}\n"
        "Период: {d1} — {d2}\nОбязательные пенсионные взносы: {a1}\nИнвестиционный доход: {a2}\n"
        "Агент (работодатель): БИН {bin}\nВыписка направлена на {em}{neg}",
        dict(
            pn=PER(p.caps() if R.random() < 0.4 else p.full()),
            iin=IIN(p),
            dob=DOB(p, "ru"),
            d1=OD("ru"),
            d2=OD("ru"),
            a1=amount(),
            a2=amount(),
            bin=BIN(),
            em=EM(p),
            neg=opt("ru"),
        ),
    )


@T("ru", "pension_statement")
def _():
    p = Person("ru")
    return (
        "Уведомление: на ваш ИПС поступили взносы {amt} за {mon}. Получатель {pn}, ИИН {iin}. Для единовременной выплаты "
        "укажите счёт {iban}. Если это не вы, позвоните {ph}.{neg}",
        dict(
            amt=amount(),
            mon=C("сентябрь 2025"),
            pn=PER(p.short()),
            iin=IIN(p),
            iban=IBAN(),
            ph=L("1418", "NEG") if False else MOB(),
            neg=opt("ru"),
        ),
    )


@T("ru", "social_media_comment")
def _():
    a = Person("ru")
    b = Person("ru")
    return (
        "{an}: ребят, кто потерял паспорт на остановке ({addr})? там фамилия {bsur}, номер {pas}. пишите в личку или {ph}\n"
        "  ↳ {bn}: спасибо!! это моего брата, уже еду{neg}",
        dict(
            an=PER(a.fi().lower() if R.random() < 0.5 else a.fi()),
            addr=named("ru"),
            bsur=PER(b.s[0]),
            pas=PAS(),
            ph=MOB(),
            bn=PER(b.g[0].lower()),
            neg=opt("ru", 0.5),
        ),
    )


@T("ru", "social_media_comment")
def _():
    a = Person("ru")
    b = Person("ru")
    return (
        "не советую этот сервис!!! {an2} (менеджер) взял предоплату {amt} и пропал. номер {ph}, почта {em}. "
        "кидала, верните деньги на карту {card} 😡 @{nick} репост",
        dict(
            an2=PER(b.fi()),
            amt=amount(),
            ph=MOB(),
            em=EM(b),
            card=CARD(),
            nick=C(translit(a.g[0]) + "_" + rnd_digits(2)),
        ),
    )


@T("ru", "mobile_callcentre")
def _():
    p = Person("ru")
    op = Person("ru")
    return (
        "Оператор: Здравствуйте, меня зовут {on}, чем могу помочь?\nАбонент: Здравствуйте, у меня не работает интернет на номере {ph}.\n"
        "Оператор: Назовите, пожалуйста, ФИО владельца и ИИН.\nАбонент: {pn}, ИИН {iin}.\n"
        "Оператор: Спасибо. Вижу, тариф «Безлимит {tv}», баланс {amt}. Перезагрузите телефон, настройки отправлены SMS.{neg}",
        dict(
            on=PER(op.g[0]),
            ph=MOB(),
            pn=PER(p.full()),
            iin=IIN(p),
            tv=C(str(R.randint(3, 50)) + " ГБ"),
            amt=amount(),
            neg=opt("ru"),
        ),
    )


@T("ru", "mobile_callcentre")
def _():
    p = Person("ru")
    return (
        "[запись звонка {id}] абонент просит перенести номер {ph} на другого оператора. владелец: {pn}, удостоверение личности {idc}, "
        "дата рождения {dob}. резервный номер {ph2}. оплата картой {card}. оператор: {opn} (смена {t}).",
        dict(
            opn=PER(R.choice(["Жанар", "Алина", "Ержан", "Дамир"])),
            id=order_no(10),
            ph=MOB(),
            pn=PER(p.case("gen") if False else p.full().lower()),
            idc=IDC(),
            dob=DOB(p, "ru"),
            ph2=MOB(),
            card=CARD(),
            t=timev(),
        ),
    )


# ================================================================ KAZAKH
@T("kk", "hospital_discharge")
def _():
    p = Person("kk")
    d = Person("kk")
    return (
        "АУРУХАНАДАН ШЫҒАРУ ЭПИКРИЗІ\nНауқас: {pn}\nТуған күні: {dob}\nЖСН: {iin}\n"
        "Емделу мерзімі: {d1} – {d2}. Диагнозы: жедел аппендицит, ота жасалды.\n"
        "Ұсыныстар: 10 күн ауыр жұмыс жасамау, хирургқа қаралу.\nЕмдеуші дәрігер: {dn}\nБайланыс: {land}{neg}",
        dict(
            pn=PER(p.full()),
            dob=DOB(p, "kk"),
            iin=IIN(p),
            d1=OD("kk"),
            d2=OD("kk"),
            dn=PER(d.short()),
            land=LAND(),
            neg=opt("kk"),
        ),
    )


@T("kk", "hospital_discharge")
def _():
    p = Person("kk")
    r = Person("kk")
    return (
        "Құрметті {rn}! Сіздің туысыңыз {pn} ({dob}) бүгін {t} ауруханадан шығарылды. Жеке куәлік № {idc} қабылдау бөлімінде қалды, "
        "оны {pn2} өзі алуы керек. Сұрақтар болса, {ph} нөміріне хабарласыңыз.{neg}",
        dict(
            rn=PER(r.first),
            pn=PER(p.fi()),
            dob=DOB(p, "kk"),
            t=timev(),
            idc=IDC(),
            pn2=PER(p.first),
            ph=MOB(),
            neg=opt("kk"),
        ),
    )


@T("kk", "police_witness")
def _():
    w = Person("kk")
    s = Person("kk")
    o = Person("kk")
    return (
        "КУӘНІ ЖАУАПҚА АЛУ ХАТТАМАСЫ\nШымкент қ., {d0}\nТергеуші {on} куә ретінде {wn} жауапқа алды.\n"
        "Куә туралы мәлімет: туған күні {dob}, ЖСН {iin}, төлқұжат {pas}, тел. {ph}.\n"
        "Куәнің айғағы: сағат {t} шамасында дүкеннің жанында {sn} көрдім, ол {pl} көлігіне отырып кетті.",
        dict(
            d0=OD("kk"),
            on=PER(o.short()),
            wn=PER(w.case("acc")),
            dob=DOB(w, "kk"),
            iin=IIN(w),
            pas=PAS(),
            ph=MOB(),
            t=timev(),
            sn=PER(s.case("acc")),
            pl=plate(),
        ),
    )


@T("kk", "police_witness")
def _():
    w = Person("kk")
    v = Person("kk")
    return (
        "Түсініктеме. Мен, {wn}, туған күнім {dob}, жеке куәлік № {idc}. {d0} кешкі {t} шамасында көршім {vn} маған келіп, "
        "пәтерінің есігі бұзылғанын айтты. Мен {vn2} полицияға хабарласуға кеңес бердім. Менің телефоным: {ph}.{neg}",
        dict(
            wn=PER(w.full()),
            dob=DOB(w, "kk"),
            idc=IDC(),
            d0=OD("kk"),
            t=timev(),
            vn=PER(v.fi()),
            vn2=PER(v.case("dat")),
            ph=MOB(),
            neg=opt("kk"),
        ),
    )


@T("kk", "hr_onboarding_email")
def _():
    e = Person("kk")
    hr = Person("kk")
    m = Person("kk")
    return (
        "Тақырыбы: Ұжымға қош келдіңіз!\nКімнен: {hrm}\nКімге: {em}\n\nСәлеметсіз бе, {en}!\n"
        "Сіз {d1} бастап жұмысқа шығасыз. Құжаттарды рәсімдеу үшін жеке куәлігіңіздің көшірмесін (№ {idc}) және "
        "жалақы шотыңызды ({iban}) жіберіңіз. Тәлімгеріңіз — {mn}, телефоны {ph}.{neg}\n\nҚұрметпен,\n{hrn}",
        dict(
            hrm=EM(hr, "samruk-digital.kz"),
            em=EM(e),
            en=PER(e.first),
            d1=OD("kk"),
            idc=IDC(),
            iban=IBAN(),
            mn=PER(m.fi()),
            ph=MOB(),
            neg=opt("kk"),
            hrn=PER(hr.short()),
        ),
    )


@T("kk", "hr_onboarding_email")
def _():
    e = Person("kk")
    hr = Person("kk")
    return (
        "Әріптестер, жаңа қызметкер {en} бүгіннен бастап бухгалтерияда жұмыс істейді. Кадр есебі үшін: ЖСН {iin}, "
        "туған күні {dob}. Корпоративтік пошта {em}. {hrn} жұмыс орнын дайындап, ноутбукті (инв. № {inv}) {en2} тапсырсын.",
        dict(
            en=PER(e.full()),
            iin=IIN(e),
            dob=DOB(e, "kk"),
            em=EM(e, "kazatomprom.kz"),
            hrn=PER(hr.fi()),
            inv=order_no(8),
            en2=PER(e.case("dat")),
        ),
    )


@T("kk", "loan_application")
def _():
    p = Person("kk")
    g = Person("kk")
    return (
        "НЕСИЕ АЛУҒА ӨТІНІШ\nҚарыз алушы: {pn}\nТуған күні: {dob}\nЖСН: {iin}\nТөлқұжат: {pas}\nҰялы телефон: {ph}\n"
        "Электрондық пошта: {em}\nНесие сомасы: {amt}\nАқша аударылатын шот: {iban}\nКепілгер: {gn}, ЖСН {giin}{neg}",
        dict(
            pn=PER(p.full()),
            dob=DOB(p, "kk"),
            iin=IIN(p),
            pas=PAS(),
            ph=MOB(),
            em=EM(p),
            amt=amount(),
            iban=IBAN(),
            gn=PER(g.short()),
            giin=IIN(g),
            neg=opt("kk"),
        ),
    )


@T("kk", "loan_application")
def _():
    p = Person("kk")
    m = Person("kk")
    return (
        "Менеджер {mn}: клиент {pn} ипотекаға өтінім берді. Жұмыс беруші БСН {bin}, айлық табысы {amt}. "
        "Төлем картасы {card}. Өтінім {ip} IP-мекенжайынан келді. Клиентке {ph} нөмірі арқылы хабарласу керек.",
        dict(mn=PER(m.short()), pn=PER(p.fi()), bin=BIN(), amt=amount(), card=CARD(), ip=IP4(), ph=MOB()),
    )


@T("kk", "utility_bill")
def _():
    p = Person("kk")
    return (
        "КОММУНАЛДЫҚ ҚЫЗМЕТТЕРГЕ ТӨЛЕМ ҚҰЖАТЫ\nДербес шот: {ls}\nТөлеуші: {pn}\nЖСН: {iin}\nЖылу: {a1}\nСу: {a2}\n"
        "Барлығы: {a3}\nАлушы: «Жылуэнерго» ЖШС, БСН {bin}, ЖСК {iban}\nАпаттық қызмет: {land}{neg}",
        dict(
            ls=order_no(10),
            pn=PER(p.caps() if R.random() < 0.4 else p.short()),
            iin=IIN(p),
            a1=amount(),
            a2=amount(),
            a3=amount(),
            bin=BIN(),
            iban=IBAN(spaced=False),
            land=LAND(),
            neg=opt("kk"),
        ),
    )


@T("kk", "utility_bill")
def _():
    p = Person("kk")
    return (
        "Құрметті {pn}! {ls} дербес шоты бойынша электр энергиясы үшін {amt} берешек бар. {d1} дейін төлемесеңіз, "
        "қызмет тоқтатылады. Соңғы төлем {mask} картасынан түсті. Анықтама: {ph}, {em}.{neg}",
        dict(
            pn=PER(p.first),
            ls=order_no(10),
            amt=amount(),
            d1=OD("kk"),
            mask=MASK(),
            ph=MOB(),
            em=EMX("info@astanaenergy.kz"),
            neg=opt("kk"),
        ),
    )


@T("kk", "tenancy_dispute")
def _():
    a = Person("kk")
    b = Person("kk")
    return (
        "ТАЛАП-АРЫЗ (сотқа дейінгі)\nЖалға алушы {an} (ЖСН {aiin}) пәтер иесі {bn} келесі талапты қояды: "
        "{d1} жасалған шарт бойынша кепіл ақысы {amt} {iban} шотына аударылған. Пәтер {d2} босатылды, "
        "бірақ ақша қайтарылмады. Байланыс: {ph}.{neg}",
        dict(
            an=PER(a.full()),
            aiin=IIN(a),
            bn=PER(b.case("dat")),
            d1=OD("kk"),
            amt=amount(),
            iban=IBAN(),
            d2=OD("kk"),
            ph=MOB(),
            neg=opt("kk"),
        ),
    )


@T("kk", "tenancy_dispute")
def _():
    a = Person("kk")
    b = Person("kk")
    return (
        "— {bn}, екі айлық ақы төленбеді ғой, {amt}.\n— Мен {card} картасына аударғанмын, міне чек.\n"
        "— Чекте {an} деп тұр, бұл менің шотым емес. Kaspi-ге {ph} нөмірі арқылы жіберіңіз.\n— Жарайды, ертең {t} аударамын.{neg}",
        dict(bn=PER(b.first), amt=amount(), card=CARD(), an=PER(a.fi()), ph=MOB(), t=timev(), neg=opt("kk")),
    )


@T("kk", "school_parent_chat")
def _():
    a = Person("kk")
    t = Person("kk", female=True)
    k = Person("kk")
    return (
        "[{t1}] {tn} апай: Құрметті ата-аналар! Ертең мұражайға барамыз, {t2} мектеп алдында жиналамыз. {amt} {card} картасына жіберіңіздер.\n"
        "[{t3}] {an}: каспиге нөмір арқылы болама? {ph}\n[{t4}] {kn} анасы: {kn2} ауырып қалды, бармайды\n[{t5}] {tn2} апай: жақсы, тез жазылсын{neg}",
        dict(
            t1=timev(),
            tn=PER(t.first),
            t2=timev(),
            amt=amount(),
            card=CARD(sep=" "),
            t3=timev(),
            an=PER(a.fi().lower() if R.random() < 0.5 else a.fi()),
            ph=MOB(),
            t4=timev(),
            kn=PER(kk_case(k.first, "gen")),
            kn2=PER(k.first),
            t5=timev(),
            tn2=PER(t.first),
            neg=opt("kk"),
        ),
    )


@T("kk", "school_parent_chat")
def _():
    k = Person("kk")
    return (
        "сәлеметсіздер ме, {kn} мамасымын) лагерьге анықтама үшін баланың ЖСН керек екен: {iin}. туу туралы куәлік {d1} берілген. "
        "сұрақ болса маған жазыңыздар {ph}. {kn2} бүгін мектепке кешігіп барады, кешіріңіз{neg}",
        dict(
            kn=PER(kk_case(k.first, "gen").lower() if R.random() < 0.4 else kk_case(k.first, "gen")),
            iin=(make_iin(rdate(2012, 2018)), "KZ_IIN"),
            d1=OD("kk"),
            ph=MOB(),
            kn2=PER(k.first),
            neg=opt("kk", 0.4),
        ),
    )


@T("kk", "shop_order_confirmation")
def _():
    p = Person("kk")
    return (
        "№ {ord} тапсырыс рәсімделді!\nАлушы: {pn}\nТелефон: {ph}\nE-mail: {em}\nТөлем: {mask} картасы, {amt}\n"
        "Жеткізу: {d1}, {t1}–{t2}\nБерілетін пункт: {addr}{neg}",
        dict(
            ord=order_no(),
            pn=PER(p.fi()),
            ph=MOB(),
            em=EM(p),
            mask=MASK(),
            amt=amount(),
            d1=OD("kk"),
            t1=timev(),
            t2=timev(),
            addr=named("kk"),
            neg=opt("kk"),
        ),
    )


@T("kk", "shop_order_confirmation")
def _():
    p = Person("kk")
    return (
        "Сатып алғаныңыз үшін рахмет, {pn}! {ord} тапсырысыңыз ({amt}) расталды. {card} картасымен төленді. "
        "Чек {em} поштасына жіберілді. Курьер жеткізуден бір сағат бұрын {ph} нөміріне қоңырау шалады.",
        dict(pn=PER(p.first), ord=order_no(), amt=amount(), card=CARD(), em=EM(p), ph=MOB()),
    )


@T("kk", "regulator_complaint")
def _():
    p = Person("kk")
    b = Person("kk")
    return (
        "Қаржы нарығын реттеу және дамыту агенттігіне\n{pn} (ЖСН {iin}, тел. {ph}, {em})\n\nШАҒЫМ\n"
        "{d1} менің {card} картамнан келісімімсіз {amt} ақша шешілді. Банк (БСН {bin}) ақшаны қайтарудан бас тартты, "
        "менеджер {bn} операция SMS арқылы расталды деп жауап берді. Тексеру жүргізуіңізді сұраймын.{neg}",
        dict(
            pn=PER(p.case("abl") if R.random() < 0.5 else p.full()),
            iin=IIN(p),
            ph=MOB(),
            em=EM(p),
            d1=OD("kk"),
            card=CARD(),
            amt=amount(),
            bin=BIN(),
            bn=PER(b.short()),
            neg=opt("kk"),
        ),
    )


@T("kk", "regulator_complaint")
def _():
    p = Person("kk")
    return (
        "Тұтынушылардың құқықтарын қорғау комитетіне өтініш. Мен, {pn}, туған күнім {dob}, интернет-дүкеннен кір жуғыш машина сатып алдым "
        "(тапсырыс {ord}). Тауар ақаулы келді, сатушы {em} поштасынан жазған хаттарыма жауап бермейді. "
        "Ақшаны {iban} шотына қайтаруды сұраймын. Төлқұжат {pas}.{neg}",
        dict(
            pn=PER(p.full()),
            dob=DOB(p, "kk"),
            ord=order_no(),
            em=EM(p),
            iban=IBAN(),
            pas=PAS(),
            neg=opt("kk"),
        ),
    )


@T("kk", "court_summons")
def _():
    p = Person("kk")
    j = Person("kk")
    return (
        "ШАҚЫРУ ҚАҒАЗЫ\nАлматы қаласының мамандандырылған ауданаралық экономикалық соты {pn} ({dob}, ЖСН {iin}) "
        "№ {case} азаматтық іс бойынша жауапкер ретінде {d1} сағат {t} {room}-залға шақырады.\nСудья {jn}. Анықтама: {land}{neg}",
        dict(
            pn=PER(p.case("acc")),
            dob=DOB(p, "kk"),
            iin=IIN(p),
            case=C(f"7599-25-00-2/{R.randint(100, 9999)}"),
            d1=OD("kk"),
            t=timev(),
            room=C(str(R.randint(1, 30))),
            jn=PER(j.short()),
            land=LAND(),
            neg=opt("kk"),
        ),
    )


@T("kk", "court_summons")
def _():
    p = Person("kk")
    c = Person("kk")
    return (
        "SMS-хабарлама: {pn}, сіз {cn} талап-арызы бойынша {d1} сағат {t} Астана қаласы Байқоңыр аудандық сотына шақырыласыз. "
        "Кеңсе телефоны {land}. Толығырақ: office.sud.kz, іс {uid}.",
        dict(pn=PER(p.short()), cn=PER(c.case("gen")), d1=OD("kk"), t=timev(), land=LAND(), uid=order_no(12)),
    )


@T("kk", "visa_application")
def _():
    p = Person("kk")
    return (
        "ВИЗАЛЫҚ САУАЛНАМА\nТегі: {sur}\nАты: {giv}\nӘкесінің аты: {patr}\nТуған күні: {dob}\nТөлқұжат нөмірі: {pas}\n"
        "Телефон: {ph}\nЭлектрондық пошта: {em}\nСапар мақсаты: туризм\nШақырушы тұлға: {hn}, {fph}{neg}",
        dict(
            sur=PER(p.last),
            giv=PER(p.first),
            patr=PER(p.patr),
            dob=DOB(p, "kk"),
            pas=PAS(),
            ph=MOB(),
            em=EM(p),
            hn=PER(Person("en").fi()),
            fph=FPH(),
            neg=opt("kk"),
        ),
    )


@T("kk", "visa_application")
def _():
    p = Person("kk")
    s = Person("kk", female=True)
    return (
        "Сәлеметсіз бе! Өзіме және жұбайыма шенген визасына құжат тапсырамын. Мен — {pn}, төлқұжат {pas}; жұбайым — {sn}, "
        "төлқұжаты {spas}, туған күні {sdob}. Қонақүй брондауы {bk}. Демеушілік хатқа ағам {bn} қол қояды, тел. {ph}.{neg}",
        dict(
            pn=PER(p.full()),
            pas=PAS(),
            sn=PER(s.fi()),
            spas=PAS(),
            sdob=DOB(s, "kk"),
            bk=order_no(10),
            bn=PER(Person("kk", female=False).fi()),
            ph=MOB(),
            neg=opt("kk"),
        ),
    )


@T("kk", "pension_statement")
def _():
    p = Person("kk")
    return (
        "«БЖЗҚ» АҚ. Жеке зейнетақы шотынан үзінді көшірме\nСалымшы: {pn}\nЖСН: {iin}\nТуған күні: {dob}\nКезең: {d1} – {d2}\n"
        "Міндетті зейнетақы жарналары: {a1}\nИнвестициялық табыс: {a2}\nАгент: БСН {bin}\nҮзінді {em} поштасына жіберілді{neg}",
        dict(
            pn=PER(p.caps() if R.random() < 0.4 else p.full()),
            iin=IIN(p),
            dob=DOB(p, "kk"),
            d1=OD("kk"),
            d2=OD("kk"),
            a1=amount(),
            a2=amount(),
            bin=BIN(),
            em=EM(p),
            neg=opt("kk"),
        ),
    )


@T("kk", "pension_statement")
def _():
    p = Person("kk")
    return (
        "Хабарлама: сіздің ЖЗШ-ға {amt} жарна түсті. Алушы {pn}, ЖСН {iin}. Біржолғы төлем алу үшін {iban} шотын көрсетіңіз. "
        "Бұл сіз болмасаңыз, {ph} нөміріне хабарласыңыз.{neg}",
        dict(amt=amount(), pn=PER(p.short()), iin=IIN(p), iban=IBAN(), ph=MOB(), neg=opt("kk")),
    )


@T("kk", "social_media_comment")
def _():
    a = Person("kk")
    b = Person("kk")
    return (
        "{an}: аялдамада төлқұжат тауып алдым, тегі {bsur}, нөмірі {pas}. иесі болса жазыңыз немесе {ph} хабарласыңыз\n"
        "  ↳ {bn}: рахмет!! бұл ағамдікі, қазір барамын{neg}",
        dict(
            an=PER(a.fi().lower() if R.random() < 0.5 else a.fi()),
            bsur=PER(b.last),
            pas=PAS(),
            ph=MOB(),
            bn=PER(b.first.lower()),
            neg=opt("kk", 0.5),
        ),
    )


@T("kk", "social_media_comment")
def _():
    b = Person("kk")
    return (
        "бұл сервисті ұсынбаймын!!! {bn} деген менеджер {amt} алдын ала төлем алып, жоғалып кетті. номері {ph}, поштасы {em}. "
        "алаяқ, ақшамды {card} картасына қайтарыңыз 😡 ну вообще, {bn2} кездестірсеңдер айтыңдар",
        dict(bn=PER(b.fi()), amt=amount(), ph=MOB(), em=EM(b), card=CARD(), bn2=PER(b.case("acc").lower())),
    )


@T("kk", "mobile_callcentre")
def _():
    p = Person("kk")
    op = Person("kk")
    return (
        "Оператор: Сәлеметсіз бе, менің атым {on}, сізге қалай көмектесе аламын?\nАбонент: Сәлеметсіз бе, {ph} нөмірімде интернет жоқ.\n"
        "Оператор: Иесінің аты-жөні мен ЖСН-ін айтыңызшы.\nАбонент: {pn}, ЖСН {iin}.\n"
        "Оператор: Рахмет. Тарифіңіз «Безлимит {tv}», балансыңыз {amt}. Телефонды қайта қосыңыз, баптаулар SMS арқылы жіберілді.{neg}",
        dict(
            on=PER(op.first),
            ph=MOB(),
            pn=PER(p.full()),
            iin=IIN(p),
            tv=C(str(R.randint(3, 50)) + " ГБ"),
            amt=amount(),
            neg=opt("kk"),
        ),
    )


@T("kk", "mobile_callcentre")
def _():
    p = Person("kk")
    return (
        "[қоңырау жазбасы {id}] абонент {ph} нөмірін басқа операторға ауыстыруды сұрайды. иесі: {pn}, жеке куәлік {idc}, "
        "туған күні {dob}. қосымша нөмір {ph2}. ну короче, төлем {card} картасымен. оператор: {opn} (ауысым {t}).",
        dict(
            id=order_no(10),
            ph=MOB(),
            pn=PER(p.full().lower()),
            idc=IDC(),
            dob=DOB(p, "kk"),
            ph2=MOB(),
            card=CARD(),
            opn=PER(R.choice(["Жанар", "Әлия", "Ержан", "Дәмеш"])),
            t=timev(),
        ),
    )


# ================================================================ ENGLISH
@T("en", "hospital_discharge")
def _():
    p = Person("en")
    d = Person("en")
    return (
        "DISCHARGE SUMMARY\nPatient: {pn}\nDOB: {dob}\nMRN: {mrn}\nAdmitted {d1}, discharged {d2}.\n"
        "Diagnosis: community-acquired pneumonia. Follow-up with GP in 7 days.\nNext of kin: {kn}, tel. {ph}\nAttending: Dr. {dn}{neg}",
        dict(
            pn=PER(p.caps() if R.random() < 0.3 else p.fi()),
            dob=DOB(p, "en"),
            mrn=order_no(8),
            d1=OD("en"),
            d2=OD("en"),
            kn=PER(Person("en").fi()),
            ph=R.choice([MOB, FPH])(),
            dn=PER(d.short()),
            neg=opt("en"),
        ),
    )


@T("en", "hospital_discharge")
def _():
    p = Person("en")
    return (
        "Dear {pn}, you were discharged from Central City Hospital today at {t}. Your ID card (No. {idc}) was left at reception. "
        "Please collect it before {d1}. Prescription refills: call {land} or write to {em}.{neg}",
        dict(
            pn=PER(p.first),
            t=timev(),
            idc=IDC(),
            d1=OD("en"),
            land=LAND(),
            em=EMX("pharmacy@cch.kz"),
            neg=opt("en"),
        ),
    )


@T("en", "police_witness")
def _():
    w = Person("en")
    s = Person("en")
    o = Person("en")
    return (
        "WITNESS STATEMENT\nTaken by: Sgt. {on}, {d0}\nWitness: {wn}, born {dob}, passport {pas}, phone {ph}\n\n"
        "At about {t} I saw a grey sedan ({pl}) stop outside the bank on {addr}. A man I later recognised as {sn} got out "
        "and ran towards the ATM. I am willing to attend court.",
        dict(
            on=PER(o.short()),
            d0=OD("en"),
            wn=PER(w.fi()),
            dob=DOB(w, "en"),
            pas=PAS(),
            ph=MOB(),
            t=timev(),
            pl=plate(),
            addr=named("en"),
            sn=PER(s.fi()),
        ),
    )


@T("en", "police_witness")
def _():
    w = Person("en")
    v = Person("en")
    return (
        "Statement of {wn} (IIN {iin}). On {d0} my neighbour {vn} knocked on my door and said her phone had been stolen. "
        "Her number is {ph}; mine is {ph2}. I did not see the thief. I believe this statement to be true.{neg}",
        dict(
            wn=PER(w.short()),
            iin=IIN(w),
            d0=OD("en"),
            vn=PER(Person("en", female=True).fi()),
            ph=MOB(),
            ph2=FPH(),
            neg=opt("en"),
        ),
    )


@T("en", "hr_onboarding_email")
def _():
    e = Person("en")
    hr = Person("en")
    m = Person("en")
    return (
        "Subject: Welcome aboard!\nFrom: {hrm}\nTo: {em}\n\nHi {en},\nWe are delighted to confirm your start date of {d1}. "
        "Before day one, please send a copy of your passport ({pas}) and your salary account (IBAN {iban}). "
        "Your buddy is {mn} ({mph}). Your VPN address will be {ip}.{neg}\n\nBest regards,\n{hrn}\nPeople Team",
        dict(
            hrm=EM(hr, "northwind.io"),
            em=EM(e, R.choice(["gmail.com", "outlook.com", "proton.me"])),
            en=PER(e.first),
            d1=OD("en"),
            pas=PAS(),
            iban=IBAN(R.choice(["KZ", "GB", "DE"])),
            mn=PER(m.fi()),
            mph=MOB(),
            ip=IP4(),
            neg=opt("en"),
            hrn=PER(hr.fi()),
        ),
    )


@T("en", "hr_onboarding_email")
def _():
    e = Person("en")
    hr = Person("en")
    return (
        "Team, please welcome {en}, who joins Finance on {d1}. HR record: IIN {iin}, date of birth {dob}, work e-mail {em}, "
        "mobile {ph}. {hrn} will issue the laptop (asset tag {tag}) and a badge. Payroll card: {card}.",
        dict(
            en=PER(e.fi()),
            d1=OD("en"),
            iin=IIN(e),
            dob=DOB(e, "en"),
            em=EM(e, "acme-kz.com"),
            ph=MOB(),
            hrn=PER(hr.short()),
            tag=C("AT-" + rnd_digits(6)),
            card=CARD(),
        ),
    )


@T("en", "loan_application")
def _():
    p = Person("en")
    c = Person("en")
    return (
        "LOAN APPLICATION FORM\nApplicant: {pn}\nDate of birth: {dob}\nIIN: {iin}\nPassport: {pas}\nPhone: {ph}\nE-mail: {em}\n"
        "Amount requested: {amt}\nDisbursement account: {iban}\nCo-signer: {cn}, IIN {ciin}{neg}",
        dict(
            pn=PER(p.fi()),
            dob=DOB(p, "en"),
            iin=IIN(p),
            pas=PAS(),
            ph=MOB(),
            em=EM(p),
            amt=amount("KZT"),
            iban=IBAN(),
            cn=PER(c.short()),
            ciin=IIN(c),
            neg=opt("en"),
        ),
    )


@T("en", "loan_application")
def _():
    p = Person("en")
    m = Person("en")
    return (
        "Underwriter note ({mn}): applicant {pn} requests refinancing. Employer BIN {bin}, tenure 4 years. Existing card {mask}, "
        "balance {amt}. Funds to {iban}. Application submitted from {ip} using app {ver}. Contact: {ph}.",
        dict(
            mn=PER(m.short()),
            pn=PER(p.fi()),
            bin=BIN(),
            mask=MASK(),
            amt=amount("KZT"),
            iban=IBAN(),
            ip=R.choice([IP4, IP6])(),
            ver=version(),
            ph=MOB(),
        ),
    )


@T("en", "utility_bill")
def _():
    p = Person("en")
    return (
        "ELECTRICITY BILL - {mon}\nAccount no.: {acc}\nCustomer: {pn}\nSupply address: {addr}\nUsage: {kwh} kWh\n"
        "Amount due: {amt}\nPay to: City Power LLP, BIN {bin}, IBAN {iban}\nEmergency line: {land}{neg}",
        dict(
            mon=C("November 2025"),
            acc=order_no(10),
            pn=PER(p.caps() if R.random() < 0.4 else p.short()),
            addr=named("en"),
            kwh=C(str(R.randint(80, 900))),
            amt=amount("KZT"),
            bin=BIN(),
            iban=IBAN(),
            land=LAND(),
            neg=opt("en"),
        ),
    )


@T("en", "utility_bill")
def _():
    p = Person("en")
    return (
        "Hi {pn}, your water bill for account {acc} is overdue: {amt}. Pay by {d1} to avoid disconnection. "
        "Last payment received from card {mask}. Questions? Call {ph} or e-mail {em}.{neg}",
        dict(
            pn=PER(p.first),
            acc=order_no(10),
            amt=amount("KZT"),
            d1=OD("en"),
            mask=MASK(),
            ph=MOB(),
            em=EMX("billing@astanasu.kz"),
            neg=opt("en"),
        ),
    )


@T("en", "tenancy_dispute")
def _():
    a = Person("en")
    b = Person("en")
    return (
        "Dear {bn},\nI am writing about the deposit of {amt} I paid under our lease dated {d1}. I moved out on {d2} and left the flat "
        "in good condition. Please return the deposit to {iban} within 14 days.\nYours sincerely,\n{an}\nTel. {ph}{neg}",
        dict(
            bn=PER("Mr " + b.last if False else b.fi()),
            amt=amount("KZT"),
            d1=OD("en"),
            d2=OD("en"),
            iban=IBAN(),
            an=PER(a.fi()),
            ph=MOB(),
            neg=opt("en"),
        ),
    )


@T("en", "tenancy_dispute")
def _():
    a = Person("en")
    b = Person("en")
    return (
        "Landlord ({bn}): rent for Oct and Nov is missing, {amt}.\nTenant ({an}): I paid to card {card}, I have the receipt.\n"
        "Landlord: that card isn't mine, my Kaspi number is {ph}.\nTenant: then talk to {cn}, he gave me that card.{neg}",
        dict(
            bn=PER(b.first),
            amt=amount("KZT"),
            an=PER(a.first),
            card=CARD(),
            ph=MOB(),
            cn=PER(Person("en", female=False).fi()),
            neg=opt("en"),
        ),
    )


@T("en", "school_parent_chat")
def _():
    a = Person("en")
    t = Person("en", female=True)
    k = Person("en", female=False)
    return (
        "[{t1}] Ms {tn}: Dear parents, the museum trip is tomorrow, meet at {t2}. Please transfer {amt} to card {card}.\n"
        "[{t3}] {an}: can I send via phone number? {ph}\n[{t4}] {kmom}: {kn} is sick, he won't come\n[{t5}] Ms {tn2}: ok, get well soon{neg}",
        dict(
            t1=timev(),
            tn=PER(t.last),
            t2=timev(),
            amt=amount("KZT"),
            card=CARD(sep=" "),
            t3=timev(),
            an=PER(a.fi().lower() if R.random() < 0.5 else a.fi()),
            ph=MOB(),
            t4=timev(),
            kmom=PER(Person("en", female=True).first),
            kn=PER(k.first),
            t5=timev(),
            tn2=PER(t.last),
            neg=opt("en"),
        ),
    )


@T("en", "school_parent_chat")
def _():
    k = Person("en")
    return (
        "hi all, {kn}'s mum here :) the camp form needs the child's IIN: {iin}, birth certificate issued {d1}. "
        "text me on {ph} if anything. {kn2} will be late today, sorry{neg}",
        dict(
            kn=PER(k.first),
            iin=(make_iin(rdate(2012, 2018)), "KZ_IIN"),
            d1=OD("en"),
            ph=MOB(),
            kn2=PER(k.first.lower()),
            neg=opt("en", 0.4),
        ),
    )


@T("en", "shop_order_confirmation")
def _():
    p = Person("en")
    return (
        "Order #{ord} confirmed\nShip to: {pn}\nPhone: {ph}\nEmail: {em}\nPaid with: {mask}\nTotal: {amt}\n"
        "Estimated delivery: {d1}, {t1}-{t2}\nPickup point: {addr}{neg}",
        dict(
            ord=order_no(),
            pn=PER(p.fi()),
            ph=R.choice([MOB, FPH])(),
            em=EM(p),
            mask=MASK(),
            amt=amount("KZT"),
            d1=OD("en"),
            t1=timev(),
            t2=timev(),
            addr=named("en"),
            neg=opt("en"),
        ),
    )


@T("en", "shop_order_confirmation")
def _():
    p = Person("en")
    return (
        "Thanks for shopping with us, {pn}! Order {ord} ({amt}) has been confirmed and charged to {card}. "
        "A receipt was sent to {em}. The courier will call {ph} an hour before delivery. Use code {promo} next time.",
        dict(
            pn=PER(p.first),
            ord=order_no(),
            amt=amount("KZT"),
            card=CARD(),
            em=EM(p),
            ph=MOB(),
            promo=C("WELCOME" + rnd_digits(2)),
        ),
    )


@T("en", "regulator_complaint")
def _():
    p = Person("en")
    b = Person("en")
    return (
        "To: Agency for Regulation and Development of the Financial Market\nFrom: {pn}, IIN {iin}, {ph}, {em}\n\nCOMPLAINT\n"
        "On {d1}, {amt} was debited from my card {card} without my consent. The bank (BIN {bin}) refused a chargeback; "
        "the manager, {bn}, said the payment was confirmed by SMS. I request an investigation.{neg}",
        dict(
            pn=PER(p.fi()),
            iin=IIN(p),
            ph=MOB(),
            em=EM(p),
            d1=OD("en"),
            amt=amount("KZT"),
            card=CARD(),
            bin=BIN(),
            bn=PER(b.short()),
            neg=opt("en"),
        ),
    )


@T("en", "regulator_complaint")
def _():
    p = Person("en")
    return (
        "Complaint to the Consumer Protection Committee. I, {pn}, born {dob}, bought a washing machine online (order {ord}). "
        "It arrived broken and the seller ignores my e-mails from {em}. Please help me get a refund to {iban}. Passport {pas}.{neg}",
        dict(
            pn=PER(p.fi()), dob=DOB(p, "en"), ord=order_no(), em=EM(p), iban=IBAN(), pas=PAS(), neg=opt("en")
        ),
    )


@T("en", "court_summons")
def _():
    p = Person("en")
    j = Person("en")
    return (
        "SUMMONS\nThe Specialised Inter-District Economic Court of Almaty summons {pn} (date of birth {dob}, IIN {iin}) "
        "as defendant in civil case No. {case} on {d1} at {t}, courtroom {room}.\nJudge: {jn}. Enquiries: {land}{neg}",
        dict(
            pn=PER(p.caps() if R.random() < 0.3 else p.fi()),
            dob=DOB(p, "en"),
            iin=IIN(p),
            case=C(f"7599-25-00-2/{R.randint(100, 9999)}"),
            d1=OD("en"),
            t=timev(),
            room=C(str(R.randint(1, 30))),
            jn=PER(j.short()),
            land=LAND(),
            neg=opt("en"),
        ),
    )


@T("en", "court_summons")
def _():
    p = Person("en")
    c = Person("en")
    return (
        "SMS notice: {pn}, you are summoned to the Baikonur District Court of Astana on {d1} at {t} in the claim brought by {cn}. "
        "Registry: {land}. Details: office.sud.kz, case {uid}.",
        dict(pn=PER(p.short()), d1=OD("en"), t=timev(), cn=PER(c.fi()), land=LAND(), uid=order_no(12)),
    )


@T("en", "visa_application")
def _():
    p = Person("en")
    return (
        "VISA APPLICATION\nSurname: {sur}\nGiven names: {giv}\nDate of birth: {dob}\nPassport No.: {pas}\nIssued: {d1}\n"
        "Phone: {ph}\nEmail: {em}\nPurpose: business\nHost: {hn}, {hph}{neg}",
        dict(
            sur=PER(p.last.upper()),
            giv=PER(p.first.upper()),
            dob=DOB(p, "en"),
            pas=PAS(),
            d1=OD("en"),
            ph=MOB(),
            em=EM(p),
            hn=PER(Person("en").fi()),
            hph=FPH(),
            neg=opt("en"),
        ),
    )


@T("en", "visa_application")
def _():
    p = Person("en")
    s = Person("en", female=True)
    return (
        "Hello, I am applying for Schengen visas for myself and my wife. Me: {pn}, passport {pas}. Wife: {sn}, passport {spas}, "
        "DOB {sdob}. Hotel booking {bk}, flight {fl}. My brother {bn} will sign the sponsorship letter, phone {ph}.{neg}",
        dict(
            pn=PER(p.fi()),
            pas=PAS(),
            sn=PER(s.fi()),
            spas=PAS(),
            sdob=DOB(s, "en"),
            bk=order_no(10),
            fl=C(f"KC{R.randint(100, 999)}"),
            bn=PER(Person("en", female=False).fi()),
            ph=FPH(),
            neg=opt("en"),
        ),
    )


@T("en", "pension_statement")
def _():
    p = Person("en")
    return (
        "UNIFIED ACCUMULATIVE PENSION FUND - Individual Account Statement\nContributor: {pn}\nIIN: {iin}\nDate of birth: {dob}\n"
        "Period: {d1} to {d2}\nMandatory contributions: {a1}\nInvestment income: {a2}\nEmployer BIN: {bin}\nSent to: {em}{neg}",
        dict(
            pn=PER(p.caps() if R.random() < 0.4 else p.fi()),
            iin=IIN(p),
            dob=DOB(p, "en"),
            d1=OD("en"),
            d2=OD("en"),
            a1=amount("KZT"),
            a2=amount("KZT"),
            bin=BIN(),
            em=EM(p),
            neg=opt("en"),
        ),
    )


@T("en", "pension_statement")
def _():
    p = Person("en")
    return (
        "Notice: a contribution of {amt} was credited to your pension account. Holder {pn}, IIN {iin}. To request a lump-sum "
        "payment, give your account {iban}. If this isn't you, call {ph}.{neg}",
        dict(amt=amount("KZT"), pn=PER(p.short()), iin=IIN(p), iban=IBAN(), ph=MOB(), neg=opt("en")),
    )


@T("en", "social_media_comment")
def _():
    a = Person("en")
    b = Person("en")
    return (
        "{an}: found a passport at the bus stop near {addr}, surname {bsur}, number {pas}. DM me or call {ph}\n"
        "  ↳ {bn}: omg thank you!! it's my brother's, coming now{neg}",
        dict(
            an=PER(a.fi().lower() if R.random() < 0.5 else a.fi()),
            addr=named("en"),
            bsur=PER(b.last.upper()),
            pas=PAS(),
            ph=MOB(),
            bn=PER(b.first.lower()),
            neg=opt("en", 0.5),
        ),
    )


@T("en", "social_media_comment")
def _():
    b = Person("en")
    return (
        "avoid this company!!! their manager {bn} took a {amt} prepayment and vanished. number {ph}, email {em}. "
        "scammer, send my money back to {card} 😡 if anyone sees {bn2} let me know",
        dict(bn=PER(b.fi()), amt=amount("KZT"), ph=MOB(), em=EM(b), card=CARD(), bn2=PER(b.first.lower())),
    )


@T("en", "mobile_callcentre")
def _():
    p = Person("en")
    op = Person("en")
    return (
        "Agent: Thank you for calling, my name is {on}, how can I help?\nCaller: Hi, mobile data isn't working on {ph}.\n"
        "Agent: Could you confirm the account holder's full name and IIN?\nCaller: {pn}, IIN {iin}.\n"
        "Agent: Thanks. You're on the Unlimited {tv} plan, balance {amt}. Please restart the phone; settings sent by SMS.{neg}",
        dict(
            on=PER(op.first),
            ph=MOB(),
            pn=PER(p.fi()),
            iin=IIN(p),
            tv=C(str(R.randint(3, 50)) + " GB"),
            amt=amount("KZT"),
            neg=opt("en"),
        ),
    )


@T("en", "mobile_callcentre")
def _():
    p = Person("en")
    return (
        "[call {id}] customer wants to port {ph} to another operator. holder: {pn}, ID card {idc}, date of birth {dob}. "
        "backup number {ph2}. payment by card {card}. agent: {opn} (shift {t}).",
        dict(
            id=order_no(10),
            ph=MOB(),
            pn=PER(p.fi().lower()),
            idc=IDC(),
            dob=DOB(p, "en"),
            ph2=FPH(),
            card=CARD(),
            opn=PER(R.choice(["Zhanar", "Alina", "Yerzhan", "Kevin"])),
            t=timev(),
        ),
    )


# ================================================================ main + self-checks
import ipaddress

EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}$")


def check_span(text, sp):
    v = text[sp["start"] : sp["end"]]
    e = sp["entity"]
    assert v == v.strip() and v, (e, v)
    if e == "KZ_IIN":
        assert kz_valid(v) and v[6] in "123456", v
        if kz_iin_validator is not None:
            assert kz_iin_validator.safe_validate_iin(v)[0] is not None, v
    elif e == "KZ_BIN":
        assert kz_valid(v) and v[4] in "456" and v[5] in "0123" and 1 <= int(v[2:4]) <= 12, v
    elif e == "IBAN_CODE":
        c = v.replace(" ", "")
        assert len(c) == IBAN_LEN[c[:2]] and iban_ok(c), v
        if c[:2] == "KZ":
            assert c[4:7].isdigit()
    elif e == "CREDIT_CARD":
        c = re.sub(r"[ -]", "", v)
        assert c.isdigit() and 13 <= len(c) <= 19 and luhn_ok(c), v
    elif e == "PHONE_NUMBER":
        assert re.match(r"^[+(\d]", v) and v[-1].isdigit(), v
        if phonenumbers is not None:
            region = "KZ" if not v.startswith("+") or v.startswith("+7") else None
            n = phonenumbers.parse(v, region)
            if v.startswith("+7"):  # +7 7xx -> KZ, +7 other -> RU
                assert phonenumbers.is_valid_number(n), v
            assert phonenumbers.is_valid_number(n), v
    elif e == "EMAIL_ADDRESS":
        assert EMAIL_RE.match(v), v
    elif e == "IP_ADDRESS":
        ipaddress.ip_address(v)
    elif e == "KZ_PASSPORT":
        assert re.fullmatch(r"N\d{8}", v), v
    elif e == "KZ_ID_CARD":
        assert re.fullmatch(r"\d{9}", v), v
    elif e == "DATE_OF_BIRTH":
        assert re.search(r"\d{4}", v), v
    elif e == "PERSON":
        assert not re.search(r"\d", v), v
    else:
        raise AssertionError(e)


def check_leaks(text, spans):
    """Unlabelled text must not contain a valid identifier of a labelled type."""
    cover = set()
    for sp in spans:
        cover.update(range(sp["start"], sp["end"]))
    for m in re.finditer(r"(?<!\d)\d{12}(?!\d)", text):
        if m.start() not in cover:
            assert not kz_valid(m.group()), ("leak12", m.group(), text)
    for m in re.finditer(r"(?<![\d*])\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}(?!\d)", text):
        if m.start() not in cover:
            assert not luhn_ok(re.sub(r"\D", "", m.group())), ("leakcard", m.group())
    for m in re.finditer(r"\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b", text):
        if m.start() not in cover and m.group()[:2] in IBAN_LEN:
            assert not (len(m.group()) == IBAN_LEN[m.group()[:2]] and iban_ok(m.group())), (
                "leakiban",
                m.group(),
            )
    for m in re.finditer(r"\bN\d{8}\b", text):
        assert m.start() in cover, ("passport unlabelled", m.group())


def main():
    global HN
    recs = []
    seen = set()
    for lang in ("ru", "kk", "en"):
        tpls = TEMPLATES[lang]
        order = []
        while len(order) < TARGET[lang]:
            block = list(range(len(tpls)))
            R.shuffle(block)
            order += block
        order = order[: TARGET[lang]]
        for i, ti in enumerate(order, 1):
            genre, f = tpls[ti]
            HN = R.random() < HN_P
            for _attempt in range(20):
                tpl, slots = f()
                text, spans, negs = render(tpl, slots)
                if HN and negs == 0:  # template had no hard negative this time: append one sentence
                    extra, _, n2 = render("{x}", {"x": opt(lang, 1.0)})
                    text += ("\n" + extra.strip()) if "\n" in text else extra
                    negs += n2
                assert (negs > 0) == HN, (HN, negs, text)
                if text not in seen:
                    break
            seen.add(text)
            spans.sort(key=lambda s: s["start"])
            for a, b in zip(spans, spans[1:]):
                assert a["end"] <= b["start"], ("overlap", a, b)
            for sp in spans:
                check_span(text, sp)
            check_leaks(text, spans)
            recs.append(
                {
                    "id": f"{lang}-{i:04d}",
                    "lang": lang,
                    "genre": genre,
                    "template": f"{genre}#{[g for g, _ in tpls].index(genre) and 0 or 0}",
                    "text": text,
                    "spans": spans,
                    "_neg": negs,
                    "_tpl": ti,
                }
            )
    # template id = index among the language's templates of that genre
    for r in recs:
        tpls = TEMPLATES[r["lang"]]
        g = r["genre"]
        r["template"] = f"{g}#{[k for k, (gg, _) in enumerate(tpls) if gg == g].index(r.pop('_tpl')) + 1}"
    with open(OUT, "w", encoding="utf-8") as fh:
        for r in recs:
            out = {k: r[k] for k in ("id", "lang", "genre", "text", "spans")}
            out["template"] = r["template"]
            out["hard_negatives"] = r["_neg"] > 0
            fh.write(json.dumps(out, ensure_ascii=False) + "\n")
    # report
    from collections import Counter

    langs = Counter(r["lang"] for r in recs)
    ents = {l: Counter() for l in langs}
    for r in recs:
        for sp in r["spans"]:
            ents[r["lang"]][sp["entity"]] += 1
    allent = sorted({e for c in ents.values() for e in c})
    print(f"records {len(recs)}  " + "  ".join(f"{l}={langs[l]}" for l in ("ru", "kk", "en")))
    print(f"{'entity':15s} {'ru':>5s} {'kk':>5s} {'en':>5s} {'all':>5s}")
    for e in allent:
        row = [ents[l][e] for l in ("ru", "kk", "en")]
        print(f"{e:15s} " + " ".join(f"{x:5d}" for x in row) + f" {sum(row):5d}")
    tot = [sum(ents[l].values()) for l in ("ru", "kk", "en")]
    print(f"{'total spans':15s} " + " ".join(f"{x:5d}" for x in tot) + f" {sum(tot):5d}")
    nn = Counter(r["lang"] for r in recs if r["_neg"] > 0)
    print(
        "records with hard negatives: "
        + "  ".join(f"{l}={nn[l]}/{langs[l]}" for l in ("ru", "kk", "en"))
        + f"  all={sum(nn.values())}/{len(recs)}"
    )
    print("genres:", dict(sorted(Counter(r["genre"] for r in recs).items())))
    print(
        "oracles:", "phonenumbers" if phonenumbers else "-", "kz_iin_validator" if kz_iin_validator else "-"
    )


if __name__ == "__main__":
    main()
