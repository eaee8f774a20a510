import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from measures.status import Status
from plans.importing import ImportBlocked, NewPlan, apply_import, build_preview, read_xlsx
from plans.models import Council, Plan, PlanKind

YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$")
USAGE_ERROR, BLOCKED = 2, 1


def usage_error(message):
    return CommandError(message, returncode=USAGE_ERROR)


class Command(BaseCommand):
    help = (
        "Import a plan from Excel: import_plan FILE --council SLUG (--plan SLUG | --new-plan "
        "TITLE --kind KIND --years 2025-2028) [--dry-run] [--add-new] [--user USERNAME]. Exit "
        "status 0: imported (or previewed), 1: problems block the import, 2: usage error."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if not parser.called_from_command_line:
            # argparse exits 2 on the command line; call_command should say the same
            def error(message):
                raise usage_error(f"Error: {message}")

            parser.error = error
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the .xlsx file")
        parser.add_argument("--council", required=True, help="council slug, e.g. hallingdal")
        parser.add_argument("--plan", help="update this plan (slug)")
        parser.add_argument("--new-plan", metavar="TITLE", help="create a plan with this title")
        parser.add_argument("--kind", help=f"kind of the new plan: {', '.join(PlanKind.values)}")
        parser.add_argument("--years", help="years of the new plan: 2025-2028, or 2026")
        parser.add_argument("--dry-run", action="store_true", help="show the preview only")
        parser.add_argument(
            "--add-new", action="store_true", help="update: also add rows that match no measure"
        )
        parser.add_argument("--user", help="username recorded as the author of the changes")

    def handle(self, *args, file, council, plan, new_plan, dry_run, add_new, **options):
        council_obj = Council.objects.filter(slug=council).first()
        if council_obj is None:
            known = ", ".join(Council.objects.values_list("slug", flat=True))
            raise usage_error(f"No council {council!r}. Councils: {known}.")
        if bool(plan) == bool(new_plan):
            raise usage_error("Give either --plan SLUG or --new-plan TITLE.")
        user = self.user(options["user"])
        target, new = None, None
        if plan:
            target = Plan.objects.filter(council=council_obj, slug=plan).first()
            if target is None:
                known = ", ".join(council_obj.plans.values_list("slug", flat=True))
                raise usage_error(f"No plan {plan!r} in council {council!r}. Plans: {known}.")
        else:
            new = self.new_plan(council_obj, new_plan, options["kind"], options["years"])
        if not file.is_file():
            raise usage_error(f"No file {file}.")

        parsed = read_xlsx(file)
        preview = build_preview(parsed, target)
        self.print_preview(preview, new, add_new)
        if preview.blocking:
            raise CommandError(
                "Nothing imported: the file has problems that block the import.",
                returncode=BLOCKED,
            )
        if dry_run:
            self.stdout.write("Dry run: nothing written.")
            return
        try:
            result = apply_import(parsed, user=user, plan=target, new_plan=new, add_new=add_new)
        except ImportBlocked as error:  # pragma: no cover (checked above)
            raise CommandError("Nothing imported.", returncode=BLOCKED) from error
        self.stdout.write(
            f"Imported into {result.plan.council.slug}/{result.plan.slug} "
            f"(change set {result.record.pk})."
        )

    def user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise usage_error(f"No user {username!r}.")
        return user

    def new_plan(self, council, title, kind, years):
        if kind not in PlanKind.values:
            raise usage_error(f"--kind must be one of: {', '.join(PlanKind.values)}.")
        match = YEARS.match(years or "")
        if not match:
            raise usage_error("--years must be like 2025-2028, or 2026 for one year.")
        first, last = int(match[1]), int(match[2] or match[1])
        new = NewPlan(council, title, kind, first, last)
        try:
            new.build()
        except ValidationError as error:
            messages = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items()
            )
            raise usage_error(f"The new plan is not valid: {messages}") from error
        return new

    def print_preview(self, preview, new, add_new):
        write, parsed, counts = self.stdout.write, preview.parsed, preview.counts
        if parsed.sheet:
            write(f"Read {parsed.filename}: sheet {parsed.sheet!r}, {counts['rows']} measures.")
        if new is not None:
            write(
                f"New plan {new.title!r} ({new.first_year}–{new.last_year}): "
                f"focus areas: {counts['focus_areas_new']}, goals: {counts['goals_new']}, "
                f"measures: {counts['measures_new']}."
            )
        else:
            write(
                f"Update of {preview.plan}: measures changed: {counts['measures_changed']} "
                f"(status changes: {counts['status_changes']}), unchanged: "
                f"{counts['measures_unchanged']}, not in the file: "
                f"{counts['measures_not_in_file']}."
            )
            for change in preview.changed:
                fields = "; ".join(
                    f"{name}: {self.shown(name, old)} → {self.shown(name, new)}"
                    for name, (old, new) in change.changes.items()
                )
                write(f"  row {change.row.number}  {change.measure.heading[:60]}  {fields}")
            if preview.new_measures:
                note = "will be added" if add_new else "not added without --add-new"
                write(
                    f"New measures ({note}): {counts['measures_new']}, new goals: "
                    f"{counts['goals_new']}, new focus areas: {counts['focus_areas_new']}:"
                )
                for item in preview.new_measures:
                    row = item.row
                    write(f"  row {row.number}  {f'{row.code} {row.text}'.strip()[:70]}")
        blocking = preview.blocking_problems
        if preview.problems:
            write(f"Problems: {len(blocking)} blocking, {len(preview.warnings)} warnings.")
        for problem in preview.problems:
            label = "BLOCKS " if problem.blocking else "warning"
            write(f"  {label}  {problem}")

    @staticmethod
    def shown(name, value):
        if name == "status":
            return str(Status(value).label)
        value = " ".join(value.split())
        return repr(value[:60] + ("…" if len(value) > 60 else ""))
