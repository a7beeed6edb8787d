"""Settings from the environment; a bad value stops the start with a clear message.

Variables: SKILLCERT_DEBUG (true/false), SECRET_KEY, DATABASE_URL, FIELD_ENCRYPTION_KEY,
AUDIT_KEY (keys the audit chain, REC-09),
ALLOWED_HOSTS (comma list), SKILLCERT_VAR (data directory), REDIS_URL (optional cache),
TASKS_BACKEND (db | immediate), SITE_URL (used in QR codes), SKILLCERT_SERVER (set to "asgi"
by skillcert.asgi), SKILLCERT_DB_POOL_SIZE (PostgreSQL connections per ASGI worker, 8),
SKILLCERT_PROXY_SSL (true behind a TLS-terminating proxy that sets X-Forwarded-Proto),
SECURE_SSL_REDIRECT (true unless debug; false when the proxy redirects itself),
SKILLCERT_RATE_LIMIT_EXEMPT (comma list of client addresses the public rate limits do not
count, e.g. a load generator's 127.0.0.1; empty by default).

Debug is opt-in (SKILLCERT_DEBUG=true: `make`, the tests and the benchmarks set it); without
it the start needs SECRET_KEY and FIELD_ENCRYPTION_KEY, and HTTPS-only cookies, HSTS and the
redirect to HTTPS apply (`python -m skillcert check --deploy` is clean).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("SKILLCERT_VAR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def secret_from_file(name: str, make) -> str:
    """A development secret made once and kept under var/ (never used when the env sets it)."""
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("SKILLCERT_DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    secret_from_file("secret_key", lambda: secrets.token_urlsafe(50)) if DEBUG else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when SKILLCERT_DEBUG is false")

# PEOPLE-01 / 个人信息保护法: ID numbers are encrypted with this key (Fernet).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY") or (
    secret_from_file("field_key", lambda: Fernet.generate_key().decode()) if DEBUG else ""
)
try:
    Fernet(FIELD_ENCRYPTION_KEY)
except Exception as exc:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be a Fernet key") from exc

# REC-09: the audit chain is an HMAC under this key, kept out of the database so that
# whoever can write the database still cannot re-hash an edited chain.
AUDIT_KEY = os.environ.get("AUDIT_KEY") or (
    secret_from_file("audit_key", lambda: secrets.token_urlsafe(32)) if DEBUG else ""
)
if not AUDIT_KEY:
    raise ImproperlyConfigured("AUDIT_KEY must be set when SKILLCERT_DEBUG is false")

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
if DEBUG:
    ALLOWED_HOSTS += ["testserver", "[::1]"]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Addresses core.ratelimit.RateLimit never counts (the verification bench's own generator);
# everyone else keeps the public limits.
RATE_LIMIT_EXEMPT = frozenset(
    a.strip() for a in os.environ.get("SKILLCERT_RATE_LIMIT_EXEMPT", "").split(",") if a.strip()
)

INSTALLED_APPS = [
    "unfold",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # its Swagger UI files, served by WhiteNoise: the API docs work offline
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "skillcert.core",
    "skillcert.catalog",
    "skillcert.institutions",
    "skillcert.people",
    "skillcert.plans",
    "skillcert.scoring",
    "skillcert.certificates",
    "skillcert.arrangement",
    "skillcert.violations",
    "skillcert.panels",
    "skillcert.exams",
    "skillcert.itembank",
    "skillcert.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "skillcert.core.csp.content_security_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "skillcert.people.middleware.FirstPasswordMiddleware",  # issue 16 item 21
    "skillcert.core.sessions.SessionTimeoutMiddleware",
    "skillcert.institutions.middleware.InstitutionPagesMiddleware",  # issue 16 Proof
]

ROOT_URLCONF = "skillcert.urls"
WSGI_APPLICATION = "skillcert.wsgi.application"

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
                "skillcert.core.csp.nonce",
            ],
            # Filters every page uses (decimal_text: 10 not 1E+1), without a {% load %} each.
            "builtins": ["skillcert.core.templatetags.numbers"],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'skillcert.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except Exception as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions: writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif os.environ.get("SKILLCERT_SERVER") == "asgi":
    # Under the ASGI server (skillcert.asgi sets this) Django's docs ask for no persistent
    # connections: sync views run in a pool of threads, each would keep its own. psycopg's
    # pool serves them instead (opened lazily, so a preloading master holds none).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("SKILLCERT_DB_POOL_SIZE", 8)),
        "timeout": 10,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "db")
TASKS = {
    "default": {
        "BACKEND": {
            "db": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }.get(TASKS_BACKEND)
        or "invalid"
    }
}
if TASKS["default"]["BACKEND"] == "invalid":
    raise ImproperlyConfigured("TASKS_BACKEND must be 'db' or 'immediate'")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# 等保 2.0 (issue 16 item 16): length, not like the username, not common, not all digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Session timeouts (core/sessions.py): idle for everyone, an absolute age for staff.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_STAFF_MAX_HOURS = int(os.environ.get("SESSION_STAFF_MAX_HOURS", "12"))
# 等保 2.0: lock the account+address for a while after 5 failed logins.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"  # the UI is Chinese whatever the browser asks for
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
# Uploaded pictures (photos, evidence) declaring more pixels are refused from their header,
# before decoding (core/images.py): 40 MP is more than any phone camera takes.
UPLOAD_MAX_PIXELS = int(os.environ.get("SKILLCERT_UPLOAD_MAX_PIXELS", 40_000_000))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx and the exam page read it for the X-CSRFToken header
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Production (not debug): cookies over HTTPS only, HSTS for a year, plain HTTP redirected.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = not DEBUG
if env_bool("SKILLCERT_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

NINJA_PAGINATION_PER_PAGE = 100

# Rule values that documents disagree on or an authority may change: see core/rules.py.
SKILLCERT_RULES: dict = {}

UNFOLD = {"SITE_TITLE": "skillcert 管理", "SITE_HEADER": "skillcert"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
