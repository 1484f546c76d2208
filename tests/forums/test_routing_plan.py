"""Routing reads the pages on a path through an index, so its cost does not grow
with the number of pages on the site: ``url_path`` has none, ``slug`` has one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="reads SQLite's query plan"
)


def test_the_pages_on_a_path_are_found_through_an_index(client, forum, settings):
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as captured:
        assert client.get(forum.url).status_code == 200
    (routing,) = [q["sql"] for q in captured if '"url_path" IN' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {routing}")
        plan = [row[3] for row in cursor.fetchall()]
    assert any(
        step.startswith("SEARCH wagtailcore_page USING INDEX") for step in plan
    ), plan
    assert not any(step.startswith("SCAN wagtailcore_page") for step in plan), plan
