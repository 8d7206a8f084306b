"""Programmes and their projects: places, sectors, co-funders, budgets, results, 4W rows.

Projects are scoped by their recipient country: a user sees a project when one of their
roles reaches `Project.recipient_country` (core.access.Scope.filter with
`country_field="recipient_country"`); results, periods and actuals follow their project.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunbula.core.addresses import record_url
from sunbula.core.fields import (
    actor_field,
    ends_not_before_start,
    optional_reference_to,
    reference_to,
)
from sunbula.core.figures import date_text
from sunbula.core.lists import joined
from sunbula.core.models import (
    AdminArea,
    Country,
    Currency,
    Illustrative,
    Multilingual,
    Organisation,
    RoleAssignment,
    Site,
)
from sunbula.core.multilingual import LocalizedText, TranslationsField, localized
from sunbula.core.scoping import ACROSS, BY_COUNTRY, ScopedManager, ScopeRule
from sunbula.core.validation import refuse_future

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
# IATI identifiers may not carry / & | ? (IATI Rulesets, standard.json).
CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$", _("Letters, digits, dots and hyphens only.")
)


def period_in_order(start: datetime.date | None, end: datetime.date | None) -> None:
    """Refuse a budget or reporting period that ends before it starts, on its end date."""
    if start and end and end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})


def within_project(
    project: Project, start: datetime.date | None, end: datetime.date | None
) -> None:
    """Refuse a budget or reporting period outside the project's dates, on the date that
    falls outside."""
    if not (project.planned_start and project.planned_end):
        return
    first, last = project.span
    errors: dict[str, str] = {}
    if start and start < first:
        errors["period_start"] = _(
            "The period starts before the project, which starts on %(day)s."
        ) % {"day": date_text(first)}
    if end and end > last:
        errors["period_end"] = _("The period ends after the project, which ends on %(day)s.") % {
            "day": date_text(last)
        }
    if errors:
        raise ValidationError(errors)


class ActivityStatus(models.TextChoices):
    # IATI ActivityStatus codelist.
    PIPELINE = "1", _("Pipeline or identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


class DacSector(models.TextChoices):
    # OECD DAC 5-digit purpose codes (IATI SectorVocabulary 1) used by the programmes.
    EMERGENCY_FOOD = "72040", _("Emergency food assistance")
    FOOD_ASSISTANCE = "52010", _("Food assistance")
    AGRICULTURAL_INPUTS = "31150", _("Agricultural inputs")
    FOOD_CROPS = "31161", _("Food crop production")
    AGRICULTURAL_TRAINING = "31181", _("Agricultural education and training")
    AGRICULTURAL_EXTENSION = "31166", _("Agricultural extension")
    AGRICULTURAL_POLICY = "31110", _("Agricultural policy and administrative management")
    AGRICULTURAL_WATER = "31140", _("Agricultural water resources")
    HOUSEHOLD_FOOD_SECURITY = "43072", _("Household food security programmes")
    FOOD_SECURITY_POLICY = "43071", _("Food security policy and administrative management")
    NARCOTICS_CONTROL = "16063", _("Narcotics control")
    PRISONS = "15137", _("Prisons")


class Programme(Multilingual, Illustrative):
    """A programme of the organisation, e.g. the Afghanistan Food Security Programme."""

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[CODE_VALIDATOR])
    description = models.TextField(_("description (English)"), blank=True)
    description_translations = TranslationsField(_("description in other languages"))
    reporting_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reported_programmes",
        verbose_name=_("reporting organisation"),
    )
    iati_reporting_ref = models.CharField(
        _("IATI reporting organisation identifier"),
        max_length=60,
        validators=[
            RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9-]*-[A-Za-z0-9-]+$", _("e.g. XM-DAC-41140"))
        ],
        help_text=_("Prefix of every project's IATI identifier."),
    )

    # A donor's focal point reads the programmes of the projects its organisation takes part in.
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country=ACROSS, programme="pk", organisation="projects__participants__organisation"
    )
    objects = ScopedManager["Programme"]()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]

    def get_absolute_url(self) -> str:
        return record_url("programmes:programme_detail", self.pk)

    local_description = LocalizedText("description")


class GoverningBodyDecision(models.Model):
    """A decision of a governing body about a programme, e.g. an endorsement."""

    class Kind(models.TextChoices):
        ENDORSEMENT = "endorsement", _("Endorsement")
        REAFFIRMATION = "reaffirmation", _("Reaffirmation")
        APPROVAL = "approval", _("Approval")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("programme")
    )
    body = models.CharField(_("governing body session"), max_length=200)
    body_translations = TranslationsField(_("session in other languages"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    place = models.CharField(_("place"), max_length=120)
    held_from = models.DateField(_("held from"))
    held_until = models.DateField(_("held until"))

    scope_rule: ClassVar[ScopeRule] = Programme.scope_rule.under("programme")
    objects = ScopedManager["GoverningBodyDecision"]()

    class Meta:
        verbose_name = _("governing body decision")
        verbose_name_plural = _("governing body decisions")
        ordering = ["held_from"]
        constraints = [
            ends_not_before_start(
                start="held_from", end="held_until", name="programmes_decision_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.local_body

    local_body = LocalizedText("body")


class Project(Illustrative):
    """A project of a programme in one recipient country; its IATI activity."""

    class HumanitarianScopeType(models.TextChoices):
        EMERGENCY = "1", _("Emergency")
        APPEAL = "2", _("Appeal")

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    title = models.CharField(_("title (English)"), max_length=255)
    title_translations = TranslationsField(_("title in other languages"))
    description = models.TextField(_("description (English)"))
    description_translations = TranslationsField(_("description in other languages"))
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="projects", verbose_name=_("programme")
    )
    recipient_country = optional_reference_to(
        Country,
        _("recipient country"),
        help_text=_("Leave empty for work across several countries; give a region instead."),
    )
    recipient_region = models.CharField(
        _("recipient region (OECD DAC code)"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{3}$", _("Three digits, e.g. 998."))],
        help_text=_("998: developing countries, unspecified."),
    )
    status = models.CharField(_("status"), max_length=1, choices=ActivityStatus.choices)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    currency = reference_to(Currency, _("default currency"))
    humanitarian = models.BooleanField(_("humanitarian"), default=False)
    humanitarian_scope_type = models.CharField(
        _("humanitarian scope type"),
        max_length=1,
        choices=HumanitarianScopeType.choices,
        blank=True,
    )
    humanitarian_scope_code = models.CharField(
        _("humanitarian plan or emergency code"),
        max_length=40,
        blank=True,
        help_text=_("An FTS plan code (e.g. HAFG23) or a GLIDE number."),
    )

    # A donor's focal point reads the projects its organisation takes part in (funds, mostly).
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="recipient_country",
        programme="programme",
        organisation="participants__organisation",
    )
    objects = ScopedManager["Project"]()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.local_title}"

    def get_absolute_url(self) -> str:
        return record_url("programmes:project_detail", self.pk)

    local_title = LocalizedText("title")

    local_description = LocalizedText("description")

    @property
    def start(self) -> object:
        return self.actual_start or self.planned_start

    @property
    def end(self) -> object:
        return self.actual_end or self.planned_end

    @property
    def span(self) -> tuple[datetime.date, datetime.date]:
        """The first and last day the project runs, planned or actual, whichever is wider:
        its budgets and reporting periods fall within them."""
        starts = [day for day in (self.planned_start, self.actual_start) if day]
        ends = [day for day in (self.planned_end, self.actual_end) if day]
        return min(starts), max(ends)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if bool(self.recipient_country_id) == bool(self.recipient_region):
            errors["recipient_region"] = _("Give either a recipient country or a region.")
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The planned end comes before the planned start.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("The actual end comes before the actual start.")
        if self.actual_end and not self.actual_start:
            errors["actual_start"] = _("A project that ended has started.")
        for name in ("actual_start", "actual_end"):
            day = getattr(self, name)
            if day is None:
                continue
            try:
                refuse_future(day, name, _("An actual date cannot be in the future."))
            except ValidationError as refused:
                errors.update(refused.message_dict)
        if bool(self.humanitarian_scope_type) != bool(self.humanitarian_scope_code):
            errors["humanitarian_scope_code"] = _("Give both the scope type and its code.")
        if self.humanitarian_scope_type and not self.humanitarian:
            errors["humanitarian"] = _("A humanitarian scope needs the humanitarian flag.")
        if not errors:
            errors.update(self._dates_holding_budgets_and_periods())
        if errors:
            raise ValidationError(errors)

    def _dates_holding_budgets_and_periods(self) -> dict[str, object]:
        """Dates moved in past a budget or reporting period already recorded are refused,
        naming the day the project must still cover."""
        if self.pk is None or not (self.planned_start and self.planned_end):
            return {}
        first, last = self.span
        earliest: list[datetime.date] = []
        latest: list[datetime.date] = []
        for related in (self.budgets, self.reporting_periods):
            bounds = related.aggregate(earliest=Min("period_start"), latest=Max("period_end"))
            earliest += [bounds["earliest"]] if bounds["earliest"] else []
            latest += [bounds["latest"]] if bounds["latest"] else []
        errors: dict[str, object] = {}
        if earliest and min(earliest) < first:
            errors["planned_start"] = _(
                "A budget or reporting period of this project starts on %(day)s: the project "
                "cannot start after it."
            ) % {"day": date_text(min(earliest))}
        if latest and max(latest) > last:
            errors["planned_end"] = _(
                "A budget or reporting period of this project ends on %(day)s: the project "
                "cannot end before it."
            ) % {"day": date_text(max(latest))}
        return errors


class ProjectLocation(models.Model):
    """An admin area where a project works, with its share of the project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="locations", verbose_name=_("project")
    )
    admin_area = reference_to(AdminArea, _("admin area"))
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        verbose_name = _("project location")
        verbose_name_plural = _("project locations")
        ordering = ["admin_area__p_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "admin_area"], name="programmes_location_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.admin_area.p_code} {self.percentage}%"


class ProjectSector(models.Model):
    """A DAC 5-digit sector of a project with its percentage; they sum to 100."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sectors", verbose_name=_("project")
    )
    vocabulary = models.CharField(_("sector vocabulary"), max_length=3, default="1")
    code = models.CharField(_("DAC sector"), max_length=5, choices=DacSector.choices)
    percentage = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        verbose_name = _("project sector")
        verbose_name_plural = _("project sectors")
        ordering = ["-percentage", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "vocabulary", "code"], name="programmes_sector_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.percentage}%"


class ParticipatingOrganisation(models.Model):
    """An organisation's IATI role in a project, with its co-funding share when it funds."""

    class IatiRole(models.TextChoices):
        # IATI OrganisationRole codelist.
        FUNDING = "1", _("Funding")
        ACCOUNTABLE = "2", _("Accountable")
        EXTENDING = "3", _("Extending")
        IMPLEMENTING = "4", _("Implementing")

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("project"),
    )
    organisation = reference_to(Organisation, _("organisation"))
    role = models.CharField(_("IATI role"), max_length=1, choices=IatiRole.choices)
    funding_share = models.DecimalField(
        _("co-funding share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )

    scope_rule: ClassVar[ScopeRule] = Project.scope_rule.under("project")
    objects = ScopedManager["ParticipatingOrganisation"]()

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="programmes_participant_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.funding_share is not None and self.role != self.IatiRole.FUNDING:
            raise ValidationError({"funding_share": _("Only a funding organisation has a share.")})


class Budget(Illustrative):
    """The budget of a project for one period, in its currency."""

    class Status(models.TextChoices):
        # IATI BudgetStatus codelist.
        INDICATIVE = "1", _("Indicative")
        COMMITTED = "2", _("Committed")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("project")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    currency = reference_to(Currency, _("currency"))
    status = models.CharField(
        _("status"), max_length=1, choices=Status.choices, default=Status.INDICATIVE
    )

    scope_rule: ClassVar[ScopeRule] = Project.scope_rule.under("project")
    objects = ScopedManager["Budget"]()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["period_start"]
        constraints = [
            ends_not_before_start(
                start="period_start", end="period_end", name="programmes_budget_dates_in_order"
            ),
            models.UniqueConstraint(
                fields=["project", "period_start"], name="programmes_budget_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end} {self.amount} {self.currency}"

    def clean(self) -> None:
        period_in_order(self.period_start, self.period_end)
        start, end = self.period_start, self.period_end
        if start and end and (end - start).days > 366:
            raise ValidationError({"period_end": _("A budget period lasts a year at most.")})
        if self.project_id:
            within_project(self.project, start, end)
        if self.project_id and start and end:
            self._refuse_overlap(start, end)

    def _refuse_overlap(self, start: datetime.date, end: datetime.date) -> None:
        """A project's budget periods follow one another (as IATI asks of budgets of one
        type): one that overlaps another period of the project is refused, naming it."""
        other = (
            Budget.objects.filter(project_id=self.project_id, period_start__lte=end)
            .filter(period_end__gte=start)
            .exclude(period_start=start)
            .exclude(pk=self.pk)
            .order_by("period_start")
            .first()
        )
        if other is not None:
            raise ValidationError(
                {
                    "period_start": _(
                        "This period overlaps the budget of %(start)s – %(end)s: a project's "
                        "budget periods may not overlap."
                    )
                    % {"start": date_text(other.period_start), "end": date_text(other.period_end)}
                }
            )


class TargetGroup(Illustrative):
    """People a project serves, e.g. patients of drug-treatment centres or farmers."""

    class Group(models.TextChoices):
        PATIENTS = "patients", _("Patients of drug-treatment centres")
        DETAINEES = "detainees", _("Prison detainees")
        FARMERS = "farmers", _("Farmers")
        HOUSEHOLDS = "households", _("Vulnerable households")
        RETURNEES = "returnees", _("Returnees")
        REFUGEES = "refugees", _("Refugees")
        HOST_COMMUNITIES = "host_communities", _("Host communities")
        OFFICIALS = "officials", _("Government officials")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="target_groups", verbose_name=_("project")
    )
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    targeted = models.PositiveIntegerField(_("people targeted"), null=True, blank=True)
    targeted_female = models.PositiveIntegerField(
        _("women and girls targeted"), null=True, blank=True
    )
    targeted_male = models.PositiveIntegerField(_("men and boys targeted"), null=True, blank=True)
    reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["group"]
        constraints = [
            models.UniqueConstraint(fields=["project", "group"], name="programmes_group_once")
        ]

    def __str__(self) -> str:
        return self.get_group_display()

    def clean(self) -> None:
        if (
            self.targeted is not None
            and (self.targeted_female or 0) + (self.targeted_male or 0) > self.targeted
        ):
            raise ValidationError({"targeted": _("Women and men add up to more than the total.")})


MIME_TYPE = re.compile(r"[a-z]+/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*")
LANGUAGE_CODE = re.compile(r"[a-z]{2}")


class ProjectDocument(models.Model):
    """A document about a project: its metadata and where to read it."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="documents", verbose_name=_("project")
    )
    title = models.CharField(_("title (English)"), max_length=255)
    title_translations = TranslationsField(_("title in other languages"))
    url = models.URLField(_("address"))
    file_format = models.CharField(_("file format (MIME type)"), max_length=80)
    category = models.CharField(
        _("IATI document category"),
        max_length=3,
        validators=[RegexValidator(r"^[AB][0-9]{2}$", _("e.g. A02"))],
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    document_date = models.DateField(_("date"), null=True, blank=True)

    scope_rule: ClassVar[ScopeRule] = Project.scope_rule.under("project")
    objects = ScopedManager["ProjectDocument"]()

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        ordering = ["title"]

    def __str__(self) -> str:
        return localized(self.title, self.title_translations)

    def clean(self) -> None:
        """IATI reads the format as a MIME type and the language as an ISO 639-1 code."""
        errors: dict[str, object] = {}
        if self.file_format and not MIME_TYPE.fullmatch(self.file_format):
            errors["file_format"] = _("Give a MIME type, such as application/pdf.")
        if self.language and not LANGUAGE_CODE.fullmatch(self.language):
            errors["language"] = _("Give a two-letter language code, such as en or ar.")
        if errors:
            raise ValidationError(errors)


class Result(models.Model):
    """An expected result of a project: an output, outcome or impact."""

    class Level(models.TextChoices):
        # IATI ResultType codelist.
        OUTPUT = "1", _("Output")
        OUTCOME = "2", _("Outcome")
        IMPACT = "3", _("Impact")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="results", verbose_name=_("project")
    )
    level = models.CharField(_("level"), max_length=1, choices=Level.choices)
    title = models.CharField(_("title (English)"), max_length=255)
    title_translations = TranslationsField(_("title in other languages"))

    scope_rule: ClassVar[ScopeRule] = Project.scope_rule.under("project")
    objects = ScopedManager["Result"]()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["level", "pk"]

    def __str__(self) -> str:
        return self.local_title

    local_title = LocalizedText("title")


class Indicator(models.Model):
    """How a result is measured: a count, a percentage or a description."""

    class Measure(models.TextChoices):
        # IATI IndicatorMeasure codelist.
        UNIT = "1", _("Unit")
        PERCENTAGE = "2", _("Percentage")
        QUALITATIVE = "5", _("Qualitative")

    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("result")
    )
    title = models.CharField(_("title (English)"), max_length=255)
    title_translations = TranslationsField(_("title in other languages"))
    measure = models.CharField(_("measure"), max_length=1, choices=Measure.choices)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. people, t"))
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    by_sex = models.BooleanField(_("disaggregated by sex"), default=False)
    by_age_group = models.BooleanField(_("disaggregated by age group"), default=False)
    by_displacement = models.BooleanField(_("disaggregated by displacement status"), default=False)

    scope_rule: ClassVar[ScopeRule] = Result.scope_rule.under("result")
    objects = ScopedManager["Indicator"]()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["result", "pk"]

    def __str__(self) -> str:
        return self.local_title

    local_title = LocalizedText("title")

    def clean(self) -> None:
        errors: dict[str, object] = {}
        this_year = timezone.localdate().year
        if self.baseline_year is not None and not 1900 <= self.baseline_year <= this_year:
            errors["baseline_year"] = _(
                "Give the year the baseline was measured, between 1900 and %(year)s."
            ) % {"year": this_year}
        problem = self.value_problem(self.baseline_value)
        if problem:
            errors["baseline_value"] = problem
        elif (self.baseline_year is None) != (self.baseline_value is None):
            errors["baseline_value"] = _("Give the baseline year and value together.")
        if errors:
            raise ValidationError(errors)

    def removal_problem(self) -> str:
        """Why the indicator cannot be removed ("" if it can): actuals recorded against it
        are reported figures."""
        if self.pk and self.actuals.exists():
            return str(
                _(
                    "Actuals are recorded against the indicator “%(indicator)s”; it cannot be "
                    "removed. Correct its wording instead."
                )
                % {"indicator": self}
            )
        return ""

    def value_problem(self, value: Decimal | None) -> str:
        """Why `value` cannot be a baseline, target or actual of this indicator ("" if it can):
        counts and amounts are not negative, a percentage is at most 100."""
        if value is None:
            return ""
        if value < 0:
            return str(_("A baseline, target or actual cannot be below zero."))
        if self.measure == self.Measure.PERCENTAGE and value > 100:
            return str(_("A percentage cannot be above 100."))
        return ""


class ReportingPeriod(models.Model):
    """A period a project reports on; once approved it is locked until someone unlocks it."""

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="reporting_periods",
        verbose_name=_("project"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = actor_field(_("approved by"))

    scope_rule: ClassVar[ScopeRule] = Project.scope_rule.under("project")
    objects = ScopedManager["ReportingPeriod"]()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["period_start"]
        constraints = [
            ends_not_before_start(
                start="period_start", end="period_end", name="programmes_period_dates_in_order"
            ),
            models.UniqueConstraint(
                fields=["project", "period_start"], name="programmes_period_once"
            ),
        ]

    def __str__(self) -> str:
        """The period's dates as the reader's language writes them."""
        return f"{date_text(self.period_start)} – {date_text(self.period_end)}"

    @property
    def is_locked(self) -> bool:
        return self.approved_at is not None

    def clean(self) -> None:
        period_in_order(self.period_start, self.period_end)
        if self.project_id:
            within_project(self.project, self.period_start, self.period_end)

    def change_problem(self) -> str:
        """Why the period's dates cannot be corrected nor the period removed ("" if they
        can): an approved period is locked, and actuals recorded in it belong to its dates."""
        if self.is_locked:
            return str(
                _("The period %(period)s is approved and locked; unlock it first.")
                % {"period": self}
            )
        if self.pk and self.actuals.exists():
            return str(
                _(
                    "Actuals are recorded in the period %(period)s; they count for its dates, "
                    "so it can be neither moved nor removed."
                )
                % {"period": self}
            )
        return ""


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class AgeGroup(models.TextChoices):
    CHILDREN = "children", _("Children (under 18)")
    ADULTS = "adults", _("Adults (18 to 59)")
    ELDERLY = "elderly", _("Elderly (60 and over)")


class Displacement(models.TextChoices):
    HOST = "host", _("Host community")
    IDP = "idp", _("Internally displaced")
    REFUGEE = "refugee", _("Refugee")
    RETURNEE = "returnee", _("Returnee")


class IndicatorTarget(Illustrative):
    """The value an indicator should reach in a period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="targets", verbose_name=_("period")
    )
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="programmes_target_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"

    def clean(self) -> None:
        problem = self.indicator_id and self.indicator.value_problem(self.value)
        if problem:
            raise ValidationError({"value": problem})


class IndicatorActual(Illustrative):
    """What an indicator reached in a period, in total (blank keys) or for one group."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="actuals", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="actuals", verbose_name=_("period")
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, blank=True
    )
    displacement = models.CharField(
        _("displacement status"), max_length=10, choices=Displacement.choices, blank=True
    )
    # A count or amount reached: never below zero (a correction replaces the value).
    value = models.DecimalField(
        _("actual"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    source = models.CharField(
        _("source"), max_length=40, default="manual", help_text=_("Who fed this value.")
    )
    comment = models.CharField(_("comment"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("indicator actual")
        verbose_name_plural = _("indicator actuals")
        ordering = ["sex", "age_group", "displacement"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "sex", "age_group", "displacement"],
                name="programmes_actual_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"

    @property
    def group(self) -> str:
        """The group the value counts, as its keys read ("Female, Children (under 18)"); ""
        for the total."""
        keys = (
            self.get_sex_display(),
            self.get_age_group_display(),
            self.get_displacement_display(),
        )
        return joined(key for key in keys if key)

    def clean(self) -> None:
        problem = self.indicator_id and self.indicator.value_problem(self.value)
        if problem:
            raise ValidationError({"value": problem})


class ThreeWImport(models.Model):
    """A partner's 3W table imported from HXL-tagged CSV; its rows join the 4W."""

    organisation = optional_reference_to(Organisation, _("shared by"))
    country = reference_to(Country, _("country"))
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = BY_COUNTRY
    objects = ScopedManager["ThreeWImport"]()

    class Meta:
        verbose_name = _("3W import")
        verbose_name_plural = _("3W imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class ThreeWActivity(models.Model):
    """One row of a partner's 3W table: who does what, where and when."""

    source = models.ForeignKey(
        ThreeWImport, on_delete=models.CASCADE, related_name="activities", verbose_name=_("import")
    )
    line = models.PositiveIntegerField(_("line in the file"))
    organisation_name = models.CharField(_("organisation"), max_length=255)
    organisation_type = models.CharField(_("organisation type"), max_length=80, blank=True)
    sector = models.CharField(_("DAC sector"), max_length=5, choices=DacSector.choices)
    activity = models.CharField(_("activity"), max_length=255)
    admin_area = reference_to(AdminArea, _("admin area"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=20, blank=True)
    targeted = models.PositiveIntegerField(_("people targeted"), null=True, blank=True)
    reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)

    scope_rule: ClassVar[ScopeRule] = ThreeWImport.scope_rule.under("source")
    objects = ScopedManager["ThreeWActivity"]()

    class Meta:
        verbose_name = _("3W activity")
        verbose_name_plural = _("3W activities")
        ordering = ["source", "line"]

    def __str__(self) -> str:
        return f"{self.organisation_name}: {self.activity}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end comes before the start.")})


class RoleProgramme(models.Model):
    """Limits a role assignment to some programmes: its holder reaches only their records
    (within the assignment's countries). An assignment without any reaches every programme."""

    assignment = models.ForeignKey(
        RoleAssignment,
        on_delete=models.CASCADE,
        related_name="programme_limits",
        verbose_name=_("role assignment"),
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("programme")
    )

    class Meta:
        verbose_name = _("programme of a role")
        verbose_name_plural = _("programmes of roles")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "programme"], name="programmes_roleprogramme_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.programme}"


class Asset(Multilingual, Illustrative):
    """Something a project built or bought that keeps serving people: a solar-powered water
    system, a well, a store; where it stands, who paid for it, what it is worth, its state."""

    class Kind(models.TextChoices):
        SOLAR_WATER = "solar_water", _("Solar-powered water system")
        WELL = "well", _("Well or borehole")
        IRRIGATION = "irrigation", _("Irrigation canal or karez")
        STORAGE = "storage", _("Storage facility")
        GREENHOUSE = "greenhouse", _("Greenhouse")
        PROCESSING = "processing", _("Mill or processing equipment")
        VEHICLE = "vehicle", _("Vehicle")
        OTHER = "other", _("Other asset")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPERATIONAL = "operational", _("Operational")
        NEEDS_REPAIR = "needs_repair", _("Needs repair")
        OUT_OF_SERVICE = "out_of_service", _("Out of service")
        DECOMMISSIONED = "decommissioned", _("Decommissioned")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="assets", verbose_name=_("project")
    )
    site = reference_to(Site, _("site"))
    admin_area = optional_reference_to(
        AdminArea, _("admin area (P-code)"), help_text=_("Empty: the site's admin area.")
    )
    funded_by = optional_reference_to(Organisation, _("funded by"))
    value = models.DecimalField(
        _("value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = optional_reference_to(Currency, _("currency"))
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    people_served = models.PositiveIntegerField(_("people served"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The country is the site's (a regional project's asset still stands in one country).
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="site__country",
        programme="project__programme",
        organisation=("funded_by", "project__participants__organisation"),
    )
    objects = ScopedManager["Asset"]()

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["name", "id"]

    def get_absolute_url(self) -> str:
        return record_url("programmes:asset_detail", self.pk)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        site = Site.objects.filter(pk=self.site_id).first() if self.site_id else None
        project = Project.objects.filter(pk=self.project_id).first() if self.project_id else None
        if site and project and project.recipient_country_id not in (None, site.country_id):
            errors["site"] = _("The site is not in the project's country.")
        if site and self.admin_area_id:
            area_country = (
                AdminArea.objects.filter(pk=self.admin_area_id)
                .values_list("country_id", flat=True)
                .first()
            )
            if area_country != site.country_id:
                errors["admin_area"] = _("The admin area is not in the site's country.")
        if self.value is not None and not self.currency_id:
            errors["currency"] = _("Give the currency of the value.")
        if errors:
            raise ValidationError(errors)


class MaintenanceVisit(models.Model):
    """A visit to an asset: when, by whom, what was found, and the asset's state after it."""

    asset = models.ForeignKey(
        Asset, on_delete=models.CASCADE, related_name="visits", verbose_name=_("asset")
    )
    visited_on = models.DateField(_("visited on"))
    visited_by = models.CharField(_("visited by"), max_length=200)
    finding = models.TextField(_("finding"))
    status_after = models.CharField(
        _("status after the visit"), max_length=20, choices=Asset.Status.choices
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = Asset.scope_rule.under("asset")
    objects = ScopedManager["MaintenanceVisit"]()

    class Meta:
        verbose_name = _("maintenance visit")
        verbose_name_plural = _("maintenance visits")
        ordering = ["asset", "-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.asset} {self.visited_on}"

    def get_absolute_url(self) -> str:
        return f"{self.asset.get_absolute_url()}#visits"

    def clean(self) -> None:
        if self.visited_on:
            refuse_future(self.visited_on, "visited_on", _("A visit cannot be in the future."))
