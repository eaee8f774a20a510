"""Spreadsheet cells that are always what they say: text is never run as a formula."""

from openpyxl.cell import WriteOnlyCell

# A cell starting with one of these would be run as a formula by Excel or LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def inert(value):
    """A CSV cell a spreadsheet opens as text: one that would start a formula gets a leading
    apostrophe (OWASP's advice for CSV injection). The JSON export keeps the exact text."""
    return f"'{value}" if is_formula_like(value) else value


def safe_cell(sheet, value, style=None, **styles):
    """A write-only cell holding `value` as text if it looks like a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"  # text, never a formula
    if style:
        cell.style = style  # a named style: far cheaper per cell than style objects
    for name, setting in styles.items():
        setattr(cell, name, setting)
    return cell
