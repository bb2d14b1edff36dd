"""Exports of the published programme: iCalendar and the frab/c3voc schedule (XML and JSON).

All three read the latest ScheduleVersion only (two queries) and carry an ETag and
Last-Modified from the version, so apps can cache. Cancelled sessions stay in the
iCalendar file with STATUS:CANCELLED (calendars then remove them); the frab files leave
them out, as frab and pretalx do.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import icalendar
from lxml import etree

from festival.programme.queries import Programme, RoomItem, SessionItem, fold, programme_for_slug

GENERATOR = "festival"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_CODE = re.compile(r"^[A-Z0-9]+$")


_BODIES: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()


@dataclass(frozen=True)
class Export:
    body: bytes
    media_type: str
    etag: str
    last_modified: datetime | None
    filename: str


async def programme_export(slug: str, kind: str, *, base_url: str) -> Export:
    """The programme of a public event as "ics", "xml" or "json". Raises NotFound."""
    programme = await programme_for_slug(slug, with_seats=False)
    builders = {
        "ics": (ics_bytes, "text/calendar; charset=utf-8", "programme.ics"),
        "xml": (xml_bytes, "application/xml; charset=utf-8", "schedule.xml"),
        "json": (json_bytes, "application/json", "schedule.json"),
    }
    build, media_type, filename = builders[kind]
    version = programme.version
    number = version.number if version else 0
    event = programme.event
    # A version never changes: keep the bytes per process (key: see queries.published._BUILT).
    key = (
        event.id,
        event.updated_at,
        version.id if version else None,
        number,
        version.published_at if version else None,
        kind,
        base_url,
    )
    body = _BODIES.get(key)
    if body is None:
        body = build(programme, base_url=base_url.rstrip("/"))
        _BODIES[key] = body
        while len(_BODIES) > 48:
            _BODIES.popitem(last=False)
    return Export(
        body=body,
        media_type=media_type,
        etag=f'"{slug}-{kind}-v{number}"',
        last_modified=version.published_at if version else None,
        filename=filename,
    )


# ---------------------------------------------------------------- shared helpers


def _clean(text: str | None) -> str:
    return _XML_INVALID.sub("", text or "")


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:50].strip("-")


def acronym(slug: str) -> str:
    """The event slug in the c3voc acronym alphabet (letters, digits, underscores, 4+)."""
    value = re.sub(r"[^a-z0-9_]", "_", slug.lower())
    return value.ljust(4, "_")


def session_guid(code: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:festival:session:{code}"))


def _guid(kind: str, key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:festival:{kind}:{key}"))


def _session_slug(programme: Programme, item: SessionItem) -> str:
    return f"{acronym(programme.event.slug)}-{item.code.lower()}-{_slugify(item.title)}".rstrip(
        "-_"
    )


def _session_url(programme: Programme, item: SessionItem, base_url: str) -> str:
    return f"{base_url}/events/{programme.event.slug}/sessions/{item.code}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _iso(value: datetime, zone: ZoneInfo) -> str:
    return value.astimezone(zone).replace(microsecond=0).isoformat()


def _room_labels(rooms: list[RoomItem]) -> dict[int, str]:
    """Room names, with the venue added where two rooms share a name (the frab key is the name)."""
    counts: dict[str, int] = {}
    for room in rooms:
        counts[room.name] = counts.get(room.name, 0) + 1
    return {
        room.id: room.name
        if counts[room.name] == 1 or room.venue is None
        else f"{room.name} ({room.venue.name})"
        for room in rooms
    }


@dataclass
class _Day:
    index: int
    date: date
    start: datetime
    end: datetime
    rooms: dict[int, list[SessionItem]]


def _days(programme: Programme, sessions: list[SessionItem]) -> list[_Day]:
    """Every date of the event (in its zone) plus any date a session falls on."""
    event = programme.event
    zone = ZoneInfo(event.timezone)
    first = event.starts_at.astimezone(zone)
    last = event.ends_at.astimezone(zone)
    dates = set()
    current = first.date()
    while current <= last.date():
        dates.add(current)
        current += timedelta(days=1)
    per_date: dict[date, list[SessionItem]] = {}
    for item in sessions:
        per_date.setdefault(item.starts_at.astimezone(zone).date(), []).append(item)
    dates.update(per_date)
    days = []
    for index, day in enumerate(sorted(dates), start=1):
        items = per_date.get(day, [])
        start = datetime.combine(day, first.timetz().replace(tzinfo=None), zone)
        end = datetime.combine(day, last.timetz().replace(tzinfo=None), zone)
        if end <= start:
            end = datetime.combine(day, datetime.max.time().replace(microsecond=0), zone)
        if items:
            start = min(start, *(s.starts_at.astimezone(zone) for s in items))
            end = max(end, *(s.ends_at.astimezone(zone) for s in items))
        rooms: dict[int, list[SessionItem]] = {room.id: [] for room in programme.rooms}
        for item in sorted(items, key=lambda s: (s.starts_at, s.id)):
            rooms.setdefault(item.room.id, []).append(item)
        days.append(_Day(index, day, start, end, rooms))
    return days


def _frab_sessions(programme: Programme) -> list[SessionItem]:
    return [s for s in programme.sessions if not s.cancelled]


# ---------------------------------------------------------------- JSON


def schedule_dict(programme: Programme, *, base_url: str) -> dict[str, Any]:
    """The frab/c3voc schedule as a dict (valid against schedule.schema.json)."""
    event = programme.event
    zone = ZoneInfo(event.timezone)
    labels = _room_labels(programme.rooms)
    days = _days(programme, _frab_sessions(programme))
    tracks = []
    for track in programme.tracks:
        entry: dict[str, Any] = {
            "name": track.name,
            "slug": _slugify(track.name) or f"track-{track.id}",
        }
        if _HEX_COLOR.match(track.color):
            entry["color"] = track.color
        tracks.append(entry)
    conference: dict[str, Any] = {
        "acronym": acronym(event.slug),
        "title": _clean(event.name),
        "start": _iso(event.starts_at, zone),
        "end": _iso(event.ends_at, zone),
        "daysCount": len(days),
        "timeslot_duration": "00:15",
        "time_zone_name": event.timezone,
        "url": f"{base_url}/events/{event.slug}/programme",
        "tracks": tracks,
        "rooms": [
            {
                "name": labels[room.id],
                "slug": _slugify(labels[room.id]) or f"room-{room.id}",
                "guid": _guid("room", f"{event.slug}:{room.id}"),
                "capacity": room.capacity,
                "description": room.accessibility_notes or None,
            }
            for room in programme.rooms
        ],
        "days": [
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": day.start.replace(microsecond=0).isoformat(),
                "day_end": day.end.replace(microsecond=0).isoformat(),
                "rooms": {
                    labels[room_id]: [
                        _json_event(programme, item, zone, labels, base_url) for item in items
                    ]
                    for room_id, items in day.rooms.items()
                    if room_id in labels
                },
            }
            for day in days
        ],
    }
    version = programme.version
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR},
        "schedule": {
            "version": str(version.number) if version else "0",
            "base_url": base_url + "/",
            "conference": conference,
        },
    }


def _json_event(
    programme: Programme, item: SessionItem, zone: ZoneInfo, labels: dict[int, str], base_url: str
) -> dict[str, Any]:
    start = item.starts_at.astimezone(zone)
    result: dict[str, Any] = {
        "guid": session_guid(item.code),
        "id": item.id,
        "logo": None,
        "date": start.replace(microsecond=0).isoformat(),
        "start": start.strftime("%H:%M"),
        "end": _iso(item.ends_at, zone),
        "duration": _hhmm(item.duration_minutes),
        "room": labels[item.room.id],
        "slug": _session_slug(programme, item),
        "url": _session_url(programme, item, base_url),
        "title": item.title,
        "subtitle": "",
        "track": item.track.name if item.track else None,
        "type": item.format,
        "language": item.language,
        "abstract": item.abstract,
        "description": "",
        "recording_license": "",
        "do_not_record": True,
        "persons": [
            {
                "guid": _guid("speaker", sp.code),
                "name": sp.name,
                "biography": sp.bio or None,
                "avatar": f"{base_url}/media/speakers/{sp.photo}" if sp.photo else None,
                "url": f"{base_url}/events/{programme.event.slug}/speakers/{sp.code}",
            }
            for sp in item.speakers
        ],
        "links": [],
        "attachments": [],
    }
    if _CODE.match(item.code):
        result["code"] = item.code
    return result


def json_bytes(programme: Programme, *, base_url: str) -> bytes:
    text = json.dumps(schedule_dict(programme, base_url=base_url), ensure_ascii=False)
    # Same JSON value, but no "<" that a browser could ever sniff as markup.
    return text.replace("<", "\\u003c").encode()


# ---------------------------------------------------------------- XML


def _sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    element = etree.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def xml_bytes(programme: Programme, *, base_url: str) -> bytes:
    """The frab/c3voc schedule.xml (valid against schedule.xml.xsd); lxml escapes all text."""
    event = programme.event
    zone = ZoneInfo(event.timezone)
    labels = _room_labels(programme.rooms)
    days = _days(programme, _frab_sessions(programme))
    root = etree.Element("schedule")
    _sub(root, "generator", name=GENERATOR)
    _sub(root, "url", f"{base_url}/events/{event.slug}/schedule.xml")
    _sub(root, "version", str(programme.version.number) if programme.version else "0")
    conf = _sub(root, "conference")
    _sub(conf, "title", event.name)
    _sub(conf, "acronym", acronym(event.slug))
    _sub(conf, "start", _iso(event.starts_at, zone))
    _sub(conf, "end", _iso(event.ends_at, zone))
    _sub(conf, "days", str(len(days)))
    _sub(conf, "timeslot_duration", "00:15")
    _sub(conf, "base_url", base_url + "/")
    _sub(conf, "url", f"{base_url}/events/{event.slug}/programme")
    _sub(conf, "time_zone_name", event.timezone)
    for track in programme.tracks:
        attrs = {"name": track.name}
        if _HEX_COLOR.match(track.color):
            attrs["color"] = track.color
        _sub(conf, "track", track.name, **attrs)
    for day in days:
        day_el = _sub(
            root,
            "day",
            date=day.date.isoformat(),
            index=str(day.index),
            start=day.start.replace(microsecond=0).isoformat(),
            end=day.end.replace(microsecond=0).isoformat(),
        )
        for room_id, items in day.rooms.items():
            if room_id not in labels:
                continue
            room_el = _sub(
                day_el, "room", name=labels[room_id], guid=_guid("room", f"{event.slug}:{room_id}")
            )
            for item in items:
                _xml_event(room_el, programme, item, zone, labels, base_url)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _xml_event(
    parent: Any,
    programme: Programme,
    item: SessionItem,
    zone: ZoneInfo,
    labels: dict[int, str],
    base_url: str,
) -> None:
    start = item.starts_at.astimezone(zone)
    el = _sub(parent, "event", id=str(item.id), guid=session_guid(item.code))
    _sub(el, "room", labels[item.room.id])
    _sub(el, "title", item.title)
    _sub(el, "subtitle", "")
    _sub(el, "type", item.format)
    _sub(el, "date", start.replace(microsecond=0).isoformat())
    _sub(el, "start", start.strftime("%H:%M"))
    _sub(el, "duration", _hhmm(item.duration_minutes))
    _sub(el, "abstract", item.abstract)
    _sub(el, "slug", _session_slug(programme, item))
    _sub(el, "track", item.track.name if item.track else "")
    persons = _sub(el, "persons")
    for sp in item.speakers:
        _sub(persons, "person", sp.name, id=str(sp.id), guid=_guid("speaker", sp.code))
    _sub(el, "language", item.language)
    _sub(el, "description", "")
    recording = _sub(el, "recording")
    _sub(recording, "license", "")
    _sub(recording, "optout", "true")
    _sub(el, "links")
    _sub(el, "attachments")
    _sub(el, "url", _session_url(programme, item, base_url))


# ---------------------------------------------------------------- iCalendar


def ics_bytes(programme: Programme, *, base_url: str) -> bytes:
    """One VEVENT per session (cancelled ones with STATUS:CANCELLED), local times with TZID."""
    event = programme.event
    zone = ZoneInfo(event.timezone)
    host = urlparse(base_url).hostname or "localhost"
    stamp = programme.version.published_at if programme.version else event.starts_at
    cal = icalendar.Calendar()
    cal.add("prodid", "-//festival//programme//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", event.name)
    cal.add("x-wr-timezone", event.timezone)
    for item in programme.sessions:
        vevent = icalendar.Event()
        vevent.add("uid", f"{item.code}@{host}")
        vevent.add("dtstamp", stamp.astimezone(UTC))
        vevent.add("dtstart", item.starts_at.astimezone(zone))
        vevent.add("dtend", item.ends_at.astimezone(zone))
        vevent.add("summary", item.title)
        venue = item.room.venue
        where = [item.room.name] + ([venue.name, venue.address, venue.city] if venue else [])
        vevent.add("location", ", ".join(part for part in where if part))
        names = ", ".join(sp.name for sp in item.speakers)
        url = _session_url(programme, item, base_url)
        vevent.add("description", "\n\n".join(part for part in (item.abstract, names, url) if part))
        vevent.add("url", url)
        if item.track:
            vevent.add("categories", [item.track.name])
        vevent.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        vevent.add("sequence", programme.version.number if programme.version else 0)
        cal.add_component(vevent)
    first = event.starts_at.astimezone(zone).date() - timedelta(days=366)
    last = event.ends_at.astimezone(zone).date() + timedelta(days=366)
    if programme.sessions:
        cal.add_missing_timezones(first_date=first, last_date=last)
    else:
        cal.add_component(
            icalendar.Timezone.from_tzid(event.timezone, first_date=first, last_date=last)
        )
    return bytes(cal.to_ical())
