"""Make the status history append-only in the database itself, not only in the ORM.

PostgreSQL (production) rejects every UPDATE and DELETE of a history row. SQLite (development
and demo) rejects UPDATE only: Django's test flush empties tables with DELETE there, while on
PostgreSQL it uses TRUNCATE, which row triggers do not see.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE FUNCTION measures_statuschange_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'status history is append-only';
END $$;
CREATE TRIGGER measures_statuschange_append_only
    BEFORE UPDATE OR DELETE ON measures_statuschange
    FOR EACH ROW EXECUTE FUNCTION measures_statuschange_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER measures_statuschange_append_only ON measures_statuschange;
DROP FUNCTION measures_statuschange_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER measures_statuschange_no_update BEFORE UPDATE ON measures_statuschange
BEGIN SELECT RAISE(ABORT, 'status history is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER measures_statuschange_no_update;"


def run(sql_by_vendor):
    def apply(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
