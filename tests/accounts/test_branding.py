"""An organisation's branding: the owner sets logo, colour and mail sender; the colour's text
is black or white by WCAG contrast; its event page shows them; bad input is refused in Dutch;
another organisation's owner cannot change them."""

from __future__ import annotations

import httpx
import pytest

from festival.accounts import services as accounts
from festival.accounts.models import Organisation, Role
from festival.events.models import EventStatus
from festival.mail import services as mail
from festival.mail.models import OutboxMessage
from tests.factories import make_event, make_organisation, make_user
from tests.helpers import csrf_from, login
from tests.programme.test_services import tiny_png


@pytest.mark.parametrize(
    ("colour", "text", "ratio"),
    [
        ("#1a5276", "#ffffff", 8.36),  # dark blue: white text
        ("#f4d03f", "#000000", 13.94),  # yellow: black text (white: 1.51)
        ("#777777", "#000000", 4.69),  # mid grey: white reaches only 4.48, black 4.69
        ("#767676", "#ffffff", 4.54),  # one step darker: white reaches 4.54
    ],
    ids=["dark-blue", "yellow", "grey-77", "grey-76"],
)
def test_text_colour_reaches_wcag_aa(colour: str, text: str, ratio: float) -> None:
    assert accounts.text_colour_for(colour) == text
    assert round(accounts.contrast_ratio(colour, text), 2) == ratio


async def _owner_page(client: httpx.AsyncClient) -> tuple[Organisation, str]:
    organisation = await make_organisation(name="Gemeente Zeist", slug="zeist")
    await make_event(organisation, slug="zeist-2027", status=EventStatus.PUBLISHED)
    await make_user(role=Role.OWNER, organisation=organisation, email="eigenaar@zeist.nl")
    await login(client, "eigenaar@zeist.nl")
    page = await client.get("/admin/organisations/zeist/branding")
    assert page.status_code == 200
    return organisation, csrf_from(page.text)


async def test_owner_sets_branding_and_event_page_shows_it(client: httpx.AsyncClient) -> None:
    organisation, token = await _owner_page(client)
    response = await client.post(
        "/admin/organisations/zeist/branding",
        data={
            "csrf_token": token,
            "colour": "#1A5276",
            "sender_name": "Griffie Zeist",
            "sender_address": "Griffie@Zeist.nl",
        },
        files={"logo": ("logo.png", tiny_png(), "image/png")},
    )
    assert response.status_code == 303
    await organisation.refresh_from_db()
    assert (
        organisation.colour,
        organisation.mail_sender_name,
        organisation.mail_sender_address,
    ) == ("#1a5276", "Griffie Zeist", "griffie@zeist.nl")
    assert organisation.logo.endswith(".png") and len(organisation.logo) == 36
    css = await client.get("/organisations/zeist/brand.css")
    assert css.text == ".brand { background: #1a5276; color: #ffffff; }\n"
    event_page = await client.get("/events/zeist-2027")
    assert '<link rel="stylesheet" href="/organisations/zeist/brand.css">' in event_page.text
    assert f'src="/media/organisations/{organisation.logo}"' in event_page.text
    logo = await client.get(f"/media/organisations/{organisation.logo}")
    assert logo.headers["content-type"] == "image/png"
    assert (await client.get("/media/organisations/..%2Fsecret.png")).status_code == 404


async def test_bad_colour_logo_and_sender_are_refused(client: httpx.AsyncClient) -> None:
    organisation, token = await _owner_page(client)
    response = await client.post(
        "/admin/organisations/zeist/branding",
        data={"csrf_token": token, "colour": "blauw", "sender_address": "geen adres"},
    )
    assert response.status_code == 422
    assert "Vul een kleur in als #rrggbb, bijvoorbeeld #1a5276." in response.text
    assert "Vul een geldig e-mailadres in." in response.text
    fake = await client.post(
        "/admin/organisations/zeist/branding",
        data={"csrf_token": token, "colour": "#1a5276"},
        files={"logo": ("logo.png", b"<svg onload=alert(1)>", "image/png")},
    )
    assert fake.status_code == 422
    assert "Kies een logo in PNG, JPEG of WebP." in fake.text
    await organisation.refresh_from_db()
    assert (organisation.colour, organisation.logo) == ("", "")


async def test_other_organisations_owner_is_refused(client: httpx.AsyncClient) -> None:
    await make_organisation(name="Gemeente Zeist", slug="zeist")
    other = await make_organisation(slug="elders")
    await make_user(role=Role.OWNER, organisation=other, email="ander@elders.nl")
    await login(client, "ander@elders.nl")
    assert (await client.get("/admin/organisations/zeist/branding")).status_code == 403


@pytest.mark.usefixtures("database")
async def test_event_mail_comes_from_the_organisations_sender() -> None:
    organisation = await make_organisation(
        name="Gemeente Zeist",
        slug="zeist",
        mail_sender_name="Griffie Zeist",
        mail_sender_address="griffie@zeist.nl",
    )
    event = await make_event(organisation, slug="zeist-2027")
    instance = "festival <noreply@festival.localhost>"
    assert await mail.sender_for(event.id, mail_from=instance) == (
        "Griffie Zeist <noreply@festival.localhost>",
        "griffie@zeist.nl",
    )
    plain = await make_event(await make_organisation(slug="elders"), slug="elders-2027")
    assert await mail.sender_for(plain.id, mail_from=instance) == (instance, "")
    assert await mail.sender_for(None, mail_from=instance) == (instance, "")
    message = await OutboxMessage.create(to="a@b.nl", subject="Hallo", text="Tekst")
    await message.fetch_related("attachments")
    email = mail.build_email(
        message, mail_from="Griffie Zeist <noreply@festival.localhost>", reply_to="griffie@zeist.nl"
    )
    assert (email["From"], email["Reply-To"]) == (
        "Griffie Zeist <noreply@festival.localhost>",
        "griffie@zeist.nl",
    )
