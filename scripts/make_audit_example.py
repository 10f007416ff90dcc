"""Build the shipped audit example in ``examples/audit/``: decisions and the model that made them.

The decisions come from :func:`senim.audits.data.make_credit_decisions` (seeded, synthetic, with a
planted disparity against women and against applicants from two southern regions). A small random
forest is trained to reproduce the lender's decisions from the applicant's data *including* the
applicant's sex and a flag for the two regions, so it learns the planted discrimination; its
decisions and scores then replace the generator's, so that the data and the model agree row by row:

``examples/audit/decisions.parquet``
    One row per application: ``application_id``, the model's features (``income``, ``loan_amount``,
    ``credit_history_years``, ``debt_to_income``, ``employed``, ``female``, ``south_region``), the
    sensitive attributes ``sex``, ``age_band``, ``region``, the actual outcome ``y_true``
    (1 = repaid), the model's ``score`` (probability of approval) and its decision ``y_pred``
    (1 = approved).
``examples/audit/credit-model.skops``
    The fitted :class:`sklearn.ensemble.RandomForestClassifier` (skops format: loading it runs no
    code).

A fairness audit of this example therefore fails (exit code 1) on sex and region: that is the point
of the example. Everything is fictional.

Usage::

    .venv/bin/python scripts/make_audit_example.py            # write the files
    .venv/bin/python scripts/make_audit_example.py --check    # rebuild in memory, compare decisions
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "examples" / "audit"
ROWS = 8000
SEED = 2026
FEATURES = (
    "income",
    "loan_amount",
    "credit_history_years",
    "debt_to_income",
    "employed",
    "female",
    "south_region",
)
MAX_DATA_BYTES = 2 * 1024 * 1024
MAX_MODEL_BYTES = 1024 * 1024


def build() -> tuple[pa.Table, object]:
    """The decisions table and the fitted model (deterministic for the fixed seeds)."""
    from sklearn.ensemble import RandomForestClassifier

    from senim.audits.data import DISADVANTAGED_REGIONS, make_credit_decisions

    raw = make_credit_decisions(ROWS, seed=SEED, disparity=1.0)
    employed = pc.cast(pc.equal(raw["employment"], "employed"), pa.uint8())
    female = pc.cast(pc.equal(raw["sex"], "F"), pa.uint8())
    south = pc.cast(pc.is_in(raw["region"], value_set=pa.array(list(DISADVANTAGED_REGIONS))), pa.uint8())
    frame = raw.select(["income", "loan_amount", "credit_history_years", "debt_to_income"]).to_pandas()
    frame["employed"] = employed.to_numpy()
    frame["female"] = female.to_numpy()
    frame["south_region"] = south.to_numpy()
    x = frame[list(FEATURES)]
    lender = raw["y_pred"].to_numpy()
    model = RandomForestClassifier(
        n_estimators=25, max_depth=6, min_samples_leaf=20, random_state=0, n_jobs=1
    ).fit(x, lender)
    score = np.round(model.predict_proba(x)[:, 1], 6)
    y_pred = (score >= 0.5).astype(np.uint8)
    table = pa.table(
        {
            "application_id": raw["application_id"],
            **{name: pa.array(frame[name].to_numpy()) for name in FEATURES},
            "sex": raw["sex"],
            "age_band": raw["age_band"],
            "region": raw["region"],
            "y_true": raw["y_true"],
            "score": pa.array(score),
            "y_pred": pa.array(y_pred),
        }
    )
    return table, model


def write(table: pa.Table, model: object, out: Path) -> tuple[Path, Path]:
    import skops.io as sio

    out.mkdir(parents=True, exist_ok=True)
    data_path, model_path = out / "decisions.parquet", out / "credit-model.skops"
    pq.write_table(table, data_path, compression="zstd", compression_level=9, row_group_size=ROWS)
    sio.dump(model, model_path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    for path, limit in ((data_path, MAX_DATA_BYTES), (model_path, MAX_MODEL_BYTES)):
        if path.stat().st_size > limit:
            raise SystemExit(f"{path}: {path.stat().st_size} bytes, over the limit of {limit}")
    return data_path, model_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Rebuild and compare with the shipped files.")
    args = parser.parse_args(argv)
    table, model = build()
    if args.check:
        shipped = pq.read_table(OUT / "decisions.parquet")
        if not shipped.equals(table):
            print("examples/audit/decisions.parquet differs from a rebuild", file=sys.stderr)
            return 1
        with tempfile.TemporaryDirectory() as tmp:
            write(table, model, Path(tmp))
        print("examples/audit is up to date")
        return 0
    data_path, model_path = write(table, model, OUT)
    approved = pc.mean(pc.cast(table["y_pred"], pa.float64())).as_py()
    print(f"{data_path.relative_to(ROOT)}: {table.num_rows} rows, {data_path.stat().st_size} bytes")
    print(f"{model_path.relative_to(ROOT)}: {model_path.stat().st_size} bytes; approval rate {approved:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
