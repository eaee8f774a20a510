"""Data-quality hints for the secretariat: what a careful reader of the plan would trip over."""

from collections import defaultdict

from django.db.models import Count

from measures.models import Measure


class QualityReport:
    def __init__(self, plan):
        measures = list(
            Measure.objects.filter(goal__focus_area__plan=plan)
            .select_related("goal__focus_area")
            # The parties linked to the measure (owners.Party.measures), counted in the query.
            .annotate(party_count=Count("responsible_parties"))
        )
        by_code = defaultdict(list)
        by_text = defaultdict(list)
        for measure in measures:
            if measure.code:
                by_code[measure.code].append(measure)
            by_text[" ".join(measure.text.lower().split())].append(measure)
        self.repeated_codes = [group for group in by_code.values() if len(group) > 1]
        self.repeated_texts = [group for group in by_text.values() if len(group) > 1]
        self.without_responsible = [m for m in measures if not m.responsible]
        self.without_due_year = [m for m in measures if m.due_first_year is None]
        self.without_party = [m for m in measures if not m.party_count]

    @property
    def problem_count(self):
        return (
            len(self.repeated_codes)
            + len(self.repeated_texts)
            + len(self.without_responsible)
            + len(self.without_due_year)
            + len(self.without_party)
        )
