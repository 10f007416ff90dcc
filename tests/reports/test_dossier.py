"""Compliance dossiers: content, documentation index, no personal data, three languages, PDF text, fonts."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from senim.i18n import parse_po, translator
from senim.law import default_catalog
from senim.ledger.chain import actor
from senim.ledger.models import LedgerHead
from senim.profile import load_profile
from senim.registry import services as s
from senim.registry.db import session_scope, upgrade
from senim.reports import charts
from senim.reports.dossier import (
    Dossier,
    build_dossier,
    documentation_index_spec,
    dossier_filename,
    machine_kind,
    portfolio,
    render_html,
    render_pdf,
)

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "senim"
AS_OF = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
# Every Kazakh-specific letter: ә ғ қ ң ө ұ ү һ і.
NAME = "Шаһар әкімдігінің ғылыми-ұлттық көмекшісі: үкімет қызметтері"
KZ_LETTERS = "әғқңөұүһі"
IIN = "931102350473"
EMAIL = "nurlan.s@mail.kz"
SCAN = {
    "complete": True,
    "sources": 1,
    "records": 4,
    "finding_count": 3,
    "entities": {"KZ_IIN": 2, "EMAIL_ADDRESS": 1},
    "validated": {"KZ_IIN": 2, "EMAIL_ADDRESS": 1},
    "fields": {"ИИН": 2, "email": 1},
    "data_subjects": {"distinct_validated_iins": 2, "size_class": "small"},
    "findings": [
        {"field": "ИИН", "entity": "KZ_IIN", "value": IIN, "masked": "9311********"},
        {"field": "email", "entity": "EMAIL_ADDRESS", "value": EMAIL, "masked": "n********@mail.kz"},
    ],
}


@dataclass(frozen=True)
class Seeded:
    url: str
    system_id: str
    principal: s.Principal
    other: s.Principal
    evidence: dict[str, str]  # title -> id


def seed(url: str) -> Seeded:
    """A registry with one fully documented system (and a second organisation) for the tests."""
    upgrade(url)
    with actor("cli:operator"), session_scope(url) as ses:
        org = s.create_org(ses, s.OPERATOR, name="Example Bank JSC", bin="990340005977")
        other = s.create_org(ses, s.OPERATOR, name="Other LLP")
        user = s.create_user(
            ses, s.OPERATOR, org_id=org.id, email="co@example.kz", name="Officer", role="compliance_officer"
        )
        ids = (org.id, other.id, user.id)
    org_id, other_id, user_id = ids
    p = s.Principal(user_id, org_id, "compliance_officer")
    profile = load_profile(ROOT / "examples" / "profiles" / "credit-scoring.yaml")
    profile = profile.model_copy(update={"name": NAME})
    evidence: dict[str, str] = {}
    with actor(user_id), session_scope(url) as ses:
        system = s.add_system(ses, p, profile=profile, owner="Example Bank JSC", lifecycle_stage="deployed")
        sid = system.id
        s.add_risk(
            ses,
            p,
            system_id=sid,
            title="Proxy discrimination",
            likelihood=3,
            impact=4,
            review_date=dt.date(2026, 1, 1),
            measures="Quarterly fairness audit",
        )
        s.add_risk(
            ses,
            p,
            system_id=sid,
            title="Model drift",
            likelihood=2,
            impact=3,
            review_date=dt.date(2027, 3, 1),
        )
        incident = s.add_incident(
            ses,
            p,
            system_id=sid,
            title="Client data exposed in logs",
            harm_types=["personal_data_breach"],
            aware_at=dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC),
        )
        s.add_incident_action(
            ses, p, incident_id=incident.id, kind="measure", description="Access restricted"
        )
        ev = s.add_attestation(
            ses,
            p,
            system_id=sid,
            title="Risk procedure approved",
            statement="Approved by the board.",
            rules=["KZ-AI-18-1-1", "EU-AIA-9"],
        )
        evidence["attestation"] = ev.id
        ev = s.add_file(
            ses,
            p,
            system_id=sid,
            title="Technical documentation v3",
            filename="techdoc.pdf",
            media_type="application/pdf",
            data=b"%PDF-1.4 test",
            rules=["EU-AIA-11"],
        )
        evidence["techdoc"] = ev.id
        ev = s.add_file(
            ses,
            p,
            system_id=sid,
            title="Scan of clients.csv",
            filename="scan.json",
            media_type="application/json",
            data=json.dumps(SCAN).encode(),
            kind="machine_result",
        )
        evidence["scan"] = ev.id
    return Seeded(url, sid, p, s.Principal("someone", other_id, "admin"), evidence)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    url = f"sqlite:///{tmp_path_factory.mktemp('dossier') / 'reg.sqlite3'}"
    yield seed(url)


def _build(seeded: Seeded, lang: str, **kw: object) -> Dossier:
    with session_scope(seeded.url, read_only=True) as ses:
        return build_dossier(ses, seeded.principal, seeded.system_id, lang=lang, as_of=AS_OF, now=NOW, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def dossier_en(seeded: Seeded) -> Dossier:
    return _build(seeded, "en", verify_ledger=True)


def test_dossier_gathers_the_system(seeded: Seeded, dossier_en: Dossier) -> None:
    d = dossier_en
    assert d.name == NAME and d.organisation == "Example Bank JSC" and d.organisation_bin == "990340005977"
    assert [p.pack for p in d.packs] == ["kz-ai-law", "kz-personal-data", "eu-ai-act"]
    kz = d.packs[0]
    risk = next(c for c in kz.classification if c.key == "risk_level")
    assert risk.value == "medium" and risk.meaning == "medium degree of risk"
    assert (
        risk.reasons
        and risk.reasons[0].article.startswith("17(1)")
        and "failure_impact" in risk.reasons[0].why
    )
    # every KZ prohibition was screened, none triggered for this profile
    assert {r.rule for r in kz.screening} >= {"KZ-AI-17-3-1", "KZ-AI-17-3-6"}
    assert all(r.result in ("not_triggered", "review", "not_in_force") for r in kz.screening)
    # obligations: evidence linked with id and hash; the overdue risk review makes 18(1)(4) unmet
    obligations = {o.rule: o for p in d.packs for o in p.obligations}
    linked = obligations["KZ-AI-18-1-1"]
    assert linked.evidence_state == "linked" and linked.evidence[0].id == seeded.evidence["attestation"]
    assert obligations["KZ-AI-18-1-4"].status == "unmet"
    assert d.missing_evidence == sum(1 for o in obligations.values() if o.evidence_state == "missing") > 0
    assert d.overdue_risks == 1 and d.open_incidents == 1
    assert (
        d.incidents[0].clocks[0].article == "25" and d.incidents[0].clocks[0].overdue
    )  # 1 working day, passed
    assert d.risk_chart is not None and d.risk_chart.startswith("<svg")
    # ledger head: the registry's, and verified on request
    with session_scope(seeded.url, read_only=True) as ses:
        head = ses.execute(select(LedgerHead.hash)).scalar_one()
    assert d.ledger.head_hash == head and d.ledger.verified is True
    assert d.history[-1].sha256 == d.profile_sha256 and d.recorded_assessment is None


def test_documentation_index(dossier_en: Dossier, seeded: Seeded) -> None:
    kz, eu = dossier_en.documentation
    assert (kz.key, eu.key) == ("kz", "eu")
    items = {i.id: i for f in dossier_en.documentation for i in f.items}
    # the scan (machine result) documents the data libraries; the risk attestation the risk documentation
    assert items["KZ-DOC-DATA"].status == "evidenced"
    assert items["KZ-DOC-DATA"].evidence[0].id == seeded.evidence["scan"]
    assert items["KZ-DOC-RISK"].status == "evidenced"
    # Annex IV applies to this Annex III provider from 2 Dec 2027: the technical documentation is on file
    # already, the declaration of conformity is not yet due
    assert items["EU-IV-1"].status == "evidenced" and items["EU-IV-1"].evidence[0].sha256
    assert items["EU-IV-8"].status == "not_yet_applicable" and items["EU-IV-8"].applies_from == "2027-12-02"
    assert items["EU-IV-6"].sections and items["EU-IV-6"].sections[0][0] == "history"


def test_documentation_index_spec_is_consistent() -> None:
    spec = documentation_index_spec()
    ids = [i["id"] for i in spec["items"]]
    assert len(ids) == len(set(ids)) and len(ids) >= 13
    known = {
        r.id
        for pid in default_catalog().pack_ids()
        for p in default_catalog().all_versions(pid)
        for r in p.rules
    }
    sections = {"profile", "classification", "risks", "incidents", "history"}
    for item in spec["items"]:
        assert set(item["title"]) == {"kk", "ru", "en"} and all(item["title"].values())
        assert item["confidence"] in ("C", "S", "U") and item["framework"] in spec["frameworks"]
        for rule in [*item.get("rules", ()), *item.get("required_by", ())]:
            assert rule in known, f"{item['id']}: unknown rule {rule}"
        assert set(item.get("sections", ())) <= sections
        assert set(item.get("machine", ())) <= {"scan", "label", "label_verification", "audit"}
    for fw in spec["frameworks"].values():
        assert all(r in known for r in fw["required_by"])


def test_no_personal_data_from_scan_results(dossier_en: Dossier) -> None:
    html = render_html(dossier_en)
    scan = next(m for m in dossier_en.machine_results if m.kind == "scan")
    assert ("KZ_IIN", "2", "2") in scan.table and scan.chart is not None
    for value in (IIN, EMAIL, "9311********", "n********@mail.kz"):
        assert value not in html
    assert "Distinct data subjects (validated IINs)" in html


def test_html_is_self_contained_and_escaped(dossier_en: Dossier) -> None:
    html = render_html(dossier_en)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "<script" not in html and "@font-face" not in html
    assert not re.search(r'(?:src|href)="(?!#)', html)  # only in-document links; no external resource
    assert html.count("<svg") >= 2 and "Documentation index" in html and "MISSING" in html
    for anchor in ("summary", "obligations", "documentation", "ledger"):
        assert f'id="{anchor}"' in html and f'href="#{anchor}"' in html
    assert dossier_filename(dossier_en, "pdf") == "dossier-retail-credit-scoring-2026-11-26-en.pdf"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_dossier_in_kazakh_and_russian(seeded: Seeded, lang: str) -> None:
    d = _build(seeded, lang)
    html = render_html(d)
    _ = translator(lang)
    assert f'<html lang="{lang}">' in html
    for heading in ("Documentation index", "Obligations, status and evidence", "Risk register"):
        assert _(heading) != heading and _(heading) in html
    kz = d.packs[0]
    assert kz.title == default_catalog().resolve("kz-ai-law", AS_OF).title.get(lang)
    assert d.documentation[0].items[0].title == documentation_index_spec()["items"][0]["title"][lang]


def _pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_kazakh_text_fonts_and_page_size(seeded: Seeded) -> None:
    data = render_pdf(_build(seeded, "kk"))
    assert data.startswith(b"%PDF-")
    reader, text = _pdf_text(data)
    assert NAME in text
    for article in ("17(1)", "15(2)(3)", "18(1)(4)", "Annex IV"):
        assert article in text
    assert all(letter in text for letter in KZ_LETTERS)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    fonts = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            desc = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = desc["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts == {"Senim-Sans", "Senim-Sans-Bold"}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_pdf_russian_and_english(seeded: Seeded, lang: str) -> None:
    # one pack keeps the test fast; the full dossier is rendered in Kazakh above
    _reader, text = _pdf_text(render_pdf(_build(seeded, lang, packs=["kz-ai-law"])))
    assert NAME in text and "17(1)" in text and "Art. 11(1)" in text.replace("\n", " ")
    assert translator(lang)("Documentation index") in text


def test_tenancy_applies(seeded: Seeded) -> None:
    with session_scope(seeded.url, read_only=True) as ses, pytest.raises(s.NotFoundError):
        build_dossier(ses, seeded.other, seeded.system_id, lang="en", as_of=AS_OF)
    with pytest.raises(ValueError, match="unsupported language"):
        _build(seeded, "de")


def test_portfolio(seeded: Seeded) -> None:
    with session_scope(seeded.url, read_only=True) as ses:
        pf = portfolio(ses, seeded.principal, lang="ru", as_of=AS_OF, now=NOW)
    assert len(pf.rows) == 1 and pf.rows[0].name == NAME and pf.rows[0].kz_risk == "medium"
    assert pf.rows[0].unmet >= 1 and pf.rows[0].open_incidents == 1 and pf.rows[0].overdue_risks == 1
    html = render_html(pf)
    assert "Портфель систем ИИ" in html and len(pf.charts) == 2
    _reader, text = _pdf_text(render_pdf(pf))
    assert (
        NAME.split(":", maxsplit=1)[0] in " ".join(text.split())
        and dossier_filename(pf, "html") == "portfolio-2026-11-26-ru.html"
    )


def test_machine_kind_and_charts() -> None:
    assert machine_kind(SCAN) == "scan"
    assert machine_kind({"label_id": "x", "layers": [], "machine_readable": True}) == "label"
    assert machine_kind({"verifications": []}) == "label_verification"
    assert machine_kind({"schema": "senim/audit/fairness/v1"}) == "audit"
    assert machine_kind([1, 2]) == "other"
    svg = charts.count_chart(title="T <&>", desc="D", items=[("a", 3), ("b", 0)])
    assert "T &lt;&amp;&gt;" in svg and 'role="img"' in svg and ">3</text>" in svg
    with pytest.raises(ValueError):
        charts.count_chart(title="T", desc="D", items=[])
    with pytest.raises(ValueError):
        charts.risk_matrix(title="T", desc="D", counts={(6, 1): 1}, likelihood_label="L", impact_label="I")


def _dossier_messages() -> set[str]:
    call = re.compile(r"""\b_\((["'])((?:\\.|(?!\1).)*)\1\)""")
    found: set[str] = set()
    paths = [
        SRC / "reports" / "dossier.py",
        *sorted((SRC / "reports" / "templates" / "dossier").glob("*.j2")),
    ]
    for path in paths:
        for m in call.finditer(path.read_text(encoding="utf-8")):
            found.add(m.group(2).replace('\\"', '"'))
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_dossier_string_is_translated(lang: str) -> None:
    from senim.reports import dossier

    messages = _dossier_messages() | set(dossier._MEANINGS.values()) | set(dossier._ENUMS.values())
    assert len(messages) > 150
    _ = translator(lang)
    assert sorted(m for m in messages if _(m) == m and m not in ("Audit", "file", "Regime", "Score")) == []
    own = parse_po(
        (SRC / "i18n" / "locales" / lang / "LC_MESSAGES" / "reports.po").read_text(encoding="utf-8")
    )
    assert all(v.strip() for v in own.values())
