"""The shared page pieces: saving a form through a service, paging or downloading a list,
and the text boxes for a field's other languages."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import translation

from sunbula.core.errors import DomainError
from sunbula.core.exports import Column
from sunbula.core.forms import TranslatedFieldsMixin
from sunbula.core.multilingual import LocalizedText
from sunbula.core.views import form_save, list_page, paginate

pytestmark = pytest.mark.django_db


class CodeForm(forms.Form):
    code = forms.CharField(label="Code", max_length=10)
    title = forms.CharField(label="Title", max_length=40)


class TitleForm(TranslatedFieldsMixin, forms.Form):
    translated = ("title", "summary")

    title = forms.CharField(label="Title", max_length=40)
    summary = forms.CharField(label="Summary", widget=forms.Textarea, required=False)


def _post(data: dict[str, str]) -> HttpRequest:
    request = RequestFactory().post("/en/somewhere/", data)
    request.user = AnonymousUser()
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _refuse(error: Exception) -> Any:
    def save(values: dict[str, Any]) -> Any:
        raise error

    return save


def test_a_refused_write_puts_each_message_on_the_field_it_names() -> None:
    form = CodeForm({"code": "X1", "title": "Flour"})
    refusal = ValidationError({"code": "This code is taken.", "budget": "Over budget."})
    response = form_save(
        _post({}), form, _refuse(refusal), "core/record_form.html", {"title": "Add"}
    )
    assert response.status_code == 422
    assert form.errors["code"] == ["This code is taken."]
    assert form.non_field_errors() == ["Over budget."]


def test_a_domain_error_is_shown_above_the_fields() -> None:
    form = CodeForm({"code": "X1", "title": "Flour"})
    response = form_save(
        _post({}), form, _refuse(DomainError("The period is locked.")), "core/record_form.html"
    )
    assert response.status_code == 422
    assert form.non_field_errors() == ["The period is locked."]
    assert "The period is locked." in response.content.decode()


def test_an_invalid_form_never_reaches_the_service() -> None:
    calls: list[dict[str, Any]] = []
    form = CodeForm({"code": "", "title": "Flour"})
    response = form_save(_post({}), form, calls.append, "core/record_form.html")
    assert response.status_code == 422
    assert calls == []
    assert "code" in form.errors


def test_a_saved_form_goes_to_what_the_service_returns() -> None:
    received: list[dict[str, Any]] = []

    def save(values: dict[str, Any]) -> str:
        received.append(values)
        return "core:home"

    form = CodeForm({"code": "X1", "title": "Flour"})
    response = form_save(_post({}), form, save, "core/record_form.html")
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert received == [{"code": "X1", "title": "Flour"}]


def test_a_list_pages_or_downloads_the_same_rows() -> None:
    rows = [f"lot {number:02}" for number in range(30)]
    second = RequestFactory().get("/en/lots/", {"page": "2"})
    page = paginate(second, rows)
    assert list(page) == rows[25:]
    assert len(paginate(second, rows, per_page=20)) == 10
    download = RequestFactory().get("/en/lots/", {"format": "csv"})
    download.user = AnonymousUser()
    columns = (Column("Lot", lambda row: row),)
    response = list_page(download, rows, "core/record_form.html", columns=columns, stem="lots")
    content = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.streaming
        else response.content  # type: ignore[attr-defined]
    )
    assert "lot 29" in content.decode("utf-8-sig")


def test_each_translated_field_gets_a_box_per_language_and_empty_ones_are_dropped() -> None:
    form = TitleForm(
        {"title": "Wheat flour", "title_ar": " دقيق القمح ", "title_fr": "", "summary_ru": "Мука"}
    )
    assert form.is_valid(), form.errors
    assert form.fields["title_ar"].label == "Title in Arabic"
    assert form.fields["title_ar"].max_length == 40  # type: ignore[attr-defined]
    assert isinstance(form.fields["summary_ru"].widget, forms.Textarea)
    assert form.fields["summary_fr"].label == "Summary in French"
    values = form.translated_values()
    assert values["title_translations"] == {"ar": "دقيق القمح"}
    assert values["summary_translations"] == {"ru": "Мука"}
    assert values["title"] == "Wheat flour"
    assert "title_ar" not in values


class Lot:
    local_title = LocalizedText("title")

    def __init__(self, title: str, translations: dict[str, str]) -> None:
        self.title = title
        self.title_translations = translations


def test_a_localized_text_follows_the_reader_language_and_falls_back_to_english() -> None:
    lot = Lot("Wheat flour", {"ar": "دقيق القمح"})
    with translation.override("ar"):
        assert lot.local_title == "دقيق القمح"
    with translation.override("ru"):
        assert lot.local_title == "Wheat flour"
