from tortoise import migrations
from tortoise.migrations import operations as ops
from festival.evaluation.models import ReportState
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("festival", "0005_archive")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ReportRun",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("event_id", fields.IntField(db_index=True)),
                (
                    "state",
                    fields.CharEnumField(
                        default=ReportState.QUEUED,
                        description="QUEUED: queued\nRUNNING: running\nDONE: done\nFAILED: failed",
                        enum_type=ReportState,
                        max_length=10,
                    ),
                ),
                ("pdf", fields.BinaryField(null=True)),
                ("error", fields.TextField(default="", unique=False)),
                ("requested_by", fields.CharField(default="", max_length=120)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("started_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "finished_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "report_run",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "An evaluation report PDF, rendered by the job render_report(run_id).",
            },
            bases=["Model"],
        ),
    ]
