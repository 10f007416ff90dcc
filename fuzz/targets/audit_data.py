"""Audit inputs: ``read_table`` on CSV/TSV/text (optionally gzip) and Parquet bytes, ``binary_labels``
on the first column read, and ``load_thresholds`` on YAML/JSON threshold files.

Input: byte 0 picks the file name (format) and whether only the first header column is asked for
(bit 7); the rest is the file. For ``.csv.gz`` the harness compresses the content itself.

Expected: :class:`senim.audits.errors.AuditInputError`. Anything else escaping is a crash, and so is
a ``read_table`` error message on CSV that quotes a data row (16 characters or more from below
the header line):
messages name files, columns and rows, never values.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fuzz._common import instrumented, leaked, main, write

with instrumented():
    from senim.audits.data import binary_labels, read_table
    from senim.audits.errors import AuditInputError
    from senim.audits.fairness import load_thresholds

# (file name, compress the content in the harness)
_NAMES = (
    ("in.csv", False), ("in.tsv", False), ("in.txt", False), ("in.csv.gz", True),
    ("in.parquet", False), ("thresholds.yaml", False), ("thresholds.json", False),
)  # fmt: skip


def test_one_input(data: bytes) -> None:
    if not data:
        return
    name, pack = _NAMES[(data[0] & 0x7F) % len(_NAMES)]
    content = data[1:]
    path = write(f"audit/{name}", gzip.compress(content, mtime=0) if pack else content)
    try:
        if name.startswith("thresholds"):
            load_thresholds(path)
            return
        first = content.split(b"\n", 1)[0].split(b",")[0].decode("utf-8", "replace").strip('"\r\ufeff')
        columns = [first] if data[0] & 0x80 and first else None
        try:
            table = read_table(str(path), columns=columns)
        except AuditInputError as exc:
            leak = leaked(str(exc), content) if name.endswith((".csv", ".tsv", ".txt", ".csv.gz")) else None
            if leak is not None:
                raise AssertionError(f"the error message quotes the data: {leak!r}") from None
            return
        if table.num_columns:  # its message lists the outcome values on purpose (to choose --positive)
            binary_labels(table.column(0), positive=None, name=table.column_names[0])
    except AuditInputError as exc:
        str(exc)


if __name__ == "__main__":
    main(test_one_input)
