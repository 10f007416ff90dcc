"""The fuzz targets (``fuzz/``): replay of every seed and regression input, the runner, a bounded run.

* Every file in ``fuzz/corpus/<target>/`` and ``fuzz/regressions/<target>/`` goes through its
  target's ``test_one_input`` in-process: a seed or a past crash that fails again fails here.
* The runner reports a planted crash (so a run that finds nothing really found nothing).
* ``@pytest.mark.fuzz``: every target under libFuzzer for ``SENIM_FUZZ_SECONDS`` (default 15: 11
  targets, start-up included, fit 150 s of wall time on 2 cores) with 2 parallel jobs; any crash,
  timeout or out-of-memory input fails the test with the runner's table.
"""

from __future__ import annotations

import importlib
import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest

from fuzz import run as runner

FUZZ = Path(runner.__file__).resolve().parent
TARGETS = runner.all_targets()
REGRESSIONS = sorted(p for p in (FUZZ / "regressions").glob("*/*") if p.is_file())


def _target(name: str) -> Callable[[bytes], None]:
    module = importlib.import_module(f"fuzz.targets.{name}")
    return cast(Callable[[bytes], None], module.test_one_input)


def test_every_target_has_seeds_and_every_input_folder_a_target() -> None:
    assert len(TARGETS) >= 9
    for name in TARGETS:
        assert any((FUZZ / "corpus" / name).iterdir()), f"no seeds for {name}"
    for kind in ("corpus", "regressions"):
        for folder in (FUZZ / kind).iterdir():
            assert folder.name in TARGETS, f"fuzz/{kind}/{folder.name} names no target"


@pytest.mark.parametrize("name", TARGETS)
def test_seed_corpus_replays(name: str) -> None:
    one_input = _target(name)
    seeds = sorted((FUZZ / "corpus" / name).iterdir())
    for seed in seeds:
        one_input(seed.read_bytes())


@pytest.mark.parametrize("path", REGRESSIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_regression_replays(path: Path) -> None:
    _target(path.parent.name)(path.read_bytes())


def test_runner_reports_a_crash(tmp_path: Path) -> None:
    targets = tmp_path / "targets"
    (targets / "corpus" / "boom").mkdir(parents=True)
    (targets / "corpus" / "boom" / "seed").write_bytes(b"!")
    (targets / "boom.py").write_text(
        textwrap.dedent(
            """
            import sys
            import atheris

            def test_one_input(data: bytes) -> None:
                if data.startswith(b"!"):
                    raise KeyError("planted")

            atheris.Setup(sys.argv, test_one_input)
            atheris.Fuzz()
            """
        )
    )
    result = runner.run_target("boom", 5, tmp_path / "out", targets_dir=targets)
    assert result.found
    assert len(result.crashes) == 1 and Path(result.crashes[0]).read_bytes().startswith(b"!")
    assert result.error is not None and "KeyError" in result.error
    assert "1 crash" in runner.table([result])


def test_log_parsing() -> None:
    log = textwrap.dedent(
        """\
        #2	INITED cov: 10 ft: 12 corp: 2/30b exec/s: 0 rss: 50Mb
        #4096	pulse  cov: 40 ft: 55 corp: 9/300b lim: 40 exec/s: 2048 rss: 60Mb
        #9000	DONE   cov: 42 ft: 61 corp: 11/400b lim: 40 exec/s: 1500 rss: 61Mb
        stat::number_of_executed_units: 9001
        stat::average_exec_per_sec:     1500
        stat::peak_rss_mb:              61
        """
    )
    result = runner.Result("x")
    runner.parse_log(result, log, Path("/nonexistent"))
    assert (result.executions, result.exec_per_s, result.cov, result.ft, result.corpus) == (
        9001,
        1500,
        42,
        61,
        11,
    )
    assert not result.found


# Executions per target in the suite's run (about 10 s each here): with the fixed seed the run is
# the same inputs every time, checked clean before commit; a slower machine runs a prefix of them.
CI_RUNS: dict[str, int] = {
    "audit_data": 10_000,
    "conditions": 70_000,
    "media_xmp": 5_000,
    "pack_yaml": 6_000,
    "profile_yaml": 9_000,
    "report_inputs": 300_000,
    "scan_readers": 4_000,
    "scan_text": 500,
    "signer": 7_000,
    "verify": 2_500,
    "watermark": 250,
}


@pytest.mark.fuzz
def test_bounded_fuzzing_finds_nothing(tmp_path: Path) -> None:
    seconds = int(os.environ.get("SENIM_FUZZ_SECONDS", "15"))
    # a fixed seed: the suite walks the same mutations each run (SENIM_FUZZ_SEED to explore others)
    seed = int(os.environ.get("SENIM_FUZZ_SEED", "20261127"))
    explore = "SENIM_FUZZ_SEED" in os.environ or "SENIM_FUZZ_SECONDS" in os.environ
    results = runner.run(TARGETS, seconds, 2, tmp_path, seed=seed, runs=None if explore else CI_RUNS)
    report = runner.table(results)
    print(report)
    assert sum(r.executions for r in results) > 0, report
    assert not any(r.found for r in results), "fuzzing found problems:\n" + report
