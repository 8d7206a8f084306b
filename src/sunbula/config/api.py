"""The `/api/v1/` router: each domain registers its endpoints here."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from sunbula.core import api as core_api

router = DefaultRouter()
router.register("countries", core_api.CountryViewSet, basename="country")
router.register("member-states", core_api.MemberStateViewSet, basename="member-state")
router.register("admin-areas", core_api.AdminAreaViewSet, basename="admin-area")
router.register("organisations", core_api.OrganisationViewSet, basename="organisation")
router.register("sites", core_api.SiteViewSet, basename="site")
router.register("exchange-rates", core_api.ExchangeRateViewSet, basename="exchange-rate")
