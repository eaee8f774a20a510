"""The blank import template: the export's columns, a status menu, and a sheet that explains.

The measures sheet has exactly the headers the Excel export writes, so a filled-in template and
an exported plan are read the same way.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from measures.status import STATUS_ORDER, Status

from ..exports import columns

TEMPLATE_ROWS = 2000


def instructions():
    """(heading, text) pairs for the instructions sheet, in the active language."""
    statuses = ", ".join(str(s.label) for s in STATUS_ORDER)
    return [
        (_("How to fill in the template"), ""),
        (
            _("One row per measure"),
            _(
                "Write each measure on its own row under the headings. Goals and focus areas are "
                "repeated on every row of their measures; the order of the rows is kept."
            ),
        ),
        (
            _("Focus area"),
            _(
                "Required on every row. Write it as “1. Education and skills” or put the number "
                "in a column of its own headed “No.”."
            ),
        ),
        (
            _("Codes"),
            _(
                "Goal and measure codes (1.1, 1.1.2) are optional. When you update a plan, "
                "measures are matched by their code, and by their text where a code repeats."
            ),
        ),
        (
            _("Measure"),
            _("Required. Line breaks and bullet lists are kept; other formatting is not."),
        ),
        (
            _("Status"),
            _("One of: %(statuses)s. Empty means not assessed. G, Y and R are understood too.")
            % {"statuses": statuses},
        ),
        (
            _("Other columns"),
            _(
                "Due, responsible, involvement and comment are free text. Columns with other "
                "headings are left out, and the preview says so."
            ),
        ),
        (
            _("Limits"),
            _("At most 20,000 rows and 10 MB. Save as .xlsx (not .xls or .csv)."),
        ),
        (
            _("Nothing is saved at once"),
            _(
                "After the upload you see what will be created and changed, and every problem "
                "with its row and column. Nothing is written until you confirm."
            ),
        ),
    ]


def write_template(stream, language):
    with translation.override(language):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Measures")[:31]
        cols = columns()
        bold = Font(bold=True)
        fill = PatternFill("solid", fgColor="E8EEF4")
        for index, (_key, header, width) in enumerate(cols, start=1):
            cell = sheet.cell(row=1, column=index, value=header)
            cell.font, cell.fill = bold, fill
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        status_column = get_column_letter(len(cols))
        # A menu of the council's status words; other text is still allowed and checked on
        # import, so a pasted "Grønn" from another council's sheet is not refused by Excel.
        words = ",".join(str(Status(s).label) for s in STATUS_ORDER)
        menu = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
        menu.showErrorMessage = False
        menu.add(f"{status_column}2:{status_column}{TEMPLATE_ROWS}")
        sheet.add_data_validation(menu)

        guide = workbook.create_sheet(_("Instructions")[:31])
        guide.column_dimensions["A"].width = 28
        guide.column_dimensions["B"].width = 90
        for heading, text in instructions():
            guide.append([heading, text])
            row = guide.max_row
            guide.cell(row=row, column=1).font = bold
            guide.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        workbook.properties.title = _("Regionplan import template")
        workbook.properties.language = language
        workbook.save(stream)
