"""The national-scale benchmark dataset, in the database DATABASE_URL names (PostgreSQL).

At scale 1: 1,000,000 registry persons in 250,000 households (their personal data sealed
as the importer seals it, and COPYed in as the importer's fast path writes them),
5,000,000 distributions to 250,000 beneficiaries with their draws and stock movements (the
pledge-to-plate trace's generator, bench.assistance_trace), 500 sites, 5,000 lots,
10,000 pledges, 2,000 events with 100,000 registrations. Every count is multiplied by
`--scale`. The demo is loaded first, and each added record is a copy of a demo record with
its own reference, so every page has something to show.

    DATABASE_URL=postgres://…/sunbula_scale python -m bench.scale_dataset [--scale S]

A database that holds the dataset at this scale already is left as it is; an interrupted
run is taken up where it stopped.
"""

# ruff: noqa: S608  (only integers and names from the models are interpolated into the SQL)
from __future__ import annotations

import argparse
import base64
import itertools
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any

from bench.django_setup import setup_django

PERSONS = 1_000_000
PER_HOUSEHOLD = 4
DISTRIBUTIONS = 5_000_000
SITES = 500
LOTS = 5_000
PLEDGES = 10_000
EVENTS = 2_000
REGISTRATIONS = 100_000
REFERENCE = "SCALE-"  # the prefix of every record this generator adds
# The registry key the dataset is sealed with; the load benchmark's server is given it too.
REGISTRY_KEY = base64.urlsafe_b64encode(b"sunbula benchmark registry key!!").decode()

GIVEN_MALE = ("Mohammad", "Ahmad", "Abdul Rahman", "Gul Ahmad", "Hamid", "Rahim", "محمد", "عبدالله")
GIVEN_FEMALE = ("Fatima", "Zahra", "Maryam", "Shakila", "Parwana", "فاطمه", "مریم")
FAMILY = (
    ("Ahmadzai", "احمدزی"),
    ("Stanikzai", "ستانکزی"),
    ("Karimi", "کریمی"),
    ("Rahimi", "رحیمی"),
    ("Hashimi", "هاشمی"),
    ("Noori", "نوری"),
    ("Sultani", "سلطانی"),
    ("Wardak", "وردک"),
)
# Family names beyond the common ones, so a search by name finds tens of records, not
# tens of thousands: a made-up surname of two syllables for every thousand persons.
SYLLABLES = ("ba", "da", "ga", "ha", "ka", "la", "ma", "na", "ra", "sa", "ta", "wa", "za")


def scaled(count: int, scale: float) -> int:
    return max(1, round(count * scale))


def family_name(number: int) -> tuple[str, str]:
    """The family name of the household `number` (Latin, or Arabic script for every third)."""
    if number % 5:
        latin, arabic = FAMILY[number % len(FAMILY)]
    else:
        first, second = divmod(number // 5 % len(SYLLABLES) ** 2, len(SYLLABLES))
        latin = (SYLLABLES[first] + SYLLABLES[second] + "i").capitalize()
        arabic = ""
    return (arabic or latin) if number % 3 == 0 else latin, latin


def _clone(model: Any, template: int, count: int, overrides: Mapping[str, str], cursor: Any) -> int:
    """`count` copies of the row `template` of `model`, columns in `overrides` set by SQL
    expressions of `i` (1 to count); the id of the first copy less one."""
    table = model._meta.db_table
    columns = [field.column for field in model._meta.concrete_fields if not field.primary_key]
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    before = int(cursor.fetchone()[0])
    values = ", ".join(overrides.get(column, f"t.{column}") for column in columns)
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} "
        f"FROM {table} AS t, generate_series(1, {count}) AS i WHERE t.id = {template} "
        "ORDER BY i"
    )
    return before


def _copy(model: Any, columns: list[str], rows: Iterator[tuple[Any, ...]], cursor: Any) -> None:
    with cursor.cursor.copy(
        f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    ) as copy:
        for row in rows:
            copy.write_row(row)


def _people(scale: float, log: Callable[[str], None]) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from sunbula.core.models import AdminArea, Country
    from sunbula.registry import protection
    from sunbula.registry.models import Household, Person
    from sunbula.registry.services.imports import SEALED_PARTS
    from sunbula.registry.services.persons import _derived

    persons = scaled(PERSONS, scale)
    households = max(1, persons // PER_HOUSEHOLD)
    afghanistan = Country.objects.get(iso3="AFG")
    areas = list(
        AdminArea.objects.filter(country=afghanistan, parent__isnull=False).values_list(
            "pk", flat=True
        )
    ) or list(AdminArea.objects.filter(country=afghanistan).values_list("pk", flat=True))
    template = Household.objects.filter(country=afghanistan).order_by("pk").first()
    assert template is not None, "the registry demo holds households"
    area_array = "(ARRAY[" + ", ".join(map(str, areas)) + "])"
    done = Person.objects.filter(external_id__startswith=REFERENCE).count()
    made = Household.objects.filter(reference=f"{REFERENCE}HH-1").values_list("pk", flat=True)
    with transaction.atomic(), connection.cursor() as cursor:
        first = (
            made[0] - 1
            if made
            else _clone(
                Household,
                template.pk,
                households,
                {
                    "reference": f"'{REFERENCE}HH-' || i",
                    "external_id": f"'{REFERENCE}HH-' || i",
                    "admin_area_id": f"{area_array}[1 + i % {len(areas)}]",
                    "vulnerabilities": "'[]'::jsonb",
                },
                cursor,
            )
        )
    log(f"{households:,} households")
    sealer = protection.Sealer()
    fields = [field for field in Person._meta.concrete_fields if not field.primary_key]
    columns = [field.column for field in fields]
    now = timezone.now()
    fixed = {
        "country_id": afghanistan.pk,
        "duplicate_of_id": None,
        "status": "active",
        "displacement_status": "resident",
        "vulnerabilities": "[]",
        "is_synthetic": True,
        "created_at": now,
        "updated_at": now,
        "id_document_type": "tazkira",
        "erased_at": None,
        "erased_by_id": None,
    }

    @cache
    def derived(given: str, family: str, father: str) -> dict[str, str]:
        return _derived({"given_name": given, "family_name": family, "father_name": father})

    def rows() -> Iterator[tuple[Any, ...]]:
        for number in range(persons):
            household = number // PER_HOUSEHOLD
            female = number % PER_HOUSEHOLD in (1, 3)
            given = (GIVEN_FEMALE if female else GIVEN_MALE)[number * 7 % 13 % 7]
            family, _latin = family_name(household)
            father = GIVEN_MALE[household % len(GIVEN_MALE)]
            record = {
                "given_name": given,
                "family_name": family,
                "father_name": father,
                "birth_date": str(1950 + number % 60),
                "phone": f"07{number:08d}",
                "id_number": f"{REFERENCE}{number:09d}",
                **derived(given, family, father),
            }
            values = {
                **fixed,
                "external_id": f"{REFERENCE}{number}",
                "admin_area_id": areas[(household + 1) % len(areas)],
                "household_id": first + 1 + household,
                "relation_to_head": "head" if number % PER_HOUSEHOLD == 0 else "child",
                "sex": "F" if female else "M",
                "name_key": record["name_key"],
                "given_key": record["given_key"],
                "family_key": record["family_key"],
                "phone_hash": sealer.phone_hash(record["phone"]),
                "id_number_hash": sealer.id_number_hash(record["id_number"]),
                "sealed": sealer.seal({name: record[name] for name in SEALED_PARTS}),
            }
            yield tuple(values[column] for column in columns)

    batch = 100_000
    source = itertools.islice(rows(), done, None)  # an interrupted run goes on where it was
    while done < persons:
        with transaction.atomic(), connection.cursor() as cursor:
            # The rows refer to records made above: the per-row foreign-key triggers are
            # skipped (a bulk load's usual shortcut), the constraints stay.
            cursor.execute("SET LOCAL session_replication_role = replica")
            _copy(Person, columns, itertools.islice(source, batch), cursor)
        done = min(persons, done + batch)
        log(f"{done:,} persons")


def _records(scale: float, log: Callable[[str], None]) -> None:
    from django.db import connection, transaction

    from sunbula.core.models import Site
    from sunbula.funding.models import Pledge
    from sunbula.learning.models import Event, Registration
    from sunbula.learning.services import registration_tallies_rebuild
    from sunbula.supply.models import Lot

    if Pledge.objects.filter(reference=f"{REFERENCE}P-1").exists():
        return
    with transaction.atomic(), connection.cursor() as cursor:
        site = Site.objects.order_by("pk").values_list("pk", flat=True).first()
        _clone(Site, site, scaled(SITES, scale), {"name": "'Scale site ' || i"}, cursor)
        pledge = Pledge.objects.order_by("pk").values_list("pk", flat=True).first()
        first_pledge = _clone(
            Pledge, pledge, scaled(PLEDGES, scale), {"reference": f"'{REFERENCE}P-' || i"}, cursor
        )
        lot = Lot.objects.order_by("pk").values_list("pk", flat=True).first()
        _clone(
            Lot,
            lot,
            scaled(LOTS, scale),
            {
                "reference": f"'{REFERENCE}LOT-' || i",
                "lot_reference": f"'{REFERENCE}LOT-' || i",
                "pledge_id": f"{first_pledge} + i",  # a lot for each of the first pledges
            },
            cursor,
        )
        event = Event.objects.order_by("pk").values_list("pk", flat=True).first()
        events = scaled(EVENTS, scale)
        first = _clone(Event, event, events, {"title": "'Scale event ' || i"}, cursor)
        registration = Registration.objects.order_by("pk").values_list("pk", flat=True).first()
        _clone(
            Registration,
            registration,
            scaled(REGISTRATIONS, scale),
            {
                "event_id": f"{first} + 1 + i % {events}",
                "email": "'participant-' || i || '@example.org'",
                "full_name": "'Participant ' || i",
                "token": f"'{REFERENCE}' || i",
            },
            cursor,
        )
        # Their events' tallies, as the registration services keep them.
        registration_tallies_rebuild(actor=None)
    log("sites, lots, pledges, events and registrations")


def build(scale: float = 1.0, log: Callable[[str], None] | None = None) -> None:
    """Generate the dataset at `scale` (the demo, then the generated records)."""
    os.environ.setdefault("SUNBULA_REGISTRY_KEYS", REGISTRY_KEY)
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.assistance_trace import generated
    from sunbula.registry.models import Person

    say = log or (lambda line: sys.stdout.write(line + "\n"))
    call_command("migrate", verbosity=0)
    last = f"{REFERENCE}{scaled(PERSONS, scale) - 1}"
    if Person.objects.filter(external_id=last).exists():
        say("The database holds the benchmark dataset already.")
        return
    started = time.perf_counter()

    def timed(line: str) -> None:
        say(f"{time.perf_counter() - started:7.0f} s  {line}")
        sys.stdout.flush()

    from sunbula.core.demo import load_personas
    from sunbula.learning.demo import load_learning_demo
    from sunbula.registry.demo import load_registry_demo

    households = scaled(PERSONS, scale) // PER_HOUSEHOLD
    generated(households, scaled(DISTRIBUTIONS, scale))
    timed(f"{scaled(DISTRIBUTIONS, scale):,} distributions to {households:,} beneficiaries")
    # As the demo does: the personas first, who the registry's demo checks duplicates as.
    with transaction.atomic():
        load_personas()
    for loader in (load_registry_demo, load_learning_demo):
        loader(lambda _line: None)
    timed("registry and learning demo")
    _records(scale, timed)
    _people(scale, timed)
    # VACUUM merges what COPY left in the trigram indexes' pending lists (a search would read
    # them row by row) and ANALYZE gives the planner the tables' sizes, as after any bulk load.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    timed("vacuumed and analysed")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    build(parser.parse_args().scale)


if __name__ == "__main__":
    main()
