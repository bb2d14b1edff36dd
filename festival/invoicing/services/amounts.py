"""Invoice arithmetic in whole cents. Prices include VAT: the VAT of a line is taken out of its
total and rounded half up, once per line; the totals per rate are sums of the lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def vat_in(total_cents: int, rate: int) -> int:
    """The VAT inside an amount that includes it: total x rate / (100 + rate), half up."""
    if total_cents < 0:
        return -vat_in(-total_cents, rate)
    return (2 * total_cents * rate + 100 + rate) // (2 * (100 + rate))


@dataclass(frozen=True)
class VatLine:
    """The amounts of one VAT rate: total including VAT, the VAT in it, and the net."""

    rate: int
    total_cents: int
    vat_cents: int

    @property
    def net_cents(self) -> int:
        return self.total_cents - self.vat_cents

    def as_dict(self) -> dict[str, int]:
        return {"rate": self.rate, "total_cents": self.total_cents, "vat_cents": self.vat_cents}


def per_rate(lines: Iterable[tuple[int, int, int]]) -> list[VatLine]:
    """(rate, total, vat) per line summed per rate, highest rate first."""
    sums: dict[int, tuple[int, int]] = {}
    for rate, total, vat in lines:
        before = sums.get(rate, (0, 0))
        sums[rate] = (before[0] + total, before[1] + vat)
    return [VatLine(rate, *sums[rate]) for rate in sorted(sums, reverse=True)]


def split_credit(amount_cents: int, invoiced: list[VatLine]) -> list[VatLine]:
    """A credit of `amount_cents` spread over the invoice's VAT rates in proportion to their
    totals (a full credit gives back every rate exactly); the rounding rest goes to the rate
    with the largest total. The VAT of each part is taken out as on an invoice line."""
    whole = sum(line.total_cents for line in invoiced)
    if whole <= 0 or not invoiced:
        return []
    if amount_cents == whole:
        return [VatLine(line.rate, line.total_cents, line.vat_cents) for line in invoiced]
    parts = [amount_cents * line.total_cents // whole for line in invoiced]
    biggest = max(range(len(invoiced)), key=lambda i: invoiced[i].total_cents)
    parts[biggest] += amount_cents - sum(parts)
    return [
        VatLine(line.rate, part, vat_in(part, line.rate))
        for line, part in zip(invoiced, parts, strict=True)
        if part
    ]
