"""Forms for core pages; they validate input, services do the writing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import Scope
from sunbula.core.models import AdminArea, Country, MemberState, Organisation, Site
from sunbula.core.multilingual import (
    clean_translations,
    content_language_codes,
    in_reading_order,
)
from sunbula.core.scoping import ScopeRule
from sunbula.core.services.organisations import ORGANISATION_DETAILS, SITE_DETAILS

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

# A date picker: the browser's, which reads and writes ISO dates whatever the page's language.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChoicesReadAtOnce(ModelChoiceIterator):  # type: ignore[type-arg]
    """A model choice field's choices, read in one plain query. Django's own iterator reads
    them through a server-side cursor, which PostgreSQL keeps open past the transaction
    (WITH HOLD) by writing the rows aside: several milliseconds a field for a list of a few
    dozen countries, on every page that shows a filter or a form. Installed on every model
    choice field when the apps are ready (core.apps).

    Records of a model that asks for it (`choices_as_read`: countries) come in the order of
    their names as the reader sees them, so that an Arabic or Russian list is in Arabic or
    Russian order, not in the order of the English names."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(record) for record in self.queryset.all()]
        if getattr(self.queryset.model, "choices_as_read", False):
            choices = in_reading_order(choices, lambda choice: str(choice[1]))
        yield from choices


class AdminAreaChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of admin area, each named with its p-code: a province and its district often
    share a name (Hirat, Hirat)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.local_name} ({obj.p_code})"


def optional_choice(
    label: StrOrPromise, blank: StrOrPromise, choices: Iterable[tuple[Any, Any]]
) -> forms.ChoiceField:
    """An optional choice among `choices`: the first entry, `blank`, leaves it empty (on a
    list's filter: any)."""
    return forms.ChoiceField(label=label, required=False, choices=[("", blank), *choices])


def country_choice_by_iso3(**options: Any) -> forms.ModelChoiceField[Country]:
    """A country chosen by its ISO3 code (posted as AFG, not as an id); the form offers its
    countries (`field.queryset`: those of a scope, those whose provinces are loaded)."""
    return forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.none(), to_field_name="iso3", **options
    )


def limit_choices_to_scope(
    form: forms.BaseForm, field_name: str, scope: Scope, *, rule: ScopeRule | None = None
) -> None:
    """Offer in a choice field only the records `scope` reaches (by their model's rule, or
    `rule`): one outside it is refused exactly like one that does not exist."""
    field = form.fields[field_name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — a model choice field
    if field.queryset is not None:
        field.queryset = scope.filter(field.queryset, rule=rule)


def limit_countries_to_scope(
    form: forms.BaseForm, scope: Scope, field_name: str = "country"
) -> None:
    """Offer only the countries `scope` reaches: a record cannot be placed outside them."""
    field = form.fields[field_name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — a ModelForm's country field
    field.queryset = scope.filter(Country.objects.all())


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True})
    )


# The label of each text box beside an English field; other fields read "<label> in <language>".
_TRANSLATION_LABELS = {
    "name": _("Name in %(language)s"),
    "title": _("Title in %(language)s"),
    "description": _("Description in %(language)s"),
    "body": _("Session in %(language)s"),
}


class OwnIdsMixin(forms.BaseForm):
    """A form that shares its page with others: its element ids start with `id_prefix`, so
    no two fields share an id and each label finds the field of its own form."""

    id_prefix: ClassVar[str] = "form"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class TranslatedFieldsMixin(forms.BaseForm):
    """One text box per content language beside each field in `translated` (English), kept
    in the record's `<field>_translations`; `translated_values()` gathers them for a service."""

    translated: ClassVar[tuple[str, ...]] = ("name",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language_names = dict(settings.CONTENT_LANGUAGES)
        instance = getattr(self, "instance", None)
        for name in self.translated:
            english = self.fields[name]
            existing = getattr(instance, f"{name}_translations", None) or {}
            long_text = isinstance(english.widget, forms.Textarea)
            for code in content_language_codes():
                language = {"language": language_names[code]}
                label = (
                    _TRANSLATION_LABELS[name] % language
                    if name in _TRANSLATION_LABELS
                    else _("%(field)s in %(language)s") % {"field": english.label, **language}
                )
                self.fields[f"{name}_{code}"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=getattr(english, "max_length", None),
                    widget=forms.Textarea(attrs={"rows": 3}) if long_text else forms.TextInput,
                    initial=existing.get(code, ""),
                )

    def translated_values(self) -> dict[str, Any]:
        """cleaned_data as service arguments: each field's translations in one mapping."""
        codes = content_language_codes()
        boxes = {f"{name}_{code}" for name in self.translated for code in codes}
        values = {name: value for name, value in self.cleaned_data.items() if name not in boxes}
        for name in self.translated:
            values[f"{name}_translations"] = clean_translations(
                {code: str(self.cleaned_data.get(f"{name}_{code}") or "") for code in codes}
            )
        return values


class OrganisationForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ("name", *ORGANISATION_DETAILS)


class SiteForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    admin_area = AdminAreaChoiceField(
        label=_("Admin area"), queryset=AdminArea.objects.none(), required=False
    )

    class Meta:
        model = Site
        fields = ("name", *SITE_DETAILS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["admin_area"].queryset = AdminArea.objects.select_related("country")  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    """Why a record is withdrawn or removed, said by the person who does it; the audit log
    keeps it."""

    reason = forms.CharField(label=_("Reason"), max_length=255)


class SearchFilterForm(forms.Form):
    """The filters of a list page, led by its search box."""

    q = forms.CharField(label=_("Search"), required=False)

    def offer_when_given(self, name: str, label: StrOrPromise, options: QuerySet[Any]) -> None:
        """Narrow the list to one of `options` by `name`, as a filter the reader can clear,
        when the query string gives it: a list opened from a record's page. Offered only
        then, since a choice of every such record on each opening would cost a query."""
        if self.data.get(name):
            self.fields[name] = forms.ModelChoiceField(
                label=label, required=False, queryset=options, empty_label=_("Any")
            )


class OrganisationFilterForm(SearchFilterForm):
    kind = optional_choice(_("Kind"), _("Any kind"), Organisation.Kind.choices)
    country = forms.ModelChoiceField(
        label=_("Country"),
        required=False,
        queryset=Country.objects.filter(organisations__isnull=False).distinct(),
        to_field_name="iso3",
        empty_label=_("Any country"),
    )


class MemberStateFilterForm(SearchFilterForm):
    iofs = optional_choice(_("IOFS membership"), _("Any"), MemberState.IofsMembership.choices)
    oic_status = optional_choice(_("OIC status"), _("Any"), MemberState.OicStatus.choices)


class SiteFilterForm(SearchFilterForm):
    kind = optional_choice(_("Kind"), _("Any kind"), Site.Kind.choices)


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action starts with"), required=False)
    actor = forms.CharField(label=_("Actor"), required=False)
    record_type = forms.ChoiceField(label=_("Record type"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args: Any, record_types: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            *record_types,
        ]
