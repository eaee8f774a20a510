"""Settings read from the environment that need more than one variable: mail and sign-in with an
identity provider. Kept out of settings.py so they can be tested with any environment.

Mail, either a single URL or separate variables (README, "E-mail"):

    EMAIL_URL=smtp+starttls://user:password@smtp.example.no:587
    EMAIL_URL=smtps://user:password@smtp.example.no:465
    EMAIL_URL=smtp://relay.internal:25
    EMAIL_URL=console:          (print every mail)
    EMAIL_URL=file:///var/mail  (one file per mail)

or EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL.

Identity providers over OpenID Connect, one block of variables per provider named in
OIDC_PROVIDERS (README, "Sign-in with an identity provider").
"""

import re
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
SCHEMES = {
    "smtp": (SMTP, False, False),
    "smtp+starttls": (SMTP, True, False),
    "submission": (SMTP, True, False),
    "smtps": (SMTP, False, True),
    "smtp+ssl": (SMTP, False, True),
}
TRUE = ("1", "true", "yes", "on")


def email_settings(environ, *, debug, file_path):
    """Django's EMAIL_* settings from the environment, as a dict.

    Without any mail variable, development writes every mail as a file to `file_path` (var/mail/)
    and production sends through an SMTP server on localhost, Django's default.
    """
    url = environ.get("EMAIL_URL", "").strip()
    result = {"EMAIL_TIMEOUT": int(environ.get("EMAIL_TIMEOUT", "10"))}
    if url:
        result.update(parse_email_url(url))
    elif environ.get("EMAIL_HOST"):
        result.update(
            EMAIL_BACKEND=SMTP,
            EMAIL_HOST=environ["EMAIL_HOST"],
            EMAIL_PORT=int(environ.get("EMAIL_PORT", "25")),
            EMAIL_HOST_USER=environ.get("EMAIL_HOST_USER", ""),
            EMAIL_HOST_PASSWORD=environ.get("EMAIL_HOST_PASSWORD", ""),
            EMAIL_USE_TLS=environ.get("EMAIL_USE_TLS", "").lower() in TRUE,
            EMAIL_USE_SSL=environ.get("EMAIL_USE_SSL", "").lower() in TRUE,
        )
    elif debug:
        result.update(
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(file_path),
        )
    if result.get("EMAIL_USE_TLS") and result.get("EMAIL_USE_SSL"):
        raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
    return result


def parse_email_url(url):
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured("EMAIL_URL=file:///path/to/folder needs a folder.")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if scheme not in SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown scheme {scheme!r}; use one of "
            f"{', '.join(sorted(SCHEMES))}, console: or file:."
        )
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL names no host.")
    backend, starttls, ssl = SCHEMES[scheme]
    query = parse_qs(parts.query)
    default_port = 465 if ssl else (587 if starttls else 25)
    return {
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or default_port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": starttls,
        "EMAIL_USE_SSL": ssl,
        **({"EMAIL_TIMEOUT": int(query["timeout"][0])} if "timeout" in query else {}),
    }


PROVIDER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def oidc_apps(environ):
    """allauth's OpenID Connect apps, one per name in OIDC_PROVIDERS.

    For a name such as `hallingdal`: OIDC_HALLINGDAL_ISSUER (the issuer URL; its
    /.well-known/openid-configuration is read), OIDC_HALLINGDAL_CLIENT_ID,
    OIDC_HALLINGDAL_SECRET and OIDC_HALLINGDAL_LABEL (the button's text), all required;
    optionally OIDC_HALLINGDAL_SCOPES (default "openid email profile") and
    OIDC_HALLINGDAL_EMAIL_VERIFIED_CLAIM, a claim that says the e-mail address is verified when
    the provider does not send `email_verified` (Entra ID: `xms_edov`).
    """
    names = [name.strip().lower() for name in environ.get("OIDC_PROVIDERS", "").split(",")]
    apps = []
    for name in filter(None, names):
        if not PROVIDER_ID.match(name):
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: {name!r} is not a valid name (letters a-z, digits, hyphens)."
            )
        prefix = f"OIDC_{name.upper().replace('-', '_')}_"
        missing = [
            prefix + key
            for key in ("ISSUER", "CLIENT_ID", "SECRET", "LABEL")
            if not environ.get(prefix + key, "").strip()
        ]
        if missing:
            raise ImproperlyConfigured(f"Sign-in with {name!r} needs {', '.join(missing)}.")
        issuer = environ[prefix + "ISSUER"].strip().rstrip("/")
        if not issuer.startswith("https://") and not issuer.startswith("http://127.0.0.1"):
            raise ImproperlyConfigured(f"{prefix}ISSUER must be an https:// address.")
        scopes = environ.get(prefix + "SCOPES", "openid email profile").split()
        apps.append(
            {
                "provider_id": name,
                "name": environ[prefix + "LABEL"].strip(),
                "client_id": environ[prefix + "CLIENT_ID"].strip(),
                "secret": environ[prefix + "SECRET"].strip(),
                "settings": {
                    "server_url": issuer,
                    "oauth_pkce_enabled": True,
                    # Claims come from the ID token alone, whose signature and nonce are checked.
                    "fetch_userinfo": False,
                    "scope": scopes,
                    "email_verified_claim": environ.get(
                        prefix + "EMAIL_VERIFIED_CLAIM", "email_verified"
                    ).strip(),
                },
            }
        )
    return apps


# The cache every app server shares (README, "Running in production"): CACHE_URL names it.
CACHE_BACKENDS = {
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "unix": "django.core.cache.backends.redis.RedisCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


def cache_settings(environ):
    """Django's CACHES from CACHE_URL, and whether that cache is shared between processes.

        CACHE_URL=redis://127.0.0.1:6379/1       (Redis, Django's own backend)
        CACHE_URL=rediss://:password@cache.internal:6380/0
        CACHE_URL=unix:///run/redis/redis.sock?db=1

    Without it each process has its own memory cache: still correct (every cached page and
    overview is keyed by the plan's revision), only each process renders its own copy.
    """
    url = environ.get("CACHE_URL", "").strip()
    if not url:
        # Room for a long plan's rendered rows (measures/row_cache.py) beside the pages; the
        # default of 300 entries would let one plan page push out every other.
        memory = {"BACKEND": CACHE_BACKENDS["locmem"], "OPTIONS": {"MAX_ENTRIES": 10_000}}
        return {"default": memory}, False
    scheme = urlsplit(url).scheme
    if scheme not in CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"CACHE_URL: unknown scheme {scheme!r}; use redis://, rediss://, unix:// "
            "(Redis), locmem:// or dummy://"
        )
    backend = CACHE_BACKENDS[scheme]
    shared = backend.endswith("RedisCache")
    cache = {"BACKEND": backend, "KEY_PREFIX": environ.get("CACHE_KEY_PREFIX", "regionplan")}
    if shared:
        cache["LOCATION"] = url
    return {"default": cache}, shared
