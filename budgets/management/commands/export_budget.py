from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from budgets.exports import EXPORTS
from budgets.models import Budget


class Command(BaseCommand):
    help = "Export a budget: export_budget COUNCIL YEAR --format pdf|xlsx|json --output FILE"

    def add_arguments(self, parser):
        parser.add_argument("council")
        parser.add_argument("year", type=int)
        parser.add_argument("--format", required=True, choices=sorted(EXPORTS))
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, council, year, format, output, **options):
        budget = (
            Budget.objects.select_related("council", "plan")
            .filter(council__slug=council, year=year)
            .first()
        )
        if budget is None:
            years = Budget.objects.filter(council__slug=council).values_list("year", flat=True)
            hint = f" Budgets of {council}: {', '.join(map(str, years))}." if years else ""
            raise CommandError(f"No budget for {year} in council {council!r}.{hint}", returncode=2)
        body = EXPORTS[format][1](budget)
        try:
            output.write_bytes(body)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}", returncode=2) from error
        self.stdout.write(f"Wrote {output} ({len(body)} bytes)")
