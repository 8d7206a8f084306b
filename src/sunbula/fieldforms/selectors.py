"""Reads of field capture for the Field forms pages, scoped to the reader."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.apps import apps
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunbula.assistance.permissions import AssistancePerm
from sunbula.assistance.selectors import person_monitoring_samples
from sunbula.core.access import (
    AnyUser,
    fetch,
    has_protection_clearance,
    may_open,
    require_permission,
)
from sunbula.core.models import RoleAssignment, User
from sunbula.core.permissions import ROLE_PERMISSIONS
from sunbula.core.scoping import ACROSS, Scope, ScopeRule
from sunbula.core.selectors import holding
from sunbula.fieldforms.kobo_client import KoboProject, kobo_projects
from sunbula.fieldforms.models import (
    Attachment,
    Device,
    FieldForm,
    FormVersion,
    KoboSource,
    Purpose,
    RefusedSend,
    Submission,
)
from sunbula.fieldforms.payloads import submission_values
from sunbula.fieldforms.permissions import FieldPerm
from sunbula.learning.models import SurveyResponse
from sunbula.registry.holdings import Holding, records_table
from sunbula.registry.models import Person
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.protection import mask
from sunbula.registry.services import PERSONAL_FIELDS

DAYS_SHOWN = 14


def field_forms(*, user: AnyUser) -> QuerySet[FieldForm]:
    """The forms the user sees, with their submission counts and latest version."""
    require_permission(user, FieldPerm.VIEW_FIELD_FORMS)
    return (
        FieldForm.objects.visible_to(user, FieldPerm.VIEW_FIELD_FORMS)
        .select_related("country", "cycle", "site")
        .annotate(
            received=Count("submissions"),
            waiting=Count("submissions", filter=Q(submissions__status=Submission.Status.REVIEW)),
        )
        .order_by("title")
    )


def field_form(*, user: AnyUser, pk: int, manage: bool = False) -> FieldForm:
    """A form the user sees (and, with `manage`, manages: 403 otherwise)."""
    return fetch(
        FieldForm.objects.select_related("country", "cycle", "site"),
        user,
        pk,
        perm=FieldPerm.VIEW_FIELD_FORMS,
        write=FieldPerm.MANAGE_FIELD_FORMS if manage else None,
    )


def field_form_list(*, user: AnyUser) -> QuerySet[FieldForm]:
    """The forms the user sees, as the API lists them: with their counts and the version
    devices download now (its number, hash and publication)."""
    latest = FormVersion.objects.filter(form=OuterRef("pk")).order_by("-published_at", "-pk")
    return (
        field_forms(user=user)
        .annotate(
            version=Subquery(latest.values("version")[:1]),
            md5=Subquery(latest.values("md5")[:1]),
            published_at=Subquery(latest.values("published_at")[:1]),
        )
        .order_by("title", "pk")
    )


def form_versions(*, form: FieldForm) -> QuerySet[FormVersion]:
    return form.versions.select_related("published_by").order_by("-published_at", "-pk")


def submissions(*, user: AnyUser) -> QuerySet[Submission]:
    return Submission.objects.visible_to(user, FieldPerm.VIEW_FIELD_FORMS).select_related(
        "form", "device", "submitted_by"
    )


def submission_list(*, user: AnyUser) -> QuerySet[Submission]:
    """The submissions the user sees, newest first, as the API lists them."""
    require_permission(user, FieldPerm.VIEW_FIELD_FORMS)
    return (
        submissions(user=user)
        .select_related("replaces", "decided_by")
        .order_by("-received_at", "-pk")
    )


def review_queue(*, user: AnyUser) -> QuerySet[Submission]:
    return submissions(user=user).filter(status=Submission.Status.REVIEW).order_by("received_at")


def per_day(*, user: AnyUser, days: int = DAYS_SHOWN) -> list[Any]:
    """Submissions per day over the last `days` days, newest first."""
    since = timezone.now() - datetime.timedelta(days=days)
    return list(
        submissions(user=user)
        .filter(received_at__gte=since)
        .annotate(day=TruncDate("received_at"))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("-day")
    )


def per_device(*, user: AnyUser) -> list[Any]:
    """Submissions per device (or person, without a device)."""
    return list(
        submissions(user=user)
        .values("device__label", "submitted_by__email")
        .annotate(count=Count("pk"))
        .order_by("-count", "device__label", "submitted_by__email")[:50]
    )


@dataclass(frozen=True)
class Became:
    label: str
    url: str


# The permission each kind of record with a page is opened with, as its page fetches it.
OPENED_WITH = {
    "registry.household": RegistryPerm.VIEW_REGISTRY,
    "registry.person": RegistryPerm.VIEW_REGISTRY,
    "assistance.distribution": AssistancePerm.VIEW_ASSISTANCE,
}


def became(*, user: AnyUser, submission: Submission) -> list[Became]:
    """What a submission became, each linked to its page where the user may open it."""
    results = []
    for label, pk in submission.records:
        model = apps.get_model(label)
        record = model._default_manager.filter(pk=pk).first()
        name = str(model._meta.verbose_name).capitalize()
        if record is None:
            results.append(Became(f"{name} {pk}", ""))
            continue
        opens = label in OPENED_WITH and may_open(user, OPENED_WITH[label], record)
        results.append(Became(f"{name} {record}", record.get_absolute_url() if opens else ""))
    return results


def submission_for(*, user: AnyUser, pk: int, review: bool = False) -> Submission:
    return fetch(
        Submission.objects.select_related("form__country", "device", "submitted_by", "replaces"),
        user,
        pk,
        perm=FieldPerm.VIEW_FIELD_FORMS,
        write=FieldPerm.REVIEW_SUBMISSIONS if review else None,
    )


def attachment_for(*, user: AnyUser, pk: int) -> Attachment:
    """A file sent with a submission the user may see (404 outside their scope)."""
    return fetch(
        Attachment.objects.select_related("submission"),
        user,
        pk,
        perm=FieldPerm.VIEW_FIELD_FORMS,
        rule=Submission.scope_rule.under("submission"),
    )


def withheld_fields(*, user: AnyUser) -> set[str]:
    """The values a reader sees masked and may not correct: the personal ones, for a reader
    without protection clearance."""
    return set() if has_protection_clearance(user) else set(PERSONAL_FIELDS)


def shown_values(*, user: AnyUser, submission: Submission) -> dict[str, Any]:
    """The submission's values; names, birth dates, phones and numbers masked for a reader
    without protection clearance."""
    values = submission_values(submission)
    withheld = withheld_fields(user=user)
    if not withheld:
        return values

    def masked(row: dict[str, Any]) -> dict[str, Any]:
        return {
            name: mask(str(value)) if name in withheld else value for name, value in row.items()
        }

    return {
        name: [masked(row) for row in value] if isinstance(value, list) else value
        for name, value in masked(values).items()
    }


def refused_sends(*, user: AnyUser) -> QuerySet[RefusedSend]:
    """The sends refused before anything was stored, latest first: those of the forms and
    devices of the reader's countries, and the reader's own."""
    require_permission(user, FieldPerm.VIEW_FIELD_FORMS)
    visible = RefusedSend.objects.visible_to(user, FieldPerm.VIEW_FIELD_FORMS)
    if isinstance(user, User):
        visible = visible | RefusedSend.objects.filter(submitted_by=user)
    return visible.select_related("form", "device", "submitted_by").order_by("-received_at", "-pk")


# A role assignment is in a manager's reach by the countries it names; one naming none (every
# country) only in the reach of a manager of every country.
ASSIGNMENT_RULE = ScopeRule(country="countries", programme=ACROSS, organisation=ACROSS)


def field_users(*, scope: Scope) -> QuerySet[User]:
    """Whom a device or a Kobo project may act as, for a manager with `scope`: the active
    users who fill in field forms through a role in a country the manager reaches (and, for
    a manager of every country, the superusers); no one else is offered, nor accepted."""
    roles = [role for role, held in ROLE_PERMISSIONS.items() if FieldPerm.VIEW_FIELD_FORMS in held]
    assignments = scope.filter(RoleAssignment.objects.filter(role__in=roles), rule=ASSIGNMENT_RULE)
    reached = Q(pk__in=assignments.values("user"))
    if scope.every_country:
        reached |= Q(is_superuser=True)
    return User.objects.filter(reached, is_active=True).order_by("email")


def devices(*, user: AnyUser) -> QuerySet[Device]:
    require_permission(user, FieldPerm.MANAGE_FIELD_FORMS)
    return (
        Device.objects.visible_to(user, FieldPerm.MANAGE_FIELD_FORMS)
        .select_related("user", "site", "admin_area", "country")
        .annotate(received=Count("submissions"))
        .order_by("revoked_at", "label")
    )


def device_list(*, user: AnyUser) -> QuerySet[Device]:
    """The devices the user manages, as the API lists them: by label, with the forms each
    may fetch."""
    return devices(user=user).prefetch_related("forms").order_by("label", "pk")


def device_for(*, user: AnyUser, pk: int) -> Device:
    return fetch(Device.objects.all(), user, pk, perm=FieldPerm.MANAGE_FIELD_FORMS)


def kobo_sources(*, user: AnyUser) -> QuerySet[KoboSource]:
    require_permission(user, FieldPerm.MANAGE_FIELD_FORMS)
    return KoboSource.objects.visible_to(user, FieldPerm.MANAGE_FIELD_FORMS).select_related(
        "form", "acting_user"
    )


@dataclass(frozen=True)
class KoboAccountProject:
    """A survey of the Kobo account, and whether it is connected: `managed` is the connected
    project the reader may change (None when none, or one of another country's)."""

    project: KoboProject
    connected: bool
    managed: int | None


def kobo_account_projects(
    *, user: AnyUser, server_url: str, fetch: Callable[[str], dict[str, Any]]
) -> tuple[list[KoboAccountProject], bool]:
    """The surveys the server's Kobo token opens on `server_url`, by name, each marked
    connected or not, and whether the account has more than were read (one of KOBO_FAILURES
    raised when the server gives no page)."""
    require_permission(user, FieldPerm.MANAGE_FIELD_FORMS)
    listing = kobo_projects(server_url, fetch=fetch)
    projects = listing.projects
    uids = [project.uid for project in projects]
    connected = set(
        KoboSource.objects.filter(asset_uid__in=uids).values_list("asset_uid", flat=True)
    )
    managed = dict(
        KoboSource.objects.visible_to(user, FieldPerm.MANAGE_FIELD_FORMS)
        .filter(asset_uid__in=uids)
        .values_list("asset_uid", "pk")
    )
    rows = [
        KoboAccountProject(
            project=project,
            connected=project.uid in connected,
            managed=managed.get(project.uid),
        )
        for project in projects
    ]
    return rows, listing.more


# A connected Kobo project the user may manage (404 outside their countries).
fetch_kobo_source = partial(
    fetch,
    KoboSource.objects.select_related("form", "acting_user"),
    perm=FieldPerm.MANAGE_FIELD_FORMS,
)


def _monitoring_submissions(person: Person) -> set[int]:
    """The submissions of post-distribution monitoring for a sampled row of `person` or of
    their household (what their file lists): those that wrote its answers, and those not
    applied (kept for review, set aside, replaced) whose values name the sampled row."""
    samples = list(
        person_monitoring_samples(person=person).values_list(
            "pk", "monitoring__cycle_id", "invitation_id"
        )
    )
    monitoring = Submission.objects.filter(form__purpose=Purpose.MONITORING)
    found: set[int] = set()
    responses = SurveyResponse.objects.filter(invitation__in=[row[2] for row in samples])
    for response in responses.values_list("pk", flat=True).order_by("pk"):
        item = [SurveyResponse._meta.label_lower, response]
        found |= set(holding(monitoring, "records", item).values_list("pk", flat=True))
    sampled = {str(row[0]) for row in samples}
    unapplied = (
        monitoring.filter(form__cycle_id__in={row[1] for row in samples})
        .exclude(status=Submission.Status.APPLIED)
        .exclude(sealed="")
    )
    found |= {
        submission.pk
        for submission in unapplied.order_by("pk")
        if str(submission_values(submission).get("sample", "")).strip() in sampled
    }
    return found


def person_submissions(*, person: Person) -> QuerySet[Submission]:
    """The submissions that registered or changed `person` (a registry record the caller
    fetched and authorised) or answered post-distribution monitoring for them or their
    household, and the edits of them, applied or waiting for review."""
    found = set(
        holding(
            Submission.objects.all(), "records", [Person._meta.label_lower, person.pk]
        ).values_list("pk", flat=True)
    )
    found |= _monitoring_submissions(person)
    edits = set(Submission.objects.filter(replaces__in=found).values_list("pk", flat=True))
    while edits - found:
        found |= edits
        edits = set(Submission.objects.filter(replaces__in=found).values_list("pk", flat=True))
    return (
        Submission.objects.filter(pk__in=found).select_related("form").order_by("received_at", "pk")
    )


def person_submission_holdings(person: Person) -> list[Holding]:
    """The submissions of `person`, as their own file lists them."""
    return [
        records_table(
            "submissions",
            _("Field submissions"),
            Submission,
            ("instance_id", "form", "received_at", "channel", "status"),
            person_submissions(person=person),
        )
    ]
