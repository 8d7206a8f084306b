"""Tokens of shared devices: issued for a site or an area and a set of forms, and revoked."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core.access import reaches
from sunbula.core.audit import audit_record, snapshot
from sunbula.core.models import AdminArea, Country, Site, User
from sunbula.fieldforms.models import Device, FieldForm
from sunbula.fieldforms.payloads import token_digest
from sunbula.fieldforms.permissions import FieldPerm


def _reaches_site(place: Site, site: Site | None, admin_area: AdminArea | None) -> bool:
    """Whether a device kept to `site` or `admin_area` (or to neither) records at `place`."""
    if site is not None and site.pk != place.pk:
        return False
    if admin_area is None:
        return True
    return place.admin_area is not None and place.admin_area.p_code.startswith(admin_area.p_code)


@transaction.atomic
def device_issue(
    *,
    actor: User | None,
    label: str,
    user: User,
    country: Country,
    forms: Sequence[FieldForm],
    site: Site | None = None,
    admin_area: AdminArea | None = None,
) -> tuple[Device, str]:
    """Issue a token for a shared device: it acts as `user`, only at the site or in the area
    given and only with these forms. The token is shown once; only its digest is kept."""
    if site is not None and site.country_id != country.pk:
        raise ValidationError({"site": _("The site is in another country.")})
    if admin_area is not None and admin_area.country_id != country.pk:
        raise ValidationError({"admin_area": _("The area is in another country.")})
    if any(form.country_id != country.pk for form in forms):
        raise ValidationError({"forms": _("A form is for another country.")})
    for form in forms:
        if form.site is not None and not _reaches_site(form.site, site, admin_area):
            raise ValidationError(
                {
                    "forms": _(
                        "%(form)s is filled in at %(site)s, where this device may not record."
                    )
                    % {"form": form.title, "site": form.site}
                }
            )
    if not all(reaches(user, FieldPerm.VIEW_FIELD_FORMS, form) for form in forms):
        raise ValidationError(
            {
                "user": _(
                    "%(user)s may not see these forms: give them a role in the country first."
                )
                % {"user": user}
            }
        )
    token = secrets.token_urlsafe(32)
    device = Device(
        label=label,
        user=user,
        token_digest=token_digest(token),
        country=country,
        site=site,
        admin_area=admin_area,
        issued_by=actor,
    )
    device.full_clean()
    device.save()
    device.forms.set(forms)
    audit_record(
        actor=actor,
        action="fieldforms.device.issued",
        obj=device,
        after=snapshot(device, ("label", "user", "country", "site", "admin_area", "forms")),
    )
    return device, token


@transaction.atomic
def device_revoke(*, actor: User | None, device: Device) -> Device:
    """The device's token stops working at once; its submissions stay. A device revoked
    already stays as it was, with no second entry in the audit log."""
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.revoked_at is not None:
        return device
    device.revoked_at = timezone.now()
    device.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="fieldforms.device.revoked",
        obj=device,
        after={"revoked_at": device.revoked_at},
    )
    return device
