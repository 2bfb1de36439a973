"""The database cache table (`CACHES` in settings): shared by every app process."""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    # Idempotent: creates only the missing table of each database cache configured.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_nothing(apps: Any, schema_editor: Any) -> None:
    """The table is harmless to keep when migrating backwards."""


class Migration(migrations.Migration):
    dependencies = [("core", "0004_holiday")]

    operations = [migrations.RunPython(create_cache_table, drop_nothing)]
