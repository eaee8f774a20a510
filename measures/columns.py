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


def row_links(plan):
    """The addresses a measure row links to, reversed once per page: reversing per row was a
    tenth of a long plan's rendering. `{{ measures_url }}{{ measure.pk }}/` is a measure's page,
    `{% measure_url measure "status" %}` (measures/templatetags/measure_links.py) uses both."""
    args = [plan.council.slug, plan.slug, 0]
    detail = reverse("measures:detail", args=args)
    return {
        "measures_url": detail.removesuffix("0/"),
        "measure_actions": {
            name: reverse(f"measures:{name}", args=args).removeprefix(detail)
            for name in ("status", "edit", "move")
        },
    }
