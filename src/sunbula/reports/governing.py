"""The governing-body report's figures for one year: contributions by member state, the work
by programme and country, assistance handed out, and trainings with their participants.

Read through the domains' selectors as the reader; a section the reader's role cannot see
is left out and says so, rather than failing the whole report.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sunbula.assistance import selectors as assistance_selectors
from sunbula.assistance.selectors import CountryAssistance
from sunbula.core import selectors as core_selectors
from sunbula.core.access import AnyUser
from sunbula.core.figures import money
from sunbula.core.maps import OIC_MEMBER_STATES, DrawnMap, Shade, band, choropleth
from sunbula.funding import selectors as funding_selectors
from sunbula.learning import selectors as learning_selectors
from sunbula.learning.selectors import CountryParticipants, CourseFigures, EventFigures
from sunbula.programmes import selectors as programme_selectors

ZERO = Decimal(0)
# The contributions map's five groups, light to dark, in the report's gold.
CONTRIBUTION_FILLS = ("#f7f0d6", "#ecd999", "#d9b94f", "#b08a1e", "#6f5410")
Progress = Callable[[int], None]


def _silent(_percent: int) -> None:
    return None


@dataclass
class Contribution:
    """Pledged, committed and paid in a year by one member state (or one other donor)."""

    contributor: str
    iso3: str
    pledges: int = 0
    pledged_usd: Decimal = ZERO
    committed_usd: Decimal = ZERO
    paid_usd: Decimal = ZERO
    in_kind_usd: Decimal = ZERO


@dataclass(frozen=True)
class ProjectLine:
    code: str
    title: str
    programme: str
    status: str


@dataclass
class CountryWork:
    """The projects under way in one country during the year, and assistance handed out."""

    country: str
    iso3: str
    projects: list[ProjectLine] = field(default_factory=list)
    assistance: CountryAssistance | None = None


@dataclass(frozen=True)
class DecisionLine:
    held_from: datetime.date
    body: str
    kind: str
    place: str
    programme: str


@dataclass
class ProgrammeLine:
    code: str
    name: str
    projects: int = 0
    pledged_usd: Decimal = ZERO


@dataclass
class GoverningReport:
    year: int
    data_as_of: datetime.datetime
    member_states: list[Contribution] = field(default_factory=list)
    other_donors: list[Contribution] = field(default_factory=list)
    programmes: list[ProgrammeLine] = field(default_factory=list)
    countries: list[CountryWork] = field(default_factory=list)
    decisions: list[DecisionLine] = field(default_factory=list)
    events: list[EventFigures] | None = None
    participants_by_country: list[CountryParticipants] = field(default_factory=list)
    courses: list[CourseFigures] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)

    @property
    def member_state_total(self) -> Contribution:
        return _sum(self.member_states)

    @property
    def contributions_map(self) -> DrawnMap | None:
        """The member states shaded by what they pledged, in five groups of equal size."""
        pledged = [row for row in self.member_states if row.pledged_usd > 0]
        if not pledged:
            return None
        ordered = sorted(row.pledged_usd for row in pledged)
        edges = [ordered[len(ordered) * step // 5] for step in range(1, 5)]
        return choropleth(
            OIC_MEMBER_STATES,
            _("Contributions by member state"),
            [
                Shade(
                    row.iso3,
                    f"{row.contributor}: {money(row.pledged_usd, 'USD', html=False)}",
                    fill=CONTRIBUTION_FILLS[band(row.pledged_usd, edges)],
                )
                for row in pledged
            ],
            map_id="contributions-map",
        )

    @property
    def other_donor_total(self) -> Contribution:
        return _sum(self.other_donors)

    @property
    def distributions(self) -> int:
        return sum(row.assistance.distributions for row in self.countries if row.assistance)

    @property
    def kilograms(self) -> Decimal:
        return sum((row.assistance.kilograms for row in self.countries if row.assistance), ZERO)

    @property
    def participants(self) -> int:
        return sum(event.participants for event in self.events or [])

    @property
    def attended(self) -> int:
        return sum(event.attended for event in self.events or [])


def _sum(rows: list[Contribution]) -> Contribution:
    total = Contribution(contributor="", iso3="")
    for row in rows:
        total.pledges += row.pledges
        total.pledged_usd += row.pledged_usd
        total.committed_usd += row.committed_usd
        total.paid_usd += row.paid_usd
        total.in_kind_usd += row.in_kind_usd
    return total


def _contributions(user: AnyUser, report: GoverningReport) -> None:
    """Pledges of the year's budget by donor: governments of member states grouped by state."""
    member_states = {
        state.country_id: state.country
        for state in core_selectors.member_state_list(user=user).select_related("country")
    }
    by_state: dict[int, Contribution] = {}
    by_donor: dict[int, Contribution] = {}
    programmes: dict[str, ProgrammeLine] = {}
    pledges = funding_selectors.pledge_list(user=user, year=report.year).select_related(
        "donor__country", "project__programme"
    )
    for pledge in pledges:
        donor = pledge.donor
        if donor.country_id in member_states and donor.kind == donor.Kind.GOVERNMENT:
            country = member_states[donor.country_id]
            row = by_state.setdefault(
                country.pk, Contribution(contributor=country.local_name, iso3=country.iso3)
            )
        else:
            row = by_donor.setdefault(donor.pk, Contribution(contributor=donor.local_name, iso3=""))
        row.pledges += 1
        row.pledged_usd += pledge.amount_usd
        row.committed_usd += pledge.committed_usd  # type: ignore[attr-defined]
        if pledge.is_in_kind:
            row.in_kind_usd += pledge.paid_usd  # type: ignore[attr-defined]
        else:
            row.paid_usd += pledge.paid_usd  # type: ignore[attr-defined]
        programme = pledge.programme or (pledge.project.programme if pledge.project else None)
        if programme is not None:
            line = programmes.setdefault(
                programme.code, ProgrammeLine(code=programme.code, name=programme.local_name)
            )
            line.pledged_usd += pledge.amount_usd
    report.member_states = sorted(by_state.values(), key=lambda row: row.contributor)
    report.other_donors = sorted(by_donor.values(), key=lambda row: row.contributor)
    report.programmes = list(programmes.values())


def _work(user: AnyUser, report: GoverningReport) -> None:
    """Projects under way by country and programme, and the assistance handed out."""
    countries: dict[str, CountryWork] = {}
    programmes = {line.code: line for line in report.programmes}
    for project in programme_selectors.projects_in_year(user=user, year=report.year):
        country = project.recipient_country
        iso3 = country.iso3 if country else ""
        work = countries.setdefault(
            iso3, CountryWork(country=country.local_name if country else "", iso3=iso3)
        )
        work.projects.append(
            ProjectLine(
                code=project.code,
                title=project.local_title,
                programme=project.programme.code,
                status=project.get_status_display(),
            )
        )
        line = programmes.setdefault(
            project.programme.code,
            ProgrammeLine(code=project.programme.code, name=project.programme.local_name),
        )
        line.projects += 1
    for row in assistance_selectors.assistance_by_country(user=user, year=report.year):
        work = countries.setdefault(row.iso3, CountryWork(country=row.country, iso3=row.iso3))
        work.assistance = row
    report.countries = sorted(countries.values(), key=lambda work: work.country)
    report.programmes = sorted(programmes.values(), key=lambda line: line.code)
    report.decisions = [
        DecisionLine(
            held_from=decision.held_from,
            body=decision.local_body,
            kind=decision.get_kind_display(),
            place=decision.place,
            programme=decision.programme.code,
        )
        for decision in programme_selectors.governing_decisions_in_year(user=user, year=report.year)
    ]


def _learning(user: AnyUser, report: GoverningReport) -> None:
    report.events = learning_selectors.events_in_year(user=user, year=report.year)
    report.participants_by_country = learning_selectors.participants_by_country(
        user=user, year=report.year
    )
    report.courses = learning_selectors.courses_in_year(user=user, year=report.year)


SECTIONS = (
    ("contributions", _contributions),
    ("work", _work),
    ("learning", _learning),
)


def governing_report(
    *,
    user: AnyUser,
    year: int,
    data_as_of: datetime.datetime,
    progress: Progress = _silent,
) -> GoverningReport:
    """The year's report as `user` may see it; `progress` hears the share done (0 to 80)."""
    report = GoverningReport(year=year, data_as_of=data_as_of)
    for number, (name, build) in enumerate(SECTIONS, start=1):
        try:
            build(user, report)
        except PermissionDenied:
            report.hidden.append(name)
        progress(10 + 70 * number // len(SECTIONS))
    return report
