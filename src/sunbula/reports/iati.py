"""IATI 2.03 activities XML from projects, and the standard's rules the schema cannot check.

Element order follows the 2.03 schema. Every text is written in each language entered
(English without xml:lang, the others with it). Locations carry OCHA p-codes in @ref, as
IATI has no p-code vocabulary. A project's assets in place (a solar-powered water system, a
well) are further locations of its activity: a structure, with its point where the site has one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.utils import timezone, translation
from lxml import etree

from sunbula.funding.selectors import IatiTransaction
from sunbula.programmes.models import (
    Asset,
    IndicatorActual,
    ParticipatingOrganisation,
    Project,
    ReportingPeriod,
    Result,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
# Assets that stand where the activity works; planned and decommissioned ones are not places.
ASSETS_IN_PLACE = (
    Asset.Status.OPERATIONAL,
    Asset.Status.NEEDS_REPAIR,
    Asset.Status.OUT_OF_SERVICE,
)
FORBIDDEN_IN_IDENTIFIERS = set("/&|?")


def iati_identifier(project: Project) -> str:
    return f"{project.programme.iati_reporting_ref}-{project.code}"


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _narratives(parent: etree._Element, english: str, translations: dict[str, str]) -> None:
    etree.SubElement(parent, "narrative").text = english
    for language, text in sorted(translations.items()):
        if text:
            narrative = etree.SubElement(parent, "narrative")
            narrative.set(XML_LANG, language)
            narrative.text = text


def _text_element(
    parent: etree._Element, tag: str, english: str, translations: dict[str, str], **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, tag, attrib=attributes)
    _narratives(element, english, translations)
    return element


def _date(parent: etree._Element, tag: str, day: datetime.date, **attributes: str) -> None:
    etree.SubElement(parent, tag, attrib=attributes).set("iso-date", day.isoformat())


def _transaction(activity: etree._Element, transaction: IatiTransaction) -> None:
    element = etree.SubElement(activity, "transaction")
    if transaction.reference:
        element.set("ref", transaction.reference)
    etree.SubElement(element, "transaction-type", code=transaction.transaction_type)
    _date(element, "transaction-date", transaction.date)
    value = etree.SubElement(element, "value", currency=transaction.currency)
    value.set("value-date", transaction.date.isoformat())
    value.text = _number(transaction.value)
    if transaction.description:
        _text_element(element, "description", transaction.description, {})
    provider = etree.SubElement(element, "provider-org")
    if transaction.provider_ref:
        provider.set("ref", transaction.provider_ref)
    if transaction.provider_type:
        provider.set("type", transaction.provider_type)
    etree.SubElement(provider, "narrative").text = transaction.provider_name


def _activity(project: Project, transactions: Sequence[IatiTransaction] = ()) -> etree._Element:
    activity = etree.Element("iati-activity")
    activity.set(XML_LANG, "en")
    activity.set("default-currency", project.currency.code)
    activity.set("humanitarian", "1" if project.humanitarian else "0")
    activity.set("last-updated-datetime", timezone.now().replace(microsecond=0).isoformat())
    etree.SubElement(activity, "iati-identifier").text = iati_identifier(project)
    programme = project.programme
    reporter = programme.reporting_organisation
    _text_element(
        activity,
        "reporting-org",
        reporter.name,
        reporter.name_translations,
        ref=programme.iati_reporting_ref,
        type=reporter.iati_type,
    )
    _text_element(activity, "title", project.title, project.title_translations)
    _text_element(
        activity,
        "description",
        project.description,
        project.description_translations,
        type="1",
    )
    participants = list(project.participants.all())
    if not participants:
        # The schema asks for at least one participant; the organisation that reports the
        # activity is accountable for it.
        _text_element(
            activity,
            "participating-org",
            reporter.name,
            reporter.name_translations,
            ref=programme.iati_reporting_ref,
            role=ParticipatingOrganisation.IatiRole.ACCOUNTABLE.value,
            type=reporter.iati_type,
        )
    for participant in participants:
        organisation = participant.organisation
        attributes = {"role": participant.role, "type": organisation.iati_type}
        if organisation.iati_identifier:
            attributes["ref"] = organisation.iati_identifier
        _text_element(
            activity,
            "participating-org",
            organisation.name,
            organisation.name_translations,
            **attributes,
        )
    etree.SubElement(activity, "activity-status", code=project.status)
    _date(activity, "activity-date", project.planned_start, type="1")
    if project.actual_start:
        _date(activity, "activity-date", project.actual_start, type="2")
    _date(activity, "activity-date", project.planned_end, type="3")
    if project.actual_end:
        _date(activity, "activity-date", project.actual_end, type="4")
    if project.recipient_country is not None:
        etree.SubElement(
            activity,
            "recipient-country",
            code=project.recipient_country.iso2,
            percentage="100",
        )
    else:
        etree.SubElement(
            activity,
            "recipient-region",
            code=project.recipient_region,
            vocabulary="1",
            percentage="100",
        )
    for location in project.locations.all():
        area = location.admin_area
        element = etree.SubElement(activity, "location", ref=area.p_code)
        etree.SubElement(element, "location-reach", code="1")
        _text_element(element, "name", area.name, area.name_translations)
        etree.SubElement(element, "location-class", code="1")
    for asset in project.assets.all():
        if asset.status in ASSETS_IN_PLACE:
            _asset_location(activity, project, asset)
    for sector in project.sectors.all():
        etree.SubElement(
            activity,
            "sector",
            vocabulary=sector.vocabulary,
            code=sector.code,
            percentage=_number(sector.percentage),
        )
    if project.humanitarian_scope_type:
        etree.SubElement(
            activity,
            "humanitarian-scope",
            type=project.humanitarian_scope_type,
            vocabulary="2-1" if project.humanitarian_scope_type == "2" else "1-2",
            code=project.humanitarian_scope_code,
        )
    for budget in project.budgets.all():
        element = etree.SubElement(activity, "budget", type="1", status=budget.status)
        _date(element, "period-start", budget.period_start)
        _date(element, "period-end", budget.period_end)
        value = etree.SubElement(
            element,
            "value",
            currency=budget.currency.code,
        )
        value.set("value-date", budget.period_start.isoformat())
        value.text = _number(budget.amount)
    # Funding transactions (13 incoming pledge, 11 incoming commitment, 1 incoming funds).
    for transaction in transactions:
        _transaction(activity, transaction)
    for document in project.documents.all():
        element = etree.SubElement(
            activity, "document-link", format=document.file_format, url=document.url
        )
        _text_element(element, "title", document.title, document.title_translations)
        etree.SubElement(element, "category", code=document.category)
        etree.SubElement(element, "language", code=document.language)
        if document.document_date:
            _date(element, "document-date", document.document_date)
    for result in project.results.all():
        _result(activity, result)
    return activity


def _asset_location(activity: etree._Element, project: Project, asset: Asset) -> None:
    """An asset as a location of class 3 (structure), described in English."""
    element = etree.SubElement(
        activity, "location", ref=f"{iati_identifier(project)}-ASSET-{asset.pk}"
    )
    etree.SubElement(element, "location-reach", code="1")
    _text_element(element, "name", asset.name, asset.name_translations)
    with translation.override("en"):
        described = [str(asset.get_kind_display()), str(asset.get_status_display())]
    if asset.admin_area is not None:
        described.append(asset.admin_area.p_code)
    if asset.people_served is not None:
        described.append(f"{asset.people_served} people served")
    etree.SubElement(etree.SubElement(element, "description"), "narrative").text = " · ".join(
        described
    )
    site = asset.site
    if site.latitude is not None and site.longitude is not None:
        point = etree.SubElement(element, "point", srsName=WGS84)
        etree.SubElement(point, "pos").text = f"{site.latitude} {site.longitude}"
        etree.SubElement(element, "exactness", code="1")
    etree.SubElement(element, "location-class", code="3")


def _result(activity: etree._Element, result: Result) -> None:
    element = etree.SubElement(activity, "result", type=result.level)
    element.set("aggregation-status", "0")
    _text_element(element, "title", result.title, result.title_translations)
    for indicator in result.indicators.all():
        measured = etree.SubElement(element, "indicator", measure=indicator.measure, ascending="1")
        _text_element(measured, "title", indicator.title, indicator.title_translations)
        if indicator.baseline_year is not None:
            baseline = etree.SubElement(measured, "baseline", year=str(indicator.baseline_year))
            if indicator.baseline_value is not None:
                baseline.set("value", _number(indicator.baseline_value))
        targets = {target.period_id: target for target in indicator.targets.all()}
        actuals: dict[int, list[IndicatorActual]] = defaultdict(list)
        periods: dict[int, ReportingPeriod] = {
            target.period_id: target.period for target in indicator.targets.all()
        }
        for actual in indicator.actuals.all():
            actuals[actual.period_id].append(actual)
            periods[actual.period_id] = actual.period
        for period_id, period in sorted(periods.items(), key=lambda item: item[1].period_start):
            element_period = etree.SubElement(measured, "period")
            _date(element_period, "period-start", period.period_start)
            _date(element_period, "period-end", period.period_end)
            target = targets.get(period_id)
            if target is not None:
                etree.SubElement(element_period, "target", value=_number(target.value))
            for actual in actuals.get(period_id, []):
                reported = etree.SubElement(element_period, "actual", value=_number(actual.value))
                for name in ("sex", "age_group", "displacement"):
                    if getattr(actual, name):
                        etree.SubElement(
                            reported,
                            "dimension",
                            name=name.replace("_", " "),
                            value=getattr(actual, name),
                        )


def iati_activities(
    projects: Iterable[Project],
    transactions: Mapping[int, Sequence[IatiTransaction]] | None = None,
) -> etree._Element:
    root = etree.Element("iati-activities", version="2.03")
    root.set("generated-datetime", timezone.now().replace(microsecond=0).isoformat())
    for project in projects:
        root.append(_activity(project, (transactions or {}).get(project.pk, ())))
    return root


def iati_xml(
    projects: Iterable[Project],
    transactions: Mapping[int, Sequence[IatiTransaction]] | None = None,
) -> bytes:
    document = iati_activities(projects, transactions)
    return bytes(
        etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )


def _decimal(text: str | None) -> Decimal:
    return Decimal(text or "0")


def iati_rule_problems(root: etree._Element) -> list[str]:
    """The IATI Rulesets checks the XSD cannot make, as readable problems (none: passes)."""
    problems: list[str] = []
    for activity in root.iter("iati-activity"):
        identifier = activity.findtext("iati-identifier") or ""
        where = identifier or "(no identifier)"
        if not identifier or FORBIDDEN_IN_IDENTIFIERS & set(identifier):
            problems.append(f"{where}: identifier empty or contains / & | ?")
        reporting_ref = activity.find("reporting-org")
        if reporting_ref is not None and not identifier.startswith(reporting_ref.get("ref", "")):
            problems.append(f"{where}: identifier does not start with the reporting-org ref")
        by_vocabulary: dict[str, Decimal] = defaultdict(Decimal)
        for sector in activity.findall("sector"):
            by_vocabulary[sector.get("vocabulary", "1")] += _decimal(sector.get("percentage"))
        for vocabulary, total in by_vocabulary.items():
            if total != 100:
                problems.append(f"{where}: sector vocabulary {vocabulary} sums to {total}")
        places = activity.findall("recipient-country") + activity.findall("recipient-region")
        if places and sum(_decimal(place.get("percentage")) for place in places) != 100:
            problems.append(f"{where}: recipient country and region percentages do not sum to 100")
        dates = {
            element.get("type"): datetime.date.fromisoformat(element.get("iso-date", ""))
            for element in activity.findall("activity-date")
        }
        if not ({"1", "2"} & set(dates)):
            problems.append(f"{where}: no planned or actual start date")
        for start, end in (("1", "3"), ("2", "4")):
            if start in dates and end in dates and dates[end] < dates[start]:
                problems.append(f"{where}: activity-date type {end} is before type {start}")
        for element in activity.iter("budget", "period"):
            start_date = element.find("period-start")
            end_date = element.find("period-end")
            if (
                start_date is not None
                and end_date is not None
                and end_date.get("iso-date", "") < start_date.get("iso-date", "")
            ):
                problems.append(f"{where}: a {element.tag} period ends before it starts")
        has_default = bool(activity.get("default-currency"))
        for value in activity.iter("value"):
            if not has_default and not value.get("currency"):
                problems.append(f"{where}: a value has no currency")
            if not value.get("value-date"):
                problems.append(f"{where}: a value has no value-date")
    return problems
