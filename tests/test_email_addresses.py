"""One e-mail type: every place that takes an address accepts and refuses the same ones (the
JSON API's `Email`, the HTML forms' FormReader, registration's attendees, accounts, mail)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from festival import schemas
from festival.accounts.services.common import check_email, deliverable_email
from festival.errors import ValidationError
from festival.forms import FormReader
from festival.mail import services as mail
from festival.registration.services.checks import clean_email

ACCEPTED = [
    "anna@example.nl",
    " Anna.de.Vries@Gemeente-Zeist.NL ",
    "griffie+dld@utrecht.nl",
    "o'brien@example.nl",
    "jan@münchen.de",
]
REFUSED = [
    "",
    "anna",
    "anna@",
    "@example.nl",
    "anna@example",  # no dot in the domain (accounts took it before)
    "anna@localhost",
    "anna@@example.nl",
    "an na@example.nl",
    "anna..b@example.nl",  # two dots in a row (the forms took it before)
    "anna.@example.nl",
    "anna@-example.nl",
    "anna@example..nl",
    "anna@example.nl.",
    "anna@[127.0.0.1]",
    "anna@example.nl\x00",
    "a" * 64 + "@" + ("b" * 63 + ".") * 3 + "nl",  # 259 characters
]


class Person(schemas.Input):
    email: schemas.Email


def _api(address: str) -> bool:
    try:
        schemas.parse(Person, {"email": address})
    except ValidationError:
        return False
    return True


def _form(address: str) -> bool:
    read = FormReader({"email": address})
    read.email("email", required=True)
    return not read.errors


def _raises(check: Callable[[str], object]) -> Callable[[str], bool]:
    def accepts(address: str) -> bool:
        try:
            check(address)
        except ValidationError as error:
            assert error.code == "invalid_email"
            return False
        return True

    return accepts


PLACES: dict[str, Callable[[str], bool]] = {
    "api": _api,
    "form": _form,
    "registration": lambda address: clean_email(address) is not None,
    "account": _raises(lambda address: check_email(address.strip().lower())),
    "membership": _raises(deliverable_email),
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_every_place_accepts_and_refuses_the_same_addresses(place: str) -> None:
    accepts = PLACES[place]
    assert [a for a in ACCEPTED if not accepts(a)] == []
    assert [a for a in REFUSED if accepts(a)] == []


async def test_mail_takes_the_same_addresses(database: None) -> None:
    context = {"heading": "Test", "paragraphs": ["Hallo."], "event_name": "DLD"}
    for address in REFUSED:
        with pytest.raises(ValidationError) as refused:
            await mail.queue_mail(address, template="notice", context=context, send=False)
        assert refused.value.code == "invalid_email"
    stored = [
        (await mail.queue_mail(a, template="notice", context=context, send=False)).to
        for a in ACCEPTED
    ]
    assert stored == [
        "anna@example.nl",
        "Anna.de.Vries@gemeente-zeist.nl",
        "griffie+dld@utrecht.nl",
        "o'brien@example.nl",
        "jan@münchen.de",
    ]


def test_the_forms_keep_the_address_as_typed_and_registration_lower_cases_it() -> None:
    read = FormReader({"email": " Anna.de.Vries@Gemeente-Zeist.NL "})
    assert read.email("email") == "Anna.de.Vries@Gemeente-Zeist.NL"
    assert clean_email(" Anna.de.Vries@Gemeente-Zeist.NL ") == "anna.de.vries@gemeente-zeist.nl"
    assert deliverable_email(" Anna.de.Vries@Gemeente-Zeist.NL ") == (
        "anna.de.vries@gemeente-zeist.nl"
    )
