"""The RSVP burst: 200 residents post the RSVP form at the same instant for a
forum with 100 seats, then confirm from their emailed links at the same instant
(the moment seats are taken), against gunicorn on a throwaway PostgreSQL server."""

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
                  for s in ("pending", "confirmed", "waitlisted", "cancelled")}}))
"""

# The link each resident's email carries, read where the mail queue renders it.
MANAGE_LINKS = """
import json
from django.urls import reverse
from forums.models import RSVP
rsvps = RSVP.objects.filter(forum__slug="burst-forum")
print(json.dumps({{r.email: reverse("forums:rsvp_manage", args=[r.manage_token()])
                  for r in rsvps}}))
"""

FORM = {
    "phone": "",
    "language": "en",
    "party_size": "1",
    "interpretation_language": "",
    "childcare_children": "0",
    "access_needs": "",
    "other_needs": "",
}

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def one_post(n, url, barrier, outcomes, fields):
    """GET ``url`` for its CSRF token, wait for everyone, then POST ``fields``."""
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
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    try:
        barrier.wait(300)
        opener.open(request, timeout=300)
        outcomes[n] = "200 (form redisplayed)"
    except urllib.error.HTTPError as response:
        outcomes[n] = "ok" if response.code == 302 else f"HTTP {response.code}"
    except Exception as error:  # noqa: BLE001
        outcomes[n] = f"POST failed: {error}"


def all_at_once(urls, fields):
    """Every resident posts at the same instant; their outcomes by number."""
    outcomes = {}
    barrier = threading.Barrier(len(urls))
    threads = [
        threading.Thread(target=one_post, args=(n, url, barrier, outcomes, fields(n)))
        for n, url in enumerate(urls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


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

        def shell_json(script):
            return json.loads(
                subprocess.run(
                    [*shell, script],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout.splitlines()[-1]
            )

        def resident(n):
            return {
                **FORM,
                "name": f"Burst resident {n}",
                "email": f"burst{n}@example.org",
                "website": "",
            }

        # Threads let both workers take RSVPs at once, so they really compete.
        with Server(env, workers=2, threads=8):
            asked = all_at_once([url] * BURST, resident)
            links = shell_json(MANAGE_LINKS.format())
            base = f"http://127.0.0.1:{PORT}"
            started = time.monotonic()
            outcomes = all_at_once(
                [base + links.get(f"burst{n}@example.org", "/") for n in range(BURST)],
                lambda n: {**FORM, "name": f"Burst resident {n}"},
            )
            seconds = round(time.monotonic() - started, 1)
        outcomes = {
            n: f"{asked.get(n, 'lost')} {outcomes.get(n, 'lost')}" for n in range(BURST)
        }
        counted = shell_json(COUNT_RSVPS.format())
    finally:
        stop()
    failures = [value for value in outcomes.values() if value != "ok ok"]
    return {
        "residents": BURST,
        "seats": SEATS,
        "confirmed": counted["confirmed"],
        "waitlisted": counted["waitlisted"],
        "pending": counted["pending"],
        "errors": len(failures) + (BURST - len(outcomes)),
        "error_samples": sorted(set(failures))[:5],
        "seconds": seconds,
    }
