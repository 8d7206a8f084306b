"""Messages the farmer pages show that are not learning's own: Django's form messages, and
core's refusal of control characters, that the enrolment and resume forms can give.

Django has no Pashto catalogue, and core's catalogues have no Pashto or Dari, so on a Pashto
page these would read in English. Named here, `makemessages` gathers them into learning's
catalogues (and keeps them there with --no-obsolete), where the Pashto one translates them
and the others give the very words each language showed before, from Django's, Django REST
framework's or core's catalogue: learning's is found first, so it is the one shown everywhere.
Nothing reads this module but the tests: it is what keeps the messages in the catalogues.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

FARMER_FORM_MESSAGES = (
    # Any field left empty.
    gettext_noop("This field is required."),
    # The district: one that is not offered, or not a number.
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    # The sex: a value that is not offered.
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    # The phone number and the PIN: text with a NUL or another control character.
    gettext_noop("Null characters are not allowed."),
    gettext_noop(
        "Remove the control characters (invisible characters such as NUL) from this text."
    ),
    # The phone number: longer than its 20 characters.
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
)
