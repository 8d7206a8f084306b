"""The people assistance reaches: households, persons, institutions, farmers, consent.

A person's names, phone, identity number and birth date are sealed together, encrypted, in one
column (see protection.py); phones and identity numbers also keep a keyed hash for exact look-up.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from sunbula.core.addresses import record_url
from sunbula.core.fields import actor_field, optional_reference_to, reference_to, with_item_choices
from sunbula.core.jobs import JobRow
from sunbula.core.models import (
    AdminArea,
    Country,
    Illustrative,
    Multilingual,
    Organisation,
    Site,
    User,
)
from sunbula.core.reasons import Reason
from sunbula.core.scoping import ScopedManager, ScopeRule
from sunbula.core.validation import (
    headcount_in_bounds,
    refuse_future,
    refuse_not_a_phone_number,
)
from sunbula.registry.protection import SealedField, SealedPart


def synthetic_flag() -> models.BooleanField:  # type: ignore[type-arg]
    """Marks a record made up for a demonstration, so that no one takes it for a real one."""
    return models.BooleanField(
        _("synthetic"), default=False, help_text=_("Made-up records for demonstration.")
    )


class DisplacementStatus(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    IDP = "idp", _("Internally displaced")
    RETURNEE = "returnee", _("Returnee")
    REFUGEE = "refugee", _("Refugee")
    HOST = "host", _("Host community")


class Vulnerability(models.TextChoices):
    FEMALE_HEADED = "female_headed", _("Female-headed household")
    DISABILITY = "disability", _("Disability")
    OLDER_PERSON = "older_person", _("Older person")
    CHRONIC_ILLNESS = "chronic_illness", _("Chronic illness")
    CHILD_HEADED = "child_headed", _("Child-headed household")
    PREGNANT_OR_LACTATING = "pregnant_lactating", _("Pregnant or lactating")


def validate_vulnerabilities(value: object) -> None:
    if not isinstance(value, list) or not set(value) <= set(Vulnerability.values):
        raise ValidationError(_("Unknown vulnerability."))


def displacement_status_field() -> models.CharField[str, str]:
    """Whether a household or person lives where they always have, or was displaced."""
    return models.CharField(
        _("displacement status"),
        max_length=20,
        choices=DisplacementStatus.choices,
        default=DisplacementStatus.RESIDENT,
    )


def vulnerabilities_field() -> models.JSONField:
    """What makes a household or person vulnerable: a list of `Vulnerability` codes (their
    labels in `item_choices`, for pages that show the list, such as the audit log)."""
    field = models.JSONField(
        _("vulnerabilities"), default=list, blank=True, validators=[validate_vulnerabilities]
    )
    return with_item_choices(field, Vulnerability.choices)


def parse_birth_date(text: str, today: datetime.date | None = None) -> str:
    """`YYYY` or `YYYY-MM-DD`, checked; raise ValidationError on anything else."""
    text = text.strip()
    if not text:
        return ""
    today = today or timezone.localdate()
    day = earliest_birth_day(text)
    if day is None:
        raise ValidationError(
            _("%(value)s is not a date (YYYY or YYYY-MM-DD)."), params={"value": text}
        )
    if day.year < 1900 or day > today:
        raise ValidationError(_("%(value)s is not a possible birth date."), params={"value": text})
    return text


def earliest_birth_day(text: str) -> datetime.date | None:
    """The first day a person born on `text` (`YYYY` or `YYYY-MM-DD`) may have been born:
    1 January of a year given alone. None for no birth date, or one that is not a date."""
    text = (text or "").strip()
    try:
        if len(text) == 4 and text.isdigit():
            return datetime.date(int(text), 1, 1)
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


# Refused on the consent's date, or on the birth date changed to a day after a consent.
CONSENT_BEFORE_BIRTH = Reason(gettext_noop("Consent cannot be given before the person was born."))


def given_before_birth(given_on: datetime.date, birth_date: str) -> bool:
    """Whether a consent given on `given_on` predates a birth on `birth_date` (a year given
    alone counts from its first day); False without a birth date."""
    born = earliest_birth_day(birth_date)
    return born is not None and given_on < born


# What a person's record holds across its fields, kept untranslated for import reports.
RELATION_WITHOUT_HOUSEHOLD = Reason(
    gettext_noop(
        "A relation to the head of household needs the household: choose it, or leave the "
        "relation empty."
    )
)
ID_NUMBER_REQUIRED = Reason(gettext_noop("Give the number of the identity document."))
ID_DOCUMENT_TYPE_REQUIRED = Reason(
    gettext_noop("Choose the type of identity document this number is from.")
)


def person_problems(
    *, in_household: bool, relation_to_head: str, id_document_type: str, id_number: str
) -> dict[str, Reason]:
    """What a person's record cannot hold, by field: a relation to the head of a household
    without the household; an identity document's type without its number, or a number
    without the type of document it is from. `Person.clean` and the import's plain check
    (registry.validation) both ask this, so every channel refuses the same records."""
    problems: dict[str, Reason] = {}
    if relation_to_head and not in_household:
        problems["relation_to_head"] = RELATION_WITHOUT_HOUSEHOLD
    has_number = bool((id_number or "").strip())
    if id_document_type and not has_number:
        problems["id_number"] = ID_NUMBER_REQUIRED
    elif has_number and not id_document_type:
        problems["id_document_type"] = ID_DOCUMENT_TYPE_REQUIRED
    return problems


class Household(models.Model):
    """People who live and eat together; the unit most food assistance is given to."""

    reference = models.CharField(_("reference"), max_length=40)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    country = reference_to(Country, _("country"))
    admin_area = optional_reference_to(AdminArea, _("admin area"))
    displacement_status = displacement_status_field()
    vulnerabilities = vulnerabilities_field()
    is_synthetic = synthetic_flag()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="country")
    objects = ScopedManager["Household"]()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "reference"], name="registry_household_unique_reference"
            ),
            models.UniqueConstraint(
                fields=["country", "external_id"],
                condition=~Q(external_id=""),
                name="registry_household_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return record_url("registry:household_detail", self.pk)


# A person's particulars, in the order files and pages give them.
PERSON_DETAILS = (
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "birth_date",
    "phone",
    "id_document_type",
    "id_number",
)


class Person(models.Model):
    """Someone assistance reaches; personal fields are encrypted and masked without clearance."""

    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Relation(models.TextChoices):
        HEAD = "head", _("Head of household")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Son or daughter")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Brother or sister")
        OTHER = "other", _("Other relative")

    class DocumentType(models.TextChoices):
        NONE = "", _("None")
        TAZKIRA = "tazkira", _("Tazkira")
        PASSPORT = "passport", _("Passport")
        PROOF_OF_REGISTRATION = "por", _("Proof of registration card")
        OTHER = "other", _("Other document")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CONFIRMED_DUPLICATE = "confirmed_duplicate", _("Confirmed duplicate")
        ERASED = "erased", _("Erased")

    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    country = reference_to(Country, _("country"))
    admin_area = optional_reference_to(AdminArea, _("admin area"))
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    relation_to_head = models.CharField(
        _("relation to head of household"), max_length=10, choices=Relation.choices, blank=True
    )
    sealed = SealedField(_("personal data, encrypted"), blank=True, default=dict, editable=False)
    given_name = SealedPart(_("given name"))
    family_name = SealedPart(_("family name"), blank=True)
    father_name = SealedPart(_("father's name"), blank=True)
    given_name_latin = SealedPart(_("given name (transliterated)"), blank=True)
    family_name_latin = SealedPart(_("family name (transliterated)"), blank=True)
    father_name_latin = SealedPart(_("father's name (transliterated)"), blank=True)
    name_key = models.CharField(_("name look-up key"), max_length=64, blank=True, db_index=True)
    # The given and the family name each on its own, so that a search by one of them finds
    # the person: keyed hashes of their skeletons, like the whole name's.
    given_key = models.CharField(
        _("given name look-up key"), max_length=64, blank=True, db_index=True
    )
    family_key = models.CharField(
        _("family name look-up key"), max_length=64, blank=True, db_index=True
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = SealedPart(_("birth date or year"), blank=True, help_text=_("YYYY or YYYY-MM-DD"))
    phone = SealedPart(_("phone"), blank=True, validators=[refuse_not_a_phone_number])
    phone_hash = models.CharField(_("phone look-up hash"), max_length=64, blank=True, db_index=True)
    id_document_type = models.CharField(
        _("identity document"), max_length=10, choices=DocumentType.choices, blank=True
    )
    id_number = SealedPart(_("identity number"), blank=True)
    id_number_hash = models.CharField(
        _("identity number look-up hash"), max_length=64, blank=True, db_index=True
    )
    displacement_status = displacement_status_field()
    vulnerabilities = vulnerabilities_field()
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    is_synthetic = synthetic_flag()
    # Erased: the personal data is gone for good; what was given to the person stays.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    erased_by = actor_field(_("erased by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="country")
    objects = ScopedManager["Person"]()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "external_id"],
                condition=~Q(external_id=""),
                name="registry_person_unique_external_id",
            ),
            models.CheckConstraint(
                condition=Q(status="active", duplicate_of__isnull=True)
                | Q(status="confirmed_duplicate", duplicate_of__isnull=False)
                | Q(status="erased", duplicate_of__isnull=True),
                name="registry_person_duplicate_has_original",
            ),
            models.CheckConstraint(
                condition=Q(status="erased", erased_at__isnull=False)
                | (~Q(status="erased") & Q(erased_at__isnull=True)),
                name="registry_person_erased_when",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: this text reaches audit entries and logs.
        return f"P-{self.pk}"

    def get_absolute_url(self) -> str:
        return record_url("registry:person_detail", self.pk)

    @property
    def is_erased(self) -> bool:
        return self.status == self.Status.ERASED

    @property
    def is_merged(self) -> bool:
        """Whether the record was merged into another as a confirmed duplicate."""
        return self.status == self.Status.CONFIRMED_DUPLICATE

    def change_problem(self) -> str:
        """Why the record can no longer change, as its services refuse it: the person's data
        was erased, or the record was merged into another (which is changed instead, unless
        the merge is undone); "" while it can."""
        if self.is_erased:
            return str(_("This person's data has been erased: the record cannot change."))
        if self.is_merged:
            return str(
                _(
                    "P-%(record)s was merged into P-%(survivor)s as a duplicate: the record "
                    "cannot change. Change P-%(survivor)s, or undo the merge."
                )
                % {"record": self.pk, "survivor": self.duplicate_of_id}
            )
        return ""

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        try:
            parse_birth_date(self.birth_date or "")
        except ValidationError as invalid:
            errors["birth_date"] = invalid
        if self.duplicate_of_id is not None and self.duplicate_of_id == self.pk:
            errors["duplicate_of"] = _("A person cannot duplicate themselves.")
        problems = person_problems(
            in_household=self.household_id is not None,
            relation_to_head=self.relation_to_head,
            id_document_type=self.id_document_type,
            id_number=self.id_number,
        )
        errors.update((name, str(reason)) for name, reason in problems.items())
        if errors:
            raise ValidationError(errors)


class Institution(Multilingual, Illustrative):
    """A drug-treatment centre, prison or other institution: a beneficiary in its own right."""

    class Kind(models.TextChoices):
        TREATMENT_CENTRE = "treatment_centre", _("Drug-treatment centre")
        PRISON = "prison", _("Prison or detention centre")
        OTHER = "other", _("Other institution")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Receiving assistance")
        PIPELINE = "pipeline", _("In the pipeline")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    site = reference_to(Site, _("site"))
    country = reference_to(Country, _("country"))
    operating_organisation = optional_reference_to(Organisation, _("operating organisation"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="country")
    objects = ScopedManager["Institution"]()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site"], name="registry_institution_one_per_site")
        ]

    def get_absolute_url(self) -> str:
        return record_url("registry:institution_detail", self.pk)

    def clean(self) -> None:
        if self.site_id and self.country_id:
            site_country = Site.objects.filter(pk=self.site_id).values_list("country", flat=True)
            if site_country.first() != self.country_id:
                raise ValidationError({"site": _("The site is not in the institution's country.")})


def validate_diet_counts(value: object) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(count, int) and count >= 0
        for key, count in value.items()
    ):
        raise ValidationError(_("Special diets are a mapping of diet to a whole number."))


class Headcount(Illustrative):
    """How many people an institution held on a day, and who verified it, how."""

    class Method(models.TextChoices):
        ROLL_CALL = "roll_call", _("Roll call")
        REGISTER = "register", _("Institution's register")
        SITE_VISIT = "site_visit", _("Monitoring visit")
        PARTNER_REPORT = "partner_report", _("Partner report")

    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="headcounts",
        verbose_name=_("institution"),
    )
    counted_on = models.DateField(_("counted on"))
    headcount = models.PositiveIntegerField(_("headcount"), validators=[headcount_in_bounds])
    verified_by = models.CharField(_("verified by"), max_length=200)
    method = models.CharField(_("verification method"), max_length=20, choices=Method.choices)
    special_diets = models.JSONField(
        _("special diets"), default=dict, blank=True, validators=[validate_diet_counts]
    )

    scope_rule: ClassVar[ScopeRule] = Institution.scope_rule.under("institution")
    objects = ScopedManager["Headcount"]()

    class Meta:
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")
        ordering = ["institution", "-counted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "counted_on"], name="registry_headcount_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.counted_on}: {self.headcount}"

    def clean(self) -> None:
        if self.counted_on:
            refuse_future(self.counted_on, "counted_on", _("A headcount cannot be in the future."))
        diets = self.special_diets if isinstance(self.special_diets, dict) else {}
        dieting = sum(count for count in diets.values() if isinstance(count, int))
        if self.headcount is not None and dieting > self.headcount:
            raise ValidationError({"special_diets": _("More special diets than people counted.")})


class Farmer(models.Model):
    """A person who farms: land, tenure, crops, water, group and extension contacts."""

    class Tenure(models.TextChoices):
        OWNER = "owner", pgettext_lazy("land tenure", "Owner")
        TENANT = "tenant", _("Tenant")
        SHARECROPPER = "sharecropper", _("Sharecropper")
        COMMUNAL = "communal", _("Communal land")

    class Irrigation(models.TextChoices):
        RAINFED = "rainfed", _("Rain-fed")
        CANAL = "canal", _("Canal")
        KAREZ = "karez", _("Karez")
        WELL = "well", _("Well")
        SOLAR = "solar", _("Solar-powered water system")

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="farmer", verbose_name=_("person")
    )
    farm_area_ha = models.DecimalField(
        _("farm area (ha)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    tenure = models.CharField(_("tenure"), max_length=20, choices=Tenure.choices)
    crops = models.JSONField(_("crops"), default=list, blank=True)
    irrigation = models.CharField(_("irrigation"), max_length=10, choices=Irrigation.choices)
    group_name = models.CharField(_("group or cooperative"), max_length=200, blank=True)
    extension_contacts = models.PositiveSmallIntegerField(_("extension contacts"), default=0)
    last_extension_contact = models.DateField(_("last extension contact"), null=True, blank=True)

    class Meta:
        verbose_name = _("farmer")
        verbose_name_plural = _("farmers")
        ordering = ["person"]

    def __str__(self) -> str:
        return f"F-{self.pk}"

    def get_absolute_url(self) -> str:
        return record_url("registry:person_detail", self.person_id)


class Consent(models.Model):
    """A person's consent to a use of their data; without a valid one they stay out of exports."""

    class Purpose(models.TextChoices):
        REGISTRATION = "registration", _("Registration and assistance")
        DATA_SHARING = "data_sharing", _("Sharing with partners")
        FOLLOW_UP = "follow_up", _("Follow-up and monitoring")

    class Method(models.TextChoices):
        WRITTEN = "written", _("Signed form")
        THUMBPRINT = "thumbprint", _("Thumbprint")
        VERBAL = "verbal", _("Verbal, witnessed")
        DIGITAL = "digital", _("Digital form")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "-given_on"]

    def __str__(self) -> str:
        return f"{self.person} {self.purpose} {self.given_on}"

    def clean(self) -> None:
        if self.given_on and self.expires_on and self.expires_on < self.given_on:
            raise ValidationError({"expires_on": _("Consent cannot expire before it is given.")})
        if self.given_on:
            refuse_future(self.given_on, "given_on", _("Consent cannot be given in the future."))
            # Withdrawing a consent is never refused for when it was given; the birth date
            # itself is not said: whoever records consent may lack protection clearance.
            recorded = self.withdrawn_on is None and self.person_id is not None
            if recorded and given_before_birth(self.given_on, self.person.birth_date):
                raise ValidationError({"given_on": str(CONSENT_BEFORE_BIRTH)})


def valid_consent_q(prefix: str = "", on: datetime.date | None = None) -> Q:
    """Records with a consent for registration in force on `on` (default today)."""
    day = on or timezone.localdate()
    return Q(
        **{
            f"{prefix}consents__purpose": Consent.Purpose.REGISTRATION,
            f"{prefix}consents__given_on__lte": day,
            f"{prefix}consents__withdrawn_on__isnull": True,
        }
    ) & (
        Q(**{f"{prefix}consents__expires_on__isnull": True})
        | Q(**{f"{prefix}consents__expires_on__gte": day})
    )


class Evidence(models.TextChoices):
    """What two records share, or hold differently, in the matcher's eyes."""

    SAME_NAME = "same_name", _("Same name, in any script or spelling")
    SAME_PHONE = "same_phone", _("Same phone")
    SAME_ID_NUMBER = "same_id_number", _("Same identity number")
    SAME_AREA = "same_area", _("Same area")
    SAME_SEX = "same_sex", _("Same sex")
    OTHER_PHONE = "other_phone", _("Different phones")
    OTHER_ID_NUMBER = "other_id_number", _("Different identity numbers")


class DuplicatePair(models.Model):
    """Two records the matcher thinks may be one person, waiting for a reviewer's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        CONFIRMED = "confirmed", _("Confirmed duplicate")
        DISMISSED = "dismissed", _("Not the same person")

    person_1 = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("first record")
    )
    person_2 = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("second record")
    )
    country = reference_to(Country, _("country"))
    score = models.FloatField(_("match probability"))
    # What the two records share or differ in, as the matcher saw it (Evidence values).
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = actor_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("found"), auto_now_add=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="country")
    objects = ScopedManager["DuplicatePair"]()

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_1", "person_2"], name="registry_duplicatepair_unique"
            ),
            models.CheckConstraint(
                condition=Q(person_1__lt=models.F("person_2")),
                name="registry_duplicatepair_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_1} ~ {self.person_2}"

    def evidence_labels(self) -> list[str]:
        known = dict(Evidence.choices)
        return [str(known[kind]) for kind in self.evidence if kind in known]


class Merge(models.Model):
    """One record folded into another as a confirmed duplicate; undo restores it."""

    survivor = reference_to(Person, _("kept record"))
    duplicate = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="merges", verbose_name=_("duplicate")
    )
    pair = models.ForeignKey(
        DuplicatePair,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("review"),
    )
    previous = models.JSONField(_("state before the merge"), default=dict)
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    scope_rule: ClassVar[ScopeRule] = Person.scope_rule.under("duplicate")
    objects = ScopedManager["Merge"]()

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.duplicate} → {self.survivor}"


class ImportJob(JobRow):
    """One uploaded file: all of it is stored, or none of it, with every bad row reported.

    An upload waits (`pending`) with its file kept under var/; a worker of the task queue
    (`sunbula worker`, registry.tasks.import_people) takes it (`running`), keeps its progress
    here and finishes; a job its worker left is taken up again (core.jobs).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Imported")
        FAILED = "failed", _("Refused")

    file_name = models.CharField(_("file"), max_length=255)
    country = reference_to(Country, _("country"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    created_rows = models.PositiveIntegerField(_("created"), default=0)
    updated_rows = models.PositiveIntegerField(_("updated"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    stored_file = models.CharField(_("stored file"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    started_by = reference_to(User, _("started by"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="country")
    objects = ScopedManager["ImportJob"]()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return record_url("registry:import_detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return min(99, 100 * self.processed_rows // self.total_rows) if self.total_rows else 0


class DedupeRun(JobRow):
    """A check of a country's whole registry for people registered twice, run by a worker of
    the task queue (registry.tasks.check_registry): sure pairs are merged, the others go to
    the review queue."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    country = reference_to(Country, _("country"))
    requested_by = reference_to(User, _("requested by"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    records_read = models.PositiveIntegerField(_("records read"), default=0)
    candidate_pairs = models.PositiveIntegerField(_("candidate pairs"), default=0)
    merged = models.PositiveIntegerField(_("records merged"), default=0)
    queued = models.PositiveIntegerField(_("pairs sent for review"), default=0)
    reason = models.TextField(_("reason"), blank=True)

    scope_rule: ClassVar[ScopeRule] = ScopeRule(country="country")
    objects = ScopedManager["DedupeRun"]()

    class Meta:
        verbose_name = _("registry check")
        verbose_name_plural = _("registry checks")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.country} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)
