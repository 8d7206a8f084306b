"""KoboToolbox projects: connected with a column mapping, pushed to and pulled from."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from sunbula.core.access import reaches
from sunbula.core.audit import audit_record, remove_audited, save_audited, snapshot, stated_reason
from sunbula.core.errors import DomainError
from sunbula.core.models import User
from sunbula.core.reasons import Reason
from sunbula.fieldforms.kobo_client import (
    KOBO_FAILURES,
    kobo_data_url,
    kobo_failure_reason,
    kobo_fetch,
    submitted_at,
)
from sunbula.fieldforms.models import Channel, FieldForm, KoboSource
from sunbula.fieldforms.payloads import token_digest
from sunbula.fieldforms.permissions import FieldPerm
from sunbula.fieldforms.purposes import refusal_reasons
from sunbula.fieldforms.services.submissions import Received, submission_receive
from sunbula.fieldforms.xforms import kobo_values

# A Kobo project is connected once: the asset uid of one connected already is refused to
# whoever does not manage it, and to a client that adds rather than changes it.
CONNECTED_ALREADY = gettext_noop("This Kobo project is connected already.")


@transaction.atomic
def kobo_source_save(
    *,
    actor: User | None,
    name: str,
    form: FieldForm,
    asset_uid: str,
    acting_user: User,
    mapping: Mapping[str, str],
    secret: str = "",
    server_url: str = "https://kf.kobotoolbox.org",
) -> KoboSource:
    """Connect a Kobo project (by asset uid) to a form's purpose, with the column mapping;
    a new shared secret replaces the old one, none keeps it. A project connected already is
    changed only by someone who manages it (one of another country's forms stays as it is)."""
    source = KoboSource.objects.select_for_update().filter(asset_uid=asset_uid).first()
    if (
        source is not None
        and actor is not None
        and not reaches(actor, FieldPerm.MANAGE_FIELD_FORMS, source)
    ):
        raise ValidationError({"asset_uid": _(CONNECTED_ALREADY)})
    audited = ("name", "form", "server_url", "mapping", "acting_user")
    before = snapshot(source, audited) if source else None
    if source is None:
        if not secret:
            raise ValidationError({"secret": _("Give the shared secret of the REST service.")})
        source = KoboSource(asset_uid=asset_uid)
    source.name, source.form, source.acting_user = name, form, acting_user
    source.server_url = server_url
    source.mapping = {str(column): str(field) for column, field in mapping.items()}
    if secret:
        source.secret_digest = token_digest(secret)
    return save_audited(
        actor=actor,
        obj=source,
        verb="saved",
        before=before,
        fields=audited,
    )


@transaction.atomic
def kobo_source_remove(*, actor: User | None, source: KoboSource, reason: str) -> None:
    """Disconnect a Kobo project: it is pulled no more and its pushes are refused; the
    submissions it brought stay as they were recorded. The audit entry keeps what it was
    connected to, and why it was disconnected. A pull under way finishes its page first."""
    reason = stated_reason(reason, _("Say why the project is disconnected."))
    locked = KoboSource.objects.select_for_update().get(pk=source.pk)
    remove_audited(
        actor=actor,
        obj=locked,
        fields=("name", "form", "server_url", "asset_uid", "mapping", "acting_user"),
        also={"reason": reason},
    )


def _kobo_receive(source: KoboSource, record: Mapping[str, Any], channel: str) -> Received:
    uuid = str(record.get("_uuid") or "")
    if not uuid:
        raise ValidationError({"_uuid": gettext_lazy("The Kobo record has no _uuid.")})
    deprecated = str(record.get("meta/deprecatedID") or "")
    return submission_receive(
        actor=source.acting_user,
        form=source.form,
        instance_id=f"uuid:{uuid.removeprefix('uuid:')}",
        payload=json.dumps(record, ensure_ascii=False, sort_keys=True).encode(),
        values=kobo_values(dict(record), source.mapping, source.form.purpose),
        channel=channel,
        version=str(record.get("__version__") or ""),
        deprecated_id=deprecated,
    )


def kobo_push_receive(*, source: KoboSource, record: Mapping[str, Any]) -> Received:
    """One submission Kobo's REST service pushed, as its acting user (audited as received)."""
    return _kobo_receive(source, record, Channel.KOBO_PUSH)


@transaction.atomic
def kobo_pull_request(*, actor: User, source: KoboSource, from_start: bool = False) -> KoboSource:
    """Note that a person asked for a pull of the project now; the queue runs it. From the
    start, every submission is pulled again, not only those since the last pull: Kobo's data
    API says of no submission when it was edited, so an edit made in Kobo comes in only so
    (a submission received before adds nothing; an edit takes its original's place)."""
    before = {"pulled_until": source.pulled_until}
    if from_start:
        KoboSource.objects.filter(pk=source.pk).update(pulled_until=None)
        source.pulled_until = None
    audit_record(
        actor=actor,
        action="fieldforms.kobosource.pull_requested",
        obj=source,
        before=before if from_start else None,
        after={"pulled_until": source.pulled_until, "from_start": from_start},
    )
    return source


# How many of a pull's problems are kept to be shown: the first ones say what is wrong.
PROBLEMS_KEPT = 20
PULL_PROBLEM = gettext_noop("Kobo record %(record)s: %(reason)s")


def _pulled(source: KoboSource, record: Mapping[str, Any], problems: list[Reason]) -> bool:
    """Receive one pulled record; one refused (no `_uuid`, other values under an instance id
    received before) is left out with its reason, and the pull goes on."""
    try:
        with transaction.atomic():
            return _kobo_receive(source, record, Channel.KOBO_PULL).created
    except (ValidationError, DomainError) as refused:
        name = str(record.get("_id") or record.get("_uuid") or "?")
        problems.extend(
            Reason(PULL_PROBLEM, {"record": name, "reason": reason})
            for reason in refusal_reasons(refused)
        )
        return False


def _pull_failed(actor: User | None, source: KoboSource, error: Exception) -> None:
    """Keep on the project why its pull stopped, for its page to show until a pull succeeds;
    the pages pulled before stay."""
    source.pull_failure = kobo_failure_reason(error).as_dict()
    source.pull_failed_at = timezone.now()
    source.save(update_fields=["pull_failure", "pull_failed_at"])
    audit_record(
        actor=actor,
        action="fieldforms.kobosource.pull_failed",
        obj=source,
        after={"failure": source.pull_failure, "pulled_until": source.pulled_until},
    )


def kobo_pull(
    *,
    actor: User | None,
    source: KoboSource,
    fetch: Callable[[str], dict[str, Any]] = kobo_fetch,
) -> int:
    """Pull a Kobo project's submissions since the last pull, page by page; each page is
    committed with the point it reached, so a pull cut short starts again there, and a
    submission seen before (by Kobo's `_uuid`) adds nothing. A record refused is left out
    and named, with its reason, among the pull's problems. When the server cannot be reached
    or answers wrongly, the project keeps why and the error is raised (KOBO_FAILURES).
    Returns how many were new."""
    url: str | None = kobo_data_url(source)
    new = 0
    problems: list[Reason] = []
    while url:
        try:
            page = fetch(url)
        except KOBO_FAILURES as error:
            _pull_failed(actor, source, error)
            raise
        with transaction.atomic():
            if not KoboSource.objects.select_for_update().filter(pk=source.pk).exists():
                return new  # disconnected meanwhile: what it brought stays
            reached = source.pulled_until
            for record in page.get("results") or []:
                new += _pulled(source, record, problems)
                moment = submitted_at(record)
                if moment is not None and (reached is None or moment > reached):
                    reached = moment
            KoboSource.objects.filter(pk=source.pk).update(pulled_until=reached)
            source.pulled_until = reached
        url = page.get("next") or None
    source.last_pull_at = timezone.now()
    source.pull_problems = [problem.as_dict() for problem in problems[:PROBLEMS_KEPT]]
    source.pull_failure, source.pull_failed_at = {}, None
    kept = KoboSource.objects.filter(pk=source.pk).update(
        last_pull_at=source.last_pull_at,
        pull_problems=source.pull_problems,
        pull_failure=source.pull_failure,
        pull_failed_at=None,
    )
    if not kept:
        return new  # disconnected meanwhile
    audit_record(
        actor=actor,
        action="fieldforms.kobosource.pulled",
        obj=source,
        after={
            "new": new,
            "pulled_until": source.pulled_until,
            "refused": len(problems),
            "problems": source.pull_problems,
        },
    )
    return new
