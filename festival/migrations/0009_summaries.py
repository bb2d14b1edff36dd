from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("festival", "0008_job_queue")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ArchiveSettings",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("event_id", fields.IntField(unique=True)),
                ("publish_summaries", fields.BooleanField(default=False)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "archive_settings",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "Per event: whether the archive pages show the evaluation summaries of its sessions (the",
            },
            bases=["Model"],
        ),
    ]
