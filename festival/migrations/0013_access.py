from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("festival", "0012_reach")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Attendee",
            name="access_discreet",
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name="Room",
            name="hearing_loop",
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name="Room",
            name="quiet_space",
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name="Room",
            name="sign_language",
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name="Room",
            name="step_free",
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
