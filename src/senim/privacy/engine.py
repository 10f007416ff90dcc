"""The structured-identifier engine: one compiled pass over a batch of values (the hot path).

:class:`StructuredEngine` finds the registry's structured entities (IIN/BIN, passports, ID cards,
phones, e-mail, IBAN, cards, IP addresses, birth dates) in a batch of string values:

1. the values are joined into one buffer with a NUL separator, which no candidate pattern can
   match (patterns are checked at registry load), so no match crosses two values;
2. hyperscan scans the UTF-8 buffer once for all patterns (block mode, ``HS_FLAG_SOM_LEFTMOST``).
   It reports every end offset of a match, so matches are reduced to the longest per
   (pattern, start) and then, per pattern, to leftmost-longest non-overlapping ones, which is
   what Python's ``re.finditer`` returns for these patterns: the pure-Python fallback (used
   when hyperscan cannot be imported, or on request) gives the same spans;
3. byte offsets are mapped to values with one ``numpy.searchsorted`` and converted to ``str``
   offsets (free for ASCII values: patterns are ASCII, so only the start needs converting);
4. every candidate is validated in Python (checksums, numbering plan, ...), scored with context
   words near it and the column-name hint, and overlaps are resolved per value: validated
   first, then longer, then higher score; one span per region.

Compiled programs are cached per process and entity selection (:func:`get_engine`); engines
pickle as their selection and rebuild from that cache in a worker process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np

from senim.privacy.context import ContextMatcher, field_matches
from senim.privacy.detectors.base import PatternDetector, Validator
from senim.privacy.detectors.registry import build_validator, default_registry
from senim.privacy.types import ENTITIES, Span

_hs: Any
try:  # pragma: no branch - depends on the platform
    import hyperscan as _hs
except ImportError:  # pragma: no cover - hyperscan ships x86-64 and arm64 wheels
    _hs = None

__all__ = ["HAS_HYPERSCAN", "SEPARATOR", "Backend", "StructuredEngine", "get_engine", "resolve_overlaps"]

#: Whether the hyperscan back end is available in this process.
HAS_HYPERSCAN: Final[bool] = _hs is not None
#: Joins a batch's values; no candidate pattern can match it.
SEPARATOR: Final = "\x00"

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
        self._hints: dict[str | None, tuple[bool, ...]] = {}
        self.lock = threading.Lock()
        self.database: Any = None
        self.regexes: tuple[Any, ...] = ()
        if backend == "hyperscan":
            self.database = _compile_hyperscan(self.patterns) if self.patterns else None
        else:
            import re

            self.regexes = tuple(re.compile(p, re.ASCII) for p in self.patterns)

    def hints(self, field: str | None) -> tuple[bool, ...]:
        """Per detector: does the column name hint at it?"""
        found = self._hints.get(field)
        if found is None:
            found = tuple(field_matches(field, rt.detector.columns) for rt in self.runtimes)
            if len(self._hints) < 4096:
                self._hints[field] = found
        return found


def _compile_hyperscan(patterns: Sequence[str]) -> Any:
    assert _hs is not None
    database = _hs.Database(mode=_hs.HS_MODE_BLOCK)
    try:
        database.compile(
            expressions=[p.encode("ascii") for p in patterns],
            ids=list(range(len(patterns))),
            elements=len(patterns),
            flags=[_hs.HS_FLAG_SOM_LEFTMOST] * len(patterns),
        )
    except _hs.HyperscanError as exc:
        raise ValueError(f"hyperscan cannot compile the candidate patterns: {exc}") from None
    return database


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

    Preference: validated, then longer, then higher score, then earlier start.
    """
    if len(spans) < 2:
        return list(spans)
    ranked = sorted(spans, key=lambda s: (not s.validated, s.start - s.end, -s.score, s.start))
    kept: list[Span] = []
    for span in ranked:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    kept.sort(key=lambda s: s.start)
    return kept


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
        n = len(values)
        out: list[list[Span]] = [[] for _ in range(n)]
        program = self._program
        if n == 0 or not program.patterns:
            return out
        texts: list[str] = (
            list(values)  # type: ignore[arg-type]  # _all_str checked every item
            if _all_str(values)
            else [v if isinstance(v, str) else "" for v in values]
        )
        if program.backend == "hyperscan":
            candidates = _hyperscan_candidates(program, texts)
        else:
            candidates = _re_candidates(program, texts)
        if candidates:
            _evaluate(program, texts, candidates, program.hints(field), out)
        return out


def _all_str(values: Sequence[str | None]) -> bool:
    try:
        SEPARATOR.join(values)  # type: ignore[arg-type]  # C-speed type check of every item
    except TypeError:
        return False
    return True


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


# A candidate: (pattern index, value index, str start, str end).
_Candidate = tuple[int, int, int, int]


def _value_starts(lengths: np.ndarray[Any, np.dtype[np.int64]]) -> np.ndarray[Any, np.dtype[np.int64]]:
    starts = np.empty(len(lengths), dtype=np.int64)
    starts[0] = 0
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    return starts


def _hyperscan_candidates(program: _Program, texts: list[str]) -> list[_Candidate]:
    joined = SEPARATOR.join(texts)
    buf = joined.encode("utf-8", "surrogatepass")
    if not buf:
        return []
    ascii_buffer = len(buf) == len(joined)
    if joined.count(SEPARATOR) == len(texts) - 1:
        # the separators are the only NULs: find value starts in the bytes
        seps = np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 0)
        vstarts = np.empty(len(texts), dtype=np.int64)
        vstarts[0] = 0
        vstarts[1:] = seps + 1
    elif ascii_buffer:  # values hold NULs themselves
        vstarts = _value_starts(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    else:
        lengths = np.fromiter(
            (len(t.encode("utf-8", "surrogatepass")) for t in texts), dtype=np.int64, count=len(texts)
        )
        vstarts = _value_starts(lengths)

    flat: list[int] = []
    extend = flat.extend

    def on_match(pid: int, start: int, end: int, flags: int, context: object) -> None:
        extend((pid, start, end))

    with program.lock:
        program.database.scan(buf, match_event_handler=on_match)
    if not flat:
        return []
    m = np.array(flat, dtype=np.int64).reshape(-1, 3)
    # longest end per (pattern, start): sort by pattern, start, end descending; keep the first
    order = np.lexsort((-m[:, 2], m[:, 1], m[:, 0]))
    m = m[order]
    if len(m) > 1:
        keep = np.ones(len(m), dtype=bool)
        keep[1:] = (m[1:, 0] != m[:-1, 0]) | (m[1:, 1] != m[:-1, 1])
        m = m[keep]
        # leftmost-longest non-overlapping per pattern (rows are sorted by pattern, start)
        same = m[1:, 0] == m[:-1, 0]
        if np.any(same & (m[1:, 1] < m[:-1, 2])):
            m = m[_greedy(m)]
    vidx = np.searchsorted(vstarts, m[:, 1], side="right") - 1
    rel_start = m[:, 1] - vstarts[vidx]
    length = m[:, 2] - m[:, 1]
    out: list[_Candidate] = []
    append = out.append
    if ascii_buffer:
        pids, vis, rels, lens = m[:, 0].tolist(), vidx.tolist(), rel_start.tolist(), length.tolist()
        for pid, vi, s, ln in zip(pids, vis, rels, lens, strict=True):
            append((pid, vi, s, s + ln))
        return out
    value_start = vstarts[vidx].tolist()
    for pid, vi, rb, ln, v0 in zip(
        m[:, 0].tolist(), vidx.tolist(), rel_start.tolist(), length.tolist(), value_start, strict=True
    ):
        # patterns are ASCII, so only the start moves; the prefix is whole UTF-8 characters
        s = len(buf[v0 : v0 + rb].decode("utf-8", "surrogatepass")) if rb and not texts[vi].isascii() else rb
        append((pid, vi, s, s + ln))
    return out


def _greedy(m: np.ndarray[Any, np.dtype[np.int64]]) -> list[int]:
    keep: list[int] = []
    last_pid = -1
    last_end = -1
    for i, (pid, start, end) in enumerate(m.tolist()):
        if pid != last_pid:
            last_pid, last_end = pid, -1
        if start >= last_end:
            keep.append(i)
            last_end = end
    return keep


def _re_candidates(program: _Program, texts: list[str]) -> list[_Candidate]:
    joined = SEPARATOR.join(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    vstarts = _value_starts(lengths)
    pids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for pid, regex in enumerate(program.regexes):
        for match in regex.finditer(joined):
            pids.append(pid)
            starts.append(match.start())
            ends.append(match.end())
    if not pids:
        return []
    s = np.array(starts, dtype=np.int64)
    vidx = np.searchsorted(vstarts, s, side="right") - 1
    rel = s - vstarts[vidx]
    ln = np.array(ends, dtype=np.int64) - s
    return [
        (pid, vi, r, r + n)
        for pid, vi, r, n in zip(pids, vidx.tolist(), rel.tolist(), ln.tolist(), strict=True)
    ]


def _evaluate(
    program: _Program,
    texts: list[str],
    candidates: list[_Candidate],
    hints: tuple[bool, ...],
    out: list[list[Span]],
) -> None:
    by_pattern = program.by_pattern
    touched: set[int] = set()
    for pid, vi, s, e in candidates:
        text = texts[vi]
        for rt in by_pattern[pid]:
            det = rt.detector
            if det.reject_glued and ((s and text[s - 1].isalnum()) or text[e : e + 1].isalnum()):
                continue
            hinted = hints[rt.index]
            ctx: bool | None = None
            if det.requires_context:
                ctx = hinted or rt.context.found(text, s, e)
                if not ctx:
                    continue
            verdict = rt.validate(text, s, e)
            if verdict is None:
                continue
            vs = s if verdict.start is None else verdict.start
            ve = e if verdict.end is None else verdict.end
            if ctx is None:
                ctx = hinted or rt.context.found(text, vs, ve)
            out[vi].append(
                Span(det.entity, vs, ve, rt.final_score(verdict.score, ctx), verdict.validated, det.id)
            )
            touched.add(vi)
    for vi in touched:
        spans = out[vi]
        if len(spans) > 1:
            out[vi] = resolve_overlaps(spans)
