# ruff: noqa: E501, E731, E741, N806, PLW2901  # template tables: long literal lines and short local names
#!/usr/bin/env python3
"""Held-out evaluation set for the personal-data scanner (independent of the scanner's own code/tests).

Writes independent.jsonl next to this script. Standard library only; kz-iin-validator (if importable) is
used as an oracle in the self-check at the end.

Texts are built by concatenating pieces; every labelled piece records its own offsets, and the
script asserts text[start:end] == piece for every span. Templates use two mini-syntaxes:
  <<slot/arg/arg@N>>  a generated value (N = which person of the record, default 1)
  [[a|b|c]]           a literal alternative
A template starting with "LC|" is informal chat: person names are lower-cased half of the time.
"""

import datetime as dt
import json
import os
import random
import re
import sys
from collections import Counter

SEED = 20241127
R = random.Random(SEED)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "independent.jsonl")
TARGET = {"ru": 220, "kk": 200, "en": 180}
GENRES = [
    "bank",
    "hr",
    "support",
    "police",
    "medical",
    "delivery",
    "signature",
    "gov",
    "rental",
    "edu",
    "log",
    "sms",
]

# ----------------------------------------------------------------------------- validators

W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]


def kz_check_digit(body11):
    """Return (check digit, pass) for an 11-digit body, or (None, None) if no valid check digit."""
    d = [int(c) for c in body11]
    r = sum(x * w for x, w in zip(d, W1, strict=False)) % 11
    if r != 10:
        return r, 1
    r = sum(x * w for x, w in zip(d, W2, strict=False)) % 11
    if r != 10:
        return r, 2
    return None, None


def kz_valid(num12):
    if not re.fullmatch(r"\d{12}", num12):
        return False
    c, _ = kz_check_digit(num12[:11])
    return c is not None and c == int(num12[11])


def luhn_ok(s):
    digits = [int(c) for c in s if c.isdigit()]
    tot = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_complete(prefix_body):
    for c in "0123456789":
        if luhn_ok(prefix_body + c):
            return prefix_body + c
    raise AssertionError


def iban_mod(s):
    s = s.replace(" ", "")
    re_ = s[4:] + s[:4]
    num = "".join(str(int(ch, 36)) for ch in re_)
    return int(num) % 97


IBAN_LEN = {"KZ": 20, "DE": 22, "GB": 22, "FR": 27, "TR": 26}


def iban_ok(s):
    s = s.replace(" ", "")
    return len(s) == IBAN_LEN.get(s[:2], -1) and iban_mod(s) == 1


def make_iban(cc, bban):
    tmp = bban + cc + "00"
    num = "".join(str(int(ch, 36)) for ch in tmp)
    chk = 98 - int(num) % 97
    return f"{cc}{chk:02d}{bban}"


# ----------------------------------------------------------------------------- name data

KZ_M = [
    "Асқар",
    "Ерлан",
    "Нұрлан",
    "Дәулет",
    "Бауыржан",
    "Ержан",
    "Қайрат",
    "Серік",
    "Мұрат",
    "Жандос",
    "Арман",
    "Ғалым",
    "Төлеген",
    "Әділет",
    "Данияр",
    "Еркебұлан",
    "Нұрсұлтан",
    "Бекзат",
    "Ақжол",
    "Олжас",
    "Темірлан",
    "Саят",
    "Мейірхан",
    "Рүстем",
    "Азамат",
    "Дархан",
    "Жасұлан",
    "Мағжан",
    "Ілияс",
    "Ербол",
    "Қанат",
    "Болат",
    "Айдос",
    "Нұржан",
    "Талғат",
    "Бақыт",
    "Ерсін",
    "Шыңғыс",
    "Әлібек",
    "Жәнібек",
    "Санжар",
    "Алмас",
    "Мақсат",
    "Бекнұр",
    "Нұрболат",
    "Әсет",
    "Тимур",
    "Ерғали",
    "Самат",
    "Руслан",
    "Марат",
]
KZ_F = [
    "Айгерім",
    "Әсел",
    "Гүлнара",
    "Жансая",
    "Динара",
    "Мөлдір",
    "Ақмарал",
    "Аружан",
    "Гүлжан",
    "Сәуле",
    "Назерке",
    "Балжан",
    "Ләззат",
    "Жұлдыз",
    "Айжан",
    "Томирис",
    "Салтанат",
    "Қарлығаш",
    "Әйгерім",
    "Інжу",
    "Маржан",
    "Мәдина",
    "Шынар",
    "Күләш",
    "Ұлжан",
    "Меруерт",
    "Дана",
    "Аида",
    "Ботагөз",
    "Перизат",
    "Айнұр",
    "Гүлмира",
    "Әсем",
    "Камила",
    "Зарина",
    "Алия",
    "Ақбота",
    "Данагүл",
    "Жазира",
    "Ардақ",
    "Тоғжан",
    "Нұрсұлу",
    "Сабина",
    "Гаухар",
    "Дильназ",
    "Ақерке",
]
KZ_LAST = [
    "Нұрланов",
    "Жұмабаев",
    "Төлеуов",
    "Ахметов",
    "Қасымов",
    "Омаров",
    "Сәрсенбаев",
    "Байжанов",
    "Мұхамеджанов",
    "Есенов",
    "Ибраев",
    "Оспанов",
    "Жақсылықов",
    "Құдайбергенов",
    "Смағұлов",
    "Исаев",
    "Бекмұхамбетов",
    "Ермеков",
    "Кенжебаев",
    "Әлиев",
    "Нұрпейісов",
    "Серікбаев",
    "Әбдірахманов",
    "Сейітов",
    "Тұрсынов",
    "Мамыров",
    "Бекетов",
    "Қожахметов",
    "Жексенбаев",
    "Досмағамбетов",
    "Ержанов",
    "Құрманов",
    "Оразбаев",
    "Сұлтанов",
    "Тілеубаев",
    "Шәріпов",
    "Айтмұхамбетов",
    "Бейсенов",
    "Қалиев",
    "Мұқанов",
    "Сапаров",
    "Жанаев",
    "Өтепов",
    "Үсенов",
    "Ысқақов",
    "Бақытжанов",
    "Әбенов",
    "Қуанышев",
    "Темірбеков",
    "Рахымжанов",
    "Мусин",
    "Жұматаев",
]
KZ_LAST_BARE = ["Сейтқали", "Бекболат", "Жақсылық", "Тәжібай", "Әлмұхан", "Нұрғали", "Қожа"]

RU_M = [
    "Александр",
    "Сергей",
    "Дмитрий",
    "Андрей",
    "Алексей",
    "Игорь",
    "Владимир",
    "Евгений",
    "Николай",
    "Михаил",
    "Павел",
    "Олег",
    "Виктор",
    "Юрий",
    "Максим",
    "Артём",
    "Денис",
    "Константин",
    "Роман",
    "Вадим",
    "Станислав",
    "Геннадий",
    "Антон",
    "Никита",
    "Кирилл",
    "Степан",
    "Фёдор",
    "Григорий",
    "Борис",
    "Валерий",
]
RU_F = [
    "Елена",
    "Ольга",
    "Наталья",
    "Ирина",
    "Татьяна",
    "Светлана",
    "Анна",
    "Мария",
    "Екатерина",
    "Юлия",
    "Анастасия",
    "Марина",
    "Людмила",
    "Галина",
    "Оксана",
    "Виктория",
    "Дарья",
    "Ксения",
    "Алёна",
    "Вера",
    "Надежда",
    "Валентина",
    "Кристина",
    "Полина",
    "Яна",
    "Евгения",
]
RU_PATR = [
    ("Александрович", "Александровна"),
    ("Сергеевич", "Сергеевна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Андреевич", "Андреевна"),
    ("Алексеевич", "Алексеевна"),
    ("Игоревич", "Игоревна"),
    ("Владимирович", "Владимировна"),
    ("Евгеньевич", "Евгеньевна"),
    ("Николаевич", "Николаевна"),
    ("Михайлович", "Михайловна"),
    ("Павлович", "Павловна"),
    ("Олегович", "Олеговна"),
    ("Викторович", "Викторовна"),
    ("Юрьевич", "Юрьевна"),
    ("Петрович", "Петровна"),
    ("Васильевич", "Васильевна"),
    ("Геннадьевич", "Геннадьевна"),
    ("Анатольевич", "Анатольевна"),
    ("Валерьевич", "Валерьевна"),
    ("Иванович", "Ивановна"),
    ("Борисович", "Борисовна"),
]
RU_LAST = [
    "Иванов",
    "Петров",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Соколов",
    "Лебедев",
    "Козлов",
    "Новиков",
    "Морозов",
    "Волков",
    "Соловьёв",
    "Васильев",
    "Зайцев",
    "Павлов",
    "Семёнов",
    "Голубев",
    "Виноградов",
    "Богданов",
    "Воробьёв",
    "Фёдоров",
    "Михайлов",
    "Беляев",
    "Тарасов",
    "Белов",
    "Комаров",
    "Орлов",
    "Киселёв",
    "Макаров",
    "Андреев",
    "Ковалёв",
    "Ильин",
    "Гусев",
    "Титов",
    "Кузьмин",
    "Кудрявцев",
    "Баранов",
    "Куликов",
    "Алексеев",
    "Степанов",
    "Яковлев",
    "Сорокин",
    "Сергеев",
    "Романов",
    "Захаров",
    "Борисов",
    "Королёв",
    "Герасимов",
    "Пономарёв",
    "Григорьев",
    "Лазарев",
    "Медведев",
    "Ершов",
    "Никитин",
    "Соболев",
    "Рябов",
    "Поляков",
    "Цветков",
    "Данилов",
    "Жуков",
    "Фролов",
    "Журавлёв",
    "Николаев",
    "Крылов",
    "Максимов",
    "Сидоров",
    "Осипов",
    "Белоусов",
    "Федотов",
    "Егоров",
    "Матвеев",
    "Бобров",
    "Дмитриев",
    "Калинин",
    "Антонов",
    "Тимофеев",
    "Филиппов",
    "Марков",
    "Миронов",
    "Коновалов",
    "Шестаков",
    "Казаков",
    "Ефимов",
    "Денисов",
    "Громов",
    "Фомин",
    "Давыдов",
    "Мельников",
    "Щербаков",
    "Колесников",
    "Чернявский",
    "Ковальский",
    "Высоцкий",
    "Гладких",
]
UA_LAST = [
    "Шевченко",
    "Коваленко",
    "Бондаренко",
    "Ткаченко",
    "Кравченко",
    "Олейник",
    "Мельник",
    "Кравчук",
    "Савчук",
    "Полищук",
    "Литвиненко",
    "Гончаренко",
    "Бойко",
    "Романюк",
    "Петренко",
]
KO_LAST = ["Ким", "Пак", "Цой", "Ли", "Тен", "Хан", "Нам", "Шин", "Югай", "Тян", "Огай", "Хегай"]
DE_LAST = ["Шмидт", "Вагнер", "Миллер", "Шульц", "Майер", "Фризен", "Классен"]
TT_M = ["Рустам", "Ильдар", "Ринат", "Айрат", "Рамиль", "Наиль", "Тагир", "Ильшат"]
TT_F = ["Гульнара", "Альфия", "Алсу", "Лилия", "Эльмира", "Гузель", "Резеда", "Венера"]
TT_LAST = [
    "Галиев",
    "Хайруллин",
    "Гарифуллин",
    "Зарипов",
    "Сафин",
    "Набиуллин",
    "Хабибуллин",
    "Гилязов",
    "Мухаметшин",
    "Шарипов",
    "Валиев",
]
UZ_M = ["Шерзод", "Алишер", "Бахтиёр", "Отабек", "Жахонгир", "Улугбек", "Фаррух", "Азиз", "Санжар", "Бобур"]
UZ_F = ["Нигора", "Дилноза", "Шахноза", "Гулнора", "Зулфия", "Феруза", "Мохира", "Севара"]
UZ_LAST = [
    "Рахимов",
    "Юсупов",
    "Каримов",
    "Ташпулатов",
    "Абдуллаев",
    "Усманов",
    "Мирзаев",
    "Хасанов",
    "Исмоилов",
    "Эргашев",
    "Назаров",
    "Турсунов",
]
UG_M = ["Дильшат", "Алим", "Ильхам", "Азат", "Ислам", "Ахмет", "Абдулла", "Мурат"]
UG_F = ["Гулнур", "Рейхан", "Мадина", "Дильназ", "Мухаббат", "Айгуль", "Зухра", "Патигуль"]
UG_LAST = [
    "Исмаилов",
    "Розахунов",
    "Кадыров",
    "Мамутов",
    "Нурахунов",
    "Юлдашев",
    "Хамраев",
    "Момунов",
    "Сабитов",
    "Тохтаров",
]

EN_M = [
    "James",
    "John",
    "Michael",
    "David",
    "Daniel",
    "Thomas",
    "Robert",
    "William",
    "Oliver",
    "Jack",
    "Harry",
    "George",
    "Ethan",
    "Ryan",
    "Kevin",
    "Brian",
    "Patrick",
    "Mark",
    "Andrew",
    "Christopher",
    "Samuel",
    "Benjamin",
    "Matthew",
    "Nathan",
]
EN_F = [
    "Emily",
    "Sarah",
    "Jessica",
    "Olivia",
    "Emma",
    "Sophie",
    "Charlotte",
    "Hannah",
    "Laura",
    "Rachel",
    "Megan",
    "Amy",
    "Lucy",
    "Grace",
    "Katherine",
    "Rebecca",
    "Amanda",
    "Victoria",
    "Natalie",
    "Chloe",
    "Abigail",
    "Eleanor",
]
EN_LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Taylor",
    "Anderson",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "Thompson",
    "White",
    "Harris",
    "Clarke",
    "Lewis",
    "Walker",
    "Hall",
    "Young",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Carter",
    "Mitchell",
    "Turner",
    "Phillips",
    "Campbell",
    "Parker",
    "Evans",
    "Edwards",
    "Collins",
    "Stewart",
    "Morris",
    "Murphy",
    "O'Brien",
    "O'Connor",
    "McAllister",
    "Fitzgerald",
    "Hughes",
    "Bennett",
    "Gallagher",
]
FOREIGN = [  # (first, last, sex, origin)
    ("Mehmet", "Yılmaz", "m", "tr"),
    ("Ayşe", "Demir", "f", "tr"),
    ("Mustafa", "Kaya", "m", "tr"),
    ("Elif", "Şahin", "f", "tr"),
    ("Emre", "Çelik", "m", "tr"),
    ("Zeynep", "Arslan", "f", "tr"),
    ("Klaus", "Müller", "m", "de"),
    ("Anna", "Schneider", "f", "de"),
    ("Lukas", "Fischer", "m", "de"),
    ("Julia", "Weber", "f", "de"),
    ("Wang", "Wei", "m", "cn"),
    ("Li", "Na", "f", "cn"),
    ("Zhang", "Hao", "m", "cn"),
    ("Liu", "Yang", "f", "cn"),
    ("Chen", "Jing", "f", "cn"),
    ("Priya", "Sharma", "f", "in"),
    ("Rahul", "Gupta", "m", "in"),
    ("Anil", "Kumar", "m", "in"),
    ("Deepa", "Nair", "f", "in"),
    ("Min-jun", "Kim", "m", "kr"),
    ("Ji-yeon", "Park", "f", "kr"),
    ("Seung-ho", "Lee", "m", "kr"),
    ("Pierre", "Dubois", "m", "fr"),
    ("Camille", "Laurent", "f", "fr"),
    ("Antoine", "Moreau", "m", "fr"),
    ("Carlos", "García", "m", "es"),
    ("María", "López", "f", "es"),
    ("Javier", "Fernández", "m", "es"),
    ("Marco", "Rossi", "m", "it"),
    ("Giulia", "Bianchi", "f", "it"),
    ("Ahmed", "Hassan", "m", "ar"),
    ("Fatima", "Al-Sayed", "f", "ar"),
    ("Sherzod", "Rakhimov", "m", "uz"),
    ("Dilnoza", "Yusupova", "f", "uz"),
    ("Aibek", "Toktogulov", "m", "kg"),
    ("Nurzhan", "Asanova", "f", "kg"),
]
FAMILY_FIRST = {"cn"}  # Chinese: surname is written first ("Wang Wei"); only full form is used

TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "yo",
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
KK2RU = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")


def translit(word):
    out = []
    low = word.lower()
    for i, ch in enumerate(low):
        t = TRANSLIT.get(ch, ch)
        if ch == "е" and (i == 0 or low[i - 1] in "аеёиоуыэюяәөұүіьъ- "):
            t = "ye"
        if ch == "ий"[0] and low[i : i + 2] == "ий" and i + 2 == len(low):
            t = "i"
        out.append(t)
    s = "".join(out)
    # capitalise each hyphen part
    return "-".join(p[:1].upper() + p[1:] for p in s.split("-"))


# ----------------------------------------------------------------------------- Russian declension

RU_FIRST_EXC = {"Павел": ("Павла", "Павлу", "Павлом", "Павла")}
HUSH = "жшчщц"


def ru_decl_first(w, sex, case):
    """case: gen, dat, ins, acc. Returns the inflected form (indeclinable names unchanged)."""
    if w in RU_FIRST_EXC:
        return RU_FIRST_EXC[w][["gen", "dat", "ins", "acc"].index(case)]
    last = w[-1]
    if last == "а":
        stem = w[:-1]
        gen = stem + ("и" if stem[-1] in "гкхжшчщ" else "ы")
        return {
            "gen": gen,
            "dat": stem + "е",
            "ins": stem + ("ей" if stem[-1] in HUSH else "ой"),
            "acc": stem + "у",
        }[case]
    if last == "я":
        stem = w[:-1]
        if stem.endswith("и"):
            return {"gen": stem + "и", "dat": stem + "и", "ins": stem + "ей", "acc": stem + "ю"}[case]
        return {"gen": stem + "и", "dat": stem + "е", "ins": stem + "ей", "acc": stem + "ю"}[case]
    if sex == "f":
        if last == "ь":
            stem = w[:-1]
            return {"gen": stem + "и", "dat": stem + "и", "ins": stem + "ью", "acc": w}[case]
        return w  # Айгерим, Гульнур, Алсу: indeclinable in Russian usage
    # male
    if w.endswith("ий") or last in {"й", "ь"}:
        stem = w[:-1]
        f = {"gen": "я", "dat": "ю", "ins": "ем"}
    elif last in "аеёиоуыэюяәөұүі":
        return w
    else:
        stem = w
        f = {"gen": "а", "dat": "у", "ins": "ем" if last in HUSH else "ом"}
    f["acc"] = f["gen"]
    return stem + f[case]


def ru_decl_last(w, sex, case):
    lw = w.lower()
    if sex == "m":
        if re.search(r"(ов|ев|ёв|ин|ын)$", lw):
            return w + {"gen": "а", "dat": "у", "ins": "ым", "acc": "а"}[case]
        if re.search(r"(ский|цкий)$", lw):
            return w[:-2] + {"gen": "ого", "dat": "ому", "ins": "им", "acc": "ого"}[case]
        if re.search(r"(ых|их|о|е|и|у|ы|улы|ұлы|а|я)$", lw):
            return w
        if lw.endswith("ь"):
            return w[:-1] + {"gen": "я", "dat": "ю", "ins": "ем", "acc": "я"}[case]
        return w + {"gen": "а", "dat": "у", "ins": "ем" if lw[-1] in HUSH else "ом", "acc": "а"}[case]
    if re.search(r"(ова|ева|ёва|ина|ына)$", lw):
        return w[:-1] + {"gen": "ой", "dat": "ой", "ins": "ой", "acc": "у"}[case]
    if lw.endswith("ская") or lw.endswith("цкая"):
        return w[:-2] + {"gen": "ой", "dat": "ой", "ins": "ой", "acc": "ую"}[case]
    return w


def ru_decl_patr(w, sex, case):
    lw = w.lower()
    if lw.endswith("ич"):
        return w + {"gen": "а", "dat": "у", "ins": "ем", "acc": "а"}[case]
    if lw.endswith("на"):
        return w[:-1] + {"gen": "ы", "dat": "е", "ins": "ой", "acc": "у"}[case]
    return w  # -улы / -кызы


# ----------------------------------------------------------------------------- Kazakh case suffixes

KK_BACK = set("аоұыуяёю")
KK_FRONT = set("әеөүіиэ")
KK_VOW = KK_BACK | KK_FRONT


def kk_suffix(word, case):
    lw = word.lower()
    if re.search(r"(ұлы|қызы|улы|кызы)$", lw):  # possessive-like ending: pronominal -н-
        back = lw.endswith("ұлы") or lw.endswith("улы") or lw.endswith("кызы") or lw.endswith("қызы")
        # ұлы / қызы / кызы are back-vowel words
        return word + {"dat": "на", "gen": "ның", "acc": "н", "abl": "нан", "ins": "мен"}[case]
    base = re.sub(r"(ев|ёв|ева|ёва)$", "", lw)  # Тоқаевқа, Серікбаевқа: harmony from the stem
    vow = [c for c in base if c in KK_VOW]
    back = (vow[-1] in KK_BACK) if vow else True
    if lw.endswith("ь"):  # Игорьге, Гузельге: a final soft sign takes front suffixes
        back = False
    ch = lw.rstrip("ь")[-1]
    if ch in KK_VOW:
        cls = "V"
    elif ch in "йрлу":
        cls = "S"
    elif ch in "мнң":
        cls = "N"
    elif ch in "зж":
        cls = "Z"
    else:
        cls = "T"
    table = {
        "dat": {
            "V": ("ға", "ге"),
            "S": ("ға", "ге"),
            "N": ("ға", "ге"),
            "Z": ("ға", "ге"),
            "T": ("қа", "ке"),
        },
        "gen": {
            "V": ("ның", "нің"),
            "N": ("ның", "нің"),
            "S": ("дың", "дің"),
            "Z": ("дың", "дің"),
            "T": ("тың", "тің"),
        },
        "acc": {
            "V": ("ны", "ні"),
            "N": ("ды", "ді"),
            "S": ("ды", "ді"),
            "Z": ("ды", "ді"),
            "T": ("ты", "ті"),
        },
        "abl": {
            "V": ("дан", "ден"),
            "S": ("дан", "ден"),
            "Z": ("дан", "ден"),
            "N": ("нан", "нен"),
            "T": ("тан", "тен"),
        },
        "ins": {
            "V": ("мен", "мен"),
            "S": ("мен", "мен"),
            "N": ("бен", "бен"),
            "Z": ("бен", "бен"),
            "T": ("пен", "пен"),
        },
    }
    suf = table[case][cls][0 if back else 1]
    return word + suf


# ----------------------------------------------------------------------------- people


def rand_date(y0, y1):
    start = dt.date(y0, 1, 1).toordinal()
    end = dt.date(y1, 12, 31).toordinal()
    return dt.date.fromordinal(R.randint(start, end))


class Person:
    def __init__(self, lang, genre, idx, need_kz=False, dob_range=None):
        self.lang = lang
        self.sex = R.choice("mf")
        if lang == "en" and not need_kz:
            eth = R.choices(["kz", "ru", "en", "foreign"], [35, 10, 30, 25])[0]
        elif lang == "ru":
            eth = R.choices(["kz", "ru", "ua", "ko", "tt", "uz", "ug", "de"], [45, 30, 5, 6, 5, 4, 3, 2])[0]
        elif lang == "kk":
            eth = R.choices(["kz", "ru", "ko", "tt", "uz", "ug"], [76, 10, 4, 4, 3, 3])[0]
        else:
            eth = R.choices(["kz", "ru", "ko", "tt"], [70, 20, 5, 5])[0]
        self.eth = eth
        self.kz_resident = eth not in ("en", "foreign")
        young = genre == "edu" and idx == 1
        self.dob = (
            rand_date(*dob_range) if dob_range else rand_date(1999, 2007) if young else rand_date(1948, 2003)
        )
        self._iin = None
        self._phone = None
        self._email = None
        self.patr_kk = self.patr_ru = ""
        s = self.sex
        if eth == "kz":
            first = R.choice(KZ_M if s == "m" else KZ_F)
            father = R.choice([x for x in KZ_M if x[-1] not in KK_VOW])
            style = R.random()
            if style < 0.8:
                last = R.choice(KZ_LAST) + ("" if s == "m" else "а")
            elif style < 0.9:
                last = R.choice(KZ_LAST_BARE)
            else:
                grand = R.choice([x for x in KZ_M if x[-1] not in KK_VOW and x != father])
                last = grand + ("ұлы" if s == "m" else "қызы")
            self.first_kk, self.last_kk = first, last
            self.patr_kk = father + ("ұлы" if s == "m" else "қызы")
            self.first_ru = first.translate(KK2RU)
            self.last_ru = last.translate(KK2RU)
            fr = father.translate(KK2RU)
            ps = R.random()
            if ps < 0.65:
                self.patr_ru = fr + ("ович" if s == "m" else "овна")
            elif ps < 0.9:
                self.patr_ru = fr + ("улы" if s == "m" else "кызы")
            else:
                self.patr_ru = ""
            self.spell_ru_kk = R.random() < 0.2  # some Russian texts keep Kazakh letters
        elif eth == "foreign":
            f, l, sx, origin = R.choice(FOREIGN)
            self.sex = s = sx
            self.first_en, self.last_en, self.origin = f, l, origin
            self.first_kk = self.first_ru = f
            self.last_kk = self.last_ru = l
        elif eth == "en":
            self.first_en = R.choice(EN_M if s == "m" else EN_F)
            self.last_en = R.choice(EN_LAST)
            self.middle_en = R.choice("ABCDEJLMPRST") if R.random() < 0.3 else ""
            self.first_kk = self.first_ru = self.first_en
            self.last_kk = self.last_ru = self.last_en
        else:
            if eth in ("ru", "ua", "ko", "de"):
                first = R.choice(RU_M if s == "m" else RU_F)
                pm, pf = R.choice(RU_PATR)
                patr = pm if s == "m" else pf
                if eth == "ru":
                    last = R.choice(RU_LAST)
                    if s == "f":
                        if last.endswith("ий"):
                            last = last[:-2] + "ая"
                        elif not last.endswith("их"):
                            last = last + "а"
                else:
                    last = R.choice({"ua": UA_LAST, "ko": KO_LAST, "de": DE_LAST}[eth])
            else:
                mp = {"tt": (TT_M, TT_F, TT_LAST), "uz": (UZ_M, UZ_F, UZ_LAST), "ug": (UG_M, UG_F, UG_LAST)}[
                    eth
                ]
                first = R.choice(mp[0] if s == "m" else mp[1])
                last = R.choice(mp[2]) + ("" if s == "m" else "а")
                father = R.choice([x for x in mp[0] if x[-1] not in "аеиоуяю"])
                patr = father + ("ович" if s == "m" else "овна")
            self.first_kk = self.first_ru = first
            self.last_kk = self.last_ru = last
            self.patr_kk = self.patr_ru = patr
            self.spell_ru_kk = False
        if eth not in ("foreign", "en"):
            self.first_en = translit(self.first_ru)
            self.last_en = translit(self.last_ru)
            self.patr_en = translit(self.patr_ru) if self.patr_ru else ""
            self.middle_en = ""

    # -- identifiers bound to the person
    def iin(self):
        if self._iin is None:
            self._iin = gen_iin(self.dob, self.sex)
        return self._iin

    def phone(self):
        if self._phone is None:
            self._phone = gen_kz_mobile_digits()
        return self._phone

    def email(self):
        if self._email is None:
            f = self.first_en.lower().replace("'", "").replace("-", "")
            l = self.last_en.lower().replace("'", "").replace("-", "").replace(" ", "")
            f = strip_accents(f)
            l = strip_accents(l)
            yy = f"{self.dob.year % 100:02d}"
            local = R.choice(
                [
                    f"{f}.{l}",
                    f"{f[0]}.{l}",
                    f"{l}.{f[0]}",
                    f"{f}{yy}",
                    f"{l}_{f}",
                    f"{f}.{l}{yy}",
                    f"{f}{l[0]}{R.randint(1, 999)}",
                    f"{l}{f[0]}",
                    f"{f}_{l}",
                ]
            )
            dom = R.choice(
                [
                    "gmail.com",
                    "mail.ru",
                    "inbox.ru",
                    "bk.ru",
                    "list.ru",
                    "yandex.kz",
                    "yandex.ru",
                    "outlook.com",
                    "icloud.com",
                    "mail.kz",
                    "yahoo.com",
                    "gmail.com",
                    "mail.ru",
                ]
            )
            self._email = f"{local}@{dom}"
        return self._email

    # -- names
    def parts(self, lang):
        """(first, last, patr) in the script used for lang."""
        if lang == "en":
            return self.first_en, self.last_en, getattr(self, "patr_en", "")
        if self.eth == "kz":
            if lang == "kk" or self.spell_ru_kk:
                if lang == "kk":
                    return self.first_kk, self.last_kk, self.patr_kk
                patr = self.patr_kk if self.patr_ru.endswith(("улы", "кызы")) else self.patr_ru
                return self.first_kk, self.last_kk, patr
            return self.first_ru, self.last_ru, self.patr_ru
        if self.eth in ("foreign", "en"):
            return self.first_en, self.last_en, ""
        return self.first_ru, self.last_ru, self.patr_ru

    def name(self, lang, fmt, case=None):
        first, last, patr = self.parts(lang)
        if self.eth == "foreign" and self.origin in FAMILY_FIRST and fmt not in ("first",):
            fmt = "fl"  # "Wang Wei" as written; no initials
        if self.eth in ("foreign", "en") and lang != "en" and fmt in ("full", "io", "short", "upper"):
            fmt = "fl"
        dec = lambda w, kind: w
        if case and lang == "ru":

            def dec(w, kind):
                return {"f": ru_decl_first, "l": ru_decl_last, "p": ru_decl_patr}[kind](w, self.sex, case)

        ini = lambda w: w[0] + "."
        if fmt == "full":
            if lang == "en":
                if self.eth in ("en",):
                    return f"{first} {self.middle_en + '. ' if self.middle_en else ''}{last}"
                if self.eth == "foreign":
                    return f"{first} {last}"
                if patr and R.random() < 0.5:
                    return f"{last.upper() if R.random() < 0.4 else last} {first} {patr}"
                return f"{first} {last}"
            words = [(last, "l"), (first, "f")] + ([(patr, "p")] if patr else [])
        elif fmt == "fl":
            words = [(first, "f"), (last, "l")]
            if lang == "en" and self.eth == "en" and self.middle_en and R.random() < 0.5:
                return f"{first} {self.middle_en}. {last}"
        elif fmt == "lf":
            words = [(last, "l"), (first, "f")]
        elif fmt == "first":
            words = [(first, "f")]
        elif fmt == "last":
            words = [(last, "l")]
        elif fmt == "io":
            words = [(first, "f")] + ([(patr, "p")] if patr else [(last, "l")])
        elif fmt == "fi":
            words = [(first, "f"), (last[0] + ".", "i")]
        elif fmt == "short":
            if lang == "en":
                return f"{first[0]}. {last}"
            inits = ini(first) + (ini(patr) if patr else "")
            if case and lang == "kk":
                words = [(inits, "i"), (last, "l")]
            else:
                style = R.random()
                if style < 0.55:
                    words = [(last, "l"), (inits, "i")]
                elif style < 0.75:
                    words = [(last, "l"), (inits.replace(".", ". ").strip(), "i")]
                else:
                    words = [(inits, "i"), (last, "l")]
        elif fmt == "upper":
            words = [(last, "l"), (first, "f")] + ([(patr, "p")] if patr else [])
            return " ".join(w.upper() for w, _ in words)
        elif fmt == "upper_lat":
            return f"{self.first_en.upper()} {self.last_en.upper()}"
        else:
            raise ValueError(fmt)
        if case and lang == "ru":
            out = [w if k == "i" else dec(w, k) for w, k in words]
            return " ".join(out)
        out = [w for w, _ in words]
        if case and lang == "kk":
            out[-1] = kk_suffix(out[-1], case)
        return " ".join(out)


def strip_accents(s):
    import unicodedata

    s = s.replace("ı", "i").replace("ş", "s").replace("ç", "c").replace("ğ", "g")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


# ----------------------------------------------------------------------------- identifier generators


def gen_iin(dob, sex, force_second_pass=None):
    if force_second_pass is None:
        force_second_pass = R.random() < 0.12
    cent = {18: 1, 19: 3, 20: 5}[dob.year // 100] + (0 if sex == "m" else 1)
    for _ in range(100000):
        body = f"{dob:%y%m%d}{cent}{R.randint(0, 9999):04d}"
        c, p = kz_check_digit(body)
        if c is None:
            continue
        if force_second_pass and p != 2:
            continue
        return body + str(c)
    raise AssertionError


def gen_bin():
    for _ in range(10000):
        yy = R.randint(0, 24) if R.random() < 0.7 else R.randint(95, 99)
        body = f"{yy:02d}{R.randint(1, 12):02d}{R.choices('456', [85, 5, 10])[0]}{R.choices('0123', [80, 12, 5, 3])[0]}{R.randint(0, 99999):05d}"
        c, _ = kz_check_digit(body)
        if c is not None:
            return body + str(c)
    raise AssertionError


def bad_kz(valid):
    """Same body, wrong last digit (never valid)."""
    d = int(valid[-1])
    new = R.choice([x for x in range(10) if x != d])
    out = valid[:-1] + str(new)
    assert not kz_valid(out)
    return out


def bad_iin():
    while True:
        p = Person("ru", "x", 2)
        v = gen_iin(p.dob, p.sex, False)
        b = bad_kz(v)
        return b


KZ_MOB = ["700", "701", "702", "705", "706", "707", "708", "747", "771", "775", "776", "777", "778"]
KZ_LAND = [
    ("727", 7),
    ("7172", 6),
    ("7252", 6),
    ("7212", 6),
    ("7132", 6),
    ("7122", 6),
    ("7182", 6),
    ("7232", 6),
    ("7142", 6),
    ("7262", 6),
    ("7292", 6),
]
RU_MOB = [
    "903",
    "905",
    "906",
    "909",
    "912",
    "916",
    "917",
    "921",
    "925",
    "926",
    "929",
    "951",
    "977",
    "985",
    "999",
]


def gen_kz_mobile_digits():
    return R.choice(KZ_MOB) + str(R.randint(1, 9)) + f"{R.randint(0, 999999):06d}"


def fmt_kz_mobile(d):
    op, a, b, c = d[:3], d[3:6], d[6:8], d[8:10]
    return R.choice(
        [
            f"+7 {op} {a} {b} {c}",
            f"+7 ({op}) {a}-{b}-{c}",
            f"+7{op}{a}{b}{c}",
            f"8{op}{a}{b}{c}",
            f"8 {op} {a} {b}{c}",
            f"8 ({op}) {a}-{b}-{c}",
            f"8-{op}-{a}-{b}-{c}",
            f"+7 {op} {a}{b}{c}",
            f"8{op} {a} {b} {c}",
            f"+7-{op}-{a}-{b}-{c}",
            f"+7 {op} {a} {b} {c}",
            f"8 ({op}) {a} {b} {c}",
            f"+7({op}){a}{b}{c}",
        ]
    )


def gen_kz_land():
    code, n = R.choice(KZ_LAND)
    sub = str(R.randint(2, 3)) + "".join(str(R.randint(0, 9)) for _ in range(n - 1))
    if n == 7:
        g = f"{sub[:3]}-{sub[3:5]}-{sub[5:]}"
        gs = f"{sub[:3]} {sub[3:5]} {sub[5:]}"
    else:
        g = f"{sub[:2]}-{sub[2:4]}-{sub[4:]}"
        gs = f"{sub[:2]} {sub[2:4]} {sub[4:]}"
    return R.choice(
        [
            f"+7 ({code}) {g}",
            f"8 ({code}) {g}",
            f"+7 {code} {gs}",
            f"8 {code} {sub}",
            f"({code}) {g}",
            f"+7{code}{sub}",
            f"8 ({code}) {gs}",
            f"8-{code}-{g}",
        ]
    )


def gen_ru_phone():
    op = R.choice(RU_MOB) if R.random() < 0.7 else R.choice(["495", "499", "812"])
    d = f"{R.randint(100, 999)}{R.randint(0, 99):02d}{R.randint(0, 99):02d}"
    a, b, c = d[:3], d[3:5], d[5:]
    return R.choice(
        [
            f"+7 {op} {a}-{b}-{c}",
            f"+7 ({op}) {a}-{b}-{c}",
            f"8 ({op}) {a}-{b}-{c}",
            f"+7{op}{d}",
            f"8 {op} {a} {b} {c}",
        ]
    )


def gen_int_phone():
    k = R.choice(["uk", "uk_m", "us", "de", "de_m", "tr", "cn", "uz", "kg", "kg_l", "ru"])
    r = lambda n: "".join(str(R.randint(0, 9)) for _ in range(n))
    if k == "uk":
        return R.choice([f"+44 20 7946 0{r(3)}", f"+44 (0)20 7946 0{r(3)}"])
    if k == "uk_m":
        return f"+44 7{R.choice(['400', '507', '824', '960'])} {R.randint(100000, 999999)}"
    if k == "us":
        ac = R.choice(["212", "415", "646", "312", "617", "206"])
        return R.choice([f"+1 ({ac}) 555-01{r(2)}", f"+1 {ac}-555-01{r(2)}", f"+1 {ac} 555 01{r(2)}"])
    if k == "de":
        return R.choice([f"+49 30 {R.randint(2, 9)}{r(7)}", f"+49 89 {R.randint(2, 9)}{r(6)}"])
    if k == "de_m":
        return f"+49 15{R.choice('12')} {r(8)}"
    if k == "tr":
        return R.choice([f"+90 532 {r(3)} {r(2)} {r(2)}", f"+90 212 {R.randint(2, 6)}{r(2)} {r(2)} {r(2)}"])
    if k == "cn":
        return R.choice([f"+86 138 {r(4)} {r(4)}", f"+86 10 {R.randint(5, 8)}{r(3)} {r(4)}"])
    if k == "uz":
        return f"+998 {R.choice(['90', '91', '93', '94', '97', '99'])} {r(3)} {r(2)} {r(2)}"
    if k == "kg":
        return f"+996 {R.choice(['555', '700', '770', '550'])} {r(3)} {r(3)}"
    if k == "kg_l":
        return f"+996 312 {R.randint(3, 6)}{r(2)} {r(3)}"
    return gen_ru_phone()


BANKS = {  # code -> (BIC, ru name, kk name, en name)
    "601": ("HSBKKZKX", "АО «Народный Банк Казахстана»", "«Қазақстан Халық Банкі» АҚ", "Halyk Bank JSC"),
    "722": ("CASPKZKA", "АО «Kaspi Bank»", "«Kaspi Bank» АҚ", "Kaspi Bank JSC"),
    "826": ("KCJBKZKX", "АО «Банк ЦентрКредит»", "«Банк ЦентрКредит» АҚ", "Bank CenterCredit JSC"),
    "965": ("IRTYKZKA", "АО «ForteBank»", "«ForteBank» АҚ", "ForteBank JSC"),
    "998": (
        "TSESKZKA",
        "АО «First Heartland Jusan Bank»",
        "«First Heartland Jusan Bank» АҚ",
        "Jusan Bank JSC",
    ),
    "948": ("EURIKZKA", "АО «Евразийский Банк»", "«Еуразиялық банк» АҚ", "Eurasian Bank JSC"),
}


def gen_kz_iban(code=None):
    code = code or R.choice(list(BANKS))
    k = R.random()
    if k < 0.4:
        body = "KZT" + "".join(str(R.randint(0, 9)) for _ in range(10))
    elif k < 0.55 and code == "722":
        body = "S" + "".join(str(R.randint(0, 9)) for _ in range(12))
    else:
        body = "".join(str(R.randint(0, 9)) for _ in range(13))
    return make_iban("KZ", code + body), code


def group4(s):
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def gen_int_iban():
    cc = R.choice(["DE", "GB", "FR", "TR"])
    dg = lambda n: "".join(str(R.randint(0, 9)) for _ in range(n))
    if cc == "DE":
        bban = R.choice(["37040044", "50010517", "10070000", "20050550"]) + dg(10)
    elif cc == "GB":
        bban = R.choice(["NWBK", "BARC", "HBUK", "LOYD", "MIDL"]) + dg(6) + dg(8)
    elif cc == "FR":
        bank, branch, acct = dg(5), dg(5), dg(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        bban = bank + branch + acct + f"{key:02d}"
    else:
        bban = R.choice(["00010", "00062", "00064", "00046"]) + "0" + dg(16)
    return make_iban(cc, bban)


CARD_PREFIX = [
    ("visa", 16),
    ("mc", 16),
    ("mc2", 16),
    ("mir", 16),
    ("up", 16),
    ("amex", 15),
    ("jcb", 16),
    ("maestro", 16),
]


def gen_card_digits(valid=True):
    kind, n = R.choices(CARD_PREFIX, [40, 18, 6, 8, 6, 6, 5, 4])[0]
    if kind == "visa":
        p = R.choice(["440043", "440563", "400303", "427211", "404932", "4"])
    elif kind == "mc":
        p = str(R.randint(51, 55))
    elif kind == "mc2":
        p = str(R.randint(2221, 2720))
    elif kind == "mir":
        p = str(R.randint(2200, 2204))
    elif kind == "up":
        p = "62" + str(R.randint(0, 9))
    elif kind == "amex":
        p = R.choice(["34", "37"])
    elif kind == "jcb":
        p = str(R.randint(3528, 3589))
    else:
        p = R.choice(["6759", "6761", "6762", "6763"])
    body = p + "".join(str(R.randint(0, 9)) for _ in range(n - 1 - len(p)))
    num = luhn_complete(body)
    if not valid:
        d = int(num[-1])
        num = num[:-1] + str((d + R.randint(1, 9)) % 10)
        assert not luhn_ok(num)
    return num


def fmt_card(num):
    if len(num) == 15:
        return R.choice([f"{num[:4]} {num[4:10]} {num[10:]}", num])
    return R.choices([group4(num), num, "-".join(num[i : i + 4] for i in range(0, 16, 4))], [60, 28, 12])[0]


def gen_ip():
    k = R.random()
    if k < 0.3:
        return f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    if k < 0.5:
        return f"192.168.{R.randint(0, 10)}.{R.randint(1, 254)}"
    if k < 0.6:
        return f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    a = R.choice([185, 95, 2, 37, 5, 89, 92, 178, 212, 46, 213])
    return f"{a}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def gen_ip6():
    h = lambda: f"{R.randint(0, 0xFFFF):x}"
    return R.choice(
        [
            f"2a02:{h()}:{h()}:{h()}::{h()}",
            f"fe80::{h()}:{h()}:{h()}:{h()}",
            f"2001:db8:{h()}::{h()}:{h()}",
            f"2a03:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}",
        ]
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


def fmt_date(d, lang, mode="any"):
    if mode == "num":
        return R.choice([f"{d:%d.%m.%Y}", f"{d:%d.%m.%Y}", f"{d:%d/%m/%Y}", f"{d:%Y-%m-%d}"])
    if mode == "loc":  # kk "1988 жылы 23 ақпанда"
        return f"{d.year} жылы {d.day} {KK_MON_LOC[d.month - 1]}"
    if lang == "ru":
        return R.choice(
            [
                f"{d:%d.%m.%Y}",
                f"{d:%d.%m.%Y} г.",
                f"{d.day} {RU_MON[d.month - 1]} {d.year} г.",
                f"{d.day} {RU_MON[d.month - 1]} {d.year} года",
                f"{d:%Y-%m-%d}",
                f"{d:%d/%m/%Y}",
                f"{d:%d.%m.%y}",
                f"{d:%d.%m.%Y}",
            ]
        )
    if lang == "kk":
        return R.choice(
            [
                f"{d.year} жылғы {d.day} {KK_MON[d.month - 1]}",
                f"{d:%d.%m.%Y}",
                f"{d:%d.%m.%Y} ж.",
                f"{d.year} ж. {d.day} {KK_MON[d.month - 1]}",
                f"{d:%Y-%m-%d}",
                f"{d:%d.%m.%Y}",
            ]
        )
    return R.choice(
        [
            f"{d.day} {EN_MON[d.month - 1]} {d.year}",
            f"{EN_MON[d.month - 1]} {d.day}, {d.year}",
            f"{d:%Y-%m-%d}",
            f"{d:%d.%m.%Y}",
            f"{d:%d/%m/%Y}",
            f"{EN_MON[d.month - 1][:3]} {d.day}, {d.year}",
            f"{d.day} {EN_MON[d.month - 1][:3]} {d.year}",
        ]
    )


# ----------------------------------------------------------------------------- context-free negatives

STREETS = {
    "ru": [
        "ул. Абая 52, кв. 17",
        "пр. Назарбаева 223",
        "ул. Толе би 101",
        "ул. Богенбай батыра 86",
        "мкр. Самал-2, д. 58",
        "пр. Кабанбай батыра 11",
        "ул. Пушкина 15",
        "ул. Сатпаева 90/1",
        "ул. Гоголя 39",
        "ул. Желтоксан 115",
        "пр. Достык 5",
        "ул. Кенесары 40",
        "ул. Айтеке би 67",
        "ул. Жамбыла 114",
        "пр. Республики 24",
        "ул. Гагарина 205",
        "ул. Шевченко 28",
        "ул. Байтурсынова 77",
        "мкр. Аксай-4, д. 19",
        "ул. Розыбакиева 247",
    ],
    "kk": [
        "Абай даңғылы, 52-үй, 17-пәтер",
        "Сәтбаев көшесі, 90/1",
        "Қабанбай батыр даңғылы, 11",
        "Төле би көшесі, 101",
        "Желтоқсан көшесі, 115",
        "Кенесары көшесі, 40",
        "Достық даңғылы, 5",
        "Мәңгілік Ел даңғылы, 55",
        "Бейбітшілік көшесі, 14",
        "Әйтеке би көшесі, 67",
        "Жамбыл көшесі, 114",
        "Байтұрсынұлы көшесі, 77",
        "Ақсай-4 ықшамауданы, 19-үй",
        "Гоголь көшесі, 39",
        "Райымбек даңғылы, 221",
    ],
    "en": [
        "52 Abay Ave, apt 17",
        "Satpayev St 90/1",
        "Kabanbay Batyr Ave 11",
        "Tole Bi St 101",
        "Dostyk Ave 5",
        "Kenesary St 40",
        "Mangilik El Ave 55",
        "Baitursynov St 77",
        "Gogol St 39",
        "Zheltoksan St 115",
        "Nazarbayev Ave 223",
        "Rozybakiev St 247",
    ],
}
COMPANIES = {
    "ru": [
        "ТОО «Асель»",
        "ТОО «Алтын Дала Логистик»",
        "ТОО «Сапар-Трейд»",
        "ТОО «Жанна»",
        "АО «Казахтелеком»",
        "ТОО «Асем-Строй»",
        "ТОО «Бекжан и К»",
        "ТОО «Дарын Групп»",
        "ТОО «Айсулу»",
        "ИП «Гульмира»",
        "ТОО «KazSteppe Tech»",
        "ТОО «Нурлан Агро»",
        "ТОО «Магнум Кэш энд Керри»",
        "АО «Эйр Астана»",
        "ТОО «Рахат-Фарм»",
    ],
    "kk": [
        "«Әсел» ЖШС",
        "«Дәулет-Құрылыс» ЖШС",
        "«Қазақтелеком» АҚ",
        "«Алтын Дала Логистик» ЖШС",
        "«Айгерім» ЖШС",
        "«Ақжол Транс» ЖШС",
        "«Нұр-Ай» ЖШС",
        "«Сапар-Трейд» ЖШС",
        "«Береке Агро» ЖШС",
        "«Ерлан Фарм» ЖШС",
        "«Томирис» ЖШС",
    ],
    "en": [
        "Asel LLP",
        "Daulet Construction LLP",
        "Kazakhtelecom JSC",
        "Ainur Beauty LLP",
        "Steppe Logistics LLP",
        "Altyn Dala Group",
        "Air Astana JSC",
        "Sapar Trade LLP",
        "Zhanna Consulting LLP",
        "Nurlan Agro LLP",
        "KazSteppe Tech LLP",
    ],
}
UNIV = {
    "ru": [
        "Назарбаев Университете",
        "КазНУ им. аль-Фараби",
        "ЕНУ им. Л.Н. Гумилёва",
        "КБТУ",
        "Satbayev University",
        "КарУ им. Е.А. Букетова",
        "ЮКУ им. М. Ауэзова",
    ],
    "kk": [
        "Назарбаев Университетте",
        "әл-Фараби атындағы ҚазҰУ-да",
        "Л.Н. Гумилев атындағы ЕҰУ-да",
        "Satbayev University-де",
        "Е.А. Бөкетов атындағы ҚарУ-да",
        "М. Әуезов атындағы ОҚУ-да",
    ],
    "en": [
        "Nazarbayev University",
        "Al-Farabi Kazakh National University",
        "L.N. Gumilyov Eurasian National University",
        "Satbayev University",
        "KBTU",
        "Buketov Karaganda University",
    ],
}


def gen_amount(lang):
    v = R.choice(
        [
            R.randint(1, 99) * 500,
            R.randint(1, 300) * 1000,
            R.randint(100, 2500) * 1000,
            R.randint(1000, 99999),
        ]
    )
    s = f"{v:,}".replace(",", " ")
    if lang == "en":
        return R.choice([f"KZT {v:,}", f"{s} ₸", f"{v:,} tenge", f"KZT {v:,}.00"])
    if lang == "kk":
        return R.choice([f"{s} ₸", f"{s} теңге", f"{s} тг", f"{s},00 KZT"])
    return R.choice([f"{s} тг", f"{s} ₸", f"{s},00 KZT", f"{s} тенге", f"{v} тг."])


def gen_amount_fx(lang):
    v = R.randint(50, 50000) + R.choice([0, 0, 0.5, 0.25, 0.99])
    if lang == "en":
        return R.choice([f"${v:,.2f}", f"USD {v:,.2f}", f"€{v:,.2f}", f"EUR {v:,.2f}"])
    s = f"{v:,.2f}".replace(",", " ").replace(".", ",")
    return R.choice(
        [f"{s} USD", f"${v:,.2f}", f"{s} EUR", f"{s} долл. США" if lang == "ru" else f"{s} АҚШ доллары"]
    )


def digits(n, first_nonzero=True):
    s = "".join(str(R.randint(0, 9)) for _ in range(n))
    if first_nonzero and s[0] == "0":
        s = str(R.randint(1, 9)) + s[1:]
    return s


def gen_order12():
    while True:
        s = digits(12)
        if not kz_valid(s) and not luhn_ok(s):
            return s


def gen_nine():
    return digits(9)


def gen_order():
    k = R.random()
    if k < 0.25:
        return gen_order12()
    return R.choice(
        [
            digits(6),
            digits(8),
            f"ORD-2024-{digits(6)}",
            str(R.randint(1, 2)) + digits(9, False),
            f"KZ-{digits(4)}-{digits(4)}",
            f"{digits(3)}-{digits(6)}",
            digits(7),
        ]
    )


def luhn_bad16():
    while True:
        s = digits(16)
        if not luhn_ok(s):
            return s


def gen_track():
    def s10():
        body = digits(8, False)
        w = [8, 6, 4, 2, 3, 5, 9, 7]
        c = 11 - sum(int(a) * b for a, b in zip(body, w, strict=False)) % 11
        c = 5 if c == 11 else 0 if c == 10 else c
        return f"{R.choice(['RR', 'CP', 'RA', 'EE', 'LZ'])}{body}{c}{R.choice(['KZ', 'CN', 'RU'])}"

    return R.choice(
        [
            s10(),
            s10(),
            f"LP{digits(14, False)}",
            f"1Z{digits(3)}AA{digits(10)}",
            f"YT{luhn_bad16()}",
            f"CDEK-1{digits(9, False)}",
        ]
    )


def gen_ver():
    return R.choice(
        [
            f"v{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)}.{R.randint(0, 99)}",
            f"{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 30)}",
            f"v{R.randint(1, 5)}.{R.randint(0, 30)}.{R.randint(0, 9)}",
            f"{R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}-rc.{R.randint(1, 5)}",
            f"v{R.randint(2, 4)}.{R.randint(10, 40)}.{R.randint(0, 9)}.{R.randint(1000, 9999)}",
        ]
    )


def gen_postal(lang):
    if R.random() < 0.5:
        return R.choice(
            ["050000", "050013", "050040", "010000", "010008", "160000", "100012", "140000", "090000"]
        )
    L = "ABCDEFGHKLMNPRSTXZ"
    return f"{R.choice('AZBX')}{R.randint(0, 3)}{R.randint(0, 9)}{R.choice(L)}{R.randint(0, 9)}{R.choice(L)}{R.randint(0, 9)}"


def gen_plate():
    L = "ABCDEHKMOPTXYZ"
    reg = R.choice(["01", "02", "03", "05", "09", "13", "15", "17", "18"])
    if R.random() < 0.8:
        return f"{R.randint(100, 999)} {''.join(R.choice(L) for _ in range(3))} {reg}"
    return f"{R.randint(100, 999)} {''.join(R.choice(L) for _ in range(2))} {reg}"


def gen_fake_email():
    return R.choice(
        [
            "logo@2x.png",
            "icon@3x.webp",
            "react@18.2.0",
            "lodash@4.17.21",
            "banner@2x.jpg",
            "typescript@5.4.5",
            "avatar@2x.png",
        ]
    )


def gen_handle():
    return "@" + R.choice(
        [
            "aigerim_nails",
            "asel.beauty",
            "kz_shop_almaty",
            "daulet_auto",
            "nur_kids_kz",
            "tort_astana",
            "mebel_shymkent",
            "zhanna_style",
        ]
    )


def time_s():
    return f"{R.randint(8, 21):02d}:{R.choice(['00', '05', '15', '20', '30', '40', '45', '50'])}"


def uuid_s():
    h = "".join(R.choice("0123456789abcdef") for _ in range(32))
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


# ----------------------------------------------------------------------------- templates

TEMPLATES = {
    # ======================================================================= RUSSIAN
    "ru": {
        "bank": [
            "Перевод [[по номеру телефона|с карты на карту|через Kaspi]] на сумму <<amount>> выполнен. Получатель: <<name/upper>>, ИИН <<iin>>. Дата операции <<date/num>> <<time>>.",
            "Выписка по счёту <<iban>> за период с <<date/num>> по <<date/num>>. Владелец счёта: <<name/full>>, ИИН <<iin>>. БИК <<bic>>, Кбе <<kbe>>.",
            "Уважаем<<g/ый/ая>> <<name/io>>! По вашей карте <<card_mask>> списано <<amount>> в пользу <<company>>. Если операцию совершали не вы, позвоните по номеру <<land>>.",
            "Платёжное поручение № <<order>> от <<date/num>>. Отправитель: <<company>>, БИН <<bin>>, ИИК <<iban>>. Получатель: <<name/short>>, ИИН <<iin>>. КНП <<knp>>.",
            "Зачисление <<amount>> на карту <<card>> от <<name/fl/gen@2>>. Комиссия 0 тг.",
            "Клиент сообщил ИИН <<iin_bad>>, но система его не приняла: контрольная цифра не сходится. Заявка № <<order>> отправлена на доработку.",
            "Отказ в привязке: номер карты <<card_bad>> введён с ошибкой. Клиент <<name/fl>>, тел. <<phone>>.",
            "SWIFT-перевод в пользу <<name/fl/gen@2>>, IBAN <<iban_int>>, сумма <<amount_fx>>. Отправитель <<name/full>>, паспорт <<pass>>.",
            "Заявление на перевыпуск карты от <<name/full/gen>>, ИИН <<iin>>. Старая карта <<card>> заблокирована <<date/num>> по причине утери.",
            "Платёж отклонён: ИИК получателя <<iban_bad>> не прошёл проверку контрольного числа, БИН <<bin_bad>> не найден в Национальном реестре. Ответственный менеджер <<name/short>>.",
            "Кредитный договор № <<contract>> от <<date>>: заёмщик <<name/full>>, ИИН <<iin>>, сумма <<amount>>, погашение на счёт <<iban>>.",
            "Вход в интернет-банкинг с нового устройства: IP <<ip>>, <<date/num>> <<time>>. Если это были не вы, заблокируйте карту <<card>> в приложении или позвоните <<land>>.",
            "Для открытия депозита <<name/full>> предъявил<<g//а>> удостоверение личности № <<idc>> от <<date/num>>. Открыт счёт <<iban>>.",
        ],
        "hr": [
            "Приказ № <<contract>> от <<date/num>>. Принять <<name/full/acc>> на должность [[бухгалтера|менеджера по продажам|инженера-программиста|специалиста отдела кадров]] с окладом <<amount>>.",
            "Личная карточка Т-2. ФИО: <<name/full>>. Дата рождения: <<dob>>. ИИН: <<iin>>. Удостоверение личности № <<idc>> выдано МВД РК <<date/num>>. Тел.: <<phone>>.",
            "Сотрудни<<g/к/ца>> <<name/short>> (таб. № <<tab>>) переведен<<g//а>> в отдел логистики с <<date>>. Контакт для связи: <<email>>.",
            "Резюме. <<name/fl>>, род<<g/ился/илась>> <<dob>> в г. [[Караганда|Шымкент|Павлодар|Усть-Каменогорск|Тараз|Актобе]]. Опыт работы 7 лет. Связь: <<phone>>, <<email>>.",
            "Анкета кандидата. ФИО: <<name/full>>; д.р. <<dob>>; паспорт <<pass>>; моб. <<phone>>. Рекомендатель — <<name/fl@2>>, тел. <<phone@2>>.",
            "Отпуск без сохранения заработной платы предоставить <<name/short/dat>> с <<date/num>> по <<date/num>> на основании заявления.",
            "Уведомление об увольнении: <<name/full>>, ИИН <<iin>>, последний рабочий день <<date>>. Расчёт перечислить на счёт <<iban>>.",
            "Служебная записка. Прошу поощрить <<name/fl/acc>> и <<name/fl/acc@2>> за выполнение плана третьего квартала. Начальник отдела <<name/short@3>>.",
            "Пропуск на объект: <<name/full>>, удостоверение личности № <<idc>>, подрядчик <<company>> (БИН <<bin>>), тел. <<phone>>.",
        ],
        "support": [
            "LC|здравствуйте у меня не проходит оплата картой <<card>> пишет ошибка 51 что делать??",
            "Добрый день! Меня зовут <<name/fl>>, не могу войти в приложение, номер привязан <<phone>>. ИИН <<iin>>. Помогите пожалуйста",
            "Оператор: Уточните, пожалуйста, ИИН владельца.\nКлиент: <<iin@2>> это <<g/папин/мамин@2>>, <<name/full@2>>",
            "LC|заказ <<order>> так и не пришел уже неделю жду!! курьер не берет трубку <<phone_kz>> сколько можно",
            "Тикет #<<ticket>>: клиент <<name/fl>> (<<email>>) сообщает, что смс с кодом не приходит на <<phone>>. Версия приложения <<ver>>.",
            "LC|номер карты <<card_bad>> вроде правильно ввожу а пишет неверный номер, что за ерунда",
            "LC|здраствуйте, я <<name/first>>, поменял<<g//а>> номер телефона старый <<phone_kz>> новый <<phone>>, почта та же <<email>>",
            "Обращение от <<name/short/gen>>: в сборке <<ver>> на странице профиля не грузится <<fake_email>>, вместо аватарки пустой квадрат.",
            "LC|добрый вечер подскажите почему с карты сняли <<amount>> два раза?? я <<name/fl>> иин <<iin>>",
            "Тикет #<<ticket>>: подозрительный вход в аккаунт <<email>> с IP <<ip>>, пользователь <<name/fl>> просит сбросить пароль. Номер обращения в банке <<nine>>.",
        ],
        "police": [
            "Протокол об административном правонарушении № <<order>>. Граждан<<g/ин/ка>> <<name/full>>, <<dob/num>> г.р., ИИН <<iin>>, управлял<<g//а>> автомобилем г/н <<plate>> в состоянии алкогольного опьянения.",
            "Потерпевш<<g/ий/ая>> <<name/full>> пояснил<<g//а>>, что <<date>> около <<time>> неизвестный похитил сумку возле дома по <<street>>. Удостоверение личности № <<idc>>.",
            "Приговор: признать <<name/full/acc>> виновн<<g/ым/ой>> в совершении преступления, предусмотренного ч. 2 ст. 190 УК РК. Паспорт гражданина РК <<pass>>.",
            "Свидетель <<name/short>>, тел. <<phone>>, показал, что видел <<name/fl/acc@2>> у входа в ТРЦ «Мега» около <<time>>.",
            "Запрос в <<bank>>: предоставить сведения о движении средств по счёту <<iban>> клиента <<name/full/gen>> (ИИН <<iin>>) за период с <<date/num>> по <<date/num>>.",
            "Заявление зарегистрировано в ЕРДР за № <<erdr>> от <<date/num>>. Заявитель <<name/full>>, проживающ<<g/ий/ая>> по адресу: <<street>>, тел. <<phone>>.",
            "Объяснение: я, <<name/full>>, <<dob>> года рождения, ИИН <<iin>>, по существу заданных вопросов поясняю следующее.",
            "Розыск: <<name/fl>>, <<age/ru>>, уш<<g/ёл/ла>> из дома <<date>>. Всех, кто видел, просим сообщить по телефону <<land>> или 102.",
            "Задержан<<g//а>> <<name/full>>, <<dob>> г.р., при себе удостоверение личности № <<idc>> и банковская карта <<card>>.",
        ],
        "medical": [
            "Пациент: <<name/full>>, дата рождения <<dob>>, ИИН <<iin>>. Диагноз: [[J06.9 ОРВИ|I10 Эссенциальная гипертензия|E11.9 Сахарный диабет 2 типа|K29.7 Гастрит]]. Лечащий врач <<name/short@2>>.",
            "Направление на госпитализацию. ФИО больного: <<name/full>>, <<age/ru>>. Контактный телефон родственника (<<name/fl@2>>): <<phone@2>>.",
            "Запись к врачу: <<name/short>>, ИИН <<iin>>, терапевт, <<date>> в <<time>>, кабинет 214. Напоминание придёт на <<phone>>.",
            "Выписной эпикриз. <<name/full>> (д.р. <<dob>>) находил<<g/ся/ась>> на стационарном лечении с <<date/num>> по <<date/num>>. Рекомендовано наблюдение у кардиолога.",
            "Результаты анализов для <<name/short/gen>> готовы. Номер заказа <<order>>, код доступа <<code>>. Вопросы: <<email_org>>.",
            "Справка 086/у выдана <<name/full/dat>>, <<dob/num>> г.р., ИИН <<iin>>. Годен к обучению.",
            "Добрый день, <<name/io@2>>! Пациент<<g//ка>> <<name/fl>> просит перенести приём, <<g/его/её>> номер <<phone>>.",
        ],
        "delivery": [
            "Ваш заказ № <<order>> передан курьеру. Получатель: <<name/fl>>, тел. <<phone>>. Адрес: <<street>>, <<postal>>.",
            "Kaspi Магазин: заказ <<order>> доставлен в постамат. Код получения <<code>>. Трек-номер <<track>>.",
            "Курьер <<name/first>> будет у вас с <<time>> до <<time>>. Связь с курьером: <<phone_kz>>.",
            "Посылка <<track>> от <<name/fl/gen@2>> прибыла в отделение Казпочты <<postal>>. Получатель <<name/full>> должен предъявить удостоверение личности.",
            "Возврат по заказу <<order>> одобрен, <<amount>> будут зачислены на карту <<card_mask>> в течение 3 дней. Покупатель: <<name/fl>>, <<email>>.",
            "Доставка оплачена картой <<card>> (держатель <<name/upper_lat>>), чек отправлен на <<email>>.",
            "Счёт на оплату № <<invoice>> от <<date/num>>: <<amount>>, поставщик <<company>>, БИН <<bin>>, Кбе <<kbe>>, КНП <<knp>>.",
            "LC|курьер приехал а меня нет дома, передайте сосед<<g/у/ке@2>> <<name/first/dat@2>>, вот <<g/его/ее@2>> номер <<phone@2>>",
            "Бронирование авиабилета: пассажир <<name/upper_lat>>, паспорт <<pass>>, дата рождения <<dob/num>>. Оплачено картой <<card>>.",
        ],
        "signature": [
            "С уважением,\n<<name/fl>>\n[[главный бухгалтер|менеджер по работе с клиентами|юрист|руководитель отдела продаж]] <<company>>\nтел.: <<land>>, моб.: <<phone>>\n<<email>>",
            "--\n<<name/short>> | Отдел закупок | <<company>> | <<email>> | <<phone>>",
            "С уважением, <<name/full>>, директор <<company>> (БИН <<bin>>). Тел. <<land>>.",
            "Отправлено с iPhone\n<<name/first>>, <<phone>>",
            "С наилучшими пожеланиями, <<name/fl>>\nInstagram: <<handle>>\nWhatsApp: <<phone>>",
            "<<name/full>>\nВедущий специалист, <<company>>\n<<email>> / <<email_org>>\n<<land>> (вн. 214)",
        ],
        "gov": [
            "Заявка на eGov № <<order>>: получение справки о наличии либо отсутствии судимости. Заявитель: <<name/full>>, ИИН <<iin>>. Результат направлен на <<email>>.",
            "В ЦОН Алмалинского района обратил<<g/ся/ась>> <<name/full>> (удостоверение личности № <<idc>>, выдано МВД РК <<date/num>>) с заявлением о замене паспорта <<pass>>.",
            "Уведомление: государственная регистрация юридического лица <<company>> завершена, присвоен БИН <<bin>>. Заявитель — <<name/full>>, ИИН <<iin>>.",
            "Запись в ЦОН на <<date>> <<time>>, окно 12. Код бронирования <<code>>. ИИН: <<iin>>, тел.: <<phone>>.",
            "Справка о зарегистрированных правах: собственник <<name/full>>, ИИН <<iin>>, кадастровый номер <<kadastr>>.",
            "Ваш запрос на eGov отклонён: ИИН <<iin_bad>> не найден в ГБД ФЛ. Проверьте правильность ввода или позвоните в контакт-центр <<short>>.",
            "Заявление о регистрации рождения ребёнка: <<g/отец/мать@2>> — <<name/full@2>>, ИИН <<iin@2>>; ребёнок — <<name/fl>>, дата рождения <<dob_new>>.",
            "Адресная справка выдана <<name/full/dat>>, ИИН <<iin>>, по месту требования.",
            "eGov: вход в личный кабинет по ЭЦП выполнен с IP-адреса <<ip>>. Пользователь: <<name/short>>, ИИН <<iin>>.",
            "Ваше обращение зарегистрировано под номером <<nine>>. Ответ будет направлен на <<email>> в течение 15 рабочих дней.",
        ],
        "rental": [
            "Договор аренды квартиры № <<contract>> от <<date/num>>. Арендодатель: <<name/full>>, ИИН <<iin>>, удостоверение личности № <<idc>>. Арендатор: <<name/full@2>>, ИИН <<iin@2>>.",
            "Арендная плата <<amount>> в месяц перечисляется на счёт <<iban>> в <<bank>> (БИК <<bic>>), получатель <<name/short>>.",
            "LC|сдаю 1-комн кв по <<street>>, 180 000 тг/мес, без посредников, звонить <<phone>> <<name/first>>",
            "Арендатор <<name/fl>> обязуется освободить помещение до <<date>>. Залог <<amount>> возвращается на карту <<card>>.",
            "Акт приёма-передачи: ключи в количестве 2 шт. переданы <<name/short/dat@2>>. Показания счётчика электроэнергии 04512.",
            "Договор субаренды офиса: арендатор <<company>>, БИН <<bin>>, в лице директора <<name/full/gen>>, действующ<<g/его/ей>> на основании Устава.",
            "LC|сниму квартиру на длительный срок, семья из 3 человек, без животных. <<name/first>> <<phone>>",
            "Гостиница «Казжол»: гость <<name/full>>, паспорт <<pass>>, д.р. <<dob>>, номер 512, заезд <<date/num>>, оплата картой <<card>>.",
        ],
        "edu": [
            "Студент<<g//ка>> <<name/full>>, группа [[ИС-21-3|ВТ-22-1|ЭК-20-2|ЮР-23-5]], ИИН <<iin>>, зачислен<<g//а>> на 1 курс приказом № <<contract>> от <<date/num>>.",
            "Справка выдана <<name/full/dat>>, <<dob/num>> года рождения, в том, что он<<g//а>> действительно обучается в <<univ>>.",
            "Родитель: <<name/full@2>>, тел. <<phone@2>>. Учени<<g/к/ца>> 7 «Б» класса <<name/fl>> отсутствовал<<g//а>> на уроках <<date>> по болезни.",
            "Результаты ЕНТ: <<name/short>>, ИКТ <<nine>>, 112 баллов.",
            "Логин для портала Univer: <<email>>, временный пароль выслан на <<phone>>. Куратор группы — <<name/io@2>>.",
            "Ведомость: <<name/short>> — отлично, <<name/short@2>> — хорошо, <<name/short@3>> — неявка.",
            "Заявление о переводе с платного отделения на грант от <<name/full/gen>>, ИИН <<iin>>, тел. <<phone>>.",
            "Договор на обучение: обучающийся <<name/full>>, ИИН <<iin>>; плательщик <<company>>, БИН <<bin>>, ИИК <<iban>>.",
        ],
        "log": [
            "2024-03-14 10:22:31,417 INFO [auth] login ok user=<<email>> ip=<<ip>> iin=<<iin>> session=<<uuid>>",
            'ошибка интеграции с ГБД ФЛ: {"iin": "<<iin>>", "status": 404, "request_id": "<<uuid>>", "client_ip": "<<ip>>"}',
            "WARN payment declined card=<<card>> amount=<<amount_num>> KZT ip=<<ip>> reason=insufficient_funds",
            "[<<date_iso>> <<time>>] sms-шлюз: отправлено на <<phone>>, статус DELIVERED, версия сервиса <<ver>>",
            "audit: оператор <<name/short>> открыл карточку клиента ИИН=<<iin>> с адреса <<ip6>>",
            'DEBUG consumer offset=<<order12>> build=<<ver>> host=<<ip>> msg="очередь пуста"',
            'ERROR не удалось отправить письмо на <<email>>: SMTP 550, payload={"fio": "<<name/full>>", "phone": "<<phone>>"}',
            "<<date_iso>>T<<time>>:07Z level=info svc=billing bin=<<bin>> iban=<<iban>> txn=<<order>> status=posted",
            "WARN brute-force: 12 неудачных попыток входа для <<phone>> с адресов <<ip>>, <<ip>>; аккаунт заблокирован до <<time>>",
        ],
        "sms": [
            "Kaspi.kz: Вам перевод <<amount>> от <<name/fi@2>>. Баланс Kaspi Gold <<amount>>.",
            "Код подтверждения <<code>>. Никому не сообщайте его. Halyk Bank",
            "<<name/first>>, ваша запись к стоматологу <<date>> в <<time>>. Отменить: <<land>>",
            "LC|Мама это мой новый номер <<phone>>, старый сломался. скинь 20000 на карту <<card>> срочно",
            "Beeline: баланс <<amount>>. Пополните счёт номера <<phone>> в приложении.",
            "Вам звонил абонент <<phone_int>> в <<time>>. Услуга «Кто звонил».",
            "<<name/io>>, напоминаем о платеже по кредиту <<amount>> до <<date>>. Договор № <<contract>>.",
            "Halyk: покупка <<amount>>, карта <<card_mask>>, <<company>>. Доступно <<amount>>.",
        ],
    },
    # ======================================================================= KAZAKH
    "kk": {
        "bank": [
            "Сіздің шотыңызға <<amount>> түсті. Жіберуші: <<name/fi@2>>. Алушы: <<name/upper>>, ЖСН <<iin>>.",
            "Шот көшірмесі: ЖСК <<iban>>, иесі <<name/full>>, ЖСН <<iin>>. БСК <<bic>>, КБе <<kbe>>. Кезең: <<date/num>> – <<date/num>>.",
            "Құрметті <<name/io>>! <<card_mask>> картаңыздан <<amount>> есептен шығарылды. Егер бұл операцияны сіз жасамаған болсаңыз, <<land>> нөміріне хабарласыңыз.",
            "Төлем тапсырмасы № <<order>>, <<date/num>>. Төлеуші: <<company>>, БСН <<bin>>, ЖСК <<iban>>. Алушы: <<name/short>>, ЖСН <<iin>>. ТМК <<knp>>.",
            "<<name/fl/dat@2>> <<card>> картасына <<amount>> аударылды.",
            "Клиент ЖСН ретінде <<iin_bad>> енгізді, бірақ бақылау саны сәйкес келмейді. Өтінім № <<order>> пысықтауға қайтарылды.",
            "Карта нөмірі <<card_bad>> қате енгізілді. Қайталап көріңіз немесе <<short>> нөміріне қоңырау шалыңыз.",
            "SWIFT аударымы: алушы <<name/fl@2>>, IBAN <<iban_int>>, сомасы <<amount_fx>>. Жіберуші <<name/full>>, төлқұжат <<pass>>.",
            "<<name/full/gen>> картаны қайта шығару туралы өтініші, ЖСН <<iin>>. Ескі карта <<card>> жоғалуына байланысты <<date/num>> бұғатталды.",
            "Төлем қабылданбады: алушының ЖСК <<iban_bad>> бақылау санынан өтпеді, БСН <<bin_bad>> Ұлттық тізілімде табылмады. Жауапты менеджер <<name/short>>.",
            "Несие шарты № <<contract>>, <<date>>: қарыз алушы <<name/full>>, ЖСН <<iin>>, сомасы <<amount>>, өтеу шоты <<iban>>.",
            "Интернет-банкингке жаңа құрылғыдан кіру: IP <<ip>>, <<date/num>> <<time>>. Егер бұл сіз болмасаңыз, <<card>> картасын қосымшада бұғаттаңыз немесе <<land>> нөміріне қоңырау шалыңыз.",
            "Депозит ашу үшін <<name/full>> № <<idc>> жеке куәлігін ұсынды (<<date/num>> берілген). <<iban>> шоты ашылды.",
        ],
        "hr": [
            "Бұйрық № <<contract>>, <<date/num>>. <<name/full/acc>> [[бас маман|бухгалтер|бағдарламашы-инженер|кадр бөлімінің маманы]] лауазымына <<amount>> лауазымдық жалақымен жұмысқа қабылдансын.",
            "Қызметкердің жеке парағы. Тегі, аты, әкесінің аты: <<name/full>>. Туған күні: <<dob>>. ЖСН: <<iin>>. Жеке куәлік № <<idc>>, берген ІІМ, <<date/num>>. Тел.: <<phone>>.",
            "<<name/short>> (таб. № <<tab>>) <<date/num>> бастап логистика бөліміне ауыстырылды. Байланыс: <<email>>.",
            "Түйіндеме: <<name/fl>>, <<dob/loc>> [[Қарағанды|Шымкент|Павлодар|Өскемен|Тараз|Ақтөбе]] қаласында туған. Жұмыс тәжірибесі 5 жыл. Байланыс: <<phone>>, <<email>>.",
            "Кандидат сауалнамасы: <<name/full>>; туған күні <<dob>>; төлқұжат <<pass>>; ұялы тел. <<phone>>. Кепілгер: <<name/fl@2>>, <<phone@2>>.",
            "<<name/short/dat>> <<date/num>> бастап 14 күнтізбелік күнге жалақы сақталмайтын демалыс берілсін.",
            "Жұмыстан босату туралы хабарлама: <<name/full>>, ЖСН <<iin>>, соңғы жұмыс күні <<date/num>>. Есеп айырысу сомасы <<iban>> шотына аударылсын.",
            "Қызметтік хат. Үшінші тоқсандағы жоспарды орындағаны үшін <<name/fl/acc>> және <<name/fl/acc@2>> марапаттауды сұраймын. Бөлім басшысы <<name/short@3>>.",
            "Объектіге рұқсатнама: <<name/full>>, жеке куәлік № <<idc>>, мердігер <<company>> (БСН <<bin>>), тел. <<phone>>.",
        ],
        "support": [
            "LC|сәлеметсіз бе картам бұғатталып қалды <<card>> не істеу керек",
            "Сәлеметсіз бе! Менің атым <<name/fl>>, қосымшаға кіре алмай жүрмін, нөмірім <<phone>>, ЖСН <<iin>>. Көмектесіңізші",
            "Оператор: Иесінің ЖСН-ін жазыңызшы.\nКлиент: <<iin@2>> бұл <<g/әкемдікі/анамдікі@2>>, <<name/full@2>>",
            "LC|тапсырыс <<order>> бір апта болды әлі келмеді курьер <<phone_kz>> телефонын алмайды",
            "Өтінім #<<ticket>>: клиент <<name/fl>> (<<email>>) SMS-код <<phone>> нөміріне келмейтінін хабарлады. Қосымша нұсқасы <<ver>>.",
            "LC|карта нөмірін <<card_bad>> дұрыс жазып жатырмын бірақ қате дейді",
            "LC|сәлем мен <<name/first>> нөмірімді ауыстырдым ескісі <<phone_kz>> жаңасы <<phone>> поштам сол <<email>>",
            "<<name/short/gen>> өтініші: <<ver>> нұсқасында профиль бетінде <<fake_email>> жүктелмейді, суреттің орнында бос шаршы.",
            "LC|кеш жарық неге картадан <<amount>> екі рет шешіліп кетті? мен <<name/fl>> жсн <<iin>>",
            "Өтінім #<<ticket>>: <<email>> аккаунтына <<ip>> IP-мекенжайынан күдікті кіру, пайдаланушы <<name/fl>> құпиясөзді қалпына келтіруді сұрайды. Банктегі өтініш нөмірі <<nine>>.",
        ],
        "police": [
            "Әкімшілік құқық бұзушылық туралы хаттама № <<order>>. Азамат<<g//ша>> <<name/full>>, <<dob/num>> ж.т., ЖСН <<iin>>, <<plate>> мемлекеттік нөмірлі көлікті мас күйінде басқарған.",
            "Жәбірленуші <<name/full>> <<date/num>> сағат <<time>> шамасында <<street>> маңында сөмкесін белгісіз біреу тартып алғанын түсіндірді. Жеке куәлік № <<idc>>.",
            "Сот үкімі: <<name/full/acc>> ҚР ҚК 190-бабының 2-бөлігі бойынша кінәлі деп танылсын. ҚР азаматының төлқұжаты <<pass>>.",
            "Куәгер <<name/short>>, тел. <<phone>>, <<name/fl/acc@2>> «Мега» СОО кіреберісінде сағат <<time>> шамасында көргенін айтты.",
            "<<bank>> сұрау салу: <<name/full/gen>> (ЖСН <<iin>>) <<iban>> шоты бойынша <<date/num>> – <<date/num>> аралығындағы қозғалыс туралы мәлімет беру.",
            "Арыз СДТБТ-да <<erdr>> нөмірімен <<date/num>> тіркелді. Арыз беруші <<name/full>>, мекенжайы: <<street>>, тел. <<phone>>.",
            "Түсініктеме: мен, <<name/full>>, туған күнім <<dob>>, ЖСН <<iin>>, қойылған сұрақтар бойынша мынаны түсіндіремін.",
            "Іздестіру: <<name/fl>>, <<age>> жаста, <<date/num>> күні үйінен шығып кеткен. Көргендер <<land>> немесе 102 нөміріне хабарлаңыздар.",
            "<<name/full>> ұсталды, <<dob/num>> ж.т., жанынан № <<idc>> жеке куәлік және <<card>> банк картасы табылды.",
        ],
        "medical": [
            "Науқас: <<name/full>>, туған күні <<dob>>, ЖСН <<iin>>. Диагнозы: [[J06.9 ЖРВИ|I10 Артериялық гипертензия|E11.9 2 типті қант диабеті|K29.7 Гастрит]]. Емдеуші дәрігер <<name/short@2>>.",
            "Ауруханаға жатқызуға жолдама. Науқас: <<name/full>>, <<age>> жаста. Туысының байланыс телефоны (<<name/fl@2>>): <<phone@2>>.",
            "Дәрігерге жазылу: <<name/short>>, ЖСН <<iin>>, терапевт, <<date>>, сағат <<time>>, 214-кабинет. Еске салу <<phone>> нөміріне келеді.",
            "Шығару эпикризі. <<name/full>> (туған күні <<dob>>) <<date/num>> бастап <<date/num>> дейін стационарлық емде болды. Кардиологтың бақылауы ұсынылады.",
            "<<name/fl/gen>> талдау нәтижелері дайын. Тапсырыс нөмірі <<order>>, кіру коды <<code>>. Сұрақтар бойынша: <<email_org>>.",
            "086/е анықтамасы <<name/full/dat>> берілді, <<dob/num>> ж.т., ЖСН <<iin>>. Оқуға жарамды.",
            "<<name/io@2>>, сәлеметсіз бе! Науқас <<name/fl>> қабылдауды ауыстыруды сұрайды, нөмірі <<phone>>.",
        ],
        "delivery": [
            "№ <<order>> тапсырысыңыз курьерге берілді. Алушы: <<name/fl>>, тел. <<phone>>. Мекенжайы: <<street>>, <<postal>>.",
            "Kaspi Дүкен: <<order>> тапсырысы постаматқа жеткізілді. Алу коды <<code>>. Трек-нөмір <<track>>.",
            "Курьер <<name/first>> сізге сағат <<time>> мен <<time>> аралығында келеді. Курьермен байланыс: <<phone_kz>>.",
            "<<name/fl/abl@2>> жіберілген <<track>> сәлемдемесі Қазпоштаның <<postal>> бөлімшесіне келді. Алушы <<name/full>> жеке куәлігін көрсетуі тиіс.",
            "Қайтару өтінімі (тапсырыс <<order>>) мақұлданды, <<amount>> 3 күн ішінде <<card_mask>> картасына қайтарылады. Сатып алушы: <<name/fl>>, <<email>>.",
            "Жеткізу <<card>> картасымен төленді (карта иесі <<name/upper_lat>>), чек <<email>> поштасына жіберілді.",
            "Төлемге шот № <<invoice>>, <<date/num>>: <<amount>>, жеткізуші <<company>>, БСН <<bin>>, КБе <<kbe>>, ТМК <<knp>>.",
            "LC|курьер келді мен үйде жоқпын, көршім <<name/first/dat@2>> беріп кетіңізші, нөмірі <<phone@2>>",
            "Әуе билетін брондау: жолаушы <<name/upper_lat>>, төлқұжат <<pass>>, туған күні <<dob/num>>. <<card>> картасымен төленді.",
        ],
        "signature": [
            "Құрметпен,\n<<name/fl>>\n[[бас бухгалтер|клиенттермен жұмыс жөніндегі менеджер|заңгер|сату бөлімінің басшысы]], <<company>>\nтел.: <<land>>, ұялы: <<phone>>\n<<email>>",
            "--\n<<name/short>> | Сатып алу бөлімі | <<company>> | <<email>> | <<phone>>",
            "Құрметпен, <<name/full>>, <<company>> директоры (БСН <<bin>>). Тел. <<land>>.",
            "iPhone-нан жіберілді\n<<name/first>>, <<phone>>",
            "Ізгі тілекпен, <<name/fl>>\nInstagram: <<handle>>\nWhatsApp: <<phone>>",
            "<<name/full>>\nЖетекші маман, <<company>>\n<<email>> / <<email_org>>\n<<land>> (ішкі 214)",
        ],
        "gov": [
            "eGov-тағы № <<order>> өтінім: соттылығының бар-жоғы туралы анықтама алу. Өтініш беруші: <<name/full>>, ЖСН <<iin>>. Нәтиже <<email>> поштасына жіберілді.",
            "Алмалы ауданының ХҚКО-ына <<name/full>> (жеке куәлік № <<idc>>, берген ІІМ, <<date/num>>) <<pass>> төлқұжатын ауыстыру туралы өтінішпен жүгінді.",
            "Хабарлама: <<company>> заңды тұлғасын мемлекеттік тіркеу аяқталды, БСН <<bin>> берілді. Өтініш беруші — <<name/full>>, ЖСН <<iin>>.",
            "ХҚКО-ға жазылу: <<date>>, сағат <<time>>, 12-терезе. Брондау коды <<code>>. ЖСН: <<iin>>, тел.: <<phone>>.",
            "Тіркелген құқықтар туралы анықтама: меншік иесі <<name/full>>, ЖСН <<iin>>, кадастрлық нөмірі <<kadastr>>.",
            "eGov сұранысыңыз қабылданбады: ЖСН <<iin_bad>> ЖТ МДБ-да табылмады. Енгізілген деректерді тексеріңіз немесе <<short>> байланыс орталығына қоңырау шалыңыз.",
            "Баланың тууын тіркеу туралы өтініш: <<g/әкесі/анасы@2>> — <<name/full@2>>, ЖСН <<iin@2>>; баласы — <<name/fl>>, туған күні <<dob_new>>.",
            "Мекенжай анықтамасы <<name/full/dat>> (ЖСН <<iin>>) талап етілген жерге ұсыну үшін берілді.",
            "eGov: жеке кабинетке ЭЦҚ арқылы <<ip>> IP-мекенжайынан кірілді. Пайдаланушы: <<name/short>>, ЖСН <<iin>>.",
            "Өтінішіңіз <<nine>> нөмірімен тіркелді. Жауап 15 жұмыс күні ішінде <<email>> поштасына жіберіледі.",
        ],
        "rental": [
            "Пәтерді жалға беру шарты № <<contract>>, <<date/num>>. Жалға беруші: <<name/full>>, ЖСН <<iin>>, жеке куәлік № <<idc>>. Жалға алушы: <<name/full@2>>, ЖСН <<iin@2>>.",
            "Жалдау ақысы айына <<amount>>, <<bank>> ашылған <<iban>> шотына аударылады (БСК <<bic>>), алушы <<name/short>>.",
            "LC|<<street>> мекенжайында 1 бөлмелі пәтер жалға беріледі айына 180 000 тг делдалсыз хабарласыңыз <<phone>> <<name/first>>",
            "Жалға алушы <<name/fl>> үй-жайды <<date/num>> дейін босатуға міндетті. Кепіл ақы <<amount>> <<card>> картасына қайтарылады.",
            "Қабылдау-тапсыру актісі: 2 дана кілт <<name/short/dat@2>> берілді. Электр есептегішінің көрсеткіші 04512.",
            "Кеңсені қосалқы жалға алу шарты: жалға алушы <<company>>, БСН <<bin>>, Жарғы негізінде әрекет ететін директор <<name/full>> атынан.",
            "LC|ұзақ мерзімге пәтер жалға аламын, 3 адамбыз, жануар жоқ. <<name/first>> <<phone>>",
            "«Қазжол» қонақ үйі: қонақ <<name/full>>, төлқұжат <<pass>>, туған күні <<dob>>, 512-бөлме, келген күні <<date/num>>, <<card>> картасымен төленді.",
        ],
        "edu": [
            "Студент <<name/full>>, [[ИС-21-3|ВТ-22-1|ЭК-20-2|ЗҢ-23-5]] тобы, ЖСН <<iin>>, <<date/num>> № <<contract>> бұйрықпен 1-курсқа қабылданды.",
            "Бұл анықтама <<name/full/dat>> (туған күні <<dob>>) <<univ>> күндізгі бөлімде оқитынын растау үшін берілді.",
            "Ата-анасы: <<name/full@2>>, тел. <<phone@2>>. 7 «Ә» сынып оқушысы <<name/fl>> <<date/num>> күні ауырып, сабаққа келмеді.",
            "ҰБТ нәтижесі: <<name/short>>, ТЖК <<nine>>, 112 балл.",
            "Univer порталына логин: <<email>>, уақытша құпиясөз <<phone>> нөміріне жіберілді. Топ кураторы — <<name/io@2>>.",
            "Ведомость: <<name/short>> — өте жақсы, <<name/short@2>> — жақсы, <<name/short@3>> — келмеді.",
            "<<name/full/gen>> ақылы бөлімнен грантқа ауысу туралы өтініші, ЖСН <<iin>>, тел. <<phone>>.",
            "Оқыту шарты: білім алушы <<name/full>>, ЖСН <<iin>>; төлеуші <<company>>, БСН <<bin>>, ЖСК <<iban>>.",
        ],
        "log": [
            "2024-03-14 10:22:31,417 INFO [auth] кіру сәтті user=<<email>> ip=<<ip>> iin=<<iin>> session=<<uuid>>",
            'ЖТ МДБ интеграция қатесі: {"iin": "<<iin>>", "status": 404, "request_id": "<<uuid>>", "client_ip": "<<ip>>"}',
            "WARN төлем қабылданбады card=<<card>> amount=<<amount_num>> KZT ip=<<ip>> reason=insufficient_funds",
            "[<<date_iso>> <<time>>] sms шлюзі: <<phone>> нөміріне жіберілді, мәртебесі DELIVERED, сервис нұсқасы <<ver>>",
            "audit: оператор <<name/short>> клиент карточкасын ашты ЖСН=<<iin>> мекенжайы <<ip6>>",
            'DEBUG consumer offset=<<order12>> build=<<ver>> host=<<ip>> msg="кезек бос"',
            'ERROR <<email>> адресіне хат жіберілмеді: SMTP 550, payload={"aty_zhoni": "<<name/full>>", "tel": "<<phone>>"}',
            "<<date_iso>>T<<time>>:07Z level=info svc=billing bin=<<bin>> iban=<<iban>> txn=<<order>> status=posted",
            "WARN brute-force: <<phone>> үшін <<ip>>, <<ip>> мекенжайларынан 12 сәтсіз кіру әрекеті; аккаунт сағат <<time>> дейін бұғатталды",
        ],
        "sms": [
            "Kaspi.kz: <<name/fi@2>> сізге <<amount>> аударды. Kaspi Gold балансы <<amount>>.",
            "Растау коды <<code>>. Оны ешкімге айтпаңыз. Halyk Bank",
            "<<name/first>>, сіз <<date>> сағат <<time>> тіс дәрігеріне жазылдыңыз. Бас тарту: <<land>>",
            "LC|Апа бұл менің жаңа нөмірім <<phone>>, ескісі сынып қалды. <<card>> картасына 20000 жіберші шұғыл",
            "Beeline: балансыңыз <<amount>>. <<phone>> нөмірінің шотын қосымшада толтырыңыз.",
            "Сізге <<phone_int>> абоненті сағат <<time>>-да қоңырау шалды. «Кім қоңырау шалды» қызметі.",
            "<<name/io>>, несие бойынша <<amount>> төлемді <<date/num>> дейін төлеуді ұмытпаңыз. Шарт № <<contract>>.",
            "Halyk: сатып алу <<amount>>, карта <<card_mask>>, <<company>>. Қолжетімді <<amount>>.",
        ],
    },
    # ======================================================================= ENGLISH
    "en": {
        "bank": [
            "Your transfer of <<amount_fx>> to <<name/fl@2>> (IBAN <<iban_int>>) has been sent. Reference <<order>>, value date <<date>>.",
            "Account statement for <<iban>> (BIC <<bic>>), account holder <<name/upper_lat>>, IIN <<iin>>, period <<date/num>> to <<date/num>>.",
            "Dear <<title>>, a payment of <<amount>> was charged to your card <<card_mask>> at <<company>>. If you did not authorise it, call us on <<land>>.",
            "Incoming SWIFT: <<amount_fx>> from <<name/fl@2>>, IBAN <<iban_int>>, to beneficiary <<name/fl>>, account <<iban>>. Beneficiary passport <<pass>>.",
            "Card linking failed: card number <<card_bad>> did not pass validation. Customer <<name/fl>>, mobile <<phone>>.",
            "Customer entered IIN <<iin_bad>> but the check digit does not match; application <<order>> is on hold.",
            "Payment received: <<amount>> credited to card <<card>> from <<name/fi@2>>.",
            "Payment rejected: beneficiary IBAN <<iban_bad>> failed the checksum and BIN <<bin_bad>> was not found in the National Register. Responsible manager: <<name/fl>>.",
            "Loan agreement <<contract>> dated <<date>>: borrower <<name/full>>, IIN <<iin>>, amount <<amount>>, repayment account <<iban>>.",
            "Beneficiary details for the wire: <<name/fl>>, <<iban_int>>, <<bank>>. Please quote invoice <<invoice>>.",
            "New device sign-in to online banking: IP <<ip>>, <<date/num>> <<time>>. If this wasn't you, block card <<card>> in the app or call <<land>>.",
            "To open a deposit, <<name/full>> presented ID card No. <<idc>> issued <<date/num>>. Account <<iban>> has been opened.",
        ],
        "hr": [
            "New hire: <<name/fl>>, start date <<date>>, position [[Senior Accountant|Data Engineer|HR Business Partner|Sales Manager]], salary <<amount>>. Personal email <<email>>, mobile <<phone>>.",
            "Employee record. Full name: <<name/full>>; Date of birth: <<dob>>; IIN: <<iin>>; ID card No. <<idc>> issued <<date/num>>; phone <<phone>>.",
            "<<name/fl>> (employee ID <<tab>>) is transferred to the Logistics department effective <<date>>. Line manager: <<name/fl@2>>.",
            "CV: <<name/fl>>, born on <<dob>> in [[Almaty|Karaganda|Shymkent|Pavlodar|Aktobe|Kostanay]]. Seven years in audit. Contact: <<phone>>, <<email>>.",
            "Visa support letter for <<title>>, Kazakhstan passport <<pass>>, date of birth <<dob>>. HR contact: <<email_org>>.",
            "Unpaid leave approved for <<name/fl>> from <<date>> to <<date>>.",
            "Reference check: <<name/fl>> reported to me for three years at <<company>>. Feel free to call me on <<phone_int>>. <<name/fl@2>>",
            "Payroll change: salary of <<name/full>> (IIN <<iin>>) to be paid to <<iban>> from next month.",
            "Site access pass: <<name/full>>, ID card No. <<idc>>, contractor <<company>> (BIN <<bin>>), phone <<phone>>.",
        ],
        "support": [
            "LC|hi my card <<card>> keeps getting declined at checkout, error 51, pls help",
            "Hello, I'm <<name/fl>>. I can't log in to the app, my number is <<phone>> and my email is <<email>>. Thanks",
            "Agent: Could you confirm the account holder's date of birth?\nCustomer: it's <<dob@2>>, the account is under my <<g/husband/wife@2>> <<name/fl@2>>",
            "LC|order <<order>> still not delivered after 8 days!!! courier wont pick up <<phone_kz>>",
            "Ticket #<<ticket>>: user <<name/fl>> (<<email>>) reports the OTP is not arriving at <<phone>>. App version <<ver>>, device iPhone 13.",
            "LC|i typed card number <<card_bad>> like 5 times and it says invalid??",
            "LC|hey its <<name/first>>, changed my number old one <<phone_kz>> new one <<phone>>, email still <<email>>",
            "Bug report from <<name/fl>>: after update <<ver>> the profile page fails to load <<fake_email>>, shows a grey box.",
            "LC|why was i charged <<amount>> twice?? name on account <<name/fl>>",
            "Ticket #<<ticket>>: suspicious sign-in to <<email>> from IP <<ip>>; user <<name/fl>> asks for a password reset. Bank case number <<nine>>.",
        ],
        "police": [
            "Incident report <<order>>: <<name/full>>, DOB <<dob>>, IIN <<iin>>, was stopped driving vehicle <<plate>> under the influence.",
            "The complainant, <<title>>, stated that on <<date>> at about <<time>> an unknown man snatched <<g/his/her>> bag on <<street>>. ID card number <<idc>>.",
            "Court ruling: <<name/full>> is found guilty under Article 190(2) of the Criminal Code of Kazakhstan. Passport of a citizen of Kazakhstan <<pass>>.",
            "Witness <<name/fl>>, tel. <<phone>>, saw <<name/fl@2>> at the entrance of Mega Mall at about <<time>>.",
            "Request to <<bank>>: provide statements for account <<iban>> held by <<name/full>> (IIN <<iin>>) for <<date/num>> – <<date/num>>.",
            "Case registered under number <<erdr>> on <<date>>. Applicant <<name/fl>>, resident of <<street>>, phone <<phone>>.",
            "Missing person: <<name/fl>>, aged <<age>>, born <<dob>>, last seen on <<date>>. Call <<land>> or 102.",
            "Statement of <<name/fl>> (visiting from abroad, phone <<phone_int>>): my wallet was stolen at the airport at <<time>>.",
            "Detained: <<name/full>>, born <<dob>>, carrying ID card No. <<idc>> and bank card <<card>>.",
        ],
        "medical": [
            "Patient: <<name/fl>>, DOB <<dob>>, IIN <<iin>>. Diagnosis: [[J06.9 acute upper respiratory infection|I10 essential hypertension|E11.9 type 2 diabetes|K29.7 gastritis]]. Attending physician: <<title/dr/fl@2>>.",
            "Referral for admission: <<name/fl>>, <<age>> years old. Next of kin <<name/fl@2>>, phone <<phone@2>>.",
            "Appointment confirmed for <<name/fl>> with <<title/dr/last@2>> on <<date>> at <<time>>, room 214. A reminder will be sent to <<phone>>.",
            "Discharge summary: <<name/fl>> (born <<dob>>) was treated in the cardiology ward from <<date/num>> to <<date/num>>.",
            "Lab results for <<name/fl>> are ready. Order <<order>>, access code <<code>>. Questions: <<email_org>>.",
            "Travel insurance claim: insured <<name/fl>>, date of birth <<dob>>, passport <<pass>>, clinic invoice <<invoice>>.",
            "Hi <<title/dr/last@2>>, patient <<name/fl>> asked to reschedule, <<g/his/her>> number is <<phone>>.",
        ],
        "delivery": [
            "Your order #<<order>> is out for delivery. Recipient: <<name/fl>>, phone <<phone>>. Address: <<street>>, <<postal>>.",
            "Parcel <<track>> has arrived at the pickup point. Pickup code <<code>>. Open 09:00–21:00.",
            "Your courier <<name/first>> will arrive between <<time>> and <<time>>. Contact: <<phone_kz>>.",
            "Package <<track>> from <<name/fl@2>> is waiting at Kazpost office <<postal>>. <<name/fl>> must present an ID.",
            "Refund for order <<order>> approved: <<amount_fx>> will be returned to card <<card_mask>> within 3 business days. Buyer: <<name/fl>>, <<email>>.",
            "Paid with card <<card>> (cardholder <<name/upper_lat>>), receipt sent to <<email>>.",
            "Your order <<order>> has shipped, tracking <<track>>. Seller contact: <<phone_int>>.",
            "LC|courier came but im not home, pls leave it with my neighbour <<name/first@2>> <<phone@2>>",
            "Flight booking: passenger <<name/upper_lat>>, passport <<pass>>, date of birth <<dob/num>>. Paid by card <<card>>.",
        ],
        "signature": [
            "Kind regards,\n<<name/fl>>\n[[Chief Accountant|Account Manager|Legal Counsel|Head of Procurement]], <<company>>\nT: <<land>> | M: <<phone>>\n<<email>>",
            "--\n<<name/fl>> | Business Development | <<company>> | <<email>> | <<phone_int>>",
            "Best regards, <<name/fl>>, Director, <<company>> (BIN <<bin>>). Office: <<land>>.",
            "Sent from my iPhone\n<<name/first>> <<phone_int>>",
            "<<title/dr/fl>>\nVisiting Professor, <<univ>>\n<<email>> | <<phone_int>>",
            "Cheers,\n<<name/short>>\nfollow us: <<handle>>",
        ],
        "gov": [
            "eGov application No. <<order>>: certificate of no criminal record. Applicant: <<name/full>>, IIN <<iin>>. The result has been sent to <<email>>.",
            "<<name/full>> applied at the Public Service Center of Almaly district to replace passport <<pass>>, presenting ID card No. <<idc>> issued on <<date/num>>.",
            "Notification: state registration of legal entity <<company>> is complete, BIN <<bin>> assigned. Applicant: <<name/fl>>, IIN <<iin>>.",
            "PSC appointment: <<date>> at <<time>>, window 12. Booking code <<code>>. IIN <<iin>>, phone <<phone>>.",
            "Your eGov request was rejected: IIN <<iin_bad>> was not found in the State Database of Individuals. Please check the number or call <<short>>.",
            "Residence permit application for <<name/fl>> (foreign national), date of birth <<dob>>, phone <<phone_int>>, email <<email>>.",
            "Birth registration: <<g/father/mother@2>> <<name/full@2>>, IIN <<iin@2>>; child <<name/fl>>, born on <<dob_new>>.",
            "eGov: signed in to the personal account with a digital signature from IP <<ip>>. User: <<name/fl>>, IIN <<iin>>.",
            "Your request has been registered under number <<nine>>. The reply will be sent to <<email>> within 15 working days.",
        ],
        "rental": [
            "Lease agreement No. <<contract>> dated <<date>> between <<name/full>> (IIN <<iin>>, ID card <<idc>>) as Landlord and <<name/fl@2>> (passport <<pass@2>>) as Tenant.",
            "Rent of <<amount>> per month is payable to account <<iban>> at <<bank>> (BIC <<bic>>), beneficiary <<name/fl>>.",
            "LC|1br flat for rent near <<street>>, 180k tenge/month, no agents, call <<phone>> <<name/first>>",
            "Tenant <<name/fl>> shall vacate the premises by <<date>>. The deposit of <<amount_fx>> will be refunded to card <<card>>.",
            "Handover act: 2 keys handed over to <<name/fl@2>>. Electricity meter reading 04512.",
            "Office sublease: tenant <<company>>, BIN <<bin>>, represented by its director <<name/full>> acting under the Charter.",
            "LC|looking for a long-term rental, family of 3, no pets. <<name/first>> <<phone_int>>",
            "Hotel Kazzhol: guest <<name/full>>, passport <<pass>>, date of birth <<dob>>, room 512, check-in <<date/num>>, paid by card <<card>>.",
        ],
        "edu": [
            "Student <<name/full>>, group [[IS-21-3|CS-22-1|EC-20-2|LAW-23-5]], IIN <<iin>>, enrolled in year 1 by order No. <<contract>> of <<date>>.",
            "This certificate is issued to <<name/fl>>, born <<dob>>, confirming full-time enrolment at <<univ>>.",
            "Parent: <<name/fl@2>>, phone <<phone@2>>. Student <<name/fl>> (Grade 7B) was absent on <<date>> due to illness.",
            "UNT results: <<name/fl>>, test-taker code <<nine>>, score 112.",
            "Portal login: <<email>>; a temporary password was sent to <<phone>>. Group advisor: <<title/dr/fl@2>>.",
            "Transcript request from <<name/fl>> (student ID <<tab>>), date of birth <<dob>>, to be sent to <<email>>.",
            "Grades: <<name/short>> - A, <<name/short@2>> - B+, <<name/short@3>> - absent.",
            "Tuition agreement: student <<name/full>>, IIN <<iin>>; payer <<company>>, BIN <<bin>>, account <<iban>>.",
        ],
        "log": [
            "2024-03-14 10:22:31,417 INFO [auth] login ok user=<<email>> ip=<<ip>> iin=<<iin>> session=<<uuid>>",
            'GBD FL lookup failed: {"iin": "<<iin>>", "status": 404, "request_id": "<<uuid>>", "client_ip": "<<ip>>"}',
            "WARN payment declined card=<<card>> amount=<<amount_num>> ip=<<ip6>> reason=do_not_honor",
            "[<<date_iso>> <<time>>] sms-gw: delivered to <<phone>> status=DELIVERED svc=<<ver>>",
            "audit: operator <<name/fl>> viewed customer profile iban=<<iban>> from <<ip>>",
            'DEBUG consumer offset=<<order12>> build=<<ver>> host=<<ip>> msg="queue empty"',
            '<<ip>> - - [<<clf>>] "GET /api/v2/orders/<<order>> HTTP/1.1" 200 512 "-" "okhttp/4.9.3"',
            'ERROR mail to <<email>> bounced: SMTP 550, payload={"name": "<<name/fl>>", "phone": "<<phone>>", "dob": "<<dob/num>>"}',
            "WARN brute-force: 12 failed logins for <<phone>> from <<ip>>, <<ip>>; account locked until <<time>>",
        ],
        "sms": [
            "Kaspi.kz: <<name/fi@2>> sent you <<amount>>. Kaspi Gold balance: <<amount>>.",
            "Your verification code is <<code>>. Do not share it with anyone.",
            "Hi <<name/first>>, reminder: dental appointment on <<date>> at <<time>>. To cancel call <<land>>.",
            "LC|Mom it's me, new number <<phone>>, old one broke. send 20000 to card <<card>> asap",
            "Beeline: your balance is <<amount>>. Top up <<phone>> in the app.",
            "Yandex Go: your driver <<name/first>> is arriving in a white Chevrolet Cobalt, plate <<plate>>.",
            "Missed call from <<phone_int>> at <<time>>.",
            "Halyk: purchase <<amount>>, card <<card_mask>>, <<company>>. Available <<amount>>.",
        ],
    },
}

SLOT_RE = re.compile(r"<<([a-z_0-9]+)((?:/[^/@>]*)*)(?:@(\d))?>>|\[\[([^\]]*)\]\]")
PERSON_SLOTS = {"name", "g", "iin", "phone", "email", "dob", "age", "pass", "idc", "title"}
KZ_NEEDING = {"iin", "pass", "idc"}

NEGATIVE_SLOTS = {
    "iin_bad",
    "bin_bad",
    "card_bad",
    "card_mask",
    "iban_bad",
    "amount",
    "amount_fx",
    "amount_num",
    "order",
    "order12",
    "track",
    "contract",
    "invoice",
    "ver",
    "time",
    "date",
    "date_iso",
    "postal",
    "bic",
    "kbe",
    "knp",
    "plate",
    "street",
    "company",
    "univ",
    "nine",
    "fake_email",
    "handle",
    "code",
    "erdr",
    "kadastr",
    "ticket",
    "tab",
    "short",
    "uuid",
    "clf",
    "bank",
}
HARD_NEG = {
    "iin_bad",
    "bin_bad",
    "card_bad",
    "card_mask",
    "iban_bad",
    "amount",
    "amount_fx",
    "order",
    "order12",
    "track",
    "contract",
    "invoice",
    "ver",
    "postal",
    "bic",
    "kbe",
    "knp",
    "plate",
    "street",
    "company",
    "univ",
    "nine",
    "fake_email",
    "handle",
    "erdr",
    "kadastr",
    "date",
    "time",
    "code",
    "short",
}
# look-alikes: invalid checksums, masked cards, other long numbers, e-mail-like strings, places/companies
# named after people, car plates, bank codes, versions
NARROW_NEG = {
    "iin_bad",
    "bin_bad",
    "card_bad",
    "card_mask",
    "iban_bad",
    "order12",
    "nine",
    "fake_email",
    "handle",
    "street",
    "company",
    "univ",
    "plate",
    "bic",
    "kbe",
    "knp",
    "ver",
    "erdr",
    "kadastr",
    "track",
}


class Ctx:
    def __init__(self, lang, genre, tpl):
        self.lang, self.genre = lang, genre
        need = {}
        for m in SLOT_RE.finditer(tpl):
            if m.group(1) in KZ_NEEDING:
                need[int(m.group(3) or 1)] = True
        self.need_kz = need
        self.persons = {}
        self.dob_ranges = {}
        if "<<dob_new>>" in tpl:  # birth registration: the parent is of child-bearing age
            self.dob_ranges[2] = (1984, 2001)
        if re.search(r"7 «|Grade 7", tpl):  # a 7th-grader and a parent
            self.dob_ranges[1] = (2010, 2012)
            self.dob_ranges[2] = (1972, 1990)
        self.kz_iban_code = None
        self.last_date = None
        self.num_fmt = None

    def person(self, i):
        if i not in self.persons:
            p = Person(self.lang, self.genre, i, self.need_kz.get(i, False), self.dob_ranges.get(i))
            # avoid two persons with the same surname/first name in one record (unless family)
            while any(p.last_ru == q.last_ru or p.first_ru == q.first_ru for q in self.persons.values()):
                p = Person(self.lang, self.genre, i, self.need_kz.get(i, False), self.dob_ranges.get(i))
            self.persons[i] = p
        return self.persons[i]


def render_slot(ctx, kind, args, pidx):
    """Return list of (text, entity_or_None)."""
    lang = ctx.lang
    if kind in PERSON_SLOTS:
        p = ctx.person(pidx)
    if kind == "name":
        fmt = args[0] if args and args[0] else None
        case = args[1] if len(args) > 1 else None
        if fmt is None:
            if lang == "en":
                fmt = R.choices(["fl", "full", "short", "lf"], [60, 20, 12, 8])[0]
            else:
                fmt = R.choices(["full", "fl", "short", "lf"], [40, 30, 22, 8])[0]
        if fmt == "lf" and lang == "en":
            p_first, p_last, _ = p.parts("en")
            if p.eth == "foreign" and p.origin in FAMILY_FIRST:
                return [(p.name(lang, "fl"), "PERSON")]
            return [(f"{p_last}, {p_first}", "PERSON")]
        return [(p.name(lang, fmt, case), "PERSON")]
    if kind == "title":  # English honorific + surname or full name; honorific outside the span
        t = (
            R.choice(["Dr."])
            if (args and args[0] == "dr")
            else R.choice(["Mr.", "Mr"] if p.sex == "m" else ["Ms.", "Mrs.", "Ms"])
        )
        form = args[1] if len(args) > 1 else R.choice(["last", "fl"])
        return [(t + " ", None), (p.name(lang, form), "PERSON")]
    if kind == "g":
        return [(args[0] if p.sex == "m" else args[1], None)]
    if kind == "iin":
        v = p.iin()
        if R.random() < 0.04:
            v = f"{v[:6]} {v[6:]}"
        return [(v, "KZ_IIN")]
    if kind == "iin_bad":
        return [(bad_iin(), None)]
    if kind == "bin":
        return [(gen_bin(), "KZ_BIN")]
    if kind == "bin_bad":
        return [(bad_kz(gen_bin()), None)]
    if kind == "pass":
        return [("N" + digits(8, False), "KZ_PASSPORT")]
    if kind == "idc":
        return [("0" + digits(8, False), "KZ_ID_CARD")]
    if kind == "phone":
        return [(fmt_kz_mobile(p.phone()), "PHONE_NUMBER")]
    if kind == "phone_kz":
        return [(fmt_kz_mobile(gen_kz_mobile_digits()), "PHONE_NUMBER")]
    if kind == "land":
        return [(gen_kz_land(), "PHONE_NUMBER")]
    if kind == "phone_ru":
        return [(gen_ru_phone(), "PHONE_NUMBER")]
    if kind == "phone_int":
        return [(gen_int_phone(), "PHONE_NUMBER")]
    if kind == "email":
        return [(p.email(), "EMAIL_ADDRESS")]
    if kind == "email_org":
        loc = R.choice(
            [
                "info",
                "support",
                "hr",
                "office",
                "priemnaya",
                "kense",
                "clinic.reg",
                "zakaz",
                "help",
                "buh",
                "noreply",
                "sales",
            ]
        )
        dom = R.choice(
            [
                "altyndala.kz",
                "steppe-tech.kz",
                "medcenter-zhan.kz",
                "qazlogistics.kz",
                "ainur-clinic.kz",
                "kazsnab.kz",
                "sapar-trade.com",
                "edu-astana.kz",
                "nomad-rent.kz",
                "mail.kz",
            ]
        )
        return [(f"{loc}@{dom}", "EMAIL_ADDRESS")]
    if kind == "iban":
        v, code = gen_kz_iban(ctx.kz_iban_code)
        ctx.kz_iban_code = code
        if R.random() < 0.2:
            v = group4(v)
        return [(v, "IBAN_CODE")]
    if kind == "iban_int":
        v = gen_int_iban()
        if R.random() < 0.5:
            v = group4(v)
        return [(v, "IBAN_CODE")]
    if kind == "iban_bad":
        v, _ = gen_kz_iban()
        i = R.randint(7, 19)
        while not v[i].isdigit():
            i = R.randint(7, 19)
        v = v[:i] + str((int(v[i]) + R.randint(1, 9)) % 10) + v[i + 1 :]
        assert not iban_ok(v)
        return [(v, None)]
    if kind == "card":
        return [(fmt_card(gen_card_digits()), "CREDIT_CARD")]
    if kind == "card_bad":
        return [(fmt_card(gen_card_digits(False)), None)]
    if kind == "card_mask":
        n = gen_card_digits()
        return [
            (
                R.choice(
                    [
                        f"{n[:4]} {n[4:6]}** **** {n[-4:]}",
                        f"*{n[-4:]}",
                        f"{n[:6]}******{n[-4:]}",
                        f"**** {n[-4:]}",
                        f"{n[:4]} **** **** {n[-4:]}",
                    ]
                ),
                None,
            )
        ]
    if kind == "ip":
        return [(gen_ip(), "IP_ADDRESS")]
    if kind == "ip6":
        return [(gen_ip6(), "IP_ADDRESS")]
    if kind == "dob":
        mode = args[0] if args and args[0] else "any"
        return [(fmt_date(p.dob, lang, mode), "DATE_OF_BIRTH")]
    if kind == "age":
        today = dt.date(2024, 6, 1)
        n = today.year - p.dob.year - ((today.month, today.day) < (p.dob.month, p.dob.day))
        if args and args[0] == "ru":
            word = (
                "год"
                if n % 10 == 1 and n % 100 != 11
                else "года"
                if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14)
                else "лет"
            )
            return [(f"{n} {word}", None)]
        return [(str(n), None)]
    # ---- negatives / neutral
    if kind == "amount":
        return [(gen_amount(lang), None)]
    if kind == "amount_fx":
        return [(gen_amount_fx(lang), None)]
    if kind == "amount_num":
        return [(f"{R.randint(500, 900000)}.{R.choice(['00', '50'])}", None)]
    if kind == "order":
        return [(gen_order(), None)]
    if kind == "order12":
        return [(gen_order12(), None)]
    if kind == "track":
        return [(gen_track(), None)]
    if kind == "contract":
        return [
            (
                R.choice(
                    [
                        f"{R.randint(1, 99)}/{R.randint(1, 12):02d}-А",
                        f"Д-2024/{digits(4, False)}",
                        f"АР-{R.randint(10, 999)}",
                        f"{R.randint(100, 9999)}-к",
                        f"{R.randint(1, 400)}-ЛС",
                    ]
                )
                if lang != "en"
                else R.choice(
                    [f"LA-2024/{digits(4, False)}", f"{R.randint(10, 999)}/24", f"HR-{R.randint(100, 9999)}"]
                ),
                None,
            )
        ]
    if kind == "invoice":
        return [
            (
                R.choice(
                    [
                        f"INV-2024-{digits(6, False)}",
                        f"СФ-{digits(6, False)}",
                        f"{digits(7, False)}",
                        f"00{digits(5)}",
                    ]
                ),
                None,
            )
        ]
    if kind == "ver":
        return [(gen_ver(), None)]
    if kind == "time":
        return [(time_s(), None)]
    if kind == "date":
        mode = args[0] if args and args[0] else "any"
        if ctx.last_date is None:
            d = rand_date(2019, 2024)
        else:
            d = ctx.last_date + dt.timedelta(days=R.randint(1, 400))
        ctx.last_date = d
        if mode == "num":
            if ctx.num_fmt is None:
                ctx.num_fmt = R.choice(["%d.%m.%Y", "%d.%m.%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d"])
            return [(d.strftime(ctx.num_fmt), None)]
        return [(fmt_date(d, lang, mode), None)]
    if kind == "dob_new":  # a newborn's birth date (not tied to a person with other identifiers)
        return [(fmt_date(rand_date(2023, 2024), lang), "DATE_OF_BIRTH")]
    if kind == "date_iso":
        return [(f"{rand_date(2023, 2025):%Y-%m-%d}", None)]
    if kind == "clf":
        d = rand_date(2023, 2025)
        return [
            (f"{d.day:02d}/{EN_MON[d.month - 1][:3]}/{d.year}:{time_s()}:{R.randint(0, 59):02d} +0500", None)
        ]
    if kind == "postal":
        return [(gen_postal(lang), None)]
    if kind == "bic":
        code = ctx.kz_iban_code = ctx.kz_iban_code or R.choice(list(BANKS))
        return [(BANKS[code][0], None)]
    if kind == "bank":
        code = ctx.kz_iban_code = ctx.kz_iban_code or R.choice(list(BANKS))
        return [(BANKS[code][{"ru": 1, "kk": 2, "en": 3}[lang]], None)]
    if kind == "kbe":
        return [(R.choice(["17", "19", "14", "18"]), None)]
    if kind == "knp":
        return [(R.choice(["119", "342", "911", "710", "859"]), None)]
    if kind == "plate":
        return [(gen_plate(), None)]
    if kind == "street":
        return [(R.choice(STREETS[lang]), None)]
    if kind == "company":
        return [(R.choice(COMPANIES[lang]), None)]
    if kind == "univ":
        return [(R.choice(UNIV[lang]), None)]
    if kind == "nine":
        return [(gen_nine(), None)]
    if kind == "fake_email":
        return [(gen_fake_email(), None)]
    if kind == "handle":
        return [(gen_handle(), None)]
    if kind == "code":
        return [(digits(R.choice([4, 6])), None)]
    if kind == "erdr":
        return [(f"{R.randint(23, 24)}{R.choice(['7511', '1500', '7110', '0131'])}{digits(9, False)}", None)]
    if kind == "kadastr":
        return [(f"{R.randint(1, 21):02d}-{digits(3)}-{digits(3, False)}-{digits(3, False)}", None)]
    if kind == "ticket":
        return [(R.choice([digits(5), f"SUP-{digits(5)}", digits(6)]), None)]
    if kind == "tab":
        return [(R.choice([f"{digits(5, False)}", f"TN-{digits(4)}", f"0{digits(4, False)}"]), None)]
    if kind == "short":
        return [(R.choice(["1414", "7111", "3000", "9999"]), None)]
    if kind == "uuid":
        return [(uuid_s(), None)]
    raise KeyError(kind)


def render(lang, genre, tpl):
    lc = False
    if tpl.startswith("LC|"):
        tpl = tpl[3:]
        lc = R.random() < 0.6
    ctx = Ctx(lang, genre, tpl)
    pieces = []  # (text, entity)
    used = set()
    pos = 0
    for m in SLOT_RE.finditer(tpl):
        if m.start() > pos:
            pieces.append((tpl[pos : m.start()], None))
        if m.group(4) is not None:
            pieces.append((R.choice(m.group(4).split("|")), None))
        else:
            kind = m.group(1)
            args = m.group(2).split("/")[1:] if m.group(2) else []
            pidx = int(m.group(3) or 1)
            used.add(kind)
            for text, ent in render_slot(ctx, kind, args, pidx):
                if lc and ent == "PERSON":
                    text = text.lower()
                pieces.append((text, ent))
        pos = m.end()
    if pos < len(tpl):
        pieces.append((tpl[pos:], None))
    text = ""
    spans = []
    for piece, ent in pieces:
        if ent is None and piece.startswith(".") and text.endswith("."):
            piece = piece[1:]  # "Иванов И.И." + "." -> one period
        start = len(text)
        text += piece
        if ent:
            spans.append({"start": start, "end": len(text), "entity": ent, "_value": piece})
    for s in spans:
        assert text[s["start"] : s["end"]] == s.pop("_value")
    return text, spans, bool(used & HARD_NEG), used


def main():
    records = []
    neg_records = 0
    narrow_records = 0
    for lang in ("ru", "kk", "en"):
        n = TARGET[lang]
        # per genre: cycle through shuffled templates so every template is used before repeats
        queues = {}
        for i in range(n):
            genre = GENRES[i % len(GENRES)]
            q = queues.get(genre)
            if not q:
                q = list(TEMPLATES[lang][genre])
                R.shuffle(q)
                queues[genre] = q
            tpl = q.pop()
            text, spans, hard, used = render(lang, genre, tpl)
            neg_records += hard
            narrow_records += bool(used & NARROW_NEG)
            records.append(
                {"id": f"{lang}-{i + 1:04d}", "lang": lang, "genre": genre, "text": text, "spans": spans}
            )
    self_check(records)
    with open(OUT, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(
        f"wrote {len(records)} records to {OUT}; records with hard-negative slots: {neg_records} "
        f"(look-alike identifiers / named-after-person places only: {narrow_records})"
    )
    ents = Counter()
    for r in records:
        for s in r["spans"]:
            ents[(r["lang"], s["entity"])] += 1
    for e in sorted({e for _, e in ents}):
        print(f"  {e:15s} ru={ents[('ru', e)]:4d} kk={ents[('kk', e)]:4d} en={ents[('en', e)]:4d}")


def self_check(records):
    try:
        from kz_iin_validator import validate_iin
    except Exception:  # oracle optional
        validate_iin = None
    print(
        "self-check: kz-iin-validator oracle", "used" if validate_iin else "NOT available (own checksum only)"
    )
    ids = set()
    for r in records:
        assert r["id"] not in ids
        ids.add(r["id"])
        prev_end = -1
        for s in sorted(r["spans"], key=lambda s: s["start"]):
            assert s["start"] >= prev_end, ("overlap", r["id"])
            assert s["start"] < s["end"]
            prev_end = s["end"]
            v = r["text"][s["start"] : s["end"]]
            assert v == v.strip(), (r["id"], v)
            e = s["entity"]
            if e in ("KZ_IIN", "KZ_BIN"):
                d = v.replace(" ", "")
                assert kz_valid(d), (r["id"], v)
                if e == "KZ_IIN":
                    assert d[6] in "123456"
                    dt.date(
                        int({"1": "18", "2": "18", "3": "19", "4": "19", "5": "20", "6": "20"}[d[6]] + d[:2]),
                        int(d[2:4]),
                        int(d[4:6]),
                    )
                    if validate_iin:
                        validate_iin(d)  # raises if the oracle disagrees
                else:
                    assert d[4] in "456" and d[5] in "0123" and 1 <= int(d[2:4]) <= 12
            elif e == "IBAN_CODE":
                assert iban_ok(v), (r["id"], v)
            elif e == "CREDIT_CARD":
                d = re.sub(r"[ -]", "", v)
                assert luhn_ok(d) and len(d) in (15, 16), (r["id"], v)
            elif e == "KZ_PASSPORT":
                assert re.fullmatch(r"N\d{8}", v)
            elif e == "KZ_ID_CARD":
                assert re.fullmatch(r"\d{9}", v)
            elif e == "EMAIL_ADDRESS":
                assert re.fullmatch(r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}", v), v
            elif e == "PHONE_NUMBER":
                assert re.fullmatch(r"[+(\d][\d ()+-]*\d", v), v
            elif e == "IP_ADDRESS":
                import ipaddress

                ipaddress.ip_address(v)
        # every 12-digit run in the text that is not labelled must be checksum-invalid
        labelled = {(s["start"], s["end"]) for s in r["spans"]}
        for m in re.finditer(r"(?<!\d)\d{12}(?!\d)", r["text"]):
            if (m.start(), m.end()) not in labelled:
                assert not kz_valid(m.group()), ("unlabelled valid 12-digit", r["id"], m.group())
        for m in re.finditer(r"\b(?:KZ|DE|GB|FR|TR)\d\d(?: ?[0-9A-Z]{4})+(?: ?[0-9A-Z]{1,3})?\b", r["text"]):
            if (m.start(), m.end()) not in labelled:
                assert not iban_ok(m.group()), ("unlabelled valid IBAN", r["id"], m.group())
        for m in re.finditer(r"(?<![\d ])(?:\d{4}[ -]?){3}\d{4}(?![\d])", r["text"]):
            if (m.start(), m.end()) not in labelled:
                assert not luhn_ok(m.group()), ("unlabelled Luhn-valid 16-digit", r["id"], m.group())


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
