"""Street addresses (``STREET_ADDRESS``) in Kazakh, Russian and English text, by rules and gazetteers.

An address is found from its core, a street with a house number, in one of these shapes:

- Russian, street type first: ``ул. Абая, д. 150, кв. 12``, ``пр-т Достык 52/2``,
  ``мкр. Самал-2, д. 5``, ``переулок Тихий 3``;
- Kazakh (and Russian) street name first: ``Абай даңғылы, 150``, ``Төле би көшесі 45-үй, 12-пәтер``,
  ``Самал-2 шағын ауданы, 5-үй``, ``3 мкр., д. 15``;
- English, number first: ``123 Main Street, Apt 4``, ``1600 Pennsylvania Ave NW``; number last
  (Kazakhstan and Europe): ``Abay Avenue 150``, ``ul. Abaya 150``, ``Friedhofstrasse 33``;
- chat forms in lower case: ``ул абая 44 кв 3``, ``абая 150 кв 12`` (a flat number is then required),
  ``мен абай көшесі 44 үй``;
- residential complexes: ``ЖК «Нурлы Тау», блок 3, кв. 41``;
- a city of the gazetteer, a comma and a bare street name with its number, as forms and registers write
  them: ``Алматы, Абая 150/230``, ``Нұр-Сұлтан, Мәңгілік Ел 55/20``, ``Almaty, Dostyk ave 97``;
- military post: ``PSC 1234, Box 5678 APO AE 12345``; ``PO Box 1422``;
- after an address cue (``address:``, ``адрес:``, ``мекенжайы:``, ``located at``, ``проживает по``):
  the rest of the line when it holds a number.

The core is then widened over what sits next to it: apartment or office (``кв. 12``, ``12-пәтер``,
``Apt 4``), a city (``г. Алматы``, ``Алматы қаласы``, ``Almaty``; gazetteer of Kazakhstan's cities),
a district, region or country, a microdistrict or ``ЖК``/``БЦ`` before the street, a flat or office
before an English street (``Flat 2, 10 Downing Street``), postal codes (Kazakhstan's ``A01 P3K4`` /
``Z10A0A0`` and old 6-digit ones, 5-digit foreign ones, British ``SW1A 2AA``) and short continuation
lines of a multi-line address block.

A new-format Kazakhstan postal code on its own is reported with a lower score; a 6-digit number is a
postal code only next to an address or after ``индекс``/``index``/``пошта индексі``.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

import numpy as np

from senim.privacy._hsdb import block_database, scan_joined
from senim.privacy._hsdb import hs as _hs
from senim.privacy.ner.base import KK_STREET_TYPES, RU_STREET_TYPES, STREET_ADDRESS, wordset
from senim.privacy.types import Language, Span

__all__ = ["KZ_CITIES", "AddressFinder", "find_addresses"]

DETECTOR: Final = "address.rule"

_UP: Final = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_LO: Final = "а-яёәғқңөұүһі"
_CY: Final = _UP + _LO

#: Cities and towns of Kazakhstan in Russian, Kazakh and Latin spellings (gazetteer facts).
KZ_CITIES: Final[frozenset[str]] = wordset(
    """
    Алматы Алма-Ата Астана Нур-Султан Нұр-Сұлтан Шымкент Чимкент Караганда Қарағанды Актобе Ақтөбе
    Тараз Павлодар Усть-Каменогорск Өскемен Семей Семипалатинск Атырау Костанай Қостанай Кызылорда
    Қызылорда Уральск Орал Петропавловск Петропавл Актау Ақтау Темиртау Теміртау Туркестан Түркістан
    Кокшетау Көкшетау Талдыкорган Талдықорған Экибастуз Екібастұз Жезказган Жезқазған Конаев Қонаев
    Капчагай Қапшағай Рудный Балхаш Балқаш Сатпаев Сәтбаев Каскелен Қаскелең Талгар Талғар Есик Есік
    Жанаозен Жаңаөзен Кентау Риддер Степногорск Щучинск Аксай Ақсай Байконур Байқоңыр Аркалык Арқалық
    Лисаковск Шахтинск Сарань Хромтау Кульсары Құлсары Житикара Жітіқара Аягоз Аягөз Зайсан Косшы Қосшы
    Almaty Alma-Ata Astana Nur-Sultan Shymkent Karaganda Karagandy Aktobe Aqtobe Taraz Pavlodar
    Ust-Kamenogorsk Oskemen Semey Atyrau Kostanay Qostanay Kyzylorda Qyzylorda Uralsk Oral Petropavl
    Petropavlovsk Aktau Aqtau Temirtau Turkestan Turkistan Kokshetau Taldykorgan Ekibastuz Zhezkazgan
    Konaev Kapchagay Rudny Balkhash Satpayev Kaskelen Talgar Zhanaozen Baikonur
    """
)
_CITY_ALT: Final = "|".join(sorted((re.escape(c) for c in KZ_CITIES), key=len, reverse=True))

# ---------------------------------------------------------------------------------------- pieces
_CYR_NAME_WORD: Final = (
    rf"(?:[{_UP}][{_LO}]+(?:-[{_UP}]?[{_LO}]+|-\d{{1,2}}[{_LO}]?(?![{_CY}]))?|[{_UP}]{{2,}}"
    rf"|\d{{1,3}}(?:-?(?:я|й|го|ая|ий))?(?!\d)|[{_UP}]\.|им\.|имени|би|батыра|батыр|ата|ана|лет|жолы"
    rf"|хана|хан|жырау|баба|бек)"
)
_CYR_NAME: Final = rf"{_CYR_NAME_WORD}(?:[ \t]+{_CYR_NAME_WORD}){{0,3}}"
_HOUSE_NUM: Final = (
    rf"\d{{1,4}}(?:[ \t]?[{_UP}{_LO}A-Za-z](?![{_CY}\w]))?(?:[ \t]?[/-][ \t]?\d{{1,4}}[{_LO}]?)?"
)

_RU_TYPES: Final = RU_STREET_TYPES
_KK_TYPES: Final = KK_STREET_TYPES
# Street types that chat writes before a street's name in lower case ("ул абая 44"), and such a name.
_CHAT_TYPES: Final = r"(?:ул|улица|мкр|мкрн|мкр-н|микрорайон|просп|проспект|пр-т|пр-кт)"
_LOWER_NAME: Final = rf"[{_LO}]{{3,}}(?:-?\d{{1,2}}|[ \t]+(?:\d{{1,2}}(?!\d)|би|батыра|хана|жырау))?"
_RU_HOUSE: Final = (
    rf"(?:д(?:ом)?\.?|зд(?:ание)?\.?|уч(?:асток)?\.?|үй)?[ \t]*№?[ \t]*{_HOUSE_NUM}(?:[ \t]?-?[ \t]?үй)?"
)
_RU_EXTRA: Final = (
    rf"(?:,?[ \t]*(?:корп(?:ус)?\.?|к\.|стр(?:оение)?\.?|блок|литер[ \t]?|кв(?:артира)?\.?|оф(?:ис)?\.?"
    rf"|пом(?:ещение)?\.?|н\.[ \t]?п\.|комн(?:ата)?\.?|каб(?:инет)?\.?|пәтер|кеңсе|под(?:ъезд)?\.?"
    rf"|эт(?:аж)?\.?)[ \t]*№?[ \t]*\d{{1,4}}(?:[{_UP}{_LO}](?![{_CY}]))?"
    rf"|,?[ \t]*\d{{1,4}}[ \t]?-?[ \t]?(?:пәтер|кеңсе|кв\.?|этаж|қабат)(?![{_CY}]))"
)

_EN_TYPES: Final = (
    r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Dr|Court|Ct|Place|Pl|Square|Sq"
    r"|Terrace|Ter|Way|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Crescent|Cres|Close|Row|Alley|Trail|Trl|Loop"
    r"|Path|Pike|Plaza|Gardens|Grove|Mews|Walk|Hill|Heights|Crossing|Crossroad|Pass|Greens|Radial|View"
    r"|Ridge|Junction|Meadows|Mall|Expressway|Freeway|Turnpike|Wharf|Quay|Esplanade|Microdistrict"
    r"|Prospekt|Prospect|Ulitsa|Koshesi|Dangyly|microdistrict)"
)
_EN_WORD: Final = r"(?:[A-Z][\w'’.-]*|\d{1,3}(?:st|nd|rd|th)|[a-z]{1,3}\.?)"
_EN_CAP_WORD: Final = r"(?:[^\W\d_a-z][\w'’-]*)"
_EN_DIR: Final = r"(?:[NSEW]\.?|N[EW]|S[EW]|North|South|East|West)"
_EN_UNIT: Final = (
    r"(?:,?[ \t]*+\n?[ \t]*+"
    r"(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Office|Bldg|Building|Box|kv|apt|office)"
    r"\.?[ \t]*#?[ \t]*\w{1,6}|[ \t]*#[ \t]?\d{1,5})"
)
# Street words of other European languages, as a suffix ("Friedhofstrasse") or a prefix ("Rue X").
_EU_SUFFIX: Final = (
    r"(?:strasse|straße|str\.|gasse|weg|vej|veien|vegen|gata|gatan|gade|laan|straat|plein|katu|tie|kuja"
    r"|utca|út|u\.|ulica|ul\.|allee|platz|torget|torg|stræde|väg|vägen|bakken|brekka|braut|vegur)"
)
_EU_PREFIX: Final = (
    r"(?:Rue|Via|Viale|Calle|Avenida|Av\.|Avda\.|Rua|Rúa|Praça|Piazza|Plaza|Plac|Place|Paseo|Carrer|Strada"
    r"|Avenue|Boulevard|Chemin|Allée|Quai|Impasse|Ul\.|ul\."
    r"|ulica|Aleja|al\.|Ulitsa|ulitsa|Prospekt|prospekt|pr\.|mkr\.?|Mkr\.?|microdistrict|Microdistrict)"
)
# Street words that also stand alone after the name ("Villacher Strasse 89", "Koepenicker Str. 74",
# "Wesselényi u. 94.", "Árpád fejedelem útja 3.").
_EU_SUFFIX_WORD: Final = (
    r"(?:strasse|straße|str\.|gasse|weg|allee|platz|straat|laan|utca|út|útja|u\.|ulica|ul\.|vej|gata"
    r"|gatan|gade|katu|vägen)"
)

# A residential complex or business centre before the street ("ЖК «Хайвил», ул. Акмешит, 1").
_COMPLEX: Final = r"(?:ЖК|БЦ|ТРЦ|ТЦ|ЖМ)[ \t]*«[^»\n]{1,40}»"
# A bare street after a city of the gazetteer ("Алматы, Абая 150/230"): not a month or a country,
# and a number that is not an age, a year, an amount or a measure.
_NOT_STREET: Final = (
    r"(?:январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|сентябр[ьяе]"
    r"|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе]|(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек"
    r"|қазан|қараша|желтоқсан)(?:да|де|та|те|ында|інде|ы|і)?|казахстан|қазақстан|россия|рк|қр)"
)
_BARE_STREET: Final = (
    rf"(?:(?!(?i:{_NOT_STREET})(?![{_LO}]))"
    # a surname before another capitalised word is a person ("Иванов Иван 35"), not a street
    rf"(?![{_UP}][{_LO}]*(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|ұлы|қызы|улы|кызы)[ \t]+[{_UP}])"
    rf"[{_UP}][{_LO}]+(?:-[{_UP}]?[{_LO}]+)?"
    rf"(?:[ \t]+(?:[{_UP}][{_LO}]+|би|батыр|батыра|ата|хан|хана|жырау|баба)){{0,2}}"
    rf"|[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?(?:[ \t]+(?i:avenue|ave|street|st|str|prospekt|ulitsa)\.?)?)"
)
_NOT_HOUSE: Final = (
    r"(?![ \t]*(?:лет|год|года|жас|жыл|жылы|years?|yo\b|кг|см|км|м\b|%|тг|тенге|₸|руб|млн|млрд|тыс|шт"
    r"|человек|адам|мин|сағ|час))"
)

# Lower-case words inside a European street name ("Rue de Rivoli").
_EU_PARTICLE: Final = r"(?:de|du|des|la|le|del|della|delle|dello|degli|dei|di|da|do|dos|das|van|von|der|den)"
# A particle before a name word: a word and blanks, or an elided one glued to it ("d'Ouchy", "l'Église").
_EU_PARTICLE_BEFORE: Final = rf"(?:{_EU_PARTICLE}[ \t]+|[dl]['’])"

_FLAGS: Final = re.MULTILINE

# ---------------------------------------------------------------------------------------- cores
_CORES: Final[tuple[tuple[re.Pattern[str], float], ...]] = (
    # ул. Абая, д. 150, кв. 12 / chat forms in lower case: ул абая 44 кв 3, мкр аксай 4 д 87 кв 23
    (
        re.compile(
            rf"(?<![{_CY}\w])(?:{_RU_TYPES}[ \t]*{_CYR_NAME}|{_CHAT_TYPES}\.?[ \t]+{_LOWER_NAME}),?[ \t]*"
            rf"{_RU_HOUSE}(?:{_RU_EXTRA})*",
            _FLAGS,
        ),
        0.9,
    ),
    # Абай даңғылы, 150 / Төле би көшесі 45-үй, 12-пәтер / 3 мкр., д. 15
    (
        re.compile(
            rf"(?<![{_CY}\w])(?:{_CYR_NAME}[ \t]+{_KK_TYPES}|[{_LO}]{{3,}}[ \t]+(?:көшесі|даңғылы)),?[ \t]*"
            rf"{_RU_HOUSE}(?:{_RU_EXTRA})*",
            _FLAGS,
        ),
        0.9,
    ),
    # 123 Main Street, Apt 4 / 1600 Pennsylvania Ave NW
    (
        re.compile(
            rf"\b\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}})?,?[ \t]+(?:{_EN_DIR}[ \t]+)?(?:{_EN_WORD}[ \t]+){{0,3}}"
            rf"{_EN_CAP_WORD}[ \t]+{_EN_TYPES}\b\.?(?:[ \t]+{_EN_DIR}\b\.?)?(?:{_EN_UNIT})*",
            _FLAGS,
        ),
        0.85,
    ),
    # Abay Avenue 150 / Tole Bi Street 45, apt 12
    (
        re.compile(
            # from a word start only: "\b" also let it start after every hyphen of a long hyphenated
            # word, quadratic (13 s for 40 kB of "а-а-а-…")
            rf"(?<![\w'’-])(?:{_EN_CAP_WORD}[ \t]+){{1,3}}{_EN_TYPES}\b\.?,?[ \t]+"
            rf"\d{{1,5}}[A-Za-z]?(?:/\d{{1,4}})?\b"
            rf"(?:{_EN_UNIT})*",
            _FLAGS,
        ),
        0.8,
    ),
    # Friedhofstrasse 33 / Östbygatan 14 / ul. Zamkowa 33 / Rue Hsine Eloued 20
    (
        re.compile(
            rf"(?:\b(?i:{_EU_PREFIX})[ \t]*(?:{_EN_CAP_WORD}[ \t]+|{_EU_PARTICLE_BEFORE}){{0,3}}"
            rf"[^\W\d_a-z][\w'’-]+|"
            # (?<!…), not \b: a word start, not any letter after an apostrophe or hyphen inside a
            # long word ("d'd'd'…" was tried at every letter, quadratic: 16 s for 10 kB)
            rf"(?<![\w'’-])(?:{_EN_CAP_WORD}[ \t]+){{0,2}}[^\W\d_][\w'’-]{{2,}}(?i:{_EU_SUFFIX})"
            rf"|(?<![\w'’-])(?:{_EN_CAP_WORD}[ \t]+){{1,2}}(?i:{_EU_SUFFIX_WORD}))"
            rf",?[ \t]+(?:(?i:building|bldg\.?|house|block|d\.|dom)[ \t]*)?"
            rf"\d{{1,5}}[A-Za-z]?(?:/\d{{1,4}})?\.?(?![\d.,]\d)(?:{_EN_UNIT})*",
            _FLAGS,
        ),
        0.75,
    ),
    # 6750 Koskikatu 25 Apt. 864 (number, street, number and a unit)
    (
        re.compile(
            rf"\b\d{{1,6}}[ \t]+(?:{_EN_CAP_WORD}[ \t]+){{1,3}}\d{{1,5}}[A-Za-z]?\.?(?:{_EN_UNIT})+",
            _FLAGS,
        ),
        0.75,
    ),
    # 20 Rue Hsine Eloued
    (
        re.compile(
            rf"\b\d{{1,5}},?[ \t]+{_EU_PREFIX}[ \t]+{_EU_PARTICLE_BEFORE}?"
            rf"(?:{_EN_CAP_WORD}[ \t]*{_EU_PARTICLE_BEFORE}?){{1,4}}",
            _FLAGS,
        ),
        0.75,
    ),
    # PSC 1234, Box 5678 APO AE 12345 / USNS Vincent FPO AA 12345
    (
        re.compile(
            r"\b(?:(?:PSC|CMR|Unit)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}"
            r"|USN?S[ \t]+[A-Z][a-z]+|USCGC[ \t]+[A-Z][a-z]+)"
            r"\s*[AFD]PO[ \t]+A[AEP][ \t]+\d{5}\b",
            _FLAGS,
        ),
        0.85,
    ),
    # PO Box 1422 (then widened over the city, state and ZIP code)
    (re.compile(r"P\.?[ \t]?O\.?[ \t]+Box[ \t]+\d{1,6}\b", _FLAGS), 0.7),
    # ЖК «Нурлы Тау», блок 3, кв. 41
    (
        re.compile(
            rf"{_COMPLEX},?[ \t]*(?:блок|корп(?:ус)?\.?|д(?:ом)?\.?)[ \t]*№?[ \t]*{_HOUSE_NUM}"
            rf"(?:{_RU_EXTRA})*",
            _FLAGS,
        ),
        0.8,
    ),
    # a street's name, a house and a flat, without a street type: абая 150 кв 12 / Манаса 22б, кв 14
    (
        re.compile(
            rf"(?<![{_CY}\w-])[{_CY}][{_LO}]{{3,}}(?:[ \t]+(?:би|батыра|хана|жырау))?[ \t]+"
            rf"\d{{1,4}}(?:[{_LO}](?![{_CY}]))?(?:/\d{{1,4}})?,?[ \t]*кв(?:артира)?\.?[ \t]*"
            rf"\d{{1,3}}(?![\d.,]\d)",
            _FLAGS,
        ),
        0.7,
    ),
    # Алматы, Абая 150/230 / Нұр-Сұлтан, Мәңгілік Ел 55/20 / Almaty, Dostyk ave 97
    (
        re.compile(
            rf"(?<![\w-])(?:{_CITY_ALT})(?:[ \t]+(?:қаласы|қ\.|city))?,[ \t]*{_BARE_STREET},?[ \t]+"
            rf"(?:д\.[ \t]*)?\d{{1,3}}(?:[{_LO}a-z](?![\w]))?(?:[ \t]?[/-][ \t]?\d{{1,4}})?(?![\d\w.,/-]\w)"
            rf"(?![\w]){_NOT_HOUSE}(?:{_RU_EXTRA}|{_EN_UNIT})*",
            _FLAGS,
        ),
        0.8,
    ),
)

# After an address cue: the rest of the line, when it holds a digit.
_CUE: Final = re.compile(
    r"(?i:\b(?:address|addr\.|адрес|мекенжай[ыі]?|мекен-жайы)"
    r"(?:(?:[ \t]+[^\W\d_]+){0,2}[ \t]*[:\-–—]|[ \t]+(?:is|was)\b)"
    r"|\b(?:located|live|lives|living|reside|resides|moved|deliver(?:ed)?|ship(?:ped)?|send|sent|return)"
    r"[ \t]+(?:it[ \t]+|them[ \t]+)?(?:at|to|in|on)\b"
    r"|\b(?:проживает|проживающ(?:ий|ая|его|ей))[ \t]+по(?:[ \t]+адресу)?(?:[ \t]*:)?"
    r"|\bпо[ \t]+адресу[ \t]*:?|\bтұрады[ \t]*:?|\b(?:the[ \t]+)?corner[ \t]+of)[ \t]*:?[ \t]*\n?[ \t]*"
)
_CUE_TAIL: Final = re.compile(
    r"[^\n?!;]{4,120}?(?=[.?!;]?[ \t]*(?:\n|$)|(?<!\b[^\W\d_])[.?!;][ \t]+[A-ZА-ЯЁ]|[?!;])"
)

# IP addresses, e-mail and web addresses after "address"; a phone number after "sent to … at".
_NOT_ADDRESS: Final = re.compile(
    r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:|@|https?:|www\."
    r"|(?:\+\d|\b8)[ \t(-]*\d{3}[ \t)-]*\d{3}[ \t-]*\d{2}[ \t-]*\d{2}\b|\b\d{10,12}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
)

# ---------------------------------------------------------------------------------------- context
_KZ_POST_NEW: Final = re.compile(r"(?<![\w-])[A-Z]\d{2}[ \t]?[A-Z]\d[A-Z]\d(?![\w-])")
_POST_CUE_6: Final = re.compile(
    r"(?i:\b(?:индекс|index|почтовый[ \t]+индекс|пошта[ \t]+индексі|zip|postcode|postal[ \t]+code))"
    r"[ \t]*:?[ \t]*(\d{6})\b"
)

_COUNTRY: Final = (
    r"(?:Республика[ \t]+Казахстан|Қазақстан[ \t]+Республикасы|Republic[ \t]+of[ \t]+Kazakhstan|Казахстан|"
    r"Қазақстан|Kazakhstan|РК|ҚР|Россия|Российская[ \t]+Федерация|USA|U\.S\.A\.|United[ \t]+States|"
    r"United[ \t]+Kingdom|UK|Germany|France|Canada|Кыргызстан|Узбекистан|Kyrgyzstan|Uzbekistan)"
)
_CITY: Final = (
    rf"(?:(?:г\.|город|гор\.|c\.|с\.|пос\.|п\.|село|пгт|city[ \t]+of)[ \t]*"
    rf"[{_UP}][{_LO}]+(?:-[{_UP}]?[{_LO}]+)?(?:[ \t]+(?:батыр|би|ата))?"
    rf"|(?:{_CITY_ALT})(?:[ \t]+(?:қаласы|қ\.|city))?"
    rf"|[{_UP}][{_LO}]+(?:-[{_UP}]?[{_LO}]+)?[ \t]+(?:қаласы|ауылы|кенті))"
)
_REGION: Final = (
    rf"(?:(?:[{_UP}][{_LO}]+-)?[{_UP}][{_LO}]+(?:ая|ой|кая|ский)[ \t]+(?:обл\.|область)"
    rf"|[{_UP}][{_LO}]+[ \t]+облысы|[{_UP}][{_LO}]+(?:ский|ий)[ \t]+(?:р-н|район)"
    rf"|(?:район|р-н)[ \t]+[{_UP}][{_LO}]+|[{_UP}][{_LO}]+[ \t]+ауданы)"
)
# A microdistrict without a house number before the street ("мкр. Кайтпас-2, ул. Момышулы, 4").
_MKR_HEAD: Final = (
    rf"(?:(?:мкр-н|мкрн?\.?|микрорайон)[ \t]*[{_UP}][{_LO}]+(?:-[{_UP}]?[{_LO}]+)?(?:-\d{{1,2}}[{_LO}]?)?"
    rf"|[{_UP}][{_LO}]+(?:-\d{{1,2}})?[ \t]+(?:шағын|ықшам)[ \t]+ауданы)"
)
# A flat or office before an English street address ("Flat 2, 10 Downing Street").
_UNIT_HEAD: Final = r"(?:Flat|Apt\.?|Apartment|Suite|Unit|Office|Room)[ \t]*#?\d{1,4}[A-Za-z]?"
# (?<!\d): the last six digits of a longer number (a BIN before the address) are not a postal code.
_POST: Final = r"(?<!\d)(?:[A-Z]\d{2}[ \t]?[A-Z]\d[A-Z]\d|\d{6}|\d{5}(?:-\d{4})?)"
_UK_POST: Final = r"[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2}\b"
_STATE_ZIP: Final = r"[A-Z]{2}(?:[ \t]+\d{5}(?:-\d{4})?)?\b"
# Possessive blanks (``*+``): nothing after a separator starts with a blank, and a long run of blanks
# is not cut in every way before a match fails (quadratic: 15 s for 6,000 blanks after an address).
_SEP: Final = r"(?:[ \t]*+[,;]?[ \t]*+(?:\n[ \t]*>?[ \t]*)?)"

_TAIL: Final = re.compile(
    rf"{_SEP}(?:{_CITY}|{_REGION}|{_COUNTRY}|(?:[A-Z][a-z]+[ \t]+)?{_UK_POST}"
    rf"|(?<!\d)\d{{4,5}}[ \t]+[A-Z][a-z]+\b|{_POST}(?![\w-])"
    rf"|[A-Z][\w'’.-]+(?:[ \t]+[A-Z][\w'’.-]+){{0,2}},[ \t]*{_STATE_ZIP}|{_STATE_ZIP}"
    rf"|(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor)\.?[ \t]*#?\w{{1,6}}"
    rf"|(?<=\n)[ \t]*>?[ \t]*[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){{0,3}}"
    rf"(?=[ \t]*(?:[,\n]|$|\d{{4,6}}\b)))",
    _FLAGS,
)
# A postal code in the head must not be followed by another digit: otherwise a long run of digits
# splits into 5- and 6-digit "codes" in exponentially many ways before ``$`` fails (found by fuzzing).
_HEAD: Final = re.compile(
    rf"(?:(?:{_POST}(?!\d)|{_COUNTRY}|{_CITY}|{_REGION}|{_COMPLEX}|{_MKR_HEAD}|{_UNIT_HEAD}(?![\w-])){_SEP})+$",
    _FLAGS,
)

_ANY_DIGIT: Final = re.compile(r"\d")
_MAX_TAIL_ITEMS: Final = 8
_HEAD_WINDOW: Final = 120


def _extend(text: str, start: int, end: int, *, multiline_tail: bool) -> tuple[int, int]:
    """Widen ``[start, end)`` over neighbouring city, region, country, postal code and unit parts."""
    window = max(0, start - _HEAD_WINDOW)
    before = text[window:start].rstrip(" \t\n,;>")
    # every head part ends in a letter, a digit, a dot or "»": otherwise no search (it is the costly part)
    m = _HEAD.search(text, window, start) if before and (before[-1].isalnum() or before[-1] in ".»") else None
    if m is not None and m.end() == start:
        head = m.start()
        while head < start and text[head] in " \t\n,;>":
            head += 1
        start = head
    for _ in range(_MAX_TAIL_ITEMS):
        t = _TAIL.match(text, end)
        if t is None or t.end() == end:
            break
        piece = t.group()
        if "\n" in piece and not multiline_tail:
            break
        if "\n\n" in piece or len(piece) > 60:
            break
        end = t.end()
    while end > start and text[end - 1] in " \t\n,;>-":
        end -= 1
    return start, end


# Gates: a core regex runs only when a keyword it cannot match without is in the text. Gates look at
# the lower-cased text with ``in`` tests or at the set of its Latin words (both far cheaper in Python
# than a case-insensitive alternation, or a ``\b``-anchored one, scanned with ``re``). Every gate is
# looser than its core: it may open for nothing, it never hides a match.
def _alternatives(group: str) -> tuple[str, ...]:
    """The lower-cased literals of a ``(?:A|B|C)`` group, optional dots dropped, as gate keys."""
    words = group.lower().removeprefix("(?:").removesuffix(")").split("|")
    return tuple(dict.fromkeys(w.replace("\\.?", "").replace("\\", "") for w in words))


def _keys(words: str) -> tuple[str, ...]:
    return tuple(words.split())


_LATIN_WORD: Final = re.compile(r"[a-zß-öø-ÿ]+")
_RU_KEYS: Final = _keys(
    "ул у. пр б-р бул пер мкр микрорайон ш. шоссе наб пл туп тракт трасса аллея ж/м ж. м. жилой квартал "
    "кв-л даңғылы көшесі көш."
)
_KK_KEYS: Final = _keys(
    "көшесі көш. даңғылы даң. аудан ш. тұйығы бульвары алаңы жолы мкр микрорайон улица проспект"
)
_EN_WORDS: Final = frozenset(_alternatives(_EN_TYPES))
_EU_SUFFIXES: Final = tuple(k for k in _alternatives(_EU_SUFFIX) if not k.endswith("."))
_EU_DOT_SUFFIX: Final = re.compile(r"(?:str|u|ul)\.,?[ \t]+\d")
_EU_PREFIX_WORDS: Final = frozenset(k.rstrip(".") for k in _alternatives(_EU_PREFIX))
_UNIT_KEYS: Final = _keys("apt apartment suite ste unit flat floor fl room rm office bldg building box kv #")
_MIL_KEYS: Final = _keys("apo fpo dpo")
_CUE_KEYS: Final = _keys(
    "address addr. адрес мекен located live living reside moved deliver ship send sent return проживающ "
    "проживает тұрады corner"
)
_POST_KEYS: Final = _keys("индекс index zip post")
_COMPLEX_KEYS: Final = _keys("жк бц тц жм")
_FLAT_KEYS: Final = _keys("кв")
_CITY_KEYS: Final = tuple(sorted({c.lower() for c in KZ_CITIES}))


def _open_gates(low: str) -> tuple[bool, ...]:
    """Which cores of ``_CORES`` (in order) can match the text whose lower-cased form is ``low``."""
    words = set(_LATIN_WORD.findall(low))
    en = not words.isdisjoint(_EN_WORDS)
    eu_prefix = not words.isdisjoint(_EU_PREFIX_WORDS)
    eu = eu_prefix or any(w.endswith(_EU_SUFFIXES) for w in words) or _EU_DOT_SUFFIX.search(low) is not None
    ru = any(k in low for k in _RU_KEYS)
    unit = any(k in low for k in _UNIT_KEYS)
    return (
        ru,
        any(k in low for k in _KK_KEYS),
        en,
        en,
        eu,
        unit,
        eu_prefix,
        any(k in low for k in _MIL_KEYS),
        unit,
        any(k in low for k in _COMPLEX_KEYS),
        any(k in low for k in _FLAT_KEYS),
        any(k in low for k in _CITY_KEYS),
    )


# Batch gates: the tests of ``_open_gates`` (and the cue and postal-code tests) for a whole batch in one
# hyperscan pass over its lower-cased UTF-8, instead of one Python test per keyword and text. Each
# key is a literal; whole-word keys (a word of ``_LATIN_WORD``) and word-end keys (suffixes) have
# their neighbours checked afterwards. A batch gate opens wherever the per-text gate opens (checked
# by the tests); like every gate it may open for nothing and never hides a match.
(
    _G_RU,
    _G_KK,
    _G_EN,
    _G_EU_PRE,
    _G_EU_SUF,
    _G_UNIT,
    _G_MIL,
    _G_CUE,
    _G_POST,
    _G_EU_DOT,
    _G_COMPLEX,
    _G_FLAT,
    _G_CITY,
) = range(13)
_SUBSTRING, _WORD, _WORD_END, _FREE = range(4)


def _gate_keys() -> list[tuple[bytes, int, int, int]]:
    """``(hyperscan expression, gate, kind, byte length)`` per key."""
    keys: list[tuple[bytes, int, int, int]] = []

    def add(words: Iterable[str], gate: int, kind: int) -> None:
        for w in sorted(set(words)):
            raw = w.encode("utf-8")
            keys.append(("".join(f"\\x{b:02x}" for b in raw).encode("ascii"), gate, kind, len(raw)))

    add(_RU_KEYS, _G_RU, _SUBSTRING)
    add(_KK_KEYS, _G_KK, _SUBSTRING)
    add(_EN_WORDS, _G_EN, _WORD)
    add(_EU_PREFIX_WORDS, _G_EU_PRE, _WORD)
    add(_EU_SUFFIXES, _G_EU_SUF, _WORD_END)
    add(_UNIT_KEYS, _G_UNIT, _SUBSTRING)
    add(_MIL_KEYS, _G_MIL, _SUBSTRING)
    add(_CUE_KEYS, _G_CUE, _SUBSTRING)
    add(_POST_KEYS, _G_POST, _SUBSTRING)
    add(_COMPLEX_KEYS, _G_COMPLEX, _SUBSTRING)
    add(_FLAT_KEYS, _G_FLAT, _SUBSTRING)
    add(_CITY_KEYS, _G_CITY, _SUBSTRING)
    # _EU_DOT_SUFFIX, looser: any character may follow the blanks (its ``\\d`` is Unicode)
    keys.append((rb"(?:str|u|ul)\.,?[ \t]+", _G_EU_DOT, _FREE, 0))
    return keys


class _GateProgram:
    """The compiled batch-gate database (built on first use, once per process)."""

    _lock: Final = threading.Lock()
    _built: tuple[Any, np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]] | None = None

    @classmethod
    def get(cls) -> tuple[Any, np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]] | None:
        with cls._lock:
            if cls._built is None and _hs is not None:
                keys = _gate_keys()
                database = block_database([k[0] for k in keys], [0] * len(keys))
                cls._built = (
                    database,
                    np.array([k[1] for k in keys], dtype=np.int64),
                    np.array([k[2] for k in keys], dtype=np.int64),
                    np.array([k[3] for k in keys], dtype=np.int64),
                )
            return cls._built


def _latin_before(arr: np.ndarray[Any, Any], pos: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Is the character ending right before each byte position a letter of ``_LATIN_WORD``?"""
    b1 = arr[np.maximum(pos - 1, 0)]
    b2 = arr[np.maximum(pos - 2, 0)]
    ascii_letter = (b1 >= 0x61) & (b1 <= 0x7A) & (pos >= 1)
    latin1 = (b2 == 0xC3) & (b1 >= 0x9F) & (b1 <= 0xBF) & (b1 != 0xB7) & (pos >= 2)
    found: np.ndarray[Any, Any] = ascii_letter | latin1
    return found


def _latin_at(arr: np.ndarray[Any, Any], pos: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Is the character starting at each byte position a letter of ``_LATIN_WORD``?"""
    n = len(arr)
    b1 = arr[np.minimum(pos, n - 1)]
    b2 = arr[np.minimum(pos + 1, n - 1)]
    ascii_letter = (b1 >= 0x61) & (b1 <= 0x7A) & (pos < n)
    latin1 = (b1 == 0xC3) & (b2 >= 0x9F) & (b2 <= 0xBF) & (b2 != 0xB7) & (pos + 1 < n)
    found: np.ndarray[Any, Any] = ascii_letter | latin1
    return found


def _batch_gates(texts: Sequence[str]) -> list[tuple[bool, ...]]:
    """Per text: the gates of ``_CORES`` in order (as :func:`_open_gates`), then the cue test, then
    the postal-code test, for a whole batch."""
    lows = list(map(str.lower, texts))
    built = _GateProgram.get()
    scanned = scan_joined(built[0], lows) if built is not None else None
    if built is None or scanned is None:  # no hyperscan, or NUL in a text
        return [
            (*_open_gates(low), any(k in low for k in _CUE_KEYS), any(k in low for k in _POST_KEYS))
            for low in lows
        ]
    _, key_gate, key_kind, key_len = built
    buf, key, end, line = scanned
    gates = np.zeros((len(lows), 13), dtype=bool)
    if len(key):
        kind = key_kind[key]
        arr = np.frombuffer(buf, dtype=np.uint8)
        ok = np.ones(len(key), dtype=bool)
        word = kind == _WORD
        if word.any():
            i = np.flatnonzero(word)
            ok[i] &= ~_latin_before(arr, end[i] - key_len[key[i]])
        bounded = word | (kind == _WORD_END)
        if bounded.any():
            i = np.flatnonzero(bounded)
            ok[i] &= ~_latin_at(arr, end[i])
        gates[line[ok], key_gate[key[ok]]] = True
    g: list[list[bool]] = gates.T.tolist()
    eu: list[bool] = (gates[:, _G_EU_PRE] | gates[:, _G_EU_SUF] | gates[:, _G_EU_DOT]).tolist()
    en = g[_G_EN]
    unit, ru = g[_G_UNIT], g[_G_RU]
    columns = (
        *(
            ru,
            g[_G_KK],
            en,
            en,
            eu,
            unit,
            g[_G_EU_PRE],
            g[_G_MIL],
            unit,
            g[_G_COMPLEX],
            g[_G_FLAT],
            g[_G_CITY],
        ),
        *(g[_G_CUE], g[_G_POST]),
    )
    return list(zip(*columns, strict=True))


# The cue regex without its case-insensitive groups, for the lower-cased text (same offsets when
# lower-casing keeps the length, which is checked).
_CUE_LOW: Final = re.compile(_CUE.pattern.replace("(?i:", "(?:"))


def _cores(text: str, low: str, gates: tuple[bool, ...] | None = None) -> Iterator[tuple[int, int, float]]:
    """Core matches; ``gates`` as :func:`_batch_gates` gives them (``None``: worked out here)."""
    if gates is None:
        gates = (*_open_gates(low), any(k in low for k in _CUE_KEYS), False)
    for (regex, score), gate in zip(_CORES, gates, strict=False):
        if gate:
            for m in regex.finditer(text):
                yield m.start(), m.end(), score
    if not gates[len(_CORES)]:
        return
    cues = _CUE_LOW.finditer(low) if len(low) == len(text) else _CUE.finditer(text)
    for m in cues:
        t = _CUE_TAIL.match(text, m.end())
        if t is None:
            continue
        end = _clause_end(text, t.start(), t.end())
        tail = text[t.start() : end]
        if any(c.isdigit() for c in tail) and _NOT_ADDRESS.search(tail) is None:
            yield t.start(), end, 0.7


# A comma-separated part of an address starts with a digit, a capital letter or one of these words
# (lower case, without their dot); any other lower-case word after a comma starts the rest of the
# sentence ("…, кв. 84, прошу разобраться", "… Abai Avenue, ask you to investigate").
_PART_WORDS: Final = frozenset(
    _keys(
        """
    кв квартира д дом ул улица мкр мкрн микрорайон пр просп проспект пер переулок б-р бульвар ш шоссе
    корп корпус к стр строение оф офис пом помещение эт этаж под подъезд г гор город с село пос поселок
    посёлок п пгт обл область р-н район а ауыл ауылы аудан ауданы облысы қ қаласы көш көшесі даң даңғылы
    үй пәтер шағын ықшам тұйық кент кенті блок литер уч участок зд здание ж жм тер территория
    apt apartment suite ste unit flat floor fl room rm office bldg building box no block house po p
    """
    )
)
_PART_START: Final = re.compile(r"[,;][ \t]*+\n?[ \t]*+([^\W\d_][\w-]*)")


# A preposition or conjunction after the house number also ends the address ("…, кв. 77 в г. Алматы",
# "15 maple ave i think"): addresses are written without them. Not "and"/"и": "the corner of X and Y".
_CLAUSE_WORD: Final = re.compile(
    r"(?<=\d|[^\W\d_])[ \t]+(?:в|во|на|с|со|у|до|для|от|in|on|i|since|from|for|but)[ \t]+[^\W\d_]"
)


def _clause_end(text: str, start: int, end: int) -> int:
    """``end``, or where the address after a cue gives way to the rest of the sentence."""
    for m in _PART_START.finditer(text, start, end):
        word = m.group(1)
        if word[0].islower() and word.lower() not in _PART_WORDS:
            end = m.start()
            break
    w = _CLAUSE_WORD.search(text, start, end)
    return end if w is None else w.start()


# Street-type abbreviations that keep their dot at the end of an address ("12 Main St.").
_KEEPS_DOT: Final = frozenset(w for w in _EN_WORDS if len(w) <= 4) | frozenset(
    _keys("apt ste fl rm bldg no str ul pr mkr кв д ул мкр пр пер корп стр оф пом эт г обл қ көш даң")
)
_LAST_WORD: Final = re.compile(r"([^\W\d_]+)\.\Z")


def _drop_final_dot(text: str, start: int, end: int) -> int:
    """The end without a sentence's full stop after a whole word ("106 Baker Street." -> no dot)."""
    if end - start < 2 or text[end - 1] != ".":
        return end
    m = _LAST_WORD.search(text, max(start, end - 40), end)
    if m is not None and m.group(1).lower() not in _KEEPS_DOT and len(m.group(1)) > 1:
        return end - 1
    return end


def find_addresses(text: str) -> list[Span]:
    """STREET_ADDRESS spans in one value, sorted by start, merged when they touch or overlap.

    Parameters
    ----------
    text
        Any free text in Kazakh, Russian or English (mixed is fine: all rule sets run).

    Returns
    -------
    list[Span]
        Spans with detector ``"address.rule"``; scores 0.7-0.9 for street addresses, 0.6 for a bare
        Kazakhstan postal code in the new format.
    """
    if not text or _ANY_DIGIT.search(text) is None:  # every rule needs a house number or a code
        return []
    return _find(text, None)


# A run of this many blanks ends an address: the rules read the text between such runs separately, so
# that their blank-run quantifiers never face a long run (some are cubic in its length: 6 s for 1,000
# blanks inside "ул. Абая 5 … кв. 5", found by a hostile-input sweep) and no address spans one.
_LONG_BLANKS: Final = re.compile(r"[ \t]{16,}")


def _find(text: str, gates: tuple[bool, ...] | None) -> list[Span]:
    if ("  " in text or "\t" in text) and _LONG_BLANKS.search(text) is not None:
        out: list[Span] = []
        at = 0
        for m in itertools.chain(_LONG_BLANKS.finditer(text), (None,)):
            stop = len(text) if m is None else m.start()
            if stop > at and _ANY_DIGIT.search(text, at, stop) is not None:
                out.extend(
                    Span(STREET_ADDRESS, span.start + at, span.end + at, span.score, detector=DETECTOR)
                    for span in _find_between(text[at:stop], gates)
                )
            if m is not None:
                at = m.end()
        return out
    return _find_between(text, gates)


def _find_between(text: str, gates: tuple[bool, ...] | None) -> list[Span]:
    found: list[tuple[int, int, float]] = []
    if gates is not None and not any(gates):  # most texts: only a bare postal code can be here
        for m in _KZ_POST_NEW.finditer(text):
            found.append((m.start(), m.end(), 0.6))
        return _merge(text, found) if found else []
    low = text.lower()
    for start, end, score in _cores(text, low, gates):
        s, e = _extend(text, start, end, multiline_tail=True)
        found.append((s, e, score))
    post = any(k in low for k in _POST_KEYS) if gates is None else gates[-1]
    posts = _POST_CUE_6.finditer(text) if post else ()
    for m in posts:
        found.append((*_extend(text, m.start(1), m.end(1), multiline_tail=False), 0.7))
    for m in _KZ_POST_NEW.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), 0.6))
    return _merge(text, [(s, _drop_final_dot(text, s, e), score) for s, e, score in found])


_JOIN_GAP: Final = re.compile(r"[ \t]*+[,;]?[ \t]*+")


def _merge(text: str, found: list[tuple[int, int, float]]) -> list[Span]:
    found.sort()
    merged: list[list[float]] = []
    for s, e, score in found:
        if merged and (s <= merged[-1][1] or _JOIN_GAP.fullmatch(text, int(merged[-1][1]), s) is not None):
            last = merged[-1]
            last[1] = max(last[1], e)
            last[2] = max(last[2], score)
        else:
            merged.append([s, e, score])
    return [Span(STREET_ADDRESS, int(s), int(e), score, detector=DETECTOR) for s, e, score in merged]


class AddressFinder:
    """STREET_ADDRESS spans in batches of free-text values (all languages' rules run on every value)."""

    detector: Final = DETECTOR

    def find(self, texts: Sequence[str], *, language: Language | None = None) -> list[list[Span]]:
        """One list of STREET_ADDRESS spans per text, offsets into that text.

        ``language`` is accepted for symmetry with the name finders and does not change the rules:
        Kazakh addresses often appear in Russian text and the other way round.
        """
        del language
        out: list[list[Span]] = [[] for _ in texts]
        index = [i for i, t in enumerate(texts) if t and _ANY_DIGIT.search(t) is not None]
        if index:
            chosen = [texts[i] for i in index]
            for i, text, gates in zip(index, chosen, _batch_gates(chosen), strict=True):
                out[i] = _find(text, gates)
        return out
