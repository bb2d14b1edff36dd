"""Registration rules: register (one service for HTML and API), seats, waiting lists, changes.

After a registration commits, one `send_registration_confirmation` job asks the tickets area
for the PDFs and .ics files (rendered once) and mails them with the confirmation.
"""

from festival.registration.services.access import (
    DoorNeed,
    Mismatch,
    NeedFit,
    access_fits,
    access_mismatches,
    door_roster,
    mismatch_message,
)
from festival.registration.services.ages import save_age_rule
from festival.registration.services.announcements import ANNOUNCE_TEMPLATE, announce_changes
from festival.registration.services.catalogue import (
    create_question,
    create_ticket_type,
    delete_question,
    delete_ticket_type,
    get_question,
    get_ticket_type,
    update_question,
    update_ticket_type,
)
from festival.registration.services.checks import (
    AgeCheck,
    age_check_for,
    check_ticket_choice,
    is_registration_open,
    questions_for_event,
)
from festival.registration.services.consent import (
    CONSENT_VERSION,
    consent_text,
)
from festival.registration.services.door import book_at_door
from festival.registration.services.exports import XLSX_TYPE, to_csv, to_xlsx
from festival.registration.services.limits import check_rate_limit
from festival.registration.services.links import (
    code_from_manage_token,
    entry_from_offer_token,
    manage_token,
    manage_url,
    offer_url,
)
from festival.registration.services.mails import (
    attach_to_confirmation_with,
    manage_documents,
    show_documents_with,
)
from festival.registration.services.manage import (
    approve_registration,
    cancel_attendee,
    cancel_registration,
    change_bookings,
    get_attendee,
    on_cancel_with,
    request_manage_links,
    resend_confirmation,
    update_attendee,
)
from festival.registration.services.payment import cancel_unpaid, confirm_payment, rebook_paid
from festival.registration.services.privacy import (
    attendees_of_registration,
    erase_personal_data,
    people_with_email,
    personal_data,
)
from festival.registration.services.retention import (
    RetentionResult,
    RetentionStatus,
    anonymise_due_events,
    anonymise_event,
    forget_badge_batches_with,
    is_retention_due,
    preview_event,
    retention_due_at,
    retention_status,
)
from festival.registration.services.signup import (
    Registered,
    bill_on_invoice_with,
    check_billing,
    get_registration,
    get_registration_by_id,
    register,
)
from festival.registration.services.waitlist import (
    accept_offer,
    decline_offer,
    expire_waitlist_offers,
    get_entry,
    offer_seat,
    sync_capacity,
)

__all__ = [
    "ANNOUNCE_TEMPLATE",
    "CONSENT_VERSION",
    "XLSX_TYPE",
    "AgeCheck",
    "DoorNeed",
    "Mismatch",
    "NeedFit",
    "Registered",
    "RetentionResult",
    "RetentionStatus",
    "accept_offer",
    "access_fits",
    "access_mismatches",
    "age_check_for",
    "announce_changes",
    "anonymise_due_events",
    "anonymise_event",
    "approve_registration",
    "attach_to_confirmation_with",
    "attendees_of_registration",
    "bill_on_invoice_with",
    "book_at_door",
    "cancel_attendee",
    "cancel_registration",
    "cancel_unpaid",
    "change_bookings",
    "check_billing",
    "check_rate_limit",
    "check_ticket_choice",
    "code_from_manage_token",
    "confirm_payment",
    "consent_text",
    "create_question",
    "create_ticket_type",
    "decline_offer",
    "delete_question",
    "delete_ticket_type",
    "door_roster",
    "entry_from_offer_token",
    "erase_personal_data",
    "expire_waitlist_offers",
    "forget_badge_batches_with",
    "get_attendee",
    "get_entry",
    "get_question",
    "get_registration",
    "get_registration_by_id",
    "get_ticket_type",
    "is_registration_open",
    "is_retention_due",
    "manage_documents",
    "manage_token",
    "manage_url",
    "mismatch_message",
    "offer_seat",
    "offer_url",
    "on_cancel_with",
    "people_with_email",
    "personal_data",
    "preview_event",
    "questions_for_event",
    "rebook_paid",
    "register",
    "request_manage_links",
    "resend_confirmation",
    "retention_due_at",
    "retention_status",
    "save_age_rule",
    "show_documents_with",
    "sync_capacity",
    "to_csv",
    "to_xlsx",
    "update_attendee",
    "update_question",
    "update_ticket_type",
]
