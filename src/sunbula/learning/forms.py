"""Forms for learning pages; they validate input, services do the writing."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from sunbula.core.models import AdminArea, Country
from sunbula.learning.models import LISTENING_LANGUAGES, Enrolment, Event, Question, Registration

# A person takes longer than this to fill the form; a script does not.
MIN_FILL_SECONDS = 3
STARTED_SALT = "learning.registration.started"


def form_started_stamp(at: float | None = None) -> str:
    return signing.dumps(at if at is not None else time.time(), salt=STARTED_SALT)


class RegistrationForm(forms.Form):
    """The public registration form, with the organiser's own questions after the profile."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.filter(member_state__isnull=False)
    )
    institution = forms.CharField(label=_("Ministry or institution"), max_length=255)
    role = forms.ChoiceField(label=_("Role"), choices=Registration.Role.choices)
    language = forms.ChoiceField(
        label=_("Language for e-mails and certificate"), choices=LISTENING_LANGUAGES
    )
    listening_language = forms.ChoiceField(label=_("Listening language"), choices=[])
    # Left empty by people; bots fill every box they find.
    website = forms.CharField(
        label=_("Leave this box empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, event: Event, language: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("started", form_started_stamp())
        kwargs["initial"].setdefault("language", language if language else "en")
        super().__init__(*args, **kwargs)
        self.event = event
        offered = {event.working_language, *event.interpretation_languages}
        self.fields["listening_language"].choices = [  # type: ignore[attr-defined]
            (code, label) for code, label in LISTENING_LANGUAGES if code in offered
        ]
        self.questions = list(event.questions.select_related("shown_if"))
        for question in self.questions:
            self.fields[question.field_name] = self._field_for(question)

    def _field_for(self, question: Question) -> forms.Field:
        help_text = ""
        if question.shown_if is not None:
            help_text = _("Answer only if you answered “%(answer)s” to “%(question)s”.") % {
                "answer": question.shown_if_answer,
                "question": question.shown_if.local_label,
            }
        common: dict[str, Any] = {
            "label": question.local_label,
            "required": False,
            "help_text": help_text,
        }
        if question.kind == Question.Kind.NUMBER:
            return forms.DecimalField(**common)
        if question.kind == Question.Kind.YES_NO:
            return forms.ChoiceField(
                choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], **common
            )
        if question.kind == Question.Kind.CHOICE:
            return forms.ChoiceField(
                choices=[("", "—"), *((choice, choice) for choice in question.choices)], **common
            )
        return forms.CharField(max_length=1000, **common)

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this box empty."))
        return ""

    def _check_pace(self) -> None:
        """Refuse a form sent faster than a person can fill it, or with a forged stamp."""
        try:
            started = float(
                signing.loads(self.data.get("started", ""), salt=STARTED_SALT, max_age=24 * 3600)
            )
        except (signing.BadSignature, TypeError, ValueError):
            self.add_error(None, _("The form has expired; open it again."))
            return
        if time.time() - started < MIN_FILL_SECONDS:
            self.add_error(None, _("That was too quick. Check your answers and send again."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_pace()
        answers: dict[str, str] = {}
        for question in self.questions:
            value = cleaned.get(question.field_name)
            shown = (
                question.shown_if is None
                or str(cleaned.get(question.shown_if.field_name, "")) == question.shown_if_answer
            )
            if not shown:
                continue
            if question.required and value in (None, ""):
                self.add_error(question.field_name, _("This question needs an answer."))
            elif value not in (None, ""):
                answers[question.label] = str(value)
        cleaned["answers"] = answers
        return cleaned

    def service_values(self) -> dict[str, Any]:
        names = (
            "full_name",
            "email",
            "country",
            "institution",
            "role",
            "language",
            "listening_language",
            "answers",
        )
        return {name: self.cleaned_data[name] for name in names}


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class AttendanceImportForm(forms.Form):
    report = forms.FileField(
        label=_("Attendance report (CSV)"),
        help_text=_("One line per connection: e-mail, join time, leave time."),
    )


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=20, required=False)


class EnrolForm(forms.Form):
    phone = forms.CharField(label=_("Phone number"), max_length=20)
    district = forms.ModelChoiceField(label=_("District"), queryset=AdminArea.objects.none())
    sex = forms.ChoiceField(label=_("Sex"), choices=Enrolment.Sex.choices)

    def __init__(self, *args: Any, districts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts  # type: ignore[attr-defined]
