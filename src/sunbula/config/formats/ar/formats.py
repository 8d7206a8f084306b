"""Arabic figures with Latin digits read as in CLDR and as they are typed into the forms:
a decimal point and a comma between thousands (Django's own Arabic formats take the
Maghreb's decimal comma). Dates keep Django's Arabic formats."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
