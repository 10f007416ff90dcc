"""Loaders for the public labelled corpora in ``../shared/bench`` (see its README for licences).

Each loader returns a :class:`~senim.privacy.eval.gold.Corpus` whose documents carry
character-offset gold spans in the contract's entity names:

- **KazNERD** (Kazakh, CoNLL IOB2, one ``token label`` per line, blank line between sentences): a
  sentence's text is its tokens joined with single spaces; ``PERSON`` spans are kept.
- **factRuEval-2016** (Russian news): ``.txt`` raw text; ``.tokens`` lines ``id offset length text``;
  ``.spans`` lines ``id type offset length first-token n-tokens # …``; ``.objects`` lines
  ``id type span-id… # …``. A ``Person`` object becomes one ``PERSON`` span from its first to its
  last part (``Юрия Лужкова``, ``А. Кудрин``); parts separated by anything but spaces and dots
  (``Аталык (Половникова``) stay separate spans.
- **presidio-research** ``synth_dataset_v2.json`` (English): a list of ``{"full_text", "spans":
  [{"entity_type", "entity_value", "start_position", "end_position"}], …}``; its PERSON,
  STREET_ADDRESS, PHONE_NUMBER, EMAIL_ADDRESS, CREDIT_CARD, IBAN_CODE and IP_ADDRESS map to ours
  one-to-one; other types (DATE_TIME, GPE, ORGANIZATION, …) are not scored.
- **Your own labelled data** (:func:`load_jsonl_gold`), JSON Lines of ``{"text", "spans": [{"start",
  "end", "entity"}], "lang", "id", "field", "genre"}``: a sample of real records labelled by hand
  measures the scanner on the data it will meet.

The corpus root defaults to ``<project root>/../shared/bench`` and can be changed with the
``root`` argument or the ``SENIM_BENCH_DIR`` environment variable. A missing folder raises
:class:`CorpusNotFoundError` whose message says what is missing and how to point to it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Final

from senim.privacy.eval.gold import Corpus, GoldDoc, GoldSpan

__all__ = [
    "CORPORA",
    "PRESIDIO_ENTITY_MAP",
    "CorpusFormatError",
    "CorpusNotFoundError",
    "bench_root",
    "load_corpus",
    "load_factrueval",
    "load_jsonl_gold",
    "load_kaznerd",
    "load_presidio_synth",
    "parse_iob2",
]

#: presidio-research entity types that are personal data in our contract, mapped to our names.
PRESIDIO_ENTITY_MAP: Final[dict[str, str]] = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "STREET_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "IP_ADDRESS": "IP_ADDRESS",
}

#: Corpus names accepted by :func:`load_corpus`.
CORPORA: Final[tuple[str, ...]] = ("kaznerd", "factrueval", "presidio")

_GAP_OK = re.compile(r"[\s.]*")


class CorpusNotFoundError(FileNotFoundError):
    """A corpus folder or file is missing."""


class CorpusFormatError(ValueError):
    """A corpus file does not have the expected format (file and line are named, content is not)."""


def bench_root(root: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding the corpora: ``root``, else ``$SENIM_BENCH_DIR``, else ``../shared/bench``.

    The default is relative to the project root (the folder with ``pyproject.toml`` above this
    package), so ``/work/main`` reads ``/work/shared/bench``.
    """
    if root is not None:
        return Path(root)
    env = os.environ.get("SENIM_BENCH_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file():
            return parent.parent / "shared" / "bench"
    return Path.cwd().parent / "shared" / "bench"


def _require(path: Path, what: str) -> Path:
    if not path.exists():
        raise CorpusNotFoundError(
            f"{what} not found at {path}. Put the corpora in <project root>/../shared/bench "
            f"(see shared/bench/README.md), or pass root=... / set SENIM_BENCH_DIR."
        )
    return path


# --- KazNERD ---------------------------------------------------------------------------------------
def parse_iob2(
    lines: list[str],
    *,
    source: str = "<iob2>",
    keep: frozenset[str] = frozenset({"PERSON"}),
    rename: dict[str, str] | None = None,
    start_index: int = 0,
) -> list[GoldDoc]:
    """Sentences of a CoNLL IOB2 file as documents (tokens joined with single spaces).

    Parameters
    ----------
    lines:
        The file's lines (``token label``, whitespace-separated, blank line between sentences).
    source:
        Name used in error messages and document ids.
    keep:
        Corpus labels (without ``B-``/``I-``) to turn into gold spans.
    rename:
        Corpus label -> our entity name (``PERSON`` stays ``PERSON`` by default).
    start_index:
        Number of the first sentence in document ids.
    """
    rename = rename or {}
    docs: list[GoldDoc] = []
    tokens: list[str] = []
    labels: list[str] = []

    def flush() -> None:
        if not tokens:
            return
        text_parts: list[str] = []
        spans: list[GoldSpan] = []
        pos = 0
        cur: tuple[str, int, int] | None = None
        for tok, lab in zip(tokens, labels, strict=True):
            if text_parts:
                pos += 1
            start, end = pos, pos + len(tok)
            text_parts.append(tok)
            pos = end
            tag, _, typ = lab.partition("-")
            if tag == "I" and cur is not None and cur[0] == typ:
                cur = (typ, cur[1], end)
                continue
            if cur is not None and cur[0] in keep:
                spans.append(GoldSpan(rename.get(cur[0], cur[0]), cur[1], cur[2]))
            cur = (typ, start, end) if tag in ("B", "I") else None  # a stray I- opens an entity
        if cur is not None and cur[0] in keep:
            spans.append(GoldSpan(rename.get(cur[0], cur[0]), cur[1], cur[2]))
        idx = start_index + len(docs)
        docs.append(GoldDoc(f"{source}:{idx}", " ".join(text_parts), "kk", tuple(spans), domain="news"))
        tokens.clear()
        labels.clear()

    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            flush()
            continue
        parts = line.split()
        if len(parts) != 2:
            raise CorpusFormatError(
                f"{source} line {lineno}: expected 'token label', got {len(parts)} fields"
            )
        tok, lab = parts
        if lab != "O" and not re.fullmatch(r"[BI]-[A-Z_]+", lab):
            raise CorpusFormatError(f"{source} line {lineno}: bad IOB2 label")
        tokens.append(tok)
        labels.append(lab)
    flush()
    return docs


def load_kaznerd(
    root: str | os.PathLike[str] | None = None, *, split: str = "valid", limit: int | None = None
) -> Corpus:
    """KazNERD ``IOB2_<split>.txt`` sentences with PERSON spans (Kazakh)."""
    path = _require(bench_root(root) / "kaznerd" / f"IOB2_{split}.txt", f"KazNERD {split} split")
    with path.open(encoding="utf-8") as fh:
        lines = fh.readlines()
    docs = parse_iob2(lines, source=f"kaznerd-{split}")
    if limit is not None:
        docs = docs[:limit]
    return Corpus(
        f"KazNERD {split}",
        docs,
        frozenset({"PERSON"}),
        "Kazakh news/Wikipedia sentences, IOB2; CC BY 4.0 (IS2AI)",
        ("kk",),
    )


# --- factRuEval-2016 -------------------------------------------------------------------------------
def _fields(line: str) -> list[str]:
    return line.split("#", 1)[0].split()


def load_factrueval_document(base: Path) -> GoldDoc:
    """One factRuEval document (``base`` is the path without extension, e.g. ``devset/book_100``)."""
    with base.with_suffix(".txt").open(encoding="utf-8", newline="") as fh:
        text = fh.read()
    if text.startswith("\ufeff"):
        raise CorpusFormatError(f"{base.name}.txt starts with a BOM: offsets would be shifted")
    spans: dict[str, tuple[int, int]] = {}
    with base.with_suffix(".spans").open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            f = _fields(line)
            if not f:
                continue
            if len(f) != 6 or not all(x.isdigit() for x in (f[2], f[3])):
                raise CorpusFormatError(f"{base.name}.spans line {lineno}: expected 6 fields before '#'")
            start, length = int(f[2]), int(f[3])
            if start + length > len(text):
                raise CorpusFormatError(f"{base.name}.spans line {lineno}: span beyond the end of the text")
            spans[f[0]] = (start, start + length)
    gold: set[tuple[int, int]] = set()
    with base.with_suffix(".objects").open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            f = _fields(line)
            if len(f) < 3 or f[1] != "Person":
                continue
            try:
                parts = sorted(spans[s] for s in f[2:])
            except KeyError:
                raise CorpusFormatError(f"{base.name}.objects line {lineno}: unknown span id") from None
            start, end = parts[0]
            for s, e in parts[1:]:
                if s > end and not _GAP_OK.fullmatch(text, end, s):
                    gold.add((start, end))
                    start, end = s, e
                else:
                    end = max(end, e)
            gold.add((start, end))
    # nested duplicates (the same person annotated twice with different extents) keep the longest
    kept = [g for g in gold if not any(o != g and o[0] <= g[0] and g[1] <= o[1] for o in gold)]
    spans_out = tuple(GoldSpan("PERSON", s, e) for s, e in sorted(kept))
    return GoldDoc(f"factrueval:{base.name}", text, "ru", spans_out, domain="news")


def load_factrueval(
    root: str | os.PathLike[str] | None = None, *, split: str = "devset", limit: int | None = None
) -> Corpus:
    """factRuEval-2016 documents (``devset`` or ``testset``) with PERSON spans (Russian)."""
    folder = _require(bench_root(root) / "factrueval-2016" / split, f"factRuEval-2016 {split}")
    bases = sorted(p.with_suffix("") for p in folder.glob("*.txt"))
    if not bases:
        raise CorpusNotFoundError(f"no .txt documents in {folder}")
    if limit is not None:
        bases = bases[:limit]
    docs = [load_factrueval_document(b) for b in bases]
    return Corpus(
        f"factRuEval-2016 {split}", docs, frozenset({"PERSON"}), "Russian news; Person objects; MIT", ("ru",)
    )


# --- presidio-research -----------------------------------------------------------------------------
def parse_presidio_synth(
    records: list[dict[str, object]], *, source: str = "presidio-synth"
) -> list[GoldDoc]:
    """Documents from presidio-research records; only types in :data:`PRESIDIO_ENTITY_MAP` are kept."""
    docs: list[GoldDoc] = []
    for i, rec in enumerate(records):
        text = rec.get("full_text")
        raw_spans = rec.get("spans")
        if not isinstance(text, str) or not isinstance(raw_spans, list):
            raise CorpusFormatError(f"{source} record {i}: expected 'full_text' and 'spans'")
        spans: list[GoldSpan] = []
        for sp in raw_spans:
            if not isinstance(sp, dict):
                raise CorpusFormatError(f"{source} record {i}: a span is not an object")
            ent = PRESIDIO_ENTITY_MAP.get(str(sp.get("entity_type")))
            if ent is None:
                continue
            start, end = sp.get("start_position"), sp.get("end_position")
            if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
                raise CorpusFormatError(f"{source} record {i}: bad span offsets")
            if "entity_value" in sp and text[start:end] != sp["entity_value"]:
                raise CorpusFormatError(f"{source} record {i}: span offsets do not match entity_value")
            spans.append(GoldSpan(ent, start, end))
        spans.sort(key=lambda s: (s.start, s.end))
        docs.append(GoldDoc(f"{source}:{i}", text, "en", tuple(spans), domain="synthetic"))
    return docs


def load_presidio_synth(root: str | os.PathLike[str] | None = None, *, limit: int | None = None) -> Corpus:
    """presidio-research ``synth_dataset_v2.json`` (English) with our entity types."""
    path = _require(
        bench_root(root) / "presidio-research" / "synth_dataset_v2.json",
        "presidio-research synth_dataset_v2.json",
    )
    with path.open(encoding="utf-8") as fh:
        records = json.load(fh)
    if not isinstance(records, list):
        raise CorpusFormatError(f"{path.name}: expected a JSON list")
    docs = parse_presidio_synth(records)
    if limit is not None:
        docs = docs[:limit]
    return Corpus(
        "presidio-research synth v2",
        docs,
        frozenset(PRESIDIO_ENTITY_MAP.values()),
        "English synthetic sentences; MIT (Microsoft / data-privacy-stack)",
        ("en",),
    )


# --- labelled JSON Lines ---------------------------------------------------------------------------
_JSONL_LANGUAGES: Final = frozenset({"kk", "ru", "en"})
_JSONL_MAX_LINE: Final = 1 << 22  # 4 MiB: a labelled record longer than this is a mistake


def _gold_record(rec: object, where: str, default_id: str, known: frozenset[str]) -> GoldDoc:
    """One labelled JSON Lines record as a document (see :func:`load_jsonl_gold`)."""
    if not isinstance(rec, dict):
        raise CorpusFormatError(f"{where}: expected a JSON object")
    text, raw_spans = rec.get("text"), rec.get("spans")
    if not isinstance(text, str) or not isinstance(raw_spans, list):
        raise CorpusFormatError(f"{where}: expected 'text' (a string) and 'spans' (a list)")
    lang = rec.get("lang", "ru")
    if lang not in _JSONL_LANGUAGES:
        raise CorpusFormatError(f"{where}: 'lang' must be one of kk, ru, en")
    doc_id = rec.get("id", default_id)
    field_name = rec.get("field")
    genre = rec.get("genre", "")
    if not isinstance(doc_id, str):
        raise CorpusFormatError(f"{where}: 'id' must be a string")
    if (field_name is not None and not isinstance(field_name, str)) or not isinstance(genre, str):
        raise CorpusFormatError(f"{where}: 'field' and 'genre' must be strings")
    spans: list[GoldSpan] = []
    for k, sp in enumerate(raw_spans):
        if not isinstance(sp, dict):
            raise CorpusFormatError(f"{where}: span {k} is not an object")
        start, end, ent = sp.get("start"), sp.get("end"), sp.get("entity")
        if ent not in known:
            raise CorpusFormatError(f"{where}: span {k} has an unknown entity type")
        if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(text):
            raise CorpusFormatError(f"{where}: span {k} has bad offsets (need 0 <= start < end <= len)")
        spans.append(GoldSpan(str(ent), start, end))
    spans.sort(key=lambda s: (s.start, s.end))
    return GoldDoc(doc_id, text, lang, tuple(spans), field=field_name, domain=genre)


def load_jsonl_gold(path: str | os.PathLike[str], *, limit: int | None = None) -> Corpus:
    """A labelled evaluation set from a JSON Lines file (UTF-8), one document per line.

    Each line is an object::

        {"text": "ИИН клиента 880223300128", "spans": [{"start": 12, "end": 24, "entity": "KZ_IIN"}],
         "lang": "ru", "id": "ru-0001", "field": null, "genre": "bank"}

    ``text`` and ``spans`` are required; ``start``/``end`` are Python ``str`` offsets, end
    exclusive; ``entity`` is a contract name (``senim.privacy.types.ENTITIES``). ``lang`` (``kk``,
    ``ru`` or ``en``, default ``ru``) is the language the figures are reported under (the scanner
    still detects it unless ``--given-language``); ``field`` is a column name passed as a hint;
    ``genre`` is kept as the document's domain. Blank lines are skipped. The corpus scores the
    entity types that occur in its spans, so a set labelled only for names says nothing about
    phone numbers.

    Raises
    ------
    CorpusNotFoundError
        The file does not exist.
    CorpusFormatError
        A line is not valid JSON or breaks the format; the message names the file, the line and
        the problem, never the text.
    """
    from senim.privacy.types import ENTITIES, LANGUAGES

    file = Path(path)
    if not file.is_file():
        raise CorpusNotFoundError(f"labelled JSON Lines file not found: {file}")
    docs: list[GoldDoc] = []
    seen: set[str] = set()
    entities: set[str] = set()
    known = frozenset(ENTITIES)
    with file.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            where = f"{file.name} line {number}"
            if len(raw) > _JSONL_MAX_LINE:
                raise CorpusFormatError(f"{where}: longer than {_JSONL_MAX_LINE} bytes")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise CorpusFormatError(f"{where}: not UTF-8 (byte {exc.start})") from None
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusFormatError(f"{where}: not JSON ({exc.msg}, column {exc.colno})") from None
            doc = _gold_record(rec, where, f"{file.stem}:{number}", known)
            if doc.doc_id in seen:
                raise CorpusFormatError(f"{where}: 'id' must be unique in the file")
            seen.add(doc.doc_id)
            entities.update(span.entity for span in doc.spans)
            docs.append(doc)
            if limit is not None and len(docs) >= limit:
                break
    languages = tuple(lang for lang in LANGUAGES if any(d.language == lang for d in docs))
    return Corpus(file.name, docs, frozenset(entities), f"labelled JSON Lines ({file})", languages)


def load_corpus(name: str, root: str | os.PathLike[str] | None = None, *, limit: int | None = None) -> Corpus:
    """Load a corpus by name: ``kaznerd``, ``factrueval`` or ``presidio``."""
    if name == "kaznerd":
        return load_kaznerd(root, limit=limit)
    if name == "factrueval":
        return load_factrueval(root, limit=limit)
    if name == "presidio":
        return load_presidio_synth(root, limit=limit)
    raise ValueError(f"unknown corpus {name!r}; expected one of {', '.join(CORPORA)}")
