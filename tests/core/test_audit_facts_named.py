"""Whatever an audit entry records, the audit log names in the reader's language: what was
done, as the kind of record and the act (`VERB_LABELS`); a record's field by the field's name
(across a relation too), the records linked to it by their kind, anything else (a count, a
reason, who was told) by the name `FACT_LABELS` gives it; and its values read as values, not
as JSON."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import translation
from django.utils.translation import trans_real

from sunbula.core.audit import FACT_LABELS, VERB_LABELS, audit_record
from sunbula.core.models import AuditEntry, User
from sunbula.core.reasons import reason_text, untranslated
from sunbula.core.selectors import audit_action, audit_field, audit_label
from tests.conftest import World, client_for

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "sunbula"
KEYWORDS = ("before", "after", "also")


def _name(call: ast.Call) -> str:
    return getattr(call.func, "id", "") or getattr(call.func, "attr", "")


def _model_of(call: ast.Call) -> type[Model] | None:
    """The kind of record a literal action (`app.record.verb`) names."""
    for keyword in call.keywords:
        if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
            app, record, _verb = str(keyword.value.value).split(".", 2)
            try:
                return apps.get_model(app, record)
            except LookupError:
                return None
    return None


def written_keys() -> Iterator[tuple[str, list[type[Model]], str]]:
    """Each key a service writes into an audit entry by name, the kinds of record it may be
    written on (the action's, else every kind of the service's app), and where."""
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        app = path.relative_to(PACKAGE).parts[0]
        for call in ast.walk(ast.parse(path.read_text())):
            if not isinstance(call, ast.Call):
                continue
            name = _name(call)
            if name not in ("audit_record", "audit_records") and not name.endswith("_audited"):
                continue
            model = _model_of(call)
            kinds = [model] if model else list(apps.get_app_config(app).get_models())
            for keyword in call.keywords:
                if keyword.arg not in KEYWORDS:
                    continue
                for mapping in ast.walk(keyword.value):
                    if isinstance(mapping, ast.Dict):
                        for key in mapping.keys:
                            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                                where = f"{path.relative_to(PACKAGE)}:{call.lineno}"
                                yield key.value, kinds, where


def written_verbs() -> set[str]:
    """Each verb a service ends an action with by name (`verb="signed"`, an action written
    out, a step's positional verb), and those it takes from a status or a kind of movement."""
    from sunbula.learning.models import Registration
    from sunbula.supply.models import MovementKind, PurchaseOrder

    verbs = {"created", "updated", "removed"} | set(Registration.Status.values)
    verbs |= set(PurchaseOrder.Status.values) | set(MovementKind.values)
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for call in ast.walk(ast.parse(path.read_text())):
            if not isinstance(call, ast.Call):
                continue
            for keyword in call.keywords:
                text = keyword.value.value if isinstance(keyword.value, ast.Constant) else None
                if keyword.arg == "verb" and isinstance(text, str):
                    verbs.add(text)
                if keyword.arg == "action" and isinstance(text, str) and text.count(".") == 2:
                    verbs.add(text.rsplit(".", 1)[1])
            if _name(call) in ("_status_change", "_move", "_transition"):
                verbs.update(
                    argument.value
                    for argument in call.args
                    if isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                )
    return verbs


def test_every_act_a_service_records_has_a_name() -> None:
    verbs = written_verbs()
    assert {"dispatched", "viewed_unmasked", "validated", "transfer_in"} <= verbs
    assert sorted(verbs - set(VERB_LABELS) - NOT_AUDIT_VERBS) == []


# A purchase order is made a draft, never moved to one.
NOT_AUDIT_VERBS = {"draft"}


@pytest.mark.markup
def test_every_act_in_the_demo_reads_in_french(demo: None) -> None:
    with translation.override("fr"):
        unread = sorted(
            {
                entry.action
                for entry in AuditEntry.objects.all()
                if audit_action(entry) == entry.action
            }
        )
        assert unread == []
        waybill = AuditEntry.objects.filter(action="supply.waybill.dispatched").first()
        assert waybill is not None and audit_action(waybill) == "Lettre de voiture · expédition"


def test_the_scan_reads_the_services() -> None:
    keys = {key for key, _kinds, _where in written_keys()}
    assert {"reason", "entitlement__status", "draws", "personal_fields"} <= keys


def test_every_key_a_service_writes_has_a_name() -> None:
    unnamed = sorted(
        f"{where}: {key}"
        for key, kinds, where in written_keys()
        if key not in FACT_LABELS and not any(audit_field(kind, key) for kind in kinds)
    )
    assert unnamed == []


@pytest.mark.parametrize("language", ["ar", "fr", "ru"])
def test_every_name_is_translated(language: str) -> None:
    catalogue = trans_real.translation(language)._catalog  # type: ignore[attr-defined]
    missing = [untranslated(name) for name in FACT_LABELS.values()]
    assert [msgid for msgid in missing if not catalogue.get(msgid)] == []
    acts = [f"audit\x04{untranslated(name)}" for name in VERB_LABELS.values()]
    assert [msgid for msgid in acts if not catalogue.get(msgid)] == []


@pytest.mark.django_db
def test_names_follow_relations_and_fall_back_to_the_key() -> None:
    from sunbula.assistance.models import Distribution

    with translation.override("en"):
        assert audit_label(Distribution, "entitlement__status") == "Status"
        assert audit_label(Distribution, "draws") == "Draws from lots"
        assert audit_label(Distribution, "reason") == "Reason"
        assert audit_label(None, "personal_fields") == "Personal fields"
        assert audit_label(None, "no_such_key") == "No such key"


@pytest.mark.django_db
def test_the_log_reads_in_arabic(admin: User, world: World) -> None:
    refusal = {"message": "Not allowed"}
    audit_record(
        actor=admin,
        action="core.organisation.checked",
        obj=world.iofs,
        after={"personal_fields": ["given_name"], "unmasked": True, "until": None},
        before={"reason": refusal, "with": False},
    )
    page = client_for(admin).get("/ar/audit/?action=core.organisation.checked").content.decode()
    cells = page.split("<tbody>", 1)[1]
    with translation.override("ar"):
        expected = [
            (FACT_LABELS["personal_fields"], "given_name"),
            (FACT_LABELS["unmasked"], "نعم"),
            (FACT_LABELS["until"], "—"),
            (FACT_LABELS["reason"], reason_text(refusal)),
            (FACT_LABELS["with"], "لا"),
        ]
        assert reason_text(refusal) == "غير مسموح"
    for label, value in expected:
        assert f"<dt>{label}</dt><dd><bdi>{value}</bdi></dd>" in cells
    assert "message:" not in cells and "true" not in cells and "null" not in cells
