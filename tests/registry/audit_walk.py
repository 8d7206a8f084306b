"""The registry services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from sunbula.core.models import User
from sunbula.registry import services
from sunbula.registry.validation import PersonRow
from tests.audit import Walked
from tests.conftest import World


def calls(world: World, admin: User) -> dict[str, Callable[[], Any]]:
    household = services.household_create(actor=admin, country=world.afghanistan, reference="HH-1")
    person = services.person_register(actor=admin, country=world.afghanistan, given_name="Ali")
    other = services.person_register(actor=admin, country=world.afghanistan, given_name="Aly")
    third = services.person_register(actor=admin, country=world.afghanistan, given_name="Alee")
    pair = services.duplicate_pair_flag(actor=admin, person_1=person, person_2=other, score=0.7)
    pair_2 = services.duplicate_pair_flag(actor=admin, person_1=person, person_2=third, score=0.7)
    caller = services.person_register(
        actor=admin, country=world.afghanistan, given_name="Gul", phone="0700 123 456"
    )
    namesake = services.person_register(actor=admin, country=world.afghanistan, given_name="Gul")
    check = services.dedupe_run_queue(actor=admin, country=world.afghanistan)
    check_2 = services.dedupe_run_queue(actor=admin, country=world.afghanistan)
    institution = services.institution_create(
        actor=admin, name="Kabul centre", kind="treatment_centre", site=world.kabul_warehouse
    )
    consent = services.consent_record(
        actor=admin,
        person=person,
        purpose="registration",
        given_on=datetime.date(2024, 1, 1),
        method="written",
    )
    merged_one = services.person_register(actor=admin, country=world.afghanistan, given_name="Ela")
    merge = services.person_merge(actor=admin, survivor=person, duplicate=merged_one)
    job = services.import_job_start(actor=admin, file_name="a.csv", country=world.afghanistan)
    job_2 = services.import_job_start(actor=admin, file_name="b.csv", country=world.afghanistan)
    return {
        "household_create": lambda: services.household_create(
            actor=admin, country=world.afghanistan, reference="HH-2"
        ),
        "household_update": lambda: services.household_update(
            actor=admin, household=household, displacement_status="idp"
        ),
        "person_register": lambda: services.person_register(
            actor=admin, country=world.afghanistan, given_name="Omar", phone="0700000000"
        ),
        "person_update": lambda: services.person_update(actor=admin, person=person, sex="M"),
        "personal_data_access_record": lambda: services.personal_data_access_record(
            actor=admin, people=[person], channel="test"
        ),
        "person_export_record": lambda: services.person_export_record(
            actor=admin, country_ids=[world.afghanistan.pk], count=1, unmasked=True, reason="r"
        ),
        "institution_create": lambda: services.institution_create(
            actor=admin, name="Almaty", kind="other", site=world.almaty_warehouse
        ),
        "institution_update": lambda: services.institution_update(
            actor=admin, institution=institution, status="pipeline"
        ),
        "headcount_record": lambda: services.headcount_record(
            actor=admin,
            institution=institution,
            counted_on=datetime.date(2024, 3, 1),
            headcount=100,
            verified_by="Monitor",
            method="roll_call",
        ),
        "farmer_upsert": lambda: services.farmer_upsert(
            actor=admin,
            person=person,
            farm_area_ha=Decimal("1.5"),
            tenure="owner",
            irrigation="solar",
        ),
        "consent_record": lambda: services.consent_record(
            actor=admin,
            person=other,
            purpose="registration",
            given_on=datetime.date(2024, 2, 1),
            method="verbal",
        ),
        "consent_withdraw": lambda: services.consent_withdraw(actor=admin, consent=consent),
        "duplicate_pair_flag": lambda: services.duplicate_pair_flag(
            actor=admin, person_1=other, person_2=third, score=0.6
        ),
        "dedupe_run_queue": lambda: services.dedupe_run_queue(
            actor=admin, country=world.afghanistan
        ),
        "dedupe_run_finish": lambda: services.dedupe_run_finish(
            actor=admin,
            run=check,
            records_read=2,
            candidate_pairs=1,
            clusters=[],
            review=[(caller.pk, namesake.pk, 0.6)],
        ),
        "dedupe_run_fail": lambda: services.dedupe_run_fail(
            actor=admin, run=check_2, reason="stopped"
        ),
        "duplicate_pair_confirm": lambda: services.duplicate_pair_confirm(actor=admin, pair=pair),
        "duplicate_pair_dismiss": lambda: services.duplicate_pair_dismiss(actor=admin, pair=pair_2),
        "person_merge": lambda: services.person_merge(actor=admin, survivor=other, duplicate=third),
        "merge_undo": lambda: services.merge_undo(actor=admin, merge=merge),
        "import_job_start": lambda: services.import_job_start(
            actor=admin, file_name="c.csv", country=world.afghanistan
        ),
        "import_job_queue": lambda: services.import_job_queue(
            actor=admin, file_name="q.csv", country=world.afghanistan, stored_file="q.csv"
        ),
        "import_job_fail": lambda: services.import_job_fail(
            actor=admin, job=job, problems=[{"line": 2, "column": "x", "message": "bad"}]
        ),
        "people_import": lambda: services.people_import(
            actor=admin,
            job=job_2,
            rows=[PersonRow(line=2, external_id="E-1", values={"given_name": "Zahra"})],
        ),
        "protected_data_rotate_keys": lambda: services.protected_data_rotate_keys(actor=admin),
        "subject_access_record": lambda: services.subject_access_record(
            actor=admin, person=person, reason="The person asked for their file"
        ),
        "person_erase": lambda: services.person_erase(
            actor=admin, person=other, reason="The person asked to be erased"
        ),
    }


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public registry service as a call, and who may be named as the actor (any if none)."""
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    return calls(world, admin), ()
