"""Who may do what in a council, and getting the objects a request may see.

Checked on the server in every view: a plan you may not see answers 404, one you may see but
not change answers 403. Views of every app use these; they live here, beside Council and
Membership, because they are about those records. Which plans a person may read is defined once,
in `Plan.objects.visible_to`: the council's own people, a county's staff where the council lets
them, and everyone for published plans (`public_plans`, what open data offers).

A county reader (CountyMembership) is not a member of any council: they read the plans the
councils share with their county, never internal notes or draft budgets.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.utils import translation

from .models import Council, County, CountyMembership, Membership, Plan, Role


def council_roles(user):
    """{council id: role} for the user, read once per request: a page asks several times."""
    if not hasattr(user, "_council_roles"):
        memberships = Membership.objects.filter(user=user).values_list("council_id", "role")
        user._council_roles = dict(memberships)
    return user._council_roles


def council_role(user, council):
    """The user's role in this council, or None. A plan fetched with `get_plan` carried the
    role along (`viewer_role`), so a page about one council asks no extra query."""
    known = getattr(user, "_known_council_roles", {})
    if council.pk in known:
        return known[council.pk]
    return council_roles(user).get(council.pk)


def remember_council_role(user, council, role):
    if not user.is_authenticated:
        return
    known = getattr(user, "_known_council_roles", None)
    if known is None:
        known = user._known_council_roles = {}
    known[council.pk] = role


def with_viewer_role(queryset, user, council_field="council"):
    """Plans (or councils) annotated with the user's role in their council (`viewer_role`)."""
    if not user.is_authenticated:
        return queryset
    return queryset.annotate(
        viewer_role=Subquery(
            Membership.objects.filter(user=user, council=OuterRef(council_field)).values("role")[:1]
        )
    )


def is_secretariat(user, council):
    if not user.is_authenticated:
        return False
    return user.is_superuser or council_role(user, council) == Role.SECRETARIAT


def is_member(user, council):
    """Secretariat or reader of the council: sees unpublished plans and internal notes."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or council_role(user, council) is not None


def county_roles(user):
    """{county id: role} for the user, read once per request."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_county_roles"):
        memberships = CountyMembership.objects.filter(user=user).values_list("county_id", "role")
        user._county_roles = dict(memberships)
    return user._county_roles


def is_county_reader(user, county):
    return user.is_authenticated and county.pk in county_roles(user)


def public_plans():
    """The plans anyone may read: what the open data (API, feeds, catalogue) offers."""
    return Plan.objects.visible_to(AnonymousUser())


def use_council_language(request, council):
    """The council's language form, unless the visitor picked one with the switcher."""
    if council.language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(council.language)
        request.LANGUAGE_CODE = council.language


def get_county(request, county_slug):
    """A county's pages are public; in the county's language form if it has one."""
    county = get_object_or_404(County, slug=county_slug)
    use_council_language(request, county)
    return county


def get_council(request, council_slug, queryset=None):
    if queryset is None:
        queryset = Council.objects.all()
    queryset = with_viewer_role(queryset, request.user, "pk")
    council = get_object_or_404(queryset, slug=council_slug)
    remember_council_role(request.user, council, getattr(council, "viewer_role", None))
    use_council_language(request, council)
    return council


def get_secretariat_council(request, council_slug):
    """A council whose secretariat the user is: 404 if there is none, 403 if not theirs."""
    council = get_council(request, council_slug)
    if not is_secretariat(request.user, council):
        raise PermissionDenied
    return council


def get_plan(request, council_slug, plan_slug, *, public_first=True):
    """A plan the user may read, in the council's language.

    Most reads are of published plans: those are looked up first, with a query far cheaper to
    build than `visible_to`'s (it costs a few milliseconds a page). A plan to be changed skips
    that, so a write does not pay a second query for an unpublished plan."""
    # The parent too: pages say which plan this one follows, with its link.
    plans = with_viewer_role(
        Plan.objects.select_related("council__county", "parent__council"), request.user
    ).filter(council__slug=council_slug, slug=plan_slug)
    plan = plans.public().first() if public_first else None
    if plan is None:
        plan = get_object_or_404(plans.visible_to(request.user))
    remember_council_role(request.user, plan.council, getattr(plan, "viewer_role", None))
    use_council_language(request, plan.council)
    return plan


def get_editable_plan(request, council_slug, plan_slug):
    """A plan the user may change: 404 if they may not see it, 403 if they may only read it
    or it is a superseded version (kept as it was adopted; revisions/)."""
    plan = get_plan(request, council_slug, plan_slug, public_first=False)
    if not is_secretariat(request.user, plan.council) or plan.superseded_by_id:
        raise PermissionDenied
    return plan


def viewer_role(user, council):
    """What a page of the council shows this user, as a word for cache keys and ETags."""
    if user.is_superuser:
        return "superuser"
    if not user.is_authenticated:
        return "anonymous"
    return council_role(user, council) or "signed-in"
