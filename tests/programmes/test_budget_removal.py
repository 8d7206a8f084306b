"""A project's budget recorded by mistake is removed with a reason, on a page of its own opened
from the project page, where the officer manages projects; the audit entry keeps the budget and
why. A budget of a project elsewhere is missing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sunbula.core.models import AuditEntry, User
from sunbula.programmes import services
from sunbula.programmes.models import Budget
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_project_page_links_to_the_removal_where_the_officer_manages_projects(
    budget: Budget, officer_afg: User, officer_kaz: User, donor_viewer: User
) -> None:
    project = budget.project
    remove = reverse("programmes:budget_remove", args=[budget.pk])
    assert (
        f'href="{remove}"'
        in client_for(officer_afg).get(project.get_absolute_url()).content.decode()
    )

    reader = client_for(donor_viewer)
    shown = reader.get(project.get_absolute_url()).content.decode()
    assert "USD\xa0250,000.00" in shown and remove not in shown
    assert reader.get(remove).status_code == 403
    assert reader.post(remove, {"reason": "Not mine"}).status_code == 403

    elsewhere = client_for(officer_kaz)
    missing = reverse("programmes:budget_remove", args=[987654])
    assert elsewhere.get(remove).status_code == elsewhere.get(missing).status_code == 404
    assert elsewhere.post(remove, {"reason": "Mine now"}).status_code == 404
    assert Budget.objects.filter(pk=budget.pk).exists()
    assert not AuditEntry.objects.filter(action="programmes.budget.removed")


def test_a_budget_recorded_by_mistake_is_removed_with_a_reason(
    budget: Budget, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    remove = reverse("programmes:budget_remove", args=[budget.pk])
    asked = client.get(remove)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Remove the budget of" in page and "250,000.00" in page and 'name="reason"' in page
    assert Budget.objects.filter(pk=budget.pk).exists()

    for empty in ({}, {"reason": "   "}):
        refused = client.post(remove, empty)
        assert refused.status_code == 422 and refused.context["form"].errors["reason"]
    assert Budget.objects.filter(pk=budget.pk).exists()

    removed = client.post(remove, {"reason": "Recorded  for the wrong year"})
    assert removed.status_code == 302
    assert removed["Location"] == f"{budget.project.get_absolute_url()}#budgets"
    assert not Budget.objects.exists()
    entry = AuditEntry.objects.get(action="programmes.budget.removed")
    assert entry.actor == officer_afg
    assert entry.before["reason"] == "Recorded for the wrong year"
    assert entry.before["amount"] == "250000.00"
    assert entry.before["period_start"] == "2023-01-01"
    assert entry.before["status"] == Budget.Status.COMMITTED
    shown = client.get(removed["Location"]).content.decode()
    assert "The budget is removed." in shown and "USD\xa0250,000.00" not in shown


def test_the_service_refuses_a_removal_without_a_reason(budget: Budget, admin: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.budget_remove(actor=admin, budget=budget, reason=" \n ")
    assert "reason" in refused.value.message_dict
    assert Budget.objects.filter(pk=budget.pk).exists()
    assert not AuditEntry.objects.filter(action="programmes.budget.removed")


def test_checking_the_reason_in_place_removes_nothing(budget: Budget, officer_afg: User) -> None:
    """htmx checks the form as the reason is typed (`?validate=1`); only the button removes."""
    remove = reverse("programmes:budget_remove", args=[budget.pk])
    checked = client_for(officer_afg).post(
        f"{remove}?validate=1", {"reason": "Recorded for"}, HTTP_HX_REQUEST="true"
    )
    assert checked.status_code == 200 and 'name="reason"' in checked.content.decode()
    assert Budget.objects.filter(pk=budget.pk).exists()
    assert not AuditEntry.objects.filter(action="programmes.budget.removed")
