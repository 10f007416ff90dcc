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
    "KK_STREET_TYPES",
    "LABEL_WORDS",
    "PERSON",
    "RU_STREET_TYPES",
    "STREET_ADDRESS",
    "chunk_text",
    "clean_person_span",
    "drop_contained",
    "drop_named_after",
    "extend_initial_dot",
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


def drop_named_after(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` without the PERSON spans that name an institution after a person (see above)."""
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

