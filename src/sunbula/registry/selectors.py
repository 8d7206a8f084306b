"""Every read of the registry a page, the API or an export needs, scoped to the user."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, has_protection_clearance, require_permission, scope_for
from sunbula.core.choices import item_labels
from sunbula.core.models import AuditEntry, User
from sunbula.core.pagination import count_or_estimate
from sunbula.core.selectors import count_per_row, holding, matching, where_given
from sunbula.registry import protection
from sunbula.registry.holdings import Holding, heading, held_elsewhere, records_table, shown
from sunbula.registry.models import (
    Consent,
    DedupeRun,
    DuplicatePair,
    Farmer,
    Headcount,
    Household,
    ImportJob,
    Institution,
    Merge,
    Person,
)
from sunbula.registry.names import skeleton
from sunbula.registry.permissions import RegistryPerm
from sunbula.registry.presentation import ERASED_NAME
from sunbula.registry.services import FARMER_FIELDS, SEALED_PARTS


def person_list(
    *,
    user: AnyUser,
    country: str = "",
    admin_area: str = "",
    status: str = "",
    phone: str = "",
    id_number: str = "",
    farmers_only: bool = False,
) -> QuerySet[Person]:
    """Persons in the user's countries; phone and identity number match exactly, by hash."""
    scope = require_permission(user, RegistryPerm.VIEW_REGISTRY)
    people = scope.filter(Person.objects.select_related("country", "admin_area", "household"))
    people = where_given(people, country__iso3=country.upper())
    if admin_area:
        people = people.filter(
            Q(admin_area__p_code=admin_area) | Q(admin_area__parent__p_code=admin_area)
        )
    # An erased record is listed only when asked for.
    erased = Q(status=Person.Status.ERASED)
    people = people.filter(status=status) if status else people.exclude(erased)
    if phone.strip():
        people = people.filter(phone_hash=protection.phone_hash(phone))
    if id_number.strip():
        people = people.filter(id_number_hash=protection.id_number_hash(id_number))
    if farmers_only:
        people = people.filter(farmer__isnull=False)
    return with_consent(people).order_by("id")


def with_consent(people: QuerySet[Person]) -> QuerySet[Person]:
    """`people`, each with `has_consent` (a consent to registration in force today), in the
    same query: what a person's card says, on a list and on the person's own record alike."""
    return people.annotate(has_consent=Exists(_valid_consents()))


def lookup_withheld(
    *, user: AnyUser, people: QuerySet[Person], terms: tuple[str, ...]
) -> tuple[QuerySet[Person], bool]:
    """A look-up by phone, identity number or name (`terms`): its matches for a user with
    protection clearance; for anyone else no record at all (no id, household or area), only
    whether one exists, so they can ask a protection officer. Returns (people, withheld)."""
    if not any(term.strip() for term in terms) or has_protection_clearance(user):
        return people, False
    return Person.objects.none(), people.exists()


def _valid_consents() -> QuerySet[Consent]:
    today = timezone.localdate()
    return Consent.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today),
        person=OuterRef("pk"),
        purpose=Consent.Purpose.REGISTRATION,
        given_on__lte=today,
        withdrawn_on__isnull=True,
    )


def people_for_export(*, user: AnyUser, country: str = "") -> QuerySet[Person]:
    """What an export holds: active records with a valid consent, in the user's countries."""
    scope = require_permission(user, RegistryPerm.EXPORT_REGISTRY)
    people = scope.filter(Person.objects.select_related("country", "admin_area", "household"))
    people = where_given(people, country__iso3=country.upper())
    return (
        people.filter(status=Person.Status.ACTIVE).filter(Exists(_valid_consents())).order_by("id")
    )


def person_detail_related(*, person: Person) -> tuple[QuerySet[Consent], Farmer | None]:
    """The consents and farm of a person already fetched through core.access.fetch."""
    farmer = Farmer.objects.filter(person=person).first()
    return person.consents.order_by("-given_on"), farmer


def registration_candidates(
    *,
    user: AnyUser,
    country_id: int,
    given_name: str,
    family_name: str,
    phone: str = "",
    id_number: str = "",
) -> QuerySet[Person]:
    """Records that may be this person, shown before a new registration is saved."""
    scope = require_permission(user, RegistryPerm.VIEW_REGISTRY)
    condition = Q()
    given = skeleton(given_name)
    if given:
        condition |= Q(name_key=protection.lookup_hash(f"name:{given}|{skeleton(family_name)}"))
    if protection.phone_hash(phone):
        condition |= Q(phone_hash=protection.phone_hash(phone))
    if protection.id_number_hash(id_number):
        condition |= Q(id_number_hash=protection.id_number_hash(id_number))
    if not condition:
        return Person.objects.none()
    people = scope.filter(Person.objects.filter(country_id=country_id))
    return people.filter(condition, status=Person.Status.ACTIVE).order_by("id")[:10]


# A person's reference as pages show it (`Person.__str__`): P-623.
PERSON_REFERENCE = re.compile(r"[Pp]-(?P<pk>[0-9]{1,18})")


def person_search(*, user: AnyUser, query: str, limit: int | None = 10) -> QuerySet[Person]:
    """People a protection officer looks for by name (in any script or spelling), phone or
    identity number, through the keyed look-up hashes, or by reference (P-623): the registry
    is never decrypted to search it. Without clearance nobody is found this way. The newest
    `limit` (every one found for None, as the API's `?search=` pages through them)."""
    scope = require_permission(user, RegistryPerm.VIEW_REGISTRY)
    if not has_protection_clearance(user) or not query.strip():
        return Person.objects.none()
    words = query.split()
    # Every split of the words into a given and a family name, in either order: "Abdul
    # Rahman Karimi" is "Abdul Rahman" + "Karimi", "Abdul" + "Rahman Karimi", or the family
    # name first, "Karimi Abdul Rahman".
    cuts = range(1, len(words))
    splits = [(words[:cut], words[cut:]) for cut in cuts]
    splits += [(words[cut:], words[:cut]) for cut in cuts] + [(words, [])]
    keys = [
        f"name:{skeleton(' '.join(given))}|{skeleton(' '.join(family))}"
        for given, family in splits
        if skeleton(" ".join(given))
    ]
    condition = Q(name_key__in=[protection.lookup_hash(key) for key in keys])
    # Or the words are one of the names alone: the family name, or the given name.
    whole = skeleton(query)
    if whole:
        condition |= Q(given_key=protection.lookup_hash(f"given:{whole}"))
        condition |= Q(family_key=protection.lookup_hash(f"family:{whole}"))
    if protection.phone_hash(query):
        condition |= Q(phone_hash=protection.phone_hash(query))
    if protection.id_number_hash(query):
        condition |= Q(id_number_hash=protection.id_number_hash(query))
    if reference := PERSON_REFERENCE.fullmatch(query.strip()):
        condition |= Q(pk=int(reference["pk"]))
    people = scope.filter(Person.objects.select_related("country", "admin_area", "household"))
    found = people.filter(condition).order_by("-id")
    return found if limit is None else found[:limit]


def household_list(
    *,
    user: AnyUser,
    country: str = "",
    search: str = "",
    displacement_status: str = "",
    country_id: int | None = None,
) -> QuerySet[Household]:
    scope = require_permission(user, RegistryPerm.VIEW_REGISTRY)
    households = scope.filter(Household.objects.select_related("country", "admin_area"))
    households = where_given(
        households,
        country__iso3=country.upper(),
        country_id=country_id,
        displacement_status=displacement_status,
    )
    households = matching(households, search, "reference__icontains", "external_id__iexact")
    return households.annotate(
        member_count=count_per_row(Person.objects.all(), "household")
    ).order_by("reference")


def household_members(*, household: Household) -> QuerySet[Person]:
    """Members of a household already fetched through core.access.fetch."""
    return with_consent(household.members.select_related("admin_area")).order_by("id")


def institution_list(
    *,
    user: AnyUser,
    kind: str = "",
    status: str = "",
    search: str = "",
    country_id: int | None = None,
) -> QuerySet[Institution]:
    """Institutions in the user's countries, each with its latest verified headcount."""
    scope = require_permission(user, RegistryPerm.VIEW_INSTITUTION)
    latest = Headcount.objects.filter(institution=OuterRef("pk")).order_by("-counted_on")
    institutions = scope.filter(
        Institution.objects.select_related("country", "site", "operating_organisation")
    ).annotate(
        latest_headcount=Subquery(latest.values("headcount")[:1]),
        latest_counted_on=Subquery(latest.values("counted_on")[:1]),
    )
    institutions = where_given(institutions, kind=kind, status=status, country_id=country_id)
    institutions = matching(institutions, search, "name__icontains", "site__name__icontains")
    return institutions.order_by("name")


def institution_headcounts(*, institution: Institution) -> QuerySet[Headcount]:
    return institution.headcounts.order_by("-counted_on")


def duplicate_queue(*, user: AnyUser, status: str = "pending") -> QuerySet[DuplicatePair]:
    """The pairs waiting (or decided, by `status`), each person with what their card shows."""
    scope = require_permission(user, RegistryPerm.REVIEW_DUPLICATES)
    pairs = scope.filter(
        DuplicatePair.objects.select_related(
            *(
                f"{person}__{field}"
                for person in ("person_1", "person_2")
                for field in ("country", "admin_area", "household")
            )
        )
    )
    return where_given(pairs, status=status).order_by("-score", "id")


def merge_list(*, user: AnyUser) -> QuerySet[Merge]:
    scope = require_permission(user, RegistryPerm.REVIEW_DUPLICATES)
    return scope.filter(
        Merge.objects.select_related("survivor", "duplicate"), "duplicate__country"
    ).order_by("-merged_at", "-id")


def dedupe_run_list(*, user: AnyUser) -> QuerySet[DedupeRun]:
    scope = require_permission(user, RegistryPerm.REVIEW_DUPLICATES)
    return scope.filter(DedupeRun.objects.select_related("country", "requested_by")).order_by(
        "-requested_at", "-id"
    )


def import_job_list(*, user: AnyUser) -> QuerySet[ImportJob]:
    scope = require_permission(user, RegistryPerm.IMPORT_REGISTRY)
    return scope.filter(ImportJob.objects.select_related("country", "started_by")).order_by(
        "-started_at", "-id"
    )


def import_jobs_waiting() -> QuerySet[ImportJob]:
    """Uploads waiting for the import worker, oldest first (the worker acts for each uploader)."""
    return (
        ImportJob.objects.select_related("country", "started_by")
        .filter(status=ImportJob.Status.PENDING)
        .order_by("id")
    )


def import_job_to_work(*, pk: int) -> ImportJob | None:
    """One job for the import worker thread, whatever its state."""
    return ImportJob.objects.select_related("country", "started_by").filter(pk=pk).first()


def people_to_match(*, user: AnyUser, country_id: int) -> QuerySet[Person]:
    """Active records of one country, for the batch matcher (decrypted in memory only)."""
    scope = require_permission(user, RegistryPerm.REVIEW_DUPLICATES)
    if not scope.covers_country(country_id):
        return Person.objects.none()
    return (
        Person.objects.filter(country_id=country_id, status=Person.Status.ACTIVE)
        .select_related("admin_area__parent")
        .order_by("id")
    )


@dataclass(frozen=True)
class RegistryFigures:
    people: int
    people_estimated: bool  # past 10,000 people, the database's estimate
    institutions: int
    pending_duplicates: int


def registry_figures(*, user: AnyUser) -> RegistryFigures:
    people_scope = scope_for(user, RegistryPerm.VIEW_REGISTRY)
    institution_scope = scope_for(user, RegistryPerm.VIEW_INSTITUTION)
    review_scope = scope_for(user, RegistryPerm.REVIEW_DUPLICATES)
    sees_people = people_scope.every_country or bool(people_scope.countries)
    reviews = review_scope.every_country or bool(review_scope.countries)
    people, people_estimated = (
        count_or_estimate(people_scope.filter(Person.objects.filter(status="active")))
        if sees_people
        else (0, False)
    )
    return RegistryFigures(
        people=people,
        people_estimated=people_estimated,
        institutions=institution_scope.filter(Institution.objects.all()).count()
        if institution_scope.every_country or institution_scope.countries
        else 0,
        pending_duplicates=review_scope.filter(
            DuplicatePair.objects.filter(status="pending")
        ).count()
        if reviews
        else 0,
    )


# A person's own file: everything the registry and the domains above it hold about them.

PERSONAL_SHOWN = (
    "external_id",
    *SEALED_PARTS,
    "sex",
    "id_document_type",
    "displacement_status",
    "vulnerabilities",
    "status",
    "created_at",
    "erased_at",
)


def _personal_data(person: Person) -> Holding:
    rows: list[dict[str, object]] = [
        {"field": str(_("Registry number")), "value": f"P-{person.pk}"},
        {"field": heading(Person, "country"), "value": person.country.iso3},
        {
            "field": heading(Person, "admin_area"),
            "value": person.admin_area.p_code if person.admin_area else "",
        },
    ]
    for name in PERSONAL_SHOWN:
        value = shown(person, name)
        if name == "vulnerabilities":
            value = item_labels(Person._meta.get_field(name), person.vulnerabilities)
        if name == "given_name" and person.is_erased:
            value = str(ERASED_NAME)
        rows.append({"field": heading(Person, name), "value": value})
    return Holding(
        "personal_data",
        _("Personal data"),
        [("field", _("Field")), ("value", _("Value"))],
        rows,
    )


def _household(person: Person) -> list[Holding]:
    """The person's household and its members, by their registry numbers only."""
    if person.household is None:
        return []
    members = household_members(household=person.household)
    return [
        Holding(
            "household",
            _("Household %(reference)s") % {"reference": person.household.reference},
            [
                ("record", _("Registry number")),
                ("relation_to_head", heading(Person, "relation_to_head")),
            ],
            [
                {"record": f"P-{member.pk}", "relation_to_head": shown(member, "relation_to_head")}
                for member in members
            ],
        )
    ]


def _duplicates(person: Person) -> Holding:
    pairs = DuplicatePair.objects.filter(Q(person_1=person) | Q(person_2=person)).order_by("pk")
    return Holding(
        "duplicates",
        _("Possible duplicates"),
        [
            ("record", _("Registry number")),
            ("score", heading(DuplicatePair, "score")),
            ("status", heading(DuplicatePair, "status")),
        ],
        [
            {
                "record": f"P-{pair.person_2_id if pair.person_1_id == person.pk else pair.person_1_id}",
                "score": pair.score,
                "status": shown(pair, "status"),
            }
            for pair in pairs
        ],
    )


def person_readings(*, person: Person) -> QuerySet[AuditEntry]:
    """Every recorded reading of the person's personal data unmasked: on their page, in a
    list, a search, an export or their own file."""
    readings = AuditEntry.objects.filter(action="registry.person.viewed_unmasked")
    return holding(readings, "after__people", person.pk).order_by("created_at", "pk")


def _readings(person: Person) -> Holding:
    return Holding(
        "readings",
        _("Who saw this person's data unmasked"),
        [
            ("at", _("Read at")),
            ("by", _("Read by")),
            ("channel", _("Read through")),
            ("reason", _("Reason")),
        ],
        [
            {
                "at": entry.created_at.isoformat(),
                "by": entry.actor_email,
                "channel": (entry.after or {}).get("channel", ""),
                "reason": (entry.after or {}).get("reason", ""),
            }
            for entry in person_readings(person=person)
        ],
    )


@dataclass(frozen=True)
class SubjectFile:
    """Everything Sunbula holds about one person, as their subject access request is answered:
    headings in the reader's language, the personal data unmasked."""

    person: Person
    reader: User
    reason: str
    made_at: datetime.datetime
    holdings: list[Holding]

    @property
    def file_name(self) -> str:
        return f"P-{self.person.pk}-subject-access.json"

    def as_json(self) -> dict[str, object]:
        return {
            "record": f"P-{self.person.pk}",
            "made_at": self.made_at.isoformat(),
            "made_by": self.reader.email,
            "reason": self.reason,
            "language": get_language(),
            "sections": [holding.as_json() for holding in self.holdings],
        }


def subject_file(*, person: Person, reader: User, reason: str) -> SubjectFile:
    """The file of `person` (already fetched through registry.access.fetch_for_protection,
    its reading recorded by `services.subject_access_record`)."""
    consents, farmer = person_detail_related(person=person)
    holdings = [
        _personal_data(person),
        *_household(person),
        records_table(
            "consents",
            _("Consent"),
            Consent,
            ("purpose", "given_on", "method", "expires_on", "withdrawn_on"),
            list(consents),
        ),
    ]
    if farmer is not None:
        holdings.append(
            records_table(
                "farm",
                _("Farm"),
                Farmer,
                FARMER_FIELDS,
                [farmer],
            )
        )
    holdings += [*held_elsewhere(person), _duplicates(person), _readings(person)]
    return SubjectFile(person, reader, reason, timezone.now(), holdings)
