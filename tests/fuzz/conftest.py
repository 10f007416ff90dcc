"""The ``fuzz`` marker: the bounded coverage-guided run (``pytest -m fuzz``; ``-m "not fuzz"`` skips it)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fuzz: runs every atheris target for SENIM_FUZZ_SECONDS each (fuzz/run.py, 2 jobs)"
    )
