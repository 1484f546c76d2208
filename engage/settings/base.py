"""Settings shared by every environment; secrets and hosts come from the environment."""

import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Translation registration must load before the apps it patches.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    "engage",
    "cms",
    "forums",
    "outcomes",
    "surveys",
    "pledges",
    "questions",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "anymail",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # The content version (engage.cache) is read once per request, first use.
    "engage.cache.ContentVersionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "engage.security.ContentSecurityPolicyMiddleware",
    "engage.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "engage.security.PrivateResponseMiddleware",
    "engage.security.StaffSessionMiddleware",
    # Records who opened a view of residents' or members' personal data.
    "engage.audit.PersonalDataAuditMiddleware",
    # A rule broken by an admin action with no form becomes a message, not a 500.
    "engage.admin_errors.AdminValidationErrorMiddleware",
    "engage.ratelimit.RateLimitMiddleware",
    "engage.timezones.SiteTimezoneMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Late, so it sees the chosen language and a cached page's CSRF token is set.
    "engage.page_cache.PageCacheMiddleware",
    # The Wagtail site and home page, read once per content version rather than
    # per request; after the page cache, so a hit reads nothing at all.
    "engage.sites.SiteMiddleware",
]

ROOT_URLCONF = "engage.urls"
WSGI_APPLICATION = "engage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "engage.context_processors.site_chrome",
                "cms.context_processors.site_menu",
            ],
        },
    },
]
# Django's own form and widget templates render through their Jinja2 versions,
# a few times faster for the markup a form repeats per field and choice; every
# other template still renders through TEMPLATES above.
FORM_RENDERER = "engage.forms_rendering.WidgetRenderer"

# Each web process keeps its connection for a minute, on SQLite as on
# PostgreSQL: opening one per request cost SQLite about 2 ms (the file, the
# PRAGMAs below and its schema read again), more than most pages' queries.
# runserver closes its connections after each request itself.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent
    # RSVPs queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "engage.User"

# Passwords of at least 12 characters: staff passwords guard everyone's data.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}", **options}
    for name, options in (
        ("UserAttributeSimilarityValidator", {}),
        ("MinimumLengthValidator", {"OPTIONS": {"min_length": 12}}),
        ("CommonPasswordValidator", {}),
        ("NumericPasswordValidator", {}),
    )
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Internationalisation -------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("zh-hans", "简体中文"),
    ("vi", "Tiếng Việt"),
    ("ar", "العربية"),
    ("ko", "한국어"),
]
LANGUAGES_BIDI = ["ar"]
# locale-allauth holds Vietnamese for allauth's own strings (allauth ships no vi
# catalog); it is kept out of locale/ because `make messages` drops msgids our
# code does not use. Ours come first so our wording wins where both have a msgid.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-allauth"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Chicago")
LANGUAGE_COOKIE_NAME = "engage_language"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# One slug per page: the language lives in the URL prefix, so switching
# language only swaps that prefix.
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = False
WAGTAILMODELTRANSLATION_LOCALE_PICKER = True

# Static and media ------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail ---------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Engage"
WAGTAIL_I18N_ENABLED = False
# The public base URL, without a trailing slash: every absolute link the site
# writes (emails, calendar files, Open Graph tags, printed code sheets) starts
# with it, through engage.links.absolute_url.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# The database backend, with Chinese, Korean and Arabic text made searchable.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
# Documents are always streamed by Wagtail's view, which enforces collection
# privacy; MEDIA_ROOT/documents is never served as files (see engage.media).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# The documents' edit form: it keeps the file of a document the record shows (a
# published update's evidence, a published summary's document), which Wagtail's
# own form would delete on replacing.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.forms.KeptDocumentForm"
# The images' edit form: it keeps the file of an image the record shows (a
# published summary's photo), as the documents' form does.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.forms.KeptImageForm"
WAGTAILADMIN_LOGIN_URL = "account_login"
# Private pages and documents send visitors to the site's own sign-in (allauth),
# not Wagtail's password-only form.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILEMBEDS_FINDERS = []
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Accounts (django-allauth) ---------------------------------------------------

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "engage.accounts.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Failed sign-ins: 10 a minute per IP and 5 per 5 minutes per account, then
# the 429 page (templates/429.html).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Engage")
# A code typed in the last seconds of its 30-second step reaches the server in
# the next one: one step of delay is accepted (RFC 6238, 5.2), never two, and a
# used code stays refused for the whole window.
MFA_TOTP_TOLERANCE = 1

# Security headers and abuse limits -----------------------------------------
# They apply in every environment, so development and the browser tests run
# under the same Content-Security-Policy as production and catch inline code.

# No inline scripts or event handlers anywhere on the public site: JavaScript
# comes only from our own static files. Inline <style> elements need the
# request's nonce; style *attributes* stay allowed because templates set CSS
# custom properties and bar widths from data (they cannot run script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "script-src-attr": [NONE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# The Wagtail admin (everything under /admin/, staff only, behind two factors)
# still renders inline <script> for date pickers and inline panels and inline
# styles throughout, so it gets its own policy. It is still same-origin only:
# no third-party scripts, styles, frames or form targets, no plugins, and it can
# only be framed by the site itself (page previews).
ENGAGE_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# Browser features no page of the site uses; an empty list denies them.
ENGAGE_PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Staff reach the Wagtail admin only with TOTP (engage.security), and their
# sessions end after this many seconds without a request.
ENGAGE_STAFF_MFA_REQUIRED = True
ENGAGE_STAFF_IDLE_TIMEOUT = int(os.environ.get("STAFF_IDLE_TIMEOUT", 30 * 60))

# Anonymous page views are cached whole for this many seconds (engage.page_cache);
# 0 turns the page cache off.
ENGAGE_PAGE_CACHE_SECONDS = 300

# Per-IP limits on public forms and endpoints (engage.ratelimit, first match
# wins). The client IP is REMOTE_ADDR unless ALLAUTH_TRUSTED_PROXY_COUNT (or
# ALLAUTH_TRUSTED_CLIENT_IP_HEADER) says a proxy in front of us sets it.
ENGAGE_RATE_LIMITS_ENABLED = os.environ.get("RATE_LIMITS", "on") != "off"
ENGAGE_RATE_LIMIT_EXEMPT_PATHS = ["/admin/", "/static/", "/media/", "/i18n/"]
ENGAGE_RATE_LIMITS = [
    # Email provider webhooks: bursts are normal, floods are not.
    {
        "group": "webhooks",
        "paths": ["/anymail/"],
        "methods": ["GET", "POST"],
        "rate": "600/m",
    },
    # Sign-in, sign-up and code requests (allauth adds its own per-email limits).
    {
        "group": "sign-in",
        "views": [
            "account_login",
            "account_signup",
            "account_request_login_code",
            "account_confirm_login_code",
            "account_reset_password",
            "mfa_authenticate",
        ],
        "methods": ["POST"],
        "rate": "10/m",
    },
    {"group": "search", "views": ["search"], "methods": ["GET"], "rate": "30/m"},
    # Links sent by email: manage RSVP, acknowledge, unsubscribe, confirm follow.
    {
        "group": "token-links",
        "url_kwarg": "token",
        "methods": ["GET", "POST"],
        "rate": "30/m",
    },
    # Live questions on forum night: a room on the venue's Wi-Fi may share one
    # address, so a higher rate of its own than the other forms.
    {
        "group": "questions",
        "views": ["questions:submit"],
        "methods": ["POST"],
        "rate": "30/m",
    },
    # Every other form posted to a public page: RSVP, survey, contact, follow.
    {"group": "forms", "public": True, "methods": ["POST"], "rate": "10/m"},
]
# Emails the public forms (RSVP, pledge follow) may send to any one address per
# window of seconds, whoever asks (engage.recipient_limits); over it the visitor
# sees the usual page and nothing is sent. Off with ENGAGE_RATE_LIMITS_ENABLED.
ENGAGE_RECIPIENT_EMAIL_LIMIT = 3
ENGAGE_RECIPIENT_EMAIL_WINDOW = 3600
# Survey responses accepted from one client address per window (seconds).
SURVEYS_RATE_LIMIT = 10
SURVEYS_RATE_WINDOW = 3600

# Proxies in front of the site that append to X-Forwarded-For: every limit (the
# rules above, the per-survey cap, allauth's) keys on engage.ratelimit.client_ip.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

# Email (django-anymail) -----------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Engage <forums@example.org>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
ANYMAIL = {}
# Where Django's file backend (EMAIL_BACKEND=...filebased.EmailBackend) writes
# messages: the browser tests and the topology stage read them there.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
# Who receives the report of every server error (500), by email through
# EMAIL_BACKEND: ADMINS="Ops <ops@example.org>, Jo <jo@example.org>".
ADMINS = [
    (name or address, address)
    for name, address in getaddresses([os.environ.get("ADMINS", "")])
    if address
]
# Starts the subject of every email to ADMINS (error reports).
EMAIL_SUBJECT_PREFIX = "[Engage] "

# Outcomes distribution: members per provider call, attempts before a
# delivery is given up, and whether to use the provider's batch sending with
# per-recipient merge data. FORUMS_BATCH_MERGE_FORMATS adds or overrides the
# merge-field syntax of a provider by its anymail name, e.g.
# {"Brevo": "{{{{ params.{} }}}}"}; a provider without one gets one message per
# member.
FORUMS_DISTRIBUTION_BATCH_SIZE = 100
FORUMS_DISTRIBUTION_MAX_ATTEMPTS = 5
FORUMS_BATCH_SENDING = True
FORUMS_BATCH_MERGE_FORMATS = {}
# Acknowledgement deadlines: the days organizers are offered by default for a
# distribution's deadline; the scheduled reminders to members who have not
# acknowledged (days after their copy was sent, and days before the deadline;
# None turns a step off); how long a commander's link to their unit keeps
# working after the deadline notice (seconds).
OUTCOMES_ACKNOWLEDGEMENT_DAYS = 14
OUTCOMES_REMINDER_AFTER_DAYS = 3
OUTCOMES_REMINDER_BEFORE_DEADLINE_DAYS = 1
OUTCOMES_UNIT_LINK_MAX_AGE = 30 * 24 * 3600
# How long an emailed "manage your RSVP" link keeps working (seconds).
FORUMS_MANAGE_LINK_MAX_AGE = 400 * 24 * 3600
# Within this many hours of a forum's start, a freed seat is offered to the next
# person on its waitlist rather than given: they must accept it from their
# emailed link within FORUM_OFFER_HOURS (never past the start), or it passes on
# (manage.py expire_seat_offers). Earlier, promotion is immediate.
FORUM_OFFER_WINDOW_HOURS = 24
FORUM_OFFER_HOURS = 4

# Survey results hide any group of fewer responses than this.
SURVEYS_MIN_GROUP_SIZE = 5

# A commitment with no progress update for this many days is shown as stale.
PLEDGES_STALE_AFTER_DAYS = 60

# The licence under which the pledge open data (JSON, CSV, Atom) is published and
# may be cited: its name and the address of its text, stated in every export.
PLEDGES_OPEN_DATA_LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}

# Background tasks (django-tasks) --------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /readyz answers 503 once the oldest task due to run has waited longer than
# this many seconds: the workers are down or cannot keep up.
ENGAGE_READY_MAX_TASK_AGE = int(os.environ.get("READY_MAX_TASK_AGE", 300))

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "engage",
    }
}

# Logs and error reports carry no email addresses, phone numbers or form values
# (engage.logging): every handler masks them, and Django's own handlers are
# redefined here so none is left without the filter.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_personal_data": {"()": "engage.logging.RedactPersonalData"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_personal_data"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_personal_data"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "redact_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "engage": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django": {
            "handlers": ["console", "mail_admins"],
            "level": "INFO",
            "propagate": False,
        },
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
        },
    },
}
DEFAULT_EXCEPTION_REPORTER_FILTER = "engage.logging.PrivateExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "engage.logging.PrivateExceptionReporter"
