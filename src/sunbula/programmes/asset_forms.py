"""Forms of the asset pages; they validate input, services do the writing."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, scope_for
from sunbula.core.forms import (
    DATE,
    SearchFilterForm,
    TranslatedFieldsMixin,
    limit_choices_to_scope,
    optional_choice,
)
from sunbula.core.models import AdminArea, Country, Organisation, Site
from sunbula.programmes.models import Asset, MaintenanceVisit, Project
from sunbula.programmes.permissions import ProgrammePerm
from sunbula.programmes.services import ASSET_DETAILS


class AssetForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """An asset, with projects, sites and P-codes limited to where the user manages projects."""

    translated: ClassVar[tuple[str, ...]] = ("name",)

    class Meta:
        model = Asset
        fields = ("kind", "name", "project", "site", "admin_area", *ASSET_DETAILS)
        widgets = {"installed_on": DATE}

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = scope_for(user, ProgrammePerm.MANAGE_PROJECT)
        for name, queryset in (
            ("project", Project.objects.order_by("code")),
            ("site", Site.objects.select_related("country").order_by("name")),
            ("admin_area", AdminArea.objects.order_by("p_code")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — a ModelForm link
            field.queryset = queryset
            limit_choices_to_scope(self, name, scope)
        funders = self.fields["funded_by"]
        assert isinstance(funders, forms.ModelChoiceField)  # noqa: S101 — a ModelForm link
        funders.queryset = Organisation.objects.order_by("name")


class MaintenanceVisitForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = MaintenanceVisit
        fields = ("visited_on", "visited_by", "finding", "status_after")
        widgets = {"visited_on": DATE, "finding": forms.Textarea(attrs={"rows": 3})}


class AssetFilterForm(SearchFilterForm):
    kind = optional_choice(_("Kind"), _("Any kind"), Asset.Kind.choices)
    status = optional_choice(_("Status"), _("Any status"), Asset.Status.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.none(), empty_label=_("Any")
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — declared above
        field.queryset = scope_for(user, ProgrammePerm.VIEW_PROJECT).filter(
            Country.objects.filter(sites__isnull=False).distinct().order_by("name")
        )
