"""Redaction: masks, entity tokens, keyed pseudonyms, key files and format round trips."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import phonenumbers
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from kz_iin_validator import validate_iin  # type: ignore[import-not-found,unused-ignore]

from senim.privacy.detectors.kz.iin_bin import has_valid_check_digit, is_valid_bin, is_valid_iin
from senim.privacy.readers import iter_batches, rewrite
from senim.privacy.redact import (
    KeyFileError,
    Pseudonymizer,
    load_key,
    merge_spans,
    redact_batch,
    redact_value,
)
from senim.privacy.types import Batch, Finding, Span

KEY = b"0123456789abcdef-test-key"
IINS = ["850101300123", "791028302728", "061211600012", "931105385718", "961226369943"]


def span(entity: str, start: int, end: int, score: float = 0.9) -> Span:
    return Span(entity, start, end, score)


# --- redact_value -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "spans", "mode", "expected"),
    [
        ("ИИН 850101300123 ok", [span("KZ_IIN", 4, 16)], "mask", "ИИН ************ ok"),
        ("ИИН 850101300123 ok", [span("KZ_IIN", 4, 16)], "entity", "ИИН <KZ_IIN> ok"),
        ("a 850101300123", [span("KZ_IIN", 2, 14), span("KZ_IIN", 2, 14)], "entity", "a <KZ_IIN>"),
        # overlaps merged; the highest score names the entity
        (
            "x +7 701 123 45 67 y",
            [span("PHONE_NUMBER", 2, 18, 0.9), span("KZ_ID_CARD", 5, 18, 0.4)],
            "entity",
            "x <PHONE_NUMBER> y",
        ),
        # several spans, right to left keeps offsets right
        (
            "Иван, 850101300123, ivan@mail.kz",
            [span("PERSON", 0, 4), span("KZ_IIN", 6, 18), span("EMAIL_ADDRESS", 20, 32)],
            "entity",
            "<PERSON>, <KZ_IIN>, <EMAIL_ADDRESS>",
        ),
        ("Name\nSurname", [span("PERSON", 0, 12)], "mask", "****\n*******"),
        ("short", [span("PERSON", 3, 99)], "mask", "sho**"),  # clipped
        ("nothing", [], "mask", "nothing"),
        ("empty span", [span("PERSON", 3, 3)], "mask", "empty span"),
    ],
)
def test_redact_value(value: str, spans: list[Span], mode: str, expected: str) -> None:
    assert redact_value(value, spans, mode=mode) == expected  # type: ignore[arg-type]


def test_mask_keeps_length_and_no_digit() -> None:
    value = "тел. +7 (701) 123-45-67, ИИН 850101300123"
    out = redact_value(value, [span("PHONE_NUMBER", 5, 23), span("KZ_IIN", 29, 41)])
    assert len(out) == len(value)
    assert not re.search(r"\d", out)


def test_merge_spans() -> None:
    merged = merge_spans([span("A", 5, 9), span("B", 0, 3), span("C", 2, 6, 0.95)], 20)
    assert [(s.entity, s.start, s.end) for s in merged] == [("C", 0, 9)]
    assert merge_spans([span("A", 0, 2), span("B", 2, 4)], 10) == [span("A", 0, 2), span("B", 2, 4)]


def test_bad_mode_and_missing_pseudonymizer() -> None:
    with pytest.raises(ValueError):
        redact_value("x", [span("PERSON", 0, 1)], mode="erase")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        redact_value("x", [span("PERSON", 0, 1)], mode="pseudonym")


# --- pseudonyms -------------------------------------------------------------------------------


@pytest.mark.parametrize("iin", IINS)
def test_iin_pseudonym_is_a_valid_iin(iin: str) -> None:
    p = Pseudonymizer(KEY)
    out = p.pseudonym("KZ_IIN", iin)
    assert out != iin and len(out) == 12 and out.isdigit()
    assert is_valid_iin(out)
    assert validate_iin(out)  # independent oracle
    assert p.pseudonym("KZ_IIN", iin) == out
    assert Pseudonymizer(KEY + b"x").pseudonym("KZ_IIN", iin) != out
    assert p.pseudonym("KZ_IIN", iin[:6] + " " + iin[6:]) == out[:6] + " " + out[6:]


def test_many_iin_pseudonyms_valid() -> None:
    p = Pseudonymizer(KEY)
    outs = {p.pseudonym("KZ_IIN", f"{i:012d}") for i in range(400)}
    assert all(is_valid_iin(o) for o in outs)
    assert len(outs) >= 399


def test_bin_pseudonym() -> None:
    out = Pseudonymizer(KEY).pseudonym("KZ_BIN", "990340005977")
    assert is_valid_bin(out) and has_valid_check_digit(out) and out != "990340005977"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("+7 701 123 45 67", "87011234567"),
        ("+7 (701) 123-45-67", "+77011234567"),
        ("8 701 123 4567", "+7 701 123 45 67"),
    ],
)
def test_phone_normalised_alike_and_format_kept(a: str, b: str) -> None:
    p = Pseudonymizer(KEY)
    pa_, pb = p.pseudonym("PHONE_NUMBER", a), p.pseudonym("PHONE_NUMBER", b)
    assert re.sub(r"\d", "0", pa_) == re.sub(r"\d", "0", a)  # same shape
    assert pa_[-9:].replace(" ", "").replace("-", "")[-7:] == pb[-9:].replace(" ", "").replace("-", "")[-7:]
    assert p.normalise("PHONE_NUMBER", a) == p.normalise("PHONE_NUMBER", b)
    assert phonenumbers.parse(pa_, "KZ").country_code == 7
    assert pa_ != a


def test_other_pseudonyms() -> None:
    p = Pseudonymizer(KEY)
    email = p.pseudonym("EMAIL_ADDRESS", "Aigerim.K@Mail.kz")
    assert email.endswith("@example.invalid") and "aigerim" not in email.lower()
    assert email == p.pseudonym("EMAIL_ADDRESS", "aigerim.k@mail.kz")
    assert (
        Pseudonymizer(KEY, email_domain="keep").pseudonym("EMAIL_ADDRESS", "a@mail.kz").endswith("@mail.kz")
    )
    card = p.pseudonym("CREDIT_CARD", "4111 1111 1111 1111")
    digits = card.replace(" ", "")
    assert card[:7] == "4111 11" and len(digits) == 16 and digits != "4111111111111111"
    assert (
        sum(
            int(c) if i % 2 == 0 else (2 * int(c)) % 9 or (9 if c == "9" else 0)
            for i, c in enumerate(reversed(digits))
        )
        % 10
        == 0
    )
    iban = p.pseudonym("IBAN_CODE", "KZ86125KZT5004100100")
    numeric = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    assert iban.startswith("KZ") and iban[4:7] == "125" and int(numeric) % 97 == 1 and len(iban) == 20
    passport = p.pseudonym("KZ_PASSPORT", "N12345678")
    assert re.fullmatch(r"N\d{8}", passport) and passport != "N12345678"
    assert p.pseudonym("IP_ADDRESS", "192.168.1.20").startswith("10.")
    assert p.pseudonym("IP_ADDRESS", "2001:db8::1").startswith("fd")
    dob = p.pseudonym("DATE_OF_BIRTH", "01.01.1985")
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", dob)
    name = p.pseudonym("PERSON", "Айгерім  Сапарова")
    assert name.startswith("PERSON_") and name == p.pseudonym("PERSON", "айгерім сапарова")
    token = Pseudonymizer(KEY, format_preserving=False).pseudonym("KZ_IIN", IINS[0])
    assert token.startswith("KZ_IIN_") and len(token) == len("KZ_IIN_") + 20
    assert "abcdef" not in repr(p)


def test_pseudonym_mode_in_redact_value() -> None:
    p = Pseudonymizer(KEY)
    out = redact_value("ИИН 850101300123.", [span("KZ_IIN", 4, 16)], mode="pseudonym", pseudonymizer=p)
    assert out[:4] == "ИИН " and out[-1] == "." and is_valid_iin(out[4:16]) and "850101300123" not in out


# --- key files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "ok"),
    [
        (b"x" * 16, True),
        (b"x" * 32 + b"\n", True),
        (b"x" * 15 + b"\n", False),
        (b"", False),
        (b"x" * 15, False),
    ],
    ids=["16", "32-newline", "15-newline", "empty", "15"],
)
def test_load_key(tmp_path: Path, content: bytes, ok: bool) -> None:
    p = tmp_path / "key"
    p.write_bytes(content)
    if ok:
        assert load_key(p) == content.rstrip(b"\n")
    else:
        with pytest.raises(KeyFileError, match="at least 16") as info:
            load_key(p)
        assert "xxxx" not in str(info.value)


def test_load_key_missing(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="cannot read"):
        load_key(tmp_path / "absent")
    with pytest.raises(KeyFileError):
        Pseudonymizer(b"short")


# --- round trips through every format ----------------------------------------------------------

_PII = re.compile(r"(?<!\d)\d{12}(?!\d)|\+7 7\d{2} \d{3} \d{2} \d{2}|[\w.]+@[\w.]+")


def _find(batch: Batch) -> list[Finding]:
    out: list[Finding] = []
    for name, values in batch.columns.items():
        for i, value in enumerate(values):
            for m in _PII.finditer(value) if value else ():
                entity = (
                    "KZ_IIN"
                    if m.group().isdigit()
                    else "PHONE_NUMBER"
                    if "+" in m.group()
                    else "EMAIL_ADDRESS"
                )
                out.append(
                    Finding(
                        batch.source,
                        batch.first_record + i,
                        name,
                        m.start(),
                        m.end(),
                        entity,
                        0.9,
                        True,
                        "",
                        m.group(),
                    )
                )
    return out


SECRETS = [IINS[0], IINS[3], "+7 701 123 45 67", "asel@mail.kz"]


def _make(path: Path) -> None:
    rows = [
        {"name": "Асель", "iin": IINS[0], "note": "тел. +7 701 123 45 67", "n": 1},
        {"name": "Bob", "iin": IINS[3], "note": "asel@mail.kz, повтор " + IINS[0], "n": 2},
    ]
    name = path.name.removesuffix(".gz")
    if name.endswith(".csv"):
        text = "name;iin;note;n\r\n" + "".join(
            f'{r["name"]};{r["iin"]};"{r["note"]}";{r["n"]}\r\n' for r in rows
        )
        data = text.encode("cp1251")
    elif name.endswith(".jsonl"):
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    elif name.endswith(".json"):
        data = json.dumps({"clients": rows}, ensure_ascii=False, indent=2).encode()
    elif name.endswith(".parquet"):
        pq.write_table(pa.Table.from_pylist(rows), path)
        return
    else:
        data = "".join(f"{r['name']} {r['iin']} {r['note']}\n" for r in rows).encode("utf-16")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


@pytest.mark.parametrize(
    "name", ["a.txt", "a.csv", "a.jsonl", "a.json", "a.parquet", "a.csv.gz", "a.jsonl.gz"]
)
@pytest.mark.parametrize("mode", ["mask", "entity", "pseudonym"])
def test_round_trip_leaves_no_original_value(tmp_path: Path, name: str, mode: str) -> None:
    src = tmp_path / name
    _make(src)
    out = tmp_path / ("out_" + name)
    pseudo = Pseudonymizer(KEY)

    def transform(batch: Batch) -> Batch:
        return redact_batch(batch, _find(batch), mode=mode, pseudonymizer=pseudo)  # type: ignore[arg-type]

    rewrite(src, out, transform)
    before = list(iter_batches(src))
    after = list(iter_batches(out))
    assert sum(b.n_records for b in after) == sum(b.n_records for b in before)
    assert [list(b.columns) for b in after] == [list(b.columns) for b in before]
    for b in after:
        for values in b.columns.values():
            for v in values:
                assert v is None or not any(s in v for s in SECRETS)
    if name.endswith(".parquet"):
        assert pq.read_table(out).column("n").to_pylist() == [1, 2]
        assert pq.read_table(out).schema.equals(pq.read_table(src).schema)
    else:
        raw = gzip.decompress(out.read_bytes()) if name.endswith(".gz") else out.read_bytes()
        for codec in ("utf-8", "utf-16", "cp1251"):
            text = raw.decode(codec, errors="ignore")
            assert not any(s in text for s in SECRETS)


def test_redact_batch_ignores_foreign_findings() -> None:
    batch = Batch("s", 10, 2, {"c": ["a 850101300123", None]})
    findings = [
        Finding("s", 10, "c", 2, 14, "KZ_IIN", 0.9, True, "", "850101300123"),
        Finding("s", 99, "c", 0, 1, "KZ_IIN", 0.9, True, "", "x"),
        Finding("s", 11, "c", 0, 1, "KZ_IIN", 0.9, True, "", "x"),
        Finding("s", 10, "other", 0, 1, "KZ_IIN", 0.9, True, "", "x"),
    ]
    out = redact_batch(batch, findings)
    assert out.columns["c"] == ["a ************", None]
    assert batch.columns["c"][0] == "a 850101300123"  # the input batch is untouched


# --- collision-free (bijective) pseudonyms ------------------------------------------------------

from senim.privacy.detectors.kz.iin_bin import check_digit, iin_birth_date  # noqa: E402
from senim.privacy.redact import _Derangement, _Feistel, _has_check  # noqa: E402


def _valid_iins(n: int, seed: int) -> list[str]:
    import datetime as dt
    import random

    rnd = random.Random(seed)
    out: set[str] = set()
    first = dt.date(1900, 1, 1).toordinal()
    span = dt.date(2029, 12, 31).toordinal() - first + 1
    while len(out) < n:
        born = dt.date.fromordinal(first + rnd.randrange(span))
        century = 3 if born.year < 2000 else 5
        body = f"{born:%y%m%d}{century + rnd.randrange(2)}{rnd.randrange(10000):04d}"
        k = check_digit(body)
        if k is not None:
            out.add(body + str(k))
    return sorted(out)


def test_200k_distinct_iins_get_200k_distinct_valid_pseudonyms() -> None:
    iins = _valid_iins(200_000, seed=11)
    p = Pseudonymizer(KEY)
    outs = [p.pseudonym("KZ_IIN", x) for x in iins]
    assert len(set(outs)) == len(iins)  # a bijection: no collision at all
    assert all(map(is_valid_iin, outs))  # check digit, century digit and a real date
    assert not any(a == b for a, b in zip(iins, outs, strict=True))  # no fixed point
    born = [iin_birth_date(o) for o in outs[:5000]]
    assert all(b is not None and 1900 <= b.year <= 2029 for b in born)  # the window is kept
    assert [p.pseudonym("KZ_IIN", x) for x in iins[:2000]] == outs[:2000]  # deterministic
    again = Pseudonymizer(KEY)
    assert [again.pseudonym("KZ_IIN", x) for x in iins[:2000]] == outs[:2000]  # per key, not per instance
    keyed = Pseudonymizer(KEY + b"2")
    other = [keyed.pseudonym("KZ_IIN", x) for x in iins[:2000]]
    assert sum(a == b for a, b in zip(other, outs, strict=False)) <= 2  # another key, another mapping


@pytest.mark.parametrize(
    ("value", "years"),
    [
        ("000000000000", (1800, 1899)),  # check digit fine, no date: hashed to the 1800s
        ("850101300125", (1800, 1899)),  # bad check digit
        ("850101900120", (1800, 1899)),  # century digit 9
        ("000101100019", (1800, 1899)),  # a valid IIN born in 1800: permuted outside the window
        ("300101500016", (1800, 2099)),  # a valid IIN born in 2030: outside the window
    ],
)
def test_iin_classes(value: str, years: tuple[int, int]) -> None:
    out = Pseudonymizer(KEY).pseudonym("KZ_IIN", value)
    born = iin_birth_date(out)
    assert is_valid_iin(out) and born is not None and out != value
    assert years[0] <= born.year <= years[1]
    if is_valid_iin(value):
        assert not 1900 <= born.year <= 2029


def test_bin_pseudonyms_are_a_bijection() -> None:
    import random

    rnd = random.Random(3)
    bins: set[str] = set()
    while len(bins) < 3000:
        body = f"{rnd.randrange(100):02d}{rnd.randrange(1, 13):02d}{rnd.randrange(4, 7)}{rnd.randrange(4)}"
        body += f"{rnd.randrange(100000):05d}"
        k = check_digit(body)
        if k is not None:
            bins.add(body + str(k))
    p = Pseudonymizer(KEY)
    outs = [p.pseudonym("KZ_BIN", b) for b in sorted(bins)]
    assert len(set(outs)) == len(bins) and all(map(is_valid_bin, outs))
    assert all(o != b for o, b in zip(outs, sorted(bins), strict=True))  # no fixed point
    assert Pseudonymizer(KEY).pseudonym("KZ_BIN", "990340005977") == p.pseudonym("KZ_BIN", "990340005977")


def test_phone_pseudonyms_are_a_bijection_per_prefix() -> None:
    p = Pseudonymizer(KEY)
    numbers = [f"+7 701 {i:07d}" for i in range(0, 10_000_000, 997)]  # 10,031 numbers
    outs = [p.pseudonym("PHONE_NUMBER", n) for n in numbers]
    assert len(set(outs)) == len(numbers)
    assert all(o[:7] == "+7 701 " and len(o) == len(n) for o, n in zip(outs, numbers, strict=True))
    assert all(o != n for o, n in zip(outs, numbers, strict=True))
    # the same subscriber digits under another operator code get unrelated digits
    assert (
        p.pseudonym("PHONE_NUMBER", "+7 777 1234567")[-7:]
        != p.pseudonym("PHONE_NUMBER", "+7 701 1234567")[-7:]
    )


@pytest.mark.parametrize("size", [2, 3, 10, 97, 1000, 4096])
def test_derangement_is_one_cycle_without_fixed_point(size: int) -> None:
    perm = _Derangement(KEY, f"test/{size}", size)
    images = [perm(x) for x in range(size)]
    assert sorted(images) == list(range(size))
    assert all(images[x] != x for x in range(size))
    seen, x = 0, 0
    while True:  # a single cycle through every element
        x = images[x]
        seen += 1
        if x == 0:
            break
    assert seen == size


def test_derangement_with_members_and_tweaks() -> None:
    members = [x for x in range(500) if x % 7 != 3]
    perm = _Derangement(KEY, "test/members", 500, lambda x: x % 7 != 3)
    images = [perm(x) for x in members]
    assert sorted(images) == members and all(a != b for a, b in zip(images, members, strict=True))
    assert [perm(x, b"t1") for x in members] != [perm(x, b"t2") for x in members]
    assert sorted(perm(x, b"t1") for x in members) == members


def test_feistel_inverts() -> None:
    f = _Feistel(KEY, "test/feistel", 10**6)
    for x in range(0, f.a * f.a, 9973):
        assert f.backward(f.forward(x)) == x
        assert f.backward(f.forward(x, b"tw"), b"tw") == x


def test_tabulated_check_digit_rule_matches_the_validator() -> None:
    import random

    rnd = random.Random(5)
    bodies = [f"{rnd.randrange(10**11):011d}" for _ in range(20_000)] + ["80010130072", "79102830272"]
    for body in bodies:
        assert _has_check(body[:7], int(body[7:])) == (check_digit(body) is not None)
