"""Feedback: per event a session survey and an event survey (questions of a few types), the
pseudonymous responses to them, and the invitations that ask attendees to answer.

Responses never hold who gave them: `respondent` is a keyed hash of the attendee (one response
per person per survey and session, editable until the survey closes); the attendee's role is
copied in so results can be broken down by audience group."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class SurveyKind(StrEnum):
    SESSION = "session"  # asked about each session someone attended
    EVENT = "event"  # asked once about the whole event


class QuestionType(StrEnum):
    RATING = "rating"  # 1..5, shown as labelled faces
    SINGLE = "single"  # one of `options`
    MULTIPLE = "multiple"  # any of `options`
    TEXT = "text"  # open answer
    RECOMMEND = "recommend"  # 0..10 "would you recommend"


class InviteTiming(StrEnum):
    AFTER_SESSION = "after_session"  # a mail right after each session ends
    DAILY_DIGEST = "daily_digest"  # one mail at the end of the day for all of its sessions


class ResponseChannel(StrEnum):
    LINK = "link"  # the personal signed link from the invitation mail
    POSTER = "poster"  # the room poster's QR code, attendance proven with a ticket code
    ANONYMOUS = "anonymous"  # the room poster without proof (only where the organiser allows it)


class InvitationKind(StrEnum):
    INVITE = "invite"
    REMINDER = "reminder"


class FeedbackSettings(Model):
    """Per event: when invitations go out, until when answers are taken, until when partners may add
    questions, and which sessions take anonymous answers from the room poster."""

    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(unique=True)
    invite_timing = fields.CharEnumField(
        InviteTiming, max_length=20, default=InviteTiming.AFTER_SESSION
    )
    closes_at = fields.DatetimeField(null=True)  # None: 14 days after the event ends
    partner_questions_until = fields.DatetimeField(null=True)  # None: partners can't add
    anonymous_session_ids: Any = fields.JSONField(default=list)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "feedback_settings"


class Survey(Model):
    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(db_index=True)
    kind = fields.CharEnumField(SurveyKind, max_length=10)
    created_at = fields.DatetimeField(auto_now_add=True)

    questions: fields.ReverseRelation[SurveyQuestion]

    class Meta:
        table = "feedback_survey"
        unique_together = (("event_id", "kind"),)

    def __str__(self) -> str:
        return f"{self.kind}@{self.event_id}"


class SurveyQuestion(Model):
    """A question of a survey. session_format limits it to sessions of that format, and
    session_id makes it a question a partner added to its own session (at most two each)."""

    id = fields.IntField(primary_key=True)
    survey: fields.ForeignKeyRelation[Survey] = fields.ForeignKeyField(
        "festival.Survey", related_name="questions", on_delete=fields.CASCADE
    )
    position = fields.IntField(default=0)
    type = fields.CharEnumField(QuestionType, max_length=12)
    text = fields.CharField(max_length=300)
    text_en = fields.CharField(max_length=300, default="")
    options: Any = fields.JSONField(default=list)  # [{"nl": ..., "en": ...}] for single/multiple
    required = fields.BooleanField(default=False)
    session_format = fields.CharField(max_length=20, null=True)  # a SessionFormat value
    session_id = fields.IntField(null=True, db_index=True)  # a partner's question
    added_by_organisation_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    survey_id: int

    class Meta:
        table = "feedback_question"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(Model):
    """The answers of one person to a survey (for a session survey: about one session)."""

    id = fields.IntField(primary_key=True)
    survey: fields.ForeignKeyRelation[Survey] = fields.ForeignKeyField(
        "festival.Survey", related_name="responses", on_delete=fields.CASCADE
    )
    event_id = fields.IntField(db_index=True)
    session_id = fields.IntField(null=True, db_index=True)  # None for the event survey
    # keyed hash of the attendee and the survey/session: one response each, no name. None for an
    # anonymous poster answer.
    respondent = fields.CharField(max_length=64, null=True, unique=True)
    role = fields.CharField(max_length=20, default="")  # the attendee's AttendeeRole value
    channel = fields.CharEnumField(ResponseChannel, max_length=12, default=ResponseChannel.LINK)
    verified = fields.BooleanField(default=True)  # False for anonymous poster answers
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    survey_id: int
    answers: fields.ReverseRelation[SurveyAnswer]

    class Meta:
        table = "feedback_response"
        indexes = (
            ("survey_id", "session_id"),
            ("event_id", "survey_id", "session_id", "role", "verified"),
        )

    def __str__(self) -> str:
        return f"response {self.id}"


class SurveyAnswer(Model):
    id = fields.IntField(primary_key=True)
    response: fields.ForeignKeyRelation[SurveyResponse] = fields.ForeignKeyField(
        "festival.SurveyResponse", related_name="answers", on_delete=fields.CASCADE
    )
    question: fields.ForeignKeyRelation[SurveyQuestion] = fields.ForeignKeyField(
        "festival.SurveyQuestion", related_name="answers", on_delete=fields.CASCADE
    )
    number = fields.IntField(null=True)  # rating 1..5, recommend 0..10, single: option index
    choices: Any = fields.JSONField(null=True)  # multiple: option indexes
    text = fields.TextField(default="")
    publishable = fields.BooleanField(default=False)  # an organiser marked this open answer
    # The response's event, session and audience group, written with the answer: the results
    # count every figure from one covering index instead of joining each answer to its response.
    event_id = fields.IntField(default=0, db_default=0)
    session_id = fields.IntField(null=True)
    role = fields.CharField(max_length=20, default="", db_default="")

    response_id: int
    question_id: int

    class Meta:
        table = "feedback_answer"
        unique_together = (("response_id", "question_id"),)
        indexes = (
            ("question_id", "number"),
            ("event_id", "question_id", "number", "choices", "session_id", "role"),
            ("session_id", "role", "question_id", "number", "choices"),
        )


class SurveyInvitation(Model):
    """A survey mail queued for an attendee. The key is unique, so a retried job never mails
    twice: "<kind>:<survey id>:<session id or 0>:<attendee id>"."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=80, unique=True)
    event_id = fields.IntField(db_index=True)
    attendee_id = fields.IntField(db_index=True)
    survey: fields.ForeignKeyRelation[Survey] = fields.ForeignKeyField(
        "festival.Survey", related_name="invitations", on_delete=fields.CASCADE
    )
    session_id = fields.IntField(null=True)
    kind = fields.CharEnumField(InvitationKind, max_length=10)
    created_at = fields.DatetimeField()
    message_id = fields.IntField(null=True)  # the outbox message that carried it

    survey_id: int

    class Meta:
        table = "feedback_invitation"


class SurveyUnsubscribe(Model):
    """An attendee who asked for no more survey mails of this event."""

    id = fields.IntField(primary_key=True)
    event_id = fields.IntField(db_index=True)
    attendee_id = fields.IntField(unique=True)
    at = fields.DatetimeField()

    class Meta:
        table = "feedback_unsubscribe"
