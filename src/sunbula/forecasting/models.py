"""Stored forecasts of pipeline breaks, and the probability at which each officer is told."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sunbula.core.addresses import record_url
from sunbula.core.fields import optional_reference_to, reference_to, staff_field
from sunbula.core.models import AdminArea, Country
from sunbula.core.scoping import ACROSS, ScopedManager, ScopeRule
from sunbula.programmes.models import Programme
from sunbula.supply.models import Commodity


class Forecast(models.Model):
    """One run of the forecast for a country (and, if given, one programme's share of it)."""

    country = reference_to(Country, _("country"))
    programme = optional_reference_to(Programme, _("programme"))
    made_on = models.DateField(_("as of"))
    horizon = models.PositiveSmallIntegerField(
        _("months ahead"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    draws = models.PositiveIntegerField(_("draws"))
    seed = models.PositiveIntegerField(_("seed"), default=0)
    explanation = models.JSONField(_("explanation"), default=dict)
    created_by = staff_field(_("run by"))
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="country", programme="programme", organisation=ACROSS
    )
    objects = ScopedManager["Forecast"]()

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.country} {self.made_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return record_url("forecasting:forecast_detail", self.pk)


class ForecastLine(models.Model):
    """One commodity in one province: its stock, arrivals, need and break probability by month."""

    forecast = models.ForeignKey(
        Forecast, on_delete=models.CASCADE, related_name="lines", verbose_name=_("forecast")
    )
    commodity = reference_to(Commodity, _("commodity"))
    admin_area = reference_to(AdminArea, _("province"))
    on_hand = models.DecimalField(_("on hand"), max_digits=16, decimal_places=3)
    worst_p_break = models.DecimalField(
        _("highest break probability"), max_digits=5, decimal_places=4
    )
    explanation = models.JSONField(_("explanation"), default=dict)

    scope_rule: ClassVar[ScopeRule] = Forecast.scope_rule.under("forecast")
    objects = ScopedManager["ForecastLine"]()

    class Meta:
        verbose_name = _("forecast line")
        verbose_name_plural = _("forecast lines")
        ordering = ["forecast", "admin_area__p_code", "commodity__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "commodity", "admin_area"], name="forecasting_line_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commodity} · {self.admin_area}"

    @property
    def worst_percent(self) -> Decimal:
        """The highest break probability in percent, for the `percent` filter."""
        return self.worst_p_break * 100


class ForecastMonth(models.Model):
    """One month of a line: what is needed, what is expected to arrive and remain, and the
    share of simulated futures in which the stock falls short of the need."""

    line = models.ForeignKey(
        ForecastLine, on_delete=models.CASCADE, related_name="months", verbose_name=_("line")
    )
    month = models.PositiveSmallIntegerField(_("month"))
    starts_on = models.DateField(_("starts on"))
    need = models.DecimalField(_("need"), max_digits=16, decimal_places=3)
    expected_arrivals = models.DecimalField(_("expected arrivals"), max_digits=16, decimal_places=3)
    expected_stock = models.DecimalField(
        _("expected stock at month end"), max_digits=16, decimal_places=3
    )
    p_break = models.DecimalField(
        _("break probability"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )
    naive_break = models.BooleanField(_("break by months of cover"), default=False)

    class Meta:
        verbose_name = _("forecast month")
        verbose_name_plural = _("forecast months")
        ordering = ["line", "month"]
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="forecasting_month_once")
        ]

    def __str__(self) -> str:
        return f"{self.line} · {self.starts_on:%Y-%m-%d}"


class BreakAlertThreshold(models.Model):
    """The break probability above which an officer is told, for one programme or for all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="break_thresholds",
        verbose_name=_("officer"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
        help_text=_("Empty: every forecast the officer may see."),
    )
    probability = models.DecimalField(
        _("break probability threshold"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(1))],
    )

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country=ACROSS, programme="programme", organisation=ACROSS
    )
    objects = ScopedManager["BreakAlertThreshold"]()

    class Meta:
        verbose_name = _("break alert threshold")
        verbose_name_plural = _("break alert thresholds")
        ordering = ["user", "programme"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme"], name="forecasting_threshold_once"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(programme__isnull=True),
                name="forecasting_threshold_once_overall",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ≥ {self.probability}"

    @property
    def percent(self) -> Decimal:
        """The threshold in percent, as the officer gave it (12.5, not 13)."""
        return self.probability * 100
