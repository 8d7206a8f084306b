"""Resource mobilisation: appeals and requirements, donor conferences, pledges → commitments → payments.

The money chain follows OCHA's Financial Tracking Service: a pledge is announced, a commitment
is the part formalised by a signed agreement, a payment the part received. Every amount is kept
in its original currency with the rate in force on its day and its USD value. Pledges,
conferences and requirements are scoped by their destination country.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sunbula.core.addresses import record_url
from sunbula.core.fields import ends_not_before_start, optional_reference_to, reference_to
from sunbula.core.models import Country, Currency, Illustrative, Multilingual, Organisation
from sunbula.core.multilingual import LocalizedText, TranslationsField
from sunbula.core.scoping import BY_COUNTRY, ScopedManager, ScopeRule
from sunbula.partners.models import Agreement, FocalPoint
from sunbula.programmes.models import DacSector, Programme, Project

CENT = Decimal("0.01")
POSITIVE = [MinValueValidator(CENT)]
YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]


def money(**kwargs: object) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(max_digits=18, decimal_places=2, **kwargs)  # type: ignore[arg-type]


def rate_field() -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(_("units per US dollar"), max_digits=20, decimal_places=8)


def in_kind_quantity(verbose_name: StrOrPromise) -> models.DecimalField:  # type: ignore[type-arg]
    """How much of an in-kind contribution, in its unit; empty for a cash one."""
    return models.DecimalField(
        verbose_name, max_digits=16, decimal_places=3, null=True, blank=True, validators=POSITIVE
    )


class Appeal(Multilingual, Illustrative):
    """A call for funds that groups requirements, e.g. a humanitarian response plan."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    country = reference_to(Country, _("country"))

    scope_rule: ClassVar[ScopeRule] = BY_COUNTRY
    objects = ScopedManager["Appeal"]()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["code"]

    def get_absolute_url(self) -> str:
        return record_url("funding:appeal_detail", self.pk)


# A second requirement for what one already covers, refused: coverage would count it twice.
REQUIREMENT_TWICE = _(
    "A requirement for this country, appeal, programme, project and year is already recorded; "
    "change that one instead."
)


def _or_none(field: str) -> Coalesce:
    """An optional link as the requirement's key reads it: an empty one as 0, so that two
    requirements without an appeal (or programme, or project) count as the same, on
    PostgreSQL as on SQLite."""
    return Coalesce(field, 0, output_field=models.BigIntegerField())


class FundingRequirement(Illustrative):
    """What a country, programme or project needs in one year, in US dollars; one for each
    country, appeal, programme, project and year."""

    appeal = models.ForeignKey(
        Appeal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requirements",
        verbose_name=_("appeal"),
    )
    country = reference_to(Country, _("country"))
    programme = optional_reference_to(Programme, _("programme"))
    project = optional_reference_to(Project, _("project"))
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    amount_usd = money(verbose_name=_("requirement (USD)"), validators=POSITIVE)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="country", programme="programme")
    objects = ScopedManager["FundingRequirement"]()

    class Meta:
        verbose_name = _("funding requirement")
        verbose_name_plural = _("funding requirements")
        ordering = ["year", "country__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "country",
                _or_none("appeal"),
                _or_none("programme"),
                _or_none("project"),
                "year",
                name="funding_requirement_once",
                violation_error_message=REQUIREMENT_TWICE,
            )
        ]

    def __str__(self) -> str:
        what = self.project or self.programme or self.country
        return f"{what} · {self.year}"

    def get_absolute_url(self) -> str:
        return record_url("funding:requirement_edit", self.pk)


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class DonorConference(Illustrative):
    """A pledging conference; its pledges are captured live on the day."""

    title = models.CharField(_("title (English)"), max_length=255)
    title_translations = TranslationsField(_("title in other languages"))
    country = reference_to(
        Country,
        _("country"),
        help_text=_("The country the conference raises funds for; it decides who sees it."),
    )
    appeal = models.ForeignKey(
        Appeal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
        verbose_name=_("appeal"),
    )
    co_hosts = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("co-hosts")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    modality = models.CharField(_("modality"), max_length=10, choices=Modality.choices)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    announcements_published = models.BooleanField(
        _("financial announcements published"),
        default=False,
        help_text=_("When set, anyone may read the pledges without signing in."),
    )

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="country", programme="pledges__programme", organisation="pledges__donor"
    )
    objects = ScopedManager["DonorConference"]()

    class Meta:
        verbose_name = _("donor conference")
        verbose_name_plural = _("donor conferences")
        ordering = ["-starts_on"]
        constraints = [
            ends_not_before_start(
                start="starts_on", end="ends_on", name="funding_conference_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.local_title

    def get_absolute_url(self) -> str:
        return record_url("funding:conference_detail", self.pk)

    local_title = LocalizedText("title")


class ContributionType(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    IN_KIND = "in_kind", _("In kind")


class Destination(models.TextChoices):
    """What a pledge goes to, the most precise first: a project, a programme (no project of
    it), or its destination country alone. The funding overview totals by it."""

    PROJECT = "project", _("A project")
    PROGRAMME = "programme", _("A programme")
    COUNTRY = "country", _("The country alone")


class Earmarking(models.TextChoices):
    # IATI EarmarkingCategory codelist.
    UNEARMARKED = "1", _("Unearmarked")
    SOFTLY = "2", _("Softly earmarked")
    EARMARKED = "3", _("Earmarked")
    TIGHTLY = "4", _("Tightly earmarked")


class Pledge(Illustrative):
    """A donor's announced contribution for one budget year, in its original currency.

    A multi-year pledge is recorded as one pledge per year; the later years point to the
    first as their `parent` (FTS parent and child flows). The amount is the current
    revision's; `PledgeRevision` keeps the history.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")

    reference = models.CharField(_("reference code"), max_length=40, unique=True)
    conference = models.ForeignKey(
        DonorConference,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("conference"),
    )
    donor = reference_to(Organisation, _("donor"))
    focal_point = models.ForeignKey(
        FocalPoint,
        # Reminders go to this contact: removing them while a pledge names them is refused.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("focal point"),
    )
    pledged_on = models.DateField(_("pledged on"))
    currency = reference_to(Currency, _("currency"))
    amount = money(
        verbose_name=_("amount"),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "The current revision; zero once a pledge with nothing committed is cancelled."
        ),
    )
    units_per_usd = rate_field()
    amount_usd = money(verbose_name=_("amount (USD)"))
    contribution_type = models.CharField(
        _("contribution type"),
        max_length=10,
        choices=ContributionType.choices,
        default=ContributionType.FINANCIAL,
    )
    commodity = models.CharField(_("commodity"), max_length=120, blank=True)
    quantity = in_kind_quantity(_("quantity"))
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("e.g. t, kg"))
    earmarking = models.CharField(
        _("earmarking"), max_length=1, choices=Earmarking.choices, default=Earmarking.EARMARKED
    )
    country = reference_to(Country, _("destination country"))
    programme = optional_reference_to(Programme, _("programme"))
    project = optional_reference_to(Project, _("project"))
    sector = models.CharField(_("sector"), max_length=5, choices=DacSector.choices, blank=True)
    budget_year = models.PositiveSmallIntegerField(_("budget year"), validators=YEAR)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="later_years",
        verbose_name=_("first year of the pledge"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="country", programme="programme", organisation="donor"
    )
    objects = ScopedManager["Pledge"]()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-pledged_on", "reference"]
        # The lists' order: their first page is read by index, not by sorting every pledge.
        indexes = [
            models.Index(fields=["-pledged_on", "reference", "id"], name="funding_pledge_latest")
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_pledge_not_negative"),
            models.CheckConstraint(
                condition=Q(units_per_usd__gt=0), name="funding_pledge_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.donor}"

    def get_absolute_url(self) -> str:
        return record_url("funding:pledge_detail", self.pk)

    @property
    def is_in_kind(self) -> bool:
        return self.contribution_type == ContributionType.IN_KIND


class PledgeRevision(models.Model):
    """One version of a pledge's amount; the highest number is in force."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("pledge")
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    revised_on = models.DateField(_("date"))
    amount = money(verbose_name=_("amount"), validators=[MinValueValidator(Decimal(0))])
    amount_usd = money(verbose_name=_("amount (USD)"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    scope_rule: ClassVar[ScopeRule] = Pledge.scope_rule.under("pledge")
    objects = ScopedManager["PledgeRevision"]()

    class Meta:
        verbose_name = _("pledge revision")
        verbose_name_plural = _("pledge revisions")
        ordering = ["pledge", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "number"], name="funding_revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.pledge.reference} r{self.number}"


class Commitment(models.Model):
    """The part of a pledge formalised by a signed agreement, in the pledge's currency."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("pledge")
    )
    agreement = optional_reference_to(Agreement, _("agreement"))
    committed_on = models.DateField(_("committed on"))
    amount = money(verbose_name=_("amount"), validators=POSITIVE)
    units_per_usd = rate_field()
    amount_usd = money(verbose_name=_("amount (USD)"))
    quantity = in_kind_quantity(_("quantity"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = Pledge.scope_rule.under("pledge")
    objects = ScopedManager["Commitment"]()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["committed_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_commitment_positive")
        ]

    def __str__(self) -> str:
        return f"{self.pledge.reference} · {self.committed_on}"

    def get_absolute_url(self) -> str:
        return record_url("funding:commitment_detail", self.pk)


class Payment(models.Model):
    """The part of a commitment received, at the rate in force on the day it arrived."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="payments", verbose_name=_("commitment")
    )
    paid_on = models.DateField(_("paid on"))
    currency = reference_to(Currency, _("currency"))
    amount = money(verbose_name=_("amount"), validators=POSITIVE)
    units_per_usd = rate_field()
    amount_usd = money(verbose_name=_("amount (USD)"))
    quantity = in_kind_quantity(_("quantity received"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = Commitment.scope_rule.under("commitment")
    objects = ScopedManager["Payment"]()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_payment_positive")
        ]

    def __str__(self) -> str:
        return f"{self.commitment.pledge.reference} · {self.paid_on}"

    def get_absolute_url(self) -> str:
        return record_url("funding:payment_detail", self.pk)

    @property
    def usd_at_pledge_rate(self) -> Decimal:
        pledge_rate: Decimal = self.commitment.pledge.units_per_usd
        amount: Decimal = self.amount
        return (amount / pledge_rate).quantize(CENT, ROUND_HALF_EVEN)

    @property
    def exchange_difference(self) -> Decimal:
        """Gain (positive) or loss (negative) in USD against the pledge-day rate."""
        amount_usd: Decimal = self.amount_usd
        return amount_usd - self.usd_at_pledge_rate


class PledgeReminder(models.Model):
    """A reminder sent to a donor's focal point that a pledge is still outstanding after
    `day_mark` days; one per pledge and mark, so that none is sent twice."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("pledge")
    )
    day_mark = models.PositiveSmallIntegerField(_("days outstanding"))
    sent_at = models.DateTimeField(_("sent"))
    recipient = models.EmailField(_("recipient"))

    class Meta:
        verbose_name = _("pledge reminder")
        verbose_name_plural = _("pledge reminders")
        ordering = ["pledge", "day_mark"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "day_mark"], name="funding_pledgereminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pledge.reference} · {self.day_mark}"
