"""Feedback rules: each event's surveys and settings, who may answer, answering by personal
link or room poster, and the invitation mails. One module per sub-concept; callers import
from here."""

# Registration's queries before programme's: the two import each other, and only this order
# finishes (`import festival.programme.queries` alone fails on merge12; for the lead).
from festival.registration import queries as _registration_queries  # noqa: F401

# isort: split
from festival.feedback.services.answering import (
    AnswerForm,
    SessionHeader,
    Target,
    answer_form,
    answer_values,
    check_answers,
    questions_for,
    session_by_code,
    session_header,
    submit_response,
    target_for_link,
)
from festival.feedback.services.eligibility import (
    event_attendees,
    may_answer_event,
    may_answer_session,
    session_attendees,
)
from festival.feedback.services.invitations import (
    invite_for_event,
    is_unsubscribed,
    sweep_invitations,
    unsubscribe,
)
from festival.feedback.services.links import (
    AnswerLink,
    answer_token,
    answer_url,
    read_answer_token,
    read_unsubscribe_token,
    respondent_key,
    unsubscribe_url,
)
from festival.feedback.services.partners import partner_page
from festival.feedback.services.poster import (
    allows_anonymous,
    attendee_for_ticket_code,
    form_url,
    poster,
    submit_poster_answer,
)
from festival.feedback.services.surveys import (
    MAX_PARTNER_QUESTIONS,
    Overview,
    add_partner_question,
    add_question,
    closes_at,
    delete_partner_question,
    delete_question,
    get_question,
    is_open,
    move_question,
    overview,
    partner_questions,
    question_values,
    questions_of,
    save_settings,
    settings_for,
    survey_for,
    survey_questions,
    surveys_for,
    update_question,
)

__all__ = [
    "MAX_PARTNER_QUESTIONS",
    "AnswerForm",
    "AnswerLink",
    "Overview",
    "SessionHeader",
    "Target",
    "add_partner_question",
    "add_question",
    "allows_anonymous",
    "answer_form",
    "answer_token",
    "answer_url",
    "answer_values",
    "attendee_for_ticket_code",
    "check_answers",
    "closes_at",
    "delete_partner_question",
    "delete_question",
    "event_attendees",
    "form_url",
    "get_question",
    "invite_for_event",
    "is_open",
    "is_unsubscribed",
    "may_answer_event",
    "may_answer_session",
    "move_question",
    "overview",
    "partner_page",
    "partner_questions",
    "poster",
    "question_values",
    "questions_for",
    "questions_of",
    "read_answer_token",
    "read_unsubscribe_token",
    "respondent_key",
    "save_settings",
    "session_attendees",
    "session_by_code",
    "session_header",
    "settings_for",
    "submit_poster_answer",
    "submit_response",
    "survey_for",
    "survey_questions",
    "surveys_for",
    "sweep_invitations",
    "target_for_link",
    "unsubscribe",
    "unsubscribe_url",
    "update_question",
]
