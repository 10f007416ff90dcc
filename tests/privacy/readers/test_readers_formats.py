"""Readers and writers of every format: records, fields, encodings and faithful round trips."""

from __future__ import annotations

import codecs
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from senim.privacy.readers import detect_format, iter_batches, open_writer, rewrite
from senim.privacy.readers.tables import sniff_delimiter, unique_names
from senim.privacy.types import Batch

IIN = "850101300123"
PHONE = "+7 701 123 45 67"


def read_all(path: Path | str, **kw: object) -> list[Batch]:
    return list(iter_batches(path, **kw))  # type: ignore[arg-type]


def column(batches: list[Batch], name: str | None) -> list[str | None]:
    out: list[str | None] = []
    for b in batches:
        out.extend(b.columns.get(name, [None] * b.n_records))
    return out


def upper(batch: Batch) -> Batch:
    batch.columns = {
        k: [v.upper() if isinstance(v, str) else v for v in vs] for k, vs in batch.columns.items()
    }
    return batch


def identity(batch: Batch) -> Batch:
    return batch


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "lines", "terms"),
    [
        (b"a\nb\n", ["a", "b"], ["\n", "\n"]),
        (b"a\r\nb\r\n", ["a", "b"], ["\r\n", "\r\n"]),
        (b"a\nb", ["a", "b"], ["\n", ""]),  # no trailing newline
        (b"", [], []),  # empty file
        (b"\n\n", ["", ""], ["\n", "\n"]),
        ("ИИН 850101300123\nЖСН 931105385718".encode(), ["ИИН 850101300123", "ЖСН 931105385718"], ["\n", ""]),
    ],
)
def test_text_lines(tmp_path: Path, content: bytes, lines: list[str], terms: list[str]) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(content)
    batches = read_all(p)
    assert column(batches, None) == lines
    assert sum(b.n_records for b in batches) == len(lines)
    assert sum(b.n_bytes for b in batches) == len(content)
    out = tmp_path / "out.txt"
    rewrite(p, out, identity)
    assert out.read_bytes() == content


def test_text_batches_and_first_record(tmp_path: Path) -> None:
    p = tmp_path / "a.log"
    p.write_text("".join(f"line {i}\n" for i in range(25)))
    batches = read_all(p, batch_records=10)
    assert [(b.first_record, b.n_records) for b in batches] == [(0, 10), (10, 10), (20, 5)]
    assert column(batches, None)[13] == "line 13"


def test_text_batch_bytes_limit(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("x" * 99 + "\n" + "y" * 99 + "\n" + "z\n")
    batches = read_all(p, batch_bytes=150)
    assert [b.n_records for b in batches] == [2, 1]


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp1251", b""),
    ],
)
def test_encodings_detected_and_kept(tmp_path: Path, codec: str, bom: bytes) -> None:
    text = "Имя: Ержан Сидоров\r\nИИН 850101300123\nконец"
    p = tmp_path / "a.txt"
    p.write_bytes(bom + text.encode(codec))
    batches = read_all(p)
    assert column(batches, None) == ["Имя: Ержан Сидоров", "ИИН 850101300123", "конец"]
    out = tmp_path / "o.txt"
    rewrite(p, out, identity)
    assert out.read_bytes() == bom + text.encode(codec)
    rewrite(p, out, upper)
    assert out.read_bytes() == bom + text.upper().encode(codec)


def test_given_encoding(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("Қазақ тілі\n".encode("kz1048"))
    assert column(read_all(p, encoding="kz1048"), None) == ["Қазақ тілі"]


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    class FakeStdin:
        buffer = io.BytesIO("тел. +7 701 123 45 67\nok".encode())

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    batches = read_all("-")
    assert batches[0].source == "-"
    assert column(batches, None) == ["тел. +7 701 123 45 67", "ok"]


# --- CSV / TSV --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "names", "delim"),
    [
        (b"name,iin\nAsel,850101300123\n", ["name", "iin"], ","),
        (b"name;iin\r\nAsel;850101300123\r\n", ["name", "iin"], ";"),
        (b"name|iin\nAsel|850101300123\n", ["name", "iin"], "|"),
        (b'"name","iin"\n"Asel, K.","850101300123"\n', ["name", "iin"], ","),
        ("имя\tиин\nАсель\t850101300123".encode(), ["имя", "иин"], "\t"),
    ],
)
def test_csv_dialects(tmp_path: Path, content: bytes, names: list[str], delim: str) -> None:
    p = tmp_path / "a.csv"
    p.write_bytes(content)
    batches = read_all(p)
    assert list(batches[0].columns) == names
    assert column(batches, names[1]) == [IIN]
    out = tmp_path / "o.csv"
    rewrite(p, out, identity)
    assert out.read_bytes() == content


def test_tsv_extension_and_explicit_delimiter(tmp_path: Path) -> None:
    p = tmp_path / "a.tsv"
    p.write_text("a\tb\n1\t2\n")
    assert column(read_all(p), "b") == ["2"]
    q = tmp_path / "b.csv"
    q.write_text("a:b\n1:2\n")
    assert column(read_all(q, csv_delimiter=":"), "b") == ["2"]


def test_csv_quoted_newline_and_records(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    content = 'id,comment\n1,"ИИН 850101300123\nтел. +7 701 123 45 67"\n\n2,plain\n'
    p.write_text(content)
    batches = read_all(p)
    assert column(batches, "comment") == ["ИИН 850101300123\nтел. +7 701 123 45 67", "plain"]
    assert column(batches, "id") == ["1", "2"]  # the blank line is not a record


@pytest.mark.parametrize("term", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("inner", ["\r", "\n", "\r\n", "\r\r"])
def test_csv_rewrite_quotes_every_line_break_in_a_field(tmp_path: Path, term: str, inner: str) -> None:
    """A CR or LF inside a field is quoted whatever the file's own line end is (:mod:`csv` alone quotes
    only the characters of its terminator: a bare CR in a LF file split the row when read back)."""
    p = tmp_path / "a.csv"
    name = f"note{inner}x"
    rows = [f'id,"{name}"', f'1,"a{inner}b"', "2,plain", f'3,"ИИН 850101300123{inner}конец"']
    p.write_bytes((term.join(rows) + term).encode("utf-8"))
    before = read_all(p)
    assert column(before, name) == [f"a{inner}b", "plain", f"ИИН 850101300123{inner}конец"]
    out = tmp_path / "o.csv"
    assert rewrite(p, out, identity) == []
    assert out.read_bytes() == p.read_bytes()  # the source quoted exactly the fields that need it
    masked = tmp_path / "m.csv"
    assert rewrite(p, masked, upper) == []
    assert column(read_all(masked), name) == [f"A{inner}B", "PLAIN", f"ИИН 850101300123{inner}КОНЕЦ"]
    assert column(read_all(masked), "id") == ["1", "2", "3"]
    # a field that gains a line break in the writer's hands (a transform, not the source) is quoted too
    grown = tmp_path / "g.csv"
    assert rewrite(p, grown, lambda b: _replace(b, "plain", f"two{inner}lines")) == []
    assert column(read_all(grown), name)[1] == f"two{inner}lines"


def _replace(batch: Batch, old: str, new: str) -> Batch:
    batch.columns = {k: [new if v == old else v for v in vs] for k, vs in batch.columns.items()}
    return batch


def test_csv_duplicate_and_empty_headers() -> None:
    assert unique_names(["a", "", "a", "a_2", " "]) == ["a", "column_2", "a_3", "a_2", "column_5"]
    assert len(set(unique_names(["x", "x", "x"]))) == 3


def test_sniffer() -> None:
    assert sniff_delimiter(["a;b;c", "1;2;3", "4;5,5;6"], ",") == ";"
    assert sniff_delimiter(["just text"], ",") == ","
    assert sniff_delimiter(['"a,b";c', '"1,2";3'], ",") == ";"


def test_csv_fields_projection_writer_keeps_others(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("name,iin,city\nasel,850101300123,almaty\n")
    batches = read_all(p, fields=["name"])
    assert list(batches[0].columns) == ["name"]
    out = tmp_path / "o.csv"
    rewrite(p, out, upper, fields=["name"])
    assert out.read_text() == "name,iin,city\nASEL,850101300123,almaty\n"


def test_csv_header_only_and_empty(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("a,b\n")
    batches = read_all(p)
    assert [b.n_records for b in batches] == [0]
    out = tmp_path / "o.csv"
    rewrite(p, out, identity)
    assert out.read_text() == "a,b\n"
    e = tmp_path / "e.csv"
    e.write_bytes(b"")
    assert sum(b.n_records for b in read_all(e)) == 0
    rewrite(e, out, identity)
    assert out.read_bytes() == b""


# --- JSON / JSON Lines ------------------------------------------------------------------------


def test_json_array_of_objects(tmp_path: Path) -> None:
    doc = [
        {"client": {"name": "Иван Петров", "phones": [PHONE, 77011234567]}, "iin": IIN, "n": 1.5},
        {"a.b": "x", "": "empty key", "list": [[IIN]]},
        "top-level string",
        7,
    ]
    p = tmp_path / "a.json"
    p.write_text(json.dumps(doc, ensure_ascii=False, indent=2))
    batches = read_all(p, batch_records=2)
    assert [b.n_records for b in batches] == [2, 2]
    assert column(batches, "client.phones[0]") == [PHONE, None, None, None]
    assert column(batches, "client.name")[0] == "Иван Петров"
    assert column(batches, '["a.b"]')[1] == "x"
    assert column(batches, '[""]')[1] == "empty key"
    assert column(batches, "list[0][0]")[1] == IIN
    assert column(batches, None)[2] == "top-level string"
    out = tmp_path / "o.json"
    rewrite(p, out, upper, batch_records=2)
    again = json.loads(out.read_text())
    assert again[0]["client"]["phones"] == [PHONE, 77011234567]
    assert again[0]["client"]["name"] == "ИВАН ПЕТРОВ"
    assert again[0]["n"] == 1.5 and again[3] == 7
    assert list(again[0]) == ["client", "iin", "n"]
    rewrite(p, out, identity)
    assert json.loads(out.read_text()) == doc


@pytest.mark.parametrize("doc", [{"client": {"iin": IIN}}, "just a string", [], {}, [1, 2]])
def test_json_documents_round_trip(tmp_path: Path, doc: object) -> None:
    p = tmp_path / "a.json"
    p.write_text(json.dumps(doc))
    batches = read_all(p)
    out = tmp_path / "o.json"
    rewrite(p, out, identity)
    assert json.loads(out.read_text()) == doc
    if isinstance(doc, dict) and doc:
        assert batches[0].columns == {"client.iin": [IIN]}


def test_json_array_streams_large_elements(tmp_path: Path) -> None:
    doc = [{"text": "x" * 300_000 + str(i), "n": i} for i in range(12)]
    p = tmp_path / "big.json"
    p.write_text(json.dumps(doc))
    batches = read_all(p, batch_records=5)
    assert [b.n_records for b in batches] == [5, 5, 2]
    assert str(column(batches, "text")[11]).endswith("11")


def test_jsonl_records_and_round_trip(tmp_path: Path) -> None:
    content = (
        '{"name": "Асель", "iin": "850101300123", "age": 30}\n'
        '{"nested":{"phones":["+77011234567"]},"ok":true}\n'
        "\n"
        '"bare string"\n'
        "[1, 2]"
    )
    p = tmp_path / "a.jsonl"
    p.write_text(content)
    batches = read_all(p)
    assert sum(b.n_records for b in batches) == 5
    assert column(batches, "iin") == [IIN, None, None, None, None]
    assert column(batches, "nested.phones[0]")[1] == "+77011234567"
    assert column(batches, None)[3] == "bare string"
    out = tmp_path / "o.ndjson"
    rewrite(p, out, identity)
    assert out.read_text() == content


# --- Parquet ----------------------------------------------------------------------------------


def _parquet(path: Path) -> pa.Table:
    table = pa.table(
        {
            "id": pa.array([1, 2, 3], pa.int64()),
            "name": pa.array(["Асель", None, "Bob"], pa.string()),
            "iin": pa.array([IIN, "931105385718", None], pa.large_string()),
            "city": pa.array(["Almaty", "Astana", "Almaty"]).dictionary_encode(),
            "score": pa.array([0.5, 1.5, None], pa.float64()),
        }
    )
    pq.write_table(table, path, compression="zstd", row_group_size=2)
    return table


def test_parquet_reads_string_columns(tmp_path: Path) -> None:
    p = tmp_path / "a.parquet"
    _parquet(p)
    batches = read_all(p)
    assert sum(b.n_records for b in batches) == 3
    assert set(batches[0].columns) == {"name", "iin", "city"}
    assert column(batches, "iin") == [IIN, "931105385718", None]
    assert column(batches, "city") == ["Almaty", "Astana", "Almaty"]
    assert [b.first_record for b in batches] == [0, 2]
    only = read_all(p, fields=["iin"])
    assert set(only[0].columns) == {"iin"}


def test_parquet_writer_keeps_schema(tmp_path: Path) -> None:
    p = tmp_path / "a.parquet"
    table = _parquet(p)
    out = tmp_path / "o.parquet"
    rewrite(p, out, upper, batch_records=2)
    got = pq.read_table(out)
    assert got.schema.equals(table.schema)
    assert got.column("id").to_pylist() == [1, 2, 3]
    assert got.column("score").to_pylist() == [0.5, 1.5, None]
    assert got.column("name").to_pylist() == ["АСЕЛЬ", None, "BOB"]
    assert got.column("city").to_pylist() == ["ALMATY", "ASTANA", "ALMATY"]
    # the copy is Snappy whatever the source's codec (reading that codec can abort on a crafted file)
    assert pq.ParquetFile(out).metadata.row_group(0).column(0).compression == "SNAPPY"


# --- gz, folders, detection -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["a.txt.gz", "a.csv.gz", "a.jsonl.gz", "a.json.gz", "a.parquet.gz", "notes.gz"]
)
def test_gzip_transparent(tmp_path: Path, name: str) -> None:
    inner = name[:-3]
    src = tmp_path / ("plain_" + inner)
    if inner.endswith(".parquet"):
        _parquet(src)
    elif inner.endswith(".csv"):
        src.write_text(f"iin\n{IIN}\n")
    elif inner.endswith(".jsonl"):
        src.write_text(json.dumps({"iin": IIN}) + "\n")
    elif inner.endswith(".json"):
        src.write_text(json.dumps([{"iin": IIN}]))
    else:
        src.write_text(IIN + "\n")
    p = tmp_path / name
    p.write_bytes(gzip.compress(src.read_bytes()))
    plain = read_all(src)
    packed = read_all(p)
    assert [b.columns for b in packed] == [b.columns for b in plain]
    out = tmp_path / ("out_" + name)
    rewrite(p, out, identity)
    assert out.read_bytes()[:2] == b"\x1f\x8b"
    if not inner.endswith(".parquet"):
        assert gzip.decompress(out.read_bytes()) == src.read_bytes()


def test_folder_recursive_sorted_hidden_and_binary(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "b.txt").write_text("two\n")
    (root / "a.csv").write_text(f"iin\n{IIN}\n")
    (root / "sub" / "c.jsonl").write_text('{"x": "y"}\n')
    (root / ".secret.txt").write_text("skip me\n")
    (root / ".hidden" / "d.txt").write_text("skip me\n")
    (root / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (root / "blob.dat").write_bytes(bytes(range(256)) * 4)
    batches = read_all(root)  # on_error="fail": unsupported files are still only reported
    sources = [Path(b.source).relative_to(root).as_posix() for b in batches]
    assert sources == ["a.csv", "b.txt", "blob.dat", "img.png", "sub/c.jsonl"]
    errors = {Path(e.source).name for b in batches for e in b.errors}
    assert errors == {"blob.dat", "img.png"}
    out = tmp_path / "out"
    rewrite(root, out, upper)
    assert (out / "a.csv").read_text() == f"iin\n{IIN}\n"
    assert (out / "b.txt").read_text() == "TWO\n"
    assert (out / "sub" / "c.jsonl").read_text() == '{"x": "Y"}\n'
    assert not (out / "img.png").exists() and not (out / ".secret.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_folder_output_must_be_new(tmp_path: Path) -> None:
    from senim.privacy.readers import ScanOutputError

    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text("x\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep").write_text("x")
    with pytest.raises(ScanOutputError):
        open_writer(root, out)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.CSV", ("csv", False)),
        ("a.tsv.gz", ("tsv", True)),
        ("a.ndjson", ("jsonl", False)),
        ("a.parquet", ("parquet", False)),
        ("README", ("text", False)),
        ("x.weird", ("text", False)),
        ("a.png", (None, False)),
        ("a.log.gz", ("text", True)),
    ],
)
def test_detect_format(name: str, expected: tuple[str | None, bool]) -> None:
    assert detect_format(name) == expected
