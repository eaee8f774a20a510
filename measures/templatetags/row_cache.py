from django import template

from ..row_cache import CSRF_PLACEHOLDER

register = template.Library()


@register.tag
def cached_row(parser, token):
    """{% cached_row %}…{% endcached_row %}: the measure row inside, from the page's RowCache
    (`row_cache` in the context, measures/row_cache.py) when it has it."""
    nodelist = parser.parse(("endcached_row",))
    parser.delete_first_token()
    return CachedRowNode(nodelist)


class CachedRowNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        rows, measure = context.get("row_cache"), context["measure"]
        token = context.get("csrf_token")
        if rows is None or token is None or not rows.cacheable(measure):
            return self.nodelist.render(context)
        html = rows.get(measure)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html = self.nodelist.render(context)
            rows.add(measure, html)
        # The request's token (worked out once, a lazy object) in every form of the row. Matched
        # with its quotes, which typed text cannot produce (it is escaped), so text is untouched.
        stored = f'value="{CSRF_PLACEHOLDER}"'
        return html.replace(stored, f'value="{token}"') if stored in html else html
