from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from backups.archive import ArchiveError, export_council
from plans.models import Council


class Command(BaseCommand):
    help = (
        "Write one council, everything that belongs to it, as one archive: "
        "export_council SLUG --output FILE (restore it with restore_council)"
    )

    def add_arguments(self, parser):
        parser.add_argument("council", help="council slug, e.g. hallingdal")
        parser.add_argument("--output", required=True, type=Path, help="archive file to write")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, council, output, database, **options):
        found = Council.objects.using(database).filter(slug=council).first()
        if found is None:
            known = Council.objects.using(database).values_list("slug", flat=True)
            raise CommandError(
                f"No council {council!r}. Councils: {', '.join(known)}.", returncode=2
            )
        # One snapshot of every table, so no measure is read without its latest history row
        # while others write (PostgreSQL; SQLite's transaction is a snapshot already).
        connection = connections[database]
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=database):
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                data = export_council(found, using=database)
            except ArchiveError as error:
                raise CommandError(f"Not exported: {error}", returncode=2) from error
        temporary = output.with_name(output.name + ".partial")
        try:
            temporary.write_bytes(data)
            temporary.replace(output)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}", returncode=2) from error
        self.stdout.write(f"Wrote {output} ({len(data)} bytes): council {found.slug}")
