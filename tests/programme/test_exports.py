"""programme.ics, schedule.xml and schedule.json: valid, escaped, cacheable."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import icalendar
import jsonschema
from lxml import etree

from festival.programme.services.exports import session_guid
from tests.programme.sample import SCRIPT, make_published_programme

SCHEMAS = Path(__file__).parent / "schemas"


def _validate_xml(body: bytes) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))
    document = etree.fromstring(body)
    schema.assertValid(document)


def _validate_json(data: object) -> None:
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    ).validate(data)


async def test_schedule_xml_validates_against_the_c3voc_schema(client: httpx.AsyncClient) -> None:
    sample = await make_published_programme()
    response = await client.get("/events/dld-test/schedule.xml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    _validate_xml(response.content)
    root = etree.fromstring(response.content)
    events = root.findall("day/room/event")
    assert [e.findtext("title") for e in events] == [
        f"Raad op Zaterdag {SCRIPT}",
        "Democratie Testlab: loting in de praktijk",
    ]
    assert events[0].get("guid") == session_guid(sample.workshop.code)
    assert events[0].findtext("date") == "2027-03-20T09:30:00+01:00"
    assert events[0].findtext("start") == "09:30"
    assert events[0].findtext("duration") == "01:00"
    assert events[0].findtext("room") == "Raadzaal"
    assert [p.text for p in events[0].findall("persons/person")] == ["Anna de Vries"]
    assert root.findtext("conference/acronym") == "dld_test"
    assert root.findtext("conference/time_zone_name") == "Europe/Amsterdam"


async def test_schedule_xml_escapes_script_in_titles(client: httpx.AsyncClient) -> None:
    await make_published_programme()
    response = await client.get("/events/dld-test/schedule.xml")
    assert b"<script>" not in response.content
    assert b"Raad op Zaterdag &lt;script&gt;alert('x')&lt;/script&gt;" in response.content


async def test_schedule_json_validates_against_the_c3voc_schema(client: httpx.AsyncClient) -> None:
    sample = await make_published_programme()
    response = await client.get("/events/dld-test/schedule.json")
    assert response.status_code == 200
    assert b"<script>" not in response.content
    data = response.json()
    _validate_json(data)
    conference = data["schedule"]["conference"]
    assert conference["daysCount"] == 1
    assert list(conference["days"][0]["rooms"]) == ["Raadzaal", "Studio"]
    workshop = conference["days"][0]["rooms"]["Raadzaal"][0]
    assert workshop["title"] == f"Raad op Zaterdag {SCRIPT}"
    assert workshop["guid"] == session_guid(sample.workshop.code)
    assert workshop["date"] == "2027-03-20T09:30:00+01:00"
    assert workshop["persons"][0]["name"] == "Anna de Vries"
    assert "anna@example.nl" not in response.text
    studio = conference["days"][0]["rooms"]["Studio"]
    assert [e["title"] for e in studio] == [
        "Democratie Testlab: loting in de praktijk"
    ]  # cancelled left out


async def test_schedule_exports_without_a_version_are_still_valid(
    client: httpx.AsyncClient,
) -> None:
    await make_published_programme(publish=False)
    xml = await client.get("/events/dld-test/schedule.xml")
    _validate_xml(xml.content)
    data = (await client.get("/events/dld-test/schedule.json")).json()
    _validate_json(data)
    assert data["schedule"]["version"] == "0"


async def test_programme_ics_has_local_times_with_tzid_and_a_vtimezone(
    client: httpx.AsyncClient,
) -> None:
    sample = await make_published_programme()
    response = await client.get("/events/dld-test/programme.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert b"DTSTART;TZID=Europe/Amsterdam:20270320T093000" in response.content
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == sorted(
        f"{s.code}@testserver" for s in (sample.workshop, sample.lab, sample.cancelled)
    )
    workshop = events[f"{sample.workshop.code}@testserver"]
    assert workshop.decoded("DTSTART") == datetime(2027, 3, 20, 8, 30, tzinfo=UTC)
    assert workshop.decoded("DTEND") == datetime(2027, 3, 20, 9, 30, tzinfo=UTC)
    assert str(workshop["SUMMARY"]) == f"Raad op Zaterdag {SCRIPT}"
    assert str(workshop["LOCATION"]) == "Raadzaal, Stadhuis, Korte Minrebroederstraat 2, Utrecht"
    assert (
        str(workshop["URL"]) == f"http://testserver/events/dld-test/sessions/{sample.workshop.code}"
    )
    assert str(workshop["STATUS"]) == "CONFIRMED"
    assert str(events[f"{sample.cancelled.code}@testserver"]["STATUS"]) == "CANCELLED"


async def test_exports_carry_etag_and_answer_304(client: httpx.AsyncClient) -> None:
    await make_published_programme()
    for path in (
        "/events/dld-test/programme.ics",
        "/events/dld-test/schedule.xml",
        "/events/dld-test/schedule.json",
    ):
        response = await client.get(path)
        assert response.headers["last-modified"] == "Sun, 10 Jan 2027 12:00:00 GMT"
        etag = response.headers["etag"]
        assert etag.endswith('-v1"')
        again = await client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""


async def test_exports_of_unknown_event_are_404(client: httpx.AsyncClient) -> None:
    for path in (
        "/events/nope/programme.ics",
        "/events/nope/schedule.xml",
        "/events/nope/schedule.json",
    ):
        assert (await client.get(path)).status_code == 404
