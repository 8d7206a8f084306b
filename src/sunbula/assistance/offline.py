"""The distribution point: a page that records hand-overs on a phone without a connection.

The page, its script and stylesheet are kept by a service worker; the cycle's entitlement
list for the site is kept in the browser's cache; each hand-over is queued in IndexedDB with
an id the device makes, and sent when the connection returns. The server records each id
once (`services.distribution_point_record`).

The list carries only what the officer needs: the reference and household, the name and
identity number as `registry.presentation.person_cards` shows them to this user (masked
without protection clearance), and what is left of each entitlement. Name and identity
number are also found through keyed digests: the skeleton of every name (registry.names),
hashed with a salt drawn for each download, so that a masked list can still be searched by
a name typed in full without carrying the name itself.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sunbula.assistance import services
from sunbula.assistance.models import Beneficiary, Collector, Cycle, Entitlement
from sunbula.assistance.permissions import AssistancePerm
from sunbula.assistance.refusals import keyed_by_field
from sunbula.assistance.selectors import CARD_PREFIX
from sunbula.core.access import AnyUser, fetch, signed_in
from sunbula.core.api import ScopedRelatedField
from sunbula.core.figures import PIECE_UNITS, numbering_system
from sunbula.core.models import Site
from sunbula.core.openapi import RefusalSerializer
from sunbula.core.scoping import ScopeRule
from sunbula.registry.models import Person
from sunbula.registry.names import skeleton
from sunbula.registry.presentation import person_cards
from sunbula.registry.protection import normalise_id_number

# The entitlements a point can still act on, and those it shows as served.
OPEN = (Entitlement.Status.APPROVED, Entitlement.Status.PARTLY)
LISTED = (*OPEN, Entitlement.Status.DISTRIBUTED)
ENTITLEMENT_RULE = ScopeRule(country="cycle__country", programme="cycle__project__programme")
# Hex digits kept of each digest: enough to tell a site's beneficiaries apart.
DIGEST_LENGTH = 10
# Hex digits kept of a device's record id: enough to tell one entitlement's hand-overs apart.
DEVICE_ID_LENGTH = 8
# The smallest part of a unit a point hands over: a gram (or millilitre), or a whole piece.
FINEST_STEP = "0.001"
WHOLE_STEP = "1"
STATIC_FILES = (
    "core/sunbula.css",
    "core/sunbula.svg",
    "assistance/point/point.css",
    "assistance/point/point.js",
    "assistance/point/qr.js",
)


def card_payload(beneficiary: Beneficiary) -> str:
    """What a household's entitlement card encodes: its reference, nothing personal."""
    return f"{CARD_PREFIX}{beneficiary.reference}"


def point_cycle(user: AnyUser, cycle_pk: int) -> Cycle:
    """The cycle a point records for; 404 outside the user's scope, 403 without the right
    to record distributions there."""
    return fetch(
        Cycle.objects.select_related("country", "project"),
        user,
        cycle_pk,
        perm=AssistancePerm.VIEW_ASSISTANCE,
        write=AssistancePerm.RECORD_DISTRIBUTION,
    )


def point_site(user: AnyUser, cycle: Cycle, site_pk: int) -> Site:
    """The site of a point: one the user records at, in the cycle's country (404 otherwise)."""
    site = fetch(
        Site.objects.select_related("admin_area", "country"),
        user,
        site_pk,
        perm=AssistancePerm.RECORD_DISTRIBUTION,
    )
    if site.country_id != cycle.country_id:
        raise Http404
    return site


def point_of(user: AnyUser, cycle_pk: int, site_pk: int) -> tuple[Cycle, Site]:
    """The cycle and the site a point records for."""
    cycle = point_cycle(user, cycle_pk)
    return cycle, point_site(user, cycle, site_pk)


def beneficiaries_at(cycle: Cycle, site: Site) -> QuerySet[Beneficiary]:
    """The cycle's beneficiaries a site serves: institutions it houses, and households,
    persons and farmers of its administrative area, of the areas within it and of the areas
    it lies in (a household known only by its province is served in each of its districts);
    all of them where the site has no area."""
    beneficiaries = cycle.beneficiaries.all()
    if site.admin_area is None:
        return beneficiaries
    code = site.admin_area.p_code
    return beneficiaries.filter(
        Q(kind=Beneficiary.Kind.INSTITUTION, institution__site=site)
        | (
            ~Q(kind=Beneficiary.Kind.INSTITUTION)
            & (
                Q(admin_area__isnull=True)
                | Q(admin_area__p_code__startswith=code)
                | Q(admin_area__p_code__in=[code[:end] for end in range(2, len(code))])
            )
        )
    )


def _digest(salt: str, text: str) -> str:
    return hashlib.sha256((salt + text).encode()).hexdigest()[:DIGEST_LENGTH]


def search_keys(salt: str, person: Person | None) -> list[str]:
    """Digests of the skeleton of each name and each of its words, and of the identity
    number; the page computes the same from what the officer types."""
    if person is None:
        return []
    found: set[str] = set()
    for name in (
        person.given_name,
        person.family_name,
        person.father_name,
        person.given_name_latin,
        person.family_name_latin,
        person.father_name_latin,
    ):
        for part in (name or "", *(name or "").split()):
            key = skeleton(part)
            if key:
                found.add(_digest(salt, "n:" + key))
    number = normalise_id_number(person.id_number or "")
    if number:
        found.add(_digest(salt, "i:" + number))
    return sorted(found)


def _representatives(beneficiaries: Iterable[Beneficiary]) -> dict[int, Person]:
    """The person who stands for each beneficiary: the head of its household (else its
    first member), or the person listed."""
    rows = list(beneficiaries)
    by_household: dict[int, Person] = {}
    households = {row.household_id for row in rows if row.household_id}
    for person in (
        Person.objects.filter(household_id__in=households, status=Person.Status.ACTIVE)
        .select_related("country", "admin_area", "household")
        .order_by("pk")
    ):
        assert person.household_id is not None  # noqa: S101 — filtered on it
        current = by_household.get(person.household_id)
        if current is None or (
            person.relation_to_head == Person.Relation.HEAD
            and current.relation_to_head != Person.Relation.HEAD
        ):
            by_household[person.household_id] = person
    persons = {
        person.pk: person
        for person in Person.objects.filter(
            pk__in={row.person_id for row in rows if row.person_id}
        ).select_related("country", "admin_area", "household")
    }
    chosen: dict[int, Person] = {}
    for row in rows:
        stands = persons.get(row.person_id or 0) or by_household.get(row.household_id or 0)
        if stands is not None:
            chosen[row.pk] = stands
    return chosen


def _quantity(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _step(unit: str) -> str:
    """The finest quantity of a unit the page lets the officer type."""
    return WHOLE_STEP if unit.strip().lower() in PIECE_UNITS else FINEST_STEP


def _device_hand_overs(entitlements: Iterable[int]) -> dict[int, list[str]]:
    """The device record ids (shortened) already counted in what each entitlement has left:
    a phone takes off what is left only its hand-overs not among them."""
    counted: dict[int, list[str]] = {}
    for entitlement_id, client_id in (
        Entitlement.objects.filter(pk__in=entitlements, distributions__client_id__isnull=False)
        .order_by("distributions__pk")
        .values_list("pk", "distributions__client_id")
    ):
        if client_id is not None:
            counted.setdefault(entitlement_id, []).append(client_id.hex[:DEVICE_ID_LENGTH])
    return counted


def point_list(*, user: AnyUser, cycle: Cycle, site: Site) -> dict[str, Any]:
    """The cycle's entitlement list for a site, as the distribution point keeps it; a line
    still open that devices have partly served carries their record ids, so that a phone
    holding one of them (sent, and kept three days) does not take it off twice."""
    salt = secrets.token_hex(8)
    beneficiaries = list(
        beneficiaries_at(cycle, site).select_related("institution").order_by("reference")
    )
    entitlements: dict[int, list[list[Any]]] = {}
    commodities: dict[int, list[str]] = {}
    listed = list(
        Entitlement.objects.filter(
            cycle=cycle, beneficiary__in=[row.pk for row in beneficiaries], status__in=LISTED
        )
        .select_related("commodity")
        .order_by("commodity__name")
    )
    counted = _device_hand_overs(
        [entitlement.pk for entitlement in listed if entitlement.status in OPEN]
    )
    for entitlement in listed:
        commodity = entitlement.commodity
        commodities[commodity.pk] = [
            commodity.local_name,
            commodity.base_unit,
            _step(commodity.base_unit),
        ]
        line: list[Any] = [entitlement.pk, commodity.pk, _quantity(entitlement.remaining)]
        if entitlement.pk in counted:
            line.append(counted[entitlement.pk])
        entitlements.setdefault(entitlement.beneficiary_id, []).append(line)
    representatives = _representatives(beneficiaries)
    people = list(dict.fromkeys(representatives.values()))
    cards = {
        card.pk: card
        for card in person_cards(user=user, people=people, channel="distribution point")
    }
    rows = []
    for beneficiary in beneficiaries:
        if beneficiary.pk not in entitlements:
            continue
        person = representatives.get(beneficiary.pk)
        card = cards.get(person.pk) if person is not None else None
        if beneficiary.institution is not None:
            name = beneficiary.institution.local_name
        elif card is not None:
            name = " ".join(part for part in (card.given_name, card.family_name) if part)
        else:
            name = ""
        rows.append(
            {
                "b": beneficiary.pk,
                "r": beneficiary.reference,
                "n": name,
                "t": card.transliterated if card is not None else "",
                "i": card.id_number if card is not None else "",
                "h": card.household if card and card.household != beneficiary.reference else "",
                "p": beneficiary.people,
                "k": search_keys(salt, person),
                "e": entitlements[beneficiary.pk],
            }
        )
    return {
        "cycle": cycle.pk,
        "site": site.pk,
        "salt": salt,
        "made": timezone.now().isoformat(timespec="seconds"),
        "commodities": {str(pk): value for pk, value in commodities.items()},
        "rows": rows,
    }


def point_sites(*, user: AnyUser, cycle: Cycle) -> QuerySet[Site]:
    """Where the user may open a distribution point for the cycle: the sites of its country
    that hold some of what its ration gives."""
    return (
        Site.objects.visible_to(user, AssistancePerm.RECORD_DISTRIBUTION)
        .filter(
            country=cycle.country_id,
            stock_balances__quantity__gt=0,
            stock_balances__lot__commodity__in=cycle.ration_lines.values("commodity"),
        )
        .distinct()
        .order_by("name")
    )


# --- Pages -----------------------------------------------------------------------------


def _strings() -> dict[str, str]:
    """The words the script shows, in the reader's language."""
    return {
        "pending": _("%(count)s not yet sent"),
        "sent": _("Sent"),
        "refused": _("Refused"),
        "queued": _("Recorded on this phone"),
        "served": _("Already served"),
        "queuedBefore": _("Already recorded on this phone"),
        "none": _("No beneficiary found."),
        "offline": _("No connection: hand-overs are kept on this phone."),
        "online": _("Connected"),
        "listAge": _("List of %(made)s"),
        "noList": _("The list is not on this phone yet: open this page once with a connection."),
        "record": _("Record hand-over"),
        "left": _("%(quantity)s left"),
        "toHandOver": _("Quantity to hand over"),
        "queuedPart": _("%(quantity)s recorded on this phone"),
        "tooMuch": _("At most %(quantity)s can be handed over."),
        "notNumber": _("Give a quantity greater than zero."),
        "notWhole": _("Give a whole number."),
        "tooFine": _("Give at most three decimals."),
        "people": _("People"),
        "household": _("Household"),
        "idNumber": _("ID number"),
        "notCard": _("This is not an entitlement card of this list."),
        "noQr": _("No QR code found in the picture."),
        "sending": _("Sending…"),
        "signIn": _("Sign in again to send the hand-overs."),
        "dismiss": _("Dismiss"),
    }


@require_GET
def point_page(request: HttpRequest, cycle: int, site: int) -> HttpResponse:
    point_cycle, point_site = point_of(request.user, cycle, site)
    return render(
        request,
        "assistance/point/page.html",
        {
            "cycle": point_cycle,
            "site": point_site,
            "list_url": reverse("assistance-point-entitlements", args=[point_cycle.pk])
            + f"?site={point_site.pk}",
            "sync_url": reverse("assistance-point-distributions"),
            "digits": numbering_system(),
            "strings": _strings(),
        },
    )


def _scope() -> str:
    """The folder the service worker controls: every distribution point's page."""
    return reverse("assistance:point_sw").rsplit("/", 1)[0] + "/"


@never_cache
@require_GET
def point_manifest(request: HttpRequest, cycle: int, site: int) -> HttpResponse:
    point_cycle, point_site = point_of(request.user, cycle, site)
    manifest = {
        "name": f"{point_cycle.local_name} · {point_site}",
        "short_name": _("Distribution point"),
        "start_url": reverse("assistance:point", args=[point_cycle.pk, point_site.pk]),
        "scope": _scope(),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f5f3f",
        "icons": [{"src": static("core/sunbula.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(
        json.dumps(manifest, ensure_ascii=False), content_type="application/manifest+json"
    )


@never_cache
@require_GET
def point_service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under the pages it controls (its scope is this folder)."""
    response = render(
        request,
        "assistance/point/sw.js",
        {
            "files": json.dumps([static(name) for name in STATIC_FILES]),
            "static_prefix": settings.STATIC_URL,
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = _scope()
    return response


# --- API -------------------------------------------------------------------------------


class PointRowSerializer(serializers.Serializer[dict[str, Any]]):
    b = serializers.IntegerField(help_text="Beneficiary id.")
    r = serializers.CharField(help_text="Beneficiary reference (what the card's QR code holds).")
    n = serializers.CharField(help_text="Name, masked without protection clearance.")
    t = serializers.CharField(help_text="Transliterated name, masked likewise.")
    i = serializers.CharField(help_text="Identity number, masked likewise.")
    h = serializers.CharField(help_text="Household reference.")
    p = serializers.IntegerField(help_text="People the beneficiary stands for.")
    k = serializers.ListField(
        child=serializers.CharField(),
        help_text="Search digests: SHA-256 of salt + 'n:' + name skeleton, or salt + 'i:' + "
        "identity number, first 10 hex digits.",
    )
    e = serializers.ListField(
        child=serializers.ListField(),
        help_text="Entitlements: [entitlement id, commodity id, quantity left], and on a line "
        "still open that devices have partly served, the first 8 hex digits of each of their "
        "record ids (client_id) already counted in the quantity left.",
    )


class PointListSerializer(serializers.Serializer[dict[str, Any]]):
    cycle = serializers.IntegerField()
    site = serializers.IntegerField()
    salt = serializers.CharField()
    made = serializers.DateTimeField()
    commodities = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Commodity id to [name, unit, step]: the step is the finest quantity "
        "handed over, 1 for a unit counted whole (piece), else 0.001.",
    )
    rows = PointRowSerializer(many=True)


class PointRecordSerializer(serializers.Serializer[dict[str, Any]]):
    client_id = serializers.UUIDField(help_text="The id the device gave the hand-over.")
    entitlement = ScopedRelatedField(
        perm=AssistancePerm.RECORD_DISTRIBUTION,
        rule=ENTITLEMENT_RULE,
        queryset=Entitlement.objects.select_related("cycle", "beneficiary", "commodity"),
    )
    site = ScopedRelatedField(perm=AssistancePerm.RECORD_DISTRIBUTION, queryset=Site.objects.all())
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, min_value=Decimal("0.001"))
    distributed_on = serializers.DateField(
        help_text="Within the cycle's period (and its mop-up days), not in the future."
    )
    collector = serializers.ChoiceField(
        choices=Collector.choices,
        default=Collector.BENEFICIARY,
        help_text="Who took the goods away: the beneficiary, a household member or a proxy.",
    )


class PointListQuerySerializer(serializers.Serializer[dict[str, Any]]):
    site = serializers.IntegerField(min_value=1, help_text="The distribution site.")


class PointResultSerializer(serializers.Serializer[dict[str, Any]]):
    client_id = serializers.UUIDField()
    distribution = serializers.IntegerField()
    reference = serializers.CharField()
    entitlement = serializers.IntegerField()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    distributed_on = serializers.DateField()
    replayed = serializers.BooleanField(
        help_text="True when this id had been recorded before: nothing new was written."
    )


class DistributionPointViewSet(viewsets.ViewSet):
    """The distribution point's list and the hand-overs its devices send."""

    @extend_schema(
        parameters=[
            OpenApiParameter("site", int, required=True, description="The distribution site.")
        ],
        responses={200: PointListSerializer},
        summary="The cycle's entitlement list for a site, as a distribution point keeps it",
    )
    @action(detail=True, methods=["get"])
    def entitlements(self, request: Request, pk: int) -> Response:
        cycle = point_cycle(request.user, pk)
        asked = PointListQuerySerializer(data=request.query_params)
        asked.is_valid(raise_exception=True)
        site = point_site(request.user, cycle, asked.validated_data["site"])
        return Response(point_list(user=request.user, cycle=cycle, site=site))

    @extend_schema(
        request=PointRecordSerializer,
        responses={
            201: PointResultSerializer,
            200: PointResultSerializer,
            409: RefusalSerializer,
        },
        summary="Record a hand-over a device queued, once per client_id",
        description="201 when recorded now; 200 with the same result when this client_id was "
        "recorded before for the same hand-over (a replay writes nothing); a quantity below what is "
        "left is a partial hand-over, and the entitlement stays open for the rest. 409 with a "
        "translated message when it no longer holds (already served, stock gone) or when the "
        "client_id was used for another hand-over; 400 naming the field for a bad value (more "
        "than is left, a day outside the cycle or in the future).",
    )
    @action(detail=False, methods=["post"])
    def distributions(self, request: Request) -> Response:
        sent = PointRecordSerializer(data=request.data, context={"request": request})
        sent.is_valid(raise_exception=True)
        data = sent.validated_data
        entitlement: Entitlement = data["entitlement"]
        point_of(request.user, entitlement.cycle_id, data["site"].pk)
        with keyed_by_field():
            result = services.distribution_point_record(
                actor=signed_in(request.user),
                client_id=data["client_id"],
                entitlement=entitlement,
                site=data["site"],
                quantity=data["quantity"],
                distributed_on=data["distributed_on"],
                collector=data["collector"],
            )
        distribution = result.distribution
        body = PointResultSerializer(
            {
                "client_id": distribution.client_id,
                "distribution": distribution.pk,
                "reference": distribution.reference,
                "entitlement": distribution.entitlement_id,
                "quantity": distribution.quantity,
                "distributed_on": distribution.distributed_on,
                "replayed": not result.created,
            }
        ).data
        return Response(
            body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )
