"""``{% pagination %}`` writes in Python what ``includes/pagination.html`` wrote
with a template: the same links and names on the first, a middle and the last
page, in every language, with typed query strings and labels kept as text."""

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from engage.templatetags.pagination import pagination

# The template this tag replaced, as it was, to hold the tag to its markup.
TEMPLATE = """{% load i18n %}{# items: a Page; extra: the query string to keep; param: the page parameter (default "page"); label: the nav's name #}
{% if items.has_other_pages %}{% with param=param|default:"page" %}
  <nav class="pagination" aria-label="{% if label %}{{ label }}{% else %}{% translate 'Pages' %}{% endif %}">
    <ul>
      {% if items.has_previous %}<li><a href="?{% if extra %}{{ extra }}&amp;{% endif %}{{ param }}={{ items.previous_page_number }}" rel="prev">{% translate "Previous" %}</a></li>{% endif %}
      <li>{% blocktranslate with number=items.number total=items.paginator.num_pages %}Page {{ number }} of {{ total }}{% endblocktranslate %}</li>
      {% if items.has_next %}<li><a href="?{% if extra %}{{ extra }}&amp;{% endif %}{{ param }}={{ items.next_page_number }}" rel="next">{% translate "Next" %}</a></li>{% endif %}
    </ul>
  </nav>
{% endwith %}{% endif %}
"""  # noqa: E501


def _page(number, count=25, per_page=10):
    return Paginator(list(range(count)), per_page).get_page(number)


def _oracle(items, **options):
    context = Context({"items": items, **options})
    return Template(TEMPLATE).render(context).strip()


CASES = [
    {},
    {"label": "Pages of cities"},
    {"label": gettext_lazy("Pages of past forums")},
    {"label": 'Say "hi" & <b>bye</b>'},
    {"extra": 'q=a&b<c>"d"'},
    {"extra": mark_safe("area=north&amp;language=es")},  # noqa: S308
    {"extra": "area=north", "param": "upcoming", "label": "Upcoming"},
    {"param": ""},
]


@pytest.mark.parametrize("language", ["en", "es", "ar", "zh-hans", "vi", "ko"])
@pytest.mark.parametrize("number", [1, 2, 3])
@pytest.mark.parametrize("options", CASES)
def test_the_tag_writes_what_the_template_wrote(language, number, options):
    items = _page(number)
    with translation.override(language):
        assert str(pagination(items, **options)) == _oracle(items, **options)


def test_one_page_writes_nothing():
    items = _page(1, count=5)
    assert pagination(items, label="Pages") == ""
    assert _oracle(items, label="Pages") == ""


def test_many_pages_are_numbered_without_grouping_in_their_links():
    items = _page(1234, count=12345, per_page=10)
    with translation.override("es"):
        written, oracle = str(pagination(items)), _oracle(items)
    assert written == oracle
    assert '<a href="?page=1233" rel="prev">' in written
    assert '<a href="?page=1235" rel="next">' in written


def test_the_tag_is_loaded_by_name_in_a_template():
    written = Template(
        "{% load pagination %}{% pagination items label=_('Pages of cities') %}"
    ).render(Context({"items": _page(2)}))
    assert 'aria-label="Pages of cities"' in written
    assert '<a href="?page=1" rel="prev">' in written
    assert '<a href="?page=3" rel="next">' in written
    assert "<li>Page 2 of 3</li>" in written
