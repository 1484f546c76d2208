"""Atom feed of the board: each recorded change of a public action item's status,
newest first, linking back to the item on the board."""

from django.contrib.syndication.views import Feed
from django.template.defaultfilters import linebreaksbr
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from engage.links import absolute_reverse

from .board import public_updates
from .board_data import item_url
from .feeds import _start_of

FEED_LENGTH = 50


class BoardUpdatesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("You said, we did: forum action item updates")

    def subtitle(self):
        return _("Each change of status of an action item agreed at a forum.")

    def link(self):
        return absolute_reverse("pledges:board")

    def feed_url(self):
        return absolute_reverse("pledges:board_feed")

    def items(self):
        return list(
            public_updates()
            .select_related(
                "action_item__summary__forum", "action_item__responsible_unit"
            )
            .order_by("-date", "-created_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, update):
        return _("%(item)s: %(status)s") % {
            "item": update.action_item.description[:120],
            "status": update.get_status_display(),
        }

    def item_description(self, update):
        """HTML, as Atom readers take it: the note's own text escaped."""
        if update.note:
            return linebreaksbr(update.note, autoescape=True)
        return escape(
            _("The status changed from %(old)s to %(new)s.")
            % {
                "old": update.get_previous_status_display(),
                "new": update.get_status_display(),
            }
        )

    def item_link(self, update):
        return item_url(update.action_item)

    def item_guid(self, update):
        return f"{absolute_reverse('pledges:board')}#update-{update.pk}"

    def item_guid_is_permalink(self, update):
        return False

    def item_pubdate(self, update):
        return _start_of(update.date)

    def item_updateddate(self, update):
        return update.created_at

    def item_categories(self, update):
        return [update.get_status_display()]
