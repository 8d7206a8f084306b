"""What the import tests share: every registered importer's good file, what it writes and its
entry points (page, API, service, command)."""

from __future__ import annotations

import datetime
import io
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Model
from django.http import HttpResponse

from sunbula.core import imports
from sunbula.core.errors import DomainError
from sunbula.core.models import User
from sunbula.core.worker import run_pending
from sunbula.learning.models import Attendance
from sunbula.monitoring.imports import PhaseFile
from sunbula.monitoring.models import PhasePopulation, SituationDataset
from sunbula.policy.models import IndicatorValue
from sunbula.programmes.imports import ThreeWFile
from sunbula.programmes.models import ThreeWActivity, ThreeWImport
from sunbula.registry import importing
from sunbula.registry.models import ImportJob, Person
from tests.conftest import World, client_for
from tests.learning.conftest import approved, at, make_event

IMPORTERS = sorted(imports.importers())  # registered by the apps' ready(), before collection


@dataclass
class Target:
    """How to reach one importer: a good file, what it writes, and its entry points."""

    good: bytes
    writes: tuple[type[Model], ...]
    context: Any
    service: Callable[[bytes, str], object]
    page: Callable[[bytes, str], HttpResponse] | None = None
    api: Callable[[bytes, str], HttpResponse] | None = None
    command: Callable[[bytes, str], object] | None = None

    def counts(self) -> list[int]:
        return [model._default_manager.count() for model in self.writes]


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _registry(world: World, admin: User, tmp_path: Path) -> Target:
    def page(content: bytes, name: str) -> HttpResponse:
        response = client_for(admin).post(
            "/en/registry/imports/",
            {"country": world.afghanistan.pk, "file": _upload(name, content)},
        )
        run_pending()  # what the background worker does
        if response.status_code == 302:  # queued: the job carries the refusal
            job = ImportJob.objects.order_by("-id").first()
            assert job is not None and job.status == "failed", job and job.problems
        return response

    def service(content: bytes, name: str) -> object:
        job = importing.import_file(
            actor=admin,
            country=world.afghanistan,
            stream=io.BytesIO(content),
            file_name=name,
            size=len(content),
        )
        if job.status == "failed":
            raise DomainError(str(job.problems))
        return job

    def command(content: bytes, name: str) -> object:
        path = tmp_path / name
        path.write_bytes(content)
        call_command("registry_import", str(path), "--as", admin.email, "--country", "AFG")
        return None

    return Target(
        good=b"external_id,given_name\nK-1,Fatima\nK-2,Zahra\n",
        writes=(Person,),
        context=importing.PeopleFile(country=world.afghanistan),
        service=service,
        page=page,
        command=command,
    )


THREE_W = b"""#org+name,#sector,#activity,#adm1+code,#date+start,#date+end,#targeted
World Food Programme,72040,Food distribution,AF32,2023-06-01,2024-03-31,5000
"""


def _three_w(world: World, admin: User) -> Target:
    from sunbula.programmes import services

    return Target(
        good=THREE_W,
        writes=(ThreeWImport, ThreeWActivity),
        context=ThreeWFile(
            country=world.afghanistan,
            areas={area.p_code: area for area in (world.kabul, world.hirat)},
        ),
        service=lambda content, name: services.three_w_import(
            actor=admin, country=world.afghanistan, file_name=name, content=content
        ),
        page=lambda content, name: client_for(admin).post(
            "/en/programmes/4w/import/", {"country": "AFG", "file": _upload(name, content)}
        ),
        api=lambda content, name: client_for(admin).post(
            "/api/v1/4w/import/", {"country": "AFG", "file": _upload(name, content)}
        ),
    )


PHASES = b"""#adm1+code,#date+start,#affected+food+ipc+p1+num,#affected+food+ipc+p2+num,#affected+food+ipc+p3+num,#affected+food+ipc+p4+num,#affected+food+ipc+p5+num
AF01,2024-11-01,1000,2000,3000,1500,0
"""
DATASET = {
    "country": "AFG",
    "name": "Test analysis",
    "classification": "ipc",
    "source": "Test",
    "published_on": "2024-11-15",
    "period_type": "current",
}


def _phase_populations(world: World, admin: User) -> Target:
    from sunbula.monitoring import services

    return Target(
        good=PHASES,
        writes=(SituationDataset, PhasePopulation),
        context=PhaseFile(classification="ipc", known_p_codes=frozenset({"AF01", "AF32"})),
        service=lambda content, name: services.situation_dataset_import(
            actor=admin,
            country=world.afghanistan,
            name="Test analysis",
            classification="ipc",
            source="Test",
            published_on=datetime.date(2024, 11, 15),
            period_type="current",
            content=content,
        ),
        page=lambda content, name: client_for(admin).post(
            "/en/monitoring/import/", {**DATASET, "file": _upload(name, content)}
        ),
        api=lambda content, name: client_for(admin).post(
            "/api/v1/situation-datasets/import_file/", {**DATASET, "file": _upload(name, content)}
        ),
    )


SDG = b"SeriesCode,GeoAreaCode,TimePeriod,Value,Units,Source\nSN_STA_OVWGT,4,2022,38.2,PERCENT,UNICEF\n"
RETRIEVED = {"retrieved_on": "2025-06-01", "source": "UN SDG Global Database"}


def _sdg_values(world: World, admin: User) -> Target:
    from sunbula.policy import services

    return Target(
        good=SDG,
        writes=(IndicatorValue,),
        context=frozenset({"AFG", "KAZ"}),
        service=lambda content, name: services.indicator_values_import(
            actor=admin,
            content=content,
            retrieved_on=datetime.date(2025, 6, 1),
            countries=[world.afghanistan],
        ),
        page=lambda content, name: client_for(admin).post(
            "/en/policy/indicators/import/", {**RETRIEVED, "file": _upload(name, content)}
        ),
        api=lambda content, name: client_for(admin).post(
            "/api/v1/indicator-values/import_file/", {**RETRIEVED, "file": _upload(name, content)}
        ),
    )


REPORT = (
    b"User Email,Join Time,Leave Time\namina@example.org,2021-12-22 09:00:00,2021-12-22 10:00:00\n"
)


def _attendance(world: World, admin: User) -> Target:
    from sunbula.learning import services

    event = make_event()
    session = services.session_add(
        actor=None, event=event, title="Country experiences", starts_at=at(9), ends_at=at(11)
    )
    approved(event, world.afghanistan, "Amina A")
    return Target(
        good=REPORT,
        writes=(Attendance,),
        context=zoneinfo.ZoneInfo("UTC"),
        service=lambda content, name: services.attendance_import(
            actor=admin, session=session, report=content
        ),
        page=lambda content, name: client_for(admin).post(
            f"/en/learning/sessions/{session.pk}/attendance/", {"report": _upload(name, content)}
        ),
    )


def _distribution_list(request: pytest.FixtureRequest, admin: User) -> Target:
    from sunbula.assistance import services
    from sunbula.assistance.imports import ListFile
    from sunbula.assistance.models import Distribution, DistributionList
    from tests.conftest import ready

    field = request.getfixturevalue("field")
    ready(field.cycle)
    return Target(
        good=b"reference,quantity\nHH-1,10\n",
        writes=(DistributionList, Distribution),
        context=ListFile(references=frozenset({"HH-1"})),
        service=lambda content, name: services.distribution_list_upload(
            actor=admin,
            cycle=field.cycle,
            commodity=field.flour,
            site=field.centre,
            distributed_on=datetime.date(2023, 6, 2),
            content=content,
            file_name=name,
        ),
        page=lambda content, name: client_for(admin).post(
            f"/en/assistance/cycles/{field.cycle.pk}/distributions/upload/",
            {
                "commodity": field.flour.pk,
                "site": field.centre.pk,
                "distributed_on": "2023-06-02",
                "file": _upload(name, content),
            },
        ),
    )


@pytest.fixture
def targets(
    world: World, admin: User, tmp_path: Path, request: pytest.FixtureRequest
) -> dict[str, Target]:
    return {
        "assistance.distribution_list": _distribution_list(request, admin),
        "registry.people": _registry(world, admin, tmp_path),
        "programmes.three_w": _three_w(world, admin),
        "monitoring.phase_populations": _phase_populations(world, admin),
        "policy.sdg_values": _sdg_values(world, admin),
        "learning.attendance_report": _attendance(world, admin),
    }
