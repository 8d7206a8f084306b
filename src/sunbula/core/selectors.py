"""Every read of core records that a page, the API or a report needs, scoped to the user."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any, TypeVar, cast

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Field,
    ForeignObjectRel,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from sunbula.core.access import (
    ORGANISATION_LIMITED_ROLES,
    AnyUser,
    programme_limits,
    require_permission,
    scope_for,
)
from sunbula.core.audit import FACT_LABELS, READING_VERBS, VERB_LABELS
from sunbula.core.choices import item_labels
from sunbula.core.fields import ITEM_CHOICES
from sunbula.core.lists import joined
from sunbula.core.models import (
    AdminArea,
    ApiToken,
    AuditEntry,
    Country,
    ExchangeRate,
    MemberState,
    Notification,
    NotificationPreference,
    Organisation,
    RoleAssignment,
    ScheduleRun,
    Site,
    User,
)
from sunbula.core.notifications import notice_kinds
from sunbula.core.permissions import Perm
from sunbula.core.reasons import reason_text
from sunbula.core.schedules import Schedule, schedules

M = TypeVar("M", bound=Model)


def last_change() -> int:
    """The id of the newest audit entry of a change. Every write goes through a service that
    leaves one in the same transaction, so figures cached under this number (a dashboard's
    `{% cache %}` fragment) stay true until the next write: no invalidation to forget.
    Entries that record a reading (audit.READING_VERBS) are not changes."""
    readings = reduce(or_, (Q(action__endswith=f".{verb}") for verb in READING_VERBS))
    changes = AuditEntry.objects.exclude(readings).order_by("-pk")
    return changes.values_list("pk", flat=True).first() or 0


def count_per_row(related: QuerySet[Model], link: str) -> Coalesce:
    """How many `related` records point at each row (by their field `link`), as an
    annotation the database works out for the rows a page shows, not for every row as a
    join grouped over the whole list would."""
    counted = (
        related.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def matching(
    queryset: QuerySet[M], search: str, *lookups: str, distinct: bool = False
) -> QuerySet[M]:
    """The rows where any of the `lookups` (`"title__icontains"`, `"p_code__iexact"`) takes
    the search text; every row when the text is blank. `distinct` where a lookup crosses a
    to-many relation, so that a row matching twice is listed once."""
    search = search.strip()
    if not search:
        return queryset
    found = queryset.filter(reduce(or_, (Q(**{lookup: search}) for lookup in lookups)))
    return found.distinct() if distinct else found


def where_given(queryset: QuerySet[M], **conditions: object) -> QuerySet[M]:
    """The rows that meet each of the `conditions` (`status="open"`, `country=country`) a
    list's reader gave: one left blank (empty text or None) is no condition. Each is applied
    on its own, in order, as a chain of `filter` calls would (which matters across a
    to-many relation)."""
    for lookup, value in conditions.items():
        if value is not None and value != "":
            queryset = queryset.filter(**{lookup: value})
    return queryset


def holding(queryset: QuerySet[M], path: str, item: int | str | list[object]) -> QuerySet[M]:
    """The rows whose JSON list at `path` (a JSON field, or a key of it: `"after__people"`)
    holds `item`, found by the database: by containment on PostgreSQL, through `json_each` on
    SQLite (Django offers no containment there)."""
    if connection.vendor == "postgresql":
        return queryset.filter(**{f"{path}__contains": [item]})
    name, *keys = path.split("__")
    field = queryset.model._meta.get_field(name)
    column = f'"{queryset.model._meta.db_table}"."{getattr(field, "column", name)}"'
    # A list or mapping in the list is compared as JSON text, which json() writes compactly.
    compared, value = ("json(%s)", json.dumps(item)) if isinstance(item, list) else ("%s", item)
    # The table and column come from the model; the path and the value are parameters.
    held = RawSQL(  # noqa: S611
        f"EXISTS (SELECT 1 FROM json_each({column}, %s) WHERE json_each.value = {compared})",  # noqa: S608
        ("$" + "".join(f".{key}" for key in keys), value),
        output_field=BooleanField(),
    )
    return cast("QuerySet[M]", queryset.alias(held_item=held).filter(held_item=True))


def name_matching(
    queryset: QuerySet[M], search: str, *lookups: str, name: str = "name"
) -> QuerySet[M]:
    """The rows whose English `name`, any translation of it, or any of the `lookups` (as in
    `matching`) takes the search text; every row when the text is blank. Translations are
    searched as text, the same on SQLite and PostgreSQL."""
    search = search.strip()
    if not search:
        return queryset
    annotated = queryset.annotate(translations_text=Cast(f"{name}_translations", TextField()))
    every = (f"{name}__icontains", "translations_text__icontains", *lookups)
    return cast("QuerySet[M]", matching(annotated, search, *every))


def organisation_list(
    *,
    user: AnyUser,
    search: str = "",
    kind: str = "",
    country: str = "",
    iati_type: str = "",
) -> QuerySet[Organisation]:
    require_permission(user, Perm.VIEW_REFERENCE)
    organisations = Organisation.objects.select_related("country", "parent")
    organisations = name_matching(
        organisations, search, "acronym__icontains", "iati_identifier__icontains"
    )
    organisations = where_given(
        organisations, kind=kind, iati_type=iati_type, country__iso3=country.upper()
    )
    return organisations.order_by("name")


def member_state_list(
    *, user: AnyUser, search: str = "", iofs_membership: str = "", oic_status: str = ""
) -> QuerySet[MemberState]:
    require_permission(user, Perm.VIEW_REFERENCE)
    states = MemberState.objects.select_related("country")
    states = name_matching(
        states, search, "country__iso3__iexact", "country__iso2__iexact", name="country__name"
    )
    states = where_given(states, iofs_membership=iofs_membership, oic_status=oic_status)
    return states.order_by("country__name")


def member_state_detail(*, user: AnyUser, iso3: str) -> MemberState:
    require_permission(user, Perm.VIEW_REFERENCE)
    return MemberState.objects.select_related("country").get(country__iso3=iso3.upper())


def country_options(*, user: AnyUser, permission: str) -> QuerySet[Country]:
    """The countries a form or a list's filter offers: those the user holds `permission` in."""
    return scope_for(user, permission).filter(Country.objects.all(), country_field="pk")


def country_list(*, user: AnyUser) -> QuerySet[Country]:
    require_permission(user, Perm.VIEW_REFERENCE)
    return Country.objects.order_by("name")


def admin_area_list(
    *, user: AnyUser, country: str = "", level: int | None = None, parent: str = ""
) -> QuerySet[AdminArea]:
    require_permission(user, Perm.VIEW_REFERENCE)
    areas = AdminArea.objects.select_related("country", "parent")
    areas = where_given(areas, country__iso3=country.upper(), level=level, parent__p_code=parent)
    return areas.order_by("p_code")


def exchange_rate_list(*, user: AnyUser, currency: str = "") -> QuerySet[ExchangeRate]:
    require_permission(user, Perm.VIEW_REFERENCE)
    rates = ExchangeRate.objects.select_related("currency")
    rates = where_given(rates, currency__code=currency.upper())
    return rates.order_by("currency__code", "-valid_from")


def site_list(
    *, user: AnyUser, search: str = "", kind: str = "", country: str = ""
) -> QuerySet[Site]:
    """Sites in the user's countries only."""
    scope = require_permission(user, Perm.VIEW_SITE)
    sites = scope.filter(
        Site.objects.select_related("country", "admin_area", "operating_organisation")
    )
    sites = name_matching(
        sites, search, "admin_area__p_code__icontains", "admin_area__name__icontains"
    )
    sites = where_given(sites, kind=kind, country__iso3=country.upper())
    return sites.order_by("name")


def audit_list(
    *,
    user: AnyUser,
    action: str = "",
    actor: str = "",
    record_type: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    require_permission(user, Perm.VIEW_AUDIT)
    entries = AuditEntry.objects.select_related("content_type")
    entries = where_given(
        entries,
        action__startswith=action,
        actor_email__icontains=actor,
        created_at__date__gte=since,
        created_at__date__lte=until,
    )
    if record_type:
        app_label, _dot, model = record_type.partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model)
    return entries.order_by("-created_at", "-id")


def _audit_value(value: object) -> str:
    """A value of an audit entry as the reader reads it: text as it is, yes or no, a dash for
    nothing, a stored reason in the reader's language, a list item by item, a mapping as its
    `key: value` pairs, a number as JSON writes it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None:
        return "—"
    if isinstance(value, list):
        return joined(_audit_value(item) for item in value)
    if isinstance(value, dict):
        if "message" in value and set(value) <= {"message", "params"}:
            return reason_text(value)
        return "; ".join(f"{key}: {_audit_value(item)}" for key, item in value.items())
    return json.dumps(value)


def audit_field(model: type[Model] | None, key: str) -> Field[Any, Any] | ForeignObjectRel | None:
    """The field an audit entry's `key` names on `model`, across relations where it reads
    `entitlement__status`; None where it names none."""
    field = None
    for part in key.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model if field.is_relation else None
    return field


def audit_label(model: type[Model] | None, key: str) -> str:
    """What the reader calls an audit entry's `key` on a record of `model`: the field's name
    (a related record's kind, where the key names records linked to it), or the name
    `FACT_LABELS` gives it; the key itself where neither does."""
    field = audit_field(model, key)
    if isinstance(field, ForeignObjectRel):
        return str(capfirst(field.related_model._meta.verbose_name_plural))
    if field is not None:
        return str(capfirst(field.verbose_name))
    if key in FACT_LABELS:
        return str(FACT_LABELS[key])
    return capfirst(key.replace("_", " "))


def audit_action(entry: AuditEntry) -> str:
    """What an entry records, in the reader's language: the kind of record and what was done
    to it ("Waybill · dispatched"); the action as written where either is not known."""
    app, _dot, rest = entry.action.partition(".")
    record, _dot, verb = rest.rpartition(".")
    model = entry.content_type.model_class() if entry.content_type is not None else None
    if model is None:
        try:
            model = apps.get_model(app, record)
        except (LookupError, ValueError):
            return entry.action
    if verb not in VERB_LABELS:
        return entry.action
    return f"{capfirst(model._meta.verbose_name)} · {VERB_LABELS[verb]}"


def audit_values(entry: AuditEntry, side: str) -> list[tuple[str, str]]:
    """One side ("before" or "after") of an entry's change as readable (field, value) pairs,
    in the reader's language: each field as `audit_label` names it, a choice by its label."""
    values = getattr(entry, side)
    if values is None:
        return []
    if not isinstance(values, dict):
        return [("", _audit_value(values))]
    model = entry.content_type.model_class() if entry.content_type is not None else None
    pairs = []
    for key, value in values.items():
        field = audit_field(model, key)
        choices = dict(getattr(field, "flatchoices", None) or ())
        # A choice by its label, as the record's page shows it; a list of choices likewise.
        if isinstance(value, str) and value in choices:
            shown = str(choices[value])
        elif isinstance(value, list) and field is not None and hasattr(field, ITEM_CHOICES):
            shown = item_labels(field, value)
        else:
            shown = _audit_value(value)
        pairs.append((audit_label(model, key), shown))
    return pairs


def audit_record_types() -> list[tuple[str, str]]:
    """The kinds of record the audit log names, once each, as (app.model, readable name).

    Read from the content types (a few dozen rows), not from the entries (many thousands)."""
    kinds = ContentType.objects.filter(
        pk__in=AuditEntry.objects.filter(content_type__isnull=False)
        .order_by()
        .values("content_type")
    )
    named: list[tuple[str, str]] = []
    for kind in kinds:
        model = kind.model_class()
        label = capfirst(str(model._meta.verbose_name)) if model else kind.model
        named.append((f"{kind.app_label}.{kind.model}", label))
    labels = [label for _value, label in named]
    return sorted(
        (
            (value, f"{label} ({value.partition('.')[0]})" if labels.count(label) > 1 else label)
            for value, label in named
        ),
        key=lambda choice: choice[1].casefold(),
    )


@dataclass(frozen=True)
class CoreFigures:
    organisations: int
    member_states: int
    iofs_members: int
    sites: int


def core_figures(*, user: AnyUser) -> CoreFigures:
    """The counts on the home page tiles, in two queries."""
    require_permission(user, Perm.VIEW_REFERENCE)
    states = MemberState.objects.aggregate(
        total=Count("pk"), iofs=Count("pk", filter=Q(iofs_membership="member"))
    )
    sites = site_list(user=user).count()
    return CoreFigures(
        organisations=Organisation.objects.count(),
        member_states=states["total"],
        iofs_members=states["iofs"],
        sites=sites,
    )


# Users and roles


def user_list(
    *, user: AnyUser, search: str = "", role: str = "", active: str = ""
) -> QuerySet[User]:
    """Accounts, for those who administer users; with their roles, for the list."""
    require_permission(user, Perm.MANAGE_USERS)
    users = User.objects.prefetch_related(
        "role_assignments__organisation", "role_assignments__countries"
    )
    limits = programme_limits()
    if limits is not None:
        # The limits with their programmes in one query, run whenever the page lists a role.
        relation, programme = limits.path.split("__", 1)
        kept = RoleAssignment._meta.get_field(relation).related_model
        users = users.prefetch_related(
            Prefetch(
                f"role_assignments__{relation}",
                queryset=kept._default_manager.select_related(programme),  # type: ignore[union-attr]
            )
        )
    users = matching(users, search, "email__icontains", "full_name__icontains")
    if role:
        users = users.filter(role_assignments__role=role).distinct()
    if active in ("yes", "no"):
        users = users.filter(is_active=active == "yes")
    return users.order_by("email")


def role_assignment_list(*, user: AnyUser, holder: User | None = None) -> QuerySet[RoleAssignment]:
    """Role assignments with their countries and programme limits (where an app keeps them)."""
    require_permission(user, Perm.MANAGE_USERS)
    assignments = RoleAssignment.objects.select_related("user", "organisation").prefetch_related(
        "countries"
    )
    limits = programme_limits()
    if limits is not None:
        assignments = assignments.prefetch_related(limits.path)
    return where_given(assignments, user=holder).order_by("user__email", "role", "pk")


def programme_limits_of(assignment: RoleAssignment) -> list[Model]:
    """The programmes an assignment is limited to (none: every programme)."""
    limits = programme_limits()
    if limits is None:
        return []
    relation, _field = limits.path.split("__", 1)
    return [getattr(limit, _field) for limit in getattr(assignment, relation).all()]


def role_summary(assignment: RoleAssignment) -> str:
    """A role with what it reaches, as the users list reads it: "Programme officer (IOFS):
    Afghanistan · AFSP", its countries (or every country), the programmes it is limited to
    and, for a role that sees only its own organisation's records, that limit. Read from
    what `user_list` prefetched: no query of its own."""
    organisation = assignment.organisation
    countries = sorted(country.local_name for country in assignment.countries.all())
    parts = [
        _("%(role)s (%(organisation)s): %(countries)s")
        % {
            "role": assignment.get_role_display(),
            "organisation": organisation.acronym or organisation.local_name,
            "countries": joined(countries) or _("Every country"),
        }
    ]
    programmes = programme_limits_of(assignment)
    if programmes:
        parts.append(joined(getattr(programme, "code", str(programme)) for programme in programmes))
    if assignment.role in ORGANISATION_LIMITED_ROLES:
        parts.append(_("own organisation's records only"))
    return " · ".join(parts)


def api_token_list(
    *, user: AnyUser, owner: User | None = None, search: str = "", live: str = ""
) -> QuerySet[ApiToken]:
    """API tokens, newest first: `owner`'s own (anyone may list their own), or everyone's for
    those who administer users."""
    tokens = ApiToken.objects.select_related("user")
    if owner is None or getattr(user, "pk", None) != owner.pk:
        require_permission(user, Perm.MANAGE_USERS)
    tokens = where_given(tokens, user=owner)
    tokens = matching(tokens, search, "user__email__icontains", "name__icontains", "prefix")
    now = timezone.now()
    if live == "yes":
        tokens = tokens.filter(revoked_at=None, expires_at__gt=now)
    elif live == "no":
        tokens = tokens.filter(Q(revoked_at__isnull=False) | Q(expires_at__lte=now))
    return tokens.order_by("-created_at", "-pk")


# Notifications and schedules


def notification_list(*, user: AnyUser, unread_only: bool = False) -> QuerySet[Notification]:
    """The signed-in user's own notices, newest first (nobody reads another's)."""
    if not isinstance(user, User):
        return Notification.objects.none()
    notices = Notification.objects.filter(recipient=user)
    if unread_only:
        notices = notices.filter(read_at__isnull=True)
    return notices.order_by("-created_at", "-id")


def unread_notification_count(*, user: AnyUser) -> int:
    """One query: how many of the user's notices are unread."""
    if not isinstance(user, User):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_email_choices(*, user: User) -> dict[str, bool]:
    """Kind by kind, whether the user takes it by e-mail (the kind's default where unset)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind.code: chosen.get(kind.code, kind.email) for kind in notice_kinds()}


@dataclass(frozen=True)
class ScheduleStatus:
    schedule: Schedule
    last_run: ScheduleRun | None


def schedule_overview(*, user: AnyUser) -> list[ScheduleStatus]:
    """Every schedule with its latest run, for administrators."""
    require_permission(user, Perm.VIEW_SCHEDULES)
    declared = schedules()
    latest: dict[str, ScheduleRun] = {}
    for run in ScheduleRun.objects.filter(name__in=[item.name for item in declared]).order_by(
        "name", "-due_at"
    ):
        latest.setdefault(run.name, run)
    return [ScheduleStatus(schedule, latest.get(schedule.name)) for schedule in declared]
