"""Privacy requests: everything an organisation holds about one e-mail address across its
events (access, as JSON and PDF) and its erasure; an attendee's export of their registration."""
