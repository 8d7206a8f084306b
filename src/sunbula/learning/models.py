"""Events and their registrations, sessions, attendance and certificates; farmer courses.

Events are scoped by their host country; an international event (no host country) is seen
by everyone who may see events. Registrations follow their event and are narrowed to the
participant's country for country-limited roles. Courses are scoped by their country.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from sunbula.core.addresses import record_url
from sunbula.core.fields import (
    FieldCheck,
    ends_not_before_start,
    optional_reference_to,
    reference_to,
    with_item_choices,
)
from sunbula.core.figures import date_text, datetime_text, number_text
from sunbula.core.models import AdminArea, Country, Illustrative, Multilingual, User
from sunbula.core.multilingual import LocalizedText, TranslationsField
from sunbula.core.scoping import ACROSS, BY_COUNTRY, ScopedManager, ScopeRule
from sunbula.programmes.models import Programme, Project

LISTENING_LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("ru", _("Russian")),
]
# A survey's respondent may read only Dari or Pashto (post-distribution monitoring in
# Afghanistan, links handed to farmers): content languages, not interface languages.
RESPONDENT_LANGUAGES = [
    *LISTENING_LANGUAGES,
    ("fa-af", _("Dari")),
    ("ps", _("Pashto")),
]
RESPONDENT_LANGUAGE_CODES = frozenset(code for code, _name in RESPONDENT_LANGUAGES)


@cache
def time_zone_names() -> frozenset[str]:
    """The IANA time zones this server knows (read once: the list does not change while
    the server runs)."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(name: str) -> None:
    """Refuse a time zone that is not an IANA name this server knows (Asia/Kabul, UTC)."""
    if name not in time_zone_names():
        raise ValidationError(
            _("Give a time zone by its IANA name, such as Asia/Kabul or Europe/Paris."),
            code="invalid",
        )


class Event(Illustrative):
    """A workshop, training, conference or meeting with its sessions and registrations."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training")
        CONFERENCE = "conference", _("Conference")
        MEETING = "meeting", _("Meeting")

    class Modality(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("In person with online participation")

    title = models.CharField(_("title (English)"), max_length=255)
    title_translations = TranslationsField(_("title in other languages"))
    objectives = models.TextField(_("objectives (English)"), blank=True)
    objectives_translations = TranslationsField(_("objectives in other languages"))
    audience = models.CharField(_("intended audience (English)"), max_length=255, blank=True)
    audience_translations = TranslationsField(_("intended audience in other languages"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("programme"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("project"),
    )
    country = optional_reference_to(
        Country, _("host country"), help_text=_("Leave empty for an international event.")
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    meeting_link = models.URLField(_("online meeting link"), blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=60,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Its IANA name, such as Asia/Kabul: the dates and times are read in it."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    working_language = models.CharField(
        _("working language"), max_length=5, choices=LISTENING_LANGUAGES, default="en"
    )
    interpretation_languages = with_item_choices(
        models.JSONField(_("interpretation into"), default=list, blank=True), LISTENING_LANGUAGES
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    registration_closed_at = models.DateTimeField(
        _("registration closed"),
        null=True,
        blank=True,
        help_text=_("Set when registration closed, at its closing time or the event's start."),
    )
    approval_required = models.BooleanField(_("approval needed"), default=True)
    certificate_share = models.DecimalField(
        _("sessions to attend for a certificate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(75),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=255, blank=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="country", programme="programme", organisation=ACROSS, international=True
    )
    objects = ScopedManager["Event"]()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "title"]
        # The list's order: its first page is read by index, not by sorting every event.
        indexes = [models.Index(fields=["-starts_on", "id"], name="learning_event_latest")]
        constraints = [
            ends_not_before_start(
                start="starts_on", end="ends_on", name="learning_event_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.local_title

    def get_absolute_url(self) -> str:
        return record_url("learning:event_detail", self.pk)

    local_title = LocalizedText("title")

    local_objectives = LocalizedText("objectives")

    local_audience = LocalizedText("audience")

    def clean(self) -> None:
        codes = {code for code, _name in LISTENING_LANGUAGES}
        if not isinstance(self.interpretation_languages, list) or not set(
            self.interpretation_languages
        ) <= (codes - {self.working_language}):
            raise ValidationError(
                {"interpretation_languages": _("Choose languages other than the working one.")}
            )
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            raise ValidationError(
                {"registration_closes": _("Registration closes before it opens.")}
            )
        if self.modality != self.Modality.IN_PERSON and not self.meeting_link:
            raise ValidationError({"meeting_link": _("An online event needs a meeting link.")})
        if self.cancelled_at and not self.cancellation_reason:
            raise ValidationError({"cancellation_reason": _("Give the reason for cancelling.")})

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def zone(self) -> datetime.tzinfo:
        """The event's time zone; UTC for a name saved before names were checked."""
        if self.time_zone in time_zone_names():
            return zoneinfo.ZoneInfo(self.time_zone)
        return datetime.UTC

    def change_problem(self) -> str:
        """Why the event, its sessions, questions and delegations can no longer change (it is
        cancelled), as its services refuse it; "" while they can."""
        if self.cancelled_at is None:
            return ""
        return str(_("This event is cancelled; it can no longer be changed."))

    def closed_to_nomination(self) -> str:
        """Why no one can be nominated or invited to the event (it is cancelled), or ""."""
        if self.cancelled_at is not None:
            return str(_("This event is cancelled."))
        return ""

    def closed_to_registration(self, now: datetime.datetime) -> str:
        """Why no one can register of their own accord at `now`, or "" while they can: the
        event is cancelled, registration has not opened, or has closed (`registration_closed`:
        at its closing time, by hand, or when the event starts). A nomination is held to none
        of the dates, only to the event's not being cancelled (`closed_to_nomination`)."""
        if cancelled := self.closed_to_nomination():
            return cancelled
        if self.registration_opens and now < self.registration_opens:
            return str(_("Registration has not opened yet."))
        if self.registration_closed(now):
            return str(_("Registration is closed."))
        return ""

    @property
    def registration_deadline(self) -> datetime.datetime:
        """When registration closes: at its closing time, and at the latest when the event
        starts (midnight of its first day, in its time zone)."""
        start = self.start_of_first_day
        if self.registration_closes is not None:
            return min(self.registration_closes, start)
        return start

    def registration_closed(self, now: datetime.datetime) -> datetime.datetime | None:
        """When registration closed, if it has by `now`: when it was closed (by hand or by
        the scheduled closing), or else its deadline once passed; None while it is open."""
        if self.registration_closed_at is not None:
            return self.registration_closed_at
        deadline = self.registration_deadline
        return deadline if now >= deadline else None

    def has_ended(self, now: datetime.datetime) -> bool:
        """Whether the event's last day has passed at `now`, where it is held."""
        return now.astimezone(self.zone).date() > self.ends_on

    def closing_problem(self, now: datetime.datetime) -> str:
        """Why registration cannot be closed by hand at `now` (the event has taken place, or
        registration has closed already), or "" while it can."""
        if ended := self.ended_problem(now):
            return ended
        if self.registration_closed(now):
            return str(_("Registration is already closed."))
        return ""

    def ended_problem(self, now: datetime.datetime) -> str:
        """Why the event can no longer be cancelled, nor its participants reminded or its
        registration closed by hand (it has taken place), or "" while it can."""
        if self.has_ended(now):
            return str(_("The event has taken place."))
        return ""

    @property
    def listening_choices(self) -> list[tuple[str, StrOrPromise]]:
        """The languages a participant may listen in: the working language and those the
        event is interpreted into."""
        offered = {self.working_language, *self.interpretation_languages}
        return [(code, label) for code, label in LISTENING_LANGUAGES if code in offered]

    @property
    def interpretation_labels(self) -> list[StrOrPromise]:
        """The names of the languages the event is interpreted into, in the usual order."""
        return [
            label
            for code, label in LISTENING_LANGUAGES
            if code in self.interpretation_languages and code != self.working_language
        ]

    @property
    def start_of_first_day(self) -> datetime.datetime:
        """Midnight at the start of the event's first day, in its time zone."""
        return datetime.datetime.combine(self.starts_on, datetime.time(0, 0), tzinfo=self.zone)

    @property
    def end_of_last_day(self) -> datetime.datetime:
        """Midnight at the end of the event's last day, in its time zone."""
        following = self.ends_on + datetime.timedelta(days=1)
        return datetime.datetime.combine(following, datetime.time(0, 0), tzinfo=self.zone)

    def over_at(self) -> datetime.datetime:
        """When the event is over: the end of its last session (its closing session, after
        which the organisers hand out certificates), or the end of its last day while it has
        no session."""
        last_session_end: datetime.datetime | None = self.sessions.aggregate(end=Max("ends_at"))[
            "end"
        ]
        return last_session_end or self.end_of_last_day


class EventSession(models.Model):
    """One slot of an event's timetable; attendance is counted per session."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    title = models.CharField(_("title (English)"), max_length=255)
    title_translations = TranslationsField(_("title in other languages"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    scope_rule: ClassVar[ScopeRule] = Event.scope_rule.under("event")
    objects = ScopedManager["EventSession"]()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            FieldCheck(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="learning_session_ends_after_start",
                field="ends_at",
                message=_("A session ends after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.local_title

    local_title = LocalizedText("title")

    @property
    def length_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def day(self) -> datetime.date:
        """The day the session starts, where the event is held (in its time zone)."""
        return self.starts_at.astimezone(self.event.zone).date()

    def attendance_problem(self, now: datetime.datetime) -> str:
        """Why attendance cannot be recorded for the session at `now` (its day has not come
        where the event is held), or "" once it can. From the session's own day on, read in
        the event's time zone, it can: the door opens before the session starts, and an
        online participant anywhere is counted by the event's clock, not their own."""
        if now.astimezone(self.event.zone).date() >= self.day:
            return ""
        return str(
            _(
                "This session is held on %(date)s; attendance can be recorded from that day on, "
                "not before."
            )
            % {"date": date_text(self.day)}
        )


class Question(models.Model):
    """One of the organiser's own questions on the registration form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        YES_NO = "yes_no", _("Yes or no")
        CHOICE = "choice", _("One choice")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="questions", verbose_name=_("event")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("question (English)"), max_length=255)
    label_translations = TranslationsField(_("question in other languages"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    shown_if = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shown only if"),
    )
    shown_if_answer = models.CharField(_("answer that shows it"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.local_label

    local_label = LocalizedText("label")

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    def clean(self) -> None:
        if self.kind == self.Kind.CHOICE and not self.choices:
            raise ValidationError({"choices": _("A choice question needs its choices.")})
        if self.shown_if_id and self.shown_if and self.shown_if.event_id != self.event_id:
            raise ValidationError({"shown_if": _("Depend on a question of the same event.")})


class Delegation(models.Model):
    """A member state's delegation: its focal point nominates officials within a quota."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("event")
    )
    country = reference_to(Country, _("country"))
    focal_point = reference_to(User, _("focal point"))
    quota = models.PositiveSmallIntegerField(_("quota"))

    # Seen with its event, as the event's page lists it; who nominates into it is asked of
    # its own country (learning.access).
    scope_rule: ClassVar[ScopeRule] = Event.scope_rule.under("event")

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["country__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "country"], name="learning_one_delegation_per_country"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country} ({self.event})"


class Registration(Illustrative):
    """A person's registration for an event, with where it stands."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Place offered")
        OFFER_EXPIRED = "offer_expired", _("Offer expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Role(models.TextChoices):
        STRATEGIC_PLANNER = "strategic_planner", _("Strategic planner")
        POLICY_DEVELOPER = "policy_developer", _("Policy developer")
        LEGISLATOR = "legislator", _("Legislator")
        PROGRAMME_ANALYST = "programme_analyst", _("Programme analyst")
        OTHER = "other", _("Other")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    country = reference_to(Country, _("country"))
    institution = models.CharField(_("ministry or institution"), max_length=255)
    role = models.CharField(
        pgettext_lazy("participant", "role"), max_length=30, choices=Role.choices
    )
    language = models.CharField(
        _("language for e-mails and certificate"),
        max_length=5,
        choices=LISTENING_LANGUAGES,
        default="en",
    )
    listening_language = models.CharField(
        _("listening language"), max_length=5, choices=LISTENING_LANGUAGES, default="en"
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    rejection_reason = models.CharField(_("reason for rejection"), max_length=255, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    invited = models.BooleanField(_("invited"), default=False)
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("delegation"),
    )
    # Where an organiser recorded a delegation's nomination that came in by letter or e-mail.
    received_by = models.CharField(
        _("received by"),
        max_length=255,
        blank=True,
        help_text=_("The note verbale or e-mail the nomination came in, with its number and date."),
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    # The participant's own link (status, accept an offer, withdraw) and the check-in code.
    token = models.CharField(_("access code"), max_length=40, unique=True)
    source_digest = models.CharField(_("source digest"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], name="learning_one_registration_per_email"
            )
        ]
        indexes = [models.Index(fields=["source_digest", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.event})"

    def get_absolute_url(self) -> str:
        return reverse("learning:registration_status", args=[self.token])

    def withdrawal_problem(self) -> str:
        """Why the participant can no longer withdraw ("" while they can): the registration
        is withdrawn or rejected already, or they attended (attendance is recorded, or a
        certificate was issued): what happened stays as it happened."""
        if self.status in (self.Status.WITHDRAWN, self.Status.REJECTED):
            return str(_("This registration is no longer active."))
        if self.attendances.filter(Q(checked_in_at__isnull=False) | Q(minutes__gt=0)).exists():
            return str(
                _("Attendance is recorded for this registration; it can no longer be withdrawn.")
            )
        if Certificate.objects.filter(registration=self).exists():
            return str(
                _("A certificate was issued for this registration; it can no longer be withdrawn.")
            )
        return ""

    def sessions_attended(self) -> tuple[int, int]:
        """(sessions that count as attended, sessions held) for the certificate rule."""
        held = self.event.sessions.count()
        attended = sum(
            1 for attendance in self.attendances.select_related("session") if attendance.counts
        )
        return attended, held

    def certificate_problem(self, now: datetime.datetime) -> str:
        """Why no certificate can be issued for the registration at `now` ("" when one can):
        the participant is not approved, the event is not over yet (its last session has not
        ended), or they attended less than the event's share of its sessions."""
        if self.status != self.Status.APPROVED:
            return str(_("Only approved participants receive a certificate."))
        event = self.event
        over_at = event.over_at()
        if now < over_at:
            return str(
                _(
                    "The event is not over yet: its certificates can be issued once its last "
                    "session has ended, on %(moment)s (%(zone)s)."
                )
                % {"moment": datetime_text(over_at, event.zone), "zone": event.time_zone}
            )
        attended, held = self.sessions_attended()
        share = event.certificate_share
        if held == 0 or attended * 100 < share * held:
            return str(
                _("Attended %(attended)s of %(held)s sessions; the certificate needs %(share)s %%.")
                % {
                    "attended": number_text(attended),
                    "held": number_text(held),
                    "share": number_text(share),
                }
            )
        return ""

    def clean(self) -> None:
        if self.status == self.Status.REJECTED and not self.rejection_reason:
            raise ValidationError({"rejection_reason": _("Give the reason for rejecting.")})
        if self.status == self.Status.OFFERED and not self.offer_expires_at:
            raise ValidationError({"offer_expires_at": _("An offer needs an expiry.")})


class RegistrationTally(models.Model):
    """How many of an event's registrations stand at each status, kept by the registration
    services as they submit and decide, so that a list of thousands of events never counts
    their registrations one by one."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="+", verbose_name=_("event")
    )
    status = models.CharField(_("status"), max_length=20, choices=Registration.Status.choices)
    registrations = models.PositiveIntegerField(_("registrations"), default=0)

    class Meta:
        verbose_name = _("registration tally")
        verbose_name_plural = _("registration tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "status"], name="learning_registration_tally_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.get_status_display()}"


# A nominee who withdrew or was rejected frees their place in the delegation's quota.
FREES_A_DELEGATION_PLACE = (Registration.Status.WITHDRAWN, Registration.Status.REJECTED)


class Attendance(models.Model):
    """Minutes a participant attended one session (checked in, or from a meeting report)."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("registration"),
    )
    session = models.ForeignKey(
        EventSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("session"),
    )
    minutes = models.PositiveIntegerField(_("minutes attended"), default=0)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["session__starts_at", "registration__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="learning_one_attendance_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration.full_name}: {self.session} ({self.minutes})"

    @property
    def counts(self) -> bool:
        """Present in the room, or online for at least half the session."""
        return self.checked_in_at is not None or self.minutes * 2 >= self.session.length_minutes


class Certificate(models.Model):
    """A certificate of participation and the code anyone can verify it by."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("registration"),
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    sessions_attended = models.PositiveSmallIntegerField(_("sessions attended"))
    sessions_held = models.PositiveSmallIntegerField(_("sessions held"))

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.code

    def validity_problem(self) -> str:
        """Why the certificate no longer stands ("" while it does): the registration it was
        issued for no longer earns one (the participant withdrew), so the verification page
        says it is revoked and the participant can no longer download it."""
        status = self.registration.status
        if status == Registration.Status.APPROVED:
            return ""
        if status == Registration.Status.WITHDRAWN:
            return str(_("This certificate has been revoked: its holder withdrew from the event."))
        return str(
            _("This certificate has been revoked: its holder's registration is no longer approved.")
        )


class Course(Illustrative):
    """An online course for farmers, in their own languages."""

    title = models.CharField(_("title (English)"), max_length=255)
    title_translations = TranslationsField(_("title in other languages"))
    summary = models.TextField(_("summary (English)"), blank=True)
    summary_translations = TranslationsField(_("summary in other languages"))
    country = reference_to(Country, _("country"))
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("project"),
    )
    languages = with_item_choices(
        models.JSONField(_("languages"), default=list), settings.CONTENT_LANGUAGES
    )

    # A donor's focal point reads the courses of the projects its organisation takes part in.
    scope_rule: ClassVar[ScopeRule] = replace(
        BY_COUNTRY, organisation="project__participants__organisation"
    )
    objects = ScopedManager["Course"]()

    class Meta:
        verbose_name = _("farmer course")
        verbose_name_plural = _("farmer courses")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.local_title

    def get_absolute_url(self) -> str:
        return record_url("learning:course_report", self.pk)

    local_title = LocalizedText("title")

    local_summary = LocalizedText("summary")

    @property
    def language_names(self) -> list[tuple[str, str]]:
        """Each language of the course: its code and its name in the reader's language."""
        names = dict(settings.CONTENT_LANGUAGES)
        return [(code, str(names.get(code, code))) for code in self.languages]

    def clean(self) -> None:
        codes = {code for code, _name in settings.CONTENT_LANGUAGES}
        if not isinstance(self.languages, list) or not self.languages:
            raise ValidationError({"languages": _("Name the languages of the course.")})
        if not set(self.languages) <= codes:
            raise ValidationError({"languages": _("Unknown language.")})


# A course for farmers on a phone: a few lessons, never thousands.
MAX_LESSONS = 200


class Lesson(models.Model):
    """One lesson of a course: text and, where recorded, audio."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title (English)"), max_length=255)
    title_translations = TranslationsField(_("title in other languages"))
    body = models.TextField(_("text (English)"))
    body_translations = TranslationsField(_("text in other languages"))
    audio = models.FileField(_("audio"), upload_to="learning/audio/", blank=True)
    # A lesson farmers have completed is not removed but retired: hidden from farmers and no
    # longer needed to complete the course, while the completions stay counted.
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["course", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "position"], name="learning_lesson_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.local_title

    local_title = LocalizedText("title")

    local_body = LocalizedText("body")

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def removal_problem(self) -> str:
        """Why the lesson cannot be removed ("" if it can): farmers completed it."""
        if self.pk and Enrolment.objects.filter(lessons_done=self).exists():
            return str(
                _(
                    "Farmers have completed the lesson “%(lesson)s”; it cannot be removed. "
                    "Retire it instead: farmers no longer see it nor need it to complete "
                    "the course."
                )
                % {"lesson": self}
            )
        return ""

    def clean(self) -> None:
        if self.position is not None and not 1 <= self.position <= MAX_LESSONS:
            raise ValidationError(
                {
                    "position": _("Give the lesson's place in the course, from 1 to %(last)s.")
                    % {"last": MAX_LESSONS}
                }
            )


class Enrolment(Illustrative):
    """A farmer enrolled in a course by phone number and PIN; neither is kept in clear."""

    class Sex(models.TextChoices):
        FEMALE = "f", _("Female")
        MALE = "m", _("Male")

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("course")
    )
    phone_digest = models.CharField(_("phone number (keyed hash)"), max_length=64)
    phone_last_digits = models.CharField(_("last digits of the phone"), max_length=3)
    # The farmer's PIN (4 to 6 digits), hashed with Django's password hashers: with the
    # phone number it opens the enrolment on another phone. Empty: it cannot be resumed.
    pin_hash = models.CharField(_("PIN (hashed)"), max_length=128, blank=True, editable=False)
    district = reference_to(AdminArea, _("district"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    language = models.CharField(_("language"), max_length=5)
    enrolled_at = models.DateTimeField(_("enrolled at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    lessons_done = models.ManyToManyField(
        Lesson, blank=True, related_name="+", verbose_name=_("lessons done")
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["enrolled_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "phone_digest"], name="learning_one_enrolment_per_phone"
            )
        ]

    def __str__(self) -> str:
        return f"…{self.phone_last_digits} ({self.course})"


class CourseCertificate(models.Model):
    """A farmer's certificate of finishing every lesson of a course, issued on completion,
    and the code anyone can verify it by. It names no one: the enrolment keeps no name."""

    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("enrolment"),
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("course certificate")
        verbose_name_plural = _("course certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.code


class Survey(Illustrative):
    """A questionnaire sent by e-mail and answered on a public page, once per invitation:
    an event's feedback, or (standing alone, sent to a list) post-distribution monitoring.

    A survey for an event takes the event's country and programme, so it is seen and
    changed by whoever sees and changes the event."""

    class Purpose(models.TextChoices):
        FEEDBACK = "feedback", _("Event feedback")
        MONITORING = "monitoring", _("Post-distribution monitoring")
        OTHER = "other", _("Other")

    title = models.CharField(_("title (English)"), max_length=255)
    title_translations = TranslationsField(_("title in other languages"))
    introduction = models.TextField(_("introduction (English)"), blank=True)
    introduction_translations = TranslationsField(_("introduction in other languages"))
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.FEEDBACK
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("event"),
    )
    country = optional_reference_to(
        Country, _("country"), help_text=_("Leave empty for an international survey.")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("programme"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # A donor's focal point reads the surveys of the programmes and events it takes part in.
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="country",
        programme="programme",
        organisation=(
            "programme__projects__participants__organisation",
            "event__project__participants__organisation",
        ),
        international=True,
    )
    objects = ScopedManager["Survey"]()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.local_title

    def get_absolute_url(self) -> str:
        return record_url("learning:survey_detail", self.pk)

    local_title = LocalizedText("title")

    local_introduction = LocalizedText("introduction")

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def change_problem(self) -> str:
        """Why the survey's questions can no longer change (it has been sent or closed), as
        its services refuse it; "" before."""
        if self.closed_at is None and not self.invitations.exists():
            return ""
        return str(_("The survey has been sent; its questions can no longer change."))

    def sending_problem(self) -> str:
        """Why the survey cannot be sent (it is closed, or has no question yet); "" when it can."""
        if self.closed_at is not None:
            return str(_("The survey is closed."))
        if not self.questions.exists():
            return str(_("Add a question before sending the survey."))
        return ""


class SurveyQuestion(models.Model):
    """One question of a survey, of one of the usual kinds."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        SCALE = "scale", _("Scale")
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")

    CHOICE_KINDS: ClassVar[tuple[str, ...]] = (Kind.SINGLE, Kind.MULTIPLE)

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("question (English)"), max_length=255)
    label_translations = TranslationsField(_("question in other languages"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=False)
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.local_label

    local_label = LocalizedText("label")

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))

    def clean(self) -> None:
        if self.kind == self.Kind.SCALE and not (
            0 <= self.scale_min < self.scale_max <= self.scale_min + 10
        ):
            raise ValidationError(
                {"scale_max": _("A scale runs upwards from 0 or more, over at most 10 steps.")}
            )


class SurveyOption(Multilingual):
    """One answer offered by a choice question, named in several languages."""

    question = models.ForeignKey(
        SurveyQuestion,
        on_delete=models.CASCADE,
        related_name="options",
        verbose_name=_("question"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["position", "pk"]


class SurveyInvitation(models.Model):
    """One respondent's invitation: the link's code is kept only as its SHA-256 digest."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("survey")
    )
    # Empty for a respondent without an address, whose link is handed over another way
    # (a printed list for post-distribution monitoring).
    email = models.EmailField(_("e-mail address"), blank=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=RESPONDENT_LANGUAGES, default="en"
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registration"),
    )
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email"],
                condition=~Q(email=""),
                name="learning_one_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email or f'#{self.pk}'} ({self.survey})"


class SurveyResponse(models.Model):
    """The answers sent through one invitation; there is at most one."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    invitation = models.OneToOneField(
        SurveyInvitation,
        on_delete=models.CASCADE,
        related_name="response",
        verbose_name=_("invitation"),
    )
    language = models.CharField(_("language"), max_length=5)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class SurveyAnswer(models.Model):
    """One answer: an option chosen (one row per option of a multiple choice), a number
    (a scale's step too) or a text."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    option = models.ForeignKey(
        SurveyOption,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("option"),
    )
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["response", "question__position", "pk"]

    def __str__(self) -> str:
        return f"{self.question}: {self.option or self.number or self.text}"
