"""festival: event and festival software for local democracy."""

__version__ = "0.1.0"
