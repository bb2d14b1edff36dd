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
from festival.privacy.services.retention import (
    FEEDBACK_INVITATION_DAYS,
    SweepResult,
    sweep_retention,
)

__all__ = [
    "FEEDBACK_INVITATION_DAYS",
    "SECTIONS",
    "TITLES",
    "PersonData",
    "SweepResult",
    "email_hash",
    "erase_person",
    "normalised",
    "own_registration_data",
    "person_data",
    "registration_data",
    "sweep_retention",
    "to_json",
    "to_pdf",
]
