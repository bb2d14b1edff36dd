"""Named reads of the messages area: the history of an event's messages and its reminders."""

from festival.messages.queries.history import messages_page

__all__ = ["messages_page"]
