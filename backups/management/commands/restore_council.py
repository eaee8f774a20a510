from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from backups.archive import ArchiveError, restore_council


class Command(BaseCommand):
    help = (
        "Restore a council from an export_council archive into this database, which must not "
        "have it: restore_council FILE [--as NEW-SLUG]. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="archive file written by export_council")
        parser.add_argument(
            "--as",
            dest="new_slug",
            metavar="NEW-SLUG",
            help="restore under this slug, e.g. beside the original council",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, archive, new_slug, database, **options):
        try:
            data = archive.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {archive}: {error.strerror}", returncode=2) from error
        try:
            council, counts, renumbered, notes = restore_council(
                data, new_slug=new_slug, using=database
            )
        except ArchiveError as error:
            raise CommandError(f"Nothing restored. {error}", returncode=2) from error
        self.stdout.write(
            f"Restored council {council.slug} ({council.name}): {sum(counts.values())} rows "
            f"in {len(counts)} tables."
        )
        if renumbered:
            self.stdout.write(f"New ids (the originals were taken) in: {', '.join(renumbered)}")
        for note in notes:
            self.stdout.write(note)
