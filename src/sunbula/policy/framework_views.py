"""Publishing an assessment framework, or the next version of one, from the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sunbula.core.access import fetch, require_permission, signed_in
from sunbula.core.http import int_param
from sunbula.core.views import form_save, posted
from sunbula.policy import services
from sunbula.policy.framework_forms import FrameworkForm
from sunbula.policy.models import AssessmentFramework
from sunbula.policy.permissions import PolicyPerm


@require_http_methods(["GET", "POST"])
def framework_create(request: HttpRequest) -> HttpResponse:
    """A new framework; `?from=<id>` starts from a published one to publish its next version."""
    actor = signed_in(request.user)
    require_permission(actor, PolicyPerm.MANAGE_ASSESSMENT)
    form = FrameworkForm(posted(request))
    source = int_param(request, "from")
    if source is not None and request.method == "GET":
        form.initial_from(fetch(AssessmentFramework, actor, source, perm=PolicyPerm.VIEW_PROFILE))

    def save(values: dict[str, Any]) -> AssessmentFramework:
        return services.framework_create(actor=actor, **values)

    return form_save(
        request,
        form,
        save,
        "policy/framework_form.html",
        {"title": _("Publish an assessment framework")},
        success=_("The framework is published."),
        partial="policy/_framework_form.html",
    )
