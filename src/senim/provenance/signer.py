"""Signing credentials for C2PA: a throw-away test CA and loading an organisation's chain and key.

C2PA signers must hold an *end-entity* certificate issued by a CA: c2pa-rs refuses a self-signed
leaf at signing time. The leaf needs BasicConstraints ``cA=false`` and KeyUsage ``digitalSignature``
(both critical), a non-empty extended key usage without ``anyExtendedKeyUsage`` (``emailProtection``
is accepted by c2pa-rs 0.91, ``c2pa-kp-claimSigning`` by c2patxt; our test leaves carry both), and
subject/authority key identifiers.

A signer directory holds:

``chain.pem``
    The leaf certificate first, then its intermediates (and optionally the root).
``key.pem``
    The leaf's private key, PKCS#8 or traditional PEM, unencrypted (mode 0600).
``signer.json`` (optional)
    ``{"alg": "es256", "tsa_url": null, "test_only": false}``; without it the algorithm follows
    the key type and no timestamp authority is used.
``text-chain.pem`` / ``text-key.pem`` (optional)
    An Ed25519 leaf for C2PA text marks (:mod:`senim.provenance.textmark`): the text carrier
    (c2patxt) signs with Ed25519 only.
``ca.pem`` (test CA only)
    The root certificate, the trust anchor to give verifiers.

:func:`init_test_ca` writes such a directory for tests and demonstrations: a root CA and two
leaves (ES256 for media, Ed25519 for text), all named "TEST ONLY — not for production". The CA's
own private key is not kept, so the test CA cannot issue anything else.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes, PrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from senim.provenance.errors import SignerError

__all__ = [
    "ALGORITHMS",
    "C2PA_CLAIM_SIGNING_EKU",
    "SignerConfig",
    "init_test_ca",
    "load_signer",
]

ALGORITHMS: Final = ("es256", "es384", "es512", "ps256", "ps384", "ps512", "ed25519")
"""Signature algorithms C2PA allows (and c2pa-rs implements), lower case."""

C2PA_CLAIM_SIGNING_EKU: Final = ObjectIdentifier("1.3.6.1.4.1.62558.2.1")
"""``c2pa-kp-claimSigning`` (C2PA 2.x, 14.4.1)."""

CHAIN_FILE: Final = "chain.pem"
KEY_FILE: Final = "key.pem"
CONFIG_FILE: Final = "signer.json"
CA_FILE: Final = "ca.pem"
TEXT_CHAIN_FILE: Final = "text-chain.pem"
TEXT_KEY_FILE: Final = "text-key.pem"

TEST_ONLY_MARK: Final = "TEST ONLY — not for production"
_MAX_PEM_BYTES: Final = 1 << 20  # a chain of a few certificates is a few KB
_CURVES: Final[dict[str, type[ec.EllipticCurve]]] = {
    "es256": ec.SECP256R1,
    "es384": ec.SECP384R1,
    "es512": ec.SECP521R1,
}


@dataclass(frozen=True)
class SignerConfig:
    """A signing credential, ready for :func:`senim.provenance.c2pa_io.sign_c2pa`.

    Attributes
    ----------
    chain_pem
        PEM certificates, the end-entity (leaf) first, then intermediates.
    key_pem
        The leaf's unencrypted PEM private key. Left out of ``repr``.
    alg
        One of :data:`ALGORITHMS` (``"es256"`` by default).
    tsa_url
        RFC 3161 timestamp authority; without one, a label becomes invalid once the certificate
        expires.
    test_only
        True for the throw-away CA of :func:`init_test_ca`.
    text_chain_pem, text_key_pem
        Optional Ed25519 leaf (chain and key) for C2PA text marks; c2patxt cannot sign with
        ``alg``'s key unless it is Ed25519.
    """

    chain_pem: bytes = field(repr=False)
    key_pem: bytes = field(repr=False)
    alg: str = "es256"
    tsa_url: str | None = None
    test_only: bool = False
    text_chain_pem: bytes | None = field(default=None, repr=False)
    text_key_pem: bytes | None = field(default=None, repr=False)


# --------------------------------------------------------------------------- test CA


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def _leaf(
    public_key: ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey,
    subject: x509.Name,
    root: x509.Certificate,
    root_key: CertificateIssuerPrivateKeyTypes,
    now: dt.datetime,
) -> x509.Certificate:
    ski = x509.SubjectKeyIdentifier.from_public_key(public_key)
    root_ski = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, C2PA_CLAIM_SIGNING_EKU]),
            critical=False,
        )
        .add_extension(ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski), critical=False
        )
        .sign(root_key, None if isinstance(root_key, ed25519.Ed25519PrivateKey) else hashes.SHA256())
    )


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: PrivateKeyTypes) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _write_new(path: Path, data: bytes, mode: int = 0o644) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    os.chmod(path, mode)  # the umask may have narrowed or the file system widened it


def init_test_ca(directory: Path, *, organisation: str = "Senim test organisation") -> Path:
    """Create a throw-away CA and signing credentials in ``directory``.

    Writes ``ca.pem`` (root, the trust anchor for verifiers), ``chain.pem`` (ES256 leaf + root),
    ``key.pem`` (mode 0600), ``text-chain.pem``/``text-key.pem`` (an Ed25519 leaf for text marks,
    same root) and ``signer.json`` (``"test_only": true``). Every subject names the
    organisation and says "TEST ONLY — not for production". The root's private key is discarded.

    Parameters
    ----------
    directory
        Created if missing; must not already hold a signer.
    organisation
        Organisation name written into the certificates' O attribute.

    Returns
    -------
    Path
        ``directory``.

    Raises
    ------
    SignerError
        When ``directory`` already holds signer files (nothing is overwritten) or cannot be written.
    """
    directory = Path(directory)
    names = (CA_FILE, CHAIN_FILE, KEY_FILE, CONFIG_FILE, TEXT_CHAIN_FILE, TEXT_KEY_FILE)
    existing = [n for n in names if (directory / n).exists()]
    if existing:
        raise SignerError(
            f"{directory}: already holds a signer ({', '.join(existing)}); refusing to overwrite"
        )
    org = f"{organisation.strip() or 'Senim'} ({TEST_ONLY_MARK})"
    now = dt.datetime.now(dt.UTC)

    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(f"Senim test root CA — {TEST_ONLY_MARK}", org)
    root_ski = x509.SubjectKeyIdentifier.from_public_key(root_key.public_key())
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=10 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(root_ski, critical=False)
        .sign(root_key, hashes.SHA256())
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf_name = _name(f"Senim test signer — {TEST_ONLY_MARK}", org)
    leaf = _leaf(leaf_key.public_key(), leaf_name, root, root_key, now)
    text_key = ed25519.Ed25519PrivateKey.generate()
    text_leaf = _leaf(
        text_key.public_key(), _name(f"Senim test text signer — {TEST_ONLY_MARK}", org), root, root_key, now
    )
    config = {
        "alg": "es256",
        "test_only": True,
        "tsa_url": None,
        "created": now.isoformat(timespec="seconds"),
        "note": f"{TEST_ONLY_MARK}: throw-away CA made by senim; its root key was discarded",
    }
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _write_new(directory / KEY_FILE, _key_pem(leaf_key), 0o600)
        _write_new(directory / TEXT_KEY_FILE, _key_pem(text_key), 0o600)
        _write_new(directory / CA_FILE, _pem(root))
        _write_new(directory / CHAIN_FILE, _pem(leaf) + _pem(root))
        _write_new(directory / TEXT_CHAIN_FILE, _pem(text_leaf) + _pem(root))
        _write_new(directory / CONFIG_FILE, (json.dumps(config, indent=2) + "\n").encode())
    except FileExistsError as exc:
        raise SignerError(f"{exc.filename}: already exists; refusing to overwrite") from exc
    except OSError as exc:
        raise SignerError(f"{directory}: cannot write the test CA: {exc.strerror or exc}") from exc
    return directory


# --------------------------------------------------------------------------- loading


def _read(path: Path, *, required: bool) -> bytes | None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        if required:
            raise SignerError(
                f"{path}: missing (a signer directory needs {CHAIN_FILE} and {KEY_FILE})"
            ) from None
        return None
    except OSError as exc:
        raise SignerError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if size > _MAX_PEM_BYTES:
        raise SignerError(f"{path}: too large for a PEM file ({size} bytes)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SignerError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def _alg_of_key(key: PrivateKeyTypes) -> str | None:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        for alg, curve in _CURVES.items():
            if isinstance(key.curve, curve):
                return alg
        return None
    if isinstance(key, rsa.RSAPrivateKey):
        return "ps256"
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "ed25519"
    return None


def _key_fits_alg(key: PrivateKeyTypes, alg: str) -> bool:
    if alg in _CURVES:
        return isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, _CURVES[alg])
    if alg.startswith("ps"):
        return isinstance(key, rsa.RSAPrivateKey) and key.key_size >= 2048
    return isinstance(key, ed25519.Ed25519PrivateKey)


def _spki(public_key: Any) -> bytes:
    data: bytes = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return data


def _load_chain(path: Path, data: bytes) -> list[x509.Certificate]:
    try:
        chain = x509.load_pem_x509_certificates(data)
    except (ValueError, x509.InvalidVersion) as exc:  # InvalidVersion is no ValueError
        raise SignerError(f"{path}: not a PEM certificate chain ({exc})") from exc
    if not chain:
        raise SignerError(f"{path}: contains no certificate")
    for index, cert in enumerate(chain):
        try:  # fields are parsed on first access; read them all now, while the file can be named
            cert.subject.rfc4514_string()
            cert.issuer.rfc4514_string()
            _ = (cert.not_valid_before_utc, cert.not_valid_after_utc, list(cert.extensions))
        except Exception as exc:  # cryptography raises ValueError, KeyError, TypeError, DuplicateExtension…
            raise SignerError(
                f"{path}: certificate {index} is malformed ({type(exc).__name__}: {exc})"
            ) from exc
    return chain


def _load_key(path: Path, data: bytes) -> PrivateKeyTypes:
    try:
        return serialization.load_pem_private_key(data, password=None)
    except TypeError as exc:  # encrypted, and we have no password
        raise SignerError(f"{path}: the private key is encrypted; provide an unencrypted PEM key") from exc
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise SignerError(f"{path}: not a PEM private key ({exc})") from exc


def _is_self_signed(cert: x509.Certificate) -> bool:
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return True


def _check_leaf(path: Path, chain: list[x509.Certificate], now: dt.datetime) -> None:
    leaf = chain[0]
    subject = leaf.subject.rfc4514_string()
    if leaf.not_valid_after_utc < now:
        raise SignerError(
            f"{path}: the signing certificate ({subject}) expired on {leaf.not_valid_after_utc:%Y-%m-%d}"
        )
    if leaf.not_valid_before_utc > now:
        raise SignerError(
            f"{path}: the signing certificate ({subject}) is not valid before "
            f"{leaf.not_valid_before_utc:%Y-%m-%d}"
        )
    try:
        constraints = leaf.extensions.get_extension_for_class(x509.BasicConstraints).value
        if constraints.ca:
            raise SignerError(
                f"{path}: the first certificate ({subject}) is a CA certificate; put the end-entity "
                "signing certificate first"
            )
    except x509.ExtensionNotFound:
        pass
    if _is_self_signed(leaf):
        raise SignerError(
            f"{path}: the signing certificate ({subject}) is self-signed; C2PA needs an end-entity "
            "certificate issued by a CA (leaf first, then the issuing chain)"
        )
    try:
        usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        raise SignerError(
            f"{path}: the signing certificate has no KeyUsage extension (C2PA requires one)"
        ) from None
    if not usage.digital_signature:
        raise SignerError(f"{path}: the signing certificate's KeyUsage lacks digitalSignature")
    try:
        ekus = list(leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        raise SignerError(
            f"{path}: the signing certificate has no extended key usage (C2PA requires a non-empty EKU, "
            "e.g. emailProtection or c2pa-kp-claimSigning)"
        ) from None
    if ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE in ekus:
        raise SignerError(f"{path}: anyExtendedKeyUsage is not allowed in a C2PA signing certificate")
    for index, (child, parent) in enumerate(itertools.pairwise(chain)):
        try:
            child.verify_directly_issued_by(parent)
        except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise SignerError(
                f"{path}: certificate {index} ({child.subject.rfc4514_string()}) is not issued by the next "
                f"one ({parent.subject.rfc4514_string()}); order the chain leaf first"
            ) from exc


def _load_pair(chain_path: Path, chain_pem: bytes, key_path: Path, key_pem: bytes) -> PrivateKeyTypes:
    chain = _load_chain(chain_path, chain_pem)
    key = _load_key(key_path, key_pem)
    try:  # certificate fields are parsed on first access: a malformed one raises ValueError there
        if _spki(key.public_key()) != _spki(chain[0].public_key()):
            raise SignerError(
                f"{key_path}: the private key does not match the first certificate of {chain_path}"
            )
        _check_leaf(chain_path, chain, dt.datetime.now(dt.UTC))
    # KeyError: an unknown string type in a name; DuplicateExtension is no ValueError
    except (ValueError, KeyError, x509.DuplicateExtension, UnsupportedAlgorithm) as exc:
        raise SignerError(f"{chain_path}: a certificate is malformed ({type(exc).__name__}: {exc})") from exc
    return key


def load_signer(directory: Path) -> SignerConfig:
    """Load and check a signer directory (see the module docstring for its files).

    Checks that the chain parses, the key is unencrypted and matches the first certificate, that
    this certificate is a valid (not expired, not yet valid), CA-issued end-entity certificate fit
    for C2PA, that the chain is ordered, and that ``alg`` suits the key.

    Parameters
    ----------
    directory
        A directory made by :func:`init_test_ca` or prepared by hand.

    Returns
    -------
    SignerConfig

    Raises
    ------
    SignerError
        With a message naming the offending file.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise SignerError(f"{directory}: not a directory (expected {CHAIN_FILE} and {KEY_FILE} inside)")
    chain_path, key_path, config_path = directory / CHAIN_FILE, directory / KEY_FILE, directory / CONFIG_FILE
    chain_pem = _read(chain_path, required=True)
    key_pem = _read(key_path, required=True)
    assert chain_pem is not None and key_pem is not None
    config: dict[str, Any] = {}
    raw_config = _read(config_path, required=False)
    if raw_config is not None:
        try:
            loaded = json.loads(raw_config)
        except (ValueError, UnicodeDecodeError) as exc:
            raise SignerError(f"{config_path}: not valid JSON ({exc})") from exc
        if not isinstance(loaded, dict):
            raise SignerError(f"{config_path}: must hold a JSON object")
        config = loaded

    key = _load_pair(chain_path, chain_pem, key_path, key_pem)
    alg = config.get("alg")
    if alg is None:
        alg = _alg_of_key(key)
        if alg is None:
            raise SignerError(f"{key_path}: unsupported key type for C2PA ({type(key).__name__})")
    if not isinstance(alg, str) or alg.lower() not in ALGORITHMS:
        raise SignerError(f"{config_path}: alg must be one of {', '.join(ALGORITHMS)}, not {alg!r}")
    alg = alg.lower()
    if not _key_fits_alg(key, alg):
        raise SignerError(
            f"{key_path}: a {type(key).__name__} key cannot sign with {alg} (set alg in {config_path})"
        )
    tsa_url = config.get("tsa_url")
    if tsa_url is not None and (
        not isinstance(tsa_url, str) or not tsa_url.startswith(("http://", "https://"))
    ):
        raise SignerError(f"{config_path}: tsa_url must be an http(s) URL or null, not {tsa_url!r}")
    test_only = config.get("test_only", False)
    if not isinstance(test_only, bool):
        raise SignerError(f"{config_path}: test_only must be true or false")

    text_chain_path, text_key_path = directory / TEXT_CHAIN_FILE, directory / TEXT_KEY_FILE
    text_chain = _read(text_chain_path, required=False)
    text_key = _read(text_key_path, required=False)
    if (text_chain is None) != (text_key is None):
        missing = text_key_path if text_key is None else text_chain_path
        raise SignerError(
            f"{missing}: missing (text signing needs both {TEXT_CHAIN_FILE} and {TEXT_KEY_FILE})"
        )
    if text_chain is not None and text_key is not None:
        tkey = _load_pair(text_chain_path, text_chain, text_key_path, text_key)
        if not isinstance(tkey, ed25519.Ed25519PrivateKey):
            raise SignerError(f"{text_key_path}: C2PA text marks are signed with Ed25519 keys only")
    elif isinstance(key, ed25519.Ed25519PrivateKey):
        text_chain, text_key = chain_pem, key_pem  # the media key can sign text too
    return SignerConfig(
        chain_pem=chain_pem,
        key_pem=key_pem,
        alg=alg,
        tsa_url=tsa_url,
        test_only=test_only,
        text_chain_pem=text_chain,
        text_key_pem=text_key,
    )
