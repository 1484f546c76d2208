"""The RSVP burst: 200 residents post an RSVP at the same instant for a forum
with 100 seats, against gunicorn on a throwaway PostgreSQL server."""

# ruff: noqa: S603, S607, S310  (a local tool running fixed commands and URLs)
import glob
import http.cookiejar
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from bench.common import (
    BURST,
    OUT,
    PG_PORT,
    PORT,
    PY,
    ROOT,
    SEATS,
    Server,
    base_env,
    ensure_apt,
    log,
    manage,
)

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
