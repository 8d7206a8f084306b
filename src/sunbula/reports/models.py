"""Report runs: a donor or governing-body report asked for, worked in the background and kept
as an HTML and a PDF file under var/reports/ with the date of the data it shows."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sunbula.core.addresses import record_url
from sunbula.core.fields import optional_reference_to, reference_to
from sunbula.core.jobs import JobRow
from sunbula.core.models import Organisation, User
from sunbula.funding.models import Pledge

FIRST_YEAR = 1990
LAST_YEAR = 2100


class ReportKind(models.TextChoices):
    DONOR = "donor", _("Donor report")
    GOVERNING_BODY = "governing_body", _("Governing-body report")


class ReportRun(JobRow):
    """One report asked for: it waits (`pending`), a worker of the task queue
    (reports.tasks.make_report) takes it (`running`), keeps its progress here and the files
    under var/reports/; a run its worker left is taken up again (core.jobs)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    donor = optional_reference_to(Organisation, _("donor"))
    pledge = optional_reference_to(Pledge, _("pledge"))
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # What the requester's pages decided their dates from when they asked (core.figures'
    # Solar Hijri rule reads the language and this), so the kept files read as those pages.
    requester_limited_to_afghanistan = models.BooleanField(
        _("requester's every role limited to Afghanistan"), default=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    requested_by = reference_to(User, _("requested by"))
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    data_as_of = models.DateTimeField(_("figures as of"), null=True, blank=True)
    stored_name = models.CharField(_("stored file"), max_length=64, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="governing_body", year__isnull=False, donor__isnull=True)
                | Q(kind="donor", donor__isnull=False),
                name="reports_run_subject_fits_kind",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="reports_run_progress"),
        ]

    def __str__(self) -> str:
        if self.kind == ReportKind.DONOR and self.donor is not None:
            subject = self.pledge.reference if self.pledge is not None else self.donor.local_name
        else:
            subject = str(self.year)
        return f"{self.get_kind_display()} · {subject}"

    def get_absolute_url(self) -> str:
        return record_url("reports:report_run_detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE and bool(self.stored_name)
