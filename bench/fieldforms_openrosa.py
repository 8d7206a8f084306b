"""The OpenRosa server under load: 1,000 household registrations posted by 8 concurrent
clients to the server `sunbula serve` runs (gunicorn, 2 sync workers) on loopback, as ODK Collect posts them
(multipart, `xml_submission_file`, a shared device's key in the URL).

The clients are a pool of 8 threads; the server does its work in its worker processes
only. The baseline is `/healthz` (one `SELECT 1`) asked 1,000 times by the same 8 clients
against the same server. Afterwards every submission must be stored exactly once, applied
(one household and its head each), and a second post of 100 of them must add nothing.

    python -m bench.fieldforms_openrosa [--submissions N]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 8
SUBMISSIONS = 1000
RESENT = 100
WORKERS = 2


def _setup() -> tuple[str, str]:
    """A fresh database with Afghanistan, Herat, a programme officer, the household
    registration form and a device key; the form's XForm id and the key."""
    from bench.django_setup import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    from sunbula.registry.protection import ensure_key_file

    ensure_key_file()  # in the database's folder, which the server shares
    from sunbula.core import services as core
    from sunbula.core.models import Role
    from sunbula.fieldforms import services
    from sunbula.fieldforms.models import Purpose

    afghanistan = core.country_upsert(
        actor=None, iso2="AF", iso3="AFG", name="Afghanistan", name_translations={}
    )
    herat = core.admin_area_upsert(
        actor=None,
        country=afghanistan,
        p_code="AF32",
        pcode_set_version="AFG 2021-11-17",
        level=1,
        name="Hirat",
    )
    iofs = core.organisation_create(
        actor=None, name="Islamic Organization for Food Security", kind="igo", iati_type="40"
    )
    officer = core.user_create(
        actor=None, email="enumerator@example.org", password=uuid.uuid4().hex
    )
    core.role_grant(
        actor=None,
        user=officer,
        role=Role.PROGRAMME_OFFICER,
        organisation=iofs,
        countries=[afghanistan],
    )
    form = services.form_publish(
        actor=None,
        purpose=Purpose.HOUSEHOLD_REGISTRATION,
        country=afghanistan,
        title="Household registration",
    ).form
    _device, token = services.device_issue(
        actor=None,
        label="Bench tablet",
        user=officer,
        country=afghanistan,
        forms=[form],
        admin_area=herat,
    )
    return form.form_id, token


def _instance(form_id: str, number: int, instance_id: str) -> bytes:
    from xml.etree.ElementTree import Element, SubElement, tostring

    data = Element("data", {"id": form_id, "version": "1"})
    for name, value in (
        ("reference", f"HH-BENCH-{number:05d}"),
        ("admin_area", "AF32"),
        ("displacement_status", "returnee"),
        ("vulnerabilities", "female_headed"),
    ):
        SubElement(data, name).text = value
    member = SubElement(data, "member")
    for name, value in (
        ("given_name", "Maryam"),
        ("family_name", "Ahmadi"),
        ("sex", "F"),
        ("birth_date", str(1950 + number % 50)),
        ("phone", f"+9370{number:07d}"),
    ):
        SubElement(member, name).text = value
    SubElement(SubElement(data, "meta"), "instanceID").text = instance_id
    return tostring(data, encoding="utf-8", xml_declaration=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _serve(port: int) -> subprocess.Popen[bytes]:
    # What `sunbula serve` runs, without collecting static files first (no page is asked).
    server = subprocess.Popen(  # noqa: S603 — our own command
        [
            sys.executable,
            "-m",
            "gunicorn",
            "sunbula.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import urllib3

    http = urllib3.PoolManager()
    for _attempt in range(300):
        try:
            if http.request("GET", f"http://127.0.0.1:{port}/healthz", retries=False).status == 200:
                return server
        except urllib3.exceptions.HTTPError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the server did not start")


def _run_all(calls: list[tuple[str, dict[str, object] | None]]) -> tuple[float, list[int]]:
    """Each call on a pool of 8 client threads; the wall time and every status."""
    import urllib3

    http = urllib3.PoolManager(maxsize=CLIENTS, block=True)

    def one(call: tuple[str, dict[str, object] | None]) -> int:
        url, fields = call
        if fields is None:
            return http.request("GET", url, retries=False).status
        answer = http.request(
            "POST", url, fields=fields, headers={"X-OpenRosa-Version": "1.0"}, retries=False
        )
        return answer.status

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = list(pool.map(one, calls))
    return time.perf_counter() - started, statuses


def run(submissions: int = SUBMISSIONS) -> str:
    form_id, token = _setup()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    posts = []
    for number in range(submissions):
        instance_id = f"uuid:{uuid.uuid4()}"
        xml = _instance(form_id, number, instance_id)
        fields = {"xml_submission_file": ("submission.xml", xml, "text/xml")}
        posts.append((f"{base}/openrosa/key/{token}/submission", fields))
    server = _serve(port)
    try:
        health_time, health = _run_all([(f"{base}/healthz", None)] * submissions)
        post_time, statuses = _run_all(posts)  # type: ignore[arg-type]
        resend_time, resent = _run_all(posts[:RESENT])  # type: ignore[arg-type]
    finally:
        server.terminate()
        server.wait(timeout=30)
    from sunbula.fieldforms.models import Submission
    from sunbula.registry.models import Household, Person

    stored = Submission.objects.count()
    applied = Submission.objects.filter(status=Submission.Status.APPLIED).count()
    households = Household.objects.count()
    people = Person.objects.count()
    errors = sum(status != 201 for status in statuses + resent)
    assert set(health) == {200}, set(health)
    assert errors == 0, sorted(set(statuses + resent))
    assert stored == applied == households == people == submissions, (
        stored,
        applied,
        households,
        people,
    )
    rate = submissions / post_time
    health_rate = submissions / health_time
    return f"""## OpenRosa submissions under load

{submissions:,} household registrations (one household and its head each, names sealed) posted
as ODK Collect posts them (multipart `xml_submission_file`, a device key in the URL) by
{CLIENTS} concurrent client threads to gunicorn as `sunbula serve` runs it ({WORKERS} sync workers) on
loopback, SQLite (WAL); then {RESENT} of them posted again. The baseline is `/healthz`
asked {submissions:,} times by the same {CLIENTS} clients against the same server.

| run | time | per second | vs /healthz |
|---|---:|---:|---:|
| /healthz (baseline) | {health_time:.2f} s | {health_rate:,.0f} | 1 |
| {submissions:,} submissions | {post_time:.2f} s | {rate:,.0f} | {rate / health_rate:.3f}× |
| {RESENT} sent again | {resend_time:.2f} s | {RESENT / resend_time:,.0f} | {RESENT / resend_time / health_rate:.3f}× |

Stored once each: {stored:,} submissions, {applied:,} applied, {households:,} households,
{people:,} persons; {errors} errors (every answer 201); the {RESENT} sent again added nothing."""


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=SUBMISSIONS)
    sys.stdout.write(run(parser.parse_args().submissions) + "\n")
