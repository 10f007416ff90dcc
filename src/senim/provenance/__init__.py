"""Labelling synthetic content and verifying labels (KZ AI law Art. 21(2), EU AI Act Art. 50).

Public surface::

    from senim.provenance import LabelOptions, LabelStore, label_path, load_signer, verify_path

    signer = load_signer(Path("signer/"))
    with LabelStore.open(None) as store:
        receipt = label_path(Path("in.png"), Path("out.png"), LabelOptions(signer=signer), store)
        result = verify_path(Path("out.png"), trust_anchors=Path("signer/ca.pem").read_bytes(), store=store)
        print(receipt.to_dict(), result.verdict)

Names are loaded on first use, so importing one submodule (e.g. ``senim.provenance.errors``)
does not load the codecs, the C2PA library or the database layer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from senim.provenance.label import LabelOptions, LabelReceipt, label_bytes, label_path, label_tree
    from senim.provenance.signer import init_test_ca, load_signer
    from senim.provenance.store import LabelStore
    from senim.provenance.verify import Verification, verify_bytes, verify_path, verify_tree

__all__ = [
    "LabelOptions",
    "LabelReceipt",
    "LabelStore",
    "Verification",
    "init_test_ca",
    "label_bytes",
    "label_path",
    "label_tree",
    "load_signer",
    "verify_bytes",
    "verify_path",
    "verify_tree",
]

_WHERE = {
    "LabelOptions": "label",
    "LabelReceipt": "label",
    "label_bytes": "label",
    "label_path": "label",
    "label_tree": "label",
    "init_test_ca": "signer",
    "load_signer": "signer",
    "LabelStore": "store",
    "Verification": "verify",
    "verify_bytes": "verify",
    "verify_path": "verify",
    "verify_tree": "verify",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'senim.provenance' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"senim.provenance.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
