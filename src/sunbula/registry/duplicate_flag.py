"""Flagging two records as possibly one person, from the person's page: the pair joins the
review queue, where a reviewer confirms or dismisses it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sunbula.core.access import AnyUser, fetch, signed_in
from sunbula.core.views import VALIDATED_FORM_PARTIAL, form_save, posted, refused_page
from sunbula.registry import services
from sunbula.registry.matching import REVIEW_PROBABILITY
from sunbula.registry.models import DuplicatePair, Person
from sunbula.registry.permissions import RegistryPerm


class DuplicateFlagForm(forms.Form):
    other = forms.ModelChoiceField(
        label=gettext_lazy("Possibly the same person as (registry number)"),
        queryset=Person.objects.none(),
        widget=forms.NumberInput,
    )

    def __init__(self, *args: Any, user: AnyUser, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = (  # type: ignore[attr-defined]
            Person.objects.visible_to(user, RegistryPerm.VIEW_REGISTRY)
            .filter(country_id=person.country_id)
            .exclude(pk=person.pk)
        )


def fetch_flaggable(user: AnyUser, pk: object) -> Person:
    """A person the user sees (404 otherwise) and maintains (403 otherwise)."""
    return fetch(
        Person.objects.select_related("country"),
        user,
        pk,
        perm=RegistryPerm.VIEW_REGISTRY,
        write=RegistryPerm.MANAGE_REGISTRY,
    )


def flag(actor: Any, person: Person, other: Person) -> DuplicatePair:
    """A person's flag enters the queue at the bottom of the review band; a pair the queue
    holds already, or a reviewer decided, is refused as known (services.PairKnown)."""
    return services.duplicate_pair_flag(
        actor=actor, person_1=person, person_2=other, score=REVIEW_PROBABILITY, flagged=True
    )


@require_http_methods(["GET", "POST"])
def duplicate_flag(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in(request.user)
    person = fetch_flaggable(actor, pk)
    if problem := person.change_problem():
        return refused_page(request, problem, 409, person)

    def save(values: dict[str, Any]) -> Person:
        flag(actor, person, values["other"])
        return person

    return form_save(
        request,
        DuplicateFlagForm(posted(request), user=actor, person=person),
        save,
        "registry/record_form.html",
        {"title": _("Flag a possible duplicate"), "back": person},
        success=_("The pair is in the review queue."),
        partial=VALIDATED_FORM_PARTIAL,
    )
