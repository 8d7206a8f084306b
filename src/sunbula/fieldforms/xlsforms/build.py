"""Write the shipped XLSForms (one workbook per purpose) from their definitions here.

The workbooks are committed; run `python -m sunbula.fieldforms.xlsforms.build` after changing
a definition. Publishing a form reads the workbook, sets its id, title and version in the
settings sheet and converts it with pyxform.

Every label, hint and choice is written in each language of LANGUAGES, in the XLSForm's
`label::Language (code)` columns: ODK Collect and Enketo offer those languages in their menu.
A text without its translations in TRANSLATIONS stops the build.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

# The form's languages as Collect's language menu names them: each in its own words, with
# its code. English is the default; field teams in Afghanistan read Dari or Pashto.
ENGLISH = "English (en)"
LANGUAGES = (
    ENGLISH,
    "دری (fa-AF)",
    "پښتو (ps)",
    "العربية (ar)",
    "Français (fr)",
    "Русский (ru)",
)

SURVEY_FIELDS = ("type", "name", "label", "required", "constraint", "choice_filter", "default")

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
            ("text", "birth_date", "Birth year or date", ""),
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
            ("text", "currency", "Currency", "yes", "string-length(.) = 3"),
            ("begin_repeat", "item", "Commodity price"),
            ("text", "commodity", "Commodity", "yes"),
            ("select_one category", "category", "Commodity category", "yes"),
            ("text", "unit", "Unit", "yes", "", "", "KG"),
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


# Hints under a question, by the question's name.
HINTS = {
    "admin_area": "The p-code of the area where the household lives, e.g. AF0101.",
    "birth_date": "YYYY or YYYY-MM-DD, in the Gregorian calendar.",
    "quantity": "In the unit of the entitlement.",
    "verified_by": "Name and role of the person who checked the count.",
    "value": "For a question answered with a number or in words.",
    "currency": "ISO 4217 code, e.g. AFN.",
    "unit": "For example KG, 50 KG or L.",
    "price": "In the currency given above, for one unit.",
}

# Each English text in the other languages, in the order of LANGUAGES after English:
# Dari, Pashto, Arabic, French, Russian.
TRANSLATIONS: dict[str, tuple[str, str, str, str, str]] = {
    # Household registration
    "Household reference": (
        "شماره خانوار",
        "د کورنۍ شمېره",
        "الرقم المرجعي للأسرة",
        "Référence du ménage",
        "Номер домохозяйства",
    ),
    "Area p-code": (
        "کد ساحه (p-code)",
        "د سیمې کوډ (p-code)",
        "رمز المنطقة (p-code)",
        "P-code de la zone",
        "P-код района",
    ),
    "The p-code of the area where the household lives, e.g. AF0101.": (
        "کد ساحه‌ای که خانوار در آن زندگی می‌کند، مثلاً AF0101.",
        "د هغې سیمې کوډ چې کورنۍ پکې اوسېږي، لکه AF0101.",
        "رمز المنطقة التي تسكن فيها الأسرة، مثل AF0101.",
        "Le p-code de la zone où vit le ménage, par ex. AF0101.",
        "P-код района, где живёт домохозяйство, например AF0101.",
    ),
    "Displacement status": (
        "وضعیت بیجاشدگی",
        "د بې ځایه کېدو حالت",
        "حالة النزوح",
        "Statut de déplacement",
        "Статус перемещения",
    ),
    "Vulnerabilities": (
        "آسیب‌پذیری‌ها",
        "زیانمنتیاوې",
        "أوجه الضعف",
        "Vulnérabilités",
        "Уязвимости",
    ),
    "Household member": (
        "عضو خانوار",
        "د کورنۍ غړی",
        "فرد من الأسرة",
        "Membre du ménage",
        "Член домохозяйства",
    ),
    "Given name": ("نام", "نوم", "الاسم الأول", "Prénom", "Имя"),
    "Family name": ("تخلص", "تخلص", "اسم العائلة", "Nom de famille", "Фамилия"),
    "Sex": ("جنسیت", "جنس", "الجنس", "Sexe", "Пол"),
    "Birth year or date": (
        "سال یا تاریخ تولد",
        "د زېږېدو کال یا نېټه",
        "سنة الميلاد أو تاريخه",
        "Année ou date de naissance",
        "Год или дата рождения",
    ),
    "YYYY or YYYY-MM-DD, in the Gregorian calendar.": (
        "YYYY یا YYYY-MM-DD، به تقویم میلادی.",
        "YYYY یا YYYY-MM-DD، په میلادي کلیز.",
        "YYYY أو YYYY-MM-DD، بالتقويم الميلادي.",
        "AAAA ou AAAA-MM-JJ, dans le calendrier grégorien.",
        "ГГГГ или ГГГГ-ММ-ДД, по григорианскому календарю.",
    ),
    "Phone": ("شماره تلفن", "د تلیفون شمېره", "رقم الهاتف", "Téléphone", "Телефон"),
    "Resident": ("مقیم", "اوسېدونکی", "مقيم", "Résident", "Местный житель"),
    "Internally displaced": (
        "بیجاشده داخلی",
        "کورنی بې ځایه شوی",
        "نازح داخليًا",
        "Déplacé interne",
        "Внутренне перемещённое лицо",
    ),
    "Returnee": ("عودت‌کننده", "راستنېدونکی", "عائد", "Rapatrié", "Вернувшийся"),
    "Refugee": ("پناهنده", "کډوال", "لاجئ", "Réfugié", "Беженец"),
    "Host community": (
        "جامعه میزبان",
        "کوربه ټولنه",
        "المجتمع المضيف",
        "Communauté d'accueil",
        "Принимающая община",
    ),
    "Female-headed household": (
        "خانوار با سرپرست زن",
        "هغه کورنۍ چې سرپرسته یې ښځه ده",
        "أسرة تعيلها امرأة",
        "Ménage dirigé par une femme",
        "Домохозяйство во главе с женщиной",
    ),
    "Disability": ("معلولیت", "معلولیت", "إعاقة", "Handicap", "Инвалидность"),
    "Older person": ("فرد سالمند", "زوړ کس", "شخص مسن", "Personne âgée", "Пожилой человек"),
    "Chronic illness": (
        "بیماری مزمن",
        "اوږدمهاله ناروغي",
        "مرض مزمن",
        "Maladie chronique",
        "Хроническое заболевание",
    ),
    "Child-headed household": (
        "خانوار با سرپرست کودک",
        "هغه کورنۍ چې سرپرست یې ماشوم دی",
        "أسرة يعيلها طفل",
        "Ménage dirigé par un enfant",
        "Домохозяйство во главе с ребёнком",
    ),
    "Pregnant or lactating": (
        "زن باردار یا شیرده",
        "امیندواره یا شیدې ورکوونکې",
        "حامل أو مرضع",
        "Enceinte ou allaitante",
        "Беременная или кормящая",
    ),
    "Female": ("زن", "ښځه", "أنثى", "Femme", "Женский"),
    "Male": ("مرد", "نارینه", "ذكر", "Homme", "Мужской"),
    # Distribution
    "Scan the entitlement card": (
        "کارت استحقاق را اسکن کنید",
        "د استحقاق کارت سکن کړئ",
        "امسح بطاقة الاستحقاق",
        "Scannez la carte de droits",
        "Отсканируйте карточку получателя",
    ),
    "Entitlement": (
        "استحقاق",
        "استحقاق",
        "الاستحقاق",
        "Droit à l'assistance",
        "Положенная выдача",
    ),
    "Quantity handed over": (
        "مقدار تحویل‌داده‌شده",
        "سپارل شوی مقدار",
        "الكمية المسلَّمة",
        "Quantité remise",
        "Выданное количество",
    ),
    "In the unit of the entitlement.": (
        "به واحد استحقاق.",
        "د استحقاق په واحد.",
        "بوحدة الاستحقاق.",
        "Dans l'unité du droit à l'assistance.",
        "В единицах положенной выдачи.",
    ),
    "Handed over on": ("تاریخ تحویل", "د سپارلو نېټه", "تاريخ التسليم", "Remis le", "Дата выдачи"),
    # Institution headcount
    "Institution": ("نهاد", "بنسټ", "المؤسسة", "Institution", "Учреждение"),
    "Counted on": ("تاریخ شمارش", "د شمېرنې نېټه", "تاريخ العدّ", "Compté le", "Дата подсчёта"),
    "Residents counted": (
        "تعداد ساکنان شمارش‌شده",
        "شمېرل شوي اوسېدونکي",
        "عدد المقيمين المحصَين",
        "Résidents comptés",
        "Подсчитано проживающих",
    ),
    "How they were counted": (
        "روش شمارش",
        "څنګه وشمېرل شول",
        "طريقة العدّ",
        "Méthode de comptage",
        "Способ подсчёта",
    ),
    "Verified by": ("تأییدکننده", "تاییدوونکی", "تحقّق منه", "Vérifié par", "Кем проверено"),
    "Name and role of the person who checked the count.": (
        "نام و وظیفه کسی که شمارش را بررسی کرد.",
        "د هغه چا نوم او دنده چې شمېرنه یې وکتله.",
        "اسم الشخص الذي تحقّق من العدّ وصفته.",
        "Nom et fonction de la personne qui a vérifié le décompte.",
        "Имя и должность того, кто проверил подсчёт.",
    ),
    "Roll call": ("حاضری", "حاضري", "نداء الأسماء", "Appel nominal", "Перекличка"),
    "Institution's register": (
        "دفتر ثبت نهاد",
        "د بنسټ د ثبت کتاب",
        "سجلّ المؤسسة",
        "Registre de l'institution",
        "Журнал учреждения",
    ),
    "Monitoring visit": (
        "بازدید نظارتی",
        "نظارتي لیدنه",
        "زيارة رصد",
        "Visite de suivi",
        "Контрольный визит",
    ),
    "Partner report": (
        "گزارش همکار",
        "د همکار راپور",
        "تقرير الشريك",
        "Rapport du partenaire",
        "Отчёт партнёра",
    ),
    # Event attendance
    "Event": ("رویداد", "غونډه", "الفعالية", "Événement", "Мероприятие"),
    "Session": ("جلسه", "ناسته", "الجلسة", "Séance", "Сессия"),
    "Participant": ("شرکت‌کننده", "ګډونوال", "المشارك", "Participant", "Участник"),
    # Post-distribution monitoring
    "Sampled beneficiary": (
        "مستفید انتخاب‌شده در نمونه",
        "په نمونه کې ټاکل شوی ګټه اخیستونکی",
        "المستفيد المختار في العيّنة",
        "Bénéficiaire de l'échantillon",
        "Получатель из выборки",
    ),
    "Answer": ("پاسخ", "ځواب", "الإجابة", "Réponse", "Ответ"),
    "Question": ("سؤال", "پوښتنه", "السؤال", "Question", "Вопрос"),
    "Options chosen": (
        "گزینه‌های انتخاب‌شده",
        "ټاکل شوي انتخابونه",
        "الخيارات المختارة",
        "Options choisies",
        "Выбранные варианты",
    ),
    "Number or text answered": (
        "عدد یا متن پاسخ",
        "شمېره یا لیکلی ځواب",
        "الرقم أو النص المُجاب به",
        "Nombre ou texte répondu",
        "Ответ числом или текстом",
    ),
    "For a question answered with a number or in words.": (
        "برای سؤالی که با عدد یا با کلمات پاسخ داده می‌شود.",
        "د هغې پوښتنې لپاره چې ځواب یې په شمېره یا په لیکلو وي.",
        "لسؤال يُجاب عنه برقم أو بكلمات.",
        "Pour une question à laquelle on répond par un nombre ou par des mots.",
        "Для вопроса, на который отвечают числом или словами.",
    ),
    # Market and price monitoring
    "Market": ("بازار", "بازار", "السوق", "Marché", "Рынок"),
    "Prices read on": (
        "تاریخ ثبت قیمت‌ها",
        "د بیو د ثبت نېټه",
        "تاريخ رصد الأسعار",
        "Prix relevés le",
        "Дата сбора цен",
    ),
    "Currency": ("واحد پول", "پولي واحد", "العملة", "Devise", "Валюта"),
    "ISO 4217 code, e.g. AFN.": (
        "کد ISO 4217، مثلاً AFN.",
        "د ISO 4217 کوډ، لکه AFN.",
        "رمز ISO 4217، مثل AFN.",
        "Code ISO 4217, par ex. AFN.",
        "Код ISO 4217, например AFN.",
    ),
    "Commodity price": (
        "قیمت کالا",
        "د توکي بیه",
        "سعر السلعة",
        "Prix d'une denrée",
        "Цена товара",
    ),
    "Commodity": ("کالا", "توکی", "السلعة", "Denrée", "Товар"),
    "Commodity category": (
        "دسته کالا",
        "د توکي ډول",
        "فئة السلعة",
        "Catégorie de denrée",
        "Категория товара",
    ),
    "Unit": ("واحد", "واحد", "الوحدة", "Unité", "Единица"),
    "For example KG, 50 KG or L.": (
        "مثلاً KG، 50 KG یا L.",
        "لکه KG، 50 KG یا L.",
        "مثل KG أو 50 KG أو L.",
        "Par exemple KG, 50 KG ou L.",
        "Например KG, 50 KG или L.",
    ),
    "Price type": ("نوع قیمت", "د بیې ډول", "نوع السعر", "Type de prix", "Тип цены"),
    "Price": ("قیمت", "بیه", "السعر", "Prix", "Цена"),
    "In the currency given above, for one unit.": (
        "به واحد پولی بالا، برای یک واحد.",
        "په پورته ورکړل شوي پولي واحد، د یو واحد لپاره.",
        "بالعملة المذكورة أعلاه، للوحدة الواحدة.",
        "Dans la devise indiquée plus haut, pour une unité.",
        "В указанной выше валюте, за одну единицу.",
    ),
    "Cereals and tubers": (
        "غلات و غده‌ها",
        "غله‌دانې او غوټه‌یي بوټي",
        "الحبوب والدرنيات",
        "Céréales et tubercules",
        "Зерновые и клубнеплоды",
    ),
    "Meat, fish and eggs": (
        "گوشت، ماهی و تخم مرغ",
        "غوښه، کب او هګۍ",
        "اللحوم والأسماك والبيض",
        "Viande, poisson et œufs",
        "Мясо, рыба и яйца",
    ),
    "Milk and dairy": (
        "شیر و لبنیات",
        "شیدې او لبنیات",
        "الحليب ومشتقاته",
        "Lait et produits laitiers",
        "Молоко и молочные продукты",
    ),
    "Miscellaneous food": (
        "مواد غذایی متفرقه",
        "نور خواړه",
        "أغذية متنوعة",
        "Aliments divers",
        "Прочие продукты питания",
    ),
    "Non-food": (
        "غیر غذایی",
        "ناخوراکي توکي",
        "مواد غير غذائية",
        "Non alimentaire",
        "Непродовольственные товары",
    ),
    "Oil and fats": (
        "روغن و چربی",
        "غوړي او وازدې",
        "الزيوت والدهون",
        "Huiles et graisses",
        "Масла и жиры",
    ),
    "Pulses and nuts": (
        "حبوبات و مغزها",
        "دانې او وچه مېوه",
        "البقول والمكسرات",
        "Légumineuses et fruits à coque",
        "Бобовые и орехи",
    ),
    "Vegetables and fruits": (
        "سبزیجات و میوه‌ها",
        "سبزي او مېوې",
        "الخضروات والفواكه",
        "Fruits et légumes",
        "Овощи и фрукты",
    ),
    "Retail": ("پرچون", "پرچون", "التجزئة", "Détail", "Розница"),
    "Wholesale": ("عمده", "عمده", "الجملة", "Gros", "Опт"),
}


def _in_every_language(text: str) -> list[str]:
    """The text in each language of LANGUAGES (empty stays empty)."""
    if not text:
        return [""] * len(LANGUAGES)
    return [text, *TRANSLATIONS[text]]


def _columns(kind: str) -> list[str]:
    return [f"{kind}::{language}" for language in LANGUAGES]


def survey_rows(rows: list[tuple[str, ...]]) -> list[list[str]]:
    """The survey sheet: the definition's rows with their label and hint in every language."""
    header = ["type", "name", *_columns("label"), *_columns("hint"), *SURVEY_FIELDS[3:]]
    written = [header]
    for row in rows:
        cells = list(row) + [""] * (len(SURVEY_FIELDS) - len(row))
        kind, name, label, *rest = cells
        hint = HINTS.get(name, "") if not kind.startswith(("begin_", "end_")) else ""
        written.append([kind, name, *_in_every_language(label), *_in_every_language(hint), *rest])
    return written


def choice_rows(rows: list[tuple[str, ...]]) -> list[list[str]]:
    """The choices sheet: each choice's label in every language."""
    written = [["list_name", "name", *_columns("label")]]
    for list_name, name, label in rows:
        written.append([list_name, name, *_in_every_language(label)])
    return written


def _sheet(book: Workbook, title: str, rows: list[list[str]]) -> None:
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(row)


def build(directory: Path = HERE) -> list[Path]:
    written = []
    for name, sheets in FORMS.items():
        book = Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        _sheet(book, "survey", survey_rows(sheets["survey"]))
        _sheet(book, "choices", choice_rows(sheets["choices"]))
        _sheet(
            book,
            "settings",
            [
                ["form_id", "form_title", "version", "instance_name", "default_language"],
                [name, name.replace("_", " ").capitalize(), "1", "", ENGLISH],
            ],
        )
        path = directory / f"{name}.xlsx"
        book.save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build():
        print(path)
