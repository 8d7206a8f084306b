"""Forms to ask for a donor or a governing-body report; they check input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser
from sunbula.core.forms import OwnIdsMixin
from sunbula.core.models import Organisation
from sunbula.funding.models import Pledge
from sunbula.reports import selectors
from sunbula.reports.models import FIRST_YEAR, LAST_YEAR

DONOR_MESSAGE = _("Choose a donor whose pledges you may see.")
PLEDGE_MESSAGE = _("Choose one of this donor's pledges that you may see.")


def year_message() -> str:
    return gettext("Give a year between %(first)s and %(last)s.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


YEAR_MESSAGE = lazy(year_message, str)()


def _year(label: Any, required: bool) -> forms.IntegerField:
    message: dict[str, Any] = {
        "invalid": YEAR_MESSAGE,
        "min_value": YEAR_MESSAGE,
        "max_value": YEAR_MESSAGE,
    }
    if required:
        message["required"] = _("Give the year the report covers.")
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages=message,
    )


def _language() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Language of the report"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Choose English, Arabic, French or Russian.")},
    )


class PledgeChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference} · {obj.donor.local_name}"


class DonorReportForm(OwnIdsMixin, forms.Form):
    id_prefix = "donor_report"
    donor = forms.ModelChoiceField(
        label=_("Donor"),
        queryset=Organisation.objects.none(),
        error_messages={"required": DONOR_MESSAGE, "invalid_choice": DONOR_MESSAGE},
    )
    pledge = PledgeChoice(
        label=_("Pledge"),
        queryset=Pledge.objects.none(),
        required=False,
        empty_label=_("All the donor's pledges"),
        error_messages={"invalid_choice": PLEDGE_MESSAGE},
    )
    year = _year(_("Budget year (empty: every year)"), required=False)
    language = _language()

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"language": get_language()})
        super().__init__(*args, **kwargs)
        self.fields["donor"].queryset = selectors.report_donors(user=user)  # type: ignore[attr-defined]
        self.fields["pledge"].queryset = selectors.report_pledges(user=user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        donor, pledge = cleaned.get("donor"), cleaned.get("pledge")
        if donor is not None and pledge is not None and pledge.donor_id != donor.pk:
            self.add_error("pledge", PLEDGE_MESSAGE)
        return cleaned


class GoverningReportForm(OwnIdsMixin, forms.Form):
    id_prefix = "governing_report"
    year = _year(_("Year"), required=True)
    language = _language()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"language": get_language()})
        super().__init__(*args, **kwargs)
