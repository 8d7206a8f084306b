"""Demo data for core: reference data, the organisations in the seed documents, personas.

Every write goes through core services, so loading twice changes nothing and leaves no
second audit entry. Facts the source documents do not give are flagged illustrative.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django_otp.oath import totp

from sunbula.core import services, signin
from sunbula.core.models import AdminArea, Country, Currency, Organisation, Role, Site, User
from sunbula.core.plugins import demo_loaders
from sunbula.core.reference import (
    HOME_ACRONYM,
    HOME_NAME_TRANSLATIONS,
    HOME_ORGANISATION,
    PCODE_SET_VERSIONS,
    load_reference_data,
)

PCODE_SET_VERSION = PCODE_SET_VERSIONS["AFG"]
DEMO_PASSWORD = "harvest-2026"  # noqa: S105 — printed for the demo personas
# The authenticator-app key of the demo personas who must give a second factor (the
# administrator, the protection officer), printed with the logins like the password.
DEMO_AUTHENTICATOR_KEY = b"sunbula-demo-2fa-key".hex()
ILLUSTRATIVE_RATE_SOURCE = "Illustrative demo rate"

Log = Callable[[str], Any]

# Illustrative round figures, not published rates (units per US dollar); the fixed pegs
# are reference data.
RATES: list[tuple[str, str, str]] = [
    ("EUR", "2023-01-01", "0.93"),
    ("KZT", "2023-01-01", "460"),
    ("KZT", "2025-01-01", "520"),
    ("AFN", "2023-01-01", "86"),
    ("AFN", "2025-01-01", "71"),
    ("TJS", "2023-01-01", "10.9"),
    ("TMT", "2023-01-01", "3.5"),
    ("TRY", "2023-01-01", "19"),
    ("TRY", "2025-01-01", "35"),
]


def load_illustrative_rates() -> None:
    for code, valid_from, units in RATES:
        services.exchange_rate_record(
            actor=None,
            currency=Currency.objects.get(code=code),
            valid_from=datetime.date.fromisoformat(valid_from),
            units_per_usd=Decimal(units),
            source=ILLUSTRATIVE_RATE_SOURCE,
            is_illustrative=True,
        )


# (acronym, English name, {translations}, kind, IATI type, IATI identifier, country, parent)
ORGANISATIONS: list[tuple[str, str, dict[str, str], str, str, str, str, str]] = [
    (
        "OIC",
        "Organisation of Islamic Cooperation",
        {
            "ar": "منظمة التعاون الإسلامي",
            "fr": "Organisation de la coopération islamique",
            "ru": "Организация исламского сотрудничества",
        },
        "igo",
        "40",
        "",
        "",
        "",
    ),
    (
        HOME_ACRONYM,
        HOME_ORGANISATION,
        HOME_NAME_TRANSLATIONS,
        "igo",
        "40",
        "",
        "",
        "OIC",
    ),
    (
        "COMCEC",
        "Standing Committee for Economic and Commercial Cooperation of the OIC",
        {
            "ar": "اللجنة الدائمة للتعاون الاقتصادي والتجاري لمنظمة التعاون الإسلامي",
            "fr": "Comité permanent pour la coopération économique et commerciale de l'OCI",
            "ru": "Постоянный комитет ОИС по экономическому и торговому сотрудничеству",
        },
        "igo",
        "40",
        "",
        "",
        "OIC",
    ),
    (
        "UNAMA",
        "United Nations Assistance Mission in Afghanistan",
        {
            "ar": "بعثة الأمم المتحدة لتقديم المساعدة إلى أفغانستان",
            "fr": "Mission d'assistance des Nations Unies en Afghanistan",
            "ru": "Миссия ООН по содействию Афганистану",
        },
        "un_agency",
        "40",
        "",
        "",
        "",
    ),
    (
        "UNODC",
        "United Nations Office on Drugs and Crime",
        {
            "ar": "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
            "fr": "Office des Nations Unies contre la drogue et le crime",
            "ru": "Управление ООН по наркотикам и преступности",
        },
        "un_agency",
        "40",
        "XM-DAC-41128",
        "",
        "",
    ),
    (
        "WFP",
        "World Food Programme",
        {
            "ar": "برنامج الأغذية العالمي",
            "fr": "Programme alimentaire mondial",
            "ru": "Всемирная продовольственная программа",
        },
        "un_agency",
        "40",
        "XM-DAC-41140",
        "",
        "",
    ),
    (
        "FAO",
        "Food and Agriculture Organization of the United Nations",
        {
            "ar": "منظمة الأغذية والزراعة للأمم المتحدة",
            "fr": "Organisation des Nations Unies pour l'alimentation et l'agriculture",
            "ru": "Продовольственная и сельскохозяйственная организация ООН",
        },
        "un_agency",
        "40",
        "XM-DAC-41301",
        "",
        "",
    ),
    (
        "UN Women",
        "United Nations Entity for Gender Equality and the Empowerment of Women",
        {
            "ar": "هيئة الأمم المتحدة للمساواة بين الجنسين وتمكين المرأة",
            "fr": "Entité des Nations Unies pour l'égalité des sexes et l'autonomisation des femmes",
            "ru": "Структура ООН по вопросам гендерного равенства и расширения прав и возможностей женщин",
        },
        "un_agency",
        "40",
        "",
        "",
        "",
    ),
    (
        "IOM",
        "International Organization for Migration",
        {
            "ar": "المنظمة الدولية للهجرة",
            "fr": "Organisation internationale pour les migrations",
            "ru": "Международная организация по миграции",
        },
        "un_agency",
        "40",
        "XM-DAC-47066",
        "",
        "",
    ),
    (
        "UN SDG Centre",
        "UN Regional Centre for the SDGs for Central Asia and Afghanistan",
        {
            "ar": "مركز الأمم المتحدة الإقليمي لأهداف التنمية المستدامة لآسيا الوسطى وأفغانستان",
            "fr": "Centre régional des Nations Unies pour les ODD pour l'Asie centrale et l'Afghanistan",
            "ru": "Региональный центр ООН по ЦУР для Центральной Азии и Афганистана",
        },
        "un_agency",
        "40",
        "",
        "KAZ",
        "",
    ),
    (
        "TIKA",
        "Turkish Cooperation and Coordination Agency",
        {
            "ar": "الوكالة التركية للتعاون والتنسيق",
            "fr": "Agence turque de coopération et de coordination",
            "ru": "Турецкое агентство по сотрудничеству и координации",
        },
        "government",
        "10",
        "",
        "TUR",
        "",
    ),
    (
        "CICA",
        "Conference on Interaction and Confidence-Building Measures in Asia",
        {
            "ar": "مؤتمر التفاعل وتدابير بناء الثقة في آسيا",
            "fr": "Conférence pour l'interaction et les mesures de confiance en Asie",
            "ru": "Совещание по взаимодействию и мерам доверия в Азии",
        },
        "igo",
        "40",
        "",
        "",
        "",
    ),
    (
        "IFPA",
        "International Islamic Food Processing Association",
        {
            "ar": "الرابطة الإسلامية الدولية لتصنيع الأغذية",
            "fr": "Association islamique internationale de transformation alimentaire",
            "ru": "Международная исламская ассоциация пищевой промышленности",
        },
        "association",
        "90",
        "",
        "",
        "",
    ),
    (
        "",
        "Government of the Republic of Kazakhstan",
        {
            "ar": "حكومة جمهورية كازاخستان",
            "fr": "Gouvernement de la République du Kazakhstan",
            "ru": "Правительство Республики Казахстан",
        },
        "government",
        "10",
        "",
        "KAZ",
        "",
    ),
    (
        "",
        "Government of the Republic of Tajikistan",
        {
            "ar": "حكومة جمهورية طاجيكستان",
            "fr": "Gouvernement de la République du Tadjikistan",
            "ru": "Правительство Республики Таджикистан",
        },
        "government",
        "10",
        "",
        "TJK",
        "",
    ),
    (
        "",
        "Government of Turkmenistan",
        {
            "ar": "حكومة تركمانستان",
            "fr": "Gouvernement du Turkménistan",
            "ru": "Правительство Туркменистана",
        },
        "government",
        "10",
        "",
        "TKM",
        "",
    ),
    (
        "",
        "Government of Afghanistan",
        {
            "ar": "حكومة أفغانستان",
            "fr": "Gouvernement de l'Afghanistan",
            "ru": "Правительство Афганистана",
        },
        "government",
        "10",
        "",
        "AFG",
        "",
    ),
]


def load_organisations() -> None:
    for acronym, name, translations, kind, iati_type, identifier, iso3, parent in ORGANISATIONS:
        values: dict[str, Any] = {
            "name": name,
            "name_translations": translations,
            "acronym": acronym,
            "kind": kind,
            "iati_type": iati_type,
            "iati_identifier": identifier,
            "country": Country.objects.get(iso3=iso3) if iso3 else None,
            "parent": Organisation.objects.get(acronym=parent) if parent else None,
        }
        existing = Organisation.objects.filter(name=name).first()
        if existing is None:
            services.organisation_create(actor=None, **values)
        else:
            services.organisation_update(actor=None, organisation=existing, **values)


def seed_organisation(key: str) -> Organisation:
    """An organisation of the seed documents by its acronym, or else by its name."""
    return Organisation.objects.filter(acronym=key).first() or Organisation.objects.get(name=key)


# (name, translations, kind, country, p-code, operator acronym, illustrative)
SITES: list[tuple[str, dict[str, str], str, str, str, str, bool]] = [
    (
        "IOFS Headquarters, Astana",
        {
            "ar": "مقر المنظمة الإسلامية للأمن الغذائي، أستانا",
            "fr": "Siège de l'OISA, Astana",
            "ru": "Штаб-квартира ИОПБ, Астана",
        },
        "office",
        "KAZ",
        "",
        "IOFS",
        False,
    ),
    (
        "Kabul drug-treatment centre",
        {
            "ar": "مركز علاج الإدمان في كابل",
            "fr": "Centre de traitement de la toxicomanie de Kaboul",
            "ru": "Центр лечения наркозависимости, Кабул",
        },
        "treatment_centre",
        "AFG",
        "AF0101",
        "",
        True,
    ),
    (
        "Herat drug-treatment centre",
        {
            "ar": "مركز علاج الإدمان في هرات",
            "fr": "Centre de traitement de la toxicomanie d'Hérat",
            "ru": "Центр лечения наркозависимости, Герат",
        },
        "treatment_centre",
        "AFG",
        "AF3201",
        "",
        True,
    ),
    (
        "Kandahar drug-treatment centre",
        {
            "ar": "مركز علاج الإدمان في قندهار",
            "fr": "Centre de traitement de la toxicomanie de Kandahar",
            "ru": "Центр лечения наркозависимости, Кандагар",
        },
        "treatment_centre",
        "AFG",
        "AF2701",
        "",
        True,
    ),
    (
        "Kabul warehouse",
        {"ar": "مستودع كابل", "fr": "Entrepôt de Kaboul", "ru": "Склад в Кабуле"},
        "warehouse",
        "AFG",
        "AF0101",
        "IOFS",
        True,
    ),
    (
        "Herat farmer field school",
        {
            "ar": "مدرسة هرات الحقلية للمزارعين",
            "fr": "École pratique d'agriculture d'Hérat",
            "ru": "Полевая школа фермеров, Герат",
        },
        "farmer_field_school",
        "AFG",
        "AF3201",
        "IOFS",
        True,
    ),
    (
        "Logar distribution point",
        {
            "ar": "نقطة التوزيع في لوغر",
            "fr": "Point de distribution du Logar",
            "ru": "Пункт распределения, Логар",
        },
        "distribution_point",
        "AFG",
        "AF0501",
        "IOFS",
        True,
    ),
    (
        "Almaty transit warehouse",
        {
            "ar": "مستودع العبور في ألماتي",
            "fr": "Entrepôt de transit d'Almaty",
            "ru": "Транзитный склад, Алматы",
        },
        "warehouse",
        "KAZ",
        "",
        "IOFS",
        True,
    ),
]


def load_sites() -> None:
    for name, translations, kind, iso3, p_code, operator, illustrative in SITES:
        values: dict[str, Any] = {
            "name": name,
            "name_translations": translations,
            "kind": kind,
            "country": Country.objects.get(iso3=iso3),
            "admin_area": AdminArea.objects.get(p_code=p_code, pcode_set_version=PCODE_SET_VERSION)
            if p_code
            else None,
            "operating_organisation": Organisation.objects.get(acronym=operator)
            if operator
            else None,
            "is_illustrative": illustrative,
        }
        existing = Site.objects.filter(name=name).first()
        if existing is None:
            services.site_create(actor=None, **values)
        else:
            services.site_update(actor=None, site=existing, **values)


# (e-mail, full name, role, organisation acronym or name, countries, clearance, description)
PERSONAS: list[tuple[str, str, Role, str, tuple[str, ...], bool, str]] = [
    (
        "admin@sunbula.example",
        "Aigerim Administrator",
        Role.ADMINISTRATOR,
        "IOFS",
        (),
        False,
        "administrator, every country",
    ),
    (
        "officer.afg@sunbula.example",
        "Farid Programme Officer",
        Role.PROGRAMME_OFFICER,
        "IOFS",
        ("AFG",),
        False,
        "programme officer, Afghanistan",
    ),
    (
        "officer.kaz@sunbula.example",
        "Dana Programme Officer",
        Role.PROGRAMME_OFFICER,
        "IOFS",
        ("KAZ",),
        False,
        "programme officer, Kazakhstan",
    ),
    (
        "logistics.afg@sunbula.example",
        "Karim Logistics Officer",
        Role.LOGISTICS_OFFICER,
        "IOFS",
        ("AFG",),
        False,
        "logistics officer, Afghanistan",
    ),
    (
        "protection.afg@sunbula.example",
        "Mariam Protection Officer",
        Role.PROTECTION_OFFICER,
        "IOFS",
        ("AFG",),
        True,
        "protection officer with clearance, Afghanistan",
    ),
    (
        "me.officer@sunbula.example",
        "Timur M&E Officer",
        Role.ME_OFFICER,
        "IOFS",
        (),
        False,
        "M&E officer, every country",
    ),
    (
        "events@sunbula.example",
        "Leila Event Organiser",
        Role.EVENT_ORGANISER,
        "IOFS",
        (),
        False,
        "event organiser",
    ),
    (
        "policy@sunbula.example",
        "Yusuf Policy Analyst",
        Role.POLICY_ANALYST,
        "IOFS",
        (),
        False,
        "policy analyst",
    ),
    (
        "donor.kaz@sunbula.example",
        "Askar Donor Focal Point",
        Role.DONOR_VIEWER,
        "Government of the Republic of Kazakhstan",
        (),
        False,
        "donor viewer (Kazakhstan)",
    ),
    (
        "focal.afg@sunbula.example",
        "Nadia Country Focal Point",
        Role.COUNTRY_FOCAL_POINT,
        "Government of Afghanistan",
        ("AFG",),
        False,
        "country focal point, Afghanistan",
    ),
]


def persona_account(email: str) -> User:
    """A persona's account, created (without its role) if the demo has not made it yet."""
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    full_name, role = next((name, role) for mail, name, role, *_rest in PERSONAS if mail == email)
    return services.user_create(
        actor=None,
        email=email,
        password=DEMO_PASSWORD,
        full_name=full_name,
        is_staff=role == Role.ADMINISTRATOR,
    )


def load_personas() -> list[tuple[str, str]]:
    for email, _full_name, role, organisation, countries, clearance, _text in PERSONAS:
        user = persona_account(email)
        services.role_grant(
            actor=None,
            user=user,
            role=role,
            organisation=seed_organisation(organisation),
            countries=Country.objects.filter(iso3__in=countries),
        )
        if clearance:
            services.protection_clearance_grant(
                actor=None, user=user, reason="Protection officer for Afghanistan (demo)"
            )
        if signin.second_factor_required(user) and signin.authenticator(user) is None:
            device = services.second_factor_start(actor=user, key=DEMO_AUTHENTICATOR_KEY)
            code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
            services.second_factor_confirm(actor=user, device=device, code=f"{code:06d}")
    return [(email, text) for email, *_rest, text in PERSONAS]


@transaction.atomic
def load_core_demo(log: Log) -> None:
    load_reference_data(log, countries=["AFG"])
    load_illustrative_rates()
    log("Loading organisations and sites…")
    load_organisations()
    load_sites()


def load_demo(log: Log) -> list[tuple[str, str]]:
    """Load core and the personas, then every domain's demo loader; return the logins."""
    load_core_demo(log)
    with transaction.atomic():
        logins = load_personas()
    for loader in demo_loaders():
        loader(log)
    return logins
