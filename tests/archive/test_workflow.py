"""The outcome workflow: the partner fills it in after the session, the organiser approves,
the archive shows it; a draft or submitted outcome is never public."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from festival import audit
from festival.archive import queries
from festival.archive import services as archive
from festival.archive.models import Outcome, OutcomeState
from festival.archive.schemas import OutcomeIn
from festival.audit import AuditEntry
from festival.errors import Conflict, ValidationError
from tests.archive.support import make_edition
from tests.helpers import csrf_from, login

pytestmark = pytest.mark.usefixtures("database")

LAB_FORM = {
    "question": "Werkt loting voor een burgerberaad?",
    "method": "Veertig gelote inwoners, vier avonden",
    "council": "Gemeenteraad van Zeist",
    "happened": "Twaalf aanbevelingen, tien overgenomen",
    "verdict": "werkt",
    "why": "De raad beloofde vooraf wat hij met het advies deed",
}


async def _post_form(
    client: httpx.AsyncClient, url: str, data: dict, **extra: object
) -> httpx.Response:
    page = await client.get(url)
    assert page.status_code == 200, page.text
    return await client.post(url, data={**data, "csrf_token": csrf_from(page.text)}, **extra)


async def test_outcome_partner_fills_in_organiser_approves_archive_shows(
    client: httpx.AsyncClient,
) -> None:
    edition = await make_edition()
    await archive.index_all()
    code = edition.lab.code
    await login(client, edition.partner_user.email)
    listing = await client.get("/partners/uitkomsten")
    assert edition.lab.title in listing.text
    assert edition.raad.title not in listing.text  # not the partner's session

    form = {**LAB_FORM, "why_tags": ["timing", "rol_van_de_raad"], "submit": "1"}
    response = await _post_form(client, f"/partners/uitkomsten/{code}", form)
    assert response.status_code == 303
    outcome = await Outcome.get(session_id=edition.lab.id)
    assert (outcome.state, outcome.verdict, outcome.why_tags) == (
        OutcomeState.SUBMITTED,
        "werkt",
        ["timing", "rol_van_de_raad"],
    )
    # Submitted, not approved: nothing public yet.
    public = await client.get(f"/kennisbank/sessies/{code}")
    assert public.status_code == 200
    assert "Twaalf aanbevelingen" not in public.text
    assert (await client.get("/kennisbank", params={"outcome": "werkt"})).text.count(
        edition.lab.title
    ) == 0

    await client.post("/logout", data={"csrf_token": csrf_from(listing.text)})
    await login(client, edition.organiser.email)
    admin_url = f"/admin/events/{edition.event.slug}/outcomes/{code}"
    page = await client.get(admin_url)
    assert page.status_code == 200
    approved = await client.post(admin_url + "/approve", data={"csrf_token": csrf_from(page.text)})
    assert approved.status_code == 303

    public = await client.get(f"/kennisbank/sessies/{code}")
    assert "Twaalf aanbevelingen, tien overgenomen" in public.text
    assert "Gemeente Zeist" in public.text
    found = await client.get("/kennisbank", params={"outcome": "werkt"})
    assert edition.lab.title in found.text
    assert "1 sessie gevonden" in found.text
    actions = await AuditEntry.filter(subject_type="outcome").values_list("action", flat=True)
    assert sorted(actions) == ["outcome.approved", "outcome.submitted"]


async def test_outcome_draft_is_never_public() -> None:
    edition = await make_edition()
    await archive.index_all()
    session = await archive.session_in_event(edition.event, edition.lab.code)
    await archive.save_outcome(session, OutcomeIn(**LAB_FORM), actor=audit.SYSTEM)
    page = await queries.archive_page(edition.lab.code)
    assert page.outcome is None
    result = await queries.search_archive(queries.SearchFilters(q="aanbevelingen"))
    assert result.total == 0
    result = await queries.search_archive(queries.SearchFilters(outcome="werkt"))
    assert result.total == 0


async def test_outcome_submit_incomplete_is_refused() -> None:
    edition = await make_edition()
    session = await archive.session_in_event(edition.event, edition.lab.code)
    with pytest.raises(ValidationError) as refused:
        await archive.save_outcome(
            session, OutcomeIn(question="Iets"), actor=audit.SYSTEM, submit=True
        )
    assert refused.value.code == "outcome_incomplete"
    assert set(refused.value.fields) == {"happened", "verdict"}
    assert not await Outcome.exists(session_id=edition.lab.id)


async def test_outcome_approved_partner_cannot_change_it() -> None:
    edition = await make_edition()
    session = await archive.session_in_event(edition.event, edition.raad.code)
    data = OutcomeIn(council="Raad van Zeist", theme="Schoolroutes", residents=85)
    await archive.save_outcome(session, data, actor=audit.SYSTEM, submit=True)
    await archive.approve_outcome(session, event=edition.event, actor=audit.SYSTEM)
    with pytest.raises(Conflict) as refused:
        await archive.save_outcome(session, data, actor=audit.SYSTEM)
    assert refused.value.code == "outcome_approved"
    entry = (await queries.search_archive(queries.SearchFilters(q="schoolroutes"))).entries
    assert [e.code for e in entry] == [edition.raad.code]


async def test_outcome_before_the_session_ended_is_refused() -> None:
    edition = await make_edition(starts_at=datetime(2027, 6, 12, 8, tzinfo=UTC))
    session = await archive.session_in_event(edition.event, edition.workshop.code)
    with pytest.raises(Conflict) as refused:
        await archive.save_outcome(session, OutcomeIn(summary="x"), actor=audit.SYSTEM)
    assert refused.value.code == "session_not_ended"


async def test_outcome_admin_list_and_roles(client: httpx.AsyncClient) -> None:
    edition = await make_edition()
    await archive.index_all()
    slug = edition.event.slug
    await login(client, edition.partner_user.email)
    # The partner sees only its own sessions, and no organiser page.
    assert (await client.get(f"/partners/uitkomsten/{edition.raad.code}")).status_code == 404
    assert (await client.get(f"/admin/events/{slug}/outcomes")).status_code == 403
    listing = await client.get("/partners/uitkomsten")
    await client.post("/logout", data={"csrf_token": csrf_from(listing.text)})
    await login(client, edition.organiser.email)
    page = await client.get(f"/admin/events/{slug}/outcomes")
    assert page.status_code == 200
    for session in (edition.lab, edition.raad, edition.workshop):
        assert session.title in page.text
    assert page.text.count("Nog niet ingevuld") == 3
    # An organiser approves nothing that is not filled in.
    url = f"/admin/events/{slug}/outcomes/{edition.workshop.code}"
    form = await client.get(url)
    refused = await client.post(url + "/approve", data={"csrf_token": csrf_from(form.text)})
    assert refused.status_code == 409
    assert "Er is nog geen uitkomst ingevuld." in refused.text
