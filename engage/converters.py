"""``<id:...>``: a database id in a URL, at most 18 digits.

Django's ``<int:...>`` matches any number of digits, and SQLite raises
OverflowError (a 500) on ids beyond 64 bits; this one answers 404 instead.
"""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
