"""A summary withdrawn and published again keeps the withdrawal on its record:
the dates and the reason stay listed on its page, each time, and nothing
rewrites them. Nor does unpublishing its forum with the pages below take the
summary down without the reason the withdrawal asks for."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from cms.withdrawal import PastWithdrawal
from outcomes.models import ForumSummaryPage

pytestmark = pytest.mark.django_db

REASON = "It named a resident who had asked not to be named."
SECOND_REASON = "A figure for the officers present was wrong."
WITHDRAW_FIRST = (
    "A published summary is below this page. Withdraw it first, saying why; then "
    "unpublish the page."
)


def today():
    return timezone.localdate().strftime("%B %-d, %Y")


def text_of(response):
    return " ".join(response.content.decode().split())


def withdraw(client, summary, reason):
    url = reverse("outcomes_admin:withdraw_summary", args=[summary.pk])
    response = client.post(url, {"reason": reason})
    assert response.status_code == 302
    return response


def reason_quote(reason):
    return f'<blockquote class="withdrawal-reason" dir="ltr" lang="en">{reason}'


def test_published_again_its_page_says_when_and_why_it_was_withdrawn(
    client, summary, lead
):
    """The revision published again was saved before the withdrawal: it does
    not carry the notice away with it."""
    revision = summary.get_latest_revision()
    client.force_login(lead)
    withdraw(client, summary, REASON)

    revision.publish()

    client.logout()
    page = text_of(client.get(summary.url))
    assert (
        f"The organizers withdrew this summary on {today()} and published it again "
        f'on {today()}. <a href="#withdrawals-heading">See when and why</a>'
    ) in page
    assert f"Withdrawn on {today()}, published again on {today()}." in page
    assert reason_quote(REASON) in page
    forum_page = text_of(client.get(summary.get_parent().url))
    assert "withdrew it" not in forum_page
    assert REASON not in forum_page
    stored = ForumSummaryPage.objects.get(pk=summary.pk)
    assert (stored.withdrawn_at, stored.withdrawal_reason) == (None, "")


def test_every_withdrawal_stays_on_the_record(client, summary, lead):
    client.force_login(lead)
    withdraw(client, summary, REASON)
    summary.get_latest_revision().publish()
    withdraw(client, summary, SECOND_REASON)

    withdrawn = text_of(client.get(summary.url))
    assert reason_quote(SECOND_REASON) in withdrawn
    assert REASON not in withdrawn

    summary.get_latest_revision().publish()
    page = text_of(client.get(summary.url))
    first, second = (
        page.index(reason_quote(REASON)),
        page.index(reason_quote(SECOND_REASON)),
    )
    assert first < second
    assert page.count("published again on") == 2
    assert list(
        PastWithdrawal.objects.filter(page=summary).values_list("reason", "language")
    ) == [(REASON, "en"), (SECOND_REASON, "en")]


def test_a_summary_never_withdrawn_says_nothing_of_it(client, summary):
    page = client.get(summary.url).content.decode()

    assert "withdrawals-heading" not in page
    assert "published it again" not in page


def test_a_past_withdrawal_is_never_rewritten(client, summary, lead):
    client.force_login(lead)
    withdraw(client, summary, REASON)
    summary.get_latest_revision().publish()
    withdrawal = PastWithdrawal.objects.get(page=summary)

    withdrawal.reason = "Nothing to see here."
    with pytest.raises(ValueError, match="never changed once recorded"):
        withdrawal.save()

    assert PastWithdrawal.objects.get(pk=withdrawal.pk).reason == REASON


def test_unpublishing_the_forum_and_its_pages_asks_for_the_summary_first(
    client, summary, lead
):
    forum = summary.get_parent()
    client.force_login(lead)

    response = client.post(
        f"/admin/pages/{forum.pk}/unpublish/", {"include_descendants": "on"}
    )

    assert response.status_code == 302
    assert response.url == reverse("outcomes_admin:withdraw_summary", args=[summary.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [WITHDRAW_FIRST]
    assert forum.specific_class.objects.get(pk=forum.pk).live
    assert ForumSummaryPage.objects.get(pk=summary.pk).live


def test_the_forum_alone_may_be_unpublished(client, summary, lead):
    """Its summary stays at its own address, still published."""
    forum = summary.get_parent()
    client.force_login(lead)

    response = client.post(f"/admin/pages/{forum.pk}/unpublish/")

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[forum.get_parent().pk])
    assert not forum.specific_class.objects.get(pk=forum.pk).live
    assert ForumSummaryPage.objects.get(pk=summary.pk).live


def test_bulk_unpublishing_the_forum_and_its_pages_is_refused(client, summary, lead):
    forum = summary.get_parent()
    client.force_login(lead)

    response = client.post(
        f"/admin/bulk/wagtailcore/page/unpublish/?id={forum.pk}",
        {"include_descendants": "on"},
    )

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[forum.pk])
    assert forum.specific_class.objects.get(pk=forum.pk).live
    assert ForumSummaryPage.objects.get(pk=summary.pk).live
