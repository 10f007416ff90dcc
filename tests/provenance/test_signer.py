"""Signer directories: the throw-away test CA and the checks load_signer makes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from senim.provenance.errors import SignerError
from senim.provenance.signer import SignerConfig, init_test_ca, load_signer


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def test_init_test_ca_writes_a_marked_test_signer(test_ca_dir: Path, signer_config: SignerConfig) -> None:
    names = {p.name for p in test_ca_dir.iterdir()}
    assert {"ca.pem", "chain.pem", "key.pem", "signer.json", "text-chain.pem", "text-key.pem"} <= names
    assert stat.S_IMODE((test_ca_dir / "key.pem").stat().st_mode) == 0o600
    assert stat.S_IMODE((test_ca_dir / "text-key.pem").stat().st_mode) == 0o600
    config = json.loads((test_ca_dir / "signer.json").read_text())
    assert config["alg"] == "es256" and config["test_only"] is True and config["tsa_url"] is None
    assert "created" in config

    chain = x509.load_pem_x509_certificates((test_ca_dir / "chain.pem").read_bytes())
    leaf, root = chain
    assert "TEST ONLY" in leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert "TEST ONLY" in root.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert "TEST ONLY" in str(leaf.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value)
    assert root.public_bytes(serialization.Encoding.PEM) == (test_ca_dir / "ca.pem").read_bytes()
    leaf.verify_directly_issued_by(root)

    bc = leaf.extensions.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and not bc.value.ca
    ku = leaf.extensions.get_extension_for_class(x509.KeyUsage)
    assert ku.critical and ku.value.digital_signature and not ku.value.key_cert_sign
    ekus = list(leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in ekus
    assert ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE not in ekus
    leaf.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    aki = leaf.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    root_ski = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == root_ski.digest
    assert isinstance(leaf.public_key(), ec.EllipticCurvePublicKey)

    text_leaf = x509.load_pem_x509_certificates((test_ca_dir / "text-chain.pem").read_bytes())[0]
    assert isinstance(text_leaf.public_key(), ed25519.Ed25519PublicKey)
    text_leaf.verify_directly_issued_by(root)

    assert signer_config.alg == "es256" and signer_config.test_only
    assert signer_config.text_chain_pem is not None and signer_config.text_key_pem is not None
    assert "PRIVATE" not in repr(signer_config)  # keys stay out of logs


def test_init_test_ca_refuses_to_overwrite(test_ca_dir: Path) -> None:
    before = (test_ca_dir / "key.pem").read_bytes()
    with pytest.raises(SignerError, match="refusing to overwrite"):
        init_test_ca(test_ca_dir)
    assert (test_ca_dir / "key.pem").read_bytes() == before


def test_init_test_ca_organisation(tmp_path: Path) -> None:
    init_test_ca(tmp_path / "s", organisation="Qazaq Media LLP")
    leaf = x509.load_pem_x509_certificates((tmp_path / "s" / "chain.pem").read_bytes())[0]
    org = str(leaf.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value)
    assert org.startswith("Qazaq Media LLP") and "TEST ONLY" in org


def test_hand_prepared_directory_without_signer_json(test_ca_dir: Path, tmp_path: Path) -> None:
    d = tmp_path / "prod"
    d.mkdir()
    shutil.copy(test_ca_dir / "chain.pem", d / "chain.pem")
    shutil.copy(test_ca_dir / "key.pem", d / "key.pem")
    cfg = load_signer(d)
    assert cfg.alg == "es256" and cfg.tsa_url is None and not cfg.test_only
    assert cfg.text_chain_pem is None
    (d / "signer.json").write_text(json.dumps({"alg": "ES256", "tsa_url": "http://tsa.example.kz/tsr"}))
    cfg = load_signer(d)
    assert cfg.alg == "es256" and cfg.tsa_url == "http://tsa.example.kz/tsr"


@pytest.mark.parametrize("missing", ["chain.pem", "key.pem"])
def test_missing_files_are_named(test_ca_dir: Path, tmp_path: Path, missing: str) -> None:
    d = _copy(test_ca_dir, tmp_path / "s")
    (d / missing).unlink()
    with pytest.raises(SignerError, match=missing):
        load_signer(d)


def test_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(SignerError, match="not a directory"):
        load_signer(tmp_path / "nowhere")


def test_garbage_files(test_ca_dir: Path, tmp_path: Path) -> None:
    d = _copy(test_ca_dir, tmp_path / "s")
    (d / "chain.pem").write_text("not a certificate")
    with pytest.raises(SignerError, match=r"chain\.pem"):
        load_signer(d)
    d = _copy(test_ca_dir, tmp_path / "t")
    (d / "key.pem").write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    with pytest.raises(SignerError, match=r"key\.pem"):
        load_signer(d)
    d = _copy(test_ca_dir, tmp_path / "u")
    (d / "signer.json").write_text("{oops")
    with pytest.raises(SignerError, match=r"signer\.json"):
        load_signer(d)


def test_encrypted_key(test_ca_dir: Path, tmp_path: Path) -> None:
    d = _copy(test_ca_dir, tmp_path / "s")
    key = serialization.load_pem_private_key((d / "key.pem").read_bytes(), None)
    enc = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    )
    (d / "key.pem").write_bytes(enc)
    with pytest.raises(SignerError, match="encrypted"):
        load_signer(d)


def test_key_not_matching_leaf(test_ca_dir: Path, tmp_path: Path) -> None:
    d = _copy(test_ca_dir, tmp_path / "s")
    other = ec.generate_private_key(ec.SECP256R1())
    (d / "key.pem").write_bytes(
        other.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(SignerError, match=r"key\.pem.*does not match"):
        load_signer(d)


def _self_signed(key: ec.EllipticCurvePrivateKey, *, ca: bool, days: int = 30, past: bool = False) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "self")])
    now = dt.datetime.now(dt.UTC)
    start = now - dt.timedelta(days=400) if past else now - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


def _write_pair(d: Path, chain: bytes, key: ec.EllipticCurvePrivateKey) -> None:
    d.mkdir()
    (d / "chain.pem").write_bytes(chain)
    (d / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


def test_self_signed_leaf_refused(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    _write_pair(tmp_path / "s", _self_signed(key, ca=False), key)
    with pytest.raises(SignerError, match="self-signed"):
        load_signer(tmp_path / "s")


def test_ca_certificate_as_leaf_refused(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    _write_pair(tmp_path / "s", _self_signed(key, ca=True), key)
    with pytest.raises(SignerError, match="is a CA certificate"):
        load_signer(tmp_path / "s")


def test_expired_leaf_refused(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    _write_pair(tmp_path / "s", _self_signed(key, ca=False, past=True), key)
    with pytest.raises(SignerError, match=r"chain\.pem.*expired"):
        load_signer(tmp_path / "s")


def test_ca_certificate_first_refused(test_ca_dir: Path, tmp_path: Path) -> None:
    d = _copy(test_ca_dir, tmp_path / "s")
    leaf_pem, root_pem = (
        c.public_bytes(serialization.Encoding.PEM)
        for c in x509.load_pem_x509_certificates((d / "chain.pem").read_bytes())
    )
    (d / "chain.pem").write_bytes(root_pem + leaf_pem)  # wrong order: key no longer matches the first
    with pytest.raises(SignerError, match="does not match"):
        load_signer(d)


def test_wrong_chain_order_and_alg(test_ca_dir: Path, other_ca_dir: Path, tmp_path: Path) -> None:
    d = _copy(test_ca_dir, tmp_path / "s")
    leaf_pem = x509.load_pem_x509_certificates((d / "chain.pem").read_bytes())[0].public_bytes(
        serialization.Encoding.PEM
    )
    (d / "chain.pem").write_bytes(leaf_pem + (other_ca_dir / "ca.pem").read_bytes())
    with pytest.raises(SignerError, match="not issued by the next"):
        load_signer(d)
    d = _copy(test_ca_dir, tmp_path / "t")
    (d / "signer.json").write_text(json.dumps({"alg": "ps256"}))
    with pytest.raises(SignerError, match="cannot sign with ps256"):
        load_signer(d)
    (d / "signer.json").write_text(json.dumps({"alg": "md5"}))
    with pytest.raises(SignerError, match="alg must be one of"):
        load_signer(d)
    (d / "signer.json").write_text(json.dumps({"alg": "es256", "tsa_url": "ftp://x"}))
    with pytest.raises(SignerError, match="tsa_url"):
        load_signer(d)


def test_text_key_pair_must_be_complete(test_ca_dir: Path, tmp_path: Path) -> None:
    d = _copy(test_ca_dir, tmp_path / "s")
    (d / "text-key.pem").unlink()
    with pytest.raises(SignerError, match=r"text-key\.pem"):
        load_signer(d)
