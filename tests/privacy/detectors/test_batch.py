"""Batch (NumPy) validators agree with the scalar validators they stand in for."""

from __future__ import annotations

import random

import numpy as np
import pytest
from kz_iin_validator import safe_validate_iin

from senim.privacy.detectors.batch import batch_validator, iin_bin_arrays
from senim.privacy.detectors.kz.iin_bin import check_digit, classify_12, has_valid_check_digit
from senim.privacy.detectors.registry import build_validator, default_registry

DETECTORS = {d.id: d for d in default_registry()}
VECTORS = ["791028302728", "061211600012", "931105385718", "961226369943", "990340005977",
           "791028302729", "800101300720", "800101300721", "000000000000", "991332300017"]  # fmt: skip


def _random_numbers(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        body = f"{rng.randint(0, 99):02d}{rng.randint(0, 13):02d}{rng.randint(0, 69):02d}"
        body += f"{rng.randint(0, 9)}{rng.randint(0, 9999):04d}"
        k = check_digit(body)
        out.append(body + str(k if k is not None and rng.random() < 0.8 else rng.randint(0, 9)))
    return out


@pytest.mark.parametrize("ident", ["kz.iin", "kz.bin", "kz.passport", "kz.id_card"])
def test_batch_equals_scalar(ident: str) -> None:
    det = DETECTORS[ident]
    batch = batch_validator(det)
    assert batch is not None
    scalar = build_validator(det)
    values = (
        VECTORS + _random_numbers(3, 3000) if ident in ("kz.iin", "kz.bin") else ["N12345678", "012345678"]
    )
    handled, ok, score, validated = batch(values)
    assert handled.all()
    for i, value in enumerate(values):
        verdict = scalar(value, 0, len(value))
        assert (verdict is not None) == ok[i], value
        if verdict is not None:
            assert (verdict.score, verdict.validated) == (score[i], validated[i]), value


def test_batch_leaves_other_shapes_to_the_scalar_validator() -> None:
    batch = batch_validator(DETECTORS["kz.iin"])
    assert batch is not None
    handled, ok, _, _ = batch(["791028302728", "79102830272", "７９１０２８３０２７２８", "7910283027281"])
    assert handled.tolist() == [True, False, False, False]
    assert ok.tolist() == [True, False, False, False]
    assert batch_validator(DETECTORS["email"]) is None


def test_iin_arrays_against_oracle() -> None:
    numbers = VECTORS + _random_numbers(5, 2000)
    digits = np.array([[int(c) for c in n] for n in numbers], dtype=np.int64)
    valid, bin_shaped, plausible = iin_bin_arrays(digits)
    for i, n in enumerate(numbers):
        assert valid[i] == has_valid_check_digit(n), n
        found = classify_12(n)
        if found is not None:
            assert (found[0] == "KZ_BIN", found[1]) == (bin_shaped[i], plausible[i]), n
        if valid[i] and not bin_shaped[i] and plausible[i]:
            assert safe_validate_iin(n)[0] is not None, n  # the independent oracle agrees


# --- card, phone, IPv4, IBAN: batch forms agree with the scalar validators ------------------

_CARD = ["4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111112",  # bad Luhn
         "5500 0000 0000 0004", "2200 0000 0000 0004", "378282246310005", "3782 822463 10005",
         "4111 1111 1111 1111 2024",  # ran into a year: left to the scalar validator (it trims)
         "4111 1111 1111 1112 2024", "1234 5678 9012 3456", "4111111111111", "41111111111111111111",
         "9111111111111111", "6011111111111117", "30569309025904", "4111 1111 1111 1111 1"]  # fmt: skip
_PHONE = ["+7 701 123 45 67", "87011234567", "8 (701) 123-45-67", "8 10 7 701 123 45 67", "+77011234567",
          "701 123 45 67", "(701) 123-45-67", "7011234567", "+7 799 123 45 67", "+7 717 212 34 56",
          "8 727 123 45 67", "+7 600 123 45 67", "+7 701 123 45 6", "9 701 123 45 67", "+7 701.123.45.67",
          "8107 701 123 45 67", "81070701123456"]  # fmt: skip
_IPV4 = ["10.0.0.1", "255.255.255.255", "256.1.1.1", "1.2.3.04", "0.0.0.0", "01.2.3.4", "192.168.000.1",
         "1.2.3", "999.1.1.1", "1.2.3.4"]  # fmt: skip
_AROUND = [("", ""), ("1.", ""), ("", ".5"), ("a.", ""), ("", ".x"), (" ", " "), ("٣.", ""), ("", ".٣")]
# a digit group next to a card may continue it; a number sign before a phone makes a document number
_CARD_AROUND = [("", ""), ("№ ", ""), ("1234 ", ""), ("", " 2"), ("", " 12/25"), ("", "-7"), ("a ", " b")]
_PHONE_AROUND = [("", ""), ("№ ", ""), ("тел. № ", ""), ("No. ", ""), ("#", ""), ("тел ", " ok"), ("+7 ", "")]
_IBAN = ["KZ86125KZT5004100100", "KZ86 125K ZT50 0410 0100", "KZ87125KZT5004100100", "KZ86125KZT500410010",
         "KZ86125KZT5004100100 1234", "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32",
         "GB82WEST12345698765433", "XX82WEST12345698765432", "DE89370400440532013000",
         "KZ00ABCDEFGHIJKLMNOP"]  # fmt: skip


def _random_cards(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        digits = rng.choice(["4", "51", "2200", "37", "6011", "9"]) + "".join(
            rng.choices("0123456789", k=rng.randint(10, 17))
        )
        sep = rng.choice(["", " ", "-"])
        out.append(sep.join(digits[i : i + 4] for i in range(0, len(digits), 4)))
    return out


def _random_ibans(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        bban = "125" + "".join(rng.choices("0123456789KZT", k=13))
        check = 98 - int("".join(str(int(c, 36)) for c in bban + "KZ00")) % 97
        iban = f"KZ{check if rng.random() < 0.7 else rng.randint(2, 98):02d}{bban}"
        out.append(" ".join(iban[i : i + 4] for i in range(0, 20, 4)) if rng.random() < 0.5 else iban)
    return out


def _agree(ident: str, values: list[str], around: list[tuple[str, str]] | None = None) -> int:
    det = DETECTORS[ident]
    batch = batch_validator(det)
    assert batch is not None
    scalar = build_validator(det)
    pairs = around or [("", "")]
    rows = [(b, v, a) for v in values for b, a in pairs]
    cands = [v for _, v, _ in rows]
    if batch.needs_neighbours:
        before, after = [b[-2:] for b, _, _ in rows], [a[:2] for _, _, a in rows]
        handled, ok, score, validated = batch(cands, before, after)
        assert batch(cands)[0].sum() == 0  # without neighbours nothing is handled
    else:
        handled, ok, score, validated = batch(cands)
    for i, (b, v, a) in enumerate(rows):
        verdict = scalar(b + v + a, len(b), len(b) + len(v))
        if not handled[i]:
            assert not ok[i]
            continue
        assert (verdict is not None) == ok[i], (b, v, a)
        if verdict is not None:
            assert (verdict.score, verdict.validated) == (score[i], validated[i]), v
            assert verdict.start in (None, len(b)) and verdict.end in (None, len(b) + len(v)), v
    return int(handled.sum())


@pytest.mark.parametrize(
    ("ident", "values", "around", "least"),
    [("card", _CARD + _random_cards(random.Random(1), 3000), None, 0.7),
     ("card", _CARD, _CARD_AROUND, 0.3),
     ("phone.kz", _PHONE, None, 0.75), ("phone.kz_bare", _PHONE, None, 0.9),
     ("phone.kz", _PHONE, _PHONE_AROUND, 0.1),
     ("ip.v4", _IPV4, _AROUND, 1.0),
     ("iban", _IBAN + _random_ibans(random.Random(2), 2000), None, 0.95)],
)  # fmt: skip
def test_new_batch_forms_equal_scalar(
    ident: str, values: list[str], around: list[tuple[str, str]] | None, least: float
) -> None:
    handled = _agree(ident, values, around)
    assert handled >= least * len(values) * len(around or [None])  # the fast path does the work


def test_batch_forms_accept_and_reject_as_expected() -> None:
    card = batch_validator(DETECTORS["card"])
    assert card is not None
    visa = "4111 1111 1111 1111"
    cards = [visa, "4111 1111 1111 1112", visa + " 2024", "x", visa]
    handled, ok, _, _ = card(cards, ["", "", "", "", ""], ["", "", "", "", " 1"])
    assert handled.tolist() == [True, True, False, False, False]  # the last may go on: " 1…"
    assert ok.tolist() == [True, False, False, False, False]
    phone = batch_validator(DETECTORS["phone.kz"])
    assert phone is not None
    phones = ["+7 701 123 45 67", "+7 717 212 34 56", "+7 600 123 45 67", "+7 701 1234567x", "87011234567"]
    handled, ok, _, _ = phone(phones, ["", "", "", "", "№ "], [""] * 5)
    assert handled.tolist() == [True, False, True, False, False]  # after "№ ": the scalar form decides
    assert ok.tolist() == [True, False, False, False, False]
    assert batch_validator(DETECTORS["phone.ru"]) is None and batch_validator(DETECTORS["phone.area"]) is None
    ip = batch_validator(DETECTORS["ip.v4"])
    assert ip is not None
    _, ok, _, _ = ip(["10.0.0.1", "10.0.0.1", "10.0.0.1", "1.2.3.04"], ["", "1.", "", ""], ["", "", ".5", ""])
    assert ok.tolist() == [True, False, False, False]
    iban = batch_validator(DETECTORS["iban"])
    assert iban is not None
    handled, ok, score, _ = iban(["KZ86125KZT5004100100", "KZ87125KZT5004100100", "KZ86125KZT5004100100 12"])
    assert handled.tolist() == [True, True, False] and ok.tolist() == [True, False, False]
    assert score[0] == 0.95  # a known Kazakh bank code
    for ident in ("card", "phone.kz", "iban"):
        form = batch_validator(DETECTORS[ident])
        assert form is not None and form(["７９１０２８３０２７２８"])[0].tolist() == [False]  # not ASCII
