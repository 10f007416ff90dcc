"""Registry commands: `senim db`, `ledger`, `admin`, `systems`, `risks`, `incidents`, `literacy`, `evidence`.

Thin: options are parsed here, everything else is done by ``senim.registry.services`` in one
transaction per command (all or nothing), recorded by the ledger as the local operator.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from senim.cli.common import (
    EXIT_INVALID,
    ListFormat,
    console,
    err_console,
    fail,
    parse_date,
    to_json,
    write_output,
)

db_app = typer.Typer(help="Create and migrate the registry database.", no_args_is_help=True)
ledger_app = typer.Typer(help="Verify and export the tamper-evident ledger.", no_args_is_help=True)
admin_app = typer.Typer(help="Organisations, users and API tokens (instance operator).", no_args_is_help=True)
systems_app = typer.Typer(help="The inventory of AI systems.", no_args_is_help=True)
risks_app = typer.Typer(help="Risk registers (KZ Art. 18, EU Art. 9).", no_args_is_help=True)
incidents_app = typer.Typer(help="Incidents and their reporting clocks.", no_args_is_help=True)
literacy_app = typer.Typer(help="AI-literacy records (EU Art. 4).", no_args_is_help=True)
evidence_app = typer.Typer(
    help="Evidence: signed attestations, files and machine results.", no_args_is_help=True
)

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--database", "-d", envvar="SENIM_DATABASE_URL", help="Database URL (default: SQLite file)."
    ),
]
FmtOpt = Annotated[ListFormat, typer.Option("--format", "-f")]
ServerOpt = Annotated[
    str | None,
    typer.Option("--server", envvar="SENIM_SERVER", help="Use a Senim server instead of the local database."),
]
TokenOpt = Annotated[
    str | None, typer.Option("--token", envvar="SENIM_TOKEN", help="Bearer token for --server.")
]


def _remote(server: str | None, token: str | None) -> Any:
    if server is None:
        return None
    from senim.cli.remote import Remote

    return Remote(server, token)


@contextmanager
def _session(database: str | None, who: str = "cli:operator") -> Iterator[Any]:
    from senim.ledger.chain import actor
    from senim.registry import services
    from senim.registry.db import DatabaseError, session_scope

    try:
        with actor(who), session_scope(database) as session:
            yield session
    except services.RegistryError as exc:
        fail(f"{exc.code}: {exc}")
    except DatabaseError as exc:
        fail(str(exc))


def _principal() -> Any:
    from senim.registry.services import OPERATOR

    return OPERATOR


def _aware(value: str, option: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        fail(f"{option}: invalid timestamp {value!r}; use e.g. 2026-11-26T09:30:00+05:00")
    if moment.tzinfo is None:
        fail(f"{option}: give a time zone, e.g. 2026-11-26T09:30:00+05:00")
    return moment


def _table(columns: list[str], rows: list[list[Any]]) -> Table:
    t = Table(*columns)
    for row in rows:
        t.add_row(*["" if v is None else str(v) for v in row])
    return t


# --------------------------------------------------------------------------- db


@db_app.command("upgrade")
def db_upgrade(database: DbOpt = None, revision: str = "head") -> None:
    """Apply the schema migrations (creates the database if it does not exist)."""
    from senim.registry.db import DatabaseError, database_url, upgrade

    try:
        rev = upgrade(database, revision)
    except DatabaseError as exc:
        fail(str(exc))
    from sqlalchemy.engine import make_url

    console.print(
        f"schema at revision {rev} ({make_url(database_url(database)).render_as_string(hide_password=True)})"
    )


@db_app.command("current")
def db_current(database: DbOpt = None) -> None:
    """Show the schema revision of the database and the one this Senim needs."""
    from senim.registry.db import current_revision, head_revision, make_engine

    engine = make_engine(database)
    try:
        console.print(f"current: {current_revision(engine) or 'none'}; needed: {head_revision()}")
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- ledger


@ledger_app.command("verify")
def ledger_verify(
    database: DbOpt = None,
    fmt: FmtOpt = ListFormat.table,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """Recompute the hash chain and check every registry row; exit 1 naming the first broken event."""
    from senim.ledger.chain import verify

    remote = _remote(server, token)
    if remote is not None:
        report: dict[str, Any] = remote.call("GET", "/ledger/verify")
    else:
        with _session(database) as session:
            report = verify(session).to_dict()
    if fmt is ListFormat.json:
        write_output(to_json(report), None)
    elif report["ok"]:
        console.print(f"[green]ledger intact[/green]: {report['events']} events, head {report['head_hash']}")
    else:
        from rich.markup import escape

        where = f" at event {report['event']}" if report.get("event") is not None else ""
        obj = f" ({escape(report['object'])})" if report.get("object") else ""
        err_console.print(f"[bold red]ledger broken[/bold red]{where}{obj}: {escape(str(report['problem']))}")
    if not report["ok"]:
        raise typer.Exit(1)


@ledger_app.command("export")
def ledger_export(
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON Lines file (written atomically).")],
    database: DbOpt = None,
    key: Annotated[
        Path | None,
        typer.Option("--key", help="Ed25519 private key (PEM) to sign the head hash; made if absent."),
    ] = None,
    org: Annotated[
        str | None,
        typer.Option("--org", help="This organisation's events in full; others redacted to their links."),
    ] = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """Export the ledger as JSON Lines with a signed head line (check it with `senim ledger check`)."""
    from senim.cli.common import write_bytes
    from senim.ledger.chain import export_jsonl, verify
    from senim.ledger.signing import SigningKeyError, sign_head
    from senim.registry import services

    remote = _remote(server, token)
    if remote is not None:
        data, _ = remote.download("/ledger/export")
        write_bytes(data, output)
        lines = data.decode("utf-8").splitlines()
        head = json.loads(lines[-1])["head"]
        console.print(f"{head['events']} events written to {output}; head {head['hash']} server-signed")
        if not head.get("verified", False):
            err_console.print("[bold red]warning[/bold red]: the server's ledger does not verify")
            raise typer.Exit(1)
        return
    with _session(database) as session:
        org_id = services.find_org(session, org).id if org else None
        report = verify(session)
        lines = list(export_jsonl(session, org_id=org_id))
    try:
        head = sign_head(report.head_hash, report.events, key)
    except SigningKeyError as exc:
        fail(str(exc))
    head["verified"] = report.ok
    write_output("\n".join([*lines, json.dumps({"head": head}, ensure_ascii=False)]), output)
    console.print(f"{report.events} events written to {output}; head {report.head_hash} signed")
    if not report.ok:
        err_console.print(f"[bold red]warning[/bold red]: the ledger does not verify: {report.problem}")
        raise typer.Exit(1)


@ledger_app.command("check")
def ledger_check(
    export: Annotated[Path, typer.Argument(help="A file written by `senim ledger export`.")],
    public_key: Annotated[
        str | None,
        typer.Option("--public-key", help="The signer's public key (base64), to check who signed."),
    ] = None,
    fmt: FmtOpt = ListFormat.table,
) -> None:
    """Check an exported ledger offline: links, hashes of unredacted events and the signed head."""
    from senim.ledger.chain import check_export

    try:
        with export.open(encoding="utf-8") as fh:
            report = check_export(iter(fh), public_key=public_key)
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{export}: {exc}")
    if fmt is ListFormat.json:
        write_output(to_json(report.to_dict()), None)
    elif report.ok:
        console.print(
            f"[green]export intact[/green]: {report.events} events ({report.redacted} redacted), "
            f"head {report.head_hash} signed"
        )
    else:
        where = f" at line {report.line}" if report.line else ""
        err_console.print(f"[bold red]export broken[/bold red]{where}: {report.problem}")
    if not report.ok:
        raise typer.Exit(1)


# --------------------------------------------------------------------------- admin


@admin_app.command("create-org")
def admin_create_org(
    name: Annotated[str, typer.Option("--name")],
    bin_: Annotated[str | None, typer.Option("--bin")] = None,
    size: Annotated[str | None, typer.Option("--size")] = None,
    database: DbOpt = None,
) -> None:
    """Create an organisation."""
    from senim.registry import services

    with _session(database) as session:
        org = services.create_org(session, _principal(), name=name, bin=bin_, size=size)
        console.print(f"organisation {org.id} ({org.name})")


@admin_app.command("create-user")
def admin_create_user(
    org: Annotated[str, typer.Option("--org", help="Organisation id or name.")],
    email: Annotated[str, typer.Option("--email")],
    role: Annotated[
        str, typer.Option("--role", help="admin | compliance_officer | engineer | auditor | regulator")
    ],
    name: Annotated[str | None, typer.Option("--name")] = None,
    expires_in_days: Annotated[int, typer.Option("--expires-in-days")] = 90,
    database: DbOpt = None,
) -> None:
    """Create a user and print a bearer token for it (shown once)."""
    from senim.registry import services

    with _session(database) as session:
        organisation = services.find_org(session, org)
        user = services.create_user(
            session, _principal(), org_id=organisation.id, email=email, name=name or email, role=role
        )
        token, plain = services.create_token(
            session, _principal(), user_id=user.id, expires_in_days=expires_in_days
        )
    console.print(f"user {user.id} ({email}, {role}) in {organisation.name}")
    console.print(f"token {token.id} (expires {token.expires_at:%Y-%m-%d}): {plain}", soft_wrap=True)
    console.print("[yellow]store the token now: it is not shown again[/yellow]")


@admin_app.command("create-token")
def admin_create_token(
    user: Annotated[str, typer.Option("--user", help="User id.")],
    expires_in_days: Annotated[int, typer.Option("--expires-in-days")] = 90,
    database: DbOpt = None,
) -> None:
    """Issue another token for a user (shown once)."""
    from senim.registry import services

    with _session(database) as session:
        token, plain = services.create_token(
            session, _principal(), user_id=user, expires_in_days=expires_in_days
        )
    console.print(f"token {token.id}: {plain}", soft_wrap=True)


@admin_app.command("revoke-token")
def admin_revoke_token(token_id: str, database: DbOpt = None) -> None:
    """Revoke a token by its id."""
    from senim.registry import services

    with _session(database) as session:
        services.revoke_token(session, _principal(), token_id=token_id)
    console.print(f"token {token_id} revoked")


@admin_app.command("set-password")
def admin_set_password(
    user: Annotated[str, typer.Argument(help="User id or e-mail address.")],
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation id or name (when the address is in several).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input (first line).")
    ] = False,
    database: DbOpt = None,
) -> None:
    """Set a user's password for the web UI (asked twice, not echoed); ends the user's web sessions."""
    import sys

    from senim.registry import accounts
    from senim.registry.services import ValidationFailedError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        accounts.check_password_policy(password)
    except ValidationFailedError as exc:
        fail(str(exc), code=EXIT_INVALID)
    with _session(database) as session:
        target = accounts.find_user(session, _principal(), user, org=org)
        accounts.set_password(session, _principal(), user_id=target.id, password=password)
        email, user_id = target.email, target.id
    console.print(f"password set for {email} ({user_id}); the user's web sessions were ended")


# --------------------------------------------------------------------------- systems


@systems_app.command("add")
def systems_add(
    profile: Annotated[Path, typer.Argument(help="Profile YAML.")],
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation id or name (local database).")
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner")] = None,
    holder: Annotated[str | None, typer.Option("--holder")] = None,
    stage: Annotated[str, typer.Option("--stage")] = "design",
    database: DbOpt = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """Register a system from its profile (or store a new profile version if it is registered)."""
    from senim.profile import ProfileError, load_profile
    from senim.profile.io import profile_to_data
    from senim.registry import services

    try:
        p = load_profile(profile)
    except ProfileError as exc:
        err_console.print(str(exc), markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    remote = _remote(server, token)
    if remote is not None:
        data = profile_to_data(p)
        page = remote.call("GET", "/systems", params={"q": p.id, "limit": 500})
        match = [i for i in page["items"] if i["slug"] == p.id]
        if match:
            got = remote.call(
                "PUT",
                f"/systems/{match[0]['id']}/profile",
                json={"profile": data, "version": match[0]["version"]},
            )
            console.print(f"system {got['id']} ({got['slug']}): profile version {got['profile_version']}")
        else:
            got = remote.call(
                "POST",
                "/systems",
                json={"profile": data, "owner": owner, "holder": holder, "lifecycle_stage": stage},
            )
            console.print(f"system {got['id']} ({got['slug']}) registered")
        return
    if org is None:
        fail("--org is needed with the local database")
    with _session(database) as session:
        organisation = services.find_org(session, org)
        try:
            existing = services.find_system(session, _principal(), p.id)
        except services.NotFoundError:
            existing = None
        if existing is not None and existing.org_id == organisation.id:
            system = services.update_profile(session, _principal(), system_id=existing.id, profile=p)
            console.print(f"system {system.id} ({system.slug}): profile version {system.profile_version}")
            return
        system = services.add_system(
            session,
            _principal(),
            profile=p,
            org_id=organisation.id,
            owner=owner,
            holder=holder,
            lifecycle_stage=stage,
        )
        console.print(f"system {system.id} ({system.slug}) registered")


@systems_app.command("list")
def systems_list(
    database: DbOpt = None,
    stage: Annotated[str | None, typer.Option("--stage")] = None,
    query: Annotated[str | None, typer.Option("--query", "-q")] = None,
    limit: int = 100,
    offset: int = 0,
    fmt: FmtOpt = ListFormat.table,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """List registered systems."""
    remote = _remote(server, token)
    if remote is not None:
        params = {
            k: v
            for k, v in {"lifecycle_stage": stage, "q": query, "limit": limit, "offset": offset}.items()
            if v is not None
        }
        page = remote.call("GET", "/systems", params=params)
        items = [_system_item(i) for i in page["items"]]
        total = page["total"]
    else:
        items, total = _local_systems(database, stage, query, limit, offset)
    if fmt is ListFormat.json:
        write_output(to_json({"items": items, "total": total, "limit": limit, "offset": offset}), None)
        return
    console.print(
        _table(
            ["id", "slug", "name", "stage", "publication", "profile"],
            [
                [i["id"], i["slug"], i["name"], i["stage"], i["publication"], i["profile_version"]]
                for i in items
            ],
        )
    )
    console.print(f"{len(items)} of {total}")


def _system_item(i: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": i["id"],
        "org_id": i["org_id"],
        "slug": i["slug"],
        "name": i["name"],
        "stage": i["lifecycle_stage"],
        "publication": i["publication"],
        "profile_version": i["profile_version"],
        "version": i["version"],
    }


def _local_systems(
    database: str | None, stage: str | None, query: str | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    from senim.registry import services

    with _session(database) as session:
        rows, total = services.list_systems(
            session, _principal(), lifecycle_stage=stage, q=query, limit=limit, offset=offset
        )
        cols = (
            "id",
            "org_id",
            "slug",
            "name",
            "lifecycle_stage",
            "publication",
            "profile_version",
            "version",
        )
        return [_system_item({c: getattr(s, c) for c in cols}) for s in rows], total


@systems_app.command("assess")
def systems_assess(
    system: Annotated[str, typer.Argument(help="System id or slug.")],
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    database: DbOpt = None,
    fmt: FmtOpt = ListFormat.table,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """Assess a registered system; the result is stored with the pack versions used."""
    from senim.registry import services

    day = parse_date(as_of)
    remote = _remote(server, token)
    if remote is not None:
        system_id = remote.system_id(system)
        body = {"as_of": day.isoformat()} if day else {}
        result = remote.call("POST", f"/systems/{system_id}/assessments", json=body)["result"]
        obligations = remote.call("GET", f"/systems/{system_id}/obligations")["items"]
    else:
        with _session(database) as session:
            target = services.find_system(session, _principal(), system)
            record = services.run_assessment(session, _principal(), system_id=target.id, as_of=day)
            result = record.result
            obligations = services.obligations(session, _principal(), target.id)
    if fmt is ListFormat.json:
        write_output(to_json(result), None)
        return
    console.print(
        _table(
            ["pack", "rule", "article", "status", "due"],
            [[o["pack"], o["rule"], o["article"], o["status"], o["due"]] for o in obligations],
        )
    )


# --------------------------------------------------------------------------- risks


@risks_app.command("add")
def risks_add(
    system: Annotated[str, typer.Option("--system", help="System id or slug.")],
    title: Annotated[str, typer.Option("--title")],
    likelihood: Annotated[int, typer.Option("--likelihood", min=1, max=5)],
    impact: Annotated[int, typer.Option("--impact", min=1, max=5)],
    review: Annotated[str, typer.Option("--review", help="Next review date, YYYY-MM-DD.")],
    misuse: Annotated[str | None, typer.Option("--misuse")] = None,
    measures: Annotated[str | None, typer.Option("--measures")] = None,
    owner: Annotated[str | None, typer.Option("--owner")] = None,
    database: DbOpt = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """Add a risk-register entry."""
    from senim.registry import services

    review_date = parse_date(review, "--review")
    assert review_date is not None
    remote = _remote(server, token)
    if remote is not None:
        got = remote.call(
            "POST",
            f"/systems/{remote.system_id(system)}/risks",
            json={
                "title": title,
                "likelihood": likelihood,
                "impact": impact,
                "review_date": review_date.isoformat(),
                "misuse_scenario": misuse,
                "measures": measures,
                "owner": owner,
            },
        )
        console.print(f"risk {got['id']} recorded")
        return
    with _session(database) as session:
        target = services.find_system(session, _principal(), system)
        risk = services.add_risk(
            session,
            _principal(),
            system_id=target.id,
            title=title,
            likelihood=likelihood,
            impact=impact,
            review_date=review_date,
            misuse_scenario=misuse,
            measures=measures,
            owner=owner,
        )
    console.print(f"risk {risk.id} recorded")


@risks_app.command("list")
def risks_list(
    system: Annotated[str, typer.Option("--system")],
    overdue: Annotated[bool, typer.Option("--overdue", help="Only reviews overdue today.")] = False,
    database: DbOpt = None,
    fmt: FmtOpt = ListFormat.table,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """List a system's risks (review dates in the past surface as unmet Art. 18(1)(4))."""
    from senim.registry import services

    today = dt.date.today()
    remote = _remote(server, token)
    if remote is not None:
        params = {"overdue_on": today.isoformat()} if overdue else {}
        rows = remote.call("GET", f"/systems/{remote.system_id(system)}/risks", params=params)["items"]
        _print_risks(
            [
                {
                    "id": r["id"],
                    "title": r["title"],
                    "likelihood": r["likelihood"],
                    "impact": r["impact"],
                    "score": r["likelihood"] * r["impact"],
                    "review_date": r["review_date"],
                    "status": r["status"],
                    "overdue": r["review_date"] < today.isoformat() and r["status"] != "closed",
                }
                for r in rows
            ],
            fmt,
        )
        return
    with _session(database) as session:
        target = services.find_system(session, _principal(), system)
        rows = services.list_risks(
            session, _principal(), system_id=target.id, overdue_on=today if overdue else None
        )
        items = [
            {
                "id": r.id,
                "title": r.title,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "score": r.likelihood * r.impact,
                "review_date": r.review_date.isoformat(),
                "status": r.status,
                "overdue": r.review_date < today and r.status != "closed",
            }
            for r in rows
        ]
    _print_risks(items, fmt)


def _print_risks(items: list[dict[str, Any]], fmt: ListFormat) -> None:
    if fmt is ListFormat.json:
        write_output(to_json(items), None)
        return
    console.print(
        _table(
            ["id", "title", "L", "I", "score", "review", "status", "overdue"],
            [
                [
                    i["id"],
                    i["title"],
                    i["likelihood"],
                    i["impact"],
                    i["score"],
                    i["review_date"],
                    i["status"],
                    "yes" if i["overdue"] else "",
                ]
                for i in items
            ],
        )
    )


# --------------------------------------------------------------------------- incidents


@incidents_app.command("add")
def incidents_add(
    system: Annotated[str, typer.Option("--system")],
    title: Annotated[str, typer.Option("--title")],
    harm: Annotated[
        list[str],
        typer.Option(
            "--harm",
            help="health, safety, rights, property, personal_data_breach, "
            "death, critical_infrastructure, widespread_infringement, "
            "environment (repeatable)",
        ),
    ],
    aware_at: Annotated[str, typer.Option("--aware-at", help="When you became aware, with time zone.")],
    occurred_at: Annotated[str | None, typer.Option("--occurred-at")] = None,
    description: Annotated[str | None, typer.Option("--description")] = None,
    database: DbOpt = None,
    fmt: FmtOpt = ListFormat.table,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """Record an incident and show the reporting clocks that apply."""
    from senim.registry import services

    aware = _aware(aware_at, "--aware-at")
    occurred = _aware(occurred_at, "--occurred-at") if occurred_at else None
    remote = _remote(server, token)
    if remote is not None:
        got = remote.call(
            "POST",
            f"/systems/{remote.system_id(system)}/incidents",
            json={
                "title": title,
                "harm_types": harm,
                "aware_at": aware.isoformat(),
                "occurred_at": occurred.isoformat() if occurred else None,
                "description": description,
            },
        )
        _print_incident(got, fmt)
        return
    with _session(database) as session:
        target = services.find_system(session, _principal(), system)
        incident = services.add_incident(
            session,
            _principal(),
            system_id=target.id,
            title=title,
            harm_types=harm,
            aware_at=aware,
            occurred_at=occurred,
            description=description,
        )
        view = services.incident_view(session, _principal(), incident)
    _print_incident(view, fmt)


def _print_incident(view: dict[str, Any], fmt: ListFormat) -> None:
    if fmt is ListFormat.json:
        write_output(to_json(view), None)
        return
    console.print(f"incident {view['id']}: {view['title']} ({', '.join(view['harm_types'])})")
    console.print(
        _table(
            ["regime", "article", "what", "deadline", "overdue"],
            [
                [c["regime"], c["article"], c["what"], c["deadline"], "yes" if c["overdue"] else ""]
                for c in view["clocks"]
            ],
        )
    )


@incidents_app.command("list")
def incidents_list(
    system: Annotated[str, typer.Option("--system")],
    database: DbOpt = None,
    fmt: FmtOpt = ListFormat.table,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """List a system's incidents with their clocks."""
    from senim.registry import services

    remote = _remote(server, token)
    if remote is not None:
        views = remote.call("GET", f"/systems/{remote.system_id(system)}/incidents")["items"]
        if fmt is ListFormat.json:
            write_output(to_json(views), None)
            return
        for v in views:
            _print_incident(v, fmt)
        return
    with _session(database) as session:
        target = services.find_system(session, _principal(), system)
        views = [
            services.incident_view(session, _principal(), i)
            for i in services.list_incidents(session, _principal(), system_id=target.id)
        ]
    if fmt is ListFormat.json:
        write_output(to_json(views), None)
        return
    for v in views:
        _print_incident(v, fmt)


@incidents_app.command("action")
def incidents_action(
    incident: Annotated[str, typer.Argument(help="Incident id.")],
    kind: Annotated[str, typer.Option("--kind", help="measure | notification | suspension | resumption")],
    description: Annotated[str, typer.Option("--description")],
    notified: Annotated[str | None, typer.Option("--notified")] = None,
    database: DbOpt = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """Record what was done (a suspension suspends the system: KZ Art. 18(2), EU Art. 26(5))."""
    from senim.registry import services

    remote = _remote(server, token)
    if remote is not None:
        got = remote.call(
            "POST",
            f"/incidents/{incident}/actions",
            json={"kind": kind, "description": description, "notified": notified},
        )
        console.print(f"action {got['id']} ({kind}) recorded")
        return
    with _session(database) as session:
        action = services.add_incident_action(
            session, _principal(), incident_id=incident, kind=kind, description=description, notified=notified
        )
    console.print(f"action {action.id} ({kind}) recorded")


# --------------------------------------------------------------------------- literacy


@literacy_app.command("add")
def literacy_add(
    person: Annotated[str, typer.Option("--person")],
    role: Annotated[str, typer.Option("--role")],
    course: Annotated[str, typer.Option("--course")],
    completed: Annotated[str, typer.Option("--completed", help="YYYY-MM-DD")],
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation id or name (local database).")
    ] = None,
    expires: Annotated[str | None, typer.Option("--expires")] = None,
    system: Annotated[list[str] | None, typer.Option("--system", help="Systems the person operates.")] = None,
    user: Annotated[str | None, typer.Option("--user", help="The person's user id, if any.")] = None,
    database: DbOpt = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """Record an AI-literacy training."""
    from senim.registry import services

    done = parse_date(completed, "--completed")
    assert done is not None
    until = parse_date(expires, "--expires")
    remote = _remote(server, token)
    if remote is not None:
        got = remote.call(
            "POST",
            "/literacy",
            json={
                "person": person,
                "role": role,
                "course": course,
                "completed_on": done.isoformat(),
                "expires_on": until.isoformat() if until else None,
                "systems": [remote.system_id(s) for s in (system or [])],
                "user_id": user,
            },
        )
        console.print(f"literacy record {got['id']}")
        return
    if org is None:
        fail("--org is needed with the local database")
    with _session(database) as session:
        organisation = services.find_org(session, org)
        ids = [services.find_system(session, _principal(), s).id for s in (system or [])]
        record = services.add_literacy_record(
            session,
            _principal(),
            org_id=organisation.id,
            person=person,
            role=role,
            course=course,
            completed_on=done,
            expires_on=until,
            systems=ids,
            user_id=user,
        )
    console.print(f"literacy record {record.id}")


@literacy_app.command("coverage")
def literacy_coverage(
    system: Annotated[str, typer.Option("--system")],
    on: Annotated[str | None, typer.Option("--on", help="The day to judge (default: today).")] = None,
    database: DbOpt = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """Share of a system's operators with current AI-literacy training."""
    from senim.registry import services

    day = parse_date(on, "--on")
    remote = _remote(server, token)
    if remote is not None:
        params = {"on": day.isoformat()} if day else {}
        view = remote.call("GET", f"/systems/{remote.system_id(system)}/literacy", params=params)
        write_output(to_json(view), None)
        return
    with _session(database) as session:
        target = services.find_system(session, _principal(), system)
        write_output(
            to_json(services.literacy_coverage(session, _principal(), system_id=target.id, on=day)), None
        )


# --------------------------------------------------------------------------- evidence


def _evidence_item(ev: Any, rules: list[str]) -> dict[str, Any]:
    return {
        "id": ev.id,
        "system_id": ev.system_id,
        "kind": ev.kind,
        "title": ev.title,
        "attested_by": ev.attested_by,
        "sha256": ev.sha256,
        "filename": ev.filename,
        "size": ev.size,
        "created_at": ev.created_at.isoformat(),
        "rules": rules,
    }


def _print_evidence(items: list[dict[str, Any]], fmt: ListFormat) -> None:
    if fmt is ListFormat.json:
        write_output(to_json(items), None)
        return
    console.print(
        _table(
            ["id", "kind", "title", "sha256", "rules", "created"],
            [
                [
                    i["id"],
                    i["kind"],
                    i["title"],
                    (i["sha256"] or "")[:16],
                    ", ".join(i.get("rules") or []),
                    i["created_at"],
                ]
                for i in items
            ],
        )
    )


@evidence_app.command("attest")
def evidence_attest(
    system: Annotated[str, typer.Option("--system", help="System id or slug.")],
    title: Annotated[str, typer.Option("--title")],
    statement: Annotated[str, typer.Option("--statement", help="What you attest, in full.")],
    rule: Annotated[list[str] | None, typer.Option("--rule", help="Rule id it closes (repeatable).")] = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
    fmt: FmtOpt = ListFormat.table,
) -> None:
    """Sign an attestation as the token's user (an attestation is always signed by a named person)."""
    remote = _remote(server, token)
    if remote is None:
        fail("an attestation is signed by a named user: use --server and that user's --token")
    got = remote.call(
        "POST",
        f"/systems/{remote.system_id(system)}/evidence/attestations",
        json={"title": title, "statement": statement, "rules": rule or []},
    )
    _print_evidence([got], fmt)


@evidence_app.command("upload")
def evidence_upload(
    file: Annotated[Path, typer.Argument(help="The file to store (content-addressed by SHA-256).")],
    system: Annotated[str, typer.Option("--system", help="System id or slug.")],
    title: Annotated[str | None, typer.Option("--title", help="Default: the file name.")] = None,
    kind: Annotated[str, typer.Option("--kind", help="file | machine_result")] = "file",
    rule: Annotated[list[str] | None, typer.Option("--rule", help="Rule id it closes (repeatable).")] = None,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", min=1, max=2048)] = 25,
    database: DbOpt = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
    fmt: FmtOpt = ListFormat.table,
) -> None:
    """Store a file or a machine result (a scan, an audit, a label check) as evidence."""
    import mimetypes

    from senim.registry import services

    if not file.is_file():
        fail(f"{file}: no such file")
    size = file.stat().st_size
    limit = max_upload_mb * 1024 * 1024
    if size > limit:
        fail(f"{file}: {size} bytes exceeds the upload limit of {limit} bytes (--max-upload-mb)")
    media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    label = title or file.name
    remote = _remote(server, token)
    if remote is not None:
        with file.open("rb") as fh:
            got = remote.call(
                "POST",
                f"/systems/{remote.system_id(system)}/evidence/files",
                data={"title": label, "kind": kind, "rules": ",".join(rule or [])},
                files={"file": (file.name, fh, media_type)},
            )
        _print_evidence([got], fmt)
        return
    data = file.read_bytes()
    with _session(database) as session:
        target = services.find_system(session, _principal(), system)
        ev = services.add_file(
            session,
            _principal(),
            system_id=target.id,
            title=label,
            filename=file.name,
            media_type=media_type,
            data=data,
            kind=kind,
            rules=rule or [],
            max_bytes=limit,
        )
        item = _evidence_item(ev, services.evidence_rules(session, [ev.id]).get(ev.id, []))
    _print_evidence([item], fmt)


@evidence_app.command("list")
def evidence_list(
    system: Annotated[str, typer.Option("--system", help="System id or slug.")],
    limit: int = 100,
    offset: int = 0,
    database: DbOpt = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
    fmt: FmtOpt = ListFormat.table,
) -> None:
    """List a system's evidence."""
    from senim.registry import services

    remote = _remote(server, token)
    if remote is not None:
        items = remote.call(
            "GET",
            f"/systems/{remote.system_id(system)}/evidence",
            params={"limit": limit, "offset": offset},
        )["items"]
    else:
        with _session(database) as session:
            target = services.find_system(session, _principal(), system)
            rows = services.list_evidence(
                session, _principal(), system_id=target.id, limit=limit, offset=offset
            )
            rules = services.evidence_rules(session, [r.id for r in rows])
            items = [_evidence_item(r, rules.get(r.id, [])) for r in rows]
    _print_evidence(items, fmt)


@evidence_app.command("download")
def evidence_download(
    evidence: Annotated[str, typer.Argument(help="Evidence id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the bytes (atomically).")],
    database: DbOpt = None,
    server: ServerOpt = None,
    token: TokenOpt = None,
) -> None:
    """Write a stored file to disk after checking its SHA-256."""
    import hashlib

    from senim.cli.common import write_bytes
    from senim.registry import services

    remote = _remote(server, token)
    if remote is not None:
        data, sha = remote.download(f"/evidence/{evidence}/content")
    else:
        with _session(database) as session:
            ev, content = services.get_evidence(session, _principal(), evidence)
            if content is None or ev.sha256 is None:
                fail(f"evidence {evidence} has no file content (an attestation?)")
            data, sha = content, ev.sha256
    if sha is not None and hashlib.sha256(data).hexdigest() != sha:
        fail(f"evidence {evidence}: content does not match its SHA-256 {sha}", code=1)
    write_bytes(data, output)
    console.print(f"{len(data)} bytes written to {output} (sha256 {sha})")


# --------------------------------------------------------------------------- serve


def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    database: DbOpt = None,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", min=1, max=2048)] = 25,
    max_body_kb: Annotated[
        int,
        typer.Option("--max-body-kb", min=1, max=1024 * 1024, help="Largest JSON (non-upload) API body."),
    ] = 1024,
    read_timeout: Annotated[
        float,
        typer.Option(
            "--read-timeout",
            min=0.1,
            max=3600,
            help="Seconds a client may stay silent while sending request headers or a body (408).",
        ),
    ] = 30.0,
    body_deadline: Annotated[
        float, typer.Option("--body-deadline", min=0.1, max=86400, help="Seconds for a whole request body.")
    ] = 300.0,
    limit_concurrency: Annotated[
        int,
        typer.Option("--limit-concurrency", min=1, max=100_000, help="Connections before answering 503."),
    ] = 512,
    keep_alive: Annotated[
        float, typer.Option("--keep-alive", min=0.1, max=600, help="Seconds an idle connection stays open.")
    ] = 5.0,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every request.")
    ] = False,
    threads: Annotated[
        int | None,
        typer.Option(
            "--threads", min=1, max=256, help="Worker threads (default: SENIM_API_THREADS or one per core)."
        ),
    ] = None,
) -> None:
    """Start the REST API (OpenAPI docs at /docs); refuses an outdated database schema."""
    import uvicorn

    from senim.api.app import create_app
    from senim.api.limits import uvicorn_limits
    from senim.registry.db import DatabaseError, check_schema, make_engine

    engine = make_engine(database)
    try:
        check_schema(engine)
    except DatabaseError as exc:
        fail(str(exc))
    finally:
        engine.dispose()
    app = create_app(
        database,
        max_upload_bytes=max_upload_mb * 1024 * 1024,
        max_body_bytes=max_body_kb * 1024,
        body_timeout=read_timeout,
        body_deadline=max(body_deadline, read_timeout),
        threads=threads,
    )
    limits = uvicorn_limits(
        read_timeout=read_timeout, limit_concurrency=limit_concurrency, keep_alive=keep_alive
    )
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log, **limits)
