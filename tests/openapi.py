"""The API's OpenAPI schema as tests read it: drawn once, and an answer checked against it."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jsonschema
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator


@cache
def drawn() -> tuple[dict[str, Any], list[str]]:
    """The schema as `sunbula spectacular` draws it, and the warnings and errors met."""
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        drawing = SchemaGenerator().get_schema(request=None, public=True)
    return drawing, [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]


def schema() -> dict[str, Any]:
    return drawn()[0]


def _json_schema(node: Any) -> Any:
    """An OpenAPI 3.0 schema as JSON Schema (draft 4): `nullable` becomes a null type."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items()}
    if "oneOf" in converted:  # spectacular's alternatives may overlap ('' is blank and a URL)
        converted["anyOf"] = converted.pop("oneOf")
    if converted.pop("nullable", False):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@cache
def components() -> dict[str, Any]:
    return _json_schema(schema()["components"])  # type: ignore[no-any-return]


def assert_shape(body: Any, documented: dict[str, Any], label: str) -> None:
    root = {**_json_schema(documented), "components": components()}
    errors = sorted(
        jsonschema.Draft4Validator(root).iter_errors(body), key=lambda error: list(error.path)
    )
    assert not errors, f"{label}: " + "; ".join(
        f"{'/'.join(map(str, error.path))}: {error.message[:200]}" for error in errors[:5]
    )


@cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    """Each documented path as a pattern, literal paths before those with a key."""
    paths = sorted(schema()["paths"], key=lambda path: (path.count("{"), path))
    return [
        (re.compile("^" + re.sub(r"\\{\w+\\}", "[^/]+", re.escape(path)) + "$"), path)
        for path in paths
    ]


def assert_documented(response: Any, method: str) -> None:
    """The answer's status is one the schema documents for the operation the request reached,
    and a JSON answer has the documented shape."""
    url = response.request["PATH_INFO"]
    path = next((path for pattern, path in _templates() if pattern.match(url)), None)
    assert path is not None, f"{url} is not in the schema"
    operation = schema()["paths"][path].get(method)
    label = f"{method.upper()} {url} answered {response.status_code}"
    assert operation is not None, f"{label}, but the schema has no {method.upper()} {path}"
    answer = operation["responses"].get(str(response.status_code))
    assert answer is not None, f"{label}; documented: {sorted(operation['responses'])}"
    documented = answer.get("content", {}).get("application/json")
    if documented and response.status_code < 300:
        assert_shape(response.json(), documented["schema"], label)
