"""Context words near a candidate and column-name hints."""

from __future__ import annotations

import pytest

from senim.privacy.context import ContextMatcher, field_matches, field_tokens, keyword_regex

M = ContextMatcher(["иин", "жсн", "IIN", "тел", "телефон", "date of birth", "д.р."], before=20, after=10)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ИИН: 123", True),
        ("ЖСН-і 123", True),
        ("iin 123", True),
        ("Тел.: 123", True),
        ("телефона 123", True),  # case form of a long word
        ("телевизор 123", False),  # a short word must stand alone
        ("ииндекс 123", False),
        ("кииН 123", False),  # not at a word start
        ("Date of Birth 123", True),
        ("д.р. 123", True),
        ("123 (ИИН)", True),  # after the candidate
        ("ИИН" + " " * 30 + "123", False),  # outside the window
        ("123", False),
    ],
)
def test_matcher(text: str, found: bool) -> None:
    start = text.index("123")
    assert M.found(text, start, start + 3) == found


def test_empty_and_invalid() -> None:
    assert keyword_regex([]) is None
    assert ContextMatcher([]).empty and not ContextMatcher([]).found("иин 1", 4, 5)
    with pytest.raises(ValueError):
        keyword_regex(["  "])
    with pytest.raises(ValueError):
        ContextMatcher(["x"], before=-1)


@pytest.mark.parametrize(
    ("field", "tokens"),
    [("client_iin", ("client", "iin")), ("clientIin", ("client", "iin")), ("ИИН клиента", ("иин", "клиента")),
     ("Phone-Number", ("phone", "number")), (None, ()), ("", ())],
)  # fmt: skip
def test_field_tokens(field: str | None, tokens: tuple[str, ...]) -> None:
    assert field_tokens(field) == tokens


@pytest.mark.parametrize(
    ("field", "hints", "ok"),
    [
        ("client_iin", ["iin"], True),
        ("ИИН", ["иин"], True),
        ("ИИН клиента", ["иин"], True),
        ("bin_iin", ["iin"], True),
        ("original", ["iin"], False),  # no substring matches
        ("date_of_birth", ["date of birth"], True),
        ("dateOfBirth", ["date of birth"], True),
        ("dateofbirth", ["date of birth"], True),
        ("birth", ["date of birth"], False),
        (None, ["iin"], False),
    ],
)
def test_field_matches(field: str | None, hints: list[str], ok: bool) -> None:
    assert field_matches(field, hints) == ok
