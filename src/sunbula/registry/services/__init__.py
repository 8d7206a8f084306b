"""Every write to the registry: keyword-only, typed, atomic, audited.

Audit entries of persons name the personal fields that changed, never their values: the
audit log is read by people without protection clearance.
"""

from __future__ import annotations

from sunbula.registry.services.checks import (
    dedupe_run_fail,
    dedupe_run_finish,
    dedupe_run_queue,
)
from sunbula.registry.services.duplicates import (
    PairKnown,
    duplicate_pair_confirm,
    duplicate_pair_dismiss,
    duplicate_pair_flag,
    merge_undo,
    person_merge,
)
from sunbula.registry.services.farmers import (
    FARMER_FIELDS,
    consent_record,
    consent_withdraw,
    farmer_upsert,
)
from sunbula.registry.services.households import (
    HOUSEHOLD_FIELDS,
    HouseholdFields,
    household_create,
    household_update,
)
from sunbula.registry.services.imports import (
    IMPORT_BATCH,
    JOB_AUDITED,
    LOOKUP_CHUNK,
    SEALED_PARTS,
    ImportRowsRefused,
    import_job_fail,
    import_job_queue,
    import_job_start,
    people_import,
)
from sunbula.registry.services.institutions import (
    INSTITUTION_FIELDS,
    InstitutionFields,
    headcount_record,
    institution_create,
    institution_update,
)
from sunbula.registry.services.persons import (
    PERSONAL_FIELDS,
    PUBLIC_PERSON_FIELDS,
    SEALED_COLUMNS,
    PersonFields,
    ReasonMissing,
    RegistryError,
    person_export_record,
    person_register,
    person_update,
    personal_data_access_record,
    protected_data_rotate_keys,
)
from sunbula.registry.services.subjects import (
    person_erase,
    subject_access_record,
)

__all__ = [
    "FARMER_FIELDS",
    "HOUSEHOLD_FIELDS",
    "IMPORT_BATCH",
    "INSTITUTION_FIELDS",
    "JOB_AUDITED",
    "LOOKUP_CHUNK",
    "PERSONAL_FIELDS",
    "PUBLIC_PERSON_FIELDS",
    "SEALED_COLUMNS",
    "SEALED_PARTS",
    "HouseholdFields",
    "ImportRowsRefused",
    "InstitutionFields",
    "PairKnown",
    "PersonFields",
    "ReasonMissing",
    "RegistryError",
    "consent_record",
    "consent_withdraw",
    "dedupe_run_fail",
    "dedupe_run_finish",
    "dedupe_run_queue",
    "duplicate_pair_confirm",
    "duplicate_pair_dismiss",
    "duplicate_pair_flag",
    "farmer_upsert",
    "headcount_record",
    "household_create",
    "household_update",
    "import_job_fail",
    "import_job_queue",
    "import_job_start",
    "institution_create",
    "institution_update",
    "merge_undo",
    "people_import",
    "person_erase",
    "person_export_record",
    "person_merge",
    "person_register",
    "person_update",
    "personal_data_access_record",
    "protected_data_rotate_keys",
    "subject_access_record",
]
