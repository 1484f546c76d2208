"""The production topology, proven over HTTP: two gunicorn processes with the
production settings and two task workers, on one PostgreSQL, one Redis and one
media folder, as ``.ci/topology`` starts them (see tests/topology/conftest.py).

Visitors alternate between the two processes; this test process is a third
one on the same database and cache, like an organizer's admin session on a
third machine."""

import datetime
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from engage.media import PUBLIC_CACHE_CONTROL
from engage.models import User
from engage.page_cache import HEADER
from forums.models import RSVP, RSVPStatus
from outcomes.models import Delivery, DeliveryStatus, DepartmentMember, Distribution
from outcomes.sending import (
    INTERRUPTED_ERROR,
    SENDING_LEASE,
    create_distribution,
    resume_distributions,
)
from outcomes.sending import send_distribution as send_task
from tests.factories.forums import make_forum, make_index, rsvp_data
from tests.factories.outcomes import make_members, make_summary, past_forum
from tests.helpers import login_redirect, totp_code
from tests.snapshots import build_home

from .conftest import Visitor, recipients, sent_messages, wait_for

pytestmark = [pytest.mark.topology, pytest.mark.usefixtures("live")]

FORM_LIMIT = 10  # ENGAGE_RATE_LIMITS' "forms" rule: 10 POSTs a minute


@pytest.fixture(scope="module")
def forums(live):
    return make_index(build_home(), slug="forums")


def in_parallel(count, action):
    """Run ``action(n)`` for n in range(count) at the same instant."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(n):
        barrier.wait(60)
        results[n] = action(n)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    return results


def test_cached_pages_are_shared_and_a_publish_refreshes_both(web, forums):
    first, second = web
    visitor = Visitor()
    forum = make_forum(forums, title="Riverside forum", slug="riverside", capacity=10)
    path = forum.url
    miss = visitor.get(first, path)
    assert (miss.status, miss.headers[HEADER]) == (200, "miss")
    # The other process serves the copy the first one stored.
    hit = Visitor().get(second, path)
    assert (hit.status, hit.headers[HEADER]) == (200, "hit")
    assert "Riverside forum" in hit.text
    assert "10 seats left" in hit.text

    # An RSVP asked for and then confirmed from its emailed link through the
    # first process: the second shows the seat gone at once.
    resident = Visitor(address="198.51.100.200")
    assert resident.post_form(first, path, rsvp_data()).status == 302
    assert Visitor().get(second, path).headers[HEADER] == "hit"  # nothing held yet
    confirmed = resident.post_form(first, manage_path(forum, "ana@example.org"), FORM)
    assert confirmed.status == 302
    fresh = Visitor().get(second, path)
    assert (fresh.status, fresh.headers[HEADER]) == (200, "miss")
    assert "9 seats left" in fresh.text

    forum.title = "Riverside forum, new room"
    forum.save_revision().publish()
    for base in (second, first):
        fresh = Visitor().get(base, path)
        assert fresh.status == 200
        assert "Riverside forum, new room" in fresh.text
    assert Visitor().get(second, path).headers[HEADER] == "hit"


def test_a_page_unpublished_in_the_admin_of_one_process_is_gone_from_the_other(
    web, forums
):
    """An organizer signs in (password and authenticator code) and unpublishes a
    forum through one gunicorn process; the other stops serving its cached copy
    at once."""
    first, second = web
    forum = make_forum(forums, title="Hillside forum", slug="hillside", capacity=10)
    path = forum.url
    assert Visitor().get(second, path).status == 200
    assert Visitor().get(second, path).headers[HEADER] == "hit"

    password = "a-long-organizer-password"
    organizer = User.objects.create_user(
        "hillside-organizer", "hillside@example.org", password, is_staff=True
    )
    organizer.is_superuser = True
    organizer.save()
    EmailAddress.objects.create(
        user=organizer, email=organizer.email, verified=True, primary=True
    )
    secret = generate_totp_secret()
    TOTP.activate(organizer, secret)

    browser = Visitor(address="198.51.100.77")
    signed_in = browser.post_form(
        first,
        reverse("account_login") + "?next=/admin/",
        {"login": organizer.email, "password": password},
    )
    assert (signed_in.status, signed_in.headers["Location"]) == (
        302,
        reverse("mfa_authenticate"),
    )
    second_factor = browser.post_form(
        first, reverse("mfa_authenticate"), {"code": totp_code(secret)}
    )
    assert (second_factor.status, second_factor.headers["Location"]) == (
        302,
        "/admin/",
    )
    unpublished = browser.post_form(
        first, reverse("wagtailadmin_pages:unpublish", args=[forum.pk]), {}
    )
    assert unpublished.status == 302

    assert Visitor().get(second, path).status == 404
    assert Visitor().get(first, path).status == 404


def wait_for_a_fresh_minute():
    """Rate limits count in windows starting on the minute: stay inside one."""
    if time.time() % 60 > 40:
        time.sleep(60 - time.time() % 60 + 0.5)


def test_the_form_limit_is_exact_and_shared_by_both_processes(web, forums):
    forum = make_forum(forums, title="Rate forum", slug="rate", capacity=200)
    visitor = Visitor(address="203.0.113.10")
    page = visitor.get(web[0], forum.url)
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    wait_for_a_fresh_minute()

    def post(n):
        data = rsvp_data(email=f"rate{n}@example.org", name=f"Rate {n}")
        data["csrfmiddlewaretoken"] = token
        return visitor.request(web[n % 2], forum.url, "POST", data)

    responses = in_parallel(40, post)
    through = [r for r in responses if r.status == 302]
    refused = [r for r in responses if r.status == 429]
    assert (len(through), len(refused)) == (FORM_LIMIT, 40 - FORM_LIMIT)
    # Each process alone would have let 10 through: they count together.
    assert {r.web for r in refused} == set(web)
    assert RSVP.objects.filter(forum=forum).count() == FORM_LIMIT


def manage_path(forum, email):
    """The link emailed to ``email`` about its RSVP, read where the mail queue
    would render it from."""
    rsvp = RSVP.objects.get(forum=forum, email=email)
    return reverse("forums:rsvp_manage", args=[rsvp.manage_token()])


# The manage form, as a resident confirms it with the details they typed.
FORM = {
    k: v for k, v in rsvp_data(language="en").items() if k not in ("email", "website")
}


def test_rsvp_capacity_holds_across_both_processes(web, forums):
    forum = make_forum(forums, title="Small room", slug="small-room", capacity=15)
    for n in range(40):
        Visitor(address=f"198.51.100.{n + 10}").post_form(
            web[n % 2],
            forum.url,
            rsvp_data(email=f"seat{n}@example.org", name=f"Seat {n}"),
        )
    assert RSVP.objects.filter(forum=forum, status=RSVPStatus.PENDING).count() == 40
    links = [manage_path(forum, f"seat{n}@example.org") for n in range(40)]

    def resident(n):
        visitor = Visitor(address=f"198.51.100.{n + 10}")
        return visitor.post_form(web[n % 2], links[n], FORM)

    responses = in_parallel(40, resident)
    assert [r.status for r in responses] == [302] * 40
    rsvps = RSVP.objects.filter(forum=forum)
    assert rsvps.filter(status=RSVPStatus.CONFIRMED).count() == 15
    assert rsvps.filter(status=RSVPStatus.WAITLISTED).count() == 25
    assert {r.web for r in responses} == set(web)


def distribution_tasks(distribution):
    return DBTaskResult.objects.filter(
        task_path=send_task.module_path, args_kwargs__args=[distribution.pk]
    )


def test_a_distribution_to_1000_members_sends_each_exactly_once(web, forums):
    make_members(1000, prefix="once")
    summary = make_summary(past_forum(forums, 3, slug="once-forum"))
    distribution = create_distribution(summary)
    # The organizer's "send pending" button: a second run competes for rows.
    send_task.enqueue(distribution.pk)
    wait_for(
        lambda: Distribution.objects.get(pk=distribution.pk).status == "completed",
        240,
        "the distribution to complete",
    )
    received = recipients("once")
    assert len(received) == 1000
    assert set(received.values()) == {1}
    deliveries = Delivery.objects.filter(distribution=distribution)
    assert deliveries.filter(status=DeliveryStatus.SENT).count() == 1000
    runs = distribution_tasks(distribution).filter(status="SUCCESSFUL")
    assert runs.count() == 2
    # Both workers took part, and between them sent each member one copy.
    assert {result.worker_ids[-1] for result in runs} == {"topology-1", "topology-2"}
    assert sum(result.return_value for result in runs) == 1000
    assert all(result.return_value > 0 for result in runs)


def test_a_killed_worker_leaves_nobody_a_second_copy_and_nobody_unaccounted(
    web, forums, workers
):
    DepartmentMember.objects.update(active=False)
    make_members(400, prefix="killed")
    summary = make_summary(past_forum(forums, 2, slug="killed-forum"))
    distribution = create_distribution(summary)
    deliveries = Delivery.objects.filter(distribution=distribution)
    wait_for(
        lambda: deliveries.filter(status=DeliveryStatus.SENT).count() >= 100,
        120,
        "the first 100 to be sent",
    )
    (running,) = distribution_tasks(distribution).filter(status="RUNNING")
    killed = running.worker_ids[-1]
    workers.kill(killed)
    sent_before = deliveries.filter(status=DeliveryStatus.SENT).count()
    assert sent_before < 400
    workers.start("topology-3")

    # Time passes: the dead worker's claims outlive their lease, and the
    # follow-up run it scheduled for then comes due.
    expired = timezone.now() - SENDING_LEASE - datetime.timedelta(minutes=1)
    deliveries.exclude(claim=None).update(claimed_at=expired)
    distribution_tasks(distribution).filter(status="READY").update(
        run_after=timezone.now()
    )
    wait_for(
        lambda: Distribution.objects.get(pk=distribution.pk).status == "completed",
        240,
        "a surviving worker to finish the distribution",
    )
    received = recipients("killed")
    addresses = set(
        DepartmentMember.objects.filter(email__startswith="killed").values_list(
            "email", flat=True
        )
    )
    assert len(addresses) == 400
    assert set(received) <= addresses
    assert set(received.values()) == {1}  # nobody got a second copy
    unconfirmed = set(
        deliveries.filter(
            status=DeliveryStatus.FAILED, last_error=INTERRUPTED_ERROR
        ).values_list("email", flat=True)
    )
    sent = set(
        deliveries.filter(status=DeliveryStatus.SENT).values_list("email", flat=True)
    )
    # At most the one message in the provider's hands when the worker died is
    # unconfirmed (shown to organizers, who may resend it); everyone else is
    # sent and has exactly one copy.
    assert len(unconfirmed) <= 1
    assert sent | unconfirmed == addresses
    assert sent <= set(received)
    assert len(received) in (399, 400)
    finisher = distribution_tasks(distribution).filter(status="SUCCESSFUL")
    assert killed not in {result.worker_ids[-1] for result in finisher}


def test_media_under_production_settings(web, live):
    first, second = web
    image = get_image_model().objects.create(
        title="Town hall", file=get_test_image_file()
    )
    rendition = image.get_rendition("width-100")
    response = Visitor().get(second, rendition.url)
    assert response.status == 200
    assert response.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL
    assert response.body == Path(rendition.file.path).read_bytes()
    assert Visitor().get(first, f"/media/{image.file.name}").status == 404

    Document = get_document_model()
    public = Document(title="Forum minutes")
    public.file.save("minutes.txt", ContentFile(b"public minutes"), save=True)
    response = Visitor().get(first, public.url)
    assert (response.status, response.body) == (200, b"public minutes")
    assert Visitor().get(second, f"/media/{public.file.name}").status == 404

    internal = Collection.get_first_root_node().add_child(name="Internal")
    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.LOGIN
    )
    private = Document(title="Draft policy", collection=internal)
    private.file.save("draft-policy.txt", ContentFile(b"internal draft"), save=True)
    refused = Visitor().get(second, private.url)
    assert refused.status == 302
    assert refused.headers["Location"] == login_redirect(private.url)
    assert b"internal draft" not in refused.body


def test_ready_until_the_workers_hang(web, workers):
    for base in web:
        answer = Visitor().get(base, "/readyz")
        assert answer.status == 200, answer.text
        assert json.loads(answer.body)["failed"] == []
    workers.pause()
    try:
        waiting = resume_distributions.enqueue()
        # Ten minutes pass with nobody taking it.
        DBTaskResult.objects.filter(pk=waiting.id).update(
            enqueued_at=timezone.now() - datetime.timedelta(minutes=10)
        )
        for base in web:
            answer = Visitor().get(base, "/readyz")
            assert answer.status == 503
            body = json.loads(answer.body)
            assert (body["failed"], body["database"], body["cache"]) == (
                ["tasks"],
                "ok",
                "ok",
            )
            assert body["tasks"].startswith(
                "failed: RuntimeError: the oldest pending task has waited 600 s"
            )
    finally:
        workers.carry_on()
    wait_for(
        lambda: DBTaskResult.objects.get(pk=waiting.id).status == "SUCCESSFUL",
        30,
        "the workers to take the task once they carry on",
    )
    assert Visitor().get(web[0], "/readyz").status == 200


def test_server_errors_reach_the_admins_through_the_real_backend(live):
    subprocess.run(
        [sys.executable, "manage.py", "sendtestemail", "--admins"],
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
    )
    admins = [m for m in sent_messages() if m["To"] == settings.ADMINS[0][1]]
    assert len(admins) == 1
    assert admins[0]["Subject"].startswith("[Engage] Test email from")


def test_access_log_has_no_query_strings_addresses_or_tokens(web):
    Visitor(address="203.0.113.77").get(web[0], "/en/search/?q=ana%40example.org")
    time.sleep(0.5)
    lines = []
    for log in Path(os.environ["TOPOLOGY_LOGS"]).glob("web-*.log"):
        lines += [
            json.loads(line)
            for line in log.read_text().splitlines()
            if line.startswith("{")
        ]
    paths = [line["path"] for line in lines]
    assert "/en/search/" in paths
    assert "/readyz" in paths
    text = json.dumps(lines)
    for private in ("?", "ana", "203.0.113", "198.51.100", "example.org"):
        assert private not in text
    assert {tuple(sorted(line)) for line in lines} == {
        ("bytes", "method", "ms", "path", "status", "time")
    }
