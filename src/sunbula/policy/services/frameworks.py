"""Assessment frameworks, their criteria, and each country's scores against them."""

from __future__ import annotations

from django.db import transaction

from sunbula.core.audit import create_audited, upsert_audited
from sunbula.core.models import Country, User
from sunbula.policy.models import AssessmentFramework, Criterion, CriterionScore


@transaction.atomic
def framework_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    criteria: list[tuple[str, str, dict[str, str]]],
    reference: str = "",
    name_translations: dict[str, str] | None = None,
) -> AssessmentFramework:
    """Version 1 of a framework (or the next version of `code`), with its criteria."""
    latest = AssessmentFramework.objects.filter(code=code).order_by("-version").first()
    framework = create_audited(
        actor=actor,
        model=AssessmentFramework,
        values={
            "code": code,
            "version": latest.version + 1 if latest else 1,
            "name": name,
            "name_translations": name_translations or {},
            "reference": reference,
        },
    )
    for order, (criterion_code, text, translations) in enumerate(criteria, start=1):
        create_audited(
            actor=actor,
            model=Criterion,
            values={
                "framework": framework,
                "code": criterion_code,
                "order": order,
                "name": text,
                "name_translations": translations,
            },
        )
    return framework


@transaction.atomic
def score_record(
    *,
    actor: User | None,
    criterion: Criterion,
    country: Country,
    year: int,
    score: int,
    evidence: str,
    evidence_translations: dict[str, str] | None = None,
) -> CriterionScore:
    """Score a country against a criterion for a year, with the evidence for it."""
    return upsert_audited(
        actor=actor,
        model=CriterionScore,
        lookup={"criterion": criterion, "country": country, "year": year},
        values={
            "score": score,
            "evidence": evidence,
            "evidence_translations": evidence_translations or {},
        },
    )
