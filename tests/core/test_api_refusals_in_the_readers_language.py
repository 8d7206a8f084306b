"""The API's own refusals of a body ("This field is required.", "A valid integer is
required.", an id that names nothing) come in the reader's language: the one
`Accept-Language` asks for, else the one the reader chose on the pages (its cookie), else
the one the token's user chose, else English."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from sunbula.core import services
from sunbula.core.models import RoleAssignment, User

pytestmark = pytest.mark.django_db

URL = "/api/v1/role-assignments/"
NOBODY = 987654
# No role, a user that does not exist, an organisation that is not an id, a programme that is
# not a number.
BODY = {"user": NOBODY, "organisation": "IOFS", "programmes": ["all"]}

REFUSALS = {
    "en": {
        "role": "This field is required.",
        "user": f'Invalid pk "{NOBODY}" - object does not exist.',
        "organisation": "Incorrect type. Expected pk value, received str.",
        "programmes": "A valid integer is required.",
    },
    "ar": {
        "role": "هذا الحقل مطلوب.",
        "user": f'معرف العنصر "{NOBODY}" غير صالح -  العنصر غير موجود.',
        "organisation": "نوع غير صحيح. يتوقع قيمة معرف العنصر، بينما حصل على str.",
        "programmes": "الرجاء إدخال رقم صحيح صالح.",
    },
    "fr": {
        "role": "Ce champ est obligatoire.",
        "user": f"Clé primaire «\xa0{NOBODY}\xa0» non valide - l'objet n'existe pas.",
        "organisation": "Type incorrect. Attendait une clé primaire, a reçu str.",
        "programmes": "Un nombre entier valide est requis.",
    },
    "ru": {
        "role": "Обязательное поле.",
        "user": f'Недопустимый первичный ключ "{NOBODY}" - объект не существует.',
        "organisation": "Некорректный тип. Ожидалось значение первичного ключа, получен str.",
        "programmes": "Введите правильное число.",
    },
}


def _bearer(admin: User) -> Client:
    _token, key = services.api_token_create(
        actor=admin,
        user=admin,
        name="Role script",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
        read_only=False,
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _refused(client: Client, **headers: Any) -> dict[str, Any]:
    response = client.post(URL, BODY, content_type="application/json", headers=headers)
    assert response.status_code == 400
    refusal: dict[str, Any] = response.json()
    refusal["language"] = response["Content-Language"]
    return refusal


def _messages(refusal: dict[str, Any]) -> dict[str, str]:
    said = {field: refusal[field][0] for field in ("role", "user", "organisation")}
    # A list's refusal names the item it refuses by its place.
    return {**said, "programmes": refusal["programmes"]["0"][0]}


@pytest.mark.parametrize(
    ("accept", "language"),
    [("ar", "ar"), ("fr", "fr"), ("fr-CH, fr;q=0.9, en;q=0.8", "fr"), ("ru", "ru")],
)
def test_a_refused_body_is_explained_in_the_language_asked_for(
    admin: User, accept: str, language: str
) -> None:
    refusal = _refused(_bearer(admin), accept_language=accept)
    assert refusal["language"] == language
    assert _messages(refusal) == REFUSALS[language]
    assert not RoleAssignment.objects.filter(user_id=NOBODY).exists()


def test_without_accept_language_the_reader_is_answered_in_the_pages_language(
    admin: User,
) -> None:
    client = _bearer(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert _messages(_refused(client)) == REFUSALS["ar"]


def test_asked_for_no_language_a_script_is_answered_in_its_users_language(admin: User) -> None:
    User.objects.filter(pk=admin.pk).update(preferred_language="ru")
    refusal = _refused(_bearer(admin))
    assert refusal["language"] == "ru"
    assert _messages(refusal) == REFUSALS["ru"]
    assert _messages(_refused(_bearer(admin), accept_language="fr")) == REFUSALS["fr"]


def test_asked_for_no_language_the_api_answers_in_english(admin: User) -> None:
    assert admin.preferred_language == "en"
    refusal = _refused(_bearer(admin))
    assert refusal["language"] == "en"
    assert _messages(refusal) == REFUSALS["en"]
    assert _messages(_refused(_bearer(admin), accept_language="de")) == REFUSALS["en"]
