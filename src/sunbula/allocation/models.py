"""Allocation proposals: what the least-harm model proposes for a cycle, lot by lot, site by
site and month by month, as the planner adjusted it; nothing moves until another person
approves it and someone applies it (draft waybills and entitlement changes)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sunbula.allocation.model import DAYS_PER_MONTH
from sunbula.assistance.models import Cycle
from sunbula.core.addresses import record_url
from sunbula.core.fields import optional_reference_to, reference_to, staff_field
from sunbula.core.models import Site
from sunbula.core.scoping import ScopedManager, ScopeRule
from sunbula.supply.models import Lot, Waybill, quantity_field


class Mode(models.TextChoices):
    CUT_RATIONS = "rations", _("Cut rations (everyone served, down to the floor)")
    CUT_CASELOAD = "caseload", _("Cut caseload (full rations for fewer people)")


class AllocationProposal(models.Model):
    """A proposal of who gets what of a cycle's stock: draft → approved → applied, or rejected."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        APPLIED = "applied", _("Applied")
        REJECTED = "rejected", _("Rejected")

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="+", verbose_name=_("cycle")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    mode = models.CharField(_("when supply falls short"), max_length=10, choices=Mode.choices)
    floor_kcal = models.PositiveIntegerField(
        _("ration floor (kcal per person per day)"), validators=[MinValueValidator(1)]
    )
    months = models.PositiveSmallIntegerField(_("months"))
    # What the model found: site-months with their people and rations, the outcome, the
    # binding constraints and shadow prices, and what was left out (sites without stock).
    explanation = models.JSONField(_("explanation"), default=dict)
    proposed_by = staff_field(_("proposed by"), blank=False)
    approved_by = staff_field(_("approved by"))
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = Cycle.scope_rule.under("cycle")
    objects = ScopedManager["AllocationProposal"]()

    class Meta:
        verbose_name = _("allocation proposal")
        verbose_name_plural = _("allocation proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.get_status_display()} · {self.pk}"

    def get_absolute_url(self) -> str:
        return record_url("allocation:proposal_detail", self.pk)


class ProposalLine(models.Model):
    """Kilograms of a lot, from where it is held, for a site in one month of the cycle."""

    proposal = models.ForeignKey(
        AllocationProposal,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("proposal"),
    )
    lot = reference_to(Lot, _("lot"))
    origin = reference_to(Site, _("held at"))
    site = reference_to(Site, _("site"))
    month = models.PositiveSmallIntegerField(_("month"))
    proposed_kg = quantity_field(_("proposed (kg)"))
    kg = quantity_field(_("quantity (kg)"), validators=[MinValueValidator(Decimal(0))])
    waybill = optional_reference_to(Waybill, _("waybill"))

    class Meta:
        verbose_name = _("proposal line")
        verbose_name_plural = _("proposal lines")
        ordering = ["proposal", "month", "site__name", "lot__reference", "pk"]

    def __str__(self) -> str:
        return f"{self.lot} → {self.site} · {self.month + 1}"

    @property
    def starts_on(self) -> datetime.date:
        """The first day of the line's month (months of 30 days from the cycle's start)."""
        return month_start(self.proposal.cycle, self.month)


def month_start(cycle: Cycle, month: int) -> datetime.date:
    """The first day of month `month` (from 0) of a cycle planned in months of 30 days."""
    return cycle.period_start + datetime.timedelta(days=DAYS_PER_MONTH * month)
