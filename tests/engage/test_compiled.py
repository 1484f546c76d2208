"""A query compiled once (``engage.compiled``) runs with each key it is given,
as the queryset it was built from would, and refuses a query with no key."""

import pytest

from cms.models import StandardPage
from engage.compiled import KEY_PLACEHOLDER, CompiledQuery

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home):
    return [
        home.add_child(instance=StandardPage(title=title, slug=title.lower()))
        for title in ("About", "Team", "Press")
    ]


def test_each_key_reads_its_own_rows(pages, django_assert_num_queries):
    children = CompiledQuery(
        StandardPage.objects.filter(pk__gte=KEY_PLACEHOLDER).order_by("pk")
    )
    about, team, press = pages
    with django_assert_num_queries(1):
        assert [p.title for p in children.rows(team.pk)] == ["Team", "Press"]
    assert [p.title for p in children.rows(press.pk)] == ["Press"]
    assert [p.title for p in children.rows(about.pk)] == ["About", "Team", "Press"]
    assert children.rows(press.pk + 1000) == []


def test_rows_are_model_instances_with_their_translations(pages):
    about = pages[0]
    about.title_es = "Quiénes somos"
    about.save()
    (row,) = CompiledQuery(StandardPage.objects.filter(pk=KEY_PLACEHOLDER)).rows(
        about.pk
    )
    assert isinstance(row, StandardPage)
    assert (row.pk, row.title_en, row.title_es) == (about.pk, "About", "Quiénes somos")


def test_a_query_without_the_placeholder_is_refused():
    with pytest.raises(ValueError, match="KEY_PLACEHOLDER"):
        CompiledQuery(StandardPage.objects.filter(pk=1))
