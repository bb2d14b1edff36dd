"""Outgoing e-mail: render a template (Dutch or English), store it in the outbox, send it by a job.

How to send mail from another area's service (the one path):

    async with in_transaction():
        ...your writes, audit.record(...)...
        message = await mail.queue_mail(to, template=..., context=..., send=False)
    await mail.send_queued([message.id])      # after the block: a rollback sends nothing

Outside any transaction `queue_mail(...)` (send=True, the default) stores and queues at once.
`queue_mail(..., send=True)` inside an open transaction raises RuntimeError, because the job
could run before the commit. `deliver` (the job's work) is idempotent: a sent message is skipped.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import aiosmtplib
from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.expressions import F, Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from festival import audit, clock, i18n, jobs, schemas, templating
from festival.accounts import queries as accounts
from festival.accounts.models import Role, User
from festival.errors import NotFound, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.jobs import FailedJob
from festival.mail.models import STALE_CLAIM_SECONDS, MailAttachment, MailStatus, OutboxMessage
from festival.mail.services.privacy import message_ids_to as message_ids_to
from festival.mail.services.privacy import personal_data as personal_data
from festival.mail.services.senders import sender_for as sender_for
from festival.settings import Settings

log = logging.getLogger("festival.mail")

Attachment = tuple[str, str, bytes]  # filename, content type, content
SMTP_TIMEOUT = 30


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def render_mail(template: str, context: dict[str, Any], *, language: str = "nl") -> RenderedMail:
    """Render mail/<template>.subject.txt, .txt and .html in `language`."""
    env = templating.environment
    with i18n.language(language):
        subject = env.get_template(f"mail/{template}.subject.txt").render(context)
        text = env.get_template(f"mail/{template}.txt").render(context)
        html = env.get_template(f"mail/{template}.html").render({**context, "subject": subject})
    # One line, no header injection, within the column size.
    subject = " ".join(subject.split())[:300]
    return RenderedMail(subject=subject, text=text.strip() + "\n", html=html)


# ---------------------------------------------------------------- queueing


def _in_open_transaction() -> bool:
    return isinstance(connections.get("default"), TransactionalDBClient)


def _checked_address(to: str) -> str:
    address = schemas.normalised_email(to)
    if address is None:
        raise ValidationError(
            "invalid_email", _("Ongeldig e-mailadres."), {"to": _("Vul een geldig e-mailadres in.")}
        )
    return address


async def queue_mail(
    to: str,
    *,
    template: str,
    context: dict[str, Any],
    language: str = "nl",
    event_id: int | None = None,
    attachments: list[Attachment] | tuple[Attachment, ...] = (),
    automated: bool = True,
    send: bool = True,
    actor: audit.Actor = audit.SYSTEM,
) -> OutboxMessage:
    """Render and store one message with its attachments; queue send_mail when `send`.
    Side effects: outbox row, audit `mail.queued`, a send_mail job after commit.
    Raises ValidationError(invalid_email)."""
    if send and _in_open_transaction():
        raise RuntimeError(
            "queue_mail inside a transaction: pass send=False, then call "
            "send_queued([message.id]) after the transaction block"
        )
    address = _checked_address(to)
    language = language if language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    rendered = render_mail(template, context, language=language)
    async with in_transaction():
        message = await OutboxMessage.create(
            to=address,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            template=template,
            language=language,
            event_id=event_id,
            automated=automated,
        )
        for filename, content_type, content in attachments:
            await MailAttachment.create(
                message=message,
                filename=filename,
                content_type=content_type,
                content=bytes(content),
            )
        await audit.record(actor, "mail.queued", message, event_id=event_id, template=template)
    if send:
        await send_queued([message.id])
    return message


async def send_queued(message_ids: list[int]) -> None:
    """Queue send_mail for stored messages. Call after the transaction that stored them."""
    rows = await OutboxMessage.filter(id__in=message_ids).values_list("id", "event_id")
    for message_id, event_id in rows:
        await jobs.enqueue(
            "send_mail", _job_id=f"send_mail:{message_id}", message_id=message_id, event_id=event_id
        )


async def send_unsent(*, older_than: timedelta, stopped_sender: bool = False) -> int:
    """Queue send_mail again for stored messages still waiting longer than `older_than`: a
    message whose job was lost with a stopped process still goes out. Sending claims each
    message, so a message queued twice is sent once. `stopped_sender`: the only job process
    was stopped, so messages it was sending are queued again at once (the outbox folder gets
    the same file again; an SMTP server may get a message twice only if the stop fell between
    its answer and the status update). Returns how many were queued."""
    before = clock.now() - older_than
    if stopped_sender:
        await OutboxMessage.filter(status=MailStatus.SENDING).update(
            status=MailStatus.QUEUED, claimed_at=None
        )
    ids = await OutboxMessage.filter(status=MailStatus.QUEUED, created_at__lte=before).values_list(
        "id", flat=True
    )
    await send_queued(list(ids))  # type: ignore[arg-type]
    return len(ids)


async def resend(message_id: int, *, event_id: int, actor: audit.Actor) -> OutboxMessage:
    """Send a message again: a failed or waiting one as it is, a sent one as a new copy.
    Side effects: audit `mail.resent`, a send_mail job. Raises NotFound(message_not_found)."""
    async with in_transaction():
        message = await OutboxMessage.get_or_none(id=message_id, event_id=event_id)
        if message is None:
            raise NotFound("message_not_found", _("Dit bericht bestaat niet."))
        if message.status == MailStatus.SENT:
            message = await _copy(message)
        else:
            message.status = MailStatus.QUEUED
            message.claimed_at = None
            await message.save(update_fields=["status", "claimed_at"])
        await audit.record(actor, "mail.resent", message, original_id=message_id)
    # A fresh job id: arq remembers finished ids for an hour and would drop a repeat.
    await jobs.enqueue(
        "send_mail",
        _job_id=f"send_mail:{message.id}:{secrets.token_hex(4)}",
        message_id=message.id,
        event_id=message.event_id,
    )
    return message


async def _copy(message: OutboxMessage) -> OutboxMessage:
    copy = await OutboxMessage.create(
        to=message.to,
        subject=message.subject,
        text=message.text,
        html=message.html,
        template=message.template,
        language=message.language,
        event_id=message.event_id,
        automated=message.automated,
    )
    for attachment in await MailAttachment.filter(message_id=message.id):
        await MailAttachment.create(
            message=copy,
            filename=attachment.filename,
            content_type=attachment.content_type,
            content=attachment.content,
        )
    return copy


async def messages_to(event_id: int, emails: set[str]) -> list[int]:
    """Ids of the event's outbox messages to one of these (lower-case) addresses (retention)."""
    rows = await OutboxMessage.filter(event_id=event_id).values_list("id", "to")
    return [message_id for message_id, to in rows if str(to).strip().lower() in emails]


async def purge_messages(message_ids: list[int]) -> int:
    """Delete outbox messages and their attachments (retention), inside the caller's
    transaction; returns how many messages went."""
    await MailAttachment.filter(message_id__in=message_ids).delete()
    return await OutboxMessage.filter(id__in=message_ids).delete()


# ---------------------------------------------------------------- reading


async def outbox_for_event(
    event_id: int, *, limit: int = 200, offset: int = 0
) -> list[OutboxMessage]:
    return await OutboxMessage.filter(event_id=event_id).offset(offset).limit(limit)


async def message_for_event(message_id: int, *, event_id: int) -> OutboxMessage:
    """One message of the event with its attachments loaded. Raises NotFound."""
    message = await OutboxMessage.get_or_none(id=message_id, event_id=event_id).prefetch_related(
        "attachments"
    )
    if message is None:
        raise NotFound("message_not_found", _("Dit bericht bestaat niet."))
    return message


# ---------------------------------------------------------------- delivery


async def deliver(message_id: int, *, settings: Settings, last_try: bool = True) -> None:
    """Send one stored message by SMTP or into the outbox folder; skip it when already sent.
    Side effects: status sent (or queued/failed with the error; failed when `last_try`),
    tries + 1. Re-raises the delivery error so the job retries."""
    if not await _claim(message_id):
        return
    message = await OutboxMessage.get(id=message_id).prefetch_related("attachments")
    try:
        sender, reply_to = await sender_for(message.event_id, mail_from=settings.mail_from)
        email = build_email(message, mail_from=sender, reply_to=reply_to)
        if settings.smtp_url:
            await _send_smtp(email, settings.smtp_url)
        else:
            await asyncio.to_thread(_write_eml, email, message, settings.outbox_dir)
    except Exception as error:
        status = MailStatus.FAILED if last_try else MailStatus.QUEUED
        await OutboxMessage.filter(id=message_id).update(
            status=status,
            tries=F("tries") + 1,
            error=f"{type(error).__name__}: {error}"[:4000],
            claimed_at=None,
        )
        raise
    await OutboxMessage.filter(id=message_id).update(
        status=MailStatus.SENT, tries=F("tries") + 1, error="", sent_at=clock.now(), claimed_at=None
    )


async def _claim(message_id: int) -> bool:
    """Mark the message as being sent by this worker; False when it is gone, sent, or busy."""
    stale = clock.now() - timedelta(seconds=STALE_CLAIM_SECONDS)
    claimable = Q(status__in=[MailStatus.QUEUED, MailStatus.FAILED]) | Q(
        status=MailStatus.SENDING, claimed_at__lt=stale
    )
    rows = await OutboxMessage.filter(claimable, id=message_id).update(
        status=MailStatus.SENDING, claimed_at=clock.now()
    )
    if rows != 1:
        log.info("mail %s not sent now: gone, already sent or being sent", message_id)
    return rows == 1


def build_email(message: OutboxMessage, *, mail_from: str, reply_to: str = "") -> EmailMessage:
    """The MIME message: text and HTML as alternatives, then the attachments."""
    email = EmailMessage(policy=SMTP)
    email["From"] = mail_from
    if reply_to:
        email["Reply-To"] = reply_to
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = format_datetime(clock.now())
    email["Message-ID"] = message_id_header(message, mail_from=mail_from)
    if message.automated:
        email["Auto-Submitted"] = "auto-generated"
        email["X-Auto-Response-Suppress"] = "All"
    email.set_content(message.text, subtype="plain", charset="utf-8")
    if message.html:
        email.add_alternative(message.html, subtype="html", charset="utf-8")
    for attachment in message.attachments:
        maintype, _sep, subtype = attachment.content_type.partition("/")
        email.add_attachment(
            bytes(attachment.content),
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    # After the body: set_content() and add_attachment() drop or move Content-* headers.
    email["Content-Language"] = message.language
    return email


def message_id_header(message: OutboxMessage, *, mail_from: str) -> str:
    """Stable across retries, so a receiver can drop a duplicate of the same message."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "festival.localhost"
    return f"<outbox.{message.id}.{int(message.created_at.timestamp())}@{domain}>"


def smtp_options(smtp_url: str) -> dict[str, Any]:
    """aiosmtplib.send options from smtp://user:pass@host:port (smtps:// = implicit TLS,
    ?starttls=1 = upgrade the plain connection)."""
    url = urlparse(smtp_url)
    if url.scheme not in ("smtp", "smtps"):
        raise ValueError(
            f"FESTIVAL_SMTP_URL must start with smtp:// or smtps://, not {url.scheme}://"
        )
    query = parse_qs(url.query)
    starttls = query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes")
    implicit = url.scheme == "smtps"
    return {
        "hostname": url.hostname or "localhost",
        "port": url.port or (465 if implicit else 587 if starttls else 25),
        "username": unquote(url.username) if url.username else None,
        "password": unquote(url.password) if url.password else None,
        "use_tls": implicit,
        "start_tls": starttls,
        "timeout": SMTP_TIMEOUT,
    }


async def _send_smtp(email: EmailMessage, smtp_url: str) -> None:
    await aiosmtplib.send(email, **smtp_options(smtp_url))


def _write_eml(email: EmailMessage, message: OutboxMessage, outbox_dir: Path) -> Path:
    """Write <outbox>/<stored at>-<id>.eml atomically (a reader never sees half a file). The
    name depends on the message alone: a message written again replaces its own file."""
    outbox_dir.mkdir(parents=True, exist_ok=True)
    stamp = message.created_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = outbox_dir / f"{stamp}-{message.id}.eml"
    partial = path.with_suffix(".eml.part")
    partial.write_bytes(email.as_bytes())
    partial.replace(path)
    return path


# ---------------------------------------------------------------- failed jobs (all areas)


async def failed_jobs_for(user: User) -> list[FailedJob]:
    """Failed jobs the user may see: all for a platform admin, else those of the events of
    organisations the user owns (jobs without an event are for platform admins only)."""
    if user.is_admin:
        return await jobs.failed_jobs()
    event_ids = await _owned_event_ids(user)
    return await FailedJob.filter(event_id__in=event_ids, retried_at__isnull=True).limit(200)


async def retry_failed_job(failed_id: int, *, user: User, actor: audit.Actor) -> FailedJob:
    """Queue a failed job again. Side effects: audit `job.retried`, the job.
    Raises NotFound(job_not_found) when it does not exist, was retried, or is not the user's."""
    visible = user.is_admin or await FailedJob.exists(
        id=failed_id, event_id__in=await _owned_event_ids(user)
    )
    failed = await jobs.retry_failed(failed_id) if visible else None
    if failed is None:
        raise NotFound("job_not_found", _("Deze taak bestaat niet of is al opnieuw gestart."))
    await audit.record(actor, "job.retried", failed, event_id=failed.event_id, job=failed.name)
    return failed


async def _owned_event_ids(user: User) -> list[int]:
    # A read of the events table by organisation; the events area has no such query yet.
    organisations = await accounts.organisations_for(user, (Role.OWNER,))
    ids: list[int] = await Event.filter(
        organisation_id__in=[o.id for o in organisations]
    ).values_list("id", flat=True)  # type: ignore[assignment]
    return ids


async def already_queued(*, template: str, event_id: int | None, to: str, subject: str) -> bool:
    """Whether this exact mail (template, event, address, subject) is already in the outbox:
    lets a retried job that mails many people skip the ones it reached before."""
    return await OutboxMessage.filter(
        template=template, event_id=event_id, to__iexact=to.strip(), subject=subject
    ).exists()


async def mail_counts() -> dict[str, int]:
    """Outbox messages of this instance per status: queued, sending, sent, failed (operations'
    metrics; every status appears, 0 when none)."""
    rows = (
        await OutboxMessage.all().group_by("status").annotate(n=Count("id")).values("status", "n")
    )
    counts = {str(status): 0 for status in MailStatus}
    counts.update({str(row["status"]): int(row["n"]) for row in rows})
    return counts
