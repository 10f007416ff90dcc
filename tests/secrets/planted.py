"""Planted secrets and personal values: the one place that defines them.

``tests/secrets/test_planted.py`` drives these values through every path where a leak could happen
(sign-in, bad tokens, database integrity errors, scans of malformed rows, redaction with a key,
audit, web error pages, labelling); the log guard plugin (``tests/_logguard.py``) fails the whole
pytest session if any of them shows up in a log written during the session.

Each value is fictitious and unique to this module (no other test, example or fixture uses it), so a
hit in a log can only come from a leak. :class:`Planted` also lists the other *forms* under which a
value could leak (digits without separators, hex of a key, the bearer header), and the guard looks
for every form. Secrets issued at run time (a real session cookie, a real API token) are added with
:func:`plant`, for the rest of the session.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

__all__ = [
    "API_TOKEN",
    "CARD",
    "EMAIL",
    "IIN",
    "PASSWORD",
    "PHONE",
    "PSEUDONYM_KEY",
    "SESSION_COOKIE",
    "Planted",
    "all_planted",
    "plant",
]


@dataclass(frozen=True)
class Planted:
    """One planted value: ``kind`` is what a report may name; ``value`` is never printed."""

    kind: str
    value: str
    also: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling of the value the guard looks for (at least 8 characters each)."""
        return tuple(dict.fromkeys(f for f in (self.value, *self.also) if len(f) >= 8))


# A valid IIN (checksum of Kazakhstan's rules, born 1987-06-15, male) and a Luhn-valid card number.
IIN = Planted("IIN", "870615347119")
CARD = Planted("card number", "4400 4301 7318 2657", also=("4400430173182657", "4400-4301-7318-2657"))
PHONE = Planted("phone number", "+7 701 734 58 29", also=("+77017345829", "77017345829", "87017345829"))
EMAIL = Planted("e-mail address", "zhanar.planted.4b7e@example.kz", also=("zhanar.planted.4b7e",))
PASSWORD = Planted("password", "Pl4nted-passphrase-never-logged-91c3")
API_TOKEN = Planted(
    "API token", "snm_pLaNtEd7Qx2v9KfW3mRt8YcZ1nB5jH0sLdE4gUoAi6", also=("pLaNtEd7Qx2v9KfW3mRt8YcZ1nB5jH0",)
)
SESSION_COOKIE = Planted("session cookie", "pLaNtEd-session-Vb83kQ2mZx7R0tYw5nJc1uHe9sGa4LdF")
PSEUDONYM_KEY = Planted(
    "pseudonymisation key",
    "planted-pseudonym-key-3f9a7c1e5b2d",
    also=(b"planted-pseudonym-key-3f9a7c1e5b2d".hex(),),
)

_FIXED = (IIN, CARD, PHONE, EMAIL, PASSWORD, API_TOKEN, SESSION_COOKIE, PSEUDONYM_KEY)
_runtime: list[Planted] = []
_lock = threading.Lock()


def plant(kind: str, value: str) -> Planted:
    """Add a secret issued at run time (e.g. a real session cookie) to what the guard looks for."""
    if len(value) < 8:
        raise ValueError(f"a planted {kind} must be at least 8 characters long to be found reliably")
    planted = Planted(kind, value)
    with _lock:
        _runtime.append(planted)
    return planted


def all_planted() -> tuple[Planted, ...]:
    with _lock:
        return (*_FIXED, *_runtime)
