from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from festival.payments.models import PaymentStatus, RefundPolicy, RefundStatus, default_methods
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("festival", "0009_summaries")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Payment",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "registration",
                    fields.ForeignKeyField(
                        "festival.Registration",
                        source_field="registration_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="payments",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("event_id", fields.IntField(db_index=True)),
                ("amount_cents", fields.IntField()),
                ("quantity", fields.IntField(default=1)),
                ("refunded_cents", fields.IntField(default=0)),
                ("currency", fields.CharField(default="eur", max_length=3)),
                (
                    "status",
                    fields.CharEnumField(
                        default=PaymentStatus.OPEN,
                        description="OPEN: open\nPROCESSING: processing\nPAID: paid\nEXPIRED: expired\nFAILED: failed\nREFUNDED: refunded\nPARTLY_REFUNDED: partly_refunded",
                        enum_type=PaymentStatus,
                        max_length=20,
                    ),
                ),
                ("checkout_session_id", fields.CharField(null=True, unique=True, max_length=255)),
                ("checkout_url", fields.TextField(default="", unique=False)),
                ("payment_intent_id", fields.CharField(null=True, db_index=True, max_length=255)),
                ("method", fields.CharField(default="", max_length=20)),
                ("hold_expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("paid_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "payment",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "One checkout attempt for a registration, or a payment marked by hand.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PaymentSettings",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "event",
                    fields.OneToOneField(
                        "festival.Event",
                        source_field="event_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="payment_settings",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "methods",
                    fields.JSONField(
                        default=default_methods,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("hold_minutes", fields.IntField(default=30)),
                (
                    "refund_policy",
                    fields.CharEnumField(
                        default=RefundPolicy.FULL_UNTIL,
                        description="FULL_UNTIL: full_until\nPARTIAL: partial\nNONE: none",
                        enum_type=RefundPolicy,
                        max_length=20,
                    ),
                ),
                (
                    "refund_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("refund_percent", fields.IntField(default=100)),
            ],
            options={
                "table": "payment_settings",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "How an event takes payments: methods, how long seats are held, the refund policy.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Refund",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "payment",
                    fields.ForeignKeyField(
                        "festival.Payment",
                        source_field="payment_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="refunds",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("event_id", fields.IntField(db_index=True)),
                ("amount_cents", fields.IntField()),
                ("reason", fields.CharField(default="", max_length=300)),
                ("actor", fields.CharField(default="", max_length=200)),
                ("stripe_refund_id", fields.CharField(null=True, unique=True, max_length=255)),
                (
                    "status",
                    fields.CharEnumField(
                        default=RefundStatus.PENDING,
                        description="PENDING: pending\nSUCCEEDED: succeeded\nFAILED: failed",
                        enum_type=RefundStatus,
                        max_length=20,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "payment_refund",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "Money sent back for a payment, by policy, by an organiser or for a late payment.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="WebhookEvent",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("stripe_event_id", fields.CharField(unique=True, max_length=255)),
                ("type", fields.CharField(max_length=100)),
                ("received_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "payment_webhook_event",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "A Stripe event already handled: the same event twice changes nothing.",
            },
            bases=["Model"],
        ),
    ]
