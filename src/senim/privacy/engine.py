"""The structured-identifier engine: one compiled pass over a batch of values (the hot path).

:class:`StructuredEngine` finds the registry's structured entities (IIN/BIN, passports, ID cards,
phones, e-mail, IBAN, cards, IP addresses, birth dates) in a batch of string values:

1. the values are joined into one string with a NUL separator, which no candidate pattern can
   match (patterns are checked at registry load), so no match crosses two values;
2. hyperscan scans it once for all candidate patterns (block mode, ``HS_FLAG_SOM_LEFTMOST``) as
   one byte per character (ASCII as itself, anything else as a byte >= 0x80; patterns and
   ``\\b`` are ASCII), so every offset is a ``str`` offset. Hyperscan reports every end of a
   match with its leftmost start; rows are reduced to the longest end per (pattern, start), then
   grouped per pattern into clusters of overlapping rows. A cluster of one row is the match
   ``re.finditer`` gives; a cluster of several starts is a chain ("4111 1111 1111 1111 5500 0000
   …", where ``re`` starts a match where the previous one ended and hyperscan only knows the
   leftmost start) and is re-scanned with the pattern's Python regex. The pure-Python fallback
   (used when hyperscan cannot be imported, or on request) gives the same candidates;
3. every candidate is validated: NumPy batch forms for the common validators
   (:mod:`senim.privacy.detectors.batch`), the scalar validator for the rest. A span a validator
   cut short (a card or IBAN that ran into the next one) is followed by a new search of its
   pattern from the cut, with both back ends;
4. context words are looked up only in the windows around candidates: one hyperscan scan per
   batch over the merged windows, cut from the batch and encoded as UTF-8 (:class:`_Hits`),
   with the word-start/word-end rules of :mod:`senim.privacy.context`; words that need the
   exact window edge, and the ``re`` back end, use :class:`~senim.privacy.context.ContextMatcher`;
5. scores are boosted by context or the column-name hint, spans are built without calling the
   dataclass constructor, and overlaps are resolved per value: validated first, then longer,
   then higher score; one span per region.

Compiled programs are cached per process and entity selection (:func:`get_engine`); engines
pickle as their selection and rebuild from that cache in a worker process. A scan pauses the
cyclic garbage collector for the batch (it allocates many objects, none in a cycle).
"""

from __future__ import annotations

import gc
import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np

from senim import _cache
from senim.privacy._hsdb import HAS_HYPERSCAN, block_database
from senim.privacy._hsdb import hs as _hs
from senim.privacy.context import ContextMatcher, char_variants, field_matches, needs_word_end
from senim.privacy.detectors.base import PatternDetector, Validator
from senim.privacy.detectors.batch import NEIGHBOURS, batch_validator
from senim.privacy.detectors.registry import build_validator, default_registry
from senim.privacy.types import ENTITIES, Span, from_columns, keep_non_overlapping, rank_validated_by_length

__all__ = ["HAS_HYPERSCAN", "SEPARATOR", "Backend", "StructuredEngine", "get_engine", "resolve_overlaps"]

#: Joins a batch's values; no candidate pattern can match it.
SEPARATOR: Final = "\x00"

# Longer than any candidate a pattern can match, in characters (the longest, a national phone
# number of seven groups with an extension, is under 64).
_CANDIDATE_MAX: Final = 96

Backend = Literal["auto", "hyperscan", "re"]
_STRUCTURED: Final = frozenset(ENTITIES) - {"PERSON", "STREET_ADDRESS"}


@dataclass(frozen=True, slots=True)
class _Runtime:
    """A detector ready to run: its validator and context matcher built once."""

    index: int
    detector: PatternDetector
    validate: Validator
    context: ContextMatcher
    scores: dict[tuple[float, bool], float]

    def final_score(self, score: float, context: bool) -> float:
        """The reported score: boosted by context, capped at 1, rounded (memoised)."""
        key = (score, context)
        found = self.scores.get(key)
        if found is None:
            boosted = score + self.detector.context_boost if context else score
            found = self.scores[key] = round(min(boosted, 1.0), 4)
        return found


#: Validators that may move a span's start to the left, and by how many characters at most.
_GROWS_BEFORE: Final[dict[str, int]] = {"email": 66, "email_idn": 66}


class _Program:
    """Everything compiled for one detector selection and back end (shared by engines)."""

    def __init__(self, detectors: Sequence[PatternDetector], backend: Literal["hyperscan", "re"]) -> None:
        self.backend = backend
        self.detectors = tuple(detectors)
        self.runtimes = tuple(
            _Runtime(
                i,
                det,
                build_validator(det),
                ContextMatcher(det.context_words, before=det.window_before, after=det.window_after),
                {},
            )
            for i, det in enumerate(detectors)
        )
        patterns: dict[str, list[_Runtime]] = {}
        for rt in self.runtimes:
            for pattern in rt.detector.patterns:
                patterns.setdefault(pattern, []).append(rt)
        self.patterns: tuple[str, ...] = tuple(patterns)
        self.by_pattern: tuple[tuple[_Runtime, ...], ...] = tuple(tuple(v) for v in patterns.values())
        self._hints: dict[str | None, np.ndarray[Any, np.dtype[np.bool_]]] = {}
        self.lock = threading.Lock()
        # per pattern: how many detectors share it and where their indices start in pat_dets
        self.pat_ndet = np.array([len(v) for v in self.by_pattern], dtype=np.int64)
        self.pat_offset = np.zeros(len(self.by_pattern), dtype=np.int64)
        if len(self.by_pattern) > 1:
            np.cumsum(self.pat_ndet[:-1], out=self.pat_offset[1:])
        self.pat_dets = np.array([rt.index for v in self.by_pattern for rt in v], dtype=np.int64)
        dets = self.detectors
        self.reject_glued = np.array([d.reject_glued for d in dets], dtype=bool)
        # single context words a candidate may be glued to ("ИИН880223335929", "тел+77012345678")
        self.glue_words = tuple(
            frozenset(w.lower() for w in rt.context.words if len(w) >= 2 and w.isalpha())
            for rt in self.runtimes
        )
        self.requires_context = np.array([d.requires_context for d in dets], dtype=bool)
        self.before = np.array([d.window_before for d in dets], dtype=np.int64)
        # how far a validator may move a span's start to the left (the e-mail validator grows it
        # over the local part): windows looked up before validation reach that much further
        self.grow_before = np.array([_GROWS_BEFORE.get(d.validator, 0) for d in dets], dtype=np.int64)
        self.entity_names = np.array([d.entity for d in dets], dtype=object)
        self.detector_ids = np.array([d.id for d in dets], dtype=object)
        self.after = np.array([d.window_after for d in dets], dtype=np.int64)
        self.batch_validators = tuple(batch_validator(d) for d in dets)
        # context words: one keyword id per distinct word, one group per distinct word set
        keywords: dict[str, int] = {}
        groups: dict[tuple[int, ...], int] = {}
        det_group: list[int] = []
        for rt in self.runtimes:
            ids = tuple(sorted(keywords.setdefault(w, len(keywords)) for w in rt.context.words))
            det_group.append(groups.setdefault(ids, len(groups)) if ids else -1)
        self.keywords: tuple[str, ...] = tuple(keywords)
        self.det_group = np.array(det_group, dtype=np.int64)
        self.group_members = tuple(
            np.isin(np.arange(len(keywords)), np.array(ids, dtype=np.int64)) for ids in groups
        )
        self.keyword_bytes = np.array(
            [len(w.encode("utf-8", "surrogatepass")) for w in self.keywords], dtype=np.int64
        )
        self.keyword_word_end = np.array([needs_word_end(w) for w in self.keywords], dtype=bool)
        self.database: Any = None
        self.keyword_database: Any = None
        # the reference matcher: the fallback back end, and hyperscan's chained-match re-scans
        self.regexes: tuple[re.Pattern[str], ...] = tuple(re.compile(p, re.ASCII) for p in self.patterns)
        if backend == "hyperscan" and self.patterns:
            self.database = _compile_hyperscan([p.encode("ascii") for p in self.patterns], som=True)
            if self.keywords:
                self.keyword_database = _compile_hyperscan(
                    [_keyword_expression(w) for w in self.keywords], som=False
                )

    def hints(self, field: str | None) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Per detector: does the column name hint at it?"""
        found = self._hints.get(field)
        if found is None:
            found = np.array([field_matches(field, rt.detector.columns) for rt in self.runtimes], dtype=bool)
            if len(self._hints) < 4096:
                self._hints[field] = found
        return found


# The character before a reported context word: anything but a letter of the Cyrillic block
# (U+0400-U+04FF except the signs U+0482-U+0489), as UTF-8. Such a word is not at a word start
# and, since candidates are ASCII, cannot be glued right after a span: it never counts, and
# skipping it spares the callbacks for "бин" inside "кабинет".
_KEYWORD_PREFIX: Final = (
    r"(?:^|[\x00-\x7f]|\xd2[\x82-\x89]|[\xc2-\xcf\xd4-\xdf][\x80-\xbf]"
    r"|[\xe0-\xef][\x80-\xbf][\x80-\xbf]|[\xf0-\xf4][\x80-\xbf][\x80-\xbf][\x80-\xbf])"
)


def _keyword_expression(word: str) -> bytes:
    """A hyperscan expression for a context word over UTF-8 bytes, case variants per character."""
    parts: list[str] = [_KEYWORD_PREFIX]
    for char in word:
        alternatives = [
            "".join(f"\\x{b:02x}" for b in v.encode("utf-8", "surrogatepass")) for v in char_variants(char)
        ]
        parts.append(alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")")
    return "".join(parts).encode("ascii")


def _compile_hyperscan(expressions: Sequence[bytes], *, som: bool) -> Any:
    """One block-mode database (cached per machine, :mod:`senim.privacy._hsdb`); ``som``: track
    the leftmost start (candidates; keywords have a fixed byte length, so their start is the end
    minus that length)."""
    assert _hs is not None
    flag = _hs.HS_FLAG_SOM_LEFTMOST if som else 0
    try:
        return block_database(expressions, [flag] * len(expressions))
    except ValueError as exc:
        raise ValueError(f"hyperscan cannot compile the candidate patterns: {exc}") from None


_PROGRAMS: dict[tuple[tuple[PatternDetector, ...], str], _Program] = {}
_PROGRAMS_LOCK = threading.Lock()


def _program(detectors: tuple[PatternDetector, ...], backend: Literal["hyperscan", "re"]) -> _Program:
    key = (detectors, backend)
    with _PROGRAMS_LOCK:
        program = _PROGRAMS.get(key)
        if program is None:
            program = _Program(detectors, backend)
            _PROGRAMS[key] = program
        return program


def _select(
    detectors: Iterable[PatternDetector], entities: frozenset[str] | None
) -> tuple[PatternDetector, ...]:
    return tuple(d for d in detectors if d.enabled and (entities is None or d.entity in entities))


def resolve_overlaps(spans: Sequence[Span]) -> list[Span]:
    """Keep one span per overlapping region, sorted by start.

    Preference: validated, then longer, then higher score, then earlier start
    (:func:`senim.privacy.types.rank_validated_by_length`).
    """
    return keep_non_overlapping(spans, rank=rank_validated_by_length)


class StructuredEngine:
    """Finds structured personal data in batches of values.

    Parameters
    ----------
    entities
        Entity types to look for (default: every structured entity of the registry). Types the
        engine does not cover (``PERSON``, ``STREET_ADDRESS``) are ignored; unknown names raise.
    backend
        ``"hyperscan"``, ``"re"`` (pure Python, same spans, slower) or ``"auto"`` (hyperscan when
        importable).
    detectors
        A custom detector list (see :func:`senim.privacy.detectors.registry.load_registry`);
        default: the packaged registry.

    Notes
    -----
    Construction is cheap after the first engine of a selection: compiled programs are cached
    per process. A scan holds a per-program lock (hyperscan scratch space is not shareable), so
    use one engine per thread for parallel scans, or processes.
    """

    __slots__ = ("_custom", "_entities", "_program")

    def __init__(
        self,
        entities: Iterable[str] | None = None,
        *,
        backend: Backend = "auto",
        detectors: Sequence[PatternDetector] | None = None,
    ) -> None:
        selected: frozenset[str] | None = None
        if entities is not None:
            selected = frozenset(entities)
            unknown = sorted(selected - frozenset(ENTITIES))
            if unknown:
                raise ValueError(f"unknown entity type(s): {', '.join(unknown)}")
            selected &= _STRUCTURED
        if backend == "auto":
            chosen: Literal["hyperscan", "re"] = "hyperscan" if HAS_HYPERSCAN else "re"
        elif backend == "hyperscan":
            if not HAS_HYPERSCAN:
                raise RuntimeError("the hyperscan back end is not available (import failed)")
            chosen = "hyperscan"
        elif backend == "re":
            chosen = "re"
        else:
            raise ValueError(f"unknown backend {backend!r}")
        self._entities = selected
        self._custom = tuple(detectors) if detectors is not None else None
        source = self._custom if self._custom is not None else default_registry()
        self._program = _program(_select(source, selected), chosen)

    def __reduce__(self) -> tuple[Callable[..., StructuredEngine], tuple[object, ...]]:
        entities = None if self._entities is None else tuple(sorted(self._entities))
        return (_rebuild, (entities, self._program.backend, self._custom))

    @property
    def backend(self) -> Literal["hyperscan", "re"]:
        """The matching back end in use."""
        return self._program.backend

    @property
    def entities(self) -> frozenset[str]:
        """Entity types this engine can report."""
        return frozenset(d.entity for d in self._program.detectors)

    @property
    def detector_ids(self) -> tuple[str, ...]:
        """Ids of the detectors compiled into this engine."""
        return tuple(d.id for d in self._program.detectors)

    def scan(self, values: Sequence[str | None], *, field: str | None = None) -> list[list[Span]]:
        """Find structured entities in each value.

        Parameters
        ----------
        values
            The batch: one string per record, ``None`` for a missing value.
        field
            The column or key the values come from (used as a hint), ``None`` for plain text.

        Returns
        -------
        list of list of Span
            One list per value, sorted by start; ``str`` offsets, end exclusive.
        """
        with _gc_paused():
            return self._scan(values, field)

    def _scan(self, values: Sequence[str | None], field: str | None) -> list[list[Span]]:
        n = len(values)
        out: list[list[Span]] = [[] for _ in range(n)]
        program = self._program
        if n == 0 or not program.patterns:
            return out
        joined = _joined(values)
        if joined is None:
            texts = [v if isinstance(v, str) else "" for v in values]
            joined = SEPARATOR.join(texts)
        else:
            texts = list(values)  # type: ignore[arg-type]  # _joined checked every item
        if program.backend == "hyperscan":
            candidates = _hyperscan_candidates(program, texts, joined)
        else:
            candidates = _re_candidates(program, texts, joined)
        if candidates is not None:
            _evaluate(program, texts, candidates, program.hints(field), out)
        return out


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for one batch.

    A scan allocates tens of thousands of spans, lists and tuples, none of them in a reference
    cycle; each allocation burst would otherwise trigger collections that walk every tracked
    object of the process (the caller's findings included), which cost a sixth of the scan.
    The previous state is restored afterwards, so the collector runs at its next threshold.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _joined(values: Sequence[str | None]) -> str | None:
    """The values joined by :data:`SEPARATOR`, or ``None`` when one is not a ``str``."""
    try:
        return SEPARATOR.join(values)  # type: ignore[arg-type]  # C-speed type check of every item
    except TypeError:
        return None


def _rebuild(
    entities: tuple[str, ...] | None, backend: Backend, detectors: tuple[PatternDetector, ...] | None
) -> StructuredEngine:
    if detectors is None and entities is None:
        return get_engine(None, backend=backend)
    if detectors is None:
        return get_engine(frozenset(entities or ()), backend=backend)
    return StructuredEngine(entities, backend=backend, detectors=detectors)


_ENGINES: dict[tuple[frozenset[str] | None, str], StructuredEngine] = {}


def get_engine(entities: Iterable[str] | None = None, *, backend: Backend = "auto") -> StructuredEngine:
    """The process-wide engine for an entity selection over the packaged registry."""
    key = (None if entities is None else frozenset(entities), backend)
    engine = _ENGINES.get(key)
    if engine is None:
        engine = StructuredEngine(key[0], backend=backend)
        _ENGINES[key] = engine
    return engine


_I64 = np.ndarray[Any, np.dtype[np.int64]]
_Bool = np.ndarray[Any, np.dtype[np.bool_]]


def _value_starts(lengths: _I64) -> _I64:
    starts = np.empty(len(lengths), dtype=np.int64)
    starts[0] = 0
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    return starts


_TABLES: list[tuple[_Bool, _Bool]] = []


def _char_tables() -> tuple[_Bool, _Bool]:
    """Per code point: ``str.isalnum()``, and ``isalnum() or == "_"`` (regex ``\\w``); built once."""
    if not _TABLES:
        key = _cache.cache_key("isalnum", sys.version, unicodedata.unidata_version)
        cached = _cache.load("unicode", key)
        if cached is not None and len(cached) == 0x110000 // 8:
            alnum = np.unpackbits(np.frombuffer(cached, dtype=np.uint8)).astype(bool)
        else:
            every = np.arange(0x110000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
            alnum = np.fromiter(map(str.isalnum, every), dtype=bool, count=0x110000)
            _cache.store("unicode", key, np.packbits(alnum).tobytes())
        word = alnum.copy()
        word[ord("_")] = True
        _TABLES.append((alnum, word))
    return _TABLES[0]


def _code_point_before(arr: np.ndarray[Any, np.dtype[np.uint8]], pos: _I64) -> _I64:
    """Code point of the UTF-8 character ending at each byte position (0 at the buffer start)."""
    b1 = arr[np.maximum(pos - 1, 0)].astype(np.int64)
    cp = np.where(pos > 0, b1, 0)
    multi = b1 >= 0x80
    if multi.any():
        i = np.flatnonzero(multi)
        p = pos[i]
        c1 = b1[i] & 0x3F
        b2 = arr[np.maximum(p - 2, 0)].astype(np.int64)
        b3 = arr[np.maximum(p - 3, 0)].astype(np.int64)
        b4 = arr[np.maximum(p - 4, 0)].astype(np.int64)
        two = (b2 & 0xC0) == 0xC0
        three = ~two & ((b3 & 0xC0) == 0xC0)
        cp[i] = np.where(
            two,
            ((b2 & 0x1F) << 6) | c1,
            np.where(
                three,
                ((b3 & 0x0F) << 12) | ((b2 & 0x3F) << 6) | c1,
                ((b4 & 0x07) << 18) | ((b3 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | c1,
            ),
        )
    return cp


def _code_point_at(arr: np.ndarray[Any, np.dtype[np.uint8]], pos: _I64) -> _I64:
    """Code point of the UTF-8 character starting at each byte position (0 at the buffer end)."""
    n = len(arr)
    b1 = arr[np.minimum(pos, n - 1)].astype(np.int64)
    cp = np.where(pos < n, b1, 0)
    multi = (b1 >= 0x80) & (pos < n)
    if multi.any():
        i = np.flatnonzero(multi)
        p = pos[i]
        lead = b1[i]
        c2 = arr[np.minimum(p + 1, n - 1)].astype(np.int64) & 0x3F
        c3 = arr[np.minimum(p + 2, n - 1)].astype(np.int64) & 0x3F
        c4 = arr[np.minimum(p + 3, n - 1)].astype(np.int64) & 0x3F
        cp[i] = np.where(
            lead < 0xE0,
            ((lead & 0x1F) << 6) | c2,
            np.where(
                lead < 0xF0,
                ((lead & 0x0F) << 12) | (c2 << 6) | c3,
                ((lead & 0x07) << 18) | (c2 << 12) | (c3 << 6) | c4,
            ),
        )
    return cp


class _Text:
    """A joined batch as hyperscan scans it: one byte per character, so offsets are ``str`` offsets.

    ASCII characters are themselves; every other character becomes one byte of 0x80-0xFF
    (``min(code point, 0xFF)``). Candidate patterns are ASCII and hyperscan's ``\\b`` is ASCII,
    so they match this buffer exactly where ``re.ASCII`` matches the ``str``, and no offset needs
    converting. ``cp`` keeps the real code points (for the glued-letter test).
    """

    __slots__ = ("buf", "cp", "joined")

    def __init__(self, joined: str) -> None:
        self.joined = joined
        cp: np.ndarray[Any, Any]
        if joined.isascii():
            self.buf = joined.encode("ascii")
            cp = np.frombuffer(self.buf, dtype=np.uint8)
        else:
            wide = joined.encode("utf-16-le", "surrogatepass")
            if len(wide) == 2 * len(joined):  # no character outside the BMP
                cp = np.frombuffer(wide, dtype=np.uint16)
            else:
                cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            self.buf = np.minimum(cp, 0xFF).astype(np.uint8).tobytes()
        self.cp = cp

    def glued(self, start: _I64, end: _I64) -> _Bool:
        """Is the character before ``start`` or the one at ``end`` a letter or digit (any script)?"""
        alnum, _ = _char_tables()
        cp = self.cp
        n = len(cp)
        before: _Bool = alnum[cp[np.maximum(start - 1, 0)]] & (start > 0)
        after: _Bool = alnum[cp[np.minimum(end, n - 1)]] & (end < n)
        return before | after


@dataclass(slots=True)
class _Candidates:
    """Candidates of one batch as columns (``str`` offsets local to each value)."""

    pid: _I64
    vi: _I64
    start: _I64
    end: _I64
    glued: _Bool  # a letter or digit (any script) right before or after
    value_char: _I64  # offset of each value in the joined batch
    value_len: _I64
    text: _Text | None  # None: find context words one window at a time with ``re``
    hits: list[_Hits]  # context words found so far in windows of this batch (hyperscan)


def _hyperscan_candidates(program: _Program, texts: list[str], joined: str) -> _Candidates | None:
    if not joined:
        return None
    text = _Text(joined)
    n = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    vchar = _value_starts(lengths)

    flat: list[int] = []
    extend = flat.extend

    def on_match(pid: int, start: int, end: int, flags: int, context: object) -> None:
        extend((pid, start, end))

    with program.lock:
        program.database.scan(text.buf, match_event_handler=on_match)
    if not flat:
        return None
    m = np.array(flat, dtype=np.int64).reshape(-1, 3)
    # longest end per (pattern, start): sort by pattern, start, end descending; keep the first
    m = m[np.lexsort((-m[:, 2], m[:, 1], m[:, 0]))]
    if len(m) > 1:
        keep = np.ones(len(m), dtype=bool)
        keep[1:] = (m[1:, 0] != m[:-1, 0]) | (m[1:, 1] != m[:-1, 1])
        m = m[keep]
        m = _resolve_chains(program, text, m)

    start, end = m[:, 1], m[:, 2]
    vidx = np.searchsorted(vchar, start, side="right") - 1
    value_char = vchar[vidx]
    glued = text.glued(start, end)
    local_start, local_end = start - value_char, end - value_char
    return _Candidates(m[:, 0].copy(), vidx, local_start, local_end, glued, vchar, lengths, text, [])


def _resolve_chains(program: _Program, text: _Text, m: _I64) -> _I64:
    """Reduce ``(pattern, leftmost start, longest end)`` rows to the matches ``re.finditer`` gives.

    Rows of one pattern are grouped into clusters of overlapping intervals. A cluster of one row
    is one match. A cluster of several starts is a chain ("4111 1111 1111 1111 5500 0000 ..."):
    hyperscan reports only the leftmost start per end, so a match that ``re`` starts where the
    previous one ended may be missing; such clusters (rare, and short) are re-scanned with the
    pattern's Python regex from the cluster start, which is where ``re`` enters them.
    """
    pid, start, end = m[:, 0], m[:, 1], m[:, 2]
    big = len(text.buf) + 1
    # running maximum of ends within each pattern (rows are sorted by pattern, then start)
    reach = np.maximum.accumulate(end + pid * big) - pid * big
    head = np.ones(len(m), dtype=bool)
    head[1:] = (pid[1:] != pid[:-1]) | (start[1:] >= reach[:-1])
    cluster = np.cumsum(head) - 1
    size = np.bincount(cluster)
    chained = size[cluster] > 1
    if not chained.any():
        return m
    heads = np.flatnonzero(head & chained)
    last = np.flatnonzero(np.append(head[1:], True) & chained)  # last row of each chained cluster
    c_pid, c_start, c_end = pid[heads], start[heads], reach[last]
    joined = text.joined
    length = len(joined)
    found: list[int] = []
    for p, lo, hi in zip(c_pid.tolist(), c_start.tolist(), c_end.tolist(), strict=True):
        # every match re finds in the cluster ends by ``hi``; the search stops a candidate's
        # length later (enough for any look-ahead) instead of running on to the next match
        for match in program.regexes[p].finditer(joined, lo, min(hi + _CANDIDATE_MAX, length)):
            s, e = match.span()
            if s >= hi:
                break
            found.extend((p, s, e))
    m = np.concatenate((m[~chained], np.array(found, dtype=np.int64).reshape(-1, 3)))
    return m[np.lexsort((m[:, 1], m[:, 0]))]


def _re_candidates(program: _Program, texts: list[str], joined: str) -> _Candidates | None:
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    vstarts = _value_starts(lengths)
    pids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    glued: list[bool] = []
    for pid, regex in enumerate(program.regexes):
        for match in regex.finditer(joined):
            s, e = match.span()
            pids.append(pid)
            starts.append(s)
            ends.append(e)
            glued.append((s > 0 and joined[s - 1].isalnum()) or joined[e : e + 1].isalnum())
    if not pids:
        return None
    s_arr = np.array(starts, dtype=np.int64)
    vidx = np.searchsorted(vstarts, s_arr, side="right") - 1
    value_char = vstarts[vidx]
    return _Candidates(
        np.array(pids, dtype=np.int64),
        vidx,
        s_arr - value_char,
        np.array(ends, dtype=np.int64) - value_char,
        np.array(glued, dtype=bool),
        vstarts,
        lengths,
        None,
        [],
    )


class _Hits:
    """Context words of every group found by hyperscan in some windows of a batch.

    The windows are merged into pieces, cut from the batch with one character more before each
    (which decides whether a word starts there), joined with NULs and encoded as UTF-8, the
    encoding of the word patterns; one scan finds every word of the registry in them, and hits
    are mapped back to global ``str`` offsets. A window lying inside one piece (:meth:`covers`)
    sees exactly the words it would see in the whole batch, classified the same way: a hit that
    ends a piece counts as ending at a word end, as a short word does at the end of a window,
    and a hit that starts a piece lies before every window in it.
    """

    __slots__ = ("_groups", "end", "good", "kid", "piece_end", "piece_start", "start")

    def __init__(self, program: _Program, text: _Text, lo: _I64, hi: _I64) -> None:
        seg_start = np.maximum(lo - 1, 0)
        order = np.argsort(seg_start, kind="stable")
        seg_start, seg_end = seg_start[order], hi[order]
        reach = np.maximum.accumulate(seg_end)
        head = np.ones(len(seg_start), dtype=bool)
        head[1:] = seg_start[1:] > reach[:-1]
        first = np.flatnonzero(head)
        cs = seg_start[first]
        ce = reach[np.append(first[1:] - 1, len(seg_start) - 1)]
        self.piece_start, self.piece_end = cs, ce
        joined = text.joined
        window_str = SEPARATOR.join([joined[a:b] for a, b in zip(cs.tolist(), ce.tolist(), strict=True)])
        window = window_str.encode("utf-8", "surrogatepass")
        flat: list[int] = []
        extend = flat.extend

        def on_match(kid: int, start: int, end: int, flags: int, context: object) -> None:
            extend((kid, end))

        if window:
            with program.lock:
                program.keyword_database.scan(window, match_event_handler=on_match)
        k = np.array(flat, dtype=np.int64).reshape(-1, 2)
        kid, kend = k[:, 0], k[:, 1]
        kstart = kend - program.keyword_bytes[kid]
        alnum, word = _char_tables()
        w = np.frombuffer(window, dtype=np.uint8)
        good = ~word[_code_point_before(w, kstart)]
        short = program.keyword_word_end[kid]
        if short.any():
            i = np.flatnonzero(short)
            good[i] &= ~alnum[_code_point_at(w, kend[i])]
        # str offsets: into the window string, then into the batch through the piece offsets
        if len(window) != len(window_str):
            cont = np.zeros(len(w) + 1, dtype=np.int64)
            np.cumsum((w & 0xC0) == 0x80, out=cont[1:])
            kstart = kstart - cont[kstart]
            kend = kend - cont[kend]
        piece_at = np.zeros(len(cs), dtype=np.int64)
        if len(cs) > 1:
            np.cumsum(ce[:-1] - cs[:-1] + 1, out=piece_at[1:])
        piece = np.searchsorted(piece_at, kstart, side="right") - 1
        shift = cs[piece] - piece_at[piece]
        self.kid = kid
        self.start = kstart + shift
        self.end = kend + shift
        self.good = good
        self._groups: dict[int, tuple[_I64, _I64, _I64]] = {}

    def covers(self, lo: _I64, hi: _I64) -> _Bool:
        """Per window ``[lo, hi)``: does one piece hold it and the character before it?"""
        piece = np.searchsorted(self.piece_start, np.maximum(lo - 1, 0), side="right") - 1
        inside: _Bool = (piece >= 0) & (self.piece_end[np.maximum(piece, 0)] >= hi)
        return inside

    def group(self, program: _Program, g: int) -> tuple[_I64, _I64, _I64]:
        """``(ends of good hits sorted, running max of their starts, starts of other hits sorted)``.

        A good hit starts at a word start and, for a short word, ends at a word end, so it
        counts wherever it lies in a window; the others count only at a window's edge.
        """
        found = self._groups.get(g)
        if found is None:
            member = program.group_members[g][self.kid]
            good = member & self.good
            ends = self.end[good]
            order = np.argsort(ends, kind="stable")
            running = np.maximum.accumulate(self.start[good][order]) if len(order) else ends
            other = np.sort(self.start[member & ~self.good])
            found = self._groups[g] = (ends[order], running, other)
        return found


def _windows(
    program: _Program, c: _Candidates, det: _I64, vi: _I64, start: _I64, end: _I64
) -> tuple[_I64, _I64, _I64, _I64]:
    """Global ``str`` offsets per row: span start and end, context window start and end."""
    first = c.value_char[vi]
    gs = start + first
    ge = end + first
    lo = np.maximum(gs - program.before[det], first)
    hi = np.minimum(ge + program.after[det], first + c.value_len[vi])
    return gs, ge, lo, hi


def _prefetch(program: _Program, c: _Candidates, det: _I64, vi: _I64, start: _I64, end: _I64) -> None:
    """Find the context words of every row's window in one scan (hyperscan back end)."""
    if c.text is None or program.keyword_database is None:
        return
    rows = np.flatnonzero(program.det_group[det] >= 0)
    if len(rows):
        d, v = det[rows], vi[rows]
        _, _, lo, hi = _windows(program, c, d, v, start[rows], end[rows])
        lo = np.maximum(lo - program.grow_before[d], c.value_char[v])
        c.hits.append(_Hits(program, c.text, lo, hi))


def _context(
    program: _Program, texts: list[str], c: _Candidates, det: _I64, vi: _I64, start: _I64, end: _I64
) -> _Bool:
    """Per row: is a context word of the row's detector in the window around ``[start, end)``?"""
    found = np.zeros(len(det), dtype=bool)
    groups = program.det_group[det]
    has_words = groups >= 0
    if not has_words.any():
        return found
    gs, ge, lo, hi = _windows(program, c, det, vi, start, end)
    # which scan answers each row: the first whose pieces hold its window, or a new one
    source = np.full(len(det), -1, dtype=np.int64)
    if c.text is not None and program.keyword_database is not None:
        open_rows = has_words.copy()
        for h, hits in enumerate(c.hits):
            inside = open_rows & hits.covers(lo, hi)
            source[inside] = h
            open_rows &= ~inside
        if open_rows.any():
            i = np.flatnonzero(open_rows)
            c.hits.append(_Hits(program, c.text, lo[i], hi[i]))
            source[i] = len(c.hits) - 1
    runtimes = program.runtimes
    key = groups * (len(c.hits) + 1) + (source + 1)
    for k in np.unique(key[has_words]).tolist():
        rows = np.flatnonzero(key == k)
        g, h = int(groups[rows[0]]), int(source[rows[0]])
        scalar = rows
        if h >= 0:
            ends, running, other = c.hits[h].group(program, g)
            r_gs, r_ge, r_lo, r_hi = gs[rows], ge[rows], lo[rows], hi[rows]
            hit = np.zeros(len(rows), dtype=bool)
            if len(ends):
                i = np.searchsorted(ends, r_gs, side="right") - 1
                hit |= (i >= 0) & (running[np.maximum(i, 0)] >= r_lo)
                i = np.searchsorted(ends, r_hi, side="right") - 1
                hit |= (i >= 0) & (running[np.maximum(i, 0)] >= r_ge)
            found[rows] = hit
            if not len(other):
                continue
            # a word that is not at a word start (or end) still counts at a window's edge
            unsure = ~hit & (
                (np.searchsorted(other, r_gs) > np.searchsorted(other, r_lo))
                | (np.searchsorted(other, r_hi) > np.searchsorted(other, r_ge))
            )
            scalar = rows[unsure]
            if not len(scalar):
                continue
        found[scalar] = [
            runtimes[d].context.found(texts[v], s, e)
            for d, v, s, e in zip(
                det[scalar].tolist(),
                vi[scalar].tolist(),
                start[scalar].tolist(),
                end[scalar].tolist(),
                strict=True,
            )
        ]
    return found


def _make_spans(columns: Sequence[Sequence[object]]) -> list[Span]:
    """Spans from columns (entity, start, end, score, validated, detector)."""
    return from_columns(Span, columns)


def _rescan(
    program: _Program, texts: list[str], c: _Candidates, pid: _I64, vi: _I64, cut: _I64, old_end: _I64
) -> _Candidates | None:
    """Candidates in what validators gave back: a span cut short (a card that ran into the next
    card, an IBAN into the next IBAN) is followed by a new search of its pattern from the cut."""
    pids: list[int] = []
    vis: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    glued: list[bool] = []
    for p, v, pos, stop in zip(pid.tolist(), vi.tolist(), cut.tolist(), old_end.tolist(), strict=True):
        value = texts[v]
        for match in program.regexes[p].finditer(value, pos):
            s, e = match.span()
            if s >= stop:
                break
            pids.append(p)
            vis.append(v)
            starts.append(s)
            ends.append(e)
            glued.append((s > 0 and value[s - 1].isalnum()) or value[e : e + 1].isalnum())
    if not pids:
        return None
    return _Candidates(
        np.array(pids, dtype=np.int64),
        np.array(vis, dtype=np.int64),
        np.array(starts, dtype=np.int64),
        np.array(ends, dtype=np.int64),
        np.array(glued, dtype=bool),
        c.value_char,
        c.value_len,
        c.text,
        c.hits,
    )


_TRAILING_LETTERS: Final = re.compile(r"[^\W\d_]+\Z")


def _glued_to_context(program: _Program, text: str, start: int, end: int, det: int) -> bool:
    """A candidate glued to letters is kept when those letters are one of its detector's context
    words ("ИИН880223335929", "тел+77012345678") and nothing is glued after it; it counts as context."""
    words = program.glue_words[det]
    if not words or start == 0 or (end < len(text) and text[end].isalnum()):
        return False
    m = _TRAILING_LETTERS.search(text, max(0, start - 48), start)
    return m is not None and m.group().lower() in words


def _evaluate(
    program: _Program, texts: list[str], c: _Candidates, hints: _Bool, out: list[list[Span]]
) -> None:
    # one row per (candidate, detector of its pattern), in candidate order
    counts = program.pat_ndet[c.pid]
    cand = np.repeat(np.arange(len(c.pid)), counts)
    within = np.arange(len(cand)) - np.repeat(np.cumsum(counts) - counts, counts)
    det = program.pat_dets[np.repeat(program.pat_offset[c.pid], counts) + within]
    glued = program.reject_glued[det] & c.glued[cand]
    rescued = np.zeros(len(det), dtype=bool)
    if glued.any():
        i = np.flatnonzero(glued)
        rescued[i] = [
            _glued_to_context(program, texts[v], s, e, d)
            for d, v, s, e in zip(
                det[i].tolist(), c.vi[cand[i]].tolist(), c.start[cand[i]].tolist(), c.end[cand[i]].tolist(),
                strict=True,
            )
        ]  # fmt: skip
    keep = ~glued | rescued
    cand, det = cand[keep], det[keep]
    vi, start, end = c.vi[cand], c.start[cand], c.end[cand]
    ctx = hints[det] | rescued[keep]
    required = program.requires_context[det]
    _prefetch(program, c, det[~ctx], vi[~ctx], start[~ctx], end[~ctx])
    need = required & ~ctx
    if need.any():
        i = np.flatnonzero(need)
        ctx[i] = _context(program, texts, c, det[i], vi[i], start[i], end[i])
        keep = np.flatnonzero(~required | ctx)
        cand, det, vi, start, end, ctx, required = (
            cand[keep],
            det[keep],
            vi[keep],
            start[keep],
            end[keep],
            ctx[keep],
            required[keep],
        )
    n = len(det)
    if not n:
        return
    accepted = np.zeros(n, dtype=bool)
    score = np.zeros(n, dtype=np.float64)
    validated = np.zeros(n, dtype=bool)
    new_start = start.copy()
    new_end = end.copy()
    order = np.argsort(det, kind="stable")
    bounds = np.flatnonzero(np.diff(det[order])) + 1
    for block in np.split(order, bounds):
        rows = block
        d = int(det[rows[0]])
        v_list, s_list, e_list = vi[rows].tolist(), start[rows].tolist(), end[rows].tolist()
        batch = program.batch_validators[d]
        if batch is not None:
            strings = [texts[v][s:e] for v, s, e in zip(v_list, s_list, e_list, strict=True)]
            if batch.needs_neighbours:
                before = [texts[v][max(s - NEIGHBOURS, 0) : s] for v, s in zip(v_list, s_list, strict=True)]
                after = [texts[v][e : e + NEIGHBOURS] for v, e in zip(v_list, e_list, strict=True)]
                handled, ok, sc, va = batch(strings, before, after)
            else:
                handled, ok, sc, va = batch(strings)
            accepted[rows], score[rows], validated[rows] = ok, sc, va
            if handled.all():
                continue
            rows = rows[~handled]
            accepted[rows] = False
            v_list, s_list, e_list = vi[rows].tolist(), start[rows].tolist(), end[rows].tolist()
        validate = program.runtimes[d].validate
        got: list[int] = []
        got_score: list[float] = []
        got_valid: list[bool] = []
        got_start: list[int] = []
        got_end: list[int] = []
        for r, v, s, e in zip(rows.tolist(), v_list, s_list, e_list, strict=True):
            verdict = validate(texts[v], s, e)
            if verdict is None:
                continue
            got.append(r)
            got_score.append(verdict.score)
            got_valid.append(verdict.validated)
            got_start.append(s if verdict.start is None else verdict.start)
            got_end.append(e if verdict.end is None else verdict.end)
        if got:
            accepted[got] = True
            score[got] = got_score
            validated[got] = got_valid
            new_start[got] = got_start
            new_end[got] = got_end
    # context of the reported span for detectors that do not require it
    need = accepted & ~required & ~ctx & (program.det_group[det] >= 0)
    if need.any():
        i = np.flatnonzero(need)
        ctx[i] = _context(program, texts, c, det[i], vi[i], new_start[i], new_end[i])
    i = np.flatnonzero(accepted)
    trimmed = i[new_end[i] < end[i]]
    more = None
    if len(trimmed):
        more = _rescan(program, texts, c, c.pid[cand[trimmed]], vi[trimmed], new_end[trimmed], end[trimmed])
    if len(i):
        _emit(program, c, det[i], vi[i], new_start[i], new_end[i], score[i], ctx[i], validated[i], out)
    if more is not None:
        extra: list[list[Span]] = [[] for _ in out]
        _evaluate(program, texts, more, hints, extra)
        for v in np.unique(more.vi).tolist():
            if extra[v]:
                out[v] = resolve_overlaps(out[v] + extra[v])


def _emit(
    program: _Program,
    c: _Candidates,
    det: _I64,
    vi: _I64,
    start: _I64,
    end: _I64,
    score: np.ndarray[Any, np.dtype[np.float64]],
    ctx: _Bool,
    validated: _Bool,
    out: list[list[Span]],
) -> None:
    """Append the accepted rows to ``out`` as spans; one span per overlapping region."""
    # reported scores: one memoised computation per distinct (detector, score, context)
    key = (det * 2 + ctx) * (1 << 40) + np.round(score * 1e9).astype(np.int64)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    runtimes = program.runtimes
    final = np.array(
        [
            runtimes[d].final_score(sc, cx)
            for d, sc, cx in zip(det[first].tolist(), score[first].tolist(), ctx[first].tolist(), strict=True)
        ],
        dtype=np.float64,
    )[inverse.reshape(-1)]
    # rows by value and start (ties keep detector order), so only overlapping spans need resolving
    order = np.lexsort((np.arange(len(vi)), start, vi))
    det, vi, start, end = det[order], vi[order], start[order], end[order]
    final, validated = final[order], validated[order]
    spans = _make_spans(
        (
            program.entity_names[det].tolist(),
            start.tolist(),
            end.tolist(),
            final.tolist(),
            validated.tolist(),
            program.detector_ids[det].tolist(),
        )
    )
    # one slice of the spans per value
    heads = np.flatnonzero(np.diff(vi)) + 1
    bounds = [0, *heads.tolist(), len(vi)]
    for v, a, b in zip(vi[bounds[:-1]].tolist(), bounds[:-1], bounds[1:], strict=True):
        out[v].extend(spans[a:b])
    offset = c.value_char[vi]  # global offsets grow across values: one running maximum serves all
    reach = np.maximum.accumulate(end + offset)
    overlap = np.flatnonzero((vi[1:] == vi[:-1]) & (start[1:] + offset[1:] < reach[:-1]))
    for v in np.unique(vi[overlap + 1]).tolist():
        out[v] = resolve_overlaps(out[v])
