"""scan_paths: worker processes give exactly what one process gives (findings, summary, redaction)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from senim.privacy.detectors.kz.iin_bin import check_digit
from senim.privacy.run import RedactOptions, scan_paths
from senim.privacy.scanner import Scanner
from senim.privacy.summary import ScanSummary
from senim.privacy.types import Finding


def _iin(body: str) -> str:
    digit = check_digit(body)
    assert digit is not None
    return body + str(digit)


IINS = tuple(_iin(b) for b in ("93123135012", "85071640022", "00010150005"))


def _csv(path: Path, rows: int) -> None:
    lines = ["id;ФИО;ИИН;телефон;comment"]
    for i in range(rows):
        lines.append(f"{i};Иванов Иван;{IINS[i % 3]};+7 701 234 56 {i % 90 + 10:02d};заказ {i * 7919}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run(path: Path, out: Path, workers: int) -> tuple[str, list[Finding], dict[str, object]]:
    jsonl = io.StringIO()
    kept: list[Finding] = []
    summary = scan_paths(
        [str(path)],
        scanner=Scanner(entities={"KZ_IIN", "PHONE_NUMBER"}),
        workers=workers,
        redact=RedactOptions(str(out)),
        on_jsonl=jsonl.write,
        on_findings=kept.extend,
        batch_records=500,
    )
    report = summary.to_dict()
    for key in ("seconds", "mb_per_s"):
        report.pop(key)
    return jsonl.getvalue(), kept, report


def test_workers_match_one_process(tmp_path: Path) -> None:
    src = tmp_path / "clients.csv"
    _csv(src, 3000)
    one = _run(src, tmp_path / "one.csv", 1)
    two = _run(src, tmp_path / "two.csv", 2)
    assert one[0] == two[0] and one[0].count("\n") == 6000
    assert [f.to_json() for f in one[1]] == [f.to_json() for f in two[1]]
    assert one[2] == two[2]
    assert one[2]["data_subjects"]["distinct_validated_iins"] == 3  # type: ignore[index]
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    redacted = (tmp_path / "two.csv").read_text(encoding="utf-8")
    assert all(iin not in redacted for iin in IINS)
    assert redacted.count("\n") == 3001


def test_merge_needs_the_same_key() -> None:
    a, b = ScanSummary(), ScanSummary()
    with pytest.raises(ValueError, match="different digest keys"):
        a.merge(b)
    c = ScanSummary(_key=a.key)
    c.findings = 2
    a.merge(c)
    assert a.findings == 2


def test_findings_jsonl_is_to_json_per_line() -> None:
    from senim.privacy.types import findings_jsonl

    findings = [
        Finding("a\\b.txt", 3, None, 0, 12, "KZ_IIN", 0.95, True, "9312********", IINS[0]),
        Finding("c.csv", 4, 'поле "x"', 1, 5, "PERSON", 1 / 3, False, "И***", "Иван"),
    ]
    for show in (False, True):
        assert findings_jsonl(findings, show_values=show) == "".join(
            f.to_json(show_values=show) + "\n" for f in findings
        )
    assert findings_jsonl([]) == ""


# ----------------------------------------------------------------------------- text read by workers


def _messy_text(path: Path, *, lines: int = 4000, crlf: bool = False) -> None:
    """Lines with identifiers, an undecodable line, a NUL, and no final newline."""
    term = b"\r\n" if crlf else b"\n"
    out: list[bytes] = []
    for i in range(lines):
        if i == 1234:
            out.append(b"\xff\xfe broken " + IINS[0].encode())  # not UTF-8
        elif i % 7 == 0:
            out.append(f"ИИН {IINS[i % 3]}, тел. +7 701 234 56 {i % 90 + 10:02d} строка {i}".encode())
        else:
            out.append(f"Жай мәтін, жол {i}: төлем 2024 жылы".encode())
    path.write_bytes(term.join(out))  # no final newline


def _messy_jsonl(path: Path, *, lines: int = 3000) -> None:
    """JSON Lines with nested values, a bad line, a blank line and an undecodable line."""
    import json

    out: list[bytes] = []
    for i in range(lines):
        if i == 700:
            out.append(b'{"id": 700, "note": "unterminated')
        elif i == 1500:
            out.append(b"")
        elif i == 2100:
            out.append(b'{"id": 2100, "note": "\xff"}')
        else:
            record = {
                "id": i,
                "client": {
                    "iin": IINS[i % 3] if i % 5 == 0 else "",
                    "tags": ["a", f"тел. +7 701 234 56 {i % 90 + 10:02d}"],
                },
            }
            out.append(json.dumps(record, ensure_ascii=False).encode())
    path.write_bytes(b"\n".join(out) + b"\n")


def _plain_run(
    path: Path, workers: int, *, on_error: str = "skip", redact_to: Path | None = None
) -> tuple[str, dict[str, object]]:
    """JSON lines and summary; with ``redact_to`` the batches come from the redacting reader."""
    jsonl = io.StringIO()
    summary = scan_paths(
        [str(path)],
        scanner=Scanner(entities={"KZ_IIN", "PHONE_NUMBER"}),
        workers=workers,
        on_error=on_error,  # type: ignore[arg-type]
        on_jsonl=jsonl.write,
        redact=RedactOptions(str(redact_to)) if redact_to is not None else None,
        batch_records=300,
    )
    report = summary.to_dict()
    for key in ("seconds", "mb_per_s"):
        report.pop(key)
    return jsonl.getvalue(), report


@pytest.mark.parametrize("crlf", [False, True])
def test_workers_decode_text_themselves_with_the_same_result(tmp_path: Path, crlf: bool) -> None:
    src = tmp_path / "notes.txt"
    _messy_text(src, crlf=crlf)
    one = _plain_run(src, 1)
    two = _plain_run(src, 2)
    assert one == two
    assert one == _plain_run(src, 2, redact_to=tmp_path / "redacted.txt")  # read in the main process
    assert one[0].count("\n") == 2 * len(range(0, 4000, 7)) - (1234 % 7 == 0)
    assert one[1]["records"] == 4000 and one[1]["bytes"] == src.stat().st_size
    errors = one[1]["skipped"]
    assert isinstance(errors, list) and len(errors) == 1 and "line 1235" in str(errors[0])


def test_workers_parse_json_lines_themselves_with_the_same_result(tmp_path: Path) -> None:
    src = tmp_path / "events.jsonl"
    _messy_jsonl(src)
    one = _plain_run(src, 1)
    two = _plain_run(src, 2)
    assert one == two
    assert one == _plain_run(src, 2, redact_to=tmp_path / "redacted.jsonl")
    assert one[1]["records"] == 3000 and one[1]["bytes"] == src.stat().st_size
    assert '"field":"client.iin"' in one[0].replace(" ", "") and '"field":"client.tags[1]"' in one[0].replace(
        " ", ""
    )
    errors = one[1]["skipped"]
    assert isinstance(errors, list) and [e["position"] for e in errors] == [
        "line 701 (record 700)",
        "line 2101 (record 2100)",
    ]


def test_workers_fail_on_the_first_bad_line_like_one_process(tmp_path: Path) -> None:
    from senim.privacy.readers.errors import ScanInputError

    src = tmp_path / "notes.txt"
    _messy_text(src)
    for workers in (1, 2):
        with pytest.raises(ScanInputError) as caught:
            _plain_run(src, workers, on_error="fail")
        assert caught.value.position == "line 1235" and "cannot decode as utf-8" in caught.value.message


def test_workers_read_folders_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _messy_text(tmp_path / "in" / "a.txt", lines=900)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "b.csv").write_text("ИИН;имя\n" + f"{IINS[1]};Асан\n", encoding="utf-8")
    one = _plain_run(tmp_path / "in", 1)
    two = _plain_run(tmp_path / "in", 2)
    assert one == two
    assert one[1]["sources"] == 3


def test_scan_errors_cross_processes() -> None:
    import pickle

    from senim.privacy.readers.errors import ScanInputError, UnsupportedInputError

    for cls in (ScanInputError, UnsupportedInputError):
        error = cls("a.txt", "line 3", "cannot decode as utf-8 at byte 7")
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is cls and str(back) == str(error)
        assert (back.source, back.position, back.message) == (error.source, error.position, error.message)


def test_workers_fork_only_from_a_single_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from senim.privacy import run

    # other tests of the session may leave threads behind (Spark's py4j): count them ourselves
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert run._start_method() == "fork"
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert run._start_method() == "forkserver"


@pytest.mark.parametrize("codec", ["cp1251", "utf-8-sig", "utf-16"])
def test_workers_read_every_encoding_like_one_process(tmp_path: Path, codec: str) -> None:
    """cp1251 and a BOM travel undecoded; UTF-16 (not ASCII-compatible) goes as batches."""
    lines = [f"Клиент {i}: ИИН {IINS[i % 3]}, тел. +7 701 234 56 {i % 90 + 10:02d}" for i in range(1500)]
    src = tmp_path / "legacy.txt"
    src.write_bytes("\r\n".join(lines).encode(codec))
    one = _plain_run(src, 1)
    assert one == _plain_run(src, 2) == _plain_run(src, 2, redact_to=tmp_path / "redacted.txt")
    assert one[0].count("\n") == 3000 and one[1]["records"] == 1500


def _freeze_count_after(batch: object) -> tuple[int, int]:
    import gc

    from senim.privacy import run

    before = gc.get_freeze_count()
    run._process_in_worker(batch)  # type: ignore[arg-type]
    return before, gc.get_freeze_count()


def test_a_worker_freezes_what_its_first_batch_loaded_and_the_caller_is_left_alone(tmp_path: Path) -> None:
    import gc
    import multiprocessing

    from senim.privacy import run
    from senim.privacy.types import Batch

    work = run._Work(Scanner(entities=["KZ_IIN"]), b"k" * 32, False, False, False, None)
    batch = Batch("s", 0, 1, {None: [f"ИИН {IINS[0]}"]})
    with multiprocessing.get_context("fork").Pool(1, initializer=run._init_worker, initargs=(work,)) as pool:
        first = pool.apply(_freeze_count_after, (batch,))
        second = pool.apply(_freeze_count_after, (batch,))
    assert first[0] == 0 and first[1] > 0  # frozen after the first batch, not before
    assert second[1] <= second[0] <= first[1]  # once only (frozen objects may still be freed)
    # a scan with workers leaves the calling process's collector as it was
    before = gc.get_freeze_count()
    path = tmp_path / "a.txt"
    path.write_text("\n".join(f"ИИН {IINS[i % 3]}" for i in range(3000)), encoding="utf-8")
    scan_paths([str(path)], scanner=Scanner(entities=["KZ_IIN"]), workers=2)
    assert gc.get_freeze_count() == before
