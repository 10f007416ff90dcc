"""The ``reliability`` marker: live-server tests that take about two minutes together
(``pytest -m "not reliability"`` leaves them out of a quick local run; CI runs them)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "reliability: starts `senim serve` processes (crash consistency, soak; issue 9)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/reliability/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.reliability)
