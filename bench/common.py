"""What the page benchmark and the RSVP burst share: paths, ports, the
environment of the server under test, and the gunicorn it runs."""

# ruff: noqa: S603, S607, S310  (a local tool running fixed commands and URLs)
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT") or free_port())
# Below Linux's range of ports handed to outgoing connections (32768-60999).
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "25433"))
SCALE = os.environ.get("BENCH_SCALE", "1")
DURATION = os.environ.get("BENCH_DURATION", "5s")
THREADS, CONNECTIONS = 2, 16
BURST, SEATS = 200, 100

PAGES = [
    ("healthz", "/healthz"),
    ("home", "/en/"),
    ("forum index", "/en/bench-forums/"),
    ("forum page", "/en/bench-forums/bench-forum-1/"),
    ("calendar feed", "/en/calendar/forums.ics"),
    ("survey page", "/en/bench/bench-survey/"),
    ("survey results", "/en/bench/bench-survey/results/"),
    ("pledge index", "/en/bench-pledges/"),
    ("pledge page", "/en/bench-pledges/bench-pledge-1/"),
]


def log(message):
    print(f"==> {message}", flush=True)


def base_env(database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        CACHE_DIR=str(OUT / "cache"),
    )
    return env


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_apt(binary_check, package):
    if binary_check():
        return
    log(f"Installing {package} with apt-get")
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package]
    if subprocess.run(install, env=apt).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=apt, check=True)
        subprocess.run(install, env=apt, check=True)


# Serving ---------------------------------------------------------------------------


class Server:
    """gunicorn with production settings, stopped by its own pid."""

    def __init__(self, env, workers=2, threads=1):
        self.env = env
        self.args = [
            GUNICORN,
            "engage.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--backlog",
            "512",
            "--log-level",
            "warning",
        ]

    def __enter__(self):
        self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env)
        for _ in range(240):
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited: is port {PORT} free?")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=5)  # nosec B310: loopback
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise SystemExit("gunicorn did not start")

    def worker_peak_memory_mb(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        peaks = []
        for pid in children.read_text().split():
            status = Path(f"/proc/{pid}/status").read_text()
            kb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
            peaks.append(round(kb / 1024, 1))
        return peaks

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch(path):
    url = f"http://127.0.0.1:{PORT}{path}"
    with urllib.request.urlopen(url, timeout=60) as response:  # nosec B310: loopback
        response.read()
        return response.status, response.headers
