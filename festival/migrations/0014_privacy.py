from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('festival', '0013_access')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Organisation',
            name='colour',
            field=fields.CharField(default='', db_default='', max_length=7),
        ),
        ops.AddField(
            model_name='Organisation',
            name='logo',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='Organisation',
            name='mail_sender_address',
            field=fields.CharField(default='', db_default='', max_length=254),
        ),
        ops.AddField(
            model_name='Organisation',
            name='mail_sender_name',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='Registration',
            name='consent_version',
            field=fields.CharField(default='', db_default='', max_length=40),
        ),
    ]
