"""The food-security situation: datasets of IPC / Cadre Harmonisé phase populations by area."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunbula.core.addresses import record_url
from sunbula.core.fields import (
    PERIOD_IN_ORDER,
    FieldCheck,
    actor_field,
    optional_reference_to,
    reference_to,
)
from sunbula.core.figures import number_text
from sunbula.core.models import (
    AdminArea,
    Country,
    Currency,
    Multilingual,
    Site,
    User,
    illustrative_flag,
)
from sunbula.core.scoping import BY_COUNTRY, ScopedManager, ScopeRule


class Classification(models.TextChoices):
    IPC = "ipc", _("IPC")
    CADRE_HARMONISE = "ch", _("Cadre Harmonisé")


class PeriodType(models.TextChoices):
    CURRENT = "current", _("Current")
    FIRST_PROJECTION = "first_projection", _("First projection")
    SECOND_PROJECTION = "second_projection", _("Second projection")


class IpcPhase(models.IntegerChoices):
    """IPC phase names after hdx-hapi's ipc_phase parameters (IPC Technical Manual 3.0,
    p. 53). The map colours in monitoring.css follow the palette many public repositories
    use: UNVERIFIED as the official one."""

    MINIMAL = 1, _("None/Minimal")
    STRESSED = 2, _("Stressed")
    CRISIS = 3, _("Crisis")
    EMERGENCY = 4, _("Emergency")
    FAMINE = 5, _("Catastrophe/Famine")


FUTURE_PUBLICATION = _("An analysis cannot be published in the future; check the year.")


class SituationDataset(Multilingual):
    """One published analysis: its source, its date, and the phase populations it gives."""

    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="situation_datasets",
        verbose_name=_("country"),
    )
    classification = models.CharField(
        _("classification"), max_length=10, choices=Classification.choices
    )
    source = models.CharField(_("source"), max_length=255)
    published_on = models.DateField(_("published on"))
    is_illustrative = illustrative_flag()
    created_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = BY_COUNTRY
    objects = ScopedManager["SituationDataset"]()

    class Meta:
        verbose_name = _("situation dataset")
        verbose_name_plural = _("situation datasets")
        ordering = ["-published_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name", "published_on"],
                name="monitoring_dataset_unique_name_date",
            )
        ]

    def get_absolute_url(self) -> str:
        return record_url("monitoring:dataset_detail", self.pk)


# Published phase figures are rounded, so the five of them may miss the population analysed
# by a little: 1 % of it, and at least a handful of people.
PHASE_SUM_TOLERANCE = 0.01
PHASE_SUM_MINIMUM_SLACK = 5


def phases_add_up(phases: Sequence[int], analysed: int | None) -> bool:
    """Whether the phases hold the whole population analysed (100 %, give or take rounding)."""
    if analysed is None:
        return True
    slack = max(PHASE_SUM_MINIMUM_SLACK, analysed * PHASE_SUM_TOLERANCE)
    return abs(sum(phases) - analysed) <= slack


def phases_do_not_add_up(phases: Sequence[int], analysed: int) -> str:
    return str(
        _(
            "Phases 1 to 5 add up to %(sum)s people, but %(analysed)s were analysed; "
            "they must hold 100 %% of them (give or take 1 %% for rounding)."
        )
        % {"sum": number_text(sum(phases)), "analysed": number_text(analysed)}
    )


class PhasePopulation(models.Model):
    """People in each phase in one area and one period, as the analysis classified them."""

    dataset = models.ForeignKey(
        SituationDataset,
        on_delete=models.CASCADE,
        related_name="phase_populations",
        verbose_name=_("dataset"),
    )
    admin_area = reference_to(AdminArea, _("admin area"))
    period_type = models.CharField(_("period"), max_length=20, choices=PeriodType.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"), null=True, blank=True)
    analysed = models.PositiveIntegerField(_("population analysed"), null=True, blank=True)
    phase1 = models.PositiveIntegerField(_("phase 1"), validators=[MinValueValidator(0)])
    phase2 = models.PositiveIntegerField(_("phase 2"), validators=[MinValueValidator(0)])
    phase3 = models.PositiveIntegerField(_("phase 3"), validators=[MinValueValidator(0)])
    phase4 = models.PositiveIntegerField(_("phase 4"), validators=[MinValueValidator(0)])
    phase5 = models.PositiveIntegerField(_("phase 5"), validators=[MinValueValidator(0)])

    scope_rule: ClassVar[ScopeRule] = SituationDataset.scope_rule.under("dataset")
    objects = ScopedManager["PhasePopulation"]()

    class Meta:
        verbose_name = _("phase population")
        verbose_name_plural = _("phase populations")
        ordering = ["admin_area__p_code", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "admin_area", "period_type", "period_start"],
                name="monitoring_phasepopulation_unique_area_period",
            ),
            FieldCheck(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=models.F("period_start")),
                name="monitoring_phasepopulation_period_in_order",
                field="period_end",
                message=PERIOD_IN_ORDER,
                params={"start": "period_start"},
            ),
        ]

    def __str__(self) -> str:
        return f"{self.admin_area.p_code} {self.period_type} {self.period_start}"

    def clean(self) -> None:
        phases = [self.phase1, self.phase2, self.phase3, self.phase4, self.phase5]
        if None in phases or self.analysed is None:
            return
        if not phases_add_up(phases, self.analysed):
            raise ValidationError({"analysed": phases_do_not_add_up(phases, self.analysed)})

    @property
    def phase3plus(self) -> int:
        return self.phase3 + self.phase4 + self.phase5

    @property
    def area_phase(self) -> int:
        """The area's phase by the IPC 20 % rule: the worst phase that, with the phases
        above it, holds at least a fifth of the people counted. (Rule as commonly
        described in IPC Technical Manual 3.0; not checked against the manual here:
        UNVERIFIED.)"""
        counts = [self.phase1, self.phase2, self.phase3, self.phase4, self.phase5]
        total = sum(counts)
        if total == 0:
            return 0
        worse_or_equal = 0
        for phase in (5, 4, 3, 2):
            worse_or_equal += counts[phase - 1]
            if worse_or_equal * 5 >= total:
                return phase
        return 1


# Market prices, after WFP's price database (VAM) as HDX publishes it with HXL hashtags:
# #date, #adm1, #loc+market, #item+type, #item+name, #item+unit, #item+price+type, #value,
# #currency.


class CommodityCategory(models.TextChoices):
    """WFP's commodity categories (hdx-hapi commodity_category parameters)."""

    CEREALS_AND_TUBERS = "cereals and tubers", _("Cereals and tubers")
    MEAT_FISH_AND_EGGS = "meat, fish and eggs", _("Meat, fish and eggs")
    MILK_AND_DAIRY = "milk and dairy", _("Milk and dairy")
    MISCELLANEOUS_FOOD = "miscellaneous food", _("Miscellaneous food")
    NON_FOOD = "non-food", _("Non-food")
    OIL_AND_FATS = "oil and fats", _("Oil and fats")
    PULSES_AND_NUTS = "pulses and nuts", _("Pulses and nuts")
    VEGETABLES_AND_FRUITS = "vegetables and fruits", _("Vegetables and fruits")


class PriceType(models.TextChoices):
    RETAIL = "Retail", _("Retail")
    WHOLESALE = "Wholesale", _("Wholesale")


class Market(models.Model):
    """A market where enumerators read prices: in a country and, where known, an area (by
    its p-code) or a Sunbula site."""

    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="markets", verbose_name=_("country")
    )
    admin_area = optional_reference_to(AdminArea, _("admin area"))
    site = optional_reference_to(Site, _("site"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = BY_COUNTRY
    objects = ScopedManager["Market"]()

    class Meta:
        verbose_name = _("market")
        verbose_name_plural = _("markets")
        ordering = ["country__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="monitoring_market_once")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return record_url("monitoring:market_detail", self.pk)

    def clean(self) -> None:
        if self.admin_area is not None and self.admin_area.country_id != self.country_id:
            raise ValidationError({"admin_area": _("The area is in another country.")})
        if self.site is not None and self.site.country_id != self.country_id:
            raise ValidationError({"site": _("The site is in another country.")})


class PriceObservation(models.Model):
    """One price read at a market on a day: a commodity in a unit, retail or wholesale, in
    the currency paid, with its value in US dollars at the rate in force where one is known."""

    market = models.ForeignKey(
        Market, on_delete=models.PROTECT, related_name="prices", verbose_name=_("market")
    )
    commodity = models.CharField(_("commodity"), max_length=120)
    category = models.CharField(
        _("commodity category"), max_length=30, choices=CommodityCategory.choices
    )
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example KG, 50 KG, L."))
    price_type = models.CharField(
        _("price type"), max_length=10, choices=PriceType.choices, default=PriceType.RETAIL
    )
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=4)
    currency = reference_to(Currency, _("currency"))
    price_usd = models.DecimalField(
        _("price in USD"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    observed_on = models.DateField(_("observed on"))
    collected_by = actor_field(_("collected by"))
    # The instance id of the field submission it came from; empty when typed on the page.
    source = models.CharField(_("source submission"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = Market.scope_rule.under("market")
    objects = ScopedManager["PriceObservation"]()

    class Meta:
        verbose_name = _("price observation")
        verbose_name_plural = _("price observations")
        ordering = ["-observed_on", "market__name", "commodity", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="monitoring_price_positive")
        ]
        indexes = [
            models.Index(
                fields=["market", "commodity", "unit", "observed_on"],
                name="monitoring_price_series",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commodity} ({self.unit}) {self.observed_on}"

    @property
    def price_text(self) -> str:
        """The price as read, without the trailing zeros of its stored places (40, 38.5)."""
        return format(self.price.normalize(), "f")
