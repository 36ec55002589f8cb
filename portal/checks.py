"""Deployment checks of our own (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

# The first words of .env.example's SECRET_KEY line: a copied file that was never edited.
PLACEHOLDER_PREFIXES = ("replace-with-", "change-me", "changeme")


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key_is_not_a_placeholder(app_configs, **kwargs):
    key = str(getattr(settings, "SECRET_KEY", "") or "")
    if key.lower().startswith(PLACEHOLDER_PREFIXES):
        return [
            checks.Error(
                "SECRET_KEY is still the placeholder from .env.example.",
                hint="Set SECRET_KEY in .env to a long random value, e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                id="portal.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_email_security(app_configs, **kwargs):
    errors = []
    if settings.EMAIL_USE_TLS and settings.EMAIL_USE_SSL:
        errors.append(
            checks.Error(
                "EMAIL_USE_TLS and EMAIL_USE_SSL are both on; a mail server takes one of them.",
                hint="Port 465: EMAIL_USE_SSL=1. Port 587: EMAIL_USE_TLS=1.",
                id="portal.E002",
            )
        )
    if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend") and not settings.EMAIL_TIMEOUT:
        errors.append(
            checks.Error(
                "EMAIL_TIMEOUT is not set: a mail server that does not answer would hang a worker.",
                hint="Set EMAIL_TIMEOUT (seconds).",
                id="portal.E003",
            )
        )
    return errors


LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


@checks.register(checks.Tags.security, deploy=True)
def check_site_url_is_the_public_address(app_configs, **kwargs):
    """Letters print addresses on this site from SITE_URL (a citizen types them from paper),
    and the site check tells this site's links from others' by it."""
    from urllib.parse import urlsplit

    url = urlsplit(settings.SITE_URL)
    if not url.hostname or url.hostname in LOOPBACK_HOSTS:
        return [
            checks.Error(
                f"SITE_URL is {settings.SITE_URL!r}, not the portal's public address: letters would print "
                "links that lead nowhere.",
                hint="Set SITE_URL in .env to the address citizens use, e.g. https://gkzl.example.gov.cn.",
                id="portal.E004",
            )
        ]
    problems = []
    if url.scheme != "https":
        problems.append(
            checks.Warning(
                f"SITE_URL {settings.SITE_URL!r} is not https: letters would print an address the site redirects from.",
                hint="Use the https:// address.",
                id="portal.W001",
            )
        )
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS]
    if "*" not in hosts and not any(url.hostname == h or url.hostname.endswith("." + h) for h in hosts):
        problems.append(
            checks.Warning(
                f"SITE_URL's host {url.hostname!r} is not in ALLOWED_HOSTS: the address letters print "
                "would be refused (400).",
                hint="Add it to ALLOWED_HOSTS.",
                id="portal.W002",
            )
        )
    return problems
