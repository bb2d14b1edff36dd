from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

BACKFILL = """
UPDATE feedback_answer SET
    event_id = (SELECT r.event_id FROM feedback_response r WHERE r.id = feedback_answer.response_id),
    session_id = (SELECT r.session_id FROM feedback_response r WHERE r.id = feedback_answer.response_id),
    role = (SELECT r.role FROM feedback_response r WHERE r.id = feedback_answer.response_id)
"""


async def copy_response_keys(apps, schema_editor):
    """Answers written before this migration get their response's event, session and role."""
    await schema_editor.client.execute_script(BACKFILL)


class Migration(migrations.Migration):
    dependencies = [('festival', '0006_report')]

    initial = False

    operations = [
        ops.AddField(
            model_name='SurveyAnswer',
            name='event_id',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='SurveyAnswer',
            name='role',
            field=fields.CharField(default='', db_default='', max_length=20),
        ),
        ops.AddField(
            model_name='SurveyAnswer',
            name='session_id',
            field=fields.IntField(null=True),
        ),
        ops.RunPython(copy_response_keys),
        ops.AddIndex(
            model_name='SurveyAnswer',
            index=Index(fields=['event_id', 'question_id', 'number', 'choices', 'session_id', 'role']),
        ),
        ops.AddIndex(
            model_name='SurveyAnswer',
            index=Index(fields=['session_id', 'role', 'question_id', 'number', 'choices']),
        ),
        ops.AddIndex(
            model_name='SurveyResponse',
            index=Index(fields=['event_id', 'survey_id', 'session_id', 'role', 'verified']),
        ),
    ]
