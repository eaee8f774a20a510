"""A party's records and what it carries: the party page, its PDF and Excel file."""

import io

from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

from measures.models import Measure
from measures.status import STATUS_COLOURS, Status
from plans.models import Plan
from regionplan.lib.editing import EditConflict
from regionplan.lib.pdf import html_to_pdf
from regionplan.lib.spreadsheets import safe_cell

from .models import Contact, Party


@transaction.atomic
def save_party(form):
    """The party and its contacts as the form has them: contacts not listed any more go,
    unless a request already wrote to them (then they stay, inactive, for the record).
    EditConflict if someone saved the party since the editor opened it."""
    party = form.instance
    if party.pk:
        expected = form.cleaned_data["version"]
        claimed = Party.objects.filter(pk=party.pk, version=expected).update(
            version=F("version") + 1
        )
        if not claimed:
            raise EditConflict(Party.objects.get(pk=party.pk))
        party.version = expected + 1
    party = form.save()
    wanted = {email: name for name, email in form.cleaned_data["contacts_text"]}
    for contact in party.contacts.all():
        if contact.email in wanted:
            name = wanted.pop(contact.email)
            if (contact.name, contact.active) != (name, True):
                contact.name, contact.active = name, True
                contact.save(update_fields=["name", "active"])
        elif contact.mails.exists() or contact.proposals.exists():
            if contact.active:
                contact.active = False
                contact.save(update_fields=["active"])
        else:
            contact.delete()
    Contact.objects.bulk_create(
        [Contact(party=party, name=name, email=email) for email, name in wanted.items()]
    )
    return party


def party_measures(party, user):
    """The party's measures in the plans `user` may read, in the plans' order."""
    plans = Plan.objects.visible_to(user).filter(council=party.council_id)
    return (
        Measure.objects.filter(responsible_parties=party, goal__focus_area__plan__in=plans)
        .select_related("goal__focus_area__plan__council")
        .order_by(
            "goal__focus_area__plan__title",
            "goal__focus_area__plan_id",
            "goal__focus_area__order",
            "goal__order",
            "order",
            "id",
        )
    )


def party_plans(party, user):
    return list(
        Plan.objects.visible_to(user)
        .filter(council=party.council_id, focus_areas__goals__measures__responsible_parties=party)
        .distinct()
        .order_by("title")
    )


def party_pdf(party, measures):
    council = party.council
    with translation.override(council.language):
        html = render_to_string(
            "owners/party_pdf.html", {"party": party, "council": council, "measures": measures}
        )
        return html_to_pdf(html)


def party_xlsx(party, measures):
    with translation.override(party.council.language):
        workbook = Workbook(write_only=True)
        workbook.properties.title = party.name
        workbook.properties.creator = party.council.name
        wrap = Alignment(wrap_text=True, vertical="top")
        workbook.add_named_style(NamedStyle(name="rp-text", alignment=wrap))
        for status, (background, text) in STATUS_COLOURS.items():
            workbook.add_named_style(
                NamedStyle(
                    name=f"rp-{status.value}",
                    alignment=wrap,
                    fill=PatternFill("solid", fgColor=background),
                    font=Font(color=text, bold=True),
                )
            )
        sheet = workbook.create_sheet(party.name[:31] or "-")
        columns = [
            (_("Plan"), 24),
            (_("Focus area"), 24),
            (_("Code"), 8),
            (_("Measure"), 60),
            (_("Due"), 12),
            (_("Responsible"), 20),
            (_("Comment"), 40),
            (_("Status"), 14),
        ]
        for index, (_header, width) in enumerate(columns):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.freeze_panes = "A2"
        sheet.append([safe_cell(sheet, header, font=Font(bold=True)) for header, _w in columns])
        for measure in measures:
            area = measure.goal.focus_area
            values = [
                area.plan.title,
                str(area),
                measure.code,
                measure.text,
                measure.due,
                measure.responsible,
                measure.comment,
            ]
            cells = [safe_cell(sheet, value or None, "rp-text") for value in values]
            cells.append(
                safe_cell(sheet, str(Status(measure.status).label), f"rp-{measure.status}")
            )
            sheet.append(cells)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
