"""``optimize_database`` gives the query planner statistics that match the
tables: on SQLite nothing else ever does, on PostgreSQL autovacuum does it too."""

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page

from cms.models import StandardPage

pytestmark = pytest.mark.django_db


def planner_rows(table):
    """The number of rows the planner believes ``table`` holds."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:  # never analyzed
                return None
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else None
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return int(cursor.fetchone()[0])


def test_the_planner_learns_how_many_pages_there_are(home, capsys):
    for n in range(7):
        home.add_child(instance=StandardPage(title=f"Page {n}", slug=f"page-{n}"))
    assert planner_rows("wagtailcore_page") != Page.objects.count()
    call_command("optimize_database")
    assert planner_rows("wagtailcore_page") == Page.objects.count()
    assert capsys.readouterr().out == f"Statistics refreshed ({connection.vendor}).\n"
