"""Write the shipped XLSForms (one workbook per purpose) from their definitions here.

The workbooks are committed; run `python -m sunbula.fieldforms.xlsforms.build` after changing
a definition. Publishing a form reads the workbook, sets its id, title and version in the
settings sheet and converts it with pyxform.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

SURVEY_HEADER = ("type", "name", "label", "required", "constraint", "choice_filter", "default")

DISPLACEMENT = (
    ("resident", "Resident"),
    ("idp", "Internally displaced"),
    ("returnee", "Returnee"),
    ("refugee", "Refugee"),
    ("host", "Host community"),
)
VULNERABILITIES = (
    ("female_headed", "Female-headed household"),
    ("disability", "Disability"),
    ("older_person", "Older person"),
    ("chronic_illness", "Chronic illness"),
    ("child_headed", "Child-headed household"),
    ("pregnant_lactating", "Pregnant or lactating"),
)
SEX = (("F", "Female"), ("M", "Male"))
HEADCOUNT_METHODS = (
    ("roll_call", "Roll call"),
    ("register", "Institution's register"),
    ("site_visit", "Monitoring visit"),
    ("partner_report", "Partner report"),
)

# WFP's commodity categories and price types, as the price database (VAM) names them.
COMMODITY_CATEGORIES = (
    ("cereals and tubers", "Cereals and tubers"),
    ("meat, fish and eggs", "Meat, fish and eggs"),
    ("milk and dairy", "Milk and dairy"),
    ("miscellaneous food", "Miscellaneous food"),
    ("non-food", "Non-food"),
    ("oil and fats", "Oil and fats"),
    ("pulses and nuts", "Pulses and nuts"),
    ("vegetables and fruits", "Vegetables and fruits"),
)
PRICE_TYPES = (("Retail", "Retail"), ("Wholesale", "Wholesale"))

FORMS: dict[str, dict[str, list[tuple[str, ...]]]] = {
    "household_registration": {
        "survey": [
            ("text", "reference", "Household reference", "yes", "", "", ""),
            ("text", "admin_area", "Area p-code", "", "", "", ""),
            ("select_one displacement", "displacement_status", "Displacement status", "yes"),
            ("select_multiple vulnerability", "vulnerabilities", "Vulnerabilities", ""),
            ("begin_repeat", "member", "Household member"),
            ("text", "given_name", "Given name", "yes"),
            ("text", "family_name", "Family name", ""),
            ("select_one sex", "sex", "Sex", ""),
            ("text", "birth_date", "Birth year or date (YYYY or YYYY-MM-DD)", ""),
            ("text", "phone", "Phone", ""),
            ("end_repeat", "", ""),
        ],
        "choices": [
            *(("displacement", name, label) for name, label in DISPLACEMENT),
            *(("vulnerability", name, label) for name, label in VULNERABILITIES),
            *(("sex", name, label) for name, label in SEX),
        ],
    },
    "distribution": {
        "survey": [
            ("barcode", "beneficiary", "Scan the entitlement card", "yes"),
            (
                "select_one_from_file entitlements.csv",
                "entitlement",
                "Entitlement",
                "yes",
                "",
                "beneficiary=${beneficiary}",
            ),
            ("decimal", "quantity", "Quantity handed over", "yes", ". > 0"),
            ("date", "distributed_on", "Handed over on", "yes", "", "", "today()"),
        ],
        "choices": [],
    },
    "institution_headcount": {
        "survey": [
            ("select_one_from_file institutions.csv", "institution", "Institution", "yes"),
            ("date", "counted_on", "Counted on", "yes", "", "", "today()"),
            ("integer", "headcount", "Residents counted", "yes", ". >= 0"),
            ("select_one method", "method", "How they were counted", "yes"),
            ("text", "verified_by", "Verified by", "yes"),
        ],
        "choices": [("method", name, label) for name, label in HEADCOUNT_METHODS],
    },
    "event_attendance": {
        "survey": [
            ("select_one_from_file events.csv", "event", "Event", "yes"),
            (
                "select_one_from_file sessions.csv",
                "session",
                "Session",
                "yes",
                "",
                "event=${event}",
            ),
            (
                "select_one_from_file registrations.csv",
                "registration",
                "Participant",
                "yes",
                "",
                "event=${event}",
            ),
        ],
        "choices": [],
    },
    "monitoring": {
        "survey": [
            ("select_one_from_file sampled.csv", "sample", "Sampled beneficiary", "yes"),
            ("begin_repeat", "answer", "Answer"),
            ("select_one_from_file questions.csv", "question", "Question", "yes"),
            (
                "select_multiple_from_file options.csv",
                "options",
                "Options chosen",
                "",
                "",
                "question=${question}",
            ),
            ("text", "value", "Number or text answered", ""),
            ("end_repeat", "", ""),
        ],
        "choices": [],
    },
    "market_prices": {
        "survey": [
            ("select_one_from_file markets.csv", "market", "Market", "yes"),
            ("date", "observed_on", "Prices read on", "yes", ". <= today()", "", "today()"),
            (
                "text",
                "currency",
                "Currency (ISO 4217 code, e.g. AFN)",
                "yes",
                "string-length(.) = 3",
            ),
            ("begin_repeat", "item", "Commodity price"),
            ("text", "commodity", "Commodity", "yes"),
            ("select_one category", "category", "Commodity category", "yes"),
            ("text", "unit", "Unit (KG, 50 KG, L)", "yes", "", "", "KG"),
            ("select_one price_type", "price_type", "Price type", "yes", "", "", "Retail"),
            ("decimal", "price", "Price", "yes", ". > 0"),
            ("end_repeat", "", ""),
        ],
        "choices": [
            *(("category", name, label) for name, label in COMMODITY_CATEGORIES),
            *(("price_type", name, label) for name, label in PRICE_TYPES),
        ],
    },
}


def _sheet(
    book: Workbook, title: str, header: tuple[str, ...], rows: list[tuple[str, ...]]
) -> None:
    sheet = book.create_sheet(title)
    sheet.append(header)
    for row in rows:
        sheet.append(list(row) + [""] * (len(header) - len(row)))


def build(directory: Path = HERE) -> list[Path]:
    written = []
    for name, sheets in FORMS.items():
        book = Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        _sheet(book, "survey", SURVEY_HEADER, sheets["survey"])
        _sheet(book, "choices", ("list_name", "name", "label"), sheets["choices"])
        _sheet(
            book,
            "settings",
            ("form_id", "form_title", "version", "instance_name"),
            [(name, name.replace("_", " ").capitalize(), "1", "")],
        )
        path = directory / f"{name}.xlsx"
        book.save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build():
        print(path)
