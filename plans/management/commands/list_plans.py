from django.core.management.base import BaseCommand

from plans.models import Plan


class Command(BaseCommand):
    help = "Print one line per plan: council-slug plan-slug title."

    def handle(self, *args, **options):
        for plan in Plan.objects.select_related("council").order_by("council__slug", "slug"):
            self.stdout.write(f"{plan.council.slug} {plan.slug} {plan.title}")
