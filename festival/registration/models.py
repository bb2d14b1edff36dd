"""Registration: ticket types, registrations with attendees, extra questions, session bookings,
seat counters per session (the guarded capacity) and waiting-list entries."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class RegistrationStatus(StrEnum):
    PENDING_APPROVAL = "pending_approval"
    PENDING_PAYMENT = "pending_payment"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


ACTIVE_REGISTRATION = (
    RegistrationStatus.PENDING_APPROVAL,
    RegistrationStatus.PENDING_PAYMENT,
    RegistrationStatus.CONFIRMED,
)


class AttendeeStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"


class AttendeeRole(StrEnum):
    RAADSLID = "raadslid"
    GRIFFIER = "griffier"
    WETHOUDER = "wethouder"
    BURGEMEESTER = "burgemeester"
    AMBTENAAR = "ambtenaar"
    INWONER = "inwoner"
    JONGERE = "jongere"
    ANDERS = "anders"


class AccessNeed(StrEnum):
    STEP_FREE = "step_free"
    HEARING_LOOP = "hearing_loop"
    SIGN_LANGUAGE = "sign_language"
    QUIET_SPACE = "quiet_space"
    OTHER = "other"


class AgeQuestion(StrEnum):
    """What an event asks each attendee about their age (young people from 16)."""

    NONE = "none"
    AGE_GROUP = "age_group"
    BIRTH_YEAR = "birth_year"  # only to find the age group; the year itself is not stored


# Age groups (the age reached in the event's year) with their lowest age; figures count these,
# never birth dates.
AGE_GROUPS: dict[str, int] = {
    "0-11": 0,
    "12-15": 12,
    "16-17": 16,
    "18-26": 18,
    "27-44": 27,
    "45-64": 45,
    "65+": 65,
}


class QuestionKind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    YES_NO = "yes_no"


class BookingStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    OFFERED = "offered"  # a seat is held for this booking until the offer expires
    CANCELLED = "cancelled"


SEAT_HOLDING = (BookingStatus.CONFIRMED, BookingStatus.OFFERED)
ACTIVE_BOOKING = (BookingStatus.CONFIRMED, BookingStatus.OFFERED, BookingStatus.WAITLISTED)


class WaitlistState(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


OPEN_WAITLIST = (WaitlistState.WAITING, WaitlistState.OFFERED)


class TicketType(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "festival.Event", related_name="ticket_types", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=120)
    name_en = fields.CharField(max_length=120, default="")
    description = fields.TextField(default="")
    description_en = fields.TextField(default="")
    price_cents = fields.IntField(default=0)  # 0: free; paid tickets wait for payment
    quota = fields.IntField(null=True)  # None: no limit
    sold = fields.IntField(default=0)  # active attendees on this ticket type (guarded by quota)
    sales_start = fields.DatetimeField(null=True)
    sales_end = fields.DatetimeField(null=True)
    max_per_registration = fields.IntField(default=10)
    invitation_code_hash = fields.CharField(max_length=64, default="")  # sha256 hex; "" = open
    requires_approval = fields.BooleanField(default=False)
    vat_rate = fields.IntField(default=21, db_default=21)  # percent: 0, 9 or 21 (in the price)
    pay_on_invoice = fields.BooleanField(default=False, db_default=False)  # confirmed at once
    is_active = fields.BooleanField(default=True)
    position = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    event_id: int

    class Meta:
        table = "ticket_type"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def requires_code(self) -> bool:
        return bool(self.invitation_code_hash)


class Registration(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "festival.Event", related_name="registrations", on_delete=fields.CASCADE
    )
    ticket_type: fields.ForeignKeyRelation[TicketType] = fields.ForeignKeyField(
        "festival.TicketType", related_name="registrations", on_delete=fields.RESTRICT
    )
    code = fields.CharField(max_length=12, unique=True)  # public, unguessable
    status = fields.CharEnumField(RegistrationStatus, max_length=20)
    contact_name = fields.CharField(max_length=200)
    contact_email = fields.CharField(max_length=254, db_index=True)
    language = fields.CharField(max_length=5, default="nl")
    consent_at = fields.DatetimeField()
    # which version of the consent text (registration.services.consent) was accepted
    consent_version = fields.CharField(max_length=40, default="", db_default="")
    idempotency_key = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField()
    cancelled_at = fields.DatetimeField(null=True)

    event_id: int
    ticket_type_id: int
    attendees: fields.ReverseRelation[Attendee]

    class Meta:
        table = "registration"
        unique_together = (("event", "idempotency_key"),)
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.code

    def allowed_actions(self) -> list[str]:
        """The organiser's actions in this state: resend always, approve while it waits for
        approval, cancel until it is cancelled."""
        actions = ["resend"]
        if self.status == RegistrationStatus.PENDING_APPROVAL:
            actions.append("approve")
        if self.status != RegistrationStatus.CANCELLED:
            actions.append("cancel")
        return actions


class Attendee(Model):
    id = fields.IntField(primary_key=True)
    registration: fields.ForeignKeyRelation[Registration] = fields.ForeignKeyField(
        "festival.Registration", related_name="attendees", on_delete=fields.CASCADE
    )
    event_id = fields.IntField(db_index=True)  # copied from the registration for fast lists
    position = fields.IntField(default=0)
    name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254, db_index=True)
    organisation = fields.CharField(max_length=200, default="")
    role = fields.CharEnumField(AttendeeRole, max_length=20, default=AttendeeRole.ANDERS)
    access_needs: Any = fields.JSONField(default=list)  # AccessNeed values
    access_other = fields.CharField(max_length=300, default="")
    # Door rosters show this attendee's needs without their name.
    access_discreet = fields.BooleanField(default=False, db_default=False)
    diet = fields.CharField(max_length=300, default="")
    age_group = fields.CharField(max_length=10, default="", db_default="")  # AGE_GROUPS; "" unasked
    # Under the event's own-consent age: the parent's or school's contact who agreed.
    guardian_name = fields.CharField(max_length=200, default="", db_default="")
    guardian_email = fields.CharField(max_length=254, default="", db_default="")
    answers: Any = fields.JSONField(default=dict)  # str(question id) -> answer
    status = fields.CharEnumField(AttendeeStatus, max_length=20, default=AttendeeStatus.ACTIVE)
    cancelled_at = fields.DatetimeField(null=True)
    anonymised_at = fields.DatetimeField(null=True)

    registration_id: int
    bookings: fields.ReverseRelation[Booking]

    class Meta:
        table = "attendee"
        ordering = ["registration_id", "position", "id"]

    def __str__(self) -> str:
        return self.name


class Question(Model):
    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "festival.Event", related_name="questions", on_delete=fields.CASCADE
    )
    label = fields.CharField(max_length=300)
    label_en = fields.CharField(max_length=300, default="")
    kind = fields.CharEnumField(QuestionKind, max_length=10, default=QuestionKind.TEXT)
    required = fields.BooleanField(default=False)
    choices: Any = fields.JSONField(default=list)  # for kind=choice: list of strings
    position = fields.IntField(default=0)

    event_id: int

    class Meta:
        table = "registration_question"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class AgeRule(Model):
    """Per event: whether to ask the age of each attendee, the minimum age, and from which age
    people consent themselves (younger ones need the contact of a parent or their school)."""

    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(unique=True)
    ask = fields.CharEnumField(AgeQuestion, max_length=20, default=AgeQuestion.NONE)
    minimum_age = fields.IntField(default=16)
    own_consent_age = fields.IntField(default=16)

    class Meta:
        table = "age_rule"

    def __str__(self) -> str:
        return f"{self.event_id}:{self.ask}>={self.minimum_age}"


class Booking(Model):
    id = fields.IntField(primary_key=True)
    attendee: fields.ForeignKeyRelation[Attendee] = fields.ForeignKeyField(
        "festival.Attendee", related_name="bookings", on_delete=fields.CASCADE
    )
    session: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "festival.Session", related_name="bookings", on_delete=fields.CASCADE
    )
    event_id = fields.IntField(db_index=True)
    status = fields.CharEnumField(BookingStatus, max_length=20)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    attendee_id: int
    session_id: int

    class Meta:
        table = "booking"
        # One row per attendee and session: re-booking reuses it, so two racing changes
        # cannot give a person two seats in one session.
        unique_together = (("attendee", "session"),)
        indexes = (("session_id", "status"),)
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.attendee_id}@{self.session_id}:{self.status}"


class SessionSeats(Model):
    """The seat counter of one session: the taken count only grows through a guarded update."""

    id = fields.IntField(primary_key=True)
    session: fields.OneToOneRelation[Any] = fields.OneToOneField(
        "festival.Session", related_name="seats", on_delete=fields.CASCADE
    )
    event_id = fields.IntField(db_index=True)
    capacity = fields.IntField()
    taken = fields.IntField(default=0)  # confirmed bookings plus seats held by offers

    session_id: int

    class Meta:
        table = "session_seats"

    def __str__(self) -> str:
        return f"{self.taken}/{self.capacity}"

    @property
    def left(self) -> int:
        return max(self.capacity - self.taken, 0)


class WaitlistEntry(Model):
    id = fields.IntField(primary_key=True)
    booking: fields.ForeignKeyRelation[Booking] = fields.ForeignKeyField(
        "festival.Booking", related_name="waitlist_entries", on_delete=fields.CASCADE
    )
    session: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "festival.Session", related_name="waitlist_entries", on_delete=fields.CASCADE
    )
    event_id = fields.IntField(db_index=True)
    position = fields.IntField(default=0)  # place in line when joining (display); order is by id
    state = fields.CharEnumField(WaitlistState, max_length=20, default=WaitlistState.WAITING)
    created_at = fields.DatetimeField()
    offered_at = fields.DatetimeField(null=True)
    offer_expires_at = fields.DatetimeField(null=True, db_index=True)
    offered_by = fields.CharField(max_length=255, default="")  # "" automatic, else the organiser

    booking_id: int
    session_id: int

    class Meta:
        table = "waitlist_entry"
        indexes = (("session_id", "state"),)
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.session_id}#{self.id}:{self.state}"
