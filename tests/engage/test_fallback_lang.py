"""Content shown in English because it is not translated is marked as English.

Every public page type of the whole demo site is fetched in every language but
English. Each text node that is the English source of a translated field whose
translation is missing must sit inside an element whose nearest ``lang`` is "en"
and whose nearest ``dir`` is "ltr", so that screen readers switch voice and Arabic
pages do not reorder English words (WCAG 3.1.2).
"""

from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from engage.i18n import NON_DEFAULT_LANGUAGE_CODES
from outcomes.models import ForumSummaryPage
from pledges.models import ProgressUpdatePage
from surveys.models import Question, SurveyPage

pytestmark = pytest.mark.usefixtures("full_demo")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def text_segments(value):
    """The pieces of text a field shows: its lines, or its HTML's text nodes."""
    if hasattr(value, "raw_data"):
        value = str(value)
    parser = _Text()
    parser.feed(str(value))
    return {
        " ".join(line.split())
        for part in parser.parts
        for line in part.splitlines()
        if len(line.strip()) >= 4
    }


def fallback_sources(language):
    """English text of every translated field left untranslated in ``language``,
    less any text that also appears translated (a name written the same way)."""
    english, translated = set(), set()
    for model in translator.get_registered_models(abstract=False):
        fields = translator.get_options_for_model(model).fields
        for obj in model._default_manager.all():
            for name in fields:
                if name in {"slug", "url_path", "seo_title", "search_description"}:
                    continue
                source = getattr(obj, build_localized_fieldname(name, "en"), None)
                value = getattr(obj, build_localized_fieldname(name, language), None)
                if value not in (None, "", []) and str(value).strip():
                    translated |= text_segments(value)
                elif source not in (None, "") and str(source).strip():
                    english |= text_segments(source)
    return english - translated


def public_paths(language):
    """One path of every public page type and view, in ``language``."""
    paths = {}
    for page in Page.objects.live().public().specific().exclude(depth=1):
        if isinstance(page, ProgressUpdatePage):
            continue  # redirects to its commitment
        paths.setdefault(type(page).__name__, []).append(page.get_url())
    urls = [url for group in paths.values() for url in group]
    urls += [url + "print/" for url in paths["ForumSummaryPage"]]
    urls += [
        p.get_url() + "results/"
        for p in SurveyPage.objects.live().filter(results_public=True)
    ]
    question = Question.objects.filter(page__live=True).first()
    urls += [f"/en/survey-trends/{question.key}/", "/en/pledge-data/"]
    urls += ["/en/search/?q=forum"]
    return [f"/{language}/" + url.removeprefix("/en/") for url in urls]


def unmarked_fallbacks(html, sources):
    """Text nodes of ``sources`` whose nearest lang is not "en" or dir not "ltr"."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.body
    problems = []
    for node in body.find_all(string=True):
        text = " ".join(node.split())
        if text not in sources or node.parent.name in {"script", "style"}:
            continue
        lang_holder = node.find_parent(attrs={"lang": True})
        dir_holder = node.find_parent(attrs={"dir": True})
        lang = lang_holder["lang"] if lang_holder else None
        direction = dir_holder["dir"] if dir_holder else None
        if lang != settings.LANGUAGE_CODE or direction != "ltr":
            problems.append((text[:60], node.parent.name, lang, direction))
    return problems


def unmarked_pages(client, language):
    """{path: its unmarked fallbacks} of every public page in ``language``."""
    sources = fallback_sources(language)
    problems = {}
    for path in public_paths(language):
        response = client.get(path)
        assert response.status_code == 200, path
        found = unmarked_fallbacks(response.content.decode(), sources)
        if found:
            problems[path] = found
    return problems


@pytest.mark.parametrize("language", NON_DEFAULT_LANGUAGE_CODES)
def test_every_fallback_text_is_marked_english(client, language):
    assert unmarked_pages(client, language) == {}


def blank_translations(language):
    """Every translated column of ``language`` emptied, as by an office that
    never translated anything: every text the site shows then falls back."""
    suffix = language.replace("-", "_")
    for model in translator.get_registered_models(abstract=False):
        for name in translator.get_options_for_model(model).fields:
            field = model._meta.get_field(build_localized_fieldname(name, language))
            if field.model is not model:
                continue  # a parent's column, emptied through the parent
            empty = [] if hasattr(field, "stream_block") else None
            if empty is None and not field.null:
                empty = ""
            model._base_manager.update(**{f"{name}_{suffix}": empty})


def test_every_fallback_is_marked_when_nothing_is_translated(client):
    """The site's name, menu and footer, resources and pledges' offices too,
    which the demo translates into every language."""
    blank_translations("ar")
    assert unmarked_pages(client, "ar") == {}


@pytest.mark.parametrize("language", ["ar", "ko"])
def test_emails_mark_their_english_fallbacks(language):
    """The forum details in RSVP emails and the summary sent to the department."""
    summary = ForumSummaryPage.objects.live().first()
    forum = summary.get_parent().specific
    sources = fallback_sources(language)
    with translation.override(language):
        details = render_to_string(
            "forums/email/includes/details.html",
            {"forum": forum, "rsvp": {"status": "cancelled"}, "forum_url": "/"},
        )
        body = render_to_string(
            "outcomes/email/includes/summary_body.html",
            {
                "summary": summary,
                "forum": forum,
                "action_items": summary.action_items.all(),
            },
        )

    html = f"<html><body>{details}{body}</body></html>"
    checked = [
        node
        for node in BeautifulSoup(html, "html.parser").find_all(string=True)
        if " ".join(node.split()) in sources
    ]
    assert len(checked) >= 3
    assert unmarked_fallbacks(html, sources) == []
