"""Publishing pages the way the admin does, for every app's factories."""

import itertools

_numbers = itertools.count(1)


def next_number():
    """A number no other page made in this process has used (for unique slugs)."""
    return next(_numbers)


def add_page(parent, page):
    """Add ``page`` under ``parent`` and publish it."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
