"""Forms of the Users section and of the password pages; services do the writing."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunbula.core import services
from sunbula.core.access import AnyUser, programme_limits, require_permission
from sunbula.core.api_tokens import domain_choices
from sunbula.core.forms import DATE, SearchFilterForm, optional_choice
from sunbula.core.models import Country, Organisation, Role, User
from sunbula.core.permissions import Perm


def _languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class UserForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=())
    is_staff = forms.BooleanField(label=_("Back-office access"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = _languages()  # type: ignore[attr-defined]


class UserFilterForm(SearchFilterForm):
    role = optional_choice(_("Role"), _("Any"), Role.choices)
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Active")), ("no", _("Deactivated"))],
    )


class RoleGrantForm(forms.Form):
    """A role in an organisation, limited to countries and programmes (none: every one).

    An administrator limited to some countries grants roles only within them."""

    # No role is chosen for the administrator: granting one is a decision, Administrator least.
    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *Role.choices])
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.none(),
        required=False,
        help_text=_("Leave empty for every country."),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = require_permission(user, Perm.MANAGE_USERS)
        countries: Any = self.fields["countries"]
        countries.queryset = self.scope.filter(Country.objects.all(), country_field="pk")
        countries.widget.attrs["size"] = 6
        limits = programme_limits()
        if limits is not None:
            self.fields["programmes"] = forms.ModelMultipleChoiceField(
                label=_("Programmes"),
                queryset=limits.options(user),
                required=False,
                help_text=_("Leave empty for every programme."),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_countries(cleaned)
        return cleaned

    def _check_countries(self, cleaned: dict[str, Any]) -> None:
        if not self.scope.every_country and not cleaned.get("countries"):
            raise ValidationError(
                {"countries": _("Choose countries: you manage users only in yours.")}
            )


class InviteForm(RoleGrantForm):
    """An invitation and, when a role is chosen, the one role granted with it (the fields of
    the grant form on the user's page, left empty to grant none)."""

    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    preferred_language = forms.ChoiceField(label=_("Language of the invitation"), choices=())
    is_staff = forms.BooleanField(
        label=_("Back-office access"),
        required=False,
        help_text=_("Lets the user read the back office; roles decide what they may change."),
    )

    field_order = ("email", "full_name", "preferred_language", "is_staff")
    ROLE_FIELDS = ("organisation", "countries", "programmes")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["preferred_language"].choices = _languages()  # type: ignore[attr-defined]
        role = self.fields["role"]
        role.required = False
        role.help_text = _("Optional: a role granted with the invitation.")
        self.fields["organisation"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = forms.Form.clean(self) or {}
        if not cleaned.get("role"):
            if any(cleaned.get(name) for name in self.ROLE_FIELDS):
                self.add_error(
                    "role",
                    _("Choose a role, or leave organisation, countries and programmes empty."),
                )
            return cleaned
        if not cleaned.get("organisation"):
            self.add_error("organisation", _("Choose the organisation the role is held in."))
        self._check_countries(cleaned)
        return cleaned

    def role_to_grant(self) -> services.RoleToGrant | None:
        """The role chosen to grant with the invitation, as `user_invite` takes it."""
        values = self.cleaned_data
        if not values.get("role"):
            return None
        programmes = values.get("programmes")
        return services.RoleToGrant(
            role=Role(values["role"]),
            organisation=values["organisation"],
            countries=tuple(values.get("countries") or ()),
            programmes=None if programmes is None else tuple(programmes),
        )


class ClearanceGrantForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DATE)


class ApiTokenForm(forms.Form):
    """A new API token: what it is for, until when, and what it may do."""

    READ, WRITE = "read", "write"

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The program or script that will use it, so you can tell tokens apart."),
    )
    expires_on = forms.DateField(label=_("Expires on"), widget=DATE)
    access = forms.ChoiceField(
        label=_("Access"),
        choices=[(READ, _("Read only")), (WRITE, _("Read and write"))],
        initial=READ,
        widget=forms.RadioSelect,
    )
    domains = forms.MultipleChoiceField(
        label=_("Domains"),
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every domain."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domains"].choices = domain_choices()  # type: ignore[attr-defined]
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=90)
        self.fields["expires_on"].help_text = _("At most %(days)d days from today.") % {
            "days": settings.API_TOKEN_MAX_DAYS
        }

    def values(self) -> dict[str, Any]:
        """The service's arguments."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "expires_on": data["expires_on"],
            "read_only": data["access"] != self.WRITE,
            "domains": data["domains"],
        }


class ApiTokenFilterForm(SearchFilterForm):
    live = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), ("yes", _("In use")), ("no", _("Expired or revoked"))],
    )


class ClearanceRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class _ThroughService:
    """A Django password form whose save() goes through core.services.user_password_set."""

    user: User
    cleaned_data: dict[str, Any]
    reason = "changed"

    def save(self, commit: bool = True) -> User:
        return services.user_password_set(
            actor=self.user,
            user=self.user,
            password=self.cleaned_data["new_password1"],
            reason=self.reason,
        )


class PasswordSetForm(_ThroughService, auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    """Choose a password: on accepting an invitation, or after a reset by e-mail."""

    reason = "reset"


class InvitationAcceptForm(PasswordSetForm):
    reason = "invitation accepted"


class PasswordChangeForm(_ThroughService, auth_forms.PasswordChangeForm):
    reason = "changed"


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
