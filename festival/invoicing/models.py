"""Invoicing tables: invoices with their lines, credit notes, the number series per organisation,
the billing details of the buyer per registration and the seller details per organisation.

Amounts are whole euro cents. Unit prices are INCLUDING VAT (Dutch consumer prices are, and the
price of a ticket type is what the attendee pays). The VAT of a line is taken out of its total,
rounded half up per line, and the totals per rate are the sums of the lines."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

VAT_RATES = (0, 9, 21)  # the Dutch rates: exempt, low, high (percent)


class InvoiceStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    CREDITED = "credited"  # credited in full: nothing is owed any more


class SeriesKind(StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class NumberSeries(Model):
    """The last number used per organisation, kind and year. It only moves inside the
    transaction that writes the document, so a rollback gives the number back: no gaps."""

    id = fields.IntField(primary_key=True)
    organisation_id = fields.IntField()
    kind = fields.CharEnumField(SeriesKind, max_length=12)
    year = fields.IntField()
    last_number = fields.IntField(default=0)

    class Meta:
        table = "invoice_number_series"
        unique_together = (("organisation_id", "kind", "year"),)

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.kind}/{self.year}: {self.last_number}"


class SellerDetails(Model):
    """Who sends the invoices of an organisation: legal name, address, KvK, VAT number, IBAN."""

    id = fields.IntField(primary_key=True)
    organisation_id = fields.IntField(unique=True)
    legal_name = fields.CharField(max_length=200)
    address = fields.CharField(max_length=200, default="")
    postcode = fields.CharField(max_length=10, default="")
    city = fields.CharField(max_length=100, default="")
    kvk_number = fields.CharField(max_length=8, default="")
    vat_number = fields.CharField(max_length=14, default="")
    iban = fields.CharField(max_length=34, default="")
    email = fields.CharField(max_length=254, default="")
    updated_at = fields.DatetimeField()

    class Meta:
        table = "invoice_seller"

    def __str__(self) -> str:
        return self.legal_name


class InvoiceSettings(Model):
    """The invoice settings of an event: the payment term of pay-on-invoice registrations."""

    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(unique=True)
    payment_term_days = fields.IntField(default=30)

    class Meta:
        table = "invoice_settings"

    def __str__(self) -> str:
        return f"{self.event_id}: {self.payment_term_days} days"


class BillingDetails(Model):
    """Who pays a pay-on-invoice registration: the buyer on its invoice."""

    id = fields.IntField(primary_key=True)
    registration_id = fields.IntField(unique=True)
    event_id = fields.IntField(db_index=True)
    organisation_name = fields.CharField(max_length=200)
    address = fields.CharField(max_length=200)
    postcode = fields.CharField(max_length=10)
    city = fields.CharField(max_length=100)
    reference = fields.CharField(max_length=100, default="")  # purchase order or reference
    invoice_email = fields.CharField(max_length=254)
    created_at = fields.DatetimeField()

    class Meta:
        table = "invoice_billing_details"

    def __str__(self) -> str:
        return self.organisation_name


class Invoice(Model):
    """One invoice per registration, numbered in the series of its organisation. The seller
    and buyer are copied in when it is issued, so later edits never change an issued invoice."""

    id = fields.IntField(primary_key=True)
    organisation_id = fields.IntField()
    event_id = fields.IntField(db_index=True)
    registration_id = fields.IntField(unique=True)
    number = fields.CharField(max_length=20)
    issued_at = fields.DatetimeField()
    due_on = fields.DateField()
    status = fields.CharEnumField(InvoiceStatus, max_length=10, default=InvoiceStatus.OPEN)
    paid_on = fields.DateField(null=True)
    payment_reference = fields.CharField(max_length=200, default="")
    seller: Any = fields.JSONField(default=dict)
    buyer: Any = fields.JSONField(default=dict)
    total_cents = fields.IntField(default=0)  # including VAT
    vat_cents = fields.IntField(default=0)
    credited_cents = fields.IntField(default=0)  # sum of its credit notes

    lines: fields.ReverseRelation[InvoiceLine]

    class Meta:
        table = "invoice"
        unique_together = (("organisation_id", "number"),)
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number

    @property
    def net_cents(self) -> int:
        return self.total_cents - self.vat_cents

    @property
    def open_cents(self) -> int:
        """What is still to be paid or credited."""
        return max(self.total_cents - self.credited_cents, 0)


class InvoiceLine(Model):
    id = fields.IntField(primary_key=True)
    invoice: fields.ForeignKeyRelation[Invoice] = fields.ForeignKeyField(
        "festival.Invoice", related_name="lines", on_delete=fields.CASCADE
    )
    position = fields.IntField(default=0)
    description = fields.CharField(max_length=300)
    quantity = fields.IntField()
    unit_cents = fields.IntField()  # including VAT
    vat_rate = fields.IntField()  # percent: 0, 9 or 21
    total_cents = fields.IntField()  # quantity x unit, including VAT
    vat_cents = fields.IntField()  # the VAT inside total_cents

    invoice_id: int

    class Meta:
        table = "invoice_line"
        ordering = ["invoice_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description}"


class CreditNote(Model):
    """A credit note against an invoice (a refund, full or partial), numbered in its own
    series. Its vat_lines hold per VAT rate the credited total and its VAT."""

    id = fields.IntField(primary_key=True)
    organisation_id = fields.IntField()
    event_id = fields.IntField(db_index=True)
    registration_id = fields.IntField(db_index=True)
    invoice: fields.ForeignKeyRelation[Invoice] = fields.ForeignKeyField(
        "festival.Invoice", related_name="credit_notes", on_delete=fields.RESTRICT
    )
    number = fields.CharField(max_length=20)
    reference = fields.CharField(max_length=200)  # the refund it belongs to: once per reference
    reason = fields.CharField(max_length=300, default="")
    issued_at = fields.DatetimeField()
    amount_cents = fields.IntField()  # including VAT, positive
    vat_cents = fields.IntField()
    vat_lines: Any = fields.JSONField(default=list)
    seller: Any = fields.JSONField(default=dict)
    buyer: Any = fields.JSONField(default=dict)

    invoice_id: int

    class Meta:
        table = "credit_note"
        unique_together = (("organisation_id", "number"), ("organisation_id", "reference"))
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number
