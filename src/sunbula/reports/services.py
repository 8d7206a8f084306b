"""Every write to report runs: asked for, kept or failed (the worker's claim and progress
are core.jobs bookkeeping, outside the audit log).

Each is atomic and audited. A run is asked for only on a donor or pledge the requester may
see; the worker then reads everything as the requester, so a report never shows more than
its requester could see on the pages.
"""

from __future__ import annotations

import datetime
from typing import Any, NotRequired, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.access import every_role_limited_to, require_permission
from sunbula.core.audit import create_audited, save_audited, update_audited
from sunbula.core.figures import AFGHANISTAN_ISO3
from sunbula.core.models import Organisation, User
from sunbula.funding.models import Pledge
from sunbula.reports import selectors
from sunbula.reports.models import FIRST_YEAR, LAST_YEAR, ReportKind, ReportRun
from sunbula.reports.permissions import ReportPerm


def _check_request(
    actor: User,
    kind: str,
    language: str,
    donor: Organisation | None,
    pledge: Pledge | None,
    year: int | None,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if kind not in ReportKind.values:
        problems["kind"] = _("Choose a donor report or a governing-body report.")
    if language not in dict(settings.LANGUAGES):
        problems["language"] = _("Choose English, Arabic, French or Russian.")
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        problems["year"] = _("Give a year between %(first)s and %(last)s.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    if kind == ReportKind.GOVERNING_BODY:
        if year is None:
            problems.setdefault("year", _("Give the year the report covers."))
        if donor is not None or pledge is not None:
            problems["donor"] = _("A governing-body report covers every donor; leave it empty.")
    elif kind == ReportKind.DONOR:
        visible = selectors.report_donors(user=actor)
        if donor is None or not visible.filter(pk=donor.pk).exists():
            problems["donor"] = _("Choose a donor whose pledges you may see.")
        if pledge is not None and (
            donor is None
            or pledge.donor_id != donor.pk
            or not selectors.report_pledges(user=actor).filter(pk=pledge.pk).exists()
        ):
            problems["pledge"] = _("Choose one of this donor's pledges that you may see.")
    return problems


class ReportAsked(TypedDict):
    """What a report request names: the kind, its language, and what it is about."""

    kind: str
    language: str
    donor: NotRequired[Organisation | None]
    pledge: NotRequired[Pledge | None]
    year: NotRequired[int | None]


@transaction.atomic
def report_request(*, actor: User, **asked: Unpack[ReportAsked]) -> ReportRun:
    """Ask for a report; it waits for the worker. Refused, with nothing written, when the
    donor or pledge is outside the requester's scope or the year is out of range. The run
    keeps what the requester's pages write dates by, for its files to read the same."""
    require_permission(actor, ReportPerm.REQUEST_REPORTS)
    kind, language = asked["kind"], asked["language"]
    donor, pledge, year = asked.get("donor"), asked.get("pledge"), asked.get("year")
    problems = _check_request(actor, kind, language, donor, pledge, year)
    if problems:
        raise ValidationError(problems)
    return create_audited(
        actor=actor,
        model=ReportRun,
        values={
            "kind": kind,
            "language": language,
            # Read now, as the requester's pages read it: their roles may change before the
            # worker writes the files.
            "requester_limited_to_afghanistan": every_role_limited_to(actor, AFGHANISTAN_ISO3),
            "donor": donor,
            "pledge": pledge,
            "year": year,
            "status": ReportRun.Status.PENDING,
            "requested_by": actor,
        },
    )


@transaction.atomic
def report_complete(
    *,
    actor: User,
    run: ReportRun,
    stored_name: str,
    data_as_of: datetime.datetime,
    digests: dict[str, Any],
) -> ReportRun:
    """The files are written: the run is ready, with the date of its data."""
    before = {"status": run.status, "progress": run.progress}
    run.status = ReportRun.Status.DONE
    run.progress = 100
    run.stored_name = stored_name
    run.data_as_of = data_as_of
    run.finished_at = timezone.now()
    run.error = ""
    return save_audited(
        actor=actor,
        obj=run,
        verb="generated",
        before=before,
        fields=("status", "progress", "stored_name", "data_as_of"),
        also=digests,
    )


@transaction.atomic
def report_fail(*, actor: User, run: ReportRun, error: str) -> ReportRun:
    """Close a run that could not be made; the message says why."""
    return update_audited(
        actor=actor,
        obj=run,
        values={
            "status": ReportRun.Status.FAILED,
            "error": error[:255],
            "finished_at": timezone.now(),
        },
    )
