"""Corpus loaders on tiny inline samples of each format, and on the real corpora when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from senim.privacy.eval.corpora import (
    CorpusFormatError,
    CorpusNotFoundError,
    bench_root,
    load_corpus,
    load_factrueval,
    load_kaznerd,
    load_presidio_synth,
    parse_iob2,
)

IOB2 = """«\tO
Диляра B-PERSON
Қайдарова I-PERSON
Алматыда B-GPE
Абайдың B-PERSON
. O

Құнанбай I-PERSON
келді O
"""


def test_iob2_sentences_offsets_and_person_spans() -> None:
    docs = parse_iob2(IOB2.splitlines(keepends=True), source="t")
    assert [d.text for d in docs] == ["« Диляра Қайдарова Алматыда Абайдың .", "Құнанбай келді"]
    assert [docs[0].text[s.start:s.end] for s in docs[0].spans] == ["Диляра Қайдарова", "Абайдың"]
    assert [docs[1].text[s.start:s.end] for s in docs[1].spans] == ["Құнанбай"]  # stray I- opens a span
    assert all(s.entity == "PERSON" for d in docs for s in d.spans)
    assert docs[0].language == "kk" and docs[1].doc_id == "t:1"


@pytest.mark.parametrize("bad", ["one two three\n", "word B_PERSON\n"])
def test_iob2_format_errors(bad: str) -> None:
    with pytest.raises(CorpusFormatError, match="line 1"):
        parse_iob2([bad])


def _write_factrueval(folder: Path) -> None:
    text = "Мэр Москвы Юрий Лужков встретился с А. Кудриным.\nЕкатерина Аталык (Половникова) пришла."
    (folder / "book_1.txt").write_text(text, encoding="utf-8")
    # tokens are not needed by the loader, but written as in the corpus
    (folder / "book_1.tokens").write_text("1 0 3 Мэр\n", encoding="utf-8")
    o = text.index
    spans = [
        ("10", "name", o("Юрий"), 4), ("11", "surname", o("Лужков"), 6), ("12", "loc_name", o("Москвы"), 6),
        ("13", "name", o("А."), 1), ("14", "surname", o("Кудриным"), 8),
        ("15", "name", o("Екатерина"), 9), ("16", "surname", o("Аталык"), 6),
        ("17", "surname", o("Половникова"), 11), ("18", "name", o("Юрий"), 4),
    ]
    (folder / "book_1.spans").write_text(
        "".join(f"{i} {t} {s} {n} 100 1  # 100 x\n" for i, t, s, n in spans), encoding="utf-8")
    (folder / "book_1.objects").write_text(
        "1 Person 10 11 # Юрий Лужков\n2 LocOrg 12 # Москвы\n3 Person 13 14 # А. Кудриным\n"
        "4 Person 15 16 17 # Екатерина Аталык Половникова\n5 Person 18 # Юрий\n", encoding="utf-8")


def test_factrueval_person_objects(tmp_path: Path) -> None:
    folder = tmp_path / "factrueval-2016" / "devset"
    folder.mkdir(parents=True)
    _write_factrueval(folder)
    corpus = load_factrueval(tmp_path)
    (doc,) = corpus.docs
    got = [doc.text[s.start:s.end] for s in doc.spans]
    # "Юрий" alone is nested in "Юрий Лужков" and dropped; the bracket splits the last person
    assert got == ["Юрий Лужков", "А. Кудриным", "Екатерина Аталык", "Половникова"]
    assert corpus.entities == frozenset({"PERSON"}) and doc.language == "ru"


def test_factrueval_span_beyond_text(tmp_path: Path) -> None:
    folder = tmp_path / "factrueval-2016" / "devset"
    folder.mkdir(parents=True)
    (folder / "b.txt").write_text("short", encoding="utf-8")
    (folder / "b.spans").write_text("1 name 3 10 1 1 # x\n", encoding="utf-8")
    (folder / "b.objects").write_text("", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"b\.spans line 1"):
        load_factrueval(tmp_path)


def test_presidio_synth_mapping(tmp_path: Path) -> None:
    folder = tmp_path / "presidio-research"
    folder.mkdir()
    text = "Call John Smith at 212-555-0100 in Paris"
    rec = {"full_text": text, "spans": [
        {"entity_type": "PERSON", "entity_value": "John Smith", "start_position": 5, "end_position": 15},
        {"entity_type": "PHONE_NUMBER", "entity_value": "212-555-0100", "start_position": 19,
         "end_position": 31},
        {"entity_type": "GPE", "entity_value": "Paris", "start_position": 35, "end_position": 40},
    ]}
    (folder / "synth_dataset_v2.json").write_text(json.dumps([rec, {"full_text": "hi", "spans": []}]),
                                                  encoding="utf-8")
    corpus = load_presidio_synth(tmp_path)
    assert len(corpus.docs) == 2
    assert [(s.entity, text[s.start:s.end]) for s in corpus.docs[0].spans] == [
        ("PERSON", "John Smith"), ("PHONE_NUMBER", "212-555-0100")]
    assert "GPE" not in corpus.entities and "PERSON" in corpus.entities
    rec["spans"][0]["end_position"] = 14  # type: ignore[index]
    (folder / "synth_dataset_v2.json").write_text(json.dumps([rec]), encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="record 0"):
        load_presidio_synth(tmp_path)


def test_missing_folder_gives_a_clear_message(tmp_path: Path) -> None:
    for name in ("kaznerd", "factrueval", "presidio"):
        with pytest.raises(CorpusNotFoundError, match=r"not found at .*shared/bench"):
            load_corpus(name, tmp_path / "nowhere")
    with pytest.raises(ValueError):
        load_corpus("conll", tmp_path)


def test_bench_root_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENIM_BENCH_DIR", str(tmp_path))
    assert bench_root() == tmp_path
    assert bench_root("/x") == Path("/x")
    monkeypatch.delenv("SENIM_BENCH_DIR")
    assert bench_root().parts[-2:] == ("shared", "bench")


REAL = bench_root()


@pytest.mark.skipif(not REAL.is_dir(),
                    reason=f"public corpora not present at {REAL} (see shared/bench/README.md)")
def test_real_corpora_offsets_slice_the_text() -> None:
    kz = load_kaznerd(limit=2000)
    assert sum(len(d.spans) for d in kz.docs) > 100
    fr = load_factrueval(limit=30)
    ps = load_presidio_synth()
    assert len(ps.docs) == 1500
    for corpus in (kz, fr, ps):
        for d in corpus.docs:
            for s in d.spans:
                value = d.text[s.start:s.end]
                assert value, (d.doc_id, s)
                if corpus is not ps:  # presidio-research addresses may span lines
                    assert value == value.strip(), (d.doc_id, s)
    names = {d.text[s.start:s.end] for d in fr.docs for s in d.spans}
    assert "Юрия Лужкова" in names
