"""Mail: rendering in Dutch and English, the outbox, delivery by SMTP and to .eml files."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from tortoise.transactions import in_transaction

from festival import jobs
from festival.audit import AuditEntry
from festival.errors import Conflict, ValidationError
from festival.mail import services as mail
from festival.mail.models import MailStatus, OutboxMessage
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.mail.smtp import Recorder, job_settings, smtp_server

CONTEXT = {
    "heading": "Uw aanmelding is binnen",
    "paragraphs": ["U staat ingeschreven voor de workshop Raad op Zaterdag & meer."],
    "name": "Anna de Vries",
    "when": datetime(2027, 3, 20, 8, 30, tzinfo=UTC),
    "action_url": "https://festival.example.nl/r/abc?x=1&y=2",
    "action_label": "Bekijk uw aanmelding",
    "event_name": "Dag van de Lokale Democratie 2027",
    "contact_email": "info@dld.example.nl",
}
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\r\n\x00end"


def _parse(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _parts(parsed: EmailMessage) -> dict[str, str]:
    body = {}
    for part in parsed.walk():
        if part.get_content_type() in ("text/plain", "text/html") and not part.is_attachment():
            body[part.get_content_type()] = part.get_content()
    return body


def _eml_files(settings: Settings) -> list[Path]:
    return sorted(settings.outbox_dir.glob("*.eml")) if settings.outbox_dir.exists() else []


async def test_queue_mail_renders_dutch_by_default(database: None) -> None:
    message = await mail.queue_mail(
        "anna@example.nl", template="notice", context=CONTEXT, send=False
    )
    assert message.subject == "Uw aanmelding is binnen"
    assert message.language == "nl"
    assert message.text.startswith(
        "Beste Anna de Vries,\n\nU staat ingeschreven voor de workshop Raad op Zaterdag & meer.\n"
    )
    assert "Wanneer: 20 maart 2027, 09:30" in message.text
    assert "Bekijk uw aanmelding:\nhttps://festival.example.nl/r/abc?x=1&y=2" in message.text
    assert "Met vriendelijke groet,\nDag van de Lokale Democratie 2027" in message.text
    assert "Dit bericht is automatisch verstuurd door festival." in message.text
    assert '<html lang="nl">' in message.html
    assert "<title>Uw aanmelding is binnen</title>" in message.html
    assert "Raad op Zaterdag &amp; meer." in message.html
    assert 'href="https://festival.example.nl/r/abc?x=1&amp;y=2"' in message.html
    assert "Werkt de knop niet? Kopieer dan deze link:" in message.html


async def test_queue_mail_renders_english_when_asked(database: None) -> None:
    message = await mail.queue_mail(
        "anna@example.nl", template="notice", context=CONTEXT, language="en", send=False
    )
    assert message.language == "en"
    assert message.text.startswith("Dear Anna de Vries,\n")
    assert "When: March 20, 2027, 09:30" in message.text
    assert "Kind regards,\nDag van de Lokale Democratie 2027" in message.text
    assert "This message was sent automatically by festival." in message.text
    assert '<html lang="en">' in message.html
    assert "Does the button not work? Copy this link:" in message.html
    assert "Beste" not in message.text + message.html


async def test_queue_mail_refuses_invalid_address_and_stores_nothing(database: None) -> None:
    with pytest.raises(ValidationError) as caught:
        await mail.queue_mail("anna@@example", template="notice", context=CONTEXT)
    assert caught.value.code == "invalid_email"
    assert caught.value.fields == {"to": "Vul een geldig e-mailadres in."}
    assert await OutboxMessage.all().count() == 0


async def test_queue_mail_stores_attachments_and_audit(database: None) -> None:
    message = await mail.queue_mail(
        "anna@example.nl",
        template="notice",
        context=CONTEXT,
        event_id=7,
        attachments=[("ticket.pdf", "application/pdf", PDF)],
        send=False,
    )
    stored = await OutboxMessage.get(id=message.id).prefetch_related("attachments")
    assert [(a.filename, a.content_type, bytes(a.content)) for a in stored.attachments] == [
        ("ticket.pdf", "application/pdf", PDF)
    ]
    entry = await AuditEntry.get(action="mail.queued")
    assert (entry.subject_type, entry.subject_id, entry.event_id, entry.data) == (
        "outboxmessage",
        str(message.id),
        7,
        {"template": "notice"},
    )


async def test_deliver_writes_eml_file_without_smtp(database: None, settings: Settings) -> None:
    message = await mail.queue_mail(
        "anna@example.nl", template="notice", context=CONTEXT, event_id=3
    )
    await run_jobs(settings)

    files = _eml_files(settings)
    assert [f.name.endswith(f"-{message.id}.eml") for f in files] == [True]
    parsed = _parse(files[0].read_bytes())
    assert parsed["To"] == "anna@example.nl"
    assert parsed["From"] == settings.mail_from
    assert parsed["Subject"] == "Uw aanmelding is binnen"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["Content-Language"] == "nl"
    assert parsed["Message-ID"].startswith(f"<outbox.{message.id}.")
    assert parsed["Message-ID"].endswith("@festival.localhost>")
    assert parsed["Date"]
    assert parsed.get_content_type() == "multipart/alternative"
    parts = _parts(parsed)
    assert parts["text/plain"].replace("\r\n", "\n") == message.text
    assert parts["text/html"].replace("\r\n", "\n").strip() == message.html.strip()

    sent = await OutboxMessage.get(id=message.id)
    assert (sent.status, sent.tries, sent.error) == (MailStatus.SENT, 1, "")
    assert sent.sent_at is not None


async def test_deliver_skips_message_already_sent(database: None, settings: Settings) -> None:
    message = await mail.queue_mail(
        "anna@example.nl", template="notice", context=CONTEXT, send=False
    )
    await mail.deliver(message.id, settings=settings)
    await mail.deliver(message.id, settings=settings)
    assert len(_eml_files(settings)) == 1
    assert (await OutboxMessage.get(id=message.id)).tries == 1


async def test_deliver_of_deleted_message_does_nothing(database: None, settings: Settings) -> None:
    message = await mail.queue_mail(
        "anna@example.nl", template="notice", context=CONTEXT, send=False
    )
    await message.delete()
    await mail.deliver(message.id, settings=settings)
    assert _eml_files(settings) == []


async def test_deliver_over_smtp_sends_headers_both_parts_and_attachment(
    database: None, settings: Settings, smtp: tuple[Recorder, int]
) -> None:
    recorder, port = smtp
    smtp_settings = job_settings(
        settings, smtp_url=f"smtp://127.0.0.1:{port}", mail_from="DLD 2027 <noreply@dld.example.nl>"
    )
    message = await mail.queue_mail(
        "anna@example.nl",
        template="notice",
        context=CONTEXT,
        language="en",
        attachments=[("ticket.pdf", "application/pdf", PDF)],
    )
    await run_jobs(smtp_settings)

    assert [(e.mail_from, e.rcpt_tos) for e in recorder.envelopes] == [
        ("noreply@dld.example.nl", ["anna@example.nl"])
    ]
    raw = recorder.envelopes[0].original_content
    assert raw is not None
    parsed = _parse(raw)
    assert parsed["From"] == "DLD 2027 <noreply@dld.example.nl>"
    assert parsed["Subject"] == "Uw aanmelding is binnen"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["Message-ID"].endswith("@dld.example.nl>")
    assert parsed.get_content_type() == "multipart/mixed"
    assert [p.get_content_type() for p in parsed.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "application/pdf",
    ]
    parts = _parts(parsed)
    assert parts["text/plain"].replace("\r\n", "\n") == message.text
    assert "Kind regards," in parts["text/html"]
    attachments = list(parsed.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["ticket.pdf"]
    assert attachments[0].get_content() == PDF
    assert _eml_files(smtp_settings) == []
    assert (await OutboxMessage.get(id=message.id)).status == MailStatus.SENT


async def test_deliver_over_smtp_logs_in_with_url_credentials(
    database: None, settings: Settings
) -> None:
    with smtp_server(username="festival@dld.nl", password="p:ss w@rd") as (recorder, port):
        smtp_settings = job_settings(
            settings, smtp_url=f"smtp://festival%40dld.nl:p%3Ass%20w%40rd@127.0.0.1:{port}"
        )
        await mail.queue_mail("anna@example.nl", template="notice", context=CONTEXT)
        await run_jobs(smtp_settings)
    assert recorder.logins == ["festival@dld.nl"]
    assert len(recorder.envelopes) == 1


def test_smtp_options_read_the_url() -> None:
    assert mail.smtp_options("smtps://user%40x.nl:p%3Ass@mail.example.nl") == {
        "hostname": "mail.example.nl",
        "port": 465,
        "username": "user@x.nl",
        "password": "p:ss",
        "use_tls": True,
        "start_tls": False,
        "timeout": 30,
    }
    assert mail.smtp_options("smtp://mail.example.nl?starttls=1") | {} == {
        "hostname": "mail.example.nl",
        "port": 587,
        "username": None,
        "password": None,
        "use_tls": False,
        "start_tls": True,
        "timeout": 30,
    }
    assert mail.smtp_options("smtp://localhost:2525")["port"] == 2525
    with pytest.raises(ValueError, match="smtp:// or smtps://"):
        mail.smtp_options("http://mail.example.nl")


async def _register_with_mail(*, fail: bool) -> OutboxMessage:
    """Stands for another area's service: its own transaction, mail queued inside it."""
    async with in_transaction():
        message = await mail.queue_mail(
            "anna@example.nl", template="notice", context=CONTEXT, send=False
        )
        if fail:
            raise Conflict("session_full", "Vol")
    await mail.send_queued([message.id])
    return message


async def test_rollback_of_callers_transaction_sends_nothing(
    database: None, settings: Settings
) -> None:
    with pytest.raises(Conflict):
        await _register_with_mail(fail=True)
    await run_jobs(settings)
    assert await OutboxMessage.all().count() == 0
    assert _eml_files(settings) == []


async def test_commit_of_callers_transaction_sends_after_it(
    database: None, settings: Settings
) -> None:
    message = await _register_with_mail(fail=False)
    await run_jobs(settings)
    assert (await OutboxMessage.get(id=message.id)).status == MailStatus.SENT
    assert len(_eml_files(settings)) == 1


async def test_queue_mail_with_send_inside_a_transaction_is_refused(database: None) -> None:
    with pytest.raises(RuntimeError, match="send=False"):
        async with in_transaction():
            await mail.queue_mail("anna@example.nl", template="notice", context=CONTEXT)
    assert await OutboxMessage.all().count() == 0


async def test_smtp_down_retries_then_marks_failed_and_stores_failed_job(
    database: None, settings: Settings
) -> None:
    from tests.mail.smtp import free_port

    down = job_settings(settings, smtp_url=f"smtp://127.0.0.1:{free_port()}")
    message = await mail.queue_mail(
        "anna@example.nl", template="notice", context=CONTEXT, event_id=11
    )
    await run_jobs(down)

    failed_message = await OutboxMessage.get(id=message.id)
    assert (failed_message.status, failed_message.tries) == (MailStatus.FAILED, jobs.MAX_TRIES)
    assert failed_message.error.startswith("SMTPConnectError: ")
    [failed] = await jobs.failed_jobs()
    assert (failed.name, failed.kwargs, failed.tries, failed.event_id) == (
        "send_mail",
        {"message_id": message.id, "event_id": 11},
        jobs.MAX_TRIES,
        11,
    )
    assert failed.summary.startswith("aiosmtplib.errors.SMTPConnectError: ")

    # Once the server is back, retrying the failed job sends the message.
    with smtp_server() as (recorder, port):
        up = job_settings(settings, smtp_url=f"smtp://127.0.0.1:{port}")
        assert await jobs.retry_failed(failed.id) is not None
        await run_jobs(up)
    assert len(recorder.envelopes) == 1
    assert (await OutboxMessage.get(id=message.id)).status == MailStatus.SENT
    assert await jobs.failed_jobs() == []


async def test_resend_sends_a_failed_message_again(database: None, settings: Settings) -> None:
    message = await mail.queue_mail(
        "anna@example.nl", template="notice", context=CONTEXT, event_id=5, send=False
    )
    await OutboxMessage.filter(id=message.id).update(
        status=MailStatus.FAILED, tries=5, error="boom"
    )
    again = await mail.resend(message.id, event_id=5, actor=mail.audit.SYSTEM)
    await run_jobs(settings)
    assert again.id == message.id
    assert (await OutboxMessage.get(id=message.id)).status == MailStatus.SENT
    assert len(_eml_files(settings)) == 1


async def test_resend_of_a_sent_message_sends_a_copy(database: None, settings: Settings) -> None:
    message = await mail.queue_mail(
        "anna@example.nl",
        template="notice",
        context=CONTEXT,
        event_id=5,
        attachments=[("ticket.pdf", "application/pdf", PDF)],
    )
    await run_jobs(settings)
    copy = await mail.resend(message.id, event_id=5, actor=mail.audit.SYSTEM)
    await run_jobs(settings)
    assert copy.id != message.id
    assert await OutboxMessage.filter(event_id=5, status=MailStatus.SENT).count() == 2
    files = _eml_files(settings)
    assert len(files) == 2
    assert [a.get_content() for a in _parse(files[1].read_bytes()).iter_attachments()] == [PDF]


async def test_resend_of_another_events_message_is_not_found(database: None) -> None:
    message = await mail.queue_mail(
        "anna@example.nl", template="notice", context=CONTEXT, event_id=5, send=False
    )
    with pytest.raises(mail.NotFound):
        await mail.resend(message.id, event_id=6, actor=mail.audit.SYSTEM)
