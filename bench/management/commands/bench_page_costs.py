"""What each benchmarked page costs this process to render on a page-cache miss:
CPU milliseconds per request and SQL queries, printed as JSON.

``make bench`` runs it on the scale-1 database and on one ten times larger, and
compares: a page whose cost grows with the data shows it here, without wrk's
noise.
"""

import json
import time

from django.core.management.base import BaseCommand
from django.test import Client
from django.test.utils import override_settings

from bench.common import PAGES


class Command(BaseCommand):
    help = "CPU time and queries of each benchmarked page on a page-cache miss."

    def add_arguments(self, parser):
        parser.add_argument(
            "--requests", type=int, default=20, help="Requests in each of 5 rounds."
        )

    def handle(self, *args, requests, **options):
        client = Client()
        costs = {}
        with override_settings(ENGAGE_PAGE_CACHE_SECONDS=0):
            for name, path in PAGES:
                # The menu, settings, time zone and site are read on the first
                # requests of a process, as in gunicorn's workers.
                for _ in range(3):
                    client.get(path, HTTP_HOST="127.0.0.1")
                response = client.get(path, HTTP_HOST="127.0.0.1")
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code}")
                # The quickest of five rounds: what the page costs, less what
                # anything else on the machine took from the process meanwhile.
                rounds = []
                for _ in range(5):
                    started = time.process_time()
                    for _ in range(requests):
                        client.get(path, HTTP_HOST="127.0.0.1")
                    rounds.append((time.process_time() - started) / requests)
                cpu_ms = min(rounds) * 1000
                costs[name] = {
                    "cpu_ms": round(cpu_ms, 2),
                    # Counted by bench.middleware, as the served pages' header.
                    "queries": int(response["X-Engage-Queries"]),
                }
        self.stdout.write(json.dumps(costs))
