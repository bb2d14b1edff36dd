from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from festival.feedback.models import (
    InvitationKind,
    InviteTiming,
    QuestionType,
    ResponseChannel,
    SurveyKind,
)
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [("festival", "0003_text")]

    initial = False

    operations = [
        ops.CreateModel(
            name="FeedbackSettings",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("event_id", fields.IntField(unique=True)),
                (
                    "invite_timing",
                    fields.CharEnumField(
                        default=InviteTiming.AFTER_SESSION,
                        description="AFTER_SESSION: after_session\nDAILY_DIGEST: daily_digest",
                        enum_type=InviteTiming,
                        max_length=20,
                    ),
                ),
                ("closes_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "partner_questions_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "anonymous_session_ids",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "feedback_settings",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "Per event: when invitations go out, until when answers are taken, until when partners may add",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Survey",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("event_id", fields.IntField(db_index=True)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="SESSION: session\nEVENT: event",
                        enum_type=SurveyKind,
                        max_length=10,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "feedback_survey",
                "app": "festival",
                "unique_together": (("event_id", "kind"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SurveyInvitation",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("key", fields.CharField(unique=True, max_length=80)),
                ("event_id", fields.IntField(db_index=True)),
                ("attendee_id", fields.IntField(db_index=True)),
                (
                    "survey",
                    fields.ForeignKeyField(
                        "festival.Survey",
                        source_field="survey_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="invitations",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("session_id", fields.IntField(null=True)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="INVITE: invite\nREMINDER: reminder",
                        enum_type=InvitationKind,
                        max_length=10,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("message_id", fields.IntField(null=True)),
            ],
            options={
                "table": "feedback_invitation",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "A survey mail queued for an attendee. The key is unique, so a retried job never mails",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SurveyQuestion",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "survey",
                    fields.ForeignKeyField(
                        "festival.Survey",
                        source_field="survey_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="questions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("position", fields.IntField(default=0)),
                (
                    "type",
                    fields.CharEnumField(
                        description="RATING: rating\nSINGLE: single\nMULTIPLE: multiple\nTEXT: text\nRECOMMEND: recommend",
                        enum_type=QuestionType,
                        max_length=12,
                    ),
                ),
                ("text", fields.CharField(max_length=300)),
                ("text_en", fields.CharField(default="", max_length=300)),
                (
                    "options",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("required", fields.BooleanField(default=False)),
                ("session_format", fields.CharField(null=True, max_length=20)),
                ("session_id", fields.IntField(null=True, db_index=True)),
                ("added_by_organisation_id", fields.IntField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "feedback_question",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "A question of a survey. session_format limits it to sessions of that format, and",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SurveyResponse",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "survey",
                    fields.ForeignKeyField(
                        "festival.Survey",
                        source_field="survey_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="responses",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("event_id", fields.IntField(db_index=True)),
                ("session_id", fields.IntField(null=True, db_index=True)),
                ("respondent", fields.CharField(null=True, unique=True, max_length=64)),
                ("role", fields.CharField(default="", max_length=20)),
                (
                    "channel",
                    fields.CharEnumField(
                        default=ResponseChannel.LINK,
                        description="LINK: link\nPOSTER: poster\nANONYMOUS: anonymous",
                        enum_type=ResponseChannel,
                        max_length=12,
                    ),
                ),
                ("verified", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("updated_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "feedback_response",
                "app": "festival",
                "indexes": [Index(fields=["survey_id", "session_id"])],
                "pk_attr": "id",
                "table_description": "The answers of one person to a survey (for a session survey: about one session).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SurveyAnswer",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "response",
                    fields.ForeignKeyField(
                        "festival.SurveyResponse",
                        source_field="response_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="answers",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "question",
                    fields.ForeignKeyField(
                        "festival.SurveyQuestion",
                        source_field="question_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="answers",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("number", fields.IntField(null=True)),
                (
                    "choices",
                    fields.JSONField(
                        null=True,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("text", fields.TextField(default="", unique=False)),
                ("publishable", fields.BooleanField(default=False)),
            ],
            options={
                "table": "feedback_answer",
                "app": "festival",
                "unique_together": (("response_id", "question_id"),),
                "indexes": [Index(fields=["question_id", "number"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SurveyUnsubscribe",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("event_id", fields.IntField(db_index=True)),
                ("attendee_id", fields.IntField(unique=True)),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "feedback_unsubscribe",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "An attendee who asked for no more survey mails of this event.",
            },
            bases=["Model"],
        ),
    ]
