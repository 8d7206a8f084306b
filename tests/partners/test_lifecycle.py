"""Each lifecycle step is a service that checks its rule; a refusal writes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone, translation

from sunbula.core.models import AuditEntry, User
from sunbula.partners import services
from sunbula.partners.models import Agreement
from tests.conftest import World, client_for
from tests.partners.conftest import Partnerships, new_agreement, signed_agreement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _refused(
    agreement: Agreement, call: Callable[[], Any], error: type[Exception], english: str
) -> None:
    """The call raises `error` with a translated message; status and audit are untouched."""
    status = Agreement.objects.get(pk=agreement.pk).status
    entries = AuditEntry.objects.count()
    with translation.override("en"), pytest.raises(error) as in_english:
        call()
    assert str(in_english.value).split(" ")[:3] == english.split(" ")[:3]
    for language in ("ar", "fr", "ru"):
        with translation.override(language), pytest.raises(error) as translated:
            call()
        assert str(translated.value) != str(in_english.value), f"untranslated in {language}"
    assert Agreement.objects.get(pk=agreement.pk).status == status
    assert AuditEntry.objects.count() == entries


def test_the_whole_path_is_audited_step_by_step(world: World, admin: User) -> None:
    agreement = signed_agreement(admin, world, world.kazakhstan_government)
    services.agreement_activate(
        actor=admin,
        agreement=agreement,
        valid_from=TODAY - datetime.timedelta(days=400),
        valid_until=TODAY - datetime.timedelta(days=1),
    )
    services.agreement_expire(actor=admin, agreement=agreement)
    assert agreement.status == "expired"
    actions = list(
        AuditEntry.objects.filter(
            object_id=str(agreement.pk), action__startswith="partners.agreement."
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "partners.agreement.created",
        "partners.agreement.negotiation_opened",
        "partners.agreement.signed",
        "partners.agreement.activated",
        "partners.agreement.expired",
    ]


@pytest.mark.parametrize(
    "step",
    [
        lambda admin, agreement: services.agreement_sign(
            actor=admin, agreement=agreement, signed_on=TODAY, signed_place="Kabul"
        ),
        lambda admin, agreement: services.agreement_activate(
            actor=admin, agreement=agreement, valid_from=TODAY
        ),
        lambda admin, agreement: services.agreement_expire(actor=admin, agreement=agreement),
        lambda admin, agreement: services.agreement_terminate(
            actor=admin, agreement=agreement, reason="No longer needed"
        ),
    ],
    ids=["sign", "activate", "expire", "terminate"],
)
def test_an_exploring_agreement_cannot_skip_ahead(
    world: World, admin: User, step: Callable[[User, Agreement], Any]
) -> None:
    agreement = new_agreement(admin, world)
    _refused(
        agreement,
        lambda: step(admin, agreement),
        services.AgreementStateError,
        "An agreement that is Exploring cannot become Signed.",
    )


def test_a_terminated_agreement_stays_terminated(world: World, admin: User) -> None:
    agreement = signed_agreement(admin, world, world.kazakhstan_government)
    services.agreement_terminate(actor=admin, agreement=agreement, reason="Mandate ended")
    _refused(
        agreement,
        lambda: services.agreement_activate(actor=admin, agreement=agreement, valid_from=TODAY),
        services.AgreementStateError,
        "An agreement that is Terminated cannot become Active.",
    )
    _refused(
        agreement,
        lambda: services.agreement_renew(actor=admin, agreement=agreement, valid_until=TODAY),
        services.AgreementStateError,
        "Only an active agreement can be renewed.",
    )


def _negotiating(admin: User, world: World, parties: int = 2) -> Agreement:
    agreement = new_agreement(admin, world)
    for organisation in (world.iofs, world.kazakhstan_government)[:parties]:
        services.agreement_party_add(
            actor=admin, agreement=agreement, organisation=organisation, role="signatory"
        )
    services.agreement_open_negotiation(actor=admin, agreement=agreement)
    return agreement


def test_signing_needs_a_date(world: World, admin: User) -> None:
    agreement = _negotiating(admin, world)
    _refused(
        agreement,
        lambda: services.agreement_sign(
            actor=admin, agreement=agreement, signed_on=None, signed_place="Kabul"
        ),
        services.AgreementRuleError,
        "A signed agreement needs its signing date.",
    )


def test_signing_needs_a_place(world: World, admin: User) -> None:
    agreement = _negotiating(admin, world)
    _refused(
        agreement,
        lambda: services.agreement_sign(
            actor=admin, agreement=agreement, signed_on=TODAY, signed_place="  "
        ),
        services.AgreementRuleError,
        "A signed agreement needs its place of signature.",
    )


def test_signing_needs_two_parties(world: World, admin: User) -> None:
    agreement = _negotiating(admin, world, parties=1)
    _refused(
        agreement,
        lambda: services.agreement_sign(
            actor=admin, agreement=agreement, signed_on=TODAY, signed_place="Kabul"
        ),
        services.AgreementRuleError,
        "A signed agreement needs at least two parties.",
    )


def test_activating_needs_a_start_date(world: World, admin: User) -> None:
    agreement = signed_agreement(admin, world, world.kazakhstan_government)
    _refused(
        agreement,
        lambda: services.agreement_activate(actor=admin, agreement=agreement, valid_from=None),
        services.AgreementRuleError,
        "An active agreement needs its start date.",
    )


def test_terminating_needs_a_reason(world: World, admin: User) -> None:
    agreement = signed_agreement(admin, world, world.kazakhstan_government)
    _refused(
        agreement,
        lambda: services.agreement_terminate(actor=admin, agreement=agreement, reason=" "),
        services.AgreementRuleError,
        "Give the reason for terminating the agreement.",
    )


def test_an_agreement_expires_only_after_its_end_date(world: World, admin: User) -> None:
    agreement = signed_agreement(admin, world, world.kazakhstan_government)
    services.agreement_activate(
        actor=admin, agreement=agreement, valid_from=TODAY, valid_until=TODAY
    )
    _refused(
        agreement,
        lambda: services.agreement_expire(actor=admin, agreement=agreement),
        services.AgreementRuleError,
        "The agreement is valid until …; it cannot expire before then.",
    )


def test_renewal_moves_the_end_date_later_only(world: World, admin: User) -> None:
    agreement = signed_agreement(admin, world, world.kazakhstan_government)
    end = TODAY + datetime.timedelta(days=30)
    services.agreement_activate(actor=admin, agreement=agreement, valid_from=TODAY, valid_until=end)
    _refused(
        agreement,
        lambda: services.agreement_renew(actor=admin, agreement=agreement, valid_until=end),
        services.AgreementRuleError,
        "The new end date must come after the current one.",
    )
    later = end + datetime.timedelta(days=365)
    services.agreement_renew(actor=admin, agreement=agreement, valid_until=later)
    assert Agreement.objects.get(pk=agreement.pk).valid_until == later
    assert AuditEntry.objects.filter(action="partners.agreement.renewed").count() == 1


def test_the_page_shows_the_refusal_in_the_reader_language(
    world: World, officer_afg: User, admin: User
) -> None:
    agreement = new_agreement(admin, world)
    client = client_for(officer_afg)
    response = client.post(f"/fr/partners/agreements/{agreement.pk}/step/sign/", {})
    assert response.status_code == 409
    assert "ne peut pas devenir" in response.content.decode()
    assert Agreement.objects.get(pk=agreement.pk).status == "exploring"


def test_the_api_refuses_with_a_4xx_and_a_reason(
    world: World, officer_afg: User, admin: User
) -> None:
    agreement = _negotiating(admin, world, parties=1)
    response = client_for(officer_afg).post(
        f"/api/v1/agreements/{agreement.pk}/step/",
        {"step": "sign", "signed_on": TODAY.isoformat(), "signed_place": "Kabul"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "two parties" in response.json()["detail"]
    response = client_for(officer_afg).post(
        f"/api/v1/agreements/{agreement.pk}/step/",
        {"step": "expire"},
        content_type="application/json",
    )
    assert response.status_code == 409


def test_an_amendment_names_what_it_amends(
    world: World, admin: User, partnerships: Partnerships
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.agreement_create(
            actor=admin, kind="amendment", title="Amendment 1", country=world.afghanistan
        )
    amendment = services.agreement_create(
        actor=admin,
        kind="amendment",
        title="Amendment 1",
        country=world.afghanistan,
        amends=partnerships.agreement,
    )
    assert list(partnerships.agreement.amendments.all()) == [amendment]
