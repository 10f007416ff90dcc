"""C2PA text marks: a signed Content Credential appended to text as invisible characters.

Implemented with c2patxt 0.2.0 (C2PA 2.4 Annex A.8): the text is NFC-normalised and followed by
U+FEFF and a run of Unicode variation selectors that encode a signed manifest (a
``c2pa.created`` action with ``digitalSourceType`` trainedAlgorithmicMedia, a
``c2pa.ai-disclosure`` assertion naming the generator, a ``c2pa.hash.data`` binding over the
visible text). About 8–9 KB of invisible tail per document; "paste as plain text" and most CMSs
strip it, hence the visible warning (:func:`senim.provenance.visible.label_text`).

What Senim adds, and the limits of the carrier:

- **Key type.** c2patxt signs with Ed25519 only, so the signer needs an Ed25519 leaf
  (``SignerConfig.text_chain_pem``/``text_key_pem``; :func:`~senim.provenance.signer.init_test_ca`
  writes one under the same test root). An Ed25519 media signer is used directly.
- **Label id and source type.** c2patxt has a closed producer schema: no extra assertions, and
  the created action always says ``trainedAlgorithmicMedia``. Senim therefore writes the claim's
  (signed) ``instanceID`` as ``urn:senim:label:<16 hex>:<source type>:<uuid4>``;
  :func:`read_text_mark` reads the label id and the source type from there (falling back to the
  action's type for marks made by others). Other verifiers see trainedAlgorithmicMedia.
- **Format.** Markdown and HTML are marked with the plain-text (A.8) carrier as well, after the
  last character; C2PA's own carriers for them (A.7, A.9) are not implemented by c2patxt.
- **Trust.** c2patxt bundles no trust evaluator; ours accepts a chain whose certificates are
  each issued by the next and currently valid, ending at (or issued by) a supplied anchor.
- **Re-marking.** An existing mark is removed before marking again (the old one could not
  survive the edit anyway).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import re
import uuid
from typing import Any, Final

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import NameOID

from senim.provenance.c2pa_io import C2paReading, _version
from senim.provenance.errors import CorruptMediaError, ProvenanceError, SignerError
from senim.provenance.signer import SignerConfig
from senim.provenance.types import SOURCE_TYPE_BASE, source_type_iri

__all__ = ["AnchorChainEvaluator", "mark_text", "read_text_mark"]

_INSTANCE: Final = re.compile(r"urn:senim:label:([0-9a-f]{16}):([A-Za-z]+):[0-9a-f-]{36}")
_STATE: Final = {"trusted": "trusted", "valid": "valid", "invalid": "invalid", "unmarked": "not_found"}
_MAX_JSON_DEPTH: Final = 32


class AnchorChainEvaluator:
    """A c2patxt ``TrustEvaluator``: the chain reaches one of the anchors.

    Each certificate must be currently valid and signed by the next one in the chain; the chain
    is trusted when a certificate equals an anchor or is directly issued by one (name and
    signature). Revocation is not checked (no network).
    """

    def is_trusted(self, chain: list[x509.Certificate], anchors: list[x509.Certificate]) -> bool:
        """True when ``chain`` (leaf first) leads to one of ``anchors``."""
        now = dt.datetime.now(dt.UTC)
        anchor_der = {a.public_bytes(serialization.Encoding.DER) for a in anchors}
        for index, cert in enumerate(chain):
            if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
                return False
            if cert.public_bytes(serialization.Encoding.DER) in anchor_der:
                return True
            for anchor in anchors:
                if anchor.subject == cert.issuer and _issued_by(cert, anchor):
                    return anchor.not_valid_before_utc <= now <= anchor.not_valid_after_utc
            if index + 1 >= len(chain) or not _issued_by(cert, chain[index + 1]):
                return False
        return False


def _issued_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    try:
        child.verify_directly_issued_by(parent)
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return True


def _text_signer(signer: SignerConfig) -> Any:
    import c2patxt

    chain_pem, key_pem = signer.text_chain_pem, signer.text_key_pem
    if chain_pem is None or key_pem is None:
        if signer.alg.lower() != "ed25519":
            raise SignerError(
                "text marks are signed with Ed25519: the signer directory needs text-chain.pem and "
                "text-key.pem (an Ed25519 end-entity certificate and key)"
            )
        chain_pem, key_pem = signer.chain_pem, signer.key_pem
    try:
        certs = tuple(x509.load_pem_x509_certificates(chain_pem))
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise SignerError(f"text-chain.pem/text-key.pem: cannot be loaded: {exc}") from exc
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise SignerError(f"text-key.pem: text marks need an Ed25519 key, not {type(key).__name__}")
    try:
        return c2patxt.Signer(private_key=key, certificates=certs)
    except ValueError as exc:  # includes c2patxt.ProfileError
        raise SignerError(f"text-chain.pem: refused for C2PA text signing: {exc}") from exc


def mark_text(content: str, signer: SignerConfig, *, label_id: int, source_type: str, generator: str) -> str:
    """Append a signed C2PA text manifest (invisible characters) to ``content``.

    Parameters
    ----------
    content
        Plain text, Markdown or HTML, already carrying the visible warning. An earlier mark is
        replaced.
    signer
        With an Ed25519 text leaf (``text_chain_pem``/``text_key_pem``) or an Ed25519 key.
    label_id
        64-bit label id, written into the signed claim's instance id.
    source_type
        Digital source type (short name or IRI).
    generator
        The generating model, written as the ai-disclosure ``modelName``.

    Returns
    -------
    str
        NFC-normalised ``content`` followed by the mark.

    Raises
    ------
    SignerError
        When there is no Ed25519 text key or c2patxt refuses the chain (profile, validity).
    CorruptMediaError
        When the text cannot be marked (lone surrogates, a malformed earlier mark, or too many
        combining marks for normalisation).
    ValueError
        For a label id out of range or an unknown source type.
    """
    import c2patxt

    if not 0 <= label_id < 1 << 64:
        raise ValueError(f"label id out of range: {label_id}")
    short = source_type_iri(source_type).removeprefix(SOURCE_TYPE_BASE)
    text_signer = _text_signer(signer)
    try:
        content = c2patxt.strip(content)
        context = c2patxt.EmbedContext(
            instance_id=f"urn:senim:label:{label_id:016x}:{short}:{uuid.uuid4()}",
            generator_name="Senim",
            generator_version=_version(),
        )
        disclosure = c2patxt.Disclosure(
            media_type="text/plain", model_type=c2patxt.ModelType.GENERIC, model_name=generator or None
        )
        marked: str = c2patxt.embed(content, text_signer, disclosure, context=context)
    except (c2patxt.MarkCorruptError, c2patxt.TextNormalizationError, c2patxt.UnencodableTextError) as exc:
        raise CorruptMediaError(f"text: cannot be marked: {exc}") from exc
    except c2patxt.C2paTextError as exc:
        raise ProvenanceError(f"text: C2PA text marking failed: {exc}") from exc
    except ValueError as exc:  # a certificate outside its validity period
        raise SignerError(f"text-chain.pem: {exc}") from exc
    return marked


def _jsonable(value: Any, depth: int = 0) -> Any:
    if depth > _MAX_JSON_DEPTH:
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, depth + 1) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    inner = getattr(value, "value", None)  # c2patxt's CBOR Tagged/SimpleValue
    return _jsonable(inner, depth + 1) if inner is not None else str(value)


def _signer_name(signature: bytes) -> str | None:
    try:
        from c2patxt import _cose

        chain = _cose.parse(signature).x5chain()
        leaf = x509.load_der_x509_certificate(chain[0])
        cn = [a.value for a in leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
        org = [a.value for a in leaf.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
    except Exception:  # hostile or unusual signatures: the name is informational only
        return None
    name = str(cn[0]) if cn else None
    if org and name:
        return f"{name} ({org[0]!s})"
    return name or (str(org[0]) if org else None)


def read_text_mark(content: str, *, trust_anchors: bytes | None) -> C2paReading:
    """Verify the C2PA text mark of ``content``.

    Parameters
    ----------
    content
        The text as received.
    trust_anchors
        PEM roots; a mark whose chain reaches one is ``trusted``, otherwise an intact mark is
        ``valid``.

    Returns
    -------
    C2paReading
        ``not_found`` when there is no mark (e.g. stripped), ``invalid`` when the text was edited
        or the mark is damaged (failure codes such as ``assertion.dataHash.mismatch``).

    Raises
    ------
    ProvenanceError
        When ``trust_anchors`` is not a PEM bundle.
    CorruptMediaError
        When ``content`` holds lone surrogates (not representable as UTF-8).
    """
    import c2patxt

    try:
        context = c2patxt.VerifyContext(anchors_pem=trust_anchors, trust_evaluator=AnchorChainEvaluator())
    except (ValueError, x509.InvalidVersion) as exc:  # InvalidVersion is no ValueError
        raise ProvenanceError(f"trust anchors: not a PEM certificate bundle ({exc})") from exc
    try:
        verdict = c2patxt.verify(content, context=context)
    except c2patxt.UnencodableTextError as exc:
        raise CorruptMediaError(f"text: not valid Unicode text: {exc}") from exc
    state: Any = _STATE[str(verdict.state.value).lower()]
    failures = tuple(dict.fromkeys(str(s.code.value) for s in verdict.failure))
    store = verdict.manifest
    if store is None:
        return C2paReading(state, None, None, None, failures, None, None)
    claim = _jsonable(store.claim)
    assertions = _jsonable(store.assertions)
    instance = claim.get("instanceID") if isinstance(claim, dict) else None
    match = _INSTANCE.fullmatch(instance) if isinstance(instance, str) else None
    actions_payload = next((v for k, v in assertions.items() if k.startswith("c2pa.actions")), None)
    actions = actions_payload.get("actions") if isinstance(actions_payload, dict) else None
    first = actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}
    source = first.get("digitalSourceType") if isinstance(first.get("digitalSourceType"), str) else None
    if match is not None:
        with contextlib.suppress(ValueError):
            source = source_type_iri(match.group(2))
    when = first.get("when") if isinstance(first.get("when"), str) else None
    manifest = {
        "active_manifest": store.manifest_label,
        "manifests": {store.manifest_label: {"claim": claim, "assertions": assertions}},
        "validation_state": state,
        "validation_status": list(failures),
    }
    return C2paReading(
        state=state,
        signer=_signer_name(store.signature),
        source_type=source,
        label_id=int(match.group(1), 16) if match is not None else None,
        failures=failures,
        manifest=manifest,
        signed_at=when,
    )
