"""Report runs: asked for on the page or the API, made in the background with visible
progress, kept as files that state the date of their data, shown only to their requester
within their scope, audited, and refused with a clear message when the input is wrong."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from sunbula.core import figures
from sunbula.core import services as core_services
from sunbula.core.models import AuditEntry, Role, RoleAssignment, User
from sunbula.core.worker import run_pending
from sunbula.funding.models import Pledge
from sunbula.reports import services, tasks
from sunbula.reports.models import ReportRun
from tests.conftest import World, client_for
from tests.reports.kazakh_flour import kazakh_flour

pytestmark = pytest.mark.django_db

RUNS = "/en/reports/runs/"
DONOR = "/en/reports/runs/donor/"
GOVERNING = "/en/reports/runs/governing-body/"
API = "/api/v1/reports/runs/"


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Kept reports go to a folder of the test's own."""
    settings.VAR_DIR = tmp_path


@pytest.fixture
def flour(world: World) -> Pledge:
    return kazakh_flour(world)


def _ask(user: User, flour: Pledge, language: str = "en") -> ReportRun:
    return services.report_request(
        actor=user, kind="donor", language=language, donor=flour.donor, pledge=flour
    )


def _made(run: ReportRun) -> ReportRun:
    assert run_pending() >= 1
    run.refresh_from_db()
    return run


def test_a_report_waits_then_the_worker_makes_it_and_keeps_it(
    officer_afg: User,
    flour: Pledge,
    tmp_path: Path,
) -> None:
    client = client_for(officer_afg)
    response = client.post(DONOR, {"donor": flour.donor_id, "language": "ar"})
    assert response.status_code == 302
    run = ReportRun.objects.get()
    queued = DBTaskResult.objects.get(id=run.task_id)  # queued with the request
    assert queued.task_path == "sunbula.reports.tasks.make_report" and queued.status == "READY"
    assert response["Location"] == run.get_absolute_url()
    assert (run.status, run.progress, run.data_as_of) == ("pending", 0, None)
    polling = client.get(run.get_absolute_url(), headers={"HX-Request": "true"}).content
    assert b'hx-trigger="every 2s"' in polling and b"<progress" in polling

    run = _made(run)
    assert (run.status, run.progress) == ("done", 100)
    assert run.data_as_of is not None
    kept = tmp_path / "reports"
    assert sorted(path.name for path in kept.iterdir()) == [
        f"{run.stored_name}.html",
        f"{run.stored_name}.pdf",
    ]
    as_of = figures.datetime_text(run.data_as_of, lang="en")
    status = client.get(run.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in status
    assert as_of in status
    assert f"/en/reports/runs/{run.pk}/report.pdf" in status

    page = client.get(f"/en/reports/runs/{run.pk}/report.html")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in page["Content-Security-Policy"]
    html = b"".join(page.streaming_content).decode()  # type: ignore[attr-defined]
    assert '<html lang="ar" dir="rtl">' in html
    assert figures.datetime_text(run.data_as_of, lang="ar") in html
    assert "FFH-KAZ" in html

    pdf = client.get(f"/en/reports/runs/{run.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    disposition = pdf["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert re.search(rf"kazakhstan-{run.data_as_of.date().isoformat()}-ar\.pdf", disposition)


def test_the_list_page_offers_both_reports_and_lists_the_users_runs(
    officer_afg: User, flour: Pledge
) -> None:
    run = _ask(officer_afg, flour)
    page = client_for(officer_afg).get(RUNS).content.decode()
    assert 'action="/en/reports/runs/donor/"' in page
    assert 'action="/en/reports/runs/governing-body/"' in page
    assert f'href="{run.get_absolute_url()}"' in page
    assert "FFH-KAZ" in page


def _queries_for_the_list(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(RUNS)
    assert response.status_code == 200
    assert len(gzip.compress(response.content)) <= 14 * 1024  # the first-HTML budget
    return len(queries)


def test_the_list_page_reads_the_same_few_queries_however_many_runs(
    officer_afg: User, flour: Pledge
) -> None:
    client = client_for(officer_afg)
    _ask(officer_afg, flour)
    one = _queries_for_the_list(client)
    for language in ("ar", "fr", "ru", "en", "ar"):
        _ask(officer_afg, flour, language)
    assert _queries_for_the_list(client) == one <= 15


def test_the_worker_makes_waiting_reports(admin: User, flour: Pledge) -> None:
    run = services.report_request(actor=admin, kind="governing_body", language="ru", year=2023)
    call_command("worker", batch=True, verbosity=0)  # a run without its task is queued again
    run.refresh_from_db()
    assert run.status == "done" and run.progress == 100
    html = (Path(tasks.report_folder()) / f"{run.stored_name}.html").read_text()
    assert "Отчёт для руководящего органа за 2023" in html
    assert "Казахстан" in html  # Kazakhstan's contribution, by member state


def test_a_report_is_its_requesters_only(
    officer_afg: User, officer_kaz: User, donor_viewer: User, flour: Pledge
) -> None:
    run = _made(_ask(officer_afg, flour))
    paths = [
        run.get_absolute_url(),
        f"/en/reports/runs/{run.pk}/report.html",
        f"/en/reports/runs/{run.pk}/report.pdf",
        f"{API}{run.pk}/",
        f"{API}{run.pk}/pdf/",
        f"{API}{run.pk}/html/",
    ]
    owner = client_for(officer_afg)
    for path in paths:
        assert owner.get(path).status_code == 200, path
    for other in (officer_kaz, donor_viewer):
        client = client_for(other)
        for path in paths:
            assert client.get(path).status_code == 404, (other, path)
        assert client.get(API).json()["count"] == 0


def _move_to_kazakhstan(officer: User, world: World) -> None:
    assignment = RoleAssignment.objects.get(user=officer)
    core_services.role_grant(
        actor=None,
        user=officer,
        role=Role(assignment.role),
        organisation=assignment.organisation,
        countries=[world.kazakhstan],
    )


def test_a_report_follows_its_requesters_scope(
    officer_afg: User, flour: Pledge, world: World
) -> None:
    run = _made(_ask(officer_afg, flour))
    _move_to_kazakhstan(officer_afg, world)
    assert client_for(officer_afg).get(f"/en/reports/runs/{run.pk}/report.pdf").status_code == 404


def test_a_requester_who_lost_their_scope_gets_a_failed_run(
    officer_afg: User, flour: Pledge, world: World
) -> None:
    run = _ask(officer_afg, flour)
    _move_to_kazakhstan(officer_afg, world)
    run = _made(run)
    assert run.status == "failed" and run.stored_name == ""
    assert run.error == "The requester may no longer see what this report covers."
    assert not (tasks.report_folder()).exists() or not any(tasks.report_folder().iterdir())


def _nothing_written(before: int) -> None:
    assert ReportRun.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_a_country_officer_cannot_ask_about_a_pledge_outside_their_countries(
    officer_kaz: User, flour: Pledge
) -> None:
    client = client_for(officer_kaz)
    before = AuditEntry.objects.count()
    response = client.post(DONOR, {"donor": flour.donor_id, "language": "en"})
    assert response.status_code == 422
    assert "Choose a donor whose pledges you may see." in response.content.decode()
    response = client.post(API, {"kind": "donor", "pledge": flour.pk, "language": "en"})
    assert response.status_code == 400
    assert "pledge" in response.json()
    with pytest.raises(ValidationError) as refused:
        _ask(officer_kaz, flour)
    assert set(refused.value.message_dict) == {"donor", "pledge"}
    _nothing_written(before)


def test_an_outsider_is_turned_away(outsider: User, flour: Pledge) -> None:
    client = client_for(outsider)
    assert client.get(RUNS).status_code == 403
    assert client.post(DONOR, {"donor": flour.donor_id, "language": "en"}).status_code == 403
    assert client.post(GOVERNING, {"year": 2023, "language": "en"}).status_code == 403
    assert client.get(API).status_code == 403
    assert (
        client.post(API, {"kind": "governing_body", "year": 2023, "language": "en"}).status_code
        == 403
    )
    assert ReportRun.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "data", "field", "message"),
    [
        (DONOR, {"donor": 999999, "language": "en"}, "donor", "Choose a donor whose pledges"),
        (GOVERNING, {"year": 1800, "language": "en"}, "year", "Give a year between 1990 and 2100."),
        (GOVERNING, {"year": "", "language": "en"}, "year", "Give the year the report covers."),
        (GOVERNING, {"year": 2023, "language": "de"}, "language", "Choose English, Arabic"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    officer_afg: User, flour: Pledge, path: str, data: dict[str, Any], field: str, message: str
) -> None:
    before = AuditEntry.objects.count()
    response = client_for(officer_afg).post(path, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert re.search(rf'<p class="field invalid"><label for="\w+_report_{field}">', page), field
    _nothing_written(before)


def test_bad_input_is_refused_in_arabic_and_by_the_api(officer_afg: User, flour: Pledge) -> None:
    client = client_for(officer_afg)
    before = AuditEntry.objects.count()
    response = client.post("/ar/reports/runs/governing-body/", {"year": 1800, "language": "ar"})
    assert response.status_code == 422
    assert "أدخل سنة بين 1990 و2100." in response.content.decode()
    answer = client.post(API, {"kind": "governing_body", "year": 1800, "language": "en"})
    assert answer.status_code == 400
    assert answer.json() == {"year": ["Give a year between 1990 and 2100."]}
    answer = client.post(API, {"kind": "donor", "donor": 999999, "language": "en"})
    assert answer.status_code == 400
    assert answer.json() == {"donor": ["Choose a donor whose pledges you may see."]}
    answer = client.post(API, {"kind": "donor", "language": "en"})
    assert answer.status_code == 400 and "donor" in answer.json()
    _nothing_written(before)


def test_request_and_outcome_are_audited_and_progress_is_not(
    officer_afg: User, flour: Pledge
) -> None:
    run = _made(_ask(officer_afg, flour))
    entries = {
        entry.action: entry
        for entry in AuditEntry.objects.filter(object_id=str(run.pk), action__startswith="reports.")
    }
    requested = entries["reports.reportrun.created"]
    assert requested.actor == officer_afg
    assert requested.after is not None
    assert requested.after["donor"] == flour.donor_id and requested.after["pledge"] == flour.pk
    assert set(entries) == {"reports.reportrun.created", "reports.reportrun.generated"}
    generated = entries["reports.reportrun.generated"]
    assert generated.actor == officer_afg
    assert generated.after is not None
    assert generated.after["status"] == "done"
    assert generated.after["data_as_of"] == run.data_as_of.isoformat()  # type: ignore[union-attr]
    pdf = tasks.report_folder() / f"{run.stored_name}.pdf"
    assert generated.after["pdf_sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()


def test_the_api_asks_for_a_report_and_follows_it(officer_afg: User, flour: Pledge) -> None:
    client: Client = client_for(officer_afg)
    answer = client.post(
        API, {"kind": "donor", "donor": flour.donor_id, "year": 2023, "language": "fr"}
    )
    assert answer.status_code == 201
    created = answer.json()
    assert (created["status"], created["progress"], created["pdf_url"]) == ("pending", 0, None)
    run_pending()
    run = client.get(f"{API}{created['id']}/").json()
    assert (run["status"], run["progress"], run["language"]) == ("done", 100, "fr")
    assert run["data_as_of"]
    html = client.get(run["html_url"])
    assert html.status_code == 200
    text = b"".join(html.streaming_content).decode()  # type: ignore[attr-defined]
    assert "<h1>Rapport au donateur</h1>" in text
    assert client.get(API).json()["count"] == 1
