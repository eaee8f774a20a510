"""The words a measure row is labelled with, translated once per page rather than per row."""

from django.urls import reverse
from django.utils.translation import gettext as _


def column_labels():
    return {
        "code": _("Code"),
        "measure": _("Measure"),
        "due": _("Due"),
        "responsible": _("Responsible"),
        "comment": _("Comment"),
        "status": _("Status"),
        "involvement": _("Involvement"),
        "internal_note": _("Internal note"),
        "details": _("Details"),
        "goal": _("Goal"),
    }


def measures_url(plan):
    """A measure's address up to its id (`{{ measures_url }}{{ measure.pk }}/`): reversed once
    per page, since reversing per row was a tenth of a long plan's rendering."""
    return reverse("measures:detail", args=[plan.council.slug, plan.slug, 0]).removesuffix("0/")
