from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regionplan.lib.forms import LimitsShown

from ..models import Plan, PlanKind
from .container import too_large
from .reading import read_xlsx

# From this size a file is read by the background worker, not in the request (as renderings/
# does for long plans): about a quarter of a second to read below it.
BACKGROUND_FROM_BYTES = 1 << 20


class ImportForm(LimitsShown, forms.Form):
    """Upload a spreadsheet as a new plan, or as an update of one of the council's plans."""

    NEW, UPDATE = "new", "update"

    mode = forms.ChoiceField(
        label=_("What should the file do?"),
        choices=[(NEW, _("Become a new plan")), (UPDATE, _("Update a plan"))],
        widget=forms.RadioSelect,
        initial=NEW,
    )
    plan = forms.ModelChoiceField(
        label=_("Plan to update"), queryset=Plan.objects.none(), required=False
    )
    title = forms.CharField(label=_("Title of the new plan"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PlanKind.choices, initial=PlanKind.ACTION_PLAN, required=False
    )
    first_year = forms.IntegerField(
        label=_("First year"), min_value=1990, max_value=2100, required=False
    )
    last_year = forms.IntegerField(
        label=_("Last year"), min_value=1990, max_value=2100, required=False
    )
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = council.plans.all()
        year = timezone.localdate().year + 1
        self.fields["first_year"].initial = year
        self.fields["last_year"].initial = year

    def clean_file(self):
        """Reads a small file, once: `self.parsed` is what it holds (None for a large one). A
        file too large, damaged or not a workbook is refused here, before anything is stored;
        problems in its rows are shown by the preview."""
        upload = self.cleaned_data["file"]
        if problem := too_large(upload.size):
            raise forms.ValidationError(problem.message)
        # A large file takes seconds to read: the background worker reads it (uploads.py), and
        # a file it cannot read at all is shown as failed on the preview page instead.
        self.parsed = None
        if upload.size >= BACKGROUND_FROM_BYTES:
            return upload
        self.parsed = read_xlsx(upload, filename=upload.name)
        if problem := self.parsed.refusal:
            raise forms.ValidationError(problem.message)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.UPDATE:
            if not data.get("plan"):
                self.add_error("plan", _("Choose the plan the file updates."))
            return data
        if not data.get("title", "").strip():
            self.add_error("title", _("Give the new plan a title."))
        for name in ("kind", "first_year", "last_year"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["required"])
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and first > last:
            self.add_error("last_year", _("The last year cannot be before the first."))
        return data
