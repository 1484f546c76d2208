"""Every registered resident has a short check-in code, in their confirmation
and on their RSVP page with its QR image; at the door an organizer types or
scans it and checks in the whole party or part of it. A code says nothing about
the person and opens nothing but that forum's check-in row."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from forums import notifications, services
from forums.models import RSVP, RSVPStatus
from forums.models.rsvps import (
    CHECK_IN_ALPHABET,
    CHECK_IN_LENGTH,
    normalize_check_in_code,
)
from forums.roles import LEAD_ORGANIZERS, ensure_roles
from tests.factories.forums import RSVPFactory, make_forum
from tests.helpers import sign_in


@pytest.fixture
def lead(client, forum, django_user_model):
    ensure_roles()
    user = django_user_model.objects.create_user("lead", "lead@example.org", "pw")
    user.groups.add(Group.objects.get(name=LEAD_ORGANIZERS))
    return sign_in(client, user)


def door(forum, **query):
    url = reverse("forums_admin:check_in", args=[forum.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_codes_are_short_random_and_distinct(forum):
    rsvps = RSVPFactory.create_batch(200, forum=forum)
    codes = [rsvp.check_in_code for rsvp in rsvps]
    assert len(set(codes)) == 200
    for code in codes:
        assert len(code) == CHECK_IN_LENGTH and set(code) <= set(CHECK_IN_ALPHABET)
    # Nothing of the person, their address or their place in line is in it.
    first = rsvps[0]
    for part in (str(first.pk), first.email.split("@")[0].upper()[:3]):
        assert part not in first.check_in_code
    assert sorted(codes) != codes  # not handed out in order


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("k7m-4qxa", "K7M4QXA"),
        (" K7M 4QXA ", "K7M4QXA"),
        ("K7M–4QXA", "K7M4QXA"),
        ("<script>", "CRPT"),
        ("", ""),
    ],
)
def test_a_typed_code_is_read_in_any_case_with_or_without_the_dash(typed, expected):
    assert normalize_check_in_code(typed) == expected


def test_the_confirmation_carries_the_code_and_its_qr_image(forum):
    services.submit_rsvp(forum, _data("ana@example.org", 1))
    pending = RSVP.objects.get()
    request = mail.outbox[-1]
    assert pending.check_in_code_display not in request.body  # no seat, no code
    assert [name for name, *_ in request.attachments] == []

    rsvp = services.confirm_rsvp(pending, _data("ana@example.org", 1)).rsvp
    confirmation = mail.outbox[-1]
    assert rsvp.check_in_code_display in confirmation.body
    assert rsvp.check_in_code_display in confirmation.alternatives[0][0]
    images = [
        (name, content, kind)
        for name, content, kind in confirmation.attachments
        if kind == "image/png"
    ]
    assert images == [(notifications.QR_FILENAME, rsvp.check_in_qr_png(), "image/png")]
    assert images[0][1].startswith(b"\x89PNG")


def test_the_rsvp_page_shows_the_code_and_qr_only_once_registered(client, forum):
    rsvp = RSVPFactory(forum=forum)
    page = client.get(f"/en/rsvp/{rsvp.manage_token()}/").content.decode()
    assert rsvp.check_in_code_display in page
    assert '<div class="check-in-qr"><svg' in page
    assert "QR code of your check-in code" in page

    pending = RSVPFactory(forum=forum, status=RSVPStatus.PENDING)
    page = client.get(f"/en/rsvp/{pending.manage_token()}/").content.decode()
    assert pending.check_in_code_display not in page and "check-in-qr" not in page


def test_a_typed_code_finds_the_party_and_checks_in_part_of_it(lead, forum):
    party = RSVPFactory(forum=forum, name="Nguyen family", party_size=3)
    RSVPFactory.create_batch(5, forum=forum)
    typed = party.check_in_code_display.lower()

    page = lead.get(door(forum, code=typed)).content.decode()
    assert page.count('name="people"') == 1  # only this party's row
    assert "Nguyen family" in page

    response = lead.post(
        reverse("forums_admin:mark_attended", args=[forum.pk, party.pk]),
        {"attended": "1", "people": "2"},
        follow=True,
    )
    party.refresh_from_db()
    assert (party.attended_at is not None, party.arrived_count) == (True, 2)
    assert "Checked in: Nguyen family, 2 of 3." in response.content.decode()
    assert response.redirect_chain[-1][0] == door(forum)  # ready for the next code


@pytest.mark.parametrize("whose", ["unknown", "other-forum", "cancelled", "pending"])
def test_a_code_that_is_not_a_registrant_here_finds_nobody(
    lead, forum, forum_index, whose
):
    if whose == "unknown":
        code = "AAAAAAA"
    elif whose == "other-forum":
        other = make_forum(forum_index, title="Westside forum", slug="westside")
        code = RSVPFactory(forum=other).check_in_code
    else:
        code = RSVPFactory(forum=forum, status=whose).check_in_code

    page = lead.get(door(forum, code=code)).content.decode()

    assert f"No RSVP for this forum has the code {code}." in page
    assert 'name="people"' not in page and "Nobody found." in page


def _data(email, party_size):
    return {
        "email": email,
        "name": email.split("@")[0],
        "phone": "",
        "language": "en",
        "party_size": party_size,
        "interpretation_language": "",
        "asl": False,
        "childcare_children": 0,
        "access_needs": "",
        "other_needs": "",
    }
