"""The demo's responsible parties (fixtures/demo/owners/*.yaml), create-only like the rest of
the demo: a council that already has parties is left as it is."""

from email.utils import parseaddr
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from plans.models import Council

from .matching import link_suggestions
from .models import Contact, Party

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo" / "owners"


def load_parties(report, directory=DEMO_DIR):
    for path in sorted(Path(directory).glob("*.yaml")):
        with path.open(encoding="utf-8") as f:
            load_council_parties(yaml.safe_load(f), report)


@transaction.atomic
def load_council_parties(data, report):
    council = Council.objects.filter(slug=data["council"]).first()
    if council is None:
        return
    label = f"responsible parties of {council.slug}"
    if council.parties.exists():
        report.note(False, label)
        return
    municipalities = {m.number: m for m in council.municipalities.all()}
    for spec in data["parties"]:
        party = Party.objects.create(
            council=council,
            name=spec["name"],
            kind=spec["kind"],
            municipality=municipalities.get(spec.get("municipality")),
            aliases="\n".join(spec.get("aliases", [])),
        )
        for line in spec.get("contacts", []):
            name, email = parseaddr(line)
            Contact.objects.create(party=party, name=name, email=email)
    for plan in council.plans.all():
        link_suggestions(plan)
    report.note(True, label)
