"""`senim report`: a dossier or the portfolio from the local database, as HTML or PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from senim.cli.app import app
from tests.reports.test_dossier import NAME, seed

runner = CliRunner()


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return seed(f"sqlite:///{tmp_path_factory.mktemp('report-cli') / 'reg.sqlite3'}").url


def test_dossier_html(url: str, tmp_path: Path) -> None:
    out = tmp_path / "d.html"
    result = runner.invoke(
        app,
        [
            "report",
            "retail-credit-scoring",
            "--format",
            "html",
            "--lang",
            "ru",
            "--out",
            str(out),
            "--as-of",
            "2026-11-26",
            "--verify-ledger",
        ],
        env={"SENIM_DATABASE_URL": url},
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert (
        NAME in html
        and "Досье соответствия" in html
        and "Цепочка и все строки реестра прошли проверку" in html
    )
    assert "unmet" in result.stdout and "HTML written to" in result.stderr


def test_portfolio_pdf_default_name(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app,
        ["report", "--all", "-f", "pdf", "-l", "kk", "--as-of", "2026-11-26"],
        env={"SENIM_DATABASE_URL": url},
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "portfolio-2026-11-26-kk.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report"], "name one SYSTEM"),
        (["report", "x", "--all"], "name one SYSTEM"),
        (["report", "no-such-system"], "not_found"),
        (["report", "retail-credit-scoring", "--as-of", "26.11.2026"], "invalid date"),
        (["report", "retail-credit-scoring", "--pack", "nope"], "nope"),
    ],
)
def test_errors_exit_2(url: str, args: list[str], message: str, tmp_path: Path) -> None:
    result = runner.invoke(app, [*args, "--out", str(tmp_path / "x.html")], env={"SENIM_DATABASE_URL": url})
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "x.html").exists()
