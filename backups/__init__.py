"""One council's data as a self-contained archive, and back (issue 17).

`export_council SLUG --output FILE` writes a zip: `manifest.json` (format, the schema's applied
migrations, row counts and a SHA-256 for every other member), `data/<model>.json` per table
(exact values: timestamps to the microsecond), `references.json` (the people, counties and
themes the council's rows point at; people without password hashes) and `blobs/<sha256>` for
binary fields (report PDFs, stored import uploads).

`restore_council FILE [--as NEW-SLUG]` checks the whole archive first, then writes it in one
transaction with raw inserts: no `save()`, no signals, so revisions, `auto_now` timestamps and
append-only history rows come back exactly as they were.

Which models belong to a council is found by walking foreign keys to `plans.Council`
(`walk.py`), so a new app's models are carried without a change here; `tests/test_backups.py`
lists them so nobody adds one without looking at what it needs (files, secrets, soft ids).
"""
