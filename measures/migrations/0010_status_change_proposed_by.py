"""Who outside the secretariat proposed a status change (a party's contact, owners/).

SQLite adds the column by rebuilding the table, which drops the append-only trigger of 0002;
it is created again here. PostgreSQL adds the column in place and keeps its trigger.
"""

from django.db import migrations, models

SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS measures_statuschange_no_update BEFORE UPDATE ON measures_statuschange
BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;
"""


def restore_sqlite_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("measures", "0009_rederive_parties_hyphenated_compounds")]

    operations = [
        migrations.AddField(
            model_name="statuschange",
            name="proposed_by",
            field=models.CharField(
                blank=True, db_default="", max_length=300, verbose_name="proposed by"
            ),
        ),
        migrations.RunPython(restore_sqlite_trigger, migrations.RunPython.noop),
    ]
