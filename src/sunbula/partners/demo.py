"""Demo partnerships from the seed documents, loaded through the services.

Loading twice changes nothing: records are found by their natural keys and lifecycle steps
are taken only once. Facts the sources do not give (the day of a month) are flagged illustrative.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.db import transaction
from django.utils.html import format_html

from sunbula.core.demo import Log, persona_account
from sunbula.core.models import Country, Organisation, User
from sunbula.core.pdf import html_pdf
from sunbula.partners import services
from sunbula.partners.models import Agreement, Engagement, Partner

ADMIN = "admin@sunbula.example"
OFFICER_AFG = "officer.afg@sunbula.example"
CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG")

# (acronym, roles, sectors, countries of operation)
PARTNERS: list[tuple[str, list[str], list[str], tuple[str, ...]]] = [
    ("UNAMA", ["co_host", "coordination"], ["humanitarian", "food_security"], ("AFG",)),
    ("UNODC", ["implementing"], ["humanitarian", "health"], ("AFG",)),
    ("IOM", ["technical"], ["migration", "food_security", "humanitarian"], ("KAZ",)),
    ("WFP", ["coordination"], ["food_security", "humanitarian"], ("AFG",)),
    ("FAO", ["coordination"], ["agriculture", "food_security"], ("AFG",)),
    ("UN Women", ["coordination"], ["humanitarian"], ("AFG",)),
    ("UN SDG Centre", ["coordination"], ["food_security", "governance"], CENTRAL_ASIA),
]

# (partner acronym, title of the official)
FOCAL_POINTS = [
    ("UNAMA", "Special Representative of the UN Secretary-General and Head of UNAMA"),
    ("IOM", "IOM Sub-Regional Coordinator for Central Asia and Chief of Mission in Kazakhstan"),
]


def _organisation(acronym: str) -> Organisation:
    return Organisation.objects.get(acronym=acronym)


def load_partner_profiles(actor: User) -> None:
    for acronym, roles, sectors, countries in PARTNERS:
        organisation = _organisation(acronym)
        values: dict[str, Any] = {
            "roles": roles,
            "sectors": sectors,
            "countries": list(Country.objects.filter(iso3__in=countries)),
        }
        partner = Partner.objects.filter(organisation=organisation).first()
        if partner is None:
            partner = services.partner_create(actor=actor, organisation=organisation, **values)
        else:
            services.partner_update(actor=actor, partner=partner, **values)
    for acronym, title in FOCAL_POINTS:
        partner = Partner.objects.get(organisation__acronym=acronym)
        if not partner.focal_points.filter(title=title).exists():
            services.focal_point_add(
                actor=actor, partner=partner, title=title, organisation=partner.organisation
            )


def _agreement(actor: User, signatories: tuple[str, ...], **values: Any) -> Agreement | None:
    """A cooperation agreement with `values`, signed by the organisations with the acronyms
    `signatories`; None when one has its title already."""
    if Agreement.objects.filter(title=values["title"]).exists():
        return None
    agreement = services.agreement_create(actor=actor, kind=Agreement.Kind.COOPERATION, **values)
    for acronym in signatories:
        services.agreement_party_add(
            actor=actor, agreement=agreement, organisation=_organisation(acronym), role="signatory"
        )
    return agreement


def load_unama_agreement(actor: User) -> None:
    agreement = _agreement(
        actor,
        ("IOFS", "UNAMA"),
        title="IOFS–UNAMA cooperation agreement",
        title_translations={
            "ar": "اتفاقية التعاون بين المنظمة الإسلامية للأمن الغذائي وبعثة الأمم المتحدة في أفغانستان",
            "fr": "Accord de coopération OISA–MANUA",
            "ru": "Соглашение о сотрудничестве ИОПБ–МООНСА",
        },
        purpose="Humanitarian food assistance in Afghanistan, including to patients of "
        "drug-treatment centres and to prison detainees.",
        purpose_translations={
            "ar": "المساعدة الغذائية الإنسانية في أفغانستان، بما في ذلك لمرضى مراكز علاج الإدمان ونزلاء السجون.",
            "fr": "Aide alimentaire humanitaire en Afghanistan, notamment aux patients des centres "
            "de traitement de la toxicomanie et aux détenus.",
            "ru": "Гуманитарная продовольственная помощь в Афганистане, в том числе пациентам "
            "центров лечения наркозависимости и заключённым.",
        },
        country=Country.objects.get(iso3="AFG"),
        # The sources give the month of signature, not the day.
        is_illustrative=True,
    )
    if agreement is None:
        return
    services.agreement_open_negotiation(actor=actor, agreement=agreement)
    services.agreement_sign(
        actor=actor,
        agreement=agreement,
        signed_on=datetime.date(2023, 4, 1),
        signed_place="Kabul",
    )
    services.agreement_activate(
        actor=actor, agreement=agreement, valid_from=datetime.date(2023, 4, 1)
    )
    services.obligation_add(
        actor=actor,
        agreement=agreement,
        description="Report on the flour delivered to the treatment centres",
        description_translations={
            "ar": "تقرير عن الدقيق المسلَّم إلى مراكز العلاج",
            "fr": "Rapport sur la farine livrée aux centres de traitement",
            "ru": "Отчёт о муке, доставленной в лечебные центры",
        },
        due_on=datetime.date(2023, 12, 31),
        owner=persona_account(OFFICER_AFG),
    )


def load_iom_agreement(actor: User) -> None:
    _agreement(
        actor,
        ("IOFS", "IOM"),
        title="IOFS–IOM cooperation agreement",
        title_translations={
            "ar": "اتفاقية التعاون بين المنظمة الإسلامية للأمن الغذائي والمنظمة الدولية للهجرة",
            "fr": "Accord de coopération OISA–OIM",
            "ru": "Соглашение о сотрудничестве ИОПБ–МОМ",
        },
        purpose="Coordinate work on food security, migration and humanitarian assistance.",
        purpose_translations={
            "ar": "تنسيق العمل في مجالات الأمن الغذائي والهجرة والمساعدة الإنسانية.",
            "fr": "Coordonner les travaux sur la sécurité alimentaire, les migrations et l'aide "
            "humanitaire.",
            "ru": "Координация работы в области продовольственной безопасности, миграции и "
            "гуманитарной помощи.",
        },
        country=Country.objects.get(iso3="KAZ"),
    )


def _meeting(actor: User, **values: Any) -> Engagement | None:
    """A meeting with `values`; None when one has its title already."""
    if Engagement.objects.filter(title=values["title"]).exists():
        return None
    return services.engagement_create(actor=actor, kind=Engagement.Kind.MEETING, **values)


def load_engagements(actor: User) -> None:
    meeting = _meeting(
        actor,
        title="IOFS–UNAMA meeting at IOFS headquarters",
        title_translations={
            "ar": "اجتماع المنظمة الإسلامية للأمن الغذائي وبعثة الأمم المتحدة في المقر",
            "fr": "Réunion OISA–MANUA au siège de l'OISA",
            "ru": "Встреча ИОПБ и МООНСА в штаб-квартире ИОПБ",
        },
        held_on=datetime.date(2025, 5, 28),
        place="IOFS Headquarters, Astana",
        event="Astana International Forum",
        country=Country.objects.get(iso3="AFG"),
        organisations=[_organisation("IOFS"), _organisation("UNAMA")],
        participants="Director General of IOFS\n"
        "Special Representative of the UN Secretary-General and Head of UNAMA",
        topics="Flour for Humanity; prison populations; donor conference; "
        "online training for farmers; UN SDG Centre in Almaty",
        summary="Review of the joint programme that brought wheat flour to treatment "
        "centres in 2023, and of the growing food needs in Afghanistan.",
        outcomes="UNAMA supports a donor conference co-hosted with IOFS, the expansion of "
        "assistance to prisons, and more online training for Afghan farmers.",
    )
    if meeting is not None:
        owner = persona_account(OFFICER_AFG)
        for description, translations in (
            (
                "Convene an international donor conference for humanitarian food assistance "
                "to Afghanistan, co-hosted with UNAMA",
                {
                    "ar": "عقد مؤتمر دولي للمانحين للمساعدة الغذائية الإنسانية لأفغانستان بالاشتراك مع البعثة",
                    "fr": "Réunir une conférence internationale des donateurs pour l'aide alimentaire "
                    "humanitaire à l'Afghanistan, coorganisée avec la MANUA",
                    "ru": "Созвать международную донорскую конференцию по гуманитарной "
                    "продовольственной помощи Афганистану совместно с МООНСА",
                },
            ),
            (
                "Expand food assistance to prison populations",
                {
                    "ar": "توسيع المساعدة الغذائية لنزلاء السجون",
                    "fr": "Étendre l'aide alimentaire aux populations carcérales",
                    "ru": "Расширить продовольственную помощь заключённым",
                },
            ),
            (
                "Offer more online training for Afghan farmers",
                {
                    "ar": "زيادة التدريب عبر الإنترنت للمزارعين الأفغان",
                    "fr": "Proposer davantage de formations en ligne aux agriculteurs afghans",
                    "ru": "Расширить онлайн-обучение для афганских фермеров",
                },
            ),
        ):
            services.follow_up_add(
                actor=actor,
                engagement=meeting,
                description=description,
                description_translations=translations,
                owner=owner,
            )
    _meeting(
        actor,
        title="IOFS–IOM meeting on food security and migration",
        title_translations={
            "ar": "اجتماع المنظمة الإسلامية للأمن الغذائي والمنظمة الدولية للهجرة",
            "fr": "Réunion OISA–OIM sur la sécurité alimentaire et les migrations",
            "ru": "Встреча ИОПБ и МОМ по продовольственной безопасности и миграции",
        },
        held_on=datetime.date(2024, 10, 22),
        place="Astana",
        country=Country.objects.get(iso3="KAZ"),
        organisations=[_organisation("IOFS"), _organisation("IOM")],
        participants="Assistant Director-General of IOFS\n"
        "IOM Sub-Regional Coordinator for Central Asia and Chief of Mission in Kazakhstan",
        topics="Food security in migration-affected regions; AFSP; Sahel; Gaza",
        summary="Joint responses to food crises where people are displaced, and "
        "livelihoods of returnees, refugees and host communities.",
        outcomes="Both organisations will explore a formal agreement and keep the dialogue going.",
    )


SUMMARY_TITLE = "Summary of the agreement"


def load_agreement_summary(actor: User) -> None:
    """A one-page summary of the UNAMA agreement as its file (an illustrative text made here,
    not the signed document), so that the agreement has a document with a version."""
    agreement = Agreement.objects.filter(title="IOFS–UNAMA cooperation agreement").first()
    if agreement is None or agreement.documents.filter(title=SUMMARY_TITLE).exists():
        return
    page = format_html(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{}</title></head>"
        "<body><h1>{}</h1><p>{}</p><p>Signed in {} on {}; in force from {}.</p>"
        "<p><em>Illustrative summary for the demonstration, not the signed text.</em></p>"
        "</body></html>",
        agreement.title,
        agreement.title,
        agreement.purpose,
        agreement.signed_place,
        f"{agreement.signed_on:%d %B %Y}",
        f"{agreement.valid_from:%d %B %Y}",
    )
    data = html_pdf(page)
    services.document_upload(
        actor=actor,
        agreement=agreement,
        title=SUMMARY_TITLE,
        filename="iofs-unama-agreement-summary.pdf",
        content=io.BytesIO(data),
        size=len(data),
    )


@transaction.atomic
def load_partners_demo(log: Log) -> None:
    log("Loading partners, agreements and engagements…")
    actor = persona_account(ADMIN)
    load_partner_profiles(actor)
    load_unama_agreement(actor)
    load_agreement_summary(actor)
    load_iom_agreement(actor)
    load_engagements(actor)
