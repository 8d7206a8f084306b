"""The form a delegation's focal point nominates an official with."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sunbula.learning.models import LISTENING_LANGUAGES, Event, Registration


class NominationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    institution = forms.CharField(label=_("Ministry or institution"), max_length=255)
    role = forms.ChoiceField(label=_("Role"), choices=Registration.Role.choices)
    language = forms.ChoiceField(
        label=_("Language for e-mails and certificate"), choices=LISTENING_LANGUAGES
    )
    listening_language = forms.ChoiceField(label=_("Listening language"), choices=[])

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = {event.working_language, *event.interpretation_languages}
        self.fields["listening_language"].choices = [  # type: ignore[attr-defined]
            (code, label) for code, label in LISTENING_LANGUAGES if code in offered
        ]
