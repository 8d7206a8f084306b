"""Sunbula's select writes its options in Python; what it writes is what Django's widget
templates write, escaping and all."""

from __future__ import annotations

import re

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer


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
