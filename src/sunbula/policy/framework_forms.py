"""The form that publishes an assessment framework, or the next version of one."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sunbula.core.forms import TranslatedFieldsMixin


def parse_criteria(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """One criterion a line, as `code | text`; codes are unique within the framework."""
    criteria: list[tuple[str, str, dict[str, str]]] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        code, bar, wording = (part.strip() for part in line.partition("|"))
        if not bar or not code or not wording or len(code) > 20:
            raise ValidationError(
                _("Line %(line)s: write the code (up to 20 characters), a bar, then the text.")
                % {"line": number}
            )
        if code in seen:
            raise ValidationError(
                _("Line %(line)s: the code %(code)s is used twice.")
                % {
                    "line": number,
                    "code": code,
                }
            )
        seen.add(code)
        criteria.append((code, wording, {}))
    if not criteria:
        raise ValidationError(_("Give at least one criterion."))
    return criteria


class FrameworkForm(TranslatedFieldsMixin, forms.Form):
    """Code, name and reference document, and the criteria one a line; a code in use
    publishes its next version."""

    translated: ClassVar[tuple[str, ...]] = ("name",)

    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("A code in use publishes the next version of that framework."),
    )
    name = forms.CharField(label=_("Name (English)"), max_length=255)
    reference = forms.CharField(label=_("Reference document"), max_length=255, required=False)
    criteria = forms.CharField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One a line: code | text, e.g. R1 | A national food-security strategy."),
    )

    def clean_criteria(self) -> list[tuple[str, str, dict[str, str]]]:
        return parse_criteria(str(self.cleaned_data.get("criteria") or ""))

    def initial_from(self, framework: Any) -> None:
        """Start from a published framework, to publish its next version."""
        self.initial.update(
            {
                "code": framework.code,
                "name": framework.name,
                "reference": framework.reference,
                "criteria": "\n".join(
                    f"{criterion.code} | {criterion.name}" for criterion in framework.criteria.all()
                ),
            }
        )
        for code, text in (framework.name_translations or {}).items():
            field = f"name_{code}"
            if field in self.fields:
                self.fields[field].initial = text
