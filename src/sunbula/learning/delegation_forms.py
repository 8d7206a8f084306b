"""The form a delegation's focal point nominates an official with, and an organiser records
a nomination its member state sent by note verbale or e-mail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sunbula.learning.models import LISTENING_LANGUAGES, Event, Registration


class NominationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    institution = forms.CharField(label=_("Ministry or institution"), max_length=255)
    role = forms.ChoiceField(
        label=pgettext_lazy("participant", "Role"), choices=Registration.Role.choices
    )
    language = forms.ChoiceField(
        label=_("Language for e-mails and certificate"), choices=LISTENING_LANGUAGES
    )
    listening_language = forms.ChoiceField(label=_("Listening language"), choices=[])

    received_by = forms.CharField(
        label=_("Received by"),
        max_length=255,
        help_text=_("The note verbale or e-mail the nomination came in, with its number and date."),
    )

    def __init__(self, *args: Any, event: Event, on_behalf: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not on_behalf:  # the focal point nominates in their own name
            del self.fields["received_by"]
        self.fields["listening_language"].choices = event.listening_choices  # type: ignore[attr-defined]
