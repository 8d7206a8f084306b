"""XForms from the shipped XLSForms (pyxform), and the values read back from a submission."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DTDForbidden, ElementTree
from django.utils.translation import gettext_noop
from pyxform.xls2json_backends import xlsx_to_dict
from pyxform.xls2xform import convert

from sunbula.core.reasons import Reason

XLSFORMS = Path(__file__).resolve().parent / "xlsforms"

# Child elements that are repeats, by purpose: each holds a list of rows.
REPEATS: dict[str, frozenset[str]] = {
    "household_registration": frozenset({"member"}),
    "monitoring": frozenset({"answer"}),
    "market_prices": frozenset({"item"}),
}

Values = dict[str, Any]

# How deep an instance's elements may nest: an XForm nests groups and repeats a few levels;
# far deeper is no form instance, and reading it would exhaust the stack.
DEEPEST = 64


def xlsform_path(purpose: str) -> Path:
    return XLSFORMS / f"{purpose}.xlsx"


def xform_build(*, purpose: str, form_id: str, title: str, version: str) -> str:
    """The XForm of the purpose's XLSForm under this form's id, title and version."""
    definition = xlsx_to_dict(xlsform_path(purpose))
    definition["settings"][0].update(form_id=form_id, form_title=title, version=version)
    xform: str = convert(xlsform=definition).xform
    return xform


def md5_hex(content: str | bytes) -> str:
    data = content.encode() if isinstance(content, str) else content
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


class NotAnXForm(ValueError):
    """The submission is not XML, or not an instance with an id; the reason says which, kept
    untranslated and read in the reader's language."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.message)
        self.reason = reason

    def __str__(self) -> str:
        return str(self.reason)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read(element: Element, repeats: frozenset[str], into: Values) -> None:
    for child in element:
        name = _local(child.tag)
        if name == "meta":
            continue
        if len(child):
            if name in repeats:
                row: Values = {}
                _read(child, repeats, row)
                into.setdefault(name, []).append(row)
            else:
                _read(child, repeats, into)  # a group: its fields by their own names
        else:
            into[name] = (child.text or "").strip()


@dataclass(frozen=True)
class Instance:
    """What a submitted instance says of itself, and its values."""

    form_id: str
    version: str
    instance_id: str
    deprecated_id: str
    root: Element


def _depth(root: Element) -> int:
    """How deep the elements under `root` nest, counted without recursion."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > DEEPEST:
            break
        stack.extend((child, depth + 1) for child in element)
    return deepest


def instance_read(xml: bytes) -> Instance:
    """The form id, version, instance and deprecated ids of a submitted instance."""
    try:
        root = ElementTree.fromstring(xml, forbid_dtd=True)
    except DTDForbidden as error:
        raise NotAnXForm(
            Reason(
                gettext_noop(
                    "The submission declares a document type, which a form instance never does."
                )
            )
        ) from error
    except (ElementTree.ParseError, ValueError) as error:
        raise NotAnXForm(
            Reason(
                gettext_noop("The submission is not well-formed XML (%(error)s)."),
                {"error": str(error)},
            )
        ) from error
    if _depth(root) > DEEPEST:
        raise NotAnXForm(
            Reason(
                gettext_noop("The submission nests its elements more than %(levels)s levels deep."),
                {"levels": DEEPEST},
            )
        )
    meta: dict[str, str] = {}
    for child in root:
        if _local(child.tag) == "meta":
            meta = {_local(item.tag): (item.text or "").strip() for item in child}
    form_id = root.attrib.get("id", "")
    instance_id = meta.get("instanceID", "")
    if not form_id:
        raise NotAnXForm(
            Reason(
                gettext_noop("The submission does not name its form (the id of its root element).")
            )
        )
    if not instance_id:
        raise NotAnXForm(
            Reason(gettext_noop("The submission has no instance id (meta/instanceID)."))
        )
    return Instance(
        form_id=form_id,
        version=root.attrib.get("version", ""),
        instance_id=instance_id,
        deprecated_id=meta.get("deprecatedID", ""),
        root=root,
    )


def instance_values(instance: Instance, purpose: str) -> Values:
    """The instance's fields by name (groups flattened, repeats as lists of rows)."""
    values: Values = {}
    _read(instance.root, REPEATS.get(purpose, frozenset()), values)
    return values


def kobo_values(record: dict[str, Any], mapping: dict[str, str], purpose: str) -> Values:
    """A Kobo JSON record's fields by Sunbula name: a mapped column takes its saved name,
    another its last path segment; Kobo's own keys (`_id`, `formhub/…`, `meta/…`) are left."""
    repeats = REPEATS.get(purpose, frozenset())
    values: Values = {}
    for column, value in record.items():
        if column.startswith(("_", "formhub/", "meta/", "__version__")):
            continue
        name = mapping.get(column) or column.rsplit("/", 1)[-1]
        if name in repeats and isinstance(value, list):
            values[name] = [kobo_values(row, mapping, "") for row in value if isinstance(row, dict)]
        else:
            values[name] = value if isinstance(value, str) else str(value)
    return values
