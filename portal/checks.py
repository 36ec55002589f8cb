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
