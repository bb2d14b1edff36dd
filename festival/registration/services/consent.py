"""The consent text an attendee accepts when registering, versioned: a registration stores the
version it accepted next to consent_at. A changed text gets a new version (never edit one)."""

from __future__ import annotations

from typing import Any

from festival.i18n import lazy_gettext

CONSENT_TEXTS: dict[str, Any] = {
    "2026-12": lazy_gettext(
        "Ik geef toestemming om deze gegevens te gebruiken voor dit evenement."
    ),
}
CONSENT_VERSION = "2026-12"  # the text shown on the form now


def consent_text(version: str = CONSENT_VERSION) -> str:
    """The text of a consent version, in the current language ("" for an unknown version)."""
    text = CONSENT_TEXTS.get(version)
    return str(text) if text is not None else ""
