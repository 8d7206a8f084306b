"""The 3W import: who does what where, read from an HXL-tagged file, all or nothing."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sunbula.core.audit import audit_record
from sunbula.core.errors import DomainError
from sunbula.core.models import AdminArea, Country, Organisation, User
from sunbula.programmes.models import (
    DacSector,
    ThreeWActivity,
    ThreeWImport,
)


class ThreeWImportError(DomainError):
    """A 3W file with bad rows: nothing is imported, every bad row is named by its line."""

    status_code = 422

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            _("Nothing was imported: %(count)s problems. %(problems)s")
            % {"count": len(problems), "problems": " ".join(problems)}
        )


# The HXL hashtags a 3W file must carry, and the field each fills; where a field may come
# under several hashtags, the first one present wins.
THREE_W_TAGS: dict[str, tuple[str, ...]] = {
    "organisation_name": ("#org+name",),
    "sector": ("#sector+code", "#sector"),
    "activity": ("#activity", "#activity+name"),
    "p_code": ("#adm1+code",),
    "start": ("#date+start",),
    "end": ("#date+end",),
}


THREE_W_OPTIONAL_TAGS: dict[str, tuple[str, ...]] = {
    "organisation_type": ("#org+type", "#org+type+name"),
    "status": ("#status",),
    "targeted": ("#targeted",),
    "reached": ("#reached",),
}


def _normalise_tag(raw: str) -> str:
    """`#adm1 +code` and `#ADM1+code` are the same tag."""
    parts = [part.strip().lower() for part in raw.replace(" ", "").split("+")]
    return "+".join(part for part in parts if part)


def _hxl_columns(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The line of the hashtag row (1-based) and the column of each field we read."""
    for index, row in enumerate(rows[:25]):
        if row and any(cell.strip().startswith("#") for cell in row):
            tags: dict[str, int] = {}
            for column, cell in enumerate(row):
                tag = _normalise_tag(cell) if cell.strip().startswith("#") else ""
                if tag and tag not in tags:
                    tags[tag] = column
            columns: dict[str, int] = {}
            for field, choices in {**THREE_W_TAGS, **THREE_W_OPTIONAL_TAGS}.items():
                found = next((tags[tag] for tag in choices if tag in tags), None)
                if found is not None:
                    columns[field] = found
            return index + 1, columns
    raise ThreeWImportError([_("No HXL hashtag row (e.g. #org+name) in the first 25 lines.")])


def _parse_date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text.strip())


def _parse_count(text: str) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as bad:
        raise ValueError(text) from bad
    if number < 0 or number != number.to_integral_value():
        raise ValueError(text)
    return int(number)


@transaction.atomic
def three_w_import(
    *,
    actor: User,
    country: Country,
    file_name: str,
    content: bytes,
    organisation: Organisation | None = None,
) -> ThreeWImport:
    """Import a partner's HXL-tagged 3W CSV: every row or none, bad rows named by line.

    Sectors are DAC 5-digit codes, places admin-1 p-codes of `country`. Importing the same
    file again changes nothing.
    """
    digest = hashlib.sha256(content).hexdigest()
    already = ThreeWImport.objects.filter(sha256=digest).first()
    if already is not None:
        return already
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        raise ThreeWImportError([_("The file is not UTF-8 text.")]) from bad
    rows = list(csv.reader(io.StringIO(text)))
    tag_line, columns = _hxl_columns(rows)
    missing = [tags[0] for field, tags in THREE_W_TAGS.items() if field not in columns]
    if missing:
        raise ThreeWImportError([_("Missing hashtags: %(tags)s.") % {"tags": ", ".join(missing)}])
    areas = {area.p_code: area for area in AdminArea.objects.filter(country=country, level=1)}
    problems: list[str] = []
    activities: list[ThreeWActivity] = []
    for line, row in enumerate(rows[tag_line:], start=tag_line + 1):
        if not any(cell.strip() for cell in row):
            continue
        cells = {
            field: (row[column].strip() if column < len(row) else "")
            for field, column in columns.items()
        }
        reasons: list[str] = []
        for field, tags in THREE_W_TAGS.items():
            if not cells.get(field):
                reasons.append(_("%(tag)s is empty") % {"tag": tags[0]})
        if cells.get("sector") and cells["sector"] not in DacSector.values:
            reasons.append(_("unknown DAC sector %(code)s") % {"code": cells["sector"]})
        area = areas.get(cells.get("p_code", "").upper())
        if cells.get("p_code") and area is None:
            reasons.append(
                _("no admin-1 area %(p_code)s in %(country)s")
                % {"p_code": cells["p_code"], "country": country}
            )
        dates: dict[str, datetime.date] = {}
        for field in ("start", "end"):
            if cells.get(field):
                try:
                    dates[field] = _parse_date(cells[field])
                except ValueError:
                    reasons.append(
                        _("%(value)s is not a date (YYYY-MM-DD)") % {"value": cells[field]}
                    )
        counts: dict[str, int | None] = {}
        for field in ("targeted", "reached"):
            try:
                counts[field] = _parse_count(cells.get(field, ""))
            except ValueError:
                reasons.append(_("%(value)s is not a count of people") % {"value": cells[field]})
        if reasons:
            problems.append(
                _("Line %(line)s: %(reasons)s.") % {"line": line, "reasons": "; ".join(reasons)}
            )
            continue
        assert area is not None  # noqa: S101 — checked above
        activity = ThreeWActivity(
            line=line,
            organisation_name=cells["organisation_name"],
            organisation_type=cells.get("organisation_type", ""),
            sector=cells["sector"],
            activity=cells["activity"],
            admin_area=area,
            start=dates["start"],
            end=dates["end"],
            status=cells.get("status", ""),
            targeted=counts.get("targeted"),
            reached=counts.get("reached"),
        )
        try:
            activity.full_clean(exclude=["source"])
        except ValidationError as invalid:
            problems.append(
                _("Line %(line)s: %(reasons)s.")
                % {"line": line, "reasons": "; ".join(invalid.messages)}
            )
            continue
        activities.append(activity)
    if problems:
        raise ThreeWImportError(problems)
    if not activities:
        raise ThreeWImportError([_("The file has no rows under its hashtags.")])
    source = ThreeWImport(
        organisation=organisation, country=country, file_name=file_name[:255], sha256=digest
    )
    source.full_clean()
    source.save()
    for activity in activities:
        activity.source = source
    ThreeWActivity.objects.bulk_create(activities)
    by_organisation: dict[str, int] = defaultdict(int)
    for activity in activities:
        by_organisation[activity.organisation_name] += 1
    audit_record(
        actor=actor,
        action="programmes.threewimport.imported",
        obj=source,
        after={
            "file_name": source.file_name,
            "country": country.pk,
            "rows": len(activities),
            "organisations": dict(sorted(by_organisation.items())),
        },
    )
    return source
