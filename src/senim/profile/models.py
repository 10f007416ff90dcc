"""The system profile, schema ``senim/system-profile/v1`` (contract: shared/design/system-profile.md).

Every answer is optional: ``None`` (or an absent key) means *unanswered* and becomes an open
question wherever a rule needs it; it never defaults silently to ``False``. Unknown keys are
errors, so a typo cannot change a legal result. The field names below are a public contract:
add fields, never rename or re-type them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from senim.privacy.detectors.kz.iin_bin import is_valid_bin

SCHEMA_ID = "senim/system-profile/v1"

OrgSize = Literal["individual", "small", "medium", "large"]
KzRole = Literal["owner", "holder", "user", "data_library_owner", "data_library_producer", "state_body"]
EuRole = Literal[
    "provider", "deployer", "importer", "distributor", "authorised_representative", "product_manufacturer"
]
EuExclusion = Literal["military", "research", "personal", "open_source"]
Technique = Literal["computer_vision", "nlp", "speech", "decision_support", "generative", "machine_learning"]
FailureImpact = Literal["minimal", "reduced_efficiency_or_harm", "emergency_or_significant_harm"]
DecisionMode = Literal["human_decides", "human_can_override", "no_human_override"]
UsageMode = Literal["open", "closed", "local"]
EmotionSetting = Literal["workplace", "education", "medical_or_safety", "other"]
BiometricPurpose = Literal["discrimination", "dataset_labelling", "law_enforcement", "other"]
RbiException = Literal["victims_search", "imminent_threat", "serious_crime_suspect"]
AnnexIIIPoint = Literal[
    "1a",
    "1b",
    "1c",
    "2",
    "3a",
    "3b",
    "3c",
    "3d",
    "4a",
    "4b",
    "5a",
    "5b",
    "5c",
    "5d",
    "6a",
    "6b",
    "6c",
    "6d",
    "6e",
    "7a",
    "7b",
    "7c",
    "7d",
    "8a",
    "8b",
]
AnnexILegislation = Literal[
    # Section A (New Legislative Framework)
    "machinery",
    "toys",
    "recreational_craft",
    "lifts",
    "atex_equipment",
    "radio_equipment",
    "pressure_equipment",
    "cableways",
    "personal_protective_equipment",
    "gas_appliances",
    "medical_devices",
    "in_vitro_diagnostic_medical_devices",
    # Section B
    "civil_aviation_security",
    "two_or_three_wheel_vehicles",
    "agricultural_forestry_vehicles",
    "marine_equipment",
    "rail_interoperability",
    "motor_vehicles",
    "civil_aviation",
]
DeployerType = Literal["public_body", "public_service", "private"]
ContentKind = Literal["text", "image", "audio", "video"]
DocumentKind = Literal[
    "technical_documentation",
    "risk_management",
    "data_libraries",
    "ethical_assessment",
    "user_agreement",
    "instructions_for_use",
    "quality_management_system",
    "conformity_assessment",
    "eu_declaration_of_conformity",
    "fundamental_rights_impact_assessment",
    "data_protection_impact_assessment",
    "art_6_3_assessment",
    "post_market_monitoring_plan",
    "copyright_policy",
    "training_content_summary",
    "downstream_provider_information",
    "personal_data_policy",
    "model_evaluation",
]
PdCategory = Literal["identifiers", "contact", "financial", "health", "biometric", "restricted", "children"]

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,127}$")

Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code")]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=True)


class Organization(_Section):
    name: str | None = Field(None, description="Legal name of the organisation answering for the system.")
    bin: str | None = Field(None, description="Kazakhstan business identification number (12 digits).")
    size: OrgSize | None = Field(
        None, description="Organisation size (KZ sanctions under КоАП 641-1; EU SME fine caps)."
    )
    sme: bool | None = Field(None, description="Is it an SME or start-up under the EU definition?")

    @field_validator("bin", mode="before")
    @classmethod
    def _bin_is_text(cls, value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            raise ValueError(
                'write the BIN in quotes, e.g. bin: "990340005977" (YAML reads bare digits as a number '
                "and drops leading zeros)"
            )
        return value

    @field_validator("bin")
    @classmethod
    def _check_bin(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_bin(value):
            raise ValueError(
                "not a valid BIN: 12 digits, month 01-12, type digit 4-6, attribute 0-3, check digit"
            )
        return value


class Roles(_Section):
    kz: list[KzRole] | None = Field(None, description="Roles under Kazakhstan law 230-VIII.")
    eu: list[EuRole] | None = Field(None, description="Roles under the EU AI Act (Art. 3).")


class EuJurisdiction(_Section):
    placed_on_market: bool | None = Field(
        None, description="Placed on the EU market or put into service in the EU?"
    )
    output_used_in_eu: bool | None = Field(None, description="Is the system's output used in the EU?")
    exclusion: EuExclusion | None = Field(None, description="Art. 2 exclusion claimed (null: none claimed).")


class Jurisdiction(_Section):
    kz: bool | None = Field(None, description="Created, operated or offered in Kazakhstan?")
    eu: EuJurisdiction = Field(default_factory=EuJurisdiction)


class Capabilities(_Section):
    manipulation: bool | None = Field(
        None, description="Uses subliminal, manipulative or deceptive techniques that distort behaviour?"
    )
    exploits_vulnerabilities: bool | None = Field(
        None, description="Exploits vulnerabilities due to age, disability, social or economic situation?"
    )
    social_scoring: bool | None = Field(
        None, description="Evaluates or classifies people over time by social behaviour or personal traits?"
    )
    social_scoring_legal_basis: bool | None = Field(
        None, description="Does a Kazakh law provide for this social scoring (KZ 17(3)(3) exception)?"
    )
    crime_prediction_by_profiling: bool | None = Field(
        None, description="Predicts the risk of a person committing a crime solely by profiling or traits?"
    )
    untargeted_face_scraping: bool | None = Field(
        None,
        description="Scrapes facial images untargeted from the internet or CCTV to build face databases?",
    )
    emotion_recognition: bool | None = Field(None, description="Recognises or infers people's emotions?")
    emotion_recognition_consent: bool | None = Field(
        None, description="Do the people whose emotions are recognised consent to it?"
    )
    emotion_recognition_legal_basis: bool | None = Field(
        None, description="Does a Kazakh law provide for this emotion recognition (KZ 17(3)(6) exception)?"
    )
    emotion_recognition_setting: EmotionSetting | None = Field(
        None, description="Where is emotion recognition used?"
    )
    biometric_categorisation: bool | None = Field(
        None,
        description=(
            "Infers race, politics, union membership, religion, sex life or orientation from biometrics?"
        ),
    )
    biometric_categorisation_purpose: BiometricPurpose | None = Field(
        None, description="Purpose of the biometric categorisation."
    )
    realtime_remote_biometric_id: bool | None = Field(
        None, description="Real-time remote biometric identification in publicly accessible spaces?"
    )
    rbi_law_enforcement_exception: RbiException | None = Field(
        None, description="Art. 5(1)(h) law-enforcement objective relied on (null: none)."
    )
    rbi_authorised: bool | None = Field(
        None, description="Prior judicial or independent administrative authorisation obtained (EU 5(3))?"
    )
    generates_unlawful_output: bool | None = Field(
        None, description="Can it create or distribute output that the law prohibits (no content controls)?"
    )
    generates_intimate_imagery_of_real_people: bool | None = Field(
        None, description="Can it generate non-consensual intimate imagery of real people or CSAM?"
    )


class AnnexI(_Section):
    product_or_safety_component: bool | None = Field(
        None, description="Is it a product, or a safety component of a product, under Annex I legislation?"
    )
    third_party_conformity_assessment: bool | None = Field(
        None, description="Does that product need a third-party conformity assessment?"
    )
    legislation: AnnexILegislation | None = Field(None, description="Which Annex I legislation applies.")


class Art63(_Section):
    narrow_procedural_task: bool | None = Field(
        None, description="Performs only a narrow procedural task (6(3)(a))?"
    )
    improves_completed_human_activity: bool | None = Field(
        None, description="Improves the result of a previously completed human activity (6(3)(b))?"
    )
    detects_patterns_without_replacing_review: bool | None = Field(
        None, description="Detects decision patterns without replacing human review (6(3)(c))?"
    )
    preparatory_task: bool | None = Field(
        None, description="Performs a preparatory task to an Annex III assessment (6(3)(d))?"
    )


class EuHighRisk(_Section):
    annex_i: AnnexI = Field(default_factory=AnnexI)
    annex_iii: list[AnnexIIIPoint] | None = Field(
        None, description="Annex III use cases ([] when none applies)."
    )
    art_6_3: Art63 = Field(default_factory=Art63)
    profiles_natural_persons: bool | None = Field(None, description="Does it profile natural persons?")
    deployer_type: DeployerType | None = Field(None, description="Kind of deployer (FRIA, Art. 27).")
    employer_use_on_workers: bool | None = Field(None, description="Used by an employer on its workers?")
    workers_informed: bool | None = Field(
        None, description="Were workers' representatives and affected workers informed before use (26(7))?"
    )
    registered_in_eu_database: bool | None = Field(
        None, description="Registered in the EU database (Art. 49)?"
    )
    ce_marking: bool | None = Field(None, description="CE marking affixed (Art. 48)?")


class Interaction(_Section):
    interacts_with_people: bool | None = Field(None, description="Does it interact directly with people?")
    ai_use_disclosed: bool | None = Field(
        None, description="Are people told that AI is used (KZ 21(1), EU 50(1))?"
    )
    limitations_disclosed: bool | None = Field(
        None, description="Are users given the system's characteristics and limits (KZ 7(1))?"
    )
    generates_content: list[ContentKind] | None = Field(
        None, description="Kinds of synthetic content generated ([] when none)."
    )
    imitates_real_person: bool | None = Field(
        None, description="Does output imitate a real person's appearance, voice or behaviour?"
    )
    depicts_events_that_did_not_happen: bool | None = Field(
        None, description="Does output depict events that did not happen?"
    )
    artistic_or_satirical: bool | None = Field(
        None, description="Is the content part of an evidently artistic, satirical or fictional work?"
    )
    public_interest_text_without_editorial_review: bool | None = Field(
        None, description="Publishes AI text on matters of public interest without editorial review?"
    )
    machine_readable_marking: bool | None = Field(
        None, description="Is synthetic output marked in a machine-readable form?"
    )
    visible_warning: bool | None = Field(
        None, description="Does synthetic output carry a warning people can perceive?"
    )


class Decisions(_Section):
    affect_peoples_rights: bool | None = Field(
        None, description="Does it make or support decisions affecting people's rights?"
    )
    solely_automated_legal_effect: bool | None = Field(
        None, description="Are decisions with legal effect taken solely by automated processing?"
    )
    explanation_available: bool | None = Field(None, description="Can affected people get an explanation?")
    data_basis_disclosure: bool | None = Field(
        None, description="Can users obtain the data a decision was based on (KZ 16(1)(5))?"
    )
    objection_route: bool | None = Field(None, description="Can affected people object to a decision?")
    can_refuse_ai: bool | None = Field(
        None, description="Can users refuse to interact with the AI (KZ 16(1)(6))?"
    )
    user_agreement_before_first_use: bool | None = Field(
        None, description="Can users read the user agreement before first use (KZ 15(2)(5))?"
    )
    user_support_channel: bool | None = Field(None, description="Is there a user-support channel?")
    subjects_informed_of_high_risk_use: bool | None = Field(
        None, description="Are persons subject to decisions told a high-risk AI system is used (EU 26(11))?"
    )


class Governance(_Section):
    risk_register_reviewed_on: dt.date | None = Field(
        None, description="Date the risk register was last reviewed (KZ 18(1)(4): at least yearly)."
    )
    misuse_scenarios_assessed: bool | None = Field(
        None, description="Are foreseeable misuse scenarios assessed?"
    )
    suspension_procedure: bool | None = Field(
        None, description="Is there a procedure to suspend or stop the system?"
    )
    human_oversight_assigned: bool | None = Field(
        None, description="Is human oversight assigned to competent people?"
    )
    logs_retained_months: int | None = Field(
        None, ge=0, le=1200, description="Months that logs are retained (at most 100 years)."
    )
    documentation: list[DocumentKind] | None = Field(None, description="Documents kept ([] when none).")
    ai_literacy_programme: bool | None = Field(
        None, description="Is there an AI-literacy programme for staff?"
    )
    security_measures: bool | None = Field(
        None, description="Is the system secured against unauthorised access and failures (KZ 15(2)(2))?"
    )
    incident_reporting_procedure: bool | None = Field(
        None, description="Is there a procedure to report serious incidents within the legal clocks?"
    )
    trusted_list_application: bool | None = Field(
        None, description="Does the owner or holder seek inclusion in a trusted list (KZ Art. 19)?"
    )
    audit_completed: bool | None = Field(None, description="Has an audit under KZ Art. 20 been completed?")


class PersonalData(_Section):
    processed: bool | None = Field(None, description="Does the system process personal data?")
    categories: list[PdCategory] | None = Field(None, description="Categories of personal data processed.")
    unique_subjects: int | None = Field(
        None, ge=0, le=100_000_000_000, description="Number of unique data subjects."
    )
    consent_obtained: bool | None = Field(None, description="Is consent obtained (or a legal basis held)?")
    consent_content_complete: bool | None = Field(
        None, description="Does the consent carry every item of PD Law Art. 8(4)?"
    )
    consent_covers_cross_border: bool | None = Field(
        None, description="Does the consent cover cross-border transfer?"
    )
    primary_database_country: Country | None = Field(
        None, description="Country of the primary personal-data database."
    )
    cross_border_destinations: list[Country] | None = Field(
        None, description="Countries receiving personal data, including foreign model APIs ([] when none)."
    )
    responsible_person_appointed: bool | None = Field(
        None, description="Is a person responsible for organising processing appointed?"
    )
    breach_procedure_one_working_day: bool | None = Field(
        None, description="Can a breach be notified within one working day of detection?"
    )
    processing_notified: bool | None = Field(
        None, description="Was the authorised body notified before processing started (PD Law Art. 10-1)?"
    )
    subject_requests_procedure: bool | None = Field(
        None, description="Are subjects' requests answered within the legal deadlines?"
    )

    @field_validator("cross_border_destinations")
    @classmethod
    def _unique(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("country codes must not repeat")
        return value


class TrainingData(_Section):
    lawful_basis_documented: bool | None = Field(
        None, description="Is the lawful basis of the training data documented?"
    )
    producer_metadata_machine_readable: bool | None = Field(
        None, description="Are data-library producer details machine-readable (KZ 27(5))?"
    )
    uses_copyrighted_works: bool | None = Field(None, description="Is it trained on copyrighted works?")
    machine_readable_optouts_honoured: bool | None = Field(
        None, description="Are machine-readable training opt-outs honoured (KZ 23(5), EU 53(1)(c))?"
    )


class Gpai(_Section):
    is_gpai_model: bool | None = Field(None, description="Is this a general-purpose AI model?")
    training_flops: float | None = Field(
        None, ge=0, le=1e40, allow_inf_nan=False, description="Cumulative training compute in FLOPs."
    )
    open_source_licence: bool | None = Field(
        None, description="Released under a free and open-source licence with public weights?"
    )
    systemic_risk_designated: bool | None = Field(
        None, description="Designated by the Commission as a model with systemic risk?"
    )


class SystemProfile(_Section):
    """One AI system, as its owner, holder, provider or deployer describes it."""

    schema_: Literal["senim/system-profile/v1"] = Field("senim/system-profile/v1", alias="schema")
    id: str = Field(..., description="Slug, unique within an organisation.")
    name: str | None = Field(None, description="Human-readable name.")
    description: str | None = Field(None, description="What the system does.")
    organization: Organization = Field(default_factory=Organization)
    roles: Roles = Field(default_factory=Roles)
    jurisdiction: Jurisdiction = Field(default_factory=Jurisdiction)
    techniques: list[Technique] | None = Field(None, description="AI techniques used.")
    placed_on_market: dt.date | None = Field(
        None, description="Date first placed on the market or put into service."
    )
    failure_impact: FailureImpact | None = Field(
        None, description="Worst consequence if the system fails or stops (KZ 17(1))."
    )
    critical_ict_object: bool | None = Field(
        None, description="Is it a critically important ICT-infrastructure object?"
    )
    state_information_resource: bool | None = Field(
        None, description="Is it used to build state electronic information resources?"
    )
    decision_mode: DecisionMode | None = Field(None, description="Who takes the final decision (KZ 17(2))?")
    usage_mode: UsageMode | None = Field(None, description="Usage mode (KZ 17(4)).")
    public_network_connected: bool | None = Field(
        None, description="Is it connected to public telecommunication networks?"
    )
    processes_restricted_data: bool | None = Field(
        None, description="Does it process data whose access is restricted by law?"
    )
    capabilities: Capabilities = Field(default_factory=Capabilities)
    eu_high_risk: EuHighRisk = Field(default_factory=EuHighRisk)
    interaction: Interaction = Field(default_factory=Interaction)
    decisions: Decisions = Field(default_factory=Decisions)
    governance: Governance = Field(default_factory=Governance)
    personal_data: PersonalData = Field(default_factory=PersonalData)
    training_data: TrainingData = Field(default_factory=TrainingData)
    gpai: Gpai = Field(default_factory=Gpai)

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=True)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("must be a slug: lower-case letters, digits, '-' or '_' (at most 128)")
        return value
