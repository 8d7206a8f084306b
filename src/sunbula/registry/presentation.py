"""Personal data as a viewer may see it: masked without protection clearance, audited with it.

Pages, the API and exports all show persons through `person_cards`, so no channel can show a
name, phone, identity number or birth date that another channel would mask.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sunbula.core.access import AnyUser, has_protection_clearance, signed_in
from sunbula.registry import services
from sunbula.registry.models import Person
from sunbula.registry.protection import mask, mask_name

# What stands for the name of a person whose data was erased: nothing is stored in its place.
ERASED_NAME = _("Erased person")


@dataclass(frozen=True)
class PersonCard:
    pk: int
    url: str
    external_id: str
    given_name: str
    family_name: str
    father_name: str
    transliterated: str
    sex: str
    birth_date: str
    phone: str
    id_document_type: str
    id_number: str
    country: str
    admin_area: str
    household: str
    relation_to_head: str
    displacement_status: str
    vulnerabilities: list[str]
    status: str
    duplicate_of: int | None
    has_consent: bool | None
    is_synthetic: bool
    masked: bool

    @property
    def sex_label(self) -> str:
        """The recorded sex in the reader's language (the card keeps the stored code)."""
        return str(Person.Sex(self.sex).label) if self.sex in Person.Sex.values else self.sex


def _card(person: Person, clear: bool) -> PersonCard:
    if person.is_erased:
        # Nothing personal is left to mask; the placeholder is shown in the reader's language.
        clear = True
    name = (lambda text: text) if clear else mask_name
    hidden = (lambda text: text) if clear else mask
    transliterated = " ".join(
        part for part in (person.given_name_latin, person.family_name_latin) if part
    )
    return PersonCard(
        pk=person.pk,
        url=person.get_absolute_url(),
        external_id=person.external_id,
        given_name=str(ERASED_NAME) if person.is_erased else name(person.given_name),
        family_name=name(person.family_name),
        father_name=name(person.father_name),
        transliterated=transliterated if clear else mask_name(transliterated),
        sex=person.sex,
        birth_date=hidden(person.birth_date),
        phone=hidden(person.phone),
        id_document_type=person.id_document_type,
        id_number=hidden(person.id_number),
        country=person.country.iso3,
        admin_area=person.admin_area.p_code if person.admin_area else "",
        household=person.household.reference if person.household else "",
        relation_to_head=person.relation_to_head,
        displacement_status=person.displacement_status,
        vulnerabilities=list(person.vulnerabilities),
        status=person.status,
        duplicate_of=person.duplicate_of_id,
        has_consent=getattr(person, "has_consent", None),
        is_synthetic=person.is_synthetic,
        masked=not clear,
    )


def person_cards(
    *, user: AnyUser, people: Sequence[Person], channel: str, reason: str = ""
) -> list[PersonCard]:
    """Cards for `people`; unmasked only with clearance, and then the access is audited."""
    clear = has_protection_clearance(user)
    cards = [_card(person, clear) for person in people]
    if clear and people:
        services.personal_data_access_record(
            actor=signed_in(user), people=list(people), channel=channel, reason=reason
        )
    return cards


def masked_person_cards(people: Iterable[Person]) -> Iterator[PersonCard]:
    """Cards masked whoever reads them, one by one: what a list page's download holds.

    Unmasked personal data leaves the registry only through the export with a stated reason.
    """
    for person in people:
        yield _card(person, clear=False)
