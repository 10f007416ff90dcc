"""Signing the ledger head: an Ed25519 signature anyone can check with the public key."""

from __future__ import annotations

import base64
import datetime as dt
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = [
    "PASSPHRASE_ENV",
    "SigningKeyError",
    "default_key_path",
    "load_or_create_key",
    "sign_head",
    "verify_head",
]

#: When set (and not empty), a new signing key is written encrypted with this passphrase
#: (PKCS#8, ``BestAvailableEncryption``), and an encrypted key is decrypted with it.
PASSPHRASE_ENV = "SENIM_LEDGER_KEY_PASSPHRASE"


class SigningKeyError(ValueError):
    """The ledger signing key cannot be used; the message names the file, never key material."""


def default_key_path() -> Path:
    """``SENIM_LEDGER_KEY`` if set, else ``ledger-signing-key.pem`` in the user's data directory."""
    configured = os.environ.get("SENIM_LEDGER_KEY")
    if configured:
        return Path(configured)
    from platformdirs import user_data_dir

    return Path(user_data_dir("senim", appauthor=False)) / "ledger-signing-key.pem"


def _passphrase(given: str | None) -> bytes | None:
    value = given if given is not None else os.environ.get(PASSPHRASE_ENV, "")
    return value.encode("utf-8") if value else None


def load_or_create_key(path: Path | None = None, *, passphrase: str | None = None) -> Ed25519PrivateKey:
    """The Ed25519 key at ``path`` (default :func:`default_key_path`), created on first use.

    ``passphrase`` (default: the ``SENIM_LEDGER_KEY_PASSPHRASE`` environment variable) encrypts a new
    key and is required to load an encrypted one. Without it a new key is written unencrypted, with
    file mode 0600 either way."""
    p = path or default_key_path()
    secret = _passphrase(passphrase)
    if p.exists():
        try:
            key = serialization.load_pem_private_key(p.read_bytes(), password=secret)
        except TypeError:
            if secret is None:
                raise SigningKeyError(
                    f"{p}: the ledger signing key is encrypted: set {PASSPHRASE_ENV} to its passphrase"
                ) from None
            raise SigningKeyError(
                f"{p}: the ledger signing key is not encrypted, but {PASSPHRASE_ENV} is set: unset it, "
                "or replace the file with an encrypted key"
            ) from None
        except (ValueError, UnsupportedAlgorithm):
            what = "wrong passphrase, or not a PEM private key" if secret else "not a PEM private key"
            raise SigningKeyError(f"{p}: the ledger signing key cannot be read ({what})") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError(f"{p}: not an Ed25519 private key")
        return key
    key = Ed25519PrivateKey.generate()
    p.parent.mkdir(parents=True, exist_ok=True)
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(secret) if secret else serialization.NoEncryption()
    )
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    # created with mode 0600 and never over an existing file (another process may have won the race)
    try:
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_or_create_key(p, passphrase=passphrase)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return key


def _message(head_hash: str, events: int, signed_at: str) -> bytes:
    return f"senim-ledger-head\x1f{head_hash}\x1f{events}\x1f{signed_at}".encode()


def sign_head(head_hash: str, events: int, key_path: Path | None = None) -> dict[str, Any]:
    key = load_or_create_key(key_path)
    signed_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {
        "hash": head_hash,
        "events": events,
        "signed_at": signed_at,
        "algorithm": "Ed25519",
        "public_key": base64.b64encode(public).decode("ascii"),
        "signature": base64.b64encode(key.sign(_message(head_hash, events, signed_at))).decode("ascii"),
    }


def verify_head(head: dict[str, Any]) -> bool:
    """Check a signed head line (with the public key it carries, or compare that key with a trusted one)."""
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(head["public_key"]))
        public.verify(
            base64.b64decode(head["signature"]),
            _message(head["hash"], int(head["events"]), head["signed_at"]),
        )
    except Exception:
        return False
    return True
