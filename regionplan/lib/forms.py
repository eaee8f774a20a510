"""Form helpers every editing page shares."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .markdown import FORMATTING_HINT


class LimitsShown:
    """Long text is refused with a message, never cut: the browser's `maxlength` would silently
    drop what is pasted past the limit, so the limit travels as `data-maxlength` instead, which
    static/regionplan/app.js turns into a counter near the limit. The field's own max_length
    validation refuses the text on the server, and the form shows it again with the error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            limit = field.widget.attrs.pop("maxlength", None)
            if limit is not None:
                field.widget.attrs["data-maxlength"] = limit


class VersionedForm(LimitsShown, forms.ModelForm):
    """Carries the version the editor started from, for conflict detection (lib/editing.py)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)

    def values(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class FormattedFieldsMixin:
    """Marks the fields in `formatted_fields` as Markdown (lib/markdown.py): they carry the
    formatting hint as help, and templates/lib/form_fields.html shows their preview when the
    form was sent with its "Preview" button (`wants_preview`)."""

    formatted_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.formatted_fields:
            if name in self.fields:
                field = self.fields[name]
                field.formatted = True
                field.help_text = FORMATTING_HINT

    @property
    def has_formatted(self):
        return any(name in self.fields for name in self.formatted_fields)


def wants_preview(request):
    """The form was sent with its "Preview" button: show the formatted texts, save nothing."""
    return request.method == "POST" and "preview" in request.POST


def conflict_form(form_class, data, current, **kwargs):
    """After an EditConflict: the editor's values again, now based on what is saved, so that
    saving once more keeps theirs on purpose. Shown with templates/lib/conflict.html."""
    form = form_class(data, instance=current, **kwargs)
    form.data = form.data.copy()
    form.data["version"] = current.version
    return form


class SinceForm(forms.Form):
    since = forms.DateField(label=_("Changed since"), required=False)


def since_filter(request, default=None):
    """(form, date, start of that day in the site's time zone) from ?since=YYYY-MM-DD."""
    form = SinceForm(request.GET or None)
    since = (form.cleaned_data["since"] if form.is_valid() else None) or default
    moment = timezone.make_aware(dt.datetime.combine(since, dt.time.min)) if since else None
    return form, since, moment
