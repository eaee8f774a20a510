"""Re-derives every measure's parties: "natur- og kulturpark" and other hyphenated compounds are
one party now (measures/parties.py), not two."""

from django.db import migrations

from measures.parties import encode_parties, parse_parties


def rederive_parties(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    measures = Measure.objects.select_related("goal__focus_area__plan__council")
    for measure in measures.iterator():
        language = measure.goal.focus_area.plan.council.language
        parties = encode_parties(parse_parties(measure.responsible, language))
        if parties != measure.parties:
            measure.parties = parties
            measure.save(update_fields=["parties"])


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0008_measure_predecessor"),
    ]

    operations = [
        migrations.RunPython(rederive_parties, migrations.RunPython.noop),
    ]
