"""Field forms under test: forms published from the shipped XLSForms, and a client that
speaks to the OpenRosa server as ODK Collect does."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

import pytest
from defusedxml import ElementTree
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sunbula.core.models import Country, Role, User
from sunbula.fieldforms import services
from sunbula.fieldforms.models import FieldForm, KoboSource, Purpose
from tests.conftest import PASSWORD, Field, World, make_persona

XFORMS = "http://www.w3.org/2002/xforms"
JR_TEMPLATE = "{http://openrosa.org/javarosa}template"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def fill(
    xform: str,
    values: Mapping[str, Any],
    *,
    instance_id: str | None = None,
    deprecated_id: str = "",
) -> tuple[bytes, str]:
    """An instance of the XForm as Collect sends it: the primary instance filled with
    `values` (a repeat takes a list of rows), its meta/instanceID set."""
    root = ElementTree.fromstring(xform.encode())
    model = root.find(f".//{{{XFORMS}}}model")
    assert model is not None
    primary = model.find(f"{{{XFORMS}}}instance")
    assert primary is not None
    template = next(iter(primary))
    instance_id = instance_id or f"uuid:{uuid.uuid4()}"
    data = Element(_local(template.tag), dict(template.attrib))

    def copy_into(source: Element, target: Element, given: Mapping[str, Any]) -> None:
        done: set[str] = set()
        for child in source:
            name = _local(child.tag)
            if child.get(JR_TEMPLATE) is not None or name in done:
                continue
            if name == "meta":
                meta = SubElement(target, "meta")
                SubElement(meta, "instanceID").text = instance_id
                if deprecated_id:
                    SubElement(meta, "deprecatedID").text = deprecated_id
                continue
            if len(child):
                done.add(name)
                for row in given.get(name, []):
                    node = SubElement(target, name)
                    copy_into(child, node, row)
                continue
            SubElement(target, name).text = str(given.get(name, ""))

    copy_into(template, data, values)
    return tostring(data, encoding="utf-8", xml_declaration=True), instance_id


def basic(user_email: str, password: str = PASSWORD) -> dict[str, str]:
    token = base64.b64encode(f"{user_email}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}", "HTTP_X_OPENROSA_VERSION": "1.0"}


@dataclass
class Collect:
    """ODK Collect against the server: Basic credentials or a device's key in the URL."""

    client: Client
    headers: dict[str, str]
    prefix: str = "/openrosa/"

    def get(self, path: str, **query: str) -> Any:
        return self.client.get(
            path if path.startswith("http") else self.prefix + path, query, **self.headers
        )

    def xform(self, form: FieldForm) -> str:
        return str(self.get(f"forms/{form.form_id}/form.xml").content.decode())

    def submit(
        self,
        form: FieldForm,
        values: Mapping[str, Any],
        *,
        instance_id: str | None = None,
        deprecated_id: str = "",
        files: Sequence[tuple[str, bytes, str]] = (),
    ) -> tuple[Any, str]:
        xml, instance_id = fill(
            self.xform(form), values, instance_id=instance_id, deprecated_id=deprecated_id
        )
        return self.post(xml, files), instance_id

    def post(self, xml: bytes, files: Sequence[tuple[str, bytes, str]] = ()) -> Any:
        body: dict[str, Any] = {
            "xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml")
        }
        for name, content, media_type in files:
            body[name] = SimpleUploadedFile(name, content, media_type)
        return self.client.post(self.prefix + "submission", body, **self.headers)


def collect_for(user: User) -> Collect:
    """Collect signed in with the user's e-mail and password (for accounts without a second
    factor: the others need a device key, `device_collect`)."""
    return Collect(Client(), basic(user.email))


def device_collect(user: User, *forms: FieldForm) -> Collect:
    """Collect on a shared device acting as `user` with these forms (of one country)."""
    _device, token = services.device_issue(
        actor=None,
        label=f"Tablet of {user.email}",
        user=user,
        country=forms[0].country,
        forms=list(forms),
    )
    return Collect(Client(), {}, prefix=f"/openrosa/key/{token}/")


# A self-hosted Kobo server the installation under test is set up for, beside Kobo's own.
SELF_HOSTED_KOBO = "https://kobo.example.org"


@pytest.fixture(autouse=True)
def _kobo_servers(settings: Any) -> None:
    settings.KOBO_SERVERS = [*settings.KOBO_SERVERS, SELF_HOSTED_KOBO]


@pytest.fixture
def household_form(world: World, admin: User) -> FieldForm:
    return services.form_publish(
        actor=admin,
        purpose=Purpose.HOUSEHOLD_REGISTRATION,
        country=world.afghanistan,
        title="Household registration, Afghanistan",
    ).form


def monitoring_form_publish(admin: User, world: World, field: Field) -> FieldForm:
    """A post-distribution monitoring form for the field's cycle, published by `admin`."""
    return services.form_publish(
        actor=admin,
        purpose=Purpose.MONITORING,
        country=world.afghanistan,
        title="Monitoring of the flour cycle",
        cycle=field.cycle,
    ).form


@pytest.fixture
def distribution_form(field: Field, world: World, admin: User) -> FieldForm:
    return services.form_publish(
        actor=admin,
        purpose=Purpose.DISTRIBUTION,
        country=world.afghanistan,
        title="Flour at the Herat centre",
        cycle=field.cycle,
        site=field.centre,
    ).form


PUSH_SECRET = "kobo-hook-secret-herat"
PUSH_PATH = "/openrosa/kobo/aYx3kQ8bW2nLpC5tR7vZ9d/submissions"


@pytest.fixture
def push_source(admin: User, officer_afg: User, household_form: FieldForm) -> KoboSource:
    """A KoboToolbox project whose REST service pushes households to `PUSH_PATH`."""
    return services.kobo_source_save(
        actor=admin,
        name="Herat registration (Kobo)",
        form=household_form,
        asset_uid="aYx3kQ8bW2nLpC5tR7vZ9d",
        acting_user=officer_afg,
        mapping={"hh_ref": "reference", "location/area_pcode": "admin_area"},
        secret=PUSH_SECRET,
    )


# A household as ODK Collect sends it, with two members.
HOUSEHOLD = {
    "reference": "HH-ODK-1",
    "admin_area": "AF32",
    "displacement_status": "returnee",
    "vulnerabilities": "female_headed disability",
    "member": [
        {"given_name": "Maryam", "family_name": "Ahmadi", "sex": "F", "birth_date": "1988"},
        {"given_name": "Omid", "sex": "M", "birth_date": "2014"},
    ],
}


def tablet_kept_to_hirat(admin: User, user: User, world: World, form: FieldForm) -> Collect:
    """ODK Collect on a shared tablet kept to Hirat, acting as `user`."""
    _device, token = services.device_issue(
        actor=admin,
        label="Herat tablet",
        user=user,
        country=world.afghanistan,
        forms=[form],
        admin_area=world.hirat,
    )
    return Collect(Client(), {}, prefix=f"/openrosa/key/{token}/")


def field_manager(world: World, country: Country) -> User:
    """An administrator of `country` only: manages its field forms, devices and Kobo projects."""
    return make_persona(
        f"manager.{country.iso3.lower()}@example.org", Role.ADMINISTRATOR, world.iofs, [country]
    )
