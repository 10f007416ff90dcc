"""Masked forms of found values (senim.privacy.masking)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from senim.privacy.masking import _mask_general, mask_value
from senim.privacy.types import ENTITIES


@pytest.mark.parametrize(
    ("entity", "value", "masked"),
    [
        ("KZ_IIN", "880223335929", "8802********"),
        ("KZ_IIN", "8802 2333 5929", "8802 **** ****"),
        ("KZ_BIN", "990340005977", "9903********"),
        ("CREDIT_CARD", "4111111111111111", "4111********1111"),
        ("CREDIT_CARD", "4111 1111 1111 1111", "4111 **** **** 1111"),
        ("CREDIT_CARD", "41111111111", "4111*******"),  # too short to show both ends
        ("IBAN_CODE", "KZ86125KZT5004100100", "KZ86****************"),
        ("PHONE_NUMBER", "+7 701 234 56 78", "+7 7** *** ** **"),  # the first two digits
        ("PHONE_NUMBER", "87012345678", "87*********"),
        ("EMAIL_ADDRESS", "aigerim.n@mail.kz", "a********@mail.kz"),
        ("PERSON", "Нұрлан Әбішев", "Н***** Ә*****"),
        ("PERSON", "12", "12"),  # no letters: nothing to hide in a name's shape
        ("KZ_PASSPORT", "N12345678", "*********"),
        ("DATE_OF_BIRTH", "1988-02-23", "****-**-**"),
        ("KZ_IIN", "123", "123"),  # shorter than the kept prefix
        ("KZ_IIN", "", ""),
    ],
)
def test_masks(entity: str, value: str, masked: str) -> None:
    assert mask_value(entity, value) == masked
    assert _mask_general(entity, value) == masked


@given(st.sampled_from(sorted(ENTITIES)), st.text(alphabet="0123456789", max_size=30))
def test_the_digit_fast_path_is_the_general_rule(entity: str, value: str) -> None:
    assert mask_value(entity, value) == _mask_general(entity, value)


@given(st.sampled_from(sorted(ENTITIES)), st.text(max_size=30))
def test_masks_keep_length_and_separators(entity: str, value: str) -> None:
    masked = mask_value(entity, value)
    assert len(masked) == len(value)
    if entity == "EMAIL_ADDRESS" and "@" in value:
        # an e-mail's local part is masked whole, its separators too ("a********@mail.kz"): only
        # its first character stays; the domain stays as it is
        n = len(value.rpartition("@")[0])
        assert masked[:1] == value[:1] and masked[1:n] == "*" * max(n - 1, 0)
        assert masked[n:] == value[n:]
        return
    assert all(m == v for m, v in zip(masked, value, strict=True) if not v.isalnum())
