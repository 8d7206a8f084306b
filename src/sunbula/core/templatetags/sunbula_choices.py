"""`{{ value|choice_label:"registry.Household.displacement_status" }}`: a stored choice shown by
its translated label, where the value travels without its record (tallies, totals);
`{{ household.vulnerabilities|item_labels:"registry.Household.vulnerabilities" }}`: a list of
codes, each by its label."""

from __future__ import annotations

from django import template
from django.apps import apps
from django.utils.translation import gettext as _

from sunbula.core import choices

register = template.Library()

NOT_RECORDED = ("", None, "not_recorded")


@register.filter
def choice_label(value: object, field_path: str) -> str:
    """The label of `value` among the choices of `app.Model.field`; an empty value or
    "not_recorded" reads "Not recorded"; a value outside the choices is shown as it is."""
    if value in NOT_RECORDED:
        return _("Not recorded")
    app_label, model_name, field_name = field_path.split(".")
    field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    return str(choices.label_of(field, value))


@register.filter
def item_labels(values: list[object], field_path: str) -> str:
    """The codes of `values` by their labels among `app.Model.field`'s item choices."""
    app_label, model_name, field_name = field_path.split(".")
    return choices.item_labels(
        apps.get_model(app_label, model_name)._meta.get_field(field_name), values
    )
