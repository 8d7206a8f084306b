"""Demo data for policy: illustrative profiles of three member states, the COMCEC 2020
recommendations as an assessment framework, and one report snapshot.

Every profile entry, indicator value and score here is invented for demonstration and
flagged illustrative. Loading twice changes nothing and writes no second audit entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from sunbula.core import services as core_services
from sunbula.core.models import Country, Organisation, Role, User
from sunbula.policy import services
from sunbula.policy.models import (
    AssessmentFramework,
    LegalInstrument,
    PolicyProfile,
    ProfileStatus,
    ReportSnapshot,
    Strategy,
)

ILLUSTRATIVE_SOURCE = "Illustrative demo value, not from the UN SDG database"
COMCEC_REFERENCE = (
    "COMCEC (2020), Good Governance for Ensuring Food Security and Nutrition in the OIC "
    "Member Countries; policy recommendations in OIC/COMCEC/36-20/REP, Annex 6"
)
# Recommendations I and V are numbered in our reference notes; the numbers of the other
# two are UNVERIFIED, so they carry descriptive codes instead.
COMCEC_CRITERIA: list[tuple[str, str, dict[str, str]]] = [
    (
        "I",
        "A comprehensive national food-security and nutrition strategy with an enabling legal framework",
        {
            "ar": "استراتيجية وطنية شاملة للأمن الغذائي والتغذية يدعمها إطار قانوني مواتٍ",
            "fr": "Une stratégie nationale globale de sécurité alimentaire et de nutrition, appuyée par un cadre juridique favorable",
            "ru": "Комплексная национальная стратегия продовольственной безопасности и питания с благоприятной правовой базой",
        },
    ),
    (
        "PLAN",
        "Implementation plans with resources and trained field staff",
        {
            "ar": "خطط تنفيذ مزودة بالموارد وبموظفين ميدانيين مدربين",
            "fr": "Des plans de mise en œuvre dotés de ressources et de personnel de terrain formé",
            "ru": "Планы реализации, обеспеченные ресурсами и подготовленным полевым персоналом",
        },
    ),
    (
        "V",
        "An online platform or food information system for monitoring governance",
        {
            "ar": "منصة إلكترونية أو نظام معلومات غذائية لرصد الحوكمة",
            "fr": "Une plateforme en ligne ou un système d'information alimentaire pour suivre la gouvernance",
            "ru": "Онлайн-платформа или система продовольственной информации для мониторинга управления",
        },
    ),
    (
        "PEER",
        "Peer exchange and capacity building among OIC member states",
        {
            "ar": "تبادل الخبرات وبناء القدرات بين الدول الأعضاء في منظمة التعاون الإسلامي",
            "fr": "Échanges entre pairs et renforcement des capacités entre États membres de l'OCI",
            "ru": "Обмен опытом и наращивание потенциала между государствами — членами ОИС",
        },
    ),
]

# iso3: (strategy, strategy years and status, body or None, legal text and its kind, decision,
# indicator values, scores)
PROFILES: dict[str, dict[str, Any]] = {
    "AFG": {
        "strategy": (
            "National food and nutrition security plan (illustrative)",
            2019,
            2023,
            Strategy.Status.EXPIRED,
        ),
        "body": None,
        "law": ("Food safety law (illustrative)", LegalInstrument.Kind.LEGISLATION),
        "decision": (
            "Seed and fertiliser support to wheat farmers (illustrative)",
            "producer",
            datetime.date(2024, 3, 1),
        ),
        "indicators": {
            "SN_ITK_DEFC": (2022, "30.2"),
            "SH_STA_STNT": (2022, "38.2"),
            "SH_STA_WAST": (2018, "5.1"),
        },
        "scores": {"I": 1, "PLAN": 1, "V": 0, "PEER": 1},
    },
    "KAZ": {
        "strategy": (
            "Agri-food sector development concept (illustrative)",
            2021,
            2030,
            Strategy.Status.ADOPTED,
        ),
        "body": ("Interministerial food security council (illustrative)", True, True),
        "law": ("Law on grain (illustrative)", LegalInstrument.Kind.LEGISLATION),
        "decision": (
            "Temporary export quota on wheat (illustrative)",
            "trade_macro",
            datetime.date(2023, 9, 1),
        ),
        "indicators": {
            "SN_ITK_DEFC": (2022, "2.5", "<"),
            "AG_PRD_FIESMS": (2022, "2.6"),
            "SH_STA_STNT": (2022, "6.9"),
            "SH_STA_WAST": (2022, "2.0"),
        },
        "scores": {"I": 3, "PLAN": 2, "V": 2, "PEER": 2},
    },
    "TUR": {
        "strategy": (
            "National food security action plan (illustrative)",
            2020,
            2028,
            Strategy.Status.ADOPTED,
        ),
        "body": ("Food security coordination board (illustrative)", False, True),
        "law": ("Food law (illustrative)", LegalInstrument.Kind.LEGISLATION),
        "decision": (
            "Targeted bread subsidy for low-income households (illustrative)",
            "consumer",
            datetime.date(2024, 1, 15),
        ),
        "indicators": {
            "SN_ITK_DEFC": (2022, "2.5", "<"),
            "AG_PRD_FIESMS": (2022, "9.4"),
            "SH_STA_STNT": (2022, "5.5"),
            "SH_STA_WAST": (2019, "1.7"),
        },
        "scores": {"I": 2, "PLAN": 2, "V": 1, "PEER": 3},
    },
}


def _demo_user(email: str, full_name: str, role: Role, country: Country | None) -> User:
    """An illustrative account without a password (it cannot sign in) that takes the
    workflow steps in the demo; core's personas are loaded after the domains' data."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = core_services.user_create(
            actor=None, email=email, password=None, full_name=full_name
        )
    government = (
        Organisation.objects.filter(country=country, kind="government").first() if country else None
    )
    core_services.role_grant(
        actor=None,
        user=user,
        role=role,
        organisation=government or Organisation.objects.get(acronym="IOFS"),
        countries=[country] if country else [],
    )
    return user


def _analyst() -> User:
    return _demo_user(
        "policy.demo@sunbula.example", "Illustrative policy analyst", Role.POLICY_ANALYST, None
    )


def _focal_point(country: Country) -> User:
    return _demo_user(
        f"focal.demo.{country.iso3.lower()}@sunbula.example",
        f"Illustrative focal point, {country.name}",
        Role.COUNTRY_FOCAL_POINT,
        country,
    )


def load_framework() -> AssessmentFramework:
    existing = AssessmentFramework.objects.filter(code="comcec-2020").order_by("-version").first()
    if existing is not None:
        return existing
    return services.framework_create(
        actor=None,
        code="comcec-2020",
        name="COMCEC 2020 recommendations on food-security governance",
        name_translations={
            "ar": "توصيات الكومسيك لعام 2020 بشأن حوكمة الأمن الغذائي",
            "fr": "Recommandations du COMCEC de 2020 sur la gouvernance de la sécurité alimentaire",
            "ru": "Рекомендации КОМСЕК 2020 года по управлению продовольственной безопасностью",
        },
        reference=COMCEC_REFERENCE,
        criteria=COMCEC_CRITERIA,
    )


def load_profile(iso3: str, facts: dict[str, Any], framework: AssessmentFramework) -> None:
    country = Country.objects.filter(iso3=iso3).first()
    if country is None:
        return
    analyst = _analyst()
    for series_code, (year, value, *qualifier) in facts["indicators"].items():
        services.indicator_value_record(
            actor=None,
            country=country,
            series_code=series_code,
            year=year,
            value=Decimal(value),
            qualifier=qualifier[0] if qualifier else "",
            units="PERCENT",
            source=ILLUSTRATIVE_SOURCE,
            retrieved_on=datetime.date(2025, 6, 1),
            is_illustrative=True,
        )
    for criterion in framework.criteria.all():
        services.score_record(
            actor=None,
            criterion=criterion,
            country=country,
            year=2024,
            score=facts["scores"][criterion.code],
            evidence="Illustrative score for demonstration.",
        )
    if PolicyProfile.objects.filter(country=country).exists():
        return
    profile = services.profile_create(actor=None, country=country, is_illustrative=True)
    title, start, end, status = facts["strategy"]
    services.strategy_add(
        actor=analyst, profile=profile, name=title, start_year=start, end_year=end, status=status
    )
    if facts["body"] is not None:
        name, civil_society, private_sector = facts["body"]
        services.coordinating_body_add(
            actor=analyst,
            profile=profile,
            name=name,
            has_civil_society_seat=civil_society,
            has_private_sector_seat=private_sector,
            meeting_frequency="quarterly",
        )
    law, kind = facts["law"]
    services.legal_instrument_add(actor=analyst, profile=profile, name=law, kind=kind)
    name, group, decided_on = facts["decision"]
    services.decision_add(
        actor=analyst, profile=profile, name=name, group=group, decided_on=decided_on
    )
    services.profile_submit(actor=analyst, profile=profile)
    services.profile_validate(actor=_focal_point(country), profile=profile)
    services.profile_publish(actor=analyst, profile=profile)


@transaction.atomic
def load_demo(log: Callable[[str], Any]) -> None:
    framework = load_framework()
    for iso3, facts in PROFILES.items():
        load_profile(iso3, facts, framework)
    published = PolicyProfile.objects.filter(status=ProfileStatus.PUBLISHED).exists()
    if published and not ReportSnapshot.objects.exists():
        services.report_snapshot_take(actor=_analyst(), taken_on=timezone.localdate())
    log("policy: illustrative profiles, COMCEC 2020 framework, one report snapshot")
