"""Responsible parties and status requests at size: a synthetic 1,000-measure plan in Hallingdal.

- Matching its free text to the parties and linking them (the matching screen's work).
  Target: under 1 s.
- Starting a status request for the whole plan (addressees, their measures, every mail row and
  task). Target: under 2 s.
- The party page of Gol (every "Kommunane" measure: about 250) and Gol's answer page.
  Target: median under 300 ms each.
- The worker sending the request mails (locmem backend): per mail.

    python bench/owners.py [--rounds 5]
"""

import argparse
import datetime
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from plan_page import median_ms, setup_django  # noqa: E402


def once(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.core import mail
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from owners.mailing import personal_link
        from owners.matching import link_suggestions
        from owners.models import Contact, Party
        from owners.requests import start_request
        from plans.models import Council
        from plans.synthetic import build_synthetic_plan

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.ALLOWED_HOSTS = ["*"]
        mail.outbox = []
        council = Council.objects.get(slug="hallingdal")
        plan = build_synthetic_plan(council, slug="owners-1000", measures=1000)
        changed, seconds = once(lambda: link_suggestions(plan))
        print(f"Matching and linking 1,000 measures: {seconds * 1000:.0f} ms ({changed} linked)")

        user = get_user_model().objects.get(username="hallingdal-sekretariat")
        request, seconds = once(
            lambda: start_request(
                plan,
                focus_areas=list(plan.focus_areas.all()),
                deadline=timezone.localdate() + datetime.timedelta(days=14),
                message="",
                user=user,
                site_url="http://testserver/",
            )
        )
        mails = sum(a.mails.count() for a in request.addressees.all())
        print(
            f"Starting a request for the whole plan: {seconds * 1000:.0f} ms "
            f"({request.addressees.count()} parties, {mails} mails and reminders queued)"
        )

        client = Client()
        gol = Party.objects.get(council=council, name="Gol")
        count = gol.measures.filter(goal__focus_area__plan=plan).count()
        url = reverse("owners:party", args=[council.slug, gol.slug])
        ms = median_ms(lambda u: client.get(u).status_code, url, args.rounds)
        print(f"Gol's party page ({count} measures of this plan and more): median {ms:.0f} ms")
        addressee = request.addressees.get(party=gol)
        link = personal_link(addressee, Contact.objects.filter(party=gol).first())
        ms = median_ms(lambda u: client.get(u).status_code, link, args.rounds)
        print(f"Gol's answer page ({addressee.measures.count()} measures): median {ms:.0f} ms")

        sent_before = len(mail.outbox)
        _, seconds = once(
            lambda: call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        )
        sent = len(mail.outbox) - sent_before
        each = seconds / max(sent, 1) * 1000
        print(f"Worker: {sent} request mails in {seconds:.2f} s ({each:.0f} ms each)")


if __name__ == "__main__":
    main()
