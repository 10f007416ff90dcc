"""Block-wise fast paths: the same records, bytes, errors and round trips as line-by-line reading.

The chunk size is shrunk to a few bytes so that lines, CRLF pairs, multi-byte characters and
quoted CSV fields straddle block borders.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from senim.privacy.readers import ScanInputError, _io, iter_batches, rewrite
from senim.privacy.readers.tables import CsvWriter
from senim.privacy.types import Batch

SECRET = "850101300124"


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_io, "CHUNK_BYTES", 7)
    monkeypatch.setattr(_io, "SAMPLE_BYTES", 5)


def identity(batch: Batch) -> Batch:
    return batch


def reference_batches(lines: list[bytes], records: int, size: int) -> list[tuple[int, int]]:
    """(n_records, n_bytes) per batch under the documented rule: a batch ends at ``records`` lines
    or at the first line that takes it to ``size`` bytes."""
    out: list[tuple[int, int]] = []
    n = b = 0
    for line in lines:
        n += 1
        b += len(line)
        if n >= records or b >= size:
            out.append((n, b))
            n = b = 0
    if n or not out:
        out.append((n, b))
    return out


_LINE = st.text(alphabet=st.sampled_from("aяқ 1\r\t,;é€"), max_size=12)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(_LINE, max_size=25),
    terms=st.lists(st.sampled_from(["\n", "\r\n"]), min_size=25, max_size=25),
    final=st.booleans(),
    records=st.integers(1, 9),
    size=st.integers(1, 80),
)
def test_text_blocks_match_lines(
    tmp_path: Path,
    tiny_chunks: None,
    lines: list[str],
    terms: list[str],
    final: bool,
    records: int,
    size: int,
) -> None:
    clean = [x.rstrip("\r") for x in lines]
    encoded = [(x + t).encode() for x, t in zip(clean, terms, strict=False)]
    if encoded and not final:
        encoded[-1] = clean[-1].encode()
        if not clean[-1]:  # an empty last line without newline is no line
            clean, encoded = clean[:-1], encoded[:-1]
    content = b"".join(encoded)
    p = tmp_path / "a.txt"
    p.write_bytes(content)
    batches = list(iter_batches(p, batch_records=records, batch_bytes=size))
    assert [v for b in batches for v in b.columns[None]] == clean
    assert [(b.n_records, b.n_bytes) for b in batches] == reference_batches(encoded, records, size)
    assert [b.first_record for b in batches] == [
        sum(b.n_records for b in batches[:i]) for i in range(len(batches))
    ]
    out = tmp_path / "o.txt"
    rewrite(p, out, identity, batch_records=records, batch_bytes=size)
    assert out.read_bytes() == content


def test_text_long_lines_and_bad_bytes_across_chunks(tmp_path: Path, tiny_chunks: None) -> None:
    content = b"ok\r\n" + b"x" * 40 + b"\n" + "яя".encode() + b"\xff\n" + b"y" * 30 + b"\r\nlast"
    p = tmp_path / "a.txt"
    p.write_bytes(content)
    batches = list(iter_batches(p, on_error="skip", max_record_bytes=25))
    values = [v for b in batches for v in b.columns[None]]
    assert values == ["ok", None, None, None, "last"]
    positions = [e.position for b in batches for e in b.errors]
    assert positions == ["line 2", "line 3", "line 4"]
    assert sum(b.n_bytes for b in batches) == len(content)
    out = tmp_path / "o.txt"
    rewrite(p, out, identity, on_error="skip", max_record_bytes=25)
    assert out.read_bytes() == b"ok\r\n\n\n\r\nlast"
    with pytest.raises(ScanInputError, match="line 2"):
        list(iter_batches(p, max_record_bytes=25))


def _records(units: list[object]) -> tuple[list[tuple[int, dict[str | None, str | None]]], list[str], int]:
    """(record number, values by field) per record, error positions and input bytes of a reading."""
    from senim.privacy.readers import TextBlocks

    records: list[tuple[int, dict[str | None, str | None]]] = []
    errors: list[str] = []
    n_bytes = 0
    for unit in units:
        for batch in unit.batches() if isinstance(unit, TextBlocks) else [unit]:
            assert isinstance(batch, Batch)
            for i in range(batch.n_records):
                row = {k: v[i] for k, v in batch.columns.items() if v[i] is not None}
                records.append((batch.first_record + i, row))
            errors += [f"{e.position}: {e.message}" for e in batch.errors]
            n_bytes += batch.n_bytes
    return records, errors, n_bytes


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(
        st.one_of(
            _LINE.map(str.encode),
            st.sampled_from(
                [b"\xff\xfe", b'{"a": "\xd1"}', b"x" * 30, b'{"a": {"b": ["c", 1]}}', b"[1,", b""]
            ),
        ),
        max_size=20,
    ),
    crlf=st.booleans(),
    final=st.booleans(),
    fmt=st.sampled_from(["txt", "jsonl"]),
    records=st.integers(1, 9),
)
def test_units_decoded_elsewhere_match_batches(
    tmp_path: Path,
    tiny_chunks: None,
    lines: list[bytes],
    crlf: bool,
    final: bool,
    fmt: str,
    records: int,
) -> None:
    term = b"\r\n" if crlf else b"\n"
    content = term.join(line.replace(b"\r", b"").replace(b"\n", b"") for line in lines)
    if lines and final:
        content += term
    p = tmp_path / f"a.{fmt}"
    p.write_bytes(content)
    options = {"on_error": "skip", "batch_records": records}
    expected = _records(list(iter_batches(p, max_record_bytes=25, **options)))  # type: ignore[arg-type]
    units = list(_io_units(p, options))
    assert _records(units) == expected  # the same records, errors and bytes


def _io_units(p: Path, options: dict[str, object]) -> list[object]:
    """iter_units with a record cap of 25 bytes (the option is not in its signature)."""
    from senim.privacy.readers import _iterate
    from senim.privacy.readers._io import ReadOptions

    read = ReadOptions(
        batch_records=int(options["batch_records"]),  # type: ignore[call-overload]
        on_error="skip",
        max_record_bytes=25,
    )
    return list(_iterate(p, read, undecoded_text=True))


_CELL = st.text(alphabet=st.sampled_from('ab я,";\n\r\t'), max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=15),
    crlf=st.booleans(),
    records=st.integers(1, 6),
)
def test_csv_blocks_match_the_csv_module(
    tmp_path: Path, tiny_chunks: None, rows: list[list[str]], crlf: bool, records: int
) -> None:
    if not crlf:  # csv leaves a CR unquoted when the terminator is LF: not readable back
        rows = [[c.replace("\r", "") for c in row] for row in rows]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(["a", "b", "c"])
    writer.writerows(rows)
    content = buf.getvalue().encode()
    p = tmp_path / "a.csv"
    p.write_bytes(content)
    expected = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))[1:]
    expected = [r for r in expected if r]  # blank lines are not records
    batches = list(iter_batches(p, batch_records=records, csv_delimiter=","))
    got = [list(t) for b in batches for t in zip(b.columns["a"], b.columns["b"], b.columns["c"], strict=True)]
    assert got == expected
    assert sum(b.n_bytes for b in batches) == len(content)
    out = tmp_path / "o.csv"
    rewrite(p, out, identity, batch_records=records, csv_delimiter=",")
    again = [
        list(t) for b in iter_batches(out, csv_delimiter=",") for t in zip(*b.columns.values(), strict=True)
    ]
    assert again == expected


@pytest.mark.parametrize(
    "rows",
    [
        [["a", "b"], ["c,d", 'e"f'], ["g\nh", "i\rj"], ["", ""]],
        [["plain", "row"], ["x", "y"]],
        [[""], ["z"]],
        [["a;b", "c"]],
    ],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_writer_fast_path_quotes_like_csv(tmp_path: Path, rows: list[list[str]], delimiter: str) -> None:
    width = len(rows[0])
    header = [f"h{i}" for i in range(width)]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    p = tmp_path / "a.csv"
    p.write_bytes(buf.getvalue().encode())
    out = tmp_path / "o.csv"
    rewrite(p, out, identity, csv_delimiter=delimiter)
    assert out.read_bytes() == buf.getvalue().encode()
    assert CsvWriter.__name__ == "CsvWriter"


def test_csv_ragged_row_line_numbers_in_blocks(tmp_path: Path, tiny_chunks: None) -> None:
    p = tmp_path / "a.csv"
    p.write_text(f'a,b\n1,x\n2,"multi\nline"\n3,{SECRET},extra\n4,y\n')
    batches = list(iter_batches(p, on_error="skip"))
    assert [v for b in batches for v in b.columns["b"]] == ["x", "multi\nline", None, "y"]
    errors = [f"{e.position}: {e.message}" for b in batches for e in b.errors]
    assert errors == ["line 5 (record 2): row has 3 fields, the header has 2"]
    assert SECRET not in errors[0]


def _jsonl(tmp_path: Path) -> Path:
    p = tmp_path / "a.jsonl"
    lines = [
        {"name": "Асель", "iin": SECRET, "n": 1},
        {"name": "Bob", "contact": {"phones": ["+77011234567"]}, "iin": "x"},
        {"name": "Dana", "iin": SECRET},
    ]
    p.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    return p


def test_jsonl_only_replaced_records_change(tmp_path: Path) -> None:
    p = _jsonl(tmp_path)

    def redact_second(batch: Batch) -> Batch:
        col = list(batch.columns["contact.phones[0]"])
        col[1] = "+7 *** *** ** **"
        batch.columns["contact.phones[0]"] = col
        return batch

    out = tmp_path / "o.jsonl"
    rewrite(p, out, redact_second)
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert got[1]["contact"]["phones"] == ["+7 *** *** ** **"]
    assert got[0] == json.loads(p.read_text().splitlines()[0]) and got[2]["iin"] == SECRET
    assert next(iter(iter_batches(p))).columns["contact.phones[0]"] == [None, "+77011234567", None]


def test_jsonl_in_place_mutation_is_written(tmp_path: Path) -> None:
    p = _jsonl(tmp_path)

    def mutate(batch: Batch) -> Batch:
        col = batch.columns["iin"]
        for i, v in enumerate(col):
            if v == SECRET:
                col[i] = "<KZ_IIN>"  # same list object, changed in place
        return batch

    out = tmp_path / "o.jsonl"
    rewrite(p, out, mutate)
    assert SECRET not in out.read_text() and out.read_text().count("<KZ_IIN>") == 2


def test_jsonl_duplicate_keys_never_copy_unscanned_values(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(f'{{"a": "{SECRET}", "a": "second"}}\n')
    assert next(iter(iter_batches(p))).columns == {"a": ["second"]}
    out = tmp_path / "o.jsonl"
    rewrite(p, out, identity)
    assert SECRET not in out.read_text()


def test_jsonl_fields_and_escaped_keys(tmp_path: Path, tiny_chunks: None) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text('{"a.b": "x", "c": "y", "d": {"e": "z"}}\n  \n{"c": "w"}')
    batches = list(iter_batches(p, fields=["c", "d"]))
    assert batches[0].columns == {"c": ["y", None, "w"], "d.e": ["z", None, None]}
    assert next(iter(iter_batches(p))).columns['["a.b"]'] == ["x", None, None]
    out = tmp_path / "o.jsonl"
    rewrite(p, out, identity)
    assert out.read_text() == p.read_text()


def test_parquet_dictionary_and_unchanged_columns(tmp_path: Path) -> None:
    p = tmp_path / "a.parquet"
    table = pa.table(
        {
            "city": pa.array(["Almaty", None, "Astana", "Almaty"]).dictionary_encode(),
            "iin": pa.array([SECRET, "x", None, SECRET]),
            "n": pa.array([1, 2, 3, 4]),
        }
    )
    pq.write_table(table, p, row_group_size=3)
    batches = list(iter_batches(p, batch_records=2))
    assert [v for b in batches for v in b.columns["city"]] == ["Almaty", None, "Astana", "Almaty"]

    def redact(batch: Batch) -> Batch:
        batch.columns["iin"] = ["<KZ_IIN>" if v == SECRET else v for v in batch.columns["iin"]]
        return batch

    out = tmp_path / "o.parquet"
    rewrite(p, out, redact, batch_records=2)
    got = pq.read_table(out)
    assert got.schema.equals(table.schema)
    assert got.column("iin").to_pylist() == ["<KZ_IIN>", "x", None, "<KZ_IIN>"]
    assert got.column("city").to_pylist() == ["Almaty", None, "Astana", "Almaty"]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_undecodable_byte_is_named_by_its_place_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bom: bytes, chunk: int
) -> None:
    monkeypatch.setattr(_io, "CHUNK_BYTES", chunk)
    content = bom + "".join(f"строка {i}\n" for i in range(40)).encode() + b"bad \xff here\n" + b"ok\n"
    p = tmp_path / "a.txt"
    p.write_bytes(content)
    # without a BOM the encoding is given: detection would call a small file with a bad byte not UTF-8
    given = None if bom else "utf-8"
    (error,) = [e for b in iter_batches(p, on_error="skip", encoding=given) for e in b.errors]
    assert error.position == "line 41"
    bad = content.index(b"\xff")
    assert error.message == f"cannot decode as utf-8 at byte {bad}"
