"""`senim label`: label synthetic content (visible warning, watermark, XMP, C2PA) file by file or a folder.

Thin: the work is done by :mod:`senim.provenance.label`. Exit codes: 0 every file labelled; 1 a
folder run in which some files failed (``--on-error skip``; each failure is reported); 2 bad usage,
or an input that cannot be labelled (unsupported, corrupt, wrong extension: the message names the
file, and no output is written).
"""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from senim.cli.common import (
    Lang,
    ListFormat,
    OnError,
    TerminalProgress,
    console,
    err_console,
    fail,
    to_json,
    write_output,
)
from senim.cli.provenance_cmd import (
    EXIT_PROBLEM,
    DatabaseOpt,
    NoStoreOpt,
    StoreOpt,
    attach_evidence,
    check_system,
    open_store,
    read_signer,
)

if TYPE_CHECKING:
    from senim.provenance.label import LabelFailure, LabelReceipt


class SourceType(enum.StrEnum):
    trainedAlgorithmicMedia = "trainedAlgorithmicMedia"  # noqa: N815 - the IPTC vocabulary's spelling
    compositeWithTrainedAlgorithmicMedia = "compositeWithTrainedAlgorithmicMedia"  # noqa: N815
    compositeSynthetic = "compositeSynthetic"  # noqa: N815
    algorithmicMedia = "algorithmicMedia"  # noqa: N815
    algorithmicallyEnhanced = "algorithmicallyEnhanced"  # noqa: N815


class BadgePosition(enum.StrEnum):
    top_left = "top-left"
    top_right = "top-right"
    bottom_left = "bottom-left"
    bottom_right = "bottom-right"




def _assertions(files: list[Path] | None) -> tuple[dict[str, Any], ...]:
    out: list[dict[str, Any]] = []
    for f in files or []:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except OSError as exc:
            fail(f"--assertion {escape(str(f))}: cannot read: {exc.strerror or exc}")
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            fail(f"--assertion {escape(str(f))}: not valid JSON: {exc}")
        items = data if isinstance(data, list) else [data]
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("label"), str) or "data" not in item:
                fail(
                    f"--assertion {escape(str(f))}: each assertion is an object "
                    '{"label": "...", "data": ...}'
                )
            out.append(item)
    return tuple(out)


def label(
    src: Annotated[
        Path, typer.Argument(help="File or folder to label (PNG, JPEG, WebP, WAV, MP4, PDF, text).")
    ],
    dst: Annotated[Path, typer.Argument(help="Output file (same format) or folder (same structure).")],
    visible: Annotated[
        bool,
        typer.Option(
            "--visible/--no-visible",
            help="Add the warning people perceive (badge, audible notice, banner, PDF footer). "
            "KZ Art. 21(2) requires it.",
        ),
    ] = True,
    lang: Annotated[Lang, typer.Option("--lang", "-l", help="Language of the warning.")] = Lang.kk,
    signer: Annotated[
        Path | None,
        typer.Option(
            "--signer",
            envvar="SENIM_SIGNER",
            help="Signer folder (chain.pem, key.pem[, signer.json]) for the C2PA layer; without it: no C2PA.",
        ),
    ] = None,
    source_type: Annotated[
        SourceType, typer.Option("--source-type", help="IPTC digital source type.")
    ] = SourceType.trainedAlgorithmicMedia,
    generator: Annotated[
        str, typer.Option("--generator", help="Model or tool that made the content, e.g. 'Model X 1.2'.")
    ] = "unknown",
    system: Annotated[
        str | None, typer.Option("--system", help="AI system (registry id or slug) recorded with the label.")
    ] = None,
    assertion: Annotated[
        list[Path] | None,
        typer.Option(
            "--assertion", help='JSON file with extra C2PA assertion(s) {"label", "data"} (repeatable).'
        ),
    ] = None,
    parent: Annotated[
        Path | None,
        typer.Option("--parent", help="The original this was derived from (C2PA parent ingredient)."),
    ] = None,
    badge_position: Annotated[
        BadgePosition, typer.Option("--badge-position", help="Corner of the image/video badge.")
    ] = BadgePosition.bottom_right,
    badge_size: Annotated[
        float, typer.Option("--badge-size", min=0.01, max=0.5, help="Badge height / image height.")
    ] = 0.06,
    badge_text: Annotated[
        str | None, typer.Option("--badge-text", help="Badge text (default: ЖИ / ИИ / AI by --lang).")
    ] = None,
    store: StoreOpt = None,
    no_store: NoStoreOpt = False,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, max=64, help="Worker processes (folders).")
    ] = 1,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    on_error: Annotated[
        OnError, typer.Option("--on-error", help="Folders: skip a bad file and go on, or stop at the first.")
    ] = OnError.skip,
    evidence: Annotated[
        bool,
        typer.Option("--evidence", help="Attach the receipt(s) to --system as KZ 21(2) / EU 50(2) evidence."),
    ] = False,
    database: DatabaseOpt = None,
) -> None:
    """Label AI-generated content: visible warning, invisible watermark, XMP and signed C2PA.

    A file gives a file of the same format; a folder gives a folder with the same structure. The
    input is never modified and outputs are written atomically. Exit 0 when every file was
    labelled, 1 when some files of a folder failed, 2 for bad usage or an input that cannot be labelled.
    """
    from senim.provenance.errors import ProvenanceError
    from senim.provenance.label import LabelFailure, LabelOptions, label_path, label_tree

    if not src.exists():
        fail(f"{escape(str(src))}: no such file or folder")
    if evidence and system is None:
        fail("--evidence needs --system ID")
    if src.is_file() and dst.exists() and dst.resolve() == src.resolve():
        fail(f"{escape(str(dst))}: the output must not be the input (the input is never modified)")
    if src.is_dir() and dst.exists() and not dst.is_dir():
        fail(f"{escape(str(dst))}: exists and is not a folder (a folder is labelled into a folder)")
    if parent is not None and not parent.is_file():
        fail(f"--parent {escape(str(parent))}: no such file")
    system_id = check_system(database, system) if evidence and system is not None else None
    options = LabelOptions(
        visible=visible,
        lang=lang.value,
        signer=read_signer(signer),
        source_type=source_type.value,
        generator=generator,
        system_id=system,
        badge_position=badge_position.value,
        badge_size=badge_size,
        badge_text=badge_text,
        assertions=_assertions(assertion),
        parent=parent,
    )
    label_store = None if no_store else open_store(store)
    try:
        if src.is_file():
            try:
                results: list[LabelReceipt | LabelFailure] = [label_path(src, dst, options, label_store)]
            except ProvenanceError as exc:
                fail(escape(str(exc)))
            folder = False
        else:
            dst.mkdir(parents=True, exist_ok=True)
            progress = TerminalProgress("labelling", unit="items")
            try:
                with progress:
                    results = label_tree(
                        src,
                        dst,
                        options,
                        label_store,
                        workers=workers,
                        on_progress=lambda done, total, path, _result: progress.update(
                            completed=done, total=total, source=str(path)
                        ),
                        on_error=on_error.value,
                    )
            except ProvenanceError as exc:
                fail(escape(str(exc)))
            except KeyboardInterrupt:
                err_console.print("interrupted: files already labelled are complete; no file is half-written")
                raise typer.Exit(130) from None
            folder = True
    finally:
        if label_store is not None:
            label_store.close()
    _report(results, fmt, folder=folder, stored=label_store is not None)
    if system_id is not None:
        _evidence(database, system_id, results, src)
    if any(isinstance(r, LabelFailure) for r in results):
        raise typer.Exit(EXIT_PROBLEM)


def _evidence(database: str | None, system_id: str, results: list[Any], src: Path) -> None:
    from senim.provenance.label import LabelReceipt

    receipts = [r.to_dict() for r in results if isinstance(r, LabelReceipt)]
    if not receipts:
        err_console.print("no receipt to attach as evidence (nothing was labelled)")
        return
    machine = all(r["machine_readable"] for r in receipts)
    perceivable = all(r["visible"] for r in receipts)
    title = (
        f"Label receipt: {src.name}"
        if len(receipts) == 1
        else f"Label receipts: {src.name} ({len(receipts)} files)"
    )
    got = attach_evidence(
        database,
        system_id,
        title=title,
        filename=f"label-receipt-{receipts[0]['label_id']}.json",
        payload=receipts[0] if len(receipts) == 1 else {"receipts": receipts},
        machine_readable=machine,
        perceivable=perceivable,
    )
    rules = ", ".join(got["rules"]) or "none (the labels lack a required layer)"
    err_console.print(f"evidence {got['evidence_id']} attached to system {escape(system_id)}; rules: {rules}")


def _report(results: list[Any], fmt: ListFormat, *, folder: bool, stored: bool) -> None:
    from senim.provenance.label import LabelReceipt, summarise

    if fmt is ListFormat.json:
        if not folder:
            write_output(to_json(results[0].to_dict()), None)
        else:
            write_output(
                to_json({"summary": summarise(results), "results": [r.to_dict() for r in results]}), None
            )
        return
    t = Table("file", "label id", "layers", "signer", "notes")
    for r in results:
        if isinstance(r, LabelReceipt):
            t.add_row(
                escape(r.output or r.name),
                r.label_id,
                ", ".join(r.layers) or "-",
                escape((r.signer or "-")[:60]),
                escape("; ".join(r.warnings)) or "",
            )
        else:
            t.add_row(escape(r.path), "[red]failed[/red]", "-", "-", escape(r.error))
    console.print(t)
    if folder:
        s = summarise(results)
        console.print(f"{s['labelled']} of {s['files']} file(s) labelled, {s['failed']} failed")
    if not stored:
        err_console.print(
            "[yellow]not recorded in a label store (--no-store): stripped copies cannot be traced"
        )


__all__ = ["label"]
