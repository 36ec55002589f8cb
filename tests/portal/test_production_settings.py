"""Production settings from nothing: .env.example as shipped, check --deploy, the health
check, the image's ignore list."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def env_example() -> dict:
    out = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def check_deploy(**overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}}
    env.update(env_example())
    env.update(DJANGO_SETTINGS_MODULE="portal.settings", **overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_check_deploy_refuses_the_placeholder_secret_key():
    result = check_deploy()  # .env.example as shipped
    assert result.returncode != 0
    assert "portal.E001" in result.stdout + result.stderr


def test_check_deploy_clean_with_env_example_and_a_real_key():
    result = check_deploy(SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_tls_and_ssl_together():
    result = check_deploy(SECRET_KEY=secrets.token_urlsafe(50), EMAIL_USE_TLS="1")
    assert result.returncode != 0 and "portal.E002" in result.stdout + result.stderr


def test_env_example_mail_is_consistent():
    env = env_example()
    assert env["EMAIL_PORT"] == "465" and env["EMAIL_USE_SSL"] == "1" and env["EMAIL_USE_TLS"] == "0"
    assert int(env["EMAIL_TIMEOUT"]) > 0


def test_settings_read_the_mail_variables(settings):
    env = {
        **os.environ,
        "EMAIL_USE_SSL": "1",
        "EMAIL_TIMEOUT": "7",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django;django.setup();from django.conf import settings;"
            "print(settings.EMAIL_USE_SSL, settings.EMAIL_TIMEOUT)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["True", "7"]


@pytest.mark.django_db
def test_health_url_passes_with_env_example_hosts(client, settings):
    """What the compose healthcheck does: plain HTTP to 127.0.0.1, a host not in ALLOWED_HOSTS."""
    settings.ALLOWED_HOSTS = env_example()["ALLOWED_HOSTS"].split(",")
    settings.SECURE_SSL_REDIRECT = True
    check = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]["web"]["healthcheck"]
    url = check["test"][-1]
    assert url.startswith("http://127.0.0.1:8000/")
    path = url.removeprefix("http://127.0.0.1:8000")
    r = client.get(path, HTTP_HOST="127.0.0.1:8000")
    assert r.status_code == 200 and r.content == b"ok\n"
    # Every other page still refuses that host (the exemption is for the health URL only).
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code in (301, 400)


def test_dockerignore_keeps_secrets_caches_and_local_databases_out():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()}
    assert {
        ".secret_key",
        ".env",
        "db.sqlite3",
        "*.sqlite3",
        "__pycache__",
        "*.pyc",
        ".pytest_cache",
        "media",
        "test-artifacts",
    } <= ignored


def test_check_deploy_refuses_a_site_url_letters_cannot_print():
    key = secrets.token_urlsafe(50)
    for site_url, code in (
        ("http://127.0.0.1:8000", "portal.E004"),  # the default: SITE_URL never set
        ("http://gkzl.example.gov.cn", "portal.W001"),
        ("https://www.example.org", "portal.W002"),
    ):
        result = check_deploy(SECRET_KEY=key, SITE_URL=site_url)
        assert result.returncode != 0 and code in result.stdout + result.stderr, (site_url, result.stderr)
