"""What a submission becomes, purpose by purpose: the same forms, access checks and services
as the pages, acting as the submitter. A rule that refuses (already served, no stock, out of
scope, a bad value) raises, and the caller keeps the submission for review."""

from __future__ import annotations

import codecs
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from django import forms
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import IntegrityError, models
from django.http import Http404
from django.utils.translation import gettext_lazy, gettext_noop
from django_stubs_ext import StrPromise

from sunbula.assistance import services as assistance
from sunbula.assistance.models import Cycle, Distribution, Entitlement, MonitoringSample
from sunbula.assistance.offline import beneficiaries_at, point_of
from sunbula.assistance.permissions import AssistancePerm
from sunbula.core.access import fetch, scope_for
from sunbula.core.errors import DomainError
from sunbula.core.exports import Table, table_bytes
from sunbula.core.models import AdminArea, User
from sunbula.core.reasons import Reason, record_name, untranslated
from sunbula.fieldforms.models import Device, FieldForm, Purpose, Submission
from sunbula.fieldforms.xforms import Values
from sunbula.learning import services as learning
from sunbula.learning.access import CHANGING_EVENTS
from sunbula.learning.models import Event, EventSession, Registration, SurveyOption, SurveyQuestion
from sunbula.learning.permissions import LearningPerm
from sunbula.monitoring import selectors as monitoring_selectors
from sunbula.monitoring import services as monitoring
from sunbula.monitoring.forms import PriceForm
from sunbula.monitoring.models import Market, PriceObservation
from sunbula.registry import services as registry
from sunbula.registry.forms import HeadcountForm
from sunbula.registry.models import Household, Institution, Person
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.record_forms import HouseholdForm

# A refusal from any of these keeps the submission for review, with its message.
REFUSALS = (
    DomainError,
    ValidationError,
    PermissionDenied,
    Http404,
    ObjectDoesNotExist,
    IntegrityError,
)


class Refused(DomainError):
    """A submission breaks a rule; its reasons say which, each kept untranslated (a message
    and its parameters), so that every reader of the review queue reads them in their own
    language."""

    def __init__(self, *reasons: Reason) -> None:
        super().__init__(*reasons)
        self.reasons = reasons

    def __str__(self) -> str:
        return " ".join(str(reason) for reason in self.reasons)


@dataclass(frozen=True)
class Context:
    form: FieldForm
    actor: User
    device: Device | None
    instance_id: str
    # The applied submission this one edits (its deprecatedID), if any.
    edits: Submission | None


OUTSIDE_SCOPE = Reason(gettext_noop("Outside the submitter's scope."))
NO_SUCH_RECORD = Reason(gettext_noop("The submission names a record that does not exist."))
EXISTS_ALREADY = Reason(gettext_noop("The record exists already."))
FIELD_REASON = gettext_noop("%(field)s: %(reason)s")
PRICE_REASON = gettext_noop("Price %(number)s: %(reason)s")


def refusal_reasons(error: Exception) -> tuple[Reason, ...]:
    """A refusal as the reasons a reviewer reads, each kept untranslated. A rule's message
    that the catalogues know is shown in the reader's language; one raised as finished text
    is shown as it was raised."""
    if isinstance(error, Refused):
        return error.reasons
    if isinstance(error, PermissionDenied | Http404):
        return (OUTSIDE_SCOPE,)
    if isinstance(error, ObjectDoesNotExist):
        return (NO_SUCH_RECORD,)
    if isinstance(error, IntegrityError):
        return (EXISTS_ALREADY,)
    if isinstance(error, ValidationError):
        return tuple(_validation_reasons(error))
    return (Reason(str(error)),)


def _stored_param(value: object) -> object:
    """A message's parameter as a stored reason keeps it: a lazy text (a field's label)
    untranslated, to be translated with the message; a number or text as it is."""
    if isinstance(value, StrPromise):
        return Reason(untranslated(value))
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _validation_reasons(error: ValidationError) -> Iterator[Reason]:
    """Each message of a validation error, after the field it concerns."""
    fields = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: [error]}
    for field, errors in fields.items():
        for each in ValidationError(errors).error_list:
            params = {name: _stored_param(value) for name, value in (each.params or {}).items()}
            reason = Reason(untranslated(each.message), params)
            if field == NON_FIELD_ERRORS:
                yield reason
            else:
                yield Reason(FIELD_REASON, {"field": field, "reason": reason})


def _form_refusal(form: forms.BaseForm) -> Refused:
    return Refused(*refusal_reasons(ValidationError(dict(form.errors.as_data()))))


def _text(values: Values, name: str) -> str:
    value = values.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def instance_uuid(instance_id: str) -> uuid.UUID:
    """The instance id as a UUID (ODK's `uuid:…`, or one derived from any other id)."""
    try:
        return uuid.UUID(instance_id.removeprefix("uuid:"))
    except ValueError:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"sunbula:instance:{instance_id}")


def _records_of(submission: Submission | None, model: type[models.Model]) -> list[int]:
    label = model._meta.label_lower
    return [pk for name, pk in (submission.records if submission else []) if name == label]


# Household registration


def _device_area(device: Device | None) -> AdminArea | None:
    """The area a device records in: the one it is kept to, or that of the site it is kept
    to (a device kept to a site registers no household beyond the site's area)."""
    if device is None:
        return None
    if device.admin_area is not None:
        return device.admin_area
    return device.site.admin_area if device.site is not None else None


def _within(area: AdminArea | None, limit: AdminArea) -> bool:
    return area is not None and area.p_code.startswith(limit.p_code)


def _outside_area(limit: AdminArea, place: object) -> Refused:
    return Refused(
        Reason(
            gettext_noop("This device records only in %(area)s; %(place)s is outside it."),
            {"area": record_name(limit), "place": str(place)},
        )
    )


def _outside_site(device: Device, place: object) -> Refused:
    return Refused(
        Reason(
            gettext_noop("This device records only at %(site)s; %(place)s is elsewhere."),
            {"site": record_name(device.site), "place": str(place)},
        )
    )


def _area(context: Context, p_code: str) -> AdminArea | None:
    limit = _device_area(context.device)
    if not p_code:
        if limit is not None:
            # A device kept to an area records nothing outside it, nor where it was left out.
            raise Refused(
                Reason(
                    gettext_noop(
                        "This device records only in %(area)s: give the p-code of the area."
                    ),
                    {"area": str(limit)},
                )
            )
        return None
    area = AdminArea.objects.filter(country=context.form.country, p_code=p_code).first()
    if area is None:
        raise Refused(
            Reason(
                gettext_noop("No area of %(country)s has the p-code %(code)s."),
                {"country": record_name(context.form.country), "code": p_code},
            )
        )
    if limit is not None and not _within(area, limit):
        raise _outside_area(limit, f"{area} ({area.p_code})")
    return area


def household_apply(context: Context, values: Values) -> list[models.Model]:
    """A household and its members, as the household and registration pages record them."""
    area = _area(context, _text(values, "admin_area"))
    scope = scope_for(context.actor, RegistryPerm.MANAGE_REGISTRY)
    if (
        not scope.granted
        or not scope.filter(
            type(context.form.country)._default_manager.filter(pk=context.form.country_id)
        ).exists()
    ):
        raise PermissionDenied
    data = {
        "country": context.form.country_id,
        "reference": _text(values, "reference"),
        "external_id": "",
        "admin_area": area.pk if area else "",
        "displacement_status": _text(values, "displacement_status"),
        "vulnerabilities": _text(values, "vulnerabilities").split(),
    }
    edited = _records_of(context.edits, Household)
    if edited:
        household = fetch(
            Household.objects.all(),
            context.actor,
            edited[0],
            perm=RegistryPerm.VIEW_REGISTRY,
            write=RegistryPerm.MANAGE_REGISTRY,
        )
        form = HouseholdForm(data, instance=household, scope=scope)
        if not form.is_valid():
            raise _form_refusal(form)
        household = registry.household_update(
            actor=context.actor, household=household, **form.cleaned_data
        )
        return [household, *_members_apply(context, household, values)]
    form = HouseholdForm(data, scope=scope)
    if not form.is_valid():
        raise _form_refusal(form)
    household = registry.household_create(actor=context.actor, **form.cleaned_data)
    return [household, *_members_apply(context, household, values)]


class Member(TypedDict):
    """A household member's row as the person services take it."""

    given_name: str
    family_name: str
    sex: str
    birth_date: str
    phone: str


def _member(row: Values) -> Member:
    return Member(
        given_name=_text(row, "given_name"),
        family_name=_text(row, "family_name"),
        sex=_text(row, "sex"),
        birth_date=_text(row, "birth_date"),
        phone=_text(row, "phone"),
    )


def _members_apply(context: Context, household: Household, values: Values) -> list[Person]:
    """The household's members in the order the form lists them: an edit changes the people
    the edited submission recorded, row by row, and registers the rows added; people it no
    longer lists stay in the registry as they were."""
    earlier = _records_of(context.edits, Person)
    members = values.get("member") or []
    people: list[Person] = []
    for number, member in enumerate(members if isinstance(members, list) else []):
        given = _member(member)
        if number < len(earlier):
            person = fetch(
                Person.objects.all(),
                context.actor,
                earlier[number],
                perm=RegistryPerm.VIEW_REGISTRY,
                write=RegistryPerm.MANAGE_REGISTRY,
            )
            people.append(registry.person_update(actor=context.actor, person=person, **given))
            continue
        people.append(
            registry.person_register(
                actor=context.actor,
                country=household.country,
                household=household,
                relation_to_head=Person.Relation.HEAD if number == 0 else "",
                admin_area=household.admin_area,
                displacement_status=household.displacement_status,
                **given,
            )
        )
    untouched = earlier[len(people) :]
    return [*people, *Person.objects.filter(pk__in=untouched).order_by("pk")]


# Distribution at a site for a cycle


def _decimal(values: Values, name: str) -> Decimal:
    try:
        return Decimal(_text(values, name))
    except InvalidOperation as error:
        raise ValidationError({name: gettext_lazy("Enter a number.")}) from error


def _date(values: Values, name: str) -> Any:
    field = forms.DateField()
    return field.clean(_text(values, name)[:10])


def distribution_apply(context: Context, values: Values) -> list[models.Model]:
    """A hand-over, as the distribution point records it: once per instance id."""
    form = context.form
    if form.cycle_id is None or form.site_id is None:
        raise Refused(Reason(gettext_noop("This form is not bound to a cycle and a site.")))
    cycle, site = point_of(context.actor, form.cycle_id, form.site_id)
    device = context.device
    if device is not None and device.site_id not in (None, site.pk):
        raise _outside_site(device, site)
    entitlements = Entitlement.objects.select_related("cycle", "beneficiary", "commodity").filter(
        cycle=cycle
    )
    if _text(values, "entitlement"):
        try:
            entitlement = entitlements.filter(pk=int(_text(values, "entitlement"))).first()
        except ValueError as error:
            raise ValidationError(
                {"entitlement": gettext_lazy("Choose an entitlement.")}
            ) from error
    else:
        # A project without Sunbula's list names the card and the commodity's code.
        entitlement = entitlements.filter(
            beneficiary__reference=_text(values, "beneficiary"),
            commodity__code=_text(values, "commodity"),
        ).first()
    if entitlement is None or entitlement.beneficiary.reference != _text(values, "beneficiary"):
        raise Refused(
            Reason(
                gettext_noop("The card and the entitlement do not belong together in this cycle.")
            )
        )
    if not beneficiaries_at(cycle, site).filter(pk=entitlement.beneficiary_id).exists():
        raise Refused(
            Reason(
                gettext_noop("%(card)s is not served at %(site)s in this cycle."),
                {"card": entitlement.beneficiary.reference, "site": record_name(site)},
            )
        )
    records: list[models.Model] = []
    for pk in _records_of(context.edits, Distribution):
        earlier = Distribution.objects.get(pk=pk)
        records.append(
            assistance.distribution_reverse(
                actor=context.actor,
                distribution=earlier,
                reason=gettext_noop("Edited on the device."),
            )
        )
    result = assistance.distribution_point_record(
        actor=context.actor,
        client_id=instance_uuid(context.instance_id),
        entitlement=entitlement,
        site=site,
        quantity=_decimal(values, "quantity"),
        distributed_on=_date(values, "distributed_on"),
    )
    return [result.distribution, *records]


# Institution headcount


def headcount_apply(context: Context, values: Values) -> list[models.Model]:
    """A verified headcount, as the institution page records it."""
    institution = fetch(
        Institution.objects.filter(country=context.form.country),
        context.actor,
        _text(values, "institution"),
        perm=RegistryPerm.VIEW_INSTITUTION,
        write=RegistryPerm.MANAGE_INSTITUTION,
    )
    device = context.device
    if device is not None and device.site_id not in (None, institution.site_id):
        raise _outside_site(device, institution)
    form = HeadcountForm(
        {name: _text(values, name) for name in ("counted_on", "headcount", "verified_by", "method")}
    )
    if not form.is_valid():
        raise _form_refusal(form)
    return [
        registry.headcount_record(actor=context.actor, institution=institution, **form.cleaned_data)
    ]


# Event attendance


def attendance_apply(context: Context, values: Values) -> list[models.Model]:
    """A participant checked in to a session, as at the door of the session."""
    session = fetch(
        EventSession.objects.select_related("event").filter(event__country=context.form.country),
        context.actor,
        _text(values, "session"),
        perm=LearningPerm.VIEW_EVENT,
        write=LearningPerm.RECORD_ATTENDANCE,
        write_rule=CHANGING_EVENTS.under("event"),
    )
    try:
        registration = Registration.objects.get(
            event=session.event, pk=int(_text(values, "registration"))
        )
    except ValueError as error:
        raise ValidationError({"registration": gettext_lazy("Choose a participant.")}) from error
    return [
        learning.attendance_check_in(
            actor=context.actor, session=session, registration=registration
        )
    ]


# Post-distribution monitoring


def _monitored(form: FieldForm) -> models.QuerySet[MonitoringSample]:
    return MonitoringSample.objects.filter(monitoring__cycle_id=form.cycle_id or 0)


def monitoring_apply(context: Context, values: Values) -> list[models.Model]:
    """A sampled beneficiary's answers to the cycle's monitoring survey, taken as the
    survey's own link takes them: once per beneficiary."""
    if context.form.cycle_id is None:
        raise Refused(Reason(gettext_noop("This form is not bound to a cycle.")))
    fetch(
        Cycle.objects.all(),
        context.actor,
        context.form.cycle_id,
        perm=AssistancePerm.VIEW_ASSISTANCE,
        write=AssistancePerm.RUN_MONITORING,
    )
    try:
        sample = (
            _monitored(context.form)
            .select_related("monitoring", "invitation")
            .get(pk=int(_text(values, "sample")))
        )
        answers: dict[int, object] = {}
        rows = values.get("answer") or []
        for row in rows if isinstance(rows, list) else []:
            chosen = _text(row, "options").split()
            answers[int(_text(row, "question"))] = chosen or _text(row, "value")
    except ValueError as error:
        raise ValidationError({"sample": gettext_lazy("Choose a sampled beneficiary.")}) from error
    return [
        learning.survey_respond(
            actor=context.actor,
            invitation=sample.invitation,
            answers=answers,
            language=sample.monitoring.language,
        )
    ]


# Market and price monitoring


def _market(context: Context, given: str) -> Market:
    """The market the submission names, by its id in markets.csv or by its name; one the
    submitter (or the device) may not record prices at is out of scope."""
    markets = Market.objects.filter(country=context.form.country).select_related("admin_area")
    market = markets.filter(pk=int(given)).first() if given.isdigit() else None
    if market is None and given:
        market = markets.filter(name__iexact=given).first()
    if market is None:
        raise Refused(
            Reason(
                gettext_noop("No market of %(country)s is called %(market)s."),
                {"country": record_name(context.form.country), "market": given or "—"},
            )
        )
    market = monitoring_selectors.market_for(user=context.actor, pk=market.pk, write=True)
    device = context.device
    if device is not None:
        if device.site_id not in (None, market.site_id):
            raise _outside_site(device, market)
        limit = device.admin_area
        if limit is not None and not _within(market.admin_area, limit):
            raise _outside_area(limit, market)
    return market


def prices_apply(context: Context, values: Values) -> list[models.Model]:
    """The prices read at one market on one day, each row as the market page records it."""
    if _records_of(context.edits, PriceObservation):
        raise Refused(
            Reason(gettext_noop("Recorded prices are not edited from a device; record them again."))
        )
    market = _market(context, _text(values, "market"))
    rows = values.get("item") or []
    if not isinstance(rows, list) or not rows:
        raise ValidationError({"item": gettext_lazy("Give at least one price.")})
    records: list[models.Model] = []
    for number, row in enumerate(rows, start=1):
        form = PriceForm(
            {
                "commodity": _text(row, "commodity"),
                "category": _text(row, "category"),
                "unit": _text(row, "unit"),
                "price_type": _text(row, "price_type"),
                "price": _text(row, "price"),
                "currency": _text(values, "currency").upper(),
                "observed_on": _text(values, "observed_on")[:10],
            }
        )
        try:
            if not form.is_valid():
                raise ValidationError(dict(form.errors.as_data()))
            records.append(
                monitoring.price_record(
                    actor=context.actor,
                    market=market,
                    source=context.instance_id,
                    **form.cleaned_data,
                )
            )
        except ValidationError as error:
            raise Refused(
                *(
                    Reason(PRICE_REASON, {"number": number, "reason": reason})
                    for reason in refusal_reasons(error)
                )
            ) from error
    return records


APPLY: dict[str, Callable[[Context, Values], list[models.Model]]] = {
    Purpose.HOUSEHOLD_REGISTRATION: household_apply,
    Purpose.DISTRIBUTION: distribution_apply,
    Purpose.INSTITUTION_HEADCOUNT: headcount_apply,
    Purpose.EVENT_ATTENDANCE: attendance_apply,
    Purpose.MONITORING: monitoring_apply,
    Purpose.MARKET_PRICES: prices_apply,
}


# Media files a form's manifest lists.


def _csv(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> bytes:
    # Collect reads the header's first name exactly: no byte-order mark.
    return table_bytes("csv", Table(headers=header, rows=rows)).removeprefix(codecs.BOM_UTF8)


def entitlements_csv(form: FieldForm) -> bytes:
    """The cycle's open entitlements at the form's site: id, what is left, card reference."""
    if form.cycle is None or form.site is None:
        return _csv(("name", "label", "beneficiary"), [])
    entitlements = (
        Entitlement.objects.filter(
            cycle=form.cycle,
            beneficiary__in=beneficiaries_at(form.cycle, form.site),
            status__in=(Entitlement.Status.APPROVED, Entitlement.Status.PARTLY),
        )
        .select_related("beneficiary", "commodity")
        .order_by("beneficiary__reference", "pk")
    )
    return _csv(
        ("name", "label", "beneficiary"),
        [
            (
                entitlement.pk,
                f"{entitlement.commodity.name} {entitlement.remaining} {entitlement.commodity.base_unit}",
                entitlement.beneficiary.reference,
            )
            for entitlement in entitlements
        ],
    )


def institutions_csv(form: FieldForm) -> bytes:
    institutions = Institution.objects.filter(country=form.country).order_by("name")
    return _csv(("name", "label"), [(item.pk, item.name) for item in institutions])


def _events_of(form: FieldForm) -> models.QuerySet[Event]:
    return Event.objects.filter(country=form.country, cancelled_at__isnull=True)


def events_csv(form: FieldForm) -> bytes:
    """The events hosted in the form's country."""
    events = _events_of(form).order_by("-starts_on", "pk")
    return _csv(("name", "label"), [(event.pk, event.title) for event in events])


def sessions_csv(form: FieldForm) -> bytes:
    """Those events' sessions, with their event for the form's filter."""
    sessions = EventSession.objects.filter(event__in=_events_of(form)).order_by("starts_at", "pk")
    return _csv(
        ("name", "label", "event"),
        [
            (session.pk, f"{session.title} {session.starts_at:%Y-%m-%d %H:%M}", session.event_id)
            for session in sessions
        ],
    )


def registrations_csv(form: FieldForm) -> bytes:
    """Those events' approved participants, with their event for the form's filter."""
    registrations = Registration.objects.filter(
        event__in=_events_of(form), status=Registration.Status.APPROVED
    ).order_by("full_name", "pk")
    return _csv(
        ("name", "label", "event"),
        [(item.pk, item.full_name, item.event_id) for item in registrations],
    )


def sampled_csv(form: FieldForm) -> bytes:
    """The cycle's sampled beneficiaries not yet answered, by card reference."""
    samples = (
        _monitored(form)
        .filter(invitation__answered_at__isnull=True)
        .select_related("beneficiary")
        .order_by("beneficiary__reference", "pk")
    )
    return _csv(("name", "label"), [(item.pk, item.beneficiary.reference) for item in samples])


def _surveys_of(form: FieldForm) -> models.QuerySet[MonitoringSample, int]:
    return _monitored(form).values_list("monitoring__survey", flat=True)


def questions_csv(form: FieldForm) -> bytes:
    """The questions of the cycle's monitoring surveys."""
    questions = SurveyQuestion.objects.filter(survey__in=_surveys_of(form)).order_by(
        "survey", "position", "pk"
    )
    return _csv(("name", "label"), [(item.pk, item.local_label) for item in questions])


def options_csv(form: FieldForm) -> bytes:
    """Their options, with their question for the form's filter."""
    options = SurveyOption.objects.filter(question__survey__in=_surveys_of(form)).order_by(
        "question", "position", "pk"
    )
    return _csv(
        ("name", "label", "question"),
        [(item.pk, item.local_name, item.question_id) for item in options],
    )


def markets_csv(form: FieldForm) -> bytes:
    """The markets of the form's country, with the p-code of their area."""
    markets = Market.objects.filter(country=form.country).select_related("admin_area")
    return _csv(
        ("name", "label", "p_code"),
        [
            (item.pk, item.name, item.admin_area.p_code if item.admin_area else "")
            for item in markets.order_by("name", "pk")
        ],
    )


MEDIA: dict[str, dict[str, Callable[[FieldForm], bytes]]] = {
    Purpose.DISTRIBUTION: {"entitlements.csv": entitlements_csv},
    Purpose.INSTITUTION_HEADCOUNT: {"institutions.csv": institutions_csv},
    Purpose.EVENT_ATTENDANCE: {
        "events.csv": events_csv,
        "sessions.csv": sessions_csv,
        "registrations.csv": registrations_csv,
    },
    Purpose.MONITORING: {
        "sampled.csv": sampled_csv,
        "questions.csv": questions_csv,
        "options.csv": options_csv,
    },
    Purpose.MARKET_PRICES: {"markets.csv": markets_csv},
}
