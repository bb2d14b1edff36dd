"""Invoicing rules: invoices and credit notes (the services payments calls), pay on invoice at
registration, seller details and payment term, marking paid by hand or by bank file, PDFs and
finance exports.

Registration sits below invoicing: when this package loads it hands registration the billing
check and store (register's transaction issues the invoice) and the confirmation mail's
invoice PDF.
"""

from festival.invoicing.services.amounts import VatLine, per_rate, split_credit, vat_in
from festival.invoicing.services.billing import (
    check_billing_details,
    credit_by_hand,
    credit_cancellation,
    creditable_on_cancel,
    invoice_approved_registration,
    store_billing_details,
)
from festival.invoicing.services.documents import (
    PDF_TYPE,
    confirmation_files,
    credit_note_pdf,
    file_name,
    get_credit_note,
    get_invoice,
    invoice_pdf,
    manage_documents,
    registration_credit_note,
    registration_invoice,
)
from festival.invoicing.services.exports import FINANCE_HEADERS, finance_csv, finance_xlsx
from festival.invoicing.services.issuing import (
    DEFAULT_TERM_DAYS,
    issue_credit_note,
    issue_invoice,
    payment_term_days,
)
from festival.invoicing.services.mailing import queue_invoice_mail, send_invoice_mail
from festival.invoicing.services.payment import (
    MAX_BANK_FILE,
    SAMPLE,
    BankLine,
    BankMatch,
    apply_bank_file,
    mark_invoice_paid,
    preview_bank_file,
    read_bank_file,
)
from festival.invoicing.services.privacy import (
    erase_personal_data,
    personal_data,
)
from festival.invoicing.services.seller import save_invoice_settings, save_seller_details
from festival.registration import services as registration

registration.bill_on_invoice_with(
    check_billing_details, store_billing_details, invoice_approved_registration
)
registration.attach_to_confirmation_with(confirmation_files)
registration.show_documents_with(manage_documents)

__all__ = [
    "DEFAULT_TERM_DAYS",
    "FINANCE_HEADERS",
    "MAX_BANK_FILE",
    "PDF_TYPE",
    "SAMPLE",
    "BankLine",
    "BankMatch",
    "VatLine",
    "apply_bank_file",
    "check_billing_details",
    "confirmation_files",
    "credit_by_hand",
    "credit_cancellation",
    "credit_note_pdf",
    "creditable_on_cancel",
    "erase_personal_data",
    "file_name",
    "finance_csv",
    "finance_xlsx",
    "get_credit_note",
    "get_invoice",
    "invoice_approved_registration",
    "invoice_pdf",
    "issue_credit_note",
    "issue_invoice",
    "manage_documents",
    "mark_invoice_paid",
    "payment_term_days",
    "per_rate",
    "personal_data",
    "preview_bank_file",
    "queue_invoice_mail",
    "read_bank_file",
    "registration_credit_note",
    "registration_invoice",
    "save_invoice_settings",
    "save_seller_details",
    "send_invoice_mail",
    "split_credit",
    "store_billing_details",
    "vat_in",
]
