"""Third-party parser errors and warnings never carry the file's content into our messages or logs."""

from __future__ import annotations

import logging

import pytest

from senim.provenance.errors import CorruptMediaError, describe_parser_error, scrub_parser_logs
from senim.provenance.xmp import _pdf_reader

SECRET = "880223335929"


@pytest.mark.parametrize(
    ("exc", "kept"),
    [
        (ValueError(f"Unexpected character b'IIN {SECRET}' at 12"), "ValueError: Unexpected character"),
        (ValueError(f'name "Иванов {SECRET}" is not valid'), "is not valid"),
        (KeyError(f"/{SECRET}"), "KeyError"),
        (ValueError("token " + "A" * 80), "ValueError: token"),
        (RecursionError(), "RecursionError"),
    ],
)
def test_describe_drops_what_the_parser_quotes(exc: BaseException, kept: str) -> None:
    text = describe_parser_error(exc)
    assert kept in text and SECRET not in text and "A" * 41 not in text and len(text) <= 200


@pytest.mark.parametrize("logger", ["pypdf", "pypdf._reader"])
def test_pypdf_warnings_are_scrubbed(caplog: pytest.LogCaptureFixture, logger: str) -> None:
    import pypdf  # noqa: F401 - its modules' loggers exist once it is imported

    scrub_parser_logs("pypdf")
    scrub_parser_logs("pypdf")  # idempotent
    with caplog.at_level(logging.WARNING, logger=logger):
        logging.getLogger(logger).warning("Object %s has a bad key %r", 7, f"b'{SECRET}'")
    assert caplog.records and SECRET not in caplog.text and "bad key" in caplog.text


def test_a_damaged_pdf_error_names_no_content() -> None:
    data = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Name (" + SECRET.encode() + b") >>\ntrailer garbage"
    with pytest.raises(CorruptMediaError) as info:
        _pdf_reader(data)
    assert SECRET not in str(info.value) and "PDF" in str(info.value)
