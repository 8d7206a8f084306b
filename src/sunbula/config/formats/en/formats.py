"""English as Sunbula's readers write it: offices from Kabul to Dakar read 01/12/2026 as the
first of December, so a date typed with slashes is not taken in the American order. The
date pickers send ISO dates (2026-12-01); a date typed with its month in words is read too.
A date a template writes as it is reads as the `|day` filter writes it (CLDR's medium date:
Jun 1, 2026), not Django's "June 1, 2026" or "Jan. 1, 2026"."""

DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y, g:i A"

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-01
    "%d %b %Y",  # 1 Dec 2026
    "%d %B %Y",  # 1 December 2026
    "%b %d %Y",  # Dec 1 2026
    "%b %d, %Y",  # Dec 1, 2026
    "%B %d, %Y",  # December 1, 2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
]
