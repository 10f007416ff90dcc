#!/usr/bin/env python3
"""Audit the locked dependencies for known vulnerabilities (PyPI's vulnerability data, via pip-audit).

    python scripts/audit_deps.py [--lock requirements/dev.lock] [--ignore-file requirements/audit-ignore.toml]
                                 [--json] [--retries 4] [--strict]

Exit 1 when a vulnerability has a fix version (and is not ignored by a reviewed, unexpired entry of the
ignore file); vulnerabilities without a fix are listed as warnings. Exit 2 when the audit could not run.

How: ``pip-audit --disable-pip --no-deps -r LOCK --format json`` (PyPI service), retried on network
errors. PyPI's per-release JSON (``/pypi/NAME/VERSION/json``) is not served by every PyPI front end:
where pip-audit reports a pin as "not found", the project JSON (``/pypi/NAME/json``) is read instead;
its vulnerability list is the one of the project's newest release, so it is used only when the pin
*is* that release. Any pin left unaudited is listed (``--strict`` makes that a failure too).

The ignore file (TOML)::

    [[ignore]]
    id = "GHSA-xxxx-xxxx-xxxx"     # or PYSEC-..., CVE-... (matched against the id and its aliases)
    package = "jinja2"
    reason = "only reachable through ..., which Senim does not use"
    expires = 2027-03-01            # after this date the entry no longer applies
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYPI = os.environ.get("SENIM_AUDIT_PYPI", "https://pypi.org")
NETWORK_MARKERS = ("ConnectionError", "Max retries", "timed out", "Temporary failure", "ConnectTimeout",
                   "RemoteDisconnected", "Connection reset", "503", "502", "504")  # fmt: skip


@dataclass
class Vuln:
    package: str
    version: str
    id: str
    aliases: list[str]
    fix_versions: list[str]
    description: str = ""
    ignored_because: str | None = None


@dataclass
class Report:
    lock: str
    pins: int = 0
    audited_by_pip_audit: int = 0
    audited_by_project_json: int = 0
    unaudited: list[dict[str, str]] = field(default_factory=list)
    fixable: list[Vuln] = field(default_factory=list)
    unfixed: list[Vuln] = field(default_factory=list)
    ignored: list[Vuln] = field(default_factory=list)
    expired_ignores: list[str] = field(default_factory=list)
    seconds: float = 0.0


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(lock: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if m:
            pins[canonical(m.group(1))] = m.group(2)
    return pins


def read_ignores(path: Path, today: dt.date) -> tuple[dict[tuple[str, str], str], list[str]]:
    """``{(package, id): reason}`` of the entries still in force, and a description of expired ones."""
    if not path.exists():
        return {}, []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    active: dict[tuple[str, str], str] = {}
    expired: list[str] = []
    for n, entry in enumerate(data.get("ignore", []), 1):
        missing = [k for k in ("id", "package", "reason", "expires") if not entry.get(k)]
        if missing:
            raise SystemExit(f"audit_deps: {path} entry {n}: missing {', '.join(missing)}")
        expires = entry["expires"]
        if not isinstance(expires, dt.date):
            raise SystemExit(f"audit_deps: {path} entry {n}: expires must be a date (YYYY-MM-DD)")
        key = (canonical(str(entry["package"])), str(entry["id"]))
        if expires < today:
            expired.append(f"{key[1]} ({key[0]}) expired {expires.isoformat()}")
        else:
            active[key] = str(entry["reason"])
    return active, expired


def run_pip_audit(lock: Path, retries: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "pip_audit", "--disable-pip", "--no-deps", "-r", str(lock),
           "--format", "json", "--progress-spinner", "off", "--vulnerability-service", "pypi"]  # fmt: skip
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull}
    for attempt in range(retries + 1):
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600, check=False)
        if proc.returncode in (0, 1) and proc.stdout.strip().startswith("{"):
            result: dict[str, Any] = json.loads(proc.stdout)
            return result
        if attempt < retries and any(m in proc.stderr for m in NETWORK_MARKERS):
            time.sleep(2**attempt)
            continue
        raise SystemExit(f"audit_deps: pip-audit failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    raise AssertionError("unreachable")


def get_json(url: str, retries: int) -> dict[str, Any] | None:
    for attempt in range(retries + 1):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                data: dict[str, Any] = json.load(response)
                return data
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            if attempt == retries or exc.code < 500:
                raise SystemExit(f"audit_deps: {url}: HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            if attempt == retries:
                raise SystemExit(f"audit_deps: {url}: {exc}") from None
        time.sleep(2**attempt)
    return None


def audit(lock: Path, ignore_file: Path, retries: int, today: dt.date) -> Report:
    started = time.monotonic()
    pins = read_pins(lock)
    ignores, expired = read_ignores(ignore_file, today)
    report = Report(lock=str(lock), pins=len(pins), expired_ignores=expired)
    found: list[Vuln] = []
    result = run_pip_audit(lock, retries)
    skipped = [canonical(d["name"]) for d in result.get("dependencies", []) if "skip_reason" in d]
    with ThreadPoolExecutor(max_workers=8) as pool:
        fetched = pool.map(lambda n: get_json(f"{PYPI}/pypi/{n}/json", retries), skipped)
        projects = dict(zip(skipped, fetched, strict=True))
    for dep in result.get("dependencies", []):
        name = canonical(dep["name"])
        if "skip_reason" not in dep:
            report.audited_by_pip_audit += 1
            for v in dep.get("vulns", []):
                text = str(v.get("description", ""))[:300]
                fixes = list(v.get("fix_versions", []))
                found.append(Vuln(name, dep["version"], v["id"], list(v.get("aliases", [])), fixes, text))
            continue
        version = pins.get(name, dep.get("version", "?"))
        project = projects[name]
        if project is None or project.get("info", {}).get("version") != version:
            newest = project.get("info", {}).get("version") if project else None
            why = "not on PyPI" if project is None else f"pinned {version}, PyPI's newest is {newest}"
            report.unaudited.append({"package": name, "version": version, "reason": why})
            continue
        report.audited_by_project_json += 1
        for v in project.get("vulnerabilities") or []:
            if v.get("withdrawn"):
                continue
            text = str(v.get("details") or v.get("summary") or "")[:300]
            fixes = list(v.get("fixed_in") or [])
            found.append(Vuln(name, version, v["id"], list(v.get("aliases") or []), fixes, text))
    for v in found:
        keys = [(v.package, i) for i in (v.id, *v.aliases)]
        reason = next((ignores[k] for k in keys if k in ignores), None)
        if reason is not None:
            v.ignored_because = reason
            report.ignored.append(v)
        elif v.fix_versions:
            report.fixable.append(v)
        else:
            report.unfixed.append(v)
    report.seconds = round(time.monotonic() - started, 1)
    return report


def print_table(report: Report) -> None:
    print(f"Locked pins audited: {report.pins} in {report.lock}")
    print(f"  by pip-audit (per-release PyPI data):    {report.audited_by_pip_audit}")
    print(f"  by PyPI project JSON (pin = newest):     {report.audited_by_project_json}")
    print(f"  not audited:                             {len(report.unaudited)}")
    rows = [("FIX AVAILABLE", v) for v in report.fixable] + [("warning: no fix", v) for v in report.unfixed]
    rows += [("ignored", v) for v in report.ignored]
    if rows:
        print()
        print(f"{'status':16} {'package':28} {'version':14} {'id':22} fixed in")
        for status, v in rows:
            print(f"{status:16} {v.package:28} {v.version:14} {v.id:22} {', '.join(v.fix_versions) or '-'}")
            if v.ignored_because:
                print(f"{'':16} reviewed: {v.ignored_because}")
    for u in report.unaudited:
        print(f"warning: {u['package']}=={u['version']} not audited ({u['reason']})")
    for e in report.expired_ignores:
        print(f"warning: ignore entry {e}: no longer applied")
    verdict = "FAIL" if report.fixable else "ok"
    print(f"\n{verdict}: {len(report.fixable)} fixable, {len(report.unfixed)} without a fix, "
          f"{len(report.ignored)} ignored; {report.seconds} s")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements" / "dev.lock")
    parser.add_argument("--ignore-file", type=Path, default=ROOT / "requirements" / "audit-ignore.toml")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--retries", type=int, default=4, help="retries on network errors")
    parser.add_argument("--strict", action="store_true", help="also fail when a pin could not be audited")
    args = parser.parse_args(argv)
    report = audit(args.lock, args.ignore_file, args.retries, dt.date.today())
    if args.json:
        print(json.dumps(asdict(report), indent=2))
    else:
        print_table(report)
    failed = bool(report.fixable) or (args.strict and bool(report.unaudited))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
