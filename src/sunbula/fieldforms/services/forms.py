"""Field forms published from the committed XLSForms, one version after another."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sunbula.assistance.models import Cycle
from sunbula.core.audit import audit_record, snapshot
from sunbula.core.models import Country, Site, User
from sunbula.fieldforms.models import FieldForm, FormVersion, Purpose
from sunbula.fieldforms.xforms import md5_hex, xform_build


def _form_id(purpose: str, country: Country, cycle: Cycle | None, site: Site | None) -> str:
    parts = [purpose, country.iso3.lower()]
    if cycle is not None:
        parts.append(f"c{cycle.pk}")
    if site is not None:
        parts.append(f"s{site.pk}")
    return "_".join(parts)


@transaction.atomic
def form_publish(
    *,
    actor: User | None,
    purpose: str,
    country: Country,
    title: str,
    cycle: Cycle | None = None,
    site: Site | None = None,
) -> FormVersion:
    """Publish the purpose's XLSForm as a new version of its form for the country (and, for
    a distribution, the cycle and site); devices see the new version in their form list."""
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Choose a purpose.")})
    if purpose == Purpose.DISTRIBUTION:
        if cycle is None or site is None:
            raise ValidationError({"cycle": _("A distribution form needs a cycle and a site.")})
        if cycle.country_id != country.pk or site.country_id != country.pk:
            raise ValidationError({"site": _("The cycle and the site are in another country.")})
    elif purpose == Purpose.MONITORING:
        if cycle is None or cycle.country_id != country.pk:
            raise ValidationError({"cycle": _("A monitoring form needs a cycle of the country.")})
        site = None
    else:
        cycle = site = None
    form, created = FieldForm.objects.select_for_update().get_or_create(
        form_id=_form_id(purpose, country, cycle, site),
        defaults={
            "title": title,
            "purpose": purpose,
            "country": country,
            "cycle": cycle,
            "site": site,
        },
    )
    if not created and form.title != title:
        form.title = title
        form.save(update_fields=["title"])
    version = str(form.versions.count() + 1)
    xform = xform_build(purpose=purpose, form_id=form.form_id, title=title, version=version)
    published = FormVersion.objects.create(
        form=form, version=version, xform=xform, md5=md5_hex(xform), published_by=actor
    )
    audit_record(
        actor=actor,
        action="fieldforms.form.published",
        obj=form,
        after={
            **snapshot(form, ("form_id", "purpose", "country", "cycle", "site")),
            "version": version,
        },
    )
    return published


@transaction.atomic
def form_open_set(*, actor: User | None, form: FieldForm, is_open: bool) -> FieldForm:
    """Open a form for submissions or close it (a distribution once its cycle is over): a
    closed form leaves the devices' form list, and what a phone filled in before and sends
    late is kept for review with that reason, not lost. Setting it as it is changes nothing."""
    form = FieldForm.objects.select_for_update().get(pk=form.pk)
    if form.is_open == is_open:
        return form
    form.is_open = is_open
    form.save(update_fields=["is_open"])
    audit_record(
        actor=actor,
        action="fieldforms.form.opened" if is_open else "fieldforms.form.closed",
        obj=form,
        before={"is_open": not is_open},
        after={"is_open": is_open},
    )
    return form
