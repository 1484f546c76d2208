"""The printable paper questionnaire: every field of the paper-entry form, with
its label and every option, in each language; open surveys print for anyone,
others only for their organizers; the code box when codes are used."""

import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape

from engage.models import Area
from surveys import services
from surveys.forms import PaperResponseForm
from surveys.models import Audience, InvitationCode, QuestionKind, Response
from tests.factories.engage import UserFactory
from tests.factories.forums import make_past_forum
from tests.factories.surveys import ALL_KINDS, add_responses, make_survey
from tests.helpers import count_queries, url_in

from .test_answering import q
from .test_survey_pages import NEW_KINDS

pytestmark = pytest.mark.django_db

CONDITIONAL = {
    "key": "why",
    "kind": QuestionKind.SHORT_TEXT,
    "condition_key": "pick",
    "condition_value": "disagree",
    "text": {"en": "Why not?", "es": "¿Por qué no?"},
    "starts_new_page": True,
}


@pytest.fixture
def areas(db):
    return [
        Area.objects.create(name="Eastside", slug="eastside"),
        Area.objects.create(name="Harbor & Mill", slug="harbor"),
    ]


@pytest.fixture
def survey(survey_index, home, areas):
    forum = make_past_forum(home, title="Northside forum")
    return make_survey(
        survey_index,
        [*ALL_KINDS, CONDITIONAL, *NEW_KINDS],
        title="Paper & web",
        ask_area=True,
        forum=forum,
    )


def paper_url(survey, language="en"):
    return url_in(survey, language) + "paper/"


def text(value):
    return str(conditional_escape(value))


def test_every_paper_entry_field_is_on_the_paper_in_every_language(survey, client):
    for language, _name in settings.LANGUAGES:
        response = client.get(paper_url(survey, language))
        assert response.status_code == 200, language
        page = response.content.decode()
        assert f'<html lang="{language}"' in page
        with translation.override(language):
            form = PaperResponseForm.for_survey(survey)
            for name, field in form.fields.items():
                assert text(field.label) in page, (language, name)
                if not name.endswith("_other"):
                    assert f'id="paper-{name}"' in page, name
                if name == "paper_forum":
                    assert "Northside forum" in page
                    assert text(field.empty_label) in page
                    continue
                for value, label in getattr(field, "choices", []):
                    if str(value) == "" and not hasattr(field, "queryset"):
                        continue  # a drop-down's "choose" prompt, not an answer
                    assert text(label) in page, (language, name, label)
                for _pk, label in getattr(field.widget, "rows", []):
                    assert text(label) in page, (language, name, label)


def test_the_spanish_paper_is_in_spanish(survey, client):
    page = client.get(paper_url(survey, "es")).content.decode()
    assert "Elija una" in page and "De acuerdo" in page and "¿Por qué no?" in page
    # The paper's own language is ticked; the others are boxes to tick.
    ticked = r"paper-box--ticked[^<]*✓</span> <span[^>]*>"
    assert re.search(ticked + "Español", page)
    assert not re.search(ticked + "English", page)


def test_one_block_per_field_with_boxes_and_lines(survey, client):
    page = client.get(paper_url(survey)).content.decode()
    form = PaperResponseForm.for_survey(survey)
    others = {"paper_language", "paper_date", "area", "paper_forum"}
    questions = [n for n in form.fields if n not in others and not n.endswith("_other")]
    assert page.count('<section class="paper-question"') == len(questions) + 4
    pick = re.search(
        rf'id="paper-q{q(survey, "pick").pk}".*?</section>', page, re.DOTALL
    ).group(0)
    assert pick.count('class="paper-box"') == 2 and "Tick one box." in pick
    many = re.search(
        rf'id="paper-q{q(survey, "many").pk}".*?</section>', page, re.DOTALL
    ).group(0)
    # A, B, C and "Other", then a line to say what it is.
    assert many.count('class="paper-box"') == 4 and "Tick all that apply." in many
    assert "</span> Other</li>" in many and "Other, please say:" in many
    long = re.search(
        rf'id="paper-q{q(survey, "long").pk}".*?</section>', page, re.DOTALL
    ).group(0)
    assert "paper-lines--5" in long
    why = re.search(
        rf'id="paper-q{q(survey, "why").pk}".*?</section>', page, re.DOTALL
    ).group(0)
    assert "Answer this only if you answered" in why
    grid = re.search(
        rf'id="paper-q{q(survey, "grid").pk}".*?</section>', page, re.DOTALL
    ).group(0)
    assert "Streets are lit" in grid and "Traffic is calm" in grid
    assert grid.count('class="paper-box"') == 2 * 5  # each statement, 5 points
    drop = re.search(
        rf'id="paper-q{q(survey, "drop").pk}".*?</section>', page, re.DOTALL
    ).group(0)
    assert drop.count('class="paper-box"') == 2 and "Choose an answer" not in drop
    assert "surveys/css/paper.css" in page
    assert "Your invitation code" not in page


def test_the_code_box_when_codes_are_used(survey_index, admin_client):
    invited = make_survey(
        survey_index,
        [{"key": "x", "kind": QuestionKind.YES_NO, "text": "Safe?"}],
        audience=Audience.INVITED,
    )
    page = admin_client.get(paper_url(invited)).content.decode()
    assert "Your invitation code" in page
    assert page.count("paper-box--letter") == 8


@pytest.mark.parametrize("audience", [Audience.INVITED, Audience.RESIDENTS])
def test_a_survey_not_open_to_all_prints_for_its_organizers_only(
    survey_index, client, admin_client, audience
):
    closed = make_survey(
        survey_index,
        [{"key": "x", "kind": QuestionKind.YES_NO}],
        audience=audience,
    )
    assert client.get(paper_url(closed)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(paper_url(closed)).status_code == 404
    assert admin_client.get(paper_url(closed)).status_code == 200
    assert "paper/" not in client.get(closed.url).content.decode()


def test_an_open_survey_links_its_paper_copy(survey, client):
    page = client.get(survey.url).content.decode()
    assert f'href="{survey.url}paper/"' in page


def test_paper_entry_links_the_paper_and_takes_the_code(survey_index, admin_client):
    invited = make_survey(
        survey_index,
        [{"key": "x", "kind": QuestionKind.YES_NO, "required": True}],
        audience=Audience.INVITED,
    )
    url = f"/admin/surveys/{invited.pk}/paper/"
    assert f'href="{invited.url}paper/"' in admin_client.get(url).content.decode()
    code = services.issue_printed_codes(invited, 1)[0]
    data = {
        "paper_language": "es",
        "paper_date": "2026-05-12",
        f"q{q(invited, 'x').pk}": "1",
        "code": code.display_code,
    }
    assert admin_client.post(url, data).status_code == 302
    assert InvitationCode.objects.get().used and Response.objects.count() == 1
    again = admin_client.post(url, data)
    assert again.status_code == 200 and Response.objects.count() == 1
    assert "already been used" in again.content.decode()


def test_paper_queries_do_not_grow(survey, client, home, settings):
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0  # count the page's work, not a cache hit
    small = count_queries(client, paper_url(survey))
    add_responses(survey, 200, {"pick": "agree", "long": "x"})
    for number in range(20):
        make_past_forum(home, title=f"Forum {number}", days_ago=number + 2)
    assert count_queries(client, paper_url(survey)) == small <= 10
