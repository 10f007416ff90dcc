"""`senim report`: a system's compliance dossier, or the portfolio of every system, as HTML or PDF.

Thin: it reads the local registry database in a read-only transaction as the instance operator and
calls ``senim.reports.dossier``; nothing is written to the registry.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from senim.cli.common import Lang, console, err_console, fail, parse_date, write_bytes


class ReportFormat(enum.StrEnum):
    html = "html"
    pdf = "pdf"


def report(
    system: Annotated[
        str | None, typer.Argument(help="The system's id or slug (leave out with --all).", show_default=False)
    ] = None,
    all_systems: Annotated[
        bool, typer.Option("--all", help="A portfolio summary of every system instead of one dossier.")
    ] = False,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="html or pdf.")] = ReportFormat.html,
    lang: Annotated[Lang, typer.Option("--lang", "-l", help="Language of the report.")] = Lang.en,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="File to write (atomically); default: dossier-<slug>-<date>-<lang>.<format> here.",
        ),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Assessment date, YYYY-MM-DD (default: today).")
    ] = None,
    pack: Annotated[
        list[str] | None,
        typer.Option("--pack", "-p", help="Pack id or id@version (repeatable; default: all packs)."),
    ] = None,
    verify_ledger: Annotated[
        bool,
        typer.Option(
            "--verify-ledger", help="Recompute the whole ledger chain and state the result in the dossier."
        ),
    ] = False,
    database: Annotated[
        str | None,
        typer.Option(
            "--database", "-d", envvar="SENIM_DATABASE_URL", help="Database URL (default: SQLite file)."
        ),
    ] = None,
) -> None:
    """Write a compliance dossier (profile, classification with reasons, prohibited-practice screening,
    obligations with evidence, risks, incidents, results, documentation index after the KZ ministry
    list and EU AI Act Annex IV, pack versions, ledger head) as HTML or PDF, in kk, ru or en.

    Exit code 0 when written; 2 for an unknown system, a bad option or an unready database.
    """
    from senim.law import PackError
    from senim.registry import services
    from senim.registry.db import DatabaseError, session_scope
    from senim.reports import dossier as reports

    if all_systems == (system is not None):
        fail("name one SYSTEM, or give --all for the portfolio (not both)")
    day = parse_date(as_of)
    try:
        with session_scope(database, read_only=True) as session:
            if all_systems:
                doc: reports.Dossier | reports.Portfolio = reports.portfolio(
                    session, services.OPERATOR, lang=lang.value, as_of=day, packs=pack
                )
            else:
                assert system is not None
                doc = reports.build_dossier(
                    session,
                    services.OPERATOR,
                    system,
                    lang=lang.value,
                    as_of=day,
                    packs=pack,
                    verify_ledger=verify_ledger,
                )
    except services.RegistryError as exc:
        fail(f"{exc.code}: {exc}")
    except DatabaseError as exc:
        fail(str(exc))
    except PackError as exc:
        fail(str(exc))
    data = reports.render_pdf(doc) if fmt is ReportFormat.pdf else reports.render_html(doc).encode("utf-8")
    target = out if out is not None else Path(reports.dossier_filename(doc, fmt.value))
    write_bytes(data, target)
    err_console.print(f"{fmt.value.upper()} written to {target} ({len(data)} bytes)", markup=False)
    if isinstance(doc, reports.Dossier):
        summary = (
            f"{doc.obligation_count('unmet')} unmet, {doc.missing_evidence} without evidence, "
            f"{doc.missing_documents} documents missing, {doc.prohibited_count} prohibited"
        )
        console.print(summary, markup=False)


__all__ = ["ReportFormat", "report"]
