"""Field forms: XLSForms published to ODK Collect, KoboCollect and Enketo, the devices that
fetch them, and every submission with what it became (or why it waits for review)."""

from __future__ import annotations

import urllib.parse
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunbula.assistance.models import Cycle
from sunbula.core.addresses import record_url
from sunbula.core.fields import actor_field, optional_reference_to, reference_to
from sunbula.core.models import AdminArea, Country, Site, User
from sunbula.core.reasons import reason_text
from sunbula.core.scoping import ScopedManager, ScopeRule


class Purpose(models.TextChoices):
    HOUSEHOLD_REGISTRATION = "household_registration", _("Household registration")
    DISTRIBUTION = "distribution", _("Distribution at a site for a cycle")
    INSTITUTION_HEADCOUNT = "institution_headcount", _("Institution headcount")
    EVENT_ATTENDANCE = "event_attendance", _("Event attendance")
    MONITORING = "monitoring", _("Post-distribution monitoring for a cycle")
    MARKET_PRICES = "market_prices", _("Market and price monitoring")


class FieldForm(models.Model):
    """A form field devices download, bound to one purpose (and, for a distribution, to a
    cycle and a site); each publication is a version of it."""

    form_id = models.SlugField(_("form id"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    country = reference_to(Country, _("country"))
    cycle = optional_reference_to(Cycle, _("cycle"))
    site = optional_reference_to(Site, _("site"))
    is_open = models.BooleanField(_("open for submissions"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="country")
    objects = ScopedManager["FieldForm"]()

    class Meta:
        verbose_name = _("field form")
        verbose_name_plural = _("field forms")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return record_url("fieldforms:form_detail", self.pk)


class FormVersion(models.Model):
    """One publication of a form: the XForm pyxform made from the XLSForm, and its hash."""

    form = models.ForeignKey(
        FieldForm, on_delete=models.CASCADE, related_name="versions", verbose_name=_("form")
    )
    version = models.CharField(_("version"), max_length=40)
    xform = models.TextField(_("XForm"))
    md5 = models.CharField(_("MD5"), max_length=32)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = actor_field(_("published by"))

    scope_rule: ClassVar[ScopeRule] = FieldForm.scope_rule.under("form")
    objects = ScopedManager["FormVersion"]()

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["form", "-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "version"], name="fieldforms_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.form} v{self.version}"


class Device(models.Model):
    """A shared device signed in by a token in its server URL; it acts as `user`, limited
    to a site or an area and to a set of forms, until an administrator revokes it."""

    label = models.CharField(_("label"), max_length=200)
    user = reference_to(User, _("acts as"))
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True)
    country = reference_to(Country, _("country"))
    site = optional_reference_to(Site, _("site"))
    admin_area = optional_reference_to(AdminArea, _("area"))
    forms = models.ManyToManyField(FieldForm, related_name="devices", verbose_name=_("forms"))
    issued_by = actor_field(_("issued by"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="country")
    objects = ScopedManager["Device"]()

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Channel(models.TextChoices):
    OPENROSA = "openrosa", _("ODK Collect, KoboCollect or Enketo")
    KOBO_PUSH = "kobo_push", _("KoboToolbox REST service")
    KOBO_PULL = "kobo_pull", _("KoboToolbox API pull")


class Submission(models.Model):
    """One filled-in form as it arrived, once per instance id; applied through the services
    of its purpose, or kept for review with the reason it could not be."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        REVIEW = "review", _("Awaiting review")
        REJECTED = "rejected", _("Rejected")
        REPLACED = "replaced", _("Replaced by an edit")

    instance_id = models.CharField(_("instance id"), max_length=100, unique=True)
    form = models.ForeignKey(
        FieldForm, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("form")
    )
    version = models.CharField(_("version"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    submitted_by = optional_reference_to(User, _("submitted by"))
    device = models.ForeignKey(
        Device,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("device"),
    )
    received_at = models.DateTimeField(_("received"))
    # The payload as it arrived and the values read from it, sealed like personal data.
    sealed = models.TextField(_("sealed payload"), blank=True)
    digest = models.CharField(_("payload digest"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # What a reviewer typed on rejecting it (or a reason stored as text before refusals were
    # kept untranslated).
    reason = models.TextField(_("reason"), blank=True)
    # Why the services refused it: each reason a catalogue's message and its parameters,
    # shown in the reader's language.
    refusal = models.JSONField(_("refusal"), default=list, blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edit of"),
    )
    # What it became: [[app_label.model, pk], …], read back by the selectors.
    records = models.JSONField(_("records"), default=list, blank=True)
    decided_by = actor_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    scope_rule: ClassVar[ScopeRule] = FieldForm.scope_rule.under("form")
    objects = ScopedManager["Submission"]()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["status", "received_at"], name="fieldforms_sub_status")]

    def __str__(self) -> str:
        return self.instance_id

    def get_absolute_url(self) -> str:
        return record_url("fieldforms:submission_detail", self.pk)

    @property
    def shown_reason(self) -> str:
        """Why it waits for review or was set aside, as the reader reads it: the services'
        refusal in the reader's language, a reviewer's reason as it was typed."""
        if self.refusal:
            return " ".join(reason_text(reason) for reason in self.refusal)
        return self.reason


class RefusedSend(models.Model):
    """A send refused before anything was stored (a 4xx answer: not an instance, no such form,
    too large, the same instance id with other values): who sent it, of which form, when and
    why, for the officer to see what the phone was told. The payload is not kept, only its
    digest; the reason quotes no value of it."""

    received_at = models.DateTimeField(_("received"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    answer = models.PositiveSmallIntegerField(_("answer"))
    # Why: each reason a catalogue's message and its parameters, shown in the reader's language.
    refusal = models.JSONField(_("refusal"), default=list)
    # The country of the form or, for a form not known, of the device: who may see it.
    country = optional_reference_to(Country, _("country"))
    form = models.ForeignKey(
        FieldForm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("form"),
    )
    # The form id as the send named it, for one not known here.
    form_named = models.CharField(_("form named"), max_length=100, blank=True)
    instance_id = models.CharField(_("instance id"), max_length=100, blank=True)
    device = models.ForeignKey(
        Device,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="refused_sends",
        verbose_name=_("device"),
    )
    submitted_by = optional_reference_to(User, _("submitted by"))
    digest = models.CharField(_("payload digest"), max_length=64, blank=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="country")
    objects = ScopedManager["RefusedSend"]()

    class Meta:
        verbose_name = _("refused send")
        verbose_name_plural = _("refused sends")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["received_at"], name="fieldforms_refused_received")]

    def __str__(self) -> str:
        return f"{self.answer} {self.form_named or self.instance_id}"

    @property
    def shown_reason(self) -> str:
        """Why it was refused, in the reader's language."""
        return " ".join(reason_text(reason) for reason in self.refusal)


class Attachment(models.Model):
    """A file sent with a submission (a photo, a signature), sealed like the payload."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("submission"),
    )
    name = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    sealed = models.TextField(_("sealed content"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["submission", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "name"], name="fieldforms_attachment_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url.strip())
    try:
        port = parts.port or {"https": 443, "http": 80}.get(parts.scheme.lower())
    except ValueError:
        port = None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def kobo_server_known(url: str) -> bool:
    """Whether `url` is on one of the Kobo servers Sunbula sends its Kobo token to."""
    return _origin(url) in {_origin(server) for server in settings.KOBO_SERVERS}


def on_a_known_kobo_server(url: str) -> None:
    """Refuse a Kobo server the installation was not set up for (SUNBULA_KOBO_SERVERS):
    Sunbula's Kobo token goes to no other."""
    if not kobo_server_known(url):
        raise ValidationError(
            _("Sunbula reads from these Kobo servers only: %(servers)s."),
            code="unknown_server",
            params={"servers": ", ".join(settings.KOBO_SERVERS)},
        )


class KoboSource(models.Model):
    """A KoboToolbox project feeding a form's purpose: pushed by its REST service (with a
    shared secret) and pulled through the API v2, with the column mapping a user saved."""

    name = models.CharField(_("name"), max_length=200)
    form = models.ForeignKey(
        FieldForm, on_delete=models.PROTECT, related_name="kobo_sources", verbose_name=_("form")
    )
    server_url = models.URLField(
        _("Kobo server"), default="https://kf.kobotoolbox.org", validators=[on_a_known_kobo_server]
    )
    asset_uid = models.CharField(_("asset uid"), max_length=64, unique=True)
    # Kobo column → Sunbula field; a column not named keeps its last path segment.
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    secret_digest = models.CharField(_("secret digest"), max_length=64)
    acting_user = reference_to(User, _("acts as"))
    pulled_until = models.DateTimeField(_("pulled until"), null=True, blank=True)
    last_pull_at = models.DateTimeField(_("last pull"), null=True, blank=True)
    # The records the last pull left out and why, each reason kept untranslated.
    pull_problems = models.JSONField(_("problems of the last pull"), default=list, blank=True)
    # Why the last pull stopped (the server out of reach, or answering wrongly), kept
    # untranslated; empty once a pull succeeds.
    pull_failure = models.JSONField(_("why the last pull failed"), default=dict, blank=True)
    pull_failed_at = models.DateTimeField(_("last pull failed"), null=True, blank=True)

    scope_rule: ClassVar[ScopeRule] = FieldForm.scope_rule.under("form")
    objects = ScopedManager["KoboSource"]()

    class Meta:
        verbose_name = _("Kobo source")
        verbose_name_plural = _("Kobo sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_failure(self) -> str:
        """Why the last pull failed, in the reader's language (empty when it did not)."""
        return reason_text(self.pull_failure) if self.pull_failure else ""

    @property
    def shown_problems(self) -> list[str]:
        """What the last pull left out and why, in the reader's language."""
        return [reason_text(problem) for problem in self.pull_problems]
