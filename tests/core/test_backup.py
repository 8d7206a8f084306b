"""A backup, a change, a restore: the data is exactly what it was (row counts and a checksum
of every table) and so are the uploaded documents, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from sunbula.core import backup, services
from sunbula.core.models import Organisation, Site
from sunbula.registry import services as registry_services
from sunbula.registry.models import Person
from tests.conftest import World


@pytest.fixture
def documents(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path / "var"
    folder = settings.VAR_DIR / "documents" / "2024"
    folder.mkdir(parents=True)
    (folder / "mou-unama.pdf").write_bytes(b"%PDF-1.7 signed agreement")
    return folder


@pytest.mark.django_db(transaction=True)
def test_a_backup_a_change_a_restore_and_the_data_is_exactly_what_it_was(
    world: World, documents: Path, tmp_path: Path, settings: Any
) -> None:
    person = registry_services.person_register(
        actor=None, country=world.afghanistan, given_name="Mohammad", sex="M"
    )
    archive = tmp_path / "sunbula.tar.gz"
    call_command("backup", str(archive))
    before = backup.live_table_sums()

    manifest = backup.read_manifest(archive)
    assert manifest["vendor"] in {"sqlite", "postgresql"}
    assert manifest["sunbula_version"]
    assert manifest["key_fingerprints"] == backup.configured_key_fingerprints()
    assert manifest["tables"]["core_organisation"]["rows"] == 2
    assert set(manifest["media"]) == {"documents/2024/mou-unama.pdf"}
    with tarfile.open(archive) as saved:
        names = saved.getnames()
        saved_text = b"".join(
            saved.extractfile(member).read()  # type: ignore[union-attr]
            for member in saved.getmembers()
            if member.isfile()
        )
    assert manifest["database"] in names
    assert "media/documents/2024/mou-unama.pdf" in names
    for key in backup.configured_key_fingerprints():
        assert key.encode() in saved_text
    assert settings.REGISTRY_KEYS[0].encode() not in saved_text  # a key's reference only

    services.organisation_create(
        actor=None, name="World Food Programme", kind="un_agency", iati_type="40"
    )
    Site.objects.filter(pk=world.kabul_warehouse.pk).update(name="Renamed")
    registry_services.person_register(
        actor=None, country=world.kazakhstan, given_name="Aigerim", sex="F"
    )
    (documents / "mou-unama.pdf").write_bytes(b"tampered")
    (documents / "later.pdf").write_bytes(b"uploaded after the backup")
    assert backup.live_table_sums() != before

    # Without the keys the backup's personal data was sealed with, nothing is touched.
    keys = settings.REGISTRY_KEYS
    settings.REGISTRY_KEYS = [Fernet.generate_key().decode()]
    changed = backup.live_table_sums()
    with pytest.raises(CommandError, match="registry keys"):
        call_command("restore", str(archive), no_input=True)
    assert backup.live_table_sums() == changed
    settings.REGISTRY_KEYS = keys

    call_command("restore", str(archive), no_input=True)

    assert backup.live_table_sums() == before
    assert backup.differences(manifest) == []
    assert Organisation.objects.count() == 2
    assert Site.objects.get(pk=world.kabul_warehouse.pk).name == "Kabul warehouse"
    assert Person.objects.get().given_name == "Mohammad" == person.given_name
    assert (documents / "mou-unama.pdf").read_bytes() == b"%PDF-1.7 signed agreement"
    assert not (documents / "later.pdf").exists()

    # A restore that did not bring back the manifest's data says where it differs.
    forged = json.loads(json.dumps(manifest))
    forged["tables"]["core_site"]["rows"] = 3
    forged["media"]["documents/2024/mou-unama.pdf"] = "0" * 64
    assert backup.differences(forged) == [
        "table core_site: "
        f"{backup.TableSum(3, manifest['tables']['core_site']['sha256'])} expected, "
        f"{backup.TableSum(**manifest['tables']['core_site'])} found",
        "document documents/2024/mou-unama.pdf differs",
    ]


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    stray = tmp_path / "notes.tar"
    with tarfile.open(stray, "w") as archive:
        archive.add(__file__, arcname="notes.py")
    with pytest.raises(CommandError, match="not a Sunbula backup"):
        call_command("restore", str(stray), no_input=True)
