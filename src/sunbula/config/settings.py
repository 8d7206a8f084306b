"""Sunbula's settings, all read from the environment (see docs/deployment.md)."""

from __future__ import annotations

import datetime

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from sunbula.config.env import (
    cache_from_url,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    proxy_ssl_header,
    sqlite_database,
)
from sunbula.core.deployment import PACKAGE_DIR, secret_key_from_file, var_dir

VAR_DIR = var_dir()

DEBUG = env_bool("SUNBULA_DEBUG", default=False)
# The key signs sessions and keys the look-up hashes. Without SUNBULA_SECRET_KEY: the random
# key `sunbula demo` wrote to var/secret.key, else a development key on which a server with
# debug off refuses to start (sunbula.core.deployment).
SECRET_KEY_FILE = VAR_DIR / "secret.key"
SECRET_KEY = env_str("SUNBULA_SECRET_KEY") or secret_key_from_file(SECRET_KEY_FILE)
ALLOWED_HOSTS = env_list("SUNBULA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("SUNBULA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "sunbula.core",
    # After core, so that core's sign-in and password pages are the ones people see.
    "django.contrib.admin",
    "sunbula.partners",
    "sunbula.registry",
    "sunbula.policy",
    "sunbula.monitoring",
    "sunbula.programmes",
    "sunbula.funding",
    "sunbula.learning",
    "sunbula.supply",
    "sunbula.assistance",
    "sunbula.allocation",
    "sunbula.reports",
    "sunbula.forecasting",
    "sunbula.fieldforms",
    # Last, so that the widget templates under core/templates/django/forms come first.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sunbula.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sunbula.core.middleware.RequestIdMiddleware",
    "sunbula.core.middleware.DatabaseUnavailableMiddleware",
    "sunbula.core.middleware.PersonalDataMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, the first to read a body.
    "sunbula.core.middleware.DeclaredLengthMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sunbula.core.figures.ReaderMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sunbula.core.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sunbula.core.middleware.LoginRequiredMiddleware",
    "sunbula.core.middleware.SecondFactorMiddleware",
]

# No inline script or style anywhere (htmx is configured for it in core/_htmx.html).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
# drf-spectacular's Swagger page writes its set-up as inline script and style: there only.
CONTENT_SECURITY_POLICY_RELAXED = ("/api/docs/",)
CONTENT_SECURITY_POLICY_RELAXED_POLICY = CONTENT_SECURITY_POLICY.replace(
    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

ROOT_URLCONF = "sunbula.config.urls"
WSGI_APPLICATION = "sunbula.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sunbula.core.context_processors.navigation",
                "sunbula.core.context_processors.notifications",
            ],
            "builtins": [
                "sunbula.core.templatetags.sunbula_figures",
                "sunbula.core.templatetags.sunbula_records",
            ],
        },
    },
]

# Form widgets render through the templates above, where core writes a select's options faster.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASE_URL = env_str("DATABASE_URL")
# Seconds a request waits for SQLite's write lock before it answers 503.
SQLITE_BUSY_SECONDS = env_int("SUNBULA_SQLITE_BUSY_SECONDS", 5)
DATABASES = {
    "default": database_from_url(DATABASE_URL)
    if DATABASE_URL
    else sqlite_database(VAR_DIR / "sunbula.sqlite3", busy_seconds=SQLITE_BUSY_SECONDS)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The cache holds the counts that bound callers: the API's throttles and the farmer pages'
# PIN attempts. With several worker processes (`sunbula serve` starts one per core) or machines it must
# be shared, or each process counts on its own and the limits multiply: Redis, e.g.
# SUNBULA_CACHE_URL=redis://127.0.0.1:6379/1. Without it, each process has its own.
# Installations that share one Redis each set their own SUNBULA_CACHE_KEY_PREFIX.
CACHE_URL = env_str("SUNBULA_CACHE_URL")
CACHES = {
    "default": cache_from_url(CACHE_URL, key_prefix=env_str("SUNBULA_CACHE_KEY_PREFIX", "sunbula"))
}

AUTH_USER_MODEL = "core.User"
# Django's model backend; loading the signed-in user also reads their unread notices.
AUTHENTICATION_BACKENDS = ["sunbula.core.backends.UserWithNoticesBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
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
# How long an invitation link works.
SUNBULA_INVITATION_MAX_AGE = datetime.timedelta(days=env_int("SUNBULA_INVITATION_DAYS", 7))
# Failed sign-ins (see core.signin): this many for one account from one address lock that
# account for that address only, for LOGIN_LOCKOUT_MINUTES; this many from one address, over
# any accounts, lock the address. A lockout always ends, and never reaches other addresses.
LOGIN_FAILURE_LIMIT = env_int("SUNBULA_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("SUNBULA_LOGIN_ADDRESS_FAILURE_LIMIT", 30)
LOGIN_LOCKOUT_MINUTES = env_int("SUNBULA_LOGIN_LOCKOUT_MINUTES", 15)
# Behind a proxy, the header in which it passes the client's address (e.g. X-Forwarded-For);
# without it every client would share the proxy's address. Only set when the proxy always
# adds it, since a client could otherwise choose its own.
CLIENT_ADDRESS_HEADER = env_str("SUNBULA_CLIENT_ADDRESS_HEADER")
# A session ends after this many minutes without a request, and this many hours after
# signing in whatever happens (core.middleware.SessionLifetimeMiddleware).
SESSION_IDLE_MINUTES = env_int("SUNBULA_SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env_int("SUNBULA_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 60 * 60
# Two-factor authentication (django-otp): an authenticator app's codes (TOTP) and ten
# single-use recovery codes. Required for administrators and for protection clearance.
OTP_TOTP_ISSUER = env_str("SUNBULA_OTP_ISSUER", "Sunbula")
RECOVERY_CODE_COUNT = 10

# Fernet keys that encrypt the registry's personal data, newest first (comma-separated).
# Without them the key is read from var/registry.keys, which `sunbula setup` and the demo
# write with a random key; a server with neither refuses to read or write personal data.
REGISTRY_KEYS = env_list("SUNBULA_REGISTRY_KEYS", [])
REGISTRY_KEY_FILE = VAR_DIR / "registry.keys"
# The task queue: django-tasks (Django's tasks API) with its database backend, on SQLite or
# PostgreSQL alike; `sunbula worker` runs it. See docs/architecture.md.
TASKS = {
    "default": {
        "BACKEND": env_str("SUNBULA_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],  # any queue name
    }
}
# Seconds between a worker's rounds: schedules that are due, work dead workers left.
SUNBULA_SCHEDULE_INTERVAL = env_int("SUNBULA_SCHEDULE_INTERVAL", 60)
# A worker silent this long (no progress on its job) counts as stopped on other machines;
# on the worker's own machine a stopped process is noticed at once.
SUNBULA_TASK_STALE_SECONDS = env_int("SUNBULA_TASK_STALE_SECONDS", 900)
# Attempts a job gets (worker stopped, database unreachable) before it fails with the reason.
SUNBULA_TASK_MAX_ATTEMPTS = env_int("SUNBULA_TASK_MAX_ATTEMPTS", 3)

# E-mail: written as files to var/mail/ (one per message, to be read) unless an SMTP server
# is configured.
EMAIL_HOST = env_str("SUNBULA_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_PORT = env_int("SUNBULA_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("SUNBULA_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("SUNBULA_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("SUNBULA_EMAIL_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("SUNBULA_FROM_EMAIL", "Sunbula <no-reply@sunbula.example>")
# Where Sunbula is reached from outside: the one base of every absolute link (e-mails,
# invitations, password resets).
SUNBULA_BASE_URL = env_str("SUNBULA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Schedules: days outstanding at which a pledge's focal point is reminded; days outstanding
# after which a pledge not fully committed is listed as ageing (the funding overview, the home
# alert); days before its end an agreement enters the alerts; days before expiry stock is
# announced to logistics and listed in the expiry alerts.
PLEDGE_REMINDER_DAYS = [
    int(day) for day in env_list("SUNBULA_PLEDGE_REMINDER_DAYS", ["30", "60", "90"])
]
PLEDGE_AGEING_DAYS = env_int("SUNBULA_PLEDGE_AGEING_DAYS", 90)
AGREEMENT_WARNING_DAYS = env_int("SUNBULA_AGREEMENT_WARNING_DAYS", 90)
STOCK_EXPIRY_NOTICE_DAYS = env_int("SUNBULA_STOCK_EXPIRY_NOTICE_DAYS", 90)
# Finished report files no run refers to any more are removed after this many days.
REPORT_FILES_KEEP_DAYS = env_int("SUNBULA_REPORT_FILES_KEEP_DAYS", 1)
# Sends refused before anything was stored (shown to the officer) are removed after this
# many days.
SUNBULA_REFUSED_SENDS_KEEP_DAYS = env_int("SUNBULA_REFUSED_SENDS_KEEP_DAYS", 90)

# HTTPS (see docs/deployment.md). SUNBULA_HTTPS says the site is reached over HTTPS only and
# turns on secure cookies, the redirect to HTTPS and HSTS; each can be set on its own.
HTTPS = env_bool("SUNBULA_HTTPS", default=False)
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (shared through Redis when served by several workers) and
# written to the database as well: a page costs no query to find who is signed in.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = env_bool("SUNBULA_SECURE_COOKIES", default=HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SUNBULA_SSL_REDIRECT", default=HTTPS)
# Load balancers ask for /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SUNBULA_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SUNBULA_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SUNBULA_HSTS_PRELOAD", default=False)
# The header a TLS-terminating proxy sets, e.g. `X-Forwarded-Proto`; only behind a proxy
# that always sets it (a client could otherwise claim HTTPS).
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(env_str("SUNBULA_PROXY_SSL_HEADER"))
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# security.W021 asks for HSTS preload, which only an organisation's own apex domain can
# request (hstspreload.org); Sunbula runs on a host name under it, so the choice is not
# Sunbula's. SUNBULA_HSTS_PRELOAD=true adds `preload` where the organisation has made it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Interface languages: complete in all four. Dari and Pashto are for farmer-facing pages
# and for content that people type; they are right-to-left like Arabic.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("ru", _("Russian")),
]
CONTENT_LANGUAGES = [
    *LANGUAGES,
    ("fa-af", _("Dari")),
    ("ps", _("Pashto")),
]
LANGUAGES_BIDI = ["ar", "fa", "fa-af", "ps", "he", "ur"]
FORMAT_MODULE_PATH = ["sunbula.config.formats"]
# Digits of the figures on pages (sunbula.core.figures) by language: "latn" (0123, the
# default), "arab" (Arabic-Indic ٠١٢٣) or "arabext" (Persian forms ۰۱۲۳, as in Afghanistan).
# Arabic pages keep Latin digits, as typed into the forms, unless set here, e.g.
# SUNBULA_FIGURE_DIGITS="ar=arab,fa-af=arabext,ps=arabext".
FIGURE_DIGITS = {
    language.strip().lower(): digits.strip()
    for language, _sep, digits in (
        item.partition("=")
        for item in env_list("SUNBULA_FIGURE_DIGITS", ["fa-af=arabext", "ps=arabext"])
    )
}
LANG_INFO.update(
    {
        "fa-af": {"bidi": True, "code": "fa-af", "name": "Dari", "name_local": "دری"},
        "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
    }
)
# Each domain keeps its catalogue in <app>/locale; listed first so that makemessages writes a
# domain's strings there. Shared strings (layout, languages) live in sunbula/locale.
LOCALE_PATHS = [*sorted(PACKAGE_DIR.glob("*/locale")), PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("SUNBULA_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 30

# JSON bodies sent to the API: at most this many bytes, nested at most this deep.
# Field capture: the largest submission (XML and attachments) a device may send, and the
# token Sunbula pulls KoboToolbox projects with.
OPENROSA_MAX_BYTES = env_int("SUNBULA_OPENROSA_MAX_BYTES", 10 * 1024 * 1024)
KOBO_API_TOKEN = env_str("SUNBULA_KOBO_TOKEN", "")
# The Kobo servers that token is sent to: a project on any other server is refused.
KOBO_SERVERS = env_list(
    "SUNBULA_KOBO_SERVERS", ["https://kf.kobotoolbox.org", "https://eu.kobotoolbox.org"]
)
API_JSON_MAX_BYTES = env_int("SUNBULA_API_JSON_MAX_BYTES", 1024 * 1024)
API_JSON_MAX_DEPTH = env_int("SUNBULA_API_JSON_MAX_DEPTH", 32)
# API tokens last at most this many days. Requests per token (or signed-in user), and per
# address from callers without valid credentials (DRF's rate syntax: number/second|minute|
# hour|day), counted in the cache (CACHES above: shared through Redis in production).
API_TOKEN_MAX_DAYS = env_int("SUNBULA_API_TOKEN_MAX_DAYS", 365)
API_RATE_USER = env_str("SUNBULA_API_RATE_USER", "6000/hour")
API_RATE_ANON = env_str("SUNBULA_API_RATE_ANON", "60/minute")
REST_FRAMEWORK = {
    # The token class first: its challenge makes a request without credentials a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sunbula.core.api_tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "sunbula.core.api_tokens.ApiAccess",
        "rest_framework.permissions.IsAuthenticated",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["sunbula.core.api_tokens.TokenRateThrottle"],
    "DEFAULT_PARSER_CLASSES": [
        "sunbula.core.http.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "sunbula.core.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "sunbula.core.filtering.ScopedFilterBackend",
        "sunbula.core.filtering.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sunbula.core.http.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sunbula API",
    "DESCRIPTION": "Programme management for food assistance, from pledge to plate.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": [
        "sunbula.core.api_tokens.ApiAccess",
        "rest_framework.permissions.IsAuthenticated",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # A request body shows only what a client sends; an answer, everything it gets back.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sunbula.core.openapi.document_refusals",
    ],
    # One name per choice set where several models' fields share a name (`kind`, `status`).
    "ENUM_NAME_OVERRIDES": {
        "AssetKindEnum": "sunbula.programmes.models.Asset.Kind",
        "AssetStatusEnum": "sunbula.programmes.models.Asset.Status",
        "GoverningDecisionKindEnum": "sunbula.programmes.models.GoverningBodyDecision.Kind",
        "ActivityStatusEnum": "sunbula.programmes.models.ActivityStatus",
        "DacSectorEnum": "sunbula.programmes.models.DacSector",
        "ReportKindEnum": "sunbula.reports.models.ReportKind",
        "EventKindEnum": "sunbula.learning.models.Event.Kind",
        "EventModalityEnum": "sunbula.learning.models.Event.Modality",
        "ConferenceModalityEnum": "sunbula.funding.models.Modality",
        "RegistrationRoleEnum": "sunbula.learning.models.Registration.Role",
        "SurveyPurposeEnum": "sunbula.learning.models.Survey.Purpose",
        "QuestionKindEnum": "sunbula.learning.models.SurveyQuestion.Kind",
        "LanguageEnum": "sunbula.learning.models.LISTENING_LANGUAGES",
        "RespondentLanguageEnum": "sunbula.learning.models.RESPONDENT_LANGUAGES",
        "InstitutionKindEnum": "sunbula.registry.models.Institution.Kind",
        "InstitutionStatusEnum": "sunbula.registry.models.Institution.Status",
        "LossCauseEnum": "sunbula.supply.models.LossCause",
        "SexEnum": "sunbula.programmes.models.Sex",
        "PersonSexEnum": "sunbula.registry.models.Person.Sex",
        "SubmissionStatusEnum": "sunbula.fieldforms.models.Submission.Status",
        "FieldFormPurposeEnum": "sunbula.fieldforms.models.Purpose",
        "PolicyProfileStatusEnum": "sunbula.policy.models.ProfileStatus",
        "StrategyStatusEnum": "sunbula.policy.models.Strategy.Status",
        "AgreementKindEnum": "sunbula.partners.models.Agreement.Kind",
        "EngagementKindEnum": "sunbula.partners.models.Engagement.Kind",
        "ObligationStatusEnum": "sunbula.partners.models.Obligation.Status",
        "FollowUpStatusEnum": "sunbula.partners.models.FollowUpAction.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("SUNBULA_LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
