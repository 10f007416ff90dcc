"""Replacing found spans: masks, entity tokens and keyed pseudonyms.

Modes of :func:`redact_value`:

- ``"mask"`` (default): every character of a span becomes ``*`` except line breaks, so lengths,
  offsets of later text, rows and lines are kept and no character (no digit) of the value
  survives;
- ``"entity"``: a fixed token per entity, ``<KZ_IIN>``, ``<PERSON>`` …;
- ``"pseudonym"``: a :class:`Pseudonymizer` value, stable for the same value and key.

Overlapping spans are merged first (the merged span takes the entity of its highest-scoring,
then longest, member).

Pseudonyms are ``HMAC-SHA-256(key, entity + normalised value)``. Identifiers are normalised
first (digits only; phones in E.164 via :mod:`phonenumbers`, region KZ; e-mails lower-cased;
names case-folded with spaces collapsed), so ``+7 701 123 45 67`` and ``87011234567`` get the
same pseudonym digits. With ``format_preserving=True`` (default) the output still parses:

- ``KZ_IIN``: 12 digits, a real birth date 1930–2009, a matching century/sex digit and a valid
  check digit (:func:`senim.privacy.detectors.kz.iin_bin.check_digit`); ``KZ_BIN``: 12 digits,
  month 01–12, type 4–6, attribute 0–3 and a valid check digit;
- ``PHONE_NUMBER``: same characters and digit count; all but the last 7 digits (country/trunk
  prefix and operator or area code) are kept, the last 7 replaced;
- ``CREDIT_CARD``: the first 6 digits (issuer) kept, the rest replaced, Luhn-valid;
- ``IBAN_CODE``: country and bank code kept, account replaced, valid mod-97 check digits;
- ``KZ_PASSPORT``, ``KZ_ID_CARD``: letters and separators kept, digits replaced;
- ``EMAIL_ADDRESS``: ``u<10 hex>@example.invalid`` (RFC 2606; ``email_domain="keep"`` keeps the
  original domain, which can identify a small organisation);
- ``IP_ADDRESS``: an address in ``10.0.0.0/8`` or ``fd00::/8``;
- ``DATE_OF_BIRTH`` as ``dd.mm.yyyy``, ``yyyy-mm-dd`` or ``dd/mm/yyyy``: another real date in the
  same format;
- anything else (``PERSON``, ``STREET_ADDRESS`` …): ``<ENTITY>_<10 hex>``.

Digit spaces are finite: an IIN pseudonym is one of about 5.8·10^8 values (29,220 dates × 2
sexes × 10,000 serials), so by the birthday bound collisions become likely from roughly 25,000
distinct IINs on; use ``format_preserving=False`` (80-bit tokens) when joins must stay exact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final, Literal

import phonenumbers

from senim.privacy.detectors.kz.iin_bin import check_digit
from senim.privacy.types import Batch, Finding, Span

__all__ = [
    "MIN_KEY_BYTES",
    "KeyFileError",
    "Mode",
    "Pseudonymizer",
    "load_key",
    "merge_spans",
    "redact_batch",
    "redact_value",
]

Mode = Literal["mask", "pseudonym", "entity"]
MIN_KEY_BYTES: Final = 16
_NON_DIGIT: Final = re.compile(r"\D", re.ASCII)
_SPACES: Final = re.compile(r"\s+")
_DATE_FORMATS: Final = (
    (re.compile(r"\d{2}\.\d{2}\.\d{4}\Z", re.ASCII), "%d.%m.%Y"),
    (re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII), "%Y-%m-%d"),
    (re.compile(r"\d{2}/\d{2}/\d{4}\Z", re.ASCII), "%d/%m/%Y"),
)
_IIN_FIRST: Final = dt.date(1930, 1, 1)
_IIN_DAYS: Final = (dt.date(2009, 12, 31) - _IIN_FIRST).days + 1


class KeyFileError(ValueError):
    """A pseudonymisation key file that is missing, unreadable or too short."""


def load_key(path: str | Path) -> bytes:
    """Read a pseudonymisation key: the file's bytes, without one trailing line break.

    Parameters
    ----------
    path
        A file holding at least 16 bytes of secret (e.g. ``head -c 32 /dev/urandom > key``).

    Raises
    ------
    KeyFileError
        When the file cannot be read or the key is shorter than 16 bytes (the message never
        contains key material).
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"{p}: cannot read the key file ({exc.strerror or type(exc).__name__})") from None
    if data.endswith(b"\r\n"):
        data = data[:-2]
    elif data.endswith(b"\n"):
        data = data[:-1]
    if len(data) < MIN_KEY_BYTES:
        raise KeyFileError(f"{p}: the key has {len(data)} bytes, at least {MIN_KEY_BYTES} are required")
    return data


def _luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = ord(c) - 48
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def _fill_digits(template: str, digits: str) -> str:
    """``template`` with its ASCII digits replaced, in order, by ``digits``."""
    it = iter(digits)
    return "".join(next(it) if "0" <= c <= "9" else c for c in template)


class Pseudonymizer:
    """Keyed, deterministic pseudonyms (HMAC-SHA-256): same value and key ⇒ same pseudonym.

    Parameters
    ----------
    key
        The secret, at least 16 bytes (:func:`load_key`).
    format_preserving
        Produce values of the same shape that still validate (see the module documentation);
        otherwise ``<ENTITY>_<20 hex>`` tokens.
    email_domain
        ``"invalid"`` (default) replaces the domain by ``example.invalid``; ``"keep"`` keeps it.
    """

    def __init__(
        self,
        key: bytes,
        *,
        format_preserving: bool = True,
        email_domain: Literal["invalid", "keep"] = "invalid",
    ) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise KeyFileError(f"the key has {len(key)} bytes, at least {MIN_KEY_BYTES} are required")
        self._key = bytes(key)
        self.format_preserving = format_preserving
        self.email_domain = email_domain

    def __repr__(self) -> str:
        return (
            f"Pseudonymizer(format_preserving={self.format_preserving}, email_domain={self.email_domain!r})"
        )

    @staticmethod
    def normalise(entity: str, value: str) -> str:
        """The canonical form hashed for ``value`` found as ``entity``."""
        value = unicodedata.normalize("NFKC", value).strip()
        if entity in ("KZ_IIN", "KZ_BIN", "KZ_ID_CARD", "CREDIT_CARD"):
            return _NON_DIGIT.sub("", value)
        if entity == "PHONE_NUMBER":
            digits = _NON_DIGIT.sub("", value)
            if len(value) <= 40:
                try:
                    number = phonenumbers.parse(value, "KZ")
                    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                except phonenumbers.NumberParseException:
                    pass
            return digits
        if entity in ("IBAN_CODE", "KZ_PASSPORT"):
            return "".join(value.split()).upper()
        if entity == "EMAIL_ADDRESS":
            return value.lower()
        return _SPACES.sub(" ", value.casefold())

    def digest(self, entity: str, value: str, counter: int = 0) -> bytes:
        """HMAC-SHA-256 of the normalised value (``counter`` derives further streams)."""
        msg = f"{entity}\x1f{self.normalise(entity, value)}\x1f{counter}".encode()
        return hmac.new(self._key, msg, hashlib.sha256).digest()

    def _digits(self, entity: str, value: str, n: int, counter: int = 0) -> str:
        out = ""
        block = counter * 1000
        while len(out) < n:
            out += str(int.from_bytes(self.digest(entity, value, block), "big")).zfill(78)[-60:]
            block += 1
        return out[:n]

    def pseudonym(self, entity: str, value: str) -> str:
        """The pseudonym of ``value`` found as ``entity`` (never equal to ``value``)."""
        for counter in range(16):
            out = self._make(entity, value, counter)
            if out != value:
                return out
        return f"<{entity}>"

    def _token(self, entity: str, value: str, n_hex: int) -> str:
        return f"{entity}_{self.digest(entity, value).hex()[:n_hex]}"

    def _make(self, entity: str, value: str, counter: int) -> str:
        if not self.format_preserving:
            return self._token(entity, value, 20)
        digits = _NON_DIGIT.sub("", value)
        if entity == "KZ_IIN" and len(digits) == 12:
            return _fill_digits(value, self._iin(value, counter))
        if entity == "KZ_BIN" and len(digits) == 12:
            return _fill_digits(value, self._bin(value, counter))
        if entity == "PHONE_NUMBER" and len(digits) >= 5:
            keep = max(len(digits) - 7, 1)
            return _fill_digits(
                value, digits[:keep] + self._digits(entity, value, len(digits) - keep, counter)
            )
        if entity == "CREDIT_CARD" and 12 <= len(digits) <= 19:
            body = digits[:6] + self._digits(entity, value, len(digits) - 7, counter)
            return _fill_digits(value, body + _luhn_digit(body))
        if entity == "IBAN_CODE":
            compact = "".join(value.split()).upper()
            if len(compact) >= 10 and compact[:2].isalpha():
                return self._iban(value, compact, counter)
        if entity in ("KZ_PASSPORT", "KZ_ID_CARD") and digits:
            return _fill_digits(value, self._digits(entity, value, len(digits), counter))
        if entity == "EMAIL_ADDRESS" and "@" in value:
            domain = value.rpartition("@")[2] if self.email_domain == "keep" else "example.invalid"
            return f"u{self.digest(entity, value, counter).hex()[:10]}@{domain}"
        if entity == "IP_ADDRESS":
            ip = self._ip(value, counter)
            if ip is not None:
                return ip
        if entity == "DATE_OF_BIRTH":
            for pattern, fmt in _DATE_FORMATS:
                if pattern.match(value.strip()):
                    days = int.from_bytes(self.digest(entity, value, counter)[:8], "big") % _IIN_DAYS
                    return (_IIN_FIRST + dt.timedelta(days=days)).strftime(fmt)
        return (
            self._token(entity, value, 10) if counter == 0 else self._token(entity, value + str(counter), 10)
        )

    def _iin(self, value: str, counter: int) -> str:
        raw = self._digits("KZ_IIN", value, 60, counter)
        days = int(raw[:12]) % _IIN_DAYS
        born = _IIN_FIRST + dt.timedelta(days=days)
        century = 3 if born.year < 2000 else 5
        sex = int(raw[12]) % 2
        serial = int(raw[13:17])
        for step in range(10000):
            body = f"{born:%y%m%d}{century + sex}{(serial + step) % 10000:04d}"
            k = check_digit(body)
            if k is not None:
                return body + str(k)
        raise AssertionError("unreachable: some serial always has a check digit")

    def _bin(self, value: str, counter: int) -> str:
        raw = self._digits("KZ_BIN", value, 60, counter)
        yy = int(raw[0:2])
        mm = int(raw[2:4]) % 12 + 1
        kind = 4 + int(raw[4]) % 3
        attr = int(raw[5]) % 4
        serial = int(raw[6:11])
        for step in range(100000):
            body = f"{yy:02d}{mm:02d}{kind}{attr}{(serial + step) % 100000:05d}"
            k = check_digit(body)
            if k is not None:
                return body + str(k)
        raise AssertionError("unreachable: some serial always has a check digit")

    def _iban(self, value: str, compact: str, counter: int) -> str:
        country = compact[:2]
        bank = compact[4:7]
        account = self._digits("IBAN_CODE", value, len(compact) - 7, counter)
        rearranged = bank + account + country + "00"
        numeric = "".join(str(int(c, 36)) for c in rearranged)
        check = 98 - int(numeric) % 97
        new = f"{country}{check:02d}{bank}{account}"
        if " " in value.strip():
            return " ".join(new[i : i + 4] for i in range(0, len(new), 4))
        return new

    def _ip(self, value: str, counter: int) -> str | None:
        try:
            ip = ipaddress.ip_address(value.strip())
        except ValueError:
            return None
        d = self.digest("IP_ADDRESS", value, counter)
        if ip.version == 4:
            return f"10.{d[0]}.{d[1]}.{d[2]}"
        return str(ipaddress.IPv6Address(b"\xfd" + d[:15]))


def merge_spans(spans: Sequence[Span], length: int) -> list[Span]:
    """Spans clipped to ``[0, length)``, empty ones dropped, overlapping ones merged, sorted."""
    clipped = sorted(
        (s for s in spans if min(s.end, length) > max(s.start, 0)),
        key=lambda s: (max(s.start, 0), -min(s.end, length)),
    )
    merged: list[Span] = []
    for s in clipped:
        start, end = max(s.start, 0), min(s.end, length)
        if merged and start < merged[-1].end:
            last = merged[-1]
            best = last if (last.score, last.end - last.start) >= (s.score, end - start) else s
            merged[-1] = Span(
                best.entity,
                last.start,
                max(last.end, end),
                max(last.score, s.score),
                last.validated or s.validated,
                best.detector,
            )
        else:
            merged.append(Span(s.entity, start, end, s.score, s.validated, s.detector))
    return merged


def _mask(text: str) -> str:
    return (
        "".join(c if c in "\r\n" else "*" for c in text)
        if ("\n" in text or "\r" in text)
        else "*" * len(text)
    )


def redact_value(
    value: str,
    spans: Sequence[Span],
    *,
    mode: Mode = "mask",
    pseudonymizer: Pseudonymizer | None = None,
) -> str:
    """``value`` with every span replaced.

    Parameters
    ----------
    value
        The original string.
    spans
        Spans into ``value`` (any order; overlaps are merged, out-of-range parts clipped).
    mode
        ``"mask"``, ``"entity"`` or ``"pseudonym"`` (see the module documentation).
    pseudonymizer
        Required for ``"pseudonym"``.

    Returns
    -------
    str
        The redacted value (same length in ``"mask"`` mode).
    """
    if mode not in ("mask", "entity", "pseudonym"):
        raise ValueError(f"unknown redaction mode {mode!r}")
    if mode == "pseudonym" and pseudonymizer is None:
        raise ValueError("mode 'pseudonym' needs a Pseudonymizer")
    merged = merge_spans(spans, len(value))
    if not merged:
        return value
    # Right to left, so that the offsets of the spans still to do are unaffected.
    out = value
    for s in reversed(merged):
        original = out[s.start : s.end]
        if mode == "mask":
            new = _mask(original)
        elif mode == "entity":
            new = f"<{s.entity}>"
        else:
            assert pseudonymizer is not None
            new = pseudonymizer.pseudonym(s.entity, original)
        out = out[: s.start] + new + out[s.end :]
    return out


def redact_batch(
    batch: Batch,
    findings: Iterable[Finding],
    *,
    mode: Mode = "mask",
    pseudonymizer: Pseudonymizer | None = None,
) -> Batch:
    """A copy of ``batch`` (same ``extra``) with the findings replaced in their values.

    ``findings`` are those of this batch (``record`` in ``first_record ..`` + ``n_records``);
    others are ignored. The result goes to the writer of :mod:`senim.privacy.readers`.
    """
    by_cell: dict[tuple[str | None, int], list[Span]] = defaultdict(list)
    end = batch.first_record + batch.n_records
    for f in findings:
        if batch.first_record <= f.record < end and f.field in batch.columns:
            by_cell[(f.field, f.record - batch.first_record)].append(
                Span(f.entity, f.start, f.end, f.score, f.validated)
            )
    columns = dict(batch.columns)
    copied: set[str | None] = set()
    for (name, row), spans in by_cell.items():
        if name not in copied:
            columns[name] = list(columns[name])
            copied.add(name)
        value = columns[name][row]
        if value is not None:
            columns[name][row] = redact_value(value, spans, mode=mode, pseudonymizer=pseudonymizer)
    return Batch(
        batch.source,
        batch.first_record,
        batch.n_records,
        columns,
        batch.n_bytes,
        list(batch.errors),
        batch.extra,
    )
