"""Recording a distribution list of 100,000 lines on PostgreSQL, against a raw COPY.

One cycle of N households (generated in bulk: the bench measures recording, not
targeting), each with an approved entitlement of 50 kg of flour held in three lots at one
distribution site. Then, in the same run and database:

1. Sunbula's upload (`distribution_list_upload`): the file read by the import pipeline,
   every line checked (entitlement approved and not exceeded, nobody served twice under any
   merged record, stock on hand), lots drawn first expiry first out, one distribution and
   one draw per line, one stock movement per lot, entitlements, balances, reach rows and
   summary tables kept, one audit entry, all in one transaction.
2. A raw COPY of the same distribution rows (those step 1 stored) into the distributions
   table, its foreign keys checked as a commit checks them: the floor no recording can
   beat. Further figures COPY every row step 1 wrote (distributions, movements, draws and
   reach rows), the distribution rows with their foreign keys left unchecked, and into a
   bare table.

    DATABASE_URL=postgres://… python -m bench.assistance_bulk [--lines N]
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import sys
import time
from decimal import Decimal

D = datetime.date


def _setup() -> None:
    from bench.django_setup import setup_django

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("This benchmark runs on PostgreSQL: set DATABASE_URL.")
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def _scene(lines: int) -> tuple[object, object, object]:
    from sunbula.assistance import services as assistance
    from sunbula.assistance.models import Beneficiary, Cycle, Entitlement
    from sunbula.core import services as core
    from sunbula.programmes import services as programmes
    from sunbula.supply import services as supply

    stamp = f"{time.time_ns()}"[-9:]
    country = core.country_upsert(
        actor=None, iso2="AF", iso3="AFG", name="Afghanistan", name_translations={}
    )
    usd = core.currency_upsert(actor=None, code="USD", name="US dollar")
    iofs = core.organisation_create(
        actor=None, name=f"IOFS {stamp}", acronym=f"B{stamp}", kind="igo", iati_type="40"
    )
    site = core.site_create(
        actor=None, name=f"Bench centre {stamp}", kind="warehouse", country=country
    )
    supply.stock_site_register(actor=None, site=site, capacity=Decimal(10**9))
    flour = supply.commodity_upsert(
        actor=None, code="WHEAT-FLOUR", name="Wheat flour", category="cereals", base_unit="kg"
    )
    for number, expires in enumerate((D(2031, 1, 1), D(2030, 6, 1), D(2032, 1, 1))):
        supply.lot_receive(
            actor=None,
            site=site,
            commodity=flour,
            quantity=Decimal(lines * 20),
            received_on=D(2025, 1, 1),
            reference=f"GRN-{stamp}-{number}",
            expires_on=expires,
        )
    programme = programmes.programme_create(
        actor=None,
        code=f"B{stamp}",
        name="Bench programme",
        reporting_organisation=iofs,
        iati_reporting_ref="XI-IATI-IOFS",
    )
    project = programmes.project_create(
        actor=None,
        code=f"B-{stamp}",
        title="Bench project",
        description="Bench project.",
        programme=programme,
        recipient_country=country,
        status="2",
        planned_start=D(2025, 1, 1),
        planned_end=D(2025, 12, 31),
        currency=usd,
    )
    cycle = assistance.cycle_create(
        actor=None,
        project=project,
        country=country,
        name="Bench cycle",
        period_start=D(2025, 6, 1),
        period_end=D(2025, 6, 30),
        ration_kind="household_month",
    )
    assistance.ration_line_set(actor=None, cycle=cycle, commodity=flour, quantity=Decimal(50))
    # The list, generated in bulk: the bench measures recording, not drawing the list.
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.FROZEN)
    listed = Beneficiary.objects.bulk_create(
        [
            Beneficiary(
                cycle=cycle,
                kind="household",
                reference=f"HH-{number:06d}",
                displacement=("idp", "host", "returnee")[number % 3],
                people=5,
                females=3,
                males=2,
                children=2,
                adults=3,
            )
            for number in range(lines)
        ],
        batch_size=5000,
    )
    Entitlement.objects.bulk_create(
        [
            Entitlement(
                cycle=cycle,
                beneficiary=beneficiary,
                commodity=flour,
                quantity=Decimal(50),
                status=Entitlement.Status.APPROVED,
            )
            for beneficiary in listed
        ],
        batch_size=5000,
    )
    return cycle, site, flour


def _copy_rows(table: str, where: str) -> tuple[bytes, list[str]]:
    """The stored rows of `table`, as COPY text, without their ids (the copy draws new ones)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE false")  # noqa: S608 — our own tables
        columns = [column.name for column in cursor.description if column.name != "id"]
        out = io.BytesIO()
        query = f"COPY (SELECT {', '.join(columns)} FROM {table} WHERE {where}) TO STDOUT"  # noqa: S608
        with cursor.cursor.copy(query) as copy:
            for block in copy:
                out.write(block)
    return out.getvalue(), columns


def _copy_in(
    copies: list[tuple[str, bytes, list[str]]], *, bare: bool = False, keys: bool = True
) -> float:
    """Seconds to COPY the rows back into the same tables (constraints, indexes and, with
    `keys`, foreign keys checked as a commit checks them), or into bare copies of them;
    rolled back either way.

    Django declares foreign keys DEFERRABLE INITIALLY DEFERRED, so PostgreSQL checks them at
    commit; a COPY rolled back without `SET CONSTRAINTS ALL IMMEDIATE` never checks them."""
    from django.db import connection, transaction

    elapsed = 0.0
    with transaction.atomic(), connection.cursor() as cursor:
        for table, data, columns in copies:
            target = table
            if bare:
                target = f"bench_{table}"
                cursor.execute(
                    f"CREATE TEMP TABLE {target} (LIKE {table} INCLUDING DEFAULTS INCLUDING IDENTITY)"
                )
            started = time.perf_counter()
            if keys:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            with cursor.cursor.copy(f"COPY {target} ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write(data)
            elapsed += time.perf_counter() - started
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        transaction.set_rollback(True)
    return elapsed


def _copy_every_row(copies: list[tuple[str, bytes, list[str]]], where: dict[str, str]) -> float:
    """Seconds to COPY back every row the upload wrote, keys checked; the draws and reach
    rows stored by the upload are deleted first (untimed, rolled back) so that theirs fit
    their unique constraints again."""
    from django.db import connection, transaction

    elapsed = 0.0
    with transaction.atomic(), connection.cursor() as cursor:
        for table, condition in where.items():
            cursor.execute(f"DELETE FROM {table} WHERE {condition}")  # noqa: S608 — our own tables
        for table, data, columns in copies:
            started = time.perf_counter()
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write(data)
            elapsed += time.perf_counter() - started
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        transaction.set_rollback(True)
    return elapsed


def measure(lines: int) -> dict[str, float]:
    from sunbula.assistance import services
    from sunbula.assistance.models import Distribution

    cycle, site, flour = _scene(lines)
    content = ("reference,quantity\n" + "".join(f"HH-{n:06d},50\n" for n in range(lines))).encode()
    started = time.perf_counter()
    source = services.distribution_list_upload(
        actor=None,
        cycle=cycle,  # type: ignore[arg-type]
        commodity=flour,  # type: ignore[arg-type]
        site=site,  # type: ignore[arg-type]
        distributed_on=D(2025, 6, 2),
        content=content,
        file_name="bench.csv",
    )
    sunbula = time.perf_counter() - started
    assert Distribution.objects.filter(source_list=source).count() == lines
    from django.db import connection

    with connection.cursor() as cursor:  # statistics for the queries that read the rows back
        cursor.execute(
            "ANALYZE assistance_distribution, supply_stockmovement, assistance_draw, assistance_reach"
        )
    ids = f"SELECT id FROM assistance_distribution WHERE source_list_id = {source.pk}"  # noqa: S608
    distributions = (
        "assistance_distribution",
        *_copy_rows("assistance_distribution", f"id IN ({ids})"),
    )
    movements = (
        "supply_stockmovement",
        *_copy_rows(
            "supply_stockmovement",
            f"id IN (SELECT movement_id FROM assistance_draw WHERE distribution_id IN ({ids}))",  # noqa: S608
        ),
    )
    # Draws point at distributions and movements: copied back, they keep pointing at
    # the rows step 1 stored, which exist.
    draws_where = f"distribution_id IN ({ids})"
    reach_where = (
        "id IN (SELECT reach.id FROM assistance_reach AS reach JOIN assistance_distribution "  # noqa: S608
        "AS listed ON listed.beneficiary_id = reach.beneficiary_id "
        f"AND listed.site_id = reach.site_id WHERE listed.source_list_id = {source.pk})"
    )
    draws = ("assistance_draw", *_copy_rows("assistance_draw", draws_where))
    reaches = ("assistance_reach", *_copy_rows("assistance_reach", reach_where))
    return {
        "sunbula": sunbula,
        "copy": _copy_in([distributions]),
        "copy_every": _copy_every_row(
            [distributions, movements, draws, reaches],
            {"assistance_draw": draws_where, "assistance_reach": reach_where},
        ),
        "copy_unchecked": _copy_in([distributions], keys=False),
        "copy_bare": _copy_in([distributions], bare=True, keys=False),
    }


def run(lines: int = 100_000) -> str:
    _setup()
    from django.db import connection

    figures = measure(lines)
    version = connection.cursor().connection.info.server_version // 10000
    rate = {name: lines / seconds for name, seconds in figures.items()}

    def share(name: str) -> str:
        return f"{rate['sunbula'] / rate[name]:.0%}"

    return f"""## Assistance: recording a distribution list

`DATABASE_URL=postgres://… python -m bench.assistance_bulk --lines {lines}` on PostgreSQL
{version}, {os.cpu_count()} cores: one list of {lines:,} lines (one per household, 50 kg
each from three lots) uploaded through the import pipeline and recorded in one transaction,
against a raw COPY of the same rows in the same run.

| how | seconds | lines per second | Sunbula vs this |
|---|---:|---:|---:|
| Sunbula upload: checked, first expiry first out, distribution + draw + reach row per line, one stock movement per lot, entitlements, tallies, audit, committed | {figures["sunbula"]:.2f} | {rate["sunbula"]:,.0f} | |
| raw COPY of the same {lines:,} distribution rows into the distributions table, its constraints, indexes and foreign keys checked | {figures["copy"]:.2f} | {rate["copy"]:,.0f} | {share("copy")} (target ≥ 25 %) |
| raw COPY of every row the upload wrote (distributions, stock movements, draws, reach rows), keys checked | {figures["copy_every"]:.2f} | {rate["copy_every"]:,.0f} | {share("copy_every")} |
| raw COPY of the distribution rows, foreign keys left unchecked (rolled back before the commit that checks them) | {figures["copy_unchecked"]:.2f} | {rate["copy_unchecked"]:,.0f} | {share("copy_unchecked")} |
| raw COPY of the distribution rows into a bare table (no constraint, index or key) | {figures["copy_bare"]:.2f} | {rate["copy_bare"]:,.0f} | {share("copy_bare")} |

Django declares foreign keys `DEFERRABLE INITIALLY DEFERRED`, so PostgreSQL checks them
when the transaction commits: the COPY rows run `SET CONSTRAINTS ALL IMMEDIATE` to pay the
checks a committed COPY pays, and the unchecked row shows what a COPY rolled back before
its commit skips. Each line of a list makes four rows (a distribution, a draw, a reach row
and an entitlement update) and twelve foreign-key checks, against one row and five checks
for COPY; the stock leaves each lot as one movement for the whole list, which the list's
draws name.

The list path keeps every rule of a single distribution. It reads the list's entitlements
with their beneficiaries in one locked query, the merged records and the reach rows in one
query each, checks every line and draws the lots first expiry first out in Python, then
writes each table with one COPY (primary keys drawn from the sequence in one query, read
back as a range; none drawn for draws and reach rows, which nothing points at; draws and
reach rows keep no single-column index that one of their composite indexes already
gives), and updates
the entitlements and any reach rows it adds to with one UPDATE from a COPY-loaded temporary
table (`core.bulk`); the entitlements' table keeps half of each page free, so that update
stays on the row's page instead of touching its five indexes. One audit entry records the
list and one the stock it took.
"""


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    sys.stdout.write(run(parser.parse_args().lines))
