from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from festival.archive.models import MaterialKind, OutcomeKind, OutcomeState, RequestKind, Verdict
from festival.programme.models import SessionFormat
from json import dumps, loads
from tortoise import fields


# The archive search's full-text index, kept in step with archive_entry by the database itself.
SQLITE_FTS = """
CREATE VIRTUAL TABLE archive_fts USING fts5(
    title, body, content='archive_entry', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER archive_entry_ai AFTER INSERT ON archive_entry BEGIN
    INSERT INTO archive_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER archive_entry_ad AFTER DELETE ON archive_entry BEGIN
    INSERT INTO archive_fts(archive_fts, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER archive_entry_au AFTER UPDATE ON archive_entry BEGIN
    INSERT INTO archive_fts(archive_fts, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO archive_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
"""
POSTGRES_FTS = """
ALTER TABLE archive_entry ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('dutch', title || ' ' || body)) STORED;
CREATE INDEX archive_entry_search ON archive_entry USING GIN (search);
"""


async def full_text_index(apps, schema_editor):
    client = schema_editor.client
    if client.capabilities.dialect == "sqlite":
        await client.execute_script(SQLITE_FTS)
    elif client.capabilities.dialect == "postgres":
        await client.execute_script(POSTGRES_FTS)


class Migration(migrations.Migration):
    dependencies = [('festival', '0004_feedback')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ArchiveEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session_id', fields.IntField(unique=True)),
                ('code', fields.CharField(unique=True, max_length=12)),
                ('event_id', fields.IntField(db_index=True)),
                ('event_slug', fields.CharField(max_length=80)),
                ('event_name', fields.CharField(max_length=200)),
                ('organisation_id', fields.IntField(db_index=True)),
                ('year', fields.IntField(db_index=True)),
                ('starts_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('timezone', fields.CharField(default='Europe/Amsterdam', max_length=64)),
                ('format', fields.CharField(db_index=True, max_length=20)),
                ('track', fields.CharField(default='', max_length=120)),
                ('audiences', fields.CharField(default='', max_length=200)),
                ('partner', fields.CharField(default='', max_length=200)),
                ('speakers', fields.TextField(default='', unique=False)),
                ('verdict', fields.CharField(default='', max_length=12)),
                ('title', fields.CharField(max_length=200)),
                ('abstract', fields.TextField(default='', unique=False)),
                ('body', fields.TextField(default='', unique=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'archive_entry', 'app': 'festival', 'pk_attr': 'id', 'table_description': 'One archived session as the archive search reads it: only what is public.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Material',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session_id', fields.IntField(db_index=True)),
                ('event_id', fields.IntField(db_index=True)),
                ('kind', fields.CharEnumField(description='SLIDES: slides\nHANDOUT: handout\nRECORDING: recording', enum_type=MaterialKind, max_length=10)),
                ('title', fields.CharField(max_length=200)),
                ('filename', fields.CharField(default='', max_length=200)),
                ('stored_name', fields.CharField(null=True, unique=True, max_length=80)),
                ('content_type', fields.CharField(default='', max_length=60)),
                ('size', fields.IntField(default=0)),
                ('url', fields.CharField(default='', max_length=500)),
                ('approved', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'archive_material', 'app': 'festival', 'pk_attr': 'id', 'table_description': 'Slides or a hand-out (a file under media/materials/) or a recording link.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Outcome',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('session_id', fields.IntField(unique=True)),
                ('event_id', fields.IntField(db_index=True)),
                ('kind', fields.CharEnumField(description='LAB: lab\nRAAD_OP_ZATERDAG: raad_op_zaterdag\nSHORT: short', enum_type=OutcomeKind, max_length=20)),
                ('state', fields.CharEnumField(default=OutcomeState.DRAFT, description='DRAFT: draft\nSUBMITTED: submitted\nAPPROVED: approved', enum_type=OutcomeState, max_length=10)),
                ('question', fields.TextField(default='', unique=False)),
                ('method', fields.TextField(default='', unique=False)),
                ('council', fields.CharField(default='', max_length=200)),
                ('happened', fields.TextField(default='', unique=False)),
                ('verdict', fields.CharEnumField(null=True, description='WERKT: werkt\nWERKT_DEELS: werkt_deels\nWERKT_NIET: werkt_niet\nTE_VROEG: te_vroeg', enum_type=Verdict, max_length=12)),
                ('why', fields.TextField(default='', unique=False)),
                ('why_tags', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('theme', fields.CharField(default='', max_length=200)),
                ('residents', fields.IntField(null=True)),
                ('follow_up', fields.TextField(default='', unique=False)),
                ('summary', fields.TextField(default='', unique=False)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('approved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('approved_by', fields.CharField(default='', max_length=254)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'archive_outcome', 'app': 'festival', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutcomeRequest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=300)),
                ('session_id', fields.IntField(db_index=True)),
                ('kind', fields.CharEnumField(description='INVITE: invite\nREMINDER: reminder', enum_type=RequestKind, max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('message_id', fields.IntField(null=True)),
            ],
            options={'table': 'archive_request', 'app': 'festival', 'pk_attr': 'id', 'table_description': 'A mail that asked someone for the outcome of a session. The key is unique, so a retried'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Session',
            name='format',
            field=fields.CharEnumField(default=SessionFormat.WORKSHOP, description='PLENARY: plenary\nWORKSHOP: workshop\nLAB: lab\nRAAD_OP_ZATERDAG: raad_op_zaterdag\nDEBATE: debate\nEXCURSION: excursion\nBREAK: break', enum_type=SessionFormat, max_length=16),
        ),
        ops.RunPython(full_text_index),
    ]
