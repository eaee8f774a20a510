"""Where a person lands after signing in: the councils and counties they belong to."""

from dataclasses import dataclass

from plans.models import CountyMembership, Membership


@dataclass
class Place:
    name: str
    url: str
    role: str


def places_of(user):
    """A member's councils, then a county reader's counties, by name: two queries."""
    councils = [
        Place(m.council.name, m.council.get_absolute_url(), m.get_role_display())
        for m in Membership.objects.filter(user=user).select_related("council")
    ]
    counties = [
        Place(m.county.name, m.county.get_absolute_url(), m.get_role_display())
        for m in CountyMembership.objects.filter(user=user).select_related("county")
    ]
    return sorted(councils, key=lambda p: p.name) + sorted(counties, key=lambda p: p.name)
