"""The words a measure row is labelled with, translated once per page rather than per row."""

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
