"""Sunbula's select writes its options in Python; what it writes is what Django's widget
templates write, escaping and all."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test.utils import CaptureQueriesContext

from sunbula.core.models import Country
from tests.conftest import World


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Any"), ("a&b", 'Fish <&> "chips"')])
    grouped = forms.ChoiceField(
        choices=[("x", "X"), ("Dari <fa-AF>", [("g1", "گندم"), ("g2", "Пшеница")])]
    )
    several = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two"), ("3", "Three")])
    unknown = forms.NullBooleanField()
    number = forms.TypedChoiceField(choices=[(1, "one"), (2, "two")], coerce=int)


DATA = {"plain": "a&b", "grouped": "g2", "several": ["1", "3"], "unknown": "true", "number": "2"}


def _without_spacing(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_the_options_come_out_as_djangos_templates_write_them() -> None:
    select = get_default_renderer().get_template("django/forms/widgets/select.html")
    assert "sunbula/core/templates" in select.origin.name  # type: ignore[attr-defined]
    ours = Choices(DATA).as_p()
    djangos = Choices(DATA, renderer=DjangoTemplates()).as_p()
    assert _without_spacing(ours) == _without_spacing(djangos)
    assert '<option value="a&amp;b" selected>Fish &lt;&amp;&gt; &quot;chips&quot;</option>' in ours
    assert '<optgroup label="Dari &lt;fa-AF&gt;">' in ours
    assert '<option value="3" selected>Three</option>' in ours


class CountryChoice(forms.Form):
    country = forms.ModelChoiceField(queryset=Country.objects.order_by("iso3"), required=False)
    countries = forms.ModelMultipleChoiceField(queryset=Country.objects.order_by("iso3"))


@pytest.mark.django_db
def test_a_model_choice_reads_its_choices_in_one_plain_query(world: World) -> None:
    """No server-side cursor (on PostgreSQL one kept past the transaction costs milliseconds
    a field): plain SELECTs, the choices as Django's own iterator gives them."""
    form = CountryChoice({"country": str(world.kazakhstan.pk)})
    with CaptureQueriesContext(connection) as queries:
        html = form.as_p()
    statements = [query["sql"] for query in queries.captured_queries]
    assert statements
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in statements), statements
    assert [str(value) for value, _label in list(form.fields["country"].choices)[1:]] == [
        str(world.afghanistan.pk),
        str(world.kazakhstan.pk),
    ]
    assert f'<option value="{world.kazakhstan.pk}" selected>' in html
