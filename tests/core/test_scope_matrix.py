"""Scope, tried from every door: each page and API operation that takes an id, each API link
field and each list filter refuses a record outside the caller's scope exactly as it refuses
one that does not exist, for a persona of each dimension (a country, a programme, a donor's
organisation) and for someone with no role. The donor viewer sees its own money and goods.

The views are found from the URL configuration; the model each one reads is learnt by
watching the one fetch-and-authorise helper while an administrator asks for a missing id,
so a view that authorises in some other way is reported as well."""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from sunbula.core import access, pagination
from sunbula.core.access import scope_for
from sunbula.core.api import ScopedRelatedField, ScopedSlugRelatedField
from sunbula.core.models import AuditEntry, Country, Organisation, Role, User
from sunbula.core.permissions import Perm
from sunbula.core.scoping import ACROSS, rule_of
from sunbula.funding.models import Commitment, Payment, Pledge
from sunbula.learning.models import Course, Survey
from sunbula.programmes.models import Asset, Budget, Programme, Project
from sunbula.programmes.role_limits import role_programmes_set
from sunbula.registry.models import Institution
from sunbula.supply.models import Lot, StockBalance, StockMovement
from tests.conftest import REGISTRY_TEST_KEY, client_for, make_persona
from tests.doors import (
    MISSING,
    doors,
    learn_models,
    pages_without_an_id,
    queryset_model,
)

KAZAKHSTAN = "Government of the Republic of Kazakhstan"


@dataclass
class Matrix:
    admin: User
    personas: dict[str, User]
    kazakhstan: Organisation


def _quiet(_line: str) -> None:
    return None


@pytest.fixture(scope="module")
def matrix(_demo_once: None, django_db_blocker: Any) -> Iterator[Matrix]:
    with (
        django_db_blocker.unblock(),
        override_settings(REGISTRY_KEYS=[REGISTRY_TEST_KEY]),
        transaction.atomic(),
    ):
        iofs = Organisation.objects.get(acronym="IOFS")
        kazakhstan_government = Organisation.objects.get(name=KAZAKHSTAN)
        afghanistan = Country.objects.get(iso3="AFG")
        kazakhstan = Country.objects.get(iso3="KAZ")
        programme_officer = make_persona(
            "programme.afg@example.org", Role.PROGRAMME_OFFICER, iofs, [afghanistan]
        )
        afghan_programme = (
            Project.objects.filter(recipient_country=afghanistan).order_by("pk").first()
        )
        assert afghan_programme is not None
        role_programmes_set(
            actor=None,
            assignment=programme_officer.role_assignments.get(),
            programmes=[afghan_programme.programme],
        )
        yield Matrix(
            admin=make_persona("matrix.admin@example.org", Role.ADMINISTRATOR, iofs, []),
            personas={
                "country": make_persona(
                    "matrix.kaz@example.org", Role.PROGRAMME_OFFICER, iofs, [kazakhstan]
                ),
                "programme": programme_officer,
                "organisation": make_persona(
                    "matrix.donor@example.org", Role.DONOR_VIEWER, kazakhstan_government, []
                ),
                "outsider": make_persona("matrix.outsider@example.org", None, iofs, []),
            },
            kazakhstan=kazakhstan_government,
        )
        transaction.set_rollback(True)


@pytest.fixture
def demo(matrix: Matrix, db: None) -> Matrix:
    for user in (matrix.admin, *matrix.personas.values()):
        access.forget_roles(user)
    return matrix


def out_of_scope(model: type[Model], user: User) -> Model | None:
    """A record of `model` that none of the user's grants reaches (None: every one does)."""
    rule = rule_of(model)
    if all(path == ACROSS for path in (rule.country, rule.programme, rule.organisation)):
        return None
    reached = scope_for(user, Perm.VIEW_REFERENCE).filter(model._default_manager.all())
    return model._default_manager.exclude(pk__in=reached.values("pk")).order_by("pk").first()


def _normalised(body: bytes, url: str) -> str:
    """The answer apart from the id: the address asked for, and per-request tokens."""
    text = body.decode(errors="replace")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r'nonce="[^"]*"', "", text)
    return text.replace(url, "<url>")


def _same_refusal(client: Client, method: str, url_of: Any, pk: object) -> tuple[bool, str]:
    send = client.get if method == "get" else client.post
    outside = send(url_of(pk))
    missing = send(url_of(MISSING))
    outside_text = _normalised(outside.content, url_of(pk))
    missing_text = _normalised(missing.content, url_of(MISSING))
    same = outside.status_code == missing.status_code and outside_text == missing_text
    return same, f"{outside.status_code} vs {missing.status_code}: {outside_text[:200]!r}"


def test_every_door_with_an_id_fetches_through_the_one_helper(demo: Matrix) -> None:
    models = learn_models(client_for(demo.admin))
    unguarded = [door.route for door in doors() if door not in models]
    assert unguarded == [], "\n".join(unguarded)


@pytest.mark.parametrize("persona", ["country", "programme", "organisation", "outsider"])
def test_an_id_out_of_scope_is_refused_like_a_missing_one(demo: Matrix, persona: str) -> None:
    user = demo.personas[persona]
    client = client_for(user)
    models = learn_models(client_for(demo.admin))
    differences = []
    tried = 0
    for door, model in models.items():
        record = out_of_scope(model, user)
        if record is None:
            continue
        for method in ("get", "post"):
            tried += 1
            same, statuses = _same_refusal(client, method, door.url, record.pk)
            if not same:
                differences.append(f"{method.upper()} {door.route} ({model.__name__}): {statuses}")
    assert tried > 10
    assert differences == [], "\n".join(differences)


PAGE_BUDGET = 14 * 1024  # first HTML, compressed (DESIGN.md's page budget)
# The most queries each page may make, per database: a page that starts making more (a
# query per row shown, a lookup gone uncached) fails until it is fixed or pinned again.
QUERY_COUNTS = Path(__file__).resolve().parents[1] / "query_counts.json"
PIN = "SUNBULA_PIN_QUERIES"
HOW_TO_PIN = (
    f"pin the counts again with {PIN}=1 PYTHONPATH=src .venv/bin/pytest "
    f"{Path(__file__).relative_to(QUERY_COUNTS.parent.parent)}"
    " -k fits_the_budget, on SQLite and on PostgreSQL (DATABASE_URL)"
)


def _page_urls(client: Client) -> dict[str, str]:
    """Every page an administrator opens: each list and form, and each page that shows or
    changes a record, on the first demo record it takes."""
    urls = {door.name: door.url(None) for door in pages_without_an_id()}
    for door, model in learn_models(client).items():
        if door.viewset is not None:
            continue
        record = model._default_manager.order_by("pk").first()
        if record is not None:
            assert door.name not in urls, door.name
            urls[door.name] = door.url(record.pk)
    return urls


Paginator = pagination.Paginator


class _Rows:
    """Watches the one paginator of the list pages: how many rows a page shows, and, when
    asked, shows one row a page."""

    def __init__(self) -> None:
        self.shown = 0
        self.one_a_page = False

    def paginator(self, records: Any, per_page: int, **keys: Any) -> pagination.Paginator:
        paginator = Paginator(records, 1 if self.one_a_page else per_page, **keys)
        self.shown = max(self.shown, min(paginator.count, per_page))
        return paginator


def _queries(client: Client, url: str) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


@dataclass
class _Form:
    check: str  # where htmx posts its check as the form is filled in, if it does
    posts_to_its_page: bool
    fields: dict[str, list[str]]


class _FormFields(HTMLParser):
    """A page's forms: where each posts its check as it is filled in (htmx, `?validate=1`),
    whether it posts to the page itself, and the values its fields hold as it is shown."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[_Form] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        given = {name: value or "" for name, value in attributes}
        if tag == "form":
            check = given.get("hx-post", "") if "validate=1" in given.get("hx-post", "") else ""
            own = given.get("method", "").lower() == "post" and not given.get("action")
            self.forms.append(_Form(check, own, {}))
        if not self.forms:
            return
        fields = self.forms[-1].fields
        if tag == "option" and self._select and "selected" in given:
            fields.setdefault(self._select, []).append(given.get("value", ""))
        if not given.get("name"):
            return
        if tag == "input" and given.get("type") not in ("submit", "button", "file"):
            if given.get("type") not in ("checkbox", "radio"):
                fields.setdefault(given["name"], []).append(given.get("value", ""))
            elif "checked" in given:
                fields.setdefault(given["name"], []).append(given.get("value", "on"))
        elif tag == "select":
            self._select = given["name"]
        elif tag == "textarea":
            self._textarea = given["name"]
            fields.setdefault(given["name"], []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea][-1] += data


def _checks_write_something(client: Client, url: str, html: str, *, edit: bool) -> list[str]:
    """What the page's forms wrote that they must not: each form checked as it is filled in,
    as it stands, must write nothing; on a page that changes a record, so must the form saved
    as it is shown (nothing changed, nothing to record)."""
    parser = _FormFields()
    parser.feed(html)
    wrote = []
    for form in parser.forms:
        before = AuditEntry.objects.count()
        if form.check:
            answer = client.post(form.check, form.fields)
            if AuditEntry.objects.count() != before:
                wrote.append(f"{url}: checking its form wrote (answered {answer.status_code})")
            elif answer.status_code != 200:
                wrote.append(f"{url}: checking its form answered {answer.status_code}, not 200")
        if edit and form.posts_to_its_page and "csrfmiddlewaretoken" in form.fields:
            with transaction.atomic():
                saved = client.post(url, form.fields)
                changes = list(AuditEntry.objects.order_by("pk")[before:])
                transaction.set_rollback(True)
            if changes or saved.status_code >= 500:
                wrote.append(
                    f"{url}: saved as shown, answered {saved.status_code} and recorded "
                    + "; ".join(
                        f"{entry.action} {entry.before} -> {entry.after}" for entry in changes
                    )
                )
    return wrote


def test_every_page_answers_fits_the_budget_and_its_pinned_queries(
    demo: Matrix, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page, opened by an administrator on the demo: no server error, its HTML within
    the budget, no more queries than pinned for it on this database, and a list page makes
    as many queries for one row as for a full page (no query per row). A form the page
    checks as it is filled in writes nothing when checked, as it stands."""
    client = client_for(demo.admin)
    rows = _Rows()
    monkeypatch.setattr(pagination, "Paginator", rows.paginator)
    failures = []
    counts: dict[str, int] = {}
    lists = 0
    for name, url in _page_urls(client).items():
        rows.shown = 0
        response, count = _queries(client, url)
        if response.status_code >= 500:
            failures.append(f"{url}: {response.status_code}")
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            counts[name] = count
            size = len(gzip.compress(response.content, compresslevel=6))
            if size > PAGE_BUDGET:
                failures.append(f"{url}: {size} bytes compressed")
            failures += _checks_write_something(
                client, url, response.content.decode(), edit=name.endswith("_edit")
            )
            if rows.shown > 1:
                lists += 1
                rows.one_a_page = True
                _response, one_row = _queries(client, url)
                rows.one_a_page = False
                if count > one_row:
                    failures.append(
                        f"{url}: {count} queries for {rows.shown} rows, {one_row} for 1"
                    )

    pinned_by_database = json.loads(QUERY_COUNTS.read_text()) if QUERY_COUNTS.exists() else {}
    if os.environ.get(PIN):
        pinned_by_database[connection.vendor] = dict(sorted(counts.items()))
        QUERY_COUNTS.write_text(json.dumps(pinned_by_database, indent=1, sort_keys=True) + "\n")
    pinned = pinned_by_database.get(connection.vendor, {})
    for name, count in counts.items():
        if name not in pinned:
            failures.append(f"{name}: {count} queries, none pinned; {HOW_TO_PIN}")
        elif count > pinned[name]:
            failures.append(f"{name}: {count} queries, {pinned[name]} pinned")
    failures += [
        f"{name}: pinned, but no longer a page; {HOW_TO_PIN}"
        for name in pinned.keys() - counts.keys()
    ]
    assert failures == [], "\n".join(failures)
    assert len(counts) > 100
    assert lists > 20, lists


# --- link fields and filters ---------------------------------------------------------------


def _api_serializers() -> list[type[serializers.Serializer[Any]]]:
    import sys

    found = []
    for name, module in list(sys.modules.items()):
        if not (name.startswith("sunbula.") and name.endswith(".api")):
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, serializers.Serializer)
                and value.__module__ == name
            ):
                found.append(value)
    return found


INPUT_NAMES = ("Input", "Write", "Import", "Request", "Step", "Reject")


def _input_serializers() -> list[type[serializers.Serializer[Any]]]:
    """The serializers that read what a client sends (the others only write answers)."""
    from rest_framework import mixins

    from sunbula.config.api import router

    writing = {
        viewset.serializer_class
        for _prefix, viewset, _basename in router.registry
        if issubclass(viewset, mixins.CreateModelMixin | mixins.UpdateModelMixin)
    }
    return [
        serializer_class
        for serializer_class in _api_serializers()
        if serializer_class in writing
        or any(part in serializer_class.__name__ for part in INPUT_NAMES)
    ]


# Countries are reference data; these two endpoints refuse a country outside the writer's
# scope in the view itself (403), before anything is written.
COUNTRY_CHECKED_BY_THE_VIEW = {"AgreementSerializer.country", "DatasetImportSerializer.country"}


def _link_fields() -> list[tuple[str, serializers.RelatedField[Any, Any, Any]]]:
    links = []
    for serializer_class in _input_serializers():
        try:
            fields = serializer_class(context={}).fields
        except TypeError:  # a serializer that needs more to be built is listed by its fields
            fields = dict(serializer_class._declared_fields)
        for name, field in fields.items():
            if isinstance(field, serializers.RelatedField) and not field.read_only:
                links.append((f"{serializer_class.__name__}.{name}", field))
    return links


def test_every_writable_link_field_to_a_scoped_record_is_scoped(demo: Matrix) -> None:
    unscoped = []
    for label, field in _link_fields():
        if isinstance(field, ScopedRelatedField | ScopedSlugRelatedField):
            continue
        if label in COUNTRY_CHECKED_BY_THE_VIEW:
            continue
        queryset = field.queryset
        assert queryset is not None, label
        rule = rule_of(queryset.model)
        if any(path != ACROSS for path in (rule.country, rule.programme, rule.organisation)):
            unscoped.append(label)
    assert unscoped == [], "\n".join(unscoped)


@pytest.mark.parametrize("persona", ["country", "programme", "organisation", "outsider"])
def test_a_link_field_refuses_an_id_out_of_scope_like_a_missing_one(
    demo: Matrix, persona: str
) -> None:
    user = demo.personas[persona]
    request = APIRequestFactory().post("/")
    request.user = user
    tried = 0
    for label, field in _link_fields():
        if not isinstance(field, ScopedRelatedField | ScopedSlugRelatedField):
            continue
        field = field.__class__(*field._args, **field._kwargs)  # type: ignore[attr-defined]
        field.bind("link", serializers.Serializer(context={"request": request}))
        queryset = field.queryset
        assert queryset is not None
        record = out_of_scope(queryset.model, user)
        if record is None:
            continue
        slug = getattr(field, "slug_field", None)
        value = getattr(record, slug) if slug else record.pk
        missing = "ZZZ" if slug else MISSING
        tried += 1
        answers = []
        for given in (value, missing):
            try:
                field.run_validation(given)
            except serializers.ValidationError as refused:
                answers.append(str(refused.detail).replace(str(given), "<id>"))
            else:
                answers.append("accepted")
        assert answers[0] == answers[1], (label, answers)
    assert tried > 0


def _filters() -> list[tuple[str, str, type[Model]]]:
    """(list URL, parameter, related model) for each filter on a related record, declared by
    name or in a filter set."""
    from sunbula.config.api import router

    found = []
    for prefix, viewset, _basename in router.registry:
        filterset_class = getattr(viewset, "filterset_class", None)
        for name, one in getattr(filterset_class, "base_filters", {}).items():
            related = getattr(one, "queryset", None)
            if isinstance(related, QuerySet):
                found.append((f"/api/v1/{prefix}/", name, related.model))
        for name in getattr(viewset, "filterset_fields", ()):
            model = queryset_model(viewset)
            if model is None:
                continue
            field: Any = model
            for part in name.split("__"):
                field = field._meta.get_field(part)
                if not field.is_relation:
                    break
                field = field.related_model
            if isinstance(field, type) and issubclass(field, Model):
                found.append((f"/api/v1/{prefix}/", name, field))
    return found


@pytest.mark.parametrize("persona", ["country", "programme", "organisation", "outsider"])
def test_a_list_filter_answers_alike_out_of_scope_and_missing(demo: Matrix, persona: str) -> None:
    user = demo.personas[persona]
    client = client_for(user)
    filters = _filters()
    assert len(filters) >= 8
    differences = []
    for url, parameter, model in filters:
        record = out_of_scope(model, user)
        if record is None:
            continue
        same, statuses = _same_refusal(
            client,
            "get",
            lambda pk, url=url, parameter=parameter: f"{url}?{parameter}={pk}",
            record.pk,
        )
        if not same:
            differences.append(f"{url}?{parameter}=: {statuses}")
    assert differences == [], "\n".join(differences)


# --- what the donor viewer sees --------------------------------------------------------------


def _all_rows(client: Client, url: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while url:
        page = client.get(url).json()
        rows += page["results"]
        url = page["next"]
    return rows


def test_the_donor_viewer_sees_only_its_own_money_and_goods(demo: Matrix) -> None:
    donor = demo.kazakhstan
    client = client_for(demo.personas["organisation"])
    assert Pledge.objects.exclude(donor=donor).exists()

    pledges = _all_rows(client, "/api/v1/funding/pledges/")
    own = Pledge.objects.filter(donor=donor)
    assert sorted(row["id"] for row in pledges) == sorted(own.values_list("pk", flat=True))
    commitments = _all_rows(client, "/api/v1/funding/commitments/")
    assert {row["id"] for row in commitments} == set(
        Commitment.objects.filter(pledge__donor=donor).values_list("pk", flat=True)
    )
    payments = _all_rows(client, "/api/v1/funding/payments/")
    assert {row["id"] for row in payments} == set(
        Payment.objects.filter(commitment__pledge__donor=donor).values_list("pk", flat=True)
    )
    lots = _all_rows(client, "/api/v1/supply/lots/")
    assert lots and {row["id"] for row in lots} == set(
        Lot.objects.filter(donor=donor).values_list("pk", flat=True)
    )
    balances = _all_rows(client, "/api/v1/supply/balances/")
    assert balances and {row["id"] for row in balances} <= set(
        StockBalance.objects.filter(lot__donor=donor).values_list("pk", flat=True)
    )
    movements = _all_rows(client, "/api/v1/supply/movements/")
    assert len(movements) == StockMovement.objects.filter(lot__donor=donor).count()
    assert Institution.objects.exists()
    assert _all_rows(client, "/api/v1/registry/institutions/") == []

    coverage = client.get("/api/v1/funding/coverage/").json()
    pledged = {pledge.reference for pledge in own}
    assert all(set(row["pledges"]) <= pledged for row in coverage)


def _ids(rows: list[dict[str, Any]]) -> set[int]:
    return {row["id"] for row in rows}


def _pks(records: QuerySet[Any]) -> set[int]:
    return set(records.values_list("pk", flat=True))


def test_the_donor_viewer_reads_only_the_work_its_organisation_takes_part_in(
    demo: Matrix,
) -> None:
    """Projects, and what hangs from them, are read by the donor that funds (takes part in)
    them: the flour, not the wheat farmers' seeds nor the water systems."""
    donor = demo.kazakhstan
    client = client_for(demo.personas["organisation"])
    funded = Project.objects.filter(participants__organisation=donor)
    assert funded.exists() and Project.objects.exclude(pk__in=funded).exists()

    assert Budget.objects.exclude(project__in=funded).exists()
    assert Course.objects.exclude(project__in=funded).exists()
    assert Asset.objects.exists() and Survey.objects.exists()
    read = {
        "/api/v1/projects/": funded,
        "/api/v1/programmes/": Programme.objects.filter(projects__in=funded),
        "/api/v1/budgets/": Budget.objects.filter(project__in=funded),
        "/api/v1/assets/": Asset.objects.filter(Q(funded_by=donor) | Q(project__in=funded)),
        "/api/v1/learning/courses/": Course.objects.filter(project__in=funded),
        "/api/v1/learning/surveys/": Survey.objects.filter(
            Q(programme__projects__in=funded) | Q(event__project__in=funded)
        ),
    }
    for url, records in read.items():
        assert _ids(_all_rows(client, url)) == _pks(records), url

    listed = client.get("/en/programmes/projects/").content.decode()
    for project in Project.objects.all():
        assert (project.code in listed) == (project in funded), project.code
        assert client.get(project.get_absolute_url()).status_code == (
            200 if project in funded else 404
        )
