"""`senim audit`: fairness audits of automated decisions, explanations, and decision notices.

Thin: the work is done by :mod:`senim.audits`; this module parses options, renders Rich tables,
writes outputs atomically and stores evidence through the registry services.

Exit codes: 0 the command completed (for ``fairness``: every comparable disparity passed, or none
could be compared); 1 ``fairness`` found a disparity over its threshold (the outputs and evidence
are still written); 2 bad usage or bad input (the message names the file, column, row or option,
and nothing is written).

Evidence (``--system ID --evidence``; ``notice`` with ``--system`` always records):

========  =========================================================================================
command   stored and linked
========  =========================================================================================
fairness  the JSON result and the HTML report; linked to KZ Art. 6 and EU Art. 10 rules only when
          the audit passed (a failed audit is stored, unlinked: it does not close an obligation)
explain   the JSON explanation and the HTML report; linked to KZ Art. 16(1)(4) and EU Art. 86
notice    a record of the notice (id, SHA-256, language, row, model and data hashes — never the
          text, which is about a person); linked to KZ Art. 16(1)(4)–(5), EU Art. 86 and, when the
          notice names a human-review channel, KZ Art. 7(2)
========  =========================================================================================

Every stored item is a registry change and so an event in the hash-chained ledger.
"""

from __future__ import annotations

import enum
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from senim.cli.common import Lang, console, err_console, fail, to_json, write_output

if TYPE_CHECKING:
    from senim.audits.explain import Explanation, RowExplanation
    from senim.audits.fairness import FairnessResult
    from senim.audits.models import LoadedModel

audit_app = typer.Typer(
    help="Fairness audits of automated decisions, explanations of models and decisions, decision notices.",
    no_args_is_help=True,
)

EXIT_FAILED = 1
"""``senim audit fairness``: at least one disparity exceeds its threshold."""

FAIRNESS_RULES = ("KZ-AI-6", "EU-AIA-10")
"""KZ AI law Art. 6 (no discrimination) and EU AI Act Art. 10 (bias examination of data)."""
EXPLAIN_RULES = ("KZ-AI-16-1-4", "EU-AIA-86")
"""KZ Art. 16(1)(4) (explanation of results affecting rights), EU Art. 86 (right to explanation)."""
NOTICE_RULES = ("KZ-AI-16-1-4", "KZ-AI-16-1-5", "EU-AIA-86")
"""Also KZ Art. 16(1)(5) (the data a decision was based on): a notice lists them."""
OBJECTION_RULE = "KZ-AI-7-2"
"""KZ Art. 7(2): how the processing works, its effects and how to object — a notice with a channel."""
TABLE_GROUPS = 60
TABLE_ROWS = 10


class AuditFormat(enum.StrEnum):
    table = "table"
    json = "json"
    html = "html"


class NoticeFormat(enum.StrEnum):
    text = "text"
    html = "html"
    json = "json"


OutOpt = Annotated[
    Path | None, typer.Option("--out", "--output", "-o", help="Write to this file (atomically).")
]
LangOpt = Annotated[Lang, typer.Option("--lang", "-l", help="Language of the HTML report.")]
SystemOpt = Annotated[
    str | None, typer.Option("--system", help="AI system in the registry (id or slug) for --evidence.")
]
EvidenceOpt = Annotated[
    bool, typer.Option("--evidence", help="Store the result and the HTML report as the system's evidence.")
]
RegistryOpt = Annotated[
    str | None,
    typer.Option(
        "--registry",
        envvar="SENIM_DATABASE_URL",
        help="Registry database for --system (default: the local SQLite registry).",
    ),
]
ModelOpt = Annotated[Path, typer.Option("--model", "-m", help="Model file: .skops, .onnx (or a pickle).")]
DataOpt = Annotated[str, typer.Option("--data", help="Data file: CSV or Parquet, with the model's features.")]
TrustPickleOpt = Annotated[
    bool,
    typer.Option("--trust-pickle", help="Allow a .pkl/.joblib model: unpickling RUNS CODE from the file."),
]
TrustedTypeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--trusted-type", help="A type a .skops file may construct, after you reviewed it (repeatable)."
    ),
]


# --------------------------------------------------------------------------- helpers


def _audit_errors() -> tuple[type[Exception], ...]:
    from senim.audits.errors import AuditError

    return (AuditError,)


def _split(values: Sequence[str] | None) -> list[str]:
    """Repeatable options that also take comma-separated lists: ``--sensitive a,b --sensitive c``."""
    out: list[str] = []
    for v in values or []:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return list(dict.fromkeys(out))


def _references(values: Sequence[str] | None, sensitive: Sequence[str]) -> dict[str, str] | None:
    if not values:
        return None
    out: dict[str, str] = {}
    for v in values:
        if "=" in v:
            attr, group = (p.strip() for p in v.split("=", 1))
        elif len(sensitive) == 1:
            attr, group = sensitive[0], v.strip()
        else:
            fail(
                f"--reference {escape(v)}: name the attribute, e.g. --reference {escape(sensitive[0])}=GROUP"
            )
        if attr not in sensitive:
            fail(
                f"--reference {escape(v)}: {escape(attr)!s} is not one of --sensitive "
                f"({escape(', '.join(sensitive))})"
            )
        if not group:
            fail(f"--reference {escape(v)}: the group is empty")
        out[attr] = group
    return out


def _parse_rows(text: str | None) -> list[int] | None:
    if text is None:
        return None
    rows: list[int] = []
    for raw in text.split(","):
        part = raw.strip()
        if not part:
            continue
        if not part.isdigit():
            fail(f"--rows: {escape(part)!s} is not a row number (0-based, e.g. --rows 0,5,9)")
        rows.append(int(part))
    if not rows:
        fail("--rows: give at least one row number")
    return list(dict.fromkeys(rows))


def _check_out(out: Path | None, inputs: Sequence[str | Path]) -> None:
    """Fail before any work if --out cannot be written or would overwrite an input."""
    if out is None:
        return
    target = out.resolve()
    if not target.parent.is_dir():
        fail(f"--out: directory {escape(str(target.parent))} does not exist")
    if target.is_dir():
        fail(f"--out {escape(str(out))}: is a folder")
    for i in inputs:
        if Path(i).exists() and Path(i).resolve() == target:
            fail(f"--out {escape(str(out))}: would overwrite an input")


def _record(render: Any) -> str:
    """Text of Rich renderables (for --out with --format table)."""
    rec = Console(record=True, width=160, file=io.StringIO(), highlight=False)
    render(rec)
    return rec.export_text()



def _write_result(
    payload: dict[str, Any],
    fmt: AuditFormat,
    out: Path | None,
    render_html: Callable[[], str],
    tables: Callable[[Any], None],
) -> str | None:
    """Write an audit result as JSON, HTML or tables; the HTML when it was rendered."""
    html: str | None = None
    if fmt is AuditFormat.json:
        write_output(to_json(payload), out)
    elif fmt is AuditFormat.html:
        html = render_html()
        write_output(html, out)
    else:
        _emit_table(tables, out)
    if out is not None:
        err_console.print(f"written to {escape(str(out))}")
    return html

def _emit_table(render: Any, out: Path | None) -> None:
    if out is None:
        render(console)
    else:
        write_output(_record(render), out)


def _value(x: Any) -> str:
    from senim.audits.report import _value_text

    return _value_text(x)


def _num(x: Any, digits: int = 3) -> str:
    from senim.audits.report import _num as fmt

    return fmt(x, digits)


def _load_model(path: Path, trust_pickle: bool, trusted_types: Sequence[str]) -> LoadedModel:
    from senim.audits.models import PICKLE_WARNING, load_model

    if trust_pickle and path.suffix.lower() in (".pkl", ".pickle", ".joblib"):
        err_console.print(
            Panel(
                f"[bold]--trust-pickle[/bold]: loading {escape(str(path))} with "
                f"pickle.\n{escape(PICKLE_WARNING)}",
                title="[bold red]WARNING: UNPICKLING RUNS CODE FROM THE FILE[/bold red]",
                border_style="red",
            )
        )
    try:
        return load_model(path, trust_pickle=trust_pickle, trusted_types=tuple(trusted_types))
    except _audit_errors() as exc:
        fail(escape(str(exc)))


def _read(source: str, columns: Sequence[str] | None = None, **kwargs: Any) -> Any:
    from senim.audits.data import read_table

    try:
        return read_table(source, columns=columns, **kwargs)
    except _audit_errors() as exc:
        fail(escape(str(exc)))


# --------------------------------------------------------------------------- registry


def _known_rules(candidates: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split rule ids into those some installed pack version defines and those none does."""
    from senim.law import default_catalog

    cat = default_catalog()
    known = {r.id for pid in cat.pack_ids() for p in cat.all_versions(pid) for r in p.rules}
    return [r for r in candidates if r in known], [r for r in candidates if r not in known]


def _check_system(registry: str | None, system: str) -> str:
    from senim.cli.provenance_cmd import check_system

    return check_system(registry, system)


def _store(
    registry: str | None, system_id: str, items: Sequence[tuple[str, str, str, bytes]], rules: Sequence[str]
) -> list[str]:
    """Store ``(title, filename, media type, bytes)`` items in one registry transaction; their ids."""
    from senim.cli.provenance_cmd import registry_session
    from senim.registry import services

    with registry_session(registry) as session:
        ids = []
        for title, filename, media_type, data in items:
            ev = services.add_file(
                session,
                services.OPERATOR,
                system_id=system_id,
                title=title,
                filename=filename,
                media_type=media_type,
                data=data,
                kind="machine_result",
                rules=list(rules),
            )
            ids.append(str(ev.id))
        return ids


def _report_links(
    what: str, ids: Sequence[str], system: str, linked: Sequence[str], unknown: Sequence[str]
) -> None:
    err_console.print(
        f"{what}: evidence {', '.join(ids)} stored for system {escape(system)}; "
        f"rules: {', '.join(linked) or 'none'}"
    )
    if unknown:
        err_console.print(
            f"[yellow]not linked:[/yellow] {', '.join(unknown)} (no such rule in the installed packs yet)"
        )


def _system_info(
    registry: str | None, system: str | None, profile: Path | None
) -> tuple[dict[str, Any] | None, str | None]:
    """The ``system`` facts for a notice (name, owner, purpose …) and the registry id, if any."""
    from senim.profile import ProfileError, load_profile

    if system is not None and profile is not None:
        fail("give --system or --profile, not both")
    if profile is not None:
        try:
            p = load_profile(profile)
        except ProfileError as exc:
            fail(escape(str(exc)))
        return _profile_facts(p), None
    if system is None:
        return None, None
    from senim.cli.provenance_cmd import registry_session
    from senim.registry import services

    with registry_session(registry) as session:
        found = services.find_system(session, services.OPERATOR, system)
        try:
            facts = _profile_facts(services.current_profile(session, services.OPERATOR, found.id))
        except services.NotFoundError:
            facts = {"id": found.slug}
        facts["name"] = found.name or facts.get("name") or found.slug
        facts["owner"] = found.owner or facts.get("owner")
        if found.holder:
            facts["holder"] = found.holder
        return facts, str(found.id)


def _profile_facts(p: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {"id": p.id, "name": p.name}
    org = getattr(p, "organization", None)
    if org is not None and getattr(org, "name", None):
        facts["owner"] = org.name
    if getattr(p, "description", None):
        facts["purpose"] = p.description
    return {k: v for k, v in facts.items() if v is not None}


# --------------------------------------------------------------------------- fairness


def _fairness_tables(target: Any, result: FairnessResult) -> None:
    verdict = {
        True: "[green]PASSED[/green]",
        False: "[bold red]FAILED[/bold red]",
        None: "[yellow]INCONCLUSIVE[/yellow]",
    }
    target.print(
        f"fairness audit: {result.rows} rows, decision [bold]{escape(result.prediction)}[/bold] against "
        f"[bold]{escape(result.target)}[/bold]"
        + (f", score {escape(result.score)}" if result.score else "")
        + f"; sensitive: {escape(', '.join(result.sensitive))} — {verdict[result.passed]}"
    )
    if result.data_sha256:
        target.print(f"data sha256 {result.data_sha256}")
    t = Table(
        "attribute", "metric", "kind", "value", "CI", "reference", "threshold", "result", title="Disparities"
    )
    for d in result.disparities:
        ci = f"[{_num(d.ci[0])}, {_num(d.ci[1])}]" if d.ci else ""
        mark = {
            True: "[green]pass[/green]",
            False: "[bold red]FAIL[/bold red]",
            None: "[yellow]not compared[/yellow]" if d.checked else "info",
        }
        threshold = ("≥ " if d.kind == "ratio" else "≤ ") + _num(d.threshold, 2) if d.checked else "–"
        t.add_row(
            escape(d.attribute),
            d.metric,
            d.kind,
            _num(d.value),
            ci,
            escape(d.reference or "max gap"),
            threshold,
            mark[d.passed],
        )
    target.print(t)
    g = Table(
        "attribute",
        "group",
        "n",
        "base",
        "selection",
        "TPR",
        "FPR",
        "precision",
        "accuracy",
        "AUC",
        title="Groups",
    )
    for grp in result.groups[:TABLE_GROUPS]:
        style = "dim" if grp.small else None
        g.add_row(
            escape(grp.attribute),
            escape(grp.group) + (" (small)" if grp.small else ""),
            str(grp.count),
            _num(grp.base_rate),
            _num(grp.selection_rate),
            _num(grp.tpr),
            _num(grp.fpr),
            _num(grp.precision),
            _num(grp.accuracy),
            _num(grp.auc) if grp.auc is not None else "",
            style=style,
        )
    target.print(g)
    if len(result.groups) > TABLE_GROUPS:
        target.print(f"… {len(result.groups) - TABLE_GROUPS} more groups (use --format json or html for all)")
    for w in result.warnings:
        target.print(f"[yellow]warning:[/yellow] {escape(w)}")


@audit_app.command("fairness")
def fairness(
    data: Annotated[
        str | None,
        typer.Argument(help="Decisions: a CSV or Parquet file (or, with --query, a database URL)."),
    ] = None,
    target: Annotated[str, typer.Option("--target", "-t", help="Column of the actual outcome.")] = "",
    prediction: Annotated[str, typer.Option("--prediction", "-p", help="Column of the decision.")] = "",
    score: Annotated[
        str | None, typer.Option("--score", help="Column of the model's score (AUC, calibration).")
    ] = None,
    sensitive: Annotated[
        list[str] | None,
        typer.Option("--sensitive", "-s", help="Sensitive attribute column(s): a,b or repeated."),
    ] = None,
    reference: Annotated[
        list[str] | None,
        typer.Option(
            "--reference",
            help="Reference group: ATTRIBUTE=GROUP (repeatable; GROUP alone for one attribute).",
        ),
    ] = None,
    positive: Annotated[
        str | None,
        typer.Option("--positive", help="The positive label of target and prediction (if not 0/1)."),
    ] = None,
    thresholds: Annotated[
        Path | None, typer.Option("--thresholds", help="YAML/JSON file of pass/fail thresholds.")
    ] = None,
    intersections: Annotated[
        bool,
        typer.Option("--intersections/--no-intersections", help="Also audit intersections (sex×region)."),
    ] = True,
    query: Annotated[str | None, typer.Option("--query", help="A SELECT over --database.")] = None,
    database: Annotated[
        str | None, typer.Option("--database", help="SQLAlchemy URL of the decisions database (read-only).")
    ] = None,
    fmt: Annotated[AuditFormat, typer.Option("--format", "-f")] = AuditFormat.table,
    out: OutOpt = None,
    lang: LangOpt = Lang.en,
    system: SystemOpt = None,
    evidence: EvidenceOpt = False,
    registry: RegistryOpt = None,
) -> None:
    """Measure disparities in automated decisions between groups (KZ Art. 6, EU Art. 10).

    Per group and intersection: count, base rate, selection rate, TPR, FPR, FNR, precision,
    accuracy (with --score: AUC and calibration); disparities (demographic parity, four-fifths
    ratio, equalized odds, equal opportunity, predictive parity) with bootstrap intervals, against
    thresholds. Exit 0 passed (or nothing comparable), 1 a disparity over its threshold, 2 bad input.
    """
    from senim.audits.fairness import audit_fairness, load_thresholds
    from senim.audits.report import fairness_html

    attrs = _split(sensitive)
    if not target or not prediction:
        fail("--target COLUMN and --prediction COLUMN are required")
    if not attrs:
        fail("--sensitive COLUMN[,COLUMN...] is required")
    if query is None and database is not None:
        fail("--database needs --query SELECT ...")
    if query is None and data is None:
        fail("give the decisions: a CSV or Parquet file, or --query with --database")
    if evidence and system is None:
        fail("--evidence needs --system ID")
    refs = _references(reference, attrs)
    _check_out(out, [data] if data and query is None else [])
    try:
        th = load_thresholds(thresholds)
    except _audit_errors() as exc:
        fail(escape(str(exc)))
    system_id = _check_system(registry, system) if evidence and system is not None else None

    columns = list(dict.fromkeys([target, prediction, *([score] if score else []), *attrs]))
    source = data if data is not None else (database or "")
    if query is not None:
        table = _read(source, columns, query=query, database_url=database)
    else:
        table = _read(source, columns)
    try:
        result = audit_fairness(
            table,
            target=target,
            prediction=prediction,
            score=score,
            sensitive=attrs,
            reference=refs,
            positive=positive,
            thresholds=th,
            intersections=intersections,
        )
    except _audit_errors() as exc:
        fail(escape(str(exc)))

    payload = result.to_dict()
    html = _write_result(
        payload, fmt, out, lambda: fairness_html(result, lang=lang.value),
        lambda c: _fairness_tables(c, result),
    )
    if system_id is not None and system is not None:
        html = html if html is not None else fairness_html(result, lang=lang.value)
        name = Path(data).name if data and query is None else "query"
        verdict = {True: "passed", False: "failed", None: "inconclusive"}[result.passed]
        linked, unknown = _known_rules(FAIRNESS_RULES) if result.passed else ([], [])
        stamp = (result.data_sha256 or "")[:12] or "query"
        ids = _store(
            registry,
            system_id,
            [
                (f"Fairness audit: {name} ({verdict})", f"fairness-audit-{stamp}.json", "application/json",
                 (to_json(payload) + "\n").encode("utf-8")),
                (f"Fairness audit report: {name} ({verdict})", f"fairness-audit-{stamp}.{lang.value}.html",
                 "text/html", html.encode("utf-8")),
            ],
            linked,
        )  # fmt: skip
        _report_links("fairness audit", ids, system, linked, unknown)
        if not result.passed:
            err_console.print(
                "[yellow]the audit did not pass: its evidence is stored but closes no obligation[/yellow]"
            )
    if result.passed is False:
        raise typer.Exit(EXIT_FAILED)


# --------------------------------------------------------------------------- explain


def _explain_tables(target: Any, expl: Explanation, rows_shown: int = TABLE_ROWS) -> None:
    target.print(
        f"explanation: method [bold]{escape(expl.method)}[/bold], base value {_num(expl.base_value, 4)}; "
        f"{len(expl.rows)} decision(s) explained"
    )
    target.print(f"model sha256 {expl.model_sha256}\ndata sha256  {expl.data_sha256}")
    t = Table("#", "feature", "importance", title="Global importance (mean |SHAP|)")
    for i, (feature, value) in enumerate(expl.global_importance, 1):
        t.add_row(str(i), escape(feature), _num(value, 4))
    target.print(t)
    for r in expl.rows[:rows_shown]:
        rt = Table(
            "feature",
            "value",
            "contribution",
            title=f"Row {r.row}: output {_num(r.prediction, 4)}, outcome {escape(str(r.outcome))}",
        )
        for a in sorted(r.attributions, key=lambda a: -abs(a.contribution))[:TABLE_ROWS]:
            shown = _value(a.value)
            colour = "green" if a.contribution > 0 else "red" if a.contribution < 0 else "white"
            rt.add_row(escape(a.feature), escape(shown), f"[{colour}]{a.contribution:+.4f}[/{colour}]")
        target.print(rt)
    if len(expl.rows) > rows_shown:
        target.print(f"… {len(expl.rows) - rows_shown} more rows (use --format json or html for all)")


def _explain(
    model: LoadedModel,
    table: Any,
    rows: Sequence[int] | None,
    background: int,
    seed: int,
    global_rows: int = 2000,
) -> Explanation:
    from senim.audits.explain import explain

    try:
        return explain(model, table, rows=rows, background=background, seed=seed, global_rows=global_rows)
    except _audit_errors() as exc:
        fail(escape(str(exc)))


@audit_app.command("explain")
def explain_cmd(
    model: ModelOpt,
    data: DataOpt,
    rows: Annotated[
        str | None, typer.Option("--rows", help="Decisions to explain: 0-based row numbers, e.g. 1,5,9.")
    ] = None,
    background: Annotated[
        int, typer.Option("--background", min=1, help="Rows sampled as the SHAP background.")
    ] = 200,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the background sample.")] = 0,
    global_rows: Annotated[
        int, typer.Option("--global-rows", min=1, help="Rows sampled for the global importance.")
    ] = 2000,
    trust_pickle: TrustPickleOpt = False,
    trusted_type: TrustedTypeOpt = None,
    fmt: Annotated[AuditFormat, typer.Option("--format", "-f")] = AuditFormat.table,
    out: OutOpt = None,
    lang: LangOpt = Lang.en,
    system: SystemOpt = None,
    evidence: EvidenceOpt = False,
    registry: RegistryOpt = None,
) -> None:
    """Explain a model (global importance) and individual decisions (SHAP attributions).

    Exact TreeSHAP for tree ensembles, exact linear SHAP for linear models, a sampling method
    otherwise. Models are loaded safely: .skops (trusted types only) or .onnx; a pickle only with
    --trust-pickle. Evidence for KZ Art. 16(1)(4) and EU Art. 86. Exit 0 done, 2 bad input.
    """
    from senim.audits.report import explanation_html

    row_list = _parse_rows(rows)
    if evidence and system is None:
        fail("--evidence needs --system ID")
    _check_out(out, [data, model])
    system_id = _check_system(registry, system) if evidence and system is not None else None
    loaded = _load_model(model, trust_pickle, _split(trusted_type))
    table = _read(data)
    expl = _explain(loaded, table, row_list, background, seed, global_rows)
    payload = expl.to_dict()
    html = _write_result(
        payload, fmt, out, lambda: explanation_html(expl, lang=lang.value), lambda c: _explain_tables(c, expl)
    )
    if system_id is not None and system is not None:
        html = html if html is not None else explanation_html(expl, lang=lang.value)
        linked, unknown = _known_rules(EXPLAIN_RULES)
        stamp = expl.model_sha256[:12]
        subject = f"{model.name} on {Path(data).name}"
        ids = _store(
            registry,
            system_id,
            [
                (f"Explanation: {subject}", f"explanation-{stamp}.json", "application/json",
                 (to_json(payload) + "\n").encode("utf-8")),
                (f"Explanation report: {subject}", f"explanation-{stamp}.{lang.value}.html", "text/html",
                 html.encode("utf-8")),
            ],
            linked,
        )  # fmt: skip
        _report_links("explanation", ids, system, linked, unknown)


# --------------------------------------------------------------------------- notice


def _labels(path: Path | None, lang: str) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    """Feature and outcome labels from a YAML/JSON file: ``features: {col: text | {kk,ru,en}}``,
    ``outcomes: {value: text | {kk,ru,en}}``."""
    if path is None:
        return None, None
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"--labels {escape(str(path))}: cannot read: {exc.strerror or exc}")
    except UnicodeDecodeError:
        fail(f"--labels {escape(str(path))}: not UTF-8 text")
    from senim._yaml import YamlError, load_with_lines

    try:
        data, _ = load_with_lines(text)
    except YamlError as exc:
        where = f":{exc.line}" if exc.line else ""
        fail(f"--labels {escape(str(path))}{where}: {escape(str(exc))}")
    if not isinstance(data, dict) or not set(data) <= {"features", "outcomes"}:
        fail(f"--labels {escape(str(path))}: expected a mapping with 'features' and/or 'outcomes'")

    def pick(section: str) -> dict[str, str] | None:
        raw = data.get(section)
        if raw is None:
            return None
        if not isinstance(raw, dict):
            fail(f"--labels {escape(str(path))}: '{section}' must map names to texts")
        out: dict[str, str] = {}
        for key, value in raw.items():
            if isinstance(value, dict):
                chosen = value.get(lang, value.get("en"))
                if chosen is None:
                    fail(
                        f"--labels {escape(str(path))}: {section}.{escape(str(key))} has no {lang} or en text"
                    )
                out[str(key)] = str(chosen)
            elif isinstance(value, str | int | float):
                out[str(key)] = str(value)
            else:
                fail(f"--labels {escape(str(path))}: {section}.{escape(str(key))} must be a text")
        return out

    return pick("features"), pick("outcomes")


@audit_app.command("notice")
def notice_cmd(
    model: ModelOpt,
    data: DataOpt,
    row: Annotated[int, typer.Option("--row", min=0, help="The decision: 0-based row number in --data.")],
    lang: Annotated[Lang, typer.Option("--lang", "-l", help="Language of the notice.")] = Lang.kk,
    system: Annotated[
        str | None,
        typer.Option("--system", help="AI system in the registry (name, owner; the notice is recorded)."),
    ] = None,
    profile: Annotated[
        Path | None, typer.Option("--profile", help="System profile YAML (name, owner, purpose).")
    ] = None,
    contact: Annotated[
        str | None,
        typer.Option("--contact", help="Where the person can ask questions (e-mail, phone, office)."),
    ] = None,
    review_channel: Annotated[
        str | None,
        typer.Option("--review-channel", help="How to ask for a review by a person (address, form, URL)."),
    ] = None,
    objection: Annotated[
        str | None, typer.Option("--objection", help="How to object to the decision (address, form, URL).")
    ] = None,
    deadline_days: Annotated[
        int | None, typer.Option("--deadline-days", min=1, help="Days the person has to ask or object.")
    ] = None,
    labels: Annotated[
        Path | None,
        typer.Option("--labels", help="YAML: plain-language names of features and outcomes (kk/ru/en)."),
    ] = None,
    personal_data: Annotated[
        list[str] | None,
        typer.Option(
            "--personal-data", help="Columns that are personal data (default: every model feature)."
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=20, help="Main factors to name.")] = 3,
    background: Annotated[
        int, typer.Option("--background", min=1, help="Rows sampled as the SHAP background.")
    ] = 200,
    trust_pickle: TrustPickleOpt = False,
    trusted_type: TrustedTypeOpt = None,
    fmt: Annotated[NoticeFormat, typer.Option("--format", "-f")] = NoticeFormat.text,
    out: OutOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Write a plain-language notice of one decision for the person it concerns (kk, ru or en).

    The outcome, the main factors for and against, the personal data used, that AI was used, how
    to ask for a human review or object, and an id with a SHA-256 to verify the notice later. With
    --system the notice's id and hash (not its text) are recorded in the registry and its ledger.
    Exit 0 done, 2 bad input.
    """
    from senim.audits.notice import decision_notice

    _check_out(out, [data, model])
    info, system_id = _system_info(registry, system, profile)
    extra: dict[str, Any] = {
        "contact": contact,
        "human_review": review_channel,
        "objection": objection,
        "deadline_days": deadline_days,
    }
    if any(v is not None for v in extra.values()):
        info = {**(info or {}), **{k: v for k, v in extra.items() if v is not None}}
    feature_labels, outcome_labels = _labels(labels, lang.value)
    loaded = _load_model(model, trust_pickle, _split(trusted_type))
    table = _read(data)
    if row >= table.num_rows:
        fail(f"--row {row}: {escape(data)} has {table.num_rows} rows (0 to {table.num_rows - 1})")
    expl = _explain(loaded, table, [row], background, 0, global_rows=1)
    rexp: RowExplanation = expl.rows[0]
    pd_cols = _split(personal_data)
    try:
        notice = decision_notice(
            rexp,
            lang=lang.value,
            system=info,
            outcome_labels=outcome_labels,
            personal_data=pd_cols,
            top=top,
            feature_labels=feature_labels,
        )
    except _audit_errors() as exc:
        fail(escape(str(exc)))
    if fmt is not NoticeFormat.json:
        write_output(notice.html if fmt is NoticeFormat.html else notice.text, out)
    else:
        write_output(
            to_json(
                {
                    "id": notice.id,
                    "lang": notice.lang,
                    "sha256": notice.sha256,
                    "text": notice.text,
                    "data": notice.data,
                }
            ),
            out,
        )
    err_console.print(f"notice {notice.id} sha256 {notice.sha256}")
    if system_id is not None and system is not None:
        channel = (info or {}).get("human_review") or (info or {}).get("objection")
        candidates = [*NOTICE_RULES, *([OBJECTION_RULE] if channel else [])]
        linked, unknown = _known_rules(candidates)
        record = {
            "schema": "senim/decision-notice-record/v1",
            "notice_id": notice.id,
            "sha256": notice.sha256,
            "lang": notice.lang,
            "row": row,
            "model_sha256": expl.model_sha256,
            "data_sha256": expl.data_sha256,
            "data": Path(data).name,
        }
        ids = _store(
            registry,
            system_id,
            [
                (f"Decision notice {notice.id} ({notice.lang})", f"decision-notice-{notice.id}.json",
                 "application/json", (to_json(record) + "\n").encode("utf-8")),
            ],
            linked,
        )  # fmt: skip
        _report_links("decision notice recorded in the ledger", ids, system, linked, unknown)


@audit_app.command("verify-notice")
def verify_notice_cmd(
    file: Annotated[Path, typer.Argument(help="The notice as delivered: text or HTML.")],
    sha256: Annotated[str, typer.Option("--sha256", help="The SHA-256 printed when the notice was made.")],
) -> None:
    """Check that a notice is exactly the one issued (its SHA-256). Exit 0 intact, 1 altered, 2 bad input."""
    from senim.audits.notice import verify_notice

    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"{escape(str(file))}: cannot read: {exc.strerror or exc}")
    except UnicodeDecodeError:
        fail(f"{escape(str(file))}: not UTF-8 text")
    digest = sha256.strip().lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        fail("--sha256: expected 64 hexadecimal digits")
    if verify_notice(text, digest):
        console.print(f"[green]intact[/green]: {escape(str(file))} matches sha256 {digest}")
        return
    console.print(f"[bold red]altered[/bold red]: {escape(str(file))} does not match sha256 {digest}")
    raise typer.Exit(EXIT_FAILED)


__all__ = ["EXIT_FAILED", "audit_app"]
