"""A summary corrected after the department was sent it: the members who got
it read an earlier version. The distribute screen says so and offers to send it
to everyone; the email says it was corrected; a confirmation given before the
correction does not count for the corrected summary."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset

from outcomes import tokens
from outcomes.corrections import correction_times
from outcomes.models import Delivery, Distribution
from tests.factories.outcomes import make_members
from tests.outcomes.editing import ITEM, edit_url, summary_form_data

pytestmark = pytest.mark.django_db

CORRECTED_SUBJECT = "Corrected community forum summary: Summary: Eastside forum"


def publish(summary, **changes):
    """Publish a new revision of ``summary`` with ``changes``, as the editor's
    publish would."""
    draft = summary.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision().publish()


def today():
    return timezone.localdate().strftime("%B %-d, %Y")


def distribute(client, summary, **data):
    url = reverse("outcomes_admin:distribute", args=[summary.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    return Distribution.objects.latest("created_at")


def distribute_page(client, summary):
    url = reverse("outcomes_admin:distribute", args=[summary.pk])
    return " ".join(client.get(url).content.decode().split())


def test_the_distribute_screen_says_a_sent_summary_was_corrected(
    admin_client, summary, counting
):
    make_members(3)
    distribute(admin_client, summary)
    assert "was corrected" not in distribute_page(admin_client, summary)

    publish(summary, walk_ins=5)

    page = distribute_page(admin_client, summary)
    assert (
        f"This summary was corrected on {today()}, after it was last sent on "
        f"{today()}. The members who received it read an earlier version, and a "
        "confirmation given before the correction does not count for the corrected "
        "one. Send it to everyone to give them the corrected summary."
    ) in page
    assert re.search(r'<input[^>]*value="everyone"[^>]*checked', page)


def test_what_is_not_a_correction_says_nothing(admin_client, summary, counting):
    """A first translation and a change of an item's status change nothing the
    department read."""
    make_members(2)
    distribute(admin_client, summary)

    publish(summary, title_es="Resumen: foro del este")
    item = summary.action_items.get()
    item.status = "in_progress"
    item.save()

    assert correction_times(summary) == []
    page = distribute_page(admin_client, summary)
    assert "was corrected" not in page
    assert re.search(r'<input[^>]*value="new"[^>]*checked', page)


def test_a_correction_before_the_first_sending_is_not_mentioned(
    admin_client, summary, counting
):
    make_members(2, languages=["en"])
    publish(summary, walk_ins=5)

    distribute(admin_client, summary)

    assert [m.subject for m in mail.outbox] == [
        "Community forum summary: Summary: Eastside forum"
    ] * 2
    assert "was corrected" not in mail.outbox[0].body


def test_sent_again_after_a_correction_the_email_says_so(
    admin_client, summary, counting
):
    make_members(2, languages=["en"])
    distribute(admin_client, summary)
    publish(summary)  # an unchanged publication is not a correction
    draft = summary.get_latest_revision_as_object()
    (moved,) = draft.action_items.all()
    moved.due_date = datetime.date(2027, 1, 15)
    draft.save_revision().publish()
    mail.outbox = []

    distribute(admin_client, summary, audience="everyone")

    assert [m.subject for m in mail.outbox] == [CORRECTED_SUBJECT] * 2
    sentence = (
        f"This summary was corrected on {today()}, after it was first sent on "
        f"{today()}. Its page lists what changed. A confirmation given before the "
        "correction does not count for the corrected version."
    )
    for message in mail.outbox:
        assert sentence in " ".join(message.body.split())
        assert sentence in " ".join(message.alternatives[0][0].split())


def test_a_confirmation_of_the_earlier_version_is_asked_again(
    admin_client, summary, counting
):
    """Carried into a new distribution only when given after the correction."""
    make_members(3)
    first = distribute(admin_client, summary)
    early, late, _never = first.deliveries.order_by("pk")
    assert tokens.acknowledge(early)

    publish(summary, concerns="<p>Speeding on Market Street at night.</p>")
    assert tokens.acknowledge(late)
    second = distribute(admin_client, summary, audience="everyone")

    confirmed = dict(second.deliveries.values_list("member_id", "acknowledged_at"))
    late.refresh_from_db()
    assert confirmed == {
        early.member_id: None,
        late.member_id: late.acknowledged_at,
        _never.member_id: None,
    }
    # The earlier distribution keeps what was confirmed through it.
    early.refresh_from_db()
    assert early.acknowledged_at is not None


def test_without_a_correction_a_confirmation_still_carries(
    admin_client, summary, counting
):
    make_members(2)
    first = distribute(admin_client, summary)
    confirmed = first.deliveries.order_by("pk").first()
    assert tokens.acknowledge(confirmed)

    second = distribute(admin_client, summary, audience="everyone")

    confirmed.refresh_from_db()
    assert second.deliveries.get(member=confirmed.member).acknowledged_at == (
        confirmed.acknowledged_at
    )
    assert Delivery.objects.filter(acknowledged_at__isnull=False).count() == 2


def test_the_confirmation_page_of_an_earlier_email_says_it_was_corrected(
    client, admin_client, summary, counting
):
    """The member holds what the summary said when the email went out."""
    make_members(1, languages=["en"])
    delivery = distribute(admin_client, summary).deliveries.get()
    url = reverse("outcomes:summary_ack", args=[tokens.ack_token(delivery.pk)])
    notice = (
        f"This summary was corrected on {today()}, after this email was sent to "
        "you. The website shows the corrected version."
    )
    assert notice not in " ".join(client.get(url).content.decode().split())

    publish(summary, officers_present="Sgt. Lee")

    page = " ".join(client.get(url).content.decode().split())
    assert notice in page
    assert f'<a href="{summary.url}">Read the summary on the website</a>' in page


NOT_SENT = (
    "The department was last sent this summary on {}, before this correction. "
    "Send it again so its members read the corrected version."
)


def publish_in_the_editor(client, summary):
    """The editor's Publish with the form's own figures: a correction."""
    revision = summary.get_latest_revision()
    item = summary.action_items.get()
    data = summary_form_data(
        action_items=inline_formset(
            [{**ITEM, "description_en": item.description, "id": str(item.pk)}],
            initial=1,
        ),
        loaded_revision_id=str(revision.pk),
        loaded_revision_created_at=revision.created_at.isoformat(),
        **{"action-publish": "action-publish"},
    )
    return client.post(edit_url(summary), data, follow=True)


def test_publishing_a_correction_of_a_sent_summary_offers_to_send_it(
    admin_client, summary, counting
):
    make_members(1, languages=["en"])
    distribute(admin_client, summary)

    response = publish_in_the_editor(admin_client, summary)

    (warning,) = [
        str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"
    ]
    assert warning.startswith(NOT_SENT.format(today()))
    distribute_url = reverse("outcomes_admin:distribute", args=[summary.pk])
    assert f'href="{distribute_url}"' in response.content.decode()


def test_publishing_a_summary_never_sent_offers_nothing(admin_client, summary):
    response = publish_in_the_editor(admin_client, summary)

    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "before this correction" not in shown


def ack_url(delivery):
    return reverse("outcomes:summary_ack", args=[tokens.ack_token(delivery.pk)])


def form_of(page):
    """The hidden fields of the confirmation form, as the browser posts them."""
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))


def test_an_earlier_email_confirms_only_the_corrected_summary(
    client, admin_client, summary, counting
):
    """From the link of an email sent before a correction, the member is asked
    to read the corrected summary, and what they confirm is that version."""
    make_members(1, languages=["en"])
    delivery = distribute(admin_client, summary).deliveries.get()
    publish(summary, officers_present="Sgt. Lee")
    later = distribute(admin_client, summary, audience="everyone").deliveries.get()

    page = " ".join(client.get(ack_url(delivery)).content.decode().split())
    assert (
        "Please read the corrected summary on the website, then confirm that you "
        "have read it."
    ) in page
    assert "I have read the corrected summary</button>" in page
    response = client.post(ack_url(delivery), form_of(page))

    assert "Thank you. Your acknowledgement is recorded." in response.content.decode()
    live = type(summary).objects.get(pk=summary.pk).live_revision_id
    assert list(
        Delivery.objects.filter(pk__in=[delivery.pk, later.pk]).values_list(
            "acknowledged_revision_id", flat=True
        )
    ) == [live, live]


def test_a_correction_made_while_the_page_was_open_is_read_first(
    client, admin_client, summary, counting
):
    """A press on a page shown before the correction records nothing: the
    member is asked to read the corrected summary and confirm again."""
    make_members(1, languages=["en"])
    delivery = distribute(admin_client, summary).deliveries.get()
    shown = form_of(client.get(ack_url(delivery)).content.decode())
    publish(summary, officers_present="Sgt. Lee")

    response = client.post(ack_url(delivery), shown)

    page = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert (
        "The summary was corrected while this page was open, so your confirmation "
        "was not recorded. Please read the corrected summary, then confirm again."
    ) in page
    assert Delivery.objects.get(pk=delivery.pk).acknowledged_at is None
    again = client.post(ack_url(delivery), form_of(page))
    assert "Thank you. Your acknowledgement is recorded." in again.content.decode()
    assert Delivery.objects.get(pk=delivery.pk).acknowledged_at is not None


@pytest.mark.parametrize("shown", ["", "2020-01-01T00:00:00+00:00", "x:y:z"])
def test_a_page_that_cannot_say_when_it_was_shown_counts_from_the_email(
    client, admin_client, summary, counting, shown
):
    make_members(1, languages=["en"])
    delivery = distribute(admin_client, summary).deliveries.get()
    publish(summary, officers_present="Sgt. Lee")

    response = client.post(ack_url(delivery), {"shown": shown})

    assert response.status_code == 200
    assert "your confirmation was not recorded" in response.content.decode()
    assert Delivery.objects.get(pk=delivery.pk).acknowledged_at is None


def test_without_a_correction_the_press_is_recorded(
    client, admin_client, summary, counting
):
    make_members(1, languages=["en"])
    delivery = distribute(admin_client, summary).deliveries.get()

    response = client.post(ack_url(delivery))

    assert "Thank you. Your acknowledgement is recorded." in response.content.decode()
    assert Delivery.objects.get(pk=delivery.pk).acknowledged_at is not None
