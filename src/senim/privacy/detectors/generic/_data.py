"""Loading of the small data tables shipped next to the detectors (``generic/data/``)."""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["data_rows"]


@cache
def data_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``data/<name>``: whitespace-separated (tab-separated when tabs are present) fields.

    Blank lines and ``#`` comments are skipped.
    """
    text = resources.files("senim.privacy.detectors.generic").joinpath("data", name).read_text("utf-8")
    rows: list[tuple[str, ...]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        rows.append(tuple(f.strip() for f in line.split("\t")) if "\t" in line else tuple(line.split()))
    return tuple(rows)
