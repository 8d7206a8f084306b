"""The lots received: every lot the reader may see, used up or on hand, with what came in and
what is left of it, narrowed by the filters, downloadable, in the reader's language."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db.models import Sum

from sunbula.core.models import User
from sunbula.supply import services
from sunbula.supply.models import Lot, StockBalance
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

URL = "/en/supply/lots/"


def _listed(user: User, query: str = "", language: str = "en") -> list[str]:
    answer = client_for(user).get(f"/{language}/supply/lots/{query}")
    assert answer.status_code == 200, query
    return re.findall(r'<a href="/\w+/supply/lots/\d+/">([^<]+)</a>', answer.content.decode())


def _persona(email: str) -> User:
    return User.objects.get(email=email)


def test_the_register_lists_every_lot_the_reader_sees_last_received_first(director: User) -> None:
    listed = _listed(director)
    expected = list(
        Lot.objects.order_by("-received_on", "reference").values_list("reference", flat=True)
    )
    assert listed == expected
    page = client_for(director).get(URL).content.decode()
    # A lot links its pledge; what is left of it is what its balances hold at every site.
    kazakh = Lot.objects.get(reference="DEMO-FFH23-KAZ-LOT")
    assert f'<a href="/en/funding/pledges/{kazakh.pledge_id}/">DEMO-FFH23-KAZ</a>' in page
    on_hand = StockBalance.objects.filter(lot=kazakh).aggregate(total=Sum("quantity"))["total"]
    row = page.split(">DEMO-FFH23-KAZ-LOT</a>", 1)[1].split("</tr>", 1)[0]
    received, left, _expires = re.findall(r"<bdi>([^<]+)</bdi>", row)[-3:]
    assert (received, left) == ("30,000 kg", f"{on_hand:,.0f} kg")


def test_the_filters_narrow_the_lots(director: User) -> None:
    seed = Lot.objects.get(reference="DEMO-HERAT-SEED").commodity
    assert _listed(director, f"?commodity={seed.pk}") == ["DEMO-HERAT-SEED", "DEMO-LOGAR-SEED"]
    in_kind = _listed(director, "?provenance=in_kind")
    assert sorted(in_kind) == sorted(
        Lot.objects.filter(provenance="in_kind").values_list("reference", flat=True)
    )
    assert len(in_kind) == 4
    # The search reads the lot's reference and batch, its donor's name and its pledge.
    assert _listed(director, "?q=Tajikistan") == ["DEMO-FFH23-TJK-LOT"]
    logar = Lot.objects.filter(reference__startswith="DEMO-LOGAR").values_list(
        "reference", flat=True
    )
    assert sorted(_listed(director, "?q=DEMO-WHEAT-LOGAR")) == sorted(logar)
    afghanistan = Lot.objects.get(reference="DEMO-HERAT-SEED").country
    assert len(_listed(director, f"?country={afghanistan.pk}")) == Lot.objects.count()


def test_a_filter_that_does_not_parse_is_refused_and_lists_nothing(director: User) -> None:
    answer = client_for(director).get(f"{URL}?commodity=flour")
    assert answer.status_code == 400
    assert "Select a valid choice" in answer.content.decode()
    assert "DEMO-FFH23-KAZ-LOT" not in answer.content.decode()


def test_each_reader_sees_the_lots_of_their_scope(demo: None) -> None:
    # The Kazakh donor's focal point sees the lot Kazakhstan gave, not the others.
    assert _listed(_persona("donor.kaz@sunbula.example")) == ["DEMO-FFH23-KAZ-LOT"]
    # Every demo lot was received in Afghanistan.
    assert len(_listed(_persona("officer.afg@sunbula.example"))) == Lot.objects.count()
    assert _listed(_persona("officer.kaz@sunbula.example")) == []


def test_the_download_holds_the_same_rows_with_their_units(director: User) -> None:
    answer = client_for(director).get(f"{URL}?format=csv&provenance=in_kind")
    assert answer.status_code == 200
    body = b"".join(answer.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == [
        "Lot",
        "Commodity",
        "Provenance",
        "Donor",
        "Pledge",
        "Country",
        "Received on",
        "Received",
        "On hand",
        "Expires on",
        "Unit",
    ]
    kazakh = next(row for row in rows[1:] if row[0] == "DEMO-FFH23-KAZ-LOT")
    assert kazakh[2:5] == [
        "In-kind contribution",
        "Government of the Republic of Kazakhstan",
        "DEMO-FFH23-KAZ",
    ]
    assert Decimal(kazakh[7]) == Decimal(30000)
    assert kazakh[10] == "kg"
    assert len(rows) == 1 + 4


def test_the_register_reads_in_arabic_from_right_to_left(director: User) -> None:
    page = client_for(director).get("/ar/supply/lots/").content.decode()
    assert 'dir="rtl"' in page
    assert "<h1>الدفعات المستلمة</h1>" in page
    assert "مساهمة عينية" in page
    assert len(_listed(director, language="ar")) == Lot.objects.count()


def test_a_pledge_with_more_lots_than_its_page_shows_opens_them_all(director: User) -> None:
    seed = Lot.objects.get(reference="DEMO-HERAT-SEED")
    pledge = seed.pledge
    assert pledge is not None
    site = seed.balances.order_by("pk").first().site  # type: ignore[union-attr]
    for number in range(1, 4):
        services.lot_receive(
            actor=None,
            site=site,
            commodity=seed.commodity,
            quantity=Decimal(100),
            received_on=seed.received_on,
            reference=f"GRN-HERAT-EXTRA-{number}",
            pledge=pledge,
            lot_reference=f"DEMO-HERAT-EXTRA-{number}",
        )
    given = set(Lot.objects.filter(pledge=pledge).values_list("reference", flat=True))
    assert len(given) == 7  # one more than a record's page shows of each kind
    page = client_for(director).get(f"/en/funding/pledges/{pledge.pk}/").content.decode()
    more = f"/en/supply/lots/?pledge={pledge.pk}"
    assert f'<a href="{more}">all</a>' in page
    assert set(_listed(director, f"?pledge={pledge.pk}")) == given
    # The pledge is a filter the reader sees, and can clear.
    narrowed = client_for(director).get(more).content.decode()
    assert f'<option value="{pledge.pk}" selected>{pledge}</option>' in narrowed
    # So is a project's: all the lots given to its pledges.
    project = pledge.project
    assert project is not None
    of_project = set(
        Lot.objects.filter(pledge__project=project).values_list("reference", flat=True)
    )
    assert given <= of_project
    assert set(_listed(director, f"?project={project.pk}")) == of_project
    page = client_for(director).get(project.get_absolute_url()).content.decode()
    assert f'<a href="/en/supply/lots/?project={project.pk}">all</a>' in page


def test_a_pledge_out_of_sight_is_refused_as_one_that_does_not_exist(demo: None) -> None:
    donor = _persona("donor.kaz@sunbula.example")
    tajik = Lot.objects.get(reference="DEMO-FFH23-TJK-LOT").pledge
    assert tajik is not None
    missing = Lot.objects.order_by("-pledge_id").first().pledge_id + 1000  # type: ignore[operator,union-attr]
    answers = [client_for(donor).get(f"{URL}?pledge={pk}") for pk in (tajik.pk, missing)]
    assert [answer.status_code for answer in answers] == [400, 400]
    texts = [
        answer.content.decode()
        .split("<main", 1)[1]
        .split("</main>", 1)[0]
        .replace(f"pledge={pk}", "pledge=ID")
        for answer, pk in zip(answers, (tajik.pk, missing), strict=True)
    ]
    assert "Select a valid choice" in texts[0]
    assert texts[0] == texts[1]
    assert "DEMO-FFH23-KAZ-LOT" not in texts[0]


def test_the_api_gives_each_lot_what_is_left_of_it(demo: None) -> None:
    donor = _persona("donor.kaz@sunbula.example")
    answer = client_for(donor).get("/api/v1/supply/lots/")
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert [row["reference"] for row in rows] == ["DEMO-FFH23-KAZ-LOT"]
    kazakh = Lot.objects.get(reference="DEMO-FFH23-KAZ-LOT")
    on_hand = StockBalance.objects.filter(lot=kazakh).aggregate(total=Sum("quantity"))["total"]
    assert Decimal(rows[0]["on_hand"]) == on_hand
    assert Decimal(rows[0]["quantity_received"]) == Decimal(30000)
