"""What the accounts services share, by name: actors, e-mail addresses, one-shot writes, digests and
account mail."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import AsyncIterator
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from festival import schemas
from festival.accounts.models import User
from festival.audit import Actor
from festival.errors import DomainError, ValidationError
from festival.i18n import _
from festival.mail import services as mail


def actor_for(user: User) -> Actor:
    return Actor("user", user.id, user.email)


EMAIL_MAX = schemas.EMAIL_MAX  # the longest address there can be, and the column's length


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def user_by_email(email: str, **filters: Any) -> User | None:
    """The user with this (normalised) address; None for an address longer than any user's."""
    if len(email) > EMAIL_MAX:
        return None
    return await User.get_or_none(email=email, **filters)


def check_email(email: str) -> None:
    if schemas.email_address(email) is None:
        raise ValidationError(
            "invalid_email",
            _("Vul een geldig e-mailadres in."),
            {"email": _("Ongeldig e-mailadres.")},
        )


def deliverable_email(email: str) -> str:
    """An address the mail area will accept (checked before anything is saved)."""
    address = schemas.normalised_email(email)
    if address is None:
        raise ValidationError(
            "invalid_email",
            _("Vul een geldig e-mailadres in."),
            {"email": _("Ongeldig e-mailadres.")},
        )
    return normalise_email(address)


@contextlib.asynccontextmanager
async def written_once(error: DomainError) -> AsyncIterator[None]:
    """One transaction; a unique-index clash (a parallel request won the race) becomes `error`."""
    try:
        async with in_transaction():
            yield
    except IntegrityError as clash:
        raise error from clash


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:40]


async def queue_account_mail(user: User, template: str, context: dict[str, Any]) -> None:
    await mail.queue_mail(
        user.email, template=template, context=context, language=user.language, event_id=None
    )
