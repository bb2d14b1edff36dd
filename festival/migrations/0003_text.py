from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('festival', '0002_attendee')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Room',
            name='accessibility_notes_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Speaker',
            name='role_en',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='Venue',
            name='directions_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Venue',
            name='step_free_notes_en',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
    ]
