"""Field and constraint factories the domain models share, so that each kind of link and
each common rule is declared one way."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Q
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


def ends_not_before_start(*, start: str, end: str, name: str) -> models.CheckConstraint:
    """The database's guard that a period (dates, or years) does not end before it starts;
    it may end where it starts."""
    return models.CheckConstraint(condition=Q(**{f"{end}__gte": models.F(start)}), name=name)
