"""Forms for partnership pages; they validate input, services do the writing."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sunbula.core.forms import DATE, SearchFilterForm, TranslatedFieldsMixin, optional_choice
from sunbula.core.models import Country, Organisation, User
from sunbula.partners.models import (
    Agreement,
    AgreementParty,
    Engagement,
    FollowUpAction,
    Obligation,
    Partner,
    PartnershipRole,
    Sector,
)
from sunbula.partners.services import ENGAGEMENT_DETAILS


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects)
    roles = forms.MultipleChoiceField(
        label=_("Partnership roles"),
        choices=PartnershipRole.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries of operation"), queryset=Country.objects, required=False
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class FocalPointForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects)
    email = forms.EmailField(label=_("Work e-mail"), required=False)
    language = forms.ChoiceField(
        label=_("Language of correspondence"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        required=False,
    )


class AgreementForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    translated = ("title", "purpose")

    class Meta:
        model = Agreement
        fields = ("kind", "title", "purpose", "country", "amends")


class PartyForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects)
    role = forms.ChoiceField(label=_("Role"), choices=AgreementParty.Role.choices)


# The lifecycle forms ask for nothing as required: the service states each rule.
class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DATE)
    signed_place = forms.CharField(label=_("Place of signature"), required=False)


class ActivateForm(forms.Form):
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)


class RenewForm(forms.Form):
    valid_until = forms.DateField(label=_("New end date"), required=False, widget=DATE)


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Document"), max_length=200)
    file = forms.FileField(label=_("File"))


class OwnerChoiceMixin(forms.Form):
    """An `owner` chosen among `owners`, the colleagues the record's country offers (a
    selector gives them); anyone else is refused as an unknown choice."""

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class ObligationForm(OwnerChoiceMixin, forms.Form):
    description = forms.CharField(label=_("Description"), max_length=255)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)


class ObligationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Obligation.Status.choices)


class EngagementForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    translated = ("title", "summary", "outcomes")

    class Meta:
        model = Engagement
        fields = ("kind", "title", *ENGAGEMENT_DETAILS)
        widgets: ClassVar[dict[str, Any]] = {"held_on": DATE}


class FollowUpForm(OwnerChoiceMixin, forms.Form):
    description = forms.CharField(label=_("Description"), max_length=255)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpAction.Status.choices)


class PartnerFilterForm(SearchFilterForm):
    role = optional_choice(_("Role"), _("Any"), PartnershipRole.choices)
    sector = optional_choice(_("Sector"), _("Any"), Sector.choices)
    country = forms.ModelChoiceField(
        label=_("Country of operation"),
        required=False,
        queryset=Country.objects.filter(
            pk__in=Partner.countries.through.objects.values("country_id")
        ),
        to_field_name="iso3",
        empty_label=_("Any"),
    )


def organisation_filter() -> forms.ModelChoiceField[Organisation]:
    """The organisation a list's records involve (an agreement's party, an engagement's
    organisation): a partner's page links to its records with it."""
    return forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Any"),
    )


class AgreementFilterForm(SearchFilterForm):
    status = optional_choice(_("Status"), _("Any"), Agreement.Status.choices)
    kind = optional_choice(_("Kind"), _("Any"), Agreement.Kind.choices)
    organisation = organisation_filter()


class EngagementFilterForm(SearchFilterForm):
    kind = optional_choice(_("Kind"), _("Any"), Engagement.Kind.choices)
    organisation = organisation_filter()
