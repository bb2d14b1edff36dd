"""The sweeps the embedded default queues itself (its job process, or with
FESTIVAL_JOB_QUEUE=process the serving process): no arq cron there. Kept apart from
workers/settings.py so that a web process without Redis never loads arq and redis (about
25 MB). arq's cron list in settings.py names the same jobs."""

from __future__ import annotations

# The embedded default has no arq cron: its job process (or, with FESTIVAL_JOB_QUEUE=process,
# the serving process) queues these itself, as
# (job name, first run after seconds, then every seconds).
IN_PROCESS_PERIODIC: list[tuple[str, float, float]] = [
    ("expire_waitlist_offers", 60.0, 60.0),
    ("anonymise_due_events", 60.0, 24 * 3600.0),
    ("sweep_archive", 90.0, 15 * 60.0),
    ("sweep_feedback_invitations", 120.0, 600.0),
    ("send_unsent_mail", 150.0, 300.0),
    ("expire_payment_holds", 45.0, 60.0),
    ("sweep_reminders", 180.0, 15 * 60.0),
    ("sweep_privacy_retention", 75.0, 24 * 3600.0),
]
