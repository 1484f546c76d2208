"""gunicorn's settings for Engage: `gunicorn engage.wsgi` reads this file from
the working directory; command-line options (--bind, --workers) override it."""

import os

# Worker processes (WEB_CONCURRENCY, gunicorn's own variable) of a few threads
# each (gunicorn's threaded worker): a thread waiting on PostgreSQL or Redis
# leaves the process to the others.
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# Organizers' XLSX export of 100,000 survey responses took 55 s (README).
timeout = 120
# One JSON line a request on standard output, without client address, user
# agent, referrer, query string or signed tokens (engage.access_log).
accesslog = "-"
logger_class = "engage.access_log.AccessLog"
errorlog = "-"
