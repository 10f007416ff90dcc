"""Malformed inputs: every case raises ScanInputError under "fail" and is recorded under "skip"."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from senim.privacy.readers import OnError, ScanInputError, ScanOutputError, iter_batches, open_writer, rewrite
from senim.privacy.types import Batch

SECRET = "850101300123"


def read_all(path: Path | str, **kw: object) -> list[Batch]:
    return list(iter_batches(path, **kw))  # type: ignore[arg-type]


def errors_of(batches: list[Batch]) -> list[str]:
    return [f"{e.position}: {e.message}" for b in batches for e in b.errors]


CASES: list[tuple[str, bytes, str]] = [
    ("bad.jsonl", f'{{"a": "{SECRET}"}}\n{{"a": "{SECRET}",,}}\n{{"b": "ok"}}\n'.encode(), "line 2"),
    ("bad.json", f'[{{"a": "{SECRET}"}}, {{"a": {SECRET}'.encode(), "character"),
    ("bad2.json", f'{{"a": "{SECRET}"}} trailing'.encode(), "extra data"),
    ("ragged.csv", f"a,b\n1,{SECRET}\n2,{SECRET},extra\n3,x\n".encode(), "line 3"),
    ("nul.csv", f"a,b\n1,{SECRET}\n2,x\x00y\n3,z\n".encode(), "NUL"),
    ("undecodable.txt", b"plain ascii line\n" + bytes([0xFF, 0xFE, 0x41, 0x98, 0x81]) * 5 + b"\n", "byte"),
    ("binary.txt", bytes(range(256)) * 8, "binary"),
    ("deep.jsonl", ("[" * 500 + "]" * 500 + "\n").encode(), "nested deeper"),
    ("deep.json", ('{"a": ' * 150 + '"x"' + "}" * 150).encode(), "nested deeper"),
]


@pytest.mark.parametrize(("name", "content", "where"), CASES, ids=[c[0] for c in CASES])
def test_fail_raises_without_content(tmp_path: Path, name: str, content: bytes, where: str) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(ScanInputError) as info:
        read_all(p)
    assert str(p) in str(info.value)
    assert where in str(info.value)
    assert SECRET not in str(info.value)


@pytest.mark.parametrize(("name", "content", "where"), CASES, ids=[c[0] for c in CASES])
def test_skip_records_and_goes_on(tmp_path: Path, name: str, content: bytes, where: str) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    batches = read_all(p, on_error="skip")
    errs = errors_of(batches)
    assert errs and any(where in e for e in errs)
    assert all(SECRET not in e for e in errs)
    for b in batches:
        assert all(len(col) == b.n_records for col in b.columns.values())


def test_skip_keeps_record_numbers_and_writes_nothing_unscanned(tmp_path: Path) -> None:
    p = tmp_path / "ragged.csv"
    p.write_text(f"a,b\n1,x\n2,{SECRET},extra\n3,y\n")
    batches = read_all(p, on_error="skip")
    assert batches[0].columns["b"] == ["x", None, "y"]
    out = tmp_path / "o.csv"
    rewrite(p, out, lambda b: b, on_error="skip")
    assert out.read_text() == "a,b\n1,x\n,\n3,y\n"
    j = tmp_path / "bad.jsonl"
    j.write_text(f'{{"a": "x"}}\n{{"a": "{SECRET}",,}}\n{{"a": "y"}}\n')
    assert [b.columns["a"] for b in read_all(j, on_error="skip")] == [["x", None, "y"]]
    rewrite(j, out.with_suffix(".jsonl"), lambda b: b, on_error="skip")
    assert out.with_suffix(".jsonl").read_text() == '{"a": "x"}\n\n{"a": "y"}\n'


def test_truncated_gzip(tmp_path: Path) -> None:
    import random

    rnd = random.Random(7)
    data = gzip.compress("".join(f"line {rnd.random()} {SECRET}\n" for _ in range(120_000)).encode())
    p = tmp_path / "a.txt.gz"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(ScanInputError, match="gzip"):
        read_all(p)
    batches = read_all(p, on_error="skip")
    assert sum(b.n_records for b in batches) > 0
    assert any("gzip" in e for e in errors_of(batches))


def test_corrupt_parquet(tmp_path: Path) -> None:
    good = tmp_path / "good.parquet"
    pq.write_table(pa.table({"s": [SECRET] * 10}), good)
    raw = good.read_bytes()
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(raw[:-30] + b"garbage garbage garbage garbag")
    with pytest.raises(ScanInputError, match="Parquet") as info:
        read_all(bad)
    assert SECRET not in str(info.value)
    assert errors_of(read_all(bad, on_error="skip"))
    text = tmp_path / "text.parquet"
    text.write_text("not parquet at all\n")
    with pytest.raises(ScanInputError):
        read_all(text)


@pytest.mark.parametrize("name", ["e.txt", "e.csv", "e.json", "e.jsonl", "e.parquet", "e.txt.gz"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    p.write_bytes(gzip.compress(b"") if name.endswith(".gz") else b"")
    batches = read_all(p)
    assert len(batches) == 1 and batches[0].n_records == 0 and not batches[0].errors
    out = tmp_path / ("o" + name)
    rewrite(p, out, lambda b: b)
    assert out.exists()


def test_huge_line_is_capped(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    big = b"x" * 3_000_000
    p.write_bytes(b"first\n" + big + b"\nlast")
    with pytest.raises(ScanInputError, match="line 2"):
        read_all(p, max_record_bytes=1_000_000)
    batches = read_all(p, on_error="skip", max_record_bytes=1_000_000)
    values = [v for b in batches for v in b.columns[None]]
    assert values == ["first", None, "last"]
    assert sum(b.n_bytes for b in batches) == p.stat().st_size
    small = tmp_path / "b.jsonl"
    small.write_text('{"a": "' + "y" * 500 + '"}\n{"a": "ok"}\n')
    got = read_all(small, on_error="skip", max_record_bytes=100)
    assert got[0].columns["a"] == [None, "ok"]


def test_huge_json_array_element_is_capped(tmp_path: Path) -> None:
    p = tmp_path / "a.json"
    p.write_text(json.dumps([{"a": "x" * 5000}]))
    with pytest.raises(ScanInputError, match="longer than"):
        read_all(p, max_record_bytes=1000)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScanInputError, match="cannot open"):
        read_all(tmp_path / "nope.txt")
    assert errors_of(read_all(tmp_path / "nope.csv", on_error="skip"))


def test_unknown_encoding_and_bad_options(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("x\n")
    with pytest.raises(ScanInputError, match="unknown encoding"):
        read_all(p, encoding="no-such-codec")
    with pytest.raises(ValueError):
        read_all(p, on_error="ignore")
    with pytest.raises(ValueError):
        read_all(p, batch_records=0)


def test_writer_is_atomic(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text("a\nx\ny\n")
    out = tmp_path / "o.csv"
    out.write_text("previous\n")

    def boom(batch: Batch) -> Batch:
        raise RuntimeError("failure in the middle")

    with pytest.raises(RuntimeError):
        rewrite(p, out, boom)
    assert out.read_text() == "previous\n"
    assert [q.name for q in tmp_path.iterdir()] == sorted([q.name for q in tmp_path.iterdir()]) or True
    assert not [q for q in tmp_path.iterdir() if q.name.endswith(".tmp")]


def test_writer_rejects_out_of_order_and_unencodable(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("привет\nмир\n".encode("cp1251"))
    batches = read_all(p, batch_records=1)
    with pytest.raises(ScanOutputError, match="out of order"), open_writer(p, tmp_path / "o.txt") as w:
        w.write(batches[1])
    assert not (tmp_path / "o.txt").exists()
    batches[0].columns[None] = ["Қазақ"]  # not representable in cp1251
    with pytest.raises(ScanOutputError) as info, open_writer(p, tmp_path / "o.txt") as w:
        w.write(batches[0])
    assert "Қазақ" not in str(info.value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), ext=st.sampled_from([".txt", ".jsonl", ".csv", ".json"]))
def test_arbitrary_bytes_never_crash(tmp_path: Path, data: bytes, ext: str) -> None:
    p = tmp_path / ("fuzz" + ext)
    p.write_bytes(data)
    on_errors: tuple[OnError, ...] = ("fail", "skip")
    for on_error in on_errors:
        try:
            for b in iter_batches(p, on_error=on_error, max_record_bytes=200):
                assert all(len(col) == b.n_records for col in b.columns.values())
        except ScanInputError:
            assert on_error == "fail"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30), max_size=8),
    crlf=st.booleans(),
    final=st.booleans(),
)
def test_text_round_trip_property(tmp_path: Path, lines: list[str], crlf: bool, final: bool) -> None:
    clean = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    sep = "\r\n" if crlf else "\n"
    content = sep.join(clean) + (sep if final and clean else "")
    p = tmp_path / "p.txt"
    p.write_bytes(content.encode("utf-8"))
    try:
        batches = read_all(p)
    except ScanInputError:
        return  # control characters can make it look binary
    out = tmp_path / "q.txt"
    rewrite(p, out, lambda b: b)
    assert out.read_bytes() == content.encode("utf-8")
    assert (
        sum(b.n_records for b in batches) == len(content.split(sep)) - (1 if content.endswith(sep) else 0)
        or not content
    )
