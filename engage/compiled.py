"""Queries compiled once per process and run with each request's key.

Building and compiling a query cost Django more than SQLite took to run it: a
tenth of a plain page's time for the routed page's own row, a sixth of the
survey page's for its questions and choices. A query whose only varying
parameter is one integer key (a page's, a survey's) is the same SQL for every
request: it is compiled once with ``KEY_PLACEHOLDER`` for the key, and each
request runs a copy of the compiler with its own key and this thread's
connection, through Django's own iteration of a queryset (model instances,
``select_related`` rows and modeltranslation's fields as usual).

This leans on parts of Django that are stable but not public (a compiler's
``as_sql`` and its ``connection``, and a query's ``get_compiler``):
``tests/engage/test_compiled.py`` and the routing tests catch a change.
"""

import copy

from django.db import DEFAULT_DB_ALIAS, connections

# Stands for the key while a query is compiled: no row has a negative key.
KEY_PLACEHOLDER = -2_147_483_641


class CompiledQuery:
    """``queryset`` (built with ``KEY_PLACEHOLDER`` where the key goes),
    compiled once; ``rows(key)`` runs it for a key."""

    def __init__(self, queryset):
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(DEFAULT_DB_ALIAS)
        self.sql, params = self.compiler.as_sql()
        self.params = tuple(params)
        if KEY_PLACEHOLDER not in self.params:
            raise ValueError("The query must use KEY_PLACEHOLDER for its key.")

    def rows(self, key):
        """The query's results for ``key``, as a list: a queryset that shares
        this compiler must not be filtered further."""
        compiler = copy.copy(self.compiler)
        compiler.connection = connections[DEFAULT_DB_ALIAS]
        with_key = tuple(
            key if value == KEY_PLACEHOLDER else value for value in self.params
        )
        sql = self.sql
        compiler.as_sql = lambda *args, **kwargs: (sql, with_key)
        queryset = self.queryset._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)
