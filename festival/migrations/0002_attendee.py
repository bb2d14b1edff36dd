from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('festival', '0001_initial')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Event',
            name='tickets_to_contact_only',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
