"""Forms of the forecast pages; they validate input, services do the writing."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sunbula.core.access import Scope
from sunbula.core.forms import country_choice_by_iso3
from sunbula.core.models import AdminArea, Country
from sunbula.forecasting.models import Forecast
from sunbula.programmes.models import Programme
from sunbula.supply.models import Commodity

# Why a forecast of a whole country is refused to a role limited to some programmes.
PROGRAMME_NEEDED = _(
    "Your roles reach only some programmes in this country: choose one of them to forecast "
    "its share."
)


class RunForm(forms.Form):
    country = country_choice_by_iso3(
        help_text=_(
            "Countries of yours whose provinces are loaded: a forecast shares needs and "
            "arrivals among provinces."
        )
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        help_text=_("Empty: every programme in the country."),
    )
    horizon = forms.TypedChoiceField(
        label=_("Months ahead"),
        choices=[(months, str(months)) for months in (3, 4, 5, 6)],
        coerce=int,
        initial=6,
    )

    def __init__(self, *args: object, scope: Scope, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        countries = scope.filter(Country.objects.filter(admin_areas__level=1), "pk")
        self.fields["country"].queryset = countries.distinct().order_by("name")  # type: ignore[attr-defined]
        programmes = scope.filter(Programme.objects.all())
        self.fields["programme"].queryset = programmes.order_by("name")  # type: ignore[attr-defined]


class ThresholdForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        help_text=_("Empty: every forecast you may see."),
    )
    probability = forms.DecimalField(
        label=_("Tell me when the break probability reaches (%)"),
        min_value=Decimal(1),
        max_value=Decimal(100),
        decimal_places=1,
        required=False,
        help_text=_("Empty: stop telling me."),
    )

    def __init__(self, *args: object, scope: Scope, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        programmes = scope.filter(Programme.objects.all())
        self.fields["programme"].queryset = programmes.order_by("name")  # type: ignore[attr-defined]


class LineFilterForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=AdminArea.objects.none(), required=False
    )
    commodity = forms.ModelChoiceField(
        label=_("Commodity"), queryset=Commodity.objects.none(), required=False
    )

    def __init__(self, *args: object, forecast: Forecast, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["province"].queryset = AdminArea.objects.filter(  # type: ignore[attr-defined]
            pk__in=forecast.lines.values("admin_area")
        ).order_by("p_code")
        self.fields["commodity"].queryset = Commodity.objects.filter(  # type: ignore[attr-defined]
            pk__in=forecast.lines.values("commodity")
        ).order_by("name")
