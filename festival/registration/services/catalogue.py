"""What an event offers at registration: ticket types and the organiser's extra questions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from festival import audit, cache
from festival.audit import Actor
from festival.errors import NotFound, ValidationError
from festival.events.models import Event
from festival.forms import INT_RANGE
from festival.i18n import _
from festival.registration.models import Question, QuestionKind, Registration, TicketType
from festival.registration.services.checks import hash_invitation_code

VAT_RATES = ("0", "9", "21")  # the Dutch rates, percent
MAX_GROUP = 100  # people in one registration: the form shows a block per person


def _ticket_values(values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise ticket type fields; raises ValidationError with every problem."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    name = str(values.get("name", "")).strip()
    if not name:
        errors["name"] = _("Vul een naam in.")
    out["name"], out["name_en"] = name[:120], str(values.get("name_en", "")).strip()[:120]
    out["description"] = str(values.get("description", "")).strip()
    out["description_en"] = str(values.get("description_en", "")).strip()
    for key in ("price_cents", "quota", "max_per_registration"):
        value = values.get(key)
        if value in (None, "") and key == "quota":
            out[key] = None
            continue
        try:
            number = int(value if value not in (None, "") else (0 if key == "price_cents" else 10))
        except (TypeError, ValueError):
            errors[key] = _("Vul een heel getal in.")
            continue
        if number < (1 if key == "max_per_registration" else 0):
            errors[key] = _("Dit getal is te klein.")
        elif number > (MAX_GROUP if key == "max_per_registration" else INT_RANGE[1]):
            errors[key] = _("Dit getal is te groot.")
        out[key] = number
    start, end = values.get("sales_start"), values.get("sales_end")
    if isinstance(start, datetime) and isinstance(end, datetime) and end <= start:
        errors["sales_end"] = _("Het einde van de verkoop moet na het begin liggen.")
    out["sales_start"] = start if isinstance(start, datetime) else None
    out["sales_end"] = end if isinstance(end, datetime) else None
    out["requires_approval"] = bool(values.get("requires_approval"))
    out["pay_on_invoice"] = bool(values.get("pay_on_invoice"))
    rate = str(values.get("vat_rate", "21") or "21").strip()
    if rate not in VAT_RATES:
        errors["vat_rate"] = _("Kies een btw-tarief: 0, 9 of 21 procent.")
    out["vat_rate"] = int(rate) if rate in VAT_RATES else 21
    out["is_active"] = bool(values.get("is_active", True))
    if "invitation_code" in values:
        out["invitation_code_hash"] = hash_invitation_code(str(values.get("invitation_code") or ""))
    if errors:
        raise ValidationError("invalid_ticket_type", next(iter(errors.values())), errors)
    return out


def _check_payable(clean: dict[str, Any], *, online_payments: bool) -> None:
    """A paid ticket type can be offered only when online payments are set up (Stripe keys);
    one paid on invoice needs no Stripe."""
    online = clean.get("price_cents", 0) > 0 and not clean.get("pay_on_invoice")
    if online and clean.get("is_active", True) and not online_payments:
        message = _(
            "Een betaald ticket kan pas aan als online betalen is ingesteld "
            "(STRIPE_SECRET_KEY en STRIPE_WEBHOOK_SECRET). Zet het ticket uit, maak het gratis "
            "of laat het op factuur betalen."
        )
        raise ValidationError("payments_not_configured", message, {"price_cents": message})


async def create_ticket_type(
    event: Event, *, values: dict[str, Any], actor: Actor, online_payments: bool = True
) -> TicketType:
    """A new ticket type; a paid one that is offered needs `online_payments` (Stripe keys)."""
    clean = _ticket_values(values)
    _check_payable(clean, online_payments=online_payments)
    async with in_transaction():
        position = await TicketType.filter(event_id=event.id).count()
        ticket_type = await TicketType.create(event=event, position=position, **clean)
        await audit.record(
            actor, "registration.ticket_type_created", ticket_type, name=ticket_type.name
        )
    return ticket_type


async def get_ticket_type(event: Event, ticket_type_id: int) -> TicketType:
    ticket_type = await TicketType.get_or_none(id=ticket_type_id, event_id=event.id)
    if ticket_type is None:
        raise NotFound("ticket_type_not_found", _("Dit ticket bestaat niet."))
    return ticket_type


async def update_ticket_type(
    ticket_type: TicketType, *, values: dict[str, Any], actor: Actor, online_payments: bool = True
) -> TicketType:
    """Change a ticket type; an empty invitation code field keeps the current code."""
    if not str(values.get("invitation_code") or "").strip() and not values.get(
        "clear_invitation_code"
    ):
        values = {k: v for k, v in values.items() if k != "invitation_code"}
    clean = _ticket_values(values)
    _check_payable(clean, online_payments=online_payments)
    async with in_transaction():
        await TicketType.filter(id=ticket_type.id).update(**clean)
        await audit.record(
            actor, "registration.ticket_type_updated", ticket_type, fields=sorted(clean)
        )
    cache.clear_all()
    await ticket_type.refresh_from_db()
    return ticket_type


async def delete_ticket_type(ticket_type: TicketType, *, actor: Actor) -> None:
    """Remove an unused ticket type; one that has registrations is switched off instead."""
    async with in_transaction():
        if await Registration.filter(ticket_type_id=ticket_type.id).exists():
            await TicketType.filter(id=ticket_type.id).update(is_active=False)
        else:
            await ticket_type.delete()
        await audit.record(
            actor,
            "registration.ticket_type_deleted",
            None,
            event_id=ticket_type.event_id,
            ticket_type_id=ticket_type.id,
        )
    cache.clear_all()


def _question_values(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    label = str(values.get("label", "")).strip()
    if not label:
        errors["label"] = _("Vul de vraag in.")
    kind = values.get("kind") or QuestionKind.TEXT.value
    if kind not in QuestionKind._value2member_map_:
        errors["kind"] = _("Kies een soort vraag.")
    choices = values.get("choices") or []
    if isinstance(choices, str):
        choices = [line.strip() for line in choices.splitlines() if line.strip()]
    if kind == QuestionKind.CHOICE and len(choices) < 2:
        errors["choices"] = _("Geef minstens twee keuzes, één per regel.")
    if errors:
        raise ValidationError("invalid_question", next(iter(errors.values())), errors)
    return {
        "label": label[:300],
        "label_en": str(values.get("label_en", "")).strip()[:300],
        "kind": kind,
        "required": bool(values.get("required")),
        "choices": choices if kind == QuestionKind.CHOICE else [],
    }


async def create_question(event: Event, *, values: dict[str, Any], actor: Actor) -> Question:
    clean = _question_values(values)
    async with in_transaction():
        position = await Question.filter(event_id=event.id).count()
        question = await Question.create(event=event, position=position, **clean)
        await audit.record(actor, "registration.question_created", question, label=question.label)
    return question


async def get_question(event: Event, question_id: int) -> Question:
    question = await Question.get_or_none(id=question_id, event_id=event.id)
    if question is None:
        raise NotFound("question_not_found", _("Deze vraag bestaat niet."))
    return question


async def update_question(question: Question, *, values: dict[str, Any], actor: Actor) -> Question:
    clean = _question_values(values)
    async with in_transaction():
        await Question.filter(id=question.id).update(**clean)
        await audit.record(actor, "registration.question_updated", question)
    cache.clear_all()
    await question.refresh_from_db()
    return question


async def delete_question(question: Question, *, actor: Actor) -> None:
    async with in_transaction():
        await audit.record(actor, "registration.question_deleted", question, label=question.label)
        await question.delete()
