"""Erasure reaches what other records copied or typed about the person: the number a cycle's
list knew them by, the reason a hand-over to them was corrected, what they told
post-distribution monitoring in their own words (on its link or on a field form), their farm,
and the reasons officers gave for reading their data. The person's file lists each of these
before; after, no table, no audit entry and no sealed payload holds any of it, and every
figure stays as it was."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Sum

from sunbula.assistance import services as assistance
from sunbula.assistance.models import (
    Beneficiary,
    Distribution,
    DistributionTally,
    Entitlement,
    MonitoringSample,
    ReachedTally,
)
from sunbula.core.models import AuditEntry, User
from sunbula.fieldforms.models import Attachment, FieldForm, Submission
from sunbula.learning import services as learning
from sunbula.learning.models import SurveyAnswer, SurveyQuestion, SurveyResponse
from sunbula.registry import protection, services
from sunbula.registry.models import Farmer, Person
from sunbula.supply.models import StockBalance
from tests.conftest import Field, World, client_for, ready, served_flour
from tests.fieldforms.conftest import device_collect, monitoring_form_publish

pytestmark = pytest.mark.django_db

JSON = "application/json"
NAME, EXTERNAL_ID, GROUP = "Zarghuna", "UNHCR-AFG-771203", "Saffron growers of Qala-e-Zarghun"
CORRECTION = f"Handed to {NAME}'s neighbour by mistake, card {EXTERNAL_ID}"
READING = f"{NAME} called about her card"
MONITORING_TEXT = f"My neighbour took the flour for me, {NAME}, on card {EXTERNAL_ID}"
# Her farm's area is one no timestamp holds (seconds stop at 59), so a time stored anywhere
# cannot pass for it.
TRACES = (NAME, "Zarghun", EXTERNAL_ID, "771203", "saffron", "Saffron", "61.37", "2023-05-17")


def _served_farmer(field: Field, world: World, officer: User) -> tuple[Person, Beneficiary]:
    """A farmer listed on the cycle by her number in another system, handed flour once by
    mistake (corrected, with a reason that names her) and once for real."""
    person = services.person_register(
        actor=officer,
        country=world.afghanistan,
        given_name=NAME,
        sex="F",
        admin_area=world.hirat,
        external_id=EXTERNAL_ID,
    )
    services.farmer_upsert(
        actor=officer,
        person=person,
        farm_area_ha=Decimal("61.37"),
        tenure="tenant",
        irrigation="karez",
        crops=["saffron"],
        group_name=GROUP,
        extension_contacts=3,
        last_extension_contact=field.cycle.period_start.replace(month=5, day=17),
    )
    row = assistance.beneficiary_add(actor=officer, cycle=field.cycle, person=person)
    ready(field.cycle)
    entitlement = Entitlement.objects.get(beneficiary=row)
    handed = {
        "actor": officer,
        "entitlement": entitlement,
        "site": field.centre,
        "quantity": Decimal(10),
        "distributed_on": field.cycle.period_start,
    }
    mistaken = assistance.distribution_record(**handed)
    assistance.distribution_reverse(actor=officer, distribution=mistaken, reason=CORRECTION)
    assistance.distribution_record(**handed)
    return person, row


def _file(officer: User, person: Person, reason: str) -> dict[str, dict[str, Any]]:
    answer = client_for(officer).post(
        f"/api/v1/registry/people/{person.pk}/subject-access/",
        {"reason": reason},
        content_type=JSON,
    )
    assert answer.status_code == 200, answer.content
    return {section["key"]: section for section in answer.json()["sections"]}


def _every_table() -> str:
    """Every row of every table of the database, the audit log among them, and every field
    submission's sealed payload and file opened, as one text."""
    rows: list[Any] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows.append([table, cursor.fetchall()])
    for model in (Submission, Attachment):
        for sealed in model.objects.exclude(sealed="").values_list("sealed", flat=True):
            rows.append(protection.unseal(sealed))
    return json.dumps(rows, ensure_ascii=False, default=str)


def _figures() -> dict[str, Any]:
    return {
        "reached": sorted(
            ReachedTally.objects.values_list("cycle", "site", "beneficiaries", "people", "females")
        ),
        "distributed": sorted(
            DistributionTally.objects.values_list("cycle", "site", "quantity", "distributions")
        ),
        "balances": sorted(StockBalance.objects.values_list("site", "lot", "quantity")),
        "distributions": Distribution.objects.aggregate(rows=Count("pk"), kg=Sum("quantity")),
        "entitlements": sorted(
            Entitlement.objects.values_list("beneficiary", "quantity", "distributed", "status")
        ),
        "listed": sorted(Beneficiary.objects.values_list("pk", "kind", "people", "females")),
    }


def test_the_file_lists_the_copies_and_erasure_leaves_none_of_them(
    field: Field, world: World, protection_officer: User
) -> None:
    person, row = _served_farmer(field, world, protection_officer)
    assert NAME in _every_table()

    sections = _file(protection_officer, person, READING)

    farm = sections["farm"]["rows"][0]
    assert farm["group_name"] == GROUP and farm["crops"] == "saffron"
    assert farm["extension_contacts"] == 3 and farm["last_extension_contact"] == "2023-05-17"
    assert {each["listed_as"] for each in sections["entitlements"]["rows"]} == {EXTERNAL_ID}
    assert CORRECTION in [each["reason"] for each in sections["distributions"]["rows"]]
    assert [each["reason"] for each in sections["readings"]["rows"]] == [READING]
    before = _figures()

    erased = client_for(protection_officer).post(
        f"/api/v1/registry/people/{person.pk}/erase/",
        {"reason": "Asked to be erased"},
        content_type=JSON,
    )

    assert erased.status_code == 200, erased.content
    kept = _every_table()
    for trace in TRACES:
        assert trace not in kept, trace
    assert _figures() == before
    assert not Farmer.objects.filter(person=person).exists()
    row.refresh_from_db()
    assert row.reference == f"P-{person.pk}" and row.kind == Beneficiary.Kind.FARMER
    assert not Distribution.objects.filter(beneficiary=row).exclude(reason="").exists()
    entry = AuditEntry.objects.get(action="registry.person.erased")
    assert entry.after["farms_removed"] == 1
    assert entry.after["list_rows_relisted"] == entry.after["distribution_reasons_cleared"] == 1
    assert AuditEntry.objects.filter(
        action="assistance.beneficiary.erased", object_id=str(row.pk)
    ).exists()
    # Who read the data, when and through what stays; only what they typed goes.
    readings = AuditEntry.objects.filter(
        action="registry.person.viewed_unmasked", object_id=str(person.pk)
    )
    assert {entry.actor for entry in readings} == {protection_officer}
    assert {entry.after["reason"] for entry in readings} == {""}
    assert {"subject_access"} <= {entry.after["channel"] for entry in readings}
    # The file now says what is left: the hand-overs, under the registry number.
    after = _file(protection_officer, person, "The person asked what is left")
    assert "farm" not in after
    assert len(after["distributions"]["rows"]) == 3
    assert {each["listed_as"] for each in after["entitlements"]["rows"]} == {f"P-{person.pk}"}


def test_a_list_row_keeps_its_place_when_the_registry_number_is_taken(
    field: Field, world: World, protection_officer: User
) -> None:
    """Another system may number someone else like the registry: the erased row stays apart."""
    person, row = _served_farmer(field, world, protection_officer)
    namesake = services.person_register(
        actor=protection_officer,
        country=world.afghanistan,
        given_name="Other",
        admin_area=world.hirat,
        external_id=f"P-{person.pk}",
    )
    assistance.beneficiary_add(actor=protection_officer, cycle=field.cycle, person=namesake)

    services.person_erase(actor=protection_officer, person=person, reason="No longer needed")

    row.refresh_from_db()
    assert row.reference == f"P-{person.pk}/{row.pk}"
    assert EXTERNAL_ID not in _every_table()


def _answered_monitoring(field: Field, row: Beneficiary) -> SurveyResponse:
    """The cycle's monitoring samples the one row served, whose answers tell in free text of
    the mistaken hand-over, naming her and her card."""
    _monitoring, [link] = assistance.monitoring_start(
        actor=None, cycle=field.cycle, seed=3, sample_size=1
    )
    assert link.beneficiary == row
    sample = MonitoringSample.objects.select_related("invitation").get(beneficiary=row)
    answers: dict[int, object] = {}
    for question in SurveyQuestion.objects.filter(survey=sample.invitation.survey):
        if question.kind == SurveyQuestion.Kind.SINGLE:
            answers[question.pk] = question.options.order_by("position", "pk").first().pk  # type: ignore[union-attr]
        elif question.kind == SurveyQuestion.Kind.SCALE:
            answers[question.pk] = 4
        elif question.kind == SurveyQuestion.Kind.TEXT:
            answers[question.pk] = MONITORING_TEXT
    return learning.survey_respond(actor=None, invitation=sample.invitation, answers=answers)


def test_the_file_lists_what_she_told_monitoring_and_erasure_blanks_it(
    field: Field, world: World, protection_officer: User
) -> None:
    person, row = _served_farmer(field, world, protection_officer)
    response = _answered_monitoring(field, row)
    assert MONITORING_TEXT in _every_table()
    results = sorted(
        SurveyAnswer.objects.filter(response=response).values_list("question", "option", "number")
    )

    sections = _file(protection_officer, person, READING)

    [told] = sections["monitoring_answers"]["rows"]
    assert told["text"] == MONITORING_TEXT
    assert told["question"] == "Anything else you want to tell us?"
    before = _figures()

    services.person_erase(actor=protection_officer, person=person, reason="Asked to be erased")

    kept = _every_table()
    for trace in (*TRACES, MONITORING_TEXT):
        assert trace not in kept, trace
    assert _figures() == before
    # Every answer stays, so the monitoring's results do not change; only the text goes.
    assert (
        sorted(
            SurveyAnswer.objects.filter(response=response).values_list(
                "question", "option", "number"
            )
        )
        == results
    )
    entry = AuditEntry.objects.get(action="registry.person.erased")
    assert entry.after["monitoring_answers_cleared"] == 1
    assert _file(protection_officer, person, "What is left?")["monitoring_answers"]["rows"] == []


def _interviewed_on_a_tablet(
    field: Field, world: World, admin: User
) -> tuple[FieldForm, list[str]]:
    """The one row the cycle served is sampled for monitoring and interviewed with ODK
    Collect, twice: the first interview is applied, the second waits for review. In their
    own words, the answers tell of the mistaken hand-over."""
    monitoring, [link] = assistance.monitoring_start(
        actor=None, cycle=field.cycle, seed=3, sample_size=1
    )
    form = monitoring_form_publish(admin, world, field)
    answers = []
    for question in SurveyQuestion.objects.filter(survey=monitoring.survey):
        if question.kind in SurveyQuestion.CHOICE_KINDS:
            answers.append({"question": question.pk, "options": question.options.first().pk})  # type: ignore[union-attr]
        elif question.kind == SurveyQuestion.Kind.TEXT:
            answers.append({"question": question.pk, "value": MONITORING_TEXT})
        else:
            answers.append({"question": question.pk, "value": question.scale_values[-1]})
    sample = MonitoringSample.objects.get(monitoring=monitoring, beneficiary=link.beneficiary)
    collect = device_collect(admin, form)
    sent = [collect.submit(form, {"sample": sample.pk, "answer": answers}) for _twice in "12"]
    # Recorded, then kept for review (OpenRosa's 202).
    assert [answer.status_code for answer, _id in sent] == [201, 202], sent[0][0].content
    instance_ids = [instance_id for _answer, instance_id in sent]
    assert [
        Submission.objects.get(instance_id=instance_id).status for instance_id in instance_ids
    ] == [Submission.Status.APPLIED, Submission.Status.REVIEW]
    return form, instance_ids


def _erased_through_the_api(officer: User, person: Person) -> None:
    erased = client_for(officer).post(
        f"/api/v1/registry/people/{person.pk}/erase/",
        {"reason": "Asked to be erased"},
        content_type=JSON,
    )
    assert erased.status_code == 200, erased.content


def test_monitoring_interviews_sent_from_a_tablet_are_in_her_file_and_gone_after_erasure(
    field: Field, world: World, admin: User, protection_officer: User
) -> None:
    person, _row = _served_farmer(field, world, protection_officer)
    form, instance_ids = _interviewed_on_a_tablet(field, world, admin)
    pages = [
        f"/en/field-forms/submissions/{Submission.objects.get(instance_id=each).pk}/"
        for each in instance_ids
    ]
    assert all("on card" in client_for(admin).get(page).content.decode() for page in pages)
    assert MONITORING_TEXT in _every_table()

    listed = _file(protection_officer, person, READING)["submissions"]["rows"]

    assert [(row["instance_id"], row["form"]) for row in listed] == [
        (instance_id, str(form)) for instance_id in instance_ids
    ]
    _erased_through_the_api(protection_officer, person)
    kept = _every_table()
    for trace in (*TRACES, MONITORING_TEXT):
        assert trace not in kept, trace
    assert not any("on card" in client_for(admin).get(page).content.decode() for page in pages)
    # The submissions stay, emptied, so that the tablet sending one again is recognised.
    assert [
        (each.instance_id, each.status, each.sealed)
        for each in Submission.objects.order_by("received_at", "pk")
    ] == [(instance_ids[0], "applied", ""), (instance_ids[1], "review", "")]
    assert AuditEntry.objects.get(action="registry.person.erased").after["submissions_erased"] == 2


def test_a_household_interview_goes_with_the_erasure_of_a_member(
    field: Field, world: World, admin: User, protection_officer: User
) -> None:
    """The household HH-1 is sampled; what it told names the mother, who asks to be erased."""
    ready(field.cycle)
    served_flour(field, "HH-1")
    _form, instance_ids = _interviewed_on_a_tablet(field, world, admin)
    neighbour = services.person_register(
        actor=protection_officer, country=world.afghanistan, given_name="Karim", sex="M"
    )
    assert _file(protection_officer, neighbour, READING)["submissions"]["rows"] == []
    listed = _file(protection_officer, field.mother, READING)["submissions"]["rows"]
    assert [row["instance_id"] for row in listed] == instance_ids

    _erased_through_the_api(protection_officer, field.mother)

    assert MONITORING_TEXT not in _every_table()
    assert _file(protection_officer, neighbour, READING)["submissions"]["rows"] == []
