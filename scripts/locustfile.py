"""Locust users for `scripts/loadtest.py` (issue 6's HTTP load test); not meant to be run by hand.

`ZoneOfficer` logs in with the generated account `loadtest.py` gives it (LOADTEST_USER / LOADTEST_PASSWORD) and
then, without think time, reads the project list (filters, a random page), a project's detail page, the zone's
cockpit and — when the REST API exists (LOADTEST_API=1) — `/api/v1/projects/?page=N` with the same session.
`Ceiling` asks only for /healthz (one `SELECT 1`): the server's ceiling on this machine.
"""

import os
import random

import requests

from locust import HttpUser, constant, task

PROJECTS = [int(pk) for pk in os.environ.get("LOADTEST_PROJECTS", "").split(",") if pk]
ZONE = os.environ.get("LOADTEST_ZONE", "")
PAGES = int(os.environ.get("LOADTEST_PAGES", "20"))
API = os.environ.get("LOADTEST_API") == "1"
API_PAGES = int(os.environ.get("LOADTEST_API_PAGES", "1"))
WAIT = float(os.environ.get("LOADTEST_WAIT", "0"))


class ZoneOfficer(HttpUser):
    wait_time = constant(WAIT)

    def on_start(self):
        # Logged in outside locust's statistics: a login hashes the password (PBKDF2, ~0.3 s of CPU by design),
        # which is not what the run measures.
        session = requests.Session()
        session.get(f"{self.host}/accounts/login/")
        token = session.cookies.get("csrftoken")
        response = session.post(f"{self.host}/accounts/login/", allow_redirects=False, data={
            "username": os.environ["LOADTEST_USER"], "password": os.environ["LOADTEST_PASSWORD"],
            "csrfmiddlewaretoken": token}, headers={"X-CSRFToken": token, "Referer": f"{self.host}/accounts/login/"})
        if response.status_code != 302:
            raise RuntimeError(f"login failed: {response.status_code}")
        self.client.cookies.update(session.cookies)

    @task(3)
    def project_list(self):
        self.client.get(f"/projects/?status=active&page={random.randint(1, PAGES)}", name="/projects/?status&page")

    @task(3)
    def project_detail(self):
        self.client.get(f"/projects/{random.choice(PROJECTS)}/", name="/projects/[id]/")

    @task(1)
    def cockpit(self):
        self.client.get(f"/cockpit/zone/{ZONE}/", name="/cockpit/zone/[id]/")

    @task(2)
    def api_projects(self):
        if API:
            self.client.get(f"/api/v1/projects/?page={random.randint(1, API_PAGES)}", name="/api/v1/projects/?page")


class Ceiling(HttpUser):
    wait_time = constant(WAIT)

    @task
    def healthz(self):
        self.client.get("/healthz", name="/healthz")
