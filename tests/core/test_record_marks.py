"""Demonstration data is marked where it is shown, in the reader's language."""

from __future__ import annotations

from types import SimpleNamespace

from django.template import engines
from django.utils import translation


def _marked(record: object, language: str = "en") -> str:
    template = engines["django"].from_string("<td>P-1{% illustrative record %}</td>")
    with translation.override(language):
        return template.render({"record": record})


def test_demonstration_data_is_marked_and_the_rest_is_not() -> None:
    assert _marked(SimpleNamespace(is_illustrative=True)) == (
        '<td>P-1 <span class="tag" title="Demonstration data that the source documents do '
        'not give.">illustrative</span></td>'
    )
    assert _marked(SimpleNamespace(is_illustrative=False)) == "<td>P-1</td>"
    assert _marked(None) == "<td>P-1</td>"


def test_the_mark_is_in_the_readers_language() -> None:
    assert ">illustratif</span>" in _marked(SimpleNamespace(is_illustrative=True), "fr")
    arabic = _marked(SimpleNamespace(is_illustrative=True), "ar")
    assert "illustrative" not in arabic and "Demonstration" not in arabic
