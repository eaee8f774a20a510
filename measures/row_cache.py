"""Rendered measure rows kept between plan pages.

Django's templates spend one to two milliseconds on a measure row, most of a long plan's
rendering, and a status change alters one row while the page-level cache (regionplan/lib/
page_cache.py) has to start over. Rows are therefore cached one by one under a key made of
everything a row shows: the measure's own fields, who is looking (edit controls, internal notes),
the language, the plan's address and the code's release. A changed measure gets a new key, so no
row is ever stale and nothing needs invalidating; unused rows expire.

Left out: rows with budget lines under them (their money comes from elsewhere), rows shown
with search words marked, and everything with DEBUG on. The secretariat's rows carry forms:
their CSRF token is stored as a placeholder and the request's own token put in on the way out.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from regionplan.lib.conditional import release

TIMEOUT = 24 * 60 * 60
CSRF_PLACEHOLDER = "csrfplaceholder0rowcache0csrfplaceholder0rowcache0csrfplaceholder0"


class RowCache:
    """The cached rows of one page's measures, fetched with one cache round trip; rows rendered
    during the page (`add`) are stored together by `save`."""

    def __init__(self, measures, *, can_edit, can_see_internal, measures_url, terms):
        self.can_see_internal = can_see_internal
        self.viewer = "|".join(
            map(str, (release(), get_language(), can_edit, can_see_internal, measures_url))
        )
        # While developing, templates reload as they are edited; cached rows would not.
        off = terms or settings.DEBUG
        self.keys = {} if off else {m.pk: self.key(m) for m in measures if not m.money}
        self.found = cache.get_many(self.keys.values()) if self.keys else {}
        self.new = {}

    def key(self, measure):
        shown = (
            measure.pk,
            measure.code,
            measure.text,
            measure.due,
            measure.responsible,
            measure.involvement,
            measure.comment,
            measure.status,
            measure.internal_note if self.can_see_internal else "",
        )
        text = "\x1f".join(map(str, (self.viewer, *shown)))
        return "row:" + hashlib.sha256(text.encode()).hexdigest()

    def cacheable(self, measure):
        return measure.pk in self.keys

    def get(self, measure):
        return self.found.get(self.keys[measure.pk])

    def add(self, measure, html):
        self.new[self.keys[measure.pk]] = html

    def save(self):
        if self.new:
            cache.set_many(self.new, TIMEOUT)
            self.new = {}
