"""Every read of programmes, projects, results and 4W rows, scoped to the user's countries.

Projects are scoped by their recipient country; 3W rows imported from partners by the
country they were imported for.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from sunbula.core.access import AnyUser, require_permission
from sunbula.core.models import AdminArea, Country, Organisation
from sunbula.core.multilingual import localized
from sunbula.core.selectors import country_options, matching, where_given
from sunbula.programmes.models import (
    ActivityStatus,
    Asset,
    Budget,
    DacSector,
    GoverningBodyDecision,
    Indicator,
    IndicatorActual,
    IndicatorTarget,
    MaintenanceVisit,
    ParticipatingOrganisation,
    Programme,
    Project,
    ProjectDocument,
    ReportingPeriod,
    Result,
    ThreeWActivity,
    ThreeWImport,
)
from sunbula.programmes.permissions import ProgrammePerm


def programme_list(*, user: AnyUser, search: str = "") -> QuerySet[Programme]:
    scope = require_permission(user, ProgrammePerm.VIEW_PROJECT)
    programmes = scope.filter(Programme.objects.select_related("reporting_organisation"))
    programmes = matching(programmes, search, "name__icontains", "code__icontains")
    return programmes.order_by("code")


def project_list(
    *,
    user: AnyUser,
    search: str = "",
    programme: Programme | None = None,
    status: str = "",
    codes: Sequence[str] = (),
    past_end: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Project]:
    """Projects in the user's countries (by recipient country); with `past_end`, only those
    still marked in implementation after their end (see `past_end_still_running`)."""
    scope = require_permission(user, ProgrammePerm.VIEW_PROJECT)
    projects = scope.filter(
        Project.objects.select_related("programme", "recipient_country", "currency"),
        country_field="recipient_country",
    )
    projects = matching(projects, search, "title__icontains", "code__icontains")
    projects = where_given(projects, programme=programme, status=status)
    if codes:
        projects = projects.filter(code__in=list(codes))
    if past_end:
        projects = projects.filter(_past_end_still_running(today or timezone.localdate()))
    return projects.order_by("code")


# A project's status is what a person recorded, and stays so; one still marked in
# implementation after its end (the actual end where known, else the planned one) is shown
# to the programme officer to be corrected.


def _past_end_still_running(today: datetime.date) -> Q:
    return Q(status=ActivityStatus.IMPLEMENTATION) & (
        Q(actual_end__lt=today) | Q(actual_end__isnull=True, planned_end__lt=today)
    )


def past_end_still_running(project: Project, today: datetime.date | None = None) -> bool:
    """Whether `project` is still marked in implementation though its end has passed."""
    ends_on = project.actual_end or project.planned_end
    return project.status == ActivityStatus.IMPLEMENTATION and ends_on < (
        today or timezone.localdate()
    )


def project_countries(*, user: AnyUser) -> QuerySet[Country]:
    """Countries the user may give as a project's recipient country."""
    require_permission(user, ProgrammePerm.MANAGE_PROJECT)
    return country_options(user=user, permission=ProgrammePerm.MANAGE_PROJECT).order_by("name")


def project_admin_areas(*, user: AnyUser, project: Project) -> QuerySet[AdminArea]:
    """Admin areas a project may work in: those of its recipient country."""
    require_permission(user, ProgrammePerm.VIEW_PROJECT)
    if project.recipient_country_id is None:
        return AdminArea.objects.none()
    return AdminArea.objects.filter(country_id=project.recipient_country_id).order_by("p_code")


def project_export_list(*, user: AnyUser, codes: Sequence[str] = ()) -> QuerySet[Project]:
    """Projects with everything an IATI or 4W export reads, in a fixed number of queries."""
    return (
        project_list(user=user, codes=codes)
        .select_related("programme__reporting_organisation")
        .prefetch_related(
            "locations__admin_area__parent",
            "sectors",
            Prefetch(
                "participants",
                queryset=ParticipatingOrganisation.objects.select_related("organisation"),
            ),
            "budgets__currency",
            "target_groups",
            "documents",
            Prefetch(
                "assets",
                queryset=Asset.objects.select_related("site", "admin_area").order_by("id"),
            ),
            Prefetch(
                "results",
                queryset=Result.objects.prefetch_related(
                    Prefetch(
                        "indicators",
                        queryset=Indicator.objects.prefetch_related(
                            Prefetch(
                                "targets", queryset=IndicatorTarget.objects.select_related("period")
                            ),
                            Prefetch(
                                "actuals",
                                queryset=IndicatorActual.objects.select_related("period"),
                            ),
                        ),
                    )
                ),
            ),
        )
    )


@dataclass(frozen=True)
class PeriodRow:
    period: ReportingPeriod
    target: IndicatorTarget | None
    total: IndicatorActual | None
    groups: list[IndicatorActual]


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    periods: list[PeriodRow]


@dataclass(frozen=True)
class ResultRow:
    result: Result
    indicators: list[IndicatorRow]


def results_framework(*, user: AnyUser, project: Project) -> list[ResultRow]:
    """Results → indicators → per period: target, total actual and disaggregated actuals.

    `project` comes from core.access.fetch, so it is already in the user's scope.
    """
    require_permission(user, ProgrammePerm.VIEW_PROJECT)
    periods = list(project.reporting_periods.order_by("period_start"))
    results = project.results.prefetch_related(
        "indicators__targets", "indicators__actuals"
    ).order_by("level", "pk")
    rows: list[ResultRow] = []
    for result in results:
        indicator_rows = []
        for indicator in result.indicators.all():
            targets = {target.period_id: target for target in indicator.targets.all()}
            actuals: dict[int, list[IndicatorActual]] = defaultdict(list)
            for actual in indicator.actuals.all():
                actuals[actual.period_id].append(actual)
            period_rows = []
            for period in periods:
                entries = actuals.get(period.pk, [])
                total = next(
                    (a for a in entries if not (a.sex or a.age_group or a.displacement)), None
                )
                period_rows.append(
                    PeriodRow(
                        period=period,
                        target=targets.get(period.pk),
                        total=total,
                        groups=[a for a in entries if a is not total],
                    )
                )
            indicator_rows.append(IndicatorRow(indicator=indicator, periods=period_rows))
        rows.append(ResultRow(result=result, indicators=indicator_rows))
    return rows


def result_list(*, user: AnyUser) -> QuerySet[Result]:
    """Results of the projects the user sees, with their indicators."""
    require_permission(user, ProgrammePerm.VIEW_PROJECT)
    return (
        Result.objects.visible_to(user, ProgrammePerm.VIEW_PROJECT)
        .prefetch_related("indicators")
        .order_by("project", "level", "pk")
    )


def indicator_list(*, user: AnyUser) -> QuerySet[Indicator]:
    """Indicators of the results of the projects the user sees."""
    require_permission(user, ProgrammePerm.VIEW_PROJECT)
    return Indicator.objects.visible_to(user, ProgrammePerm.VIEW_PROJECT).order_by("result", "pk")


def reporting_period_list(*, user: AnyUser) -> QuerySet[ReportingPeriod]:
    """Reporting periods of the projects the user sees."""
    require_permission(user, ProgrammePerm.VIEW_PROJECT)
    return ReportingPeriod.objects.visible_to(user, ProgrammePerm.VIEW_PROJECT).order_by(
        "project", "period_start"
    )


def decision_list(*, user: AnyUser) -> QuerySet[GoverningBodyDecision]:
    """Governing-body decisions on the programmes the user sees."""
    require_permission(user, ProgrammePerm.VIEW_PROJECT)
    return GoverningBodyDecision.objects.visible_to(user, ProgrammePerm.VIEW_PROJECT).order_by(
        "programme", "held_from", "pk"
    )


def budget_list(*, user: AnyUser) -> QuerySet[Budget]:
    """The period budgets of the projects the user sees."""
    require_permission(user, ProgrammePerm.VIEW_PROJECT)
    return (
        Budget.objects.visible_to(user, ProgrammePerm.VIEW_PROJECT)
        .select_related("currency")
        .order_by("project", "period_start", "pk")
    )


def document_list(*, user: AnyUser) -> QuerySet[ProjectDocument]:
    """Documents about the projects the user sees."""
    require_permission(user, ProgrammePerm.VIEW_PROJECT)
    return ProjectDocument.objects.visible_to(user, ProgrammePerm.VIEW_PROJECT).order_by(
        "project", "title", "pk"
    )


def visit_list(*, user: AnyUser) -> QuerySet[MaintenanceVisit]:
    """Maintenance visits to the assets the user sees, newest first."""
    require_permission(user, ProgrammePerm.VIEW_PROJECT)
    return MaintenanceVisit.objects.visible_to(user, ProgrammePerm.VIEW_PROJECT).order_by(
        "asset", "-visited_on", "-id"
    )


def projects_with_organisation(*, user: AnyUser, organisation: Organisation) -> list[Project]:
    """Projects in the user's countries where `organisation` takes part (for its timeline)."""
    return list(project_list(user=user).filter(participants__organisation=organisation).distinct())


# 4W: who does what, where, when


HXL_STATUS = {
    ActivityStatus.PIPELINE: "planned",
    ActivityStatus.IMPLEMENTATION: "active",
    ActivityStatus.FINALISATION: "active",
    ActivityStatus.CLOSED: "complete",
    ActivityStatus.CANCELLED: "canceled",
    ActivityStatus.SUSPENDED: "suspended",
}
# Who appears as "who" in the 4W: the implementers, else whoever answers for the project.
WHO_ROLES = (
    ParticipatingOrganisation.IatiRole.IMPLEMENTING,
    ParticipatingOrganisation.IatiRole.EXTENDING,
    ParticipatingOrganisation.IatiRole.ACCOUNTABLE,
)


@dataclass(frozen=True)
class FourWRow:
    organisation: str
    organisation_type: str
    sector: str
    activity: str
    country_iso3: str
    adm1_name: str
    adm1_code: str
    start: datetime.date
    end: datetime.date
    status: str
    targeted: int | None
    targeted_female: int | None
    targeted_male: int | None
    reached: int | None
    source: str
    url: str
    # A project's head counts are given once, on its first organisation's rows; the rows of
    # its other organisations leave them empty and name that organisation here, so that a
    # column's sum counts each person once.
    counted_under: str = ""
    # Still marked in implementation though its end has passed (see past_end_still_running).
    past_end: bool = False

    @property
    def sector_name(self) -> str:
        return str(DacSector(self.sector).label) if self.sector in DacSector.values else self.sector

    @property
    def organisation_key(self) -> str:
        return self.organisation.strip().casefold()


# People reached by each project in each first-level admin area (p-code), as the dashboards
# count them: programmes does not read distributions, so the layer that may (reports, through
# assistance's tallies) registers where the figures come from.
ReachedByArea = Mapping[int, Mapping[str, int]]
ReachedSource = Callable[[AnyUser, Sequence[Project]], ReachedByArea]
_reached_sources: list[ReachedSource] = []


def register_reached_source(source: ReachedSource) -> None:
    if source not in _reached_sources:
        _reached_sources.append(source)


def _adm1(area: AdminArea) -> AdminArea:
    while area.level > 1 and area.parent is not None:
        area = area.parent
    return area


def _share(value: int | None, *percentages: Decimal) -> int | None:
    """Apportion a head count by location and sector shares (whole people, half up)."""
    if value is None:
        return None
    share = Decimal(value)
    for percentage in percentages:
        share = share * percentage / 100
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def apportion(people: int, weights: Sequence[Decimal]) -> list[int]:
    """Split `people` in proportion to `weights` in whole people that add up to `people`
    (largest remainders first; all to the first where no weight is given)."""
    if not weights:
        return []
    total = sum(weights, Decimal(0))
    if total <= 0:
        return [people] + [0] * (len(weights) - 1)
    exact = [Decimal(people) * weight / total for weight in weights]
    shares = [int(value) for value in exact]
    by_remainder = sorted(
        range(len(weights)), key=lambda index: (shares[index] - exact[index], index)
    )
    for index in by_remainder[: people - sum(shares)]:
        shares[index] += 1
    return shares


def _sum(values: Iterable[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


@dataclass(frozen=True)
class _Place:
    area: AdminArea
    percentage: Decimal | None  # of the project's locations; None where none was recorded


def _places(
    project: Project, reached: Mapping[str, int], areas: Mapping[str, AdminArea]
) -> list[_Place]:
    """The project's first-level areas: its locations (one per area, their percentages
    added up), then any other area where it reached people."""
    percentages: dict[str, Decimal] = {}
    found: dict[str, AdminArea] = {}
    for location in project.locations.all():
        area = _adm1(location.admin_area)
        found[area.p_code] = area
        percentages[area.p_code] = percentages.get(area.p_code, Decimal(0)) + location.percentage
    places = [_Place(found[code], percentages[code]) for code in found]
    places += [
        _Place(areas[code], None)
        for code in sorted(reached)
        if code not in found and code in areas and reached[code]
    ]
    return places


def _project_rows(
    projects: Iterable[Project],
    reached_by_area: ReachedByArea,
    areas: Mapping[str, AdminArea],
    today: datetime.date,
) -> list[FourWRow]:
    rows: list[FourWRow] = []
    for project in projects:
        participants = list(project.participants.all())
        who = next(
            (
                [p.organisation for p in participants if p.role == role]
                for role in WHO_ROLES
                if any(p.role == role for p in participants)
            ),
            [],
        )
        groups = list(project.target_groups.all())
        targeted = _sum(group.targeted for group in groups)
        female = _sum(group.targeted_female for group in groups)
        male = _sum(group.targeted_male for group in groups)
        reached = reached_by_area.get(project.pk, {})
        sectors = list(project.sectors.all())
        past_end = past_end_still_running(project, today)
        for place in _places(project, reached, areas):
            # A project that reached no one has no figure; one that did, a figure in each area.
            reached_here: list[int | None] = [None] * len(sectors)
            if any(reached.values()):
                people = reached.get(place.area.p_code, 0)
                reached_here = list(apportion(people, [sector.percentage for sector in sectors]))
            for sector, people_reached in zip(sectors, reached_here, strict=True):
                shares = (place.percentage, sector.percentage)
                for index, organisation in enumerate(who):
                    lead = index == 0
                    rows.append(
                        FourWRow(
                            organisation=organisation.name,
                            organisation_type=organisation.get_iati_type_display(),
                            sector=sector.code,
                            activity=project.title,
                            country_iso3=project.recipient_country.iso3
                            if project.recipient_country
                            else "",
                            adm1_name=place.area.name,
                            adm1_code=place.area.p_code,
                            start=project.actual_start or project.planned_start,
                            end=project.actual_end or project.planned_end,
                            status=HXL_STATUS[ActivityStatus(project.status)],
                            targeted=_counted(lead, targeted, shares),
                            targeted_female=_counted(lead, female, shares),
                            targeted_male=_counted(lead, male, shares),
                            reached=people_reached if lead else None,
                            source=project.code,
                            url=project.get_absolute_url(),
                            counted_under="" if lead else who[0].name,
                            past_end=past_end,
                        )
                    )
    return rows


def _counted(lead: bool, value: int | None, shares: tuple[Decimal | None, Decimal]) -> int | None:
    """A target on the lead organisation's row only, apportioned to the row's area and
    sector; none for an area the project did not plan for."""
    location, sector = shares
    if not lead or location is None:
        return None
    return _share(value, location, sector)


def _three_w_rows(activities: Iterable[ThreeWActivity]) -> list[FourWRow]:
    return [
        FourWRow(
            organisation=activity.organisation_name,
            organisation_type=activity.organisation_type,
            sector=activity.sector,
            activity=activity.activity,
            country_iso3=activity.source.country.iso3,
            adm1_name=activity.admin_area.name,
            adm1_code=activity.admin_area.p_code,
            start=activity.start,
            end=activity.end,
            status=activity.status,
            targeted=activity.targeted,
            targeted_female=None,
            targeted_male=None,
            reached=activity.reached,
            source=activity.source.file_name,
            url="",
        )
        for activity in activities
    ]


def four_w_rows(
    *,
    user: AnyUser,
    country: str = "",
    codes: Sequence[str] = (),
    today: datetime.date | None = None,
    with_reached: bool = True,
) -> list[FourWRow]:
    """Sunbula's own projects and partners' imported 3W rows, in one table.

    A project gives one row per first-level area, sector and implementing organisation; its
    targets are apportioned by the location and sector percentages, the people it reached
    (as its dashboards count them, see `register_reached_source`) by the area where they
    were reached and the sector percentages. Its head counts stand on its first
    organisation's rows only (`FourWRow.counted_under`). The 4W page, which shows who works
    where, asks for the rows `with_reached=False` and leaves the counting to the files.
    """
    scope = require_permission(user, ProgrammePerm.VIEW_COORDINATION)
    projects = project_export_list(user=user, codes=codes)
    activities = scope.filter(
        ThreeWActivity.objects.select_related("source__country", "admin_area"),
        country_field="source__country",
    )
    if country:
        projects = projects.filter(recipient_country__iso3=country.upper())
        activities = activities.filter(source__country__iso3=country.upper())
    listed = list(projects)
    reached: dict[int, Mapping[str, int]] = {}
    for source in _reached_sources if with_reached else ():
        reached.update(source(user, listed))
    codes_reached = {code for by_area in reached.values() for code in by_area}
    areas = {
        area.p_code: area for area in AdminArea.objects.filter(p_code__in=codes_reached, level=1)
    }
    rows = _project_rows(listed, reached, areas, today or timezone.localdate())
    if not codes:
        rows += _three_w_rows(activities.order_by("source_id", "line"))
    return sorted(rows, key=lambda row: (row.adm1_code, row.sector, row.organisation, row.start))


@dataclass(frozen=True)
class PastEnd:
    """A project of the 4W still marked in implementation after its end."""

    code: str
    activity: str
    end: datetime.date
    url: str


def four_w_past_end(rows: Sequence[FourWRow]) -> list[PastEnd]:
    """The projects of `rows` whose status their programme officer should correct."""
    found = {
        row.source: PastEnd(row.source, row.activity, row.end, row.url)
        for row in rows
        if row.past_end
    }
    return [found[code] for code in sorted(found)]


@dataclass(frozen=True)
class Overlap:
    """Two organisations doing the same sector's work in the same area at the same time."""

    first: FourWRow
    second: FourWRow

    @property
    def adm1_code(self) -> str:
        return self.first.adm1_code

    @property
    def sector(self) -> str:
        return self.first.sector

    @property
    def overlap_start(self) -> datetime.date:
        return max(self.first.start, self.second.start)

    @property
    def overlap_end(self) -> datetime.date:
        return min(self.first.end, self.second.end)


def find_overlaps(rows: Sequence[FourWRow]) -> list[Overlap]:
    """Pairs in the same admin area and sector, with overlapping dates, of different organisations."""
    groups: dict[tuple[str, str], list[FourWRow]] = defaultdict(list)
    for row in rows:
        groups[(row.adm1_code, row.sector)].append(row)
    overlaps: list[Overlap] = []
    seen: set[tuple[str, str, str, str, str, str]] = set()
    for group in groups.values():
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                if first.organisation_key == second.organisation_key:
                    continue
                if first.start > second.end or second.start > first.end:
                    continue
                left, right = sorted(
                    (first, second), key=lambda row: (row.organisation_key, row.source)
                )
                key = (
                    left.adm1_code,
                    left.sector,
                    left.organisation_key,
                    left.source,
                    right.organisation_key,
                    right.source,
                )
                if key not in seen:
                    seen.add(key)
                    overlaps.append(Overlap(first=left, second=right))
    return overlaps


def overlap_list(*, user: AnyUser, country: str = "") -> list[Overlap]:
    return find_overlaps(four_w_rows(user=user, country=country))


@dataclass(frozen=True)
class MatrixRow:
    adm1_code: str
    adm1_name: str
    cells: list[list[str]]


@dataclass(frozen=True)
class Matrix:
    sectors: list[str]
    rows: list[MatrixRow]


def four_w_matrix(rows: Sequence[FourWRow]) -> Matrix:
    """Admin areas down, sectors across, the organisations working there in each cell."""
    sectors = sorted({row.sector for row in rows})
    areas: dict[str, str] = {}
    who: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        areas[row.adm1_code] = row.adm1_name
        who[(row.adm1_code, row.sector)].add(row.organisation)
    return Matrix(
        sectors=sectors,
        rows=[
            MatrixRow(
                adm1_code=code,
                adm1_name=areas[code],
                cells=[sorted(who.get((code, sector), set())) for sector in sectors],
            )
            for code in sorted(areas)
        ],
    )


def four_w_as_read(rows: Sequence[FourWRow]) -> tuple[Matrix, list[Overlap]]:
    """The 4W matrix and its overlaps as the page shows them, organisations and admin-1 areas
    named in the reader's language. The overlaps are found on the rows' English names, as
    the API and the exports find them."""
    organisations = dict(
        Organisation.objects.filter(name__in={row.organisation for row in rows}).values_list(
            "name", "name_translations"
        )
    )
    areas = dict(
        AdminArea.objects.filter(p_code__in={row.adm1_code for row in rows}).values_list(
            "p_code", "name_translations"
        )
    )
    as_read = {
        row: replace(
            row,
            organisation=localized(row.organisation, organisations.get(row.organisation)),
            adm1_name=localized(row.adm1_name, areas.get(row.adm1_code)),
        )
        for row in rows
    }
    overlaps = [
        Overlap(first=as_read[overlap.first], second=as_read[overlap.second])
        for overlap in find_overlaps(rows)
    ]
    return four_w_matrix(list(as_read.values())), overlaps


def three_w_import_list(*, user: AnyUser) -> QuerySet[ThreeWImport]:
    scope = require_permission(user, ProgrammePerm.VIEW_COORDINATION)
    return scope.filter(ThreeWImport.objects.select_related("country", "organisation")).order_by(
        "-imported_at"
    )


def three_w_import_countries(*, user: AnyUser) -> QuerySet[Country]:
    """Countries the user may import partners' 3W tables for."""
    scope = require_permission(user, ProgrammePerm.IMPORT_THREE_W)
    return scope.filter(Country.objects.filter(admin_areas__level=1).distinct(), country_field="pk")


def projects_in_year(*, user: AnyUser, year: int) -> QuerySet[Project]:
    """Projects in the user's countries under way at some time during `year` (actual dates
    where known, else the planned ones); cancelled projects are left out."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        project_list(user=user)
        .exclude(status=ActivityStatus.CANCELLED)
        .annotate(
            began=Coalesce("actual_start", "planned_start"),
            ended=Coalesce("actual_end", "planned_end"),
        )
        .filter(began__lte=last, ended__gte=first)
        .order_by("recipient_country__name", "code")
    )


def governing_decisions_in_year(*, user: AnyUser, year: int) -> QuerySet[GoverningBodyDecision]:
    """Governing-body decisions on the programmes the user sees, taken at sessions that opened
    in `year`."""
    scope = require_permission(user, ProgrammePerm.VIEW_PROJECT)
    return (
        scope.filter(GoverningBodyDecision.objects.filter(held_from__year=year))
        .select_related("programme")
        .order_by("held_from", "pk")
    )


def asset_list(
    *,
    user: AnyUser,
    search: str = "",
    kind: str = "",
    status: str = "",
    country: Country | None = None,
    project: Project | None = None,
    programme: Programme | None = None,
) -> QuerySet[Asset]:
    """Project assets in the user's scope (by the site's country and the project's programme)."""
    scope = require_permission(user, ProgrammePerm.VIEW_PROJECT)
    assets = scope.filter(
        Asset.objects.select_related(
            "project", "site__country", "admin_area", "funded_by", "currency"
        )
    )
    assets = matching(
        assets,
        search,
        "name__icontains",
        "site__name__icontains",
        "admin_area__p_code__iexact",
        "project__code__icontains",
    )
    assets = where_given(
        assets,
        kind=kind,
        status=status,
        site__country=country,
        project=project,
        project__programme=programme,
    )
    return assets.order_by("name", "id")


def asset_visits(*, asset: Asset) -> QuerySet[MaintenanceVisit]:
    """The maintenance visits of an asset already fetched through core.access.fetch."""
    return asset.visits.order_by("-visited_on", "-id")
