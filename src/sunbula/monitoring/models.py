"""The food-security situation: datasets of IPC / Cadre Harmonisé phase populations by area."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sunbula.core.models import AdminArea, Country, Multilingual, User
from sunbula.core.scoping import ACROSS, ScopedManager, ScopeRule


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
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demonstration data that the source documents do not give."),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="country", programme=ACROSS, organisation=ACROSS
    )
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
        return reverse("monitoring:dataset_detail", args=[self.pk])


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
        % {"sum": f"{sum(phases):,}", "analysed": f"{analysed:,}"}
    )


class PhasePopulation(models.Model):
    """People in each phase in one area and one period, as the analysis classified them."""

    dataset = models.ForeignKey(
        SituationDataset,
        on_delete=models.CASCADE,
        related_name="phase_populations",
        verbose_name=_("dataset"),
    )
    admin_area = models.ForeignKey(
        AdminArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("admin area")
    )
    period_type = models.CharField(_("period"), max_length=20, choices=PeriodType.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"), null=True, blank=True)
    analysed = models.PositiveIntegerField(_("population analysed"), null=True, blank=True)
    phase1 = models.PositiveIntegerField(_("phase 1"), validators=[MinValueValidator(0)])
    phase2 = models.PositiveIntegerField(_("phase 2"), validators=[MinValueValidator(0)])
    phase3 = models.PositiveIntegerField(_("phase 3"), validators=[MinValueValidator(0)])
    phase4 = models.PositiveIntegerField(_("phase 4"), validators=[MinValueValidator(0)])
    phase5 = models.PositiveIntegerField(_("phase 5"), validators=[MinValueValidator(0)])

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="dataset__country", programme=ACROSS, organisation=ACROSS
    )
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
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=models.F("period_start")),
                name="monitoring_phasepopulation_period_in_order",
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
