"""Dashboards: the chain from pledge to plate at a glance, for the reader's countries.

Every figure comes from a domain's selector; the ones that would otherwise add up
distributions read the summary tables assistance keeps (assistance.tallies).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sunbula.assistance import selectors as assistance_selectors
from sunbula.assistance.selectors import Reached, ReachedInBrief, Trace
from sunbula.core.access import AnyUser, has_permission
from sunbula.core.addresses import list_url, record_url
from sunbula.core.figures import number, number_text
from sunbula.core.maps import DrawnMap, Shade, choropleth, province_layer
from sunbula.core.models import AdminArea, Country
from sunbula.core.money import usd_text
from sunbula.funding import selectors as funding_selectors
from sunbula.funding.permissions import FundingPerm
from sunbula.funding.selectors import Coverage, MoneyTotals
from sunbula.learning import selectors as learning_selectors
from sunbula.learning.models import Event
from sunbula.learning.permissions import LearningPerm
from sunbula.monitoring import selectors as monitoring_selectors
from sunbula.monitoring.models import SituationDataset
from sunbula.monitoring.permissions import MonitoringPerm
from sunbula.partners import selectors as partner_selectors
from sunbula.partners.permissions import PartnersPerm
from sunbula.programmes import selectors as programme_selectors
from sunbula.programmes.models import Asset, Programme, Project
from sunbula.programmes.selectors import ResultRow
from sunbula.supply import selectors as supply_selectors
from sunbula.supply.permissions import SupplyPerm
from sunbula.supply.selectors import SiteStock

ZERO = Decimal(0)


@dataclass(frozen=True)
class Stage:
    """One bar of the funnel."""

    label: str | Promise
    value: Decimal
    unit: str  # "USD" or "kg"
    percent: int  # of the largest stage of its kind: the bar's length
    is_loss: bool = False
    url: str = ""  # where what the stage adds up is listed, where a page links it

    @property
    def rtl_x(self) -> int:
        """Where the bar starts when the page reads right to left."""
        return 100 - self.percent


def _stages(
    rows: list[tuple[str | Promise, Decimal]], unit: str, losses: int = 0, url: str = ""
) -> list[Stage]:
    """Bars for `rows`, each opening `url`; the last `losses` of them are losses."""
    largest = max((value for _label, value in rows), default=ZERO)
    return [
        Stage(
            label,
            value,
            unit,
            int(value * 100 / largest) if largest else 0,
            is_loss=index >= len(rows) - losses,
            url=url,
        )
        for index, (label, value) in enumerate(rows)
    ]


@dataclass(frozen=True)
class Funnel:
    money: MoneyTotals
    trace: Trace  # kilograms only
    other_units: dict[str, Decimal] = field(default_factory=dict)  # litres, pieces: apart
    pledges_url: str = ""  # the pledges the money adds up
    # Where the goods' figures are read from: a project's trace, else the lots received.
    goods_url: str = ""

    @property
    def money_stages(self) -> list[Stage]:
        return _stages(
            [
                (_("Pledged"), self.money.pledged_usd),
                (_("Committed"), self.money.committed_usd),
                (_("Paid"), self.money.paid_usd),
            ],
            "USD",
            url=self.pledges_url,
        )

    @property
    def goods_stages(self) -> list[Stage]:
        return _stages(
            [
                (_("Received"), self.trace.received),
                (_("Dispatched"), self.trace.dispatched),
                (_("Delivered"), self.trace.delivered),
                (_("Distributed"), self.trace.distributed),
                (_("In stock"), self.trace.in_stock),
                (_("Lost in transit"), self.trace.lost_in_transit),
                (_("Lost in store"), self.trace.lost_in_store),
            ],
            "kg",
            losses=2,
            url=self.goods_url,
        )


def funnel(
    *, user: AnyUser, country_id: int | None = None, project_id: int | None = None
) -> Funnel:
    money = funding_selectors.money_totals(user=user, country_id=country_id, project_id=project_id)
    trace = assistance_selectors.chain_trace(
        user=user, country_id=country_id, project_id=project_id
    )
    others = assistance_selectors.distributed_by_unit(
        user=user, country_id=country_id, project_id=project_id
    )
    narrowed = {"country": country_id, "project": project_id}
    given = {name: value for name, value in narrowed.items() if value is not None}
    return Funnel(
        money,
        trace,
        others,
        pledges_url=funding_selectors.pledges_listed(**given),
        goods_url=(
            record_url("assistance:project_trace", project_id)
            if project_id
            else list_url("supply:lot_list", **given)
        ),
    )


@dataclass(frozen=True)
class Alert:
    label: str | Promise
    count: int
    url_name: str


@dataclass
class HomeDashboard:
    funnel: Funnel
    reached: Reached
    alerts: list[Alert] = field(default_factory=list)
    upcoming: list[Event] = field(default_factory=list)


def _alerts(user: AnyUser, today: datetime.date) -> list[Alert]:
    alerts: list[Alert] = []
    if has_permission(user, PartnersPerm.VIEW_AGREEMENT):
        partnership = partner_selectors.alerts(user=user, today=today)
        ending = ngettext(
            "Agreements ending within %(days)s day",
            "Agreements ending within %(days)s days",
            partnership.warning_days,
        ) % {"days": number_text(partnership.warning_days)}
        alerts.append(Alert(ending, len(partnership.expiring), "partners:alerts"))
        alerts.append(
            Alert(
                _("Open follow-up actions"),
                partner_selectors.my_open_follow_ups(user=user).count(),
                "partners:engagement_list",
            )
        )
    if has_permission(user, FundingPerm.VIEW_FUNDING):
        ageing = funding_selectors.ageing_pledges(user=user, today=today)
        days = settings.PLEDGE_AGEING_DAYS
        waiting = ngettext(
            "Pledges not committed after %(days)s day",
            "Pledges not committed after %(days)s days",
            days,
        ) % {"days": number_text(days)}
        # The funding overview lists these pledges with what each still has to commit.
        alerts.append(Alert(waiting, ageing.count(), "funding:overview"))
    if has_permission(user, SupplyPerm.VIEW_STOCK):
        alerts.append(
            Alert(
                _("Losses under review"),
                supply_selectors.flagged_losses(user=user).count(),
                "supply:losses",
            )
        )
        days = settings.STOCK_EXPIRY_NOTICE_DAYS
        expiring = ngettext(
            "Stock expiring within %(days)s day",
            "Stock expiring within %(days)s days",
            days,
        ) % {"days": number_text(days)}
        alerts.append(
            Alert(
                expiring,
                supply_selectors.expiring_balances(user=user, today=today, within_days=days)
                .filter(quantity__gt=0)
                .count(),
                "supply:expiry_alerts",
            )
        )
    return alerts


def home_dashboard(*, user: AnyUser, today: datetime.date | None = None) -> HomeDashboard:
    today = today or timezone.localdate()
    upcoming: list[Event] = []
    if has_permission(user, LearningPerm.VIEW_EVENT):
        upcoming = list(
            learning_selectors.event_list(user=user).filter(starts_on__gte=today).reverse()[:5]
        )
    return HomeDashboard(
        funnel=funnel(user=user),
        reached=assistance_selectors.people_reached(user=user),
        alerts=_alerts(user, today),
        upcoming=upcoming,
    )


# Country, programme and project dashboards


# Shades of people reached, from none to most (the fill on paper and on the page alike).
REACHED_FILLS = ("#eef1ed", "#c4dcc4", "#86b38a", "#4f8a56", "#2f6b3a")


@dataclass(frozen=True)
class AreaReached:
    area: AdminArea
    people: int


@dataclass(frozen=True)
class AreaMap:
    drawn: DrawnMap
    areas: list[AreaReached]  # the provinces where people were reached, for the table


def area_map(country: Country, by_area: dict[str, int]) -> AreaMap | None:
    """The country's provinces shaded by people reached; None where Sunbula has no
    boundaries for the country (the figures are then in the table only)."""
    layer = province_layer(country.iso3)
    if layer is None:
        return None
    largest = max(by_area.values(), default=0)
    shades = []
    reached = []
    for area in AdminArea.objects.filter(country=country, level=1).order_by("p_code"):
        people = by_area.get(area.p_code, 0)
        shade = 0 if not people else 1 + min(3, people * 4 // (largest + 1))
        title = f"{area.local_name}: {number(people, 0, html=False)}"
        shades.append(Shade(area.p_code, title, fill=REACHED_FILLS[shade]))
        if people:
            reached.append(AreaReached(area, people))
    if not shades:
        return None
    return AreaMap(choropleth(layer, _("People reached, by province"), shades), reached)


@dataclass
class CountryDashboard:
    country: Country
    funnel: Funnel
    reached: Reached
    coverage: list[Coverage]
    projects: list[Project]
    stock: list[SiteStock]
    map: AreaMap | None
    assets: list[Asset] = field(default_factory=list)
    analysis: SituationDataset | None = None  # the latest IPC or Cadre Harmonisé analysis


def latest_analysis(*, user: AnyUser, country: Country) -> SituationDataset | None:
    """The country's most recently published food-security analysis the reader may see."""
    if not has_permission(user, MonitoringPerm.VIEW_SITUATION):
        return None
    return monitoring_selectors.dataset_list(user=user, country=country.iso3).first()


def country_dashboard(*, user: AnyUser, country: Country) -> CountryDashboard:
    """`country` is in the user's scope (views fetch it through the scope)."""
    reached = assistance_selectors.people_reached(user=user, country_id=country.pk)
    trace_funnel = funnel(user=user, country_id=country.pk)
    return CountryDashboard(
        country=country,
        funnel=trace_funnel,
        reached=reached,
        coverage=funding_selectors.requirement_coverage(user=user, country=country),
        projects=list(
            programme_selectors.project_list(user=user).filter(recipient_country=country)
        ),
        stock=trace_funnel.trace.in_stock_by_site,
        map=area_map(country, reached.by_area),
        assets=list(programme_selectors.asset_list(user=user, country=country)),
        analysis=latest_analysis(user=user, country=country),
    )


@dataclass
class ProjectDashboard:
    project: Project
    funnel: Funnel
    reached: Reached
    results: list[ResultRow]
    coverage: list[Coverage]


def project_dashboard(*, user: AnyUser, project: Project) -> ProjectDashboard:
    """`project` comes from core.access.fetch."""
    return ProjectDashboard(
        project=project,
        funnel=funnel(user=user, project_id=project.pk),
        reached=assistance_selectors.people_reached(user=user, project_id=project.pk),
        results=programme_selectors.results_framework(user=user, project=project),
        coverage=[
            row
            for row in funding_selectors.requirement_coverage(user=user)
            if row.requirement.project_id == project.pk
        ],
    )


@dataclass(frozen=True)
class ProjectLine:
    project: Project
    money: MoneyTotals
    reached: ReachedInBrief


@dataclass
class ProgrammeDashboard:
    programme: Programme
    lines: list[ProjectLine]

    @property
    def pledged_usd(self) -> Decimal:
        return sum((line.money.pledged_usd for line in self.lines), ZERO)

    @property
    def paid_usd(self) -> Decimal:
        return sum((line.money.paid_usd for line in self.lines), ZERO)

    @property
    def people(self) -> int:
        return sum(line.reached.people for line in self.lines)

    @property
    def kilograms(self) -> Decimal:
        return sum((line.reached.kilograms for line in self.lines), ZERO)


def programme_dashboard(*, user: AnyUser, programme: Programme) -> ProgrammeDashboard:
    """Each of the programme's projects in the user's countries: money and people reached."""
    projects = list(programme_selectors.project_list(user=user, programme=programme))
    ids = [project.pk for project in projects]
    money = funding_selectors.money_totals_by_project(user=user, project_ids=ids)
    reached = assistance_selectors.reached_by_project(user=user, project_ids=ids)
    lines = [ProjectLine(project, money[project.pk], reached[project.pk]) for project in projects]
    return ProgrammeDashboard(programme, lines)


def as_dict(board: Funnel, reached: Reached) -> dict[str, object]:
    """A dashboard's figures for the API: money in USD, kilograms, people reached."""
    money = board.money
    return {
        "money_usd": {
            "pledges": money.pledges,
            "pledged": usd_text(money.pledged_usd),
            "committed": usd_text(money.committed_usd),
            "paid": usd_text(money.paid_usd),
        },
        "kilograms": {
            name: value
            for name, value in board.trace.as_dict().items()
            if name not in ("people_reached", "person_days", "in_stock_by_site")
        },
        "people_reached": {
            "total": reached.people,
            "beneficiaries": reached.beneficiaries,
            "by_sex": {
                "female": reached.females,
                "male": reached.males,
                "not_recorded": reached.sex_not_recorded,
            },
            "by_age_group": {
                "children": reached.children,
                "adults": reached.adults,
                "elderly": reached.elderly,
                "not_recorded": reached.age_not_recorded,
            },
            "by_displacement": reached.by_displacement,
            "by_admin_area": reached.by_area,
            "kilograms_distributed": str(reached.kilograms),
        },
    }
