"""A real server with the demo site, and headless Chromium to drive it.

The server is `manage.py runserver` on its own SQLite file, a copy of the demo
database built once per run with the same steps as `make run`
(tests/demo_database.py), so what the browser sees is what a resident would
see. It writes email to files, which the journeys read back.
"""

import email
import email.policy
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "var" / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveSite:
    url: str
    env: dict
    mail_dir: Path
    _python: subprocess.Popen | None = field(default=None, repr=False)

    def manage(self, *args, input_text=None):
        """Run a management command against the server's database."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            input=input_text,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    def python(self, code):
        """Run Django code in the server's database; returns what it prints.
        One process runs every snippet (tests/browser/python_server.py)."""
        if self._python is None:
            self._python = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "tests.browser.python_server"],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        data = code.encode()
        self._python.stdin.write(f"{len(data)}\n".encode() + data)
        self._python.stdin.flush()
        header = self._python.stdout.readline()
        if not header:
            self._python = None
            raise RuntimeError("The snippet process exited; see its output above.")
        status, length = header.split()
        printed = self._python.stdout.read(int(length)).decode()
        if status != b"ok":
            raise RuntimeError(f"The snippet failed:\n{printed}")
        return printed

    def close(self):
        if self._python is not None:
            self._python.stdin.close()
            self._python.wait(timeout=10)
            self._python = None

    def emails(self):
        """Every message the server has sent so far, oldest first."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log"), key=os.path.getmtime):
            for chunk in path.read_bytes().split(MAIL_SEPARATOR):
                if chunk.strip():
                    messages.append(
                        email.message_from_bytes(chunk, policy=email.policy.default)
                    )
        return messages

    def emails_to(self, address):
        return [m for m in self.emails() if address in str(m["To"])]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The test server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"The test server did not answer {url} in {timeout}s")


@pytest.fixture(scope="session")
def live_site(tmp_path_factory, demo_database_files):
    base = tmp_path_factory.mktemp("live-site")
    mail_dir = base / "mail"
    mail_dir.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "engage.settings.dev",
        "DATABASE_URL": f"sqlite:///{base / 'db.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "MEDIA_ROOT": str(base / "media"),
        "PYTHONUNBUFFERED": "1",
        # Every simulated resident posts from 127.0.0.1.
        "RATE_LIMITS": "off",
    }
    port = _free_port()
    site = LiveSite(url=f"http://127.0.0.1:{port}", env=env, mail_dir=mail_dir)
    site.env["SITE_URL"] = site.url
    # The demo database this run built once (tests/demo_database.py), with the
    # demo administrator the journeys sign in as.
    demo_database_files.copy_to(base / "db.sqlite3", base / "media")
    site.python(
        "from cms.management.commands.load_demo import Command; "
        "Command().ensure_admin()"
    )
    log = (base / "server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(f"{site.url}/en/", process)
        yield site
    finally:
        site.close()
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: install it with "
            "`apt-get install chromium` or set CHROMIUM."
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_site):
    context = browser.new_context(
        base_url=live_site.url,
        viewport=dict(zip(("width", "height"), WIDTHS["desktop"], strict=True)),
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """`screenshot(page, "step")` saves the page at phone and desktop widths into
    var/screenshots/<test name>/, which the test run keeps."""
    folder = SCREENSHOTS / request.node.name.replace("[", "-").replace("]", "")
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        # The whole page is captured by growing the viewport to its height:
        # Chromium 156 with `full_page=True` leaves later clicks landing nowhere.
        original = page.viewport_size
        for label, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            full = page.evaluate("document.documentElement.scrollHeight")
            page.set_viewport_size({"width": width, "height": max(height, full)})
            page.screenshot(path=folder / f"{name}-{label}.png")
        page.set_viewport_size(original)

    return take


# Staff sign-in for the admin journeys ---------------------------------------------


def totp_code(secret, at=None):
    """The current RFC 6238 code (SHA-1, 6 digits, 30 s) for a base32 secret."""
    import base64
    import hashlib
    import hmac
    import struct

    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(
        base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


@dataclass
class StaffUser:
    email: str
    password: str
    secret: str


@pytest.fixture
def make_staff(live_site):
    """`make_staff("name", groups=[...])` creates a verified staff user in the
    server's database with a TOTP authenticator, and returns its credentials."""

    def make(name, groups=()):
        email = f"{name}@example.org"
        password = f"{name}-long-staff-password"
        secret = live_site.python(
            "from allauth.account.models import EmailAddress\n"
            "from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret\n"
            "from django.contrib.auth.models import Group\n"
            "from engage.models import User\n"
            f"user = User.objects.create_user({name!r}, {email!r}, {password!r},"
            " is_staff=True)\n"
            f"user.groups.set(Group.objects.filter(name__in={list(groups)!r}))\n"
            "EmailAddress.objects.create(user=user, email=user.email, verified=True,"
            " primary=True)\n"
            "secret = generate_totp_secret()\n"
            "TOTP.activate(user, secret)\n"
            "print(secret)\n"
        ).strip()
        return StaffUser(email=email, password=password, secret=secret)

    return make


@pytest.fixture
def staff_page(browser, live_site):
    """`staff_page(staff)` opens a new browser context and signs the user in to the
    admin through allauth's password and TOTP steps; returns the page on /admin/."""
    contexts = []

    def sign_in(staff):
        context = browser.new_context(
            base_url=live_site.url,
            viewport=dict(zip(("width", "height"), WIDTHS["desktop"], strict=True)),
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/admin/")
        page.fill("input[name=login]", staff.email)
        page.fill("input[name=password]", staff.password)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url("**/2fa/authenticate/**")
        page.fill("input[name=code]", totp_code(staff.secret))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url("**/admin/")
        return page

    yield sign_in
    for context in contexts:
        context.close()


def next_forum_taking_rsvps(page):
    """The address of the first forum on the home page (in the page's language)
    that has seats and an RSVP form: other tests add forums starting within the
    hour, whose RSVPs have closed."""
    cards = page.locator(
        "section.home-forums article.forum-card:not(.forum-card--cancelled)"
    ).filter(has_not_text="Completo")
    hrefs = [link.get_attribute("href") for link in cards.locator("h3 a").all()]
    for href in hrefs:
        if "rsvp-form" in page.request.get(href).text():
            return href
    raise AssertionError(f"No forum on the home page takes RSVPs: {hrefs}")
