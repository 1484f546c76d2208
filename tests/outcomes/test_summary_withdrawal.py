"""A lead organizer may take a published summary down (one that names someone
by mistake), but never without a trace: they say why, its forum's page and its
own address say when it was published, when it was withdrawn and the reason
given, and "You said, we did" says how many of its action items are hidden
meanwhile. Publishing it again brings everything back and removes the notice."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from engage.page_cache import HEADER
from outcomes import tokens
from outcomes.models import ForumSummaryPage
from outcomes.sending import create_distribution
from outcomes.wagtail_hooks import forum_outcomes_context
from tests.factories.outcomes import make_members, make_summary, past_forum

pytestmark = pytest.mark.django_db

BOARD = "/en/you-said-we-did/"
HIDDEN = "1 action item is not shown while the summary that records it is withdrawn."


def today():
    return timezone.localdate().strftime("%B %-d, %Y")


def notice(published, withdrawn):
    return (
        f"The organizers published a summary of this forum on {published} and "
        f"withdrew it on {withdrawn}. Its action items are not shown until it is "
        "published again."
    )


REASON = "It named a resident who had asked not to be named."
ASK_WHY = (
    "Say why the summary is withdrawn: its forum's page and its own address will "
    "show your reason with the dates it was published and withdrawn."
)


def withdraw_url(summary):
    return reverse("outcomes_admin:withdraw_summary", args=[summary.pk])


def is_live(summary):
    return ForumSummaryPage.objects.get(pk=summary.pk).live


def text_of(response):
    return " ".join(response.content.decode().split())


def withdraw(client, summary, reason=REASON):
    return client.post(withdraw_url(summary), {"reason": reason})


def test_a_withdrawn_summary_leaves_a_dated_notice_with_its_reason(
    client, summary, lead
):
    forum = summary.get_parent()
    client.force_login(lead)

    response = withdraw(client, summary)

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[forum.pk])
    client.logout()
    page = text_of(client.get(forum.url))
    assert notice(today(), today()) in page
    assert f'<blockquote class="withdrawal-reason" dir="ltr" lang="en">{REASON}' in page
    assert "Fix the park lights" not in page
    board = text_of(client.get(BOARD))
    assert HIDDEN in board
    assert (
        f'<li><a href="{summary.url}">Eastside forum</a>: withdrawn on '
        f"{timezone.localdate().strftime('%b %-d, %Y')}</li>"
    ) in board
    assert "Fix the park lights" not in board


def test_wagtails_unpublish_asks_for_the_reason_first(client, summary, lead):
    """Unpublishing from the page's menu, as organizers are used to, leads to
    the form that asks why, and takes nothing down by itself."""
    client.force_login(lead)

    response = client.post(f"/admin/pages/{summary.pk}/unpublish/")

    assert response.status_code == 302
    assert response.url == withdraw_url(summary)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [ASK_WHY]
    assert is_live(summary)
    form = client.get(withdraw_url(summary))
    assert form.status_code == 200
    assert "Why is the summary withdrawn?" in form.content.decode()


@pytest.mark.parametrize(
    "reason", ["", "   \n  ", "x" * 1001], ids=["empty", "blank", "long"]
)
def test_no_withdrawal_without_a_reason_that_fits(client, summary, lead, reason):
    client.force_login(lead)

    response = withdraw(client, summary, reason)

    assert response.status_code == 400
    page = response.content.decode()
    if reason.strip():
        assert "Ensure this value has at most 1000 characters (it has 1001)." in page
    else:
        assert "Say why the summary is withdrawn: the public is told." in page
    assert is_live(summary)
    stored = ForumSummaryPage.objects.get(pk=summary.pk)
    assert (stored.withdrawn_at, stored.withdrawal_reason) == (None, "")


def test_bulk_unpublishing_cannot_take_a_summary_down(client, summary, lead):
    """The bulk action asks no reason."""
    client.force_login(lead)

    response = client.post(
        f"/admin/bulk/wagtailcore/page/unpublish/?id={summary.pk}", follow=True
    )

    assert response.redirect_chain[0] == (
        reverse("wagtailadmin_explore", args=[summary.get_parent().pk]),
        302,
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Withdraw a published summary on its own, from its Unpublish action, so its "
        "forum's page can say why."
    ]
    assert is_live(summary)


def test_only_those_who_may_unpublish_may_withdraw(client, summary, organizer):
    """An organizer writes summaries; taking one down is a lead's call."""
    client.force_login(organizer)

    response = withdraw(client, summary)

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert [str(m).strip() for m in get_messages(response.wsgi_request)] == [
        "Sorry, you do not have permission to access this area."
    ]
    assert is_live(summary)
    client.logout()
    response = withdraw(client, summary)
    assert response.status_code == 302
    assert response.url == f"/en/accounts/login/?next={withdraw_url(summary)}"
    assert is_live(summary)


def test_the_reason_keeps_the_language_it_was_written_in(client, summary, lead):
    """Written from a Spanish admin, it is marked Spanish on the English page,
    so a screen reader reads it as Spanish."""
    profile = UserProfile.get_for_user(lead)
    profile.preferred_language = "es"
    profile.save()
    client.force_login(lead)

    withdraw(client, summary, "Nombraba a un vecino por error.")

    client.logout()
    page = text_of(client.get(summary.get_parent().url))
    assert (
        '<blockquote class="withdrawal-reason" dir="ltr" lang="es">'
        "Nombraba a un vecino por error.</blockquote>"
    ) in page


def test_its_own_address_says_it_was_withdrawn(client, summary, lead):
    """A department member or a resident following an old link learns when and
    why it went; nothing it said is shown."""
    url = summary.url
    client.force_login(lead)
    withdraw(client, summary)
    client.logout()

    response = client.get(url)

    assert response.status_code == 410
    page = text_of(response)
    assert "<h1>Summary withdrawn</h1>" in page
    assert notice(today(), today()) in page
    assert REASON in page
    forum = summary.get_parent()
    assert f'<a href="{forum.url}">Go to the forum\'s page: Eastside forum</a>' in page
    assert '<meta name="robots" content="noindex">' in page
    for said in ("Traffic stops near the school", "Fix the park lights", "Summary:"):
        assert said not in page
    assert client.get(url + "print/").status_code == 404


def test_a_draft_never_published_is_still_not_found(client, forum_index):
    forum = past_forum(forum_index, 3)
    draft = make_summary(forum, publish=False, items=[("Draft item", "open")])

    assert client.get(draft.url).status_code == 404


def test_publishing_it_again_removes_the_notice(client, summary, lead):
    client.force_login(lead)
    withdraw(client, summary)
    client.logout()
    summary.get_latest_revision().publish()

    page = client.get(summary.get_parent().url).content.decode()
    assert "withdrew it" not in page
    assert REASON not in page
    assert client.get(summary.url).status_code == 200
    stored = ForumSummaryPage.objects.get(pk=summary.pk)
    assert (stored.withdrawal_reason, stored.withdrawal_language) == ("", "")
    assert "Fix the park lights" in page
    board = client.get(BOARD).content.decode()
    assert "is withdrawn" not in board
    assert "Fix the park lights" in board


def test_an_expiry_date_set_in_the_database_leaves_the_same_notice(client, summary):
    """Set where the rule below cannot see it, it still leaves the notice."""
    ForumSummaryPage.objects.filter(pk=summary.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    call_command("publish_scheduled", verbosity=0)

    page = " ".join(client.get(summary.get_parent().url).content.decode().split())
    assert notice(today(), today()) in page


def test_a_summary_never_published_leaves_no_notice(client, forum_index):
    forum = past_forum(forum_index, 3)
    make_summary(forum, publish=False, items=[("Draft item", "open")])

    page = client.get(forum.url).content.decode()
    assert "withdrew it" not in page
    assert "What came out of this forum" not in page
    assert "withdrawn" not in client.get(BOARD).content.decode()


def test_the_notice_costs_the_forum_page_one_query(summary, django_assert_num_queries):
    summary.unpublish()
    forum = summary.get_parent().specific

    with django_assert_num_queries(1):
        context = forum_outcomes_context(forum, None, {})

    assert context["summary"] is None
    assert context["summary_action_items"] == []
    withdrawn = context["withdrawn_summary"]
    assert withdrawn.pk == summary.pk
    assert withdrawn.withdrawn_at >= withdrawn.first_published_at


EXPIRY_REFUSED = (
    "A summary is withdrawn with a reason, not on a date: leave the expiry date empty."
)


def test_an_expiry_date_is_refused(summary):
    """It would take the summary down on that date with no reason given; a
    revert, an approval or a script publishes without the form."""
    draft = summary.get_latest_revision_as_object()
    draft.expire_at = timezone.now() + datetime.timedelta(days=7)

    with pytest.raises(ValidationError) as refused:
        draft.save_revision().publish()

    assert refused.value.message_dict == {"expire_at": [EXPIRY_REFUSED]}
    stored = ForumSummaryPage.objects.get(pk=summary.pk)
    assert (stored.live, stored.expire_at) == (True, None)


def test_dates_set_before_the_rule_are_cleared_and_nothing_is_taken_down(summary):
    ForumSummaryPage.objects.update(
        expire_at=timezone.now() - datetime.timedelta(hours=1)
    )
    migration = importlib.import_module(
        "outcomes.migrations.0012_summaries_without_expiry"
    )

    migration.clear_expiry_dates(apps, None)
    call_command("publish_scheduled", verbosity=0)

    stored = ForumSummaryPage.objects.get(pk=summary.pk)
    assert (stored.live, stored.expire_at, stored.withdrawn_at) == (True, None, None)


def test_the_withdrawn_page_marks_an_untranslated_forum_name(client, summary, lead):
    """Read in Arabic, the forum's English name is marked English."""
    client.force_login(lead)
    withdraw(client, summary)
    client.logout()

    response = client.get(summary.url.replace("/en/", "/ar/", 1))

    assert response.status_code == 410
    page = text_of(response)
    assert '<html lang="ar" dir="rtl">' in page
    assert '<span lang="en" dir="ltr">Eastside forum</span>' in page


def test_a_members_confirmation_page_says_the_summary_was_withdrawn(
    client, summary, lead, counting
):
    """A department member following the email's link learns it was withdrawn
    and can read why."""
    make_members(1, languages=["en"])
    delivery = create_distribution(summary, enqueue=False).deliveries.get()
    client.force_login(lead)
    withdraw(client, summary)
    client.logout()

    response = client.get(
        reverse("outcomes:summary_ack", args=[tokens.ack_token(delivery.pk)])
    )

    page = text_of(response)
    assert (
        f"The organizers withdrew this summary from the website on {today()}. "
        f'<a href="{summary.url}">Why it was withdrawn</a>'
    ) in page
    assert client.get(summary.url).status_code == 410


def test_a_cached_forum_page_shows_the_withdrawal_at_once(client, summary, lead):
    """The forum page a reader's browser got from the page cache a moment ago
    is not served again once the summary is withdrawn."""
    forum = summary.get_parent()
    assert client.get(forum.url)[HEADER] == "miss"
    assert client.get(forum.url)[HEADER] == "hit"
    lead_client = Client()
    lead_client.force_login(lead)

    withdraw(lead_client, summary)

    page = text_of(client.get(forum.url))
    assert notice(today(), today()) in page
    assert REASON in page


def test_no_link_to_a_forum_page_taken_down_too(client, summary, lead):
    """The notice stays at the summary's address; a link to its forum would
    lead nowhere once the forum itself is unpublished."""
    client.force_login(lead)
    withdraw(client, summary)
    client.logout()
    summary.get_parent().unpublish()

    response = client.get(summary.url)

    assert response.status_code == 410
    assert REASON in response.content.decode()
    assert "Go to the forum" not in response.content.decode()
