"""Demo programmes and projects from the seed documents, written through the services.

Facts from the seeds: the AFSP and its projects, 68 t of wheat flour in 2023 to treatment
centres in Kabul, Herat and Kandahar with UNAMA and UNODC, the Herat and Logar wheat
projects co-funded by IOFS, TIKA and CICA for over 600 farmers, the governance programme's
endorsements and its 22 December 2021 workshop. Dates, shares, budgets and splits the seeds
do not give are flagged illustrative. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Unpack

from sunbula.core import services as core_services
from sunbula.core.demo import Log, seed_organisation
from sunbula.core.models import AdminArea, Country, Currency, Organisation, Site
from sunbula.programmes import services
from sunbula.programmes.models import (
    Asset,
    Indicator,
    ParticipatingOrganisation,
    Programme,
    Project,
    ReportingPeriod,
    Result,
)

Role = ParticipatingOrganisation.IatiRole
D = datetime.date
# IOFS's own IATI registration is not in the sources: an illustrative XI-IATI identifier.
IOFS_REPORTING_REF = "XI-IATI-IOFS"


def _area(p_code: str) -> AdminArea:
    return AdminArea.objects.filter(p_code=p_code).order_by("-pcode_set_version").first() or (
        AdminArea.objects.get(p_code=p_code)
    )


def _programme(**fields: Unpack[services.ProgrammeFields]) -> Programme:
    existing = Programme.objects.filter(code=fields.get("code")).first()
    if existing is None:
        return services.programme_create(actor=None, **fields)
    return services.programme_update(actor=None, programme=existing, **fields)


def _project(**fields: Unpack[services.ProjectFields]) -> Project:
    existing = Project.objects.filter(code=fields.get("code")).first()
    if existing is None:
        return services.project_create(actor=None, **fields)
    return services.project_update(actor=None, project=existing, **fields)


def _project_with_partners(
    *,
    areas: Sequence[tuple[str, Decimal]],
    sectors: Sequence[tuple[str, Decimal]],
    participants: Sequence[tuple[Organisation, str]],
    **fields: Unpack[services.ProjectFields],
) -> Project:
    """A project with the provinces it works in (p-code and share), its DAC sectors (code and
    share) and the organisations that take part (with their IATI role)."""
    project = _project(**fields)
    if areas:
        located = [(_area(p_code), share) for p_code, share in areas]
        services.project_locations_set(actor=None, project=project, locations=located)
    services.project_sectors_set(actor=None, project=project, sectors=sectors)
    for organisation, role in participants:
        services.participant_add(actor=None, project=project, organisation=organisation, role=role)
    return project


def _governance_project(
    governance: Programme, iofs: Organisation, **fields: Unpack[services.ProjectFields]
) -> Project:
    """An activity of the governance programme, implemented by IOFS for officials. It reaches
    several member states: a region, not a country (998: developing countries, unspecified)."""
    where: services.ProjectFields = {"programme": governance, "recipient_region": "998"}
    project = _project_with_partners(
        areas=[],
        sectors=[("43071", Decimal(100))],
        participants=[(iofs, Role.IMPLEMENTING)],
        **(fields | where),
    )
    services.target_group_set(actor=None, project=project, group="officials")
    return project


def _solar_assets(
    project: Project, afghanistan: Country, funder: Organisation, usd: Currency
) -> None:
    """Two illustrative solar-powered water systems in Hirat, one with a maintenance visit."""
    systems = (
        ("Injil solar water system", "Injil water point", "operational", 1200, None),
        ("Guzara solar water system", "Guzara water point", "needs_repair", 800, "Inverter"),
    )
    for name, place, status, served, fault in systems:
        site = Site.objects.filter(name=place, country=afghanistan).first()
        if site is None:
            site = core_services.site_create(
                actor=None,
                name=place,
                kind=Site.Kind.DISTRIBUTION_POINT,
                country=afghanistan,
                admin_area=_area("AF32"),
            )
        if Asset.objects.filter(project=project, name=name).exists():
            continue
        asset = services.asset_register(
            actor=None,
            kind=Asset.Kind.SOLAR_WATER,
            name=name,
            project=project,
            site=site,
            funded_by=funder,
            value=Decimal(45000),
            currency=usd,
            installed_on=D(2024, 6, 1),
            status=Asset.Status.OPERATIONAL,
            people_served=served,
            is_illustrative=True,
        )
        if fault:
            services.maintenance_visit_record(
                actor=None,
                asset=asset,
                visited_on=D(2025, 4, 2),
                visited_by="Hirat water engineer",
                finding=f"{fault} failed; pump stops at midday.",
                status_after=status,
            )


def _result(project: Project, level: str, title: str, translations: dict[str, str]) -> Result:
    existing = project.results.filter(title=title).first()
    return existing or services.result_create(
        actor=None, project=project, level=level, title=title, title_translations=translations
    )


def _indicator(
    result: Result,
    title: str,
    *,
    title_translations: dict[str, str],
    measure: str,
    unit: str,
    baseline_year: int | None = None,
    baseline_value: Decimal | None = None,
    by_sex: bool = False,
) -> Indicator:
    existing = result.indicators.filter(title=title).first()
    return existing or services.indicator_create(
        actor=None,
        result=result,
        title=title,
        title_translations=title_translations,
        measure=measure,
        unit=unit,
        baseline_year=baseline_year,
        baseline_value=baseline_value,
        by_sex=by_sex,
    )


def _period(project: Project, start: datetime.date, end: datetime.date) -> ReportingPeriod:
    existing = project.reporting_periods.filter(period_start=start).first()
    return existing or services.reporting_period_create(
        actor=None, project=project, period_start=start, period_end=end
    )


def load_programmes_demo(log: Log) -> None:
    iofs = seed_organisation("IOFS")
    usd = Currency.objects.get(code="USD")
    afghanistan = Country.objects.get(iso3="AFG")

    afsp = _programme(
        code="AFSP",
        name="Afghanistan Food Security Programme",
        name_translations={
            "ar": "برنامج الأمن الغذائي في أفغانستان",
            "fr": "Programme de sécurité alimentaire pour l'Afghanistan",
            "ru": "Программа продовольственной безопасности для Афганистана",
        },
        description="Food assistance and support to farmers in Afghanistan.",
        description_translations={
            "ar": "مساعدات غذائية ودعم للمزارعين في أفغانستان.",
            "fr": "Aide alimentaire et soutien aux agriculteurs en Afghanistan.",
            "ru": "Продовольственная помощь и поддержка фермеров в Афганистане.",
        },
        reporting_organisation=iofs,
        iati_reporting_ref=IOFS_REPORTING_REF,
    )
    governance = _programme(
        code="FSG",
        name="Food Security Governance",
        name_translations={
            "ar": "حوكمة الأمن الغذائي",
            "fr": "Gouvernance de la sécurité alimentaire",
            "ru": "Управление продовольственной безопасностью",
        },
        description="Capacity building of member states in food security strategy and policy.",
        description_translations={
            "ar": "بناء قدرات الدول الأعضاء في استراتيجيات وسياسات الأمن الغذائي.",
            "fr": "Renforcement des capacités des États membres en stratégie et politique "
            "de sécurité alimentaire.",
            "ru": "Укрепление потенциала государств-членов в стратегии и политике "
            "продовольственной безопасности.",
        },
        reporting_organisation=iofs,
        iati_reporting_ref=IOFS_REPORTING_REF,
    )
    services.governing_decision_record(
        actor=None,
        programme=governance,
        body="Third General Assembly of the IOFS",
        body_translations={
            "ar": "الجمعية العامة الثالثة للمنظمة",
            "fr": "Troisième Assemblée générale de l'OISA",
            "ru": "Третья Генеральная ассамблея ИОПБ",
        },
        kind="endorsement",
        place="Ankara",
        held_from=D(2020, 12, 2),
        held_until=D(2020, 12, 3),
    )
    services.governing_decision_record(
        actor=None,
        programme=governance,
        body="Fourth General Assembly of the IOFS",
        body_translations={
            "ar": "الجمعية العامة الرابعة للمنظمة",
            "fr": "Quatrième Assemblée générale de l'OISA",
            "ru": "Четвёртая Генеральная ассамблея ИОПБ",
        },
        kind="reaffirmation",
        place="Nur-Sultan",
        held_from=D(2021, 9, 8),
        held_until=D(2021, 9, 9),
    )

    # Flour for Humanity, 2023: 68 t of wheat flour to three drug-treatment centres.
    flour = _project_with_partners(
        code="AFSP-FFH-2023",
        title="Flour for Humanity",
        title_translations={
            "ar": "الدقيق من أجل الإنسانية",
            "fr": "De la farine pour l'humanité",
            "ru": "Мука для человечности",
        },
        description="Wheat flour for patients of drug-treatment centres in Kabul, Herat "
        "and Kandahar, delivered with UNAMA and UNODC.",
        description_translations={
            "ar": "دقيق القمح لمرضى مراكز علاج الإدمان في كابل وهرات وقندهار، "
            "بالتعاون مع بعثة الأمم المتحدة ومكتب المخدرات والجريمة.",
            "fr": "Farine de blé pour les patients des centres de traitement de Kaboul, "
            "Hérat et Kandahar, livrée avec la MANUA et l'ONUDC.",
            "ru": "Пшеничная мука для пациентов центров лечения наркозависимости в Кабуле, "
            "Герате и Кандагаре, доставленная вместе с МООНСА и УНП ООН.",
        },
        status="4",
        planned_start=D(2023, 1, 1),
        planned_end=D(2023, 12, 31),
        actual_start=D(2023, 1, 1),
        actual_end=D(2023, 12, 31),
        humanitarian=True,
        is_illustrative=True,  # the seeds give the year, not the dates
        programme=afsp,
        recipient_country=afghanistan,
        currency=usd,
        areas=[("AF01", Decimal("33.34")), ("AF32", Decimal("33.33")), ("AF27", Decimal("33.33"))],
        sectors=[("72040", Decimal(80)), ("16063", Decimal(20))],
        participants=[
            (iofs, Role.ACCOUNTABLE),
            (seed_organisation("UNAMA"), Role.IMPLEMENTING),
            (seed_organisation("UNODC"), Role.IMPLEMENTING),
            (seed_organisation("Government of the Republic of Kazakhstan"), Role.FUNDING),
            (seed_organisation("Government of the Republic of Tajikistan"), Role.FUNDING),
            (seed_organisation("Government of Turkmenistan"), Role.FUNDING),
            (seed_organisation("IFPA"), Role.FUNDING),
        ],
    )
    services.target_group_set(actor=None, project=flour, group="patients")
    services.document_add(
        actor=None,
        project=flour,
        title="IOFS and UNAMA review Flour for Humanity",
        title_translations={
            "ar": "المنظمة وبعثة الأمم المتحدة تستعرضان برنامج الدقيق من أجل الإنسانية",
            "fr": "L'OISA et la MANUA font le point sur De la farine pour l'humanité",
            "ru": "ИОПБ и МООНСА подводят итоги программы «Мука для человечности»",
        },
        url="https://example.org/iofs/news/2025-05-28-iofs-unama-flour-for-humanity",
        file_format="text/html",
        category="A07",
        language="en",
        document_date=D(2025, 5, 28),
    )
    delivered = _indicator(
        _result(
            flour,
            "1",
            "Wheat flour delivered to drug-treatment centres",
            {
                "ar": "دقيق القمح المسلَّم إلى مراكز علاج الإدمان",
                "fr": "Farine de blé livrée aux centres de traitement",
                "ru": "Пшеничная мука, доставленная в центры лечения",
            },
        ),
        "Tonnes of wheat flour delivered",
        title_translations={
            "ar": "أطنان دقيق القمح المسلَّمة",
            "fr": "Tonnes de farine de blé livrées",
            "ru": "Тонн пшеничной муки доставлено",
        },
        measure="1",
        unit="t",
        baseline_year=2022,
        baseline_value=Decimal(0),
    )
    year_2023 = _period(flour, D(2023, 1, 1), D(2023, 12, 31))
    if not year_2023.is_locked:
        services.indicator_target_set(
            actor=None, indicator=delivered, period=year_2023, value=Decimal(68)
        )
        services.indicator_actual_record(
            actor=None, indicator=delivered, period=year_2023, value=Decimal(68), source="seed"
        )
        services.reporting_period_approve(actor=None, period=year_2023)

    # Wheat cultivation and farmer training in Herat and in Logar, co-funded by IOFS, TIKA
    # and CICA; over 600 farmers in all (the split between provinces is illustrative).
    for code, p_code, province, translations in (
        (
            "AFSP-WHEAT-HERAT",
            "AF32",
            "Herat",
            {
                "ar": "زراعة القمح وتدريب المزارعين في هرات",
                "fr": "Culture du blé et formation des agriculteurs à Hérat",
                "ru": "Выращивание пшеницы и обучение фермеров в Герате",
            },
        ),
        (
            "AFSP-WHEAT-LOGAR",
            "AF05",
            "Logar",
            {
                "ar": "زراعة القمح وتدريب المزارعين في لوغر",
                "fr": "Culture du blé et formation des agriculteurs au Logar",
                "ru": "Выращивание пшеницы и обучение фермеров в Логаре",
            },
        ),
    ):
        wheat = _project_with_partners(
            code=code,
            title=f"Wheat cultivation and farmer training in {province}",
            title_translations=translations,
            description="Seeds, fertiliser and tools for wheat farmers, with training.",
            description_translations={
                "ar": "بذور وأسمدة وأدوات لمزارعي القمح، مع التدريب.",
                "fr": "Semences, engrais et outils pour les producteurs de blé, avec formation.",
                "ru": "Семена, удобрения и инструменты для фермеров, выращивающих пшеницу, "
                "с обучением.",
            },
            status="2",
            planned_start=D(2024, 3, 1),
            planned_end=D(2025, 12, 31),
            actual_start=D(2024, 3, 1),
            is_illustrative=True,  # dates and sector shares are illustrative
            programme=afsp,
            recipient_country=afghanistan,
            currency=usd,
            areas=[(p_code, Decimal(100))],
            sectors=[("31150", Decimal(40)), ("31161", Decimal(30)), ("31181", Decimal(30))],
            participants=[
                (iofs, Role.ACCOUNTABLE),
                (iofs, Role.IMPLEMENTING),
                (iofs, Role.FUNDING),
                (seed_organisation("TIKA"), Role.FUNDING),
                (seed_organisation("CICA"), Role.FUNDING),
            ],
        )
        services.target_group_set(
            actor=None, project=wheat, group="farmers", targeted=300, is_illustrative=True
        )
        services.budget_record(
            actor=None,
            project=wheat,
            period_start=D(2024, 3, 1),
            period_end=D(2025, 2, 28),
            amount=Decimal(150000),
            currency=usd,
            is_illustrative=True,
        )
        farmers = _indicator(
            _result(
                wheat,
                "1",
                "Farmers equipped and trained",
                {
                    "ar": "مزارعون مجهَّزون ومدرَّبون",
                    "fr": "Agriculteurs équipés et formés",
                    "ru": "Фермеры, получившие снаряжение и обучение",
                },
            ),
            "Farmers who received inputs and training",
            title_translations={
                "ar": "المزارعون الذين تلقوا المدخلات والتدريب",
                "fr": "Agriculteurs ayant reçu intrants et formation",
                "ru": "Фермеры, получившие ресурсы и обучение",
            },
            measure="1",
            unit="farmers",
            by_sex=True,
        )
        season = _period(wheat, D(2024, 3, 1), D(2025, 2, 28))
        services.indicator_target_set(
            actor=None, indicator=farmers, period=season, value=Decimal(300), is_illustrative=True
        )

    # Other AFSP work the seeds name; places, dates and shares are illustrative.
    solar = _project_with_partners(
        code="AFSP-SOLAR-WATER",
        title="Solar-powered water systems",
        title_translations={
            "ar": "أنظمة مياه تعمل بالطاقة الشمسية",
            "fr": "Systèmes d'eau à énergie solaire",
            "ru": "Системы водоснабжения на солнечной энергии",
        },
        description="Solar-powered water systems for farming communities.",
        description_translations={
            "ar": "أنظمة مياه تعمل بالطاقة الشمسية للمجتمعات الزراعية.",
            "fr": "Systèmes d'eau à énergie solaire pour les communautés agricoles.",
            "ru": "Системы водоснабжения на солнечной энергии для фермерских общин.",
        },
        status="2",
        planned_start=D(2024, 1, 1),
        planned_end=D(2025, 12, 31),
        actual_start=D(2024, 1, 1),
        is_illustrative=True,
        programme=afsp,
        recipient_country=afghanistan,
        currency=usd,
        areas=[("AF32", Decimal(100))],
        sectors=[("31140", Decimal(100))],
        participants=[(iofs, Role.IMPLEMENTING)],
    )
    _solar_assets(solar, afghanistan, iofs, usd)

    households = _project_with_partners(
        code="AFSP-FLOUR-HH",
        title="Wheat flour for vulnerable households",
        title_translations={
            "ar": "دقيق القمح للأسر الضعيفة",
            "fr": "Farine de blé pour les ménages vulnérables",
            "ru": "Пшеничная мука для уязвимых домохозяйств",
        },
        description="Distribution of wheat flour to vulnerable Afghan households.",
        description_translations={
            "ar": "توزيع دقيق القمح على الأسر الأفغانية الضعيفة.",
            "fr": "Distribution de farine de blé aux ménages afghans vulnérables.",
            "ru": "Раздача пшеничной муки уязвимым афганским домохозяйствам.",
        },
        status="2",
        planned_start=D(2024, 6, 1),
        planned_end=D(2025, 5, 31),
        actual_start=D(2024, 6, 1),
        humanitarian=True,
        is_illustrative=True,
        programme=afsp,
        recipient_country=afghanistan,
        currency=usd,
        areas=[("AF05", Decimal(100))],
        sectors=[("72040", Decimal(100))],
        participants=[(iofs, Role.IMPLEMENTING)],
    )
    services.target_group_set(
        actor=None, project=households, group="households", targeted=2000, is_illustrative=True
    )

    prisons = _project_with_partners(
        code="AFSP-PRISONS",
        title="Food support to prisons",
        title_translations={
            "ar": "دعم غذائي للسجون",
            "fr": "Soutien alimentaire aux prisons",
            "ru": "Продовольственная поддержка тюрем",
        },
        description="Food for prison detainees facing critical shortages, prepared with UNAMA.",
        description_translations={
            "ar": "غذاء لنزلاء السجون الذين يعانون نقصاً حاداً، يُعدّ مع بعثة الأمم المتحدة.",
            "fr": "Nourriture pour les détenus confrontés à de graves pénuries, préparée "
            "avec la MANUA.",
            "ru": "Продовольствие для заключённых, страдающих от острой нехватки, "
            "готовится вместе с МООНСА.",
        },
        status="1",
        planned_start=D(2026, 1, 1),
        planned_end=D(2026, 12, 31),
        humanitarian=True,
        is_illustrative=True,
        programme=afsp,
        recipient_country=afghanistan,
        currency=usd,
        areas=[("AF01", Decimal(100))],
        sectors=[("72040", Decimal(60)), ("15137", Decimal(40))],
        participants=[(iofs, Role.ACCOUNTABLE), (seed_organisation("UNAMA"), Role.IMPLEMENTING)],
    )
    services.target_group_set(actor=None, project=prisons, group="detainees")

    _governance_project(
        governance,
        iofs,
        code="FSG-WORKSHOP-2021",
        title="Online workshop on food security governance in OIC countries",
        title_translations={
            "ar": "ورشة عمل عبر الإنترنت حول حوكمة الأمن الغذائي في دول منظمة التعاون الإسلامي",
            "fr": "Atelier en ligne sur la gouvernance de la sécurité alimentaire dans les "
            "pays de l'OCI",
            "ru": "Онлайн-семинар по управлению продовольственной безопасностью в странах ОИС",
        },
        description="Member states shared their practice in governing food security.",
        description_translations={
            "ar": "تبادلت الدول الأعضاء خبراتها في حوكمة الأمن الغذائي.",
            "fr": "Les États membres ont partagé leurs pratiques de gouvernance.",
            "ru": "Государства-члены поделились опытом управления продовольственной безопасностью.",
        },
        status="4",
        planned_start=D(2021, 12, 22),
        planned_end=D(2021, 12, 22),
        actual_start=D(2021, 12, 22),
        actual_end=D(2021, 12, 22),
        currency=usd,
    )
    _governance_project(
        governance,
        iofs,
        code="FSG-TRAININGS-2022",
        title="Regional trainings in food security strategy and policy",
        title_translations={
            "ar": "دورات تدريبية إقليمية في استراتيجيات وسياسات الأمن الغذائي",
            "fr": "Formations régionales en stratégie et politique de sécurité alimentaire",
            "ru": "Региональные тренинги по стратегии и политике продовольственной безопасности",
        },
        description="Training for government specialists in strategic planning and policy.",
        description_translations={
            "ar": "تدريب المختصين الحكوميين على التخطيط الاستراتيجي ووضع السياسات.",
            "fr": "Formation des spécialistes gouvernementaux à la planification stratégique.",
            "ru": "Обучение государственных специалистов стратегическому планированию.",
        },
        status="4",
        planned_start=D(2022, 1, 1),
        planned_end=D(2022, 12, 31),
        actual_start=D(2022, 1, 1),
        actual_end=D(2022, 12, 31),
        is_illustrative=True,
        currency=usd,
    )
    log("Programmes: AFSP and Food Security Governance, with their projects.")
