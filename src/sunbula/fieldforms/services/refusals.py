"""Sends refused before anything was stored, kept so that the officer sees what a phone was
told: who sent what form, when and why, never the payload itself; removed once older than
`SUNBULA_REFUSED_SENDS_KEEP_DAYS`."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sunbula.core.audit import audit_record
from sunbula.core.models import User
from sunbula.core.reasons import Reason
from sunbula.fieldforms.models import Channel, Device, FieldForm, RefusedSend


@transaction.atomic
def refused_send_record(
    *,
    actor: User | None,
    channel: str,
    answer: int,
    reasons: Sequence[Reason],
    form: FieldForm | None = None,
    form_named: str = "",
    instance_id: str = "",
    device: Device | None = None,
    payload: bytes = b"",
) -> RefusedSend:
    """Record a refused send with the answer the sender got and why (each reason kept
    untranslated).
    The payload's personal data stays out: only its SHA-256 digest is kept, to tell a send
    repeated from another."""
    country = form.country if form is not None else device.country if device else None
    refused = RefusedSend.objects.create(
        channel=Channel(channel),
        answer=answer,
        refusal=[reason.as_dict() for reason in reasons],
        country=country,
        form=form,
        form_named=(form_named or (form.form_id if form else ""))[:100],
        instance_id=instance_id[:100],
        device=device,
        submitted_by=actor,
        digest=hashlib.sha256(payload).hexdigest() if payload else "",
    )
    audit_record(
        actor=actor,
        action="fieldforms.refusedsend.recorded",
        obj=refused,
        after={
            "answer": answer,
            "refusal": refused.refusal,
            "form": refused.form_named,
            "instance_id": refused.instance_id,
            "device": device.pk if device else None,
        },
    )
    return refused


@transaction.atomic
def refused_sends_purge(*, actor: User | None, now: datetime.datetime | None = None) -> int:
    """Remove the refused sends received more than `SUNBULA_REFUSED_SENDS_KEEP_DAYS` days
    before `now`, with one audit entry saying how many and up to when; a purge that finds
    none writes nothing. Returns how many were removed."""
    until = (now or timezone.now()) - datetime.timedelta(
        days=settings.SUNBULA_REFUSED_SENDS_KEEP_DAYS
    )
    removed, _kinds = RefusedSend.objects.filter(received_at__lt=until).delete()
    if removed:
        audit_record(
            actor=actor,
            action="fieldforms.refusedsend.removed",
            object_repr=str(RefusedSend._meta.verbose_name_plural),
            after={"count": removed, "until": until},
        )
    return removed
