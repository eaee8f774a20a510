from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import StatusReport
from plans.reports.services import render_report_pdf


class Command(BaseCommand):
    help = "Write a status report (agenda item) as PDF: export_report COUNCIL PLAN ITEM --output F"

    def add_arguments(self, parser):
        parser.add_argument("council")
        parser.add_argument("plan")
        parser.add_argument("item", help='agenda item number, e.g. "03-26"')
        parser.add_argument("--format", default="pdf", choices=["pdf"])
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, council, plan, item, output, **options):
        report = (
            StatusReport.objects.filter(
                plan__council__slug=council, plan__slug=plan, item_number=item
            )
            .order_by("-version")
            .first()
        )
        if report is None:
            raise CommandError(f"No agenda item {item!r} in {council}/{plan}.", returncode=2)
        body = bytes(report.pdf) if report.is_final and report.pdf else render_report_pdf(report)
        try:
            output.write_bytes(body)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}", returncode=2) from error
        self.stdout.write(f"Wrote {output} ({len(body)} bytes)")
