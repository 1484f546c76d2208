"""When a summary the department was sent has since been corrected.

A correction is a publication that changed what the public reads of the
summary or of one of its action items: a dated change on the summary page
(``summary_record``, ``item_record``). A first translation is not one, nor is
an item's status, which moves in its own history. Members sent the summary
before a correction read an earlier version: the distribute screen says so,
the email of a later distribution says the summary was corrected, and a
confirmation given before a correction is not carried into a new distribution.
"""

import itertools
from collections import defaultdict

from .models import PublishedItemTerms
from .models.item_record import changes_between
from .models.summary_record import summary_changes_between


def correction_times(summary):
    """When each correction of ``summary`` was published, oldest first."""
    times = [
        after.recorded_at
        for before, after in itertools.pairwise(summary.published_terms.all())
        if summary_changes_between([before, after])
    ]
    by_item = defaultdict(list)
    for copy in PublishedItemTerms.objects.filter(action_item__summary=summary):
        by_item[copy.action_item_id].append(copy)
    for copies in by_item.values():
        times += [
            after.recorded_at
            for before, after in itertools.pairwise(copies)
            if changes_between([before, after])
        ]
    return sorted(times)


def corrected_between(summary, start, end=None):
    """The latest correction of ``summary`` after ``start`` (and not after
    ``end``), or None."""
    return latest_between(correction_times(summary), start, end)


def latest_between(times, start, end=None):
    """The latest of ``times`` (oldest first) after ``start`` and not after
    ``end``, or None: for a caller asking more than once of the same times."""
    within = [t for t in times if t > start and (end is None or t <= end)]
    return within[-1] if within else None
