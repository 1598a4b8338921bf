"""Core Django settings, read from the environment.

Without any environment the portal runs on a SQLite file in the checkout
and Celery runs tasks eagerly, so `make run` works on a bare machine.
DEBUG is off unless the environment sets it: `make run`, the test suite
(pytest.ini) and the development instructions set DEBUG=1, and an image or a
server started without it runs in production mode (and so needs SECRET_KEY).
"""

from importlib.util import find_spec
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .env import BASE_DIR, env

DEBUG = env.bool("DEBUG", default=False)

DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
SECRET_KEY = env("SECRET_KEY", default=DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("DEBUG=0 需要在环境变量中设置 SECRET_KEY（不能使用开发默认值）。")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "portal.admin_app.AdminConfig",  # django.contrib.admin, its modules discovered by the URLs
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "portal.accounts",
    "portal.audit",
    "disclosures",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.upload_limit.RequestSizeLimitMiddleware",  # before the CSRF check reads any body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.replica.ReplicaReadsMiddleware",  # after the user is known
    "portal.nul_guard.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "portal.urls"

# django_tables2 is used as a library, not an installed app: installing it made django.setup()
# import its JSON column and with it django.contrib.postgres and psycopg, a third of the start
# of every process and command (bench/command_start.py). Its templates, its template tags and
# its translations (上一页, 下一页) are all it needs the app for; they are named here.
# find_spec locates the package without importing it.
DJANGO_TABLES2_DIR = Path(find_spec("django_tables2").submodule_search_locations[0])

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", DJANGO_TABLES2_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "libraries": {"django_tables2": "django_tables2.templatetags.django_tables2"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "portal.context_processors.site_identity",
                "reviews.context_processors.notices",
                "portal.context_processors.display_mode",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# A read replica of the primary (a streaming standby): the public side reads from it
# (portal/replica.py). Unset, everything uses the primary. Never migrated: it follows the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
for _database in DATABASES.values():
    _database["ATOMIC_REQUESTS"] = False
    _database.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    if _database["ENGINE"] == "django.db.backends.sqlite3":
        # Several processes (web, worker, tests) may share the file. A transaction takes the write
        # lock when it begins (IMMEDIATE): a deferred one that reads, then writes while another
        # process writes, fails at once with "database is locked" whatever the timeout.
        _database["CONN_MAX_AGE"] = 0
        options = _database.setdefault("OPTIONS", {})
        options["timeout"] = 20
        options.setdefault("transaction_mode", "IMMEDIATE")
    if _database["ENGINE"].startswith("django.db.backends.postgresql"):
        # No JIT compilation for the portal's connections. The planner's cost of a query with many
        # small correlated subqueries (the reviewer's dashboard: a few per department) passes
        # jit_above_cost long before the query is slow, and compiling then took 2.9 s for 0.25 s
        # of execution at 2,000 departments. The portal's queries are short index lookups, which
        # JIT never speeds up.
        options = _database.setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, (options.get("options", ""), "-c jit=off")))
DATABASE_ROUTERS = ["portal.replica.ReplicaRouter"]
# The URL namespaces whose anonymous requests read from the replica (when there is one).
REPLICA_READ_NAMESPACES = ("public", "api")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "public:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [DJANGO_TABLES2_DIR / "locale"]  # see TEMPLATES

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# The PDF's subset fonts (python manage.py build_pdf_fonts; disclosures/pdf/fonts.py).
PDF_FONT_DIR = env.path("PDF_FONT_DIR", default=BASE_DIR / "var" / "pdf-fonts")


def bucket_storage(*, bucket, endpoint_url="", region="", prefix=""):
    """Files (rendered PDFs) in an S3-compatible bucket through django-storages, so that every web
    and worker machine reads what any of them wrote. Credentials come from AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY (boto3 reads them); files stay private and are served by the views."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "location": prefix,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": "path",  # MinIO and most S3-compatible servers
        },
    }


# A local folder (MEDIA_ROOT) by default; a bucket when STORAGE_BUCKET is set.
STORAGE_BUCKET = env("STORAGE_BUCKET", default="")
STORAGES = {
    "default": (
        bucket_storage(
            bucket=STORAGE_BUCKET,
            endpoint_url=env("STORAGE_ENDPOINT_URL", default=""),
            region=env("STORAGE_REGION", default=""),
            prefix=env("STORAGE_PREFIX", default=""),
        )
        if STORAGE_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded workbooks are read in memory and never trusted; keep them small.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A code table of a large department posts a few thousand cells in one form.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)  # an uploaded workbook
# What one workbook may hold, counted before it is parsed (disclosures/excel/limits.py): far
# above any real disclosure (the sample: 9 sheets, 38 rows, 696 cells), far below what ties
# up a worker. And how long its parse may take.
IMPORT_MAX_SHEETS = env.int("IMPORT_MAX_SHEETS", default=40)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)  # per sheet
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=200_000)  # all sheets together
IMPORT_PARSE_SECONDS = env.float("IMPORT_PARSE_SECONDS", default=10.0)
# Published PDFs checked by the bureau (公开检查, reviews/inspections/) and by anyone (检查一份决算
# 公开文件): every PDF is read in full, so each is bounded in size, pages and reading time, and an
# upload in files (chosen PDFs or a ZIP's entries) and bytes (the request, portal/upload_limit.py).
INSPECTION_MAX_FILE_BYTES = env.int("INSPECTION_MAX_FILE_BYTES", default=30 * 1024 * 1024)
INSPECTION_MAX_FILES = env.int("INSPECTION_MAX_FILES", default=300)
INSPECTION_MAX_UPLOAD_BYTES = env.int("INSPECTION_MAX_UPLOAD_BYTES", default=300 * 1024 * 1024)
INSPECTION_MAX_UNZIPPED_BYTES = env.int("INSPECTION_MAX_UNZIPPED_BYTES", default=600 * 1024 * 1024)
INSPECTION_MAX_PAGES = env.int("INSPECTION_MAX_PAGES", default=300)
INSPECTION_READ_SECONDS = env.float("INSPECTION_READ_SECONDS", default=120.0)
PUBLIC_CHECK_MAX_BYTES = env.int("PUBLIC_CHECK_MAX_BYTES", default=10 * 1024 * 1024)
PUBLIC_CHECK_MAX_PAGES = env.int("PUBLIC_CHECK_MAX_PAGES", default=80)
PUBLIC_CHECK_READ_SECONDS = env.float("PUBLIC_CHECK_READ_SECONDS", default=20.0)
PUBLIC_CHECK_PER_HOUR = env.int("PUBLIC_CHECK_PER_HOUR", default=10)  # per client address
PUBLIC_CHECK_KEEP_DAYS = env.int("PUBLIC_CHECK_KEEP_DAYS", default=90)  # how long a kept result is shown, then purged
# Django's own cap on the files of one request (100): as many as one inspection upload takes.
DATA_UPLOAD_MAX_NUMBER_FILES = INSPECTION_MAX_FILES

# Mail (password reset, notices). EMAIL_URL names the server, e.g.
# smtp+tls://user:password@mail.example.gov.cn:587 (django-environ's email URL). Without it:
# the console in development; with DEBUG off, SMTP to a local relay on localhost:25 (check
# --deploy refuses the console backend, mail.E001).
if env("EMAIL_URL", default=""):
    _email = env.email_url("EMAIL_URL")
    _mailer = {"BACKEND": _email["EMAIL_BACKEND"]}
    if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
        _mailer["OPTIONS"] = {
            "host": _email["EMAIL_HOST"],
            "port": _email["EMAIL_PORT"],
            "username": _email["EMAIL_HOST_USER"] or "",
            "password": _email["EMAIL_HOST_PASSWORD"] or "",
            "use_tls": bool(_email.get("EMAIL_USE_TLS")),
            "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
            "timeout": 10,
        }
elif DEBUG:
    _mailer = {"BACKEND": env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")}
else:
    _mailer = {"BACKEND": env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")}
    if _mailer["BACKEND"].endswith("smtp.EmailBackend"):
        _mailer["OPTIONS"] = {"host": "localhost", "port": 25, "timeout": 10}
MAILERS = {"default": _mailer}
# The site's identity, in every page's footer (政府网站 require 主办单位, 网站标识码 and ICP 备案号).
SITE_IDENTITY = {
    "organiser": env("SITE_ORGANISER", default=""),  # 主办单位, e.g. 武汉市蔡甸区财政局
    "phone": env("SITE_PHONE", default=""),  # 联系电话
    "site_code": env("SITE_CODE", default=""),  # 网站标识码
    "icp": env("SITE_ICP", default=""),  # ICP 备案号, linked to beian.miit.gov.cn
    "request_url": env("SITE_REQUEST_URL", default=""),  # 依申请公开 (requests for information)
    "accessibility_url": env("SITE_ACCESSIBILITY_URL", default=""),  # the site's accessibility statement
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")

CACHES = {
    "default": (
        env.cache("CACHE_URL")
        if env("CACHE_URL", default="")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# The search engine behind the public search: a class with the methods of
# disclosures.search.SearchBackend. The default searches the portal's own database; see
# "Running at province scale" in the README for the engine a nation moves to.
SEARCH_BACKEND = env("SEARCH_BACKEND", default="disclosures.search_database.DatabaseSearch")

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No log line shows a URL's password (portal/redact.py).
    "filters": {
        "credentials": {"()": "portal.redact.RedactCredentials"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["credentials"]},
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "credentials"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replaces Django's own handlers for "django" (an unfiltered console under DEBUG): its
        # records reach the console above through the root.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # Per-step chatter of the PDF libraries (every render, every font table) is not news.
        **{name: {"level": "WARNING"} for name in ("fontTools", "weasyprint.progress")},
    },
}
