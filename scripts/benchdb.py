"""A throwaway database for a benchmark script (Django must be set up first): the test machinery creates it
beside the configured one and drops it afterwards, so a benchmark never touches real data."""

import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def throwaway_database():
    from django.conf import settings
    from django.db import connection

    settings.JOBS_EAGER = True  # run each job here, in this process, as soon as it is queued
    if connection.vendor == "sqlite":
        # A file, not the in-memory test default, so the timing includes the disk as in use.
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
