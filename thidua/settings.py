"""Settings for Thi đua, read from the environment.

Defaults give a working development site on SQLite; `THIDUA_ENV=production` turns on the
production checks (secret key, allowed hosts, secure cookies) and refuses to start without them.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("THIDUA_DATA_DIR", BASE_DIR.parent / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

ENVIRONMENT = os.environ.get("THIDUA_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = os.environ.get("THIDUA_DEBUG", "0" if PRODUCTION else "1") == "1"

SECRET_KEY = os.environ.get("THIDUA_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("THIDUA_SECRET_KEY must be set in production.")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - never used in production

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "THIDUA_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if host.strip()
]
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("THIDUA_ALLOWED_HOSTS must be set in production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "thidua.core",
    "thidua.accounts",
    "thidua.org",
    "thidua.targets",
    "thidua.commendation",
    "thidua.emulation",
    "thidua.ingest",
    "thidua.documents",
    "thidua.reports",
    "thidua.reminders",
    "thidua.exemplars",
    "thidua.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "thidua.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Both answer before the body is read or any view runs (the user and language are known).
    "thidua.core.middleware.RequestSizeLimitMiddleware",
    "thidua.core.middleware.UploadRateLimitMiddleware",
    "thidua.core.middleware.ApiIdempotencyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'thidua.sqlite3'}",
        conn_max_age=int(os.environ.get("THIDUA_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock up front
    # instead of failing on a lock upgrade in the middle of a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "thidua.accounts.backends.PasswordBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Lockout after repeated failures (django-axes): per user name and address.
AXES_FAILURE_LIMIT = int(os.environ.get("THIDUA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("THIDUA_LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The same client address as the other rate limits: past THIDUA_TRUSTED_PROXIES reverse proxies.
AXES_CLIENT_IP_CALLABLE = "thidua.core.ratelimit.client_ip_or_none"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["thidua.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request when it is missing
WHITENOISE_USE_FINDERS = not PRODUCTION  # production serves collected files
# Uploaded and generated files live under the data folder, outside the web root: no URL serves
# them (no MEDIA_URL route, no web-server alias); views check permissions and stream them.
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("THIDUA_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("THIDUA_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("THIDUA_HSTS_PRELOAD", "1") == "1"
    if not SECURE_HSTS_PRELOAD:  # a deliberate choice of the operator, not an oversight
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp) in every environment, so that tests and development meet
# the production policy: only this site's own files; no inline script or style anywhere (charts
# are inline SVG drawn with presentation attributes, which style-src does not govern).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the icons inside the API explorer's stylesheet (/api/v1/docs).
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "upgrade-insecure-requests": PRODUCTION,
    }
}
# Browser features no page uses, switched off (the Permissions-Policy header).
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), display-capture=()"
)

# Request bodies: larger ones are refused with 413 before they are read (pages say why in
# Vietnamese; the reverse proxy's own cap, nginx's client_max_body_size, sits a little higher).
THIDUA_MAX_UPLOAD_MB = int(os.environ.get("THIDUA_MAX_UPLOAD_MB", "25"))
# Files above this size are spooled to a temporary file while the request is read, not kept in
# memory; the other fields of a request (forms, JSON) may hold at most 10 MB.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


def _rate(value: str, name: str) -> tuple[int, int]:
    """Read "60/10m" as (60, 600): so many actions per window (s, m or h; seconds by default)."""
    count, _sep, window = value.strip().partition("/")
    units = {"s": 1, "m": 60, "h": 3600}
    unit = units.get(window[-1:], 1)
    digits = window[:-1] if window[-1:] in units else window
    if not (count.isdigit() and digits.isdigit() and int(count) > 0 and int(digits) > 0):
        raise ImproperlyConfigured(f"{name} must look like 60/10m (got {value!r}).")
    return int(count), int(digits) * unit


# Files uploaded (pages and API) per signed-in user, or per client address when anonymous.
THIDUA_UPLOAD_RATE_LIMIT = _rate(
    os.environ.get("THIDUA_UPLOAD_RATE_LIMIT", "60/10m"), "THIDUA_UPLOAD_RATE_LIMIT"
)

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("THIDUA_LOG_LEVEL", "WARNING")},
}

# Background jobs (reading uploaded documents): Django's Tasks API, queued in the database and run
# by `thidua db_worker` processes (any number, on one PostgreSQL in production).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# E-mail (reminders, obstacles): the console in development, SMTP or any backend in production.
EMAIL_BACKEND = os.environ.get(
    "THIDUA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("THIDUA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("THIDUA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("THIDUA_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("THIDUA_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("THIDUA_EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("THIDUA_DEFAULT_FROM_EMAIL", "Thi đua <thidua@localhost>")
# The site's address, for the links in e-mails ("https://thidua.example.gov.vn").
SITE_URL = os.environ.get("THIDUA_SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")

# The cache holds the rate-limit counters (public comments, uploads), so every app process must
# share it: the database's own cache table (`thidua_cache`, created by a migration) — no extra
# service to run. Development uses the process memory.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "thidua_cache"}
        if PRODUCTION or os.environ.get("THIDUA_SHARED_CACHE") == "1"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# How many reverse proxies (nginx…) stand before the app: the client's address is then read
# from X-Forwarded-For, that many hops from the right.
THIDUA_TRUSTED_PROXIES = int(os.environ.get("THIDUA_TRUSTED_PROXIES", "0"))
