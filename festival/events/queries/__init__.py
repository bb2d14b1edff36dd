"""Named reads of the events area that other areas' queries use (below every area's services)."""

from festival.events.queries.editions import may_be_slug, public_event

__all__ = ["may_be_slug", "public_event"]
