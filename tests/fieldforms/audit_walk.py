"""The field-forms services, each called once for the audit walk (tests/test_services_audit.py)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from sunbula.core.models import User
from sunbula.core.reasons import Reason
from sunbula.fieldforms import services
from sunbula.fieldforms.models import (
    Attachment,
    FieldForm,
    KoboSource,
    Purpose,
    RefusedSend,
    Submission,
)
from tests.audit import Walked
from tests.conftest import World


def _form(world: World, admin: User) -> FieldForm:
    return services.form_publish(
        actor=admin,
        purpose=Purpose.HOUSEHOLD_REGISTRATION,
        country=world.afghanistan,
        title="Households",
    ).form


def _waiting(form: FieldForm, admin: User, instance: str) -> Submission:
    return services.submission_receive(
        actor=admin,
        form=form,
        instance_id=instance,
        payload=b"<data/>",
        values={"reference": "HH-W", "admin_area": "AF99", "displacement_status": "idp"},
    ).submission


def _with_file(form: FieldForm, admin: User) -> Attachment:
    submission = services.submission_receive(
        actor=admin,
        form=form,
        instance_id="uuid:walk-5",
        payload=b"<data/>",
        values={"reference": "HH-F", "admin_area": "AF99", "displacement_status": "idp"},
        attachments=[services.Upload(name="photo.jpg", media_type="image/jpeg", content=b"jpg")],
    ).submission
    return submission.attachments.get()


def _registering(form: FieldForm, admin: User, world: World) -> list[Submission]:
    """A submission that registered a household and its member, as an erasure finds it."""
    values = {
        "reference": "HH-E",
        "admin_area": world.hirat.p_code,
        "displacement_status": "idp",
        "member": [{"given_name": "Zahra", "phone": "0700 111 222"}],
    }
    received = services.submission_receive(
        actor=admin, form=form, instance_id="uuid:walk-7", payload=b"<data/>", values=values
    )
    return [received.submission]


def _source(form: FieldForm, admin: User) -> KoboSource:
    return services.kobo_source_save(
        actor=admin,
        name="Kobo",
        form=form,
        asset_uid="aWalk",
        acting_user=admin,
        mapping={},
        secret="s",
    )


def _purged(form: FieldForm, admin: User) -> int:
    """A refused send received long ago, removed by the purge."""
    refused = services.refused_send_record(
        actor=admin,
        channel="openrosa",
        answer=400,
        reasons=[Reason("No xml_submission_file was sent.")],
        form=form,
    )
    RefusedSend.objects.filter(pk=refused.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=365)
    )
    return services.refused_sends_purge(actor=admin)


def _no_more(url: str) -> dict[str, Any]:
    return {"count": 0, "next": None, "previous": None, "results": []}


def calls(world: World, admin: User) -> dict[str, Callable[[], Any]]:
    form = _form(world, admin)
    return {
        "form_publish": lambda: _form(world, admin),
        "form_open_set": lambda: services.form_open_set(
            actor=admin, form=_form(world, admin), is_open=False
        ),
        "device_issue": lambda: services.device_issue(
            actor=admin, label="Tablet", user=admin, country=world.afghanistan, forms=[form]
        ),
        "device_revoke": lambda: services.device_revoke(
            actor=admin,
            device=services.device_issue(
                actor=None, label="T", user=admin, country=world.afghanistan, forms=[form]
            )[0],
        ),
        "submission_receive": lambda: _waiting(form, admin, "uuid:walk-1"),
        "submission_accept": lambda: services.submission_accept(
            actor=admin,
            submission=_waiting(form, admin, "uuid:walk-2"),
            corrections={"admin_area": "AF32"},
        ),
        "submission_reject": lambda: services.submission_reject(
            actor=admin, submission=_waiting(form, admin, "uuid:walk-3"), reason="Test"
        ),
        "submission_read": lambda: services.submission_read(
            actor=admin,
            submission=_waiting(form, admin, "uuid:walk-6"),
            values={"given_name": "Test"},
        ),
        "attachment_open": lambda: services.attachment_open(
            actor=admin, attachment=_with_file(form, admin)
        ),
        "submissions_erase": lambda: services.submissions_erase(
            actor=admin, submissions=_registering(form, admin, world)
        ),
        "kobo_source_save": lambda: _source(form, admin),
        "kobo_push_receive": lambda: services.kobo_push_receive(
            source=_source(form, admin),
            record=json.loads(
                '{"_uuid": "walk-4", "reference": "HH-K", "displacement_status": "idp"}'
            ),
        ),
        "kobo_pull_request": lambda: services.kobo_pull_request(
            actor=admin, source=_source(form, admin)
        ),
        "kobo_source_remove": lambda: services.kobo_source_remove(
            actor=admin, source=_source(form, admin), reason="Closed"
        ),
        "kobo_pull": lambda: services.kobo_pull(
            actor=admin, source=_source(form, admin), fetch=_no_more
        ),
        "refused_send_record": lambda: services.refused_send_record(
            actor=admin,
            channel="openrosa",
            answer=400,
            reasons=[Reason("No xml_submission_file was sent.")],
            form=form,
        ),
        "refused_sends_purge": lambda: _purged(form, admin),
    }


def walk(request: pytest.FixtureRequest) -> Walked:
    """Every public field-forms service as a call; any actor may be named."""
    world = request.getfixturevalue("world")
    admin = request.getfixturevalue("admin")
    return calls(world, admin), ()
