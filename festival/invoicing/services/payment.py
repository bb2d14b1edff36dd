"""Invoices getting paid: marked by hand with a date, or by a CSV of bank lines matched on the
invoice number in the description and the exact amount. A bank file is shown first (matched,
unmatched, ambiguous) and then applied in one transaction, all or nothing."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from tortoise.transactions import in_transaction

from festival import audit
from festival.audit import Actor
from festival.errors import Conflict, ValidationError
from festival.i18n import _
from festival.invoicing.models import Invoice, InvoiceStatus

MAX_BANK_FILE = 1024 * 1024  # bytes: a year of bank lines of one event fits many times
MAX_BANK_LINES = 5000
INVOICE_NUMBER = re.compile(r"(?<![0-9A-Za-z])([0-9]{4}-[0-9]{5})(?![0-9])")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
SAMPLE = "datum;bedrag;omschrijving\n2026-03-02;302,50;Factuur 2026-00017 Gemeente Utrecht\n"


async def mark_invoice_paid(
    invoice: Invoice, *, paid_on: date, actor: Actor, source: str = "manual"
) -> Invoice:
    """Mark an open invoice paid on `paid_on`. Side effects: audit `invoice.paid`. Raises
    Conflict when it is not open (paid or credited already)."""
    async with in_transaction():
        await _mark_paid(invoice, paid_on=paid_on, actor=actor, source=source)
    await invoice.refresh_from_db()
    return invoice


async def _mark_paid(invoice: Invoice, *, paid_on: date, actor: Actor, source: str) -> None:
    rows = await Invoice.filter(id=invoice.id, status=InvoiceStatus.OPEN).update(
        status=InvoiceStatus.PAID, paid_on=paid_on
    )
    if rows != 1:
        raise Conflict(
            "invoice_not_open",
            _("Factuur %(number)s staat niet meer open.") % {"number": invoice.number},
        )
    await audit.record(
        actor,
        "invoice.paid",
        invoice,
        number=invoice.number,
        paid_on=paid_on.isoformat(),
        source=source,
    )


@dataclass(frozen=True)
class BankLine:
    row: int  # line number in the file (the header is line 1)
    booked_on: date
    amount_cents: int
    description: str


@dataclass(frozen=True)
class BankMatch:
    """One bank line and what it pays: matched (one open invoice), ambiguous (several, or an
    invoice two lines claim) or unmatched (none, or a different amount)."""

    line: BankLine
    result: str  # matched | ambiguous | unmatched
    invoice_id: int | None = None
    invoice_number: str = ""
    note: str = ""


def _bad_file(message: str) -> ValidationError:
    return ValidationError("invalid_bank_file", message, {"file": message})


def read_bank_file(content: bytes) -> list[BankLine]:
    """The lines of a bank CSV (columns date, amount, description; `;` or `,` between them; a
    header line first). Raises ValidationError naming the first wrong line."""
    if not content.strip():
        raise _bad_file(_("Het bestand is leeg. Kies een CSV-bestand met banklijnen."))
    if len(content) > MAX_BANK_FILE:
        raise _bad_file(_("Het bestand is te groot (hoogstens 1 MB)."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _bad_file(_("Het bestand is geen tekst (UTF-8). Sla het op als CSV.")) from None
    header = text.splitlines()[0]
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if len(rows) - 1 > MAX_BANK_LINES:
        raise _bad_file(_("Het bestand heeft te veel regels (hoogstens 5000)."))
    lines = [_bank_line(number, row) for number, row in enumerate(rows[1:], start=2) if any(row)]
    if not lines:
        raise _bad_file(_("Het bestand heeft geen banklijnen onder de kopregel."))
    return lines


def _bank_line(number: int, row: list[str]) -> BankLine:
    if len(row) < 3:
        raise _bad_file(
            _("Regel %(n)s heeft geen drie kolommen (datum, bedrag, omschrijving).") % {"n": number}
        )
    booked_on = _date(row[0].strip())
    amount = _cents(row[1].strip())
    if booked_on is None:
        raise _bad_file(_("Regel %(n)s: de datum is niet te lezen.") % {"n": number})
    if amount is None:
        raise _bad_file(_("Regel %(n)s: het bedrag is niet te lezen.") % {"n": number})
    return BankLine(number, booked_on, amount, " ".join(";".join(row[2:]).split())[:500])


def _date(value: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _cents(value: str) -> int | None:
    """`302,50`, `302.50`, `1.302,50` or `1,302.50` as cents."""
    text = value.replace("€", "").replace(" ", "")
    if "," in text and "." in text:
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    else:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or abs(amount) >= 10**9 or amount != amount.quantize(Decimal("0.01")):
        return None
    return int(amount * 100)


async def match_bank_lines(event_id: int, lines: list[BankLine]) -> list[BankMatch]:
    """Each line against the event's open invoices: the invoice numbers in its description
    whose open amount is exactly the line's amount."""
    open_invoices = {
        i.number: i for i in await Invoice.filter(event_id=event_id, status=InvoiceStatus.OPEN)
    }
    first: list[BankMatch] = []
    for line in lines:
        numbers = list(dict.fromkeys(INVOICE_NUMBER.findall(line.description)))
        found = [open_invoices[n] for n in numbers if n in open_invoices]
        exact = [i for i in found if i.open_cents == line.amount_cents]
        if len(exact) == 1:
            first.append(BankMatch(line, "matched", exact[0].id, exact[0].number))
        elif len(exact) > 1:
            note = _("Meer dan een open factuur met dit bedrag.")
            first.append(BankMatch(line, "ambiguous", note=note))
        elif found:
            note = _("Het bedrag is niet het openstaande bedrag van %(number)s.") % {
                "number": found[0].number
            }
            first.append(BankMatch(line, "unmatched", invoice_number=found[0].number, note=note))
        else:
            first.append(BankMatch(line, "unmatched", note=_("Geen open factuur gevonden.")))
    claimed = [m.invoice_id for m in first if m.result == "matched"]
    twice = _("Meer dan een banklijn noemt deze factuur.")
    return [
        BankMatch(m.line, "ambiguous", None, m.invoice_number, twice)
        if m.result == "matched" and claimed.count(m.invoice_id) > 1
        else m
        for m in first
    ]


async def preview_bank_file(event_id: int, content: bytes) -> list[BankMatch]:
    """What applying the file would do; changes nothing. Raises ValidationError (bad file)."""
    return await match_bank_lines(event_id, read_bank_file(content))


async def apply_bank_file(event_id: int, content: bytes, *, actor: Actor) -> list[BankMatch]:
    """Mark every matched invoice paid on its line's date, in one transaction: when one of
    them is no longer open, nothing is applied (Conflict). The file is read and matched again
    here, so what is applied never rests on what a browser sent back."""
    matches = await preview_bank_file(event_id, content)
    matched = [m for m in matches if m.result == "matched" and m.invoice_id is not None]
    async with in_transaction():
        for match in matched:
            invoice = await Invoice.get(id=match.invoice_id)
            await _mark_paid(invoice, paid_on=match.line.booked_on, actor=actor, source="bank")
    return matches
