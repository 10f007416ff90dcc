"""Shared helpers of the free-text finders: span clean-up, overlap resolution, text chunking.

Everything here works on ``(start, end)`` offsets into one string and never logs the text itself,
so personal data cannot leak through these helpers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Final

from senim.privacy.types import Span, keep_non_overlapping, rank_by_score

__all__ = [
    "CHAT_LABELS",
    "KK_STREET_TYPES",
    "LABEL_WORDS",
    "PERSON",
    "RU_STREET_TYPES",
    "STREET_ADDRESS",
    "WordKind",
    "chat_mentions",
    "chat_speakers",
    "chunk_text",
    "clean_person_span",
    "drop_contained",
    "drop_named_after",
    "drop_place_names",
    "drop_product_names",
    "extend_initial_dot",
    "pnr_names",
    "resolve_overlaps",
    "split_person_span",
    "text_pieces",
    "wordset",
]

PERSON: Final = "PERSON"
STREET_ADDRESS: Final = "STREET_ADDRESS"

# Characters never at either end of a name: spaces, quotes, brackets, list markers, dashes.
_EDGE_JUNK: Final = " \t\r\n\u00a0\"'`«»“”„‘’()[]{}<>,;:!?—–-•*_/\\|#@"
# A possessive ending ("Smith's", "Smith’s").
_POSSESSIVE: Final = re.compile(r"['’][sS]?$")
# An initial at the end ("Иванов И.И.", "John F."): its dot belongs to the name.
_TRAILING_INITIAL: Final = re.compile(r"(?:^|[\s.])\w\.$")
# Where a model span that glues several names together is cut: brackets, commas, semicolons,
# bullets, spaced dashes and line breaks ("Джоэл Саймон (Joel Simon)", "Топалов — Нисипяну").
_PERSON_SPLIT: Final = re.compile(r"[()\[\],;•|/\n\r\t]|\s[—–-]\s|\s{3,}")
# A one-letter initial at the end of a span, without its dot ("Камила Т", "John F", "Нұрғали О").
_BARE_INITIAL: Final = re.compile(r"[\s.][^\W\d_]\Z")
_DIGIT: Final = re.compile(r"\d")
_NOT_NAME: Final = re.compile(r"[@/\\=+&%$€£]|https?:|www\.")


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (for gazetteers written as a block of text)."""
    return frozenset(text.split())


#: Street types written before a street's name (Russian: ``ул. Абая``, ``пр-т Достык``), as a regular
#: expression fragment: the address rules find addresses with it, the name rules tell a street named
#: after a person ("улица жамбыла жабаева") from that person.
RU_STREET_TYPES: Final = (
    r"(?:ул(?:ица)?\.?|у\.|просп(?:ект)?\.?|пр-кт|пр-т|пр\.|б-р|бул(?:ьвар)?\.?|пер(?:еулок)?\.?"
    r"|мкр-н|мкр(?:н)?\.?|микрорайон|ш\.|шоссе|наб(?:ережная)?\.?|пл(?:ощадь)?\.?|проезд|пр-д|туп(?:ик)?\.?"
    r"|тракт|трасса|аллея|ж/м|ж\.?[ \t]?м\.|жилой[ \t]+массив|квартал|кв-л|даңғылы|көшесі|көш\.)"
)
#: Street types written after a street's name (Kazakh: ``Абай даңғылы``, ``Төле би көшесі``).
KK_STREET_TYPES: Final = (
    r"(?:көшесі|көш\.|даңғылы|даң\.|шағын[ \t]+ауданы?|ш\.[ \t]?а\.|ықшам[ \t]+ауданы|тұйық[ \t]+көшесі"
    r"|тұйығы|бульвары|алаңы|тас[ \t]+жолы|мкр-н|мкр(?:н)?\.?|микрорайон|улица|проспект)"
)


#: Words that stand next to a name without being part of it: job titles and labels before it
#: ("Producer Liviana Palerma", "менеджер Айгерим Сейтова") and address units after it
#: ("Barbara Yudina Apt. 675"). Lower case; the name finders never include them in a span.
LABEL_WORDS: Final = wordset(
    """
    producer director manager ceo cfo cto coo founder co-founder author editor writer chairman
    chairwoman chairperson president secretary treasurer engineer developer designer officer analyst
    consultant coordinator assistant specialist supervisor administrator accountant lawyer attorney
    cashier courier driver operator employee applicant borrower patient student
    apt apartment suite ste unit flat floor fl room rm bldg building box
    директор менеджер бухгалтер кассир курьер водитель оператор сотрудник сотрудница заявитель
    заемщик заёмщик пациент пациентка студент студентка инженер юрист специалист консультант
    руководитель председатель секретарь
    қызметкер өтініш беруші қарыз алушы науқас студент инженер заңгер маман
    басшысы төрағасы хатшысы
    """
)
_EDGE_WORD: Final = re.compile(r"[^\W\d_][\w-]*")


def _strip_label_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without label words at either end (at least one word is always kept)."""
    words = [(m.start(), m.end()) for m in _EDGE_WORD.finditer(text, start, end)]
    first, last = 0, len(words) - 1
    while first < last and text[words[first][0] : words[first][1]].lower() in LABEL_WORDS:
        first += 1
    while last > first and text[words[last][0] : words[last][1]].lower() in LABEL_WORDS:
        last -= 1
    if not words or (first == 0 and last == len(words) - 1):
        return start, end
    new_end = end if last == len(words) - 1 else words[last][1]
    return words[first][0] if first else start, new_end


def clean_person_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim junk from both ends of a name span; ``None`` when nothing name-like is left.

    Leading and trailing spaces, quotes, brackets and punctuation go; a trailing possessive
    (``'s``) goes; a trailing dot stays only after an initial (``И.И.``). A span with a digit or
    without any letter is rejected.
    """
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    while True:
        while end > start and text[end - 1] in _EDGE_JUNK:
            end -= 1
        m = _POSSESSIVE.search(text, start, end)
        if m is not None and m.start() > start:
            end = m.start()
            continue
        if end > start and text[end - 1] == "." and not _TRAILING_INITIAL.search(text[start:end]):
            end -= 1
            continue
        break
    start, end = _strip_label_words(text, start, end)
    while end > start and text[end - 1] in _EDGE_JUNK:
        end -= 1
    if end - start < 2:
        return None
    piece = text[start:end]
    if _DIGIT.search(piece) or not piece[0].isalpha() or _NOT_NAME.search(piece):
        return None
    return start, end


def extend_initial_dot(text: str, start: int, end: int) -> int:
    """The end of a name span with the dot of a trailing one-letter initial taken in.

    Models stop an initial at its letter ("Камила Т" in "Камила Т. Баланс"); the dot belongs to the
    name even when it also ends the sentence. Returns ``end`` unchanged otherwise.
    """
    if (
        start < end - 1
        and end < len(text)
        and text[end] == "."
        and text[end - 1].isupper()
        and _BARE_INITIAL.search(text, end - 2, end) is not None
    ):
        return end + 1
    return end


#: A name right after "им." / "имени" or right before "атындағы" names an institution, a street or a
#: prize ("ЮКУ им. М. Ауэзова", "Л.Н. Гумилев атындағы ЕҰУ"), not a person in the record.
_NAMED_AFTER_BEFORE: Final = re.compile(r"(?:^|[^\w-])(?:им\.|имени)[ \t\u00a0]*\Z", re.IGNORECASE)
_NAMED_AFTER_AFTER: Final = re.compile(r"[ \t\u00a0]*атындағы(?![\w-])", re.IGNORECASE)


_NAMED_AFTER_GATE: Final = re.compile(r"им|атында", re.IGNORECASE)


def drop_named_after(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` without the PERSON spans that name an institution after a person (see above)."""
    if not spans or _NAMED_AFTER_GATE.search(text) is None:
        return list(spans)  # no "им."/"имени"/"атындағы" anywhere: the common case
    return [
        s
        for s in spans
        if s.entity != PERSON
        or (
            _NAMED_AFTER_BEFORE.search(text, max(0, s.start - 16), s.start) is None
            and _NAMED_AFTER_AFTER.match(text, s.end) is None
        )
    ]


def split_person_span(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a model's PERSON span at brackets, commas, bullets and spaced dashes, then clean each piece.

    A span that runs over a line break keeps only its first line (models glue a name to the label on
    the next line: "Maika van de Noort\nEmployment"). Pieces that do not start with a capital are
    dropped.
    """
    out: list[tuple[int, int]] = []
    newline = text.find("\n", start, end)
    if newline != -1:
        first = text[start:newline].strip()
        if first:
            end = newline
    pos = start
    for m in _PERSON_SPLIT.finditer(text, start, end):
        out.extend(_clean_piece(text, pos, m.start()))
        pos = m.end()
    out.extend(_clean_piece(text, pos, end))
    return out


def _clean_piece(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    cleaned = clean_person_span(text, start, end)
    if cleaned is not None and text[cleaned[0]].isupper():
        yield cleaned[0], extend_initial_dot(text, *cleaned)


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Keep a non-overlapping subset: higher score first, then the longer span; sorted by start
    (:func:`senim.privacy.types.rank_by_score`)."""
    return keep_non_overlapping(spans, rank=rank_by_score)


def drop_contained(spans: Sequence[Span], containers: Sequence[Span]) -> list[Span]:
    """The ``spans`` of which no container covers half or more (e.g. names inside addresses)."""
    if not containers:
        return list(spans)
    return [
        s
        for s in spans
        if not any(2 * (min(s.end, c.end) - max(s.start, c.start)) >= s.end - s.start for c in containers)
    ]


_BREAKS: Final = re.compile(r"\n\s*\n|\n|(?<=[.!?…])\s+")


def chunk_text(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Cut ``text`` into ``(start, end)`` pieces of at most about ``max_chars`` characters.

    Cuts go at paragraph breaks, line breaks or sentence ends when possible, otherwise at a space,
    and as a last resort anywhere; the pieces cover the whole text in order, without overlap.
    """
    n = len(text)
    if n <= max_chars:
        return [(0, n)]
    pieces: list[tuple[int, int]] = []
    start = 0
    while n - start > max_chars:
        limit = start + max_chars
        cut = -1
        for m in _BREAKS.finditer(text, start + max_chars // 4, limit):
            cut = m.end()
        if cut <= start:
            space = text.rfind(" ", start + max_chars // 4, limit)
            cut = space + 1 if space > start else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, n))
    return pieces


def text_pieces(
    texts: Sequence[str], max_chars: int, keep: Callable[[str], bool] | None = None
) -> list[tuple[int, int, str]]:
    """The ``(text index, offset, piece)`` a model reads: non-blank texts that pass ``keep``, cut by
    :func:`chunk_text` into pieces of about ``max_chars``."""
    pieces: list[tuple[int, int, str]] = []
    for i, text in enumerate(texts):
        if not text or not text.strip() or (keep is not None and not keep(text)):
            continue
        for start, end in chunk_text(text, max_chars):
            pieces.append((i, start, text[start:end]))
    return pieces


# -- rules that hold in every language (applied by senim.privacy.ner.find_free_text) ----------------

#: A word's class as the chat rules need it: ``"given"`` (a listed given name, in any case form, that is
#: no common word), ``"given-common"`` (a listed given name that is a common word too: "роза", "mark"),
#: ``"surname"`` (a listed surname only), ``"common"`` (a common word, label, place or title), or ``""``
#: (unknown).
WordKind = Callable[[str], str]

#: Labels that open a line before a colon without naming a speaker (roles, form fields, totals).
CHAT_LABELS: Final = wordset(
    """
    оператор клиент агент менеджер продавец покупатель абонент итого итог адрес телефон тел
    примечание комментарий ответ вопрос бот система пользователь администратор админ модератор
    специалист консультант кассир курьер водитель врач пациент сотрудник заявитель дата время
    тема сумма статус важно внимание фио имя фамилия отчество город email почта
    мекенжай мекенжайы телефоны тегі аты әкесінің күні уақыты сұрақ жауап ескерту маман
    пайдаланушы клиенті операторы жиыны барлығы
    agent caller customer client operator user bot system admin support manager note notes
    address phone tel email date time subject re from to cc total answer question reply
    name surname amount status comment comments summary warning important attention
    """
)
_STAMP: Final = (
    r"(?:\[[^\]\n]{1,30}\][ \t]*|\(?\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?,?[ \t]*\d{1,2}:\d{2}(?::\d{2})?\)?"
    r"[ \t]*[-–—]?[ \t]*|\(?\d{1,2}:\d{2}(?::\d{2})?\)?[ \t]*[-–—]?[ \t]*)"
)
_SPEAKER_LINE: Final = re.compile(
    rf"^[ \t]*(?P<stamp>{_STAMP})?(?P<name>[^\W\d_][\w'’-]{{1,30}})"
    r"[ \t]*(?:(?:\([^()\n]{0,40}\)|\[[^\[\]\n]{0,40}\])[ \t]*)?:(?![\d/])[ \t]*(?P<rest>[^\n]?)",
    re.MULTILINE,
)
_CHAT_WORD: Final = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]+(?![\w'’-])")
_CYRILLIC_WORD: Final = re.compile(r"[а-яёәғқңөұүһі]{3,}\Z")


def chat_speakers(text: str, kind: WordKind) -> tuple[list[tuple[int, int]], bool]:
    """Speakers' names of a chat or messenger export, and whether ``text`` reads as a chat.

    A line opening with an optional time or date stamp ("[21:40]", "12.03.24, 21:40 -"), a word, an
    optional note in brackets ("Динара (кв. 64)") and a colon is a speaker line. Its word is a speaker
    when it is a listed given name (any case, "индира:", "claire:"), or when the text is a chat (two
    or more speaker lines, with a listed name or two time stamps), the word is capitalised, unknown (no
    common word), no label (:data:`CHAT_LABELS`: "Оператор:", "Agent:", "Итого:") and either stamped
    or beside a listed name. A form's "Label: value" lines have neither, so its labels ("Төлем:",
    "Purpose:") are never speakers.

    Parameters
    ----------
    text
        The value.
    kind
        The class of a lower-cased word (see :data:`WordKind`).

    Returns
    -------
    (speakers, is_chat)
        ``(start, end)`` of each speaker's name, and whether the value is a chat.
    """
    if ":" not in text:
        return [], False
    named: list[tuple[int, int]] = []
    maybe: list[tuple[int, int, bool]] = []
    stamped = 0
    lines = 0
    for m in _SPEAKER_LINE.finditer(text):
        word = m.group("name")
        low = word.lower()
        if low in CHAT_LABELS or not m.group("rest").strip():
            continue  # a label, or a heading with nothing after it on its line ("АНЫҚТАДЫ:")
        what = kind(low)
        given = what in ("given", "given-common")
        if what == "common" or (word.isupper() and len(word) > 1 and not given):
            continue
        stamp = m.group("stamp") is not None
        if given:
            named.append(m.span("name"))
        elif word[0].isupper():
            maybe.append((m.start("name"), m.end("name"), stamp))
        else:
            continue
        lines += 1
        stamped += stamp
    # an unknown word is a speaker only behind a time stamp or in a chat that a listed name shows to
    # be one: a form's "Label: value" lines ("Төлем:", "Кезең:", "Purpose:", "Host:") have neither
    unknown = [(a, b) for a, b, stamp in maybe if stamp or named]
    is_chat = lines >= 2 and (bool(named) or stamped >= 2)
    if not is_chat:
        return named, bool(named) and lines >= 2
    return sorted([*named, *unknown]), True


def chat_mentions(
    text: str, speakers: Sequence[tuple[int, int]], kind: WordKind, *, lower_given: bool
) -> list[tuple[int, int]]:
    """Words in a chat that name a person: a speaker's given name written elsewhere in the value (any
    case), and, with ``lower_given``, a lower-case listed given name in any case form ("айгерімнің",
    "галыму") with a listed surname right after it taken in ("галыму сулейменову")."""
    names = {text[s:e].lower() for s, e in speakers if kind(text[s:e].lower()) in ("given", "given-common")}
    taken = set(speakers)
    out: list[tuple[int, int]] = []
    words = list(_CHAT_WORD.finditer(text))
    k = 0
    while k < len(words):
        m = words[k]
        k += 1
        if m.span() in taken:
            continue
        word = m.group()
        low = word.lower()
        if low in names or (
            lower_given and word.islower() and _CYRILLIC_WORD.match(low) and kind(low) == "given"
        ):
            end = m.end()
            if k < len(words) and kind(words[k].group().lower()) == "surname":
                gap = text[end : words[k].start()]
                if gap in (" ", "\t"):
                    end = words[k].end()
                    k += 1
            out.append((m.start(), end))
    return out


#: A passenger in the PNR form of airline and rail tickets: "KIM/EVGENII MR", "OSPANOVA/KAMILA MS".
_PNR_NAME: Final = re.compile(
    r"(?<![\w/])(?P<name>[A-Z][A-Z'-]{1,30}/[A-Z][A-Z'-]{1,30}"
    r"(?:[ \t](?!(?:MRS|MR|MSTR|MISS|MS|DR|CHD|INF)\b)[A-Z][A-Z'-]{1,30})?)"
    r"(?:[ \t]*(?P<title>MRS|MR|MSTR|MISS|MS|DR|CHD|INF))?(?![\w/])"
)
#: Labels before a passenger's name (ticket, boarding pass, itinerary).
_PNR_LABEL: Final = re.compile(
    r"(?:пассажир[а-я]*|жолаушы[а-яәғқңөұүһі]*|passenger(?:s|'s)?|pax|name|фио|аты-жөні|ф\.и\.о\.?)"
    r"[ \t]*(?:№?[ \t]*\d{1,2}[ \t]*)?[:—–-]?[ \t]*\Z",
    re.IGNORECASE,
)


def pnr_names(text: str) -> list[tuple[int, int]]:
    """Passenger names written SURNAME/GIVEN[ MIDDLE] in Latin capitals, without the title after them.

    Taken when a title (MR, MRS, MS, MSTR, MISS, DR) follows or a passenger label precedes
    ("Пассажир:", "Жолаушы:", "Passenger:").
    """
    if "/" not in text:
        return []
    out = []
    for m in _PNR_NAME.finditer(text):
        s, e = m.span("name")
        if m.group("title") or _PNR_LABEL.search(text, max(0, s - 30), s) is not None:
            out.append((s, e))
    return out


#: Place words after a name: the place is named after the person ("Абай ауылы", "Төле би көшесі",
#: "Abai avenue"); an honorific (би, батыр, хан, ата) may stand between.
_PLACE_AFTER: Final = re.compile(
    r"[ \t\u00a0]+(?:(?:би|батыр|хан|ата|ана|ақын)[ \t]+)?(?:ауылы|ауданы|облысы|қаласы|кенті|ауылдық"
    r"|селосы|шағын[ \t]+ауданы|ықшам[ \t]+ауданы|алаңы|бульвары|тас[ \t]+жолы|өзені|тауы|көлі"
    rf"|{KK_STREET_TYPES}"
    r"|район[а-я]*|област[а-я]*|аул[а-я]*|сел[оа]|улиц[аеуы]?"
    r"|avenue|ave\.?|street|st\.|str\.|road|rd\.|boulevard|blvd\.?|district|village|square|mall"
    r"|prospekt|microdistrict)(?![\w-])",
    re.IGNORECASE,
)
#: Street and place prefixes before a name ("пр. Аль-Фараби", "ул. Абая", "мкр. Самал", "Mega
#: Alma-Ata", "ТРЦ Хан Шатыр"). Not the genitive of a town or district: "мэр города Лужков", "глава
#: района Иванов" name the official.
_PLACE_BEFORE: Final = re.compile(
    rf"(?:^|[\s,(«\"])(?:{RU_STREET_TYPES}|улиц[аеуы]|проспект[аеу]?|переул[а-я]+|бульвар[аеу]?"
    r"|микрорайон[аеу]?|район[еу]?|аул[еу]?|сел[оеу]|с\.|пос(?:[её]лок)?\.?|г\.|город[еу]?"
    r"|mega|трц|тц|трк|бц|жк|тк|avenue|street|st\.)[ \t\u00a0]*\Z",
    re.IGNORECASE,
)


def drop_place_names(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` without the PERSON spans that name a place after a person: before a place word
    ("Абай ауылы", "Әл-Фараби даңғылы", "Abai avenue") or after a street or place prefix
    ("пр. Аль-Фараби", "ул. Абая", "Mega Alma-Ata")."""
    return [
        s
        for s in spans
        if s.entity != PERSON
        or (
            _PLACE_AFTER.match(text, s.end) is None
            and _PLACE_BEFORE.search(text, max(0, s.start - 24), s.start) is None
        )
    ]


#: A label opening a list of products, medicines or ingredients ("Состав:", "Құрамы:", "Items:").
_LIST_LABEL: Final = re.compile(
    r"(?:^|[^\w])(?:состав|товары?|препараты|лекарства|назначен[оия]+|ингредиенты|позиции|корзина|заказ"
    r"|құрамы|тауарлар|дәрілер|items|products|ingredients|order|medications?|basket|cart)[ \t]*:",
    re.IGNORECASE,
)
#: A dose or an amount right after a word ("200 мг", "0,05 %", "×2", "10 ml").
_DOSE_AFTER: Final = re.compile(
    r"[ \t\u00a0]*(?:[×x*][ \t]?\d|\d+(?:[.,]\d+)?[ \t\u00a0]*"
    r"(?:мг|мкг|мл|г|л|ме|таб|капс|шт|%|mg|mcg|ml|g|iu|pcs)"
    r"(?![\w]))",
    re.IGNORECASE,
)


def drop_product_names(text: str, spans: Sequence[Span], known: Callable[[str], bool]) -> list[Span]:
    """``spans`` without one-word PERSON spans that are products: a word the name lists do not know
    (``known`` is false for its lower-cased form) that is an item of a comma list after a label such as
    "Состав:" / "Құрамы:" / "Items:" on its line, or stands before a dose ("Нурофен 200 мг")."""
    out = []
    for s in spans:
        word = text[s.start : s.end]
        if s.entity == PERSON and _EDGE_WORD.fullmatch(word) and not known(word.lower()):
            if _DOSE_AFTER.match(text, s.end) is not None:
                continue
            line_start = text.rfind("\n", 0, s.start) + 1
            label = _LIST_LABEL.search(text, line_start, s.start)
            before = text[s.start - 2 : s.start] if s.start >= 2 else ""
            after = text[s.end : s.end + 1]
            if (
                label is not None
                and (before.endswith((", ", ": ", ",")) or before.endswith(":"))
                and after in ("", ",", ";", "\n", ".", " ")
                and _DOSE_AFTER.match(text, s.end) is None
                and (after != " " or text[s.end :].lstrip(" ")[:1] in ("", ",", ";", "\n"))
            ):
                continue
        out.append(s)
    return out
