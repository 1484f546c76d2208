"""Results the public has read are withdrawn with a reason, or stay public.
Unticking "publish results", publishing an older revision, unpublishing the
survey (alone, with its index, or in bulk) and an expiry date do not hide them
quietly; withdrawn, their address, their downloads and the survey say when and
why; published again, the withdrawal stays listed with them."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from cms.withdrawal import PastWithdrawal
from engage.page_cache import HEADER
from surveys.models import QuestionKind, SurveyPage
from tests.factories.surveys import add_responses, make_survey
from tests.surveys.editor_form import editor_form_data

pytestmark = pytest.mark.django_db

REASON = "Answers from one street were entered twice from paper forms."
WITHDRAW_FIRST = (
    "This survey's results are public. Withdraw them first, saying why, so their "
    "address tells the public; then unpublish the survey."
)


@pytest.fixture
def survey(survey_index):
    """A closed survey whose results are public, with ten answers."""
    page = make_survey(
        survey_index,
        [{"key": "trust", "kind": QuestionKind.SCALE, "text": "How much trust?"}],
        results_public=True,
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    add_responses(page, 10, {"trust": 4})
    return SurveyPage.objects.get(pk=page.pk)


def today():
    return timezone.localdate().strftime("%B %-d, %Y")


def text_of(response):
    return " ".join(response.content.decode().split())


def stored(survey):
    return SurveyPage.objects.get(pk=survey.pk)


def results_url(survey):
    return survey.url + "results/"


def withdraw(client, survey, reason=REASON):
    url = reverse("surveys_admin:withdraw_results", args=[survey.pk])
    return client.post(url, {"reason": reason})


def notice():
    return (
        f"The organizers published the results of this survey on {today()} and "
        f"withdrew them on {today()}. They are not shown, nor offered for download, "
        "until they are published again."
    )


def test_results_public_since_their_first_publication(survey):
    assert stored(survey).results_public_since is not None


def test_unticking_publish_results_does_not_hide_them(admin_client, client, survey):
    """The editor's box is disabled, and a post without it changes nothing."""
    data = editor_form_data(admin_client, survey.pk)
    data.pop("results_public", None)
    data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/{survey.pk}/edit/", data)

    assert response.status_code == 302
    assert stored(survey).results_public
    assert client.get(results_url(survey)).status_code == 200
    page = admin_client.get(f"/admin/pages/{survey.pk}/edit/").content.decode()
    assert "withdraw them, saying why" in page
    withdraw_url = reverse("surveys_admin:withdraw_results", args=[survey.pk])
    assert f'href="{withdraw_url}"' in page


def test_an_expiry_date_is_refused(survey):
    survey.expire_at = timezone.now() + datetime.timedelta(days=3)

    with pytest.raises(ValidationError) as error:
        survey.full_clean()

    assert error.value.message_dict["expire_at"] == [
        "This survey's results have been public, so it takes no expiry date: "
        "withdraw its results, saying why, before unpublishing it."
    ]


def test_publishing_an_older_revision_does_not_hide_them(client, survey_index):
    survey = make_survey(survey_index, [{"key": "q", "kind": QuestionKind.SCALE}])
    before = survey.get_latest_revision()
    survey.results_public = True
    survey.save_revision().publish()
    assert client.get(results_url(survey)).status_code == 200

    before.publish()

    assert stored(survey).results_public
    assert client.get(results_url(survey)).status_code == 200


def test_withdrawn_results_say_when_and_why(admin_client, client, survey):
    response = withdraw(admin_client, survey)

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[survey.pk])
    gone = client.get(results_url(survey))
    assert gone.status_code == 410
    page = text_of(gone)
    assert notice() in page
    assert f'<blockquote class="withdrawal-reason" dir="ltr" lang="en">{REASON}' in page
    assert "How much trust?" not in page
    assert '<meta name="robots" content="noindex">' in page
    survey_page = text_of(client.get(survey.url))
    assert (
        f"The organizers withdrew this survey's results on {today()}. "
        f'<a href="{results_url(survey)}">Why they were withdrawn</a>'
    ) in survey_page
    index = text_of(client.get(survey.get_parent().url))
    assert f"Results withdrawn on {today()}." in index


def test_withdrawn_results_are_not_downloaded(admin_client, client, survey):
    withdraw(admin_client, survey)

    as_json = client.get(reverse("surveys:results_data", args=[survey.pk, "json"]))
    as_csv = client.get(reverse("surveys:results_data", args=[survey.pk, "csv"]))

    assert as_json.status_code == 410
    body = json.loads(as_json.content)
    assert body["reason"] == REASON
    assert body["error"] == f"The organizers withdrew these results on {today()}."
    assert as_csv.status_code == 410
    assert as_csv["Content-Type"] == "text/plain; charset=utf-8"
    assert "trust" not in as_csv.content.decode()
    assert as_csv.content.decode().endswith(REASON)


@pytest.mark.parametrize("reason", ["", "  \n ", "x" * 1001])
def test_no_withdrawal_without_a_reason_that_fits(admin_client, client, survey, reason):
    response = withdraw(admin_client, survey, reason)

    assert response.status_code == 400
    assert stored(survey).results_public
    assert stored(survey).withdrawn_at is None
    assert client.get(results_url(survey)).status_code == 200


def test_only_who_may_publish_the_survey_withdraws_results(
    client, survey, django_user_model
):
    """An organizer who may edit surveys but not publish them."""
    group = Group.objects.create(name="Survey writers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=survey.get_parent(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    writer = django_user_model.objects.create_user(
        username="writer", email="writer@example.org", password="x"
    )
    writer.groups.add(group)
    client.force_login(writer)

    response = withdraw(client, survey)

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert [str(m).strip() for m in get_messages(response.wsgi_request)] == [
        "Sorry, you do not have permission to access this area."
    ]
    assert stored(survey).results_public
    assert stored(survey).withdrawn_at is None


def test_unpublishing_the_survey_asks_for_the_reason_first(admin_client, survey):
    response = admin_client.post(f"/admin/pages/{survey.pk}/unpublish/")

    assert response.status_code == 302
    assert response.url == reverse("surveys_admin:withdraw_results", args=[survey.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [WITHDRAW_FIRST]
    assert stored(survey).live


def test_unpublishing_the_index_with_its_surveys_asks_first(admin_client, survey):
    index = survey.get_parent()

    single = admin_client.post(
        f"/admin/pages/{index.pk}/unpublish/", {"include_descendants": "on"}
    )
    bulk = admin_client.post(
        f"/admin/bulk/wagtailcore/page/unpublish/?id={index.pk}",
        {"include_descendants": "on"},
    )

    assert single.url == reverse("surveys_admin:withdraw_results", args=[survey.pk])
    assert bulk.status_code == 302
    assert stored(survey).live
    assert index.specific_class.objects.get(pk=index.pk).live


def test_once_withdrawn_the_survey_may_go_and_its_address_still_says_why(
    admin_client, client, survey
):
    withdraw(admin_client, survey)

    response = admin_client.post(f"/admin/pages/{survey.pk}/unpublish/")

    assert response.status_code == 302
    assert not stored(survey).live
    for address in (survey.url, results_url(survey)):
        gone = client.get(address)
        assert gone.status_code == 410
        assert REASON in gone.content.decode()
    assert client.get(survey.url + "paper/").status_code == 404


def test_an_expiry_date_set_in_the_database_leaves_a_notice(client, survey):
    SurveyPage.objects.filter(pk=survey.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    call_command("publish_scheduled", verbosity=0)

    gone = client.get(survey.url)
    assert gone.status_code == 410
    assert notice() in text_of(gone)


def test_published_again_the_withdrawal_stays_listed(admin_client, client, survey):
    withdraw(admin_client, survey)
    url = reverse("surveys_admin:publish_results_again", args=[survey.pk])
    assert admin_client.get(url).status_code == 200
    assert stored(survey).results_withdrawn

    response = admin_client.post(url)

    assert response.status_code == 302
    results = client.get(results_url(survey))
    assert results.status_code == 200
    page = text_of(results)
    assert f"Withdrawn on {today()}, published again on {today()}." in page
    assert f'<blockquote class="withdrawal-reason" dir="ltr" lang="en">{REASON}' in page
    assert "How much trust?" in page
    (withdrawal,) = PastWithdrawal.objects.filter(page=survey)
    withdrawal.reason = "Nothing happened."
    with pytest.raises(ValueError, match="never changed once recorded"):
        withdrawal.save()


def test_a_cached_results_page_shows_the_withdrawal_at_once(
    admin_client, client, survey
):
    client.get(results_url(survey))
    assert client.get(results_url(survey))[HEADER] == "hit"

    withdraw(admin_client, survey)

    assert client.get(results_url(survey)).status_code == 410


def test_next_months_copy_starts_with_no_results_history(admin_client, survey):
    """Its results have never been public: its box is free, and nothing says
    they were withdrawn."""
    withdraw(admin_client, survey)

    response = admin_client.post(f"/admin/surveys/{survey.pk}/start-next/")

    copy = SurveyPage.objects.exclude(pk=survey.pk).get()
    assert response.status_code == 302
    assert copy.results_public_since is None
    assert (copy.withdrawn_at, copy.withdrawal_reason) == (None, "")
    assert stored(survey).withdrawal_reason == REASON
    editor = admin_client.get(f"/admin/pages/{copy.pk}/edit/").content.decode()
    assert "withdraw them, saying why" not in editor


def test_the_trend_says_which_survey_it_leaves_out(
    admin_client, client, survey, survey_index
):
    later = make_survey(
        survey_index,
        [{"key": "trust", "kind": QuestionKind.SCALE, "text": "How much trust?"}],
        results_public=True,
    )
    add_responses(later, 10, {"trust": 5})
    withdraw(admin_client, survey)

    page = text_of(client.get("/en/survey-trends/trust/"))

    assert "Left out because their results were withdrawn:" in page
    assert (
        f'<a href="{results_url(survey)}">{survey.title}</a>: withdrawn on {today()}'
    ) in page
    assert page.count('<th scope="row">') == 1
