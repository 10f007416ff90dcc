"""Registry services: tenancy, roles, evidence, assessments, risks, incidents, literacy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from senim.registry import services
from senim.registry.db import session_scope
from senim.registry.models import AISystem, Evidence
from senim.registry.services import Principal
from tests.helpers import catalog_before_the_omnibus, make_profile
from tests.registry.conftest import World

KZ = dt.timezone(dt.timedelta(hours=5))


def _user(w: World, role: str, org_id: str | None = None) -> Principal:
    with session_scope(w.url) as s:
        user = services.create_user(
            s, services.OPERATOR, org_id=org_id or w.org_id, email=f"{role}@x.kz", name=role, role=role
        )
        return Principal(user.id, user.org_id, user.role)


def test_other_organisations_see_nothing(world: World) -> None:
    with session_scope(world.url) as s:
        other = services.create_org(s, services.OPERATOR, name="Other LLP")
    intruder = _user(world, "admin", other.id)
    with session_scope(world.url) as s:
        with pytest.raises(services.NotFoundError):
            services.get_system(s, intruder, world.system_id)
        with pytest.raises(services.NotFoundError):
            services.add_risk(
                s,
                intruder,
                system_id=world.system_id,
                title="x",
                likelihood=1,
                impact=1,
                review_date=dt.date(2027, 1, 1),
            )
        assert services.list_systems(s, intruder)[1] == 0


def test_roles(world: World) -> None:
    auditor = _user(world, "auditor")
    regulator = _user(world, "regulator")
    with session_scope(world.url) as s:
        assert services.get_system(s, auditor, world.system_id).slug == "base-system"
        with pytest.raises(services.PermissionDeniedError):
            services.add_risk(
                s,
                auditor,
                system_id=world.system_id,
                title="x",
                likelihood=1,
                impact=1,
                review_date=dt.date(2027, 1, 1),
            )
        with pytest.raises(services.NotFoundError):  # unpublished: invisible to the regulator
            services.get_system(s, regulator, world.system_id)
        services.set_system_fields(
            s, services.OPERATOR, system_id=world.system_id, expected_version=None, publication="trusted_list"
        )
    with session_scope(world.url) as s:
        assert services.get_system(s, regulator, world.system_id).publication == "trusted_list"


def test_evidence_closes_obligations_and_files_are_content_addressed(world: World) -> None:
    engineer = _user(world, "engineer")
    with session_scope(world.url) as s:
        services.add_attestation(
            s,
            engineer,
            system_id=world.system_id,
            title="Security review 2026",
            statement="Pen test passed.",
            rules=["KZ-AI-18-1-3"],
        )
        a = services.add_file(
            s,
            engineer,
            system_id=world.system_id,
            title="Model card",
            filename="card.pdf",
            media_type="application/pdf",
            data=b"%PDF-1.7 card",
        )
        b = services.add_file(
            s,
            engineer,
            system_id=world.system_id,
            title="Same bytes",
            filename="copy.pdf",
            media_type="application/pdf",
            data=b"%PDF-1.7 card",
        )
        assert a.sha256 == b.sha256
        with pytest.raises(services.ValidationFailedError, match="exceeds the limit"):
            services.add_file(
                s,
                engineer,
                system_id=world.system_id,
                title="big",
                filename="b",
                media_type="x",
                data=b"x" * 11,
                max_bytes=10,
            )
        record = services.run_assessment(s, engineer, system_id=world.system_id, as_of=dt.date(2026, 11, 26))
        assert record.packs[0].startswith("kz-ai-law@")
    with session_scope(world.url) as s:
        obligations = {o["rule"]: o for o in services.obligations(s, engineer, world.system_id)}
        assert obligations["KZ-AI-18-1-3"]["status"] == "met"
        assert "met by evidence" in obligations["KZ-AI-18-1-3"]["why"]
        ev, data = services.get_evidence(s, engineer, a.id)
        assert data == b"%PDF-1.7 card" and ev.size == len(data)
        assert len(s.scalars(select(Evidence)).all()) == 3


def test_overdue_risk_review_makes_art_18_1_4_unmet(world: World) -> None:
    with session_scope(world.url) as s:
        services.add_risk(
            s,
            services.OPERATOR,
            system_id=world.system_id,
            title="Drift",
            likelihood=3,
            impact=3,
            review_date=dt.date(2026, 1, 1),
        )
        record = services.run_assessment(
            s, services.OPERATOR, system_id=world.system_id, as_of=dt.date(2026, 11, 26)
        )
    ob = next(o for o in record.result["results"][0]["obligations"] if o["rule"] == "KZ-AI-18-1-4")
    assert ob["status"] == "unmet" and "review overdue" in ob["why"]


@pytest.mark.parametrize(
    ("harms", "expected"),
    [
        (["personal_data_breach"], {("kz-personal-data", "25", "2026-11-26")}),
        (["health"], {("eu-ai-act", "73(2)", "2026-12-10")}),
        (["death", "health"], {("eu-ai-act", "73(4)", "2026-12-05")}),
        (["critical_infrastructure"], {("eu-ai-act", "73(3)", "2026-11-27")}),
        (
            ["personal_data_breach", "rights"],
            {("kz-personal-data", "25", "2026-11-26"), ("eu-ai-act", "73(2)", "2026-12-10")},
        ),
    ],
)
def test_incident_clocks(
    world: World,
    harms: list[str],
    expected: set[tuple[str, str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Art. 73 as first enacted (from 2 Aug 2026); with the Digital Omnibus it starts on 2 Dec 2027
    catalog = catalog_before_the_omnibus(tmp_path)
    monkeypatch.setattr(services, "default_catalog", lambda: catalog)
    aware = dt.datetime(2026, 11, 25, 10, 0, tzinfo=KZ)  # a Wednesday
    with session_scope(world.url) as s:
        # Art. 73 binds providers of high-risk systems (the packs' EU-AIA-73-*): an Annex III 4(a) system
        high_risk = make_profile(**{"eu_high_risk.annex_iii": ["4a"]})
        services.update_profile(s, services.OPERATOR, system_id=world.system_id, profile=high_risk)
        incident = services.add_incident(
            s, services.OPERATOR, system_id=world.system_id, title="x", harm_types=harms, aware_at=aware
        )
        view = services.incident_view(s, services.OPERATOR, incident, now=aware)
    got = {
        (
            c["regime"],
            c["article"],
            dt.datetime.fromisoformat(c["deadline"]).astimezone(KZ).date().isoformat(),
        )
        for c in view["clocks"]
    }
    assert got == expected


def test_incident_clocks_follow_the_packs_in_force(world: World) -> None:
    """With the shipped packs (the Digital Omnibus in force), Art. 73 has not started for Annex III
    providers in Nov 2026: a death at a high-risk system starts no EU clock yet; the breach clock does."""
    aware = dt.datetime(2026, 11, 25, 10, 0, tzinfo=KZ)
    with session_scope(world.url) as s:
        high_risk = make_profile(**{"eu_high_risk.annex_iii": ["4a"]})
        services.update_profile(s, services.OPERATOR, system_id=world.system_id, profile=high_risk)
        incident = services.add_incident(
            s,
            services.OPERATOR,
            system_id=world.system_id,
            title="x",
            harm_types=["death", "personal_data_breach"],
            aware_at=aware,
        )
        view = services.incident_view(s, services.OPERATOR, incident, now=aware)
    assert [(c["regime"], c["article"]) for c in view["clocks"]] == [("kz-personal-data", "25")]


def test_breach_clock_skips_the_weekend(world: World) -> None:
    friday = dt.datetime(2026, 11, 20, 16, 0, tzinfo=KZ)
    with session_scope(world.url) as s:
        incident = services.add_incident(
            s,
            services.OPERATOR,
            system_id=world.system_id,
            title="x",
            harm_types=["personal_data_breach"],
            aware_at=friday,
        )
        clock = services.incident_view(s, services.OPERATOR, incident, now=friday)["clocks"][0]
    assert dt.datetime.fromisoformat(clock["deadline"]).astimezone(KZ).date() == dt.date(
        2026, 11, 23
    )  # Monday


def test_incident_validation_and_suspension(world: World) -> None:
    with session_scope(world.url) as s:
        with pytest.raises(services.ValidationFailedError, match="time zone"):
            services.add_incident(
                s,
                services.OPERATOR,
                system_id=world.system_id,
                title="x",
                harm_types=["health"],
                aware_at=dt.datetime(2026, 11, 25, 10, 0),
            )
        with pytest.raises(services.ValidationFailedError, match="harm_types"):
            services.add_incident(
                s,
                services.OPERATOR,
                system_id=world.system_id,
                title="x",
                harm_types=["boredom"],
                aware_at=dt.datetime(2026, 11, 25, tzinfo=KZ),
            )
        incident = services.add_incident(
            s,
            services.OPERATOR,
            system_id=world.system_id,
            title="x",
            harm_types=["safety"],
            aware_at=dt.datetime(2026, 11, 25, tzinfo=KZ),
        )
        services.add_incident_action(
            s,
            services.OPERATOR,
            incident_id=incident.id,
            kind="suspension",
            description="Stopped at once (KZ 18(2))",
        )
    with session_scope(world.url) as s:
        assert s.get(AISystem, world.system_id).lifecycle_stage == "suspended"  # type: ignore[union-attr]


def test_literacy_coverage(world: World) -> None:
    with session_scope(world.url) as s:
        for person, expires in (("Aigerim", dt.date(2027, 6, 1)), ("Daniyar", dt.date(2026, 6, 1))):
            services.add_literacy_record(
                s,
                services.OPERATOR,
                org_id=world.org_id,
                person=person,
                role="operator",
                course="AI basics",
                completed_on=dt.date(2026, 1, 10),
                expires_on=expires,
                systems=[world.system_id],
            )
        cov = services.literacy_coverage(
            s, services.OPERATOR, system_id=world.system_id, on=dt.date(2026, 11, 26)
        )
    assert cov["trained"] == ["Aigerim"] and cov["lapsed"] == ["Daniyar"] and cov["coverage"] == 0.5


def test_profile_versions_and_duplicates(world: World) -> None:
    with session_scope(world.url) as s, pytest.raises(services.ConflictError):
        services.add_system(s, services.OPERATOR, profile=make_profile(), org_id=world.org_id)
    with session_scope(world.url) as s:
        services.update_profile(
            s,
            services.OPERATOR,
            system_id=world.system_id,
            profile=make_profile(failure_impact="emergency_or_significant_harm"),
        )
        services.update_profile(
            s,
            services.OPERATOR,
            system_id=world.system_id,
            profile=make_profile(failure_impact="emergency_or_significant_harm"),
        )  # unchanged
        versions = services.profile_versions(s, services.OPERATOR, world.system_id)
        assert [v.number for v in versions] == [1, 2]
        assert services.current_profile(s, services.OPERATOR, world.system_id).failure_impact == (
            "emergency_or_significant_harm"
        )


def test_tokens(world: World) -> None:
    admin = _user(world, "admin")
    with session_scope(world.url) as s:
        token, plain = services.create_token(s, admin, user_id=admin.user_id, expires_in_days=1)
        assert services.authenticate(s, plain) == admin
        assert services.authenticate(s, plain + "x") is None
        services.revoke_token(s, admin, token_id=token.id)
    with session_scope(world.url) as s:
        assert services.authenticate(s, plain) is None


def test_regulators_read_what_any_organisation_publishes(world: World) -> None:
    with session_scope(world.url) as s:
        agency = services.create_org(s, services.OPERATOR, name="Ministry of AI")
    regulator = _user(world, "regulator", agency.id)
    with session_scope(world.url) as s:
        assert services.list_systems(s, regulator)[1] == 0
        with pytest.raises(services.NotFoundError):
            services.get_system(s, regulator, world.system_id)
        services.set_system_fields(
            s,
            services.OPERATOR,
            system_id=world.system_id,
            expected_version=None,
            publication="public_register",
        )
    with session_scope(world.url) as s:
        assert services.list_systems(s, regulator)[1] == 1
        assert services.get_system(s, regulator, world.system_id).slug == "base-system"
        with pytest.raises(services.PermissionDeniedError):
            services.add_risk(
                s,
                regulator,
                system_id=world.system_id,
                title="x",
                likelihood=1,
                impact=1,
                review_date=dt.date(2027, 1, 1),
            )
    # the published system, not its evidence: neither listed nor readable by another organisation
    officer = _user(world, "compliance_officer")
    with session_scope(world.url) as s:
        ev = services.add_attestation(
            s,
            officer,
            system_id=world.system_id,
            title="Oversight",
            statement="A person reviews every refusal.",
            rules=["KZ-AI-8-1"],
        )
        ev_id = ev.id
    with session_scope(world.url) as s:
        assert services.list_evidence(s, regulator, system_id=world.system_id) == []
        with pytest.raises(services.NotFoundError):
            services.get_evidence(s, regulator, ev_id)
        own = services.list_evidence(s, services.OPERATOR, system_id=world.system_id)
        assert [e.id for e in own] == [ev_id]
