"""Signing the ledger head: an Ed25519 signature anyone can check with the public key."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = ["default_key_path", "load_or_create_key", "sign_head", "verify_head"]


def default_key_path() -> Path:
    """``SENIM_LEDGER_KEY`` if set, else ``ledger-signing-key.pem`` in the user's data directory."""
    import os

    configured = os.environ.get("SENIM_LEDGER_KEY")
    if configured:
        return Path(configured)
    from platformdirs import user_data_dir

    return Path(user_data_dir("senim", appauthor=False)) / "ledger-signing-key.pem"


def load_or_create_key(path: Path | None = None) -> Ed25519PrivateKey:
    p = path or default_key_path()
    if p.exists():
        key = serialization.load_pem_private_key(p.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{p}: not an Ed25519 private key")
        return key
    key = Ed25519PrivateKey.generate()
    p.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    p.touch(mode=0o600)
    p.write_bytes(pem)
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
