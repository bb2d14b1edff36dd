"""Materials: checked by content and size like proposal attachments (a clear 4xx otherwise),
public only when approved, and removing one removes its file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from festival import audit
from festival.archive import services as archive
from festival.archive.demo import demo_pdf
from festival.archive.models import Material
from festival.archive.schemas import MaterialFileIn, RecordingIn
from festival.audit import AuditEntry
from festival.settings import Settings
from tests.archive.support import make_edition
from tests.helpers import csrf_from, login
from tests.submissions.support import make_partner

pytestmark = pytest.mark.usefixtures("database")


async def _upload(
    client: httpx.AsyncClient, url: str, name: str, content: bytes, **data: str
) -> httpx.Response:
    page = await client.get(url)
    return await client.post(
        url + "/materials",
        data={"csrf_token": csrf_from(page.text), "title": "Dia's", "kind": "slides", **data},
        files={"file": (name, content, "application/octet-stream")},
    )


@pytest.mark.parametrize(
    ("name", "content", "code_text"),
    [
        ("notes.txt", b"just text, no PDF", "Alleen PDF of een afbeelding"),
        ("leeg.pdf", b"", "Kies een bestand."),
        ("groot.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "groter dan 5 MB"),
    ],
    ids=["wrong-type", "empty", "too-large"],
)
async def test_material_upload_refused_with_4xx(
    client: httpx.AsyncClient, name: str, content: bytes, code_text: str
) -> None:
    edition = await make_edition()
    await archive.index_all()
    await login(client, edition.partner_user.email)
    response = await _upload(client, f"/partners/uitkomsten/{edition.lab.code}", name, content)
    assert response.status_code == 422
    assert code_text in response.text
    assert await Material.all().count() == 0


async def test_material_partner_upload_is_public_only_after_approval(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    edition = await make_edition()
    await archive.index_all()
    await login(client, edition.partner_user.email)
    pdf = demo_pdf("Burgerberaad")
    response = await _upload(client, f"/partners/uitkomsten/{edition.lab.code}", "d.pdf", pdf)
    assert response.status_code == 303
    material = await Material.get(session_id=edition.lab.id)
    assert (material.approved, material.content_type, material.size) == (
        False,
        "application/pdf",
        len(pdf),
    )
    assert (await client.get(f"/kennisbank/materialen/{material.id}")).status_code == 404
    assert "Dia&#39;s" not in (await client.get(f"/kennisbank/sessies/{edition.lab.code}")).text

    session = await archive.session_in_event(edition.event, edition.lab.code)
    await archive.approve_material(session, material.id, actor=audit.SYSTEM)
    download = await client.get(f"/kennisbank/materialen/{material.id}")
    assert download.status_code == 200
    assert download.content == pdf
    assert "Dia&#39;s" in (await client.get(f"/kennisbank/sessies/{edition.lab.code}")).text


async def test_material_remove_removes_its_file(settings: Settings) -> None:
    edition = await make_edition()
    session = await archive.session_in_event(edition.event, edition.lab.code)
    material = await archive.add_file(
        session,
        MaterialFileIn(title="Hand-out", kind="handout"),
        content=demo_pdf("Hand-out"),
        media_dir=settings.media_dir,
        actor=audit.SYSTEM,
    )
    assert material.stored_name is not None
    path: Path = settings.media_dir / "materials" / material.stored_name
    assert await asyncio.to_thread(path.is_file)
    await archive.remove_material(
        session, material.id, media_dir=settings.media_dir, actor=audit.SYSTEM
    )
    assert not await asyncio.to_thread(path.exists)
    assert await Material.all().count() == 0


async def test_material_recording_link_must_be_a_web_address(client: httpx.AsyncClient) -> None:
    edition = await make_edition()
    await archive.index_all()
    await login(client, edition.partner_user.email)
    url = f"/partners/uitkomsten/{edition.lab.code}"
    page = await client.get(url)
    response = await client.post(
        url + "/materials",
        data={
            "csrf_token": csrf_from(page.text),
            "kind": "recording",
            "title": "Opname",
            "url": "javascript:alert(1)",
        },
    )
    assert response.status_code == 422
    assert "https://" in response.text


async def test_material_partner_removes_own_after_confirming(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    edition = await make_edition()
    await archive.index_all()
    await login(client, edition.partner_user.email)
    url = f"/partners/uitkomsten/{edition.lab.code}"
    await _upload(client, url, "d.pdf", demo_pdf("Burgerberaad"))
    material = await Material.get(session_id=edition.lab.id)
    assert material.stored_name is not None
    path: Path = settings.media_dir / "materials" / material.stored_name
    assert await asyncio.to_thread(path.is_file)

    outcome_page = await client.get(url)
    remove = f"{url}/materials/{material.id}/remove"
    assert f'href="{remove}"' in outcome_page.text
    confirm = await client.get(remove)
    assert confirm.status_code == 200
    assert "Weet u zeker dat u “Dia&#39;s” (Dia's) bij de sessie" in confirm.text
    assert await Material.exists(id=material.id)  # asking removes nothing

    answer = await client.post(remove, data={"csrf_token": csrf_from(confirm.text)})
    assert answer.status_code == 303
    assert answer.headers["location"].endswith(f"{url}#materials")
    assert not await Material.exists(id=material.id)
    assert not await asyncio.to_thread(path.exists)
    entry = await AuditEntry.get(action="material.removed")
    assert (entry.actor_label, entry.data["title"]) == (edition.partner_user.email, "Dia's")


async def test_material_of_another_partner_cannot_be_removed(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    edition = await make_edition()
    await archive.index_all()
    session = await archive.session_in_event(edition.event, edition.lab.code)
    material = await archive.add_file(
        session,
        MaterialFileIn(title="Hand-out", kind="handout"),
        content=demo_pdf("Hand-out"),
        media_dir=settings.media_dir,
        actor=audit.SYSTEM,
    )
    _other, other_user = await make_partner(name="Gemeente Houten")
    await login(client, other_user.email)
    remove = f"/partners/uitkomsten/{edition.lab.code}/materials/{material.id}/remove"
    assert (await client.get(remove)).status_code == 404
    page = await client.get("/partners/uitkomsten")
    answer = await client.post(remove, data={"csrf_token": csrf_from(page.text)})
    assert answer.status_code == 404
    # The own partner asking for a material id of another session gets 404 too.
    await login(client, edition.partner_user.email)
    raad = await archive.session_in_event(edition.event, edition.raad.code)
    other = await archive.add_recording(
        raad, RecordingIn(title="Opname", url="https://video.example.org/x"), actor=audit.SYSTEM
    )
    wrong = f"/partners/uitkomsten/{edition.lab.code}/materials/{other.id}/remove"
    assert (await client.get(wrong)).status_code == 404
    assert await Material.filter(id__in=[material.id, other.id]).count() == 2
    assert material.stored_name is not None
    assert await asyncio.to_thread(
        (settings.media_dir / "materials" / material.stored_name).is_file
    )
