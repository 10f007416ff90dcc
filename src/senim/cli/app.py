"""The ``senim`` command line. Thin: it parses options, calls domain services and renders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from senim import __version__
from senim.cli.common import (
    EXIT_INVALID,
    Lang,
    ListFormat,
    TableFormat,
    console,
    err_console,
    fail,
    parse_date,
    to_json,
    write_output,
)

if TYPE_CHECKING:
    from senim.law import Assessment
    from senim.law.packs import CompiledPack
    from senim.profile import SystemProfile

# The law engine, the profile models and their packs are imported by the commands that use them,
# so that commands which do not (``senim scan``, ``senim label``…) start without them.

app = typer.Typer(
    name="senim",
    help="Senim: compliance with Kazakhstan's AI law 230-VIII, its personal-data law and the EU AI Act.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
profile_app = typer.Typer(help="Create, validate and describe system profiles.", no_args_is_help=True)
packs_app = typer.Typer(help="List, show and validate rule packs.", no_args_is_help=True)
app.add_typer(profile_app, name="profile")
app.add_typer(packs_app, name="packs")


def _register_registry_commands(root: typer.Typer) -> None:
    from senim.cli import registry_cmd as r

    for sub, name in (
        (r.db_app, "db"),
        (r.ledger_app, "ledger"),
        (r.admin_app, "admin"),
        (r.systems_app, "systems"),
        (r.risks_app, "risks"),
        (r.incidents_app, "incidents"),
        (r.literacy_app, "literacy"),
        (r.evidence_app, "evidence"),
    ):
        root.add_typer(sub, name=name)
    root.command("serve")(r.serve)
    from senim.cli.scan_cmd import scan

    root.command("scan")(scan)
    from senim.cli.report_cmd import report

    root.command("report")(report)
    _register_provenance_commands(root)
    _register_audit_commands(root)


def _register_provenance_commands(root: typer.Typer) -> None:
    from senim.cli.label_cmd import label
    from senim.cli.provenance_cmd import provenance_app
    from senim.cli.verify_cmd import verify

    root.command("label")(label)
    root.command("verify")(verify)
    root.add_typer(provenance_app, name="provenance")


def _register_audit_commands(root: typer.Typer) -> None:
    from senim.cli.audit_cmd import audit_app

    root.add_typer(audit_app, name="audit")


OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically).")]
LangOpt = Annotated[Lang, typer.Option("--lang", "-l", help="Language of titles and labels.")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Assessment date, YYYY-MM-DD (default: today).")]


def _version(value: bool) -> None:
    if value:
        console.print(f"senim {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Senim: law as code for AI systems."""


# --------------------------------------------------------------------------- profile


@profile_app.command("schema")
def profile_schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of the system profile (senim/system-profile/v1)."""
    from senim.profile.io import profile_json_schema_text

    write_output(profile_json_schema_text(), output)


@profile_app.command("init")
def profile_init(
    system_id: Annotated[str, typer.Option("--id", help="The system's slug.")] = "my-ai-system",
    name: Annotated[str | None, typer.Option("--name", help="The system's name.")] = None,
    output: OutputOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")] = False,
) -> None:
    """Write a commented profile template: every question, with its allowed answers."""
    from senim.profile.template import profile_template

    if output is not None and output.exists() and not force:
        fail(f"{output} exists; use --force to overwrite")
    try:
        text = profile_template(system_id, name)
    except ValueError:
        fail(f"--id {system_id!r}: must be a slug (lower-case letters, digits, '-' or '_')")
    write_output(text, output)


def _load_profiles(files: list[Path]) -> list[SystemProfile]:
    """Validate every file first: report all problems, exit 2 if any, so nothing is half-done."""
    from senim.profile import ProfileError, load_profile

    profiles: list[SystemProfile] = []
    errors: list[ProfileError] = []
    for f in files:
        try:
            profiles.append(load_profile(f))
        except ProfileError as exc:
            errors.append(exc)
    if errors:
        for error in errors:
            err_console.print(str(error), markup=False, highlight=False)
        total = sum(len(e.problems) for e in errors)
        fail(f"{len(errors)} invalid profile(s), {total} problem(s)")
    return profiles


@profile_app.command("validate")
def profile_validate(
    files: Annotated[list[Path], typer.Argument(help="Profile files (YAML or JSON).")],
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Check profiles against the schema; exit 2 with each problem's field path, line and allowed values."""
    from senim.profile import ProfileError, load_profile

    report: list[dict[str, Any]] = []
    bad = 0
    for f in files:
        try:
            p = load_profile(f)
            report.append({"file": str(f), "valid": True, "system": p.id, "problems": []})
        except ProfileError as exc:
            bad += 1
            report.append(
                {
                    "file": str(f),
                    "valid": False,
                    "system": None,
                    "problems": [
                        {"field": pr.field, "line": pr.line, "message": pr.message} for pr in exc.problems
                    ],
                }
            )
            if fmt is ListFormat.table:
                err_console.print(str(exc), markup=False, highlight=False)
    if fmt is ListFormat.json:
        write_output(to_json(report), None)
    else:
        for r in report:
            if r["valid"]:
                console.print(f"[green]ok[/green] {r['file']} ({r['system']})")
    if bad:
        raise typer.Exit(EXIT_INVALID)


# --------------------------------------------------------------------------- packs


def _resolve(ref: str, as_of: dt.date) -> CompiledPack:
    from senim.law import PackError, default_catalog

    try:
        return default_catalog().resolve(ref, as_of)
    except PackError as exc:
        fail(str(exc))


@packs_app.command("list")
def packs_list(
    lang: LangOpt = Lang.en,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    as_of: AsOfOpt = None,
) -> None:
    """List every rule pack version (* marks the version used by default on the date)."""
    from senim.cli.render import packs_table
    from senim.law import PackError, default_catalog

    day = parse_date(as_of) or dt.date.today()
    cat = default_catalog()
    try:
        packs = [p for pid in cat.pack_ids() for p in cat.all_versions(pid)]
        defaults = {cat.resolve(pid, day).ref for pid in cat.pack_ids()}
    except PackError as exc:
        fail(str(exc))
    if fmt is ListFormat.json:
        write_output(
            to_json(
                [
                    {
                        "pack": p.id,
                        "version": p.version,
                        "status": p.status,
                        "valid_from": p.valid_from.isoformat(),
                        "valid_to": p.valid_to.isoformat() if p.valid_to else None,
                        "default": p.ref in defaults,
                        "rules": len(p.rules),
                        "title": p.title.get(lang.value),
                        "instrument": p.instrument,
                        "source_url": p.source_url,
                    }
                    for p in packs
                ]
            ),
            None,
        )
        return
    console.print(packs_table(packs, lang.value, defaults))


def _rule_dict(pack: CompiledPack, lang: str) -> list[dict[str, Any]]:
    out = []
    for r in pack.rules:
        item: dict[str, Any] = {
            "id": r.id,
            "article": r.article,
            "effect": r.effect,
            "title": r.title.get(lang),
            "when": r.when.source,
            "actor": list(r.actor),
            "effective_from": r.effective_from.isoformat(),
            "effective_to": r.effective_to.isoformat() if r.effective_to else None,
            "evidence": list(r.evidence),
            "verification": r.verification,
            "source_url": r.source_url,
        }
        if r.exceptions:
            item["exceptions"] = [
                {"article": e.article, "when": e.when.source, "title": e.title.get(lang)}
                for e in r.exceptions
            ]
        if r.met_if is not None:
            item["met_if"] = r.met_if.source
        if r.sets:
            item["sets"] = r.sets
        if r.penalty:
            item["penalty"] = r.penalty
        if r.notes:
            item["notes"] = r.notes
        out.append(item)
    return out


@packs_app.command("show")
def packs_show(
    ref: Annotated[str, typer.Argument(help="Pack id, or id@version.")],
    lang: LangOpt = Lang.en,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    as_of: AsOfOpt = None,
) -> None:
    """Show a pack's rules with article, effect, start date and confidence mark, in kk, ru or en."""
    from senim.cli.render import rules_table

    pack = _resolve(ref, parse_date(as_of) or dt.date.today())
    lg = lang.value
    if fmt is TableFormat.json:
        write_output(
            to_json(
                {
                    "pack": pack.id,
                    "version": pack.version,
                    "status": pack.status,
                    "title": pack.title.get(lg),
                    "instrument": pack.instrument,
                    "source_url": pack.source_url,
                    "valid_from": pack.valid_from.isoformat(),
                    "valid_to": pack.valid_to.isoformat() if pack.valid_to else None,
                    "extends": pack.extends,
                    "rules": _rule_dict(pack, lg),
                }
            ),
            None,
        )
        return
    if fmt is TableFormat.markdown:
        lines = [
            f"# {pack.title.get(lg)} (`{pack.ref}`)",
            "",
            f"{pack.instrument} — <{pack.source_url}>",
            "",
            "| Rule | Article | Effect | Title | From | Mark |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {r.id} | {r.article} | {r.effect} | {r.title.get(lg)} | {r.effective_from} | "
            f"{r.verification} |"
            for r in pack.rules
        ]
        write_output("\n".join(lines), None)
        return
    console.print(rules_table(pack, lg))


@packs_app.command("validate")
def packs_validate(files: Annotated[list[Path], typer.Argument(help="Pack version files (YAML).")]) -> None:
    """Check pack files (for authors): structure, conditions, references; exit 2 naming file and line."""
    from senim.law import PackError, load_pack_file

    bad = 0
    for f in files:
        try:
            p = load_pack_file(f)
            console.print(f"[green]ok[/green] {f} ({p.ref}, {len(p.rules)} rules)")
        except PackError as exc:
            bad += 1
            err_console.print(str(exc), markup=False, highlight=False)
    if bad:
        raise typer.Exit(EXIT_INVALID)


# --------------------------------------------------------------------------- assess


@app.command("assess")
def assess_cmd(
    profiles: Annotated[list[Path], typer.Argument(help="Profile files (YAML or JSON).")],
    pack: Annotated[
        list[str] | None,
        typer.Option("--pack", "-p", help="Pack id or id@version (repeatable; default: all packs)."),
    ] = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    lang: LangOpt = Lang.en,
    output: OutputOpt = None,
) -> None:
    """Classify systems, screen prohibited practices and list obligations with article and status.

    Exit code 0 whatever the findings (a prohibited practice is a finding, not a failure);
    2 for an invalid profile (the message names the field), an unknown pack or a bad option.
    """
    from senim.cli.render import print_assessments
    from senim.law import PackError, assess, default_catalog
    from senim.reports.markdown import assessments_markdown

    day = parse_date(as_of) or dt.date.today()
    loaded = _load_profiles(profiles)
    try:
        packs = [default_catalog().resolve(ref, day) for ref in (pack or default_catalog().pack_ids())]
    except PackError as exc:
        fail(str(exc))
    refs = [p.ref for p in packs]
    results: list[Assessment] = [assess(p, packs=refs, as_of=day, lang=lang.value) for p in loaded]
    if fmt is TableFormat.json:
        data = [a.to_dict() for a in results]
        write_output(to_json(data[0] if len(data) == 1 else data), output)
    elif fmt is TableFormat.markdown:
        write_output(assessments_markdown(results), output)
    elif output is not None:
        import io

        from rich.console import Console

        rec = Console(record=True, width=160, file=io.StringIO())
        print_assessments(rec, results)
        if len(results) > 1:
            from senim.cli.render import summary_table

            rec.print(summary_table(results))
        write_output(rec.export_text(), output)
    else:
        print_assessments(console, results)
        if len(results) > 1:
            from senim.cli.render import summary_table

            console.print(summary_table(results))


_register_registry_commands(app)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
