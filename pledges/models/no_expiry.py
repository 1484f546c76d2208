"""Pledges, commitments and progress updates have no expiry date.

An expiry date would have ``publish_scheduled`` unpublish the page at that time
without asking anyone, where the admin lets only the people allowed to delete
it do so (``pledges.wagtail_hooks.guard_pledge_withdrawal``). The rule is the
page's own, so it holds for the edit form, a revert, a workflow approval and a
script alike; migration 0008 cleared the dates set before it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EXPIRY_REFUSED = _(
    "A pledge and its commitments stay public: they have no expiry date. Leave it "
    "empty."
)


class NoExpiry:
    """Mixed into a page model of the pledge record, before ``Page``."""

    def clean(self):
        super().clean()
        if self.expire_at:
            raise ValidationError({"expire_at": EXPIRY_REFUSED})
