"""Queries compiled once per process and run with each request's values.

Building and compiling a query cost Django more than SQLite took to run it: a
tenth of a plain page's time for the routed page's own row, a sixth of the
survey page's for its questions and choices, a third of the home page's for its
sections. A query whose varying parameters are a key (a page's, a survey's), a
list of keys of a given length, a range of tree paths or the time now is the
same SQL for every request: it is compiled once with placeholders for those
values (``KEY_PLACEHOLDER``, ``key_placeholders``, ``NOW_PLACEHOLDER`` or a
caller's own), and each request runs a copy of the compiler with its own values
and this thread's connection, through Django's own iteration of a queryset
(model instances, ``values()`` rows, ``select_related`` rows and
modeltranslation's fields as usual).

The columns' converters are found once per connection too: a page row of six
languages has some eighty columns, and finding their converters cost as much as
reading the row. A StreamField's own converter builds a new ``JSONField`` for
every value (fourteen per forum row), so its column is converted here through one
kept ``JSONField`` and the StreamField's ``to_python``, which is what
``StreamField.from_db_value`` does.

This leans on parts of Django that are stable but not public (a compiler's
``as_sql`` and its ``connection``, and a query's ``get_compiler``):
``tests/engage/test_compiled.py`` and the routing tests catch a change.
"""

import copy
import datetime
import functools
import weakref

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import JSONField
from wagtail.fields import StreamField

# Stands for the key while a query is compiled: no row has a negative key.
KEY_PLACEHOLDER = -2_147_483_641
# Lists of more keys than this are read by a query built for them: the listings
# that read rows by their keys page them well below it.
MOST_KEYS_COMPILED = 50


# Stands for the time now while a query is compiled.
NOW_PLACEHOLDER = datetime.datetime(1900, 1, 1, 0, 0, 1, tzinfo=datetime.UTC)


def _as_parameter(value, ops):
    """``value`` as the database takes it: an aware datetime as a
    ``DateTimeField``'s lookups give it (a string on SQLite)."""
    if isinstance(value, datetime.datetime):
        return ops.adapt_datetimefield_value(value)
    return value


def key_placeholders(count):
    """Stand for ``count`` keys (``key__in``) while a query is compiled, one
    compiled query per length of list."""
    return tuple(-1_000_000_000 - number for number in range(count))


def rows_for_keys(build, keys, *variant):
    """The rows of ``build(keys, *variant)``, a queryset that reads rows by a
    list of ``keys`` (``key__in``): compiled once per length of list and
    ``variant``, or built for a list longer than ``MOST_KEYS_COMPILED``."""
    if len(keys) > MOST_KEYS_COMPILED:
        return list(build(keys, *variant))
    return _compiled_for_keys(build, len(keys), variant).rows(*keys)


@functools.cache
def _compiled_for_keys(build, count, variant):
    placeholders = key_placeholders(count)
    return CompiledQuery(build(placeholders, *variant), placeholders=placeholders)


class CompiledQuery:
    """``queryset`` (built with ``KEY_PLACEHOLDER`` where the key goes),
    compiled once; ``rows(key)`` runs it for a key.

    A query that varies by more than a key names its own ``placeholders``, each
    a value no real parameter has, and ``rows`` takes a value for each in their
    order. The values go to the database as given, not through a field's
    conversion: numbers and strings as they are stored, and aware datetimes
    (``NOW_PLACEHOLDER``) as the database takes a ``DateTimeField``'s."""

    def __init__(self, queryset, placeholders=(KEY_PLACEHOLDER,)):
        self.queryset = queryset
        self.compiler = queryset.query.get_compiler(DEFAULT_DB_ALIAS)
        self.sql, params = self.compiler.as_sql()
        self.params = tuple(params)
        ops = connections[DEFAULT_DB_ALIAS].ops
        placeholders = tuple(_as_parameter(value, ops) for value in placeholders)
        for placeholder in placeholders:
            if placeholder not in self.params:
                raise ValueError(
                    f"The query must use each placeholder (KEY_PLACEHOLDER for a "
                    f"key); it does not use {placeholder!r}."
                )
        self.placeholders = len(placeholders)
        # Where each placeholder stands among the parameters.
        self.slots = [
            (position, placeholders.index(value))
            for position, value in enumerate(self.params)
            if any(type(value) is type(p) and value == p for p in placeholders)
        ]
        self.converters = weakref.WeakKeyDictionary()

    def converters_for(self, connection, compiler):
        """The converters of the query's columns on ``connection``, found once."""
        converters = self.converters.get(connection)
        if converters is None:
            columns = [column for column, *_ in compiler.select[: compiler.col_count]]
            converters = {
                position: ([_kept_json(convert) for convert in converts], column)
                for position, (converts, column) in compiler.get_converters(
                    columns
                ).items()
            }
            self.converters[connection] = converters
        return converters

    def rows(self, *values):
        """The query's results for ``values`` (the key), as a list: a queryset
        that shares this compiler must not be filtered further."""
        if len(values) != self.placeholders:
            raise TypeError(f"The query takes {self.placeholders} values.")
        compiler = copy.copy(self.compiler)
        compiler.connection = connection = connections[DEFAULT_DB_ALIAS]
        converters = self.converters_for(connection, compiler)
        compiler.get_converters = lambda columns: converters
        params = list(self.params)
        for position, slot in self.slots:
            params[position] = _as_parameter(values[slot], connection.ops)
        sql, params = self.sql, tuple(params)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        queryset = self.queryset._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)


_JSON = JSONField(encoder=DjangoJSONEncoder)


def _kept_json(convert):
    """``convert``, or for a StreamField's own converter the same conversion
    through one kept ``JSONField`` rather than a new one for every value."""
    field = getattr(convert, "__self__", None)
    if not isinstance(field, StreamField) or convert.__func__ is not (
        StreamField.from_db_value
    ):
        return convert

    def from_db_value(value, expression, connection):
        return field.to_python(_JSON.from_db_value(value, expression, connection))

    return from_db_value
