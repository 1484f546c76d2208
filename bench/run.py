"""``make bench``: load-test Engage under gunicorn with production settings.

1. A fresh SQLite database: migrate, the demo site, ``bench_data --scale``.
2. For each page, cold (DummyCache: nothing is ever cached, as if the cache
   were cleared before every request), miss (the page cache off, so every page
   is rendered, with the menu, settings and time zone cached) and warm (the
   production file cache, filled before measuring): wrk's requests per second
   and p50/p99 latency, the SQL queries of one request (a header only
   ``bench.settings`` adds), and each gunicorn worker's peak memory (VmHWM).
3. The RSVP burst against a throwaway PostgreSQL server: 200 residents post an
   RSVP at the same moment for a forum with 100 seats.

Prints a table and writes var/bench/results.json. Run as root on Debian: wrk
and PostgreSQL are installed with apt-get when missing.
"""

# ruff: noqa: S603, S607, S310  (a local tool running fixed commands and URLs)
import glob
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
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
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "55433"))
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
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=5)
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
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        return response.status, response.headers


def to_ms(value):
    """wrk's "1.23ms" in milliseconds; None when nothing completed."""
    match = re.match(r"([\d.]+)(us|ms|s|m)$", value or "")
    if match is None:
        return None
    number, unit = match.groups()
    return round(float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit], 2)


def wrk(path):
    result = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}",
            "--timeout",
            "30s",
            "--latency",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    text = result.stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)

    def percentile(name):
        found = re.search(rf"{name}%\s+(\S+)", text)
        if found is None:
            return None
        value = to_ms(found.group(1))
        return found.group(1) if value is None else value  # keep what wrk said

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50_ms": percentile("50"),
        "p99_ms": percentile("99"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def measure(env, mode):
    log(f"{mode} cache: {', '.join(name for name, _ in PAGES)}")
    rows = []
    with Server(env) as server:
        for name, path in PAGES:
            # Warm: fill the cache for both workers; cold: warm the code paths.
            for _ in range(4):
                status, headers = fetch(path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            row = {
                "mode": mode,
                "page": name,
                "path": path,
                "queries": int(headers.get("X-Engage-Queries", -1)),
            }
            if mode == "warm":
                # A query string no one asked for before: a page-cache miss with
                # the menu, settings and time zone already cached.
                _status, missed = fetch(f"{path}?bench-miss={time.time_ns()}")
                row["queries_page_miss"] = int(missed.get("X-Engage-Queries", -1))
            row.update(wrk(path))
            rows.append(row)
            print(
                f"    {name:15} {row['rps']:8.1f} req/s  queries {row['queries']}",
                flush=True,
            )
        memory = server.worker_peak_memory_mb()
    floor = rows[0]["rps"]
    for row in rows:
        row["of_healthz"] = round(row["rps"] / floor, 3) if floor else 0
        row["worker_peak_rss_mb"] = memory
    return rows


# The RSVP burst ----------------------------------------------------------------------

SETUP_FORUM = """
import datetime
from django.utils import timezone
from wagtail.models import Site
from forums.models import ForumIndexPage, ForumPage
home = Site.objects.get(is_default_site=True).root_page
index = ForumIndexPage(title="Burst", slug="burst")
home.add_child(instance=index)
index.save_revision().publish()
start = (timezone.now() + datetime.timedelta(days=7)).replace(second=0, microsecond=0)
forum = ForumPage(title="Burst forum", slug="burst-forum", start=start,
                  end=start + datetime.timedelta(hours=2), capacity={seats})
index.add_child(instance=forum)
forum.save_revision().publish()
print(forum.url)
"""

COUNT_RSVPS = """
import json
from forums.models import RSVP
rsvps = RSVP.objects.filter(forum__slug="burst-forum")
print(json.dumps({{s: rsvps.filter(status=s).count()
                  for s in ("confirmed", "waitlisted", "cancelled")}}))
"""

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def one_resident(n, url, barrier, outcomes):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), NoRedirect
    )
    try:
        page = opener.open(url, timeout=120).read().decode()
        token = TOKEN.search(page).group(1)
    except Exception as error:  # noqa: BLE001  (counted, not raised)
        barrier.abort()
        outcomes[n] = f"GET failed: {error}"
        return
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "name": f"Burst resident {n}",
            "email": f"burst{n}@example.org",
            "phone": "",
            "language": "en",
            "party_size": "1",
            "interpretation_language": "",
            "childcare_children": "0",
            "access_needs": "",
            "other_needs": "",
            "website": "",
        }
    ).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    try:
        barrier.wait(300)
        opener.open(request, timeout=300)
        outcomes[n] = "200 (form redisplayed)"
    except urllib.error.HTTPError as response:
        outcomes[n] = "ok" if response.code == 302 else f"HTTP {response.code}"
    except Exception as error:  # noqa: BLE001
        outcomes[n] = f"POST failed: {error}"


def start_postgres():
    ensure_apt(lambda: glob.glob("/usr/lib/postgresql/*/bin/initdb"), "postgresql")
    pgbin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    data = tempfile.mkdtemp(prefix="engage-bench-pg.")
    shutil.chown(data, "postgres", "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_postgres, f"{pgbin}/initdb", "-D", data, "-A", "trust", "-U", "postgres"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-p {PG_PORT} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c max_connections=200"
    )
    subprocess.run(
        [*as_postgres, f"{pgbin}/pg_ctl", "-D", data, "-w", "-l", f"{data}/log"]
        + ["-o", options, "start"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [*as_postgres, f"{pgbin}/createdb", "-h", "127.0.0.1", "-p", str(PG_PORT)]
        + ["engage"],
        check=True,
    )

    def stop():
        subprocess.run(
            [*as_postgres, f"{pgbin}/pg_ctl", "-D", data, "-m", "fast", "stop"],
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(data, ignore_errors=True)

    return stop


def burst():
    log(f"RSVP burst: {BURST} residents, {SEATS} seats, PostgreSQL")
    stop = start_postgres()
    try:
        env = base_env(f"postgres://postgres@127.0.0.1:{PG_PORT}/engage")
        env["ENGAGE_BENCH_RATE_LIMITS"] = "off"
        # Its own cache: Wagtail caches site root paths, and the SQLite run's
        # site ids mean nothing in this database.
        env["CACHE_DIR"] = str(OUT / "burst-cache")
        shutil.rmtree(env["CACHE_DIR"], ignore_errors=True)
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        shell = [PY, "manage.py", "shell", "-c"]
        path = subprocess.run(
            [*shell, SETUP_FORUM.format(seats=SEATS)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]  # after the shell's own "objects imported"
        url = f"http://127.0.0.1:{PORT}{path}"
        outcomes = {}
        barrier = threading.Barrier(BURST)
        # Threads let both workers take RSVPs at once, so they really compete.
        with Server(env, workers=2, threads=8):
            threads = [
                threading.Thread(target=one_resident, args=(n, url, barrier, outcomes))
                for n in range(BURST)
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = round(time.monotonic() - started, 1)
        counted = json.loads(
            subprocess.run(
                [*shell, COUNT_RSVPS.format()],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.splitlines()[-1]
        )
    finally:
        stop()
    failures = [value for value in outcomes.values() if value != "ok"]
    return {
        "residents": BURST,
        "seats": SEATS,
        "confirmed": counted["confirmed"],
        "waitlisted": counted["waitlisted"],
        "errors": len(failures) + (BURST - len(outcomes)),
        "error_samples": sorted(set(failures))[:5],
        "seconds": seconds,
    }


# Report ---------------------------------------------------------------------------


def table(rows, result):
    lines = [
        "| page | cache | req/s | of /healthz | p50 ms | p99 ms | SQL queries |"
        " queries on a page-cache miss |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['mode']} | {row['rps']:.1f} | "
            f"{row['of_healthz']:.0%} | {row['p50_ms']} | {row['p99_ms']} | "
            f"{row['queries']} | {row.get('queries_page_miss', '')} |"
        )
    memory = {row["mode"]: row["worker_peak_rss_mb"] for row in rows}
    lines.append("")
    lines.append(
        "Peak RSS per worker (MB): "
        + "; ".join(f"{mode}: {values}" for mode, values in memory.items())
    )
    lines.append(
        f"RSVP burst ({result['residents']} residents, {result['seats']} seats, "
        f"PostgreSQL): {result['confirmed']} confirmed, {result['waitlisted']} "
        f"waitlisted, {result['errors']} errors, in {result['seconds']}s"
    )
    return "\n".join(lines)


def targets(rows, result):
    misses = []
    for row in rows:
        if row["page"] == "healthz":
            continue
        queries = row.get("queries_page_miss", row["queries"])
        if queries > 10:
            misses.append(f"{row['page']} ({row['mode']}): {queries} queries")
        floor = 0.5 if row["mode"] == "warm" else 0.1
        if row["of_healthz"] < floor:
            misses.append(
                f"{row['page']} ({row['mode']}): {row['of_healthz']:.0%} of /healthz"
                f" (target {floor:.0%})"
            )
    wanted = (SEATS, BURST - SEATS, 0)
    if (result["confirmed"], result["waitlisted"], result["errors"]) != wanted:
        misses.append("RSVP burst: not exactly 100 confirmed, 100 waitlisted, 0 errors")
    return misses


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    if os.environ.get("BENCH_ONLY") == "burst":
        result = burst()
        print(json.dumps(result, indent=2))
        (OUT / "burst.json").write_text(json.dumps(result, indent=2))
        return
    ensure_apt(lambda: shutil.which("wrk"), "wrk")
    database = OUT / "bench.sqlite3"
    shutil.rmtree(OUT / "cache", ignore_errors=True)
    env = base_env(f"sqlite:///{database}")
    started = time.monotonic()
    if os.environ.get("BENCH_REUSE_DB") and database.exists():
        log(f"Reusing {database}")
    else:
        database.unlink(missing_ok=True)
        log(f"Fresh SQLite database with the demo and benchmark data (scale {SCALE})")
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "load_demo")
        manage(env, "bench_data", "--scale", SCALE)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    rows = measure({**env, "ENGAGE_BENCH_CACHE": "dummy"}, "cold")
    shutil.rmtree(OUT / "cache", ignore_errors=True)
    rows += measure({**env, "ENGAGE_BENCH_CACHE": "no-pages"}, "miss")
    shutil.rmtree(OUT / "cache", ignore_errors=True)
    rows += measure(env, "warm")
    # Kept even if the burst fails.
    (OUT / "pages.json").write_text(json.dumps(rows, indent=2))
    result = burst()
    report = table(rows, result)
    misses = targets(rows, result)
    print("\n" + report + "\n")
    print("Targets missed:\n  " + "\n  ".join(misses) if misses else "All targets met.")
    (OUT / "results.json").write_text(
        json.dumps(
            {
                "scale": SCALE,
                "wrk": {
                    "threads": THREADS,
                    "connections": CONNECTIONS,
                    "duration": DURATION,
                },
                "cpus": os.cpu_count(),
                "load_average_at_end": os.getloadavg(),
                "pages": rows,
                "burst": result,
                "targets_missed": misses,
                "seconds": round(time.monotonic() - started),
            },
            indent=2,
        )
    )
    (OUT / "results.md").write_text(report + "\n")
    log(f"Saved {OUT / 'results.json'}")


if __name__ == "__main__":
    sys.exit(main())
