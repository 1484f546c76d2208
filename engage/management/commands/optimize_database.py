"""Refresh the database's statistics, so that its query planner keeps choosing
the indexes pages rely on as tables grow.

PostgreSQL's autovacuum does this by itself; SQLite never does. Without them,
SQLite reads a listing of 20 pledges by scanning every page of the site, and a
pledge's commitments by walking the whole page tree: a page's cost then grows
with everything else the site holds.
"""

from django.core.management.base import BaseCommand
from django.db import connection

# Rows SQLite samples per index: approximate figures are all the planner needs,
# and ANALYZE stays quick however large the tables grow.
SQLITE_ANALYSIS_LIMIT = 1000


class Command(BaseCommand):
    help = "Refresh the query planner's statistics (daily; takes seconds)."

    def handle(self, *args, **options):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
        self.stdout.write(f"Statistics refreshed ({connection.vendor}).")
