"""What the browser journey checks, through the admin forms as an office and an
organizer work: a deadline moved with a reason and an evidenced update show on
the public page, in the feed, in the open data and on the share picture, in
Spanish and in Arabic."""

import datetime
import hashlib
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from engage.templatetags.engage_tags import format_date
from pledges.models import CommitmentPage
from pledges.share_image import draw_commitment
from tests.factories.pledges import (
    CommitmentPageFactory,
    add_update_url,
    group_member,
    office_member,
    update_form,
)
from tests.pledges.admin_forms import commitment_form, edit_url

pytestmark = pytest.mark.django_db

MOVED = datetime.date(2027, 12, 31)
REASON = "The council moved the budget vote to next year."
NOTE = "The review board held its first public hearing."
EVIDENCE = "https://example.org/hearing-minutes"


def picture(client, commitment, code):
    with translation.override(code):
        url = reverse("pledges:commitment_share_image", args=[commitment.pk])
    response = client.get(url)
    assert response.status_code == 200
    return hashlib.sha256(b"".join(response.streaming_content)).hexdigest()


def test_moved_deadline_and_evidenced_update_reach_every_public_surface(
    client, pledge, today
):
    commitment = CommitmentPageFactory(
        parent=pledge,
        title="Use-of-force policy",
        target_date=datetime.date(2026, 11, 3),
    )
    before = {code: picture(client, commitment, code) for code in ("es", "ar")}

    client.force_login(office_member(pledge))
    draft = commitment_form(
        commitment,
        action="action-draft",
        target_date=MOVED.isoformat(),
        change_reason=REASON,
    )
    assert client.post(edit_url(commitment), draft).status_code == 302
    client.force_login(group_member("Moderators"))
    latest = CommitmentPage.objects.get(pk=commitment.pk)
    latest = latest.get_latest_revision_as_object()
    published = commitment_form(latest, change_reason=REASON)
    assert client.post(edit_url(commitment), published).status_code == 302
    client.force_login(office_member(pledge))
    update = update_form(
        today,
        percentage="55",
        explanation_en=NOTE,
        **{"evidence-0-url": EVIDENCE, "evidence-0-title_en": "Hearing minutes"},
    )
    assert client.post(add_update_url(commitment), update).status_code == 302
    client.logout()

    commitment = CommitmentPage.objects.with_progress().get(pk=commitment.pk)
    assert commitment.target_date == MOVED
    for code in ("es", "ar"):
        with translation.override(code):
            page_url = commitment.url
            moved = format_date(MOVED)
            feed_url = reverse("pledges:pledge_feed", args=[pledge.pk])
            progress_url = reverse("pledges:pledge_open_data", args=[pledge.pk, "json"])
            history_url = reverse("pledges:pledge_history", args=[pledge.pk, "json"])
            expected_picture = hashlib.sha256(
                draw_commitment(commitment, pledge, code).png()
            ).hexdigest()

        html = BeautifulSoup(client.get(page_url).content, "html.parser")
        assert html.html["lang"] == code
        changes = html.select_one("#changes").get_text(" ", strip=True)
        assert REASON in changes
        assert moved in changes
        assert NOTE in html.get_text()
        assert html.select_one(f'a[href="{EVIDENCE}"]') is not None
        last_row = html.select(".pledge-chart tbody tr")[-1]
        assert "55" in last_row.get_text()

        feed = client.get(feed_url).content.decode()
        assert REASON in feed
        assert NOTE in feed
        assert EVIDENCE in feed

        progress = json.loads(client.get(progress_url).content)["commitments"]
        record = next(r for r in progress if r["commitment_id"] == commitment.pk)
        assert (record["target_date"], record["percentage"]) == ("2027-12-31", 55)
        events = json.loads(client.get(history_url).content)["history"]
        amendments = [
            (e["term"], e["new_value"], e["reason"])
            for e in events
            if e["kind"] == "amendment" and e["commitment_id"] == commitment.pk
        ]
        assert amendments == [("target_date", "2027-12-31", REASON)]
        updates = [
            (e["new_percentage"], e["evidence_urls"])
            for e in events
            if e["explanation"] == NOTE
        ]
        assert updates == [(55, [EVIDENCE])]

        served = picture(client, commitment, code)
        assert served == expected_picture
        assert served != before[code]
