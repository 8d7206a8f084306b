"""Assistance in the navigation, in the demo and in the chain: the cycles, distributions and
trace of the records above it, and the cycles and hand-overs of whom it serves; what a person
received, in their own file; and the importer of distribution lists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.assistance import neighbours, selectors, services
from sunbula.assistance.demo import load_assistance_demo
from sunbula.assistance.imports import DISTRIBUTION_LIST
from sunbula.assistance.models import Cycle, Distribution
from sunbula.assistance.permissions import AssistancePerm
from sunbula.assistance.services import distribution_list_upload
from sunbula.core.chain import register_neighbours
from sunbula.core.imports import register_importer
from sunbula.core.models import Site, User
from sunbula.core.plugins import NavItem, register_demo_loader, register_nav
from sunbula.funding.models import Commitment, Payment, Pledge
from sunbula.programmes.models import Project
from sunbula.registry.holdings import register_forgetting, register_holding
from sunbula.registry.models import Household, Institution, Person
from sunbula.supply.models import Lot, PurchaseOrder, Waybill

register_nav(NavItem(_("Assistance"), "assistance:cycle_list", AssistancePerm.VIEW_ASSISTANCE, 65))
register_demo_loader(load_assistance_demo)

register_neighbours(Pledge, neighbours.pledge_trace)
register_neighbours(Commitment, neighbours.commitment_trace)
register_neighbours(Payment, neighbours.payment_trace)
register_neighbours(Lot, neighbours.lot_assistance)
register_neighbours(Waybill, neighbours.waybill_assistance)
register_neighbours(PurchaseOrder, neighbours.purchase_order_trace)
register_neighbours(Project, neighbours.project_assistance)
register_neighbours(Cycle, neighbours.cycle_neighbours)
register_neighbours(Distribution, neighbours.distribution_neighbours)
register_neighbours(Site, neighbours.site_assistance)
register_neighbours(Household, neighbours.household_assistance)
register_neighbours(Person, neighbours.person_assistance)
register_neighbours(Institution, neighbours.institution_assistance)


def forget_assistance(actor: User, person: Person) -> dict[str, int]:
    """An erased person's list rows and the corrections of what they were handed lose what
    could name them."""
    return services.person_assistance_forget(actor=actor, person=person)


register_holding(selectors.person_received, order=200)
register_forgetting(forget_assistance)

register_importer(DISTRIBUTION_LIST, service=distribution_list_upload)
