#!/usr/bin/env python3
"""The web application's demo (``make demo``): seed a database, run ``senim serve`` in the background.

    python scripts/demo_web.py seed  [--db out-demo.db] [--scan-json out-scan.json]
    python scripts/demo_web.py start [--db out-demo.db] [--pid-file out-demo.pid] [--log out-demo.log]
    python scripts/demo_web.py stop  [--pid-file out-demo.pid] [--quiet]

``seed`` migrates the database and loads, through the registry's service layer (so that every
change is in the hash-chained ledger): a fictional organisation with one user of each role (the
demo password below), a regulator in a second organisation, every example system of
``examples/profiles/`` with risks, incidents (one open, its reporting deadline running), evidence
(a signed attestation, a file and, with ``--scan-json``, the scanner's result), AI-literacy records,
and an assessment of each. It is idempotent: what exists already is kept (passwords are reset).

``start`` starts ``senim serve`` with ``nohup`` in its own session (it outlives ``make``), writes
its process id and log, waits until ``/healthz`` answers and prints the address and the sign-in
details. A port that is already taken is reported and left alone. ``stop`` ends the server
recorded in the pid file (and only a ``senim serve`` process).

Only ``seed`` needs Senim installed; ``start`` and ``stop`` use the standard library.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "examples" / "profiles"

DEMO_PASSWORD = "senim-demo-2026"
DEMO_ORG = "Demo Group JSC (fictional)"
REGULATOR_ORG = "AI Supervision Office (fictional)"
# (role, e-mail address, name); the regulator belongs to REGULATOR_ORG.
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("compliance_officer", "officer@demo.example", "Aigerim Sadykova"),
    ("admin", "admin@demo.example", "Nurlan Abenov"),
    ("engineer", "engineer@demo.example", "Daniyar Omarov"),
    ("auditor", "auditor@demo.example", "Saule Kim"),
    ("regulator", "regulator@demo.example", "Yerlan Tulegenov"),
)
# Lifecycle stage and publication of the example systems (by profile id); others: design, none.
STAGES = {
    "retail-credit-scoring": "deployed",
    "cv-screening": "deployed",
    "egov-assistant": "deployed",
    "agc-dispatch": "testing",
    "chest-xray-triage": "development",
    "avatar-ad-studio": "deployed",
    "call-centre-emotion-analytics": "design",
    "tengri-llm": "development",
}
PUBLISHED = {
    "retail-credit-scoring": "public_register",
    "egov-assistant": "trusted_list",
    "chest-xray-triage": "public_register",
}
HOLDERS = {
    "retail-credit-scoring": "compliance@tumar.example.kz",
    "egov-assistant": "support@kokterek.example.kz",
}


@dataclass
class DemoWorld:
    """What :func:`seed` made (or found): ids by role and by system slug."""

    url: str
    org_id: str
    regulator_org_id: str
    users: dict[str, str] = field(default_factory=dict)  # role -> user id
    emails: dict[str, str] = field(default_factory=dict)  # role -> e-mail address
    systems: dict[str, str] = field(default_factory=dict)  # slug -> system id
    created: list[str] = field(default_factory=list)  # slugs registered by this run
    password: str = DEMO_PASSWORD


# --------------------------------------------------------------------------- seeding


def seed(
    database_url: str,
    *,
    scan_json: Path | None = None,
    password: str = DEMO_PASSWORD,
    now: dt.datetime | None = None,
) -> DemoWorld:
    """Migrate ``database_url`` and load the demo data (idempotent); returns what is there."""
    from senim.ledger.chain import actor
    from senim.registry import accounts, db, services

    db.upgrade(database_url)
    moment = now or dt.datetime.now(dt.UTC)
    with actor("demo:seed"), db.session_scope(database_url) as s:
        s.info["senim_actor"] = "demo:seed"
        org = _org(s, DEMO_ORG)
        regulator_org = _org(s, REGULATOR_ORG)
        world = DemoWorld(database_url, org.id, regulator_org.id)
        for role, email, name in DEMO_USERS:
            org_id = regulator_org.id if role == "regulator" else org.id
            try:
                user = accounts.find_user(s, services.OPERATOR, email, org=org_id)
            except services.NotFoundError:
                user = services.create_user(
                    s, services.OPERATOR, org_id=org_id, email=email, name=name, role=role
                )
            accounts.set_password(s, services.OPERATOR, user_id=user.id, password=password)
            world.users[role] = user.id
            world.emails[role] = email

    officer = services.Principal(world.users["compliance_officer"], world.org_id, "compliance_officer")
    engineer = services.Principal(world.users["engineer"], world.org_id, "engineer")
    for path in sorted(PROFILES.glob("*.yaml")):
        with actor("demo:seed"), db.session_scope(database_url) as s:
            _seed_system(s, world, path, officer, engineer, moment, scan_json)
    return world


def _org(s: Any, name: str) -> Any:
    from senim.registry import services

    try:
        return services.find_org(s, name)
    except services.NotFoundError:
        return services.create_org(s, services.OPERATOR, name=name)


def _seed_system(
    s: Any,
    world: DemoWorld,
    path: Path,
    officer: Any,
    engineer: Any,
    now: dt.datetime,
    scan_json: Path | None,
) -> None:
    """Register one example system with its records (skipped when the system exists)."""
    from senim.law import assess
    from senim.profile import load_profile
    from senim.registry import services

    profile = load_profile(path)
    try:
        system = services.find_system(s, officer, profile.id)
    except services.NotFoundError:
        pass
    else:
        world.systems[profile.id] = system.id
        return
    s.info["senim_actor"] = engineer.user_id
    system = services.add_system(
        s,
        engineer,
        profile=profile,
        owner=profile.organization.name,
        holder=HOLDERS.get(profile.id),
        lifecycle_stage=STAGES.get(profile.id, "design"),
    )
    world.systems[profile.id] = system.id
    world.created.append(profile.id)
    today = now.date()
    s.info["senim_actor"] = officer.user_id
    if profile.id in PUBLISHED:
        services.set_system_fields(
            s, officer, system_id=system.id, expected_version=None, publication=PUBLISHED[profile.id]
        )
    # Obligations the evidence below may close: those the law packs leave open for this profile.
    open_rules = [
        ob["rule"]
        for pack in assess(profile, as_of=today).to_dict()["results"]
        for ob in pack["obligations"]
        if ob["status"] in ("unknown", "unmet")
    ]
    if profile.id == "retail-credit-scoring":
        _credit_scoring(s, system.id, officer, now, open_rules, scan_json)
    elif profile.id == "cv-screening":
        services.add_risk(
            s,
            officer,
            system_id=system.id,
            title="CVs reach a foreign language-model API without cross-border consent",
            likelihood=4,
            impact=4,
            review_date=today + dt.timedelta(days=60),
            measures="Switch to the EU-hosted endpoint; add the transfer to the consent form.",
            owner="Head of HR technology",
        )
        services.add_literacy_record(
            s,
            officer,
            person="Madina Zhaksylykova",
            role="HR business partner",
            course="Working with AI screening tools",
            completed_on=today - dt.timedelta(days=30),
            expires_on=today + dt.timedelta(days=335),
            systems=[system.id],
        )
    elif profile.id == "chest-xray-triage":
        services.add_incident(
            s,
            officer,
            system_id=system.id,
            title="Missed pneumothorax on a night-shift triage queue",
            harm_types=["health"],
            aware_at=now - dt.timedelta(days=1, hours=2),
            description="A radiologist found the case 40 minutes later; the patient was treated.",
        )
    services.run_assessment(s, officer, system_id=system.id, as_of=today)


def _credit_scoring(
    s: Any,
    system_id: str,
    officer: Any,
    now: dt.datetime,
    open_rules: list[str],
    scan_json: Path | None,
) -> None:
    from senim.registry import services

    today = now.date()
    services.add_risk(
        s,
        officer,
        system_id=system_id,
        title="Indirect discrimination against women applicants",
        description="Income-history features correlate with sex; approval rates may differ.",
        likelihood=3,
        impact=4,
        misuse_scenario="Score used to refuse without human review.",
        measures="Quarterly fairness audit (four-fifths rule); reviewer sign-off on refusals.",
        owner="Head of retail risk",
        review_date=today + dt.timedelta(days=180),
    )
    services.add_risk(
        s,
        officer,
        system_id=system_id,
        title="Model drift after the change of the base rate",
        likelihood=3,
        impact=3,
        measures="Monthly population-stability report.",
        owner="Model risk team",
        review_date=today - dt.timedelta(days=20),  # overdue: the dashboard shows it
    )
    services.add_incident(
        s,
        officer,
        system_id=system_id,
        title="Customer records exposed through a misconfigured export",
        harm_types=["personal_data_breach"],
        aware_at=now - dt.timedelta(hours=3),
        occurred_at=now - dt.timedelta(hours=7),
        description="A nightly export of scoring inputs was readable from the partner network.",
    )
    past = services.add_incident(
        s,
        officer,
        system_id=system_id,
        title="Wrong refusals after a faulty model release",
        harm_types=["rights"],
        aware_at=now - dt.timedelta(days=20),
        description="Release 3.1.0 refused 212 applicants with complete files.",
    )
    services.add_incident_action(
        s, officer, incident_id=past.id, kind="measure", description="Rolled back to release 3.0.4."
    )
    services.add_incident_action(
        s,
        officer,
        incident_id=past.id,
        kind="notification",
        description="Serious-incident report filed; affected applicants informed and offered a review.",
        notified="Market-surveillance authority (fictional); affected applicants",
    )
    wanted = [r for r in ("KZ-AI-18-1-3",) if r in open_rules] or open_rules[:1]
    services.add_attestation(
        s,
        officer,
        system_id=system_id,
        title="Risk-mitigation measures in place",
        statement=(
            "The measures of the risk register (fairness audit, reviewer sign-off, stability "
            "report) are in force since the release of TumarScore v3."
        ),
        rules=wanted,
    )
    model_card = (
        b"# TumarScore v3: model card (fictional)\n\n"
        b"Purpose: retail credit scoring. Inputs: application form, credit bureau report.\n"
        b"Training data: 2019-2025 applications (1.2 million), pseudonymised.\n"
        b"Metrics: AUC 0.81; approval-rate ratio women/men 0.93 (four-fifths rule met).\n"
    )
    services.add_file(
        s,
        officer,
        system_id=system_id,
        title="Model card",
        filename="tumarscore-v3-model-card.md",
        media_type="text/markdown",
        data=model_card,
    )
    if scan_json is not None and scan_json.is_file():
        services.add_file(
            s,
            officer,
            system_id=system_id,
            title="Personal-data scan of the example client data",
            filename=scan_json.name,
            media_type="application/json",
            data=scan_json.read_bytes(),
            kind="machine_result",
        )
    courses = (
        ("Asel Nurpeisova", "Credit analyst", 40, 325),
        ("Timur Bekov", "Credit analyst", 100, 265),
        ("Olga Li", "Branch manager", 400, -35),  # lapsed: the coverage is not 100 %
    )
    for person, role, done_days_ago, valid_days in courses:
        services.add_literacy_record(
            s,
            officer,
            person=person,
            role=role,
            course="AI literacy for credit decisions (EU AI Act Art. 4)",
            completed_on=today - dt.timedelta(days=done_days_ago),
            expires_on=today + dt.timedelta(days=valid_days),
            systems=[system_id],
        )


# --------------------------------------------------------------------------- the server


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((host, port)) == 0


def healthy(base_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/healthz", timeout=timeout) as response:
            return bool(response.status == 200 and json.load(response).get("status") == "ok")
    except (OSError, ValueError, urllib.error.URLError):
        return False


def senim_command() -> list[str]:
    """``senim`` of this interpreter's environment (the venv's), else the one on PATH."""
    beside = Path(sys.executable).with_name("senim")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("senim")
    if found:
        return [found]
    return [sys.executable, "-c", "from senim.cli.app import main; main()"]


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def start(db: Path, pid_file: Path, log: Path, host: str, port: int, timeout: float) -> int:
    base = f"http://{host}:{port}"
    if port_in_use(host, port):
        print(
            f"Port {port} on {host} is already in use, so the demo web application was not started.\n"
            f"If it is an earlier demo, stop it with `make demo-stop` and run `make demo` again;\n"
            f"otherwise stop the program that uses the port. The demo database is {db}."
        )
        return 0
    command = [*senim_command(), "serve", "--host", host, "--port", str(port), "--database", sqlite_url(db)]
    if shutil.which("nohup"):
        command = ["nohup", *command]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own session: it outlives make and Ctrl-C in the terminal
            close_fds=True,
        )
    pid_file.write_text(f"{process.pid}\n")
    deadline = time.monotonic() + timeout
    while not healthy(base):
        if process.poll() is not None:
            pid_file.unlink(missing_ok=True)
            print(f"The demo web application stopped at start (exit {process.returncode}). {log}:")
            print(_tail(log))
            return 1
        if time.monotonic() > deadline:
            print(f"The demo web application did not answer {base}/healthz within {timeout:.0f} s. {log}:")
            print(_tail(log))
            _terminate(process.pid)
            pid_file.unlink(missing_ok=True)
            return 1
        time.sleep(0.25)
    width = max(len(email) for _role, email, _name in DEMO_USERS)
    print()
    print(f"Senim web application: {base}/  (API docs: {base}/docs, public register: {base}/public)")
    print(f"Sign in with any of these demo users, password: {DEMO_PASSWORD}")
    for role, email, name in DEMO_USERS:
        print(f"  {email:<{width}}  {role.replace('_', ' ')} ({name})")
    print(f"Running in the background (pid {process.pid}, log {log}, database {db}).")
    print("Stop it with: make demo-stop")
    return 0


def _is_senim_serve(pid: int) -> bool:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return _alive(pid) and not Path("/proc").is_dir()  # no /proc (macOS): trust the pid file
    args = [a.decode(errors="replace") for a in raw.split(b"\0") if a]
    return "serve" in args and any("senim" in a for a in args)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _terminate(pid: int, grace: float = 10.0) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            done, _status = os.waitpid(pid, os.WNOHANG)  # our child (start's failure path)
            if done:
                return
        except ChildProcessError:
            pass
        if not _alive(pid):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def stop(pid_file: Path, quiet: bool) -> int:
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        if not quiet:
            print(f"No demo web application recorded in {pid_file}.")
        return 0
    if _alive(pid) and _is_senim_serve(pid):
        _terminate(pid)
        print(f"Demo web application stopped (pid {pid}).")
    elif not quiet:
        print(f"The demo web application (pid {pid}) was not running.")
    pid_file.unlink(missing_ok=True)
    return 0


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_seed = sub.add_parser("seed", help="create or complete the demo database")
    p_seed.add_argument("--db", type=Path, default=Path("out-demo.db"), help="SQLite file")
    p_seed.add_argument("--scan-json", type=Path, help="a `senim scan --format json` result to attach")
    p_start = sub.add_parser("start", help="start `senim serve` in the background")
    p_start.add_argument("--db", type=Path, default=Path("out-demo.db"))
    p_start.add_argument("--pid-file", type=Path, default=Path("out-demo.pid"))
    p_start.add_argument("--log", type=Path, default=Path("out-demo.log"))
    p_start.add_argument("--host", default="127.0.0.1")
    p_start.add_argument("--port", type=int, default=8000)
    p_start.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for /healthz")
    p_stop = sub.add_parser("stop", help="stop the server started by `start`")
    p_stop.add_argument("--pid-file", type=Path, default=Path("out-demo.pid"))
    p_stop.add_argument("--quiet", action="store_true", help="say nothing when no server is recorded")
    args = parser.parse_args(argv)

    if args.command == "seed":
        started = time.monotonic()
        world = seed(sqlite_url(args.db), scan_json=args.scan_json)
        print(
            f"Demo database {args.db}: {len(world.systems)} systems "
            f"({len(world.created)} added now), {len(world.users)} users "
            f"[{time.monotonic() - started:.1f} s]"
        )
        return 0
    if args.command == "start":
        return start(args.db, args.pid_file, args.log, args.host, args.port, args.timeout)
    return stop(args.pid_file, args.quiet)


if __name__ == "__main__":
    sys.exit(main())
