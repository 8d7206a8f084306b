"""The distribution point's weight: the page with everything it loads, compressed, and the
size of the entitlement list it keeps, per 1,000 beneficiaries."""

from __future__ import annotations

import datetime
import gzip
import sys
from decimal import Decimal

PEOPLE = 1000
GIVEN = ("Ahmad", "محمد", "Fatima", "زهرا", "Gul Bibi", "عبدالرحمن", "Mohammad Nabi", "Maryam")
FAMILY = ("Karimi", "رحیمی", "Ahmadzai", "نوری", "Sultani", "Hakimi", "Popal", "صافی")


def _setup() -> None:
    from bench.django_setup import setup_django

    setup_django()
    from django.conf import settings

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sunbula.core.demo import load_demo

    load_demo(log=lambda _line: None)


def _cycle() -> tuple[int, int]:
    """A cycle of 1,000 generated households of Herat, approved; the Herat centre."""

    from sunbula.assistance import services
    from sunbula.assistance.models import RationKind, RuleField
    from sunbula.core.models import AdminArea, Country, Site
    from sunbula.programmes.models import Project
    from sunbula.registry import services as registry
    from sunbula.supply.models import Commodity

    afghanistan = Country.objects.get(iso3="AFG")
    herat = AdminArea.objects.get(p_code="AF32")
    for number in range(PEOPLE):
        household = registry.household_create(
            actor=None,
            country=afghanistan,
            reference=f"BENCH-{number:05d}",
            admin_area=herat,
            displacement_status="idp",
        )
        registry.person_register(
            actor=None,
            country=afghanistan,
            given_name=GIVEN[number % len(GIVEN)],
            family_name=FAMILY[(number // len(GIVEN)) % len(FAMILY)],
            sex="F" if number % 2 else "M",
            birth_date=str(1950 + number % 50),
            household=household,
            relation_to_head="head",
            id_document_type="tazkira" if number % 2 else "",
            id_number=f"TZ-{1000000 + number}" if number % 2 else "",
            is_synthetic=True,
        )
    cycle = services.cycle_create(
        actor=None,
        project=Project.objects.get(code="AFSP-FFH-2023"),
        country=afghanistan,
        name="Bench point",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 1, 30),
        ration_kind=RationKind.PER_HOUSEHOLD_MONTH,
    )
    services.eligibility_rule_add(actor=None, cycle=cycle, field=RuleField.ADMIN_AREA, value="AF32")
    services.ration_line_set(
        actor=None,
        cycle=cycle,
        commodity=Commodity.objects.get(code="WHEAT-FLOUR"),
        quantity=Decimal(50),
    )
    services.beneficiary_list_freeze(actor=None, cycle=cycle)
    services.entitlements_compute(actor=None, cycle=cycle)
    services.entitlements_approve(actor=None, cycle=cycle)
    return cycle.pk, Site.objects.get(name="Herat drug-treatment centre").pk


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def run() -> str:
    """The markdown section for BENCHMARKS.md."""
    _setup()
    from django.contrib.staticfiles import finders
    from django.test import Client

    from sunbula.assistance.offline import STATIC_FILES
    from sunbula.core import services
    from sunbula.core.models import User

    cycle, site = _cycle()
    rows: list[tuple[str, int, int]] = []
    client = Client()
    client.force_login(User.objects.get(email="officer.afg@sunbula.example"))
    page = client.get(f"/en/assistance/point/{cycle}/{site}/")
    assert page.status_code == 200, page.status_code
    rows.append(("page (HTML)", len(page.content), _gzipped(page.content)))
    for name in STATIC_FILES:
        path = finders.find(name)
        assert isinstance(path, str), name
        with open(path, "rb") as asset:
            content = asset.read()
        rows.append((name, len(content), _gzipped(content)))
    for label, url in (
        ("service worker", "/en/assistance/point/sw.js"),
        ("web app manifest", f"/en/assistance/point/{cycle}/{site}/manifest.webmanifest"),
    ):
        content = client.get(url).content
        rows.append((label, len(content), _gzipped(content)))
    total = sum(row[2] for row in rows)
    lists = []
    officer = User.objects.get(email="officer.afg@sunbula.example")
    for label in ("masked (programme officer)", "unmasked (the same, with protection clearance)"):
        if lists:
            services.protection_clearance_grant(actor=None, user=officer, reason="Benchmark")
        reader = Client()
        reader.force_login(User.objects.get(pk=officer.pk))
        response = reader.get(f"/api/v1/assistance/point/{cycle}/entitlements/?site={site}")
        listed = len(response.json()["rows"])
        raw, packed = len(response.content), _gzipped(response.content)
        lists.append((label, listed, raw * 1000 / listed, packed * 1000 / listed))
    lines = [
        "## Distribution point: page weight and entitlement list",
        "",
        "The offline distribution-point page (`/en/assistance/point/<cycle>/<site>/`) for the",
        "demo's programme officer, and everything it loads: each file gzipped at level 6, as",
        "the service worker keeps it. Target: ≤ 30 KB compressed, excluding the entitlement list.",
        "",
        "| file | bytes | gzipped |",
        "|---|---:|---:|",
        *(f"| {label} | {raw:,} | {packed:,} |" for label, raw, packed in rows),
        f"| **total** | | **{total:,} ({total / 1024:.1f} KB)** |",
        "",
        "The cycle's entitlement list for the site, as the page downloads and caches it: a",
        f"generated cycle of {PEOPLE:,} Herat households (head's name, in Latin or Arabic",
        "script, every other one with an identity number, one commodity each) plus the",
        "demo's Herat households, per 1,000 beneficiaries:",
        "",
        "Sunbula sends the list as JSON without compressing it (WhiteNoise compresses static",
        "files only); behind a proxy that compresses JSON the second figure is what travels.",
        "",
        "| list | beneficiaries | bytes per 1,000 | gzipped per 1,000 |",
        "|---|---:|---:|---:|",
        *(
            f"| {label} | {listed:,} | {raw:,.0f} | {packed:,.0f} |"
            for label, listed, raw, packed in lists
        ),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(run())
