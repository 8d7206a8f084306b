"""Synthetic beneficiary registries with ground truth and the trouble real ones have.

A few very common given names, spelling variants and transliterations of one name, the same
person written once in Arabic script and once in Latin, birth year only or a year off,
phones and identity numbers missing on many records, typos, households registered in two
districts. Every record carries `true_id`, the person it really is.

    python -m bench.registry_generate --records 100000 --output people.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime
import random
import sys
from pathlib import Path

# (weight, Latin spellings — the first is the usual one —, Arabic script)
MALE = [
    (120, ["Mohammad", "Muhammad", "Mohammed", "Mohamed", "Mohd", "Muhamad"], "محمد"),
    (50, ["Ahmad", "Ahmed", "Ahmat"], "احمد"),
    (40, ["Ali", "Aly"], "علی"),
    (30, ["Abdul Rahman", "Abdurrahman", "Abdul Rehman"], "عبدالرحمن"),
    (25, ["Abdullah", "Abdulla", "Abdallah"], "عبدالله"),
    (25, ["Gul Ahmad", "Gulahmad"], "گل احمد"),
    (20, ["Hamid", "Hameed"], "حمید"),
    (20, ["Rahim", "Raheem"], "رحیم"),
    (20, ["Karim", "Kareem"], "کریم"),
    (18, ["Yusuf", "Yousuf", "Yousef"], "یوسف"),
    (18, ["Omar", "Umar"], "عمر"),
    (18, ["Hassan", "Hasan"], "حسن"),
    (18, ["Hussain", "Hussein", "Husain"], "حسین"),
    (15, ["Jawad", "Javad"], "جواد"),
    (15, ["Nasir", "Naseer"], "ناصر"),
    (15, ["Zahir", "Zaheer"], "ظاهر"),
    (15, ["Qadir", "Kadir", "Qader"], "قادر"),
    (12, ["Farid", "Fareed"], "فرید"),
    (12, ["Khalid", "Khaled"], "خالد"),
    (12, ["Sayed", "Sayyid", "Said"], "سید"),
    (12, ["Rashid", "Rasheed"], "رشید"),
    (10, ["Bashir", "Basheer"], "بشیر"),
    (10, ["Habib", "Habeeb"], "حبیب"),
    (10, ["Aziz", "Azeez"], "عزیز"),
    (10, ["Najib", "Najeeb"], "نجیب"),
    (10, ["Samiullah", "Sami Ullah"], "سمیع الله"),
    (10, ["Rahimullah", "Rahim Ullah"], "رحیم الله"),
    (10, ["Ghulam", "Gholam"], "غلام"),
    (8, ["Wahid", "Waheed"], "وحید"),
    (8, ["Shafiq", "Shafeeq"], "شفیق"),
    (8, ["Mahmood", "Mahmud", "Mahmoud"], "محمود"),
    (8, ["Zabihullah", "Zabiullah"], "ذبیح الله"),
    (6, ["Idris", "Idrees"], "ادریس"),
    (6, ["Jamal", "Jamaal"], "جمال"),
    (6, ["Sharif", "Shareef"], "شریف"),
    (6, ["Noor", "Nur"], "نور"),
]
FEMALE = [
    (80, ["Fatima", "Fatimah", "Fatema"], "فاطمه"),
    (50, ["Zahra", "Zohra"], "زهرا"),
    (40, ["Maryam", "Mariam"], "مریم"),
    (30, ["Aisha", "Ayesha", "Aysha"], "عایشه"),
    (25, ["Khadija", "Khadeeja"], "خدیجه"),
    (20, ["Shakila", "Shakeela"], "شکیله"),
    (20, ["Nasrin", "Nasreen"], "نسرین"),
    (18, ["Parwana", "Parwane"], "پروانه"),
    (18, ["Gulalai", "Gulalay"], "گلالی"),
    (15, ["Roya", "Roia"], "رویا"),
    (15, ["Farzana", "Farzane"], "فرزانه"),
    (15, ["Laila", "Layla", "Leila"], "لیلا"),
    (12, ["Sima", "Seema"], "سیما"),
    (12, ["Nadia", "Nadiya"], "نادیه"),
    (12, ["Zainab", "Zaynab"], "زینب"),
    (10, ["Halima", "Haleema"], "حلیمه"),
    (10, ["Soraya", "Suraya"], "ثریا"),
    (10, ["Malalai", "Malalay"], "ملالی"),
    (8, ["Shabnam", "Shabnum"], "شبنم"),
    (8, ["Hamida", "Hameeda"], "حمیده"),
]
FAMILY = [
    ("Ahmadzai", "احمدزی"), ("Popalzai", "پوپلزی"), ("Noorzai", "نورزی"), ("Barakzai", "بارکزی"),
    ("Alizai", "علیزی"), ("Hotak", "هوتک"), ("Safi", "صافی"), ("Mohmand", "مهمند"),
    ("Stanikzai", "ستانکزی"), ("Karimi", "کریمی"), ("Rahimi", "رحیمی"), ("Hashimi", "هاشمی"),
    ("Sadat", "سادات"), ("Hussaini", "حسینی"), ("Mohammadi", "محمدی"), ("Azizi", "عزیزی"),
    ("Habibi", "حبیبی"), ("Rasuli", "رسولی"), ("Naseri", "ناصری"), ("Amiri", "امیری"),
    ("Haidari", "حیدری"), ("Jafari", "جعفری"), ("Qaderi", "قادری"), ("Rezai", "رضایی"),
    ("Sultani", "سلطانی"), ("Wardak", "وردک"), ("Kakar", "کاکړ"), ("Shinwari", "شینواری"),
    ("Durrani", "درانی"), ("Ghilzai", "غلزی"), ("Yousufzai", "یوسفزی"), ("Niazi", "نیازی"),
    ("Akbari", "اکبری"), ("Samadi", "صمدی"), ("Faizi", "فیضی"), ("Nazari", "نظری"),
    ("Kohistani", "کوهستانی"), ("Panjshiri", "پنجشیری"), ("Andarabi", "اندرابی"), ("Tajik", "تاجک"),
]  # fmt: skip
PROVINCES = {
    "AF01": ["AF0101", "AF0102", "AF0103", "AF0104", "AF0105"],
    "AF05": ["AF0501", "AF0502", "AF0503", "AF0504"],
    "AF32": ["AF3201", "AF3202", "AF3203", "AF3204", "AF3205", "AF3206"],
    "AF27": ["AF2701", "AF2702", "AF2703", "AF2704"],
}
COLUMNS = (
    "record_id",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "birth_date",
    "phone",
    "id_number",
    "admin1_pcode",
    "admin2_pcode",
)


def _pick(rng: random.Random, pool: list[tuple[int, list[str], str]]) -> tuple[list[str], str]:
    _weight, latin, arabic = rng.choices(pool, weights=[entry[0] for entry in pool])[0]
    return latin, arabic


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    position = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.4:
        return text[:position] + text[position + 1 :]
    if kind < 0.7:
        return text[:position] + text[position + 1] + text[position] + text[position + 2 :]
    return text[:position] + rng.choice("aeioun") + text[position + 1 :]


def _people(rng: random.Random, count: int) -> list[dict[str, object]]:
    """True persons, living in households that share a family name and a district."""
    people: list[dict[str, object]] = []
    while len(people) < count:
        province = rng.choice(list(PROVINCES))
        district = rng.choice(PROVINCES[province])
        family = rng.choice(FAMILY) if rng.random() < 0.8 else ("", "")
        father = _pick(rng, MALE)
        for _member in range(rng.randint(1, 7)):
            sex = rng.choice("MF")
            given = _pick(rng, MALE if sex == "M" else FEMALE)
            born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 58))
            adult = born.year <= 2006
            people.append(
                {
                    "given": given,
                    "family": family,
                    "father": father,
                    "sex": sex,
                    "born": born,
                    "year_only": rng.random() < 0.25,
                    "phone": f"07{rng.randrange(10**7, 10**8)}"
                    if adult and rng.random() < 0.6
                    else "",
                    "id": f"{rng.randrange(10**9, 10**10)}" if adult and rng.random() < 0.5 else "",
                    "province": province,
                    "district": district,
                }
            )
    return people[:count]


def _record(rng: random.Random, person: dict[str, object], duplicate: bool) -> dict[str, str]:
    given_latin, given_arabic = person["given"]  # type: ignore[misc]
    family_latin, family_arabic = person["family"]  # type: ignore[misc]
    father_latin, father_arabic = person["father"]  # type: ignore[misc]
    born: datetime.date = person["born"]  # type: ignore[assignment]
    arabic = rng.random() < (0.3 if duplicate else 0.15)
    variant = duplicate and rng.random() < 0.5
    given = given_arabic if arabic else (rng.choice(given_latin) if variant else given_latin[0])
    family = family_arabic if arabic else family_latin
    father = father_arabic if arabic else (rng.choice(father_latin) if variant else father_latin[0])
    year_only = bool(person["year_only"])
    if duplicate and rng.random() < 0.3:
        year_only = not year_only
    year = born.year + (rng.choice((-1, 1)) if duplicate and rng.random() < 0.15 else 0)
    birth = (
        str(year)
        if year_only
        else born.replace(year=year).isoformat()
        if not (born.month == 2 and born.day == 29)
        else str(year)
    )
    phone, number = str(person["phone"]), str(person["id"])
    district, province = str(person["district"]), str(person["province"])
    if duplicate:
        if rng.random() < 0.5:
            phone = ""
        if rng.random() < 0.5:
            number = ""
        if rng.random() < 0.15 and not arabic:
            given = _typo(rng, given)
        if rng.random() < 0.1 and not arabic and family:
            family = _typo(rng, family)
        if rng.random() < 0.1:
            father = ""
        if rng.random() < 0.2:
            district = rng.choice(PROVINCES[province])  # registered again in another district
        if phone and rng.random() < 0.3:
            phone = "+93 " + phone[1:]
    return {
        "given_name": given,
        "family_name": family,
        "father_name": father,
        "sex": str(person["sex"]),
        "birth_date": birth,
        "phone": phone,
        "id_number": number,
        "admin1_pcode": province,
        "admin2_pcode": district,
    }


def generate(records: int, *, duplicate_share: float = 0.2, seed: int = 7) -> list[dict[str, str]]:
    """`records` rows; about `duplicate_share` of them repeat a person already listed."""
    rng = random.Random(seed)  # noqa: S311 — synthetic test data, not secrets
    duplicates = int(records * duplicate_share)
    people = _people(rng, records - duplicates)
    rows: list[dict[str, str]] = []
    for number, person in enumerate(people):
        rows.append({"true_id": f"T{number}", **_record(rng, person, duplicate=False)})
    for _index in range(duplicates):
        number = rng.randrange(len(people))
        rows.append({"true_id": f"T{number}", **_record(rng, people[number], duplicate=True)})
    rng.shuffle(rows)
    for index, row in enumerate(rows):
        row["record_id"] = f"R{index:07d}"
    return rows


def write(rows: list[dict[str, str]], path: Path, *, with_truth: bool = True) -> None:
    columns = [*COLUMNS, "true_id"] if with_truth else list(COLUMNS)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, required=True)
    arguments = parser.parse_args(argv)
    write(generate(arguments.records, seed=arguments.seed), arguments.output)
    sys.stdout.write(f"wrote {arguments.records} records to {arguments.output}\n")


if __name__ == "__main__":
    main()
