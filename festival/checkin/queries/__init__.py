"""Check-in's named reads: the scan's facts in one query."""

from festival.checkin.queries.entrances import entrance_attendees
from festival.checkin.queries.scans import LiveScan, ScanFacts, scan_facts
from festival.checkin.queries.sessions import session_attendance

__all__ = [
    "LiveScan",
    "ScanFacts",
    "entrance_attendees",
    "scan_facts",
    "session_attendance",
]
