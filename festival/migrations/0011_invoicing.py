from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from festival.invoicing.models import InvoiceStatus, SeriesKind
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("festival", "0010_payments")]

    initial = False

    operations = [
        ops.CreateModel(
            name="BillingDetails",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("registration_id", fields.IntField(unique=True)),
                ("event_id", fields.IntField(db_index=True)),
                ("organisation_name", fields.CharField(max_length=200)),
                ("address", fields.CharField(max_length=200)),
                ("postcode", fields.CharField(max_length=10)),
                ("city", fields.CharField(max_length=100)),
                ("reference", fields.CharField(default="", max_length=100)),
                ("invoice_email", fields.CharField(max_length=254)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "invoice_billing_details",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "Who pays a pay-on-invoice registration: the buyer on its invoice.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Invoice",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("organisation_id", fields.IntField()),
                ("event_id", fields.IntField(db_index=True)),
                ("registration_id", fields.IntField(unique=True)),
                ("number", fields.CharField(max_length=20)),
                ("issued_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("due_on", fields.DateField()),
                (
                    "status",
                    fields.CharEnumField(
                        default=InvoiceStatus.OPEN,
                        description="OPEN: open\nPAID: paid\nCREDITED: credited",
                        enum_type=InvoiceStatus,
                        max_length=10,
                    ),
                ),
                ("paid_on", fields.DateField(null=True)),
                ("payment_reference", fields.CharField(default="", max_length=200)),
                (
                    "seller",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "buyer",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("total_cents", fields.IntField(default=0)),
                ("vat_cents", fields.IntField(default=0)),
                ("credited_cents", fields.IntField(default=0)),
            ],
            options={
                "table": "invoice",
                "app": "festival",
                "unique_together": (("organisation_id", "number"),),
                "pk_attr": "id",
                "table_description": "One invoice per registration, numbered in the series of its organisation. The seller",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CreditNote",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("organisation_id", fields.IntField()),
                ("event_id", fields.IntField(db_index=True)),
                ("registration_id", fields.IntField(db_index=True)),
                (
                    "invoice",
                    fields.ForeignKeyField(
                        "festival.Invoice",
                        source_field="invoice_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="credit_notes",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("number", fields.CharField(max_length=20)),
                ("reference", fields.CharField(max_length=200)),
                ("reason", fields.CharField(default="", max_length=300)),
                ("issued_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("amount_cents", fields.IntField()),
                ("vat_cents", fields.IntField()),
                (
                    "vat_lines",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "seller",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "buyer",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
            ],
            options={
                "table": "credit_note",
                "app": "festival",
                "unique_together": (
                    ("organisation_id", "number"),
                    ("organisation_id", "reference"),
                ),
                "pk_attr": "id",
                "table_description": "A credit note against an invoice (a refund, full or partial), numbered in its own",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="InvoiceLine",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "invoice",
                    fields.ForeignKeyField(
                        "festival.Invoice",
                        source_field="invoice_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="lines",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("position", fields.IntField(default=0)),
                ("description", fields.CharField(max_length=300)),
                ("quantity", fields.IntField()),
                ("unit_cents", fields.IntField()),
                ("vat_rate", fields.IntField()),
                ("total_cents", fields.IntField()),
                ("vat_cents", fields.IntField()),
            ],
            options={"table": "invoice_line", "app": "festival", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="InvoiceSettings",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("event_id", fields.IntField(unique=True)),
                ("payment_term_days", fields.IntField(default=30)),
            ],
            options={
                "table": "invoice_settings",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "The invoice settings of an event: the payment term of pay-on-invoice registrations.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="NumberSeries",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("organisation_id", fields.IntField()),
                (
                    "kind",
                    fields.CharEnumField(
                        description="INVOICE: invoice\nCREDIT_NOTE: credit_note",
                        enum_type=SeriesKind,
                        max_length=12,
                    ),
                ),
                ("year", fields.IntField()),
                ("last_number", fields.IntField(default=0)),
            ],
            options={
                "table": "invoice_number_series",
                "app": "festival",
                "unique_together": (("organisation_id", "kind", "year"),),
                "pk_attr": "id",
                "table_description": "The last number used per organisation, kind and year. It only moves inside the",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SellerDetails",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("organisation_id", fields.IntField(unique=True)),
                ("legal_name", fields.CharField(max_length=200)),
                ("address", fields.CharField(default="", max_length=200)),
                ("postcode", fields.CharField(default="", max_length=10)),
                ("city", fields.CharField(default="", max_length=100)),
                ("kvk_number", fields.CharField(default="", max_length=8)),
                ("vat_number", fields.CharField(default="", max_length=14)),
                ("iban", fields.CharField(default="", max_length=34)),
                ("email", fields.CharField(default="", max_length=254)),
                ("updated_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "invoice_seller",
                "app": "festival",
                "pk_attr": "id",
                "table_description": "Who sends the invoices of an organisation: legal name, address, KvK, VAT number, IBAN.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="TicketType",
            name="pay_on_invoice",
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name="TicketType",
            name="vat_rate",
            field=fields.IntField(default=21, db_default=21),
        ),
    ]
