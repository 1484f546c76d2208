"""The production topology's tests run only inside ``.ci/topology`` (``make
topology``), which starts the servers they drive and sets ENGAGE_TOPOLOGY;
anywhere else, ``make test`` included, they are not even collected.

The stage gives them, in the environment: the production settings' own
variables (DATABASE_URL, REDIS_URL, MEDIA_ROOT, EMAIL_FILE_PATH, ...), the two
gunicorn addresses (TOPOLOGY_WEB), the two workers as ``id=pid`` pairs
(TOPOLOGY_WORKERS) and the folder of the servers' logs (TOPOLOGY_LOGS). The
test process uses the same database, cache and media folder as the servers.
"""

import email
import http.client
import http.cookies
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

collect_ignore_glob = [] if os.environ.get("ENGAGE_TOPOLOGY") else ["test_*.py"]
# The throughput measurement is for `make topology` only (TOPOLOGY_FULL=1).
if not os.environ.get("TOPOLOGY_FULL"):
    collect_ignore_glob.append("test_throughput.py")

# The public name both processes serve, as a load balancer would pass it on:
# the page cache keys on the host, so both must see the same one.
HOST = "engage.test"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
MESSAGE_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def web_addresses():
    return os.environ["TOPOLOGY_WEB"].split()


@dataclass
class Response:
    status: int
    headers: object
    body: bytes
    web: str

    @property
    def text(self):
        return self.body.decode()


@dataclass
class Visitor:
    """One browser at one client address: it keeps its own cookies by hand (the
    production cookies are Secure, and the stage talks plain HTTP to gunicorn)
    and names its address in X-Forwarded-For, as the one trusted proxy would."""

    address: str = "198.51.100.1"
    cookies: dict = field(default_factory=dict)

    def request(self, web, path, method="GET", data=None):
        url = urllib.parse.urlsplit(web)
        headers = {"Host": HOST, "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(answer.status, answer.headers, content, web)

    def get(self, web, path):
        return self.request(web, path)

    def post_form(self, web, path, data):
        """GET the page for its CSRF token, then POST ``data`` with it."""
        page = self.get(web, path)
        token = TOKEN.search(page.text).group(1)
        return self.request(web, path, "POST", {"csrfmiddlewaretoken": token, **data})


def sent_messages():
    """Every message the servers' file email backend wrote, parsed."""
    messages = []
    for path in sorted(Path(settings.EMAIL_FILE_PATH).glob("*.log")):
        for chunk in path.read_bytes().split(MESSAGE_SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.lstrip(b"\n")))
    return messages


def recipients(prefix):
    """How many messages each address starting with ``prefix`` received."""
    return Counter(
        message["To"]
        for message in sent_messages()
        if message["To"] and message["To"].startswith(prefix)
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")


class Workers:
    """The stage's task workers, and any this test run starts in their place."""

    def __init__(self):
        self.pids = dict(
            pair.split("=") for pair in os.environ["TOPOLOGY_WORKERS"].split()
        )
        self.started = []

    def kill(self, worker_id):
        """SIGKILL: the worker gets no chance to tidy anything up."""
        pid = int(self.pids.pop(worker_id))
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not Path(f"/proc/{pid}").exists(), 10, "the worker to die")

    def pause(self):
        """SIGSTOP every worker: alive, holding nothing, doing nothing."""
        for pid in self.pids.values():
            os.kill(int(pid), signal.SIGSTOP)

    def carry_on(self):
        for pid in self.pids.values():
            os.kill(int(pid), signal.SIGCONT)

    def start(self, worker_id):
        log = open(Path(os.environ["TOPOLOGY_LOGS"]) / f"{worker_id}.log", "ab")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--worker-id", worker_id]
            + ["--interval", "0.2", "--no-startup-delay"],
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.started.append((process, log))
        self.pids[worker_id] = str(process.pid)
        return process

    def stop_started(self):
        for process, log in self.started:
            process.terminate()
            process.wait(timeout=30)
            log.close()


@pytest.fixture(scope="session")
def live(django_db_blocker):
    """The stage's database itself, not a test copy: the servers use it too."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="session")
def workers():
    pool = Workers()
    yield pool
    pool.stop_started()


@pytest.fixture(scope="session")
def web():
    return web_addresses()
