"""All settings, driven by the environment (django-environ).

The defaults give the quick start: SQLite and a Celery filesystem broker under ``var/``, a database
cache, and the local simulator of Maskinporten and Skatteetaten. Production sets
``SKATTEDELING_ENV=production`` and the variables documented in docs/configuration.md; then every
secure default (HTTPS-only cookies, HSTS, SSL redirect) is on and ``check --deploy`` is clean.
"""
import datetime
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("SKATTEDELING_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV", default=False):
    environ.Env.read_env(BASE_DIR / ".env")

ENVIRONMENT = env.str("SKATTEDELING_ENV", default="development")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    default="" if PRODUCTION else "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz",
)
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "cases.apps.CasesConfig",
    "cases.renewal.apps.RenewalConfig",
    "cases.retention.apps.RetentionConfig",
    "cases.klage.apps.KlageConfig",
    "cases.billing.apps.BillingConfig",
    "cases.stats.apps.StatsConfig",
    "integrations.apps.IntegrationsConfig",
]
# Development-only tools (synthetic data, the renewal benchmark): never on in production.
DEVTOOLS = env.bool("SKATTEDELING_DEVTOOLS", default=False) and not PRODUCTION
if DEVTOOLS:
    INSTALLED_APPS.append("devtools.apps.DevtoolsConfig")
# benchmark_renewal only: a Redis URL where each worker process adds up CPU time and queries per task
# (devtools.task_stats); empty = off.
BENCH_TASK_STATS_URL = env.str("BENCH_TASK_STATS_URL", default="") if DEVTOOLS else ""

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "skattedeling.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "skattedeling.urls"
WSGI_APPLICATION = "skattedeling.wsgi.application"

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

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The worker and the web process share the quick-start database: take the write lock when a
    # transaction starts (no upgrade deadlocks), wait for it instead of failing, and use WAL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=30, transaction_mode="IMMEDIATE", init_command="PRAGMA journal_mode=WAL;"
    )
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # SQLite (the quick start only) ignores the covering index's INCLUDE columns (W040) and NULLS NOT DISTINCT
    # (W047); both are PostgreSQL features the production database has, so the quick start stays quiet.
    SILENCED_SYSTEM_CHECKS = ["models.W040", "models.W047"]
else:
    # Persistent connections: a new PostgreSQL connection forks a server process and costs milliseconds of
    # CPU on both sides, for every request and every Celery task (Celery's Django fixup honours this too).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="dbcache://django_cache")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "skattedeling.cache.RedisCache"  # one redis client per pool, not per call
elif CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    CACHES["default"]["BACKEND"] = "skattedeling.cache.DatabaseCache"  # each operation in its own savepoint

AUTH_USER_MODEL = "cases.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:queue"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål")]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
PRIVATE_STORAGE_ROOT = env.str("PRIVATE_STORAGE_ROOT", default=str(VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Vedtak PDFs and certificates: outside MEDIA, never served by URL; views check permissions.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Session lifetime (idle + absolute): see "Login and sessions" below.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=PRODUCTION)
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = env.str(
    "DJANGO_CONTENT_SECURITY_POLICY",
    default=(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
)

# --- Login and sessions (accounts app; docs/login.md) -------------------------------------------
INSTALLED_APPS += ["accounts.apps.AxesConfig", "accounts.apps.AccountsConfig"]  # axes, named in Norwegian
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "accounts.sessions.SessionTimeoutMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes requires
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Password throttling (django-axes): N failures for one username from one address lock that pair out.
AXES_FAILURE_LIMIT = env.int("SKATTEDELING_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("SKATTEDELING_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_VERBOSE = False  # no start-up banner on every management command; failures are still logged
LOGIN_TRUSTED_PROXY_COUNT = env.int("SKATTEDELING_TRUSTED_PROXY_COUNT", default=0)
# Sessions: the cookie ends with the browser; the server ends a session after the idle timeout or the
# absolute lifetime, whichever comes first (accounts/sessions.py).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_TIMEOUT_S = env.int("SKATTEDELING_SESSION_IDLE_MINUTES", default=30) * 60
SESSION_ABSOLUTE_LIFETIME_S = env.int("SKATTEDELING_SESSION_MAX_HOURS", default=10) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME_S  # the server-side session row never outlives it
SESSION_PASSIVE_URL_NAMES = ["cases:status"]  # background polls: not activity
# Password login: "all", or "superusers" = only the break-glass system administrator while an identity
# provider is enabled (the production default). Staff log in through their kommune's IdP (OIDC).
PASSWORD_LOGIN = env.str("SKATTEDELING_PASSWORD_LOGIN", default="superusers" if PRODUCTION else "all")
if PASSWORD_LOGIN not in ("all", "superusers"):
    raise environ.ImproperlyConfigured("SKATTEDELING_PASSWORD_LOGIN must be 'all' or 'superusers'")
OIDC_HTTP_TIMEOUT_S = env.float("SKATTEDELING_OIDC_HTTP_TIMEOUT_S", default=10.0)
OIDC_METADATA_TTL_S = env.int("SKATTEDELING_OIDC_METADATA_TTL_S", default=24 * 3600)
OIDC_CLOCK_LEEWAY_S = env.int("SKATTEDELING_OIDC_CLOCK_LEEWAY_S", default=60)
# --- end of login and sessions -------------------------------------------------------------------

# --- Parents' portal (portal app; docs/portal.md) ------------------------------------------------
INSTALLED_APPS += ["portal.apps.PortalConfig"]
# Below /innbygger/ the session has its own cookie and path (a parent is never a staff user).
MIDDLEWARE[MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")] = (
    "portal.sessions.PortalSessionMiddleware")
PORTAL_SESSION_COOKIE_NAME = "innbygger_sessionid"
PORTAL_SESSION_IDLE_S = env.int("SKATTEDELING_PORTAL_IDLE_MINUTES", default=15) * 60
PORTAL_SESSION_MAX_S = env.int("SKATTEDELING_PORTAL_MAX_MINUTES", default=120) * 60  # ID-porten's SSO maximum
PORTAL_LANGUAGES = [("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# ID-porten: one client for the installation (a vendor's client may serve many kommuner via onbehalfof).
IDPORTEN_ISSUER = env.str("IDPORTEN_ISSUER", default="")
IDPORTEN_CLIENT_ID = env.str("IDPORTEN_CLIENT_ID", default="")
IDPORTEN_CLIENT_KEY_FILE = env.str("IDPORTEN_CLIENT_KEY_FILE", default="")  # PEM, for private_key_jwt
IDPORTEN_CLIENT_KEY_ID = env.str("IDPORTEN_CLIENT_KEY_ID", default="skattedeling")
# Documentation parents upload (cases.services.documents): size limit, and the virus scanner by name
# (cases/scanning.py: "none" does not scan, "eicar-test" refuses the EICAR test file, or a dotted class path).
UPLOAD_MAX_BYTES = env.int("SKATTEDELING_UPLOAD_MAX_MB", default=10) * 1024 * 1024
UPLOAD_SCANNER = env.str("SKATTEDELING_UPLOAD_SCANNER", default="none")
# E-mail (the parent's receipt): Django's backend by dotted path; SMTP in production, the console in the
# quick start (the mail is printed in the web process's log), locmem in tests.
EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT_S", default=10)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="ikke-svar@skattedeling.invalid")
# --- end of parents' portal ----------------------------------------------------------------------

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {
        # Redis: a message not acknowledged within this time (a killed worker's) is delivered again.
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_S", default=3600),
        "unacked_restore_interval": env.float("CELERY_UNACKED_RESTORE_INTERVAL_S", default=60.0),
    }
)
if CELERY_BROKER_URL.startswith("filesystem"):
    # The embedded quick-start broker needs its folders before the first message is sent.
    for _folder in ("queue", "processed", "control"):
        (VAR_DIR / "celery" / _folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # tasks are idempotent: a killed worker's task is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT_S", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT_S", default=900)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A prefork pool child whose resident set passed this many MB is replaced once its task is done (Celery's
# worker_max_memory_per_child, in KiB; 0: never). The renewal's children grow slowly (164 MB at 2 000
# households, 186 MB at 10 000: docs/benchmarks.md); a worker that runs for months stays bounded.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD_MB", default=400) * 1024 or None
# Two worker pools (docs/operations.md): the income fetch — bound by Skatteetaten's 5 concurrent calls, not
# by our CPU — goes to CELERY_FETCH_QUEUE, served by the asynchronous fetch worker
# (`celery -A skattedeling worker -Q fetch --pool threads --concurrency 4`); everything else (registration,
# proposals, letters: CPU work) stays on CELERY_CPU_QUEUE, served by a prefork worker with one process per
# core, started at a lower priority (nice). Empty CELERY_FETCH_QUEUE: everything on the cpu queue (one
# worker serves all; the fetch still runs on the asynchronous fetcher inside it).
CELERY_CPU_QUEUE = env.str("CELERY_CPU_QUEUE", default="celery")
CELERY_FETCH_QUEUE = env.str("CELERY_FETCH_QUEUE", default="fetch")
CELERY_TASK_DEFAULT_QUEUE = CELERY_CPU_QUEUE


def fetch_routes(queue: str) -> dict:
    """Celery task routes: the income fetch tasks to ``queue`` (none when empty)."""
    tasks = ("cases.tasks.fetch_income", "cases.tasks.fetch_income_batch")
    return {name: {"queue": queue} for name in tasks} if queue else {}


CELERY_TASK_ROUTES = fetch_routes(CELERY_FETCH_QUEUE)
CELERY_BEAT_SCHEDULE: dict = {}
# Annual renewal: a daily beat entry that acts only inside the renewal window (cases/renewal/schedule.py).
from cases.renewal.schedule import BEAT_SCHEDULE as _RENEWAL_BEAT  # noqa: E402  (imports only Celery)

CELERY_BEAT_SCHEDULE.update(_RENEWAL_BEAT)
# Retention: a daily deletion of cases past each kommune's retention period (docs/retention.md).
from cases.retention.schedule import BEAT_SCHEDULE as _RETENTION_BEAT  # noqa: E402  (imports only Celery)

CELERY_BEAT_SCHEDULE.update(_RETENTION_BEAT)
# Delete only cases whose archive copy is confirmed (cases.retention.services.archive_confirmed).
RETENTION_REQUIRE_ARCHIVE_CONFIRMATION = env.bool("RETENTION_REQUIRE_ARCHIVE_CONFIRMATION", default=True)
# The billing export (docs/billing.md): months ahead of this one an export includes by default, and the key
# of the children's references in the files (empty: derived from DJANGO_SECRET_KEY; set once, never change).
BILLING_MONTHS_AHEAD = env.int("BILLING_MONTHS_AHEAD", default=1)
BILLING_REFERENCE_KEY = env.str("BILLING_REFERENCE_KEY", default="")
# Statistics summary (docs/statistics.md): how often the beat task refreshes the kommuner that changed, and
# the age after which a kommune is refreshed even without a recorded change.
STATS_REFRESH_SECONDS = env.int("STATS_REFRESH_SECONDS", default=60)
STATS_MAX_AGE_SECONDS = env.int("STATS_MAX_AGE_SECONDS", default=3600)
CELERY_BEAT_SCHEDULE["statistics-refresh"] = {"task": "cases.stats.tasks.refresh_statistics",
                                              "schedule": STATS_REFRESH_SECONDS}

# --- Integrations (contract: docs/reference/contracts/integration.md) -----------------------------------
MASKINPORTEN_ISSUER = env.str("MASKINPORTEN_ISSUER", default="")
MASKINPORTEN_CLIENT_ID = env.str("MASKINPORTEN_CLIENT_ID", default="")
MASKINPORTEN_CERTIFICATE = env.str("MASKINPORTEN_CERTIFICATE", default="")
MASKINPORTEN_CERTIFICATE_PASSWORD = env.str("MASKINPORTEN_CERTIFICATE_PASSWORD", default="")
MASKINPORTEN_KEY = env.str("MASKINPORTEN_KEY", default="")
MASKINPORTEN_KID = env.str("MASKINPORTEN_KID", default="")
MASKINPORTEN_SCOPE = env.str("MASKINPORTEN_SCOPE", default="skatteetaten:summertskattegrunnlag")
MASKINPORTEN_CONSUMER_ORG = env.str("MASKINPORTEN_CONSUMER_ORG", default="")
SKATTEETATEN_SSG_URL = env.str("SKATTEETATEN_SSG_URL", default="")
SKATTEETATEN_MAX_CONCURRENT = env.int("SKATTEETATEN_MAX_CONCURRENT", default=5)
INTEGRATIONS_HTTP_TIMEOUT_S = env.float("INTEGRATIONS_HTTP_TIMEOUT_S", default=10.0)
SKATTEETATEN_VENDOR_MAX_CONCURRENT = env.int("SKATTEETATEN_VENDOR_MAX_CONCURRENT",
                                             default=SKATTEETATEN_MAX_CONCURRENT)
SKATTEETATEN_SLOT_WAIT_S = env.float("SKATTEETATEN_SLOT_WAIT_S", default=60.0)
# The async fetcher hands a finished call's slot straight to its next call for this long (integrations/slot_relay.py)
SKATTEETATEN_SLOT_RELAY_S = env.float("SKATTEETATEN_SLOT_RELAY_S", default=1.0)
# The GIL switch interval of a process running the fetcher loop (sys.setswitchinterval; 0: Python's default)
FETCHER_SWITCH_INTERVAL_S = env.float("FETCHER_SWITCH_INTERVAL_S", default=0.0005)
SKATTEETATEN_INCOME_YEAR_LOOKBACK = env.int("SKATTEETATEN_INCOME_YEAR_LOOKBACK", default=2)
INTEGRATIONS_RETRY_ATTEMPTS = env.int("INTEGRATIONS_RETRY_ATTEMPTS", default=3)
INTEGRATIONS_RETRY_BASE_DELAY_S = env.float("INTEGRATIONS_RETRY_BASE_DELAY_S", default=0.5)
INTEGRATIONS_RATE_LIMIT_BASE_DELAY_S = env.float("INTEGRATIONS_RATE_LIMIT_BASE_DELAY_S", default=1.0)
INTEGRATIONS_CLASSIFICATION_MAX_AGE_S = env.float("INTEGRATIONS_CLASSIFICATION_MAX_AGE_S", default=60.0)

# --- The case pipeline --------------------------------------------------------------------------
# The income fetch task: retries after transient errors (exponential backoff with jitter), then parks.
FETCH_MAX_RETRIES = env.int("FETCH_MAX_RETRIES", default=5)
FETCH_RETRY_BASE_S = env.float("FETCH_RETRY_BASE_S", default=2.0)
# Annual renewal: the daily beat entry acts from RENEWAL_START (MM-DD) until 31 July; RENEWAL_KOMMUNER
# limits it to these kommunenummer (empty: all); the watcher looks every RENEWAL_WATCH_S and re-queues
# lost work when a run has stood still for RENEWAL_STALL_S.
RENEWAL_START = env.str("RENEWAL_START", default="05-02")
RENEWAL_KOMMUNER = env.list("RENEWAL_KOMMUNER", default=[]) or None
RENEWAL_WATCH_S = env.float("RENEWAL_WATCH_S", default=15.0)
RENEWAL_STALL_S = env.float("RENEWAL_STALL_S", default=900.0)
# The vedtak letter: the dates the new forvaltningsloven (LOV-2025-06-20-81) and barnehageloven § 20
# come into force (ISO dates; empty until the King decides). See docs/vedtak.md.
NEW_FVL_IN_FORCE_DATE = env.str("NEW_FVL_IN_FORCE_DATE", default="") or None
BARNEHAGELOVEN_20_IN_FORCE_DATE = env.str("BARNEHAGELOVEN_20_IN_FORCE_DATE", default="") or None
# Endpoint allowlist (integrations/endpoints.py): https to these hosts only; http/https to loopback
# (the simulator) only while INTEGRATIONS_ALLOW_LOOPBACK_HTTP is on (default: everywhere but production).
from integrations.endpoints import DEFAULT_ALLOWED_HOSTS as _ENDPOINT_HOSTS  # noqa: E402  (no model imports)

INTEGRATIONS_ALLOWED_HOSTS = env.list("INTEGRATIONS_ALLOWED_HOSTS", default=list(_ENDPOINT_HOSTS))
INTEGRATIONS_ALLOW_LOOPBACK_HTTP = env.bool("INTEGRATIONS_ALLOW_LOOPBACK_HTTP", default=not PRODUCTION)
# Which organisation numbers a (non-superuser) staff user administers, for the integrations admin,
# which must not import the cases app: a dotted path to ``f(user) -> list[str]``.
INTEGRATIONS_ADMIN_ORGNOS = env.str("INTEGRATIONS_ADMIN_ORGNOS", default="cases.permissions.administered_orgnos")
# --- KS Fiks SvarUt (contract: shared/contracts/svarut.md; docs/delivery.md) -----------------------
# Fallback when a kommune has no SvarUt-konto row in the admin. The password lives only in the environment.
MASKINPORTEN_SVARUT_SCOPE = env.str("MASKINPORTEN_SVARUT_SCOPE", default="ks:fiks")
SVARUT_URL = env.str("SVARUT_URL", default="")  # e.g. https://test.svarut.ks.no (the API is below /api/v2)
SVARUT_KONTO_ID = env.str("SVARUT_KONTO_ID", default="")
FIKS_INTEGRASJON_ID = env.str("FIKS_INTEGRASJON_ID", default="")
FIKS_INTEGRASJON_PASSORD = env.str("FIKS_INTEGRASJON_PASSORD", default="")
SVARUT_ARCHIVE_COPY = env.bool("SVARUT_ARCHIVE_COPY", default=True)
SVARUT_TIMEOUT_S = env.float("SVARUT_TIMEOUT_S", default=30.0)  # status and lookup calls
SVARUT_MAX_ATTEMPTS = env.int("SVARUT_MAX_ATTEMPTS", default=6)  # then the forsendelse is parked
SVARUT_RETRY_BASE_S = env.float("SVARUT_RETRY_BASE_S", default=30.0)  # backoff base (doubles, jitter)
SVARUT_SEND_LEASE_S = env.float("SVARUT_SEND_LEASE_S", default=1000.0)  # > the 16-minute send timeout
SVARUT_SEND_TIMEOUT_S = env.float("SVARUT_SEND_TIMEOUT_S", default=960.0)
SVARUT_FIRST_POLL_S = env.float("SVARUT_FIRST_POLL_S", default=60.0)  # then doubling up to SVARUT_MAX_POLL_S
SVARUT_MAX_POLL_S = env.float("SVARUT_MAX_POLL_S", default=6 * 3600.0)
SVARUT_POLL_INTERVAL_S = env.float("SVARUT_POLL_INTERVAL_S", default=60.0)  # beat: how often to look
SVARUT_STALLED_S = env.float("SVARUT_STALLED_S", default=1200.0)  # re-queue work a lost task left
KLAGEFRIST_POST_DAYS = env.int("KLAGEFRIST_POST_DAYS", default=5)  # printed letter: days in the post
CELERY_BEAT_SCHEDULE["svarut-poll"] = {"task": "cases.tasks.poll_forsendelser",
                                       "schedule": SVARUT_POLL_INTERVAL_S}
# Synthetic (Tenor) fødselsnumre with month + 80 are accepted only when this is on (test/simulator).
ACCEPT_SYNTHETIC_PERSON_IDS = env.bool("ACCEPT_SYNTHETIC_PERSON_IDS", default=not PRODUCTION)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
