"""English names: spaCy small model plus title, cue and given-name rules; the prefilter."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from senim.privacy.ner.en import EnglishNameFinder, might_contain_name


@pytest.fixture(scope="module")
def finder() -> EnglishNameFinder:
    return EnglishNameFinder()


def _names(finder: EnglishNameFinder, text: str) -> list[str]:
    (spans,) = finder.find([text], language="en")
    return [text[s.start : s.end] for s in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please call John Smith tomorrow.", ["John Smith"]),
        ("For my take on Mrs. Harris, see the review.", ["Harris"]),  # title rule, title not in span
        ("Dr Aigerim Nurlanovna will see you now.", ["Aigerim Nurlanovna"]),
        ("My name is Ludmiła", ["Ludmiła"]),  # cue rule
        ("Name: Victoria Bruun\nPhone: 555", ["Victoria Bruun"]),
        ("Bryan Maclean's killers sentenced to life in prison", ["Bryan Maclean"]),  # possessive
        ("They had 3: Janet, Kevin and Terri.", ["Janet", "Kevin", "Terri"]),
        ("The invoice is due on Monday.", []),
        ("", []),
        # organisations named after people are not people
        ("I work for Bertha Inc since May.", []),
        ("The Williamson Orchestra was founded in 1973.", []),
        ("Ask Anna Berg at Russell Investments.", ["Anna Berg"]),
    ],
)
def test_english_names(finder: EnglishNameFinder, text: str, expected: list[str]) -> None:
    assert _names(finder, text) == expected


def test_batches_and_offsets(finder: EnglishNameFinder) -> None:
    texts = ["no names here", "Mr. Brown met Alice Cooper.", "x" * 10]
    out = finder.find(texts)
    assert out[0] == [] and out[2] == []
    assert [texts[1][s.start : s.end] for s in out[1]] == ["Brown", "Alice Cooper"]
    assert all(s.entity == "PERSON" and s.detector.startswith("ner.en.") for s in out[1])


def test_rules_can_be_switched_off() -> None:
    (spans,) = EnglishNameFinder(rules=False).find(["My name is Ludmiła"])
    assert spans == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call John tomorrow", True),
        ("Tomomi is from Tokyo", True),  # uncommon sentence opener
        ("Mrs. Harris", True),
        ("follow up with patricia desrosiers", True),  # lower-case text with a known given name
        ("The invoice is due on monday.", False),
        ("please send the report. thanks", False),
        ("", False),
    ],
)
def test_prefilter(text: str, expected: bool) -> None:
    assert might_contain_name(text) is expected


def test_the_pipeline_is_loaded_with_ner_only_and_finds_what_the_full_one_finds() -> None:
    import spacy

    from senim.privacy.ner.en import MODEL, _Spacy

    nlp = _Spacy.nlp()
    assert nlp.pipe_names == ["tok2vec", "ner"]
    full = spacy.load(MODEL)
    texts = [
        "Please call John Smith at the London office on Monday.",
        "Maria Garcia-Lopez and Dr. Ahmed Khan met Apple Inc. in New York.",
        "The contract was signed by Olivia O'Neil, 42, of 12 Baker Street.",
        "no names here, only 1,250 KZT and order 4411-22",
    ]
    with full.select_pipes(enable=["tok2vec", "ner"]):
        expected = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in full.pipe(texts)]
    got = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts)]
    assert got == expected
    assert any(label == "PERSON" for doc in got for *_, label in doc)


def test_loading_spacy_imports_no_plugin_package(tmp_path: Path) -> None:
    """spaCy's factory entry points (presidio-analyzer registers one) are not loaded for our model."""
    import subprocess
    import sys

    # a package that registers a spaCy factory and tells when it is imported
    plugin = "import sys\nsys.stderr.write('PLUGIN IMPORTED')\nmake = None\n"
    (tmp_path / "senim_fake_plugin.py").write_text(plugin)
    info = tmp_path / "senim_fake_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: senim-fake-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[spacy_factories]\nfake_pipe = senim_fake_plugin:make\n")
    code = (
        "import sys\n"
        "from senim.privacy.ner.en import _Spacy\n"
        "nlp = _Spacy.nlp()\n"
        "doc = nlp('John Smith met Mary Jones in London.')\n"
        "assert [e.text for e in doc.ents if e.label_ == 'PERSON'], doc.ents\n"
        "assert 'senim_fake_plugin' not in sys.modules\n"
        "from spacy import util\n"
        "assert util.registry._entry_point_factories.entry_points is True  # restored\n"
        "util.registry._entry_point_factories.get_all()  # the plugin is visible: now it loads\n"
        "assert 'senim_fake_plugin' in sys.modules\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr.count("PLUGIN IMPORTED") == 1
