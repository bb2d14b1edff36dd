"""Check-in's named reads: the scan's facts in one query."""

from festival.checkin.queries.entrances import entrance_attendees
from festival.checkin.queries.presence import Presence, presence
from festival.checkin.queries.privacy import (
    personal_data,
)
from festival.checkin.queries.scans import LiveScan, ScanFacts, scan_counts, scan_facts
from festival.checkin.queries.sessions import session_attendance

__all__ = [
    "LiveScan",
    "Presence",
    "ScanFacts",
    "entrance_attendees",
    "personal_data",
    "presence",
    "scan_counts",
    "scan_facts",
    "session_attendance",
]
