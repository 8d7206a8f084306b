"""Forms of the Field forms pages; they validate input, services apply the rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from sunbula.assistance.models import Cycle
from sunbula.core.access import Scope
from sunbula.core.forms import (
    AdminAreaChoiceField,
    limit_choices_to_scope,
    limit_countries_to_scope,
)
from sunbula.core.models import AdminArea, Country, Site, User
from sunbula.fieldforms.models import FieldForm, KoboSource, Purpose, on_a_known_kobo_server
from sunbula.fieldforms.selectors import field_users
from sunbula.fieldforms.services.kobo_sources import CONNECTED_ALREADY


def _offer_field_users(form: forms.BaseForm, name: str, scope: Scope) -> None:
    """Offer as the user a device or a project acts as only those in the manager's scope."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — declared in the form
    field.queryset = field_users(scope=scope)


class PublishForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    cycle = forms.ModelChoiceField(
        label=_("Cycle"),
        queryset=Cycle.objects.order_by("-period_start"),
        required=False,
        help_text=_("For a distribution or a monitoring form only."),
    )
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.order_by("name"),
        required=False,
        help_text=_("For a distribution form only."),
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_countries_to_scope(self, scope)
        limit_choices_to_scope(self, "cycle", scope)
        limit_choices_to_scope(self, "site", scope)


class DeviceForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200)
    user = forms.ModelChoiceField(
        label=_("Acts as"),
        queryset=User.objects.none(),
        help_text=_("Someone who fills in field forms in your countries."),
    )
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    site = forms.ModelChoiceField(
        label=_("Only at this site"), queryset=Site.objects.order_by("name"), required=False
    )
    admin_area = AdminAreaChoiceField(
        label=_("Only in this area"), queryset=AdminArea.objects.order_by("p_code"), required=False
    )
    forms = forms.ModelMultipleChoiceField(
        label=_("Forms"), queryset=FieldForm.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_countries_to_scope(self, scope)
        limit_choices_to_scope(self, "site", scope)
        limit_choices_to_scope(self, "admin_area", scope)
        _offer_field_users(self, "user", scope)
        field = self.fields["forms"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 — declared above
        field.queryset = scope.filter(FieldForm.objects.order_by("title"))


KOBO_SERVER = "https://kf.kobotoolbox.org"


class WebAddressField(forms.URLField):
    """A web address: http or https only (URLField takes ftp too)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class KoboAccountForm(forms.Form):
    """The Kobo server whose projects (those the server's token opens) are listed to pick
    one to connect; only a web address, the token goes nowhere else."""

    server = WebAddressField(
        label=_("Kobo server"),
        initial=KOBO_SERVER,
        assume_scheme="https",
        validators=[on_a_known_kobo_server],
    )


class KoboSourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    form = forms.ModelChoiceField(label=_("Form"), queryset=FieldForm.objects.none())
    asset_uid = forms.SlugField(
        label=_("Kobo asset uid"),
        max_length=64,
        help_text=_("The code after /forms/ in the project's address on the Kobo server."),
    )
    server_url = WebAddressField(
        label=_("Kobo server"),
        initial=KOBO_SERVER,
        assume_scheme="https",
        validators=[on_a_known_kobo_server],
    )
    acting_user = forms.ModelChoiceField(
        label=_("Acts as"),
        queryset=User.objects.none(),
        help_text=_("Someone who fills in field forms in your countries."),
    )
    mapping = forms.CharField(
        label=_("Column mapping"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One line per column: Kobo column = Sunbula field."),
    )
    secret = forms.CharField(
        label=_("Shared secret"),
        required=False,
        widget=forms.PasswordInput,
        help_text=_("Leave empty to keep the current secret."),
    )

    def __init__(
        self, *args: Any, scope: Scope, source: KoboSource | None = None, **kwargs: Any
    ) -> None:
        """A project to connect; with `source`, the connected one to change (its asset uid
        stays, an empty secret keeps the current one)."""
        if source is not None:
            kwargs["initial"] = {
                "name": source.name,
                "form": source.form_id,
                "asset_uid": source.asset_uid,
                "server_url": source.server_url,
                "acting_user": source.acting_user_id,
                "mapping": "\n".join(
                    f"{column} = {field}" for column, field in source.mapping.items()
                ),
            }
        super().__init__(*args, **kwargs)
        self.source = source
        field = self.fields["form"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — declared above
        field.queryset = scope.filter(FieldForm.objects.order_by("title"))
        _offer_field_users(self, "acting_user", scope)
        if source is not None:
            self.fields["asset_uid"].disabled = True

    def clean_asset_uid(self) -> str:
        asset_uid: str = self.cleaned_data["asset_uid"]
        if self.source is None and KoboSource.objects.filter(asset_uid=asset_uid).exists():
            raise forms.ValidationError(_(CONNECTED_ALREADY))
        return asset_uid

    def clean_mapping(self) -> dict[str, str]:
        mapping: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["mapping"].splitlines(), start=1):
            if not line.strip():
                continue
            column, equals, field = line.partition("=")
            if not equals or not column.strip() or not field.strip():
                raise forms.ValidationError(
                    _("Line %(line)s: write it as column = field.") % {"line": number}
                )
            mapping[column.strip()] = field.strip()
        return mapping


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why is it rejected?"), max_length=500)


class CorrectionForm(forms.Form):
    """One field per value of the submission a reviewer may correct; a repeat (household
    members, prices) gives one field per value of each of its rows, named
    `<repeat>-<row>-<name>`."""

    def __init__(self, *args: Any, values: dict[str, Any], hidden: set[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.values = values
        for name, value in values.items():
            if isinstance(value, list):
                for index, row in enumerate(value):
                    for field, cell in row.items() if isinstance(row, dict) else ():
                        if field not in hidden and not isinstance(cell, list):
                            self.fields[f"{name}-{index}-{field}"] = forms.CharField(
                                label=_("%(repeat)s %(row)s: %(name)s")
                                % {"repeat": name, "row": index + 1, "name": field},
                                initial=cell,
                                required=False,
                                max_length=500,
                            )
            elif name not in hidden:
                self.fields[name] = forms.CharField(
                    label=name, initial=value, required=False, max_length=500
                )

    def corrections(self) -> dict[str, Any]:
        """The values the reviewer changed; for a repeat, one dict per row holding the
        values of that row that changed (empty for a row left as it was)."""
        changed: dict[str, Any] = {}
        for name, value in self.values.items():
            if isinstance(value, list):
                rows = [
                    {
                        field: self.cleaned_data[f"{name}-{index}-{field}"]
                        for field, cell in (row.items() if isinstance(row, dict) else ())
                        if f"{name}-{index}-{field}" in self.fields
                        and self.cleaned_data[f"{name}-{index}-{field}"] != cell
                    }
                    for index, row in enumerate(value)
                ]
                if any(rows):
                    changed[name] = rows
            elif name in self.fields and self.cleaned_data[name] != value:
                changed[name] = self.cleaned_data[name]
        return changed

    @classmethod
    def with_changes(
        cls, changes: Mapping[str, Any], *, values: dict[str, Any], hidden: set[str]
    ) -> CorrectionForm:
        """The form as its page posts it, with `changes` laid over the values as they are;
        the changes are named as the values are (a repeat's as one object per row). A change
        the page would not offer (of a value the submission does not hold, or of a personal
        one without protection clearance) is an error of the form."""
        offered = cls(values=values, hidden=hidden)
        data = {name: field.initial for name, field in offered.fields.items()}
        refused = []
        for name, shown, value in _named_as_posted(changes):
            if name in data and not isinstance(value, dict | list):
                data[name] = value
            else:
                refused.append(shown)
        form = cls(data, values=values, hidden=hidden)
        form.full_clean()
        for shown in refused:
            form.add_error(
                None,
                _("%(name)s is not a value of this submission that you may correct.")
                % {"name": shown},
            )
        return form


def _named_as_posted(changes: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Each change with the name of its field on the page (`<repeat>-<row>-<name>` for a
    repeat's row) and the name a reader knows it by."""
    for name, value in changes.items():
        if not isinstance(value, list):
            yield name, name, value
            continue
        for index, row in enumerate(value):
            cells = row.items() if isinstance(row, dict) else [("", row)]
            for field, cell in cells:
                shown = _("%(repeat)s %(row)s: %(name)s") % {
                    "repeat": name,
                    "row": index + 1,
                    "name": field,
                }
                yield f"{name}-{index}-{field}", str(shown), cell
