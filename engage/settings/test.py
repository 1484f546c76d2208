"""Test settings: fast hashing, in-memory mail, tasks run immediately."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
SITE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
# Other tests post many times and sign staff in with force_login; the tests in
# tests/engage/test_rate_limits.py and test_admin_mfa.py switch these back on.
ENGAGE_RATE_LIMITS_ENABLED = False
ENGAGE_STAFF_MFA_REQUIRED = False
