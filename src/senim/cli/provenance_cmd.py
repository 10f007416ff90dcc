"""`senim provenance`: signer set-up and label-store look-ups for `senim label` / `senim verify`.

Also the plumbing the two commands share: opening the label store, reading a signer and trust
anchors, and attaching receipts or verifications as registry evidence. Thin: the work is done by
:mod:`senim.provenance`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel

from senim.cli.common import ListFormat, console, err_console, fail, to_json, write_output

if TYPE_CHECKING:
    from senim.provenance.signer import SignerConfig
    from senim.provenance.store import LabelStore

provenance_app = typer.Typer(
    help="Signing credentials and the label store for `senim label` and `senim verify`.",
    no_args_is_help=True,
)

EXIT_PROBLEM = 1
"""Some files could not be labelled (folder run), or a verification found no label or an altered one."""

KZ_RULE = "KZ-AI-21-2"
EU_RULE = "EU-AIA-50-2"

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="SENIM_LABEL_STORE",
        help="Label store: a database URL or a SQLite file path (default: SENIM_DATABASE_URL, "
        "else labels.db in the user data folder).",
    ),
]
NoStoreOpt = Annotated[bool, typer.Option("--no-store", help="Do not use a label store.")]
DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        "--database",
        "-d",
        envvar="SENIM_DATABASE_URL",
        help="Registry database for --evidence (default: the local SQLite registry).",
    ),
]


# --------------------------------------------------------------------------- shared plumbing


def open_store(url: str | None, *, create: bool = True) -> LabelStore | None:
    """The label store, or None when ``create`` is false and the default store does not exist yet."""
    from senim.provenance.store import LabelStore, StoreError, default_store_url

    if url is None and not create and not os.environ.get("SENIM_DATABASE_URL"):
        default = default_store_url().removeprefix("sqlite:///")
        if not Path(default).is_file():
            return None
    try:
        return LabelStore.open(url)
    except StoreError as exc:
        fail(escape(str(exc)))


def read_signer(directory: Path | None) -> SignerConfig | None:
    from senim.provenance.errors import SignerError
    from senim.provenance.signer import load_signer

    if directory is None:
        return None
    if not directory.is_dir():
        fail(f"--signer {escape(str(directory))}: no such folder")
    try:
        return load_signer(directory)
    except SignerError as exc:
        fail(f"--signer: {escape(str(exc))}")


def read_anchors(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        fail(f"--trust-anchors {escape(str(path))}: cannot read: {exc.strerror or exc}")
    if b"-----BEGIN CERTIFICATE-----" not in data:
        fail(f"--trust-anchors {escape(str(path))}: no PEM certificate in the file")
    return data


@contextmanager
def registry_session(database: str | None) -> Iterator[Any]:
    """One registry transaction as the local operator (all or nothing); errors end the command."""
    from senim.ledger.chain import actor
    from senim.registry import services
    from senim.registry.db import DatabaseError, session_scope

    try:
        with actor("cli:operator"), session_scope(database) as session:
            yield session
    except services.RegistryError as exc:
        fail(f"{exc.code}: {escape(str(exc))}")
    except DatabaseError as exc:
        fail(escape(str(exc)))


def check_system(database: str | None, system: str) -> str:
    """The registry id of ``system`` (id or slug); fails before any work is done if it is unknown."""
    from senim.registry import services

    with registry_session(database) as session:
        return str(services.find_system(session, services.OPERATOR, system).id)


def attach_evidence(
    database: str | None,
    system_id: str,
    *,
    title: str,
    filename: str,
    payload: Any,
    machine_readable: bool,
    perceivable: bool,
) -> dict[str, Any]:
    """Store ``payload`` (JSON) as a machine result of the system, linked to the rules it supports.

    ``KZ-AI-21-2`` is linked only when both the machine-readable mark and the perceivable warning
    are present, ``EU-AIA-50-2`` when the machine-readable mark is; the JSON is stored either way.
    """
    from senim.registry import services

    rules = ([KZ_RULE] if machine_readable and perceivable else []) + ([EU_RULE] if machine_readable else [])
    data = (to_json(payload) + "\n").encode("utf-8")
    with registry_session(database) as session:
        ev = services.add_file(
            session,
            services.OPERATOR,
            system_id=system_id,
            title=title,
            filename=filename,
            media_type="application/json",
            data=data,
            kind="machine_result",
            rules=rules,
        )
        return {"evidence_id": ev.id, "sha256": ev.sha256, "rules": rules}


# --------------------------------------------------------------------------- commands


@provenance_app.command("init")
def provenance_init(
    directory: Annotated[Path, typer.Argument(help="Folder for the test CA and signer (created).")],
    organisation: Annotated[
        str, typer.Option("--organisation", "--organization", help="Organisation named in the certificates.")
    ] = "Senim test organisation",
) -> None:
    """Create a throw-away TEST ONLY certificate authority and C2PA signer for trying labels out.

    Writes ca.pem (give it to `senim verify --trust-anchors`), chain.pem, key.pem (0600),
    text-chain.pem, text-key.pem and signer.json. Production labels need a certificate from a CA
    that verifiers trust: see docs/cli/provenance.md.
    """
    from senim.provenance.errors import SignerError
    from senim.provenance.signer import init_test_ca

    try:
        where = init_test_ca(directory, organisation=organisation)
    except SignerError as exc:
        fail(escape(str(exc)))
    err_console.print(
        Panel(
            "[bold]TEST ONLY[/bold] — this certificate authority is throw-away and trusted by nobody.\n"
            "Labels signed with it verify as [bold]labelled_untrusted_signer[/bold] everywhere, and as "
            "labelled_trusted only where ca.pem is given as a trust anchor.\n"
            "Do not use it for content you distribute: get a signing certificate from a CA on the "
            "C2PA trust list (or your national CA) for production.",
            title="[bold red]TEST ONLY — NOT FOR PRODUCTION[/bold red]",
            border_style="red",
        )
    )
    console.print(f"signer written to {escape(str(where))}")
    console.print(f"  sign with:    senim label IN OUT --signer {escape(str(where))}")
    console.print(f"  verify with:  senim verify FILE --trust-anchors {escape(str(where / 'ca.pem'))}")


@provenance_app.command("lookup")
def provenance_lookup(
    label_id: Annotated[str, typer.Argument(help="Label id (16 hex digits) or a file's SHA-256 (64).")],
    store: StoreOpt = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Show the label-store record of a label id (as printed by `senim label` / `senim verify`)."""
    from senim.provenance.ids import format_label_id, parse_label_id

    text = label_id.strip().lower()
    opened = open_store(store, create=False)
    if opened is None:
        fail("no label store yet (nothing was labelled with the default store); give --store")
    with opened:
        if len(text) == 64:
            rec = opened.find_by_hash(text)
        else:
            try:
                rec = opened.find_by_id(parse_label_id(text))
            except ValueError:
                fail(f"{escape(label_id)}: not a label id (16 hex digits) or a SHA-256 (64 hex digits)")
    if rec is None:
        fail(f"{escape(label_id)}: not in the label store {escape(opened.display_url)}", code=EXIT_PROBLEM)
    item = {
        "label_id": format_label_id(rec.label_id),
        "sha256": rec.sha256,
        "input_sha256": rec.input_sha256,
        "media": rec.media,
        "source_type": rec.source_type,
        "system_id": rec.system_id,
        "created_at": rec.created_at.isoformat(timespec="seconds"),
        "layers": rec.layers,
        "manifest_label": rec.manifest_label,
        "signer": rec.signer,
        "sidecar_bytes": len(rec.manifest_bytes or b""),
    }
    if fmt is ListFormat.json:
        write_output(to_json(item), None)
        return
    for key, value in item.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        console.print(f"{key:>15}  {escape(str(shown if shown is not None else '-'))}")


def dump(payload: Any) -> str:
    """JSON text of ``payload`` (for evidence and --format json)."""
    return json.dumps(payload, ensure_ascii=False, indent=2)


__all__ = ["attach_evidence", "check_system", "open_store", "provenance_app", "read_anchors", "read_signer"]
