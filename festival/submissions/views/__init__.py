"""Partner portal: sign-up and verification, contacts, proposals with speakers and attachments,
and the speaker's own profile page (by signed link). One module per sub-concept; `routes`
joins theirs for the app."""

from starlette.routing import BaseRoute

from festival.submissions.views import attachments, partners, proposals, results, speakers
from festival.submissions.views.attachments import attachment_response

routes: list[BaseRoute] = [
    *partners.routes,
    *proposals.routes,
    *speakers.routes,
    *attachments.routes,
    *results.routes,
]

__all__ = ["attachment_response", "routes"]
