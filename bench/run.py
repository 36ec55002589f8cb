"""Run the benchmarks and print their figures (not tests: nothing here asserts a time).

Usage: python bench/run.py [name ...]   (DATABASE_URL selects the database; a throwaway
SQLite file is used when it is unset)."""

import json
import os
import sys
import tempfile
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

BENCHES = [p.stem for p in sorted((ROOT / "bench").glob("bench_*.py"))]


def main(names: list[str]) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    _create_database()
    call_command("migrate", verbosity=0)
    for name in names or BENCHES:
        module = import_module(f"bench.{name}")
        print(name, json.dumps(module.run(), ensure_ascii=False))


def _create_database() -> None:
    """Create the PostgreSQL database named by DATABASE_URL when it does not exist."""
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    import psycopg2
    from psycopg2 import sql

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"], password=db["PASSWORD"]
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cur.fetchone() is None:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
    conn.close()


if __name__ == "__main__":
    main(sys.argv[1:])
