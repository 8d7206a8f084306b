"""The forms Sunbula serves speak the field's languages: every label, hint and choice in
English, Dari, Pashto, Arabic, French and Russian, in the XForm's itext that ODK Collect
offers in its language menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from defusedxml import ElementTree
from pyxform.xls2json_backends import xlsx_to_dict
from pyxform.xls2xform import convert

from sunbula.core.models import User
from sunbula.fieldforms.models import FieldForm, Purpose
from sunbula.fieldforms.xforms import xform_build, xlsform_path
from sunbula.fieldforms.xlsforms.build import LANGUAGES, build
from tests.fieldforms.conftest import collect_for

XFORMS = "{http://www.w3.org/2002/xforms}"
CODES = ("en", "fa-AF", "ps", "ar", "fr", "ru")


def _itext(xform: str) -> dict[str, dict[str, str]]:
    """Each translation's texts, by language: text id → value."""
    root = ElementTree.fromstring(xform.encode())
    found: dict[str, dict[str, str]] = {}
    for translation in root.iter(f"{XFORMS}translation"):
        found[translation.get("lang", "")] = {
            text.get("id", ""): "".join(value.itertext())
            for text in translation.iter(f"{XFORMS}text")
            for value in text.iter(f"{XFORMS}value")
        }
    return found


def test_the_languages_are_named_as_collect_reads_them() -> None:
    assert [language.rsplit("(", 1)[1].rstrip(")") for language in LANGUAGES] == list(CODES)


@pytest.mark.django_db
def test_the_served_xform_carries_every_language(
    officer_afg: User, household_form: FieldForm
) -> None:
    xform = collect_for(officer_afg).xform(household_form)
    itext = _itext(xform)
    assert list(itext) == list(LANGUAGES)
    english = itext["English (en)"]
    for language in LANGUAGES:
        assert set(itext[language]) == set(english), language
        assert all(itext[language].values()), language
    ids = {"/data/reference:label", "/data/admin_area:hint", "/data/member/sex:label"}
    assert ids <= set(english)
    assert itext["دری (fa-AF)"]["/data/reference:label"] == "شماره خانوار"
    assert itext["پښتو (ps)"]["/data/member/given_name:label"] == "نوم"
    assert itext["العربية (ar)"]["/data/displacement_status:label"] == "حالة النزوح"
    assert itext["Français (fr)"]["/data/admin_area:hint"].startswith("Le p-code de la zone")
    assert itext["Русский (ru)"]["/data/member/family_name:label"] == "Фамилия"
    # The choices' labels too.
    assert "عودت‌کننده" in itext["دری (fa-AF)"].values()
    assert "کډوال" in itext["پښتو (ps)"].values()
    assert "Женский" in itext["Русский (ru)"].values()


@pytest.mark.parametrize("purpose", Purpose.values)
def test_every_form_has_each_text_in_every_language(purpose: str) -> None:
    itext = _itext(xform_build(purpose=purpose, form_id=purpose, title=purpose, version="1"))
    assert list(itext) == list(LANGUAGES)
    for language in LANGUAGES:
        assert set(itext[language]) == set(itext["English (en)"]), language
        assert all(itext[language].values()), language
    # The translations differ from the English, but for a code or a word both write alike.
    assert itext["دری (fa-AF)"] != itext["English (en)"]


@pytest.mark.parametrize("purpose", Purpose.values)
def test_the_shipped_workbooks_are_those_the_definitions_write(
    purpose: str, tmp_path: Path
) -> None:
    build(tmp_path)
    assert xlsx_to_dict(tmp_path / f"{purpose}.xlsx") == xlsx_to_dict(xlsform_path(purpose))


@pytest.mark.parametrize("purpose", Purpose.values)
def test_odk_validate_accepts_every_form(purpose: str) -> None:
    """ODK Validate (JavaRosa, as Collect reads a form) finds no error; pyxform's one remark
    is that it does not read the region of Dari's code (fa-AF), which Collect shows as is."""
    converted = convert(xlsform=xlsx_to_dict(xlsform_path(purpose)), validate=True)
    remarks = [remark for remark in converted.warnings if "دری (fa-AF)" not in remark]
    assert remarks == []
