"""Two-way links: a forum summary and a survey page list the published commitments
they feed, through a hook the lower apps call without importing pledges."""

import pytest
from bs4 import BeautifulSoup

from pledges.fed_commitments import fed_commitments
from pledges.models import CommitmentActionItem, CommitmentSurveyQuestion, Status
from tests.factories.forums import make_forum
from tests.factories.forums import make_index as make_forum_index
from tests.factories.outcomes import make_summary
from tests.factories.pledges import CommitmentPageFactory
from tests.factories.surveys import make_index as make_survey_index
from tests.factories.surveys import make_survey
from tests.helpers import count_queries, url_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(home):
    forum = make_forum(make_forum_index(home), title="Eastside forum")
    return make_summary(forum, items=[("Translate the complaint form", "done")])


@pytest.fixture
def survey(home):
    return make_survey(
        make_survey_index(home),
        title="Trust check-in",
        questions=[{"kind": "scale", "key": "trust", "text": "I trust the police."}],
    )


@pytest.fixture
def linked(pledge, other_pledge, summary, survey, update):
    """Three commitments fed by both pages: one published, one draft, one of an
    unpublished pledge."""
    item = summary.action_items.get()
    question = survey.questions.get()
    shown = CommitmentPageFactory(parent=pledge, title="Complaints in every language")
    draft = CommitmentPageFactory(parent=pledge, title="Draft commitment", live=False)
    hidden = CommitmentPageFactory(parent=other_pledge, title="Alder commitment")
    other_pledge.unpublish()
    for order, commitment in enumerate([shown, draft, hidden]):
        CommitmentActionItem.objects.create(
            page=commitment, action_item=item, sort_order=order
        )
        CommitmentSurveyQuestion.objects.create(
            page=commitment, question=question, sort_order=order
        )
    update(Status.IN_PROGRESS, 40, on=shown)
    return shown


def fed_titles(client, page):
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    section = html.select_one("section.pledge-fed")
    if section is None:
        return None
    return [
        item.get_text(" ", strip=True)
        for item in section.select(".pledge-related__item")
    ]


@pytest.mark.parametrize("which", ["summary", "survey"])
def test_page_lists_only_published_commitments_it_feeds(client, request, linked, which):
    page = request.getfixturevalue(which)
    assert fed_titles(client, page) == [
        "Complaints in every language · Riverton ◔ In progress 40%"
    ]


@pytest.mark.parametrize("which", ["summary", "survey"])
def test_the_page_costs_the_same_queries_however_many_it_feeds(
    client, request, linked, pledge, which
):
    page = request.getfixturevalue(which)
    one = count_queries(client, page.url)
    for number in range(5):
        commitment = CommitmentPageFactory(parent=pledge, title=f"More {number}")
        if which == "summary":
            CommitmentActionItem.objects.create(
                page=commitment, action_item=page.action_items.get()
            )
        else:
            CommitmentSurveyQuestion.objects.create(
                page=commitment, question=page.questions.get()
            )
    assert len(fed_titles(client, page)) == 6
    assert count_queries(client, page.url) == one


@pytest.mark.parametrize("which", ["summary", "survey"])
def test_one_query_when_nothing_is_fed(which, request, django_assert_num_queries):
    page = request.getfixturevalue(which)
    with django_assert_num_queries(1):
        assert fed_commitments(page) == []


def test_nothing_listed_when_nothing_is_fed(client, summary, survey):
    assert fed_titles(client, summary) is None
    assert fed_titles(client, survey) is None


def test_the_list_follows_the_readers_language_and_marks_english(
    client, linked, pledge, survey
):
    linked.title_es = "Quejas en todos los idiomas"
    linked.save()
    english = CommitmentPageFactory(parent=pledge, title="Cameras")
    CommitmentSurveyQuestion.objects.create(
        page=english, question=survey.questions.get()
    )
    html = BeautifulSoup(client.get(url_in(survey, "es")).content, "html.parser")
    translated, untranslated = html.select(".pledge-fed .pledge-related__item a")

    assert translated.get_text() == "Quejas en todos los idiomas"
    assert translated["href"] == url_in(linked, "es")
    assert "lang" not in translated.attrs
    assert untranslated.get_text() == "Cameras"
    assert untranslated["href"] == url_in(english, "es")
    assert (untranslated["lang"], untranslated["dir"]) == ("en", "ltr")
    # The city has no Spanish name either, and is marked as English too.
    city = translated.find_next_sibling("span")
    assert (city.get_text(), city["lang"]) == ("Riverton", "en")
    for link in (translated, untranslated):
        assert client.get(link["href"]).status_code == 200
