"""The audit trail: every service records what it changed, with the request it served."""

from __future__ import annotations

import contextvars
import datetime
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from sunbula.core import bulk
from sunbula.core.fields import ITEM_CHOICES
from sunbula.core.models import AuditEntry, User
from sunbula.core.multilingual import clean_translations

M = TypeVar("M", bound=models.Model)

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default=""
)


def new_request_id() -> str:
    return uuid.uuid4().hex


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_value(item) for item in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of `obj` as JSON-safe values (foreign keys by id)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(related.pk for related in getattr(obj, name).all())
        elif field.is_relation:
            values[name] = getattr(obj, f"{name}_id")
        elif isinstance(codes := getattr(obj, name), list) and hasattr(field, ITEM_CHOICES):
            values[name] = in_choice_order(codes, getattr(field, ITEM_CHOICES))
        else:
            values[name] = _json_value(getattr(obj, name))
    return values


def in_choice_order(codes: list[Any], choices: Sequence[tuple[str, Any]]) -> list[Any]:
    """A list of codes that stands for a set (a partner's sectors, a household's
    vulnerabilities) in the order of its choices, a code not among them last: the same set
    saved again in another order is no change."""
    place = {code: number for number, (code, _label) in enumerate(choices)}
    return sorted(codes, key=lambda code: place.get(code, len(place)))


# The verbs of the entries that record a reading (of personal data), not a change: they leave
# cached figures as they are (selectors.last_change).
READING_VERBS = ("viewed_unmasked", "exported")

# What an entry's action did, by the verb that ends it (`supply.waybill.dispatched`), so that
# the audit log says it in the reader's language beside the kind of record it was done to.
# Translated as the act's name ("création", "создание"): it reads the same whatever the
# kind of record.
VERB_LABELS: Mapping[str, StrOrPromise] = {
    "accepted": pgettext_lazy("audit", "accepted"),
    "activated": pgettext_lazy("audit", "activated"),
    "adjustment": pgettext_lazy("audit", "stock adjusted"),
    "applied": pgettext_lazy("audit", "applied"),
    "approved": pgettext_lazy("audit", "approved"),
    "cancelled": pgettext_lazy("audit", "cancelled"),
    "checked_in": pgettext_lazy("audit", "checked in"),
    "closed": pgettext_lazy("audit", "closed"),
    "created": pgettext_lazy("audit", "created"),
    "deactivated": pgettext_lazy("audit", "deactivated"),
    "deleted": pgettext_lazy("audit", "deleted"),
    "dispatch": pgettext_lazy("audit", "stock dispatched"),
    "dispatched": pgettext_lazy("audit", "dispatched"),
    "distribution": pgettext_lazy("audit", "stock handed out"),
    "erased": pgettext_lazy("audit", "erased"),
    "expired": pgettext_lazy("audit", "expired"),
    "expiry_notified": pgettext_lazy("audit", "expiry notice sent"),
    "exported": pgettext_lazy("audit", "exported"),
    "frozen": pgettext_lazy("audit", "frozen"),
    "generated": pgettext_lazy("audit", "generated"),
    "granted": pgettext_lazy("audit", "granted"),
    "imported": pgettext_lazy("audit", "imported"),
    "invited": pgettext_lazy("audit", "invited"),
    "issued": pgettext_lazy("audit", "issued"),
    "keys_rotated": pgettext_lazy("audit", "keys rotated"),
    "lesson_completed": pgettext_lazy("audit", "lesson completed"),
    "locations_set": pgettext_lazy("audit", "locations set"),
    "loss": pgettext_lazy("audit", "stock lost"),
    "loss_approved": pgettext_lazy("audit", "loss approved"),
    "merge_undone": pgettext_lazy("audit", "merge undone"),
    "merged": pgettext_lazy("audit", "merged"),
    "negotiation_opened": pgettext_lazy("audit", "negotiation opened"),
    "offer_expired": pgettext_lazy("audit", "offer expired"),
    "offered": pgettext_lazy("audit", "place offered"),
    "ordered": pgettext_lazy("audit", "ordered"),
    "overdue_notified": pgettext_lazy("audit", "overdue notice sent"),
    "partly_received": pgettext_lazy("audit", "partly received"),
    "password_set": pgettext_lazy("audit", "password set"),
    "pending": pgettext_lazy("audit", "pending"),
    "published": pgettext_lazy("audit", "published"),
    "pull_failed": pgettext_lazy("audit", "pull failed"),
    "pull_requested": pgettext_lazy("audit", "pull requested"),
    "pulled": pgettext_lazy("audit", "pulled"),
    "reactivated": pgettext_lazy("audit", "reactivated"),
    "read": pgettext_lazy("audit", "read"),
    "rebuilt": pgettext_lazy("audit", "rebuilt"),
    "receipt": pgettext_lazy("audit", "stock received"),
    "received": pgettext_lazy("audit", "received"),
    "recorded": pgettext_lazy("audit", "recorded"),
    "recovery_codes_regenerated": pgettext_lazy("audit", "recovery codes regenerated"),
    "registered": pgettext_lazy("audit", "registered"),
    "registration_closed": pgettext_lazy("audit", "registration closed"),
    "rejected": pgettext_lazy("audit", "rejected"),
    "reminded": pgettext_lazy("audit", "reminded"),
    "removed": pgettext_lazy("audit", "removed"),
    "renewed": pgettext_lazy("audit", "renewed"),
    "reopened": pgettext_lazy("audit", "reopened"),
    "restored": pgettext_lazy("audit", "restored"),
    "retired": pgettext_lazy("audit", "retired"),
    "reversed": pgettext_lazy("audit", "reversed"),
    "revised": pgettext_lazy("audit", "revised"),
    "revoked": pgettext_lazy("audit", "revoked"),
    "saved": pgettext_lazy("audit", "saved"),
    "second_factor_disabled": pgettext_lazy("audit", "second factor turned off"),
    "second_factor_enabled": pgettext_lazy("audit", "second factor turned on"),
    "second_factor_started": pgettext_lazy("audit", "second factor set-up begun"),
    "second_factor_verified": pgettext_lazy("audit", "second factor checked"),
    "sectors_set": pgettext_lazy("audit", "sectors set"),
    "sent": pgettext_lazy("audit", "sent"),
    "set": pgettext_lazy("audit", "set"),
    "sign_in_locked": pgettext_lazy("audit", "sign-in locked"),
    "signed": pgettext_lazy("audit", "signed"),
    "signed_in": pgettext_lazy("audit", "signed in"),
    "started": pgettext_lazy("audit", "started"),
    "submitted": pgettext_lazy("audit", "submitted"),
    "terminated": pgettext_lazy("audit", "terminated"),
    "transfer_in": pgettext_lazy("audit", "stock arrived"),
    "unlocked": pgettext_lazy("audit", "unlocked"),
    "updated": pgettext_lazy("audit", "updated"),
    "validated": pgettext_lazy("audit", "validated"),
    "viewed_unmasked": pgettext_lazy("audit", "viewed unmasked"),
    "waitlisted": pgettext_lazy("audit", "put on the waiting list"),
    "withdrawn": pgettext_lazy("audit", "withdrawn"),
}

# What an entry records beside the fields of its record (a count, a reason, who was told), by
# its key, so that the audit log names it in the reader's language. A key that names a field
# of the record, or a field across a relation (`entitlement__status`), is named by the field.
FACT_LABELS: Mapping[str, StrOrPromise] = {
    "address": _("Network address"),
    "answers": _("Answers"),
    "audit_entries_blanked": _("Audit entries blanked"),
    "beneficiaries": _("Beneficiaries"),
    "by_email": _("By e-mail"),
    "channel": _("Channel"),
    "commodity": _("Commodity"),
    "corrected": _("Corrected"),
    "count": _("Count"),
    "countries": _("Countries"),
    "created": _("Created"),
    "created_people": _("People added"),
    "cycle": _("Distribution cycle"),
    "distribution_reasons_cleared": _("Distribution reasons cleared"),
    "distribution_rows": _("Distribution rows"),
    "distributions": _("Distributions"),
    "due_on": _("Due on"),
    "duplicate": _("Duplicate"),
    "duplicate_pairs": _("Possible duplicates"),
    "entitlements_changed": _("Entitlements changed"),
    "expires_on": _("Expires on"),
    "failure": _("Why the pull failed"),
    "failures": _("Failed attempts"),
    "farms_removed": _("Farms removed"),
    "files_removed": _("Files removed"),
    "from_start": _("Pulled again from the start"),
    "highest_p_break": _("Highest chance of a pipeline break"),
    "html_sha256": _("SHA-256 of the page"),
    "indicators": _("Indicators"),
    "invited": _("Invited"),
    "kind": _("Kind"),
    "left_out": _("Left out: served through their household or a member"),
    "lines": _("Lines"),
    "lots": _("Lots"),
    "movements": _("Stock movements"),
    "new": _("New"),
    "notifications": _("Notifications"),
    "officers": _("Officers"),
    "organisations": _("Organisations"),
    "outcome": pgettext_lazy("audit", "Outcome"),
    "owner": _("Owner"),
    "pair": _("Pair"),
    "pairs_removed": _("Pairs removed"),
    "participants": _("Participants"),
    "pdf_sha256": _("SHA-256 of the PDF"),
    "people": _("People"),
    "personal_fields": _("Personal fields"),
    "pin_set": _("PIN set"),
    "problems": _("Problems"),
    "programmes": _("Programmes"),
    "reached_rows": _("Reached rows"),
    "reason": _("Reason"),
    "refused": _("Records refused"),
    "relisted": _("Relisted"),
    "revision": _("Revision"),
    "rows": _("Rows"),
    "submission": _("Submission"),
    "survivor": _("Record kept"),
    "targets": _("Targets"),
    "texts_cleared": _("Texts cleared"),
    "to_attendees": _("To attendees"),
    "unmasked": _("Unmasked"),
    "until": _("Until"),
    "updated": _("Updated"),
    "updated_people": _("People updated"),
    "version": _("Version"),
    "waybills": _("Waybills"),
    "with": _("Method"),
}


@contextmanager
def reading_recorded() -> Iterator[None]:
    """The transaction that records a reading of personal data. When it is a transaction of
    its own, PostgreSQL commits it without waiting for the disk, so that a page that shows
    names does not wait for it: a crash of the database server can lose the readings of its
    last moment (a fraction of a second), never a change, whose commit always waits."""
    own = not connection.in_atomic_block
    with transaction.atomic():
        if own and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_repr: str = "",
) -> AuditEntry:
    """Write one audit entry; `action` reads `<app>.<record>.<past-tense verb>`."""
    return AuditEntry.objects.create(
        actor=actor,
        actor_email=actor.email if actor else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr or str(obj or ""))[:255],
        before=_json_value(before) if before is not None else None,
        after=_json_value(after) if after is not None else None,
        request_id=current_request_id.get(),
    )


def audit_changes(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    """Write one audit entry with the fields whose value differs between the `before` and
    `after` snapshots of `obj`, in the order `after` lists them; none if nothing changed."""
    changed = [name for name in after if after[name] != before[name]]
    if changed:
        audit_record(
            actor=actor,
            action=action,
            obj=obj,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )


def audit_records(
    *,
    actor: User | None,
    action: str,
    changes: Iterable[tuple[models.Model, dict[str, Any] | None, dict[str, Any] | None]],
) -> int:
    """The entries `audit_record` writes, one per (record, before, after), written at once
    for a service that changes thousands of records in one step; how many."""
    request_id = current_request_id.get()
    now = timezone.now()
    rows = [
        (
            now,
            actor.pk if actor else None,
            actor.email if actor else "",
            action,
            ContentType.objects.get_for_model(obj).pk,
            str(obj.pk),
            str(obj)[:255],
            _json_value(before) if before is not None else None,
            _json_value(after) if after is not None else None,
            request_id,
        )
        for obj, before, after in changes
    ]
    if connection.vendor == "postgresql":  # COPY takes the JSON columns as text
        rows = [(*row[:7], _json_text(row[7]), _json_text(row[8]), row[9]) for row in rows]
    bulk.insert_rows(AuditEntry, AUDIT_COLUMNS, rows, ids=False)
    return len(rows)


def audit_values_forget(*, records: Iterable[models.Model], blanks: Mapping[str, Any]) -> int:
    """Blank what the audit entries of `records` kept of the fields named in `blanks`, before
    and after, each replaced by its blank: for personal data that is erased. The entries keep
    who did what, when, and which fields changed; how many entries were blanked."""
    wanted: dict[int, list[str]] = {}
    for record in records:
        kind = ContentType.objects.get_for_model(record).pk
        wanted.setdefault(kind, []).append(str(record.pk))
    blanked = 0
    for kind, ids in wanted.items():
        entries = AuditEntry.objects.filter(content_type_id=kind, object_id__in=ids)
        for entry in entries.only("pk", "before", "after").order_by("pk").iterator():
            sides = {}
            for side in ("before", "after"):
                values = getattr(entry, side)
                if isinstance(values, dict) and any(
                    name in values and values[name] != blank for name, blank in blanks.items()
                ):
                    sides[side] = {name: blanks.get(name, value) for name, value in values.items()}
            if sides:
                AuditEntry.objects.filter(pk=entry.pk).update(**sides)
                blanked += 1
    return blanked


def audit_names_forget(*, records: Iterable[models.Model]) -> int:
    """Name `records` in their audit entries as they are named now: for records whose name
    held erased personal data (an external id), once renamed. How many entries were renamed."""
    renamed = 0
    for record in records:
        kind = ContentType.objects.get_for_model(record).pk
        renamed += (
            AuditEntry.objects.filter(content_type_id=kind, object_id=str(record.pk))
            .exclude(object_repr=str(record)[:255])
            .update(object_repr=str(record)[:255])
        )
    return renamed


AUDIT_COLUMNS = (
    "created_at",
    "actor_id",
    "actor_email",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "before",
    "after",
    "request_id",
)


def _json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


# Generic audited writes for services: each domain's services build on these.


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"


def _apply(obj: M, values: dict[str, Any]) -> dict[str, Any]:
    """Set `values` on `obj`; return the names of the fields that changed, with old values."""
    changed: dict[str, Any] = {}
    for name, value in values.items():
        field = obj._meta.get_field(name)
        attribute = f"{name}_id" if field.is_relation else name
        new = value.pk if field.is_relation and isinstance(value, models.Model) else value
        if name.endswith("_translations"):
            new = clean_translations(value or {})
        if getattr(obj, attribute) != new:
            changed[name] = getattr(obj, attribute)
            setattr(obj, attribute, new)
    return changed


def given_fields(
    function: str, values: Mapping[str, object], allowed: Iterable[str]
) -> dict[str, Any]:
    """The fields a caller passed, refusing one the service does not take.

    A service's fields are typed for the type checker; a form or serializer that hands over
    a field out of step with the service is still refused at run time, like a wrong keyword.
    """
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"{function}() got unexpected fields {sorted(unknown)}")
    return dict(values)


def refuse_taken(
    obj: models.Model, *, among: str, field: str, value: object, message: StrOrPromise
) -> None:
    """Refuse `value` for `obj`'s `field` where another record that shares `obj`'s `among`
    (a foreign key: its programme, its project) holds it already; the message lands on the
    field."""
    if value is None:
        return
    shared = f"{among}_id"
    siblings = obj._meta.model._default_manager.filter(
        **{shared: getattr(obj, shared), field: value}
    )
    if siblings.exclude(pk=obj.pk).exists():
        raise ValidationError({field: message})


def _reread_locked(obj: models.Model) -> None:
    """Bring `obj` up to its row as stored now, locked until the transaction ends.

    Unlike `refresh_from_db`, a related record already loaded stays loaded unless its key
    changed, so a service updating rows in a loop does not fetch their relations again.
    """
    stored = obj._meta.model._base_manager.select_for_update().get(pk=obj.pk)
    deferred = obj.get_deferred_fields()
    for field in obj._meta.concrete_fields:
        if field.attname not in deferred:
            setattr(obj, field.attname, getattr(stored, field.attname))


def create_audited(*, actor: User | None, model: type[M], values: dict[str, Any]) -> M:
    """Validate and save a new record from `values`; audit `<app>.<model>.created`."""
    obj = model()
    _apply(obj, values)
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor, action=_action(obj, "created"), obj=obj, after=snapshot(obj, values.keys())
    )
    return obj


def save_audited(
    *,
    actor: User | None,
    obj: M,
    verb: str,
    fields: Iterable[str],
    also: dict[str, Any] | None = None,
    before: dict[str, Any] | None = None,
) -> M:
    """Validate and save `obj` as the caller built or changed it; audit `<app>.<model>.<verb>`
    with `before` as the caller read it, and after it its `fields` as saved (and `also`).

    For a record whose entry keeps less than all the caller wrote (a token, a hash) or more
    (a reason, a count), in the field's own words (issued, submitted, cancelled).
    """
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor,
        action=_action(obj, verb),
        obj=obj,
        before=before,
        after={**snapshot(obj, fields), **(also or {})},
    )
    return obj


def stated_reason(reason: str, missing: StrOrPromise) -> str:
    """`reason` as the audit entry keeps it, its spaces tidied; an empty one is refused on
    the field `reason` with `missing` (which says what the reason is for)."""
    stated = " ".join(reason.split())
    if not stated:
        raise ValidationError({"reason": missing})
    return stated


def remove_audited(
    *,
    actor: User | None,
    obj: models.Model,
    fields: Iterable[str],
    also: dict[str, Any] | None = None,
) -> None:
    """Delete `obj`, keeping what it was (its `fields`, and `also`) in the audit entry
    `<app>.<model>.removed`."""
    audit_record(
        actor=actor,
        action=_action(obj, "removed"),
        obj=obj,
        before={**snapshot(obj, fields), **(also or {})},
    )
    obj.delete()


def update_audited(*, actor: User | None, obj: M, values: dict[str, Any]) -> M:
    """Apply `values`; if anything changed, validate, save and audit the fields that did.

    The row is read again under a lock before `values` are applied, so an editor's change
    lands on what is stored now and a second editor waits for the first: no update is lost.
    """
    with transaction.atomic(savepoint=False):
        if obj.pk is not None:
            _reread_locked(obj)
        before = snapshot(obj, values.keys())
        after = snapshot(obj, _apply(obj, values).keys())
        # What reads the same is no change: a set of codes given in another order.
        changed = [name for name in after if after[name] != before[name]]
        if not changed:
            return obj
        obj.full_clean()
        obj.save()
        audit_record(
            actor=actor,
            action=_action(obj, "updated"),
            obj=obj,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return obj


def step_audited(
    *, actor: User | None, obj: M, verb: str, values: Mapping[str, Any], fields: Iterable[str]
) -> M:
    """Move `obj` one step along its workflow: set `values`, validate, save, audit.

    The entry is `<app>.<model>.<verb>`, with `fields` as they were and as they are. The
    caller holds the row's lock and has checked that the step is allowed.
    """
    fields = tuple(fields)
    before = snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    return save_audited(actor=actor, obj=obj, verb=verb, fields=fields, before=before)


def upsert_audited(
    *, actor: User | None, model: type[M], lookup: dict[str, Any], values: dict[str, Any]
) -> M:
    """Create, or update what differs; an unchanged record is left alone and not audited."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return create_audited(actor=actor, model=model, values={**lookup, **values})
    return update_audited(actor=actor, obj=obj, values=values)


def upsert_batch_audited(
    *,
    actor: User | None,
    model: type[M],
    scope: dict[str, Any],
    key: Sequence[str],
    records: Sequence[tuple[dict[str, Any], dict[str, Any]]],
) -> tuple[int, int]:
    """What `upsert_audited` does for each (lookup, values) of `records`, in a few queries:
    for an import that stores thousands of records a batch at a time. (Created, updated.)

    The records within `scope` whose `key` fields match a lookup (`key` names a lookup's
    fields, which tell records within the scope apart) are read at once, under a lock; a
    missing one is created, one that differs is updated, an unchanged one is left alone and
    not audited, and the entries are written at once. The caller has checked that no two
    lookups are the same; the database's constraints still hold."""
    if not records:
        return 0, 0
    related = [name for name in key if model._meta.get_field(name).is_relation]
    attnames = [f"{name}_id" if name in related else name for name in key]

    def plain(value: Any) -> Any:
        return value.pk if isinstance(value, models.Model) else value

    wanted = {f"{name}__in": {plain(lookup[name]) for lookup, _values in records} for name in key}
    stored = {
        tuple(getattr(obj, attname) for attname in attnames): obj
        for obj in model._default_manager.select_for_update()
        .select_related(*related)
        .filter(**scope, **wanted)
    }
    new: list[M] = []
    changed: list[tuple[M, dict[str, Any], dict[str, Any]]] = []
    for lookup, values in records:
        obj = stored.get(tuple(plain(lookup[name]) for name in key))
        if obj is None:
            obj = model(**scope, **lookup, **values)
            obj.full_clean(validate_unique=False, validate_constraints=False)
            new.append(obj)
            continue
        before = snapshot(obj, values.keys())
        differs = _apply(obj, values)
        if differs:
            obj.full_clean(validate_unique=False, validate_constraints=False)
            changed.append(
                (obj, {name: before[name] for name in differs}, snapshot(obj, differs.keys()))
            )
    model._default_manager.bulk_create(new)
    if changed:
        model._default_manager.bulk_update(
            [obj for obj, _before, _after in changed], list(records[0][1])
        )
    label = f"{model._meta.app_label}.{model._meta.model_name}"
    written = [*scope, *key, *records[0][1]]
    audit_records(
        actor=actor,
        action=f"{label}.created",
        changes=[(obj, None, snapshot(obj, written)) for obj in new],
    )
    audit_records(actor=actor, action=f"{label}.updated", changes=changed)
    return len(new), len(changed)
