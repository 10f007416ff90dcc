"""The questionnaire of the web wizard: the profile's fields grouped by topic, each with a plain
explanation and the articles of the rule packs it serves, plus the parsing of a topic's form.

Nothing here knows HTTP. The questions are the profile model's own field descriptions (English
source text, translated through the gettext catalogs); the articles are derived from the rule packs:
a field serves an article when the article's rule reads the field in its condition, in one of its
exceptions, in its ``met_if``, or through a fact the rule uses. Unanswered stays unanswered: an empty
answer becomes ``None`` (an open question), never ``False`` or ``[]``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from senim.law import default_catalog
from senim.law.conditions import Compiled
from senim.law.packs import DOCUMENT_LABELS, CompiledPack, CompiledRule
from senim.profile.fields import FieldSpec, profile_fields

__all__ = [
    "NONE_CHOICE",
    "PACK_LABELS",
    "ArticleRef",
    "FieldProblem",
    "Question",
    "Topic",
    "apply_answers",
    "articles_by_field",
    "get_path",
    "questionnaire",
    "topic_of_field",
    "value_label",
]

NONE_CHOICE = "__none__"  # the checkbox "none of these" of a list question: [] rather than unanswered

# Short names of the packs (English source text, translated in the catalogs).
PACK_LABELS: dict[str, str] = {
    "kz-ai-law": "KZ AI Law",
    "kz-personal-data": "KZ Personal Data Law",
    "eu-ai-act": "EU AI Act",
}


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article of one pack that a question serves, with the rules behind it."""

    pack: str
    article: str
    rules: tuple[str, ...]

    @property
    def pack_label(self) -> str:
        return PACK_LABELS.get(self.pack, self.pack)


@dataclass(frozen=True, slots=True)
class Question:
    path: str
    kind: str  # bool | enum | int | float | date | str | list
    item_kind: str | None
    values: tuple[str, ...]
    label: str  # English source text of the question
    explanation: str  # English source text
    articles: tuple[ArticleRef, ...]
    scope_of: tuple[str, ...]  # packs whose scope depends on the answer
    roles_of: tuple[str, ...]  # packs whose duties are assigned by the answer

    @property
    def input_id(self) -> str:
        return "q-" + self.path.replace(".", "-").replace("_", "-")

    @property
    def by_pack(self) -> list[tuple[str, list[str]]]:
        """The articles grouped by pack: ``[(pack id, [article, ...]), ...]`` in pack order."""
        out: dict[str, list[str]] = {}
        for ref in self.articles:
            arts = out.setdefault(ref.pack, [])
            if ref.article not in arts:
                arts.append(ref.article)
        return list(out.items())

    @property
    def scope_only(self) -> tuple[str, ...]:
        """Packs whose scope depends on the answer but none of whose articles read it directly."""
        direct = {ref.pack for ref in self.articles}
        return tuple(p for p in self.scope_of if p not in direct)


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    title: str  # English source text
    intro: str  # English source text
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class FieldProblem:
    path: str
    message: str  # English source text (or a validator's message)


# --------------------------------------------------------------------------- topics and explanations

# key, title, intro, [(field path, explanation)]. Every answerable profile field except ``id`` (fixed
# when the system is registered) appears exactly once (tests check it).
_TOPICS: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "system",
        "The system and its organisation",
        "Who answers for the system and what it does. The organisation's size sets the sanction "
        "ranges in Kazakhstan and the fine caps for SMEs in the EU.",
        (
            ("name", "The name people in your organisation use for the system."),
            ("description", "One or two sentences on what the system does and for whom."),
            ("organization.name", "The legal entity that owns, holds, provides or deploys the system."),
            ("organization.bin", "Twelve digits; checked against the BIN format and check digit."),
            (
                "organization.size",
                "Used for the sanction ranges of the Kazakh Code of Administrative "
                "Offences and for the EU fine caps.",
            ),
            ("organization.sme", "SMEs and start-ups have lower fine caps and simpler documentation."),
            ("techniques", "The kinds of AI the system uses; generative systems must label their output."),
            ("placed_on_market", "Some duties apply only to systems placed on the market after a set date."),
        ),
    ),
    (
        "scope",
        "Roles and jurisdiction",
        "Which laws apply and which of their duties fall on you depend on where the system is used "
        "and on the role you play.",
        (
            (
                "roles.kz",
                "Duties under the Kazakh law fall on owners, holders, users or data-library "
                "owners and producers; choose every role you have.",
            ),
            (
                "roles.eu",
                "Duties under the EU AI Act differ for providers, deployers, importers and "
                "distributors; choose every role you have.",
            ),
            (
                "jurisdiction.kz",
                "The Kazakh AI law applies to systems created, operated or offered in Kazakhstan.",
            ),
            (
                "jurisdiction.eu.placed_on_market",
                "Placing the system on the EU market or putting it "
                "into service there brings it under the EU AI Act.",
            ),
            (
                "jurisdiction.eu.output_used_in_eu",
                "The EU AI Act also applies when only the system's output is used in the EU.",
            ),
            (
                "jurisdiction.eu.exclusion",
                "Military, research, purely personal and some open-source "
                "uses are excluded from the EU AI Act; leave empty when none applies.",
            ),
        ),
    ),
    (
        "risk",
        "Risk and autonomy in Kazakhstan",
        "The Kazakh law sets a risk level from the consequences of a failure and an autonomy level "
        "from who takes the final decision.",
        (
            (
                "failure_impact",
                "The worst realistic consequence of a failure or stoppage sets the risk "
                "level: minimal, medium or high.",
            ),
            (
                "critical_ict_object",
                "Critically important ICT-infrastructure objects are high-risk systems under the Kazakh law.",
            ),
            (
                "state_information_resource",
                "Systems used to build state electronic information "
                "resources meet the information-security requirements for state systems.",
            ),
            (
                "decision_mode",
                "A system that decides without any possibility of human override has high autonomy.",
            ),
            (
                "usage_mode",
                "Open systems are offered to anyone, closed ones to a limited circle, local "
                "ones run without a network.",
            ),
            (
                "public_network_connected",
                "A connection to public telecommunication networks affects "
                "the usage mode and the security duties.",
            ),
            (
                "processes_restricted_data",
                "Data whose access is restricted by law (for example state "
                "secrets) brings stricter requirements.",
            ),
        ),
    ),
    (
        "prohibited",
        "Prohibited practices",
        "Both laws forbid certain capabilities outright. Answer carefully: a single yes here can "
        "make the system unlawful.",
        (
            (
                "capabilities.manipulation",
                "Techniques that distort people's behaviour without their "
                "awareness are prohibited in both Kazakhstan and the EU.",
            ),
            (
                "capabilities.exploits_vulnerabilities",
                "Exploiting age, disability or a social or "
                "economic situation to distort behaviour is prohibited.",
            ),
            (
                "capabilities.social_scoring",
                "Scoring people by their social behaviour or personal "
                "traits, leading to unfair treatment, is prohibited.",
            ),
            (
                "capabilities.social_scoring_legal_basis",
                "Kazakhstan allows social scoring only where a law provides for it.",
            ),
            (
                "capabilities.crime_prediction_by_profiling",
                "Predicting crimes solely from profiling or personality traits is prohibited in the EU.",
            ),
            (
                "capabilities.untargeted_face_scraping",
                "Building facial-recognition databases by untargeted scraping of images is prohibited.",
            ),
            (
                "capabilities.emotion_recognition",
                "Emotion recognition is restricted, and forbidden at work and in education in the EU.",
            ),
            (
                "capabilities.emotion_recognition_consent",
                "In Kazakhstan emotion recognition without "
                "consent is prohibited unless a law provides for it.",
            ),
            (
                "capabilities.emotion_recognition_legal_basis",
                "The Kazakh exception: a law provides for this emotion recognition.",
            ),
            (
                "capabilities.emotion_recognition_setting",
                "The EU forbids emotion recognition at the "
                "workplace and in education, except for medical or safety reasons.",
            ),
            (
                "capabilities.biometric_categorisation",
                "Inferring sensitive characteristics from biometric data is prohibited.",
            ),
            (
                "capabilities.biometric_categorisation_purpose",
                "Labelling lawfully acquired datasets and some law-enforcement uses are excepted.",
            ),
            (
                "capabilities.realtime_remote_biometric_id",
                "Real-time remote biometric identification "
                "in public spaces is prohibited with narrow law-enforcement exceptions.",
            ),
            (
                "capabilities.rbi_law_enforcement_exception",
                "Only searching for victims, preventing an "
                "imminent threat or locating suspects of serious crimes may justify it.",
            ),
            (
                "capabilities.rbi_authorised",
                "Each use needs prior authorisation by a judicial or independent administrative authority.",
            ),
            (
                "capabilities.generates_unlawful_output",
                "A system that can produce content the law "
                "forbids, without controls, is prohibited in Kazakhstan.",
            ),
            (
                "capabilities.generates_intimate_imagery_of_real_people",
                "Non-consensual intimate imagery "
                "and child sexual abuse material are prohibited in all cases.",
            ),
        ),
    ),
    (
        "eu_high_risk",
        "High risk under the EU AI Act",
        "A system is high-risk in the EU when it is a regulated product (Annex I) or serves a listed "
        "use case (Annex III), unless an Article 6(3) derogation applies.",
        (
            (
                "eu_high_risk.annex_i.product_or_safety_component",
                "Products such as machinery, toys, medical devices and vehicles are listed in Annex I.",
            ),
            (
                "eu_high_risk.annex_i.third_party_conformity_assessment",
                "An Annex I product is high-risk when it needs a third-party conformity assessment.",
            ),
            ("eu_high_risk.annex_i.legislation", "The Annex I act that governs the product."),
            ("eu_high_risk.annex_iii", "Choose every Annex III use case the system serves, or none."),
            (
                "eu_high_risk.art_6_3.narrow_procedural_task",
                "A narrow procedural task may take an Annex III system out of the high-risk class.",
            ),
            (
                "eu_high_risk.art_6_3.improves_completed_human_activity",
                "Improving the result of work a person has already completed may qualify for the derogation.",
            ),
            (
                "eu_high_risk.art_6_3.detects_patterns_without_replacing_review",
                "Detecting patterns without replacing human assessment may qualify for the derogation.",
            ),
            (
                "eu_high_risk.art_6_3.preparatory_task",
                "A task preparatory to an Annex III assessment may qualify for the derogation.",
            ),
            (
                "eu_high_risk.profiles_natural_persons",
                "An Annex III system that profiles people is "
                "always high-risk; the derogation does not apply.",
            ),
            (
                "eu_high_risk.deployer_type",
                "Public bodies and providers of public services must carry "
                "out a fundamental-rights impact assessment.",
            ),
            (
                "eu_high_risk.employer_use_on_workers",
                "Employers must inform workers before using a high-risk system at the workplace.",
            ),
            (
                "eu_high_risk.workers_informed",
                "Workers' representatives and the workers affected must be informed in advance.",
            ),
            (
                "eu_high_risk.registered_in_eu_database",
                "High-risk systems are registered in the EU database before they are placed on the market.",
            ),
            (
                "eu_high_risk.ce_marking",
                "High-risk systems carry the CE marking after the conformity assessment.",
            ),
        ),
    ),
    (
        "interaction",
        "Interaction and synthetic content",
        "People must know when they deal with AI, and synthetic content must be marked.",
        (
            (
                "interaction.interacts_with_people",
                "Systems that interact with people must say that they are AI.",
            ),
            ("interaction.ai_use_disclosed", "Telling people that AI is used is a duty under both laws."),
            (
                "interaction.limitations_disclosed",
                "Users are entitled to know the system's characteristics and limitations.",
            ),
            (
                "interaction.generates_content",
                "Generated text, images, audio and video carry "
                "labelling duties; choose none if it generates nothing.",
            ),
            (
                "interaction.imitates_real_person",
                "Imitating a real person (a deep fake) requires a clear disclosure.",
            ),
            (
                "interaction.depicts_events_that_did_not_happen",
                "Content showing events that did not happen must be disclosed as artificial.",
            ),
            (
                "interaction.artistic_or_satirical",
                "Evidently artistic, satirical or fictional works have lighter disclosure duties.",
            ),
            (
                "interaction.public_interest_text_without_editorial_review",
                "AI text on matters of "
                "public interest must be disclosed unless a person reviews it editorially.",
            ),
            (
                "interaction.machine_readable_marking",
                "Synthetic output must be detectable by machines, for example by metadata or a watermark.",
            ),
            (
                "interaction.visible_warning",
                "The Kazakh law requires a warning that people can see or hear on synthetic results.",
            ),
        ),
    ),
    (
        "decisions",
        "Decisions about people",
        "Where the system decides about people, they have rights to an explanation, to object and "
        "to refuse AI.",
        (
            (
                "decisions.affect_peoples_rights",
                "Decisions affecting people's rights bring duties of explanation and redress.",
            ),
            (
                "decisions.solely_automated_legal_effect",
                "Decisions with legal effect taken without any person involved need special safeguards.",
            ),
            ("decisions.explanation_available", "Affected people may ask for an explanation of a decision."),
            ("decisions.data_basis_disclosure", "Users may ask which data a decision was based on."),
            ("decisions.objection_route", "People must have a way to contest a decision."),
            (
                "decisions.can_refuse_ai",
                "The Kazakh law gives users the right to refuse interaction with AI.",
            ),
            (
                "decisions.user_agreement_before_first_use",
                "Users must be able to read the user agreement before they first use the system.",
            ),
            (
                "decisions.user_support_channel",
                "A support channel lets users report problems and exercise their rights.",
            ),
            (
                "decisions.subjects_informed_of_high_risk_use",
                "Deployers must tell people that a high-risk system is used to decide about them.",
            ),
        ),
    ),
    (
        "governance",
        "Governance and oversight",
        "Risk management, human oversight, logs, documentation and training.",
        (
            (
                "governance.risk_register_reviewed_on",
                "The Kazakh law requires the risks to be reviewed at least once a year.",
            ),
            (
                "governance.misuse_scenarios_assessed",
                "Foreseeable misuse must be part of the risk assessment.",
            ),
            (
                "governance.suspension_procedure",
                "Owners and holders must be able to suspend or stop the system when harm appears.",
            ),
            (
                "governance.human_oversight_assigned",
                "Oversight must be assigned to people with the competence and authority to intervene.",
            ),
            (
                "governance.logs_retained_months",
                "High-risk systems keep automatically generated logs for at least six months.",
            ),
            ("governance.documentation", "The documents you keep; each closes documentation duties."),
            ("governance.ai_literacy_programme", "Staff who operate AI systems need sufficient AI literacy."),
            (
                "governance.security_measures",
                "Owners and holders must protect the system against unauthorised access and failures.",
            ),
            (
                "governance.incident_reporting_procedure",
                "Serious incidents must be reported within short legal deadlines.",
            ),
            (
                "governance.trusted_list_application",
                "High-risk systems may be included in a trusted list in Kazakhstan.",
            ),
            ("governance.audit_completed", "An audit of the system under the Kazakh law."),
        ),
    ),
    (
        "personal_data",
        "Personal data",
        "The Kazakh personal-data law applies whenever the system processes personal data.",
        (
            ("personal_data.processed", "Any information about an identifiable person is personal data."),
            ("personal_data.categories", "Biometric, health and children's data bring stricter duties."),
            (
                "personal_data.unique_subjects",
                "The number of people whose data you hold sets the operator's size class.",
            ),
            (
                "personal_data.consent_obtained",
                "Processing needs the subject's consent or another legal basis.",
            ),
            (
                "personal_data.consent_content_complete",
                "The consent must contain every item the personal-data law lists.",
            ),
            ("personal_data.consent_covers_cross_border", "Transfers abroad need consent that covers them."),
            (
                "personal_data.primary_database_country",
                "Personal data of Kazakh citizens must be stored "
                "in a database located in Kazakhstan (two-letter country code).",
            ),
            (
                "personal_data.cross_border_destinations",
                "Countries that receive personal data, "
                "including foreign model APIs (two-letter codes separated by commas).",
            ),
            (
                "personal_data.responsible_person_appointed",
                "Operators appoint a person responsible for organising the processing.",
            ),
            (
                "personal_data.breach_procedure_one_working_day",
                "A breach must be notified to the authorised body within one working day.",
            ),
            (
                "personal_data.processing_notified",
                "The authorised body must be notified before processing starts.",
            ),
            (
                "personal_data.subject_requests_procedure",
                "Subjects' requests must be answered within the legal deadlines.",
            ),
        ),
    ),
    (
        "training",
        "Training data and general-purpose models",
        "Where the training data come from, and duties of general-purpose model providers.",
        (
            (
                "training_data.lawful_basis_documented",
                "Keep a record of the lawful basis for the training data.",
            ),
            (
                "training_data.producer_metadata_machine_readable",
                "The Kazakh law requires data-library producer details in machine-readable form.",
            ),
            (
                "training_data.uses_copyrighted_works",
                "Training on copyrighted works brings opt-out and transparency duties.",
            ),
            (
                "training_data.machine_readable_optouts_honoured",
                "Rights holders' machine-readable opt-outs from training must be respected.",
            ),
            (
                "gpai.is_gpai_model",
                "A model that can perform a wide range of tasks and is integrated into other systems.",
            ),
            (
                "gpai.training_flops",
                "Above 10^25 FLOPs a general-purpose model is presumed to carry systemic risk.",
            ),
            (
                "gpai.open_source_licence",
                "Open-source models with public weights have lighter duties unless they carry systemic risk.",
            ),
            (
                "gpai.systemic_risk_designated",
                "The Commission may designate a model as one with systemic risk.",
            ),
        ),
    ),
)

# Questions worded better for people than the model's field description (which stays the source of
# the assessment's open-question text). Every other question is the field description itself.
_LABELS: dict[str, str] = {
    "name": "Name of the system",
    "description": "What does the system do?",
    "organization.bin": "Business identification number (BIN)",
    "organization.size": "Size of the organisation",
    "techniques": "Which AI techniques does the system use?",
    "placed_on_market": "When was the system first placed on the market or put into service?",
    "roles.kz": "Your roles under the Kazakh AI law",
    "roles.eu": "Your roles under the EU AI Act",
    "jurisdiction.eu.exclusion": "Is an exclusion of Article 2 of the EU AI Act claimed?",
    "usage_mode": "In which mode is the system used (KZ 17(4))?",
    "capabilities.biometric_categorisation_purpose": "What is the purpose of the biometric categorisation?",
    "capabilities.rbi_law_enforcement_exception": "Which Art. 5(1)(h) law-enforcement objective applies?",
    "eu_high_risk.annex_i.legislation": "Which Annex I legislation applies?",
    "eu_high_risk.annex_iii": "Which Annex III use cases does the system serve?",
    "eu_high_risk.deployer_type": "What kind of deployer uses the system?",
    "interaction.generates_content": "Which kinds of synthetic content does the system generate?",
    "governance.risk_register_reviewed_on": "When was the risk register last reviewed?",
    "governance.logs_retained_months": "For how many months are the logs kept?",
    "governance.documentation": "Which documents are kept?",
    "personal_data.categories": "Which categories of personal data are processed?",
    "personal_data.unique_subjects": "How many different people's data does the system hold?",
    "personal_data.primary_database_country": "In which country is the primary personal-data database?",
    "personal_data.cross_border_destinations": "To which countries is personal data transferred?",
    "gpai.training_flops": "Cumulative training compute (FLOPs)",
}

# Labels of enumeration values (English source text); a value without one is shown as it is.
_VALUE_LABELS: dict[str, str] = {
    # organisation size
    "individual": "Individual entrepreneur",
    "small": "Small",
    "medium": "Medium",
    "large": "Large",
    # KZ roles
    "owner": "Owner",
    "holder": "Holder",
    "user": "User",
    "data_library_owner": "Data-library owner",
    "data_library_producer": "Data-library producer",
    "state_body": "State body",
    # EU roles
    "provider": "Provider",
    "deployer": "Deployer",
    "importer": "Importer",
    "distributor": "Distributor",
    "authorised_representative": "Authorised representative",
    "product_manufacturer": "Product manufacturer",
    # exclusions
    "military": "Military, defence or national security",
    "research": "Scientific research and development only",
    "personal": "Purely personal, non-professional use",
    "open_source": "Free and open-source (not high-risk, not prohibited)",
    # techniques
    "computer_vision": "Computer vision",
    "nlp": "Natural-language processing",
    "speech": "Speech",
    "decision_support": "Decision support",
    "generative": "Generative AI",
    "machine_learning": "Machine learning",
    # failure impact
    "minimal": "Minimal effect on users",
    "reduced_efficiency_or_harm": "Reduced efficiency, moral or material harm",
    "emergency_or_significant_harm": "Emergency or significant harm",
    # decision mode
    "human_decides": "A person takes the decision",
    "human_can_override": "The system decides; a person can override",
    "no_human_override": "The system decides; no person can override",
    # usage mode
    "open": "Open (offered to anyone)",
    "closed": "Closed (a limited circle of users)",
    "local": "Local (no network)",
    # emotion recognition setting
    "workplace": "Workplace",
    "education": "Education",
    "medical_or_safety": "Medical or safety reasons",
    "other": "Other",
    # biometric categorisation purpose
    "discrimination": "Discrimination",
    "dataset_labelling": "Labelling or filtering lawfully acquired datasets",
    "law_enforcement": "Law enforcement",
    # RBI exceptions
    "victims_search": "Targeted search for victims or missing persons",
    "imminent_threat": "Prevention of an imminent threat to life or of a terrorist attack",
    "serious_crime_suspect": "Locating a suspect of a serious crime",
    # Annex I legislation
    "machinery": "Machinery",
    "toys": "Toys",
    "recreational_craft": "Recreational craft",
    "lifts": "Lifts",
    "atex_equipment": "Equipment for explosive atmospheres",
    "radio_equipment": "Radio equipment",
    "pressure_equipment": "Pressure equipment",
    "cableways": "Cableways",
    "personal_protective_equipment": "Personal protective equipment",
    "gas_appliances": "Gas appliances",
    "medical_devices": "Medical devices",
    "in_vitro_diagnostic_medical_devices": "In vitro diagnostic medical devices",
    "civil_aviation_security": "Civil aviation security",
    "two_or_three_wheel_vehicles": "Two- or three-wheel vehicles",
    "agricultural_forestry_vehicles": "Agricultural and forestry vehicles",
    "marine_equipment": "Marine equipment",
    "rail_interoperability": "Rail interoperability",
    "motor_vehicles": "Motor vehicles",
    "civil_aviation": "Civil aviation",
    # Annex III
    "1a": "1(a) Remote biometric identification",
    "1b": "1(b) Biometric categorisation",
    "1c": "1(c) Emotion recognition",
    "2": "2 Critical infrastructure",
    "3a": "3(a) Access or admission to education",
    "3b": "3(b) Evaluating learning outcomes",
    "3c": "3(c) Assessing the level of education",
    "3d": "3(d) Monitoring students during tests",
    "4a": "4(a) Recruitment and selection",
    "4b": "4(b) Decisions on work relationships",
    "5a": "5(a) Eligibility for public benefits",
    "5b": "5(b) Creditworthiness and credit scoring",
    "5c": "5(c) Life and health insurance pricing",
    "5d": "5(d) Emergency calls and dispatch",
    "6a": "6(a) Risk of becoming a crime victim",
    "6b": "6(b) Polygraphs and similar tools",
    "6c": "6(c) Reliability of evidence",
    "6d": "6(d) Risk of offending",
    "6e": "6(e) Profiling in criminal investigations",
    "7a": "7(a) Polygraphs in migration",
    "7b": "7(b) Migration and security risks",
    "7c": "7(c) Asylum, visa and residence applications",
    "7d": "7(d) Detecting persons at borders",
    "8a": "8(a) Assisting judicial authorities",
    "8b": "8(b) Influencing elections",
    # deployer type
    "public_body": "Public body",
    "public_service": "Private provider of public services",
    "private": "Private",
    # content kinds
    "text": "Text",
    "image": "Images",
    "audio": "Audio",
    "video": "Video",
    # documentation
    **DOCUMENT_LABELS,
    # personal-data categories
    "identifiers": "Identifiers",
    "contact": "Contact details",
    "financial": "Financial data",
    "health": "Health data",
    "biometric": "Biometric data",
    "restricted": "Data with restricted access",
    "children": "Children's data",
}


def value_label(value: str) -> str:
    """English source label of an enumeration value (translate it with ``_``)."""
    return _VALUE_LABELS.get(value, value)


# --------------------------------------------------------------------------- articles from the packs


def _article_key(article: str) -> tuple[Any, ...]:
    """Natural order: 5(1)(a) < 17(1) < 17(3)(6) < Annex III 5(b)."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.findall(r"\d+|[A-Za-z]+", article))


def _pack_field_rules(pack: CompiledPack) -> tuple[dict[str, dict[str, CompiledRule]], set[str]]:
    """For each field: the rules of ``pack`` that read it (directly, in exceptions, met_if or facts);
    and the fields the pack's scope reads."""
    fact_fields: dict[str, frozenset[str]] = {}

    def facts_of(name: str, stack: frozenset[str]) -> frozenset[str]:
        if name in fact_fields:
            return fact_fields[name]
        if name in stack or name not in pack.facts:
            return frozenset()
        fact = pack.facts[name]
        out: set[str] = set()
        if fact.expr is not None:
            out |= cond_fields(fact.expr, stack | {name})
        for setter in pack.setters.get(name, ()):
            out |= cond_fields(setter.when, stack | {name})
        fact_fields[name] = frozenset(out)
        return fact_fields[name]

    def cond_fields(cond: Compiled, stack: frozenset[str]) -> set[str]:
        out = set(cond.fields)
        for fact in cond.facts:
            out |= facts_of(fact, stack)
        return out

    by_field: dict[str, dict[str, CompiledRule]] = {}
    for rule in pack.rules:
        conds = [rule.when, *(ex.when for ex in rule.exceptions)]
        if rule.met_if is not None:
            conds.append(rule.met_if)
        used: set[str] = set()
        for cond in conds:
            used |= cond_fields(cond, frozenset())
        for path in used:
            by_field.setdefault(path, {})[rule.id] = rule
    return by_field, cond_fields(pack.scope, frozenset())


@dataclass
class _FieldLaw:
    articles: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    scope_of: list[str] = field(default_factory=list)
    roles_of: list[str] = field(default_factory=list)


@cache
def _law_index(as_of: dt.date) -> dict[str, _FieldLaw]:
    catalog = default_catalog()
    index: dict[str, _FieldLaw] = {}
    for pack_id in catalog.pack_ids():
        pack = catalog.resolve(pack_id, as_of)
        by_field, scope_fields = _pack_field_rules(pack)
        for path, rules in by_field.items():
            entry = index.setdefault(path, _FieldLaw())
            for _, rule in sorted(rules.items()):
                entry.articles.setdefault((pack.id, rule.article), []).append(rule.id)
        for path in sorted(scope_fields):
            index.setdefault(path, _FieldLaw()).scope_of.append(pack.id)
        index.setdefault(pack.roles_field, _FieldLaw()).roles_of.append(pack.id)
    return index


def articles_by_field(as_of: dt.date | None = None) -> dict[str, tuple[ArticleRef, ...]]:
    """Every profile field that some rule reads, with the articles (pack, article, rules) it serves."""
    day = as_of or dt.date.today()
    out: dict[str, tuple[ArticleRef, ...]] = {}
    for path, entry in _law_index(day).items():
        refs = [ArticleRef(p, a, tuple(r)) for (p, a), r in entry.articles.items()]
        order = list(PACK_LABELS)
        refs.sort(
            key=lambda x: (order.index(x.pack) if x.pack in order else 99, x.pack, _article_key(x.article))
        )
        out[path] = tuple(refs)
    return out


# --------------------------------------------------------------------------- the questionnaire


@cache
def _questionnaire(as_of: dt.date) -> tuple[Topic, ...]:
    fields = profile_fields()
    law = _law_index(as_of)
    arts = articles_by_field(as_of)
    topics = []
    for key, title, intro, items in _TOPICS:
        questions = []
        for path, explanation in items:
            spec: FieldSpec = fields[path]
            entry = law.get(path, _FieldLaw())
            questions.append(
                Question(
                    path=path,
                    kind=spec.kind,
                    item_kind=spec.item_kind,
                    values=spec.values or (),
                    label=_LABELS.get(path) or spec.description or path,
                    explanation=explanation,
                    articles=arts.get(path, ()),
                    scope_of=tuple(entry.scope_of),
                    roles_of=tuple(entry.roles_of),
                )
            )
        topics.append(Topic(key, title, intro, tuple(questions)))
    return tuple(topics)


def questionnaire(as_of: dt.date | None = None) -> tuple[Topic, ...]:
    """The wizard's topics in order (cached per day: the packs in force may change with the date)."""
    return _questionnaire(as_of or dt.date.today())


def topic_of_field(path: str, topics: Sequence[Topic] | None = None) -> str | None:
    """The topic key of a profile field (``None`` for ``id`` and unknown paths)."""
    for topic in topics or questionnaire():
        if any(q.path == path for q in topic.questions):
            return topic.key
    return None


# --------------------------------------------------------------------------- reading and writing answers


def get_path(data: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path of profile data (``None`` when absent)."""
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    if value is None:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value


class _Form:
    """Access to a submitted form: single values and repeated values (checkboxes)."""

    def __init__(self, form: Mapping[str, Any]) -> None:
        self._form = form

    def one(self, name: str) -> str | None:
        value = self._form.get(name)
        if isinstance(value, list | tuple):
            value = value[-1] if value else None
        return value.strip() if isinstance(value, str) else None

    def many(self, name: str) -> list[str]:
        getlist = getattr(self._form, "getlist", None)
        values = getlist(name) if callable(getlist) else self._form.get(name, [])
        if isinstance(values, str):
            values = [values]
        return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def _parse(q: Question, form: _Form, problems: list[FieldProblem]) -> Any:
    if q.kind == "list":
        chosen = form.many(q.path)
        none = NONE_CHOICE in chosen
        chosen = [c for c in chosen if c != NONE_CHOICE]
        if q.item_kind == "str" and not q.values:  # free text, comma-separated (country codes)
            text = form.one(q.path + ".text") or ""
            chosen = [c.strip().upper() for c in re.split(r"[,\s;]+", text) if c.strip()]
        if chosen:
            if none:
                problems.append(FieldProblem(q.path, 'Choose values or "none", not both.'))
                return None
            bad = [c for c in chosen if q.values and c not in q.values]
            if bad:
                problems.append(FieldProblem(q.path, "Not one of the allowed values."))
                return None
            return list(dict.fromkeys(chosen))
        return [] if none else None
    raw = form.one(q.path)
    if raw is None or raw == "":
        return None
    if q.kind == "bool":
        if raw in ("yes", "no"):
            return raw == "yes"
        problems.append(FieldProblem(q.path, "Answer yes, no or leave it unanswered."))
        return None
    if q.kind == "enum":
        if raw in q.values:
            return raw
        problems.append(FieldProblem(q.path, "Not one of the allowed values."))
        return None
    if q.kind == "int":
        try:
            return int(raw.replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            problems.append(FieldProblem(q.path, "Enter a whole number."))
            return None
    if q.kind == "float":
        try:
            return float(raw.replace(" ", "").replace("\u00a0", "").replace(",", "."))
        except ValueError:
            problems.append(FieldProblem(q.path, "Enter a number (for example 1e25)."))
            return None
    if q.kind == "date":
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            problems.append(FieldProblem(q.path, "Enter a date as YYYY-MM-DD."))
            return None
    if q.path == "personal_data.primary_database_country":
        return raw.upper()
    return raw


def apply_answers(
    data: Mapping[str, Any], topic: Topic, form: Mapping[str, Any]
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Profile data with the answers of one topic's form applied (others kept as they are).

    An empty answer removes the field (unanswered), it never becomes ``False``. Returns the new data
    and the problems found in the form itself (the profile model validates the rest).
    """
    import copy

    out: dict[str, Any] = copy.deepcopy(dict(data))
    problems: list[FieldProblem] = []
    reader = _Form(form)
    for q in topic.questions:
        _set_path(out, q.path, _parse(q, reader, problems))
    return out, problems


def answered(data: Mapping[str, Any], questions: Iterable[Question]) -> int:
    """How many of ``questions`` have an answer in ``data``."""
    return sum(1 for q in questions if get_path(data, q.path) is not None)
