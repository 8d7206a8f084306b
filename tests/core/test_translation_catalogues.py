"""Django merges every catalogue into one, so a message has one translation wherever it is
shown: the translation check refuses a message two catalogues translate otherwise, and a word
that must read otherwise in one place takes a context (tests/learning/test_translations.py
reads two of them on their pages)."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

from sunbula.core.management.commands.check_translations import translated_otherwise

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _catalogue(root: Path, app: str, body: str) -> Path:
    folder = root / app / "locale"
    for language in ("ar", "fr", "ru"):
        (folder / language / "LC_MESSAGES").mkdir(parents=True)
        (folder / language / "LC_MESSAGES" / "django.po").write_text(HEADER + body)
    return folder


def test_a_message_translated_otherwise_is_refused_unless_it_has_a_context(
    tmp_path: Path,
) -> None:
    first = _catalogue(tmp_path, "assistance", 'msgid "Remove"\nmsgstr "Retirer"\n')
    second = _catalogue(
        tmp_path,
        "learning",
        'msgid "Remove"\nmsgstr "Supprimer"\n\n'
        'msgctxt "participant"\nmsgid "Role"\nmsgstr "Fonction"\n\n'
        '#, fuzzy\nmsgid "Role"\nmsgstr "Poste"\n\n'
        'msgid "piece"\nmsgid_plural "pieces"\nmsgstr[0] "morceau"\nmsgstr[1] "morceaux"\n',
    )
    third = _catalogue(
        tmp_path, "core", 'msgid "Role"\nmsgstr "Rôle"\n\nmsgid "piece"\nmsgstr "pièce"\n'
    )
    problems = translated_otherwise([first, second, third])
    assert len(problems) == 3  # "Remove", in each of the three languages
    assert all("'Remove' is 'Supprimer'" in problem for problem in problems)
    assert all(f"{first}" in problem and "which is shown" in problem for problem in problems)
    assert translated_otherwise([first, third]) == []


def test_words_with_two_meanings_read_as_each_place_means_them() -> None:
    with translation.override("fr"):
        assert translation.gettext("Record") == "Enregistrer"  # the button
        assert translation.pgettext("noun", "Record") == "Enregistrement"  # the column
        assert translation.gettext("Outcome") == "Effet"  # of a results framework
        assert translation.pgettext("run", "Outcome") == "Résultat"  # of a scheduled run
        assert translation.gettext("Owner") == "Responsable"  # of a follow-up
        assert translation.pgettext("land tenure", "Owner") == "Propriétaire"
