"""Field and constraint factories the domain models share, so that each kind of link and
each common rule is declared one way."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Q
from django.db.models.expressions import BaseExpression
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    from sunbula.core.models import User

_Record = TypeVar("_Record", bound=models.Model)


def _one_way_link(
    to: type[models.Model] | str,
    verbose_name: StrOrPromise,
    *,
    on_delete: Callable[..., None],
    optional: bool,
    blank: bool | None = None,
    help_text: StrOrPromise = "",
) -> models.ForeignKey[Any, Any]:
    """A link with no reverse accessor: the record linked to need not know what points at it."""
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        null=optional,
        blank=optional if blank is None else blank,
        related_name="+",
        verbose_name=verbose_name,
        help_text=help_text,
    )


def reference_to(
    to: type[_Record], verbose_name: StrOrPromise, *, help_text: StrOrPromise = ""
) -> models.ForeignKey[_Record, _Record]:
    """A required link to a record that must outlive what points at it (a country, a site,
    a currency): deleting it is refused while it is in use."""
    return _one_way_link(
        to, verbose_name, on_delete=models.PROTECT, optional=False, help_text=help_text
    )


def optional_reference_to(
    to: type[_Record], verbose_name: StrOrPromise, *, help_text: StrOrPromise = ""
) -> models.ForeignKey[_Record | None, _Record | None]:
    """Like `reference_to`, but the link may be left empty."""
    return _one_way_link(
        to, verbose_name, on_delete=models.PROTECT, optional=True, help_text=help_text
    )


def staff_field(
    verbose_name: StrOrPromise, *, blank: bool = True
) -> models.ForeignKey[User | None, User | None]:
    """The staff member who took a step on a record (approved, received, verified…): empty
    until the step is taken, and kept when the account is later deactivated."""
    return _one_way_link(
        "core.User", verbose_name, on_delete=models.PROTECT, optional=True, blank=blank
    )


def actor_field(verbose_name: StrOrPromise) -> models.ForeignKey[User | None, User | None]:
    """The user who did something to a record (published, decided, collected…): the record
    keeps its history when the account is deleted, the link then left empty."""
    return _one_way_link("core.User", verbose_name, on_delete=models.SET_NULL, optional=True)


class FieldCheck(models.CheckConstraint):
    """A check the database enforces, whose refusal a form or a service shows on one field
    with a message of its own, instead of Django's "Constraint … is violated." above the form.

    `message` may name other fields by their verbose names (`params`: placeholder → field).
    It deconstructs as Django's CheckConstraint: declaring a check this way changes no
    migration, and the database enforces it the same."""

    def __init__(
        self,
        *,
        condition: Q | BaseExpression,
        name: str,
        field: str,
        message: StrOrPromise,
        params: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(condition=condition, name=name)
        self.field = field
        self.message = message
        self.params = dict(params or {})

    def validate(
        self,
        model: type[models.Model],
        instance: models.Model,
        exclude: set[str] | None = None,
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        try:
            super().validate(model, instance, exclude, using)
        except ValidationError:
            names = {
                placeholder: capfirst(model._meta.get_field(field).verbose_name)  # type: ignore[union-attr]
                for placeholder, field in self.params.items()
            }
            refusal = ValidationError(self.message, code=self.name, params=names)
            raise ValidationError({self.field: refusal}) from None

    def deconstruct(self) -> tuple[str, Sequence[Any], dict[str, Any]]:
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs

    def clone(self) -> FieldCheck:
        return FieldCheck(
            condition=self.condition,
            name=self.name,
            field=self.field,
            message=self.message,
            params=self.params,
        )


# A period's end refused for coming before its start (`start`: the start's verbose name).
PERIOD_IN_ORDER = _("This cannot come before “%(start)s”.")

# The attribute a JSON field holding a list of codes carries its codes' labels in, as
# (code, label) pairs: Django's `choices` are for one value, not a list of them.
ITEM_CHOICES = "item_choices"

JSON = TypeVar("JSON", bound=models.JSONField)


def with_item_choices(field: JSON, choices: Sequence[tuple[str, StrOrPromise]]) -> JSON:
    """`field`, a JSON list of codes, told its codes' labels (`ITEM_CHOICES`), so that pages,
    downloads and the audit log show each code by its label (`core.choices.item_labels`)."""
    setattr(field, ITEM_CHOICES, choices)
    return field


def ends_not_before_start(*, start: str, end: str, name: str) -> FieldCheck:
    """The database's guard that a period (dates, or years) does not end before it starts;
    it may end where it starts. A refusal is shown on the end."""
    return FieldCheck(
        condition=Q(**{f"{end}__gte": models.F(start)}),
        name=name,
        field=end,
        message=PERIOD_IN_ORDER,
        params={"start": start},
    )
