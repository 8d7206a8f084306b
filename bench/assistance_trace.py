"""The pledge-to-plate trace on a generated dataset: p95 of `pledge_trace` for one pledge.

The demo (core, programmes, funding, supply) is loaded, then one cycle with `--people`
beneficiaries and `--distributions` distributions (each with its draw and stock movement)
is generated straight in SQL, spread evenly over 20 lots of which 4 are the Flour for
Humanity contributions, and the summary tables are rebuilt from it
(`assistance.tallies.tallies_recompute`); the trace of one of those pledges is then timed. Run it against
PostgreSQL with DATABASE_URL (an empty database of your own: it writes to it).

    DATABASE_URL=postgres://… python -m bench.assistance_trace [--people N] [--distributions N]
"""

# ruff: noqa: S608  (only integers from this run are interpolated into the SQL)
from __future__ import annotations

import argparse
import statistics
import sys
import time
from decimal import Decimal

from bench.django_setup import setup_django

LOTS = 20
RUNS = 40


def _series(vendor: str, count: int) -> str:
    if vendor == "postgresql":
        return f"(SELECT generate_series(1, {count}) AS i) AS s"
    return (
        f"(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {count})"
        " SELECT i FROM s) AS s"
    )


def _next_id(cursor: object, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # type: ignore[attr-defined]
    return int(cursor.fetchone()[0]) + 1000  # type: ignore[attr-defined]


def generate(people: int, distributions: int) -> int:
    """Load the demo and the generated cycle; return the id of the pledge to trace."""
    from django.db import connection, transaction

    from sunbula.assistance.models import Cycle, RationKind
    from sunbula.assistance.tallies import tallies_recompute
    from sunbula.core.demo import load_core_demo
    from sunbula.core.models import Country, Site
    from sunbula.funding.demo import load_funding_demo
    from sunbula.funding.models import Pledge
    from sunbula.programmes.demo import load_programmes_demo
    from sunbula.programmes.models import Project
    from sunbula.supply import services as supply_services
    from sunbula.supply.demo import load_supply_demo
    from sunbula.supply.models import Commodity, Lot

    def quiet(_line: str) -> None:
        return None

    for loader in (load_core_demo, load_programmes_demo, load_funding_demo, load_supply_demo):
        loader(quiet)
    pledge = Pledge.objects.get(reference="DEMO-FFH23-KAZ")
    flour = Commodity.objects.get(code="WHEAT-FLOUR")
    site = Site.objects.get(name="Kabul drug-treatment centre")
    afghanistan = Country.objects.get(iso3="AFG")
    lots = list(Lot.objects.filter(reference__startswith="DEMO-FFH23-").order_by("pk"))
    for number in range(len(lots), LOTS):
        reference = f"BENCH-LOT-{number:02d}"
        lots.append(
            Lot.objects.filter(reference=reference).first()
            or supply_services.lot_receive(
                actor=None,
                site=site,
                commodity=flour,
                quantity=Decimal(1000),
                received_on=pledge.pledged_on,
                reference=reference,
                lot_reference=reference,
            )
        )
    cycle = Cycle.objects.create(
        project=Project.objects.get(code="AFSP-FFH-2023"),
        country=afghanistan,
        name="Benchmark cycle",
        period_start=pledge.pledged_on,
        period_end=pledge.pledged_on,
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
        status=Cycle.Status.FROZEN,
    )
    vendor = connection.vendor
    lot_table = " UNION ALL ".join(
        f"SELECT {index} AS k, {lot.pk} AS lot_id" for index, lot in enumerate(lots)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        beneficiary = _next_id(cursor, "assistance_beneficiary")
        entitlement = _next_id(cursor, "assistance_entitlement")
        distribution = _next_id(cursor, "assistance_distribution")
        movement = _next_id(cursor, "supply_stockmovement")
        draw = _next_id(cursor, "assistance_draw")
        statements = [
            f"""INSERT INTO assistance_beneficiary (id, cycle_id, kind, reference, displacement,
                people, females, males, children, adults, elderly)
            SELECT {beneficiary} + i, {cycle.pk}, 'household', 'B-' || i,
                CASE i % 3 WHEN 0 THEN 'idp' WHEN 1 THEN 'host' ELSE 'returnee' END,
                5, 3, 2, 2, 2, 1 FROM {_series(vendor, people)}""",
            f"""INSERT INTO assistance_entitlement (id, cycle_id, beneficiary_id, commodity_id,
                quantity, distributed, status)
            SELECT {entitlement} + i, {cycle.pk}, {beneficiary} + i, {flour.pk}, 1000, 0,
                'approved' FROM {_series(vendor, people)}""",
            f"""INSERT INTO supply_stockmovement (id, kind, site_id, lot_id, quantity, reference,
                reason, loss_cause, loss_stage, occurred_at, recorded_at)
            SELECT {movement} + i, 'distribution', {site.pk}, l.lot_id, -2, 'BENCH-' || i,
                'Distribution', '', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
            FROM {_series(vendor, distributions)}
            JOIN ({lot_table}) AS l ON l.k = i % {LOTS}""",
            f"""INSERT INTO assistance_distribution (id, entitlement_id, beneficiary_id, site_id,
                country_id, quantity, person_days, distributed_on, reference, collector, reason,
                is_illustrative)
            SELECT {distribution} + i, {entitlement} + 1 + (i % {people}),
                {beneficiary} + 1 + (i % {people}), {site.pk}, {afghanistan.pk}, 2, 0,
                CURRENT_DATE, 'BENCH-' || i, 'beneficiary', '', TRUE
            FROM {_series(vendor, distributions)}""",
            f"""INSERT INTO assistance_draw (id, distribution_id, lot_id, beneficiary_id,
                quantity, person_days, movement_id)
            SELECT {draw} + i, {distribution} + i, l.lot_id, {beneficiary} + 1 + (i % {people}),
                2, 0, {movement} + i FROM {_series(vendor, distributions)}
            JOIN ({lot_table}) AS l ON l.k = i % {LOTS}""",
            f"""INSERT INTO assistance_reach (lot_id, site_id, beneficiary_id, is_institution,
                quantity, person_days)
            SELECT lot_id, {site.pk}, beneficiary_id, FALSE, SUM(quantity), 0
            FROM assistance_draw WHERE id > {draw} GROUP BY lot_id, beneficiary_id""",
        ]
        for statement in statements:
            cursor.execute(statement)
    with transaction.atomic():
        tallies_recompute()
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return pledge.pk


def generated(people: int, distributions: int) -> int:
    """The pledge to trace: the dataset of an earlier run if it has this size, else a new one.

    Generating 5 million distributions takes minutes, so the trace and dashboard benchmarks
    share one database when pointed at the same DATABASE_URL.
    """
    from sunbula.assistance.models import Cycle, Distribution
    from sunbula.funding.models import Pledge

    cycle = Cycle.objects.filter(name="Benchmark cycle").first()
    if (
        cycle is not None
        and cycle.beneficiaries.count() == people
        and Distribution.objects.filter(entitlement__cycle=cycle).count() == distributions
    ):
        return Pledge.objects.get(reference="DEMO-FFH23-KAZ").pk
    if cycle is not None:
        raise SystemExit("The database holds another benchmark dataset; give an empty one.")
    return generate(people, distributions)


def run(people: int = 200_000, distributions: int = 1_000_000) -> str:
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from sunbula.assistance.selectors import pledge_trace
    from sunbula.core.models import Organisation, Role
    from sunbula.core.services import role_grant, user_create

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    pledge_id = generated(people, distributions)
    loaded = time.perf_counter() - started
    user = user_create(actor=None, email=f"bench-{time.time_ns()}@example.org", password=None)
    role_grant(
        actor=None,
        user=user,
        role=Role.ADMINISTRATOR,
        organisation=Organisation.objects.get(acronym="IOFS"),
    )
    timings = []
    trace = pledge_trace(user=user, pledge_id=pledge_id)
    for _ in range(RUNS):
        begin = time.perf_counter()
        trace = pledge_trace(user=user, pledge_id=pledge_id)
        timings.append((time.perf_counter() - begin) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    return "\n".join(
        [
            "## Assistance: pledge-to-plate trace",
            "",
            f"Database: {connection.vendor}. Generated: {people:,} beneficiaries (households of "
            f"5), {distributions:,} distributions, each with its draw and stock movement, over "
            f"{LOTS} lots; the traced pledge holds 1 lot, so about "
            f"{distributions // LOTS:,} draws and {trace.people:,} people reached "
            f"(generation, or finding an earlier run's data, took {loaded:.0f} s).",
            "",
            "| runs | median (ms) | p95 (ms) | target |",
            "|---:|---:|---:|---|",
            f"| {RUNS} | {statistics.median(timings):.1f} | {p95:.1f} | p95 < 100 ms |",
            "",
            "The benchmark dataset is 1,000,000 people and 5,000,000 distributions on "
            "PostgreSQL: `DATABASE_URL=postgres://… python -m bench.assistance_trace --people "
            "1000000 --distributions 5000000`.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--distributions", type=int, default=1_000_000)
    arguments = parser.parse_args()
    sys.stdout.write(run(arguments.people, arguments.distributions) + "\n")


if __name__ == "__main__":
    main()
