"""Checks that need all the rows: required cells, status words, repeats, missing values."""

import hashlib

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from measures.status import Status

from .parsed import match_key
from .problems import Kind
from .vocabulary import normalise, status_values


def check_rows(parsed):
    """Problems of each row and of the file, once every row is read."""
    if parsed.blocking and not parsed.rows:
        return
    codes, texts, measures = {}, {}, 0
    statuses = status_values()  # built once, outside the loop
    for row in parsed.rows:
        number = row.number
        has_measure_fields = any(
            (row.code, row.due, row.responsible, row.involvement, row.comment, row.status_word)
        )
        if not row.text and has_measure_fields:
            parsed.add(
                Kind.NO_TEXT,
                _("The row has no measure text. Write the measure, or delete the row."),
                blocking=True,
                row=number,
                key="text",
            )
        if not row.focus_area:
            parsed.add(
                Kind.NO_FOCUS_AREA,
                _("The row has no focus area. Every measure must belong to a focus area."),
                blocking=True,
                row=number,
                key="focus_area",
            )
        if row.status_word:
            row.status = statuses.get(normalise(row.status_word))
            if row.status is None:
                _unknown_status(parsed, row)
        elif parsed.has_column("status"):
            row.status = Status.NOT_ASSESSED  # an empty status cell means not assessed
        if not row.text:
            continue
        measures += 1
        if parsed.has_column("responsible") and not row.responsible:
            parsed.add(
                Kind.NO_RESPONSIBLE,
                _("No one is responsible for this measure."),
                blocking=False,
                row=number,
                key="responsible",
            )
        if parsed.has_column("due") and not row.due:
            parsed.add(
                Kind.NO_DUE,
                _("The measure has no due time."),
                blocking=False,
                row=number,
                key="due",
            )
        if row.code:
            if row.code in codes:
                parsed.add(
                    Kind.REPEATED_CODE,
                    _("The measure code %(code)s is also used in row %(row)s.")
                    % {"code": row.code, "row": codes[row.code]},
                    blocking=False,
                    row=number,
                    key="code",
                )
            else:
                codes[row.code] = number
        # A digest, not the text: a key per measure would copy every text of the file.
        key = hashlib.blake2b(match_key(row.text).encode(), digest_size=16).digest()
        if key in texts:
            parsed.add(
                Kind.REPEATED_TEXT,
                _("The same measure is also in row %(row)s.") % {"row": texts[key]},
                blocking=False,
                row=number,
                key="text",
            )
        else:
            texts[key] = number
    _check_file(parsed, measures)


def _unknown_status(parsed, row):
    parsed.add(
        Kind.UNKNOWN_STATUS,
        _("We do not know the status “%(word)s”. Use %(words)s, or leave the cell empty.")
        % {
            "word": row.status_word[:50],
            "words": ", ".join(f"“{status.label}”" for status in Status),
        },
        blocking=True,
        row=row.number,
        key="status",
    )


def _check_file(parsed, measures):
    if not measures and not parsed.blocking:
        parsed.add(
            Kind.EMPTY,
            _("The sheet has no rows with measures."),
            blocking=True,
            row=parsed.heading_row,
        )
    if not parsed.has_column("responsible"):
        parsed.add(
            Kind.NO_RESPONSIBLE,
            _("There is no column for who is responsible; the measures will have none."),
            blocking=False,
        )
    if not parsed.has_column("due"):
        parsed.add(
            Kind.NO_DUE,
            _("There is no column for when measures are due; they will have no due time."),
            blocking=False,
        )
    if parsed.hidden_rows:
        parsed.add(
            Kind.HIDDEN_ROWS,
            ngettext(
                "%(count)s hidden row was skipped.",
                "%(count)s hidden rows were skipped.",
                parsed.hidden_rows,
            )
            % {"count": parsed.hidden_rows},
            blocking=False,
        )
