"""The plans as open data others can build on: read-only, published data only.

- `/api/v1/…`: a JSON API for counties, councils, plans, measures and status history
  (`views.py`, data shapes in `serialise.py`, paging and conditional GET in `responses.py`),
  described by the OpenAPI document `openapi.yaml`, served at `/api/v1/openapi.json` and as a
  page at `/api/`.
- Atom feeds per plan and per council of status changes and adopted versions (`feeds.py`).
- A DCAT-AP-NO catalogue of every published plan's datasets (`catalogue.py`), in Turtle and
  JSON-LD, for data.norge.no to harvest.

What is public is defined once: `plans.access.public_plans()`, that is
`Plan.objects.visible_to(AnonymousUser())`. Nothing here looks at who is signed in, and no
response carries internal notes or who made a change. The licence is the council's
(`Council.licence`, NLOD 2.0 unless chosen otherwise).
"""
