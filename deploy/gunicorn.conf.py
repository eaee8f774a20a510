"""gunicorn settings for Regionplan in production (docs/production.md).

    gunicorn -c deploy/gunicorn.conf.py regionplan.wsgi

Every value can be set from the environment, so one file serves a small and a large machine.
The app servers keep nothing of their own (sessions, uploads and files are in PostgreSQL, the
cache in Redis when CACHE_URL is set), so run as many of them as the load needs, on as many
machines, behind one proxy.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Rendering a page is CPU work in Python: about one process per core, with a few threads each
# to overlap the waits on PostgreSQL and Redis.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Long plans' PDFs and Excel files are made by the background worker, so no request should
# take long; an import (10 MB at most) is read within this too.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Longer than the proxy keeps an idle connection (deploy/nginx.conf keepalive_timeout 4s).
keepalive = 5
# Renew workers now and then, so a slow leak in any library cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
# The proxy on this machine (or the addresses in FORWARDED_ALLOW_IPS) may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# One line per request with the time it took (microseconds), for the proxy's logs to match.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'
