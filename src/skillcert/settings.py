"""Settings from the environment; a bad value stops the start with a clear message.

Variables: SKILLCERT_DEBUG (true/false), SECRET_KEY, DATABASE_URL, FIELD_ENCRYPTION_KEY,
AUDIT_KEY (keys the audit chain, REC-09),
ALLOWED_HOSTS (comma list), SKILLCERT_VAR (data directory), REDIS_URL (cache, rate limits,
locks and sessions shared by every process), DATABASE_REPLICA_URL (a read replica for the
public reads, core/replica.py), STORAGE_URL (files: local disk, or s3://… object storage),
TASKS_BACKEND (db | rq | immediate; RQ_URL: the queue's Redis, REDIS_URL by default),
SITE_URL (used in QR codes), SKILLCERT_SERVER (set to "asgi" by skillcert.asgi),
SKILLCERT_DB_POOL_SIZE (PostgreSQL connections per ASGI worker, 8),
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
from urllib.parse import parse_qs, unquote, urlsplit

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
    """A development secret made once and kept under var/ (never used when the env sets it).

    Processes starting together (a web process and its worker) must read one and the same
    secret, whole: it is written to a private temporary file first and linked into place,
    which fails if another process got there first; then everyone reads the one file."""
    path = VAR_DIR / name
    if not path.exists():
        tmp = path.with_name(f".{name}.{os.getpid()}.{secrets.token_hex(4)}")
        tmp.write_text(make())
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it: use theirs
        finally:
            tmp.unlink()
    return path.read_text().strip()


DEBUG = env_bool("SKILLCERT_DEBUG", False)
# core.tenancy: a row of an institution the request did not resolve raises (debug, tests)
# instead of answering 404 (issue 10 item 7)
TENANCY_STRICT = env_bool("SKILLCERT_TENANCY_STRICT", DEBUG)
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
    "chartjs",  # django-chartjs: only its static Chart.js 2.9 (MIT), served by WhiteNoise, no CDN
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
    "skillcert.filings",
    "skillcert.supervision",
    "skillcert.records",
    "skillcert.reports",
    "skillcert.portal",
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


def database(url: str, name: str) -> dict:
    try:
        db = dj_database_url.parse(url, conn_max_age=60)
    except Exception as exc:
        raise ImproperlyConfigured(f"{name} is not a database URL: {exc}") from exc
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL + IMMEDIATE transactions: writers queue instead of failing with "database is
        # locked".
        db["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        db["CONN_MAX_AGE"] = 0
    elif os.environ.get("SKILLCERT_SERVER") == "asgi":
        # Under the ASGI server (skillcert.asgi sets this) Django's docs ask for no persistent
        # connections: sync views run in a pool of threads, each would keep its own. psycopg's
        # pool serves them instead (opened lazily, so a preloading master holds none).
        db["CONN_MAX_AGE"] = 0
        db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": int(os.environ.get("SKILLCERT_DB_POOL_SIZE", 8)),
            "timeout": 10,
        }
    return db


DATABASES = {"default": database(DATABASE_URL, "DATABASE_URL")}
# A streaming replica of the primary: the views wrapped in core.replica.replica_reads (the
# public verification and directory) read from it; writes and whatever decides a result never.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL")
SKILLCERT_READ_REPLICA = None
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database(DATABASE_REPLICA_URL, "DATABASE_REPLICA_URL")
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be the same kind as DATABASE_URL")
    SKILLCERT_READ_REPLICA = "replica"
DATABASE_ROUTERS = ["skillcert.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis holds what every web process must share: the cache, and with it the rate limits
# (core/ratelimit.py) and failure locks (core/lockout.py); sessions are cached there in front
# of the database. Without it (one process, `make run`) the cache is this process's memory.
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must be a redis://, rediss:// or unix:// URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "db")
TASKS_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",  # Redis queue (docs/operations.md: rqworker)
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'db', 'rq' or 'immediate'")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND]}}
if TASKS_BACKEND == "rq":
    RQ_URL = os.environ.get("RQ_URL") or REDIS_URL
    if not RQ_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs RQ_URL or REDIS_URL")
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": RQ_URL, "DEFAULT_TIMEOUT": 3600}}

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
MEDIA_URL = "media/"  # never served: files leave only through views that check access
MEDIA_ROOT = VAR_DIR / "media"
STORAGE_URL = os.environ.get("STORAGE_URL", "")


def file_storage(url: str) -> dict:
    """STORAGE_URL -> the default storage: empty (var/media), file:///dir, or object storage
    s3://[KEY:SECRET@]HOST[:PORT]/BUCKET[/PREFIX][?region=…&tls=false] (any S3-compatible
    server; without KEY:SECRET boto3 takes AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the
    machine's role)."""
    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc not in {"", "localhost"} or not parts.path.startswith("/"):
            raise ImproperlyConfigured("STORAGE_URL file:// needs an absolute path")
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": parts.path},
        }
    if parts.scheme != "s3":
        raise ImproperlyConfigured("STORAGE_URL must be file:///dir or s3://host/bucket")
    bucket, _, prefix = parts.path.lstrip("/").partition("/")
    if not parts.hostname or not bucket:
        raise ImproperlyConfigured("STORAGE_URL s3:// needs a host and a bucket: s3://host/bucket")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    unknown = set(query) - {"region", "tls"}
    if unknown:
        raise ImproperlyConfigured(f"STORAGE_URL: unknown option {sorted(unknown)[0]!r}")
    tls = query.get("tls", "true").lower()
    if tls not in {"true", "false"}:
        raise ImproperlyConfigured("STORAGE_URL: tls must be true or false")
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    options = {
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        "endpoint_url": f"{'https' if tls == 'true' else 'http'}://{host}",
        "region_name": query.get("region") or None,
        "addressing_style": "path",  # MinIO, Ceph and other S3-compatible servers
        "signature_version": "s3v4",
        "default_acl": None,  # private: files leave only through views that check access
        "querystring_auth": True,
        "file_overwrite": False,  # a new name per upload, as on local disk
    }
    if parts.username:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password or "")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": file_storage(STORAGE_URL),
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
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer asks over plain HTTP
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
