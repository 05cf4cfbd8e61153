"""Tamar's settings: one module, read from the environment.

Everything that differs between a laptop, CI and production comes from an environment
variable; the defaults are the safe ones (DEBUG off), except that a development run
(DEBUG=true) may fall back to a throwaway secret key and a local SQLite file. This module
reads no file: `manage.py` alone fills the environment from a developer's `.env`
(config/envfile.py).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "false") -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    try:
        return int(os.getenv(name, default))
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number") from error


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG")

SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for a development run).")
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "template_partials",
    "axes",
    # The second factor: authenticator apps (TOTP) and one-time recovery codes (accounts/).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "contracts",
    "accounts",
    "kpis",
    "funds4care",
    "mentoring",
    "reports",
    "importer",
    "demo",
    "audit",
    "backups",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # A request larger than any upload is answered 413 before its body is read.
    "config.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session has entered its second factor.
    "django_otp.middleware.OTPMiddleware",
    # No cache keeps a signed-in person's pages and files; Permissions-Policy on every page.
    "config.middleware.PrivateResponseMiddleware",
    # Every page needs a login unless its view says otherwise (login, password reset).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Then the second factor: a session past the password but not its code opens nothing else.
    "accounts.middleware.SecondFactorMiddleware",
    # One audit row per look at personal data by a signed-in user (audit/pages.py says which).
    "audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Idle and absolute session limits (after messages: it says why a person was signed out).
    "accounts.middleware.SessionLimitsMiddleware",
    # Turns a lockout into the login page saying until when (axes wants it last).
    "axes.middleware.AxesMiddleware",
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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'tamar.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction begins, so two people saving at once queue
    # instead of one failing with "database is locked" half-way through.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["transaction_mode"] = "IMMEDIATE"
    # Write-ahead logging: people reading (a KPI page, a return) and one person writing (an
    # import) no longer wait for each other; a writer waits up to 20 s for another writer.
    options["init_command"] = "PRAGMA journal_mode=WAL;"
    options["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "contracts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# en-GB dates as people write them (31/03/2026), not Django's "31 Mar 2026".
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
# PostgreSQL's client tools for `manage.py backup` and `restore` (backups.postgresql): the folder
# of pg_dump, pg_restore and psql, when not Debian's /usr/lib/postgresql/<server version>/bin.
PG_BINDIR = os.getenv("PG_BINDIR", "")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail is sent once a mail server is named. Until then a developer's goes to the console;
# production's is not sent at all (a reset link in the server's log would open the account),
# and `check --deploy` fails (accounts/checks.py).
EMAIL_BACKEND = os.getenv(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.getenv("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "accounts.mail.NotSentBackend",
)
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "tamar@localhost")
# Where people reach Tamar, for links in e-mails sent outside a request (return reminders).
TAMAR_BASE_URL = os.getenv("TAMAR_BASE_URL", "http://127.0.0.1:8000" if DEBUG else "")
if os.getenv("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "true")

# Children's personal data: sessions end with the browser and after a working day.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts, styles and images from Tamar itself only: no inline script or style, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Uploads: the largest request body taken (the importer's views take more, see
# contracts.safety.request_limit), refused with 413 before it is read; form fields at most
# 2.5 MB; an uploaded file over 2.5 MB goes to a temporary file, not memory.
TAMAR_MAX_REQUEST_BYTES = envint("TAMAR_MAX_REQUEST_BYTES", 12 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Logins and sessions (accounts/, README "Logins and sessions"). A session ends after this long
# without a request, and this long after logging in however busy.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", 12)
PASSWORD_RESET_TIMEOUT = 60 * 60
# django-axes: 5 wrong passwords for one username from one address lock that pair for 15
# minutes; wrong passwords while locked do not move the end. Every failure is kept with its
# username (AccessFailureLog); an administrator unlocks in the admin or with axes_reset_username.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Not its "AXES: BEGIN" banner on every command (a daily apply_retention mails its output).
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.clients.client_ip"
# Two-step verification (accounts/twofactor.py, README "Logins and sessions"): with it on, every
# administrator, commissioner and provider account must add an authenticator app before any
# other page; a grant panel member may, and is never made to. Whoever has one is asked for its
# code after the password, with or without this setting. Off by default only for a DEBUG run.
TAMAR_REQUIRE_2FA = envbool("TAMAR_REQUIRE_2FA", "false" if DEBUG else "true")
OTP_TOTP_ISSUER = os.getenv("OTP_TOTP_ISSUER", "Tamar")
# The admin never shows a secret key or a QR code (its device pages are not registered anyway).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Behind the proxy, a client's address is the last one the proxy adds to X-Forwarded-For.
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY")

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if envbool("BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint reports each step of every PDF at INFO: noise, not news.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pypdf, checking an attached PDF, warns of each flaw it reads past.
        "pypdf": {"level": "ERROR"},
    },
}
