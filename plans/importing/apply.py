"""Writing an import: one transaction, all or nothing, recorded as one change set (PlanImport).

Rows are written with bulk_create/bulk_update, so the model's save() and the post_save signals do
not run: the normalisation save() does is done when the file is read (reading._clean), the
derived fields (due years, parties) here, and the plan's revision is bumped once at the end.
Status changes follow Measure.change_status in bulk: the measures are locked, each change is
appended to the status history with the status it replaces, then the statuses are set.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from measures.due import parse_due
from measures.models import Measure, StatusChange
from measures.parties import encode_parties, parse_parties
from measures.status import Status
from regionplan.lib.text import norwegian_slug

from ..models import ChangeRecord, Council, FocusArea, Goal, Plan, PlanImport
from .parsed import ParsedFile
from .preview import Preview, build_preview

BATCH = 1000
# Plan slugs that would shadow a council-level page such as /<council>/sok/.
RESERVED_SLUGS = {
    "sok",
    "budsjett",
    "import",
    "importer",
    "ny-plan",
    "tilgang",
    "endringar",
    "innstillingar",
}


class ImportBlocked(Exception):
    """The file has blocking problems (`preview.blocking_problems`); nothing was written."""

    def __init__(self, preview):
        super().__init__("The import file has blocking problems.")
        self.preview = preview


class PreviewOutdated(Exception):
    """The plan changed since the preview was shown; `preview` is what the import would do now.
    Nothing was written."""

    def __init__(self, preview):
        super().__init__("The plan changed since the preview.")
        self.preview = preview


@dataclass
class NewPlan:
    """The plan a file is imported into as new. `slug` is made from the title when empty."""

    council: Council
    title: str
    kind: str
    first_year: int
    last_year: int
    slug: str = ""

    def build(self) -> Plan:
        """The unsaved plan; raises django.core.exceptions.ValidationError when it is invalid."""
        plan = Plan(
            council=self.council,
            title=" ".join(self.title.split()),
            kind=self.kind,
            first_year=self.first_year,
            last_year=self.last_year,
            slug=self.slug or plan_slug(self.council, self.title),
        )
        plan.full_clean()
        return plan


@dataclass
class ImportResult:
    plan: Plan
    record: PlanImport
    preview: Preview


def plan_slug(council, title) -> str:
    """A slug for a new plan of the council, unique among its plans: "handlingsplan-2026-2"."""
    base = norwegian_slug(title) or "plan"
    if base in RESERVED_SLUGS:
        base += "-plan"
    taken = set(
        Plan.objects.filter(council=council, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def apply_import(
    parsed: ParsedFile,
    *,
    user=None,
    plan: Plan | None = None,
    new_plan: NewPlan | None = None,
    add_new: bool = False,
    expected: str | None = None,
) -> ImportResult:
    """Import `parsed` into a new plan (`new_plan`) or as an update of `plan`.

    Update: the changes of the preview are applied; unmatched rows (and the focus areas and goals
    they need) are added only when `add_new`. `expected` is the fingerprint of the preview the
    user confirmed: if the import would now do something else, PreviewOutdated is raised.
    Raises ImportBlocked when the file has blocking problems. Nothing is written on any error.
    """
    if (plan is None) == (new_plan is None):
        raise TypeError("Give either plan or new_plan.")
    if parsed.blocking:
        raise ImportBlocked(build_preview(parsed, plan))
    with transaction.atomic():
        if new_plan is not None:
            target = new_plan.build()
            target.save()
            preview = build_preview(parsed)
        else:
            target = Plan.objects.select_for_update().select_related("council").get(pk=plan.pk)
            preview = build_preview(parsed, target, lock=True)
            if expected and preview.fingerprint != expected:
                raise PreviewOutdated(preview)
        writer = _Writer(target, user, preview, add_new=add_new or new_plan is not None)
        writer.write()
    return ImportResult(target, writer.record, preview)


class _Writer:
    def __init__(self, plan, user, preview, *, add_new):
        self.plan, self.user, self.preview, self.add_new = plan, user, preview, add_new
        self.now = timezone.now()
        self.new_plan = preview.plan is None
        self.records = []  # ChangeRecords
        self.status_changes = []

    def write(self):
        preview, counts = self.preview, self.preview.counts
        added = self.add_new
        self.record = PlanImport.objects.create(
            plan=self.plan,
            changed_by=self.user,
            mode=PlanImport.Mode.NEW_PLAN if self.new_plan else PlanImport.Mode.UPDATE,
            filename=preview.parsed.filename[:255],
            sheet=preview.parsed.sheet[:100],
            rows=counts["rows"],
            focus_areas_created=counts["focus_areas_new"] if added else 0,
            goals_created=counts["goals_new"] if added else 0,
            measures_created=counts["measures_new"] if added else 0,
            measures_changed=counts["measures_changed"],
            measures_unchanged=counts["measures_unchanged"],
        )
        if self.new_plan:
            self.records.append(
                ChangeRecord(
                    plan=self.plan,
                    subject_type="plan",
                    subject_id=self.plan.pk,
                    subject_label=str(self.plan)[:200],
                    action=ChangeRecord.Action.CREATED,
                    changed_by=self.user,
                )
            )
        if added:
            self.create()
        self.update()
        self.set_statuses()
        self.save_records()
        # bulk writes send no post_save signals: one bump for the whole import
        Plan.objects.filter(pk=self.plan.pk).bump_revision()

    # New focus areas, goals and measures --------------------------------------------------

    def create(self):
        preview, plan = self.preview, self.plan
        audited = not self.new_plan  # a new plan has one record: the plan's
        top = plan.focus_areas.aggregate(top=Max("order"))["top"] or 0
        areas = []
        for order, target in enumerate(preview.new_focus_areas, start=top + 1):
            target.existing = FocusArea(
                plan=plan, number=target.number, title=target.title, order=order
            )
            areas.append(target.existing)
        FocusArea.objects.bulk_create(areas, batch_size=BATCH)

        goal_tops = dict(
            Goal.objects.filter(focus_area__plan=plan)
            .values_list("focus_area_id")
            .annotate(top=Max("order"))
        )
        goals = []
        for target in preview.new_goals:
            area = target.area.existing
            order = goal_tops.get(area.pk, 0) + 1
            goal_tops[area.pk] = order
            target.existing = Goal(focus_area=area, code=target.code, text=target.text, order=order)
            goals.append(target.existing)
        Goal.objects.bulk_create(goals, batch_size=BATCH)

        measure_tops = dict(
            Measure.all_objects.filter(goal__focus_area__plan=plan)
            .values_list("goal_id")
            .annotate(top=Max("order"))
        )
        measures = []
        for new in preview.new_measures:
            row, goal = new.row, new.goal.existing
            order = measure_tops.get(goal.pk, 0) + 1
            measure_tops[goal.pk] = order
            measure = Measure(
                goal=goal,
                order=order,
                code=row.code,
                text=row.text,
                due=row.due,
                responsible=row.responsible,
                involvement=row.involvement,
                comment=row.comment,
            )
            self.derive(measure)
            measures.append(measure)
        Measure.objects.bulk_create(measures, batch_size=BATCH)
        for measure, new in zip(measures, preview.new_measures, strict=True):
            if new.row.status and new.row.status != Status.NOT_ASSESSED:
                # Created as not assessed, then set: the history says where the status came from.
                self.change_status(
                    measure, Status.NOT_ASSESSED, new.row.status, comment=new.row.comment
                )
        if audited:
            for obj in [*areas, *goals, *measures]:
                self.records.append(ChangeRecord.of(obj, ChangeRecord.Action.CREATED, self.user))

    def derive(self, measure):
        """What Measure.save() derives from the due and responsible texts."""
        measure.due_first_year, measure.due_last_year = parse_due(measure.due, self.plan.years)
        measure.parties = encode_parties(
            parse_parties(measure.responsible, self.plan.council.language)
        )

    # Changed measures ---------------------------------------------------------------------

    def update(self):
        edited, fields = [], set()
        for change in self.preview.changed:
            measure = change.measure
            edits = {f: v for f, v in change.changes.items() if f != "status"}
            # A comment on a row whose status changes is that status change's comment; the
            # audit trail keeps the text it replaces, as Measure.change_status does.
            status_comment = ""
            if change.status_change and "comment" in edits:
                status_comment = edits["comment"][1]
            if edits:
                for name, (old, new) in edits.items():
                    setattr(measure, name, new)
                    fields.add(name)
                    if name == "comment" and status_comment and not old:
                        continue
                    self.records.append(
                        ChangeRecord.of(
                            measure, ChangeRecord.Action.UPDATED, self.user, name, old, new
                        )
                    )
                self.derive(measure)
                measure.version += 1  # an editor holding the old version gets a conflict
                measure.updated_at = self.now
                edited.append(measure)
            if change.status_change:
                self.change_status(measure, *change.status_change, comment=status_comment)
        if edited:
            fields |= {"due_first_year", "due_last_year", "parties", "version", "updated_at"}
            Measure.all_objects.bulk_update(edited, sorted(fields), batch_size=500)

    def change_status(self, measure, old, new, comment=""):
        self.status_changes.append(
            StatusChange(
                measure=measure,
                from_status=old,
                to_status=Status(new),
                comment=comment,
                changed_by=self.user,
            )
        )

    def set_statuses(self):
        """Appends the status changes to the history, linked to the import, and sets the
        statuses. The measures were locked when the preview was made (build_preview lock), so
        each change's "from" is the status it replaces, as with Measure.change_status."""
        if not self.status_changes:
            return
        created = StatusChange.objects.bulk_create(self.status_changes, batch_size=BATCH)
        by_status = defaultdict(list)
        for change in created:
            by_status[change.to_status].append(change.measure_id)
        for status, ids in by_status.items():
            for start in range(0, len(ids), BATCH):
                Measure.all_objects.filter(pk__in=ids[start : start + BATCH]).update(
                    status=status, updated_at=self.now
                )
        link = PlanImport.status_changes.through
        link.objects.bulk_create(
            [link(planimport_id=self.record.pk, statuschange_id=c.pk) for c in created],
            batch_size=BATCH,
        )

    def save_records(self):
        for change in self.records:
            change.plan_import = self.record
        ChangeRecord.objects.bulk_create(self.records, batch_size=BATCH)
