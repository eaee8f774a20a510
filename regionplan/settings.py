"""Settings for Regionplan, read from the environment.

DEBUG=1 gives a development setup; DATABASE_URL defaults to an SQLite file under var/.
Without DEBUG the production defaults apply (HTTPS only, secure cookies, HSTS) and SECRET_KEY
must be set.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from .configuration import cache_settings, email_settings, oidc_apps

BASE_DIR = Path(__file__).resolve().parent.parent

# `make` writes a git-ignored .env for development (DEBUG=1 and a random key); real environment
# variables always win over it.
load_dotenv(BASE_DIR / ".env", override=False)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
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
    # Before allauth: its pages and mails are rendered with our templates.
    "accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "regionplan.package_apps.AxesConfig",  # axes, named in nn/nb
    "django_htmx",
    "django_tasks",
    "regionplan.package_apps.TasksConfig",  # django_tasks_db, named in nn/nb
    "template_partials",
    "plans",
    "measures",
    "budgets",
    "opendata",
    "backups",
    "rounds",
    "revisions",
    "strategies",
    "renderings",
    "owners",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "regionplan.middleware.RejectNullBytesMiddleware",
    "csp.middleware.CSPMiddleware",
    # form-action also reaches the identity providers (accounts/oidc.py).
    "accounts.middleware.IdentityProviderFormActionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A council that requires two-factor: its secretariat sets it up before anything else.
    "accounts.middleware.TwoFactorSetupMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

# Accounts are django-allauth's (accounts/, README "Accounts"): a username or e-mail address and
# a password, two-factor codes, and identity providers over OpenID Connect. django-axes guards the
# password: it sees every attempt through Django's authenticate(), which allauth calls.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Lock a username at an address out for an hour after five failed logins (regionplan/signin.py).
AXES_USERNAME_CALLABLE = "regionplan.signin.client_username"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "regionplan.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "regionplan.signin.client_ip"
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "regionplan.urls"

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
                # After Django's own csrf processor: a page rendered to be kept gets a
                # placeholder token (regionplan/lib/response_cache.py).
                "regionplan.lib.response_cache.csrf_placeholder",
            ],
            # {% load text %}: filters for stored text, from the project library.
            "libraries": {"text": "regionplan.lib.templatetags"},
        },
    },
]

WSGI_APPLICATION = "regionplan.wsgi.application"

# An embedded SQLite file by default, so `make run` needs no server; production uses PostgreSQL.
SQLITE_PATH = BASE_DIR / "var" / "regionplan.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nn"
LANGUAGES = [
    ("nn", _("Norwegian Nynorsk")),
    ("nb", _("Norwegian Bokmål")),
    ("en", _("English")),
]
# locale_packages: our nn/nb for what packages without those catalogues show in the admin.
# Second, so makemessages keeps writing to locale/ and never touches it.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_packages"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Background work (mails, reminders, large exports) runs on django-tasks with its database
# backend: the queue lives in PostgreSQL beside the data, so a task is enqueued in the same
# transaction as the change that asks for it. `manage.py db_worker` runs the tasks; `make run`
# starts one beside the web server and production runs it as its own process (README).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Any number of app servers on one database (README, "Running in production"): sessions,
# uploads, generated files and stored PDFs live in the database; CACHE_URL adds a shared cache
# (Redis). With a shared cache sessions are read from it and written through to the database,
# so a request needs no session query; a per-process cache would serve a logged-out session.
CACHES, SHARED_CACHE = cache_settings(os.environ)
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SHARED_CACHE
    else "django.contrib.sessions.backends.db"
)

CSRF_FAILURE_VIEW = "regionplan.errors.csrf_failure"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:landing"  # their council, or a choice of theirs
LOGOUT_REDIRECT_URL = "plans:council_list"

# django-allauth. Nobody signs up: people come by invitation (accounts/invitations.py), or with an
# identity provider whose verified e-mail address matches an invitation or a person.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
# allauth's forms with our labels (accounts/allauth_forms.py: allauth has no nynorsk).
ACCOUNT_FORMS = {
    name: f"accounts.allauth_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "add_email": "AddEmailForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
MFA_FORMS = {
    name: f"accounts.allauth_forms.{form}"
    for name, form in {
        "authenticate": "AuthenticateForm",
        "reauthenticate": "MFAReauthenticateForm",
        "activate_totp": "ActivateTOTPForm",
        "deactivate_totp": "DeactivateTOTPForm",
        "generate_recovery_codes": "GenerateRecoveryCodesForm",
    }.items()
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Regionplan: "
# Failed passwords are axes' to count (accounts/adapters.py); allauth's "login_failed" limit
# then counts only wrong two-factor codes: five per person in five minutes.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
ACCOUNT_REAUTHENTICATION_TIMEOUT = 600
# Before turning two-factor on or off: the password or a code from the app (no mailed codes).
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Regionplan"
MFA_RECOVERY_CODE_COUNT = 10
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # Checks every ID token's signature and nonce (accounts/oidc.py).
        "provider_class": "accounts.oidc.Provider",
        "APPS": oidc_apps(os.environ),
    }
}

# Mail (README, "E-mail"): EMAIL_URL or EMAIL_HOST & co.; in development, files in var/mail/.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Regionplan <ikkje-svar@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
globals().update(email_settings(os.environ, debug=DEBUG, file_path=BASE_DIR / "var" / "mail"))

# Production hardening; every value can be relaxed through the environment behind a proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# A load balancer probes over plain HTTP; everything else is redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = env_bool("BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the app append to X-Forwarded-For (regionplan/signin.py).
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "1")) if BEHIND_PROXY else 0

# Nothing inline: scripts and styles come from our static files only (htmx included), so an
# injected <script> or style="" does nothing. Charts are SVG with geometry in attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_4xx": {"()": "regionplan.logging.OneLineClientErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["one_line_4xx"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

from django.contrib.messages import constants as message_constants  # noqa: E402

MESSAGE_TAGS = {message_constants.ERROR: "error"}

# Who publishes the open data catalogue (opendata/catalogue.py): the organisation running this
# site, ideally by its Enhetsregisteret URI (https://data.brreg.no/enhetsregisteret/api/enheter/…).
OPEN_DATA_PUBLISHER_NAME = os.environ.get("OPEN_DATA_PUBLISHER_NAME", "Regionplan")
OPEN_DATA_PUBLISHER_URI = os.environ.get("OPEN_DATA_PUBLISHER_URI", "")
