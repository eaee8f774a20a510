"""Atom feeds of what happens to published plans, per plan and per council.

Entries: each status change of a measure (with its comment), each plan adopted and each new
version adopted (a plan that follows another), and each status report finalised (a new version
supersedes the old). In the council's language form; published plans only. Built with Django's
syndication framework; feed readers get Last-Modified and ETag (urls.py wraps the views with
`conditional_page`).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from measures.models import StatusChange
from measures.status import Status
from plans.access import public_plans
from plans.models import Council, StatusReport

LIMIT = 50


@dataclass
class Entry:
    at: dt.datetime
    title: str
    description: str
    link: str
    guid: str


@dataclass
class Source:
    """What one feed is about, and the site's address (feeds are module-level singletons)."""

    subject: object
    plans: object
    base: str
    follow_ups: bool = False


def noon(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def measure_label(measure):
    if measure.code:
        return _("Measure %(code)s") % {"code": measure.code}
    heading = measure.heading
    return heading if len(heading) <= 80 else heading[:79] + "…"


def status_entries(plans, base):
    changes = (
        StatusChange.objects.filter(measure__goal__focus_area__plan__in=plans)
        .filter(measure__archived_at__isnull=True)
        .select_related("measure__goal__focus_area__plan__council")
        .order_by("-changed_at", "-id")[:LIMIT]
    )
    for change in changes:
        measure = change.measure
        plan = measure.goal.focus_area.plan
        link = base + measure.get_absolute_url()
        lines = [f"{plan.title} · {measure.goal.focus_area}", measure.text]
        if change.comment:
            lines.insert(0, change.comment)
        yield Entry(
            at=change.changed_at,
            title=_("%(measure)s: %(from)s → %(to)s")
            % {
                "measure": measure_label(measure),
                "from": Status(change.from_status).label,
                "to": Status(change.to_status).label,
            },
            description="".join(linebreaks(escape(line)) for line in lines),
            link=link,
            guid=f"{link}#status-change-{change.pk}",
        )


def adoption_entries(plans, base, follow_ups_of=None):
    """Each plan adopted (with a day recorded), and plans adopted that follow one of these."""
    adopted = plans.filter(adopted_on__isnull=False)
    if follow_ups_of is not None:
        adopted = public_plans().filter(
            Q(pk__in=follow_ups_of.values("pk")) | Q(parent__in=follow_ups_of),
            adopted_on__isnull=False,
        )
    for plan in adopted.select_related("council", "parent"):
        link = base + plan.get_absolute_url()
        if plan.parent_id and plan.parent in plans:
            title = _("New version adopted: %(title)s") % {"title": plan.title}
        else:
            title = _("Adopted: %(title)s") % {"title": plan.title}
        body = plan.adopted_by or ""
        yield Entry(
            at=noon(plan.adopted_on),
            title=title,
            description=linebreaks(escape(f"{plan.title} ({plan.period}) · {body}".strip(" ·"))),
            link=link,
            guid=f"{link}#adopted",
        )


def report_entries(plans, base):
    reports = (
        StatusReport.objects.filter(plan__in=plans, finalised_at__isnull=False)
        .select_related("plan__council", "supersedes")
        .order_by("-finalised_at")[:LIMIT]
    )
    for report in reports:
        link = base + report.get_absolute_url()
        if report.supersedes_id:
            title = _("Status report %(item)s, version %(version)s, finalised") % {
                "item": report.item_number,
                "version": report.version,
            }
        else:
            title = _("Status report %(item)s finalised") % {"item": report.item_number}
        yield Entry(
            at=report.finalised_at,
            title=title,
            description=linebreaks(escape(f"{report.title} · {report.plan.title}")),
            link=link,
            guid=f"{link}#finalised",
        )


def entries(source):
    found = [
        *status_entries(source.plans, source.base),
        *adoption_entries(source.plans, source.base, source.plans if source.follow_ups else None),
        *report_entries(source.plans, source.base),
    ]
    return sorted(found, key=lambda entry: entry.at, reverse=True)[:LIMIT]


class ChangesFeed(Feed):
    feed_type = Atom1Feed

    def items(self, source):
        return entries(source)

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.description

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.guid

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.at

    def item_updateddate(self, entry):
        return entry.at

    def subtitle(self, source):
        return _("Status changes and adopted versions")


class PlanFeed(ChangesFeed):
    def get_object(self, request, council, plan):
        plan = get_object_or_404(
            public_plans().select_related("council"), council__slug=council, slug=plan
        )
        translation.activate(plan.council.language)
        base = request.build_absolute_uri("/").rstrip("/")
        return Source(plan, public_plans().filter(pk=plan.pk), base, follow_ups=True)

    def title(self, source):
        return f"{source.subject.title} – {source.subject.council.name}"

    def link(self, source):
        return source.subject.get_absolute_url()

    def feed_url(self, source):
        plan = source.subject
        return reverse("opendata:plan_feed", args=[plan.council.slug, plan.slug])

    def author_name(self, source):
        return source.subject.council.name


class CouncilFeed(ChangesFeed):
    def get_object(self, request, council):
        council = get_object_or_404(Council, slug=council)
        translation.activate(council.language)
        base = request.build_absolute_uri("/").rstrip("/")
        return Source(council, public_plans().filter(council=council), base)

    def title(self, source):
        return source.subject.name

    def link(self, source):
        return source.subject.get_absolute_url()

    def feed_url(self, source):
        return reverse("opendata:council_feed", args=[source.subject.slug])

    def author_name(self, source):
        return source.subject.name
