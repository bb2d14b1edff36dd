"""Public programme pages: day/time and list view, filters, session, speaker, changes, photos."""

from __future__ import annotations

from pathlib import Path

import httpx

from festival.programme import views
from festival.programme.models import ScheduleVersion
from festival.registration.models import SessionSeats
from festival.settings import Settings
from tests.programme.sample import SCRIPT, make_published_programme, publish_again


async def test_programme_page_shows_slots_rooms_seats_and_pictograms(
    client: httpx.AsyncClient,
) -> None:
    sample = await make_published_programme()
    response = await client.get("/events/dld-test/programme")
    assert response.status_code == 200
    html = response.text
    assert html.count("<h1>") == 1
    assert '<h3 id="slot-1-2027-03-20" class="slot-time">09:30</h3>' in html
    assert f"/events/dld-test/sessions/{sample.workshop.code}" in html
    assert "Nog 100 plaatsen" in html
    assert "Nog 12 plaatsen" in html
    assert "Vervalt" in html
    assert "<span>Zonder drempels</span>" in html
    assert "<span>Ringleiding</span>" in html
    assert "Aantal sessies: 3" in html


async def test_programme_page_escapes_script_in_titles(client: httpx.AsyncClient) -> None:
    await make_published_programme()
    for path in ("/events/dld-test/programme", "/events/dld-test/programme?view=list"):
        html = (await client.get(path)).text
        assert SCRIPT not in html
        assert "Raad op Zaterdag &lt;script&gt;" in html


async def test_programme_page_filters_and_announces_count(client: httpx.AsyncClient) -> None:
    await make_published_programme()
    html = (await client.get("/events/dld-test/programme?format=lab&q=")).text
    assert "Gevonden sessies: 1 van 3" in html
    assert 'value="lab" checked' in html
    assert "Democratie Testlab: loting in de praktijk" in html
    assert "Raad op Zaterdag" not in html.split('id="result-count"')[1]


async def test_programme_page_search_without_results_says_so(client: httpx.AsyncClient) -> None:
    await make_published_programme()
    html = (await client.get("/events/dld-test/programme?q=onbekendwoord")).text
    assert "Er zijn geen sessies die passen bij uw keuze." in html


async def test_programme_list_view_is_alphabetical(client: httpx.AsyncClient) -> None:
    await make_published_programme()
    html = (await client.get("/events/dld-test/programme?view=list")).text
    assert "Alle sessies van A tot Z" in html
    results = html.split('id="result-count"')[1]
    assert (
        results.index("Democratie Testlab")
        < results.index("Raad op Zaterdag")
        < results.index("Vervallen")
    )


async def test_programme_page_in_english_uses_english_titles(client: httpx.AsyncClient) -> None:
    await make_published_programme()
    html = (await client.get("/events/dld-test/programme?lang=en")).text
    assert "Democracy Test Lab" in html
    assert "Programme" in html
    assert "12 seats left" in html


async def test_programme_page_before_publishing_says_it_follows(client: httpx.AsyncClient) -> None:
    await make_published_programme(publish=False)
    html = (await client.get("/events/dld-test/programme")).text
    assert "Het programma volgt binnenkort." in html


async def test_programme_page_of_unknown_event_is_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/events/nope/programme")).status_code == 404


async def test_changes_note_links_to_the_changelog(client: httpx.AsyncClient) -> None:
    sample = await make_published_programme()
    await publish_again(
        sample.event,
        [
            {
                "change": "added",
                "session_id": sample.lab.id,
                "code": sample.lab.code,
                "title": "Democratie Testlab: loting in de praktijk",
                "room": "Studio",
                "room_id": sample.lab.room_id,
                "starts_at": None,
                "ends_at": None,
            }
        ],
    )
    html = (await client.get("/events/dld-test/programme")).text
    assert "Het programma is veranderd op" in html
    changes = (await client.get("/events/dld-test/programme/changes")).text
    assert "Versie 2" in changes
    assert "Versie 1" in changes
    assert "Nieuw:" in changes
    assert f"/events/dld-test/sessions/{sample.lab.code}" in changes
    assert 'loting in de praktijk</a> <span class="change-detail">(zonder tijd)</span>' in changes


async def test_changes_page_says_first_version_once(client: httpx.AsyncClient) -> None:
    sample = await make_published_programme()
    await ScheduleVersion.filter(event_id=sample.event.id).update(
        comment="Eerste versie van het programma."
    )
    changes = (await client.get("/events/dld-test/programme/changes")).text
    assert changes.count("Eerste versie van het programma.") == 1
    english = (await client.get("/events/dld-test/programme/changes?lang=en")).text
    assert '<p lang="nl">Eerste versie van het programma.</p>' in english
    assert "First version of the programme." not in english


async def test_session_page_in_english_marks_dutch_fallbacks(client: httpx.AsyncClient) -> None:
    sample = await make_published_programme()
    workshop = await client.get(f"/events/dld-test/sessions/{sample.workshop.code}?lang=en")
    html = workshop.text
    assert '<p lang="nl">Zo doet u het.</p>' in html
    assert '<span lang="nl">griffier</span> – Gemeente Zeist' in html
    assert '<span lang="nl">Drempelvrije ingang aan de zijkant.</span>' in html
    assert '<h1 lang="nl">Raad op Zaterdag &lt;script&gt;' in html
    lab = (await client.get(f"/events/dld-test/sessions/{sample.lab.code}?lang=en")).text
    assert "<h1>Democracy Test Lab</h1>" in lab
    assert "<p>Sortition for real.</p>" in lab
    dutch = (await client.get(f"/events/dld-test/sessions/{sample.workshop.code}?lang=nl")).text
    assert "<p>Zo doet u het.</p>" in dutch
    assert 'lang="nl"' not in dutch.split("<body", 1)[1]


async def test_speaker_page_in_english_shows_the_english_bio(client: httpx.AsyncClient) -> None:
    sample = await make_published_programme()
    html = (await client.get(f"/events/dld-test/speakers/{sample.speaker.code}?lang=en")).text
    assert "<p>Clerk.</p>" in html
    assert '<p class="lead"><span lang="nl">griffier</span>, Gemeente Zeist</p>' in html


async def test_session_page_shows_time_place_route_and_register_link(
    client: httpx.AsyncClient,
) -> None:
    sample = await make_published_programme()
    response = await client.get(f"/events/dld-test/sessions/{sample.workshop.code}")
    assert response.status_code == 200
    html = response.text
    assert "09:30–10:30" in html
    assert "Korte Minrebroederstraat 2, Utrecht" in html
    assert "Drempelvrije ingang aan de zijkant." in html
    assert 'href="/events/dld-test/register"' in html
    assert "Griffiers" in html
    assert SCRIPT not in html


async def test_session_page_of_unknown_code_is_404(client: httpx.AsyncClient) -> None:
    await make_published_programme()
    assert (await client.get("/events/dld-test/sessions/zzzzzzzz")).status_code == 404


async def test_speaker_page_shows_bio_and_sessions_escaped(client: httpx.AsyncClient) -> None:
    sample = await make_published_programme()
    html = (await client.get(f"/events/dld-test/speakers/{sample.speaker.code}")).text
    assert "<h1>Anna de Vries</h1>" in html
    assert "Griffier. &lt;script&gt;" in html
    assert "anna@example.nl" not in html
    assert f"/events/dld-test/sessions/{sample.workshop.code}" in html
    english = (await client.get(f"/events/dld-test/speakers/{sample.speaker.code}?lang=en")).text
    assert "Clerk." in english


async def test_speakers_page_lists_speakers(client: httpx.AsyncClient) -> None:
    sample = await make_published_programme()
    html = (await client.get("/events/dld-test/speakers")).text
    assert f"/events/dld-test/speakers/{sample.speaker.code}" in html


async def test_speaker_photo_is_served_and_traversal_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    folder = Path(settings.media_dir) / "speakers"
    folder.mkdir(parents=True)
    (folder / "anna.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    (Path(settings.media_dir) / "secret.png").write_bytes(b"secret")
    response = await client.get("/media/speakers/anna.png")
    assert response.status_code == 200
    assert response.content == b"\x89PNG\r\n\x1a\nfake"
    for name in (
        "..%2Fsecret.png",
        "../secret.png",
        "%2e%2e%2fsecret.png",
        "missing.png",
        "anna.txt",
    ):
        assert (await client.get(f"/media/speakers/{name}")).status_code == 404


async def test_programme_page_cached_cards_show_live_seats(client: httpx.AsyncClient) -> None:
    sample = await make_published_programme()
    for path in ("/events/dld-test/programme", "/events/dld-test/programme?view=list"):
        assert "Nog 12 plaatsen" in (await client.get(path)).text
    seats = await SessionSeats.create(
        session_id=sample.lab.id, event_id=sample.event.id, capacity=12, taken=11
    )
    for path in ("/events/dld-test/programme", "/events/dld-test/programme?view=list"):
        html = (await client.get(path)).text
        assert "Nog 1 plaats<" in html
        assert "Nog 12 plaatsen" not in html
    seats.taken = 12
    await seats.save()
    cached = (await client.get("/events/dld-test/programme")).text
    assert '<span class="seats seats-full"><strong>Vol</strong></span>' in cached
    views._CARDS.clear()
    views._SEATS.clear()
    assert (await client.get("/events/dld-test/programme")).text == cached


async def test_programme_page_cached_cards_follow_a_new_version(
    client: httpx.AsyncClient,
) -> None:
    sample = await make_published_programme()
    old_title = "Democratie Testlab: loting"
    assert old_title in (await client.get("/events/dld-test/programme")).text
    sample.lab.title = "Burgerberaad in de praktijk"
    await sample.lab.save()
    assert old_title in (await client.get("/events/dld-test/programme")).text
    await publish_again(sample.event, [])
    html = (await client.get("/events/dld-test/programme")).text
    assert "Burgerberaad in de praktijk" in html
    assert old_title not in html
