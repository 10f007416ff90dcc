"""`senim verify`: check the labels of a file or of every file in a folder.

Thin: the work is done by :mod:`senim.provenance.verify`. Exit codes: 0 every file carries a label
(``labelled_trusted``, ``labelled_untrusted_signer``, ``watermark_only_traced`` or ``metadata_only``);
1 some file has ``no_label_found`` or ``labelled_altered``; 2 bad usage, or a file that cannot be
read at all (unsupported, corrupt: the message names it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from senim.cli.common import EXIT_INVALID, ListFormat, console, err_console, fail, to_json, write_output
from senim.cli.provenance_cmd import (
    EXIT_PROBLEM,
    DatabaseOpt,
    NoStoreOpt,
    StoreOpt,
    attach_evidence,
    check_system,
    open_store,
    read_anchors,
)

PROBLEM_VERDICTS = frozenset({"no_label_found", "labelled_altered"})



def verify(
    path: Annotated[Path, typer.Argument(help="File or folder to check.")],
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    trust_anchors: Annotated[
        Path | None,
        typer.Option(
            "--trust-anchors",
            envvar="SENIM_TRUST_ANCHORS",
            help="PEM file of root certificates a C2PA signer must chain to for labelled_trusted.",
        ),
    ] = None,
    store: StoreOpt = None,
    no_store: NoStoreOpt = False,
    system: Annotated[
        str | None, typer.Option("--system", help="AI system (registry id or slug) for --evidence.")
    ] = None,
    evidence: Annotated[
        bool,
        typer.Option(
            "--evidence", help="Attach the verification to --system as KZ 21(2) / EU 50(2) evidence."
        ),
    ] = False,
    database: DatabaseOpt = None,
) -> None:
    """Report every label signal (C2PA, XMP, watermark, visible warning, label store) and a verdict.

    Verdicts: labelled_trusted, labelled_untrusted_signer, labelled_altered, watermark_only_traced,
    metadata_only, no_label_found (docs/cli/provenance.md has the decision table). Exit 0 when every
    file is labelled, 1 when any is no_label_found or labelled_altered, 2 for bad usage or unreadable input.
    """
    from senim.provenance.errors import ProvenanceError
    from senim.provenance.verify import Verification, VerifyFailure, verify_path, verify_tree

    if not path.exists():
        fail(f"{escape(str(path))}: no such file or folder")
    if evidence and system is None:
        fail("--evidence needs --system ID")
    anchors = read_anchors(trust_anchors)
    system_id = check_system(database, system) if evidence and system is not None else None
    label_store = None if no_store else open_store(store, create=False)
    try:
        if path.is_file():
            try:
                results: list[Verification | VerifyFailure] = [
                    verify_path(path, trust_anchors=anchors, store=label_store)
                ]
            except ProvenanceError as exc:
                fail(escape(str(exc)))
        else:
            results = verify_tree(path, trust_anchors=anchors, store=label_store)
    finally:
        if label_store is not None:
            label_store.close()
    _report(results, fmt, folder=path.is_dir(), store_used=label_store is not None)
    verifications = [r for r in results if isinstance(r, Verification)]
    if system_id is not None and verifications:
        payload: Any = (
            verifications[0].to_dict()
            if len(verifications) == 1
            else {"verifications": [v.to_dict() for v in verifications]}
        )
        got = attach_evidence(
            database,
            system_id,
            title=f"Label verification: {path.name}",
            filename=f"label-verification-{verifications[0].sha256[:16]}.json",
            payload=payload,
            machine_readable=all(v.kz_21_2["machine_readable"] for v in verifications),
            perceivable=all(v.kz_21_2["perceivable_warning"] is True for v in verifications),
        )
        rules = ", ".join(got["rules"]) or "none (a required layer is missing)"
        err_console.print(
            f"evidence {got['evidence_id']} attached to system {escape(system_id)}; rules: {rules}"
        )
    if any(isinstance(r, VerifyFailure) for r in results):
        raise typer.Exit(EXIT_INVALID)
    if any(v.verdict in PROBLEM_VERDICTS for v in verifications):
        raise typer.Exit(EXIT_PROBLEM)


def _yn(value: bool | None) -> str:
    return {True: "yes", False: "[red]no[/red]", None: "unknown"}[value]


def _report(results: list[Any], fmt: ListFormat, *, folder: bool, store_used: bool) -> None:
    from senim.provenance.verify import Verification

    if fmt is ListFormat.json:
        items = [r.to_dict() for r in results]
        write_output(to_json(items if folder else items[0]), None)
        return
    t = Table("file", "verdict", "C2PA", "watermark", "XMP", "visible", "store", "KZ 21(2)")
    for r in results:
        if not isinstance(r, Verification):
            t.add_row(escape(r.path), "[red]unreadable[/red]", "", "", "", "", "", escape(r.error))
            continue
        colour = {
            "labelled_trusted": "green",
            "labelled_untrusted_signer": "yellow",
            "watermark_only_traced": "yellow",
            "metadata_only": "yellow",
        }.get(r.verdict, "red")
        wm = r.watermark
        wm_text = (
            "n/a"
            if not wm.applicable
            else (wm.label_id or "none")
            + (f" (BER {wm.bit_error_rate:.2f})" if wm.bit_error_rate is not None else "")
        )
        st = r.store
        st_text = (
            "not used"
            if not st.checked
            else (
                f"{st.label_id} by {st.matched_by}" + (" (changed)" if st.content_changed else "")
                if st.matched_by
                else "no match"
            )
        )
        kz = r.kz_21_2
        t.add_row(
            escape(r.name),
            f"[{colour}]{r.verdict}[/{colour}]",
            r.c2pa.state + (f" ({', '.join(r.c2pa.failures[:2])})" if r.c2pa.failures else ""),
            wm_text,
            (r.xmp.source_type or "claim") if r.xmp.present else "none",
            r.visible.status,
            st_text,
            f"mark {_yn(kz['machine_readable'])}, warning {_yn(kz['perceivable_warning'])}",
        )
    console.print(t)
    if not folder and results and isinstance(results[0], Verification):
        v = results[0]
        console.print(f"{v.verdict}: {escape(v.reason)}")
        if v.c2pa.signer:
            console.print(f"signer: {escape(v.c2pa.signer)}")
        for w in v.warnings:
            err_console.print(f"[yellow]note:[/yellow] {escape(w)}")
    elif folder:
        counts: dict[str, int] = {}
        for r in results:
            key = r.verdict if isinstance(r, Verification) else "unreadable"
            counts[key] = counts.get(key, 0) + 1
        console.print(", ".join(f"{k}: {n}" for k, n in sorted(counts.items())))
    if not store_used:
        err_console.print(
            "[yellow]no label store consulted[/yellow]: stripped copies cannot be traced (--store)"
        )


__all__ = ["verify"]
