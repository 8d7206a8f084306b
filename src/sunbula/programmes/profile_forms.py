"""Forms for who a project serves and the documents about it."""

from __future__ import annotations

from typing import ClassVar

from django import forms

from sunbula.core.forms import DATE, TranslatedFieldsMixin
from sunbula.programmes.models import ProjectDocument, TargetGroup


class TargetGroupForm(forms.ModelForm):  # type: ignore[type-arg]
    """A group the project serves and how many; a group set again corrects its figures."""

    class Meta:
        model = TargetGroup
        fields = (
            "group",
            "targeted",
            "targeted_female",
            "targeted_male",
            "reached",
            "is_illustrative",
        )

    def validate_unique(self) -> None:
        """Setting a group again corrects it: the service updates the existing row."""


class ProjectDocumentForm(TranslatedFieldsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A document about the project; the same address again corrects it."""

    translated: ClassVar[tuple[str, ...]] = ("title",)

    class Meta:
        model = ProjectDocument
        fields = ("title", "url", "file_format", "category", "language", "document_date")
        widgets = {"document_date": DATE}

    url = forms.URLField(
        label=ProjectDocument._meta.get_field("url").verbose_name, assume_scheme="https"
    )
