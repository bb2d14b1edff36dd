"""Input of the invoicing area: billing details at registration, the seller's details, an
event's payment term, marking an invoice paid, the invoice list's filter."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from festival.i18n import _
from festival.schemas import Cents, Email, Input, choice, limit

POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Za-z]{2})$")
KVK = re.compile(r"^[0-9]{8}$")
VAT_NUMBER = re.compile(r"^NL[0-9]{9}B[0-9]{2}$")
IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$")
LIST_FILTERS = ("all", "open", "overdue", "paid", "credited")


def _postcode(value: str) -> str:
    """A Dutch postcode written as `1234 AB`."""
    found = POSTCODE.match(value.strip())
    if found is None:
        raise PydanticCustomError("postcode", "not a postcode")
    return f"{found.group(1)} {found.group(2).upper()}"


def _kvk(value: str) -> str:
    if value and KVK.match(value) is None:
        raise PydanticCustomError("kvk", "not a KvK number")
    return value


def _vat_number(value: str) -> str:
    value = value.replace(" ", "").replace(".", "").upper()
    if value and VAT_NUMBER.match(value) is None:
        raise PydanticCustomError("vat_number", "not a VAT number")
    return value


def is_iban(value: str) -> bool:
    """The ISO 13616 check: letters as numbers, the whole modulo 97 is 1."""
    if IBAN.match(value) is None:
        return False
    moved = value[4:] + value[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _iban(value: str) -> str:
    value = value.replace(" ", "").upper()
    if value and not is_iban(value):
        raise PydanticCustomError("iban", "not an IBAN")
    return value


Postcode = Annotated[str, limit(10), AfterValidator(_postcode)]


class BillingIn(Input):
    """Who pays a pay-on-invoice registration (a municipality, council or association)."""

    organisation_name: Annotated[str, limit(200)]
    address: Annotated[str, limit(200)]
    postcode: Postcode
    city: Annotated[str, limit(100)]
    reference: Annotated[str, limit(100, required=False)] = ""
    invoice_email: Email

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "organisation_name": ("invalid_billing", _("Vul de naam van de organisatie in.")),
            "address": ("invalid_billing", _("Vul het adres in (straat en huisnummer).")),
            "postcode": ("invalid_billing", _("Vul een postcode in zoals 1234 AB.")),
            "city": ("invalid_billing", _("Vul de plaats in.")),
            "invoice_email": (
                "invalid_billing",
                _("Vul een geldig e-mailadres in voor de factuur."),
            ),
        }


class SellerIn(Input):
    """The organisation's details on its invoices."""

    legal_name: Annotated[str, limit(200)]
    address: Annotated[str, limit(200)]
    postcode: Postcode
    city: Annotated[str, limit(100)]
    kvk_number: Annotated[str, limit(8, required=False), AfterValidator(_kvk)] = ""
    vat_number: Annotated[str, limit(20, required=False), AfterValidator(_vat_number)] = ""
    iban: Annotated[str, limit(42, required=False), AfterValidator(_iban)] = ""
    email: Annotated[str, limit(254, required=False)] = ""

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "legal_name": ("invalid_seller", _("Vul de officiële naam van de organisatie in.")),
            "address": ("invalid_seller", _("Vul het adres in (straat en huisnummer).")),
            "postcode": ("invalid_seller", _("Vul een postcode in zoals 1234 AB.")),
            "city": ("invalid_seller", _("Vul de plaats in.")),
            "kvk_number": ("invalid_seller", _("Een KvK-nummer heeft 8 cijfers.")),
            "vat_number": ("invalid_seller", _("Vul een btw-nummer in zoals NL123456789B01.")),
            "iban": ("invalid_seller", _("Dit IBAN klopt niet. Controleer het nummer.")),
        }


class InvoiceSettingsIn(Input):
    """An event's payment term for pay-on-invoice registrations, in days."""

    payment_term_days: Annotated[int, Field(ge=0, le=365)]

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        message = _("Vul een betaaltermijn in van 0 tot en met 365 dagen.")
        return {"payment_term_days": ("invalid_term", message)}


class MarkPaidIn(Input):
    """The day the money came in."""

    paid_on: date

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {"paid_on": ("invalid_date", _("Vul een datum in zoals 2026-03-31."))}


class InvoiceFilterIn(Input):
    """Which invoices the list shows."""

    status: Annotated[str, choice(LIST_FILTERS)] = "all"


class CreditIn(Input):
    """An organiser credits (part of) an invoice by hand: a discount, a correction, a
    cancellation agreed outside the manage page. `reference` is the form's own token, so a
    second click makes no second credit note."""

    invoice_id: Annotated[int, Field(ge=1)]
    amount: Cents
    reason: Annotated[str, limit(300)]
    reference: Annotated[str, limit(40)]

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "invoice_id": ("invalid_invoice", _("Kies de factuur die u crediteert.")),
            "amount": ("invalid_amount", _("Vul een bedrag in euro in, zoals 12,50.")),
            "reason": (
                "invalid_reason",
                _("Schrijf waarom u crediteert, in hoogstens 300 tekens. Dit staat op de nota."),
            ),
            "reference": (
                "invalid_reference",
                _("Laad de pagina opnieuw en probeer het nog eens."),
            ),
        }
