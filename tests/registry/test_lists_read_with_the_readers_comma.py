"""The registry's lists read with the reader's comma: "، " on Arabic pages and downloads,
", " on English ones (a person's flags, a pair's evidence, a farmer's crops on the person's
page and in their own file, the columns an import report names, the fields a column mapping
gets wrong). Crops typed with the Arabic comma are as many crops."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from sunbula.core.models import User
from sunbula.registry import importing, services
from sunbula.registry.models import Person
from tests.conftest import World, client_for
from tests.registry.conftest import People

pytestmark = pytest.mark.django_db
ARABIC_COMMA = "، "


def _text(response: object) -> str:
    streamed = getattr(response, "streaming", False)
    raw = b"".join(response.streaming_content) if streamed else response.content  # type: ignore[attr-defined]
    return raw.decode("utf-8-sig")


@pytest.fixture
def farmer(people: People) -> Person:
    services.farmer_upsert(
        actor=None,
        person=people.afghan,
        farm_area_ha=Decimal("1.5"),
        tenure="owner",
        irrigation="rainfed",
        crops=["wheat", "saffron"],
    )
    return people.afghan


def test_the_flags_of_a_download_read_with_the_arabic_comma(
    world: World, officer_afg: User
) -> None:
    services.person_register(
        actor=None, country=world.afghanistan, given_name="Nadia", is_synthetic=True
    )
    client = client_for(officer_afg)

    arabic = _text(client.get("/ar/registry/people/?format=csv"))
    english = _text(client.get("/en/registry/people/?format=csv"))

    with translation.override("ar"):
        flags = f"{translation.gettext('synthetic')}{ARABIC_COMMA}"
        flags += translation.gettext("no valid consent")
    assert flags in arabic
    assert "synthetic, no valid consent" in english


def test_the_evidence_of_a_pair_reads_with_the_arabic_comma(
    world: World, protection_officer: User
) -> None:
    first = services.person_register(
        actor=None, country=world.afghanistan, given_name="Karim", phone="0700 111 222"
    )
    second = services.person_register(
        actor=None, country=world.afghanistan, given_name="Karim", phone="0700 111 222"
    )
    services.duplicate_pair_flag(
        actor=None,
        person_1=first,
        person_2=second,
        score=0.9,
        evidence=["same_name", "same_phone"],
    )

    page = client_for(protection_officer).get("/ar/registry/duplicates/").content.decode()

    with translation.override("ar"):
        name = translation.gettext("Same name, in any script or spelling")
        phone = translation.gettext("Same phone")
    assert f"{name}{ARABIC_COMMA}{phone}" in page


def test_the_crops_read_with_the_readers_comma(farmer: Person, protection_officer: User) -> None:
    client = client_for(protection_officer)

    assert (
        f"wheat{ARABIC_COMMA}saffron"
        in client.get(f"/ar/registry/people/{farmer.pk}/").content.decode()
    )
    assert "wheat, saffron" in client.get(f"/en/registry/people/{farmer.pk}/").content.decode()
    own_file = client.post(
        f"/ar/registry/people/{farmer.pk}/subject-access/", {"reason": "Request of 3 May"}
    )
    assert f"wheat{ARABIC_COMMA}saffron" in own_file.content.decode()


def test_crops_typed_with_the_arabic_comma_are_as_many_crops(
    farmer: Person, officer_afg: User
) -> None:
    client = client_for(officer_afg)
    url = f"/ar/registry/people/{farmer.pk}/farm/"
    assert f'value="wheat{ARABIC_COMMA}saffron"' in client.get(url).content.decode()

    saved = client.post(
        url,
        {
            "farm_area_ha": "2",
            "tenure": "owner",
            "irrigation": "rainfed",
            "crops": "قمح، زعفران, بصل",
            "extension_contacts": "0",
        },
    )

    assert saved.status_code == 302
    farmer.refresh_from_db()
    assert farmer.farmer.crops == ["قمح", "زعفران", "بصل"]


def test_an_import_report_names_its_columns_with_the_arabic_comma(
    world: World, officer_afg: User
) -> None:
    content = b"phone\n0700123456\n"
    job = importing.import_file(
        actor=officer_afg,
        country=world.afghanistan,
        stream=io.BytesIO(content),
        file_name="p.csv",
        size=len(content),
    )

    page = client_for(officer_afg).get(f"/ar/registry/imports/{job.pk}/").content.decode()

    with translation.override("ar"):
        external_id = str(Person._meta.get_field("external_id").verbose_name)
        given_name = str(Person._meta.get_field("given_name").verbose_name)
    assert f"{external_id}{ARABIC_COMMA}{given_name}" in page


def test_a_mapping_names_the_fields_it_gets_wrong_with_the_arabic_comma(
    world: World, officer_afg: User
) -> None:
    mapping = SimpleUploadedFile("mapping.csv", b"Name,nom\nPhone,telephone\n")
    people = SimpleUploadedFile("people.csv", b"external_id,given_name\nA,Ali\n")

    refused = client_for(officer_afg).post(
        "/ar/registry/imports/",
        {"country": world.afghanistan.pk, "file": people, "mapping": mapping},
    )

    assert refused.status_code == 422
    [said] = refused.context["form"].errors["mapping"]
    assert said.endswith(f"nom{ARABIC_COMMA}telephone")
