"""HTTP load test of issue 6 (not a test): the app under gunicorn on 127.0.0.1, driven by locust, headless.

On the province database of `bench_province.py` (built there if missing; SQLite or PostgreSQL) it
1. gives one generated zone officer (of the median zone) a known password and checks, with Django's test
   client, that every page of the run answers 200 for that user;
2. collects the static files into var/bench/static and starts gunicorn (config.wsgi, a free port on
   127.0.0.1, 3 workers) with production settings (DEBUG off), except HTTPS redirects, secure cookies, HSTS
   and login throttling, which a plain-HTTP local run cannot use;
3. runs locust headless: 20 users for 60 s over the project list, project detail, the zone cockpit and the
   REST API's project list with the session (skipped while /api/v1/projects/ answers 404), no think time;
4. runs 20 users for 60 s against /healthz (one `SELECT 1`) — the ceiling of this server on this machine;
5. prints requests per second, p50, p99 and errors per run (errors must be 0: the script fails otherwise).

    .venv/bin/python scripts/loadtest.py sqlite
    .venv/bin/python scripts/loadtest.py postgresql
    LOADTEST_SECONDS=20 .venv/bin/python scripts/loadtest.py sqlite    # a shorter run
"""

import csv
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_province  # noqa: E402  (chooses the database from argv)

ROOT = bench_province.ROOT
BIN = Path(sys.executable).parent
USERS = 20
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "3"))
PASSWORD = "loadtest-zhaoshang-2026"
OUT = ROOT / "var" / "bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare() -> dict:
    bench_province.ensure_database()
    import django

    django.setup()
    from django.test import Client

    from zhaoshang.accounts.models import Role, User
    from zhaoshang.demo.province import generated_zones
    from zhaoshang.projects.models import Project

    zone_id = bench_province.median_zone(generated_zones())
    user = User.objects.filter(zone_id=zone_id, role=Role.OFFICER, is_active=True).order_by("username").first()
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    projects = list(Project.objects.filter(zone_id=zone_id).order_by("?").values_list("pk", flat=True)[:200])
    active = Project.objects.filter(zone_id=zone_id, status="active").count()
    pages = max(1, min(40, active // 25))
    client = Client()
    client.force_login(user)
    for url in ("/projects/?status=active&page=1", f"/projects/?status=active&page={pages}",
                f"/projects/{projects[0]}/", f"/cockpit/zone/{zone_id}/"):
        status = client.get(url).status_code
        assert status == 200, f"{url} answers {status} for {user.username}"
    api_pages = 1
    response = client.get("/api/v1/projects/?page=1")
    if response.status_code != 404:  # the API's own page size, whatever it is
        assert response.status_code == 200, f"/api/v1/projects/ answers {response.status_code}"
        body = response.json()
        api_pages = max(1, min(40, -(-body["count"] // max(1, len(body["results"])))))
    return {"user": user.username, "zone": zone_id, "projects": projects, "pages": pages, "api_pages": api_pages}


def server_env(port: int) -> dict:
    env = dict(os.environ)
    env.update(DEBUG="false", ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false",
               SECURE_HSTS_SECONDS="0", AXES_ENABLED="false", STATIC_ROOT=str(OUT / "static"),
               DATABASE_URL=os.environ["DATABASE_URL"], DJANGO_SETTINGS_MODULE="config.settings")
    return env


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def api_exists(host: str) -> bool:
    try:
        urllib.request.urlopen(f"{host}/api/v1/projects/?page=1", timeout=10)
    except urllib.error.HTTPError as error:
        return error.code != 404
    return True


def locust(host: str, user_class: str, label: str, env: dict) -> dict:
    prefix = OUT / f"locust_{bench_province.KIND}_{label}"
    subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "scripts" / "locustfile.py"), "--headless",
                    "-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS}s", "--host", host, "--only-summary",
                    "--csv", str(prefix), "--loglevel", "WARNING", user_class], env=env, check=False,
                   stdout=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_name = {row["Name"]: row for row in rows}
    return {"total": by_name["Aggregated"], "rows": [row for row in rows if row["Name"] != "Aggregated"]}


def main() -> None:
    setup = prepare()
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    env = server_env(port)
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], env=env,
                   check=True)
    server = subprocess.Popen([str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(WORKERS),
                               "--timeout", "120", "--log-level", "warning"], cwd=ROOT, env=env,
                              start_new_session=True)
    try:
        wait_for(f"{host}/healthz")
        api = api_exists(host)
        locust_env = dict(env, LOADTEST_USER=setup["user"], LOADTEST_PASSWORD=PASSWORD, LOADTEST_ZONE=str(setup["zone"]),
                          LOADTEST_PROJECTS=",".join(map(str, setup["projects"])), LOADTEST_PAGES=str(setup["pages"]),
                          LOADTEST_API_PAGES=str(setup["api_pages"]),
                          LOADTEST_API="1" if api else "0")
        app = locust(host, "ZoneOfficer", "app", locust_env)
        ceiling = locust(host, "Ceiling", "ceiling", locust_env)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"\n{bench_province.KIND}: gunicorn {WORKERS} workers on {host}, locust {USERS} users × {SECONDS} s, "
          f"no think time; user {setup['user']} (zone {setup['zone']}); API {'on' if api else 'absent (404): skipped'}")
    print(f"  {'run':<44} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
    failed = 0
    for label, result in (("app", app), ("ceiling /healthz", ceiling)):
        for row in result["rows"] + [result["total"]]:
            name = f"{label}: {row['Name']}" if row is not result["total"] else f"{label} (all)"
            print(f"  {name[:44]:<44} {int(row['Request Count']):>8} {float(row['Requests/s']):>7.1f} "
                  f"{row['50%']:>7} {row['99%']:>7} {row['Failure Count']:>6}")
        failed += int(result["total"]["Failure Count"])
    if failed:
        sys.exit(f"{failed} requests failed (see {OUT}/locust_*_failures.csv)")


if __name__ == "__main__":
    main()
