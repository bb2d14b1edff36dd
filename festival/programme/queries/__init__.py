"""Read side of the programme: the latest published version plus live seats, prepared for
pages, the API and exports. A fixed number of queries per request; filters, search and
grouping run in Python on the snapshot.

Callers use `queries.<name>`; the names live in one module per sub-concept: `labels`,
`items` (the prepared shapes), `build` (snapshot -> items), `published` (latest version,
seats, versions), `filters`, `grouping` and `pages`."""

# the vocabulary of sessions that other areas' forms offer (a partner's proposal)
from festival.programme.models import Accessibility, Audience, SessionFormat
from festival.programme.queries.build import build_programme
from festival.programme.queries.filters import (
    FilterOptions,
    Filters,
    Option,
    filter_options,
    filter_sessions,
    parse_filters,
)
from festival.programme.queries.grouping import Day, TimeSlot, group_by_day
from festival.programme.queries.items import (
    Programme,
    RoomItem,
    SessionItem,
    SpeakerItem,
    TrackItem,
    VenueItem,
    VersionInfo,
    fold,
)
from festival.programme.queries.labels import (
    ChangeLine,
    accessibility_label,
    audience_label,
    audiences_label,
    card_labels,
    change_lines,
    format_label,
    language_label,
)
from festival.programme.queries.pages import (
    ProgrammePage,
    SessionPage,
    SpeakerPage,
    programme_page,
    session_page,
    speaker_page,
)
from festival.programme.queries.published import (
    ANNOUNCED_CHANGES,
    VersionRef,
    changes_to_announce,
    latest_version,
    programme_for_slug,
    published_programme,
    published_version,
    read_live_seats_with,
    versions_for_event,
)
from festival.programme.queries.sessions import (
    UNLIMITED,
    SessionInfo,
    SessionProfile,
    earlier_sessions_by_title,
    event_session_infos,
    session_infos,
    session_profiles,
)

__all__ = [
    "ANNOUNCED_CHANGES",
    "UNLIMITED",
    "Accessibility",
    "Audience",
    "ChangeLine",
    "Day",
    "FilterOptions",
    "Filters",
    "Option",
    "Programme",
    "ProgrammePage",
    "RoomItem",
    "SessionFormat",
    "SessionInfo",
    "SessionItem",
    "SessionPage",
    "SessionProfile",
    "SpeakerItem",
    "SpeakerPage",
    "TimeSlot",
    "TrackItem",
    "VenueItem",
    "VersionInfo",
    "VersionRef",
    "accessibility_label",
    "audience_label",
    "audiences_label",
    "build_programme",
    "card_labels",
    "change_lines",
    "changes_to_announce",
    "earlier_sessions_by_title",
    "event_session_infos",
    "filter_options",
    "filter_sessions",
    "fold",
    "format_label",
    "group_by_day",
    "language_label",
    "latest_version",
    "parse_filters",
    "programme_for_slug",
    "programme_page",
    "published_programme",
    "published_version",
    "read_live_seats_with",
    "session_infos",
    "session_page",
    "session_profiles",
    "speaker_page",
    "versions_for_event",
]
