"""Number and date formats where Sunbula departs from Django's defaults for a language."""
