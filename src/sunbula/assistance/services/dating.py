"""When a hand-over may be dated: within its cycle and not in the future. Every way of
recording distributions checks the same; that the stock was at the site on that day is the
stock ledger's own rule (supply), refused on the hand-over's date too."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sunbula.assistance.models import Cycle
from sunbula.core.figures import date_text
from sunbula.core.validation import refuse_future

# A mop-up round for those absent on the day is customary in the days after a cycle ends;
# its hand-overs still belong to the cycle.
MOP_UP_DAYS = 7


def distribution_date_check(cycle: Cycle, day: datetime.date) -> None:
    """Refuse, on `distributed_on`, a day in the future or outside the cycle's period (and
    its mop-up days)."""
    refuse_future(day, "distributed_on", _("A hand-over cannot be dated in the future."))
    last = cycle.period_end + datetime.timedelta(days=MOP_UP_DAYS)
    if not cycle.period_start <= day <= last:
        raise ValidationError(
            {
                "distributed_on": _(
                    "The cycle runs from %(start)s to %(end)s (hand-overs up to %(last)s); "
                    "%(day)s is outside it."
                )
                % {
                    "start": date_text(cycle.period_start),
                    "end": date_text(cycle.period_end),
                    "last": date_text(last),
                    "day": date_text(day),
                }
            }
        )
