"""Forms of the registry pages; they validate input, services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sunbula.core.forms import DATE, AdminAreaChoiceField, optional_choice
from sunbula.core.models import AdminArea, Country
from sunbula.core.validation import refuse_not_a_phone_number
from sunbula.registry.models import (
    DisplacementStatus,
    Headcount,
    Household,
    Person,
    Vulnerability,
    parse_birth_date,
)


def vulnerabilities_choice() -> forms.MultipleChoiceField:
    """What makes a household or person vulnerable, ticked among the `Vulnerability` codes
    by their names in the reader's language (none is an answer too)."""
    return forms.MultipleChoiceField(
        label=_("Vulnerabilities"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PersonFilterForm(forms.Form):
    phone = forms.CharField(label=_("Phone (exact)"), required=False)
    id_number = forms.CharField(label=_("Identity number (exact)"), required=False)
    status = optional_choice(_("Status"), "—", Person.Status.choices)


def birth_date_field() -> forms.CharField:
    """A birth date or a year alone, refused on its field as the record refuses it."""
    return forms.CharField(
        label=_("Birth date or year"),
        max_length=10,
        required=False,
        help_text=_("YYYY or YYYY-MM-DD"),
        validators=[refuse_not_a_birth_date],
    )


def refuse_not_a_birth_date(value: str) -> None:
    parse_birth_date(value)


class PersonForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    given_name = forms.CharField(label=_("Given name"), max_length=200)
    family_name = forms.CharField(label=_("Family name"), max_length=200, required=False)
    father_name = forms.CharField(label=_("Father's name"), max_length=200, required=False)
    sex = optional_choice(_("Sex"), "—", Person.Sex.choices)
    birth_date = birth_date_field()
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, validators=[refuse_not_a_phone_number]
    )
    id_document_type = forms.ChoiceField(
        label=_("Identity document"), choices=Person.DocumentType.choices, required=False
    )
    id_number = forms.CharField(label=_("Identity number"), max_length=40, required=False)
    admin_area = AdminAreaChoiceField(
        label=_("Admin area"), queryset=AdminArea.objects.none(), required=False
    )
    displacement_status = forms.ChoiceField(
        label=_("Displacement status"), choices=DisplacementStatus.choices
    )
    vulnerabilities = vulnerabilities_choice()
    household = forms.ModelChoiceField(
        label=_("Household"), queryset=Household.objects.none(), required=False
    )
    relation_to_head = optional_choice(
        _("Relation to head of household"), "—", Person.Relation.choices
    )
    register_anyway = forms.BooleanField(
        label=_("None of the records above is this person"), required=False
    )


class HeadcountForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Headcount
        fields = ("counted_on", "headcount", "verified_by", "method")
        widgets = {"counted_on": DATE}


class ImportForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    file = forms.FileField(label=_("CSV or XLSX file"))
    mapping = forms.FileField(
        label=_("Column mapping (optional)"),
        required=False,
        help_text=_('JSON {"column": "field"} or CSV lines column,field'),
    )


class CheckForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())


class ExportForm(forms.Form):
    reason = forms.CharField(label=_("Why do you export this?"), max_length=255, required=False)


class ReasonForm(ExportForm):
    """The export's reason, with its rules, asked for another use of a person's data (their
    own file, erasure) in that use's words."""

    def __init__(self, *args: Any, label: StrOrPromise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
