"""Every policy page renders in the four interface languages, translated, in few queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sunbula.core.models import User
from sunbula.policy import services
from sunbula.policy.models import AssessmentFramework, PolicyProfile
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# One translated phrase every language shows on each page, by page.
PHRASES = {
    "en": {
        "list": "Policy profiles",
        "gaps": "Gaps",
        "report": "Cross-country matrix",
        "map": "Member states map",
        "form": "Title (English)",
        "import": "Import SDG 2 indicator values",
        "frameworks": "Assessment frameworks",
        "framework": "Score a country",
        "indicators": "SDG 2 indicators",
        "reports": "Take a snapshot",
        "profile": "Submit for validation",
    },
    "ar": {
        "list": "ملفات السياسات",
        "gaps": "الثغرات",
        "report": "مصفوفة المقارنة بين البلدان",
        "map": "خريطة الدول الأعضاء",
        "form": "العنوان (بالإنجليزية)",
        "import": "استيراد قيم مؤشرات الهدف 2",
        "frameworks": "أطر التقييم",
        "framework": "تقييم بلد",
        "indicators": "مؤشرات الهدف 2 من أهداف التنمية المستدامة",
        "reports": "أخذ لقطة",
        "profile": "تقديم للاعتماد",
    },
    "fr": {
        "list": "Profils des politiques",
        "gaps": "Lacunes",
        "report": "Matrice comparative des pays",
        "map": "Carte des États membres",
        "form": "Titre (anglais)",
        "import": "Importer des valeurs d'indicateurs de l'ODD 2",
        "frameworks": "Cadres d'évaluation",
        "framework": "Noter un pays",
        "indicators": "Indicateurs de l'ODD 2",
        "reports": "Prendre un instantané",
        "profile": "Soumettre pour validation",
    },
    "ru": {
        "list": "Профили политики",
        "gaps": "Пробелы",
        "report": "Сравнительная таблица стран",
        "map": "Карта государств-членов",
        "form": "Название (на английском)",
        "import": "Импорт значений показателей ЦУР 2",
        "frameworks": "Системы оценки",
        "framework": "Оценить страну",
        "indicators": "Показатели ЦУР 2",
        "reports": "Сделать снимок",
        "profile": "Представить на утверждение",
    },
}


@pytest.fixture
def framework(analyst: User) -> AssessmentFramework:
    return services.framework_create(
        actor=analyst,
        code="comcec-2020",
        name="COMCEC 2020",
        criteria=[("I", "A national strategy", {})],
    )


@pytest.mark.parametrize("language", sorted(PHRASES))
def test_pages_speak_the_language(
    language: str,
    analyst: User,
    afghan_published: PolicyProfile,
    framework: AssessmentFramework,
) -> None:
    snapshot = services.report_snapshot_take(actor=analyst, taken_on=timezone.localdate())
    draft = services.profile_reopen(actor=analyst, profile=afghan_published)
    client = client_for(analyst)
    phrases = PHRASES[language]
    pages = {
        f"/{language}/policy/": phrases["list"],
        f"/{language}/policy/{draft.pk}/": phrases["profile"],
        f"/{language}/policy/{draft.pk}/add/strategy/": phrases["form"],
        f"/{language}/policy/{draft.pk}/add/legal-instrument/": phrases["form"],
        f"/{language}/policy/{draft.pk}/add/coordinating-body/": "",
        f"/{language}/policy/{draft.pk}/add/decision/": "",
        f"/{language}/policy/gaps/": phrases["gaps"],
        f"/{language}/policy/map/": phrases["map"],
        f"/{language}/policy/indicators/": phrases["indicators"],
        f"/{language}/policy/indicators/import/": phrases["import"],
        f"/{language}/policy/frameworks/": phrases["frameworks"],
        f"/{language}/policy/frameworks/{framework.pk}/": phrases["framework"],
        f"/{language}/policy/reports/": phrases["reports"],
        f"/{language}/policy/reports/{snapshot.pk}/": phrases["report"],
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url
        if language == "ar":
            assert 'dir="rtl"' in response.content.decode()


def test_adding_a_strategy_through_the_page(analyst: User, afghan_draft: PolicyProfile) -> None:
    response = client_for(analyst).post(
        f"/en/policy/{afghan_draft.pk}/add/strategy/",
        {
            "name": "Nutrition plan",
            "name_ar": "خطة التغذية",
            "start_year": 2024,
            "end_year": 2020,
            "status": "adopted",
        },
    )
    assert response.status_code == 422  # ends before it starts
    response = client_for(analyst).post(
        f"/en/policy/{afghan_draft.pk}/add/strategy/",
        {
            "name": "Nutrition plan",
            "name_ar": "خطة التغذية",
            "start_year": 2024,
            "end_year": 2028,
            "status": "adopted",
        },
    )
    assert response.status_code == 302
    strategy = afghan_draft.strategies.get(name="Nutrition plan")
    assert strategy.name_translations == {"ar": "خطة التغذية"}


def test_the_profile_list_runs_a_fixed_number_of_queries(
    analyst: User, afghan_published: PolicyProfile
) -> None:
    client = client_for(analyst)
    client.get("/en/policy/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/policy/").status_code == 200
    assert len(queries) <= 9, [query["sql"] for query in queries]


def test_the_member_state_map_loads_nothing_from_another_host(
    analyst: User, afghan_published: PolicyProfile
) -> None:
    page = client_for(analyst).get("/en/policy/map/").content.decode()
    assert 'data-iso3="AFG"' in page
    assert 'src="http' not in page and 'href="http' not in page
