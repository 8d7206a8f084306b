"""What each role may do in this domain (see core.permissions).

Seeing names, phones, identity numbers and birth dates unmasked needs, on top of these,
the protection clearance of core (core.access.has_protection_clearance).
"""

from __future__ import annotations

from enum import StrEnum

from sunbula.core.models import Role
from sunbula.core.permissions import grant


class RegistryPerm(StrEnum):
    VIEW_REGISTRY = "registry.view_registry"
    MANAGE_REGISTRY = "registry.manage_registry"
    VIEW_INSTITUTION = "registry.view_institution"
    MANAGE_INSTITUTION = "registry.manage_institution"
    IMPORT_REGISTRY = "registry.import_registry"
    REVIEW_DUPLICATES = "registry.review_duplicates"
    EXPORT_REGISTRY = "registry.export_registry"
    ERASE_PERSONAL_DATA = "registry.erase_personal_data"


grant(Role.ADMINISTRATOR, *RegistryPerm)
grant(Role.PROTECTION_OFFICER, *RegistryPerm)
# Erasing someone's personal data cannot be undone: protection officers only (and, with
# every permission, administrators); either also needs protection clearance.
grant(
    Role.PROGRAMME_OFFICER,
    RegistryPerm.VIEW_REGISTRY,
    RegistryPerm.MANAGE_REGISTRY,
    RegistryPerm.VIEW_INSTITUTION,
    RegistryPerm.MANAGE_INSTITUTION,
    RegistryPerm.IMPORT_REGISTRY,
    RegistryPerm.EXPORT_REGISTRY,
)
grant(Role.ME_OFFICER, RegistryPerm.VIEW_REGISTRY, RegistryPerm.VIEW_INSTITUTION)
grant(Role.LOGISTICS_OFFICER, RegistryPerm.VIEW_INSTITUTION)
grant(Role.COUNTRY_FOCAL_POINT, RegistryPerm.VIEW_INSTITUTION)
grant(Role.DONOR_VIEWER, RegistryPerm.VIEW_INSTITUTION)
