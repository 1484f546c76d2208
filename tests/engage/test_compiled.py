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


def test_stream_fields_read_as_the_queryset_reads_them(pages):
    about = pages[0]
    about.body = [("paragraph", "<p>Open to everyone</p>")]
    about.body_es = [("paragraph", "<p>Abierto a todos</p>")]
    about.save()
    query = CompiledQuery(StandardPage.objects.filter(pk=KEY_PLACEHOLDER))
    for _ in range(2):  # the second run uses the converters found by the first
        (row,) = query.rows(about.pk)
        expected = StandardPage.objects.get(pk=about.pk)
        assert list(row.body_en.raw_data) == list(expected.body_en.raw_data)
        assert list(row.body_es.raw_data) == list(expected.body_es.raw_data)
        assert [block.value.source for block in row.body_es] == [
            "<p>Abierto a todos</p>"
        ]
        assert list(row.body_vi.raw_data) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_connection_runs_the_query_with_its_own_converters(home):
    """A thread has its own connection: the query, and the converters found on
    the first, serve it as well."""
    from threading import Thread

    from django.db import connection

    about = home.add_child(instance=StandardPage(title="About", slug="about"))
    query = CompiledQuery(StandardPage.objects.filter(pk=KEY_PLACEHOLDER))
    assert [p.title for p in query.rows(about.pk)] == ["About"]
    seen = []

    def read():
        try:
            seen.append([p.title for p in query.rows(about.pk)])
        finally:
            connection.close()

    thread = Thread(target=read)
    thread.start()
    thread.join()
    assert seen == [["About"]]


def test_a_query_of_several_placeholders_takes_a_value_for_each(pages):
    """Each placeholder stands wherever it is used, values go in their order,
    and a placeholder the query does not use, or a missing value, is refused."""
    low, high = "\x00low", "\x00high"
    between = CompiledQuery(
        StandardPage.objects.filter(title__gte=low, title__lte=high)
        .exclude(title=high)
        .order_by("title"),
        placeholders=(low, high),
    )
    assert [p.title for p in between.rows("B", "Team")] == ["Press"]
    assert [p.title for p in between.rows("A", "Z")] == ["About", "Press", "Team"]
    assert [p.title for p in between.rows("Press", "Press")] == []
    with pytest.raises(TypeError):
        between.rows("A")
    with pytest.raises(ValueError, match="'\\\\x00unused'"):
        CompiledQuery(
            StandardPage.objects.filter(title=low), placeholders=(low, "\x00unused")
        )
