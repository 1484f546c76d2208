"""modeltranslation's queryset classes, made once per queryset class.

Every ``Model.objects`` call on a model with its own queryset class (every page
type, through Wagtail's ``PageQuerySet``) goes through modeltranslation's
``multilingual_queryset_factory``, which defines a new class mixing that queryset
class with ``MultilingualQuerySet`` each time: 13 µs a call, a dozen calls a
page, and a class left for the garbage collector each time. The class depends
only on the queryset class, so one is kept per queryset class.
"""

import functools

from modeltranslation import manager

_make_class = manager.multilingual_queryset_factory


@functools.cache
def _multilingual_class(queryset_class):
    return _make_class(queryset_class, instantiate=False)


def _multilingual_queryset_factory(old_cls, instantiate=True):
    """modeltranslation's factory, with the class kept per queryset class."""
    queryset_class = _multilingual_class(old_cls)
    return queryset_class() if instantiate else queryset_class


def keep_queryset_classes():
    """Install the kept classes: modeltranslation's managers look the factory up
    in their module on every call."""
    manager.multilingual_queryset_factory = _multilingual_queryset_factory
