"""Creating a council and changing its settings, on the council's change history."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import Council, CouncilChange, Municipality, Role
from regionplan.lib.text import reject_hidden_controls
from regionplan.lib.transactions import retry_deadlocks

from . import invitations

SETTINGS = [
    "name",
    "short_name",
    "language",
    "county",
    "secretariat_head_name",
    "secretariat_head_title",
    "require_two_factor",
]
MUNICIPALITY_LINE = re.compile(r"^(\d{4})[\s;,:\t-]+(\S.*)$")


@dataclass(frozen=True)
class MunicipalityEntry:
    number: str
    name: str

    def __str__(self):
        return f"{self.number} {self.name}"


def parse_municipalities(text):
    """One municipality a line, "3449 Sør-Aurdal": the entries, or a ValidationError naming each
    line that is not right."""
    entries, errors, seen = [], [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = MUNICIPALITY_LINE.match(line)
        if not match:
            errors.append(
                _(
                    "Line %(line)s, “%(text)s”: write the four-digit municipality number, "
                    "then the name."
                )
                % {"line": number, "text": line}
            )
            continue
        code, name = match[1], match[2].strip()
        try:
            reject_hidden_controls(name)
        except ValidationError as error:
            errors.extend(f"{_('Line %(line)s') % {'line': number}}: {m}" for m in error.messages)
            continue
        if len(name) > 100:
            errors.append(
                _("Line %(line)s: a name can have at most 100 characters.") % {"line": number}
            )
            continue
        if code in seen:
            errors.append(
                _("Line %(line)s: municipality number %(number)s is on line %(first)s too.")
                % {"line": number, "number": code, "first": seen[code]}
            )
            continue
        seen[code] = number
        entries.append(MunicipalityEntry(code, name))
    if errors:
        raise ValidationError(errors)
    if not entries:
        raise ValidationError(_("Name at least one member municipality."))
    return entries


def municipalities_text(council):
    return "\n".join(str(MunicipalityEntry(m.number, m.name)) for m in council.municipalities.all())


def display_value(council, field):
    value = getattr(council, field)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    display = getattr(council, f"get_{field}_display", None)
    return str(display()) if display else str(value)


@retry_deadlocks
@transaction.atomic
def create_council(values, municipalities, *, user, head_email="", request=None):
    """The council, its municipalities, on its history; an invitation to the secretariat head
    when `head_email` is given (sent before anything is kept: a failed mail saves nothing)."""
    council = Council.objects.create(**values)
    Municipality.objects.bulk_create(
        Municipality(council=council, number=entry.number, name=entry.name)
        for entry in municipalities
    )
    CouncilChange.objects.create(
        council=council,
        action=CouncilChange.Action.CREATED,
        subject_label=council.name,
        changed_by=user,
    )
    invitation = None
    if head_email:
        invitation = invitations.invite(
            council, head_email, Role.SECRETARIAT, user=user, request=request
        )
    return council, invitation


@retry_deadlocks
@transaction.atomic
def update_council(council, values, municipalities, *, user):
    """Save the settings that changed, each on the history. Returns the changed field names."""
    locked = Council.objects.select_for_update().get(pk=council.pk)
    changes = []
    for field in SETTINGS:
        if field not in values or getattr(locked, field) == values[field]:
            continue
        old = display_value(locked, field)
        setattr(locked, field, values[field])
        changes.append(
            CouncilChange(
                council=locked,
                action=CouncilChange.Action.UPDATED,
                field=field,
                old_value=old,
                new_value=display_value(locked, field),
                changed_by=user,
            )
        )
    if changes:
        locked.save(update_fields=[change.field for change in changes])
    old_text = municipalities_text(locked)
    new_text = "\n".join(str(entry) for entry in municipalities)
    if old_text != new_text:
        locked.municipalities.all().delete()
        Municipality.objects.bulk_create(
            Municipality(council=locked, number=entry.number, name=entry.name)
            for entry in municipalities
        )
        changes.append(
            CouncilChange(
                council=locked,
                action=CouncilChange.Action.UPDATED,
                field="municipalities",
                old_value=old_text,
                new_value=new_text,
                changed_by=user,
            )
        )
    CouncilChange.objects.bulk_create(changes)
    return [change.field for change in changes]
