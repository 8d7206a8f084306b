"""Demo data: what the least-harm model proposes for the treatment centres' flour cycle, a
draft waiting for a second person to approve it. The cycle's flour covers about half of what
the centres' headcounts need; the proposal shows how the model shares it."""

from __future__ import annotations

from sunbula.allocation import services
from sunbula.allocation.model import Mode
from sunbula.allocation.models import AllocationProposal
from sunbula.assistance.models import Cycle
from sunbula.core.demo import Log, persona_account

CYCLE = "Treatment centres, June to August 2023"
# An illustrative ration floor: the least a person is given when there is not enough for all.
FLOOR_KCAL = 1600


def load_allocation_demo(log: Log) -> None:
    cycle = Cycle.objects.filter(name=CYCLE).first()
    if cycle is None or AllocationProposal.objects.filter(cycle=cycle).exists():
        return
    services.proposal_create(
        actor=persona_account("officer.afg@sunbula.example"),
        cycle=cycle,
        mode=Mode.CUT_RATIONS,
        floor_kcal=FLOOR_KCAL,
    )
    log("Allocation: a proposal for sharing the treatment centres' flour, to approve.")
