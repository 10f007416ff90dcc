"""The dashboard (figures that link to the lists behind them), the public register, languages,
localised dates and numbers, accessibility basics and the completeness of the web catalogs."""

from __future__ import annotations

import ast
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from senim.i18n import gettext
from senim.ledger.chain import actor
from senim.profile import load_profile
from senim.registry import db, services
from senim.web.dashboard import build_dashboard
from senim.web.formatting import Formatter
from tests.web.conftest import EXAMPLE, ROOT, WebWorld, login

WEB = ROOT / "src" / "senim" / "web"
W1_PY = ["app.py", "deps.py", "routes_core.py", "dashboard.py", "security.py", "formatting.py"]
W1_TEMPLATES = ["base.html", "login.html", "account.html", "dashboard.html", "error.html", "public"]


def _add_portfolio(world: WebWorld) -> dict[str, str]:
    """A second, unpublished system with an overdue risk review, an open personal-data breach (KZ
    clock running) and one of two operators trained."""
    u = world.users
    eng, co = u["engineer"].principal, u["compliance_officer"].principal
    with actor("test"), db.session_scope(world.url) as s:
        cv = services.add_system(s, eng, profile=load_profile(EXAMPLE.with_name("cv-screening.yaml")))
        services.run_assessment(s, eng, system_id=cv.id)
        services.add_risk(
            s,
            eng,
            system_id=cv.id,
            title="Biased ranking",
            likelihood=3,
            impact=4,
            review_date=dt.date.today() - dt.timedelta(days=10),
        )
        incident = services.add_incident(
            s,
            eng,
            system_id=cv.id,
            title="CVs e-mailed to the wrong recruiter",
            harm_types=["personal_data_breach"],
            aware_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2),
        )
        for person, done in (("Aruzhan", True), ("Timur", False)):
            services.add_literacy_record(
                s,
                co,
                person=person,
                role="recruiter",
                course="AI basics",
                completed_on=dt.date.today() - dt.timedelta(days=400 if not done else 10),
                expires_on=dt.date.today() - dt.timedelta(days=35) if not done else None,
                systems=[cv.id],
            )
        return {"cv": cv.id, "incident": incident.id}


def test_dashboard_figures_and_their_links(client: TestClient, web_app: WebWorld) -> None:
    ids = _add_portfolio(web_app)
    login(client, "compliance_officer")
    html = client.get("/?lang=en").text
    with db.session_scope(web_app.url, read_only=True) as s:
        board = build_dashboard(s, web_app.users["compliance_officer"].principal)
    assert len(board.rows) == 2
    cv = next(r for r in board.rows if r.id == ids["cv"])
    credit = next(r for r in board.rows if r.id == web_app.system_id)
    assert (credit.kz_risk, credit.kz_autonomy, credit.eu_tier) == ("medium", "medium", "high")
    assert (cv.kz_risk, cv.kz_autonomy, cv.eu_tier) == ("medium", "low", "high")
    assert cv.overdue_risks == 1 and credit.overdue_risks == 0
    assert cv.open_incidents == 1 and cv.next_deadline is not None and not cv.next_deadline.overdue
    assert (cv.operators, cv.trained) == (2, 1) and board.literacy_coverage == 0.5
    assert board.unmet_total == credit.unmet + cv.unmet > 0
    assert board.kz_matrix()[("medium", "medium")] == 1 and board.eu_tiers()["high"] == 2
    # Every figure is a link to the systems behind it.
    for link in (
        "/?attention=unmet#systems",
        "/?attention=overdue#systems",
        "/?attention=incidents#systems",
        "/?attention=literacy#systems",
        "/?kz_risk=medium&amp;autonomy=medium#systems",
        "/?kz_risk=medium&amp;autonomy=low#systems",
        "/?eu_tier=high#systems",
        f"/systems/{ids['cv']}/risks",
        f"/systems/{ids['cv']}/incidents",
        f"/systems/{web_app.system_id}/obligations",
    ):
        assert f'href="{link}"' in html, link
    assert "CVs e-mailed to the wrong recruiter" in html and "KZ personal-data law, Art. 25" in html
    assert re.search(r"(23|1 day|\d+ hours?)[^<]*left", html)
    assert "50%" in html and "1 of 2 operators trained" in html
    # The filtered lists.
    only_cv = client.get("/?lang=en&attention=overdue").text
    assert "CV screening" in only_cv.split('id="systems"')[1] or ids["cv"] in only_cv.split('id="systems"')[1]
    assert f'id="system-{web_app.system_id}"' not in only_cv
    mm = client.get("/?kz_risk=medium&autonomy=medium").text
    assert f'id="system-{web_app.system_id}"' in mm and f'id="system-{ids["cv"]}"' not in mm
    assert f'id="system-{ids["cv"]}"' not in client.get("/?eu_tier=limited").text
    unknown_filter = client.get("/?eu_tier=bogus").text  # ignored, not an error
    assert f'id="system-{ids["cv"]}"' in unknown_filter


def test_dashboard_is_scoped_to_what_the_principal_may_read(web_app: WebWorld) -> None:
    _add_portfolio(web_app)
    with db.session_scope(web_app.url, read_only=True) as s:
        other = build_dashboard(s, web_app.users["other_admin"].principal)
        regulator = build_dashboard(s, web_app.users["regulator"].principal)
    assert other.rows == []
    assert [r.id for r in regulator.rows] == [web_app.system_id]  # published systems only


def test_overdue_incident_clock(web_app: WebWorld) -> None:
    ids = _add_portfolio(web_app)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
    with db.session_scope(web_app.url, read_only=True) as s:
        board = build_dashboard(s, web_app.users["engineer"].principal, now=later)
    (row, deadline), *_ = board.deadlines()
    assert row.id == ids["cv"] and deadline.overdue and deadline.remaining < dt.timedelta(0)
    assert "incidents" in row.attention()


def test_languages_and_localised_formats(client: TestClient, web_app: WebWorld) -> None:
    login(client, "compliance_officer")
    page = client.get("/")  # no preference anywhere: Kazakh
    assert '<html lang="kk">' in page.text and "Басқару тақтасы" in page.text
    ru = client.get("/?lang=ru")
    assert "senim_lang=ru" in ru.headers["set-cookie"]
    assert '<html lang="ru">' in ru.text and "Панель мониторинга" in ru.text
    assert '<html lang="ru">' in client.get("/account").text  # remembered
    # the dashboard's day is Kazakhstan's (UTC+5), not the machine's: from 19:00 UTC they differ
    today = dt.datetime.now(services.KZ_TIME).date()
    assert Formatter("ru").date(today, "long") in ru.text
    en = client.get("/?lang=en").text
    assert Formatter("en").date(today, "long") in en and "Dashboard" in en
    client.cookies.delete("senim_lang")
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    # The switch links keep the page's query.
    kk = client.get("/?lang=kk&eu_tier=high").text
    assert 'href="/?eu_tier=high&amp;lang=ru"' in kk and 'hreflang="ru"' in kk


def test_formatter() -> None:
    assert Formatter("en").number(1234.5) == "1,234.5"
    assert Formatter("ru").number(1234.5) == "1\xa0234,5"
    assert Formatter("kk").date(dt.date(2026, 1, 5), "long") == "2026\u202fж. 5 қаңтар"
    moment = dt.datetime(2026, 11, 26, 19, 30, tzinfo=dt.UTC)  # 00:30 on the 27th in Kazakhstan
    assert Formatter("en").date(moment) == "27 Nov 2026"
    assert "00:30" in Formatter("en").datetime(moment, "short")
    assert Formatter("en").duration(dt.timedelta(days=1, hours=20, minutes=3)) == "1 day 20 hours"
    assert Formatter("ru").duration(dt.timedelta(minutes=-5)) == "5 минут"
    assert Formatter("kk").percent(0.5) == "50%" and Formatter("en").number(None) == ""


def test_public_register_shows_five_fields_and_nothing_else(client: TestClient, web_app: WebWorld) -> None:
    _add_portfolio(web_app)  # the CV system is not published
    index = client.get("/public?lang=en")
    assert index.status_code == 200 and 'href="/public/example-bank-jsc"' in index.text
    assert "Other LLP" not in index.text
    page = client.get("/public/example-bank-jsc?lang=en")
    assert page.status_code == 200
    table = page.text.split("<table", 1)[1].split("</table>", 1)[0]
    by_id = client.get(f"/public/{web_app.org_id}?lang=en").text
    assert by_id.split("<table", 1)[1].split("</table>", 1)[0] == table
    headers = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert headers == ["AI system", "Owner", "Risk level", "Purpose", "Contact"]
    assert "Retail credit scoring" in table and "medium" in table
    assert "Scores applicants" in table or "loan" in table.lower()
    assert len(re.findall(r"<tr>", table)) == 2  # header + the one published system
    for private in ("CV screening", web_app.system_id, "obligation", "incident", "@example.kz"):
        assert private.lower() not in page.text.lower(), private
    assert client.get("/public/other-llp").status_code == 404


class _A11y(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []
        self.labels: set[str] = set()
        self.h1 = 0
        self.html_lang: str | None = None
        self.main = False
        self.skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.inputs.append(a)
        elif tag == "label" and a.get("for"):
            self.labels.add(str(a["for"]))
        elif tag == "h1":
            self.h1 += 1
        elif tag == "main":
            self.main = a.get("id") == "main"
        elif tag == "a" and a.get("href") == "#main":
            self.skip = True


@pytest.mark.parametrize("path", ["/", "/account", "/public", "/public/example-bank-jsc", "/login", "/nope"])
def test_accessibility_basics(client: TestClient, path: str) -> None:
    if path != "/login":
        login(client, "admin")
    html = client.get(path + ("&" if "?" in path else "?") + "lang=ru").text
    parser = _A11y()
    parser.feed(html)
    assert parser.html_lang == "ru" and parser.h1 == 1 and parser.main and parser.skip
    for field in parser.inputs:
        assert field.get("id") in parser.labels or field.get("aria-label"), field
    assert 'aria-current="page"' in html or path in ("/login", "/nope", "/public/example-bank-jsc")


def _w1_messages() -> set[str]:
    found: set[str] = set()
    for name in W1_PY:
        for node in ast.walk(ast.parse((WEB / name).read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    call = re.compile(r"""\b_\((['"])(.+?)\1\)""")
    for name in W1_TEMPLATES:
        target = WEB / "templates" / name
        for path in [target] if target.is_file() else sorted(target.glob("*.html")):
            found |= {m.group(2) for m in call.finditer(path.read_text(encoding="utf-8"))}
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_web_core_message_is_translated(lang: str) -> None:
    messages = _w1_messages()
    assert len(messages) > 100
    missing = sorted(m for m in messages if gettext(m, lang) == m)
    assert missing == []
    for m in messages:  # placeholders survive translation
        assert sorted(re.findall(r"%\(\w+\)s", m)) == sorted(re.findall(r"%\(\w+\)s", gettext(m, lang))), m


def test_static_files_are_packaged_and_vendored_with_licence() -> None:
    static = WEB / "static"
    assert (static / "htmx.min.js").stat().st_size > 40_000
    assert "Zero-Clause BSD" in (static / "htmx.LICENSE.txt").read_text()
    for name in ("senim.css", "senim.js", "favicon.svg"):
        assert (static / name).is_file()
    assert not re.search(r"https?://", Path(static / "senim.js").read_text())
    for template in (WEB / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']https?://""", text), template
