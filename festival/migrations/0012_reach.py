from tortoise import migrations
from tortoise.migrations import operations as ops
from festival.messages.models import Audience, MessageStatus
from festival.registration.models import AgeQuestion
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('festival', '0011_invoicing')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AgeRule',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event_id', fields.IntField(unique=True)),
                ('ask', fields.CharEnumField(default=AgeQuestion.NONE, description='NONE: none\nAGE_GROUP: age_group\nBIRTH_YEAR: birth_year', enum_type=AgeQuestion, max_length=20)),
                ('minimum_age', fields.IntField(default=16)),
                ('own_consent_age', fields.IntField(default=16)),
            ],
            options={'table': 'age_rule', 'app': 'festival', 'pk_attr': 'id', 'table_description': "Per event: whether to ask the age of each attendee, the minimum age, and from which age"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Message',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event_id', fields.IntField(db_index=True)),
                ('audience', fields.CharEnumField(description='EVERYONE: everyone\nSESSION: session\nTICKET_TYPE: ticket_type\nWAITLIST: waitlist\nACCESS_NEED: access_need', enum_type=Audience, max_length=20)),
                ('audience_value', fields.CharField(default='', max_length=40)),
                ('audience_label', fields.CharField(default='', max_length=300)),
                ('subject', fields.CharField(max_length=200)),
                ('text', fields.TextField(unique=False)),
                ('subject_en', fields.CharField(default='', max_length=200)),
                ('text_en', fields.TextField(default='', unique=False)),
                ('status', fields.CharEnumField(default=MessageStatus.SENDING, description='SENDING: sending\nSENT: sent', enum_type=MessageStatus, max_length=20)),
                ('recipients', fields.IntField(default=0)),
                ('delivered', fields.IntField(default=0)),
                ('author', fields.CharField(default='', max_length=254)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'message', 'app': 'festival', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MessageDelivery',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('message', fields.ForeignKeyField('festival.Message', source_field='message_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('email', fields.CharField(max_length=254)),
                ('outbox_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'message_delivery', 'app': 'festival', 'unique_together': (('message', 'email'),), 'pk_attr': 'id', 'table_description': 'One address that got a message: the unique pair is what makes the fan-out idempotent.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReminderDelivery',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('registration_id', fields.IntField(unique=True)),
                ('event_id', fields.IntField(db_index=True)),
                ('outbox_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'reminder_delivery', 'app': 'festival', 'pk_attr': 'id', 'table_description': 'The reminder a registration got: at most one, whatever the sweep does twice.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReminderSetting',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('event_id', fields.IntField(unique=True)),
                ('enabled', fields.BooleanField(default=False)),
            ],
            options={'table': 'reminder_setting', 'app': 'festival', 'pk_attr': 'id', 'table_description': 'Per event: whether registrations get a reminder with their agenda the day before.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Attendee',
            name='age_group',
            field=fields.CharField(default='', db_default='', max_length=10),
        ),
        ops.AddField(
            model_name='Attendee',
            name='guardian_email',
            field=fields.CharField(default='', db_default='', max_length=254),
        ),
        ops.AddField(
            model_name='Attendee',
            name='guardian_name',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
    ]
