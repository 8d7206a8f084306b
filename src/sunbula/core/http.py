"""How a request's path, query string and JSON body are read: typed, bounded, never a 500."""

from __future__ import annotations

import io
import logging
import math
import tempfile
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any, BinaryIO, cast

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.template.defaultfilters import filesizeformat
from django.urls import register_converter
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, Throttled, ValidationError
from rest_framework.fields import Field
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from sunbula.core.errors import DomainError
from sunbula.core.validation import CONTROL_CHARACTERS

if TYPE_CHECKING:
    from rest_framework.request import Request

log = logging.getLogger(__name__)


class _TextConverter:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class Iso3Converter(_TextConverter):
    """`<iso3:iso3>`: an ISO 3166-1 alpha-3 country code."""

    regex = "[A-Za-z]{3}"


class PCodeConverter(_TextConverter):
    """`<pcode:p_code>`: an OCHA p-code, letters then digits."""

    regex = "[A-Za-z0-9]{1,20}"


class TokenConverter(_TextConverter):
    """`<token:token>`: a URL-safe access code given to a registrant."""

    regex = "[A-Za-z0-9_-]{1,64}"


class SignedConverter(_TextConverter):
    """`<signed:token>`: a value signed by django.core.signing (an invitation link)."""

    regex = "[A-Za-z0-9_:-]{1,300}"


class LanguageConverter(_TextConverter):
    """`<lang:farmer_lang>`: a language code such as `ps` or `fa-af`."""

    regex = "[a-z]{2,8}(?:-[a-z0-9]{1,8})?"


CONVERTERS: Mapping[str, type[Any]] = {
    "iso3": Iso3Converter,
    "pcode": PCodeConverter,
    "token": TokenConverter,
    "lang": LanguageConverter,
    "signed": SignedConverter,
}


def register_converters() -> None:
    """Make the converters above usable in `path()`; called once by the root URL configuration."""
    for name, converter in CONVERTERS.items():
        register_converter(converter, name)


# The largest id a database holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def int_param(request: HttpRequest | Request, name: str) -> int | None:
    """The id given as `?name=` in the query string; None when absent or not an id."""
    value = request.GET.get(name, "")
    if not (value.isascii() and value.isdigit()) or len(value) > 19 or int(value) > MAX_ID:
        return None
    return int(value)


# The longest text a search box takes.
SEARCH_LENGTH = 200


def search_param(request: HttpRequest | Request, name: str = "q") -> str:
    """The text to look for, given as `?name=`, trimmed to 200 characters; a text with control
    characters (which no record holds, and PostgreSQL cannot compare) is no search at all."""
    value = str(request.GET.get(name, "")).strip()[:SEARCH_LENGTH]
    return "" if CONTROL_CHARACTERS.search(value) else value


def required_int_param(request: HttpRequest | Request, name: str) -> int:
    """The id a list needs (`?event=`): left out, a 400 that names it; one that is not an id
    finds nothing (404), as an id out of scope."""
    if not request.GET.get(name):
        raise ValidationError({name: [Field.default_error_messages["required"]]})
    value = int_param(request, name)
    if value is None:
        raise Http404
    return value


class LengthNotANumber(BadRequest):
    """A Content-Length header that is not a number of bytes: a 400, whatever the path."""


# More digits than this (leading zeros aside) is no length a body can have: 2**63 has 19.
LENGTH_DIGITS = 19


def declared_length(request: HttpRequest | Request) -> int | None:
    """The length of the body as the request declares it; None when it declares none.

    A Content-Length is digits only (RFC 9110): "abc", "-5" or a thousand digits is refused
    with `LengthNotANumber`, where Django would read the body as empty or fail on it."""
    declared = str(request.META.get("CONTENT_LENGTH") or "")
    if not declared:
        return None
    if not (declared.isascii() and declared.isdigit()) or len(declared.lstrip("0")) > LENGTH_DIGITS:
        raise LengthNotANumber(_("The Content-Length header is not a number of bytes."))
    return int(declared)


BLOCK_BYTES = 64 * 1024  # what a body of unknown length is read by


def body_bounded(request: HttpRequest, limit: int) -> None:
    """Hold the request's body to `limit` bytes, whether its length is declared or not.

    A declared length above the limit is refused before a byte is read (one that is not a
    number: `LengthNotANumber`, a 400). A body of unknown length (sent in chunks: no
    Content-Length, an input the server marks `wsgi.input_terminated`) is read here a block
    at a time, its bytes counted as they come and refused as soon as they pass the limit;
    within it, the view reads it as a body of that declared length. Refusal:
    `RequestDataTooBig`, raised before the view stores anything; the view answers it with
    413 and its message."""
    declared = declared_length(request)
    if declared is not None:
        if declared > limit:
            raise RequestDataTooBig(f"The declared body passes {limit} bytes.")
        return
    if not request.META.get("wsgi.input_terminated"):
        return  # nothing tells where the body ends: it is read as empty
    source = request.META["wsgi.input"]
    # Left open: the view reads the body from it after this returns.
    spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
    size = 0
    while block := source.read(BLOCK_BYTES):
        size += len(block)
        if size > limit:
            spool.close()
            raise RequestDataTooBig(f"The body passes {limit} bytes.")
        spool.write(block)
    spool.seek(0)
    request.META["CONTENT_LENGTH"] = str(size)
    request._stream = cast(BinaryIO, spool)


def form_limit_refusal(exc: Exception) -> str | None:
    """What the sender of a form is told when Django refuses its body for one of the limits
    settings.DATA_UPLOAD_MAX_* set (an answer of 413: the content is too large, whether in
    bytes or in fields); None for any other error."""
    if isinstance(exc, RequestDataTooBig):
        return _("The form sent is larger than the %(limit)s allowed, not counting its files.") % {
            "limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        }
    if isinstance(exc, TooManyFieldsSent):
        count = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return ngettext(
            "The form sent has more than the %(count)s field allowed.",
            "The form sent has more than the %(count)s fields allowed.",
            count,
        ) % {"count": count}
    if isinstance(exc, TooManyFilesSent):
        count = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return ngettext(
            "The form sent has more than the %(count)s file allowed.",
            "The form sent has more than the %(count)s files allowed.",
            count,
        ) % {"count": count}
    return None


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"


def _too_large() -> BodyTooLarge:
    return BodyTooLarge(
        _("The request body is larger than the %(limit)s allowed.")
        % {"limit": filesizeformat(settings.API_JSON_MAX_BYTES)}
    )


def _too_deep() -> ParseError:
    return ParseError(
        _("The JSON body is nested more than %(depth)d levels deep.")
        % {"depth": settings.API_JSON_MAX_DEPTH}
    )


def _deeper_than(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if level > limit:
            return True
        stack.extend((child, level + 1) for child in children)
    return False


class BoundedJSONParser(JSONParser):
    """The API's JSON parser: bodies above API_JSON_MAX_BYTES are refused (413), and bodies
    nested deeper than API_JSON_MAX_DEPTH (400) before Python's parser would recurse too far."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit = settings.API_JSON_MAX_BYTES
        request = (parser_context or {}).get("request")
        declared = declared_length(request) if request is not None else None
        if declared is not None and declared > limit:
            raise _too_large()
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise _too_large()
        try:
            data = super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError as nested:
            raise _too_deep() from nested
        except ParseError as malformed:
            raise ParseError(_("The request body is not valid JSON.")) from malformed
        if _deeper_than(data, settings.API_JSON_MAX_DEPTH):
            raise _too_deep()
        return data


def _too_many(exc: Throttled) -> Response:
    """429, saying in the reader's language when to try again (and `Retry-After`, in seconds)."""
    seconds = max(1, math.ceil(getattr(exc, "wait", None) or 1))
    response = Response(
        {
            "detail": ngettext(
                "Too many requests. Try again in %(seconds)d second.",
                "Too many requests. Try again in %(seconds)d seconds.",
                seconds,
            )
            % {"seconds": seconds}
        },
        status=status.HTTP_429_TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(seconds)
    return response


def _sends_json(context: Mapping[str, Any]) -> bool:
    request = context.get("request")
    return request is None or "json" in (request.content_type or "")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every refusal the API can meet becomes a 4xx with a translated message: a domain rule,
    a model validation, a parse error, a missing or forbidden record, a body too large (in
    bytes, or a form in fields), a length that is not a number, or a value that does not
    parse. Anything else is a fault and stays a 500."""
    # Imported here: DRF's views read the parser setting, which names this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DomainError):
        return Response({"detail": str(exc)}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, LengthNotANumber):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    # A JSON body is told the API's limit on JSON (API_JSON_MAX_BYTES, below Django's).
    if isinstance(exc, RequestDataTooBig) and _sends_json(context):
        return drf_exception_handler(_too_large(), context)
    if refused := form_limit_refusal(exc):
        return Response({"detail": refused}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, SuspiciousOperation):
        return Response(
            {"detail": _("The request is not valid.")}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, RecursionError):
        return drf_exception_handler(_too_deep(), context)
    if isinstance(exc, Throttled):
        return _too_many(exc)
    if isinstance(exc, (ValueError, TypeError, OverflowError)):
        log.warning("Refused a request that did not parse", exc_info=exc)
        return Response(
            {"detail": _("The request is not valid.")}, status=status.HTTP_400_BAD_REQUEST
        )
    return drf_exception_handler(exc, context)
