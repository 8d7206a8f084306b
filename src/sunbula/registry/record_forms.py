"""Forms of the registry's record pages (institutions, households, persons, farms, consent);
they validate input, services apply the rules."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import Scope
from sunbula.core.forms import (
    DATE,
    AdminAreaChoiceField,
    SearchFilterForm,
    TranslatedFieldsMixin,
    limit_choices_to_scope,
    optional_choice,
)
from sunbula.core.lists import joined
from sunbula.core.models import AdminArea, Country, Organisation, Site
from sunbula.core.validation import refuse_not_a_phone_number
from sunbula.registry.forms import birth_date_field, vulnerabilities_choice
from sunbula.registry.models import (
    Consent,
    DisplacementStatus,
    Farmer,
    Household,
    Institution,
    Person,
)
from sunbula.registry.services import FARMER_FIELDS


def _scoped(form: forms.BaseForm, scope: Scope, **querysets: Any) -> None:
    """Offer in each named choice field only the records `scope` reaches."""
    for name, queryset in querysets.items():
        field = form.fields[name]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — a link field
        field.queryset = queryset
        limit_choices_to_scope(form, name, scope)


class InstitutionForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    translated: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        model = Institution
        fields = ("name", "kind", "status", "site", "operating_organisation")

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, scope, site=Site.objects.select_related("country").order_by("name"))
        organisations = self.fields["operating_organisation"]
        assert isinstance(organisations, forms.ModelChoiceField)  # noqa: S101 — a link field
        organisations.queryset = Organisation.objects.order_by("name")


class InstitutionFilterForm(SearchFilterForm):
    kind = optional_choice(_("Kind"), _("Any kind"), Institution.Kind.choices)
    status = optional_choice(_("Status"), _("Any status"), Institution.Status.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.none(), empty_label=_("Any")
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, scope, country=Country.objects.filter(sites__isnull=False).distinct())


class HouseholdForm(forms.ModelForm):  # type: ignore[type-arg]
    vulnerabilities = vulnerabilities_choice()

    class Meta:
        model = Household
        fields = (
            "country",
            "reference",
            "external_id",
            "admin_area",
            "displacement_status",
            "vulnerabilities",
        )
        field_classes = {"admin_area": AdminAreaChoiceField}

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(
            self,
            scope,
            country=Country.objects.order_by("name"),
            admin_area=AdminArea.objects.order_by("p_code"),
        )


class HouseholdFilterForm(forms.Form):
    q = forms.CharField(label=_("Reference"), required=False)
    displacement_status = optional_choice(
        _("Displacement status"), _("Any status"), DisplacementStatus.choices
    )
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.none(), empty_label=_("Any")
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _scoped(self, scope, country=Country.objects.order_by("name"))


class ConsentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Consent
        fields = ("purpose", "given_on", "method", "expires_on")
        widgets = {"given_on": DATE, "expires_on": DATE}


# What separates the crops typed in one field: the Latin comma or the Arabic one.
COMMAS = re.compile("[,\u060c]")


class FarmerForm(forms.ModelForm):  # type: ignore[type-arg]
    crops = forms.CharField(
        label=_("Crops"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. wheat, saffron"),
    )

    class Meta:
        model = Farmer
        fields = FARMER_FIELDS
        widgets = {"last_extension_contact": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A farmer may have had no extension contact: left empty, it counts as none.
        self.fields["extension_contacts"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["crops"] = joined(self.instance.crops or [])

    def clean_crops(self) -> list[str]:
        """The crops, split at the Latin comma or the Arabic one (as Arabic, Dari and Pashto
        write it)."""
        text = str(self.cleaned_data.get("crops") or "")
        return [crop.strip() for crop in COMMAS.split(text) if crop.strip()]


class PersonEditForm(forms.Form):
    """A person's record; the personal fields are offered only to protection-cleared users."""

    given_name = forms.CharField(label=_("Given name"), max_length=200)
    family_name = forms.CharField(label=_("Family name"), max_length=200, required=False)
    father_name = forms.CharField(label=_("Father's name"), max_length=200, required=False)
    birth_date = birth_date_field()
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, validators=[refuse_not_a_phone_number]
    )
    id_number = forms.CharField(label=_("Identity number"), max_length=40, required=False)
    sex = optional_choice(_("Sex"), "—", Person.Sex.choices)
    id_document_type = forms.ChoiceField(
        label=_("Identity document"), choices=Person.DocumentType.choices, required=False
    )
    admin_area = AdminAreaChoiceField(
        label=_("Admin area"), queryset=AdminArea.objects.none(), required=False
    )
    household = forms.ModelChoiceField(
        label=_("Household"), queryset=Household.objects.none(), required=False
    )
    relation_to_head = optional_choice(
        _("Relation to head of household"), "—", Person.Relation.choices
    )
    displacement_status = forms.ChoiceField(
        label=_("Displacement status"), choices=DisplacementStatus.choices
    )
    vulnerabilities = vulnerabilities_choice()

    PERSONAL = ("given_name", "family_name", "father_name", "birth_date", "phone", "id_number")

    def __init__(
        self, *args: Any, scope: Scope, country_id: int, personal: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not personal:
            for name in self.PERSONAL:
                del self.fields[name]
        _scoped(
            self,
            scope,
            admin_area=AdminArea.objects.filter(country_id=country_id).order_by("p_code"),
            household=Household.objects.filter(country_id=country_id).order_by("reference"),
        )


def consent_fields(form: forms.BaseForm) -> None:
    """The registration's consent, asked for on the same page (without it the record is
    left out of exports)."""
    form.fields["consent_method"] = forms.ChoiceField(
        label=_("Consent to registration"),
        choices=[("", _("Not given yet")), *Consent.Method.choices],
        required=False,
        help_text=_("Without a valid consent the record is left out of exports."),
    )
    form.fields["consent_given_on"] = forms.DateField(
        label=_("Consent given on"), required=False, widget=DATE, initial=timezone.localdate
    )
