"""Settings for the disclosure portal, read from environment variables.

Defaults are the embedded mode (SQLite, eager Celery, console e-mail). Production sets
DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)


def local_secret_key() -> str:
    """The key used when SECRET_KEY is unset: random, kept in a private file
    (SECRET_KEY_FILE, default .secret_key) created on first use, so that a host that forgot
    the variable never signs sessions, reset links and form tokens with a key in the source."""
    import secrets
    import time

    path = Path(os.environ.get("SECRET_KEY_FILE") or BASE_DIR / ".secret_key")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process may be writing it this instant
            key = path.read_text(encoding="ascii").strip()
            if key:
                return key
            time.sleep(0.02)
        raise
    except OSError:  # read-only file system: a per-process key, never a known one
        return secrets.token_urlsafe(50)
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
# The public address of the portal, printed in letters that point to a published item.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "django_ckeditor_5",
    # Order matters for load_demo: each app's demo.py runs in this order.
    "portal",
    "requests_app",
    "disclosure",
    "review",
]

MIDDLEWARE = [
    "portal.client.HealthCheckMiddleware",
    "portal.client.ProxyHeadersMiddleware",
    "portal.client.RejectNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the cache: a hit skips everything below. Requests with a
    # session (anyone signed in) never read it; see portal/public_cache.py.
    "portal.public_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
WSGI_APPLICATION = "portal.wsgi.application"
AUTH_USER_MODEL = "portal.User"

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
                "portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:staff_home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Media is never served from MEDIA_URL directly: attachment views check publication.
MEDIA_URL = "/_media_not_public/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Fail soft (portal/cache.py): Redis stopped or frozen degrades to recomputing, with
    # short socket timeouts so a frozen Redis does not hang a page.
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public pages from the cache (portal/public_cache.py). On by default only with
# a shared cache: a per-process cache would not see another worker's invalidation.
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", bool(REDIS_URL))
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600"))
PUBLIC_PAGE_CACHE_VIEWS = {
    "home",
    "disclosure:home",
    "disclosure:guide",
    "disclosure:policy",
    "disclosure:catalogue",
    "disclosure:item",
    "disclosure:news",
    "disclosure:qa",
    "disclosure:reports",
    "disclosure:departments",
    "disclosure:search",
    "disclosure:feed_atom",
    "disclosure:feed_json",
    "disclosure:sitemap",
    "disclosure:sitemap_pages",
    "disclosure:sitemap_items",
    "disclosure:robots",
    "reports:public_report",
    "consultations:list",
    "consultations:detail",
}
# Cached public pages whose content depends on today's date (a consultation opens and closes
# on its dates): their cache key names the date too, so no page outlives its day.
PUBLIC_PAGE_CACHE_DATED_VIEWS = {"consultations:list", "consultations:detail"}

# Celery: with no REDIS_URL tasks run eagerly in-process (embedded mode).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not bool(REDIS_URL) and not os.environ.get("CELERY_BROKER_URL")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish must not hang a citizen's request when the broker is down.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 0}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
# The daily scan: 08:30 China time, then hourly until it has succeeded that day
# (each scan records its success; a later run the same day is a no-op catch-up).
CELERY_BEAT_SCHEDULE = {
    "daily-scan": {
        "task": "portal.tasks.run_daily_scan",
        "schedule": crontab(minute=30, hour="8-23"),
    },
    # Scheduled publications go live within ten minutes of their time (the daily scan
    # also publishes whatever is due, as a catch-up).
    "review-publish-due": {
        "task": "review.tasks.publish_due_items",
        "schedule": crontab(minute="*/10"),
    },
    # The concern register's limits are hours (5 h, 24 h, 48 h): reminders an hour before
    # and at each limit need a scan every ten minutes (the daily scan catches up too).
    "concern-timers": {
        "task": "requests_app.concerns.tasks.scan_concern_timers",
        "schedule": crontab(minute="*/10"),
    },
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # implicit TLS, usually port 465
# A mail server that does not answer must not hang a worker (or a page sending in-process).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@disclosure.example.gov.cn")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: safe production defaults; `check --deploy` is clean with DEBUG off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# The TLS proxy in front (addresses or networks, comma-separated). Only requests from one
# of them have their X-Forwarded-Proto / X-Forwarded-For believed (portal/client.py strips
# the headers from anyone else); with none configured they are ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    ipaddress.ip_network(_proxy, strict=False)  # a typo fails at start-up, not silently
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_error_one_line": {"()": "portal.log_filters.ClientErrorOneLine"},
        "drop_error_request_lines": {"()": "portal.log_filters.DropErrorRequestLines"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "jieba": {"level": "WARNING"},
        # One line per failed request: Django's own console handler is dropped (the root
        # one prints everything once), a 4xx has no traceback, and the development
        # server does not repeat what django.request logged.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["client_error_one_line"]},
        "django.server": {"handlers": ["django.server"], "filters": ["drop_error_request_lines"], "propagate": False},
    },
}

# Rich text: CKEditor 5. Uploads only for signed-in staff with the upload permission.
CKEDITOR_5_FILE_STORAGE = "django.core.files.storage.FileSystemStorage"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "gif", "pdf", "docx", "xlsx"]
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_ALLOW_ALL_FILE_TYPES = False
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "zh-cn",
        # The bundle's word count ("单词数") means nothing for Chinese text: off.
        "removePlugins": ["WordCount"],
        "toolbar": [
            "heading",
            "|",
            "bold",
            "italic",
            "underline",
            "link",
            "bulletedList",
            "numberedList",
            "blockQuote",
            "|",
            "insertTable",
            "imageUpload",
            "fileUpload",
            "|",
            "undo",
            "redo",
        ],
        "table": {
            "contentToolbar": ["tableColumn", "tableRow", "mergeTableCells", "tableProperties", "tableCellProperties"]
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "正文", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "标题二", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "标题三", "class": "ck-heading_heading3"},
            ]
        },
    }
}

# Product settings.
PORTAL = {
    # Art. 18: default interval before a withheld / on-request determination is re-evaluated.
    "REEVALUATION_DAYS": int(os.environ.get("PORTAL_REEVALUATION_DAYS", "365")),
    # Public request form abuse controls.
    "REQUEST_MIN_FILL_SECONDS": int(os.environ.get("PORTAL_REQUEST_MIN_FILL_SECONDS", "3")),
    "REQUEST_RATE_LIMIT_PER_HOUR": int(os.environ.get("PORTAL_REQUEST_RATE_LIMIT_PER_HOUR", "10")),
    "REQUEST_CAPTCHA_AFTER": int(os.environ.get("PORTAL_REQUEST_CAPTCHA_AFTER", "3")),
}
