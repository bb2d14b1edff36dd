"""Privacy rules: gather one person's data from every area (by e-mail address across an
organisation's events, or one registration), export it as JSON or PDF, and erase it."""

from festival.privacy.services.collect import (
    SECTIONS,
    PersonData,
    normalised,
    own_registration_data,
    person_data,
    registration_data,
)
from festival.privacy.services.documents import TITLES, to_json, to_pdf
from festival.privacy.services.erasure import email_hash, erase_person

__all__ = [
    "SECTIONS",
    "TITLES",
    "PersonData",
    "email_hash",
    "erase_person",
    "normalised",
    "own_registration_data",
    "person_data",
    "registration_data",
    "to_json",
    "to_pdf",
]
