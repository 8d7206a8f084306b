"""Cycles of assistance, who they target, what each beneficiary is entitled to, and the
distributions that hand it over out of stock.

A cycle's beneficiary list is frozen: each row keeps the size and the make-up (sex, age
group, displacement) of the household, person, farmer or institution as it was when the
list was drawn, so later registry edits do not change entitlements already approved and the
trace counts the people as they were served.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sunbula.core.models import AdminArea, Country, Illustrative, Multilingual, Site
from sunbula.core.scoping import ScopedManager, ScopeRule
from sunbula.programmes.models import Indicator, Project, ReportingPeriod
from sunbula.registry.models import Household, Institution, Person
from sunbula.supply.models import Commodity, Lot, StockMovement, quantity_field

GRAM = Decimal("0.001")


class Modality(models.TextChoices):
    IN_KIND = "in_kind", _("In kind")


class RationKind(models.TextChoices):
    PER_PERSON_DAY = "person_day", _("Per person per day")
    PER_HOUSEHOLD_MONTH = "household_month", _("Per household per month")
    PER_RESIDENT_MONTH = "resident_month", _("Per institution resident per month")
    FARMER_BASKET = "farmer_basket", _("Farmer input basket")


class Cycle(Multilingual, Illustrative):
    """One round of assistance for a project: what is given, to whom, over which period."""

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        FROZEN = "frozen", _("Beneficiary list frozen")
        CLOSED = "closed", _("Closed")

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    modality = models.CharField(
        _("modality"), max_length=10, choices=Modality.choices, default=Modality.IN_KIND
    )
    ration_kind = models.CharField(_("ration"), max_length=20, choices=RationKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNING
    )
    people_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator of people reached"),
    )
    kg_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator of kilograms distributed"),
    )
    reporting_period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reporting period"),
    )

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="country", programme="project__programme")
    objects = ScopedManager["Cycle"]()

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-period_start", "name"]

    def get_absolute_url(self) -> str:
        return reverse("assistance:cycle_detail", args=[self.pk])

    @property
    def days(self) -> int:
        return (self.period_end - self.period_start).days + 1

    @property
    def months(self) -> Decimal:
        """The period in months of 30 days, as rations per month are counted."""
        return Decimal(self.days) / Decimal(30)


class RationLine(models.Model):
    """How much of one commodity the ration gives, per the cycle's ration kind."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="ration_lines", verbose_name=_("cycle")
    )
    commodity = models.ForeignKey(
        Commodity, on_delete=models.PROTECT, related_name="+", verbose_name=_("commodity")
    )
    quantity = quantity_field(_("quantity"), validators=[MinValueValidator(GRAM)])

    class Meta:
        verbose_name = _("ration line")
        verbose_name_plural = _("ration lines")
        ordering = ["cycle", "commodity__name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "commodity"], name="assistance_ration_once")
        ]

    def __str__(self) -> str:
        return f"{self.commodity} · {self.quantity}"


class RuleField(models.TextChoices):
    DISPLACEMENT = "displacement_status", _("Displacement status")
    VULNERABILITY = "vulnerability", _("Vulnerability")
    ADMIN_AREA = "admin_area", _("Administrative area (P-code)")
    FARMER_GROUP = "farmer_group", _("Farmer group")
    INSTITUTION_KIND = "institution_kind", _("Institution kind")


class EligibilityRule(models.Model):
    """One condition of a cycle's targeting; rules on one field are alternatives (or), rules
    on different fields must all hold (and)."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="rules", verbose_name=_("cycle")
    )
    field = models.CharField(_("field"), max_length=20, choices=RuleField.choices)
    value = models.CharField(_("value"), max_length=200)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["cycle", "field", "value"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "field", "value"], name="assistance_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_field_display()} = {self.value}"


class Beneficiary(models.Model):
    """A row of a cycle's frozen list, with the people it stands for as they were then."""

    class Kind(models.TextChoices):
        HOUSEHOLD = "household", _("Household")
        PERSON = "person", _("Person")
        FARMER = "farmer", _("Farmer")
        INSTITUTION = "institution", _("Institution")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="beneficiaries", verbose_name=_("cycle")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=200)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    admin_area = models.ForeignKey(
        AdminArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    displacement = models.CharField(_("displacement status"), max_length=10, blank=True)
    people = models.PositiveIntegerField(_("people"))
    females = models.PositiveIntegerField(_("females"), default=0)
    males = models.PositiveIntegerField(_("males"), default=0)
    children = models.PositiveIntegerField(_("children"), default=0)
    adults = models.PositiveIntegerField(_("adults"), default=0)
    elderly = models.PositiveIntegerField(_("elderly"), default=0)

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["cycle", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "reference"], name="assistance_listed_once"),
            models.UniqueConstraint(
                fields=["cycle", "person"],
                condition=Q(person__isnull=False),
                name="assistance_person_once",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class Entitlement(models.Model):
    """What one beneficiary is to receive of one commodity in a cycle."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PARTLY = "partly", _("Partly distributed")
        DISTRIBUTED = "distributed", _("Distributed")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="entitlements", verbose_name=_("cycle")
    )
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.CASCADE,
        related_name="entitlements",
        verbose_name=_("beneficiary"),
    )
    commodity = models.ForeignKey(
        Commodity, on_delete=models.PROTECT, related_name="+", verbose_name=_("commodity")
    )
    quantity = quantity_field(_("entitled"), validators=[MinValueValidator(GRAM)])
    distributed = quantity_field(_("distributed"), default=Decimal(0))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        ordering = ["cycle", "beneficiary__reference", "commodity__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "commodity"], name="assistance_entitled_once"
            ),
            models.CheckConstraint(
                condition=Q(distributed__lte=models.F("quantity")),
                name="assistance_not_beyond_entitlement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary} · {self.commodity}"

    @property
    def remaining(self) -> Decimal:
        return Decimal(self.quantity - self.distributed)


class Distribution(Illustrative):
    """A hand-over at a site against an entitlement: to a beneficiary or an institution."""

    entitlement = models.ForeignKey(
        Entitlement,
        on_delete=models.PROTECT,
        related_name="distributions",
        verbose_name=_("entitlement"),
    )
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="+", verbose_name=_("beneficiary")
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    quantity = quantity_field(_("quantity"), validators=[MinValueValidator(GRAM)])
    person_days = models.DecimalField(
        _("person-days of food"), max_digits=16, decimal_places=1, default=Decimal(0)
    )
    distributed_on = models.DateField(_("distributed on"))
    reference = models.CharField(_("reference"), max_length=60)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # The id a distribution point's device gave the hand-over, so that a replay is recognised.
    client_id = models.UUIDField(_("device record id"), null=True, blank=True, unique=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="country",
        programme="entitlement__cycle__project__programme",
        organisation="draws__lot__donor",
    )
    objects = ScopedManager["Distribution"]()

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["-distributed_on", "-pk"]

    def __str__(self) -> str:
        return self.reference


class Draw(models.Model):
    """The part of a distribution taken from one lot (first expiry, first out)."""

    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="draws", verbose_name=_("distribution")
    )
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+", verbose_name=_("lot"))
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="+", verbose_name=_("beneficiary")
    )
    quantity = quantity_field(_("quantity"), validators=[MinValueValidator(GRAM)])
    person_days = models.DecimalField(
        _("person-days of food"), max_digits=16, decimal_places=1, default=Decimal(0)
    )
    movement = models.OneToOneField(
        StockMovement, on_delete=models.PROTECT, related_name="+", verbose_name=_("movement")
    )

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="distribution__country",
        programme="lot__pledge__programme",
        organisation="lot__donor",
    )
    objects = ScopedManager["Draw"]()

    class Meta:
        verbose_name = _("draw from a lot")
        verbose_name_plural = _("draws from lots")
        ordering = ["distribution", "pk"]
        indexes = [models.Index(fields=["lot", "beneficiary"], name="assistance_draw_lot")]

    def __str__(self) -> str:
        return f"{self.distribution} · {self.lot}"


class Reach(models.Model):
    """What a lot gave one beneficiary at one site, kept with each draw so that the trace
    reads one row per beneficiary and lot instead of every distribution."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+", verbose_name=_("lot"))
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="+", verbose_name=_("beneficiary")
    )
    is_institution = models.BooleanField(_("institution delivery"), default=False)
    quantity = quantity_field(_("quantity"), default=Decimal(0))
    person_days = models.DecimalField(
        _("person-days of food"), max_digits=16, decimal_places=1, default=Decimal(0)
    )

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="site__country", programme="lot__pledge__programme", organisation="lot__donor"
    )
    objects = ScopedManager["Reach"]()

    class Meta:
        verbose_name = _("reach of a lot")
        verbose_name_plural = _("reach of lots")
        constraints = [
            models.UniqueConstraint(
                fields=["lot", "site", "beneficiary"], name="assistance_reach_once"
            )
        ]
        indexes = [models.Index(fields=["beneficiary", "lot"], name="assistance_reach_served")]

    def __str__(self) -> str:
        return f"{self.lot} · {self.beneficiary}"


class DistributionTally(models.Model):
    """Kilograms and person-days handed out per cycle, lot and site, kept by the services
    that record distributions so that dashboards and the trace never add up distributions."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="+", verbose_name=_("cycle")
    )
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+", verbose_name=_("lot"))
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    is_institution = models.BooleanField(_("institution delivery"), default=False)
    quantity = quantity_field(_("quantity"), default=Decimal(0))
    person_days = models.DecimalField(
        _("person-days of food"), max_digits=16, decimal_places=1, default=Decimal(0)
    )
    distributions = models.PositiveIntegerField(_("distributions"), default=0)

    class Meta:
        verbose_name = _("distribution tally")
        verbose_name_plural = _("distribution tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "lot", "site", "is_institution"],
                name="assistance_distribution_tally_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.lot} · {self.site}"


class CountedFor(models.TextChoices):
    """Within what a beneficiary is counted once: the cycle, the lot or the pledge."""

    CYCLE = "cycle", _("Cycle")
    LOT = "lot", _("Lot")
    PLEDGE = "pledge", _("Pledge")


class ReachedTally(models.Model):
    """People reached, each beneficiary counted once within its cycle, once within each lot
    and once within each pledge that served it: at the first draw that reached it there,
    whose lot and site the row carries. Sums over any rows of one `counted_for` are
    therefore counts of distinct people."""

    counted_for = models.CharField(_("counted for"), max_length=6, choices=CountedFor.choices)
    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="+", verbose_name=_("cycle")
    )
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="+", verbose_name=_("lot"))
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    displacement = models.CharField(_("displacement status"), max_length=10, blank=True)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), default=0)
    people = models.PositiveIntegerField(_("people"), default=0)
    females = models.PositiveIntegerField(_("females"), default=0)
    males = models.PositiveIntegerField(_("males"), default=0)
    children = models.PositiveIntegerField(_("children"), default=0)
    adults = models.PositiveIntegerField(_("adults"), default=0)
    elderly = models.PositiveIntegerField(_("elderly"), default=0)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="site__country", programme="lot__pledge__programme", organisation="lot__donor"
    )
    objects = ScopedManager["ReachedTally"]()

    class Meta:
        verbose_name = _("people reached tally")
        verbose_name_plural = _("people reached tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["counted_for", "cycle", "lot", "site", "displacement"],
                name="assistance_reached_tally_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_counted_for_display()} · {self.cycle} · {self.lot} · {self.site}"
