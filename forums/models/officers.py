import functools

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from engage.compiled import KEY_PLACEHOLDER, CompiledQuery


class ForumOfficer(Orderable):
    """A department member or unit expected at a forum.

    The roster issue links these to department members; until then the name,
    rank and unit are typed in.
    """

    forum = ParentalKey(
        "forums.ForumPage", on_delete=models.CASCADE, related_name="expected_officers"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    rank = models.CharField(_("rank or role"), max_length=120, blank=True)
    unit = models.CharField(_("unit"), max_length=200)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("rank")]),
        FieldPanel("unit"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("department member expected")

    def __str__(self):
        return ", ".join(part for part in (self.rank, self.name, self.unit) if part)


@functools.cache
def _officers_query():
    """A forum's expected officers in their order, compiled once with the
    forum's key (``engage.compiled``): a forum page shows them on every view."""
    return CompiledQuery(ForumOfficer.objects.filter(forum_id=KEY_PLACEHOLDER))


def officers_of(forum_key):
    """The department members expected at the saved forum ``forum_key``."""
    return _officers_query().rows(forum_key)
