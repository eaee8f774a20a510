from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.exports import EXPORTS
from plans.models import Plan


class Command(BaseCommand):
    help = "Export a plan as Excel, JSON or CSV: export_plan COUNCIL PLAN --format F --output FILE"

    def add_arguments(self, parser):
        parser.add_argument("council", help="council slug, e.g. hallingdal")
        parser.add_argument("plan", help="plan slug, e.g. regionplan")
        parser.add_argument("--format", required=True, choices=sorted(EXPORTS))
        parser.add_argument("--output", required=True, type=Path, help="file to write")

    def handle(self, *args, council, plan, format, output, **options):
        found = Plan.objects.select_related("council").filter(council__slug=council, slug=plan)
        if not found:
            known = Plan.objects.filter(council__slug=council).values_list("slug", flat=True)
            hint = f" Plans of {council}: {', '.join(known)}." if known else ""
            raise CommandError(f"No plan {plan!r} in council {council!r}.{hint}", returncode=2)
        try:
            output.write_bytes(EXPORTS[format][1](found[0]))
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}", returncode=2) from error
        self.stdout.write(f"Wrote {output} ({output.stat().st_size} bytes)")
