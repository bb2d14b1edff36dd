from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('festival', '0007_answer_keys')]

    initial = False

    operations = [
        ops.CreateModel(
            name='QueuedJob',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=80)),
                ('kwargs', fields.TextField(default='{}', unique=False)),
                ('job_key', fields.CharField(null=True, unique=True, max_length=200)),
                ('run_at', fields.BigIntField()),
                ('tries', fields.IntField(default=0)),
                ('locked_until', fields.BigIntField(null=True)),
                ('worker', fields.CharField(default='', max_length=40)),
                ('queued_at', fields.BigIntField()),
            ],
            options={'table': 'job_queue', 'app': 'festival', 'indexes': [Index(fields=['run_at', 'id'])], 'pk_attr': 'id', 'table_description': 'A job waiting or running in the database queue of the embedded default.'},
            bases=['Model'],
        ),
    ]
