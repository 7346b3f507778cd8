"""Entraide settings, read from the environment with safe development defaults.

Every variable is documented in docs/deployment.md. In production
(ENTRAIDE_ENV=production) the app refuses to start with the development
secret key or with DEBUG on.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(environ.Env().str("ENTRAIDE_VAR_DIR", default=str(PROJECT_DIR / "var")))

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

env = environ.Env()

TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable; a typo (DEBUG=ture) stops the start instead of reading as false."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use one of "
        f"{', '.join(TRUE_WORDS)} or {', '.join(FALSE_WORDS)}."
    )


ENVIRONMENT = env.str("ENTRAIDE_ENV", default="development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"ENTRAIDE_ENV must be 'development', 'production' or 'test', not {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)

if PRODUCTION:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "Refusing to start in production with the development SECRET_KEY: "
            "set SECRET_KEY to a random string of at least 32 characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if DEBUG:
        raise ImproperlyConfigured(
            "Refusing to start in production with DEBUG on: it would show "
            "residents' data in error pages. Unset DEBUG or set DEBUG=false."
        )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names this deployment serves.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'entraide.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout make SQLite behave under a few concurrent writers.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"].setdefault("TEST", {})["NAME"] = None
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://entraide")}
# Login limits count in the cache: each process of a per-process cache would
# count alone, and an attacker would get as many tries as there are workers.
PER_PROCESS_CACHES = ("LocMemCache", "DummyCache")
if PRODUCTION and CACHES["default"]["BACKEND"].rsplit(".", 1)[-1] in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        "Refusing to start in production with a per-process cache: login limits would not be "
        "shared between workers. Set CACHE_URL, e.g. redis://127.0.0.1:6379/1 (or "
        "dbcache://entraide_cache after `entraide createcachetable`)."
    )
# Sessions read from the cache and kept in the database: any app server serves any visitor.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Public pages kept for anonymous visitors until their territory changes (core.cache), in seconds.
ANONYMOUS_PAGE_CACHE_SECONDS = env.int("ANONYMOUS_PAGE_CACHE_SECONDS", default=300 if PRODUCTION else 0)
# The menu's count of what waits for a logged-in person, kept until any change (core.home), in seconds.
WAITING_COUNT_CACHE_SECONDS = env.int("WAITING_COUNT_CACHE_SECONDS", default=60 if PRODUCTION else 0)
# How long a process trusts the cache versions it read (another server's change shows after it).
CACHE_LOCAL_SECONDS = env.float("CACHE_LOCAL_SECONDS", default=1.0 if PRODUCTION else 0.0)

INSTALLED_APPS = [
    # Ours first, so that our templates override allauth's and Django's.
    "entraide.core",
    "entraide.pages",
    "entraide.territories",
    "entraide.people",
    "entraide.categories",
    "entraide.board",
    "entraide.timebank",
    "entraide.directory",
    "entraide.diagnosis",
    "entraide.evaluation",
    "entraide.meetups",
    "entraide.lending",
    "entraide.projects",
    "entraide.coordination",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "django_htmx",
    "post_office",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "entraide.core.middleware.RefuseNulMiddleware",
    # Kept public pages for anonymous visitors, served before the rest (core.cache).
    "entraide.core.cache.AnonymousPageCache",
    "entraide.core.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "entraide.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "entraide.territories.middleware.TerritoryMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "entraide.pages.middleware.FrenchErrorPagesMiddleware",
    # A form shown again with its errors answers 400, whichever view rendered it.
    "entraide.core.middleware.FormErrorStatus",
]

ROOT_URLCONF = "entraide.urls"
WSGI_APPLICATION = "entraide.wsgi.application"

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
                "entraide.territories.context_processors.territory",
                "entraide.people.context_processors.roles",
                "entraide.core.context_processors.navigation",
            ],
        },
    }
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = ["entraide.people.backends.TerritoryAuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "pages:home"

# django-allauth: email and password, mandatory confirmation, rate limits on.
# Wrong passwords are limited per address and account together (a guesser at
# one address), per address (a guesser trying many accounts: generous, as a
# town hall or a library shares one), and per account from anywhere by growing
# delays (people.adapters); the owner always gets back in with a code by email.
ACCOUNT_ADAPTER = "entraide.people.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "entraide.people.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Entraide] "
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_RATE_LIMITS = {
    # The key is the account *and* the address (people.adapters).
    "login_failed": "60/10m/ip,5/15m/key",
    "request_login_code": "20/m/ip,3/m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}

# Behind the documented reverse proxy, the visitor's address is the n-th from the
# right of X-Forwarded-For; 0 (no proxy) ignores that header, which anyone can forge.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
LOGIN_DELAY_AFTER_FAILURES = 10  # failures on one account, from anywhere, before tries must wait
LOGIN_DELAY_MAX_SECONDS = 3600

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Entraide <entraide@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every email is queued in the database, in the transaction of the action that
# sends it (core.emails, django-post-office); `entraide send_queued_mail` sends
# the queue through EMAIL_URL, retrying every 15 minutes for three days.
POST_OFFICE = {
    "BACKENDS": {"default": EMAIL_BACKEND},  # noqa: F821 (set from EMAIL_URL just above)
    "MAX_RETRIES": 288,
    "RETRY_INTERVAL": datetime.timedelta(minutes=15),
    "LOG_LEVEL": 1,  # keep a log of failures only
}
EMAIL_BACKEND = "entraide.core.emails.QueueBackend"
# Development sends the queue as soon as the action commits: `make run` prints each email.
EMAIL_SEND_ON_COMMIT = env_bool("EMAIL_SEND_ON_COMMIT", default=not PRODUCTION)
# Links in emails: the territory's first host name (DEFAULT_HOST if it has none).
URL_SCHEME = env.str("URL_SCHEME", default="https" if PRODUCTION else "http")
DEFAULT_HOST = env.str(
    "DEFAULT_HOST",
    default=next((h for h in ALLOWED_HOSTS if h[:1] not in {".", "*", ""}), "")
    if PRODUCTION
    else "127.0.0.1:8000",
)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Front-end code from pinned npm packages (package.json), served under
# /static/vendor/<name>/ when `npm ci` has installed them. Pages work without.
NODE_MODULES = Path(env.str("ENTRAIDE_NODE_MODULES", default=str(PROJECT_DIR / "node_modules")))
VENDOR_PACKAGES = {"htmx": "htmx.org/dist", "leaflet": "leaflet/dist"}
STATICFILES_DIRS = [BASE_DIR / "static"] + [
    (f"vendor/{name}", NODE_MODULES / folder)
    for name, folder in VENDOR_PACKAGES.items()
    if (NODE_MODULES / folder).is_dir()
]
STATIC_ROOT = VAR_DIR / "static"

# The directory's map: any tile server (OpenStreetMap's by default; a commune
# may prefer its own or IGN's). Without tiles or JavaScript the list still works.
DIRECTORY_MAP_TILES_URL = env.str("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
DIRECTORY_MAP_ATTRIBUTION = env.str("MAP_ATTRIBUTION", default="© OpenStreetMap contributors")
# Base Adresse Nationale: places a directory entry from its address (empty: never asked).
GEOCODER_URL = env.str("GEOCODER_URL", default="https://api-adresse.data.gouv.fr/search/")
GEOCODER_TIMEOUT = 3  # seconds: a person is waiting for the form
STORAGES = {
    # Uploaded files: the local filesystem, or with several app servers an S3-compatible bucket
    # through django-storages (S3_BUCKET; install `django-storages[s3]`, see docs/scaling.md).
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env.str("S3_BUCKET"),
                "endpoint_url": env.str("S3_ENDPOINT_URL", default=None),
                "default_acl": "private",
                "querystring_auth": True,
            },
        }
        if env.str("S3_BUCKET", default="")
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]  # the health check, called over plain HTTP on the LAN
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is for a registrable domain (coufouleux.fr), decided by its
        # owner; a commune's subdomain cannot be preloaded, so do not warn.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]


def _origin(url: str) -> str:
    """The origin of a tile URL template; {s}.tile… becomes *.tile…"""
    parts = urlsplit(url.replace("{s}.", "*."))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else SELF


# No inline script anywhere; only the directory's embed page may be framed (by
# any site: core.middleware follows Django's @xframe_options_exempt).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # style="width: 40%" on the diagnosis' bars; no <style> element.
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", _origin(DIRECTORY_MAP_TILES_URL)],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    name: []
    for name in (
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
        "browsing-topics",
    )
}

ADMINS = [("Admin", a) for a in env.list("ADMINS", default=[])]

# LOG_FORMAT=json writes one JSON object a line (core.logs), for journald or a log collector.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json', not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "{message}", "style": "{"},
        "json": {"()": "entraide.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # The email queue says what failed, not that it found nothing to send every 20 seconds.
    "loggers": {"post_office": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
