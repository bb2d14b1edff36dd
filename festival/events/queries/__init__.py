"""Named reads of the events area that other areas' queries use (below every area's services)."""

from festival.events.queries.editions import may_be_slug, public_event
from festival.events.queries.organisations import event_names_of_organisation, events_ended_before

__all__ = ["event_names_of_organisation", "events_ended_before", "may_be_slug", "public_event"]
