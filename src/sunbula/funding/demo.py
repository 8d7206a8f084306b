"""Demo data: the proposed donor conference for Afghanistan, the 2023 in-kind flour, and the
co-funding of the Herat and Logar wheat projects.

The seeds say the conference was proposed in May 2025 and co-hosted by IOFS and UNAMA; its
date, venue and every pledge are illustrative. The 68 t of wheat flour for Flour for Humanity
(2023) came from Kazakhstan, Tajikistan, Turkmenistan and IFPA members; the split among them
and the estimated values are illustrative, as are the co-funding amounts. Loading twice
changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from sunbula.core.demo import Log, seed_organisation
from sunbula.core.models import Country, Currency
from sunbula.funding import services
from sunbula.funding.models import (
    Appeal,
    ContributionType,
    DonorConference,
    Earmarking,
    FundingRequirement,
    Modality,
    Pledge,
)
from sunbula.programmes.models import Project

D = datetime.date
CONFERENCE_TITLE = "Donor Conference for Humanitarian Food Assistance to Afghanistan"


def _pledge(reference: str) -> Pledge | None:
    """The demo pledge with this reference, if an earlier load recorded it."""
    return Pledge.objects.filter(reference=reference).first()


def _commit_and_pay(
    pledge: Pledge,
    committed_on: D,
    paid_on: D | None,
    paid: Decimal | None,
    quantity: Decimal | None,
) -> None:
    if pledge.commitments.exists():
        return
    commitment = services.commitment_record(
        actor=None,
        pledge=pledge,
        committed_on=committed_on,
        amount=pledge.amount,
        quantity=quantity,
    )
    if paid_on is not None and paid is not None:
        services.payment_record(
            actor=None,
            commitment=commitment,
            paid_on=paid_on,
            amount=paid,
            currency=pledge.currency,
            quantity=quantity,
        )


def _requirement(
    country: Country,
    project: Project | None,
    year: int,
    amount: Decimal,
    appeal: Appeal | None = None,
) -> None:
    if FundingRequirement.objects.filter(country=country, project=project, year=year).exists():
        return
    services.requirement_create(
        actor=None,
        country=country,
        project=project,
        year=year,
        amount_usd=amount,
        appeal=appeal,
        is_illustrative=True,
    )


def load_funding_demo(log: Log) -> None:
    afghanistan = Country.objects.get(iso3="AFG")
    usd = Currency.objects.get(code="USD")
    iofs = seed_organisation("IOFS")

    appeal = Appeal.objects.filter(code="IOFS-AFG-FOOD-2026").first() or services.appeal_create(
        actor=None,
        code="IOFS-AFG-FOOD-2026",
        name="Humanitarian food assistance to Afghanistan",
        name_translations={
            "ar": "المساعدة الغذائية الإنسانية لأفغانستان",
            "fr": "Aide alimentaire humanitaire à l'Afghanistan",
            "ru": "Гуманитарная продовольственная помощь Афганистану",
        },
        country=afghanistan,
        is_illustrative=True,
    )
    _requirement(afghanistan, None, 2026, Decimal(5000000), appeal)

    conference = DonorConference.objects.filter(title=CONFERENCE_TITLE).first()
    if conference is None:
        conference = services.conference_create(
            actor=None,
            title=CONFERENCE_TITLE,
            title_translations={
                "ar": "مؤتمر المانحين للمساعدة الغذائية الإنسانية لأفغانستان",
                "fr": "Conférence des donateurs pour l'aide alimentaire humanitaire à "
                "l'Afghanistan",
                "ru": "Конференция доноров по гуманитарной продовольственной помощи Афганистану",
            },
            country=afghanistan,
            appeal=appeal,
            starts_on=D(2026, 3, 10),  # illustrative: the seeds give only the May 2025 proposal
            ends_on=D(2026, 3, 10),
            modality=Modality.HYBRID,
            venue="Astana (illustrative)",
            announcements_published=True,
            is_illustrative=True,
            co_hosts=[iofs, seed_organisation("UNAMA")],
        )
    for reference, donor, currency, amount in (
        ("DEMO-DC26-KAZ", "Government of the Republic of Kazakhstan", "KZT", "260000000"),
        ("DEMO-DC26-TIKA", "TIKA", "TRY", "17500000"),
        ("DEMO-DC26-IOFS", "IOFS", "USD", "750000"),
        ("DEMO-DC26-CICA", "CICA", "USD", "200000"),
    ):
        if _pledge(reference) is None:
            services.pledge_record(
                actor=None,
                reference=reference,
                is_illustrative=True,
                conference=conference,
                donor=seed_organisation(donor),
                pledged_on=D(2026, 3, 10),
                currency=Currency.objects.get(code=currency),
                amount=Decimal(amount),
                country=afghanistan,
                budget_year=2026,
                earmarking=Earmarking.SOFTLY,
                sector="72040",
            )
    iofs_pledge = Pledge.objects.get(reference="DEMO-DC26-IOFS")
    _commit_and_pay(iofs_pledge, D(2026, 4, 1), None, None, None)

    # Flour for Humanity, 2023: 68 t of wheat flour in kind.
    flour = Project.objects.get(code="AFSP-FFH-2023")
    for reference, donor, tonnes in (
        ("DEMO-FFH23-KAZ", "Government of the Republic of Kazakhstan", "30"),
        ("DEMO-FFH23-TJK", "Government of the Republic of Tajikistan", "15"),
        ("DEMO-FFH23-TKM", "Government of Turkmenistan", "13"),
        ("DEMO-FFH23-IFPA", "IFPA", "10"),
    ):
        quantity = Decimal(tonnes)
        pledge = _pledge(reference) or services.pledge_record(
            actor=None,
            reference=reference,
            is_illustrative=True,
            donor=seed_organisation(donor),
            pledged_on=D(2023, 2, 1),
            currency=usd,
            amount=quantity * 450,  # estimated value, USD 450 a tonne (illustrative)
            country=afghanistan,
            project=flour,
            budget_year=2023,
            contribution_type=ContributionType.IN_KIND,
            commodity="Wheat flour",
            quantity=quantity,
            unit="t",
            earmarking=Earmarking.TIGHTLY,
            sector="72040",
        )
        _commit_and_pay(pledge, D(2023, 3, 1), D(2023, 5, 15), pledge.amount, quantity)
    _requirement(afghanistan, flour, 2023, Decimal(40000))

    # Herat and Logar wheat projects, co-funded by IOFS, TIKA and CICA.
    for code in ("AFSP-WHEAT-HERAT", "AFSP-WHEAT-LOGAR"):
        project = Project.objects.get(code=code)
        _requirement(afghanistan, project, 2024, Decimal(150000))
        for donor, currency, amount, paid in (
            ("IOFS", "USD", "60000", "60000"),
            ("TIKA", "TRY", "950000", "500000"),
            ("CICA", "USD", "30000", None),
        ):
            reference = f"DEMO-{code.removeprefix('AFSP-')}-{donor}"
            pledge = _pledge(reference) or services.pledge_record(
                actor=None,
                reference=reference,
                is_illustrative=True,
                donor=seed_organisation(donor),
                pledged_on=D(2024, 1, 15),
                currency=Currency.objects.get(code=currency),
                amount=Decimal(amount),
                country=afghanistan,
                project=project,
                budget_year=2024,
                earmarking=Earmarking.TIGHTLY,
                sector="31161",
            )
            if paid is None:
                continue
            _commit_and_pay(pledge, D(2024, 2, 1), D(2024, 3, 1), Decimal(paid), None)
    log("Funding: the Afghanistan donor conference, Flour for Humanity in kind, wheat co-funding.")
