"""Production: everything secret or host-specific comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in the environment.")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

# HTTPS only. Behind a proxy that terminates TLS, set
# SECURE_PROXY_SSL_HEADER_NAME=HTTP_X_FORWARDED_PROTO.
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if os.environ.get("SECURE_PROXY_SSL_HEADER_NAME"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER_NAME"], "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Email goes through an anymail ESP named in the environment, for example
# EMAIL_BACKEND=anymail.backends.postmark.EmailBackend and
# ANYMAIL_POSTMARK_SERVER_TOKEN.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "anymail.backends.console.EmailBackend")
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_")
}

# One Redis shared by every web process and worker on every machine: the cache
# (whole pages, the content version whose bump invalidates them everywhere, and
# the rate-limit counters, atomic INCRs there) and, with TASK_BACKEND=rq, the
# task queue. CACHE_URL is its former name.
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    # Shared by every worker on the machine, unlike the in-process default: a
    # publish handled by one worker must empty the page cache of all of them.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Where background tasks wait: "database" (the default: django-tasks' database
# backend, run by `manage.py db_worker`) or "rq" (Redis at REDIS_URL through
# RQ, run by `manage.py rqworker --with-scheduler --job-class
# django_tasks_rq.Job default`).
TASK_BACKEND = os.environ.get("TASK_BACKEND", "database")
if TASK_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASK_BACKEND=rq needs REDIS_URL.")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]  # noqa: F405
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # RQ's queue, on the same Redis (RQ keeps a finished job's result, which
    # holds the addresses an email went to, for 500 seconds).
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
elif TASK_BACKEND != "database":
    raise ImproperlyConfigured('TASK_BACKEND is "database" or "rq".')
