"""Demo data: Flour for Humanity flour served at the three treatment centres and to Herat
households, and input baskets for one farmer group in Herat and one in Logar.

Every ration, period, date and quantity here is illustrative; the seeds give only the flour,
the centres and that the farmers receive seeds, fertiliser and tools. Everything is drawn
from the supply demo's lots through the services, so the trace of each contribution ties out.
Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TypedDict, Unpack

from sunbula.assistance import services
from sunbula.assistance.models import Cycle, Distribution, Entitlement, RationKind, RuleField
from sunbula.core.demo import Log
from sunbula.core.models import AdminArea, Country, Site
from sunbula.programmes.models import Indicator, Project, ReportingPeriod
from sunbula.supply.models import Commodity

D = datetime.date

# 450 g of flour per resident per day, as 13.5 kg a month; three monthly deliveries.
RESIDENT_MONTH = Decimal("13.5")
CENTRE_MONTHS = (D(2023, 6, 5), D(2023, 7, 5), D(2023, 8, 4))
HOUSEHOLD_MONTH = Decimal(50)
# (commodity code, quantity per farmer)
BASKET = (("WHEAT-SEED", "50"), ("UREA", "30"), ("DAP", "25"), ("TOOL-KIT", "1"))
PROVINCES = (
    ("AFSP-WHEAT-HERAT", "AF32", "Herat farmer field school"),
    ("AFSP-WHEAT-LOGAR", "AF05", "Logar distribution point"),
)


class _CycleDetails(TypedDict, total=False):
    name_translations: dict[str, str]
    period_start: datetime.date
    period_end: datetime.date
    ration_kind: str
    people_indicator: Indicator | None
    reporting_period: ReportingPeriod | None


def _cycle(
    project: Project, country: Country, name: str, **details: Unpack[_CycleDetails]
) -> Cycle:
    existing = Cycle.objects.filter(project=project, name=name).first()
    return existing or services.cycle_create(
        actor=None, project=project, country=country, name=name, is_illustrative=True, **details
    )


def _prepare(
    cycle: Cycle, rules: list[tuple[str, str]], ration: list[tuple[Commodity, Decimal]]
) -> None:
    if cycle.status == Cycle.Status.PLANNING:
        for field, value in rules:
            if not cycle.rules.filter(field=field, value=value).exists():
                services.eligibility_rule_add(actor=None, cycle=cycle, field=field, value=value)
        for commodity, quantity in ration:
            services.ration_line_set(
                actor=None, cycle=cycle, commodity=commodity, quantity=quantity
            )
        services.beneficiary_list_freeze(actor=None, cycle=cycle)
        cycle.refresh_from_db()
    services.entitlements_compute(actor=None, cycle=cycle)
    services.entitlements_approve(actor=None, cycle=cycle)


def _hand_over(entitlement: Entitlement, site: Site, quantity: Decimal, on: D) -> bool:
    """Record one hand-over unless the demo has it already (one an entitlement and a day);
    whether it was recorded. Its reference is the one the service makes, which names no one.
    The cycle's actuals are left to `_feed_actuals`, once the cycle's hand-overs are all in."""
    if Distribution.objects.filter(entitlement=entitlement, distributed_on=on).exists():
        return False
    services.distribution_record(
        actor=None,
        entitlement=entitlement,
        site=site,
        quantity=quantity,
        distributed_on=on,
        is_illustrative=True,
        feed_actuals=False,
    )
    return True


def _feed_actuals(cycle: Cycle, recorded: bool) -> None:
    """What each hand-over would have sent to the cycle's indicator actuals, sent once."""
    period = cycle.reporting_period
    if recorded and period is not None and not period.is_locked:
        services.cycle_actuals_feed(actor=None, cycle=cycle)


def load_flour(afghanistan: Country) -> None:
    project = Project.objects.filter(code="AFSP-FFH-2023").first()
    flour = Commodity.objects.filter(code="WHEAT-FLOUR").first()
    if project is None or flour is None:
        return
    centres = _cycle(
        project,
        afghanistan,
        "Treatment centres, June to August 2023",
        name_translations={
            "ar": "مراكز العلاج، من يونيو إلى أغسطس 2023",
            "fr": "Centres de traitement, juin à août 2023",
            "ru": "Центры лечения, июнь–август 2023",
        },
        period_start=D(2023, 6, 5),
        period_end=D(2023, 9, 2),
        ration_kind=RationKind.PER_RESIDENT_MONTH,
    )
    _prepare(centres, [(RuleField.INSTITUTION_KIND, "treatment_centre")], [(flour, RESIDENT_MONTH)])
    recorded = False
    for entitlement in centres.entitlements.select_related("beneficiary__institution__site"):
        institution = entitlement.beneficiary.institution
        if institution is None or institution.site is None:
            continue
        monthly = (entitlement.quantity / len(CENTRE_MONTHS)).quantize(Decimal("0.001"))
        for number, day in enumerate(CENTRE_MONTHS, start=1):
            last = number == len(CENTRE_MONTHS)
            recorded |= _hand_over(
                entitlement,
                institution.site,
                entitlement.quantity - monthly * (number - 1) if last else monthly,
                day,
            )
    _feed_actuals(centres, recorded)
    herat_centre = Site.objects.filter(name="Herat drug-treatment centre").first()
    if herat_centre is None:
        return
    households = _cycle(
        project,
        afghanistan,
        "Herat households, September 2023",
        name_translations={
            "ar": "أسر هرات، سبتمبر 2023",
            "fr": "Ménages de Hérat, septembre 2023",
            "ru": "Домохозяйства Герата, сентябрь 2023",
        },
        period_start=D(2023, 9, 5),
        period_end=D(2023, 10, 4),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
    )
    _prepare(households, [(RuleField.ADMIN_AREA, "AF32")], [(flour, HOUSEHOLD_MONTH)])
    served = [
        _hand_over(
            entitlement,
            herat_centre,
            entitlement.quantity,
            D(2023, 9, 10),
        )
        for entitlement in households.entitlements.select_related("beneficiary")
    ]
    _feed_actuals(households, any(served))


def _farmers_indicator(project: Project) -> tuple[Indicator | None, ReportingPeriod | None]:
    indicator = Indicator.objects.filter(
        result__project=project, title="Farmers who received inputs and training"
    ).first()
    period = ReportingPeriod.objects.filter(project=project, period_start=D(2024, 3, 1)).first()
    if period is not None and period.is_locked:
        period = None
    return indicator, period if indicator else None


def load_baskets(afghanistan: Country) -> None:
    commodities = {item.code: item for item in Commodity.objects.filter(code__in=dict(BASKET))}
    if len(commodities) != len(BASKET):
        return
    for code, p_code, site_name in PROVINCES:
        project = Project.objects.filter(code=code).first()
        province = AdminArea.objects.filter(p_code=p_code).first()
        site = Site.objects.filter(name=site_name).first()
        if project is None or province is None or site is None:
            continue
        indicator, period = _farmers_indicator(project)
        group = f"{province.name} wheat growers' group 1"
        cycle = _cycle(
            project,
            afghanistan,
            f"Input baskets, {group}, spring 2024",
            period_start=D(2024, 3, 25),
            period_end=D(2024, 4, 30),
            ration_kind=RationKind.FARMER_BASKET,
            people_indicator=indicator,
            reporting_period=period,
        )
        _prepare(
            cycle,
            [(RuleField.FARMER_GROUP, group)],
            [(commodities[each], Decimal(quantity)) for each, quantity in BASKET],
        )
        recorded = [
            _hand_over(
                entitlement,
                site,
                entitlement.quantity,
                D(2024, 4, 2),
            )
            for entitlement in cycle.entitlements.select_related("beneficiary", "commodity")
        ]
        _feed_actuals(cycle, any(recorded))


def load_assistance_demo(log: Log) -> None:
    afghanistan = Country.objects.filter(iso3="AFG").first()
    if afghanistan is None:
        return
    load_flour(afghanistan)
    load_baskets(afghanistan)
    log("Assistance: flour for three treatment centres and Herat households; input baskets.")
