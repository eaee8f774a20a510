"""The demo's parties are loaded with the rest of the demo (plans.demo.demo_loaded)."""

from django.dispatch import receiver

from plans.demo import demo_loaded

from .demo import load_parties


@receiver(demo_loaded)
def add_demo_parties(sender, report, **kwargs):
    load_parties(report)
