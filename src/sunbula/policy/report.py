"""The comparative "Analysis of Food Security Policies of OIC member states".

`build_report_content` freezes published profiles into plain JSON; the renderers read that
JSON alone, so one snapshot always gives the same report in a given language.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sunbula.core.maps import OIC_MEMBER_STATES, Shade, band, choropleth
from sunbula.core.multilingual import localized
from sunbula.core.pdf import html_pdf
from sunbula.policy.models import (
    AssessmentFramework,
    CoordinatingBody,
    CriterionScore,
    IndicatorValue,
    LegalInstrument,
    PolicyDecision,
    PolicyProfile,
    ProfileStatus,
    Strategy,
    indicator_figure,
)

# SDG 2 series the report compares (UN series codes).
CORE_SERIES = (
    ("SN_ITK_DEFC", _("Prevalence of undernourishment (%)")),
    ("AG_PRD_FIESMS", _("Moderate or severe food insecurity (%)")),
    ("SH_STA_STNT", _("Stunting, children under 5 (%)")),
    ("SH_STA_WAST", _("Wasting, children under 5 (%)")),
)
CHART_WIDTH = 300
# The map's five bands of undernourishment, light to dark (as on the member-state map page).
MAP_FILLS = ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c")


def _names(record: Any) -> dict[str, Any]:
    return {
        "name": record.name,
        "name_translations": dict(sorted(record.name_translations.items())),
    }


def build_report_content(taken_on: datetime.date) -> dict[str, Any]:
    """Published profiles as plain, sorted JSON; drafts, submitted and validated ones never."""
    profiles = (
        PolicyProfile.objects.filter(
            status=ProfileStatus.PUBLISHED, published_at__date__lte=taken_on
        )
        .select_related("country")
        .order_by("country__iso3")
    )
    frameworks = {}
    for framework in AssessmentFramework.objects.order_by("code", "version"):
        frameworks[framework.code] = framework  # the latest version wins
    countries = []
    for profile in profiles:
        country = profile.country
        indicators: dict[str, dict[str, str]] = {}
        values = IndicatorValue.objects.filter(country=country, year__lte=taken_on.year).order_by(
            "series_code", "year"
        )
        for value in values:
            indicators[value.series_code] = {
                "year": str(value.year),
                "value": format(value.value.normalize(), "f"),
                "qualifier": value.qualifier,
                "source": value.source,
            }
        scores: dict[str, dict[str, int]] = {}
        for code, framework in frameworks.items():
            rows = CriterionScore.objects.filter(
                criterion__framework=framework, country=country, year__lte=taken_on.year
            ).order_by("criterion_id", "year")
            latest = {row.criterion_id: row for row in rows}
            if latest:
                scores[code] = {
                    "total": sum(row.score for row in latest.values()),
                    "max": 3 * framework.criteria.count(),
                }
        countries.append(
            {
                "iso3": country.iso3,
                **_names(country),
                "is_illustrative": profile.is_illustrative,
                "validated_on": profile.validated_at.date().isoformat()
                if profile.validated_at
                else "",
                "strategies": [
                    {
                        **_names(item),
                        "start_year": item.start_year,
                        "end_year": item.end_year,
                        "status": item.status,
                        "adopting_body": item.adopting_body,
                        "reference": item.reference,
                    }
                    for item in Strategy.objects.filter(profile=profile).order_by(
                        "start_year", "name", "pk"
                    )
                ],
                "legal_instruments": [
                    {
                        **_names(item),
                        "kind": item.kind,
                        "date_of_text": item.date_of_text.isoformat() if item.date_of_text else "",
                        "faolex_id": item.faolex_id,
                        "amends": item.amends.name if item.amends else "",
                        "repeals": item.repeals.name if item.repeals else "",
                    }
                    for item in LegalInstrument.objects.filter(profile=profile)
                    .select_related("amends", "repeals")
                    .order_by("date_of_text", "name", "pk")
                ],
                "coordinating_bodies": [
                    {
                        **_names(item),
                        "legal_basis": item.legal_basis,
                        "chair": item.chair,
                        "civil_society": item.has_civil_society_seat,
                        "private_sector": item.has_private_sector_seat,
                        "meeting_frequency": item.meeting_frequency,
                    }
                    for item in CoordinatingBody.objects.filter(profile=profile).order_by(
                        "name", "pk"
                    )
                ],
                "decisions": [
                    {**_names(item), "group": item.group, "decided_on": item.decided_on.isoformat()}
                    for item in PolicyDecision.objects.filter(profile=profile).order_by(
                        "decided_on", "name", "pk"
                    )
                ],
                "indicators": indicators,
                "scores": scores,
            }
        )
    return {
        "taken_on": taken_on.isoformat(),
        "frameworks": [
            {"code": code, "version": framework.version, **_names(framework)}
            for code, framework in sorted(frameworks.items())
        ],
        "countries": countries,
    }


def _label(choices: Any, value: str) -> str:
    return str(dict(choices).get(value, value))


def _day(text: str) -> datetime.date | None:
    """A date the snapshot keeps as ISO text, as a date the templates write for the reader."""
    return datetime.date.fromisoformat(text) if text else None


def _figure(qualifier: str, value: Decimal | str) -> str:
    """A value with its qualifier ("<2.5"), as the list, the profiles and the map show it."""
    return indicator_figure(qualifier, value)


def _indicator(code: str, label: Any, value: dict[str, str] | None) -> dict[str, Any]:
    """A series' latest value in a chapter, written for the reader; none: only its label."""
    if value is None:
        return {"code": code, "label": label}
    return {
        "code": code,
        "label": label,
        **value,
        "figure": _figure(value["qualifier"], value["value"]),
    }


def report_context(content: dict[str, Any]) -> dict[str, Any]:
    """What the report templates show, in the active language; reads `content` only."""
    chapters = []
    for country in content["countries"]:
        chapters.append(
            {
                "iso3": country["iso3"],
                "name": localized(country["name"], country["name_translations"]),
                "is_illustrative": country["is_illustrative"],
                "validated_on": _day(country["validated_on"]),
                "strategies": [
                    {
                        **item,
                        "title": localized(item["name"], item["name_translations"]),
                        "status_label": _label(Strategy.Status.choices, item["status"]),
                    }
                    for item in country["strategies"]
                ],
                "legal_instruments": [
                    {
                        **item,
                        "title": localized(item["name"], item["name_translations"]),
                        "kind_label": _label(LegalInstrument.Kind.choices, item["kind"]),
                        "date_of_text": _day(item["date_of_text"]),
                    }
                    for item in country["legal_instruments"]
                ],
                "coordinating_bodies": [
                    {
                        **item,
                        "title": localized(item["name"], item["name_translations"]),
                        "frequency_label": _label(
                            CoordinatingBody.Frequency.choices, item["meeting_frequency"]
                        )
                        if item["meeting_frequency"]
                        else "",
                    }
                    for item in country["coordinating_bodies"]
                ],
                "decisions": [
                    {
                        **item,
                        "title": localized(item["name"], item["name_translations"]),
                        "group_label": _label(PolicyDecision.Group.choices, item["group"]),
                        "decided_on": _day(item["decided_on"]),
                    }
                    for item in country["decisions"]
                ],
                "indicators": [
                    _indicator(code, label, country["indicators"].get(code))
                    for code, label in CORE_SERIES
                ],
                "scores": country["scores"],
            }
        )
    undernourishment = [
        (
            chapter["name"],
            Decimal(country["indicators"]["SN_ITK_DEFC"]["value"]),
            country["indicators"]["SN_ITK_DEFC"]["qualifier"],
        )
        for chapter, country in zip(chapters, content["countries"], strict=True)
        if "SN_ITK_DEFC" in country["indicators"]
    ]
    top = max((value for _name, value, _q in undernourishment), default=Decimal(1)) or Decimal(1)
    bars = [
        {
            "name": name,
            "figure": _figure(qualifier, value),
            "width": int(value * CHART_WIDTH / top),
        }
        for name, value, qualifier in undernourishment
    ]
    ordered = sorted(value for _name, value, _q in undernourishment)
    edges = [ordered[len(ordered) * step // 5] for step in range(1, 5)] if ordered else []
    undernourishment_map = (
        choropleth(
            OIC_MEMBER_STATES,
            _("Prevalence of undernourishment (%)"),
            [
                Shade(
                    country["iso3"],
                    f"{name}: {_figure(qualifier, value)}",
                    fill=MAP_FILLS[band(value, edges)],
                )
                for country, (name, value, qualifier) in zip(
                    [c for c in content["countries"] if "SN_ITK_DEFC" in c["indicators"]],
                    undernourishment,
                    strict=True,
                )
            ],
            map_id="undernourishment-map",
        )
        if undernourishment
        else None
    )
    frameworks = [
        {
            "code": framework["code"],
            "version": framework["version"],
            "name": localized(framework["name"], framework["name_translations"]),
        }
        for framework in content["frameworks"]
    ]
    matrix = [
        {
            "name": chapter["name"],
            "strategy_in_force": any(
                Strategy.in_force(
                    item["status"],
                    item["start_year"],
                    item["end_year"],
                    int(content["taken_on"][:4]),
                )
                for item in chapter["strategies"]
            ),
            "coordinating_body": bool(chapter["coordinating_bodies"]),
            "decisions": len(chapter["decisions"]),
            "indicators": chapter["indicators"],
            "scores": [chapter["scores"].get(framework["code"]) for framework in frameworks],
        }
        for chapter in chapters
    ]
    return {
        "taken_on": _day(content["taken_on"]),
        "chapters": chapters,
        "matrix": matrix,
        "series": CORE_SERIES,
        "frameworks": frameworks,
        # The matrix's columns: the country, three of the profile, the series, the frameworks.
        "matrix_columns": 4 + len(CORE_SERIES) + len(frameworks),
        "bars": bars,
        "chart_width": CHART_WIDTH,
        "undernourishment_map": undernourishment_map,
    }


def render_report_html(content: dict[str, Any], language: str) -> str:
    """The whole report as a standalone HTML document in `language`."""
    with translation.override(language):
        return render_to_string(
            "policy/report_document.html",
            {
                **report_context(content),
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
            },
        )


def render_report_pdf(content: dict[str, Any], language: str) -> bytes:
    """The report as PDF, laid out by WeasyPrint from the HTML of the same snapshot."""
    return html_pdf(render_report_html(content, language), stylesheets=["policy/report.css"])
