"""On PostgreSQL, LIKE 'prefix%' uses a btree index only with the pattern operator class;
SQLite needs nothing more than the plain index, so this migration does nothing there."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS org_orgunit_path_pattern_idx "
            "ON org_orgunit (path varchar_pattern_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS org_orgunit_path_pattern_idx")


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
