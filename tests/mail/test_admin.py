"""Organiser pages: an event's outbox, one message with its preview, resend; failed jobs."""

from __future__ import annotations

import httpx

from festival import jobs
from festival.accounts.models import Role
from festival.mail import services as mail
from festival.mail.models import MailStatus, OutboxMessage
from festival.settings import Settings
from tests.conftest import run_jobs
from tests.factories import make_event, make_organisation, make_user
from tests.helpers import csrf_token, login
from tests.mail.smtp import free_port, job_settings

CONTEXT = {"heading": "Uw aanmelding <is> binnen", "paragraphs": ["Tot zaterdag."]}


async def _event_with_user(role: Role) -> tuple[str, str]:
    organisation = await make_organisation()
    event = await make_event(organisation)
    user = await make_user(role=role, organisation=organisation)
    return event.slug, user.email


async def _event_id(slug: str) -> int:
    from festival.events import services as events

    return (await events.get_event(slug)).id


async def test_outbox_lists_the_events_messages(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    slug, email = await _event_with_user(Role.ORGANISER)
    event_id = await _event_id(slug)
    sent = await mail.queue_mail(
        "anna@example.nl", template="notice", context=CONTEXT, event_id=event_id
    )
    await run_jobs(settings)
    await mail.queue_mail(
        "other@example.nl", template="notice", context=CONTEXT, event_id=event_id + 1, send=False
    )
    await login(client, email)

    response = await client.get(f"/admin/events/{slug}/mail")
    assert response.status_code == 200
    assert (
        f'<a href="/admin/events/{slug}/mail/{sent.id}">Uw aanmelding &lt;is&gt; binnen</a>'
        in response.text
    )
    assert "<td>anna@example.nl</td>" in response.text
    assert "Verstuurd</span>" in response.text
    assert "other@example.nl" not in response.text


async def test_outbox_is_in_english_at_lang_en(client: httpx.AsyncClient) -> None:
    slug, email = await _event_with_user(Role.OWNER)
    await login(client, email)
    response = await client.get(f"/admin/events/{slug}/mail?lang=en")
    assert "There are no messages for this event yet." in response.text


async def test_message_page_shows_text_and_sandboxed_html_preview(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    slug, email = await _event_with_user(Role.ORGANISER)
    message = await mail.queue_mail(
        "anna@example.nl",
        template="notice",
        context=CONTEXT,
        event_id=await _event_id(slug),
        attachments=[("ticket.pdf", "application/pdf", b"%PDF-1.7 abc")],
        send=False,
    )
    await login(client, email)

    page = await client.get(f"/admin/events/{slug}/mail/{message.id}")
    assert page.status_code == 200
    assert "<h1>Uw aanmelding &lt;is&gt; binnen</h1>" in page.text
    assert "ticket.pdf (application/pdf, 12 bytes)" in page.text
    assert "In de wachtrij</span>" in page.text
    assert '<pre class="mail-text">Beste lezer,' in page.text
    preview_url = f"/admin/events/{slug}/mail/{message.id}/preview"
    assert f'<iframe class="mail-preview" sandbox="" src="{preview_url}"' in page.text

    preview = await client.get(preview_url)
    assert preview.status_code == 200
    assert preview.text == message.html
    assert preview.headers["content-security-policy"].startswith(
        "default-src 'none'; style-src 'unsafe-inline'"
    )
    assert "sandbox" in preview.headers["content-security-policy"]
    assert preview.headers["x-frame-options"] == "SAMEORIGIN"


async def test_message_of_another_event_is_not_found(client: httpx.AsyncClient) -> None:
    slug, email = await _event_with_user(Role.ORGANISER)
    other = await mail.queue_mail(
        "anna@example.nl",
        template="notice",
        context=CONTEXT,
        event_id=await _event_id(slug) + 100,
        send=False,
    )
    await login(client, email)
    assert (await client.get(f"/admin/events/{slug}/mail/{other.id}")).status_code == 404
    assert (await client.get(f"/admin/events/{slug}/mail/{other.id}/preview")).status_code == 404


async def test_mail_pages_refuse_staff_and_strangers(client: httpx.AsyncClient) -> None:
    slug, staff = await _event_with_user(Role.STAFF)
    _other_slug, stranger = await _event_with_user(Role.OWNER)
    await login(client, staff)
    assert (await client.get(f"/admin/events/{slug}/mail")).status_code == 403
    assert (await client.get("/admin/system/jobs")).status_code == 403
    client.cookies.clear()
    await login(client, stranger)
    assert (await client.get(f"/admin/events/{slug}/mail")).status_code == 403


async def test_mail_pages_send_anonymous_visitors_to_login(client: httpx.AsyncClient) -> None:
    slug, _email = await _event_with_user(Role.OWNER)
    response = await client.get(f"/admin/events/{slug}/mail")
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=/admin/events/{slug}/mail"


async def test_resend_button_sends_a_failed_message(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    slug, email = await _event_with_user(Role.ORGANISER)
    message = await mail.queue_mail(
        "anna@example.nl",
        template="notice",
        context=CONTEXT,
        event_id=await _event_id(slug),
        send=False,
    )
    await OutboxMessage.filter(id=message.id).update(status=MailStatus.FAILED, tries=5)
    await login(client, email)

    response = await client.post(
        f"/admin/events/{slug}/mail/{message.id}/resend",
        data={"csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/events/{slug}/mail/{message.id}"
    await run_jobs(settings)
    assert (await OutboxMessage.get(id=message.id)).status == MailStatus.SENT
    page = await client.get(response.headers["location"])
    assert "Het bericht wordt opnieuw verstuurd." in page.text


async def test_smtp_down_shows_failed_job_to_owner_who_retries_it(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    slug, email = await _event_with_user(Role.OWNER)
    _other_slug, other_owner = await _event_with_user(Role.OWNER)
    down = job_settings(settings, smtp_url=f"smtp://127.0.0.1:{free_port()}")
    message = await mail.queue_mail(
        "anna@example.nl", template="notice", context=CONTEXT, event_id=await _event_id(slug)
    )
    await run_jobs(down)
    [failed] = await jobs.failed_jobs()
    await login(client, email)

    page = await client.get("/admin/system/jobs")
    assert page.status_code == 200
    assert '<th scope="row">send_mail</th>' in page.text
    assert (
        f'<code>{{"event_id": {await _event_id(slug)}, "message_id": {message.id}}}</code>'
        in page.text
    )
    assert "<summary>aiosmtplib.errors.SMTPConnectError: " in page.text
    assert (await client.get(f"/admin/events/{slug}/mail/{message.id}")).text.count(
        "Mislukt</span>"
    ) == 1

    up = job_settings(settings)  # no SMTP: the outbox folder
    response = await client.post(
        f"/admin/system/jobs/{failed.id}/retry", data={"csrf_token": await csrf_token(client)}
    )
    assert response.status_code == 303
    await run_jobs(up)
    assert (await OutboxMessage.get(id=message.id)).status == MailStatus.SENT
    page = await client.get("/admin/system/jobs")
    assert "De taak is opnieuw gestart." in page.text
    assert "Er zijn geen mislukte taken." in page.text

    # Another organisation's owner neither sees nor retries it.
    client.cookies.clear()
    await login(client, other_owner)
    assert "Er zijn geen mislukte taken." in (await client.get("/admin/system/jobs")).text
    response = await client.post(
        f"/admin/system/jobs/{failed.id}/retry", data={"csrf_token": await csrf_token(client)}
    )
    assert response.status_code == 404


async def test_platform_admin_sees_jobs_without_event(client: httpx.AsyncClient) -> None:
    admin = await make_user(is_admin=True)
    await jobs.record_failure("send_mail", {"message_id": 1}, RuntimeError("no event"), 5)
    await login(client, admin.email)
    page = await client.get("/admin/system/jobs")
    assert page.status_code == 200
    assert "<summary>RuntimeError: no event</summary>" in page.text
