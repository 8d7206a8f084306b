"""KoboToolbox's REST service posts each new submission here as JSON, with the shared
secret of its source in the `X-Sunbula-Secret` header or as the Basic password."""

from __future__ import annotations

import base64
import binascii
import hmac
import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt

from sunbula.core.errors import DomainError
from sunbula.core.http import body_bounded
from sunbula.core.reasons import Reason
from sunbula.fieldforms import services
from sunbula.fieldforms.models import Channel, KoboSource
from sunbula.fieldforms.payloads import token_digest
from sunbula.fieldforms.purposes import refusal_reasons


def _secret(request: HttpRequest) -> str:
    given = request.headers.get("X-Sunbula-Secret", "")
    scheme, _space, encoded = request.headers.get("Authorization", "").partition(" ")
    if not given and scheme.lower() == "basic":
        try:
            given = base64.b64decode(encoded).decode().partition(":")[2]
        except (binascii.Error, UnicodeDecodeError):
            given = ""
    return given


def _refused(
    source: KoboSource, status: int, *reasons: Reason, payload: bytes = b"", instance_id: str = ""
) -> JsonResponse:
    """Record a refused push for the officer's page, and tell Kobo's REST service why."""
    services.refused_send_record(
        actor=source.acting_user,
        channel=Channel.KOBO_PUSH,
        answer=status,
        reasons=reasons,
        form=source.form,
        instance_id=instance_id,
        payload=payload,
    )
    return JsonResponse({"detail": " ".join(str(reason) for reason in reasons)}, status=status)


@csrf_exempt
def kobo_hook(request: HttpRequest, asset_uid: str) -> JsonResponse:
    """One pushed submission (POST): 201 when stored (applied or kept for review), 200 when it
    had been received before, 401 with a wrong secret."""
    source = (
        KoboSource.objects.select_related("form__country", "acting_user")
        .filter(asset_uid=asset_uid)
        .first()
    )
    given = _secret(request)
    if (
        source is None
        or not given
        or not hmac.compare_digest(token_digest(given), source.secret_digest)
    ):
        return JsonResponse({"detail": _("Unknown project or wrong secret.")}, status=401)
    if request.method != "POST":
        return JsonResponse({"detail": _("Send one submission as a JSON object.")}, status=405)
    try:
        body_bounded(request, settings.OPENROSA_MAX_BYTES)
        body = request.read()
    except RequestDataTooBig:
        return _refused(source, 413, Reason(gettext_noop("The submission is too large.")))
    try:
        record = json.loads(body)
    except (ValueError, RecursionError):
        record = None
    if not isinstance(record, dict):
        reason = Reason(gettext_noop("Send one submission as a JSON object."))
        return _refused(source, 400, reason, payload=body)
    try:
        received = services.kobo_push_receive(source=source, record=record)
    except DomainError as error:
        uuid = str(record.get("_uuid") or "")
        return _refused(source, 409, *refusal_reasons(error), payload=body, instance_id=uuid)
    stored = received.submission
    return JsonResponse(
        {"instance_id": stored.instance_id, "status": stored.status, "reason": stored.shown_reason},
        status=201 if received.created else 200,
    )
