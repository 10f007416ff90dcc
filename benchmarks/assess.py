"""Benchmark: assessments per second for generated profiles against every pack in force.

Target (issue 2): >= 5,000 profiles/s on one core, so that a national registry of 100k systems is
re-assessed in under half a minute when a law changes.

Usage: python benchmarks/assess.py [--profiles 10000] [--seed 7] [--as-of 2026-11-26] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import time
from typing import Any

from senim.law import assess_compiled, assess_many_compiled, default_catalog
from senim.profile import parse_profile
from senim.profile.fields import profile_fields


def generate(n: int, seed: int) -> list[dict[str, Any]]:
    """Random but schema-valid profiles; about 15% of answers left unanswered (open questions)."""
    rng = random.Random(seed)
    fields = profile_fields()
    out = []
    for i in range(n):
        data: dict[str, Any] = {"schema": "senim/system-profile/v1", "id": f"system-{i}"}
        for path, spec in fields.items():
            if path in ("id", "name", "description", "organization.name", "organization.bin"):
                continue
            if rng.random() < 0.15:
                continue
            if spec.kind == "bool":
                value: Any = rng.random() < (0.1 if path.startswith("capabilities.") else 0.6)
            elif spec.kind == "enum":
                value = rng.choice(spec.values or ("",))
            elif spec.kind == "int" and path.endswith("_months"):
                value = rng.choice([0, 3, 6, 12, 120])
            elif spec.kind == "int":
                value = rng.choice([0, 500, 10_000, 250_000, 2_000_000])
            elif spec.kind == "float":
                value = rng.choice([1e22, 5e24, 3e25])
            elif spec.kind == "date":
                value = (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 1000))).isoformat()
            elif spec.kind == "list":
                if spec.values:
                    value = rng.sample(list(spec.values), k=rng.randrange(0, min(4, len(spec.values)) + 1))
                else:
                    value = rng.sample(["KZ", "RU", "US", "DE", "CN"], k=rng.randrange(0, 3))
            else:
                value = "KZ"
            node = data
            parts = path.split(".")
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            node[parts[-1]] = value
        out.append(data)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--profiles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--as-of", default="2026-11-26")
    ap.add_argument("--json", action="store_true", help="print machine-readable figures")
    args = ap.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)

    cat = default_catalog()
    packs = [cat.resolve(pid, as_of) for pid in cat.pack_ids()]
    rules = sum(len(p.rules) for p in packs)
    raw = generate(args.profiles, args.seed)

    t0 = time.perf_counter()
    profiles = [parse_profile(d) for d in raw]
    t_validate = time.perf_counter() - t0

    assess_compiled(profiles[0], packs, as_of=as_of)  # warm-up
    t0 = time.perf_counter()
    assessments = assess_many_compiled(profiles, packs, as_of=as_of)
    t_assess = time.perf_counter() - t0

    sample = profiles[: min(len(profiles), 1000)]
    t0 = time.perf_counter()
    for p in sample:
        assess_compiled(p, packs, as_of=as_of)
    t_scalar = (time.perf_counter() - t0) / len(sample) * len(profiles)

    t0 = time.perf_counter()
    statuses = sum(len(assessments.status_matrix(p.id)) for p in packs)
    t_matrix = time.perf_counter() - t0

    t0 = time.perf_counter()
    for a in assessments:
        a.to_dict()
    t_json = time.perf_counter() - t0

    figures = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "packs": [p.ref for p in packs],
        "rules": rules,
        "profiles": len(profiles),
        "assess_profiles_per_s": round(len(profiles) / t_assess),
        "status_matrix_cells": statuses * len(profiles),
        "status_matrix_seconds": round(t_matrix, 3),
        "scalar_assess_profiles_per_s": round(len(profiles) / t_scalar),
        "assess_plus_json_profiles_per_s": round(len(profiles) / (t_assess + t_json)),
        "validate_profiles_per_s": round(len(profiles) / t_validate),
        "end_to_end_profiles_per_s": round(len(profiles) / (t_validate + t_assess + t_json)),
        "seconds_for_100k_registry": round(100_000 * (t_assess + t_json) / len(profiles), 1),
        "target_profiles_per_s": 5000,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"machine:                 {figures['machine']} (one core used)")
        print(f"packs:                   {', '.join(figures['packs'])} ({rules} rules)")
        print(f"profiles:                {len(profiles)}")
        print(f"assess (batch):          {figures['assess_profiles_per_s']:>8} profiles/s")
        print(f"  (one at a time:        {figures['scalar_assess_profiles_per_s']:>8} profiles/s)")
        print(
            f"status matrix:           {statuses} obligation rules x {len(profiles)} systems"
            f" in {t_matrix:.2f} s"
        )
        print(f"assess + JSON output:    {figures['assess_plus_json_profiles_per_s']:>8} profiles/s")
        print(f"profile validation:      {figures['validate_profiles_per_s']:>8} profiles/s")
        print(f"validate+assess+JSON:    {figures['end_to_end_profiles_per_s']:>8} profiles/s")
        print(f"100k-system registry:    {figures['seconds_for_100k_registry']} s (assess + JSON)")
        ok = figures["assess_profiles_per_s"] >= 5000
        print(f"target >= 5000/s:        {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
