"""An analysis imported by mistake can be removed, with its rows, by whoever may import in
its country: on its page and through the API; others may only read it."""

from __future__ import annotations

import pytest

from sunbula.core.models import AuditEntry, User
from sunbula.monitoring.models import PhasePopulation, SituationDataset
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_page_removes_the_analysis_and_its_rows(
    me_officer_afg: User, afghan_dataset: SituationDataset
) -> None:
    client = client_for(me_officer_afg)
    page = client.get(f"/en/monitoring/{afghan_dataset.pk}/").content.decode()
    assert f'action="/en/monitoring/{afghan_dataset.pk}/remove/"' in page
    answer = client.post(f"/en/monitoring/{afghan_dataset.pk}/remove/", follow=True)
    assert answer.redirect_chain[-1][0] == "/en/monitoring/"
    assert "“Afghanistan IPC test analysis” was removed with its rows." in answer.content.decode()
    assert not SituationDataset.objects.exists()
    assert not PhasePopulation.objects.exists()
    entry = AuditEntry.objects.get(action="monitoring.situationdataset.removed")
    assert entry.before["name"] == "Afghanistan IPC test analysis"
    assert entry.before["rows"] == 2


def test_the_api_removes_the_analysis(
    me_officer_afg: User, afghan_dataset: SituationDataset
) -> None:
    answer = client_for(me_officer_afg).delete(f"/api/v1/situation-datasets/{afghan_dataset.pk}/")
    assert answer.status_code == 204
    assert not PhasePopulation.objects.exists()


def test_a_reader_sees_no_button_and_is_refused(
    officer_afg: User, officer_kaz: User, afghan_dataset: SituationDataset
) -> None:
    reader = client_for(officer_afg)  # reads the situation in Afghanistan, imports nothing
    page = reader.get(f"/en/monitoring/{afghan_dataset.pk}/").content.decode()
    assert "/remove/" not in page
    assert reader.post(f"/en/monitoring/{afghan_dataset.pk}/remove/").status_code == 403
    api = f"/api/v1/situation-datasets/{afghan_dataset.pk}/"
    assert reader.delete(api).status_code == 403
    outsider = client_for(officer_kaz)  # another country: not found
    assert outsider.post(f"/en/monitoring/{afghan_dataset.pk}/remove/").status_code == 404
    assert outsider.delete(api).status_code == 404
    assert PhasePopulation.objects.count() == 2
