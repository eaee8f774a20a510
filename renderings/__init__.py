"""Plan files made once per plan revision and kept in the database (issue 17).

A PDF or Excel file of a large plan takes seconds to render (18 s for 1,000 measures), too long
for a request: `services.request_file` records a `PreparedFile` for the plan's current revision
and enqueues `tasks.render_plan_file` on the background worker (django-tasks, database backend),
and the reader waits on a page that says the file is being prepared (`views.file_status`,
polled by htmx, refreshed without JavaScript). A small plan's file is rendered in the request.
Either way the file is stored with the revision it shows, so every app server serves the same
bytes and a second request for the revision reuses them; a failure is stored and shown, with a
way to try again.
"""
