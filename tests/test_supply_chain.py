"""Supply chain, offline: the lock files pin every requirement of pyproject.toml with hashes, and no
distribution Senim installs carries a GPL/AGPL or non-commercial licence.

The locks are made by ``scripts/lock_deps.sh``; ``scripts/audit_deps.py`` audits them (online).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCKS = {"runtime": ROOT / "requirements" / "runtime.lock", "dev": ROOT / "requirements" / "dev.lock"}

# Reviewed licences that a keyword check would flag or cannot read. Each entry: why it is acceptable.
REVIEWED = {
    "pyphen": "tri-licensed GPL-2.0+ / LGPL-2.1+ / MPL-1.1: used under MPL-1.1 (WeasyPrint's hyphenation)",
    "atheris": "Apache-2.0 (LICENSE file of the wheel; its metadata has no licence field); dev extra only",
}
FORBIDDEN = re.compile(
    r"\b(A?GPL|GNU (Affero )?General Public|Affero|non[- ]?commercial|CC[- ]BY[- ]NC|SSPL|Commons Clause)",
    re.IGNORECASE,
)


def _pins(lock: Path) -> dict[str, tuple[str, list[str]]]:
    """``{name: (version, [sha256 hashes])}`` of a pip-compile lock with hashes."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current: str | None = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if m:
            current = canonicalize_name(m.group(1))
            assert current not in pins, f"{lock.name}: {current} pinned twice"
            pins[current] = (m.group(2), [])
            continue
        h = re.search(r"--hash=sha256:([0-9a-f]{64})\b", line)
        if h and current is not None:
            pins[current][1].append(h.group(1))
        elif line and not line.startswith((" ", "#")):
            raise AssertionError(f"{lock.name}: unexpected line {line!r}")
    return pins


def _requirements(extra: str | None) -> list[Requirement]:
    reqs = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    if extra:
        reqs += [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"][extra]]
    env = {**default_environment(), "extra": ""}
    return [r for r in reqs if r.marker is None or r.marker.evaluate(env)]


@pytest.mark.parametrize(("lock", "extra"), [("runtime", None), ("dev", "dev")])
def test_every_requirement_is_pinned_with_hashes(lock: str, extra: str | None) -> None:
    pins = _pins(LOCKS[lock])
    assert pins, f"{lock}.lock has no pins"
    for req in _requirements(extra):
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} of pyproject.toml is missing from {lock}.lock"
        version = pins[name][0]
        assert req.specifier.contains(Version(version), prereleases=True), (
            f"{lock}.lock pins {name}=={version}, outside pyproject's {req.specifier}"
        )
    for name, (_version, hashes) in pins.items():
        assert hashes, f"{lock}.lock: {name} has no sha256 hash"


def test_the_two_locks_agree_and_runtime_has_no_dev_only_tools() -> None:
    runtime, dev = _pins(LOCKS["runtime"]), _pins(LOCKS["dev"])
    assert set(runtime) <= set(dev)
    for name, (version, _) in runtime.items():
        assert dev[name][0] == version, f"{name}: runtime.lock {version}, dev.lock {dev[name][0]}"
    for tool in ("pytest", "mypy", "ruff", "pip-audit", "atheris"):
        assert tool not in runtime and tool in dev


def _closure() -> Iterator[metadata.Distribution]:
    """The installed distributions senim[dev] needs, from the installed metadata."""
    env = default_environment()
    seen: set[str] = set()
    todo: list[tuple[str, set[str]]] = [("senim", {"dev"})]
    while todo:
        name, extras = todo.pop()
        key = canonicalize_name(name)
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            pytest.fail(f"{name} is required but not installed")
        yield dist
        for raw in dist.requires or []:
            req = Requirement(raw)
            markers = [{**env, "extra": e} for e in extras | {""}]
            if any(req.marker is None or req.marker.evaluate(m) for m in markers):
                todo.append((req.name, set(req.extras)))


def _licence_text(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    parts = [meta.get("License-Expression") or "", meta.get("License") or ""]
    parts += [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return " | ".join(p.splitlines()[0] if p else "" for p in parts if p)


def test_no_gpl_agpl_or_non_commercial_licence_among_installed_distributions() -> None:
    flagged = []
    checked = 0
    for dist in _closure():
        name = canonicalize_name(dist.metadata["Name"])
        if name == "senim":
            continue
        checked += 1
        text = _licence_text(dist)
        if name in REVIEWED:
            continue
        if not text.strip():
            flagged.append(f"{name}: no licence in its metadata (review it and add it to REVIEWED)")
        elif FORBIDDEN.search(text) and not re.search(r"\bLGPL|Lesser General Public", text, re.IGNORECASE):
            flagged.append(f"{name}: {text}")
        elif re.search(r"\bLGPL|Lesser General Public", text, re.IGNORECASE):
            flagged.append(f"{name}: LGPL ({text}): review it and add it to REVIEWED")
    assert checked > 100, checked
    assert flagged == [], "\n".join(flagged)
