import os

from django.core.management.base import BaseCommand

from plans.demo import create_demo_users, load_demo
from rounds.demo import load_demo_round


class Command(BaseCommand):
    help = "Load the demo councils, plans and budgets from fixtures/demo and create demo users."

    def handle(self, *args, **options):
        report = load_demo()
        for label in report.created:
            self.stdout.write(f"created  {label}")
        for label in report.existing:
            self.stdout.write(f"exists   {label} (left as it is)")
        password = os.environ.get("DEMO_PASSWORD", "demo")
        shown = "$DEMO_PASSWORD" if "DEMO_PASSWORD" in os.environ else password
        self.stdout.write(f"\nDemo logins (password: {shown}):")
        for user in create_demo_users(password):
            where = f" in {user.council}" if user.council else ""
            self.stdout.write(f"  {user.username:<36} {user.role}{where}")
        if load_demo_round():
            self.stdout.write("\ncreated  Hallingdal's input round (invented answers)")
