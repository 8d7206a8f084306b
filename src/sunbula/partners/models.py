"""Partnerships: partner profiles, agreements with their documents and obligations, engagements."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sunbula.core.addresses import record_url
from sunbula.core.fields import (
    PERIOD_IN_ORDER,
    FieldCheck,
    reference_to,
    staff_field,
    with_item_choices,
)
from sunbula.core.models import Country, Illustrative, Organisation
from sunbula.core.multilingual import LocalizedText, TranslationsField, localized
from sunbula.core.scoping import ACROSS, BY_COUNTRY, NOT_SCOPED, ScopedManager, ScopeRule


class PartnershipRole(models.TextChoices):
    DONOR = "donor", _("Donor")
    IMPLEMENTING = "implementing", _("Implementing partner")
    CO_HOST = "co_host", _("Co-host")
    TECHNICAL = "technical", _("Technical partner")
    COORDINATION = "coordination", _("Coordination partner")


class Sector(models.TextChoices):
    FOOD_SECURITY = "food_security", _("Food security")
    AGRICULTURE = "agriculture", _("Agriculture")
    NUTRITION = "nutrition", _("Nutrition")
    HUMANITARIAN = "humanitarian", _("Humanitarian assistance")
    MIGRATION = "migration", _("Migration and displacement")
    HEALTH = "health", _("Health")
    GOVERNANCE = "governance", _("Governance and policy")


def _validate_codes(value: object, choices: type[models.TextChoices]) -> None:
    if not isinstance(value, list) or not set(value) <= set(choices.values):
        raise ValidationError(_("Choose from the list."))


def validate_roles(value: object) -> None:
    _validate_codes(value, PartnershipRole)


def validate_sectors(value: object) -> None:
    _validate_codes(value, Sector)


class Partner(models.Model):
    """An organisation IOFS works with, and how."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partner",
        verbose_name=_("organisation"),
    )
    roles = with_item_choices(
        models.JSONField(_("partnership roles"), default=list, validators=[validate_roles]),
        PartnershipRole.choices,
    )
    sectors = with_item_choices(
        models.JSONField(_("sectors"), default=list, blank=True, validators=[validate_sectors]),
        Sector.choices,
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("countries of operation")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = NOT_SCOPED
    objects = ScopedManager["Partner"]()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return record_url("partners:partner_detail", self.pk)


class FocalPoint(models.Model):
    """A contact at a partner: an official by title, with a work e-mail at most, written to
    in the language they read."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="focal_points", verbose_name=_("partner")
    )
    title = models.CharField(_("title"), max_length=255)
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = reference_to(Organisation, _("organisation"))
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(
        _("language of correspondence"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    scope_rule: ClassVar[ScopeRule] = NOT_SCOPED
    objects = ScopedManager["FocalPoint"]()

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.name or self.title


class Agreement(Illustrative):
    """A cooperation agreement, MoU or similar, from first talks to its end."""

    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _("Cooperation agreement")
        MOU = "mou", _("Memorandum of understanding")
        CONTRIBUTION = "contribution", _("Contribution agreement")
        LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
        AMENDMENT = "amendment", _("Amendment")

    class Status(models.TextChoices):
        EXPLORING = "exploring", _("Exploring")
        NEGOTIATING = "negotiating", _("Negotiating")
        SIGNED = "signed", _("Signed")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    title_translations = TranslationsField(_("title in other languages"))
    purpose = models.TextField(_("purpose"), blank=True)
    purpose_translations = TranslationsField(_("purpose in other languages"))
    country = reference_to(
        Country,
        _("country"),
        help_text=_("The country the agreement concerns; it decides who sees it."),
    )
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.EXPLORING
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_place = models.CharField(_("place of signature"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = BY_COUNTRY
    objects = ScopedManager["Agreement"]()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "title"]
        constraints = [
            FieldCheck(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="partners_agreement_valid_until_after_from",
                field="valid_until",
                message=PERIOD_IN_ORDER,
                params={"start": "valid_from"},
            )
        ]

    def __str__(self) -> str:
        return self.local_title

    def get_absolute_url(self) -> str:
        return record_url("partners:agreement_detail", self.pk)

    local_title = LocalizedText("title")

    local_purpose = LocalizedText("purpose")

    def clean(self) -> None:
        if (self.kind == self.Kind.AMENDMENT) != (self.amends_id is not None):
            raise ValidationError(
                {"amends": _("An amendment, and only an amendment, names the agreement it amends.")}
            )


class AgreementParty(models.Model):
    class Role(models.TextChoices):
        SIGNATORY = "signatory", _("Signatory")
        IMPLEMENTING = "implementing", _("Implementing partner")
        FUNDING = "funding", _("Funding partner")
        WITNESS = "witness", _("Witness")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    organisation = reference_to(Organisation, _("organisation"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    scope_rule: ClassVar[ScopeRule] = Agreement.scope_rule.under("agreement")
    objects = ScopedManager["AgreementParty"]()

    class Meta:
        verbose_name = _("agreement party")
        verbose_name_plural = _("agreement parties")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="partners_party_once_per_agreement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_role_display()}"


class AgreementDocument(models.Model):
    """A document of an agreement (the signed text, an annex); its files are versions."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "title"], name="partners_document_title")
        ]

    def __str__(self) -> str:
        return self.title


def documents_root() -> Path:
    """Outside the web root: files are served only through the authorised download view."""
    return Path(settings.VAR_DIR) / "documents"


class DocumentVersion(models.Model):
    """One uploaded file, stored under VAR_DIR/documents by a generated name."""

    document = models.ForeignKey(
        AgreementDocument,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("document"),
    )
    number = models.PositiveIntegerField(_("version number"))
    stored_name = models.CharField(_("stored file name"), max_length=200, unique=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 digest"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        country="document__agreement__country", programme=ACROSS, organisation=ACROSS
    )
    objects = ScopedManager["DocumentVersion"]()

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="partners_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def get_absolute_url(self) -> str:
        return record_url("partners:document_download", self.pk)


class Obligation(models.Model):
    """What a party must deliver under an agreement, by when, and whether it has."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        WAIVED = "waived", _("Waived")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("agreement")
    )
    description = models.CharField(_("description"), max_length=255)
    description_translations = TranslationsField(_("description in other languages"))
    owner = staff_field(_("owner"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )

    scope_rule: ClassVar[ScopeRule] = Agreement.scope_rule.under("agreement")
    objects = ScopedManager["Obligation"]()

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return localized(self.description, self.description_translations)


class Engagement(Illustrative):
    """A meeting, visit, call or side event with partners, and what came of it."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        VISIT = "visit", _("Visit")
        CALL = "call", _("Call")
        SIDE_EVENT = "side_event", _("Side event")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    title_translations = TranslationsField(_("title in other languages"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    event = models.CharField(
        _("held at the event"),
        max_length=200,
        blank=True,
        help_text=_("E.g. a forum on whose sidelines the meeting took place."),
    )
    country = reference_to(
        Country,
        _("country"),
        help_text=_("The country the engagement concerns; it decides who sees it."),
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="+", verbose_name=_("organisations")
    )
    participants = models.TextField(
        _("participants by title"), blank=True, help_text=_("One title per line.")
    )
    topics = models.CharField(_("topics"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_translations = TranslationsField(_("summary in other languages"))
    outcomes = models.TextField(_("outcomes"), blank=True)
    outcomes_translations = TranslationsField(_("outcomes in other languages"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = BY_COUNTRY
    objects = ScopedManager["Engagement"]()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-held_on", "title"]

    def __str__(self) -> str:
        return self.local_title

    def get_absolute_url(self) -> str:
        return record_url("partners:engagement_detail", self.pk)

    local_title = LocalizedText("title")

    local_summary = LocalizedText("summary")

    local_outcomes = LocalizedText("outcomes")

    def participant_titles(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]


class FollowUpAction(models.Model):
    """Something agreed at an engagement that someone must do; shown to its owner until done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("engagement"),
    )
    description = models.CharField(_("description"), max_length=255)
    description_translations = TranslationsField(_("description in other languages"))
    owner = staff_field(_("owner"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )

    scope_rule: ClassVar[ScopeRule] = Engagement.scope_rule.under("engagement")
    objects = ScopedManager["FollowUpAction"]()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return localized(self.description, self.description_translations)
