"""Core records every domain refers to: people who sign in, organisations, places, money, audit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunbula.core.addresses import record_url
from sunbula.core.fields import FieldCheck, actor_field
from sunbula.core.lists import joined
from sunbula.core.multilingual import LocalizedText, TranslationsField
from sunbula.core.scoping import ACROSS, BY_COUNTRY, NOT_SCOPED, ScopedManager, ScopeRule


class Multilingual(models.Model):
    """A record whose `name` is typed in several languages."""

    name = models.CharField(_("name (English)"), max_length=255)
    name_translations = TranslationsField(_("name in other languages"))

    # Offered in every choice list in the order of the name the reader sees (core.forms),
    # rather than by the English name.
    choices_as_read: ClassVar[bool] = False

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.local_name

    local_name = LocalizedText("name")


def illustrative_flag() -> models.BooleanField[bool, bool]:
    """Marks demonstration data that the source documents do not give, so that pages and
    reports can say so."""
    return models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demonstration data that the source documents do not give."),
    )


class Illustrative(models.Model):
    """A record a demo may invent: flagged so that pages and reports can say so."""

    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        abstract = True


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in with an e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, default="en", blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("back-office access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email


class Country(Multilingual):
    """A country or territory by ISO 3166-1."""

    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="pk", programme=ACROSS, organisation=ACROSS)
    objects = ScopedManager["Country"]()
    choices_as_read = True

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]


class MemberState(models.Model):
    """A member state of the OIC, with its membership of the IOFS where known."""

    class OicStatus(models.TextChoices):
        MEMBER = "member", _("Member")
        SUSPENDED = "suspended", _("Suspended")

    class IofsMembership(models.TextChoices):
        MEMBER = "member", _("Member")
        NOT_MEMBER = "not_member", _("Not a member")
        UNKNOWN = "unknown", _("Not recorded")

    country = models.OneToOneField(
        Country, on_delete=models.PROTECT, related_name="member_state", verbose_name=_("country")
    )
    oic_status = models.CharField(
        _("OIC status"), max_length=20, choices=OicStatus.choices, default=OicStatus.MEMBER
    )
    oic_status_note = models.CharField(_("note on OIC status"), max_length=255, blank=True)
    iofs_membership = models.CharField(
        _("IOFS membership"),
        max_length=20,
        choices=IofsMembership.choices,
        default=IofsMembership.UNKNOWN,
    )
    iofs_member_since = models.DateField(_("IOFS member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        ordering = ["country__name"]

    def __str__(self) -> str:
        return str(self.country)

    def get_absolute_url(self) -> str:
        return reverse("core:member_state_detail", args=[self.country.iso3])


class AdminArea(Multilingual):
    """An administrative area with its OCHA p-code, e.g. AF32 Hirat (level 1)."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="admin_areas", verbose_name=_("country")
    )
    level = models.PositiveSmallIntegerField(
        _("admin level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    p_code = models.CharField(
        _("p-code"),
        max_length=20,
        validators=[
            RegexValidator(r"^[A-Z]{2,3}[0-9A-Z]+$", _("A p-code is letters then digits."))
        ],
    )
    pcode_set_version = models.CharField(_("p-code set version"), max_length=40)
    iso_3166_2 = models.CharField(_("ISO 3166-2 code"), max_length=10, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent area"),
    )

    scope_rule: ClassVar[ScopeRule] = BY_COUNTRY
    objects = ScopedManager["AdminArea"]()

    class Meta:
        verbose_name = _("admin area")
        verbose_name_plural = _("admin areas")
        ordering = ["p_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["p_code", "pcode_set_version"], name="core_adminarea_unique_pcode"
            )
        ]


class Organisation(Multilingual):
    """A government, UN agency, intergovernmental body, NGO, association or company."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        UN_AGENCY = "un_agency", _("UN agency")
        IGO = "igo", _("Intergovernmental organisation")
        NGO = "ngo", _("Non-governmental organisation")
        ASSOCIATION = "association", _("Association")
        PRIVATE = "private", _("Private sector")

    class IatiType(models.TextChoices):
        # IATI OrganisationType codelist.
        GOVERNMENT = "10", _("Government")
        LOCAL_GOVERNMENT = "11", _("Local government")
        OTHER_PUBLIC = "15", _("Other public sector")
        INTERNATIONAL_NGO = "21", _("International NGO")
        NATIONAL_NGO = "22", _("National NGO")
        REGIONAL_NGO = "23", _("Regional NGO")
        PARTNER_COUNTRY_NGO = "24", _("Partner-country-based NGO")
        PUBLIC_PRIVATE = "30", _("Public-private partnership")
        MULTILATERAL = "40", _("Multilateral")
        FOUNDATION = "60", _("Foundation")
        PRIVATE = "70", _("Private sector")
        PRIVATE_PROVIDER = "71", _("Private sector in provider country")
        PRIVATE_RECIPIENT = "72", _("Private sector in aid-recipient country")
        PRIVATE_THIRD = "73", _("Private sector in third country")
        ACADEMIC = "80", _("Academic, training and research")
        OTHER = "90", _("Other")

    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    iati_type = models.CharField(
        _("IATI organisation type"), max_length=2, choices=IatiType.choices
    )
    iati_identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=60,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9-]*-\S+$", _("Use the form XM-DAC-41140."))
        ],
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("country"),
        help_text=_("Leave empty for an international organisation."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_rule: ClassVar[ScopeRule] = NOT_SCOPED
    objects = ScopedManager["Organisation"]()
    choices_as_read = True

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["iati_identifier"],
                condition=~Q(iati_identifier=""),
                name="core_organisation_unique_iati_identifier",
            )
        ]

    def get_absolute_url(self) -> str:
        return record_url("core:organisation_detail", self.pk)


class Site(Multilingual):
    """A place where work happens: a warehouse, a distribution point, an institution's premises."""

    class Kind(models.TextChoices):
        WAREHOUSE = "warehouse", _("Warehouse")
        DISTRIBUTION_POINT = "distribution_point", _("Distribution point")
        TREATMENT_CENTRE = "treatment_centre", _("Drug-treatment centre")
        PRISON = "prison", _("Prison or detention centre")
        OFFICE = "office", _("Office")
        TRAINING_VENUE = "training_venue", _("Training venue")
        FARMER_FIELD_SCHOOL = "farmer_field_school", _("Farmer field school")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="sites", verbose_name=_("country")
    )
    admin_area = models.ForeignKey(
        AdminArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sites",
        verbose_name=_("admin area"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    operating_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sites",
        verbose_name=_("operating organisation"),
    )
    is_illustrative = illustrative_flag()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_rule: ClassVar[ScopeRule] = BY_COUNTRY
    objects = ScopedManager["Site"]()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            FieldCheck(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="core_site_both_coordinates_or_none",
                field="longitude",
                message=_("Give both the latitude and the longitude, or neither."),
            )
        ]

    def get_absolute_url(self) -> str:
        return record_url("core:site_detail", self.pk)

    def clean(self) -> None:
        if self.admin_area_id and self.country_id:
            area_country = (
                AdminArea.objects.filter(pk=self.admin_area_id)
                .values_list("country_id", flat=True)
                .first()
            )
            if area_country != self.country_id:
                raise ValidationError(
                    {"admin_area": _("This admin area is not in the site's country.")}
                )


class Currency(Multilingual):
    """A currency by ISO 4217."""

    code = models.CharField(
        _("ISO 4217 code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Three capital letters, e.g. KZT."))],
    )
    minor_units = models.PositiveSmallIntegerField(_("decimal places"), default=2)

    class Meta:
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ExchangeRate(Illustrative):
    """Units of a currency that buy one US dollar, in force from `valid_from`."""

    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="rates", verbose_name=_("currency")
    )
    valid_from = models.DateField(_("in force from"))
    units_per_usd = models.DecimalField(
        _("units per US dollar"),
        max_digits=20,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
    )
    source = models.CharField(_("source"), max_length=200)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency__code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "valid_from"], name="core_exchangerate_one_per_day"
            ),
            models.CheckConstraint(
                condition=Q(units_per_usd__gt=0), name="core_exchangerate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency.code} {self.units_per_usd} ({self.valid_from})"


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    PROGRAMME_OFFICER = "programme_officer", _("Programme officer")
    LOGISTICS_OFFICER = "logistics_officer", _("Logistics officer")
    PROTECTION_OFFICER = "protection_officer", _("Protection officer")
    ME_OFFICER = "me_officer", _("M&E officer")
    EVENT_ORGANISER = "event_organiser", _("Event organiser")
    POLICY_ANALYST = "policy_analyst", _("Policy analyst")
    DONOR_VIEWER = "donor_viewer", _("Donor viewer")
    COUNTRY_FOCAL_POINT = "country_focal_point", _("Country focal point")


class RoleAssignment(models.Model):
    """A role a user holds in an organisation, limited to some countries (none: all)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("organisation"),
    )
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="+",
        verbose_name=_("countries"),
        help_text=_("Leave empty for every country."),
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="core_roleassignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class ProtectionClearance(models.Model):
    """The separate grant that lets a user see personal data of the people Sunbula records."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="protection_clearance", verbose_name=_("user")
    )
    reason = models.CharField(_("reason"), max_length=255)
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        verbose_name = _("protection clearance")
        verbose_name_plural = _("protection clearances")

    def __str__(self) -> str:
        return str(self.user)


class AuditEntry(models.Model):
    """One change made through a service: who, what, when, before and after."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = actor_field(_("actor"))
    actor_email = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("record type")
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"


class ScheduleRun(models.Model):
    """One period of one schedule: taken by a single worker, with how it ended.

    Unique on (schedule, due at), so two workers never run the same period twice.
    """

    class Outcome(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    name = models.CharField(_("schedule"), max_length=100)
    due_at = models.DateTimeField(_("due at"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.QUEUED
    )
    message = models.CharField(_("message"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ["-due_at", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "due_at"], name="core_schedulerun_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.due_at.isoformat()}"


class Notification(models.Model):
    """A notice to one user, written in the user's language; read or not yet."""

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    # What the notice is about, so that the same notice is never sent twice (e.g.
    # "partners.obligation.overdue:12"); empty where repeats are wanted.
    key = models.CharField(_("key"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="core_notification_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.subject


class NotificationPreference(models.Model):
    """Whether a user wants one kind of notice by e-mail as well (in-app notices always come)."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="core_notificationpref_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"


class ApiToken(models.Model):
    """A key a program uses to call the API on a user's behalf, with less than the user's rights.

    Only a digest of the key is kept (the key is shown once, when it is made); `prefix`, the
    key's first characters, finds the token without revealing it. A token may only read, and
    may be limited to some domains (app labels; none: every domain). It stops working when it
    expires, when it is revoked, or when its user is deactivated."""

    PREFIX_LENGTH: ClassVar[int] = 8

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTH, unique=True)
    digest = models.CharField(_("digest"), max_length=64)
    read_only = models.BooleanField(_("read only"), default=True)
    domains = models.JSONField(_("domains"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def live(self) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def access_label(self) -> str:
        return str(_("Read only") if self.read_only else _("Read and write"))

    @property
    def domains_label(self) -> str:
        """The domains the token reaches, by name, in the reader's language."""
        known = {config.label: str(config.verbose_name) for config in apps.get_app_configs()}
        return joined(known.get(label, label) for label in self.domains) or str(_("Every domain"))


class SignInFailures(models.Model):
    """Failed sign-ins counted for one account from one address, or for one address over
    every account: a count and a lockout, not a row per attempt (see core.signin)."""

    class Kind(models.TextChoices):
        ACCOUNT_AT_ADDRESS = "account_at_address", _("account at an address")
        ADDRESS = "address", _("address")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # A keyed hash of the e-mail address and network address, which are not kept in clear.
    key = models.CharField(_("key"), max_length=64)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    first_failed_at = models.DateTimeField(_("first failure"))
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("failed sign-ins")
        verbose_name_plural = _("failed sign-ins")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="core_signinfailures_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.failures}"
