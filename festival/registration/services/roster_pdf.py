"""The printable attendee list of one workshop for its leaders (WeasyPrint, imported lazily)."""

from __future__ import annotations

from typing import Any

from festival import pdfs, templating
from festival.registration import forms


def roster_html(roster: dict[str, Any], *, event_name: str, timezone: str) -> str:
    """The list as standalone HTML: name, organisation, role, access needs, a tick-box column."""
    roles = dict(forms.role_choices())
    needs = dict(forms.access_choices())
    needs["other"] = ""  # "other" is spelled out in access_other
    people = [
        {
            "name": p["name"],
            "organisation": p["organisation"],
            "role": roles.get(p["role"], p["role"]),
            "access": ", ".join(
                [needs[n] for n in p["access_needs"] if needs.get(n)]
                + ([p["access_other"]] if p["access_other"] else [])
            ),
        }
        for p in roster["seated"]
    ]
    context = {
        "door_needs": roster.get("door_needs", []),
        "private_notes": roster.get("private_notes", []),
        "need_labels": forms.need_labels(),
        "private_count": roster.get("private_count", 0),
        "session": roster["session"],
        "event_name": event_name,
        "timezone": timezone,
        "people": people,
    }
    return templating.environment.get_template("registration/roster.html").render(context)


def render_roster_pdf(roster: dict[str, Any], *, event_name: str, timezone: str) -> bytes:
    """The list as a tagged PDF/UA-1 (its table keeps header cells for screen readers)."""
    return pdfs.from_html(roster_html(roster, event_name=event_name, timezone=timezone))
