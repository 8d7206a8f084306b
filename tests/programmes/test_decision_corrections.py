"""A governing body's decision recorded with a wrong session, place or dates is corrected, and
one recorded by mistake removed with a reason, on the programme's page and through the API,
by those who may change the programme; another programme's decision is missing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sunbula.core.models import AuditEntry, User
from sunbula.programmes import selectors, services
from sunbula.programmes.models import GoverningBodyDecision, Programme
from tests.conftest import Projects, client_for

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def assembly(projects: Projects) -> GoverningBodyDecision:
    return services.governing_decision_record(
        actor=None,
        programme=projects.flour.programme,
        body="Third General Assembly",
        kind="endorsement",
        place="Ankara",
        held_from=D(2020, 12, 2),
        held_until=D(2020, 12, 3),
    )


def test_the_programme_page_offers_corrections_to_those_who_may_change_it(
    assembly: GoverningBodyDecision, officer_hq: User, officer_afg: User, rice_officer: User
) -> None:
    programme = assembly.programme
    edit = reverse("programmes:decision_edit", args=[assembly.pk])
    remove = reverse("programmes:decision_remove", args=[assembly.pk])
    shown = client_for(officer_hq).get(programme.get_absolute_url()).content.decode()
    assert edit in shown and remove in shown

    # A country's officer reads the programme but does not change it.
    reader = client_for(officer_afg)
    page = reader.get(programme.get_absolute_url()).content.decode()
    assert "Third General Assembly" in page and edit not in page and remove not in page
    assert reader.get(edit).status_code == 403
    assert reader.post(remove, {"reason": "Not mine"}).status_code == 403

    # An officer of another programme does not see this one's decisions at all.
    elsewhere = client_for(rice_officer)
    missing = reverse("programmes:decision_edit", args=[987654])
    assert elsewhere.get(edit).status_code == elsewhere.get(missing).status_code == 404
    assert elsewhere.post(remove, {"reason": "Mine now"}).status_code == 404
    assert GoverningBodyDecision.objects.filter(pk=assembly.pk).exists()


def test_a_decision_is_corrected_on_its_page(
    assembly: GoverningBodyDecision, officer_hq: User, projects: Projects
) -> None:
    services.governing_decision_record(
        actor=None,
        programme=assembly.programme,
        body="Fourth General Assembly",
        kind="reaffirmation",
        place="Ankara",
        held_from=D(2021, 12, 2),
        held_until=D(2021, 12, 3),
    )
    client = client_for(officer_hq)
    edit = reverse("programmes:decision_edit", args=[assembly.pk])
    assert 'value="Third General Assembly"' in client.get(edit).content.decode()
    form = {
        "body": "Third General Assembly",
        "kind": "endorsement",
        "place": "Istanbul",
        "held_from": "2020-12-02",
        "held_until": "2020-12-04",
    }
    backwards = client.post(edit, {**form, "held_until": "2020-11-30"})
    assert backwards.status_code == 422 and backwards.context["form"].errors["held_until"]
    taken = client.post(edit, {**form, "body": "Fourth General Assembly"})
    assert taken.status_code == 422
    assert "a decision of this session already" in taken.context["form"].errors["body"][0]
    assert not AuditEntry.objects.filter(action="programmes.governingbodydecision.updated")

    saved = client.post(edit, form)
    assert saved.status_code == 302
    assert saved["Location"] == assembly.programme.get_absolute_url()
    assembly.refresh_from_db()
    assert (assembly.place, assembly.held_until) == ("Istanbul", D(2020, 12, 4))
    entry = AuditEntry.objects.get(action="programmes.governingbodydecision.updated")
    assert entry.actor == officer_hq
    assert entry.before == {"place": "Ankara", "held_until": "2020-12-03"}
    assert entry.after == {"place": "Istanbul", "held_until": "2020-12-04"}


def test_a_decision_recorded_by_mistake_is_removed_with_a_reason(
    assembly: GoverningBodyDecision, officer_hq: User
) -> None:
    client = client_for(officer_hq)
    remove = reverse("programmes:decision_remove", args=[assembly.pk])
    assert "Remove the decision of Third General Assembly" in client.get(remove).content.decode()
    assert client.post(remove, {"reason": "   "}).status_code == 422
    assert GoverningBodyDecision.objects.filter(pk=assembly.pk).exists()

    removed = client.post(remove, {"reason": "Recorded  under the wrong programme"})
    assert removed.status_code == 302
    assert not GoverningBodyDecision.objects.exists()
    entry = AuditEntry.objects.get(action="programmes.governingbodydecision.removed")
    assert entry.actor == officer_hq
    assert entry.before["reason"] == "Recorded under the wrong programme"
    assert entry.before["body"] == "Third General Assembly"
    assert entry.before["held_from"] == "2020-12-02"
    page = client.get(removed["Location"]).content.decode()
    assert "The decision is removed." in page and "No decision recorded." in page


def test_the_api_lists_corrects_and_removes_decisions(
    assembly: GoverningBodyDecision, officer_hq: User, officer_afg: User, rice_officer: User
) -> None:
    api = APIClient()
    url = f"/api/v1/programme-decisions/{assembly.pk}/"
    api.force_authenticate(rice_officer)
    assert api.get("/api/v1/programme-decisions/").json()["results"] == []
    outside = api.patch(url, {"place": "Jeddah"}, format="json")
    missing = api.patch("/api/v1/programme-decisions/987654/", {"place": "x"}, format="json")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    removing = api.post(f"{url}remove/", {"reason": "x"}, format="json")
    assert removing.status_code == 404

    api.force_authenticate(officer_afg)
    assert api.get(url).json()["place"] == "Ankara"
    assert api.patch(url, {"place": "Jeddah"}, format="json").status_code == 403
    assert api.post(f"{url}remove/", {"reason": "x"}, format="json").status_code == 403

    api.force_authenticate(officer_hq)
    listed = api.get(f"/api/v1/programme-decisions/?programme={assembly.programme_id}")
    assert [row["id"] for row in listed.json()["results"]] == [assembly.pk]
    backwards = api.patch(url, {"held_until": "2020-11-01"}, format="json")
    assert backwards.status_code == 400 and "held_until" in backwards.json()
    corrected = api.patch(url, {"place": "Jeddah", "programme": 987654}, format="json")
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["place"] == "Jeddah"
    assert corrected.json()["programme"] == assembly.programme_id
    no_reason = api.post(f"{url}remove/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert api.post(f"{url}remove/", {"reason": "Duplicate"}, format="json").status_code == 204
    assert not GoverningBodyDecision.objects.exists()
    assert Programme.objects.filter(pk=assembly.programme_id).exists()
    entry = AuditEntry.objects.get(action="programmes.governingbodydecision.removed")
    assert entry.before["reason"] == "Duplicate" and entry.before["place"] == "Jeddah"


def test_the_decisions_of_a_year_are_those_of_the_programmes_the_reader_sees(
    assembly: GoverningBodyDecision, officer_hq: User, rice_officer: User
) -> None:
    assert list(selectors.governing_decisions_in_year(user=officer_hq, year=2020)) == [assembly]
    assert not selectors.governing_decisions_in_year(user=rice_officer, year=2020).exists()
