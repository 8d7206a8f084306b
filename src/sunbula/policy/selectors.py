"""Every read of policy records that a page, the API or a report needs, scoped to the user."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, require_permission
from sunbula.core.figures import isolated
from sunbula.core.lists import joined
from sunbula.core.maps import OIC_MEMBER_STATES, DrawnMap, Shade, band, choropleth
from sunbula.core.models import Country, MemberState
from sunbula.core.multilingual import ReadInReadingOrder, in_reading_order
from sunbula.core.selectors import where_given
from sunbula.policy.models import (
    AssessmentFramework,
    CoordinatingBody,
    CriterionScore,
    IndicatorValue,
    LegalInstrument,
    PolicyDecision,
    PolicyProfile,
    ReportSnapshot,
    Strategy,
)
from sunbula.policy.permissions import PolicyPerm
from sunbula.policy.report import CORE_SERIES

INDICATOR_MAX_AGE_YEARS = 3

# A record of one country, listed by the country's name.
_Placed = TypeVar("_Placed", PolicyProfile, IndicatorValue, CriterionScore)


def profile_list(*, user: AnyUser, status: str = "") -> QuerySet[PolicyProfile]:
    scope = require_permission(user, PolicyPerm.VIEW_PROFILE)
    profiles = scope.filter(PolicyProfile.objects.select_related("country"))
    return where_given(profiles, status=status).order_by("country__name")


def _english_page() -> bool:
    return (get_language() or "en") == "en"


def profiles_as_read(
    profiles: QuerySet[PolicyProfile],
) -> QuerySet[PolicyProfile] | Sequence[PolicyProfile]:
    """`profiles` by their country's name as the reader reads it. The English names are a
    column the database sorts; a name in another language is put in its reader's order
    (`in_reading_order`), each page then read by its ids."""
    if _english_page():
        return profiles
    return ReadInReadingOrder(profiles, field="country__name")


def countries_without_profile(*, user: AnyUser) -> QuerySet[Country]:
    """Member states in the user's edit scope that have no profile yet."""
    scope = require_permission(user, PolicyPerm.EDIT_PROFILE)
    states = Country.objects.filter(member_state__isnull=False, policy_profile__isnull=True)
    return scope.filter(states, "pk").order_by("name")


def indicator_import_countries(*, user: AnyUser) -> QuerySet[Country]:
    """Member states whose indicator values the user may import."""
    scope = require_permission(user, PolicyPerm.IMPORT_INDICATORS)
    return scope.filter(Country.objects.filter(member_state__isnull=False), "pk")


def indicator_list(
    *, user: AnyUser, country: str = "", series_code: str = ""
) -> QuerySet[IndicatorValue]:
    scope = require_permission(user, PolicyPerm.VIEW_PROFILE)
    values = scope.filter(IndicatorValue.objects.select_related("country"))
    values = where_given(values, country__iso3=country.upper(), series_code=series_code.upper())
    return values.order_by("country__name", "series_code", "-year")


def by_country_as_read(records: QuerySet[_Placed], *then: str) -> QuerySet[_Placed]:
    """`records` (each of one country) by their country's name as the reader reads it, then
    by `then`. The English names are a column the database sorts; in another language the
    countries listed are put in their reader's order (`in_reading_order`) and the database
    sorts the records by that order, so a page is still read by its offset."""
    if _english_page():
        return records.order_by("country__name", *then)
    countries = Country.objects.filter(pk__in=records.values("country_id")).order_by()
    read = in_reading_order(countries.only("pk", "name", "name_translations"))
    if not read:  # nothing listed; a Case of no country would be sorted as a column number
        return records.order_by(*then, "pk")
    position = Case(
        *(When(country_id=country.pk, then=Value(place)) for place, country in enumerate(read)),
        default=Value(len(read)),
        output_field=IntegerField(),
    )
    return records.alias(country_as_read=position).order_by("country_as_read", *then, "pk")


def indicators_as_read(values: QuerySet[IndicatorValue]) -> QuerySet[IndicatorValue]:
    """`values` by their country's name as the reader reads it, then by series and the
    latest year first (`by_country_as_read`)."""
    return by_country_as_read(values, "series_code", "-year")


def indicator_series_codes(*, user: AnyUser) -> list[str]:
    """The series codes worth suggesting when a value is recorded by hand: the four the
    report compares, and every one already held in the user's countries."""
    held = indicator_list(user=user).order_by().values_list("series_code", flat=True).distinct()
    return sorted({code for code, _label in CORE_SERIES} | set(held))


def indicator_value_held(*, user: AnyUser, country: Country, series_code: str, year: int) -> bool:
    """Whether a value is held for that country, series and year: recording one corrects it."""
    values = indicator_list(user=user, country=country.iso3, series_code=series_code)
    return values.filter(year=year).exists()


def framework_list(*, user: AnyUser) -> QuerySet[AssessmentFramework]:
    require_permission(user, PolicyPerm.VIEW_PROFILE)
    return AssessmentFramework.objects.annotate(criterion_count=Count("criteria")).order_by(
        "code", "-version"
    )


def score_list(*, user: AnyUser, framework: AssessmentFramework) -> QuerySet[CriterionScore]:
    """The framework's scores in the user's countries, by the country's name as the reader
    reads it, then the latest year first and the criteria in their order."""
    scope = require_permission(user, PolicyPerm.VIEW_PROFILE)
    scores = scope.filter(CriterionScore.objects.select_related("criterion", "country"))
    return by_country_as_read(
        scores.filter(criterion__framework=framework), "-year", "criterion__order"
    )


def snapshot_list(*, user: AnyUser) -> QuerySet[ReportSnapshot]:
    require_permission(user, PolicyPerm.VIEW_REPORT)
    return ReportSnapshot.objects.order_by("-taken_on", "-id")


@dataclass(frozen=True)
class Gap:
    profile: PolicyProfile
    kind: str
    message: str

    @property
    def country(self) -> Country:
        return self.profile.country


def gap_list(*, user: AnyUser, today: datetime.date | None = None) -> list[Gap]:
    """What each profile in scope lacks: a strategy in force, a coordinating body, recent
    values of the four SDG 2 series the report compares."""
    today = today or timezone.localdate()
    gaps: list[Gap] = []
    profiles = (
        profile_list(user=user)
        .prefetch_related("strategies", "coordinating_bodies")
        .annotate(body_count=Count("coordinating_bodies"))
    )
    latest_years: dict[tuple[int, str], int] = {}
    for country_id, series_code, year in IndicatorValue.objects.filter(
        country__in=[profile.country_id for profile in profiles]
    ).values_list("country_id", "series_code", "year"):
        key = (country_id, series_code)
        latest_years[key] = max(year, latest_years.get(key, 0))
    for profile in profiles:
        country = profile.country
        strategies = profile.strategies.all()
        if not any(
            Strategy.in_force(s.status, s.start_year, s.end_year, today.year) for s in strategies
        ):
            ended = max((s.end_year for s in strategies if s.end_year < today.year), default=None)
            if ended:
                message = _("No strategy in force; the last one ended in %(year)s.") % {
                    "year": ended
                }
            else:
                message = str(
                    _("No strategy in force.") if strategies else _("No strategy recorded.")
                )
            gaps.append(Gap(profile, "strategy", message))
        if profile.body_count == 0:
            gaps.append(Gap(profile, "coordination", str(_("No coordinating body recorded."))))
        for series_code, label in CORE_SERIES:
            latest = latest_years.get((country.pk, series_code))
            if latest is None:
                gaps.append(
                    Gap(
                        profile, "indicator", str(_("No value for %(series)s.") % {"series": label})
                    )
                )
            elif latest < today.year - INDICATOR_MAX_AGE_YEARS:
                gaps.append(
                    Gap(
                        profile,
                        "indicator",
                        str(
                            _("Latest value for %(series)s is from %(year)s, over three years old.")
                            % {"series": label, "year": latest}
                        ),
                    )
                )
    return gaps


@dataclass(frozen=True)
class StateFigure:
    iso3: str
    name: str
    value: Decimal | None
    css_class: str
    profile_url: str  # its policy profile's page, "" when it has none the user may read
    figure: str = ""  # the value with its qualifier, as the reader reads it ("<2,5")
    year: int | None = None  # the year the value is of


@dataclass(frozen=True)
class StateMap:
    states: list[StateFigure]
    drawn: DrawnMap
    label: str | Promise
    bands: list[Decimal]


def member_state_map(*, user: AnyUser, series_code: str = "SN_ITK_DEFC") -> StateMap:
    """Member states coloured by the latest value of an SDG 2 series, in five bands of
    equal count; states outside the user's scope or without a value are grey."""
    latest: dict[str, IndicatorValue] = {}
    for held in indicator_list(user=user, series_code=series_code).order_by("country", "year"):
        latest[held.country.iso3] = held
    values = {iso3: held.value for iso3, held in latest.items()}
    ordered = sorted(values.values())
    bands = [ordered[len(ordered) * step // 5] for step in range(1, 5)] if ordered else []
    profile_urls = {
        profile.country.iso3: profile.get_absolute_url() for profile in profile_list(user=user)
    }
    states = []
    for state in MemberState.objects.select_related("country").order_by("country__iso3"):
        iso3 = state.country.iso3
        record = latest.get(iso3)
        value = None if record is None else record.value
        css_class = "no-data" if value is None else f"band-{band(value, bands)}"
        states.append(
            StateFigure(
                iso3,
                state.country.local_name,
                value,
                css_class,
                profile_urls.get(iso3, ""),
                figure="" if record is None else record.figure,
                year=None if record is None else record.year,
            )
        )
    label = dict(CORE_SERIES).get(series_code, series_code)
    shades = (
        Shade(
            state.iso3,
            state.name
            if state.value is None
            else f"{state.name}: {isolated(state.figure, html=False)} ({state.year})",
            state.css_class,
        )
        for state in states
    )
    drawn = choropleth(OIC_MEMBER_STATES, label, shades)
    return StateMap(states, drawn, label, bands)


# The records a draft profile holds, each removed the same way.
ProfileRecord = Strategy | LegalInstrument | CoordinatingBody | PolicyDecision


def legal_instrument_in_use(instrument: LegalInstrument) -> str:
    """Why `instrument` cannot be removed: the other texts that still amend or repeal it,
    named (removing it would silently cut their link); "" if none does."""
    linking = LegalInstrument.objects.filter(Q(amends=instrument) | Q(repeals=instrument))
    names = [text.local_name for text in linking.exclude(pk=instrument.pk).order_by("name")]
    if not names:
        return ""
    return gettext(
        "%(text)s is still amended or repealed by: %(texts)s. Correct those texts first, so "
        "that they no longer name it."
    ) % {"text": instrument.local_name, "texts": joined(names)}


def record_removal_problem(record: ProfileRecord) -> str:
    """Why `record` cannot be removed now, as `services.profile_record_remove` refuses it; ""
    if it can: its profile must be a draft, and no other text may amend or repeal a legal
    text."""
    if problem := record.profile.change_problem():
        return problem
    return legal_instrument_in_use(record) if isinstance(record, LegalInstrument) else ""
