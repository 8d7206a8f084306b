"""Every registered importer refuses hostile files: a 4xx or a line-numbered problem, never a
500, and nothing written, on its page, its API, its service and its command.

The importers are taken from the import pipeline's registry: a new importer without a way
to reach it here fails the first test.
"""

from __future__ import annotations

import datetime
import io
import zipfile
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
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

pytestmark = pytest.mark.django_db

GIANT = 200_000
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


# Hostile files, built once.


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (level, (b"&lol%d;" % (level - 1) if level > 1 else b"&lol;") * 10)
        for level in range(1, 10)
    )
    + b"]>\n"
)


def _entity_expansion() -> bytes:
    """A real workbook whose sheet declares the 'billion laughs' entities and uses them."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["external_id", "given_name"])
    sheet.append(["K-1", "LAUGH"])
    plain = io.BytesIO()
    book.save(plain)
    hostile = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[-1]
                data = LAUGHS + body
            if member.filename == "xl/sharedStrings.xml":
                data = LAUGHS + data.split(b"?>", 1)[-1].replace(b"LAUGH", b"&lol9;")
            target.writestr(member, data)
    return hostile.getvalue()


@pytest.fixture(scope="module")
def hostile() -> dict[str, tuple[str, bytes]]:
    return {
        "not UTF-8": ("people.csv", "external_id,given_name\nK-1,Zoë\n".encode("utf-16")),
        "latin-1": ("people.csv", "external_id,given_name\nK-1,Zoë\n".encode("latin-1")),
        "zip bomb": ("people.xlsx", _zip_bomb()),
        "entity expansion": ("people.xlsx", _entity_expansion()),
        "unclosed quote": ("broken.csv", b'a,b\n"never closed,' + b"x" * 140_000),
        "garbage": (
            "broken.csv",
            b'\x00"\r"\n,,"""\r\n' * 500 + b"," * 100_000 + b'\n\xef\xbb\xbf"""\n',
        ),
        "not a table": ("people.pdf", b"%PDF-1.4\n"),
    }


def _giant(good: bytes) -> bytes:
    return good + b"G-1," + b"a" * GIANT + b"\n"


def _oversize(target: Target, name: str) -> bytes:
    limit = imports.importers()[name].importer.limits.max_bytes
    return target.good + b"x,y\n" * (limit // 4 + 10)


def _refused_by_service(target: Target, content: bytes, file_name: str) -> None:
    before = target.counts()
    with pytest.raises(DomainError):
        target.service(content, file_name)
    assert target.counts() == before


def _refused_by(
    entry: Callable[[bytes, str], HttpResponse], target: Target, content: bytes, file_name: str
) -> HttpResponse:
    before = target.counts()
    response = entry(content, file_name)
    assert 400 <= response.status_code < 500 or response.status_code == 302, response
    assert target.counts() == before
    return response


def test_every_registered_importer_is_reached_here(targets: dict[str, Target]) -> None:
    assert IMPORTERS == sorted(imports.importers()) == sorted(targets)
    for registered in imports.importers().values():
        assert registered.importer.formats and callable(registered.service)


@pytest.mark.parametrize("name", IMPORTERS)
def test_a_good_file_is_imported_once_and_again_changes_nothing(
    name: str, targets: dict[str, Target]
) -> None:
    target = targets[name]
    before = target.counts()
    target.service(target.good, "good.csv")
    after = target.counts()
    assert after != before
    target.service(target.good, "good.csv")
    assert target.counts() == after


@pytest.mark.parametrize("name", IMPORTERS)
def test_a_giant_cell_is_a_problem_on_its_line(name: str, targets: dict[str, Target]) -> None:
    target = targets[name]
    importer = imports.importers()[name].importer
    content = _giant(target.good)
    giant_line = target.good.count(b"\n") + 1
    table = importer.table(content, file_name="giant.csv")
    importer.parse(table, target.context)
    assert any(problem.line == giant_line for problem in table.problems), table.problems
    _refused_by_service(target, content, "giant.csv")
    for entry in (target.page, target.api):
        if entry is not None:
            _refused_by(entry, target, content, "giant.csv")


@pytest.mark.parametrize("name", IMPORTERS)
def test_a_file_over_the_limit_is_refused_before_it_is_read(
    name: str, targets: dict[str, Target]
) -> None:
    target = targets[name]
    content = _oversize(target, name)
    _refused_by_service(target, content, "big.csv")
    if target.page is not None:
        _refused_by(target.page, target, content, "big.csv")
    if target.api is not None:
        response = _refused_by(target.api, target, content, "big.csv")
        assert response.status_code == 413
        assert "limit" in response.json()["detail"]
    if target.command is not None:
        before = target.counts()
        with pytest.raises(CommandError):
            target.command(content, "big.csv")
        assert target.counts() == before


@pytest.mark.parametrize("name", IMPORTERS)
@pytest.mark.parametrize(
    "kind",
    [
        "not UTF-8",
        "latin-1",
        "zip bomb",
        "entity expansion",
        "unclosed quote",
        "garbage",
        "not a table",
    ],
)
def test_a_hostile_file_is_refused_everywhere(
    name: str, kind: str, targets: dict[str, Target], hostile: dict[str, tuple[str, bytes]]
) -> None:
    target = targets[name]
    file_name, content = hostile[kind]
    _refused_by_service(target, content, file_name)
    for entry in (target.page, target.api):
        if entry is not None:
            _refused_by(entry, target, content, file_name)
    if target.command is not None:
        before = target.counts()
        with pytest.raises(CommandError):
            target.command(content, file_name)
        assert target.counts() == before


def test_the_pipeline_names_what_it_refuses(hostile: dict[str, tuple[str, bytes]]) -> None:
    def refusal(kind: str) -> str:
        file_name, content = hostile[kind]
        with pytest.raises(imports.FileRefused) as refused:
            list(imports.Table.of(content, file_name=file_name))
        return str(refused.value)

    assert "UTF-8" in refusal("not UTF-8")
    assert "UTF-8" in refusal("latin-1")
    assert "unsafe" in refusal("zip bomb")
    assert "entities" in refusal("entity expansion")
    assert ".csv" in refusal("not a table")
    table = imports.Table.of(hostile["unclosed quote"][1], file_name="broken.csv")
    assert [line for line, _cells in table] == [1]
    assert [problem.line for problem in table.problems] == [2]
    with pytest.raises(imports.FileTooLarge):
        imports.Table.of(b"a" * 11, limits=imports.Limits(max_bytes=10))


def test_rows_past_the_limit_are_a_problem_on_the_first_line_too_many() -> None:
    content = b"a,b\n" + b"1,2\n" * 5
    table = imports.Table.of(content, limits=imports.Limits(max_rows=3))
    assert [line for line, _cells in table] == [1, 2, 3, 4]
    assert [(problem.line, problem.message) for problem in table.problems] == [
        (5, "More than 3 rows; split the file.")
    ]


def test_an_over_long_cell_is_named_by_line_and_column() -> None:
    content = b"a,b\n1," + b"z" * 50 + b"\n"
    table = imports.Table.of(content, limits=imports.Limits(max_cell_chars=40))
    assert list(table) == [(1, ["a", "b"]), (2, ["1", ""])]
    assert [(problem.line, problem.column) for problem in table.problems] == [(2, "B")]


def test_xlsx_dates_and_times_read_as_text() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["day", "moment", "count"])
    moment = datetime.datetime(2024, 3, 1, 9, 30)  # noqa: DTZ001 — a spreadsheet has no zones
    sheet.append([datetime.date(2024, 3, 1), moment, 5.0])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = [cells for _line, cells in imports.Table.of(buffer.getvalue())]
    assert rows[1] == ["2024-03-01", "2024-03-01 09:30:00", "5"]
