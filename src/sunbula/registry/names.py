"""Names across scripts: a Latin transliteration for reading and a skeleton for matching.

Arabic script writes consonants and long vowels; Latin spellings of one name differ mostly
in vowels and doubled letters (Mohammad, Muhammad, Mohamed, محمد). The skeleton keeps the
consonants both scripts agree on, so every spelling of a name meets on one key. Cyrillic
names are read through their Latin spelling (Мухаммад, Mukhammad), and the Latin letters
Turkmen, Kazakh and Turkish write for one sound (ş, ç, ž) count as the two letters others
write for it (sh, ch, zh).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic-script letters (Arabic, Dari, Pashto) to the Latin spelling most often used for them.
ARABIC_TO_LATIN = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ء": "", "ئ": "y", "ؤ": "w",
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s",
    "ض": "z", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ک": "k",
    "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "w",
    "ي": "y", "ی": "y", "ى": "a", "ۍ": "y", "ې": "e", "ټ": "t", "ډ": "d", "ړ": "r",
    "ښ": "sh", "ږ": "zh", "ڼ": "n", "ځ": "z", "څ": "s", " ": " ", "ـ": "",
}  # fmt: skip
# Letters whose sound the Latin spellings often leave out or render as a vowel.
ARABIC_SILENT = {"ا", "أ", "إ", "آ", "ء", "ئ", "ؤ", "ع", "ة", "و", "ي", "ی", "ى", "ۍ", "ې"}
ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
# Latin spellings that stand for one sound, and the letter Arabic script uses for it.
LATIN_DIGRAPHS = (
    ("dzh", "j"), ("kh", "x"), ("gh", "g"), ("sh", "S"), ("ch", "C"), ("zh", "Z"), ("th", "s"),
    ("dh", "z"), ("ph", "f"), ("ck", "k"), ("ou", "u"), ("ee", "i"), ("oo", "u"),
)  # fmt: skip
LATIN_SAME_SOUND = str.maketrans({"q": "k", "c": "k", "v": "w", "x": "x"})
# Abbreviations that stand for a whole name.
ABBREVIATIONS = {"mohd": "muhammad", "muhd": "muhammad", "md": "muhammad", "mhd": "muhammad"}
VOWELS = set("aeiouwy")
# Latin letters standing for a sound other alphabets write with two letters.
LATIN_ONE_LETTER = str.maketrans({"ş": "sh", "ș": "sh", "ç": "ch", "ž": "zh", "ğ": "gh"})
# Cyrillic (Russian and the Central Asian letters) to the Latin spelling most often used.
CYRILLIC_TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "gh",
    "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i", "ҳ": "h", "ў": "u",
    "ҷ": "j", "ӣ": "i", "ӯ": "u",
})  # fmt: skip
CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
ARABIC_SKELETON = {
    "خ": "x", "غ": "g", "ش": "S", "چ": "C", "ژ": "Z", "ث": "s", "ذ": "z", "ض": "z",
    "ظ": "z", "ص": "s", "ط": "t", "ق": "k", "ک": "k", "ك": "k", "گ": "g", "ح": "h",
    "ه": "h", "ښ": "S", "ږ": "Z", "ټ": "t", "ډ": "d", "ړ": "r", "ڼ": "n", "ځ": "z",
    "څ": "s", "پ": "p",
}  # fmt: skip


def is_arabic_script(text: str) -> bool:
    return bool(ARABIC_LETTER.search(text))


def _plain_latin(text: str) -> str:
    text = text.lower().translate(LATIN_ONE_LETTER)
    if CYRILLIC_LETTER.search(text):
        text = text.replace("дж", "j").translate(CYRILLIC_TO_LATIN)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalpha() or ch == " "))


@lru_cache(maxsize=65536)
def transliterate(text: str) -> str:
    """A readable Latin spelling of a name written in Arabic script; Latin text is kept."""
    text = ARABIC_DIACRITICS.sub("", text.strip())
    if not is_arabic_script(text):
        return " ".join(text.split())
    latin = "".join(ARABIC_TO_LATIN.get(ch, ch) for ch in text)
    return " ".join(word.capitalize() for word in latin.split())


def _word_skeleton_latin(word: str) -> str:
    word = ABBREVIATIONS.get(word, word)
    for digraph, letter in LATIN_DIGRAPHS:
        word = word.replace(digraph, letter)
    word = word.translate(LATIN_SAME_SOUND)
    if word.endswith("h") and len(word) > 2 and word[-2] in VOWELS:
        word = word[:-1]  # Fatimah / فاطمة, Abdullah / عبدالله: the final h is not written
    return "".join(ch for ch in word if ch not in VOWELS)


def _word_skeleton_arabic(word: str) -> str:
    if word.endswith(("ه", "ة")) and len(word) > 2:
        word = word[:-1]
    letters = []
    for ch in word:
        if ch in ARABIC_SILENT:
            continue
        letters.append(ARABIC_SKELETON.get(ch) or ARABIC_TO_LATIN.get(ch, ""))
    return "".join(letters)


def _collapse(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The consonants of `name` that every spelling, in either script, agrees on."""
    name = ARABIC_DIACRITICS.sub("", name.strip())
    if not name:
        return ""
    # Compound names (Abdul Rahman, عبد الرحمن) are one name: join the words.
    if is_arabic_script(name):
        return _collapse("".join(_word_skeleton_arabic(word) for word in name.split()))
    words = _plain_latin(name).replace("-", " ").split()
    return _collapse("".join(_word_skeleton_latin(word) for word in words))


# How records write "son of" / "daughter of" around the father's name: Rustamovich,
# Rustamovna, Rustam o'g'li, Rustam qizi, Rustamuly, bin Rustam, بن رستم.
NASAB_WORDS = frozenset(
    {"bin", "ibn", "bint", "binti", "ben", "бин", "ибн", "бинт", "بن", "ابن", "بنت"}
)
PATRONYMIC_WORDS = frozenset(
    {"ugli", "ogli", "o'g'li", "oʻgʻli", "og'li", "ogly", "oglu", "qizi", "kizi", "kyzy",
     "qyzy", "uly", "ulı", "угли", "ўғли", "огли", "оглы", "кизи", "қизи", "кызы", "қызы",
     "улы", "ұлы"}
)  # fmt: skip
PATRONYMIC_ENDING = re.compile(
    "(?<=...)(ovich|evich|ovych|ovič|owiç|ewiç|ovna|evna|owna|ewna|ivna|ichna|içna|uly|ulı|kyzy|qyzy|"
    "ович|евич|овна|евна|ична|ич|улы|ұлы|кызы|қызы)$",
    re.IGNORECASE,
)


@lru_cache(maxsize=65536)
def father_name(text: str) -> str:
    """The father's own name, out of the forms that write "son or daughter of" around it."""
    words = [word for word in text.strip().split() if word.lower() not in NASAB_WORDS]
    words = [word for word in words if word.lower() not in PATRONYMIC_WORDS] or words
    return " ".join(PATRONYMIC_ENDING.sub("", word) for word in words)
