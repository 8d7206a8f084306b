"""The demo's field forms: Afghan household registration, headcount and hand-over forms, a
shared tablet in Herat, and two submissions from it (one recorded, one awaiting review)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sunbula.assistance.models import Cycle
from sunbula.core.models import AdminArea, Country, Site, User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import FieldForm, Purpose

HOUSEHOLD = {
    "reference": "HH-ODK-0001",
    "admin_area": "AF32",
    "displacement_status": "returnee",
    "vulnerabilities": "female_headed",
    "member": [{"given_name": "Maryam", "family_name": "Ahmadi", "sex": "F", "birth_date": "1988"}],
}


def load_fieldforms_demo(log: Callable[[str], Any]) -> None:
    afghanistan = Country.objects.filter(iso3="AFG").first()
    officer = User.objects.filter(email="officer.afg@sunbula.example").first()
    if afghanistan is None or officer is None or FieldForm.objects.exists():
        return
    households = services.form_publish(
        actor=None,
        purpose=Purpose.HOUSEHOLD_REGISTRATION,
        country=afghanistan,
        title="Household registration, Afghanistan",
    ).form
    services.form_publish(
        actor=None,
        purpose=Purpose.INSTITUTION_HEADCOUNT,
        country=afghanistan,
        title="Institution headcounts, Afghanistan",
    )
    cycle = Cycle.objects.filter(name="Herat households, September 2023").first()
    centre = Site.objects.filter(name="Herat drug-treatment centre").first()
    if cycle is not None and centre is not None:
        services.form_publish(
            actor=None,
            purpose=Purpose.DISTRIBUTION,
            country=afghanistan,
            title="Flour at the Herat centre, September 2023",
            cycle=cycle,
            site=centre,
        )
    device, _token = services.device_issue(
        actor=None,
        label="Herat tablet 1",
        user=officer,
        country=afghanistan,
        forms=[households],
        admin_area=AdminArea.objects.filter(p_code="AF32").first(),
    )
    for number, area in ((1, "AF32"), (2, "AF99")):
        values = {**HOUSEHOLD, "reference": f"HH-ODK-{number:04d}", "admin_area": area}
        services.submission_receive(
            actor=officer,
            form=households,
            instance_id=f"uuid:00000000-0000-4000-8000-{number:012d}",
            payload=json.dumps(values).encode(),
            values=values,
            device=device,
        )
    log("Field forms: three forms, a Herat tablet, one submission recorded, one in review.")
