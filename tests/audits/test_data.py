"""senim.audits.data: reading CSV/Parquet/SQL, 0/1 labels, the seeded example generator."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from senim.audits.data import REGIONS, binary_labels, make_credit_decisions, read_table
from senim.audits.errors import AuditError, AuditInputError

ROWS = [
    ("Айгуль", "F", "Алматы", 1, 0),
    ("Ерлан", "M", "Астана", 0, 1),
    ("Мария", "F", "Шымкент", 1, 1),
]


def write_csv(path: Path, *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    lines = [delimiter.join(["name", "sex", "city", "approved", "repaid"])]
    lines += [delimiter.join(map(str, r)) for r in ROWS]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


# ----------------------------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    ("name", "delimiter", "encoding"),
    [
        ("plain.csv", ",", "utf-8"),
        ("bom.csv", ";", "utf-8-sig"),
        ("legacy.csv", ";", "cp1251"),
        ("tabs.tsv", "\t", "utf-8"),
        ("pipes.txt", "|", "cp1251"),
    ],
)
def test_csv_encoding_and_delimiter_are_sniffed(
    tmp_path: Path, name: str, delimiter: str, encoding: str
) -> None:
    table = read_table(str(write_csv(tmp_path / name, delimiter=delimiter, encoding=encoding)))
    assert table.column_names == ["name", "sex", "city", "approved", "repaid"]
    assert table.column("city").to_pylist() == ["Алматы", "Астана", "Шымкент"]
    assert table.column("approved").type == pa.int64()


def test_cp1251_after_the_first_megabyte_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    ascii_rows = "".join(f"row{i},M,x,1,0\n" for i in range(80_000))  # > 1 MB of ASCII first
    body = "name,sex,city,approved,repaid\n" + ascii_rows + "Айгуль,F,Алматы,1,0\n"
    path.write_bytes(body.encode("cp1251"))
    table = read_table(str(path), columns=["city"])
    assert table.column("city")[-1].as_py() == "Алматы" and table.num_rows == 80_001


def test_gzip_csv_and_column_projection(tmp_path: Path) -> None:
    raw = write_csv(tmp_path / "x.csv").read_bytes()
    path = tmp_path / "x.csv.gz"
    path.write_bytes(gzip.compress(raw))
    table = read_table(str(path), columns=["sex", "repaid"])
    assert table.column_names == ["sex", "repaid"] and table.num_rows == 3


def test_csv_missing_columns_list_the_available_ones(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv")
    with pytest.raises(AuditInputError, match=r"columns 'region', 'age' not found; available: 'name', 'sex'"):
        read_table(str(path), columns=["sex", "region", "age"])


def test_unreadable_sources(tmp_path: Path) -> None:
    with pytest.raises(AuditInputError, match="no such file"):
        read_table(str(tmp_path / "absent.csv"))
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(AuditInputError, match="empty"):
        read_table(str(tmp_path / "empty.csv"))
    (tmp_path / "data.xlsx").write_bytes(b"PK")
    with pytest.raises(AuditInputError, match="unknown data format"):
        read_table(str(tmp_path / "data.xlsx"))
    with pytest.raises(AuditInputError, match="is a folder"):
        read_table(str(tmp_path))
    (tmp_path / "ragged.csv").write_text("a,b\n1,2\n3,4,5\n")
    with pytest.raises(AuditInputError, match="cannot read as CSV"):
        read_table(str(tmp_path / "ragged.csv"))
    (tmp_path / "bad.parquet").write_bytes(b"not parquet")
    with pytest.raises(AuditInputError, match="not a readable Parquet file"):
        read_table(str(tmp_path / "bad.parquet"))
    assert issubclass(AuditInputError, AuditError)


# ------------------------------------------------------------------------------------------- Parquet


def test_parquet_projection_and_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    pq.write_table(make_credit_decisions(100, seed=1), path)
    table = read_table(str(path), columns=["sex", "y_pred"])
    assert table.column_names == ["sex", "y_pred"] and table.num_rows == 100
    with pytest.raises(AuditInputError, match=r"'gender' not found; available: 'application_id'"):
        read_table(str(path), columns=["gender"])


# ----------------------------------------------------------------------------------------------- SQL


def _decisions_db(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE decisions (sex VARCHAR(8), approved INTEGER, note VARCHAR(20))"))
        conn.execute(
            sa.text("INSERT INTO decisions VALUES (:s, :a, :n)"),
            [{"s": "F", "a": 1, "n": None}, {"s": "M", "a": 0, "n": None}, {"s": "F", "a": 0, "n": "x; y"}],
        )
    engine.dispose()


def _count(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = int(conn.execute(sa.text("SELECT COUNT(*) FROM decisions")).scalar_one())
    engine.dispose()
    return n


def test_sql_query_is_read_only(database_url: str) -> None:
    _decisions_db(database_url)
    table = read_table(
        "", query="SELECT sex, approved, note FROM decisions ORDER BY approved", database_url=database_url
    )
    assert table.num_rows == 3 and table.column("approved").to_pylist() == [0, 0, 1]
    assert table.column("note").to_pylist().count("x; y") == 1
    only = read_table(database_url, query="SELECT * FROM decisions;", columns=["sex"])
    assert only.column_names == ["sex"]
    with pytest.raises(AuditInputError, match="must be a SELECT"):
        read_table(database_url, query="DELETE FROM decisions")
    with pytest.raises(AuditInputError, match="single statement"):
        read_table(database_url, query="SELECT 1; DELETE FROM decisions")
    with pytest.raises(
        AuditInputError, match="failed"
    ):  # a write hidden in a WITH is refused by the database
        read_table(database_url, query="WITH t AS (SELECT 1 AS x) DELETE FROM decisions")
    with pytest.raises(AuditInputError, match=r"'gender' not found; available: 'sex', 'approved', 'note'"):
        read_table(database_url, query="SELECT * FROM decisions", columns=["gender"])
    with pytest.raises(AuditInputError, match="failed"):
        read_table(database_url, query="SELECT * FROM no_such_table")
    assert _count(database_url) == 3


def test_sql_needs_a_query_and_a_usable_url() -> None:
    with pytest.raises(AuditInputError, match="needs a query"):
        read_table("x", database_url="sqlite://")
    with pytest.raises(AuditInputError, match="not a usable database URL"):
        read_table("nosuchdb://user:secret@host/db", query="SELECT 1")
    with pytest.raises(AuditInputError) as exc:
        read_table("nosuchdb://user:secret@host/db", query="SELECT 1")
    assert "secret" not in str(exc.value)


# -------------------------------------------------------------------------------------------- labels


def test_binary_labels_accepts_booleans_and_zero_one() -> None:
    assert binary_labels(pa.chunked_array([[True, False], [True]]), positive=None, name="y").tolist() == [
        1,
        0,
        1,
    ]
    assert binary_labels(np.array([0, 1, 1]), positive=None, name="y").dtype == np.uint8
    assert binary_labels(np.array([0.0, 1.0]), positive=None, name="y").tolist() == [0, 1]
    assert binary_labels(pa.array([0, 0, 0]), positive=None, name="y").tolist() == [0, 0, 0]
    assert binary_labels(pa.array([0, 1]), positive=0, name="y").tolist() == [1, 0]
    assert binary_labels(pa.array([0, 1]), positive="0", name="y").tolist() == [1, 0]  # CLI text
    assert binary_labels(pa.array([True, False]), positive="false", name="y").tolist() == [0, 1]
    assert binary_labels(pa.array([1, 1]), positive="0", name="y").tolist() == [0, 0]
    assert binary_labels(pa.array([], type=pa.int64()), positive=None, name="y").tolist() == []


def test_binary_labels_with_a_positive_value() -> None:
    values = pa.array(["approved", "declined", "approved"])
    assert binary_labels(values, positive="approved", name="d").tolist() == [1, 0, 1]
    assert binary_labels(values.dictionary_encode(), positive="declined", name="d").tolist() == [0, 1, 0]
    assert binary_labels(pa.array(["declined"] * 3), positive="approved", name="d").tolist() == [0, 0, 0]
    # a 0/1 column keeps 1 as positive when the label is not of its type (one --positive for both)
    assert binary_labels(pa.array([0, 1]), positive="approved", name="p").tolist() == [0, 1]
    with pytest.raises(AuditInputError, match=r"'pending' is not one of the values of column 'd'"):
        binary_labels(values, positive="pending", name="d")
    with pytest.raises(AuditInputError, match="say which one is the positive outcome"):
        binary_labels(values, positive=None, name="d")
    with pytest.raises(AuditInputError, match="not a value of column 'n'"):
        binary_labels(pa.array([1, 2]), positive="yes", name="n")


def test_binary_labels_refuses_missing_and_non_binary_values() -> None:
    with pytest.raises(AuditInputError, match=r"column 'y' has a missing value .* at row 3 .*2 missing"):
        binary_labels(pa.chunked_array([[1, 0], [0, None, None]]), positive=None, name="y")
    with pytest.raises(AuditInputError, match=r"at row 1"):
        binary_labels(np.array([1.0, np.nan]), positive=None, name="y")
    with pytest.raises(AuditInputError, match=r"at row 0"):
        binary_labels(np.array([None, "a"], dtype=object), positive="a", name="y")
    with pytest.raises(AuditInputError, match="entirely empty"):
        binary_labels(pa.nulls(3), positive=None, name="y")
    with pytest.raises(AuditInputError, match=r"not binary: 3 distinct values \('a', 'b', 'c'\)"):
        binary_labels(pa.array(["a", "b", "c"]), positive="a", name="y")
    with pytest.raises(AuditInputError, match="looks like a score"):
        binary_labels(pa.array([0.1, 0.7, 0.4]), positive=None, name="y")
    with pytest.raises(AuditInputError, match="one-dimensional"):
        binary_labels(np.zeros((2, 2)), positive=None, name="y")


# ----------------------------------------------------------------------------------------- generator


def test_generator_is_seeded_and_plants_the_disparity() -> None:
    a = make_credit_decisions(20_000, seed=5, disparity=1.0)
    assert a.equals(make_credit_decisions(20_000, seed=5, disparity=1.0))
    assert not a.equals(make_credit_decisions(20_000, seed=6, disparity=1.0))
    assert set(a.column_names) >= {"income", "sex", "age_band", "region", "y_true", "y_pred", "score"}
    assert set(a.column("region").unique().to_pylist()) == set(REGIONS) and len(REGIONS) == 17
    df = a.to_pandas()
    assert ((df.score >= 0.5) == (df.y_pred == 1)).all()
    sel = df.groupby("sex").y_pred.mean()
    base = df.groupby("sex").y_true.mean()
    assert sel["M"] - sel["F"] > 0.2 and abs(base["M"] - base["F"]) < 0.03
    region = df.groupby("region").y_pred.mean()
    assert region[["Kyzylorda", "Turkistan"]].max() < region.drop(["Kyzylorda", "Turkistan"]).min()
    fair = make_credit_decisions(20_000, seed=5, disparity=0.0, features=False).to_pandas()
    assert "income" not in fair.columns
    assert abs(fair.groupby("sex").y_pred.mean().diff().iloc[-1]) < 0.03
    assert make_credit_decisions(0, seed=1).num_rows == 0
