"""The refusals every API operation can answer, added to the OpenAPI schema in one place.

A view documents what it answers when it succeeds (and any refusal of its own, such as 422
for a file with bad rows); the answers that come from the platform rather than the view are
the same everywhere and are described here, so the schema lists every status an operation
can really give."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

WRITES = ("post", "put", "patch", "delete")
# Query parameters no value of which is refused: a page past the end is not found (404) and
# an ordering on an unknown field is ignored. Any other (a filter, a search term) can be.
NEVER_REFUSED = {"page", "ordering"}

REFUSAL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
INVALID = {
    "type": "object",
    "description": "Each refused field with its messages; `detail` when the request as a "
    "whole is refused.",
    "additionalProperties": {},
}


class RefusalSerializer(serializers.Serializer[dict[str, Any]]):
    """A refusal with its translated message (the `Refusal` component)."""

    detail = serializers.CharField()


def rule_unmet(description: str) -> OpenApiResponse:
    """422, for an operation a rule of the domain can refuse for what the request lacks (a
    date a step needs, a problem without a solution); `description` says which."""
    return OpenApiResponse(response=RefusalSerializer, description=description)


def _answer(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _refusals(path: str, method: str, operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The platform's answers for one operation, by status code."""
    query = {
        parameter["name"]
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "query"
    }
    refusals = {
        "401": _answer(
            "No credentials, or a token that is not valid, has expired or was revoked "
            "(`WWW-Authenticate` names the scheme).",
            "Refusal",
        ),
        "403": _answer(
            "Not allowed to do this here, or beyond the token's scope (a read-only token "
            "writing, a token limited to other domains).",
            "Refusal",
        ),
        "429": _answer(
            "Too many requests from this token or address; `Retry-After` says how many "
            "seconds to wait.",
            "Refusal",
        ),
    }
    if "{" in path or "page" in query:
        refusals["404"] = _answer(
            "No such record in your scope (or no such page of the list).", "Refusal"
        )
    if method in WRITES or query - NEVER_REFUSED:
        refusals["400"] = _answer("The request or one of its values is not valid.", "Invalid")
    if method in WRITES:
        refusals["409"] = _answer(
            "A rule of the domain refused the change (the record's state, a balance, a "
            "locked period).",
            "Refusal",
        )
    return refusals


def document_refusals(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: add the platform's refusals to each operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Refusal", REFUSAL)
    schemas.setdefault("Invalid", INVALID)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, answer in _refusals(path, method, operation).items():
                responses.setdefault(code, answer)
    return result


class OneObjectSchema(AutoSchema):
    """For a viewset whose `list` answers one object (a summary, a set of links), not a list."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return False


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The API's tokens in the schema: `Authorization: Bearer <key>`."""

    target_class = "sunbula.core.api_tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token made on the API tokens page (your menu), sent as "
            "`Authorization: Bearer <key>`. A token expires, may be limited to reading and "
            "to some domains, and never reaches more than its user may.",
        }
