"""The structured engine: spans, context, hints, overlaps, both back ends, robustness."""

from __future__ import annotations

import pickle
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from senim.privacy.detectors.kz.iin_bin import check_digit
from senim.privacy.engine import HAS_HYPERSCAN, StructuredEngine, get_engine, resolve_overlaps
from senim.privacy.types import Span

ENGINE = get_engine()
FALLBACK = get_engine(backend="re")
BACKENDS = [
    pytest.param("hyperscan", marks=pytest.mark.skipif(not HAS_HYPERSCAN, reason="no hyperscan")),
    "re",
]


def found(
    text: str | None, *, field: str | None = None, engine: StructuredEngine = ENGINE
) -> list[tuple[str, str]]:
    (spans,) = engine.scan([text], field=field)
    assert text is not None or not spans
    return [(s.entity, (text or "")[s.start : s.end]) for s in spans]


CASES = [
    # IIN / BIN
    ("ИИН 791028302728", [("KZ_IIN", "791028302728")]),
    ("ЖСН: 931105385718.", [("KZ_IIN", "931105385718")]),
    ("IIN 961226369943", [("KZ_IIN", "961226369943")]),
    ("БИН 990340005977", [("KZ_BIN", "990340005977")]),
    ("ИИН 791028302729", []),  # bad checksum
    ("ИИН 7910283027281", []),  # 13 digits
    ("ИИН 1791028302728", []),
    ("ИИН791028302728", [("KZ_IIN", "791028302728")]),  # glued to its context word
    ("жсн791028302728, ", [("KZ_IIN", "791028302728")]),
    ("номер791028302728", []),  # glued to another word
    ("ИИН791028302728б", []),  # glued after
    ("БИН791028302728", []),  # a context word, but of BIN (and this is not a BIN)
    ("IIN791028302728", []),  # glued to a Latin letter (no word boundary: not a candidate)
    ("тел+77011234567", [("PHONE_NUMBER", "+77011234567")]),
    ("карта4111111111111111", [("CREDIT_CARD", "4111111111111111")]),
    ("заказ4111111111111111", []),
    ("791028302728x", []),
    ("791028302728٣", []),  # glued to an Arabic-Indic digit
    ("(791028302728)", [("KZ_IIN", "791028302728")]),
    # passports and ID cards
    ("паспорт N12345678", [("KZ_PASSPORT", "N12345678")]),
    ("төлқұжат N12345678", [("KZ_PASSPORT", "N12345678")]),
    ("passport AN12345678", []),
    ("удостоверение личности № 012345678", [("KZ_ID_CARD", "012345678")]),
    ("жеке куәлік 012345678", [("KZ_ID_CARD", "012345678")]),
    ("ID card 012345678", [("KZ_ID_CARD", "012345678")]),
    ("заказ 012345678", []),  # 9 digits without context
    ("удостоверение 0123456789", []),
    # phones
    ("тел. +7 701 123 45 67", [("PHONE_NUMBER", "+7 701 123 45 67")]),
    ("звоните 87011234567", [("PHONE_NUMBER", "87011234567")]),
    ("телефон 8 (701) 123-45-67", [("PHONE_NUMBER", "8 (701) 123-45-67")]),
    ("ұялы 701 123 45 67", [("PHONE_NUMBER", "701 123 45 67")]),
    ("код 701 123 45 67", []),  # bare number without context
    ("+7 703 123 45 67", []),
    ("phone +44 20 7946 0000", [("PHONE_NUMBER", "+44 20 7946 0000")]),
    ("a87011234567", []),
    # e-mail
    ("email: ivan.petrov@mail.ru", [("EMAIL_ADDRESS", "ivan.petrov@mail.ru")]),
    ("почта aigerim_88@example.kz,", [("EMAIL_ADDRESS", "aigerim_88@example.kz")]),
    ("x@mail.notatld", [("EMAIL_ADDRESS", "x@mail.notatld")]),  # unlisted TLD: reported, unvalidated
    ("x@mail.c0m", []),  # an unlisted TLD must be letters
    ("x@mail.q", []),
    # IBAN and cards
    ("ИИК KZ86125KZT5004100100", [("IBAN_CODE", "KZ86125KZT5004100100")]),
    ("шот KZ86 125K ZT50 0410 0100 KZT", [("IBAN_CODE", "KZ86 125K ZT50 0410 0100")]),
    ("IBAN KZ87125KZT5004100100", []),
    ("карта 4111 1111 1111 1111", [("CREDIT_CARD", "4111 1111 1111 1111")]),
    ("card 5500-0000-0000-0004", [("CREDIT_CARD", "5500-0000-0000-0004")]),
    ("amex 3400 000000 00009", [("CREDIT_CARD", "3400 000000 00009")]),
    # Luhn-valid in no listed issuer range (fuel, store and test cards): right after a card word only
    ("card number 3598899323053410 is lost", [("CREDIT_CARD", "3598899323053410")]),
    ("топливная карта 7824 6100 0000 0005", [("CREDIT_CARD", "7824 6100 0000 0005")]),
    ("order 3598899323053410 shipped", []),
    ("card number 3598899323053411 is lost", []),  # Luhn fails
    ("карта 1234567890123452 заблокирована", [("CREDIT_CARD", "1234567890123452")]),
    ("номер заказа 1234567890123452, карта не указана", []),  # the card word is after, too far
    ("4111111111111112", []),
    # IP
    ("IP 192.168.1.1", [("IP_ADDRESS", "192.168.1.1")]),
    ("version 1.2.3.4.5", []),
    ("host fe80::1", [("IP_ADDRESS", "fe80::1")]),
    ("12:30:45", []),
    # birth dates
    ("Дата рождения: 12.03.1985", [("DATE_OF_BIRTH", "12.03.1985")]),
    ("родился 12 марта 1985г.", [("DATE_OF_BIRTH", "12 марта 1985г.")]),
    ("1985 жылғы 12 наурызда туған", [("DATE_OF_BIRTH", "1985 жылғы 12 наурызда")]),
    ("born March 12, 1985", [("DATE_OF_BIRTH", "March 12, 1985")]),
    ("договор от 12.03.1985", []),  # a date, not a birth date
    (None, []),
    ("", []),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_cases(backend: str, text: str | None, expected: list[tuple[str, str]]) -> None:
    engine = get_engine(backend=backend)  # type: ignore[arg-type]
    assert found(text, engine=engine) == expected


def test_scores_context_and_validation() -> None:
    with_ctx, without, bad_date = ENGINE.scan(["ИИН 791028302728", "x 791028302728", "x " + _bad_date_iin()])
    assert with_ctx[0].score >= 0.95 and with_ctx[0].validated and with_ctx[0].detector == "kz.iin"
    assert 0.8 <= without[0].score < with_ctx[0].score
    assert bad_date[0].entity == "KZ_IIN" and bad_date[0].score < without[0].score
    (passport,), (bare,) = ENGINE.scan(["паспорт N12345678", "N12345678"])
    assert 0.6 <= passport.score <= 0.85 and not passport.validated
    assert bare.score < passport.score


def _bad_date_iin() -> str:
    for serial in range(1000):
        body = f"991332{3}{serial:04d}"
        k = check_digit(body)
        if k is not None:
            return body + str(k)
    raise AssertionError


@pytest.mark.parametrize(
    ("field", "text", "entity"),
    [("client_iin", "791028302728", "KZ_IIN"), ("Удостоверение", "012345678", "KZ_ID_CARD"),
     ("phone", "701 123 45 67", "PHONE_NUMBER"), ("date_of_birth", "12.03.1985", "DATE_OF_BIRTH")],
)  # fmt: skip
def test_column_hints(field: str, text: str, entity: str) -> None:
    (spans,) = ENGINE.scan([text], field=field)
    assert [(s.entity, s.start, s.end) for s in spans] == [(entity, 0, len(text))]
    assert spans[0].score >= 0.75
    (plain,) = ENGINE.scan([text], field="comment")
    assert all(s.score < spans[0].score for s in plain)


def test_offsets_in_non_ascii_values() -> None:
    values = ["Қазақстан, ИИН 791028302728 және тел. +7 701 123 45 67 😀 email a@b.kz", "ok"]
    for engine in (ENGINE, FALLBACK):
        spans = engine.scan(values)[0]
        assert [values[0][s.start : s.end] for s in spans] == ["791028302728", "+7 701 123 45 67", "a@b.kz"]


def test_separator_inside_values_and_none() -> None:
    values = ["ИИН 791028302728\x00ИИН 931105385718", None, "\x00", "тел. 87011234567"]
    for engine in (ENGINE, FALLBACK):
        out = engine.scan(values)
        assert [[values[i][s.start : s.end] for s in spans] for i, spans in enumerate(out) if values[i]] == [
            ["791028302728", "931105385718"],
            [],
            ["87011234567"],
        ]


def test_entity_selection() -> None:
    engine = StructuredEngine(entities={"KZ_IIN", "PERSON"})
    assert engine.entities == {"KZ_IIN"}
    assert found("БИН 990340005977 ИИН 791028302728", engine=engine) == [("KZ_IIN", "791028302728")]
    assert StructuredEngine(entities=set()).scan(["ИИН 791028302728"]) == [[]]
    with pytest.raises(ValueError, match="unknown entity"):
        StructuredEngine(entities={"SSN"})
    with pytest.raises(ValueError, match="backend"):
        StructuredEngine(backend="pcre")  # type: ignore[arg-type]


def test_pickle_rebuilds_from_cache() -> None:
    engine = StructuredEngine(entities={"PHONE_NUMBER"})
    clone = pickle.loads(pickle.dumps(engine))
    assert clone.detector_ids == engine.detector_ids and clone.backend == engine.backend
    assert clone.scan(["тел. 87011234567"]) == engine.scan(["тел. 87011234567"])
    assert pickle.loads(pickle.dumps(ENGINE))._program is ENGINE._program  # compiled once per process


def test_resolve_overlaps_preference() -> None:
    a = Span("KZ_IIN", 0, 12, 0.6, True, "a")
    b = Span("CREDIT_CARD", 0, 16, 0.9, False, "b")
    c = Span("PHONE_NUMBER", 14, 20, 0.9, True, "c")
    assert resolve_overlaps([b, a, c]) == [a, c]  # validated beats longer; c does not overlap a
    d = Span("X", 0, 16, 0.5, True, "d")
    assert resolve_overlaps([a, d]) == [d]  # then longer


def _corpus(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    parts = ["ИИН", "ЖСН", "тел.", "email", "карта", "IBAN", "паспорт", "дата рождения", "born", "IP", "x",
             "791028302728", "990340005977", "+7 701 123 45 67", "8 (7172) 12-34-56", "a.b@mail.ru",
             "4111 1111 1111 1111", "KZ86125KZT5004100100", "N12345678", "12.03.1985", "1985-03-12",
             "192.168.0.1", "fe80::1", "012345678", "1.2.3.4.5", "12:30:45", "+44 20 7946 0000", "Қазақ",
             "😀", "\x00", "-", ".", "  "]  # fmt: skip
    out = []
    for _ in range(n):
        chosen = rng.choices(parts, k=rng.randint(0, 12))
        out.append(("" if rng.random() < 0.3 else " ").join(chosen))
    return out


@pytest.mark.skipif(not HAS_HYPERSCAN, reason="no hyperscan")
def test_backends_agree_on_corpus() -> None:
    values = _corpus(11, 3000)
    assert ENGINE.scan(values) == FALLBACK.scan(values)
    assert sum(map(len, ENGINE.scan(values))) > 3000


_PIECES = [*"0123456789 .-+()@:_abxzKZNIDAF<\x00\nИиНтел😀٣", "ИИН ", "тел. ", "KAZ", "1985", "791028302728"]
TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join) | st.text(max_size=60)


@pytest.mark.skipif(not HAS_HYPERSCAN, reason="no hyperscan")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.none() | TEXT, max_size=6), st.sampled_from([None, "iin", "phone", "comment"]))
def test_properties(values: list[str | None], field: str | None) -> None:
    out = ENGINE.scan(values, field=field)
    assert out == FALLBACK.scan(values, field=field)
    assert len(out) == len(values)
    for value, spans in zip(values, out, strict=True):
        last_end = 0
        for span in spans:
            assert value is not None and 0 <= span.start < span.end <= len(value)
            assert span.start >= last_end  # sorted, no overlaps
            last_end = span.end
            assert 0.0 < span.score <= 1.0


@pytest.mark.parametrize(
    "value",
    ["7" * 100_000, "1" * 50_000 + "@" + "a" * 50_000, "a" * 100_000 + "@mail.ru", "+7" * 30_000,
     "1." * 40_000, "a:" * 40_000, ("ИИН 791028302728 " * 3000)],
)  # fmt: skip
def test_huge_inputs_stay_fast(value: str) -> None:
    for engine in (ENGINE, FALLBACK):
        t0 = time.perf_counter()
        engine.scan([value])
        assert time.perf_counter() - t0 < 3.0


def test_crafted_phone_context_input_is_fast() -> None:
    crafted = "tel:+" + "1" * 40 + ";phone-context=" + "+1-" * 3000 + "1" * 200
    t0 = time.perf_counter()
    for engine in (ENGINE, FALLBACK):
        engine.scan([crafted, "tel:" + ";phone-context=" * 5000])
    assert time.perf_counter() - t0 < 2.0


_CTX_PIECES = [
    "ИИН", "иин", "Тел.", "тел", "телевизор", "кабинет", "бин", "БИН", "линии", "адрес", "ip-адрес", "д.р.",
    "г.р.", "туған", "удостоверение", "жеке куәлік", "card", "CARD", "mail", "email", "_", "791028302728",
    "990340005977", "87011234567", "701 123 45 67", "012345678", "1985", "12.03.1985", "192.168.0.1",
    "a@b.kz", "4111111111111111", "N12345678", "Қ", "😀", "x", "9", " ", ", ", "-",
]  # fmt: skip


@pytest.mark.skipif(not HAS_HYPERSCAN, reason="no hyperscan")
def test_vectorised_context_matches_scalar_reference() -> None:
    """Windows cut words, glue words to spans, mix cases: hyperscan context == ContextMatcher."""
    rng = random.Random(23)
    values = [
        ("" if rng.random() < 0.4 else " ").join(rng.choices(_CTX_PIECES, k=rng.randint(1, 40)))
        for _ in range(3000)
    ]
    for field in (None, "comment", "iin"):
        assert ENGINE.scan(values, field=field) == FALLBACK.scan(values, field=field)


@pytest.mark.parametrize(
    ("text", "has_context"),
    [("ИИН 791028302728", True), ("иИн 791028302728", True), ("кабинет 791028302728", False),
     ("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxкабинет 990340005977", False),  # window cuts "кабинет" at "бин"
     ("линии 791028302728", False), ("791028302728 (ИИН)", True), ("ИИН" + " " * 40 + "791028302728", False)],
)  # fmt: skip
@pytest.mark.parametrize("backend", BACKENDS)
def test_context_words_at_word_starts(backend: str, text: str, has_context: bool) -> None:
    engine = get_engine(backend=backend)  # type: ignore[arg-type]
    (spans,) = engine.scan([text])
    assert len(spans) == 1 and (spans[0].score > 0.95) == has_context


@pytest.mark.parametrize("backend", BACKENDS)
def test_birth_year_with_glued_context_after(backend: str) -> None:
    engine = get_engine(backend=backend)  # type: ignore[arg-type]
    assert found("Иванов, 1985г.р.", engine=engine) == [("DATE_OF_BIRTH", "1985")]
    assert found("Иванов, 1985г", engine=engine) == []


def test_unlisted_tld_scores_lower() -> None:
    (listed,), (unlisted,) = ENGINE.scan(["x@mail.ru", "x@mail.notatld"])
    assert listed.validated and not unlisted.validated and unlisted.score < listed.score


# --- chained matches: hyperscan reports one (leftmost) start per match end -------------------

CHAINS = [
    # a card ran into the next one: the validator drops the last group, the rest is scanned again
    ("карта 4111 1111 1111 1111 4111 1111 1111 1111",
     [("CREDIT_CARD", "4111 1111 1111 1111"), ("CREDIT_CARD", "4111 1111 1111 1111")]),
    ("card 4111 1111 1111 1111 5500 0000 0000 0004 end",
     [("CREDIT_CARD", "4111 1111 1111 1111"), ("CREDIT_CARD", "5500 0000 0000 0004")]),
    ("card 4111-1111-1111-1111-5500-0000-0000-0004",
     [("CREDIT_CARD", "4111-1111-1111-1111"), ("CREDIT_CARD", "5500-0000-0000-0004")]),
    ("cards 4111 1111 1111 1111 4111 1111 1111 1111 5500 0000 0000 0004",
     [("CREDIT_CARD", "4111 1111 1111 1111")] * 2 + [("CREDIT_CARD", "5500 0000 0000 0004")]),
    ("карта 4111 1111 1111 1111 2024", [("CREDIT_CARD", "4111 1111 1111 1111")]),
    # grouped phones
    ("тел. 8 701 123 45 67 8 702 123 45 67",
     [("PHONE_NUMBER", "8 701 123 45 67"), ("PHONE_NUMBER", "8 702 123 45 67")]),
    ("тел +7 701 123 45 67 +7 702 765 43 21",
     [("PHONE_NUMBER", "+7 701 123 45 67"), ("PHONE_NUMBER", "+7 702 765 43 21")]),
    ("тел 701 123 45 67 702 123 45 67",
     [("PHONE_NUMBER", "701 123 45 67"), ("PHONE_NUMBER", "702 123 45 67")]),
    # IIN runs
    ("ИИН 791028302728 931105385718 961226369943",
     [("KZ_IIN", "791028302728"), ("KZ_IIN", "931105385718"), ("KZ_IIN", "961226369943")]),
    ("ИИН 791028302728931105385718", []),
    # IBAN runs, grouped or not
    ("IBAN KZ86125KZT5004100100 KZ86125KZT5004100100", [("IBAN_CODE", "KZ86125KZT5004100100")] * 2),
    ("IBAN KZ86 125K ZT50 0410 0100 KZ86 125K ZT50 0410 0100",
     [("IBAN_CODE", "KZ86 125K ZT50 0410 0100")] * 2),
    # dotted and colon runs
    ("ip 1.2.3.4.5.6.7.8 10.0.0.1", [("IP_ADDRESS", "10.0.0.1")]),
    ("fe80::1:2:3:4:5:6:7:8:9:a:b:c:d:e:f:0:1:2:3:4:5:6:7:8:9:a:b:c:d:e:f:0:1:2:3:4", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CHAINS)
@pytest.mark.parametrize("backend", BACKENDS)
def test_chained_matches(backend: str, text: str, expected: list[tuple[str, str]]) -> None:
    engine = get_engine(backend=backend)  # type: ignore[arg-type]
    assert found(text, engine=engine) == expected
    # the same inside a non-ASCII batch, after other values
    (_, spans) = engine.scan(["😀 Қазақстан", "Қ " + text])
    assert [(s.entity, ("Қ " + text)[s.start : s.end]) for s in spans] == expected


def _candidates(engine: StructuredEngine, texts: list[str]) -> list[tuple[int, int, int, int]]:
    from senim.privacy import engine as module

    program = engine._program  # the candidate stage is what the back ends must share
    joined = module.SEPARATOR.join(texts)
    finder = module._hyperscan_candidates if program.backend == "hyperscan" else module._re_candidates
    c = finder(program, texts, joined)
    if c is None:
        return []
    return sorted(zip(c.pid.tolist(), c.vi.tolist(), c.start.tolist(), c.end.tolist(), strict=True))


_GROUPS = ["4111", "1111", "5500", "0004", "0410", "12", "7", "255", "1", "8", "+7", "KZ86", "125K", "ZT50",
           "fe80", "a", "Қ", "😀", "791028302728", "701"]  # fmt: skip
_SEPS = [" ", " ", "-", ".", ":", "::", "", "@"]


def _chain(rng: random.Random) -> str:
    """Runs of digit groups and separators: where matches of one pattern chain."""
    parts = [rng.choice(_GROUPS)]
    for _ in range(rng.randint(0, 24)):
        parts += [rng.choice(_SEPS), rng.choice(_GROUPS)]
    return "".join(parts)


@pytest.mark.skipif(not HAS_HYPERSCAN, reason="no hyperscan")
def test_candidate_stage_agrees_with_re_on_chains() -> None:
    rng = random.Random(5)
    texts = [_chain(rng) for _ in range(3000)] + [text for text, _ in CHAINS]
    assert _candidates(ENGINE, texts) == _candidates(FALLBACK, texts)
    assert ENGINE.scan(texts) == FALLBACK.scan(texts)


@pytest.mark.skipif(not HAS_HYPERSCAN, reason="no hyperscan")
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.randoms(use_true_random=False).map(_chain), min_size=1, max_size=5))
def test_candidate_stage_agrees_with_re_property(texts: list[str]) -> None:
    assert _candidates(ENGINE, texts) == _candidates(FALLBACK, texts)


# --- the fast paths give exactly what the reference paths give ------------------------------


def test_fast_spans_equal_constructed_spans() -> None:
    from senim.privacy.engine import _make_spans

    columns = (["KZ_IIN", "EMAIL_ADDRESS"], [0, 5], [12, 20], [0.99, 0.9], [True, False], ["kz.iin", "email"])
    made = _make_spans(columns)
    expected = [Span(*row) for row in zip(*columns, strict=True)]
    assert made == expected
    assert [hash(s) for s in made] == [hash(s) for s in expected]
    assert [repr(s) for s in made] == [repr(s) for s in expected]
    with pytest.raises(AttributeError):
        made[0].start = 3  # type: ignore[misc]  # still frozen


def test_scan_restores_the_garbage_collector() -> None:
    import gc

    assert gc.isenabled()
    ENGINE.scan(["ИИН 791028302728"])
    assert gc.isenabled()
    gc.disable()
    try:
        ENGINE.scan(["ИИН 791028302728"])
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.skipif(not HAS_HYPERSCAN, reason="no hyperscan")
def test_benchmark_like_corpus_agrees() -> None:
    """Windows shared by many candidates, moved spans (e-mail), trimmed spans, wide characters."""
    rng = random.Random(41)
    words = ["клиент", "адрес", "address", "account", "mail", "тел.", "ИИН", "карта", "IBAN", "дата рождения",
             "Қазақстан", "😀", "client", "server", "ip", "паспорт"]  # fmt: skip
    ids = ["791028302728", "990340005977", "+7 701 123 45 67", "8 (701) 123-45-67", "ivan.petrov@mail.ru",
           "KZ86125KZT5004100100", "4111 1111 1111 1111", "N12345678", "12.03.1985", "10.0.0.1", "1985",
           "4111 1111 1111 1111 5500 0000 0000 0004"]  # fmt: skip
    values = [
        " ".join(rng.choices(words, k=rng.randint(0, 12)) + rng.choices(ids, k=rng.randint(0, 3)))
        for _ in range(2000)
    ]
    for v in range(0, len(values), 7):
        parts = values[v].split(" ")
        rng.shuffle(parts)
        values[v] = " ".join(parts)
    assert ENGINE.scan(values) == FALLBACK.scan(values)
