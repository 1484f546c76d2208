"""Forum night: the pages browsed under wrk while residents answer the survey on
their phones (one response a second, over HTTP as a phone sends it) and staff
add an RSVP at the door every five seconds (``manage.py bench_forum_night``).
wrk counts the page cache's answers (``X-Engage-Cache``), so the run shows how
much of the browsing the cache still serves while the rows keep changing."""

# ruff: noqa: S603, S607, S310  (a local tool running fixed commands and URLs)
import http.cookiejar
import json
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from bench.common import OUT, PORT, PY, ROOT, log

SURVEY_PATH = "/en/bench/bench-survey/"
RESPONSE_EVERY, RSVP_EVERY = 1.0, 5.0

# A valid answer to every question of the benchmark survey: the first choice,
# or 1 on a scale, a rating and yes/no.
SURVEY_FORM = """
import json
from surveys.forms import SurveyForm
from surveys.models import SurveyPage
survey = SurveyPage.objects.get(slug="bench-survey")
data = {}
for question in survey.asked_questions():
    choices = [str(choice.pk) for choice in question.choices.all()]
    value = choices[:1] if question.kind == "multiple" else (choices or ["1"])[0]
    data[SurveyForm.field_name(question)] = value
print(json.dumps(data))
"""

# wrk runs one Lua state per thread; done() adds up what each thread counted.
COUNT_CACHE = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) hit, miss, other = 0, 0, 0 end
function response(status, headers, body)
  local seen = headers["X-Engage-Cache"] or headers["x-engage-cache"]
  if seen == "hit" then hit = hit + 1
  elseif seen == "miss" then miss = miss + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, t in ipairs(threads) do
    h = h + t:get("hit"); m = m + t:get("miss"); o = o + t:get("other")
  end
  io.write(string.format("engage-cache hit=%d miss=%d none=%d\\n", h, m, o))
end
"""
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def count_script():
    path = OUT / "count_cache.lua"
    path.write_text(COUNT_CACHE)
    return str(path)


def parse_counts(text):
    """The page cache's hits, misses and uncached answers wrk counted."""
    found = re.search(r"engage-cache hit=(\d+) miss=(\d+) none=(\d+)", text)
    hit, miss, other = map(int, found.groups()) if found else (0, 0, 0)
    return {
        "cache_hits": hit,
        "cache_misses": miss,
        # Of all answers, uncached ones included; none for /healthz, never cached.
        "cache_hit_rate": round(hit / (hit + miss + other), 4) if hit + miss else None,
    }


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def answer_once(url, data):
    """One phone: its own cookies (no "already answered" cookie yet), the page
    for a CSRF token, then the answers. True when the response was taken."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), NoRedirect
    )
    page = opener.open(url, timeout=60).read().decode()
    body = {**data, "csrfmiddlewaretoken": TOKEN.search(page).group(1)}
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(body, doseq=True).encode()
    )
    request.add_header("Referer", url)
    try:
        opener.open(request, timeout=60)
    except urllib.error.HTTPError as response:
        return response.code == 302
    return False  # the form came back with an error


class ForumNight:
    """Survey responses over HTTP and RSVPs through the service, from entering
    the block until leaving it; ``tally`` says how many went in."""

    def __init__(self, env):
        self.env = env
        self.tally = {"responses": 0, "response_errors": 0}
        self.stop = threading.Event()

    def __enter__(self):
        shell = [PY, "manage.py", "shell", "-c", SURVEY_FORM]
        found = subprocess.run(
            shell, cwd=ROOT, env=self.env, check=True, capture_output=True, text=True
        )
        data = json.loads(found.stdout.splitlines()[-1])
        url = f"http://127.0.0.1:{PORT}{SURVEY_PATH}"
        self.poster = threading.Thread(target=self.answer, args=(url, data))
        self.door = subprocess.Popen(
            [PY, "manage.py", "bench_forum_night", "--every", str(RSVP_EVERY)],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.door.stdout.readline()  # Django takes seconds to start on a busy machine
        self.poster.start()
        log(
            f"Forum night: a survey response every {RESPONSE_EVERY:g}s, an RSVP "
            f"every {RSVP_EVERY:g}s"
        )
        return self

    def answer(self, url, data):
        due = time.monotonic()
        while not self.stop.wait(max(0.0, due - time.monotonic())):
            due += RESPONSE_EVERY
            try:
                taken = answer_once(url, data)
            except (OSError, AttributeError):  # no page, or no token on it
                taken = False
            self.tally["responses" if taken else "response_errors"] += 1

    def __exit__(self, *exc):
        self.stop.set()
        self.poster.join()
        self.door.terminate()
        out, _err = self.door.communicate(timeout=60)
        lines = out.strip().splitlines()
        self.tally.update(json.loads(lines[-1]) if lines else {"rsvps": None})
