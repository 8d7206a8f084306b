"""A second synthetic registry, independent of bench.registry_generate: Central Asia.

Turkmen, Uzbek, Tajik, Kazakh and Arab households, names written in Cyrillic or in one of
the Latin transliterations each country uses (passport ICAO, BGN/PCGN, Uzbek, Turkmen and
Kazakh Latin), Arab names in Arabic script too; surnames with feminine forms
(Karimov/Karimova, -zoda), fathers' names as patronymics (Rustamovich, Rustam o'g'li,
Rustamuly, bin Rustam) or plain; extended households of three generations, twins.

Its errors are its own: OCR confusions (rn/m, cl/d, н/и), keyboard-adjacent typos on QWERTY
and ЙЦУКЕН, given and family name swapped, day and month of birth transposed, birth dates
missing, phones written with or without the country code or the trunk prefix 8, identity
numbers with a digit dropped, people registered again years later with a new phone (and,
for married women, their husband's surname). Every record carries `true_id`; the columns
are bench.registry_generate's.

    python -m bench.registry_generate_second --records 100000 --output people.csv
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from pathlib import Path

from bench.registry_generate import COLUMNS, write

__all__ = ["COLUMNS", "generate", "main"]

# Cyrillic to Latin, as each writing tradition has it (letters not listed are the same as
# ICAO's). Country schemes apply to that country's records.
ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "ә": "a",
    "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i", "ҳ": "h",
    "ў": "u", "ҷ": "j", "ӣ": "i",
}  # fmt: skip
SCHEMES = {
    "icao": {},
    "bgn": {"й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ь": "'", "ъ": "", "ы": "y"},
    "uzbek": {"х": "x", "ж": "j", "й": "y", "ю": "yu", "я": "ya", "ё": "yo", "ғ": "g'",
              "қ": "q", "ў": "o'", "ҳ": "h", "ц": "s", "ь": ""},
    "turkmen": {"ш": "ş", "ч": "ç", "ж": "j", "й": "ý", "ю": "ýu", "я": "ýa", "ё": "ýo",
                "х": "h", "ң": "ň", "ә": "ä", "ө": "ö", "ү": "ü", "в": "w"},
    "kazakh": {"ш": "ş", "ч": "ç", "ж": "j", "қ": "q", "ғ": "ğ", "ң": "ñ", "ә": "ä",
               "ө": "ö", "ү": "ü", "ұ": "ū", "і": "ı", "х": "h", "й": "i", "ю": "iu",
               "я": "ia", "ы": "y"},
    "tajik": {"ҷ": "j", "ҳ": "h", "ӣ": "i", "ғ": "gh", "қ": "q", "ӯ": "u", "х": "kh",
              "й": "y", "ю": "yu", "я": "ya", "ё": "yo"},
}  # fmt: skip
COUNTRIES = {
    # country: (share of households, own Latin scheme, regions, phone country code, digits)
    "TM": (0.25, "turkmen", 5, "993", 8),
    "UZ": (0.3, "uzbek", 6, "998", 9),
    "TJ": (0.2, "tajik", 4, "992", 9),
    "KZ": (0.15, "kazakh", 5, "7", 10),
    "AR": (0.1, "bgn", 3, "962", 9),  # Arab families, registered in Jordan
}
# (weight, Cyrillic, countries where usual)
MALE = [
    (40, "Мухаммад", "UZ TJ AR"), (20, "Мухаммед", "TM KZ"), (25, "Ахмед", "TM UZ AR"),
    (20, "Али", "UZ TJ AR"), (18, "Юсуф", "UZ TJ AR"), (18, "Юсуп", "TM KZ"),
    (15, "Ибрагим", "UZ TJ AR"), (15, "Исмаил", "UZ TM"), (15, "Абдулла", "UZ TJ AR"),
    (15, "Умар", "UZ TJ AR"), (15, "Рустам", "UZ TJ"), (15, "Алишер", "UZ"),
    (12, "Хуршид", "UZ TJ"), (12, "Шухрат", "UZ"), (12, "Бахтиёр", "UZ TJ"),
    (10, "Улугбек", "UZ"), (10, "Жасур", "UZ"), (10, "Фаррух", "UZ TJ"), (10, "Азиз", "UZ TJ"),
    (10, "Тимур", "UZ KZ"), (10, "Шерзод", "UZ"), (8, "Санжар", "UZ"), (8, "Отабек", "UZ"),
    (15, "Мурат", "TM KZ"), (15, "Сердар", "TM"), (12, "Бегенч", "TM"), (12, "Гурбан", "TM"),
    (10, "Довлет", "TM"), (10, "Мердан", "TM"), (10, "Атаджан", "TM"), (8, "Батыр", "TM KZ"),
    (8, "Аннагелди", "TM"), (8, "Мекан", "TM"), (8, "Язгельды", "TM"),
    (15, "Нурлан", "KZ"), (12, "Ерлан", "KZ"), (12, "Асхат", "KZ"), (10, "Данияр", "KZ"),
    (10, "Бауыржан", "KZ"), (10, "Серик", "KZ"), (8, "Айдос", "KZ"), (8, "Ержан", "KZ"),
    (12, "Фаридун", "TJ"), (10, "Шохрух", "TJ"), (10, "Манучехр", "TJ"), (10, "Далер", "TJ"),
    (10, "Фирдавс", "TJ"), (8, "Сухроб", "TJ"), (8, "Джамшед", "TJ"), (8, "Зафар", "TJ UZ"),
    (15, "Хасан", "AR UZ"), (12, "Халид", "AR"), (12, "Саид", "AR TJ"), (10, "Махмуд", "AR"),
    (10, "Мустафа", "AR"), (8, "Тарик", "AR"), (8, "Ясин", "AR"), (8, "Хамза", "AR"),
]  # fmt: skip
FEMALE = [
    (25, "Гульнара", "UZ KZ TJ"), (20, "Дильноза", "UZ TJ"), (20, "Мадина", "UZ TJ KZ"),
    (18, "Айгуль", "KZ TM"), (15, "Нигора", "UZ TJ"), (15, "Зарина", "TJ UZ"),
    (15, "Шахноза", "UZ"), (15, "Малика", "UZ TJ"), (30, "Фатима", "UZ TJ AR"),
    (15, "Зайнаб", "UZ TJ AR"), (15, "Айжан", "KZ"), (12, "Динара", "KZ"), (12, "Сабина", "UZ"),
    (15, "Огулджан", "TM"), (15, "Мехрибан", "TM"), (12, "Гулялек", "TM"), (12, "Джерен", "TM"),
    (10, "Огулгерек", "TM"), (10, "Бахар", "TM"), (15, "Лейла", "AR TM"), (12, "Амина", "AR"),
    (12, "Нилуфар", "UZ TJ"), (10, "Мохира", "UZ TJ"), (10, "Сарвиноз", "TJ"),
    (10, "Тахмина", "TJ"), (10, "Мунира", "TJ UZ"), (12, "Асель", "KZ"), (10, "Жанар", "KZ"),
    (10, "Салтанат", "KZ"), (12, "Марьям", "AR"), (10, "Хадиджа", "AR"), (10, "Нур", "AR KZ"),
]  # fmt: skip
# Arab names in Arabic script (and the Latin spellings Arab registrars use).
ARABIC = {
    "Мухаммад": ("محمد", ["Mohammed", "Muhammad", "Mohamad"]),
    "Ахмед": ("أحمد", ["Ahmed", "Ahmad"]), "Али": ("علي", ["Ali"]),
    "Юсуф": ("يوسف", ["Youssef", "Yousef", "Yusuf"]), "Ибрагим": ("إبراهيم", ["Ibrahim"]),
    "Абдулла": ("عبد الله", ["Abdullah", "Abdallah"]), "Умар": ("عمر", ["Omar", "Umar"]),
    "Хасан": ("حسن", ["Hassan", "Hasan"]), "Халид": ("خالد", ["Khaled", "Khalid"]),
    "Саид": ("سعيد", ["Saeed", "Said"]), "Махмуд": ("محمود", ["Mahmoud", "Mahmud"]),
    "Мустафа": ("مصطفى", ["Mustafa", "Moustafa"]), "Тарик": ("طارق", ["Tariq", "Tarek"]),
    "Ясин": ("ياسين", ["Yassin", "Yasin"]), "Хамза": ("حمزة", ["Hamza", "Hamzah"]),
    "Фатима": ("فاطمة", ["Fatima", "Fatma"]), "Зайнаб": ("زينب", ["Zeinab", "Zainab"]),
    "Лейла": ("ليلى", ["Layla", "Leila"]), "Амина": ("أمينة", ["Amina", "Ameena"]),
    "Марьям": ("مريم", ["Mariam", "Maryam"]), "Хадиджа": ("خديجة", ["Khadija", "Khadeeja"]),
    "Нур": ("نور", ["Nour", "Noor"]),
}  # fmt: skip
# Surname roots: (Cyrillic masculine form, countries). Feminine forms add -а to -ов/-ев/-ин.
SURNAMES = [
    ("Каримов", "UZ TJ TM"), ("Рахимов", "UZ TJ"), ("Юсупов", "UZ KZ TM"), ("Алиев", "UZ TJ"),
    ("Ахмедов", "UZ TM"), ("Исмаилов", "UZ"), ("Назаров", "UZ TJ TM"), ("Усманов", "UZ"),
    ("Султанов", "UZ KZ"), ("Хасанов", "UZ TJ"), ("Абдуллаев", "UZ TJ"), ("Ташкентов", "UZ"),
    ("Ходжаев", "UZ TJ"), ("Шарипов", "UZ TJ"), ("Тургунов", "UZ"), ("Мирзаев", "UZ"),
    ("Бердыев", "TM"), ("Аннаев", "TM"), ("Оразов", "TM"), ("Овезов", "TM"), ("Гельдыев", "TM"),
    ("Чарыев", "TM"), ("Байрамов", "TM"), ("Мамедов", "TM"), ("Нурмухаммедов", "TM"),
    ("Атаев", "TM"), ("Курбанов", "TM UZ TJ"), ("Сапаров", "TM"),
    ("Рахмонов", "TJ"), ("Мирзоев", "TJ"), ("Шарифзода", "TJ"), ("Рахимзода", "TJ"),
    ("Саидзода", "TJ"), ("Сафаров", "TJ"), ("Холов", "TJ"), ("Давлатов", "TJ"),
    ("Кенжебаев", "KZ"), ("Жумабаев", "KZ"), ("Нурпеисов", "KZ"), ("Сейткалиев", "KZ"),
    ("Тулегенов", "KZ"), ("Ахметов", "KZ"), ("Омаров", "KZ"), ("Искаков", "KZ"),
]  # fmt: skip
ARAB_FAMILIES = [
    ("Аль-Хашими", "الهاشمي", ["Al-Hashimi", "Al Hashemi", "Alhashimi"]),
    ("Аль-Масри", "المصري", ["Al-Masri", "Al Masry", "Elmasri"]),
    ("Хаддад", "حداد", ["Haddad", "Hadad"]), ("Аль-Хатиб", "الخطيب", ["Al-Khatib", "Alkhatib"]),
    ("Насер", "ناصر", ["Nasser", "Naser"]), ("Аль-Шамі", "الشامي", ["Al-Shami", "Alshami"]),
    ("Юнис", "يونس", ["Younis", "Yunis"]), ("Аббас", "عباس", ["Abbas"]),
    ("Аль-Захра", "الزهراء", ["Al-Zahra", "Alzahraa"]), ("Салех", "صالح", ["Saleh", "Salih"]),
]  # fmt: skip
# OCR confusions (both ways) and keyboard neighbours (QWERTY and ЙЦУКЕН rows).
OCR = [("rn", "m"), ("cl", "d"), ("li", "h"), ("e", "c"), ("u", "v"), ("ii", "u"), ("I", "l"),
       ("O", "0"), ("S", "5"), ("н", "и"), ("ш", "щ"), ("е", "ё"), ("п", "л"), ("ь", "ъ"),
       ("З", "3"), ("б", "6")]  # fmt: skip
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "йцукенгшщзхъ", "фывапролджэ",
                 "ячсмитьбю")  # fmt: skip


def _neighbours() -> dict[str, str]:
    near: dict[str, str] = {}
    for row in KEYBOARD_ROWS:
        for index, letter in enumerate(row):
            near[letter] = row[max(index - 1, 0) : index] + row[index + 1 : index + 2]
    return near


NEIGHBOURS = _neighbours()


def latin(cyrillic: str, scheme: str) -> str:
    table = {**ICAO, **SCHEMES[scheme]}
    out = []
    for index, letter in enumerate(cyrillic):
        lower = letter.lower()
        if lower == "е" and scheme == "bgn" and (index == 0 or cyrillic[index - 1] in "аеиоуыэюяь"):
            text = "ye"
        elif lower == "в" and scheme == "turkmen":
            text = "w"
        else:
            text = table.get(lower, letter if letter in " -" else lower)
        out.append(text.capitalize() if letter.isupper() else text)
    return "".join(out).replace("Dzh", "J" if scheme in ("uzbek", "turkmen", "kazakh") else "Dzh")


def feminine(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname


def patronymic(father: str, sex: str, country: str, rng: random.Random) -> str:
    """The father's name as the record writes it (Cyrillic), or plain."""
    style = rng.random()
    if country == "AR":
        return ("бин " if sex == "M" else "бинт ") + father if style < 0.5 else father
    if style < 0.45:
        return father
    if style < 0.75:
        stem = father[:-1] + "ь" if father.endswith("й") else father
        ending = "ович" if sex == "M" else "овна"
        if father.endswith(("а", "я")):
            stem, ending = father[:-1], "ич" if sex == "M" else "ична"
        elif father[-1] in "жшчщц" or father.endswith("й"):
            ending = "евич" if sex == "M" else "евна"
        return stem + ending
    if country == "KZ":
        return father + ("улы" if sex == "M" else "кызы")
    return father + (" угли" if sex == "M" else " кизи")


def _pick(rng: random.Random, pool: list[tuple[int, str, str]], country: str) -> str:
    usual = [entry for entry in pool if country in entry[2].split()]
    weights = [entry[0] * (6 if entry in usual else 1) for entry in pool]
    return rng.choices(pool, weights=weights)[0][1]


def _ocr(rng: random.Random, text: str) -> str:
    options = [(a, b) for a, b in OCR if a in text] + [(b, a) for a, b in OCR if b in text]
    if not options:
        return text
    old, new = rng.choice(options)
    return text.replace(old, new, 1)


def _keyboard(rng: random.Random, text: str) -> str:
    positions = [i for i, letter in enumerate(text) if NEIGHBOURS.get(letter.lower())]
    if len(text) < 4 or not positions:
        return text
    index = rng.choice(positions[1:] or positions)
    if rng.random() < 0.7:
        return text[:index] + rng.choice(NEIGHBOURS[text[index].lower()]) + text[index + 1 :]
    return text[:index] + text[index] + text[index:]  # a key pressed twice


def _phone(rng: random.Random, country: str) -> str:
    digits = COUNTRIES[country][4]
    first = {"TM": "6", "UZ": "9", "TJ": "9", "KZ": "7", "AR": "7"}[country]
    return first + "".join(rng.choice("0123456789") for _ in range(digits - 1))


def _written_phone(rng: random.Random, national: str, country: str) -> str:
    code = COUNTRIES[country][3]
    form = rng.random()
    if form < 0.35:
        return f"+{code} {national[:2]} {national[2:]}"
    if form < 0.6:
        return ("8 " if country != "AR" else "0") + national
    if form < 0.75:
        return code + national
    if form < 0.9:
        return "-".join([national[:2], national[2:5], national[5:]])
    return f"00{code}{national}"


def _id_number(rng: random.Random, country: str) -> str:
    if country == "KZ":
        return "".join(rng.choice("0123456789") for _ in range(12))
    letters = "".join(rng.choice("ABCEHKMPTX") for _ in range(2))
    return letters + "".join(rng.choice("0123456789") for _ in range(7))


def _person(
    rng: random.Random, country: str, region: int, sex: str, born: datetime.date, **names: str
) -> dict[str, object]:
    adult = born.year <= 2006
    return {
        "country": country,
        "region": region,
        "district": rng.randint(1, 4),
        "sex": sex,
        "born": born,
        "date_missing": rng.random() < 0.04,
        "phone": _phone(rng, country) if adult and rng.random() < 0.65 else "",
        "id": _id_number(rng, country) if adult and rng.random() < 0.55 else "",
        **names,
    }


def _surname(rng: random.Random, country: str) -> str:
    if country == "AR":
        return rng.choice(ARAB_FAMILIES)[0]
    return rng.choice([name for name, where in SURNAMES if country in where])


def _households(rng: random.Random, count: int) -> list[dict[str, object]]:
    """Extended households: a head, one or two wives, children, married sons and theirs."""
    people: list[dict[str, object]] = []
    countries = list(COUNTRIES)
    shares = [COUNTRIES[country][0] for country in countries]
    while len(people) < count:
        country = rng.choices(countries, weights=shares)[0]
        region = rng.randint(1, COUNTRIES[country][2])
        surname = _surname(rng, country)
        head_born = datetime.date(1945, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 45))
        head = _pick(rng, MALE, country)
        family = [
            _person(rng, country, region, "M", head_born, given=head, surname=surname,
                    father=_pick(rng, MALE, country))
        ]  # fmt: skip
        generations = [(head, surname, head_born)]
        if head_born.year < 1970 and rng.random() < 0.5:
            son = _pick(rng, MALE, country)
            son_born = head_born + datetime.timedelta(days=365 * rng.randint(19, 30))
            family.append(
                _person(rng, country, region, "M", son_born, given=son, surname=surname,
                        father=head)
            )  # fmt: skip
            generations.append((son, surname, son_born))
        for father, name, father_born in generations:
            for _wife in range(1 if rng.random() < 0.93 else 2):
                wife_born = father_born + datetime.timedelta(days=rng.randint(-2000, 3650))
                maiden = feminine(_surname(rng, country))
                keeps_hers = rng.random() < 0.3 or country == "AR"
                family.append(
                    _person(rng, country, region, "F", wife_born, given=_pick(rng, FEMALE, country),
                            surname=maiden if keeps_hers else feminine(name),
                            father=_pick(rng, MALE, country), maiden=maiden)
                )  # fmt: skip
            named: set[str] = set()  # brothers and sisters do not share a given name
            for _child in range(rng.randint(0, 6)):
                born = father_born + datetime.timedelta(days=365 * 20 + rng.randrange(365 * 25))
                if born.year > 2025:
                    continue
                for _twin in range(2 if rng.random() < 0.015 else 1):  # about 1.5 % of births
                    sex = rng.choice("MF")
                    given = _pick(rng, MALE if sex == "M" else FEMALE, country)
                    while given in named:
                        given = _pick(rng, MALE if sex == "M" else FEMALE, country)
                    named.add(given)
                    family.append(
                        _person(rng, country, region, sex, born, given=given,
                                surname=name if sex == "M" else feminine(name), father=father)
                    )  # fmt: skip
        people.extend(family)
    return people[:count]


def _name(rng: random.Random, cyrillic: str, country: str, script: str, scheme: str) -> str:
    """One name as written: Cyrillic, Arabic script (Arab names) or a Latin scheme."""
    if script == "cyrillic":
        return cyrillic
    words = []
    for word in cyrillic.split():
        if word in ("бин", "бинт"):
            words.append(rng.choice(["bin", "ibn"]) if word == "бин" else "bint")
            continue
        arab = ARABIC.get(word) or next(
            ((arabic, spellings) for name, arabic, spellings in ARAB_FAMILIES if name == word),
            None,
        )
        if arab and country == "AR":
            if script == "arabic":
                words.append(arab[0])
            else:
                words.append(rng.choice(arab[1]) if scheme != "usual" else arab[1][0])
        else:
            words.append(latin(word, COUNTRIES[country][1] if scheme == "usual" else scheme))
    text = " ".join(words)
    if script == "arabic":
        text = text.replace("bin ", "بن ").replace("ibn ", "بن ").replace("bint ", "بنت ")
    return text


def _record(rng: random.Random, person: dict[str, object], later: bool) -> dict[str, str]:
    """One registration of `person`; `later` ones carry the error model."""
    country = str(person["country"])
    sex = str(person["sex"])
    surname = str(person["surname"])
    father = patronymic(str(person["father"]), sex, country, rng)
    arab = country == "AR"
    script = rng.choices(
        ["cyrillic", "latin", "arabic"], weights=[0.1, 0.6, 0.3] if arab else [0.4, 0.6, 0]
    )[0]
    scheme = "usual" if not later or rng.random() < 0.5 else rng.choice(list(SCHEMES))
    born: datetime.date = person["born"]  # type: ignore[assignment]
    birth = "" if person["date_missing"] else born.isoformat()
    phone, number = str(person["phone"]), str(person["id"])
    region, district = int(person["region"]), int(person["district"])  # type: ignore[call-overload]
    if later:
        if rng.random() < 0.1:  # registered again years later: a new phone, maybe elsewhere
            phone = _phone(rng, country) if rng.random() < 0.8 else ""
            if rng.random() < 0.4:
                region = rng.randint(1, COUNTRIES[country][2])
                district = rng.randint(1, 4)
            if sex == "F" and "maiden" in person and rng.random() < 0.5:
                surname = str(person["maiden"])
        if rng.random() < 0.45:
            phone = ""
        if rng.random() < 0.5:
            number = ""
        elif number and rng.random() < 0.12:
            drop = rng.randrange(2, len(number))
            number = number[:drop] + number[drop + 1 :]
        if birth and rng.random() < 0.1:
            birth = ""
        elif birth and born.day <= 12 and rng.random() < 0.15:
            birth = born.replace(month=born.day, day=born.month).isoformat()
        if rng.random() < 0.15:
            district = rng.randint(1, 4)
        if rng.random() < 0.08:
            father = str(person["father"]) if rng.random() < 0.5 else ""
    given_text = _name(rng, str(person["given"]), country, script, scheme)
    family_text = _name(rng, surname, country, script, scheme)
    father_text = _name(rng, father, country, script, scheme) if father else ""
    if later:
        if rng.random() < 0.12:
            given_text = _ocr(rng, given_text)
        if rng.random() < 0.08:
            family_text = _ocr(rng, family_text)
        if rng.random() < 0.1:
            given_text = _keyboard(rng, given_text)
        if rng.random() < 0.06:
            family_text = _keyboard(rng, family_text)
        if rng.random() < 0.06:
            given_text, family_text = family_text, given_text
    written_sex = sex if not later or rng.random() > 0.05 else ""
    written_phone = _written_phone(rng, phone, country) if phone else ""
    return {
        "given_name": given_text,
        "family_name": family_text,
        "father_name": father_text,
        "sex": written_sex,
        "birth_date": birth,
        "phone": written_phone,
        "id_number": number,
        "admin1_pcode": f"{country}{region:02d}",
        "admin2_pcode": f"{country}{region:02d}{district:02d}",
    }


def generate(records: int, *, duplicate_share: float = 0.18, seed: int = 3) -> list[dict[str, str]]:
    """`records` rows; about `duplicate_share` of them register again a person listed."""
    rng = random.Random(seed * 7919 + 1)  # noqa: S311 — synthetic test data, not secrets
    duplicates = int(records * duplicate_share)
    people = _households(rng, records - duplicates)
    rows = [
        {"true_id": f"P{number}", **_record(rng, person, later=False)}
        for number, person in enumerate(people)
    ]
    # Some people come back more than once: a few registrations each, not one at most.
    while len(rows) < records:
        number = rng.randrange(len(people))
        for _again in range(min(1 + int(rng.expovariate(1.5)), records - len(rows))):
            rows.append({"true_id": f"P{number}", **_record(rng, people[number], later=True)})
    rng.shuffle(rows)
    for index, row in enumerate(rows):
        row["record_id"] = f"S{index:07d}"
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--output", type=Path, required=True)
    arguments = parser.parse_args(argv)
    write(generate(arguments.records, seed=arguments.seed), arguments.output)
    sys.stdout.write(f"wrote {arguments.records} records to {arguments.output}\n")


if __name__ == "__main__":
    main()
