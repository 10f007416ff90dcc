"""Replacing found spans: masks, entity tokens and keyed pseudonyms.

Modes of :func:`redact_value`:

- ``"mask"`` (default): every character of a span becomes ``*`` except line breaks, so lengths,
  offsets of later text, rows and lines are kept and no character (no digit) of the value
  survives;
- ``"entity"``: a fixed token per entity, ``<KZ_IIN>``, ``<PERSON>`` …;
- ``"pseudonym"``: a :class:`Pseudonymizer` value, stable for the same value and key.

Overlapping spans are merged first (the merged span takes the entity of its highest-scoring,
then longest, member).

Pseudonyms are keyed and deterministic. Identifiers are normalised first (digits only; phones
in E.164 via :mod:`phonenumbers`, region KZ; e-mails lower-cased; names case-folded with spaces
collapsed), so ``+7 701 123 45 67`` and ``87011234567`` get the same pseudonym digits. With
``format_preserving=True`` (default) the output still parses:

- ``KZ_IIN``: 12 digits, a real birth date, a matching century/sex digit and a valid check digit
  (:func:`senim.privacy.detectors.kz.iin_bin.check_digit`); ``KZ_BIN``: 12 digits, month 01–12,
  type 4–6, attribute 0–3 and a valid check digit;
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

Collision-free identifiers (joins on redacted data stay exact)
--------------------------------------------------------------
A hash into a finite digit space collides by the birthday bound (about 25,000 distinct IINs for
the ~5.8·10^8 IINs of an 80-year window). IINs, BINs and phone numbers are therefore mapped by a
keyed **bijection** (format-preserving encryption), not a hash:

1. *Enumerate the domain.* A valid IIN (check digit, century/sex digit 1–6, real date) is the
   integer ``(day · 2 + sex) · 10^4 + serial``, ``day`` counting from the first date of its class;
   a valid BIN is ``((((yy · 12 + month − 1) · 3 + type − 4) · 4 + attribute) · 10^5 + serial``;
   a phone's last ``k ≤ 7`` digits are an integer in ``[0, 10^k)``.
2. *Permute.* A 10-round Feistel network on ``Z_a × Z_a`` (``a = ⌈√N⌉``) whose round function is
   keyed BLAKE2b (subkey ``HMAC-SHA-256(key, label)``, one subkey per entity and class; phones
   also take their normalised prefix as tweak) is a permutation of ``[0, a²)``; *cycle-walking*
   (apply it again until the result is in the domain) restricts it to the ``N`` indices and also
   skips the ~0.84 % of bodies that have no valid check digit. Call this ``P``.
3. *Derange.* The pseudonym is ``P(succ(P⁻¹(x)))`` with ``succ`` the next domain member
   (cyclically): a keyed permutation made of one single cycle, so it has **no fixed point** and a
   pseudonym never equals its value, without giving up bijectivity.

IIN classes: IINs born 1900-01-01..2029-12-31 (every real date-bearing IIN) are permuted among themselves, so
pseudonyms keep a plausible birth date; valid IINs outside that window (1800s, 2030–2099) among
themselves. Values found as ``KZ_IIN`` that are not valid IINs (bad check digit, no real date,
century digit 0 or 7–9) cannot be mapped injectively into the valid set; they get a keyed hash to
a valid IIN born in the 1800s, which no real person has, so they never collide with the pseudonym
of a real IIN (they may collide with each other). Likewise invalid BINs get a keyed hash (they may
collide with anything); valid BINs and all phone numbers with the same normalised prefix are
collision-free. The permutation is invertible by whoever holds the key: this is
pseudonymisation, not anonymisation; keep the key as secret as the data. These pseudonyms differ
from those of the earlier HMAC-into-digits scheme: data redacted with both does not join.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import re
import struct
import sys
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from math import isqrt
from pathlib import Path
from typing import Final, Literal

import numpy as np
import phonenumbers

from senim.privacy.detectors.kz.iin_bin import check_digit, iin_birth_date, is_valid_bin, is_valid_iin
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
_ROUNDS: Final = 10
_WORDS: Final = struct.Struct(f"<{_ROUNDS}I")
_CACHE_ENTRIES: Final = 1 << 16


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


# ---------------------------------------------------------------------------------------------
# Format-preserving keyed permutations (see "Collision-free identifiers" in the module docstring)


class _Feistel:
    """A keyed permutation of ``[0, a²)``: 10 Feistel rounds on ``Z_a × Z_a``, optionally tweaked.

    The round function of round ``r`` on half ``x`` is the ``r``-th little-endian 32-bit word of
    ``BLAKE2b(subkey, tweak ‖ x)`` (40-byte digest), reduced mod ``a``. Untweaked round values are
    tabulated on first use (``a`` digests, a few tens of milliseconds) so that a permutation then
    costs microseconds.
    """

    __slots__ = ("_hash", "_table", "a")

    def __init__(self, key: bytes, label: str, size: int) -> None:
        if size < 2:
            raise ValueError("a permutation domain needs at least 2 elements")
        self.a = isqrt(size - 1) + 1  # a * a >= size
        subkey = hmac.new(key, b"senim-fpe\x1f" + label.encode(), hashlib.sha256).digest()
        self._hash = hashlib.blake2b(key=subkey, digest_size=4 * _ROUNDS)
        self._table: array[int] | None = None

    def _digest(self, tweak: bytes, x: int) -> bytes:
        h = self._hash.copy()
        h.update(tweak + x.to_bytes(8, "little"))
        return h.digest()

    def _words(self, tweak: bytes) -> Callable[[int, int], int]:
        """``(x, r) -> round word r of x`` for a non-empty tweak."""
        unpack, digest = _WORDS.unpack, self._digest
        return lambda x, r: int(unpack(digest(tweak, x))[r])

    def _tabulated(self) -> array[int]:
        """The untweaked round words of every half value, ``x * 10 + r`` (built on first use)."""
        table = self._table
        if table is None:
            table = array("I")
            table.frombytes(b"".join(self._digest(b"", x) for x in range(self.a)))
            if sys.byteorder == "big":
                table.byteswap()
            self._table = table
        return table

    def forward(self, x: int, tweak: bytes = b"") -> int:
        """The image of ``x`` in ``[0, a²)``."""
        a = self.a
        left, right = divmod(x, a)
        if tweak:
            word = self._words(tweak)
            for r in range(_ROUNDS):
                left, right = right, (left + word(right, r)) % a
        else:
            t = self._tabulated()
            for r in range(_ROUNDS):
                left, right = right, (left + t[right * _ROUNDS + r]) % a
        return left * a + right

    def backward(self, y: int, tweak: bytes = b"") -> int:
        """The preimage of ``y`` (inverse of :meth:`forward`)."""
        a = self.a
        left, right = divmod(y, a)
        if tweak:
            word = self._words(tweak)
            for r in range(_ROUNDS - 1, -1, -1):
                left, right = (right - word(left, r)) % a, left
        else:
            t = self._tabulated()
            for r in range(_ROUNDS - 1, -1, -1):
                left, right = (right - t[left * _ROUNDS + r]) % a, left
        return left * a + right


class _Derangement:
    """A keyed single-cycle permutation of the members of ``[0, size)`` (``member(i)`` true).

    ``P`` is the Feistel permutation restricted to members by cycle-walking; the map is
    ``P(succ(P⁻¹(x)))`` where ``succ`` is the next member, cyclically. Being conjugate to a
    cyclic shift it has no fixed point; being a composition of bijections it is one.
    """

    __slots__ = ("_feistel", "_member", "size")

    def __init__(
        self, key: bytes, label: str, size: int, member: Callable[[int], bool] | None = None
    ) -> None:
        self.size = size
        self._feistel = _Feistel(key, label, size)
        self._member = member

    def _ok(self, x: int) -> bool:
        return x < self.size and (self._member is None or self._member(x))

    def __call__(self, x: int, tweak: bytes = b"") -> int:
        f = self._feistel
        y = f.backward(x, tweak)
        while not self._ok(y):
            y = f.backward(y, tweak)
        y += 1
        while not self._ok(y):
            y = 0 if y >= self.size else y + 1
        y = f.forward(y, tweak)
        while not self._ok(y):
            y = f.forward(y, tweak)
        return y


def _serial_sums(weights: Sequence[int]) -> array[int]:
    """Weighted digit sums of the serials 0000..9999 at body positions 8-11."""
    w = weights[7:11]
    return array(
        "H",
        (
            w[0] * (i // 1000) + w[1] * (i // 100 % 10) + w[2] * (i // 10 % 10) + w[3] * (i % 10)
            for i in range(10000)
        ),
    )


_W1: Final = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2: Final = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_SERIAL_W1: Final = _serial_sums(_W1)
_SERIAL_W2: Final = _serial_sums(_W2)


def _has_check(prefix: str, serial: int) -> bool:
    """True when the body ``prefix`` (7 digits) + ``serial`` (4 digits) has a mod-11 check digit.

    Same rule as :func:`senim.privacy.detectors.kz.iin_bin.check_digit` (tested against it),
    with the serial's share of both weighted sums tabulated.
    """
    d = [ord(c) - 48 for c in prefix]
    s1 = sum(x * w for x, w in zip(d, _W1, strict=False)) + _SERIAL_W1[serial]
    if s1 % 11 != 10:
        return True
    return (sum(x * w for x, w in zip(d, _W2, strict=False)) + _SERIAL_W2[serial]) % 11 != 10


def _iin_century_digit(year: int) -> int:
    """The odd (male) century digit of a birth year: 1 for the 1800s, 3 for 1900s, 5 for 2000s."""
    return 1 + 2 * ((year - 1800) // 100)


class _IinClass:
    """Valid IINs whose birth date lies in the given date segments, enumerated as integers.

    Index ``(day · 2 + sex) · 10^4 + serial`` where ``day`` counts the days of the segments in
    order; the century digit follows from the year, ``sex`` (0 odd digit, 1 even) is free.
    """

    __slots__ = ("_perm", "_segments", "_sums", "n_days")

    def __init__(self, key: bytes, label: str, segments: Sequence[tuple[dt.date, dt.date]]) -> None:
        self._segments: list[tuple[int, int, int]] = []  # (first ordinal, last ordinal, day offset)
        offset = 0
        for first, last in segments:
            self._segments.append((first.toordinal(), last.toordinal(), offset))
            offset += last.toordinal() - first.toordinal() + 1
        self.n_days = offset
        self._sums = self._prefix_sums()
        self._perm = _Derangement(key, label, offset * 20000, self._has_check_digit)

    def _prefix_sums(self) -> tuple[bytes, bytes]:
        """Per ``day · 2 + sex``: both weighted sums of the first 7 digits, mod 11 (vectorised)."""
        epoch = dt.date(1970, 1, 1).toordinal()
        days = np.concatenate([np.arange(lo - epoch, hi - epoch + 1) for lo, hi, _ in self._segments])
        dates = days.astype("datetime64[D]")
        months = dates.astype("datetime64[M]")
        year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
        month = months.astype(np.int64) % 12 + 1
        day = (dates - months).astype(np.int64) + 1
        yy = year % 100
        digits = [yy // 10, yy % 10, month // 10, month % 10, day // 10, day % 10]
        century = 1 + 2 * ((year - 1800) // 100)
        out: list[bytes] = []
        for weights in (_W1, _W2):
            base = sum(d * w for d, w in zip(digits, weights, strict=False))
            both = np.stack([base + century * weights[6], base + (century + 1) * weights[6]], axis=1)
            out.append((both.reshape(-1) % 11).astype(np.uint8).tobytes())
        return out[0], out[1]

    def contains(self, born: dt.date) -> bool:
        """True when ``born`` lies in one of the segments."""
        o = born.toordinal()
        return any(lo <= o <= hi for lo, hi, _ in self._segments)

    def rank(self, number: str, born: dt.date) -> int:
        """The index of a valid IIN of this class."""
        o = born.toordinal()
        day = next(off + o - lo for lo, hi, off in self._segments if lo <= o <= hi)
        sex = (ord(number[6]) - 49) % 2
        return (day * 2 + sex) * 10000 + int(number[7:11])

    def _prefix(self, index: int) -> tuple[str, int]:
        """The first 7 digits (birth date and century/sex digit) and the serial of ``index``."""
        day_sex, serial = divmod(index, 10000)
        day, sex = divmod(day_sex, 2)
        for lo, hi, off in self._segments:
            if day < off + hi - lo + 1:
                born = dt.date.fromordinal(lo + day - off)
                break
        else:  # pragma: no cover - indices come from [0, size)
            raise ValueError("index out of range")
        year = born.year
        return f"{year % 100:02d}{born.month:02d}{born.day:02d}{_iin_century_digit(year) + sex}", serial

    def body(self, index: int) -> str:
        """The 11 leading digits of the IIN at ``index`` (its check digit may not exist)."""
        prefix, serial = self._prefix(index)
        return f"{prefix}{serial:04d}"

    def _has_check_digit(self, index: int) -> bool:
        day_sex, serial = divmod(index, 10000)
        s1, s2 = self._sums
        return (s1[day_sex] + _SERIAL_W1[serial]) % 11 != 10 or (s2[day_sex] + _SERIAL_W2[serial]) % 11 != 10

    def pseudonym(self, number: str, born: dt.date) -> str:
        """The pseudonym of a valid IIN of this class (another valid IIN of this class)."""
        body = self.body(self._perm(self.rank(number, born)))
        return body + str(check_digit(body))


def _bin_body(index: int) -> str:
    rest, serial = divmod(index, 100000)
    rest, attr = divmod(rest, 4)
    rest, kind = divmod(rest, 3)
    yy, month = divmod(rest, 12)
    return f"{yy:02d}{month + 1:02d}{kind + 4}{attr}{serial:05d}"


def _bin_rank(number: str) -> int:
    yy, month, kind, attr = int(number[0:2]), int(number[2:4]), int(number[4]), int(number[5])
    return ((((yy * 12 + month - 1) * 3 + kind - 4) * 4 + attr) * 100000) + int(number[6:11])


_BIN_SIZE: Final = 100 * 12 * 3 * 4 * 100000
_IIN_WINDOW: Final = ((dt.date(1900, 1, 1), dt.date(2029, 12, 31)),)
_IIN_OUTSIDE: Final = (
    (dt.date(1800, 1, 1), dt.date(1899, 12, 31)),
    (dt.date(2030, 1, 1), dt.date(2099, 12, 31)),
)
_IIN_1800S_DAYS: Final = (dt.date(1899, 12, 31) - dt.date(1800, 1, 1)).days + 1


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
        self._iin_window: _IinClass | None = None
        self._iin_outside: _IinClass | None = None
        self._bin_perm: _Derangement | None = None
        self._phone_perms: dict[int, _Derangement] = {}
        self._cache: dict[tuple[str, str], str] = {}

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
        """The pseudonym of ``value`` found as ``entity`` (never equal to ``value``).

        Valid IINs, valid BINs and phone numbers (per normalised prefix) are mapped one-to-one:
        distinct values always get distinct pseudonyms (see the module documentation).
        """
        cache_key = (entity, value)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        out = f"<{entity}>"
        for counter in range(16):
            candidate = self._make(entity, value, counter)
            if candidate != value:
                out = candidate
                break
        if len(self._cache) >= _CACHE_ENTRIES:
            self._cache.clear()
        self._cache[cache_key] = out
        return out

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
            return _fill_digits(value, self._phone(value, digits, counter))
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
        digits = _NON_DIGIT.sub("", unicodedata.normalize("NFKC", value))
        if is_valid_iin(digits):
            born = iin_birth_date(digits)
            assert born is not None  # is_valid_iin checked it
            if self._iin_window is None:
                self._iin_window = _IinClass(self._key, "KZ_IIN/1900-2029", _IIN_WINDOW)
            if self._iin_window.contains(born):
                return self._iin_window.pseudonym(digits, born)
            if self._iin_outside is None:
                self._iin_outside = _IinClass(self._key, "KZ_IIN/outside", _IIN_OUTSIDE)
            return self._iin_outside.pseudonym(digits, born)
        # Not a valid IIN: a keyed hash to an IIN born in the 1800s (no real person's pseudonym).
        raw = self._digits("KZ_IIN", value, 60, counter)
        born = dt.date(1800, 1, 1) + dt.timedelta(days=int(raw[:12]) % _IIN_1800S_DAYS)
        sex = int(raw[12]) % 2
        serial = int(raw[13:17])
        for step in range(10000):
            body = f"{born:%y%m%d}{1 + sex}{(serial + step) % 10000:04d}"
            k = check_digit(body)
            if k is not None:
                return body + str(k)
        raise AssertionError("unreachable: some serial always has a check digit")

    def _phone(self, value: str, digits: str, counter: int) -> str:
        """``digits`` with the last ``min(7, len - 1)`` replaced one-to-one per normalised prefix."""
        keep = max(len(digits) - 7, 1)
        k = len(digits) - keep
        normal = _NON_DIGIT.sub("", self.normalise("PHONE_NUMBER", value))
        if len(normal) <= k:
            normal = digits
        perm = self._phone_perms.get(k)
        if perm is None:
            perm = self._phone_perms[k] = _Derangement(self._key, f"PHONE_NUMBER/{k}", 10**k)
        tweak = f"{normal[:-k]}\x1f{counter}\x1f".encode()
        return digits[:keep] + str(perm(int(normal[-k:]), tweak)).zfill(k)

    def _bin(self, value: str, counter: int) -> str:
        digits = _NON_DIGIT.sub("", unicodedata.normalize("NFKC", value))
        if is_valid_bin(digits):
            if self._bin_perm is None:
                self._bin_perm = _Derangement(
                    self._key, "KZ_BIN", _BIN_SIZE, lambda i: check_digit(_bin_body(i)) is not None
                )
            body = _bin_body(self._bin_perm(_bin_rank(digits)))
            return body + str(check_digit(body))
        # Not a valid BIN: a keyed hash to a valid BIN (may collide with other pseudonyms).
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
