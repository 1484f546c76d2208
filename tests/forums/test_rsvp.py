import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from forums import notifications, services
from forums.models import RSVP, ForumStatus, RSVPStatus
from tests.factories.forums import RSVPFactory, make_forum, rsvp_data
from tests.helpers import emailed_rsvp_link, manage_links, rsvp_by_form


def ics_of(message):
    """The calendar attachment as (filename, text, mimetype)."""
    (attachment,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    filename, content, mimetype = attachment
    if isinstance(content, bytes):
        content = content.decode()
    return filename, content, mimetype


def test_the_form_holds_no_seat_until_the_emailed_link_confirms_it(client, forum):
    response = client.post(forum.url, rsvp_data(party_size="2"))
    assert response.status_code == 302
    assert response["Location"] == f"{forum.url}#messages"
    rsvp = RSVP.objects.get()
    assert (rsvp.status, rsvp.party_size) == (RSVPStatus.PENDING, 2)
    assert forum.seats_taken() == 0
    (request,) = mail.outbox
    assert request.subject == "Confirme su inscripción: Foro del Este"
    assert not request.attachments  # no calendar until there is a seat
    link = emailed_rsvp_link(request)
    assert manage_links(link, "es") == [rsvp.pk]
    page = client.get(link).content.decode()
    assert "Confirmar mi inscripción" in page
    response = client.post(link, {**rsvp_data(party_size="2"), "name": "Ana P."})
    assert response.status_code == 302
    assert response["Location"] == link
    rsvp.refresh_from_db()
    assert (rsvp.status, rsvp.name) == (RSVPStatus.CONFIRMED, "Ana P.")
    assert forum.seats_taken() == 2


def test_rsvp_confirms_and_emails_in_residents_language(client, forum):
    response = rsvp_by_form(client, forum, rsvp_data(party_size="2"))
    assert response.status_code == 302
    rsvp = RSVP.objects.get()
    assert (rsvp.status, rsvp.party_size, rsvp.language) == ("confirmed", 2, "es")
    _request, message = mail.outbox
    assert message.to == ["ana@example.org"]
    html = message.alternatives[0][0]
    assert 'lang="es"' in html
    assert "Foro del Este" in message.subject
    # Dates are written the Spanish way, and the manage link is under /es/.
    weekday = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
    assert any(day in message.body for day in weekday)
    assert "/es/rsvp/" in message.body
    filename, content, mimetype = ics_of(message)
    assert filename == "forum.ics"
    assert mimetype == "text/calendar; method=REQUEST"
    assert "METHOD:REQUEST" in content


def test_arabic_email_keeps_a_latin_name_in_its_own_order(client, forum):
    rsvp_by_form(client, forum, rsvp_data(name="Ana Pérez 2", language="ar"))
    message = mail.outbox[-1]
    html = message.alternatives[0][0]
    with translation.override("ar"):
        hello = gettext("Hello %(name)s,") % {"name": "<bdi>Ana Pérez 2</bdi>"}
    assert 'dir="rtl"' in html
    assert hello in html


def test_success_messages_are_plain(client, forum):
    response = client.post(forum.url, rsvp_data(language="en"), follow=True)
    assert "Almost done: we have emailed a link to ana@example.org" in (
        response.content.decode()
    )
    response = rsvp_by_form(
        client, forum, rsvp_data(email="bo@example.org", language="en"), follow=True
    )
    assert "Your RSVP is confirmed: you have a seat." in response.content.decode()


def test_second_submission_changes_nothing_and_emails_the_manage_link(client, forum):
    rsvp_by_form(client, forum, rsvp_data())
    client.post(
        forum.url,
        rsvp_data(email="ANA@example.org", party_size="3", asl="on", name="Ana P."),
    )
    rsvp = RSVP.objects.get()
    assert (rsvp.party_size, rsvp.asl, rsvp.name) == (1, False, "Ana Pérez")
    assert len(mail.outbox) == 3
    assert manage_links(mail.outbox[-1].body, "es") == [rsvp.pk]


def test_full_forum_puts_rsvp_on_the_waitlist(client, forum):
    RSVPFactory(forum=forum, party_size=10)
    response = rsvp_by_form(client, forum, rsvp_data(), follow=True)
    rsvp = RSVP.objects.get(email="ana@example.org")
    assert rsvp.status == RSVPStatus.WAITLISTED
    page = response.content.decode()
    assert "está en la lista de espera (número 1)" in page  # in her language
    assert "lista de espera" in mail.outbox[-1].subject


def test_capacity_counts_party_sizes(client, forum):
    RSVPFactory(forum=forum, party_size=8)
    rsvp_by_form(client, forum, rsvp_data(party_size="3"))
    assert RSVP.objects.get(email="ana@example.org").is_waitlisted
    rsvp_by_form(client, forum, rsvp_data(email="bo@example.org", party_size="2"))
    assert RSVP.objects.get(email="bo@example.org").is_confirmed


def test_unlimited_capacity(client, forum_index):
    forum = make_forum(forum_index, capacity=None)
    RSVPFactory.create_batch(3, forum=forum, party_size=6)
    rsvp_by_form(client, forum, rsvp_data(party_size="6"))
    assert RSVP.objects.get(email="ana@example.org").is_confirmed


def test_confirmed_party_cannot_grow_through_the_public_form(client, forum):
    RSVPFactory(forum=forum, party_size=8)
    rsvp_by_form(client, forum, rsvp_data(party_size="2"))
    response = client.post(forum.url, rsvp_data(party_size="4"))
    assert response.status_code == 302
    assert response["Location"] == f"{forum.url}#messages"
    assert RSVP.objects.get(email="ana@example.org").party_size == 2


def test_cancellation_promotes_first_waitlisted_rsvp_that_fits(forum):
    holder = RSVPFactory(forum=forum, party_size=10)
    big = _submit(forum, _data("big@example.org", 3))
    small = _submit(forum, _data("small@example.org", 1))
    later = _submit(forum, _data("later@example.org", 1))
    assert big.is_waitlisted and small.is_waitlisted and later.is_waitlisted
    services.update_rsvp(holder, {"party_size": 8})
    # Two seats: the party of three does not fit, the next two do, in order.
    statuses = dict(RSVP.objects.values_list("email", "status"))
    assert statuses["big@example.org"] == RSVPStatus.WAITLISTED
    assert statuses["small@example.org"] == RSVPStatus.CONFIRMED
    assert statuses["later@example.org"] == RSVPStatus.CONFIRMED
    promoted = [m for m in mail.outbox if "seat opened" in m.subject]
    assert [m.to[0] for m in promoted] == ["small@example.org", "later@example.org"]
    assert promoted[0].attachments
    services.cancel_rsvp(RSVP.objects.get(pk=holder.pk))
    assert RSVP.objects.get(pk=big.pk).is_confirmed


def test_waitlist_order_is_first_come_first_served(forum):
    RSVPFactory(forum=forum, party_size=10)
    first = _submit(forum, _data("first@example.org", 1))
    _submit(forum, _data("second@example.org", 1))
    # Signing up again changes nothing, and keeps the place in line.
    services.submit_rsvp(forum, _data("first@example.org", 1, name="First again"))
    assert RSVP.objects.get(pk=first.pk).name == "first"
    holder = RSVP.objects.get(email__startswith="resident")
    services.update_rsvp(holder, {"party_size": 9})
    assert RSVP.objects.get(pk=first.pk).is_confirmed
    assert RSVP.objects.get(email="second@example.org").is_waitlisted


def test_raising_capacity_promotes_the_waitlist(forum):
    RSVPFactory(forum=forum, party_size=10)
    waiting = _submit(forum, _data("wait@example.org", 2))
    forum.capacity = 12
    forum.save_revision().publish()
    assert RSVP.objects.get(pk=waiting.pk).is_confirmed


def test_cancel_and_rsvp_again_goes_to_the_back_of_the_line(forum):
    rsvp = _submit(forum, _data("ana@example.org", 1))
    services.cancel_rsvp(rsvp)
    assert RSVP.objects.get(pk=rsvp.pk).is_cancelled
    assert "METHOD:CANCEL" in ics_of(mail.outbox[-1])[1]
    services.cancel_rsvp(RSVP.objects.get(pk=rsvp.pk))  # twice is harmless
    again = _submit(forum, _data("ana@example.org", 1))
    assert again.pk == rsvp.pk and again.is_confirmed


@pytest.mark.parametrize("status", [ForumStatus.CANCELLED, ForumStatus.POSTPONED])
def test_no_rsvps_unless_scheduled(client, forum, status):
    forum.status = status
    forum.save_revision().publish()
    response = client.post(forum.url, rsvp_data())
    assert response.status_code == 302
    assert not RSVP.objects.exists()


def test_no_rsvps_after_the_start(client, forum_index):
    forum = make_forum(forum_index, start=timezone.now() - datetime.timedelta(hours=1))
    client.post(forum.url, rsvp_data())
    assert not RSVP.objects.exists()
    assert "not taking RSVPs" in client.get(forum.url).content.decode()


def test_signed_in_resident_details_are_filled_in(client, forum, django_user_model):
    user = django_user_model.objects.create_user(
        "res",
        "res@example.org",
        "pw",
        first_name="Rosa",
        last_name="Diaz",
        preferred_language="vi",
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True)
    client.force_login(user)
    page = client.get(forum.url).content.decode()
    assert 'value="Rosa Diaz"' in page and 'value="res@example.org"' in page
    client.post(forum.url, rsvp_data(email="res@example.org", language="vi"))
    assert RSVP.objects.get().user == user
    page = client.get(forum.url).content.decode()
    assert "You are registered for this forum" in page


JUNK = [
    {"name": ""},
    {"name": "   "},
    {"name": "Ana\x00"},
    {"name": "x" * 201},
    {"email": "not-an-email"},
    {"email": "ana\x00@example.org"},
    {"email": ""},
    {"phone": "call me maybe"},
    {"phone": "1" * 41},
    {"language": "xx"},
    {"party_size": "0"},
    {"party_size": "-1"},
    {"party_size": "7"},
    {"party_size": "99999999999999999999999"},
    {"party_size": "two"},
    {"party_size": "1.5"},
    {"party_size": ""},
    {"interpretation_language": "ko"},
    {"interpretation_language": "\x00"},
    {"childcare_children": "21"},
    {"childcare_children": "-3"},
    {"childcare_children": "lots"},
    {"access_needs": "x" * 1001},
    {"other_needs": "\x00"},
    {"website": "http://spam.example"},
]


@pytest.mark.parametrize("junk", JUNK, ids=[str(i) for i in range(len(JUNK))])
def test_junk_input_is_refused_clearly(client, forum, junk):
    response = client.post(forum.url, rsvp_data(**junk))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert 'class="errorlist"' in response.content.decode()
    assert not RSVP.objects.exists()
    assert not mail.outbox


def test_missing_fields_and_wrong_types(client, forum):
    response = client.post(forum.url, {"party_size": ["1", "2"], "asl": "maybe"})
    assert response.status_code == 200
    assert not RSVP.objects.exists()


def _submit(forum, data):
    """Sign ``data`` up through the service and confirm it as the address's
    owner would from the emailed link; the RSVP stored for its address."""
    services.submit_rsvp(forum, data)
    rsvp = RSVP.objects.get(forum=forum, email=data["email"])
    if not rsvp.is_registered:
        rsvp = services.confirm_rsvp(rsvp, data).rsvp
    return rsvp


def _data(email, party_size, **extra):
    data = {
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
    data.update(extra)
    return data


def test_waitlisted_rsvp_signed_up_again_stays_in_line_with_one_email(forum):
    RSVPFactory(forum=forum, party_size=8)
    rsvp = _submit(forum, _data("ana@example.org", 3))
    assert rsvp.is_waitlisted
    mail.outbox.clear()
    receipt = services.submit_rsvp(forum, _data("ana@example.org", 2))
    assert receipt.awaiting_confirmation and receipt.waitlist_position is None
    assert RSVP.objects.get(pk=rsvp.pk).is_waitlisted
    (message,) = mail.outbox
    assert message.subject == "You are already registered: Eastside forum"


def test_a_name_in_another_script_is_isolated_in_the_plain_text_email(client, forum):
    """An Arabic name in an English sentence, or a Latin one in an Arabic
    sentence, keeps the comma after it: plain text has no <bdi>, so the name is
    set between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE."""
    for language, name in (("en", "سارة أحمد"), ("ar", "Sarah Ahmed")):
        mail.outbox.clear()
        rsvp = RSVPFactory(forum=forum, name=name, language=language)
        notifications.rsvp_confirmed(rsvp)
        (message,) = mail.outbox
        with translation.override(language):
            hello = gettext("Hello %(name)s,") % {"name": f"\u2068{name}\u2069"}
        assert message.body.startswith(hello)
        assert f"<bdi>{name}</bdi>" in message.alternatives[0][0]
