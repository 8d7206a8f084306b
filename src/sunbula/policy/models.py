"""Member-state policy profiles, SDG 2 indicator values, assessments and report snapshots."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sunbula.core.addresses import record_url
from sunbula.core.fields import ends_not_before_start, reference_to, staff_field
from sunbula.core.figures import date_text, number_text
from sunbula.core.models import Country, Illustrative, Multilingual, User, illustrative_flag
from sunbula.core.multilingual import TranslationsField
from sunbula.core.scoping import BY_COUNTRY, NOT_SCOPED, ScopedManager, ScopeRule
from sunbula.core.validation import refuse_future

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]

# No member state's policy profile was published before it: a snapshot of an earlier day
# holds nothing, and such a day is a slip of the keyboard (1900 typed for 2000).
FIRST_SNAPSHOT_DAY = datetime.date(2000, 1, 1)


def indicator_figure(qualifier: str, value: Decimal | str) -> str:
    """An SDG 2 value as the reader reads it wherever it is shown (the list, a profile, the
    map, the report): its qualifier ("<2.5"), every decimal it holds and none beyond, in the
    separators and digits of the reader's language ("38,2" in French)."""
    amount = Decimal(str(value)).normalize()
    exponent = amount.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return f"{qualifier}{number_text(amount, places=places)}"


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated")
    PUBLISHED = "published", _("Published")


class PolicyProfile(models.Model):
    """The food-security policy profile of one member state, validated by its focal point."""

    country = models.OneToOneField(
        Country, on_delete=models.PROTECT, related_name="policy_profile", verbose_name=_("country")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    validated_by = staff_field(_("validated by"))
    validated_at = models.DateTimeField(_("validated"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_illustrative = illustrative_flag()

    scope_rule: ClassVar[ScopeRule] = BY_COUNTRY
    objects = ScopedManager["PolicyProfile"]()

    class Meta:
        verbose_name = _("policy profile")
        verbose_name_plural = _("policy profiles")
        ordering = ["country__name"]

    def __str__(self) -> str:
        return str(self.country)

    def get_absolute_url(self) -> str:
        return record_url("policy:profile_detail", self.pk)

    def change_problem(self) -> str:
        """Why the profile's records can no longer change (it has left the draft), as its
        services refuse it; "" for a draft."""
        if self.status == ProfileStatus.DRAFT:
            return ""
        return str(_("Only a draft profile can be changed; reopen it first."))


class Strategy(Multilingual):
    """A national strategy, policy or plan for food security and nutrition."""

    class Status(models.TextChoices):
        DRAFTED = "drafted", _("Being drafted")
        ADOPTED = "adopted", _("Adopted")
        EXPIRED = "expired", _("Expired")
        SUPERSEDED = "superseded", _("Superseded")

    profile = models.ForeignKey(
        PolicyProfile,
        on_delete=models.CASCADE,
        related_name="strategies",
        verbose_name=_("policy profile"),
    )
    start_year = models.PositiveSmallIntegerField(_("from year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("to year"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    adopting_body = models.CharField(_("adopted by"), max_length=255, blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("A FAOLEX record, e.g. LEX-FAOC197963."),
    )

    class Meta:
        verbose_name = _("strategy or plan")
        verbose_name_plural = _("strategies and plans")
        ordering = ["-start_year", "name"]
        constraints = [
            ends_not_before_start(
                start="start_year", end="end_year", name="policy_strategy_period_in_order"
            )
        ]

    @staticmethod
    def in_force(status: str, start_year: int, end_year: int, year: int) -> bool:
        """Whether a strategy of `status` for `start_year` to `end_year` is in force in
        `year`: adopted, and `year` within its years."""
        return status == Strategy.Status.ADOPTED and start_year <= year <= end_year

    def clean(self) -> None:
        this_year = timezone.localdate().year
        if self.status == self.Status.EXPIRED and self.end_year and self.end_year > this_year:
            message = _("A strategy that runs to %(year)s has not expired.")
            raise ValidationError({"status": message % {"year": self.end_year}})


class LegalInstrument(Multilingual):
    """A legal text in FAOLEX's terms, with the texts it amends or repeals."""

    class Kind(models.TextChoices):
        # FAOLEX's six types of text; the exact list is UNVERIFIED beyond "constitutions
        # and policies" in our reference notes.
        CONSTITUTION = "constitution", _("Constitution")
        LEGISLATION = "legislation", _("Legislation")
        REGULATION = "regulation", _("Regulation")
        POLICY = "policy", pgettext_lazy("FAOLEX type of text", "Policy")
        INTERNATIONAL_AGREEMENT = "international_agreement", _("International agreement")
        MISCELLANEOUS = "miscellaneous", _("Miscellaneous")

    profile = models.ForeignKey(
        PolicyProfile,
        on_delete=models.CASCADE,
        related_name="legal_instruments",
        verbose_name=_("policy profile"),
    )
    kind = models.CharField(_("type of text"), max_length=30, choices=Kind.choices)
    date_of_text = models.DateField(_("date of text"), null=True, blank=True)
    faolex_id = models.CharField(_("FAOLEX record"), max_length=40, blank=True)
    amends = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="amended_by",
        verbose_name=_("amends"),
    )
    repeals = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="repealed_by",
        verbose_name=_("repeals"),
    )

    class Meta:
        verbose_name = _("legal instrument")
        verbose_name_plural = _("legal instruments")
        ordering = ["-date_of_text", "name"]

    def clean(self) -> None:
        if self.date_of_text:
            refuse_future(
                self.date_of_text, "date_of_text", _("A text cannot be dated in the future.")
            )


class CoordinatingBody(Multilingual):
    """A national council or committee that coordinates food-security policy."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        TWICE_A_YEAR = "twice_a_year", _("Twice a year")
        YEARLY = "yearly", _("Yearly")
        AD_HOC = "ad_hoc", _("When called")

    profile = models.ForeignKey(
        PolicyProfile,
        on_delete=models.CASCADE,
        related_name="coordinating_bodies",
        verbose_name=_("policy profile"),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    chair = models.CharField(_("chair"), max_length=255, blank=True)
    members = models.TextField(_("members"), blank=True)
    has_civil_society_seat = models.BooleanField(_("civil-society seat"), default=False)
    has_private_sector_seat = models.BooleanField(_("private-sector seat"), default=False)
    meeting_frequency = models.CharField(
        _("meets"), max_length=20, choices=Frequency.choices, blank=True
    )

    class Meta:
        verbose_name = _("coordinating body")
        verbose_name_plural = _("coordinating bodies")
        ordering = ["name"]


class PolicyDecision(Multilingual):
    """A policy decision in one of FAPDA's three groups."""

    class Group(models.TextChoices):
        CONSUMER = "consumer", _("Consumer-oriented")
        PRODUCER = "producer", _("Producer-oriented")
        TRADE_MACRO = "trade_macro", _("Trade and macroeconomic")

    profile = models.ForeignKey(
        PolicyProfile,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("policy profile"),
    )
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    decided_on = models.DateField(_("decided on"))

    class Meta:
        verbose_name = _("policy decision")
        verbose_name_plural = _("policy decisions")
        ordering = ["-decided_on", "name"]


class IndicatorValue(Illustrative):
    """An SDG 2 value for a country and year by UN series code, with where it came from."""

    country = reference_to(Country, _("country"))
    series_code = models.CharField(
        _("series code"),
        max_length=30,
        validators=[RegexValidator(r"^[A-Z0-9_]+$", _("A UN series code, e.g. SN_ITK_DEFC."))],
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    # The SDG database writes "<2.5" for prevalences below what surveys can tell apart.
    qualifier = models.CharField(
        _("qualifier"), max_length=1, blank=True, choices=[("<", "<"), (">", ">")]
    )
    units = models.CharField(_("units"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=255)
    retrieved_on = models.DateField(_("retrieved on"))

    scope_rule: ClassVar[ScopeRule] = BY_COUNTRY
    objects = ScopedManager["IndicatorValue"]()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["country__name", "series_code", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "series_code", "year"], name="policy_indicator_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series_code} {self.year}: {self.qualifier}{self.value_text}"

    @property
    def value_text(self) -> str:
        """The value as given, without the trailing zeros of its stored places (30.1, 100)."""
        return format(self.value.normalize(), "f")

    @property
    def figure(self) -> str:
        """The value with its qualifier, as the reader reads it (`indicator_figure`)."""
        return indicator_figure(self.qualifier, self.value)


class AssessmentFramework(Multilingual):
    """A versioned set of criteria, e.g. the COMCEC 2020 recommendations."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    reference = models.CharField(_("reference document"), max_length=255, blank=True)

    scope_rule: ClassVar[ScopeRule] = NOT_SCOPED
    objects = ScopedManager["AssessmentFramework"]()

    class Meta:
        verbose_name = _("assessment framework")
        verbose_name_plural = _("assessment frameworks")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="policy_framework_version")
        ]

    def get_absolute_url(self) -> str:
        return record_url("policy:framework_detail", self.pk)


class Criterion(Multilingual):
    framework = models.ForeignKey(
        AssessmentFramework,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("assessment framework"),
    )
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="policy_criterion_code")
        ]


class CriterionScore(models.Model):
    """How far a country meets a criterion in a year (0 not at all … 3 fully), and why."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MaxValueValidator(3)], help_text=_("0 not met … 3 fully met")
    )
    evidence = models.TextField(_("evidence"))
    evidence_translations = TranslationsField(_("evidence in other languages"))

    scope_rule: ClassVar[ScopeRule] = BY_COUNTRY
    objects = ScopedManager["CriterionScore"]()

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["criterion__order", "country__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "country", "year"], name="policy_score_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} {self.year}: {self.score}"


class ReportSnapshot(models.Model):
    """The published profiles as they stood on a day; a report is built from this alone."""

    taken_on = models.DateField(_("taken on"))
    content = models.JSONField(_("content"))
    content_sha256 = models.CharField(_("content fingerprint"), max_length=64)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = NOT_SCOPED
    objects = ScopedManager["ReportSnapshot"]()

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return f"{self.taken_on} {self.content_sha256[:12]}"

    def get_absolute_url(self) -> str:
        return record_url("policy:report_detail", self.pk)

    def clean(self) -> None:
        # A snapshot holds the profiles as published on its day: a day to come has none yet.
        if self.taken_on:
            refuse_future(
                self.taken_on, "taken_on", _("A snapshot cannot be taken of a future day.")
            )
            if self.taken_on < FIRST_SNAPSHOT_DAY:
                message = _("A snapshot cannot be taken of a day before %(day)s.") % {
                    "day": date_text(FIRST_SNAPSHOT_DAY)
                }
                raise ValidationError({"taken_on": message})
