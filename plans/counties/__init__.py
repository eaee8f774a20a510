"""The county's view across its councils.

`/fylke/<county>/`: the councils with the county's relation to each (member or not, since when,
by which decision, why not), each council's plans with their status side by side, the county's
own plans and strategies, and the measures of all its councils grouped by theme. Search and the
theme lists cover every plan of the county's councils the visitor may read
(`Plan.objects.visible_to`): published plans for everyone, and for the county's staff also the
plans of councils that let the county read them.

`page.py` builds what the pages show; `views.py` are the thin views; `forms.py` the theme
filter.
"""
