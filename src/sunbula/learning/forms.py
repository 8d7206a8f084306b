"""Forms for learning pages; they validate input, services do the writing."""

from __future__ import annotations

import datetime
import time
import zoneinfo
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_email
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from sunbula.core.access import AnyUser
from sunbula.core.figures import latin_digits, number_text
from sunbula.core.forms import (
    DATE,
    TranslatedFieldsMixin,
    limit_choices_to_scope,
    limit_countries_to_scope,
    optional_choice,
)
from sunbula.core.models import AdminArea, Country, User
from sunbula.core.multilingual import content_language_codes
from sunbula.core.scoping import Scope
from sunbula.learning.models import (
    LISTENING_LANGUAGES,
    RESPONDENT_LANGUAGES,
    Course,
    Enrolment,
    Event,
    EventSession,
    Lesson,
    Question,
    Registration,
    Survey,
    SurveyInvitation,
    SurveyQuestion,
    time_zone_names,
)
from sunbula.learning.selectors import focal_point_candidates, project_options
from sunbula.learning.services import MAX_ADDRESSES, OptionText, Recipient
from sunbula.programmes.models import Project

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
    role = forms.ChoiceField(
        label=pgettext_lazy("participant", "Role"), choices=Registration.Role.choices
    )
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
        self.fields["listening_language"].choices = event.listening_choices  # type: ignore[attr-defined]
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


class LatinDigitsField(forms.CharField):
    """A box for a number typed on a phone's keyboard: Persian (۰۱۲) and Arabic-Indic (٠١٢)
    digits are read as 0-9 before anything checks or hashes them."""

    def to_python(self, value: Any) -> str:
        return latin_digits(str(super().to_python(value)))


def _pin_field(label: Any) -> forms.CharField:
    return LatinDigitsField(
        label=label,
        validators=[RegexValidator(r"^[0-9]{4,6}$", _("Enter 4 to 6 digits."))],
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "maxlength": "6", "autocomplete": "off"}
        ),
    )


class EnrolForm(forms.Form):
    phone = LatinDigitsField(label=_("Phone number"), max_length=20)
    district = forms.ModelChoiceField(label=_("District"), queryset=AdminArea.objects.none())
    sex = forms.ChoiceField(label=_("Sex"), choices=Enrolment.Sex.choices)
    pin = _pin_field(_("Choose a PIN of 4 to 6 digits"))

    def __init__(self, *args: Any, districts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts  # type: ignore[attr-defined]


class ResumeForm(forms.Form):
    """A farmer already enrolled continues on this phone with phone number and PIN."""

    resume = forms.CharField(widget=forms.HiddenInput, initial="1")
    phone = LatinDigitsField(label=_("Phone number"), max_length=20)
    pin = _pin_field(_("PIN"))


# Organisers' forms: they validate input, the services write.


def _label_translations(form: forms.BaseForm, labels: dict[str, Any]) -> None:
    """Name each language's box of a translated field: "Objectives in Arabic"."""
    names = dict(settings.CONTENT_LANGUAGES)
    for field, label in labels.items():
        for code in content_language_codes():
            form.fields[f"{field}_{code}"].label = label % {"language": names[code]}


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
INTERPRETATION_CHOICES = [(code, label) for code, label in LISTENING_LANGUAGES if code != "en"]


class EventClockMixin(forms.BaseForm):
    """Date-times typed and shown as the clock reads in the event's time zone, stored as the
    moments they are: 09:00 typed for a Kabul event is 04:30 UTC, and shows as 09:00 again."""

    clock_fields: ClassVar[tuple[str, ...]] = ()

    def show_on_clock(self, zone: datetime.tzinfo) -> None:
        for name in self.clock_fields:
            value = self.initial.get(name)
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                self.initial[name] = timezone.make_naive(value, zone)

    def read_on_clock(self, cleaned: dict[str, Any], zone: datetime.tzinfo) -> None:
        """The date-times the fields read (in the server's time zone), at the same clock time
        in `zone`."""
        for name in self.clock_fields:
            value = cleaned.get(name)
            if isinstance(value, datetime.datetime):
                cleaned[name] = timezone.make_aware(timezone.make_naive(value), zone)


class EventForm(EventClockMixin, TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    translated = ("title", "objectives", "audience")
    meeting_link = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    interpretation_languages = forms.MultipleChoiceField(
        label=_("Interpretation into"),
        choices=LISTENING_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = (
            "title",
            "kind",
            "modality",
            "programme",
            "project",
            "country",
            "venue",
            "meeting_link",
            "time_zone",
            "starts_on",
            "ends_on",
            "working_language",
            "interpretation_languages",
            "capacity",
            "registration_opens",
            "registration_closes",
            "approval_required",
            "certificate_share",
            "objectives",
            "audience",
        )
        widgets: ClassVar[dict[str, Any]] = {
            "starts_on": DATE,
            "ends_on": DATE,
            "registration_opens": DATETIME,
            "registration_closes": DATETIME,
        }

    clock_fields = ("registration_opens", "registration_closes")

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.show_on_clock(self.instance.zone)
        for name in self.clock_fields:
            self.fields[name].help_text = _("As the clock reads in the event's time zone.")
        _label_translations(
            self,
            {
                "objectives": _("Objectives in %(language)s"),
                "audience": _("Intended audience in %(language)s"),
            },
        )
        limit_choices_to_scope(self, "programme", scope)
        limit_choices_to_scope(self, "project", scope)
        limit_countries_to_scope(self, scope)
        if scope.covers_country(None):
            self.fields["country"].required = False
        else:
            self.fields["country"].required = True
            self.fields["country"].help_text = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("time_zone") in time_zone_names():
            self.read_on_clock(cleaned, zoneinfo.ZoneInfo(cleaned["time_zone"]))
        return cleaned


class CancelEventForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=255)


class SessionForm(EventClockMixin, TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A session of `instance.event`, its times as the clock reads in the event's time zone."""

    translated = ("title",)
    clock_fields = ("starts_at", "ends_at")

    class Meta:
        model = EventSession
        fields = ("title", "starts_at", "ends_at")
        widgets: ClassVar[dict[str, Any]] = {"starts_at": DATETIME, "ends_at": DATETIME}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = self.instance.event.zone
        self.show_on_clock(self.zone)
        for name in self.clock_fields:
            self.fields[name].help_text = _(
                "As the clock reads in %(zone)s, the event's time zone."
            ) % {"zone": self.instance.event.time_zone}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.read_on_clock(cleaned, self.zone)
        return cleaned


class QuestionForm(TranslatedFieldsMixin, forms.Form):
    translated = ("label",)
    label = forms.CharField(label=_("Question (English)"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a choice question: one choice a line."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label_translations(self, {"label": _("Question in %(language)s")})

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class DelegationForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.filter(member_state__isnull=False)
    )
    focal_point = forms.ModelChoiceField(
        label=_("Focal point"),
        queryset=User.objects.none(),
        help_text=_("Someone who may nominate officials for the country."),
    )
    quota = forms.IntegerField(label=_("Quota"), min_value=1, max_value=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focal_point"].queryset = focal_point_candidates()  # type: ignore[attr-defined]


class CourseForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    translated = ("title", "summary")
    # Not required here: the course itself says when none is chosen, once.
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.CONTENT_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Course
        fields = ("title", "summary", "country", "project", "languages")

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label_translations(self, {"summary": _("Summary in %(language)s")})
        limit_countries_to_scope(self, scope)
        limit_choices_to_scope(self, "project", scope)


class LessonForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    translated = ("title", "body")

    class Meta:
        model = Lesson
        fields = ("position", "title", "body")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label_translations(self, {"body": _("Text in %(language)s")})


class SurveyForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    translated = ("title", "introduction")

    class Meta:
        model = Survey
        fields = ("title", "purpose", "event", "country", "programme", "introduction")

    def __init__(self, *args: Any, scope: Scope, events: QuerySet[Event], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label_translations(self, {"introduction": _("Introduction in %(language)s")})
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        self.fields["event"].help_text = _(
            "For an event's feedback; the survey then follows the event's country."
        )
        limit_countries_to_scope(self, scope)
        limit_choices_to_scope(self, "programme", scope)


class SurveyQuestionForm(TranslatedFieldsMixin, forms.Form):
    translated = ("label",)
    label = forms.CharField(label=_("Question (English)"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=SurveyQuestion.Kind.choices)
    required = forms.BooleanField(label=_("Required"), required=False)
    options = forms.CharField(
        label=_("Options (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice question: one option a line."),
    )
    scale_min = forms.IntegerField(label=_("Scale from"), initial=1, min_value=0, max_value=10)
    scale_max = forms.IntegerField(label=_("Scale to"), initial=5, min_value=1, max_value=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label_translations(self, {"label": _("Question in %(language)s")})
        names = dict(settings.CONTENT_LANGUAGES)
        for code in content_language_codes():
            self.fields[f"options_{code}"] = forms.CharField(
                label=_("Options in %(language)s") % {"language": names[code]},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("The same options, in the same order."),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        english = _lines(cleaned.get("options", ""))
        for code in content_language_codes():
            other = _lines(cleaned.get(f"options_{code}", ""))
            if other and len(other) != len(english):
                self.add_error(
                    f"options_{code}",
                    _("Give as many options as in English, in the same order."),
                )
        return cleaned

    def service_values(self) -> dict[str, Any]:
        values = self.translated_values()
        english = _lines(values.pop("options", ""))
        others = {
            code: _lines(values.pop(f"options_{code}", "")) for code in content_language_codes()
        }
        values["options"] = [
            OptionText(
                name,
                {code: texts[index] for code, texts in others.items() if index < len(texts)},
            )
            for index, name in enumerate(english)
        ]
        return values


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _one_a_line(label: StrOrPromise, help_text: StrOrPromise) -> forms.CharField:
    """A box for a list typed by hand, one item a line (read back with `_lines`)."""
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
    )


class SurveySendForm(forms.Form):
    to_attendees = forms.BooleanField(
        label=_("The event's attendees (each in their own language)"), required=False
    )
    emails = _one_a_line(_("E-mail addresses"), _("One a line, or separated by commas."))
    language = forms.ChoiceField(
        label=_("Language of the invitation to these addresses"), choices=RESPONDENT_LANGUAGES
    )

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        addresses = _lines(raw)
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError as error:
                raise ValidationError(
                    _("Not an e-mail address: %(address)s") % {"address": address}
                ) from error
        return addresses

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("to_attendees") and not cleaned.get("emails"):
            raise ValidationError(_("Choose the attendees or give e-mail addresses."))
        return cleaned


class SurveyLinksForm(forms.Form):
    """Links for respondents without an e-mail address, to read out, text or print: one for
    each name given, or a number of them without names."""

    names = _one_a_line(
        _("Respondents' names"),
        _("One a line; or leave it empty and give a number of links below."),
    )
    count = forms.IntegerField(
        label=_("Number of links without names"),
        required=False,
        min_value=1,
        max_value=MAX_ADDRESSES,
    )
    language = forms.ChoiceField(label=_("Language of the links"), choices=RESPONDENT_LANGUAGES)

    def clean_names(self) -> list[str]:
        names = _lines(self.cleaned_data["names"])
        if len(names) > MAX_ADDRESSES:
            raise ValidationError(
                _("Give at most %(count)s names at once.") % {"count": MAX_ADDRESSES}
            )
        longest = SurveyInvitation._meta.get_field("full_name").max_length or 0
        for name in names:
            if len(name) > longest:
                raise ValidationError(
                    _("A name is longer than %(count)s characters: %(name)s")
                    % {"count": longest, "name": name}
                )
        return names

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        either = _("Give either the respondents' names or a number of links.")
        if cleaned.get("names") and cleaned.get("count") is not None:
            self.add_error("count", either)
        elif not cleaned.get("names") and cleaned.get("count") is None:
            self.add_error("names", either)
        return cleaned

    def recipients(self) -> list[Recipient]:
        """A respondent for each name, or as many without a name as asked for."""
        values = self.cleaned_data
        names = values["names"] or [""] * values["count"]
        return [Recipient(full_name=name, language=values["language"]) for name in names]


# The public form's own error messages: Django's are not translated into Pashto.
ANSWER_ERRORS = {
    "required": _("Please answer this question."),
    "invalid_choice": _("Choose one of the answers offered."),
    "invalid_list": _("Choose one of the answers offered."),
    "invalid": _("Write a number, such as 12 or 2.5."),
    "max_digits": _("This number is too long."),
    "max_decimal_places": _("This number is too long."),
    "max_whole_digits": _("This number is too long."),
    "max_length": _("This answer is too long."),
}


class SurveyAnswerForm(forms.Form):
    """The public form: one field per question, in the reader's language (build it with
    that language active: labels and figures are read when the form is made)."""

    def __init__(self, *args: Any, questions: list[SurveyQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question.field_name] = self._field_for(question)

    def _field_for(self, question: SurveyQuestion) -> forms.Field:
        common: dict[str, Any] = {
            "label": question.local_label,
            "required": question.required,
            "error_messages": ANSWER_ERRORS,
        }
        kind = SurveyQuestion.Kind
        options = [(str(option.pk), option.local_name) for option in question.options.all()]
        if question.kind == kind.SINGLE:
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        if question.kind == kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        if question.kind == kind.SCALE:
            return forms.TypedChoiceField(
                choices=[(str(step), number_text(step)) for step in question.scale_values],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                help_text=_("%(low)s: lowest, %(high)s: highest")
                % {"low": number_text(question.scale_min), "high": number_text(question.scale_max)},
                **common,
            )
        if question.kind == kind.NUMBER:
            return forms.DecimalField(max_digits=14, decimal_places=4, **common)
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), **common)

    def answers(self) -> dict[int, object]:
        return {
            question.pk: self.cleaned_data.get(question.field_name) for question in self.questions
        }


class EventFilterForm(forms.Form):
    """The event list's filters; `project` among the projects the reader may see, so that one
    out of their scope is refused as one that does not exist."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = optional_choice(_("Kind"), _("Any kind"), Event.Kind.choices)
    modality = optional_choice(_("Modality"), _("Any modality"), Event.Modality.choices)
    country = forms.CharField(label=_("Host country (ISO code)"), required=False, max_length=3)
    project = forms.ModelChoiceField(
        label=_("Project"),
        required=False,
        queryset=Project.objects.none(),
        empty_label=_("Any project"),
    )
    state = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("upcoming", _("Upcoming or under way")),
            ("past", _("Past")),
            ("cancelled", _("Cancelled")),
        ],
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = project_options(user=user)  # type: ignore[attr-defined]


class CourseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.CharField(label=_("Country (ISO code)"), required=False, max_length=3)
