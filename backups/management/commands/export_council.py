from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, transaction

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
        # One snapshot: every table read in one transaction (repeatable read on PostgreSQL
        # is not needed for the export's own consistency check, but one transaction keeps
        # concurrent writes from splitting a measure from its history mid-export).
        with transaction.atomic(using=database):
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
