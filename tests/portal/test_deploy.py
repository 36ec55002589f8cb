"""The production setup. No Docker engine runs here, so the compose file is parsed."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_has_the_production_services():
    services = compose()["services"]
    assert {"db", "redis", "web", "worker", "beat", "migrate"} <= set(services)
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert set(compose()["volumes"]) >= {"pgdata", "redisdata", "media"}


def test_compose_commands():
    services = compose()["services"]
    assert services["web"]["command"][0] == "gunicorn"
    assert "portal.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "portal", "beat"]
    # Exactly one beat.
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    beats = [n for n, s in services.items() if " beat" in " ".join(map(str, s.get("command", [])))]
    assert beats == ["beat"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://redis:6379")


def test_dockerfile_and_env_example_exist():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "fonts-noto-cjk" in dockerfile and "collectstatic" in dockerfile
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for var in ("SECRET_KEY", "POSTGRES_PASSWORD", "ALLOWED_HOSTS", "EMAIL_HOST"):
        assert f"{var}=" in example


def test_whitenoise_manifest_storage_in_production():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django;django.setup();from django.conf import settings;"
            "print(settings.STORAGES['staticfiles']['BACKEND'])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_check_deploy_is_clean_with_debug_off():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "gkzl.example.gov.cn",
        "SITE_URL": "https://gkzl.example.gov.cn",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_mode_runs_tasks_eagerly_without_redis():
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL"}}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="portal.settings")
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django;django.setup();from django.conf import settings;"
            "print(settings.CELERY_TASK_ALWAYS_EAGER, settings.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["True", "django.core.cache.backends.locmem.LocMemCache"]


def test_without_secret_key_the_key_is_random_private_and_stable(tmp_path):
    """Audit: no public fallback key; an unset SECRET_KEY gives a random key kept in a
    private file, the same for every process of the host."""
    key_file = tmp_path / "secret"
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DEBUG="0", DJANGO_SETTINGS_MODULE="portal.settings", SECRET_KEY_FILE=str(key_file))
    code = "import django;django.setup();from django.conf import settings;print(settings.SECRET_KEY)"
    keys = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert keys[0] == keys[1] and len(keys[0]) >= 50
    assert "insecure" not in keys[0]
    assert key_file.read_text().strip() == keys[0]
    assert key_file.stat().st_mode & 0o077 == 0
