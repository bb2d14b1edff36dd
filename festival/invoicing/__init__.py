"""Invoicing: invoices and credit notes with gapless numbers, VAT per line, billing details of
pay-on-invoice registrations, the seller details of an organisation, bank-line matching."""
