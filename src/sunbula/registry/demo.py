"""Demo data for the registry: treatment centres with illustrative headcounts, a prison in
the pipeline, households, and 600+ synthetic farmers in Herat (AF32) and Logar (AF05), checked
once for people registered twice (the likely pairs wait for the protection officer).

Every person is made up and flagged synthetic; every headcount is flagged illustrative.
Loading twice changes nothing: records are found by their external id or site first.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from sunbula.core.demo import Log, persona_account
from sunbula.core.models import AdminArea, Country, Site
from sunbula.registry import services
from sunbula.registry.models import DedupeRun, Household, Institution, Person
from sunbula.registry.protection import ensure_key_file
from sunbula.registry.tasks import run_check_here

CENTRES = (
    ("Kabul drug-treatment centre", {"ar": "مركز علاج الإدمان في كابل"}, 420),
    ("Herat drug-treatment centre", {"ar": "مركز علاج الإدمان في هرات"}, 310),
    ("Kandahar drug-treatment centre", {"ar": "مركز علاج الإدمان في قندهار"}, 260),
)
GIVEN_MALE = ("Mohammad", "Ahmad", "Abdul Rahman", "Gul Ahmad", "Hamid", "Rahim", "محمد", "عبدالله")
GIVEN_FEMALE = ("Fatima", "Zahra", "Maryam", "Shakila", "Parwana", "فاطمه", "مریم")
FAMILY = ("Ahmadzai", "Stanikzai", "Karimi", "Rahimi", "Hashimi", "احمدزی", "")
CROPS = ("wheat", "maize", "potato", "onion", "saffron", "grapes")
FARMERS_PER_PROVINCE = 310


def _institutions(afghanistan: Country) -> None:
    for name, translations, headcount in CENTRES:
        site = Site.objects.filter(name=name, country=afghanistan).first()
        if site is None:
            continue
        institution = Institution.objects.filter(site=site).first() or services.institution_create(
            actor=None,
            name=name,
            name_translations=translations,
            kind=Institution.Kind.TREATMENT_CENTRE,
            site=site,
            is_illustrative=True,
        )
        services.headcount_record(
            actor=None,
            institution=institution,
            counted_on=datetime.date(2024, 3, 1),
            headcount=headcount,
            verified_by="Demo monitoring officer",
            method="site_visit",
            special_diets={"medical": headcount // 20},
            is_illustrative=True,
        )


def _farmers(afghanistan: Country, province: AdminArea, rng: random.Random) -> None:
    districts = list(AdminArea.objects.filter(parent=province)) or [province]
    known = set(
        Person.objects.filter(
            country=afghanistan, external_id__startswith=f"DEMO-{province.p_code}-"
        ).values_list("external_id", flat=True)
    )
    households = {
        household.reference: household
        for household in Household.objects.filter(
            country=afghanistan, reference__startswith=f"HH-{province.p_code}-"
        )
    }
    for number in range(FARMERS_PER_PROVINCE):
        external_id = f"DEMO-{province.p_code}-{number:04d}"
        # Draw every value even for known records, so the sequence stays the same on a rerun.
        female = rng.random() < 0.2
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        family, father = rng.choice(FAMILY), rng.choice(GIVEN_MALE)
        year, district = rng.randint(1960, 2000), rng.choice(districts)
        area, crops = Decimal(rng.randint(20, 400)) / 100, rng.sample(CROPS, 2)
        irrigation = rng.choice(("canal", "karez", "well", "solar", "rainfed"))
        if external_id in known:
            continue
        reference = f"HH-{province.p_code}-{number // 2:04d}"
        household = households.get(reference) or services.household_create(
            actor=None,
            country=afghanistan,
            reference=reference,
            admin_area=district,
            vulnerabilities=["female_headed"] if female else [],
            is_synthetic=True,
        )
        households[reference] = household
        person = services.person_register(
            actor=None,
            country=afghanistan,
            external_id=external_id,
            given_name=given,
            family_name=family,
            father_name=father,
            sex="F" if female else "M",
            birth_date=str(year),
            household=household,
            relation_to_head="head" if number % 2 == 0 else "sibling",
            admin_area=household.admin_area,
            is_synthetic=True,
        )
        services.farmer_upsert(
            actor=None,
            person=person,
            farm_area_ha=area,
            tenure="owner" if number % 3 else "tenant",
            irrigation=irrigation,
            crops=crops,
            group_name=f"{province.name} wheat growers' group {number % 12 + 1}",
        )
        services.consent_record(
            actor=None,
            person=person,
            purpose="registration",
            given_on=datetime.date(2024, 1, 15),
            method="thumbprint",
        )


def ensure_registry_key(log: Log) -> None:
    """Personal data is sealed from the first registration: an office without configured keys
    gets one of its own (reference data for `sunbula setup` and the demo alike)."""
    if ensure_key_file():
        log(
            f"Wrote a new registry encryption key to {settings.REGISTRY_KEY_FILE}. Keep a copy "
            "apart from the database: without it no one can read the registry's personal data."
        )


@transaction.atomic
def load_registry_demo(log: Log) -> None:
    afghanistan = Country.objects.filter(iso3="AFG").first()
    if afghanistan is None:
        return
    ensure_registry_key(log)
    log("Loading institutions, households and synthetic farmers…")
    _institutions(afghanistan)
    rng = random.Random(2024)  # noqa: S311 — made-up demo records, not secrets
    for p_code in ("AF32", "AF05"):
        province = AdminArea.objects.filter(p_code=p_code, country=afghanistan).first()
        if province is not None:
            _farmers(afghanistan, province, rng)
    _registered_twice(afghanistan)
    if not DedupeRun.objects.filter(country=afghanistan).exists():
        run = run_check_here(actor=persona_account(PROTECTION_AFG), country=afghanistan)
        if run.status != DedupeRun.Status.DONE:
            raise RuntimeError(f"The demo's registry check failed: {run.reason}")


PROTECTION_AFG = "protection.afg@sunbula.example"
# A made-up number in the range Afghan mobiles use.
TWICE_PHONE = "+93 70 000 0404"


def _registered_twice(afghanistan: Country) -> None:
    """A Herat farmer who gave a phone number, registered again at the Logar distribution
    point under the same name and number: the registration sends the pair to the queue."""
    again = "DEMO-AF05-AGAIN-0001"
    if Person.objects.filter(external_id=again).exists():
        return
    farmer = Person.objects.get(country=afghanistan, external_id="DEMO-AF32-0004")
    services.person_update(actor=persona_account(PROTECTION_AFG), person=farmer, phone=TWICE_PHONE)
    services.person_register(
        actor=None,
        country=afghanistan,
        external_id=again,
        given_name=farmer.given_name,
        family_name=farmer.family_name,
        father_name=farmer.father_name,
        sex=farmer.sex,
        birth_date=farmer.birth_date,
        phone=TWICE_PHONE,
        admin_area=AdminArea.objects.filter(p_code="AF0501").first(),
        is_synthetic=True,
    )
