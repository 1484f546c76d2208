"""Atom feed of the board: each recorded change of a public action item's status,
and each publication that changed its wording, due date or owner, newest first,
linking back to the item on the board."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.template.defaultfilters import linebreaksbr
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from engage.links import absolute_reverse
from engage.templatetags.engage_tags import format_date, language_name
from outcomes.models import PublishedItemTerms
from outcomes.models.item_record import DUE_DATE, RESPONSIBLE, changes_between

from .board import public_term_changes, public_updates
from .board_data import item_url
from .feeds import _start_of

FEED_LENGTH = 50


class BoardUpdatesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("You said, we did: forum action item updates")

    def subtitle(self):
        return _(
            "Each change of status, wording, due date or owner of an action item "
            "agreed at a forum."
        )

    def link(self):
        return absolute_reverse("pledges:board")

    def feed_url(self):
        return absolute_reverse("pledges:board_feed")

    def items(self):
        updates = list(
            public_updates()
            .select_related(
                "action_item__summary__forum", "action_item__responsible_unit"
            )
            .order_by("-date", "-created_at", "-pk")[:FEED_LENGTH]
        )
        entries = updates + term_changes(FEED_LENGTH)
        entries.sort(key=lambda e: (e.date, e.created_at, e.pk), reverse=True)
        return entries[:FEED_LENGTH]

    def item_title(self, entry):
        if isinstance(entry, TermsChanged):
            text = _("%(item)s: its terms changed")
            return text % {"item": entry.action_item.description[:120]}
        return _("%(item)s: %(status)s") % {
            "item": entry.action_item.description[:120],
            "status": entry.get_status_display(),
        }

    def item_description(self, entry):
        """HTML, as Atom readers take it: every recorded text escaped."""
        if isinstance(entry, TermsChanged):
            return "<br>".join(escape(line) for line in entry.lines())
        if entry.note:
            return linebreaksbr(entry.note, autoescape=True)
        return escape(
            _("The status changed from %(old)s to %(new)s.")
            % {
                "old": entry.get_previous_status_display(),
                "new": entry.get_status_display(),
            }
        )

    def item_link(self, entry):
        return item_url(entry.action_item)

    def item_guid(self, entry):
        if isinstance(entry, TermsChanged):
            anchor = f"terms-{entry.pk}"
        else:
            anchor = f"update-{entry.pk}"
        return f"{absolute_reverse('pledges:board')}#{anchor}"

    def item_guid_is_permalink(self, entry):
        return False

    def item_pubdate(self, entry):
        return _start_of(entry.date)

    def item_updateddate(self, entry):
        return entry.created_at

    def item_categories(self, entry):
        if isinstance(entry, TermsChanged):
            return []
        return [entry.get_status_display()]


@dataclass
class TermsChanged:
    """A publication that changed an item's terms, as a feed entry."""

    action_item: object
    changes: list
    date: object
    created_at: object
    pk: int

    def lines(self):
        """Each change in a sentence, as the board words it."""
        lines = []
        for change in self.changes:
            values = {"old": change.old, "new": change.new}
            if change.term == DUE_DATE:
                values = {
                    "old": format_date(change.old_date, "medium"),
                    "new": format_date(change.new_date, "medium"),
                }
                lines.append(_("due date moved from %(old)s to %(new)s.") % values)
            elif change.term == RESPONSIBLE:
                text = _("responsibility moved from %(old)s to %(new)s.")
                lines.append(text % values)
            else:
                text = _("wording in %(language)s changed.")
                lines.append(text % {"language": language_name(change.language)})
                lines.append(f"{_('Before:')} {change.old}")
                lines.append(f"{_('After:')} {change.new}")
        return lines


def term_changes(count):
    """The ``count`` latest publications that changed a public item's terms,
    each with its changes from the copy before it (two queries)."""
    copies = list(public_term_changes().order_by("-recorded_at", "-pk")[:count])
    if not copies:
        return []
    earlier = {}
    items = {copy.action_item_id for copy in copies}
    for copy in PublishedItemTerms.objects.filter(action_item__in=items):
        earlier.setdefault(copy.action_item_id, []).append(copy)
    entries = []
    for copy in copies:
        history = [c for c in earlier[copy.action_item_id] if c.pk <= copy.pk]
        changes = changes_between(history[-2:])
        if changes:
            entries.append(
                TermsChanged(
                    copy.action_item,
                    changes,
                    copy.published_on,
                    copy.recorded_at,
                    copy.pk,
                )
            )
    return entries
