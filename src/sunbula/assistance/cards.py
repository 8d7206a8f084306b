"""Entitlement cards: one printable card per household of a cycle, with the QR code the
distribution point scans, in English and Arabic or in Dari and Pashto."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sunbula.assistance.models import Cycle, Entitlement
from sunbula.assistance.offline import LISTED, _representatives, card_payload
from sunbula.assistance.permissions import AssistancePerm
from sunbula.assistance.selectors import carded_beneficiaries
from sunbula.core.access import fetch
from sunbula.core.figures import number_text, quantity_text
from sunbula.core.http import int_param
from sunbula.core.lists import joined
from sunbula.core.pdf import template_pdf
from sunbula.registry.presentation import person_cards
from sunbula.supply.models import Commodity

# The languages a card speaks, two at a time: the interface's and the farmers'.
CARD_LANGUAGES = {"en-ar": ("en", "ar"), "fa-ps": ("fa-af", "ps")}


@dataclass(frozen=True)
class Card:
    reference: str
    name: str
    people: int
    qr: SafeString
    # Per language of the card: its words, the cycle's name, the headcount and the ration, in
    # that language's words and digits.
    sides: list[dict[str, Any]]


def _side(
    language: str, cycle: Cycle, people: int, ration: list[tuple[Commodity, Decimal]]
) -> dict[str, Any]:
    with translation.override(language):
        return {
            "language": language,
            "bidi": translation.get_language_bidi(),
            "cycle_name": cycle.local_name,
            "ration_text": joined(
                f"{commodity.local_name}: {quantity_text(quantity, commodity.base_unit)}"
                for commodity, quantity in ration
            ),
            "title": _("Entitlement card"),
            "household": _("Household"),
            "name": _("Name"),
            "people": _("People"),
            "people_count": number_text(people),
            "ration": _("Ration"),
            "cycle": _("Cycle"),
            "show": _("Show this card at the distribution point."),
        }


def _qr(payload: str) -> SafeString:
    code = segno.make_qr(payload, error="m")
    # segno writes the SVG itself from the payload: no text of a record reaches it unescaped.
    return mark_safe(code.svg_inline(scale=4, border=4, dark="#000", light="#fff"))  # noqa: S308


def cycle_cards_pdf(*, user: Any, cycle: Cycle, pair: str, beneficiary: int | None) -> bytes:
    """The cards of the cycle's households (or of one), in the pair of languages."""
    beneficiaries = carded_beneficiaries(cycle).order_by("reference")
    if beneficiary is not None:
        beneficiaries = beneficiaries.filter(pk=beneficiary)
    rows = list(beneficiaries)
    if not rows:
        raise Http404
    representatives = _representatives(rows)
    shown = {
        card.pk: card
        for card in person_cards(
            user=user,
            people=list(dict.fromkeys(representatives.values())),
            channel="entitlement card",
        )
    }
    ration: dict[int, list[tuple[Commodity, Decimal]]] = {}
    for entitlement in Entitlement.objects.filter(
        cycle=cycle, beneficiary__in=[row.pk for row in rows], status__in=LISTED
    ).select_related("commodity"):
        ration.setdefault(entitlement.beneficiary_id, []).append(
            (entitlement.commodity, entitlement.quantity)
        )
    languages = CARD_LANGUAGES[pair]
    cards = []
    for row in rows:
        person = representatives.get(row.pk)
        card = shown.get(person.pk) if person is not None else None
        name = (
            " ".join(part for part in (card.given_name, card.family_name) if part) if card else ""
        )
        given = ration.get(row.pk, [])
        cards.append(
            Card(
                row.reference,
                name,
                row.people,
                _qr(card_payload(row)),
                [_side(language, cycle, row.people, given) for language in languages],
            )
        )
    return template_pdf(
        "assistance/point/cards.html",
        {"cycle": cycle, "cards": cards},
        stylesheets=["assistance/point/cards.css"],
        language=languages[0],
    )


@require_GET
def cycle_cards(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = fetch(
        Cycle.objects.select_related("project", "country"),
        request.user,
        pk,
        perm=AssistancePerm.VIEW_ASSISTANCE,
    )
    pair = request.GET.get("languages", "en-ar")
    if pair not in CARD_LANGUAGES:
        raise Http404
    pdf = cycle_cards_pdf(
        user=request.user, cycle=cycle, pair=pair, beneficiary=int_param(request, "beneficiary")
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cycle-{cycle.pk}-cards-{pair}.pdf"'
    return response
