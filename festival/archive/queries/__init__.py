"""Named reads of the archive: the search over every edition (`search`) and the public page of
an archived session (`pages`), the approved outcomes of an edition (`outcomes`)."""

from festival.archive.queries.outcomes import (
    VERDICTS,
    ApprovedOutcome,
    approved_outcomes,
)
from festival.archive.queries.pages import (
    ArchivePage,
    FeedItem,
    archive_page,
    latest_entries,
)
from festival.archive.queries.search import (
    PAGE_SIZE,
    SearchFilters,
    SearchOptions,
    SearchPage,
    search_archive,
    search_options,
)

__all__ = [
    "PAGE_SIZE",
    "VERDICTS",
    "ApprovedOutcome",
    "ArchivePage",
    "FeedItem",
    "SearchFilters",
    "SearchOptions",
    "SearchPage",
    "approved_outcomes",
    "archive_page",
    "latest_entries",
    "search_archive",
    "search_options",
]
