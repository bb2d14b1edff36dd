"""The registration form in short steps, without JavaScript. The answers so far travel in a
signed hidden field (no server memory, so any web process can take the next step)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.datastructures import FormData

from festival import clock
from festival.errors import DomainError, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.registration import queries
from festival.registration import services as registration
from festival.registration.models import (
    AGE_GROUPS,
    AccessNeed,
    AgeQuestion,
    AttendeeRole,
    Registration,
)
from festival.registration.services import checks

STATE_SALT = "registration-flow"
STEPS = ("ticket", "people", "sessions", "summary")
PERSON_FIELDS = (
    "name",
    "email",
    "organisation",
    "role",
    "access_other",
    "access_discreet",
    "diet",
)
AGE_FIELDS = ("age_group", "birth_year", "guardian_name", "guardian_email")
BILLING_FIELDS = ("organisation_name", "address", "postcode", "city", "reference", "invoice_email")


@dataclass
class Step:
    """What to show next: a step template with its context, or the finished registration."""

    name: str
    context: dict[str, Any] = field(default_factory=dict)
    status: int = 200
    done: Registration | None = None


def role_choices() -> list[tuple[str, str]]:
    labels = {
        AttendeeRole.RAADSLID: _("Raadslid"),
        AttendeeRole.GRIFFIER: _("Griffier"),
        AttendeeRole.WETHOUDER: _("Wethouder"),
        AttendeeRole.BURGEMEESTER: _("Burgemeester"),
        AttendeeRole.AMBTENAAR: _("Ambtenaar"),
        AttendeeRole.INWONER: _("Inwoner"),
        AttendeeRole.JONGERE: _("Jongere"),
        AttendeeRole.ANDERS: _("Anders"),
    }
    return [(role.value, labels[role]) for role in AttendeeRole]


def age_question_choices() -> list[tuple[str, str]]:
    labels = {
        AgeQuestion.NONE: _("Niet naar de leeftijd vragen"),
        AgeQuestion.AGE_GROUP: _("Een leeftijdsgroep vragen"),
        AgeQuestion.BIRTH_YEAR: _("Het geboortejaar vragen (we bewaren alleen de leeftijdsgroep)"),
    }
    return [(q.value, labels[q]) for q in AgeQuestion]


def age_group_choices() -> list[tuple[str, str]]:
    labels = {
        "0-11": _("jonger dan 12 jaar"),
        "12-15": _("12 tot en met 15 jaar"),
        "16-17": _("16 of 17 jaar"),
        "18-26": _("18 tot en met 26 jaar"),
        "27-44": _("27 tot en met 44 jaar"),
        "45-64": _("45 tot en met 64 jaar"),
        "65+": _("65 jaar of ouder"),
    }
    return [(group, labels[group]) for group in AGE_GROUPS]


def access_choices() -> list[tuple[str, str]]:
    labels = {
        AccessNeed.STEP_FREE: _("Toegang zonder trappen of drempels"),
        AccessNeed.HEARING_LOOP: _("Ringleiding"),
        AccessNeed.SIGN_LANGUAGE: _("Gebarentolk"),
        AccessNeed.QUIET_SPACE: _("Stille ruimte"),
        AccessNeed.OTHER: _("Iets anders (vul hieronder in)"),
    }
    return [(need.value, labels[need]) for need in AccessNeed]


def need_labels() -> dict[str, str]:
    """Access needs as lists name them (rosters): "other" without the form's hint."""
    return dict(access_choices()) | {AccessNeed.OTHER.value: _("Iets anders")}


def dump_state(state: dict[str, Any], *, secret_key: str) -> str:
    return URLSafeSerializer(secret_key, salt=STATE_SALT).dumps(state)


def load_state(data: FormData, *, secret_key: str) -> dict[str, Any]:
    raw = data.get("state")
    if not isinstance(raw, str) or not raw:
        return {}
    try:
        state = URLSafeSerializer(secret_key, salt=STATE_SALT).loads(raw)
    except BadSignature:
        return {}
    return state if isinstance(state, dict) else {}


def read_people(data: FormData, count: int) -> list[dict[str, Any]]:
    people = []
    for index in range(count):
        prefix = f"attendees.{index}."
        person: dict[str, Any] = {key: str(data.get(prefix + key) or "") for key in PERSON_FIELDS}
        for key in AGE_FIELDS:  # only where the event asks them: absent fields stay absent
            if data.get(prefix + key):
                person[key] = str(data.get(prefix + key))[:254]
        person["access_needs"] = [str(v) for v in data.getlist(prefix + "access_needs")]
        person["answers"] = {
            key[len(prefix + "answers.") :]: str(value)
            for key, value in data.multi_items()
            if key.startswith(prefix + "answers.")
        }
        people.append(person)
    return people


def read_sessions(data: FormData, count: int) -> list[list[int]]:
    chosen = []
    for index in range(count):
        prefix = f"attendees.{index}.slot."
        ids = [str(v) for key, v in data.multi_items() if key.startswith(prefix) and v]
        chosen.append([int(v) for v in ids if v.isdecimal() and len(v) < 10])
    return chosen


async def start(event: Event) -> Step:
    return Step("ticket", {"state": {"key": secrets.token_urlsafe(16)}})


async def context_for(event: Event, step: Step) -> dict[str, Any]:
    """Everything the step's template shows, loaded here (templates do no I/O)."""
    state = step.context["state"]
    context: dict[str, Any] = {
        "event": event,
        "step": step.name,
        "steps": STEPS,
        "errors": {},
        "error": None,
        **step.context,
    }
    if step.name == "ticket":
        context["ticket_types"] = await queries.ticket_types_for_event(event.id)
    if step.name in ("people", "summary"):
        context["pay_on_invoice"] = any(
            t["pay_on_invoice"] and str(t["id"]) == str(state.get("ticket_type"))
            for t in await queries.ticket_types_for_event(event.id)
        )
        context["billing"] = state.get("billing") or {}
        context["questions"] = await registration.questions_for_event(event.id)
        context["roles"], context["needs"] = role_choices(), access_choices()
        context["age"] = await registration.age_check_for(event)
        context["age_groups"] = age_group_choices()
    if step.name == "summary":
        context["consent"] = {
            "version": registration.CONSENT_VERSION,
            "text": registration.consent_text(),
        }
    if step.name in ("sessions", "summary"):
        context["slots"] = await queries.session_slots(event.id)
        context["session_index"] = {
            s["id"]: s for slot in context["slots"] for s in slot["sessions"]
        }
    context["people"] = state.get("people") or [{} for _i in range(int(state.get("count", 1)))]
    context["sessions"] = state.get("sessions") or [[] for _p in context["people"]]
    if step.name == "sessions":
        needs = [p.get("access_needs") or [] for p in context["people"]]
        context["access"] = await registration.access_fits(event.id, needs)
    return context


async def advance(event: Event, data: FormData, *, secret_key: str) -> Step:
    """Check the submitted step and return the next one (or the same with errors)."""
    state = load_state(data, secret_key=secret_key)
    if not state.get("key"):
        return await start(event)
    back = data.get("back")
    if isinstance(back, str) and back in STEPS:
        return Step(back, {"state": state})
    submitted = str(data.get("step") or "")
    try:
        if submitted == "ticket":
            return await _ticket(event, data, state)
        if submitted == "people" and "ticket_type" in state:
            return await _people(event, data, state)
        if submitted == "sessions" and "people" in state:
            state["sessions"] = read_sessions(data, len(state["people"]))
            await checks.check_session_choices(
                event, state["sessions"], field_for=lambda i: f"attendees.{i}.sessions"
            )
            return Step("summary", {"state": state})
        if submitted == "summary" and "people" in state:
            return await _finish(event, data, state)
    except DomainError as error:
        return Step(
            submitted,
            {"state": state, "error": error, "errors": error.fields},
            status=error.status_code,
        )
    return await start(event)


async def _ticket(event: Event, data: FormData, state: dict[str, Any]) -> Step:
    count_raw = str(data.get("count") or "1")
    # A count beyond any group is no count: the next page would show a block per person.
    state["count"] = int(count_raw) if count_raw.isdecimal() and len(count_raw) <= 3 else 0
    state["ticket_type"] = str(data.get("ticket_type") or "")
    state["code"] = str(data.get("invitation_code") or "").strip()[:40]
    await registration.check_ticket_choice(
        event,
        ticket_type_id=state["ticket_type"],
        count=state["count"],
        invitation_code=state["code"],
    )
    people = state.get("people") or []
    state["people"] = (people + [{} for _i in range(state["count"])])[: state["count"]]
    state["sessions"] = ((state.get("sessions") or []) + [[] for _i in range(state["count"])])[
        : state["count"]
    ]
    return Step("people", {"state": state})


async def _people(event: Event, data: FormData, state: dict[str, Any]) -> Step:
    state["people"] = read_people(data, int(state["count"]))
    questions = await registration.questions_for_event(event.id)
    errors: dict[str, str] = {}
    age = await registration.age_check_for(event)
    for index, person in enumerate(state["people"]):
        checks.clean_attendee(person, questions, f"attendees.{index}.", errors, age=age)
    raw = {key: str(data.get(f"billing.{key}") or "")[:300] for key in BILLING_FIELDS}
    try:
        billing = await registration.check_billing(
            event, ticket_type_id=_id(state["ticket_type"]), billing=raw
        )
    except ValidationError as refused:  # shown again as typed, with the messages
        errors |= refused.fields
        billing = raw
    state["billing"] = billing or {}
    if errors:
        raise ValidationError("invalid_attendee", _("Controleer wat u hebt ingevuld."), errors)
    has_sessions = bool(await queries.session_slots(event.id))
    return Step("sessions" if has_sessions else "summary", {"state": state})


def _id(value: object) -> int:
    text = str(value)
    return int(text) if text.isdecimal() and len(text) < 10 else 0


async def _finish(event: Event, data: FormData, state: dict[str, Any]) -> Step:
    done = await registration.register(
        event,
        ticket_type_id=state["ticket_type"],
        attendees=state["people"],
        sessions_per_attendee=state.get("sessions"),
        consent=data.get("consent") == "yes",
        invitation_code=state.get("code", ""),
        idempotency_key=state["key"],
        billing=state.get("billing") or None,
    )
    return Step("done", {"state": state}, done=done.registration)


# ---------------------------------------------------------------- organiser forms


def _local_datetime(value: object, tz: str) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return clock.from_local(datetime.fromisoformat(value.strip()), tz)
    except ValueError:
        return None


def ticket_type_values(data: FormData, tz: str) -> dict[str, Any]:
    """Form fields of the ticket type form as service values (datetimes in UTC)."""
    values: dict[str, Any] = {
        key: str(data.get(key) or "")
        for key in (
            "name",
            "name_en",
            "description",
            "description_en",
            "price_cents",
            "quota",
            "max_per_registration",
            "invitation_code",
            "vat_rate",
        )
    }
    values["price_cents"] = _euros_to_cents(values["price_cents"])
    values["sales_start"] = _local_datetime(data.get("sales_start"), tz)
    values["sales_end"] = _local_datetime(data.get("sales_end"), tz)
    values["requires_approval"] = data.get("requires_approval") == "yes"
    values["pay_on_invoice"] = data.get("pay_on_invoice") == "yes"
    values["is_active"] = data.get("is_active") == "yes"
    values["clear_invitation_code"] = data.get("clear_invitation_code") == "yes"
    return values


def _euros_to_cents(value: str) -> str:
    text = value.replace("€", "").replace(" ", "").replace(",", ".")
    if not text:
        return "0"
    try:
        return str(round(float(text) * 100))
    except ValueError:
        return value


def question_values(data: FormData) -> dict[str, Any]:
    return {
        "label": str(data.get("label") or ""),
        "label_en": str(data.get("label_en") or ""),
        "kind": str(data.get("kind") or "text"),
        "required": data.get("required") == "yes",
        "choices": str(data.get("choices") or ""),
    }


def item_form_values(item: Any, tz: str) -> dict[str, Any]:
    """A ticket type or question as the values its edit form shows."""
    if hasattr(item, "price_cents"):

        def local(value: datetime | None) -> str:
            return clock.to_local(value, tz).strftime("%Y-%m-%dT%H:%M") if value else ""

        return {
            "name": item.name,
            "name_en": item.name_en,
            "description": item.description,
            "description_en": item.description_en,
            "price_cents": f"{item.price_cents / 100:.2f}",
            "quota": "" if item.quota is None else item.quota,
            "max_per_registration": item.max_per_registration,
            "sales_start": local(item.sales_start),
            "sales_end": local(item.sales_end),
            "requires_approval": item.requires_approval,
            "vat_rate": item.vat_rate,
            "pay_on_invoice": item.pay_on_invoice,
            "is_active": item.is_active,
            "has_code": item.requires_code,
        }
    return {
        "label": item.label,
        "label_en": item.label_en,
        "kind": item.kind.value,
        "required": item.required,
        "choices": "\n".join(item.choices),
    }
